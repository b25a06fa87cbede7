// The torch facade's copies where PyTorch returns views (index, select, narrow, split, chunk, t, transpose, permute,
// T, expand, broadcast_to) follow in-place writes to the tensor they came from, as PyTorch's views show them. Each
// expected value was printed by /usr/bin/python3's PyTorch 1.13; the Python is in the comment above it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as torch from '@twingrad/torch';

function errorOf(f: () => unknown): string {
  try { f(); } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; }
  return 'no error';
}

describe('a copy shows writes to its source', () => {
  // x = torch.arange(6.).reshape(2, 3); v = <op>; x.mul_(2); x.add_(1); v.tolist(), v._version
  it('every op that copies where PyTorch views, and views and copies of those', () => {
    const x = torch.arange(6).float().reshape(2, 3);
    const vs: Record<string, torch.Tensor> = {
      narrow: x.narrow(1, 0, 2), select: x.select(0, 1), index: x.index(null, { start: 1 }), t: x.t(), transpose: x.transpose(0, 1),
      permute: x.permute(1, 0), T: x.T, expand: x.index({ start: 0, stop: 1 }).expand(2, 3), broadcast_to: x.index(1).broadcast_to([2, 3]),
      split: x.split(1)[1]!, chunk: x.chunk(3, 1)[2]!, tu: x.t().unsqueeze(0), tn: x.t().narrow(0, 1, 2),
    };
    x.mul_(2);
    x.add_(1);
    const got = Object.fromEntries(Object.entries(vs).map(([k, v]) => [k, [v.tolist(), v._version]]));
    expect(got).toEqual({
      narrow: [[[1, 3], [7, 9]], 2], select: [[7, 9, 11], 2], index: [[[3, 5], [9, 11]], 2],
      t: [[[1, 7], [3, 9], [5, 11]], 2], transpose: [[[1, 7], [3, 9], [5, 11]], 2], permute: [[[1, 7], [3, 9], [5, 11]], 2],
      T: [[[1, 7], [3, 9], [5, 11]], 2], expand: [[[1, 3, 5], [1, 3, 5]], 2], broadcast_to: [[[7, 9, 11], [7, 9, 11]], 2],
      split: [[[7, 9, 11]], 2], chunk: [[[5], [11]], 2], tu: [[[[1, 7], [3, 9], [5, 11]]], 2], tn: [[[3, 9], [5, 11]], 2],
    });
  });

  // x = torch.tensor([1., 2., 3.]); v = x[1:]; d = v.detach(); x.zero_(); v.clone().tolist(), d.tolist() -> [0., 0.] both
  it('a clone taken after the write, and a detached alias of the copy', () => {
    const x = torch.tensor([1, 2, 3]);
    const v = x.index({ start: 1 });
    const d = v.detach();
    x.zero_();
    expect([v.clone().tolist(), d.tolist()]).toEqual([[0, 0], [0, 0]]);
  });

  it('any sequence of writes: the copy equals the op taken again on the source (fuzz)', () => {
    const ops: Array<[string, (x: torch.Tensor) => torch.Tensor]> = [
      ['narrow', (x) => x.narrow(1, 1, 2)], ['select', (x) => x.select(0, 1)], ['index', (x) => x.index({ start: 0, stop: 1 }, 2)],
      ['t', (x) => x.t()], ['permute', (x) => x.permute(1, 0)], ['expand', (x) => x.index(null, { start: 0, stop: 1 }).expand(2, 3)],
      ['split', (x) => x.split(1, 1)[2]!], ['t.narrow', (x) => x.t().narrow(0, 0, 2)], ['t.unsqueeze', (x) => x.t().unsqueeze(1)],
    ];
    const writes: Array<(x: torch.Tensor, c: number) => unknown> = [
      (x, c) => x.mul_(c), (x, c) => x.add_(c), (x, c) => x.fill_(c), (x) => x.zero_(), (x, c) => x.view(3, 2).add_(c),
      (x, c) => x.view(-1).mul_(c), (x, c) => x.copy_(torch.full([2, 3], c)),
    ];
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(writes.length - 1), fc.integer({ min: -3, max: 3 }), fc.boolean()), { maxLength: 6 }),
      (steps) => {
        const x = torch.arange(6).float().reshape(2, 3);
        const copies = ops.map(([, f]) => f(x));
        for (const [w, c, read] of steps) {
          writes[w]!(x, c);
          // read some copies between writes, so that a copy follows several writes, or one at a time
          if (read) copies.forEach((v) => v.sum());
        }
        const fresh = torch.tensor(x.tolist() as number[][]);
        ops.forEach(([name, f], k) => expect(copies[k]!.tolist(), name).toEqual(f(fresh).tolist()));
      }), { seed: 8, numRuns: 150 });
  });
});

