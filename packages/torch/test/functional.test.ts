// Expected strings were printed by real PyTorch 1.13 (/usr/bin/python3) and pasted verbatim.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const { jacobian, hessian, vjp, jvp } = torch.autograd.functional;
const expReducer = (x: torch.Tensor) => x.exp().sum(1);
const inp = () => torch.tensor([[0.5, 1], [-1, 2]]);
const adder = (x: torch.Tensor, y: torch.Tensor) => x.mul(2).add(y.mul(3));

describe('torch.autograd.functional', () => {
  it('jacobian of exp(x).sum(1) is exp(x) on the matching row (shape out + in)', () => {
    const j = jacobian(expReducer, inp()) as torch.Tensor;
    expect(String(j)).toBe('tensor([[[1.6487, 2.7183],\n         [0.0000, 0.0000]],\n\n        [[0.0000, 0.0000],\n         [0.3679, 7.3891]]])');
  });

  it('jacobian with create_graph keeps a graph (PyTorch shows ViewBackward0)', () => {
    const j = jacobian(expReducer, inp(), { create_graph: true }) as torch.Tensor;
    expect(j.requires_grad).toBe(true);
    expect(j.grad_fn!.name()).toBe('ViewBackward0');
  });

  it('jacobian of a two-input function is an array with one Jacobian per input', () => {
    const j = jacobian((x, y) => x.exp().mul(2).add(y.mul(3)), [torch.tensor([0, 1]), torch.tensor([2, 3])]) as torch.Tensor[];
    expect(j.map(String)).toEqual(['tensor([[2.0000, 0.0000],\n        [0.0000, 5.4366]])', 'tensor([[3., 0.],\n        [0., 3.]])']);
  });

  it('jacobian of an input the output ignores is zeros, or an error in strict mode', () => {
    const j = jacobian((x, _y) => x.mul(2), [torch.tensor([1]), torch.tensor([1])]) as torch.Tensor[];
    expect(j.map((e) => e.tolist())).toEqual([[[2]], [[0]]]); // PyTorch 1.13: (tensor([[2.]]), tensor([[0.]]))
    expect(() => jacobian((x, _y) => x.mul(2), [torch.tensor([1]), torch.tensor([1])], { strict: true }))
      .toThrow('Output 0 of the user-provided function is independent of input 1. This is not allowed in strict mode.');
  });

  it('hessian of sum(x^3) is 6x on the diagonal (shape in + in)', () => {
    const h = hessian((x) => x.pow(3).sum(), torch.tensor([[1, 2], [3, 4]])) as torch.Tensor;
    expect(String(h)).toBe('tensor([[[[ 6.,  0.],\n          [ 0.,  0.]],\n\n         [[ 0., 12.],\n          [ 0.,  0.]]],\n\n\n        [[[ 0.,  0.],\n          [18.,  0.]],\n\n         [[ 0.,  0.],\n          [ 0., 24.]]]])');
  });

  it('hessian of a two-input function is an array of arrays', () => {
    const h = hessian((x, y) => x.pow(2).mul(2).add(y.pow(2).mul(3)).sum(), [torch.tensor([1, 2]), torch.tensor([3, 4])]) as torch.Tensor[][];
    expect(h.map((r) => r.map((e) => e.tolist()))).toEqual([
      [[[4, 0], [0, 4]], [[0, 0], [0, 0]]],
      [[[0, 0], [0, 0]], [[6, 0], [0, 6]]],
    ]);
  });

  it('hessian of a non-scalar function throws PyTorch\'s error', () => {
    expect(() => hessian((x) => x.mul(2), torch.ones(2))).toThrow('The Tensor returned by the function given to hessian should contain a single element');
  });

  it('vjp returns [output, v^T J]', () => {
    const [out, g] = vjp(expReducer, inp(), torch.ones(2));
    expect([String(out), String(g)]).toEqual(['tensor([4.3670, 7.7569])', 'tensor([[1.6487, 2.7183],\n        [0.3679, 7.3891]])']);
    const [o2, g2] = vjp(adder, [torch.tensor([1, 2]), torch.tensor([3, 4])], torch.ones(2));
    expect(String(o2)).toBe('tensor([11., 16.])');
    expect((g2 as torch.Tensor[]).map(String)).toEqual(['tensor([2., 2.])', 'tensor([3., 3.])']);
  });

  it('vjp without v on a non-scalar output throws PyTorch\'s error', () => {
    expect(() => vjp((x) => x.mul(2), torch.ones(2)))
      .toThrow('The vector v can only be None if the user-provided function returns a single Tensor with a single element.');
  });

  it('jvp returns [output, J v] by the double-backward trick', () => {
    const [out, g] = jvp(expReducer, inp(), torch.ones(2, 2));
    expect([String(out), String(g)]).toEqual(['tensor([4.3670, 7.7569])', 'tensor([4.3670, 7.7569])']);
    const [o2, g2] = jvp(adder, [torch.tensor([1, 2]), torch.tensor([3, 4])], [torch.ones(2), torch.ones(2)]);
    expect([String(o2), String(g2)]).toEqual(['tensor([11., 16.])', 'tensor([5., 5.])']);
  });

  it('results are detached from the caller\'s graph without create_graph', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    const [out, g] = vjp((a) => a.pow(2).sum(), x);
    expect([(out as torch.Tensor).requires_grad, (g as torch.Tensor).requires_grad]).toEqual([false, false]);
  });
});

