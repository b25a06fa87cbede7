import type { TypedArray } from '../dtype.js';
import { cpow, erf as erf1, powi } from './special.js';
import { wasmReluF32, wasmSquareF32, wasmTanhF32 } from './wasm/gemm.js';

/** Elementwise kernels: one loop over the whole typed array each, no per-element calls through a variable. */
type K = (x: TypedArray, o: TypedArray, n: number) => void;

export const neg: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = -x[i]!; };
export const abs: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]!); };
// NOTE: (x > 0) - (x < 0), as both frameworks' kernels: sign(-0) is +0 and sign(nan) is 0
export const sign: K = (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v > 0 ? 1 : v < 0 ? -1 : 0; } };
export const exp: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]!); };
export const log: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log(x[i]!); };
export const log1p: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log1p(x[i]!); };
export const expm1: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.expm1(x[i]!); };
export const sqrt: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]!); };
/** 1 / sqrt(x) with the root rounded to the dtype first: both frameworks' scalar kernels divide by their sqrt's result. */
export const rsqrt: K = (x, o, n) => {
  if (o instanceof Float32Array) for (let i = 0; i < n; i++) o[i] = 1 / Math.fround(Math.sqrt(x[i]!));
  else for (let i = 0; i < n; i++) o[i] = 1 / Math.sqrt(x[i]!);
};
// NOTE: float32 arrays of 64 or more run in WASM SIMD, bit-identical (one float32 rounding either way).
export const square: K = (x, o, n) => {
  if (n >= 64 && x instanceof Float32Array && o instanceof Float32Array && wasmSquareF32(x, o, n)) return;
  for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v * v; }
};
export const reciprocal: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = 1 / x[i]!; };
export const sin: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sin(x[i]!); };
export const cos: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.cos(x[i]!); };
export const tan: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.tan(x[i]!); };
// NOTE: float32 arrays of 64 or more take the WASM SIMD tanh: within 4e-7 relative error, ~10x faster than Math.tanh.
export const tanh: K = (x, o, n) => {
  if (n >= 64 && x instanceof Float32Array && o instanceof Float32Array && wasmTanhF32(x, o, n)) return;
  for (let i = 0; i < n; i++) o[i] = Math.tanh(x[i]!);
};
// NOTE: split at 0 so that neither branch overflows: exp(-x) for x >= 0, exp(x) otherwise.
export const sigmoid: K = (x, o, n) => {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v >= 0) o[i] = 1 / (1 + Math.exp(-v));
    else { const e = Math.exp(v); o[i] = e / (1 + e); }
  }
};
// NOTE: float32 arrays of 64 or more run in WASM SIMD, bit-identical and branch-free (a mispredicted sign costs ~5 ns).
export const relu: K = (x, o, n) => {
  if (n >= 64 && x instanceof Float32Array && o instanceof Float32Array && wasmReluF32(x, o, n)) return;
  // max(x, 0) as both frameworks' kernels compute it ((x < 0) ? 0 : x): NaN and -0 are kept
  for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v < 0 ? 0 : v; }
};
export const erf: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = erf1(x[i]!); };
export const identity: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i]!; };
// NOTE: Math.floor, ceil and trunc keep a zero's sign and pass NaN and infinities, as C's floor, ceil and trunc do;
// on an Int32Array they are the identity (PyTorch's integer floor is a copy).
export const floor: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.floor(x[i]!); };
export const ceil: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.ceil(x[i]!); };
export const trunc: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.trunc(x[i]!); };
/**
 * The nearest integer, ties to even (both frameworks' round: C's nearbyint in the default rounding mode).
 * NOTE: Math.round breaks ties toward +inf (2.5 -> 3, -2.5 -> -2, -0.5 -> -0): a tie that went to an odd integer
 * steps back by one. r - 1 of r = 1 is +0, nearbyint(0.5)'s sign; Math.round keeps -0 for [-0.5, -0].
 */
function nearestEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
export const roundHalfEven: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = nearestEven(x[i]!); };
/**
 * PyTorch 1.13's round(x, decimals=d) (UnaryOpsKernel.cpp round_decimals_kernel): p = 10^|d| in the dtype, then
 * nearbyint(x * p) / p, or nearbyint(x / p) * p for d < 0, each step rounded to the dtype (float32's opmath is
 * float). A power that overflows the dtype gives NaN (inf / inf, 0 * inf), as there.
 */
export function roundDecimals(x: TypedArray, o: TypedArray, n: number, decimals: number): void {
  const up = decimals >= 0;
  if (o instanceof Float32Array) {
    const p = Math.fround(powerOfTen(decimals));
    for (let i = 0; i < n; i++) o[i] = up ? nearestEven(Math.fround(x[i]! * p)) / p : nearestEven(Math.fround(x[i]! / p)) * p;
  } else {
    const p = powerOfTen(decimals);
    for (let i = 0; i < n; i++) o[i] = up ? nearestEven(x[i]! * p) / p : nearestEven(x[i]! / p) * p;
  }
}
// NOTE: parsed, not 10 ** d: V8's ** is off by an ulp for some powers (10 ** 23), where C's pow(10, d) is exact.
const powerOfTen = (d: number): number => Number(`1e${Math.abs(d)}`);
// NOTE: an Int32Array holds no NaN or infinity: integer and bool tensors are all finite, as in PyTorch.
export const isnan: K = (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v !== v ? 1 : 0; } };
export const isinf: K = (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v === Infinity || v === -Infinity ? 1 : 0; } };
export const isfinite: K = (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v - v === 0 ? 1 : 0; } };
// NOTE: x === 0, not !x: NaN is falsy in JavaScript but true as a bool in both frameworks (nonzero)
export const logicalNot: K = (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] === 0 ? 1 : 0; };

