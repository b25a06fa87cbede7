import type * as core from '@twingrad/core';

/**
 * NumPy's Dragon4 float-to-decimal conversion, exactly (BigInt): the digits TensorFlow's printing shows, through
 * NumPy, for float32 and float64 values (format.ts lays them out).
 */

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/**
 * A finite nonzero |x| of the dtype as `m * 2^e`, and whether the gap to the float below is half the gap above
 * (a power of two that is not the smallest normal): the inputs of NumPy's Dragon4 (dragon4.c, Dragon4_PrintFloat_IEEE_binary32/64).
 */
function binary(x: number, dtype: core.DType): { m: bigint; e: number; unequal: boolean } {
  if (dtype === 'float32') {
    F32[0] = x;
    const bits = U32[0]!;
    const be = (bits >>> 23) & 0xff, frac = bits & 0x7fffff;
    if (be === 0) return { m: BigInt(frac), e: -149, unequal: false };
    return { m: BigInt(frac | 0x800000), e: be - 150, unequal: frac === 0 && be > 1 };
  }
  F64[0] = x;
  const bits = U64[0]!;
  const be = Number((bits >> 52n) & 0x7ffn), frac = bits & 0xfffffffffffffn;
  if (be === 0) return { m: frac, e: -1074, unequal: false };
  return { m: frac | 0x10000000000000n, e: be - 1075, unequal: frac === 0n && be > 1 };
}

/** `base ** k` as a BigInt, remembered (k stays below 1100: at most a few thousand entries). */
const POWERS = { 5: new Map<number, bigint>(), 10: new Map<number, bigint>() };
function pow(base: 5 | 10, k: number): bigint {
  let r = POWERS[base].get(k);
  if (r === undefined) POWERS[base].set(k, (r = BigInt(base) ** BigInt(k)));
  return r;
}

