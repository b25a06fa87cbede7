import { Tensor } from '../tensor.js';
import { DTYPES, isFloat, type DType } from '../dtype.js';
import { fail, fmtShape } from '../errors.js';
import { inversePerm, normAxes, normAxis, sizeOf, type Shape } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec } from '../autograd/node.js';
import { permuteInto } from '../kernels/permute.js';
import { castInto } from '../kernels/cast.js';
import { asTensor, registerOp, type TensorLike } from './define.js';

// The joining and slicing ops live in join.ts, the index ops in gather.ts; they are re-exported here so that the package entry needs no change.
export { concat, stack, split, unbind, slice, checkSlice, pad, padWith, type PadMode, type SliceSpec, type Piece } from './join.js';
export { gather, asStrided, copySlices, overlaps, OVERLAP, type CopySlicesAttrs } from './gather.js';

// d reshape(x) = g reshaped back: PyTorch's grad.reshape(sizes), which views (ReshapeAliasBackward0 when recorded)
const reshapeSpec = (name: string): GradSpec => ({ name, saves: [], vjp: ({ g, x }) => [reshape(g, x.shape, 'ReshapeAliasBackward0')] });
/**
 * PyTorch 1.13's grad_fn names for the one op: `view` (ViewBackward0), a `reshape` that views (ReshapeAliasBackward0),
 * one that copies (`_unsafe_view` of a clone: UnsafeViewBackward0), and `alias` (AliasBackward0: indexing that picks
 * everything, `x[()]`), whose gradient is g itself.
 */
const RESHAPES = { ViewBackward0: reshapeSpec('ViewBackward0'), ReshapeAliasBackward0: reshapeSpec('ReshapeAliasBackward0'),
  AliasBackward0: { name: 'AliasBackward0', saves: [], vjp: ({ g }) => [g] } as GradSpec,
  UnsafeViewBackward0: reshapeSpec('UnsafeViewBackward0') };
export type ReshapeName = keyof typeof RESHAPES;

/**
 * Reshape; one dimension may be -1 (inferred). The result shares x's storage, as a PyTorch view does; `name` is the
 * grad_fn name its node takes.
 */
export function reshape(xv: TensorLike, shape: Shape, name: ReshapeName = 'ViewBackward0'): Tensor {
  const x = asTensor('reshape', xv);
  const target = inferShape(x, shape);
  // PyTorch's _unsafe_view (reshape's result after a copy) shares the copy's storage but is no view of it: no base
  const out = name === 'UnsafeViewBackward0' ? x.alias(target) : x.view(target);
  return record(RESHAPES[name], [x], out, undefined);
}
registerOp('reshape', 'shape', true, (x: Tensor) => reshape(x, [-1]), { cases: [
  { shapes: [[2, 3]], call: (x) => reshape(x, [3, 2]) }, { shapes: [[2, 3, 4]], call: (x) => reshape(x, [4, -1]) },
] });

/**
 * The shape `reshape(x, shape)` gives: `shape` with its -1 inferred, checked against x's size (the same errors as
 * reshape). For a facade that must check a shape before it reshapes (PyTorch's view checks strides next).
 */
export function inferShape(x: Tensor, shape: Shape): number[] {
  const out = [...shape];
  // NOTE: one pass in order, failing at the first bad entry, as PyTorch's infer_size: [-1, -1, -2] fails on the
  // second -1, [-2, -1, -1] on the -2
  let free = -1;
  for (let i = 0; i < out.length; i++) {
    const d = out[i]!;
    if (d === -1 && free >= 0) fail('value', `reshape: only one dimension can be inferred (-1) in ${fmtShape(shape)}`);
    if (d === -1) free = i;
    else if (!Number.isInteger(d) || d < 0) fail('value', `reshape: invalid shape ${fmtShape(shape)}`);
  }
  if (free >= 0) {
    const rest = sizeOf(out.filter((d) => d !== -1));
    if (rest === 0 || x.size % rest !== 0) fail('shape', `reshape: shape ${fmtShape(shape)} is invalid for input of size ${x.size}`);
    out[free] = x.size / rest;
  }
  if (sizeOf(out) !== x.size) fail('shape', `reshape: shape ${fmtShape(shape)} is invalid for input of size ${x.size}`);
  return out;
}

// d permute(x, p) = permute(g, p^-1)
const PERMUTE: GradSpec<number[]> = { name: 'PermuteBackward0', saves: [], vjp: ({ g, attrs }) => [transpose(g, inversePerm(attrs))] };

