// Expected strings marked "PyTorch 1.13" were printed by real PyTorch 1.13 (/usr/bin/python3) and pasted here.
import { describe, expect, it, vi } from 'vitest';
import * as torch from '@twingrad/torch';

const f = (x: torch.Tensor) => x.pow(4).mul(2).add(x.pow(3)).add(x.pow(2).mul(3)).add(x.mul(5)).add(1);

describe('the founding notebook, PyTorch cells', () => {
  it('d(sum(x^2))/dx prints PyTorch\'s [[2, 4, 6], [8, 10, 12]]', () => {
    const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { requires_grad: true });
    const z = x.pow(2).sum();
    z.backward();
    // PyTorch 1.13
    expect(String(x.grad)).toBe('tensor([[ 2.,  4.,  6.],\n        [ 8., 10., 12.]])');
    expect(String(z)).toBe('tensor(91., grad_fn=<SumBackward0>)');
  });

  it('mean((3x+2)^2) on ones(2,3) is 25 with gradient 5 everywhere', () => {
    const x = torch.ones([2, 3], { requires_grad: true });
    const y3 = x.mul(3).add(2).pow(2).mean();
    y3.backward();
    expect(y3.item()).toBe(25);
    // PyTorch 1.13
    expect(String(y3)).toBe('tensor(25., grad_fn=<MeanBackward0>)');
    expect(String(x.grad)).toBe('tensor([[5., 5., 5.],\n        [5., 5., 5.]])');
  });

  it('f(x) = 2x^4 + x^3 + 3x^2 + 5x + 1 at 2 gives 63 and dy/dx = 93 (8x^3 + 3x^2 + 6x + 5)', () => {
    const x = torch.tensor(2, { requires_grad: true });
    const y = f(x);
    y.backward();
    // PyTorch 1.13
    expect(String(y)).toBe('tensor(63., grad_fn=<AddBackward0>)');
    expect(String(x.grad)).toBe('tensor(93.)');
  });

  it('create_graph gives the second derivative 114 (24x^2 + 6x + 6 at 2)', () => {
    const x = torch.tensor(2, { requires_grad: true });
    const [g] = torch.autograd.grad(f(x), x, { create_graph: true });
    // PyTorch 1.13
    expect(String(g)).toBe('tensor(93., grad_fn=<AddBackward0>)');
    const [g2] = torch.autograd.grad(g!, x);
    expect(String(g2)).toBe('tensor(114.)');
  });

  it('f = x^2 + xy + y^2 at (1, 2) gives df/dx = 4 and df/dy = 5', () => {
    const x = torch.tensor(1, { requires_grad: true });
    const y = torch.tensor(2, { requires_grad: true });
    x.pow(2).add(x.mul(y)).add(y.pow(2)).backward();
    expect(x.grad!.item()).toBe(4);
    expect(y.grad!.item()).toBe(5);
  });
});

describe('A Gentle Introduction to torch.autograd', () => {
  it('Q = 3a^3 - b^2 with gradient ones gives a.grad = 9a^2 and b.grad = -2b', () => {
    const a = torch.tensor([2, 3], { requires_grad: true });
    const b = torch.tensor([6, 4], { requires_grad: true });
    const Q = a.pow(3).mul(3).sub(b.pow(2));
    // PyTorch 1.13
    expect(String(Q)).toBe('tensor([-12.,  65.], grad_fn=<SubBackward0>)');
    Q.backward(torch.tensor([1, 1]));
    expect(String(a.grad)).toBe('tensor([36., 81.])');
    expect(String(b.grad)).toBe('tensor([-12.,  -8.])');
    expect(String(a.pow(2).mul(9).eq(a.grad!))).toBe('tensor([True, True])');
    expect(String(b.mul(-2).eq(b.grad!))).toBe('tensor([True, True])');
  });
});

