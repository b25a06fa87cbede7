import { checkViewRebase, type Tensor } from '../tensor.js';
import { isFloat } from '../dtype.js';
import { mode, type Tape } from './mode.js';
import { Node, type GradSpec } from './node.js';

/**
 * Attaches a Node to `out` if anyone is recording: PyTorch's grad mode with an input that requires
 * grad, and/or any recording tape that tracks an input. Non-float results are never recorded.
 * This is the only place the forward pass touches the graph. `lane`: the caller knows every input is one element of
 * `out`'s dtype and rank (`Node.lane`).
 */
export function record<A>(spec: GradSpec<A>, inputs: readonly Tensor[], out: Tensor, attrs: A, lane = false): Tensor {
  if (!isFloat(out.dtype)) return out;
  // `untracked`: the inputs (up to 31) with no edge in the requires_grad graph (Node.untracked)
  let torch = false;
  let untracked = 0;
  if (mode.grad) {
    const m = inputs.length < 31 ? inputs.length : 31;
    for (let i = 0; i < m; i++) {
      const t = inputs[i]!;
      if (!t.requiresGrad) untracked |= 1 << i;
      else {
        torch = true;
        if (t.gradViaBase) {
          untracked |= 1 << i;
          checkViewRebase(t);
        } else if (t.checksRebase) checkViewRebase(t);
      }
    }
    if (!torch) for (let i = m; i < inputs.length; i++) if (inputs[i]!.requiresGrad) { torch = true; break; }
  }
  let first: Tape | null = null;
  let tapes: Tape[] | null = null;
  const active = mode.tapes;
  for (let k = 0; k < active.length; k++) {
    const tape = active[k]!;
    for (let i = 0; i < inputs.length; i++) {
      if (!tape.tracks(inputs[i]!)) continue;
      if (first === null) first = tape;
      else (tapes ??= [first]).push(tape);
      break;
    }
  }
  if (!torch && first === null) return out;
  // NOTE: a node that one tape alone records (the usual case) shares that tape's `[tape]` array, which nothing writes.
  out.node = new Node(spec, inputs, out, attrs, torch, tapes ?? (first === null ? null : first.alone), inputs.length <= 31 ? untracked : undefined, lane);
  if (torch) out.requiresGrad = true;
  return out;
}

/**
 * False when no recording can happen for an op on `x` (and `y`): grad mode finds no input requiring grad and no
 * tape is recording. A cheap pre-check that lets the elementwise ops skip building `record`'s inputs array.
 */
export function mayRecord(x: Tensor, y: Tensor | null): boolean {
  return mode.tapes.length > 0 || (mode.grad && (x.requiresGrad || (y !== null && y.requiresGrad)));
}

/** Whether any recording would happen for these inputs (lets in-place ops pick their path). */
export function wouldRecord(inputs: readonly Tensor[]): boolean {
  if (mode.grad) for (const t of inputs) if (t.requiresGrad) return true;
  for (const tape of mode.tapes) for (const t of inputs) if (tape.tracks(t)) return true;
  return false;
}
