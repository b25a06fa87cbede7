import { Tensor } from '../tensor.js';
import { promote, type DType } from '../dtype.js';
import { fail, fmtShape } from '../errors.js';
import { normAxis, sizeOf, type Shape } from '../shape.js';
import { fromArray } from '../creation.js';
import { record } from '../autograd/record.js';
import type { GradSpec, Vjp } from '../autograd/node.js';
import { sliceCopy } from '../kernels/slice.js';
import { gather } from './gather.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { cast } from './shape.js';

/**
 * A normalised strided box inside a tensor: per axis its start, step and number of entries (`sizes`), and the
 * shape the box is seen with (`shape`: `sizes` without the axes an integer index dropped).
 */
export interface Box {
  starts: number[]; steps: number[]; sizes: number[]; shape: number[]; piece?: Piece;
  /**
   * The shape of the tensor the box was read from, when recorded (PyTorch's SliceBackward0 saves `self_sym_sizes`):
   * its gradient has that shape even if a facade has since given the tensor another (torch's `x.data = ...`).
   */
  of?: Shape;
}

/**
 * Which output of which call a piece of a multi-output op is (split). PyTorch records one node with an output per
 * piece; here each piece is a node of its own, and this lets a facade show them as PyTorch does (one grad_fn, its
 * next_functions' output numbers).
 */
export interface Piece { readonly call: object; readonly index: number }

// d slice(x) = g written back into zeros of x's shape
const SLICE: GradSpec<Box> = { name: 'SliceBackward0', saves: [], vjp: ({ g, x, attrs }) => [sliceBackward(g, attrs.of ?? x.shape, attrs)] };
// d select(x) = g written back into zeros of x's shape: PyTorch's select_backward (SelectBackwardBackward0 recorded)
const SELECT: GradSpec<Box> = { name: 'SelectBackward0', saves: [], vjp: ({ g, x, attrs }) => [put(g, attrs.of ?? x.shape, attrs, 0, SELECT_BACKWARD)] };
const SPLIT: GradSpec<Box> = { ...SLICE, name: 'SplitBackward0' };
const SPLIT_SIZES: GradSpec<Box> = { ...SLICE, name: 'SplitWithSizesBackward0' };

/** Reads the box out of x (every slicing op's forward). */
function take(x: Tensor, box: Box, spec: GradSpec<Box>): Tensor {
  checkBox(x.shape, box, sizeOf(box.shape));
  const out = new Tensor(box.shape, x.dtype);
  sliceCopy(x.data, x.shape, box.starts, box.steps, box.sizes, out.data, false);
  return record(spec, [x], out, box.of === x.shape ? box : { ...box, of: x.shape });
}

/** Writes x into the box of a new tensor of `shape` filled with `fill` (the forward of slice's adjoint, concat and pad). */
function put(x: Tensor, shape: Shape, box: Box, fill: number, spec: GradSpec<Box>): Tensor {
  checkBox(shape, box, x.size);
  const out = new Tensor([...shape], x.dtype);
  if (!Object.is(fill, 0)) out.data.fill(fill);
  sliceCopy(out.data, shape, box.starts, box.steps, box.sizes, x.data, true);
  return record(spec, [x], out, box);
}

/**
 * That `box` lies in a tensor of `shape` and holds `n` entries. Ops make boxes that do, but a gradient rule may meet a
 * tensor whose shape a facade changed since (torch's `x.data = ...`): an error then, where the copy would not end.
 */
function checkBox(shape: Shape, box: Box, n: number): void {
  const { starts, steps, sizes } = box;
  let fits = sizes.length === shape.length && sizeOf(sizes) === n;
  for (let d = 0; fits && d < sizes.length; d++) fits = sizes[d] === 0 || (starts[d]! >= 0 && starts[d]! + (sizes[d]! - 1) * steps[d]! < shape[d]!);
  if (!fits) fail('shape', `slice: a box of ${fmtShape(sizes)} entries does not fit a tensor of shape ${fmtShape(shape)} with ${n} entries`);
}

// d sliceBackward(g) = slice(gg): slice's adjoint is linear, so its own gradient is the slice again
const SLICE_BACKWARD: GradSpec<Box> = { name: 'SliceBackwardBackward0', saves: [], vjp: ({ g, attrs }) => [take(g, attrs, SLICE)] };
const SELECT_BACKWARD: GradSpec<Box> = { name: 'SelectBackwardBackward0', saves: [], vjp: ({ g, attrs }) => [take(g, attrs, SELECT)] };

