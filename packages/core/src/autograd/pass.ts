import { Tensor } from '../tensor.js';
import { recordedBy, type Tape } from './mode.js';
import { Node, type Cotangent } from './node.js';
import { mayRecord } from './record.js';
import { add } from '../ops/arith.js';
import { addInto } from '../ops/copy.js';

/**
 * Per-pass bookkeeping: a node's state lives on the node (`pass`, `deps`, `grad`, `fresh`), a leaf's in arrays
 * indexed by the slot stamped on it (`pass`, `slot`); both are much cheaper than hash maps for the small graphs
 * the notebook builds. A pass started while another runs (from a hook) saves the state it overwrites and puts it
 * back when it ends.
 */
export interface Pass {
  id: number;
  tape: Tape | null;
  /** Every node this pass follows, roots first. */
  nodes: Node[];
  leaves: Tensor[];
  leafGrads: Array<Cotangent | null>;
  /** Whether a leaf's gradient is a sum this pass made (only it holds that tensor; see `accumulate`). */
  leafFresh: boolean[];
  /** What a nested pass overwrote, or null for an outermost pass. */
  restore: Saved | null;
  /** The tape's watched set if it holds a tensor that an op produced (see `watchedNonLeaf`); null, as usual, if not. */
  nonLeaves: ReadonlySet<Tensor> | null;
}

export interface Saved {
  nodes: Array<[Node, number, number, Cotangent | null, boolean]>;
  leaves: Array<[Tensor, number, number]>;
}

export function follows(p: Pass, n: Node): boolean {
  return p.tape === null ? n.torch : n.tapes !== null && recordedBy(n.tapes, p.tape);
}

export function tracksLeaf(p: Pass, t: Tensor): boolean {
  return p.tape === null ? t.requiresGrad && t.node === null : p.tape.watched.has(t);
}

export function addNode(p: Pass, n: Node): void {
  if (n.pass === p.id) return;
  if (p.restore !== null && n.pass !== 0) p.restore.nodes.push([n, n.pass, n.deps, n.grad, n.fresh]);
  n.pass = p.id;
  n.deps = 0;
  n.grad = null;
  n.fresh = false;
  p.nodes.push(n);
}

/** Adds `g` to the cotangent of node `n` (already in the pass). */
export function addToNode(n: Node, g: Cotangent): void {
  const sum = accumulate(n.grad, n.fresh, g, n.out!);
  n.grad = sum;
  n.fresh = madeHere(sum, g);
}

export function addLeaf(p: Pass, t: Tensor, g: Cotangent): void {
  if (t.pass !== p.id) {
    if (p.restore !== null && t.pass !== 0) p.restore.leaves.push([t, t.pass, t.slot]);
    t.pass = p.id;
    t.slot = p.leaves.length;
    p.leaves.push(t);
    p.leafGrads.push(g);
    p.leafFresh.push(false);
    return;
  }
  const sum = accumulate(p.leafGrads[t.slot], p.leafFresh[t.slot]!, g, t);
  p.leafGrads[t.slot] = sum;
  p.leafFresh[t.slot] = madeHere(sum, g);
}

/** Routes cotangent `g` of input `input` along edge `e`: to its producer node if this pass follows it, else to the leaf slot. */
export function route(p: Pass, e: Node | Tensor, input: Tensor, g: Cotangent): void {
  if (e instanceof Node && e.pass === p.id) addToNode(e, g);
  else addLeaf(p, input, g);
}

/** Whether `sum`, what `accumulate` gave for `g`, is a tensor only this pass holds (a new, unrecorded sum). */
function madeHere(sum: Cotangent, g: Cotangent): boolean {
  return typeof sum !== 'number' && sum !== g && sum.node === null;
}

/** `c` as a tensor: a number (the scalar lane's) becomes a one-element tensor shaped and typed like `like`. */
export function tensorOf(c: Cotangent, like: Tensor): Tensor {
  return typeof c === 'number' ? Tensor.filled(like.shape, like.dtype, c) : c;
}

// NOTE: the `needs` of one- and two-input nodes (nearly all) are shared constants, as rules only read them.
const NEEDS: ReadonlyArray<readonly boolean[]> = [[true], [false, true], [true, false], [true, true]];

/** Which inputs of a node need a gradient in this pass; null if none does. */
export function needsOf(p: Pass, edges: ReadonlyArray<Node | Tensor>, inputs: readonly Tensor[]): readonly boolean[] | null {
  const m = inputs.length;
  if (m === 1) return needed(p, edges[0]!, inputs[0]!) ? NEEDS[0]! : null;
  if (m === 2) {
    const k = (needed(p, edges[0]!, inputs[0]!) ? 2 : 0) + (needed(p, edges[1]!, inputs[1]!) ? 1 : 0);
    return k === 0 ? null : NEEDS[k]!;
  }
  const needs = new Array<boolean>(m);
  let any = false;
  for (let i = 0; i < m; i++) any = (needs[i] = needed(p, edges[i]!, inputs[i]!)) || any;
  return any ? needs : null;
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
  for (const [n, pass, deps, grad, fresh] of p.restore.nodes) { n.pass = pass; n.deps = deps; n.grad = grad; n.fresh = fresh; }
  for (const [t, pass, slot] of p.restore.leaves) { t.pass = pass; t.slot = slot; }
}

/**
 * prev + g for the cotangent slot of `like`. The first sum is a new tensor that only this pass holds (`fresh`); while
 * nothing could record the sum, later cotangents are added into it in place: the same values, without a new tensor
 * per edge. Two numbers (the scalar lane's) add as `add` does on one element: rounded once to the dtype.
 */
export function accumulate(prev: Cotangent | null | undefined, fresh: boolean, g: Cotangent, like: Tensor): Cotangent {
  if (prev === null || prev === undefined) return g;
  if (typeof prev === 'number' && typeof g === 'number') return like.dtype === 'float32' ? Math.fround(prev + g) : prev + g;
  const a = tensorOf(prev, like), b = tensorOf(g, like);
  if ((fresh || a !== prev) && !mayRecord(b, null)) {
    addInto(a, b);
    return a;
  }
  return add(a, b);
}
