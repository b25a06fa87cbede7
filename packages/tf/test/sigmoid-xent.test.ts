// tf.nn.sigmoid_cross_entropy_with_logits: values and gradients against the closed forms (computed here in float64:
// loss log(1 + exp(x)) - x z, d/dx sigmoid(x) - z, d/dz -x), and the checks of nn_impl.py's composition. The value
// and first gradient are also compared with TensorFlow.js in tests/oracle/tfjs.test.ts.
import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';

const X = [-30, -2.5, -0.3, 0, 0.7, 4, 35];
const Z = [0, 1, 0.25, 0.5, 1, 0, 0.75];
const loss = (x: number, z: number): number => Math.max(x, 0) - x * z + Math.log1p(Math.exp(-Math.abs(x)));

describe('tf.nn.sigmoid_cross_entropy_with_logits', () => {
  it('computes the logistic loss without overflow, and its gradients for logits and labels', () => {
    const x = tf.constant(X, tf.float64), z = tf.constant(Z, tf.float64);
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch([x, z]);
    const y = tape.record(() => tf.nn.sigmoid_cross_entropy_with_logits({ labels: z, logits: x }));
    const got = y.numpy() as number[];
    X.forEach((v, i) => expect(got[i]).toBeCloseTo(loss(v, Z[i]!), 12));
    const [gx, gz] = tape.gradient(y, [x, z]) as tf.Tensor[];
    const sig = (v: number): number => 1 / (1 + Math.exp(-v));
    // at x = 0 the where picks the x >= 0 branch: relu's slope 1 and -|x|'s -1, so 1 - z - sigmoid(0) = sigmoid(0) - z
    (gx!.numpy() as number[]).forEach((v, i) => expect(v).toBeCloseTo(sig(X[i]!) - Z[i]!, 12));
    (gz!.numpy() as number[]).forEach((v, i) => expect(v).toBeCloseTo(-X[i]!, 12));
  });

  it("refuses what nn_impl.py and its ops refuse, in TensorFlow's words", () => {
    // nn_impl.py: ValueError(f"`logits` and `labels` must have the same shape, received ({logits.get_shape()} vs {labels.get_shape()}).")
    expect(thrown(() => tf.nn.sigmoid_cross_entropy_with_logits({ labels: tf.constant([1, 0]), logits: tf.constant([1, 2, 3]) })))
      .toEqual(['ValueError', '`logits` and `labels` must have the same shape, received ((3,) vs (2,)).']);
    // the composition's Mul of float32 logits and float64 labels: the eager executor's input type error
    expect(thrown(() => tf.nn.sigmoid_cross_entropy_with_logits({ labels: tf.constant([1, 0], tf.float64), logits: tf.constant([1, 2]) })))
      .toEqual(['InvalidArgumentError', 'cannot compute Mul as input #1(zero-based) was expected to be a float tensor but is a double tensor [Op:Mul]']);
  });
});
