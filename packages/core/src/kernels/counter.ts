import type { Shape } from '../shape.js';

/**
 * Advances a row-major index counter over dimensions `last`..0 by one step and returns `off` moved by the
 * matching `strides` (a carry resets a dimension and takes back its offset). The strided kernels call it once
 * per run of their innermost dimension, never per element.
 */
export function advance(idx: number[], last: number, dims: Shape, strides: readonly number[], off: number): number {
  for (let d = last; d >= 0; d--) {
    idx[d]!++;
    off += strides[d]!;
    if (idx[d]! < dims[d]!) return off;
    off -= strides[d]! * idx[d]!;
    idx[d] = 0;
  }
  return off;
}