/** Sign of `c * 10^p - b * 2^q`, computed exactly. */
function cmpDecBin(c: bigint, p: number, b: bigint, q: number): number {
  let l = c, r = b;
  if (p >= 0) l *= pow(10, p); else r *= pow(10, -p);
  if (q >= 0) r <<= BigInt(q); else l <<= BigInt(-q);
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * Where Dragon4 stops and what digits it prints. `fraction`: `max`/`min` count digits after the point
 * (dragon4_positional's precision/min_digits); `total`: significant digits (dragon4_scientific's precision+1/min_digits+1).
 */
export interface Cutoff { mode: 'fraction' | 'total'; max?: number; min?: number }

/**
 * NumPy's Dragon4 in unique mode (numpy/core/src/multiarray/dragon4.c, `Dragon4`): the digits of |x| and the decimal
 * exponent of the first, meaning d1.d2d3... * 10^exp (trailing zeros dropped; 0 is `{ digits: '0', exp: 0 }`).
 * Digit k is the last one once the truncated value or the value one unit above lies in the interval that rounds back
 * to x ("low"/"high"; its ends belong to it when the mantissa is even) and k is not before `min`, or when k reaches
 * `max`. The last digit is then rounded down if only low holds, up if only high holds, else to the nearest, exact
 * ties to the even digit. Without a cutoff that is the shortest round-trip digits; with `max` reached first it is the
 * exact value rounded half to even. Everything is exact (BigInt): JS's toFixed/toExponential round ties up and
 * `Math.fround(Number(s))` rounds twice.
 * The steps follow `Dragon4`'s: scale the value (`expand`), compute the cutoff exponents (`cutoffPositions`), run
 * the digit loop (`stopPosition`), round the last digit (`roundLastDigit`).
 */
export function dragon4(x: number, dtype: core.DType, cut?: Cutoff): { digits: string; exp: number } {
  const a = Math.abs(x);
  if (a === 0) return { digits: '0', exp: 0 };
  const { m, e, unequal } = binary(a, dtype);
  const v = expand(m, e, unequal);
  const { maxPos, minPos } = cutoffPositions(v.top, cut);
  return roundLastDigit(v, stopPosition(v, maxPos, minPos));
}

/**
 * |x| as Dragon4 works on it: `exact`, its decimal digits (trailing zeros dropped); `top`, the exponent of the first
 * (Dragon4's digitExponent - 1); `lo`/`hi`, the ends of the interval that rounds to x, in units of 2^(e-2)
 * (scaledValue -/+ scaledMarginLow/High); `inclusive`, whether the ends belong to it (Dragon4's isEven).
 */
interface Scaled { exact: string; top: number; e: number; lo: bigint; hi: bigint; inclusive: boolean }

/** Dragon4's setup (scaledValue, the margins, the digitExponent estimate), done exactly instead of estimated. */
function expand(m: bigint, e: number, unequal: boolean): Scaled {
  // exact decimal expansion: m * 2^e = n * 10^min(e, 0)
  const n = e >= 0 ? m << BigInt(e) : m * pow(5, -e);
  const ns = n.toString();
  const exact = ns.replace(/0+$/, '');
  const top = ns.length - 1 + Math.min(e, 0); // exponent of the first digit
  // the interval that rounds to x, in units of 2^(e-2)
  const lo = unequal ? 4n * m - 1n : 4n * m - 2n, hi = 4n * m + 2n;
  const inclusive = (m & 1n) === 0n;
  return { exact, top, e, lo, hi, inclusive };
}

/**
 * Dragon4's "compute the cutoff exponent" step, for both cutoffs: a digit position is the exponent of the last digit
 * kept; `maxPos` is where the digits must stop (cutoffExponent), `minPos` where they may not stop before.
 */
function cutoffPositions(top: number, cut?: Cutoff): { maxPos: number; minPos: number } {
  let maxPos = -Infinity, minPos = Infinity;
  if (cut?.max !== undefined) maxPos = cut.mode === 'fraction' ? -cut.max : top + 1 - cut.max;
  if (cut?.min !== undefined) minPos = cut.mode === 'fraction' ? -cut.min : top + 1 - cut.min;
  return { maxPos, minPos };
}

/** The digits of |x| down to position `pos`, truncated, as an integer in units of 10^pos. */
function truncated(v: Scaled, pos: number): bigint {
  const k = v.top - pos + 1;
  return k > 0 ? BigInt(v.exact.slice(0, k).padEnd(k, '0')) : 0n;
}

/** Dragon4's `low` and `high` with the digits stopped at `pos`: the truncated value (or one unit above) rounds to x. */
function lowHigh(v: Scaled, pos: number): [boolean, boolean] {
  const t = truncated(v, pos);
  const cl = cmpDecBin(t, pos, v.lo, v.e - 2), ch = cmpDecBin(t + 1n, pos, v.hi, v.e - 2);
  return [v.inclusive ? cl >= 0 : cl > 0, v.inclusive ? ch <= 0 : ch < 0];
}

/** Whether Dragon4's unique-mode digit loop would break at `pos` before reaching the cutoff (`low | high`). */
function done(v: Scaled, pos: number): boolean {
  const [l, h] = lowHigh(v, pos);
  return l || h;
}

/** Dragon4's unique-mode digit loop: the position of its last digit, found without printing digits one by one. */
function stopPosition(v: Scaled, maxPos: number, minPos: number): number {
  const top = v.top;
  if (maxPos >= top || minPos <= maxPos) {
    // NOTE: a fraction cutoff before the first digit makes Dragon4 start its digits at the cutoff ("0." or one unit)
    return maxPos;
  }
  // low and high only become true as positions get finer, so the first position where either holds is found by
  // bisection; 17 significant digits always round-trip (9 for float32), so `top - 17` holds.
  let ok = top - 17;
  while (!done(v, ok)) ok--;
  let bad = top + 1; // done(top + 1) is not asked: Dragon4 starts at the first digit
  while (bad - ok > 1) {
    const mid = Math.floor((bad + ok) / 2);
    if (mid <= top && done(v, mid)) ok = mid; else bad = mid;
  }
  return Math.max(Math.min(ok, minPos), maxPos);
}

/** Dragon4's last step, roundDown or up ("round to the closest digit by comparing value with 0.5"), and its output. */
function roundLastDigit(v: Scaled, stop: number): { digits: string; exp: number } {
  const [low, high] = lowHigh(v, stop);
  const t = truncated(v, stop);
  let down = low;
  if (low === high) {
    // compare the remainder with half a unit of the last digit; a tie goes to the even digit
    const k = v.top - stop + 1;
    const rest = k >= 0 ? v.exact.slice(k) : '';
    const c = rest === '' || rest[0]! < '5' ? -1 : rest[0]! > '5' || rest.length > 1 ? 1 : 0;
    down = c < 0 || (c === 0 && (t & 1n) === 0n);
  }
  const r = down ? t : t + 1n;
  if (r === 0n) return { digits: '0', exp: 0 };
  const rs = r.toString();
  return { digits: rs.replace(/0+$/, ''), exp: stop + rs.length - 1 };
}
