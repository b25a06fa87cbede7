/**
 * matmul against an independent float64 triple loop (NumPy's rules written out index by index), its
 * gradients against central finite differences to second order, and every error case.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';
import { expectNear, gradcheck, gradgradcheck, randomTensor } from './util/gradcheck.js';

// The tolerances these checks have always used (the shared defaults are 1e-6 for both orders).
const FIRST = { rtol: 1e-6, atol: 1e-6 }, SECOND = { rtol: 1e-5, atol: 1e-5 };

const rand = (shape: readonly number[], seed: number, dtype: 'float32' | 'float64' = 'float64') => randomTensor(shape, seed, { dtype });

function leaf(t: c.Tensor): c.Tensor {
  t.requiresGrad = true;
  return t;
}

const ONE = () => c.scalar(1, 'float64');

// ---- the reference: NumPy's matmul, element by element in float64 ----

interface Case { a: number[]; b: number[]; ta: boolean; tb: boolean }

/** op(x)[..., i, j] as a function of stored indices, and the broadcast batch walk, written independently. */
function reference(a: c.Tensor, b: c.Tensor, ta: boolean, tb: boolean): { shape: number[]; data: Float64Array } {
  const pa = a.rank === 1 ? [1, a.shape[0]!] : [...a.shape];
  const pb = b.rank === 1 ? [b.shape[0]!, 1] : [...b.shape];
  const [ra, ca] = pa.slice(-2) as [number, number], [rb, cb] = pb.slice(-2) as [number, number];
  const m = ta ? ca : ra, k = ta ? ra : ca, n = tb ? rb : cb;
  const ba = pa.slice(0, -2), bb = pb.slice(0, -2);
  const r = Math.max(ba.length, bb.length);
  const batch = Array.from({ length: r }, (_, i) => Math.max(ba[ba.length - r + i] ?? 1, bb[bb.length - r + i] ?? 1));
  const count = batch.reduce((x, y) => x * y, 1);
  const data = new Float64Array(count * m * n);
  const flat = (idx: number[], own: number[]) => {
    let off = 0;
    for (let d = 0; d < own.length; d++) off = off * own[d]! + (own[d] === 1 ? 0 : idx[r - own.length + d]!);
    return off;
  };
  for (let q = 0; q < count; q++) {
    const idx: number[] = [];
    for (let d = r - 1, rest = q; d >= 0; d--) { idx[d] = rest % batch[d]!; rest = Math.floor(rest / batch[d]!); }
    const oa = flat(idx, ba) * ra * ca, ob = flat(idx, bb) * rb * cb;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        s += a.data[oa + (ta ? p * ca + i : i * ca + p)]! * b.data[ob + (tb ? j * cb + p : p * cb + j)]!;
      }
      data[(q * m + i) * n + j] = s;
    }
  }
  const shape = [...batch];
  if (a.rank !== 1) shape.push(m);
  if (b.rank !== 1) shape.push(n);
  return { shape, data };
}

/**
 * Shapes for op(a) [..., m, k] @ op(b) [..., k, n]: 1-d operands, broadcast batches, size-1 and size-0 dims. A size
 * is 0 one time in 31 (fc.integer from 0, biased to its ends, gave a 0 among m, k, n in 46% of cases); sampled over
 * 15- to 150-run sequences, about 10% of cases have a 0, 4% a single product, 86% two products or more.
 */
const matDim = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 5 }), weight: 30 }, { arbitrary: fc.constant(0), weight: 1 });
const caseArb: fc.Arbitrary<Case> = fc.record({
  m: matDim, k: matDim, n: matDim,
  batch: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
  ka: fc.constantFrom('vector', 'matrix', 'batched'), kb: fc.constantFrom('vector', 'matrix', 'batched'),
  onesA: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }), onesB: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
  dropA: fc.nat({ max: 2 }), dropB: fc.nat({ max: 2 }), ta: fc.boolean(), tb: fc.boolean(),
}).map((o) => {
  const side = (kind: string, rows: number, cols: number, t: boolean, ones: boolean[], drop: number) => {
    if (kind === 'vector') return { shape: [t ? rows : cols], t: false };
    const mat = t ? [cols, rows] : [rows, cols];
    const batch = kind === 'batched' ? o.batch.map((d, i) => (ones[i] ? 1 : d)).slice(drop) : [];
    return { shape: [...batch, ...mat], t };
  };
  const A = o.ka === 'vector' ? { shape: [o.k], t: false } : side(o.ka, o.m, o.k, o.ta, o.onesA, o.dropA);
  const B = o.kb === 'vector' ? { shape: [o.k], t: false } : side(o.kb, o.k, o.n, o.tb, o.onesB, o.dropB);
  return { a: A.shape, b: B.shape, ta: A.t, tb: B.t };
});