describe('backward', () => {
  it('.grad accumulates across backward calls until zeroed with x.grad.zero_()', () => {
    const x = torch.tensor(2, { requires_grad: true });
    x.mul(x).backward();
    x.mul(x).backward();
    expect(String(x.grad)).toBe('tensor(8.)'); // PyTorch 1.13: two passes of d(x^2) = 4
    const g = x.grad!;
    x.grad!.zero_();
    expect(String(x.grad)).toBe('tensor(0.)');
    expect(x.grad).toBe(g);
  });

  it('x.grad is the same facade object on every read', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    x.sum().backward();
    expect(x.grad).toBe(x.grad);
    expect(torch.wrap(x._t)).toBe(x);
  });

  it('the graph is freed after backward, with PyTorch\'s error on a second pass', () => {
    const t = torch.tensor([1, 2], { requires_grad: true });
    const s = t.mul(t).sum();
    s.backward();
    expect(() => s.backward()).toThrow(/^Trying to backward through the graph a second time \(or directly access saved tensors after they have already been freed\)\. Saved intermediate values of the graph are freed when you call \.backward\(\) or autograd\.grad\(\)\. Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward\.$/);
  });

  it('retain_graph keeps the graph for a second pass (3x^2 at 2, twice, is 24)', () => {
    const x = torch.tensor(2, { requires_grad: true });
    const y = x.pow(3);
    y.backward(null, { retain_graph: true });
    y.backward();
    expect(String(x.grad)).toBe('tensor(24.)');
  });

  it('takes Python\'s keywords as one object: backward({ gradient, retain_graph })', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    const y = x.mul(x);
    y.backward({ gradient: torch.tensor([1, 10]), retain_graph: true });
    y.backward({ gradient: torch.tensor([1, 1]) });
    expect(x.grad!.tolist()).toEqual([2 + 2, 40 + 4]);
  });

  it('inputs limits accumulation to the listed tensors', () => {
    const x = torch.tensor(2, { requires_grad: true });
    const w = torch.tensor(3, { requires_grad: true });
    x.mul(w).backward(null, { inputs: [x] });
    expect(String(x.grad)).toBe('tensor(3.)');
    expect(w.grad).toBeNull();
  });

  it('a tensor that does not require grad throws PyTorch\'s error', () => {
    expect(() => torch.tensor([1, 2]).sum().backward()).toThrow('element 0 of tensors does not require grad and does not have a grad_fn');
  });

  it('a non-scalar output without a gradient throws PyTorch\'s error', () => {
    expect(() => torch.tensor([1, 2], { requires_grad: true }).mul(2).backward())
      .toThrow('grad can be implicitly created only for scalar outputs');
  });

  it('a gradient of the wrong shape throws PyTorch\'s error', () => {
    const t = torch.tensor([1, 2], { requires_grad: true });
    expect(() => t.mul(2).backward(torch.ones(3)))
      .toThrow('Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2]).');
  });

  it('torch.autograd.backward takes several outputs and their gradients', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    torch.autograd.backward([x.mul(2), x.mul(x)], [torch.ones(2), torch.tensor([1, 10])]);
    expect(x.grad!.tolist()).toEqual([2 + 2, 2 + 40]);
  });
});

describe('torch.autograd.grad', () => {
  it('returns gradients without touching .grad', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    const [g] = torch.autograd.grad(x.mul(x).sum(), [x]);
    expect(g!.tolist()).toEqual([2, 4]);
    expect(x.grad).toBeNull();
  });

  it('an unused input throws PyTorch\'s error unless allow_unused', () => {
    const t = torch.tensor([1, 2], { requires_grad: true });
    const u = torch.tensor(1, { requires_grad: true });
    expect(() => torch.autograd.grad(t.mul(2).sum(), [t, u])).toThrow(
      'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
    const [gt, gu] = torch.autograd.grad(t.mul(2).sum(), [t, u], { allow_unused: true });
    expect(gt!.tolist()).toEqual([2, 2]);
    expect(gu).toBeNull();
  });

  it('an input that does not require grad throws PyTorch\'s error', () => {
    const t = torch.tensor([1, 2], { requires_grad: true });
    expect(() => torch.autograd.grad(t.mul(2).sum(), [torch.tensor(1)])).toThrow('One of the differentiated Tensors does not require grad');
  });

  it('grad_outputs weights a non-scalar output', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    const [g] = torch.autograd.grad(x.mul(x), x, { grad_outputs: torch.tensor([1, 10]) });
    expect(g!.tolist()).toEqual([2, 40]);
  });
});

