import type { Tensor } from '../tensor.js';
import { zeros } from '../creation.js';
import { powi } from '../kernels/special.js';
import { bump, checkGrad, decay, decayOf, writes, type DecayOptions } from './update.js';

export interface AdamOptions extends DecayOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  amsgrad: boolean;
  /** The 1-based step t used in the bias corrections (PyTorch: per parameter; Keras: iterations + 1). */
  step: number;
}

/** First moment m, second moment v, and amsgrad's running max of v (PyTorch: exp_avg, exp_avg_sq, max_exp_avg_sq). */
export interface AdamState {
  m: Tensor;
  v: Tensor;
  vmax: Tensor | null;
}

export const adamState = (p: Tensor, amsgrad: boolean): AdamState => ({
  m: zeros(p.shape, p.dtype), v: zeros(p.shape, p.dtype), vmax: amsgrad ? zeros(p.shape, p.dtype) : null,
});

/**
 * One Adam / AdamW step on `p` in place, one pass over the arrays.
 *
 * PyTorch: m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; w -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps).
 * Keras:   m += (g-m)*(1-b1); v += (g^2-v)*(1-b2); alpha = lr*sqrt(1-b2^t)/(1-b1^t); w -= m*alpha / (sqrt(v) + eps).
 *
 * NOTE: the two differ only in where eps sits: PyTorch adds it to the bias-corrected sqrt(v_hat), Keras to
 * the uncorrected sqrt(v), i.e. Keras's effective epsilon is eps*sqrt(1-b2^t), far smaller in early steps.
 */
export function adamStep(p: Tensor, g: Tensor, s: AdamState, o: AdamOptions): void {
  checkGrad('adam', p, g);
  const { lr, beta1: b1, beta2: b2, eps } = o;
  const w = p.data, gd = g.data, m = s.m.data, v = s.v.data, vmax = s.vmax?.data ?? null;
  const sign = o.maximize ? -1 : 1, l2 = o.decoupled ? 0 : o.weightDecay;
  const torch = o.convention === 'torch';
  // NOTE: PyTorch's `1 - beta ** step` is C's pow (glibc's, correctly rounded but for rare near-ties), which powi
  // reproduces where V8's `**` is an ulp off for ~8% of (beta, step); Keras's convention keeps `**`.
  const bc1 = 1 - (torch ? powi(b1, o.step) : b1 ** o.step), bc2 = 1 - (torch ? powi(b2, o.step) : b2 ** o.step);
  const stepNeg = -(lr / bc1);
  const bc2Sqrt = Math.sqrt(bc2), alpha = (lr * Math.sqrt(bc2)) / bc1;
  const dec = decayOf(lr, o);
  for (let i = 0; i < w.length; i++) {
    const wi = decay(w[i]!, dec);
    const gi = l2 === 0 ? sign * gd[i]! : sign * gd[i]! + l2 * wi;
    m[i] = torch ? m[i]! * b1 + (1 - b1) * gi : m[i]! + (gi - m[i]!) * (1 - b1);
    v[i] = torch ? v[i]! * b2 + (1 - b2) * gi * gi : v[i]! + (gi * gi - v[i]!) * (1 - b2);
    let vi = v[i]!;
    if (vmax !== null) vi = vmax[i] = Math.max(vmax[i]!, vi);
    // NOTE: PyTorch's addcdiv_(exp_avg, denom, value=-step_size) computes self + (value * t1) / t2 in that order
    w[i] = torch ? wi + (stepNeg * m[i]!) / (Math.sqrt(vi) / bc2Sqrt + eps) : wi - (m[i]! * alpha) / (Math.sqrt(vi) + eps);
  }
  bump(s.m, 1);
  bump(s.v, 1);
  bump(p, writes(o));
}
