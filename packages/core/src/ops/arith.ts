import * as K from '../kernels/binary.js';
import { fail } from '../errors.js';
import { binary1, binaryOp, mul1, unaryOp, type BinaryFn, type TensorLike } from './define.js';
import { log, neg as negOp, reciprocal, square } from './unary.js';
import { eq, gt, lt, ge, le, where } from './compare.js';
import type { Tensor } from '../tensor.js';
import type { TypedArray } from '../dtype.js';

/** Which framework's convention a rule follows at an edge where they disagree (see docs/divergences.md). */
export type Convention = 'torch' | 'tf';
export interface ConventionAttrs { convention?: Convention }

// d(x + y) = (g, g)
export const add = binaryOp({
  name: 'add', grad: 'AddBackward0', kernel: K.add, one: K.addOne, saves: [],
  vjp: ({ g }) => [g, g],
  scalar: (s) => { s.gx = s.g; s.gy = s.g; }, passes: [true, true],
});

// d(x - y) = (g, -g)
export const sub = binaryOp({
  name: 'sub', grad: 'SubBackward0', kernel: K.sub, one: K.subOne, saves: [],
  vjp: ({ g, needs }) => [g, needs[1] ? negOp(g) : null],
  scalar: (s) => { s.gx = s.g; s.gy = -s.g; }, passes: [true, false],
});

export interface AlphaAttrs { alpha: number }
const ALPHA_CASES = (op: BinaryFn<AlphaAttrs>) => ({ cases: [
  { shapes: [[2, 3], [2, 3]], call: (x: Tensor, y: Tensor) => op(x, y, { alpha: 0.3 }) },
  { shapes: [[2, 3], [3]], call: (x: Tensor, y: Tensor) => op(x, y, { alpha: -2.5 }), label: 'y broadcast' },
] });

// d(x alpha) = g alpha: PyTorch's mul by a C++ Scalar (mul.Scalar, MulBackward1: one edge), which the rules of add and
// sub with alpha use (maybe_multiply); the product rounds as mul's, alpha taken in x's dtype
const mulScalarKernel = (x: TypedArray, o: TypedArray, n: number, a: AlphaAttrs): void =>
  K.mul(x, 1, o instanceof Float32Array ? new Float32Array([a.alpha]) : new Float64Array([a.alpha]), 0, o, n, undefined);
export const mulScalar: (x: TensorLike, attrs?: AlphaAttrs) => Tensor = unaryOp<AlphaAttrs>({
  name: 'mul_scalar', grad: 'MulBackward1', kernel: mulScalarKernel, out: 'same', saves: [], defaults: { alpha: 1 },
  vjp: ({ g, attrs }) => [mulScalar(g, attrs)],
  scalar: (s) => { s.gx = mul1(s.g, s.attrs.alpha, s.dtype); },
  check: { cases: [{ shapes: [[2, 3]], call: (x: Tensor) => mulScalar(x, { alpha: -0.3 }) }] },
});
/** PyTorch's maybe_multiply(g, alpha): g itself when alpha is 1, else g * alpha (MulBackward1). */
const maybeMultiply = (g: Tensor, alpha: number): Tensor => (alpha === 1 ? g : mulScalar(g, { alpha }));

// d(x + alpha y) = (g, g alpha): PyTorch's add with alpha, one op rounded once (K.addScaled), one AddBackward0 node;
// the gradient is scaled before the engine sums it back to y's shape, as PyTorch's maybe_multiply then sum_to
export const addScaled: BinaryFn<AlphaAttrs> = binaryOp<AlphaAttrs>({
  name: 'add_scaled', grad: 'AddBackward0', kernel: K.addScaled, saves: [], defaults: { alpha: 1 },
  vjp: ({ g, needs, attrs }) => [g, needs[1] ? maybeMultiply(g, attrs.alpha) : null],
  scalar: (s) => { s.gx = s.g; s.gy = mul1(s.g, s.attrs.alpha, s.dtype); }, passes: [true, false],
  check: ALPHA_CASES((x, y, a) => addScaled(x, y, a)),
});

