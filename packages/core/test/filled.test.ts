/**
 * Tensors that store one number for all their elements (`Tensor.filled`, what broadcastTo gives for a one-element
 * input, e.g. a reduction's gradient): every op must see exactly the values of the same tensor with its elements
 * written out. Each check compares against a dense copy (fromArray of the same values), bit for bit.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';

const same = (a: number, b: number) => Object.is(a, b);
const bits = (t: c.Tensor) => Array.from(t.data);
const filled = (shape: number[], v: number, dtype: c.DType = 'float32') => c.broadcastTo(c.full([], v, dtype), shape);
const dense = (shape: number[], v: number, dtype: c.DType = 'float32') => c.full(shape, v, dtype);

function expectSame(a: c.Tensor, b: c.Tensor, what: string): void {
  expect(a.dtype, what).toBe(b.dtype);
  expect(a.shape, what).toEqual(b.shape);
  const x = bits(a), y = bits(b);
  for (let i = 0; i < x.length; i++) if (!same(x[i]!, y[i]!)) expect.fail(`${what}: element ${i} is ${x[i]}, expected ${y[i]}`);
}

describe('tensors filled with one number', () => {
  it('broadcastTo of a one-element tensor stores nothing until read, then every element (signs of zero kept)', () => {
    const t = filled([2, 3], -0);
    expect(t._data).toBeNull();
    expect(t.size).toBe(6);
    expect(bits(t).every((v) => Object.is(v, -0))).toBe(true);
    expect(t._data).not.toBeNull();
    const u = filled([4], 1 / 3, 'float64');
    expect(bits(u)).toEqual([1 / 3, 1 / 3, 1 / 3, 1 / 3]);
    expect(bits(filled([3], 1 / 3))).toEqual(Array(3).fill(Math.fround(1 / 3)));
  });

  it('every registered binary and comparison op gives what it gives on the written-out tensor, on either side', () => {
    const ops = [...c.registry.values()].filter((o) => (o.family === 'binary' || o.family === 'compare') && o.fn);
    expect(ops.length).toBeGreaterThan(10);
    fc.assert(fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (u, v) => {
      const other = c.fromArray([[v, -v, 0.5], [2, -0, v * 3]]);
      for (const op of ops) {
        const f = op.fn!;
        expectSame(f(filled([2, 3], u), other), f(dense([2, 3], u), other), `${op.name}(filled ${u}, x)`);
        expectSame(f(other, filled([2, 3], u)), f(other, dense([2, 3], u)), `${op.name}(x, filled ${u})`);
        expectSame(f(filled([2, 3], u), filled([2, 3], v)), f(dense([2, 3], u), dense([2, 3], v)), `${op.name}(filled, filled)`);
        // broadcasting against a filled operand of another shape
        expectSame(f(filled([3], u), other), f(dense([3], u), other), `${op.name}(filled [3], x [2, 3])`);
      }
    }), { numRuns: 40 });
  });

  it('numbers beside a filled tensor, unary ops and reductions read the same values', () => {
    fc.assert(fc.property(fc.double({ min: -3, max: 3, noNaN: true }), (u) => {
      const f = filled([5], u), d = dense([5], u);
      expectSame(c.mul(f, 1.5), c.mul(d, 1.5), 'mul(filled, number)');
      expectSame(c.sub(2, f), c.sub(2, d), 'sub(number, filled)');
      for (const op of [...c.registry.values()].filter((o) => o.family === 'unary' && o.fn)) {
        expectSame(op.fn!(f), op.fn!(d), `${op.name}(filled)`);
      }
      expectSame(c.sum(f), c.sum(d), 'sum');
      expectSame(c.reshape(f, [5, 1]), c.reshape(d, [5, 1]), 'reshape');
    }), { numRuns: 30 });
  });

  it('addInto (the .grad accumulator) gives the dense result whichever side is filled, and keeps filled + filled unstored', () => {
    const a = filled([3], 0.25);
    c.addInto(a, filled([3], 0.5));
    expect(a._data).toBeNull();
    expect(bits(a)).toEqual([0.75, 0.75, 0.75]);
    const b = filled([3], 0.25);
    c.addInto(b, c.fromArray([1, 2, 3]));
    expect(bits(b)).toEqual([1.25, 2.25, 3.25]);
    const d = c.fromArray([1, 2, 3]);
    c.addInto(d, filled([3], 0.5));
    expect(bits(d)).toEqual([1.5, 2.5, 3.5]);
  });

  it("sum's gradient is filled and gives the written-out gradient downstream (d sum(tanh(x)^2) = 2 tanh(x)(1 - tanh(x)^2))", () => {
    const x = c.fromArray([-1.5, -0.25, 0, 0.5, 2]);
    x.requiresGrad = true;
    const t = c.tanh(x);
    const y = c.sum(c.square(t));
    const [g] = c.backward([y], [c.scalar(1)], { tape: null, sources: [x], accumulate: null, retainGraph: false, createGraph: false });
    const expected = bits(t).map((v) => 2 * v * (1 - v * v));
    bits(g!).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });
});
