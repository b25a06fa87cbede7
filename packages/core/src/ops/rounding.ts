/**
 * Rounding to integers, elementwise (floor, ceil, round, trunc), and division with rounding and the two remainders: floor_divide (PyTorch's div(rounding_mode='floor') and
 * floor_divide, TensorFlow's floordiv), trunc_divide (div(rounding_mode='trunc')), remainder (Python's %, the sign
 * of the divisor) and fmod (C's, the sign of the dividend). Unlike true division they keep an integer dtype
 * (PyTorch's result type of the two operands); an integer zero divisor is PyTorch's ZeroDivisionError.
 */
import * as K from '../kernels/binary.js';
import * as KU from '../kernels/unary.js';
import { Tensor } from '../tensor.js';
import { fail } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec, Vjp } from '../autograd/node.js';
import type { BinaryKernel } from '../kernels/binary.js';
import { asTensor, registerOp, resultType, runBinary, unaryOp, type TensorLike } from './define.js';
import { add, mul, type Convention } from './arith.js';
import { neg } from './unary.js';
import type { CheckSpec } from './registry.js';
import type { TypedArray } from '../dtype.js';

/**
 * `notImplemented`: record a node that refuses to be differentiated, named after the ATen op, as PyTorch's
 * NotImplemented grad_fn does for the overloads derivatives.yaml leaves out (floor_divide, remainder(Scalar,
 * Tensor)): its backward raises "derivative for aten::<op> is not implemented".
 */
export interface RoundingAttrs { notImplemented?: string }

const NOT_IMPLEMENTED = new Map<string, GradSpec<RoundingAttrs>>();
function notImplemented(op: string): GradSpec<RoundingAttrs> {
  let s = NOT_IMPLEMENTED.get(op);
  if (s === undefined) {
    s = { name: 'NotImplemented', saves: [], vjp: () => fail('runtime', `derivative for aten::${op} is not implemented`) };
    NOT_IMPLEMENTED.set(op, s);
  }
  return s;
}

interface RoundingDef {
  name: string;
  kernel: BinaryKernel;
  /** The rule for two tensors, and its grad_fn name (PyTorch's *.Tensor overload). */
  grad: string;
  vjp: Vjp<RoundingAttrs>;
  saves?: ReadonlyArray<0 | 1>;
  reads?: ReadonlyArray<ReadonlyArray<0 | 1>>;
  /** The grad_fn name when the divisor is a number (PyTorch's *.Scalar overload); absent: `grad`. */
  gradNumber?: string;
  check: CheckSpec;
}

function roundingOp(def: RoundingDef): (x: TensorLike, y: TensorLike, attrs?: RoundingAttrs) => Tensor {
  const spec: GradSpec<RoundingAttrs> = { name: def.grad, vjp: def.vjp, saves: def.saves ?? [], reads: def.reads, unbroadcast: true };
  const numberSpec: GradSpec<RoundingAttrs> = def.gradNumber === undefined ? spec : { name: def.gradNumber, vjp: def.vjp, saves: [], unbroadcast: true };
  const fn = (xv: TensorLike, yv: TensorLike, attrs: RoundingAttrs = {}): Tensor => {
    const x = xv instanceof Tensor ? xv : asTensor(def.name, xv, yv instanceof Tensor ? yv : null);
    const y = yv instanceof Tensor ? yv : asTensor(def.name, yv, x);
    const common = resultType(x, y);
    // neither framework has these kernels for bool (PyTorch: "div_floor_cpu" not implemented for 'Bool')
    if (common === 'bool') fail('dtype', `${def.name}: expected numeric tensors, got bool and bool`);
    const out = new Tensor(broadcastShapes(def.name, x.shape, y.shape), common);
    // BinaryOpsKernel.cpp: TORCH_CHECK(b != 0, "ZeroDivisionError") in every integer kernel of the family, so after
    // the broadcast's error, and never for an empty result (no element reaches the kernel)
    if (common === 'int32' && out.size > 0 && hasZero(y)) fail('runtime', 'ZeroDivisionError');
    runBinary(def.kernel, x, y, out, undefined, common);
    const s = attrs.notImplemented !== undefined ? notImplemented(attrs.notImplemented) : typeof yv === 'number' ? numberSpec : spec;
    return record(s, [x, y], out, attrs);
  };
  registerOp(def.name, 'other', true, (x: Tensor, y: Tensor) => fn(x, y), def.check);
  return fn;
}

function hasZero(t: Tensor): boolean {
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (d[i] === 0) return true;
  return false;
}

