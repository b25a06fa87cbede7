import type { Tensor } from '../tensor.js';
import { clone } from '../ops/copy.js';
import type { Convention } from '../ops/arith.js';
import type { TypedArray } from '../dtype.js';
import { bump, checkGrad, decay, decayOf, writes, type Decay, type DecayOptions } from './update.js';
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
    else decayLoop(p.data, g.data, lr, sign, l2, dec);
  } else {
    const c = coefficients(state, o);
    const first = state.momentumBuffer === null;
    const buf = (state.momentumBuffer ??= clone(p, false));
    momentumLoop(p.data, g.data, buf.data, first, o.nesterov, o.momentum, sign, l2, dec, c);
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

function decayLoop(w: TypedArray, gd: TypedArray, lr: number, sign: number, l2: number, dec: Decay): void {
  for (let i = 0; i < w.length; i++) {
    const wi = decay(w[i]!, dec);
    const gi = l2 === 0 ? sign * gd[i]! : sign * gd[i]! + l2 * wi;
    w[i] = wi - lr * gi;
  }
}

function momentumLoop(
  w: TypedArray, gd: TypedArray, b: TypedArray, first: boolean, nesterov: boolean, momentum: number,
  sign: number, l2: number, dec: Decay, c: SgdCoefficients,
): void {
  const { keep, take, fresh, nest, step } = c;
  for (let i = 0; i < w.length; i++) {
    const wi = decay(w[i]!, dec);
    const gi = l2 === 0 ? sign * gd[i]! : sign * gd[i]! + l2 * wi;
    const bi = first ? fresh * gi : keep * b[i]! + take * gi;
    b[i] = bi;
    const bn = b[i]!;
    w[i] = wi - step * (nesterov ? nest * gi + momentum * bn : bn);
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
