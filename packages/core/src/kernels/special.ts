import { productError } from './fma.js';

/**
 * erf in double precision, within 3 ulp of the exact value (checked against mpmath on a grid, special.test.ts):
 * - |x| < 1: the Maclaurin series, whose terms shrink from the first, so little cancels;
 * - 1 <= |x| < 3: 1 - erfc(x), erfc from its Taylor series about the nearest sixteenth (erfc at those points is
 *   computed once, from the continued fraction taken deep); the Maclaurin series there lost ~200 ulp to cancellation,
 *   which gelu's 1 + erf(x/sqrt2) turned into relative errors of 1e-9 for x near -4;
 * - |x| >= 3: 1 - erfc(x), erfc from its continued fraction; from 6 on erfc is below half an ulp of 1.
 */
export function erf(x: number): number {
  if (Number.isNaN(x) || x === 0) return x; // erf is odd: erf(-0) is -0
  const ax = Math.abs(x);
  if (ax < 1) return maclaurin(x);
  const r = ax >= 6 ? 1 : 1 - (ax < 3 ? erfcNear(ax) : erfcFraction(ax, 40));
  return x < 0 ? -r : r;
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const SQRT_PI = 1.772453850905516;

function maclaurin(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= -x2 / n;
    const d = term / (2 * n + 1);
    sum += d;
    if (Math.abs(d) < 1e-17 * Math.abs(sum)) break;
  }
  return sum * TWO_OVER_SQRT_PI;
}

/** exp(-x^2) without the error of rounding x^2: x = xh + xl with xh of 24 bits, so xh^2 is exact. */
function expNegSquare(x: number): number {
  const xh = Math.fround(x);
  return Math.exp(-xh * xh) * Math.exp(-(x - xh) * (x + xh));
}

/**
 * erfc(x) = exp(-x^2)/sqrt(pi) / K, K = x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))), evaluated from depth `n`
 * up (bottom-up keeps the rounding errors from compounding as a forward evaluation's running product does). Depth
 * 40 converges for x >= 3; the centres below take 2000.
 */
function erfcFraction(x: number, n: number): number {
  let t = x;
  for (let k = n; k >= 1; k--) t = x + k / 2 / t;
  return expNegSquare(x) / (SQRT_PI * t);
}

// erfc and -erfc' = 2/sqrt(pi) exp(-c^2) at c = 1, 1 + 1/16, ..., 3
const STEPS = 16;
const CENTRES = Array.from({ length: 2 * STEPS + 1 }, (_, k) => 1 + k / STEPS);
const ERFC_AT = Float64Array.from(CENTRES, (c) => erfcFraction(c, 2000));
const SLOPE_AT = Float64Array.from(CENTRES, (c) => TWO_OVER_SQRT_PI * expNegSquare(c));

/**
 * erfc(c + h) = erfc(c) - E h sum_k H_k(c) (-h)^k / (k+1)!, E = 2/sqrt(pi) exp(-c^2), H_k the Hermite polynomials
 * (the k-th derivative of exp(-x^2) is (-1)^k H_k(x) exp(-x^2)); |h| <= 1/32, so the terms fall by ~0.2 each.
 */
function erfcNear(x: number): number {
  const k = Math.round(x * STEPS);
  const c = k / STEPS, h = x - c, i = k - STEPS;
  let hPrev = 1, hCur = 2 * c; // H_0, H_1
  let power = 1, factorial = 1, sum = 1;
  for (let j = 1; j < 40; j++) {
    power *= -h;
    factorial *= j + 1;
    const term = (hCur * power) / factorial;
    sum += term;
    if (Math.abs(term) < 1e-17 * sum) break;
    const next = 2 * c * hCur - 2 * j * hPrev;
    hPrev = hCur;
    hCur = next;
  }
  return ERFC_AT[i]! - SLOPE_AT[i]! * h * sum;
}

/**
 * C's pow (what PyTorch and TensorFlow compute): JavaScript's Math.pow gives NaN for 1^±inf, 1^nan and (-1)^±inf,
 * where C gives 1; everything else agrees.
 */
export function cpow(x: number, y: number): number {
  return x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : Math.pow(x, y);
}

/** Past these magnitudes of x^n (as log2) the double-double's low part loses bits or the splitting overflows: C's pow. */
const POWI_LOG2_MIN = -960, POWI_LOG2_MAX = 990;

/**
 * x^n for an integer n, correctly rounded (what glibc's pow gives, which CPython's `x ** n` and PyTorch's scalar
 * `beta ** step` call; V8's `**` is an ulp off for ~8% of such powers): exponentiation by squaring in double-double
 * arithmetic (Dekker's exact products), rounded once. Each product errs by ~2^-104 relative, so the result is the
 * correctly rounded double unless x^n lies within ~2^-95 ulp of a tie. A non-integer n, a non-finite or zero x, and
 * results near overflow or underflow fall back to C's pow (cpow).
 * @example powi(0.99, 6) // 0.941480149401 (Math.pow: 0.9414801494009999)
 */
export function powi(x: number, n: number): number {
  if (!Number.isInteger(n) || !Number.isFinite(x) || x === 0 || n === 0 || Math.abs(n) > 2 ** 53) return cpow(x, n);
  if (n === 1) return x;
  const l = Math.log2(Math.abs(x)) * n;
  if (!(l > POWI_LOG2_MIN && l < POWI_LOG2_MAX)) return cpow(x, n);
  let m = Math.abs(n);
  let bh = x, bl = 0, rh = 1, rl = 0, first = true;
  for (;;) {
    if (m % 2 === 1) {
      if (first) { rh = bh; rl = bl; first = false; } else {
        const p = rh * bh;
        const e = productError(rh, bh, p) + (rh * bl + rl * bh);
        rh = p + e;
        rl = e - (rh - p);
      }
    }
    m = Math.floor(m / 2);
    if (m === 0) break;
    const p = bh * bh;
    const e = productError(bh, bh, p) + 2 * bh * bl;
    bh = p + e;
    bl = e - (bh - p);
  }
  if (n > 0) return rh + rl;
  // 1 / (rh + rl): q = 1 / rh, corrected by the exact residual 1 - q (rh + rl)
  const q = 1 / rh, qh = q * rh;
  const r = (1 - qh) - productError(q, rh, qh) - q * rl;
  return q + r / rh;
}
