import type { Tensor } from '../tensor.js';
import { clone } from '../ops/copy.js';
import type { Convention } from '../ops/arith.js';
import type { TypedArray } from '../dtype.js';
import { bump, checkGrad, decay, decayOf, roundingOf, writes, type Decay, type DecayOptions, type Rounding } from './update.js';
import { fma } from '../kernels/fma.js';

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
  // NOTE: PyTorch's float32 kernel applies w.add_(g, alpha=-lr) with alpha cast to float and one rounding
  // (an FMA); rounding lr to float32 first reproduces its trajectories bit for bit in the common case.
  const lr = p.dtype === 'float32' ? Math.fround(o.lr) : o.lr;
  const sign = o.maximize ? -1 : 1, l2 = o.decoupled ? 0 : o.weightDecay;
  const dec = decayOf(lr, o);
  if (o.momentum === 0) {
    if (dec.kind === 0 && l2 === 0 && sign === 1) {
      // NOTE: PyTorch's add_(g, alpha=-lr) is one fused multiply-add: one rounding (a float32 product is exact in a
      // double, so the float32 loop rounds once too; a float64 one needs the emulated FMA). Keras's assign_sub(g * lr)
      // rounds the product first; plain SGD stays bit-identical between the facades (issue 5), in PyTorch's rounding.
      if (p.dtype === 'float64') fmaLoop(p.data, g.data, -lr);
      else plainLoop(p.data, g.data, lr);
    }
    else decayLoop(p.data, g.data, lr, sign, l2, dec, roundingOf(p));
  } else {
    const c = coefficients(state, o);
    const first = state.momentumBuffer === null;
    const buf = (state.momentumBuffer ??= clone(p, false));
    momentumLoop(p.data, g.data, buf.data, first, o.nesterov, o.momentum, sign, l2, dec, c, roundingOf(p));
    bump(buf, 1);
  }
  bump(p, writes(o));
}

// NOTE: the loops are leaf functions so that V8 optimizes each one whole: a loop inlined in sgdStep was
// compiled on its own (on-stack replacement) and thrown away at the first untried call after it, dozens of
// times in a training run. The plain step (w - lr*g: what the general line computes for sign 1, no decay)
// has its own loop, a fifth of the general loop's time on a 784x256 weight.
function plainLoop(w: TypedArray, gd: TypedArray, lr: number): void {
  for (let i = 0; i < w.length; i++) w[i] = w[i]! - lr * gd[i]!;
}

function fmaLoop(w: TypedArray, gd: TypedArray, a: number): void {
  for (let i = 0; i < w.length; i++) w[i] = fma(a, gd[i]!, w[i]!);
}

/**
 * PyTorch 1.13's _single_tensor_sgd op by op, each op rounded in the parameter's dtype (`r`), its Python floats cast
 * to that dtype as ATen casts scalars: d_p = -grad (maximize); d_p = d_p.add(param, alpha=wd);
 * buf.mul_(momentum).add_(d_p, alpha=1-dampening) (buf = d_p on the first step); nesterov: d_p = d_p.add(buf,
 * alpha=momentum), else d_p = buf; param.add_(d_p, alpha=-lr). Every add with alpha is one fused multiply-add.
 */
function decayLoop(w: TypedArray, gd: TypedArray, lr: number, sign: number, l2: number, dec: Decay, { r, fmadd }: Rounding): void {
  const wd = r(l2), lrNeg = -lr;
  for (let i = 0; i < w.length; i++) {
    const wi = decay(w[i]!, dec);
    const gi = l2 === 0 ? sign * gd[i]! : fmadd(wd, wi, sign * gd[i]!);
    w[i] = fmadd(lrNeg, gi, wi);
  }
}

/** The momentum step of `decayLoop`'s ops, its coefficients in PyTorch's units (Keras's at a constant rate are the same). */
function momentumLoop(
  w: TypedArray, gd: TypedArray, b: TypedArray, first: boolean, nesterov: boolean, momentum: number,
  sign: number, l2: number, dec: Decay, c: SgdCoefficients, { r, fmadd }: Rounding,
): void {
  const keep = r(c.keep), take = r(c.take), fresh = r(c.fresh), nest = r(c.nest), stepNeg = r(-c.step);
  const mom = r(momentum), wd = r(l2);
  for (let i = 0; i < w.length; i++) {
    const wi = decay(w[i]!, dec);
    const gi = l2 === 0 ? sign * gd[i]! : fmadd(wd, wi, sign * gd[i]!);
    const bi = (b[i] = first ? r(fresh * gi) : fmadd(take, gi, r(b[i]! * keep)));
    w[i] = fmadd(stepNeg, nesterov ? fmadd(mom, bi, r(nest * gi)) : bi, wi);
  }
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

/**
 * The state from a Keras velocity `v` written by the caller to the `momentums` variable (Keras's update_step
 * reads that variable on every step, sgd.py: m = m*momentum - g*lr). Inverts v = -s * b with s the rate the next
 * step scales by (the one `coefficients` will choose, so that step's prev/s is 1): b = -v / s, and the next step
 * computes Keras's momentum*v - lr*g from it. Only called when the variable changed: at a constant rate the
 * buffer is never round-tripped, and the two facades stay bit-identical.
 */
export function setKerasVelocity(state: SgdState, v: Tensor, lr: number): void {
  const s = lr !== 0 ? lr : state.scale !== 0 ? state.scale : 1;
  const b = clone(v, false), bd = b.data;
  for (let i = 0; i < bd.length; i++) bd[i] = -bd[i]! / s;
  state.momentumBuffer = b;
  state.scale = s;
}

/** Keras's velocity variable (v = -scale * b) read back from the state, for display and tests. */
export function kerasVelocity(state: SgdState, c: Convention = 'tf'): Float64Array | null {
  if (state.momentumBuffer === null || c !== 'tf') return null;
  const b = state.momentumBuffer.data, out = new Float64Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = -state.scale * b[i]!;
  return out;
}
