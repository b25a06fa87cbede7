// Fixes for the differential fuzz against PyTorch 1.13 (/tmp/review_fuzz_torch.md, findings 1-3, 6-8, 10-13). Every
// expected value and message was printed by real PyTorch 1.13 (/usr/bin/python3); the Python line is in the comment
// above it, with its output after "->". The core side (the tf convention kept) is in
// packages/core/test/review-fuzz-torch.test.ts.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const F = torch.nn.functional;
const f64 = { dtype: torch.float64 };
const I = (v: number | number[] | number[][]) => torch.tensor(v, { dtype: torch.int64 });
/** The values with the sign of a zero kept ('-0'), for comparisons where toEqual would not see it. */
const signed = (t: torch.Tensor | null): Array<number | string> => Array.from(t!.detach().reshape(-1).numpy() as ArrayLike<number>)
  .map((v) => (Object.is(v, -0) ? '-0' : v));

describe('finding 1: add/sub alpha * y is computed in the result dtype', () => {
  it('a float32 y beside a float64 x is widened before the product', () => {
    // torch.add(torch.tensor([0.], dtype=torch.float64), torch.tensor([0.1]), alpha=3).item() -> 0.30000000447034836
    expect(torch.add(torch.tensor([0], f64), torch.tensor([0.1]), { alpha: 3 }).item()).toBe(0.30000000447034836);
    // torch.sub(torch.tensor([1.], dtype=torch.float64), torch.tensor([88.7]), alpha=3).item() -> -265.09999084472656
    expect(torch.sub(torch.tensor([1], f64), torch.tensor([88.7]), { alpha: 3 }).item()).toBe(-265.09999084472656);
  });

  it('a number y beside a float32 x is rounded to float32, as alpha is', () => {
    // torch.add(torch.tensor([0.]), 8.199634181901203, alpha=0.1).item() -> 0.8199634552001953
    expect(torch.add(torch.tensor([0]), 8.199634181901203, { alpha: 0.1 }).item()).toBe(0.8199634552001953);
  });

  it("y's gradient is scaled before it is summed back to y's shape (a zero's sign), then cast to y's dtype", () => {
    // x = torch.zeros(2, 2, requires_grad=True); y = torch.zeros(2, requires_grad=True)
    // torch.add(x, y, alpha=-1.5).backward(torch.tensor([[0., -0.], [0., -0.]])); y.grad -> tensor([0., 0.])
    const x = torch.zeros(2, 2, { requires_grad: true }), y = torch.zeros(2, { requires_grad: true });
    torch.add(x, y, { alpha: -1.5 }).backward(torch.tensor([[0, -0], [0, -0]]));
    expect(signed(y.grad)).toEqual([0, 0]);
    // x = torch.zeros(2, 2, requires_grad=True); y = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    // torch.sub(x, y, alpha=0.1).backward(torch.tensor([[1.1, -0.7], [0.3, 2.9]])); y.grad.tolist()
    // -> [-0.14000000357627868, -0.22000001072883604]
    const x2 = torch.zeros(2, 2, { requires_grad: true }), y2 = torch.zeros(2, { ...f64, requires_grad: true });
    torch.sub(x2, y2, { alpha: 0.1 }).backward(torch.tensor([[1.1, -0.7], [0.3, 2.9]]));
    expect(y2.grad!.tolist()).toEqual([-0.14000000357627868, -0.22000001072883604]);
  });
});

