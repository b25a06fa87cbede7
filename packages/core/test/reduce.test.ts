import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';

type Fn = (x: c.Tensor) => c.Tensor;
const H = 1e-6;

const f64 = (v: c.NestedArray): c.Tensor => c.fromArray(v, 'float64');
const leaf = (v: c.NestedArray | c.Tensor): c.Tensor => {
  const t = v instanceof c.Tensor ? v : f64(v);
  t.requiresGrad = true;
  return t;
};
const vals = (t: c.Tensor): number[] => Array.from(t.data);
/** A fixed, uneven cotangent, so a rule that mixes up positions cannot pass by symmetry. */
const seedFor = (shape: readonly number[]): c.Tensor => {
  const s = new c.Tensor(shape, 'float64');
  for (let i = 0; i < s.size; i++) s.data[i] = 0.5 + ((i * 7) % 5) * 0.25;
  return s;
};
const opts = (sources: c.Tensor[], createGraph = false): c.BackwardOptions =>
  ({ tape: null, sources, accumulate: null, retainGraph: true, createGraph });

function grad(fn: Fn, x: c.Tensor, seed: c.Tensor = seedFor(fn(x).shape)): number[] {
  const g = c.backward([fn(x)], [seed], opts([x]))[0];
  return g === null || g === undefined ? new Array<number>(x.size).fill(0) : vals(g);
}

/** Central differences of x -> sum(seed * f(x)) in float64. */
function numericGrad(f: (x: c.Tensor) => number[], x: c.Tensor, seed: number[]): number[] {
  const out: number[] = [];
  const dot = (): number => f(x).reduce((s, v, i) => s + v * seed[i]!, 0);
  for (let i = 0; i < x.size; i++) {
    const v = x.data[i]!;
    x.data[i] = v + H; const up = dot();
    x.data[i] = v - H; const down = dot();
    x.data[i] = v;
    out.push((up - down) / (2 * H));
  }
  return out;
}

function expectClose(got: number[], want: number[], tol = 1e-5): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    if (Number.isNaN(want[i]!)) expect(g).toBeNaN();
    else if (!Number.isFinite(want[i]!)) expect(g).toBe(want[i]);
    else expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!)));
  });
}

function gradcheck(fn: Fn, x: c.Tensor): void {
  const seed = seedFor(fn(x).shape);
  expectClose(grad(fn, x, seed), numericGrad((t) => c.withGradMode(false, () => vals(fn(t))), x, vals(seed)));
}

/** Second order: the gradient of <w, dL/dx> (built with createGraph) against central differences of dL/dx. */
function gradgradcheck(fn: Fn, x: c.Tensor): void {
  const seed = seedFor(fn(x).shape);
  const w = seedFor([x.size + 1]).data.subarray(1);
  const firstOrder = (t: c.Tensor): number[] => grad(fn, t, seed);
  const gx = c.backward([fn(x)], [seed], opts([x], true))[0]!;
  const wt = new c.Tensor(x.shape, 'float64', Float64Array.from(w));
  const s = c.sum(c.mul(gx, wt));
  const g2 = s.requiresGrad ? c.backward([s], [c.scalar(1, 'float64')], opts([x]))[0] : null;
  const got = g2 === null || g2 === undefined ? new Array<number>(x.size).fill(0) : vals(g2);
  expectClose(got, numericGrad(firstOrder, x, Array.from(w)), 1e-4);
}

/** Naive reference: every output slot's list of inputs, by explicit multi-index enumeration. */
function slots(x: c.Tensor, axes: number[]): number[][] {
  const lists = new Map<string, number[]>();
  const idx = new Array<number>(x.rank).fill(0);
  for (let i = 0; i < x.size; i++) {
    let r = i;
    for (let d = x.rank - 1; d >= 0; d--) { idx[d] = r % x.shape[d]!; r = Math.floor(r / x.shape[d]!); }
    const key = idx.map((v, d) => (axes.includes(d) ? 0 : v)).join(',');
    if (!lists.has(key)) lists.set(key, []);
    lists.get(key)!.push(x.data[i]!);
  }
  return [...lists.values()];
}