/**
 * Permutes axes: output axis d is input axis perm[d] (default: reverse them). Negative axes count from the end.
 * @example transpose(zeros([2, 3, 4]), [2, 0, 1]).shape // [4, 2, 3]
 */
export function transpose(xv: TensorLike, perm?: readonly number[]): Tensor {
  const x = asTensor('transpose', xv);
  const p = perm === undefined ? x.shape.map((_, d) => x.rank - 1 - d) : checkPerm(x, perm);
  return permuted(x, p, PERMUTE, p);
}
registerOp('transpose', 'shape', true, (x: Tensor) => transpose(x), { cases: [
  { shapes: [[2, 3]], call: (x) => transpose(x) }, { shapes: [[2, 3, 4]], call: (x) => transpose(x, [1, 2, 0]) },
  { shapes: [[2, 1, 0]], call: (x) => transpose(x, [2, 0, 1]) },
] });

// d swapaxes(x, a, b) = swapaxes(g, a, b)
// d t(x) = t(g)
const T: GradSpec<number[]> = { name: 'TBackward0', saves: [], vjp: ({ g }) => [matrixTranspose(g)] };

/**
 * PyTorch's t(): a matrix transposed, and a vector or a scalar as it is (a view), recorded as TBackward0 (its own
 * derivative entry in PyTorch, where permute records PermuteBackward0).
 * @example matrixTranspose(zeros([2, 3])).shape // [3, 2]
 */
export function matrixTranspose(xv: TensorLike): Tensor {
  const x = asTensor('t', xv);
  if (x.rank > 2) fail('shape', `t: expected a tensor of at most 2 dimensions, got shape ${fmtShape(x.shape)}`);
  const p = x.rank === 2 ? [1, 0] : x.shape.map((_, d) => d);
  return permuted(x, p, T, p);
}
registerOp('t', 'shape', true, (x: Tensor) => matrixTranspose(x), { cases: [
  { shapes: [[2, 3]], call: (x) => matrixTranspose(x) }, { shapes: [[3]], call: (x) => matrixTranspose(x) },
] });

const SWAP: GradSpec<[number, number]> = { name: 'TransposeBackward0', saves: [], vjp: ({ g, attrs }) => [swapaxes(g, attrs[0], attrs[1])] };

/** Swaps two axes (PyTorch's transpose(dim0, dim1)). @example swapaxes(zeros([2, 3, 4]), 0, -1).shape // [4, 3, 2] */
export function swapaxes(xv: TensorLike, a: number, b: number): Tensor {
  const x = asTensor('swapaxes', xv);
  const i = normAxis('swapaxes', a, x.rank), j = normAxis('swapaxes', b, x.rank);
  const p = x.shape.map((_, d) => (d === i ? j : d === j ? i : d));
  return permuted(x, p, SWAP, [i, j]);
}
registerOp('swapaxes', 'shape', true, (x: Tensor) => swapaxes(x, 0, -1), { cases: [
  { shapes: [[2, 3, 4]], call: (x) => swapaxes(x, 0, 2) }, { shapes: [[3, 2]], call: (x) => swapaxes(x, -1, 0) },
] });

function permuted<A>(x: Tensor, p: readonly number[], spec: GradSpec<A>, attrs: A): Tensor {
  const shape = p.map((a) => x.shape[a]!);
  // NOTE: an identity permutation is a view, as PyTorch's permute always is; other orders are copied.
  const identity = p.every((a, d) => a === d);
  const out = identity ? x.view(shape) : new Tensor(shape, x.dtype);
  if (!identity) permuteInto(x.data, x.shape, p, out.data);
  return record(spec, [x], out, attrs);
}

function checkPerm(x: Tensor, perm: readonly number[]): number[] {
  const bad = (): never => fail('value', `transpose: perm ${fmtShape(perm)} is not a permutation of the ${x.rank} axes of a tensor of shape ${fmtShape(x.shape)}`);
  if (perm.length !== x.rank) bad();
  const p = perm.map((a) => normAxis('transpose', a, x.rank));
  const seen = new Array<boolean>(x.rank).fill(false);
  for (const a of p) { if (seen[a]) bad(); seen[a] = true; }
  return p;
}

