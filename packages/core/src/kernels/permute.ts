import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import { advance } from './counter.js';

const BLOCK = 32;

/**
 * Writes `src` (shape `shape`) with its axes permuted by `perm` into `dst`: output axis d is input axis perm[d].
 * The output is walked in order; the input offset follows the permuted strides with an index counter.
 */
export function permuteInto(src: TypedArray, shape: Shape, perm: readonly number[], dst: TypedArray): void {
  const r = shape.length;
  const total = dst.length;
  if (total === 0) return;
  if (r === 2 && perm[0] === 1) { transpose2d(src, shape[0]!, shape[1]!, dst); return; }
  if (r === 0) { dst[0] = src[0]!; return; }
  const inStrides = new Array<number>(r);
  let acc = 1;
  for (let d = r - 1; d >= 0; d--) { inStrides[d] = acc; acc *= shape[d]!; }
  const outShape = perm.map((p) => shape[p]!);
  const st = perm.map((p) => inStrides[p]!);
  const inner = outShape[r - 1]!;
  const si = st[r - 1]!;
  const idx = new Array<number>(r).fill(0);
  let off = 0;
  for (let o = 0; o < total; o += inner) {
    if (si === 1 && inner >= 16) dst.set(src.subarray(off, off + inner), o);
    else for (let j = 0, s = off; j < inner; j++, s += si) dst[o + j] = src[s]!;
    off = advance(idx, r - 2, outShape, st, off);
  }
}

/** dst[j, i] = src[i, j] for an m x n matrix, in BLOCK x BLOCK tiles so that both sides stay in cache. */
function transpose2d(src: TypedArray, m: number, n: number, dst: TypedArray): void {
  for (let i0 = 0; i0 < m; i0 += BLOCK) {
    const i1 = Math.min(i0 + BLOCK, m);
    for (let j0 = 0; j0 < n; j0 += BLOCK) {
      const j1 = Math.min(j0 + BLOCK, n);
      for (let i = i0; i < i1; i++) {
        for (let j = j0, s = i * n + j0; j < j1; j++, s++) dst[j * m + i] = src[s]!;
      }
    }
  }
}