const shapeAndAxes = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    axes: shape.length === 0 ? fc.constant(null) : fc.option(fc.subarray(shape.map((_, d) => d), { minLength: 1 }), { nil: null }),
    keepdims: fc.boolean(),
    seed: fc.integer({ min: 1, max: 1000 }),
  }));

/** Distinct values (no ties) from a seed: a scrambled ramp in [lo, hi], with the sign flipped on some when asked. */
function distinct(shape: number[], seed: number, lo: number, hi: number, signs = false): c.Tensor {
  const t = new c.Tensor(shape, 'float64');
  const n = t.size;
  for (let i = 0; i < n; i++) {
    const k = (i * 7 + seed) % Math.max(n, 1);
    const v = lo + ((hi - lo) * (k + 0.5)) / Math.max(n, 1) + 1e-3 * ((i * seed) % 5);
    t.data[i] = signs && (i + seed) % 3 === 0 ? -v : v;
  }
  return t;
}

const cases: Array<{ name: string; fn: (x: c.Tensor, axes: number[] | null, keep: boolean) => c.Tensor; ref: (xs: number[]) => number; lo: number; hi: number; signs: boolean }> = [
  { name: 'prod', fn: (x, a, k) => c.prod(x, a, k), ref: (xs) => xs.reduce((p, v) => p * v, 1), lo: 0.5, hi: 1.5, signs: true },
  { name: 'max', fn: (x, a, k) => c.max(x, a, k), ref: (xs) => Math.max(...xs), lo: -2, hi: 2, signs: false },
  { name: 'min', fn: (x, a, k) => c.min(x, a, k, 'tf'), ref: (xs) => Math.min(...xs), lo: -2, hi: 2, signs: false },
  { name: 'logsumexp', fn: (x, a, k) => c.logsumexp(x, a, k), ref: (xs) => Math.log(xs.reduce((s, v) => s + Math.exp(v), 0)), lo: -2, hi: 2, signs: false },
  { name: 'variance', fn: (x, a, k) => c.variance(x, a, 0, k), ref: (xs) => { const m = xs.reduce((s, v) => s + v, 0) / xs.length; return xs.reduce((s, v) => s + (v - m) ** 2, 0) / xs.length; }, lo: -2, hi: 2, signs: false },
  { name: 'std', fn: (x, a, k) => c.std(x, a, 0, k), ref: (xs) => { const m = xs.reduce((s, v) => s + v, 0) / xs.length; return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / xs.length); }, lo: -2, hi: 2, signs: false },
  { name: 'norm (ord 2)', fn: (x, a, k) => c.norm(x, 2, a, k), ref: (xs) => Math.hypot(...xs), lo: 0.5, hi: 2, signs: true },
  { name: 'norm (ord 3)', fn: (x, a, k) => c.norm(x, 3, a, k), ref: (xs) => xs.reduce((s, v) => s + Math.abs(v) ** 3, 0) ** (1 / 3), lo: 0.5, hi: 2, signs: true },
  { name: 'norm (ord 1)', fn: (x, a, k) => c.norm(x, 1, a, k), ref: (xs) => xs.reduce((s, v) => s + Math.abs(v), 0), lo: 0.5, hi: 2, signs: true },
  { name: 'norm (ord inf)', fn: (x, a, k) => c.norm(x, Infinity, a, k), ref: (xs) => Math.max(...xs.map(Math.abs)), lo: 0.5, hi: 2, signs: true },
];

