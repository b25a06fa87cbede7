import type { Tensor } from '../tensor.js';
import { Node, untrackedAt } from './node.js';
import type { Pass } from './pass.js';
import { uncountLeafEdges } from './sinks.js';

/** Node.keep's bits: the node runs its rule; its output is a wanted tensor (its cotangent is captured or sunk). */
export const RUN = 2, WANTED = 1;

/**
 * PyTorch's exec_info for a pass that wants some tensors' gradients (autograd.grad's inputs, backward's `inputs=`, a
 * tape's sources): a node runs its rule only if one of its followed inputs is wanted or is produced by a node that
 * leads to one; a wanted tensor's producer that does not is kept only to receive its cotangent (autograd.grad, a
 * tape; backward's `inputs=` runs it, see below); every other node
 * leaves the pass, so that its rule, its hooks and its freeing do not happen, and the dependency counts are redone.
 * Returns null when every node runs and none produces a wanted tensor (nothing to change), else the array that the
 * wanted tensors' captured cotangents go into.
 */
export function prune(p: Pass, wanted: readonly Tensor[]): Array<Tensor | null> | null {
  const nodes = p.nodes; // every one with keep = 0 (addNode)
  let capturing = false, running = 0;
  for (let i = 0; i < wanted.length; i++) {
    const n = wanted[i]!.node;
    if (n === null || n.pass !== p.id || n.keep !== 0) continue;
    // backward's `inputs=` runs a wanted non-leaf's producer (PyTorch 1.13 marks it needed: it runs, computing nothing
    // beyond, and is freed); autograd.grad and a tape only capture its cotangent
    n.keep = p.accumulates ? WANTED | RUN : WANTED;
    if (p.accumulates) running++;
    capturing = true;
  }
  // nodes are in breadth-first order from the roots: walked backwards, a chain settles in one sweep, and when every
  // node runs after one (the usual case: all lead to a wanted tensor) nothing can change
  for (let changed = true; changed && !(running === nodes.length && !capturing);) {
    changed = false;
    for (let k = nodes.length - 1; k >= 0; k--) {
      const n = nodes[k]!;
      if ((n.keep & RUN) === 0 && leadsToWanted(p, n, wanted)) {
        n.keep |= RUN;
        running++;
        changed = true;
      }
    }
  }
  if (running === nodes.length && !capturing) return null;
  recount(p);
  return new Array<Tensor | null>(wanted.length).fill(null);
}

/** Whether an input of `n` is wanted, or is produced by a node of the pass that runs or captures. */
function leadsToWanted(p: Pass, n: Node, wanted: readonly Tensor[]): boolean {
  // NOTE: a freed node keeps its edges but not its inputs: a leaf input is its edge itself, so a freed node that
  // leads to a wanted leaf still runs (and reports the freed graph, as PyTorch's engine does); a non-leaf input
  // whose producer this pass does not follow is then unknown, and counts as not wanted
  const edges = n.edges, inputs = n.inputs;
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    if (e instanceof Node && e.pass === p.id ? e.keep !== 0
      : !(p.tape === null && untrackedAt(n, i)) && wanted.includes(inputs !== null ? inputs[i]! : (e as Tensor))) return true;
  }
  return false;
}

/** Drops the nodes that neither run nor capture from the pass, and counts the edges into the others again. */
function recount(p: Pass): void {
  const nodes = p.nodes;
  let kept = 0;
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k]!;
    // a node that does not run routes nothing: its edges into leaves no longer count
    if (p.accumulates && (n.keep & RUN) === 0) uncountLeafEdges(p, n);
    if (n.keep === 0) { n.pass = 0; n.grad = null; } // out of this pass: an edge to it is now no followed edge
    else { n.deps = 0; nodes[kept++] = n; }
  }
  nodes.length = kept;
  for (let k = 0; k < kept; k++) {
    const n = nodes[k]!;
    if ((n.keep & RUN) === 0) continue;
    const edges = n.edges;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      if (e instanceof Node && e.pass === p.id) e.deps++;
    }
  }
}
