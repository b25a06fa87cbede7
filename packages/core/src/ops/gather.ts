import { Tensor } from '../tensor.js';
import { fail, fmtShape } from '../errors.js';
import { normAxis, sameShape, sizeOf } from '../shape.js';
import { fromArray } from '../creation.js';
import { record } from '../autograd/record.js';
import type { GradSpec, Node } from '../autograd/node.js';
import { gatherInto, hasRepeats, scatterAddInto, scatterInto } from '../kernels/gather.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { reshape } from './shape.js';

// The ops that take entries at an index tensor, and their adjoint.

// d gather(x, i) = g scatter-added into zeros at i (repeated indices add up)
const GATHER: GradSpec<number> = {
  name: 'IndexSelectBackward0', saves: [1],
  // a 0-d x was read as one entry: the scattered [1] goes back to x's shape []
  vjp: ({ g, x, y: idx, attrs }) => [x.rank === 0 ? reshape(scatterAdd(g, idx, attrs, 1), []) : scatterAdd(g, idx, attrs, x.shape[attrs]!), null],
};

/**
 * Takes entries along `axis` at an int32 index tensor of any shape: the result's shape is x's with that axis
 * replaced by the indices' shape (tf.gather; torch.index_select for 1-d indices). Indices must lie in [0, size).
 * A zero-dimensional x counts as one entry along axis 0 (or -1), so the result has the indices' shape, as
 * NumPy's take does: torch.index_select accepts a 0-d source (TensorAdvancedIndexing.cpp `index_select_out_cpu_`).
 * @example gather(fromArray([[1, 2], [3, 4]]), fromArray([1, 1, 0], 'int32'), 1).shape // [2, 3]
 */
export function gather(xv: TensorLike, indices: Tensor, axis = 0): Tensor {
  const x = asTensor('gather', xv);
  const a = normAxis('gather', axis, x.rank);
  const n = x.shape[a] ?? 1;
  checkIndices('gather', indices, a, n);
  const out = new Tensor([...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)], x.dtype);
  gatherInto(x.data, sizeOf(x.shape.slice(0, a)), n, sizeOf(x.shape.slice(a + 1)), indices.data as Int32Array, out.data);
  return record(GATHER, [x, indices], out, a);
}
registerOp('gather', 'shape', true, (x: Tensor) => gather(x, fromArray([0, 0], 'int32')), { cases: [
  { shapes: [[4, 3]], call: (x) => gather(x, fromArray([3, 0, 3], 'int32')) },
  { shapes: [[2, 3, 2]], call: (x) => gather(x, fromArray([[2, 1], [2, 2]], 'int32'), 1) },
  { shapes: [[]], call: (x) => gather(x, fromArray([0, 0], 'int32')) },
] });

// d copySlices(base, src, i) = (g with its entries at i zeroed, g at i): each entry of the result is base's or src's
// NOTE: where positions repeat (a view with overlapping entries, which only fill_, zero_ and masked_fill_ may write) one entry of src
// won, so no entry-wise rule holds: PyTorch's CopySlices refuses at backward, in these words
const COPY_SLICES: GradSpec<CopySlicesAttrs> = {
  name: 'CopySlices', saves: [], spent: true,
  vjp: ({ g, x: base, y: src, attrs: { index } }) => {
    if (overlaps(index, base.size)) fail('runtime', OVERLAP);
    return [copySlices(g, Tensor.filled(src.shape, g.dtype, 0), index), asStrided(g, index)];
  },
};

/** PyTorch's error for a write to a view some of whose elements share a memory location. */
export const OVERLAP = 'unsupported operation: more than one element of the written-to tensor refers to a single memory location. ' +
  'Please clone() the tensor before performing the operation.';

/** Whether flat positions `index` (an int32 tensor, each in [0, n)) name some element twice; remembered per index. */
export function overlaps(index: Tensor, n: number): boolean {
  let o = repeats.get(index);
  if (o === undefined) repeats.set(index, (o = hasRepeats(index.data as Int32Array, n)));
  return o;
}
const repeats = new WeakMap<Tensor, boolean>();

/**
 * What a CopySlices node knows: the positions, and for an in-place op's (`wraps`), that op's node and the view's old
 * value it read, so that a facade can show the node's edges as PyTorch's, which wraps the op (next_functions: the
 * base's, then the op's other inputs').
 */
export interface CopySlicesAttrs { index: Tensor; fn: Node | null; view: Tensor | null }

/**
 * `base` with `src`'s entries written at `index`, an int32 tensor of flat positions in base shaped like src: what an
 * in-place op on a view leaves in its base, recorded as PyTorch's CopySlices (the base's new grad_fn). The view's
 * elements are `asStrided(base, index)`, so the two are each other's adjoints at the written entries.
 * @example copySlices(fromArray([1, 2, 3]), fromArray([9]), fromArray([1], 'int32')).data // [1, 9, 3]
 */
export function copySlices(basev: TensorLike, srcv: TensorLike, index: Tensor): Tensor {
  const base = asTensor('copy_slices', basev), src = asTensor('copy_slices', srcv);
  checkCopySlices(base, src, index);
  const out = new Tensor(base.shape, base.dtype, base.data.slice());
  scatterInto(src.data, index.data as Int32Array, out.data);
  return record(COPY_SLICES, [base, src], out, { index, fn: null, view: null });
}

