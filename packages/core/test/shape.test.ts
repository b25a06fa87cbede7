import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';
import { nested } from './util/nested.js';

type Fn = (...xs: c.Tensor[]) => c.Tensor;

const t = (v: c.NestedArray) => c.fromArray(v, 'float64');
const idx = (v: c.NestedArray) => c.fromArray(v, 'int32');


/** 0, 1, 2, ... in float64 with the given shape: every entry tells where it came from. */
const iota = (shape: number[]) => c.reshape(c.arange(0, c.sizeOf(shape), 1, 'float64'), shape);

function fresh(x: c.Tensor): c.Tensor {
  const y = new c.Tensor([...x.shape], 'float64', Float64Array.from(x.data));
  y.requiresGrad = true;
  return y;
}

const opts = (sources: c.Tensor[], createGraph: boolean): c.BackwardOptions =>
  ({ tape: null, sources, accumulate: null, retainGraph: true, createGraph });

function dot(a: c.Tensor, b: c.Tensor): number {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i]! * b.data[i]!;
  return s;
}

/**
 * Checks the gradient of sum(fn(xs) * w), for a fixed random w, against central differences (h = 1e-6) in
 * float64. `createGraph` records the backward pass, as a second-order check needs inside fn.
 */
function gradcheck(fn: Fn, inputs: c.Tensor[], createGraph = false): void {
  const xs = inputs.map(fresh);
  const y = fn(...xs);
  const w = c.randomUniform(y.shape, -1, 1, 'float64');
  const grads = c.backward([c.sum(c.mul(y, w))], [c.scalar(1, 'float64')], opts(xs, createGraph));
  const h = 1e-6;
  xs.forEach((x, k) => {
    const at = (i: number, delta: number): number => {
      const ps = xs.map(fresh);
      ps[k]!.data[i] = ps[k]!.data[i]! + delta;
      return dot(fn(...ps), w);
    };
    const g = grads[k] ?? c.zeros(x.shape, 'float64');
    expect(g.shape).toEqual(x.shape);
    for (let i = 0; i < x.size; i++) {
      const numeric = (at(i, h) - at(i, -h)) / (2 * h);
      expect(Math.abs(g.data[i]! - numeric)).toBeLessThan(1e-6 * (1 + Math.abs(numeric)));
    }
  });
}

/** The second-order check: the gradient of f's gradient, as a function of both x and the output cotangent w. */
function gradgradcheck(f: Fn, x: c.Tensor): void {
  const y = f(fresh(x));
  const w0 = c.randomUniform(y.shape, -1, 1, 'float64');
  const first: Fn = (xx, w) => {
    const g = c.backward([c.sum(c.mul(f(xx!), w!))], [c.scalar(1, 'float64')], opts([xx!], true))[0];
    return g ?? c.zeros(xx!.shape, 'float64');
  };
  gradcheck(first, [x, w0], true);
}

const sq = (op: Fn): Fn => (x) => op(c.mul(x!, x!));

describe('transpose and swapaxes', () => {
  it('transpose: reverses the axes by default and follows a permutation otherwise', () => {
    expect(nested(c.transpose(t([[1, 2, 3], [4, 5, 6]])))).toEqual([[1, 4], [2, 5], [3, 6]]);
    const y = c.transpose(iota([2, 3, 2]), [2, 0, -2]);
    expect(y.shape).toEqual([2, 2, 3]);
    // y[i, j, k] = x[j, k, i] = 6j + 2k + i
    expect(nested(y)).toEqual([[[0, 2, 4], [6, 8, 10]], [[1, 3, 5], [7, 9, 11]]]);
  });
  it('transpose: the blocked 2-d path matches the definition on a matrix larger than one tile', () => {
    const x = iota([37, 70]);
    const y = c.transpose(x);
    let ok = true;
    for (let i = 0; i < 37; i++) for (let j = 0; j < 70; j++) ok &&= y.data[j * 37 + i] === i * 70 + j;
    expect(ok).toBe(true);
  });
  it('swapaxes: swaps two axes, negative ones counted from the end', () => {
    expect(nested(c.swapaxes(iota([2, 1, 3]), 0, -1))).toEqual([[[0, 3]], [[1, 4]], [[2, 5]]]);
  });
  it('transpose and swapaxes: gradients match central differences', () => {
    gradcheck((x) => c.transpose(x!, [1, 2, 0]), [c.randomNormal([2, 3, 2], 0, 1, 'float64')]);
    gradcheck((x) => c.swapaxes(x!, 0, 2), [c.randomNormal([3, 1, 2], 0, 1, 'float64')]);
  });
  it('transpose and swapaxes: second-order gradients match central differences', () => {
    gradgradcheck(sq((x) => c.transpose(x!, [1, 0, 2])), c.randomNormal([2, 3, 2], 0, 1, 'float64'));
    gradgradcheck(sq((x) => c.swapaxes(x!, 1, 0)), c.randomNormal([2, 3], 0, 1, 'float64'));
  });
});

