// Core flip, tile and unbind against PyTorch 1.13 (/usr/bin/python3; the Python and its output above each case), and
// their kernels against naive index-by-index references over fast-check shapes. The registry's generic checks
// (ops.registry.test.ts) cover their gradients by central differences, to second order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';
import { nested, type Nested } from './util/nested.js';


const iota = (shape: number[], dtype: c.DType = 'float64') => c.reshape(c.arange(0, c.sizeOf(shape), 1, dtype), shape);
const leaf = (v: c.NestedArray) => {
  const x = c.fromArray(v, 'float64');
  x.requiresGrad = true;
  return x;
};
/** d sum(y * w) / dx, through the requires_grad graph. */
function gradOf(y: c.Tensor, w: c.Tensor, x: c.Tensor): Nested {
  const [g] = c.backward([c.sum(c.mul(y, w))], [c.scalar(1, 'float64')], { tape: null, sources: [x], accumulate: null, retainGraph: false, createGraph: false });
  return nested(g!);
}

describe('flip', () => {
  it('reverses the listed axes, negative ones counted from the end', () => {
    // x = torch.arange(24., dtype=torch.float64).reshape(2,3,4); torch.flip(x, [0, -1]).tolist()
    // -> [[[15,14,13,12],[19,18,17,16],[23,22,21,20]],[[3,2,1,0],[7,6,5,4],[11,10,9,8]]]
    const x = iota([2, 3, 4]);
    expect(nested(c.flip(x, [0, -1]))).toEqual([[[15, 14, 13, 12], [19, 18, 17, 16], [23, 22, 21, 20]], [[3, 2, 1, 0], [7, 6, 5, 4], [11, 10, 9, 8]]]);
    // torch.flip(x, [1]).tolist() -> [[[8,9,10,11],[4,5,6,7],[0,1,2,3]],[[20,21,22,23],[16,17,18,19],[12,13,14,15]]]
    expect(nested(c.flip(x, 1))).toEqual([[[8, 9, 10, 11], [4, 5, 6, 7], [0, 1, 2, 3]], [[20, 21, 22, 23], [16, 17, 18, 19], [12, 13, 14, 15]]]);
    // torch.flip(x, [1, 2]).flatten().tolist() -> [11, 10, ..., 0, 23, 22, ..., 12]
    expect(Array.from(c.flip(x, [1, 2]).data)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12]);
  });

  it('keeps int and bool dtypes, copies a 0-d tensor and an empty one', () => {
    // torch.flip(torch.tensor([1, 2, 3], dtype=torch.int32), [0]) -> tensor([3, 2, 1], dtype=torch.int32)
    const i = c.flip(c.fromArray([1, 2, 3], 'int32'), [0]);
    expect([i.dtype, Array.from(i.data)]).toEqual(['int32', [3, 2, 1]]);
    // torch.flip(torch.tensor([True, False, False]), [0]) -> tensor([False, False,  True])
    const b = c.flip(c.fromArray([true, false, false], 'bool'), [0]);
    expect([b.dtype, Array.from(b.data)]).toEqual(['bool', [0, 0, 1]]);
    // torch.flip(torch.tensor(7.), [-1]) -> tensor(7.); torch.flip(torch.zeros(3, 0), [0]).shape -> torch.Size([3, 0])
    const s = c.scalar(7, 'float64');
    const f = c.flip(s, [-1]);
    expect([f.shape, f.data[0], f === s]).toEqual([[], 7, false]);
    expect(c.flip(c.zeros([3, 0]), [0]).shape).toEqual([3, 0]);
  });

  it('refuses a repeated axis and one out of range', () => {
    expect(() => c.flip(iota([2, 3]), [0, -2])).toThrow('flip: axis 0 appears more than once in [0,-2]');
    expect(() => c.flip(iota([2, 3]), [2])).toThrow('flip: axis 2 is out of range for a tensor of rank 2 (expected to be in range of [-2, 1])');
  });

  it('records FlipBackward0, whose gradient is the cotangent flipped back', () => {
    // w = torch.arange(6., dtype=torch.float64).reshape(2,3).requires_grad_(); y = torch.flip(w, [0, 1])
    // (y * torch.tensor([[1.,2,3],[4,5,6]], dtype=torch.float64)).sum().backward()
    // y.grad_fn -> <FlipBackward0>; w.grad.tolist() -> [[6, 5, 4], [3, 2, 1]]
    const w = leaf([[0, 1, 2], [3, 4, 5]]);
    const y = c.flip(w, [0, 1]);
    expect(y.node!.name).toBe('FlipBackward0');
    expect(gradOf(y, c.fromArray([[1, 2, 3], [4, 5, 6]], 'float64'), w)).toEqual([[6, 5, 4], [3, 2, 1]]);
  });

  it('matches a naive reference over random shapes and axes', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (shape, flags) => {
      const x = iota(shape);
      const axes = shape.map((_, d) => d).filter((d) => flags[d]);
      const want = new Float64Array(x.size);
      const idx = new Array<number>(shape.length).fill(0);
      for (let o = 0; o < x.size; o++) {
        let k = o;
        for (let d = shape.length - 1; d >= 0; d--) { idx[d] = k % shape[d]!; k = Math.floor(k / shape[d]!); }
        let src = 0;
        shape.forEach((n, d) => { src = src * n + (flags[d] ? n - 1 - idx[d]! : idx[d]!); });
        want[o] = src;
      }
      expect(Array.from(c.flip(x, axes).data)).toEqual(Array.from(want));
    }), { numRuns: 200 });
  });
});

