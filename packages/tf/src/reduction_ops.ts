import * as core from '@twingrad/core';
import { dtypeOf } from './dtypes.js';
import { guarded } from './errors.js';
import { debugShape, inputTypeError, invalid, keywords } from './kernel_checks.js';
import { NUMBER, REAL_FLOAT, REDUCTION_SIGNATURE, REDUCTION_TIDX, checkKernelType } from './kernel_types.js';
import { TensorBase, convert, wrap, type Tensor, type TensorInput } from './tensor.js';

/**
 * TensorFlow's reductions (math_ops.py's reduce_*, cumsum, argmax and argmin), with their kernels' dtype and axis
 * checks: TF's tie rule for max and min, the population variance, and the reductions' identities over no element.
 */
type In = TensorInput;
export type Axis = number | readonly number[] | null | undefined;
/** Reductions take `(x, axis?, keepdims?)` or Python's keywords as `(x, { axis, keepdims })`. */
type AxisArg = Axis | TensorBase | { axis?: Axis | TensorBase; keepdims?: boolean };

/** A reduction over numbertype (no bool kernel: TF's reduce_sum does not cast bools as NumPy does). */
const numRed = (op: string, f: (x: core.Tensor, axis: Axis, keepdims: boolean) => core.Tensor) => red(op, (x, a, k) => {
  checkKernelType(op, x, NUMBER, REDUCTION_SIGNATURE, REDUCTION_TIDX);
  checkAxes(op, a, x.rank);
  return f(x, a, k);
});

/**
 * The reduction kernels' axis checks (reduction_ops_common.cc, SimplifyHelper), in its order, axis by axis: each must
 * be in [-rank, rank), so a 0-d tensor takes none (PyTorch's dim 0 and -1 of a 0-d tensor are not TF's), and none
 * may name a dimension twice (reported normalized). Non-integer axes are left to the core's checks.
 */
export function checkAxes(op: string, axis: Axis, rank: number): void {
  if (axis === null || axis === undefined) return;
  const seen = new Set<number>();
  for (const a of typeof axis === 'number' ? [axis] : axis) {
    if (!Number.isInteger(a)) continue;
    if (a < -rank || a >= rank) throw invalid(op, `Invalid reduction dimension (${a} for input with ${rank} dimension(s)`);
    const i = (a + rank) % rank;
    if (seen.has(i)) throw invalid(op, `Invalid reduction arguments: Axes contains duplicate dimension: ${i}`);
    seen.add(i);
  }
}

function axisArgs(axis: AxisArg, keepdims: boolean | undefined): [Axis, boolean] {
  const o = keywords<{ axis?: Axis | TensorBase; keepdims?: boolean }>(axis);
  if (o !== null) return [axisValue(o.axis ?? null), o.keepdims ?? false];
  return [axisValue((axis as Axis | TensorBase) ?? null), keepdims ?? false];
}

/** An axis given as a tensor (TF converts reduction_indices from any int tensor): its number, or its list. */
function axisValue(axis: Axis | TensorBase): Axis {
  if (!(axis instanceof TensorBase)) return axis;
  const t = convert(axis);
  return t.rank === 0 ? t.first : Array.from(t.data);
}

const red = (op: string, f: (x: core.Tensor, axis: Axis, keepdims: boolean) => core.Tensor, dtype?: core.DType) =>
  (input_tensor: In, axis?: AxisArg, keepdims?: boolean): Tensor => guarded(op, () => {
    const [ax, kd] = axisArgs(axis, keepdims);
    // a value that is no tensor yet is converted to the input's one dtype if it has one (All, Any: bool)
    const tensor = input_tensor instanceof TensorBase || input_tensor instanceof core.Tensor;
    return wrap(f(tensor || dtype === undefined ? convert(input_tensor) : convert(input_tensor, dtype), ax, kd));
  });