describe('matmul forward', () => {
  it('matmul: matches a float64 triple loop on random shapes, 1-d operands, broadcast batches and all transpose flags', () => {
    fc.assert(fc.property(caseArb, fc.nat(), ({ a, b, ta, tb }, seed) => {
      const x = rand(a, seed), y = rand(b, seed + 1);
      const out = c.matmulT(x, y, ta, tb);
      const ref = reference(x, y, ta, tb);
      expect(out.shape).toEqual(ref.shape);
      expect(out.dtype).toBe('float64');
      expectNear(out.data, ref.data, 1e-12, `${JSON.stringify({ a, b, ta, tb })}`);
    }), { numRuns: 150 });
  });

  it('matmul: the blocked kernel matches the triple loop across block edges in every transpose form (float64)', () => {
    for (const [m, k, n] of [[101, 300, 37], [4, 8, 1030], [13, 257, 9]] as const) {
      for (const ta of [false, true]) for (const tb of [false, true]) {
        const x = rand(ta ? [k, m] : [m, k], m + k), y = rand(tb ? [n, k] : [k, n], n);
        expectNear(c.matmulT(x, y, ta, tb).data, reference(x, y, ta, tb).data, 1e-12, `${m}x${k}x${n} ${ta} ${tb}`);
      }
    }
  });

  it('matmul: float32 agrees with the float64 reference within float32 rounding', () => {
    for (const ta of [false, true]) for (const tb of [false, true]) {
      const x = rand(ta ? [2, 70, 67] : [2, 67, 70], 3, 'float32'), y = rand(tb ? [45, 70] : [70, 45], 4, 'float32');
      const out = c.matmulT(x, y, ta, tb);
      expect(out.dtype).toBe('float32');
      expectNear(out.data, reference(x, y, ta, tb).data, 1e-5, `float32 ${ta} ${tb}`);
    }
  });

  it('matmul: multiplies int32 matrices exactly, without recording', () => {
    const x = c.fromArray([[1, 2], [3, 4]], 'int32'), y = c.fromArray([[5, 6], [7, 8]], 'int32');
    const out = c.matmul(x, y);
    expect(out.dtype).toBe('int32');
    expect([...out.data]).toEqual([19, 22, 43, 50]);
    expect(out.node).toBeNull();
  });

  it('matmul: gives the hand-computed dot, matrix-vector and vector-matrix products with their dims dropped', () => {
    const v = c.fromArray([1, 2, 3], 'float64'), m = c.fromArray([[1, 0, 2], [0, 1, 0]], 'float64');
    const d = c.matmul(v, v);
    expect(d.shape).toEqual([]);
    expect(d.data[0]).toBe(14);
    const mv = c.matmul(m, v);
    expect(mv.shape).toEqual([2]);
    expect([...mv.data]).toEqual([7, 2]);
    const vm = c.matmul(c.fromArray([1, 2], 'float64'), m);
    expect(vm.shape).toEqual([3]);
    expect([...vm.data]).toEqual([1, 2, 2]);
  });

  it('matmul: a size-0 contraction gives zeros of the output shape', () => {
    const out = c.matmul(c.zeros([2, 3, 0]), c.zeros([0, 4]));
    expect(out.shape).toEqual([2, 3, 4]);
    expect([...out.data].every((v) => v === 0)).toBe(true);
  });
});

