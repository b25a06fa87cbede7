/**
 * Random programs against the backward pass's ownership of cotangents (autograd/pass.ts): every tensor a program can
 * reach (returned gradients, .grad, retained gradients, what hooks saw, results of passes started from hooks, seeds,
 * forward results) must hold the same values whether the passes record nothing, where the engine owns and recycles
 * cotangents, or record their graph (createGraph), where it owns none. The pool keeps arrays of every size here
 * (tests/setup.ts), so a wrong release is handed out again and shows. Adapted from a review's fuzzer, which found
 * the intermediate-source case kept below.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';

const S = [2, 3];

/** Runs the program that `seed` draws; `record` makes every backward pass a createGraph one. Returns what it can reach. */
function program(seed: number, record: boolean): Array<[string, number[]]> {
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const ri = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(a: T[]) => a[ri(a.length)]!;
  const data = (n: number) => Array.from({ length: n }, () => Math.round((rnd() * 4 - 2) * 8) / 8);
  const seen: Array<[string, c.Tensor]> = [];
  const see = (l: string, t: c.Tensor | null | undefined) => { if (t) seen.push([l, t]); };
  const back = (roots: c.Tensor[], seeds: c.Tensor[], o: Partial<c.BackwardOptions>) =>
    c.backward(roots, seeds, { tape: null, sources: null, accumulate: null, retainGraph: true, ...o, createGraph: record || (o.createGraph ?? false) });
  const full = (t: c.Tensor) => (t.size === 1 ? c.mul(t, c.ones(S)) : t);

  const leaves: c.Tensor[] = [];
  for (let i = 0, n = 1 + ri(3); i < n; i++) {
    const t = rnd() < 0.25 ? c.fromArray(data(1)[0]!) : c.clone(c.reshape(c.fromArray(data(6)), S), false);
    t.requiresGrad = true;
    if (rnd() < 0.2) t.hooks = [(g) => { see(`leaf hook ${i}`, g); }];
    leaves.push(t);
  }
  const pool = [...leaves], inter: c.Tensor[] = [];
  for (let k = 0, n = 2 + ri(10); k < n; k++) {
    const a = pick(pool), b = pick(pool);
    const ops = [
      () => c.add(a, b), () => c.sub(a, b), () => c.mul(a, b), () => c.mul(a, a), () => c.add(a, a), () => c.exp(c.mul(a, 0.3)),
      () => c.tanh(a), () => c.neg(a), () => c.identity(a), () => c.clone(a), () => c.reshape(a, a.shape), () => c.broadcastTo(a, S),
      () => c.squeeze(c.expandDims(a, 0), 0), () => c.transpose(c.transpose(full(a))), () => c.sum(full(a), 0, true), () => c.sum(a),
      () => c.div(a, c.add(c.exp(b), 1)), () => c.where(c.gt(full(a), 0), full(a), b), () => c.add(a, 1),
      () => c.matmul(c.matmul(full(a), c.transpose(full(b))), full(b)),
    ];
    const r = ops[ri(ops.length)]!();
    pool.push(r);
    if (r === a || r === b || !r.requiresGrad) continue;
    see(`op ${k}`, r);
    const h = ri(7);
    if (h === 0) r.retainsGrad = true;
    else if (h === 1) r.hooks = [(g) => { see(`hook ${k}`, g); }];
    else if (h === 2) r.hooks = [(g) => c.mul(g, 1)];
    else if (h === 3) {
      let inside = false; // the nested pass goes through r again, and so through this hook
      r.hooks = [() => {
        if (inside) return;
        inside = true;
        // grad mode on, as it is not inside a pass that records nothing: the nested forward is recorded either way
        const q = c.withGradMode(true, () => c.sum(c.mul(r, r)));
        back([q], [c.ones([])], { sources: leaves }).forEach((g, i) => see(`nested ${k}.${i}`, g));
        inside = false;
      }];
    }
    inter.push(r);
  }
  const outs = pool.filter((t) => t.node !== null && t.requiresGrad);
  if (outs.length === 0) return [];
  const root = pick(outs);
  const seedT = rnd() < 0.5 ? c.clone(c.reshape(c.fromArray(data(root.size)), root.shape), false) : c.ones(root.shape);
  see('seed', seedT);
  const mode = ri(4);
  if (mode === 0) {
    const retain = rnd() < 0.5;
    back([root], [seedT], { retainGraph: retain });
    if (retain && rnd() < 0.5) back([root], [seedT], {}); // .grad accumulates
    [...leaves, ...inter].forEach((t, i) => see(`grad ${i}`, t.grad));
  } else if (mode === 1) {
    const targets = [...leaves, ...inter].filter(() => rnd() < 0.5);
    back([root], [seedT], { accumulate: targets.length > 0 ? targets : [leaves[0]!] });
    [...leaves, ...inter].forEach((t, i) => see(`target grad ${i}`, t.grad));
  } else if (mode === 2) {
    const gs = back([root], [seedT], { sources: leaves, createGraph: true });
    const g = gs.find((x) => x !== null && x.requiresGrad);
    if (g) back([c.sum(c.mul(g, g))], [c.ones([])], { sources: leaves }).forEach((x, i) => see(`second ${i}`, x));
    gs.forEach((x, i) => see(`first ${i}`, x));
  } else {
    const sources = [...leaves, ...inter.filter(() => rnd() < 0.5)];
    back([root], [seedT], { sources }).forEach((g, i) => see(`returned ${i}`, g));
  }
  for (let i = 0; i < 6; i++) see(`later ${i}`, c.add(c.reshape(c.fromArray(data(6)), S), 0.5)); // takes recycled arrays
  return seen.map(([l, t]) => [l, Array.from(t.data)]);
}

describe('ownership of cotangents', () => {
  it('random programs reach the same values when the engine owns and recycles cotangents as when it owns none', () => {
    const before = c.storagePool.reused;
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      const quiet = program(seed, false), recorded = program(seed, true);
      expect(quiet.map(([l]) => l)).toEqual(recorded.map(([l]) => l));
      quiet.forEach(([l, v], i) => {
        const w = recorded[i]![1];
        if (!v.every((x, j) => Object.is(x, w[j]))) expect.fail(`seed ${seed}, ${l}: ${v} when owned, ${w} when recorded`);
      });
    }), { numRuns: 1500 });
    expect(c.storagePool.reused - before).toBeGreaterThan(100);
  });
});
