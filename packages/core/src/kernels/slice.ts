import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import { advance } from './counter.js';

const SHORT = 16;

/**
 * Copies between a tensor `big` (shape `shape`) and the strided box of it that starts at `starts`, takes every
 * `steps[d]`-th entry and has `sizes[d]` entries per axis, stored contiguously in `small`.
 * `scatter` false reads the box out of `big` (slice, split); true writes `small` into the box (slice's gradient,
 * concat, pad). Trailing whole axes are merged into one contiguous run, copied with subarray/set.
 */
export function sliceCopy(big: TypedArray, shape: Shape, starts: readonly number[], steps: readonly number[],
  sizes: readonly number[], small: TypedArray, scatter: boolean): void {
  const r = shape.length;
  if (small.length === 0) return;
  if (r === 0) { if (scatter) big[0] = small[0]!; else small[0] = big[0]!; return; }
  // k: the innermost axis that is not taken whole; `block` counts the elements of the whole axes after it.
  let k = r - 1;
  let block = 1;
  while (k > 0 && starts[k] === 0 && steps[k] === 1 && sizes[k] === shape[k]) { block *= shape[k]!; k--; }
  const strides = new Array<number>(r);
  let acc = 1;
  for (let d = r - 1; d >= 0; d--) { strides[d] = acc; acc *= shape[d]!; }
  let off = 0;
  for (let d = 0; d < r; d++) off += starts[d]! * strides[d]!;
  const run = steps[k] === 1 ? sizes[k]! * block : block;
  const runs = steps[k] === 1 ? 1 : sizes[k]!;
  const hop = steps[k]! * strides[k]!;
  const idx = new Array<number>(k).fill(0);
  const hops = strides.map((s, d) => steps[d]! * s);
  const total = small.length;
  for (let o = 0; o < total;) {
    for (let j = 0, b = off; j < runs; j++, b += hop, o += run) {
      // NOTE: short runs are copied by hand; a subarray per run would allocate more than it copies.
      if (run < SHORT) {
        if (scatter) for (let i = 0; i < run; i++) big[b + i] = small[o + i]!;
        else for (let i = 0; i < run; i++) small[o + i] = big[b + i]!;
      } else if (scatter) big.set(small.subarray(o, o + run), b);
      else small.set(big.subarray(b, b + run), o);
    }
    off = advance(idx, k - 1, sizes, hops, off);
  }
}
