/**
 * torch.* shape and indexing ops: reshape, permute/transpose, unsqueeze/squeeze, expand, flatten, cat/stack,
 * split/chunk/unbind, index_select, narrow, select, basic indexing, and `to` (a dtype conversion).
 */
import { core } from '../core.js';
import { IndexError, RuntimeError, TorchTypeError, ValueError } from '../errors.js';
import { Tensor, wrap as w } from '../tensor.js';
import { copyView, viewOf, stridesOf, reshaped } from '../views.js';
import { pyType } from '../py_type.js';
import type { DType } from '../dtype.js';
import { bind, intArg, invalidArgs, keyword, kw, pyCall, tensorsArg, requiredList, type SizeList } from './args.js';

/** Accepts PyTorch's two spellings of a shape: varargs `(2, 3)` or one list `([2, 3])`. */
export function sizeArgs(args: ReadonlyArray<number | readonly number[]>): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : (args as number[]);
}

/** A dim that the core has already checked against `rank`, counted from the front. */
const wrapped = (d: number, rank: number): number => (d < 0 ? d + rank : d);

export const reshape = (x: Tensor, ...shape: SizeList): Tensor =>
  reshaped('reshape', x, sizeArgs(requiredList('reshape', 'shape', shape)));
/** x's strides in the order of `dims` (checked by the core): permute, transpose, t and T move strides with sizes. */
function permutedStrides(x: Tensor, dims: readonly number[]): number[] {
  const s = stridesOf(x);
  return dims.map((d) => s[wrapped(d, x.dim())]!);
}
export function permute(x: Tensor, ...dims: SizeList): Tensor {
  const p = sizeArgs(requiredList('permute', 'dims', dims, 'ints'));
  return copyView('permute', x, (t) => core.transpose(t, p), permutedStrides(x, p));
}
export interface TransposeOptions { dim0?: number; dim1?: number }
/** transpose(x, dim0, dim1) or transpose(x, { dim0, dim1 }). */
export function transpose(x: Tensor, dim0: number | TransposeOptions, dim1?: number | TransposeOptions): Tensor {
  return swapped('transpose', ['dim0', 'dim1'], x, dim0, dim1);
}
export interface SwapaxesOptions { axis0?: number; axis1?: number }
/** swapaxes(x, axis0, axis1): transpose under NumPy's names (its keywords are axis0 and axis1). */
export function swapaxes(x: Tensor, axis0: number | SwapaxesOptions, axis1?: number | SwapaxesOptions): Tensor {
  return swapped('swapaxes', ['axis0', 'axis1'], x, axis0, axis1);
}
function swapped(fn: string, names: readonly [string, string], x: Tensor, first: unknown, second: unknown): Tensor {
  const o = bind(pyCall([first, second]), names);
  const a = intArg(fn, names[0], o[names[0]]), b = intArg(fn, names[1], o[names[1]]);
  const i = wrapped(a, x.dim()), j = wrapped(b, x.dim());
  return copyView('transpose', x, (t) => core.swapaxes(t, a, b), permutedStrides(x, x.shape.map((_, d) => (d === i ? j : d === j ? i : d))));
}
export function t(x: Tensor): Tensor {
  if (x.dim() > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  return copyView('t', x, (t) => core.matrixTranspose(t), x.dim() === 2 ? permutedStrides(x, [1, 0]) : stridesOf(x));
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
export function broadcast_to(x: Tensor, shape: readonly number[] | { size: readonly number[] }): Tensor {
  const size = keyword(shape, 'size');
  if (!Array.isArray(size)) throw new TorchTypeError(`broadcast_to(): argument 'size' (position 1) must be tuple of ints, not ${pyType(size)}`);
  const g = expandGeometry(x, size);
  return copyView('broadcast_to', x, (t) => core.broadcastTo(t, g.shape), g.strides);
}
/** expand(...sizes): -1 keeps a dimension's size; new dimensions go in front. */
export function expand(x: Tensor, ...sizes: SizeList): Tensor {
  const g = expandGeometry(x, sizeArgs(requiredList('expand', 'size', sizes)));
  return copyView('expand', x, (t) => core.broadcastTo(t, g.shape), g.strides);
}
export interface FlattenOptions { start_dim?: number; end_dim?: number }
/** flatten(x, start_dim = 0, end_dim = -1), or flatten(x, { start_dim, end_dim }); TensorShape.cpp `flatten`. */
export function flatten(x: Tensor, start_dim?: number | FlattenOptions, end_dim?: number | FlattenOptions): Tensor {
  const o = bind(pyCall([start_dim, end_dim]), ['start_dim', 'end_dim']) as FlattenOptions;
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
export function split(x: Tensor, split_size_or_sections: number | readonly number[] | SplitOptions, dim?: number | DimOption): Tensor[] {
  return _split('split_size_or_sections', x, split_size_or_sections, dim);
}
export interface ChunkOptions { chunks?: number; dim?: number }
export interface SplitOptions { split_size?: number | readonly number[]; split_size_or_sections?: number | readonly number[]; dim?: number }
/** split's body; `sizeName`: Python's name of the sizes (Tensor.split's `split_size`, torch.split's `split_size_or_sections`). */
export function _split(sizeName: 'split_size' | 'split_size_or_sections', x: Tensor, sizes: unknown, dim: unknown): Tensor[] {
  const a = bind(pyCall([sizes, dim]), [sizeName, 'dim']);
  return splitAs('split', x, a[sizeName] as number | readonly number[], intArg('split', 'dim', a['dim'], 0));
}
/**
 * A piece's op as the narrow it is: made here, at module level, so that the closure a piece keeps holds its slice
 * alone, not the scope of the split (which holds the tensor split).
 */
function sliceAlong(axis: number, start: number, stop: number): (t: core.Tensor) => core.Tensor {
  const specs: Array<core.SliceSpec | null> = Array.from({ length: axis }, () => null);
  specs.push({ start, stop });
  return (t) => core.slice(t, specs);
}
/**
 * split (TensorShape.cpp `split`, `split_with_sizes`), with the results noted as made by `op` (split or chunk).
 * An int size records SplitBackward0 even where the last piece is smaller, a list SplitWithSizesBackward0. Each
 * piece is a narrow of x, with x's strides.
 */
function splitAs(op: string, x: Tensor, split_size_or_sections: number | readonly number[], d: number): Tensor[] {
  // anything but an int is sent to split_with_sizes by torch/_tensor.py, whose parser refuses it
  if (typeof split_size_or_sections !== 'number' && !Array.isArray(split_size_or_sections)) {
    throw new TorchTypeError(`split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not ${pyType(split_size_or_sections)}`);
  }
  if (x.dim() === 0) throw new RuntimeError('split expects at least a 1-dimensional tensor');
  const size = split_size_or_sections;
  // a piece that follows a write to x is taken again alone, as the narrow it is
  const pieces = (sizes: number[] | { size: number }): Tensor[] => {
    const axis = core.normAxis('split', d, x.dim());
    let start = 0;
    return core.split(x._t, sizes, d).map((t) => {
      const from = start;
      start += t.shape[axis]!;
      return viewOf(op, x, t, stridesOf(x), sliceAlong(axis, from, start));
    });
  };
  if (typeof size === 'number') {
    if (size < 0) throw new RuntimeError(`split expects split_size be non-negative, but got split_size=${size}`);
    const n = x._t.shape[core.normAxis('split', d, x.dim())]!;
    if (size === 0 && n !== 0) throw new RuntimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
    return pieces({ size });
  }
  const n = x._t.shape[core.normAxis('split', d, x.dim())]!;
  const sizes = [...size];
  const got = `split_sizes=[${sizes.join(', ')}]`;
  // NOTE: the core infers a -1 size; PyTorch does not.
  if (sizes.some((k) => k < 0)) throw new RuntimeError(`split_with_sizes expects split_sizes have only non-negative entries, but got ${got}`);
  if (sizes.reduce((a, b) => a + b, 0) !== n) {
    throw new RuntimeError(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got ${got}`);
  }
  return pieces(sizes);
}
/**
 * chunk(x, chunks, dim = 0): pieces of ceil(n / chunks) entries, so fewer than `chunks` pieces may come back; an
 * empty dim gives `chunks` empty pieces (TensorShape.cpp `chunk` calls split_with_sizes there, as "a call to split
 * would discard the number of chunks").
 */
export function chunk(x: Tensor, chunks: number | ChunkOptions, dim?: number | DimOption): Tensor[] {
  const a = bind(pyCall([chunks, dim]), ['chunks', 'dim']);
  const k = intArg('chunk', 'chunks', a['chunks']), d = intArg('chunk', 'dim', a['dim'], 0);
  if (x.dim() === 0) throw new RuntimeError('chunk expects at least a 1-dimensional tensor');
  if (k <= 0) throw new RuntimeError(`chunk expects \`chunks\` to be greater than 0, got: ${k}`);
  const n = x._t.shape[core.normAxis('chunk', d, x.dim())]!;
  const size = Math.ceil(n / k);
  return splitAs('chunk', x, size === 0 ? new Array<number>(k).fill(0) : size, d);
}
/**
 * unbind(x, dim = 0) or unbind(x, { dim }): the slices along dim, without it. In PyTorch they are views, the outputs
 * of one UnbindBackward0 node (multi-output views, as split's pieces: copies.ts refuses as PyTorch does); here each is
 * a copy that follows x (`viewOf`), taken again as the select it is.
 */
export function unbind(x: Tensor, dim?: number | DimOption): Tensor[] {
  return _unbind(false, x, dim);
}
const UNBIND_SIGS = ['(Tensor input, int dim)', '(Tensor input, name dim)'];
/** torch.unbind and Tensor.unbind (`method`): a dim that is no int gets the parser's text for unbind's two overloads. */
export function _unbind(method: boolean, x: Tensor, dim?: number | DimOption): Tensor[] {
  const v = arg<DimOption>(dim, 'dim');
  if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v))) {
    const named = kw<DimOption>(dim) !== null;
    throw invalidArgs('unbind', method, [...(method ? [] : [x]), ...(named ? [] : [v])], named ? { dim: v } : {}, UNBIND_SIGS);
  }
  const d = intArg('unbind', 'dim', v, 0);
  // NOTE: maybe_wrap_dim's own text for a 0-d tensor and dim 0 or -1; other dims fail the range check first
  if (x.dim() === 0 && (d === 0 || d === -1)) throw new IndexError('Dimension specified as 0 but tensor has no dimensions');
  const axis = core.normAxis('unbind', d, x.dim());
  const strides = stridesOf(x).filter((_, k) => k !== axis);
  return core.unbind(x._t, axis).map((t, i) => viewOf('unbind', x, t, strides, selectAlong(axis, i)));
}
/** A piece's op as the select it is, made at module level (see `sliceAlong`). */
function selectAlong(axis: number, i: number): (t: core.Tensor) => core.Tensor {
  const specs: Array<core.SliceSpec | number | null> = Array.from({ length: axis }, () => null);
  specs.push(i);
  return (t) => core.slice(t, specs);
}
export interface IndexSelectOptions { dim?: number; index?: Tensor }
/**
 * index_select(x, dim, index) or index_select(x, { dim, index }): a copy, in PyTorch too. The checks of
 * TensorAdvancedIndexing.cpp `index_select_out_cpu_`, in its order; an index out of range is reported by the path
 * the CPU kernel takes: for a source of 2 or more dims, `check_indexarray_range`'s RuntimeError on dim 1 (its fast
 * path) or for an empty source, else IndexError "index out of range in self".
 */
export function index_select(x: Tensor, dim: number | IndexSelectOptions, index?: Tensor | IndexSelectOptions): Tensor {
  const o = bind(pyCall([dim, index]), ['dim', 'index']) as IndexSelectOptions;
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
export interface NarrowOptions { dim?: number; start?: number | Tensor; length?: number }
/** narrow(x, dim, start, length): entries start .. start + length - 1 along dim (a negative start counts from the end). */
export function narrow(x: Tensor, dim: number | NarrowOptions, start?: number | Tensor | NarrowOptions, length?: number | NarrowOptions): Tensor {
  const o = bind(pyCall([dim, start, length]), ['dim', 'start', 'length']) as NarrowOptions;
  // narrow.Tensor: a 0-d integer tensor start is read as its number, checked before anything else
  if (o.start instanceof Tensor) {
    const t = o.start._t;
    if (t.rank !== 0 || t.dtype !== 'int32') throw new RuntimeError('start must be an 0-dim integral Tensor.');
    o.start = t.first;
  }
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
  return copyView('narrow', x, (t) => core.slice(t, specs), stridesOf(x));
}
export interface SelectOptions { dim?: number; index?: number }
/** select(x, dim, index): x[..., index, ...] with that dim dropped. */
export function select(x: Tensor, dim: number | SelectOptions, index?: number | SelectOptions): Tensor {
  const o = bind(pyCall([dim, index]), ['dim', 'index']) as SelectOptions;
  const d0 = intArg('select', 'dim', o.dim), i = intArg('select', 'index', o.index);
  if (x.dim() === 0) throw new IndexError('select() cannot be applied to a 0-dim tensor.');
  const d = core.normAxis('select', d0, x.dim());
  const n = x._t.shape[d]!;
  if (i < -n || i >= n) throw new IndexError(`select(): index ${i} out of range for tensor of size [${x._t.shape.join(', ')}] at dimension ${d}`);
  const specs: Array<core.SliceSpec | number | null> = Array.from({ length: d }, () => null);
  specs.push(i);
  return copyView('select', x, (t) => core.slice(t, specs), stridesOf(x).filter((_, k) => k !== d));
}
/**
 * Python's basic indexing `x[i, a:b:c, :]` as `index(x, i, { start: a, stop: b, step: c }, null)`:
 * a number picks one entry and drops the axis, null is `:`.
 * As PyTorch 1.13 (python_variable_indexing.cpp), the result is a chain of views, one per index: a number is a
 * select (SelectBackward0), a slice a slice (SliceBackward0), except that in a tuple of indices a slice that spells out
 * its axis whole (`0:n`, `:n`; not `:`, whose stop is unbounded) is skipped; a tuple that leaves x as it is gives
 * an alias (AliasBackward0), a lone slice always slices. The whole expression is checked first.
 * NOTE: the selects and slices are copies, where PyTorch's are views (see viewOf in views.ts).
 */
export function index(x: Tensor, ...specs: Array<core.SliceSpec | number | null>): Tensor {
  // only basic indexing exists here: a tensor (a mask, integer indices) or a list would otherwise read as `:`
  for (const s of specs as unknown[]) {
    if (s instanceof Tensor || Array.isArray(s)) throw new IndexError('twingrad supports only basic indexing (ints, slices, null for `:`): indexing with a tensor or a list (PyTorch\'s advanced indexing) is not supported');
    if (s !== null && typeof s === 'object' && Object.keys(s).some((k) => k !== 'start' && k !== 'stop' && k !== 'step')) {
      throw new TorchTypeError(`index(): a slice is { start, stop, step }, got an object with ${Object.keys(s).join(', ')}`);
    }
  }
  // a 0-d tensor with one index: python_variable_indexing.cpp's single-index paths (applySelect, applySlice)
  if (x.dim() === 0 && specs.length === 1) {
    const s = specs[0];
    if (s === 0) throw new IndexError('invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number');
    if (typeof s === 'number' && Number.isInteger(s)) throw new IndexError(`index ${s} is out of bounds for dimension 0 with size 0`);
    // Python's slice unpacking refuses a zero step, and applySlice a negative one, before at::slice sees the 0-d tensor
    const step = typeof s === 'number' ? undefined : s?.step;
    if (step === 0) throw new ValueError('slice step cannot be zero');
    if (step !== undefined && step < 0) throw new ValueError('step must be greater than zero');
    if (typeof s !== 'number') throw new IndexError('slice() cannot be applied to a 0-dim tensor.');
  }
  core.checkSlice(x._t, specs);
  let out = x;
  // `dim`: the axis of `out` the next index applies to (a select drops one, so it stays)
  let dim = 0;
  for (const s of specs) {
    if (typeof s === 'number') out = pick(out, dim, s);
    else if (specs.length === 1 || !wholeAxis(s, out._t.shape[dim]!)) out = pick(out, dim++, s);
    else dim++;
  }
  return out === x ? viewOf(null, x, core.reshape(x._t, x._t.shape, 'AliasBackward0'), stridesOf(x)) : out;
}

/** A slice that applySlice skips: start 0, stop the axis's length, step 1, as given (`:` has an unbounded stop). */
function wholeAxis(s: core.SliceSpec | null, n: number): boolean {
  return s !== null && (s.start ?? 0) === 0 && s.stop === n && (s.step ?? 1) === 1;
}

/** One index of `index` at axis `d` of x: a select (a number) or a slice, x's view. */
function pick(x: Tensor, d: number, s: core.SliceSpec | number | null): Tensor {
  const specs: Array<core.SliceSpec | number | null> = Array.from({ length: d }, () => null);
  specs.push(s);
  const xs = stridesOf(x);
  const strides = typeof s === 'number' ? xs.filter((_, k) => k !== d) : xs.map((v, k) => (k === d ? v * (s?.step ?? 1) : v));
  return copyView('index', x, (t) => core.slice(t, specs), strides);
}

export function to(x: Tensor, dtype: DType): Tensor {
  return x._t.dtype === dtype.core ? x : w(core.cast(x._t, dtype.core));
}
