// torch.nn.functional's silu, linear, l1_loss and binary cross-entropies, softmax's dtype keyword and matmul's folded
// errors, against PyTorch 1.13 (the third review). Values and gradients are in the oracle goldens
// (tests/oracle/ops/programs.py more_nn_programs); here, the argument handling. Every expectation was printed by
// /usr/bin/python3 with `import torch; import torch.nn.functional as F` and the Python in the comment beside it
// (Fl, D, L: torch.tensor(a, dtype=float32, float64, int64)).
// NOTE: the facade warns once per message per process, so each warning text is first met in the test that checks it.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';

const F = torch.nn.functional;
const Fl = (a: unknown) => torch.tensor(a as number[], { dtype: torch.float32 });
const D = (a: unknown) => torch.tensor(a as number[], { dtype: torch.float64 });
const L = (a: unknown) => torch.tensor(a as number[], { dtype: torch.int64 });
const B = (a: unknown) => torch.tensor(a as boolean[], { dtype: torch.bool });
// x = Fl([0.2, 0.7, 0.9]); y = Fl([0., 1., 1.])
const x = () => Fl([0.2, 0.7, 0.9]);
const y = () => Fl([0, 1, 1]);

let warn: MockInstance;
beforeEach(() => { warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined); });
afterEach(() => warn.mockRestore());
const warnings = (): string[] => warn.mock.calls.map((c) => String(c[0]));

describe('l1_loss', () => {
  it('warns of a broadcast target, and reduces as (input - target).abs().mean()', () => {
    // F.l1_loss(x, Fl(0.5)) -> tensor(0.3000), with the warning
    expect(F.l1_loss(x(), Fl(0.5)).item()).toBeCloseTo(0.3, 6);
    expect(warnings()).toEqual(['Using a target size (torch.Size([])) that is different to the input size (torch.Size([3])). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.']);
  });
  it('names its node as PyTorch 1.13 composes it', () => {
    const a = torch.tensor([0.2, 0.7], { requires_grad: true });
    expect(F.l1_loss(a, Fl([0, 1])).grad_fn!.name()).toBe('MeanBackward0'); // F.l1_loss(...).grad_fn.name()
    expect(F.l1_loss(a, Fl([0, 1]), { reduction: 'none' }).grad_fn!.name()).toBe('AbsBackward0');
  });
  it("refuses what PyTorch refuses, in PyTorch's words", () => {
    // F.l1_loss(L([1, 2]), L([0, 0]))
    expect(err(() => F.l1_loss(L([1, 2]), L([0, 0])))).toBe('RuntimeError: mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long');
    // F.l1_loss(L([1, 2]), L([0, 0]), reduction='none') -> tensor([1, 2])
    expect(F.l1_loss(L([1, 2]), L([0, 0]), { reduction: 'none' }).tolist()).toEqual([1, 2]);
    expect(err(() => F.l1_loss(x(), y(), { reduction: 'foo' as 'sum' }))).toBe('ValueError: foo is not a valid value for reduction');
    expect(err(() => F.l1_loss(x(), y(), { weight: null } as object))).toBe("TypeError: l1_loss() got an unexpected keyword argument 'weight'");
  });
  it('takes the legacy flags', () => {
    // F.l1_loss(Fl([1., 2.]), Fl([0., 0.]), size_average=False) -> tensor(3.)
    expect(F.l1_loss(Fl([1, 2]), Fl([0, 0]), { size_average: false }).item()).toBe(3);
    expect(warnings()).toEqual(["size_average and reduce args will be deprecated, please use reduction='sum' instead."]);
  });
});

