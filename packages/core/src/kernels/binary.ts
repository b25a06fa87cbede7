import type { TypedArray } from '../dtype.js';
import { wasmBinaryF32 } from './wasm/gemm.js';
import { powScalar } from './unary.js';
import { cpow } from './special.js';

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

export const add: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('add', a as F, sa, b as F, sb, o as F, n)) return;
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[i] = a[i]! + b[i]!;
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
// NOTE: NaN propagates through maximum/minimum in both frameworks; Math.max does that too.
export const maximum: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) o[i] = Math.max(a[i * sa]!, b[i * sb]!);
};
export const minimum: BinaryKernel = (a, sa, b, sb, o, n) => {
  for (let i = 0; i < n; i++) o[i] = Math.min(a[i * sa]!, b[i * sb]!);
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
/** g (1 - y^2), y = tanh(x). */
export const tanhBackward: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('tanh_backward', a as F, sa, b as F, sb, o as F, n)) return;
  if (o instanceof Float32Array) for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = a[i * sa]! * f32(1 - f32(y * y)); }
  else for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = a[i * sa]! * (1 - y * y); }
};
/** g y (1 - y), y = sigmoid(x). */
export const sigmoidBackward: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('sigmoid_backward', a as F, sa, b as F, sb, o as F, n)) return;
  if (o instanceof Float32Array) for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = a[i * sa]! * f32(y * f32(1 - y)); }
  else for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = a[i * sa]! * (y * (1 - y)); }
};
/** g (2 x), x the input of square (2x is exact but may overflow float32, as mul(g, mul(x, 2)) did). */
export const squareBackward: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('square_backward', a as F, sa, b as F, sb, o as F, n)) return;
  if (o instanceof Float32Array) for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = a[i * sa]! * f32(y + y); }
  else for (let i = 0; i < n; i++) { const y = b[i * sb]!; o[i] = a[i * sa]! * (y + y); }
};
/**
 * g p y^(p-1), y the input of pow(y, p); g 0 for p = 0. y^(p-1) is written into the output first by powScalar's
 * kernel, so the result is the same as the rule's mul(mul(g, p), pow(y, p - 1)), in one op instead of three.
 */
export const powBackward: BinaryKernel<{ p: number }> = (a, sa, b, sb, o, n, { p }) => {
  if (p === 0) { for (let i = 0; i < n; i++) o[i] = a[i * sa]! * 0; return; }
  powScalar(b, o, sb === 0 ? 1 : n, p - 1);
  const r = o[0]!;
  if (o instanceof Float32Array) {
    if (sb === 0) for (let i = 0; i < n; i++) o[i] = f32(a[i * sa]! * p) * r;
    else for (let i = 0; i < n; i++) o[i] = f32(a[i * sa]! * p) * o[i]!;
  } else if (sb === 0) for (let i = 0; i < n; i++) o[i] = a[i * sa]! * p * r;
  else for (let i = 0; i < n; i++) o[i] = a[i * sa]! * p * o[i]!;
};
/** g where y > 0, else +0, y = relu(x) (NaN y gives 0, as where(y > 0, g, 0)). */
export const reluBackward: BinaryKernel = (a, sa, b, sb, o, n) => {
  if (simd(a, b, o, n) && wasmBinaryF32('relu_backward', a as F, sa, b as F, sb, o as F, n)) return;
  for (let i = 0; i < n; i++) o[i] = b[i * sb]! > 0 ? a[i * sa]! : 0;
};
