import { Tensor } from '../tensor.js';
import type { DType } from '../dtype.js';
import { fail, fmtShape } from '../errors.js';
import { axesLast, inversePerm, normAxes, normAxis, sizeOf, stridesOf, type Shape } from '../shape.js';
import { mayRecord, record } from '../autograd/record.js';
import type { GradSpec } from '../autograd/node.js';
import { argReduceInto, othersProductInto, reduceInto, tieWeightsInto, zeroTieOfAll, type Fold } from '../kernels/reduce.js';
import { castInto } from '../kernels/cast.js';
import { expandInto } from '../kernels/expand.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { div, mul, type Convention } from './arith.js';
import { eq, where } from './compare.js';
import { broadcastTo } from './broadcast.js';
import { cast, reshape, transpose } from './shape.js';

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

/** The input's shape with the reduced axes set to 1: the shape of a keepdims result. */
export function keptShape(inShape: Shape, axes: readonly number[]): number[] {
  return inShape.map((n, d) => (axes.includes(d) ? 1 : n));
}

/** The cotangent of a reduction's output, reshaped with the reduced axes kept (size 1), ready to broadcast back. */
export function keepDims(g: Tensor, inShape: Shape, attrs: ReduceAttrs): Tensor {
  if (attrs.keepdims) return g;
  return reshape(g, keptShape(inShape, attrs.axes));
}

const isAll = (axis: Axes): axis is null | undefined => axis === null || axis === undefined;

/**
 * The values a reduction with a `dtype` folds: x converted to it first, as PyTorch's sum, mean and prod do with their
 * dtype argument, without a node of its own (PyTorch's graph has none: the result's node leads to x itself, whose
 * gradient the engine returns in x's dtype). Without one, or of x's own dtype, x itself.
 */
function converted(x: Tensor, dtype: DType | undefined): Tensor {
  if (dtype === undefined || dtype === x.dtype) return x;
  const c = new Tensor(x.shape, dtype);
  castInto(x.data, c.data, dtype === 'bool');
  return c;
}

// d sum(x) = g broadcast back over the reduced axes
const SUM: GradSpec<ReduceAttrs> = { name: 'SumBackward1', saves: [], vjp: ({ g, x, attrs }) => [broadcastTo(keepDims(g, x.shape, attrs), x.shape)] };
const SUM_ALL: GradSpec<ReduceAttrs> = { ...SUM, name: 'SumBackward0' };

/**
 * Sum over `axis` (null: all axes). Integer and bool inputs sum to int32 (PyTorch gives int64). With `dtype`, x is
 * converted to it first and the sum has it (a sum to bool is true where any element is nonzero).
 */