describe('binary_cross_entropy', () => {
  it.each([
    ['a target of another size', () => F.binary_cross_entropy(x(), Fl([0, 1])),
      'ValueError: Using a target size (torch.Size([2])) that is different to the input size (torch.Size([3])) is deprecated. Please ensure they have the same size.'],
    ['a bad reduction, before the size', () => F.binary_cross_entropy(x(), Fl([0, 1]), { reduction: 'foo' as 'sum' }), 'ValueError: foo is not a valid value for reduction'],
    ['a weight that does not broadcast', () => F.binary_cross_entropy(x(), y(), Fl([1, 2])),
      'RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0'],
    ['a weight that grows the loss', () => F.binary_cross_entropy(Fl([0.3, 0.6]), Fl([1, 0]), torch.ones(2, 2)),
      "RuntimeError: output with shape [2] doesn't match the broadcast shape [2, 2]"],
    ['an input above 1', () => F.binary_cross_entropy(Fl([1.5]), Fl([1])), 'RuntimeError: all elements of input should be between 0 and 1'],
    ['a NaN input', () => F.binary_cross_entropy(Fl([NaN]), Fl([1])), 'RuntimeError: all elements of input should be between 0 and 1'],
    ['integer operands', () => F.binary_cross_entropy(L([0, 1]), L([1, 0])), `RuntimeError: "binary_cross_entropy" not implemented for 'Long'`],
    ['an integer input', () => F.binary_cross_entropy(L([0, 1]), Fl([1, 0])), 'RuntimeError: Found dtype Float but expected Long'],
    ['a float64 target', () => F.binary_cross_entropy(x(), D([0, 1, 1])), 'RuntimeError: Found dtype Double but expected Float'],
    ['a weight that requires grad', () => F.binary_cross_entropy(x(), y(), torch.ones(3, { requires_grad: true })),
      "RuntimeError: The function 'binary_cross_entropy' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True."],
  ])('refuses %s', (_, run, want) => { expect(err(run)).toBe(want); });

  it('takes a target outside [0, 1] (1.13 checks the input only), and a weight that requires grad under no_grad', () => {
    // F.binary_cross_entropy(Fl([0.5]), Fl([1.5])) -> tensor(0.6931)
    expect(F.binary_cross_entropy(Fl([0.5]), Fl([1.5])).item()).toBeCloseTo(0.6931, 4);
    // with torch.no_grad(): F.binary_cross_entropy(x, y, weight=torch.tensor([1., 2., 3.], requires_grad=True)) -> tensor(0.4175)
    const l = torch.no_grad(() => F.binary_cross_entropy(x(), y(), torch.tensor([1, 2, 3], { requires_grad: true })));
    expect(l.item()).toBeCloseTo(0.4175, 4);
  });
  it('clamps each log at -100', () => {
    // F.binary_cross_entropy(Fl([0., 1.]), Fl([1., 0.])) -> tensor(100.)
    expect(F.binary_cross_entropy(Fl([0, 1]), Fl([1, 0])).item()).toBe(100);
  });
});

