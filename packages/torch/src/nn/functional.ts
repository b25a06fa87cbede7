/** torch.nn.functional: PyTorch's names and defaults over the core's activations and losses. */
export * from './losses.js';
import { core } from '../core.js';
import { IndexError, NotImplementedError, RuntimeError } from '../errors.js';
import { Tensor, wrap } from '../tensor.js';
import { fmtSize } from '../size.js';
import { runInplace } from '../inplace.js';
import type { DType } from '../dtype.js';
import * as O from '../ops.js';
import { dtypeArg } from '../ops/args.js';
import {
  TWO, checkIgnoreIndex, checkKeywords, checkLogSoftmax, checkNll, cppDouble, floatKernel, getEnum, legacyReduction, lossOptions, reductionOf, scalarType, sizes, warnOnce,
} from './args.js';

/** relu(input): torch.relu (which refuses bool, as Activation.cpp's relu). */
export function relu(input: Tensor): Tensor {
  return O.relu(input);
}
/** sigmoid(input): torch.sigmoid, with the deprecation warning of torch/nn/functional.py's F.sigmoid. */
export function sigmoid(input: Tensor): Tensor {
  warnOnce('nn.functional.sigmoid is deprecated. Use torch.sigmoid instead.');
  return O.sigmoid(input);
}
/** tanh(input): torch.tanh, with the deprecation warning of torch/nn/functional.py's F.tanh. */
export function tanh(input: Tensor): Tensor {
  warnOnce('nn.functional.tanh is deprecated. Use torch.tanh instead.');
  return O.tanh(input);
}

/**
 * F.softmax's dim: the one given, or PyTorch's legacy choice when it is missing (0 for 0-, 1- and 3-d inputs,
 * else 1), with its deprecation warning. NOTE: torch.softmax and Tensor.softmax require dim; only F's is optional.
 */
function implicitDim(op: string, input: Tensor, dim: number | null | undefined | O.SoftmaxOptions, dtype?: DType | null | O.SoftmaxOptions): O.SoftmaxOptions {
  const o: O.SoftmaxOptions = dim !== null && typeof dim === 'object' ? dim : { dim, ...dtypeArg(dtype) };
  if (o.dim !== undefined && o.dim !== null) return o;
  warnOnce(`Implicit dimension choice for ${op} has been deprecated. Change the call to include dim=X as an argument.`);
  const r = input.dim();
  return { dim: r === 0 || r === 1 || r === 3 ? 0 : 1, dtype: o.dtype };
}
/**
 * softmax(input, dim?, dtype?), softmax(input, dim, { dtype }) or softmax(input, { dim, dtype }). NOTE: Python's third
 * positional parameter is _stacklevel, which JavaScript has no use for: it takes the dtype here.
 */
export function softmax(input: Tensor, dim?: number | null | O.SoftmaxOptions, dtype?: DType | null | O.SoftmaxOptions): Tensor {
  return O.softmax(input, implicitDim('softmax', input, dim, dtype));
}
/** log_softmax(input, dim?, dtype?) or log_softmax(input, { dim, dtype }). */
export function log_softmax(input: Tensor, dim?: number | null | O.SoftmaxOptions, dtype?: DType | null | O.SoftmaxOptions): Tensor {
  return O.log_softmax(input, implicitDim('log_softmax', input, dim, dtype));
}

