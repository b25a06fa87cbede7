import type { TypedArray } from '../dtype.js';

/** Converts `src` into `dst` of another element type. NOTE: Int32Array's conversion truncates toward zero, as `.to(int)`. */
export function castInto(src: TypedArray, dst: TypedArray, toBool: boolean): void {
  if (!toBool) { dst.set(src); return; }
  // NOTE: NaN is nonzero, so it casts to true as in both frameworks.
  for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
}