describe('tile', () => {
  it('repeats along each axis, longer reps adding axes in front', () => {
    // a = torch.arange(6., dtype=torch.float64).reshape(2,3); a.repeat(2,1,2).tolist()
    // -> [[[0,1,2,0,1,2],[3,4,5,3,4,5]],[[0,1,2,0,1,2],[3,4,5,3,4,5]]]
    expect(nested(c.tile(iota([2, 3]), [2, 1, 2]))).toEqual([[[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]], [[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]]]);
    // torch.tensor([1.,2,3]).repeat(2,2).tolist() -> [[1,2,3,1,2,3],[1,2,3,1,2,3]]
    expect(nested(c.tile(c.fromArray([1, 2, 3]), [2, 2]))).toEqual([[1, 2, 3, 1, 2, 3], [1, 2, 3, 1, 2, 3]]);
    // torch.tensor(5.).repeat(3,2).tolist() -> [[5,5],[5,5],[5,5]]
    expect(nested(c.tile(c.scalar(5), [3, 2]))).toEqual([[5, 5], [5, 5], [5, 5]]);
  });

  it('pads shorter reps with ones in front, as torch.tile does', () => {
    // torch.tile(torch.arange(6.).reshape(2,1,3), (2,)).tolist() -> [[[0,1,2,0,1,2]],[[3,4,5,3,4,5]]]
    expect(nested(c.tile(iota([2, 1, 3]), [2]))).toEqual([[[0, 1, 2, 0, 1, 2]], [[3, 4, 5, 3, 4, 5]]]);
  });

  it('gives empty results for a 0 rep or an empty input, and keeps int dtypes', () => {
    // a.repeat(0,2).shape -> torch.Size([0, 6]); torch.zeros(0,2).repeat(2,2).shape -> torch.Size([0, 4])
    expect(c.tile(iota([2, 3]), [0, 2]).shape).toEqual([0, 6]);
    expect(c.tile(c.zeros([0, 2]), [2, 2]).shape).toEqual([0, 4]);
    // torch.tensor([1,2], dtype=torch.int32).repeat(2,3) -> tensor([[1,2,1,2,1,2],[1,2,1,2,1,2]], dtype=torch.int32)
    const i = c.tile(c.fromArray([1, 2], 'int32'), [2, 3]);
    expect([i.dtype, nested(i)]).toEqual(['int32', [[1, 2, 1, 2, 1, 2], [1, 2, 1, 2, 1, 2]]]);
  });

  it('refuses negative or fractional reps', () => {
    expect(() => c.tile(iota([2]), [-1])).toThrow('tile: reps must be non-negative integers, got [-1]');
    expect(() => c.tile(iota([2]), [1.5])).toThrow('tile: reps must be non-negative integers, got [1.5]');
  });

  it("records RepeatBackward0, whose gradient sums the cotangent's tiles", () => {
    // w = torch.tensor([1.,2.,3.], dtype=torch.float64, requires_grad=True); y = w.repeat(2,2)
    // (y * torch.arange(12.).reshape(2,6)).sum().backward(); w.grad -> tensor([18., 22., 26.])
    const w = leaf([1, 2, 3]);
    const y = c.tile(w, [2, 2]);
    expect(y.node!.name).toBe('RepeatBackward0');
    expect(gradOf(y, iota([2, 6]), w)).toEqual([18, 22, 26]);
    // v = torch.tensor([[1.,2.],[3.,4.]], dtype=torch.float64, requires_grad=True); r = v.repeat(3, 1, 2)
    // (r * torch.arange(24., dtype=torch.float64).reshape(3,2,4)).sum().backward(); v.grad -> [[54, 60], [78, 84]]
    const v = leaf([[1, 2], [3, 4]]);
    expect(gradOf(c.tile(v, [3, 1, 2]), iota([3, 2, 4]), v)).toEqual([[54, 60], [78, 84]]);
  });

  it('matches a naive reference over random shapes and reps', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 5 }), (shape, reps) => {
      const x = iota(shape);
      const out = c.tile(x, reps);
      const r = Math.max(shape.length, reps.length);
      const s = [...new Array<number>(r - shape.length).fill(1), ...shape];
      const k = [...new Array<number>(r - reps.length).fill(1), ...reps];
      expect(out.shape).toEqual(s.map((n, d) => n * k[d]!));
      const want = new Float64Array(out.size);
      for (let o = 0; o < out.size; o++) {
        let rest = o, src = 0, mul = 1;
        for (let d = r - 1; d >= 0; d--) {
          const m = s[d]! * k[d]!;
          src += ((rest % m) % s[d]!) * mul;
          rest = Math.floor(rest / m);
          mul *= s[d]!;
        }
        want[o] = src;
      }
      expect(Array.from(out.data)).toEqual(Array.from(want));
    }), { numRuns: 200 });
  });
});

