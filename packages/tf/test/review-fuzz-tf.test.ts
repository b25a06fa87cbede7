import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';

// Fixes of a differential fuzz of the tf facade (/tmp/review_fuzz_tf.md, findings 1-5), each through the facade at
// the reproducer's values. Each expected value or text is TensorFlow 2's, from the source cited beside it (derived by
// hand; NumPy float32 where noted, which rounds each op as TF's float32 kernels do).

const vals = (t: tf.Tensor | null | undefined): number[] => Array.from((t as unknown as { _t: { data: ArrayLike<number> } })._t.data);
const signed = (t: tf.Tensor | null | undefined): Array<number | string> => vals(t).map((v) => (Object.is(v, -0) ? '-0' : v));

/** [f(...xs), d sum(f) / d xs] with float32 constants watched on one tape. */
function run(f: (...xs: tf.Tensor[]) => tf.Tensor, ...inputs: number[][]): [tf.Tensor, Array<tf.Tensor | null>] {
  const xs = inputs.map((v) => tf.constant(v));
  const tape = new tf.GradientTape();
  const y = tape.record(() => { xs.forEach((x) => tape.watch(x)); return f(...xs); });
  return [y, tape.gradient(y, xs) as Array<tf.Tensor | null>];
}

describe('1. tf.math.atan2: _Atan2Grad divides the cotangent first', () => {
  // math_grad.py _Atan2Grad: grad_inv = grad / (math_ops.square(x) + math_ops.square(y)); return x * grad_inv, -y * grad_inv
  it('2 * atan2(1, 3e38): grad_inv = 2 / inf = 0, so [0] and [-0] (multiplying first gave NaN)', () => {
    const [, [gy, gx]] = run((y, x) => tf.multiply(tf.math.atan2(y!, x!), 2), [1], [3e38]);
    expect([signed(gy), signed(gx)]).toEqual([[0], ['-0']]);
  });
  it('atan2(1e-20, 1e-20): 1 / 2e-40 overflows float32, so [inf] and [-inf] (NumPy float32: inf -inf)', () => {
    const [, [gy, gx]] = run((y, x) => tf.math.atan2(y!, x!), [1e-20], [1e-20]);
    expect([vals(gy), vals(gx)]).toEqual([[Infinity], [-Infinity]]);
  });
});

describe('2. tf.math.reduce_variance: the gradient flows through the means too', () => {
  // math_ops.py reduce_variance: means = reduce_mean(input_tensor, axis=axis, keepdims=True); squared_deviations =
  // gen_math_ops.square(input_tensor - means); return reduce_mean(squared_deviations, ...): no stop_gradient on means
  it('[inf, 1, 2]: _SubGrad sends reduce_sum(-[NaN, -inf, -inf]) = NaN to the means, and _MeanGrad to every element', () => {
    const [y, [g]] = run((a) => tf.math.reduce_variance(a!), [Infinity, 1, 2]);
    expect(vals(y)).toEqual([NaN]);
    expect(vals(g)).toEqual([NaN, NaN, NaN]);
  });
  it('reduce_std = sqrt(reduce_variance): NaN everywhere as well', () => {
    const [, [g]] = run((a) => tf.math.reduce_std(a!), [Infinity, 1, 2]);
    expect(vals(g)).toEqual([NaN, NaN, NaN]);
  });
  it('finite values keep the closed form: [1, 2, 3, 4] gives (2/4)(x - 2.5)', () => {
    const [, [g]] = run((a) => tf.math.reduce_variance(a!), [1, 2, 3, 4]);
    expect(vals(g)).toEqual([-0.75, -0.25, 0.25, 0.75]);
  });
});

describe('3. tf.reduce_logsumexp: the gradient of its composition beside +inf', () => {
  // math_ops.py reduce_logsumexp: my_max = stop_gradient(where(is_finite(raw_max), raw_max, zeros_like(raw_max)));
  // log(reduce_sum(exp(x - my_max))) + my_max. With +inf, my_max = 0 and the sum is inf: _LogGrad gives 1 * (1/inf)
  // = 0 and _ExpGrad 0 * exp(x), NaN where exp(x) overflows float32 (exp(100)) or is exp(inf)
  it('[100, inf, 1]: [NaN, NaN, 0]', () => {
    const [y, [g]] = run((a) => tf.reduce_logsumexp(a!), [100, Infinity, 1]);
    expect(vals(y)).toEqual([Infinity]);
    expect(vals(g)).toEqual([NaN, NaN, 0]);
  });
  it('[88, inf, 1]: exp(88) is finite in float32, so 0 there', () => {
    const [, [g]] = run((a) => tf.reduce_logsumexp(a!), [88, Infinity, 1]);
    expect(vals(g)).toEqual([0, NaN, 0]);
  });
});