// derivatives.yaml, div.Tensor_mode / div.Scalar_mode: with a rounding mode both gradients are
// grad.new_zeros(...): a constant zero, not connected to anything (its own derivative is "unused", not 0).
// NOTE: the entry still names `other` (and `self` for other's formula), so PyTorch saves them and an in-place change
// of the divisor before backward is its version error: hence `saves` and `reads` below though the zeros read nothing.
const ZERO_SAVES = { saves: [0, 1], reads: [[1], [0, 1]] } as const;
const zeros: Vjp<RoundingAttrs> = ({ g, needs }) => [
  needs[0] ? Tensor.filled(g.shape, g.dtype, 0) : null,
  needs[1] ? Tensor.filled(g.shape, g.dtype, 0) : null,
];

// The generic checks would step across the jumps (where x / y is an integer); these cases keep x / y strictly
// between two integers for every value the checker draws from [0.5, 2]: x' in [10.5, 12] over y' in [5.05, 5.2]
// gives a quotient in (2.01, 2.38), and its negative one in (-2.38, -2.01).
const shifted = (f: (x: Tensor, y: Tensor) => Tensor): CheckSpec => ({
  domain: [0.5, 2],
  cases: [
    { shapes: [[2, 3], [2, 3]], call: (x, y) => f(add(x!, 10), add(mul(y!, 0.1), 5)) },
    { shapes: [[2, 3], [3]], call: (x, y) => f(neg(add(x!, 10)), add(mul(y!, 0.1), 5)), label: 'negative dividend, broadcast divisor' },
    { shapes: [[3], [2, 1]], call: (x, y) => f(add(x!, 10), neg(add(mul(y!, 0.1), 5))), label: 'negative divisor, broadcast' },
    { shapes: [[2, 3], []], call: (x, y) => f(x!, add(y!, 3)), label: 'quotient below 1, a 0-d divisor' },
  ],
});

/**
 * floor(x / y), Python's //, in the result type of x and y (integers stay integers, as PyTorch's
 * div(rounding_mode='floor') and floor_divide give them); float division at the jumps as CPython computes it.
 * The gradient is zero (DivBackward2).
 * @example floorDivide(fromArray([-7, 7], 'int32'), 2).data // Int32Array [-4, 3]
 */
export const floorDivide = roundingOp({
  name: 'floor_divide', kernel: K.divFloor, grad: 'DivBackward2', vjp: zeros, ...ZERO_SAVES, check: shifted((x, y) => floorDivide(x, y)),
});

/** trunc(x / y), rounded toward zero, in the result type of x and y; zero gradient (DivBackward2). */
export const truncDivide = roundingOp({
  name: 'trunc_divide', kernel: K.divTrunc, grad: 'DivBackward2', vjp: zeros, ...ZERO_SAVES, check: shifted((x, y) => truncDivide(x, y)),
});

/**
 * x - floor(x / y) * y, the sign of y (Python's %, PyTorch's remainder); integers stay integers.
 * d = (g, -g * floor(x / y)): derivatives.yaml remainder.Tensor, `other: -grad * self.div(other, rounding_mode="floor")`.
 * @example remainder(fromArray([-7, 7]), 3).data // [2, 1]
 */
export const remainder = roundingOp({
  name: 'remainder', kernel: K.remainder, grad: 'RemainderBackward1', gradNumber: 'RemainderBackward0', saves: [0, 1], reads: [[], [0, 1]],
  vjp: ({ g, x, y, needs }) => [needs[0] ? g : null, needs[1] ? mul(neg(g), floorDivide(x, y)) : null],
  check: shifted((x, y) => remainder(x, y)),
});

/**
 * C's fmod, x - trunc(x / y) * y, the sign of x (PyTorch's fmod); integers stay integers.
 * d = (g, -g * trunc(x / y)): derivatives.yaml fmod.Tensor, `other: -grad * self.div(other, rounding_mode="trunc")`.
 * @example fmod(fromArray([-7, 7]), 3).data // [-1, 1]
 */
export const fmod = roundingOp({
  name: 'fmod', kernel: K.fmod, grad: 'FmodBackward1', gradNumber: 'FmodBackward0', saves: [0, 1], reads: [[], [0, 1]],
  vjp: ({ g, x, y, needs }) => [needs[0] ? g : null, needs[1] ? mul(neg(g), truncDivide(x, y)) : null],
  check: shifted((x, y) => fmod(x, y)),
});