describe('finding 2: max/min gradients write g into zeros', () => {
  it('max() with a NaN, a negative and a tied upstream gradient', () => {
    // x = torch.tensor([1., 3., 2.], requires_grad=True); torch.max(x).backward(torch.tensor(float('nan'))); x.grad
    // -> tensor([0., nan, 0.])
    const x = torch.tensor([1, 3, 2], { requires_grad: true });
    torch.max(x).backward(torch.tensor(NaN));
    expect(String(x.grad)).toBe('tensor([0., nan, 0.])');
    // z = torch.tensor([1., 3., 2.], requires_grad=True); torch.max(z).backward(torch.tensor(-1.)); z.grad -> tensor([ 0., -1.,  0.])
    const z = torch.tensor([1, 3, 2], { requires_grad: true });
    torch.max(z).backward(torch.tensor(-1));
    expect(String(z.grad)).toBe('tensor([ 0., -1.,  0.])');
    expect(signed(z.grad)).toEqual([0, -1, 0]);
    // x = torch.tensor([1., 3., 3., 3., 2.], requires_grad=True); torch.max(x).backward(torch.tensor(0.9)); x.grad.tolist()
    // -> [0.0, 0.29999998211860657, 0.29999998211860657, 0.29999998211860657, 0.0]   (g / 3)
    const t = torch.tensor([1, 3, 3, 3, 2], { requires_grad: true });
    torch.max(t).backward(torch.tensor(0.9));
    expect(t.grad!.tolist()).toEqual([0, 0.29999998211860657, 0.29999998211860657, 0.29999998211860657, 0]);
  });

  it('max(dim) and min(dim, keepdim) scatter g, NaN and inf included', () => {
    // y = torch.tensor([[1., 3., 2.]], requires_grad=True); torch.max(y, 1).values.backward(torch.tensor([float('nan')])); y.grad
    // -> tensor([[0., nan, 0.]])
    const y = torch.tensor([[1, 3, 2]], { requires_grad: true });
    torch.max(y, 1).values.backward(torch.tensor([NaN]));
    expect(String(y.grad)).toBe('tensor([[0., nan, 0.]])');
    // x = torch.tensor([[1., 3., 2.], [4., 4., 0.]], requires_grad=True)
    // torch.min(x, 1, keepdim=True).values.backward(torch.tensor([[float('inf')], [-1.]])); x.grad
    // -> tensor([[inf,  0.,  0.],
    //            [ 0.,  0., -1.]])
    const x = torch.tensor([[1, 3, 2], [4, 4, 0]], { requires_grad: true });
    torch.min(x, 1, true).values.backward(torch.tensor([[Infinity], [-1]]));
    expect(String(x.grad)).toBe('tensor([[inf,  0.,  0.],\n        [ 0.,  0., -1.]])');
    expect(signed(x.grad)).toEqual([Infinity, 0, 0, 0, 0, -1]);
  });

  it('amax keeps its multiplicative rule (-0 where not selected), as PyTorch', () => {
    // x = torch.tensor([1., 3., 3., 2.], requires_grad=True); torch.amax(x).backward(torch.tensor(-1.)); x.grad
    // -> tensor([-0.0000, -0.5000, -0.5000, -0.0000])
    const x = torch.tensor([1, 3, 3, 2], { requires_grad: true });
    torch.amax(x).backward(torch.tensor(-1));
    expect(String(x.grad)).toBe('tensor([-0.0000, -0.5000, -0.5000, -0.0000])');
  });

  it('differentiates again (create_graph)', () => {
    // x = torch.tensor([1., 3., 2.], requires_grad=True)
    // (g,) = torch.autograd.grad(torch.max(x), x, torch.tensor(2., requires_grad=True), create_graph=True); g
    // -> tensor([0., 2., 0.], grad_fn=<MaskedFillBackward1>)
    const x = torch.tensor([1, 3, 2], { requires_grad: true });
    const w = torch.tensor(2, { requires_grad: true });
    const [g] = torch.autograd.grad(torch.max(x), [x], { grad_outputs: w, create_graph: true });
    expect(g!.tolist()).toEqual([0, 2, 0]);
    // (d,) = torch.autograd.grad(g.sum(), w) -> tensor(1.)
    expect(String(torch.autograd.grad(g!.sum(), [w])[0])).toBe('tensor(1.)');
  });
});

describe('finding 3: pow(x, 0) has a zero gradient whatever g is', () => {
  it('NaN and infinite upstream gradients give 0', () => {
    // x = torch.tensor([1., 3.], requires_grad=True); torch.pow(x, 0).backward(torch.tensor([float('nan'), 1.])); x.grad
    // -> tensor([0., 0.])
    const x = torch.tensor([1, 3], { requires_grad: true });
    torch.pow(x, 0).backward(torch.tensor([NaN, 1]));
    expect(String(x.grad)).toBe('tensor([0., 0.])');
    // x = torch.tensor([0., -3.], requires_grad=True); torch.pow(x, 0).backward(torch.tensor([-float('inf'), -1.])); x.grad
    // -> tensor([0., 0.])
    const y = torch.tensor([0, -3], { requires_grad: true });
    torch.pow(y, 0).backward(torch.tensor([-Infinity, -1]));
    expect(signed(y.grad)).toEqual([0, 0]);
  });

  it('one element (the scalar lane) too', () => {
    // x = torch.tensor(2., requires_grad=True); (x ** 0).backward(torch.tensor(float('nan'))); x.grad -> tensor(0.)
    const x = torch.tensor(2, { requires_grad: true });
    x.pow(0).backward(torch.tensor(NaN));
    expect(String(x.grad)).toBe('tensor(0.)');
  });
});

