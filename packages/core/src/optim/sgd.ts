import type { Tensor } from '../tensor.js';
import { clone } from '../ops/copy.js';
import type { Convention } from '../ops/arith.js';
import { bump, checkGrad, decayed, writes, type DecayOptions } from './update.js';

export interface SgdOptions extends DecayOptions {
  lr: number;
  momentum: number;
  /** PyTorch only (Keras has none): the buffer takes (1 - dampening) * g. */
  dampening: number;
  nesterov: boolean;
}

/**
 * SGD's state. The momentum buffer is always kept in PyTorch's units (a running sum of gradients, b);
 * Keras's velocity is v = -scale * b, where `scale` is the last nonzero learning rate.
 */
export interface SgdState {
  momentumBuffer: Tensor | null;
  scale: number;
}

export const sgdState = (): SgdState => ({ momentumBuffer: null, scale: 0 });

/**
 * One SGD step on `p` in place, one pass over the arrays.
 *
 * PyTorch: b = momentum*b + (1-dampening)*g (b = g on the first step); w -= lr*b (nesterov: w -= lr*(g + momentum*b)).
 * Keras:   v = momentum*v - lr*g; w += v (nesterov: w += momentum*v - lr*g).
 *
 * NOTE: Keras's rule runs here in PyTorch's units: with v = -s*b, it reads b = momentum*(s_prev/s)*b + (lr/s)*g,
 * w -= s*b (nesterov: w -= s*((lr/s)*g + momentum*b)), s the current nonzero learning rate. At a constant rate
 * s_prev/s and lr/s are exactly 1, so both conventions run the same floating-point operations and give
 * bit-identical trajectories; under a schedule this is still Keras's formula, exactly (up to rounding).
 *
 * @example sgdStep(w, g, sgdState(), { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0, decoupled: false, maximize: false, convention: 'torch' })
 */
export function sgdStep(p: Tensor, g: Tensor, state: SgdState, o: SgdOptions): void {
  checkGrad('sgd', p, g);
  const { momentum } = o;
  // NOTE: PyTorch's float32 kernel applies w.add_(g, alpha=-lr) with alpha cast to float and one rounding
  // (an FMA); rounding lr to float32 first reproduces its trajectories bit for bit in the common case.
  const lr = p.dtype === 'float32' ? Math.fround(o.lr) : o.lr;
  const w = p.data, gd = g.data, sign = o.maximize ? -1 : 1, l2 = o.decoupled ? 0 : o.weightDecay;
  if (momentum === 0) {
    for (let i = 0; i < w.length; i++) {
      const wi = decayed(w[i]!, lr, o);
      const gi = l2 === 0 ? sign * gd[i]! : sign * gd[i]! + l2 * wi;
      w[i] = wi - lr * gi;
    }
    bump(p, writes(o));
    return;
  }
  const c = coefficients(state, o);
  const first = state.momentumBuffer === null;
  const buf = (state.momentumBuffer ??= clone(p, false));
  const b = buf.data;
  for (let i = 0; i < w.length; i++) {
    const wi = decayed(w[i]!, lr, o);
    const gi = l2 === 0 ? sign * gd[i]! : sign * gd[i]! + l2 * wi;
    const bi = first ? c.fresh * gi : c.keep * b[i]! + c.take * gi;
    b[i] = bi;
    const bn = b[i]!;
    w[i] = wi - c.step * (o.nesterov ? c.nest * gi + momentum * bn : bn);
  }
  bump(buf, 1);
  bump(p, writes(o));
}

interface SgdCoefficients { keep: number; take: number; fresh: number; nest: number; step: number }

function coefficients(state: SgdState, o: SgdOptions): SgdCoefficients {
  if (o.convention === 'torch') return { keep: o.momentum, take: 1 - o.dampening, fresh: 1, nest: 1, step: o.lr };
  const prev = state.scale;
  const s = o.lr !== 0 ? o.lr : prev !== 0 ? prev : 1;
  state.scale = s;
  const r = o.lr / s;
  return { keep: prev === 0 ? o.momentum : o.momentum * (prev / s), take: r, fresh: r, nest: r, step: s };
}

/** Keras's velocity variable (v = -scale * b) read back from the state, for display and tests. */
export function kerasVelocity(state: SgdState, c: Convention = 'tf'): Float64Array | null {
  if (state.momentumBuffer === null || c !== 'tf') return null;
  const b = state.momentumBuffer.data, out = new Float64Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = -state.scale * b[i]!;
  return out;
}