export function sum(xv: TensorLike, axis: Axes = null, keepdims = false, dtype?: DType): Tensor {
  const x = asTensor('sum', xv);
  const { attrs, shape, reduced } = reduction('sum', x, axis, keepdims);
  const out = fold(converted(x, dtype), reduced, shape, dtype ?? (x.dtype === 'bool' ? 'int32' : x.dtype), 'sum');
  if (out.dtype === 'bool') { const d = out.data; for (let i = 0; i < d.length; i++) d[i] = d[i] !== 0 ? 1 : 0; }
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

/**
 * Mean over `axis` (null: all axes); an empty float reduction gives NaN, as in both frameworks. An int32 input gives
 * int32, the sum divided by the count and truncated toward zero, as TensorFlow's integer Mean kernel (PyTorch refuses
 * integer means; its facade says so before calling this). Bool inputs have no mean in either framework.
 */
export function mean(xv: TensorLike, axis: Axes = null, keepdims = false, dtype?: DType): Tensor {
  const input = asTensor('mean', xv);
  // with a dtype, the mean of x converted to it (PyTorch's mean(dtype=)); recorded on the input itself
  const x = converted(input, dtype);
  if (x.dtype === 'bool') fail('dtype', 'mean: expected a numeric tensor, got bool');
  const { attrs, shape, reduced } = reduction('mean', x, axis, keepdims);
  let n = 1;
  for (const a of attrs.axes) n *= x.shape[a]!;
  const out = fold(x, reduced, shape, x.dtype === 'int32' ? 'float64' : x.dtype, 'sum');
  const d = out.data;
  if (x.dtype === 'int32') {
    if (n === 0) fail('value', `mean: an empty reduction of an int32 tensor (shape ${fmtShape(x.shape)}) has no value`);
    const q = new Int32Array(d.length);
    for (let i = 0; i < d.length; i++) q[i] = Math.trunc(d[i]! / n);
    return new Tensor(shape, 'int32', q);
  }
  for (let i = 0; i < d.length; i++) d[i] = d[i]! / n;
  return record(axis === null || axis === undefined ? MEAN_ALL : MEAN, [input], out, { ...attrs, n });
}
registerOp('mean', 'reduce', true, (x: Tensor) => mean(x), { cases: [
  { shapes: [[2, 3]], call: (x) => mean(x) }, { shapes: [[2, 3, 4]], call: (x) => mean(x, [1]) },
  { shapes: [[3, 4]], call: (x) => mean(x, 0, true) },
] });

// d prod(x) = g * prod_{j != i} x_j, per slice, as each framework computes it (attrs.convention) when the pass records
// nothing: PyTorch's prod_backward takes out / x when the input holds no zero, else the products of the others from
// exclusive cumulative products (prod(dim): every slice; prod(): the one slice with one zero; with two or more,
// zeros), and the gradient of a 0-d input is g; TensorFlow's _ProdGrad always takes those products (then a slice
// with an inf but no zero has finite gradients where out / x gives inf / inf).
// NOTE: a recorded pass (create_graph, an outer tape) uses formulas made of differentiable ops instead, written
// without dividing by a zero so that gradients of gradients stay right: out / x for slices without zeros; a slice
// with one zero at k gets the product of the others at k and x_k * p / x_i elsewhere, which is 0 but keeps its
// derivative in x_k; a slice with two or more zeros gets every product of the others directly (the slice repeated
// n times with a 1 on the diagonal, O(n^2)): differentiable to any order, as PyTorch's prod(dim) and TensorFlow's
// gradient are. Their first derivatives are the same products, rounded differently, except where an inf meets a
// zero. PyTorch's prod() over all elements gives a constant 0 with two zeros or more instead (docs/divergences.md).
interface ProdAttrs extends ReduceAttrs { convention: Convention; all: boolean }
const PROD: GradSpec<ProdAttrs> = { name: 'ProdBackward1', saves: [0, 'out'], vjp: ({ g, x, out, attrs }) => [prodGrad(g, x, out, attrs)] };
const PROD_ALL: GradSpec<ProdAttrs> = { ...PROD, name: 'ProdBackward0' };

function prodGrad(g: Tensor, input: Tensor, out: Tensor, attrs: ProdAttrs): Tensor {
  // prod(dtype=) recorded on its input: derivatives.yaml's prod_backward(grad, self.to(grad.scalar_type()), result)
  const x = input.dtype === out.dtype ? input : cast(input, out.dtype);
  const gk = keepDims(g, x.shape, attrs);
  if (!mayRecord(x, g)) {
    if (attrs.convention === 'tf') return mul(gk, othersProducts(x, attrs.axes, false));
    if (x.rank === 0) return mul(gk, Tensor.filled(x.shape, x.dtype, 1));
    let zeros = 0;
    const xs = x.data;
    for (let i = 0; i < xs.length; i++) if (xs[i] === 0) zeros++;
    if (zeros === 0) return mul(gk, div(keepDims(out, x.shape, attrs), x));
    if (attrs.all && zeros > 1) return new Tensor(x.shape, x.dtype);
    return mul(gk, othersProducts(x, attrs.axes, true));
  }
  const z = eq(x, 0);
  const zeros = fold(z, x.shape.map((_, d) => attrs.axes.includes(d)), keptShape(x.shape, attrs.axes), x.dtype, 'sum');
  let most = 0;
  for (let k = 0; k < zeros.size; k++) most = Math.max(most, zeros.data[k]!);
  if (most === 0) return mul(gk, div(keepDims(out, x.shape, attrs), x));
  if (most >= 2) return mul(gk, othersProduct(x, attrs.axes));
  const one = eq(zeros, 1);
  const xs = where(z, 1, x);
  const p = prod(xs, attrs.axes, true);
  const lone = sum(where(z, x, 0), attrs.axes, true);
  const f = where(eq(zeros, 0), 1, where(one, lone, 0));
  return mul(gk, where(z, where(one, p, 0), div(mul(f, p), xs)));
}

/**
 * Unrecorded: for each entry, the product of the others in its slice over `axes` (othersProductInto). Adjacent axes
 * (one axis, all of them) are slices of the data as it lies; other sets are moved last first, in their order.
 */
function othersProducts(x: Tensor, axes: readonly number[], wide: boolean): Tensor {
  let adjacent = true;
  for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1]! + 1) adjacent = false;
  if (!adjacent) {
    const perm = axesLast(x.rank, axes);
    const moved = othersProducts(transpose(x, perm), perm.map((_, i) => i).slice(perm.length - axes.length), wide);
    return transpose(moved, inversePerm(perm));
  }
  const a = axes.length === 0 ? x.rank : axes[0]!;
  const b = axes.length === 0 ? x.rank : axes[axes.length - 1]! + 1;
  const res = new Tensor(x.shape, x.dtype);
  othersProductInto(x.data, res.data, sizeOf(x.shape.slice(0, a)), sizeOf(x.shape.slice(a, b)), sizeOf(x.shape.slice(b)), wide);
  return res;
}

