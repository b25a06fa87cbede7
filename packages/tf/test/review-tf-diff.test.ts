import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';

// Fixes of a review of the tf facade's diff (/tmp/review_diff_tf.md, items 1-10). Each expected value or text is
// TensorFlow 2's, from the source cited beside it.

/** The error `fn` throws, with the op it names (OpError.op). */
function thrownOp(fn: () => unknown): [string, string, string | null] | null {
  try {
    fn();
    return null;
  } catch (e) {
    return [(e as Error).name, (e as Error).message, (e as { op?: string | null }).op ?? null];
  }
}

describe('1. tf.concat of one tensor is that tensor', () => {
  // array_ops.py concat: `if not isinstance(values, (list, tuple)): values = [values]`, then
  // `if len(values) == 1:  # Degenerate case of one tensor.` ... `return identity(values[0], name=name)`: ConcatV2 never runs
  it('returns the one element for any int axis, a 0-d element included', () => {
    const x = tf.constant([[1, 2], [3, 4]]);
    expect(String(tf.concat([x], 2))).toBe(String(x));
    expect(String(tf.concat([x], -5))).toBe(String(x));
    expect(tf.concat([tf.constant(7)], 0).__repr__()).toBe('<tf.Tensor: shape=(), dtype=float32, numpy=7.0>');
  });
  it('takes a bare tensor as a one-element list', () => {
    const x = tf.constant([1, 2, 3]);
    expect(String(tf.concat(x, 0))).toBe(String(x));
  });
  it('still checks the axis: ops.convert_to_tensor(axis, name="concat_dim", dtype=dtypes.int32).get_shape().assert_has_rank(0)', () => {
    // pywrap_tensor.cc refuses a fractional number as int32: "Cannot convert 1.5 to EagerTensor of dtype int32"
    expect(thrown(() => tf.concat([tf.constant([1])], 1.5))).toEqual(['TypeError', 'Cannot convert 1.5 to EagerTensor of dtype int32']);
    // tensor_shape.py assert_has_rank: raise ValueError("Shape %s must have rank %d" % (self, rank))
    expect(thrown(() => tf.concat([tf.constant([1])], [0] as unknown as number))).toEqual(['ValueError', 'Shape (1,) must have rank 0']);
  });
  it('is identity: the gradient flows through it', () => {
    // array_ops.py concat returns identity(values[0]); Identity's gradient passes the incoming one through
    const x = tf.constant(3);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return tf.concat([x], 0).mul(2); });
    expect(tape.gradient(y, x)!.numpy()).toBe(2);
  });
});

describe('2 and 3. tf.split with a list of sizes: SplitV\'s checks in its order', () => {
  // split_v_op.cc ComputeEasyCases, `if (num_split == 1)`, before the -1 is resolved:
  // "If there is only one output, it must have the same size as the input. Input size: ", input_size_split_dim,
  // " output size: ", (*split_sizes_vec)[0]
  it('one size must be the whole axis, -1 included', () => {
    expect(thrown(() => tf.split(tf.range(3), [-1]))).toEqual(['InvalidArgumentError', 'If there is only one output, it must have the same size as the input. Input size: 3 output size: -1 [Op:SplitV]']);
    expect(thrown(() => tf.split(tf.range(3), [4]))).toEqual(['InvalidArgumentError', 'If there is only one output, it must have the same size as the input. Input size: 3 output size: 4 [Op:SplitV]']);
    expect(tf.split(tf.range(3), [3])[0]!.shape.as_list()).toEqual([3]);
  });
  // split_v_op.cc ComputeEasyCases, after `(*split_sizes_vec)[neg_one_dim] = input_size_split_dim - determined_size;`:
  // "Split size at index ", i, " must be >= 0. Got: ", split_size
  it('a negative size other than -1 is the kernel\'s InvalidArgumentError, after the -1 is resolved', () => {
    expect(thrown(() => tf.split(tf.range(3), [5, -2]))).toEqual(['InvalidArgumentError', 'Split size at index 1 must be >= 0. Got: -2 [Op:SplitV]']);
    // determined size -2 <= 3, so the -1 becomes 3 - (-2) = 5 and index 0 is the first negative one
    expect(thrown(() => tf.split(tf.range(3), [-2, -1]))).toEqual(['InvalidArgumentError', 'Split size at index 0 must be >= 0. Got: -2 [Op:SplitV]']);
    // a -1 beside valid sizes takes the rest of the axis (the same resolution)
    expect(tf.split(tf.range(5), [2, -1]).map((p) => p.shape.as_list())).toEqual([[2], [3]]);
  });
});

