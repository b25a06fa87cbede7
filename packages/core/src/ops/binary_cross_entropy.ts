import { Tensor } from '../tensor.js';
import { isFloat, promote } from '../dtype.js';
import { fail, fmtShape } from '../errors.js';
import { sameShape } from '../shape.js';
import { record } from '../autograd/record.js';
import { unrecorded } from '../autograd/mode.js';
import type { GradSpec } from '../autograd/node.js';
import * as K from '../kernels/bce.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { add, div, maximum, minimum, mul, sub } from './arith.js';
import { abs, exp, log, log1p, neg, sigmoid } from './unary.js';
import { ge, where } from './compare.js';
import { mean, sum } from './reduce.js';
import { cast } from './shape.js';
import { broadcastTo } from './broadcast.js';

/**
 * Binary cross-entropy, on probabilities and on logits, as PyTorch 1.13's binary_cross_entropy and
 * binary_cross_entropy_with_logits compute it (Loss.cpp): the loss elementwise (kernels/bce.ts), times `weight`,
 * then reduced. One node each (BinaryCrossEntropyBackward0, BinaryCrossEntropyWithLogitsBackward0) over the input and
 * the target; the weights are constants, as PyTorch's, which refuses weights that require grad (the facade does).
 * Their rules are PyTorch's backward formulas composed of public ops, so they differentiate again.
 */

type Reduction = 'mean' | 'sum' | 'none';
interface BceAttrs { weight: Tensor | null; posWeight: Tensor | null; reduction: Reduction; n: number }

// PyTorch's EPSILON in binary_cross_entropy_backward: the denominator x (1 - x) never falls below it. A float
// constant there, so float64 gradients divide by float32's 1e-12 too.
const EPSILON = Math.fround(1e-12);

/** A cotangent times the weight, then / n for 'mean', as both of PyTorch's backward functions end. */
function weighted(gx: Tensor, a: BceAttrs): Tensor {
  let w = gx;
  if (a.weight !== null) {
    w = mul(gx, a.weight);
    if (w.dtype !== gx.dtype) w = cast(w, gx.dtype); // in place there: a float64 weight leaves a float32 gradient
  }
  return a.reduction === 'mean' ? div(w, a.n) : w;
}

// binary_cross_entropy_backward: g (x - t) / max((1 - x) x, EPSILON); binary_cross_entropy_target_backward: -logit(x) g
const BCE: GradSpec<BceAttrs> = {
  name: 'BinaryCrossEntropyBackward0', saves: [0, 1],
  vjp: ({ g, x, y: t, attrs, needs }) => [
    needs[0] ? weighted(div(mul(g, sub(x, t)), maximum(mul(sub(1, x), x), EPSILON)), attrs) : null,
    needs[1] ? weighted(mul(neg(log(div(x, sub(1, x)))), g), attrs) : null,
  ],
};

/** log_sigmoid(x) as PyTorch's kernel: min(x, 0) - log1p(exp(-|x|)). */
const logSigmoid = (x: Tensor): Tensor => sub(minimum(x, 0), log1p(exp(neg(abs(x)))));

// binary_cross_entropy_with_logits_backward: (sigmoid(x) - t) g, or with p the positive weight
// ((p t + 1 - t) sigmoid(x) - p t) g; its target_backward: -x g, or (log_sigmoid(-x) - p log_sigmoid(x)) g
const BCE_LOGITS: GradSpec<BceAttrs> = {
  name: 'BinaryCrossEntropyWithLogitsBackward0', saves: [0, 1],
  vjp: ({ g, x, y: t, attrs, needs }) => {
    const p = attrs.posWeight;
    let gx: Tensor | null = null, gt: Tensor | null = null;
    if (needs[0]) {
      const pt = p === null ? null : mul(p, t);
      gx = weighted(mul(pt === null ? sub(sigmoid(x), t) : sub(mul(sub(add(pt, 1), t), sigmoid(x)), pt), g), attrs);
    }
    if (needs[1]) gt = weighted(mul(p === null ? neg(x) : sub(logSigmoid(neg(x)), mul(logSigmoid(x), p)), g), attrs);
    return [gx, gt];
  },
};

