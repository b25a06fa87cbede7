import * as K from '../kernels/binary.js';
import * as U from '../kernels/unary.js';
import { Tensor } from '../tensor.js';
import { allocate, isFloat, type DType, type TypedArray } from '../dtype.js';
import { fail } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec, Vjp } from '../autograd/node.js';
import { expandInto } from '../kernels/expand.js';
import { asTensor, binaryOp, resultType, resultTypeOf, registerOp, unaryOp, type TensorLike } from './define.js';
import { mul } from './arith.js';
import { cast } from './shape.js';
import { sum } from './reduce.js';

// Comparisons: boolean masks, never differentiated.
export const eq = binaryOp({ name: 'eq', grad: '', kernel: K.eq, out: 'bool' });
export const ne = binaryOp({ name: 'ne', grad: '', kernel: K.ne, out: 'bool' });
export const lt = binaryOp({ name: 'lt', grad: '', kernel: K.lt, out: 'bool' });
export const le = binaryOp({ name: 'le', grad: '', kernel: K.le, out: 'bool' });
export const gt = binaryOp({ name: 'gt', grad: '', kernel: K.gt, out: 'bool' });
export const ge = binaryOp({ name: 'ge', grad: '', kernel: K.ge, out: 'bool' });
export const logicalNot = unaryOp({ name: 'logical_not', grad: '', kernel: U.logicalNot, out: 'bool' });

// d where(c, x, y) = (-, g where c, g where not c), and exactly 0 for `ref`
const WHERE: GradSpec = {
  name: 'WhereBackward0', saves: [0], unbroadcast: true, firstEdge: 1,
  vjp: ({ g, x: c, needs, inputs }) => [
    null, needs[1] ? where(c, g, 0) : null, needs[2] ? where(c, 0, g) : null,
    ...(inputs.length > 3 ? [new Tensor(inputs[3]!.shape, inputs[3]!.dtype)] : []),
  ],
};

/**
 * Elementwise choice with broadcasting across all three; numbers take the other branch's dtype.
 * `ref` (optional, same shape as the result) joins the graph with a zero gradient: a gradient rule whose
 * mask comes from a saved tensor uses it so that its result stays connected to that tensor, as PyTorch's
 * threshold_backward is (its second derivative is 0, not "unconnected").
 */
export function where(cond: Tensor, xv: TensorLike, yv: TensorLike, ref?: Tensor): Tensor {
  if (!(cond instanceof Tensor)) fail('type', `where: condition must be a tensor, got ${typeof cond}`);
  if (cond.dtype !== 'bool') fail('dtype', `where: condition must be a bool tensor, got ${cond.dtype}`);
  const x = asTensor('where', xv, yv instanceof Tensor ? yv : null);
  const y = asTensor('where', yv, x);
  return record(WHERE, ref ? [cond, x, y, ref] : [cond, x, y], chosen('where', cond, x, y), undefined);
}

/** where's values, unrecorded: x where cond, else y, broadcast across all three, in their result type. */
function chosen(op: string, cond: Tensor, x: Tensor, y: Tensor): Tensor {
  const shape = broadcastShapes(op, broadcastShapes(op, cond.shape, x.shape), y.shape);
  const dtype: DType = resultType(x, y);
  const out = new Tensor(shape, dtype);
  const n = out.size;
  const c = cond.size === n ? cond.data : expanded(cond, shape, n);
  const xs = x.size === 1 ? 0 : 1;
  const ys = y.size === 1 ? 0 : 1;
  const xa = x.size === n || x.size === 1 ? x.data : expanded(x, shape, n);
  const ya = y.size === n || y.size === 1 ? y.data : expanded(y, shape, n);
  select(c, xa, xs, ya, ys, out.data, n);
  return out;
}

