// Findings of the differential fuzz of the autograd API against PyTorch 1.13 (/tmp/review_fuzz_autograd.md). Each
// expected value was printed by /usr/bin/python3's PyTorch 1.13; the Python and its output are in the comment above it.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const T = (d: number[], o: { requires_grad?: boolean } = {}) => torch.tensor(d, o);
function errorOf(f: () => unknown): string {
  try { f(); } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; }
  return 'no error';
}
const NO_GRAD_VIEW = 'RuntimeError: A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that ' +
  'this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace ' +
  "either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).";

describe('1. an in-place op through a view of a tensor that does not require grad, with an operand that does', () => {
  // w = torch.tensor(2., requires_grad=True); u = torch.tensor([1., 2., 3., 4.], requires_grad=True)
  // b = torch.zeros(4); v = b.view(2, 2); v.add_(w); (b * u).sum().backward(); print(w.grad, b.grad_fn)
  //   -> tensor(10.) <CopySlices>
  // b2 = torch.zeros(4); v2 = b2.view(2, 2); b2.add_(w); (v2.reshape(-1) * u).sum().backward(); print(w.grad, v2.grad_fn)
  //   -> tensor(10.) <AsStridedBackward0>
  it('records CopySlices on the base through the view, and an AsStrided history on the view after a write to the base', () => {
    const w = torch.tensor(2, { requires_grad: true });
    const u = torch.tensor([1, 2, 3, 4], { requires_grad: true });
    const b = torch.zeros(4), v = b.view(2, 2);
    v.add_(w);
    b.mul(u).sum().backward();
    expect([String(w.grad), b.grad_fn!.name()]).toEqual(['tensor(10.)', 'torch::autograd::CopySlices']);
    w.grad = null;
    const b2 = torch.zeros(4), v2 = b2.view(2, 2);
    b2.add_(w);
    v2.reshape(-1).mul(u).sum().backward();
    expect([String(w.grad), v2.grad_fn!.name()]).toEqual(['tensor(10.)', 'AsStridedBackward0']);
  });
  it('unrecorded writes through a view still reach the base', () => {
    // b = torch.zeros(4); v = b.view(2, 2); v.add_(1); print(b) -> tensor([1., 1., 1., 1.])
    const b = torch.zeros(4), v = b.view(2, 2);
    v.add_(1);
    expect(b.tolist()).toEqual([1, 1, 1, 1]);
  });
});

describe('2. requires_grad set on a leaf after it was used', () => {
  // w = torch.tensor([1., 2.], requires_grad=True); x = torch.tensor([3., 4.]); y = (w * x).sum(); x.requires_grad_()
  // y.backward(retain_graph=True); print(x.grad) -> None
  // print(y.grad_fn.next_functions[0][0].next_functions) -> ((<AccumulateGrad>, 0), (None, 0))
  // print(torch.autograd.grad(y, [x], allow_unused=True)) -> (None,)
  it('gets no gradient from the earlier op, and the edge shows (None, 0)', () => {
    const w = T([1, 2], { requires_grad: true });
    const x = T([3, 4]);
    const y = w.mul(x).sum();
    x.requires_grad_();
    y.backward({ retain_graph: true });
    expect([x.grad, w.grad!.tolist()]).toEqual([null, [3, 4]]);
    expect(y.grad_fn!.next_functions[0]![0]!.next_functions.map(([f, i]) => [f && f.name(), i]))
      .toEqual([['torch::autograd::AccumulateGrad', 0], [null, 0]]);
    expect(torch.autograd.grad(y, [x], { allow_unused: true })).toEqual([null]);
    // x.requires_grad = True works the same: (w * x2).sum() then x2.requires_grad = True -> autograd.grad(..., allow_unused) (None,)
    const x2 = T([3, 4]);
    const y2 = w.mul(x2).sum();
    x2.requires_grad = true;
    expect(torch.autograd.grad(y2, [x2], { allow_unused: true })).toEqual([null]);
  });
  it('a leaf that required grad when used keeps its edge after requires_grad_(False), and gets nothing', () => {
    // w = torch.tensor([1., 2.], requires_grad=True); x = torch.tensor([3., 4.], requires_grad=True); y = (w*x).sum()
    // x.requires_grad_(False); print(y.grad_fn.next_functions[0][0].next_functions) -> ((AccumulateGrad, 0), (AccumulateGrad, 0))
    // y.backward(); print(x.grad, w.grad) -> None tensor([3., 4.])
    const w = T([1, 2], { requires_grad: true }), x = T([3, 4], { requires_grad: true });
    const y = w.mul(x).sum();
    x.requires_grad_(false);
    expect(y.grad_fn!.next_functions[0]![0]!.next_functions.map(([f]) => f && f.name()))
      .toEqual(['torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad']);
    y.backward();
    expect([x.grad, w.grad!.tolist()]).toEqual([null, [3, 4]]);
  });
});