describe('leaves, non-leaves and requires_grad', () => {
  it('is_leaf follows PyTorch (retain_grad example: y.grad = 2y, x.grad = 6y)', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    const y = x.mul(3);
    y.retain_grad();
    const z = y.mul(y).sum();
    z.backward();
    // PyTorch 1.13: ('tensor([ 6., 12.])', 'tensor([18., 36.])', False, True, False, True, True)
    expect(String(y.grad)).toBe('tensor([ 6., 12.])');
    expect(String(x.grad)).toBe('tensor([18., 36.])');
    expect([y.is_leaf, x.is_leaf, z.is_leaf, torch.tensor(1).is_leaf, torch.tensor(1).mul(2).is_leaf]).toEqual([false, true, false, true, true]);
  });

  it('reading .grad of a non-leaf returns null and emits PyTorch\'s UserWarning once', () => {
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const t = torch.tensor([1, 2], { requires_grad: true });
    const nl = t.mul(2);
    nl.sum().backward();
    expect(nl.grad).toBeNull();
    expect(nl.grad).toBeNull();
    expect(spy).toHaveBeenCalledTimes(1);
    // PyTorch 1.13 (without the "Triggered internally at ..." C++ location)
    expect(spy.mock.calls[0]).toEqual([
      "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more informations.",
      'UserWarning']);
    spy.mockRestore();
  });

  it('requires_grad on an integer tensor throws PyTorch\'s errors', () => {
    expect(() => torch.tensor([1, 2], { dtype: torch.int64, requires_grad: true })).toThrow('Only Tensors of floating point and complex dtype can require gradients');
    const i = torch.tensor([1, 2], { dtype: torch.int64 });
    expect(() => { i.requires_grad = true; }).toThrow('only Tensors of floating point and complex dtype can require gradients');
  });

  it('changing requires_grad of a non-leaf throws PyTorch\'s errors', () => {
    const nl = torch.tensor([1, 2], { requires_grad: true }).mul(2);
    expect(() => { nl.requires_grad = false; }).toThrow("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    expect(() => { nl.requires_grad = true; }).toThrow(/^you can only change requires_grad flags of leaf variables\.$/);
  });

  it('requires_grad_() makes a leaf require grad and returns it', () => {
    const x = torch.ones(2);
    expect(x.requires_grad_()).toBe(x);
    expect(String(x)).toBe('tensor([1., 1.], requires_grad=True)');
  });

  it('the autograd mechanics notes: an op requires grad iff one of its inputs does', () => {
    const x = torch.randn(5, 5), y = torch.randn(5, 5), z = torch.randn([5, 5], { requires_grad: true });
    expect(x.add(y).requires_grad).toBe(false);
    expect(x.add(z).requires_grad).toBe(true);
  });

  it('retain_grad and register_hook on a tensor without grad throw PyTorch\'s errors', () => {
    expect(() => torch.tensor(1).retain_grad()).toThrow("can't retain_grad on Tensor that has requires_grad=False");
    expect(() => torch.tensor(1).register_hook((g) => g)).toThrow("cannot register a hook on a tensor that doesn't require gradient");
  });

  it('assigning a .grad of another size throws PyTorch\'s error', () => {
    const t = torch.tensor([1, 2], { requires_grad: true });
    expect(() => { t.grad = torch.ones(3); }).toThrow('assigned grad has data of a different size');
    t.grad = torch.ones(2);
    expect(t.grad!.tolist()).toEqual([1, 1]);
  });
});

