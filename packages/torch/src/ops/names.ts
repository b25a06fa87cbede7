/** The facade's name tables: the core op(s) each PyTorch name calls, and the core ops it leaves unnamed, and why. */

/**
 * PyTorch name -> the core registry op(s) it calls. The coverage test checks that every core op is named here
 * (or listed in NOT_EXPOSED), that every name here exists in the facade, and that every op named is in the registry.
 */
export const CORE_OPS: Readonly<Record<string, string | readonly string[]>> = {
  add: ['add', 'add_scaled'], sub: ['sub', 'sub_scaled'], mul: ['mul', 'mul_scalar'], div: ['div', 'floor_divide', 'trunc_divide'], true_divide: 'div', floor_divide: 'floor_divide',
  remainder: 'remainder', fmod: 'fmod', pow: ['pow', 'pow_scalar'], maximum: 'maximum', minimum: 'minimum',
  atan2: 'atan2', neg: 'neg', abs: 'abs', sign: 'sign', exp: 'exp', log: 'log', log1p: 'log1p', expm1: 'expm1',
  sqrt: 'sqrt', rsqrt: 'rsqrt', square: 'square', reciprocal: 'reciprocal', sin: 'sin', cos: 'cos', tan: 'tan',
  tanh: 'tanh', sigmoid: 'sigmoid', relu: 'relu', erf: 'erf', leaky_relu: 'leaky_relu', elu: 'elu', softplus: 'softplus',
  gelu: 'gelu', eq: 'eq', ne: 'ne', lt: 'lt', le: 'le', gt: 'gt', ge: 'ge', logical_not: 'logical_not', where: 'where', masked_fill: 'masked_fill',
  clamp: ['clamp', 'clamp_tensor'], clamp_min: ['clamp_min', 'clamp_tensor'], clamp_max: ['clamp_max', 'clamp_tensor'],
  clone: 'clone', sum: 'sum', mean: 'mean', prod: 'prod', max: ['max', 'argmax'], min: ['min', 'argmin'], amax: 'max', amin: 'min',
  argmax: 'argmax', argmin: 'argmin', logsumexp: 'logsumexp', var: 'variance', std: 'std', norm: ['norm', 'svdvals'],
  var_mean: ['variance', 'mean'], std_mean: ['std', 'mean'],
  floor: 'floor', ceil: 'ceil', round: ['round', 'round_decimals'], trunc: 'trunc', isnan: 'isnan', isinf: 'isinf', isfinite: 'isfinite', all: 'all', any: 'any',
  reshape: 'reshape', view: 'reshape', permute: 'transpose', t: 't', transpose: 'swapaxes',
  unsqueeze: 'expand_dims', squeeze: 'squeeze', broadcast_to: 'broadcast_to', expand: 'broadcast_to', cat: 'concat',
  stack: 'stack', split: 'split', chunk: 'split', unbind: 'unbind', flip: 'flip', tile: 'tile', repeat: 'tile', narrow: 'slice', select: 'slice', index: 'slice',
  index_select: 'gather', pad: 'pad', to: 'cast', matmul: 'matmul', mm: 'matmul', bmm: 'bmm',
  softmax: 'softmax', log_softmax: 'log_softmax', cross_entropy: ['sparse_softmax_cross_entropy', 'softmax_cross_entropy'],
  mse_loss: 'mse', nll_loss: 'nll_loss', nonzero: 'argwhere', cumsum: 'cumsum', silu: 'silu',
  binary_cross_entropy: 'binary_cross_entropy', binary_cross_entropy_with_logits: 'binary_cross_entropy_with_logits',
};

/** Core ops the facade deliberately does not name, and why. */
export const NOT_EXPOSED: Readonly<Record<string, string>> = {
  identity: 'an alias op for the core and the tf facade (tf.identity); PyTorch has no user-facing equivalent',
  tanh_backward: 'a fused gradient of the core (torch.ops.aten.tanh_backward is internal)',
  sigmoid_backward: 'a fused gradient of the core (torch.ops.aten.sigmoid_backward is internal)',
  square_backward: 'a fused gradient of the core (square\'s rule g * 2x in one pass)',
  relu_backward: "a fused gradient of the core (TensorFlow's ReluGrad)",
  threshold_backward: 'a fused gradient of the core (torch.ops.aten.threshold_backward is internal)',
  pow_backward: 'a fused gradient of the core (pow\'s rule g * p * x^(p-1) in one pass)',
  as_strided: 'the history a copy where PyTorch has a view takes again after a write to its source (AsStridedBackward0, see copies.ts); torch.as_strided takes strides, which dense tensors do not have',
  copy_slices: 'the history an in-place op on a view leaves on its base (CopySlices, see copies.ts); no torch function of its own',
  fill: 'Tensor.fill_ and zero_ (FillBackward2, ZeroBackward0): in place only, as in PyTorch',
  copy: 'Tensor.copy_ (CopyBackwards): in place only, as in PyTorch',
  swish: 'TensorFlow\'s tf.nn.silu (x * sigmoid(beta x), its own rounding and gradient); F.silu is PyTorch\'s silu',
  tf_sigmoid_cross_entropy: 'TensorFlow\'s sigmoid cross-entropy, nn_impl.py\'s composition (F.binary_cross_entropy_with_logits is PyTorch\'s own kernel)',
  tf_softmax_cross_entropy: 'TensorFlow\'s dense softmax cross-entropy kernel and its gradient (F.cross_entropy with probabilities takes softmax_cross_entropy)',
};