/** For each entry, the product of the other entries of its slice over `axes`, in public (differentiable) ops. */
function othersProduct(x: Tensor, axes: readonly number[]): Tensor {
  const perm = axesLast(x.rank, axes);
  const kept = perm.slice(0, perm.length - axes.length);
  const lead = kept.map((d) => x.shape[d]!);
  const n = axes.reduce((a, d) => a * x.shape[d]!, 1);
  // row i of the [..., n, n] block is the slice with its i-th entry replaced by 1
  const rows = broadcastTo(reshape(transpose(x, perm), [...lead, 1, n]), [...lead, n, n]);
  const eye = new Tensor([n, n], 'bool');
  for (let i = 0; i < n; i++) eye.data[i * n + i] = 1;
  const others = reshape(prod(where(eye, 1, rows), -1), [...lead, ...axes.map((d) => x.shape[d]!)]);
  return transpose(others, inversePerm(perm));
}

/**
 * Product over `axis` (null: all axes); an empty reduction gives 1. Bool inputs give int32, as `sum`; `dtype` as in
 * `sum`; `convention: 'tf'` takes TensorFlow's gradient (see PROD).
 */
export function prod(xv: TensorLike, axis: Axes = null, keepdims = false, dtype?: DType, convention: Convention = 'torch'): Tensor {
  const x = asTensor('prod', xv);
  const { attrs, shape, reduced } = reduction('prod', x, axis, keepdims);
  const out = fold(converted(x, dtype), reduced, shape, dtype ?? (x.dtype === 'bool' ? 'int32' : x.dtype), 'prod');
  const all = isAll(axis);
  return record(all ? PROD_ALL : PROD, [x], out, { ...attrs, convention, all });
}
registerOp('prod', 'reduce', true, (x: Tensor) => prod(x), { domain: [0.5, 1.5], cases: [
  { shapes: [[2, 3]], call: (x) => prod(x) }, { shapes: [[2, 3, 4]], call: (x) => prod(x, [0, 2]) },
  { shapes: [[3, 4]], call: (x) => prod(x, -1, true) }, { shapes: [[1, 3]], call: (x) => prod(x, 0) },
] });

