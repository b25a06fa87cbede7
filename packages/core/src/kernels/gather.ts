import type { TypedArray } from '../dtype.js';

/**
 * Gathers along the middle axis of `src` viewed as [outer, n, inner]: out[o, j, :] = src[o, idx[j], :].
 * Indices are validated by the caller.
 */
export function gatherInto(src: TypedArray, outer: number, n: number, inner: number, idx: Int32Array, dst: TypedArray): void {
  const m = idx.length;
  for (let o = 0; o < outer; o++) {
    const base = o * n;
    for (let j = 0, w = o * m * inner; j < m; j++, w += inner) {
      const r = (base + idx[j]!) * inner;
      // NOTE: short rows are copied by hand; a subarray per row would allocate more than it copies.
      if (inner < 16) for (let i = 0; i < inner; i++) dst[w + i] = src[r + i]!;
      else dst.set(src.subarray(r, r + inner), w);
    }
  }
}

/** The adjoint of gatherInto: dst[o, idx[j], :] += src[o, j, :] (repeated indices add up); dst starts zeroed. */
export function scatterAddInto(src: TypedArray, outer: number, size: number, inner: number, idx: Int32Array, dst: TypedArray): void {
  const m = idx.length;
  for (let o = 0; o < outer; o++) {
    const base = o * size;
    for (let j = 0, r = o * m * inner; j < m; j++, r += inner) {
      const w = (base + idx[j]!) * inner;
      for (let i = 0; i < inner; i++) dst[w + i] = dst[w + i]! + src[r + i]!;
    }
  }
}

/** dst[idx[j]] = src[j]: writes src's entries at flat positions of dst (a repeated position keeps the last). */
export function scatterInto(src: TypedArray, idx: Int32Array, dst: TypedArray): void {
  for (let j = 0; j < idx.length; j++) dst[idx[j]!] = src[j]!;
}

/**
 * Whether some position of `idx` (each in [0, n)) appears twice: by marks over [0, n) when idx covers much of it, else
 * on a sorted copy, so that a few positions in a large tensor cost no array of its size.
 */
export function hasRepeats(idx: Int32Array, n: number): boolean {
  if (idx.length * 16 < n) {
    const sorted = idx.slice().sort();
    for (let j = 1; j < sorted.length; j++) if (sorted[j] === sorted[j - 1]) return true;
    return false;
  }
  const seen = new Uint8Array(n);
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j]!;
    if (seen[i] !== 0) return true;
    seen[i] = 1;
  }
  return false;
}

/**
 * scatterInto for positions that repeat: only the entries that differ from `old` (the values there before) are
 * written, as a kernel that writes some elements only (masked_fill_ on an expanded tensor) leaves the others, so a
 * later copy of an unchanged element does not undo an earlier write.
 */
export function scatterChanged(src: TypedArray, old: TypedArray, idx: Int32Array, dst: TypedArray): void {
  for (let j = 0; j < idx.length; j++) if (src[j] !== old[j]) dst[idx[j]!] = src[j]!;
}