/** leaky_relu(input, negative_slope = 0.01). NOTE: TensorFlow's default slope is 0.2. */
export function leaky_relu(input: Tensor, negative_slope: number | { negative_slope?: number } = 0.01): Tensor {
  const s = typeof negative_slope === 'number' ? negative_slope : negative_slope.negative_slope ?? 0.01;
  // the kernels below are dispatched for floating types only (AT_DISPATCH_FLOATING_TYPES in Activation.cpp's CPU kernels)
  floatKernel('leaky_relu_cpu', input._t.dtype);
  return wrap(core.leakyRelu(input._t, s));
}
export function elu(input: Tensor, alpha: number | { alpha?: number } = 1): Tensor {
  floatKernel('elu_cpu', input._t.dtype);
  return wrap(core.elu(input._t, typeof alpha === 'number' ? alpha : alpha.alpha ?? 1));
}
/** gelu(input, { approximate: 'none' | 'tanh' }); 'none' (the erf form) by default. */
export function gelu(input: Tensor, approximate: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' } = 'none'): Tensor {
  const a = typeof approximate === 'string' ? approximate : approximate.approximate ?? 'none';
  if (a !== 'none' && a !== 'tanh') throw new RuntimeError(`approximate argument must be either none or tanh.`);
  floatKernel('GeluKernelImpl', input._t.dtype);
  return wrap(core.gelu(input._t, a === 'tanh'));
}
/** silu(input, inplace = false): x * sigmoid(x); in place as PyTorch's silu_ (SiluBackward0 on the tensor written). */
export function silu(input: Tensor, inplace: boolean | { inplace?: boolean } = false): Tensor {
  const ip = typeof inplace === 'boolean' ? inplace : inplace.inplace ?? false;
  floatKernel('silu_cpu', input._t.dtype);
  if (!ip) return wrap(core.silu(input._t));
  runInplace(input, 'silu_', [], core.silu);
  return input;
}

/**
 * linear(input, weight, bias?): input @ weight.T + bias, as PyTorch 1.13's at::linear computes it from matmul and
 * add (its addmm for a matrix input rounds the bias in once too: the same value).
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const out = O.matmul(input, weight.t());
  if (bias === null) return out;
  // a matrix input goes through addmm, which expands the bias to the output's size first (and says so when it cannot)
  return O.add(out, input.dim() === 2 ? bias.expand(out.shape) : bias);
}

/** softplus(input, beta = 1, threshold = 20): x itself where beta * x > threshold, as PyTorch. */
export function softplus(input: Tensor, beta: number | { beta?: number; threshold?: number } = 1, threshold = 20): Tensor {
  const o = typeof beta === 'number' ? { beta, threshold } : beta;
  floatKernel('softplus_cpu', input._t.dtype);
  return wrap(core.softplus(input._t, o.beta ?? 1, o.threshold ?? 20));
}

export type Reduction = 'mean' | 'sum' | 'none';
/**
 * The keywords of cross_entropy and nll_loss. `size_average` and `reduce` are PyTorch's deprecated flags: either
 * one, when given, overrides `reduction` (with PyTorch's warning).
 */
export interface LossOptions {
  weight?: Tensor | null;
  size_average?: boolean | null;
  ignore_index?: number;
  reduce?: boolean | null;
  reduction?: Reduction;
  label_smoothing?: number;
}

// Python's parameter lists (torch/nn/functional.py), for the TypeErrors of a wrong keyword
const CE_KEYWORDS = ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing'];
const NLL_KEYWORDS = ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction'];
const MSE_KEYWORDS = ['size_average', 'reduce', 'reduction'];


/** The class axis (PyTorch's dim 1, or 0 for an unbatched input) moved last, as the core's losses expect. */
function classLast(x: core.Tensor): core.Tensor {
  if (x.rank <= 2) return x;
  const perm = [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1];
  return core.transpose(x, perm);
}

