// torch.flip, torch.tile, Tensor.repeat and torch.unbind against PyTorch 1.13 (/usr/bin/python3; the Python and its
// output above each case; Python's int lists are JS numbers with dtype int64 given): values, dtypes, grad_fn names and gradients, argument forms and error texts. unbind's pieces
// are multi-output views in PyTorch: twingrad's copies refuse where PyTorch does, naming `Output n of UnbindBackward0`.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';

const TAIL = 'This view is the output of a function that returns multiple views. Such functions do not allow the output views to be ' +
  'modified inplace. You should replace the inplace operation by an out-of-place one.';
const itself = (fn: string) => `RuntimeError: ${fn} is a view and is being modified inplace. ${TAIL}`;
const viaBase = (fn: string) => `RuntimeError: ${fn} is a view and its base or another view of its base has been modified inplace. ${TAIL}`;
const NO_GRAD = 'RuntimeError: A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use ' +
  "case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside " +
  "the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).";

// x = torch.arange(6.).reshape(2,3).requires_grad_()
const x23 = () => torch.arange(6).reshape(2, 3).requires_grad_();
const list = (t: torch.Tensor) => t.tolist();

describe('flip', () => {
  it('takes a list in torch.flip and a list or varargs in the method, negative dims too', () => {
    // torch.flip(x, [0]) -> tensor([[3., 4., 5.], [0., 1., 2.]], grad_fn=<FlipBackward0>)
    const x = x23();
    const y = torch.flip(x, [0]);
    expect([list(y), String(y.grad_fn)]).toEqual([[[3, 4, 5], [0, 1, 2]], '<FlipBackward0 object>']);
    // torch.flip(x, (0,1)) and x.flip(0,1) -> [[5., 4., 3.], [2., 1., 0.]]; x.flip(-1) -> [[2., 1., 0.], [5., 4., 3.]]
    expect(list(torch.flip(x, [0, 1]))).toEqual([[5, 4, 3], [2, 1, 0]]);
    expect(list(x.flip(0, 1))).toEqual([[5, 4, 3], [2, 1, 0]]);
    expect(list(x.flip(-1))).toEqual([[2, 1, 0], [5, 4, 3]]);
    // x.flip([]) -> tensor([[0., 1., 2.], [3., 4., 5.]], grad_fn=<FlipBackward0>); z._base is None -> True
    const z = x.flip([]);
    expect([list(z), String(z.grad_fn), z._base]).toEqual([[[0, 1, 2], [3, 4, 5]], '<FlipBackward0 object>', null]);
  });

  it('keeps dtypes and takes 0-d and empty tensors', () => {
    // torch.flip(torch.tensor([[1,2],[3,4]]), [0, 1]) -> tensor([[4, 3], [2, 1]])
    const i = torch.flip(torch.tensor([[1, 2], [3, 4]], { dtype: torch.int64 }), [0, 1]);
    expect([list(i), i.dtype]).toEqual([[[4, 3], [2, 1]], torch.int64]);
    // torch.tensor([True,False]).flip(0) -> tensor([False,  True])
    expect(list(torch.tensor([true, false]).flip(0))).toEqual([false, true]);
    // torch.tensor([[1.,2.]], dtype=torch.float64).flip(0, 1).dtype -> torch.float64
    expect(torch.tensor([[1, 2]], { dtype: torch.float64 }).flip(0, 1).dtype).toBe(torch.float64);
    // torch.tensor(3.).flip(0), .flip(-1), .flip([]) -> tensor(3.); torch.zeros(0,2).flip(0) -> tensor([], size=(0, 2))
    const s = torch.tensor(3);
    expect([s.flip(0), s.flip(-1), s.flip([])].map(String)).toEqual(['tensor(3.)', 'tensor(3.)', 'tensor(3.)']);
    expect(String(torch.zeros(0, 2).flip(0))).toBe('tensor([], size=(0, 2))');
  });

  it("raises PyTorch's errors", () => {
    const x = x23();
    // x.flip([0,0]) and x.flip([0,-2]) -> RuntimeError: dim 0 appears multiple times in the list of dims
    expect(err(() => x.flip([0, 0]))).toBe('RuntimeError: dim 0 appears multiple times in the list of dims');
    expect(err(() => x.flip([0, -2]))).toBe('RuntimeError: dim 0 appears multiple times in the list of dims');
    // x.flip([2]) -> IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)
    expect(err(() => x.flip([2]))).toBe('IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    // torch.tensor(3.).flip(1) -> IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)
    expect(err(() => torch.tensor(3).flip(1))).toBe('IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    // x.flip() and torch.flip(x) -> TypeError: flip() missing 1 required positional arguments: "dims"
    expect(err(() => x.flip())).toBe('TypeError: flip() missing 1 required positional arguments: "dims"');
    expect(err(() => (torch.flip as (x: torch.Tensor) => torch.Tensor)(x))).toBe('TypeError: flip() missing 1 required positional arguments: "dims"');
    // torch.flip(x, 0) -> TypeError: flip(): argument 'dims' (position 2) must be tuple of ints, not int
    expect(err(() => torch.flip(x, 0 as unknown as number[]))).toBe("TypeError: flip(): argument 'dims' (position 2) must be tuple of ints, not int");
    // x.flip(0.5) and x.flip(0.5, 1) -> TypeError: flip(): argument 'dims' (position 1) must be tuple of ints, not float
    expect(err(() => x.flip(0.5))).toBe("TypeError: flip(): argument 'dims' (position 1) must be tuple of ints, not float");
    expect(err(() => x.flip(0.5, 1))).toBe("TypeError: flip(): argument 'dims' (position 1) must be tuple of ints, not float");
    // torch.flip(x, [0.5]) -> TypeError: flip(): argument 'dims' (position 2) must be tuple of ints, not list
    expect(err(() => torch.flip(x, [0.5]))).toBe("TypeError: flip(): argument 'dims' (position 2) must be tuple of ints, not list");
    // x.flip(0, 0.5) and torch.flip(x, (0, 0.5)) -> TypeError: flip(): argument 'dims' must be tuple of ints, but found element of type float at pos 2
    const pos2 = "TypeError: flip(): argument 'dims' must be tuple of ints, but found element of type float at pos 2";
    expect([err(() => x.flip(0, 0.5)), err(() => torch.flip(x, [0, 0.5]))]).toEqual([pos2, pos2]);
  });
});

describe('repeat and tile', () => {
  it('repeat takes varargs or a list, new dims in front, and records RepeatBackward0', () => {
    // x.repeat(2,1), x.repeat([2,1]) -> [[0,1,2],[3,4,5],[0,1,2],[3,4,5]], grad_fn=<RepeatBackward0>; x.repeat(1,2,1).shape -> [1, 4, 3]
    const x = x23();
    const y = x.repeat(2, 1);
    expect([list(y), String(y.grad_fn), y._base]).toEqual([[[0, 1, 2], [3, 4, 5], [0, 1, 2], [3, 4, 5]], '<RepeatBackward0 object>', null]);
    expect(list(x.repeat([2, 1]))).toEqual(list(y));
    expect(x.repeat(1, 2, 1).shape).toEqual([1, 4, 3]);
    // x.repeat(2,0) -> tensor([], size=(4, 0), grad_fn=<RepeatBackward0>)
    expect(String(x.repeat(2, 0))).toBe('tensor([], size=(4, 0), grad_fn=<RepeatBackward0>)');
  });

  it('tile pads dims with ones in front, where repeat refuses', () => {
    // torch.tile(x, (2,)) and x.tile(2) -> [[0,1,2,0,1,2],[3,4,5,3,4,5]], grad_fn=<RepeatBackward0>
    const x = x23();
    const t = torch.tile(x, [2]);
    expect([list(t), String(t.grad_fn)]).toEqual([[[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]], '<RepeatBackward0 object>']);
    expect(list(x.tile(2))).toEqual(list(t));
    // x.tile(2, 2) -> 4 x 6; x.tile(()) -> x's values, grad_fn=<RepeatBackward0>; x.tile((2,1,1)).shape -> [2, 2, 3]
    expect(x.tile(2, 2).shape).toEqual([4, 6]);
    expect(String(x.tile([]).grad_fn)).toBe('<RepeatBackward0 object>');
    expect(x.tile([2, 1, 1]).shape).toEqual([2, 2, 3]);
    // x.repeat(2) -> RuntimeError: Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor
    expect(err(() => x.repeat(2))).toBe('RuntimeError: Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  });

  it('takes 0-d, empty, int and bool tensors', () => {
    // torch.tensor(3.).repeat(2) -> tensor([3., 3.]); .repeat([]) and .tile([]) -> tensor(3.); .tile(2,3) -> 2 x 3 of 3.
    const s = torch.tensor(3);
    expect([String(s.repeat(2)), String(s.repeat([])), String(s.tile([]))]).toEqual(['tensor([3., 3.])', 'tensor(3.)', 'tensor(3.)']);
    expect(list(s.tile(2, 3))).toEqual([[3, 3, 3], [3, 3, 3]]);
    // torch.zeros(0,2).repeat(3,2).shape -> torch.Size([0, 4])
    expect(torch.zeros(0, 2).repeat(3, 2).shape).toEqual([0, 4]);
    // torch.tensor([1,2]).repeat(2) -> tensor([1, 2, 1, 2]); torch.tensor([True,False]).repeat(2) -> tensor([ True, False,  True, False])
    const i = torch.tensor([1, 2], { dtype: torch.int64 }).repeat(2);
    expect([list(i), i.dtype]).toEqual([[1, 2, 1, 2], torch.int64]);
    expect(list(torch.tensor([true, false]).repeat(2))).toEqual([true, false, true, false]);
  });

  it("raises PyTorch's errors", () => {
    const x = x23();
    // x.repeat(2,-1) -> RuntimeError: Trying to create tensor with negative dimension -3: [4, -3]
    expect(err(() => x.repeat(2, -1))).toBe('RuntimeError: Trying to create tensor with negative dimension -3: [4, -3]');
    // x.tile((-1,)) -> RuntimeError: Trying to create tensor with negative dimension -3: [2, -3]
    expect(err(() => x.tile([-1]))).toBe('RuntimeError: Trying to create tensor with negative dimension -3: [2, -3]');
    // torch.zeros(0,2).repeat(1,-1) -> ... -2: [0, -2]; torch.tensor([1.,2.]).repeat(-2, 0) -> ... -2: [-2, 0]
    expect(err(() => torch.zeros(0, 2).repeat(1, -1))).toBe('RuntimeError: Trying to create tensor with negative dimension -2: [0, -2]');
    expect(err(() => torch.tensor([1, 2]).repeat(-2, 0))).toBe('RuntimeError: Trying to create tensor with negative dimension -2: [-2, 0]');
    // x.repeat() -> TypeError: repeat() missing 1 required positional arguments: "repeats"
    expect(err(() => x.repeat())).toBe('TypeError: repeat() missing 1 required positional arguments: "repeats"');
    // x.repeat(2, 1.5) and x.repeat([1, 0.5]) -> TypeError: repeat(): argument 'repeats' must be tuple of SymInts, but found element of type float at pos 2
    const pos2 = "TypeError: repeat(): argument 'repeats' must be tuple of SymInts, but found element of type float at pos 2";
    expect([err(() => x.repeat(2, 1.5)), err(() => x.repeat([1, 0.5]))]).toEqual([pos2, pos2]);
    // x.repeat(0.5) -> TypeError: repeat(): argument 'repeats' (position 1) must be tuple of SymInts, not float
    expect(err(() => x.repeat(0.5))).toBe("TypeError: repeat(): argument 'repeats' (position 1) must be tuple of SymInts, not float");
    // torch.tile(x, 2) -> TypeError: tile(): argument 'dims' (position 2) must be tuple of ints, not int
    expect(err(() => torch.tile(x, 2 as unknown as number[]))).toBe("TypeError: tile(): argument 'dims' (position 2) must be tuple of ints, not int");
    // x.tile() -> TypeError: tile() missing 1 required positional arguments: "dims"; x.tile(0.5) -> ... (position 1) must be tuple of ints, not float
    expect(err(() => x.tile())).toBe('TypeError: tile() missing 1 required positional arguments: "dims"');
    expect(err(() => x.tile(0.5))).toBe("TypeError: tile(): argument 'dims' (position 1) must be tuple of ints, not float");
    // x.tile([1, 0.5]) -> TypeError: tile(): argument 'dims' must be tuple of ints, but found element of type float at pos 2
    expect(err(() => x.tile([1, 0.5]))).toBe("TypeError: tile(): argument 'dims' must be tuple of ints, but found element of type float at pos 2");
  });
});

describe('gradients', () => {
  it('of repeat sum the tiles', () => {
    // w = torch.tensor([1.,2.,3.], dtype=torch.float64, requires_grad=True); y = w.repeat(2,2)
    // (y * torch.arange(12.).reshape(2,6)).sum().backward(); w.grad -> tensor([18., 22., 26.], dtype=torch.float64)
    const w = torch.tensor([1, 2, 3], { dtype: torch.float64, requires_grad: true });
    w.repeat(2, 2).mul(torch.arange(12).reshape(2, 6)).sum().backward();
    expect(String(w.grad)).toBe('tensor([18., 22., 26.], dtype=torch.float64)');
  });

  it('run through flip, tile and unbind in a chain, with the nodes PyTorch records', () => {
    // a = torch.tensor([[1.,2.,3.],[4.,5.,6.]], dtype=torch.float64, requires_grad=True); y = a.flip(1).tile(2).unbind(0)
    // y[0].grad_fn -> <UnbindBackward0>, next_functions ((<RepeatBackward0>, 0),), its next ((<FlipBackward0>, 0),)
    // (y[0] * y[1]).sum().backward(); a.grad -> [[8., 10., 12.], [2., 4., 6.]]
    const a = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: torch.float64, requires_grad: true });
    const y = a.flip(1).tile(2).unbind(0);
    const fn = y[0]!.grad_fn!;
    expect(String(fn)).toBe('<UnbindBackward0 object>');
    expect(fn.next_functions.map(([f, i]) => [String(f), i])).toEqual([['<RepeatBackward0 object>', 0]]);
    expect(fn.next_functions[0]![0]!.next_functions.map(([f, i]) => [String(f), i])).toEqual([['<FlipBackward0 object>', 0]]);
    y[0]!.mul(y[1]!).sum().backward();
    expect(list(a.grad!)).toEqual([[8, 10, 12], [2, 4, 6]]);
  });

  it('of repeat differentiate again, the first one made by a sum', () => {
    // b = torch.tensor([[1.,2.],[3.,4.]], dtype=torch.float64, requires_grad=True)
    // g, = torch.autograd.grad(b.repeat(2, 1).pow(2).sum(), b, create_graph=True) -> [[4., 8.], [12., 16.]], grad_fn=<SumBackward1>
    // torch.autograd.grad(g.sum(), b) -> [[4., 4.], [4., 4.]]
    const b = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float64, requires_grad: true });
    const [g] = torch.autograd.grad(b.repeat(2, 1).pow(2).sum(), b, { create_graph: true });
    expect([list(g!), String(g!.grad_fn)]).toEqual([[[4, 8], [12, 16]], '<SumBackward1 object>']);
    expect(list(torch.autograd.grad(g!.sum(), b)[0]!)).toEqual([[4, 4], [4, 4]]);
  });
});

describe('unbind', () => {
  it('gives the slices along dim as views of one UnbindBackward0 node', () => {
    // y = x * 2; ps = y.unbind(1) -> (tensor([0., 6.]), tensor([2., 8.]), tensor([ 4., 10.])), each grad_fn=<UnbindBackward0>
    // ps[0].grad_fn is ps[1].grad_fn -> True; ps[0]._base is y -> True; ps[0].grad_fn.next_functions -> ((<MulBackward0>, 0),)
    const y = x23().mul(2);
    const ps = y.unbind(1);
    expect(ps.map(String)).toEqual(['tensor([0., 6.], grad_fn=<UnbindBackward0>)', 'tensor([2., 8.], grad_fn=<UnbindBackward0>)',
      'tensor([ 4., 10.], grad_fn=<UnbindBackward0>)']);
    expect([ps[0]!.grad_fn === ps[1]!.grad_fn, ps[0]!._base === y]).toEqual([true, true]);
    expect(ps[0]!.grad_fn!.next_functions.map(([f, i]) => [String(f), i])).toEqual([['<MulBackward0 object>', 0]]);
    // torch.unbind(y) -> (tensor([0., 2., 4.]), tensor([ 6.,  8., 10.])); torch.unbind(y, dim=-1) -> as y.unbind(1)
    expect(torch.unbind(y).map(list)).toEqual([[0, 2, 4], [6, 8, 10]]);
    expect(torch.unbind(y, { dim: -1 }).map(list)).toEqual([[0, 6], [2, 8], [4, 10]]);
  });

  it('takes int and empty tensors', () => {
    // torch.tensor([1,2,3]).unbind() -> (tensor(1), tensor(2), tensor(3))
    expect(torch.tensor([1, 2, 3], { dtype: torch.int64 }).unbind().map(String)).toEqual(['tensor(1)', 'tensor(2)', 'tensor(3)']);
    // torch.zeros(0,2).unbind() -> (); torch.zeros(2,0).unbind() -> (tensor([]), tensor([]))
    expect(torch.zeros(0, 2).unbind()).toEqual([]);
    expect(torch.zeros(2, 0).unbind().map(String)).toEqual(['tensor([])', 'tensor([])']);
  });

  it('sums the gradients of the pieces', () => {
    // w = torch.tensor([[1.,2.],[3.,4.]], dtype=torch.float64, requires_grad=True); a, b = w.unbind(1)
    // (a*3 + b*b).sum().backward(); w.grad -> [[3., 4.], [3., 8.]]
    const w = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float64, requires_grad: true });
    const [a, b] = w.unbind(1);
    a!.mul(3).add(b!.mul(b!)).sum().backward();
    expect(list(w.grad!)).toEqual([[3, 4], [3, 8]]);
  });

  it("raises PyTorch's errors for the dim", () => {
    // y.unbind(2) -> IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2); x.unbind(-3): ... got -3)
    const y = x23().mul(2);
    expect(err(() => y.unbind(2))).toBe('IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(err(() => y.unbind(-3))).toBe('IndexError: Dimension out of range (expected to be in range of [-2, 1], but got -3)');
    // torch.tensor(3.).unbind() and .unbind(-1) -> IndexError: Dimension specified as 0 but tensor has no dimensions
    expect(err(() => torch.tensor(3).unbind())).toBe('IndexError: Dimension specified as 0 but tensor has no dimensions');
    expect(err(() => torch.tensor(3).unbind(-1))).toBe('IndexError: Dimension specified as 0 but tensor has no dimensions');
    // torch.tensor(3.).unbind(5) -> IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 5)
    expect(err(() => torch.tensor(3).unbind(5))).toBe('IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 5)');
  });

  it('refuses an in-place op on a piece, or on a view of one, as a multi-output view', () => {
    // y.unbind(0)[0].add_(1) -> RuntimeError: Output 0 of UnbindBackward0 is a view and is being modified inplace. ...
    const y = x23().mul(2);
    expect(err(() => y.unbind(0)[0]!.add_(1))).toBe(itself('Output 0 of UnbindBackward0'));
    // p = y.unbind()[0]; p.view(3).add_(1) -> RuntimeError: Output 0 of ViewBackward0 is a view and is being modified inplace. ...
    expect(err(() => y.unbind()[0]!.view(3).add_(1))).toBe(itself('Output 0 of ViewBackward0'));
  });

  it('refuses a piece\'s history after a write to its base', () => {
    // ps = y.unbind(1); y.add_(1); ps[2].grad_fn, ps[2] * 3 -> RuntimeError: Output 2 of UnbindBackward0 is a view and its base ...
    // ps[1].sum() -> the same naming Output 1
    const y = x23().mul(2);
    const ps = y.unbind(1);
    y.add_(1);
    expect(err(() => ps[2]!.grad_fn)).toBe(viaBase('Output 2 of UnbindBackward0'));
    expect(err(() => ps[2]!.mul(3))).toBe(viaBase('Output 2 of UnbindBackward0'));
    expect(err(() => ps[1]!.sum())).toBe(viaBase('Output 1 of UnbindBackward0'));
  });

  it('made under no_grad, requires grad without a grad_fn and refuses an in-place op with grad mode on', () => {
    // with torch.no_grad(): q = y.unbind()
    // q[0].requires_grad, q[0].grad_fn -> True None; q[0].add_(1) -> RuntimeError: A view was created in no_grad mode ...
    const y = x23().mul(2);
    const q = torch.no_grad(() => y.unbind());
    expect([q[0]!.requires_grad, q[0]!.grad_fn]).toEqual([true, null]);
    expect(err(() => q[0]!.add_(1))).toBe(NO_GRAD);
  });

  it('follows writes to its base', () => {
    // x = torch.tensor([[1.,2.],[3.,4.]]); ps = x.unbind(); x.add_(1); ps[0] -> tensor([2., 3.]); ps[1]._base is x -> True
    const x = torch.tensor([[1, 2], [3, 4]]);
    const ps = x.unbind();
    x.add_(1);
    expect([String(ps[0]), ps[1]!._base === x]).toEqual(['tensor([2., 3.])', true]);
  });
});
