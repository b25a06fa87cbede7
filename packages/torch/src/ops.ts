/**
 * PyTorch's names for the core op set, as torch.* functions. Every number comes from a core op; this file
 * only translates names, argument forms (dim/keepdim, varargs shapes, options objects) and PyTorch's errors.
 * `CORE_OPS` is the name table the coverage test compares with the core registry.
 */
import { core } from './core.js';
import { IndexError, RuntimeError, TorchTypeError } from './errors.js';
import { Tensor, wrap, unwrap, viewOf, pyType, stridesOf, reshaped, type TensorLike } from './tensor.js';
import type { DType } from './dtype.js';

/**
 * PyTorch name -> the core registry op(s) it calls. The coverage test checks that every core op is named here
 * (or listed in NOT_EXPOSED), that every name here exists in the facade, and that every op named is in the registry.
 */
export const CORE_OPS: Readonly<Record<string, string | readonly string[]>> = {
  add: 'add', sub: 'sub', mul: 'mul', div: 'div', pow: ['pow', 'pow_scalar'], maximum: 'maximum', minimum: 'minimum',
  atan2: 'atan2', neg: 'neg', abs: 'abs', sign: 'sign', exp: 'exp', log: 'log', log1p: 'log1p', expm1: 'expm1',
  sqrt: 'sqrt', rsqrt: 'rsqrt', square: 'square', reciprocal: 'reciprocal', sin: 'sin', cos: 'cos', tan: 'tan',
  tanh: 'tanh', sigmoid: 'sigmoid', relu: 'relu', erf: 'erf', leaky_relu: 'leaky_relu', elu: 'elu', softplus: 'softplus',
  gelu: 'gelu', eq: 'eq', ne: 'ne', lt: 'lt', le: 'le', gt: 'gt', ge: 'ge', logical_not: 'logical_not', where: 'where',
  clamp: 'clamp', clone: 'clone', sum: 'sum', mean: 'mean', prod: 'prod', max: ['max', 'argmax'], min: ['min', 'argmin'],
  argmax: 'argmax', argmin: 'argmin', logsumexp: 'logsumexp', var: 'variance', std: 'std', norm: 'norm',
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
  relu_backward: 'a fused gradient of the core (torch.ops.aten.threshold_backward is internal)',
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
  // a number times alpha is Python's scalar product (exact for ints, a double otherwise), not a float32 tensor
  return typeof y === 'number' ? y * alpha : core.mul(u(y), alpha);
}
export const add = (x: TensorLike, y: TensorLike, o?: { alpha?: number }): Tensor => w(core.add(u(x), alphaArg('add', x, y, o)));
export const sub = (x: TensorLike, y: TensorLike, o?: { alpha?: number }): Tensor => w(core.sub(u(x), alphaArg('sub', x, y, o)));
export const mul = (x: TensorLike, y: TensorLike): Tensor => w(core.mul(u(x), u(y)));
export const div = (x: TensorLike, y: TensorLike): Tensor => w(core.div(u(x), u(y)));
/** A number exponent records PowBackward0, a tensor exponent PowBackward1, as in PyTorch. */
export const pow = (x: TensorLike, p: TensorLike): Tensor =>
  w(typeof p === 'number' ? core.pow(u(x), p) : core.powTensor(u(x), u(p), T));
/** NOTE: at ties PyTorch splits the gradient evenly (convention 'torch'). */
export const maximum = (x: TensorLike, y: TensorLike): Tensor => w(core.maximum(u(x), u(y), T));
export const minimum = (x: TensorLike, y: TensorLike): Tensor => w(core.minimum(u(x), u(y), T));
export const atan2 = (x: TensorLike, y: TensorLike): Tensor => w(core.atan2(u(x), u(y)));
export const eq = (x: TensorLike, y: TensorLike): Tensor => w(core.eq(u(x), u(y)));
export const ne = (x: TensorLike, y: TensorLike): Tensor => w(core.ne(u(x), u(y)));
export const lt = (x: TensorLike, y: TensorLike): Tensor => w(core.lt(u(x), u(y)));
export const le = (x: TensorLike, y: TensorLike): Tensor => w(core.le(u(x), u(y)));
export const gt = (x: TensorLike, y: TensorLike): Tensor => w(core.gt(u(x), u(y)));
export const ge = (x: TensorLike, y: TensorLike): Tensor => w(core.ge(u(x), u(y)));
export const logical_not = (x: Tensor): Tensor => w(core.logicalNot(x._t));

