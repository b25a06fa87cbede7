import { Tensor } from '../tensor.js';
import { floatOf, isFloat } from '../dtype.js';
import { fail } from '../errors.js';
import { record } from '../autograd/record.js';
import { Node, type GradSpec } from '../autograd/node.js';
import { logSumExpInto, normTermsInto, reduceInto, sqDevInto, tieWeightsInto } from '../kernels/reduce.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { div, mul, sub, type Convention, type ConventionAttrs } from './arith.js';
import { abs, exp, powScalar, sign } from './unary.js';
import { eq, where } from './compare.js';
import { broadcastTo } from './broadcast.js';
import { keepDims, keptShape, mean, reduction, type Axes, type ReduceAttrs } from './reduce.js';

// d logsumexp(x) = g * exp(x - out), the softmax over the reduced axes
const LOGSUMEXP: GradSpec<ReduceAttrs> = {
  name: 'LogsumexpBackward0', saves: [0, 'out'],
  vjp: ({ g, x, out, attrs }) => [mul(keepDims(g, x.shape, attrs), exp(sub(x, keepDims(out, x.shape, attrs))))],
};

/**
 * log(sum(exp(x))) over `axis` (null: all axes), computed with the max subtracted; integer inputs give float32;
 * an empty reduction gives -inf.
 * @example logsumexp(fromArray([0, 0])) // log 2
 */
export function logsumexp(xv: TensorLike, axis: Axes = null, keepdims = false): Tensor {
  const x = asTensor('logsumexp', xv);
  const { attrs, shape, reduced } = reduction('logsumexp', x, axis, keepdims);
  const out = new Tensor(shape, floatOf(x.dtype));
  const acc = new Float64Array(out.size);
  logSumExpInto(x.data, x.shape, reduced, keptShape(x.shape, attrs.axes), acc);
  out.data.set(acc);
  return record(LOGSUMEXP, [x], out, attrs);
}
registerOp('logsumexp', 'reduce', true, (x: Tensor) => logsumexp(x), { cases: [
  { shapes: [[2, 3]], call: (x) => logsumexp(x) }, { shapes: [[2, 3, 4]], call: (x) => logsumexp(x, [0, 2]) },
  { shapes: [[3, 4]], call: (x) => logsumexp(x, -1, true) },
] });

interface VarAttrs extends ReduceAttrs { dof: number }

// d var(x) = g * 2 (x - mean(x)) / dof
// NOTE: the forward divides by max(0, dof) while the rule divides by dof itself, as PyTorch's var_backward does.
const varGrad = (gk: Tensor, x: Tensor, attrs: VarAttrs): Tensor => mul(gk, mul(sub(x, mean(x, attrs.axes, true)), 2 / attrs.dof));
const VARIANCE: GradSpec<VarAttrs> = { name: 'VarBackward0', saves: [0], vjp: ({ g, x, attrs }) => [varGrad(keepDims(g, x.shape, attrs), x, attrs)] };

// d std(x) = d var(x) * g / (2 std)
// NOTE: PyTorch's std_backward masks g / (2 std) to 0 where std is 0 (a constant slice gets gradient 0, not NaN);
// the division happens on a safe denominator so the masked branch cannot feed NaN into a second derivative.
// TensorFlow's reduce_std is sqrt(reduce_variance) with no mask: NaN there (convention 'tf').
const STD: GradSpec<VarAttrs & ConventionAttrs> = {
  name: 'StdBackward0', saves: [0, 'out'],
  vjp: ({ g, x, out, attrs }) => {
    const s = keepDims(out, x.shape, attrs);
    const gk = keepDims(g, x.shape, attrs);
    if (attrs.convention === 'tf') return [varGrad(div(gk, mul(s, 2)), x, attrs)];
    const zero = eq(s, 0);
    return [varGrad(where(zero, 0, div(gk, where(zero, 1, mul(s, 2)))), x, attrs)];
  },
};

