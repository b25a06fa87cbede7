import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import { advance } from './counter.js';

/**
 * Copies `src` (shape `from`) broadcast to shape `to` into `dst`, row by row: the innermost
 * dimension is either copied or filled, the outer ones walked with an index counter.
 */
export function expandInto(src: TypedArray, from: Shape, dst: TypedArray, to: Shape): void {
  const r = to.length;
  const fr = new Array<number>(r).fill(1);
  for (let i = 0; i < from.length; i++) fr[r - from.length + i] = from[i]!;
  // Strides of the source in the target's rank; 0 where the source is broadcast.
  const st = new Array<number>(r);
  let acc = 1;
  for (let i = r - 1; i >= 0; i--) {
    st[i] = fr[i] === 1 && to[i] !== 1 ? 0 : acc;
    acc *= fr[i]!;
  }
  const total = dst.length;
  if (total === 0) return;
  if (r === 0) { dst[0] = src[0]!; return; }
  const inner = to[r - 1]!;
  const si = st[r - 1]!;
  const idx = new Array<number>(r).fill(0);
  let off = 0;
  for (let o = 0; o < total; o += inner) {
    if (si === 1) dst.set(src.subarray(off, off + inner), o);
    else dst.fill(src[off]!, o, o + inner);
    off = advance(idx, r - 2, to, st, off);
  }
}
