import { describe, expect, it } from 'vitest';
import { QUICK } from '../src/workloads.js';
import { twingradTf, twingradThreads, twingradTorch, w1Tf, w1Torch } from '../src/systems/twingrad.js';
import { tfjsSystem } from '../src/systems/tfjs.js';
import { jsPytorch } from '../src/systems/jspytorch.js';

// Benchmarks are not tests: these run each workload once at a tiny size so the suite cannot rot.
// No timing is asserted.

describe('benchmark smoke runs', () => {
  it("W1's loop computes the notebook's dy/dx = 93 in both facades", () => {
    expect(w1Tf(3)).toBe(93);
    expect(w1Torch(3)).toBe(93);
  });
  for (const sys of [twingradTf, twingradTorch, tfjsSystem('cpu'), tfjsSystem('wasm'), jsPytorch]) {
    it(`${sys.name} runs every workload at a tiny size`, async () => {
      const f = await sys.run(QUICK);
      for (const k of ['w1', 'w2', 'w3fwd', 'w3grad', 'w4'] as const) expect(Number.isFinite(f[k])).toBe(true);
    });
  }
  it(`${twingradThreads.name} runs the matmul workloads at a tiny size`, async () => {
    const f = await twingradThreads.run(QUICK);
    for (const k of ['w2', 'w3fwd', 'w3grad'] as const) expect(Number.isFinite(f[k])).toBe(true);
  });
});
