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
  /** Per workload, the fastest and slowest timed call of this round (same units as the figure). */
  spread?: Partial<Record<'w1' | 'w2' | 'w3fwd' | 'w3grad' | 'w4', [number, number]>>;
}

type Timed = { median: number; min: number; max: number };

/** A round's figures from its timings: the medians, and the min and max timed call of each (W1 in µs, the rest ms). */
export function figuresOf(t: { w1?: Timed | null; w2?: Timed | null; w3fwd?: Timed | null; w3grad?: Timed | null; w4?: Timed | null }): Figures {
  const scale = (k: keyof typeof t) => (k === 'w1' ? 1000 : 1);
  const f: Figures = { w1: null, w2: null, w3fwd: null, w3grad: null, w4: null, spread: {} };
  for (const k of ['w1', 'w2', 'w3fwd', 'w3grad', 'w4'] as const) {
    const m = t[k];
    if (m == null) continue;
    f[k] = m.median * scale(k);
    f.spread![k] = [m.min * scale(k), m.max * scale(k)];
  }
  return f;
}

export interface System {
  name: string;
  /** One of twingrad's reference rows: every ratio in the table is to the best of these. */
  reference?: boolean;
  run(sizes: Sizes): Promise<Figures>;
  /**
   * The same math, by the code `run` times, on a small input (smoke tests compare every system with a float64
   * reference): W1's gradient at x = 2, and W4's [y, ...dy/dx] at `xs`.
   */
  check?(xs: number[]): Promise<{ w1: number; w4: number[] }>;
}

/** The measurement budget of a workload in `s` (the same floors for every system): `runs` and `warmup` calls at least. */
export function budget(s: Sizes, runs = s.runs, warmup = 2): Budget {
  return { runs, warmup, warmupMs: s.warmupMs, measureMs: s.measureMs };
}

export const matmulFlops = (n: number) => 2 * n * n * n;
