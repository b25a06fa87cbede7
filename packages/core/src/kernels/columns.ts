/**
 * Arithmetic on the columns of a float64 work array, shared by the pivoted QR (qr.ts) and the Jacobi SVD (svd.ts):
 * dot products, 2-norms that survive underflow, swaps. A column is a run w[off .. off + len).
 */

export const EPS = 2 ** -52;
/** Below this a sum of squares or of products may have lost bits to underflow: it is recomputed scaled. */
export const TINY = 2 ** -900;
/**
 * The smallest normal float64: columns of R or Y whose norm falls below it are set to zero (qr.ts `flush`, svd.ts
 * `normOf`), so that every norm has full precision.
 */
export const NORMAL = 2 ** -1022;

/** A power of two that brings x (> 0) to [1, 2), at most 2^1000. */
export const unit = (x: number): number => 2 ** Math.min(1000, -Math.floor(Math.log2(x)));

/**
 * The dot product of a[ao .. ao + len) and b[bo .. bo + len), in four partial sums added as s0 + s1 + (s2 + s3): the
 * loop is the kernels' hottest (about 10% faster in `cosine`), and the partial sums halve the error that equal terms,
 * as in a constant matrix, pile up. NOTE: another order changes the singular values' last bits.
 */
export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t = 0;
  for (; t + 3 < len; t += 4) {
    s0 += a[ao + t]! * b[bo + t]!;
    s1 += a[ao + t + 1]! * b[bo + t + 1]!;
    s2 += a[ao + t + 2]! * b[bo + t + 2]!;
    s3 += a[ao + t + 3]! * b[bo + t + 3]!;
  }
  for (; t < len; t++) s0 += a[ao + t]! * b[bo + t]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * The 2-norm of w[off .. off + len): a plain sum of squares, or, when that may have underflowed, one of the entries
 * scaled by a power of two (exact) that brings the largest near 1.
 */
export function norm(w: Float64Array, off: number, len: number): number {
  let ss = dot(w, off, w, off, len);
  if (ss >= TINY) return Math.sqrt(ss);
  let big = 0;
  for (let t = off, e = off + len; t < e; t++) big = Math.max(big, Math.abs(w[t]!));
  if (big === 0) return 0;
  const sc = unit(big);
  ss = 0;
  for (let t = off, e = off + len; t < e; t++) { const z = w[t]! * sc; ss += z * z; }
  return Math.sqrt(ss) / sc;
}

export function swap(w: Float64Array, io: number, jo: number, len: number): void {
  for (let t = 0; t < len; t++) { const z = w[io + t]!; w[io + t] = w[jo + t]!; w[jo + t] = z; }
}
