// In-place ops on views, and on bases that have views, while autograd records them, against PyTorch 1.13
// (/usr/bin/python3; the Python and its output beside each case). PyTorch writes the base through the view and gives
// it a CopySlices history, and makes each view's grad_fn again as AsStridedBackward0 on the base's. twingrad's views
// of indexing, t(), split... are copies that follow their source (copies.ts); the in-place op writes through them
// all the same (core inplaceOnView).
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';

const name = (f: { name(): string } | null): string | null => (f === null ? null : f.name());
const slice = (x: torch.Tensor, start: number, stop?: number): torch.Tensor => x.index({ start, stop });
const T = (d: number[], o?: { requires_grad?: boolean }): torch.Tensor => torch.tensor(d, o);

describe('an in-place op on a view of a tensor that requires grad', () => {
  it('gives the base a CopySlices history and the view an AsStridedBackward0 one', () => {
    // a = torch.tensor([1., 2., 3., 4.], requires_grad=True); x = a * 2; v = x[1:3]; v.mul_(3)
    // print(x.grad_fn, v.grad_fn, x._version, v._version, x.tolist()) -> <CopySlices> <AsStridedBackward0> 1 1 (name(): torch::autograd::CopySlices) [2.0, 12.0, 18.0, 8.0]
    // x.sum().backward(); print(a.grad.tolist()) -> [2.0, 6.0, 6.0, 2.0]
    const a = T([1, 2, 3, 4], { requires_grad: true });
    const x = a.mul(2), v = slice(x, 1, 3);
    v.mul_(3);
    expect([name(x.grad_fn), name(v.grad_fn), x._version, v._version, x.tolist()]).toEqual(['torch::autograd::CopySlices', 'AsStridedBackward0', 1, 1, [2, 12, 18, 8]]);
    x.sum().backward();
    expect(a.grad!.tolist()).toEqual([2, 6, 6, 2]);
  });

  it("shows CopySlices' edges as PyTorch's: the base's old grad_fn, then the op's other inputs", () => {
    // nf = lambda f: [(None if g is None else type(g).__name__, i) for g, i in f.next_functions]
    // x = a * 2; x[1:3].mul_(3) -> [('MulBackward0', 0), (None, 0)]
    // z = torch.zeros(4); z[1:3].add_(w) -> [(None, 0), ('AccumulateGrad', 0)]
    // x = a * 2; x[1:3].exp_() -> [('MulBackward0', 0)]
    // x = a * 2; x.t()[1:3].add_(w.double()) -> [('MulBackward0', 0), ('ToCopyBackward0', 0)]
    const nf = (t: torch.Tensor): Array<[string | null, number]> =>
      t.grad_fn!.next_functions.map(([f, i]): [string | null, number] => [f === null ? null : f.name().replace('torch::autograd::', ''), i]);
    const a = T([1, 2, 3, 4], { requires_grad: true }), w = T([10, 20], { requires_grad: true });
    const x1 = a.mul(2);
    slice(x1, 1, 3).mul_(3);
    const z = torch.zeros(4);
    slice(z, 1, 3).add_(w);
    const x2 = a.mul(2);
    slice(x2, 1, 3).exp_();
    const x3 = a.mul(2);
    slice(x3.t(), 1, 3).add_(w.double());
    expect([nf(x1), nf(z), nf(x2), nf(x3)]).toEqual([
      [['MulBackward0', 0], [null, 0]], [[null, 0], ['AccumulateGrad', 0]], [['MulBackward0', 0]], [['MulBackward0', 0], ['ToCopyBackward0', 0]],
    ]);
  });

  it('writes through a copy of a real view to the base they share', () => {
    // x = (a * 2).view(2, 2); v = x.t(); v.add_(torch.ones(2, 2))
    // print(x.grad_fn, v.grad_fn, x.view(4).grad_fn, x.tolist()) -> AsStridedBackward0 AsStridedBackward0 ViewBackward0 [[3.0, 5.0], [7.0, 9.0]]
    // (x * torch.arange(4.).view(2, 2)).sum().backward(); print(a.grad.tolist()) -> [0.0, 2.0, 4.0, 6.0]
    const a = T([1, 2, 3, 4], { requires_grad: true });
    const x = a.mul(2).view(2, 2), v = x.t();
    v.add_(torch.ones(2, 2));
    expect([name(x.grad_fn), name(v.grad_fn), name(x.view(4).grad_fn), x.tolist()])
      .toEqual(['AsStridedBackward0', 'AsStridedBackward0', 'ViewBackward0', [[3, 5], [7, 9]]]);
    x.mul(torch.arange(4).view(2, 2)).sum().backward();
    expect(a.grad!.tolist()).toEqual([0, 2, 4, 6]);
  });

  it('writes through a chain of copies over a view to its base', () => {
    // x = (a * 1).view(2, 2); x.t()[0].mul_(torch.tensor([5., 7.]))
    // print(x.tolist(), x.grad_fn) -> [[5.0, 2.0], [21.0, 4.0]] AsStridedBackward0
    // x.sum().backward(); print(a.grad.tolist()) -> [5.0, 1.0, 7.0, 1.0]
    const a = T([1, 2, 3, 4], { requires_grad: true });
    const x = a.mul(1).view(2, 2);
    x.t().index(0).mul_(T([5, 7]));
    expect([x.tolist(), name(x.grad_fn)]).toEqual([[[5, 2], [21, 4]], 'AsStridedBackward0']);
    x.sum().backward();
    expect(a.grad!.tolist()).toEqual([5, 1, 7, 1]);
  });

  it('makes the history of the other views again', () => {
    // x = a * 1; u = x.unsqueeze(0); v = x[1:]; u.mul_(2); print(u.grad_fn, v.grad_fn, x.grad_fn)
    //   -> AsStridedBackward0 AsStridedBackward0 CopySlices
    // (v * torch.tensor([1., 10., 100.])).sum().backward(); print(a.grad.tolist()) -> [0.0, 2.0, 20.0, 200.0]
    const a = T([1, 2, 3, 4], { requires_grad: true });
    const x = a.mul(1), u = x.unsqueeze(0), v = slice(x, 1);
    u.mul_(2);
    expect([name(u.grad_fn), name(v.grad_fn), name(x.grad_fn)]).toEqual(['AsStridedBackward0', 'AsStridedBackward0', 'torch::autograd::CopySlices']);
    v.mul(T([1, 10, 100])).sum().backward();
    expect(a.grad!.tolist()).toEqual([0, 2, 20, 200]);
  });

  it('differentiates twice through CopySlices', () => {
    // b = torch.tensor([1., 2., 3.], requires_grad=True); x = b * b; x[0:2].mul_(b[1:3])
    // g, = torch.autograd.grad(x.sum(), b, create_graph=True); h, = torch.autograd.grad(g.sum(), b)
    // print(x.tolist(), g.tolist(), h.tolist()) -> [2.0, 12.0, 9.0] [4.0, 13.0, 10.0] [6.0, 12.0, 6.0]
    const b = T([1, 2, 3], { requires_grad: true });
    const x = b.mul(b);
    slice(x, 0, 2).mul_(slice(b, 1, 3));
    const [g] = torch.autograd.grad(x.sum(), b, { create_graph: true });
    const [h] = torch.autograd.grad(g!.sum(), b);
    expect([x.tolist(), g!.tolist(), h!.tolist()]).toEqual([[2, 12, 9], [4, 13, 10], [6, 12, 6]]);
  });

  it('leaves an earlier saved value of the view stale: the version error at backward', () => {
    // x = a * 1; v = x[0:2]; p = v * v; v.add_(1); p.sum().backward()
    //   -> RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation:
    //      [torch.FloatTensor [2]], which is output 0 of AsStridedBackward0, is at version 1; expected version 0 instead. Hint: ...
    // (the same after x.add_(1) in place of v.add_(1): the view's grad_fn is made again when the error names it)
    const a = T([1, 2, 3, 4], { requires_grad: true });
    const head = 'RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: ' +
      '[torch.FloatTensor [2]], which is output 0 of AsStridedBackward0, is at version 1; expected version 0 instead.';
    for (const write of [(v: torch.Tensor) => v.add_(1), (_v: torch.Tensor, x: torch.Tensor) => x.add_(1)]) {
      const x = a.mul(1), v = slice(x, 0, 2), p = v.mul(v);
      write(v, x);
      expect(err(() => p.sum().backward()).startsWith(head)).toBe(true);
    }
  });

  it("keeps the op's saved output the view's: a later write is the version error, a .data write is read", () => {
    // x = torch.tensor([1., 2., 3.], requires_grad=True); b = x * 1; b[1:].exp_(); b.add_(1); b.sum().backward()
    //   -> RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation:
    //      [torch.FloatTensor [2]], which is output 0 of ExpBackward0, is at version 2; expected version 1 instead. ...
    const x = T([1, 2, 3], { requires_grad: true });
    const b = x.mul(1);
    slice(b, 1).exp_();
    b.add_(1);
    expect(err(() => b.sum().backward())).toMatch(/^RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: \[torch.FloatTensor \[2\]\], which is output 0 of ExpBackward0, is at version 2; expected version 1 instead/);
    // b = x * 1; v = b[1:]; v.tanh_(); v.data.add_(1); b.sum().backward(); print(x.grad.tolist())
    //   -> [1.0, -2.8574044704437256, -2.980243444442749]
    // b = x * 1; u = b.view(3); u.exp_(); u.data.add_(1); b.sum().backward(); print(x.grad.tolist())
    //   -> [3.7182817459106445, 8.389056205749512, 21.08553695678711]
    const x2 = T([1, 2, 3], { requires_grad: true }), b2 = x2.mul(1), v = slice(b2, 1);
    v.tanh_();
    v.data.add_(1);
    b2.sum().backward();
    const x3 = T([1, 2, 3], { requires_grad: true }), b3 = x3.mul(1), u = b3.view(3);
    u.exp_();
    u.data.add_(1);
    b3.sum().backward();
    expect([x2.grad!.tolist(), x3.grad!.tolist()]).toEqual([[1, -2.8574044704437256, -2.980243444442749], [3.7182817459106445, 8.389056205749512, 21.08553695678711]]);
  });

  it('spends CopySlices in a backward that does not retain the graph, as PyTorch releases the op it wraps', () => {
    // x = torch.tensor([1., 2., 3.], requires_grad=True); b = x.clone(); b[0:2].add_(1); b.sum().backward(); b.sum().backward()
    //   -> RuntimeError: Trying to backward through the graph a second time ...
    // b = x.clone(); b[0:2].add_(1); b.sum().backward(retain_graph=True); b.sum().backward(); print(x.grad) -> tensor([3., 3., 3.])
    const x = T([1, 2, 3], { requires_grad: true });
    const b = x.clone();
    slice(b, 0, 2).add_(1);
    b.sum().backward();
    expect(err(() => b.sum().backward())).toMatch(/^RuntimeError: Trying to backward through the graph a second time/);
    const b2 = x.clone();
    slice(b2, 0, 2).add_(1);
    b2.sum().backward({ retain_graph: true });
    b2.sum().backward();
    expect(String(x.grad)).toBe('tensor([3., 3., 3.])');
  });

  it("names CopySlices in full where PyTorch's hand-written node does, in name() and in the version error", () => {
    // x = torch.tensor([1., 2., 3.], requires_grad=True); b = x * 1; b[0:2].mul_(2); p = b * b; b[2:].add_(1); p.sum().backward()
    //   -> RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation:
    //      [torch.FloatTensor [3]], which is output 0 of torch::autograd::CopySlices, is at version 2; expected version 1 instead. ...
    const x = T([1, 2, 3], { requires_grad: true }), b = x.mul(1);
    slice(b, 0, 2).mul_(2);
    const p = b.mul(b);
    slice(b, 2).add_(1);
    expect(err(() => p.sum().backward())).toMatch(/which is output 0 of torch::autograd::CopySlices, is at version 2; expected version 1 instead/);
  });

  it('is refused on a view of a leaf that requires grad, as PyTorch refuses it', () => {
    // torch.ones(3, requires_grad=True)[0:2].add_(1) -> RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation.
    expect(err(() => slice(torch.ones(3, { requires_grad: true }), 0, 2).add_(1)))
      .toBe('RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation.');
  });
});

