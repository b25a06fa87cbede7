/**
 * Exact floating-point helpers for emulating the frameworks' fused multiply-adds (JavaScript has no Math.fma): the
 * range kernels (range.ts) and float64 SGD (optim/sgd.ts), whose PyTorch kernels fuse.
 */

/** Veltkamp's splitting constant, 2^27 + 1. */
const SPLITTER = 134217729;
/** Past this magnitude the splitting overflows: such products are taken unfused. */
const SPLIT_LIMIT = 2 ** 995;

/** The exact error of the product p = fl(a * b) (Dekker's TwoProduct): a * b = p + productError(a, b, p). */
export function productError(a: number, b: number, p: number): number {
  if (!(Math.abs(a) < SPLIT_LIMIT && Math.abs(b) < SPLIT_LIMIT) || !Number.isFinite(p)) return 0;
  let c = SPLITTER * a;
  const ah = c - (c - a), al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b), bl = b - bh;
  return al * bl - (((p - ah * bh) - al * bh) - ah * bl);
}

/** a * b + c rounded once to double, as the fused multiply-add instruction gives it. */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  return fmaSum(p, productError(a, b, p), c);
}

/** The correctly rounded double of p + e + c, where p + e is an exact product (|e| at most half an ulp of p). */
export function fmaSum(p: number, e: number, c: number): number {
  const s = p + c;
  if (e === 0 || !Number.isFinite(s)) return s;
  // s + t = p + c exactly (Knuth's TwoSum), then u + v = t + e exactly
  let z = s - p;
  const t = (p - (s - z)) + (c - z);
  const u = t + e;
  z = u - t;
  const v = (t - (u - z)) + (e - z);
  // r + w = s + u exactly; r is the rounded result unless s + u was exactly halfway and v pushes it past
  const r = s + u;
  z = r - s;
  const w = (s - (r - z)) + (u - z);
  if (v === 0 || w === 0) return r;
  const other = r + 2 * w;
  return other !== r && other - r === 2 * w && (v > 0) === (w > 0) ? other : r;
}

/** a * b + c rounded once to float32 (a single-precision fused multiply-add); b is a point index, below 2^29. */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b; // exact: a has 24 significant bits, b at most 29
  const s = c + p;
  const z = s - c;
  return round32(s, (c - (s - z)) + (p - z));
}

/** a + b rounded once to float32. */
export function add32(a: number, b: number): number {
  const s = a + b;
  // NOTE: the sum's rounding error matters only when s is a float32 midpoint, which is rare: fround(s) is tested for
  // that first (as round32 does), and the error (TwoSum) is computed only then
  const r = Math.fround(s);
  const h = s - r; // exact
  if (h === 0) return r;
  const other = r + 2 * h;
  if (Math.fround(other) !== other || !Number.isFinite(s)) return r;
  const z = s - a;
  const t = (a - (s - z)) + (b - z);
  return t !== 0 && t > 0 === h > 0 ? other : r;
}

/**
 * The float32 nearest to s + t, where s = fl(s + t) and t is its exact error: fround(s) unless s is exactly halfway
 * between two floats (then t decides; rounding s alone would be a double rounding).
 */
function round32(s: number, t: number): number {
  const r = Math.fround(s);
  if (t === 0 || r === s || !Number.isFinite(s)) return r;
  const other = 2 * s - r;
  if (Math.fround(other) !== other) return r;
  return (t > 0) === (other > r) ? other : r;
}
