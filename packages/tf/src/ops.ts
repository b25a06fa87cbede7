import * as core from '@twingrad/core';
import { coreDType, dtypeOf, type DTypeLike } from './dtypes.js';
import { InvalidArgumentError, NotFoundError, ValueError, guarded, translate } from './errors.js';
import { expand_dims, squeeze, transpose } from './array_ops.js';
import { TensorBase, convert, dtypeHint, fmtShape, operand, wrap, type Tensor, type TensorInput } from './tensor.js';
import { TF_DTYPE_NAME, checkPair, debugShape, inputTypeError, invalid, keywords } from './kernel_checks.js';
import { pyRepr, pyStr } from './py.js';
export { reshape, transpose, expand_dims, squeeze, concat, stack, unstack, split, slice, gather, broadcast_to } from './array_ops.js';

/**
 * THE name table: every TensorFlow op of the facade, under TF's names, each one call into the core (no math here).
 * Where the frameworks disagree at an edge, the core op gets `convention: 'tf'`. `CORE_NAMES` maps every op of the
 * core's registry to the TF name that exposes it (or says why none does); the coverage test checks it.
 */
type In = TensorInput;
type Axis = number | readonly number[] | null | undefined;
/** Reductions take `(x, axis?, keepdims?)` or Python's keywords as `(x, { axis, keepdims })`. */
type AxisArg = Axis | { axis?: Axis; keepdims?: boolean };

/**
 * The dtypes an op's kernel takes (its `T` attr), as tensorflow/core/ops/math_ops.cc declares them: `names` in TF's
 * order (for the message), and `dtypes`, the twingrad dtypes among them.
 */
interface TypeAttr { names: readonly string[]; dtypes: readonly core.DType[] }
// UNARY_COMPLEX: Sqrt, Rsqrt, Exp, Expm1, Log, Log1p, Sin, Cos, Tanh, Sigmoid
const FLOAT_OR_COMPLEX: TypeAttr = { names: ['bfloat16', 'half', 'float', 'double', 'complex64', 'complex128'], dtypes: ['float32', 'float64'] };
// UNARY_REAL: Erf; also Atan2 and IsFinite, whose T is the same list
const REAL_FLOAT: TypeAttr = { names: ['bfloat16', 'half', 'float', 'double'], dtypes: ['float32', 'float64'] };
// UNARY: Reciprocal, Tan (their op defs take int32; their CPU kernels do not, see noKernel)
const UNARY_TYPES: TypeAttr = {
  names: ['bfloat16', 'half', 'float', 'double', 'int8', 'int16', 'int32', 'int64', 'complex64', 'complex128'],
  dtypes: ['float32', 'float64', 'int32'],
};
// numbertype: the reductions Sum, Mean, Prod, Max, Min
const NUMBER: TypeAttr = {
  names: ['float', 'double', 'int32', 'uint8', 'int16', 'int8', 'complex64', 'int64', 'qint8', 'quint8', 'qint32', 'bfloat16', 'qint16', 'quint16', 'uint16', 'complex128', 'half', 'uint32', 'uint64'],
  dtypes: ['float32', 'float64', 'int32'],
};
// nn_ops.cc: Elu, Softplus, Softmax, LogSoftmax take T: {half, bfloat16, float, double}
const NN_FLOAT: TypeAttr = { names: ['half', 'bfloat16', 'float', 'double'], dtypes: ['float32', 'float64'] };
// nn_ops.cc: Relu takes T: {realnumbertype, qint8} (no bool)
const REAL_NUMBER: TypeAttr = {
  names: ['float', 'double', 'int32', 'uint8', 'int16', 'int8', 'int64', 'bfloat16', 'uint16', 'half', 'uint32', 'uint64', 'qint8'],
  dtypes: ['float32', 'float64', 'int32'],
};
const FEATURES_SIGNATURE = 'features:T -> activations:T';
const UNARY_SIGNATURE = 'x:T -> y:T';
const REDUCTION_SIGNATURE = 'input:T, reduction_indices:Tidx -> output:T; attr=keep_dims:bool,default=false';
const REDUCTION_TIDX = '; attr=Tidx:type,default=DT_INT32,allowed=[DT_INT32, DT_INT64]';

/**
 * TF's refusal of a dtype outside the op's `T` attr (op_def_util.cc's ValidateAttrValue, with the op's summary), e.g.
 * `tf.sqrt` of int32: "Value for attr 'T' of int32 is not in the list of allowed values: bfloat16, half, ..." (issue
 * tensorflow/tensorflow#43494 shows the eager text). NOTE: the core would compute these in float; TF has no such kernel.
 */
