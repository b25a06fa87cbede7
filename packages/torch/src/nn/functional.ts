/** torch.nn.functional: PyTorch's names and defaults over the core's activations and losses. */
import { core } from '../core.js';
import { NotImplementedError, RuntimeError, ValueError } from '../errors.js';
import { Tensor, wrap } from '../tensor.js';
import type { DType } from '../dtype.js';
import * as O from '../ops.js';

export { relu, sigmoid, tanh } from '../ops.js';

const warned = new Set<string>();
/** A UserWarning through `process.emitWarning` (Node; `console.warn` elsewhere), once per message per process (see tensor.ts). */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  const p = (globalThis as { process?: { emitWarning?: (m: string, t: string) => void } }).process;
  if (p?.emitWarning) p.emitWarning(message, 'UserWarning');
  else console.warn(`UserWarning: ${message}`);
}

/**
 * F.softmax's dim: the one given, or PyTorch's legacy choice when it is missing (0 for 0-, 1- and 3-d inputs,
 * else 1), with its deprecation warning. NOTE: torch.softmax and Tensor.softmax require dim; only F's is optional.
 */
function implicitDim(op: string, input: Tensor, dim: number | null | undefined | O.SoftmaxOptions, dtype?: DType | null): O.SoftmaxOptions {
  const o: O.SoftmaxOptions = dim !== null && typeof dim === 'object' ? dim : { dim, dtype };
  if (o.dim !== undefined && o.dim !== null) return o;
  warnOnce(`Implicit dimension choice for ${op} has been deprecated. Change the call to include dim=X as an argument.`);
  const r = input.dim();
  return { dim: r === 0 || r === 1 || r === 3 ? 0 : 1, dtype: o.dtype };
}
/** softmax(input, dim?, dtype?) or softmax(input, { dim, dtype }). */
export function softmax(input: Tensor, dim?: number | null | O.SoftmaxOptions, dtype?: DType | null): Tensor {
  return O.softmax(input, implicitDim('softmax', input, dim, dtype));
}
/** log_softmax(input, dim?, dtype?) or log_softmax(input, { dim, dtype }). */
export function log_softmax(input: Tensor, dim?: number | null | O.SoftmaxOptions, dtype?: DType | null): Tensor {
  return O.log_softmax(input, implicitDim('log_softmax', input, dim, dtype));
}

/** leaky_relu(input, negative_slope = 0.01). NOTE: TensorFlow's default slope is 0.2. */
export function leaky_relu(input: Tensor, negative_slope: number | { negative_slope?: number } = 0.01): Tensor {
  const s = typeof negative_slope === 'number' ? negative_slope : negative_slope.negative_slope ?? 0.01;
  return wrap(core.leakyRelu(input._t, s));
}
export function elu(input: Tensor, alpha: number | { alpha?: number } = 1): Tensor {
  return wrap(core.elu(input._t, typeof alpha === 'number' ? alpha : alpha.alpha ?? 1));
}
/** gelu(input, { approximate: 'none' | 'tanh' }); 'none' (the erf form) by default. */
export function gelu(input: Tensor, approximate: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' } = 'none'): Tensor {
  const a = typeof approximate === 'string' ? approximate : approximate.approximate ?? 'none';
  if (a !== 'none' && a !== 'tanh') throw new RuntimeError(`approximate argument must be either none or tanh.`);
  return wrap(core.gelu(input._t, a === 'tanh'));
}
/** softplus(input, beta = 1, threshold = 20): x itself where beta * x > threshold, as PyTorch. */
export function softplus(input: Tensor, beta: number | { beta?: number; threshold?: number } = 1, threshold = 20): Tensor {
  const o = typeof beta === 'number' ? { beta, threshold } : beta;
  return wrap(core.softplus(input._t, o.beta ?? 1, o.threshold ?? 20));
}

export type Reduction = 'mean' | 'sum' | 'none';
export interface LossOptions { reduction?: Reduction; weight?: Tensor | null; ignore_index?: number; label_smoothing?: number }

function reduce(loss: core.Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return wrap(core.mean(loss));
  if (reduction === 'sum') return wrap(core.sum(loss));
  if (reduction === 'none') return wrap(loss);
  throw new ValueError(`${reduction} is not a valid value for reduction`);
}


/** The class axis (PyTorch's dim 1, or 0 for an unbatched input) moved last, as the core's losses expect. */
function classLast(x: core.Tensor): core.Tensor {
  if (x.rank <= 2) return x;
  const perm = [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1];
  return core.transpose(x, perm);
}

/**
 * cross_entropy(input, target, { reduction = 'mean' }): logits of shape (C), (N, C) or (N, C, d...) against
 * class indices (an integer tensor) or class probabilities (a float tensor shaped like input).
 */