// d(x - alpha y) = (g, -g alpha): PyTorch's sub with alpha (SubBackward0: maybe_multiply(-grad, alpha))
export const subScaled: BinaryFn<AlphaAttrs> = binaryOp<AlphaAttrs>({
  name: 'sub_scaled', grad: 'SubBackward0', kernel: K.subScaled, saves: [], defaults: { alpha: 1 },
  vjp: ({ g, needs, attrs }) => [g, needs[1] ? maybeMultiply(negOp(g), attrs.alpha) : null],
  scalar: (s) => { s.gx = s.g; s.gy = mul1(-s.g, s.attrs.alpha, s.dtype); }, passes: [true, false],
  check: ALPHA_CASES((x, y, a) => subScaled(x, y, a)),
});

// d(x * y) = (g * y, g * x)
export const mul: BinaryFn = binaryOp({
  name: 'mul', grad: 'MulBackward0', kernel: K.mul, one: K.mulOne, reads: [[1], [0]],
  vjp: ({ g, x, y, needs }) => [needs[0] ? mul(g, y) : null, needs[1] ? mul(g, x) : null],
  scalar: (s) => { s.gx = mul1(s.g, s.y, s.dtype); s.gy = mul1(s.g, s.x, s.dtype); },
});

// d(x / y) = (g / y, -g * (x / y) / y)
// NOTE: (x / y) / y, as both frameworks compute it (PyTorch's div_tensor_other_backward, TensorFlow's _RealDivGrad):
// g * x / (y * y) overflows y * y where the quotient does not.
export const div: BinaryFn = binaryOp({
  name: 'div', grad: 'DivBackward0', kernel: K.div, one: K.divOne, out: 'float', reads: [[1], [0, 1]],
  vjp: ({ g, x, y, needs }) => [needs[0] ? div(g, y) : null, needs[1] ? negOp(mul(g, div(div(x, y), y))) : null],
  scalar: (s) => {
    const d = s.dtype;
    s.gx = binary1(K.div, s.g, s.y, d);
    s.gy = -mul1(s.g, binary1(K.div, binary1(K.div, s.x, s.y, d), s.y, d), d);
  },
  check: { avoid: [0] },
});

// d(x ^ y) = (g * y * x^(y-1), g * x^y * log x)
// NOTE: at x = 0 with y >= 0 PyTorch masks the log term to 0; TensorFlow masks it wherever x <= 0.
export const powTensor: BinaryFn<ConventionAttrs> = binaryOp<ConventionAttrs>({
  name: 'pow', grad: 'PowBackward1', gradNumberFirst: 'PowBackward2', kernel: K.pow, saves: [0, 1, 'out'],
  vjp: ({ g, x, y, out, needs, attrs }) => [
    needs[0] ? powBase(g, x, y, attrs) : null,
    needs[1] ? mul(mul(g, out), safeLog(x, y, attrs?.convention ?? 'torch')) : null,
  ],
  check: { domain: [0.5, 2] },
});

// d/dx x^y = g * y * x^(y-1). PyTorch's pow_backward_self is 0 wherever y == 0 (so 0^0 gives 0, not 0 * 0^-1 =
// NaN); TensorFlow's _PowGrad does not mask.
// NOTE: TF's form is the same where() with a mask that is never true (y < -inf, false for NaN too), so that the
// second derivatives of both run the same ops in the same order and the facades stay bit-identical off y == 0.
function powBase(g: Tensor, x: Tensor, y: Tensor, attrs: ConventionAttrs | undefined): Tensor {
  const d = mul(mul(g, y), powTensor(x, sub(y, 1), attrs));
  return where((attrs?.convention ?? 'torch') === 'tf' ? lt(y, -Infinity) : eq(y, 0), 0, d);
}

// NOTE: both forms are where(mask, 0, log(...)) with a single log, so that their second derivatives add up
// in the same order and the facades stay bit-identical (signs of zero included) away from the masked points.
function safeLog(x: Tensor, y: Tensor, c: Convention): Tensor {
  if (c === 'tf') return where(le(x, 0), 0, log(where(gt(x, 0), x, 1)));
  return where(where(eq(x, 0), ge(y, 0), eq(x, 0)), 0, log(x));
}

