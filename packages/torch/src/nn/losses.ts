/**
 * torch.nn.functional's l1_loss and binary cross-entropy losses: torch/nn/functional.py's checks, warnings and
 * defaults, then the core's losses (l1_loss is PyTorch 1.13's composite, (input - target).abs() reduced, so it is
 * those ops here too). Each text was recorded from PyTorch 1.13 (see test/nn-losses.test.ts).
 */
import { core } from '../core.js';
import { RuntimeError, ValueError } from '../errors.js';
import { Tensor, wrap } from '../tensor.js';
import { fmtSize } from '../size.js';
import * as O from '../ops.js';
import { TWO, checkKeywords, lossOptions, notDifferentiable, reductionOf, scalarType, sizes, warnOnce, type LegacyReduction } from './args.js';

export interface L1Options extends LegacyReduction { reduction?: 'mean' | 'sum' | 'none' }
export interface BceOptions extends L1Options { weight?: Tensor | null }
export interface BceLogitsOptions extends BceOptions { pos_weight?: Tensor | null }

const L1_KEYWORDS = ['size_average', 'reduce', 'reduction'];
const BCE_KEYWORDS = ['weight', 'size_average', 'reduce', 'reduction'];
const BCE_LOGITS_KEYWORDS = [...BCE_KEYWORDS, 'pos_weight'];

/**
 * l1_loss(input, target, { reduction = 'mean' }): mean (or sum, or none) of |input - target|, broadcast as
 * mse_loss, with the same size warning; PyTorch 1.13 computes it as those ops (MeanBackward0 over AbsBackward0).
 */
export function l1_loss(input: Tensor, target: Tensor, o: L1Options = {}): Tensor {
  checkKeywords('l1_loss', TWO, L1_KEYWORDS, o);
  if (!core.sameShape(input._t.shape, target._t.shape)) {
    warnOnce(`Using a target size (${fmtSize(target._t.shape)}) that is different to the input size (${fmtSize(input._t.shape)}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`);
  }
  const reduction = reductionOf(o);
  const d = O.abs(O.sub(input, target));
  return reduction === 'mean' ? O.mean(d) : reduction === 'sum' ? O.sum(d) : d;
}

/**
 * An in-place op's broadcast (`loss.mul_(weight)` and the like inside ATen's losses): `other` must broadcast to
 * `out`'s shape without growing it. `otherFirst`: the broadcast error names `other` as tensor a.
 */
function inPlaceBroadcast(out: readonly number[], other: readonly number[], otherFirst = false): void {
  const b = otherFirst ? core.broadcastShapes('mul', other, out) : core.broadcastShapes('mul', out, other);
  if (!core.sameShape(b, out)) throw new RuntimeError(`output with shape ${sizes(out)} doesn't match the broadcast shape ${sizes(b)}`);
}

/** The size check both binary cross-entropies make in Python, after the reduction's name. */
function sameSize(input: Tensor, target: Tensor, text: (t: string, i: string) => string): void {
  if (!core.sameShape(input._t.shape, target._t.shape)) throw new ValueError(text(fmtSize(target._t.shape), fmtSize(input._t.shape)));
}

/**
 * binary_cross_entropy(input, target, { weight, reduction = 'mean' }) or (input, target, weight): probabilities in
 * [0, 1] against targets of the same size and dtype; the weight broadcasts to the target's size (Python's
 * _infer_size and expand), and cannot require grad.
 */
export function binary_cross_entropy(input: Tensor, target: Tensor, options: BceOptions | Tensor | null = {}): Tensor {
  const o = lossOptions('binary_cross_entropy', BCE_KEYWORDS, options);
  const reduction = reductionOf(o);
  sameSize(input, target, (t, i) => `Using a target size (${t}) that is different to the input size (${i}) is deprecated. Please ensure they have the same size.`);
  const x = input._t, t = target._t;
  let w = o.weight?._t ?? null;
  if (w !== null) w = core.broadcastTo(w, core.broadcastShapes('mul', t.shape, w.shape));
  notDifferentiable('binary_cross_entropy', w);
  // the kernel's TensorIterator: one dtype (the output's, which is the input's), then its floating-types dispatch
  if (t.dtype !== x.dtype) throw new RuntimeError(`Found dtype ${scalarType(t.dtype)} but expected ${scalarType(x.dtype)}`);
  if (!core.isFloat(x.dtype)) throw new RuntimeError(`"binary_cross_entropy" not implemented for '${scalarType(x.dtype)}'`);
  if (w !== null) inPlaceBroadcast(x.shape, w.shape);
  try {
    return wrap(core.binaryCrossEntropy(x, t, w, reduction));
  } catch (e) {
    if (e instanceof RuntimeError && e.message.startsWith('binary_cross_entropy: all elements of input')) {
      throw new RuntimeError('all elements of input should be between 0 and 1');
    }
    throw e;
  }
}

/** What 1.13's first in-place op says of a bool or integer operand of binary_cross_entropy_with_logits. */
function logitsDtypeError(x: core.DType, t: core.DType): string | null {
  if (t === 'bool') return 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.';
  if (x === 'bool') return 'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.';
  if (!core.isFloat(x) || !core.isFloat(t)) return "result type Float can't be cast to the desired output type Long";
  return null;
}

/**
 * binary_cross_entropy_with_logits(input, target, { weight, reduction = 'mean', pos_weight }) or (input, target,
 * weight): logits against targets of the same size; weight and pos_weight broadcast to it (neither may require grad).
 * The result has the target's dtype, as PyTorch's in-place ops on (1 - target) give it.
 */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, options: BceLogitsOptions | Tensor | null = {}): Tensor {
  const o = lossOptions('binary_cross_entropy_with_logits', BCE_LOGITS_KEYWORDS, options) as BceLogitsOptions;
  const reduction = reductionOf(o);
  sameSize(input, target, (t, i) => `Target size (${t}) must be the same as input size (${i})`);
  const x = input._t, t = target._t, w = o.weight?._t ?? null, p = o.pos_weight?._t ?? null;
  notDifferentiable('binary_cross_entropy_with_logits', w);
  notDifferentiable('binary_cross_entropy_with_logits', p, 'pos_weight');
  const bad = logitsDtypeError(x.dtype, t.dtype);
  if (bad !== null) throw new RuntimeError(bad);
  // (pos_weight - 1).mul(target) broadcasts, then is added in place into the loss; loss.mul_(weight) last
  if (p !== null) inPlaceBroadcast(t.shape, p.shape, true);
  if (w !== null) inPlaceBroadcast(x.shape, w.shape);
  return wrap(core.binaryCrossEntropyWithLogits(x, t, { weight: w, posWeight: p, reduction }));
}
