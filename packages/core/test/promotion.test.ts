/**
 * PyTorch's type promotion between tensors (result_type): a 0-d tensor does not widen a tensor with dimensions of its
 * own category, and is converted to the result dtype before the arithmetic. Every expected value is PyTorch 1.13's,
 * recorded with the Python line beside it (int64 there is int32 here, as everywhere in twingrad).
 */
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const f32 = (v: number[]) => c.fromArray(v, 'float32');
const f64 = (v: number) => c.fromArray(v, 'float64');
const i32 = (v: number | number[]) => c.fromArray(v, 'int32');
const b = (v: boolean[]) => c.fromArray(v, 'bool');

describe('result dtype of tensors with and without dimensions', () => {
  const cases: Array<[string, () => c.Tensor, c.DType]> = [
    // torch.tensor([1.5]) * torch.tensor(2., dtype=torch.float64) -> torch.float32
    ['float32 vector * float64 0-d', () => c.mul(f32([1.5]), f64(2)), 'float32'],
    ['float64 0-d * float32 vector', () => c.mul(f64(2), f32([1.5])), 'float32'],
    // torch.tensor([1, 2]) * torch.tensor(2., dtype=torch.float64) -> torch.float64
    ['int vector * float64 0-d (a higher category sets the dtype)', () => c.mul(i32([1, 2]), f64(2)), 'float64'],
    // torch.tensor([True]) + torch.tensor(2) -> torch.int64
    ['bool vector + int 0-d', () => c.add(b([true]), i32(2)), 'int32'],
    // torch.tensor(2.) * torch.tensor(3., dtype=torch.float64) -> torch.float64
    ['float32 0-d * float64 0-d', () => c.mul(c.fromArray(2, 'float32'), f64(3)), 'float64'],
    // torch.cat-like: both with dimensions -> the wider, torch.tensor([1.5]) + torch.tensor([2.], dtype=torch.float64)
    ['float32 vector + float64 vector', () => c.add(f32([1.5]), c.fromArray([2], 'float64')), 'float64'],
    // torch.where(torch.tensor([True]), torch.tensor([1.5]), torch.tensor(2., dtype=torch.float64)) -> torch.float32
    ['where(cond, float32 vector, float64 0-d)', () => c.where(b([true]), f32([1.5]), f64(2)), 'float32'],
    // torch.maximum(torch.tensor([1.5]), torch.tensor(2., dtype=torch.float64)) -> torch.float32
    ['maximum(float32 vector, float64 0-d)', () => c.maximum(f32([1.5]), f64(2)), 'float32'],
  ];
  for (const [name, make, dtype] of cases) it(`${name} gives ${dtype}`, () => expect(make().dtype).toBe(dtype));

  it('the float64 0-d operand is rounded to float32 before the product, not the product after', () => {
    // x = torch.tensor([2.5900001525878906, 4.070000171661377]); (x * torch.tensor(0.1, dtype=torch.float64)).tolist()
    // -> [0.2590000331401825, 0.40700003504753113]; rounding the float64 product instead gives 0.2590000033378601, ...
    const y = c.mul(f32([2.5900001525878906, 4.070000171661377]), f64(0.1));
    expect(Array.from(y.data)).toEqual([0.2590000331401825, 0.40700003504753113]);
  });

  it("a float64 0-d operand's gradient comes back float64", () => {
    // x = torch.tensor([1.5, 2.], requires_grad=True); s = torch.tensor(3., dtype=torch.float64, requires_grad=True)
    // (x * s).sum().backward() -> x.grad = tensor([3., 3.]), s.grad = tensor(3.5000, dtype=torch.float64)
    const x = f32([1.5, 2]), s = f64(3);
    x.requiresGrad = true;
    s.requiresGrad = true;
    c.backward([c.sum(c.mul(x, s))], [c.fromArray(1, 'float32')], { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false });
    expect([x.grad!.dtype, Array.from(x.grad!.data)]).toEqual(['float32', [3, 3]]);
    expect([s.grad!.dtype, s.grad!.shape, Array.from(s.grad!.data)]).toEqual(['float64', [], [3.5]]);
  });
});

