import { Tensor } from '../tensor.js';
import { recordedBy, type Tape } from './mode.js';
import { Node, untrackedAt, type Cotangent } from './node.js';
import { mayRecord } from './record.js';
import { add } from '../ops/arith.js';
import { addInto } from '../ops/copy.js';
import { recycle } from '../pool.js';
import { stored, type DType } from '../dtype.js';
import type { Shape } from '../shape.js';
import { checkVersions } from './saved.js';

/**
 * Per-pass bookkeeping: a node's state lives on the node (`pass`, `deps`, `grad`, `owned`), a leaf's in arrays
 * indexed by the slot stamped on it (`pass`, `slot`); both are much cheaper than hash maps for the small graphs
 * the notebook builds. A pass started while another runs (from a hook) saves the state it overwrites and puts it
 * back when it ends.
 *
 * A cotangent is `owned` when only this pass holds it: a sum the pass made, or a tensor a rule made and returned
 * for one input alone, in a pass that records nothing (`quiet`). An owned cotangent whose storage no view shares
 * (`sole`) may be added into in place, may become a leaf's `.grad` without a copy, and once its node has run, its
 * storage is recycled (pool.ts).
 */
export interface Pass {
  id: number;
  tape: Tape | null;
  /** Every node this pass follows, roots first. */
  nodes: Node[];
  leaves: Tensor[];
  leafGrads: Array<Cotangent | null>;
  /** Whether a leaf's gradient is owned by this pass. */
  leafOwned: boolean[];
  /**
   * In a pass that accumulates into `.grad`: how many edges into each leaf are still to run (PyTorch's dependencies of
   * its AccumulateGrad node), then -1 once its gradient has gone into `.grad` (sinks.ts). Unused in a pass that returns gradients.
   */
  leafDeps: number[];
  /** The pass accumulates into `.grad` (PyTorch's graph), rather than return gradients. */
  accumulates: boolean;
  /** Nothing records during this pass (no create_graph): the only kind of pass that gives rule results ownership. */
  quiet: boolean;
  /** What a nested pass overwrote, or null for an outermost pass. */
  restore: Saved | null;
  /** The tape's watched set if it holds a tensor that an op produced (see `watchedNonLeaf`); null, as usual, if not. */
  nonLeaves: ReadonlySet<Tensor> | null;
  /** The tensors whose gradients the pass returns or accumulates, or null: every leaf it tracks (`backward()`). */
  wanted: readonly Tensor[] | null;
  /** In a pass that accumulates into `.grad` of some tensors only (backward's `inputs=`): those, else null. */
  targets: ReadonlySet<Tensor> | null;
  /** For anomaly mode's warnings: where an error comes from (a node, or one of PyTorch's engine functions), or null. */
  at: Node | string | null;
}

export interface Saved {
  nodes: Array<[Node, number, number, Cotangent | null, boolean, number]>;
  leaves: Array<[Tensor, number, number]>;
}

/**
 * The hooks that run on node `n`'s cotangent: its output's own while `n` is that tensor's producer, else (an in-place
 * op has since given the tensor a newer producer) those registered before that op, kept on `n`.
 */
export function hooksAt(n: Node, out: Tensor): Array<(g: Tensor) => Tensor | void> | null {
  return out.node === n ? out.hooks : n.hooks;
}

export function follows(p: Pass, n: Node): boolean {
  return p.tape === null ? n.torch : n.tapes !== null && recordedBy(n.tapes, p.tape);
}

/** A leaf whose gradient this pass wants: one with a grad accumulator (PyTorch's), or one the tape watches. */
export function tracksLeaf(p: Pass, t: Tensor): boolean {
  return p.tape === null ? t.requiresGrad && t.node === null && !t.gradViaBase : p.tape.watched.has(t);
}

export function addNode(p: Pass, n: Node): void {
  if (n.pass === p.id) return;
  if (p.restore !== null && n.pass !== 0) p.restore.nodes.push([n, n.pass, n.deps, n.grad, n.owned, n.keep]);
  n.pass = p.id;
  n.deps = 0;
  n.grad = null;
  n.owned = false;
  n.keep = 0;
  p.nodes.push(n);
}

