// Core fixes behind a differential fuzz of the tf facade against TensorFlow (/tmp/review_fuzz_tf.md, findings 1-4):
// atan2's gradient in each framework's rounding order, TensorFlow's reduce_variance / reduce_logsumexp compositions
// at their edges, and float32 squares in norms (both frameworks) and in TF's variance. PyTorch values were printed by
// real PyTorch 1.13 (/usr/bin/python3; the Python line is beside each); TensorFlow values are derived by hand from the
// cited source (math_grad.py, math_ops.py), or with NumPy float32 (np.float32 rounds each op as TF's kernels do).
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const nan = NaN, inf = Infinity;
const make = (v: c.NestedArray, dtype: 'float32' | 'float64' = 'float32'): c.Tensor => {
  const t = c.fromArray(v, dtype);
  t.requiresGrad = true;
  return t;
};
const vals = (t: c.Tensor | null | undefined): number[] => Array.from(t!.data);
/** The values with the sign of each zero shown, so that toEqual tells 0 from -0 in the messages too. */
const signed = (t: c.Tensor | null | undefined): Array<number | string> => vals(t).map((v) => (Object.is(v, -0) ? '-0' : v));
/** d(sum(seed * y)) / d sources; seed ones unless given (a number: every element). */
const grads = (y: c.Tensor, sources: c.Tensor[], seed?: number): Array<c.Tensor | null> =>
  c.backward([y], [c.full(y.shape, seed ?? 1, y.dtype)], { tape: null, sources, accumulate: null, retainGraph: true, createGraph: false });
const tf = { convention: 'tf' as const };
const f = Math.fround;

describe('1. atan2: each framework rounds its gradient in its own order', () => {
  // PyTorch (FunctionsManual.cpp atan2_backward): recip = (self*self + other*other).reciprocal();
  // grad * other * recip, grad * -self * recip. TF (math_grad.py _Atan2Grad, atan2(y, x)):
  // grad_inv = grad / (square(x) + square(y)); return x * grad_inv, -y * grad_inv.
  it('float32 atan2(1, 3e38) with g = 2: PyTorch NaN and -0, TF 0 and -0', () => {
    // y = torch.tensor([1.], requires_grad=True); x = torch.tensor([3e38], requires_grad=True)
    // (torch.atan2(y, x) * 2).sum().backward(); y.grad, x.grad -> tensor([nan]) tensor([-0.])
    const y = make([1]), x = make([3e38]);
    expect(grads(c.atan2(y, x), [y, x], 2).map(signed)).toEqual([[nan], ['-0']]);
    // TF: g / (9e76 = inf) = 0; 3e38 * 0 = 0, -1 * 0 = -0 (NumPy float32: 0.0 -0.0)
    const yt = make([1]), xt = make([3e38]);
    expect(grads(c.atan2(yt, xt, tf), [yt, xt], 2).map(signed)).toEqual([[0], ['-0']]);
  });
  it('float32 atan2(1e-20, 1e-20): the sum of squares 2e-40 has an infinite reciprocal in both', () => {
    // y = torch.tensor([1e-20], requires_grad=True); x = torch.tensor([1e-20], requires_grad=True)
    // torch.atan2(y, x).sum().backward(); y.grad, x.grad -> tensor([inf]) tensor([-inf])
    const y = make([1e-20]), x = make([1e-20]);
    expect(grads(c.atan2(y, x), [y, x]).map(vals)).toEqual([[inf], [-inf]]);
    // TF: 1 / 2e-40 = inf (float32), then 1e-20 * inf = inf and -1e-20 * inf = -inf (NumPy float32: inf -inf)
    const yt = make([1e-20]), xt = make([1e-20]);
    expect(grads(c.atan2(yt, xt, tf), [yt, xt]).map(vals)).toEqual([[inf], [-inf]]);
  });
  it('ordinary float32 values: the two orders round differently, each as its framework', () => {
    // torch.manual_seed(3); y = (torch.randn(6) * 3).float(); x = (torch.randn(6) * 3).float(), then
    // (torch.atan2(y, x) * 0.7).sum().backward(): the gradients below (PyTorch); TF's are NumPy float32's
    // g = np.float32(0.7); gi = g / (np.square(x) + np.square(y)); x * gi, -y * gi
    const yv = [2.4098281860351562, 0.5245001316070557, 0.26693427562713623, -1.8411540985107422, 0.13854734599590302, -4.1047773361206055];
    const xv = [1.0124852657318115, 3.0333476066589355, -4.305538177490234, 2.932295322418213, 1.5661499500274658, 3.713750123977661];
    const y = make(yv), x = make(xv);
    expect(grads(c.atan2(y, x), [y, x], 0.7).map(vals)).toEqual([
      [0.10373219847679138, 0.22406885027885437, -0.16195876896381378, 0.1712188422679901, 0.44348523020744324, 0.08484101295471191],
      [-0.2468942254781723, -0.03874404355883598, -0.010041101835668087, 0.10750631988048553, -0.03923232480883598, 0.09377407282590866],
    ]);
    const yt = make(yv), xt = make(xv);
    expect(grads(c.atan2(yt, xt, tf), [yt, xt], 0.7).map(vals)).toEqual([
      [0.10373219102621078, 0.22406885027885437, -0.16195876896381378, 0.1712188571691513, 0.4434852600097656, 0.08484101295471191],
      [-0.2468942254781723, -0.038744039833545685, -0.010041101835668087, 0.10750631988048553, -0.03923232480883598, 0.09377407282590866],
    ]);
  });
  it('both orders, float32 op by op (Math.fround), over a spread of magnitudes', () => {
    const yv: number[] = [], xv: number[] = [];
    for (let i = 0; i < 200; i++) {
      yv.push(f(Math.sin(i * 1.7) * 10 ** ((i % 17) - 8)));
      xv.push(f(Math.cos(i * 2.3) * 10 ** ((i % 13) - 6)));
    }
    const g = f(1.3);
    const y = make(yv), x = make(xv), yt = make(yv), xt = make(xv);
    const [gy, gx] = grads(c.atan2(y, x), [y, x], g).map(vals);
    const [ty, tx] = grads(c.atan2(yt, xt, tf), [yt, xt], g).map(vals);
    for (let i = 0; i < 200; i++) {
      const a = yv[i]!, b = xv[i]!;
      const recip = f(1 / f(f(a * a) + f(b * b)));
      expect([gy![i], gx![i]]).toEqual([f(f(g * b) * recip), f(f(g * -a) * recip)]);
      const gi = f(g / f(f(b * b) + f(a * a)));
      expect([ty![i], tx![i]]).toEqual([f(b * gi), f(-a * gi)]);
    }
  });
});

