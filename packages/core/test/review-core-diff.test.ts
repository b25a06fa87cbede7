// Core fixes for the review of the core and torch diff (/tmp/review_diff_core.md): what elu saves under each convention
// (item 2) and random draws that rounding would put on the upper bound (item 5). The facade's side is in
// packages/torch/test/review-core-diff.test.ts. Values marked PyTorch 1.13 were printed by /usr/bin/python3.
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const NONE: c.BackwardOptions = { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false };
const leaf = (vals: number[]): c.Tensor => {
  const t = c.fromArray(vals, 'float64');
  t.requiresGrad = true;
  return t;
};
const addOne = (t: c.Tensor): c.Tensor => c.inplace('add_', t, [], (old) => c.add(old, 1));

describe('item 2: elu saves what its rule reads', () => {
  it("PyTorch's rule reads x only: the result may change in place", () => {
    // x = torch.tensor([1.5, -2], requires_grad=True); y = F.elu(x.mul(1)); y.add_(1); y.sum().backward(); x.grad
    //   ->   tensor([1.0000, 0.1353])
    const x = leaf([1.5, -2]);
    const y = c.elu(c.mul(x, 1));
    expect(y.node!.name).toBe('EluBackward0');
    addOne(y);
    c.backward([c.sum(y)], [c.scalar(1, 'float64')], NONE);
    expect(Array.from(x.grad!.data)).toEqual([1, Math.exp(-2)]);
  });

  it("TensorFlow's rule reads the result, so its node still checks the result's version", () => {
    const x = leaf([1.5, -2]);
    const y = c.elu(c.mul(x, 1), 1, 'tf');
    expect(y.node!.name).toBe('EluBackward0');
    // unchanged, the same gradient: 1 and elu(-2) + 1 = exp(-2)
    c.backward([c.sum(y)], [c.scalar(1, 'float64')], { ...NONE, retainGraph: true });
    expect(x.grad!.data[0]).toBe(1);
    expect(x.grad!.data[1]).toBeCloseTo(Math.exp(-2), 15);
    addOne(y);
    expect(() => c.backward([c.sum(y)], [c.scalar(1, 'float64')], NONE)).toThrow('modified by an inplace operation');
  });

  it("TensorFlow's rule is recorded on a tape as before", () => {
    const x = c.fromArray([1.5, -2], 'float64');
    const t = new c.Tape();
    const y = t.run(() => { t.watch(x); return c.elu(x, 1, 'tf'); });
    const [g] = c.backward([y], [c.ones([2], 'float64')], { ...NONE, tape: t, sources: [x] });
    expect(g!.data[0]).toBe(1);
    expect(g!.data[1]).toBeCloseTo(Math.exp(-2), 15);
  });
});

describe('item 5: uniform draws stay below the upper bound', () => {
  // NOTE: with this seed the first double draw is 0.99999998523..., which float32 rounds to 1
  const SEED = 30770746;

  it('float32 on [1, 2): the largest float32 below 2, the other draws unchanged', () => {
    // PyTorch 1.13: torch.empty(10**7).uniform_(1, 2).max().item()   ->   1.9999998807907104 (< 2)
    // torch.nextafter(torch.tensor(2.), torch.tensor(0.)).item()   ->   1.9999998807907104
    c.seed(SEED);
    const u = Array.from({ length: 3 }, () => c.uniform01());
    expect(Math.fround(1 + u[0]!)).toBe(2);
    c.seed(SEED);
    expect(Array.from(c.randomUniform([3], 1, 2, 'float32').data)).toEqual([1.9999998807907104, Math.fround(1 + u[1]!), Math.fround(1 + u[2]!)]);
  });

  it('float64 where the bounds leave a coarse step: the largest float64 below hi', () => {
    // torch.nextafter(torch.tensor(2.**40 + 1, dtype=torch.float64), torch.tensor(0., dtype=torch.float64)).item()
    //   ->   1099511627776.9998
    c.seed(SEED);
    expect(2 ** 40 + c.uniform01()).toBe(2 ** 40 + 1);
    c.seed(SEED);
    expect(c.randomUniform([1], 2 ** 40, 2 ** 40 + 1, 'float64').data[0]).toBe(1099511627776.9998);
  });

  it('lo == hi still gives lo', () => {
    // torch.empty(2).uniform_(3, 3)   ->   tensor([3., 3.])
    expect(Array.from(c.randomUniform([2], 3, 3, 'float32').data)).toEqual([3, 3]);
  });
});