/**
 * Slice's adjoint: zeros of `shape` with `g` written into the box. An op of its own, so that the gradient of a
 * slice is recorded and can be differentiated again.
 */
export function sliceBackward(g: Tensor, shape: Shape, box: Box): Tensor {
  return put(g, shape, box, 0, SLICE_BACKWARD);
}

/** Basic slicing: one {start, stop, step} per leading axis (missing fields: the whole axis; negative indices count from the end; step > 0). */
export interface SliceSpec { start?: number; stop?: number; step?: number }

/**
 * Basic slicing, one entry per leading axis: a SliceSpec (Python's start:stop:step, clamped as Python does),
 * an integer (selects one entry and drops the axis), or null (the whole axis).
 * @example slice(arange(0, 10), [{ start: 1, step: 3 }]).data // [1, 4, 7]
 */
export function slice(xv: TensorLike, specs: readonly (SliceSpec | number | null)[]): Tensor {
  const x = asTensor('slice', xv);
  const [box, selects] = boxOf(x, specs);
  return take(x, box, selects ? SELECT : SLICE);
}

/**
 * The checks of `slice(x, specs)` alone, with its errors: a facade that makes PyTorch's chain of views out of one
 * indexing expression checks the whole expression first, as PyTorch does, and then slices one axis at a time.
 */
export function checkSlice(x: Tensor, specs: readonly (SliceSpec | number | null)[]): void {
  boxOf(x, specs);
}

/** The box `specs` pick out of x, and whether to name the result a select (see below). */
function boxOf(x: Tensor, specs: readonly (SliceSpec | number | null)[]): [Box, boolean] {
  if (specs.length > x.rank) fail('index', `slice: too many indices for tensor of dimension ${x.rank} (got ${specs.length})`);
  const box: Box = { starts: [], steps: [], sizes: [], shape: [] };
  // NOTE: the result is named after the last axis that did something (a slice of one axis only is always a slice)
  let selects = false;
  for (let d = 0; d < x.rank; d++) {
    const n = x.shape[d]!;
    const s = specs[d] ?? null;
    if (typeof s === 'number') {
      if (!Number.isInteger(s)) fail('type', `slice: index for axis ${d} must be an integer, got ${s}`);
      if (s < -n || s >= n) fail('index', `slice: index ${s} is out of bounds for dimension ${d} with size ${n}`);
      box.starts.push(s < 0 ? s + n : s); box.steps.push(1); box.sizes.push(1);
      selects = true;
      continue;
    }
    const step = s?.step ?? 1;
    if (!Number.isInteger(step) || step <= 0) fail('value', `slice: step must be greater than zero, got ${step} for axis ${d}`);
    const start = bound(s?.start, 0, n, d, 'start');
    const stop = bound(s?.stop, n, n, d, 'stop');
    const len = stop > start ? Math.ceil((stop - start) / step) : 0;
    box.starts.push(start); box.steps.push(step); box.sizes.push(len); box.shape.push(len);
    if (start !== 0 || step !== 1 || len !== n) selects = false;
  }
  return [box, selects];
}
registerOp('slice', 'shape', true, (x: Tensor) => slice(x, x.rank === 0 ? [] : [{ start: 1 }]), { cases: [
  { shapes: [[5, 3]], call: (x) => slice(x, [{ start: 1, stop: -1 }, { step: 2 }]) },
  { shapes: [[4, 3, 2]], call: (x) => slice(x, [null, 1, { start: -1 }]) }, { shapes: [[3, 2]], call: (x) => slice(x, [{ start: 5 }]) },
] });

/** Python's clamping of a slice bound: negative counts from the end, then clamped to [0, n]. */
function bound(v: number | undefined, dflt: number, n: number, d: number, what: string): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v)) fail('type', `slice: ${what} for axis ${d} must be an integer, got ${v}`);
  const i = v < 0 ? v + n : v;
  return Math.min(Math.max(i, 0), n);
}

/** The box of `sizes` entries starting at `offset` along `axis` (steps of 1, other axes whole). */
function band(shape: Shape, axis: number, offset: number, count: number, keepAxis: boolean): Box {
  const starts = shape.map(() => 0);
  starts[axis] = offset;
  const sizes = [...shape];
  sizes[axis] = count;
  return { starts, steps: shape.map(() => 1), sizes, shape: keepAxis ? sizes : sizes.filter((_, d) => d !== axis) };
}

