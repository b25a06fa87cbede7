// x + alpha y rounded once (PyTorch's add and sub with alpha, a fused multiply-add in its CPU kernel; the kernel is
// built on fma.ts's add32 and fma, which this checks too), against exact arithmetic: every double is m 2^e, so the
// exact sum is a BigInt over a power of two, and the correctly rounded result is whichever neighbouring float is
// nearest (ties to an even last bit).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as KB from '../src/kernels/binary.js';
import { addScaled, fromArray, subScaled } from '../src/index.js';

/** Scale of the exact values: 2^SHIFT times any double in play is an integer (the smallest subnormal is 2^-1074). */
const SHIFT = 1200n;
const BITS = new DataView(new ArrayBuffer(8));

/** `v` times 2^SHIFT, exactly. */
function exact(v: number): bigint {
  BITS.setFloat64(0, v);
  const hi = BITS.getUint32(0), lo = BITS.getUint32(4);
  const e = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const m = e === 0 ? frac : frac | (1n << 52n);
  const shift = BigInt(e === 0 ? -1074 : e - 1075) + SHIFT;
  const mag = shift >= 0n ? m << shift : m >> -shift;
  return v < 0 || Object.is(v, -0) ? -mag : mag;
}

/** The float32 (as a double) or double nearest the exact `x + a b`, ties to even: the nearest of the floats around it. */
function nearest(x: number, a: number, b: number, f32: boolean): number {
  const target = exact(x) * (1n << SHIFT) + exact(a) * exact(b); // scaled by 2^(2 SHIFT)
  // an exact zero has IEEE's sign: -0 only for -0 + -0, which the double arithmetic gives exactly
  if (target === 0n) return x + a * b;
  const start = f32 ? Math.fround(approx(target)) : approx(target);
  const cands = [start, ...neighbours(start, f32, 1), ...neighbours(start, f32, 2)];
  let best = start, bestD = -1n;
  for (const c of cands) {
    const d0 = exact(c) * (1n << SHIFT) - target;
    const d = d0 < 0n ? -d0 : d0;
    if (bestD < 0n || d < bestD || (d === bestD && evenLast(c, f32))) { best = c; bestD = d; }
  }
  return best;
}

/** A double within an ulp of `v` / 2^(2 SHIFT): its top 64 bits, rounded, times the power of two they stand for. */
function approx(v: bigint): number {
  const mag = v < 0n ? -v : v;
  const shift = Math.max(mag.toString(2).length - 64, 0);
  // NOTE: the power of two applied in steps that each stay in double's range (the values here are normal doubles)
  let top = Number(mag >> BigInt(shift)), e = shift - 2 * Number(SHIFT);
  for (; e < -1000; e += 1000) top *= 2 ** -1000;
  top *= 2 ** e;
  return v < 0n ? -top : top;
}

/** The floats `k` steps above and below `r` (in its format's bit patterns, which order floats of one sign). */
function neighbours(r: number, f32: boolean, k: number): number[] {
  if (f32) {
    const f = new Float32Array([r]), u = new Int32Array(f.buffer), bits = u[0]!;
    return [k, -k].map((step) => { u[0] = bits + step; return f[0]!; });
  }
  return [BigInt(k), BigInt(-k)].map((step) => {
    BITS.setFloat64(0, r);
    BITS.setBigInt64(0, BITS.getBigInt64(0) + step);
    return BITS.getFloat64(0);
  });
}

function evenLast(c: number, f32: boolean): boolean {
  if (f32) return (new Int32Array(new Float32Array([c]).buffer)[0]! & 1) === 0;
  BITS.setFloat64(0, c);
  return (BITS.getUint32(4) & 1) === 0;
}

/** The kernel on one element: x + alpha y in the dtype of `f32`. */
function kernel(x: number, alpha: number, y: number, f32: boolean): number {
  const A = f32 ? Float32Array : Float64Array;
  const o = new A(1);
  KB.addScaled(new A([x]), 1, new A([y]), 1, o, 1, { alpha });
  return o[0]!;
}

const f32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e15), max: Math.fround(1e15) });
// doubles of magnitude 2^-150 to 2^151, and zeros: the product and the sum stay clear of the subnormals, where fma.ts's
// product's low part underflows (and of overflow)
const f64 = fc.oneof(
  fc.tuple(fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }), fc.integer({ min: -150, max: 150 }), fc.boolean())
    .map(([m, k, neg]) => (neg ? -m : m) * 2 ** k),
  fc.constantFrom(0, -0),
);

