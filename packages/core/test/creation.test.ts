/**
 * Creation: fromArray, zeros/ones/full, arange, linspace, eye, and the seeded PRNG. Expected lengths and
 * values are recorded from NumPy 1.x / PyTorch 1.13; statistical bounds are 6 sigma (they do not flake).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';
import { expectClose } from './util/gradcheck.js';
import { RUNS } from './util/arbitraries.js';

const values = (t: c.Tensor) => Array.from(t.data);

function thrown(f: () => unknown): c.TwingradError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(c.TwingradError);
    return e as c.TwingradError;
  }
  throw new Error('expected a TwingradError, nothing was thrown');
}

describe('fromArray', () => {
  it('infers shapes from nested arrays, including 0-d and size-0', () => {
    expect(c.fromArray([[1, 2, 3], [4, 5, 6]]).shape).toEqual([2, 3]);
    expect(c.fromArray([[[1], [2]]]).shape).toEqual([1, 2, 1]);
    expect(c.fromArray(5).shape).toEqual([]);
    expect(values(c.fromArray(5))).toEqual([5]);
    expect(c.fromArray([]).shape).toEqual([0]);
    expect(c.fromArray([[], []]).shape).toEqual([2, 0]);
  });

  it('lays out elements row-major', () => {
    expect(values(c.fromArray([[1, 2], [3, 4], [5, 6]]))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives float32 for numbers, bool for booleans, and the dtype asked for', () => {
    const f = c.fromArray([0.1, 2]);
    expect(f.dtype).toBe('float32');
    expect(f.data[0]).toBe(Math.fround(0.1)); // torch.tensor([0.1]) holds 0x1.99999ap-4
    const b = c.fromArray([true, false]);
    expect(b.dtype).toBe('bool');
    expect(values(b)).toEqual([1, 0]);
    expect(c.fromArray([0.1], 'float64').data[0]).toBe(0.1);
    // torch.tensor([1.7, -1.7, 2.5]).to(torch.int32) -> [1, -1, 2]: truncation toward zero
    expect(values(c.fromArray([1.7, -1.7, 2.5], 'int32'))).toEqual([1, -1, 2]);
  });

  it('takes the dtype of a typed array', () => {
    expect(c.fromArray(new Float64Array([1.5])).dtype).toBe('float64');
    expect(c.fromArray(new Float32Array([1.5])).dtype).toBe('float32');
    expect(c.fromArray(new Int32Array([3])).dtype).toBe('int32');
    expect(c.fromArray(new Uint8Array([1])).dtype).toBe('bool');
    expect(values(c.fromArray(new Float64Array([1.5, -2.5]), 'int32'))).toEqual([1, -2]);
  });

  // NOTE: PyTorch gives int64 [1, 2] for torch.tensor([True, 2]): bool and a Python int. A JS number cannot be told
  // an int, and numbers give float32 everywhere in twingrad (docs/divergences.md), so float32 [1, 2] here.
  it('infers a numeric dtype when booleans and numbers are mixed', () => {
    const t = c.fromArray([true, 2]);
    expect(t.dtype).toBe('float32');
    expect(values(t)).toEqual([1, 2]);
  });

  it('rejects ragged input, naming the offending index', () => {
    expect(thrown(() => c.fromArray([[1, 2], [3]])).message).toBe('tensor: ragged nested sequence at index [1]: expected length 2, got 1');
    expect(thrown(() => c.fromArray([[1, 2], 3])).message).toBe('tensor: ragged nested sequence at index [1]: expected a sequence of length 2, got a scalar');
    expect(thrown(() => c.fromArray([1, [2]])).message).toBe('tensor: ragged nested sequence at index [1]: expected a scalar, got a sequence');
    expect(thrown(() => c.fromArray([[[1, 2], [3, 4]], [[5, 6], [7]]])).message).toContain('at index [1, 1]');
  });

  it('rejects elements that are neither numbers nor booleans, naming the index and the type', () => {
    const e = thrown(() => c.fromArray([[1, 2], [3, 'x']] as unknown as c.NestedArray));
    expect(e.message).toBe('tensor: element at index [1, 1] is string, expected a number or a boolean');
    expect(e.kind).toBe('type');
    expect(thrown(() => c.fromArray([1, null] as unknown as c.NestedArray)).message).toContain('index [1] is null');
    expect(thrown(() => c.fromArray([undefined] as unknown as c.NestedArray)).message).toContain('index [0] is undefined');
  });
});

describe('zeros, ones, full', () => {
  it('fill a new tensor of the given shape and dtype', () => {
    const z = c.zeros([2, 3]);
    expect([z.shape, z.dtype, values(z)]).toEqual([[2, 3], 'float32', [0, 0, 0, 0, 0, 0]]);
    const o = c.ones([2], 'int32');
    expect([o.dtype, values(o)]).toEqual(['int32', [1, 1]]);
    expect(values(c.ones([3], 'bool'))).toEqual([1, 1, 1]);
    const f = c.full([2, 2], -7.5, 'float64');
    expect([f.dtype, values(f)]).toEqual(['float64', [-7.5, -7.5, -7.5, -7.5]]);
    expect(c.full([], 3).shape).toEqual([]);
    expect(c.zeros([0, 4]).size).toBe(0);
    expect(values(c.full([2], 2.5, 'int32'))).toEqual([2, 2]); // torch.full((2,), 2.5, dtype=torch.int32)
  });

  it('give tensors that share no storage', () => {
    const a = c.zeros([2]), b = c.zeros([2]);
    a.data[0] = 1;
    expect(b.data[0]).toBe(0);
  });

  it('reject negative or fractional dimensions, naming the shape', () => {
    expect(thrown(() => c.full([2, -1], 0)).message).toBe('full: invalid shape [2,-1]: dimensions must be non-negative integers');
    expect(thrown(() => c.ones([1.5])).message).toContain('[1.5]');
  });
});

describe('arange', () => {
  // [start, stop, step, len(np.arange(start, stop, step))] recorded from NumPy (torch.arange agrees).
  const lengths: Array<[number, number, number, number]> = [
    [0, 10, 3, 4], [10, 0, -3, 4], [0, 1, 0.1, 10], [0, 0.3, 0.1, 3], [-1, 1, 0.3, 7], [1, 2.5, 0.5, 3],
    [0, 0, 1, 0], [5, 5, -1, 0], [0.5, -1.7, -0.25, 9],
  ];
  for (const [start, stop, step, n] of lengths) {
    it(`arange(${start}, ${stop}, ${step}) has NumPy's length ${n}`, () => {
      expect(c.arange(start, stop, step, 'float64').shape).toEqual([n]);
    });
  }

  it('gives start + i * step, as PyTorch does', () => {
    expect(values(c.arange(0, 10, 3))).toEqual([0, 3, 6, 9]);
    expect(values(c.arange(10, 0, -3))).toEqual([10, 7, 4, 1]);
    // torch.arange(-1, 1, 0.3, dtype=torch.float64).tolist(); PyTorch's vectorised kernel rounds some points
    // differently (fused multiply-add), so agreement is to a few ulp, not bit for bit.
    const torch = [-1, -0.7, -0.4, -0.10000000000000003, 0.19999999999999996, 0.49999999999999994, 0.7999999999999999];
    expectClose(values(c.arange(-1, 1, 0.3, 'float64')), torch, { rtol: 0, atol: 4e-16 * 2 }, 'arange');
    expect(values(c.arange(0.5, -1.7, -0.25, 'float64'))).toEqual([0.5, 0.25, 0, -0.25, -0.5, -0.75, -1, -1.25, -1.5]);
    expect(c.arange(0, 3).dtype).toBe('float32');
  });

  it('rejects a zero step and a step of the wrong sign', () => {
    expect(thrown(() => c.arange(0, 1, 0)).message).toBe('arange: step must be nonzero');
    expect(thrown(() => c.arange(0, 10, -1)).message).toMatch(/^arange: .*inconsistent with step sign/);
  });
});

describe('linspace', () => {
  // NOTE: PyTorch 1.13's vectorised kernel does not always end exactly at stop: a vector past the halfway point is
  // base + k * step from its first point (torch.linspace(830598.648287181, 65746.41148884268, 24,
  // dtype=torch.float64)[-1] is 65746.4114888427). So only the start is exact; stop is within the spacing tolerance.
  it('starts exactly at start, and spaces the points evenly up to stop', () => {
    const arb = fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 2, max: 40 }));
    fc.assert(fc.property(arb, ([start, stop, num]) => {
      const t = c.linspace(start, stop, num, 'float64');
      expect(t.shape).toEqual([num]);
      // `+ 0` folds -0 into 0: the sign of a zero endpoint is not what is checked here.
      expect(t.data[0]! + 0).toBe(start + 0);
      const step = (stop - start) / (num - 1);
      const scale = Math.max(Math.abs(start), Math.abs(stop));
      expectClose(values(t), Array.from({ length: num }, (_, i) => start + i * step), { rtol: 0, atol: 1e-13 * scale + 1e-300 }, 'linspace');
    }), { numRuns: RUNS * 5 });
  });

  it('matches PyTorch on a case whose step is inexact', () => {
    // torch.linspace(-3.3, 7.1, 11, dtype=torch.float64).tolist()
    const want = [-3.3, -2.26, -1.2200000000000002, -0.1800000000000006, 0.8599999999999994, 1.8999999999999992, 2.939999999999999, 3.9799999999999986, 5.02, 6.06, 7.1];
    expectClose(values(c.linspace(-3.3, 7.1, 11, 'float64')), want, { rtol: 0, atol: 4e-15 }, 'linspace');
  });

  // NOTE: with one point, a loop that counts the second half back from stop would start at i = 0 and give [stop];
  // np.linspace(2, 5, 1) and torch.linspace(2, 5, 1) both give [2.].
  it('gives [start] for a single point, as NumPy and PyTorch do', () => {
    expect(values(c.linspace(2, 5, 1))).toEqual([2]);
  });

  it('gives nothing for zero points, and rejects a negative count', () => {
    expect(c.linspace(2, 5, 0).shape).toEqual([0]);
    expect(thrown(() => c.linspace(0, 1, -1)).message).toBe('linspace: number of steps must be non-negative, got -1');
  });
});

describe('eye', () => {
  it('puts ones on the main diagonal of an n x m matrix', () => {
    expect(values(c.eye(3))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const r = c.eye(2, 3, 'float64');
    expect([r.shape, r.dtype, values(r)]).toEqual([[2, 3], 'float64', [1, 0, 0, 0, 1, 0]]);
    expect(values(c.eye(3, 2))).toEqual([1, 0, 0, 1, 0, 0]);
    expect(c.eye(0).shape).toEqual([0, 0]);
  });
});

describe('the seeded PRNG', () => {
  const N = 100_000;
  const stats = (d: ArrayLike<number>) => {
    let s = 0, s2 = 0;
    for (let i = 0; i < d.length; i++) { s += d[i]!; s2 += d[i]! * d[i]!; }
    const mean = s / d.length;
    return { mean, std: Math.sqrt(s2 / d.length - mean * mean) };
  };

  it('gives the same numbers for the same seed, whatever came before', () => {
    c.seed(42);
    const u1 = values(c.randomUniform([5])), n1 = values(c.randomNormal([3], 0, 1, 'float64'));
    c.seed(7);
    c.randomNormal([1]); // leaves a Box-Muller spare behind: seed() must drop it
    c.seed(42);
    expect(values(c.randomUniform([5]))).toEqual(u1);
    expect(values(c.randomNormal([3], 0, 1, 'float64'))).toEqual(n1);
  });

  it('gives different numbers for different seeds', () => {
    c.seed(1);
    const a = values(c.randomUniform([4], 0, 1, 'float64'));
    c.seed(2);
    expect(values(c.randomUniform([4], 0, 1, 'float64'))).not.toEqual(a);
  });

  it('draws uniform values in [lo, hi) with mean and variance within 6 sigma', () => {
    c.seed(123);
    const u = c.randomUniform([N], 0, 1, 'float64');
    expect(u.data.every((v) => v >= 0 && v < 1)).toBe(true);
    const { mean, std } = stats(u.data);
    expect(Math.abs(mean - 0.5)).toBeLessThan(6 * Math.sqrt(1 / 12 / N)); // 5.5e-3
    expect(Math.abs(std * std - 1 / 12)).toBeLessThan(6 * Math.sqrt((1 / 80 - 1 / 144) / N)); // 1.4e-3
    const r = c.randomUniform([10_000], -3, 5, 'float64');
    expect(r.data.every((v) => v >= -3 && v < 5)).toBe(true);
    expect(Math.abs(stats(r.data).mean - 1)).toBeLessThan(6 * 8 * Math.sqrt(1 / 12 / 10_000));
  });

  it('draws normal values with mean ~0, std ~1 and 68.3% within one sigma (6-sigma bounds)', () => {
    c.seed(321);
    const z = c.randomNormal([N], 0, 1, 'float64');
    const { mean, std } = stats(z.data);
    expect(Math.abs(mean)).toBeLessThan(6 / Math.sqrt(N)); // 0.019
    expect(Math.abs(std - 1)).toBeLessThan(6 / Math.sqrt(2 * N)); // 0.013
    const p = 0.6826894921370859; // P(|Z| < 1)
    const inside = z.data.filter((v) => Math.abs(v) < 1).length / N;
    expect(Math.abs(inside - p)).toBeLessThan(6 * Math.sqrt(p * (1 - p) / N));
    const s = stats(c.randomNormal([N], 3, 2, 'float64').data);
    expect(Math.abs(s.mean - 3)).toBeLessThan(6 * 2 / Math.sqrt(N));
    expect(Math.abs(s.std - 2)).toBeLessThan(6 * 2 / Math.sqrt(2 * N));
  });

  it('fills float32 tensors by default', () => {
    expect(c.randomUniform([2]).dtype).toBe('float32');
    expect(c.randomNormal([2]).data).toBeInstanceOf(Float32Array);
  });
});