describe('expandDims and squeeze', () => {
  it('expandDims: inserts a size-1 axis anywhere in [-rank-1, rank] as a view', () => {
    const x = iota([2, 3]);
    expect(c.expandDims(x, 0).shape).toEqual([1, 2, 3]);
    expect(c.expandDims(x, 2).shape).toEqual([2, 3, 1]);
    expect(c.expandDims(x, -1).shape).toEqual([2, 3, 1]);
    expect(c.expandDims(x, -3).shape).toEqual([1, 2, 3]);
    expect(c.expandDims(c.scalar(1), 0).shape).toEqual([1]);
    expect(c.expandDims(x, 1).data).toBe(x.data);
  });
  it('squeeze: drops every size-1 axis, or the listed ones, as a view', () => {
    const x = iota([1, 3, 1, 2]);
    expect(c.squeeze(x).shape).toEqual([3, 2]);
    expect(c.squeeze(x, 2).shape).toEqual([1, 3, 2]);
    expect(c.squeeze(x, [0, -2]).shape).toEqual([3, 2]);
    expect(c.squeeze(x).data).toBe(x.data);
    expect(c.squeeze(c.scalar(3)).shape).toEqual([]);
  });
  it('squeeze: a listed axis whose size is not 1 is left alone unless strict', () => {
    expect(c.squeeze(iota([1, 3]), 1).shape).toEqual([1, 3]);
    expect(() => c.squeeze(iota([1, 3]), 1, true)).toThrow('squeeze: cannot squeeze axis 1: expected a dimension of size 1, got 3');
  });
  it('expandDims and squeeze: gradients match central differences', () => {
    gradcheck((x) => c.expandDims(x!, 1), [c.randomNormal([2, 3], 0, 1, 'float64')]);
    gradcheck((x) => c.squeeze(x!), [c.randomNormal([2, 1, 3], 0, 1, 'float64')]);
  });
});

describe('concat and stack', () => {
  it('concat: joins along an existing axis', () => {
    expect(nested(c.concat([t([[1, 2], [3, 4]]), t([[5, 6]])]))).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(nested(c.concat([t([[1], [2]]), t([[3, 4], [5, 6]]), c.zeros([2, 0], 'float64')], -1))).toEqual([[1, 3, 4], [2, 5, 6]]);
  });
  it('concat: promotes dtypes as torch.cat does, and the gradient reaches each input in its own dtype', () => {
    const a = c.ones([2], 'float32'), b = c.ones([1], 'float64');
    a.requiresGrad = true; b.requiresGrad = true;
    const y = c.concat([a, b]);
    expect(y.dtype).toBe('float64');
    const [ga, gb] = c.backward([c.sum(c.mul(y, t([1, 2, 3])))], [c.scalar(1, 'float64')], opts([a, b], false));
    expect([ga!.dtype, ...ga!.data]).toEqual(['float32', 1, 2]);
    expect([gb!.dtype, ...gb!.data]).toEqual(['float64', 3]);
  });
  it('stack: joins along a new axis, including 0-d tensors', () => {
    expect(nested(c.stack([t([1, 2]), t([3, 4]), t([5, 6])], 1))).toEqual([[1, 3, 5], [2, 4, 6]]);
    expect(nested(c.stack([t([1, 2]), t([3, 4])], -1))).toEqual([[1, 3], [2, 4]]);
    expect(nested(c.stack([c.scalar(7, 'float64'), c.scalar(8, 'float64')]))).toEqual([7, 8]);
  });
  it('concat and stack: gradients match central differences', () => {
    const r = (s: number[]) => c.randomNormal(s, 0, 1, 'float64');
    gradcheck((x, y, z) => c.concat([x!, y!, z!], 1), [r([2, 1]), r([2, 3]), r([2, 0])]);
    gradcheck((x, y) => c.stack([x!, y!], 1), [r([2, 3]), r([2, 3])]);
  });
  it('concat and stack: second-order gradients match central differences', () => {
    const y = c.randomNormal([2, 2], 0, 1, 'float64');
    gradgradcheck(sq((x) => c.concat([x!, y], 0)), c.randomNormal([1, 2], 0, 1, 'float64'));
    gradgradcheck(sq((x) => c.stack([y, x!], 2)), c.randomNormal([2, 2], 0, 1, 'float64'));
  });
});

