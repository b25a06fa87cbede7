// tf.reverse and tf.tile. Values and gradients marked "tfjs" were computed with TensorFlow.js 4.22.0
// (tests/node_modules/@tensorflow/tfjs, cpu backend: tf.reverse, tf.tile, tf.grad), whose ReverseV2 and Tile follow
// TensorFlow's; the call and its output are above each case. Error texts are the TensorFlow kernels' (tfjs words its
// checks differently): tensorflow/core/kernels/reverse_op.cc (ReverseV2Op::Compute) and tile_ops.cc (TileOp::Compute),
// in eager mode's form, `message [Op:Name]`. tests/oracle/tfjs.test.ts compares both on random programs too.
import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { grad } from './grad.js';
import { thrown } from './thrown.js';

/** 0, 1, 2, ... in float32 with the given shape. */
const iota = (shape: number[]) => tf.reshape(tf.constant(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i)), shape);
const x23 = () => iota([2, 3]);

describe('tf.reverse', () => {
  it('reverses the listed axes, negative ones counted from the end (tfjs)', () => {
    // tf.reverse(x, [0, -1]) of range(24) as [2, 3, 4] -> [[[15,14,13,12],[19,18,17,16],[23,22,21,20]],[[3,2,1,0],[7,6,5,4],[11,10,9,8]]]
    const x = iota([2, 3, 4]);
    expect(tf.reverse(x, [0, -1]).numpy()).toEqual([[[15, 14, 13, 12], [19, 18, 17, 16], [23, 22, 21, 20]], [[3, 2, 1, 0], [7, 6, 5, 4], [11, 10, 9, 8]]]);
    // tf.reverse(x, [1]) -> [[[8,9,10,11],[4,5,6,7],[0,1,2,3]],[[20,21,22,23],[16,17,18,19],[12,13,14,15]]]
    expect(tf.reverse(x, [1]).numpy()).toEqual([[[8, 9, 10, 11], [4, 5, 6, 7], [0, 1, 2, 3]], [[20, 21, 22, 23], [16, 17, 18, 19], [12, 13, 14, 15]]]);
  });

  it('keeps the dtype and takes 0-d and empty tensors (tfjs)', () => {
    // tf.reverse(tf.tensor1d([1, 2, 3], 'int32'), [0]) -> [3,2,1] int32; of [true, false, false] 'bool' -> [0,0,1] (false, false, true)
    const i = tf.reverse(tf.constant([1, 2, 3], 'int32'), [0]);
    expect([i.numpy(), i.dtype.name]).toEqual([[3, 2, 1], 'int32']);
    expect(tf.reverse(tf.constant([true, false, false]), [0]).numpy()).toEqual([false, false, true]);
    // ReverseV2 (TF's docs: "has the same type as tensor"): a float64 stays float64
    expect(tf.reverse(tf.constant([1, 2], 'float64'), [0]).dtype.name).toBe('float64');
    // tf.reverse(tf.scalar(7), []) -> 7; tf.reverse(tf.zeros([3, 0]), [0]).shape -> [3,0]
    expect(tf.reverse(tf.constant(7), []).numpy()).toBe(7);
    expect(tf.reverse(tf.zeros([3, 0]), [0]).shape.as_list()).toEqual([3, 0]);
    // reverse_op.cc: "if (TensorShapeUtils::IsScalar(input.shape())) { context->set_output(0, input); }" before any check
    expect(tf.reverse(tf.constant(7), [5]).numpy()).toBe(7);
  });

  it('differentiates to the cotangent reversed (tfjs)', () => {
    // tf.grad((a) => tf.reverse(a, [0, 1]).mul(tf.tensor2d([[1, 2, 3], [4, 5, 6]])).sum())([[0,1,2],[3,4,5]]) -> [[6,5,4],[3,2,1]]
    const w = tf.constant([[1, 2, 3], [4, 5, 6]]);
    expect(grad((a) => tf.reduce_sum(tf.multiply(tf.reverse(a, [0, 1]), w)), x23()).numpy()).toEqual([[6, 5, 4], [3, 2, 1]]);
  });

  it("raises ReverseV2's errors", () => {
    // "'axis'[", i, "] = ", axis, " is out of valid range [", 0, ", ", input_dims - 1 (no closing bracket)
    expect(thrown(() => tf.reverse(x23(), [2]))).toEqual(['InvalidArgumentError', "'axis'[0] = 2 is out of valid range [0, 1 [Op:ReverseV2]"]);
    expect(thrown(() => tf.reverse(x23(), [0, -3]))).toEqual(['InvalidArgumentError', "'axis'[1] = -3 is out of valid range [0, 1 [Op:ReverseV2]"]);
    // "axis ", canonical_axis, " specified more than once."
    expect(thrown(() => tf.reverse(x23(), [0, -2]))).toEqual(['InvalidArgumentError', 'axis 0 specified more than once. [Op:ReverseV2]']);
    // "'dims' must be 1-dimension, not ", sparse_dims.dims(): a number converts to a 0-d axis tensor
    expect(thrown(() => tf.reverse(x23(), 0))).toEqual(['InvalidArgumentError', "'dims' must be 1-dimension, not 0 [Op:ReverseV2]"]);
    // errors::Unimplemented("reverse is not implemented for tensors of rank > 8.")
    expect(thrown(() => tf.reverse(tf.zeros([1, 1, 1, 1, 1, 1, 1, 1, 1]), [0])))
      .toEqual(['UnimplementedError', 'reverse is not implemented for tensors of rank > 8. [Op:ReverseV2]']);
  });
});

