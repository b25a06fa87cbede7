import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { grad } from './grad.js';
import { thrown } from './thrown.js';

// Fixes of a review of the tf facade's math against TensorFlow's sources (/tmp/review_tfmath.md, findings 1, 2, 3, 5,
// 6, 10, 12, 13, 14). Each expected value or text is TensorFlow's, from the source cited beside it (computed by hand
// or with NumPy where it is a number).

const vals = (t: tf.Tensor): number[] => Array.from(t._t.data);
const signed = (t: tf.Tensor): string[] => vals(t).map((v) => (Object.is(v, -0) ? '-0' : String(v)));

/** The first derivative and d(sum of it)/dx, by nested tapes. */
function grad2(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const outer = new tf.GradientTape();
  outer.watch(x);
  const g = outer.record(() => grad(f, x));
  return [g, outer.gradient(g, x) as tf.Tensor];
}

describe('finding 1: sqrt, rsqrt and reciprocal give 0 for a 0 incoming gradient', () => {
  // math_grad.py _SqrtGrad / _RsqrtGrad / _ReciprocalGrad call sqrt_grad, rsqrt_grad, reciprocal_grad, whose functors
  // (cwise_ops_gradients.h) return T(0) when output_gradient == T(0): the "safe" where(x > 0, f(x), 0) trains at 0.
  it('under tf.where, the masked position gets 0 (float32)', () => {
    const safe = (f: (x: tf.Tensor) => tf.Tensor, keep: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor) => tf.where(keep(x), f(x), tf.zeros_like(x));
    const positive = (x: tf.Tensor) => tf.greater(x, 0);
    expect(vals(grad(safe(tf.sqrt, positive), tf.constant([0, 4])))).toEqual([0, 0.25]);
    expect(vals(grad(safe(tf.math.rsqrt, positive), tf.constant([0, 4])))).toEqual([0, -0.0625]);
    expect(vals(grad(safe(tf.math.reciprocal, (x) => tf.not_equal(x, 0)), tf.constant([0, 2])))).toEqual([0, -0.25]);
    // one element (the engine's scalar lane)
    expect(vals(grad(safe(tf.sqrt, positive), tf.constant(0)))).toEqual([0]);
  });

  it('a nonzero gradient at 0 is still inf, as 0.5 * g / 0 is', () => {
    expect(vals(grad((x) => tf.sqrt(x), tf.constant([0])))).toEqual([Infinity]);
  });
});

describe('finding 2: true division of int32 is float64', () => {
  // math_ops.py _truediv_python3 (tf.divide and x / y): _TRUEDIV_TABLE maps int32 to float64 and casts both operands
  it('int32 operands are cast to float64 before RealDiv, so 2^24 + 1 keeps its value', () => {
    const q = tf.divide(tf.constant([16777217, 7], 'int32'), tf.constant([1, 2], 'int32'));
    expect(q.dtype).toBe(tf.float64);
    expect(vals(q)).toEqual([16777217, 3.5]);
    expect(tf.math.truediv(tf.constant([3], 'int32'), tf.constant([2], 'int32')).dtype).toBe(tf.float64);
  });

  it('x / 2 and 2 / x of an int32 tensor (the methods) are float64, and mix with float64', () => {
    const x = tf.constant([3], 'int32');
    expect(x.div(2).dtype).toBe(tf.float64);
    expect(vals(x.div(2))).toEqual([1.5]);
    expect(vals(x.rdiv(2))).toEqual([2 / 3]);
    expect(vals(tf.add(tf.divide(x, tf.constant([2], 'int32')), tf.constant([1], 'float64')))).toEqual([2.5]);
    // floats are not cast
    expect(tf.divide(tf.constant([3]), 2).dtype).toBe(tf.float32);
  });

  it('two dtypes, or bool, are _truediv_python3\'s TypeErrors', () => {
    expect(thrown(() => tf.divide(tf.constant([3]), tf.constant([2], 'float64'))))
      .toEqual(['TypeError', '`x` and `y` must have the same dtype, got tf.float32 != tf.float64.']);
    expect(thrown(() => tf.divide(tf.constant([true]), tf.constant([true])))).toEqual(['TypeError',
      'Invalid dtype tf.bool in __truediv__. Expected one of {tf.uint8, tf.int8, tf.uint16, tf.int16, tf.uint32, tf.int32, tf.uint64, tf.int64, tf.bfloat16, tf.float16, tf.float32, tf.float64, tf.complex64, tf.complex128}.']);
  });
});

