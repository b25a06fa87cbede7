import { Tensor } from './tensor.js';
import { isFloat, type DType } from './dtype.js';
import { fail } from './errors.js';
import { checkShape, type Shape } from './shape.js';

/**
 * One shared PRNG (xoshiro128**, seeded through splitmix32), so that the same seed gives the same
 * numbers in both facades. It cannot reproduce PyTorch's or TensorFlow's own streams.
 */
const s = new Uint32Array(4);
let spare: number | null = null;

export function seed(value: number): void {
  let x = value >>> 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    s[i] = (z ^ (z >>> 16)) >>> 0;
  }
  spare = null;
}
seed(Date.now());

function next(): number {
  const r = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
  const t = (s[1]! << 9) >>> 0;
  s[2]! ^= s[0]!; s[3]! ^= s[1]!; s[1]! ^= s[2]!; s[0]! ^= s[3]!;
  s[2]! ^= t;
  s[3] = rotl(s[3]!, 11);
  return r;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A double in [0, 1) from 53 random bits. */
export function uniform01(): number {
  return ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

/**
 * Uniform samples on [lo, hi). For int32, integers: each of lo .. hi - 1 equally likely (lo < hi, both int32,
 * unless the tensor is empty: TensorFlow's RandomUniformIntOp checks the bounds after its early exit for an empty
 * output). NOTE: TensorFlow's kernel takes lo + (32 random bits) mod (hi - lo), slightly biased unless the range
 * is a power of two; here draws at or past the last whole multiple of the range are redrawn, so there is no bias.
 * A float would not do: lo + (hi - lo) * u stored in an Int32Array truncates toward zero, so that lo never appears
 * when it is negative and 0 comes twice as often.
 */
export function randomUniform(shape: Shape, lo = 0, hi = 1, dtype: DType = 'float32'): Tensor {
  checkShape('random_uniform', shape);
  if (dtype === 'bool') fail('dtype', 'random_uniform: a bool tensor cannot be drawn uniformly');
  const t = new Tensor([...shape], dtype);
  const n = t.size;
  if (n === 0) return t;
  const out = t.data;
  if (dtype === 'int32') {
    if (!(isInt32(lo) && isInt32(hi))) fail('value', `random_uniform: int32 bounds must be int32 integers, got ${lo} and ${hi}`);
    if (!(lo < hi)) fail('value', `random_uniform: need minval < maxval, got ${lo} >= ${hi}`);
    const range = hi - lo; // at most 2^32 - 1
    const limit = 4294967296 - (4294967296 % range);
    for (let i = 0; i < n; i++) {
      let r = next();
      while (r >= limit) r = next();
      out[i] = lo + (r % range);
    }
    return t;
  }
  // NOTE: a draw within half a step of hi rounds up to hi when stored (float32: u >= 1 - 2^-25 for [0, 1)); it takes
  // the largest value below hi instead, so that the range stays [lo, hi) and no other draw changes. (lo == hi gives lo.)
  const top = below(hi, dtype);
  const fix = top >= lo;
  for (let i = 0; i < n; i++) {
    out[i] = lo + (hi - lo) * uniform01();
    if (out[i]! >= hi && fix) out[i] = top;
  }
  return t;
}

const F32 = new Float32Array(1), F64 = new Float64Array(1);
const F32_BITS = new Uint32Array(F32.buffer), F64_BITS = new BigUint64Array(F64.buffer);

/** The largest value of float `dtype` below `hi`. */
function below(hi: number, dtype: DType): number {
  if (dtype === 'float32') {
    F32[0] = hi;
    if (F32[0]! < hi) return F32[0]!;
    if (F32[0] === 0) return -1.401298464324817e-45; // -0 and +0 step down to the smallest negative subnormal
    F32_BITS[0] = F32[0]! > 0 ? F32_BITS[0]! - 1 : F32_BITS[0]! + 1;
    return F32[0]!;
  }
  F64[0] = hi;
  if (hi === 0) return -Number.MIN_VALUE;
  F64_BITS[0] = hi > 0 ? F64_BITS[0]! - 1n : F64_BITS[0]! + 1n;
  return F64[0]!;
}

const isInt32 = (v: number): boolean => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;

/** Normal samples by the Box-Muller transform, using both values of each pair. Float dtypes only. */
export function randomNormal(shape: Shape, mean = 0, std = 1, dtype: DType = 'float32'): Tensor {
  checkShape('random_normal', shape);
  if (!isFloat(dtype)) fail('dtype', `random_normal: expected a float dtype, got ${dtype}`);
  const t = new Tensor([...shape], dtype);
  const out = t.data;
  for (let i = 0; i < t.size; i++) out[i] = mean + std * gaussian();
  return t;
}

function gaussian(): number {
  if (spare !== null) { const v = spare; spare = null; return v; }
  let u = 0;
  while (u === 0) u = uniform01();
  const v = uniform01();
  const r = Math.sqrt(-2 * Math.log(u));
  spare = r * Math.sin(2 * Math.PI * v);
  return r * Math.cos(2 * Math.PI * v);
}