/** Sum of squared deviations over the reduced axes, divided by max(0, n - correction); float64 accumulation. */
function spread(op: string, xv: TensorLike, axis: Axes, correction: number, keepdims: boolean, root: boolean, convention: Convention = 'torch'): Tensor {
  const x = asTensor(op, xv);
  // neither framework has an integer variance (PyTorch: "std and var only support floating point ..."; TensorFlow:
  // "Input must be either real or complex"); each facade raises its own words before calling this
  if (!isFloat(x.dtype)) fail('dtype', `${op}: expected a floating point tensor, got ${x.dtype}`);
  const { attrs, shape, reduced } = reduction(op, x, axis, keepdims);
  let n = 1;
  for (const a of attrs.axes) n *= x.shape[a]!;
  const dof = n - correction;
  const out = new Tensor(shape, floatOf(x.dtype));
  const acc = new Float64Array(out.size);
  sqDevInto(x.data, x.shape, reduced, keptShape(x.shape, attrs.axes), n, acc);
  const d = Math.max(0, dof);
  for (let k = 0; k < acc.length; k++) acc[k] = root ? Math.sqrt(acc[k]! / d) : acc[k]! / d;
  out.data.set(acc);
  return record(root ? STD : VARIANCE, [x], out, { ...attrs, dof, convention });
}

/**
 * Variance over `axis` (null: all axes) with `correction` (PyTorch's correction / NumPy's ddof; PyTorch defaults
 * to 1, TensorFlow's reduce_variance to 0). n - correction <= 0 gives inf (or NaN for 0/0), as PyTorch.
 * @example variance(fromArray([1, 2, 3, 4])) // 5/3
 */
export function variance(x: TensorLike, axis: Axes = null, correction = 1, keepdims = false): Tensor {
  return spread('variance', x, axis, correction, keepdims, false);
}
/** Standard deviation: sqrt(variance(x, axis, correction)); its gradient is 0 where it is 0 (PyTorch), NaN with 'tf'. */
export function std(x: TensorLike, axis: Axes = null, correction = 1, keepdims = false, convention: Convention = 'torch'): Tensor {
  return spread('std', x, axis, correction, keepdims, true, convention);
}
/**
 * The node of `t` under another grad_fn name, its rule unchanged: PyTorch's var_mean and std_mean make one node for
 * both results (VarMeanBackward0, StdMeanBackward0), whose rule is var's (std's) plus mean's (FunctionsManual.cpp
 * var_mean_backward, std_mean_backward). Here each result keeps its own rule, and both show PyTorch's name.
 */
function named(t: Tensor, name: string): Tensor {
  const n = t.node;
  if (n !== null && n.inputs !== null) t.node = new Node({ ...n.spec, name }, n.inputs, t, n.attrs, n.torch, n.tapes);
  return t;
}

/**
 * PyTorch's var_mean: [variance(x, axis, correction), mean(x, axis)], each with its own rule, both named
 * VarMeanBackward0. Float inputs only (see `variance`).
 * @example varMean(fromArray([1, 2, 3, 4])) // [5/3, 2.5]
 */
export function varMean(x: TensorLike, axis: Axes = null, correction = 1, keepdims = false): [Tensor, Tensor] {
  const v = spread('var_mean', x, axis, correction, keepdims, false);
  return [named(v, 'VarMeanBackward0'), named(mean(x, axis, keepdims), 'VarMeanBackward0')];
}
/** PyTorch's std_mean: [std(x, axis, correction), mean(x, axis)], both named StdMeanBackward0 (see `varMean`). */
export function stdMean(x: TensorLike, axis: Axes = null, correction = 1, keepdims = false): [Tensor, Tensor] {
  const s = spread('std_mean', x, axis, correction, keepdims, true);
  return [named(s, 'StdMeanBackward0'), named(mean(x, axis, keepdims), 'StdMeanBackward0')];
}

for (const [name, fn] of [['variance', variance], ['std', std]] as const) {
  registerOp(name, 'reduce', true, (x: Tensor) => fn(x), { cases: [
    { shapes: [[2, 3]], call: (x) => fn(x) }, { shapes: [[2, 3, 4]], call: (x) => fn(x, [0, 2]) },
    { shapes: [[3, 4]], call: (x) => fn(x, -1, 0, true), label: 'correction 0' },
  ] });
}

interface NormAttrs extends ReduceAttrs { p: number; convention: Convention }

