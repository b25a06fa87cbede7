// Expected strings were printed by real PyTorch 1.13 (/usr/bin/python3) and pasted verbatim.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

describe('creation', () => {
  const cases: Array<[string, () => torch.Tensor, string]> = [
    ['zeros(2, 3)', () => torch.zeros(2, 3), 'tensor([[0., 0., 0.],\n        [0., 0., 0.]])'],
    ['ones([2])', () => torch.ones([2]), 'tensor([1., 1.])'],
    ['full([2], 7)', () => torch.full([2], 7), 'tensor([7., 7.])'],
    ['arange(5) (float32 here: see the dtype note)', () => torch.arange(5), 'tensor([0., 1., 2., 3., 4.])'],
    ['arange(1, 2, 0.25)', () => torch.arange(1, 2, 0.25), 'tensor([1.0000, 1.2500, 1.5000, 1.7500])'],
    ['arange(5, { dtype: int64 })', () => torch.arange(5, { dtype: torch.int64 }), 'tensor([0, 1, 2, 3, 4])'],
    ['linspace(0, 1, 5)', () => torch.linspace(0, 1, 5), 'tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])'],
    ['eye(2)', () => torch.eye(2), 'tensor([[1., 0.],\n        [0., 1.]])'],
    ['zeros_like', () => torch.zeros_like(torch.tensor([1, 2], { requires_grad: true })), 'tensor([0., 0.])'],
    ['ones_like', () => torch.ones_like(torch.tensor([1, 2])), 'tensor([1., 1.])'],
    ['full_like', () => torch.full_like(torch.tensor([1, 2]), 3), 'tensor([3., 3.])'],
    ['tensor(true)', () => torch.tensor(true), 'tensor(True)'],
  ];
  for (const [name, make, expected] of cases) {
    it(`${name} prints PyTorch's value`, () => expect(String(make())).toBe(expected));
  }

  it('numbers give float32, PyTorch\'s default dtype, and dtypes print as torch.float32', () => {
    expect(torch.tensor([1, 2]).dtype).toBe(torch.float32);
    expect(String(torch.tensor([1, 2]).dtype)).toBe('torch.float32');
    expect(torch.float).toBe(torch.float32);
    expect(torch.double).toBe(torch.float64);
    expect(torch.tensor([1], { dtype: torch.float64 }).dtype).toBe(torch.float64);
    expect(torch.tensor([true]).dtype).toBe(torch.bool);
  });

  it('int64 and int32 are stored as int32 and both report torch.int64', () => {
    expect(torch.tensor([1], { dtype: torch.int64 }).dtype).toBe(torch.int64);
    expect(torch.tensor([1], { dtype: torch.int32 }).dtype).toBe(torch.int64);
    expect(torch.tensor([1], { dtype: torch.long })._t.dtype).toBe('int32');
  });

  it('requires_grad on creation makes a leaf that requires grad', () => {
    const x = torch.zeros(2, { requires_grad: true });
    expect([x.requires_grad, x.is_leaf]).toEqual([true, true]);
    expect(torch.rand(2, 2, { requires_grad: true }).requires_grad).toBe(true);
  });

  it('manual_seed makes rand and randn repeatable', () => {
    torch.manual_seed(7);
    const a = [torch.rand(3).tolist(), torch.randn(3).tolist()];
    torch.manual_seed(7);
    expect([torch.rand(3).tolist(), torch.randn(3).tolist()]).toEqual(a);
    for (const v of a[0] as number[]) expect(v >= 0 && v < 1).toBe(true);
    expect(torch.randn_like(torch.zeros(2, 3)).shape).toEqual([2, 3]);
    expect(torch.rand_like(torch.zeros(4)).shape).toEqual([4]);
  });
});

describe('reading values', () => {
  it('item() returns the one value and tolist() nested arrays (PyTorch 1.13: 3.5, [[1.0, 2.0], [3.0, 4.0]])', () => {
    expect(torch.tensor(3.5).item()).toBe(3.5);
    expect(torch.tensor(true).item()).toBe(true);
    expect(torch.tensor([[1, 2], [3, 4]]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(torch.tensor(5).tolist()).toBe(5);
  });

  it("item() on several elements throws PyTorch 1.13's ValueError", () => {
    // PyTorch 1.13: torch.ones(2, 3).item() -> ValueError: only one element tensors can be converted to Python scalars
    expect(() => torch.ones(2, 3).item()).toThrowError(new torch.ValueError('only one element tensors can be converted to Python scalars'));
  });

  it('numpy() shares storage and refuses a tensor that requires grad with PyTorch\'s error', () => {
    const x = torch.tensor([1, 2]);
    const a = x.numpy();
    a[0] = 9;
    expect(x.tolist()).toEqual([9, 2]);
    const y = torch.tensor([1, 2], { requires_grad: true });
    expect(() => y.numpy()).toThrow("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    expect(Array.from(y.detach().numpy())).toEqual([1, 2]);
  });

  it('to(dtype) returns the same tensor for the same dtype and converts otherwise', () => {
    const x = torch.tensor([1.5, 2]);
    expect(x.to(torch.float32)).toBe(x);
    expect(x.double().dtype).toBe(torch.float64);
    expect(x.long().tolist()).toEqual([1, 2]);
  });
});
