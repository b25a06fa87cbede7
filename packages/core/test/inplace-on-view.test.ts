// core inplaceOnView: an in-place op on a view (sharing its base's storage, or a copy holding its own that shares the
// base's version counter), as PyTorch runs it: the base takes the values at the view's positions and a CopySlices
// history; gradients by hand (the function is linear in each case) and against the same function written out of place.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';

const leaf = (v: number[]): c.Tensor => {
  const t = c.fromArray(v, 'float64');
  t.requiresGrad = true;
  return t;
};
const grads = (y: c.Tensor, xs: c.Tensor[]): number[][] =>
  c.backward([c.sum(y)], [c.scalar(1, 'float64')], { tape: null, sources: xs, accumulate: null, retainGraph: false, createGraph: false })
    .map((g) => (g === null ? [] : Array.from(g.data)));

describe('inplaceOnView', () => {
  it('on a view over the base storage: CopySlices on the base, AsStridedBackward0 on the view, one version bump', () => {
    const a = leaf([1, 2, 3, 4]);
    const base = c.mul(a, 2);
    const v = c.reshape(base, [2, 2]); // a recorded view over base's storage
    expect(v.data).toBe(base.data);
    c.inplaceOnView('mul_', v, base, c.arange(0, 4, 1, 'int32').view([2, 2]), [], (x) => c.mul(x, 3));
    expect([base.node!.name, v.node!.name, base.version, v.version, Array.from(base.data)]).toEqual(['CopySlices', 'AsStridedBackward0', 1, 1, [6, 12, 18, 24]]);
    // d/da sum(3 * 2a) = 6
    expect(grads(base, [a])).toEqual([[6, 6, 6, 6]]);
  });

  it('on a copy at some positions: the base takes its values there, the gradient splits between the base and the operand', () => {
    const a = leaf([1, 2, 3, 4]), w = leaf([10, 20]);
    const base = c.mul(a, 1);
    const index = c.fromArray([3, 1], 'int32');
    const y = c.asStrided(base, index);
    y.counter = base.counter;
    c.inplaceOnView('mul_', y, base, index, [w], (x) => c.mul(x, w));
    expect([base.node!.name, Array.from(base.data), base.version]).toEqual(['CopySlices', [1, 40, 3, 40], 1]);
    // sum(base) = a0 + a1 w1 + a2 + a3 w0
    expect(grads(base, [a, w])).toEqual([[1, 20, 1, 10], [4, 2]]);
  });

  it('agrees with the same function written out of place (random positions and values)', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 1, maxLength: 6 }),
      fc.double({ min: -4, max: 4, noNaN: true }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      (values, s, picks) => {
        const n = values.length;
        const positions = [...new Set(picks.map((p) => p % n))];
        const index = c.fromArray(positions, 'int32');
        const a = leaf(values), k = leaf([s]);
        // (sin saves its input: a function that saves its output, as tanh does, would refuse the write at backward)
        const base = c.sin(a);
        const y = c.asStrided(base, index);
        y.counter = base.counter;
        c.inplaceOnView('mul_', y, base, index, [k], (x) => c.mul(x, c.reshape(k, [])));
        // out of place: sin(a) with the picked entries times k
        const mask = c.fromArray(values.map((_, i) => (positions.includes(i) ? 1 : 0)), 'float64');
        const a2 = leaf(values), k2 = leaf([s]);
        const t = c.sin(a2);
        const expected = c.add(c.mul(t, c.sub(1, mask)), c.mul(c.mul(t, mask), c.reshape(k2, [])));
        // (+ 0: the out-of-place form adds a zero where the in-place one gives 0 * k, which may be -0)
        expect(Array.from(base.data, (v) => v + 0)).toEqual(Array.from(expected.data, (v) => v + 0));
        const [ga, gk] = grads(base, [a, k]), [ea, ek] = grads(expected, [a2, k2]);
        ga!.forEach((g, i) => expect(g).toBeCloseTo(ea![i]!, 12));
        expect(gk![0]).toBeCloseTo(ek![0]!, 12);
      }));
  });

  it('unrecorded: writes the base at the positions, one version bump, no history', () => {
    const base = c.fromArray([1, 2, 3], 'float32');
    const index = c.fromArray([2, 0], 'int32');
    const y = c.asStrided(base, index);
    y.counter = base.counter;
    c.inplaceOnView('add_', y, base, index, [], (x) => c.add(x, 5));
    expect([Array.from(base.data), base.version, base.node]).toEqual([[6, 2, 8], 1, null]);
  });

  it("refuses a view of a leaf that requires grad with PyTorch's check", () => {
    const a = leaf([1, 2]);
    const v = a.view([2]);
    expect(() => c.inplaceOnView('add_', v, a, c.arange(0, 2, 1, 'int32'), [], (x) => c.add(x, 1)))
      .toThrow('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  });
});
