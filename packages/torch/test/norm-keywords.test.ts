// torch.norm and Tensor.norm with Python's keywords after positional arguments (`x.norm(2, dim=1)` is
// `x.norm(2, { dim: 1 })`), against PyTorch 1.13 (/usr/bin/python3; the Python and what it printed beside each case).
// In the comments x = torch.tensor([[1., -2, 3], [3, 0, -1]], requires_grad=True).
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { raises } from './thrown.js';

const x = () => torch.tensor([[1, -2, 3], [3, 0, -1]], { requires_grad: true });

describe('norm with keywords after positional arguments', () => {
  const cases: Array<[string, (t: torch.Tensor) => torch.Tensor, string]> = [
    // x.norm(float('inf'), dim=1) -> tensor([3., 3.], grad_fn=<NormBackward1>)
    ['x.norm(inf, dim=1)', (t) => t.norm(Infinity, { dim: 1 }), 'tensor([3., 3.], grad_fn=<NormBackward1>)'],
    ['torch.norm(x, inf, dim=1)', (t) => torch.norm(t, Infinity, { dim: 1 }), 'tensor([3., 3.], grad_fn=<NormBackward1>)'],
    // x.norm(float('inf'), 1, keepdim=True) -> tensor([[3.], [3.]], grad_fn=<NormBackward1>)
    ['x.norm(inf, 1, keepdim=True)', (t) => t.norm(Infinity, 1, { keepdim: true }), 'tensor([[3.],\n        [3.]], grad_fn=<NormBackward1>)'],
    // torch.norm(x, p=1, dim=(0, 1)) -> tensor(10., grad_fn=<NormBackward1>)
    ['torch.norm(x, p=1, dim=(0, 1))', (t) => torch.norm(t, { p: 1, dim: [0, 1] }), 'tensor(10., grad_fn=<NormBackward1>)'],
    // x.norm(dim=1, p=3) -> tensor([3.3019, 3.0366], grad_fn=<NormBackward1>)
    ['x.norm(dim=1, p=3)', (t) => t.norm({ dim: 1, p: 3 }), 'tensor([3.3019, 3.0366], grad_fn=<NormBackward1>)'],
    // x.norm(2, dim=1) -> tensor([3.7417, 3.1623], grad_fn=<NormBackward1>)
    ['x.norm(2, dim=1)', (t) => t.norm(2, { dim: 1 }), 'tensor([3.7417, 3.1623], grad_fn=<NormBackward1>)'],
    // x.norm(2, 1, True) -> tensor([[3.7417], [3.1623]], grad_fn=<NormBackward1>)
    ['x.norm(2, 1, True)', (t) => t.norm(2, 1, true), 'tensor([[3.7417],\n        [3.1623]], grad_fn=<NormBackward1>)'],
    // x.norm() -> tensor(4.8990, grad_fn=<NormBackward1>)
    ['x.norm()', (t) => t.norm(), 'tensor(4.8990, grad_fn=<NormBackward1>)'],
  ];
  it.each(cases)('%s', (_, f, expected) => {
    expect(String(f(x()))).toBe(expected);
  });

  it('differentiates the inf-norm as PyTorch does, signs of zero included', () => {
    // y = x.norm(float('inf'), dim=1); y.sum().backward(); x.grad -> tensor([[0., -0., 1.], [1., 0., -0.]])
    const t = x();
    t.norm(Infinity, { dim: 1 }).sum().backward();
    expect(String(t.grad)).toBe('tensor([[0., -0., 1.],\n        [1., 0., -0.]])');
  });

  it('refuses an unknown keyword with Python\'s TypeError, and dtype= (not supported) by name', () => {
    // x.norm(2, dim=1, bogus=1) -> TypeError: Tensor.norm() got an unexpected keyword argument 'bogus'
    raises(() => x().norm(2, { dim: 1, bogus: 1 } as never), torch.TypeError, "Tensor.norm() got an unexpected keyword argument 'bogus'");
    // torch.norm(x, 2, bogus=1) -> TypeError: norm() got an unexpected keyword argument 'bogus'
    raises(() => torch.norm(x(), 2, { bogus: 1 } as never), torch.TypeError, "norm() got an unexpected keyword argument 'bogus'");
    raises(() => x().norm(2, { dim: 1, dtype: torch.float64 } as never), torch.RuntimeError,
      "norm(): twingrad does not support the dtype argument; cast the input first (x.double().norm(...))");
  });
});
