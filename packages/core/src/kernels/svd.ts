/**
 * The singular value kernel: one-sided Jacobi (Hestenes) on the triangular factor of a QR factorisation with column
 * pivoting (Drmač and Veselić's preconditioning), on a batch of row-major matrices, in float64 whatever the storage
 * type, each result rounded once when stored. This file holds the driver (`svdInto`), the loading and scaling, the
 * Jacobi sweeps and the right factor; the QR, the left factor and the completion of the vectors are in qr.ts, and
 * the dot product, norm and swap both use in columns.ts.
 *
 * Of an m x n matrix A with k = min(m, n), the k columns X of A (or of A^T when m < n) are factored X P = Q R
 * (Householder, the largest remaining column first: LAPACK's dgeqp3). The k columns of Y = R^T are then rotated in
 * pairs until every pair is orthogonal to working precision (cyclic by rows, the largest remaining column moved
 * first: de Rijk's pivoting). With Y J = W, the column norms of W are the singular values, Q J is X's left factor and
 * P times the normalised W its right factor. Rotating k columns of length k, not max(m, n), is what makes tall and
 * wide matrices cheap; the pivoted R saves a third of the sweeps on random matrices (10 instead of 15 at 512 x 512,
 * the last one finding nothing to rotate), and ones, constant, rank-1 or block-diagonal matrices take 3 or 4.
 *
 * Scaling: the matrix is first divided by a power of two near its largest magnitude, so that no sum of squares
 * overflows; norms and cosines are recomputed with a second power-of-two scaling wherever a sum of squares or of
 * products could have underflowed, and the rotation of two columns of very different norms takes a tangent that
 * cannot overflow (`tangent`), so a singular value 1e-300 times the largest keeps its relative accuracy, and so do
 * the tiny components of the singular vectors. Columns whose norm is subnormal are set to zero (`normOf`): singular
 * values below about 2^-1000 times the scale come out 0.
 *
 * Accuracy, against 50-digit mpmath on 8 random Gaussian matrices per size: the largest singular value within 0.4,
 * 2.5, 2.4 and 1.6 ulp at 10 x 10, 30 x 30, 100 x 100 and 200 x 200 (LAPACK's gesdd, through PyTorch: 1.8, 2.0, 3.5
 * and 6.2 ulp); all of them within 2.6 eps times the largest at 10 x 10 and 30 x 30. That needs the rotation in
 * Rutishauser's form (`rotate`): with c and s rounded separately the largest value drifted by O(k) ulp (136 at 200).
 *
 * A matrix holding NaN or +-inf gives NaN throughout. Cyclic Jacobi with this threshold converges; should a matrix
 * still rotate after `maxSweeps` sweeps, the kernel raises PyTorch's text for it instead of returning the values.
 */
import type { TypedArray } from '../dtype.js';
import { fail } from '../errors.js';
import { EPS, NORMAL, TINY, dot, norm, swap, unit } from './columns.js';
import { complete, qr, storeLeft, transposeR } from './qr.js';

/** A safety stop: 10 sweeps were the most seen (random 512 x 512; 9 at most in 9000 fuzzed matrices up to 60 x 60). */
const MAX_SWEEPS = 60;
/** A rotation that would change a column by less than this (in norm) sets it to zero instead (`pair`). */
const FINE = 2 ** -1060;
/** Beyond this ratio of two column norms, the rotation's tangent is computed without zeta (`tangent`). */
const FAR = 2 ** -500;

/** `batched`: the input has batch dimensions (for the error's wording); `maxSweeps`: the cap on Jacobi sweeps. */
export interface SvdOptions { batched?: boolean; maxSweeps?: number }

/**
 * Writes the singular values of `count` row-major m x n matrices in `a`, in descending order, into `s` (count x k),
 * and when `u` and `v` are given the reduced factors of the same run: u (count x m x k) and v (count x n x k),
 * row-major, with A = U diag(s) V^T. The factor's columns for zero singular values are completed from the standard
 * basis, so U and V always have orthonormal columns. Returns the most Jacobi sweeps any matrix needed; raises if one
 * did not converge in `maxSweeps` (naming its batch element when `batched`: the input has batch dimensions).
 */