describe("findings 6 and 7: F.mse_loss as PyTorch's mse_loss", () => {
  it('the gradient is (2/n * (x - y)) * g: no overflow of 2 * (x - y), and its rounding', () => {
    // x = torch.tensor([3e38, 0.], requires_grad=True); F.mse_loss(x, torch.tensor([0., 0.])).backward(); x.grad
    // -> tensor([3.0000e+38, 0.0000e+00])
    const x = torch.tensor([3e38, 0], { requires_grad: true });
    F.mse_loss(x, torch.tensor([0, 0])).backward();
    expect(String(x.grad)).toBe('tensor([3.0000e+38, 0.0000e+00])');
    // x = torch.tensor([0.3, 0.7, 1.9], requires_grad=True)
    // F.mse_loss(x, torch.tensor([0.1, 0.2, 0.4])).backward(torch.tensor(0.7)); x.grad.tolist()
    // -> [0.09333334863185883, 0.23333333432674408, 0.699999988079071]
    const a = torch.tensor([0.3, 0.7, 1.9], { requires_grad: true });
    F.mse_loss(a, torch.tensor([0.1, 0.2, 0.4])).backward(torch.tensor(0.7));
    expect(a.grad!.tolist()).toEqual([0.09333334863185883, 0.23333333432674408, 0.699999988079071]);
    // x = torch.tensor([3e38, 1.], requires_grad=True); y = torch.tensor([-1e38, 0.5], requires_grad=True)
    // F.mse_loss(x, y, reduction='sum').backward(); y.grad -> tensor([-inf, -1.])
    const b = torch.tensor([3e38, 1], { requires_grad: true }), c = torch.tensor([-1e38, 0.5], { requires_grad: true });
    F.mse_loss(b, c, { reduction: 'sum' }).backward();
    expect(String(c.grad)).toBe('tensor([-inf, -1.])');
  });

  it("records PyTorch's MseLossBackward0", () => {
    // F.mse_loss(torch.ones(2, 2, requires_grad=True), torch.zeros(2, 2)) -> tensor(1., grad_fn=<MseLossBackward0>)
    expect(String(F.mse_loss(torch.ones(2, 2, { requires_grad: true }), torch.zeros(2, 2)))).toBe('tensor(1., grad_fn=<MseLossBackward0>)');
  });

  it('a 0-d target of another float dtype promotes after broadcasting', () => {
    // F.mse_loss(torch.ones(3), torch.tensor(0., dtype=torch.float64)).dtype -> torch.float64
    expect(F.mse_loss(torch.ones(3), torch.tensor(0, f64)).dtype).toBe(torch.float64);
    // F.mse_loss(torch.ones(3), torch.tensor(0., dtype=torch.float64), reduction='none') -> tensor([1., 1., 1.], dtype=torch.float64)
    expect(String(F.mse_loss(torch.ones(3), torch.tensor(0, f64), { reduction: 'none' }))).toBe('tensor([1., 1., 1.], dtype=torch.float64)');
  });
});