function checkCopySlices(base: Tensor, src: Tensor, index: Tensor): void {
  checkIndices('copy_slices', index, 0, base.size);
  if (!sameShape(src.shape, index.shape) || src.dtype !== base.dtype) {
    fail('shape', `copy_slices: the values (${src.dtype}${fmtShape(src.shape)}) must have the index's shape ${fmtShape(index.shape)} and the base's dtype ${base.dtype}`);
  }
}
/**
 * copySlices's node alone, for an in-place op on a view (ops/inplace.ts) whose base's storage takes the values
 * itself: the result it records is a placeholder without storage, which `rebase` replaces by the base at once.
 */
export function recordCopySlices(base: Tensor, src: Tensor, index: Tensor, wraps: { fn: Node | null; view: Tensor }): Tensor {
  checkCopySlices(base, src, index);
  return record(COPY_SLICES, [base, src], new Tensor(base.shape, base.dtype, null), { index, fn: wraps.fn, view: wraps.view });
}
registerOp('copy_slices', 'shape', true, (x: Tensor) => copySlices(x, asStrided(x, fromArray([0], 'int32')), fromArray([0], 'int32')), { cases: [
  { shapes: [[2, 3], [2]], call: (x, v) => copySlices(x, v!, fromArray([4, 1], 'int32')) },
  { shapes: [[3], [2, 1]], call: (x, v) => copySlices(x, v!, fromArray([[2], [0]], 'int32')) },
] });

function checkIndices(op: string, indices: Tensor, axis: number, n: number): void {
  if (!(indices instanceof Tensor)) fail('type', `${op}: indices must be an int32 tensor, got ${indices === null ? 'null' : typeof indices}`);
  if (indices.dtype !== 'int32') fail('dtype', `${op}: indices must be an int32 tensor, got ${indices.dtype}`);
  const d = indices.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    // NOTE: negative indices are rejected, as torch.index_select does (tf.gather rejects them on CPU too).
    if (v < 0 || v >= n) fail('index', `${op}: index ${v} is out of range for axis ${axis} of size ${n}`);
  }
}

// d scatterAdd(g, i) = gather(gg, i): the two are adjoint linear maps
const SCATTER_ADD: GradSpec<number> = { name: 'IndexAddBackward0', saves: [1], vjp: ({ g, y: idx, attrs }) => [gather(g, idx, attrs), null] };

/**
 * Gather's adjoint: zeros with `size` entries along `axis`, with g's slices added in at `indices`. g's shape is
 * the gathered one (x's with `axis` replaced by the indices' shape). An op of its own so that it differentiates again.
 */
export function scatterAdd(g: Tensor, indices: Tensor, axis: number, size: number): Tensor {
  checkIndices('scatter_add', indices, axis, size);
  const k = indices.rank;
  const lead = g.shape.slice(0, axis), rest = g.shape.slice(axis + k);
  if (axis < 0 || axis + k > g.rank || g.shape.slice(axis, axis + k).some((n, d) => n !== indices.shape[d])) {
    fail('shape', `scatter_add: a gradient of shape ${fmtShape(g.shape)} does not hold indices of shape ${fmtShape(indices.shape)} at axis ${axis}`);
  }
  const out = new Tensor([...lead, size, ...rest], g.dtype);
  scatterAddInto(g.data, sizeOf(lead), size, sizeOf(rest), indices.data as Int32Array, out.data);
  return record(SCATTER_ADD, [g, indices], out, axis);
}

// d asStrided(x, i) = g scatter-added into zeros of x's size at i, in x's shape
const AS_STRIDED: GradSpec<Tensor> = {
  name: 'AsStridedBackward0', saves: [],
  vjp: ({ g, x, attrs: index }) => [reshape(scatterAdd(g, index, 0, x.size), x.shape)],
};

/**
 * The elements of x at `index`, an int32 tensor of flat positions in x, in the index's shape, recorded as one node
 * with one edge (PyTorch's as_strided, with each element's offset given): a facade's copy whose history is made again
 * after its source was written in place, as PyTorch makes a view's grad_fn again (AsStridedBackward0).
 * @example asStrided(fromArray([[1, 2], [3, 4]]), fromArray([0, 3], 'int32')).data // [1, 4]
 */
export function asStrided(xv: TensorLike, index: Tensor): Tensor {
  const x = asTensor('as_strided', xv);
  checkIndices('as_strided', index, 0, x.size);
  const out = new Tensor(index.shape, x.dtype);
  gatherInto(x.data, 1, x.size, 1, index.data as Int32Array, out.data);
  return record(AS_STRIDED, [x], out, index);
}
registerOp('as_strided', 'shape', true, (x: Tensor) => asStrided(x, fromArray(x.size > 1 ? [1, 0] : [0, 0], 'int32')), { cases: [
  { shapes: [[2, 3]], call: (x) => asStrided(x, fromArray([[5, 0], [5, 2]], 'int32')) },
  { shapes: [[]], call: (x) => asStrided(x, fromArray([[0], [0]], 'int32')) },
] });