describe('integer and bool tensors with number arguments', () => {
  const vals = (t: c.Tensor) => [t.dtype, Array.from(t.data, Number)];
  it('pow: an integer exponent keeps int32, a fractional one gives float32, bool counts as int', () => {
    // torch.tensor([2, 3]).pow(2) -> tensor([4, 9]) (int64); .pow(0.5) -> tensor([1.4142, 1.7321]) (float32)
    expect(vals(c.pow(i32([2, 3]), 2))).toEqual(['int32', [4, 9]]);
    expect(vals(c.pow(i32([2, 3]), 0.5))).toEqual(['float32', [Math.fround(Math.SQRT2), Math.fround(Math.sqrt(3))]]);
    // torch.tensor([True, False]).pow(2) -> tensor([1, 0]) (int64); .pow(0.5) -> tensor([1., 0.]) (float32)
    expect(vals(c.pow(b([true, false]), 2))).toEqual(['int32', [1, 0]]);
    expect(vals(c.pow(b([true, false]), 0.5))).toEqual(['float32', [1, 0]]);
  });

  it('pow: an integer tensor to a negative integer power is refused', () => {
    // torch.tensor([1, 2]).pow(-1) -> RuntimeError: Integers to negative integer powers are not allowed.
    expect(() => c.pow(i32([1, 2]), -1)).toThrow('pow: Integers to negative integer powers are not allowed.');
  });

  it('clamp: fractional (or infinite) bounds give float32, integer bounds keep int32, bool becomes int32', () => {
    // torch.tensor([1, 2, 5]).clamp(1.5, 3.7) -> tensor([1.5000, 2.0000, 3.7000]) (float32)
    expect(vals(c.clamp(i32([1, 2, 5]), 1.5, 3.7))).toEqual(['float32', [1.5, 2, Math.fround(3.7)]]);
    // torch.tensor([1, 2, 5]).clamp(2, 3) -> tensor([2, 2, 3]) (int64); .clamp(min=1.5) -> tensor([1.5, 2., 5.])
    expect(vals(c.clamp(i32([1, 2, 5]), 2, 3))).toEqual(['int32', [2, 2, 3]]);
    expect(vals(c.clamp(i32([1, 2, 5]), 1.5))).toEqual(['float32', [1.5, 2, 5]]);
    // torch.tensor([True, False]).clamp(0, 1) -> tensor([1, 0]) (int64)
    expect(vals(c.clamp(b([true, false]), 0, 1))).toEqual(['int32', [1, 0]]);
  });
});

describe('integer reductions', () => {
  it("mean of int32 is int32, the sum divided by the count truncated toward zero (TensorFlow's integer Mean)", () => {
    // tf.reduce_mean docs: x = tf.constant([1, 0, 1, 0]); tf.reduce_mean(x) -> <tf.Tensor: dtype=int32, numpy=0>
    const m = c.mean(i32([1, 0, 1, 0]));
    expect([m.dtype, m.data[0]]).toEqual(['int32', 0]);
    // sums 3 and 8 over 2: 1 and 4; -3 / 2 truncates to -1 (C++ integer division), not -2
    expect(Array.from(c.mean(c.fromArray([[1, 2], [3, 5], [-1, -2]], 'int32'), 1).data)).toEqual([1, 4, -1]);
  });

  it('mean of bool, and variance / std of anything but floats, are refused', () => {
    expect(() => c.mean(b([true]))).toThrow('mean: expected a numeric tensor, got bool');
    expect(() => c.variance(i32([1, 2]))).toThrow('variance: expected a floating point tensor, got int32');
    expect(() => c.std(b([true, false]))).toThrow('std: expected a floating point tensor, got bool');
  });
});
