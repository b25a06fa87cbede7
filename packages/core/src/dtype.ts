/** The element types a tensor can hold. float32 is the default, as in both frameworks. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}

export function allocate(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
    case 'int32': return new Int32Array(n);
    case 'bool': return new Uint8Array(n);
  }
}

/** A one-element array holding `v`. NOTE: one store per element type: a store through the union type is polymorphic, and slow. */
export function scalarArray(dtype: DType, v: number): TypedArray {
  switch (dtype) {
    case 'float32': { const a = new Float32Array(1); a[0] = v; return a; }
    case 'float64': { const a = new Float64Array(1); a[0] = v; return a; }
    case 'int32': { const a = new Int32Array(1); a[0] = v; return a; }
    case 'bool': { const a = new Uint8Array(1); a[0] = v; return a; }
  }
}

const F32 = new Float32Array(1), I32 = new Int32Array(1), U8 = new Uint8Array(1);

/** `v` as an array of `dtype` stores it (float32 rounding, int32 and bool wrapping), without making an array. */
export function stored(dtype: DType, v: number): number {
  switch (dtype) {
    case 'float32': F32[0] = v; return F32[0];
    case 'float64': return v;
    case 'int32': I32[0] = v; return I32[0];
    case 'bool': U8[0] = v; return U8[0];
  }
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
