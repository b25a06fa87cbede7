/**
 * The scalar path: one-element tensors keep their element as a number and run their kernels through scratch
 * arrays (ops/define.ts), and pow's fused gradient. Each is checked against the path it replaces: the same op on
 * a two-element array (whose kernels read and write typed arrays), and pow's rule written in primitives.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';

const DTYPES = ['float32', 'float64', 'int32'] as const;
/** Bit-level equality: NaN equals NaN, +0 differs from -0. */
const same = (a: number, b: number) => Object.is(a, b);

function pair(dtype: c.DType, v: number): [c.Tensor, c.Tensor] {
  const one = c.full([], v, dtype);
  const two = c.full([2], v, dtype);
  return [one, two];
}

describe('one-element tensors without an array', () => {
  it('unary and binary ops give what the array path gives, bit for bit', () => {
    const unary = [c.neg, c.abs, c.exp, c.log, c.sqrt, c.tanh, c.sigmoid, c.relu, c.square, (x: c.Tensor) => c.powScalar(x, 3)];
    const binary = [c.add, c.sub, c.mul, c.div, c.maximum, c.minimum, c.gt, c.eq, (x: c.Tensor, y: c.Tensor) => c.powTensor(x, y)];
    fc.assert(fc.property(fc.constantFrom(...DTYPES), fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true }), (dtype, u, v) => {
      const [x1, x2] = pair(dtype, u);
      const [y1, y2] = pair(dtype, v);
      for (const f of unary) {
        const a = f(x1), b = f(x2);
        expect(a.dtype).toBe(b.dtype);
        if (!same(a.first, b.data[0]!)) expect.fail(`${f.name}(${u}) ${dtype}: ${a.first} vs ${b.data[0]}`);
      }
      for (const f of binary) {
        const a = f(x1, y1), b = f(x2, y2);
        expect(a.dtype).toBe(b.dtype);
        if (!same(a.first, b.data[0]!)) expect.fail(`${f.name}(${u}, ${v}) ${dtype}: ${a.first} vs ${b.data[0]}`);
      }
      // a number beside a tensor, on either side
      for (const f of [c.add, c.sub, c.mul, c.div]) {
        if (!same(f(x1, v).first, f(x2, v).data[0]!) || !same(f(v, x1).first, f(v, x2).data[0]!)) expect.fail(`${f.name} with ${v}`);
      }
    }), { numRuns: 200 });
  });

  it('keeps the element rounded to its dtype, and gives the same array when asked for one', () => {
    expect(c.full([], 0.1).first).toBe(Math.fround(0.1));
    expect(c.full([], 0.1, 'float64').first).toBe(0.1);
    expect(c.full([], 2.7, 'int32').first).toBe(2);
    const t = c.mul(c.full([], 1.5), 3);
    expect(t._data).toBeNull();
    expect(Array.from(t.data)).toEqual([4.5]);
    expect(t.data).toBe(t.data); // made once
    expect(t.data).toBeInstanceOf(Float32Array);
  });

  it('a write through the array is what later ops read', () => {
    const t = c.full([1], 2);
    t.data[0] = 5;
    expect(c.mul(t, 2).first).toBe(10);
    const v = t.view([]);
    v.data[0] = 7; // a view shares the storage
    expect(t.first).toBe(7);
  });

  it('the accumulator adds into a one-element gradient as into an array', () => {
    const g = c.full([], 0.1);
    c.addInto(g, c.full([], 0.2));
    const h = c.full([2], 0.1);
    c.addInto(h, c.full([2], 0.2));
    expect(g.first).toBe(h.data[0]);
    expect(g.version).toBe(1);
  });
});

describe('pow_backward', () => {
  it("equals pow's rule in primitives bit for bit: TF's mul(mul(g, p), pow(x, p - 1)), PyTorch's mul(g, mul(pow(x, p - 1), p))", () => {
    const powers = [-2, -1, -0.5, 0.5, 1, 2, 3, 4, 7, 9, 2.5];
    fc.assert(fc.property(fc.constantFrom('float32', 'float64'), fc.constantFrom(...powers), fc.integer({ min: 1, max: 70 }), fc.boolean(), fc.boolean(), (dtype, p, n, scalarX, tf) => {
      const g = c.randomUniform([n], -3, 3, dtype as c.DType);
      const x = c.randomUniform(scalarX ? [] : [n], -2, 2, dtype as c.DType);
      const fused = c.powBackward(g, x, { p, tf });
      const composed = tf ? c.mul(c.mul(g, p), c.powScalar(x, p - 1, 'tf')) : c.mul(g, c.mul(c.powScalar(x, p - 1), p));
      for (let i = 0; i < n; i++) if (!same(fused.data[i]!, composed.data[i]!)) expect.fail(`p=${p} ${dtype}: ${fused.data[i]} vs ${composed.data[i]}`);
    }), { numRuns: 150 });
  });

  it('is g * 0 for p = 0, as the rule was (NaN and infinite g give NaN)', () => {
    const g = c.fromArray([1, Number.NaN, Number.POSITIVE_INFINITY, -2]);
    expect(Array.from(c.powBackward(g, c.fromArray([0, 1, 2, 3]), { p: 0 }).data)).toEqual([0, Number.NaN, Number.NaN, -0]);
  });
});
