import type { Tensor } from '../tensor.js';
import { anomaly } from './anomaly.js';
import { mode } from './mode.js';
import { Node, untrackedAt, type Cotangent, type ScalarArgs } from './node.js';
import { accumulate, follows, hooksAt, madeHere, sole, tensorOf, tracksLeaf, watchedNonLeaves, type Pass } from './pass.js';
import { oneLike } from './lane.js';
import { sink } from './sinks.js';
import { retainsAt } from '../ops/hooks.js';
import type { BackwardOptions } from './engine.js';

/**
 * The plain pass: engine.ts's backward pass for the case scalar code makes (the notebook's polynomials), with nothing
 * in it that could observe the order of events. One root; every node it follows has a scalar rule (autograd/lane.ts)
 * over one-element operands of one float dtype, its saved tensors unchanged, and no hooks nor retain_grad; no leaf has
 * hooks, nor a `.grad` that the pass reads or writes otherwise (`gradsAliased`); no create_graph, no anomaly mode, no
 * pass already running; a tape's sources are leaves.
 *
 * Then the general pass's ready queue runs the nodes in decreasing `seq` (each node's consumers were recorded after
 * it, so the latest node not yet run is always ready), nothing can fail once the checks have passed, and a leaf's
 * `.grad` filled at the end is filled with what it would have been filled with when its last edge ran. So this pass
 * collects the nodes, sorts them, runs each rule on numbers and routes its results exactly as the general pass does
 * (the same `accumulate`, the same tensor `g` passed on where the rule `passes` it), without the dependency counts,
 * the heap or the per-leaf counts. Tested bit for bit, and for what it frees and returns, against the general pass.
 */

// NOTE: reused between passes, and emptied at the end (they must not keep a graph alive) by writing null over what a
// pass put there: setting `length` costs more than the whole walk. A plain pass never nests.
const NODES: Array<Node | null> = [];
const LEAVES: Array<Tensor | null> = [];
const LEAF_GRADS: Array<Cotangent | null> = [];
const LEAF_OWNED: boolean[] = [];
/** How many of NODES and LEAVES this pass has filled, and how many of those leaves had a `.grad` already. */
let nodeCount = 0, leafCount = 0, gradCount = 0;
const S: ScalarArgs = { g: 0, x: 0, y: 0, out: 0, attrs: undefined, dtype: 'float32', gx: 0, gy: 0 };

/** Whether backward passes may take the plain pass: the tests turn it off to compare it with the general pass. */
export const plainPasses = { enabled: true };

/** What `follows` and `tracksLeaf` read of a pass: its id and its tape. */
const P = { id: 0, tape: null } as unknown as Pass;

/**
 * Runs the pass as engine.ts `backward` would, if it is plain (see above), and returns what that returns; returns null,
 * having changed nothing the general pass reads, if it is not. `id` is a pass id of its own.
 */
export function plainPass(roots: readonly Tensor[], seeds: readonly Tensor[], o: BackwardOptions, id: number): Array<Tensor | null> | null {
  if (roots.length !== 1 || o.createGraph || anomaly.enabled || o.accumulate !== null) return null;
  const tape = o.tape, sources = o.sources;
  if ((tape === null) !== (sources === null)) return null;
  if (sources !== null) for (let i = 0; i < sources.length; i++) if (sources[i]!.node !== null) return null;
  if (tape !== null && watchedNonLeaves(tape) !== null) return null;
  P.id = id;
  P.tape = tape;
  const root = roots[0]!, seed = seeds[0]!, r = root.node;
  if (r === null || !follows(P, r) || r.out === null || !oneLike(seed, r.out.dtype, r.out.shape.length)) {
    P.tape = null; // no reference to the tape kept past the call
    return null;
  }
  // as in the general pass, nothing records: a sum of tensor cotangents (a seed passed on) must not be recorded
  const prevGrad = mode.grad, prevTapes = mode.tapes;
  mode.grad = false;
  if (prevTapes.length !== 0) mode.tapes = []; // NOTE: nothing the pass runs starts a tape; usually none is recording
  try {
    if (!collect(r, sources) || (sources === null && gradsAliased(seed))) return null;
    sortBySeq(NODES, nodeCount);
    if (sources !== null) prune(sources);
    r.grad = seed;
    r.owned = false;
    for (let k = 0; k < nodeCount; k++) {
      const n = NODES[k]!;
      if (n.keep === 0) continue;
      if (n.grad !== null) runRule(n, n.grad, sources);
      if (!o.retainGraph) n.free();
    }
    if (sources === null) {
      for (let i = 0; i < leafCount; i++) accumulateLeaf(LEAVES[i]!, LEAF_GRADS[i]!, LEAF_OWNED[i]!);
      return [];
    }
    return sourceGrads(sources);
  } finally {
    clear();
    mode.grad = prevGrad;
    mode.tapes = prevTapes;
  }
}

