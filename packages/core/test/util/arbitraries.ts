/**
 * fast-check arbitraries for the generic op tests: shapes with size-1 and size-0 dimensions,
 * broadcast-compatible shape pairs, and float64 values from a domain kept away from given points.
 */
import fc from 'fast-check';

/** Property runs: modest by default (2 cores are shared), many more with TWINGRAD_SOAK set. */
export const RUNS = process.env['TWINGRAD_SOAK'] ? 500 : 20;

export interface ShapeOptions {
  maxRank?: number;
  maxDim?: number;
  /** Upper bound on the number of elements. */
  maxSize?: number;
  /** Whether size-0 dimensions may appear. */
  empty?: boolean;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * One dimension: 1 and (optionally) 0 stay in, as the edge cases of broadcasting, but rarely, since a single 0
 * empties the whole tensor and 1s shrink it (broadcastPair adds 1s of its own).
 */
function dim(maxDim: number, empty: boolean): fc.Arbitrary<number> {
  const arbs: Array<fc.WeightedArbitrary<number>> = [
    { arbitrary: fc.integer({ min: 2, max: Math.max(2, maxDim) }), weight: 26 },
    { arbitrary: fc.constant(1), weight: 3 },
  ];
  if (empty) arbs.push({ arbitrary: fc.constant(0), weight: 1 });
  return fc.oneof(...arbs);
}

/**
 * A shape of rank 0..maxRank with at most maxSize elements. Rank 0 is drawn 1 time in 10 (fc.array alone, biased
 * towards short arrays, gave scalars far more often). Sampled with the defaults over 20-run sequences: about 6% of
 * shapes are empty, 14% have one element, 80% two or more.
 */
export function shape(o: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const maxRank = o.maxRank ?? 3, maxDim = o.maxDim ?? 4, maxSize = o.maxSize ?? 24;
  const d = dim(maxDim, o.empty ?? true);
  if (maxRank === 0) return fc.array(d, { maxLength: 0 });
  return fc.oneof(
    { arbitrary: fc.array(d, { minLength: 1, maxLength: maxRank }), weight: 9 },
    { arbitrary: fc.array(d, { maxLength: 0 }), weight: 1 },
  ).filter((s) => sizeOf(s) <= maxSize);
}

/**
 * Two shapes that broadcast together: each is the common shape with some leading dimensions dropped
 * and some dimensions set to 1 (so both sides of every broadcast rule appear, including 1 against 0).
 * Dropping and 1s are drawn 1 time in 3 and 1 in 4 (not a fair coin): otherwise most pairs broadcast to a
 * single element. Sampled over 20-run sequences: about 75% of pairs broadcast to two elements or more, 57% differ.
 */
export function broadcastPair(o: ShapeOptions = {}): fc.Arbitrary<[number[], number[]]> {
  const maxSize = o.maxSize ?? 12;
  const drop = (rank: number) => fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.nat({ max: rank }), weight: 1 });
  const one = fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 });
  const side = (base: number[]) => fc.tuple(drop(base.length), fc.array(one, { minLength: base.length, maxLength: base.length }))
    .map(([drop, ones]) => base.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
  return shape({ ...o, maxSize: Number.MAX_SAFE_INTEGER })
    .chain((base) => fc.tuple(side(base), side(base)))
    .filter(([a, b]) => sizeOf(a) <= maxSize && sizeOf(b) <= maxSize);
}

/** The broadcast shape of two compatible shapes (NumPy's rule, written independently of the core). */
export function broadcastOf(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`shapes [${a}] and [${b}] do not broadcast`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** The flat index into `from` that broadcasting reads for flat index `k` of shape `to`. */
export function broadcastIndex(k: number, from: readonly number[], to: readonly number[]): number {
  let idx = 0, stride = 1;
  for (let d = to.length - 1; d >= 0; d--) {
    const i = k % to[d]!;
    k = Math.floor(k / to[d]!);
    const fd = d - (to.length - from.length);
    if (fd >= 0) {
      if (from[fd] !== 1) idx += i * stride;
      stride *= from[fd]!;
    }
  }
  return idx;
}

export type Interval = readonly [number, number];

/** `domain` with an open window of half-width `margin` removed around each point of `avoid`. */
export function allowedIntervals(domain: Interval, avoid: readonly number[], margin: number): Interval[] {
  let parts: Interval[] = [domain];
  for (const p of avoid) {
    const next: Interval[] = [];
    for (const [lo, hi] of parts) {
      if (p + margin <= lo || p - margin >= hi) { next.push([lo, hi]); continue; }
      if (p - margin > lo) next.push([lo, p - margin]);
      if (p + margin < hi) next.push([p + margin, hi]);
    }
    parts = next;
  }
  return parts;
}

/** Maps u in [0, 1] onto the union of the intervals, proportionally to their lengths. */
export function place(u: number, parts: readonly Interval[]): number {
  const total = parts.reduce((s, [lo, hi]) => s + (hi - lo), 0);
  if (parts.length === 0) throw new Error('place: no interval left');
  let t = Math.min(Math.max(u, 0), 1) * total;
  for (const [lo, hi] of parts) {
    if (t <= hi - lo) return lo + t;
    t -= hi - lo;
  }
  return parts[parts.length - 1]![1];
}

export function totalLength(parts: readonly Interval[]): number {
  return parts.reduce((s, [lo, hi]) => s + (hi - lo), 0);
}

/** Fractions in [0, 1], to be placed onto a domain by `place`. */
export function units(n: number): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n });
}

/** One float64 value in `domain`, at least `margin` away from every point of `avoid`. */
export function valueIn(domain: Interval, avoid: readonly number[] = [], margin = 0.05): fc.Arbitrary<number> {
  const parts = allowedIntervals(domain, avoid, margin);
  return fc.double({ min: 0, max: 1, noNaN: true }).map((u) => place(u, parts));
}

/** `n` float64 values in `domain`, each at least `margin` away from every point of `avoid`. */
export function valuesIn(n: number, domain: Interval, avoid: readonly number[] = [], margin = 0.05): fc.Arbitrary<Float64Array> {
  return fc.array(valueIn(domain, avoid, margin), { minLength: n, maxLength: n }).map((v) => Float64Array.from(v));
}

/**
 * `n` float64 values in `domain` away from `avoid`, pairwise at least half a cell apart (cells: the allowed
 * set cut into 4n equal parts). Reductions such as max, std and norm are not differentiable at ties or at
 * constant input, which unconstrained draws (and shrinking) readily produce.
 */
export function distinctValuesIn(n: number, domain: Interval, avoid: readonly number[] = [], margin = 0.05): fc.Arbitrary<Float64Array> {
  const parts = allowedIntervals(domain, avoid, margin);
  const cells = 4 * Math.max(n, 1);
  return fc.tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: cells - 1 }), { minLength: n, maxLength: n }),
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
  ).map(([cell, jitter]) => Float64Array.from(cell, (k, i) => place((k + 0.25 + 0.5 * jitter[i]!) / cells, parts)));
}
