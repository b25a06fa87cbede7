// The creation review's tf findings. TensorFlow is not installed: each expected class and text follows the TF
// source cited beside it (TF 2.16), and each value was computed with NumPy (/usr/bin/python3) following that kernel:
//   RangeOp<float> (core/kernels/sequence_ops.cc): a, b, d = f32(start), f32(limit), f32(delta);
//     size = ceil(|f32(f32(b - a) / d)|); out[i] = val; val = f32(val + d)
//   linspace_nd (python/ops/math_ops.py): delta = f32(f32(stop - start) / f32(num - 1));
//     [start] + [f32(start + f32(delta * i)) for i in 1 .. num - 2] + [stop], sliced to num
import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';


describe('finding 1: no number converts to a bool tensor', () => {
  // py_seq_tensor.cc ConverterTraits<bool>::ConvertScalar takes only True and False; the list falls back to its
  // inferred number type, and pywrap_tensor.cc IsCompatible(bool, int64 | double) is false:
  // TypeError: Cannot convert {value} to EagerTensor of dtype bool
  const cases: Array<[string, () => unknown, string]> = [
    ["tf.constant([0.5], dtype=tf.bool)", () => tf.constant([0.5], 'bool'), 'Cannot convert [0.5] to EagerTensor of dtype bool'],
    ["tf.constant([1, 0], dtype=tf.bool)", () => tf.constant([1, 0], 'bool'), 'Cannot convert [1, 0] to EagerTensor of dtype bool'],
    ["tf.constant(0.5, dtype=tf.bool)", () => tf.constant(0.5, 'bool'), 'Cannot convert 0.5 to EagerTensor of dtype bool'],
    ["tf.Variable([2, 0.5], dtype=tf.bool)", () => new tf.Variable([2, 0.5], { dtype: 'bool' }), 'Cannot convert [2, 0.5] to EagerTensor of dtype bool'],
  ];
  for (const [line, fn, text] of cases) it(line, () => expect(thrown(fn)).toEqual(['TypeError', text]));

  it('booleans still make bool tensors, and a typed array is cast (NumPy: nonzero is True)', () => {
    expect(tf.constant([true, false], 'bool').numpy()).toEqual([true, false]);
    // np.array([0, 2, 255], dtype=np.uint8).astype(bool) -> [False, True, True] (NPY_ARRAY_FORCECAST)
    const t = tf.constant(new Uint8Array([0, 2, 255]));
    expect(t.numpy()).toEqual([false, true, true]);
    expect(tf.equal(t, tf.constant([false, true, true])).numpy()).toEqual([true, true, true]);
  });
});

describe('finding 2: int32 uniform draws are unbiased on [minval, maxval)', () => {
  it('each of -5 .. 4 within 6 sigma of N/10, minval included', () => {
    // random_ops.py random_uniform: "uniform distribution in the range [minval, maxval)"; p = 0.1 each
    tf.random.set_seed(0);
    const N = 100_000;
    const a = tf.random.uniform([N], { dtype: 'int32', minval: -5, maxval: 5 }).numpy() as number[];
    const counts = new Map<number, number>();
    for (const v of a) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]);
    for (const n of counts.values()) expect(Math.abs(n - N / 10)).toBeLessThan(6 * Math.sqrt(N * 0.1 * 0.9));
  });

  it('minval >= maxval is the kernel\'s error, after its early exit for an empty output', () => {
    // random_op.cc RandomUniformIntOp: errors::InvalidArgument("Need minval < maxval, got ", lo, " >= ", hi)
    expect(thrown(() => tf.random.uniform([3], { dtype: 'int32', minval: 5, maxval: 5 })))
      .toEqual(['InvalidArgumentError', 'Need minval < maxval, got 5 >= 5 [Op:RandomUniformInt]']);
    expect(thrown(() => tf.random.uniform([2], { dtype: 'int32', minval: 3, maxval: -1 })))
      .toEqual(['InvalidArgumentError', 'Need minval < maxval, got 3 >= -1 [Op:RandomUniformInt]']);
    expect(tf.random.uniform([0], { dtype: 'int32', minval: 5, maxval: 5 }).shape.as_list()).toEqual([0]);
    // ops.convert_to_tensor(maxval, dtype=int32): TypeError: Cannot convert 2.5 to EagerTensor of dtype int32
    expect(thrown(() => tf.random.uniform([2], { dtype: 'int32', maxval: 2.5 }))).toEqual(['TypeError', 'Cannot convert 2.5 to EagerTensor of dtype int32']);
  });
});

