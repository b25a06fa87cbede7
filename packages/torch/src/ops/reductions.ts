/** torch.* reductions: sum, mean, prod, logsumexp, cumsum, argmax/argmin, max/min, amax/amin, all/any, var/std and norm. */
import { core } from '../core.js';
import { RuntimeError, TorchTypeError, scalarType } from '../errors.js';
import { Tensor, wrap as w } from '../tensor.js';
import { DType } from '../dtype.js';
import { allIfEmpty, argType, bind, invalidArgs, isDims, isInt, namedNone, pyCall } from './args.js';
import { _extremeOf } from './elementwise.js';

export type Dim = number | readonly number[];
export interface DimOptions { dim?: Dim | null; keepdim?: boolean }
export interface SumOptions extends DimOptions { dtype?: DType | null }

const onlyKeys = (o: object, keys: readonly string[]): boolean => Object.keys(o).every((k) => keys.includes(k));

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

/** argmax(x), argmax(x, dim, keepdim?): an int dim or None; no bool kernel (but see _argExtreme). */
export function argmax(x: Tensor, dim?: number | null | DimOptions, keepdim?: boolean | DimOptions): Tensor { return _argExtreme('argmax', false, x, [dim, keepdim]); }
export function argmin(x: Tensor, dim?: number | null | DimOptions, keepdim?: boolean | DimOptions): Tensor { return _argExtreme('argmin', false, x, [dim, keepdim]); }
export function _argExtreme(fn: 'argmax' | 'argmin', method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const { dim, keepdim } = dimKeepdim(fn, method, rest, 'int');
  const d = dim as number | null;
  const out = fn === 'argmax' ? core.argmax(x._t, d, keepdim) : core.argmin(x._t, d, keepdim);
  // NOTE: PyTorch's argmax(dim) over a dim of size 1 (of a tensor with dims), or with nothing to compute, fills its
  // result without its kernel, which has no Bool: only those bool cases pass, after the dim and emptiness checks
  if (x._t.dtype === 'bool' && (d === null || x.dim() === 0 || (out.size > 0 && x.shape[d < 0 ? d + x.dim() : d] !== 1))) {
    throw new RuntimeError(`"${fn}_cpu" not implemented for 'Bool'`);
  }
  return w(out);
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

const BOOL_REDUCE_SIGS = ['(Tensor input, *, Tensor out)', '(Tensor input, int dim, bool keepdim, *, Tensor out)', '(Tensor input, name dim, bool keepdim, *, Tensor out)'];
/**
 * all(x), all(x, dim, keepdim?): whether every element (over one int dim) is nonzero, NaN counting as true; a bool
 * result of any input dtype. PyTorch 1.13 takes one int dim (no list) and no keepdim without it; dim=None is the named
 * overload's error. any likewise.
 */
export function all(x: Tensor, dim?: number | DimOptions, keepdim?: boolean | DimOptions): Tensor { return _boolReduce('all', false, x, [dim, keepdim]); }
export function any(x: Tensor, dim?: number | DimOptions, keepdim?: boolean | DimOptions): Tensor { return _boolReduce('any', false, x, [dim, keepdim]); }
export function _boolReduce(fn: 'all' | 'any', method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const c = pyCall(rest);
  const a = bind(c, ['dim', 'keepdim']);
  if (a.dim === null) {
    throw new RuntimeError(`${fn}: You passed a dimname (string) to this op in place of a dimension index but it does not yet support this behavior. Please pass a dimension index to work around this.`);
  }
  const keepOk = a.keepdim === undefined || (a.dim !== undefined && typeof a.keepdim === 'boolean');
  if (c.args.length > 2 || (a.dim !== undefined && !isInt(a.dim)) || !keepOk || !onlyKeys(c.kw, ['dim', 'keepdim'])) {
    throw invalidArgs(fn, method, method ? c.args : [x, ...c.args], c.kw, BOOL_REDUCE_SIGS);
  }
  const dim = (a.dim ?? null) as number | null, keep = (a.keepdim ?? false) as boolean;
  return w(fn === 'all' ? core.all(x._t, dim, keep) : core.any(x._t, dim, keep));
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
export { var_ as var };
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
export function norm(x: Tensor, p?: number | 'fro' | 'nuc' | NormOptions, dim?: Dim | null | NormOptions, keepdim?: boolean | NormOptions): Tensor {
  return _norm(false, x, [p, dim, keepdim]);
}
/**
 * norm's body for the function and the method (`method`: Tensor.norm, whose TypeError names it so). The keywords
 * may follow any positional arguments, as in Python: `x.norm(2, { dim: 1 })`. NOTE: torch.norm's dtype= (a
 * NormBackward3 computed in that dtype) is not supported: it is refused rather than ignored.
 */
export function _norm(method: boolean, x: Tensor, rest: readonly unknown[]): Tensor {
  const c = pyCall(rest);
  for (const k of Object.keys(c.kw)) {
    if (k === 'dtype') throw new RuntimeError("norm(): twingrad does not support the dtype argument; cast the input first (x.double().norm(...))");
    if (!['p', 'dim', 'keepdim'].includes(k)) throw new TorchTypeError(`${method ? 'Tensor.norm' : 'norm'}() got an unexpected keyword argument '${k}'`);
  }
  const o = bind(c, ['p', 'dim', 'keepdim']) as NormOptions;
  // a str dim is a dimension name to PyTorch, which no tensor here has
  const named: unknown = o.dim;
  if (typeof named === 'string') throw new RuntimeError(`Name '${named}' not found in Tensor[${new Array<string>(x.dim()).fill('None').join(', ')}].`);
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

