import { Tensor, afterWrite, beforeWrite, noteWrite } from '../tensor.js';
import { stored } from '../dtype.js';
import { fail, fmtShape } from '../errors.js';
import { sameShape } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec } from '../autograd/node.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { scatterInto } from '../kernels/gather.js';
import { keepHooks } from './hooks.js';

// d clone(x) = g
const CLONE: GradSpec = { name: 'CloneBackward0', saves: [], vjp: ({ g }) => [g] };

// d gradCopy(x) = g: AccumulateGrad's copy of a leaf's first gradient under create_graph (PyTorch's
// clone_obey_contract: new_empty_strided + copy_, whose grad_fn is CopyBackwards)
const GRAD_COPY: GradSpec = { name: 'CopyBackwards', saves: [], vjp: ({ g }) => [g] };

/** The recorded copy a leaf's `.grad` starts as in a pass that records (create_graph), as PyTorch's AccumulateGrad makes. */
export function gradCopy(x: Tensor): Tensor {
  return record(GRAD_COPY, [x], new Tensor(x.shape, x.dtype, x.data.slice()), undefined);
}

/** A copy with its own storage; recorded unless `recorded` is false. */
export function clone(xv: TensorLike, recorded = true): Tensor {
  const x = asTensor('clone', xv);
  const out = new Tensor(x.shape, x.dtype, x.data.slice());
  return recorded ? record(CLONE, [x], out, undefined) : out;
}
registerOp('clone', 'other', true, (x: Tensor) => clone(x), { cases: [
  { shapes: [[2, 3]], call: (x) => clone(x) }, { shapes: [[0, 2]], call: (x) => clone(x) },
] });

/**
 * Writes `src`'s values into `dst`'s storage (the same shape and dtype), unrecorded and without a version bump: for a
 * facade's copy that follows the tensor it was taken from, whose own write has already moved the shared counter.
 */
export function refill(dst: Tensor, src: Tensor): void {
  if (!sameShape(dst.shape, src.shape) || dst.dtype !== src.dtype) {
    fail('shape', `refill: ${dst.dtype}${fmtShape(dst.shape)} cannot take the values of ${src.dtype}${fmtShape(src.shape)}`);
  }
  if (dst._data === null) dst._value = src.first;
  else dst._data.set(src.data);
}

/**
 * Writes `src`'s values into `dst`'s storage at `index` (int32 flat positions, shaped like src), unrecorded and without
 * a version bump, counted as a write to that storage: for a tensor given a facade copy's storage by `x.data = ...`,
 * whose own in-place op has moved the counter, so that the storage the copy was taken from takes the values too.
 */
export function refillAt(dst: Tensor, index: Tensor, src: Tensor): void {
  scatterInto(src.data, index.data as Int32Array, dst.data);
  noteWrite(dst);
}

/**
 * PyTorch's regeneration of a view's grad_fn after its base was modified in place, for a facade's copy: `dst`, which
 * holds the values already, becomes the output of `src`'s producer, `src` being the same op taken again on the base's
 * current history (the copy ops save nothing, so nothing saved is re-versioned).
 */
export function adoptHistory(dst: Tensor, src: Tensor): void {
  const n = src.node;
  if (n !== null) n.out = dst;
  // as after an in-place op (`rebase`), the hooks registered so far stay on the old grad_fn
  keepHooks(dst);
  dst.node = n;
  dst.requiresGrad = src.requiresGrad;
}

/** The same storage, outside the graph (PyTorch's detach; TensorFlow's stop_gradient). */
export function detach(x: Tensor): Tensor {
  return x.alias(x.shape);
}

/**
 * dst += src in place, outside the graph: the `.grad` accumulator, a counted write; `counted` false for a cotangent
 * only the backward pass holds (its sums), whose version nobody has seen: PyTorch's summed gradients are new tensors.
 */
export function addInto(dst: Tensor, src: Tensor, counted = true): void {
  if (!sameShape(dst.shape, src.shape)) fail('shape', `add_: shapes ${fmtShape(dst.shape)} and ${fmtShape(src.shape)} do not match`);
  beforeWrite(dst);
  // NOTE: a tensor without storage (see Tensor._data) stays so while what is added is one number too.
  if (dst._data === null && (src._data === null || dst.size === 1)) dst._value = stored(dst.dtype, dst._value + src.first);
  else {
    const d = dst.data, s = src.data;
    for (let i = 0; i < d.length; i++) d[i] = d[i]! + s[i]!;
  }
  if (!counted) return;
  dst.counter.v++;
  noteWrite(dst);
  afterWrite(dst);
}
