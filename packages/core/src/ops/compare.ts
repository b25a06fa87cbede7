import * as K from '../kernels/binary.js';
import * as U from '../kernels/unary.js';
import { Tensor } from '../tensor.js';
import { allocate, isFloat, type DType, type TypedArray } from '../dtype.js';
import { fail } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec } from '../autograd/node.js';
import { expandInto } from '../kernels/expand.js';
import { asTensor, binaryOp, resultType, registerOp, unaryOp, type TensorLike } from './define.js';
import { mul } from './arith.js';
import { cast } from './shape.js';

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
  name: 'WhereBackward0', saves: [0], unbroadcast: true,
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
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, x.shape), y.shape);
  const dtype: DType = resultType(x, y);
  const out = new Tensor(shape, dtype);
  const n = out.size;
  const c = cond.size === n ? cond.data : expanded(cond, shape, n);
  const xs = x.size === 1 ? 0 : 1;
  const ys = y.size === 1 ? 0 : 1;
  const xa = x.size === n || x.size === 1 ? x.data : expanded(x, shape, n);
  const ya = y.size === n || y.size === 1 ? y.data : expanded(y, shape, n);
  select(c, xa, xs, ya, ys, out.data, n);
  return record(WHERE, ref ? [cond, x, y, ref] : [cond, x, y], out, undefined);
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

// d clamp(x, lo, hi) = g where lo <= x <= hi (the bounds included, in both frameworks)
const clampOp = unaryOp<{ lo: number; hi: number }>({
  name: 'clamp', grad: 'ClampBackward1', kernel: (x, o, n, a) => U.clamp(x, o, n, a.lo, a.hi), out: 'same',
  defaults: { lo: -0.5, hi: 0.5 },
  vjp: ({ g, x, attrs }) => [mul(g, castBool(inRange(x, attrs.lo, attrs.hi), g.dtype))],
  check: { avoid: [-0.5, 0.5] },
});

function inRange(x: Tensor, lo: number, hi: number): Tensor {
  const out = new Tensor(x.shape, 'bool');
  const d = x.data, o = out.data;
  for (let i = 0; i < x.size; i++) o[i] = d[i]! >= lo && d[i]! <= hi ? 1 : 0;
  return out;
}

function castBool(m: Tensor, dtype: DType): Tensor {
  const out = new Tensor(m.shape, dtype);
  out.data.set(m.data);
  return out;
}

/**
 * clamp(x, min, max); either bound may be null (PyTorch requires at least one). An integer or bool tensor takes
 * PyTorch's result type with the bounds: float32 if a bound is fractional (or infinite), else int32.
 */
export function clamp(xv: TensorLike, min: number | null = null, max: number | null = null): Tensor {
  if (min === null && max === null) fail('value', "clamp: At least one of 'min' or 'max' must not be None");
  let x = asTensor('clamp', xv);
  if (!isFloat(x.dtype)) {
    const fractional = (min !== null && !Number.isInteger(min)) || (max !== null && !Number.isInteger(max));
    if (fractional) x = cast(x, 'float32');
    else if (x.dtype === 'bool') x = cast(x, 'int32');
  }
  return clampOp(x, { lo: min ?? -Infinity, hi: max ?? Infinity });
}
