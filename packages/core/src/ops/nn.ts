import { Tensor } from '../tensor.js';
import { isFloat, promote, type TypedArray } from '../dtype.js';
import { fail, fmtShape } from '../errors.js';
import { broadcastShapes, normAxis, sameShape } from '../shape.js';
import { record } from '../autograd/record.js';
import { unrecorded } from '../autograd/mode.js';
import type { GradSpec } from '../autograd/node.js';
import { fromArray } from '../creation.js';
import { asTensor, operands, registerOp, type TensorLike } from './define.js';
import { add, div, mul, sub } from './arith.js';
import { exp, neg, square } from './unary.js';
import { where } from './compare.js';
import { mean, sum } from './reduce.js';
import { cast, expandDims, reshape } from './shape.js';
import { broadcastTo } from './broadcast.js';
import { detach } from './copy.js';

interface AxisAttrs { axis: number }

// d softmax(x) = out * (g - sum(g * out, axis))
const SOFTMAX: GradSpec<AxisAttrs> = {
  name: 'SoftmaxBackward0', saves: ['out'],
  vjp: ({ g, out, attrs }) => [mul(out, sub(g, sum(mul(g, out), attrs.axis, true)))],
};

// d logSoftmax(x) = g - exp(out) * sum(g, axis)
const LOG_SOFTMAX: GradSpec<AxisAttrs> = {
  name: 'LogSoftmaxBackward0', saves: ['out'],
  vjp: ({ g, out, attrs }) => [sub(g, mul(exp(out), sum(g, attrs.axis, true)))],
};

function normalized(op: string, xv: TensorLike, axis: number, spec: GradSpec<AxisAttrs>, log: boolean): Tensor {
  const x = asTensor(op, xv);
  if (!isFloat(x.dtype)) fail('dtype', `${op}: expected a float32 or float64 tensor, got ${x.dtype}`);
  const ax = normAxis(op, axis, x.rank);
  const out = new Tensor(x.shape, x.dtype);
  let outer = 1, inner = 1;
  for (let d = 0; d < ax; d++) outer *= x.shape[d]!;
  for (let d = ax + 1; d < x.rank; d++) inner *= x.shape[d]!;
  softmaxKernel(x.data, out.data, outer, x.rank === 0 ? 1 : x.shape[ax]!, inner, log);
  return record(spec, [x], out, { axis: ax });
}

/**
 * Softmax along the middle axis of x viewed as [outer, n, inner], rows of `inner` walked contiguously.
 * NOTE: the max is subtracted before exp, so logits of any size stay finite; log-softmax is (x - max) - log(sum),
 * in that order (as PyTorch's kernel: x - (max + log(sum)) loses log(sum) next to a large max, and [1e16, 1e16] gave
 * 0 for -log 2), never log(softmax), so it keeps its precision where softmax underflows to 0.
 */
function softmaxKernel(x: TypedArray, o: TypedArray, outer: number, n: number, inner: number, log: boolean): void {
  // NOTE: float32 rounds as PyTorch's float32 kernel: each exp, the running sum (a float32 array), its log, x - max.
  // Summed in float64, log_softmax([28, -0.0196]) gave -6.8e-13 where PyTorch gives 0 (and cross_entropy 0).
  const f32 = o instanceof Float32Array;
  const mx = new Float64Array(inner), sm = f32 ? new Float32Array(inner) : new Float64Array(inner);
  for (let b = 0; b < outer; b++) {
    const base = b * n * inner;
    mx.fill(-Infinity);
    sm.fill(0);
    for (let r = 0, off = base; r < n; r++, off += inner) {
      for (let j = 0; j < inner; j++) { const v = x[off + j]!; if (v > mx[j]! || v !== v) mx[j] = v; }
    }
    for (let r = 0, off = base; r < n; r++, off += inner) {
      for (let j = 0; j < inner; j++) {
        const d = x[off + j]! - mx[j]!, e = f32 ? Math.fround(Math.exp(Math.fround(d))) : Math.exp(d);
        sm[j]! += e;
        if (!log) o[off + j] = e;
      }
    }
    if (log) for (let j = 0; j < inner; j++) sm[j] = Math.log(sm[j]!);
    for (let r = 0, off = base; r < n; r++, off += inner) {
      if (log) for (let j = 0; j < inner; j++) { const d = x[off + j]! - mx[j]!; o[off + j] = (f32 ? Math.fround(d) : d) - sm[j]!; }
      else for (let j = 0; j < inner; j++) o[off + j] = o[off + j]! / sm[j]!;
    }
  }
}