describe('binary_cross_entropy_with_logits', () => {
  it.each([
    ['a target of another size', () => F.binary_cross_entropy_with_logits(x(), Fl([0, 1])), 'ValueError: Target size (torch.Size([2])) must be the same as input size (torch.Size([3]))'],
    ['an integer target', () => F.binary_cross_entropy_with_logits(Fl([0.3, 0.6]), L([1, 0])), "RuntimeError: result type Float can't be cast to the desired output type Long"],
    ['an integer input', () => F.binary_cross_entropy_with_logits(L([0, 1]), Fl([1, 0])), "RuntimeError: result type Float can't be cast to the desired output type Long"],
    ['a bool target', () => F.binary_cross_entropy_with_logits(Fl([0.3, 0.6]), B([true, false])),
      'RuntimeError: Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.'],
    ['a bool input', () => F.binary_cross_entropy_with_logits(B([true, false]), Fl([0.3, 0.6])),
      'RuntimeError: Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'],
    ['a pos_weight that does not broadcast', () => F.binary_cross_entropy_with_logits(x(), y(), { pos_weight: Fl([1, 2]) }),
      'RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0'],
    ['a weight that does not broadcast', () => F.binary_cross_entropy_with_logits(x(), y(), Fl([1, 2])),
      'RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0'],
    ['a weight that grows the loss', () => F.binary_cross_entropy_with_logits(Fl([0.3, 0.6]), Fl([1, 0]), torch.ones(2, 2)),
      "RuntimeError: output with shape [2] doesn't match the broadcast shape [2, 2]"],
    ['a pos_weight that grows the loss', () => F.binary_cross_entropy_with_logits(Fl([0.3, 0.6]), Fl([1, 0]), { pos_weight: torch.ones(2, 2) }),
      "RuntimeError: output with shape [2] doesn't match the broadcast shape [2, 2]"],
    ['a pos_weight that requires grad', () => F.binary_cross_entropy_with_logits(x(), y(), { pos_weight: torch.ones(3, { requires_grad: true }) }),
      "RuntimeError: The function 'binary_cross_entropy_with_logits' is not differentiable with respect to argument 'pos_weight'. This input cannot have requires_grad True."],
  ])('refuses %s', (_, run, want) => { expect(err(run)).toBe(want); });

  it("gives the target's dtype", () => {
    // F.binary_cross_entropy_with_logits(D([0.2, 0.7, 0.9]), y).dtype -> torch.float32; (x, D([0., 1., 1.])) -> torch.float64
    expect(F.binary_cross_entropy_with_logits(D([0.2, 0.7, 0.9]), y()).dtype).toBe(torch.float32);
    expect(F.binary_cross_entropy_with_logits(x(), D([0, 1, 1])).dtype).toBe(torch.float64);
    // x = D([0.2, 0.7, 0.9]).requires_grad_(); torch.autograd.grad(F.binary_cross_entropy_with_logits(x, y), x)
    // -> (tensor([ 0.1833, -0.1106, -0.0964], dtype=torch.float64),)
    const a = torch.tensor([0.2, 0.7, 0.9], { dtype: torch.float64, requires_grad: true });
    const [g] = torch.autograd.grad(F.binary_cross_entropy_with_logits(a, y()), a);
    expect(g!.dtype).toBe(torch.float64);
    (g!.tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo([0.1833, -0.1106, -0.0964][i]!, 4));
  });
});

describe('silu and linear', () => {
  it('silu refuses integers, and in place takes SiluBackward0 on the tensor written', () => {
    expect(err(() => F.silu(L([1, 2])))).toBe(`RuntimeError: "silu_cpu" not implemented for 'Long'`);
    // a = torch.tensor([0.5, -1.], requires_grad=True); b = a * 2; r = F.silu(b, inplace=True)
    // -> r is b, 'SiluBackward0', b._version 1, autograd.grad(r.sum(), a) (tensor([ 1.8553, -0.1816]),)
    const a = torch.tensor([0.5, -1], { requires_grad: true });
    const b = a.mul(2);
    const r = F.silu(b, true);
    expect(r).toBe(b);
    expect(r.grad_fn!.name()).toBe('SiluBackward0');
    expect(b._version).toBe(1);
    const [g] = torch.autograd.grad(r.sum(), a);
    (g!.tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo([1.8553, -0.1816][i]!, 4));
    expect(err(() => F.silu(torch.tensor([1], { requires_grad: true }), { inplace: true })))
      .toBe('RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.');
  });
  it.each([
    // F.linear(torch.ones(2, 3), torch.ones(4, 3), torch.ones(3))
    ['a bias of the wrong size, matrix input (addmm expands it)', () => F.linear(torch.ones(2, 3), torch.ones(4, 3), torch.ones(3)),
      'RuntimeError: The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [3]'],
    ['a bias of the wrong size, vector input', () => F.linear(torch.ones(3), torch.ones(4, 3), torch.ones(3)),
      'RuntimeError: The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 0'],
    ['a 3-d weight', () => F.linear(torch.ones(2, 3), torch.ones(4, 3, 2)), 'RuntimeError: t() expects a tensor with <= 2 dimensions, but self is 3D'],
    ['a batch of the wrong width', () => F.linear(torch.randn(2, 2, 5), torch.randn(4, 3)), 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x5 and 3x4)'],
    ['a vector of the wrong width', () => F.linear(torch.randn(5), torch.randn(4, 3)), 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x5 and 3x4)'],
  ])('linear refuses %s', (_, run, want) => { expect(err(run)).toBe(want); });
  it('linear with a 1-d weight gives a vector', () => {
    // F.linear(Fl([[1., 2., 3.]]), Fl([1., 1., 1.])) -> tensor([6.])
    expect(F.linear(Fl([[1, 2, 3]]), Fl([1, 1, 1])).tolist()).toEqual([6]);
  });
});

