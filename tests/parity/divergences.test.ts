/**
 * One test per listed divergence (divergences.ts): the edge computed through both facades, each facade's value
 * checked against its framework's documented value, derived by hand. So the list cannot hide an accidental
 * difference: an item whose two values agree, or whose values are not the documented ones, fails here.
 */
import { describe, expect, test } from 'vitest';
import * as tf from '@twingrad/tf';
import * as torch from '@twingrad/torch';
import * as core from '@twingrad/core';
import { DIVERGENCES, touched } from './divergences.js';
import type { OpName, StepNode } from './programs.js';

const F = torch.nn.functional;
const f64 = { tf: tf.float64, torch: { dtype: torch.float64 } };
const vals = (t: { _t: { data: ArrayLike<number> } } | null): number[] => (t === null ? [] : Array.from(t._t.data));

/** TF: d(sum of f's output)/d(each input), the inputs float64 Variables. */
function tfGrads(inputs: Array<number | number[]>, f: (...xs: tf.Variable[]) => tf.Tensor): number[][] {
  const xs = inputs.map((v) => new tf.Variable(v, { dtype: f64.tf }));
  const tape = new tf.GradientTape();
  const y = tape.record(() => f(...xs));
  return (tape.gradient(y, xs) as Array<tf.Tensor | null>).map(vals);
}

/** torch: f(...).sum().backward(), then each input's .grad. */
function torchGrads(inputs: Array<number | number[]>, f: (...xs: torch.Tensor[]) => torch.Tensor): number[][] {
  const xs = inputs.map((v) => torch.tensor(v, { ...f64.torch, requires_grad: true }));
  f(...xs).sum().backward();
  return xs.map((x) => vals(x.grad));
}

