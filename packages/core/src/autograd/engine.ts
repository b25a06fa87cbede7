import { tensorsMade, type Tensor } from '../tensor.js';
import { fail, fmtShape } from '../errors.js';
import { sameShape } from '../shape.js';
import { mode, type Tape } from './mode.js';
import { Node, untrackedAt } from './node.js';
import { addLeaf, addNode, endPass, follows, hooksAt, release, route, ruleNeeds, sole, tensorOf, tracksLeaf, type Pass } from './pass.js';
import { scalarStep } from './lane.js';
import { popReady, pushReady } from './ready.js';
import { ACCUMULATE_GRAD, GRAPH_ROOT, checkNan, checksAnomalies, checksGraphRoot, evaluate, reportError } from './anomaly.js';
import { freedError } from './saved.js';
import { add } from '../ops/arith.js';
import { sumTo } from '../ops/broadcast.js';
import { clone, addInto, gradCopy } from '../ops/copy.js';
import { cast } from '../ops/shape.js';

let passes = 0;
/** How many passes are running (a hook may start one inside another); nested ones restore the stamps they overwrite. */
let depth = 0;

export interface BackwardOptions {
  /** The graph to follow: a tape's (TensorFlow), or null for PyTorch's requires_grad graph. */
  tape: Tape | null;
  /** The return sink: gradients of these tensors are returned (null where unconnected). */
  sources: readonly Tensor[] | null;
  /** The accumulate sink: add into `.grad` of these tensors, or (null) of every leaf reached and every retain_grad tensor. */
  accumulate: readonly Tensor[] | null;
  retainGraph: boolean;
  /** Record the backward pass itself, for higher-order gradients. */
  createGraph: boolean;
}

/**
 * THE backward pass: Kahn's algorithm over the recorded nodes reachable from `roots`, each node's rule run
 * once, cotangents summed per edge, the ready node recorded last first (PyTorch's order), O((nodes + edges) log
 * ready). Returns the sources' gradients (return sink), or
 * accumulates into `.grad` (accumulate sink).
 */