// NOTE: a leaf function, so V8 optimizes the loop whole rather than on-stack-replacing it inside `where`
// and discarding that code at the next call with other array types (W2's relu backward).
function select(c: TypedArray, xa: TypedArray, xs: number, ya: TypedArray, ys: number, o: TypedArray, n: number): void {
  for (let i = 0; i < n; i++) o[i] = c[i] ? xa[i * xs]! : ya[i * ys]!;
}

function expanded(t: Tensor, shape: readonly number[], n: number) {
  const buf = allocate(t.dtype, n);
  expandInto(t.data, t.shape, buf, shape);
  return buf;
}
registerOp('where', 'other', true, (c: Tensor, x: Tensor, y: Tensor) => where(c, x, y), { constant: [0], cases: [
  { shapes: [[2, 3], [2, 3], [2, 3]], call: (c, x, y) => where(gt(c!, 0), x!, y!) },
  { shapes: [[2, 1], [3], [2, 3]], call: (c, x, y) => where(gt(c!, 0), x!, y!), label: 'broadcast' },
] });

// d maskedFill(x, m, v) = (-, g where not m, the sum of g where m): where's rule with x before the value, as PyTorch
// numbers MaskedFillBackward1's edges (self, value); a number value (MaskedFillBackward0) is no input at all.
// NOTE: the 0-d value's gradient is summed here rather than by the engine's unbroadcast, so that under create_graph
// its grad_fn is PyTorch's SumBackward0 (masked_fill_backward), not a ViewBackward0 after the sum
const MASKED_FILL: GradSpec = {
  name: 'MaskedFillBackward1', saves: [0], unbroadcast: true, firstEdge: 1,
  vjp: ({ g, x: m, needs }) => [null, needs[1] ? where(m, 0, g) : null, needs[2] ? sum(where(m, g, 0)) : null],
};
const MASKED_FILL_NUMBER: GradSpec = { ...MASKED_FILL, name: 'MaskedFillBackward0', vjp: (a) => MASKED_FILL.vjp(a).slice(0, 2) };

/**
 * x with `value` where `mask` is set, broadcast across both (PyTorch's masked_fill), in x's dtype: a number or a 0-d
 * tensor of another dtype is converted to it as a cast converts (truncated to an integer, nonzero to true). A value
 * tensor is recorded as it is: its gradient, the sum of g where the mask is set, takes its dtype in the engine, as
 * PyTorch's does, with no ToCopyBackward0 between.
 */
export function maskedFill(x: Tensor, mask: Tensor, value: Tensor | number): Tensor {
  if (mask.dtype !== 'bool') fail('dtype', `masked_fill: mask must be a bool tensor, got ${mask.dtype}`);
  if (value instanceof Tensor && value.rank !== 0) fail('shape', `masked_fill: value must be a 0-d tensor, got shape [${value.shape.join(',')}]`);
  // the value in x's dtype, for the values only: the recorded input is the value itself
  const wide = Tensor.filled([], 'float64', typeof value === 'number' ? value : value.first);
  const out = chosen('masked_fill', mask, cast(wide, x.dtype), x);
  return typeof value === 'number' ? record(MASKED_FILL_NUMBER, [mask, x], out, undefined) : record(MASKED_FILL, [mask, x, value], out, undefined);
}
registerOp('masked_fill', 'other', true, (x: Tensor, m: Tensor, v: Tensor) => maskedFill(x, gt(m, 0), v), { constant: [1], cases: [
  { shapes: [[2, 3], [2, 3], []], call: (x, m, v) => maskedFill(x!, gt(m!, 0), v!) },
  { shapes: [[3], [2, 1], []], call: (x, m, v) => maskedFill(x!, gt(m!, 0), v!), label: 'broadcast' },
  { shapes: [[2, 3], [3]], call: (x, m) => maskedFill(x!, gt(m!, 0), 0.5), label: 'number value' },
] });

interface ClampAttrs { lo: number; hi: number; fill: boolean }

