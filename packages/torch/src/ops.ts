/**
 * PyTorch's names for the core op set, as torch.* functions. Every number comes from a core op; this file
 * only translates names, argument forms (dim/keepdim, varargs shapes, options objects) and PyTorch's errors.
 * `CORE_OPS` is the name table the coverage test compares with the core registry.
 */
import { core } from './core.js';
import { IndexError, RuntimeError, TorchTypeError, scalarType } from './errors.js';
import { Tensor, wrap, unwrap, viewOf, pyType, stridesOf, reshaped, type TensorLike } from './tensor.js';
import { DType, checkedScalar, float32 } from './dtype.js';

/**
 * PyTorch name -> the core registry op(s) it calls. The coverage test checks that every core op is named here
 * (or listed in NOT_EXPOSED), that every name here exists in the facade, and that every op named is in the registry.
 */
export const CORE_OPS: Readonly<Record<string, string | readonly string[]>> = {
  add: 'add', sub: 'sub', mul: 'mul', div: ['div', 'floor_divide', 'trunc_divide'], true_divide: 'div', floor_divide: 'floor_divide',
  remainder: 'remainder', fmod: 'fmod', pow: ['pow', 'pow_scalar'], maximum: 'maximum', minimum: 'minimum',
  atan2: 'atan2', neg: 'neg', abs: 'abs', sign: 'sign', exp: 'exp', log: 'log', log1p: 'log1p', expm1: 'expm1',
  sqrt: 'sqrt', rsqrt: 'rsqrt', square: 'square', reciprocal: 'reciprocal', sin: 'sin', cos: 'cos', tan: 'tan',
  tanh: 'tanh', sigmoid: 'sigmoid', relu: 'relu', erf: 'erf', leaky_relu: 'leaky_relu', elu: 'elu', softplus: 'softplus',
  gelu: 'gelu', eq: 'eq', ne: 'ne', lt: 'lt', le: 'le', gt: 'gt', ge: 'ge', logical_not: 'logical_not', where: 'where',
  clamp: ['clamp', 'clamp_tensor'], clamp_min: ['clamp_min', 'clamp_tensor'], clamp_max: ['clamp_max', 'clamp_tensor'],
  clone: 'clone', sum: 'sum', mean: 'mean', prod: 'prod', max: ['max', 'argmax'], min: ['min', 'argmin'], amax: 'max', amin: 'min',
  argmax: 'argmax', argmin: 'argmin', logsumexp: 'logsumexp', var: 'variance', std: 'std', norm: ['norm', 'svdvals'],
  var_mean: ['variance', 'mean'], std_mean: ['std', 'mean'],
  reshape: 'reshape', view: 'reshape', permute: 'transpose', t: 't', transpose: 'swapaxes',
  unsqueeze: 'expand_dims', squeeze: 'squeeze', broadcast_to: 'broadcast_to', expand: 'broadcast_to', cat: 'concat',
  stack: 'stack', split: 'split', chunk: 'split', narrow: 'slice', select: 'slice', index: 'slice',
  index_select: 'gather', pad: 'pad', to: 'cast', matmul: 'matmul', mm: 'matmul', bmm: 'matmul',
  softmax: 'softmax', log_softmax: 'log_softmax', cross_entropy: ['sparse_softmax_cross_entropy', 'softmax_cross_entropy'],
  mse_loss: 'mse', nll_loss: 'nll_loss', nonzero: 'argwhere', cumsum: 'cumsum',
};

/** Core ops the facade deliberately does not name, and why. */
export const NOT_EXPOSED: Readonly<Record<string, string>> = {
  identity: 'an alias op for the core and the tf facade (tf.identity); PyTorch has no user-facing equivalent',
  tanh_backward: 'a fused gradient of the core (torch.ops.aten.tanh_backward is internal)',
  sigmoid_backward: 'a fused gradient of the core (torch.ops.aten.sigmoid_backward is internal)',
  square_backward: 'a fused gradient of the core (square\'s rule g * 2x in one pass)',
  relu_backward: "a fused gradient of the core (TensorFlow's ReluGrad)",
  threshold_backward: 'a fused gradient of the core (torch.ops.aten.threshold_backward is internal)',
  pow_backward: 'a fused gradient of the core (pow\'s rule g * p * x^(p-1) in one pass)',
  tf_softmax_cross_entropy: 'TensorFlow\'s dense softmax cross-entropy kernel and its gradient (F.cross_entropy with probabilities takes softmax_cross_entropy)',
};

const T = { convention: 'torch' as const };
const u = unwrap;
const w = wrap;

// ---- Python's arguments ----
/** Python's keyword arguments: `v` when it is an options object (not a number, list, tensor or null), else null. */
function kw<O extends object>(v: unknown): Partial<O> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Tensor) ? (v as Partial<O>) : null;
}

/**
 * An int argument as PyTorch's argument parser checks it; `fallback` is its default (none: it is required).
 * NOTE: these are PyTorch's words for a keyword argument of a single-signature function (`chunk(): argument 'dim'
 * must be int, not float`); for a positional one PyTorch adds "(position n)", and for overloaded functions (cat,
 * softmax, transpose, ...) it lists the signatures instead. One message for all keeps it readable.
 */
function intArg(fn: string, name: string, v: unknown, fallback?: number): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v === undefined && fallback !== undefined) return fallback;
  if (v === undefined) throw new TorchTypeError(`${fn}() missing 1 required positional arguments: "${name}"`);
  throw new TorchTypeError(`${fn}(): argument '${name}' must be int, not ${pyType(v)}`);
}

/** PyTorch's check of a list of tensors (cat's and stack's first argument). */
function tensorsArg(fn: string, tensors: unknown): core.Tensor[] {
  if (!Array.isArray(tensors)) throw new TorchTypeError(`${fn}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${pyType(tensors)}`);
  return tensors.map((t, i) => {
    if (!(t instanceof Tensor)) throw new TorchTypeError(`expected Tensor as element ${i} in argument 0, but got ${pyType(t)}`);
    return t._t;
  });
}

// ---- python_arg_parser's TypeErrors ----
/** What a call passed after `input`: its positional values (trailing undefined ones dropped) and its keywords. */
interface PyCall { args: unknown[]; kw: Record<string, unknown> }

/** Python's call from JavaScript's arguments: an options object last (not a dtype) holds the keyword arguments. */
function pyCall(rest: readonly unknown[]): PyCall {
  const args = [...rest];
  const trim = (): void => { while (args.length > 0 && args[args.length - 1] === undefined) args.pop(); };
  trim();
  const last = args[args.length - 1];
  const plain = typeof last === 'object' && last !== null && !Array.isArray(last) && [Object.prototype, null].includes(Object.getPrototypeOf(last));
  const o = plain ? (last as Record<string, unknown>) : null;
  const kwargs: Record<string, unknown> = {};
  if (o !== null) {
    args.pop();
    trim();
    for (const [k, v] of Object.entries(o)) if (v !== undefined) kwargs[k] = v;
  }
  return { args, kw: kwargs };
}

/** The call's arguments by name: positional ones take `names` in order, keywords their own. */
function bind(c: PyCall, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c.kw };
  c.args.forEach((v, i) => { if (i < names.length) out[names[i]!] = v; });
  return out;
}

/** A value's type as the argument parser names it. */
const argType = (v: unknown): string => (v instanceof DType ? 'torch.dtype' : pyType(v));

/**
 * The arguments as invalid_arguments.cpp lists them: positional types, then the keywords as name=type (in the reverse
 * of the order given, as PyTorch's unordered map happened to iterate them in every case recorded), marked !..! where
 * `bad` says so. PyTorch leaves a trailing ", " after keywords that follow no positional argument.
 */
function argList(pos: readonly unknown[], kws: Readonly<Record<string, unknown>>, bad?: (i: number | string) => boolean): string {
  const mark = (k: number | string, text: string): string => (bad?.(k) ? `!${text}!` : text);
  const p = pos.map((v, i) => mark(i, argType(v)));
  const k = Object.keys(kws).reverse().map((n) => mark(n, `${n}=${argType(kws[n])}`));
  if (k.length === 0) return `(${p.join(', ')})`;
  return p.length === 0 ? `(${k.join(', ')}, )` : `(${[...p, ...k].join(', ')})`;
}

/** A signature's parameters as [type, name] ("*" for the keyword-only marker; "()" has one empty parameter, as there). */
const paramsOf = (sig: string): Array<[string, string]> => sig.slice(1, -1).split(', ').map((q) => {
  const i = q.lastIndexOf(' ');
  return i < 0 ? [q, q] : [q.slice(0, i), q.slice(i + 1)];
});