export function svdInto(a: TypedArray, count: number, m: number, n: number, s: TypedArray, u: TypedArray | null, v: TypedArray | null, opts: SvdOptions = {}): number {
  const { batched = false, maxSweeps = MAX_SWEEPS } = opts;
  const k = Math.min(m, n);
  if (k === 0) return 0;
  const wide = m < n;
  const q = wide ? n : m; // the length of the k columns of X
  const factors = u !== null && v !== null;
  // NOTE: work arrays live for one call, shared by its batch (module-level ones kept the largest matrix's alive)
  const x = new Float64Array(q * k), y = new Float64Array(k * k);
  const j = factors ? new Float64Array(k * k) : null, left = factors ? new Float64Array(q * k) : null;
  const tau = new Float64Array(k), perm = new Int32Array(k), norms = new Float64Array(k), spare = new Float64Array(k), order = new Int32Array(k);
  let most = 0;
  for (let b = 0; b < count; b++) {
    const scale = load(a, b * m * n, m, n, wide, x);
    if (Number.isNaN(scale)) {
      s.fill(NaN, b * k, (b + 1) * k);
      if (u !== null && v !== null) { u.fill(NaN, b * m * k, (b + 1) * m * k); v.fill(NaN, b * n * k, (b + 1) * n * k); }
      continue;
    }
    qr(x, q, k, tau, perm, norms, spare);
    transposeR(x, q, k, y);
    if (j !== null) { j.fill(0); for (let i = 0; i < k; i++) j[i * k + i] = 1; }
    const sweeps = jacobi(y, k, j, norms, maxSweeps);
    if (sweeps > maxSweeps) notConverged(batched ? b : -1, y, k, norms);
    most = Math.max(most, sweeps);
    sortNorms(y, k, norms, order);
    for (let i = 0; i < k; i++) s[b * k + i] = norms[order[i]!]! * scale;
    if (u === null || v === null || j === null || left === null) continue;
    // X = (Q J) diag(s) (P W-normalised)^T, with X = A (m >= n) or A^T (m < n)
    normalise(y, k, norms, order, left, spare);
    storeLeft(x, q, k, tau, j, order, left, wide ? v : u, b * q * k);
    storeRight(y, k, perm, order, wide ? u : v, b * k * k);
  }
  return most;
}

/**
 * Copies matrix `off` of `a` into `w` as k columns of length q (A's columns, or A's rows when `wide`), divided by a
 * power of two near its largest magnitude. Returns that scale: 0 for a zero matrix, NaN for a non-finite one.
 */
function load(a: TypedArray, off: number, m: number, n: number, wide: boolean, w: Float64Array): number {
  let big = 0;
  for (let i = 0; i < m * n; i++) {
    const x = Math.abs(a[off + i]!);
    if (x > big) big = x;
    else if (Number.isNaN(x)) return NaN;
  }
  if (big === Infinity) return NaN;
  if (big === 0) { w.fill(0, 0, m * n); return 0; }
  const scale = 2 ** Math.min(1023, Math.ceil(Math.log2(big)));
  if (wide) {
    for (let c = 0, p = off; c < m; c++) for (let r = 0; r < n; r++, p++) w[c * n + r] = a[p]! / scale;
  } else {
    for (let r = 0, p = off; r < m; r++) for (let c = 0; c < n; c++, p++) w[c * m + r] = a[p]! / scale;
  }
  return scale;
}

/** The cosine of the angle between columns io and jo of w (norms ni, nj > 0), scaled where products could underflow. */
function cosine(w: Float64Array, io: number, jo: number, len: number, ni: number, nj: number): number {
  if (ni * nj >= TINY) return dot(w, io, w, jo, len) / ni / nj;
  let d = 0;
  const si = unit(ni), sj = unit(nj);
  for (let t = 0; t < len; t++) d += (w[io + t]! * si) * (w[jo + t]! * sj);
  return d / (ni * si) / (nj * sj);
}

