import type { Tensor } from '../tensor.js';
import { recordedBy, type Tape } from './mode.js';
import type { Node } from './node.js';
import { mayRecord } from './record.js';
import { add } from '../ops/arith.js';
import { addInto } from '../ops/copy.js';

/**
 * Per-pass bookkeeping lives in arrays indexed by a slot stamped on each node and leaf (`pass`, `slot`),
 * which is much cheaper than hash maps for the small graphs the notebook builds. A pass started while
 * another runs (from a hook) restores the stamps it overwrote when it ends.
 */
export interface Pass {
  id: number;
  tape: Tape | null;
  nodes: Node[];
  deps: number[];
  grads: Array<Tensor | null>;
  /** Whether a slot's gradient is a sum this pass made (only it holds that tensor; see `accumulate`). */
  fresh: boolean[];
  leaves: Tensor[];
  leafGrads: Array<Tensor | null>;
  leafFresh: boolean[];
  restore: Array<[Node | Tensor, number, number]> | null;
  /** The tape's watched set if it holds a tensor that an op produced (see `watchedNonLeaf`); null, as usual, if not. */
  nonLeaves: ReadonlySet<Tensor> | null;
}

export function follows(p: Pass, n: Node): boolean {
  return p.tape === null ? n.torch : n.tapes !== null && recordedBy(n.tapes, p.tape);
}

export function tracksLeaf(p: Pass, t: Tensor): boolean {
  return p.tape === null ? t.requiresGrad && t.node === null : p.tape.watched.has(t);
}

export function addNode(p: Pass, n: Node): void {
  if (n.pass === p.id) return;
  if (p.restore !== null && n.pass !== 0) p.restore.push([n, n.pass, n.slot]);
  n.pass = p.id;
  n.slot = p.nodes.length;
  p.nodes.push(n);
  p.deps.push(0);
  p.grads.push(null);
  p.fresh.push(false);
}

export function addLeaf(p: Pass, t: Tensor, g: Tensor): void {
  if (t.pass !== p.id) {
    if (p.restore !== null && t.pass !== 0) p.restore.push([t, t.pass, t.slot]);
    t.pass = p.id;
    t.slot = p.leaves.length;
    p.leaves.push(t);
    p.leafGrads.push(g);
    p.leafFresh.push(false);
    return;
  }
  const sum = accumulate(p.leafGrads[t.slot], p.leafFresh[t.slot]!, g);
  p.leafGrads[t.slot] = sum;
  p.leafFresh[t.slot] = sum !== g && sum.node === null;
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