/** A torch.X signature as the Tensor method prints it: no `input`, no `out`, no trailing "*". */
function methodSig(sig: string): string {
  const ps = paramsOf(sig).filter(([t, n], i) => !(i === 0 && t === 'Tensor' && n === 'input') && n !== 'out');
  if (ps.length > 0 && ps[ps.length - 1]![0] === '*') ps.pop();
  return `(${ps.map(([t, n]) => (t === '*' ? '*' : `${t} ${n}`)).join(', ')})`;
}

/** invalid_arguments.cpp's type check: a SimpleType matches its own name; float takes an int too. */
const accepts = (type: string, got: string): boolean => type === got || (type === 'float' && got === 'int');

/**
 * python_arg_parser's TypeError for a call that no overload takes (invalid_arguments.cpp `format_invalid_args`): what
 * was passed, then every overload; under one that has as many parameters as arguments were passed, why it did not
 * match. `sigs` are torch.X's overloads; a method call (`pos` without self) lists them as the method prints them
 * (the overloads that take a Number self are function-only).
 */
function invalidArgs(fn: string, method: boolean, pos: readonly unknown[], kws: Readonly<Record<string, unknown>>, sigs: readonly string[]): TorchTypeError {
  const shown = method ? sigs.filter((g) => g.startsWith('(Tensor input')).map(methodSig) : sigs;
  let msg = `${fn}() received an invalid combination of arguments - got ${argList(pos, kws)}, but expected one of:\n`;
  const n = pos.length + Object.keys(kws).length;
  for (const sig of shown) {
    msg += ` * ${sig}\n`;
    const ps = paramsOf(sig);
    if (ps.length !== n) continue;
    const names = new Set(ps.map(([, name]) => name));
    const unknown = Object.keys(kws).reverse().filter((k) => !names.has(k));
    if (unknown.length > 0) {
      msg += `      didn't match because some of the keywords were incorrect: ${unknown.join(', ')}\n`;
    } else {
      const bad = (k: number | string): boolean => {
        const p = typeof k === 'number' ? ps[k] : ps.find(([, name]) => name === k);
        const v = typeof k === 'number' ? pos[k] : kws[k];
        return p === undefined || p[0] === '*' || !accepts(p[0], argType(v));
      };
      msg += `      didn't match because some of the arguments have invalid types: ${argList(pos, kws, bad)}\n`;
    }
  }
  return new TorchTypeError(msg);
}

/** An int, or a list of ints (PyTorch's "tuple of ints"). */
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isDims = (v: unknown): v is Dim => isInt(v) || (Array.isArray(v) && v.every(isInt));
/** A dims argument for the core: PyTorch 1.13 reduces over every dim for dim=[] (sum, mean, var, std, norm, amax, amin). */
const allIfEmpty = (d: Dim | null): Dim | null => (Array.isArray(d) && d.length === 0 ? null : d);

// ---- elementwise ----
/** True when x op y has an integer or bool result: neither is a float tensor nor a fractional number (PyTorch's categories). */
const integral = (v: TensorLike): boolean => (v instanceof Tensor ? !core.isFloat(v._t.dtype) : Number.isInteger(v));

const isBool = (v: TensorLike): boolean => v instanceof Tensor && v._t.dtype === 'bool';

/**
 * The second operand of add and sub (and add_, sub_): y * alpha, or y itself without alpha; with PyTorch's checks
 * of alpha and of bool subtraction.
 * NOTE: JavaScript has one number type, so alpha 2.0 is the int 2 here, where Python's 2.0 is a float and raises.
 */