describe('grad_fn', () => {
  it('names the op and lists next_functions with AccumulateGrad for leaves (PyTorch 1.13)', () => {
    const t = torch.tensor([1, 2], { requires_grad: true });
    const z = t.mul(2);
    expect(z.grad_fn!.name()).toBe('MulBackward0');
    const next = z.grad_fn!.next_functions;
    expect(next.length).toBe(2);
    expect(next[0]![0]!.name()).toBe('torch::autograd::AccumulateGrad');
    expect(next[0]![0]!.variable).toBe(t);
    expect(next[1]).toEqual([null, 0]);
    expect(z.grad_fn).toBe(z.grad_fn);
    expect(t.grad_fn).toBeNull();
  });

  it('chains through the graph: next of exp(x * 2) is MulBackward0', () => {
    const t = torch.tensor([1, 2], { requires_grad: true });
    const e = t.mul(2).exp();
    expect(e.grad_fn!.name()).toBe('ExpBackward0');
    expect(e.grad_fn!.next_functions[0]![0]!.name()).toBe('MulBackward0');
  });

  it("the pieces of one split or chunk are one grad_fn, and next_functions number its outputs (PyTorch 1.13)", () => {
    // PyTorch 1.13: x = torch.tensor([1., 2, 3, 4], requires_grad=True); a, b = x.mul(1).chunk(2); a.grad_fn is b.grad_fn
    // -> True; p, q, r = torch.split(x.mul(1), [1, 2, 1]); s = r.add(p); s.grad_fn.next_functions ->
    // ((<SplitWithSizesBackward0>, 2), (<SplitWithSizesBackward0>, 0)), both `is p.grad_fn`
    const x = torch.tensor([1, 2, 3, 4], { requires_grad: true });
    const [a, b] = x.mul(1).chunk(2);
    expect(a!.grad_fn).toBe(b!.grad_fn);
    expect(a!.grad_fn!.name()).toBe('SplitBackward0');
    const [p, , r] = torch.split(x.mul(1), [1, 2, 1]);
    const next = r!.add(p!).grad_fn!.next_functions;
    expect(next.map(([, i]) => i)).toEqual([2, 0]);
    expect(next[0]![0]).toBe(p!.grad_fn);
    expect(next[1]![0]).toBe(p!.grad_fn);
    expect(next[0]![0]!.name()).toBe('SplitWithSizesBackward0');
    // two calls are two grad_fns
    expect(x.mul(1).chunk(2)[0]!.grad_fn).not.toBe(a!.grad_fn);
  });
});

describe('hooks', () => {
  it('register_hook doubles the gradient, and remove() takes the hook off (PyTorch docs example)', () => {
    const v = torch.tensor([0, 0, 0], { requires_grad: true });
    const h = v.register_hook((grad) => grad.mul(2));
    v.backward(torch.tensor([1, 2, 3]));
    expect(String(v.grad)).toBe('tensor([2., 4., 6.])'); // PyTorch 1.13
    h.remove();
    v.backward(torch.tensor([1, 2, 3]));
    expect(v.grad!.tolist()).toEqual([3, 6, 9]);
  });
});

describe('grad mode', () => {
  it('no_grad records nothing and returns the function\'s value', () => {
    const x = torch.tensor([1], { requires_grad: true });
    const y = torch.no_grad(() => x.mul(2));
    expect(y.requires_grad).toBe(false);
    expect(torch.is_grad_enabled()).toBe(true);
    expect(torch.no_grad(() => torch.is_grad_enabled())).toBe(false);
  });

  it('enable_grad turns recording back on inside no_grad', () => {
    const x = torch.tensor([1], { requires_grad: true });
    const y = torch.no_grad(() => torch.enable_grad(() => x.mul(2)));
    expect(y.requires_grad).toBe(true);
  });

  it('set_grad_enabled switches grad mode (the PyTorch docs example)', () => {
    const x = torch.tensor([1], { requires_grad: true });
    torch.set_grad_enabled(false, () => expect(x.mul(2).requires_grad).toBe(false));
    torch.set_grad_enabled(false);
    try {
      expect(x.mul(2).requires_grad).toBe(false);
    } finally {
      torch.set_grad_enabled(true);
    }
    expect(x.mul(2).requires_grad).toBe(true);
  });
});

