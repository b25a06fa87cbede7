/**
 * The three test functions of the optimizer oracles (see record_torch.py) with gradients derived by hand,
 * in float64, independent of the engine. Used by the core, tf and torch optimizer tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Problem = 'quadratic' | 'rosenbrock' | 'lstsq';

export const A = [[1, 2, 0.5], [0, 1, -1], [2, -1, 1], [1, 1, 1], [-1, 0.5, 2], [0.5, -2, 1.5]];
export const B = [1, -2, 3, 0.5, 2, -1];

/** Starting points, one array per parameter (Rosenbrock's x and y are separate parameters). */
export const START: Record<Problem, number[][]> = { quadratic: [[3]], rosenbrock: [[-1.5], [2]], lstsq: [[0, 0, 0]] };

/** Loss at `ps`. */
export function loss(problem: Problem, ps: ArrayLike<number>[]): number {
  if (problem === 'quadratic') return (ps[0]![0]! - 5) ** 2;
  if (problem === 'rosenbrock') { const x = ps[0]![0]!, y = ps[1]![0]!; return (1 - x) ** 2 + 100 * (y - x * x) ** 2; }
  const w = ps[0]!;
  return A.reduce((s, row, i) => s + (row[0]! * w[0]! + row[1]! * w[1]! + row[2]! * w[2]! - B[i]!) ** 2, 0) / A.length;
}

/**
 * Gradients at `ps`, one array per parameter: d(x-5)^2 = 2(x-5); Rosenbrock: (-2(1-x) - 400x(y-x^2), 200(y-x^2));
 * least squares: (2/n) A^T (A w - b).
 */
export function grad(problem: Problem, ps: ArrayLike<number>[]): number[][] {
  if (problem === 'quadratic') return [[2 * (ps[0]![0]! - 5)]];
  if (problem === 'rosenbrock') {
    const x = ps[0]![0]!, y = ps[1]![0]!;
    return [[-2 * (1 - x) - 400 * x * (y - x * x)], [200 * (y - x * x)]];
  }
  const w = ps[0]!, g = [0, 0, 0];
  A.forEach((row, i) => {
    const r = row[0]! * w[0]! + row[1]! * w[1]! + row[2]! * w[2]! - B[i]!;
    for (let j = 0; j < 3; j++) g[j]! += (2 / A.length) * row[j]! * r;
  });
  return [g];
}

export interface Run {
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad';
  options: Record<string, number | boolean | number[]>;
  problem: Problem;
  dtype: 'float32' | 'float64';
  losses: number[];
  trajectory: number[][];
  versions: number[][];
}

export interface Oracle {
  command: string;
  torch: string;
  steps: number;
  runs: Run[];
  state_dict: { state: Record<string, Record<string, number | number[]>>; param_groups: Array<Record<string, unknown>>; w: number[] };
  groups: { trajectory: number[][] };
  schedulers: Array<{ scheduler: string; options: Record<string, number>; lr: number; lrs: number[]; trajectory: number[][] }>;
  clip: {
    norm: Array<{ max_norm: number; norm_type: number | 'inf'; grads: number[][]; total_norm: number; clipped: number[][] }>;
    value: { clip_value: number; grads: number[][]; clipped: number[][] };
  };
}

/** The recorded PyTorch 1.13 trajectories (regenerate: /usr/bin/python3 tests/oracle/optim/record_torch.py). */
export function loadOracle(): Oracle {
  const path = fileURLToPath(new URL('./torch_trajectories.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Oracle;
}

/** |a - b| <= atol + rtol * |b|, elementwise, with the first failing index in the message. */
export function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol = 0): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) return `index ${i}: ${a} vs ${e}`;
  }
  return null;
}
