// Core side of the fixes for the differential fuzz against PyTorch 1.13 (/tmp/review_fuzz_torch.md): the torch
// convention as PyTorch computes it, and the tf convention kept as TensorFlow's where the frameworks differ. Values
// marked PyTorch 1.13 were printed by /usr/bin/python3 (the line is in the comment); TensorFlow's are derived from its
// gradient code, named beside them. The facade's side is in packages/torch/test/review-fuzz-torch.test.ts.
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const NONE: c.BackwardOptions = { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false };
const leaf = (vals: number[] | number[][], dtype: c.DType = 'float64'): c.Tensor => {
  const t = c.fromArray(vals, dtype);
  t.requiresGrad = true;
  return t;
};
/** The gradient of `y` (seeded with `g`) with respect to `x`, the signs of zeros kept ('-0'). */
function grad(y: c.Tensor, g: number | number[] | number[][], x: c.Tensor): Array<number | string> {
  const [d] = c.backward([y], [c.fromArray(g, y.dtype)], { ...NONE, sources: [x] });
  return Array.from(d!.data).map((v) => (Object.is(v, -0) ? '-0' : v));
}
const signed = (t: c.Tensor): Array<number | string> => Array.from(t.data).map((v) => (Object.is(v, -0) ? '-0' : v));

describe('finding 2: max/min write g into zeros under the torch convention only', () => {
  it("torch: max() and max(dim) give +0 where not selected, whatever g is (PyTorch's masked_fill_ and scatter)", () => {
    // x = torch.tensor([1., 3., 2.], dtype=torch.float64, requires_grad=True); x.max().backward(torch.tensor(-1., dtype=torch.float64))
    // x.grad -> tensor([ 0., -1.,  0.], dtype=torch.float64)
    const x = leaf([1, 3, 2]);
    expect(grad(c.max(x), -1, x)).toEqual([0, -1, 0]);
    // ... x.max().backward(torch.tensor(float('inf'), dtype=torch.float64)); x.grad -> tensor([0., inf, 0.], dtype=torch.float64)
    const y = leaf([1, 3, 2]);
    expect(grad(c.max(y), Infinity, y)).toEqual([0, Infinity, 0]);
    // x = torch.tensor([[1., 3.], [4., 2.]], dtype=torch.float64, requires_grad=True)
    // x.min(1).values.backward(torch.tensor([float('nan'), -2.], dtype=torch.float64)); x.grad
    // -> tensor([[nan, 0.], [0., -2.]], dtype=torch.float64)
    const z = leaf([[1, 3], [4, 2]]);
    expect(grad(c.min(z, 1), [NaN, -2], z)).toEqual([NaN, 0, 0, -2]);
  });

  it("tf: TensorFlow's _MinOrMaxGrad multiplies g by indicators / count (NaN * 0 = NaN, -1 * 0 = -0), unchanged", () => {
    const x = leaf([1, 3, 2]);
    expect(grad(c.max(x, null, false, 'tf'), -1, x)).toEqual(['-0', -1, '-0']);
    const y = leaf([1, 3, 2]);
    expect(grad(c.max(y, null, false, 'tf'), NaN, y)).toEqual([NaN, NaN, NaN]);
    const z = leaf([[1, 3], [4, 2]]);
    expect(grad(c.min(z, 1, false, 'tf'), [NaN, -2], z)).toEqual([NaN, NaN, '-0', -2]);
  });

  it('torch: ties of max() get g / count, rounded once (evenly_distribute_backward)', () => {
    // x = torch.tensor([1., 3., 3., 3., 2.], requires_grad=True); x.max().backward(torch.tensor(0.9)); x.grad.tolist()
    // -> [0.0, 0.29999998211860657, 0.29999998211860657, 0.29999998211860657, 0.0]
    const x = leaf([1, 3, 3, 3, 2], 'float32');
    expect(grad(c.max(x), 0.9, x)).toEqual([0, 0.29999998211860657, 0.29999998211860657, 0.29999998211860657, 0]);
  });
});

describe('finding 3: pow(x, 0) under each convention', () => {
  it("torch: zeros_like(x) (pow_backward), even for a NaN or infinite g; tf: (g * 0) * x^-1 (_PowGrad, unmasked)", () => {
    // x = torch.tensor([1., 3.], requires_grad=True); torch.pow(x, 0).backward(torch.tensor([float('nan'), 1.])); x.grad -> tensor([0., 0.])
    const x = leaf([1, 3], 'float32');
    expect(grad(c.powScalar(x, 0), [NaN, 1], x)).toEqual([0, 0]);
    const t = leaf([1, 3, -2], 'float32');
    expect(grad(c.powScalar(t, 0, 'tf'), [NaN, Infinity, 1], t)).toEqual([NaN, NaN, '-0']);
  });

  it('the scalar lane gives the same', () => {
    const x = leaf([2]);
    const y = c.reshape(x, []);
    expect(grad(c.powScalar(y, 0), NaN, x)).toEqual([0]);
    const u = leaf([2]);
    expect(grad(c.powScalar(c.reshape(u, []), 0, 'tf'), NaN, u)).toEqual([NaN]);
  });
});

