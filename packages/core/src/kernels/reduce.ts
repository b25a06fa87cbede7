import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import { expandInto } from './expand.js';
import { advance } from './counter.js';

/**
 * Walks `src` (shape `shape`) once in memory order and folds every element into the output slot it
 * reduces to; `reduced[d]` marks the reduced dimensions. The innermost dimension is handled as a run:
 * folded into one scalar when it is reduced, combined slot by slot when it is kept.
 * `init` seeds every output slot; `combine` is one of the fixed folds below (no closures per element).
 */
export type Fold = 'sum' | 'prod' | 'max' | 'min';
/** The folds as run: 'prod32' is a float32 source's product, rounded to float32 at every step. */
type Run = Fold | 'prod32';

/**
 * NOTE: a float32 product is accumulated in float32, each partial product rounded, in index order (PyTorch's
 * prod_kernel and TensorFlow's Prod multiply in the tensor's type), so prod([1e30, 1e30, 1e-30]) overflows to inf
 * and prod([1e30, 1e30, 0]) is NaN. Sums stay float64 (docs/divergences.md); float64 products are unchanged.
 */
export function reduceInto(src: TypedArray, shape: Shape, reduced: readonly boolean[], dst: Float64Array, fold: Fold): void {
  const r = shape.length;
  dst.fill(fold === 'sum' ? 0 : fold === 'prod' ? 1 : fold === 'max' ? -Infinity : Infinity);
  if (src.length === 0) return;
  const run: Run = fold === 'prod' && src instanceof Float32Array ? 'prod32' : fold;
  // NOTE: a 0-d source is folded into its seed too, not copied: a sum starts from +0, so sum(-0.) is 0, as
  // PyTorch's sum() and mean() of a 0-d -0. give (and as they do for every rank)
  if (r === 0) { dst[0] = foldRun(src, 0, 1, dst[0]!, run); return; }
  const ost = outStrides(shape, reduced);
  const inner = shape[r - 1]!;
  const innerReduced = reduced[r - 1]!;
  const idx = new Array<number>(r).fill(0);
  let off = 0;
  for (let i = 0; i < src.length; i += inner) {
    if (innerReduced) dst[off] = foldRun(src, i, i + inner, dst[off]!, run);
    else foldSlots(src, i, inner, dst, off, run);
    off = advance(idx, r - 2, shape, ost, off);
  }
}

function foldRun(s: TypedArray, a: number, b: number, v: number, fold: Run): number {
  switch (fold) {
    case 'sum': return v + sumRun(s, a, b);
    case 'prod': for (let i = a; i < b; i++) v *= s[i]!; return v;
    case 'prod32': for (let i = a; i < b; i++) v = Math.fround(v * s[i]!); return v;
    // NOTE: NaN wins in max/min, as in both frameworks.
    case 'max': for (let i = a; i < b; i++) { const x = s[i]!; if (x > v || x !== x) v = x; if (v !== v) break; } return v;
    case 'min': for (let i = a; i < b; i++) { const x = s[i]!; if (x < v || x !== x) v = x; if (v !== v) break; } return v;
  }
}

/**
 * The sum of s[a..b) in float64, in four interleaved partial sums (elements i = a + 4q + r go to partial r),
 * added as (p0 + p1) + (p2 + p3), then the tail in order.
 * NOTE: one running sum is a chain of dependent adds (~4 cycles each); four chains run ~3x faster over a
 * 1e6-element tensor and round no worse. The order is fixed by the run alone, so results are deterministic.
 */
function sumRun(s: TypedArray, a: number, b: number): number {
  let p0 = 0.5, p1 = 0.5, p2 = 0.5, p3 = 0.5;
  // NOTE: the partials start from a double (0.5 - 0.5) so that V8 types them as doubles from the start.
  p0 -= 0.5; p1 -= 0.5; p2 -= 0.5; p3 -= 0.5;
  let i = a;
  for (; i + 4 <= b; i += 4) { p0 += s[i]!; p1 += s[i + 1]!; p2 += s[i + 2]!; p3 += s[i + 3]!; }
  let v = (p0 + p1) + (p2 + p3);
  for (; i < b; i++) v += s[i]!;
  return v;
}

function foldSlots(s: TypedArray, a: number, n: number, d: Float64Array, o: number, fold: Run): void {
  switch (fold) {
    case 'sum': for (let j = 0; j < n; j++) d[o + j]! += s[a + j]!; return;
    case 'prod': for (let j = 0; j < n; j++) d[o + j]! *= s[a + j]!; return;
    case 'prod32': for (let j = 0; j < n; j++) d[o + j] = Math.fround(d[o + j]! * s[a + j]!); return;
    case 'max': for (let j = 0; j < n; j++) { const x = s[a + j]!, v = d[o + j]!; if (x > v || x !== x) d[o + j] = v !== v ? v : x; } return;
    case 'min': for (let j = 0; j < n; j++) { const x = s[a + j]!, v = d[o + j]!; if (x < v || x !== x) d[o + j] = v !== v ? v : x; } return;
  }
}