describe("2. variance: TF's gradient through the means (reduce_variance has no stop_gradient)", () => {
  // math_ops.py reduce_variance: means = reduce_mean(x, axis, keepdims=True); squared_deviations =
  // gen_math_ops.square(x - means); return reduce_mean(squared_deviations, axis, keepdims)
  it('[inf, 1, 2]: TF NaN everywhere, PyTorch NaN, -inf, -inf', () => {
    // x = torch.tensor([float('inf'), 1., 2.], requires_grad=True); x.var(unbiased=False).backward(); x.grad
    // -> tensor([nan, -inf, -inf]) (float64 the same)
    for (const dtype of ['float32', 'float64'] as const) {
      const x = make([inf, 1, 2], dtype);
      expect(vals(grads(c.variance(x, null, 0), [x])[0])).toEqual([nan, -inf, -inf]);
      // TF: mean inf, d = [NaN, -inf, -inf]; _MeanGrad 1/3; _SquareGrad 1/3 * (2d) = [NaN, -inf, -inf]; _SubGrad to the
      // means: reduce_sum(-grad) = NaN; _MeanGrad NaN / 3 added to every element: [NaN, NaN, NaN]
      const xt = make([inf, 1, 2], dtype);
      expect(vals(grads(c.variance(xt, null, 0, false, 'tf'), [xt])[0])).toEqual([nan, nan, nan]);
    }
  });
  it('float32 [3e38, -3e38]: the doubled deviation overflows in TF, not in PyTorch', () => {
    // x = torch.tensor([3e38, -3e38], requires_grad=True); x.var(unbiased=False).backward(); x.grad -> tensor([3e38, -3e38])
    const x = make([3e38, -3e38]);
    expect(vals(grads(c.variance(x, null, 0), [x])[0])).toEqual([f(3e38), f(-3e38)]);
    // TF: d = [3e38, -3e38], _SquareGrad 1/2 * (d * 2) = 1/2 * [inf, -inf]; reduce_sum(-grad) = NaN; every element NaN
    const xt = make([3e38, -3e38]);
    expect(vals(grads(c.variance(xt, null, 0, false, 'tf'), [xt])[0])).toEqual([nan, nan]);
  });
  it('only the slices whose means path is not finite change; elsewhere both give the same bits', () => {
    const rows = [[inf, 1, 2], [1, 2, 4], [0.1, 0.7, 0.3]];
    const x = make(rows, 'float64'), xt = make(rows, 'float64');
    const g = vals(grads(c.variance(x, 1, 0), [x], 0.37)[0]);
    const gt = vals(grads(c.variance(xt, 1, 0, false, 'tf'), [xt], 0.37)[0]);
    expect(gt.slice(0, 3)).toEqual([nan, nan, nan]);
    expect(g.slice(0, 3)).toEqual([nan, -inf, -inf]);
    expect(gt.slice(3)).toEqual(g.slice(3));
  });
  it('std is sqrt(reduce_variance): the same NaN, and TF\'s zero-gradient SqrtGrad', () => {
    // math_ops.py reduce_std: variance = reduce_variance(...); return gen_math_ops.sqrt(variance)
    const xt = make([inf, 1, 2], 'float64');
    expect(vals(grads(c.std(xt, null, 0, false, 'tf'), [xt])[0])).toEqual([nan, nan, nan]);
    // a constant slice with a zero cotangent: SqrtGrad returns 0 for dy = 0 (cwise_ops_gradients.h), then 0 through
    // the variance; PyTorch's std_backward masks std = 0 to 0 as well
    const z = make([2, 2], 'float64');
    expect(vals(grads(c.std(z, null, 0, false, 'tf'), [z], 0)[0])).toEqual([0, 0]);
  });
});