describe('an in-place op on a base whose views are in use', () => {
  it('makes their history again on the new one', () => {
    // x = a * 2; v = x[0:2]; x.mul_(5); print(v.grad_fn, x.grad_fn, v.tolist()) -> AsStridedBackward0 MulBackward0 [10.0, 20.0]
    // (v * v).sum().backward(); print(a.grad.tolist()) -> [200.0, 400.0, 0.0, 0.0]
    const a = T([1, 2, 3, 4], { requires_grad: true });
    const x = a.mul(2), v = slice(x, 0, 2);
    x.mul_(5);
    expect([name(v.grad_fn), name(x.grad_fn), v.tolist()]).toEqual(['AsStridedBackward0', 'MulBackward0', [10, 20]]);
    v.mul(v).sum().backward();
    expect(a.grad!.tolist()).toEqual([200, 400, 0, 0]);
  });

  it('under no_grad, leaves the base its history and the view an AsStridedBackward0 one', () => {
    // x = a * 3; v = x[2:]; with torch.no_grad(): v.fill_(0)
    // print(x.tolist(), x.grad_fn, v.grad_fn) -> [3.0, 6.0, 0.0, 0.0] MulBackward0 AsStridedBackward0
    // x.sum().backward(); print(a.grad.tolist()) -> [3.0, 3.0, 3.0, 3.0]
    const a = T([1, 2, 3, 4], { requires_grad: true });
    const x = a.mul(3), v = slice(x, 2);
    torch.no_grad(() => v.fill_(0));
    expect([x.tolist(), name(x.grad_fn), name(v.grad_fn)]).toEqual([[3, 6, 0, 0], 'MulBackward0', 'AsStridedBackward0']);
    x.sum().backward();
    expect(a.grad!.tolist()).toEqual([3, 3, 3, 3]);
  });
});

