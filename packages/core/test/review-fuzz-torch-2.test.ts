// Core side of the second round of fixes for the differential fuzz against PyTorch 1.13 (/tmp/review_fuzz_torch.md,
// findings 4, 9, 5 (prod) and 12's leftovers). Values marked PyTorch 1.13 were printed by /usr/bin/python3 (the line is
// in the comment, its output after "->"); TensorFlow's are derived from its sources, named beside them. The facade's
// side is in packages/torch/test/review-fuzz-torch-2.test.ts.
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const NONE: c.BackwardOptions = { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false };
const leaf = (vals: number[] | number[][], dtype: c.DType = 'float64'): c.Tensor => {
  const t = c.fromArray(vals, dtype);
  t.requiresGrad = true;
  return t;
};
/** The gradient of `y` (seeded with `g`) with respect to `x`; null when x gets none. */
function grad(y: c.Tensor, g: number | number[] | number[][], x: c.Tensor): number[] | null {
  const [d] = c.backward([y], [c.fromArray(g, y.dtype)], { ...NONE, sources: [x] });
  return d === null || d === undefined ? null : Array.from(d.data);
}
const signed = (t: c.Tensor): Array<number | string> => Array.from(t.data).map((v) => (Object.is(v, -0) ? '-0' : v));

describe('finding 4: the L0 norm counts NaN as nonzero and has no gradient', () => {
  it('NaN != 0 counts 1', () => {
    // torch.norm(torch.tensor([float('nan'), 0., 2.], dtype=torch.float64), 0).item() -> 2.0
    expect(c.norm(c.fromArray([NaN, 0, 2], 'float64'), 0).data[0]).toBe(2);
    // torch.norm(torch.tensor([[float('nan'), 0.], [0., 0.]]), 0, 1).tolist() -> [1.0, 0.0]
    expect(Array.from(c.norm(c.fromArray([[NaN, 0], [0, 0]], 'float32'), 0, 1).data)).toEqual([1, 0]);
  });

  it('backward gives x no gradient (norm_backward returns an undefined tensor for p = 0), not zeros', () => {
    // x = torch.tensor([1., 0., 2.], requires_grad=True); torch.norm(x, 0).backward(); x.grad -> None
    const x = leaf([1, 0, 2]);
    expect(grad(c.norm(x, 0), Number.NaN, x)).toBeNull();
    // x = ...; (torch.norm(x, 0) * 2 + x.sum()).backward(); x.grad -> tensor([1., 1., 1.])
    const y = leaf([1, 0, 2]);
    expect(grad(c.add(c.mul(c.norm(y, 0), 2), c.sum(y)), 1, y)).toEqual([1, 1, 1]);
  });
});