describe('a copy follows the storage it was taken from', () => {
  // x = torch.tensor([1., 2., 3.]); v = x[:2]; x.data = torch.tensor([10., 20., 30.]); x.mul_(2); v.tolist(), v._version -> [1., 2.] 1
  // x = torch.tensor([[1., 2.], [3., 4.]]); v = x.t(); x.data = torch.tensor([1., 2., 3.]); x.mul_(2); v.shape, v.tolist()
  //   -> [2, 2] [[1., 3.], [2., 4.]]
  // x = torch.tensor([1., 2., 3.]); p = x.chunk(2)[1]; x.data = torch.tensor([[5., 6., 7.]]); x.mul_(2); p.tolist() -> [3.]
  it('not the storage x.data = ... gives its source afterwards', () => {
    let x = torch.tensor([1, 2, 3]);
    const v = x.index({ stop: 2 });
    x.data = torch.tensor([10, 20, 30]);
    x.mul_(2);
    expect([v.tolist(), v._version]).toEqual([[1, 2], 1]);
    x = torch.tensor([[1, 2], [3, 4]]);
    const t = x.t();
    x.data = torch.tensor([1, 2, 3]);
    x.mul_(2);
    expect([[...t.shape], t.tolist()]).toEqual([[2, 2], [[1, 3], [2, 4]]]);
    x = torch.tensor([1, 2, 3]);
    const p = x.chunk(2)[1]!;
    x.data = torch.tensor([[5, 6, 7]]);
    x.mul_(2);
    expect(p.tolist()).toEqual([3]);
  });

  // y = torch.tensor([1., 2., 3.]); v = y[1:]; y.data.add_(-2); v.tolist(), v._version, y._version -> [0., 1.] 0 0
  // w = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True); wt = w.t(); w.data.sub_(0.5)
  // wt.tolist(), wt._version -> [[0.5, 2.5], [1.5, 3.5]] 0 (.data has a version counter of its own)
  it('writes through .data, which leave the version counter as it was', () => {
    const y = torch.tensor([1, 2, 3]);
    const v = y.index({ start: 1 });
    y.data.add_(-2);
    expect([v.tolist(), v._version, y._version]).toEqual([[0, 1], 0, 0]);
    const w = torch.tensor([[1, 2], [3, 4]], { requires_grad: true });
    const wt = w.t();
    w.data.sub_(0.5);
    expect([wt.tolist(), wt._version]).toEqual([[[0.5, 2.5], [1.5, 3.5]], 0]);
  });

  it('a long chain of copies of copies follows its first tensor (taken again from it, not link by link)', () => {
    const x = torch.arange(6).float().reshape(2, 3);
    let r = x;
    for (let i = 0; i < 3001; i++) r = r.t();
    x.mul_(2);
    expect(r.tolist()).toEqual([[0, 6], [2, 8], [4, 10]]);
  });
});

describe('a copy made under no_grad is a view made under no_grad', () => {
  // a = torch.tensor([1., 2., 3.], requires_grad=True); x = a * 1; with torch.no_grad(): v = x[:2]
  // x.mul_(2); v.tolist(), v.requires_grad -> [2., 4.] True; v * 2 and v.is_leaf -> RuntimeError: A view was created in
  // no_grad mode and its base or another view of its base has been modified inplace with grad mode enabled. ...
  it('its history is refused once its source is written in place; its values still read', () => {
    const a = torch.tensor([1, 2, 3], { requires_grad: true });
    const x = a.mul(1);
    const v = torch.no_grad(() => x.index({ stop: 2 }));
    x.mul_(2);
    expect([v.tolist(), v.requires_grad]).toEqual([[2, 4], true]);
    const noGrad = /^RuntimeError: A view was created in no_grad mode and its base or another view of its base has been modified inplace with grad mode enabled/;
    expect(errorOf(() => v.mul(2))).toMatch(noGrad);
    expect(errorOf(() => v.is_leaf)).toMatch(noGrad);
  });
});