describe('finding 3: random ops refuse the dtypes TensorFlow refuses', () => {
  const cases: Array<[string, () => unknown, string, string]> = [
    // random_ops.py random_normal: ops.convert_to_tensor(mean=0.0, dtype=dtype) first
    ["tf.random.normal([3], dtype=tf.int32)", () => tf.random.normal([3], { dtype: 'int32' }), 'TypeError', 'Cannot convert 0.0 to EagerTensor of dtype int32'],
    ["tf.random.normal([3], dtype=tf.bool)", () => tf.random.normal([3], { dtype: 'bool' }), 'TypeError', 'Cannot convert 0.0 to EagerTensor of dtype bool'],
    ["tf.random.normal([3], mean=2.5, dtype=tf.int32)", () => tf.random.normal([3], { mean: 2.5, dtype: 'int32' }), 'TypeError', 'Cannot convert 2.5 to EagerTensor of dtype int32'],
    // random_ops.py random_uniform: f"Argument `dtype` got invalid value {dtype}. Accepted dtypes are {accepted_dtypes}."
    ["tf.random.uniform([3], dtype=tf.bool)", () => tf.random.uniform([3], { dtype: 'bool' }), 'ValueError',
      "Argument `dtype` got invalid value <dtype: 'bool'>. Accepted dtypes are (tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64)."],
    // random_ops.py random_uniform: "Must specify maxval for integer dtype %r" % dtype
    ["tf.random.uniform([3], dtype=tf.int32)", () => tf.random.uniform([3], { dtype: 'int32' }), 'ValueError', 'Must specify maxval for integer dtype tf.int32'],
  ];
  for (const [line, fn, cls, text] of cases) it(line, () => expect(thrown(fn)).toEqual([cls, text]));
});

describe('findings 4 and 5: tf.range checks its arguments as TensorFlow does', () => {
  const cases: Array<[string, () => unknown, string, string]> = [
    // math_ops.py range: ops.convert_to_tensor(delta, dtype=dtype)
    ["tf.range(0, 5, 1.5, dtype=tf.int32)", () => tf.range(0, 5, 1.5, 'int32'), 'TypeError', 'Cannot convert 1.5 to EagerTensor of dtype int32'],
    // sequence_ops.cc RangeOp: OP_REQUIRES(delta != 0 / start <= limit / start >= limit), StrCat of the values
    ["tf.range(5, 0)", () => tf.range(5, 0), 'InvalidArgumentError', 'Requires start <= limit when delta > 0: 5/0 [Op:Range]'],
    ["tf.range(-5)", () => tf.range(-5), 'InvalidArgumentError', 'Requires start <= limit when delta > 0: 0/-5 [Op:Range]'],
    ["tf.range(0, 5, -1)", () => tf.range(0, 5, -1), 'InvalidArgumentError', 'Requires start >= limit when delta < 0: 0/5 [Op:Range]'],
    ["tf.range(0, 5, 0)", () => tf.range(0, 5, 0), 'InvalidArgumentError', 'Requires delta != 0: 0 [Op:Range]'],
    ["tf.range(0., float('nan'))", () => tf.range(0, NaN), 'InvalidArgumentError', 'Requires start <= limit when delta > 0: 0/nan [Op:Range]'],
    // FloatToBuffer: "%.6g" of the float32 bounds (0.1f prints 0.1)
    ["tf.range(0.1, -2.5)", () => tf.range(0.1, -2.5), 'InvalidArgumentError', 'Requires start <= limit when delta > 0: 0.1/-2.5 [Op:Range]'],
  ];
  for (const [line, fn, cls, text] of cases) it(line, () => expect(thrown(fn)).toEqual([cls, text]));
});