// d concat(xs) = (the slice of g under each input); stack's rule is the same with the axis dropped (an unstack)
const unjoin: Vjp<Box[]> = ({ g, attrs, needs }) => attrs.map((b, i) => (needs[i] ? take(g, b, SLICE) : null));
const CONCAT: GradSpec<Box[]> = { name: 'CatBackward0', saves: [], vjp: unjoin };
const STACK: GradSpec<Box[]> = { name: 'StackBackward0', saves: [], vjp: unjoin };

/**
 * Joins tensors along an existing axis; dtypes are promoted as PyTorch's cat does.
 * @example concat([zeros([2, 3]), ones([2, 1])], 1).shape // [2, 4]
 */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  const list = tensorList('concat', xs);
  const first = list[0]!;
  list.forEach((t, i) => { if (t.rank === 0) fail('value', `concat: zero-dimensional tensor (at entry ${i}) cannot be concatenated`); });
  const a = normAxis('concat', axis, first.rank);
  let total = 0;
  list.forEach((t, i) => {
    if (t.rank !== first.rank) fail('shape', `concat: tensors must have the same rank, got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    for (let d = 0; d < t.rank; d++) {
      if (d !== a && t.shape[d] !== first.shape[d]) fail('shape', `concat: shapes ${fmtShape(first.shape)} and ${fmtShape(t.shape)} differ in dimension ${d} (entries 0 and ${i})`);
    }
    total += t.shape[a]!;
  });
  const shape = [...first.shape];
  shape[a] = total;
  return join(CONCAT, list, shape, a, true);
}
registerOp('concat', 'shape', true, (x: Tensor, y: Tensor) => concat([x, y]), { cases: [
  { shapes: [[2, 3], [1, 3]], call: (x, y) => concat([x, y]) }, { shapes: [[2, 3], [2, 0], [2, 1]], call: (x, y, z) => concat([x, y, z], -1) },
] });

/**
 * Joins same-shaped tensors along a new axis (axis in [-rank-1, rank]).
 * @example stack([zeros([2, 3]), ones([2, 3])], 1).shape // [2, 2, 3]
 */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  const list = tensorList('stack', xs);
  const first = list[0]!;
  // NOTE: the axis is checked against the first tensor's rank before the sizes, as PyTorch's stack wraps it first
  // (and TensorFlow's array_ops.stack checks it before Pack checks the shapes)
  const a = normAxis('stack', axis, first.rank + 1);
  list.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((n, d) => n !== first.shape[d])) {
      fail('shape', `stack expects each tensor to be equal size, but got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
  });
  const shape = [...first.shape];
  shape.splice(a, 0, list.length);
  return join(STACK, list, shape, a, false);
}
registerOp('stack', 'shape', true, (x: Tensor, y: Tensor) => stack([x, y]), { cases: [
  { shapes: [[2, 3], [2, 3]], call: (x, y) => stack([x, y], -1) }, { shapes: [[], []], call: (x, y) => stack([x, y]) },
] });

/** Writes each (promoted) input into its band of a new tensor of `shape` and records one node for all of them. */
function join(spec: GradSpec<Box[]>, list: readonly Tensor[], shape: number[], a: number, keepAxis: boolean): Tensor {
  let dtype: DType = list[0]!.dtype;
  for (const t of list) dtype = promote(dtype, t.dtype);
  const ins = list.map((t) => cast(t, dtype));
  const out = new Tensor(shape, dtype);
  const boxes: Box[] = [];
  let off = 0;
  for (const t of ins) {
    const count = keepAxis ? t.shape[a]! : 1;
    const box = band(shape, a, off, count, keepAxis);
    sliceCopy(out.data, shape, box.starts, box.steps, box.sizes, t.data, true);
    boxes.push(box);
    off += count;
  }
  return record(spec, ins, out, boxes);
}

function tensorList(op: string, xs: readonly Tensor[]): readonly Tensor[] {
  if (!Array.isArray(xs) || xs.length === 0) fail('value', `${op}: expected a non-empty list of tensors, got ${Array.isArray(xs) ? 'an empty list' : typeof xs}`);
  xs.forEach((t, i) => { if (!(t instanceof Tensor)) fail('type', `${op}: expected a tensor at entry ${i}, got ${t === null ? 'null' : typeof t}`); });
  return xs;
}

/**
 * Splits along `axis` into `sizes` equal sections (a number), into parts of the listed sizes (one may be
 * -1: the rest, as TensorFlow's size_splits), or into parts of `{ size }` entries each, the last one smaller when
 * `size` does not divide the axis (PyTorch's split(int); one empty part for an empty axis, where size may be 0).
 * Each piece is recorded as a slice of x: SplitBackward0 for a number or `{ size }`, SplitWithSizesBackward0 for a
 * list, the names PyTorch's split(int) and split_with_sizes record.
 * @example split(arange(0, 6), [1, -1]).map((t) => t.shape) // [[1], [5]]
 * @example split(arange(0, 5), { size: 2 }).map((t) => t.shape) // [[2], [2], [1]]
 */