/**
 * Rotates pairs of the k columns of y (length k each) until all are mutually orthogonal: |cos| <= tol with
 * tol = sqrt(k) eps (LAPACK's dgesvj uses the same), each rotation applied to j's columns too. Returns the sweeps
 * used, maxSweeps + 1 if the last one still rotated.
 */
function jacobi(y: Float64Array, k: number, j: Float64Array | null, norms: Float64Array, maxSweeps: number): number {
  const tol = Math.sqrt(k) * EPS;
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    for (let c = 0; c < k; c++) norms[c] = normOf(y, c * k, k);
    let rotated = false;
    for (let i = 0; i < k - 1; i++) {
      // de Rijk's pivoting: the largest remaining column goes first
      let p = i;
      for (let c = i + 1; c < k; c++) if (norms[c]! > norms[p]!) p = c;
      if (p !== i) {
        swap(y, i * k, p * k, k);
        if (j !== null) swap(j, i * k, p * k, k);
        const t = norms[i]!; norms[i] = norms[p]!; norms[p] = t;
      }
      for (let c = i + 1; c < k; c++) if (pair(y, k, j, norms, i, c, tol)) rotated = true;
    }
    if (!rotated) return sweep;
  }
  return maxSweeps + 1;
}

/**
 * Rotates columns i and c of y (and of j) if their cosine exceeds tol; returns whether anything changed. A zero
 * column is orthogonal to all. Norms are updated as dgesvj does, from the cosine and their ratio (no squares).
 */
function pair(y: Float64Array, k: number, j: Float64Array | null, norms: Float64Array, i: number, c: number, tol: number): boolean {
  const ni = norms[i]!, nc = norms[c]!;
  if (ni === 0 || nc === 0) return false;
  const io = i * k, co = c * k;
  const cos = cosine(y, io, co, k, ni, nc);
  if (!(Math.abs(cos) > tol)) return false;
  // the rotation changes the smaller column by |cos| times its norm: within a few bits of the smallest subnormal it
  // would change few entries, or none, so that column (norm < 2^-1060 / tol) is set to zero instead
  if (Math.abs(cos) * Math.min(ni, nc) < FINE) {
    const z = ni < nc ? i : c;
    y.fill(0, z * k, z * k + k);
    norms[z] = 0;
    return true;
  }
  const ratio = nc / ni, tan = tangent(ratio, cos);
  const sec = Math.sqrt(1 + tan * tan), sn = tan / sec, half = tan / (1 + sec); // sin and tan(angle / 2)
  rotate(y, io, co, k, sn, half);
  if (j !== null) rotate(j, io, co, k, sn, half);
  norms[i] = updated(y, io, k, ni, 1 - tan * cos * ratio);
  norms[c] = updated(y, co, k, nc, 1 + tan * cos / ratio);
  return true;
}

/**
 * The smaller root t of t^2 + 2 zeta t - 1 = 0, zeta = (ratio - 1 / ratio) / (2 cos): the rotation's tangent that
 * zeroes the pair's inner product (|angle| <= pi/4). Where the norms differ by more than 1 / FAR, zeta could
 * overflow, and t is 1 / (2 zeta) to working precision: -cos ratio or cos / ratio.
 * NOTE: such a rotation changes the small column by cos times its norm but the large one and J by less than an ulp,
 * except in components that are tiny already; those it must still rotate (U's component 1e-160 in the direction of
 * a 1e-160 row comes from it).
 */
function tangent(ratio: number, cos: number): number {
  if (ratio < FAR) return -cos * ratio;
  if (ratio > 1 / FAR) return cos / ratio;
  const zeta = (ratio - 1 / ratio) / (2 * cos), az = Math.abs(zeta);
  return (zeta >= 0 ? 1 : -1) / (az + (az < 1e150 ? Math.sqrt(1 + az * az) : az));
}

/** old * sqrt(f), or the norm recomputed when f cancelled to below sqrt(eps) (dgesvj's test). */
function updated(w: Float64Array, off: number, len: number, old: number, f: number): number {
  const r = f > Math.sqrt(EPS) ? old * Math.sqrt(f) : 0;
  return r >= NORMAL ? r : normOf(w, off, len);
}

