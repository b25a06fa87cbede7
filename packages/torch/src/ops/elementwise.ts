/**
 * torch.* elementwise ops: arithmetic (add, sub, mul, the divisions, pow), maximum and minimum, comparisons, the
 * unary math functions, where and nonzero, and clamp.
 */
import { core } from '../core.js';
import { RuntimeError, TorchTypeError, scalarType as scalarName } from '../errors.js';
import { Tensor, wrap as w, unwrap as u, type TensorLike } from '../tensor.js';
import { pyType } from '../py_type.js';
import { checkedScalar, float32 } from '../dtype.js';
import { argType, bind, invalidArgs, isInt, kw, pyCall, tensorArg } from './args.js';

const T = { convention: 'torch' as const };

/** True when x op y has an integer or bool result: neither is a float tensor nor a fractional number (PyTorch's categories). */
const integral = (v: TensorLike | boolean): boolean => (v instanceof Tensor ? !core.isFloat(v._t.dtype) : typeof v === 'boolean' || Number.isInteger(v));

const isBool = (v: TensorLike): boolean => v instanceof Tensor && v._t.dtype === 'bool';
/** A bool tensor or Python's True/False, which PyTorch's arithmetic wraps as a bool tensor. */
const boolLike = (v: unknown): boolean => typeof v === 'boolean' || (v instanceof Tensor && v._t.dtype === 'bool');

/**
 * add and sub (and add_, sub_, whose `xt` is the tensor written): x + y, or x + alpha y in one rounding (core
 * addScaled), with PyTorch's checks of alpha and of bool subtraction.
 * NOTE: JavaScript has one number type, so alpha 2.0 is the int 2 here, where Python's 2.0 is a float and raises.
 */
/**
 * PyTorch's alpha_check for these operands, or null: a bool alpha needs a bool result (both operands bool), a
 * fractional one a float result (a bool alpha counts as integral there).
 */
function alphaError(x: TensorLike, y: TensorLike, o?: AlphaOptions): string | null {
  const alpha = o?.alpha;
  if (alpha === undefined) return null;
  if (typeof alpha === 'boolean' && !(boolLike(x) && boolLike(y))) return 'Boolean alpha only supported for Boolean results.';
  if (typeof alpha === 'number' && !Number.isInteger(alpha) && integral(x) && integral(y)) {
    return 'For integral input tensors, argument alpha must not be a floating point number.';
  }
  return null;
}
/** Whether PyTorch refuses `alpha` for these operands (see alphaError). */
export const alphaRefused = (x: TensorLike, y: TensorLike, o?: AlphaOptions): boolean => alphaError(x, y, o) !== null;
export interface AlphaOptions { alpha?: number | boolean }

