// torch.autograd's API against PyTorch 1.13 (findings 3, 7, 8, 10, 11, 12, 14 and 15 of the autograd review).
// Every expectation was printed by /usr/bin/python3 -c "import torch; ..." with T = torch.tensor,
// x = T([1., 2.], requires_grad=True) and F = torch.autograd.functional; the Python is in the comment beside it.
// Errors are compared as Python prints them: `Class: message`.
// NOTE: the facade warns once per message per process, so each warning text is first met in the test that checks it.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';

const T = torch.tensor;
const F = torch.autograd.functional;
const x_ = () => T([1, 2], { requires_grad: true });
const L = (a: number[]) => T(a, { dtype: torch.int64 });

const str = (v: unknown): unknown => (Array.isArray(v) ? v.map(str) : v === null ? 'None' : String(v));

let warn: MockInstance;
beforeEach(() => { warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined); });
afterEach(() => warn.mockRestore());
const warnings = (): unknown[][] => warn.mock.calls.map((c) => [c[0], c[1]]);

const CYCLE = 'Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient which ' +
  'can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you have to use this function, ' +
  'make sure to reset the .grad fields of your parameters to None after use to break the cycle and avoid the leak.';
const DETACH_VIEW = "RuntimeError: Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for " +
  'training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these ' +
  'gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.';

describe('#11 backward with create_graph=True warns (TORCH_WARN_ONCE: once per process)', () => {
  it('Tensor.backward then torch.autograd.backward: one UserWarning in all', () => {
    const x = x_();
    x.pow(2).sum().backward({ create_graph: true });
    torch.autograd.backward(x.pow(3).sum(), { create_graph: true, inputs: [x] });
    // x.pow(2).sum().backward(create_graph=True); torch.autograd.backward(x.pow(3).sum(), create_graph=True, inputs=[x]); x.grad
    //   -> tensor([ 5., 16.], grad_fn=<AddBackward0>), and the UserWarning once
    //   (PyTorch appends " (Triggered internally at  ./torch/csrc/autograd/engine.cpp:1059.)")
    expect(String(x.grad)).toBe('tensor([ 5., 16.], grad_fn=<AddBackward0>)');
    expect(warnings()).toEqual([[CYCLE, 'UserWarning']]);
  });
});

describe('#3 a gradient that is not a tensor is PyTorch\'s TypeError', () => {
  it('numbers, booleans and functions are not iterable', () => {
    const x = x_();
    // x.mul(x).sum().backward(2) -> TypeError: 'int' object is not iterable
    expect(err(() => x.mul(x).sum().backward(2 as never))).toBe("TypeError: 'int' object is not iterable");
    // x.mul(x).sum().backward(2.5) -> TypeError: 'float' object is not iterable
    expect(err(() => x.mul(x).sum().backward(2.5 as never))).toBe("TypeError: 'float' object is not iterable");
    // x.mul(x).sum().backward(True) -> TypeError: 'bool' object is not iterable
    expect(err(() => x.mul(x).sum().backward(true as never))).toBe("TypeError: 'bool' object is not iterable");
    // x.mul(x).sum().backward(lambda: 1) -> TypeError: 'function' object is not iterable
    expect(err(() => x.mul(x).sum().backward((() => 1) as never))).toBe("TypeError: 'function' object is not iterable");
    // x.grad -> None (nothing ran)
    expect(x.grad).toBeNull();
    let e: unknown;
    try { x.mul(x).sum().backward(2 as never); } catch (caught) { e = caught; }
    expect(e).toBeInstanceOf(torch.TypeError);
  });

  it('a sequence of gradients: tensors or None each, zipped with the outputs', () => {
    // (x*x).backward([1.5, 1.]) -> TypeError: gradients can be either Tensors or None, but got float
    expect(err(() => { const x = x_(); x.mul(x).backward([1.5, 1] as never); })).toBe('TypeError: gradients can be either Tensors or None, but got float');
    // x = ...; (x*x).sum().backward([T(3.)]); x.grad -> tensor([ 6., 12.])
    const a = x_(); a.mul(a).sum().backward([T(3)]);
    expect(String(a.grad)).toBe('tensor([ 6., 12.])');
    // (x*x).sum().backward([T(3.), 'junk']); x.grad -> tensor([ 6., 12.])  (zip drops the extra entry)
    const b = x_(); b.mul(b).sum().backward([T(3), 'junk'] as never);
    expect(String(b.grad)).toBe('tensor([ 6., 12.])');
    // (x*x).sum().backward([None]); x.grad -> tensor([2., 4.])
    const c = x_(); c.mul(c).sum().backward([null]);
    expect(String(c.grad)).toBe('tensor([2., 4.])');
    // (x*x).sum().backward([]) -> RuntimeError: got 1 tensors and 0 gradients
    expect(err(() => { const x = x_(); x.mul(x).sum().backward([]); })).toBe('RuntimeError: got 1 tensors and 0 gradients');
    // (x*x).sum().backward('ab') -> TypeError: gradients can be either Tensors or None, but got str
    expect(err(() => { const x = x_(); x.mul(x).sum().backward('ab' as never); })).toBe('TypeError: gradients can be either Tensors or None, but got str');
    // torch.autograd.backward([(x*x).sum(), x.sum()], [T(1.)]) -> RuntimeError: got 2 tensors and 1 gradients
    expect(err(() => { const x = x_(); torch.autograd.backward([x.mul(x).sum(), x.sum()], [T(1)]); })).toBe('RuntimeError: got 2 tensors and 1 gradients');
  });

  it('grad_outputs and outputs: the same checks, in _make_grads\' order', () => {
    // torch.autograd.grad((x*x).sum(), x, grad_outputs=[2.5]) -> TypeError: gradients can be either Tensors or None, but got float
    expect(err(() => { const x = x_(); torch.autograd.grad(x.mul(x).sum(), x, { grad_outputs: [2.5] as never }); }))
      .toBe('TypeError: gradients can be either Tensors or None, but got float');
    // torch.autograd.grad(3, x) -> TypeError: 'int' object is not iterable
    expect(err(() => torch.autograd.grad(3 as never, x_()))).toBe("TypeError: 'int' object is not iterable");
    // torch.autograd.grad([x.sum(), 3], [x]) -> AttributeError: 'int' object has no attribute 'requires_grad'
    expect(err(() => { const x = x_(); torch.autograd.grad([x.sum(), 3 as never], [x]); })).toBe("AttributeError: 'int' object has no attribute 'requires_grad'");
    // torch.autograd.grad(T([1.,2.]), x, grad_outputs=T([1.,2.,3.]))  (the shape is checked before requires_grad)
    //   -> RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2]).
    expect(err(() => torch.autograd.grad(T([1, 2]), x_(), { grad_outputs: T([1, 2, 3]) })))
      .toBe('RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2]).');
  });
});

