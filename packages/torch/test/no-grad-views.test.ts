// A view made under no_grad of a tensor that requires grad, once its storage has been written in place, against
// PyTorch 1.13 (/usr/bin/python3; the Python beside each case): PyTorch's handle_view_on_rebase refuses its history
// (an op that records it, grad_fn, is_leaf, repr), whether the write came through its base, itself or another view,
// with grad mode on or off; its values and shape can still be read, and ops on it under no_grad run.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';

const REBASE = 'RuntimeError: A view was created in no_grad mode and its base or another view of its base has been modified inplace ' +
  'with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by ' +
  "moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both " +
  'outside (if you want the inplace to be tracked).';

// x = torch.tensor([1., 2., 3.], requires_grad=True); y = x * 1; with torch.no_grad(): v = y.view(3)
const made = () => {
  const x = torch.tensor([1, 2, 3], { requires_grad: true });
  const y = x.mul(1);
  const v = torch.no_grad(() => y.view(3));
  return { y, v };
};

describe('a view made under no_grad, written in place since', () => {
  it('refuses an op that records it, through its base with grad mode on', () => {
    // y.mul_(2); (v*1).sum() -> RuntimeError (REBASE); torch.tensor(1.) * v -> the same
    const { y, v } = made();
    y.mul_(2);
    expect(err(() => v.mul(1).sum())).toBe(REBASE);
    expect(err(() => torch.tensor(1).mul(v))).toBe(REBASE);
  });

  it('refuses it whether the write came with grad mode off or through the view itself', () => {
    // with torch.no_grad(): y.mul_(2); then (v*1).sum() -> REBASE
    let { y, v } = made();
    torch.no_grad(() => y.mul_(2));
    expect(err(() => v.mul(1).sum())).toBe(REBASE);
    // with torch.no_grad(): v = y.view(3); v.mul_(2); then (v*1).sum() -> REBASE
    ({ y, v } = made());
    torch.no_grad(() => v.mul_(2));
    expect(err(() => v.mul(1).sum())).toBe(REBASE);
    // w = torch.tensor([1., 2.], requires_grad=True); with torch.no_grad(): u = w.view(2); w.mul_(2); (u*1).sum() -> REBASE
    const w = torch.tensor([1, 2], { requires_grad: true });
    const u = torch.no_grad(() => w.view(2));
    torch.no_grad(() => w.mul_(2));
    expect(err(() => u.mul(1).sum())).toBe(REBASE);
  });

  it('refuses grad_fn, is_leaf and repr, and a view of the view', () => {
    // y.mul_(2); v.grad_fn, v.is_leaf, repr(v) -> REBASE; with no_grad: w = y.view(3).view(1, 3); y.mul_(2); (w*1).sum() -> REBASE
    const { y, v } = made();
    const w = torch.no_grad(() => v.view(1, 3));
    y.mul_(2);
    expect(err(() => v.grad_fn)).toBe(REBASE);
    expect(err(() => v.is_leaf)).toBe(REBASE);
    expect(err(() => String(v))).toBe(REBASE);
    expect(err(() => w.mul(1).sum())).toBe(REBASE);
  });

  it('still gives its values and shape, and runs ops on it under no_grad', () => {
    // y.mul_(2); v.requires_grad, v.shape, v.tolist() -> (True, torch.Size([3]), [2.0, 4.0, 6.0]);
    // with torch.no_grad(): (v*1).sum() -> tensor(12.)
    const { y, v } = made();
    y.mul_(2);
    expect([v.requires_grad, v.shape, v.tolist()]).toEqual([true, [3], [2, 4, 6]]);
    expect(torch.no_grad(() => v.mul(1).sum()).item()).toBe(12);
  });

  it('records it when nothing was written, and never refuses a view of a tensor that does not require grad', () => {
    // (v*1).sum() -> tensor(6., grad_fn=<SumBackward0>)
    const { v } = made();
    expect(String(v.mul(1).sum())).toBe('tensor(6., grad_fn=<SumBackward0>)');
    // y = torch.tensor([1., 2., 3.]); with torch.no_grad(): v = y.view(3); y.mul_(2); (v*1).sum() -> tensor(12.)
    const y = torch.tensor([1, 2, 3]);
    const v2 = torch.no_grad(() => y.view(3));
    y.mul_(2);
    expect(String(v2.mul(1).sum())).toBe('tensor(12.)');
  });
});

