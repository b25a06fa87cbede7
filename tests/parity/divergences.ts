/**
 * THE list of intentional divergences between @twingrad/tf and @twingrad/torch: the only exclusions from the parity
 * suite's bit-identity properties. It mirrors docs/divergences.md; every item has its own test in
 * divergences.test.ts computing it through both facades (a test fails if an item has none).
 *
 * Edge conventions carry `touches`: does this program step reach the edge? A property skips (fc.pre) a program
 * one of whose steps touches a listed edge. Defaults carry no `touches`: the generator passes explicit arguments
 * (leaky_relu's slope, var/std's correction 0, softplus's beta and threshold), so they never reach a property.
 */
import * as core from '@twingrad/core';
import type { StepNode } from './programs.js';

export interface Divergence {
  id: string;
  /** What differs, each side's value in one line. */
  what: string;
  kind: 'gradient convention' | 'default';
  /** For edge conventions: whether a step, given its argument values, reaches the edge. */
  touches?: (s: StepNode, args: Array<core.Tensor | number>) => boolean;
}

const any = (t: core.Tensor): boolean => { for (const v of t.data) if (v !== 0) return true; return false; };
const quiet = <T>(f: () => T): T => core.withGradMode(false, () => core.withoutTapes(f));
const hasNaN = (t: core.Tensor | number): boolean => typeof t !== 'number' && t.data.some((v) => Number.isNaN(v));
const isExtreme = (s: StepNode) => s.op === 'max' || s.op === 'min';
const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => Array.prototype.every.call(a, (v: number, i: number) => Object.is(v, b[i]));

/** prod's first-order gradient (seed `g` everywhere, nothing recorded) under one framework's rule, for the step's attributes. */
function prodGrad(s: StepNode, x: core.Tensor, convention: core.Convention, g: number): ArrayLike<number> {
  return core.withGradMode(true, () => core.withoutTapes(() => {
    const v = core.clone(x, false);
    v.requiresGrad = true;
    const axis = s.attrs.axis as number | null;
    const y = core.prod(v, axis, axis === null ? false : (s.attrs.keepdims as boolean), undefined, convention);
    const [d] = core.backward([y], [core.full(y.shape, g, y.dtype)], { tape: null, sources: [v], accumulate: null, retainGraph: false, createGraph: false });
    return d!.data;
  }));
}