describe('reductions over generated shapes, axes and keepdims', () => {
  for (const op of cases) {
    it(`${op.name}: forward matches a naive reference, and the shape keeps or drops the reduced axes`, () => {
      fc.assert(fc.property(shapeAndAxes, ({ shape, axes, keepdims, seed }) => {
        const x = distinct(shape, seed, op.lo, op.hi, op.signs);
        const y = op.fn(x, axes, keepdims);
        const all = axes ?? shape.map((_, d) => d);
        expect(y.shape).toEqual(keepdims ? shape.map((n, d) => (all.includes(d) ? 1 : n)) : shape.filter((_, d) => !all.includes(d)));
        expectClose(vals(y), slots(x, all).map(op.ref), 1e-9);
      }), { numRuns: 25 });
    });
    it(`${op.name}: gradient matches central differences in float64`, () => {
      fc.assert(fc.property(shapeAndAxes, ({ shape, axes, keepdims, seed }) => {
        gradcheck((t) => op.fn(t, axes, keepdims), leaf(distinct(shape, seed, op.lo, op.hi, op.signs)));
      }), { numRuns: 15 });
    });
    it(`${op.name}: second-order gradient matches central differences of the first`, () => {
      fc.assert(fc.property(shapeAndAxes, ({ shape, axes, keepdims, seed }) => {
        gradgradcheck((t) => op.fn(t, axes, keepdims), leaf(distinct(shape, seed, op.lo, op.hi, op.signs)));
      }), { numRuns: 8 });
    });
  }
});

/*
 * Recorded with PyTorch 1.13.0a0 (float64) by /usr/bin/python3, printed with .tolist() (shortest repr, full precision):
 *   x = torch.tensor([[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]], dtype=torch.float64)
 *   torch.logsumexp(x, 1); torch.var(x, 0); torch.std(x, 1, unbiased=False)
 *   torch.linalg.vector_norm(x, 3, 1); torch.prod(x, 0)
 *   a = torch.tensor([1., 2., 3.], dtype=torch.float64, requires_grad=True)
 *   torch.linalg.vector_norm(a, 0.5).backward(); a.grad        (and the same for [0., 2., 3.])
 * Both sides compute in float64, so only rounding separates them: 1e-12 leaves room for a
 * different summation order, nothing more.
 */
describe('forward values recorded from PyTorch 1.13 (float64)', () => {
  const x = (): c.Tensor => f64([[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]]);
  it('logsumexp, variance, std, norm and prod along one axis match torch', () => {
    expectClose(vals(c.logsumexp(x(), 1)), [2.234196137135798, 1.8450052766575145], 1e-12);
    expectClose(vals(c.variance(x(), 0)), [0.5, 1.125, 3.645], 1e-12);
    expectClose(vals(c.std(x(), 1, 0)), [1.307244770075172, 0.8993825042154694], 1e-12);
    expectClose(vals(c.norm(x(), 3, 1)), [2.1438258054435675, 1.552925449749808], 1e-12);
    expectClose(vals(c.prod(x(), 0)), [0.75, -0.36, -1.4], 1e-12);
  });
  it('norm with ord 0.5 gives (sum sqrt|x|)^2 and torch gradient, 0 at a zero entry', () => {
    const a = leaf([1, 2, 3]);
    const y = c.norm(a, 0.5);
    expectClose(vals(y), [(1 + Math.SQRT2 + Math.sqrt(3)) ** 2], 1e-12);
    expectClose(grad((t) => c.norm(t, 0.5), a, c.scalar(1, 'float64')), [4.146264369941973, 2.9318516525781364, 2.3938468501173524], 1e-12);
    expectClose(grad((t) => c.norm(t, 0.5), leaf([0, 2, 3]), c.scalar(1, 'float64')), [0, 2.224744871391589, 1.8164965809277265], 1e-12);
  });
  it('logsumexp stays finite for large inputs: logsumexp([1000, 1000]) = 1000 + log 2', () => {
    expectClose(vals(c.logsumexp(f64([1000, 1000]))), [1000 + Math.LN2], 1e-12);
  });
});

