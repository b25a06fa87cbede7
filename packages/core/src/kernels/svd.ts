/**
 * The singular value kernel: one-sided Jacobi (Hestenes) on a batch of row-major matrices, in float64 whatever the
 * storage type, each result rounded once when stored.
 *
 * Of an m x n matrix A with k = min(m, n), the k columns of A (or of A^T when m < n) are rotated in pairs until every
 * pair is orthogonal to working precision; the rotations, accumulated, are the right factor, the column norms are the
 * singular values and the normalised columns the left factor. It converges for every finite input (cyclic Jacobi with
 * a threshold) and is accurate to a few ulp relative to the largest singular value (small ones often better). The
 * matrix is first divided by a power of two near its largest magnitude, so that no sum of squares overflows (the
 * division is exact but for entries that become subnormal, far below the rounding of the largest singular value).
 * A matrix holding NaN or +-inf gives NaN throughout.
 */
import type { TypedArray } from '../dtype.js';

const EPS = 2 ** -52;
/** A safety stop: cyclic Jacobi converges quadratically, typically in 5 to 10 sweeps. */
const MAX_SWEEPS = 60;

// Reused across calls (grown when a larger matrix comes): the columns, the rotations, the norms and their order.
let work = new Float64Array(64);
let rot = new Float64Array(16);
let norms = new Float64Array(4);
let order = new Int32Array(4);

/**
 * Writes the singular values of `count` row-major m x n matrices in `a`, in descending order, into `s` (count x k),
 * and when `u` and `v` are given the reduced factors of the same run: u (count x m x k) and v (count x n x k),
 * row-major, with A = U diag(s) V^T. The left factor's columns for zero singular values are completed from the
 * standard basis (Gram-Schmidt), so U and V always have orthonormal columns.
 */
export function svdInto(a: TypedArray, count: number, m: number, n: number, s: TypedArray, u: TypedArray | null, v: TypedArray | null): void {
  const k = Math.min(m, n);
  if (k === 0) return;
  const wide = m < n;
  const q = wide ? n : m; // the length of the k columns rotated
  if (work.length < k * q) work = new Float64Array(k * q);
  if (rot.length < k * k) rot = new Float64Array(k * k);
  if (norms.length < k) { norms = new Float64Array(k); order = new Int32Array(k); }
  const factors = u !== null && v !== null;
  for (let b = 0; b < count; b++) {
    const scale = load(a, b * m * n, m, n, wide, work);
    if (Number.isNaN(scale)) {
      s.fill(NaN, b * k, (b + 1) * k);
      if (u !== null && v !== null) { u.fill(NaN, b * m * k, (b + 1) * m * k); v.fill(NaN, b * n * k, (b + 1) * n * k); }
      continue;
    }
    if (factors) { rot.fill(0, 0, k * k); for (let i = 0; i < k; i++) rot[i * k + i] = 1; }
    if (scale > 0) sweep(work, q, k, factors ? rot : null);
    sortNorms(work, q, k);
    for (let i = 0; i < k; i++) s[b * k + i] = norms[order[i]!]! * scale;
    if (u === null || v === null) continue;
    // A = W R^T (m >= n) or A^T = W R^T (m < n): the normalised W is U (resp. V) and R is V (resp. U)
    const left = wide ? v : u, right = wide ? u : v;
    normalise(work, q, k);
    store(work, q, k, left, b * q * k);
    store(rot, k, k, right, b * k * k);
  }
}

/**
 * Copies matrix `off` of `a` into `w` as k columns of length q (A's columns, or A's rows when `wide`), divided by a
 * power of two near its largest magnitude. Returns that scale: 0 for a zero matrix, NaN for a non-finite one.
 */
function load(a: TypedArray, off: number, m: number, n: number, wide: boolean, w: Float64Array): number {
  let big = 0;
  for (let i = 0; i < m * n; i++) {
    const x = Math.abs(a[off + i]!);
    if (!(x <= big)) big = x; // NaN and inf pass here and are caught below
  }
  if (!Number.isFinite(big)) return NaN;
  if (big === 0) { w.fill(0, 0, m * n); return 0; }
  const scale = 2 ** Math.min(1023, Math.ceil(Math.log2(big)));
  if (wide) {
    for (let c = 0, p = off; c < m; c++) for (let r = 0; r < n; r++, p++) w[c * n + r] = a[p]! / scale;
  } else {
    for (let r = 0, p = off; r < m; r++) for (let c = 0; c < n; c++, p++) w[c * m + r] = a[p]! / scale;
  }
  return scale;
}