// d unsqueeze(x) = g with the axis squeezed again (PyTorch: grad.squeeze(dim), SqueezeBackward1 when recorded)
const UNSQUEEZE: GradSpec<number> = { name: 'UnsqueezeBackward0', saves: [], vjp: ({ g, attrs }) => [squeeze(g, attrs)] };
// d squeeze(x) = g with the dropped axes put back, in increasing order (PyTorch's unsqueeze_to: UnsqueezeBackward0s)
const unsqueezeTo: GradSpec<readonly number[]>['vjp'] = ({ g, attrs }) => [attrs.reduce((t, d) => expandDims(t, d), g)];
const SQUEEZE_ALL: GradSpec<readonly number[]> = { name: 'SqueezeBackward0', saves: [], vjp: unsqueezeTo };
const SQUEEZE_ONE: GradSpec<readonly number[]> = { name: 'SqueezeBackward1', saves: [], vjp: unsqueezeTo };
// NOTE: PyTorch 1.13 squeezes one dim at a time; 2.0 names the several-dims form SqueezeBackward2.
const SQUEEZE_MANY: GradSpec<readonly number[]> = { name: 'SqueezeBackward2', saves: [], vjp: unsqueezeTo };

/**
 * Inserts a size-1 axis at `axis` (PyTorch's unsqueeze, TensorFlow's expand_dims); axis in [-rank-1, rank].
 * The result is a view sharing x's storage. @example expandDims(zeros([2, 3]), -1).shape // [2, 3, 1]
 */
export function expandDims(xv: TensorLike, axis: number): Tensor {
  const x = asTensor('expand_dims', xv);
  const a = normAxis('expand_dims', axis, x.rank + 1);
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return record(UNSQUEEZE, [x], x.view(shape), a);
}
registerOp('expand_dims', 'shape', true, (x: Tensor) => expandDims(x, 0), { cases: [
  { shapes: [[2, 3]], call: (x) => expandDims(x, 1) }, { shapes: [[]], call: (x) => expandDims(x, -1) },
] });

/**
 * Removes size-1 axes (all of them, or those listed); a view sharing x's storage. Listing an axis whose size is
 * not 1 is an error when `strict` (TensorFlow) and leaves that axis alone otherwise (PyTorch).
 * @example squeeze(zeros([1, 3, 1]), 0).shape // [3, 1]
 */
export function squeeze(xv: TensorLike, axis?: number | readonly number[], strict = false): Tensor {
  const x = asTensor('squeeze', xv);
  const listed = axis === undefined ? null : normAxes('squeeze', axis, x.rank);
  const drop = new Array<boolean>(x.rank).fill(false);
  for (let d = 0; d < x.rank; d++) {
    const n = x.shape[d]!;
    if (listed !== null && !listed.includes(d)) continue;
    if (n === 1) drop[d] = true;
    else if (strict && listed !== null) fail('value', `squeeze: cannot squeeze axis ${d}: expected a dimension of size 1, got ${n}`);
  }
  const shape = x.shape.filter((_, d) => !drop[d]);
  const spec = axis === undefined ? SQUEEZE_ALL : typeof axis === 'number' || axis.length === 1 ? SQUEEZE_ONE : SQUEEZE_MANY;
  const dropped: number[] = [];
  for (let d = 0; d < x.rank; d++) if (drop[d]) dropped.push(d);
  return record(spec, [x], x.view(shape), dropped);
}
registerOp('squeeze', 'shape', true, (x: Tensor) => squeeze(x), { cases: [
  { shapes: [[1, 3, 1]], call: (x) => squeeze(x) }, { shapes: [[2, 1]], call: (x) => squeeze(x, -1) },
  { shapes: [[1, 2, 1]], call: (x) => squeeze(x, [0, 2]) },
] });

// d cast(x) = g cast back to x's dtype
const CAST: GradSpec = { name: 'ToCopyBackward0', saves: [], vjp: ({ g, x }) => [cast(g, x.dtype)] };

/**
 * Converts to another dtype; the same dtype returns x itself (as `.to()` and tf.cast do). The gradient flows
 * back only between float dtypes. To int32 truncates toward zero; to bool, nonzero (NaN included) is true.
 * @example cast(fromArray([-1.7, 2.5]), 'int32').data // Int32Array [-1, 2]
 */
export function cast(xv: TensorLike, dtype: DType): Tensor {
  const x = asTensor('cast', xv);
  if (!DTYPES.includes(dtype)) fail('type', `cast: unknown dtype ${String(dtype)}, expected one of ${DTYPES.join(', ')}`);
  if (x.dtype === dtype) return x;
  const out = new Tensor(x.shape, dtype);
  castInto(x.data, out.data, dtype === 'bool');
  return isFloat(x.dtype) && isFloat(dtype) ? record(CAST, [x], out, undefined) : out;
}
// NOTE: finite differences through float32 are too coarse for the generic gradcheck; shape.test.ts checks the rule exactly.
registerOp('cast', 'other', true, (x: Tensor) => cast(x, x.dtype === 'float64' ? 'float32' : 'float64'), { order: 0 });