describe('max and min at ties, under each convention (hand-derived)', () => {
  const one = c.scalar(1, 'float64');
  it("max: the 'torch' full reduction splits g evenly among tied maxima", () => {
    expect(grad((t) => c.max(t), leaf([1, 3, 3, 2]), one)).toEqual([0, 0.5, 0.5, 0]);
  });
  it("max: the 'torch' reduction along an axis gives g to the first maximum only", () => {
    expect(grad((t) => c.max(t, 1), leaf([[1, 3, 3], [5, 5, 0]]), f64([1, 1]))).toEqual([0, 1, 0, 1, 0, 0]);
  });
  it("max: the 'tf' convention splits g evenly along an axis", () => {
    expect(grad((t) => c.max(t, 1, false, 'tf'), leaf([[1, 3, 3], [5, 5, 0]]), f64([1, 1]))).toEqual([0, 0.5, 0.5, 0.5, 0.5, 0]);
  });
  it("max: the 'tf' convention splits a full reduction evenly too", () => {
    expect(grad((t) => c.max(t, null, false, 'tf'), leaf([[2, 1], [2, 2]]), one)).toEqual([1 / 3, 0, 1 / 3, 1 / 3]);
  });
  it('min: torch gives the first minimum along an axis and splits a full reduction', () => {
    expect(grad((t) => c.min(t, 1), leaf([[3, 1, 1], [0, 2, 0]]), f64([1, 1]))).toEqual([0, 1, 0, 1, 0, 0]);
    expect(grad((t) => c.min(t), leaf([[3, 1, 1], [0, 2, 0]]), one)).toEqual([0, 0, 0, 0.5, 0, 0.5]);
  });
  it('max: keepdims along two axes gives the first maximum of each block in row-major order', () => {
    const x = leaf([[[1, 4], [4, 0]], [[2, 2], [1, 2]]]);
    const y = c.max(x, [1, 2], true);
    expect(y.shape).toEqual([2, 1, 1]);
    expect(vals(y)).toEqual([4, 2]);
    expect(grad((t) => c.max(t, [1, 2], true), x, f64([[[1]], [[2]]]))).toEqual([0, 1, 0, 0, 2, 0, 0, 0]);
  });
  it('max: NaN wins; torch splits g among NaNs (evenly_distribute_backward), tf gives NaN to the slice', () => {
    const y = c.max(f64([1, NaN, 3]));
    expect(y.data[0]).toBeNaN();
    expect(grad((t) => c.max(t), leaf([1, NaN, NaN]), one)).toEqual([0, 0.5, 0.5]);
    expect(grad((t) => c.max(t, 0), leaf([1, NaN, NaN]), one)).toEqual([0, 1, 0]);
    grad((t) => c.max(t, 0, false, 'tf'), leaf([1, NaN, 3]), one).forEach((v) => expect(v).toBeNaN());
  });
  it('max: the gradient of the gradient with respect to the seed is the same selection (linear in g)', () => {
    const x = leaf([1, 3, 3, 2]);
    const g = leaf(c.scalar(2, 'float64'));
    const gx = c.backward([c.max(x)], [g], opts([x], true))[0]!;
    expect(vals(gx)).toEqual([0, 1, 1, 0]);
    expect(vals(c.backward([c.sum(gx)], [c.scalar(1, 'float64')], opts([g]))[0]!)).toEqual([1]);
  });
});