export const reduce_sum = numRed('Sum', (x, a, k) => core.sum(x, a, k));
/**
 * NOTE: an int32 mean is int32, the sum divided by the count and truncated, as TF's integer Mean kernel (the core's).
 * An int32 mean over no element is 0: reduction_ops_common.h fills an empty reduction with the reducer's identity,
 * and MeanReducer<int32>'s is 0 (only the float types are given NaN, FIX_MEAN_IDENTITY in reduction_ops.h).
 */
export const reduce_mean = numRed('Mean', (x, a, k) => (x.dtype === 'int32' ? orIdentity('Mean', x, a, k, 0) : null) ?? core.mean(x, a, k));
export const reduce_max = numRed('Max', (x, a, k) => orIdentity('max', x, a, k, -Infinity) ?? core.max(x, a, k, 'tf'));
export const reduce_min = numRed('Min', (x, a, k) => orIdentity('min', x, a, k, Infinity) ?? core.min(x, a, k, 'tf'));
export const reduce_prod = numRed('Prod', (x, a, k) => core.prod(x, a, k, undefined, 'tf'));
/**
 * math_ops.py's reduce_logsumexp runs reduce_max(input, axis, keepdims=True) first, then gen_math_ops.is_finite on
 * that maximum: so a bool input fails in Max (no bool kernel), an int32 one in IsFinite (float types only), and the
 * axes are Max's to check.
 */
export const reduce_logsumexp = red('ReduceLogSumExp', (x, a, k) => {
  checkKernelType('Max', x, NUMBER, REDUCTION_SIGNATURE, REDUCTION_TIDX);
  checkAxes('Max', a, x.rank);
  checkKernelType('IsFinite', x, REAL_FLOAT, 'x:T -> y:bool');
  // its gradient is that composition's where it differs from PyTorch's beyond rounding, beside a +inf (core/ops/stats.ts)
  return core.logsumexp(x, a, k, 'tf');
});

/**
 * `tf.math.reduce_all` and `reduce_any`: All and Any take `input: bool` (no T attr), so another dtype is the eager
 * executor's input type error; an empty reduction is True (all) or False (any), the reducers' identities.
 */
const boolRed = (op: 'All' | 'Any', f: (x: core.Tensor, axis: Axis, keepdims: boolean) => core.Tensor) => red(op, (x, a, k) => {
  if (x.dtype !== 'bool') throw inputTypeError(op, 0, 'bool', x.dtype);
  checkAxes(op, a, x.rank);
  return f(x, a, k);
}, 'bool');
export const reduce_all = boolRed('All', (x, a, k) => core.all(x, a, k));
export const reduce_any = boolRed('Any', (x, a, k) => core.any(x, a, k));

/** `tf.math.cumsum(x, axis=0, exclusive=False, reverse=False)`, or with an options object for the keywords. */
export function cumsum(x: In, axis: number | { axis?: number; exclusive?: boolean; reverse?: boolean } = 0, exclusive = false, reverse = false): Tensor {
  const o = keywords<{ axis?: number; exclusive?: boolean; reverse?: boolean }>(axis) ?? { axis: (axis as number | null) ?? 0, exclusive, reverse };
  return guarded('Cumsum', () => {
    const t = convert(x);
    // Cumsum's T is numbertype: no bool (PyTorch's cumsum counts bools as int)
    checkKernelType('Cumsum', t, NUMBER, 'x:T, axis:Tidx -> out:T; attr=exclusive:bool,default=false; attr=reverse:bool,default=false', REDUCTION_TIDX);
    const ax = o.axis ?? 0, r = t.rank;
    // scan_ops.cc: FastBoundsCheck(axis, dims), so a 0-d tensor has no axis to scan (PyTorch's cumsum takes it)
    if (Number.isInteger(ax) && !(ax >= -r && ax < r)) throw invalid('Cumsum', `ScanOp: Expected scan axis in the range [${-r}, ${r}), but got ${ax}`);
    return wrap(core.cumsum(t, ax, o.exclusive ?? false, o.reverse ?? false));
  });
}
// math_ops.py's compositions: float32 steps, and the gradient through the means where it is not finite (core/ops/stats.ts)
export const reduce_variance = red('ReduceVariance', (x, a, k) => core.variance(realInput(x, a), a, 0, k, 'tf'));
export const reduce_std = red('ReduceStd', (x, a, k) => core.std(realInput(x, a), a, 0, k, 'tf'));
export const reduce_euclidean_norm = red('EuclideanNorm', (x, a, k) => {
  checkAxes('EuclideanNorm', a, x.rank);
  return core.norm(x, 2, a, k, 'tf');
});