describe("writes into a copy's own storage outside the facade", () => {
  // w = torch.zeros(4, 3)[0].requires_grad_(); opt = torch.optim.Adam([w], lr=0.1)
  // 3 x (opt.zero_grad(); (w * torch.ones(3)).sum().backward(); opt.step()); w -> [-0.29999998, ...] (and zeros(4, 3)'s
  // row 0 with it)
  it("an optimizer's step on a copy is kept, as on a leaf parameter, not undone by the next read", () => {
    const train = (w: torch.Tensor): number[] => {
      const opt = new torch.optim.Adam([w], { lr: 0.1 });
      for (let i = 0; i < 3; i++) {
        opt.zero_grad();
        w.mul(torch.ones(3)).sum().backward();
        opt.step();
      }
      return w.tolist() as number[];
    };
    const copy = train(torch.zeros(4, 3).index(0).requires_grad_());
    expect(copy).toEqual(train(torch.zeros(3).requires_grad_()));
    for (const v of copy) expect(v).toBeCloseTo(-0.3, 6);
  });

  // W = torch.zeros(4); with torch.no_grad(): p = W[1:3]
  // p.requires_grad_(); opt = torch.optim.SGD([p], lr=0.5); (p * torch.tensor([1., 2.])).sum().backward(); opt.step()
  // print(W, W._version) -> tensor([ 0.0000, -0.5000, -1.0000,  0.0000]) 1
  // W2 = torch.zeros(2, 2); p2 = W2.t(); p2.requires_grad_(); opt = torch.optim.SGD([p2], lr=1.0)
  // (p2 * torch.tensor([[1., 2.], [3., 4.]])).sum().backward(); opt.step(); print(W2) -> tensor([[-1., -3.], [-2., -4.]])
  it("an optimizer's step on a copy reaches the tensor it was taken from, as PyTorch's on a view writes its base", () => {
    const W = torch.zeros(4);
    const p = torch.no_grad(() => W.index({ start: 1, stop: 3 }));
    p.requires_grad_();
    const opt = new torch.optim.SGD([p], { lr: 0.5 });
    p.mul(torch.tensor([1, 2])).sum().backward();
    opt.step();
    const W2 = torch.zeros(2, 2), p2 = W2.t();
    p2.requires_grad_();
    const opt2 = new torch.optim.SGD([p2], { lr: 1.0 });
    p2.mul(torch.tensor([[1, 2], [3, 4]])).sum().backward();
    opt2.step();
    expect([W.tolist(), W._version, W2.tolist()]).toEqual([[0, -0.5, -1, 0], 1, [[-1, -3], [-2, -4]]]);
  });

  // v = torch.tensor([1., 2.]); x = torch.tensor(3., requires_grad=True); x.grad = v[0]; (x * 2).backward()
  // x.grad -> 3., v -> [3., 2.] (the .grad is a view of v)
  it('a .grad that is a copy keeps what backward adds into it, and passes it on', () => {
    const v = torch.tensor([1, 2]);
    const x = torch.tensor(3, { requires_grad: true });
    x.grad = v.index(0);
    x.mul(2).backward();
    expect([x.grad!.item(), v.tolist()]).toEqual([3, [3, 2]]);
  });

  // v = torch.tensor([1., 2.]); x = torch.tensor(3., requires_grad=True); x.grad = v[0]; v.add_(10)
  // (x * 2).backward(); x.grad -> 13. (the view shows the +10, then takes the +2)
  it('and takes its source\'s writes before backward adds into it', () => {
    const v = torch.tensor([1, 2]);
    const x = torch.tensor(3, { requires_grad: true });
    x.grad = v.index(0);
    v.add_(10);
    x.mul(2).backward();
    expect(x.grad!.item()).toBe(13);
  });
});

describe('the view checks apply to views and their bases only', () => {
  // x = torch.ones(2, 2); vv = x.view(4); w = torch.tensor(2., requires_grad=True); x.data.mul_(w); vv -> [2., 2., 2., 2.]
  it('an in-place op through .data of a tensor with views is no view of it', () => {
    const x = torch.ones(2, 2);
    const vv = x.view(4);
    const w = torch.tensor(2, { requires_grad: true });
    x.data.mul_(w);
    expect(vv.tolist()).toEqual([2, 2, 2, 2]);
  });
});