describe('split', () => {
  it('split: cuts into equal sections or listed sizes, one of which may be inferred', () => {
    expect(c.split(iota([4, 2]), 2).map(nested)).toEqual([[[0, 1], [2, 3]], [[4, 5], [6, 7]]]);
    expect(c.split(iota([2, 3]), [1, -1], 1).map(nested)).toEqual([[[0], [3]], [[1, 2], [4, 5]]]);
    expect(c.split(iota([3]), [0, 3]).map((p) => p.shape)).toEqual([[0], [3]]);
  });
  it('split: each piece differentiates back into its place in the input', () => {
    gradcheck((x) => c.split(x!, [1, 2], 1)[1]!, [c.randomNormal([2, 3], 0, 1, 'float64')]);
    gradcheck((x) => { const [a, b] = c.split(x!, 2); return c.mul(a!, b!); }, [c.randomNormal([4, 2], 0, 1, 'float64')]);
  });
});

describe('slice', () => {
  const x = iota([4, 5]);
  it('slice: takes start:stop:step per axis, clamped as Python does', () => {
    expect(nested(c.slice(x, [{ start: 1, stop: 3 }, { step: 2 }]))).toEqual([[5, 7, 9], [10, 12, 14]]);
    expect(nested(c.slice(x, [{ start: -2 }, { start: -4, stop: -1, step: 2 }]))).toEqual([[11, 13], [16, 18]]);
    expect(nested(c.slice(x, [{ start: 1, step: 2 }, { start: 4, stop: 100 }]))).toEqual([[9], [19]]);
    expect(c.slice(x, [{ start: 3, stop: 1 }]).shape).toEqual([0, 5]);
    expect(c.slice(x, [{ start: 9 }]).shape).toEqual([0, 5]);
  });
  it('slice: an integer selects one entry and drops its axis; null keeps the whole axis', () => {
    expect(nested(c.slice(x, [null, -1]))).toEqual([4, 9, 14, 19]);
    expect(nested(c.slice(x, [2]))).toEqual([10, 11, 12, 13, 14]);
    expect(nested(c.slice(x, [2, 3]))).toEqual(13);
  });
  it('slice: the gradient matches central differences', () => {
    gradcheck((y) => c.slice(y!, [{ start: 1, step: 2 }, -1, { stop: -1 }]), [c.randomNormal([5, 2, 3], 0, 1, 'float64')]);
  });
  it('slice: second-order gradients match central differences (its adjoint is differentiable)', () => {
    gradgradcheck(sq((y) => c.slice(y!, [{ start: 1, step: 2 }, 0])), c.randomNormal([4, 3], 0, 1, 'float64'));
  });
});

