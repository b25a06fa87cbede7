// Fixes for the fourth differential review (shapes, reductions, matmul). Every expected value and message was printed
// by real PyTorch 1.13 (/usr/bin/python3 -c "import torch; ..."); the Python that printed it is in the comment beside it.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { raises } from './thrown.js';

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

describe('2: matmul of bool operands fails in the words of the kernel PyTorch reaches', () => {
  const o = (shape: number[], dtype?: torch.DType) => torch.ones(shape, { dtype });
  const B = () => o([2, 2], torch.bool), b = () => o([2], torch.bool), B3 = () => o([2, 2, 2], torch.bool);
  const ADDMM = `"addmm_impl_cpu_" not implemented for 'Bool'`, ADDMV = `"addmv_impl_cpu" not implemented for 'Bool'`;
  const FLOAT = 'expected scalar type Float but found Bool';
  it('matrix and vector products', () => {
    raises(() => B().matmul(B()), torch.RuntimeError, ADDMM); // B.matmul(B)
    raises(() => torch.mm(B(), B()), torch.RuntimeError, ADDMM); // torch.mm(B, B)
    raises(() => B().matmul(o([2, 2])), torch.RuntimeError, ADDMM); // B.matmul(torch.ones(2, 2))
    raises(() => o([2, 2]).matmul(B()), torch.RuntimeError, FLOAT); // torch.ones(2, 2).matmul(B)
    raises(() => o([2, 2], torch.int64).matmul(B()), torch.RuntimeError, 'expected scalar type Long but found Bool'); // torch.ones(2, 2, dtype=torch.int64).matmul(B)
    raises(() => o([2, 2], torch.float64).matmul(B()), torch.RuntimeError, 'expected scalar type Double but found Bool'); // torch.ones(2, 2, dtype=torch.float64).matmul(B)
    raises(() => B().matmul(o([2])), torch.RuntimeError, ADDMV); // B.matmul(torch.ones(2))
    raises(() => B().matmul(b()), torch.RuntimeError, ADDMV); // B.matmul(b)
    raises(() => torch.mv(B(), b()), torch.RuntimeError, ADDMV); // torch.mv(B, b)
    raises(() => o([2, 2]).matmul(b()), torch.RuntimeError, FLOAT); // torch.ones(2, 2).matmul(b)
    raises(() => b().matmul(B()), torch.RuntimeError, ADDMM); // b.matmul(B)
    raises(() => b().matmul(o([2, 2])), torch.RuntimeError, ADDMM); // b.matmul(torch.ones(2, 2))
    raises(() => o([2]).matmul(B()), torch.RuntimeError, FLOAT); // torch.ones(2).matmul(B)
  });
  it('two vectors: dot checks the dtypes, then the sizes, then refuses Bool', () => {
    raises(() => b().matmul(b()), torch.RuntimeError, `"dot" not implemented for 'Bool'`); // b.matmul(b)
    raises(() => torch.dot(b(), b()), torch.RuntimeError, `"dot" not implemented for 'Bool'`); // torch.dot(b, b)
    // b.matmul(torch.ones(3, dtype=torch.bool))
    raises(() => b().matmul(o([3], torch.bool)), torch.RuntimeError,
      'inconsistent tensor size, expected tensor [2] and src [3] to have the same number of elements, but got 2 and 3 elements respectively');
    raises(() => b().matmul(o([2])), torch.RuntimeError, 'dot : expected both vectors to have same dtype, but found Bool and Float'); // b.matmul(torch.ones(2))
  });
  it('batches: bmm, or the folded mm/mv', () => {
    raises(() => B3().matmul(B3()), torch.RuntimeError, `"bmm" not implemented for 'Bool'`); // B3.matmul(B3)
    raises(() => torch.bmm(B3(), B3()), torch.RuntimeError, `"bmm" not implemented for 'Bool'`); // torch.bmm(B3, B3)
    raises(() => B3().matmul(o([2, 2, 2])), torch.RuntimeError, `"bmm" not implemented for 'Bool'`); // B3.matmul(torch.ones(2, 2, 2))
    raises(() => o([2, 2, 2]).matmul(B3()), torch.RuntimeError, FLOAT); // torch.ones(2, 2, 2).matmul(B3)
    raises(() => B3().matmul(B()), torch.RuntimeError, ADDMM); // B3.matmul(B)
    raises(() => B3().matmul(o([2, 2])), torch.RuntimeError, ADDMM); // B3.matmul(torch.ones(2, 2))
    raises(() => o([2, 2, 2]).matmul(B()), torch.RuntimeError, FLOAT); // torch.ones(2, 2, 2).matmul(B)
    raises(() => B3().matmul(b()), torch.RuntimeError, ADDMV); // B3.matmul(b)
    raises(() => o([2, 2, 2]).matmul(b()), torch.RuntimeError, FLOAT); // torch.ones(2, 2, 2).matmul(b)
    // a vector or matrix times a batch is (b^T a^T)^T: the batch is the first operand
    raises(() => B().matmul(B3()), torch.RuntimeError, ADDMM); // B.matmul(B3)
    raises(() => o([2, 2]).matmul(B3()), torch.RuntimeError, ADDMM); // torch.ones(2, 2).matmul(B3)
    raises(() => B().matmul(o([2, 2, 2])), torch.RuntimeError, FLOAT); // B.matmul(torch.ones(2, 2, 2))
    raises(() => b().matmul(B3()), torch.RuntimeError, ADDMV); // b.matmul(B3)
    raises(() => o([2]).matmul(B3()), torch.RuntimeError, ADDMV); // torch.ones(2).matmul(B3)
    raises(() => b().matmul(o([2, 2, 2, 2])), torch.RuntimeError, FLOAT); // b.matmul(torch.ones(2, 2, 2, 2))
  });
  it('sizes are still checked first', () => {
    // B.matmul(torch.ones(3, 2, dtype=torch.bool))
    raises(() => B().matmul(o([3, 2], torch.bool)), torch.RuntimeError, 'mat1 and mat2 shapes cannot be multiplied (2x2 and 3x2)');
    // torch.bmm(B3, torch.ones(2, 3, 2, dtype=torch.bool))
    raises(() => torch.bmm(B3(), o([2, 3, 2], torch.bool)), torch.RuntimeError,
      'Expected size for first two dimensions of batch2 tensor to be: [2, 2] but got: [2, 3].');
  });
});