describe("finding 6: tf.range and tf.linspace compute in float32, as TensorFlow's kernels do", () => {
  it('tf.range accumulates in float32 and is sized in float32', () => {
    // NumPy RangeOp emulation: [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.70000005, 0.8000001, 0.9000001]
    expect(tf.range(0, 1, 0.1).numpy()).toEqual([0.0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896, 0.4000000059604645, 0.5,
      0.6000000238418579, 0.7000000476837158, 0.8000000715255737, 0.9000000953674316]);
    // f32(f32(2.2) - 1) / f32(0.4) rounds to 3.0: 3 elements
    expect(String(tf.range(1, 2.2, 0.4))).toBe('tf.Tensor([1.  1.4 1.8], shape=(3,), dtype=float32)');
    // NumPy: 31 elements, the last 9.50000286102295
    const r = tf.range(0.5, 9.7, 0.3).numpy() as number[];
    expect([r.length, r[30]]).toEqual([31, 9.50000286102295]);
    // NumPy float64 `val += 0.1`: element 9 is 0.8999999999999999
    expect((tf.range(0, 1, 0.1, 'float64').numpy() as number[])[9]).toBe(0.8999999999999999);
  });

  it('tf.linspace', () => {
    // NumPy linspace_nd(8., -10., 26)[1] -> 7.28 in float32 (7.279999732971191)
    const l = tf.linspace(8, -10, 26).numpy() as number[];
    expect([l[1], l[9], l[25]]).toEqual([7.279999732971191, 1.5199995040893555, -10]);
    // NumPy linspace_nd(0.1, 0.9, 9)
    expect(tf.linspace(0.1, 0.9, 9).numpy()).toEqual([0.10000000149011612, 0.19999998807907104, 0.29999998211860657, 0.3999999761581421,
      0.4999999701976776, 0.5999999642372131, 0.699999988079071, 0.7999999523162842, 0.8999999761581421]);
    // math_ops.py linspace_nd: range(1, -1) for a negative num
    expect(thrown(() => tf.linspace(0, 1, -2))).toEqual(['InvalidArgumentError', 'Requires start <= limit when delta > 0: 1/-1 [Op:Range]']);
  });
});

describe('finding 7: dtype_hint is a preference', () => {
  it('a value the hint cannot take converts as if there were no hint', () => {
    // tensor_conversion_registry.convert: try conversion_func(value, dtype=preferred_dtype) except (TypeError, ValueError): pass
    expect(String(tf.convert_to_tensor([1.5], null, 'int32'))).toBe('tf.Tensor([1.5], shape=(1,), dtype=float32)');
    expect(String(tf.convert_to_tensor(0.5, null, 'bool'))).toBe('tf.Tensor(0.5, shape=(), dtype=float32)');
    expect(String(tf.convert_to_tensor([1, 2], null, 'int32'))).toBe('tf.Tensor([1 2], shape=(2,), dtype=int32)');
    expect(tf.convert_to_tensor(tf.constant([1.5]), null, 'float64').dtype).toBe(tf.float32);
    // a dtype is not a preference: TypeError as for tf.constant
    expect(thrown(() => tf.convert_to_tensor([1.5], 'int32'))).toEqual(['TypeError', 'Cannot convert [1.5] to EagerTensor of dtype int32']);
  });
});

describe('finding 12: tf.shape', () => {
  it('is the shape as an int32 vector (array_ops.py shape_v2, out_type int32)', () => {
    expect(String(tf.shape(tf.zeros([2, 3])))).toBe('tf.Tensor([2 3], shape=(2,), dtype=int32)');
    expect(String(tf.shape(tf.constant(5)))).toBe('tf.Tensor([], shape=(0,), dtype=int32)');
    expect(tf.shape(new tf.Variable([[1, 2, 3]])).numpy()).toEqual([1, 3]);
  });
});