/**
 * The norm of a column of Y, set to zero first when subnormal. NOTE: such columns arise from rounding alone (ones(256)
 * leaves residues falling by about 1e-16 per row of R, down into the subnormals, where a norm has too few bits for a
 * cosine: |cos| > 1 was seen, and Jacobi never converged); setting one to zero moves the matrix by less than 2^-1022
 * times its scale (the power of two `load` divided by).
 */
function normOf(w: Float64Array, off: number, len: number): number {
  const r = norm(w, off, len);
  if (r >= NORMAL || r === 0) return r;
  w.fill(0, off, off + len);
  return 0;
}

/**
 * w_i, w_j = c w_i - s w_j, s w_i + c w_j, in Rutishauser's form with c = 1 - s tan(angle / 2): the rotation stays
 * orthogonal to working precision even where c rounds to 1 (c^2 + s^2 would exceed 1 by up to s^2 there, and that
 * bias, summed over the O(k) small rotations of each column in a sweep, grew the largest singular value by O(k) ulp).
 */
function rotate(w: Float64Array, io: number, jo: number, len: number, sn: number, half: number): void {
  for (let t = 0; t < len; t++) {
    const x = w[io + t]!, y = w[jo + t]!;
    w[io + t] = x - sn * (y + half * x);
    w[jo + t] = y + sn * (x - half * y);
  }
}

/**
 * Raises PyTorch's error for matrix b (-1: not batched) that did not converge. NOTE: PyTorch 1.13's words for
 * linalg.svd (_linalg_check_errors), with its "(Batch element b)", but prefixed with the core's op name, svdvals;
 * the torch facade rewrites the prefix to PyTorch's `linalg.svd: ...` (packages/torch/src/errors.ts). Its error code
 * is LAPACK's info, ours the count of column pairs still not orthogonal.
 */
function notConverged(b: number, y: Float64Array, k: number, norms: Float64Array): never {
  const tol = Math.sqrt(k) * EPS;
  let pairs = 0;
  for (let c = 0; c < k; c++) norms[c] = norm(y, c * k, k);
  for (let i = 0; i < k; i++) for (let c = i + 1; c < k; c++) {
    if (norms[i]! > 0 && norms[c]! > 0 && Math.abs(cosine(y, i * k, c * k, k, norms[i]!, norms[c]!)) > tol) pairs++;
  }
  const where = b >= 0 ? `: (Batch element ${b})` : '';
  fail('runtime', `svdvals${where}: The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated singular values (error code: ${pairs}).`);
}

/** The column norms of w (k columns of length k) into `norms`, and `order` them by descending norm (stable). */
function sortNorms(w: Float64Array, k: number, norms: Float64Array, order: Int32Array): void {
  for (let c = 0; c < k; c++) norms[c] = norm(w, c * k, k);
  for (let c = 0; c < k; c++) {
    const x = norms[c]!;
    let i = c;
    while (i > 0 && norms[order[i - 1]!]! < x) { order[i] = order[i - 1]!; i--; }
    order[i] = c;
  }
}

/**
 * Divides each column of w (k columns of length k) by its norm; the zero ones (last in `order`) are completed. `h`
 * (at least k x k) and `tau` (k) are scratch space.
 */
function normalise(w: Float64Array, k: number, norms: Float64Array, order: Int32Array, h: Float64Array, tau: Float64Array): void {
  let z = 0;
  for (; z < k && norms[order[z]!]! > 0; z++) {
    const co = order[z]! * k, nc = norms[order[z]!]!;
    for (let t = 0; t < k; t++) w[co + t] = w[co + t]! / nc;
  }
  if (z < k) complete(w, k, z, order, h, tau);
}

/** P times the normalised columns of y (in `order`): row perm[r] of the result is row r of y's columns. */
function storeRight(y: Float64Array, k: number, perm: Int32Array, order: Int32Array, out: TypedArray, off: number): void {
  for (let i = 0; i < k; i++) {
    const co = order[i]! * k;
    for (let r = 0; r < k; r++) out[off + perm[r]! * k + i] = y[co + r]!;
  }
}