const unary = (f: (x: core.TensorLike) => core.Tensor) => (x: TensorLike): Tensor => w(f(u(x)));
export const neg = unary(core.neg);
export const abs = unary(core.abs);
export const sign = unary(core.sign);
export const exp = unary(core.exp);
export const log = unary(core.log);
export const log1p = unary(core.log1p);
export const expm1 = unary(core.expm1);
export const sqrt = unary(core.sqrt);
export const rsqrt = unary(core.rsqrt);
export const square = unary(core.square);
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
export { neg as negative, sub as subtract, mul as multiply, div as divide, abs as absolute };

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

export interface ClampOptions { min?: number | null; max?: number | null }
/** clamp(x, min, max) or clamp(x, { min, max }); the gradient passes where min <= x <= max. */
export function clamp(x: TensorLike, min?: number | null | ClampOptions, max?: number | null): Tensor {
  const o: ClampOptions = min !== null && typeof min === 'object' ? min : { min, max };
  if ((o.min ?? null) === null && (o.max ?? null) === null) {
    throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  return w(core.clamp(u(x), o.min ?? null, o.max ?? null));
}
export { clamp as clip };

// ---- reductions ----
export type Dim = number | readonly number[];
export interface DimOptions { dim?: Dim | null; keepdim?: boolean }

/** Reads PyTorch's (dim, keepdim) from positional arguments or an options object. */
export function dimArgs(dim?: Dim | null | DimOptions, keepdim?: boolean): { dim: Dim | null; keepdim: boolean } {
  if (dim !== null && typeof dim === 'object' && !Array.isArray(dim)) {
    const o = dim as DimOptions;
    return { dim: o.dim ?? null, keepdim: o.keepdim ?? false };
  }
  return { dim: (dim as Dim | null | undefined) ?? null, keepdim: keepdim ?? false };
}

export function sum(x: Tensor, dim?: Dim | null | DimOptions, keepdim?: boolean): Tensor {
  const a = dimArgs(dim, keepdim);
  return w(core.sum(x._t, a.dim, a.keepdim));
}
/** PyTorch's ScalarType name of a non-float facade tensor (int32 storage reports as int64, so Long). */
const intName = (x: Tensor): string => (x._t.dtype === 'bool' ? 'Bool' : 'Long');

export function mean(x: Tensor, dim?: Dim | null | DimOptions, keepdim?: boolean): Tensor {
  if (!core.isFloat(x._t.dtype)) {
    throw new RuntimeError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${intName(x)}`);
  }
  const a = dimArgs(dim, keepdim);
  return w(core.mean(x._t, a.dim, a.keepdim));
}
export function prod(x: Tensor, dim?: number | null | DimOptions, keepdim?: boolean): Tensor {
  const a = dimArgs(dim, keepdim);
  return w(core.prod(x._t, a.dim, a.keepdim));
}
export function logsumexp(x: Tensor, dim: Dim | DimOptions, keepdim?: boolean): Tensor {
  const a = dimArgs(dim, keepdim);
  return w(core.logsumexp(x._t, a.dim, a.keepdim));
}
/** cumsum(input, dim) or cumsum(input, { dim }): the running sum along dim (bool and integer inputs give int64). */
export function cumsum(x: Tensor, dim: number | DimOption): Tensor {
  const d = intArg('cumsum', 'dim', arg<DimOption>(dim, 'dim'));
  // NOTE: the core keeps an int32 input int32, as PyTorch's int64 stays int64; bool gives int32 (PyTorch: int64)
  return w(core.cumsum(x._t, d));
}

export function argmax(x: Tensor, dim?: number | null | DimOptions, keepdim?: boolean): Tensor {
  const a = dimArgs(dim, keepdim);
  return w(core.argmax(x._t, a.dim as number | null, a.keepdim));
}
export function argmin(x: Tensor, dim?: number | null | DimOptions, keepdim?: boolean): Tensor {
  const a = dimArgs(dim, keepdim);
  return w(core.argmin(x._t, a.dim as number | null, a.keepdim));
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
function extremum(kind: Extremum, x: Tensor, dim?: number | Tensor | DimOptions, keepdim?: boolean): Tensor | ReturnType {
  if (dim instanceof Tensor) return kind === 'max' ? maximum(x, dim) : minimum(x, dim);
  if (dim === undefined || (typeof dim === 'object' && dim.dim == null)) {
    return w(core[kind](x._t, null, false, 'torch'));
  }
  const a = dimArgs(dim, keepdim);
  const d = a.dim as number;
  const values = w(core[kind](x._t, d, a.keepdim, 'torch'));
  const indices = w(kind === 'max' ? core.argmax(x._t, d, a.keepdim) : core.argmin(x._t, d, a.keepdim));
  return new ReturnType(kind, values, indices);
}

/**
 * max(x): the largest element; max(x, dim, keepdim?): {values, indices}; max(x, other): maximum.
 * NOTE: PyTorch's rule at ties: the full reduction splits the gradient evenly, max(dim) gives it to the index returned.
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, dim: number | DimOptions, keepdim?: boolean): ReturnType;
export function max(x: Tensor, dim?: number | Tensor | DimOptions, keepdim?: boolean): Tensor | ReturnType {
  return extremum('max', x, dim, keepdim);
}
export function min(x: Tensor): Tensor;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, dim: number | DimOptions, keepdim?: boolean): ReturnType;
export function min(x: Tensor, dim?: number | Tensor | DimOptions, keepdim?: boolean): Tensor | ReturnType {
  return extremum('min', x, dim, keepdim);
}

export interface VarOptions { dim?: Dim | null; unbiased?: boolean; correction?: number; keepdim?: boolean }
function varArgs(dim?: Dim | null | boolean | VarOptions, o?: VarOptions | boolean, keepdim?: boolean) {
  let opts: VarOptions;
  if (typeof dim === 'boolean') opts = { unbiased: dim };
  else if (dim !== null && typeof dim === 'object' && !Array.isArray(dim)) opts = dim as VarOptions;
  else opts = { ...(typeof o === 'object' ? o : { unbiased: o, keepdim }), dim: dim as Dim | null | undefined };
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
  return { dim: opts.dim ?? null, correction, keepdim: opts.keepdim ?? false };
}
function floatForVar(x: Tensor): void {
  if (!core.isFloat(x._t.dtype)) throw new RuntimeError('std and var only support floating point and complex dtypes');
}
/** var(x), var(x, unbiased), var(x, dim, unbiased?, keepdim?), var(x, dim, { correction, keepdim }); Bessel-corrected by default. */
export function var_(x: Tensor, dim?: Dim | null | boolean | VarOptions, o?: VarOptions | boolean, keepdim?: boolean): Tensor {
  floatForVar(x);
  const a = varArgs(dim, o, keepdim);
  return w(core.variance(x._t, a.dim, a.correction, a.keepdim));
}
export function std(x: Tensor, dim?: Dim | null | boolean | VarOptions, o?: VarOptions | boolean, keepdim?: boolean): Tensor {
  floatForVar(x);
  const a = varArgs(dim, o, keepdim);
  return w(core.std(x._t, a.dim, a.correction, a.keepdim));
}

export interface NormOptions { p?: number | 'fro'; dim?: Dim | null; keepdim?: boolean }
/** norm(x, p = 'fro', dim?, keepdim?); 'fro' is the 2-norm of the elements reduced over. */
export function norm(x: Tensor, p: number | 'fro' | NormOptions = 'fro', dim?: Dim | null, keepdim?: boolean): Tensor {
  const o: NormOptions = typeof p === 'object' ? p : { p, dim, keepdim };
  const ord = o.p === undefined || o.p === 'fro' ? 2 : o.p;
  return w(core.norm(x._t, ord, o.dim ?? null, o.keepdim ?? false));
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
  // NOTE: PyTorch wraps start as it wraps a dim, and so reports it in a dim's words.
  if (s < -n || s > n) throw new IndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${s})`);
  s = s < 0 ? s + n : s;
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
export const matmul = (a: Tensor, b: Tensor): Tensor => w(core.matmul(a._t, b._t));
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
  if (o.dim === null) throw new RuntimeError('Please look up dimensions by name, got: name = None.');
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
