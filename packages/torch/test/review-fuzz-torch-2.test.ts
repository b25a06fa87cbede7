// Second round of fixes for the differential fuzz against PyTorch 1.13 (/tmp/review_fuzz_torch.md, findings 4, 9,
// 5 (prod) and 12's leftovers). Every expected value and message was printed by real PyTorch 1.13 (/usr/bin/python3);
// the Python line is in the comment above it, with its output after "->". The core side (both conventions) is in
// packages/core/test/review-fuzz-torch-2.test.ts.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const f64 = { dtype: torch.float64 };
/** The values with the sign of a zero kept ('-0'), for comparisons where toEqual would not see it. */
const signed = (t: torch.Tensor | null): Array<number | string> => Array.from(t!.detach().reshape(-1).numpy() as ArrayLike<number>)
  .map((v) => (Object.is(v, -0) ? '-0' : v));

describe('finding 4: norm(x, 0)', () => {
  it('counts NaN as nonzero', () => {
    // torch.norm(torch.tensor([float('nan'), 0., 2.]), 0) -> tensor(2.)
    expect(torch.norm(torch.tensor([NaN, 0, 2]), 0).item()).toBe(2);
  });

  it('has no gradient: x.grad stays None, autograd.grad calls x unused', () => {
    // x = torch.tensor([1., 0., 2.], requires_grad=True); y = torch.norm(x, 0); y.grad_fn -> <NormBackward1 ...>; y.backward(); x.grad -> None
    const x = torch.tensor([1, 0, 2], { requires_grad: true });
    const y = torch.norm(x, 0);
    expect(y.grad_fn!.name()).toBe('NormBackward1');
    y.backward();
    expect(x.grad).toBeNull();
    // x = torch.tensor([[1., 0., 2.]], requires_grad=True); torch.norm(x, 0, dim=1).backward(torch.tensor([float('nan')])); x.grad -> None
    const x1 = torch.tensor([[1, 0, 2]], { requires_grad: true });
    torch.norm(x1, 0, 1).backward(torch.tensor([NaN]));
    expect(x1.grad).toBeNull();
    // torch.autograd.grad(torch.norm(x, 0), x)
    // -> RuntimeError: One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.
    expect(() => torch.autograd.grad(torch.norm(x, 0), [x])).toThrow('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
    // torch.autograd.grad(torch.norm(x, 0), x, allow_unused=True) -> (None,)
    expect(torch.autograd.grad(torch.norm(x, 0), [x], { allow_unused: true })).toEqual([null]);
    // x = torch.tensor([1., 0., 2.], requires_grad=True); (torch.norm(x, 0) * 2 + x.sum()).backward(); x.grad -> tensor([1., 1., 1.])
    const x2 = torch.tensor([1, 0, 2], { requires_grad: true });
    torch.add(torch.mul(torch.norm(x2, 0), 2), torch.sum(x2)).backward();
    expect(x2.grad!.tolist()).toEqual([1, 1, 1]);
  });
});

describe('finding 9: norm with a negative p or p = -inf', () => {
  it('p = -2 and its gradient (norm_backward, p < 1)', () => {
    // x = torch.tensor([3., -1., 2.], requires_grad=True); y = torch.norm(x, -2); y.backward(); y.item(), x.grad.tolist()
    // -> 0.8571428656578064 [0.02332361601293087, -0.6297376155853271, 0.0787172019481659]
    const x = torch.tensor([3, -1, 2], { requires_grad: true });
    const y = torch.norm(x, -2);
    expect(y.item()).toBe(0.8571428656578064);
    expect(y.grad_fn!.name()).toBe('NormBackward1');
    y.backward();
    expect(x.grad!.tolist()).toEqual([0.02332361601293087, -0.6297376155853271, 0.0787172019481659]);
  });

  it('p = -inf is min |x|; g goes to the argmin, split over ties', () => {
    // torch.norm(torch.tensor([3., -1., 2.]), float('-inf')) -> tensor(1.)
    expect(torch.norm(torch.tensor([3, -1, 2]), -Infinity).item()).toBe(1);
    // x = torch.tensor([3., -1., 1., 2.], requires_grad=True); torch.norm(x, float('-inf')).backward(); x.grad -> tensor([ 0.0000, -0.5000,  0.5000,  0.0000])
    const x = torch.tensor([3, -1, 1, 2], { requires_grad: true });
    torch.norm(x, -Infinity).backward();
    expect(x.grad!.tolist()).toEqual([0, -0.5, 0.5, 0]);
    // x = torch.tensor([3., 0., 2.], dtype=torch.float64, requires_grad=True); torch.norm(x, -0.5).backward(); x.grad -> tensor([0., 0., 0.], dtype=torch.float64)
    const z = torch.tensor([3, 0, 2], { ...f64, requires_grad: true });
    torch.norm(z, -0.5).backward();
    expect(z.grad!.tolist()).toEqual([0, 0, 0]);
  });

  it('an empty reduction is 0 (torch.norm zero-fills)', () => {
    // torch.norm(torch.zeros(0), float('-inf')) -> tensor(0.); torch.norm(torch.zeros(0), -2) -> tensor(0.)
    expect(torch.norm(torch.zeros(0), -Infinity).item()).toBe(0);
    expect(torch.norm(torch.zeros(0), -2).item()).toBe(0);
  });
  // (tf.norm still refuses ord <= 0, as linalg_ops.norm: packages/tf/test/math-review.test.ts)
});

describe('finding 5: float32 prod multiplies in float32', () => {
  it('overflows as PyTorch, and the gradient (out / x) follows', () => {
    // torch.prod(torch.tensor([1e30, 1e30, 1e-30])) -> tensor(inf)
    expect(torch.prod(torch.tensor([1e30, 1e30, 1e-30])).item()).toBe(Infinity);
    // torch.prod(torch.tensor([1e30, 1e30, 0.])) -> tensor(nan)
    expect(torch.prod(torch.tensor([1e30, 1e30, 0])).item()).toBeNaN();
    // torch.prod(torch.tensor([1e20, 1e20, 1e-20, 1e-20])) -> tensor(inf)
    expect(torch.prod(torch.tensor([1e20, 1e20, 1e-20, 1e-20])).item()).toBe(Infinity);
    // x = torch.tensor([[1e30, 1e30, 1e-30], [1., 2., 3.]], requires_grad=True); torch.prod(x, 1).sum().backward(); x.grad
    // -> tensor([[inf, inf, inf], [6., 3., 2.]])
    const x = torch.tensor([[1e30, 1e30, 1e-30], [1, 2, 3]], { requires_grad: true });
    torch.sum(torch.prod(x, 1)).backward();
    expect(x.grad!.tolist()).toEqual([[Infinity, Infinity, Infinity], [6, 3, 2]]);
    // x = torch.tensor([[1e30, 1e30, 0.]], requires_grad=True); y = torch.prod(x, 1); y.backward(torch.ones(1)); y, x.grad
    // -> tensor([nan]) tensor([[0., 0., inf]])
    const z = torch.tensor([[1e30, 1e30, 0]], { requires_grad: true });
    const y = torch.prod(z, 1);
    expect(y.item()).toBeNaN();
    y.backward(torch.ones(1));
    expect(z.grad!.tolist()).toEqual([[0, 0, Infinity]]);
  });
});

describe('finding 12: ±0 ties, NaN, and the clamp mask', () => {
  it('maximum/minimum keep the first operand at a tie of +0 and -0', () => {
    // torch.maximum(torch.tensor([0.]), torch.tensor([-0.])) -> tensor([0.]); torch.maximum(torch.tensor([-0.]), torch.tensor([0.])) -> tensor([-0.])
    expect(signed(torch.maximum(torch.tensor([0]), torch.tensor([-0])))).toEqual([0]);
    expect(signed(torch.maximum(torch.tensor([-0]), torch.tensor([0])))).toEqual(['-0']);
    // torch.minimum(torch.tensor([0.]), torch.tensor([-0.])) -> tensor([0.]); torch.minimum(torch.tensor([-0.]), torch.tensor([0.])) -> tensor([-0.])
    expect(signed(torch.minimum(torch.tensor([0]), torch.tensor([-0])))).toEqual([0]);
    expect(signed(torch.minimum(torch.tensor([-0]), torch.tensor([0])))).toEqual(['-0']);
    // torch.maximum(torch.tensor([float('nan'), 1.]), torch.tensor([1., float('nan')])) -> tensor([nan, nan]) (minimum the same)
    expect(torch.maximum(torch.tensor([NaN, 1]), torch.tensor([1, NaN])).tolist()).toEqual([NaN, NaN]);
    expect(torch.minimum(torch.tensor([NaN, 1]), torch.tensor([1, NaN])).tolist()).toEqual([NaN, NaN]);
  });

  it('clamp with tensor bounds keeps x at a ±0 tie', () => {
    // torch.clamp(torch.tensor([0.]), max=torch.tensor([-0.])) -> tensor([0.]); torch.clamp(torch.tensor([-0.]), max=torch.tensor([0.])) -> tensor([-0.])
    expect(signed(torch.clamp(torch.tensor([0]), { max: torch.tensor([-0]) }))).toEqual([0]);
    expect(signed(torch.clamp(torch.tensor([-0]), { max: torch.tensor([0]) }))).toEqual(['-0']);
    // torch.clamp(torch.tensor([0.]), min=torch.tensor([-0.])) -> tensor([0.]); torch.clamp(torch.tensor([-0.]), min=torch.tensor([0.])) -> tensor([-0.])
    expect(signed(torch.clamp(torch.tensor([0]), { min: torch.tensor([-0]) }))).toEqual([0]);
    expect(signed(torch.clamp(torch.tensor([-0]), { min: torch.tensor([0]) }))).toEqual(['-0']);
    // torch.clamp(torch.tensor([0.]), min=torch.tensor([-0.]), max=torch.tensor([-0.])) -> tensor([0.])
    expect(signed(torch.clamp(torch.tensor([0]), { min: torch.tensor([-0]), max: torch.tensor([-0]) }))).toEqual([0]);
  });

  it("a float32 clamp's gradient mask uses the number bound converted to float32 (fuzz seed 16474)", () => {
    // x = torch.tensor([1e-45, 0., 2e-45, -1.], requires_grad=True); y = torch.clamp(x, max=1e-45); y.backward(torch.ones(4)); x.grad
    // -> tensor([1., 1., 1., 1.])
    const x = torch.tensor([1e-45, 0, 2e-45, -1], { requires_grad: true });
    torch.clamp(x, { max: 1e-45 }).backward(torch.ones(4));
    expect(x.grad!.tolist()).toEqual([1, 1, 1, 1]);
    // x = ...; torch.clamp(x, min=1e-45).backward(torch.ones(4)); x.grad -> tensor([1., 0., 1., 0.])
    const y = torch.tensor([1e-45, 0, 2e-45, -1], { requires_grad: true });
    torch.clamp(y, { min: 1e-45 }).backward(torch.ones(4));
    expect(y.grad!.tolist()).toEqual([1, 0, 1, 0]);
  });
});