describe('unbind', () => {
  it('gives the slices along an axis without it, each a piece of one UnbindBackward0 call', () => {
    // u = torch.arange(6., dtype=torch.float64).reshape(2,3).requires_grad_(); ps = u.unbind(1)
    // [p.tolist() for p in ps] -> [[0, 3], [1, 4], [2, 5]]; ps[0].grad_fn -> <UnbindBackward0>
    const u = leaf([[0, 1, 2], [3, 4, 5]]);
    const ps = c.unbind(u, 1);
    expect(ps.map(nested)).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(ps.map((p) => p.node!.name)).toEqual(['UnbindBackward0', 'UnbindBackward0', 'UnbindBackward0']);
    const pieces = ps.map((p) => (p.node!.attrs as { piece: c.Piece }).piece);
    expect(pieces.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(new Set(pieces.map((p) => p.call)).size).toBe(1);
    // [p.tolist() for p in torch.arange(12.).reshape(2,3,2).unbind(-2)] -> [[[0,1],[6,7]], [[2,3],[8,9]], [[4,5],[10,11]]]
    expect(c.unbind(iota([2, 3, 2]), -2).map(nested)).toEqual([[[0, 1], [6, 7]], [[2, 3], [8, 9]], [[4, 5], [10, 11]]]);
  });

  it("sums the pieces' gradients into x's shape", () => {
    // (ps[0]*1 + ps[2]*ps[2]).sum().backward(); u.grad.tolist() -> [[1, 0, 4], [1, 0, 10]]
    const u = leaf([[0, 1, 2], [3, 4, 5]]);
    const ps = c.unbind(u, 1);
    const y = c.add(ps[0]!, c.mul(ps[2]!, ps[2]!));
    expect(gradOf(y, c.ones([2], 'float64'), u)).toEqual([[1, 0, 4], [1, 0, 10]]);
  });

  it('gives no pieces for an empty axis and refuses a 0-d tensor', () => {
    // torch.zeros(0,2).unbind() -> (); torch.zeros(2,0).unbind() -> (tensor([]), tensor([]))
    expect(c.unbind(c.zeros([0, 2]))).toEqual([]);
    expect(c.unbind(c.zeros([2, 0])).map((p) => p.shape)).toEqual([[0], [0]]);
    expect(() => c.unbind(c.scalar(3))).toThrow('unbind: cannot unbind a zero-dimensional tensor');
  });
});