export function addSub(op: 'add' | 'sub', x: TensorLike, y: TensorLike, o?: AlphaOptions, xt: core.Tensor | number | boolean = u(x)): core.Tensor {
  // a Python bool operand is a bool tensor to PyTorch's check
  if (op === 'sub' && (boolLike(x) || boolLike(y))) {
    throw new RuntimeError(boolLike(x) && boolLike(y)
      ? 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.'
      : 'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  }
  const plain = op === 'add' ? core.add : core.sub;
  if (o?.alpha === undefined) return plain(xt, u(y));
  const refused = alphaError(x, y, o);
  if (refused !== null) throw new RuntimeError(refused);
  const alpha = Number(o.alpha);
  // NOTE: for a bool result PyTorch casts alpha to bool: x + y for any alpha but 0 (False), x + False for 0.
  if (boolLike(x) && boolLike(y)) return plain(xt, alpha !== 0 ? u(y) : core.cast(core.mul(u(y), 0), 'bool'));
  return (op === 'add' ? core.addScaled : core.subScaled)(xt, u(y), { alpha });
}
export const add = (x: TensorLike, y: TensorLike, o?: AlphaOptions): Tensor => w(addSub('add', x, y, o));
export const sub = (x: TensorLike, y: TensorLike, o?: AlphaOptions): Tensor => w(addSub('sub', x, y, o));
export const mul = (x: TensorLike, y: TensorLike): Tensor => w(core.mul(u(x), u(y)));

/**
 * An in-place op's TensorIterator refuses a result type the tensor written cannot hold before its kernel runs: so
 * before the integer divisions' ZeroDivisionError (`bool_t.remainder_(int_t)` is the cast error, zeros or not).
 */
export function castsInto(op: string, x: core.Tensor, other: TensorLike): void {
  if (core.isFloat(x.dtype) || !(other instanceof Tensor || typeof other === 'number' || typeof other === 'boolean')) return;
  const r = core.resultType(x, other instanceof Tensor ? other._t : core.scalarLike(other, x));
  if (r !== x.dtype) throw new RuntimeError(`result type ${scalarName(r)} can't be cast to the desired output type ${scalarName(x.dtype)}`);
}

// ---- division ----
export interface DivOptions { rounding_mode?: 'floor' | 'trunc' | null }
const DIV_SIGS = ['(Tensor input, Tensor other, *, Tensor out)', '(Tensor input, Tensor other, *, str rounding_mode, Tensor out)', '(Tensor input, Number other, *, str rounding_mode)'];
const DIVIDE_SIGS = [...DIV_SIGS.slice(0, 2), '(Tensor input, Number other)', DIV_SIGS[2]!];
/** The operands as the argument parser takes them: tensors and numbers, Python's bools included (a string or a list is its TypeError). */
const operandOk = (v: unknown): boolean => v instanceof Tensor || typeof v === 'number' || typeof v === 'boolean';
/** The kernel name PyTorch's dispatch refuses bool with, when both operands are bool tensors. */
function refuseBool(kernel: string, x: TensorLike, y: TensorLike): void {
  if (!(boolLike(x) && boolLike(y))) return;
  // the TensorIterator's broadcast comes before the kernel's dispatch
  if (x instanceof Tensor && y instanceof Tensor) core.broadcastShapes(kernel, x._t.shape, y._t.shape);
  throw new RuntimeError(`"${kernel}" not implemented for 'Bool'`);
}

/**
 * div(x, y) is true division (an integer result is float32); with { rounding_mode: 'floor' } or 'trunc' the quotient
 * is rounded and keeps the operands' result type (int stays int), with a zero gradient (DivBackward2), as PyTorch's
 * div.Tensor_mode. An integer zero divisor with a rounding mode is PyTorch's RuntimeError: ZeroDivisionError.
 * NOTE: PyTorch records DivBackward2 also for an explicit rounding_mode=None; twingrad records DivBackward0 there.
 */
export function div(x: TensorLike, y: TensorLike, o?: DivOptions): Tensor { return _div(false, x, y, o); }
/** divide(x, y): div under its own name, whose overloads include (Tensor input, Number other). */
export function divide(x: TensorLike, y: TensorLike, o?: DivOptions): Tensor { return _div(false, x, y, o, 'divide'); }
export function _div(method: boolean, x: TensorLike, y: TensorLike, o?: DivOptions, fn: 'div' | 'div_' | 'divide' | 'divide_' = 'div'): Tensor {
  const mode = o?.rounding_mode ?? null;
  if (!operandOk(y) || (mode !== null && typeof mode !== 'string')) {
    const kws = Object.fromEntries(Object.entries(kw<DivOptions>(o) ?? {}).filter(([, v]) => v !== undefined));
    // python_arg_parser names the bad argument when one signature alone takes that many arguments: div's two
    // arguments fit only (Tensor input, Tensor other, *, Tensor out), as rounding_mode is required in the others
    if (!fn.startsWith('divide') && Object.keys(kws).length === 0) {
      throw new TorchTypeError(`${fn}(): argument 'other' (position ${method ? 1 : 2}) must be Tensor, not ${argType(y)}`);
    }
    throw invalidArgs(fn, method, method ? [y] : [x, y], kws, fn.startsWith('divide') ? DIVIDE_SIGS : DIV_SIGS);
  }
  if (mode === null) return w(core.div(u(x), u(y)));
  if (mode !== 'floor' && mode !== 'trunc') {
    throw new RuntimeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(mode)}'`);
  }
  refuseBool(mode === 'floor' ? 'div_floor_cpu' : 'div_trunc_cpu', x, y);
  return w(mode === 'floor' ? core.floorDivide(u(x), u(y)) : core.truncDivide(u(x), u(y)));
}
const TRUE_DIVIDE_SIGS = ['(Tensor input, Tensor other, *, Tensor out)', '(Tensor input, Number other)'];
/** true_divide(x, y): div without a rounding mode. */
export function true_divide(x: TensorLike, y: TensorLike): Tensor { return _trueDivide(false, x, y); }
export function _trueDivide(method: boolean, x: TensorLike, y: TensorLike): Tensor {
  if (!operandOk(y)) throw invalidArgs('true_divide', method, method ? [y] : [x, y], {}, TRUE_DIVIDE_SIGS);
  return w(core.div(u(x), u(y)));
}
/**
 * floor_divide(x, y): div(x, y, { rounding_mode: 'floor' }) (floor rounding since PyTorch 1.13), but not
 * differentiable: derivatives.yaml has no entry, so PyTorch records NotImplemented, whose backward raises
 * "derivative for aten::floor_divide is not implemented".
 */
export function floor_divide(x: TensorLike, y: TensorLike): Tensor { return _floorDivide(false, x, y); }
export function _floorDivide(method: boolean, x: TensorLike, y: TensorLike, fn: 'floor_divide' | 'floor_divide_' = 'floor_divide'): Tensor {
  if (!operandOk(y)) throw invalidArgs(fn, method, method ? [y] : [x, y], {}, TRUE_DIVIDE_SIGS);
  refuseBool('div_floor_cpu', x, y);
  // the in-place op's node names itself: "derivative for aten::floor_divide_ is not implemented"
  return w(core.floorDivide(u(x), u(y), { notImplemented: fn }));
}
const REMAINDER_SIGS = ['(Tensor input, Tensor other, *, Tensor out)', '(Number self, Tensor other)', '(Tensor input, Number other, *, Tensor out)'];
/**
 * remainder(x, y): Python's %, the sign of y; integers stay integers. Gradient (g, -g * floor(x / y))
 * (RemainderBackward1; RemainderBackward0 for a number y). remainder(number, tensor) has no derivative in PyTorch
 * (NotImplemented).
 */
export function remainder(x: TensorLike, y: TensorLike): Tensor { return _remainder(false, x, y); }
export function _remainder(method: boolean, x: TensorLike, y: TensorLike): Tensor {
  if (!operandOk(y) || !operandOk(x) || (typeof x === 'number' && typeof y === 'number')) {
    throw invalidArgs('remainder', method, method ? [y] : [x, y], {}, REMAINDER_SIGS);
  }
  refuseBool('remainder_cpu', x, y);
  return w(core.remainder(u(x), u(y), typeof x === 'number' ? { notImplemented: 'remainder' } : {}));
}
const FMOD_SIGS = ['(Tensor input, Tensor other, *, Tensor out)', '(Tensor input, Number other, *, Tensor out)'];
/** fmod(x, y): C's fmod, the sign of x; integers stay integers. Gradient (g, -g * trunc(x / y)) (FmodBackward1; FmodBackward0 for a number y). */
export function fmod(x: Tensor, y: TensorLike): Tensor { return _fmod(false, x, y); }
export function _fmod(method: boolean, x: TensorLike, y: TensorLike): Tensor {
  if (!(x instanceof Tensor) || !operandOk(y)) throw invalidArgs('fmod', method, method ? [y] : [x, y], {}, FMOD_SIGS);
  refuseBool('fmod_cpu', x, y);
  return w(core.fmod(u(x), u(y)));
}

/**
 * A number exponent records PowBackward0, a tensor exponent PowBackward1, as in PyTorch. A bool base with a bool
 * exponent is PyTorch's error (no bool kernel); with a number or an integer tensor it computes in int64, as there.
 */
export const pow = (x: TensorLike, p: TensorLike): Tensor => {
  refuseBool('pow', x, p);
  // Python's True and False are numbers to the argument parser: pow.Tensor_Scalar, PowBackward0
  const e = typeof p === 'boolean' ? Number(p) : p;
  return w(typeof e === 'number' ? core.pow(u(x), e) : core.powTensor(u(x), u(e), T));
};
/**
 * maximum(x, other) of two tensors (PyTorch has no number overload). NOTE: at ties PyTorch splits the gradient
 * evenly (convention 'torch').
 */
export const maximum = (x: TensorLike, y: TensorLike): Tensor => _extremeOf('maximum', false, x, y);
export const minimum = (x: TensorLike, y: TensorLike): Tensor => _extremeOf('minimum', false, x, y);
export function _extremeOf(fn: 'maximum' | 'minimum', method: boolean, x: TensorLike, y: TensorLike): Tensor {
  if (!(x instanceof Tensor)) throw new TorchTypeError(`${fn}(): argument 'input' (position 1) must be Tensor, not ${pyType(x)}`);
  if (!(y instanceof Tensor)) throw new TorchTypeError(`${fn}(): argument 'other' (position ${method ? 1 : 2}) must be Tensor, not ${pyType(y)}`);
  return w((fn === 'maximum' ? core.maximum : core.minimum)(x._t, y._t, T));
}
/** atan2(x, other): two tensors (PyTorch 1.13 has no number overload). */
export const atan2 = (x: TensorLike, y: TensorLike): Tensor => _atan2(false, x, y);
export function _atan2(method: boolean, x: TensorLike, y: TensorLike): Tensor {
  if (!(x instanceof Tensor)) throw new TorchTypeError(`atan2(): argument 'input' (position 1) must be Tensor, not ${pyType(x)}`);
  if (!(y instanceof Tensor)) throw new TorchTypeError(`atan2(): argument 'other' (position ${method ? 1 : 2}) must be Tensor, not ${pyType(y)}`);
  return w(core.atan2(x._t, y._t));
}
const COMPARE_SIGS = ['(Tensor input, Tensor other, *, Tensor out)', '(Tensor input, Number other, *, Tensor out)'];
/** A comparison: the first operand must be a tensor (no (Number, Tensor) overload). */
const compare = (fn: string, f: (a: core.TensorLike, b: core.TensorLike) => core.Tensor) => (x: TensorLike, y: TensorLike): Tensor => {
  if (!(x instanceof Tensor)) throw invalidArgs(fn, false, [x, y], {}, COMPARE_SIGS);
  return w(f(x._t, u(y)));
};
export const eq = compare('eq', core.eq);
export const ne = compare('ne', core.ne);
export const lt = compare('lt', core.lt);
export const le = compare('le', core.le);
export const gt = compare('gt', core.gt);
export const ge = compare('ge', core.ge);
export const logical_not = (x: Tensor): Tensor => w(core.logicalNot(x._t));

const unary = (f: (x: core.TensorLike) => core.Tensor) => (x: TensorLike): Tensor => w(f(u(x)));
/** neg(x): UnaryOps.cpp's neg refuses bool (TORCH_CHECK(self.scalar_type() != kBool, ...)). */
export const neg = (x: TensorLike): Tensor => {
  if (isBool(x)) throw negBool();
  return w(core.neg(u(x)));
};
const negBool = (): RuntimeError => new RuntimeError('Negation, the `-` operator, on a bool tensor is not supported. ' +
  'If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
/** abs(x): the abs kernel has no bool instantiation. */
export const abs = (x: TensorLike): Tensor => {
  if (isBool(x)) throw new RuntimeError('"abs_cpu" not implemented for \'Bool\'');
  return w(core.abs(u(x)));
};
export const sign = unary(core.sign);
export const exp = unary(core.exp);
export const log = unary(core.log);
export const log1p = unary(core.log1p);
export const expm1 = unary(core.expm1);
export const sqrt = unary(core.sqrt);
export const rsqrt = unary(core.rsqrt);
/** square(x) is pow(x, 2) in PyTorch, so a bool tensor squares to int64. */
export const square = (x: TensorLike): Tensor => w(core.square(isBool(x) ? core.cast((x as Tensor)._t, 'int32') : u(x)));
export const reciprocal = unary(core.reciprocal);
export const sin = unary(core.sin);
export const cos = unary(core.cos);
export const tan = unary(core.tan);
export const tanh = unary(core.tanh);
export const sigmoid = unary(core.sigmoid);
/** relu(x): Activation.cpp's relu refuses bool (TORCH_CHECK(self.scalar_type() != at::kBool, ...)). */
export const relu = (x: TensorLike): Tensor => {
  if (isBool(x)) throw new RuntimeError('Boolean inputs not supported for relu');
  return w(core.relu(u(x)));
};
export const erf = unary(core.erf);
export const isnan = unary(core.isnan);
export const isinf = unary(core.isinf);
export const isfinite = unary(core.isfinite);
/**
 * floor, ceil and trunc: an integer tensor comes back as a copy (PyTorch 1.13's floor_out copies an integral input),
 * a bool one has no kernel; the gradient is zeros (FloorBackward0, ...).
 */
const toIntegral = (fn: 'floor' | 'ceil' | 'trunc' | 'round', f: (x: core.Tensor) => core.Tensor) => (x: Tensor): Tensor => {
  if (isBool(x)) throw new RuntimeError(`"${fn}_vml_cpu" not implemented for 'Bool'`);
  return w(f(x._t));
};
export const floor = toIntegral('floor', (x) => core.floor(x));
export const ceil = toIntegral('ceil', (x) => core.ceil(x));
export const trunc = toIntegral('trunc', (x) => core.trunc(x));
export const fix = trunc;
const roundDefault = toIntegral('round', (x) => core.round(x));
export interface RoundOptions { decimals?: number }
const ROUND_SIGS = ['(Tensor input, *, Tensor out)', '(Tensor input, *, int decimals, Tensor out)'];
/**
 * round(x), ties to even; round(x, { decimals }) to that many decimal places (RoundBackward1), PyTorch 1.13's
 * keyword-only argument, for float tensors only ("round_cpu" has no integer kernel).
 */
export function round(x: Tensor, o?: RoundOptions): Tensor { return _round(false, x, [o]); }
export function _round(method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const c = pyCall(rest);
  const d = c.kw.decimals;
  const kws = Object.keys(c.kw);
  if (c.args.length > 0 || (d !== undefined && !isInt(d)) || kws.some((k) => k !== 'decimals')) {
    // NOTE: the method's parser refuses positional arguments alone, and a bad decimals alone, by its own words
    if (method && kws.length === 0) throw new TorchTypeError(`round() takes from 1 to 0 positional arguments but ${c.args.length} were given`);
    if (method && c.args.length === 0 && kws.length === 1 && d !== undefined) throw new TorchTypeError(`round(): argument 'decimals' must be int, not ${argType(d)}`);
    throw invalidArgs('round', method, method ? c.args : [x, ...c.args], c.kw, ROUND_SIGS);
  }
  if (d === undefined) return roundDefault(x);
  // NOTE: round.decimals runs the plain round kernel for decimals=0, round_vml_cpu, whose name the error then gives
  if (!core.isFloat(x._t.dtype)) throw new RuntimeError(`"${d === 0 ? 'round_vml_cpu' : 'round_cpu'}" not implemented for '${scalarName(x._t.dtype)}'`);
  return w(core.round(x._t, 'torch', d));
}
export const clone = (x: Tensor): Tensor => w(core.clone(x._t));
export { neg as negative, sub as subtract, mul as multiply, abs as absolute };

/** where(condition, input, other), numbers taking the other branch's dtype; where(condition) alone is nonzero(condition, { as_tuple: true }). */
export function where(cond: Tensor, x: TensorLike, y: TensorLike): Tensor;
export function where(cond: Tensor): Tensor[];
export function where(cond: Tensor, x?: TensorLike, y?: TensorLike): Tensor | Tensor[] {
  tensorArg('where', 'condition', cond);
  if (x === undefined && y === undefined) return nonzero(cond, { as_tuple: true });
  if (x === undefined || y === undefined) throw new TorchTypeError('where() missing 1 required positional arguments: "other"');
  return w(core.where(cond._t, u(x), u(y)));
}

/**
 * nonzero(input): the indices of the nonzero elements, int64 [count, dim]; with { as_tuple: true }, one 1-D tensor
 * of indices per dimension (a 0-d input counts as one dimension, as in PyTorch).
 */
export function nonzero(x: Tensor, o?: { as_tuple?: boolean }): Tensor;
export function nonzero(x: Tensor, o: { as_tuple: true }): Tensor[];
export function nonzero(x: Tensor, o: { as_tuple?: boolean } = {}): Tensor | Tensor[] {
  const idx = core.argwhere(x._t);
  if (!o.as_tuple) return w(idx);
  if (x._t.rank === 0) return [w(core.zeros([idx.shape[0]!], 'int32'))];
  return Array.from({ length: x._t.rank }, (_, a) => w(core.reshape(core.slice(idx, [null, { start: a, stop: a + 1 }]), [idx.shape[0]!])));
}

export interface ClampOptions { min?: number | boolean | Tensor | null; max?: number | boolean | Tensor | null }
const clampSigs = (...bounds: string[]): string[] => ['Tensor', 'Number'].map((t) => `(Tensor input, ${bounds.map((b) => `${t} ${b}`).join(', ')}, *, Tensor out)`);
const CLAMP_SIGS = clampSigs('min', 'max');
type Bound = number | boolean | Tensor | null;

/**
 * Python's True and False as clamp bounds: Scalars, numbers to the argument parser, but bools to the result type. A
 * bool x clamped by bools alone computes in bool, which no clamp kernel takes (the name is the kernel's that the bounds
 * given select: clamp_min_cpu, clamp_max_scalar_cpu, clamp_scalar_cpu).
 */
function refuseBoolBounds(x: core.Tensor, lo: Bound, hi: Bound): void {
  if (x.dtype !== 'bool' || (lo === null && hi === null)) return;
  if ((lo !== null && typeof lo !== 'boolean') || (hi !== null && typeof hi !== 'boolean')) return;
  const kernel = hi === null ? 'clamp_min_cpu' : lo === null ? 'clamp_max_scalar_cpu' : 'clamp_scalar_cpu';
  throw new RuntimeError(`"${kernel}" not implemented for 'Bool'`);
}
const boolAsNumber = (v: Bound): number | Tensor | null => (typeof v === 'boolean' ? Number(v) : v);

/**
 * clamp(x, min, max), clamp(x, { min, max }): numbers or tensors (not one of each: PyTorch has no such overload),
 * at least one of them. Tensor bounds broadcast with x and take part in the result type, and get gradients
 * (ClampBackward0; FunctionsManual.cpp clamp_backward_min_max): min where x < min < max, max where x > max or
 * max < min. x's gradient passes where min <= x <= max. min > max gives max; a NaN bound gives NaN.
 */
export function clamp(x: Tensor, min?: Bound | ClampOptions, max?: Bound): Tensor { return _clamp('clamp', false, x, [min, max]); }
export function clip(x: Tensor, min?: Bound | ClampOptions, max?: Bound): Tensor { return _clamp('clip', false, x, [min, max]); }
/** `inPlace`: clamp_'s call, whose Number overload names the C++ type when an integer x would take a float result. */
export function _clamp(fn: 'clamp' | 'clip', method: boolean, x: Tensor, rest: readonly unknown[], inPlace = false): Tensor {
  const c = pyCall(rest);
  const a = bind(c, ['min', 'max']);
  let lo = (a.min ?? null) as Bound, hi = (a.max ?? null) as Bound;
  // The argument parser takes a 0-d tensor that does not require grad as a Number, so beside a number bound it binds
  // (Number min, Number max) (ClampBackward1). A float one is a Python float there: an integer x gives float32; a
  // bool one is Python's True or False.
  let input = x._t;
  const asNumber = (v: Bound, other: Bound): Bound => {
    if (!(v instanceof Tensor) || !(typeof other === 'number' || typeof other === 'boolean') || v._t.rank !== 0 || v._t.requiresGrad) return v;
    if (core.isFloat(v._t.dtype) && !core.isFloat(input.dtype)) input = core.cast(input, 'float32');
    return v._t.dtype === 'bool' ? v._t.first !== 0 : v._t.first;
  };
  [lo, hi] = [asNumber(lo, hi), asNumber(hi, lo)];
  const scalar = (v: Bound): boolean => typeof v === 'number' || typeof v === 'boolean';
  const ok = (v: unknown): boolean => v === null || scalar(v as Bound) || v instanceof Tensor;
  const tensors = [lo, hi].filter((v) => v instanceof Tensor).length, numbers = [lo, hi].filter(scalar).length;
  if (!ok(lo) || !ok(hi) || c.args.length > 2 || Object.keys(c.kw).some((k) => k !== 'min' && k !== 'max') || (tensors > 0 && numbers > 0)) {
    throw invalidArgs(inPlace ? `${fn}_` : fn, method, method ? c.args : [x, ...c.args], c.kw, CLAMP_SIGS);
  }
  if (lo === null && hi === null) throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  refuseBoolBounds(input, lo, hi);
  const min = boolAsNumber(lo), max = boolAsNumber(hi);
  // clamp_kernel has no bool instantiation (the maximum and minimum kernels of a one-bound clamp have)
  if (min instanceof Tensor && max instanceof Tensor && [x, min, max].every(isBool)) throw new RuntimeError('"clamp_cpu" not implemented for \'Bool\'');
  checkBounds(input, [min, max]);
  const r = core.clamp(input, min === null ? null : u(min), max === null ? null : u(max));
  if (inPlace && tensors === 0) scalarClampCheck(x._t, r);
  return w(r);
}

/**
 * The number bounds of a clamp as its kernel converts them (Scalar::to<float>, c10::checked_convert): a finite bound
 * beyond float's range is PyTorch's overflow error when the clamp computes in float32 (a float32 input, or an integer
 * one beside a fractional bound); infinities and NaN convert. (float64 holds any number; integer bounds of an integer
 * clamp are JavaScript's exact integers.)
 */
function checkBounds(input: core.Tensor, bounds: readonly unknown[]): void {
  const nums = bounds.filter((b): b is number => typeof b === 'number');
  const f32 = input.dtype === 'float32' || (!core.isFloat(input.dtype) && nums.some((b) => !Number.isInteger(b)));
  if (f32) for (const b of nums) checkedScalar(b, float32);
}

/** The scalar clamp_ (numbers only) names the C++ type in its cast error, unlike the other in-place ops. */
function scalarClampCheck(x: core.Tensor, r: core.Tensor): void {
  if (x.dtype === 'int32' && r.dtype === 'float32') throw new RuntimeError("result type Float can't be cast to the desired output type long int");
  if (x.dtype === 'bool' && r.dtype !== 'bool') throw new RuntimeError(`result type ${scalarName(r.dtype)} can't be cast to the desired output type bool`);
}

/** clamp_min(x, min): max(x, min), a number (ClampMinBackward0) or a tensor (ClampMinBackward1, min gets g where x < min). */
export function clamp_min(x: Tensor, min: number | boolean | Tensor): Tensor { return _clampOne('clamp_min', false, x, [min]); }
/** clamp_max(x, max): min(x, max), as clamp_min. */
export function clamp_max(x: Tensor, max: number | boolean | Tensor): Tensor { return _clampOne('clamp_max', false, x, [max]); }
export function _clampOne(fn: 'clamp_min' | 'clamp_max', method: boolean, x: Tensor, rest: readonly unknown[], inPlace = false): Tensor {
  const c = pyCall(rest);
  const name = fn === 'clamp_min' ? 'min' : 'max';
  const given = bind(c, [name])[name];
  if (!(typeof given === 'number' || typeof given === 'boolean' || given instanceof Tensor) || c.args.length > 1 || Object.keys(c.kw).some((k) => k !== name)) {
    throw invalidArgs(inPlace ? `${fn}_` : fn, method, method ? c.args : [x, ...c.args], c.kw, clampSigs(name));
  }
  if (typeof given === 'boolean') refuseBoolBounds(x._t, fn === 'clamp_min' ? given : null, fn === 'clamp_max' ? given : null);
  const v = boolAsNumber(given)!;
  checkBounds(x._t, [v]);
  const r = fn === 'clamp_min' ? core.clampMin(x._t, u(v)) : core.clampMax(x._t, u(v));
  if (inPlace && typeof v === 'number') scalarClampCheck(x._t, r);
  return w(r);
}
