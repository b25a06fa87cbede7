import type { Tensor } from '../tensor.js';
import { full } from '../creation.js';
import { bump, checkGrad, decay, decayOf, roundingOf, writes, type DecayOptions } from './update.js';

export interface AdagradOptions extends DecayOptions {
  lr: number;
  eps: number;
  /** PyTorch only: the rate at step t is lr / (1 + (t-1)*lrDecay). */
  lrDecay: number;
  /** The 1-based step t (used by lrDecay). */
  step: number;
}

/** The running sum of squared gradients, started at initial_accumulator_value (PyTorch 0, Keras 0.1). */
export interface AdagradState {
  sum: Tensor;
}

export const adagradState = (p: Tensor, initialAccumulatorValue: number): AdagradState => ({
  sum: full(p.shape, initialAccumulatorValue, p.dtype),
});

/**
 * One Adagrad step on `p` in place, one pass over the arrays. Both: A += g^2.
 * PyTorch: w -= lr/(1+(t-1)*lr_decay) * g / (sqrt(A) + eps).
 * Keras:   w -= lr*g / sqrt(A + eps).
 * NOTE: eps outside the root in PyTorch (1e-10), inside in Keras (1e-7); the accumulator starts at 0 in
 * PyTorch and 0.1 in Keras, so Keras's first step is lr*g/sqrt(0.1 + g^2), not lr*sign(g).
 */
export function adagradStep(p: Tensor, g: Tensor, s: AdagradState, o: AdagradOptions): void {
  checkGrad('adagrad', p, g);
  if (o.convention === 'torch') torchLoop(p, g, s, o);
  else kerasLoop(p, g, s, o);
  bump(s.sum, 1);
  bump(p, writes(o));
}

/** Keras's Adagrad in one pass, each element's update in double, rounded once to the parameter's dtype. */
function kerasLoop(p: Tensor, g: Tensor, s: AdagradState, o: AdagradOptions): void {
  const { lr, eps } = o;
  const w = p.data, gd = g.data, acc = s.sum.data;
  const sign = o.maximize ? -1 : 1, l2 = o.decoupled ? 0 : o.weightDecay;
  const dec = decayOf(lr, o);
  for (let i = 0; i < w.length; i++) {
    const wi = decay(w[i]!, dec);
    const gi = l2 === 0 ? sign * gd[i]! : sign * gd[i]! + l2 * wi;
    acc[i] = acc[i]! + gi * gi;
    w[i] = wi - (lr * gi) / Math.sqrt(acc[i]! + eps);
  }
}

/**
 * PyTorch 1.13's _single_tensor_adagrad op by op, each op rounded in the parameter's dtype (`r`), its Python floats
 * cast to that dtype: grad = -grad (maximize); grad = grad.add(param, alpha=wd); state_sum.addcmul_(grad, grad,
 * value=1); std = state_sum.sqrt().add_(eps); param.addcdiv_(grad, std, value=-clr), clr = lr / (1 + (t-1) lr_decay).
 * add with alpha and addcmul round once (ATen's fmadd); addcdiv is self + (value*t1)/t2, each step rounded.
 */
function torchLoop(p: Tensor, g: Tensor, s: AdagradState, o: AdagradOptions): void {
  const { r, fmadd } = roundingOf(p);
  const w = p.data, gd = g.data, acc = s.sum.data;
  const wd = r(o.weightDecay), eps = r(o.eps), clrNeg = r(-(o.lr / (1 + (o.step - 1) * o.lrDecay)));
  for (let i = 0; i < w.length; i++) {
    const wi = w[i]!;
    let gi = o.maximize ? -gd[i]! : gd[i]!;
    if (o.weightDecay !== 0) gi = fmadd(wd, wi, gi);
    const si = (acc[i] = fmadd(gi, gi, acc[i]!));
    w[i] = r(wi + r(r(clrNeg * gi) / r(r(Math.sqrt(si)) + eps)));
  }
}