describe('gather', () => {
  it('gather: takes entries along an axis, the index shape replacing that axis', () => {
    const x = t([[1, 2, 3], [4, 5, 6]]);
    expect(nested(c.gather(x, idx([1, 1, 0])))).toEqual([[4, 5, 6], [4, 5, 6], [1, 2, 3]]);
    expect(nested(c.gather(x, idx([[2, 0], [1, 1]]), 1))).toEqual([[[3, 1], [2, 2]], [[6, 4], [5, 5]]]);
    expect(nested(c.gather(x, idx(2), -1))).toEqual([3, 6]);
    expect(c.gather(x, c.zeros([0], 'int32'), 1).shape).toEqual([2, 0]);
  });
  it('gather: repeated indices add up in the gradient (hand derivation)', () => {
    const x = fresh(t([10, 20, 30]));
    const y = c.gather(x, idx([2, 0, 2, 2]));
    const [g] = c.backward([c.sum(c.mul(y, t([1, 2, 3, 4])))], [c.scalar(1, 'float64')], opts([x], false));
    expect(nested(g!)).toEqual([2, 0, 1 + 3 + 4]);
  });
  it('gather: the gradient matches central differences', () => {
    gradcheck((y) => c.gather(y!, idx([[2, 0], [2, 2]]), 1), [c.randomNormal([2, 3, 2], 0, 1, 'float64')]);
  });
  it('gather: second-order gradients match central differences (its scatter-add adjoint is differentiable)', () => {
    gradgradcheck(sq((y) => c.gather(y!, idx([1, 0, 1]), 1)), c.randomNormal([2, 2, 2], 0, 1, 'float64'));
  });
  it('gather: an int32 or bool input gathers without recording', () => {
    const y = c.gather(c.fromArray([5, 6, 7], 'int32'), idx([2, 0]));
    expect([y.dtype, ...y.data]).toEqual(['int32', 7, 5]);
  });
});

describe('pad', () => {
  it('pad: surrounds the input with a constant', () => {
    expect(nested(c.pad(t([[1, 2]]), [[1, 0], [0, 2]]))).toEqual([[0, 0, 0, 0], [1, 2, 0, 0]]);
    expect(nested(c.pad(c.zeros([0], 'float64'), [[1, 1]], 5))).toEqual([5, 5]);
  });
  it('pad: the gradient matches central differences, and so does the second order', () => {
    gradcheck((y) => c.pad(y!, [[1, 2], [0, 1]], 3), [c.randomNormal([2, 2], 0, 1, 'float64')]);
    gradgradcheck(sq((y) => c.pad(y!, [[2, 1]])), c.randomNormal([3], 0, 1, 'float64'));
  });
});

describe('cast', () => {
  it('cast: truncates toward zero to int32 and maps nonzero (NaN included) to true', () => {
    expect([...c.cast(t([-1.7, 1.7, 2.5, -0.2]), 'int32').data]).toEqual([-1, 1, 2, 0]);
    expect([...c.cast(t([0, -0, 0.1, NaN]), 'bool').data]).toEqual([0, 0, 1, 1]);
    expect([...c.cast(c.fromArray([true, false]), 'float32').data]).toEqual([1, 0]);
  });
  it('cast: the same dtype returns the tensor itself', () => {
    const x = t([1]);
    expect(c.cast(x, 'float64')).toBe(x);
  });
  it('cast: between float dtypes the gradient flows back in the input dtype; to int it is not recorded', () => {
    const x = c.fromArray([0.5, 1.5], 'float32');
    x.requiresGrad = true;
    const y = c.cast(x, 'float64');
    expect(y.node!.name).toBe('ToCopyBackward0');
    const [g] = c.backward([c.sum(c.mul(y, t([0.25, -3])))], [c.scalar(1, 'float64')], opts([x], false));
    expect([g!.dtype, ...g!.data]).toEqual(['float32', 0.25, -3]);
    const i = c.cast(x, 'int32');
    expect([i.node, i.requiresGrad]).toEqual([null, false]);
  });
});