// d max(x, y) = g to the larger input
// NOTE: at ties PyTorch splits g evenly between x and y; TensorFlow gives all of it to x.
export const maximum = binaryOp<ConventionAttrs>({
  name: 'maximum', grad: 'MaximumBackward0', kernel: K.maximum,
  vjp: ({ g, x, y, needs, attrs }) => pick(g, gt(x, y), lt(x, y), eq(x, y), needs, attrs?.convention ?? 'torch'),
  check: { avoid: [] },
});

// d min(x, y) = g to the smaller input (ties as in maximum)
export const minimum = binaryOp<ConventionAttrs>({
  name: 'minimum', grad: 'MinimumBackward0', kernel: K.minimum,
  vjp: ({ g, x, y, needs, attrs }) => pick(g, lt(x, y), gt(x, y), eq(x, y), needs, attrs?.convention ?? 'torch'),
});

// NOTE: written as each framework masks, which decides a NaN operand (every comparison false): PyTorch zeroes the
// loser's gradient (max_backward: masked_fill(self < other, 0)), so both inputs get g; TensorFlow gives g to x where
// x >= y (x <= y for minimum), so y gets it.
function pick(g: Tensor, xWins: Tensor, yWins: Tensor, tie: Tensor, needs: readonly boolean[], c: Convention): Array<Tensor | null> {
  if (c === 'torch') {
    const split = where(tie, mul(g, 0.5), g);
    return [needs[0] ? where(yWins, 0, split) : null, needs[1] ? where(xWins, 0, split) : null];
  }
  return [needs[0] ? where(xWins, g, where(tie, g, 0)) : null, needs[1] ? where(xWins, 0, where(tie, 0, g)) : null];
}

const NEGATE_BOOL = 'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.';
// d atan2(x, y) = (g * y / (x^2 + y^2), -g * x / (x^2 + y^2)), rounded in each framework's order (attrs.convention):
// PyTorch's atan2_backward (FunctionsManual.cpp) takes recip = (x*x + y*y).reciprocal(), then grad * y * recip and
// grad * -x * recip; TensorFlow's _Atan2Grad (math_grad.py) divides first, grad_inv = grad / (square(y) + square(x)),
// then y * grad_inv and -x * grad_inv (TF names the operands atan2(y, x): its x is our y). The two round differently
// at many inputs, and at the extremes the order decides: atan2(1, 3e38) in float32 with g = 2 gives PyTorch NaN
// (g * 3e38 = inf, times 1/inf = 0) and TF 0 (2/inf * 3e38); atan2(1e-20, 1e-20) gives both inf (1/2e-40 and g/2e-40
// overflow), where dividing g * y by the sum would give 5e19.
export const atan2 = binaryOp<ConventionAttrs>({
  name: 'atan2', grad: 'Atan2Backward0', kernel: K.atan2, out: 'float',
  vjp: ({ g, x, y, needs, attrs }) => {
    // the rule negates x: a bool x (PyTorch lets atan2 take one) is PyTorch's refusal of `-` on bool, at backward
    // time as there, where negating its bytes would give 255
    if (needs[1] && x.dtype === 'bool') fail('runtime', NEGATE_BOOL);
    if ((attrs?.convention ?? 'torch') === 'tf') {
      const gi = div(g, add(square(y), square(x)));
      return [needs[0] ? mul(y, gi) : null, needs[1] ? mul(negOp(x), gi) : null];
    }
    const recip = reciprocal(add(mul(x, x), mul(y, y)));
    return [needs[0] ? mul(mul(g, y), recip) : null, needs[1] ? mul(mul(g, negOp(x)), recip) : null];
  },
  check: { avoid: [0] },
});

/** x ** p with a tensor or a number exponent (a number exponent records PowBackward0). */
export function pow(x: TensorLike, p: TensorLike, attrs?: ConventionAttrs): Tensor {
  if (typeof p === 'number') return powScalar(x, p);
  return powTensor(x, p, attrs);
}

import { powScalar } from './unary.js';
export { powScalar };