function checkKernelType(op: string, x: core.Tensor, attr: TypeAttr, signature: string, tail = ''): void {
  if (attr.dtypes.includes(x.dtype)) return;
  const allowed = attr.names.map((n) => `DT_${n.toUpperCase()}`).join(', ');
  throw new InvalidArgumentError(`Value for attr 'T' of ${TF_DTYPE_NAME[x.dtype]} is not in the list of allowed values: ${attr.names.join(', ')}\n\t; NodeDef: {{node ${op}}}; Op<name=${op}; signature=${signature}; attr=T:type,allowed=[${allowed}]${tail}> [Op:${op}]`, op);
}


/**
 * The eager executor's refusal when the op's `T` attr allows the dtype but no CPU kernel is registered for it
 * (KernelsRegisteredForOp, as issues tensorflow/tensorflow#64224 and #92921 show it for Reciprocal). `cpu` lists the
 * CPU kernels' types as TF prints them (the last registered first); a build with XLA or GPU kernels lists those too.
 */
function noKernel(op: string, x: core.Tensor, cpu: readonly string[]): never {
  const registered = cpu.map((t) => `\n  device='CPU'; T in [DT_${t.toUpperCase()}]`).join('');
  throw new NotFoundError(`Could not find device for node: {{node ${op}}} = ${op}[T=DT_${TF_DTYPE_NAME[x.dtype].toUpperCase()}]\nAll kernels registered for op ${op}:${registered}\n [Op:${op}]`, op);
}