describe('finding 9: negative p and p = -inf', () => {
  it("p < 0 is (sum |x|^p)^(1/p) with norm_backward's p < 1 rule", () => {
    // x = torch.tensor([3., -1., 2.], dtype=torch.float64, requires_grad=True); y = torch.norm(x, -2); y.backward()
    // y.item(), x.grad.tolist() -> 0.8571428571428571 [0.02332361516034985, -0.629737609329446, 0.07871720116618075]
    const x = leaf([3, -1, 2]);
    const y = c.norm(x, -2);
    expect(y.data[0]).toBe(0.8571428571428571);
    expect(grad(y, 1, x)).toEqual([0.02332361516034985, -0.629737609329446, 0.07871720116618075]);
    // x = torch.tensor([[3., -1., 2.], [0.5, -4., 1.]], dtype=torch.float64, requires_grad=True); y = torch.norm(x, -1.5, 1)
    // y.tolist() -> [0.7479278215671977, 0.39996087352719223]; y.backward(torch.tensor([1., -2.], dtype=torch.float64))
    // x.grad.tolist() -> [[0.031034595157571683, -0.4837814604472069, 0.08552128782363788], [-1.1445868587691421, 0.006323008824161481, -0.2023362823731674]]
    const x2 = leaf([[3, -1, 2], [0.5, -4, 1]]);
    const y2 = c.norm(x2, -1.5, 1);
    // (to 1 ulp: V8's Math.pow and glibc's pow may round |x|^p apart)
    [0.7479278215671977, 0.39996087352719223].forEach((v, i) => expect(y2.data[i]).toBeCloseTo(v, 15));
    const g2 = grad(y2, [1, -2], x2)!;
    const want = [0.031034595157571683, -0.4837814604472069, 0.08552128782363788, -1.1445868587691421, 0.006323008824161481, -0.2023362823731674];
    g2.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 15));
  });

  it('a zero makes the norm 0 and the gradient 0 (0 * g: NaN for a NaN g, no mask)', () => {
    // x = torch.tensor([3., 0., 2.], dtype=torch.float64, requires_grad=True); y = torch.norm(x, -2)
    // y.backward(torch.tensor(float('nan'), dtype=torch.float64)); y.item(), x.grad.tolist() -> 0.0 [nan, nan, nan]
    const x = leaf([3, 0, 2]);
    const y = c.norm(x, -2);
    expect(y.data[0]).toBe(0);
    expect(grad(y, NaN, x)).toEqual([NaN, NaN, NaN]);
    const z = leaf([3, 0, 2]);
    expect(grad(c.norm(z, -2), 1, z)).toEqual([0, 0, 0]);
  });

  it('p = -inf is min |x|, g split evenly over the ties of the minimum', () => {
    // x = torch.tensor([[3., -1., 1.], [-2., 4., -2.]], dtype=torch.float64, requires_grad=True); y = torch.norm(x, float('-inf'), 1)
    // y.tolist() -> [1.0, 2.0]; y.backward(torch.tensor([1., 3.], dtype=torch.float64)); x.grad.tolist() -> [[0.0, -0.5, 0.5], [-1.5, 0.0, -1.5]]
    const x = leaf([[3, -1, 1], [-2, 4, -2]]);
    const y = c.norm(x, -Infinity, 1);
    expect(Array.from(y.data)).toEqual([1, 2]);
    expect(grad(y, [1, 3], x)).toEqual([0, -0.5, 0.5, -1.5, 0, -1.5]);
  });

  it('the edges: NaN wins, inf stays, an empty reduction is 0 for every p', () => {
    // torch.norm(torch.tensor([float('nan'), 1.]), float('-inf')) -> tensor(nan)
    expect(c.norm(c.fromArray([NaN, 1], 'float32'), -Infinity).data[0]).toBeNaN();
    // torch.norm(torch.tensor([float('inf'), float('inf')]), float('-inf')) -> tensor(inf)
    expect(c.norm(c.fromArray([Infinity, Infinity], 'float32'), -Infinity).data[0]).toBe(Infinity);
    // torch.norm(torch.zeros(0), float('-inf')) -> tensor(0.); torch.norm(torch.zeros(0), -2) -> tensor(0.)
    expect(c.norm(c.zeros([0]), -Infinity).data[0]).toBe(0);
    expect(c.norm(c.zeros([0]), -2).data[0]).toBe(0);
    // torch.norm(torch.zeros(2, 0), float('-inf'), dim=1) -> tensor([0., 0.])
    expect(Array.from(c.norm(c.zeros([2, 0]), -Infinity, 1).data)).toEqual([0, 0]);
    // torch.norm(torch.tensor([1e-30, 2.]), -2) -> tensor(0.)   (|1e-30|^-2 overflows float32)
    expect(c.norm(c.fromArray([1e-30, 2], 'float32'), -2).data[0]).toBe(0);
  });
});

