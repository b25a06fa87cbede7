// The grad_fn names of view, reshape and flatten, against PyTorch 1.13 (/usr/bin/python3; the Python beside each
// case): its reshape calls _reshape_alias where the strides allow a view and _unsafe_view of a clone where they do not.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const names = (g: torch.GradFn) => [g.name(), ...g.next_functions.map(([n]) => (n === null ? null : n.name()))];

describe('the history of view, reshape and flatten', () => {
  // x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True); y = x * 1
  const y = () => torch.tensor([[1, 2], [3, 4]], { requires_grad: true }).mul(1);

  it('is ViewBackward0 for view, ReshapeAliasBackward0 for a reshape that views', () => {
    // y.view(4), y.t().view(2, 2) -> ViewBackward0; y.reshape(4), y.flatten(), y.t().reshape(2, 2),
    // y.unsqueeze(0).reshape(2, 2), y[0].reshape(2) -> ReshapeAliasBackward0; y.t().flatten(0, 0) -> TBackward0
    const t = y();
    expect([t.view(4), t.t().view(2, 2)].map((r) => r.grad_fn!.name())).toEqual(['ViewBackward0', 'ViewBackward0']);
    expect([t.reshape(4), t.flatten(), t.t().reshape(2, 2), t.unsqueeze(0).reshape(2, 2), t.index(0).reshape(2)].map((r) => r.grad_fn!.name()))
      .toEqual(Array(5).fill('ReshapeAliasBackward0'));
    expect(t.t().flatten(0, 0).grad_fn!.name()).toBe('TBackward0');
  });

  it('is UnsafeViewBackward0 over CloneBackward0 for one that copies', () => {
    // y.t().reshape(-1), y.t().flatten(), y.expand(2, 2, 2).reshape(-1): UnsafeViewBackward0 [(CloneBackward0, 0)];
    // y.t().contiguous(): CloneBackward0 [(TBackward0, 0)]
    const t = y();
    for (const r of [t.t().reshape(-1), t.t().flatten(), t.expand(2, 2, 2).reshape(-1)]) {
      expect(names(r.grad_fn!)).toEqual(['UnsafeViewBackward0', 'CloneBackward0']);
    }
    expect(names(t.t().contiguous().grad_fn!)).toEqual(['CloneBackward0', 'TBackward0']);
  });

  it('records the gradient of view and reshape as PyTorch\'s grad.reshape, which views: ReshapeAliasBackward0', () => {
    // x = torch.arange(6., requires_grad=True) * 1; y = x.view(2, 3); w = torch.ones(2, 3, requires_grad=True)
    // g, = torch.autograd.grad((y * w).sum(), [x], create_graph=True); g.grad_fn.name() -> ReshapeAliasBackward0 (x.reshape(3, 2) too)
    const x = torch.arange(6, { dtype: torch.float32, requires_grad: true }).mul(1);
    for (const y of [x.view(2, 3), x.reshape(3, 2)]) {
      const w = torch.ones(y.shape, { requires_grad: true });
      expect(torch.autograd.grad([y.mul(w).sum()], [x], { create_graph: true })[0]!.grad_fn!.name()).toBe('ReshapeAliasBackward0');
    }
  });
});