// d clamp(x, lo, hi) = g where lo <= x <= hi (the bounds included, in both frameworks), else 0
// NOTE: a select, not g times a 0/1 mask: PyTorch's clamp_backward (FunctionsManual.cpp) is where(mask, grad, 0),
// and TensorFlow's clip_by_value differentiates through Minimum and Maximum, whose gradients are selects too
// (math_grad.py _MaximumMinimumGrad, where_v2(xmask, grad, zeros)); so an inf or NaN cotangent at a clamped position
// gives 0, not NaN. A NaN x is outside every range (NaN >= lo is false): gradient 0 there as well.
const clampVjp = ({ g, x, attrs }: { g: Tensor; x: Tensor; attrs: ClampAttrs }) => [where(inRange(x, attrs.lo, attrs.hi), g, 0)];
// NOTE: `fill`: a NaN bound fills the result with NaN (TensorCompare.cpp clamp_out with both bounds, clamp_min_out,
// clamp_max_out); clamp with one NaN bound leaves x as it is, since min(x, NaN) is x in its kernel.
const clampKernel = (x: TypedArray, o: TypedArray, n: number, a: ClampAttrs): void => {
  if (a.fill) o.fill(NaN);
  else U.clamp(x, o, n, a.lo, a.hi);
};
const clampOp = unaryOp<ClampAttrs>({
  name: 'clamp', grad: 'ClampBackward1', kernel: clampKernel, out: 'same', vjp: clampVjp,
  defaults: { lo: -0.5, hi: 0.5, fill: false }, check: { avoid: [-0.5, 0.5] },
});
// PyTorch's clamp_min / clamp_max with a number: the same rule under their own grad_fn names
const clampMinOp = unaryOp<ClampAttrs>({
  name: 'clamp_min', grad: 'ClampMinBackward0', kernel: clampKernel, out: 'same', vjp: clampVjp,
  defaults: { lo: -0.5, hi: Infinity, fill: false }, check: { avoid: [-0.5] },
});
const clampMaxOp = unaryOp<ClampAttrs>({
  name: 'clamp_max', grad: 'ClampMaxBackward0', kernel: clampKernel, out: 'same', vjp: clampVjp,
  defaults: { lo: -Infinity, hi: 0.5, fill: false }, check: { avoid: [0.5] },
});

function inRange(x: Tensor, lo: number, hi: number): Tensor {
  const out = new Tensor(x.shape, 'bool');
  const d = x.data, o = out.data;
  for (let i = 0; i < x.size; i++) o[i] = d[i]! >= lo && d[i]! <= hi ? 1 : 0;
  return out;
}

/** clamp with number bounds: an integer or bool x takes float32 beside a fractional (or infinite, or NaN) bound, else int32. */
function clampNumbers(op: (x: TensorLike, a: ClampAttrs) => Tensor, xv: TensorLike, min: number | null, max: number | null, fill: boolean): Tensor {
  let x = asTensor('clamp', xv);
  if (!isFloat(x.dtype)) {
    const fractional = (min !== null && !Number.isInteger(min)) || (max !== null && !Number.isInteger(max));
    if (fractional) x = cast(x, 'float32');
    else if (x.dtype === 'bool') x = cast(x, 'int32');
  }
  // NOTE: the bounds as the kernel and the gradient's mask see them: converted to x's dtype (PyTorch's clamp kernel and
  // clamp_backward's self >= min / self <= max compare in float32 for a float32 x; TensorFlow's clip_by_value converts
  // them to t's dtype), so clamp(x, max=1e-45) keeps the gradient at x = 1e-45 (the float32 1.4e-45).
  const f32 = x.dtype === 'float32';
  const lo = min === null ? -Infinity : f32 ? Math.fround(min) : min, hi = max === null ? Infinity : f32 ? Math.fround(max) : max;
  return op(x, { lo, hi, fill });
}

