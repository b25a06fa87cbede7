// Fixes for the shape/indexing review (/tmp/review_shape.md, findings 2, 3, 8, 9, 13, 14 and 15). Every expected
// value and message was printed by real PyTorch 1.13 (/usr/bin/python3 -c "import torch; ..."); the Python that
// printed it is in the comment beside it. In the comments, x = torch.tensor([[1., 2, 3], [4, 5, 6]]) and
// a = torch.arange(6.).reshape(2, 3) unless a test says otherwise.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { raises } from './thrown.js';

const L = (...v: number[]) => torch.tensor(v, { dtype: torch.int64 });
const x = () => torch.tensor([[1, 2, 3], [4, 5, 6]]);
const a = () => torch.arange(6).float().reshape(2, 3);
const s = () => torch.tensor(5);


const VIEW = "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.";

describe('2: expand and broadcast_to check their sizes as PyTorch does', () => {
  it('a -1 in a new leading dim, or a negative size, is a RuntimeError (not a JS RangeError)', () => {
    // torch.ones(3).expand(-1, 3)
    raises(() => torch.ones(3).expand(-1, 3), torch.RuntimeError, "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0");
    // torch.broadcast_to(torch.ones(3), [-1, 3])
    raises(() => torch.broadcast_to(torch.ones(3), [-1, 3]), torch.RuntimeError, "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0");
    // torch.ones(1, 3).expand(-2, 3)
    raises(() => torch.ones(1, 3).expand(-2, 3), torch.RuntimeError, 'numel: integer multiplication overflow');
    // torch.ones(3).expand(-2, 3)
    raises(() => torch.ones(3).expand(-2, 3), torch.RuntimeError, 'numel: integer multiplication overflow');
    // torch.tensor(5.).expand(-1)
    raises(() => s().expand(-1), torch.RuntimeError, 'numel: integer multiplication overflow');
    // torch.ones(1, 3).expand(2, -2)
    raises(() => torch.ones(1, 3).expand(2, -2), torch.RuntimeError,
      'The expanded size of the tensor (-2) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, -2].  Tensor sizes: [1, 3]');
    // torch.zeros(0, 3).expand(-2, 3): the existing size 0 is not 1
    raises(() => torch.zeros(0, 3).expand(-2, 3), torch.RuntimeError,
      'The expanded size of the tensor (-2) must match the existing size (0) at non-singleton dimension 0.  Target sizes: [-2, 3].  Tensor sizes: [0, 3]');
  });

  it('broadcast_to takes -1 as "keep this size", as expand does', () => {
    // torch.broadcast_to(torch.ones(3), [2, -1]) -> shape (2, 3), all ones, and a view: .is_contiguous() False
    const r = torch.broadcast_to(torch.tensor([1, 2, 3]), [2, -1]);
    expect(r.tolist()).toEqual([[1, 2, 3], [1, 2, 3]]);
    // torch.broadcast_to(torch.ones(3, requires_grad=True), [2, -1]).grad_fn -> ExpandBackward0
    expect(torch.broadcast_to(torch.ones(3, { requires_grad: true }), [2, -1]).grad_fn?.name()).toBe('ExpandBackward0');
    // torch.ones(1, 3).expand(-1, -1).shape -> (1, 3); torch.ones(3).expand(1, -1).shape -> (1, 3)
    expect(torch.ones(1, 3).expand(-1, -1).shape).toEqual([1, 3]);
    expect(torch.ones(3).expand(1, -1).shape).toEqual([1, 3]);
  });

  it('fewer sizes than dims: the "number of sizes provided" error, with the tensor type', () => {
    // torch.ones(2, 3).expand(3)
    raises(() => torch.ones(2, 3).expand(3), torch.RuntimeError,
      'expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)');
    // torch.broadcast_to(torch.ones(2, 3), [3]) (PyTorch's broadcast_to is self.expand(size))
    raises(() => torch.broadcast_to(torch.ones(2, 3), [3]), torch.RuntimeError,
      'expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)');
    // torch.ones(2, 3).long().expand(3); .double(); .bool()
    raises(() => torch.ones(2, 3).long().expand(3), torch.RuntimeError,
      'expand(torch.LongTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)');
    raises(() => torch.ones(2, 3).double().expand(3), torch.RuntimeError,
      'expand(torch.DoubleTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)');
    raises(() => torch.ones(2, 3).bool().expand(3), torch.RuntimeError,
      'expand(CPUBoolType{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)');
  });

  it('a 0-d tensor expands to any non-negative sizes', () => {
    // torch.tensor(5.).expand(2, 3) -> [[5., 5., 5.], [5., 5., 5.]]
    expect(s().expand(2, 3).tolist()).toEqual([[5, 5, 5], [5, 5, 5]]);
    // torch.tensor(5.).expand(2, 3).view(6).shape -> (6,): strides (0, 0) make one run, so a view exists
    expect(s().expand(2, 3).view(6).shape).toEqual([6]);
  });
});