describe('finding 3: the expm1 gradient is g * exp(x)', () => {
  // math_grad.py _Expm1Grad: y = math_ops.exp(x); return grad * y
  it('far below 0 it does not cancel to 0', () => {
    // NumPy: np.exp(np.float32(-20)) = 2.0611537e-09, np.exp(np.float32(-30)) = 9.357623e-14
    expect(vals(grad((x) => tf.math.expm1(x), tf.constant([-20, -30])))).toEqual([Math.fround(2.0611537e-9), Math.fround(9.357623e-14)]);
    // NumPy: np.exp(-40.) = 4.248354255291589e-18, np.exp(-37.) = 8.533047625744066e-17
    expect(vals(grad((x) => tf.math.expm1(x), tf.constant([-40, -37], 'float64')))).toEqual([4.248354255291589e-18, 8.533047625744066e-17]);
  });
});

describe('finding 5: a number exponent takes _PowGrad\'s unmasked rule', () => {
  // math_grad.py _PowGrad, constant scalar exponent: grad * y * math_ops.pow(x, y - 1)
  it('x ** 0: (g * 0) * x^-1 = [NaN, 0, -0] at [0, 2, -2]', () => {
    expect(signed(grad((x) => tf.pow(x, 0), tf.constant([0, 2, -2])))).toEqual(['NaN', '0', '-0']);
  });

  it('the second derivative of x ** 1 (the function and the method) is NaN at 0', () => {
    const [g, h] = grad2((x) => tf.pow(x, 1), tf.constant([0, 2, -2]));
    expect(vals(g)).toEqual([1, 1, 1]);
    expect(signed(h)).toEqual(['NaN', '0', '-0']);
    expect(signed(grad2((x) => x.pow(1), tf.constant([0, 2]))[1])).toEqual(['NaN', '0']);
  });

  it('other exponents are unchanged: d/dx x^3 = 3x^2', () => {
    expect(vals(grad((x) => tf.pow(x, 3), tf.constant([0, 2])))).toEqual([0, 12]);
  });
});

describe('finding 6: sign\'s gradient is zeros', () => {
  // math_grad.py _SignGrad: return array_ops.zeros(array_ops.shape(x), dtype=x.dtype), grad unread
  it('an infinite upstream gradient does not make NaN', () => {
    expect(signed(grad((x) => tf.sqrt(tf.sign(x)), tf.constant([0, 4])))).toEqual(['0', '0']);
  });
});

