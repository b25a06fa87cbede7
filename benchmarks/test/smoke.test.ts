import { describe, expect, it } from 'vitest';
import { QUICK } from '../src/workloads.js';
import { twingradTf, twingradThreads, twingradTorch, twingradTypeScript, w1Tf, w1Torch } from '../src/systems/twingrad.js';
import { setWasmEnabled } from '@twingrad/core';
import { tfjsSystem } from '../src/systems/tfjs.js';
import { jsPytorch } from '../src/systems/jspytorch.js';
import { combine, median } from '../src/rounds.js';
import { measure } from '../src/timing.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Benchmarks are not tests: these run each workload once at a tiny size so the suite cannot rot.
// No timing is asserted.

describe('benchmark smoke runs', () => {
  it("W1's loop computes the notebook's dy/dx = 93 in both facades", () => {
    expect(w1Tf(3)).toBe(93);
    expect(w1Torch(3)).toBe(93);
  });
  for (const sys of [twingradTf, twingradTorch, twingradTypeScript, tfjsSystem('cpu'), tfjsSystem('wasm'), jsPytorch]) {
    it(`${sys.name} runs every workload at a tiny size`, async () => {
      const f = await sys.run(QUICK);
      for (const k of ['w1', 'w2', 'w3fwd', 'w3grad', 'w4'] as const) expect(Number.isFinite(f[k])).toBe(true);
    });
  }
  it(`${twingradTypeScript.name} leaves the WASM kernels on as it found them`, async () => {
    await twingradTypeScript.run(QUICK);
    expect(setWasmEnabled(true)).toBe(true);
  });
  it(`${twingradThreads.name} runs the matmul workloads at a tiny size`, async () => {
    const f = await twingradThreads.run(QUICK);
    for (const k of ['w2', 'w3fwd', 'w3grad'] as const) expect(Number.isFinite(f[k])).toBe(true);
  });

  it('the runner starts each system in its own process and prints JSON (`pnpm bench -- --quick --json`)', () => {
    const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
    const p = spawnSync(process.execPath, ['--expose-gc', main, '--quick', '--json', '--only=twingrad (torch'], { encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(0);
    const out = JSON.parse(p.stdout) as { rounds: number; results: Array<{ system: string; rounds: unknown[]; combined: { median: Record<string, number> } }> };
    expect(out.rounds).toBe(1);
    expect(out.results.map((r) => r.system)).toEqual(['twingrad (torch facade)']);
    expect(out.results[0]!.rounds).toHaveLength(1);
    for (const k of ['w1', 'w2', 'w3fwd', 'w3grad', 'w4']) expect(Number.isFinite(out.results[0]!.combined.median[k])).toBe(true);
  });
});

describe('benchmark arithmetic', () => {
  it('median: the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('combine: per workload the median, min and max of the rounds; failed or absent figures left out', () => {
    const c = combine([
      { w1: 3, w2: 10, w3fwd: null, w3grad: 1, w4: 5, heapGrowthMB: 0.1, note: '2 threads' },
      { w1: 1, w2: 30, w3fwd: null, w3grad: 2, w4: null, note: '2 threads' },
      { w1: 2, w2: 20, w3fwd: null, w3grad: 3, w4: 7 },
    ]);
    expect(c.median).toEqual({ w1: 2, w2: 20, w3fwd: null, w3grad: 2, w4: 6 });
    expect(c.min).toEqual({ w1: 1, w2: 10, w3fwd: null, w3grad: 1, w4: 5 });
    expect(c.max).toEqual({ w1: 3, w2: 30, w3fwd: null, w3grad: 3, w4: 7 });
    expect(c.heapGrowthMB).toBe(0.1);
    expect(c.notes).toEqual(['2 threads']);
  });

  it('measure: at least `runs` timed calls after `warmup`, more while the time floor lasts', async () => {
    let calls = 0;
    const t = await measure(() => { calls++; }, { runs: 3, warmup: 2 });
    expect(calls).toBe(5);
    expect(t.runs).toBe(3);
    calls = 0;
    const slow = () => { const end = performance.now() + 1; while (performance.now() < end); calls++; };
    const u = await measure(slow, { runs: 3, warmup: 1, measureMs: 30, maxRuns: 10 });
    expect(u.runs).toBe(10); // 30 ms of 1 ms calls, capped at maxRuns
    expect(u.min).toBeGreaterThanOrEqual(1);
    expect(u.min).toBeLessThanOrEqual(u.median);
    expect(u.median).toBeLessThanOrEqual(u.max);
  });
});