describe('a copy shares its source version counter, as a view', () => {
  // w = torch.tensor([1., 2.], requires_grad=True); x = torch.tensor([3., 4., 5.]); v = x.narrow(0, 0, 2)
  // y = (w * v).sum(); x.mul_(2); y.backward() -> RuntimeError: one of the variables needed for gradient computation
  // has been modified by an inplace operation: [torch.FloatTensor [2]] is at version 1; expected version 0 instead. Hint: ...
  it('a saved copy is version-checked after a write to its source', () => {
    const w = torch.tensor([1, 2], { requires_grad: true });
    const x = torch.tensor([3, 4, 5]);
    const v = x.narrow(0, 0, 2);
    const y = w.mul(v).sum();
    x.mul_(2);
    expect(errorOf(() => y.backward())).toBe('RuntimeError: one of the variables needed for gradient computation has been modified by an ' +
      'inplace operation: [torch.FloatTensor [2]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find ' +
      'the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).');
  });
});

describe('gradients through a copy of a tensor written in place', () => {
  // w = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True); wt = w.t()
  // with torch.no_grad(): w.sub_(torch.tensor([[0.5, 0.5], [0.5, 0.5]]))
  // wt.tolist() -> [[0.5, 2.5], [1.5, 3.5]]; (wt * torch.tensor([[1., 2.], [3., 4.]])).sum().backward()
  // w.grad -> [[1., 3.], [2., 4.]]
  it("a leaf's copy after an update under no_grad (an optimizer's step) has the new values and the same gradient", () => {
    const w = torch.tensor([[1, 2], [3, 4]], { requires_grad: true });
    const wt = w.t();
    torch.no_grad(() => w.sub_(torch.tensor([[0.5, 0.5], [0.5, 0.5]])));
    expect(wt.tolist()).toEqual([[0.5, 2.5], [1.5, 3.5]]);
    wt.mul(torch.tensor([[1, 2], [3, 4]])).sum().backward();
    expect(w.grad!.tolist()).toEqual([[1, 3], [2, 4]]);
  });

  // a = torch.tensor([1., 2., 3.], requires_grad=True); x = a * 1; v = x.narrow(0, 0, 2); d = v.detach(); x.mul_(2)
  // v.shape, v._version, v.requires_grad, v.tolist() -> [2] 1 True [2., 4.]; d.tolist() -> [2., 4.]
  // (v * 1).sum().backward(); a.grad -> [2., 2., 0.] (v's grad_fn is regenerated on x's new history)
  it("a copy's history is made again on its source's after a recorded write to the source", () => {
    const a = torch.tensor([1, 2, 3], { requires_grad: true });
    const x = a.mul(1);
    const v = x.narrow(0, 0, 2);
    const d = v.detach();
    x.mul_(2);
    expect([[...v.shape], v._version, v.requires_grad, v.tolist(), d.tolist()]).toEqual([[2], 1, true, [2, 4], [2, 4]]);
    v.mul(1).sum().backward();
    expect(a.grad!.tolist()).toEqual([2, 2, 0]);
  });

  // w = torch.tensor([1., 2., 3.], requires_grad=True); x = torch.zeros(3); v = x[:2]; x.add_(w)
  // v.requires_grad, v.is_leaf -> True False; (v * 3 + w[:2]).sum().backward(); w.grad -> [4., 4., 0.]
  it('a copy of a tensor that comes to require grad by a write requires grad through it', () => {
    const w = torch.tensor([1, 2, 3], { requires_grad: true });
    const x = torch.zeros(3);
    const v = x.index({ stop: 2 });
    x.add_(w);
    expect([v.requires_grad, v.is_leaf]).toEqual([true, false]);
    v.mul(3).add(w.index({ stop: 2 })).sum().backward();
    expect(w.grad!.tolist()).toEqual([4, 4, 0]);
  });

  // a = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True); x = a * 1; v = x.t(); u = v.unsqueeze(0); x.mul_(2)
  // u.tolist() -> [[[2., 6.], [4., 8.]]]; (u * torch.tensor([[[1., 2.], [3., 4.]]])).sum().backward()
  // a.grad -> [[2., 6.], [4., 8.]] (and no error: x shares its storage with no view)
  it("a view of a copy: the write is allowed, and the view's history is made again too", () => {
    const a = torch.tensor([[1, 2], [3, 4]], { requires_grad: true });
    const x = a.mul(1);
    const u = x.t().unsqueeze(0);
    x.mul_(2);
    expect(u.tolist()).toEqual([[[2, 6], [4, 8]]]);
    u.mul(torch.tensor([[[1, 2], [3, 4]]])).sum().backward();
    expect(a.grad!.tolist()).toEqual([[2, 6], [4, 8]]);
  });
});
