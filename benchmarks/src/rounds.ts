import type { Figures } from './workloads.js';

export const WORKLOADS = ['w1', 'w2', 'w3fwd', 'w3grad', 'w4'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** One system's figures over the rounds: per workload the median of the rounds' figures, and their min and max. */
export interface Combined {
  median: Record<Workload, number | null>;
  min: Record<Workload, number | null>;
  max: Record<Workload, number | null>;
  /** The fastest and the slowest single timed call over all rounds (null where no round reported them). */
  fastest: Record<Workload, number | null>;
  slowest: Record<Workload, number | null>;
  heapGrowthMB: number | null;
  notes: string[];
}

/** Combines the rounds of one system (rounds that failed are left out; a workload no round ran is null). */
export function combine(rounds: ReadonlyArray<Figures>): Combined {
  const pick = (f: (xs: number[]) => number) => Object.fromEntries(WORKLOADS.map((w) => {
    const xs = rounds.map((r) => r[w]).filter((v): v is number => v != null);
    return [w, xs.length === 0 ? null : f(xs)];
  })) as Record<Workload, number | null>;
  const calls = (i: 0 | 1, f: (xs: number[]) => number) => Object.fromEntries(WORKLOADS.map((w) => {
    const xs = rounds.map((r) => r.spread?.[w]?.[i]).filter((v): v is number => v != null);
    return [w, xs.length === 0 ? null : f(xs)];
  })) as Record<Workload, number | null>;
  const heaps = rounds.map((r) => r.heapGrowthMB).filter((v): v is number => v != null);
  return {
    median: pick(median),
    min: pick((xs) => Math.min(...xs)),
    max: pick((xs) => Math.max(...xs)),
    fastest: calls(0, (xs) => Math.min(...xs)),
    slowest: calls(1, (xs) => Math.max(...xs)),
    heapGrowthMB: heaps.length === 0 ? null : heaps[0]!,
    notes: [...new Set(rounds.map((r) => r.note).filter((n): n is string => n !== undefined))],
  };
}

/** The median; for an even count, the mean of the two middle values. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
