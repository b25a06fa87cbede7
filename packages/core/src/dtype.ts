import { reuse, shortestKept } from './pool.js';

/** The element types a tensor can hold. float32 is the default, as in both frameworks. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}

/** New zeroed storage of `n` elements; a large one may be an array the backward pass recycled (pool.ts). */
export function allocate(dtype: DType, n: number): TypedArray {
  if (n >= shortestKept()) {
    const a = reuse(dtype, n);
    if (a !== null) return a;
  }
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
    case 'int32': return new Int32Array(n);
    case 'bool': return new Uint8Array(n);
  }
}

/**
 * An array of `n` elements, each `v` as `dtype` stores it (signs of zero kept; see `numberArray` for bool).
 * NOTE: one store per element type: a store through the union type is polymorphic, and slow.
 */
export function filledArray(dtype: DType, n: number, v: number): TypedArray {
  switch (dtype) {
    case 'float32': { const a = new Float32Array(n); if (n === 1) a[0] = v; else a.fill(v); return a; }
    case 'float64': { const a = new Float64Array(n); if (n === 1) a[0] = v; else a.fill(v); return a; }
    case 'int32': { const a = new Int32Array(n); if (n === 1) a[0] = v; else a.fill(v); return a; }
    case 'bool': { const a = new Uint8Array(n); const b = v !== 0 ? 1 : 0; if (n === 1) a[0] = b; else if (b === 1) a.fill(1); return a; }
  }
}

/** One one-element array per dtype (the scalar path's reusable operands; see ops/define.ts). */
export interface Scratch { float32: Float32Array; float64: Float64Array; int32: Int32Array; bool: Uint8Array }
export const scratch = (): Scratch => ({ float32: new Float32Array(1), float64: new Float64Array(1), int32: new Int32Array(1), bool: new Uint8Array(1) });

/**
 * `s`'s array of `dtype`, holding `v` as that dtype stores it. NOTE: one store per element type, as in `filledArray`.
 * A bool holds 1 for any nonzero number, NaN included (PyTorch's `static_cast<bool>`, and twingrad's own cast): a
 * Uint8Array store alone would wrap (256 and 0.5 to 0), and a bool tensor holding 2 would compare unequal to true.
 */
export function numberArray(s: Scratch, dtype: DType, v: number): TypedArray {
  switch (dtype) {
    case 'float32': s.float32[0] = v; return s.float32;
    case 'float64': s.float64[0] = v; return s.float64;
    case 'int32': s.int32[0] = v; return s.int32;
    case 'bool': s.bool[0] = v !== 0 ? 1 : 0; return s.bool;
  }
}

const ROUND = scratch();

/** `v` as an array of `dtype` stores it (float32 rounding, int32 wrapping, bool: nonzero is 1), without making an array. */
export function stored(dtype: DType, v: number): number {
  // NOTE: the float cases without the array: Math.fround is the float32 store's rounding, and a double stores as it is
  if (dtype === 'float32') return Math.fround(v);
  return dtype === 'float64' ? v : numberArray(ROUND, dtype, v)[0]!;
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** PyTorch's promotion between two tensors: the wider category wins (bool < int < float32 < float64). */
export function promote(a: DType, b: DType): DType {
  if (a === b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/** The dtype of a floating result computed from `d` (an integer input yields float32, as torch's true division does). */
export function floatOf(d: DType): DType {
  return isFloat(d) ? d : 'float32';
}