/** Empties the arrays (endPass's part too: the nodes drop their cotangents). */
function clear(): void {
  for (let k = 0; k < nodeCount; k++) {
    NODES[k]!.grad = null;
    NODES[k] = null;
  }
  for (let i = 0; i < leafCount; i++) {
    LEAVES[i] = null;
    LEAF_GRADS[i] = null;
  }
  nodeCount = 0;
  leafCount = 0;
  gradCount = 0;
  P.tape = null;
}

/** sinks.ts `sourceGrad` for sources that are leaves: the gradient in the source's slot, if it has one. */
function sourceGrads(sources: readonly Tensor[]): Array<Tensor | null> {
  const out = new Array<Tensor | null>(sources.length);
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    const c = s.pass === P.id ? LEAF_GRADS[s.slot]! : null;
    out[i] = c === null ? null : tensorOf(c, s);
  }
  return out;
}

/**
 * Breadth-first from `r` over the followed edges: every node into NODES (stamped with the pass id, `keep` set as
 * "runs"), every leaf that takes a gradient into LEAVES with a slot. False as soon as something is not plain.
 */
function collect(r: Node, sources: readonly Tensor[] | null): boolean {
  const id = P.id;
  r.pass = id;
  NODES[nodeCount++] = r;
  for (let k = 0; k < nodeCount; k++) {
    const n = NODES[k]!;
    if (!plainNode(n) || (sources === null && tooManyPairs())) return false;
    n.grad = null;
    n.owned = false;
    n.keep = 1;
    const edges = n.edges;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      if (isNode(e)) {
        if (e.pass !== id && follows(P, e)) {
          e.pass = id;
          NODES[nodeCount++] = e;
        }
      } else if (e.pass !== id && takesGrad(n, i, e, sources)) {
        if (e.hooks !== null || (e.grad !== null && !sameOne(e.grad, e))) return false;
        if (e.grad !== null) gradCount++;
        e.pass = id;
        e.slot = leafCount;
        LEAVES[leafCount] = e;
        LEAF_GRADS[leafCount] = null;
        LEAF_OWNED[leafCount++] = false;
      }
    }
    // which inputs `runRule` routes to, known now in a pass without sources (`needs`); `deps` is free in a plain pass
    if (sources === null) n.deps = (routes(n, 0, edges, id) ? 1 : 0) | (edges.length === 2 && routes(n, 1, edges, id) ? 2 : 0);
  }
  return true;
}

/**
 * Whether a leaf's `.grad` is, or shares storage or version counter with, a tensor the pass reads or writes otherwise
 * (the seed, another leaf's `.grad`, a node's operand or output): filling it at the end is then not filling it when its
 * last edge ran, as the general pass does (PyTorch's AccumulateGrad): another addition may come first, a saved tensor
 * may have changed version before its node reads it. Only leaves with a `.grad` already are looked at.
 */
function gradsAliased(seed: Tensor): boolean {
  if (gradCount === 0) return false;
  if (tooManyPairs()) return true;
  for (let i = 0; i < leafCount; i++) {
    const g = LEAVES[i]!.grad;
    if (g === null) continue;
    if (aliases(g, seed)) return true;
    for (let j = i + 1; j < leafCount; j++) {
      const h = LEAVES[j]!.grad;
      if (h !== null && aliases(g, h)) return true;
    }
    for (let k = 0; k < nodeCount; k++) {
      const n = NODES[k]!, inputs = n.inputs!;
      if (aliases(g, n.out!)) return true;
      for (let m = 0; m < inputs.length; m++) if (aliases(g, inputs[m]!)) return true;
    }
  }
  return false;
}

/** How many (.grad, tensor) pairs `gradsAliased` compares before it leaves the pass to the general one. */
const ALIAS_PAIRS = 512;

/**
 * Whether `gradsAliased` would compare more than ALIAS_PAIRS pairs. NOTE: the check is pairwise, some 8 ns a pair: past
 * a few hundred pairs (several leaves with a .grad, as after zero_grad(set_to_none=False)) the general pass costs less,
 * so `collect` declines as soon as it is so.
 */
function tooManyPairs(): boolean {
  return gradCount !== 0 && gradCount * (nodeCount + leafCount) > ALIAS_PAIRS;
}

/** The same tensor, or two over one storage or one version counter (a view, or a facade's copy). */
function aliases(a: Tensor, b: Tensor): boolean {
  return a === b || (a._data !== null && a._data === b._data) || (a._counter !== null && a._counter === b._counter);
}

/**
 * What the general pass would run in the scalar lane, with no hook, sink or version error to meet. NOTE: `lane` holds
 * the facts fixed at record time (a scalar rule, one-element operands of one dtype and rank): a short check here is
 * what lets V8 inline the walk.
 */
function plainNode(n: Node): boolean {
  const out = n.out, inputs = n.inputs;
  if (!n.lane || out === null || inputs === null || hooksAt(n, out) !== null || (out.retainsGrad && retainsAt(out) === n)) return false;
  const saves = n.spec.saves;
  for (let s = 0; s < saves.length; s++) {
    const w = saves[s]!;
    if ((w === 'out' ? out : inputs[w]!).version !== n.versions[s]) return false;
  }
  return true;
}

