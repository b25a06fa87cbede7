import { Tensor } from '../tensor.js';
import { bump } from './update.js';

/**
 * The p-norm of several tensors taken together, PyTorch 1.13's way (clip_grad.py): the norm of the per-tensor
 * norms, `torch.norm(torch.stack([torch.norm(g, p) for g in grads]), p)`; p = Infinity is the largest |x|.
 * NOTE: for p = 0 that is the number of tensors with a nonzero element (torch.norm(x, 0) counts the nonzeros,
 * and the outer norm counts the nonzero counts), not the number of nonzero elements. An empty list has norm 0.
 */
export function totalNorm(grads: readonly Tensor[], normType = 2): number {
  if (normType === Infinity) {
    let mx = 0;
    for (const g of grads) for (let i = 0; i < g.size; i++) mx = Math.max(mx, Math.abs(g.data[i]!));
    return grads.length === 0 ? 0 : mx;
  }
  if (grads.length === 0) return 0;
  if (normType === 0 || normType === -Infinity) return special(grads.map((g) => special(g.data, normType)), normType);
  let total = 0;
  for (const g of grads) total += pnorm(g, normType) ** normType;
  return total ** (1 / normType);
}

/**
 * torch.norm's p = 0 (the count of nonzeros; NaN counts, as `x != 0` is true for it) and p = -inf (the smallest
 * |x|, NaN propagating; 0 for no elements, as PyTorch 1.13 gives for an empty gradient).
 */
function special(d: ArrayLike<number>, p: number): number {
  if (p === 0) {
    let n = 0;
    for (let i = 0; i < d.length; i++) if (d[i] !== 0) n++;
    return n;
  }
  if (d.length === 0) return 0;
  let mn = Infinity;
  for (let i = 0; i < d.length; i++) {
    const a = Math.abs(d[i]!);
    if (Number.isNaN(a)) return NaN;
    mn = Math.min(mn, a);
  }
  return mn;
}

function pnorm(g: Tensor, p: number): number {
  const d = g.data;
  let s = 0;
  if (p === 2) {
    for (let i = 0; i < d.length; i++) s += d[i]! * d[i]!;
    return Math.sqrt(s);
  }
  for (let i = 0; i < d.length; i++) s += Math.abs(d[i]!) ** p;
  return s ** (1 / p);
}

/** PyTorch's clip_grad_norm_ given the total norm: every gradient *= min(max_norm / (total + 1e-6), 1), in place. */
export function clipGradNormInPlace(grads: readonly Tensor[], maxNorm: number, total: number): void {
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  for (const g of grads) {
    const d = g.data;
    for (let i = 0; i < d.length; i++) d[i] = d[i]! * coef;
    bump(g, 1);
  }
}

/** PyTorch's clip_grad_value_: every gradient clamped to [-clip, clip], in place. */
export function clipGradValueInPlace(grads: readonly Tensor[], clip: number): void {
  for (const g of grads) {
    const d = g.data;
    for (let i = 0; i < d.length; i++) d[i] = Math.min(Math.max(d[i]!, -clip), clip);
    bump(g, 1);
  }
}

function mapped(g: Tensor, f: (x: number) => number): Tensor {
  const out = new Tensor(g.shape, g.dtype);
  const d = g.data, o = out.data;
  for (let i = 0; i < d.length; i++) o[i] = f(d[i]!);
  return out;
}

/** Keras's clipnorm, per gradient (a new tensor): g * c / max(||g||_2, c), with ||0|| = 0. */
export function clipByNorm(g: Tensor, clipnorm: number): Tensor {
  const l2 = pnorm(g, 2);
  const den = Math.max(l2, clipnorm);
  return mapped(g, (x) => (x * clipnorm) / den);
}

/**
 * Keras's global_clipnorm (new tensors): every g * c * min(1/N, 1/c), N the 2-norm of all of them together;
 * a non-finite N makes the scale NaN, as in Keras.
 */
export function clipByGlobalNorm(grads: readonly Tensor[], clipnorm: number): Tensor[] {
  let sq = 0;
  for (const g of grads) sq += pnorm(g, 2) ** 2;
  const n = Math.sqrt(sq);
  const scale = clipnorm * Math.min(1 / n, 1 / clipnorm) + (n - n);
  return grads.map((g) => mapped(g, (x) => x * scale));
}

/** Keras's clipvalue (a new tensor): g clamped to [-c, c]. */
export function clipByValue(g: Tensor, clipvalue: number): Tensor {
  return mapped(g, (x) => Math.min(Math.max(x, -clipvalue), clipvalue));
}