describe('long contiguous rows (copied with subarray/set rather than by hand)', () => {
  // Every entry of iota is its own flat index, so each expectation is index arithmetic.
  it('slice, concat, gather and transpose place rows of 20 entries where the index arithmetic says', () => {
    const s = c.slice(iota([3, 4, 20]), [{ start: 1 }, { step: 2 }]);
    expect(s.shape).toEqual([2, 2, 20]);
    expect([...s.data]).toEqual(Array.from({ length: 80 }, (_, f) => (1 + Math.floor(f / 40)) * 80 + 2 * (Math.floor(f / 20) % 2) * 20 + (f % 20)));
    const j = c.concat([iota([2, 20]), c.add(iota([2, 20]), 100)], 1);
    expect([...j.data]).toEqual(Array.from({ length: 80 }, (_, f) => { const r = Math.floor(f / 40), k = f % 40; return k < 20 ? r * 20 + k : 100 + r * 20 + k - 20; }));
    const g = c.gather(iota([3, 20]), idx([2, 0]));
    expect([...g.data]).toEqual([...Array.from({ length: 20 }, (_, k) => 40 + k), ...Array.from({ length: 20 }, (_, k) => k)]);
    const p = c.transpose(iota([2, 3, 20]), [1, 0, 2]);
    expect([...p.data]).toEqual(Array.from({ length: 120 }, (_, f) => { const a = Math.floor(f / 40), b = Math.floor(f / 20) % 2; return b * 60 + a * 20 + (f % 20); }));
  });
  it('the gradient of a slice with long rows is written back into place', () => {
    const x = fresh(iota([2, 40]));
    const w = c.add(iota([2, 20]), 1);
    const [gx] = c.backward([c.sum(c.mul(c.slice(x, [null, { start: 20 }]), w))], [c.scalar(1, 'float64')], opts([x], false));
    expect([...gx!.data]).toEqual(Array.from({ length: 80 }, (_, f) => (f % 40 < 20 ? 0 : Math.floor(f / 40) * 20 + (f % 40) - 20 + 1)));
  });
});

describe('grad_fn names follow PyTorch 1.13', () => {
  it('each shape op records the node PyTorch prints', () => {
    const x = fresh(iota([2, 3]));
    const name = (y: c.Tensor) => y.node!.name;
    expect(name(c.transpose(x))).toBe('PermuteBackward0');
    expect(name(c.swapaxes(x, 0, 1))).toBe('TransposeBackward0');
    expect(name(c.expandDims(x, 0))).toBe('UnsqueezeBackward0');
    expect(name(c.squeeze(x))).toBe('SqueezeBackward0');
    expect(name(c.squeeze(x, 0))).toBe('SqueezeBackward1');
    expect(name(c.concat([x, x]))).toBe('CatBackward0');
    expect(name(c.stack([x, x]))).toBe('StackBackward0');
    expect(name(c.split(x, 2)[0]!)).toBe('SplitBackward0');
    expect(name(c.split(x, [1, 1])[1]!)).toBe('SplitWithSizesBackward0');
    expect(name(c.slice(x, [{ start: 1 }]))).toBe('SliceBackward0');
    expect(name(c.slice(x, [1, null]))).toBe('SelectBackward0');
    expect(name(c.slice(x, [null, 1]))).toBe('SelectBackward0');
    expect(name(c.slice(x, [1, { stop: 2 }]))).toBe('SliceBackward0');
    expect(name(c.gather(x, idx([0]), 1))).toBe('IndexSelectBackward0');
    expect(name(c.pad(x, [[0, 0], [1, 1]]))).toBe('ConstantPadNdBackward0');
  });
  it("slice's and gather's gradients are recorded as their own differentiable adjoint ops under createGraph", () => {
    const x = fresh(iota([3]));
    const w = fresh(t([1, 2]));
    const [gs] = c.backward([c.sum(c.mul(c.slice(x, [{ start: 1 }]), w))], [c.scalar(1, 'float64')], opts([x], true));
    const [gg] = c.backward([c.sum(c.mul(c.gather(x, idx([0, 0])), w))], [c.scalar(1, 'float64')], opts([x], true));
    expect([nested(gs!), nested(gg!)]).toEqual([[0, 1, 2], [3, 0, 0]]);
    expect([gs!.node!.name, gg!.node!.name]).toEqual(['SliceBackwardBackward0', 'IndexAddBackward0']);
  });
});