describe('4. squares in float32', () => {
  it('tf.norm([1e20]) is inf (x * conj(x) overflows float32), its gradient 0', () => {
    // linalg_ops.py norm: sqrt(reduce_sum(tensor * conj(tensor))); SqrtGrad 0.5 * 1 / inf = 0, _MulGrad 0 * x twice
    const [y, [g]] = run((a) => tf.norm(a!), [1e20]);
    expect([vals(y), vals(g)]).toEqual([[Infinity], [0]]);
  });
  it('reduce_euclidean_norm([1e-30]) is 0 (1e-60 flushes to 0), its gradient x / (0 / 1) = inf', () => {
    // reduction_ops.h EuclideanNormReducer accumulates a * conj(a) in float32; _EuclideanNormGrad: truediv(x, output / grad)
    const [y, [g]] = run((a) => tf.math.reduce_euclidean_norm(a!), [1e-30]);
    expect([vals(y), vals(g)]).toEqual([[0], [Infinity]]);
  });
  it('reduce_variance / reduce_std of [2e19, -2e19]: square(2e19) = inf in float32', () => {
    const [v, [gv]] = run((a) => tf.math.reduce_variance(a!), [2e19, -2e19]);
    // _SquareGrad: (1/2) * (d * 2) = +-2e19 (4e19 is finite); the means' path: -(2e19 - 2e19) = 0
    expect([vals(v), vals(gv)]).toEqual([[Infinity], [Math.fround(2e19), Math.fround(-2e19)]]);
    expect(tf.math.reduce_std(tf.constant([2e19, -2e19])).numpy()).toBe(Infinity);
    // and underflow: deviations +-5e-31 square to 2.5e-61, 0 in float32
    expect(tf.math.reduce_std(tf.constant([1e-30, 2e-30])).numpy()).toBe(0);
  });
});

describe("5. tf.pad: the kernels' check that paddings is a matrix with 2 columns", () => {
  // pad_op.cc PadOp::Compute (Pad and PadV2): OP_REQUIRES(context, TensorShapeUtils::IsMatrix(in1.shape()) &&
  // in1.dim_size(1) == 2, errors::InvalidArgument("paddings must be a matrix with 2 columns: ", in1.shape().DebugString()))
  // before "The first dimension of paddings must be the rank of inputs"; mirror_pad_op.cc has the same check first
  const pad = tf.pad as unknown as (x: tf.Tensor, p: unknown, mode?: string, c?: number) => tf.Tensor;
  it('a 0-d tensor with [] (shape [0]) is refused', () => {
    expect(thrown(() => pad(tf.constant(1), []))).toEqual(['InvalidArgumentError', 'paddings must be a matrix with 2 columns: [0] [Op:Pad]']);
    expect(thrown(() => pad(tf.constant(1), [], 'CONSTANT', 1))).toEqual(['InvalidArgumentError', 'paddings must be a matrix with 2 columns: [0] [Op:PadV2]']);
    expect(thrown(() => pad(tf.constant(1), [], 'REFLECT'))).toEqual(['InvalidArgumentError', 'paddings must be a matrix with 2 columns: [0] [Op:MirrorPad]']);
  });
  it('other shapes: [[1]] is [1,1], [[1, 2, 3]] is [1,3], [1, 2] is [2]', () => {
    const x = tf.constant([1, 2]);
    expect(thrown(() => pad(x, [[1]]))).toEqual(['InvalidArgumentError', 'paddings must be a matrix with 2 columns: [1,1] [Op:Pad]']);
    expect(thrown(() => pad(x, [[1, 2, 3]]))).toEqual(['InvalidArgumentError', 'paddings must be a matrix with 2 columns: [1,3] [Op:Pad]']);
    expect(thrown(() => pad(x, [1, 2]))).toEqual(['InvalidArgumentError', 'paddings must be a matrix with 2 columns: [2] [Op:Pad]']);
    expect(thrown(() => pad(x, [[1]], 'SYMMETRIC'))).toEqual(['InvalidArgumentError', 'paddings must be a matrix with 2 columns: [1,1] [Op:MirrorPad]']);
  });
  it("a 0-d tensor with [[0, 0]] still fails the rank check, and MirrorPad's texts", () => {
    expect(thrown(() => pad(tf.constant(1), [[0, 0]]))).toEqual(['InvalidArgumentError', 'The first dimension of paddings must be the rank of inputs[1,2] [] [Op:Pad]']);
    // mirror_pad_op.cc: "The first dimension of paddings must be the rank of inputs", shape, ", ", shape; then per
    // dimension "paddings must be non-negative: ", before, " ", after
    const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
    expect(thrown(() => pad(x, [[1, 1]], 'REFLECT'))).toEqual(['InvalidArgumentError', 'The first dimension of paddings must be the rank of inputs[1,2], [2,3] [Op:MirrorPad]']);
    expect(thrown(() => pad(x, [[0, 0], [-1, 0]], 'SYMMETRIC'))).toEqual(['InvalidArgumentError', 'paddings must be non-negative: -1 0 [Op:MirrorPad]']);
  });
  it('a well-formed call still pads', () => {
    expect(pad(tf.constant([1]), [[1, 1]]).numpy()).toEqual([0, 1, 0]);
  });
});