describe('3: reshape and view name a negative size other than -1 as infer_size does', () => {
  it('the first bad size, in order', () => {
    raises(() => torch.ones(2, 3).view(-2, 3), torch.RuntimeError, 'invalid shape dimension -2'); // torch.ones(2, 3).view(-2, 3)
    raises(() => torch.ones(6).reshape(-1, -2), torch.RuntimeError, 'invalid shape dimension -2'); // torch.ones(6).reshape(-1, -2)
    raises(() => torch.ones(6).reshape(-3, -2), torch.RuntimeError, 'invalid shape dimension -3'); // torch.ones(6).reshape(-3, -2)
    raises(() => torch.ones(6).reshape(7, -2), torch.RuntimeError, 'invalid shape dimension -2'); // torch.ones(6).reshape(7, -2)
    raises(() => torch.ones(0).reshape(-2), torch.RuntimeError, 'invalid shape dimension -2'); // torch.ones(0).reshape(-2)
    raises(() => torch.ones(2, 3).t().view(-2, 3), torch.RuntimeError, 'invalid shape dimension -2'); // torch.ones(2, 3).t().view(-2, 3)
    // a second -1 before a -2 fails as the second -1; a -2 before two -1s as the -2
    raises(() => torch.ones(6).reshape(-1, -1, -2), torch.RuntimeError, 'only one dimension can be inferred'); // torch.ones(6).reshape(-1, -1, -2)
    raises(() => torch.ones(6).reshape(-2, -1, -1), torch.RuntimeError, 'invalid shape dimension -2'); // torch.ones(6).reshape(-2, -1, -1)
  });
  it('the other shape errors are unchanged', () => {
    raises(() => torch.ones(6).view(-1, -1), torch.RuntimeError, 'only one dimension can be inferred'); // torch.ones(6).view(-1, -1)
    raises(() => torch.ones(6).reshape(4, -1), torch.RuntimeError, "shape '[4, -1]' is invalid for input of size 6"); // torch.ones(6).reshape(4, -1)
    raises(() => torch.ones(6).view(-1, 0), torch.RuntimeError, "shape '[-1, 0]' is invalid for input of size 6"); // torch.ones(6).view(-1, 0)
  });
});