/** How a max/min rule hands out g: evenly over ties (with or without NaN matching NaN), or to the first index. */
type Split = 'even' | 'tf' | 'index';
/** `pos`: for the 'index' split, where each result came from in x (flat), taken when the op ran. */
interface ExtremeAttrs extends ReduceAttrs { sign: 1 | -1; split: Split; pos?: Int32Array }

// d max(x) = g to the maximum; how ties share it is the convention (attrs.split)
// NOTE: PyTorch's max() splits g evenly among tied maxima (NaN counts as a tie of a NaN result); its max(dim) gives
// it all to the index it returns (the first). TensorFlow's _MinOrMaxGrad splits evenly for any axes.
// NOTE: PyTorch writes g into zeros, so the elements not selected get +0 whatever g is (NaN, inf or negative):
// max() fills zeros with g / count where selected (evenly_distribute_backward: masked_fill_ on CPU), max(dim)
// scatters g into zeros (value_selecting_reduction_backward). TensorFlow's (and PyTorch's amax) multiplies g by the
// weights (indicators / count), so NaN * 0 = NaN and -g * 0 = -0 there: the 'tf' split.
const extremeVjp: GradSpec<ExtremeAttrs>['vjp'] = ({ g, x, out, attrs }) => {
  const gk = keepDims(g, x.shape, attrs);
  if (attrs.split === 'tf') return [mul(broadcastTo(gk, x.shape), selectWeights(x, out, attrs))];
  const mask = selectMask(x, out, attrs);
  if (attrs.split === 'index') return [where(mask, broadcastTo(gk, x.shape), 0)];
  const count = fold(mask, x.shape.map((_, d) => attrs.axes.includes(d)), gk.shape, x.dtype, 'sum');
  return [where(mask, div(gk, count), 0)];
};
const extremeSpec = (name: string): GradSpec<ExtremeAttrs> => ({ name, saves: [0, 'out'], vjp: extremeVjp });
// NOTE: max(dim)'s rule reads the indices taken in the forward pass (attrs.pos) and x's shape only, as PyTorch's
// MaxBackward0 saves only the indices: changing x or the values in place afterwards is no error there. x stays
// saved, unchecked (`reads`), so that the node is freed after backward as PyTorch's is.
const indexSpec = (name: string): GradSpec<ExtremeAttrs> => ({ name, saves: [0], reads: [[]], vjp: extremeVjp });
const EXTREME_SPECS = {
  max: { even: extremeSpec('MaxBackward1'), index: indexSpec('MaxBackward0'), tf: extremeSpec('AmaxBackward0') },
  min: { even: extremeSpec('MinBackward1'), index: indexSpec('MinBackward0'), tf: extremeSpec('AminBackward0') },
};

/**
 * The 'tf' split's constant weight per input element, indicators / count with NaN matching nothing (not
 * differentiated: the rule is linear in g and flat in x).
 */
function selectWeights(x: Tensor, out: Tensor, attrs: ExtremeAttrs): Tensor {
  const w = new Tensor(x.shape, x.dtype);
  const reduced = x.shape.map((_, d) => attrs.axes.includes(d));
  tieWeightsInto(x.data, x.shape, reduced, out.data, keptShape(x.shape, attrs.axes), false, false, w.data);
  return w;
}

/**
 * PyTorch's selection, a bool mask over x: the index each result came from ('index'), or every element equal to its
 * slot's result ('even'; NaN where the result is NaN, as evenly_distribute_backward's `value.isnan() ? input.isnan()`).
 */