describe('errors name the op, the argument, what was received and what was expected', () => {
  const x = iota([2, 3]);
  it('axes out of range', () => {
    expect(() => c.swapaxes(x, 0, 2)).toThrow('swapaxes: axis 2 is out of range for a tensor of rank 2 (expected to be in range of [-2, 1])');
    expect(() => c.expandDims(x, 3)).toThrow('expand_dims: axis 3 is out of range for a tensor of rank 3 (expected to be in range of [-3, 2])');
    expect(() => c.squeeze(x, -3)).toThrow('squeeze: axis -3 is out of range');
    expect(() => c.concat([x, x], 2)).toThrow('concat: axis 2 is out of range');
    expect(() => c.stack([x, x], -4)).toThrow('stack: axis -4 is out of range');
    expect(() => c.split(x, 1, 5)).toThrow('split: axis 5 is out of range');
    expect(() => c.gather(x, idx([0]), 2)).toThrow('gather: axis 2 is out of range');
  });
  it('transpose: a non-permutation', () => {
    expect(() => c.transpose(x, [0, 0])).toThrow('transpose: perm [0,0] is not a permutation of the 2 axes of a tensor of shape [2,3]');
    expect(() => c.transpose(x, [1])).toThrow('transpose: perm [1] is not a permutation');
    expect(() => c.transpose(x, [0, 2])).toThrow('transpose: axis 2 is out of range');
  });
  it('concat and stack: empty lists, shape mismatches and 0-d inputs', () => {
    expect(() => c.concat([])).toThrow('concat: expected a non-empty list of tensors, got an empty list');
    expect(() => c.stack([])).toThrow('stack: expected a non-empty list of tensors');
    expect(() => c.concat([x, iota([2, 4])])).toThrow('concat: shapes [2,3] and [2,4] differ in dimension 1 (entries 0 and 1)');
    expect(() => c.concat([x, iota([3])])).toThrow('concat: tensors must have the same rank, got [2,3] at entry 0 and [3] at entry 1');
    expect(() => c.concat([c.scalar(1), c.scalar(2)])).toThrow('concat: zero-dimensional tensor (at entry 0) cannot be concatenated');
    expect(() => c.stack([x, x, iota([2, 4])])).toThrow('stack expects each tensor to be equal size, but got [2,3] at entry 0 and [2,4] at entry 2');
    expect(() => c.concat([x, 3 as unknown as c.Tensor])).toThrow('concat: expected a tensor at entry 1, got number');
  });
  it('split: sizes that do not fit the axis', () => {
    expect(() => c.split(x, [1, 1], 1)).toThrow('split: sizes [1,1] sum to 2, but axis 1 has size 3');
    expect(() => c.split(x, [2, 2, -1], 1)).toThrow('split: sizes [2,2,-1] sum to 4, but axis 1 has size 3');
    expect(() => c.split(x, [-1, -1], 1)).toThrow('split: only one size can be inferred (-1), got [-1,-1]');
    expect(() => c.split(x, [4, -2], 1)).toThrow('split: sizes must be non-negative integers (or one -1), got [4,-2]');
    expect(() => c.split(x, 2, 1)).toThrow('split: axis 1 of size 3 cannot be split into 2 equal sections');
    expect(() => c.split(x, 0)).toThrow('split: the number of sections must be a positive integer, got 0');
    expect(() => c.split(c.scalar(1), 1)).toThrow('split: cannot split a zero-dimensional tensor');
  });
  it('slice: too many indices, an index out of bounds, a non-positive step', () => {
    expect(() => c.slice(x, [0, 0, 0])).toThrow('slice: too many indices for tensor of dimension 2 (got 3)');
    expect(() => c.slice(x, [null, 3])).toThrow('slice: index 3 is out of bounds for dimension 1 with size 3');
    expect(() => c.slice(x, [-3])).toThrow('slice: index -3 is out of bounds for dimension 0 with size 2');
    expect(() => c.slice(x, [{ step: -1 }])).toThrow('slice: step must be greater than zero, got -1 for axis 0');
    expect(() => c.slice(x, [{ step: 0 }])).toThrow('slice: step must be greater than zero, got 0 for axis 0');
    expect(() => c.slice(x, [{ start: 0.5 }])).toThrow('slice: start for axis 0 must be an integer, got 0.5');
  });
  it('gather: indices out of range, negative, or not int32', () => {
    expect(() => c.gather(x, idx([0, 3]), 1)).toThrow('gather: index 3 is out of range for axis 1 of size 3');
    expect(() => c.gather(x, idx([-1]))).toThrow('gather: index -1 is out of range for axis 0 of size 2');
    expect(() => c.gather(x, c.fromArray([0]))).toThrow('gather: indices must be an int32 tensor, got float32');
    // (a 0-d source is no error: torch.index_select takes it as one entry, see shape-review.test.ts)
    expect(() => c.gather(c.scalar(1), idx([1]))).toThrow('gather: index 1 is out of range for axis 0 of size 1');
  });
  it('pad: the wrong number of pairs or a negative width', () => {
    expect(() => c.pad(x, [[1, 1]])).toThrow('pad: expected 2 [before, after] pairs (one per axis of [2,3]), got 1');
    expect(() => c.pad(x, [[0, 0], [-1, 0]])).toThrow('pad: the padding of axis 1 must be [before, after] with non-negative integers, got [-1,0]');
  });
  it('cast: an unknown dtype', () => {
    expect(() => c.cast(x, 'int64' as c.DType)).toThrow('cast: unknown dtype int64, expected one of float32, float64, int32, bool');
  });
});