describe('3: cat skips legacy empty 1-D tensors, as PyTorch 1.13 does', () => {
  it('a 1-D tensor of size 0 joins a tensor of any rank, along any dim', () => {
    // torch.cat([torch.zeros(0), x]) -> x
    expect(torch.cat([torch.zeros(0), x()]).tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    // torch.cat([x, torch.zeros(0)], 1) -> x
    expect(torch.cat([x(), torch.zeros(0)], 1).tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    // torch.cat([torch.zeros(0), x], -1) -> x
    expect(torch.cat([torch.zeros(0), x()], -1).shape).toEqual([2, 3]);
    // the accumulation idiom: out = torch.tensor([]); out = torch.cat([out, x]); out = torch.cat([out, x]) -> shape (4, 3)
    let out = torch.tensor([]);
    out = torch.cat([out, x()]);
    out = torch.cat([out, x()]);
    expect(out.shape).toEqual([4, 3]);
  });

  it('all empty: an empty 1-D tensor, whatever dim is', () => {
    // torch.cat([torch.zeros(0), torch.zeros(0)], 5).shape -> (0,); torch.cat([torch.zeros(0)], 7).shape -> (0,)
    expect(torch.cat([torch.zeros(0), torch.zeros(0)], 5).shape).toEqual([0]);
    expect(torch.cat([torch.zeros(0)], 7).shape).toEqual([0]);
    // torch.cat([torch.zeros(0).long(), torch.zeros(0).long()], 3).dtype -> torch.int64
    expect(torch.cat([torch.zeros(0).long(), torch.zeros(0).long()], 3).dtype).toBe(torch.int64);
  });

  it('a skipped tensor still counts for the dtype, and gets its empty gradient', () => {
    // torch.cat([torch.zeros(0).double(), x]).dtype -> torch.float64
    expect(torch.cat([torch.zeros(0).double(), x()]).dtype).toBe(torch.float64);
    // torch.cat([torch.zeros(0).long(), x]).dtype -> torch.float32
    expect(torch.cat([torch.zeros(0).long(), x()]).dtype).toBe(torch.float32);
    // torch.cat([torch.zeros(0).bool(), x.long()]).dtype -> torch.int64
    expect(torch.cat([torch.zeros(0).bool(), x().long()]).dtype).toBe(torch.int64);
    // e = torch.zeros(0, requires_grad=True); b = torch.ones(2, 3, requires_grad=True)
    // r = torch.cat([e, b]); r.grad_fn -> CatBackward0; r.sum().backward(); e.grad -> tensor([]); b.grad -> ones(2, 3)
    const e = torch.zeros(0, { requires_grad: true }), b = torch.ones(2, 3, { requires_grad: true });
    const r = torch.cat([e, b]);
    expect(r.grad_fn?.name()).toBe('CatBackward0');
    r.sum().backward();
    expect(e.grad?.shape).toEqual([0]);
    expect(b.grad?.tolist()).toEqual([[1, 1, 1], [1, 1, 1]]);
  });

  it("cat's checks in its order, with positions in the list as given", () => {
    // torch.cat([x, torch.ones(3, 3)], 1)
    raises(() => torch.cat([x(), torch.ones(3, 3)], 1), torch.RuntimeError,
      'Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the list.');
    // torch.cat([x, torch.ones(3, 3)], -1)
    raises(() => torch.cat([x(), torch.ones(3, 3)], -1), torch.RuntimeError,
      'Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the list.');
    // torch.cat([torch.zeros(0), x, torch.ones(2, 2)])
    raises(() => torch.cat([torch.zeros(0), x(), torch.ones(2, 2)]), torch.RuntimeError,
      'Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 for tensor number 2 in the list.');
    // torch.cat([torch.ones(2, 3, 4), torch.ones(3, 4, 5)], 2)
    raises(() => torch.cat([torch.ones(2, 3, 4), torch.ones(3, 4, 5)], 2), torch.RuntimeError,
      'Sizes of tensors must match except in dimension 2. Expected size 2 but got size 3 for tensor number 1 in the list.');
    // torch.cat([torch.zeros(0), torch.tensor(1.)])
    raises(() => torch.cat([torch.zeros(0), torch.tensor(1)]), torch.RuntimeError, 'zero-dimensional tensor (at position 1) cannot be concatenated');
    // torch.cat([x, torch.tensor(1.)], 5): the 0-d check comes before the dim's
    raises(() => torch.cat([x(), torch.tensor(1)], 5), torch.RuntimeError, 'zero-dimensional tensor (at position 1) cannot be concatenated');
    // torch.cat([torch.zeros(0), x], 2)
    raises(() => torch.cat([torch.zeros(0), x()], 2), torch.IndexError, 'Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    // torch.cat([torch.zeros(0), torch.ones(3), x])
    raises(() => torch.cat([torch.zeros(0), torch.ones(3), x()]), torch.RuntimeError, 'Tensors must have same number of dimensions: got 1 and 2');
    // torch.cat([x, torch.ones(3, 3), torch.ones(3)])
    raises(() => torch.cat([x(), torch.ones(3, 3), torch.ones(3)]), torch.RuntimeError, 'Tensors must have same number of dimensions: got 2 and 1');
  });
});

describe('8: chunk of an empty dim', () => {
  it('returns `chunks` empty pieces, recorded as split_with_sizes', () => {
    // [t.shape for t in torch.zeros(0).chunk(3)] -> [(0,), (0,), (0,)]
    expect(torch.zeros(0).chunk(3).map((t) => t.shape)).toEqual([[0], [0], [0]]);
    // [t.shape for t in torch.zeros(2, 0).chunk(3, 1)] -> [(2, 0), (2, 0), (2, 0)]
    expect(torch.zeros(2, 0).chunk(3, 1).map((t) => t.shape)).toEqual([[2, 0], [2, 0], [2, 0]]);
    // [t.grad_fn.name() for t in torch.zeros(0, requires_grad=True).chunk(2)] -> ['SplitWithSizesBackward0'] * 2
    expect(torch.zeros(0, { requires_grad: true }).chunk(2).map((t) => t.grad_fn?.name())).toEqual(['SplitWithSizesBackward0', 'SplitWithSizesBackward0']);
    // split(int) of an empty dim is one piece: [(t.shape, t.grad_fn.name()) for t in torch.zeros(0, requires_grad=True).split(2)]
    // -> [((0,), 'SplitBackward0')]; the same for .split(0)
    expect(torch.zeros(0, { requires_grad: true }).split(2).map((t) => [t.shape, t.grad_fn?.name()])).toEqual([[[0], 'SplitBackward0']]);
    expect(torch.zeros(0, { requires_grad: true }).split(0).map((t) => [t.shape, t.grad_fn?.name()])).toEqual([[[0], 'SplitBackward0']]);
  });
});

describe('9: index_select', () => {
  it('an index out of range: the CPU kernel path decides the class and the text', () => {
    // x.index_select(1, torch.tensor([3]))   (dim 1 of a 2-d source: the fast path's check_indexarray_range)
    raises(() => x().index_select(1, L(3)), torch.RuntimeError, 'INDICES element is out of DATA bounds, id=3 axis_dim=3');
    // x.index_select(1, torch.tensor([-1])); x.index_select(-1, torch.tensor([0, 5])); x.long().index_select(1, torch.tensor([3]))
    raises(() => x().index_select(1, L(-1)), torch.RuntimeError, 'INDICES element is out of DATA bounds, id=-1 axis_dim=3');
    raises(() => x().index_select(-1, L(0, 5)), torch.RuntimeError, 'INDICES element is out of DATA bounds, id=5 axis_dim=3');
    raises(() => x().long().index_select(1, L(3)), torch.RuntimeError, 'INDICES element is out of DATA bounds, id=3 axis_dim=3');
    // x.index_select(1, torch.tensor(3)) (a 0-d index)
    raises(() => x().index_select(1, torch.tensor(3, { dtype: torch.int64 })), torch.RuntimeError, 'INDICES element is out of DATA bounds, id=3 axis_dim=3');
    // torch.ones(2, 3, 4).index_select(1, torch.tensor([5]))
    raises(() => torch.ones(2, 3, 4).index_select(1, L(5)), torch.RuntimeError, 'INDICES element is out of DATA bounds, id=5 axis_dim=3');
    // x.index_select(0, torch.tensor([2])); torch.ones(2, 3, 4).index_select(2, torch.tensor([5])); torch.ones(3).index_select(0, torch.tensor([5]))
    raises(() => x().index_select(0, L(2)), torch.IndexError, 'index out of range in self');
    raises(() => torch.ones(2, 3, 4).index_select(2, L(5)), torch.IndexError, 'index out of range in self');
    raises(() => torch.ones(3).index_select(0, L(5)), torch.IndexError, 'index out of range in self');
    // an empty source: torch.ones(0, 3).index_select(1, torch.tensor([3])); torch.ones(2, 0, 3).index_select(2, torch.tensor([-1]))
    raises(() => torch.ones(0, 3).index_select(1, L(3)), torch.RuntimeError, 'INDICES element is out of DATA bounds, id=3 axis_dim=3');
    raises(() => torch.ones(2, 0, 3).index_select(2, L(-1)), torch.RuntimeError, 'INDICES element is out of DATA bounds, id=-1 axis_dim=3');
    // torch.ones(2, 0).index_select(1, torch.tensor([0])); torch.ones(0, 3).index_select(0, torch.tensor([5]))
    raises(() => torch.ones(2, 0).index_select(1, L(0)), torch.RuntimeError, 'index_select(): self indexing axis dim should be positive');
    raises(() => torch.ones(0, 3).index_select(0, L(5)), torch.RuntimeError, 'index_select(): self indexing axis dim should be positive');
    // torch.ones(0).index_select(0, torch.tensor([0]))
    raises(() => torch.ones(0).index_select(0, L(0)), torch.IndexError, 'index out of range in self');
    // x.index_select(5, torch.zeros(1, 1).long()): the dim is checked first
    raises(() => x().index_select(5, torch.zeros(1, 1).long()), torch.IndexError, 'Dimension out of range (expected to be in range of [-2, 1], but got 5)');
  });

  it('a 0-d source', () => {
    // torch.tensor(5.).index_select(0, torch.tensor([0])) -> tensor(5.), shape ()
    const r = s().index_select(0, L(0));
    expect([r.shape, r.item()]).toEqual([[], 5]);
    // torch.tensor(5.).index_select(-1, torch.tensor(0)) -> tensor(5.); torch.tensor(5).index_select(0, torch.tensor([0])).dtype -> torch.int64
    expect(s().index_select(-1, torch.tensor(0, { dtype: torch.int64 })).tolist()).toBe(5);
    expect(torch.tensor(5, { dtype: torch.int64 }).index_select(0, L(0)).dtype).toBe(torch.int64);
    // a = torch.tensor(5., requires_grad=True); r = a.index_select(0, torch.tensor([0])); r.grad_fn -> IndexSelectBackward0;
    // (r * 3).backward(); a.grad -> tensor(3.)
    const p = torch.tensor(5, { requires_grad: true });
    const q = p.index_select(0, L(0));
    expect(q.grad_fn?.name()).toBe('IndexSelectBackward0');
    q.mul(3).backward();
    expect([p.grad?.shape, p.grad?.item()]).toEqual([[], 3]);
    // torch.tensor(5.).index_select(0, torch.tensor([1])); torch.tensor(5.).index_select(1, torch.tensor([0]))
    raises(() => s().index_select(0, L(1)), torch.IndexError, 'index out of range in self');
    raises(() => s().index_select(1, L(0)), torch.IndexError, 'Dimension out of range (expected to be in range of [-1, 0], but got 1)');
  });
});

describe('13: PyTorch texts for cat and for 0-d tensors', () => {
  it('narrow, select, indexing, split and chunk of a 0-d tensor', () => {
    // torch.tensor(5.).narrow(0, 0, 1); .narrow(3, 0, 1)
    raises(() => s().narrow(0, 0, 1), torch.RuntimeError, 'narrow() cannot be applied to a 0-dim tensor.');
    raises(() => s().narrow(3, 0, 1), torch.RuntimeError, 'narrow() cannot be applied to a 0-dim tensor.');
    // torch.tensor(5.).select(0, 0); .select(2, 0)
    raises(() => s().select(0, 0), torch.IndexError, 'select() cannot be applied to a 0-dim tensor.');
    raises(() => s().select(2, 0), torch.IndexError, 'select() cannot be applied to a 0-dim tensor.');
    // torch.tensor(5.)[0]
    raises(() => s().index(0), torch.IndexError,
      'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number');
    // torch.tensor(5.)[1]; torch.tensor(5.)[-1]
    raises(() => s().index(1), torch.IndexError, 'index 1 is out of bounds for dimension 0 with size 0');
    raises(() => s().index(-1), torch.IndexError, 'index -1 is out of bounds for dimension 0 with size 0');
    // torch.tensor(5.)[:]; torch.tensor(5.)[0:1]
    raises(() => s().index(null), torch.IndexError, 'slice() cannot be applied to a 0-dim tensor.');
    raises(() => s().index({ start: 0, stop: 1 }), torch.IndexError, 'slice() cannot be applied to a 0-dim tensor.');
    // torch.tensor(5.)[0, 0]
    raises(() => s().index(0, 0), torch.IndexError, 'too many indices for tensor of dimension 0');
    // torch.tensor(5.).split(1); .split([1]); .split(-1); .split(1, 3)
    raises(() => s().split(1), torch.RuntimeError, 'split expects at least a 1-dimensional tensor');
    raises(() => s().split([1]), torch.RuntimeError, 'split expects at least a 1-dimensional tensor');
    raises(() => s().split(-1), torch.RuntimeError, 'split expects at least a 1-dimensional tensor');
    raises(() => s().split(1, 3), torch.RuntimeError, 'split expects at least a 1-dimensional tensor');
    // torch.tensor(5.).chunk(1); .chunk(0)
    raises(() => s().chunk(1), torch.RuntimeError, 'chunk expects at least a 1-dimensional tensor');
    raises(() => s().chunk(0), torch.RuntimeError, 'chunk expects at least a 1-dimensional tensor');
  });

  it("split's and chunk's argument checks come before the dim's", () => {
    // torch.ones(2, 3).split(-1, 5); torch.ones(2, 3).chunk(0, 5); torch.ones(2, 3).split(0, 5)
    raises(() => torch.ones(2, 3).split(-1, 5), torch.RuntimeError, 'split expects split_size be non-negative, but got split_size=-1');
    raises(() => torch.ones(2, 3).chunk(0, 5), torch.RuntimeError, 'chunk expects `chunks` to be greater than 0, got: 0');
    raises(() => torch.ones(2, 3).split(0, 5), torch.IndexError, 'Dimension out of range (expected to be in range of [-2, 1], but got 5)');
  });

  it('flatten of a 0-d tensor wraps its dims first', () => {
    // torch.tensor(5.).flatten(1); .flatten(-2); .flatten(0, 1)
    raises(() => s().flatten(1), torch.IndexError, 'Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    raises(() => s().flatten(-2), torch.IndexError, 'Dimension out of range (expected to be in range of [-1, 0], but got -2)');
    raises(() => s().flatten(0, 1), torch.IndexError, 'Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    // torch.tensor(5.).flatten(-1) -> tensor([5.])
    expect(s().flatten(-1).tolist()).toEqual([5]);
  });

  it('view with a fractional size is a TypeError', () => {
    // torch.ones(6).view(2, 1.5, 2)
    raises(() => torch.ones(6).view(2, 1.5, 2), torch.TypeError, "view(): argument 'size' must be tuple of SymInts, but found element of type float at pos 2");
  });
});

describe("14: view() refuses what PyTorch's strides cannot view", () => {
  // Each row: a JS call, and the Python line whose result (the view error, or the shape) PyTorch 1.13 printed.
  const rows: Array<[string, () => torch.Tensor, number[] | null]> = [
    ['a.t().view(-1)', () => a().t().view(-1), null],
    ['a.t().view(3, 2)', () => a().t().view(3, 2), [3, 2]],
    ['a.t().view(3, 2, 1)', () => a().t().view(3, 2, 1), [3, 2, 1]],
    ['a.t().view(1, 3, 2)', () => a().t().view(1, 3, 2), [1, 3, 2]],
    ['a.t().view(6, 1)', () => a().t().view(6, 1), null],
    ['a.t().view_as(a)', () => a().t().view_as(a()), null],
    ['a.t().unsqueeze(0).view(3, 2)', () => a().t().unsqueeze(0).view(3, 2), [3, 2]],
    ['a.t().t().view(-1)', () => a().t().t().view(-1), [6]],
    ['a.T.view(-1)', () => a().T.view(-1), null],
    ['a.transpose(0, 1).view(-1)', () => a().transpose(0, 1).view(-1), null],
    ['a.permute(1, 0).view(-1)', () => a().permute(1, 0).view(-1), null],
    ['a.permute(0, 1).view(-1)', () => a().permute(0, 1).view(-1), [6]],
    ['torch.ones(3, 1).expand(3, 2).view(6)', () => torch.ones(3, 1).expand(3, 2).view(6), null],
    ['torch.ones(3, 1).expand(3, 2).view(3, 2, 1)', () => torch.ones(3, 1).expand(3, 2).view(3, 2, 1), [3, 2, 1]],
    ['torch.ones(3).expand(2, 3).view(1, 2, 3)', () => torch.ones(3).expand(2, 3).view(1, 2, 3), [1, 2, 3]],
    ['torch.ones(3).expand(2, 3).view(6)', () => torch.ones(3).expand(2, 3).view(6), null],
    ['torch.ones(3).expand(1, 3).view(3)', () => torch.ones(3).expand(1, 3).view(3), [3]],
    ['a[:, ::2].view(-1)', () => a().index(null, { step: 2 }).view(-1), null],
    ['a[::2].view(-1)', () => a().index({ step: 2 }).view(-1), [3]],
    ['a[:, 1].view(-1)', () => a().index(null, 1).view(-1), [2]],
    ['a[1].view(3, 1)', () => a().index(1).view(3, 1), [3, 1]],
    ['a[:, 1:].view(2, 2, 1)', () => a().index(null, { start: 1 }).view(2, 2, 1), [2, 2, 1]],
    ['a.narrow(1, 0, 2).view(-1)', () => a().narrow(1, 0, 2).view(-1), null],
    ['a.narrow(0, 1, 1).view(-1)', () => a().narrow(0, 1, 1).view(-1), [3]],
    ['a.narrow(1, 0, 1).view(-1)', () => a().narrow(1, 0, 1).view(-1), [2]],
    ['a.split(2, 1)[0].view(-1)', () => a().split(2, 1)[0]!.view(-1), null],
    ['a.chunk(2, 1)[1].view(-1)', () => a().chunk(2, 1)[1]!.view(-1), [2]],
    ['a.split(1)[1].view(-1)', () => a().split(1)[1]!.view(-1), [3]],
    ['a.select(1, 0).view(2, 1)', () => a().select(1, 0).view(2, 1), [2, 1]],
    ['a.t().contiguous().view(-1)', () => a().t().contiguous().view(-1), [6]],
    ['a.t().reshape(3, 2, 1).view(3, 2)', () => a().t().reshape(3, 2, 1).view(3, 2), [3, 2]],
    ['a.t().detach().view(-1)', () => a().t().detach().view(-1), null],
    ['a.t().data.view(-1)', () => a().t().data.view(-1), null],
    ['torch.zeros(0, 3).t().view(-1)', () => torch.zeros(0, 3).t().view(-1), [0]],
    ['torch.zeros(2, 3, 4).transpose(0, 1).view(3, 8)', () => torch.zeros(2, 3, 4).transpose(0, 1).view(3, 8), null],
    ['torch.zeros(2, 3, 4).transpose(0, 1).view(3, 2, 2, 2)', () => torch.zeros(2, 3, 4).transpose(0, 1).view(3, 2, 2, 2), [3, 2, 2, 2]],
    ['torch.zeros(2, 3, 4).permute(2, 0, 1).view(4, 6)', () => torch.zeros(2, 3, 4).permute(2, 0, 1).view(4, 6), [4, 6]],
    ['torch.zeros(2, 3, 4).permute(1, 2, 0).view(12, 2)', () => torch.zeros(2, 3, 4).permute(1, 2, 0).view(12, 2), [12, 2]],
    ['torch.zeros(2, 3, 4).permute(1, 2, 0).view(3, 8)', () => torch.zeros(2, 3, 4).permute(1, 2, 0).view(3, 8), null],
  ];
  it.each(rows)('%s', (_, f, shape) => {
    if (shape === null) raises(f, torch.RuntimeError, VIEW);
    else expect(f().shape).toEqual(shape);
  });

  it('the values of a view that is allowed', () => {
    // a.t().view(3, 2, 1).tolist() -> [[[0.0], [3.0]], [[1.0], [4.0]], [[2.0], [5.0]]]
    expect(a().t().view(3, 2, 1).tolist()).toEqual([[[0], [3]], [[1], [4]], [[2], [5]]]);
  });

  it('reshape copies where view would raise: the copy is a new tensor, free to write', () => {
    // y = a.t(); r = y.reshape(-1); r.add_(1); y -> [[0., 3.], [1., 4.], [2., 5.]] (unchanged); r -> [1., 4., 2., 5., 3., 6.]
    const y = a().t();
    const r = y.reshape(-1);
    r.add_(1);
    expect([y.tolist(), r.tolist()]).toEqual([[[0, 3], [1, 4], [2, 5]], [1, 4, 2, 5, 3, 6]]);
    // a.t().flatten().tolist() -> [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]
    expect(a().t().flatten().tolist()).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('contiguous() copies exactly what PyTorch does not find contiguous', () => {
    // c = a.narrow(1, 0, 2).contiguous(); c.add_(1); c -> [[1., 2.], [4., 5.]] (a copy: a[:, :2] is not contiguous)
    const c = a().narrow(1, 0, 2).contiguous();
    c.add_(1);
    expect(c.tolist()).toEqual([[1, 2], [4, 5]]);
    // y = a[1]; y.contiguous() is y -> True; y = a.narrow(0, 0, 1); y.contiguous() is y -> True; y = a.t(); y.contiguous() is y -> False
    const y1 = a().index(1), y2 = a().narrow(0, 0, 1), y3 = a().t();
    expect([y1.contiguous() === y1, y2.contiguous() === y2, y3.contiguous() === y3]).toEqual([true, true, false]);
  });
});

describe('15: grad_fn names', () => {
  it('split(int) and chunk record SplitBackward0, also for an uneven last piece', () => {
    // [t.grad_fn.name() for t in torch.arange(5.).requires_grad_().split(2)] -> ['SplitBackward0'] * 3 (shapes 2, 2, 1)
    const p = torch.arange(5).float().requires_grad_();
    expect(p.split(2).map((t) => [t.shape[0], t.grad_fn?.name()])).toEqual([[2, 'SplitBackward0'], [2, 'SplitBackward0'], [1, 'SplitBackward0']]);
    // [t.grad_fn.name() for t in torch.arange(5.).requires_grad_().chunk(3)] -> ['SplitBackward0'] * 3
    expect(p.chunk(3).map((t) => t.grad_fn?.name())).toEqual(['SplitBackward0', 'SplitBackward0', 'SplitBackward0']);
    // torch.arange(5.).requires_grad_().split(7)[0].grad_fn.name() -> SplitBackward0 (one piece of 5)
    expect(p.split(7).map((t) => [t.shape[0], t.grad_fn?.name()])).toEqual([[5, 'SplitBackward0']]);
    // torch.arange(5.).requires_grad_().split([2, 3])[0].grad_fn.name() -> SplitWithSizesBackward0
    expect(p.split([2, 3])[0]!.grad_fn?.name()).toBe('SplitWithSizesBackward0');
    // the gradient of the uneven pieces: sum(t.sum() * (i + 1) for i, t in enumerate(p.split(2))).backward(); p.grad -> [1., 1., 2., 2., 3.]
    p.split(2).map((t, i) => t.sum().mul(i + 1)).reduce((u, v) => u.add(v)).backward();
    expect(p.grad?.tolist()).toEqual([1, 1, 2, 2, 3]);
  });

  it('expand to the same shape is a new view recording ExpandBackward0', () => {
    // y = torch.ones(2, 1, 3, requires_grad=True); y.expand(2, 1, 3) is y -> False; .grad_fn -> ExpandBackward0
    const y = torch.ones(2, 1, 3, { requires_grad: true });
    const r = y.expand(2, 1, 3);
    expect([r === y, r.grad_fn?.name()]).toEqual([false, 'ExpandBackward0']);
    // y.expand(-1, -1, -1).grad_fn; y.expand_as(y).grad_fn; torch.broadcast_to(y, (2, 1, 3)).grad_fn -> ExpandBackward0
    expect([y.expand(-1, -1, -1), y.expand_as(y), torch.broadcast_to(y, [2, 1, 3])].map((t) => t.grad_fn?.name())).toEqual(['ExpandBackward0', 'ExpandBackward0', 'ExpandBackward0']);
    // it is a view: z = torch.zeros(2, 3); z.expand(2, 3).add_(1); z -> all ones
    const z = torch.zeros(2, 3);
    z.expand(2, 3).add_(1);
    expect(z.tolist()).toEqual([[1, 1, 1], [1, 1, 1]]);
  });

  it('flatten(d, d) returns the tensor itself', () => {
    // a = torch.arange(6.).reshape(2, 3).requires_grad_(); a.flatten(1, 1) is a -> True; a.flatten(-1, -1) is a -> True
    const t = a().requires_grad_();
    expect([t.flatten(1, 1) === t, t.flatten(-1, -1) === t]).toEqual([true, true]);
    // v = torch.ones(3); v.flatten() is v -> True
    const v = torch.ones(3);
    expect(v.flatten() === v).toBe(true);
    // a.flatten(1, 0)
    raises(() => t.flatten(1, 0), torch.RuntimeError, 'flatten() has invalid args: start_dim cannot come after end_dim');
  });
});
