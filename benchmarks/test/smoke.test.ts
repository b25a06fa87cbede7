import { describe, expect, it } from 'vitest';
import { QUICK } from '../src/workloads.js';
import { heapGrowth, twingradTf, twingradThreads, twingradTorch, twingradTypeScript, w1Tf, w1Torch } from '../src/systems/twingrad.js';
import { setWasmEnabled } from '@twingrad/core';
import { tfjsSystem } from '../src/systems/tfjs.js';
import { jsPytorch } from '../src/systems/jspytorch.js';
import { combine, median } from '../src/rounds.js';
import { measure } from '../src/timing.js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  // The same math in every system, checked through the code each one times: W1's gradient, f'(2) = 8*8 + 3*4 + 6*2 + 5,
  // and W4's y = sum(tanh(1.5x + 0.5)^2) with dy/dx = 3 tanh(z) (1 - tanh(z)^2), in float64, within float32 rounding.
  const xs = [-0.9, -0.2, 0.3, 0.8];
  const ts = xs.map((x) => Math.tanh(1.5 * x + 0.5));
  const want = [ts.reduce((a, t) => a + t * t, 0), ...ts.map((t) => 3 * t * (1 - t * t))];
  for (const sys of [twingradTf, twingradTorch, twingradTypeScript, tfjsSystem('cpu'), tfjsSystem('wasm'), jsPytorch]) {
    it(`${sys.name} computes the workloads' math: W1's gradient 93, W4's value and gradient`, async () => {
      const got = await sys.check!(xs);
      expect(got.w1).toBe(93);
      expect(got.w4).toHaveLength(want.length);
      got.w4.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(2e-6 * Math.max(1, Math.abs(want[i]!))));
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

  // NOTE: the runner spawns its systems as Node processes, which run the built JavaScript: this test runs the build
  // (`pnpm test` builds first); a bare `vitest run` on an unbuilt tree skips it, and says so in its title.
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
  const built = existsSync(main);
  it.skipIf(!built)(`the runner starts each system in its own process and prints JSON (\`pnpm bench -- --quick --json\`)${built ? '' : ': skipped, benchmarks/dist is not built'}`, () => {
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
      { w1: 3, w2: 10, w3fwd: null, w3grad: 1, w4: 5, heapGrowthMB: 0.1, note: '2 threads', spread: { w1: [2.5, 4], w2: [9, 12] } },
      { w1: 1, w2: 30, w3fwd: null, w3grad: 2, w4: null, note: '2 threads', spread: { w1: [0.5, 1.5] } },
      { w1: 2, w2: 20, w3fwd: null, w3grad: 3, w4: 7 },
    ]);
    expect(c.median).toEqual({ w1: 2, w2: 20, w3fwd: null, w3grad: 2, w4: 6 });
    expect(c.min).toEqual({ w1: 1, w2: 10, w3fwd: null, w3grad: 1, w4: 5 });
    expect(c.max).toEqual({ w1: 3, w2: 30, w3fwd: null, w3grad: 3, w4: 7 });
    // the fastest and slowest single timed calls over the rounds that reported them
    expect(c.fastest).toEqual({ w1: 0.5, w2: 9, w3fwd: null, w3grad: null, w4: null });
    expect(c.slowest).toEqual({ w1: 4, w2: 12, w3fwd: null, w3grad: null, w4: null });
    expect(c.heapGrowthMB).toBe(0.1);
    expect(c.notes).toEqual(['2 threads']);
  });

  it('the memory check sees a leak: growth from the first m0 steps to m1 in all, in one process', () => {
    // a stand-in for W1 that keeps 8 KB per step: 1,000 more steps keep ~7.8 MB (in typed arrays, outside the JS heap)
    const kept: Float64Array[] = [];
    const leaky = (n: number) => { for (let i = 0; i < n; i++) kept.push(new Float64Array(1024)); };
    const growth = heapGrowth(leaky, { ...QUICK, memorySteps: [100, 1100] })!;
    expect(growth).toBeGreaterThan(7);
    expect(kept).toHaveLength(1100);
  });

  it('measure: at least `runs` timed calls after `warmup`, more while the time floor lasts', async () => {
    let calls = 0;
    const t = await measure(() => { calls++; }, { runs: 3, warmup: 2 });
    expect(calls).toBe(5);
    expect(t.runs).toBe(3);
    // A fake clock: each call takes the next duration of `ds` (ms), so the floors are exact.
    let clock = 0;
    const ds = [5, 5, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
    let k = 0;
    const step = () => { clock += ds[k++]!; };
    // warm-up: 2 calls (10 ms) already pass the 8 ms floor; then 2 ms calls until the 9 ms floor is reached: 5 of them
    const u = await measure(step, { runs: 3, warmup: 1, warmupMs: 8, measureMs: 9, now: () => clock });
    expect(k).toBe(7);
    expect(u).toEqual({ median: 2, min: 2, max: 2, runs: 5 });
    // capped at maxRuns while the floor lasts; per unit of work with `inner`
    clock = 0; k = 2;
    const v = await measure(step, { runs: 3, warmup: 0, measureMs: 100, maxRuns: 6, inner: 4, now: () => clock });
    expect(v).toEqual({ median: 0.5, min: 0.5, max: 0.5, runs: 6 });
    // never fewer than `runs`, however long a call takes
    clock = 0; k = 0;
    const w = await measure(step, { runs: 3, warmup: 0, measureMs: 1, now: () => clock });
    expect(w).toEqual({ median: 5, min: 2, max: 5, runs: 3 });
  });
});