describe('finding 8: a class weight that requires grad', () => {
  const msg = (fn: string) => `The function '${fn}' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.`;
  const W = (n = 3) => torch.ones(n, { requires_grad: true });

  it("is nll_loss_forward's (nll_loss2d_forward's) RuntimeError, before the target's bounds", () => {
    // F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), weight=torch.ones(3, requires_grad=True))
    // -> RuntimeError: The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. ...
    expect(() => F.cross_entropy(torch.zeros(2, 3), I([0, 1]), { weight: W() })).toThrowError(new torch.RuntimeError(msg('nll_loss_forward')));
    // F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, -50]), weight=torch.ones(3, requires_grad=True)) -> the same RuntimeError
    expect(() => F.cross_entropy(torch.zeros(2, 3), I([0, -50]), { weight: W() })).toThrowError(new torch.RuntimeError(msg('nll_loss_forward')));
    // F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), weight=..., label_smoothing=0.1) -> the same RuntimeError
    expect(() => F.cross_entropy(torch.zeros(2, 3), I([0, 1]), { weight: W(), label_smoothing: 0.1 })).toThrowError(new torch.RuntimeError(msg('nll_loss_forward')));
    // F.nll_loss(torch.zeros(2, 3, 4), torch.zeros(2, 4, dtype=torch.long), weight=torch.ones(3, requires_grad=True))
    // -> RuntimeError: The function 'nll_loss2d_forward' is not differentiable with respect to argument 'weight'. ...
    expect(() => F.nll_loss(torch.zeros(2, 3, 4), torch.zeros(2, 4, { dtype: torch.int64 }), { weight: W() })).toThrowError(new torch.RuntimeError(msg('nll_loss2d_forward')));
    // F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 1]), weight=torch.ones(4, requires_grad=True)) -> the same RuntimeError (before the size check)
    expect(() => F.nll_loss(torch.zeros(2, 3), I([0, 1]), { weight: W(4) })).toThrowError(new torch.RuntimeError(msg('nll_loss_forward')));
  });

  it("comes after nll_loss_nd's own checks, and not under no_grad nor for probability targets", () => {
    // F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 1, 2]), weight=torch.ones(3, requires_grad=True))
    // -> ValueError: Expected input batch_size (2) to match target batch_size (3).
    expect(() => F.nll_loss(torch.zeros(2, 3), I([0, 1, 2]), { weight: W() })).toThrowError(new torch.ValueError('Expected input batch_size (2) to match target batch_size (3).'));
    // with torch.no_grad(): F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 1]), weight=torch.ones(3, requires_grad=True)) -> tensor(0.)
    expect(String(torch.no_grad(() => F.nll_loss(torch.zeros(2, 3), I([0, 1]), { weight: W() })))).toBe('tensor(0.)');
    // F.cross_entropy(torch.zeros(2, 3), torch.zeros(2, 3), weight=torch.ones(3, requires_grad=True)).item() -> -0.0
    expect(signed(F.cross_entropy(torch.zeros(2, 3), torch.zeros(2, 3), { weight: W() }))).toEqual(['-0']);
  });
});

describe('finding 10: narrow on an empty dimension wraps start as a scalar dim does', () => {
  it('-1 is 0 in a dimension of size 0; anything else outside [-1, 0] is an IndexError', () => {
    // torch.narrow(torch.zeros(0, 3), 0, -1, 0).shape -> torch.Size([0, 3])
    expect(torch.narrow(torch.zeros(0, 3), 0, -1, 0).shape).toEqual([0, 3]);
    // torch.narrow(torch.zeros(0, 3), 0, -2, 0) -> IndexError: Dimension out of range (expected to be in range of [-1, 0], but got -2)
    expect(() => torch.narrow(torch.zeros(0, 3), 0, -2, 0)).toThrowError(new torch.IndexError('Dimension out of range (expected to be in range of [-1, 0], but got -2)'));
    // torch.narrow(torch.zeros(0, 3), 0, 1, 0) -> IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)
    expect(() => torch.narrow(torch.zeros(0, 3), 0, 1, 0)).toThrowError(new torch.IndexError('Dimension out of range (expected to be in range of [-1, 0], but got 1)'));
  });
});

