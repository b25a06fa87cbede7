// Findings of a differential review of the new torch ops against PyTorch 1.13 (/usr/bin/python3; the Python and its
// output beside each case): repeat/tile of empty axes, torch.device's argument checks, masked_fill's order of checks,
// round(decimals=0)'s kernel name, unbind's parser text.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';

describe('review of the new torch ops', () => {
  it('repeat and tile take a negative count on an empty axis, refusing only a negative size', () => {
    // torch.zeros(0).repeat(-1) -> tensor([]); torch.zeros(2, 0).repeat(2, -3) -> tensor([], size=(4, 0))
    // torch.zeros(2, 0).tile([-1]) -> tensor([], size=(2, 0)); torch.zeros(2).repeat(-1) -> RuntimeError below
    expect(String(torch.zeros(0).repeat(-1))).toBe('tensor([])');
    expect(String(torch.zeros(2, 0).repeat(2, -3))).toBe('tensor([], size=(4, 0))');
    expect(String(torch.zeros(2, 0).tile([-1]))).toBe('tensor([], size=(2, 0))');
    expect(err(() => torch.zeros(2).repeat(-1))).toBe('RuntimeError: Trying to create tensor with negative dimension -2: [-2]');
  });

  it("torch.device checks its arguments as THPDevice_pynew's parser does", () => {
    // torch.device(5) -> device(type='cuda', index=5); torch.device(-1) -> RuntimeError: Device index must not be negative
    // torch.device('cuda', 1.5) -> TypeError: Device(): argument 'index' (position 2) must be int, not float
    // torch.device('cpu', 'x') -> ... not str; torch.device(1.5) -> TypeError: Device() received an invalid combination ...
    expect(torch.device(5).repr()).toBe("device(type='cuda', index=5)");
    expect(err(() => torch.device(-1))).toBe('RuntimeError: Device index must not be negative');
    expect(err(() => torch.device('cuda', 1.5))).toBe("TypeError: Device(): argument 'index' (position 2) must be int, not float");
    expect(err(() => torch.device('cpu', 'x' as unknown as number))).toBe("TypeError: Device(): argument 'index' (position 2) must be int, not str");
    expect(err(() => torch.device(1.5))).toBe('TypeError: Device() received an invalid combination of arguments - got (float), but expected one of:\n' +
      " * (torch.device device)\n      didn't match because some of the arguments have invalid types: (!float!)\n * (str type, int index)\n");
  });

  it("masked_fill checks in PyTorch's order: out of place the shapes first, in place the leaf first", () => {
    // torch.masked_fill(torch.zeros(3), torch.tensor([True, False]), torch.tensor([1., 2.]))
    //   -> RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0
    // torch.zeros(3, requires_grad=True).masked_fill_(torch.tensor([True, False]), 1.0)
    //   -> RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.
    // torch.zeros(3).masked_fill_(torch.tensor([True, False]), torch.tensor([1., 2.]))
    //   -> RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).
    expect(err(() => torch.masked_fill(torch.zeros(3), torch.tensor([true, false]), torch.tensor([1, 2]))))
      .toBe('RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0');
    expect(err(() => torch.zeros(3, { requires_grad: true }).masked_fill_(torch.tensor([true, false]), 1)))
      .toBe('RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.');
    expect(err(() => torch.zeros(3).masked_fill_(torch.tensor([true, false]), torch.tensor([1, 2]))))
      .toBe('RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).');
  });

  it('round(decimals=0) of an integer or bool tensor names the plain round kernel', () => {
    // torch.round(torch.tensor([1, 2]), decimals=0) -> RuntimeError: "round_vml_cpu" not implemented for 'Long'
    // torch.tensor([True]).round(decimals=0) -> ... for 'Bool'; decimals=1 -> "round_cpu"
    expect(err(() => torch.round(torch.tensor([1, 2], { dtype: torch.int64 }), { decimals: 0 }))).toBe(`RuntimeError: "round_vml_cpu" not implemented for 'Long'`);
    expect(err(() => torch.tensor([true]).round({ decimals: 0 }))).toBe(`RuntimeError: "round_vml_cpu" not implemented for 'Bool'`);
    expect(err(() => torch.tensor([true]).round({ decimals: 1 }))).toBe(`RuntimeError: "round_cpu" not implemented for 'Bool'`);
  });

  it("unbind with a dim that is no int lists the parser's two overloads", () => {
    // torch.zeros(2, 3).unbind(1.5) -> TypeError: unbind() received an invalid combination of arguments - got (float), ...
    // torch.unbind(torch.zeros(2, 3), dim=1.5) -> ... got (Tensor, dim=float), ...
    const x = torch.zeros(2, 3);
    expect(err(() => x.unbind(1.5))).toBe('TypeError: unbind() received an invalid combination of arguments - got (float), but expected one of:\n' +
      " * (int dim)\n      didn't match because some of the arguments have invalid types: (!float!)\n" +
      " * (name dim)\n      didn't match because some of the arguments have invalid types: (!float!)\n");
    expect(err(() => torch.unbind(x, { dim: 1.5 }))).toBe('TypeError: unbind() received an invalid combination of arguments - got (Tensor, dim=float), but expected one of:\n' +
      " * (Tensor input, int dim)\n      didn't match because some of the arguments have invalid types: (Tensor, !dim=float!)\n" +
      " * (Tensor input, name dim)\n      didn't match because some of the arguments have invalid types: (Tensor, !dim=float!)\n");
  });
});