describe("3. a view's requires_grad follows its base", () => {
  // a = torch.tensor([1., 2.], requires_grad=True)
  // with torch.no_grad(): c = a.view(-1)
  // print(c.requires_grad, c.is_leaf) -> True True
  // c.mul_(2) -> RuntimeError: A view was created in no_grad mode and is being modified inplace with grad mode enabled. ...
  // c.register_hook(lambda g: None) -> accepted; c.retain_grad(); print(c.retains_grad) -> False
  // (c * 2).sum().backward(); print(a.grad) -> None
  // d = c.view(2, 1); print(d.requires_grad, d.is_leaf, d.grad_fn) -> True False <ViewBackward0>
  // c.backward(torch.ones(2)) -> RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
  it('a view made under no_grad of a leaf that requires grad', () => {
    const a = T([1, 2], { requires_grad: true });
    const c = torch.no_grad(() => a.view(-1));
    expect([c.requires_grad, c.is_leaf, c.grad_fn]).toEqual([true, true, null]);
    expect(errorOf(() => c.mul_(2))).toBe(NO_GRAD_VIEW);
    expect(a.tolist()).toEqual([1, 2]);
    expect(errorOf(() => c.register_hook(() => undefined))).toBe('no error');
    c.retain_grad();
    expect(c.retains_grad).toBe(false);
    c.mul(2).sum().backward();
    expect(a.grad).toBe(null);
    const d = c.view(2, 1);
    expect([d.requires_grad, d.is_leaf, d.grad_fn?.name()]).toEqual([true, false, 'ViewBackward0']);
    expect(errorOf(() => c.backward(torch.ones(2)))).toBe('RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn');
    // with torch.no_grad(): c.mul_(2)  -> allowed: a is tensor([2., 4.], requires_grad=True)
    torch.no_grad(() => c.mul_(2));
    expect(a.tolist()).toEqual([2, 4]);
  });
  it('a view made under no_grad of a tensor that does not require grad, written with an operand that does', () => {
    // w = torch.tensor(2., requires_grad=True); b = torch.zeros(2)
    // with torch.no_grad(): c = b.view(-1)
    // c.add_(w) -> RuntimeError: A view was created in no_grad mode and is being modified inplace with grad mode enabled. ...
    // c.add_(1) -> no error
    const w = torch.tensor(2, { requires_grad: true });
    const b = torch.zeros(2);
    const c = torch.no_grad(() => b.view(-1));
    expect(errorOf(() => c.add_(w))).toBe(NO_GRAD_VIEW);
    expect(errorOf(() => c.add_(1))).toBe('no error');
    expect(b.tolist()).toEqual([1, 1]);
  });
  it('a view taken before its base required grad', () => {
    // x = torch.tensor([1., 2.]); v = x.view(2, 1); x.requires_grad = True; print(v.requires_grad, v.is_leaf) -> True True
    // v.mul_(2) -> RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation.
    const x = T([1, 2]);
    const v = x.view(2, 1);
    x.requires_grad = true;
    expect([v.requires_grad, v.is_leaf]).toEqual([true, true]);
    expect(errorOf(() => v.mul_(2))).toBe('RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation.');
    expect(x.tolist()).toEqual([1, 2]);
    expect(errorOf(() => v.register_hook(() => undefined))).toBe('no error');
  });
});

describe('4. hooks on a tensor whose graph was freed run before the error', () => {
  // w = torch.tensor([1., 2.], requires_grad=True); y = w * w; y.sum().backward()
  // y.register_hook(lambda g: print('hook', g)); y.backward(torch.ones(2))
  //   -> prints "hook tensor([1., 1.])", then RuntimeError: Trying to backward through the graph a second time ...
  it('a root', () => {
    const w = T([1, 2], { requires_grad: true });
    const y = w.mul(w);
    const seen: unknown[] = [];
    y.register_hook((g) => { seen.push(['before', g.tolist()]); });
    y.sum().backward();
    y.register_hook((g) => { seen.push(['after', g.tolist()]); });
    expect(errorOf(() => y.backward(torch.ones(2)))).toContain('Trying to backward through the graph a second time');
    expect(seen).toEqual([['before', [1, 1]], ['before', [1, 1]], ['after', [1, 1]]]);
  });
  it('an intermediate tensor behind a node that saved nothing', () => {
    // w = torch.tensor([1., 2.], requires_grad=True); y = w * w; z = y + 1; z.sum().backward()
    // y.register_hook(lambda g: print('hook y', g)); z.register_hook(lambda g: print('hook z', g)); z.backward(torch.ones(2))
    //   -> hook z tensor([1., 1.]); hook y tensor([1., 1.]); RuntimeError: Trying to backward through the graph a second time ...
    const w = T([1, 2], { requires_grad: true });
    const y = w.mul(w), z = y.add(1);
    z.sum().backward();
    const seen: string[] = [];
    y.register_hook((g) => { seen.push(`y ${g.tolist()}`); });
    z.register_hook((g) => { seen.push(`z ${g.tolist()}`); });
    expect(errorOf(() => z.backward(torch.ones(2)))).toContain('Trying to backward through the graph a second time');
    expect(seen).toEqual(['z 1,1', 'y 1,1']);
  });
});

describe('5. the grad_fn of a .grad made under create_graph', () => {
  // x = torch.tensor([1., 2.], requires_grad=True); (x * x).sum().backward(create_graph=True)
  // print(x.grad.grad_fn.name(), x.grad.grad_fn) -> torch::autograd::CopyBackwards <CopyBackwards object at 0x...>
  it('names itself in full', () => {
    const x = T([1, 2], { requires_grad: true });
    x.mul(x).sum().backward({ create_graph: true });
    expect([x.grad!.grad_fn!.name(), String(x.grad!.grad_fn)]).toEqual(['torch::autograd::CopyBackwards', '<CopyBackwards object>']);
  });
});
