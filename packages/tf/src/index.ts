/**
 * @twingrad/tf: TensorFlow 2's API over @twingrad/core, so TensorFlow code ports line by line. Python's names,
 * defaults, return values, printing and errors are the specification; keyword arguments become an options object;
 * a `with tape:` block becomes `tape.record(() => ...)`.
 * @example
 * import * as tf from '@twingrad/tf';
 * const x = new tf.Variable(3.0);
 * const tape = new tf.GradientTape();
 * const y = tape.record(() => x.pow(2));
 * console.log(tape.gradient(y, x));  // tf.Tensor(6.0, shape=(), dtype=float32)
 */
import './methods.js';
import * as ops from './ops.js';
import { norm as normOp } from './ops.js';
import { ForwardAccumulator } from './forwardprop.js';
import { GradientTape } from './gradient_tape.js';

export { Tensor, Variable, TensorShape, TensorBase, wrap, convert, repr, type TensorInput } from './tensor.js';
export { DType, float32, float64, int32, bool, float, double, as_dtype, type DTypeLike } from './dtypes.js';
export { errors, OpError, InvalidArgumentError, NotFoundError, UnimplementedError, ValueError, RuntimeError } from './errors.js';
export { GradientTape, UnconnectedGradients, stop_gradient, type Nest, type UnconnectedGradientsValue } from './gradient_tape.js';
export { custom_gradient } from './custom_gradient.js';
export { constant, convert_to_tensor, zeros, ones, fill, zeros_like, ones_like, range, linspace, eye, random, shape } from './creation.js';
export {
  add, subtract, multiply, divide, truediv, pow, square, sqrt, exp, abs, sign, negative, maximum, minimum, matmul,
  reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod, reduce_logsumexp, reshape, transpose, concat, stack, unstack,
  expand_dims, squeeze, where, cast, identity, split, slice, gather, pad, broadcast_to, clip_by_value, size, rank, reverse, tile,
  sin, cos, tan, tanh, sigmoid, equal, not_equal, less, less_equal, greater, greater_equal, argmax, argmin, norm, cumsum,
  // TF 2's top-level rounding names: tf.floor and tf.round (tf.ceil is TF 1's only: v1=['math.ceil', 'ceil'])
  floor, round, reduce_all, reduce_any,
  // NOTE: TF 2 has tf.math.log but no top-level tf.log; issue 3 lists it, so it is here too.
  log,
} from './ops.js';
export * as keras from './keras/index.js';

/** `tf.math`: the elementwise ops and reductions. */
export const math = {
  add: ops.add, subtract: ops.subtract, multiply: ops.multiply, divide: ops.divide, truediv: ops.truediv, pow: ops.pow,
  square: ops.square, sqrt: ops.sqrt, rsqrt: ops.rsqrt, exp: ops.exp, expm1: ops.expm1, log: ops.log, log1p: ops.log1p,
  abs: ops.abs, sign: ops.sign, negative: ops.negative, reciprocal: ops.reciprocal, maximum: ops.maximum, minimum: ops.minimum,
  sin: ops.sin, cos: ops.cos, tan: ops.tan, tanh: ops.tanh, sigmoid: ops.sigmoid, erf: ops.erf, softplus: ops.softplus,
  atan2: ops.atan2, equal: ops.equal, not_equal: ops.not_equal, less: ops.less, less_equal: ops.less_equal,
  greater: ops.greater, greater_equal: ops.greater_equal, logical_not: ops.logical_not,
  reduce_sum: ops.reduce_sum, reduce_mean: ops.reduce_mean, reduce_max: ops.reduce_max, reduce_min: ops.reduce_min,
  reduce_prod: ops.reduce_prod, reduce_logsumexp: ops.reduce_logsumexp, reduce_std: ops.reduce_std,
  reduce_variance: ops.reduce_variance, reduce_euclidean_norm: ops.reduce_euclidean_norm, argmax: ops.argmax, argmin: ops.argmin,
  cumsum: ops.cumsum,
  floor: ops.floor, ceil: ops.ceil, round: ops.round, is_nan: ops.is_nan, is_inf: ops.is_inf, is_finite: ops.is_finite,
  reduce_all: ops.reduce_all, reduce_any: ops.reduce_any,
};

/** `tf.nn`: activations and losses. */
export const nn = {
  relu: ops.relu, leaky_relu: ops.leaky_relu, elu: ops.elu, gelu: ops.gelu, silu: ops.silu, swish: ops.silu, sigmoid: ops.sigmoid, tanh: ops.tanh,
  softplus: ops.softplus, softmax: ops.softmax, log_softmax: ops.log_softmax,
  softmax_cross_entropy_with_logits: ops.softmax_cross_entropy_with_logits,
  sparse_softmax_cross_entropy_with_logits: ops.sparse_softmax_cross_entropy_with_logits,
  sigmoid_cross_entropy_with_logits: ops.sigmoid_cross_entropy_with_logits,
};

/** `tf.linalg`. */
export const linalg = { matmul: ops.matmul, norm: normOp };

/** `tf.autodiff`: forward-mode `ForwardAccumulator`, and `GradientTape` (the same class as `tf.GradientTape`). */
export const autodiff = { ForwardAccumulator, GradientTape };