/**
 * clamp(x, min, max); either bound may be null (PyTorch requires at least one). Number bounds: an integer or bool
 * tensor takes PyTorch's result type with them, float32 if a bound is fractional (or infinite), else int32; a NaN
 * bound beside another bound gives NaN everywhere, as in PyTorch. A tensor bound (either) takes `clampTensor`.
 */
export function clamp(xv: TensorLike, min: Tensor | number | null = null, max: Tensor | number | null = null): Tensor {
  if (min === null && max === null) fail('value', "clamp: At least one of 'min' or 'max' must not be None");
  if (min instanceof Tensor || max instanceof Tensor) return clampTensor(xv, min, max);
  const both = min !== null && max !== null;
  return clampNumbers(clampOp, xv, min, max, both && (Number.isNaN(min) || Number.isNaN(max)));
}

/** max(x, min) elementwise, PyTorch's clamp_min: a NaN min gives NaN everywhere; a tensor min takes `clampTensor`. */
export function clampMin(xv: TensorLike, min: Tensor | number): Tensor {
  if (min instanceof Tensor) return clampTensor(xv, min, null, 'clamp_min');
  return clampNumbers(clampMinOp, xv, min, null, Number.isNaN(min));
}

/** min(x, max) elementwise, PyTorch's clamp_max: a NaN max gives NaN everywhere; a tensor max takes `clampTensor`. */
export function clampMax(xv: TensorLike, max: Tensor | number): Tensor {
  if (max instanceof Tensor) return clampTensor(xv, null, max, 'clamp_max');
  return clampNumbers(clampMaxOp, xv, null, max, Number.isNaN(max));
}

interface ClampTensorAttrs { lo: boolean; hi: boolean }

// FunctionsManual.cpp clamp_backward and clamp_backward_min_max, each a select of g:
//   x:  g where lo <= x <= hi (the bounds given);
//   lo: g where x < lo and lo < hi (with no hi: where x < lo), so a lo above hi gets nothing;
//   hi: g where x > hi or hi < lo (with no lo: where x > hi), so a hi below lo gets all of it: the result is hi there.
const clampTensorVjp: Vjp<ClampTensorAttrs> = ({ g, inputs, needs, attrs }) => {
  const x = inputs[0]!;
  const lo = attrs.lo ? inputs[1]! : null;
  const hi = attrs.hi ? inputs[attrs.lo ? 2 : 1]! : null;
  const out: Array<Tensor | null> = [null];
  if (needs[0]) out[0] = where(lo && hi ? both(ge(x, lo), le(x, hi)) : lo ? ge(x, lo) : le(x, hi!), g, 0);
  if (lo) out.push(needs[1] ? where(hi ? both(lt(x, lo), lt(lo, hi)) : lt(x, lo), g, 0) : null);
  if (hi) out.push(needs[out.length] ? where(lo ? either(gt(x, hi), lt(hi, lo)) : gt(x, hi), g, 0) : null);
  return out;
};
/** Logical and, or of two masks (bool * bool is a bool). */
const both = (a: Tensor, b: Tensor): Tensor => mul(a, b);
const either = (a: Tensor, b: Tensor): Tensor => logicalNot(mul(logicalNot(a), logicalNot(b)));

const clampSpec = (name: string, n: number): GradSpec<ClampTensorAttrs> => ({ name, vjp: clampTensorVjp, saves: n === 3 ? [0, 1, 2] : [0, 1], unbroadcast: true });
const CLAMP_SPECS = {
  clamp: [clampSpec('ClampBackward0', 2), clampSpec('ClampBackward0', 3)],
  clamp_min: [clampSpec('ClampMinBackward1', 2)],
  clamp_max: [clampSpec('ClampMaxBackward1', 2)],
} as const;

/** `t`'s values as `dtype` (rounded as PyTorch converts an operand to the common dtype), broadcast to `shape` unless a scalar. */
function operandAs(t: Tensor, dtype: DType, shape: readonly number[], n: number): TypedArray {
  let d = t.data;
  if (t.dtype !== dtype) {
    const c = allocate(dtype, d.length);
    c.set(d);
    d = c;
  }
  return d.length === n || d.length === 1 ? d : expandedArray(d, t.shape, dtype, shape, n);
}

