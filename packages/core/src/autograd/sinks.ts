import type { Tensor } from '../tensor.js';
import { Node, untrackedAt } from './node.js';
import { follows, sole, tensorOf, tracksLeaf, type Pass } from './pass.js';
import { ACCUMULATE_GRAD, evaluate } from './anomaly.js';
import { add } from '../ops/arith.js';
import { clone, addInto, gradCopy } from '../ops/copy.js';

// Where a backward pass's gradients go: the accumulate sink (`.grad`) and the return sink (a wanted tensor's gradient).

export function runHooks(hooks: ReadonlyArray<(g: Tensor) => Tensor | void> | null, g: Tensor): Tensor {
  if (hooks === null) return g;
  for (const h of hooks) g = h(g) ?? g;
  return g;
}

/**
 * A non-leaf's hooks on its cotangent `g`, with `.grad` sunk (`sinks`: retain_grad, or backward's `inputs=`) in its
 * place among them: before them if retain_grad came before any hook, after them otherwise (PyTorch 1.13, see
 * ops/hooks.ts `retainGrad`). Returns what the hooks made of `g`.
 */
export function hooksAndSink(out: Tensor, hooks: ReadonlyArray<(g: Tensor) => Tensor | void> | null, g: Tensor, sinks: boolean,
  createGraph: boolean): Tensor {
  const first = sinks && out.retainsGrad && out.retainsFirst;
  if (first) sink(out, g, createGraph);
  const t = runHooks(hooks, g);
  if (sinks && !first) sink(out, t, createGraph);
  return t;
}

/**
 * The accumulate sink: `.grad += g`, in place unless the graph of the gradient is wanted. The first gradient is a copy
 * either way (recorded under create_graph: a leaf's as AccumulateGrad's CopyBackwards, a retained non-leaf's as the
 * retains_grad hook's CloneBackward0): `g` may be a cotangent the pass goes on using, which a later in-place
 * accumulation into `.grad` must not change.
 */
export function sink(t: Tensor, g: Tensor, createGraph: boolean): void {
  if (t.grad === null) t.grad = !createGraph ? clone(g, false) : t.node === null ? gradCopy(g) : clone(g);
  else if (createGraph) t.grad = add(t.grad, g);
  else addInto(t.grad, g);
}

/**
 * In a pass that accumulates, whether edge `i` of node `n` is one into a leaf's AccumulateGrad (PyTorch's graph
 * recorded the edge, and the leaf has a grad accumulator): the pass counts those edges per leaf (`Pass.leafDeps`), so
 * that each leaf's gradient goes into `.grad` as soon as its last edge has run (`accumulateLeaf`), as in PyTorch.
 */
export function intoLeaf(p: Pass, n: Node, i: number, e: Tensor): boolean {
  return !untrackedAt(n, i) && tracksLeaf(p, e);
}

/**
 * Whether leaf edge `i` of node `n` is one `intoLeaf` counted and that has not run yet. A leaf whose edges were not
 * counted (it came to require grad in a hook, and entered the pass when a rule routed to it) stays at 0, for
 * `leavesLeft`: taken down to -1, it would read as accumulated and its gradient would be lost.
 */
export function countedLeafEdge(p: Pass, n: Node, i: number, e: Tensor): boolean {
  return e.pass === p.id && !untrackedAt(n, i) && p.leafDeps[e.slot]! > 0;
}

/** Takes back the count of `n`'s edges into leaves, for a node that prune.ts takes out of the pass or lets only capture. */
export function uncountLeafEdges(p: Pass, n: Node): void {
  const edges = n.edges;
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    if (!(e instanceof Node) && countedLeafEdge(p, n, i, e)) p.leafDeps[e.slot]!--;
  }
}

/**
 * After the last node: a leaf whose gradient has not gone into `.grad` yet, which only a leaf that came to require
 * grad while the pass ran (in a hook) can be, accumulates now rather than lose its gradient.
 */
export function leavesLeft(p: Pass, createGraph: boolean): void {
  for (let i = 0; i < p.leaves.length; i++) if (p.leafDeps[i] !== -1) accumulateLeaf(p, i, createGraph);
}

/**
 * PyTorch's AccumulateGrad for the leaf in slot `i`: its hooks, then its `.grad`; for a leaf the pass accumulates
 * into (every leaf that requires grad, or backward's `inputs=`).
 */
export function accumulateLeaf(p: Pass, i: number, createGraph: boolean): void {
  p.leafDeps[i] = -1;
  const t = p.leaves[i]!;
  const c = p.leafGrads[i] ?? null;
  if (c === null || !(p.targets === null ? t.node === null && t.requiresGrad : p.targets.has(t))) return;
  const at = p.at, evaluating = evaluate(null);
  p.at = ACCUMULATE_GRAD;
  const g = tensorOf(c, t);
  // An owned gradient is held by no one else: it can become `.grad` without a copy (unless a hook saw it).
  if (t.grad === null && !createGraph && (sole(g, p.leafOwned[i]!) || g !== c) && t.hooks === null) t.grad = g;
  else sink(t, runHooks(t.hooks, g), createGraph);
  p.at = at;
  evaluate(evaluating);
}

/** A wanted tensor's gradient: captured at its producer, or its leaf slot's (hooks not run: PyTorch 1.13's capture). */
export function sourceGrad(p: Pass, s: Tensor, captured: ReadonlyArray<Tensor | null> | null, at: number): Tensor | null {
  const n = s.node;
  if (n !== null && n.pass === p.id && follows(p, n)) return captured?.[at] ?? null;
  if (s.pass !== p.id) return null;
  const c = p.leafGrads[s.slot] ?? null;
  return c === null ? null : tensorOf(c, s);
}
