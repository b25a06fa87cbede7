import { Tensor } from '../tensor.js';
import type { DType } from '../dtype.js';
import { floatOf } from '../dtype.js';
import { normAxes, type Shape } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec } from '../autograd/node.js';
import { reduceInto, type Fold } from '../kernels/reduce.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { div } from './arith.js';
import { broadcastTo } from './broadcast.js';
import { reshape } from './shape.js';

/** Axes to reduce (null: all), and whether to keep them as size-1 dimensions. */
export interface ReduceAttrs {
  axes: number[];
  keepdims: boolean;
}

export type Axes = number | readonly number[] | null | undefined;

/** Resolves a reduction's axes and output shape once, for every reduction. */
export function reduction(op: string, x: Tensor, axis: Axes, keepdims: boolean): { attrs: ReduceAttrs; shape: number[]; reduced: boolean[] } {
  const axes = normAxes(op, axis, x.rank);
  const reduced = x.shape.map((_, d) => axes.includes(d));
  const shape: number[] = [];
  x.shape.forEach((n, d) => { if (!reduced[d]) shape.push(n); else if (keepdims) shape.push(1); });
  return { attrs: { axes, keepdims }, shape, reduced };
}

/** Runs a fold kernel into a new tensor of `dtype`. */
export function fold(x: Tensor, reduced: boolean[], shape: Shape, dtype: DType, how: Fold): Tensor {
  const out = new Tensor(shape, dtype);
  const acc = new Float64Array(out.size);
  reduceInto(x.data, x.shape, reduced, acc, how);
  out.data.set(acc);
  return out;
}

/** The cotangent of a reduction's output, reshaped with the reduced axes kept (size 1), ready to broadcast back. */
export function keepDims(g: Tensor, inShape: Shape, attrs: ReduceAttrs): Tensor {
  if (attrs.keepdims) return g;
  return reshape(g, inShape.map((n, d) => (attrs.axes.includes(d) ? 1 : n)));
}

// d sum(x) = g broadcast back over the reduced axes
const SUM: GradSpec<ReduceAttrs> = { name: 'SumBackward1', saves: [], vjp: ({ g, x, attrs }) => [broadcastTo(keepDims(g, x.shape, attrs), x.shape)] };
const SUM_ALL: GradSpec<ReduceAttrs> = { ...SUM, name: 'SumBackward0' };

/** Sum over `axis` (null: all axes). Integer and bool inputs sum to int32 (PyTorch gives int64). */
export function sum(xv: TensorLike, axis: Axes = null, keepdims = false): Tensor {
  const x = asTensor('sum', xv);
  const { attrs, shape, reduced } = reduction('sum', x, axis, keepdims);
  const out = fold(x, reduced, shape, x.dtype === 'bool' ? 'int32' : x.dtype, 'sum');
  return record(axis === null || axis === undefined ? SUM_ALL : SUM, [x], out, attrs);
}
registerOp('sum', 'reduce', true, (x: Tensor) => sum(x), { cases: [
  { shapes: [[2, 3]], call: (x) => sum(x) }, { shapes: [[2, 3, 4]], call: (x) => sum(x, [0, 2]) },
  { shapes: [[3, 4]], call: (x) => sum(x, -1, true) }, { shapes: [[0, 3]], call: (x) => sum(x, 0) },
] });

// d mean(x) = g / n broadcast back
const MEAN: GradSpec<ReduceAttrs & { n: number }> = {
  name: 'MeanBackward1', saves: [],
  vjp: ({ g, x, attrs }) => [broadcastTo(div(keepDims(g, x.shape, attrs), attrs.n), x.shape)],
};
const MEAN_ALL = { ...MEAN, name: 'MeanBackward0' };

/** Mean over `axis` (null: all axes); an empty reduction gives NaN, as in both frameworks. */
export function mean(xv: TensorLike, axis: Axes = null, keepdims = false): Tensor {
  const x = asTensor('mean', xv);
  const { attrs, shape, reduced } = reduction('mean', x, axis, keepdims);
  let n = 1;
  for (const a of attrs.axes) n *= x.shape[a]!;
  const out = fold(x, reduced, shape, floatOf(x.dtype), 'sum');
  const d = out.data;
  for (let i = 0; i < d.length; i++) d[i] = d[i]! / n;
  return record(axis === null || axis === undefined ? MEAN_ALL : MEAN, [x], out, { ...attrs, n });
}
registerOp('mean', 'reduce', true, (x: Tensor) => mean(x), { cases: [
  { shapes: [[2, 3]], call: (x) => mean(x) }, { shapes: [[2, 3, 4]], call: (x) => mean(x, [1]) },
  { shapes: [[3, 4]], call: (x) => mean(x, 0, true) },
] });

// ---- To be implemented (issue #2): each a defineOp-style record like sum/mean above. ----
const todo = (op: string): never => { throw new Error(`${op}: not implemented yet`); };

/** Product over axes. */
export function prod(x: TensorLike, axis: Axes = null, keepdims = false): Tensor { return todo('prod'); }
/**
 * Max over axes. NOTE convention: 'torch' = PyTorch (full reduction splits g evenly among ties; with a dim,
 * g goes to the single index argmax picks); 'tf' = TensorFlow (splits evenly among ties always).
 */
export function max(x: TensorLike, axis: Axes = null, keepdims = false, convention: 'torch' | 'tf' = 'torch'): Tensor { return todo('max'); }
export function min(x: TensorLike, axis: Axes = null, keepdims = false, convention: 'torch' | 'tf' = 'torch'): Tensor { return todo('min'); }
/** Index of the max along one axis (null: of the flattened tensor); int32; first index at ties. */
export function argmax(x: TensorLike, axis: number | null = null, keepdims = false): Tensor { return todo('argmax'); }
export function argmin(x: TensorLike, axis: number | null = null, keepdims = false): Tensor { return todo('argmin'); }
/** log(sum(exp(x))) computed stably (max subtracted). */
export function logsumexp(x: TensorLike, axis: Axes = null, keepdims = false): Tensor { return todo('logsumexp'); }
/** Variance with `correction` (PyTorch's correction / NumPy's ddof; PyTorch defaults to 1, TensorFlow's reduce_variance to 0). */
export function variance(x: TensorLike, axis: Axes = null, correction = 1, keepdims = false): Tensor { return todo('variance'); }
export function std(x: TensorLike, axis: Axes = null, correction = 1, keepdims = false): Tensor { return todo('std'); }
/** p-norm over axes (ord: a positive number, Infinity, or 'fro'); the 2-norm's gradient at 0 is 0 (PyTorch's masked rule). */
export function norm(x: TensorLike, ord: number | 'fro' = 2, axis: Axes = null, keepdims = false): Tensor { return todo('norm'); }