describe("3. logsumexp: TF's composition where a slice holds +inf", () => {
  // math_ops.py reduce_logsumexp: raw_max = reduce_max(x, axis, keepdims=True); my_max = stop_gradient(where(
  // is_finite(raw_max), raw_max, zeros_like(raw_max))); log(reduce_sum(exp(x - my_max), axis, keepdims)) + my_max
  it('float32 [100, inf, 1]: TF NaN, NaN, 0; PyTorch 0, NaN, 0', () => {
    // x = torch.tensor([100., float('inf'), 1.], requires_grad=True); torch.logsumexp(x, 0).backward(); x.grad
    // -> tensor([0., nan, 0.])
    const x = make([100, inf, 1]);
    expect(vals(grads(c.logsumexp(x, 0), [x])[0])).toEqual([0, nan, 0]);
    // TF: my_max = 0, s = exp(100) + exp(inf) + exp(1) = inf (exp(100) overflows float32); _LogGrad 1 * (1/inf) = 0;
    // _ExpGrad 0 * exp(x) = [0 * inf, 0 * inf, 0 * e] = [NaN, NaN, 0]
    const xt = make([100, inf, 1]);
    expect(vals(grads(c.logsumexp(xt, 0, false, 'tf'), [xt])[0])).toEqual([nan, nan, 0]);
  });
  it('only the slice with +inf changes; elsewhere both give the same bits', () => {
    // x = torch.tensor([[100., float('inf'), 1.], [1., 2., 3.]], requires_grad=True); torch.logsumexp(x, 1).sum().backward()
    // -> [[0, nan, 0], [0.0900, 0.2447, 0.6652]]
    const x = make([[100, inf, 1], [1, 2, 3]]), xt = make([[100, inf, 1], [1, 2, 3]]);
    const g = vals(grads(c.logsumexp(x, 1), [x], -1.5)[0]);
    const gt = vals(grads(c.logsumexp(xt, 1, false, 'tf'), [xt], -1.5)[0]);
    expect(g.slice(0, 3)).toEqual([-0, nan, -0]);
    expect(gt.slice(0, 3)).toEqual([nan, nan, -0]);
    expect(gt.slice(3)).toEqual(g.slice(3));
    // float64 [1, 2, 3] (no +inf): the same rule in both, PyTorch's softmax values
    const a = make([1, 2, 3], 'float64'), b = make([1, 2, 3], 'float64');
    expect(vals(grads(c.logsumexp(b, 0, false, 'tf'), [b])[0])).toEqual(vals(grads(c.logsumexp(a, 0), [a])[0]));
  });
});