describe('4. tf.stack([])', () => {
  // array_ops.py stack: `if axis == 0: try: return ops.convert_to_tensor(values, name=name)`; convert_to_tensor([])
  // is an empty float32 vector
  it('is an empty float32 vector', () => {
    expect(tf.stack([]).__repr__()).toBe('<tf.Tensor: shape=(0,), dtype=float32, numpy=array([], dtype=float32)>');
  });
});

describe('5. tf.gather leaves the indices unchecked when the slices after the axis are empty', () => {
  // gather_op.cc (TF 2, with batch_dims): `OP_REQUIRES_OK(c, c->allocate_output(0, result_shape, &out)); if (N == 0)
  // return; if (inner_size == 0) return;` before the "is not in [0, " check; result_shape = params.shape[:axis] +
  // indices.shape + params.shape[axis + 1:]
  it('returns the empty result, and still checks the indices when only the gathered axis is empty', () => {
    expect(tf.gather(tf.zeros([3, 0]), [5]).shape.as_list()).toEqual([1, 0]);
    expect(tf.gather(tf.zeros([2, 3, 0]), [[7, -1]], { axis: 1 }).shape.as_list()).toEqual([2, 1, 2, 0]);
    // inner_size is 3 here, so GatherFunctor runs and reports the bad index
    expect(thrown(() => tf.gather(tf.zeros([0, 3]), [5]))).toEqual(['InvalidArgumentError', 'indices[0] = 5 is not in [0, 0) [Op:GatherV2]']);
  });
  it('keeps the gradient\'s path to params', () => {
    // array_grad.py _GatherV2Grad: IndexedSlices(values, indices, params_shape), dense shape [3, 0]
    const x = tf.zeros([3, 0]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return tf.reduce_sum(tf.gather(x, [5])); });
    expect(tape.gradient(y, x)!.shape.as_list()).toEqual([3, 0]);
  });
});

describe('6. tf.gather with an axis beyond the rank', () => {
  // gather_op.cc (TF 2): `int64 min_params_dim = axis < 0 ? -axis : axis + 1;` ...
  // "Shape must be at least rank ", min_params_dim, " but is rank ", params.dims()
  it('is TF 2\'s minimum-rank text', () => {
    const x = tf.constant([[1, 2], [3, 4]]);
    expect(thrown(() => tf.gather(x, [0], { axis: 2 }))).toEqual(['InvalidArgumentError', 'Shape must be at least rank 3 but is rank 2 [Op:GatherV2]']);
    expect(thrown(() => tf.gather(x, [0], { axis: -3 }))).toEqual(['InvalidArgumentError', 'Shape must be at least rank 3 but is rank 2 [Op:GatherV2]']);
  });
});

describe('7. tf.divide of an int32 tensor by a non-integer number', () => {
  // math_ops.py _truediv_python3: `y = ops.convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")` (2.5 falls
  // back to float32), then raise TypeError(f"`x` and `y` must have the same dtype, got {x_dtype!r} != {y_dtype!r}.")
  it('is the same-dtype TypeError', () => {
    const n = tf.constant([1, 2], 'int32');
    const msg = '`x` and `y` must have the same dtype, got tf.int32 != tf.float32.';
    expect(thrown(() => tf.divide(n, 2.5))).toEqual(['TypeError', msg]);
    expect(thrown(() => n.div(2.5))).toEqual(['TypeError', msg]);
    expect(thrown(() => tf.divide(n, [2.5, 1]))).toEqual(['TypeError', msg]);
    // an integral number still converts to int32 (then _TRUEDIV_TABLE casts both to float64)
    expect(tf.divide(n, 2).__repr__()).toBe('<tf.Tensor: shape=(2,), dtype=float64, numpy=array([0.5, 1. ])>');
    // a number first is converted with the tensor's dtype, no hint (math_ops.py divide:
    // `x = ops.convert_to_tensor(x, dtype=dtype)`), pywrap_tensor.cc's "Cannot convert 2.5 to EagerTensor of dtype int32"
    expect(thrown(() => tf.divide(2.5, n))).toEqual(['TypeError', 'Cannot convert 2.5 to EagerTensor of dtype int32']);
  });
});