/** Adds `g` (`owned` by the pass or not) to the cotangent of node `n` (already in the pass). */
export function addToNode(p: Pass, n: Node, g: Cotangent, owned: boolean): void {
  if (n.grad === null) {
    n.grad = g;
    n.owned = owned;
    return;
  }
  // NOTE: shaped by the node, not its output: a freed node (by an earlier pass, or by a hook's own backward after this
  // one began) has none, and its hooks see the sum before it reports the freed graph
  const sum = accumulate(n.grad, n.owned, g, owned, n, p.quiet);
  n.grad = sum;
  n.owned = madeHere(sum);
}

/** Gives leaf `t` a slot in the pass (no gradient yet) if it has none; returns the slot. */
export function enterLeaf(p: Pass, t: Tensor): number {
  if (t.pass !== p.id) {
    if (p.restore !== null && t.pass !== 0) p.restore.leaves.push([t, t.pass, t.slot]);
    t.pass = p.id;
    t.slot = p.leaves.length;
    p.leaves.push(t);
    p.leafGrads.push(null);
    p.leafOwned.push(false);
    p.leafDeps.push(0);
  }
  return t.slot;
}

export function addLeaf(p: Pass, t: Tensor, g: Cotangent, owned: boolean): void {
  const i = enterLeaf(p, t);
  const prev = p.leafGrads[i] ?? null;
  if (prev === null) {
    p.leafGrads[i] = g;
    p.leafOwned[i] = owned;
    return;
  }
  const sum = accumulate(prev, p.leafOwned[i]!, g, owned, t, p.quiet);
  p.leafGrads[i] = sum;
  p.leafOwned[i] = madeHere(sum);
}

/** Routes cotangent `g` of input `input` along edge `e`: to its producer node if this pass follows it, else to the leaf slot. */
export function route(p: Pass, e: Node | Tensor, input: Tensor, g: Cotangent, owned: boolean): void {
  if (e instanceof Node && e.pass === p.id) addToNode(p, e, g, owned);
  else addLeaf(p, input, g, owned);
}

/** Whether `sum`, what `accumulate` gave, is a tensor only this pass holds (an unrecorded sum it made or added into). */
export function madeHere(sum: Cotangent): boolean {
  return typeof sum !== 'number' && sum.node === null;
}

/**
 * Whether owned cotangent `t` holds its storage alone: a view shares storage (and a version counter, made for both by
 * `view`), so a rule's reshape of a seed, or a view taken by the rule that read `t`, keeps `t` from being written.
 */
export function sole(t: Tensor, owned: boolean): boolean {
  return owned && t._counter === null;
}

/** Gives the storage of an owned cotangent that has been used to the pool; the tensor must not be read again. */
export function release(t: Tensor): void {
  const d = t._data;
  if (d === null || !sole(t, true)) return;
  t._data = null;
  t._value = NaN; // a read after release, a bug, shows as NaN rather than as another tensor's values
  recycle(d);
}

/** What a cotangent is shaped and typed by: the tensor it is the cotangent of, or that tensor's node. */
export interface Like { readonly shape: Shape; readonly dtype: DType }

/** `c` as a tensor: a number (the scalar lane's) becomes a one-element tensor shaped and typed like `like`. */
export function tensorOf(c: Cotangent, like: Like): Tensor {
  return typeof c === 'number' ? Tensor.filled(like.shape, like.dtype, c) : c;
}

// NOTE: the `needs` of one- and two-input nodes (nearly all) are shared constants, as rules only read them.
const NEEDS: ReadonlyArray<readonly boolean[]> = [[true], [false, true], [true, false], [true, true]];

/**
 * Which inputs of node `n` need a gradient in this pass; null if none does. In the requires_grad graph, a leaf input
 * that had no edge when `n` was recorded (`Node.untracked`) needs none, whatever its flag is now.
 */
export function needsOf(p: Pass, n: Node, inputs: readonly Tensor[]): readonly boolean[] | null {
  const edges = n.edges;
  const m = inputs.length;
  const u = p.tape === null ? n.untracked : 0;
  if (typeof u === 'number') {
    if (m === 1) return (u & 1) === 0 && needed(p, edges[0]!, inputs[0]!) ? NEEDS[0]! : null;
    if (m === 2) {
      const k = ((u & 1) === 0 && needed(p, edges[0]!, inputs[0]!) ? 2 : 0) + ((u & 2) === 0 && needed(p, edges[1]!, inputs[1]!) ? 1 : 0);
      return k === 0 ? null : NEEDS[k]!;
    }
  }
  const needs = new Array<boolean>(m);
  let any = false;
  for (let i = 0; i < m; i++) any = (needs[i] = !(p.tape === null && untrackedAt(n, i)) && needed(p, edges[i]!, inputs[i]!)) || any;
  return any ? needs : null;
}

