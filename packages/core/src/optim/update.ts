import { afterWrite, noteWrite, type Tensor } from '../tensor.js';
import { fail, fmtShape } from '../errors.js';
import { sameShape } from '../shape.js';
import type { Convention } from '../ops/arith.js';
import { add32, fma } from '../kernels/fma.js';

/**
 * Weight decay, shared by every family. `decoupled: false` is L2 (PyTorch's SGD/Adam/RMSprop/Adagrad:
 * g += wd * w); `decoupled: true` shrinks the weight before the update (PyTorch's AdamW: w *= 1 - lr*wd;
 * Keras's base optimizer, for every family: w = w - w*wd*lr).
 */
export interface DecayOptions {
  weightDecay: number;
  decoupled: boolean;
  /** Negate the gradient first (PyTorch's `maximize`). */
  maximize: boolean;
  convention: Convention;
}

/** Checks a gradient against its parameter; the facades check first with their framework's words. */
export function checkGrad(op: string, p: Tensor, g: Tensor): void {
  if (!sameShape(p.shape, g.shape)) fail('shape', `${op}: gradient shape ${fmtShape(g.shape)} does not match parameter shape ${fmtShape(p.shape)}`);
  if (p.dtype !== 'float32' && p.dtype !== 'float64') fail('dtype', `${op}: can only update floating-point parameters, got ${p.dtype}`);
}

/**
 * The decoupled decay (w' = a*w - b*w): PyTorch multiplies by (1 - lr*wd); Keras subtracts w*wd*lr.
 * Resolved once per step into a small record of constant shape, which the update loops read through `decay`:
 * the caller's options object (often built by spreading, which V8 may keep as a dictionary) is never read per
 * element. kind 0: no decay; 1: PyTorch's w * a; 2: Keras's w - w*wd*lr.
 */
export interface Decay { kind: 0 | 1 | 2; a: number; wd: number; lr: number }
export function decayOf(lr: number, o: DecayOptions): Decay {
  const wd = o.weightDecay;
  if (!o.decoupled || wd === 0) return { kind: 0, a: 1, wd, lr };
  return o.convention === 'torch' ? { kind: 1, a: 1 - lr * wd, wd, lr } : { kind: 2, a: 1, wd, lr };
}
export function decay(w: number, d: Decay): number {
  return d.kind === 0 ? w : d.kind === 1 ? w * d.a : w - w * d.wd * d.lr;
}

/**
 * Marks `p` as written in place: bumps its version counter `n` times (PyTorch's count of in-place ops on
 * the parameter in one step, e.g. 2 for AdamW's mul_ + addcdiv_), so saved tensors see the change.
 */
export function bump(p: Tensor, n: number): void {
  p.counter.v += n;
  noteWrite(p);
  afterWrite(p);
}

/** How many in-place writes PyTorch makes to the parameter in one step: 2 with decoupled decay (mul_, then the update). */
export function writes(o: DecayOptions): number {
  return o.decoupled && o.weightDecay !== 0 && o.convention === 'torch' ? 2 : 1;
}

/**
 * PyTorch's op-by-op update arithmetic in a parameter's dtype: `r` rounds a result to it, `fmadd(a, b, c)` is ATen's
 * fused c + a*b (add_ with alpha, addcmul_), rounded once (fma.ts: a float32 product is exact in a double).
 */
export interface Rounding { r: (x: number) => number; fmadd: (a: number, b: number, c: number) => number }
const F32: Rounding = { r: Math.fround, fmadd: (a, b, c) => add32(c, a * b) };
const F64: Rounding = { r: (x) => x, fmadd: fma };
export const roundingOf = (p: Tensor): Rounding => (p.dtype === 'float32' ? F32 : F64);
