/**
 * PyTorch's names for the core op set, as torch.* functions. Every number comes from a core op; this file
 * only translates names, argument forms (dim/keepdim, varargs shapes, options objects) and PyTorch's errors.
 * `CORE_OPS` is the name table the coverage test compares with the core registry.
 */
import { core } from './core.js';
import { RuntimeError, TorchTypeError } from './errors.js';
import { Tensor, wrap, unwrap, type TensorLike } from './tensor.js';
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
  reshape: 'reshape', view: 'reshape', permute: 'transpose', t: 'transpose', transpose: 'swapaxes',
  unsqueeze: 'expand_dims', squeeze: 'squeeze', broadcast_to: 'broadcast_to', expand: 'broadcast_to', cat: 'concat',
  stack: 'stack', split: 'split', chunk: 'split', narrow: 'slice', select: 'slice', index: 'slice',
  index_select: 'gather', pad: 'pad', to: 'cast', matmul: 'matmul', mm: 'matmul', bmm: 'matmul',
  softmax: 'softmax', log_softmax: 'log_softmax', cross_entropy: ['sparse_softmax_cross_entropy', 'softmax_cross_entropy'],
  mse_loss: 'mse',
};

/** Core ops the facade deliberately does not name, and why. */
export const NOT_EXPOSED: Readonly<Record<string, string>> = {
  identity: 'an alias op for the core and the tf facade (tf.identity); PyTorch has no user-facing equivalent',
  tanh_backward: 'a fused gradient of the core (torch.ops.aten.tanh_backward is internal)',
  sigmoid_backward: 'a fused gradient of the core (torch.ops.aten.sigmoid_backward is internal)',
  square_backward: 'a fused gradient of the core (square\'s rule g * 2x in one pass)',
  relu_backward: 'a fused gradient of the core (torch.ops.aten.threshold_backward is internal)',
  pow_backward: 'a fused gradient of the core (pow\'s rule g * p * x^(p-1) in one pass)',
};

const T = { convention: 'torch' as const };
const u = unwrap;
const w = wrap;

// ---- elementwise ----
export const add = (x: TensorLike, y: TensorLike, o?: { alpha?: number }): Tensor =>
  w(core.add(u(x), o?.alpha === undefined ? u(y) : core.mul(u(y), o.alpha)));
export const sub = (x: TensorLike, y: TensorLike, o?: { alpha?: number }): Tensor =>
  w(core.sub(u(x), o?.alpha === undefined ? u(y) : core.mul(u(y), o.alpha)));
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
export const relu = unary(core.relu);
export const erf = unary(core.erf);
export const clone = (x: Tensor): Tensor => w(core.clone(x._t));
export { neg as negative, sub as subtract, mul as multiply, div as divide, abs as absolute };