export function split(xv: TensorLike, sizes: number | readonly number[] | { readonly size: number }, axis = 0): Tensor[] {
  const x = asTensor('split', xv);
  if (x.rank === 0) fail('value', 'split: cannot split a zero-dimensional tensor');
  const a = normAxis('split', axis, x.rank);
  const n = x.shape[a]!;
  let parts: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0) fail('value', `split: the number of sections must be a positive integer, got ${sizes}`);
    if (n % sizes !== 0) fail('value', `split: axis ${a} of size ${n} cannot be split into ${sizes} equal sections`);
    parts = new Array<number>(sizes).fill(n / sizes);
  } else if (Array.isArray(sizes)) parts = partSizes(sizes as readonly number[], n, a);
  else parts = pieceSizes((sizes as { readonly size: number }).size, n, a);
  const spec = Array.isArray(sizes) ? SPLIT_SIZES : SPLIT;
  let off = 0;
  const call = {};
  return parts.map((p, index) => {
    const box: Box = { ...band(x.shape, a, off, p, true), piece: { call, index } };
    off += p;
    return take(x, box, spec);
  });
}
registerOp('split', 'shape', true, (x: Tensor) => split(x, 1)[0]!, { cases: [
  { shapes: [[4, 3]], call: (x) => split(x, 2)[1]! }, { shapes: [[2, 5]], call: (x) => split(x, [2, -1], 1)[1]! },
  { shapes: [[2, 5]], call: (x) => split(x, { size: 2 }, 1)[2]! },
] });

// d unbind(x)[i] = g written into slice i of zeros of x's shape (the engine sums the pieces' gradients: PyTorch's stack)
const UNBIND: GradSpec<Box> = { ...SLICE, name: 'UnbindBackward0' };

/**
 * The slices of x along `axis`, each without that axis (PyTorch's unbind, TensorFlow's unstack), each recorded as a
 * piece of one UnbindBackward0 call. @example unbind(zeros([2, 3]), 1).map((t) => t.shape) // [[2], [2], [2]]
 */
export function unbind(xv: TensorLike, axis = 0): Tensor[] {
  const x = asTensor('unbind', xv);
  if (x.rank === 0) fail('value', 'unbind: cannot unbind a zero-dimensional tensor');
  const a = normAxis('unbind', axis, x.rank);
  const call = {};
  return Array.from({ length: x.shape[a]! }, (_, index) => take(x, { ...band(x.shape, a, index, 1, false), piece: { call, index } }, UNBIND));
}
registerOp('unbind', 'shape', true, (x: Tensor) => unbind(x)[0]!, { cases: [
  { shapes: [[3, 2]], call: (x) => unbind(x)[2]! }, { shapes: [[2, 3, 2]], call: (x) => unbind(x, -2)[1]! },
] });

/** PyTorch's split(int) (TensorShape.cpp `split`): max(1, ceil(n / size)) parts of `size`, the last one holding the rest. */
function pieceSizes(size: number, n: number, a: number): number[] {
  if (!Number.isInteger(size) || size < 0) fail('value', `split: the part size must be a non-negative integer, got ${size}`);
  if (size === 0 && n !== 0) fail('value', `split: a part size of 0 needs an empty axis, but axis ${a} has size ${n}`);
  if (size === 0) return [0];
  const parts: number[] = [];
  for (let i = 0; i < n; i += size) parts.push(Math.min(size, n - i));
  return parts.length === 0 ? [0] : parts;
}

function partSizes(sizes: readonly number[], n: number, a: number): number[] {
  const parts = [...sizes];
  const free = parts.indexOf(-1);
  for (const p of parts) {
    if (!Number.isInteger(p) || p < -1) fail('value', `split: sizes must be non-negative integers (or one -1), got ${fmtShape(sizes)}`);
  }
  if (free >= 0 && parts.indexOf(-1, free + 1) >= 0) fail('value', `split: only one size can be inferred (-1), got ${fmtShape(sizes)}`);
  const known = parts.reduce((s, p) => (p === -1 ? s : s + p), 0);
  if (free >= 0 && known <= n) parts[free] = n - known;
  else if (known !== n || free >= 0) fail('value', `split: sizes ${fmtShape(sizes)} sum to ${known}, but axis ${a} has size ${n}`);
  return parts;
}

