import type { Tensor } from '../tensor.js';
import { zeros } from '../creation.js';
import { bump, checkGrad, decay, decayOf, writes, type DecayOptions } from './update.js';

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
  const { lr, rho, eps, momentum } = o;
  const w = p.data, gd = g.data, sq = s.squareAvg.data, ga = s.gradAvg?.data ?? null, buf = s.momentumBuffer?.data ?? null;
  const sign = o.maximize ? -1 : 1, l2 = o.decoupled ? 0 : o.weightDecay;
  const torch = o.convention === 'torch';
  const dec = decayOf(lr, o);
  for (let i = 0; i < w.length; i++) {
    const wi = decay(w[i]!, dec);
    const gi = l2 === 0 ? sign * gd[i]! : sign * gd[i]! + l2 * wi;
    sq[i] = torch ? sq[i]! * rho + (1 - rho) * gi * gi : rho * sq[i]! + (1 - rho) * (gi * gi);
    let si = sq[i]!;
    if (ga !== null) {
      ga[i] = torch ? ga[i]! * rho + (1 - rho) * gi : rho * ga[i]! + (1 - rho) * gi;
      si = torch ? si + -1 * ga[i]! * ga[i]! : si - ga[i]! * ga[i]!;
    }
    const d = torch ? gi / (Math.sqrt(si) + eps) : (lr * gi) / Math.sqrt(si + eps);
    if (buf !== null && momentum > 0) {
      buf[i] = buf[i]! * momentum + d;
      w[i] = torch ? wi - lr * buf[i]! : wi - buf[i]!;
    } else {
      w[i] = torch ? wi + -lr * d : wi - d;
    }
  }
  bump(s.squareAvg, 1);
  bump(p, writes(o));
}
