/**
 * @twingrad/torch: PyTorch's autograd API over @twingrad/core, so PyTorch code ports line by line.
 * Names, defaults, return values, printing and errors follow PyTorch; every number comes from the core.
 *
 * For other twingrad packages (e.g. the optimizers): a facade tensor's core tensor is `x._t`, and
 * `wrap(coreTensor)` returns the facade tensor of a core tensor (always the same object for one core tensor).
 *
 * @example
 * import * as torch from '@twingrad/torch';
 * const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { requires_grad: true });
 * x.pow(2).sum().backward();
 * console.log(String(x.grad)); // tensor([[ 2.,  4.,  6.],
 *                              //         [ 8., 10., 12.]])
 */
import { autogradBackward, enable_grad, grad, inference_mode, no_grad, set_grad_enabled } from './autograd.js';
import { detect_anomaly, set_detect_anomaly } from './anomaly_mode.js';
import * as functional from './functional.js';

export { Tensor, wrap, unwrap, type TensorLike } from './tensor.js';
export { GradFn } from './grad_fn.js';
export { Size } from './size.js';
export { Device, device } from './device.js';
export { type RemovableHandle } from './hooks.js';
export { DType, float32, float64, int64, int32, bool, float, double, long, int, get_default_dtype } from './dtype.js';
export * from './creation.js';
// NOTE: the op names one by one (torch.__all__'s role): ops.ts also exports what tensor.ts shares with it (the
// `_name(method, ...)` bodies, addSub, sizeArgs, the name tables), which are not torch functions.
export {
  cat, concat, concatenate, stack, where, ReturnType, type Dim, type DimOption, type DimOptions, type SumOptions, type ProdOptions, type VarOptions, type NormOptions, type DivOptions, type RoundOptions, type ClampOptions, type CumsumOptions, type SoftmaxOptions, type FlattenOptions, type SqueezeOptions, type TransposeOptions, type NarrowOptions, type SelectOptions, type IndexSelectOptions,
} from './ops.js';
// the functions whose first argument is PyTorch's `input`, checked as its parser does (functions.ts)
export {
  abs, absolute, add, all, amax, amin, any, argmax, argmin, atan2, bmm, broadcast_to, ceil, chunk, clamp, clamp_max, clamp_min, clip, clone, cos, cumsum, div, divide, dot, eq, erf, exp, expm1, fix, flatten, flip, floor, floor_divide, fmod, ge, gt, index_select, isfinite, isinf, isnan, le, log, log1p, log_softmax, logical_not, logsumexp, lt, matmul, max, maximum, mean, min, minimum, mm, mul, multiply, mv, narrow, ne, neg, negative, nonzero, norm, permute, pow, prod, reciprocal, relu, remainder, reshape, round, rsqrt, select, sigmoid, sign, sin, softmax, split, sqrt, square, squeeze, std, std_mean, sub, subtract, sum, swapaxes, t, tan, tanh, tile, transpose, true_divide, trunc, unbind, unsqueeze, var, var_mean,
} from './functions.js';
export { masked_fill } from './ops.js';
export {
  no_grad, enable_grad, is_grad_enabled, set_grad_enabled, inference_mode, is_inference_mode_enabled,
  type BackwardOptions, type TensorBackwardOptions, type AutogradBackwardOptions, type GradOptions, type Gradients,
} from './autograd.js';
export { is_anomaly_enabled, is_anomaly_check_nan_enabled, set_anomaly_enabled } from './anomaly_mode.js';
export { formatTensor, PRINT_OPTS, set_printoptions, type PrintOptions } from './format.js';
export { set_num_threads, get_num_threads } from './threads.js';
/**
 * PyTorch's exceptions under Python's names: `catch (e) { if (e instanceof torch.RuntimeError) ... }`.
 * `torch.TypeError` is TorchTypeError (a subclass of JavaScript's TypeError); import that name to keep the builtin.
 */
export {
  RuntimeError, IndexError, ValueError, KeyError, NotImplementedError, AssertionError, AttributeError, TorchTypeError, TorchTypeError as TypeError,
} from './errors.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';

/**
 * torch.autograd: backward (accumulates into .grad), grad (returns), the functional API, and the grad-mode
 * functions torch/autograd/__init__.py re-exports from grad_mode (the same functions as torch.no_grad, ...), and
 * anomaly_mode's two.
 */
export const autograd = {
  backward: autogradBackward, grad, functional, no_grad, enable_grad, set_grad_enabled, inference_mode, detect_anomaly, set_detect_anomaly,
};