export function backward(roots: readonly Tensor[], seeds: readonly Tensor[], o: BackwardOptions): Array<Tensor | null> {
  const p: Pass = {
    id: ++passes, tape: o.tape, nodes: [], leaves: [], leafGrads: [], leafOwned: [], quiet: !o.createGraph,
    restore: depth > 0 ? { nodes: [], leaves: [] } : null,
    nonLeaves: o.tape === null ? null : watchedNonLeaves(o.tape), wanted: o.sources ?? o.accumulate,
  };
  depth++;
  const prevGrad = mode.grad;
  const prevTapes = mode.tapes;
  const prevEvaluating = evaluate(null);
  // anomaly mode: where an error comes from (a node, or one of PyTorch's engine functions), for its warnings
  let at: Node | string | null = null;
  try {
    for (let r = 0; r < roots.length; r++) {
      const root = roots[r]!;
      if (!sameShape(seeds[r]!.shape, root.shape)) {
        fail('shape', `backward: the seed for output ${r} has shape ${fmtShape(seeds[r]!.shape)}, but the output has shape ${fmtShape(root.shape)}`);
      }
      const n = root.node;
      if (n !== null && follows(p, n)) {
        addNode(p, n);
        n.grad = n.grad !== null ? add(tensorOf(n.grad, root), seeds[r]!) : seeds[r]!; // a root listed twice sums its seeds
      } else if (tracksLeaf(p, root)) addLeaf(p, root, seeds[r]!, false);
    }
    countDeps(p);
    const wanted = p.wanted;
    // null when every node runs and none produces a wanted tensor (the usual case): then the loop below checks nothing
    const captured = wanted === null ? null : prune(p, wanted);
    if (checksGraphRoot(p, roots, wanted)) {
      at = GRAPH_ROOT;
      for (let r = 0; r < roots.length; r++) checkNan(GRAPH_ROOT, r, seeds[r]!);
      at = null;
    }
    mode.grad = o.createGraph;
    if (!o.createGraph) mode.tapes = [];
    const targets = o.accumulate === null ? null : new Set<Tensor>(o.accumulate);
    const ready: Node[] = [];
    for (let i = 0; i < p.nodes.length; i++) if (p.nodes[i]!.deps === 0) pushReady(ready, p.nodes[i]!);
    while (ready.length > 0) {
      const n = popReady(ready);
      const g = n.grad;
      at = n;
      if (checksAnomalies(p)) evaluate(n);
      // A wanted tensor's producer: its cotangent is taken before its hooks (PyTorch 1.13's capture), and when it
      // leads to no other wanted tensor its rule does not run, so that nothing beyond it is computed or freed.
      if (captured !== null && n.keep !== RUN) {
        if (g !== null && (n.keep & WANTED) !== 0) {
          // the wanted tensor itself, not n.out: a node that only captures may have been freed by an earlier pass
          const i = wanted!.findIndex((t) => t.node === n), t = wanted![i]!;
          if (o.sources !== null) captured[i] = tensorOf(g, t);
          else if ((n.keep & RUN) === 0) sink(t, runHooks(hooksAt(n, t), tensorOf(g, t)), o.createGraph);
        }
        if ((n.keep & RUN) === 0) continue;
      }
      if (g !== null) {
        const out = n.out;
        // freed (by an earlier pass, or after this one began, by a hook's own backward): PyTorch's error, after the
        // tensor's hooks have seen the cotangent (PyTorch runs a node's pre-hooks before it unpacks its saved tensors)
        if (out === null) {
          if (n.hooks !== null && typeof g !== 'number') runHooks(n.hooks, g);
          freedError();
        }
        // retain_grad sinks wherever the tensor's current producer runs (autograd.grad and backward(inputs) too, as
        // PyTorch 1.13's retains_grad hook); an earlier producer of a tensor modified in place sinks nothing
        const current = out.node === n;
        const sinks = current && (out.retainsGrad || (o.sources === null && targets !== null && targets.has(out)));
        const hooks = hooksAt(n, out);
        // NOTE: anomaly mode checks tensors: the scalar lane is only a faster way to the same values
        if (sinks || hooks !== null || checksAnomalies(p) || !scalarStep(p, n, g)) {
          const t = n.grad = runHooks(hooks, tensorOf(g, out));
          if (sinks) sink(out, t, o.createGraph);
          // the cotangent is dead once its node has run, unless it moved on, or a hook, a sink or the caller sees it
          // (a source's gradient is returned: its rule must not pass it on as owned either)
          const owned = p.quiet && n.owned && hooks === null && !sinks && (o.sources === null || !o.sources.includes(out));
          if (!step(p, n, t, owned) && owned) release(t);
        }
      }
      const edges = n.edges;
      for (let i = 0; i < edges.length; i++) {
        const e = edges[i]!;
        if (e instanceof Node && e.pass === p.id && --e.deps === 0) pushReady(ready, e);
      }
      if (!o.retainGraph) n.free();
    }
    at = null;
    evaluate(null);
    mode.grad = prevGrad;
    mode.tapes = prevTapes;
    if (o.sources !== null) {
      const out = new Array<Tensor | null>(o.sources.length);
      for (let i = 0; i < out.length; i++) out[i] = sourceGrad(p, o.sources[i]!, captured, o.sources.indexOf(o.sources[i]!));
      return out;
    }
    mode.grad = o.createGraph; // restored in `finally`
    at = ACCUMULATE_GRAD;
    for (let i = 0; i < p.leaves.length; i++) {
      const t = p.leaves[i]!;
      const c = p.leafGrads[i];
      if (c === null || c === undefined || !(targets === null ? t.node === null && t.requiresGrad : targets.has(t))) continue;
      const g = tensorOf(c, t);
      // An owned gradient is held by no one else: it can become `.grad` without a copy (unless a hook saw it).
      if (t.grad === null && !o.createGraph && (sole(g, p.leafOwned[i]!) || g !== c) && t.hooks === null) t.grad = g;
      else sink(t, runHooks(t.hooks, g), o.createGraph);
    }
    return [];
  } catch (e) {
    if (checksAnomalies(p) && at !== null) reportError(at);
    throw e;
  } finally {
    evaluate(prevEvaluating);
    mode.grad = prevGrad;
    mode.tapes = prevTapes;
    depth--;
    endPass(p);
  }
}

/** Breadth-first from the roots over the followed edges (`p.nodes` is the queue), counting the edges into every node. */
function countDeps(p: Pass): void {
  const nodes = p.nodes;
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k]!;
    // NOTE: a freed node is an error only if it runs (the main loop and `step` say so): a pass that wants some
    // tensors may prune it, as PyTorch's engine never reaches a freed node that leads to no wanted tensor
    const edges = n.edges;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      if (!(e instanceof Node) || !follows(p, e)) continue;
      addNode(p, e);
      e.deps++;
    }
  }
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
  const edges = n.edges;
  const needs = ruleNeeds(p, n, inputs);
  if (needs === null) return false;
  const before = tensorsMade();
  const gs = n.spec.vjp({ g, x: inputs[0]!, y: inputs[1]!, inputs, out: n.out!, attrs: n.attrs, needs });
  const opaque = n.spec.opaque === true;
  let moved = opaque;
  for (let i = 0; i < inputs.length; i++) {
    let gi = gs[i];
    if (!needs[i] || gi === null || gi === undefined) continue;
    const input = inputs[i]!;
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
    const own = p.quiet && !opaque && alone(gs, needs, i) && (gi === g ? owned : gi.serial > before && gi.node === null);
    if (gi === g) moved = true;
    route(p, edges[i]!, input, gi, own);
  }
  return moved;
}