/** exp(x) / sum(exp(x)) along `axis`, computed stably. @example softmax(fromArray([1, 2, 3])) // [0.090, 0.245, 0.665] */
export function softmax(x: TensorLike, axis = -1): Tensor {
  return normalized('softmax', x, axis, SOFTMAX, false);
}
registerOp('softmax', 'nn', true, (x: Tensor) => softmax(x), { cases: [
  { shapes: [[3]], call: (x) => softmax(x) }, { shapes: [[2, 3, 4]], call: (x) => softmax(x, 1) }, { shapes: [[0, 3]], call: (x) => softmax(x, 0) },
] });

/** x - logsumexp(x) along `axis`, computed stably. @example logSoftmax(fromArray([0, 0])) // [-0.693, -0.693] */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  return normalized('log_softmax', x, axis, LOG_SOFTMAX, true);
}
registerOp('log_softmax', 'nn', true, (x: Tensor) => logSoftmax(x), { cases: [
  { shapes: [[3]], call: (x) => logSoftmax(x) }, { shapes: [[2, 3, 4]], call: (x) => logSoftmax(x, 0) },
] });

/**
 * Cross-entropy of logits against probabilities along `axis`: -sum(probs * logSoftmax(logits)) per example, or with
 * `reduction` 'sum' or 'mean' the negated sum (mean) over the examples, as PyTorch's cross_entropy_loss_prob_target
 * negates last: -(input * target [* weight]).sum() (/ count), so a zero loss is -0 there.
 * A composite, so it is differentiable in both arguments (TensorFlow also returns a gradient for the labels).
 * NOTE: the per-example sums are summed (averaged) in float64 as every reduction here (docs/divergences.md); the
 * negation is exact, so only a zero's sign depends on where it is taken.
 * @example softmaxCrossEntropy(fromArray([[0, 0]]), fromArray([[1, 0]])) // [0.693]
 */
export function softmaxCrossEntropy(
  logitsv: TensorLike, probsv: TensorLike, axis = -1, weight: Tensor | null = null, labelSmoothing = 0, reduction: 'none' | 'sum' | 'mean' = 'none',
): Tensor {
  const op = 'softmax_cross_entropy';
  const logits = asTensor(op, logitsv), probs = asTensor(op, probsv, logits);
  if (!sameShape(logits.shape, probs.shape)) {
    fail('shape', `${op}: logits ${fmtShape(logits.shape)} and labels ${fmtShape(probs.shape)} must have the same shape`);
  }
  if (logits.dtype !== probs.dtype) fail('dtype', `${op}: logits are ${logits.dtype} but labels are ${probs.dtype}; expected the same dtype`);
  const a = normAxis(op, axis, logits.rank), C = logits.shape[a]!;
  // PyTorch's probability targets: smoothed as t (1 - e) + e / C, and weighted per class along the class axis
  const t = labelSmoothing === 0 ? probs : add(mul(probs, 1 - labelSmoothing), labelSmoothing / C);
  // target * input (the product is exact in either order; this one keeps the cotangents' order of the composition
  // -sum(p * log_softmax(z))), then * weight, as PyTorch's (input * target) * weight
  let terms = mul(t, logSoftmax(logits, a));
  if (weight !== null) {
    if (weight.rank !== 1 || weight.shape[0] !== C) fail('shape', `${op}: weight must have shape [${C}] (one per class), got ${fmtShape(weight.shape)}`);
    terms = mul(terms, reshape(weight.dtype === logits.dtype ? weight : castLike(weight, logits), logits.shape.map((n, d) => (d === a ? n : 1))));
  }
  const perExample = sum(terms, a);
  if (reduction === 'none') return neg(perExample);
  if (reduction === 'sum') return neg(sum(perExample));
  if (reduction !== 'mean') fail('value', `${op}: reduction must be 'none', 'sum' or 'mean', got '${String(reduction)}'`);
  return neg(mean(perExample));
}
registerOp('softmax_cross_entropy', 'nn', true, (l: Tensor, p: Tensor) => softmaxCrossEntropy(l, p), { cases: [
  { shapes: [[2, 3], [2, 3]], call: (l, p) => softmaxCrossEntropy(l, p) }, { shapes: [[3, 2], [3, 2]], call: (l, p) => softmaxCrossEntropy(l, p, 0) },
] });

