import { Tensor } from '../tensor.js';
import { floatOf, isFloat } from '../dtype.js';
import { fail } from '../errors.js';
import { record } from '../autograd/record.js';
import { Node, type GradSpec } from '../autograd/node.js';
import { logSumExpInto, normTermsInto, reduceInto, sqDevInto, tieWeightsInto } from '../kernels/reduce.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { add, div, mul, sub, type Convention, type ConventionAttrs } from './arith.js';
import { abs, exp, neg, powScalar, reciprocal, sign, sqrt } from './unary.js';
import { eq, where } from './compare.js';
import { unrecorded } from '../autograd/mode.js';
import { broadcastTo } from './broadcast.js';
import { fold, keepDims, keptShape, mean, reduction, sum, type Axes, type ReduceAttrs } from './reduce.js';

// d logsumexp(x) = g * exp(x - out), the softmax over the reduced axes (PyTorch's logsumexp_backward)
// NOTE: TensorFlow's reduce_logsumexp is a composition (math_ops.py): my_max = stop_gradient(where(is_finite(
// reduce_max(x)), reduce_max(x), 0)), log(reduce_sum(exp(x - my_max))) + my_max, and its gradient is the autodiff of
// that (_LogGrad, _SumGrad, _ExpGrad): (g * reciprocal(s)) * exp(x - my_max), s = reduce_sum(exp(x - my_max)). Where
// the max is finite, -inf or NaN that is PyTorch's value up to rounding (s sums in float64 here, in float32 in TF: the
// last bits are the reductions' accumulation difference either way). Where a slice holds +inf, my_max is 0 and s is
// inf, so an element whose exp overflows gets 0 * inf = NaN where PyTorch's exp(x - inf) gives 0 (float32 [100, inf,
// 1]: TF [NaN, NaN, 0], PyTorch [0, NaN, 0]). The tf rule takes the composition on those slices only: the mask is data
// and only built where it masks, so elsewhere the rule records PyTorch's ops and the facades stay bit-identical (the
// listed divergence 'logsumexp-tf-composition' is then decided by the input: a +inf in the slice).
const LOGSUMEXP: GradSpec<ReduceAttrs & ConventionAttrs> = {
  name: 'LogsumexpBackward0', saves: [0, 'out'],
  vjp: ({ g, x, out, attrs }) => {
    const gk = keepDims(g, x.shape, attrs);
    const ok = keepDims(out, x.shape, attrs);
    const d = mul(gk, exp(sub(x, ok)));
    if (attrs.convention !== 'tf') return [d];
    const inf = edgeMask(ok, (v) => v === Infinity);
    if (inf === null) return [d];
    const e = exp(sub(x, finiteMax(x, attrs)));
    return [where(inf, mul(mul(gk, reciprocal(sum(e, attrs.axes, true), 'tf')), e), d)];
  },
};

/**
 * The bool mask of the elements of `t` where `edge` holds, or null where it holds for none: the tf rules take
 * TensorFlow's composition on the masked slices only, and without a mask they record exactly PyTorch's ops.
 */
function edgeMask(t: Tensor, edge: (v: number) => boolean): Tensor | null {
  let mask: Tensor | null = null;
  for (let k = 0; k < t.size; k++) if (edge(t.data[k]!)) (mask ??= new Tensor(t.shape, 'bool')).data[k] = 1;
  return mask;
}

/** TensorFlow's my_max: the slot's max with the reduced axes kept, 0 where it is not finite; a constant (stop_gradient). */
function finiteMax(x: Tensor, attrs: ReduceAttrs): Tensor {
  const m = fold(x, x.shape.map((_, d) => attrs.axes.includes(d)), keptShape(x.shape, attrs.axes), floatOf(x.dtype), 'max');
  const md = m.data;
  for (let k = 0; k < md.length; k++) if (!Number.isFinite(md[k]!)) md[k] = 0;
  return m;
}

/**
 * log(sum(exp(x))) over `axis` (null: all axes), computed with the max subtracted; integer inputs give float32;
 * an empty reduction gives -inf. `convention: 'tf'` takes TensorFlow's gradient (see LOGSUMEXP).
 * @example logsumexp(fromArray([0, 0])) // log 2
 */
