import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';

// TensorFlow's shape ops: Python's keywords as options objects, and the checks of TF's Python wrappers and kernels.
// Expected values are NumPy's (the line is beside them); expected texts are TF's, from the source file named.

const x23 = () => tf.constant([[1, 2, 3], [4, 5, 6]]);

describe('keywords as options objects, positional arguments as in TF', () => {
  it('tf.gather: the third positional argument is validate_indices (ignored), the axis comes as { axis }', () => {
    // np.take(x, [1, 0], axis=0) and np.take(x, [1, 0], axis=1)
    expect(tf.gather(x23(), [1, 0], true).numpy()).toEqual([[4, 5, 6], [1, 2, 3]]);
    expect(tf.gather(x23(), [1, 0], { axis: 1 }).numpy()).toEqual([[2, 1], [5, 4]]);
    expect(tf.gather(x23(), [1, 0], null, 1).numpy()).toEqual([[2, 1], [5, 4]]);
    // gather's gradient adds up repeated indices: d/dx sum(gather(x, [2, 2, 0], axis=1)) counts each column's uses
    const v = new tf.Variable(x23());
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduce_sum(tf.gather(v, [2, 2, 0], { axis: 1 })));
    expect(tape.gradient(y, v)!.numpy()).toEqual([[1, 0, 2], [1, 0, 2]]);
  });
  it('tf.unstack(value, num=None, axis=0): the second positional argument is num', () => {
    expect(tf.unstack(x23(), { axis: 1 }).map((t) => t.numpy())).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(tf.unstack(x23(), 2).map((t) => t.numpy())).toEqual([[1, 2, 3], [4, 5, 6]]);
    // unpack_op.cc: "Input shape axis ", axis, " must equal ", num, ", got shape ", DebugString()
    expect(thrown(() => tf.unstack(x23(), 1))).toEqual(['InvalidArgumentError', 'Input shape axis 0 must equal 1, got shape [2,3] [Op:Unpack]']);
  });
  it('concat, stack, split, expand_dims, squeeze, transpose, argmax and cumsum take their keywords as an object', () => {
    const x = x23();
    // np.concatenate([x, x], axis=1), np.stack([x, x], axis=1).shape, np.split(x, 3, axis=1)
    expect(tf.concat([x, x], { axis: 1 }).numpy()).toEqual([[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]]);
    expect(tf.stack([x, x], { axis: 1 }).shape.as_list()).toEqual([2, 2, 3]);
    expect(tf.split(x, 3, { axis: 1 }).map((t) => t.numpy())).toEqual([[[1], [4]], [[2], [5]], [[3], [6]]]);
    expect(tf.expand_dims(x, { axis: 1 }).shape.as_list()).toEqual([2, 1, 3]);
    expect(tf.squeeze(tf.zeros([1, 3, 1]), { axis: [2] }).shape.as_list()).toEqual([1, 3]);
    expect(tf.transpose(x, { perm: [1, 0] }).numpy()).toEqual([[1, 4], [2, 5], [3, 6]]);
    // np.argmax(x, axis=1), np.cumsum(x, axis=1)
    expect(tf.argmax(x, { axis: 1 }).numpy()).toEqual([2, 2]);
    expect(tf.math.cumsum(x, { axis: 1 }).numpy()).toEqual([[1, 3, 6], [4, 9, 15]]);
  });
});