/** Checks the operands and options both losses share; returns the input, the target and the weight over x's shape. */
function operandsOf(op: string, xv: TensorLike, tv: TensorLike, weight: Tensor | null, reduction: Reduction): [Tensor, Tensor, Tensor | null] {
  const x = asTensor(op, xv), t = asTensor(op, tv, x);
  if (!sameShape(x.shape, t.shape)) fail('shape', `${op}: target ${fmtShape(t.shape)} must have the shape of input ${fmtShape(x.shape)}`);
  if (!isFloat(x.dtype) || !isFloat(t.dtype)) fail('dtype', `${op}: expected float32 or float64 input and target, got ${x.dtype} and ${t.dtype}`);
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    fail('value', `${op}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
  return [x, t, weight === null || sameShape(weight.shape, x.shape) ? weight : broadcastTo(weight, x.shape)];
}

/** The loss times the weight (in their common dtype, rounded back to the loss's, as PyTorch's in-place mul_), reduced. */
function finish(loss: Tensor, w: Tensor | null, reduction: Reduction): Tensor {
  const l = w === null ? loss : w.dtype === loss.dtype ? mul(loss, w) : cast(mul(loss, w), loss.dtype);
  return reduction === 'mean' ? mean(l) : reduction === 'sum' ? sum(l) : l;
}

/**
 * Binary cross-entropy of probabilities `x` in [0, 1] against targets `t` of the same shape and dtype:
 * -w (t log(x) + (1 - t) log(1 - x)), each log clamped at -100, reduced by 'mean' (default), 'sum' or 'none'.
 * `weight` broadcasts to x's shape.
 * @example binaryCrossEntropy(fromArray([0.5]), fromArray([1])) // 0.693
 */
export function binaryCrossEntropy(xv: TensorLike, tv: TensorLike, weight: Tensor | null = null, reduction: Reduction = 'mean'): Tensor {
  const op = 'binary_cross_entropy';
  const [x, t, w] = operandsOf(op, xv, tv, weight, reduction);
  if (x.dtype !== t.dtype) fail('dtype', `${op}: input is ${x.dtype} but target is ${t.dtype}; expected the same dtype`);
  const loss = new Tensor(x.shape, x.dtype);
  const bad = K.bceLoss(x.data, t.data, loss.data, x.size);
  if (bad !== null) fail('value', `${op}: all elements of input should be between 0 and 1, got ${bad}`);
  const out = unrecorded(() => finish(loss, w, reduction));
  return record(BCE, [x, t], out, { weight: w, posWeight: null, reduction, n: x.size });
}
registerOp('binary_cross_entropy', 'nn', true, (x: Tensor, t: Tensor) => binaryCrossEntropy(x, t), { domain: [0.1, 0.9], cases: [
  { shapes: [[2, 3], [2, 3]], call: (x, t) => binaryCrossEntropy(x, t) },
  { shapes: [[4], [4]], call: (x, t) => binaryCrossEntropy(x, t, null, 'none') },
] });

export interface BceLogitsOptions { weight?: Tensor | null; posWeight?: Tensor | null; reduction?: Reduction }

/**
 * Binary cross-entropy of logits `x` against targets `t` of the same shape: -w (p t log(sigmoid(x)) + (1 - t)
 * log(1 - sigmoid(x))), computed without overflow; `posWeight` (p, 1 by default) weighs the positive term, `weight`
 * the whole; both broadcast to x's shape. Computed in the operands' common float dtype; the result has the target's.
 * @example binaryCrossEntropyWithLogits(fromArray([0]), fromArray([1])) // 0.693
 */
export function binaryCrossEntropyWithLogits(xv: TensorLike, tv: TensorLike, o: BceLogitsOptions = {}): Tensor {
  const op = 'binary_cross_entropy_with_logits', reduction = o.reduction ?? 'mean';
  const [x0, t0, w] = operandsOf(op, xv, tv, o.weight ?? null, reduction);
  const dtype = promote(x0.dtype, t0.dtype);
  const x = x0.dtype === dtype ? x0 : cast(x0, dtype), t = t0.dtype === dtype ? t0 : cast(t0, dtype);
  const p0 = o.posWeight ?? null;
  const p = p0 === null ? null : broadcastTo(p0.dtype === dtype ? p0 : cast(p0, dtype), x.shape);
  const loss = new Tensor(x.shape, dtype);
  K.bceLogitsLoss(x.data, t.data, p === null ? null : p.data, loss.data, x.size);
  // PyTorch's result has the target's dtype: its ops run in place on (1 - target)
  const out = unrecorded(() => { const l = finish(loss, w, reduction); return l.dtype === t0.dtype ? l : cast(l, t0.dtype); });
  return record(BCE_LOGITS, [x, t], out, { weight: w, posWeight: p, reduction, n: x.size });
}
registerOp('binary_cross_entropy_with_logits', 'nn', true, (x: Tensor, t: Tensor) => binaryCrossEntropyWithLogits(x, t), { cases: [
  { shapes: [[2, 3], [2, 3]], call: (x, t) => binaryCrossEntropyWithLogits(x, t) },
  { shapes: [[2, 3], [2, 3], [3]], call: (x, t, p) => binaryCrossEntropyWithLogits(x, t, { posWeight: p!, reduction: 'sum' }), label: 'pos_weight' },
], constant: [2] });

/**
 * TensorFlow's sigmoid_cross_entropy_with_logits, elementwise, as nn_impl.py composes it: max(x, 0) - x z +
 * log1p(exp(-|x|)), where max and -|x| are `where(x >= 0, ...)` so that x = 0 has a gradient. Its gradients (for the
 * logits and the labels) are the composition's. Logits and labels of one shape and one float dtype.
 * @example tfSigmoidCrossEntropy(fromArray([0]), fromArray([1])) // [0.693]
 */
export function tfSigmoidCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const op = 'sigmoid_cross_entropy_with_logits';
  if (!sameShape(logits.shape, labels.shape)) fail('shape', `${op}: logits ${fmtShape(logits.shape)} and labels ${fmtShape(labels.shape)} must have the same shape`);
  if (!isFloat(logits.dtype) || logits.dtype !== labels.dtype) fail('dtype', `${op}: expected float logits and labels of one dtype, got ${logits.dtype} and ${labels.dtype}`);
  const cond = ge(logits, 0);
  const relu = where(cond, logits, 0), negAbs = where(cond, neg(logits), logits);
  return add(sub(relu, mul(logits, labels)), log1p(exp(negAbs)));
}
registerOp('tf_sigmoid_cross_entropy', 'nn', true, (x: Tensor, z: Tensor) => tfSigmoidCrossEntropy(x, z), { cases: [
  { shapes: [[2, 3], [2, 3]], call: (x, z) => tfSigmoidCrossEntropy(x, z) },
], avoid: [0] });