describe('finding 10: dtypes TensorFlow\'s kernels refuse', () => {
  const UNARY = ['bfloat16', 'half', 'float', 'double', 'int8', 'int16', 'int32', 'int64', 'complex64', 'complex128'];
  const NUMBER = ['float', 'double', 'int32', 'uint8', 'int16', 'int8', 'complex64', 'int64', 'qint8', 'quint8', 'qint32', 'bfloat16', 'qint16', 'quint16', 'uint16', 'complex128', 'half', 'uint32', 'uint64'];
  const REAL = ['bfloat16', 'half', 'float', 'double'];
  /** op_def_util.cc's attr error with the op's summary (SummarizeOpDef). */
  const attrError = (op: string, dtype: string, types: string[], signature: string, tail = ''): [string, string] => ['InvalidArgumentError',
    `Value for attr 'T' of ${dtype} is not in the list of allowed values: ${types.join(', ')}\n\t; NodeDef: {{node ${op}}}; ` +
    `Op<name=${op}; signature=${signature}; attr=T:type,allowed=[${types.map((n) => `DT_${n.toUpperCase()}`).join(', ')}]${tail}> [Op:${op}]`];
  const TIDX = '; attr=Tidx:type,default=DT_INT32,allowed=[DT_INT32, DT_INT64]';

  it('Reciprocal and Tan of int32: the op allows it (UNARY), no CPU kernel computes it: NotFoundError', () => {
    // cwise_op_reciprocal.cc registers CPU float, half, double, complex64, complex128; cwise_op_tan.cc float, double.
    // tensorflow/tensorflow#92921 shows the eager NotFoundError for Reciprocal of int8/int16/int32.
    for (const [op, f] of [['Reciprocal', tf.math.reciprocal], ['Tan', tf.tan]] as const) {
      let e: unknown = null;
      try { f(tf.constant([2], 'int32')); } catch (err) { e = err; }
      expect(e, op).toBeInstanceOf(tf.errors.OpError);
      const err = e as tf.OpError;
      expect(err.name).toBe('NotFoundError');
      expect(err.error_code).toBe(5);
      expect(err.message.split('\n')[0]).toBe(`Could not find device for node: {{node ${op}}} = ${op}[T=DT_INT32]`);
      expect(err.message.split('\n')[1]).toBe(`All kernels registered for op ${op}:`);
      expect(err.message.endsWith(` [Op:${op}]`)).toBe(true);
    }
    expect(thrown(() => tf.tan(tf.constant([1], 'int32')))![1]).toContain("device='CPU'; T in [DT_FLOAT]");
    // bool is outside UNARY's T: the attr error
    expect(thrown(() => tf.math.reciprocal(tf.constant([true])))).toEqual(attrError('Reciprocal', 'bool', UNARY, 'x:T -> y:T'));
    // floats still work
    expect(vals(tf.math.reciprocal(tf.constant([2])))).toEqual([0.5]);
  });

  it('Atan2 of int32 (T: {bfloat16, half, float, double})', () => {
    expect(thrown(() => tf.math.atan2(tf.constant([1], 'int32'), tf.constant([1], 'int32')))).toEqual(attrError('Atan2', 'int32', REAL, 'y:T, x:T -> z:T'));
  });

  it('reduce_logsumexp: bool fails in its reduce_max, int32 in its is_finite', () => {
    // math_ops.py reduce_logsumexp: raw_max = reduce_max(input_tensor, axis, keepdims=True); ... gen_math_ops.is_finite(raw_max)
    expect(thrown(() => tf.reduce_logsumexp(tf.constant([true, false])))).toEqual(attrError('Max', 'bool', NUMBER,
      'input:T, reduction_indices:Tidx -> output:T; attr=keep_dims:bool,default=false', TIDX));
    expect(thrown(() => tf.reduce_logsumexp(tf.constant([3, 2], 'int32')))).toEqual(attrError('IsFinite', 'int32', REAL, 'x:T -> y:bool'));
  });

  it('LogicalNot takes bool only (its input is x: bool, no T attr)', () => {
    expect(thrown(() => tf.math.logical_not(tf.constant([1, 0])))).toEqual(['InvalidArgumentError',
      'cannot compute LogicalNot as input #0(zero-based) was expected to be a bool tensor but is a float tensor [Op:LogicalNot]']);
    expect(thrown(() => tf.math.logical_not(tf.constant([1, 0], 'int32')))![1]).toContain('but is a int32 tensor');
    expect(vals(tf.math.logical_not(tf.constant([true, false])))).toEqual([0, 1]);
    expect(vals(tf.math.logical_not([true, false]))).toEqual([0, 1]);
  });

  it('Cumsum of bool (T: numbertype)', () => {
    expect(thrown(() => tf.cumsum(tf.constant([true, true])))).toEqual(attrError('Cumsum', 'bool', NUMBER,
      'x:T, axis:Tidx -> out:T; attr=exclusive:bool,default=false; attr=reverse:bool,default=false', TIDX));
  });
});

describe('finding 12: the reduction kernels\' axis checks', () => {
  // reduction_ops_common.cc SimplifyHelper, axis by axis: range first, then duplicates (reported normalized)
  const m = () => tf.constant([[1, 2], [3, 4]]);
  it('a 0-d tensor has no axis 0, and out-of-range axes are refused, with TF\'s text', () => {
    expect(thrown(() => tf.reduce_sum(tf.constant(3), 0))).toEqual(['InvalidArgumentError', 'Invalid reduction dimension (0 for input with 0 dimension(s) [Op:Sum]']);
    expect(thrown(() => tf.reduce_sum(m(), 2))).toEqual(['InvalidArgumentError', 'Invalid reduction dimension (2 for input with 2 dimension(s) [Op:Sum]']);
    expect(thrown(() => tf.reduce_max(m(), -3))).toEqual(['InvalidArgumentError', 'Invalid reduction dimension (-3 for input with 2 dimension(s) [Op:Max]']);
    expect(thrown(() => tf.reduce_mean(tf.constant(3), -1))).toEqual(['InvalidArgumentError', 'Invalid reduction dimension (-1 for input with 0 dimension(s) [Op:Mean]']);
  });

  it('a dimension named twice is InvalidArgumentError', () => {
    expect(thrown(() => tf.reduce_sum(m(), [0, 0]))).toEqual(['InvalidArgumentError', 'Invalid reduction arguments: Axes contains duplicate dimension: 0 [Op:Sum]']);
    expect(thrown(() => tf.reduce_prod(m(), [1, -1]))).toEqual(['InvalidArgumentError', 'Invalid reduction arguments: Axes contains duplicate dimension: 1 [Op:Prod]']);
  });

  it('composite reductions report the kernel that checks: Max for logsumexp, Mean for variance and std', () => {
    expect(thrown(() => tf.reduce_logsumexp(m(), 2))![1]).toBe('Invalid reduction dimension (2 for input with 2 dimension(s) [Op:Max]');
    expect(thrown(() => tf.math.reduce_std(m(), [1, 1]))![1]).toBe('Invalid reduction arguments: Axes contains duplicate dimension: 1 [Op:Mean]');
    expect(thrown(() => tf.math.reduce_variance(tf.constant(2), 0))![1]).toBe('Invalid reduction dimension (0 for input with 0 dimension(s) [Op:Mean]');
    expect(thrown(() => tf.math.reduce_euclidean_norm(m(), 5))![1]).toBe('Invalid reduction dimension (5 for input with 2 dimension(s) [Op:EuclideanNorm]');
  });

  it('valid axes still reduce', () => {
    expect(vals(tf.reduce_sum(m(), [1, -2]))).toEqual([10]);
    expect(vals(tf.reduce_sum(tf.constant(3)))).toEqual([3]);
  });
});