describe('matmul folds a batch into rows as PyTorch 1.13, and its errors say so', () => {
  const r = torch.randn;
  it.each([
    [[2, 2, 5], [3, 4], 'mat1 and mat2 shapes cannot be multiplied (4x5 and 3x4)'],
    [[2, 2, 5], [3], 'size mismatch, got 4, 4x5,3'],
    [[2, 5], [3], 'size mismatch, got 2, 2x5,3'],
    [[5], [2, 3, 4], 'size mismatch, got 8, 8x3,5'],
    [[2, 5], [2, 3, 4], 'mat1 and mat2 shapes cannot be multiplied (8x3 and 5x2)'],
    [[3, 2, 2, 5], [3, 4], 'mat1 and mat2 shapes cannot be multiplied (12x5 and 3x4)'],
    [[0, 2, 5], [3, 4], 'mat1 and mat2 shapes cannot be multiplied (0x5 and 3x4)'],
  ])('%j @ %j', (a, b, want) => {
    // torch.matmul(torch.randn(*a), torch.randn(*b))
    expect(err(() => torch.matmul(r(a as number[]), r(b as number[])))).toBe(`RuntimeError: ${want}`);
  });
});

describe('softmax and log_softmax', () => {
  it('take dtype as a keyword after a positional dim', () => {
    // torch.softmax(Fl([1., 2.]), -1, dtype=torch.float64) -> tensor([0.2689, 0.7311], dtype=torch.float64)
    const s = torch.softmax(Fl([1, 2]), -1, { dtype: torch.float64 });
    expect(s.dtype).toBe(torch.float64);
    expect(s.tolist()).toEqual(torch.softmax(D([1, 2]), -1).tolist());
    // F.log_softmax(Fl([1., 2.]), 0, dtype=torch.float64) -> tensor([-1.3133, -0.3133], dtype=torch.float64)
    expect(F.log_softmax(Fl([1, 2]), 0, { dtype: torch.float64 }).dtype).toBe(torch.float64);
    expect(Fl([1, 2]).log_softmax(0, { dtype: torch.float64 }).dtype).toBe(torch.float64);
  });
  it('sum in float32 for float32, as PyTorch: a term below half an ulp of 1 leaves log_softmax exactly 0', () => {
    // F.log_softmax(Fl([28., -0.019582]), 0) -> tensor([  0.0000, -28.0196]); F.cross_entropy(Fl([[28., -0.019582]]), L([0])) -> tensor(0.)
    expect(Object.is((F.log_softmax(Fl([28, -0.019582]), 0).tolist() as number[])[0], 0)).toBe(true);
    expect(F.cross_entropy(Fl([[28, -0.019582]]), L([0])).item()).toBe(0);
    // float64 keeps the term: F.log_softmax(D([28., -0.019582]), 0)[0].item() -> -6.781242234408157e-13
    expect((F.log_softmax(D([28, -0.019582]), 0).tolist() as number[])[0]).toBeCloseTo(-6.781242234408157e-13, 25);
  });
});