// ---- Properties over random shapes, size-1 and size-0 dims included. ----

/**
 * Ranks up to 4, extents up to 3. Size-0 and size-1 dims and rank 0 are kept but drawn rarely (a uniform 0..3 per dim
 * and fc.array's bias to short arrays made 40% of the tensors empty and 27% single-element). Sampled over 60-run
 * sequences: about 7% empty, 13% one element, 80% two or more (shapeArb(1): 7%, 4%, 89%).
 */
const extent = fc.oneof(
  { arbitrary: fc.integer({ min: 2, max: 3 }), weight: 26 }, { arbitrary: fc.constant(1), weight: 3 }, { arbitrary: fc.constant(0), weight: 1 },
);
const shapeArb = (minRank = 0) => fc.oneof(
  { arbitrary: fc.array(extent, { minLength: Math.max(minRank, 1), maxLength: 4 }), weight: 9 },
  { arbitrary: fc.array(extent, { minLength: minRank, maxLength: minRank }), weight: 1 },
);
const values = (shape: number[]) => c.randomNormal(shape, 0, 1, 'float64');
const same = (a: c.Tensor, b: c.Tensor) => { expect(b.shape).toEqual(a.shape); expect([...b.data]).toEqual([...a.data]); };

/** <op(x), w> = <x, grad>: the gradient is the op's adjoint, independently of how either is computed. */
function adjoint(op: (x: c.Tensor) => c.Tensor, x0: c.Tensor): void {
  const x = fresh(x0);
  const y = op(x);
  const w = values([...y.shape]);
  const [g] = c.backward([c.sum(c.mul(y, w))], [c.scalar(1, 'float64')], opts([x], false));
  const lhs = dot(y, w), rhs = dot(x, g ?? c.zeros(x.shape, 'float64'));
  expect(Math.abs(lhs - rhs)).toBeLessThan(1e-9 * (1 + Math.abs(lhs)));
}

const permArb = shapeArb().chain((shape) => fc.tuple(fc.constant(shape), fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length })));