function selectMask(x: Tensor, out: Tensor, attrs: ExtremeAttrs): Tensor {
  const m = new Tensor(x.shape, 'bool');
  const md = m.data;
  if (attrs.split === 'index') {
    const pos = attrs.pos!;
    for (let k = 0; k < pos.length; k++) md[pos[k]!] = 1;
    return m;
  }
  const rb = new Float64Array(x.size);
  expandInto(out.data, keptShape(x.shape, attrs.axes), rb, x.shape);
  const xd = x.data;
  for (let i = 0; i < md.length; i++) {
    const v = xd[i]!, t = rb[i]!;
    md[i] = v === t || (v !== v && t !== t) ? 1 : 0;
  }
  return m;
}

/**
 * Rejects a max/min/argmax/argmin over an empty axis, in PyTorch's words. `given`: the dims as the caller gave them,
 * for amax/amin, whose check (ReduceOps.cpp zero_numel_check_dims) names the first empty one as given (-1, not 1);
 * max(dim), min(dim), argmax and argmin name it wrapped.
 */
function checkNonEmpty(op: string, x: Tensor, axes: readonly number[], all: boolean, given?: Axes): void {
  if (all && x.size === 0) {
    fail(op.startsWith('arg') ? 'index' : 'runtime', `${op}(): Expected reduction dim to be specified for input.numel() == 0.` +
      (op.startsWith('arg') ? '' : " Specify the reduction dim with the 'dim' argument."));
  }
  const shown = given === undefined || given === null ? axes : typeof given === 'number' ? [given] : given;
  for (const d of shown) {
    if (x.shape[d < 0 ? d + x.rank : d] === 0) fail('index', `${op}(): Expected reduction dim ${d} to have non-zero size.`);
  }
}

function extreme(op: 'max' | 'min', xv: TensorLike, axis: Axes, keepdims: boolean, convention: Convention, label: string = op): Tensor {
  const x = asTensor(label, xv);
  const { attrs, shape, reduced } = reduction(label, x, axis, keepdims);
  checkNonEmpty(label, x, attrs.axes, isAll(axis), label === op ? undefined : axis);
  const out = fold(x, reduced, shape, x.dtype, op);
  const split: Split = convention === 'tf' ? 'tf' : isAll(axis) ? 'even' : 'index';
  const sign = op === 'max' ? 1 : -1;
  // NOTE: PyTorch's max()/min() may return either zero where +0 and -0 tie (zeroTieOfAll); max(dim) and amax, the first
  if (split === 'even' && out.data[0] === 0 && (x.data instanceof Float32Array || x.data instanceof Float64Array)) {
    out.data[0] = zeroTieOfAll(x.data, sign);
  }
  let pos: Int32Array | undefined;
  if (split === 'index' && mayRecord(x, null)) argReduceInto(x.data, x.shape, reduced, pos = new Int32Array(out.size), sign);
  return record(EXTREME_SPECS[op][split], [x], out, { ...attrs, sign, split, pos });
}

/**
 * Max over `axis` (null: all axes); NaN wins. An empty reduced axis is an error.
 * NOTE convention: 'torch' = PyTorch (full reduction splits g evenly among ties; with axes, g goes to the first
 * index, as max(dim) does; PyTorch's amax(dims) is the 'tf' rule); 'tf' = TensorFlow (evenly among ties always).
 * @example max(fromArray([[1, 5], [7, 2]]), 1) // [5, 7]
 */
export function max(x: TensorLike, axis: Axes = null, keepdims = false, convention: Convention = 'torch'): Tensor {
  return extreme('max', x, axis, keepdims, convention);
}
/** Min over `axis` (null: all axes); ties as in `max`. */
export function min(x: TensorLike, axis: Axes = null, keepdims = false, convention: Convention = 'torch'): Tensor {
  return extreme('min', x, axis, keepdims, convention);
}
/**
 * PyTorch's amax over `axis` (null: all axes): max with the gradient split evenly among the ties whatever the axes
 * (derivatives.yaml amax: scale_grad_by_count over `result == self`, so a slot whose max is NaN gets NaN throughout,
 * TensorFlow's reduce_max rule, the 'tf' convention of `max`). Empty reductions fail as max's, in amax's words.
 */