export function alphaArg(op: 'add' | 'sub', x: TensorLike, y: TensorLike, o?: { alpha?: number }): core.Tensor | number {
  if (op === 'sub' && (isBool(x) || isBool(y))) {
    throw new RuntimeError(isBool(x) && isBool(y)
      ? 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.'
      : 'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  }
  const alpha = o?.alpha;
  if (alpha === undefined) return u(y);
  if (!Number.isInteger(alpha) && integral(x) && integral(y)) {
    throw new RuntimeError('For integral input tensors, argument alpha must not be a floating point number.');
  }
  // NOTE: for a bool result PyTorch casts alpha to bool: x + y for any alpha but 0, x + False for 0.
  if (isBool(x) && isBool(y)) return alpha !== 0 ? u(y) : core.cast(core.mul(u(y), 0), 'bool');
  // PyTorch's add kernel computes alpha * y in the common dtype of x and y (alpha and y converted to it first):
  // a float32 y beside a float64 x is widened before the product, and a number y beside a float32 x is rounded to
  // float32, as alpha is
  const dt = commonType(x, y);
  if (typeof y === 'number') return dt === 'float32' ? Math.fround(Math.fround(y) * Math.fround(alpha)) : y * alpha;
  let yt = u(y) as core.Tensor;
  if (yt.dtype !== dt) yt = core.cast(yt, dt);
  // y broadcast before it is scaled, so that its gradient is scaled before it is summed back to y's shape, as
  // PyTorch's AddBackward0 and SubBackward0 (maybe_multiply(grad, alpha), then the engine's sum_to): a zero's sign
  // and the rounding are PyTorch's
  if (x instanceof Tensor) {
    const shape = core.broadcastShapes(op, x._t.shape, yt.shape);
    if (!core.sameShape(shape, yt.shape)) yt = core.broadcastTo(yt, shape);
  }
  return core.mul(yt, alpha);
}
/** PyTorch's result type of x and y (at least one a tensor): a number takes a float tensor's dtype, else float32 if fractional. */
function commonType(x: TensorLike, y: TensorLike): core.DType {
  if (x instanceof Tensor && y instanceof Tensor) return core.resultType(x._t, y._t);
  const [t, n] = (x instanceof Tensor ? [x._t, y] : [(y as Tensor)._t, x]) as [core.Tensor, number];
  if (core.isFloat(t.dtype)) return t.dtype;
  return Number.isInteger(n) ? (t.dtype === 'bool' ? 'int32' : t.dtype) : 'float32';
}
export const add = (x: TensorLike, y: TensorLike, o?: { alpha?: number }): Tensor => w(core.add(u(x), alphaArg('add', x, y, o)));
export const sub = (x: TensorLike, y: TensorLike, o?: { alpha?: number }): Tensor => w(core.sub(u(x), alphaArg('sub', x, y, o)));
export const mul = (x: TensorLike, y: TensorLike): Tensor => w(core.mul(u(x), u(y)));

// ---- division ----
export interface DivOptions { rounding_mode?: 'floor' | 'trunc' | null }
const DIV_SIGS = ['(Tensor input, Tensor other, *, Tensor out)', '(Tensor input, Tensor other, *, str rounding_mode, Tensor out)', '(Tensor input, Number other, *, str rounding_mode)'];
const DIVIDE_SIGS = [...DIV_SIGS.slice(0, 2), '(Tensor input, Number other)', DIV_SIGS[2]!];
/** The operands as the argument parser takes them: tensors and numbers (a string or a list is its TypeError). */
const operandOk = (v: unknown): boolean => v instanceof Tensor || typeof v === 'number';
/** The kernel name PyTorch's dispatch refuses bool with, when both operands are bool tensors. */
function refuseBool(kernel: string, x: TensorLike, y: TensorLike): void {
  if (isBool(x) && isBool(y)) throw new RuntimeError(`"${kernel}" not implemented for 'Bool'`);
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
export function _floorDivide(method: boolean, x: TensorLike, y: TensorLike): Tensor {
  if (!operandOk(y)) throw invalidArgs('floor_divide', method, method ? [y] : [x, y], {}, TRUE_DIVIDE_SIGS);
  refuseBool('div_floor_cpu', x, y);
  return w(core.floorDivide(u(x), u(y), { notImplemented: 'floor_divide' }));
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
  return w(typeof p === 'number' ? core.pow(u(x), p) : core.powTensor(u(x), u(p), T));
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
export const atan2 = (x: TensorLike, y: TensorLike): Tensor => w(core.atan2(u(x), u(y)));
export const eq = (x: TensorLike, y: TensorLike): Tensor => w(core.eq(u(x), u(y)));
export const ne = (x: TensorLike, y: TensorLike): Tensor => w(core.ne(u(x), u(y)));
export const lt = (x: TensorLike, y: TensorLike): Tensor => w(core.lt(u(x), u(y)));
export const le = (x: TensorLike, y: TensorLike): Tensor => w(core.le(u(x), u(y)));
export const gt = (x: TensorLike, y: TensorLike): Tensor => w(core.gt(u(x), u(y)));
export const ge = (x: TensorLike, y: TensorLike): Tensor => w(core.ge(u(x), u(y)));
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
  if (x instanceof Tensor && x._t.dtype === 'bool') throw new RuntimeError('Boolean inputs not supported for relu');
  return w(core.relu(u(x)));
};
export const erf = unary(core.erf);
export const clone = (x: Tensor): Tensor => w(core.clone(x._t));
export { neg as negative, sub as subtract, mul as multiply, abs as absolute };

/** where(condition, input, other), numbers taking the other branch's dtype; where(condition) alone is nonzero(condition, { as_tuple: true }). */
export function where(cond: Tensor, x: TensorLike, y: TensorLike): Tensor;
export function where(cond: Tensor): Tensor[];
export function where(cond: Tensor, x?: TensorLike, y?: TensorLike): Tensor | Tensor[] {
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

export interface ClampOptions { min?: number | Tensor | null; max?: number | Tensor | null }
const clampSigs = (...bounds: string[]): string[] => ['Tensor', 'Number'].map((t) => `(Tensor input, ${bounds.map((b) => `${t} ${b}`).join(', ')}, *, Tensor out)`);
const CLAMP_SIGS = clampSigs('min', 'max');
type Bound = number | Tensor | null;

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
  // (Number min, Number max) (ClampBackward1). A float one is a Python float there: an integer x gives float32.
  let input = x._t;
  const asNumber = (v: Bound, other: Bound): Bound => {
    if (!(v instanceof Tensor) || typeof other !== 'number' || v._t.rank !== 0 || v._t.requiresGrad) return v;
    if (core.isFloat(v._t.dtype) && !core.isFloat(input.dtype)) input = core.cast(input, 'float32');
    return v._t.first;
  };
  [lo, hi] = [asNumber(lo, hi), asNumber(hi, lo)];
  const ok = (v: unknown): boolean => v === null || typeof v === 'number' || v instanceof Tensor;
  const tensors = [lo, hi].filter((v) => v instanceof Tensor).length, numbers = [lo, hi].filter((v) => typeof v === 'number').length;
  if (!ok(lo) || !ok(hi) || c.args.length > 2 || Object.keys(c.kw).some((k) => k !== 'min' && k !== 'max') || (tensors > 0 && numbers > 0)) {
    throw invalidArgs(fn, method, method ? c.args : [x, ...c.args], c.kw, CLAMP_SIGS);
  }
  if (lo === null && hi === null) throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  // clamp_kernel has no bool instantiation (the maximum and minimum kernels of a one-bound clamp have)
  if (lo instanceof Tensor && hi instanceof Tensor && [x, lo, hi].every(isBool)) throw new RuntimeError('"clamp_cpu" not implemented for \'Bool\'');
  checkBounds(input, [lo, hi]);
  const r = core.clamp(input, lo === null ? null : u(lo), hi === null ? null : u(hi));
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
}

/** clamp_min(x, min): max(x, min), a number (ClampMinBackward0) or a tensor (ClampMinBackward1, min gets g where x < min). */
export function clamp_min(x: Tensor, min: number | Tensor): Tensor { return _clampOne('clamp_min', false, x, [min]); }
/** clamp_max(x, max): min(x, max), as clamp_min. */
export function clamp_max(x: Tensor, max: number | Tensor): Tensor { return _clampOne('clamp_max', false, x, [max]); }
export function _clampOne(fn: 'clamp_min' | 'clamp_max', method: boolean, x: Tensor, rest: readonly unknown[], inPlace = false): Tensor {
  const c = pyCall(rest);
  const name = fn === 'clamp_min' ? 'min' : 'max';
  const v = bind(c, [name])[name];
  if (!(typeof v === 'number' || v instanceof Tensor) || c.args.length > 1 || Object.keys(c.kw).some((k) => k !== name)) {
    throw invalidArgs(fn, method, method ? c.args : [x, ...c.args], c.kw, clampSigs(name));
  }
  checkBounds(x._t, [v]);
  const r = fn === 'clamp_min' ? core.clampMin(x._t, u(v)) : core.clampMax(x._t, u(v));
  if (inPlace && typeof v === 'number') scalarClampCheck(x._t, r);
  return w(r);
}

// ---- reductions ----
export type Dim = number | readonly number[];
export interface DimOptions { dim?: Dim | null; keepdim?: boolean }
export interface SumOptions extends DimOptions { dtype?: DType | null }

const onlyKeys = (o: object, keys: readonly string[]): boolean => Object.keys(o).every((k) => keys.includes(k));
/** The RuntimeError of a dim=None where only the named-dims overload is left (prod, max, min, logsumexp). */
const namedNone = (): RuntimeError => new RuntimeError('Please look up dimensions by name, got: name = None.');

const sumSigs = (dim: 'tuple of ints' | 'int'): string[] => ['(Tensor input, *, torch.dtype dtype)',
  `(Tensor input, ${dim} dim, bool keepdim, *, torch.dtype dtype, Tensor out)`,
  `(Tensor input, ${dim === 'int' ? 'name' : 'tuple of names'} dim, bool keepdim, *, torch.dtype dtype, Tensor out)`];

interface ReduceArgs { dim: Dim | null; keepdim: boolean; dtype: DType | null }
/**
 * sum's, mean's and prod's (dim, keepdim, *, dtype), positionally or by keyword, as their overloads take them: keepdim
 * only after a dim (PyTorch has no overload with keepdim alone), a list of dims or [] (every dim) except for prod,
 * whose dim is one int.
 */
function reduceArgs(fn: string, method: boolean, x: Tensor, rest: readonly unknown[], oneDim: boolean): ReduceArgs {
  const c = pyCall(rest);
  const a = bind(c, ['dim', 'keepdim']);
  if (oneDim && a.dim === null) throw namedNone();
  const dimOk = a.dim === undefined || (oneDim ? isInt(a.dim) : a.dim === null || isDims(a.dim));
  const keepOk = a.keepdim === undefined || (a.dim !== undefined && typeof a.keepdim === 'boolean');
  const dtypeOk = a.dtype === undefined || a.dtype === null || a.dtype instanceof DType;
  if (c.args.length > 2 || !dimOk || !keepOk || !dtypeOk || !onlyKeys(c.kw, ['dim', 'keepdim', 'dtype'])) {
    throw invalidArgs(fn, method, method ? c.args : [x, ...c.args], c.kw, sumSigs(oneDim ? 'int' : 'tuple of ints'));
  }
  return { dim: allIfEmpty((a.dim ?? null) as Dim | null), keepdim: (a.keepdim ?? false) as boolean, dtype: (a.dtype ?? null) as DType | null };
}

/**
 * sum(x), sum(x, dim, keepdim?), with keywords { dim, keepdim, dtype } last. dim=[] sums every dim (PyTorch 1.13). With
 * a dtype, x is converted to it first (its gradient comes back in x's dtype).
 */
export function sum(x: Tensor, dim?: Dim | null | SumOptions, keepdim?: boolean | SumOptions, o?: SumOptions): Tensor { return _sum(false, x, [dim, keepdim, o]); }
export function _sum(method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const a = reduceArgs('sum', method, x, rest, false);
  return w(core.sum(x._t, a.dim, a.keepdim, a.dtype?.core));
}
/** mean as sum; float inputs only, unless a float dtype is given. */
export function mean(x: Tensor, dim?: Dim | null | SumOptions, keepdim?: boolean | SumOptions, o?: SumOptions): Tensor { return _mean(false, x, [dim, keepdim, o]); }
export function _mean(method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const a = reduceArgs('mean', method, x, rest, false);
  if (a.dtype !== null && !a.dtype.is_floating_point) {
    throw new RuntimeError(`mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: ${scalarType(a.dtype.core)}`);
  }
  if (a.dtype === null && !core.isFloat(x._t.dtype)) {
    throw new RuntimeError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarType(x._t.dtype)}`);
  }
  return w(core.mean(x._t, a.dim, a.keepdim, a.dtype?.core));
}
export interface ProdOptions { dim?: number; keepdim?: boolean; dtype?: DType | null }
/** prod(x), prod(x, dim, keepdim?): one int dim (PyTorch's prod takes no list), with { dtype } as sum. */
export function prod(x: Tensor, dim?: number | ProdOptions, keepdim?: boolean | ProdOptions, o?: ProdOptions): Tensor { return _prod(false, x, [dim, keepdim, o]); }
export function _prod(method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const a = reduceArgs('prod', method, x, rest, true);
  return w(core.prod(x._t, a.dim, a.keepdim, a.dtype?.core));
}
const LOGSUMEXP_SIGS = ['(Tensor input, tuple of ints dim, bool keepdim, *, Tensor out)', '(Tensor input, tuple of names dim, bool keepdim, *, Tensor out)'];
/**
 * logsumexp(x, dim, keepdim?): dim is required. dim=[] without keepdim fails on a non-empty input with dimensions, as
 * in PyTorch 1.13 (ReduceOps.cpp adds amax(x, [], keepdim=True) to a 0-d sum); with keepdim it reduces every dim.
 */
export function logsumexp(x: Tensor, dim: Dim | DimOptions, keepdim?: boolean | DimOptions): Tensor { return _logsumexp(false, x, [dim, keepdim]); }
export function _logsumexp(method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const c = pyCall(rest);
  const a = bind(c, ['dim', 'keepdim']);
  if (a.dim === null) throw namedNone();
  if (c.args.length > 2 || !isDims(a.dim) || (a.keepdim !== undefined && typeof a.keepdim !== 'boolean') || !onlyKeys(c.kw, ['dim', 'keepdim'])) {
    throw invalidArgs('logsumexp', method, method ? c.args : [x, ...c.args], c.kw, LOGSUMEXP_SIGS);
  }
  const keep = (a.keepdim ?? false) as boolean;
  if (Array.isArray(a.dim) && a.dim.length === 0 && !keep && x.dim() > 0 && x.numel() > 0) {
    throw new RuntimeError(`output with shape [] doesn't match the broadcast shape [${x.shape.map(() => 1).join(', ')}]`);
  }
  return w(core.logsumexp(x._t, allIfEmpty(a.dim), keep));
}
export interface CumsumOptions { dim?: number; dtype?: DType | null }
const CUMSUM_SIGS = ['(Tensor input, int dim, *, torch.dtype dtype, Tensor out)', '(Tensor input, name dim, *, torch.dtype dtype, Tensor out)'];
/**
 * cumsum(input, dim) or cumsum(input, { dim, dtype }): the running sum along dim (bool and integer inputs give int64).
 * NOTE: with a dtype, x is converted first by a recorded cast, so the graph has a ToCopyBackward0 between
 * CumsumBackward0 and x, where PyTorch's kernel converts without a node; values and gradients are the same.
 */
export function cumsum(x: Tensor, dim: number | CumsumOptions, o?: CumsumOptions): Tensor { return _cumsum(false, x, [dim, o]); }
export function _cumsum(method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const c = pyCall(rest);
  const a = bind(c, ['dim']);
  if (a.dim === null) throw namedNone();
  if (c.args.length > 1 || !isInt(a.dim) || !(a.dtype === undefined || a.dtype === null || a.dtype instanceof DType) || !onlyKeys(c.kw, ['dim', 'dtype'])) {
    throw invalidArgs('cumsum', method, method ? c.args : [x, ...c.args], c.kw, CUMSUM_SIGS);
  }
  // NOTE: the core keeps an int32 input int32, as PyTorch's int64 stays int64; bool gives int32 (PyTorch: int64)
  const dtype = a.dtype as DType | null | undefined;
  return w(core.cumsum(dtype ? core.cast(x._t, dtype.core) : x._t, a.dim));
}

/** argmax(x), argmax(x, dim, keepdim?): an int dim or None; no bool kernel. */
export function argmax(x: Tensor, dim?: number | null | DimOptions, keepdim?: boolean | DimOptions): Tensor { return _argExtreme('argmax', false, x, [dim, keepdim]); }
export function argmin(x: Tensor, dim?: number | null | DimOptions, keepdim?: boolean | DimOptions): Tensor { return _argExtreme('argmin', false, x, [dim, keepdim]); }
export function _argExtreme(fn: 'argmax' | 'argmin', method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const { dim, keepdim } = dimKeepdim(fn, method, rest, 'int');
  if (x._t.dtype === 'bool') throw new RuntimeError(`"${fn}_cpu" not implemented for 'Bool'`);
  const d = dim as number | null;
  return w(fn === 'argmax' ? core.argmax(x._t, d, keepdim) : core.argmin(x._t, d, keepdim));
}

/**
 * (dim, keepdim) of a function with that one overload: the parser names a bad argument, with its position when it
 * was passed positionally; dim is an int or (as 'tuple of ints') an int or a list.
 */
function dimKeepdim(fn: string, method: boolean, rest: readonly unknown[], dimType: 'int' | 'tuple of ints'): { dim: Dim | null; keepdim: boolean } {
  const c = pyCall(rest);
  const a = bind(c, ['dim', 'keepdim']);
  const at = (i: number): string => (i < c.args.length ? ` (position ${i + (method ? 1 : 2)})` : '');
  if (a.dim !== undefined && a.dim !== null && !(dimType === 'int' ? isInt(a.dim) : isDims(a.dim))) {
    throw new TorchTypeError(`${fn}(): argument 'dim'${at(0)} must be ${dimType}, not ${argType(a.dim)}`);
  }
  if (a.keepdim !== undefined && typeof a.keepdim !== 'boolean') throw new TorchTypeError(`${fn}(): argument 'keepdim'${at(1)} must be bool, not ${argType(a.keepdim)}`);
  return { dim: (a.dim ?? null) as Dim | null, keepdim: (a.keepdim ?? false) as boolean };
}

/**
 * PyTorch's torch.return_types.max / min: `values` and `indices`, also readable as [0] and [1] and by
 * destructuring (`const [v, i] = x.max(1)`).
 */
export class ReturnType {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly length = 2;
  constructor(private readonly kind: string, readonly values: Tensor, readonly indices: Tensor) {
    this[0] = values;
    this[1] = indices;
  }
  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.values;
    yield this.indices;
  }
  toString(): string {
    return `torch.return_types.${this.kind}(\nvalues=${this.values},\nindices=${this.indices})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

type Extremum = 'max' | 'min';
/** max(input, other=...) as an options object. */
export interface OtherOption { other: Tensor }
const MAX_SIGS = ['(Tensor input)', '(Tensor input, Tensor other, *, Tensor out)', '(Tensor input, int dim, bool keepdim, *, tuple of Tensors out)',
  '(Tensor input, name dim, bool keepdim, *, tuple of Tensors out)'];
export function _extremum(kind: Extremum, method: boolean, x: Tensor, rest: readonly unknown[]): Tensor | ReturnType {
  const c = pyCall(rest);
  const keys = Object.keys(c.kw);
  // max(input, other): the tensor positionally or as the keyword `other`
  const other = c.args.length === 1 && keys.length === 0 ? c.args[0] : c.args.length === 0 && keys.length === 1 && keys[0] === 'other' ? c.kw.other : undefined;
  if (other instanceof Tensor) return _extremeOf(kind === 'max' ? 'maximum' : 'minimum', method, x, other);
  const a = bind(c, ['dim', 'keepdim']);
  if (c.args.length === 0 && Object.keys(c.kw).length === 0) return w(core[kind](x._t, null, false, 'torch'));
  if (a.dim === null) throw namedNone();
  if (c.args.length > 2 || !isInt(a.dim) || (a.keepdim !== undefined && typeof a.keepdim !== 'boolean') || !onlyKeys(c.kw, ['dim', 'keepdim'])) {
    throw invalidArgs(kind, method, method ? c.args : [x, ...c.args], c.kw, MAX_SIGS);
  }
  const d = a.dim, k = (a.keepdim ?? false) as boolean;
  const values = w(core[kind](x._t, d, k, 'torch'));
  const indices = w(kind === 'max' ? core.argmax(x._t, d, k) : core.argmin(x._t, d, k));
  return new ReturnType(kind, values, indices);
}

/**
 * max(x): the largest element; max(x, dim, keepdim?): {values, indices}; max(x, other): maximum.
 * NOTE: PyTorch's rule at ties: the full reduction splits the gradient evenly, max(dim) gives it to the index returned.
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, other: Tensor | OtherOption): Tensor;
export function max(x: Tensor, dim: number | DimOptions, keepdim?: boolean | DimOptions): ReturnType;
export function max(x: Tensor, dim?: number | Tensor | DimOptions | OtherOption, keepdim?: boolean | DimOptions): Tensor | ReturnType {
  return _extremum('max', false, x, [dim, keepdim]);
}
export function min(x: Tensor): Tensor;
export function min(x: Tensor, other: Tensor | OtherOption): Tensor;
export function min(x: Tensor, dim: number | DimOptions, keepdim?: boolean | DimOptions): ReturnType;
export function min(x: Tensor, dim?: number | Tensor | DimOptions | OtherOption, keepdim?: boolean | DimOptions): Tensor | ReturnType {
  return _extremum('min', false, x, [dim, keepdim]);
}

/**
 * amax(x, dim = [], keepdim = false): the max over dim (an int or a list; [] or none: every dim), the gradient split
 * evenly among ties (AmaxBackward0; a slot whose max is NaN gets NaN). amin likewise.
 */
export function amax(x: Tensor, dim?: Dim | null | DimOptions, keepdim?: boolean | DimOptions): Tensor { return _amax('amax', false, x, [dim, keepdim]); }
export function amin(x: Tensor, dim?: Dim | null | DimOptions, keepdim?: boolean | DimOptions): Tensor { return _amax('amin', false, x, [dim, keepdim]); }
export function _amax(fn: 'amax' | 'amin', method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const { dim, keepdim } = dimKeepdim(fn, method, rest, 'tuple of ints');
  const d = allIfEmpty(dim);
  return w(fn === 'amax' ? core.amax(x._t, d, keepdim) : core.amin(x._t, d, keepdim));
}

export interface VarOptions { dim?: Dim | null; unbiased?: boolean; correction?: number; keepdim?: boolean }
const varSigs = (out: boolean): string[] => {
  const o = (k: string): string => (out ? (k === '*' ? ', Tensor out' : ', *, Tensor out') : '');
  return [`(Tensor input, tuple of ints dim, *, int correction, bool keepdim${o('*')})`, `(Tensor input, tuple of ints dim, bool unbiased, bool keepdim${o('')})`,
    '(Tensor input, bool unbiased)', `(Tensor input, tuple of names dim, *, int correction, bool keepdim${o('*')})`,
    `(Tensor input, tuple of names dim, bool unbiased, bool keepdim${o('')})`];
};
/**
 * var's and std's arguments: (unbiased) alone, or (dim, unbiased?, keepdim?) with { correction } or { unbiased }
 * (not both: no overload takes both) and { keepdim } only beside a dim; dim=[] is every dim.
 */
function varArgs(fn: string, method: boolean, x: Tensor, rest: readonly unknown[]): { dim: Dim | null; correction: number; keepdim: boolean } {
  const c = pyCall(rest);
  const alone = typeof c.args[0] === 'boolean';
  const a = bind(c, alone ? ['unbiased'] : ['dim', 'unbiased', 'keepdim']);
  const given = (k: string): boolean => a[k] !== undefined;
  const ok = alone
    ? c.args.length === 1 && Object.keys(c.kw).length === 0
    : c.args.length <= 3 && onlyKeys(c.kw, ['dim', 'unbiased', 'keepdim', 'correction'])
      && (!given('dim') || a.dim === null || isDims(a.dim))
      && (!given('unbiased') || typeof a.unbiased === 'boolean') && (!given('keepdim') || typeof a.keepdim === 'boolean')
      && (!given('correction') || isInt(a.correction)) && !(given('unbiased') && given('correction'))
      && (given('dim') || (!given('keepdim') && !given('correction')));
  if (!ok) throw invalidArgs(fn, method, method ? c.args : [x, ...c.args], c.kw, varSigs(fn === 'var' || fn === 'std'));
  const correction = (a.correction ?? (a.unbiased === false ? 0 : 1)) as number;
  return { dim: allIfEmpty((a.dim ?? null) as Dim | null), correction, keepdim: (a.keepdim ?? false) as boolean };
}
function floatForVar(fn: string, x: Tensor): void {
  if (!core.isFloat(x._t.dtype)) throw new RuntimeError(`${fn} only support floating point and complex dtypes`);
}
type VarRest = [dim?: Dim | null | boolean | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean | VarOptions, o?: VarOptions];
/** var(x), var(x, unbiased), var(x, dim, unbiased?, keepdim?), var(x, dim, { correction, keepdim }); Bessel-corrected by default. */
export function var_(x: Tensor, ...rest: VarRest): Tensor { return _var('var', false, x, rest); }
export function std(x: Tensor, ...rest: VarRest): Tensor { return _var('std', false, x, rest); }
export function _var(fn: 'var' | 'std', method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const a = varArgs(fn, method, x, rest);
  floatForVar('std and var', x);
  return w((fn === 'var' ? core.variance : core.std)(x._t, a.dim, a.correction, a.keepdim));
}
/**
 * var_mean(x, ...): [var(x, ...), mean(x, dim, keepdim)], with var's arguments; both results record VarMeanBackward0
 * (each its own node here, one shared node in PyTorch: the gradients are the same).
 */
export function var_mean(x: Tensor, ...rest: VarRest): [Tensor, Tensor] { return _varMean('var_mean', x, rest); }
/** std_mean(x, ...): [std(x, ...), mean(x, dim, keepdim)], as var_mean (StdMeanBackward0). */
export function std_mean(x: Tensor, ...rest: VarRest): [Tensor, Tensor] { return _varMean('std_mean', x, rest); }
function _varMean(fn: 'var_mean' | 'std_mean', x: Tensor, rest: readonly unknown[]): [Tensor, Tensor] {
  const a = varArgs(fn, false, x, rest);
  floatForVar(fn, x);
  const [s, m] = (fn === 'var_mean' ? core.varMean : core.stdMean)(x._t, a.dim, a.correction, a.keepdim);
  return [w(s), w(m)];
}

export interface NormOptions { p?: number | 'fro' | 'nuc'; dim?: Dim | null; keepdim?: boolean }
/**
 * norm(x, p = 'fro', dim?, keepdim?); 'fro' is the 2-norm of the elements reduced over (at most 2 dims when listed:
 * torch.functional.norm sends more to matrix_norm, which refuses them). dim=[] reduces every dim. Float inputs only.
 * 'nuc' is the nuclear norm, the sum of the singular values of the matrices over two dims (see `nuclearNorm`).
 * @example
 * torch.norm(torch.tensor([[3, 0], [4, 5]], { dtype: torch.float32 }), 'nuc'); // sqrt(45) + sqrt(5) = 8.9443
 */
export function norm(x: Tensor, p: number | 'fro' | 'nuc' | NormOptions = 'fro', dim?: Dim | null, keepdim?: boolean): Tensor {
  const o: NormOptions = typeof p === 'object' ? p : { p, dim, keepdim };
  if (o.p === 'nuc') return nuclearNorm(x, o.dim ?? null, o.keepdim ?? false);
  if (typeof o.p === 'string' && o.p !== 'fro') throw new RuntimeError(`only valid string values are 'fro' and 'nuc', found ${String(o.p)}`);
  if (!core.isFloat(x._t.dtype)) throw new RuntimeError(`norm(): input dtype should be either floating point or complex. Got ${scalarType(x._t.dtype)} instead.`);
  if ((o.p === undefined || o.p === 'fro') && Array.isArray(o.dim) && o.dim.length > 2) {
    throw new RuntimeError(`Expected at most 2 dimensions, but got ${o.dim.length} dimensions instead.`);
  }
  const ord = o.p === undefined || o.p === 'fro' ? 2 : o.p;
  return w(core.norm(x._t, ord, allIfEmpty(o.dim ?? null), o.keepdim ?? false));
}

/**
 * PyTorch 1.13's nuclear_norm, where torch.functional.norm sends p='nuc': without dim, x must be 2-D; dim must name
 * two different dims. The two dims are moved last (the others keep their order), then linalg.svdvals and sum(-1)
 * (SumBackward1); keepdim puts them back as size-1 dims (unsqueeze, then the inverse permute: PermuteBackward0).
 * Its checks, in its order and words; the dtype is svdvals' (linalg.svd's) to refuse.
 */
function nuclearNorm(x: Tensor, dim: Dim | null, keepdim: boolean): Tensor {
  const r = x.dim();
  if (dim === null && r !== 2) throw new RuntimeError(`Expected a tensor with 2 dimensions, but got a tensor with ${r} dimension${r === 1 ? '' : 's'} instead.`);
  const dims = dim === null ? [0, 1] : typeof dim === 'number' ? [dim] : dim;
  if (dims.length !== 2) throw new RuntimeError("nuclear norm requires a 'dim' argument of size 2");
  const a = core.normAxis('norm', dims[0]!, r), b = core.normAxis('norm', dims[1]!, r);
  if (a === b) throw new RuntimeError('duplicate or invalid dimensions');
  if (!core.isFloat(x._t.dtype)) throw new RuntimeError(`linalg.svd: Expected a floating point or complex tensor as input. Got ${scalarType(x._t.dtype)}`);
  const perm = core.axesLast(r, [a, b]);
  const s = core.sum(core.svdvals(core.transpose(x._t, perm)), -1, keepdim);
  return w(keepdim ? core.transpose(core.expandDims(s, -1), core.inversePerm(perm)) : s);
}

// ---- shape ----
/** Accepts PyTorch's two spellings of a shape: varargs `(2, 3)` or one list `([2, 3])`. */
export function sizeArgs(args: ReadonlyArray<number | readonly number[]>): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : (args as number[]);
}

/** A dim that the core has already checked against `rank`, counted from the front. */
const wrapped = (d: number, rank: number): number => (d < 0 ? d + rank : d);

export const reshape = (x: Tensor, ...shape: Array<number | readonly number[]>): Tensor => reshaped('reshape', x, sizeArgs(shape));
/** x's strides in the order of `dims` (checked by the core): permute, transpose, t and T move strides with sizes. */
function permutedStrides(x: Tensor, dims: readonly number[]): number[] {
  const s = stridesOf(x);
  return dims.map((d) => s[wrapped(d, x.dim())]!);
}
export function permute(x: Tensor, ...dims: Array<number | readonly number[]>): Tensor {
  const p = sizeArgs(dims);
  const out = core.transpose(x._t, p);
  return viewOf('permute', x, out, permutedStrides(x, p));
}
export interface TransposeOptions { dim0?: number; dim1?: number }
/** transpose(x, dim0, dim1) or transpose(x, { dim0, dim1 }). */
export function transpose(x: Tensor, dim0: number | TransposeOptions, dim1?: number): Tensor {
  const o = kw<TransposeOptions>(dim0) ?? { dim0: dim0 as number, dim1 };
  const a = intArg('transpose', 'dim0', o.dim0), b = intArg('transpose', 'dim1', o.dim1);
  const out = core.swapaxes(x._t, a, b);
  const i = wrapped(a, x.dim()), j = wrapped(b, x.dim());
  return viewOf('transpose', x, out, permutedStrides(x, x.shape.map((_, d) => (d === i ? j : d === j ? i : d))));
}
export { transpose as swapaxes };
export function t(x: Tensor): Tensor {
  if (x.dim() > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  return viewOf('t', x, core.matrixTranspose(x._t), x.dim() === 2 ? permutedStrides(x, [1, 0]) : stridesOf(x));
}
export interface DimOption { dim?: number }
/** The value of argument `name` given positionally (`v`) or in an options object. */
const arg = <O extends object>(v: unknown, name: keyof O): unknown => (kw<O>(v) === null ? v : (v as O)[name]);
/** unsqueeze(dim): the new dim's stride spans the dim it goes before, or is 1 at the end (TensorShape.cpp `inferUnsqueezeGeometry`). */
export function unsqueeze(x: Tensor, dim: number | DimOption): Tensor {
  const d = intArg('unsqueeze', 'dim', arg<DimOption>(dim, 'dim'));
  const out = core.expandDims(x._t, d);
  const a = wrapped(d, x.dim() + 1);
  const s = [...stridesOf(x)];
  s.splice(a, 0, a >= x.dim() ? 1 : x._t.shape[a]! * s[a]!);
  return viewOf(null, x, out, s);
}
export interface SqueezeOptions { dim?: number | readonly number[] }
/** PyTorch's squeeze: listing an axis whose size is not 1 is a no-op (not an error as in TensorFlow). */
export function squeeze(x: Tensor, dim?: number | readonly number[] | SqueezeOptions): Tensor {
  const d = arg<SqueezeOptions>(dim, 'dim') as SqueezeOptions['dim'];
  if (d !== undefined && !Array.isArray(d)) intArg('squeeze', 'dim', d);
  const out = core.squeeze(x._t, d, false);
  const listed = d === undefined ? null : (typeof d === 'number' ? [d] : d).map((a) => wrapped(a, x.dim()));
  const kept = x.shape.map((n, k) => n !== 1 || (listed !== null && !listed.includes(k)));
  return viewOf(null, x, out, stridesOf(x).filter((_, k) => kept[k]));
}

/** PyTorch's type string of a tensor, as expand's size-count error prints it (Bool has no legacy name). */
const TYPE_STRING: Readonly<Record<core.DType, string>> = {
  float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int32: 'torch.LongTensor', bool: 'CPUBoolType',
};

/**
 * True when ATen's numel of `shape` overflows (TensorImpl's `safe_compute_numel`): the sizes are multiplied as
 * uint64 (so a negative size is near 2^64), with the overflow flag kept, and the product must fit an int64.
 */
function numelOverflows(shape: readonly number[]): boolean {
  const wrap64 = 1n << 64n;
  let prod = 1n, overflow = false;
  for (const n of shape) {
    const full = prod * (n < 0 ? wrap64 + BigInt(n) : BigInt(n));
    overflow ||= full >= wrap64;
    prod = full % wrap64;
  }
  return overflow || prod >= 1n << 63n;
}

/**
 * expand's checks and geometry (TensorShape.cpp `expand`, ExpandUtils.cpp `inferExpandGeometry`): the size each dim
 * gets, a -1 keeping an existing dim's size, and PyTorch's strides (0 along an expanded dim). The errors come from
 * the last dim backwards, as ATen's loop runs.
 */
function expandGeometry(x: Tensor, sizes: readonly number[]): { shape: number[]; strides: number[] } {
  const n = sizes.length, r = x.dim(), from = x._t.shape;
  if (n < r) {
    throw new RuntimeError(`expand(${TYPE_STRING[x._t.dtype]}{[${from.join(', ')}]}, size=[${sizes.join(', ')}]): the number of sizes provided ` +
      `(${n}) must be greater or equal to the number of dimensions in the tensor (${r})`);
  }
  const shape = [...sizes], strides = new Array<number>(n).fill(0);
  // NOTE: ATen skips every check for a 0-d tensor ("if (tensor_dim == 0) return ... (sizes, zero strides)").
  if (r > 0) {
    const xs = stridesOf(x);
    for (let i = n - 1; i >= 0; i--) {
      const d = i - n + r;
      let size = d >= 0 ? from[d]! : 1;
      let stride = d >= 0 ? xs[d]! : shape[i + 1]! * strides[i + 1]!;
      let target = sizes[i]!;
      if (target === -1) {
        if (d < 0) throw new RuntimeError(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
        target = size;
      }
      if (size !== target) {
        if (size !== 1) {
          throw new RuntimeError(`The expanded size of the tensor (${target}) must match the existing size (${size}) at non-singleton ` +
            `dimension ${i}.  Target sizes: [${sizes.join(', ')}].  Tensor sizes: [${from.join(', ')}]`);
        }
        size = target;
        stride = 0;
      }
      shape[i] = size;
      strides[i] = stride;
    }
  }
  if (shape.some((s) => s < 0)) {
    if (numelOverflows(shape)) throw new RuntimeError('numel: integer multiplication overflow');
    // NOTE: beside a 0 size the product does not overflow, and PyTorch makes a tensor with a negative size; twingrad cannot.
    throw new RuntimeError(`expand: twingrad cannot make a tensor with a negative size, as PyTorch does here: [${shape.join(', ')}]`);
  }
  return { shape, strides };
}
/** broadcast_to(x, shape): PyTorch's `self.expand(size)`, so a -1 keeps a dimension's size there too. */
export function broadcast_to(x: Tensor, shape: readonly number[]): Tensor {
  const g = expandGeometry(x, shape);
  return viewOf('broadcast_to', x, core.broadcastTo(x._t, g.shape), g.strides);
}
/** expand(...sizes): -1 keeps a dimension's size; new dimensions go in front. */
export function expand(x: Tensor, ...sizes: Array<number | readonly number[]>): Tensor {
  const g = expandGeometry(x, sizeArgs(sizes));
  return viewOf('expand', x, core.broadcastTo(x._t, g.shape), g.strides);
}
export interface FlattenOptions { start_dim?: number; end_dim?: number }
/** flatten(x, start_dim = 0, end_dim = -1), or flatten(x, { start_dim, end_dim }); TensorShape.cpp `flatten`. */
export function flatten(x: Tensor, start_dim?: number | FlattenOptions, end_dim?: number): Tensor {
  const o = kw<FlattenOptions>(start_dim) ?? { start_dim: start_dim as number | undefined, end_dim };
  const shape = x._t.shape;
  const s0 = intArg('flatten', 'start_dim', o.start_dim, 0), e0 = intArg('flatten', 'end_dim', o.end_dim, -1);
  // the dims are wrapped before the 0-d case (a 0-d tensor takes dims in [-1, 0])
  const s = core.normAxis('flatten', s0, shape.length);
  const e = core.normAxis('flatten', e0, shape.length);
  if (s > e) throw new RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (shape.length === 0) return reshaped('reshape', x, [1]);
  if (s === e) return x; // "if (start_dim == end_dim) return self;"
  const mid = shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshaped('reshape', x, [...shape.slice(0, s), mid, ...shape.slice(e + 1)]);
}

/** cat's "legacy" skip rule (TensorShape.cpp `cat_should_skip_tensor`): a 1-D tensor of size 0 joins anything. */
const legacyEmpty = (t: core.Tensor): boolean => t.rank === 1 && t.shape[0] === 0;

/**
 * cat(tensors, dim = 0) or cat(tensors, { dim }). As in PyTorch 1.13, 1-D tensors of size 0 are skipped whatever
 * the others' rank (`out = torch.tensor([]); out = torch.cat([out, batch])`), though they still count for the
 * result's dtype and get their (empty) gradient: each is reshaped to an empty slab of the others' shape. The checks
 * are cat's, in its order (zero-dim entries, the dim, then each tensor against the first not skipped), with
 * positions counted in the list as given.
 */
export function cat(tensors: readonly Tensor[], dim: number | DimOption = 0): Tensor {
  const ts = tensorsArg('cat', tensors);
  const d0 = intArg('cat', 'dim', arg<DimOption>(dim, 'dim'), 0);
  if (ts.length === 0) throw new RuntimeError('torch.cat(): expected a non-empty list of Tensors');
  ts.forEach((t, i) => { if (t.rank === 0) throw new RuntimeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`); });
  const first = ts.find((t) => !legacyEmpty(t));
  // all skipped: an empty 1-D result, whatever dim is (legacy_cat_wrap_dim leaves it unchecked)
  if (first === undefined) return w(core.concat(ts, 0));
  const d = core.normAxis('cat', d0, first.rank);
  ts.forEach((t, i) => {
    if (legacyEmpty(t)) return;
    if (t.rank !== first.rank) throw new RuntimeError(`Tensors must have same number of dimensions: got ${first.rank} and ${t.rank}`);
    t.shape.forEach((n, k) => {
      if (k !== d && n !== first.shape[k]) {
        throw new RuntimeError(`Sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[k]} but got size ${n} for tensor number ${i} in the list.`);
      }
    });
  });
  const slab = first.shape.map((n, k) => (k === d ? 0 : n));
  return w(core.concat(ts.map((t) => (legacyEmpty(t) ? core.reshape(t, slab) : t)), d));
}
export { cat as concat, cat as concatenate };
/** stack(tensors, dim = 0) or stack(tensors, { dim }). */
export function stack(tensors: readonly Tensor[], dim: number | DimOption = 0): Tensor {
  const ts = tensorsArg('stack', tensors);
  const d = intArg('stack', 'dim', arg<DimOption>(dim, 'dim'), 0);
  if (ts.length === 0) throw new RuntimeError('stack expects a non-empty TensorList');
  return w(core.stack(ts, d));
}
/**
 * split(x, size, dim = 0): pieces of `size` along dim (the last may be smaller); split(x, [sizes], dim): those
 * sizes. dim may come as { dim }.
 */
