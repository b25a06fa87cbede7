import type { Budget } from './timing.js';

/** The workloads of issue 8, the same math in every system (float32). Sizes shrink with --quick (smoke runs). */
export interface Sizes {
  w1Steps: number;
  mlp: { batch: number; inp: number; hidden: number; out: number };
  matmulN: number;
  w4N: number;
  /** W1 step counts whose heaps are compared (the memory check); null: not in this round (it runs once). */
  memorySteps: [number, number] | null;
  runs: number;
  /** The time floors of every measurement (timing.ts): warm-up, and timed calls beyond `runs`. */
  warmupMs: number;
  measureMs: number;
}

export const FULL: Sizes = {
  w1Steps: 20_000,
  mlp: { batch: 128, inp: 784, hidden: 256, out: 10 },
  matmulN: 512,
  w4N: 1_000_000,
  memorySteps: [10_000, 1_000_000],
  runs: 7,
  warmupMs: 300,
  measureMs: 500,
};

export const QUICK: Sizes = {
  w1Steps: 50,
  mlp: { batch: 4, inp: 8, hidden: 6, out: 3 },
  matmulN: 16,
  w4N: 1000,
  memorySteps: [100, 200],
  runs: 1,
  warmupMs: 0,
  measureMs: 0,
};

/** What a system reports; null where it does not run a workload. Units: W1 µs/grad, W2 ms/step, W3/W4 ms. */
export interface Figures {
  w1: number | null;
  w2: number | null;
  w3fwd: number | null;
  w3grad: number | null;
  w4: number | null;
  /** Heap growth in MB between the two memory step counts, for twingrad's facades. */
  heapGrowthMB?: number | null;
  note?: string;
}

export interface System {
  name: string;
  /** One of twingrad's reference rows: every ratio in the table is to the best of these. */
  reference?: boolean;
  run(sizes: Sizes): Promise<Figures>;
}

/** The measurement budget of a workload in `s` (the same floors for every system): `runs` and `warmup` calls at least. */
export function budget(s: Sizes, runs = s.runs, warmup = 2): Budget {
  return { runs, warmup, warmupMs: s.warmupMs, measureMs: s.measureMs };
}

export const matmulFlops = (n: number) => 2 * n * n * n;