describe('finding 11: a clamp bound beyond float32 is the overflow error', () => {
  const overflow = new torch.RuntimeError('value cannot be converted to type float without overflow');
  it('number bounds of a float32 clamp', () => {
    // torch.clamp(torch.tensor([1.]), max=1e300) -> RuntimeError: value cannot be converted to type float without overflow
    expect(() => torch.clamp(torch.tensor([1]), { max: 1e300 })).toThrowError(overflow);
    // torch.clamp(torch.tensor([1.]), min=-1e39, max=1.) -> the same
    expect(() => torch.clamp(torch.tensor([1]), { min: -1e39, max: 1 })).toThrowError(overflow);
    // torch.clamp_min(torch.tensor([1.]), 1e300) -> the same; torch.tensor([1.]).clamp_(None, 1e300) -> the same
    expect(() => torch.clamp_min(torch.tensor([1]), 1e300)).toThrowError(overflow);
    expect(() => torch.tensor([1]).clamp_(null, 1e300)).toThrowError(overflow);
    // torch.clamp(torch.tensor([1]), min=0.5, max=1e300) -> the same (the int64 input computes in float32)
    expect(() => torch.clamp(torch.tensor([1], { dtype: torch.int64 }), { min: 0.5, max: 1e300 })).toThrowError(overflow);
  });
  it('float64, infinities and tensor bounds convert', () => {
    // torch.clamp(torch.tensor([1.], dtype=torch.float64), max=1e300) -> tensor([1.], dtype=torch.float64)
    expect(String(torch.clamp(torch.tensor([1], f64), { max: 1e300 }))).toBe('tensor([1.], dtype=torch.float64)');
    // torch.clamp(torch.tensor([1.]), min=float('inf')) -> tensor([inf])
    expect(String(torch.clamp(torch.tensor([1]), { min: Infinity }))).toBe('tensor([inf])');
    // torch.clamp(torch.tensor([1.]), max=torch.tensor(1e300, dtype=torch.float64)) -> tensor([1.])
    expect(String(torch.clamp(torch.tensor([1]), { max: torch.tensor(1e300, f64) }))).toBe('tensor([1.])');
  });
});

describe('finding 12: signs of zero in the losses', () => {
  it('probability targets: the summed products are negated last (-0)', () => {
    // F.cross_entropy(torch.zeros(2, 1), torch.ones(2, 1), reduction='sum') -> tensor(-0.)
    expect(String(F.cross_entropy(torch.zeros(2, 1), torch.ones(2, 1), { reduction: 'sum' }))).toBe('tensor(-0.)');
    // F.cross_entropy(torch.zeros(2, 1), torch.ones(2, 1)) -> tensor(-0.)
    expect(String(F.cross_entropy(torch.zeros(2, 1), torch.ones(2, 1)))).toBe('tensor(-0.)');
  });

  it('class targets: a 1-d input accumulates from +0; an ignored example is +0', () => {
    const x = torch.tensor([0.027050114662274465, -Infinity], f64);
    // F.cross_entropy(torch.tensor([0.027050114662274465, -inf], dtype=torch.float64), torch.tensor(0), reduction='sum')
    // -> tensor(0., dtype=torch.float64); reduction='none' -> tensor(0., dtype=torch.float64)
    expect(String(F.cross_entropy(x, I(0), { reduction: 'sum' }))).toBe('tensor(0., dtype=torch.float64)');
    expect(String(F.cross_entropy(x, I(0), { reduction: 'none' }))).toBe('tensor(0., dtype=torch.float64)');
    expect(signed(F.cross_entropy(x, I(0)))).toEqual([0]);
    // F.nll_loss(torch.tensor([-0.]), torch.tensor(0), reduction='none') -> tensor(0.)
    expect(signed(F.nll_loss(torch.tensor([-0]), I(0), { reduction: 'none' }))).toEqual([0]);
    // F.cross_entropy(torch.tensor([[0., -inf], [1., 2.]]), torch.tensor([0, -100]), reduction='none') -> tensor([-0., 0.])
    expect(String(F.cross_entropy(torch.tensor([[0, -Infinity], [1, 2]]), I([0, -100]), { reduction: 'none' }))).toBe('tensor([-0., 0.])');
    // F.nll_loss(torch.tensor([[0., 1.], [2., 3.]]), torch.tensor([0, -100]), weight=torch.tensor([2., 1.]), reduction='none')
    // -> tensor([-0., 0.])
    expect(String(F.nll_loss(torch.tensor([[0, 1], [2, 3]]), I([0, -100]), { weight: torch.tensor([2, 1]), reduction: 'none' }))).toBe('tensor([-0., 0.])');
  });
});

