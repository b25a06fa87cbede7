/**
 * The storage pool (pool.ts) and the backward pass's ownership of cotangents (autograd/pass.ts): storage is recycled
 * only when nothing else can read it. Each check compares against the same computation with the pool off, or against
 * a hand-derived gradient. (tests/setup.ts lowers the size threshold for every other test file; this file checks
 * the default.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const N = 100_000; // 400 KB of float32: above the default threshold of 256 KB
const QUIET: c.BackwardOptions = { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false };

let saved: typeof c.storagePool;
beforeEach(() => {
  saved = { ...c.storagePool };
  c.storagePool.minBytes = 1 << 18;
  c.storagePool.enabled = true;
});
afterEach(() => Object.assign(c.storagePool, saved));

function input(n = N, seed = 3): c.Tensor {
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = Math.sin(seed * i + 1) * 1.5;
  const t = new c.Tensor([n], 'float32', d);
  t.requiresGrad = true;
  return t;
}

/** W4: the gradient of sum(tanh(1.5x + 0.5)^2), into .grad (or returned, with `sources`). */
function w4(x: c.Tensor, sources: c.Tensor[] | null = null): c.Tensor {
  const y = c.sum(c.square(c.tanh(c.add(c.mul(x, 1.5), 0.5))));
  const gs = c.backward([y], [c.ones([], 'float32')], { ...QUIET, sources });
  return sources === null ? x.grad! : gs[0]!;
}

const copy = (t: c.Tensor) => Float32Array.from(t.data as Float32Array);

describe('the storage pool', () => {
  it("W4's gradient hands two 400 KB arrays back per step, and the steps reuse them, with the same values as without the pool", () => {
    c.storagePool.enabled = false;
    const xOff = input();
    const off = copy(w4(xOff, [xOff]));
    c.storagePool.enabled = true;
    const before = c.storagePool.reused;
    const results: Float32Array[] = [];
    for (let k = 0; k < 4; k++) {
      const x = input();
      results.push(copy(w4(x, [x])));
    }
    // steps 2-4 reuse the arrays of the cotangents of tanh and mul (square's gradient and tanh's), 2 per step at least
    expect(c.storagePool.reused - before).toBeGreaterThanOrEqual(6);
    for (const r of results) expect(r).toEqual(off);
    // hand-derived at one element: d/dx tanh(u)^2 = 2 tanh(u) (1 - tanh(u)^2) * 1.5, u = 1.5x + 0.5
    const x0 = input().data[7]!;
    const t = Math.tanh(1.5 * x0 + 0.5);
    expect(results[3]![7]).toBeCloseTo(2 * t * (1 - t * t) * 1.5, 5);
  });

  it('never hands out the storage of a gradient the caller holds: returned gradients and .grad keep their values', () => {
    const x1 = input(N, 1);
    const g1 = w4(x1, [x1]);
    const kept1 = copy(g1);
    const x2 = input(N, 2);
    const grad2 = w4(x2); // into .grad: the pass's own sum becomes .grad without a copy
    const kept2 = copy(grad2);
    for (let k = 0; k < 3; k++) { const x = input(N, 5 + k); w4(x, [x]); }
    expect(copy(g1)).toEqual(kept1);
    expect(copy(x2.grad!)).toEqual(kept2);
    expect(x2.grad).toBe(grad2);
  });

  it('keeps storage that a hook saw, a retained gradient, a view of a seed, and every cotangent of a recorded pass', () => {
    const x = input();
    let seen: c.Tensor | null = null;
    const h = c.tanh(c.mul(x, 1.5));
    h.hooks = [(g) => { seen = g; }];
    h.retainsGrad = true;
    const y = c.sum(c.square(h));
    c.backward([y], [c.ones([], 'float32')], QUIET);
    const hookValues = copy(seen!);
    const retained = copy(h.grad!);
    // a view of the seed: the reshape's rule gives a view sharing the seed's storage
    const z = input();
    const r = c.reshape(c.mul(z, 2), [N, 1]);
    const seed = c.full([N, 1], 0.25, 'float32');
    c.backward([r], [seed], QUIET);
    for (let k = 0; k < 3; k++) { const w = input(); w4(w, [w]); }
    expect(copy(seen!)).toEqual(hookValues);
    expect(copy(h.grad!)).toEqual(retained);
    expect(Array.from(seed.data.subarray(0, 3))).toEqual([0.25, 0.25, 0.25]);
    expect(z.grad!.data[0]).toBe(0.5);
    // create_graph: the cotangents are saved by the recorded gradient; its own gradient is 2 * 1.5^2 = 4.5 per element
    const u = input();
    const [g] = c.backward([c.sum(c.square(c.mul(u, 1.5)))], [c.ones([], 'float32')], { ...QUIET, sources: [u], createGraph: true, retainGraph: true });
    for (let k = 0; k < 3; k++) { const w = input(); w4(w, [w]); }
    const [gg] = c.backward([c.sum(g!)], [c.ones([], 'float32')], { ...QUIET, sources: [u] });
    expect(gg!.data[0]).toBe(4.5);
    expect(gg!.data[N - 1]).toBe(4.5);
  });

  it("returns a source's gradient intact when the source's rule passes it on unchanged (add of a constant)", () => {
    // found by review: y = exp(w) + 1 as a source; add's rule gives y's cotangent, made by mul's rule, to exp's node
    // d/dy sum(2y) = 2; d/dw = 2 exp(w)
    c.storagePool.minBytes = 0;
    const w = c.fromArray([1, 2, 3]);
    w.requiresGrad = true;
    const y = c.add(c.exp(w), 1);
    const [gy, gw] = c.backward([c.sum(c.mul(y, 2))], [c.ones([], 'float32')], { ...QUIET, sources: [y, w] });
    expect(Array.from(gy!.data)).toEqual([2, 2, 2]);
    expect(Array.from(gw!.data)).toEqual([1, 2, 3].map((v) => Math.fround(2 * Math.fround(Math.exp(v)))));
    // the same with another use of exp(w) summed into the cotangent that y's passes on (added into in place, before)
    const x = c.exp(w);
    const y2 = c.add(x, 1);
    const s = c.add(c.sum(c.mul(x, 3)), c.sum(c.mul(y2, 2)));
    const [gy2] = c.backward([s], [c.ones([], 'float32')], { ...QUIET, sources: [y2, x] });
    expect(Array.from(gy2!.data)).toEqual([2, 2, 2]);
  });

  it('keeps nothing below the threshold, and nothing when disabled', () => {
    const before = c.storagePool.reused;
    for (let k = 0; k < 3; k++) { const x = input(1000); w4(x, [x]); }
    expect(c.storagePool.reused).toBe(before);
    c.storagePool.enabled = false;
    for (let k = 0; k < 3; k++) { const x = input(); w4(x, [x]); }
    expect(c.storagePool.reused).toBe(before);
  });
});