// d pad(x) = g with the padding cut off
const PAD: GradSpec<Box> = { name: 'ConstantPadNdBackward0', saves: [], vjp: ({ g, attrs }) => [take(g, attrs, SLICE)] };

/**
 * Pads with a constant: `pads[d] = [before, after]` for each axis (non-negative).
 * @example pad(ones([2]), [[1, 2]]).data // [0, 1, 1, 0, 0]
 */
export function pad(xv: TensorLike, pads: readonly (readonly [number, number])[], value = 0): Tensor {
  const x = asTensor('pad', xv);
  if (pads.length !== x.rank) fail('value', `pad: expected ${x.rank} [before, after] pairs (one per axis of ${fmtShape(x.shape)}), got ${pads.length}`);
  pads.forEach((p, d) => {
    if (p.length !== 2 || !p.every((v) => Number.isInteger(v) && v >= 0)) {
      fail('value', `pad: the padding of axis ${d} must be [before, after] with non-negative integers, got ${fmtShape(p)}`);
    }
  });
  const shape = x.shape.map((n, d) => n + pads[d]![0] + pads[d]![1]);
  const box: Box = { starts: pads.map((p) => p[0]), steps: x.shape.map(() => 1), sizes: [...x.shape], shape: [...x.shape] };
  return put(x, shape, box, value, PAD);
}
export type PadMode = 'reflect' | 'symmetric' | 'replicate' | 'circular';

/**
 * Pads by repeating the tensor's own entries: 'reflect' mirrors around the edge entry (PyTorch's reflect, TensorFlow's
 * REFLECT: [1, 2, 3] by 2 -> 3 2 | 1 2 3 | 2 1), 'symmetric' mirrors including it (TF's SYMMETRIC: 2 1 | 1 2 3 | 3 2),
 * 'replicate' repeats the edge entry, 'circular' wraps around. One `gather` per padded axis, so the gradient sums
 * back every copy of an entry. 'reflect' and 'replicate' take negative padding too, as PyTorch's kernels: output entry j
 * of an axis reads entry j - before mapped into the axis as above, so [1, 2, 3] with [2, -3] replicated is 1 1.
 * @example padWith(fromArray([1, 2, 3]), [[2, 1]], 'reflect').data // [3, 2, 1, 2, 3, 2]
 */
export function padWith(xv: TensorLike, pads: readonly (readonly [number, number])[], mode: PadMode): Tensor {
  let x = asTensor('pad', xv);
  if (pads.length !== x.rank) fail('value', `pad: expected ${x.rank} [before, after] pairs (one per axis of ${fmtShape(x.shape)}), got ${pads.length}`);
  const negatives = mode === 'reflect' || mode === 'replicate';
  pads.forEach(([b, a], d) => {
    const n = x.shape[d]!;
    if (!(Number.isInteger(b) && Number.isInteger(a) && (negatives || (b >= 0 && a >= 0)))) {
      fail('value', `pad: the padding of axis ${d} must be [before, after] with ${negatives ? '' : 'non-negative '}integers, got ${fmtShape([b, a])}`);
    }
    if (b === 0 && a === 0) return;
    if (n + b + a < 0) fail('value', `pad: ${mode} padding of [${b}, ${a}] removes more than axis ${d}'s ${n} entries`);
    const limit = mode === 'reflect' ? n - 1 : mode === 'replicate' ? Infinity : n;
    if ((n === 0 && n + b + a > 0) || b > limit || a > limit) fail('value', `pad: ${mode} padding of [${b}, ${a}] is too large for axis ${d} of size ${n}`);
    const idx = new Tensor([n + b + a], 'int32');
    for (let j = 0; j < n + b + a; j++) idx.data[j] = source(j - b, n, mode);
    x = gather(x, idx, d);
  });
  return x;
}

/** The entry that padding position `i` (before 0 or from n on) repeats. */
function source(i: number, n: number, mode: PadMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'reflect': return i < 0 ? -i : 2 * (n - 1) - i;
    case 'symmetric': return i < 0 ? -i - 1 : 2 * n - 1 - i;
    case 'replicate': return i < 0 ? 0 : n - 1;
    case 'circular': return ((i % n) + n) % n;
  }
}

registerOp('pad', 'shape', true, (x: Tensor) => pad(x, x.shape.map(() => [1, 1] as const)), { cases: [
  { shapes: [[2, 3]], call: (x) => pad(x, [[0, 2], [1, 0]]) }, { shapes: [[0, 2]], call: (x) => pad(x, [[1, 1], [0, 0]], 3) },
] });
