// The history a copy (where PyTorch has a view) takes again after its source was written in place, against PyTorch
// 1.13 (/usr/bin/python3; the Python beside each case): PyTorch regenerates the view's grad_fn as one
// AsStridedBackward0 node on the base's current history, whenever the shared version counter has moved (a write under
// no_grad too, not one through .data), for views of the view too, and only while the view's base requires grad.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

type Fn = torch.GradFn;
const next = (g: Fn) => g.next_functions.map(([n, i]) => [n === null ? null : n.name(), i]);
// x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
const leaf = () => torch.tensor([[1, 2], [3, 4]], { requires_grad: true });

describe('a copy used after a write to its source', () => {
  it('has one AsStridedBackward0 on the source, whichever op made it', () => {
    // for each op: y = x * 2; v = op(y); y.add_(1); v.grad_fn.name(), next_functions
    //   -> AsStridedBackward0 [('AddBackward0', 0)]
    const ops: Array<[string, (y: torch.Tensor) => torch.Tensor]> = [
      ['t', (y) => y.t()], ['select', (y) => y.index(0)], ['narrow', (y) => y.narrow(0, 0, 1)],
      ['expand', (y) => y.index({ start: 0, stop: 1 }).expand(3, 2)], ['permute', (y) => y.permute(1, 0)],
      ['index', (y) => y.index(null, 1)], ['t.narrow', (y) => y.t().narrow(0, 0, 1)], ['T', (y) => y.T],
      ['transpose', (y) => y.transpose(0, 1)], ['broadcast_to', (y) => y.index(0).broadcast_to([2, 2])],
    ];
    const x = leaf();
    for (const [name, op] of ops) {
      const y = x.mul(2);
      const v = op(y);
      y.add_(1);
      expect([name, v.grad_fn!.name(), next(v.grad_fn!)]).toEqual([name, 'AsStridedBackward0', [['AddBackward0', 0]]]);
    }
  });

  it('after a write under no_grad too, but not after one through .data', () => {
    // y = x * 2; v = y.t(); with torch.no_grad(): y.add_(1) -> AsStridedBackward0 [('MulBackward0', 0)]
    const x = leaf();
    let y = x.mul(2), v = y.t();
    torch.no_grad(() => y.add_(1));
    expect([v.grad_fn!.name(), next(v.grad_fn!)]).toEqual(['AsStridedBackward0', [['MulBackward0', 0]]]);
    // y = x * 2; v = y.t(); y.data.add_(1) -> TBackward0, v.tolist() -> [[3., 7.], [5., 9.]]
    y = x.mul(2);
    v = y.t();
    y.data.add_(1);
    expect(v.grad_fn!.name()).toBe('TBackward0');
    expect(v.tolist()).toEqual([[3, 7], [5, 9]]);
  });

  it('gives the gradient through the new history, repeated entries of an expand added up', () => {
    // w = torch.tensor([[1., -1.], [2., 0.5]]); y = x * x; v = y.narrow(0, 1, 1).t(); y.mul_(3)
    // (v * w[:, :1]).sum().backward(); x.grad -> [[0., 0.], [18., 48.]]
    const x = leaf();
    const w = torch.tensor([[1, -1], [2, 0.5]]);
    let y = x.mul(x), v = y.narrow(0, 1, 1).t();
    y.mul_(3);
    v.mul(w.index(null, { stop: 1 })).sum().backward();
    expect(x.grad!.tolist()).toEqual([[0, 0], [18, 48]]);
    // x.grad = None; y = x * 1; v = y[0:1].expand(3, 2); y.add_(1)
    // (v * torch.tensor([[1.], [2.], [3.]])).sum().backward(); x.grad -> [[6., 6.], [0., 0.]]
    x.grad = null;
    y = x.mul(1);
    v = y.index({ start: 0, stop: 1 }).expand(3, 2);
    y.add_(1);
    v.mul(torch.tensor([[1], [2], [3]])).sum().backward();
    expect(v.grad_fn!.name()).toBe('AsStridedBackward0');
    expect(x.grad!.tolist()).toEqual([[6, 6], [0, 0]]);
  });

  it('differentiates twice through it', () => {
    // y = x * x; v = y.t(); y.add_(1); z = (v * v).sum(); g, = torch.autograd.grad(z, x, create_graph=True)
    // g -> [[8., 40.], [120., 272.]]; g.sum().backward(); x.grad -> [[16., 52.], [112., 196.]]
    const x = leaf();
    const y = x.mul(x), v = y.t();
    y.add_(1);
    const [g] = torch.autograd.grad(v.mul(v).sum(), x, { create_graph: true }) as torch.Tensor[];
    expect(g!.tolist()).toEqual([[8, 40], [120, 272]]);
    g!.sum().backward();
    expect(x.grad!.tolist()).toEqual([[16, 52], [112, 196]]);
  });

  it('gives a view of the copy its own AsStridedBackward0 on the source, unless a detach() is in its chain', () => {
    // y = x * 2; v = y.narrow(0, 0, 1); u = v.view(2); y.add_(1)
    // u.grad_fn -> AsStridedBackward0 [('AddBackward0', 0)]; v.grad_fn -> AsStridedBackward0
    const x = leaf();
    let y = x.mul(2);
    const v = y.narrow(0, 0, 1), u = v.view(2);
    y.add_(1);
    expect([u.grad_fn!.name(), next(u.grad_fn!), v.grad_fn!.name()]).toEqual(['AsStridedBackward0', [['AddBackward0', 0]], 'AsStridedBackward0']);
    // y = x * 2; c0 = y.t(); c2 = c0.detach().unsqueeze(0); y.add_(1)
    // c2.requires_grad, c2.grad_fn -> False None; c2.tolist() -> [[[3., 7.], [5., 9.]]]
    y = x.mul(2);
    const c0 = y.t(), c2 = c0.detach().unsqueeze(0);
    y.add_(1);
    expect([c2.requires_grad, c2.grad_fn, c2.tolist()]).toEqual([false, null, [[[3, 7], [5, 9]]]]);
  });
});

describe('a view over its base storage after an unrecorded write to it', () => {
  it('has one AsStridedBackward0 on the base too, and the same gradient', () => {
    // y = x * 2; v = y.view(4); u = y.unsqueeze(0); with torch.no_grad(): y.add_(1)
    // v.grad_fn -> AsStridedBackward0 [('MulBackward0', 0)]; u.grad_fn -> AsStridedBackward0
    // (v * torch.tensor([1., 2., 3., 4.])).sum().backward(); x.grad -> [[2., 4.], [6., 8.]]; v -> [3., 5., 7., 9.]
    const x = leaf();
    let y = x.mul(2);
    let v = y.view(4);
    const u = y.unsqueeze(0);
    torch.no_grad(() => y.add_(1));
    expect([v.grad_fn!.name(), next(v.grad_fn!), u.grad_fn!.name()]).toEqual(['AsStridedBackward0', [['MulBackward0', 0]], 'AsStridedBackward0']);
    v.mul(torch.tensor([1, 2, 3, 4])).sum().backward();
    expect([x.grad!.tolist(), v.tolist()]).toEqual([[[2, 4], [6, 8]], [3, 5, 7, 9]]);
    // y = x * 2; v = y.view(4); y.data.add_(1); v.grad_fn -> ViewBackward0
    y = x.mul(2);
    v = y.view(4);
    y.data.add_(1);
    expect(v.grad_fn!.name()).toBe('ViewBackward0');
  });
});
