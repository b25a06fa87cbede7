import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import { advance } from './counter.js';

const SHORT = 16;

/**
 * Writes `src` (shape `shape`) reversed along the axes where `flipped[d]` into `dst`. Neighbouring axes with the same
 * flag are merged first (reversing two adjacent axes reverses their flattened axis), so the output is walked in rows of
 * the last merged axis, each one copied or read backwards, with an index counter over the rest.
 */
export function flipInto(src: TypedArray, shape: Shape, flipped: readonly boolean[], dst: TypedArray): void {
  const total = dst.length;
  if (total === 0) return;
  const { dims, flips } = mergeRuns(shape, flipped);
  const r = dims.length;
  // signed strides: a flipped axis starts at its last entry and walks backwards
  const st = new Array<number>(r);
  let acc = 1, off = 0;
  for (let d = r - 1; d >= 0; d--) {
    st[d] = flips[d] ? -acc : acc;
    if (flips[d]) off += (dims[d]! - 1) * acc;
    acc *= dims[d]!;
  }
  const inner = dims[r - 1]!;
  const back = flips[r - 1]!;
  const idx = new Array<number>(r).fill(0);
  for (let o = 0; o < total; o += inner) {
    if (back) for (let j = 0; j < inner; j++) dst[o + j] = src[off - j]!;
    else if (inner < SHORT) for (let j = 0; j < inner; j++) dst[o + j] = src[off + j]!;
    else dst.set(src.subarray(off, off + inner), o);
    off = advance(idx, r - 2, dims, st, off);
  }
}

/** The axes of `shape` with size-1 axes dropped and runs of equal flags merged (at least one axis, unflipped for a scalar). */
function mergeRuns(shape: Shape, flipped: readonly boolean[]): { dims: number[]; flips: boolean[] } {
  const dims: number[] = [], flips: boolean[] = [];
  shape.forEach((n, d) => {
    if (n === 1) return;
    const f = flipped[d] === true;
    if (flips.length > 0 && flips[flips.length - 1] === f) dims[dims.length - 1]! *= n;
    else { dims.push(n); flips.push(f); }
  });
  if (dims.length === 0) { dims.push(1); flips.push(false); }
  return { dims, flips };
}

/**
 * Writes `src` (shape `shape`) repeated `reps[d]` times along each axis d into `dst` (shape `shape[d] * reps[d]`; both
 * of reps' length). Each output row holds the matching source row `reps[last]` times: the first copy is read from
 * `src`, the others copied within `dst`, doubling. The source offset follows the output index modulo each axis' size.
 */
export function tileInto(src: TypedArray, shape: Shape, reps: readonly number[], dst: TypedArray): void {
  const total = dst.length;
  if (total === 0) return;
  const r = shape.length;
  if (r === 0) { dst[0] = src[0]!; return; }
  const strides = new Array<number>(r);
  let acc = 1;
  for (let d = r - 1; d >= 0; d--) { strides[d] = acc; acc *= shape[d]!; }
  const n = shape[r - 1]!, row = n * reps[r - 1]!;
  const idx = new Array<number>(r).fill(0), at = new Array<number>(r).fill(0);
  let off = 0;
  for (let o = 0; o < total; o += row) {
    if (n < SHORT) for (let j = 0; j < n; j++) dst[o + j] = src[off + j]!;
    else dst.set(src.subarray(off, off + n), o);
    // the copies made so far are copied again, doubling them: log2(reps) calls however short the row
    for (let c = n; c < row; c *= 2) dst.copyWithin(o + c, o, o + Math.min(c, row - c));
    off = step(idx, at, r - 2, shape, reps, strides, off);
  }
}

/**
 * One step of the output counter `idx` over axes `last`..0 (output sizes `shape[d] * reps[d]`) and of the source
 * counter `at` (its index modulo `shape[d]`), returning the source offset moved to match.
 */
function step(idx: number[], at: number[], last: number, shape: Shape, reps: readonly number[], strides: readonly number[], off: number): number {
  for (let d = last; d >= 0; d--) {
    idx[d]!++;
    at[d]!++;
    off += strides[d]!;
    // the source axis wraps at every tile; the output axis ends at the end of a tile, so both are back at 0 then
    if (at[d] === shape[d]) { at[d] = 0; off -= strides[d]! * shape[d]!; }
    if (idx[d]! < shape[d]! * reps[d]!) return off;
    idx[d] = 0;
  }
  return off;
}