describe('argmax and argmin', () => {
  it('argmax of the flattened tensor and along an axis returns int32 first indices at ties', () => {
    const x = f64([[1, 5, 5], [7, 7, 1]]);
    const flat = c.argmax(x);
    expect(flat.dtype).toBe('int32');
    expect(flat.shape).toEqual([]);
    expect(vals(flat)).toEqual([3]);
    expect(vals(c.argmax(x, 1))).toEqual([1, 0]);
    expect(vals(c.argmax(x, 0))).toEqual([1, 1, 0]);
    expect(vals(c.argmin(x, -1))).toEqual([0, 2]);
    expect(c.argmax(x, 0, true).shape).toEqual([1, 3]);
    expect(c.argmax(x, null, true).shape).toEqual([1, 1]);
  });
  it('argmax along the middle axis of a 3-d tensor converts flat positions to indices along that axis', () => {
    const x = f64([[[0, 9], [5, 1], [6, 2]], [[3, 3], [8, 4], [1, 4]]]);
    expect(vals(c.argmax(x, 1))).toEqual([2, 0, 1, 1]);
    expect(vals(c.argmin(x, 1))).toEqual([0, 1, 2, 0]);
  });
  it('argmax and argmin pick the first NaN, as PyTorch does', () => {
    expect(vals(c.argmax(f64([1, NaN, 3])))).toEqual([1]);
    expect(vals(c.argmin(f64([1, NaN, NaN])))).toEqual([1]);
  });
  it('argmax works on int32 input and is never recorded', () => {
    const x = c.fromArray([2, 9, 4], 'int32');
    expect(vals(c.argmax(x))).toEqual([1]);
    const f = leaf([1, 2]);
    const i = c.argmax(f);
    expect(i.node).toBeNull();
    expect(i.requiresGrad).toBe(false);
  });
  it('argmax of a 0-d tensor is 0', () => {
    expect(vals(c.argmax(c.scalar(4), 0))).toEqual([0]);
  });
});

describe('prod with zeros', () => {
  it('prod: one zero sends the product of the others to it and 0 elsewhere (torch: [0, 6, 0])', () => {
    expect(grad((t) => c.prod(t), leaf([2, 0, 3]), c.scalar(1, 'float64'))).toEqual([0, 6, 0]);
  });
  it('prod: the second-order gradient at one zero matches central differences (torch row sums [3, 5, 2])', () => {
    gradgradcheck((t) => c.prod(t), leaf([2, 0, 3]));
    gradgradcheck((t) => c.prod(t, 1, true), leaf([[2, 0, 3], [1.5, -2, 0.5], [0, 4, 1]]));
    const x = leaf([2, 0, 3]);
    const gx = c.backward([c.prod(x)], [c.scalar(1, 'float64')], opts([x], true))[0]!;
    expect(vals(c.backward([c.sum(gx)], [c.scalar(1, 'float64')], opts([x]))[0]!)).toEqual([3, 5, 2]);
  });
  it('prod: two zeros in a slice give an all-zero gradient there, other slices unaffected', () => {
    expect(grad((t) => c.prod(t, 1), leaf([[2, 0, 3], [0, 0, 3], [1, 2, 4]]), f64([1, 1, 1]))).toEqual([0, 6, 0, 0, 0, 0, 8, 4, 2]);
  });
  it('prod: an empty reduction gives 1, int32 stays int32 and bool gives int32', () => {
    expect(vals(c.prod(c.zeros([0, 3]), 0))).toEqual([1, 1, 1]);
    const i = c.prod(c.fromArray([2, 3, 4], 'int32'));
    expect([i.dtype, ...vals(i)]).toEqual(['int32', 24]);
    expect(c.prod(c.fromArray([true, true])).dtype).toBe('int32');
  });
});