describe('an in-place op on a real view under no_grad', () => {
  it('leaves the view to make its history again on its next use', () => {
    // x = a * 1; v = x.view(2, 2); with torch.no_grad(): v.zero_()
    // print(v.grad_fn, x.grad_fn, x.tolist()) -> <AsStridedBackward0> <MulBackward0> [0.0, 0.0, 0.0, 0.0]
    const a = T([1, 2, 3, 4], { requires_grad: true });
    const x = a.mul(1), v = x.view(2, 2);
    torch.no_grad(() => v.zero_());
    expect([name(v.grad_fn), name(x.grad_fn), x.tolist()]).toEqual(['AsStridedBackward0', 'MulBackward0', [0, 0, 0, 0]]);
  });
});

describe('a view of a tensor that requires no grad, written with an operand that does', () => {
  it('makes the base a non-leaf with a CopySlices history', () => {
    // w = torch.tensor([10., 20.], requires_grad=True); z = torch.zeros(4); z[1:3].add_(w)
    // print(z.grad_fn, z.is_leaf, z.requires_grad, z.tolist()) -> CopySlices False True [0.0, 10.0, 20.0, 0.0]
    // (z * torch.arange(4.)).sum().backward(); print(w.grad.tolist()) -> [1.0, 2.0]
    const w = T([10, 20], { requires_grad: true });
    const z = torch.zeros(4);
    slice(z, 1, 3).add_(w);
    expect([name(z.grad_fn), z.is_leaf, z.requires_grad, z.tolist()]).toEqual(['torch::autograd::CopySlices', false, true, [0, 10, 20, 0]]);
    z.mul(torch.arange(4)).sum().backward();
    expect(w.grad!.tolist()).toEqual([1, 2]);
    // z = torch.zeros(4); s = z[1:3]; s.mul_(w); print(s.grad_fn, s.is_leaf, z.grad_fn) -> AsStridedBackward0 False CopySlices
    const z2 = torch.zeros(4), s = slice(z2, 1, 3);
    s.mul_(w);
    expect([name(s.grad_fn), s.is_leaf, name(z2.grad_fn)]).toEqual(['AsStridedBackward0', false, 'torch::autograd::CopySlices']);
  });
});

