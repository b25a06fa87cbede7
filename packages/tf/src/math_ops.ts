import * as core from '@twingrad/core';
import { coreDType, type DTypeLike } from './dtypes.js';
import { InvalidArgumentError, ValueError, guarded, translate } from './errors.js';
import { checkPair, inputTypeError } from './kernel_checks.js';
import { BOOL_SIGNATURE, FLOAT_OR_COMPLEX, REAL_FLOAT, UNARY_SIGNATURE, UNARY_TYPES, checkKernelType, noKernel } from './kernel_types.js';
import { bin, floatUn, pair, un } from './op_wrappers.js';
import { TensorBase, convert, dtypeHint, fmtShape, operand, wrap, type Tensor, type TensorInput } from './tensor.js';

/**
 * TensorFlow's elementwise math (math_ops.py, clip_ops.py): arithmetic, comparisons, unary functions, clip_by_value,
 * where and cast, each one call into the core after the checks TF's wrapper or kernel makes.
 */
type In = TensorInput;

const tf = { convention: 'tf' as const };

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
// Floor and Ceil take T: {bfloat16, half, float, double} (math_ops.cc), so an int32 tensor is the op def's refusal;
// their gradient is None (math_grad.py's _FloorGrad and _CeilGrad return [None]), the core's 'tf' rule
export const floor = floatUn('Floor', REAL_FLOAT, (x) => core.floor(x, 'tf'));
export const ceil = floatUn('Ceil', REAL_FLOAT, (x) => core.ceil(x, 'tf'));
/**
 * `tf.math.round(x)`: half to even. math_ops.py's round returns an integer tensor itself (`if x.dtype.is_integer:
 * return x`); a bool one reaches the Round kernel, whose T (UNARY: floats, ints, complex) has no bool. Gradient None.
 */
export const round = un('Round', (x) => {
  if (x.dtype === 'int32') return x;
  checkKernelType('Round', x, UNARY_TYPES, UNARY_SIGNATURE);
  return core.round(x, 'tf');
});
// IsNan, IsInf and IsFinite take T: {bfloat16, half, float, double} and give bool; NotDifferentiable in array_grad.py
export const is_nan = floatUn('IsNan', REAL_FLOAT, (x) => core.isnan(x), BOOL_SIGNATURE);
export const is_inf = floatUn('IsInf', REAL_FLOAT, (x) => core.isinf(x), BOOL_SIGNATURE);
export const is_finite = floatUn('IsFinite', REAL_FLOAT, (x) => core.isfinite(x), BOOL_SIGNATURE);
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
export const cast = (x: In, dtype: DTypeLike): Tensor => guarded('Cast', () => wrap(core.cast(convert(x), coreDType(dtype)!)));

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