// TensorFlow's SoftmaxCrossEntropyWithLogits (nn_grad.py): the logits' gradient is g * (softmax - labels), TF's
// "backprop" output, which equals the derivative only when each row of labels sums to 1; differentiated again it is
// softmax's alone (the labels held constant: no mixed second derivative); the labels' gradient is g * -log_softmax.
const TF_XENT: GradSpec<number> = {
  name: 'SoftmaxCrossEntropyWithLogits', saves: [0, 1],
  vjp: ({ g, x: logits, y: labels, attrs: a, needs }) => {
    const ge = expandDims(g, a);
    return [needs[0] ? mul(ge, sub(softmax(logits, a), detach(labels))) : null, needs[1] ? mul(ge, neg(logSoftmax(logits, a))) : null];
  },
};

/**
 * TensorFlow's dense softmax cross-entropy as its kernel computes it: sum(labels * -log_softmax(logits)) along `axis`
 * (an all-zero labels row is +0), with TF's gradients (TF_XENT). Logits and labels of one shape and float dtype.
 * @example tfSoftmaxCrossEntropy(fromArray([[0, 0]]), fromArray([[1, 0]])) // [0.693]
 */
export function tfSoftmaxCrossEntropy(logits: Tensor, labels: Tensor, axis = -1): Tensor {
  const op = 'softmax_cross_entropy';
  if (!sameShape(logits.shape, labels.shape)) fail('shape', `${op}: logits ${fmtShape(logits.shape)} and labels ${fmtShape(labels.shape)} must have the same shape`);
  if (logits.dtype !== labels.dtype) fail('dtype', `${op}: logits are ${logits.dtype} but labels are ${labels.dtype}; expected the same dtype`);
  const a = normAxis(op, axis, logits.rank);
  const out = unrecorded(() => sum(mul(labels, neg(logSoftmax(logits, a))), a));
  return record(TF_XENT, [logits, labels], out, a);
}
// NOTE: checked on labels that sum to 1 (softmax of the input), where TF's gradient is the derivative, and to first
// order only: its second derivative holds the labels constant by design
registerOp('tf_softmax_cross_entropy', 'nn', true, (l: Tensor, p: Tensor) => tfSoftmaxCrossEntropy(l, softmax(p)), { order: 1, cases: [
  { shapes: [[2, 3], [2, 3]], call: (l, p) => tfSoftmaxCrossEntropy(l, softmax(p)) },
  { shapes: [[3, 2], [3, 2]], call: (l, p) => tfSoftmaxCrossEntropy(l, softmax(p, 0), 0) },
] });

/**
 * Per-example cross-entropy of logits [..., C] against int32 class labels [...]: -logSoftmax(logits)[label]
 * (`nllLoss` of the log-softmax). A label equal to `ignoreIndex` gives 0.
 * @example sparseSoftmaxCrossEntropy(fromArray([[0, 0]]), fromArray([1], 'int32')) // [0.693]
 */
export function sparseSoftmaxCrossEntropy(logitsv: TensorLike, labels: Tensor, ignoreIndex: number | null = null): Tensor {
  const logits = asTensor('sparse_softmax_cross_entropy', logitsv);
  const mask = labelMask('sparse_softmax_cross_entropy', logits, labels, ignoreIndex);
  const loss = neg(sum(where(mask, logSoftmax(logits, -1), 0), -1));
  // one example (0-d labels): a zero loss is +0 in both frameworks (TensorFlow's kernel log(sum) - z; PyTorch's
  // nll_loss accumulates 0 - x for a 1-d input), where -(0) gives -0
  return labels.rank === 0 ? add(loss, 0) : loss;
}
registerOp('sparse_softmax_cross_entropy', 'nn', true, (l: Tensor) => sparseSoftmaxCrossEntropy(l, fromArray([0, 2], 'int32')), { cases: [
  { shapes: [[2, 3]], call: (l) => sparseSoftmaxCrossEntropy(l, fromArray([0, 2], 'int32')) },
] });

/**
 * Per-example negative log-likelihood of log-probabilities [..., C] at int32 class labels [...]: -logp[label];
 * a label equal to `ignoreIndex` gives 0 (PyTorch's nll_loss and cross_entropy skip it).
 * NOTE: the label's entry is picked with `where`, not by multiplying with a one-hot mask: a -inf log-probability of
 * another class would make 0 * -inf = NaN.
 */
export function nllLoss(logpv: TensorLike, labels: Tensor, ignoreIndex: number | null = null): Tensor {
  const logp = asTensor('nll_loss', logpv);
  return neg(sum(where(labelMask('nll_loss', logp, labels, ignoreIndex), logp, 0), -1));
}
registerOp('nll_loss', 'nn', true, (l: Tensor) => nllLoss(l, fromArray([0, 2], 'int32')), { cases: [
  { shapes: [[2, 3]], call: (l) => nllLoss(l, fromArray([0, 2], 'int32')) },
  { shapes: [[3, 3]], call: (l) => nllLoss(l, fromArray([1, -100, 0], 'int32'), -100), label: 'an ignored label' },
] });