// ---- rounding to integers ----

/** `tf`: TensorFlow's rule (no gradient); `decimals`: round's number of decimal places (PyTorch's round.decimals). */
interface IntegralAttrs { tf: boolean; decimals?: number }
const TORCH_RULE: IntegralAttrs = { tf: false }, TF_RULE: IntegralAttrs = { tf: true };

// d floor(x) = 0 almost everywhere. PyTorch (derivatives.yaml floor, ceil, round, trunc: zeros_like(grad)) returns
// zeros, unconnected as sign's; TensorFlow registers Floor, Ceil and Round with `return [None]` (math_grad.py): no
// gradient, so a tape's gradient through them alone is None (docs/divergences.md 'rounding-gradient-none').
const integralVjp: Vjp<IntegralAttrs> = ({ g, attrs }) => [attrs.tf ? null : new Tensor(g.shape, g.dtype)];
// the jumps: at the integers (floor, ceil, trunc) or half-way between them (round)
const AT_INTEGERS: CheckSpec = { avoid: [-2, -1, 0, 1, 2], order: 1 };
const AT_HALVES: CheckSpec = { avoid: [-1.5, -0.5, 0.5, 1.5], order: 1 };

const integralOp = (name: string, grad: string, kernel: (x: TypedArray, o: TypedArray, n: number) => void, check: CheckSpec) =>
  unaryOp<IntegralAttrs>({ name, grad, kernel, out: 'same', saves: [], defaults: TORCH_RULE, vjp: integralVjp, check });

const floorOp = integralOp('floor', 'FloorBackward0', KU.floor, AT_INTEGERS);
const ceilOp = integralOp('ceil', 'CeilBackward0', KU.ceil, AT_INTEGERS);
const truncOp = integralOp('trunc', 'TruncBackward0', KU.trunc, AT_INTEGERS);
const roundOp = integralOp('round', 'RoundBackward0', KU.roundHalfEven, AT_HALVES);
const roundDecimalsOp = unaryOp<IntegralAttrs>({
  name: 'round_decimals', grad: 'RoundBackward1', kernel: (x, o, n, a) => KU.roundDecimals(x, o, n, a.decimals ?? 0),
  out: 'same', saves: [], defaults: { tf: false, decimals: -1 }, vjp: integralVjp, check: { domain: [-12, 12], avoid: [-5, 5], order: 1 },
});

/**
 * An integral rounding of a numeric tensor: an integer one comes back as a copy (PyTorch 1.13's floor_out and its
 * siblings copy an integral input); bool has no kernel in either framework.
 */
function integral(name: string, op: (x: TensorLike, attrs?: IntegralAttrs) => Tensor) {
  return (xv: TensorLike, convention: Convention = 'torch'): Tensor => {
    const x = asTensor(name, xv);
    if (x.dtype === 'bool') fail('dtype', `${name}: expected a numeric tensor, got bool`);
    return op(x, convention === 'tf' ? TF_RULE : TORCH_RULE);
  };
}

/**
 * The largest integer not above x, elementwise, in x's dtype (-0 stays -0; NaN and infinities pass). Its gradient
 * is zeros (PyTorch), or none with `convention: 'tf'` (TensorFlow).
 * @example floor(fromArray([-0.5, 1.5])).data // [-1, 1]
 */
export const floor = integral('floor', floorOp);
/** The smallest integer not below x (ceil(-0.5) is -0); gradient as floor's. */
export const ceil = integral('ceil', ceilOp);
/** x rounded toward zero (trunc(-0.5) is -0); gradient as floor's (TensorFlow has no trunc op). */
export const trunc = integral('trunc', truncOp);
/**
 * x rounded to the nearest integer, ties to even, as both frameworks (round(2.5) = 2, round(-0.5) = -0); with
 * `decimals`, PyTorch 1.13's round(x, decimals=d) to d decimal places (a float input only: "round_cpu" has no
 * integer kernel). Gradient as floor's.
 * @example round(fromArray([0.5, 1.5, 2.5])).data // [0, 2, 2]
 */
export function round(xv: TensorLike, convention: Convention = 'torch', decimals?: number): Tensor {
  if (decimals === undefined) return roundRule(xv, convention);
  const x = asTensor('round', xv);
  if (x.dtype === 'bool' || x.dtype === 'int32') fail('dtype', `round: decimals needs a float tensor, got ${x.dtype}`);
  return roundDecimalsOp(x, { tf: convention === 'tf', decimals });
}
const roundRule = integral('round', roundOp);
