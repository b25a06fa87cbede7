/**
 * Division with rounding and the two remainders: floor_divide (PyTorch's div(rounding_mode='floor') and
 * floor_divide, TensorFlow's floordiv), trunc_divide (div(rounding_mode='trunc')), remainder (Python's %, the sign
 * of the divisor) and fmod (C's, the sign of the dividend). Unlike true division they keep an integer dtype
 * (PyTorch's result type of the two operands); an integer zero divisor is PyTorch's ZeroDivisionError.
 */
import * as K from '../kernels/binary.js';
import { Tensor } from '../tensor.js';
import { fail } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec, Vjp } from '../autograd/node.js';
import type { BinaryKernel } from '../kernels/binary.js';
import { asTensor, registerOp, resultType, runBinary, type TensorLike } from './define.js';
import { add, mul } from './arith.js';
import { neg } from './unary.js';
import type { CheckSpec } from './registry.js';

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
    // BinaryOpsKernel.cpp: TORCH_CHECK(b != 0, "ZeroDivisionError") in every integer kernel of the family
    if (common === 'int32' && hasZero(y)) fail('runtime', 'ZeroDivisionError');
    const out = new Tensor(broadcastShapes(def.name, x.shape, y.shape), common);
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
