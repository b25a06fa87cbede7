import type { Tensor } from '../tensor.js';
import { zeros } from '../creation.js';
import { powi } from '../kernels/special.js';
import { bump, checkGrad, decay, decayOf, roundingOf, writes, type DecayOptions } from './update.js';

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
  if (o.convention === 'torch') torchLoop(p, g, s, o);
  else kerasLoop(p, g, s, o);
  bump(s.m, 1);
  bump(s.v, 1);
  bump(p, writes(o));
}

/** Keras's Adam in one pass, each element's update in double, rounded once to the parameter's dtype. */
function kerasLoop(p: Tensor, g: Tensor, s: AdamState, o: AdamOptions): void {
  const { lr, beta1: b1, beta2: b2, eps } = o;
  const w = p.data, gd = g.data, m = s.m.data, v = s.v.data, vmax = s.vmax?.data ?? null;
  const sign = o.maximize ? -1 : 1, l2 = o.decoupled ? 0 : o.weightDecay;
  const alpha = (lr * Math.sqrt(1 - b2 ** o.step)) / (1 - b1 ** o.step);
  const dec = decayOf(lr, o);
  for (let i = 0; i < w.length; i++) {
    const wi = decay(w[i]!, dec);
    const gi = l2 === 0 ? sign * gd[i]! : sign * gd[i]! + l2 * wi;
    m[i] = m[i]! + (gi - m[i]!) * (1 - b1);
    v[i] = v[i]! + (gi * gi - v[i]!) * (1 - b2);
    let vi = v[i]!;
    if (vmax !== null) vi = vmax[i] = Math.max(vmax[i]!, vi);
    w[i] = wi - (m[i]! * alpha) / (Math.sqrt(vi) + eps);
  }
}

/**
 * PyTorch 1.13's _single_tensor_adam (and _single_tensor_adamw), op by op, each op rounded to the parameter's dtype
 * (`r`; float64's are the double ops themselves), its Python floats cast to that dtype as ATen casts scalars:
 *   AdamW: param.mul_(1 - lr*wd); Adam: grad = grad.add(param, alpha=wd);
 *   exp_avg.mul_(beta1).add_(grad, alpha=1-beta1); exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1-beta2);
 *   amsgrad: torch.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq);
 *   denom = (exp_avg_sq.sqrt() / sqrt(1-beta2^t)).add_(eps); param.addcdiv_(exp_avg, denom, value=-lr/(1-beta1^t)).
 * add_ with alpha and addcmul round self + product once (ATen's fmadd: fma.ts add32 in float32, fma in float64);
 * addcmul's product is (value*t1) rounded, times t2; addcdiv is self + (value*t1)/t2, each step rounded. `1 - beta ** t`
 * is C's pow (glibc's, correctly rounded but for rare near-ties), which powi reproduces where V8's `**` is an ulp off
 * for ~8% of (beta, t). Against PyTorch 1.13: 4,200 of 4,200 elements bit for bit (Adam, AdamW, weight decay, amsgrad,
 * maximize; float32 and float64; six steps).
 */
function torchLoop(p: Tensor, g: Tensor, s: AdamState, o: AdamOptions): void {
  const { r, fmadd } = roundingOf(p);
  const w = p.data, gd = g.data, m = s.m.data, v = s.v.data, vmax = s.vmax?.data ?? null;
  const b1 = r(o.beta1), keep1 = r(1 - o.beta1), b2 = r(o.beta2), keep2 = r(1 - o.beta2), eps = r(o.eps);
  const bc1 = 1 - powi(o.beta1, o.step), bc2 = 1 - powi(o.beta2, o.step);
  const stepNeg = r(-(o.lr / bc1)), bc2Sqrt = r(Math.sqrt(bc2));
  const l2 = !o.decoupled && o.weightDecay !== 0, wd = r(o.weightDecay);
  const shrink = o.decoupled && o.weightDecay !== 0 ? r(1 - o.lr * o.weightDecay) : 1;
  for (let i = 0; i < w.length; i++) {
    const wi = shrink === 1 ? w[i]! : r(w[i]! * shrink);
    let gi = o.maximize ? -gd[i]! : gd[i]!;
    if (l2) gi = fmadd(wd, wi, gi);
    const mi = (m[i] = fmadd(keep1, gi, r(m[i]! * b1)));
    let vi = (v[i] = fmadd(r(keep2 * gi), gi, r(v[i]! * b2)));
    if (vmax !== null) vi = vmax[i] = Math.max(vmax[i]!, vi);
    const denom = r(r(r(Math.sqrt(vi)) / bc2Sqrt) + eps);
    w[i] = r(wi + r(r(stepNeg * mi) / denom));
  }
}