describe('4: stack checks its dim (against the first tensor) before the sizes, as cat does', () => {
  const z = (...s: number[]) => torch.zeros(...s);
  const range = (r: string, d: number) => `Dimension out of range (expected to be in range of ${r}, but got ${d})`;
  it('a bad dim wins over unequal sizes', () => {
    raises(() => torch.stack([z(0), z(2, 3)], 3), torch.IndexError, range('[-2, 1]', 3)); // torch.stack([torch.zeros(0), torch.zeros(2, 3)], 3)
    raises(() => torch.stack([z(2), z(3)], -3), torch.IndexError, range('[-2, 1]', -3)); // torch.stack([torch.zeros(2), torch.zeros(3)], -3)
    raises(() => torch.stack([z(2, 3), z(2)], 3), torch.IndexError, range('[-3, 2]', 3)); // torch.stack([torch.zeros(2, 3), torch.zeros(2)], 3)
    raises(() => torch.stack([torch.zeros([]), z(2)], 2), torch.IndexError, range('[-1, 0]', 2)); // torch.stack([torch.zeros(()), torch.zeros(2)], 2)
  });
  it('with a good dim the sizes are checked', () => {
    // torch.stack([torch.zeros(0), torch.zeros(2, 3)], 1)
    raises(() => torch.stack([z(0), z(2, 3)], 1), torch.RuntimeError, 'stack expects each tensor to be equal size, but got [0] at entry 0 and [2, 3] at entry 1');
    raises(() => torch.stack([], 5), torch.RuntimeError, 'stack expects a non-empty TensorList'); // torch.stack([], 5)
  });
  it('cat already agreed: the dim first, zero-dimensional tensors before it', () => {
    raises(() => torch.cat([z(2, 3), z(3, 3)], 3), torch.IndexError, range('[-2, 1]', 3)); // torch.cat([torch.zeros(2, 3), torch.zeros(3, 3)], 3)
    // torch.cat([torch.zeros(2), torch.zeros(())], 3)
    raises(() => torch.cat([z(2), torch.zeros([])], 3), torch.RuntimeError, 'zero-dimensional tensor (at position 1) cannot be concatenated');
  });
});

describe('6: argmax/argmin of a bool tensor over a dim of size 1 (or with nothing to compute) give indices', () => {
  const B = () => torch.tensor([[true, false, true]]);
  const ones = (...s: number[]) => torch.ones(s, { dtype: torch.bool });
  it('a size-1 dim or an empty result passes', () => {
    expect(B().argmax(0).tolist()).toEqual([0, 0, 0]); // torch.tensor([[True, False, True]]).argmax(0)
    expect(B().argmin(-2).tolist()).toEqual([0, 0, 0]); // torch.tensor([[True, False, True]]).argmin(-2)
    expect(repr(B().argmax(0, true))).toBe('tensor([[0, 0, 0]])'); // torch.tensor([[True, False, True]]).argmax(0, keepdim=True)
    expect(repr(torch.tensor([true]).argmax(0))).toBe('tensor(0)'); // torch.tensor([True]).argmax(0)
    expect(repr(ones(0, 3).argmax(1))).toBe('tensor([], dtype=torch.int64)'); // torch.ones(0, 3, dtype=torch.bool).argmax(1)
    expect(repr(ones(1, 0).argmax(0))).toBe('tensor([], dtype=torch.int64)'); // torch.ones(1, 0, dtype=torch.bool).argmax(0)
  });
  it('anything else reaches the kernel, which has no Bool', () => {
    raises(() => B().argmax(1), torch.RuntimeError, `"argmax_cpu" not implemented for 'Bool'`); // torch.tensor([[True, False, True]]).argmax(1)
    raises(() => B().argmin(1), torch.RuntimeError, `"argmin_cpu" not implemented for 'Bool'`); // torch.tensor([[True, False, True]]).argmin(1)
    raises(() => torch.tensor([true]).argmax(), torch.RuntimeError, `"argmax_cpu" not implemented for 'Bool'`); // torch.tensor([True]).argmax()
    raises(() => torch.tensor(true).argmax(0), torch.RuntimeError, `"argmax_cpu" not implemented for 'Bool'`); // torch.tensor(True).argmax(0)
    raises(() => torch.tensor(false).argmin(), torch.RuntimeError, `"argmin_cpu" not implemented for 'Bool'`); // torch.tensor(False).argmin()
  });
  it('the dim and emptiness checks come first', () => {
    // torch.ones(3, 0, dtype=torch.bool).argmax(1)
    raises(() => ones(3, 0).argmax(1), torch.IndexError, 'argmax(): Expected reduction dim 1 to have non-zero size.');
    // torch.ones(0, dtype=torch.bool).argmax()
    raises(() => ones(0).argmax(), torch.IndexError, 'argmax(): Expected reduction dim to be specified for input.numel() == 0.');
    // torch.ones(1, dtype=torch.bool).argmax(1)
    raises(() => ones(1).argmax(1), torch.IndexError, 'Dimension out of range (expected to be in range of [-1, 0], but got 1)');
  });
});

