import { describe, expect, it } from 'vitest';
import * as core from '@twingrad/core';
import * as tf from '@twingrad/tf';
import { CORE_NAMES } from '../src/ops.js';

const grad = (f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor) => {
  const tape = new tf.GradientTape();
  const y = tape.record(() => { tape.watch(x); return f(x); });
  return tape.gradient(y, x)!.numpy();
};

describe('ops under TensorFlow\'s names', () => {
  it('every op of the core registry has a TF name here (or a stated reason for none), and each name exists', () => {
    const missing = [...core.registry.keys()].filter((n) => !(n in CORE_NAMES));
    expect(missing).toEqual([]);
    for (const name of Object.values(CORE_NAMES)) {
      if (name === null) continue;
      const fn = name.split('.').reduce<any>((o, k) => o?.[k], tf);
      expect(typeof fn, name).toBe('function');
    }
  });

  it('arithmetic accepts numbers on either side and Python operators read as methods', () => {
    const x = tf.constant([1, 2]);
    expect(tf.subtract(10, x).numpy()).toEqual([9, 8]);
    expect(x.rdiv(1).numpy()).toEqual([1, 0.5]);
    expect(x.pow(2).mul(3).sub(1).numpy()).toEqual([2, 11]);
    expect(tf.math.divide(x, 4).numpy()).toEqual([0.25, 0.5]);
  });

  it('maximum gives the whole gradient to x at ties (TF), minimum too', () => {
    const x = tf.constant([1, 2]), y = tf.constant([1, 1]);
    const tape = new tf.GradientTape({ persistent: true });
    const [m, n] = tape.record(() => { tape.watch([x, y]); return [tf.maximum(x, y), tf.minimum(x, y)] as const; });
    expect(tape.gradient(m, [x, y]).map((g) => g!.numpy())).toEqual([[1, 1], [0, 0]]);
    expect(tape.gradient(n, [x, y]).map((g) => g!.numpy())).toEqual([[1, 0], [0, 1]]);
  });

  it('reduce_max splits the gradient evenly among tied maxima (TF)', () => {
    expect(grad((x) => tf.reduce_max(x), tf.constant([1, 3, 3]))).toEqual([0, 0.5, 0.5]);
  });

  it('pow\'s gradient in the exponent is 0 where the base is <= 0 (TF masks the log)', () => {
    const x = tf.constant(-1.0), y = tf.constant(2.0);
    const tape = new tf.GradientTape();
    const z = tape.record(() => { tape.watch(y); return tf.pow(x, y); });
    expect(tape.gradient(z, y)!.numpy()).toBe(0);
  });

  it('leaky_relu\'s default alpha is 0.2 and gelu is exact by default', () => {
    expect(tf.nn.leaky_relu([-1, 2]).numpy()).toEqual([Math.fround(-0.2), 2]);
    expect(tf.nn.gelu(tf.constant(1, 'float64')).numpy()).toBeCloseTo(0.8413447460685429, 14);
  });

  it('softplus has no threshold: its gradient at 25 is sigmoid(25), not 1', () => {
    expect(grad((x) => tf.math.softplus(x), tf.constant(25, 'float64'))).toBe(1 / (1 + Math.exp(-25)));
  });

  it('reductions take axis and keepdims, positionally or as Python keywords', () => {
    const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
    expect(tf.reduce_sum(x, 0).numpy()).toEqual([5, 7, 9]);
    expect(tf.reduce_sum(x, { axis: 1, keepdims: true }).numpy()).toEqual([[6], [15]]);
    expect(tf.reduce_mean(x).numpy()).toBe(3.5);
    expect(tf.reduce_prod(x, 1).numpy()).toEqual([6, 120]);
    expect(tf.reduce_min(x, -1).numpy()).toEqual([1, 4]);
    expect(x.max().numpy()).toBe(6);
  });

  it('reduce_variance and reduce_std are population statistics (correction 0): 1.25 for [1, 2, 3, 4]', () => {
    const x = tf.constant([1, 2, 3, 4], 'float64');
    expect(tf.math.reduce_variance(x).numpy()).toBe(1.25);
    expect(tf.math.reduce_std(x).numpy()).toBe(Math.sqrt(1.25));
  });

  it('reduce_logsumexp and reduce_euclidean_norm match their definitions', () => {
    const x = tf.constant([0, 0], 'float64');
    expect(tf.reduce_logsumexp(x).numpy()).toBeCloseTo(Math.log(2), 14);
    expect(tf.math.reduce_euclidean_norm(tf.constant([3, 4])).numpy()).toBe(5);
    expect(tf.norm(tf.constant([[3, 0], [0, 4]])).numpy()).toBe(5);
  });

  it('argmax reduces axis 0 by default', () => {
    expect(tf.argmax(tf.constant([[1, 9], [5, 2]])).numpy()).toEqual([1, 0]);
    expect(tf.math.argmin(tf.constant([[1, 9], [5, 2]]), 1).numpy()).toEqual([0, 1]);
  });

  it('matmul follows transpose_a / transpose_b', () => {
    const a = tf.constant([[1, 2], [3, 4]]);
    expect(tf.matmul(a, a).numpy()).toEqual([[7, 10], [15, 22]]);
    expect(tf.linalg.matmul(a, a, { transpose_a: true }).numpy()).toEqual([[10, 14], [14, 20]]);
    expect(a.matmul(tf.eye(2)).numpy()).toEqual([[1, 2], [3, 4]]);
  });

  it('shape ops: reshape, transpose, concat, stack, expand_dims, squeeze, split, slice, gather, pad, cast', () => {
    const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
    expect(tf.reshape(x, [3, -1]).shape).toEqual([3, 2]);
    expect(tf.transpose(x).numpy()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(tf.concat([x, x], 1).shape).toEqual([2, 6]);
    expect(tf.stack([x, x]).shape).toEqual([2, 2, 3]);
    expect(tf.expand_dims(x, 0).shape).toEqual([1, 2, 3]);
    expect(tf.squeeze(tf.ones([1, 2, 1])).shape).toEqual([2]);
    expect(tf.split(x, 3, 1).map((p) => p.numpy())).toEqual([[[1], [4]], [[2], [5]], [[3], [6]]]);
    expect(tf.slice(x, [0, 1], [-1, 2]).numpy()).toEqual([[2, 3], [5, 6]]);
    expect(tf.gather(x, [1, 0]).numpy()).toEqual([[4, 5, 6], [1, 2, 3]]);
    expect(tf.pad(tf.constant([1]), [[1, 1]]).numpy()).toEqual([0, 1, 0]);
    expect(tf.cast(tf.constant([1.7, -1.7]), tf.int32).numpy()).toEqual([1, -1]);
  });

  it('squeezing an axis whose size is not 1 is an error, as in TF', () => {
    expect(() => tf.squeeze(tf.ones([2, 1]), 0)).toThrow();
  });

  it('where picks elementwise and its gradient reaches only the chosen branch', () => {
    const x = tf.constant([1, 2, 3]);
    expect(tf.where(tf.greater(x, 1), x, tf.zeros([3])).numpy()).toEqual([0, 2, 3]);
    expect(grad((t) => tf.reduce_sum(tf.where(tf.greater(t, 1), t.mul(2), t)), x)).toEqual([1, 2, 2]);
  });

  it('softmax, log_softmax and the cross entropies match hand values: uniform logits give log 2', () => {
    const logits = tf.constant([[0, 0]], 'float64');
    expect(tf.nn.softmax(logits).numpy()).toEqual([[0.5, 0.5]]);
    expect(tf.nn.log_softmax(logits).numpy()[0][0]).toBeCloseTo(-Math.log(2), 14);
    expect(tf.nn.softmax_cross_entropy_with_logits({ labels: [[1, 0]], logits }).numpy()[0]).toBeCloseTo(Math.log(2), 14);
    expect(tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant([1], tf.int32), logits }).numpy()[0]).toBeCloseTo(Math.log(2), 14);
  });

  it('the tf.math functions match their definitions at a point', () => {
    const x = tf.constant(0.5, 'float64');
    const m = tf.math;
    expect([m.log1p, m.expm1, m.rsqrt, m.reciprocal, m.tan, m.erf].map((f) => f(x).numpy())).toEqual([
      Math.log1p(0.5), Math.expm1(0.5), 1 / Math.sqrt(0.5), 2, Math.tan(0.5), expect.closeTo(0.5204998778130465, 14),
    ]);
    expect(m.atan2(tf.constant(1, 'float64'), tf.constant(-1, 'float64')).numpy()).toBe(Math.atan2(1, -1));
  });

  it('clip_by_value clips to the bounds', () => {
    expect(tf.clip_by_value([-2, 0.5, 3], -1, 1).numpy()).toEqual([-1, 0.5, 1]);
  });
});