describe('matmul gradients', () => {
  it('matmul: first-order gradients match central differences on random shapes and flags', () => {
    fc.assert(fc.property(caseArb, fc.nat(), ({ a, b, ta, tb }, seed) => {
      gradcheck((x, y) => c.matmulT(x, y, ta, tb), [rand(a, seed), rand(b, seed + 1)], { ...FIRST, label: JSON.stringify({ a, b, ta, tb }) });
    }), { numRuns: 40 });
  });

  it('matmul: second-order gradients match central differences of the gradient, on listed and random shapes', () => {
    const cases: Case[] = [
      { a: [2, 3], b: [3, 4], ta: false, tb: false }, { a: [3, 2], b: [3, 4], ta: true, tb: false },
      { a: [2, 3], b: [4, 3], ta: false, tb: true }, { a: [3, 2], b: [4, 3], ta: true, tb: true },
      { a: [3], b: [3], ta: false, tb: false }, { a: [2, 3], b: [3], ta: false, tb: false },
      { a: [3], b: [2, 3, 2], ta: false, tb: false }, { a: [2, 1, 2, 3], b: [3, 3, 2], ta: false, tb: false },
      { a: [2, 2, 3], b: [4, 3], ta: false, tb: true },
    ];
    for (const { a, b, ta, tb } of cases) {
      gradgradcheck((x, y) => c.matmulT(x, y, ta, tb), [rand(a, 1), rand(b, 2)], { ...SECOND, label: JSON.stringify({ a, b, ta, tb }) });
    }
    fc.assert(fc.property(caseArb, fc.nat(), ({ a, b, ta, tb }, seed) => {
      gradgradcheck((x, y) => c.matmulT(x, y, ta, tb), [rand(a, seed), rand(b, seed + 1)], { ...SECOND, label: JSON.stringify({ a, b, ta, tb }) });
    }), { numRuns: 15 });
  });

  it('matmul: gives the gradient of the input that needs one and none to the other', () => {
    const x = leaf(rand([2, 3], 1)), y = rand([3, 4], 2);
    const out = c.matmul(x, y);
    c.backward([c.sum(out)], [ONE()], { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false });
    expect(y.grad).toBeNull();
    // d sum(x @ y) / dx[i, p] = sum_j y[p, j]
    const rows = [0, 1, 2].map((p) => y.data[p * 4]! + y.data[p * 4 + 1]! + y.data[p * 4 + 2]! + y.data[p * 4 + 3]!);
    expectNear(x.grad!.data, [...rows, ...rows], 1e-12, 'x.grad');
  });

  it('matmul: a tape records it like the requires_grad graph, to second order through nested tapes', () => {
    const x = rand([3, 3], 5), y = rand([3, 3], 6);
    const outer = new c.Tape(), inner = new c.Tape();
    // f(x) = sum(x @ x @ y): df/dx = 1 y^T x^T + x^T 1 y^T, linear in x, so the Hessian-vector product
    // with v = ones is d/dx sum(df/dx) = the same two terms with x replaced by ones.
    const [dx, total] = outer.run(() => {
      outer.watch(x);
      const f = inner.run(() => { inner.watch(x); return c.sum(c.matmul(c.matmul(x, x), y)); });
      const g = c.backward([f], [ONE()], { tape: inner, sources: [x], accumulate: null, retainGraph: true, createGraph: true })[0]!;
      return [g, c.sum(g)];
    });
    const ones = c.ones([3, 3], 'float64');
    const byHand = (z: c.Tensor) => c.add(c.matmulT(c.matmulT(ones, y, false, true), z, false, true), c.matmulT(c.matmulT(z, ones, true, false), y, false, true));
    expectNear(dx.data, byHand(x).data, 1e-12, 'first order');
    const d2 = c.backward([total], [ONE()], { tape: outer, sources: [x], accumulate: null, retainGraph: true, createGraph: false })[0]!;
    expectNear(d2.data, byHand(ones).data, 1e-12, 'second order');
  });

  it("matmul: names its grad_fn as PyTorch 1.13's torch.matmul does", () => {
    const name = (a: number[], b: number[]) => c.matmul(leaf(rand(a, 1)), rand(b, 2)).node!.name;
    expect(name([3], [3])).toBe('DotBackward0');
    expect(name([2, 3], [3])).toBe('MvBackward0');
    expect(name([3], [3, 4])).toBe('SqueezeBackward3');
    expect(name([2, 3], [3, 4])).toBe('MmBackward0');
    expect(name([5, 2, 3], [5, 3, 4])).toBe('UnsafeViewBackward0');
    expect(name([5, 2, 3], [3, 4])).toBe('UnsafeViewBackward0');
    expect(name([2, 3], [5, 3, 4])).toBe('CloneBackward0');
  });
});

describe('matmul errors', () => {
  it('matmul: names both shapes when the inner dimensions differ', () => {
    expect(() => c.matmul(c.zeros([2, 3]), c.zeros([4, 5]))).toThrow('matmul: shapes [2,3] and [4,5] cannot be multiplied (3 != 4)');
    expect(() => c.matmul(c.zeros([3]), c.zeros([4]))).toThrow('matmul: shapes [3] and [4] cannot be multiplied (3 != 4)');
    expect(() => c.matmulT(c.zeros([2, 3]), c.zeros([3, 2]), false, true)).toThrow('matmul: shapes [2,3] and [3,2] (transposed) cannot be multiplied (3 != 2)');
  });

  it('matmul: names the batch dimensions that cannot broadcast', () => {
    expect(() => c.matmul(c.zeros([2, 2, 3]), c.zeros([3, 3, 5])))
      .toThrow('matmul: batch dimensions [2] of [2,2,3] and [3] of [3,3,5] cannot be broadcast');
  });

  it('matmul: refuses operands of different dtypes, naming both', () => {
    expect(() => c.matmul(c.zeros([2, 3]), c.zeros([3, 2], 'float64')))
      .toThrow('matmul: expected both operands to have the same dtype, but got float32 and float64');
  });

  it('matmul: refuses 0-d and bool operands, and a transpose flag on a vector', () => {
    expect(() => c.matmul(c.scalar(1), c.zeros([3, 5]))).toThrow('need to be at least 1D, but they are 0D and 2D');
    expect(() => c.matmul(2, c.zeros([3]))).toThrow('0D and 1D');
    expect(() => c.matmul(c.zeros([2, 2], 'bool'), c.zeros([2, 2], 'bool'))).toThrow('matmul: expected float32, float64 or int32 operands, got bool');
    expect(() => c.matmulT(c.zeros([3]), c.zeros([3]), true, false)).toThrow('a transposed operand must have rank >= 2');
  });
});
