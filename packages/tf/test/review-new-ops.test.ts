// Findings of a review of the new tf ops against TensorFlow 2's sources: TF converts a list input given as a tensor
// (a reduction's axis, math_ops.py _ReductionDims passes it through to the kernel; ReverseV2's axis and Tile's
// multiples are tensor inputs, reverse_op.cc and tile_ops.cc check only that they are vectors), and All/Any convert a
// value that is no tensor to bool (gen_math_ops.py _all_eager_fallback: convert_to_tensor(input, bool)). Expected
// values are worked out by hand.
import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';

const err = (fn: () => unknown): string => (thrown(fn) ?? ['', 'no error']).join(': ');

describe('list inputs given as tensors', () => {
  const b = tf.constant([[true, false, true], [true, true, true]]);
  const x = tf.constant([[1, 2, 3], [4, 5, 6]]);

  it('a reduction takes its axis as an int32 tensor, with keepdims', () => {
    // all over rows: [F, T]; any over columns, kept: [[T, T, T]]; sum over rows: [6, 15]
    expect(String(tf.reduce_all(b, tf.constant(1, tf.int32)))).toBe('tf.Tensor([False  True], shape=(2,), dtype=bool)');
    expect(String(tf.reduce_any(b, tf.constant([0], tf.int32), true))).toBe('tf.Tensor([[ True  True  True]], shape=(1, 3), dtype=bool)');
    expect(String(tf.reduce_all(b, { axis: tf.constant([1], tf.int32) }))).toBe('tf.Tensor([False  True], shape=(2,), dtype=bool)');
    expect(String(tf.reduce_sum(x, tf.constant(1, tf.int32)))).toBe('tf.Tensor([ 6. 15.], shape=(2,), dtype=float32)');
  });

  it('tile takes its multiples, and reverse its axis, as a 1-D tensor or a keyword', () => {
    expect((tf.tile(x, tf.constant([2, 1], tf.int32)).numpy())).toEqual([[1, 2, 3], [4, 5, 6], [1, 2, 3], [4, 5, 6]]);
    expect(tf.tile(x, tf.shape(x)).shape.as_list()).toEqual([4, 9]);
    expect(tf.tile(x, { multiples: [1, 2] }).numpy()).toEqual([[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]]);
    expect(tf.reverse(x, tf.constant([1], tf.int32)).numpy()).toEqual([[3, 2, 1], [6, 5, 4]]);
    expect(tf.reverse(x, { axis: [0] }).numpy()).toEqual([[4, 5, 6], [1, 2, 3]]);
    // a tensor that is no vector keeps the kernels' texts, with its rank
    expect(err(() => tf.tile(x, tf.constant(2, tf.int32)))).toBe('InvalidArgumentError: Expected multiples to be 1-D, but got shape [] [Op:Tile]');
    expect(err(() => tf.reverse(x, tf.constant([[1]], tf.int32)))).toBe("InvalidArgumentError: 'dims' must be 1-dimension, not 2 [Op:ReverseV2]");
  });

  it('reduce_all and reduce_any convert a list to bool, as their ops take bool alone', () => {
    expect(err(() => tf.reduce_all([1, 0]))).toBe('TypeError: Cannot convert [1, 0] to EagerTensor of dtype bool');
    expect(err(() => tf.math.reduce_any([1.5]))).toBe('TypeError: Cannot convert [1.5] to EagerTensor of dtype bool');
    expect(String(tf.reduce_all([true, false]))).toBe('tf.Tensor(False, shape=(), dtype=bool)');
  });
});