export function logsumexp(xv: TensorLike, axis: Axes = null, keepdims = false, convention: Convention = 'torch'): Tensor {
  const x = asTensor('logsumexp', xv);
  const { attrs, shape, reduced } = reduction('logsumexp', x, axis, keepdims);
  const out = new Tensor(shape, floatOf(x.dtype));
  const acc = new Float64Array(out.size);
  logSumExpInto(x.data, x.shape, reduced, keptShape(x.shape, attrs.axes), acc);
  out.data.set(acc);
  return record(LOGSUMEXP, [x], out, convention === 'tf' ? { ...attrs, convention } : attrs);
}
registerOp('logsumexp', 'reduce', true, (x: Tensor) => logsumexp(x), { cases: [
  { shapes: [[2, 3]], call: (x) => logsumexp(x) }, { shapes: [[2, 3, 4]], call: (x) => logsumexp(x, [0, 2]) },
  { shapes: [[3, 4]], call: (x) => logsumexp(x, -1, true) },
] });

/** `whole`: the input is 0-d or no axis was given, where PyTorch's var_backward takes a path of its own. */
interface VarAttrs extends ReduceAttrs { dof: number; whole: boolean }

// d var(x) = g * 2 (x - mean(x)) / dof
// NOTE: the forward divides by max(0, dof) while the rule divides by dof itself, as PyTorch's var_backward does; on
// its path for a whole tensor that path returns inf * g when dof is 0 (so a 0-d var(0) has gradient inf, not NaN).
// PyTorch 1.13 returns that 0-d, which fails its shape check for an input of shape [1] (docs/divergences.md).
const varGrad = (gk: Tensor, x: Tensor, attrs: VarAttrs): Tensor => {
  if (attrs.whole && attrs.dof === 0) return mul(broadcastTo(gk, x.shape), Infinity);
  // PyTorch's order: ((2 / dof) * grad) * (self - mean), the factor rounded to the dtype (measured: every element
  // matches; grad * ((self - mean) * (2 / dof)) matched seven in ten)
  return mul(mul(gk, 2 / attrs.dof), sub(x, mean(x, attrs.axes, true)));
};

/**
 * TensorFlow's gradient of reduce_variance, the autodiff of its composition (math_ops.py): means = reduce_mean(x,
 * keepdims=True); reduce_mean(square(x - means)). There is no stop_gradient on the means, so the cotangent also flows
 * back through them: _MeanGrad (g / n), _SquareGrad (grad * (d * 2)), _SubGrad (reduce_sum(-grad): m, to the means),
 * _MeanGrad again (m / n to every element), the two paths to x added. With m finite that is PyTorch's closed form up
 * to rounding (m is rounding-sized, below the reductions' float32 accumulation difference). Where m is not finite (an
 * infinite deviation, or a doubled one past the float range) it reaches every element of the slice: [inf, 1, 2] gives
 * [NaN, NaN, NaN] where var_backward gives [NaN, -inf, -inf]. So the composition is taken on those slices only: m is
 * computed without recording, and the rule records PyTorch's ops elsewhere, so that the facades stay bit-identical
 * in float64 off the edge (as zeroWhereNoGradient in unary.ts).
 */
function varGradTf(gk: Tensor, x: Tensor, attrs: VarAttrs): Tensor {
  // PyTorch's closed form, the same ops as varGrad
  const d = sub(x, mean(x, attrs.axes, true));
  const closed = mul(mul(gk, 2 / attrs.dof), d);
  // NOTE: with every deviation and every closed-form value below max / (4 * size), each (g / n) * (2d) (the closed
  // form's product, rounded in another order) is finite and so is their sum m: the common case costs one pass over the
  // data and records nothing beyond PyTorch's ops
  const lim = (x.dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE) / (4 * Math.max(1, x.size));
  if (below(d.data, lim) && below(closed.data, lim)) return closed;
  // TF's order: _MeanGrad's g / n, then _SquareGrad's grad * (d * 2); _SubGrad's reduce_sum(-grad) to the means
  const composition = (): [Tensor, Tensor] => {
    const gd = mul(div(gk, attrs.dof), mul(d, 2));
    return [gd, sum(neg(gd), attrs.axes, true)];
  };
  const m = unrecorded(composition)[1];
  const off = edgeMask(m, (v) => !Number.isFinite(v));
  if (off === null) return closed;
  let n = 1;
  for (const a of attrs.axes) n *= x.shape[a]!;
  const [gd, mr] = composition();
  return where(off, add(gd, div(mr, n)), closed);
}