export interface ClassLossOptions {
  /** Per-class weights [C] (a constant: no gradient flows to them), or null. */
  weight?: Tensor | null;
  /** Labels equal to it count for nothing (PyTorch's ignore_index), or null. */
  ignoreIndex?: number | null;
  reduction?: 'none' | 'sum' | 'mean';
  /** PyTorch's label_smoothing: the target is (1 - e) one-hot + e / C uniform. */
  labelSmoothing?: number;
}

/**
 * PyTorch's nll_loss and (on a log-softmax) cross_entropy over class labels: log-probabilities [..., C] and int32
 * labels [...], with per-class weights, ignored labels and label smoothing; 'mean' divides by the summed weights of
 * the labels kept (their count without weights), as PyTorch does (NaN when none is kept).
 * NOTE: zeros have nll_loss_out_frame's signs: 'none' over a batch is -x * w per example and +0 where the label is
 * ignored; the reductions, and any reduction of a 1-d input (0-d labels, 'none' included), accumulate 0 - x * w from
 * +0, so a zero loss is +0 there (before 'mean' divides by the weights).
 */
export function classLoss(logpv: TensorLike, labels: Tensor, o: ClassLossOptions = {}): Tensor {
  const logp = asTensor('nll_loss', logpv);
  const reduction = o.reduction ?? 'mean', eps = o.labelSmoothing ?? 0, ignore = o.ignoreIndex ?? null, w = o.weight ?? null;
  const C = logp.shape[logp.rank - 1] ?? 1;
  if (w !== null && (w.rank !== 1 || w.shape[0] !== C)) fail('shape', `nll_loss: weight must have shape [${C}] (one per class), got ${fmtShape(w.shape)}`);
  let loss = nllLoss(logp, labels, ignore);
  const wy = w === null ? null : labelWeights(labels, w, ignore, logp);
  if (wy !== null) loss = mul(loss, wy);
  const kept = keptLabels(labels, ignore, eps !== 0);
  const reduce = (t: Tensor): Tensor => reduceLoss(t, reduction, wy, kept);
  let nll: Tensor;
  if (labels.rank === 0) {
    // one example, summed from +0 as PyTorch's reduced path does for every reduction of a 1-d input (a 0-d sum would
    // keep the -0 of -x); 'mean' then divides by its weight
    const total = sum(reshape(loss, [1]));
    nll = reduction !== 'mean' ? total : div(total, wy !== null ? wy : kept.count);
  } else {
    nll = reduce(reduction === 'none' && kept.mask !== null && kept.count < kept.of ? where(kept.mask, loss, 0) : loss);
  }
  if (eps === 0) return nll;
  // PyTorch's cross_entropy_loss_label_smoothing: the uniform part is -sum_c w_c logp_c, 0 where the label is ignored
  const all = neg(sum(w === null ? logp : mul(logp, w.dtype === logp.dtype ? w : castLike(w, logp)), -1));
  return add(mul(nll, 1 - eps), mul(reduce(where(kept.mask!, all, 0)), eps / C));
}

/** The weight of each example's label, 0 where it is ignored, in the dtype of `like`: a constant, like the labels. */
function labelWeights(labels: Tensor, w: Tensor, ignore: number | null, like: Tensor): Tensor {
  const wy = new Tensor(labels.shape, like.dtype);
  const l = labels.data, wd = w.data;
  for (let i = 0; i < l.length; i++) if (l[i] !== ignore) wy.data[i] = wd[l[i]!]!;
  return wy;
}

/** The labels kept (not `ignore`): how many of how many, and their bool mask where some are ignored or `masked` asks. */
interface Kept { count: number; of: number; mask: Tensor | null }

function keptLabels(labels: Tensor, ignore: number | null, masked: boolean): Kept {
  const l = labels.data;
  let count = 0;
  for (let i = 0; i < l.length; i++) if (l[i] !== ignore) count++;
  if (count === l.length && !masked) return { count, of: l.length, mask: null };
  const mask = new Tensor(labels.shape, 'bool');
  for (let i = 0; i < l.length; i++) mask.data[i] = l[i] !== ignore ? 1 : 0;
  return { count, of: l.length, mask };
}

/** nll_loss's reduction; 'mean' divides by the summed weights of the labels kept, or by their count without weights. */
function reduceLoss(t: Tensor, reduction: 'none' | 'sum' | 'mean', wy: Tensor | null, kept: Kept): Tensor {
  if (reduction === 'none') return t;
  if (reduction === 'sum') return sum(t);
  if (reduction !== 'mean') fail('value', `nll_loss: reduction must be 'none', 'sum' or 'mean', got '${String(reduction)}'`);
  if (wy !== null) return div(sum(t), sum(wy));
  return kept.count === kept.of ? mean(t) : div(sum(t), kept.count);
}