describe('tf.tile', () => {
  it('repeats along each axis (tfjs)', () => {
    // tf.tile(range(6) as [2, 3], [2, 2]) -> [[0,1,2,0,1,2],[3,4,5,3,4,5],[0,1,2,0,1,2],[3,4,5,3,4,5]]
    expect(tf.tile(x23(), [2, 2]).numpy()).toEqual([[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5], [0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]]);
    // tf.tile(tf.tensor3d([[[1, 2]], [[3, 4]]]), [1, 2, 2]) -> [[[1,2,1,2],[1,2,1,2]],[[3,4,3,4],[3,4,3,4]]]
    expect(tf.tile(tf.constant([[[1, 2]], [[3, 4]]]), [1, 2, 2]).numpy()).toEqual([[[1, 2, 1, 2], [1, 2, 1, 2]], [[3, 4, 3, 4], [3, 4, 3, 4]]]);
  });

  it('keeps the dtype and takes 0 multiples, 0-d and empty tensors (tfjs)', () => {
    // tf.tile(tf.tensor1d([1, 2], 'int32'), [3]) -> [1,2,1,2,1,2] int32; of [true, false] 'bool' by [2] -> [1,0,1,0]
    const i = tf.tile(tf.constant([1, 2], 'int32'), [3]);
    expect([i.numpy(), i.dtype.name]).toEqual([[1, 2, 1, 2, 1, 2], 'int32']);
    expect(tf.tile(tf.constant([true, false]), [2]).numpy()).toEqual([true, false, true, false]);
    // tf.tile(x, [0, 2]).shape -> [0,6]; tf.tile(tf.zeros([0, 2]), [2, 2]).shape -> [0,4]
    expect(tf.tile(x23(), [0, 2]).shape.as_list()).toEqual([0, 6]);
    expect(tf.tile(tf.zeros([0, 2]), [2, 2]).shape.as_list()).toEqual([0, 4]);
    // tile_ops.cc: a 0-d input with a 0-length multiples is returned as it is ("if (input_dims == 0) set_output(0, input)")
    expect(tf.tile(tf.constant(5, 'float64'), []).numpy()).toBe(5);
  });

  it("differentiates to the sum of the cotangent's tiles (tfjs)", () => {
    // tf.grad((v) => tf.tile(v, [2, 3]).mul(range(24) as [4, 6]).sum())([[1, 2], [3, 4]]) -> [[48,54],[84,90]]
    expect(grad((v) => tf.reduce_sum(tf.multiply(tf.tile(v, [2, 3]), iota([4, 6]))), tf.constant([[1, 2], [3, 4]])).numpy()).toEqual([[48, 54], [84, 90]]);
    // tf.grad((v) => tf.tile(v, [2]).mul([1, 2, 3, 4, 5, 6]).sum())([1, 2, 3]) -> [5,7,9]
    expect(grad((v) => tf.reduce_sum(tf.multiply(tf.tile(v, [2]), tf.constant([1, 2, 3, 4, 5, 6]))), tf.constant([1, 2, 3])).numpy()).toEqual([5, 7, 9]);
  });

  it("raises Tile's errors, multiples never padded to the rank", () => {
    // "Expected multiples argument to be a vector of length ", input.dims(), " but got length ", multiples.dim_size(0)
    expect(thrown(() => tf.tile(x23(), [2]))).toEqual(['InvalidArgumentError', 'Expected multiples argument to be a vector of length 2 but got length 1 [Op:Tile]']);
    expect(thrown(() => tf.tile(x23(), [1, 2, 2]))).toEqual(['InvalidArgumentError', 'Expected multiples argument to be a vector of length 2 but got length 3 [Op:Tile]']);
    expect(thrown(() => tf.tile(tf.constant(5), [2]))).toEqual(['InvalidArgumentError', 'Expected multiples argument to be a vector of length 0 but got length 1 [Op:Tile]']);
    // "Expected multiples[", i, "] >= 0, but got ", multiples_array[i]
    expect(thrown(() => tf.tile(x23(), [2, -1]))).toEqual(['InvalidArgumentError', 'Expected multiples[1] >= 0, but got -1 [Op:Tile]']);
    // "Expected multiples to be 1-D, but got shape ", multiples.shape().DebugString(): a number converts to a 0-d tensor
    expect(thrown(() => tf.tile(x23(), 2))).toEqual(['InvalidArgumentError', 'Expected multiples to be 1-D, but got shape [] [Op:Tile]']);
  });
});