/** Every |v| < lim (false at a NaN). */
function below(v: ArrayLike<number>, lim: number): boolean {
  for (let i = 0; i < v.length; i++) if (!(Math.abs(v[i]!) < lim)) return false;
  return true;
}

const VARIANCE: GradSpec<VarAttrs & ConventionAttrs> = {
  name: 'VarBackward0', saves: [0],
  vjp: ({ g, x, attrs }) => {
    const gk = keepDims(g, x.shape, attrs);
    return [attrs.convention === 'tf' ? varGradTf(gk, x, attrs) : varGrad(gk, x, attrs)];
  },
};

// d std(x) = d var(x) * g / (2 std)
// NOTE: PyTorch's std_backward masks g / (2 std) to 0 where std is 0 (a constant slice gets gradient 0, not NaN);
// the division happens on a safe denominator so the masked branch cannot feed NaN into a second derivative.
// TensorFlow's reduce_std is sqrt(reduce_variance) with no mask (NaN there): `spread` composes it so.
const STD: GradSpec<VarAttrs> = {
  name: 'StdBackward0', saves: [0, 'out'],
  vjp: ({ g, x, out, attrs }) => {
    const s = keepDims(out, x.shape, attrs);
    const gk = keepDims(g, x.shape, attrs);
    const zero = eq(s, 0);
    return [varGrad(where(zero, 0, div(gk, where(zero, 1, mul(s, 2)))), x, attrs)];
  },
};

/**
 * Sum of squared deviations over the reduced axes, divided by max(0, n - correction); float64 accumulation.
 * `convention: 'tf'` runs TensorFlow's composition: a float32 input is rounded at every step as its float32 ops are
 * (see sqDevInto: tf.math.reduce_variance([2e19, -2e19]) squares to inf), the gradient is the composition's
 * (varGradTf), and the standard deviation is sqrt(reduce_variance(x)) (math_ops.py reduce_std), TF's sqrt rule included.
 * PyTorch accumulates var and std in double from the input (torch.std(torch.tensor([1e20, -1e20]), unbiased=False) is
 * 1e20 while var is inf), as the torch convention here.
 */
function spread(op: string, xv: TensorLike, axis: Axes, correction: number, keepdims: boolean, root: boolean, convention: Convention = 'torch'): Tensor {
  if (root && convention === 'tf') return sqrt(spread(op, xv, axis, correction, keepdims, false, 'tf'), 'tf');
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
  sqDevInto(x.data, x.shape, reduced, keptShape(x.shape, attrs.axes), n, acc, convention === 'tf' && x.dtype === 'float32');
  const d = Math.max(0, dof);
  for (let k = 0; k < acc.length; k++) acc[k] = root ? Math.sqrt(acc[k]! / d) : acc[k]! / d;
  out.data.set(acc);
  const whole = axis === null || axis === undefined || x.rank === 0;
  return record(root ? STD : VARIANCE, [x], out, convention === 'tf' ? { ...attrs, dof, whole, convention } : { ...attrs, dof, whole });
}

/**
 * Variance over `axis` (null: all axes) with `correction` (PyTorch's correction / NumPy's ddof; PyTorch defaults
 * to 1, TensorFlow's reduce_variance to 0). n - correction <= 0 gives inf (or NaN for 0/0), as PyTorch.
 * `convention: 'tf'` follows TensorFlow's composition (see `spread`).
 * @example variance(fromArray([1, 2, 3, 4])) // 5/3
 */