describe('torch.autograd.functional.hvp and vhp', () => {
  // PyTorch 1.13 (float64): f = lambda x, y: (x**2 * y).sum() + (x**3).sum(); x = [1., 2.], y = [.5, -1.],
  // v = ([1., .5], [-1., 2.]): hvp(f, (x, y), v) and vhp(...) -> (5.5, ([5., 13.], [2., 2.])) (H is symmetric)
  const d = { dtype: torch.float64 };
  const f = (x: torch.Tensor, y: torch.Tensor) => x.pow(2).mul(y).sum().add(x.pow(3).sum());
  const args = () => [[torch.tensor([1, 2], d), torch.tensor([0.5, -1], d)], [torch.tensor([1, 0.5], d), torch.tensor([-1, 2], d)]] as const;
  for (const name of ['hvp', 'vhp'] as const) {
    it(`${name} returns [f(inputs), the product], with the inputs' tuple structure`, () => {
      const [xs, v] = args();
      const [out, prod] = torch.autograd.functional[name](f as never, [...xs], [...v]);
      expect(out.item()).toBe(5.5);
      expect((prod as torch.Tensor[]).map((t) => t.tolist())).toEqual([[5, 13], [2, 2]]);
      // one input: hvp(lambda x: (x**3).sum(), x, ones) -> [6., 12.]
      const [, single] = torch.autograd.functional[name]((x: torch.Tensor) => x.pow(3).sum(), torch.tensor([1, 2], d), torch.ones([2], d));
      expect((single as torch.Tensor).tolist()).toEqual([6, 12]);
      expect(() => torch.autograd.functional[name]((x: torch.Tensor) => x.pow(2), torch.tensor([1, 2], d), torch.ones([2], d)))
        .toThrow(`The Tensor returned by the function given to ${name} should contain a single element`);
    });
  }
});

it("jacobian of an integer input raises PyTorch's error", () => {
  // PyTorch 1.13: jacobian(lambda x: x * 2, torch.tensor([1, 2])) -> RuntimeError: only Tensors of floating point dtype can require gradients
  expect(() => torch.autograd.functional.jacobian((x: torch.Tensor) => x.mul(2), torch.tensor([1, 2], { dtype: torch.int64 })))
    .toThrowError(new torch.RuntimeError('only Tensors of floating point dtype can require gradients'));
});

describe("strict mode's errors in PyTorch 1.13's words (torch/autograd/functional.py)", () => {
  const x = torch.tensor([1, 2]), y = torch.tensor([3, 4]);
  const F = torch.autograd.functional;
  const notDiff = 'Output 0 of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.';
  const linear = 'While computing the hessian, found that the jacobian of the user-provided function with respect to input 0 is independent of the input. This is not allowed in strict mode. You should ensure that your function is twice differentiable and that the jacobian depends on the inputs (this would be violated by a linear function for example).';
  const unused = 'The output of the user-provided function is independent of input 1. This is not allowed in strict mode.';
  const cases: Array<[string, () => unknown, string]> = [
    ['jacobian of a constant', () => F.jacobian(() => torch.ones(2), x, { strict: true }), notDiff],
    ['hessian of a linear function', () => F.hessian((a: torch.Tensor) => a.mul(2).sum(), x, { strict: true }), linear],
    ['vjp with an unused input', () => F.vjp((a: torch.Tensor) => a.mul(2), [x, y], torch.ones(2), { strict: true }), unused],
    ['jvp with an unused input', () => F.jvp((a: torch.Tensor) => a.mul(2), [x, y], [torch.ones(2), torch.ones(2)], { strict: true }), unused],
    ['jvp of a constant', () => F.jvp(() => torch.ones(2), x, torch.ones(2), { strict: true }), notDiff],
    ['vhp of a linear function', () => F.vhp((a: torch.Tensor) => a.mul(2).sum(), x, torch.ones(2), { strict: true }), linear],
    ['hvp of a linear function', () => F.hvp((a: torch.Tensor) => a.mul(2).sum(), x, torch.ones(2), { strict: true }), linear],
  ];
  for (const [name, f, text] of cases) it(name, () => expect(f).toThrowError(new torch.RuntimeError(text)));
});