// d |x|_p = g * sign(x) |x|^(p-1) / out^(p-1); p = 2: g x / out; p = 1: g sign(x); p = inf: g sign(x) split over ties
// NOTE: as PyTorch's norm_backward, the gradient is 0 where the norm is 0, |x|^(p-1) is taken as 0 at x = 0 for
// p < 1, and the inf-norm splits g evenly among tied |x| (NaN counting as a tie of a NaN norm).
const NORM: GradSpec<NormAttrs> = {
  name: 'NormBackward1', saves: [0, 'out'],
  vjp: ({ g, x, out, attrs }) => [normGrad(keepDims(g, x.shape, attrs), x, keepDims(out, x.shape, attrs), attrs)],
};

function normGrad(gk: Tensor, x: Tensor, nk: Tensor, attrs: NormAttrs): Tensor {
  const p = attrs.p;
  if (p === 0) return broadcastTo(mul(gk, 0), x.shape);
  if (p === 1) return mul(gk, sign(x));
  if (p === Infinity) {
    const w = new Tensor(x.shape, x.dtype);
    const reduced = x.shape.map((_, d) => attrs.axes.includes(d));
    tieWeightsInto(x.data, x.shape, reduced, nk.data, nk.shape, true, true, w.data);
    return mul(mul(gk, sign(x)), w);
  }
  // NOTE: TensorFlow's euclidean norm is sqrt(sum(x^2)) with no mask: 0/0 = NaN at the zero vector.
  if (p === 2 && attrs.convention === 'tf') return mul(x, div(gk, nk));
  const zero = eq(nk, 0);
  if (p === 2) return mul(x, where(zero, 0, div(gk, where(zero, 1, nk))));
  const xz = eq(x, 0);
  const term = mul(sign(x), powScalar(where(xz, 1, abs(x)), p - 1));
  return mul(term, where(zero, 0, div(gk, powScalar(where(zero, 1, nk), p - 1))));
}

/**
 * The p-norm over `axis` (null: all axes): ord a number >= 0 (0 counts nonzeros), Infinity (max |x|), or 'fro'
 * (the 2-norm over the given axes). Integer inputs give float32; an empty reduction gives 0.
 * @example norm(fromArray([3, 4])) // 5
 */
export function norm(xv: TensorLike, ord: number | 'fro' = 2, axis: Axes = null, keepdims = false, convention: Convention = 'torch'): Tensor {
  const x = asTensor('norm', xv);
  const p = ord === 'fro' ? 2 : ord;
  if (typeof p !== 'number' || !(p >= 0)) {
    fail('value', `norm: ord must be a number >= 0, Infinity or 'fro', got ${typeof ord === 'string' ? `'${ord}'` : String(ord)}`);
  }
  const { attrs, shape, reduced } = reduction('norm', x, axis, keepdims);
  const terms = new Float64Array(x.size);
  normTermsInto(x.data, p, terms);
  const out = new Tensor(shape, floatOf(x.dtype));
  const acc = new Float64Array(out.size);
  reduceInto(terms, x.shape, reduced, acc, p === Infinity ? 'max' : 'sum');
  for (let k = 0; k < acc.length; k++) {
    const s = acc[k]!;
    acc[k] = p === Infinity ? (s === -Infinity ? 0 : s) : p === 0 || p === 1 ? s : p === 2 ? Math.sqrt(s) : Math.pow(s, 1 / p);
  }
  out.data.set(acc);
  return record(NORM, [x], out, { ...attrs, p, convention });
}
// Positive values in the generic checks: distinct x can still tie in |x|, where the inf-norm has no derivative.
registerOp('norm', 'reduce', true, (x: Tensor) => norm(x), { domain: [0.3, 2], cases: [
  { shapes: [[2, 3]], call: (x) => norm(x) }, { shapes: [[2, 3, 4]], call: (x) => norm(x, 1, [0, 2]), label: 'ord 1' },
  { shapes: [[3, 4]], call: (x) => norm(x, Infinity, -1, true), label: 'ord inf' },
  { shapes: [[3, 4]], call: (x) => norm(x, 3, 0), label: 'ord 3' }, { shapes: [[3, 4]], call: (x) => norm(x, 0.5, 1), label: 'ord 0.5' },
] });
