/**
 * erf in double precision: its Maclaurin series below |x| = 3 (the largest term loses about three
 * digits to cancellation there, leaving ~1e-13), and above it 1 - erfc(x) with erfc from its
 * continued fraction (erfc(3) < 3e-5, so the result is exact to the last bits).
 */
export function erf(x: number): number {
  if (Number.isNaN(x) || x === 0) return x; // erf is odd: erf(-0) is -0
  const ax = Math.abs(x);
  if (ax < 3) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 120; n++) {
      term *= -x2 / n;
      const d = term / (2 * n + 1);
      sum += d;
      if (Math.abs(d) < 1e-17 * Math.abs(sum)) break;
    }
    return sum * 1.1283791670955126; // 2 / sqrt(pi)
  }
  const r = 1 - erfcLarge(ax);
  return x < 0 ? -r : r;
}

/** erfc(x) for x >= 3 by the Lentz evaluation of its continued fraction. */
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 300; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (1.772453850905516 * f);
}

/**
 * C's pow (what PyTorch and TensorFlow compute): JavaScript's Math.pow gives NaN for 1^±inf, 1^nan and (-1)^±inf,
 * where C gives 1; everything else agrees.
 */
export function cpow(x: number, y: number): number {
  return x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : Math.pow(x, y);
}