/**
 * Which zero PyTorch 1.13's max() (`sign` 1) or min() (-1) of a whole float tensor returns when the extreme is 0 and
 * +0 and -0 tie (equal values are otherwise the same): its AVX2 reduce_all keeps `lanes` running extremes (8 float32,
 * 4 float64) over blocks of the data in memory order, a tie going to the later element (_mm256_max_ps returns its
 * second operand); a partial last block updates the first lanes only; then the lanes are folded, float32 by the
 * shuffle tree (lane i with lane i ^ 4, i ^ 2, then i ^ 1, the partner winning ties), float64 in lane order; fewer
 * elements than lanes fold in order, so the last tie wins there. NOTE: one block sequence, as PyTorch with one thread
 * (docs/divergences.md: several threads split a tensor above 32768 elements).
 */
export function zeroTieOfAll(src: Float32Array | Float64Array, sign: 1 | -1): number {
  const n = src.length, lanes = src instanceof Float32Array ? 8 : 4;
  // b, unless a is strictly more extreme: the later operand wins a tie
  const pick = (a: number, b: number): number => (sign * a > sign * b ? a : b);
  if (n < lanes) { let v = src[0]!; for (let i = 1; i < n; i++) v = pick(v, src[i]!); return v; }
  const acc = Array.from(src.subarray(0, lanes));
  const full = n - (n % lanes);
  for (let d = lanes; d < full; d += lanes) for (let j = 0; j < lanes; j++) acc[j] = pick(acc[j]!, src[d + j]!);
  for (let j = 0; full + j < n; j++) acc[j] = pick(acc[j]!, src[full + j]!);
  if (lanes === 4) return acc.reduce(pick);
  let v = acc;
  for (const m of [4, 2, 1]) { const u = v; v = u.map((a, i) => pick(a, u[i ^ m]!)); }
  return v[0]!;
}

/** Output strides in the input's rank, 0 on reduced dimensions: where each input element lands. */
function outStrides(shape: Shape, reduced: readonly boolean[]): number[] {
  const ost = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    ost[d] = reduced[d] ? 0 : acc;
    if (!reduced[d]) acc *= shape[d]!;
  }
  return ost;
}

/**
 * For every output slot, the flat input index of its first maximum (`sign` 1) or minimum (`sign` -1).
 * Memory order visits a slot's elements in row-major order, so a strict comparison keeps the first
 * occurrence. NOTE: NaN wins and the first NaN is kept, as PyTorch's argmax/argmin and max(dim) do.
 */
export function argReduceInto(src: TypedArray, shape: Shape, reduced: readonly boolean[], pos: Int32Array, sign: 1 | -1): void {
  pos.fill(-1);
  if (src.length === 0) return;
  const r = shape.length;
  if (r === 0) { pos[0] = 0; return; }
  const best = new Float64Array(pos.length);
  const ost = outStrides(shape, reduced);
  const inner = shape[r - 1]!;
  const si = ost[r - 1]!;
  const idx = new Array<number>(r).fill(0);
  let off = 0;
  for (let i = 0; i < src.length; i += inner) {
    for (let j = 0; j < inner; j++) {
      const o = off + j * si;
      const b = best[o]!;
      if (b !== b) continue;
      const v = sign * src[i + j]!;
      if (pos[o]! < 0 || v > b || v !== v) { best[o] = v; pos[o] = i + j; }
    }
    off = advance(idx, r - 2, shape, ost, off);
  }
}

/**
 * The weights that spread a max/min cotangent over its ties: `w[i] = [x_i matches its slot's value] / count`.
 * `kept` is the output's shape with the reduced dims kept as 1; `abs` compares |x| (the inf-norm);
 * `nanMatches` lets a NaN match a NaN result (PyTorch's evenly_distribute_backward). Without it a NaN result
 * matches nothing and its slot gets 0/0 = NaN, as TensorFlow's _MinOrMaxGrad does.
 */
export function tieWeightsInto(
  x: TypedArray, shape: Shape, reduced: readonly boolean[], res: TypedArray, kept: Shape,
  abs: boolean, nanMatches: boolean, w: TypedArray,
): void {
  const n = x.length;
  const rb = new Float64Array(n);
  expandInto(res, kept, rb, shape);
  for (let i = 0; i < n; i++) {
    const v = abs ? Math.abs(x[i]!) : x[i]!;
    const t = rb[i]!;
    w[i] = v === t || (nanMatches && v !== v && t !== t) ? 1 : 0;
  }
  const counts = new Float64Array(res.length);
  reduceInto(w, shape, reduced, counts, 'sum');
  expandInto(counts, kept, rb, shape);
  for (let i = 0; i < n; i++) w[i] = w[i]! / rb[i]!;
}

/**
 * log(sum(exp(x))) per slot with the slot's max subtracted first, so nothing overflows.
 * NOTE: an infinite max is replaced by 0 before subtracting (PyTorch's rule), so all -inf gives -inf and +inf gives +inf.
 */