describe("finding 13: bad input raises TensorFlow's class and text", () => {
  const cases: Array<[string, () => unknown, string, string]> = [
    // py_seq_tensor.cc ErrorRectangular
    ['tf.constant([[1, 2], [3]])', () => tf.constant([[1, 2], [3]]), 'ValueError', "Can't convert non-rectangular Python sequence to Tensor."],
    ['tf.constant([[1, 2], 3])', () => tf.constant([[1, 2], 3] as never), 'ValueError', "Can't convert non-rectangular Python sequence to Tensor."],
    // py_seq_tensor.cc ErrorMixedTypes: the shape [2] comes from the first element, so [2., 3.] reaches
    // ConvertOneFloat as a scalar, which is neither a float nor an int
    ['tf.constant([1., [2., 3.]])', () => tf.constant([1, [2, 3]] as never), 'ValueError', "Can't convert Python sequence with mixed types to Tensor."],
    // py_seq_tensor.cc ErrorMixedTypes: the first element infers bool, ConverterTraits<bool> refuses 1
    ['tf.constant([True, 1])', () => tf.constant([true, 1]), 'ValueError', "Can't convert Python sequence with mixed types to Tensor."],
    ['tf.constant([True, 1.5], dtype=tf.int32)', () => tf.constant([true, 1.5], 'int32'), 'ValueError', "Can't convert Python sequence with mixed types to Tensor."],
    // constant_op.py _constant_eager_impl: f"Tensor {t} (converted from {value}) has {num_t:d} elements, but got `shape` {shape} ..."
    ['tf.constant([1., 2., 3.], shape=[4])', () => tf.constant([1, 2, 3], null, [4]), 'TypeError',
      'Eager execution of tf.constant with unsupported shape. Tensor tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32) (converted from [1, 2, 3]) has 3 elements, but got `shape` (4,) with 4 elements).'],
    // tensor_conversion_registry: f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype {v.dtype.name}: {v!r}"
    ["tf.convert_to_tensor(tf.constant([1.]), dtype=tf.float64)", () => tf.convert_to_tensor(tf.constant([1]), 'float64'), 'ValueError',
      'Tensor conversion requested dtype float64 for Tensor with dtype float32: <tf.Tensor: shape=(1,), dtype=float32, numpy=array([1.], dtype=float32)>'],
    // resource_variable_ops.py _dense_var_to_tensor: f"Incompatible type conversion requested to type {dtype.name} for `tf.Variable of type ... (Variable: {self})"
    ["tf.convert_to_tensor(tf.Variable([1.]), dtype=tf.float64)", () => tf.convert_to_tensor(new tf.Variable([1]), 'float64'), 'ValueError',
      "Incompatible type conversion requested to type float64 for `tf.Variable of type float32. (Variable: <tf.Variable 'Variable:0' shape=(1,) dtype=float32, numpy=array([1.], dtype=float32)>)"],
    // array_ops.py zeros: TensorShape([-1]) fails, the shape goes through convert_to_tensor to Fill, whose
    // TensorShapeUtils::MakeShape refuses it: "Dimension ", dim, " must be >= 0"
    ['tf.zeros([-1])', () => tf.zeros([-1]), 'InvalidArgumentError', 'Dimension -1 must be >= 0 [Op:Fill]'],
    ['tf.ones([2, -3])', () => tf.ones([2, -3]), 'InvalidArgumentError', 'Dimension -3 must be >= 0 [Op:Fill]'],
    // array_ops.py zeros: ops.convert_to_tensor([2.5], dtype=int32)
    ['tf.zeros([2.5])', () => tf.zeros([2.5]), 'TypeError', 'Cannot convert [2.5] to EagerTensor of dtype int32'],
  ];
  for (const [line, fn, cls, text] of cases) it(line, () => expect(thrown(fn)).toEqual([cls, text]));

  it('a boolean among numbers converts where the dtype or the first element is a number (ConvertOneFloat takes True as 1.0)', () => {
    expect(tf.constant([1.5, true]).numpy()).toEqual([1.5, 1]);
    expect(tf.constant([true, 1.5], 'float32').numpy()).toEqual([1, 1.5]);
    expect(tf.constant([true, 2], 'int32').numpy()).toEqual([1, 2]);
  });
});