describe('#7 requires_grad_ on a non-leaf', () => {
  it('requires_grad_(True) changes nothing; requires_grad_(False) and the setter raise', () => {
    const y = x_().mul(2);
    // y = x*2; y.requires_grad_(True); (y.requires_grad, y.is_leaf, y.grad_fn.name()) -> (True, False, 'MulBackward0')
    expect(y.requires_grad_(true)).toBe(y);
    expect([y.requires_grad, y.is_leaf, y.grad_fn!.name()]).toEqual([true, false, 'MulBackward0']);
    // y.requires_grad_() -> the same no-op
    expect(y.requires_grad_().requires_grad).toBe(true);
    // y.requires_grad_(False) -> RuntimeError: you can only change requires_grad flags of leaf variables. If you want ...
    expect(err(() => y.requires_grad_(false))).toBe('RuntimeError: you can only change requires_grad flags of leaf variables. If you want to use ' +
      "a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    // y.requires_grad = True -> RuntimeError: you can only change requires_grad flags of leaf variables.
    expect(err(() => { y.requires_grad = true; })).toBe('RuntimeError: you can only change requires_grad flags of leaf variables.');
  });

  it('leaves keep the dtype check', () => {
    // T([1,2]).requires_grad_() -> RuntimeError: only Tensors of floating point dtype can require gradients
    expect(err(() => L([1, 2]).requires_grad_())).toBe('RuntimeError: only Tensors of floating point dtype can require gradients');
    // T([1,2]).requires_grad_(False).requires_grad -> False
    expect(L([1, 2]).requires_grad_(false).requires_grad).toBe(false);
  });
});

describe('#8 autograd.grad and backward arguments', () => {
  it('is_grads_batched: one vector-Jacobian product per entry of the first dimension', () => {
    const x = x_();
    // torch.autograd.grad(x.pow(2), x, grad_outputs=torch.eye(2), is_grads_batched=True) -> (tensor([[2., 0.], [0., 4.]]),)
    expect(str(torch.autograd.grad(x.pow(2), x, { grad_outputs: torch.eye(2), is_grads_batched: true })))
      .toEqual(['tensor([[2., 0.],\n        [0., 4.]])']);
    // torch.autograd.grad(x.pow(2).sum(), x, grad_outputs=T([1.,2.,3.]), is_grads_batched=True)
    //   -> (tensor([[ 2.,  4.], [ 4.,  8.], [ 6., 12.]]),)
    expect(str(torch.autograd.grad(x.pow(2).sum(), x, { grad_outputs: T([1, 2, 3]), is_grads_batched: true })))
      .toEqual(['tensor([[ 2.,  4.],\n        [ 4.,  8.],\n        [ 6., 12.]])']);
    // w = T([1.,2.], requires_grad=True)
    // torch.autograd.grad(x.pow(2), [x, w], grad_outputs=torch.eye(2), is_grads_batched=True, allow_unused=True) -> (tensor([[2., 0.], [0., 4.]]), None)
    const w = x_();
    expect(str(torch.autograd.grad(x.pow(2), [x, w], { grad_outputs: torch.eye(2), is_grads_batched: true, allow_unused: true })))
      .toEqual(['tensor([[2., 0.],\n        [0., 4.]])', 'None']);
    // ... without allow_unused -> RuntimeError: One of the differentiated Tensors appears to not have been used in the graph. ...
    expect(err(() => torch.autograd.grad(x.pow(2), [x, w], { grad_outputs: torch.eye(2), is_grads_batched: true })))
      .toBe('RuntimeError: One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
  });

  it('is_grads_batched: retain_graph and create_graph as without it', () => {
    // x = ...; y = x.pow(2); torch.autograd.grad(y, x, grad_outputs=torch.eye(2), is_grads_batched=True, retain_graph=True)
    // torch.autograd.grad(y, x, grad_outputs=torch.ones(2)) -> (tensor([2., 4.]),)
    const x = x_();
    const y = x.pow(2);
    torch.autograd.grad(y, x, { grad_outputs: torch.eye(2), is_grads_batched: true, retain_graph: true });
    expect(str(torch.autograd.grad(y, x, { grad_outputs: torch.ones(2) }))).toEqual(['tensor([2., 4.])']);
    // without retain_graph, the second call -> RuntimeError: Trying to backward through the graph a second time ...
    const y2 = x.pow(2);
    torch.autograd.grad(y2, x, { grad_outputs: torch.eye(2), is_grads_batched: true });
    expect(err(() => torch.autograd.grad(y2, x, { grad_outputs: torch.ones(2) }))).toMatch(/^RuntimeError: Trying to backward through the graph a second time/);
    // g, = torch.autograd.grad(x.pow(2), x, grad_outputs=torch.eye(2), is_grads_batched=True, create_graph=True)
    // (g.requires_grad, torch.autograd.grad(g.sum(), x)) -> (True, (tensor([2., 2.]),))
    const [g] = torch.autograd.grad(x.pow(2), x, { grad_outputs: torch.eye(2), is_grads_batched: true, create_graph: true });
    expect(g!.requires_grad).toBe(true);
    expect(str(torch.autograd.grad(g!.sum(), x))).toEqual(['tensor([2., 2.])']);
  });

  it('is_grads_batched: _make_grads\' and vmap\'s errors', () => {
    const x = x_();
    // torch.autograd.grad(x.pow(2), x, grad_outputs=torch.ones(3,3), is_grads_batched=True)
    expect(err(() => torch.autograd.grad(x.pow(2), x, { grad_outputs: torch.ones(3, 3), is_grads_batched: true }))).toBe(
      'RuntimeError: If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch dimension. The sizes of ' +
      'the remaining dimensions are expected to match the shape of corresponding output, but a mismatch was detected: grad_output[0] has a ' +
      'shape of torch.Size([]) and output[0] has a shape of torch.Size([2]). If you only want some tensors in `grad_output` to be ' +
      'considered batched, consider using vmap.');
    // torch.autograd.grad(x.pow(2).sum(), x, is_grads_batched=True)
    expect(err(() => torch.autograd.grad(x.pow(2).sum(), x, { is_grads_batched: true }))).toBe('ValueError: vmap(vjp, in_dims=0, ...)(<inputs>): ' +
      'Got in_dim=0 for some input, but that input is a Tensor of dimensionality 0 so expected in_dim to satisfy 0 <= in_dim < 0.');
    // torch.autograd.grad([x.pow(2), x*3], x, grad_outputs=[torch.eye(2), torch.ones(3,2)], is_grads_batched=True)
    expect(err(() => torch.autograd.grad([x.pow(2), x.mul(3)], x, { grad_outputs: [torch.eye(2), torch.ones(3, 2)], is_grads_batched: true })))
      .toBe('ValueError: vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [2, 3] for the mapped dimension');
    // torch.autograd.grad(x.pow(2), x, grad_outputs=torch.ones(0,2), is_grads_batched=True)
    expect(err(() => torch.autograd.grad(x.pow(2), x, { grad_outputs: torch.ones(0, 2), is_grads_batched: true })))
      .toBe('IndexError: index 0 is out of bounds for dimension 0 with size 0');
    // torch.autograd.grad(x.pow(2), x, grad_outputs=T(1.), is_grads_batched=True)
    expect(err(() => torch.autograd.grad(x.pow(2), x, { grad_outputs: T(1), is_grads_batched: true }))).toBe('IndexError: invalid index of a 0-dim ' +
      'tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number');
  });

  it('only_inputs=False warns that it is deprecated', () => {
    const x = x_();
    // torch.autograd.grad(x.pow(2).sum(), x, only_inputs=False) -> (tensor([2., 4.]),) with the UserWarning
    expect(str(torch.autograd.grad(x.pow(2).sum(), x, { only_inputs: false }))).toEqual(['tensor([2., 4.])']);
    expect(warnings()).toEqual([['only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate gradient for other ' +
      'parts of the graph, please use torch.autograd.backward.', 'UserWarning']]);
  });

  it('grad: empty inputs, and inputs that are not tensors or do not require grad', () => {
    // torch.autograd.grad(x.sum(), []) -> ValueError: grad requires non-empty inputs.
    expect(err(() => torch.autograd.grad(x_().sum(), []))).toBe('ValueError: grad requires non-empty inputs.');
    // torch.autograd.grad(T([1.,2.]).sum(), []) -> RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
    expect(err(() => torch.autograd.grad(T([1, 2]).sum(), []))).toBe('RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn');
    // torch.autograd.grad(x.sum(), [x, 2]) -> RuntimeError: all inputs have to be Tensors, but got int
    expect(err(() => { const x = x_(); torch.autograd.grad(x.sum(), [x, 2 as never]); })).toBe('RuntimeError: all inputs have to be Tensors, but got int');
    // torch.autograd.grad(x.sum(), [T([1.,2.])]) -> RuntimeError: One of the differentiated Tensors does not require grad
    expect(err(() => torch.autograd.grad(x_().sum(), [T([1, 2])]))).toBe('RuntimeError: One of the differentiated Tensors does not require grad');
  });

  it('backward(inputs=...): retain_grad() on each input first', () => {
    // x.sum().backward(inputs=[T([1.,2.])]) -> RuntimeError: can't retain_grad on Tensor that has requires_grad=False
    expect(err(() => x_().sum().backward({ inputs: [T([1, 2])] }))).toBe("RuntimeError: can't retain_grad on Tensor that has requires_grad=False");
    // T([1.,2.]).sum().backward(inputs=[T([1.,2.])]) -> RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
    expect(err(() => T([1, 2]).sum().backward({ inputs: [T([1, 2])] }))).toBe('RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn');
    // x.sum().backward(inputs=[x, 3]) -> RuntimeError: all inputs have to be Tensors, but got int
    expect(err(() => { const x = x_(); x.sum().backward({ inputs: [x, 3 as never] }); })).toBe('RuntimeError: all inputs have to be Tensors, but got int');
    // y = x*2; (y*3).sum().backward(inputs=[y]); (y.retains_grad, y.grad) -> (True, tensor([3., 3.]))
    const y = x_().mul(2);
    y.mul(3).sum().backward({ inputs: [y] });
    expect([y.retains_grad, String(y.grad)]).toEqual([true, 'tensor([3., 3.])']);
    // x.sum().backward(inputs=[]) -> RuntimeError: 'inputs' argument to backward() cannot be empty.
    expect(err(() => x_().sum().backward({ inputs: [] }))).toBe("RuntimeError: 'inputs' argument to backward() cannot be empty.");
    // x = T(1., requires_grad=True); (x*2).backward(inputs=x) -> TypeError: len() of a 0-d tensor
    expect(err(() => { const x = T(1, { requires_grad: true }); x.mul(2).backward({ inputs: x }); })).toBe('TypeError: len() of a 0-d tensor');
    // x.pow(2).sum().backward(inputs=x); x.grad -> tensor([2., 4.])
    const x = x_();
    x.pow(2).sum().backward({ inputs: x });
    expect(String(x.grad)).toBe('tensor([2., 4.])');
  });

  it('grad_variables: the deprecated name of grad_tensors', () => {
    const x = x_();
    const y = x.sum();
    // torch.autograd.backward(y, grad_tensors=T(1.), grad_variables=T(1.)) -> RuntimeError: 'grad_tensors' and 'grad_variables' ...
    expect(err(() => torch.autograd.backward(y, { grad_tensors: T(1), grad_variables: T(1) }))).toBe("RuntimeError: 'grad_tensors' and " +
      "'grad_variables' (deprecated) arguments both passed to backward(). Please only use 'grad_tensors'.");
    // torch.autograd.backward(y, grad_variables=T(2.)); x.grad -> tensor([2., 2.]), UserWarning: 'grad_variables' is deprecated. Use 'grad_tensors' instead.
    torch.autograd.backward(y, { grad_variables: T(2) });
    expect(String(x.grad)).toBe('tensor([2., 2.])');
    expect(warnings()).toContainEqual(["'grad_variables' is deprecated. Use 'grad_tensors' instead.", 'UserWarning']);
  });
});

describe('#10 torch.autograd.functional: options and arguments checked as functional.py does', () => {
  const f = (a: torch.Tensor) => a.pow(2);
  const x = () => T([1, 2]);
  const cube = (a: torch.Tensor) => a.pow(3).sum();

  it('jacobian: strategy and vectorize', () => {
    // F.jacobian(f, x, strategy='bad') -> AssertionError: Expected strategy to be either "forward-mode" or "reverse-mode". Hint: ...
    expect(err(() => F.jacobian(f, x(), { strategy: 'bad' as never }))).toBe('AssertionError: Expected strategy to be either "forward-mode" or ' +
      '"reverse-mode". Hint: If your function has more outputs than inputs, "forward-mode" tends to be more performant. Otherwise, prefer to use "reverse-mode".');
    // F.jacobian(f, x, strategy='forward-mode') -> NotImplementedError: Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly ...
    expect(err(() => F.jacobian(f, x(), { strategy: 'forward-mode' }))).toBe('NotImplementedError: Computing Jacobian using forward-AD or ' +
      'forward-over-reverse Hessian isonly implemented for `vectorize=True`.');
    // F.jacobian(f, x, strategy='forward-mode', create_graph=True) -> NotImplementedError: ... `create_graph=True` and `strategy="forward-mode"` ...
    expect(err(() => F.jacobian(f, x(), { strategy: 'forward-mode', create_graph: true }))).toBe('NotImplementedError: torch.autograd.functional.jacobian: ' +
      '`create_graph=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `create_graph=False` or `strategy="reverse-mode"`.');
    // F.jacobian(f, x, strategy='forward-mode', strict=True, vectorize=True) -> RuntimeError: ... `strict=True` and `strategy="forward-mode"` ...
    expect(err(() => F.jacobian(f, x(), { strategy: 'forward-mode', strict: true, vectorize: true }))).toBe('RuntimeError: torch.autograd.functional.jacobian: ' +
      '`strict=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `strict=False` or `strategy="reverse-mode"`.');
    // F.jacobian(f, x, strict=True, vectorize=True) -> RuntimeError: ... `strict=True` and `vectorized=True` are not supported together. ...
    const strictVectorized = 'RuntimeError: torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together. ' +
      'Please either set `strict=False` or `vectorize=False`.';
    expect(err(() => F.jacobian(f, x(), { strict: true, vectorize: true }))).toBe(strictVectorized);
    // F.jacobian(lambda a: T([1.,2.]), x, strict=True, vectorize=True) -> RuntimeError: Output 0 of the user-provided function does not require gradients. ...
    expect(err(() => F.jacobian(() => T([1, 2]), x(), { strict: true, vectorize: true }))).toBe('RuntimeError: Output 0 of the user-provided function ' +
      'does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.');
    // F.jacobian(f, x, vectorize=True) -> tensor([[2., 0.], [0., 4.]])
    expect(String(F.jacobian(f, x(), { vectorize: true }))).toBe('tensor([[2., 0.],\n        [0., 4.]])');
    // F.jacobian(lambda a, b: a.pow(2), (x, x), vectorize=True) -> (tensor([[2., 0.], [0., 4.]]), tensor([[0., 0.], [0., 0.]]))
    expect(str(F.jacobian((a, _b) => a.pow(2), [x(), x()], { vectorize: true })))
      .toEqual(['tensor([[2., 0.],\n        [0., 4.]])', 'tensor([[0., 0.],\n        [0., 0.]])']);
    // F.hessian(cube, x, vectorize=True, strict=True) -> the same strict/vectorized RuntimeError
    expect(err(() => F.hessian(cube, x(), { vectorize: true, strict: true }))).toBe(strictVectorized);
  });

  it('hessian: outer_jacobian_strategy and the function\'s output', () => {
    // F.hessian(cube, x, outer_jacobian_strategy='bad') -> AssertionError: Expected strategy to be either "forward-mode" or "reverse-mode".
    expect(err(() => F.hessian(cube, x(), { outer_jacobian_strategy: 'bad' as never })))
      .toBe('AssertionError: Expected strategy to be either "forward-mode" or "reverse-mode".');
    // F.hessian(cube, x, outer_jacobian_strategy='forward-mode') -> NotImplementedError: Computing Jacobian using forward-AD ... isonly ...
    expect(err(() => F.hessian(cube, x(), { outer_jacobian_strategy: 'forward-mode' }))).toBe('NotImplementedError: Computing Jacobian using ' +
      'forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.');
    // F.hessian(cube, x, vectorize=True) -> tensor([[ 6.,  0.], [ 0., 12.]])
    expect(String(F.hessian(cube, x(), { vectorize: true }))).toBe('tensor([[ 6.,  0.],\n        [ 0., 12.]])');
    // F.hessian(lambda a: (a.pow(3).sum(),), x) -> RuntimeError: The function given to hessian should return a single Tensor
    expect(err(() => F.hessian((a) => [a.pow(3).sum()], x()))).toBe('RuntimeError: The function given to hessian should return a single Tensor');
    // F.hessian(lambda a: 3, x) -> TypeError: The outputs of the user-provided function given to hessian must be ... has type <class 'int'>.
    expect(err(() => F.hessian((() => 3) as never, x()))).toBe('TypeError: The outputs of the user-provided function given to hessian must be ' +
      "either a Tensor or a tuple of Tensors but the given outputs of the user-provided function has type <class 'int'>.");
    // F.hessian(lambda a: T(1.), x, strict=True) -> RuntimeError: Output 0 of the user-provided function does not require gradients. ...
    expect(err(() => F.hessian(() => T(1), x(), { strict: true }))).toBe('RuntimeError: Output 0 of the user-provided function does not require ' +
      'gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.');
  });

  it('inputs, outputs and v that are not tensors: _as_tuple\'s TypeError', () => {
    const cls = (fn: string, arg: string, which: string, type: string) =>
      `TypeError: The ${arg} given to ${fn} must be either a Tensor or a tuple of Tensors but ${which} has type <class '${type}'>.`;
    const out = 'outputs of the user-provided function';
    // F.jacobian(lambda a: 3, x)
    expect(err(() => F.jacobian((() => 3) as never, x()))).toBe(cls('jacobian', out, `the given ${out}`, 'int'));
    // F.jacobian(lambda a: (a, 3), x)
    expect(err(() => F.jacobian(((a: torch.Tensor) => [a, 3]) as never, x()))).toBe(cls('jacobian', out, 'the value at index 1', 'int'));
    // F.jacobian(lambda a: None, x)
    expect(err(() => F.jacobian((() => null) as never, x()))).toBe(cls('jacobian', out, `the given ${out}`, 'NoneType'));
    // F.jacobian(f, 3)
    expect(err(() => F.jacobian(f, 3 as never))).toBe(cls('jacobian', 'inputs', 'the given inputs', 'int'));
    // F.jacobian(lambda a, b: a, (x, 3))
    expect(err(() => F.jacobian((a) => a, [x(), 3] as never))).toBe(cls('jacobian', 'inputs', 'the value at index 1', 'int'));
    // F.vjp(f, 2.5)
    expect(err(() => F.vjp(f, 2.5 as never))).toBe(cls('vjp', 'inputs', 'the given inputs', 'float'));
    // F.vjp(lambda a: a, x, 3)
    expect(err(() => F.vjp((a) => a, x(), 3 as never))).toBe(cls('vjp', 'v', 'the given v', 'int'));
    // F.vjp(lambda a: a, x, (x, 3))
    expect(err(() => F.vjp((a) => a, x(), [x(), 3] as never))).toBe(cls('vjp', 'v', 'the value at index 1', 'int'));
    // F.vjp(lambda a: 3, x, x)
    expect(err(() => F.vjp((() => 3) as never, x(), x()))).toBe(cls('vjp', out, `the given ${out}`, 'int'));
    // F.jvp(lambda a: 'a', x, x)
    expect(err(() => F.jvp((() => 'a') as never, x(), x()))).toBe(cls('jvp', out, `the given ${out}`, 'str'));
    // F.hvp(lambda a: 3, x, x)
    expect(err(() => F.hvp((() => 3) as never, x(), x()))).toBe(cls('hvp', out, `the given ${out}`, 'int'));
  });

  it('v of the wrong length: worded by whether the reference was a tuple', () => {
    // F.vjp(lambda a: a, (x,), (x, x)) -> RuntimeError: The given v should contain a single Tensor.  (the output is not a tuple)
    expect(err(() => F.vjp((a) => a, [x()], [x(), x()]))).toBe('RuntimeError: The given v should contain a single Tensor.');
    // F.jvp(lambda a: a, x, (x, x)) -> RuntimeError: The given v should contain a single Tensor.
    expect(err(() => F.jvp((a) => a, x(), [x(), x()]))).toBe('RuntimeError: The given v should contain a single Tensor.');
    // F.vhp(lambda a: a.sum(), x, (x, x)) -> RuntimeError: The given v should contain a single Tensor.
    expect(err(() => F.vhp((a) => a.sum(), x(), [x(), x()]))).toBe('RuntimeError: The given v should contain a single Tensor.');
    // F.jvp(lambda a, b: a, (x, x), (x,)) -> RuntimeError: v is a tuple of invalid length: should be 2 but got 1.
    expect(err(() => F.jvp((a) => a, [x(), x()], [x()]))).toBe('RuntimeError: v is a tuple of invalid length: should be 2 but got 1.');
  });

  it('vhp/hvp: strict mode\'s check of the outputs comes before the single-Tensor check', () => {
    // F.vhp(lambda a: (T(1.),), T([1.]), strict=True) -> RuntimeError: Output 0 of the user-provided function does not require gradients. ...
    expect(err(() => F.vhp(() => [T(1)], T([1]), { strict: true }))).toBe('RuntimeError: Output 0 of the user-provided function does not require ' +
      'gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.');
    // F.vhp(lambda a: (a.sum(),), x, x) -> RuntimeError: The function given to vhp should return a single Tensor
    expect(err(() => F.vhp((a) => [a.sum()], x(), x()))).toBe('RuntimeError: The function given to vhp should return a single Tensor');
  });

  it('keywords a function does not take: Python\'s TypeError', () => {
    // F.jacobian(lambda a: a, T([1.]), foo=1) -> TypeError: jacobian() got an unexpected keyword argument 'foo'
    expect(err(() => F.jacobian((a) => a, T([1]), { foo: 1 } as never))).toBe("TypeError: jacobian() got an unexpected keyword argument 'foo'");
    // F.hessian(lambda a: a, T([1.]), strategy='x') -> TypeError: hessian() got an unexpected keyword argument 'strategy'
    expect(err(() => F.hessian((a) => a, T([1]), { strategy: 'x' } as never))).toBe("TypeError: hessian() got an unexpected keyword argument 'strategy'");
    // F.vjp(lambda a: a, T([1.]), foo=1) -> TypeError: vjp() got an unexpected keyword argument 'foo'
    expect(err(() => F.vjp((a) => a, T([1]), { foo: 1 } as never))).toBe("TypeError: vjp() got an unexpected keyword argument 'foo'");
  });
});

describe('#12 tensor attributes', () => {
  it('.grad = x: the tensor itself, non-tensors, and the type checked before the size', () => {
    const x = x_();
    // x.grad = x -> RuntimeError: can't assign Variable as its own grad
    expect(err(() => { x.grad = x; })).toBe("RuntimeError: can't assign Variable as its own grad");
    // x.grad = 3 -> TypeError: assigned grad expected to be a Tensor or None but got grad of typeint
    expect(err(() => { x.grad = 3 as never; })).toBe('TypeError: assigned grad expected to be a Tensor or None but got grad of typeint');
    // x.grad = T([1.,2.,3.], dtype=torch.float64) -> RuntimeError: assigned grad has data of a different type
    expect(err(() => { x.grad = T([1, 2, 3], { dtype: torch.float64 }); })).toBe('RuntimeError: assigned grad has data of a different type');
    // x.grad = T([1.,2.,3.]) -> RuntimeError: assigned grad has data of a different size
    expect(err(() => { x.grad = T([1, 2, 3]); })).toBe('RuntimeError: assigned grad has data of a different size');
    // x.grad = x.detach(); x.grad -> tensor([1., 2.])
    x.grad = x.detach();
    expect(String(x.grad)).toBe('tensor([1., 2.])');
  });

  it('detach_() refuses views, made with grad or without', () => {
    // (x*2).view(2).detach_() -> RuntimeError: Can't detach views in-place. ...
    expect(err(() => x_().mul(2).view(2).detach_())).toBe(DETACH_VIEW);
    // T([1.,2.]).view(2).detach_() -> the same
    expect(err(() => T([1, 2]).view(2).detach_())).toBe(DETACH_VIEW);
    // with torch.no_grad(): v = x.view(2)
    // v.detach_() -> the same
    expect(err(() => { const x = x_(); torch.no_grad(() => x.view(2)).detach_(); })).toBe(DETACH_VIEW);
    // x[0].detach_(), x.t().detach_(), x.split(1)[0].detach_(), x.expand(2, 2).detach_() -> the same
    expect(err(() => x_().index(0).detach_())).toBe(DETACH_VIEW);
    expect(err(() => x_().t().detach_())).toBe(DETACH_VIEW);
    expect(err(() => x_().split(1)[0]!.detach_())).toBe(DETACH_VIEW);
    expect(err(() => x_().expand(2, 2).detach_())).toBe(DETACH_VIEW);
    // T([[1.,2.],[3.,4.]]).reshape(4).detach_() -> the same (a view);
    expect(err(() => T([[1, 2], [3, 4]]).reshape(4).detach_())).toBe(DETACH_VIEW);
    // v = T([[1.,2.],[3.,4.]]).t().reshape(4); v.detach_(); v.requires_grad -> False (reshape copied)
    expect(T([[1, 2], [3, 4]]).t().reshape(4).detach_().requires_grad).toBe(false);
  });

  it('detach_() of what detach() and .data return, and of a non-view', () => {
    // v = x.detach(); v.detach_(); v.requires_grad -> False
    expect(x_().detach().detach_().requires_grad).toBe(false);
    // x.data.detach_()._is_view() -> False;  x.view(2).detach()._is_view() -> False
    expect(x_().data.detach_()._base).toBeNull();
    expect(x_().view(2).detach().detach_()._base).toBeNull();
    // y = x*2; y.detach_(); (y.requires_grad, y.grad_fn, y.is_leaf, y._version) -> (False, None, True, 0)
    const y = x_().mul(2);
    y.detach_();
    expect([y.requires_grad, y.grad_fn, y.is_leaf, y._version]).toEqual([false, null, true, 0]);
  });

  it('NOTE: .data = t of another shape under a slice recorded before: an error at backward (it hung), where PyTorch 1.13 gives the old shape\'s gradient', () => {
    // a = torch.tensor([[3., 3., 2.], [1., -3., 4.]], requires_grad=True); x = a * 1; u = x[:].exp()
    // x.data = torch.zeros(2, 2, 2); u.sum().backward(); print(a.grad.shape) -> torch.Size([2, 3])
    const a = torch.tensor([[3, 3, 2], [1, -3, 4]], { requires_grad: true });
    const x = a.mul(1);
    const u = x.index(null).exp();
    x.data = torch.zeros(2, 2, 2);
    expect(err(() => u.sum().backward())).toBe('RuntimeError: SliceBackward0: the gradient rule returned float32[2,3] for input 0, which is float32[2,2,2]');
  });

  it('.data = t: takes t\'s storage, shape and dtype, keeps its autograd state and version', () => {
    // x.data = T([5.,6.]); x -> tensor([5., 6.], requires_grad=True)
    const x = x_();
    x.data = T([5, 6]);
    expect(String(x)).toBe('tensor([5., 6.], requires_grad=True)');
    // x.data = T([5.,6.,7.]); x.sum().backward(); (x, x.grad) -> (tensor([5., 6., 7.], requires_grad=True), tensor([1., 1., 1.]))
    const x3 = x_();
    x3.data = T([5, 6, 7]);
    x3.sum().backward();
    expect([String(x3), String(x3.grad)]).toEqual(['tensor([5., 6., 7.], requires_grad=True)', 'tensor([1., 1., 1.])']);
    // x.data = T([5., 6.], dtype=torch.float64); (x, x.dtype) -> (tensor([5., 6.], dtype=torch.float64, requires_grad=True), torch.float64)
    const xd = x_();
    xd.data = T([5, 6], { dtype: torch.float64 });
    expect([String(xd), xd.dtype]).toEqual(['tensor([5., 6.], dtype=torch.float64, requires_grad=True)', torch.float64]);
    // x.data = T([5,6]) -> RuntimeError: data set to a tensor that requires gradients must be floating point or complex dtype
    expect(err(() => { x_().data = L([5, 6]); })).toBe('RuntimeError: data set to a tensor that requires gradients must be floating point or complex dtype');
    // x = T([1.,2.]); x.data = T([5,6]); (x, x.dtype) -> (tensor([5, 6]), torch.int64)
    const xi = T([1, 2]);
    xi.data = L([5, 6]);
    expect([String(xi), xi.dtype]).toEqual(['tensor([5, 6])', torch.int64]);
    // x.data = 3 / None / [1.,2.] -> TypeError: Variable data has to be a tensor, but got int / NoneType / list
    expect(err(() => { x_().data = 3 as never; })).toBe('TypeError: Variable data has to be a tensor, but got int');
    expect(err(() => { x_().data = null as never; })).toBe('TypeError: Variable data has to be a tensor, but got NoneType');
    expect(err(() => { x_().data = [1, 2] as never; })).toBe('TypeError: Variable data has to be a tensor, but got list');
  });

  it('.data = t shares t\'s storage but not its version counter', () => {
    // n = T([5.,6.]); x.data = n; n.add_(1); (x, x._version, n._version) -> (tensor([6., 7.], requires_grad=True), 0, 1)
    const x = x_();
    const n = T([5, 6]);
    x.data = n;
    n.add_(1);
    expect([String(x), x._version, n._version]).toEqual(['tensor([6., 7.], requires_grad=True)', 0, 1]);
    // y = x*1; y.add_(1); v = y._version; y.data = T([5.,6.]); (y._version, v) -> (1, 1)
    const y = x_().mul(1);
    y.add_(1);
    const v = y._version;
    y.data = T([5, 6]);
    expect([y._version, v]).toEqual([1, 1]);
    // y = x*2; y.data = T([5.,6.]); y.sum().backward(); (y, x.grad) -> (tensor([5., 6.], grad_fn=<MulBackward0>), tensor([2., 2.]))
    const a = x_();
    const b = a.mul(2);
    b.data = T([5, 6]);
    b.sum().backward();
    expect([String(b), String(a.grad)]).toEqual(['tensor([5., 6.], grad_fn=<MulBackward0>)', 'tensor([2., 2.])']);
    // d = x.data; x.data = d*2; (x, x._version) -> (tensor([2., 4.], requires_grad=True), 0)
    const c = x_();
    c.data = c.data.mul(2);
    expect([String(c), c._version]).toEqual(['tensor([2., 4.], requires_grad=True)', 0]);
  });

  it('_version: read-only, shared by views, not by .data', () => {
    // x = T([1.,2.]); x.add_(1); x.mul_(2); x._version -> 2
    const x = T([1, 2]);
    x.add_(1);
    x.mul_(2);
    expect(x._version).toBe(2);
    // x = T([1.,2.]); v = x.view(2); v.add_(1); (x._version, v._version, x.data._version, x.detach()._version) -> (1, 1, 0, 1)
    const y = T([1, 2]);
    const v = y.view(2);
    v.add_(1);
    expect([y._version, v._version, y.data._version, y.detach()._version]).toEqual([1, 1, 0, 1]);
    // x._version = 3 -> AttributeError: attribute '_version' of 'torch._C._TensorBase' objects is not writable
    expect(err(() => { (x as { _version: number })._version = 3; })).toBe("AttributeError: attribute '_version' of 'torch._C._TensorBase' objects is not writable");
  });
});

describe('#14 keywords as an options object wherever an argument may be left out', () => {
  it('torch.autograd.backward(y, {...}) and grad(y, x, grad_outputs)', () => {
    // y = (x*2).sum(); torch.autograd.backward(y, retain_graph=True); torch.autograd.backward(y); x.grad -> tensor([4., 4.])
    const x = x_();
    const y = x.mul(2).sum();
    torch.autograd.backward(y, { retain_graph: true });
    torch.autograd.backward(y);
    expect(String(x.grad)).toBe('tensor([4., 4.])');
    // torch.autograd.backward((x*x).sum(), 2) -> TypeError: 'int' object is not iterable
    expect(err(() => { const a = x_(); torch.autograd.backward(a.mul(a).sum(), 2 as never); })).toBe("TypeError: 'int' object is not iterable");
    // torch.autograd.grad((x*x).sum(), x, grad_outputs=2) -> TypeError: 'int' object is not iterable
    expect(err(() => { const a = x_(); torch.autograd.grad(a.mul(a).sum(), a, { grad_outputs: 2 as never }); })).toBe("TypeError: 'int' object is not iterable");
    // torch.autograd.grad(x*2, x, torch.ones(2)) -> (tensor([2., 2.]),)
    const b = x_();
    expect(str(torch.autograd.grad(b.mul(2), b, torch.ones(2)))).toEqual(['tensor([2., 2.])']);
  });

  it('vjp, jvp, vhp, hvp: options in place of v, or v among them', () => {
    // F.vjp(lambda a: a.pow(2).sum(), T([1.,2.]), create_graph=True) -> (tensor(5., grad_fn=<SumBackward0>), tensor([2., 4.], grad_fn=<MulBackward0>))
    expect(str(F.vjp((a) => a.pow(2).sum(), T([1, 2]), { create_graph: true })))
      .toEqual(['tensor(5., grad_fn=<SumBackward0>)', 'tensor([2., 4.], grad_fn=<MulBackward0>)']);
    // F.vjp(lambda a: a.pow(2), T([1.,2.]), v=T([1.,1.])) -> (tensor([1., 4.]), tensor([2., 4.]))
    expect(str(F.vjp((a) => a.pow(2), T([1, 2]), { v: T([1, 1]) }))).toEqual(['tensor([1., 4.])', 'tensor([2., 4.])']);
    // F.jvp(lambda a: a.pow(2), T([3.]), create_graph=True) -> (tensor([9.], grad_fn=<PowBackward0>), tensor([6.], grad_fn=<MulBackward0>))
    expect(str(F.jvp((a) => a.pow(2), T([3]), { create_graph: true }))).toEqual(['tensor([9.], grad_fn=<PowBackward0>)', 'tensor([6.], grad_fn=<MulBackward0>)']);
    // F.hvp(lambda a: a.pow(3).sum(), T([3.]), v=T([2.])) -> (tensor(27.), tensor([36.]))
    expect(str(F.hvp((a) => a.pow(3).sum(), T([3]), { v: T([2]) }))).toEqual(['tensor(27.)', 'tensor([36.])']);
    // F.vhp(lambda a: a.pow(3).sum(), T([1.,2.]), T([1.,1.]), strict=True) -> (tensor(9.), tensor([ 6., 12.]))
    expect(str(F.vhp((a) => a.pow(3).sum(), T([1, 2]), T([1, 1]), { strict: true }))).toEqual(['tensor(9.)', 'tensor([ 6., 12.])']);
  });

  it('keywords a function does not take, and a gradient given twice', () => {
    // x.sum().backward(foo=1) -> TypeError: Tensor.backward() got an unexpected keyword argument 'foo'
    expect(err(() => x_().sum().backward({ foo: 1 } as never))).toBe("TypeError: Tensor.backward() got an unexpected keyword argument 'foo'");
    // torch.autograd.backward(x.sum(), foo=1) -> TypeError: backward() got an unexpected keyword argument 'foo'
    expect(err(() => torch.autograd.backward(x_().sum(), { foo: 1 } as never))).toBe("TypeError: backward() got an unexpected keyword argument 'foo'");
    // torch.autograd.grad(x.sum(), x, foo=1) -> TypeError: grad() got an unexpected keyword argument 'foo'
    expect(err(() => { const x = x_(); torch.autograd.grad(x.sum(), x, { foo: 1 } as never); })).toBe("TypeError: grad() got an unexpected keyword argument 'foo'");
    // g = T(1.); x.sum().backward(g, gradient=g) -> TypeError: Tensor.backward() got multiple values for argument 'gradient'
    expect(err(() => { const g = T(1); x_().sum().backward(g, { gradient: g } as never); }))
      .toBe("TypeError: Tensor.backward() got multiple values for argument 'gradient'");
  });
});

describe('#15 grad-mode names', () => {
  it('torch.autograd re-exports no_grad, enable_grad, set_grad_enabled and inference_mode', () => {
    // (torch.autograd.no_grad is torch.no_grad, ...enable_grad..., ...set_grad_enabled..., ...inference_mode...) -> True True True True
    expect([torch.autograd.no_grad === torch.no_grad, torch.autograd.enable_grad === torch.enable_grad,
      torch.autograd.set_grad_enabled === torch.set_grad_enabled, torch.autograd.inference_mode === torch.inference_mode]).toEqual([true, true, true, true]);
  });

  it('inference_mode(mode) sets grad mode to !mode and inference mode to mode', () => {
    const r: boolean[] = [];
    // with torch.no_grad():
    //   with torch.inference_mode(False): (torch.is_grad_enabled(), torch.is_inference_mode_enabled())   -> True, False
    // with torch.inference_mode(): (torch.is_grad_enabled(), torch.is_inference_mode_enabled())         -> False, True
    // torch.is_inference_mode_enabled()                                                                 -> False
    torch.no_grad(() => torch.inference_mode(false, () => { r.push(torch.is_grad_enabled(), torch.is_inference_mode_enabled()); }));
    torch.inference_mode(() => { r.push(torch.is_grad_enabled(), torch.is_inference_mode_enabled()); });
    r.push(torch.is_inference_mode_enabled());
    expect(r).toEqual([true, false, false, true, false]);
    // with torch.inference_mode():
    //   with torch.enable_grad(): (torch.is_grad_enabled(), torch.is_inference_mode_enabled()) -> (True, True)
    expect(torch.inference_mode(() => torch.enable_grad(() => [torch.is_grad_enabled(), torch.is_inference_mode_enabled()]))).toEqual([true, true]);
    // with torch.inference_mode(): y = x*2
    // (y.requires_grad, y.grad_fn) -> (False, None)
    const y = torch.inference_mode(() => x_().mul(2));
    expect([y.requires_grad, y.grad_fn]).toEqual([false, null]);
  });
});

describe('functional.jacobian in strict mode with create_graph', () => {
  // jacobian(lambda t: t * 3, torch.tensor([1., 2.]), create_graph=True, strict=True) -> RuntimeError: The jacobian of
  // the user-provided function is independent of input 0. This is not allowed in strict mode when create_graph=True.
  it('refuses a linear function (its Jacobian does not require grad), as functional.py', () => {
    expect(() => torch.autograd.functional.jacobian((t: torch.Tensor) => t.mul(3), torch.tensor([1, 2]), { create_graph: true, strict: true }))
      .toThrowError('The jacobian of the user-provided function is independent of input 0. This is not allowed in strict mode when create_graph=True.');
  });
});