export function variance(x: TensorLike, axis: Axes = null, correction = 1, keepdims = false, convention: Convention = 'torch'): Tensor {
  return spread('variance', x, axis, correction, keepdims, false, convention);
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

// d |x|_p = g * sign(x) |x|^(p-1) / out^(p-1); p = 2: g x / out; p = 1: g sign(x); p = ±inf: g sign(x) split over ties
// NOTE: as PyTorch's norm_backward, the gradient is 0 where the norm is 0, |x|^(p-1) is taken as 0 at x = 0 for
// p < 1, and the ±inf-norms split g evenly among tied |x| (NaN counting as a tie of a NaN norm). p = 0 has no
// gradient at all (norm_backward returns an undefined tensor): x.grad stays None, and autograd.grad calls x unused.
// Negative p (PyTorch only) is its p < 1 branch, sgn(x) |x|^(p-1) (0 at x = 0) * g * out^(1-p), in that order.
const NORM: GradSpec<NormAttrs> = {
  name: 'NormBackward1', saves: [0, 'out'],
  vjp: ({ g, x, out, attrs }) => [attrs.p === 0 ? null : normGrad(keepDims(g, x.shape, attrs), x, keepDims(out, x.shape, attrs), attrs)],
};

function normGrad(gk: Tensor, x: Tensor, nk: Tensor, attrs: NormAttrs): Tensor {
  const p = attrs.p;
  if (p === 1) return mul(gk, sign(x));
  if (p === Infinity || p === -Infinity) {
    const w = new Tensor(x.shape, x.dtype);
    const reduced = x.shape.map((_, d) => attrs.axes.includes(d));
    tieWeightsInto(x.data, x.shape, reduced, nk.data, nk.shape, true, true, w.data);
    return mul(mul(gk, sign(x)), w);
  }
  // NOTE: TensorFlow's euclidean norm is sqrt(sum(x^2)) with no mask: 0/0 = NaN at the zero vector.
  // (PyTorch's product order, unmasked, so that the facades agree bit for bit off the zero vector)
  if (p === 2 && attrs.convention === 'tf') return mul(gk, div(x, nk));
  const zero = eq(nk, 0);
  // PyTorch 1.13's norm_backward: grad * (self / norm), masked to 0 where the norm is 0 (measured: every element
  // matches; self * (grad / norm) matched two in three)
  if (p === 2) return mul(gk, where(zero, 0, div(x, where(zero, 1, nk))));
  const xz = eq(x, 0);
  const term = mul(sign(x), powScalar(where(xz, 1, abs(x)), p - 1));
  if (p < 0) return mul(mul(where(xz, 0, term), gk), powScalar(nk, 1 - p));
  return mul(term, where(zero, 0, div(gk, powScalar(where(zero, 1, nk), p - 1))));
}

/**
 * The p-norm over `axis` (null: all axes): ord a number (0 counts nonzeros, NaN counting as one; a negative p is
 * (sum |x|^p)^(1/p), 0 where some x is 0), Infinity (max |x|), -Infinity (min |x|), or 'fro' (the 2-norm over the
 * given axes). Integer inputs give float32; an empty reduction gives 0 for every ord (PyTorch's norm; its
 * linalg.vector_norm refuses negative ord there). TensorFlow's tf.norm refuses ord <= 0 (its facade checks).
 * @example norm(fromArray([3, 4])) // 5
 */
export function norm(xv: TensorLike, ord: number | 'fro' = 2, axis: Axes = null, keepdims = false, convention: Convention = 'torch'): Tensor {
  const x = asTensor('norm', xv);
  const p = ord === 'fro' ? 2 : ord;
  if (typeof p !== 'number' || Number.isNaN(p)) {
    fail('value', `norm: ord must be a number, ±Infinity or 'fro', got ${typeof ord === 'string' ? `'${ord}'` : String(ord)}`);
  }
  const { attrs, shape, reduced } = reduction('norm', x, axis, keepdims);
  const terms = new Float64Array(x.size);
  normTermsInto(x.data, p, terms);
  const out = new Tensor(shape, floatOf(x.dtype));
  const acc = new Float64Array(out.size);
  reduceInto(terms, x.shape, reduced, acc, p === Infinity ? 'max' : p === -Infinity ? 'min' : 'sum');
  // a float32 input's sum is a float32 in both frameworks: inf once it passes the range, before the root
  const f32 = x.dtype === 'float32';
  let n = 1;
  for (const a of attrs.axes) n *= x.shape[a]!;
  for (let k = 0; k < acc.length; k++) {
    const s = f32 ? Math.fround(acc[k]!) : acc[k]!;
    // NOTE: an empty slot is 0 for every p (PyTorch's norm zero-fills): not the max/min identity, nor 0^(1/p) = inf for p < 0
    acc[k] = n === 0 ? 0 : p === Infinity || p === -Infinity || p === 0 || p === 1 ? s : p === 2 ? Math.sqrt(s) : Math.pow(s, 1 / p);
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