export function split(x: Tensor, split_size_or_sections: number | readonly number[], dim?: number | DimOption): Tensor[] {
  return splitAs('split', x, split_size_or_sections, intArg('split', 'dim', arg<DimOption>(dim, 'dim'), 0));
}
/**
 * split (TensorShape.cpp `split`, `split_with_sizes`), with the results noted as made by `op` (split or chunk).
 * An int size records SplitBackward0 even where the last piece is smaller, a list SplitWithSizesBackward0. Each
 * piece is a narrow of x, with x's strides.
 */
function splitAs(op: string, x: Tensor, split_size_or_sections: number | readonly number[], d: number): Tensor[] {
  if (x.dim() === 0) throw new RuntimeError('split expects at least a 1-dimensional tensor');
  const size = split_size_or_sections;
  const piece = (t: core.Tensor): Tensor => viewOf(op, x, t, stridesOf(x));
  if (typeof size === 'number') {
    if (size < 0) throw new RuntimeError(`split expects split_size be non-negative, but got split_size=${size}`);
    const n = x._t.shape[core.normAxis('split', d, x.dim())]!;
    if (size === 0 && n !== 0) throw new RuntimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
    return core.split(x._t, { size }, d).map(piece);
  }
  const n = x._t.shape[core.normAxis('split', d, x.dim())]!;
  const sizes = [...size];
  const got = `split_sizes=[${sizes.join(', ')}]`;
  // NOTE: the core infers a -1 size; PyTorch does not.
  if (sizes.some((k) => k < 0)) throw new RuntimeError(`split_with_sizes expects split_sizes have only non-negative entries, but got ${got}`);
  if (sizes.reduce((a, b) => a + b, 0) !== n) {
    throw new RuntimeError(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got ${got}`);
  }
  return core.split(x._t, sizes, d).map(piece);
}
/**
 * chunk(x, chunks, dim = 0): pieces of ceil(n / chunks) entries, so fewer than `chunks` pieces may come back; an
 * empty dim gives `chunks` empty pieces (TensorShape.cpp `chunk` calls split_with_sizes there, as "a call to split
 * would discard the number of chunks").
 */
export function chunk(x: Tensor, chunks: number, dim?: number | DimOption): Tensor[] {
  const k = intArg('chunk', 'chunks', chunks), d = intArg('chunk', 'dim', arg<DimOption>(dim, 'dim'), 0);
  if (x.dim() === 0) throw new RuntimeError('chunk expects at least a 1-dimensional tensor');
  if (k <= 0) throw new RuntimeError(`chunk expects \`chunks\` to be greater than 0, got: ${k}`);
  const n = x._t.shape[core.normAxis('chunk', d, x.dim())]!;
  const size = Math.ceil(n / k);
  return splitAs('chunk', x, size === 0 ? new Array<number>(k).fill(0) : size, d);
}
export interface IndexSelectOptions { dim?: number; index?: Tensor }
/**
 * index_select(x, dim, index) or index_select(x, { dim, index }): a copy, in PyTorch too. The checks of
 * TensorAdvancedIndexing.cpp `index_select_out_cpu_`, in its order; an index out of range is reported by the path
 * the CPU kernel takes: for a source of 2 or more dims, `check_indexarray_range`'s RuntimeError on dim 1 (its fast
 * path) or for an empty source, else IndexError "index out of range in self".
 */
export function index_select(x: Tensor, dim: number | IndexSelectOptions, index?: Tensor): Tensor {
  const o = kw<IndexSelectOptions>(dim) ?? { dim: dim as number, index };
  const d0 = intArg('index_select', 'dim', o.dim);
  const idx = o.index;
  if (!(idx instanceof Tensor)) throw new TorchTypeError(`index_select(): argument 'index' must be Tensor, not ${pyType(idx)}`);
  const d = core.normAxis('index_select', d0, x.dim());
  if (idx.dim() > 1) throw new IndexError('index_select(): Index is supposed to be a vector');
  const i = idx._t;
  // a float index: the core's dtype error (index_select's words in errors.ts)
  if (i.dtype !== 'int32') return w(core.gather(x._t, i, d));
  const n = x._t.shape[d] ?? 1;
  const bad = Array.from(i.data as Int32Array).find((v) => v < 0 || v >= n);
  if (x.dim() === 0) {
    // NOTE: PyTorch 1.13 returns a 0-d result for an index of several entries (its loop writes past it) or of none
    // (left unset); PyTorch 2 raises this error, which twingrad raises for both.
    if (i.size !== 1) throw new RuntimeError(`index_select(): Index to scalar can have only 1 value, got ${i.size} value(s)`);
    if (bad !== undefined) throw new IndexError('index out of range in self');
    return w(core.gather(x._t, core.reshape(i, []), 0));
  }
  if (x.dim() > 1 && i.size > 0 && x._t.size === 0 && n === 0) throw new RuntimeError('index_select(): self indexing axis dim should be positive');
  if (bad !== undefined && x.dim() > 1 && (d === 1 || x._t.size === 0)) throw new RuntimeError(`INDICES element is out of DATA bounds, id=${bad} axis_dim=${n}`);
  if (bad !== undefined) throw new IndexError('index out of range in self');
  // a 0-d index selects one entry and keeps the dimension, as a one-element vector does
  return w(core.gather(x._t, idx.dim() === 0 ? core.reshape(i, [1]) : i, d));
}
export interface NarrowOptions { dim?: number; start?: number; length?: number }
/** narrow(x, dim, start, length): entries start .. start + length - 1 along dim (a negative start counts from the end). */
export function narrow(x: Tensor, dim: number | NarrowOptions, start?: number, length?: number): Tensor {
  const o = kw<NarrowOptions>(dim) ?? { dim: dim as number, start, length };
  const d0 = intArg('narrow', 'dim', o.dim), len = intArg('narrow', 'length', o.length);
  let s = intArg('narrow', 'start', o.start);
  if (x.dim() === 0) throw new RuntimeError('narrow() cannot be applied to a 0-dim tensor.');
  const d = core.normAxis('narrow', d0, x.dim());
  const n = x._t.shape[d]!;
  // NOTE: PyTorch wraps start as it wraps a dim (maybe_wrap_dim(start, size), unless start is the size itself), and so
  // reports it in a dim's words; a size of 0 wraps as a scalar's dim does, in [-1, 0], so -1 is 0 there.
  if (s !== n) {
    const m = Math.max(n, 1);
    if (s < -m || s > m - 1) throw new IndexError(`Dimension out of range (expected to be in range of [${-m}, ${m - 1}], but got ${s})`);
    if (s < 0) s += m;
  }
  if (len < 0 || s + len > n) throw new RuntimeError(`start (${s}) + length (${len}) exceeds dimension size (${n}).`);
  const specs: Array<core.SliceSpec | null> = Array.from({ length: d }, () => null);
  specs.push({ start: s, stop: s + len });
  return viewOf('narrow', x, core.slice(x._t, specs), stridesOf(x));
}
export interface SelectOptions { dim?: number; index?: number }
/** select(x, dim, index): x[..., index, ...] with that dim dropped. */
export function select(x: Tensor, dim: number | SelectOptions, index?: number): Tensor {
  const o = kw<SelectOptions>(dim) ?? { dim: dim as number, index };
  const d0 = intArg('select', 'dim', o.dim), i = intArg('select', 'index', o.index);
  if (x.dim() === 0) throw new IndexError('select() cannot be applied to a 0-dim tensor.');
  const d = core.normAxis('select', d0, x.dim());
  const n = x._t.shape[d]!;
  if (i < -n || i >= n) throw new IndexError(`select(): index ${i} out of range for tensor of size [${x._t.shape.join(', ')}] at dimension ${d}`);
  const specs: Array<core.SliceSpec | number | null> = Array.from({ length: d }, () => null);
  specs.push(i);
  return viewOf('select', x, core.slice(x._t, specs), stridesOf(x).filter((_, k) => k !== d));
}
/**
 * Python's basic indexing `x[i, a:b:c, :]` as `index(x, i, { start: a, stop: b, step: c }, null)`:
 * a number picks one entry and drops the axis, null is `:`.
 * NOTE: the result is a copy, where PyTorch's is a view: in-place ops on it throw (see viewOf in tensor.ts).
 */
export function index(x: Tensor, ...specs: Array<core.SliceSpec | number | null>): Tensor {
  // a 0-d tensor with one index: python_variable_indexing.cpp's single-index paths (applySelect, applySlice)
  if (x.dim() === 0 && specs.length === 1) {
    const s = specs[0];
    if (s === 0) throw new IndexError('invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number');
    if (typeof s === 'number' && Number.isInteger(s)) throw new IndexError(`index ${s} is out of bounds for dimension 0 with size 0`);
    if (typeof s !== 'number') throw new IndexError('slice() cannot be applied to a 0-dim tensor.');
  }
  const out = core.slice(x._t, specs);
  // an integer drops its dim; a slice keeps it, its stride times the step
  const xs = stridesOf(x);
  const strides: number[] = [];
  x.shape.forEach((_, d) => {
    const s = specs[d] ?? null;
    if (typeof s !== 'number') strides.push(xs[d]! * (s?.step ?? 1));
  });
  return viewOf('index', x, out, strides);
}

export function to(x: Tensor, dtype: DType): Tensor {
  return x._t.dtype === dtype.core ? x : w(core.cast(x._t, dtype.core));
}

// ---- linear algebra ----
/**
 * matmul(a, b). Two vectors take dot's path, whose dtype check comes first and has its own text (Blas.cpp dot_check);
 * PyTorch 1.13 computes a vector or matrix times a batch as (b^T a^T)^T (should_fold on b), so that dtype error names
 * b's dtype as the expected one.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.dim() === 1 && b.dim() === 1 && a._t.dtype !== b._t.dtype) {
    throw new RuntimeError(`dot : expected both vectors to have same dtype, but found ${scalarType(a.dtype.core)} and ${scalarType(b.dtype.core)}`);
  }
  try {
    return w(core.matmul(a._t, b._t));
  } catch (e) {
    if (a.dim() <= 2 && b.dim() >= 3 && e instanceof RuntimeError && e.message.startsWith('expected scalar type ')) {
      throw new RuntimeError(`expected scalar type ${scalarType(b.dtype.core)} but found ${scalarType(a.dtype.core)}`);
    }
    throw e;
  }
}
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 2) throw new RuntimeError('self must be a matrix');
  if (b.dim() !== 2) throw new RuntimeError('mat2 must be a matrix');
  return matmul(a, b);
}
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 3) throw new RuntimeError('batch1 must be a 3D tensor');
  if (b.dim() !== 3) throw new RuntimeError('batch2 must be a 3D tensor');
  return matmul(a, b);
}
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 1 || b.dim() !== 1) throw new RuntimeError(`1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  return matmul(a, b);
}
export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.dim() !== 2 || v.dim() !== 1) throw new RuntimeError(`vector + matrix @ vector expected, got 1, ${a.dim()}, ${v.dim()}`);
  return matmul(a, v);
}

// ---- softmax ----
export interface SoftmaxOptions { dim?: number | null; dtype?: DType | null }
/** softmax's (dim, dtype) from positional arguments or { dim, dtype }; with a dtype, the input is cast to it first, as PyTorch does. */
function softmaxArgs(fn: string, x: Tensor, dim?: number | null | SoftmaxOptions, dtype?: DType | null): [core.Tensor, number] {
  const o = kw<SoftmaxOptions>(dim) ?? { dim: dim as number | null | undefined, dtype };
  if (o.dim === null) throw namedNone();
  const d = intArg(fn, 'dim', o.dim);
  return [o.dtype == null ? x._t : to(x, o.dtype)._t, d];
}
/** softmax(x, dim, dtype?) or softmax(x, { dim, dtype }). */
export function softmax(x: Tensor, dim?: number | SoftmaxOptions, dtype?: DType | null): Tensor {
  const [t, d] = softmaxArgs('softmax', x, dim, dtype);
  return floatSoftmax('softmax', t, d) ?? w(core.softmax(t, d));
}
export function log_softmax(x: Tensor, dim?: number | SoftmaxOptions, dtype?: DType | null): Tensor {
  const [t, d] = softmaxArgs('log_softmax', x, dim, dtype);
  return floatSoftmax('log_softmax', t, d) ?? w(core.logSoftmax(t, d));
}

/**
 * SoftMax.cpp on a non-float input: the dim is wrapped first, an empty input is returned as it is (no kernel runs),
 * else the kernel's dispatch refuses the dtype, named for the last-dim kernel or the general one. Null: a float input.
 */
function floatSoftmax(fn: string, t: core.Tensor, d: number): Tensor | null {
  if (core.isFloat(t.dtype)) return null;
  const a = core.normAxis(fn, d, t.rank), r = Math.max(1, t.rank);
  if (t.size === 0) return w(core.clone(t));
  const kernel = a === r - 1 ? `${fn}_lastdim_kernel_impl` : 'softmax_kernel_impl';
  throw new RuntimeError(`"${kernel}" not implemented for '${t.dtype === 'bool' ? 'Bool' : 'Long'}'`);
}
export { var_ as var };