// PyTorch's engine runs only the nodes that lead to the wanted tensors (exec_info), and captures a wanted tensor's
// gradient before its hooks. Every value below was printed by PyTorch 1.13 for the Python in the comment.
describe('a pass that wants some tensors runs only what leads to them', () => {
  it('autograd.grad wrt an intermediate neither runs nor frees its producer', () => {
    // a = tensor([1., 2.], requires_grad=True); b = a * 2
    // grad((b * 3).sum(), [b]) -> (tensor([3., 3.]),); then grad((b * b).sum(), [a]) -> (tensor([ 8., 16.]),)
    const a = torch.tensor([1, 2], { requires_grad: true });
    const b = a.mul(2);
    expect(torch.autograd.grad(b.mul(3).sum(), [b])[0]!.tolist()).toEqual([3, 3]);
    expect(torch.autograd.grad(b.mul(b).sum(), [a])[0]!.tolist()).toEqual([8, 16]);
  });

  it('hooks: none on a branch that leads to no wanted tensor, none on a wanted leaf (autograd.grad)', () => {
    // x, w = tensor([1., 2.], requires_grad=True), tensor([3., 4.], requires_grad=True); u = w * 2
    // u.register_hook(...); x.register_hook(...); y = (x * 3).sum() + u.sum()
    // grad(y, [x], retain_graph=True) -> (tensor([3., 3.]),), no hook called;
    // y.backward(inputs=[x]) -> x.grad tensor([3., 3.]), w.grad None, only x's hook called
    const calls: string[] = [];
    const x = torch.tensor([1, 2], { requires_grad: true }), w = torch.tensor([3, 4], { requires_grad: true });
    const u = w.mul(2);
    u.register_hook(() => { calls.push('u'); });
    x.register_hook(() => { calls.push('x'); });
    const y = x.mul(3).sum().add(u.sum());
    expect(torch.autograd.grad(y, [x], { retain_graph: true })[0]!.tolist()).toEqual([3, 3]);
    expect(calls).toEqual([]);
    y.backward({ inputs: [x] });
    expect([x.grad!.tolist(), w.grad, calls]).toEqual([[3, 3], null, ['x']]);
  });

  it("a wanted intermediate's gradient is taken before its hooks, which still act on what flows past it", () => {
    // p = tensor([1., 2.], requires_grad=True); q = p * 1; q.register_hook(lambda g: g * 2)
    // grad((q * 3).sum(), [q, p]) -> (tensor([3., 3.]), tensor([6., 6.]))
    const p = torch.tensor([1, 2], { requires_grad: true });
    const q = p.mul(1);
    q.register_hook((g) => g.mul(2));
    expect(torch.autograd.grad(q.mul(3).sum(), [q, p]).map((g) => g!.tolist())).toEqual([[3, 3], [6, 6]]);
  });
});

