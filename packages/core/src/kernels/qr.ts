/**
 * The Householder half of the SVD kernel (svd.ts), on k columns of length q in a float64 work array: QR with column
 * pivoting (LAPACK's dgeqp3, unblocked), R^T for the Jacobi step, the left factor Q J, and the orthonormal completion
 * of the singular vectors of zero singular values, all by the same reflectors (LAPACK's dlarfg).
 */
import type { TypedArray } from '../dtype.js';
import { EPS, NORMAL, dot, norm, swap } from './columns.js';

/**
 * Householder QR with column pivoting of the k columns of x (length q), in place (LAPACK's dgeqp3, unblocked): R on
 * and above the diagonal, the reflectors' vectors below it (their leading 1 implied), their factors in tau, and
 * perm[i] the column of X that became column i. `vn` and `ref` hold the partial column norms and their references.
 */
export function qr(x: Float64Array, q: number, k: number, tau: Float64Array, perm: Int32Array, vn: Float64Array, ref: Float64Array): void {
  for (let c = 0; c < k; c++) { perm[c] = c; vn[c] = ref[c] = norm(x, c * q, q); }
  for (let i = 0; i < k; i++) {
    let p = i;
    for (let c = i + 1; c < k; c++) if (vn[c]! > vn[p]!) p = c;
    if (vn[p]! < NORMAL) { flush(x, q, k, i, tau); return; }
    if (p !== i) {
      swap(x, i * q, p * q, q);
      const t = perm[i]!; perm[i] = perm[p]!; perm[p] = t;
      vn[p] = vn[i]!; ref[p] = ref[i]!;
    }
    const d = i * q + i;
    tau[i] = householder(x, d, q - i);
    for (let c = i + 1; c < k; c++) {
      if (tau[i] !== 0) reflect(x, d, x, c * q + i, q - i, tau[i]!);
      if (vn[c] === 0) continue;
      // the norm of rows i+1.. of column c, downdated, or recomputed where the downdate cancels (dgeqp3's test)
      const r = Math.abs(x[c * q + i]!) / vn[c]!, left = Math.max(0, (1 - r) * (1 + r));
      if (left * (vn[c]! / ref[c]!) ** 2 <= Math.sqrt(EPS)) vn[c] = ref[c] = norm(x, c * q + i + 1, q - i - 1);
      else vn[c] = vn[c]! * Math.sqrt(left);
    }
  }
}

/**
 * Zeroes rows i.. of columns i.. (what is left is subnormal: a reflector built from it would not be orthogonal to
 * working precision), leaving those steps without reflection.
 */
function flush(x: Float64Array, q: number, k: number, i: number, tau: Float64Array): void {
  for (let c = i; c < k; c++) x.fill(0, c * q + i, (c + 1) * q);
  tau.fill(0, i);
}

/**
 * LAPACK's dlarfg on w[d .. d + len): the reflector I - tau v v^T (v[0] = 1) that maps it to beta e_1. Stores beta at
 * d and v's tail after it; returns tau, 0 (no reflection) when the tail is already zero.
 */
function householder(w: Float64Array, d: number, len: number): number {
  const tail = norm(w, d + 1, len - 1);
  if (tail === 0) return 0;
  const alpha = w[d]!;
  const beta = (alpha >= 0 ? -1 : 1) * Math.hypot(alpha, tail);
  const over = alpha - beta; // |over| >= |beta| >= every |w[d + t]|, so the divisions below cannot overflow
  for (let t = d + 1, e = d + len; t < e; t++) w[t] = w[t]! / over;
  w[d] = beta;
  return (beta - alpha) / beta;
}

/** Applies the reflector stored at v[vo ..] (length len, v[0] = 1 implied) to w[co .. co + len). */
function reflect(v: Float64Array, vo: number, w: Float64Array, co: number, len: number, tau: number): void {
  const f = tau * (w[co]! + dot(v, vo + 1, w, co + 1, len - 1));
  w[co] = w[co]! - f;
  for (let t = 1; t < len; t++) w[co + t] = w[co + t]! - f * v[vo + t]!;
}

/** y = R^T as k columns of length k (column c of y is row c of R). */
export function transposeR(x: Float64Array, q: number, k: number, y: Float64Array): void {
  for (let c = 0; c < k; c++) for (let t = 0; t < k; t++) y[c * k + t] = t < c ? 0 : x[t * q + c]!;
}

/**
 * Columns order[z..] of w (zero) become an orthonormal completion of the columns order[..z]: columns z.. of the Q of
 * their Householder QR, H_0 ... H_{z-1} e_i. The standard basis when z = 0 (U = V = I for a zero matrix, as LAPACK
 * gives). O(k z) per column.
 */
export function complete(w: Float64Array, k: number, z: number, order: Int32Array, h: Float64Array, tau: Float64Array): void {
  for (let p = 0; p < z; p++) for (let t = 0, po = order[p]! * k; t < k; t++) h[p * k + t] = w[po + t]!;
  for (let p = 0; p < z; p++) {
    tau[p] = householder(h, p * k + p, k - p);
    for (let c = p + 1; c < z && tau[p] !== 0; c++) reflect(h, p * k + p, h, c * k + p, k - p, tau[p]!);
  }
  for (let i = z; i < k; i++) {
    const co = order[i]! * k;
    w.fill(0, co, co + k);
    w[co + i] = 1;
    for (let p = z - 1; p >= 0; p--) if (tau[p] !== 0) reflect(h, p * k + p, w, co + p, k - p, tau[p]!);
  }
}

/** Q J (q x k: J's columns padded with zeros, the reflectors applied last to first), written in `order` at `off`. */
export function storeLeft(x: Float64Array, q: number, k: number, tau: Float64Array, j: Float64Array, order: Int32Array, w: Float64Array, out: TypedArray, off: number): void {
  w.fill(0);
  for (let i = 0; i < k; i++) for (let t = 0, jo = order[i]! * k; t < k; t++) w[i * q + t] = j[jo + t]!;
  for (let h = k - 1; h >= 0; h--) {
    if (tau[h] === 0) continue;
    for (let i = 0; i < k; i++) reflect(x, h * q + h, w, i * q + h, q - h, tau[h]!);
  }
  for (let i = 0; i < k; i++) for (let t = 0; t < q; t++) out[off + t * k + i] = w[i * q + t]!;
}
