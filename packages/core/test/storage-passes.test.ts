/**
 * One-element tensors without arrays (Tensor._data / _value, ops/define.ts scratch arrays), the fused
 * pow_backward op, and the engine's per-node pass state (nested passes from hooks).
 * The expectations are the array path (the same program on a two-element tensor: the same ops, a different code
 * path, itself checked against the oracles elsewhere), central finite differences (util/gradcheck.ts), or a
 * derivative worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';
import { gradcheck, gradgradcheck } from './util/gradcheck.js';

const NONE: c.BackwardOptions = { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false };
const opts = (o: Partial<c.BackwardOptions> = {}): c.BackwardOptions => ({ ...NONE, ...o });
const f64 = (shape: number[], vals: number[]) => { const t = new c.Tensor(shape, 'float64'); t.data.set(vals); return t; };
const leaf = (vals: number[], shape = [vals.length]) => { const t = f64(shape, vals); t.requiresGrad = true; return t; };
const one = () => f64([], [1]);
const values = (t: c.Tensor | null | undefined) => Array.from(t!.data);
const close = (got: number[], want: number[], tol = 1e-12) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!))));
};

/** Every node reachable from the roots (through the recorded edges). */
function nodesOf(...roots: c.Tensor[]): c.Node[] {
  const seen = new Set<c.Node>();
  const stack = roots.map((r) => r.node).filter((n): n is c.Node => n !== null);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const e of n.edges) if (e instanceof c.Node) stack.push(e);
  }
  return [...seen];
}
const noNodeHoldsAGradient = (...roots: c.Tensor[]) => {
  const nodes = nodesOf(...roots);
  expect(nodes.length).toBeGreaterThan(0);
  for (const n of nodes) expect(n.grad).toBeNull();
};

