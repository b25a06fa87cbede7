import * as ops from './ops.js';
import { TensorBase, type Tensor, type TensorInput } from './tensor.js';
import type { DTypeLike } from './dtypes.js';

/**
 * Chainable methods on tf.Tensor and tf.Variable, for Python's operators: `x.pow(4).mul(2)` is `2*x**4` read left
 * to right. Each is its tf.* op from the name table, so a method and the function share one code path.
 */
type Axis = number | readonly number[] | null;

declare module './tensor.js' {
  interface TensorBase {
    add(y: TensorInput): Tensor;
    sub(y: TensorInput): Tensor;
    mul(y: TensorInput): Tensor;
    div(y: TensorInput): Tensor;
    pow(y: TensorInput): Tensor;
    /** y - this (Python's `__rsub__`), y / this, y ** this. */
    rsub(y: TensorInput): Tensor;
    rdiv(y: TensorInput): Tensor;
    rpow(y: TensorInput): Tensor;
    neg(): Tensor;
    square(): Tensor;
    sqrt(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    abs(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    relu(): Tensor;
    matmul(y: TensorInput): Tensor;
    sum(axis?: Axis, keepdims?: boolean): Tensor;
    mean(axis?: Axis, keepdims?: boolean): Tensor;
    max(axis?: Axis, keepdims?: boolean): Tensor;
    min(axis?: Axis, keepdims?: boolean): Tensor;
    prod(axis?: Axis, keepdims?: boolean): Tensor;
    reshape(shape: readonly number[]): Tensor;
    transpose(perm?: readonly number[]): Tensor;
    cast(dtype: DTypeLike): Tensor;
    eq(y: TensorInput): Tensor;
    ne(y: TensorInput): Tensor;
    lt(y: TensorInput): Tensor;
    le(y: TensorInput): Tensor;
    gt(y: TensorInput): Tensor;
    ge(y: TensorInput): Tensor;
  }
}

const P = TensorBase.prototype;
P.add = function (y) { return ops.add(this, y); };
P.sub = function (y) { return ops.subtract(this, y); };
P.mul = function (y) { return ops.multiply(this, y); };
P.div = function (y) { return ops.divide(this, y); };
P.pow = function (y) { return ops.pow(this, y); };
P.rsub = function (y) { return ops.subtract(y, this); };
P.rdiv = function (y) { return ops.divide(y, this); };
P.rpow = function (y) { return ops.pow(y, this); };
P.neg = function () { return ops.negative(this); };
P.square = function () { return ops.square(this); };
P.sqrt = function () { return ops.sqrt(this); };
P.exp = function () { return ops.exp(this); };
P.log = function () { return ops.log(this); };
P.abs = function () { return ops.abs(this); };
P.tanh = function () { return ops.tanh(this); };
P.sigmoid = function () { return ops.sigmoid(this); };
P.relu = function () { return ops.relu(this); };
P.matmul = function (y) { return ops.matmul(this, y); };
P.sum = function (axis, keepdims) { return ops.reduce_sum(this, axis, keepdims); };
P.mean = function (axis, keepdims) { return ops.reduce_mean(this, axis, keepdims); };
P.max = function (axis, keepdims) { return ops.reduce_max(this, axis, keepdims); };
P.min = function (axis, keepdims) { return ops.reduce_min(this, axis, keepdims); };
P.prod = function (axis, keepdims) { return ops.reduce_prod(this, axis, keepdims); };
P.reshape = function (shape) { return ops.reshape(this, shape); };
P.transpose = function (perm) { return ops.transpose(this, perm); };
P.cast = function (dtype) { return ops.cast(this, dtype); };
P.eq = function (y) { return ops.equal(this, y); };
P.ne = function (y) { return ops.not_equal(this, y); };
P.lt = function (y) { return ops.less(this, y); };
P.le = function (y) { return ops.less_equal(this, y); };
P.gt = function (y) { return ops.greater(this, y); };
P.ge = function (y) { return ops.greater_equal(this, y); };