describe('a view made before its base came to require grad', () => {
  // x = torch.zeros(3); v = x.view(3); n = x.narrow(0, 0, 2); x.requires_grad_()
  // y = (v * 2).sum(); y.grad_fn.next_functions[0][0].next_functions -> ((None, 0), (None, 0)); y.backward()
  // x.grad, v.grad, v.requires_grad, v.is_leaf -> None None True True
  // z = (n * x[:2]).sum(); z.backward(); x.grad, n.grad, n.requires_grad, n.is_leaf -> tensor([0., 0., 0.]) None True True
  it('requires grad through its base: ops on it are recorded, with no edge to it or the base', () => {
    const x = torch.zeros(3);
    const v = x.view(3);
    const n = x.narrow(0, 0, 2);
    x.requires_grad_();
    const y = v.mul(2).sum();
    const mul = y.grad_fn!.next_functions[0]![0]!;
    expect(mul.next_functions).toEqual([[null, 0], [null, 0]]);
    y.backward();
    expect([x.grad, v.grad, v.requires_grad, v.is_leaf]).toEqual([null, null, true, true]);
    n.mul(x.index({ stop: 2 })).sum().backward();
    expect([x.grad!.tolist(), n.grad, n.requires_grad, n.is_leaf]).toEqual([[0, 0, 0], null, true, true]);
  });
});

describe('a copy made under no_grad (a view in PyTorch) of a tensor that a recorded in-place op then makes require grad', () => {
  // x = torch.tensor([[1., 0.], [-3., -3.]]); w = torch.tensor([[2., 1.], [3., 3.]], requires_grad=True)
  // with torch.no_grad(): c = x.narrow(0, 1, 1)
  // x.mul_(w); c.select(1, 0), c.grad_fn -> REBASE; c.tolist(), c.requires_grad -> [[-9., -9.]] True
  it('refuses its history, as the view would, rather than take a new one', () => {
    const x = torch.tensor([[1, 0], [-3, -3]]);
    const w = torch.tensor([[2, 1], [3, 3]], { requires_grad: true });
    const c = torch.no_grad(() => x.narrow(0, 1, 1));
    x.mul_(w);
    expect(err(() => c.select(1, 0))).toBe(REBASE);
    expect(err(() => c.grad_fn)).toBe(REBASE);
    expect([c.tolist(), c.requires_grad]).toEqual([[[-9, -9]], true]);
  });
});

describe('a view made under no_grad of a view given requires_grad_() of its own', () => {
  // x = torch.tensor([0., -2., 0.]); with torch.no_grad(): c = x.permute(0)
  // c.requires_grad_(); with torch.no_grad(): p = c.chunk(2)[1]; p.requires_grad, p.is_leaf -> False True
  // v = x.view(3); v.requires_grad_(); with torch.no_grad(): u = v.view(3); u.requires_grad, u.is_leaf, (u*2).requires_grad
  //   -> False True False
  it('requires no grad: its base (the first tensor of the chain) does not', () => {
    const x = torch.tensor([0, -2, 0]);
    const c = torch.no_grad(() => x.permute(0));
    c.requires_grad_();
    const p = torch.no_grad(() => c.chunk(2)[1]!);
    expect([p.requires_grad, p.is_leaf]).toEqual([false, true]);
    const v = torch.tensor([0, -2, 0]).view(3);
    v.requires_grad_();
    const u = torch.no_grad(() => v.view(3));
    expect([u.requires_grad, u.is_leaf, u.mul(2).requires_grad]).toEqual([false, true, false]);
  });
});

describe('a view made under no_grad, saved by an op, its base written before backward', () => {
  // x = torch.tensor([1., 2., 3.], requires_grad=True); w = torch.tensor([3., 1., 2.], requires_grad=True)
  // with torch.no_grad(): v = x.view(3)
  // u = v * w; with torch.no_grad(): x.add_(0.5); u.sum().backward() -> REBASE (SavedVariable::unpack asks v's grad_fn
  // before it compares versions); the same for a copy: with torch.no_grad(): c = x2[1]; u2 = c * w2; x2.mul_(2) -> REBASE
  it("raises the view's error, not the version error", () => {
    const x = torch.tensor([1, 2, 3], { requires_grad: true }), w = torch.tensor([3, 1, 2], { requires_grad: true });
    const v = torch.no_grad(() => x.view(3));
    const u = v.mul(w);
    torch.no_grad(() => x.add_(0.5));
    expect(err(() => u.sum().backward())).toBe(REBASE);
    const x2 = torch.tensor([[1, 2], [3, 4]], { requires_grad: true }), w2 = torch.tensor([3, 1], { requires_grad: true });
    const c = torch.no_grad(() => x2.index(1));
    const u2 = c.mul(w2);
    torch.no_grad(() => x2.mul_(2));
    expect(err(() => u2.sum().backward())).toBe(REBASE);
  });
});

describe('requires_grad_(False) on a view of a base that requires grad', () => {
  it('leaves it requiring grad through its base, as PyTorch 1.13 does', () => {
    // a = torch.tensor([[-2., 3., -2.]], requires_grad=True); x = a * 1
    // with torch.no_grad(): c0 = x.select(1, 0)
    // c0.requires_grad_(False); print(c0.requires_grad) -> True
    // x.zero_(); c0.view(1) -> RuntimeError: A view was created in no_grad mode and its base or another view of its base has been modified inplace ...
    const a = torch.tensor([[-2, 3, -2]], { requires_grad: true });
    const x = a.mul(1);
    const c0 = torch.no_grad(() => x.select(1, 0));
    c0.requires_grad_(false);
    expect(c0.requires_grad).toBe(true);
    x.zero_();
    expect(err(() => c0.view(1))).toBe(REBASE);
    // with torch.no_grad(): c2 = a.view(3); c2.requires_grad_(False); print(c2.requires_grad, c2.is_leaf) -> True True
    const c2 = torch.no_grad(() => a.view(3));
    c2.requires_grad = false;
    expect([c2.requires_grad, c2.is_leaf]).toEqual([true, true]);
  });
});