describe('one-element tensors: the scalar path against the array path', () => {
  it('random programs give the same forward values, gradients, second gradients and .grad sums, bit for bit', () => {
    const un = [c.neg, c.exp, c.tanh, c.sigmoid, c.square, c.sin, c.relu, (x: c.Tensor) => c.powScalar(x, 3),
      (x: c.Tensor) => c.powScalar(x, 2), (x: c.Tensor) => c.powScalar(x, 0.5), (x: c.Tensor) => c.mul(x, 0.5), (x: c.Tensor) => c.sub(1, x)];
    const bin = [c.add, c.sub, c.mul, c.maximum];
    const program = fc.array(fc.tuple(fc.boolean(), fc.nat(30), fc.nat(30), fc.nat(30)), { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(fc.constantFrom('float32', 'float64'), fc.double({ min: -1.5, max: 1.5, noNaN: true }), program, fc.boolean(), (dtype, v, steps, createGraph) => {
      const d = dtype as c.DType;
      const run = (shape: number[]) => {
        const x = c.full(shape, v, d);
        x.requiresGrad = true;
        const ts: c.Tensor[] = [x];
        for (const [isBinary, i, j, k] of steps) {
          const a = ts[j % ts.length]!, b = ts[k % ts.length]!;
          ts.push(isBinary ? bin[i % bin.length]!(a, b) : un[i % un.length]!(a));
        }
        // every intermediate feeds the output, so nodes with several consumers accumulate (in place, when fresh)
        let y = ts[ts.length - 1]!;
        for (let i = 1; i < ts.length - 1; i++) y = c.add(y, ts[i]!);
        const s = c.sum(y);
        const [g] = c.backward([s], [c.full([], 1, d)], opts({ sources: [x], createGraph, retainGraph: true }));
        const h = createGraph && g!.requiresGrad ? values(c.backward([c.sum(g!)], [c.full([], 1, d)], opts({ sources: [x], retainGraph: true }))[0]) : [];
        c.backward([s], [c.full([], 1, d)], opts({ retainGraph: true }));
        c.backward([s, s], [c.full([], 1, d), c.full([], 2, d)], opts({ retainGraph: true })); // .grad += 3 g
        return { y: values(y), g: values(g), h, acc: values(x.grad) };
      };
      const a = run([]), b = run([2]);
      const same = (p: number[], q: number[]) => (p.length === 0 ? q.length === 0 : q.every((u) => Object.is(u, p[0])));
      if (!same(a.y, b.y) || !same(a.g, b.g) || !same(a.h, b.h) || !same(a.acc, b.acc)) expect.fail(JSON.stringify({ a, b, steps, v, dtype }));
    }), { numRuns: 300 });
  });

  it('an in-place op on a one-element op result reaches its view, unrecorded and recorded', () => {
    // unrecorded: y has no array until the view asks for one; the write must be seen through both
    const y = c.mul(c.full([], 1.5, 'float64'), 2);
    const v = y.view([1]);
    c.inplace('mul_', y, [], (old) => c.mul(old, 3));
    expect([y.first, v.first]).toEqual([9, 9]);
    c.addInto(v, c.full([1], 1, 'float64'));
    expect([y.first, v.first]).toEqual([10, 10]);

    // recorded: z = 2x; z *= z0 (in place); d/dx (2x * 3) = 6
    const x = leaf([0.5], []);
    const z = c.mul(x, 2);
    const zv = c.detach(z);
    c.inplace('mul_', z, [], (old) => c.mul(old, 3));
    expect([z.first, zv.first]).toEqual([3, 3]);
    c.backward([z], [one()], opts());
    expect(values(x.grad)).toEqual([6]);
  });

  it('the .grad accumulator writes through a view taken of a one-element gradient', () => {
    // d/dx x^2 = 2x at x = 1.25 is 2.5; twice is 5, and the view of .grad taken in between sees it
    const x = leaf([1.25], []);
    const s = c.square(x);
    c.backward([s], [one()], opts({ retainGraph: true }));
    const view = x.grad!.view([1]);
    c.backward([s], [one()], opts());
    expect(values(x.grad)).toEqual([5]);
    expect(values(view)).toEqual([5]);
  });
});

describe('pow_backward', () => {
  const positive = (shape: number[], seed: number) => {
    const t = new c.Tensor(shape, 'float64');
    for (let i = 0; i < t.size; i++) t.data[i] = 0.4 + ((seed * 7 + i * 3) % 11) / 8;
    return t;
  };
  const signed = (shape: number[], seed: number) => {
    const t = new c.Tensor(shape, 'float64');
    for (let i = 0; i < t.size; i++) t.data[i] = (((seed * 5 + i * 7) % 13) - 6) / 4 || 0.3;
    return t;
  };
  // g and the base broadcast against each other: a scalar base with a vector g, a scalar g with a vector base, both ways
  const SHAPES: Array<[number[], number[]]> = [[[3], [3]], [[3], []], [[], [3]], [[2, 1], [1, 3]], [[], []]];
  for (const p of [0, 1, 2, 3, 0.5, -1, -2, 2.5, 9]) {
    it(`p = ${p}: the op to third order of pow, and pow to second order, against central differences`, () => {
      for (const [gs, ys] of SHAPES) {
        const f = (g: c.Tensor, y: c.Tensor) => c.powBackward(g, y, { p });
        gradcheck(f, [signed(gs, 1), positive(ys, 2)], { rtol: 1e-5, atol: 1e-5, label: `g[${gs}] y[${ys}]` });
        gradgradcheck(f, [signed(gs, 1), positive(ys, 2)], { rtol: 1e-4, atol: 1e-4, label: `g[${gs}] y[${ys}]` });
        gradgradcheck((x) => c.powScalar(x, p), [positive(ys, 3)], { rtol: 1e-4, atol: 1e-4, label: `x[${ys}]` });
      }
    });
  }

  it('gives g p y^(p-1) by hand at p = 0, 1 and 2, and zero second derivative wrt y at p = 0 and 1', () => {
    const g = f64([2], [3, -2]), y = f64([], [1.5]);
    expect(values(c.powBackward(g, y, { p: 0 }))).toEqual([0, -0]);
    expect(values(c.powBackward(g, y, { p: 1 }))).toEqual([3, -2]);
    expect(values(c.powBackward(g, y, { p: 2 }))).toEqual([9, -6]);
    for (const p of [0, 1]) {
      const yl = leaf([1.5], []);
      const out = c.sum(c.powBackward(g, yl, { p }));
      const [gy] = c.backward([out], [one()], opts({ sources: [yl] }));
      expect(gy === null ? 0 : gy.first).toBe(0);
    }
  });

  it('equals the composed rule bit for bit in float32 with a scalar g and a vector base (and vice versa)', () => {
    for (const tf of [false, true]) {
      for (const p of [-2, -0.5, 0.5, 1, 2, 3, 4, 7, 9, 2.5]) {
        for (const [gs, ys] of [[[], [70]], [[70], []], [[5, 1], [1, 7]]]) {
          const g = c.randomUniform(gs!, -3, 3), y = c.randomUniform(ys!, 0.1, 2);
          const fused = c.powBackward(g, y, { p, tf });
          const composed = tf ? c.mul(c.mul(g, p), c.powScalar(y, p - 1, 'tf')) : c.mul(g, c.mul(c.powScalar(y, p - 1), p));
          for (let i = 0; i < fused.size; i++) if (!Object.is(fused.data[i], composed.data[i])) expect.fail(`tf=${tf} p=${p} g[${gs}] y[${ys}] [${i}]`);
        }
      }
    }
  });
});

describe('engine: pass state on nodes, nested passes from hooks', () => {
  const xs = [0.5, 1.5];
  // L = sum(2b) + sum(sin b) + sum(exp b), b = x^2: dL/db = 2 + cos b + e^b, dL/dx = 2x dL/db
  const dLdb = (q: number) => 2 + Math.cos(q * q) + Math.exp(q * q);

  it('PyTorch style: hooks on three consumers of b each run a full backward through b; the outer .grad is exact', () => {
    const x = leaf(xs);
    const b = c.mul(x, x);
    const u = c.mul(b, 2), v = c.sin(b), w = c.exp(b);
    const s = c.sum(c.mul(b, b)); // inner: d/dx sum(x^4) = 4x^3, listed twice below: 8x^3 per hook
    const inner: number[][] = [];
    // one of the three hooks runs while b's node holds a sum of two cotangents (a fresh sum, added into in place)
    let heldDuringPass = false;
    for (const t of [u, v, w]) {
      t.hooks = [(g) => {
        heldDuringPass ||= nodesOf(L).some((n) => n.grad !== null); // so the check after the pass means something
        inner.push(values(c.backward([s], [one()], opts({ sources: [x], retainGraph: true }))[0]));
        c.backward([s, s], [one(), one()], opts({ retainGraph: true })); // accumulates 8x^3 into x.grad
        return c.mul(g, 1);
      }];
    }
    const L = c.add(c.add(c.sum(u), c.sum(v)), c.sum(w));
    c.backward([L], [one()], opts({ retainGraph: true }));
    close(values(x.grad), xs.map((q) => 2 * q * dLdb(q) + 3 * 8 * q ** 3));
    for (const g of inner) close(g, xs.map((q) => 4 * q ** 3));
    expect(heldDuringPass).toBe(true);
    noNodeHoldsAGradient(L, s);
  });

  it('tape style: the same, with createGraph, a root listed twice, and a non-leaf source', () => {
    const x = f64([2], xs);
    const t = new c.Tape();
    const { b, u, v, w, s, L } = t.run(() => {
      t.watch(x);
      const b = c.mul(x, x);
      const u = c.mul(b, 2), v = c.sin(b), w = c.exp(b);
      return { b, u, v, w, s: c.sum(c.mul(b, b)), L: c.add(c.add(c.sum(u), c.sum(v)), c.sum(w)) };
    });
    const inner: number[][] = [];
    for (const q of [u, v, w]) {
      q.hooks = [() => { inner.push(values(c.backward([s], [one()], opts({ tape: t, sources: [x, b], retainGraph: true, createGraph: true }))[0])); }];
    }
    // roots [L, L] with seeds 1 and 2: three times dL
    const [gx, gb] = c.backward([L, L], [one(), f64([], [2])], opts({ tape: t, sources: [x, b], retainGraph: true, createGraph: true }));
    close(values(gx), xs.map((q) => 3 * 2 * q * dLdb(q)));
    close(values(gb), xs.map((q) => 3 * dLdb(q)));
    expect(inner.length).toBe(3);
    for (const g of inner) close(g, xs.map((q) => 4 * q ** 3));
    noNodeHoldsAGradient(L, s, gx!, gb!);
  });

  it('a hook on b itself runs a backward through b (once); the outer pass sees the hook\'s doubling', () => {
    const x = leaf(xs);
    const b = c.mul(x, x);
    const L = c.add(c.add(c.sum(c.mul(b, 2)), c.sum(c.sin(b))), c.sum(c.exp(b)));
    let ran = false;
    let inner: number[] = [];
    b.hooks = [(g) => {
      if (ran) return;
      ran = true;
      inner = values(c.backward([L], [f64([], [5])], opts({ sources: [b], retainGraph: true }))[0]);
      return c.mul(g, 2);
    }];
    c.backward([L], [one()], opts({ retainGraph: true }));
    close(inner, xs.map((q) => 5 * dLdb(q)));
    close(values(x.grad), xs.map((q) => 2 * 2 * q * dLdb(q)));
    noNodeHoldsAGradient(L);
  });

  // NOTE: a wanted leaf's hooks do not run (PyTorch 1.13 captures its gradient without them), so the inner pass is
  // started by a hook on an intermediate, in the middle of the outer pass, after x and z have leaf slots there.
  it('a hook running a backward in the middle of a pass that wants sources keeps the outer leaf slots', () => {
    const x = leaf(xs), z = leaf([2, 3]);
    const xx = c.mul(x, x);
    const y = c.sum(c.mul(c.mul(xx, z), 1)); // dy/dx = 2xz, dy/dz = x^2
    const s = c.sum(c.mul(z, c.mul(x, 3))); // ds/dz = 3x, ds/dx = 3z
    let inner: number[][] = [];
    let busy = false;
    xx.hooks = [() => {
      if (busy) return;
      busy = true;
      inner = c.backward([s, s], [one(), one()], opts({ sources: [z, x], retainGraph: true })).map(values);
    }];
    const [gx, gz] = c.backward([y], [one()], opts({ sources: [x, z], retainGraph: true }));
    expect(values(gx)).toEqual([2, 9]);
    expect(values(gz)).toEqual([0.25, 2.25]);
    expect(inner).toEqual([[3, 9], [12, 18]]);
    noNodeHoldsAGradient(y, s);
  });

  it('a root listed twice sums its seeds, also when it is an intermediate of another root', () => {
    // y = x^2, z = 3y: roots [y, z, y] with seeds 1, 1, 2 -> dx = (1 + 2 + 3) * 2x
    const x = leaf(xs);
    const y = c.mul(x, x), z = c.mul(y, 3);
    c.backward([y, z, y], [f64([2], [1, 1]), f64([2], [1, 1]), f64([2], [2, 2])], opts({ retainGraph: true }));
    expect(values(x.grad)).toEqual(xs.map((q) => 6 * 2 * q));
    noNodeHoldsAGradient(y, z);
  });

  it('drops the nodes\' cotangents after every kind of pass, including one that throws', () => {
    const x = leaf(xs);
    const y = c.sum(c.exp(c.mul(c.add(x, 1), x)));
    c.backward([y], [one()], opts({ retainGraph: true }));
    noNodeHoldsAGradient(y);
    c.backward([y], [one()], opts({ sources: [x], retainGraph: true }));
    noNodeHoldsAGradient(y);
    const [g] = c.backward([y], [one()], opts({ sources: [x], retainGraph: true, createGraph: true }));
    noNodeHoldsAGradient(y, g!);
    const a = c.mul(x, 2);
    const t = c.sum(c.tanh(a));
    a.hooks = [() => { throw new Error('hook'); }];
    expect(() => c.backward([t], [one()], opts({ retainGraph: true }))).toThrow('hook');
    noNodeHoldsAGradient(t);
  });
});
