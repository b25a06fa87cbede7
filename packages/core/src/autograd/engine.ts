import type { Tensor } from '../tensor.js';
import { fail, fmtShape } from '../errors.js';
import { sameShape } from '../shape.js';
import { mode, type Tape } from './mode.js';
import { Node } from './node.js';
import { addLeaf, addNode, endPass, enterLeaf, follows, tensorOf, tracksLeaf, watchedNonLeaves, type Pass } from './pass.js';
import { leafTask, popReady, pushReady, type Task } from './ready.js';
import { GRAPH_ROOT, checkNan, checksAnomalies, checksGraphRoot, evaluate, reportError } from './anomaly.js';
import { prune, RUN, WANTED } from './prune.js';
import { runNode } from './step.js';
import { accumulateLeaf, countedLeafEdge, intoLeaf, leavesLeft, sourceGrad } from './sinks.js';
import { add } from '../ops/arith.js';
import { plainPass, plainPasses } from './plain.js';

let passes = 0;
/** How many passes are running (a hook may start one inside another); nested ones restore the stamps they overwrite. */
let depth = 0;

export interface BackwardOptions {
  /** The graph to follow: a tape's (TensorFlow), or null for PyTorch's requires_grad graph. */
  tape: Tape | null;
  /** The return sink: gradients of these tensors are returned (null where unconnected). */
  sources: readonly Tensor[] | null;
  /**
   * The accumulate sink (PyTorch's graph only, `tape: null`): add into `.grad` of these tensors, or (null) of every
   * leaf reached and every retain_grad tensor.
   */
  accumulate: readonly Tensor[] | null;
  retainGraph: boolean;
  /** Record the backward pass itself, for higher-order gradients. */
  createGraph: boolean;
}

/**
 * THE backward pass: Kahn's algorithm over the recorded nodes reachable from `roots`, each node's rule run once,
 * cotangents summed per edge, the ready node recorded last first (PyTorch's order), O((nodes + edges) log ready).
 * Returns the sources' gradients (return sink), or accumulates into `.grad` (accumulate sink) each leaf's as soon as
 * its last edge has run (PyTorch's AccumulateGrad, which runs before any other ready node).
 */
export function backward(roots: readonly Tensor[], seeds: readonly Tensor[], o: BackwardOptions): Array<Tensor | null> {
  if (o.tape !== null && o.sources === null) fail('value', 'backward: a tape\'s pass returns its sources\' gradients; only PyTorch\'s graph (tape: null) accumulates');
  if (depth === 0 && plainPasses.enabled) {
    const done = plainPass(roots, seeds, o, ++passes);
    if (done !== null) return done;
  }
  const p: Pass = {
    id: ++passes, tape: o.tape, nodes: [], leaves: [], leafGrads: [], leafOwned: [], leafDeps: [], accumulates: o.sources === null, quiet: !o.createGraph,
    restore: depth > 0 ? { nodes: [], leaves: [] } : null, nonLeaves: o.tape === null ? null : watchedNonLeaves(o.tape),
    wanted: o.sources ?? o.accumulate, targets: o.accumulate === null ? null : new Set(o.accumulate), at: null,
  };
  depth++;
  const prevGrad = mode.grad, prevTapes = mode.tapes, prevEvaluating = evaluate(null);
  try {
    const rootEdges = seedRoots(p, roots, seeds);
    countDeps(p);
    // null when every node runs and none produces a wanted tensor (the usual case): then `drain` checks nothing
    const captured = p.wanted === null ? null : prune(p, p.wanted);
    if (checksGraphRoot(p, roots, p.wanted)) {
      p.at = GRAPH_ROOT;
      for (let r = 0; r < roots.length; r++) checkNan(GRAPH_ROOT, r, seeds[r]!);
      p.at = null;
    }
    mode.grad = o.createGraph;
    if (!o.createGraph) mode.tapes = [];
    drain(p, o, captured, rootEdges);
    if (p.accumulates) leavesLeft(p, o.createGraph);
    return o.sources === null ? [] : o.sources.map((s, _, all) => sourceGrad(p, s, captured, all.indexOf(s)));
  } catch (e) {
    if (checksAnomalies(p) && p.at !== null) reportError(p.at);
    throw e;
  } finally {
    evaluate(prevEvaluating);
    mode.grad = prevGrad;
    mode.tapes = prevTapes;
    depth--;
    endPass(p);
  }
}

/**
 * Puts each root's seed on its node, or in its leaf slot. Returns GraphRoot's edges in the roots' order, for `drain`
 * to make ready: each root's node, or in a pass that accumulates, the slot of a root that is a leaf (each counted as
 * an edge into the leaf).
 */
