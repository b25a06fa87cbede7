// tf.floor, tf.math.ceil, tf.round, tf.math.is_nan/is_inf/is_finite and tf.reduce_all/reduce_any. Expected values
// are TensorFlow's documented examples (the api_docs page of each op, quoted) or TensorFlow.js 4.22's where it agrees
// with TensorFlow Python, and TensorFlow's sources where neither shows a case (cited beside it): math_ops.cc's op defs
// for the dtype refusals, math_grad.py for the gradients, cwise_ops.h for round's kernel.
import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';

const signed = (t: tf.Tensor): Array<number | string> => Array.from(t._t.data, (v) => (Object.is(v, -0) ? '-0' : v));
const floats = [-2.5, -1.5, -0.5, -0, 0, 0.5, 1.5, 2.5, 0.49999997, -0.7, 1e30, NaN, Infinity, -Infinity];
const BIG = Math.fround(1e30);

describe('rounding', () => {
  it("round: the documented example (tf.math.round's docstring)", () => {
    // x = tf.constant([0.9, 2.5, 2.3, 1.5, -4.5]); tf.round(x)  # [ 1.0, 2.0, 2.0, 2.0, -4.0 ]
    expect(String(tf.round(tf.constant([0.9, 2.5, 2.3, 1.5, -4.5])))).toBe('tf.Tensor([ 1.  2.  2.  2. -4.], shape=(5,), dtype=float32)');
  });
  it("ceil and floor: the documented examples (tf.math.ceil's and tf.math.floor's docstrings)", () => {
    // tf.math.ceil([-1.7, -1.5, -0.2, 0.2, 1.5, 1.7, 2.0]) -> numpy=array([-1., -1., -0.,  1.,  2.,  2.,  2.], dtype=float32)
    expect(String(tf.math.ceil([-1.7, -1.5, -0.2, 0.2, 1.5, 1.7, 2.0]))).toBe('tf.Tensor([-1. -1. -0.  1.  2.  2.  2.], shape=(7,), dtype=float32)');
    // x = tf.constant([1.3324, -1.5, 5.555, -2.532, 0.99, float("inf")]); tf.floor(x).numpy()
    // -> array([ 1., -2.,  5., -3.,  0., inf], dtype=float32)
    expect(tf.floor(tf.constant([1.3324, -1.5, 5.555, -2.532, 0.99, Infinity])).numpy()).toEqual([1, -2, 5, -3, 0, Infinity]);
  });
  it('edge values: floor and ceil as tfjs 4.22 gives them, round as rint (cwise_ops.h on x86: HasRint)', () => {
    // tfjs.floor(x) -> -3,-2,-1,-0,0,0,1,2,0,-1,1e30,NaN,Infinity,-Infinity; tfjs.ceil(x) -> -2,-1,-0,-0,0,1,2,3,1,-0,...
    expect(signed(tf.floor(floats))).toEqual([-3, -2, -1, '-0', 0, 0, 1, 2, 0, -1, BIG, NaN, Infinity, -Infinity]);
    expect(signed(tf.math.ceil(floats))).toEqual([-2, -1, '-0', '-0', 0, 1, 2, 3, 1, '-0', BIG, NaN, Infinity, -Infinity]);
    // scalar_round_half_to_even_op<float, false, true> is Eigen::numext::rint (nearbyint): -0.5 -> -0, 0.49999997 -> 0
    // (tfjs's JavaScript round gives +0 for -0.5; TensorFlow's kernel keeps the sign)
    expect(signed(tf.round(floats))).toEqual([-2, -2, '-0', '-0', 0, 0, 2, 2, 0, -1, BIG, NaN, Infinity, -Infinity]);
    // float64 keeps its dtype
    expect(tf.round(tf.constant([2.5, 3.5], 'float64')).dtype.name).toBe('float64');
  });
  it('an int32 tensor: round returns it (math_ops.py: `if x.dtype.is_integer: return x`), floor and ceil refuse it', () => {
    const i = tf.constant([3, -4], 'int32');
    expect(tf.round(i)).toBe(i);
    // REGISTER_OP("Floor") ... .Attr("T: {bfloat16, half, float, double}"): the op def's refusal of int32
    const floorMsg = "Value for attr 'T' of int32 is not in the list of allowed values: bfloat16, half, float, double\n\t; NodeDef: {{node Floor}}; " +
      'Op<name=Floor; signature=x:T -> y:T; attr=T:type,allowed=[DT_BFLOAT16, DT_HALF, DT_FLOAT, DT_DOUBLE]> [Op:Floor]';
    expect(thrown(() => tf.floor(i))).toEqual(['InvalidArgumentError', floorMsg]);
    expect(thrown(() => tf.math.ceil(i))).toEqual(['InvalidArgumentError', floorMsg.replace(/Floor/g, 'Ceil')]);
    // a bool tensor reaches the Round kernel, whose T (UNARY) has no bool
    expect(thrown(() => tf.round(tf.constant([true])))?.[1]).toMatch(/^Value for attr 'T' of bool is not in the list of allowed values: bfloat16, half, float, double, int8, int16, int32, int64, complex64, complex128\n/);
  });
  it('TF 2 names: tf.floor, tf.round and tf.math.*; no tf.ceil (v1 only) and no trunc', () => {
    expect(tf.math.floor).toBe(tf.floor);
    expect(tf.math.round).toBe(tf.round);
    expect('ceil' in tf).toBe(false);
    expect('trunc' in tf.math).toBe(false);
  });
});