describe('properties', () => {
  it('transpose: a permutation followed by its inverse is the identity, and the gradient is the adjoint', () => {
    fc.assert(fc.property(permArb, ([shape, perm]) => {
      const x = values(shape);
      const inv = new Array<number>(perm.length);
      perm.forEach((p, d) => { inv[p] = d; });
      const y = c.transpose(x, perm);
      expect(y.shape).toEqual(perm.map((p) => shape[p]));
      same(x, c.transpose(y, inv));
      adjoint((z) => c.transpose(z, perm), x);
    }), { numRuns: 60 });
  });

  const cutArb = shapeArb(1).chain((shape) => fc.tuple(
    fc.constant(shape), fc.integer({ min: 0, max: shape.length - 1 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
  ));
  it('concat of a split is the input, and each piece differentiates as the adjoint of its slice', () => {
    fc.assert(fc.property(cutArb, ([shape, axis, raw]) => {
      // Cut the axis at sorted points drawn from `raw` (empty pieces allowed).
      const n = shape[axis]!;
      const cuts = raw.map((r) => r % (n + 1)).sort((a, b) => a - b);
      const sizes = [...cuts, n].map((e, i) => e - (i === 0 ? 0 : cuts[i - 1]!));
      const x = values(shape);
      const parts = c.split(x, sizes, axis);
      expect(parts.map((p) => p.shape[axis])).toEqual(sizes);
      same(x, c.concat(parts, axis));
      adjoint((z) => c.split(z, sizes, axis)[sizes.length - 1]!, x);
    }), { numRuns: 60 });
  });

  it('stack then selecting each entry gives the inputs back', () => {
    fc.assert(fc.property(shapeArb(), fc.integer({ min: 1, max: 3 }), fc.nat(), (shape, k, r) => {
      const xs = Array.from({ length: k }, () => values(shape));
      const axis = r % (shape.length + 1);
      const y = c.stack(xs, axis);
      xs.forEach((x, i) => same(x, c.slice(y, [...new Array<null>(axis).fill(null), i])));
      adjoint((z) => c.stack([c.zeros(shape, 'float64'), z], axis), xs[0]!);
    }), { numRuns: 60 });
  });

  const sliceArb = shapeArb().chain((shape) => fc.tuple(fc.constant(shape), fc.tuple(...shape.map((n) => fc.oneof(
    fc.record({ start: fc.integer({ min: -n - 1, max: n + 1 }), stop: fc.integer({ min: -n - 1, max: n + 1 }), step: fc.integer({ min: 1, max: 3 }) }),
    n > 0 ? fc.integer({ min: -n, max: n - 1 }) : fc.constant(null),
  )))));
  it('slice: each entry equals the input at the Python-style index, and the gradient is the adjoint', () => {
    fc.assert(fc.property(sliceArb, ([shape, specs]) => {
      const x = iota(shape);
      const y = c.slice(x, specs);
      // Python's range(n)[start:stop:step] per axis, independently of the op's own clamping.
      const picks = shape.map((n, d) => {
        const s = specs[d];
        const all = Array.from({ length: n }, (_, i) => i);
        if (typeof s === 'number') return [s < 0 ? s + n : s];
        if (s === null || s === undefined) return all;
        const norm = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
        return all.filter((i) => i >= norm(s.start) && i < norm(s.stop) && (i - norm(s.start)) % s.step === 0);
      });
      expect(y.shape).toEqual(picks.filter((_, d) => typeof specs[d] !== 'number').map((p) => p.length));
      const strides = c.stridesOf(shape);
      let expected: number[] = [0];
      picks.forEach((p, d) => { expected = expected.flatMap((o) => p.map((i) => o + i * strides[d]!)); });
      expect([...y.data]).toEqual(expected);
      adjoint((z) => c.slice(z, specs), values(shape));
    }), { numRuns: 80 });
  });

  it('pad then slicing the padding off is the identity, and the gradient is the adjoint', () => {
    const padArb = shapeArb().chain((shape) => fc.tuple(fc.constant(shape), fc.tuple(...shape.map(() => fc.tuple(fc.nat(2), fc.nat(2))))));
    fc.assert(fc.property(padArb, ([shape, pads]) => {
      const x = values(shape);
      const y = c.pad(x, pads, 7);
      same(x, c.slice(y, pads.map(([b], d) => ({ start: b, stop: b + shape[d]! }))));
      expect(c.sum(y).data[0]).toBeCloseTo(c.sum(x).data[0]! + 7 * (y.size - x.size), 9);
      adjoint((z) => c.pad(z, pads), x);
    }), { numRuns: 60 });
  });

  it('gather: each entry is the input at the indexed position, and the gradient is the adjoint', () => {
    const gatherArb = shapeArb(1).chain((shape) => fc.tuple(
      fc.constant(shape), fc.integer({ min: 0, max: shape.length - 1 }), fc.array(fc.nat(), { maxLength: 4 }),
    )).filter(([shape, axis, raw]) => shape[axis]! > 0 || raw.length === 0);
    fc.assert(fc.property(gatherArb, ([shape, axis, raw]) => {
      const n = shape[axis]!;
      const ix = raw.map((r) => r % n);
      const x = iota(shape);
      const y = c.gather(x, idx(ix), axis);
      const pieces = ix.map((i) => c.slice(x, [...new Array<null>(axis).fill(null), { start: i, stop: i + 1 }]));
      const want = pieces.length > 0 ? c.concat(pieces, axis) : c.slice(x, [...new Array<null>(axis).fill(null), { stop: 0 }]);
      same(want, y);
      adjoint((z) => c.gather(z, idx(ix), axis), values(shape));
    }), { numRuns: 60 });
  });
});