describe('finding 13: error texts', () => {
  it('reshape of an empty tensor with -1 beside a 0', () => {
    // torch.zeros(0).reshape(-1, 0) -> RuntimeError: cannot reshape tensor of 0 elements into shape [-1, 0] because the
    // unspecified dimension size -1 can be any value and is ambiguous
    expect(() => torch.zeros(0).reshape(-1, 0)).toThrowError(new torch.RuntimeError(
      'cannot reshape tensor of 0 elements into shape [-1, 0] because the unspecified dimension size -1 can be any value and is ambiguous'));
    // torch.zeros(6).reshape(-1, 0) -> RuntimeError: shape '[-1, 0]' is invalid for input of size 6
    expect(() => torch.zeros(6).reshape(-1, 0)).toThrowError(new torch.RuntimeError("shape '[-1, 0]' is invalid for input of size 6"));
  });

  it('amax/amin name the empty dim as given', () => {
    // torch.amax(torch.zeros(2, 0), -1) -> IndexError: amax(): Expected reduction dim -1 to have non-zero size.
    expect(() => torch.amax(torch.zeros(2, 0), -1)).toThrowError(new torch.IndexError('amax(): Expected reduction dim -1 to have non-zero size.'));
    // torch.amin(torch.zeros(2, 0), (0, -1)) -> IndexError: amin(): Expected reduction dim -1 to have non-zero size.
    expect(() => torch.amin(torch.zeros(2, 0), [0, -1])).toThrowError(new torch.IndexError('amin(): Expected reduction dim -1 to have non-zero size.'));
    // torch.max(torch.zeros(2, 0), -1) -> IndexError: max(): Expected reduction dim 1 to have non-zero size.
    expect(() => torch.max(torch.zeros(2, 0), -1)).toThrowError(new torch.IndexError('max(): Expected reduction dim 1 to have non-zero size.'));
  });

  it("matmul's batch broadcast, checked before the matrices and the dtypes", () => {
    const text = 'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0';
    // torch.matmul(torch.zeros(3, 2, 2), torch.zeros(2, 2, 2)) -> RuntimeError: The size of tensor a (3) must match the size of
    // tensor b (2) at non-singleton dimension 0
    expect(() => torch.matmul(torch.zeros(3, 2, 2), torch.zeros(2, 2, 2))).toThrowError(new torch.RuntimeError(text));
    // torch.matmul(torch.zeros(3, 2, 2), torch.zeros(2, 3, 2)) -> the same
    expect(() => torch.matmul(torch.zeros(3, 2, 2), torch.zeros(2, 3, 2))).toThrowError(new torch.RuntimeError(text));
    // torch.matmul(torch.zeros(3, 1, 2), torch.zeros(2, 3, 2, dtype=torch.long)) -> the same
    expect(() => torch.matmul(torch.zeros(3, 1, 2), torch.zeros(2, 3, 2, { dtype: torch.int64 }))).toThrowError(new torch.RuntimeError(text));
    // torch.matmul(torch.zeros(3, 2, 2), torch.zeros(5, 2, 2, 2)) -> ... (3) ... (2) at non-singleton dimension 1
    expect(() => torch.matmul(torch.zeros(3, 2, 2), torch.zeros(5, 2, 2, 2))).toThrowError(
      'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1');
  });

  it("matmul's dtype texts: dot's for two vectors, the batched operand's dtype expected, shapes first", () => {
    // torch.matmul(torch.ones(3), torch.ones(3, dtype=torch.long)) -> RuntimeError: dot : expected both vectors to have same dtype, but found Float and Long
    expect(() => torch.matmul(torch.ones(3), torch.ones(3, { dtype: torch.int64 }))).toThrowError(
      new torch.RuntimeError('dot : expected both vectors to have same dtype, but found Float and Long'));
    // torch.matmul(torch.ones(3), torch.ones(4, dtype=torch.long)) -> the same (the dtypes before the sizes)
    expect(() => torch.matmul(torch.ones(3), torch.ones(4, { dtype: torch.int64 }))).toThrowError(
      new torch.RuntimeError('dot : expected both vectors to have same dtype, but found Float and Long'));
    // torch.matmul(torch.ones(2, 2, dtype=torch.long), torch.ones(1, 2, 2, dtype=torch.float64)) -> RuntimeError: expected scalar type Double but found Long
    expect(() => torch.matmul(torch.ones(2, 2, { dtype: torch.int64 }), torch.ones(1, 2, 2, f64))).toThrowError(
      new torch.RuntimeError('expected scalar type Double but found Long'));
    // torch.mm(torch.ones(1, 2, dtype=torch.long), torch.ones(3, 0, dtype=torch.float64)) -> RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x2 and 3x0)
    expect(() => torch.mm(torch.ones(1, 2, { dtype: torch.int64 }), torch.ones(3, 0, f64))).toThrowError(
      new torch.RuntimeError('mat1 and mat2 shapes cannot be multiplied (1x2 and 3x0)'));
  });
});