export function amax(x: TensorLike, axis: Axes = null, keepdims = false): Tensor {
  return extreme('max', x, axis, keepdims, 'tf', 'amax');
}
/** PyTorch's amin: min as `amax` is max. */
export function amin(x: TensorLike, axis: Axes = null, keepdims = false): Tensor {
  return extreme('min', x, axis, keepdims, 'tf', 'amin');
}
for (const [name, fn] of [['max', max], ['min', min]] as const) {
  registerOp(name, 'reduce', true, (x: Tensor) => fn(x), { cases: [
    { shapes: [[2, 3]], call: (x) => fn(x) }, { shapes: [[2, 3, 4]], call: (x) => fn(x, [0, 2]) },
    { shapes: [[3, 4]], call: (x) => fn(x, -1, true) }, { shapes: [[3, 4]], call: (x) => fn(x, 0, false, 'tf'), label: 'tf' },
  ] });
}

function argExtreme(op: 'argmax' | 'argmin', xv: TensorLike, axis: number | null, keepdims: boolean): Tensor {
  const x = asTensor(op, xv);
  const a = axis === null ? null : normAxis(op, axis, x.rank);
  const { shape, reduced } = reduction(op, x, a, keepdims);
  checkNonEmpty(op, x, a === null || x.rank === 0 ? [] : [a], a === null);
  const out = new Tensor(shape, 'int32');
  const pos = out.data as Int32Array;
  argReduceInto(x.data, x.shape, reduced, pos, op === 'argmax' ? 1 : -1);
  if (a !== null && x.rank > 0) {
    const stride = stridesOf(x.shape)[a]!, n = x.shape[a]!;
    for (let k = 0; k < pos.length; k++) pos[k] = Math.floor(pos[k]! / stride) % n;
  }
  return out;
}

/**
 * Index of the max along one axis (null: of the flattened tensor); int32; the first index at ties, NaN wins.
 * Never recorded (an index has no gradient).
 * @example argmax(fromArray([[1, 5, 5], [7, 7, 1]]), 1) // [1, 0]
 */
export function argmax(x: TensorLike, axis: number | null = null, keepdims = false): Tensor { return argExtreme('argmax', x, axis, keepdims); }
/** Index of the min along one axis (null: of the flattened tensor); ties and NaN as in `argmax`. */
export function argmin(x: TensorLike, axis: number | null = null, keepdims = false): Tensor { return argExtreme('argmin', x, axis, keepdims); }
registerOp('argmax', 'reduce', false, (x: Tensor) => argmax(x));
registerOp('argmin', 'reduce', false, (x: Tensor) => argmin(x));

export { logsumexp, variance, std, norm, varMean, stdMean } from './stats.js';

/**
 * The indices of the nonzero (true, or NaN) elements, one row [i0, i1, ...] per element in row-major order: int32
 * [count, rank] (PyTorch's nonzero, TensorFlow's one-argument where). Not differentiable.
 * @example argwhere(fromArray([[0, 1.5], [2, 0]])).data // [0, 1, 1, 0]
 */
export function argwhere(xv: TensorLike): Tensor {
  const x = asTensor('argwhere', xv);
  const d = x.data, r = x.rank;
  const strides = stridesOf(x.shape);
  const hits: number[] = [];
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) hits.push(i);
  const out = new Tensor([hits.length, r], 'int32');
  const o = out.data;
  for (let k = 0; k < hits.length; k++) {
    let rest = hits[k]!;
    for (let a = 0; a < r; a++) { o[k * r + a] = Math.floor(rest / strides[a]!); rest %= strides[a]!; }
  }
  return out;
}
registerOp('argwhere', 'reduce', false, (x: Tensor) => argwhere(x));
