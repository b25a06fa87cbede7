import * as core from '@twingrad/core';
import { dtypeOf } from './dtypes.js';
import { InvalidArgumentError, ValueError, guarded } from './errors.js';
import { checkPair, invalid } from './kernel_checks.js';
import { FEATURES_SIGNATURE, FLOAT_OR_COMPLEX, NN_FLOAT, REAL_NUMBER, UNARY_SIGNATURE, checkKernelType } from './kernel_types.js';
import { floatUn } from './op_wrappers.js';
import { convert, wrap, type Tensor, type TensorInput } from './tensor.js';

/**
 * TensorFlow's `tf.nn` ops (nn_ops.py, nn_ops.cc): the activations, softmax and log_softmax, and the softmax
 * cross-entropies, each one call into the core after TF's checks.
 */
type In = TensorInput;

export const relu = floatUn('Relu', REAL_NUMBER, (x) => core.relu(x, 'tf'), FEATURES_SIGNATURE);
export const elu = floatUn('Elu', NN_FLOAT, (x) => core.elu(x, 1, 'tf'), FEATURES_SIGNATURE);
/** NOTE: TF's softplus has no threshold (PyTorch switches to x above 20). */
export const softplus = floatUn('Softplus', NN_FLOAT, (x) => core.softplus(x, 1, Infinity), FEATURES_SIGNATURE);

/** `tf.nn.leaky_relu(features, alpha=0.2)`. */
export const leaky_relu = (features: In, alpha = 0.2): Tensor => guarded('LeakyRelu', () => wrap(core.leakyRelu(convert(features), alpha)));
/** `tf.nn.gelu(features, approximate=False)`. */
export const gelu = (features: In, approximate = false): Tensor => guarded('Gelu', () => {
  const x = convert(features);
  // nn_ops.gelu's own check, before any kernel
  if (!core.isFloat(x.dtype)) throw new ValueError(`\`features.dtype\` must be a floating point tensor.Received:features.dtype=${dtypeOf(x.dtype)}`);
  return wrap(core.gelu(x, approximate));
});

/**
 * `tf.nn.silu(features, beta=1.0)` (also `tf.nn.swish`): features * sigmoid(beta * features), TF's custom gradient.
 * NOTE: beta is a number here, not differentiated (TF also returns a gradient for a tensor beta).
 */
export const silu = (features: In, beta = 1): Tensor => guarded('Sigmoid', () => {
  const x = convert(features);
  // beta * features is cast to features' dtype first; the Sigmoid kernel then refuses an integer one
  checkKernelType('Sigmoid', x, FLOAT_OR_COMPLEX, UNARY_SIGNATURE);
  return wrap(core.swish(x, beta));
});

/** `tf.nn.softmax(logits, axis=None)`: the last axis by default. */
export const softmax = (logits: In, axis = -1): Tensor => guarded('Softmax', () => wrap(core.softmax(normalizable('Softmax', logits), axis)));
export const log_softmax = (logits: In, axis = -1): Tensor => guarded('LogSoftmax', () => wrap(core.logSoftmax(normalizable('LogSoftmax', logits), axis)));

/** The Softmax and LogSoftmax kernels' checks (softmax_op.cc): a float dtype, and at least one dimension. */
function normalizable(op: string, logits: In): core.Tensor {
  const x = convert(logits);
  checkKernelType(op, x, NN_FLOAT, `logits:T -> ${op === 'Softmax' ? 'softmax' : 'logsoftmax'}:T`);
  if (x.rank === 0) throw invalid(op, 'logits must have >= 1 dimension, got []');
  return x;
}

/** `tf.nn.softmax_cross_entropy_with_logits(labels, logits, axis=-1)`: per-example losses. */
export function softmax_cross_entropy_with_logits(args: { labels: In; logits: In; axis?: number }): Tensor {
  return guarded('SoftmaxCrossEntropyWithLogits', () => {
    const logits = convert(args.logits);
    // nn_ops.py casts the labels to the logits' dtype, and the kernel broadcasts them (xent_op.cc)
    const given = convert(args.labels);
    const cast = given.dtype === logits.dtype ? given : core.cast(given, logits.dtype);
    let b: readonly number[] | null = null;
    try { b = core.broadcastShapes('SoftmaxCrossEntropyWithLogits', logits.shape, cast.shape); } catch { /* reported below */ }
    if (b === null || !core.sameShape(b, logits.shape)) {
      throw new InvalidArgumentError(`logits and labels must be broadcastable: logits_size=[${logits.shape.join(',')}] labels_size=[${cast.shape.join(',')}] [Op:SoftmaxCrossEntropyWithLogits]`, 'SoftmaxCrossEntropyWithLogits');
    }
    const labels = core.sameShape(cast.shape, logits.shape) ? cast : core.broadcastTo(cast, logits.shape);
    return wrap(core.tfSoftmaxCrossEntropy(logits, labels, args.axis ?? -1));
  });
}

/**
 * `tf.nn.sigmoid_cross_entropy_with_logits(labels, logits)`: elementwise logistic losses, nn_impl.py's composition
 * (core tfSigmoidCrossEntropy). Its checks in its order: the shapes (a ValueError), then the ops' own: the Mul of
 * logits and labels of two dtypes, the Exp of integer logits.
 */
export function sigmoid_cross_entropy_with_logits(args: { labels: In; logits: In }): Tensor {
  const op = 'logistic_loss';
  return guarded(op, () => {
    const logits = convert(args.logits), labels = convert(args.labels);
    if (!core.sameShape(logits.shape, labels.shape)) {
      const shape = (s: readonly number[]) => `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
      throw new ValueError(`\`logits\` and \`labels\` must have the same shape, received (${shape(logits.shape)} vs ${shape(labels.shape)}).`);
    }
    checkPair('Mul', logits, labels);
    checkKernelType('Exp', logits, FLOAT_OR_COMPLEX, UNARY_SIGNATURE);
    return wrap(core.tfSigmoidCrossEntropy(logits, labels));
  });
}

/** `tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)`: int32 class labels. */
export function sparse_softmax_cross_entropy_with_logits(args: { labels: In; logits: In }): Tensor {
  const op = 'SparseSoftmaxCrossEntropyWithLogits';
  return guarded(op, () => {
    const logits = convert(args.logits), labels = convert(args.labels, 'int32');
    // nn_ops.py's static checks, then the kernel's range check (sparse_xent_op.cc)
    const tuple = (s: readonly number[]) => (s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);
    if (logits.rank === 0) throw new ValueError(`Logits cannot be scalars - received shape ${tuple(logits.shape)}.`);
    if (labels.rank !== logits.rank - 1) {
      throw new ValueError(`Rank mismatch: Rank of labels (received ${labels.rank}) should equal rank of logits minus 1 (received ${logits.rank}).`);
    }
    if (!core.sameShape(labels.shape, logits.shape.slice(0, -1))) {
      throw new ValueError(`Shape mismatch: The shape of labels (received ${tuple(labels.shape)}) should equal the shape of logits except for the last dimension (received ${tuple(logits.shape)}).`);
    }
    const C = logits.shape[logits.rank - 1]!;
    const l = labels.data;
    for (let i = 0; i < l.length; i++) {
      if (l[i]! < 0 || l[i]! >= C) {
        throw new InvalidArgumentError(`Received a label value of ${l[i]} which is outside the valid range of [0, ${C}).  Label values: ${Array.from(l).join(' ')} [Op:${op}]`, op);
      }
    }
    return wrap(core.sparseSoftmaxCrossEntropy(logits, labels));
  });
}