const smoothingError = (eps: number): RuntimeError => new RuntimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${cppDouble(eps)}`);

/**
 * cross_entropy(input, target, { weight, ignore_index = -100, reduction = 'mean', label_smoothing = 0 }): logits of
 * shape (C), (N, C) or (N, C, d...) against class indices or class probabilities.
 * Which one is decided by shape, as aten/src/ATen/native/LossNLL.cpp cross_entropy_loss does: a target shaped like
 * the input holds probabilities (and must be floating, without ignore_index), any other target class indices.
 * NOTE: probabilities of another float dtype promote as PyTorch's -(input * target) does, but the log-softmax is
 * taken after the cast: PyTorch takes it in the input's dtype, so a float32 operand beside float64 ones gives values
 * that differ from PyTorch's by float32 rounding (about 1e-8 relative).
 */
export function cross_entropy(input: Tensor, target: Tensor, options: LossOptions | Tensor | null = {}): Tensor {
  const o = lossOptions('cross_entropy', CE_KEYWORDS, options);
  const reduction = reductionOf(o);
  const ignoreIndex = o.ignore_index ?? -100;
  checkIgnoreIndex('cross_entropy_loss', ignoreIndex);
  const x = input._t, y = target._t, w = o.weight?._t ?? null;
  const ls = o.label_smoothing ?? 0;
  // LossNLL.cpp smooths only when label_smoothing > 0 and checks <= 1 only there: a negative (or NaN) value is no smoothing
  const eps = ls > 0 ? ls : 0;
  const classDim = x.rank === 1 ? 0 : 1;
  if (core.sameShape(x.shape, y.shape)) {
    if (!core.isFloat(y.dtype)) throw new RuntimeError(`Expected floating point type for target with class probabilities, got ${scalarType(y.dtype)}`);
    if (!(ignoreIndex < 0)) throw new RuntimeError('ignore_index is not supported for floating point target');
    if (x.rank === 0) throw new IndexError('Dimension specified as 1 but tensor has no dimensions');
    const C = x.shape[classDim]!;
    if (w !== null && !(w.rank === 1 && w.size === C)) {
      throw new RuntimeError(`cross_entropy: weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${sizes(w.shape)}`);
    }
    checkLogSoftmax(x, classDim);
    if (eps > 1) throw smoothingError(eps);
    // cross_entropy_loss_prob_target multiplies log_softmax(input), target and weight: the result type of the three
    const dt = core.promote(core.promote(x.dtype, y.dtype), w?.dtype ?? 'bool');
    // the reduction inside: -(input * target).sum() (/ count) negates the sum, so a zero loss is -0 as in PyTorch
    return wrap(core.softmaxCrossEntropy(core.cast(x, dt), core.cast(y, dt), classDim, w, eps, reduction));
  }
  if (eps > 1) throw smoothingError(eps);
  checkLogSoftmax(x, classDim);
  const { labels, weight } = checkNll(x, y, w);
  if (eps > 0 && w !== null && w.rank !== 1) {
    // nll_loss2d takes a weight of C elements in any shape; cross_entropy_loss_label_smoothing then views it as
    // (1, weight.size(0), 1, ...), and its 'mean' gathers from it along dim 0 with a 1-d index
    const view = x.shape.map((_, d) => (d === classDim ? w.shape[0]! : 1));
    if (w.shape[0] !== w.size) throw new RuntimeError(`shape '${sizes(view)}' is invalid for input of size ${w.size}`);
    if (reduction === 'mean') throw new RuntimeError('Index tensor must have the same number of dimensions as input tensor');
  }
  return wrap(core.classLoss(core.logSoftmax(classLast(x), -1), labels, { weight, ignoreIndex, reduction, labelSmoothing: eps }));
}

/**
 * nll_loss(input, target, { weight, ignore_index = -100, reduction = 'mean' }): -weight[t] input[n, t] for
 * log-probabilities of shape (C), (N, C) or (N, C, d...), with nll_loss_nd's checks (see args.ts checkNll).
 */
export function nll_loss(input: Tensor, target: Tensor, options: Omit<LossOptions, 'label_smoothing'> | Tensor | null = {}): Tensor {
  const o = lossOptions('nll_loss', NLL_KEYWORDS, options);
  const reduction = reductionOf(o);
  const ignoreIndex = o.ignore_index ?? -100;
  checkIgnoreIndex('nll_loss_nd', ignoreIndex);
  const { labels, weight } = checkNll(input._t, target._t, o.weight?._t ?? null);
  return wrap(core.classLoss(classLast(input._t), labels, { weight, ignoreIndex, reduction }));
}

/**
 * mse_loss(input, target, { reduction = 'mean' }), in torch/nn/functional.py's order: the size warning, the legacy
 * flags, broadcasting, the reduction's name, then the kernel's dtype ("mse_cpu" has floating types only).
 */
export function mse_loss(input: Tensor, target: Tensor, o: { size_average?: boolean | null; reduce?: boolean | null; reduction?: Reduction } = {}): Tensor {
  checkKeywords('mse_loss', TWO, MSE_KEYWORDS, o);
  const x = input._t, y = target._t;
  if (!core.sameShape(x.shape, y.shape)) {
    // PyTorch 1.13's warning; the operands then broadcast, as there
    warnOnce(`Using a target size (${fmtSize(target._t.shape)}) that is different to the input size (${fmtSize(input._t.shape)}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`);
  }
  const legacy = legacyReduction(o);
  core.broadcastShapes('mse_loss', x.shape, y.shape); // torch.broadcast_tensors, before get_enum
  const reduction = getEnum(legacy);
  floatKernel('mse_cpu', core.promote(x.dtype, y.dtype));
  return wrap(core.mse(x, y, reduction));
}

export interface PadOptions { mode?: 'constant' | 'reflect' | 'replicate' | 'circular'; value?: number | null }

/**
 * F.pad's non-constant modes, with PyTorch 1.13's checks (_pad_enum and the kernels' texts): no value, 1 to 3 padded
 * dimensions behind one or two others, circular padding of every dimension but the first two, and reflect padding
 * smaller than the dimension (Argument #4, #6, #8 from the last dimension back); for reflect and replicate, the
 * kernels' checks of the input's sizes and of the output's (`checkKernelSizes`).
 */
function checkModePad(input: Tensor, k: number, pads: ReadonlyArray<[number, number]>, mode: 'reflect' | 'replicate' | 'circular', value: number | null): void {
  if (value !== null) throw new RuntimeError(`Padding mode "${mode}" doesn't take in value argument`);
  const r = input.dim(), shape = input._t.shape;
  if (!(k >= 1 && k <= 3 && (r === k + 1 || r === k + 2))) throw new NotImplementedError('Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now');
  if (mode === 'circular' && 2 * k !== 2 * (r - 2)) throw new RuntimeError(`Invalid padding size, expected ${2 * (r - 2)} but got ${2 * k}`);
  if (mode !== 'circular') checkNonZeroSizes(input, k, mode);
  for (let j = 0; j < k; j++) {
    const d = r - 1 - j, [b, a] = pads[d]!, n = shape[d]!;
    if (mode === 'reflect' && (b >= n || a >= n)) {
      const of = k === 2 ? String(r) : `[${shape.join(', ')}]`;
      throw new RuntimeError(`Argument #${4 + 2 * j}: Padding size should be less than the corresponding input dimension, but got: padding (${b}, ${a}) at dimension ${d} of input ${of}`);
    }
    if (mode === 'circular' && (b > n || a > n)) throw new RuntimeError('Padding value causes wrapping around more than once.');
  }
  if (mode !== 'circular') checkOutputSizes(shape, k, pads, mode);
}