describe('requires_grad_() on a view made under no_grad', () => {
  it('keeps the no_grad-view check while its base requires grad, and only then', () => {
    // a = torch.tensor([1., 2., 3.], requires_grad=True); x = a * 1
    // with torch.no_grad(): v = x.view(3)
    // v.requires_grad_(True); x.mul_(2); v.t() -> RuntimeError: A view was created in no_grad mode and its base ...
    const a = torch.tensor([1, 2, 3], { requires_grad: true });
    const x = a.mul(1);
    const v = torch.no_grad(() => x.view(3));
    v.requires_grad_(true);
    x.mul_(2);
    expect(err(() => v.t())).toBe(REBASE);
    // z = torch.zeros(3); with torch.no_grad(): w = z.view(3)
    // w.requires_grad_(True); z.add_(1); print(w.view(3).grad_fn, w.is_leaf) -> <ViewBackward0> True
    const z = torch.zeros(3);
    const w = torch.no_grad(() => z.view(3));
    w.requires_grad_(true);
    z.add_(1);
    expect([w.view(3).grad_fn!.name(), w.is_leaf]).toEqual(['ViewBackward0', true]);
  });
});

describe('a copy taken of a view made under no_grad', () => {
  it('is a no_grad view too, as PyTorch passes the creation meta on to views of views', () => {
    // b = torch.ones(2, 3); w = torch.ones(2, 3, requires_grad=True); with torch.no_grad(): u = b.unsqueeze(0)
    // n = u.narrow(2, 0, 1); b.mul_(w); n.grad_fn -> RuntimeError: A view was created in no_grad mode and its base ...
    const b = torch.ones(2, 3), w = torch.ones([2, 3], { requires_grad: true });
    const u = torch.no_grad(() => b.unsqueeze(0));
    const n = u.narrow(2, 0, 1);
    b.mul_(w);
    expect(err(() => n.grad_fn)).toBe(REBASE);
    expect(err(() => n.sum().backward())).toBe(REBASE);
  });
});

describe('a node that leads to no leaf, its saved output written in place', () => {
  it('is still run by backward(), which raises the version error', () => {
    // x = torch.ones(2, 3, requires_grad=True)
    // with torch.no_grad(): t = x.view(6)
    // y = t.sigmoid(); y.mul_(2); y.sum().backward()
    // -> RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation:
    //    [torch.FloatTensor [6]], which is output 0 of SigmoidBackward0, is at version 1; expected version 0 instead. Hint: ...
    // (SigmoidBackward0's only edge is (None, 0), t having no grad accumulator; PyTorch runs it, and it unpacks its result)
    const x = torch.ones([2, 3], { requires_grad: true });
    let t!: torch.Tensor;
    torch.no_grad(() => { t = x.view(6); });
    const y = t.sigmoid();
    y.mul_(2);
    expect(err(() => y.sum().backward())).toMatch(/^RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: \[torch\.FloatTensor \[6\]\], which is output 0 of SigmoidBackward0, is at version 1; expected version 0 instead\. Hint: /);
    expect(x.grad).toBeNull();
  });
});

describe('a view made under no_grad whose base was written since: what reads its history and what does not', () => {
  // x = torch.tensor([1.5, -0.5], requires_grad=True)
  // with torch.no_grad(): v = x[:]
  // with torch.no_grad(): x.mul_(2.5)
  // y = x * 1.5
  // v.grad -> None; v.retain_grad() -> None (C++ is_leaf reads the grad_fn field);
  // torch.autograd.grad(y.sum(), [v], allow_unused=True), y.sum().backward(inputs=[v]), v.register_hook(f), v.is_leaf
  //   -> RuntimeError: A view was created in no_grad mode and its base or another view of its base has been modified inplace ...
  const make = () => {
    const x = torch.tensor([1.5, -0.5], { requires_grad: true });
    const v = torch.no_grad(() => x.index(null));
    torch.no_grad(() => x.mul_(2.5));
    return { v, y: x.mul(1.5) };
  };
  it('reads .grad and retain_grad() without the error', () => {
    const { v } = make();
    expect(v.grad).toBeNull();
    expect(() => v.retain_grad()).not.toThrow();
  });
  it('raises it from autograd.grad and backward with it as an input, register_hook and is_leaf', () => {
    const { v, y } = make();
    expect(err(() => torch.autograd.grad([y.sum()], [v], { allow_unused: true }))).toBe(REBASE);
    expect(err(() => y.sum().backward({ inputs: [v] }))).toBe(REBASE);
    expect(err(() => v.register_hook((g) => g))).toBe(REBASE);
    expect(err(() => v.is_leaf)).toBe(REBASE);
  });
});
