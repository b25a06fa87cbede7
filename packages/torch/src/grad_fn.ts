/**
 * grad_fn: PyTorch's autograd Node as Python sees it (GradFn, with AccumulateGrad for leaves), one object per node,
 * over core's nodes.
 */
import { core } from './core.js';
import { wrap, type Tensor } from './tensor.js';

/**
 * PyTorch's autograd Node as seen from Python: `name()` and `next_functions`, pairs [fn or null, output number];
 * leaves that require grad appear as AccumulateGrad (with `variable`, the leaf).
 */
export class GradFn {
  constructor(private readonly node: core.Node | null, readonly variable: Tensor | null = null) {}
  name(): string {
    if (this.node === null) return 'torch::autograd::AccumulateGrad';
    // PyTorch's hand-written C++ nodes (NotImplemented: an op derivatives.yaml does not differentiate; CopyBackwards:
    // copy_'s, and AccumulateGrad's copy of a first gradient under create_graph; CopySlices: an in-place op through a
    // view) name themselves in full, as AccumulateGrad does; repr and the tensor's grad_fn=<...> show the short name
    const name = this.node.name;
    return name === 'NotImplemented' || name === 'CopyBackwards' || name === 'CopySlices' ? `torch::autograd::${name}` : name;
  }
  /**
   * The edges as recorded: a leaf input that did not require grad when the op ran has none (`(null, 0)`), even if it
   * requires grad now (core Node.untracked); one that did shows its AccumulateGrad.
   */
  get next_functions(): Array<[GradFn | null, number]> {
    const n = this.node;
    if (n === null) return [];
    const edges = edgesOf(n);
    // PyTorch's CopySlices wraps the in-place op: the base's edge, then the op's but the view's (core copySlices)
    const wraps = n.name === 'CopySlices' ? (n.attrs as core.CopySlicesAttrs) : null;
    if (wraps === null || wraps.fn === null) return edges;
    const fn = wraps.fn, at = fn.inputs === null ? -1 : fn.inputs.indexOf(wraps.view!) - (fn.spec.firstEdge ?? 0);
    return [edges[0]!, ...edgesOf(fn).filter((_, i) => i !== at)];
  }
  toString(): string {
    return `<${this.node === null ? 'AccumulateGrad' : this.node.name} object>`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** A node's edges as PyTorch's next_functions (where's condition and pow(number, x)'s base are inputs here, no edges). */
function edgesOf(n: core.Node): Array<[GradFn | null, number]> {
  const edges = n.edges.map((e, i): [GradFn | null, number] => (e instanceof core.Node ? [fnOfNode(e), pieceOf(e)?.index ?? 0]
    : [untrackedAt(n, i) ? null : accumulateGradOf(e), 0]));
  const shown = n.spec.firstEdge === undefined ? edges : edges.slice(n.spec.firstEdge);
  return n.name === 'ClampBackward0' ? withBothBounds(n, shown) : shown;
}

/**
 * PyTorch's clamp.Tensor node has an edge for each bound, given or not (`(None, 0)` for a missing one: x.clamp(max=t)
 * shows self's, None, t's); the core's node has inputs for the bounds given only.
 */
function withBothBounds(n: core.Node, edges: Array<[GradFn | null, number]>): Array<[GradFn | null, number]> {
  const { lo, hi } = n.attrs as { lo?: boolean; hi?: boolean };
  if (lo === undefined || lo === hi) return edges;
  return lo ? [...edges, [null, 0]] : [edges[0]!, [null, 0], ...edges.slice(1)];
}

const fnCache = new WeakMap<object, GradFn>();
/** The pieces of one split call are one grad_fn, as PyTorch's one node with an output per piece. */
export function fnOfNode(n: core.Node): GradFn | null {
  if (!n.torch) return null;
  const key = pieceOf(n)?.call ?? n;
  let f = fnCache.get(key);
  if (f === undefined) fnCache.set(key, (f = new GradFn(n)));
  return f;
}
/** core's Node.untracked bit of input i (autograd/node.ts `untrackedAt`). */
function untrackedAt(n: core.Node, i: number): boolean {
  const u = n.untracked;
  return typeof u === 'number' ? ((u >>> i) & 1) !== 0 : u[i]!;
}
/** handle_view_on_rebase's name for `t`'s history, `Output n of Name` (n: which output of its node), or null if it has none. */
export function gradFnLabel(t: core.Tensor): string | null {
  const n = t.node;
  return n !== null && n.torch && t.requiresGrad ? `Output ${pieceOf(n)?.index ?? 0} of ${n.name}` : null;
}
const pieceOf = (n: core.Node): core.Piece | undefined => (n.attrs as { piece?: core.Piece } | null)?.piece;
function accumulateGradOf(t: core.Tensor): GradFn {
  let f = fnCache.get(t);
  if (f === undefined) fnCache.set(t, (f = new GradFn(null, wrap(t))));
  return f;
}
