import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';

// The founding notebook's TensorFlow cells (../shared/seed/gradients-in-tensorflow.pl.md) with its printed values.
const f = (x: tf.Tensor | tf.Variable) => x.pow(4).mul(2).add(x.pow(3)).add(x.square().mul(3)).add(x.mul(5)).add(1);

describe('the notebook, TensorFlow cells', () => {
  it('a Variable gives y = 63 and dy/dx = 93 at x = 2', () => {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => f(x));
    const dy_dx = tape.gradient(y, x)!;
    expect(y.numpy()).toBe(63);
    expect(dy_dx.numpy()).toBe(93);
    expect(String(y)).toBe('tf.Tensor(63.0, shape=(), dtype=float32)');
  });

  it('a watched constant gives the same 63 and 93', () => {
    const x = tf.constant(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return f(x); });
    expect(y.numpy()).toBe(63);
    expect(tape.gradient(y, x)!.numpy()).toBe(93);
  });

  it('the gradient of sum(x^2) is 2x and prints as NumPy does', () => {
    const x = new tf.Variable([[1, 2, 3], [4, 5, 6]]);
    const tape = new tf.GradientTape();
    const z = tape.record(() => { tape.watch(x); const y = tf.square(x); return tf.reduce_sum(y); });
    const dz_dx = tape.gradient(z, x)!;
    expect(dz_dx.numpy()).toEqual([[2, 4, 6], [8, 10, 12]]);
    expect(String(dz_dx)).toBe('tf.Tensor(\n[[ 2.  4.  6.]\n [ 8. 10. 12.]], shape=(2, 3), dtype=float32)');
  });

  it('mean((3x + 2)^2) over ones(2, 3) is 25 with gradient 5 everywhere', () => {
    const x = new tf.Variable(tf.ones([2, 3]));
    const tape = new tf.GradientTape();
    const y3 = tape.record(() => {
      tape.watch(x);
      const y1 = x.mul(3).add(2);
      const y2 = tf.square(y1);
      return tf.reduce_mean(y2);
    });
    const g = tape.gradient(y3, x)!;
    expect(y3.numpy()).toBe(25);
    expect(g.numpy()).toEqual([[5, 5, 5], [5, 5, 5]]);
  });

  it('gradients with respect to a list of variables come back as a list: 4 and 5 at (1, 2)', () => {
    const x = new tf.Variable(1.0);
    const y = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const f_val = tape.record(() => x.pow(2).add(x.mul(y)).add(y.pow(2)));
    const grads = tape.gradient(f_val, [x, y]);
    expect(grads.map((g) => g!.numpy())).toEqual([4, 5]);
  });

  it('nested tapes give dy/dx = 93 and d2y/dx2 = 114', () => {
    const x = new tf.Variable(2.0);
    const tape2 = new tf.GradientTape({ persistent: true });
    const tape1 = new tf.GradientTape();
    const dy_dx = tape2.record(() => {
      const y = tape1.record(() => f(x));
      return tape1.gradient(y, x)!;
    });
    const d2y_dx2 = tape2.gradient(dy_dx, x)!;
    expect(dy_dx.numpy()).toBe(93);
    expect(d2y_dx2.numpy()).toBe(114); // 24x^2 + 6x + 6 at 2
  });

  it('f(0) is 1 for the polynomial (the notebook printed 25 from an f redefined as (x - 5)^2)', () => {
    expect(f(tf.constant(0)).numpy()).toBe(1);
    expect(tf.constant(0).sub(5).square().numpy()).toBe(25);
  });
});
