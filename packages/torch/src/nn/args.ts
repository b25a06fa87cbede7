/**
 * torch.nn.functional's argument handling, kept apart from functional.ts: Python's keyword checks, the legacy
 * size_average/reduce flags (torch/nn/_reduction.py), and the checks ATen makes before nll_loss, cross_entropy,
 * mse_loss and the activations compute (aten/src/ATen/native/LossNLL.cpp, LossNLL2d.cpp), in their order and words.
 * Each text was recorded from PyTorch 1.13 (see test/functional-review.test.ts). Nothing here computes a value.
 */
import { core } from '../core.js';
import { Tensor } from '../tensor.js';
import { IndexError, RuntimeError, TorchTypeError, ValueError, scalarType, warnOnce } from '../errors.js';

export { scalarType, warnOnce };

/** A size list as ATen prints it: `[2, 3]`. */
export const sizes = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * A double as C++'s `operator<<` prints it (printf's %g, 6 significant digits): 2.0 is "2", 1.23456789 is "1.23457",
 * 1e10 is "1e+10". TORCH_CHECK's messages print their double arguments this way.
 */
export function cppDouble(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [m, e] = v.toExponential(5).split('e') as [string, string];
  const exp = Number(e);
  const strip = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 6) return `${strip(m)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return strip(v.toFixed(Math.max(0, 5 - exp)));
}

/**
 * Python's own TypeErrors for keyword arguments, checked in the order given as Python does: a key naming a
 * positional parameter already passed, or a key the function does not take.
 */
export function checkKeywords(fn: string, positional: readonly string[], keywords: readonly string[], o: object): void {
  for (const k of Object.keys(o)) {
    if (positional.includes(k)) throw new TorchTypeError(`${fn}() got multiple values for argument '${k}'`);
    if (!keywords.includes(k)) throw new TorchTypeError(`${fn}() got an unexpected keyword argument '${k}'`);
  }
}

/** The positional parameters of the losses, before their keywords. */
export const TWO = ['input', 'target'];

/** The options of a loss: an options object, or (Python's third positional parameter) the weight itself. */
export function lossOptions<T extends object>(fn: string, keywords: readonly string[], o: T | Tensor | null): T & { weight?: Tensor | null } {
  if (o === null || o instanceof Tensor) return { weight: o } as T;
  checkKeywords(fn, TWO, keywords, o);
  return o;
}

export interface LegacyReduction { size_average?: boolean | null; reduce?: boolean | null; reduction?: string }

/**
 * torch/nn/_reduction.py legacy_get_string: when either legacy flag is given, it overrides `reduction` (a missing
 * flag counts as True; Python's truthiness), with its warning. The name is checked later, by getEnum.
 */
export function legacyReduction(o: LegacyReduction): string {
  const r = o.reduction ?? 'mean', sa = o.size_average ?? null, rd = o.reduce ?? null;
  if (sa === null && rd === null) return r;
  const avg = sa === null ? true : Boolean(sa), red = rd === null ? true : Boolean(rd);
  const ret = avg && red ? 'mean' : red ? 'sum' : 'none';
  warnOnce(`size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`);
  return ret;
}

/** torch/nn/_reduction.py get_enum: unknown names refused, the deprecated 'elementwise_mean' taken as 'mean' (with its warning). */
export function getEnum(r: string): 'mean' | 'sum' | 'none' {
  if (r === 'elementwise_mean') {
    warnOnce("reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.");
    return 'mean';
  }
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw new ValueError(`${r} is not a valid value for reduction`);
  return r;
}

/** The reduction of cross_entropy and nll_loss: the legacy flags, then get_enum, as torch/nn/functional.py calls them. */
export const reductionOf = (o: LegacyReduction): 'mean' | 'sum' | 'none' => getEnum(legacyReduction(o));

/** ignore_index reaches ATen as an int: the Python binding refuses anything else (the 5th argument of `op`). */
export function checkIgnoreIndex(op: string, v: number): void {
  if (!Number.isInteger(v)) throw new TorchTypeError(`${op}(): argument 'ignore_index' (position 5) must be int, not float`);
}

/** An AT_DISPATCH_FLOATING_TYPES kernel's refusal of an integer or bool tensor. */
export function floatKernel(kernel: string, d: core.DType): void {
  if (!core.isFloat(d)) throw new RuntimeError(`"${kernel}" not implemented for '${scalarType(d)}'`);
}

/**
 * log_softmax's checks as cross_entropy meets them: the dim wrapped first (IndexError), then the kernel's dtype
 * (log_softmax_cpu_out picks the last-dim kernel when dim is the last one; the other one's dispatch is named
 * "softmax_kernel_impl" in SoftMaxKernel.cpp). An empty input returns before the kernel.
 */
export function checkLogSoftmax(x: core.Tensor, dim: number): void {
  const r = Math.max(1, x.rank);
  if (dim >= r) throw new IndexError(`Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`);
  if (x.size > 0) floatKernel(dim === r - 1 ? 'log_softmax_lastdim_kernel_impl' : 'softmax_kernel_impl', x.dtype);
}

/**
 * The autograd kernel of nll_loss_forward (nll_loss2d_forward for inputs of 3 or more dims) refuses a weight that
 * requires grad while grad mode is on (VariableType's check_no_requires_grad: derivatives.yaml gives weight no
 * formula), after nll_loss_nd's own checks and before the op's (target shape, weight size, dtypes, target bounds).
 */
export function notDifferentiable(fn: string, w: core.Tensor | null, arg = 'weight'): void {
  if (w !== null && w.requiresGrad && core.mode.grad) {
    throw new RuntimeError(`The function '${fn}' is not differentiable with respect to argument '${arg}'. This input cannot have requires_grad True.`);
  }
}

/**
 * nll_loss_nd's checks (LossNLL.cpp) and those of the nll_loss or nll_loss2d it calls (the weight's requires_grad
 * (notDifferentiable), its meta function, LossNLL2d.cpp check_inputs_nll_loss2d, then the kernel's dispatch and data
 * pointers: input dtype, weight dtype, target dtype), in that order. Returns the labels and weight in the form the
 * core's classLoss takes (see checkNllLoss, checkNllLoss2d).
 */
export function checkNll(x: core.Tensor, y: core.Tensor, w: core.Tensor | null): { labels: core.Tensor; weight: core.Tensor | null } {
  const r = x.rank, xs = x.shape, ys = y.shape;
  if (r < 1) throw new ValueError(`Expected 1 or more dimensions (got ${r})`);
  // NOTE: 1.13 reads sizes()[0] of a 0-d target too; it prints 0
  const yBatch = ys[0] ?? 0;
  if (r !== 1 && xs[0] !== yBatch) throw new ValueError(`Expected input batch_size (${xs[0]}) to match target batch_size (${yBatch}).`);
  const { labels, weight, kernel } = r <= 2 ? checkNllLoss(x, y, w) : checkNllLoss2d(x, y, w);
  floatKernel(kernel, x.dtype);
  if (w !== null && w.dtype !== x.dtype) throw new RuntimeError(`expected scalar type ${scalarType(x.dtype)} but found ${scalarType(w.dtype)}`);
  if (y.dtype !== 'int32') throw new RuntimeError(`expected scalar type Long but found ${scalarType(y.dtype)}`);
  return { labels, weight };
}

/** The labels and weight as classLoss takes them, and the kernel whose dispatch checks the dtypes next. */
interface NllForm { labels: core.Tensor; weight: core.Tensor | null; kernel: string }

/**
 * nll_loss's checks (1-d and 2-d inputs), up to its kernel's dispatch. A 1-d input with a 1-d target of its length
 * passes 1.13's size check, and its kernel reads target[0] alone.
 */
function checkNllLoss(x: core.Tensor, y: core.Tensor, w: core.Tensor | null): NllForm {
  const r = x.rank, xs = x.shape, ys = y.shape;
  notDifferentiable('nll_loss_forward', w);
  if (y.rank > 1) throw new RuntimeError('0D or 1D target tensor expected, multi-target not supported');
  if (!(r === 1 && y.rank === 0)) {
    // only an empty batch with a 0-d target gets here, where target.size(0) fails
    if (y.rank === 0) throw new IndexError('Dimension specified as 0 but tensor has no dimensions');
    if (xs[0] !== ys[0]) throw new RuntimeError(`size mismatch (got input: ${sizes(xs)}, target: ${sizes(ys)})`);
  }
  const C = xs[r - 1]!;
  if (w !== null && !(w.rank === 1 && w.size === C)) {
    throw new RuntimeError(`weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${sizes(w.shape)}`);
  }
  return { labels: r === 1 && y.rank === 1 ? core.slice(y, [0]) : y, weight: w, kernel: 'nll_loss_out_frame' };
}

/**
 * nll_loss_nd's target check for inputs of 3 or more dims, then nll_loss2d's checks, up to its kernel's dispatch.
 * nll_loss2d takes a weight of any shape with C elements.
 */
function checkNllLoss2d(x: core.Tensor, y: core.Tensor, w: core.Tensor | null): NllForm {
  const r = x.rank, xs = x.shape, ys = y.shape;
  if (r !== 4) {
    // nll_loss_nd views other ranks as (N, C, 1, -1) after this check, so nll_loss2d's own checks pass
    if (!core.sameShape(ys.slice(1), xs.slice(2))) throw new RuntimeError(`Expected target size ${sizes([xs[0]!, ...xs.slice(2)])}, got ${sizes(ys)}`);
  }
  notDifferentiable('nll_loss2d_forward', w);
  if (r === 4 && y.rank !== 3) {
    throw new RuntimeError(`only batches of spatial targets supported (3D tensors) but got targets of dimension: ${y.rank}`);
  }
  const C = xs[1]!;
  if (w !== null && w.size !== C) throw new RuntimeError('weight tensor should be defined either for all or no classes');
  if (r === 4 && !(xs[0] === ys[0] && xs[2] === ys[1] && xs[3] === ys[2])) {
    throw new RuntimeError(`size mismatch (got input: ${sizes(xs)} , target: ${sizes(ys)}`); // sic: 1.13's text has no ')'
  }
  return { labels: y, weight: w !== null && w.rank !== 1 ? core.reshape(w, [C]) : w, kernel: 'nll_loss2d_forward_out_frame' };
}