describe('add and sub with alpha round once, as PyTorch\'s fused multiply-add', () => {
  it('float32: random operands', () => {
    fc.assert(fc.property(f32, f32, f32, (x, a, y) => {
      expect(Object.is(kernel(x, a, y, true), nearest(x, a, y, true)) || kernel(x, a, y, true) === nearest(x, a, y, true)).toBe(true);
    }), { numRuns: 3000 });
  });

  it('float32: sums whose double is a float32 midpoint, where rounding twice goes the wrong way', () => {
    // alpha y = 2^-24 (1 + 2^-k)(1 - 2^-k + 2^-2k) = 2^-24 (1 + 2^-3k), and 2^-24 (1 - 2^-k)(1 + 2^-k + 2^-2k) =
    // 2^-24 (1 - 2^-3k): beside x = 1 (or 1 + 2^-23, whose last bit is odd) the exact sum is just off the midpoint
    // x + 2^-24, and for k >= 10 its double is that midpoint (k <= 11 keeps y a float32), so ties-to-even picks the wrong side. Both signs.
    let misled = 0;
    for (let k = 6; k <= 11; k++) {
      const u = 2 ** -k;
      for (const [x, a, y] of [[1, 1 + u, 2 ** -24 * (1 - u + u * u)], [1 + 2 ** -23, 1 - u, 2 ** -24 * (1 + u + u * u)]]) {
        for (const s of [1, -1]) {
          const xx = s * x!, al = a!, yy = s * y!;
          expect([Math.fround(xx), Math.fround(al), Math.fround(yy)]).toEqual([xx, al, yy]);
          const want = nearest(xx, al, yy, true);
          if (Math.fround(xx + al * yy) !== want) misled++;
          expect(kernel(xx, al, yy, true)).toBe(want);
        }
      }
    }
    expect(misled).toBe(8); // k = 10 and 11: both cases, both signs
  });

  it('float64: random operands, and products with low parts', () => {
    fc.assert(fc.property(f64, f64, f64, (x, a, y) => {
      expect(kernel(x, a, y, false)).toBe(nearest(x, a, y, false));
    }), { numRuns: 20000 });
    let twiceWrong = 0;
    for (let i = 1; i < 400; i++) {
      const a = 1 + i * 2 ** -30, y = 1 - i * 2 ** -29, x = -1;
      if (x + a * y !== nearest(x, a, y, false)) twiceWrong++;
      expect(kernel(x, a, y, false)).toBe(nearest(x, a, y, false));
    }
    expect(twiceWrong).toBeGreaterThan(0);
    // (1 + 2^-52) 1.5 needs 54 bits: its low part is half an ulp, and beside a tiny x the sum of the low parts rounds
    // onto that tie, which x alone decides: 1.5 + 2^-52 for x = -2^-k, 1.5 + 2^-51 for x = 2^-k (and negated)
    for (const k of [60, 100, 200, 300]) {
      for (const s of [1, -1]) {
        for (const x of [2 ** -k, -(2 ** -k)]) {
          const want = nearest(s * x, 1 + 2 ** -52, s * 1.5, false);
          expect(want).toBe(s * (x < 0 ? 1.5 + 2 ** -52 : 1.5 + 2 ** -51));
          expect(kernel(s * x, 1 + 2 ** -52, s * 1.5, false)).toBe(want);
        }
      }
    }
  });

  it('int32 wraps as the other integer kernels, and sub is x + (-alpha) y', () => {
    const o = new Int32Array(1);
    KB.addScaled(new Int32Array([2 ** 30]), 1, new Int32Array([2 ** 30]), 1, o, 1, { alpha: 3 });
    expect(o[0]).toBe((2 ** 30 + 3 * 2 ** 30) | 0);
    expect(subScaled(fromArray([1, 2]), fromArray([3, 4]), { alpha: 0.5 }).data).toEqual(new Float32Array([-0.5, 0]));
    expect(addScaled(fromArray([1, 2]), 4, { alpha: 0.25 }).data).toEqual(new Float32Array([2, 3]));
  });
});
