// Fixes for the fourth differential review (shapes, reductions, matmul). Every expected value and message was printed
// by real PyTorch 1.13 (/usr/bin/python3 -c "import torch; ..."); the Python that printed it is in the comment beside it.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

type ErrorClass = new (message: string) => Error;
/** `f` raises `Class` with exactly `message`. */
function raises(f: () => unknown, Class: ErrorClass, message: string): void {
  let err: unknown = null;
  try { f(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(Class);
  expect((err as Error).message).toBe(message);
}
/** The printed form of a tensor, which shows the sign of a zero. */
const repr = (t: torch.Tensor): string => String(t);

describe('1: sum and mean start from +0 at every rank; cumsum of a 0-d tensor is a copy', () => {
  const nz = () => torch.tensor(-0);
  it('the sum and mean of a 0-d -0. are 0.', () => {
    expect(repr(nz().sum())).toBe('tensor(0.)'); // torch.tensor(-0.).sum()
    expect(repr(nz().mean())).toBe('tensor(0.)'); // torch.tensor(-0.).mean()
    expect(repr(nz().sum([]))).toBe('tensor(0.)'); // torch.tensor(-0.).sum([])
    expect(repr(nz().sum(0))).toBe('tensor(0.)'); // torch.tensor(-0.).sum(0)
    expect(repr(nz().mean(0))).toBe('tensor(0.)'); // torch.tensor(-0.).mean(0)
    expect(repr(nz().mean([]))).toBe('tensor(0.)'); // torch.tensor(-0.).mean([])
    // torch.tensor(-0., dtype=torch.float64).mean()
    expect(repr(torch.tensor(-0, { dtype: torch.float64 }).mean())).toBe('tensor(0., dtype=torch.float64)');
    // torch.tensor(-0.).sum(dtype=torch.float64)
    expect(repr(nz().sum({ dtype: torch.float64 }))).toBe('tensor(0., dtype=torch.float64)');
  });
  it('the product of a 0-d -0. keeps its sign, as before', () => {
    expect(repr(nz().prod())).toBe('tensor(-0.)'); // torch.tensor(-0.).prod()
  });
  it('sums over dims of any size still give 0.', () => {
    expect(repr(torch.tensor([-0]).sum())).toBe('tensor(0.)'); // torch.tensor([-0.]).sum()
    expect(repr(torch.tensor([-0]).mean())).toBe('tensor(0.)'); // torch.tensor([-0.]).mean()
    expect(repr(torch.tensor([[-0]]).sum(1))).toBe('tensor([0.])'); // torch.tensor([[-0.]]).sum(1)
    expect(repr(torch.tensor([[-0]]).sum([]))).toBe('tensor(0.)'); // torch.tensor([[-0.]]).sum([])
  });
  it('cumsum of a 0-d -0. is -0., of [-0.] [0.]', () => {
    expect(repr(nz().cumsum(0))).toBe('tensor(-0.)'); // torch.tensor(-0.).cumsum(0)
    expect(repr(nz().cumsum(-1))).toBe('tensor(-0.)'); // torch.tensor(-0.).cumsum(-1)
    // torch.tensor(-0., dtype=torch.float64).cumsum(0)
    expect(repr(torch.tensor(-0, { dtype: torch.float64 }).cumsum(0))).toBe('tensor(-0., dtype=torch.float64)');
    expect(repr(torch.tensor([-0]).cumsum(0))).toBe('tensor([0.])'); // torch.tensor([-0.]).cumsum(0)
  });
});
