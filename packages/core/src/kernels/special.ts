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