/** Each listed item's test: both facades, each against its documented value. */
const CASES: Record<string, () => void> = {
  'maximum-minimum-tie': () => {
    // maximum(x, y) at x == y == 1.5: torch g/2 each; tf all of g to x (its mask is x >= y).
    expect(torchGrads([1.5, 1.5], (x, y) => torch.maximum(x!, y!))).toEqual([[0.5], [0.5]]);
    expect(tfGrads([1.5, 1.5], (x, y) => tf.maximum(x!, y!))).toEqual([[1], [0]]);
    // minimum: tf's mask is x <= y, again all to x.
    expect(torchGrads([1.5, 1.5], (x, y) => torch.minimum(x!, y!))).toEqual([[0.5], [0.5]]);
    expect(tfGrads([1.5, 1.5], (x, y) => tf.minimum(x!, y!))).toEqual([[1], [0]]);
  },
  'max-min-over-dim-tie': () => {
    const x = [[1, 3, 3], [2, 0, 2]];
    const flat = x.flat();
    // max over dim 1: torch gives g to the index max(1) returns (the first maximum); tf splits it over the ties.
    expect(torchGrads([flat], (t) => t!.reshape(2, 3).max(1).values)).toEqual([[0, 1, 0, 1, 0, 0]]);
    expect(tfGrads([flat], (t) => tf.reduce_max(tf.reshape(t!, [2, 3]), 1))).toEqual([[0, 0.5, 0.5, 0.5, 0, 0.5]]);
    expect(torchGrads([flat], (t) => t!.reshape(2, 3).min(1).values)).toEqual([[1, 0, 0, 0, 1, 0]]);
    expect(tfGrads([flat], (t) => tf.reduce_min(tf.reshape(t!, [2, 3]), 1))).toEqual([[1, 0, 0, 0, 1, 0]]);
    // Control (docs: the same in both): over all elements both split g evenly among the tied maxima.
    expect(torchGrads([flat], (t) => t!.max())).toEqual([[0, 0.5, 0.5, 0, 0, 0]]);
    expect(tfGrads([flat], (t) => tf.reduce_max(t!))).toEqual([[0, 0.5, 0.5, 0, 0, 0]]);
  },
  'max-min-gradient-zeros': () => {
    // max over all elements, g = -1: torch writes g into zeros (PyTorch 1.13: x = torch.tensor([1., 3., 2.],
    // dtype=torch.float64, requires_grad=True); x.max().backward(torch.tensor(-1., dtype=torch.float64)); x.grad
    // -> tensor([ 0., -1.,  0.], dtype=torch.float64)); tf multiplies g by indicators / count: -1 * 0 = -0 at the others
    const x = torch.tensor([1, 3, 2], { ...f64.torch, requires_grad: true });
    x.max().backward(torch.tensor(-1, f64.torch));
    expect(vals(x.grad).map((v) => Object.is(v, -0))).toEqual([false, false, false]);
    const v = new tf.Variable([1, 3, 2], { dtype: f64.tf });
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduce_max(v));
    const [gt] = tape.gradient(y, [v], { output_gradients: tf.constant(-1, f64.tf) }) as tf.Tensor[];
    expect(vals(gt!).map((u) => Object.is(u, -0))).toEqual([true, false, true]);
    // a NaN g: torch 0 at the others (x.max(0).values.backward(torch.tensor(float('nan'))) -> tensor([0., nan, 0.]))
    const x2 = torch.tensor([1, 3, 2], { ...f64.torch, requires_grad: true });
    x2.max(0).values.backward(torch.tensor(NaN, f64.torch));
    expect(vals(x2.grad)).toEqual([0, NaN, 0]);
  },
  'mse-gradient-rule': () => {
    // 0.7 * mse(x, 0) over x = [1.9, 1.3, 0], so g = 0.7: torch ((2/3) * x) * 0.7 (PyTorch 1.13:
    // x = torch.tensor([1.9, 1.3, 0.], dtype=torch.float64, requires_grad=True)
    // (F.mse_loss(x, torch.zeros(3, dtype=torch.float64)) * 0.7).backward(); x.grad.tolist()
    // -> [0.8866666666666666, 0.6066666666666667, 0.0]); tf (0.7 / 3) * (2 * x): 1 ulp below at both
    const x = [1.9, 1.3, 0];
    const t = torchGrads([x], (a) => F.mse_loss(a!, torch.zeros(3, f64.torch)).mul(0.7))[0]!;
    const f = tfGrads([x], (a) => tf.multiply(tf.reduce_mean(tf.square(tf.subtract(a!, tf.zeros([3], f64.tf)))), 0.7))[0]!;
    expect(t).toEqual([0.8866666666666666, 0.6066666666666667, 0]);
    expect(f).toEqual([0.8866666666666665, 0.6066666666666666, 0]);
  },
  'prob-xent-zero-sign': () => {
    // one class: log_softmax is 0 and the loss 0. torch -(sum of products) = -0 (PyTorch 1.13:
    // F.cross_entropy(torch.zeros(2, 1), torch.ones(2, 1), reduction='sum') -> tensor(-0.)); tf's -sum per example, summed: +0
    const tl = F.cross_entropy(torch.zeros(2, 1, f64.torch), torch.ones(2, 1, f64.torch), { reduction: 'sum' });
    expect(Object.is(vals(tl)[0], -0)).toBe(true);
    const fl = tf.reduce_sum(tf.negative(tf.reduce_sum(tf.multiply(tf.ones([2, 1], f64.tf), tf.nn.log_softmax(tf.zeros([2, 1], f64.tf), 1)), 1)));
    expect(Object.is(vals(fl)[0], 0)).toBe(true);
  },
  'max-min-nan': () => {
    // max of [NaN, NaN, 1] is NaN. torch (evenly_distribute_backward): NaN elements count as ties of the NaN
    // result, g/2 each. tf (_MinOrMaxGrad): equal(y, x) is false everywhere, so every element gets 0/0 = NaN.
    expect(torchGrads([[NaN, NaN, 1]], (t) => t!.max())).toEqual([[0.5, 0.5, 0]]);
    expect(tfGrads([[NaN, NaN, 1]], (t) => tf.reduce_max(t!))).toEqual([[NaN, NaN, NaN]]);
    expect(torchGrads([[NaN, NaN, 1]], (t) => t!.min())).toEqual([[0.5, 0.5, 0]]);
    expect(tfGrads([[NaN, NaN, 1]], (t) => tf.reduce_min(t!))).toEqual([[NaN, NaN, NaN]]);
  },
  'pow-exponent-nonpositive-base': () => {
    // d/dy x^y = x^y log x. Bases 0 and -1 (exponent 2), and the control 2 (exponent 3): 8 ln 2 in both.
    const base = [0, -1, 2], expo = [2, 2, 3];
    const t = torchGrads([expo], (y) => torch.pow(torch.tensor(base, f64.torch), y!))[0]!;
    expect(t).toEqual([0, NaN, 8 * Math.log(2)]); // torch: masked to 0 only at x == 0 with y >= 0
    const g = tfGrads([expo], (y) => tf.pow(tf.constant(base, f64.tf), y!))[0]!;
    expect(g).toEqual([0, 0, 8 * Math.log(2)]); // tf: 0 wherever x <= 0
  },
  'softplus-threshold': () => {
    // softplus(30): torch returns x itself above beta*x > 20 (gradient exactly 1); tf computes log(1 + e^30)
    // = 30 + log1p(e^-30) with gradient sigmoid(30) = 1 - 9.357622968840175e-14.
    const x = torch.tensor(30, { ...f64.torch, requires_grad: true });
    const y = F.softplus(x);
    y.backward();
    expect(y.item()).toBe(30);
    expect(x.grad!.item()).toBe(1);
    const v = new tf.Variable(30, { dtype: f64.tf });
    const tape = new tf.GradientTape();
    const z = tape.record(() => tf.math.softplus(v));
    expect(Math.abs((z.numpy() as number) - (30 + 9.357622968840175e-14))).toBeLessThan(4e-15);
    expect(Math.abs((tape.gradient(z, v)!.numpy() as number) - (1 - 9.357622968840175e-14))).toBeLessThan(2e-16);
  },
  'std-constant-slice': () => {
    // std of [2, 2] is 0. torch (std_backward) masks g / (2 std) to 0; tf: d var / (2 std) = 0 / 0 = NaN.
    expect(torchGrads([[2, 2]], (t) => t!.std())).toEqual([[0, 0]]);
    expect(tfGrads([[2, 2]], (t) => tf.math.reduce_std(t!))).toEqual([[NaN, NaN]]);
    // Control: a non-constant slice, the same in both: (x - mean) / (n std) = [-1/2, 1/2] for [1, 3] (tf, n = 2).
    expect(tfGrads([[1, 3]], (t) => tf.math.reduce_std(t!))).toEqual([[-0.5, 0.5]]);
    expect(torchGrads([[1, 3]], (t) => t!.std(null, { correction: 0 }))).toEqual([[-0.5, 0.5]]);
  },
  'norm2-zero-vector': () => {
    // |x|_2 at x = 0: torch masks x / |x| to 0; tf computes x * (g / |x|) = 0 * inf = NaN.
    expect(torchGrads([[0, 0]], (t) => torch.norm(t!))).toEqual([[0, 0]]);
    expect(tfGrads([[0, 0]], (t) => tf.norm(t!))).toEqual([[NaN, NaN]]);
    expect(tfGrads([[0, 0]], (t) => tf.math.reduce_euclidean_norm(t!))).toEqual([[NaN, NaN]]);
    // Control: x / |x| = [1, 0] at [2, 0] in both.
    expect(torchGrads([[2, 0]], (t) => torch.norm(t!))).toEqual([[1, 0]]);
    expect(tfGrads([[2, 0]], (t) => tf.norm(t!))).toEqual([[1, 0]]);
  },
  'pow-base-zero-exponent': () => {
    // pow(0, 0): torch's gradient wrt x is masked to 0 where y == 0; tf's is g * y * x^(y-1) = 0 * inf = NaN.
    // PyTorch 1.13: x = torch.tensor([0.], dtype=torch.float64, requires_grad=True); torch.pow(x, torch.tensor([0.],
    // dtype=torch.float64)).sum().backward(); x.grad -> tensor([0.], dtype=torch.float64)
    expect(torchGrads([[0], [0]], (x, y) => torch.pow(x!, y!))[0]).toEqual([0]);
    expect(tfGrads([[0], [0]], (x, y) => tf.pow(x!, y!))[0]).toEqual([NaN]);
  },
  'sqrt-rsqrt-reciprocal-zero-gradient': () => {
    // The safe-root pattern where(x > 0, f(x), 0) at x = 0: the where sends g = 0 into f's gradient there. torch divides
    // or multiplies anyway: sqrt 0 / (2 * 0), rsqrt -0.5 * 0 * inf^3, reciprocal -0 * inf^2, NaN each. tf's gradient
    // kernels (cwise_ops_gradients.h) return 0 for a 0 gradient. Off the edge both give f'(x).
    // PyTorch 1.13: x = torch.tensor([0., 4.], dtype=torch.float64, requires_grad=True);
    // torch.where(x > 0, torch.sqrt(x), torch.zeros_like(x)).sum().backward(); x.grad -> [nan, 0.25] (rsqrt: [nan, -0.0625];
    // reciprocal at [0., 2.] under x != 0: [nan, -0.25])
    const tzero = (x: torch.Tensor) => torch.zeros_like(x);
    expect(torchGrads([[0, 4]], (x) => torch.where(torch.gt(x!, 0), torch.sqrt(x!), tzero(x!)))).toEqual([[NaN, 0.25]]);
    expect(tfGrads([[0, 4]], (x) => tf.where(tf.greater(x!, 0), tf.sqrt(x!), tf.zeros_like(x!)))).toEqual([[0, 0.25]]);
    expect(torchGrads([[0, 4]], (x) => torch.where(torch.gt(x!, 0), torch.rsqrt(x!), tzero(x!)))).toEqual([[NaN, -0.0625]]);
    expect(tfGrads([[0, 4]], (x) => tf.where(tf.greater(x!, 0), tf.math.rsqrt(x!), tf.zeros_like(x!)))).toEqual([[0, -0.0625]]);
    expect(torchGrads([[0, 2]], (x) => torch.where(torch.ne(x!, 0), torch.reciprocal(x!), tzero(x!)))).toEqual([[NaN, -0.25]]);
    expect(tfGrads([[0, 2]], (x) => tf.where(tf.not_equal(x!, 0), tf.math.reciprocal(x!), tf.zeros_like(x!)))).toEqual([[0, -0.25]]);
    // Control: a nonzero gradient at 0 is inf in both (1 / (2 * 0)).
    expect(torchGrads([[0]], (x) => torch.sqrt(x!))).toEqual([[Infinity]]);
    expect(tfGrads([[0]], (x) => tf.sqrt(x!))).toEqual([[Infinity]]);
  },
  'pow-number-exponent-rounding': () => {
    // float32 x = 10338.3779296875. torch: x*x*x rounded twice; PyTorch 1.13: torch.tensor(10338.3779296875).pow(3)
    // -> 1104987029504.0. tf: the exact cube 1104987111750.72 rounded once to float32: 1104987160576.
    expect(torch.tensor(10338.3779296875).pow(3).item()).toBe(1104987029504);
    expect(tf.pow(tf.constant(10338.3779296875), 3).numpy()).toBe(1104987160576);
    // The gradient of x^4 reads x^3 the same way. PyTorch 1.13: x = torch.tensor(10338.3779296875, requires_grad=True);
    // x.pow(4).backward(); x.grad -> 4419948118016.0 (4 * 1104987029504); tf: 4 * 1104987160576.
    const xt = torch.tensor(10338.3779296875, { requires_grad: true });
    xt.pow(4).backward();
    expect(xt.grad!.item()).toBe(4419948118016);
    const xv = new tf.Variable(10338.3779296875);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.pow(xv, 4));
    expect((tape.gradient(y, xv) as tf.Tensor).numpy()).toBe(4 * 1104987160576);
    // Control: p = 2 is x*x in both.
    expect(torch.tensor(10338.3779296875).pow(2).item()).toBe(tf.pow(tf.constant(10338.3779296875), 2).numpy());
  },
  'relu-nan-gradient': () => {
    // torch (PyTorch 1.13: x = torch.tensor([float('nan'), 1., -1.], dtype=torch.float64, requires_grad=True);
    // torch.relu(x).sum().backward(); x.grad -> tensor([1., 1., 0.])); tf (ReluGrad: 1 * (nan > 0)) -> [0, 1, 0]
    expect(torchGrads([[NaN, 1, -1]], (x) => torch.relu(x!))).toEqual([[1, 1, 0]]);
    expect(tfGrads([[NaN, 1, -1]], (x) => tf.nn.relu(x!))).toEqual([[0, 1, 0]]);
    // Negative, infinite and NaN cotangents c (relu(x) * c, summed) at y = relu(x) <= 0: torch writes +0 whatever c is
    // (PyTorch 1.13: x = torch.tensor([-1., 0., -1., -1., 2.], dtype=torch.float64, requires_grad=True);
    // (torch.relu(x) * torch.tensor([-2., -3., inf, nan, -2.], dtype=torch.float64)).sum().backward();
    // x.grad -> [0., 0., 0., 0., -2.]); tf multiplies, c * (y > 0): -2 * 0 = -0, -3 * 0 = -0, inf * 0 = NaN, NaN * 0 = NaN.
    // toEqual compares numbers with Object.is, so -0 is not +0 here.
    const c = [-2, -3, Infinity, NaN, -2];
    expect(torchGrads([[-1, 0, -1, -1, 2]], (x) => torch.mul(torch.relu(x!), torch.tensor(c, f64.torch)))).toEqual([[0, 0, 0, 0, -2]]);
    expect(tfGrads([[-1, 0, -1, -1, 2]], (x) => tf.multiply(tf.nn.relu(x!), tf.constant(c, f64.tf)))).toEqual([[-0, -0, NaN, NaN, -2]]);
    // Control: the value is NaN in both, and -0 stays -0 (PyTorch 1.13: torch.relu(torch.tensor([-0.])) -> tensor([-0.]);
    // TF: Eigen's max(features, 0) returns features on a tie of zeros)
    expect(Object.is((torch.relu(torch.tensor([-0], f64.torch)).tolist() as number[])[0], -0)).toBe(true);
    expect(Object.is((tf.nn.relu(tf.constant([-0], f64.tf)).numpy() as number[])[0], -0)).toBe(true);
  },
  'prod-gradient-rule': () => {
    // float64. [2, inf, 3]: torch (prod_backward, no zero): g * out / x = [inf / 2, inf / inf, inf / 3] = [inf, NaN, inf]
    // (PyTorch 1.13: x = torch.tensor([2., float('inf'), 3.], dtype=torch.float64, requires_grad=True);
    // x.prod().backward(); x.grad -> [inf, nan, inf]). tf (_ProdGrad): exclusive cumprods left [1, 2, inf] times right
    // [inf, 3, 1] = [inf, 6, inf].
    expect(torchGrads([[2, Infinity, 3]], (x) => torch.prod(x!))).toEqual([[Infinity, NaN, Infinity]]);
    expect(tfGrads([[2, Infinity, 3]], (x) => tf.reduce_prod(x!))).toEqual([[Infinity, 6, Infinity]]);
    // With a zero both take the cumprods (PyTorch 1.13: [2., 0., inf, 3.] -> [nan, inf, 0., nan]: left [1, 2, 0, 0 * inf],
    // right [0 * inf * 3, inf * 3, 3, 1]).
    expect(torchGrads([[2, 0, Infinity, 3]], (x) => torch.prod(x!))).toEqual([[NaN, Infinity, 0, NaN]]);
    expect(tfGrads([[2, 0, Infinity, 3]], (x) => tf.reduce_prod(x!))).toEqual([[NaN, Infinity, 0, NaN]]);
    // float32 with a zero: torch's cumprods run in float64 and are rounded when stored (acc_type), tf's are rounded at
    // every step. PyTorch 1.13: x = torch.tensor(xs); x.requires_grad_(); x.prod(0).backward(); x.grad[2] ->
    // 0.5886449217796326; the float32 scan (NumPy, each product rounded) gives 0.5886448621749878.
    const xs = [0.7713158130645752, 0.7815727591514587, 0, 1.399548053741455, 0.681882917881012, 0.672193706035614, 0.8913194537162781, 1.707757830619812];
    const x32 = torch.tensor(xs, { requires_grad: true });
    x32.prod(0).backward();
    expect(vals(x32.grad)[2]).toBe(0.5886449217796326);
    const v32 = new tf.Variable(xs);
    const tape = new tf.GradientTape();
    const y32 = tape.record(() => tf.reduce_prod(v32, 0));
    expect(vals(tape.gradient(y32, v32) as tf.Tensor)[2]).toBe(0.5886448621749878);
    // Control: small integers, where out / x and the cumprods are exact in both: [3 * 4, 2 * 4, 2 * 3].
    expect(torchGrads([[2, 3, 4]], (x) => torch.prod(x!))).toEqual([[12, 8, 6]]);
    expect(tfGrads([[2, 3, 4]], (x) => tf.reduce_prod(x!))).toEqual([[12, 8, 6]]);
  },
  'expm1-gradient-rule': () => {
    // float64 at x = -40 and -20. torch: g * (expm1(x) + 1), where expm1(-40) rounds to -1, so 0 (PyTorch 1.13:
    // x = torch.tensor([-40., -20.], dtype=torch.float64, requires_grad=True); torch.expm1(x).sum().backward();
    // x.grad -> [0.0, 2.0611535811454473e-09]). tf (_Expm1Grad): g * exp(x), NumPy: np.exp(-40.) = 4.248354255291589e-18,
    // np.exp(-20.) = 2.061153622438558e-09.
    expect(torchGrads([[-40, -20]], (x) => torch.expm1(x!))).toEqual([[0, 2.0611535811454473e-9]]);
    expect(tfGrads([[-40, -20]], (x) => tf.math.expm1(x!))).toEqual([[4.248354255291589e-18, 2.061153622438558e-9]]);
    // Control: at 0 both give g * 1.
    expect(torchGrads([[0]], (x) => torch.expm1(x!))).toEqual([[1]]);
    expect(tfGrads([[0]], (x) => tf.math.expm1(x!))).toEqual([[1]]);
  },
  'pow-number-exponent-zero': () => {
    // d/dx x ** 0 at x = [0, 2, -2]. torch: zeros (pow_backward's mask; PyTorch 1.13: x = torch.tensor([0., 2., -2.],
    // dtype=torch.float64, requires_grad=True); (x ** 0).sum().backward(); x.grad -> [0., 0., 0.]). tf (_PowGrad's
    // scalar path): (g * 0) * x^-1 = [0 * inf, 0 * 0.5, 0 * -0.5] = [NaN, 0, -0].
    const t = torchGrads([[0, 2, -2]], (x) => torch.pow(x!, 0))[0]!;
    expect(t.map((v) => Object.is(v, 0))).toEqual([true, true, true]);
    const g = tfGrads([[0, 2, -2]], (x) => tf.pow(x!, 0))[0]!;
    expect(g[0]).toBeNaN();
    expect([Object.is(g[1], 0), Object.is(g[2], -0)]).toEqual([true, true]);
    // The second derivative of x ** 1 goes through the p = 0 rule: torch zeros (PyTorch 1.13: (g,) =
    // torch.autograd.grad((x ** 1).sum(), x, create_graph=True); torch.autograd.grad(g.sum(), x) -> [0., 0., 0.]);
    // tf: d/dx [(g * 1) * x^0] = (1 * 0) * x^-1 = [NaN, 0, -0].
    const xt = torch.tensor([0, 2, -2], { ...f64.torch, requires_grad: true });
    const [gt] = torch.autograd.grad(torch.sum(torch.pow(xt, 1)), [xt], { create_graph: true });
    const [ht] = torch.autograd.grad(torch.sum(gt!), [xt]);
    expect(vals(ht!).map((v) => Math.abs(v))).toEqual([0, 0, 0]);
    const xv = new tf.Variable([0, 2, -2], { dtype: f64.tf });
    const outer = new tf.GradientTape();
    const inner = new tf.GradientTape();
    const gv = outer.record(() => { const y = inner.record(() => tf.pow(xv, 1)); return inner.gradient(y, xv)!; });
    expect(vals(gv)).toEqual([1, 1, 1]);
    const h = vals(outer.gradient(gv, xv) as tf.Tensor);
    expect(h[0]).toBeNaN();
    expect([Object.is(h[1], 0), Object.is(h[2], -0)]).toEqual([true, true]);
  },
  'elu-gradient-rule': () => {
    // float32 elu at -20: exp(-20) = 2.06e-9, but elu(-20) = -1 + 2.06e-9 rounds to -1 in float32, so tf's
    // (elu(x) + 1) * g is 0. PyTorch 1.13: x = torch.tensor([-20.], requires_grad=True); F.elu(x).sum().backward();
    // x.grad -> 2.06115369216775e-09
    const xt = torch.tensor([-20], { requires_grad: true });
    F.elu(xt).sum().backward();
    expect(vals(xt.grad)).toEqual([Math.fround(Math.exp(-20))]);
    const xv = new tf.Variable([-20]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.nn.elu(xv));
    expect(vals(tape.gradient(y, xv) as tf.Tensor)).toEqual([0]);
  },
  'dense-xent-tf-kernel': () => {
    // logits [0, 0], labels [0.5, 0] (summing to 1/2): softmax = [1/2, 1/2]. torch: d/dz = softmax * sum(p) - p =
    // [-1/4, 1/4]; tf: softmax - p = [0, 1/2]. Both give the labels -log_softmax = [log 2, log 2].
    const z = torch.tensor([0, 0], { ...f64.torch, requires_grad: true }), pt = torch.tensor([0.5, 0], { ...f64.torch, requires_grad: true });
    F.cross_entropy(z, pt).backward();
    expect([vals(z.grad), vals(pt.grad)]).toEqual([[-0.25, 0.25], [Math.LN2, Math.LN2]]);
    expect(tfGrads([[0, 0], [0.5, 0]], (l, p) => tf.nn.softmax_cross_entropy_with_logits({ labels: p!, logits: l! }))).toEqual([[0, 0.5], [Math.LN2, Math.LN2]]);
  },
  'atan2-gradient-rounding': () => {
    // 3 * atan2(1, 3) in float64, y*y + x*x = 10. torch (atan2_backward): (3 * 3) * (1/10) = 0.9 and (3 * -1) * (1/10)
    // = -0.30000000000000004. PyTorch 1.13: y = torch.tensor([1.], dtype=torch.float64, requires_grad=True);
    // x = torch.tensor([3.], dtype=torch.float64, requires_grad=True); (torch.atan2(y, x) * 3).sum().backward();
    // y.grad, x.grad -> 0.9, -0.30000000000000004. tf (_Atan2Grad): grad_inv = 3 / 10 = 0.3, then 3 * 0.3 =
    // 0.8999999999999999 and -1 * 0.3 = -0.3 (NumPy float64, in that order).
    expect(torchGrads([1, 3], (y, x) => torch.atan2(y!, x!).mul(3))).toEqual([[0.9], [-0.30000000000000004]]);
    expect(tfGrads([1, 3], (y, x) => tf.multiply(tf.math.atan2(y!, x!), 3))).toEqual([[0.8999999999999999], [-0.3]]);
    // float32 2 * atan2(1, 3e38): torch 2 * 3e38 = inf times 1 / (1 + 9e76 = inf) = 0: NaN (PyTorch 1.13: y.grad
    // tensor([nan]), x.grad tensor([-0.])); tf 2 / inf = 0, then 3e38 * 0 = 0 and -1 * 0 = -0.
    const yt = torch.tensor([1], { requires_grad: true }), xt = torch.tensor([3e38], { requires_grad: true });
    torch.atan2(yt, xt).mul(2).sum().backward();
    expect([vals(yt.grad)[0], Object.is(vals(xt.grad)[0], -0)]).toEqual([NaN, true]);
    const yv = new tf.Variable([1]), xv = new tf.Variable([3e38]);
    const tape = new tf.GradientTape();
    const z = tape.record(() => tf.multiply(tf.math.atan2(yv, xv), 2));
    const [gy, gx] = (tape.gradient(z, [yv, xv]) as tf.Tensor[]).map(vals);
    expect([Object.is(gy![0], 0), Object.is(gx![0], -0)]).toEqual([true, true]);
  },
  'variance-std-tf-composition': () => {
    // [inf, 1, 2], correction 0: mean = inf, x - mean = [NaN, -inf, -inf]. torch (var_backward): (2/3) (x - mean) =
    // [NaN, -inf, -inf] (PyTorch 1.13: x.var(unbiased=False).backward() -> tensor([nan, -inf, -inf], dtype=float64)).
    // tf: _MeanGrad 1/3, _SquareGrad 1/3 * (2 (x - mean)) = [NaN, -inf, -inf]; _SubGrad to the means: reduce_sum of
    // the negation = NaN; _MeanGrad spreads NaN / 3 to every element, added to each: [NaN, NaN, NaN].
    expect(torchGrads([[Infinity, 1, 2]], (t) => t!.var(false))).toEqual([[NaN, -Infinity, -Infinity]]);
    expect(tfGrads([[Infinity, 1, 2]], (t) => tf.math.reduce_variance(t!))).toEqual([[NaN, NaN, NaN]]);
    // float32 std of [2e19, -2e19]: mean 0, squared deviations 4e38. torch in double: sqrt(4e38) = 2e19, rounded to
    // float32 (PyTorch 1.13: torch.tensor([2e19, -2e19]).std(unbiased=False) -> 1.9999999961012896e+19); tf squares in
    // float32 (4e38 > 3.4e38: inf), reduce_mean inf, sqrt inf.
    expect(torch.tensor([2e19, -2e19]).std(false).item()).toBe(Math.fround(2e19));
    expect(tf.math.reduce_std(tf.constant([2e19, -2e19])).numpy()).toBe(Infinity);
  },
  'logsumexp-tf-composition': () => {
    // float64 [710, inf, 1] (exp(710) overflows). torch: exp(x - out) with out = inf: [0, NaN, 0] (PyTorch 1.13:
    // torch.logsumexp(x, 0).backward() -> tensor([0., nan, 0.], dtype=torch.float64)). tf: my_max = 0 (the max is not
    // finite), s = e^710 + e^inf + e^1 = inf, (1 * (1 / inf)) * exp(x) = 0 * [inf, inf, e]: [NaN, NaN, 0].
    expect(torchGrads([[710, Infinity, 1]], (t) => torch.logsumexp(t!, 0))).toEqual([[0, NaN, 0]]);
    expect(tfGrads([[710, Infinity, 1]], (t) => tf.reduce_logsumexp(t!))).toEqual([[NaN, NaN, 0]]);
  },
  'leaky-relu-default-slope': () => {
    // leaky_relu(-1): torch -0.01 (slope 0.01); tf -0.2 (alpha 0.2). Gradients are the slopes.
    expect(torchGrads([-1], (x) => F.leaky_relu(x!))).toEqual([[0.01]]);
    expect(tfGrads([-1], (x) => tf.nn.leaky_relu(x!))).toEqual([[0.2]]);
    expect(F.leaky_relu(torch.tensor(-1, f64.torch)).item()).toBe(-0.01);
    expect(tf.nn.leaky_relu(tf.constant(-1, f64.tf)).numpy()).toBe(-0.2);
  },
  'variance-default-correction': () => {
    // x = [1, 2, 3, 4], squared deviations sum to 5: torch divides by n - 1 = 3, tf by n = 4.
    const x = [1, 2, 3, 4];
    expect(torch.tensor(x, f64.torch).var().item()).toBe(5 / 3);
    expect(tf.math.reduce_variance(tf.constant(x, f64.tf)).numpy()).toBe(1.25);
    expect(torch.tensor(x, f64.torch).std().item()).toBe(Math.sqrt(5 / 3));
    expect(tf.math.reduce_std(tf.constant(x, f64.tf)).numpy()).toBe(Math.sqrt(1.25));
    // d var = 2 (x - mean) / (n - correction): mean 2.5.
    expect(torchGrads([x], (t) => t!.var())[0]!.map((v) => +v.toFixed(12))).toEqual([-1, -1 / 3, 1 / 3, 1].map((v) => +v.toFixed(12)));
    expect(tfGrads([x], (t) => tf.math.reduce_variance(t!))).toEqual([[-0.75, -0.25, 0.25, 0.75]]);
  },
  'sgd-momentum-schedule': () => {
    // Two steps with g = 1, momentum 0.9, the rate 0.1 then 0.05. torch: b = 1, w = 0.9; b = 1.9, w = 0.9 - 0.05 * 1.9.
    // Keras: v = -0.1, w = 0.9; v = 0.9 * -0.1 - 0.05 = -0.14, w = 0.76.
    const p = torch.tensor([1], { ...f64.torch, requires_grad: true });
    const opt = new torch.optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    p.grad = torch.tensor([1], f64.torch);
    opt.step();
    opt.param_groups[0]!.lr = 0.05;
    opt.step();
    expect(vals(p)[0]).toBeCloseTo(0.9 - 0.05 * 1.9, 14);
    const v = new tf.Variable([1], { dtype: f64.tf });
    const k = new tf.keras.optimizers.SGD({ learning_rate: 0.1, momentum: 0.9 });
    k.apply_gradients([[tf.constant([1], f64.tf), v]]);
    k.learning_rate = 0.05;
    k.apply_gradients([[tf.constant([1], f64.tf), v]]);
    expect(vals(v)[0]).toBeCloseTo(0.76, 14);
  },
  'weight-decay': () => {
    // Adam, lr 0.1, weight_decay 0.5, from w = 1 with g = 1. torch (L2): g = 1.5, w -= 0.1 * 1.5 / (1.5 + 1e-8).
    // Keras (decoupled): w = 1 - 1 * 0.5 * 0.1 = 0.95, then the Adam step of g = 1: 0.1 sqrt(1e-3) / (sqrt(1e-3) + 1e-7).
    const s = Math.sqrt(0.001);
    expect(torchStep((p) => new torch.optim.Adam([p], { lr: 0.1, weight_decay: 0.5 }))).toBeCloseTo(1 - 0.1 * 1.5 / (1.5 + 1e-8), 14);
    expect(tfStep(() => new tf.keras.optimizers.Adam({ learning_rate: 0.1, weight_decay: 0.5 }))).toBeCloseTo(0.95 - 0.1 * s / (s + 1e-7), 14);
  },
  'adam-epsilon': () => {
    // One default step from w = 1 with g = 1 (float64 weights). torch: m_hat = v_hat = 1, w -= 1e-3 / (1 + 1e-8).
    // tf: m = 0.1, v = 1e-3, alpha = 1e-3 sqrt(1 - 0.999) / (1 - 0.9); w -= m alpha / (sqrt(v) + 1e-7).
    const s = Math.sqrt(0.001);
    expect(torchStep((p) => new torch.optim.Adam([p]))).toBeCloseTo(1 - 1e-3 / (1 + 1e-8), 14);
    expect(tfStep(() => new tf.keras.optimizers.Adam())).toBeCloseTo(1 - (0.1 * (1e-3 * s / 0.1)) / (s + 1e-7), 14);
  },
  'rmsprop-defaults': () => {
    // torch: lr 0.01, alpha 0.99: v = 0.01, w -= 0.01 / (sqrt(v) + 1e-8). tf: lr 1e-3, rho 0.9: v = 0.1, w -= 1e-3 / sqrt(v + 1e-7).
    expect(torchStep((p) => new torch.optim.RMSprop([p]))).toBeCloseTo(1 - 0.01 / (0.1 + 1e-8), 14);
    expect(tfStep(() => new tf.keras.optimizers.RMSprop())).toBeCloseTo(1 - 1e-3 / Math.sqrt(0.1 + 1e-7), 14);
  },
  'adagrad-defaults': () => {
    // torch: lr 0.01, sum starts at 0: sum = 1, w -= 0.01 / (1 + 1e-10). tf: lr 1e-3, accumulator starts at 0.1: 1.1, w -= 1e-3 / sqrt(1.1 + 1e-7).
    expect(torchStep((p) => new torch.optim.Adagrad([p]))).toBeCloseTo(1 - 0.01 / (1 + 1e-10), 14);
    expect(tfStep(() => new tf.keras.optimizers.Adagrad())).toBeCloseTo(1 - 1e-3 / Math.sqrt(1.1 + 1e-7), 14);
  },
};