describe('4. float32 squares: norms in both frameworks, variance in TF', () => {
  it('norm squares in float32 for float32 inputs, as PyTorch and TF', () => {
    // torch.norm(torch.tensor([1e20])) -> inf; torch.norm(torch.tensor([1e-30])) -> 0.0 (torch.linalg.vector_norm the same)
    // TF: EuclideanNormReducer accumulates a * conj(a) in float32 (reduction_ops.h); tf.norm is sqrt(reduce_sum(x * conj(x)))
    for (const conv of ['torch', 'tf'] as const) {
      expect(vals(c.norm(c.fromArray([1e20], 'float32'), 2, null, false, conv))).toEqual([inf]);
      expect(vals(c.norm(c.fromArray([1e-30], 'float32'), 2, null, false, conv))).toEqual([0]);
      // torch.norm(torch.tensor([1.5e19, 1.5e19])) -> inf: the float32 sum 4.5e38 overflows before the root
      expect(vals(c.norm(c.fromArray([1.5e19, 1.5e19], 'float32'), 2, null, false, conv))).toEqual([inf]);
      // torch.norm(torch.tensor([1e-20, 3e-20])) -> 3.162275938873279e-20 (denormal squares); p = 3 -> 0.0
      expect(vals(c.norm(c.fromArray([1e-20, 3e-20], 'float32'), 2, null, false, conv))).toEqual([3.162275938873279e-20]);
      expect(vals(c.norm(c.fromArray([1e-20, 3e-20], 'float32'), 3, null, false, conv))).toEqual([0]);
    }
    // float64 is untouched: torch.norm(torch.tensor([1e20], dtype=torch.float64)) -> 1e+20
    expect(vals(c.norm(c.fromArray([1e20], 'float64')))).toEqual([1e20]);
  });
  it('the norm gradients follow from the float32 result', () => {
    // x = torch.tensor([1e20], requires_grad=True); torch.norm(x).backward(); x.grad -> tensor([0.]); [1e-30] -> tensor([0.])
    const a = make([1e20]), b = make([1e-30]);
    expect(vals(grads(c.norm(a), [a])[0])).toEqual([0]);
    expect(vals(grads(c.norm(b), [b])[0])).toEqual([0]);
    // TF (_EuclideanNormGrad: x / (output / grad)): 1e20 / (inf / 1) = 0; 1e-30 / (0 / 1) = inf
    const at = make([1e20]), bt = make([1e-30]);
    expect(vals(grads(c.norm(at, 2, null, false, 'tf'), [at])[0])).toEqual([0]);
    expect(vals(grads(c.norm(bt, 2, null, false, 'tf'), [bt])[0])).toEqual([inf]);
  });
  it("variance and std: PyTorch accumulates in double, TF rounds each float32 step", () => {
    // torch.tensor([1e20, -1e20]).var(unbiased=False) -> inf, .std(unbiased=False) -> 1.0000000200408773e+20
    // torch.tensor([1.5e19, -1.5e19]).var(unbiased=False) -> 2.250000105535365e+38
    // torch.tensor([1e-30, 2e-30]).std(unbiased=False) -> 5.000000015855384e-31
    const t = (v: number[]) => c.fromArray(v, 'float32');
    expect(vals(c.variance(t([1e20, -1e20]), null, 0))).toEqual([inf]);
    expect(vals(c.std(t([1e20, -1e20]), null, 0))).toEqual([1.0000000200408773e20]);
    expect(vals(c.variance(t([1.5e19, -1.5e19]), null, 0))).toEqual([2.250000105535365e38]);
    expect(vals(c.std(t([1e-30, 2e-30]), null, 0))).toEqual([5.000000015855384e-31]);
    // TF: squares of +-1e20 are inf; of +-1.5e19 are 2.25e38 each, whose float32 sum 4.5e38 is inf before / 2;
    // deviations of +-5e-31 square to 2.5e-61, 0 in float32; std([2e19, -2e19]) = sqrt(4e38 -> inf)
    expect(vals(c.variance(t([1e20, -1e20]), null, 0, false, 'tf'))).toEqual([inf]);
    expect(vals(c.std(t([1e20, -1e20]), null, 0, false, 'tf'))).toEqual([inf]);
    expect(vals(c.variance(t([1.5e19, -1.5e19]), null, 0, false, 'tf'))).toEqual([inf]);
    expect(vals(c.std(t([1e-30, 2e-30]), null, 0, false, 'tf'))).toEqual([0]);
    expect(vals(c.std(t([2e19, -2e19]), null, 0, false, 'tf'))).toEqual([inf]);
    // ordinary float32 values: TF's steps in float32 (NumPy: x = np.float32([0.1, 0.7, 0.3]); m = np.mean(x,
    // dtype=np.float32); np.mean(np.square(x - m), dtype=np.float32)) -> 0.062222224 (0.06222222372889519), the
    // same as op by op with Math.fround
    const m = f(f(f(f(0.1) + f(0.7)) + f(0.3)) / 3);
    const sq = [0.1, 0.7, 0.3].map((v) => f(f(f(v) - m) ** 2));
    expect(f(f(sq[0]! + sq[1]! + sq[2]!) / 3)).toBe(0.06222222372889519);
    expect(vals(c.variance(t([0.1, 0.7, 0.3]), null, 0, false, 'tf'))).toEqual([0.06222222372889519]);
    // float64 is the same computation in both conventions
    const d = c.fromArray([0.1, 0.7, 0.3], 'float64');
    expect(vals(c.variance(d, null, 0, false, 'tf'))).toEqual(vals(c.variance(d, null, 0)));
    expect(vals(c.std(d, null, 0, false, 'tf'))).toEqual(vals(c.std(d, null, 0)));
  });
});
