/** Timing after warm-up: the median of repeated runs, with min and max. Benchmarks only, never tests. */
export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** How long, at least, a workload warms up and is measured: a few calls of a millisecond workload are not enough
 * for V8 to finish optimising the code (the system measured first would pay for it), nor for a median. */
export interface Budget {
  /** Warm-up calls: at least `warmup`, and more until `warmupMs` have passed. */
  warmup: number;
  warmupMs?: number;
  /** Timed calls: at least `runs`, and more (up to `maxRuns`) until `measureMs` have passed. */
  runs: number;
  measureMs?: number;
  maxRuns?: number;
  /** Units of work per call (W1 times a loop of steps). */
  inner?: number;
  /** The clock, in milliseconds: `performance.now` unless a test gives its own. */
  now?: () => number;
}

/**
 * Times `fn` after warm-up and returns milliseconds per unit of work: the median of the timed calls, with min and max.
 * Async functions are awaited (tfjs readbacks).
 */
export async function measure(fn: () => unknown, opts: Budget): Promise<Timing> {
  const inner = opts.inner ?? 1;
  const now = opts.now ?? (() => performance.now());
  const warmupEnd = now() + (opts.warmupMs ?? 0);
  for (let i = 0; i < opts.warmup || now() < warmupEnd; i++) await fn();
  const times: number[] = [];
  const maxRuns = Math.max(opts.runs, opts.maxRuns ?? 101);
  const measureEnd = now() + (opts.measureMs ?? 0);
  while (times.length < opts.runs || (times.length < maxRuns && now() < measureEnd)) {
    const t0 = now();
    await fn();
    times.push((now() - t0) / inner);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times[times.length - 1]!, runs: times.length };
}
