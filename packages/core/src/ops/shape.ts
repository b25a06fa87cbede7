import { Tensor } from '../tensor.js';
import { fail, fmtShape } from '../errors.js';
import { sizeOf, type Shape } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec } from '../autograd/node.js';
import { asTensor, registerOp, type TensorLike } from './define.js';

// d reshape(x) = g reshaped back
const RESHAPE: GradSpec = { name: 'ViewBackward0', saves: [], vjp: ({ g, x }) => [reshape(g, x.shape)] };

/** Reshape; one dimension may be -1 (inferred). The result shares x's storage, as a PyTorch view does. */
export function reshape(xv: TensorLike, shape: Shape): Tensor {
  const x = asTensor('reshape', xv);
  const target = inferShape(x, shape);
  const out = x.view(target);
  return record(RESHAPE, [x], out, undefined);
}
registerOp('reshape', 'shape', true, (x: Tensor) => reshape(x, [-1]), { cases: [
  { shapes: [[2, 3]], call: (x) => reshape(x, [3, 2]) }, { shapes: [[2, 3, 4]], call: (x) => reshape(x, [4, -1]) },
] });

function inferShape(x: Tensor, shape: Shape): number[] {
  const out = [...shape];
  const free = out.indexOf(-1);
  if (out.indexOf(-1, free + 1) >= 0 && free >= 0) fail('value', `reshape: only one dimension can be inferred (-1) in ${fmtShape(shape)}`);
  for (const d of out) if (d !== -1 && (!Number.isInteger(d) || d < 0)) fail('value', `reshape: invalid shape ${fmtShape(shape)}`);
  if (free >= 0) {
    const rest = sizeOf(out.filter((d) => d !== -1));
    if (rest === 0 || x.size % rest !== 0) fail('shape', `reshape: shape ${fmtShape(shape)} is invalid for input of size ${x.size}`);
    out[free] = x.size / rest;
  }
  if (sizeOf(out) !== x.size) fail('shape', `reshape: shape ${fmtShape(shape)} is invalid for input of size ${x.size}`);
  return out;
}

// ---- To be implemented (issue #2). ----
const todo = (op: string): never => { throw new Error(`${op}: not implemented yet`); };

/** Permutes axes (default: reverse them). */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor { return todo('transpose'); }
/** Swaps two axes (PyTorch's transpose(dim0, dim1)). */
export function swapaxes(x: TensorLike, a: number, b: number): Tensor { return todo('swapaxes'); }
/** Inserts a size-1 axis at `axis` (PyTorch's unsqueeze, TensorFlow's expand_dims); axis in [-rank-1, rank]. */
export function expandDims(x: TensorLike, axis: number): Tensor { return todo('expandDims'); }
/** Removes size-1 axes (all of them, or those listed; listing a non-1 axis is an error in TF, a no-op in torch: `strict`). */
export function squeeze(x: TensorLike, axis?: number | readonly number[], strict = false): Tensor { return todo('squeeze'); }
export function concat(xs: readonly Tensor[], axis = 0): Tensor { return todo('concat'); }
export function stack(xs: readonly Tensor[], axis = 0): Tensor { return todo('stack'); }
/** Splits along `axis` into `sections` equal parts (a number) or parts of the listed sizes. */
export function split(x: TensorLike, sizes: number | readonly number[], axis = 0): Tensor[] { return todo('split'); }
/** Basic slicing: one {start, stop, step} per leading axis (missing fields: the whole axis; negative indices count from the end; step > 0). */
export interface SliceSpec { start?: number; stop?: number; step?: number }
export function slice(x: TensorLike, specs: readonly (SliceSpec | number | null)[]): Tensor { return todo('slice'); }
/** Gathers entries along `axis` with an int32 index tensor of any shape (tf.gather; torch.index_select for 1-d indices). */
export function gather(x: TensorLike, indices: Tensor, axis = 0): Tensor { return todo('gather'); }
/** Pads with a constant: `pads[d] = [before, after]` for each axis. */
export function pad(x: TensorLike, pads: readonly (readonly [number, number])[], value = 0): Tensor { return todo('pad'); }
/** Converts to another dtype (the gradient flows back between float dtypes, cast to the input's). */
export function cast(x: TensorLike, dtype: import('../dtype.js').DType): Tensor { return todo('cast'); }