/**
 * Whether leaf edge `i` of `n` takes a gradient: in PyTorch's graph, an edge recorded into a leaf with a grad
 * accumulator; on a tape, into a watched source (`ruleNeeds` drops the leaves a tape's pass does not want).
 */
function takesGrad(n: Node, i: number, e: Tensor, sources: readonly Tensor[] | null): boolean {
  return sources === null ? !untrackedAt(n, i) && tracksLeaf(P, e) : tracksLeaf(P, e) && sources.includes(e);
}

/** prune.ts for sources that are all leaves: a node runs only if it leads to one (NODES are in decreasing `seq`). */
function prune(sources: readonly Tensor[]): void {
  const id = P.id;
  for (let k = nodeCount - 1; k >= 0; k--) {
    const n = NODES[k]!, edges = n.edges;
    let leads = 0;
    for (let i = 0; i < edges.length && leads === 0; i++) {
      const e = edges[i]!;
      // as leadsToWanted: an edge to a node outside the pass asks whether the input itself is wanted
      if (isNode(e) && e.pass === id ? e.keep !== 0 : sources.includes(n.inputs![i]!)) leads = 1;
    }
    n.keep = leads;
  }
}

/** lane.ts `scalarStep` on a plain node: its rule on numbers, each result routed as `route` would. */
function runRule(n: Node, g: Cotangent, sources: readonly Tensor[] | null): void {
  const inputs = n.inputs!, edges = n.edges, out = n.out!;
  const x = inputs[0]!, y = inputs.length === 2 ? inputs[1]! : x;
  const mask = sources === null ? n.deps : (needs(n, 0, edges[0]!, sources) ? 1 : 0) | (inputs.length === 2 && needs(n, 1, edges[1]!, sources) ? 2 : 0);
  if (mask === 0) return;
  S.g = typeof g === 'number' ? g : g.first;
  S.x = x.first; S.y = y.first; S.out = out.first; S.attrs = n.attrs; S.dtype = out.dtype;
  n.spec.scalar!(S);
  const passes = typeof g === 'number' ? undefined : n.spec.passes;
  if ((mask & 1) !== 0) routeTo(edges[0]!, x, passes?.[0] ? g : S.gx);
  if ((mask & 2) !== 0) routeTo(edges[1]!, y, passes?.[1] ? g : S.gy);
}

/** pass.ts `ruleNeeds` for input `i` of a plain node. */
function needs(n: Node, i: number, e: Node | Tensor, sources: readonly Tensor[] | null): boolean {
  if (isNode(e)) return e.pass === P.id && e.keep !== 0 && (sources !== null || !untrackedAt(n, i));
  return e.pass === P.id && (sources !== null || !untrackedAt(n, i));
}

/** `needs` in a pass without sources, once `collect` has stamped every node and leaf of the pass. */
function routes(n: Node, i: number, edges: ReadonlyArray<Node | Tensor>, id: number): boolean {
  return edges[i]!.pass === id && !untrackedAt(n, i);
}

/** pass.ts `route`, `addToNode` and `addLeaf` for a plain pass (rule results are never owned in the scalar lane). */
function routeTo(e: Node | Tensor, input: Tensor, g: Cotangent): void {
  if (isNode(e)) {
    if (e.grad === null) { e.grad = g; e.owned = false; return; }
    const sum = accumulate(e.grad, e.owned, g, false, e.out!, true);
    e.grad = sum;
    e.owned = madeHere(sum);
    return;
  }
  const i = input.slot, prev = LEAF_GRADS[i]!;
  if (prev === null) { LEAF_GRADS[i] = g; LEAF_OWNED[i] = false; return; }
  const sum = accumulate(prev, LEAF_OWNED[i]!, g, false, input, true);
  LEAF_GRADS[i] = sum;
  LEAF_OWNED[i] = madeHere(sum);
}

/** sinks.ts `accumulateLeaf` for a leaf without hooks. */
function accumulateLeaf(t: Tensor, c: Cotangent | null, owned: boolean): void {
  if (c === null) return;
  const g = tensorOf(c, t);
  if (t.grad === null && (sole(g, owned) || g !== c)) t.grad = g;
  else sink(t, g, false);
}

/** Insertion sort of the first `m`, latest first: they are few, and breadth-first order is nearly sorted already. */
function sortBySeq(a: Array<Node | null>, m: number): void {
  for (let i = 1; i < m; i++) {
    const n = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]!.seq < n.seq) { a[j + 1] = a[j]!; j--; }
    a[j + 1] = n;
  }
}

/** `e instanceof Node`, cheaper: an edge is a node or a tensor, and only a node has a spec. */
function isNode(e: Node | Tensor): e is Node {
  return (e as Node).spec !== undefined;
}

/** A `.grad` that `sink` can add a leaf's one-element gradient into. */
function sameOne(grad: Tensor, t: Tensor): boolean {
  return grad.size === 1 && grad.shape.length === t.shape.length;
}
