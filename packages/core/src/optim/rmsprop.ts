import type { Tensor } from '../tensor.js';
import { zeros } from '../creation.js';
import { bump, checkGrad, decay, decayOf, roundingOf, writes, type DecayOptions } from './update.js';

export interface RmspropOptions extends DecayOptions {
  lr: number;
  /** The decay of the squared-gradient average (PyTorch's alpha, Keras's rho). */
  rho: number;
  eps: number;
  momentum: number;
  centered: boolean;
}

/** The squared-gradient average, the gradient average (centered) and the momentum buffer (momentum > 0). */
export interface RmspropState {
  squareAvg: Tensor;
  gradAvg: Tensor | null;
  momentumBuffer: Tensor | null;
}

export const rmspropState = (p: Tensor, centered: boolean, momentum: number): RmspropState => ({
  squareAvg: zeros(p.shape, p.dtype),
  gradAvg: centered ? zeros(p.shape, p.dtype) : null,
  momentumBuffer: momentum > 0 ? zeros(p.shape, p.dtype) : null,
});

/**
 * One RMSprop step on `p` in place, one pass over the arrays. With s = rho*s + (1-rho)*g^2 and, centered,
 * a = rho*a + (1-rho)*g and s' = s - a^2 (else s' = s):
 *
 * PyTorch: d = g / (sqrt(s') + eps); momentum: b = momentum*b + d, w -= lr*b; else w -= lr*d.
 * Keras:   d = lr*g / sqrt(s' + eps); momentum: b = momentum*b + d, w -= b;    else w -= d.
 *
 * NOTE: eps sits outside the square root in PyTorch and inside it in Keras; Keras's momentum buffer
 * accumulates lr*d, PyTorch's accumulates d and is scaled by the current lr.
 */
export function rmspropStep(p: Tensor, g: Tensor, s: RmspropState, o: RmspropOptions): void {
  checkGrad('rmsprop', p, g);
  if (o.convention === 'torch') {
    torchLoop(p, g, s, o);
    bump(s.squareAvg, 1);
    bump(p, writes(o));
    return;
  }
  const { lr, rho, eps, momentum } = o;
  const w = p.data, gd = g.data, sq = s.squareAvg.data, ga = s.gradAvg?.data ?? null, buf = s.momentumBuffer?.data ?? null;
  const sign = o.maximize ? -1 : 1, l2 = o.decoupled ? 0 : o.weightDecay;
  const dec = decayOf(lr, o);
  for (let i = 0; i < w.length; i++) {
    const wi = decay(w[i]!, dec);
    const gi = l2 === 0 ? sign * gd[i]! : sign * gd[i]! + l2 * wi;
    sq[i] = rho * sq[i]! + (1 - rho) * (gi * gi);
    let si = sq[i]!;
    if (ga !== null) {
      ga[i] = rho * ga[i]! + (1 - rho) * gi;
      si = si - ga[i]! * ga[i]!;
    }
    const d = (lr * gi) / Math.sqrt(si + eps);
    if (buf !== null && momentum > 0) {
      buf[i] = buf[i]! * momentum + d;
      w[i] = wi - buf[i]!;
    } else {
      w[i] = wi - d;
    }
  }
  bump(s.squareAvg, 1);
  bump(p, writes(o));
}

/**
 * PyTorch 1.13's _single_tensor_rmsprop, op by op, each op rounded to the parameter's dtype (`r`; float64's are the
 * double ops themselves), its scalars cast to that dtype as ATen casts them:
 *   grad = grad.add(param, alpha=wd); square_avg.mul_(alpha).addcmul_(grad, grad, value=1-alpha);
 *   centered: grad_avg.mul_(alpha).add_(grad, alpha=1-alpha); avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
 *   else avg = square_avg.sqrt(); avg.add_(eps);
 *   momentum: buf.mul_(momentum).addcdiv_(grad, avg); param.add_(buf, alpha=-lr); else param.addcdiv_(grad, avg, value=-lr).
 * addcdiv is self + (value*t1)/t2, its product and quotient rounded. NOTE: in float32, add_ with alpha and addcmul's
 * sum round self + product once (ATen's fmadd; a float32 product, or addcmul's rounded value*t1 times t2, is exact in
 * a double, so add32 gives that one rounding; float64 takes fma.ts's fma): bit for bit with PyTorch 1.13 in float32
 * and float64 (tests/oracle/optim/torch_steps.json). The variance rounded to float32 is what keeps a tiny gradient's
 * at 0 (not negative, whose sqrt is NaN).
 */
function torchLoop(p: Tensor, g: Tensor, s: RmspropState, o: RmspropOptions): void {
  const { r, fmadd } = roundingOf(p);
  const w = p.data, gd = g.data, sq = s.squareAvg.data, ga = s.gradAvg?.data ?? null, buf = s.momentumBuffer?.data ?? null;
  const rho = r(o.rho), keep = r(1 - o.rho), eps = r(o.eps), lrNeg = r(-o.lr), mom = r(o.momentum);
  const wd = r(o.weightDecay), l2 = !o.decoupled && o.weightDecay !== 0;
  const dec = decayOf(o.lr, o);
  const useBuf = buf !== null && o.momentum > 0;
  for (let i = 0; i < w.length; i++) {
    const wi = decay(w[i]!, dec);
    let gi = o.maximize ? -gd[i]! : gd[i]!;
    if (l2) gi = fmadd(wd, wi, gi);
    const si = (sq[i] = fmadd(r(keep * gi), gi, r(sq[i]! * rho)));
    let avg: number;
    if (ga !== null) {
      const ai = (ga[i] = fmadd(keep, gi, r(ga[i]! * rho)));
      avg = r(Math.sqrt(fmadd(-ai, ai, si)));
    } else {
      avg = r(Math.sqrt(si));
    }
    avg = r(avg + eps);
    if (useBuf) {
      const bi = (buf[i] = r(r(buf[i]! * mom) + r(gi / avg)));
      w[i] = fmadd(lrNeg, bi, wi);
    } else {
      w[i] = r(wi + r(r(lrNeg * gi) / avg));
    }
  }
}
