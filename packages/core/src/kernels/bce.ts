import type { TypedArray } from '../dtype.js';

const F = Math.fround;

/**
 * The elementwise losses of binary cross-entropy, unreduced and unweighted, as PyTorch 1.13's CPU code computes them:
 * each operation rounded in the output's dtype (`f32`: float32), in PyTorch's order, so that float32 results agree
 * with PyTorch's to the last bit wherever the library functions (log, log1p, exp) round alike.
 */

/**
 * binary_cross_entropy's loop (Loss.cpp): (t - 1) * max(log1p(-x), -100) - t * max(log(x), -100). The clamp at -100
 * keeps x = 0 or 1 finite (a loss of 100 per element). Returns the first x outside [0, 1] (NaN included), or null.
 */
export function bceLoss(x: TypedArray, t: TypedArray, o: TypedArray, n: number): number | null {
  const f32 = o instanceof Float32Array;
  for (let i = 0; i < n; i++) {
    const v = x[i]!, y = t[i]!;
    if (!(v >= 0 && v <= 1)) return v;
    let a = Math.log1p(-v), b = Math.log(v);
    if (f32) { a = Math.fround(a); b = Math.fround(b); }
    a = a > -100 ? a : -100;
    b = b > -100 ? b : -100;
    o[i] = f32 ? Math.fround(Math.fround(Math.fround(y - 1) * a) - Math.fround(y * b)) : (y - 1) * a - y * b;
  }
  return null;
}

/**
 * binary_cross_entropy_with_logits's ops (Loss.cpp), elementwise: with m = max(-x, 0),
 * (1 - t) * x + m + log(exp(-m) + exp(-x - m)), or with a positive weight p (broadcast to x's shape already)
 * (1 - t) * x + (1 + (p - 1) * t) * (log(exp(-m) + exp(-x - m)) + m). Neither exp overflows.
 */
export function bceLogitsLoss(x: TypedArray, t: TypedArray, p: TypedArray | null, o: TypedArray, n: number): void {
  if (o instanceof Float32Array) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!, y = t[i]!, m = clampNeg(v);
      const a = F(F(1 - y) * v), lse = F(Math.log(F(F(Math.exp(-m)) + F(Math.exp(F(-v - m))))));
      o[i] = p === null ? F(F(a + m) + lse) : F(a + F(F(F(F(p[i]! - 1) * y) + 1) * F(lse + m)));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = x[i]!, y = t[i]!, m = clampNeg(v);
      const a = (1 - y) * v, lse = Math.log(Math.exp(-m) + Math.exp(-v - m));
      o[i] = p === null ? a + m + lse : a + ((p[i]! - 1) * y + 1) * (lse + m);
    }
  }
}

/** clamp_min(-x, 0), which keeps a NaN. */
function clampNeg(v: number): number {
  return -v > 0 ? -v : v !== v ? v : 0;
}
