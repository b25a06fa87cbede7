import { tensorsMade, type Tensor } from '../tensor.js';
import { fail, fmtShape } from '../errors.js';
import { sameShape } from '../shape.js';
import type { Node, Cotangent } from './node.js';
import { hooksAt, release, route, ruleNeeds, tensorOf, type Pass } from './pass.js';
import { scalarStep } from './lane.js';
import { checkNan, checksAnomalies } from './anomaly.js';
import { freedError } from './saved.js';
import { hooksAndSink, runHooks } from './sinks.js';
import { retainsAt } from '../ops/hooks.js';
import { sumTo } from '../ops/broadcast.js';
import { cast } from '../ops/shape.js';
import type { BackwardOptions } from './engine.js';

/**
 * Runs node `n` on its cotangent `g`: its output's hooks and sinks, then its rule, in the scalar lane if it can
 * (autograd/lane.ts), each result routed along its edge.
 */
export function runNode(p: Pass, n: Node, g: Cotangent, o: BackwardOptions): void {
  const out = n.out;
  // freed (by an earlier pass, or after this one began, by a hook's own backward): PyTorch's error, after the
  // tensor's hooks have seen the cotangent (PyTorch runs a node's pre-hooks before it unpacks its saved tensors)
  if (out === null) {
    if (n.hooks !== null) runHooks(n.hooks, tensorOf(g, n));
    freedError();
  }
  // retain_grad sinks where the tensor's retains_grad hook is (its current producer, but for a write through a view:
  // ops/hooks.ts `retainsAt`), in autograd.grad and backward(inputs) too, as PyTorch 1.13's; backward's inputs= sink
  // at the current producer
  const sinks = (out.retainsGrad && retainsAt(out) === n) || (out.node === n && p.targets !== null && p.targets.has(out));
  const hooks = hooksAt(n, out);
  // NOTE: anomaly mode checks tensors: the scalar lane is only a faster way to the same values
  if (!sinks && hooks === null && !checksAnomalies(p) && scalarStep(p, n, g)) return;
  const t = n.grad = hooksAndSink(out, hooks, tensorOf(g, out), sinks, o.createGraph);
  // the cotangent is dead once its node has run, unless it moved on, or a hook, a sink or the caller sees it
  // (a source's gradient is returned: its rule must not pass it on as owned either)
  const owned = p.quiet && n.owned && hooks === null && !sinks && (o.sources === null || !o.sources.includes(out));
  if (!step(p, n, t, owned) && owned) release(t);
}

/**
 * Runs one node's rule and routes each cotangent along its edge: to the producer node, or to a tracked leaf. In a
 * quiet pass, a cotangent the rule made and gives to one input alone is owned there, and so is `g` itself passed on
 * to one input if the node owned it (`owned`); returns whether `g` itself went on to an input (or, for a rule that
 * runs user code, may still be held).
 */
function step(p: Pass, n: Node, g: Tensor, owned: boolean): boolean {
  const inputs = n.inputs;
  if (inputs === null) freedError();
  const needs = ruleNeeds(p, n, inputs);
  if (needs === null) return false;
  const before = tensorsMade();
  const gs = n.spec.vjp({ g, x: inputs[0]!, y: inputs[1]!, inputs, out: n.out!, attrs: n.attrs, needs });
  const opaque = n.spec.opaque === true;
  let moved = opaque;
  for (let i = 0; i < inputs.length; i++) {
    const gi = gs[i];
    if (!needs[i] || gi === null || gi === undefined) continue;
    const input = inputs[i]!;
    const r = shaped(p, n, i, gi, input);
    const own = p.quiet && !opaque && alone(gs, needs, i) && (r === g ? owned : r.serial > before && r.node === null);
    if (r === g) moved = true;
    route(p, n.edges[i]!, input, r, own);
  }
  return moved;
}

/** Rule result `gi` for input `i` of `n`, summed to the input's shape and cast to its dtype; refused if its shape is wrong. */
function shaped(p: Pass, n: Node, i: number, gi: Tensor, input: Tensor): Tensor {
  // NOTE: scalar code's shapes are mostly one shared array: the identity check skips the comparisons.
  if (n.spec.unbroadcast && gi.shape !== input.shape) gi = sumTo(gi, input.shape);
  if (gi.shape !== input.shape && !sameShape(gi.shape, input.shape)) {
    fail('runtime', `${n.name}: the gradient rule returned ${gi.dtype}${fmtShape(gi.shape)} for input ${i}, which is ${input.dtype}${fmtShape(input.shape)}`);
  }
  // A float32 input of a float64 result (or the reverse) gets its gradient in its own dtype, as PyTorch's engine
  // casts in validate_outputs; recorded like any op under create_graph.
  if (gi.dtype !== input.dtype) gi = cast(gi, input.dtype);
  // PyTorch numbers a function's outputs by its edges (where's condition and pow(number, x)'s base are none)
  if (checksAnomalies(p)) checkNan(n.name, i - (n.spec.firstEdge ?? 0), gi);
  return gi;
}

/** Whether the rule gave `gs[i]` to input `i` alone (add's rule gives `g` to both inputs when both need it). */
function alone(gs: ReadonlyArray<Tensor | null>, needs: readonly boolean[], i: number): boolean {
  for (let j = 0; j < gs.length; j++) if (j !== i && needs[j] && gs[j] === gs[i]) return false;
  return true;
}