/**
 * The reflect and replicate kernels' check of the input: every dimension but a batch one non-zero (reflect's 1-d
 * and 2-d kernels let the channel one be zero too), in each kernel's words.
 */
function checkNonZeroSizes(input: Tensor, k: number, mode: 'reflect' | 'replicate'): void {
  const r = input.dim(), shape = input._t.shape, batched = r === k + 2;
  const first = mode === 'reflect' && k < 3 ? 1 : batched ? 1 : 0;
  if (shape.slice(first).every((n) => n !== 0)) return;
  if (mode === 'reflect' && k < 3) {
    const type = `${scalarType(input._t.dtype)}Tensor`;
    throw new RuntimeError(`${k + 1}D or ${k + 2}D (batch mode) tensor expected for input, but got: [ torch.${type}{${shape.join(',')}} ]`);
  }
  throw new RuntimeError(`Expected ${k + 1}D or ${k + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${sizes(shape)}`);
}

/**
 * The reflect and replicate kernels' check of the output's sizes: too small when every padded size is below 1 (for
 * one padded dimension: when it is), in each kernel's words (1.13's, spaces as they are); then no size may be negative.
 */
function checkOutputSizes(shape: readonly number[], k: number, pads: ReadonlyArray<[number, number]>, mode: 'reflect' | 'replicate'): void {
  const r = shape.length;
  const ins = shape.slice(r - k), outs = ins.map((n, i) => n + pads[r - k + i]![0] + pads[r - k + i]![1]);
  if (outs.every((o) => o < 1)) {
    const [w, ow] = [ins[k - 1], outs[k - 1]];
    const text = k === 1 ? `input (W: ${w})${mode === 'reflect' ? 'is' : ' is'} too small. Calculated output W: ${ow}`
      : k === 2 ? `input (H: ${ins[0]}, W: ${w}${mode === 'reflect' ? ')is' : ' ) is'} too small. Calculated output H: ${outs[0]} W: ${ow}`
        : `input (D: ${ins[0]} H: ${ins[1]}, W: ${w}) is too small. Calculated output D: ${outs[0]} H: ${outs[1]} W: ${ow}`;
    throw new RuntimeError(k === 1 && mode === 'reflect' ? `2${text}` : text); // sic: 1.13's reflect 1-d text starts with a stray 2
  }
  const out = [...shape.slice(0, r - k), ...outs];
  const neg = out.find((o) => o < 0);
  if (neg !== undefined) throw new RuntimeError(`Trying to create tensor with negative dimension ${neg}: ${sizes(out)}`);
}
/**
 * pad(input, pad, mode = 'constant', value = 0), or pad(input, pad, { mode, value }): `pad` lists (before, after)
 * pairs from the last dimension backwards.
 */