/** A unary op whose kernel is float-only (TF has no integer Sqrt or Exp). */
const floatUn = (op: string, attr: TypeAttr, f: (x: core.Tensor) => core.Tensor, signature = UNARY_SIGNATURE) => un(op, (x) => {
  checkKernelType(op, x, attr, signature);
  return f(x);
});

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
function checkAxes(op: string, axis: Axis, rank: number): void {
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

/** Both operands as core values; two tensors of different dtypes are TF's InvalidArgumentError (TF never promotes). */
function pair(op: string, x: In, y: In): [core.Tensor | number, core.Tensor | number] {
  const a = operand(x, dtypeHint(y));
  const b = operand(y, typeof a === 'number' ? undefined : a.dtype);
  checkPair(op, a, b);
  return [a, b];
}

// NOTE: `guarded`, inlined in the elementwise ops: its closure per call shows in scalar code (the notebook's).
const un = (op: string, f: (x: core.Tensor) => core.Tensor) => (x: In): Tensor => {
  try {
    return wrap(f(convert(x)));
  } catch (e) {
    throw translate(e, op);
  }
};

const bin = (op: string, f: (x: core.Tensor | number, y: core.Tensor | number) => core.Tensor) => (x: In, y: In): Tensor => {
  try {
    // NOTE: `pair`, inlined too: its tuple shows as well.
    const a = operand(x, dtypeHint(y));
    const b = operand(y, typeof a === 'number' ? undefined : a.dtype);
    checkPair(op, a, b);
    return wrap(f(a, b));
  } catch (e) {
    throw translate(e, op);
  }
};

function axisArgs(axis: AxisArg, keepdims: boolean | undefined): [Axis, boolean] {
  if (axis !== null && typeof axis === 'object' && !Array.isArray(axis)) {
    const o = axis as { axis?: Axis; keepdims?: boolean };
    return [o.axis ?? null, o.keepdims ?? false];
  }
  return [(axis as Axis) ?? null, keepdims ?? false];
}

const red = (op: string, f: (x: core.Tensor, axis: Axis, keepdims: boolean) => core.Tensor) =>
  (input_tensor: In, axis?: AxisArg, keepdims?: boolean): Tensor => guarded(op, () => {
    const [ax, kd] = axisArgs(axis, keepdims);
    return wrap(f(convert(input_tensor), ax, kd));
  });

const tf = { convention: 'tf' as const };

// ---- elementwise ----
export const add = bin('AddV2', core.add);
export const subtract = bin('Sub', core.sub);
export const multiply = bin('Mul', core.mul);
/**
 * `tf.math.divide`, `tf.math.truediv` and `x / y`: math_ops.py's _truediv_python3. Both operands must have one dtype
 * (a TypeError, before any op), which _TRUEDIV_TABLE maps: int32 is cast to float64 before RealDiv (so an int above
 * 2^24 keeps its value, and the result mixes with float64), floats divide as they are, and bool is not in the table.
 */
export const divide = (x: In, y: In): Tensor => {
  try {
    const a = operand(x, dtypeHint(y));
    const b = typeof a === 'number' ? operand(y) : hinted(y, a.dtype);
    const da = typeof a === 'number' ? null : a.dtype, db = typeof b === 'number' ? null : b.dtype;
    if (da !== null && db !== null && da !== db) throw new TypeError(`\`x\` and \`y\` must have the same dtype, got tf.${da} != tf.${db}.`);
    const dtype = da ?? db;
    if (dtype === 'bool') throw new TypeError(`Invalid dtype tf.bool in __truediv__. Expected one of ${TRUEDIV_DTYPES}.`);
    if (dtype === 'int32') return wrap(core.div(asFloat64(a), asFloat64(b)));
    return wrap(core.div(a, b));
  } catch (e) {
    throw translate(e, 'RealDiv');
  }
};
export const truediv = divide;
/**
 * _truediv_python3 converts y with x's dtype as a hint only (`dtype_hint=x.dtype.base_dtype`): a value that does not
 * convert to it (2.5 beside an int32) converts as if no hint were given, so the same-dtype TypeError names both dtypes.
 */
function hinted(y: In, hint: core.DType): core.Tensor | number {
  try {
    return operand(y, hint);
  } catch (e) {
    if (!(e instanceof TypeError || e instanceof ValueError)) throw e;
    return convert(y);
  }
}
/** The keys of math_ops.py's _TRUEDIV_TABLE, as its TypeError prints them. */
const TRUEDIV_DTYPES = '{tf.uint8, tf.int8, tf.uint16, tf.int16, tf.uint32, tf.int32, tf.uint64, tf.int64, tf.bfloat16, tf.float16, tf.float32, tf.float64, tf.complex64, tf.complex128}';
const asFloat64 = (v: core.Tensor | number): core.Tensor | number => (typeof v === 'number' ? v : core.cast(v, 'float64'));
export const pow = bin('Pow', (x, y) => {
  // the Pow kernel refuses a negative exponent of an integer base (cwise_ops.h); numbers come here as 0-d tensors
  if (typeof x !== 'number' && x.dtype === 'int32' && (typeof y === 'number' ? y < 0 : y.data.some((v) => v < 0))) {
    throw new InvalidArgumentError('Integers to negative integer powers are not allowed [Op:Pow]', 'Pow');
  }
  // a number exponent takes TF's unmasked gradient too (_PowGrad's scalar path: grad * y * pow(x, y - 1))
  return typeof y === 'number' ? core.powScalar(x, y, 'tf') : core.pow(x, y, tf);
});
export const maximum = bin('Maximum', (x, y) => core.maximum(x, y, tf));
export const minimum = bin('Minimum', (x, y) => core.minimum(x, y, tf));
export const atan2 = bin('Atan2', (y, x) => {
  // Atan2's T is {bfloat16, half, float, double}: no int32 (the core would compute it in float32)
  if (typeof y !== 'number') checkKernelType('Atan2', y, REAL_FLOAT, 'y:T, x:T -> z:T');
  // _Atan2Grad's rounding order: grad / (x^2 + y^2) first (core/ops/arith.ts)
  return core.atan2(y, x, tf);
});
export const equal = bin('Equal', core.eq);
export const not_equal = bin('NotEqual', core.ne);
export const less = bin('Less', core.lt);
export const less_equal = bin('LessEqual', core.le);
export const greater = bin('Greater', core.gt);
export const greater_equal = bin('GreaterEqual', core.ge);

export const negative = un('Neg', (x) => core.neg(x));
export const square = un('Square', (x) => core.square(x));
// Sqrt, Rsqrt and Reciprocal: TF's gradient kernels give 0 where the incoming gradient is 0 (core/ops/unary.ts)
export const sqrt = floatUn('Sqrt', FLOAT_OR_COMPLEX, (x) => core.sqrt(x, 'tf'));
export const rsqrt = floatUn('Rsqrt', FLOAT_OR_COMPLEX, (x) => core.rsqrt(x, 'tf'));
export const exp = floatUn('Exp', FLOAT_OR_COMPLEX, (x) => core.exp(x));
// _Expm1Grad: g * exp(x), not g * (expm1(x) + 1)
export const expm1 = floatUn('Expm1', FLOAT_OR_COMPLEX, (x) => core.expm1(x, 'tf'));
export const log = floatUn('Log', FLOAT_OR_COMPLEX, (x) => core.log(x));
export const log1p = floatUn('Log1p', FLOAT_OR_COMPLEX, (x) => core.log1p(x));
export const abs = un('Abs', (x) => core.abs(x));
export const sign = un('Sign', (x) => core.sign(x));
// cwise_op_reciprocal.cc registers Reciprocal's CPU kernel for float, half, double, complex64 and complex128
export const reciprocal = un('Reciprocal', (x) => {
  checkKernelType('Reciprocal', x, UNARY_TYPES, UNARY_SIGNATURE);
  if (x.dtype === 'int32') noKernel('Reciprocal', x, ['complex128', 'complex64', 'double', 'half', 'float']);
  return core.reciprocal(x, 'tf');
});
export const sin = floatUn('Sin', FLOAT_OR_COMPLEX, (x) => core.sin(x));
export const cos = floatUn('Cos', FLOAT_OR_COMPLEX, (x) => core.cos(x));
// cwise_op_tan.cc registers Tan's CPU kernel for float and double
export const tan = un('Tan', (x) => {
  checkKernelType('Tan', x, UNARY_TYPES, UNARY_SIGNATURE);
  if (x.dtype === 'int32') noKernel('Tan', x, ['double', 'float']);
  return core.tan(x);
});
export const tanh = floatUn('Tanh', FLOAT_OR_COMPLEX, (x) => core.tanh(x));
export const sigmoid = floatUn('Sigmoid', FLOAT_OR_COMPLEX, (x) => core.sigmoid(x));
export const erf = floatUn('Erf', REAL_FLOAT, (x) => core.erf(x));
/** NOTE: TF's softplus has no threshold (PyTorch switches to x above 20). */
export const softplus = floatUn('Softplus', NN_FLOAT, (x) => core.softplus(x, 1, Infinity), FEATURES_SIGNATURE);
/**
 * `tf.math.logical_not(x)`: LogicalNot's input is `x: bool` (no T attr), so a tensor of another dtype is the eager
 * executor's input type error; other values convert as bools.
 */
export const logical_not = (x: In): Tensor => guarded('LogicalNot', () => {
  const t = x instanceof TensorBase || x instanceof core.Tensor ? convert(x) : convert(x, 'bool');
  if (t.dtype !== 'bool') {
    throw inputTypeError('LogicalNot', 0, 'bool', t.dtype);
  }
  return wrap(core.logicalNot(t));
});
export const identity = un('Identity', (x) => core.identity(x));
export const relu = floatUn('Relu', REAL_NUMBER, (x) => core.relu(x, 'tf'), FEATURES_SIGNATURE);
export const elu = floatUn('Elu', NN_FLOAT, (x) => core.elu(x, 1, 'tf'), FEATURES_SIGNATURE);

/** `tf.nn.leaky_relu(features, alpha=0.2)`. */
export const leaky_relu = (features: In, alpha = 0.2): Tensor => guarded('LeakyRelu', () => wrap(core.leakyRelu(convert(features), alpha)));
/** `tf.nn.gelu(features, approximate=False)`. */
export const gelu = (features: In, approximate = false): Tensor => guarded('Gelu', () => {
  const x = convert(features);
  // nn_ops.gelu's own check, before any kernel
  if (!core.isFloat(x.dtype)) throw new ValueError(`\`features.dtype\` must be a floating point tensor.Received:features.dtype=${dtypeOf(x.dtype)}`);
  return wrap(core.gelu(x, approximate));
});
/**
 * `tf.clip_by_value(t, clip_value_min, clip_value_max)`: clip_ops.py's minimum(t, max), then maximum(that, min), with
 * TensorFlow's tie rule; the bounds are numbers (converted with t's dtype, as TF converts them) or tensors that
 * broadcast to t. NOTE: number bounds with min <= max take the core's clamp: one op, the same values and gradients.
 */
export const clip_by_value = (t: In, clip_value_min: In, clip_value_max: In): Tensor => guarded('ClipByValue', () => {
  const x = convert(t);
  const lo = operand(clip_value_min, x.dtype), hi = operand(clip_value_max, x.dtype);
  checkPair('Minimum', x, hi);
  checkPair('Maximum', x, lo);
  // clip_ops.py: each step's result must keep t's shape (values.shape.assert_is_compatible_with): a bound may not
  // broadcast t to a larger shape; one that cannot broadcast at all fails in the kernel of its step
  for (const [op, bound] of [['Minimum', hi], ['Maximum', lo]] as const) {
    if (typeof bound === 'number') continue;
    const shape = guarded(op, () => core.broadcastShapes(op, x.shape, bound.shape));
    if (!core.sameShape(shape, x.shape)) throw new ValueError(`Shapes ${fmtShape(x.shape)} and ${fmtShape(shape)} are incompatible`);
  }
  if (typeof lo === 'number' && typeof hi === 'number' && lo <= hi) return wrap(core.clamp(x, lo, hi));
  return wrap(core.maximum(core.minimum(x, hi, tf), lo, tf));
});

/**
 * `tf.where(condition, x, y)`; `tf.where(condition)` alone: the coordinates of the true (nonzero) elements, one row
 * each in row-major order (int32 here, TF: int64).
 */
export function where(condition: In, x?: In, y?: In): Tensor {
  if (x === undefined && y === undefined) return guarded('Where', () => wrap(core.argwhere(convert(condition))));
  return guarded('SelectV2', () => {
    if (x === undefined || y === undefined) throw new ValueError('x and y must both be non-None or both be None.');
    const c = convert(condition, 'bool');
    const [a, b] = pair('SelectV2', x, y);
    return wrap(core.where(c, a, b));
  });
}

// ---- reductions (TF's tie rule for max/min; population variance) ----
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

/**
 * `tf.norm(tensor, ord='euclidean', axis=None, keepdims=None)`: 'euclidean' and 'fro' are the 2-norm of the entries
 * over the axes; a number p over one axis (or all) is the vector p-norm. Over two axes `[row, col]` (negative allowed,
 * the order matters), ord 1 is the largest column sum of |x| (summed along `row`, the max taken along `col`), ord
 * inf the largest row sum (summed along `col`, the max along `row`), and ord 2 the largest singular value (the two
 * axes moved last, then svd): each composed as linalg_ops.norm composes it, so its gradient is that of its parts.
 * The argument checks are linalg_ops.norm's, in its order: a list of two axes is a matrix norm (two different
 * integers, and 'euclidean', 'fro', 1, 2 or inf); anything else must be None or one integer (a list of none or of
 * three or more is refused), with 'euclidean', 1, 2, inf or a number > 0 (so 'fro' needs two axes: np.isreal('fro')
 * is False).
 * @example
 * tf.norm([[1, -2], [3, 4]], 1, [0, 1]);        // max(|1|+|3|, |-2|+|4|) = 6
 * tf.norm([[1, -2], [3, 4]], Infinity, [0, 1]); // max(|1|+|-2|, |3|+|4|) = 7
 * tf.norm([[3, 0], [4, 5]], 2, [0, 1]);         // the largest singular value, sqrt(45) = 6.7082
 */
export function norm(tensor: In, ord: 'euclidean' | 'fro' | number = 'euclidean', axis: Axis = null, keepdims = false): Tensor {
  return guarded('Norm', () => {
    const matrix = Array.isArray(axis) && axis.length === 2;
    if (matrix) {
      const [a, b] = axis as readonly number[];
      if (!Number.isInteger(a) || !Number.isInteger(b) || a === b) {
        // linalg_ops.norm: f"... got {axis}" after axis = tuple(axis), so str of a tuple: its elements' reprs
        throw new ValueError(`'axis' must be None, an integer, or a tuple of 2 unique integers, got (${pyRepr(a)}, ${pyRepr(b)})`);
      }
      if (!(ord === 'euclidean' || ord === 'fro' || ord === 1 || ord === 2 || ord === Infinity)) {
        throw new ValueError(`'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got ${pyStr(ord)}`);
      }
    } else {
      // NOTE: a list of one integer is taken as that integer. linalg_ops.norm itself refuses it (only None or an
      // int), but TensorFlow.js takes it and the facade has accepted it (the tfjs oracle passes axis=[0]).
      const one = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
      if (!(one === null || one === undefined || (typeof one === 'number' && Number.isInteger(one)))) {
        throw new ValueError(`'axis' must be None, an integer, or a tuple of 2 unique integers, got ${pyStr(axis)}`);
      }
      if (typeof ord === 'number' ? !(ord > 0) : ord !== 'euclidean') throw new ValueError(`'ord' must be a supported vector norm, got ${pyStr(ord)}`);
    }
    const x = convert(tensor);
    if (matrix && ord === 2) return spectralNorm(x, axis as readonly number[], keepdims);
    if (matrix && (ord === 1 || ord === Infinity)) return matrixNorm(x, ord, axis as readonly number[], keepdims);
    // the reductions that compute it check the axes: reduce_max for ord = inf, reduce_sum otherwise
    checkAxes(ord === Infinity ? 'Max' : 'Sum', axis, x.rank);
    return wrap(core.norm(x, typeof ord === 'number' ? ord : 2, axis, keepdims, 'tf'));
  });
}

/**
 * linalg_ops.norm's matrix 1- and inf-norms, from the facade's ops in TF's order (so a bad axis is the error of the
 * reduction that meets it first): |x|, summed along axis[0] for ord 1 (axis[1] for inf) and its max taken along the
 * other, each keeping its dims, then squeezed unless keepdims. The gradient is theirs: sign(x) from Abs, and Max's
 * share among ties.
 */
function matrixNorm(x: core.Tensor, ord: number, axis: readonly number[], keepdims: boolean): Tensor {
  const [row, col] = axis as readonly [number, number];
  const [sumAxis, maxAxis] = ord === 1 ? [row, col] : [col, row];
  const m = reduce_max(reduce_sum(abs(x), sumAxis, true), maxAxis, true);
  return keepdims ? m : squeeze(m, [row, col]);
}

// Svd's T attr (linalg_ops.cc); compute_uv and full_matrices come before it in the op def
const SVD_TYPES: TypeAttr = { names: ['double', 'float', 'half', 'complex64', 'complex128'], dtypes: ['float32', 'float64'] };
const SVD_SIGNATURE = 'input:T -> s:T, u:T, v:T; attr=compute_uv:bool,default=true; attr=full_matrices:bool,default=false';

/**
 * linalg_ops.norm's matrix 2-norm, in its steps: the axes not listed, then axis[0], then axis[1] (transpose, so a bad
 * axis is Transpose's error: its perm has the wrong length), the singular values (Svd with compute_uv=False: the
 * core's svdvals, 'tf' convention), abs, reduce_max over them with keepdims, expand_dims(-1), the inverse transpose,
 * then squeeze(axis) unless keepdims. The gradient is theirs: U diag(g) V^T (_SvdGrad), Abs's sign(s), which is 0 at
 * a zero singular value (so a zero matrix has a zero gradient), and Max's even split among tied largest values.
 * NOTE: an empty matrix has no singular value, and reduce_max of none is -inf.
 */
function spectralNorm(x: core.Tensor, axis: readonly number[], keepdims: boolean): Tensor {
  const r = x.rank;
  const before = core.axesLast(r, axis.map((a) => (a >= 0 ? a : a + r)));
  const permed = transpose(x, before);
  checkKernelType('Svd', permed._t, SVD_TYPES, SVD_SIGNATURE);
  const s = guarded('Svd', () => wrap(core.svdvals(permed._t, 'tf')));
  const m = expand_dims(reduce_max(abs(s), -1, true), -1);
  const back = transpose(m, core.inversePerm(before));
  return keepdims ? back : squeeze(back, axis);
}

// ---- shapes (the rest are in array_ops.ts) ----
/** `tf.pad(tensor, paddings, mode='CONSTANT', constant_values=0)`: CONSTANT (Pad, PadV2), REFLECT and SYMMETRIC (MirrorPad). */
export function pad(tensor: In, paddings: readonly (readonly [number, number])[], mode = 'CONSTANT', constant_values = 0): Tensor {
  const m = mode.toUpperCase();
  if (m === 'CONSTANT') {
    // array_ops.pad runs Pad for a constant value of 0 (a number, not a tensor), PadV2 otherwise
    const op = typeof constant_values === 'number' && constant_values === 0 ? 'Pad' : 'PadV2';
    return guarded(op, () => {
      const x = convert(tensor);
      // pad_op.cc's checks (one kernel for both ops)
      checkPaddings(op, paddings, x, ' ');
      for (const [b, a] of paddings) if (b < 0 || a < 0) throw invalid(op, `Paddings must be non-negative: ${b} ${a}`);
      return wrap(core.pad(x, paddings, constant_values));
    });
  }
  if (m !== 'REFLECT' && m !== 'SYMMETRIC') {
    throw new ValueError(`Value of argument \`mode\` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". Received \`mode\` = ${mode}`);
  }
  return guarded('MirrorPad', () => {
    const x = convert(tensor);
    // mirror_pad_op.cc's checks, in its order: the paddings' shape, then per dimension non-negative and within the
    // size (REFLECT repeats no edge entry, so it can add fewer than the dimension's size)
    checkPaddings('MirrorPad', paddings, x, ', ');
    paddings.forEach(([b, a], d) => {
      const n = x.shape[d]!;
      if (b < 0 || a < 0) throw invalid('MirrorPad', `paddings must be non-negative: ${b} ${a}`);
      if (m === 'REFLECT' && (b >= n || a >= n)) throw new InvalidArgumentError(`paddings must be less than the dimension size: ${b}, ${a} not less than ${n} [Op:MirrorPad]`, 'MirrorPad');
      if (m === 'SYMMETRIC' && (b > n || a > n)) throw new InvalidArgumentError(`paddings must be no greater than the dimension size: ${b}, ${a} greater than ${n} [Op:MirrorPad]`, 'MirrorPad');
    });
    return wrap(core.padWith(x, paddings, m === 'REFLECT' ? 'reflect' : 'symmetric'));
  });
}

/**
 * The kernels' first checks on `paddings`, which TF converts to a tensor (a nested list of another shape converts,
 * a ragged one fails in the conversion): a matrix with 2 columns, then one row per dimension of the input. The
 * kernels print the shapes with DebugString: `tf.pad(tf.constant(1), [])` is "paddings must be a matrix with 2
 * columns: [0]" ([] converts to shape [0]), `[[1]]` beside a vector "... : [1,1]". Pad separates the two shapes of the
 * second message with ' ', MirrorPad with ', '.
 */
function checkPaddings(op: string, paddings: unknown, x: core.Tensor, sep: string): void {
  const shape = convert(paddings).shape;
  if (shape.length !== 2 || shape[1] !== 2) throw invalid(op, `paddings must be a matrix with 2 columns: ${debugShape(shape)}`);
  if (shape[0] !== x.rank) throw invalid(op, `The first dimension of paddings must be the rank of inputs${debugShape(shape)}${sep}${debugShape(x.shape)}`);
}
export const cast = (x: In, dtype: DTypeLike): Tensor => guarded('Cast', () => wrap(core.cast(convert(x), coreDType(dtype)!)));
/** `tf.size(input)` and `tf.rank(input)` as int32 scalars. */
export const size = (input: In): Tensor => guarded('Size', () => wrap(core.scalar(convert(input).size, 'int32')));
export const rank = (input: In): Tensor => guarded('Rank', () => wrap(core.scalar(convert(input).rank, 'int32')));

// ---- linear algebra ----
/** `tf.linalg.matmul(a, b, transpose_a=False, transpose_b=False)`; operands must share a dtype. */
export function matmul(a: In, b: In, options: { transpose_a?: boolean; transpose_b?: boolean } = {}): Tensor {
  return guarded('MatMul', () => {
    const [x, y] = pair('MatMul', a, b) as [core.Tensor, core.Tensor];
    checkMatrices(x, y);
    return wrap(core.matmulT(x, y, options.transpose_a ?? false, options.transpose_b ?? false));
  });
}

/**
 * tf.matmul takes matrices, not vectors (the core, PyTorch's matmul, would take them): rank <= 2 runs MatMul, whose
 * kernel wants two matrices, anything higher BatchMatMulV2 (tensorflow/core/kernels/matmul_op_impl.h's texts).
 */
function checkMatrices(x: core.Tensor, y: core.Tensor): void {
  const ra = x.rank, rb = y.rank;
  let m: string | null = null;
  if (ra > 2 || rb > 2) {
    if (ra < 2) m = `In[0] ndims must be >= 2: ${ra} [Op:BatchMatMulV2]`;
    else if (rb < 2) m = `In[1] ndims must be >= 2: ${rb} [Op:BatchMatMulV2]`;
  } else if (ra !== rb) m = `In[0] and In[1] has different ndims: [${x.shape.join(',')}] vs. [${y.shape.join(',')}] [Op:MatMul]`;
  else if (ra !== 2) m = `In[0] and In[1] ndims must be == 2: ${ra} [Op:MatMul]`;
  if (m !== null) throw new InvalidArgumentError(m, ra > 2 || rb > 2 ? 'BatchMatMulV2' : 'MatMul');
}

// ---- nn ----
/** `tf.nn.softmax(logits, axis=None)`: the last axis by default. */
export const softmax = (logits: In, axis = -1): Tensor => guarded('Softmax', () => wrap(core.softmax(normalizable('Softmax', logits), axis)));
export const log_softmax = (logits: In, axis = -1): Tensor => guarded('LogSoftmax', () => wrap(core.logSoftmax(normalizable('LogSoftmax', logits), axis)));

/** The Softmax and LogSoftmax kernels' checks (softmax_op.cc): a float dtype, and at least one dimension. */
function normalizable(op: string, logits: In): core.Tensor {
  const x = convert(logits);
  checkKernelType(op, x, NN_FLOAT, `logits:T -> ${op === 'Softmax' ? 'softmax' : 'logsoftmax'}:T`);
  if (x.rank === 0) throw invalid(op, 'logits must have >= 1 dimension, got []');
  return x;
}

/** `tf.nn.softmax_cross_entropy_with_logits(labels, logits, axis=-1)`: per-example losses. */
export function softmax_cross_entropy_with_logits(args: { labels: In; logits: In; axis?: number }): Tensor {
  return guarded('SoftmaxCrossEntropyWithLogits', () => {
    const logits = convert(args.logits);
    // nn_ops.py casts the labels to the logits' dtype, and the kernel broadcasts them (xent_op.cc)
    const given = convert(args.labels);
    const cast = given.dtype === logits.dtype ? given : core.cast(given, logits.dtype);
    let b: readonly number[] | null = null;
    try { b = core.broadcastShapes('SoftmaxCrossEntropyWithLogits', logits.shape, cast.shape); } catch { /* reported below */ }
    if (b === null || !core.sameShape(b, logits.shape)) {
      throw new InvalidArgumentError(`logits and labels must be broadcastable: logits_size=[${logits.shape.join(',')}] labels_size=[${cast.shape.join(',')}] [Op:SoftmaxCrossEntropyWithLogits]`, 'SoftmaxCrossEntropyWithLogits');
    }
    const labels = core.sameShape(cast.shape, logits.shape) ? cast : core.broadcastTo(cast, logits.shape);
    return wrap(core.tfSoftmaxCrossEntropy(logits, labels, args.axis ?? -1));
  });
}

/** `tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)`: int32 class labels. */
export function sparse_softmax_cross_entropy_with_logits(args: { labels: In; logits: In }): Tensor {
  const op = 'SparseSoftmaxCrossEntropyWithLogits';
  return guarded(op, () => {
    const logits = convert(args.logits), labels = convert(args.labels, 'int32');
    // nn_ops.py's static checks, then the kernel's range check (sparse_xent_op.cc)
    const tuple = (s: readonly number[]) => (s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);
    if (logits.rank === 0) throw new ValueError(`Logits cannot be scalars - received shape ${tuple(logits.shape)}.`);
    if (labels.rank !== logits.rank - 1) {
      throw new ValueError(`Rank mismatch: Rank of labels (received ${labels.rank}) should equal rank of logits minus 1 (received ${logits.rank}).`);
    }
    if (!core.sameShape(labels.shape, logits.shape.slice(0, -1))) {
      throw new ValueError(`Shape mismatch: The shape of labels (received ${tuple(labels.shape)}) should equal the shape of logits except for the last dimension (received ${tuple(logits.shape)}).`);
    }
    const C = logits.shape[logits.rank - 1]!;
    const l = labels.data;
    for (let i = 0; i < l.length; i++) {
      if (l[i]! < 0 || l[i]! >= C) {
        throw new InvalidArgumentError(`Received a label value of ${l[i]} which is outside the valid range of [0, ${C}).  Label values: ${Array.from(l).join(' ')} [Op:${op}]`, op);
      }
    }
    return wrap(core.sparseSoftmaxCrossEntropy(logits, labels));
  });
}

/**
 * Every op of the core's registry -> the TF name that exposes it, or null with the reason it has none.
 * The coverage test fails when the core registers an op missing here.
 */
export const CORE_NAMES: Record<string, string | null> = {
  add: 'add', sub: 'subtract', mul: 'multiply', div: 'divide', pow: 'pow', pow_scalar: 'pow', maximum: 'maximum', minimum: 'minimum',
  atan2: 'math.atan2', eq: 'equal', ne: 'not_equal', lt: 'less', le: 'less_equal', gt: 'greater', ge: 'greater_equal',
  logical_not: 'math.logical_not', neg: 'negative', abs: 'abs', sign: 'sign', exp: 'exp', log: 'math.log', log1p: 'math.log1p',
  expm1: 'math.expm1', sqrt: 'sqrt', rsqrt: 'math.rsqrt', square: 'square', reciprocal: 'math.reciprocal', sin: 'sin', cos: 'cos',
  tan: 'tan', tanh: 'tanh', sigmoid: 'sigmoid', relu: 'nn.relu', leaky_relu: 'nn.leaky_relu', elu: 'nn.elu', softplus: 'math.softplus',
  erf: 'math.erf', gelu: 'nn.gelu', identity: 'identity', clamp: 'clip_by_value', where: 'where', broadcast_to: 'broadcast_to',
  sum: 'reduce_sum', mean: 'reduce_mean', prod: 'reduce_prod', max: 'reduce_max', min: 'reduce_min', argmax: 'argmax', argmin: 'argmin',
  logsumexp: 'reduce_logsumexp', variance: 'math.reduce_variance', std: 'math.reduce_std', norm: 'norm',
  svdvals: null, // tf.linalg.svd(compute_uv=False) is not in this facade; tf.norm(x, 2, [row, col]) computes with it
  reshape: 'reshape', transpose: 'transpose', expand_dims: 'expand_dims', squeeze: 'squeeze', concat: 'concat', stack: 'stack',
  split: 'split', slice: 'slice', gather: 'gather', pad: 'pad', cast: 'cast', matmul: 'linalg.matmul',
  softmax: 'nn.softmax', log_softmax: 'nn.log_softmax', softmax_cross_entropy: null, // PyTorch's probability targets (F.cross_entropy); TF's kernel is tf_softmax_cross_entropy
  tf_softmax_cross_entropy: 'nn.softmax_cross_entropy_with_logits',
  sparse_softmax_cross_entropy: 'nn.sparse_softmax_cross_entropy_with_logits',
  clone: null, // TF tensors are immutable: nothing to copy (tf.identity is the closest name and is exposed)
  swapaxes: null, // TF has no swapaxes; matmul's transpose_a/transpose_b and tf.transpose cover it
  t: null, // PyTorch's t(); tf.transpose (and tf.linalg.matrix_transpose) cover it
  mse: null, // a Keras loss (tf.keras.losses.MeanSquaredError), outside this facade
  nll_loss: null, // PyTorch's; TF's sparse softmax cross-entropy takes logits (tf.nn.sparse_softmax_cross_entropy_with_logits)
  argwhere: 'where', cumsum: 'math.cumsum',
  // the core's fused gradients (tanh, sigmoid, square, relu, pow rules): internal, as TF's TanhGrad and ReluGrad are
  tanh_backward: null, sigmoid_backward: null, square_backward: null, relu_backward: null, threshold_backward: null, pow_backward: null,
  // PyTorch's clamp_min / clamp_max / clamp with tensor bounds (their grad_fn names and min/max gradients); TF writes
  // tf.maximum, tf.minimum, and clip_by_value with tensor bounds is clip_ops.py's minimum then maximum, with TF's ties
  clamp_min: null, clamp_max: null, clamp_tensor: null,
  // Python's // and %, and C's truncating pair: tf.math.floordiv, floormod, truncatediv and truncatemod are not in
  // this facade yet (TF's FloorDiv of floats is floor(x / y), not PyTorch's CPython rounding at the jumps)
  floor_divide: null, trunc_divide: null, remainder: null, fmod: null,
};