/** Whether the rule gave `gs[i]` to input `i` alone (add's rule gives `g` to both inputs when both need it). */
function alone(gs: ReadonlyArray<Tensor | null>, needs: readonly boolean[], i: number): boolean {
  for (let j = 0; j < gs.length; j++) if (j !== i && needs[j] && gs[j] === gs[i]) return false;
  return true;
}

/** Checked once per pass: most tapes watch only leaves, and then no input of any node needs a lookup in the set. */
function watchedNonLeaves(tape: Tape): ReadonlySet<Tensor> | null {
  for (const t of tape.watched) if (t.node !== null) return tape.watched;
  return null;
}

/** A wanted tensor's gradient: captured at its producer, or its leaf slot's (hooks not run: PyTorch 1.13's capture). */
function sourceGrad(p: Pass, s: Tensor, captured: ReadonlyArray<Tensor | null> | null, at: number): Tensor | null {
  const n = s.node;
  if (n !== null && n.pass === p.id && follows(p, n)) return captured?.[at] ?? null;
  if (s.pass === p.id) return tensorOf(p.leafGrads[s.slot]!, s);
  return null;
}

/** Node.keep's bits: the node runs its rule; its output is a wanted tensor (its cotangent is captured or sunk). */
const RUN = 2, WANTED = 1;

/**
 * PyTorch's exec_info for a pass that wants some tensors' gradients (autograd.grad's inputs, backward's `inputs=`, a
 * tape's sources): a node runs its rule only if one of its followed inputs is wanted or is produced by a node that
 * leads to one; a wanted tensor's producer that does not is kept only to receive its cotangent; every other node
 * leaves the pass, so that its rule, its hooks and its freeing do not happen, and the dependency counts are redone.
 * Returns null when every node runs and none produces a wanted tensor (nothing to change), else the array that the
 * wanted tensors' captured cotangents go into.
 */
function prune(p: Pass, wanted: readonly Tensor[]): Array<Tensor | null> | null {
  const nodes = p.nodes; // every one with keep = 0 (addNode)
  let capturing = false;
  for (let i = 0; i < wanted.length; i++) {
    const n = wanted[i]!.node;
    if (n !== null && n.pass === p.id) { n.keep = WANTED; capturing = true; }
  }
  // nodes are in breadth-first order from the roots: walked backwards, a chain settles in one sweep, and when every
  // node runs after one (the usual case: all lead to a wanted tensor) nothing can change
  let running = 0;
  for (let changed = true; changed && !(running === nodes.length && !capturing);) {
    changed = false;
    for (let k = nodes.length - 1; k >= 0; k--) {
      const n = nodes[k]!;
      if ((n.keep & RUN) !== 0) continue;
      // NOTE: a freed node keeps its edges but not its inputs: a leaf input is its edge itself, so a freed node that
      // leads to a wanted leaf still runs (and reports the freed graph, as PyTorch's engine does); a non-leaf input
      // whose producer this pass does not follow is then unknown, and counts as not wanted
      const edges = n.edges, inputs = n.inputs;
      for (let i = 0; i < edges.length; i++) {
        const e = edges[i]!;
        const followed = e instanceof Node && e.pass === p.id;
        if (followed ? (e as Node).keep !== 0
          : !(p.tape === null && untrackedAt(n, i)) && wanted.includes(inputs !== null ? inputs[i]! : (e as Tensor))) {
          n.keep |= RUN;
          running++;
          changed = true;
          break;
        }
      }
    }
  }
  if (running === nodes.length && !capturing) return null;
  let kept = 0;
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k]!;
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
  return new Array<Tensor | null>(wanted.length).fill(null);
}

function runHooks(hooks: ReadonlyArray<(g: Tensor) => Tensor | void> | null, g: Tensor): Tensor {
  if (hooks === null) return g;
  for (const h of hooks) g = h(g) ?? g;
  return g;
}

/**
 * The accumulate sink: `.grad += g`, in place unless the graph of the gradient is wanted. The first gradient is a copy
 * either way (recorded under create_graph: a leaf's as AccumulateGrad's CopyBackwards, a retained non-leaf's as the
 * retains_grad hook's CloneBackward0): `g` may be a cotangent the pass goes on using, which a later in-place
 * accumulation into `.grad` must not change.
 */
function sink(t: Tensor, g: Tensor, createGraph: boolean): void {
  if (t.grad === null) t.grad = !createGraph ? clone(g, false) : t.node === null ? gradCopy(g) : clone(g);
  else if (createGraph) t.grad = add(t.grad, g);
  else addInto(t.grad, g);
}