// Higher derivatives at edge points, each printed by PyTorch 1.13 (float64) for the Python in the comment.
describe('second and third derivatives at zeros, kinks and thresholds', () => {
  const F = torch.nn.functional;
  const f64 = (v: unknown) => torch.tensor(v as number[], { dtype: torch.float64, requires_grad: true });
  const grads = (y: torch.Tensor, x: torch.Tensor, create = true) => torch.autograd.grad(y.sum(), [x], { create_graph: create })[0]!;

  it('prod over a dim with two or more zeros in a slice keeps its higher derivatives', () => {
    // torch.autograd.functional.hessian(lambda a: a.prod(1).sum(), tensor([[0., 0, 2, 3], [1, 0, 2, .5]]))
    const H = torch.autograd.functional.hessian((a: torch.Tensor) => a.prod(1).sum(), torch.tensor([[0, 0, 2, 3], [1, 0, 2, 0.5]], { dtype: torch.float64 }));
    expect((H as torch.Tensor).reshape(8, 8).tolist()).toEqual([
      [0, 6, 0, 0, 0, 0, 0, 0], [6, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0, 0.5, 2], [0, 0, 0, 0, 0, 0.5, 0, 0], [0, 0, 0, 0, 0, 2, 0, 0]]);
    // three zeros: the third derivative, y = tensor([[0., 0, 0, 2]]) -> [[4, 4, 4, 0]]
    const y = f64([[0, 0, 0, 2]]);
    const g = grads(y.prod(1), y), h = grads(g, y), t = grads(h, y, false);
    expect(t.tolist()).toEqual([[4, 4, 4, 0]]);
  });

  it('elu at 0 and softplus at its threshold have a zero second derivative', () => {
    // x = tensor([0., -.5, .7]); grad of F.elu(x, 2.0) -> [2, 1.2130613194252668, 1], then [0, 1.2130613194252668, 0]
    const x = f64([0, -0.5, 0.7]);
    const g = grads(F.elu(x, { alpha: 2 }), x);
    expect(g.tolist()).toEqual([2, 1.2130613194252668, 1]);
    expect(grads(g, x, false).tolist()).toEqual([0, 1.2130613194252668, 0]);
    // x = tensor([.5, .3, .7]); F.softplus(x, 2.0, 1.0): [0.7310585786300049, 0.6456563062257954, 1.0], then
    // [0.0, 0.45756848091331465, 0.0]
    const s = f64([0.5, 0.3, 0.7]);
    const gs = grads(F.softplus(s, { beta: 2, threshold: 1 }), s);
    expect(gs.tolist()).toEqual([0.7310585786300049, 0.6456563062257954, 1]);
    const hs = grads(gs, s, false).tolist() as number[];
    expect(hs[0]).toBe(0);
    expect(hs[1]).toBeCloseTo(0.45756848091331465, 15);
    expect(hs[2]).toBe(0);
  });
});

// From a review of the day's engine changes; values printed by PyTorch 1.13 for the Python in the comments.
describe('pruned passes, views made inside backward, mixed int32/float32', () => {
  it('a freed node on a branch no wanted tensor needs is not an error', () => {
    // x, w = tensor([1., 2.], requires_grad=True), tensor([3., 4.], requires_grad=True); h = w * w
    // h.sum().backward(); torch.autograd.grad((h * x).sum(), x) -> (tensor([ 9., 16.]),)
    const x = torch.tensor([1, 2], { requires_grad: true }), w = torch.tensor([3, 4], { requires_grad: true });
    const h = w.mul(w);
    h.sum().backward();
    expect(torch.autograd.grad(h.mul(x).sum(), [x])[0]!.tolist()).toEqual([9, 16]);
    // but a freed node that must run is PyTorch's error
    expect(() => h.sum().backward()).toThrow('Trying to backward through the graph a second time');
  });

  it('views a backward rule makes do not block a later in-place op on its operand', () => {
    // x = tensor([1., 2., 3.], requires_grad=True); W = tensor([[1., 2, 3], [4, 5, 6]]); h = x * 2
    // W.matmul(h).sum().backward(retain_graph=True); h.mul_(2) -> h [4, 8, 12], x.grad [10, 14, 18]
    const x = torch.tensor([1, 2, 3], { requires_grad: true });
    const W = torch.tensor([[1, 2, 3], [4, 5, 6]]);
    const h = x.mul(2);
    W.matmul(h).sum().backward({ retain_graph: true });
    h.mul_(2);
    expect([h.tolist(), x.grad!.tolist()]).toEqual([[4, 8, 12], [10, 14, 18]]);
  });

  it('an int32 operand beside a float32 one is rounded to float32 first', () => {
    // torch.add(tensor([16777217, 3], dtype=int32), tensor(.5)) -> [16777216.0, 3.5]; eq(..., tensor(16777216.)) -> [True, False]
    const i = torch.tensor([16777217, 3], { dtype: torch.int32 });
    expect(torch.add(i, torch.tensor(0.5)).tolist()).toEqual([16777216, 3.5]);
    expect(torch.eq(i, torch.tensor(16777216)).tolist()).toEqual([true, false]);
  });
});