describe("findings 6 and 7: mse is PyTorch's MseLossBackward0 on the broadcast operands", () => {
  it('the gradient is (2/n * (x - y)) * g and the node is MseLossBackward0', () => {
    // x = torch.tensor([3e38, 0.], requires_grad=True); F.mse_loss(x, torch.tensor([0., 0.])).backward(); x.grad
    // -> tensor([3.0000e+38, 0.0000e+00])
    const x = leaf([3e38, 0], 'float32');
    const m = c.mse(x, c.fromArray([0, 0], 'float32'));
    expect(m.node!.name).toBe('MseLossBackward0');
    expect(grad(m, 1, x)).toEqual([Math.fround(3e38), 0]);
  });

  it('a float64 0-d operand promotes a float32 one (broadcast first); a number still takes the tensor\'s dtype', () => {
    // F.mse_loss(torch.ones(3), torch.tensor(0., dtype=torch.float64)).dtype -> torch.float64
    expect(c.mse(c.ones([3]), c.scalar(0, 'float64')).dtype).toBe('float64');
    expect(c.mse(c.ones([3]), 0).dtype).toBe('float32');
  });
});

describe('finding 12: signs of zero in the losses', () => {
  it('classLoss: a 1-d input sums from +0 for every reduction; an ignored example is +0 in "none"', () => {
    // F.nll_loss(torch.tensor([-0.]), torch.tensor(0), reduction='none') -> tensor(0.)
    expect(signed(c.classLoss(c.fromArray([-0]), c.scalar(0, 'int32'), { reduction: 'none' }))).toEqual([0]);
    expect(signed(c.classLoss(c.fromArray([0, 1]), c.scalar(0, 'int32'), { reduction: 'sum' }))).toEqual([0]);
    // F.nll_loss(torch.tensor([[0., 1.], [2., 3.]]), torch.tensor([0, -100]), reduction='none') -> tensor([-0., 0.])
    expect(signed(c.classLoss(c.fromArray([[0, 1], [2, 3]]), c.fromArray([0, -100], 'int32'), { reduction: 'none', ignoreIndex: -100 }))).toEqual(['-0', 0]);
  });

  it("softmaxCrossEntropy negates the summed products last: -0 for a zero 'sum' or 'mean'", () => {
    // F.cross_entropy(torch.zeros(2, 1), torch.ones(2, 1), reduction='sum') -> tensor(-0.)
    expect(signed(c.softmaxCrossEntropy(c.zeros([2, 1]), c.ones([2, 1]), 1, null, 0, 'sum'))).toEqual(['-0']);
    expect(signed(c.softmaxCrossEntropy(c.zeros([2, 1]), c.ones([2, 1]), 1, null, 0, 'mean'))).toEqual(['-0']);
    expect(signed(c.softmaxCrossEntropy(c.zeros([2, 1]), c.ones([2, 1]), 1))).toEqual(['-0', '-0']);
  });

  it("sparseSoftmaxCrossEntropy with 0-d labels is +0 at a zero loss (TF's kernel log(sum) - z; PyTorch's 0 - x)", () => {
    // F.cross_entropy(torch.tensor([0.027050114662274465, -inf], dtype=torch.float64), torch.tensor(0), reduction='none')
    // -> tensor(0., dtype=torch.float64)
    expect(signed(c.sparseSoftmaxCrossEntropy(c.fromArray([0.027050114662274465, -Infinity], 'float64'), c.scalar(0, 'int32')))).toEqual([0]);
  });
});

describe('finding 13: matmul checks the batch dims first, the dtypes after the shapes (dot: before)', () => {
  it('the core texts, in the frameworks\' order', () => {
    expect(() => c.matmul(c.zeros([3, 2, 2]), c.zeros([2, 3, 2]))).toThrow('matmul: batch dimensions [3] of [3,2,2] and [2] of [2,3,2] cannot be broadcast');
    expect(() => c.matmul(c.zeros([3, 1, 2]), c.zeros([2, 3, 2], 'float64'))).toThrow('matmul: batch dimensions [3] of [3,1,2] and [2] of [2,3,2] cannot be broadcast');
    expect(() => c.matmul(c.zeros([1, 2]), c.zeros([3, 2], 'float64'))).toThrow('matmul: shapes [1,2] and [3,2] cannot be multiplied (2 != 3)');
    expect(() => c.matmul(c.zeros([3]), c.zeros([4], 'float64'))).toThrow('matmul: expected both operands to have the same dtype, but got float32 and float64');
  });

  it('amax names the empty dim as given, max(dim) wrapped', () => {
    // torch.amax(torch.zeros(2, 0), -1) -> IndexError: amax(): Expected reduction dim -1 to have non-zero size.
    expect(() => c.amax(c.zeros([2, 0]), -1)).toThrow('amax(): Expected reduction dim -1 to have non-zero size.');
    // torch.max(torch.zeros(2, 0), -1) -> IndexError: max(): Expected reduction dim 1 to have non-zero size.
    expect(() => c.max(c.zeros([2, 0]), -1)).toThrow('max(): Expected reduction dim 1 to have non-zero size.');
  });
});
