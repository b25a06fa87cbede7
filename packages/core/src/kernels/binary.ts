import type { TypedArray } from '../dtype.js';
import { wasmBinaryF32 } from './wasm/gemm.js';
import { powScalar, powScalarTorch } from './unary.js';
import { cpow } from './special.js';
import { add32, fma } from './fma.js';

/**
 * Binary kernels over whole typed arrays. `sa`/`sb` are 1 for a full operand and 0 for a
 * broadcast scalar, so the scalar case needs no materialised copy. General broadcasting is done
 * by the caller (it expands the operands first).
 */
export type BinaryKernel<A = unknown> = (a: TypedArray, sa: number, b: TypedArray, sb: number, out: TypedArray, n: number, attrs: A) => void;

// NOTE: float32 operands of 64 elements or more run in WASM SIMD (wasm/gemm.ts), bit-identical to the loops
// below (a float32 +, -, *, / rounds once either way) and 5-8x faster, copies included.
const simd = (a: TypedArray, b: TypedArray, o: TypedArray, n: number): boolean =>
  n >= 64 && a instanceof Float32Array && b instanceof Float32Array && o instanceof Float32Array;
type F = Float32Array;

// NOTE: a bool result (bool + bool) is a logical or: the sum 2 would be stored as it is in the bool's byte, read back
// as 2 by sum, casts and comparisons (PyTorch stores true)
export const add: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('add', a as F, sa, b as F, sb, o as F, n)) return;
  if (o instanceof Uint8Array) for (let i = 0; i < n; i++) o[i] = a[i * sa]! + b[i * sb]! !== 0 ? 1 : 0;
  else if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[i] = a[i]! + b[i]!;
  else for (let i = 0; i < n; i++) o[i] = a[i * sa]! + b[i * sb]!;
};
export const sub: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('sub', a as F, sa, b as F, sb, o as F, n)) return;
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[i] = a[i]! - b[i]!;
  else for (let i = 0; i < n; i++) o[i] = a[i * sa]! - b[i * sb]!;
};
export const mul: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('mul', a as F, sa, b as F, sb, o as F, n)) return;
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[i] = a[i]! * b[i]!;
  else for (let i = 0; i < n; i++) o[i] = a[i * sa]! * b[i * sb]!;
};
/**
 * add, sub, mul and div on one element, for a float result: the double that the loops above store, so that rounding
 * it to the dtype (one rounding, as the store) gives their result bit for bit. Scalar code runs these rather than a
 * loop over one-element arrays (ops/define.ts `oneByOne`, `mul1`).
 */
export const addOne = (a: number, b: number): number => a + b;
export const subOne = (a: number, b: number): number => a - b;
export const mulOne = (a: number, b: number): number => a * b;
export const divOne = (a: number, b: number): number => a / b;
/**
 * a + alpha b, rounded once: PyTorch's add and sub with alpha (its CPU kernel is a fused multiply-add, in the
 * vectorised loop and in the scalar one alike). alpha is taken in the output's dtype, as PyTorch converts it. float32:
 * the product is exact in double and only the sum rounds (fma.ts `add32`); float64: fma.ts `fma`; int32 wraps as the
 * integer kernels do. sub is a + (-alpha) b, as PyTorch's sub calls add.
 */
export const addScaled: BinaryKernel<{ alpha: number }> = (a, sa, b, sb, o, n, { alpha }) => scaledSum(a, sa, b, sb, o, n, alpha);
export const subScaled: BinaryKernel<{ alpha: number }> = (a, sa, b, sb, o, n, { alpha }) => scaledSum(a, sa, b, sb, o, n, -alpha);
function scaledSum(a: TypedArray, sa: number, b: TypedArray, sb: number, o: TypedArray, n: number, alpha: number): void {
  if (o instanceof Float32Array) {
    const al = Math.fround(alpha);
    for (let i = 0; i < n; i++) o[i] = add32(a[i * sa]!, al * b[i * sb]!);
  } else if (o instanceof Int32Array) {
    for (let i = 0; i < n; i++) o[i] = a[i * sa]! + Math.imul(alpha, b[i * sb]!);
  } else {
    for (let i = 0; i < n; i++) o[i] = fma(alpha, b[i * sb]!, a[i * sa]!);
  }
}