/** torch.where(condition, input, other); numbers take the other branch's dtype. */
export const where = (cond: Tensor, x: TensorLike, y: TensorLike): Tensor => w(core.where(cond._t, u(x), u(y)));

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
export function mean(x: Tensor, dim?: Dim | null | DimOptions, keepdim?: boolean): Tensor {
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
/** var(x), var(x, unbiased), var(x, dim, unbiased?, keepdim?), var(x, dim, { correction, keepdim }); Bessel-corrected by default. */
export function var_(x: Tensor, dim?: Dim | null | boolean | VarOptions, o?: VarOptions | boolean, keepdim?: boolean): Tensor {
  const a = varArgs(dim, o, keepdim);
  return w(core.variance(x._t, a.dim, a.correction, a.keepdim));
}
export function std(x: Tensor, dim?: Dim | null | boolean | VarOptions, o?: VarOptions | boolean, keepdim?: boolean): Tensor {
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
export const reshape = (x: Tensor, ...shape: Array<number | readonly number[]>): Tensor => w(core.reshape(x._t, sizeArgs(shape)));
export const permute = (x: Tensor, ...dims: Array<number | readonly number[]>): Tensor => w(core.transpose(x._t, sizeArgs(dims)));
export const transpose = (x: Tensor, dim0: number, dim1: number): Tensor => w(core.swapaxes(x._t, dim0, dim1));
export { transpose as swapaxes };
export function t(x: Tensor): Tensor {
  if (x.dim() > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  return w(core.transpose(x._t));
}
export const unsqueeze = (x: Tensor, dim: number): Tensor => w(core.expandDims(x._t, dim));
/** PyTorch's squeeze: listing an axis whose size is not 1 is a no-op (not an error as in TensorFlow). */
export const squeeze = (x: Tensor, dim?: number | readonly number[]): Tensor => w(core.squeeze(x._t, dim, false));
export const broadcast_to = (x: Tensor, shape: readonly number[]): Tensor => w(core.broadcastTo(x._t, shape));
/** expand(...sizes): -1 keeps a dimension's size; new dimensions go in front. */
export function expand(x: Tensor, ...sizes: Array<number | readonly number[]>): Tensor {
  const s = sizeArgs(sizes);
  const lead = s.length - x.dim();
  return w(core.broadcastTo(x._t, s.map((n, i) => (n === -1 && i >= lead ? x._t.shape[i - lead]! : n))));
}
export function flatten(x: Tensor, start_dim = 0, end_dim = -1): Tensor {
  const shape = x._t.shape;
  if (shape.length === 0) return w(core.reshape(x._t, [1]));
  const s = core.normAxis('flatten', start_dim, shape.length);
  const e = core.normAxis('flatten', end_dim, shape.length);
  const mid = shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return w(core.reshape(x._t, [...shape.slice(0, s), mid, ...shape.slice(e + 1)]));
}
export const cat = (tensors: readonly Tensor[], dim = 0): Tensor => w(core.concat(tensors.map((x) => x._t), dim));
export { cat as concat, cat as concatenate };
export const stack = (tensors: readonly Tensor[], dim = 0): Tensor => w(core.stack(tensors.map((x) => x._t), dim));
/** split(x, size): pieces of `size` along dim (the last may be smaller); split(x, [sizes]): those sizes. */
export function split(x: Tensor, split_size_or_sections: number | readonly number[], dim = 0): Tensor[] {
  const n = x._t.shape[core.normAxis('split', dim, x.dim())]!;
  let sizes: number[];
  // Equal pieces go through the core's count form, which records SplitBackward0 as PyTorch's split(int) does.
  if (typeof split_size_or_sections === 'number' && split_size_or_sections > 0 && n % split_size_or_sections === 0 && n > 0) {
    return core.split(x._t, n / split_size_or_sections, dim).map(w);
  }
  if (typeof split_size_or_sections === 'number') {
    sizes = [];
    for (let i = 0; i < n; i += split_size_or_sections) sizes.push(Math.min(split_size_or_sections, n - i));
    if (sizes.length === 0) sizes.push(0);
  } else sizes = [...split_size_or_sections];
  return core.split(x._t, sizes, dim).map(w);
}
/** chunk(x, chunks, dim): pieces of ceil(n / chunks) entries, so fewer than `chunks` pieces may come back. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  const n = x._t.shape[core.normAxis('chunk', dim, x.dim())]!;
  return split(x, Math.max(1, Math.ceil(n / chunks)), dim);
}
export const index_select = (x: Tensor, dim: number, index: Tensor): Tensor => w(core.gather(x._t, index._t, dim));
/** narrow(x, dim, start, length): entries start .. start + length - 1 along dim (a negative start counts from the end). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = core.normAxis('narrow', dim, x.dim());
  const s = start < 0 ? start + x._t.shape[d]! : start;
  const specs: Array<core.SliceSpec | null> = Array.from({ length: d }, () => null);
  specs.push({ start: s, stop: s + length });
  return w(core.slice(x._t, specs));
}
/** select(x, dim, index): x[..., index, ...] with that dim dropped. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = core.normAxis('select', dim, x.dim());
  const specs: Array<core.SliceSpec | number | null> = Array.from({ length: d }, () => null);
  specs.push(index);
  return w(core.slice(x._t, specs));
}
/**
 * Python's basic indexing `x[i, a:b:c, :]` as `index(x, i, { start: a, stop: b, step: c }, null)`:
 * a number picks one entry and drops the axis, null is `:`.
 */
export const index = (x: Tensor, ...specs: Array<core.SliceSpec | number | null>): Tensor => w(core.slice(x._t, specs));

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
function needDim(op: string, dim: number | undefined): number {
  if (dim === undefined) throw new TorchTypeError(`${op}() missing 1 required positional arguments: "dim"`);
  return dim;
}
export const softmax = (x: Tensor, dim?: number): Tensor => w(core.softmax(x._t, needDim('softmax', dim)));
export const log_softmax = (x: Tensor, dim?: number): Tensor => w(core.logSoftmax(x._t, needDim('log_softmax', dim)));
export { var_ as var };