describe('5: max() and min() pick the zero PyTorch 1.13 (AVX2, one thread) picks where +0 and -0 tie', () => {
  /** zeros of `shape` (float32, or float64) with `v` at flat index i (`t.view(-1)[i] = v`): +0s with a -0, or -0s with a +0 */
  const w = (shape: number[], i: number, v = -0, dtype = torch.float32) => {
    const d = new Array<number>(shape.reduce((p, n) => p * n, 1)).fill(Object.is(v, 0) ? -0 : 0);
    d[i] = v;
    return torch.tensor(d, { dtype }).reshape(shape);
  };
  it('fewer elements than lanes: the last tie', () => {
    expect(repr(torch.tensor([0, -0]).max())).toBe('tensor(-0.)'); // torch.tensor([0., -0.]).max()
    expect(repr(torch.tensor([-0, 0]).max())).toBe('tensor(0.)'); // torch.tensor([-0., 0.]).max()
    expect(repr(torch.tensor([0, -0]).min())).toBe('tensor(-0.)'); // torch.tensor([0., -0.]).min()
    expect(repr(torch.max(torch.tensor([-0, 0])))).toBe('tensor(0.)'); // torch.max(torch.tensor([-0., 0.]))
  });
  it('longer tensors: lanes of 8 float32 or 4 float64 elements', () => {
    // z = torch.zeros(20); z[15] = -0.; z.max()  (and z[19] = -0. instead)
    expect(repr(w([20], 15).max())).toBe('tensor(-0.)');
    expect(repr(w([20], 19).max())).toBe('tensor(0.)');
    // z = torch.zeros(20, dtype=torch.float64); z[19] = -0.; z.max()  (and z[17] = -0. instead)
    expect(repr(w([20], 19, -0, torch.float64).max())).toBe('tensor(-0., dtype=torch.float64)');
    expect(repr(w([20], 17, -0, torch.float64).max())).toBe('tensor(0., dtype=torch.float64)');
    // torch.tensor([0., 0, 0, 0, 0, 0, -0., -2, -0., 0, 0, -1]).max()
    expect(repr(torch.tensor([0, 0, 0, 0, 0, 0, -0, -2, -0, 0, 0, -1]).max())).toBe('tensor(0.)');
    // torch.tensor([-0., -0., -0., -0., -0., -0., 0., 2, 0., -0., -0., 1]).min()
    expect(repr(torch.tensor([-0, -0, -0, -0, -0, -0, 0, 2, 0, -0, -0, 1]).min())).toBe('tensor(-0.)');
    // z = torch.full((40,), -0.); z[39] = 0.; z.min()  (and z[38] = 0. instead)
    expect(repr(w([40], 39, 0).min())).toBe('tensor(0.)');
    expect(repr(w([40], 38, 0).min())).toBe('tensor(-0.)');
  });
  it('a tensor with dims reduces in memory order', () => {
    // z = torch.zeros(3, 4); z.view(-1)[11] = -0.; z.max()  (and [7] instead)
    expect(repr(w([3, 4], 11).max())).toBe('tensor(0.)');
    expect(repr(w([3, 4], 7).max())).toBe('tensor(-0.)');
  });
  it('amax, amin and max(dim) keep the first tie', () => {
    expect(repr(w([3, 4], 11).amax())).toBe('tensor(0.)'); // z.view(-1)[11] = -0.; z.amax()
    expect(repr(w([3, 4], 0).max(1)[0])).toBe('tensor([-0., 0., 0.])'); // z = torch.zeros(3, 4); z[0, 0] = -0.; z.max(1).values
    expect(repr(torch.tensor([-0, 0]).amin())).toBe('tensor(-0.)'); // torch.tensor([-0., 0.]).amin()
  });
});