export const div: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('div', a as F, sa, b as F, sb, o as F, n)) return;
  for (let i = 0; i < n; i++) o[i] = a[i * sa]! / b[i * sb]!;
};
export const pow: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) o[i] = cpow(a[i * sa]!, b[i * sb]!);
};
export const atan2: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) o[i] = Math.atan2(a[i * sa]!, b[i * sb]!);
};
// NOTE: NaN propagates through maximum/minimum in both frameworks, and a tie (+0 against -0) keeps the first
// operand: PyTorch's maximum/minimum kernels (BinaryOpsKernel.cpp: NaN, else std::max(a, b) / std::min(a, b)),
// so maximum(-0, 0) is -0 and minimum(0, -0) is 0; TensorFlow's Maximum/Minimum are Eigen's scalar_max_op /
// scalar_min_op<PropagateNaN>, std::max/std::min on scalars and _mm_max_ps(b, a) on packets ("reversed to match
// std::max"), the same. (Math.max would give +0 for either order.) Not matched: PyTorch's AVX loop over runs of 16
// float32 (8 float64) elements takes _mm256_max_ps(a, b), the second operand on a tie (docs/divergences.md).
export const maximum: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) { const x = a[i * sa]!, y = b[i * sb]!; o[i] = x < y || y !== y ? y : x; }
};
export const minimum: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) { const x = a[i * sa]!, y = b[i * sb]!; o[i] = y < x || y !== y ? y : x; }
};
export const eq: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) o[i] = a[i * sa] === b[i * sb] ? 1 : 0;
};
export const ne: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) o[i] = a[i * sa] !== b[i * sb] ? 1 : 0;
};
export const lt: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) o[i] = a[i * sa]! < b[i * sb]! ? 1 : 0;
};
export const le: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) o[i] = a[i * sa]! <= b[i * sb]! ? 1 : 0;
};
export const gt: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) o[i] = a[i * sa]! > b[i * sb]! ? 1 : 0;
};
export const ge: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) o[i] = a[i * sa]! >= b[i * sb]! ? 1 : 0;
};

// Fused gradients, a = g and b = the tensor the rule saved (ops/unary.ts): one pass and one temporary where the
// rule written in primitives takes three. float32 results round after each operation (Math.fround), as the WASM
// twins do, so both paths are bit-identical.
const f32 = Math.fround;
/**
 * g (1 - y^2), y = tanh(x), with 1 - y^2 rounded once, as PyTorch's CPU kernel computes it (a fused multiply-
 * subtract; measured against it: every input matches, where rounding y^2 first matches three in four). float32: y*y
 * and 1 - y*y are exact in double for |y| <= 1; float64: fma.ts.
 */
export const tanhBackward: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('tanh_backward', a as F, sa, b as F, sb, o as F, n)) return;
  if (o instanceof Float32Array) for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = a[i * sa]! * f32(1 - y * y); }
  else for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = a[i * sa]! * fma(-y, y, 1); }
};
/** (g (1 - y)) y, y = sigmoid(x), rounded in that order: PyTorch's sigmoid_backward. */
export const sigmoidBackward: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('sigmoid_backward', a as F, sa, b as F, sb, o as F, n)) return;
  if (o instanceof Float32Array) for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = f32(a[i * sa]! * f32(1 - y)) * y; }
  else for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = (a[i * sa]! * (1 - y)) * y; }
};
/** g (2 x), x the input of square (2x is exact but may overflow float32, as mul(g, mul(x, 2)) did). */
export const squareBackward: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('square_backward', a as F, sa, b as F, sb, o as F, n)) return;
  if (o instanceof Float32Array) for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = a[i * sa]! * f32(y + y); }
  else for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = a[i * sa]! * (y + y); }
};
/**
 * g p y^(p-1), y the input of pow(y, p); g 0 for p = 0. y^(p-1) is written into the output first by the pow kernel of
 * the convention, then multiplied in the framework's order: TensorFlow's _PowGrad (g * p) * y^(p-1), PyTorch's
 * pow_backward g * (p * y^(p-1)) (p a double scalar: a float32 product takes it as float32). One op instead of three.
 */
export const powBackward: BinaryKernel<{ p: number; tf?: boolean }> = (a, sa, b, sb, o, n, { p, tf }) => {
  if (p === 0) { for (let i = 0; i < n; i++) o[i] = a[i * sa]! * 0; return; }
  (tf === true ? powScalar : powScalarTorch)(b, o, sb === 0 ? 1 : n, p - 1);
  const r = o[0]!;
  if (tf !== true && (o instanceof Float32Array || o instanceof Float64Array)) {
    const q = o instanceof Float32Array ? f32(p) : p;
    if (sb === 0) { const s = o instanceof Float32Array ? f32(q * r) : q * r; for (let i = 0; i < n; i++) o[i] = a[i * sa]! * s; }
    else if (o instanceof Float32Array) for (let i = 0; i < n; i++) o[i] = a[i * sa]! * f32(q * o[i]!);
    else for (let i = 0; i < n; i++) o[i] = a[i * sa]! * (q * o[i]!);
    return;
  }
  if (o instanceof Float32Array) {
    if (sb === 0) for (let i = 0; i < n; i++) o[i] = f32(a[i * sa]! * p) * r;
    else for (let i = 0; i < n; i++) o[i] = f32(a[i * sa]! * p) * o[i]!;
  } else if (sb === 0) for (let i = 0; i < n; i++) o[i] = a[i * sa]! * p * r;
  else for (let i = 0; i < n; i++) o[i] = a[i * sa]! * p * o[i]!;
};
/**
 * g * (y > 0 ? 1 : 0), y = relu(x): TensorFlow's ReluGrad, gradients * (features > 0).cast<T>() with the output as
 * features. A product, not a select: where y <= 0 or y is NaN, a negative g gives -0 and an infinite or NaN g gives
 * NaN. g * 1 and g * 0 are exact, so no rounding step is needed in float32.
 */