function castLike(w: Tensor, like: Tensor): Tensor {
  const out = new Tensor(w.shape, like.dtype);
  out.data.set(w.data);
  return out;
}

/** The bool mask of each label's entry in `x` [..., C] (none for a label equal to `ignoreIndex`), labels checked. */
function labelMask(op: string, x: Tensor, labels: Tensor, ignoreIndex: number | null): Tensor {
  if (!(labels instanceof Tensor)) fail('type', `${op}: labels must be an int32 tensor, got ${typeof labels}`);
  if (labels.dtype !== 'int32') fail('dtype', `${op}: labels must be int32, got ${labels.dtype}`);
  if (x.rank === 0) fail('shape', `${op}: logits must have at least 1 dimension (the classes), got a 0-d tensor`);
  const lead = x.shape.slice(0, -1);
  if (!sameShape(lead, labels.shape)) {
    fail('shape', `${op}: labels ${fmtShape(labels.shape)} must have the shape of logits ${fmtShape(x.shape)} without its last dimension, ${fmtShape(lead)}`);
  }
  const C = x.shape[x.rank - 1]!;
  const mask = new Tensor(x.shape, 'bool');
  const l = labels.data, m = mask.data;
  for (let i = 0; i < l.length; i++) {
    const t = l[i]!;
    if (t === ignoreIndex) continue;
    if (t < 0 || t >= C) fail('index', `${op}: Target ${t} is out of bounds: labels must be in [0, ${C}), got ${t} at position ${i}`);
    m[i * C + t] = 1;
  }
  return mask;
}

type Reduction = 'mean' | 'sum' | 'none';
interface MseAttrs { reduction: Reduction; n: number }

// PyTorch's MseLossBackward0 (derivatives.yaml mse_loss: mse_loss_backward(grad, self, target), and the target's with
// the two swapped): norm * (x - y) * g in that order, norm = 2 / n for 'mean' over n elements, else 2, a scalar of the
// dtype (mse_backward_cpu_kernel), so that (x - y) is not doubled before it is scaled down: 3e38 stays finite in
// float32. Composed of public ops, so that it differentiates again.
const MSE: GradSpec<MseAttrs> = {
  name: 'MseLossBackward0', saves: [0, 1],
  vjp: ({ g, x, y, attrs, needs }) => {
    const norm = attrs.reduction === 'mean' ? 2 / attrs.n : 2;
    return [needs[0] ? mul(mul(sub(x, y), norm), g) : null, needs[1] ? mul(mul(sub(y, x), norm), g) : null];
  },
};

/**
 * Mean squared error, (a - b)^2 reduced by 'mean' (default), 'sum' or 'none'. The operands broadcast first, as
 * torch.nn.functional.mse_loss does (torch.broadcast_tensors; PyTorch warns: its facade does), so a 0-d tensor
 * operand promotes as any other (a float32 vector against a float64 0-d target gives float64), and the node is
 * PyTorch's MseLossBackward0 on the broadcast operands.
 * @example mse(fromArray([1, 2]), fromArray([0, 0])) // 2.5
 */
export function mse(a: TensorLike, b: TensorLike, reduction: Reduction = 'mean'): Tensor {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    fail('value', `mse: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
  let [x, y] = operands('mse', a, b);
  const shape = broadcastShapes('mse', x.shape, y.shape); // the error names mse, not the sub inside it
  if (!sameShape(x.shape, shape)) x = broadcastTo(x, shape);
  if (!sameShape(y.shape, shape)) y = broadcastTo(y, shape);
  const dtype = promote(x.dtype, y.dtype);
  if (x.dtype !== dtype) x = cast(x, dtype);
  if (y.dtype !== dtype) y = cast(y, dtype);
  const out = unrecorded(() => {
    const d = square(sub(x, y));
    return reduction === 'mean' ? mean(d) : reduction === 'sum' ? sum(d) : d;
  });
  return record(MSE, [x, y], out, { reduction, n: x.size });
}
registerOp('mse', 'nn', true, (a: Tensor, b: Tensor) => mse(a, b), { cases: [
  { shapes: [[2, 3], [2, 3]], call: (a, b) => mse(a, b) }, { shapes: [[2, 3], [3]], call: (a, b) => mse(a, b, 'sum') },
  { shapes: [[4], [4]], call: (a, b) => mse(a, b, 'none') },
] });
