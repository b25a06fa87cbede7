// Scientific notation rounds exact decimal ties to even, as Python's '{:.4e}' in PyTorch's _Formatter does
// (review of printing, finding 1). Every expected string was printed by real PyTorch 1.13 with the Python line
// beside it (/usr/bin/python3 -c "import torch; print(repr(...))").
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const t = torch.tensor;
const f64 = { dtype: torch.float64 };

describe('scientific notation rounds exact ties to even as PyTorch does', () => {
  it('a tie whose kept digit is even is truncated (toExponential would round it up)', () => {
    // repr(torch.tensor([1e-5, 0.00390625]))
    expect(String(t([1e-5, 0.00390625]))).toBe('tensor([1.0000e-05, 3.9062e-03])');
    // repr(torch.tensor([1.03125, 1e5]))
    expect(String(t([1.03125, 1e5]))).toBe('tensor([1.0312e+00, 1.0000e+05])');
  });

  it('a tie whose kept digit is odd rounds up, also across a carry', () => {
    // repr(torch.tensor([1.09375, 1e5]))
    expect(String(t([1.09375, 1e5]))).toBe('tensor([1.0938e+00, 1.0000e+05])');
    // repr(torch.tensor([1., 199995.]))
    expect(String(t([1, 199995]))).toBe('tensor([1.0000e+00, 2.0000e+05])');
  });

  it('integral values in scientific notation', () => {
    // repr(torch.tensor([1., 9672850.]))
    expect(String(t([1, 9672850]))).toBe('tensor([1.0000e+00, 9.6728e+06])');
    // repr(torch.tensor([1., 188565.], dtype=torch.float64))
    expect(String(t([1, 188565], f64))).toBe('tensor([1.0000e+00, 1.8856e+05], dtype=torch.float64)');
  });

  it('negative values and float64', () => {
    // repr(torch.tensor([256, -0.00390625], dtype=torch.float64))
    expect(String(t([256, -0.00390625], f64))).toBe('tensor([ 2.5600e+02, -3.9062e-03], dtype=torch.float64)');
    // repr(torch.tensor(-0.0000152587890625))
    expect(String(t(-0.0000152587890625))).toBe('tensor(-1.5259e-05)');
    // repr(torch.tensor([0.0000152587890625, 2.5, -0.]))
    expect(String(t([0.0000152587890625, 2.5, -0]))).toBe('tensor([1.5259e-05, 2.5000e+00, -0.0000e+00])');
  });

  it('0-d values above 1e8', () => {
    // repr(torch.tensor(123465000000., dtype=torch.float64))
    expect(String(t(123465000000, f64))).toBe('tensor(1.2346e+11, dtype=torch.float64)');
    // repr(torch.tensor(123475000000., dtype=torch.float64))
    expect(String(t(123475000000, f64))).toBe('tensor(1.2348e+11, dtype=torch.float64)');
  });

  it('with a suffix, and at the subnormal end', () => {
    // repr(torch.tensor([1e-5, 0.00390625], requires_grad=True))
    expect(String(t([1e-5, 0.00390625], { requires_grad: true }))).toBe('tensor([1.0000e-05, 3.9062e-03], requires_grad=True)');
    // repr(torch.tensor([5e-324, 1.], dtype=torch.float64))
    expect(String(t([5e-324, 1], f64))).toBe('tensor([4.9407e-324,  1.0000e+00], dtype=torch.float64)');
  });

  it('fixed notation keeps rounding ties to even', () => {
    // repr(torch.tensor([0.03125, 0.5]))
    expect(String(t([0.03125, 0.5]))).toBe('tensor([0.0312, 0.5000])');
  });
});
