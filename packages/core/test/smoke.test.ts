import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const f = (x: c.Tensor) => c.add(c.add(c.add(c.add(c.mul(c.pow(x, 4), 2), c.pow(x, 3)), c.mul(c.square(x), 3)), c.mul(x, 5)), 1);

describe('the notebook polynomial through the core engine', () => {
  it('gives y = 63 and dy/dx = 8x^3 + 3x^2 + 6x + 5 = 93 at x = 2 (hand derivation)', () => {
    const x = c.scalar(2);
    x.requiresGrad = true;
    const y = f(x);
    c.backward([y], [c.scalar(1)], { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false });
    expect(y.data[0]).toBe(63);
    expect(x.grad!.data[0]).toBe(8 * 8 + 3 * 4 + 6 * 2 + 5);
  });
  it('gives d2y/dx2 = 24x^2 + 6x + 6 = 114 through nested tapes', () => {
    const v = c.scalar(2);
    const t2 = new c.Tape(), t1 = new c.Tape();
    const dy = t2.run(() => {
      t2.watch(v);
      const y = t1.run(() => { t1.watch(v); return f(v); });
      return c.backward([y], [c.scalar(1)], { tape: t1, sources: [v], accumulate: null, retainGraph: true, createGraph: true })[0]!;
    });
    const d2 = c.backward([dy], [c.scalar(1)], { tape: t2, sources: [v], accumulate: null, retainGraph: true, createGraph: true })[0]!;
    expect(dy.data[0]).toBe(93);
    expect(d2.data[0]).toBe(24 * 4 + 6 * 2 + 6);
  });
});