export function leakyRelu(x: TypedArray, o: TypedArray, n: number, slope: number): void {
  for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v > 0 ? v : v * slope; }
}
// NOTE: exp(x) - 1, as both frameworks' kernels compute it (expm1 would be more accurate near 0, and differ from them)
export function elu(x: TypedArray, o: TypedArray, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v > 0 ? v : alpha * (Math.exp(v) - 1); }
}
// NOTE: x / (1 + exp(-x)), PyTorch's form (its kernel's): -x overflows exp to Infinity below about -710 (-89 in
// float32), and x / Infinity is the -0 that silu tends to there
export function silu(x: TypedArray, o: TypedArray, n: number): void {
  for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v / (1 + Math.exp(-v)); }
}
// NOTE: TensorFlow's swish, features * sigmoid(beta * features), each op rounded in the dtype as its kernels do (the
// sigmoid split at 0 as above)
export function swish(x: TypedArray, o: TypedArray, n: number, beta: number): void {
  const f32 = o instanceof Float32Array;
  for (let i = 0; i < n; i++) {
    const v = x[i]!, b = f32 ? Math.fround(beta * v) : beta * v;
    const s = b >= 0 ? 1 / (1 + Math.exp(-b)) : Math.exp(b) / (1 + Math.exp(b));
    o[i] = v * (f32 ? Math.fround(s) : s);
  }
}
// NOTE: above `threshold` softplus is x itself (PyTorch's threshold=20); below, log1p(exp(x)) cannot overflow.
export function softplus(x: TypedArray, o: TypedArray, n: number, beta: number, threshold: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]! * beta;
    o[i] = v > threshold ? x[i]! : (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))) / beta;
  }
}
export function gelu(x: TypedArray, o: TypedArray, n: number, approximate: boolean): void {
  if (approximate) {
    const c = Math.sqrt(2 / Math.PI);
    for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v * v * v))); }
  } else {
    for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = 0.5 * v * (1 + erf1(v * Math.SQRT1_2)); }
  }
}
/**
 * x^p as PyTorch's CPU kernel for a number exponent computes it (PowKernel.cpp, pow_tensor_scalar_kernel), for a float
 * result: 0.5, -0.5 and -1 run its sqrt, rsqrt (1 / sqrt(x), rounded twice) and reciprocal kernels; 2, 3 and -2 are
 * x*x, x*x*x and 1/(x*x) with each product rounded in the dtype; any other exponent is pow in double precision rounded
 * once, as its scalar loop (its vector loop's powf may differ by an ulp). Integer results as `powScalar`.
 */
export function powScalarTorch(x: TypedArray, o: TypedArray, n: number, p: number): void {
  const f32 = o instanceof Float32Array;
  if (!f32 && !(o instanceof Float64Array)) powScalar(x, o, n, p);
  else if (p === 3) {
    if (f32) for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = Math.fround(v * v) * v; }
    else for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v * v * v; }
  } else if (p === -2) {
    if (f32) for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = 1 / Math.fround(v * v); }
    else for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = 1 / (v * v); }
  } else if (p === -0.5) rsqrt(x, o, n);
  else if (p === 0.5) sqrt(x, o, n);
  else if (p === -1) reciprocal(x, o, n);
  else powScalar(x, o, n, p);
}
/** x^p, the power correctly rounded but in rare ties (TensorFlow's pow; PyTorch's for the exponents powScalarTorch does not special-case). */
export function powScalar(x: TypedArray, o: TypedArray, n: number, p: number): void {
  if (p === 2) for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v * v; }
  else if (o instanceof Float32Array && p >= 3 && p <= 8 && Number.isInteger(p)) powSmallF32(x, o, n, p);
  else if (o instanceof Float64Array && Number.isInteger(p) && p >= -8 && p <= 8 && p !== 0 && p !== 1) {
    // NOTE: the frameworks' pow is glibc's, correctly rounded; V8's Math.pow is an ulp off for ~10% of such powers
    for (let i = 0; i < n; i++) o[i] = powi(x[i]!, p);
  } else for (let i = 0; i < n; i++) o[i] = cpow(x[i]!, p);
}
/**
 * x^p for a float32 result and an integer 3 <= p <= 8, by repeated multiplication in float64.
 * NOTE: Math.pow costs ~45 ns a call, and the notebook's polynomials are all small powers. A float32 x has 24
 * significant bits, so the float64 products round at most twice before the one rounding to float32: the result
 * is float32's correctly rounded x^p but in rare ties, and never more than 1 ulp away, as pow in double rounded once
 * (PyTorch's scalar loop for exponents it does not special-case; TensorFlow's powf).
 * Overflow gives Infinity and -0 keeps its sign, as with Math.pow.
 */
function powSmallF32(x: TypedArray, o: Float32Array, n: number, p: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    let r = v * v;
    for (let k = 2; k < p; k++) r *= v;
    o[i] = r;
  }
}
export function clamp(x: TypedArray, o: TypedArray, n: number, lo: number, hi: number): void {
  // NOTE: min(max(x, lo), hi), so lo > hi gives hi everywhere, as in PyTorch.
  for (let i = 0; i < n; i++) { const v = x[i]!; const t = v < lo ? lo : v; o[i] = t > hi ? hi : t; }
}