describe('the rounding gradient is None (math_grad.py: _FloorGrad, _CeilGrad, _RoundGrad return [None])', () => {
  for (const [name, f] of [['floor', tf.floor], ['ceil', tf.math.ceil], ['round', tf.round]] as const) {
    it(`${name}: None alone, zeros with unconnected_gradients='zero', and the other paths' gradient`, () => {
      const x = new tf.Variable([0.3, 1.7, -2.5]);
      let tape = new tf.GradientTape();
      let y = tape.record(() => tf.reduce_sum(f(x)));
      expect(tape.gradient(y, x)).toBeNull();
      tape = new tf.GradientTape();
      y = tape.record(() => tf.reduce_sum(f(x)));
      expect(String(tape.gradient(y, x, { unconnected_gradients: 'zero' }))).toBe('tf.Tensor([0. 0. 0.], shape=(3,), dtype=float32)');
      // d(round(x) + 2x) = 2: only the other path
      tape = new tf.GradientTape();
      y = tape.record(() => tf.reduce_sum(tf.add(f(x), tf.multiply(x, 2))));
      expect(String(tape.gradient(y, x))).toBe('tf.Tensor([2. 2. 2.], shape=(3,), dtype=float32)');
    });
  }
});

describe('is_nan, is_inf, is_finite', () => {
  it("the documented example (tf.math.is_nan's page) and its siblings", () => {
    // x = tf.constant([5.0, np.nan, 6.8, np.nan, np.inf]); tf.math.is_nan(x) ==> [False, True, False, True, False]
    const x = tf.constant([5.0, NaN, 6.8, NaN, Infinity]);
    expect(String(tf.math.is_nan(x))).toBe('tf.Tensor([False  True False  True False], shape=(5,), dtype=bool)');
    // tfjs.isInf / isFinite of the same: [0, 0, 0, 0, 1] and [1, 0, 1, 0, 0]
    expect(tf.math.is_inf(x).numpy()).toEqual([false, false, false, false, true]);
    expect(tf.math.is_finite(x).numpy()).toEqual([true, false, true, false, false]);
  });
  it('refuse an int32 tensor (IsNan, IsInf, IsFinite: T in {bfloat16, half, float, double}) and are not differentiable', () => {
    expect(thrown(() => tf.math.is_nan(tf.constant([1], 'int32')))?.[1]).toBe("Value for attr 'T' of int32 is not in the list of allowed values: bfloat16, half, float, double\n\t; " +
      'NodeDef: {{node IsNan}}; Op<name=IsNan; signature=x:T -> y:bool; attr=T:type,allowed=[DT_BFLOAT16, DT_HALF, DT_FLOAT, DT_DOUBLE]> [Op:IsNan]');
    expect(thrown(() => tf.math.is_finite(tf.constant([1], 'int32')))?.[1]).toMatch(/\{\{node IsFinite\}\}/);
    const x = new tf.Variable([1, NaN]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduce_sum(tf.cast(tf.math.is_nan(x), 'float32')));
    expect(tape.gradient(y, x)).toBeNull();
  });
});

describe('reduce_all and reduce_any', () => {
  it("the documented examples (tf.math.reduce_all's and reduce_any's docstrings)", () => {
    // x = tf.constant([[True,  True], [False, False]]); tf.math.reduce_all(x) -> False; (x, 0) -> [False, False]; (x, 1) -> [True, False]
    const x = tf.constant([[true, true], [false, false]]);
    expect(tf.math.reduce_all(x).numpy()).toBe(false);
    expect(tf.reduce_all(x, 0).numpy()).toEqual([false, false]);
    expect(tf.reduce_all(x, 1).numpy()).toEqual([true, false]);
    // tf.math.reduce_any(x) -> True; (x, 0) -> [True, True]; (x, 1) -> [True, False]
    expect(tf.math.reduce_any(x).numpy()).toBe(true);
    expect(tf.reduce_any(x, 0).numpy()).toEqual([true, true]);
    expect(tf.reduce_any(x, { axis: 1, keepdims: true }).numpy()).toEqual([[true], [false]]);
  });
  it('over nothing: the reducers\' identities, True and False (Eigen\'s AndReducer and OrReducer)', () => {
    const empty = tf.zeros([2, 0], 'bool');
    expect(tf.reduce_all(empty, 1).numpy()).toEqual([true, true]);
    expect(tf.reduce_any(empty, 1).numpy()).toEqual([false, false]);
  });
  it('refuse a non-bool tensor (All and Any take `input: bool`) and a bad axis, in the kernels\' words', () => {
    expect(thrown(() => tf.reduce_all(tf.constant([1.0])))).toEqual(['InvalidArgumentError',
      'cannot compute All as input #0(zero-based) was expected to be a bool tensor but is a float tensor [Op:All]']);
    expect(thrown(() => tf.reduce_any(tf.constant([1], 'int32')))?.[1]).toBe('cannot compute Any as input #0(zero-based) was expected to be a bool tensor but is a int32 tensor [Op:Any]');
    expect(thrown(() => tf.reduce_all(tf.constant([true]), 1))?.[1]).toBe('Invalid reduction dimension (1 for input with 1 dimension(s) [Op:All]');
  });
});