/**
 * math_ops.py's reduce_variance (which reduce_std calls) takes the mean first and refuses an integer one:
 * "Input must be either real or complex. Received integer type <dtype: 'int32'>."; a bool input, or axes the Mean
 * kernel refuses, fail in that mean first.
 */
function realInput(x: core.Tensor, axis: Axis): core.Tensor {
  if (x.dtype === 'bool') checkKernelType('Mean', x, NUMBER, REDUCTION_SIGNATURE, REDUCTION_TIDX);
  checkAxes('Mean', axis, x.rank);
  if (x.dtype === 'int32') throw new TypeError(`Input must be either real or complex. Received integer type ${dtypeOf(x.dtype)}.`);
  return x;
}

/**
 * NOTE: TF's Max and Min of nothing are the reductions' identities (Eigen's MaxReducer starts at -inf, or the lowest
 * int32; MinReducer at +inf or the highest): `tf.reduce_max(tf.zeros([0]))` is -inf where PyTorch raises; an int32
 * Mean of nothing is 0 (its sum divided by a count of 0, which the kernel returns as 0). When the
 * reduced axes hold no element, the result is that constant, selected by `where` over the (empty) sum so that it stays
 * connected to `x`: its gradient is then zeros of x's shape (empty), as TF's, not None.
 */
function orIdentity(op: string, x: core.Tensor, axis: Axis, keepdims: boolean, identity: number): core.Tensor | null {
  if (x.size > 0) return null;
  const axes = core.normAxes(op, axis, x.rank);
  if (!axes.some((a) => x.shape[a] === 0)) return null;
  const shape = keepdims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
  const value = x.dtype !== 'int32' ? identity : identity === -Infinity ? -2147483648 : identity === Infinity ? 2147483647 : identity;
  return core.where(core.full(shape, 1, 'bool'), core.full(shape, value, x.dtype), core.sum(x, axes, keepdims));
}

/**
 * `tf.math.argmax(input, axis=None)`: TF reduces axis 0 by default (not the flattened tensor); int32 output here (TF:
 * int64). The ArgMax kernel's checks (argmax_op.cc).
 */
export const argmax = (input: In, axis: number | null | { axis?: number | null } = 0): Tensor => arg('ArgMax', input, axis, core.argmax);
export const argmin = (input: In, axis: number | null | { axis?: number | null } = 0): Tensor => arg('ArgMin', input, axis, core.argmin);

function arg(op: string, input: In, axis: number | null | { axis?: number | null }, f: (x: core.Tensor, axis: number) => core.Tensor): Tensor {
  const ax = (keywords<{ axis?: number | null }>(axis) !== null ? (axis as { axis?: number | null }).axis : (axis as number | null)) ?? 0;
  return guarded(op, () => {
    const x = convert(input);
    const r = x.rank;
    if (Number.isInteger(ax) && !(ax >= -r && ax < r)) throw invalid(op, `Expected dimension in the range [${-r}, ${r}), but got ${ax}`);
    const a = ax < 0 ? ax + r : ax;
    // argmax_op.cc prints the axis as given (dim), not normalized
    if (x.shape[a] === 0) throw invalid(op, `Reduction axis ${ax} is empty in shape ${debugShape(x.shape)}`);
    return wrap(f(x, a));
  });
}
