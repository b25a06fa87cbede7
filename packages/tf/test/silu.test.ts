// tf.nn.silu / tf.nn.swish: values and gradients against the closed forms computed here in float64 (x sigmoid(bx),
// d/dx = s (1 + bx (1 - s))); the core's registry tests check its first and second derivatives by finite differences.
import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';

const X = [-800, -6, -1.25, 0, 0.5, 3, 40];
const sig = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

describe('tf.nn.silu', () => {
  for (const beta of [1, 1.5]) {
    it(`beta ${beta}: x sigmoid(beta x) and TF's gradient`, () => {
      const x = tf.constant(X, tf.float64);
      const tape = new tf.GradientTape();
      tape.watch(x);
      const y = tape.record(() => tf.nn.silu(x, beta));
      (y.numpy() as number[]).forEach((v, i) => expect(v).toBeCloseTo(X[i]! * sig(beta * X[i]!), 12));
      const g = tape.gradient(y, x)!.numpy() as number[];
      g.forEach((v, i) => {
        const s = sig(beta * X[i]!);
        expect(v).toBeCloseTo(s * (1 + beta * X[i]! * (1 - s)), 12);
      });
    });
  }
  it('is tf.nn.swish too, and refuses integer features as the Sigmoid kernel does', () => {
    expect(tf.nn.swish).toBe(tf.nn.silu);
    const e = thrown(() => tf.nn.silu(tf.constant([1, 2], tf.int32)));
    expect(e).toEqual(thrown(() => tf.sigmoid(tf.constant([1, 2], tf.int32))));
    expect(e![0]).toBe('InvalidArgumentError');
  });
});