/** One torch optimizer step from w = 1 with gradient 1 (float64); returns the new w. */
function torchStep(make: (p: torch.Tensor) => { step(): unknown }): number {
  const p = torch.tensor([1], { ...f64.torch, requires_grad: true });
  p.grad = torch.tensor([1], f64.torch);
  make(p).step();
  return vals(p)[0]!;
}

/** One Keras optimizer step from w = 1 with gradient 1 (float64); returns the new w. */
function tfStep(make: () => { apply_gradients(gv: Array<[tf.Tensor, tf.Variable]>): unknown }): number {
  const v = new tf.Variable([1], { dtype: f64.tf });
  make().apply_gradients([[tf.constant([1], f64.tf), v]]);
  return vals(v)[0]!;
}

describe('the listed divergences between @twingrad/tf and @twingrad/torch', () => {
  test('every listed divergence has its own test here, and every test here is listed', () => {
    expect(Object.keys(CASES).sort()).toEqual(DIVERGENCES.map((d) => d.id).sort());
  });

  for (const d of DIVERGENCES) {
    test(`${d.id}: ${d.what}`, () => CASES[d.id]!());
  }

  test("each edge convention's touches() recognises its edge in a program step, and nothing away from it", () => {
    const step = (op: OpName, attrs: Record<string, unknown> = {}): StepNode => ({ kind: 'step', id: 1, op, args: [0, 0], attrs, shape: [] });
    const t = (v: number[]) => core.fromArray(v, 'float64');
    const hits = (s: StepNode, args: Array<core.Tensor | number>) => touched(s, args).map((d) => d.id);
    expect(hits(step('maximum'), [t([1, 2]), t([0, 2])])).toEqual(['maximum-minimum-tie']);
    expect(hits(step('minimum'), [t([1, 2]), 2])).toEqual(['maximum-minimum-tie']);
    expect(hits(step('maximum'), [t([1, 2]), t([0, 3])])).toEqual([]);
    const m = core.fromArray([[1, 3, 3], [2, 0, 1]], 'float64');
    expect(hits(step('max', { axis: 1, keepdims: false }), [m])).toEqual(['max-min-over-dim-tie', 'max-min-gradient-zeros']);
    expect(hits(step('min', { axis: 1, keepdims: false }), [m])).toEqual(['max-min-gradient-zeros']);
    expect(hits(step('max', { axis: null, keepdims: false }), [m])).toEqual(['max-min-gradient-zeros']);
    expect(hits(step('max', { axis: null, keepdims: false }), [t([2])])).toEqual([]); // one element: g itself in both
    expect(hits(step('max', { axis: null, keepdims: false }), [t([NaN, 1])])).toEqual(['max-min-nan', 'max-min-gradient-zeros']);
    expect(hits(step('pow'), [t([0.5, 0]), t([1, 2])])).toEqual(['pow-exponent-nonpositive-base', 'pow-base-zero-exponent']);
    expect(hits(step('pow'), [t([0.5, 2]), t([1, -2])])).toEqual([]);
    expect(hits(step('pow'), [t([0.5, 2]), t([0, -2])])).toEqual(['pow-base-zero-exponent']);
    expect(hits(step('pow'), [t([1, 2]), t([3, -2])])).toEqual(['pow-base-zero-exponent']);
    expect(hits(step('softplus'), [t([19, 21])])).toEqual(['softplus-threshold']);
    expect(hits(step('softplus'), [t([19, 20])])).toEqual([]);
    expect(hits(step('std', { axis: 1, keepdims: false }), [core.fromArray([[1, 2], [3, 3]], 'float64')])).toEqual(['std-constant-slice']);
    expect(hits(step('std', { axis: 0, keepdims: false }), [core.fromArray([[1, 2], [3, 3]], 'float64')])).toEqual([]);
    expect(hits(step('norm', { axis: 1, keepdims: false, ord: 2 }), [core.fromArray([[1, 2], [0, 0]], 'float64')])).toEqual(['norm2-zero-vector']);
    expect(hits(step('norm', { axis: 1, keepdims: false, ord: 1 }), [core.fromArray([[1, 2], [0, 0]], 'float64')])).toEqual([]);
    const zg = 'sqrt-rsqrt-reciprocal-zero-gradient';
    expect(hits(step('sqrt'), [t([0, 4])])).toEqual([zg]);
    expect(hits(step('rsqrt'), [t([-1, 4])])).toEqual([zg]);
    expect(hits(step('sqrt'), [t([0.5, 4])])).toEqual([]);
    expect(hits(step('reciprocal'), [t([0, 2])])).toEqual([zg]);
    expect(hits(step('reciprocal'), [t([-1, 2])])).toEqual([]); // 1/x is finite: torch's value is never NaN there
    expect(hits(step('relu'), [t([NaN, 2])])).toEqual(['relu-nan-gradient']);
    expect(hits(step('relu'), [t([-0, 2])])).toEqual(['relu-nan-gradient']); // y = -0: tf's g * 0 is -0 for a negative g
    expect(hits(step('relu'), [t([-1, 2])])).toEqual(['relu-nan-gradient']);
    expect(hits(step('relu'), [t([0.5, 2])])).toEqual([]); // y > 0 everywhere: g passes in both
    expect(hits(step('pow_scalar', { p: 3 }), [t([1, 2])])).toEqual(['pow-number-exponent-rounding']);
    expect(hits(step('pow_scalar', { p: 2 }), [t([1, 2])])).toEqual([]);
    expect(hits(step('prod', { axis: null, keepdims: false }), [t([2, Infinity, 3])])).toEqual(['prod-gradient-rule']);
    expect(hits(step('prod', { axis: 0, keepdims: true }), [t([2, 3, 4])])).toEqual([]);
    expect(hits(step('expm1'), [t([-40, 0])])).toEqual(['expm1-gradient-rule']);
    expect(hits(step('expm1'), [t([0, 1])])).toEqual([]); // exp and expm1 + 1 agree bit for bit at 0 and 1
    expect(hits(step('pow_scalar', { p: 0 }), [t([1, 2])])).toEqual(['pow-number-exponent-zero']);
    expect(hits(step('pow_scalar', { p: 1 }), [t([0, 2])])).toEqual(['pow-number-exponent-zero']);
    expect(hits(step('pow_scalar', { p: 1 }), [t([0.5, 2])])).toEqual([]);
    expect(hits(step('pow_scalar', { p: 2 }), [t([0, -2])])).toEqual([]);
    expect(hits(step('atan2'), [t([1, 2]), t([3, 4])])).toEqual(['atan2-gradient-rounding']);
    const vt = 'variance-std-tf-composition';
    expect(hits(step('variance', { axis: null, keepdims: false }), [t([Infinity, 1, 2])])).toEqual([vt]);
    expect(hits(step('std', { axis: null, keepdims: false }), [core.fromArray([1, 2], 'float32')])).toEqual([vt]);
    expect(hits(step('variance', { axis: null, keepdims: false }), [t([1, 2])])).toEqual([]);
    expect(hits(step('logsumexp', { axis: 0, keepdims: false }), [t([710, Infinity, 1])])).toEqual(['logsumexp-tf-composition']);
    expect(hits(step('logsumexp', { axis: 0, keepdims: false }), [t([710, -Infinity, 1])])).toEqual([]);
    expect(hits(step('mean', { axis: 0, keepdims: false }), [t([1, 2])])).toEqual([]);
  });
});

describe('a finding at the listed edges, fixed (the x-gradient rule of pow passes the convention on)', () => {
  // The x-gradient rule of pow once called powTensor(x, y - 1) without the convention, so a TF tape differentiating
  // it again wrt y applied PyTorch's log-mask and gave NaN. TF's Pow gradient masks again: at x = -2, y = 2,
  // d/dy (y x^(y-1)) = x^(y-1) + y x^(y-1) * 0 = -2.
  test("pow: TF's second-order gradient d/dy (d/dx x^y) at a negative base is x^(y-1), TF's value", () => {
    const x = new tf.Variable(-2, { dtype: f64.tf });
    const y = new tf.Variable(2, { dtype: f64.tf });
    const outer = new tf.GradientTape();
    const inner = new tf.GradientTape();
    const gx = outer.record(() => { const z = inner.record(() => tf.pow(x, y)); return inner.gradient(z, x)!; });
    expect(gx.numpy()).toBe(-4);
    expect(outer.gradient(gx, y)!.numpy()).toBe(-2);
  });
});
