/** Timing after warm-up: the median of repeated runs, with min and max. Benchmarks only, never tests. */
export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/**
 * Times `fn` (which does `inner` units of work per call) `runs` times after `warmup` calls and returns
 * milliseconds per unit. Async functions are awaited (tfjs readbacks).
 */
export async function measure(fn: () => unknown, opts: { runs: number; warmup: number; inner?: number }): Promise<Timing> {
  const inner = opts.inner ?? 1;
  for (let i = 0; i < opts.warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / inner);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times[times.length - 1]!, runs: opts.runs };
}