describe('finding 13: tf.norm\'s argument checks (linalg_ops.norm)', () => {
  const m = () => tf.constant([[1, 2], [3, 4]]);
  it('\'fro\' is not a vector norm: it needs two axes', () => {
    // the vector check: (not np.isreal(ord) or ord <= 0) and ord not in ['euclidean', 1, 2, np.inf]; np.isreal('fro') is False
    expect(thrown(() => tf.norm(m(), 'fro'))).toEqual(['ValueError', "'ord' must be a supported vector norm, got fro"]);
    expect(thrown(() => tf.norm(m(), 'fro', 1))).toEqual(['ValueError', "'ord' must be a supported vector norm, got fro"]);
    expect(thrown(() => tf.norm(m(), -1))).toEqual(['ValueError', "'ord' must be a supported vector norm, got -1"]);
    // linalg_ops.norm: `isinstance(ord, numbers.Real) and ord > 0` is false for NaN, which Python prints as nan
    expect(thrown(() => tf.norm(m(), NaN))).toEqual(['ValueError', "'ord' must be a supported vector norm, got nan"]);
    expect(vals(tf.norm(m(), 'fro', [0, 1]))).toEqual([Math.fround(Math.sqrt(30))]);
  });

  it('axis lists of other lengths than two (none, three), or two equal axes, are refused', () => {
    const axisError = (got: string): [string, string] => ['ValueError', `'axis' must be None, an integer, or a tuple of 2 unique integers, got ${got}`];
    expect(thrown(() => tf.norm(m(), 'euclidean', [0, 1, 2]))).toEqual(axisError('[0, 1, 2]'));
    expect(thrown(() => tf.norm(m(), 'euclidean', []))).toEqual(axisError('[]'));
    expect(thrown(() => tf.norm(m(), 'euclidean', [1, 1]))).toEqual(axisError('(1, 1)'));
    // NOTE: a list of one axis is taken as that axis (TF.js's behaviour; linalg_ops.norm would refuse it)
    expect(vals(tf.norm(m(), 'euclidean', [1]))).toEqual(vals(tf.norm(m(), 'euclidean', 1)));
  });

  it('an axis out of range is the reduction\'s error', () => {
    expect(thrown(() => tf.norm(m(), 2, 2))).toEqual(['InvalidArgumentError', 'Invalid reduction dimension (2 for input with 2 dimension(s) [Op:Sum]']);
  });
});

describe('finding 14: reduce_mean of an empty int32 tensor is 0', () => {
  // reduction_ops_common.h fills an empty reduction with the reducer's identity; MeanReducer<int32>'s is 0 (only the
  // float types are set to NaN, FIX_MEAN_IDENTITY in reduction_ops.h)
  it('over every axis, and per axis with keepdims', () => {
    const a = tf.reduce_mean(tf.zeros([0], 'int32'));
    expect([a.dtype, vals(a), a.shape.as_list()]).toEqual([tf.int32, [0], []]);
    const b = tf.reduce_mean(tf.zeros([2, 0], 'int32'), 1, true);
    expect([vals(b), b.shape.as_list()]).toEqual([[0, 0], [2, 1]]);
    // a float mean of nothing stays NaN
    expect(vals(tf.reduce_mean(tf.zeros([0])))).toEqual([NaN]);
  });
});