describe('variance, std and norm at their edges (values recorded from PyTorch 1.13)', () => {
  const one = c.scalar(1, 'float64');
  it('std: a constant slice has gradient 0, not NaN', () => {
    expect(grad((t) => c.std(t), leaf([1, 1, 1]), one)).toEqual([0, 0, 0]);
  });
  it('std: the second-order gradient at a constant slice is finite', () => {
    const x = leaf([1, 1, 1]);
    const gx = c.backward([c.std(x)], [one], opts([x], true))[0]!;
    vals(c.backward([c.sum(c.mul(gx, f64([1, 2, 3])))], [one], opts([x]))[0]!).forEach((v) => expect(Number.isFinite(v)).toBe(true));
  });
  it('variance: n - correction = 0 gives inf and gradient [-inf, inf]; below 0 the rule divides by it ([1, -1])', () => {
    const y = c.variance(f64([1, 2]), 0, 2);
    expect(vals(y)).toEqual([Infinity]);
    expect(grad((t) => c.variance(t, 0, 2), leaf([1, 2]), one)).toEqual([-Infinity, Infinity]);
    expect(vals(c.variance(f64([1, 2]), 0, 3))).toEqual([Infinity]);
    expect(grad((t) => c.variance(t, 0, 3), leaf([1, 2]), one)).toEqual([1, -1]);
  });
  it('variance and std: a constant slice with n - correction = 0 gives NaN and NaN gradients', () => {
    expect(c.variance(f64([1, 1]), 0, 2).data[0]).toBeNaN();
    grad((t) => c.std(t, 0, 2), leaf([1, 1]), one).forEach((v) => expect(v).toBeNaN());
    grad((t) => c.std(t, 0, 2), leaf([1, 2]), one).forEach((v) => expect(v).toBeNaN());
  });
  it('variance: the default correction is 1 (Bessel), and an empty reduction is NaN', () => {
    expectClose(vals(c.variance(f64([1, 2, 3, 4]))), [5 / 3], 1e-12);
    expect(c.variance(c.zeros([0, 3]), 0).data[0]).toBeNaN();
  });
  it('norm: the gradient at the zero vector is 0 for ord 2, 1, 3, 0.5 and inf', () => {
    for (const p of [2, 1, 3, 0.5, Infinity]) expect(grad((t) => c.norm(t, p), leaf([0, 0, 0]), one)).toEqual([0, 0, 0]);
  });
  it('norm: ord inf splits g evenly among tied |x| with their signs ([0, -0.5, 0.5])', () => {
    expect(grad((t) => c.norm(t, Infinity), leaf([1, -3, 3]), one)).toEqual([0, -0.5, 0.5]);
  });
  it("norm: 'fro' is the 2-norm over the given axes and ord 0 counts nonzeros", () => {
    expectClose(vals(c.norm(f64([[3, 0], [4, 12]]), 'fro', [0, 1])), [13], 1e-12);
    expect(vals(c.norm(f64([[3, 0], [4, 12]]), 0, 1))).toEqual([1, 2]);
    expect(grad((t) => c.norm(t, 0), leaf([1, 2]), one)).toEqual([0, 0]);
  });
  it('norm: an empty reduction gives 0, including ord inf', () => {
    expect(vals(c.norm(c.zeros([0, 2]), 2, 0))).toEqual([0, 0]);
    expect(vals(c.norm(c.zeros([0]), Infinity))).toEqual([0]);
  });
  it('logsumexp: all -inf gives -inf, +inf gives +inf, with torch gradients [nan, nan] and [nan, 0]', () => {
    expect(vals(c.logsumexp(f64([-Infinity, -Infinity])))).toEqual([-Infinity]);
    grad((t) => c.logsumexp(t), leaf([-Infinity, -Infinity]), one).forEach((v) => expect(v).toBeNaN());
    expect(vals(c.logsumexp(f64([Infinity, 1])))).toEqual([Infinity]);
    const g = grad((t) => c.logsumexp(t), leaf([Infinity, 1]), one);
    expect(g[0]).toBeNaN();
    expect(g[1]).toBe(0);
    expect(vals(c.logsumexp(c.zeros([0, 2]), 0))).toEqual([-Infinity, -Infinity]);
  });
});

describe('reduction dtypes', () => {
  const ints = (): c.Tensor => c.fromArray([[1, 2], [4, 8]], 'int32');
  it('float32 and float64 inputs keep their dtype', () => {
    for (const d of ['float32', 'float64'] as const) {
      const x = c.fromArray([[1, 2], [3, 4]], d);
      for (const y of [c.prod(x), c.max(x), c.min(x), c.logsumexp(x), c.variance(x), c.std(x), c.norm(x)]) expect(y.dtype).toBe(d);
    }
  });
  // variance and std refuse integers, as both frameworks do (promotion.test.ts), and mean of int32 is int32
  it('int32 inputs: max/min/prod/mean stay int32; logsumexp and norm give float32', () => {
    expect(c.max(ints()).dtype).toBe('int32');
    expect(c.mean(ints()).dtype).toBe('int32');
    expect(vals(c.min(ints(), 1))).toEqual([1, 4]);
    for (const y of [c.logsumexp(ints()), c.norm(ints())]) expect(y.dtype).toBe('float32');
    expectClose(vals(c.norm(ints())), [Math.sqrt(85)], 1e-6);
  });
});

