// torch.bmm (and narrow with a tensor start, below) as PyTorch 1.13 records and checks it (/usr/bin/python3; the Python and what it printed beside each
// case): one BmmBackward0 node with an edge per operand (torch.matmul of 3-d operands records UnsafeViewBackward0 over
// it), and no broadcasting of the batch: batch2's first two sizes must be batch1's batch size and inner size.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { raises } from './thrown.js';

describe('torch.bmm', () => {
  // a = torch.arange(12.).reshape(2, 2, 3).sub(5).div(3).requires_grad_()
  // b = torch.arange(12.).reshape(2, 3, 2).sub(4).div(2).requires_grad_()
  const a = () => torch.arange(12).reshape(2, 2, 3).sub(5).div(3).requires_grad_();
  const b = () => torch.arange(12).reshape(2, 3, 2).sub(4).div(2).requires_grad_();

  it('records BmmBackward0 with an edge to each operand, and its gradients', () => {
    const x = a(), y = b();
    const z = torch.bmm(x, y);
    // torch.bmm(a, b) -> tensor([[[ 4.6667,  2.6667], [ 1.6667,  1.1667]], [[ 4.6667,  5.6667], [10.6667, 13.1667]]], grad_fn=<BmmBackward0>)
    expect(String(z)).toBe('tensor([[[ 4.6667,  2.6667],\n         [ 1.6667,  1.1667]],\n\n        [[ 4.6667,  5.6667],\n         [10.6667, 13.1667]]], grad_fn=<BmmBackward0>)');
    // [f[0].name() for f in y.grad_fn.next_functions] -> ['torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad']
    expect(z.grad_fn!.next_functions.map(([f]) => f?.name() ?? null)).toEqual(['torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad']);
    // (y * torch.arange(8.).reshape(2, 2, 2)).sum().backward(); a.grad, b.grad ->
    z.mul(torch.arange(8).reshape(2, 2, 2)).sum().backward();
    expect(String(x.grad)).toBe('tensor([[[-1.5000, -0.5000,  0.5000],\n         [-8.5000, -3.5000,  1.5000]],\n\n        [[11.5000, 20.5000, 29.5000],\n         [16.5000, 29.5000, 42.5000]]])');
    expect(String(y.grad)).toBe('tensor([[[-1.3333, -3.6667],\n         [-0.6667, -2.3333],\n         [ 0.0000, -1.0000]],\n\n        [[ 9.3333, 11.0000],\n         [12.6667, 15.0000],\n         [16.0000, 19.0000]]])');
  });

  it('keeps torch.matmul\'s name for 3-d operands, and BmmBackward0 for the method and an empty batch', () => {
    // a.matmul(b).grad_fn -> UnsafeViewBackward0; a.bmm(b).grad_fn -> BmmBackward0
    expect(a().matmul(b()).grad_fn!.name()).toBe('UnsafeViewBackward0');
    expect(a().bmm(b()).grad_fn!.name()).toBe('BmmBackward0');
    // torch.bmm(torch.ones(0, 2, 3, requires_grad=True), torch.ones(0, 3, 2)) -> torch.Size([0, 2, 2]), BmmBackward0
    const e = torch.bmm(torch.ones(0, 2, 3, { requires_grad: true }), torch.ones(0, 3, 2));
    expect([String(e.shape), e.grad_fn!.name()]).toEqual(['torch.Size([0, 2, 2])', 'BmmBackward0']);
  });

  it('does not broadcast the batch, and checks the sizes before the dtypes', () => {
    // torch.bmm(torch.ones(2, 2, 3), torch.ones(1, 3, 2)) -> RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [1, 3].
    raises(() => torch.bmm(torch.ones(2, 2, 3), torch.ones(1, 3, 2)), torch.RuntimeError, 'Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [1, 3].');
    raises(() => torch.bmm(torch.ones(2, 2, 3), torch.ones(2, 4, 2)), torch.RuntimeError, 'Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].');
    // torch.bmm(torch.ones(2, 2, 3), torch.ones(2, 3, 2, dtype=torch.float64)) -> RuntimeError: expected scalar type Float but found Double
    raises(() => torch.bmm(torch.ones(2, 2, 3), torch.ones(2, 3, 2, { dtype: torch.float64 })), torch.RuntimeError, 'expected scalar type Float but found Double');
    // torch.ones(2, 2, 3).bmm(torch.ones(2, 3)) -> RuntimeError: batch2 must be a 3D tensor
    raises(() => torch.ones(2, 2, 3).bmm(torch.ones(2, 3)), torch.RuntimeError, 'batch2 must be a 3D tensor');
  });
});

// narrow.Tensor, against PyTorch 1.13 (/usr/bin/python3), x = torch.arange(6.).reshape(2, 3): a 0-d integer tensor
// start is read as its number; any other tensor is refused first.
describe('narrow with a tensor start', () => {
  const x = () => torch.arange(6).reshape(2, 3);
  const L = (v: number | number[]) => torch.tensor(v, { dtype: torch.int64 });
  it('reads a 0-d integer tensor, wrapping a negative one', () => {
    // x.narrow(1, torch.tensor(1), 2) -> tensor([[1., 2.], [4., 5.]]); x.narrow(1, torch.tensor(-1), 1) -> tensor([[2.], [5.]])
    expect(String(x().narrow(1, L(1), 2))).toBe('tensor([[1., 2.],\n        [4., 5.]])');
    expect(String(x().narrow(1, L(-1), 1))).toBe('tensor([[2.],\n        [5.]])');
    // x.narrow(1, torch.tensor(3), 1) -> RuntimeError: start (3) + length (1) exceeds dimension size (3).
    raises(() => x().narrow(1, L(3), 1), torch.RuntimeError, 'start (3) + length (1) exceeds dimension size (3).');
  });
  it('refuses a tensor that is not 0-d or not integral (bool included)', () => {
    // x.narrow(1, torch.tensor([1]), 2), x.narrow(1, torch.tensor(1.), 2), x.narrow(1, torch.tensor(True), 1) ->
    // RuntimeError: start must be an 0-dim integral Tensor.
    for (const s of [L([1]), torch.tensor(1.0), torch.tensor(true)]) {
      raises(() => x().narrow(1, s, 1), torch.RuntimeError, 'start must be an 0-dim integral Tensor.');
    }
  });
});
