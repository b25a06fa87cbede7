export {
  reshape, transpose, expand_dims, squeeze, concat, stack, unstack, split, slice, gather, broadcast_to, pad, size, rank, reverse, tile,
} from './array_ops.js';
export {
  add, subtract, multiply, divide, truediv, pow, maximum, minimum, atan2, equal, not_equal, less, less_equal, greater,
  greater_equal, negative, square, sqrt, rsqrt, exp, expm1, log, log1p, abs, sign, reciprocal, sin, cos, tan, tanh, sigmoid,
  erf, logical_not, identity, cast, clip_by_value, where, floor, ceil, round, is_nan, is_inf, is_finite,
} from './math_ops.js';
export {
  reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod, reduce_logsumexp, cumsum, reduce_variance, reduce_std,
  reduce_euclidean_norm, argmax, argmin, reduce_all, reduce_any,
} from './reduction_ops.js';

export { norm, matmul } from './linalg_ops.js';
export {
  relu, elu, softplus, leaky_relu, gelu, silu, softmax, log_softmax, softmax_cross_entropy_with_logits, sigmoid_cross_entropy_with_logits,
  sparse_softmax_cross_entropy_with_logits,
} from './nn_ops.js';

/**
 * THE name table: every TensorFlow op of the facade, under TF's names, each one call into the core (no math here).
 * Where the frameworks disagree at an edge, the core op gets `convention: 'tf'`. `CORE_NAMES` maps every op of the
 * core's registry to the TF name that exposes it (or says why none does); the coverage test checks it.
 * The ops live in their families' files (math_ops.ts, reduction_ops.ts, array_ops.ts, linalg_ops.ts,
 * nn_ops.ts); this table exports them all, as index.ts and methods.ts import them.
 */

/**
 * Every op of the core's registry -> the TF name that exposes it, or null with the reason it has none.
 * The coverage test fails when the core registers an op missing here.
 */
export const CORE_NAMES: Record<string, string | null> = {
  add: 'add', sub: 'subtract', mul: 'multiply', div: 'divide', pow: 'pow', pow_scalar: 'pow', maximum: 'maximum', minimum: 'minimum',
  atan2: 'math.atan2', eq: 'equal', ne: 'not_equal', lt: 'less', le: 'less_equal', gt: 'greater', ge: 'greater_equal',
  logical_not: 'math.logical_not', neg: 'negative', abs: 'abs', sign: 'sign', exp: 'exp', log: 'math.log', log1p: 'math.log1p',
  expm1: 'math.expm1', sqrt: 'sqrt', rsqrt: 'math.rsqrt', square: 'square', reciprocal: 'math.reciprocal', sin: 'sin', cos: 'cos',
  tan: 'tan', tanh: 'tanh', sigmoid: 'sigmoid', relu: 'nn.relu', leaky_relu: 'nn.leaky_relu', elu: 'nn.elu', softplus: 'math.softplus',
  erf: 'math.erf', gelu: 'nn.gelu', identity: 'identity', clamp: 'clip_by_value', where: 'where', broadcast_to: 'broadcast_to',
  sum: 'reduce_sum', mean: 'reduce_mean', prod: 'reduce_prod', max: 'reduce_max', min: 'reduce_min', argmax: 'argmax', argmin: 'argmin',
  logsumexp: 'reduce_logsumexp', variance: 'math.reduce_variance', std: 'math.reduce_std', norm: 'norm',
  svdvals: null, // tf.linalg.svd(compute_uv=False) is not in this facade; tf.norm(x, 2, [row, col]) computes with it
  reshape: 'reshape', transpose: 'transpose', expand_dims: 'expand_dims', squeeze: 'squeeze', concat: 'concat', stack: 'stack',
  split: 'split', unbind: 'unstack', flip: 'reverse', tile: 'tile', slice: 'slice', gather: 'gather', pad: 'pad', cast: 'cast', matmul: 'linalg.matmul',
  softmax: 'nn.softmax', log_softmax: 'nn.log_softmax', softmax_cross_entropy: null, // PyTorch's probability targets (F.cross_entropy); TF's kernel is tf_softmax_cross_entropy
  tf_softmax_cross_entropy: 'nn.softmax_cross_entropy_with_logits', tf_sigmoid_cross_entropy: 'nn.sigmoid_cross_entropy_with_logits',
  sparse_softmax_cross_entropy: 'nn.sparse_softmax_cross_entropy_with_logits',
  clone: null, // TF tensors are immutable: nothing to copy (tf.identity is the closest name and is exposed)
  swapaxes: null, // TF has no swapaxes; matmul's transpose_a/transpose_b and tf.transpose cover it
  t: null, // PyTorch's t(); tf.transpose (and tf.linalg.matrix_transpose) cover it
  bmm: null, // PyTorch's bmm node (BmmBackward0); TF's matmul of two batches (BatchMatMulV2) is tf.linalg.matmul
  as_strided: null, // the torch facade's regenerated history of a copy (AsStridedBackward0); TF tensors have no views
  copy_slices: null, // the torch facade's history of a view's base after an in-place op on the view (CopySlices); TF tensors have no views
  fill: null, copy: null, // the torch facade's fill_, zero_ and copy_: TF tensors are immutable (tf.fill and tf.identity make new ones)
  mse: null, // a Keras loss (tf.keras.losses.MeanSquaredError), outside this facade
  nll_loss: null, // PyTorch's; TF's sparse softmax cross-entropy takes logits (tf.nn.sparse_softmax_cross_entropy_with_logits)
  silu: null, // PyTorch's silu (x / (1 + exp(-x))); TF's is swish
  swish: 'nn.silu',
  // PyTorch's binary cross-entropies (reduced, weighted); tf.nn.sigmoid_cross_entropy_with_logits is TF's own elementwise formula
  binary_cross_entropy: null, binary_cross_entropy_with_logits: null, // (TF's: tf_sigmoid_cross_entropy)
  argwhere: 'where', cumsum: 'math.cumsum',
  // the core's fused gradients (tanh, sigmoid, square, relu, pow rules): internal, as TF's TanhGrad and ReluGrad are
  tanh_backward: null, sigmoid_backward: null, square_backward: null, relu_backward: null, threshold_backward: null, pow_backward: null,
  // PyTorch's clamp_min / clamp_max / clamp with tensor bounds (their grad_fn names and min/max gradients); TF writes
  // tf.maximum, tf.minimum, and clip_by_value with tensor bounds is clip_ops.py's minimum then maximum, with TF's ties
  clamp_min: null, clamp_max: null, clamp_tensor: null,
  masked_fill: null, // PyTorch's masked_fill; tf.where covers it
  add_scaled: null, sub_scaled: null, mul_scalar: null, // PyTorch's add and sub with alpha, and their rules' mul by a C++ Scalar; TF's add and subtract take no alpha
  // Python's // and %, and C's truncating pair: tf.math.floordiv, floormod, truncatediv and truncatemod are not in
  // this facade yet (TF's FloorDiv of floats is floor(x / y), not PyTorch's CPython rounding at the jumps)
  floor_divide: null, trunc_divide: null, remainder: null, fmod: null,
  floor: 'floor', ceil: 'math.ceil', round: 'round', isnan: 'math.is_nan', isinf: 'math.is_inf', isfinite: 'math.is_finite',
  all: 'reduce_all', any: 'reduce_any',
  trunc: null, // TF 2 has no elementwise trunc (tf.truncatediv and tf.truncatemod divide); tf.cast to an int truncates
  round_decimals: null, // PyTorch's round(decimals=); tf.math.round has no decimals
};