describe('an operand over the storage of the tensor written', () => {
  it("is refused where PyTorch finds a partial overlap (dense spans that cross, or the same span with other strides)", () => {
    // b = torch.tensor([1., 2., 3., 4.]); m = torch.tensor([[1., 2.], [3., 4.]])
    // b[1:3].add_(b[0:2]), m.t().add_(m), m.add_(m.t()), b.view(2, 2).mul_(b[0:2]) -> RuntimeError: unsupported operation:
    //   some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() ...
    const PARTIAL = 'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. ' +
      'Please clone() the tensor before performing the operation.';
    const b = T([1, 2, 3, 4]), m = torch.tensor([[1, 2], [3, 4]]);
    for (const f of [() => slice(b, 1, 3).add_(slice(b, 0, 2)), () => m.t().add_(m), () => m.add_(m.t()), () => b.view(2, 2).mul_(slice(b, 0, 2))]) {
      expect(f).toThrow(new torch.RuntimeError(PARTIAL));
    }
    expect([b.tolist(), m.tolist()]).toEqual([[1, 2, 3, 4], [[1, 2], [3, 4]]]);
    // and runs where it finds none, or cannot tell (a strided operand):
    // m.add_(m) -> [[2., 4.], [6., 8.]]; b[0:2].add_(b[0:2]) -> [2., 4., 3., 4.]; then b[0:2].add_(b[2:4]) -> [5., 8., 3., 4.]
    // then b[0:4:2].add_(b[1:4:2]) -> [13., 8., 7., 4.]
    m.add_(m);
    slice(b, 0, 2).add_(slice(b, 0, 2));
    slice(b, 0, 2).add_(slice(b, 2, 4));
    b.index({ start: 0, stop: 4, step: 2 }).add_(b.index({ start: 1, stop: 4, step: 2 }));
    expect([m.tolist(), b.tolist()]).toEqual([[[2, 4], [6, 8]], [13, 8, 7, 4]]);
  });
});