describe('finding 5: a float32 product accumulates in float32, in index order', () => {
  it('overflow and inf * 0 as PyTorch (and TensorFlow, whose Prod multiplies in the dtype)', () => {
    // torch.prod(torch.tensor([1e30, 1e30, 1e-30])) -> tensor(inf)
    expect(c.prod(c.fromArray([1e30, 1e30, 1e-30], 'float32')).data[0]).toBe(Infinity);
    // torch.prod(torch.tensor([1e30, 1e30, 0.])) -> tensor(nan)
    expect(c.prod(c.fromArray([1e30, 1e30, 0], 'float32')).data[0]).toBeNaN();
    // torch.prod(torch.tensor([[1e30, 2.], [1e30, 3.], [1e-30, 4.]]), 0).tolist() -> [inf, 24.0]
    expect(Array.from(c.prod(c.fromArray([[1e30, 2], [1e30, 3], [1e-30, 4]], 'float32'), 0).data)).toEqual([Infinity, 24]);
    // torch.prod(torch.tensor([0.1, 0.1, 0.3, 0.1])).item() -> 0.00030000004335306585 (a float64 product rounded once: 0.0003000000142492354)
    expect(c.prod(c.fromArray([0.1, 0.1, 0.3, 0.1], 'float32')).data[0]).toBe(0.00030000004335306585);
    // float64 unchanged: torch.prod(torch.tensor([1e30, 1e30, 1e-30], dtype=torch.float64)).item() -> 1.0000000000000002e+30
    expect(c.prod(c.fromArray([1e30, 1e30, 1e-30], 'float64')).data[0]).toBe(1.0000000000000002e+30);
  });

  it('the gradient out / x follows the product: inf', () => {
    // x = torch.tensor([1e30, 1e30, 1e-30], requires_grad=True); torch.prod(x).backward(); x.grad -> tensor([inf, inf, inf])
    const x = leaf([1e30, 1e30, 1e-30], 'float32');
    expect(grad(c.prod(x), 1, x)).toEqual([Infinity, Infinity, Infinity]);
    // x = torch.tensor([1e30, 1e30, 0.], requires_grad=True); torch.prod(x).backward(); x.grad -> tensor([0., 0., inf])
    const y = leaf([1e30, 1e30, 0], 'float32');
    expect(grad(c.prod(y), 1, y)).toEqual([0, 0, Infinity]);
  });
});

describe('finding 12: ties of +0 and -0, NaN, and the clamp mask', () => {
  it('maximum/minimum keep the first operand at a ±0 tie in both conventions; NaN propagates', () => {
    // torch.maximum(torch.tensor([0.]), torch.tensor([-0.])) -> tensor([0.]); torch.maximum(torch.tensor([-0.]), torch.tensor([0.])) -> tensor([-0.])
    // torch.minimum(torch.tensor([0.]), torch.tensor([-0.])) -> tensor([0.]); torch.minimum(torch.tensor([-0.]), torch.tensor([0.])) -> tensor([-0.])
    // TensorFlow: cwise_ops.h maximum/minimum are Eigen's scalar_max_op/scalar_min_op<T, T, PropagateNaN>: std::max(a, b)
    // on scalars and pmax(a, b) = _mm_max_ps(b, a) on packets, a at a tie (so NaN first, then the first operand).
    for (const convention of ['torch', 'tf'] as const) {
      const a = c.fromArray([0, -0, NaN, 1], 'float32'), b = c.fromArray([-0, 0, 1, NaN], 'float32');
      expect(signed(c.maximum(a, b, { convention }))).toEqual([0, '-0', NaN, NaN]);
      expect(signed(c.minimum(a, b, { convention }))).toEqual([0, '-0', NaN, NaN]);
      expect(signed(c.maximum(b, a, { convention }))).toEqual(['-0', 0, NaN, NaN]);
    }
  });

  it('clamp with one tensor bound keeps x at a ±0 tie', () => {
    // torch.clamp(torch.tensor([0.]), max=torch.tensor([-0.])) -> tensor([0.]); torch.clamp(torch.tensor([-0.]), min=torch.tensor([0.])) -> tensor([-0.])
    expect(signed(c.clampTensor(c.fromArray([0], 'float32'), null, c.fromArray([-0], 'float32')))).toEqual([0]);
    expect(signed(c.clampTensor(c.fromArray([-0], 'float32'), c.fromArray([0], 'float32'), null))).toEqual(['-0']);
  });

  it("a float32 clamp's gradient mask compares with the bound converted to float32", () => {
    // x = torch.tensor([1e-45, 0., -1.], requires_grad=True); torch.clamp(x, max=1e-45).backward(torch.ones(3)); x.grad -> tensor([1., 1., 1.])
    const x = leaf([1e-45, 0, -1], 'float32');
    expect(grad(c.clamp(x, null, 1e-45), [1, 1, 1], x)).toEqual([1, 1, 1]);
    // x = torch.tensor([1., 1.00000001], requires_grad=True); torch.clamp(x, min=1.00000001).backward(torch.ones(2)); x.grad -> tensor([1., 1.])
    const y = leaf([1, 1.00000001], 'float32');
    expect(grad(c.clampMin(y, 1.00000001), [1, 1], y)).toEqual([1, 1]);
    // float64 compares with the number itself: 1 < 1.00000001
    const z = leaf([1, 1.00000001], 'float64');
    expect(grad(c.clampMin(z, 1.00000001), [1, 1], z)).toEqual([0, 1]);
  });
});