export function cross_entropy(input: Tensor, target: Tensor, o: LossOptions = {}): Tensor {
  const x = input._t, y = target._t;
  const reduction = checkReduction(o.reduction ?? 'mean');
  const eps = o.label_smoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new RuntimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${pyFloat(eps)}`);
  const weight = o.weight?._t ?? null;
  if (core.isFloat(y.dtype)) return reduce(core.softmaxCrossEntropy(x, y, x.rank === 1 ? 0 : 1, weight, eps), reduction);
  return wrap(core.classLoss(core.logSoftmax(classLast(x), -1), y, { weight, ignoreIndex: o.ignore_index ?? -100, reduction, labelSmoothing: eps }));
}

/** nll_loss(input, target, { weight, ignore_index, reduction }): -weight[t] input[n, t] for log-probabilities of shape (C), (N, C) or (N, C, d...). */
export function nll_loss(input: Tensor, target: Tensor, o: Omit<LossOptions, 'label_smoothing'> = {}): Tensor {
  const reduction = checkReduction(o.reduction ?? 'mean');
  return wrap(core.classLoss(classLast(input._t), target._t, { weight: o.weight?._t ?? null, ignoreIndex: o.ignore_index ?? -100, reduction }));
}

function checkReduction(r: Reduction): Reduction {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw new ValueError(`${r} is not a valid value for reduction`);
  return r;
}

/** Python's str of a float: 1.5, 2.0. */
const pyFloat = (v: number): string => (Number.isInteger(v) ? `${v}.0` : String(v));

export function mse_loss(input: Tensor, target: Tensor, o: { reduction?: Reduction } = {}): Tensor {
  if (!core.sameShape(input._t.shape, target._t.shape)) {
    // PyTorch 1.13's warning; the operands then broadcast, as there
    const size = (t: Tensor) => `torch.Size([${t._t.shape.join(', ')}])`;
    warnOnce(`Using a target size (${size(target)}) that is different to the input size (${size(input)}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`);
  }
  return wrap(core.mse(input._t, target._t, o.reduction ?? 'mean'));
}

export interface PadOptions { mode?: 'constant' | 'reflect' | 'replicate' | 'circular'; value?: number | null }

/**
 * F.pad's non-constant modes, with PyTorch 1.13's checks (_pad_enum and the kernels' texts): no value, 1 to 3 padded
 * dimensions behind one or two others, circular padding of every dimension but the first two, and reflect padding
 * smaller than the dimension (Argument #4, #6, #8 from the last dimension back).
 */
function checkModePad(input: Tensor, k: number, pads: ReadonlyArray<[number, number]>, mode: 'reflect' | 'replicate' | 'circular', value: number | null): void {
  if (value !== null) throw new RuntimeError(`Padding mode "${mode}" doesn't take in value argument`);
  const r = input.dim(), shape = input._t.shape;
  if (!(k >= 1 && k <= 3 && (r === k + 1 || r === k + 2))) throw new NotImplementedError('Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now');
  if (mode === 'circular' && 2 * k !== 2 * (r - 2)) throw new RuntimeError(`Invalid padding size, expected ${2 * (r - 2)} but got ${2 * k}`);
  for (let j = 0; j < k; j++) {
    const d = r - 1 - j, [b, a] = pads[d]!, n = shape[d]!;
    if (mode === 'reflect' && (b >= n || a >= n)) {
      const of = k === 2 ? String(r) : `[${shape.join(', ')}]`;
      throw new RuntimeError(`Argument #${4 + 2 * j}: Padding size should be less than the corresponding input dimension, but got: padding (${b}, ${a}) at dimension ${d} of input ${of}`);
    }
    if (mode === 'circular' && (b > n || a > n)) throw new RuntimeError('Padding value causes wrapping around more than once.');
  }
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
  // Negative padding crops (PyTorch narrows the input first, with narrow's error when too much is cut); the rest
  // of the padding then reads the cropped tensor, as PyTorch's kernels do.
  const crops = pads.map(([b, a], d) => {
    const n = input._t.shape[d]!, start = Math.max(0, -b), m = n - start, len = m + Math.min(0, a);
    if (start > n) throw new RuntimeError(`start (${start}) + length (${m}) exceeds dimension size (${n}).`);
    if (len < 0) throw new RuntimeError(`start (0) + length (${len}) exceeds dimension size (${m}).`);
    return { start, stop: start + len };
  });
  const x = pads.some(([b, a]) => b < 0 || a < 0) ? core.slice(input._t, crops) : input._t;
  const grow = pads.map(([b, a]) => [Math.max(0, b), Math.max(0, a)] as [number, number]);
  return wrap(mode === 'constant' ? core.pad(x, grow, o.value ?? 0) : core.padWith(x, grow, mode));
}

