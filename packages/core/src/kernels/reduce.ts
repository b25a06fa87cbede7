import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';

/**
 * Walks `src` (shape `shape`) once in memory order and folds every element into the output slot it
 * reduces to; `reduced[d]` marks the reduced dimensions. The innermost dimension is handled as a run:
 * folded into one scalar when it is reduced, combined slot by slot when it is kept.
 * `init` seeds every output slot; `combine` is one of the fixed folds below (no closures per element).
 */
export type Fold = 'sum' | 'prod' | 'max' | 'min';

export function reduceInto(src: TypedArray, shape: Shape, reduced: readonly boolean[], dst: Float64Array, fold: Fold): void {
  const r = shape.length;
  dst.fill(fold === 'sum' ? 0 : fold === 'prod' ? 1 : fold === 'max' ? -Infinity : Infinity);
  if (src.length === 0) return;
  if (r === 0) { dst[0] = src[0]!; return; }
  // Output strides in the input's rank; 0 on reduced dimensions.
  const ost = new Array<number>(r);
  let acc = 1;
  for (let d = r - 1; d >= 0; d--) {
    ost[d] = reduced[d] ? 0 : acc;
    if (!reduced[d]) acc *= shape[d]!;
  }
  const inner = shape[r - 1]!;
  const innerReduced = reduced[r - 1]!;
  const idx = new Array<number>(r).fill(0);
  let off = 0;
  for (let i = 0; i < src.length; i += inner) {
    if (innerReduced) dst[off] = foldRun(src, i, i + inner, dst[off]!, fold);
    else foldSlots(src, i, inner, dst, off, fold);
    for (let d = r - 2; d >= 0; d--) {
      idx[d]!++;
      off += ost[d]!;
      if (idx[d]! < shape[d]!) break;
      off -= ost[d]! * idx[d]!;
      idx[d] = 0;
    }
  }
}

function foldRun(s: TypedArray, a: number, b: number, v: number, fold: Fold): number {
  switch (fold) {
    case 'sum': for (let i = a; i < b; i++) v += s[i]!; return v;
    case 'prod': for (let i = a; i < b; i++) v *= s[i]!; return v;
    // NOTE: NaN wins in max/min, as in both frameworks.
    case 'max': for (let i = a; i < b; i++) { const x = s[i]!; if (x > v || x !== x) v = x; if (v !== v) break; } return v;
    case 'min': for (let i = a; i < b; i++) { const x = s[i]!; if (x < v || x !== x) v = x; if (v !== v) break; } return v;
  }
}

function foldSlots(s: TypedArray, a: number, n: number, d: Float64Array, o: number, fold: Fold): void {
  switch (fold) {
    case 'sum': for (let j = 0; j < n; j++) d[o + j]! += s[a + j]!; return;
    case 'prod': for (let j = 0; j < n; j++) d[o + j]! *= s[a + j]!; return;
    case 'max': for (let j = 0; j < n; j++) { const x = s[a + j]!, v = d[o + j]!; if (x > v || x !== x) d[o + j] = v !== v ? v : x; } return;
    case 'min': for (let j = 0; j < n; j++) { const x = s[a + j]!, v = d[o + j]!; if (x < v || x !== x) d[o + j] = v !== v ? v : x; } return;
  }
}