function expandedArray(d: TypedArray, from: readonly number[], dtype: DType, shape: readonly number[], n: number): TypedArray {
  const buf = allocate(dtype, n);
  expandInto(d, from, buf, shape);
  return buf;
}

/**
 * clamp with tensor bounds (null: none), PyTorch's clamp.Tensor: x, min and max broadcast together and promote to
 * their result type; NaN in x or in a bound gives NaN (TensorCompare.cpp: clamp_kernel with both bounds, the
 * maximum or minimum kernel with one); min > max gives max. `kind` names the PyTorch op for the grad_fn: clamp
 * (ClampBackward0), clamp_min (ClampMinBackward1), clamp_max (ClampMaxBackward1).
 * @example clampTensor(fromArray([-1, 0.5, 5]), zeros([3]), ones([3])).data // [0, 0.5, 1]
 */
export function clampTensor(xv: TensorLike, minv: TensorLike | null, maxv: TensorLike | null, kind: 'clamp' | 'clamp_min' | 'clamp_max' = 'clamp'): Tensor {
  if (minv === null && maxv === null) fail('value', "clamp: At least one of 'min' or 'max' must not be None");
  const x = asTensor('clamp', xv);
  const lo = minv === null ? null : asTensor('clamp', minv, x);
  const hi = maxv === null ? null : asTensor('clamp', maxv, x);
  const inputs = [x, ...(lo ? [lo] : []), ...(hi ? [hi] : [])];
  const dtype = resultTypeOf(inputs);
  // PyTorch's clamp_kernel has no bool instantiation; its maximum and minimum kernels (one bound) have
  if (dtype === 'bool' && lo && hi) fail('dtype', 'clamp: expected numeric tensors, got bool');
  let shape: readonly number[] = x.shape;
  for (const t of inputs.slice(1)) shape = broadcastShapes('clamp', shape, t.shape);
  const out = new Tensor(shape, dtype);
  const n = out.size;
  const [xa, la, ha] = [x, lo, hi].map((t) => (t === null ? null : operandAs(t, dtype, shape, n)));
  const s = (a: TypedArray): number => (a.length === n ? 1 : 0);
  const o = out.data;
  if (la && ha) K.clampBetween(xa!, s(xa!), la, s(la), ha, s(ha), o, n);
  else if (la) K.maximum(xa!, s(xa!), la, s(la), o, n, undefined);
  else K.minimum(xa!, s(xa!), ha!, s(ha!), o, n, undefined);
  const spec = kind === 'clamp' ? CLAMP_SPECS.clamp[inputs.length - 2]! : CLAMP_SPECS[kind][0];
  return record(spec, inputs, out, { lo: lo !== null, hi: hi !== null });
}
registerOp('clamp_tensor', 'other', true, (x: Tensor, lo: Tensor, hi: Tensor) => clampTensor(x, lo, hi), { cases: [
  { shapes: [[2, 3], [2, 3], [2, 3]], call: (x, lo, hi) => clampTensor(x!, lo!, hi!), label: 'both bounds (some min > max)' },
  { shapes: [[2, 3], [3], [2, 1]], call: (x, lo, hi) => clampTensor(x!, lo!, hi!), label: 'broadcast bounds' },
  { shapes: [[3], [2, 3], []], call: (x, lo, hi) => clampTensor(x!, lo!, hi!), label: 'x broadcast to the bounds' },
  { shapes: [[2, 3], [2, 3]], call: (x, lo) => clampTensor(x!, lo!, null), label: 'min only' },
  { shapes: [[2, 3], [1, 3]], call: (x, hi) => clampTensor(x!, null, hi!, 'clamp_max'), label: 'max only (clamp_max)' },
] });