function seedRoots(p: Pass, roots: readonly Tensor[], seeds: readonly Tensor[]): Array<Node | number> {
  const rootEdges: Array<Node | number> = [];
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r]!;
    if (!sameShape(seeds[r]!.shape, root.shape)) {
      fail('shape', `backward: the seed for output ${r} has shape ${fmtShape(seeds[r]!.shape)}, but the output has shape ${fmtShape(root.shape)}`);
    }
    const n = root.node;
    if (n !== null && follows(p, n)) {
      addNode(p, n);
      n.grad = n.grad !== null ? add(tensorOf(n.grad, root), seeds[r]!) : seeds[r]!; // a root listed twice sums its seeds
      rootEdges.push(n);
    } else if (tracksLeaf(p, root)) {
      addLeaf(p, root, seeds[r]!, false);
      if (p.accumulates) {
        p.leafDeps[root.slot]!++;
        rootEdges.push(root.slot);
      }
    }
  }
  return rootEdges;
}

/**
 * Breadth-first from the roots over the followed edges (`p.nodes` is the queue), counting the edges into every node,
 * and in a pass that accumulates, into every leaf (`intoLeaf`).
 */
function countDeps(p: Pass): void {
  const nodes = p.nodes;
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k]!;
    // NOTE: a freed node is an error only if it runs (`drain` and `runNode` say so): a pass that wants some
    // tensors may prune it, as PyTorch's engine never reaches a freed node that leads to no wanted tensor
    const edges = n.edges;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      if (e instanceof Node) {
        if (!follows(p, e)) continue;
        addNode(p, e);
        e.deps++;
      } else if (p.accumulates && intoLeaf(p, n, i, e)) p.leafDeps[enterLeaf(p, e)]!++;
    }
  }
}

/**
 * Runs the ready tasks, the node recorded last first and leaves before any node, until none is left. The first are
 * GraphRoot's: the roots' nodes that nothing else leads to, and the root leaves whose last edge that was, pushed in
 * the roots' order (as PyTorch's GraphRoot pushes them: leaves tie in the heap).
 */
function drain(p: Pass, o: BackwardOptions, captured: Array<Tensor | null> | null, rootEdges: ReadonlyArray<Node | number>): void {
  const ready: Task[] = [];
  for (let r = 0; r < rootEdges.length; r++) {
    const e = rootEdges[r]!;
    if (typeof e === 'number') {
      if (--p.leafDeps[e]! === 0) leafReady(p, ready, e, o.createGraph);
    } else if (e.pass === p.id && e.deps === 0 && !ready.includes(e)) pushReady(ready, e);
  }
  while (ready.length > 0) {
    const n = popReady(ready);
    if (!(n instanceof Node)) {
      accumulateLeaf(p, n.slot, o.createGraph);
      continue;
    }
    const g = n.grad;
    p.at = n;
    if (checksAnomalies(p)) evaluate(n);
    if (captured !== null && n.keep !== RUN && !capture(p, n, o, captured)) continue;
    if (g !== null) runNode(p, n, g, o);
    if (!o.retainGraph) n.free();
    // its edges have run (PyTorch frees a node's saved tensors first): a leaf whose last edge this was is ready, and
    // accumulates before any other node runs, as AccumulateGrad has the highest sequence number
    const edges = n.edges;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      if (e instanceof Node) {
        if (e.pass === p.id && --e.deps === 0) pushReady(ready, e);
      } else if (p.accumulates && countedLeafEdge(p, n, i, e) && --p.leafDeps[e.slot]! === 0) leafReady(p, ready, e.slot, o.createGraph);
    }
  }
  p.at = null;
  evaluate(null);
}

/**
 * The leaf in `slot`, its last edge run: an AccumulateGrad task in the heap if the pass accumulates into it; else (not
 * among backward's `inputs=`) nothing runs for it, as PyTorch queues no AccumulateGrad it does not need.
 */
function leafReady(p: Pass, ready: Task[], slot: number, createGraph: boolean): void {
  if (p.targets !== null && !p.targets.has(p.leaves[slot]!)) accumulateLeaf(p, slot, createGraph);
  else pushReady(ready, leafTask(slot));
}

/**
 * A wanted tensor's producer: in a pass that returns gradients, its cotangent is taken before its hooks (PyTorch
 * 1.13's capture), and when it leads to no other wanted tensor its rule does not run, so that nothing beyond it is
 * computed or freed. (Backward's `inputs=` runs every wanted producer, prune.ts, and runNode sinks its `.grad`.)
 * Returns whether the node runs its rule.
 */
function capture(p: Pass, n: Node, o: BackwardOptions, captured: Array<Tensor | null>): boolean {
  const g = n.grad;
  if (g !== null && (n.keep & WANTED) !== 0 && o.sources !== null) {
    // the wanted tensor itself, not n.out: a node that only captures may have been freed by an earlier pass
    const i = p.wanted!.findIndex((t) => t.node === n);
    captured[i] = tensorOf(g, p.wanted![i]!);
  }
  return (n.keep & RUN) !== 0;
}