export function pad(input: Tensor, pad: readonly number[], modeOrOptions: 'constant' | PadOptions = 'constant', value: number | null = null): Tensor {
  const o = typeof modeOrOptions === 'object' ? modeOrOptions : { mode: modeOrOptions, value };
  const mode = o.mode ?? 'constant';
  if (mode !== 'constant' && mode !== 'reflect' && mode !== 'replicate' && mode !== 'circular') {
    throw new NotImplementedError(`Unrecognised padding mode ${mode}`);
  }
  if (pad.length % 2 !== 0) throw new RuntimeError('Padding length must be divisible by 2');
  const r = input.dim();
  if (pad.length / 2 > r) throw new RuntimeError('Padding length too large');
  const pads: Array<[number, number]> = Array.from({ length: r }, () => [0, 0]);
  for (let i = 0; i < pad.length / 2; i++) pads[r - 1 - i] = [pad[2 * i]!, pad[2 * i + 1]!];
  if (mode !== 'constant') checkModePad(input, pad.length / 2, pads, mode, o.value ?? null);
  // reflect and replicate read entry j - before of the input for output entry j, negative padding included
  if (mode === 'reflect' || mode === 'replicate') return wrap(core.padWith(input._t, pads, mode));
  // Negative padding crops (PyTorch narrows the input first, with narrow's errors when too much is cut); the rest
  // of the padding then reads the cropped tensor, as constant_pad_nd and circular padding do.
  const crops = pads.map(([b, a], d) => {
    const n = input._t.shape[d]!, start = Math.max(0, -b), m = n - start, len = m + Math.min(0, a);
    // narrow wraps a start beyond the size as a dimension (maybe_wrap_dim), hence its IndexError
    if (start > n) throw new IndexError(`Dimension out of range (expected to be in range of [${-Math.max(n, 1)}, ${Math.max(n, 1) - 1}], but got ${start})`);
    if (len < 0) throw new RuntimeError(`start (0) + length (${len}) exceeds dimension size (${m}).`);
    return { start, stop: start + len };
  });
  const x = pads.some(([b, a]) => b < 0 || a < 0) ? core.slice(input._t, crops) : input._t;
  const grow = pads.map(([b, a]) => [Math.max(0, b), Math.max(0, a)] as [number, number]);
  if (mode === 'circular') return wrap(core.padWith(x, grow, mode));
  // constant_pad_nd: with nothing to add, the cropped input (a clone); else no padded size may fall below 1
  if (grow.every(([b, a]) => b === 0 && a === 0)) return wrap(core.clone(x));
  for (let d = r - pad.length / 2; d < r; d++) {
    const [b, a] = pads[d]!, n = input._t.shape[d]!;
    if (n + b + a <= 0) {
      throw new RuntimeError(`The input size ${n}, plus negative padding ${b} and ${a} resulted in a negative output size, which is invalid. Check dimension ${d} of your input.`);
    }
  }
  return wrap(core.pad(x, grow, o.value ?? 0));
}

