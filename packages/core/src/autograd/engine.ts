import type { Tensor } from '../tensor.js';
import { fail, fmtShape } from '../errors.js';
import { sameShape } from '../shape.js';
import { mode, withGradMode, type Tape } from './mode.js';
import { Node } from './node.js';
import { add } from '../ops/arith.js';
import { sumTo } from '../ops/broadcast.js';
import { clone, addInto } from '../ops/copy.js';

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

type Key = Node | Tensor;

/**
 * THE backward pass: Kahn's algorithm over the recorded nodes reachable from `roots`, each node's rule run
 * once, cotangents summed per edge, O(nodes + edges). Returns the sources' gradients (return sink), or
 * accumulates into `.grad` (accumulate sink).
 */
export function backward(roots: readonly Tensor[], seeds: readonly Tensor[], o: BackwardOptions): Array<Tensor | null> {
  const tape = o.tape;
  const follows = tape ? (n: Node) => n.tapes !== null && n.tapes.includes(tape) : (n: Node) => n.torch;
  const tracksLeaf = tape ? (t: Tensor) => tape.watched.has(t) : (t: Tensor) => t.requiresGrad && t.node === null;
  const keyOf = (t: Tensor, producer: Node | null): Key | null =>
    producer !== null && follows(producer) ? producer : tracksLeaf(t) ? t : null;

  // Count, for every node reachable from the roots, how many followed edges lead into it.
  const deps = new Map<Node, number>();
  const stack: Node[] = [];
  const grads = new Map<Key, Tensor>();
  for (let r = 0; r < roots.length; r++) {
    const k = keyOf(roots[r]!, roots[r]!.node);
    if (k === null) continue;
    accumulate(grads, k, seeds[r]!);
    if (k instanceof Node && !deps.has(k)) { deps.set(k, 0); stack.push(k); }
  }
  const order: Node[] = [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    order.push(n);
    if (n.inputs === null) freedError();
    for (let i = 0; i < n.edges.length; i++) {
      const e = n.edges[i]!;
      if (!(e instanceof Node) || !follows(e)) continue;
      const d = deps.get(e);
      if (d === undefined) { deps.set(e, 1); stack.push(e); } else deps.set(e, d + 1);
    }
  }
  const ready = order.filter((n) => deps.get(n) === 0);
  const targets = o.accumulate === null ? null : new Set<Tensor>(o.accumulate);
  const prevGrad = mode.grad;
  const prevTapes = mode.tapes;
  mode.grad = o.createGraph;
  if (!o.createGraph) mode.tapes = [];
  try {
    while (ready.length > 0) {
      const n = ready.pop()!;
      let g = grads.get(n);
      const out = n.out!;
      if (g !== undefined) {
        g = runHooks(out, g);
        grads.set(n, g);
        if (o.sources === null && out.retainsGrad && (targets === null || targets.has(out))) sink(out, g, o.createGraph);
        if (o.sources === null && targets !== null && targets.has(out) && !out.retainsGrad) sink(out, g, o.createGraph);
        step(n, g, keyOf, grads);
      }
      for (const e of n.edges) {
        if (!(e instanceof Node) || !deps.has(e)) continue;
        const d = deps.get(e)! - 1;
        deps.set(e, d);
        if (d === 0) ready.push(e);
      }
      if (!o.retainGraph) n.free();
    }
  } finally {
    mode.grad = prevGrad;
    mode.tapes = prevTapes;
  }
  if (o.sources !== null) {
    return o.sources.map((s) => {
      const k = keyOf(s, s.node);
      const g = k === null ? undefined : grads.get(k);
      return g === undefined ? null : k instanceof Node ? g : runHooks(s, g);
    });
  }
  withGradMode(o.createGraph, () => {
    for (const [k, g] of grads) {
      if (k instanceof Node || (targets !== null && !targets.has(k))) continue;
      sink(k, runHooks(k, g), o.createGraph);
    }
  });
  return [];
}

/** Runs one node's rule and routes each cotangent along its edge. */
function step(n: Node, g: Tensor, keyOf: (t: Tensor, p: Node | null) => Key | null, grads: Map<Key, Tensor>): void {
  const inputs = n.inputs;
  if (inputs === null) freedError();
  const keys: Array<Key | null> = [];
  const needs: boolean[] = [];
  let any = false;
  for (let i = 0; i < inputs.length; i++) {
    const e = n.edges[i]!;
    const k = keyOf(inputs[i]!, e instanceof Node ? e : null);
    keys.push(k);
    needs.push(k !== null);
    any ||= k !== null;
  }
  if (!any) return;
  checkVersions(n, inputs);
  const out = n.out!;
  const gs = n.spec.vjp({ g, x: inputs[0]!, y: inputs[1]!, inputs, out, attrs: n.attrs, needs });
  for (let i = 0; i < inputs.length; i++) {
    const k = keys[i];
    let gi = gs[i];
    if (k === null || k === undefined || gi === null || gi === undefined) continue;
    if (n.spec.unbroadcast) gi = sumTo(gi, n.inShapes[i]!);
    if (!sameShape(gi.shape, n.inShapes[i]!) || gi.dtype !== inputs[i]!.dtype) {
      fail('runtime', `${n.name}: the gradient rule returned ${gi.dtype}${fmtShape(gi.shape)} for input ${i}, which is ${inputs[i]!.dtype}${fmtShape(n.inShapes[i]!)}`);
    }
    accumulate(grads, k, gi);
  }
}

function accumulate(grads: Map<Key, Tensor>, k: Key, g: Tensor): void {
  const prev = grads.get(k);
  grads.set(k, prev === undefined ? g : add(prev, g));
}

function runHooks(t: Tensor, g: Tensor): Tensor {
  if (t.hooks === null) return g;
  for (const h of t.hooks) g = h(g) ?? g;
  return g;
}

/** The accumulate sink: `.grad += g`, in place unless the graph of the gradient is wanted. */
function sink(t: Tensor, g: Tensor, createGraph: boolean): void {
  if (t.grad === null) t.grad = createGraph ? g : clone(g, false);
  else if (createGraph) t.grad = add(t.grad, g);
  else addInto(t.grad, g);
}

const TYPE_NAME: Record<string, string> = { float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor' };

function checkVersions(n: Node, inputs: readonly Tensor[]): void {
  const saves = n.spec.saves;
  for (let s = 0; s < saves.length; s++) {
    const which = saves[s]!;
    const t = which === 'out' ? n.out! : inputs[which]!;
    if (t.version === n.versions[s]) continue;
    const producer = t.node !== null ? `, which is output 0 of ${t.node.name},` : '';
    fail('runtime', `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
      `[${TYPE_NAME[t.dtype] ?? t.dtype} [${t.shape.join(', ')}]]${producer} is at version ${t.version}; expected version ${n.versions[s]} instead. ` +
      `Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).`);
  }
}

function freedError(): never {
  fail('runtime', 'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
    'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True ' +
    'if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.');
}