export const DIVERGENCES: readonly Divergence[] = [
  {
    id: 'maximum-minimum-tie',
    kind: 'gradient convention',
    what: 'maximum(x, y) / minimum at x == y: torch gives g/2 to each; tf gives all of g to x',
    touches: (s, [x, y]) => (s.op === 'maximum' || s.op === 'minimum') && quiet(() => any(core.eq(x!, y!))),
  },
  {
    id: 'max-min-over-dim-tie',
    kind: 'gradient convention',
    what: 'max/min over a dim with ties: torch gives all of g to the index max(dim) returns; tf splits g evenly among the ties',
    touches: (s, [x]) => isExtreme(s) && s.attrs.axis !== null && quiet(() => {
      const t = x as core.Tensor;
      const m = core[s.op as 'max' | 'min'](t, s.attrs.axis, true);
      const count = core.sum(core.eq(t, m), s.attrs.axis);
      return count.data.some((c) => c > 1);
    }),
  },
  {
    id: 'max-min-nan',
    kind: 'gradient convention',
    what: 'max/min whose result is NaN: torch splits g among the NaN elements (or gives it to the index returned); tf gives NaN to every element of the slice',
    touches: (s, [x]) => isExtreme(s) && hasNaN(x!),
  },
  {
    id: 'pow-exponent-nonpositive-base',
    kind: 'gradient convention',
    what: 'pow(x, y), gradient wrt y at x <= 0: torch g*x^y*log(x) (0 at x == 0 when y >= 0, NaN for x < 0); tf 0 wherever x <= 0',
    touches: (s, [x]) => s.op === 'pow' && typeof x !== 'number' && x.data.some((v) => !(v > 0)),
  },
  {
    id: 'pow-base-zero-exponent',
    kind: 'gradient convention',
    what: 'pow(x, y), gradient wrt x where y == 0: torch 0 (pow_backward_self masks it); tf g * 0 * x^-1 (NaN at x == 0, -0 for x < 0); the masks also give second derivatives of opposite zero signs where x is 0 or 1 (log x = 0)',
    touches: (s, [x, y]) => s.op === 'pow' && y !== undefined && typeof y !== 'number'
      && (y.data.some((v) => v === 0) || (typeof x !== 'number' && x!.data.some((v) => v === 0 || v === 1))),
  },
  {
    id: 'softplus-threshold',
    kind: 'gradient convention',
    what: 'softplus: torch is linear above beta*x > threshold (20); tf has no threshold',
    touches: (s, [x]) => s.op === 'softplus' && typeof x !== 'number' && x.data.some((v) => !(v <= 20)),
  },
  {
    id: 'std-constant-slice',
    kind: 'gradient convention',
    what: 'std of a constant slice (std 0): torch masks the gradient to 0; tf gives NaN (sqrt(reduce_variance) is not masked)',
    touches: (s, [x]) => s.op === 'std' && quiet(() => core.std(x as core.Tensor, s.attrs.axis, 0, false).data.some((v) => v === 0)),
  },
  {
    id: 'norm2-zero-vector',
    kind: 'gradient convention',
    what: '2-norm at the zero vector: torch masks the gradient to 0; tf gives NaN (0/0)',
    touches: (s, [x]) => s.op === 'norm' && (s.attrs.ord === 2 || s.attrs.ord === 'euclidean')
      && quiet(() => core.norm(x as core.Tensor, 2, s.attrs.axis, false).data.some((v) => v === 0)),
  },
  {
    id: 'elu-gradient-rule',
    kind: 'gradient convention',
    what: 'elu for x < 0: torch differentiates from the input, g * alpha * exp(x); tf from the output, g * (elu(x) + 1) (rounded differently; 0 in float32 below x = -17)',
    touches: (s, [x]) => s.op === 'elu' && typeof x !== 'number' && x.data.some((v) => !(v >= 0)),
  },
  {
    id: 'sqrt-rsqrt-reciprocal-zero-gradient',
    kind: 'gradient convention',
    what: 'sqrt / rsqrt / reciprocal where the incoming gradient is 0 and the input is at 0 (or negative, or NaN, for the roots): torch 0 / 0 or 0 * inf = NaN; tf 0 (its SqrtGrad, RsqrtGrad and ReciprocalGrad kernels return 0 for a 0 gradient)',
    // NOTE: the tf rule differs from torch's only where g is 0 and torch's value is NaN, i.e. where the output is 0,
    // inf or NaN; so the step's input alone decides it.
    touches: (s, [x]) => typeof x !== 'number' && (
      ((s.op === 'sqrt' || s.op === 'rsqrt') && x!.data.some((v) => !(v > 0)))
      || (s.op === 'reciprocal' && x!.data.some((v) => v === 0 || Number.isNaN(v)))),
  },
  {
    id: 'expm1-gradient-rule',
    kind: 'gradient convention',
    what: 'expm1: torch g * (expm1(x) + 1); tf g * exp(x) (rounded differently; torch 0 below x = -17 in float32, -37 in float64)',
    // the two rules (and their second derivatives, through expm1's and exp's own rules) agree wherever
    // exp(x) and expm1(x) + 1 round to the same value in the dtype
    touches: (s, [x]) => s.op === 'expm1' && typeof x !== 'number' && quiet(() => {
      const a = core.exp(x!).data, b = core.add(core.expm1(x!), 1).data;
      return a.some((v, i) => !Object.is(v, b[i]));
    }),
  },
  {
    id: 'pow-number-exponent-zero',
    kind: 'gradient convention',
    what: 'x ** p for a number p = 0: torch 0 (pow_backward masks it); tf (g * 0) * x^-1 (NaN at x == 0, the zero sign of x^-1 for x < 0); so the second derivative of x ** 1 differs the same way at x <= 0',
    // p = 0: torch records no second derivative wrt x at all (tf a signed zero), so any input; p = 1: the first
    // derivative is g in both, the second differs where x^-1 is not positive
    touches: (s, [x]) => s.op === 'pow_scalar' && (s.attrs.p === 0
      || (s.attrs.p === 1 && typeof x !== 'number' && x!.data.some((v) => !(v > 0)))),
  },
  {
    id: 'pow-number-exponent-rounding',
    kind: 'gradient convention',
    what: "x ** p for a number p: torch computes p = 3, -2, -0.5 as x*x*x, 1/(x*x), 1/sqrt(x) rounded at each step (PyTorch's CPU kernel) and the gradient as g * (p * x^(p-1)); tf rounds each power once (std::pow) and takes (g * p) * x^(p-1)",
    // NOTE: the two agree for p = 1 and 2 only (x^0 = 1, x*x, and exact products by 1 and 2; p = 0 is
    // pow-number-exponent-zero's): any other p reaches a special-cased power at p or p - 1, or multiplies by p in a
    // different order, for some inputs or seeds
    touches: (s) => s.op === 'pow_scalar' && s.attrs.p !== 0 && s.attrs.p !== 1 && s.attrs.p !== 2,
  },
  {
    id: 'relu-nan-gradient',
    kind: 'gradient convention',
    what: "relu where the output y is not positive (x <= 0, or NaN): torch writes +0 at y <= 0 and passes g on at a NaN y (threshold_backward: result <= 0 ? 0 : grad); tf multiplies, g * (y > 0 ? 1 : 0) (ReluGrad: gradients * (features > 0)), so -0 for a negative g, NaN for an infinite or NaN g, and g * 0 at a NaN y; the second derivative (both frameworks apply the same kernel to gg) differs the same way",
    // the cotangent that reaches the step is not known here: any element whose output is not positive may differ
    touches: (s, [x]) => s.op === 'relu' && typeof x !== 'number' && x!.data.some((v) => !(v > 0)),
  },
  {
    id: 'prod-gradient-rule',
    kind: 'gradient convention',
    what: 'prod: torch g * out / x where the input holds no zero (inf / inf = NaN at an inf), else products of the others from cumprods; tf always those products (finite at an inf), rounded differently from out / x',
    // the two rules agree wherever the products of the others round as out / x does: compare them on the step's input
    // (seeds 1 and -1: a sign of zero may differ only for a negative seed)
    touches: (s, [x]) => s.op === 'prod' && typeof x !== 'number'
      && [1, -1].some((g) => !sameBits(prodGrad(s, x!, 'torch', g), prodGrad(s, x!, 'tf', g))),
  },
  {
    id: 'atan2-gradient-rounding',
    kind: 'gradient convention',
    what: 'atan2(y, x) gradient: torch (g * x) * (1 / (y*y + x*x)) and (g * -y) * that (atan2_backward); tf x * (g / (x^2 + y^2)) and -y * that (_Atan2Grad): rounded differently, and at overflow NaN against 0 (float32 2 * atan2(1, 3e38): d/dy torch NaN, tf 0)',
    // the orders round differently for almost any cotangent, which the step's inputs do not decide: every atan2 step
    touches: (s) => s.op === 'atan2',
  },
  {
    id: 'variance-std-tf-composition',
    kind: 'gradient convention',
    what: "variance / std: torch accumulates float32 in double (std([2e19, -2e19]) = 2e19) and differentiates var_backward's closed form g * 2 (x - mean) / n; tf runs reduce_variance's composition, float32 rounded at each step (std([2e19, -2e19]) = sqrt(inf) = inf), and its autodiff through the means too, which makes a slice with an infinite deviation all NaN ([inf, 1, 2]: tf NaN, NaN, NaN; torch NaN, -inf, -inf)",
    // float32: the forward rounds differently at most inputs; float64: the two agree bit for bit unless the cotangent
    // through the means is not finite, which takes an infinite (or NaN) entry or a deviation near the float64 range
    touches: (s, [x]) => (s.op === 'variance' || s.op === 'std') && typeof x !== 'number'
      && (x!.dtype === 'float32' || x!.data.some((v) => !(Math.abs(v) < 1e150))),
  },
  {
    id: 'logsumexp-tf-composition',
    kind: 'gradient convention',
    what: "logsumexp gradient where a slice holds +inf: torch g * exp(x - inf) = 0 for a finite x (logsumexp_backward); tf the autodiff of reduce_logsumexp's composition, (g * (1 / s)) * exp(x - my_max) with my_max 0 and s inf, so 0 * inf = NaN where exp(x) overflows (float64 [710, inf, 1]: tf NaN, NaN, 0; torch 0, NaN, 0)",
    // the tf rule takes the composition only on slices whose result is +inf, i.e. that hold +inf
    touches: (s, [x]) => s.op === 'logsumexp' && typeof x !== 'number' && x!.data.some((v) => v === Infinity),
  },
  {
    id: 'dense-xent-tf-kernel',
    kind: 'gradient convention',
    what: 'cross-entropy with probability targets: torch differentiates -sum(p * log_softmax(z)) exactly (logits: softmax * sum(p) - p); tf.nn.softmax_cross_entropy_with_logits has TF\'s kernel gradient softmax - p, and its second derivative holds p constant',
  },
  {
    id: 'max-min-gradient-zeros',
    kind: 'gradient convention',
    what: "max()/min() and max(dim)/min(dim): torch writes g into zeros (PyTorch's evenly_distribute_backward: g / count at the selected elements; value_selecting_reduction_backward: g scattered), so the others get +0 whatever g is; tf multiplies g by indicators / count (-0 where g < 0, NaN where g is NaN or infinite; g * (1 / count) at ties)",
    // any slot with an element not selected (or a tie) may differ, depending on the upstream gradient: wherever a
    // reduced axis has more than one element
    touches: (s, [x]) => isExtreme(s) && typeof x !== 'number' && x!.size > 0 && core.normAxes(s.op, s.attrs.axis, x!.rank).some((d) => x!.shape[d]! > 1),
  },
  {
    id: 'mse-gradient-rule',
    kind: 'gradient convention',
    what: "mse: torch's MseLossBackward0 computes (2/n * (x - y)) * g (mse_loss_backward; 2 for 'sum' and 'none'); tf differentiates mean(square(x - y)): (g / n) * (2 * (x - y)), rounded differently (and 2 * (x - y) overflows first)",
    touches: (s) => s.op === 'mse',
  },
  {
    id: 'prob-xent-zero-sign',
    kind: 'gradient convention',
    what: "cross-entropy with probability targets, 'sum' or 'mean' of a zero loss: torch -0 (PyTorch negates the summed products: -(input * target).sum()); tf's -sum per example, then summed, +0",
    touches: (s, [x, y]) => s.op === 'cross_entropy' && s.attrs.reduction !== 'none' && quiet(() =>
      core.sum(core.mul(y as core.Tensor, core.logSoftmax(x as core.Tensor, s.attrs.classAxis))).data.some((v) => v === 0)),
  },
  { id: 'leaky-relu-default-slope', kind: 'default', what: 'leaky_relu slope: torch negative_slope=0.01; tf alpha=0.2' },
  { id: 'variance-default-correction', kind: 'default', what: 'variance / std: torch correction=1 (unbiased); tf reduce_variance / reduce_std divide by n' },
  { id: 'sgd-momentum-schedule', kind: 'default', what: 'SGD momentum when the rate changes: torch b sums gradients and the current lr scales the whole step; Keras v sums lr_t * g_t' },
  { id: 'weight-decay', kind: 'default', what: 'weight_decay: torch adds wd * w to the gradient (L2); Keras decays w -= w * wd * lr before the update (decoupled)' },
  { id: 'adam-epsilon', kind: 'default', what: 'Adam: torch eps=1e-8 added to sqrt(v_hat); tf epsilon=1e-7 added to sqrt(v), the bias corrections folded into the step size' },
  { id: 'rmsprop-defaults', kind: 'default', what: 'RMSprop: torch alpha=0.99, eps=1e-8 outside the sqrt; tf rho=0.9, epsilon=1e-7' },
  { id: 'adagrad-defaults', kind: 'default', what: 'Adagrad: torch initial_accumulator_value=0, eps=1e-10; tf initial_accumulator_value=0.1, epsilon=1e-7' },
];

/** The listed edges a program step reaches (empty for almost every step). */
export function touched(s: StepNode, args: Array<core.Tensor | number>): Divergence[] {
  return DIVERGENCES.filter((d) => d.touches?.(s, args) ?? false);
}