export const reluBackward: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('relu_backward', a as F, sa, b as F, sb, o as F, n)) return;
  for (let i = 0; i < n; i++) o[i] = a[i * sa]! * (b[i * sb]! > 0 ? 1 : 0);
};
/** +0 where y <= 0, else g, y = relu(x): PyTorch's threshold_backward(grad, result, 0), so a NaN y passes g on. */
export const thresholdBackward: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('threshold_backward', a as F, sa, b as F, sb, o as F, n)) return;
  for (let i = 0; i < n; i++) o[i] = b[i * sb]! <= 0 ? 0 : a[i * sa]!;
};

// Rounding division and remainders (ops/rounding.ts): one loop per dtype. The output array decides the arithmetic:
// an Int32Array is integer division (the op has refused a zero divisor first), float32 rounds each step as
// PyTorch's float kernel does (Math.fround), float64 is JavaScript's own.

/**
 * floor(a / b) as PyTorch's div_floor_floating (c10/util/generic_math.h) computes it, which is CPython's float
 * floor division: the quotient of a - fmod(a, b), corrected by 1 where fmod's sign is not b's, then rounded to
 * the nearest integer; 0 keeps the sign of a / b, and b = 0 gives a / b. Integers: c10::div_floor_integer
 * (truncation, minus 1 where the signs differ and the remainder is not 0).
 */
export const divFloor: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (o instanceof Int32Array) {
    for (let i = 0; i < n; i++) {
      const x = a[i * sa]!, y = b[i * sb]!;
      const q = Math.trunc(x / y);
      o[i] = (x < 0) !== (y < 0) && x % y !== 0 ? q - 1 : q;
    }
  } else if (o instanceof Float32Array) {
    for (let i = 0; i < n; i++) {
      const x = a[i * sa]!, y = b[i * sb]!;
      if (y === 0) { o[i] = x / y; continue; }
      const mod = x % y;
      let div = f32(f32(x - mod) / y);
      if (mod !== 0 && (y < 0) !== (mod < 0)) div = f32(div - 1);
      if (div !== 0) {
        let fl = Math.floor(div);
        if (f32(div - fl) > 0.5) fl = f32(fl + 1);
        o[i] = fl;
      } else o[i] = Math.sign(1 / f32(x / y)) * 0; // copysign(0, a / b)
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = a[i * sa]!, y = b[i * sb]!;
      if (y === 0) { o[i] = x / y; continue; }
      const mod = x % y;
      let div = (x - mod) / y;
      if (mod !== 0 && (y < 0) !== (mod < 0)) div -= 1;
      if (div !== 0) {
        let fl = Math.floor(div);
        if (div - fl > 0.5) fl += 1;
        o[i] = fl;
      } else o[i] = Math.sign(1 / (x / y)) * 0;
    }
  }
};

/** trunc(a / b), the quotient rounded first to the dtype (PyTorch's div_trunc_kernel); integers: C's a / b. */
export const divTrunc: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (o instanceof Float32Array) for (let i = 0; i < n; i++) o[i] = Math.trunc(f32(a[i * sa]! / b[i * sb]!));
  else for (let i = 0; i < n; i++) o[i] = Math.trunc(a[i * sa]! / b[i * sb]!);
};

/**
 * Python's modulus, the sign of b: fmod(a, b), plus b where that is nonzero and its sign differs from b's
 * (PyTorch's remainder_kernel, integer and float alike). JavaScript's % is C's fmod, exact.
 */
export const remainder: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) {
    const y = b[i * sb]!;
    const m = a[i * sa]! % y;
    o[i] = m !== 0 && (y < 0) !== (m < 0) ? m + y : m;
  }
};

/** C's fmod, the sign of a (PyTorch's fmod_kernel). */
export const fmod: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) o[i] = a[i * sa]! % b[i * sb]!;
};

/**
 * clamp with tensor bounds, x, lo and hi read with strides (0: a broadcast scalar) and already in the output's dtype:
 * PyTorch's clamp_kernel (TensorCompare.cpp), NaN where either bound is NaN, else min(max(x, lo), hi), so that a
 * NaN x stays NaN and lo > hi gives hi.
 */
export function clampBetween(x: TypedArray, sx: number, lo: TypedArray, sl: number, hi: TypedArray, sh: number, o: TypedArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const l = lo[i * sl]!, h = hi[i * sh]!;
    if (l !== l || h !== h) { o[i] = NaN; continue; }
    const v = x[i * sx]!;
    const t = v < l ? l : v;
    o[i] = h < t ? h : t;
  }
}