describe('hooks and retain_grad around a write through a view (PyTorch 1.13)', () => {
  it("leave the view's old grad_fn, which no pass runs; retain_grad moves to its new one", () => {
    // x = torch.tensor([1., 2., 3., 4.], requires_grad=True); calls = []
    // b = x * 1; v = b[1:3]; v.register_hook(calls.append); b.mul_(3); (v * torch.tensor([5., 7.])).sum().backward()
    // b = x * 1; v = b[1:3]; v.register_hook(calls.append); v.mul_(3); b.sum().backward()
    // b = x * 1; v = b.view(2, 2); v.register_hook(calls.append); b.mul_(3); v.sum().backward(); print(calls) -> []
    const x = T([1, 2, 3, 4], { requires_grad: true });
    const calls: torch.Tensor[] = [];
    const hooked = (v: torch.Tensor): torch.Tensor => { v.register_hook((g) => { calls.push(g); }); return v; };
    let b = x.mul(1), v = hooked(slice(b, 1, 3));
    b.mul_(3);
    v.mul(T([5, 7])).sum().backward();
    b = x.mul(1);
    v = hooked(slice(b, 1, 3));
    v.mul_(3);
    b.sum().backward();
    b = x.mul(1);
    v = hooked(b.view(2, 2));
    b.mul_(3);
    v.sum().backward();
    expect(calls).toEqual([]);
    // b = x * 1; v = b[0:2]; v.retain_grad(); v.mul_(3); b.sum().backward(); print(v.grad) -> None
    // b = x * 1; v = b[0:2]; v.retain_grad(); v.mul_(3); (v * 1).sum().backward(); print(v.grad) -> tensor([1., 1.])
    b = x.mul(1);
    v = slice(b, 0, 2);
    v.retain_grad();
    v.mul_(3);
    b.sum().backward();
    const b2 = x.mul(1), v2 = slice(b2, 0, 2);
    v2.retain_grad();
    v2.mul_(3);
    v2.mul(1).sum().backward();
    expect([v.grad, String(v2.grad)]).toEqual([null, 'tensor([1., 1.])']);
  });
});

describe('copy_ of an expanded view into itself', () => {
  const OVERLAP = 'RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. ' +
    'Please clone() the tensor before performing the operation.';
  it('runs, as PyTorch\'s copy_ returns before its overlap check when the source is the tensor itself', () => {
    // x = torch.ones(1, 3); e = x.expand(2, 3); e.copy_(e); x -> tensor([[1., 1., 1.]]); e.copy_(e.clone()) raises
    const x = torch.ones([1, 3]);
    const e = x.expand(2, 3);
    e.copy_(e);
    expect(String(x)).toBe('tensor([[1., 1., 1.]])');
    expect(err(() => e.copy_(e.clone()))).toBe(OVERLAP);
    // x = torch.ones(3); x.copy_(x); x._version -> 1
    const y = torch.ones([3]);
    y.copy_(y);
    expect(y._version).toBe(1);
  });

  it('recorded, gives CopySlices, whose backward refuses the repeated elements', () => {
    // l = torch.ones(1, 3, requires_grad=True); x = l * 1; e = x.expand(2, 3); e.copy_(e); x.grad_fn -> <CopySlices>
    // (x * torch.tensor([[1., 2., 3.]])).sum().backward() -> RuntimeError: unsupported operation: more than one element ...
    const l = torch.ones([1, 3], { requires_grad: true });
    const x = l.mul(1);
    const e = x.expand(2, 3);
    e.copy_(e);
    expect(x.grad_fn!.name()).toBe('torch::autograd::CopySlices');
    expect(err(() => x.mul(torch.tensor([[1, 2, 3]])).sum().backward())).toBe(OVERLAP);
  });
});
