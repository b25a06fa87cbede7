import type { Tensor } from '../tensor.js';
import { recordedBy, type Tape } from './mode.js';
import type { Node } from './node.js';
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
  leafGrads: Array<Tensor | null>;
  /** Whether a leaf's gradient is a sum this pass made (only it holds that tensor; see `accumulate`). */
  leafFresh: boolean[];
  /** What a nested pass overwrote, or null for an outermost pass. */
  restore: Saved | null;
  /** The tape's watched set if it holds a tensor that an op produced (see `watchedNonLeaf`); null, as usual, if not. */
  nonLeaves: ReadonlySet<Tensor> | null;
}

export interface Saved {
  nodes: Array<[Node, number, number, Tensor | null, boolean]>;
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
export function addToNode(n: Node, g: Tensor): void {
  const sum = accumulate(n.grad, n.fresh, g);
  n.grad = sum;
  n.fresh = madeHere(sum, g);
}

export function addLeaf(p: Pass, t: Tensor, g: Tensor): void {
  if (t.pass !== p.id) {
    if (p.restore !== null && t.pass !== 0) p.restore.leaves.push([t, t.pass, t.slot]);
    t.pass = p.id;
    t.slot = p.leaves.length;
    p.leaves.push(t);
    p.leafGrads.push(g);
    p.leafFresh.push(false);
    return;
  }
  const sum = accumulate(p.leafGrads[t.slot], p.leafFresh[t.slot]!, g);
  p.leafGrads[t.slot] = sum;
  p.leafFresh[t.slot] = madeHere(sum, g);
}

/** Whether `sum`, what `accumulate` gave for `g`, is a tensor only this pass holds (a new, unrecorded sum). */
function madeHere(sum: Tensor, g: Tensor): boolean {
  return sum !== g && sum.node === null;
}

/** Ends a pass: drops the cotangents its nodes hold, and gives a nested pass's nodes and leaves back to the outer one. */
export function endPass(p: Pass): void {
  for (let i = 0; i < p.nodes.length; i++) p.nodes[i]!.grad = null;
  if (p.restore === null) return;
  for (const [n, pass, deps, grad, fresh] of p.restore.nodes) { n.pass = pass; n.deps = deps; n.grad = grad; n.fresh = fresh; }
  for (const [t, pass, slot] of p.restore.leaves) { t.pass = pass; t.slot = slot; }
}

/**
 * prev + g for one slot. The first sum is a new tensor that only this pass holds (`fresh`); while nothing could
 * record the sum, later cotangents are added into it in place: the same values, without a new tensor per edge.
 */
export function accumulate(prev: Tensor | null | undefined, fresh: boolean, g: Tensor): Tensor {
  if (!prev) return g;
  if (fresh && !mayRecord(g, null)) {
    addInto(prev, g);
    return prev;
  }
  return add(prev, g);
}