describe('8. tf.argmax and tf.argmin over an empty axis', () => {
  // argmax_op.cc: "Reduction axis ", dim, " is empty in shape ", input.shape().DebugString() (dim as given)
  it('print the axis as given', () => {
    expect(thrown(() => tf.argmax(tf.zeros([2, 0]), -1))).toEqual(['InvalidArgumentError', 'Reduction axis -1 is empty in shape [2,0] [Op:ArgMax]']);
    expect(thrown(() => tf.argmin(tf.zeros([0, 2]), -2))).toEqual(['InvalidArgumentError', 'Reduction axis -2 is empty in shape [0,2] [Op:ArgMin]']);
  });
});

describe('9. tf.slice of a size-0 dimension', () => {
  // slice_op.cc SharedSliceValidation: a size of -1 becomes `input.dim_size(i) - (*begin)[i]`, then
  // `if (input.dim_size(i) == 0)`: "Expected begin[", i, "] == 0 (got ", b, ") and size[", i, "] == 0 ", "(got ", s,
  // ") when ", "input.dim_size(", i, ") == 0"
  it('has its own check and text', () => {
    const e = tf.zeros([0]);
    expect(thrown(() => tf.slice(e, [0], [1]))).toEqual(['InvalidArgumentError', 'Expected begin[0] == 0 (got 0) and size[0] == 0 (got 1) when input.dim_size(0) == 0 [Op:Slice]']);
    expect(thrown(() => tf.slice(e, [1], [-1]))).toEqual(['InvalidArgumentError', 'Expected begin[0] == 0 (got 1) and size[0] == 0 (got -1) when input.dim_size(0) == 0 [Op:Slice]']);
    expect(thrown(() => tf.slice(tf.zeros([2, 0]), [0, 0], [1, 1]))).toEqual(['InvalidArgumentError', 'Expected begin[1] == 0 (got 0) and size[1] == 0 (got 1) when input.dim_size(1) == 0 [Op:Slice]']);
    expect(tf.slice(e, [0], [-1]).shape.as_list()).toEqual([0]);
  });
});

describe('10. tf.pad with the default constant_values runs Pad', () => {
  // array_ops.py pad: `if (not tensor_util.is_tf_type(constant_values) and np.ndim(constant_values) == 0 and
  // constant_values == np.zeros_like(constant_values)): result = gen_array_ops.pad(...)` else pad_v2; pad_op.cc's
  // texts are one kernel's for both
  it('names Pad for 0 and PadV2 for another value', () => {
    const x = tf.constant([[1, 2], [3, 4]]);
    expect(thrownOp(() => tf.pad(x, [[1, 0]]))).toEqual(['InvalidArgumentError', 'The first dimension of paddings must be the rank of inputs[1,2] [2,2] [Op:Pad]', 'Pad']);
    expect(thrownOp(() => tf.pad(x, [[-1, 0], [0, 0]]))).toEqual(['InvalidArgumentError', 'Paddings must be non-negative: -1 0 [Op:Pad]', 'Pad']);
    expect(thrownOp(() => tf.pad(x, [[-1, 0], [0, 0]], 'CONSTANT', 1))).toEqual(['InvalidArgumentError', 'Paddings must be non-negative: -1 0 [Op:PadV2]', 'PadV2']);
  });
});