/**
 * Rotates pairs of the k columns of w (length q each) until all are mutually orthogonal: |w_i . w_j| <= tol |w_i| |w_j|
 * with tol = sqrt(q) eps (LAPACK's dgesvj uses the same). Each rotation, when `r` is given, is applied to r's columns.
 */
function sweep(w: Float64Array, q: number, k: number, r: Float64Array | null): void {
  const tol = Math.sqrt(q) * EPS;
  const sq = norms; // the squared column norms, recomputed each sweep and updated exactly enough by each rotation
  for (let it = 0; it < MAX_SWEEPS; it++) {
    for (let c = 0; c < k; c++) sq[c] = dot(w, c * q, c * q, q);
    let rotated = false;
    for (let i = 0; i < k - 1; i++) {
      const io = i * q;
      for (let j = i + 1; j < k; j++) {
        const jo = j * q, alpha = sq[i]!, beta = sq[j]!;
        const gamma = dot(w, io, jo, q);
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        // the smaller root t of t^2 + 2 zeta t - 1 = 0 zeroes the pair's inner product (|angle| <= pi/4)
        const zeta = (beta - alpha) / (2 * gamma), az = Math.abs(zeta);
        const tan = (zeta >= 0 ? 1 : -1) / (az + (az < 1e150 ? Math.sqrt(1 + az * az) : az));
        const c = 1 / Math.sqrt(1 + tan * tan), sn = c * tan;
        rotate(w, io, jo, q, c, sn);
        if (r !== null) rotate(r, i * k, j * k, k, c, sn);
        sq[i] = Math.max(0, alpha - tan * gamma);
        sq[j] = Math.max(0, beta + tan * gamma);
        rotated = true;
      }
    }
    if (!rotated) return;
  }
}

function dot(w: Float64Array, io: number, jo: number, len: number): number {
  let d = 0;
  for (let t = 0; t < len; t++) d += w[io + t]! * w[jo + t]!;
  return d;
}

function rotate(w: Float64Array, io: number, jo: number, len: number, c: number, sn: number): void {
  for (let t = 0; t < len; t++) {
    const x = w[io + t]!, y = w[jo + t]!;
    w[io + t] = c * x - sn * y;
    w[jo + t] = sn * x + c * y;
  }
}

/** The column norms into `norms`, and `order` the columns by descending norm (stable: ties keep their order). */
function sortNorms(w: Float64Array, q: number, k: number): void {
  for (let c = 0; c < k; c++) {
    let ss = 0;
    for (let t = c * q, e = t + q; t < e; t++) ss += w[t]! * w[t]!;
    norms[c] = Math.sqrt(ss);
  }
  for (let c = 0; c < k; c++) {
    const x = norms[c]!;
    let j = c;
    while (j > 0 && norms[order[j - 1]!]! < x) { order[j] = order[j - 1]!; j--; }
    order[j] = c;
  }
}

/**
 * Divides each column of w by its norm; a zero column becomes the first standard basis vector with a large enough
 * part outside the columns before it in `order` (Gram-Schmidt, twice), so that the columns are orthonormal.
 */
function normalise(w: Float64Array, q: number, k: number): void {
  for (let i = 0; i < k; i++) {
    const c = order[i]!, co = c * q, nc = norms[c]!;
    if (nc > 0) { for (let t = 0; t < q; t++) w[co + t] = w[co + t]! / nc; continue; }
    // sum over e_t of |residual|^2 is q - i, so some e_t keeps at least (q - i) / q of its length
    const want = (0.5 * (q - i)) / q;
    for (let e = 0; e < q; e++) {
      w.fill(0, co, co + q);
      w[co + e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let p = 0; p < i; p++) {
          const po = order[p]! * q;
          let d = 0;
          for (let t = 0; t < q; t++) d += w[po + t]! * w[co + t]!;
          for (let t = 0; t < q; t++) w[co + t] = w[co + t]! - d * w[po + t]!;
        }
      }
      let ss = 0;
      for (let t = 0; t < q; t++) ss += w[co + t]! * w[co + t]!;
      if (ss < want) continue;
      const len = Math.sqrt(ss);
      for (let t = 0; t < q; t++) w[co + t] = w[co + t]! / len;
      break;
    }
  }
}

/** Writes the columns of w (`len` long, in `order`) as a row-major len x k matrix at `off` of `out`. */
function store(w: Float64Array, len: number, k: number, out: TypedArray, off: number): void {
  for (let i = 0; i < k; i++) {
    const co = order[i]! * len;
    for (let t = 0; t < len; t++) out[off + t * k + i] = w[co + t]!;
  }
}
