import type { Tensor } from '../tensor.js';
import { full } from '../creation.js';
import { bump, checkGrad, decay, decayOf, writes, type DecayOptions } from './update.js';

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
  const { lr, eps } = o;
  const w = p.data, gd = g.data, acc = s.sum.data;
  const sign = o.maximize ? -1 : 1, l2 = o.decoupled ? 0 : o.weightDecay;
  const torch = o.convention === 'torch';
  const clr = lr / (1 + (o.step - 1) * o.lrDecay);
  const dec = decayOf(lr, o);
  for (let i = 0; i < w.length; i++) {
    const wi = decay(w[i]!, dec);
    const gi = l2 === 0 ? sign * gd[i]! : sign * gd[i]! + l2 * wi;
    acc[i] = acc[i]! + gi * gi;
    // NOTE: PyTorch's addcdiv_(grad, std, value=-clr) computes self + (value * t1) / t2 in that order
    w[i] = torch ? wi + (-clr * gi) / (Math.sqrt(acc[i]!) + eps) : wi - (lr * gi) / Math.sqrt(acc[i]! + eps);
  }
  bump(s.sum, 1);
  bump(p, writes(o));
}
