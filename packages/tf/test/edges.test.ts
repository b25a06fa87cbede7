import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';

// TensorFlow's own rules at edges where PyTorch differs (docs/divergences.md): reduce_std is
// sqrt(reduce_variance) and the euclidean norm sqrt(sum(x^2)), neither masked, so at a constant slice or
// the zero vector their gradients are 0 * inf and 0/0: NaN (PyTorch masks both to 0).
describe('TensorFlow edge conventions the tf facade follows', () => {
  it('reduce_std of a constant tensor has a NaN gradient, as sqrt(variance) gives in TensorFlow', () => {
    const x = tf.constant([2, 2, 2]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.math.reduce_std(x));
    expect(y.numpy()).toBe(0);
    expect((tape.gradient(y, x)!.numpy() as number[]).every(Number.isNaN)).toBe(true);
  });
  it('tf.norm at the zero vector has a NaN gradient (0/0), and x/|x| elsewhere', () => {
    const z = tf.constant([0, 0]);
    const t1 = new tf.GradientTape();
    t1.watch(z);
    const n0 = t1.record(() => tf.norm(z));
    expect((t1.gradient(n0, z)!.numpy() as number[]).every(Number.isNaN)).toBe(true);
    const x = tf.constant([3, 4]);
    const t2 = new tf.GradientTape();
    t2.watch(x);
    const n = t2.record(() => tf.norm(x));
    expect(t2.gradient(n, x)!.numpy()).toEqual([Math.fround(3 / 5), Math.fround(4 / 5)]);
  });
});
