/**
 * The bool-valued ops: the float predicates (isnan, isinf, isfinite) and the boolean reductions (all, any). None is
 * differentiable: a bool result is never recorded, in either framework (TensorFlow: NotDifferentiable("IsNan") and
 * its siblings; PyTorch: the result does not require grad).
 */
import * as K from '../kernels/unary.js';
import { Tensor } from '../tensor.js';
import { castInto } from '../kernels/cast.js';
import { reduceInto } from '../kernels/reduce.js';
import { asTensor, registerOp, unaryOp, type TensorLike } from './define.js';
import { reduction, type Axes } from './reduce.js';

// Integer and bool inputs are finite numbers: isnan and isinf false, isfinite true (PyTorch's answers; TensorFlow's
// kernels take floats only, which its facade checks).
/** Where x is NaN, as a bool mask. @example isnan(fromArray([1, NaN])).data // Uint8Array [0, 1] */
export const isnan = unaryOp({ name: 'isnan', grad: '', kernel: K.isnan, out: 'bool' });
/** Where x is +inf or -inf. */
export const isinf = unaryOp({ name: 'isinf', grad: '', kernel: K.isinf, out: 'bool' });
/** Where x is neither NaN nor infinite. */
export const isfinite = unaryOp({ name: 'isfinite', grad: '', kernel: K.isfinite, out: 'bool' });

/**
 * Whether every (all) or some (any) element over `axis` is nonzero (true, or NaN: both frameworks cast NaN to true),
 * as a bool tensor. Over nothing, all is true and any false: the min and max folds of the 0/1 values start at +inf
 * and -inf, and `> 0` reads both.
 */
function boolReduce(op: 'all' | 'any', xv: TensorLike, axis: Axes, keepdims: boolean): Tensor {
  const x = asTensor(op, xv);
  const { shape, reduced } = reduction(op, x, axis, keepdims);
  const bits = new Uint8Array(x.size);
  castInto(x.data, bits, true);
  const acc = new Float64Array(shape.reduce((a, b) => a * b, 1));
  reduceInto(bits, x.shape, reduced, acc, op === 'all' ? 'min' : 'max');
  const out = new Tensor(shape, 'bool');
  const o = out.data;
  for (let i = 0; i < o.length; i++) o[i] = acc[i]! > 0 ? 1 : 0;
  return out;
}

/**
 * True where every element over `axis` (null: all axes) is nonzero. Not differentiable.
 * @example all(fromArray([[1, 0], [2, 3]]), 1).data // Uint8Array [0, 1]
 */
export function all(x: TensorLike, axis: Axes = null, keepdims = false): Tensor { return boolReduce('all', x, axis, keepdims); }
/** True where some element over `axis` (null: all axes) is nonzero. Not differentiable. */
export function any(x: TensorLike, axis: Axes = null, keepdims = false): Tensor { return boolReduce('any', x, axis, keepdims); }
registerOp('all', 'reduce', false, (x: Tensor) => all(x));
registerOp('any', 'reduce', false, (x: Tensor) => any(x));