describe('the checks of TF\'s kernels and wrappers, in their words', () => {
  it('tf.reshape infers -1 as reshape_op.h does, zero sizes left out of the product', () => {
    // TF: [0, -1] of a [0, 3] input is [0, 3]; [-1, 0] is [3, 0]; [-1, 3] is [0, 3]
    expect(tf.reshape(tf.zeros([0, 3]), [0, -1]).shape.as_list()).toEqual([0, 3]);
    expect(tf.reshape(tf.zeros([0, 3]), [-1, 0]).shape.as_list()).toEqual([3, 0]);
    expect(tf.reshape(tf.zeros([0, 3]), [-1, 3]).shape.as_list()).toEqual([0, 3]);
    const r = tf.range(6);
    expect(thrown(() => tf.reshape(r, [4, -1]))).toEqual(['InvalidArgumentError', 'Input to reshape is a tensor with 6 values, but the requested shape requires a multiple of 4 [Op:Reshape]']);
    expect(thrown(() => tf.reshape(r, [4, 2]))).toEqual(['InvalidArgumentError', 'Input to reshape is a tensor with 6 values, but the requested shape has 8 [Op:Reshape]']);
    expect(thrown(() => tf.reshape(r, [-1, -1]))).toEqual(['InvalidArgumentError', 'Only one input size may be -1, not both 0 and 1 [Op:Reshape]']);
    expect(thrown(() => tf.reshape(r, [2, -2]))).toEqual(['InvalidArgumentError', 'Size 1 must be non-negative, not -2 [Op:Reshape]']);
  });
  it('tf.transpose wants a permutation of [0 .. rank) (transpose_op.cc)', () => {
    const x = tf.zeros([2, 3, 4]);
    expect(thrown(() => tf.transpose(x, [-1, 0, 1]))).toEqual(['InvalidArgumentError', '-1 is out of range [0 .. 3) [Op:Transpose]']);
    expect(thrown(() => tf.transpose(x, [1, 0]))).toEqual(['InvalidArgumentError', 'transpose expects a vector of size 3. But input(1) is a vector of size 2 [Op:Transpose]']);
    expect(thrown(() => tf.transpose(x, [0, 0, 1]))).toEqual(['InvalidArgumentError', '2 is missing from {0,0,1}. [Op:Transpose]']);
  });
  it('tf.squeeze takes a set of axes (shape_ops.h SqueezeOp)', () => {
    // np.squeeze(np.zeros([1, 3, 1]), axis=0).shape: repeats name one axis
    expect(tf.squeeze(tf.zeros([1, 3, 1]), [0, 0]).shape.as_list()).toEqual([3, 1]);
    expect(tf.squeeze(tf.zeros([1, 3, 1]), [0, -3]).shape.as_list()).toEqual([3, 1]);
    expect(tf.squeeze(tf.zeros([1, 3, 1]), []).shape.as_list()).toEqual([3]);
    expect(thrown(() => tf.squeeze(tf.constant(3), 0))).toEqual(['InvalidArgumentError', 'Tried to squeeze dim index 0 for tensor with 0 dimensions. [Op:Squeeze]']);
    expect(thrown(() => tf.squeeze(tf.zeros([1, 3, 1]), 1))).toEqual(['InvalidArgumentError', 'Can not squeeze dim[1], expected a dimension of 1, got 3 [Op:Squeeze]']);
  });
  it('tf.expand_dims takes axes in [-rank-1, rank] (ExpandDimsOp)', () => {
    expect(tf.expand_dims(x23(), -3).shape.as_list()).toEqual([1, 2, 3]);
    expect(thrown(() => tf.expand_dims(x23(), 3))).toEqual(['InvalidArgumentError', 'Tried to expand dim index 3 for tensor with 2 dimensions. [Op:ExpandDims]']);
  });
  it('tf.unstack of a size-0 axis is [], an axis out of range array_ops.unstack\'s ValueError', () => {
    expect(tf.unstack(tf.zeros([0, 3]))).toEqual([]);
    expect(thrown(() => tf.unstack(x23(), { axis: 2 }))).toEqual(['ValueError', 'Argument `axis` = 2 not in range [-2, 2)']);
  });
  it('tf.gather: GatherV2\'s checks (gather_op.cc)', () => {
    expect(thrown(() => tf.gather(x23(), [0, -1], { axis: 1 }))).toEqual(['InvalidArgumentError', 'indices[1] = -1 is not in [0, 3) [Op:GatherV2]']);
    expect(thrown(() => tf.gather(x23(), [[0, 0], [3, 0]]))).toEqual(['InvalidArgumentError', 'indices[1,0] = 3 is not in [0, 2) [Op:GatherV2]']);
    expect(thrown(() => tf.gather(x23(), [0], { axis: 2 }))).toEqual(['InvalidArgumentError', 'Shape must be at least rank 3 but is rank 2 [Op:GatherV2]']);
    expect(thrown(() => tf.gather(tf.constant(3), [0]))).toEqual(['InvalidArgumentError', 'params must be at least 1 dimensional [Op:GatherV2]']);
  });
  it('tf.concat and tf.stack: ConcatOp\'s and Pack\'s shape checks, stack\'s axis ValueError', () => {
    const x = x23();
    expect(thrown(() => tf.concat([x, tf.zeros([2, 2])], 0))).toEqual(['InvalidArgumentError', 'ConcatOp : Dimension 1 in both shapes must be equal: shape[0] = [2,3] vs. shape[1] = [2,2] [Op:ConcatV2]']);
    expect(thrown(() => tf.concat([x, tf.zeros([3])], 0))).toEqual(['InvalidArgumentError', 'ConcatOp : Ranks of all input tensors should match: shape[0] = [2,3] vs. shape[1] = [3] [Op:ConcatV2]']);
    expect(thrown(() => tf.concat([x, x], 2))).toEqual(['InvalidArgumentError', 'ConcatOp : Expected concatenating dimensions in the range [-2, 2), but got 2 [Op:ConcatV2]']);
    expect(thrown(() => tf.stack([x, tf.zeros([3, 2])]))).toEqual(['InvalidArgumentError', 'Shapes of all inputs must match: values[0].shape = [2,3] != values[1].shape = [3,2] [Op:Pack]']);
    expect(thrown(() => tf.stack([x, x], 3))).toEqual(['ValueError', 'Argument `axis` = 3 not in range [-3, 3)']);
  });
  it('tf.split: Split\'s and SplitV\'s checks', () => {
    const x = x23();
    expect(thrown(() => tf.split(x, [1, 1], 1))).toEqual(['InvalidArgumentError', 'Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of the input along split_dim if not fully specified.  Got: 2 [Op:SplitV]']);
    expect(thrown(() => tf.split(x, [-1, -1], 1))).toEqual(['InvalidArgumentError', 'There can only be one -1 in the input. [Op:SplitV]']);
    expect(thrown(() => tf.split(x, 1, 2))).toEqual(['InvalidArgumentError', '-input rank(-2) <= split_dim < input rank (2), but got 2 [Op:Split]']);
  });
  it('tf.slice: begin and size must have the rank\'s length (slice_op.cc)', () => {
    expect(thrown(() => tf.slice(x23(), [1], [1]))).toEqual(['InvalidArgumentError', 'Expected begin and size arguments to be 1-D tensors of size 2, but got shapes [1] and [1] instead. [Op:Slice]']);
  });
  it('tf.cumsum of a 0-d tensor and tf.argmax of an empty axis are refused (scan_ops.cc, argmax_op.cc)', () => {
    expect(thrown(() => tf.math.cumsum(tf.constant(3)))).toEqual(['InvalidArgumentError', 'ScanOp: Expected scan axis in the range [0, 0), but got 0 [Op:Cumsum]']);
    expect(thrown(() => tf.math.cumsum(x23(), 2))).toEqual(['InvalidArgumentError', 'ScanOp: Expected scan axis in the range [-2, 2), but got 2 [Op:Cumsum]']);
    expect(thrown(() => tf.argmax(x23(), 2))).toEqual(['InvalidArgumentError', 'Expected dimension in the range [-2, 2), but got 2 [Op:ArgMax]']);
    expect(thrown(() => tf.argmax(tf.zeros([2, 0]), 1))).toEqual(['InvalidArgumentError', 'Reduction axis 1 is empty in shape [2,0] [Op:ArgMax]']);
  });
  it('tf.pad and tf.broadcast_to: negative sizes and a paddings list of the wrong length', () => {
    expect(thrown(() => tf.pad(x23(), [[-1, 0], [0, 0]]))).toEqual(['InvalidArgumentError', 'Paddings must be non-negative: -1 0 [Op:Pad]']);
    expect(thrown(() => tf.pad(x23(), [[1, 0]]))).toEqual(['InvalidArgumentError', 'The first dimension of paddings must be the rank of inputs[1,2] [2,3] [Op:Pad]']);
    expect(thrown(() => tf.broadcast_to(tf.constant([1, 2, 3]), [-1, 3]))).toEqual(['InvalidArgumentError', 'Dimension -1 must be >= 0 [Op:BroadcastTo]']);
  });
});