export function logSumExpInto(src: TypedArray, shape: Shape, reduced: readonly boolean[], kept: Shape, dst: Float64Array): void {
  reduceInto(src, shape, reduced, dst, 'max');
  for (let k = 0; k < dst.length; k++) { const m = dst[k]!; if (m === Infinity || m === -Infinity) dst[k] = 0; }
  const e = new Float64Array(src.length);
  expandInto(dst, kept, e, shape);
  for (let i = 0; i < e.length; i++) e[i] = Math.exp(src[i]! - e[i]!);
  const s = new Float64Array(dst.length);
  reduceInto(e, shape, reduced, s, 'sum');
  for (let k = 0; k < dst.length; k++) dst[k] = Math.log(s[k]!) + dst[k]!;
}

/**
 * Sum of squared deviations from the slot's mean (two passes, in float64); `n` is the slot size.
 * `inDtype`: every step rounded to float32 as TensorFlow's reduce_variance composes float32 ops (math_ops.py:
 * reduce_mean, x - means, square, reduce_mean): the mean is the float32 sum divided by n, rounded; each deviation
 * and its square are rounded (so a square overflows to inf above |d| = 1.8e19 and flushes to 0 below |d| = 8e-23); the
 * sum of the squares is rounded once (inf once it passes the float32 range). Only the accumulation stays float64.
 * Without it everything stays float64 until the caller rounds the result once (PyTorch accumulates var/std in double).
 */
export function sqDevInto(src: TypedArray, shape: Shape, reduced: readonly boolean[], kept: Shape, n: number, dst: Float64Array, inDtype = false): void {
  reduceInto(src, shape, reduced, dst, 'sum');
  if (inDtype) for (let k = 0; k < dst.length; k++) dst[k] = Math.fround(Math.fround(dst[k]!) / n);
  else for (let k = 0; k < dst.length; k++) dst[k] = dst[k]! / n;
  const e = new Float64Array(src.length);
  expandInto(dst, kept, e, shape);
  if (inDtype) for (let i = 0; i < e.length; i++) { const d = Math.fround(src[i]! - e[i]!); e[i] = Math.fround(d * d); }
  else for (let i = 0; i < e.length; i++) { const d = src[i]! - e[i]!; e[i] = d * d; }
  reduceInto(e, shape, reduced, dst, 'sum');
  if (inDtype) for (let k = 0; k < dst.length; k++) dst[k] = Math.fround(dst[k]!);
}

/**
 * The per-element terms a p-norm folds: [x != 0] for p = 0 (NaN != 0: it counts 1, as PyTorch's NormZeroOps),
 * |x| for 1 and ±Infinity, |x|^p otherwise.
 * NOTE: a float32 input's terms are rounded to float32, as both frameworks form them in the input's dtype (PyTorch's
 * norm kernel accumulates float32 in float, TensorFlow's EuclideanNorm and tf.norm's x * conj(x) are float32 ops): so
 * x^2 overflows to inf above 1.8e19 and flushes to 0 below 8e-23 (torch.norm(torch.tensor([1e20])) is inf).
 */
export function normTermsInto(src: TypedArray, p: number, dst: Float64Array): void {
  const n = src.length;
  const f32 = src instanceof Float32Array;
  if (p === 0) for (let i = 0; i < n; i++) dst[i] = src[i] === 0 ? 0 : 1;
  else if (p === 1 || p === Infinity || p === -Infinity) for (let i = 0; i < n; i++) dst[i] = Math.abs(src[i]!);
  else if (p === 2 && f32) for (let i = 0; i < n; i++) { const v = src[i]!; dst[i] = Math.fround(v * v); }
  else if (p === 2) for (let i = 0; i < n; i++) { const v = src[i]!; dst[i] = v * v; }
  else if (f32) for (let i = 0; i < n; i++) dst[i] = Math.fround(Math.pow(Math.abs(src[i]!), p));
  else for (let i = 0; i < n; i++) dst[i] = Math.pow(Math.abs(src[i]!), p);
}

/**
 * For every element of `src` viewed as [outer, n, inner], the product of the other n - 1 elements of its slice along
 * the middle axis: the exclusive cumulative product from the left times the one from the right, which is exact where
 * the slice holds zeros (PyTorch's prod_safe_zeros_backward, TensorFlow's _ProdGrad). `wide`: the running products
 * are kept in float64 and rounded when stored (PyTorch's cumprod accumulates in acc_type, double on the CPU); else a
 * float32 product is rounded at every step, as TensorFlow's scan in the tensor's type. Each pair is multiplied in the
 * dtype, as both frameworks multiply the two cumprod tensors.
 */
export function othersProductInto(src: TypedArray, dst: TypedArray, outer: number, n: number, inner: number, wide: boolean): void {
  const f32 = dst instanceof Float32Array;
  const step = f32 && !wide;
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let j = 0; j < inner; j++) {
      let l = 1;
      for (let k = 0, i = base + j; k < n; k++, i += inner) {
        dst[i] = l;
        l = step ? Math.fround(l * src[i]!) : l * src[i]!;
      }
      let r = 1;
      for (let k = n - 1, i = base + k * inner + j; k >= 0; k--, i -= inner) {
        dst[i] = dst[i]! * (f32 ? Math.fround(r) : r);
        r = step ? Math.fround(r * src[i]!) : r * src[i]!;
      }
    }
  }
}