/**
 * The inputs whose gradients node `n`'s rule computes in this pass (null: none), after the check of its saved
 * tensors. Those of every input that needs a gradient in the graph are version-checked, as PyTorch unpacks every
 * saved tensor of a node it runs; then an input that is a leaf (or a tape's watched non-leaf) the pass does not want
 * gets none, as PyTorch computes only the outputs that lead to a wanted tensor (`should_compute_output`, from
 * exec_info).
 */
export function ruleNeeds(p: Pass, n: Node, inputs: readonly Tensor[]): readonly boolean[] | null {
  const needs = needsOf(p, n, inputs);
  if (needs === null) {
    // PyTorch's backward() runs every node it reaches, and a node unpacks what it saved (for the inputs that had an
    // edge when it was recorded) before it asks which of its outputs are needed
    if (p.tape === null && p.wanted === null) checkVersions(n, inputs, inputs.map((_, i) => !untrackedAt(n, i)));
    return null;
  }
  checkVersions(n, inputs, needs);
  const wanted = p.wanted;
  if (wanted === null) return needs;
  const edges = n.edges;
  let out: boolean[] | null = null;
  for (let i = 0; i < needs.length; i++) {
    if (!needs[i]) continue;
    const e = edges[i]!;
    // a followed producer is in the pass only if it leads to a wanted tensor (engine.ts prune)
    if ((e instanceof Node && e.pass === p.id) || wanted.includes(inputs[i]!)) continue;
    (out ??= [...needs])[i] = false;
  }
  if (out === null) return needs;
  return out.includes(true) ? out : null;
}

function needed(p: Pass, e: Node | Tensor, input: Tensor): boolean {
  return (e instanceof Node ? e.pass === p.id : tracksLeaf(p, e)) || watchedNonLeaf(p, input);
}

/** A tape may watch a tensor whose producer it did not record (e.g. one an outer tape recorded): treat it as a leaf. */
function watchedNonLeaf(p: Pass, t: Tensor): boolean {
  return p.nonLeaves !== null && t.node !== null && p.nonLeaves.has(t);
}

/** Ends a pass: drops the cotangents its nodes hold, and gives a nested pass's nodes and leaves back to the outer one. */
export function endPass(p: Pass): void {
  for (let i = 0; i < p.nodes.length; i++) p.nodes[i]!.grad = null;
  if (p.restore === null) return;
  for (const [n, pass, deps, grad, owned, keep] of p.restore.nodes) { n.pass = pass; n.deps = deps; n.grad = grad; n.owned = owned; n.keep = keep; }
  for (const [t, pass, slot] of p.restore.leaves) { t.pass = pass; t.slot = slot; }
}

/**
 * prev + g for the cotangent slot of `like`. An owned `prev` is added into in place while nothing could record the
 * sum: the same values, without a new tensor per edge; in a `quiet` pass, an owned operand the sum leaves unused is
 * recycled. Two numbers (the scalar lane's) add as `add` does on one element: rounded once to the dtype.
 */
export function accumulate(prev: Cotangent, prevOwned: boolean, g: Cotangent, gOwned: boolean, like: Like, quiet: boolean): Cotangent {
  if (typeof prev === 'number' && typeof g === 'number') return stored(like.dtype, prev + g);
  const a = tensorOf(prev, like), b = tensorOf(g, like);
  if ((sole(a, prevOwned) || a !== prev) && !mayRecord(b, null)) {
    addInto(a, b, false);
    if (quiet && gOwned && b !== a) release(b);
    return a;
  }
  const sum = add(a, b);
  if (quiet && sum.node === null) {
    if (prevOwned) release(a);
    if (gOwned && b !== a) release(b);
  }
  return sum;
}

/** Checked once per pass: most tapes watch only leaves, and then no input of any node needs a lookup in the set. */
export function watchedNonLeaves(tape: Tape): ReadonlySet<Tensor> | null {
  const list = tape.watchList;
  for (let i = 0; i < list.length; i++) if (list[i]!.node !== null) return tape.watched;
  return null;
}