describe('reduction errors', () => {
  it('max over an empty axis throws PyTorch\'s message naming the op and the dim', () => {
    expect(() => c.max(c.zeros([0, 3]), 0)).toThrow('max(): Expected reduction dim 0 to have non-zero size.');
    expect(() => c.min(c.zeros([2, 0]), [0, 1])).toThrow('min(): Expected reduction dim 1 to have non-zero size.');
    expect(() => c.argmax(c.zeros([0, 3]), 0)).toThrow('argmax(): Expected reduction dim 0 to have non-zero size.');
  });
  it('a full max or argmax of an empty tensor asks for a dim, as PyTorch does', () => {
    expect(() => c.max(c.zeros([0, 3]))).toThrow("max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
    expect(() => c.argmin(c.zeros([0]))).toThrow('argmin(): Expected reduction dim to be specified for input.numel() == 0.');
  });
  it('max over a non-reduced empty axis is an empty result, not an error', () => {
    expect(c.max(c.zeros([0, 3]), 1).shape).toEqual([0]);
  });
  it('an out-of-range axis names the op and the valid range', () => {
    expect(() => c.prod(c.zeros([2, 3]), 2)).toThrow('prod: axis 2 is out of range for a tensor of rank 2 (expected to be in range of [-2, 1])');
    expect(() => c.argmax(c.zeros([2, 3]), -3)).toThrow('argmax: axis -3 is out of range');
    expect(() => c.norm(c.zeros([2]), 2, 1)).toThrow('norm: axis 1 is out of range');
  });
  it('a duplicated axis names the op and the axis', () => {
    expect(() => c.logsumexp(c.zeros([2, 3]), [1, -1])).toThrow('logsumexp: axis 1 appears more than once');
    expect(() => c.variance(c.zeros([2, 3]), [0, 0])).toThrow('variance: axis 0 appears more than once');
  });
  it('norm rejects a NaN ord, naming what it expected (negative ord is PyTorch\'s: review-fuzz-torch-2.test.ts)', () => {
    expect(() => c.norm(c.zeros([2]), NaN)).toThrow("norm: ord must be a number, ±Infinity or 'fro', got NaN");
    expect(() => c.norm(c.zeros([2]), NaN)).toThrow('got NaN');
  });
});

describe('the registered check cases of the reductions', () => {
  const names = ['prod', 'max', 'min', 'logsumexp', 'variance', 'std', 'norm'];
  it('every registered case has a gradient matching central differences, on values drawn from its domain', () => {
    for (const name of names) {
      const info = c.registry.get(name)!;
      expect(info.differentiable).toBe(true);
      const [lo, hi] = info.check?.domain ?? [-2, 2];
      for (const k of info.check!.cases!) {
        const x = leaf(distinct(k.shapes[0]!, 3, Math.max(lo, 0.3), hi, lo < 0));
        gradcheck((t) => k.call(t), x);
      }
    }
  });
  it('argmax and argmin are registered as not differentiable', () => {
    expect(c.registry.get('argmax')!.differentiable).toBe(false);
    expect(c.registry.get('argmin')!.differentiable).toBe(false);
  });
});

describe('reductions on a TensorFlow-style tape', () => {
  it("max with the 'tf' convention is recorded by a watching tape and splits ties evenly", () => {
    const x = f64([[4, 1, 4]]);
    const tape = new c.Tape();
    const y = tape.run(() => { tape.watch(x); return c.max(x, 1, false, 'tf'); });
    const g = c.backward([y], [f64([3])], { tape, sources: [x], accumulate: null, retainGraph: true, createGraph: true })[0]!;
    expect(vals(g)).toEqual([1.5, 0, 1.5]);
  });
});
