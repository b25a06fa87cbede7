import { Tensor } from './tensor.js';
import { stored, type DType, type TypedArray } from './dtype.js';
import { fail } from './errors.js';
import { checkShape, type Shape } from './shape.js';
import { castInto } from './kernels/cast.js';
import { LANES_I32, LANES_I64, tfLinspaceFill, torchArangeFill, torchLinspaceF32, torchLinspaceF64, torchLinspaceInt } from './kernels/range.js';

/** Nested JS arrays of numbers or booleans, a number, a boolean, or a typed array (1-d). */
export type NestedArray = number | boolean | readonly NestedArray[];
export type ArrayData = NestedArray | TypedArray;

/**
 * A tensor from nested arrays. Numbers give float32 unless `dtype` says otherwise (JavaScript cannot tell
 * `1` from `1.0`); booleans give bool. Ragged input is an error naming the offending index. A number stored as
 * bool is true when nonzero (NaN included), as PyTorch's `torch.tensor([0.5], dtype=torch.bool)` and a typed
 * array's cast give; a Uint8Array read as bool is normalised the same way (a bool tensor never holds 2).
 * @example fromArray([[1, 2], [3, 4]]).shape // [2, 2]
 */
export function fromArray(data: ArrayData, dtype?: DType, op = 'tensor'): Tensor {
  if (ArrayBuffer.isView(data)) {
    const arr = data as TypedArray;
    const t = new Tensor([arr.length], dtype ?? dtypeOfTyped(arr));
    castInto(arr, t.data, t.dtype === 'bool');
    return t;
  }
  const shape: number[] = [];
  let probe: NestedArray = data as NestedArray;
  while (Array.isArray(probe)) { shape.push(probe.length); probe = probe[0] as NestedArray; }
  const inferred: DType = typeof probe === 'boolean' && allBooleans(data as NestedArray) ? 'bool' : 'float32';
  const t = new Tensor(shape, dtype ?? inferred);
  const fill: Fill = { out: t.data, k: 0, toBool: t.dtype === 'bool', shape, op, path: [] };
  store(fill, data as NestedArray, 0);
  return t;
}

/** The state of one `fromArray` walk; `path` is the index being visited (kept for error messages, not copied). */
interface Fill { out: TypedArray; k: number; toBool: boolean; shape: readonly number[]; op: string; path: number[] }

function store(f: Fill, v: NestedArray, depth: number): void {
  if (depth === f.shape.length) {
    if (Array.isArray(v)) fail('value', `${f.op}: ragged nested sequence at index [${f.path.join(', ')}]: expected a scalar, got a sequence`);
    if (typeof v === 'boolean') f.out[f.k++] = v ? 1 : 0;
    else if (typeof v === 'number') f.out[f.k++] = f.toBool ? (v !== 0 ? 1 : 0) : v;
    else fail('type', `${f.op}: element at index [${f.path.join(', ')}] is ${v === null ? 'null' : typeof v}, expected a number or a boolean`);
    return;
  }
  if (!Array.isArray(v)) fail('value', `${f.op}: ragged nested sequence at index [${f.path.join(', ')}]: expected a sequence of length ${f.shape[depth]}, got a scalar`);
  const arr = v as readonly NestedArray[];
  if (arr.length !== f.shape[depth]) fail('value', `${f.op}: ragged nested sequence at index [${f.path.join(', ')}]: expected length ${f.shape[depth]}, got ${arr.length}`);
  const path = f.path;
  path.push(0);
  for (let i = 0; i < arr.length; i++) {
    path[depth] = i;
    store(f, arr[i]!, depth + 1);
  }
  path.pop();
}

function allBooleans(v: NestedArray): boolean {
  return Array.isArray(v) ? v.every(allBooleans) : typeof v === 'boolean';
}

function dtypeOfTyped(a: TypedArray): DType {
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array) return 'bool';
  return 'float32';
}

/** A tensor of `shape` whose elements are all `value` as `dtype` stores it (float32 rounding, int32 truncation, bool: nonzero). */
export function full(shape: Shape, value: number, dtype: DType = 'float32', op = 'full'): Tensor {
  checkShape(op, shape);
  const t = new Tensor([...shape], dtype);
  const v = stored(dtype, value);
  if (t.size === 1) t._value = v;
  else if (!Object.is(v, 0)) t.data.fill(v); // NOTE: -0 must be written: new arrays hold +0
  return t;
}

export const zeros = (shape: Shape, dtype: DType = 'float32'): Tensor => full(shape, 0, dtype, 'zeros');
export const ones = (shape: Shape, dtype: DType = 'float32'): Tensor => full(shape, 1, dtype, 'ones');
export const scalar = (v: number, dtype: DType = 'float32'): Tensor => full([], v, dtype);

/**
 * Whose kernel computes a range: the frameworks round differently, and each facade passes its own.
 * - 'torch': PyTorch 1.13's CPU kernels (ATen native/RangeFactories.cpp, native/cpu/RangeFactoriesKernel.cpp) on
 *   the AVX2 capability it selects by default, with the compiler's fused multiply-adds, as recorded from PyTorch.
 * - 'tf': TensorFlow's kernels (core/kernels/sequence_ops.cc RangeOp; python/ops/math_ops.py linspace_nd), which
 *   compute in the output dtype.
 */
export type RangeConvention = 'torch' | 'tf';

/**
 * [start, stop) by step.
 *
 * 'torch' (RangeFactories.cpp `arange_out`, RangeFactoriesKernel.cpp `arange_kernel`): the arguments are taken in
 * the accumulate type, double for float dtypes and int64 for integer ones (truncated: step 1.5 is 1, step 0.5 is
 * 0 and refused). The length is ceil((stop - start) / step) in double, except for int64, whose length is
 * (end - start + step - sign(step)) / step in integer arithmetic (`int64 = false` for torch.int32, which ATen sizes
 * in double). Element i is start + step * i in double (a fused multiply-add), rounded to the dtype; in the
 * vectorised part of the loop (whole pairs of 8 float / 4 double lanes) each lane is base + k * step from its
 * vector's base instead, as `Vectorized<T>::arange` computes it. NOTE: PyTorch splits an output longer than 32768
 * elements among threads, each vectorising from its own first element; this emulates one thread.
 *
 * 'tf' (sequence_ops.cc `RangeOp<T>`): the arguments are cast to the dtype first (math_ops.py `range`); the length is
 * ceil(|(limit - start) / delta|) computed in the dtype ((|limit - start| + |delta| - 1) / |delta| for integers),
 * and the elements accumulate in the dtype, `val += delta`: float32 ranges drift as TensorFlow's do
 * (tf.range(0, 1, 0.1)[9] is 0.9000001, and tf.range(1, 2.2, 0.4) has 3 elements: 1.2f / 0.4f is exactly 3).
 */
export function arange(start: number, stop: number, step = 1, dtype: DType = 'float32', convention: RangeConvention = 'torch', int64 = true): Tensor {
  if (dtype === 'bool') fail('dtype', 'arange: a bool range is not supported');
  return convention === 'tf' ? tfRange(start, stop, step, dtype) : torchArange(start, stop, step, dtype, int64);
}

/** The largest length a range may have: int64's maximum (ATen's "invalid size" check). */
const INT64_MAX = 9223372036854775807;

function torchArange(start: number, stop: number, step: number, dtype: DType, int64: boolean): Tensor {
  const int = dtype === 'int32';
  const xs = int ? Math.trunc(start) : start, xe = int ? Math.trunc(stop) : stop, xd = int ? Math.trunc(step) : step;
  if (!(xd > 0 || xd < 0)) fail('value', 'arange: step must be nonzero');
  if (!Number.isFinite(xs) || !Number.isFinite(xe)) fail('value', `arange: unsupported range: ${xs} -> ${xe}`);
  if (!((xd > 0 && xe >= xs) || (xd < 0 && xe <= xs))) {
    fail('value', `arange: upper bound and larger bound inconsistent with step sign (start=${start}, stop=${stop}, step=${step})`);
  }
  const sign = xd > 0 ? 1 : -1;
  const n = Math.max(0, int && int64 ? Math.trunc((xe - xs + xd - sign) / xd) : Math.ceil((stop - start) / step));
  if (!(n <= INT64_MAX)) fail('value', 'arange: invalid size, possible overflow?');
  const t = new Tensor([n], dtype);
  const out = t.data;
  if (int) {
    for (let i = 0; i < n; i++) out[i] = xs + xd * i;
  } else {
    torchArangeFill(out as Float32Array | Float64Array, xs, xd, n, dtype === 'float32');
  }
  return t;
}

function tfRange(start: number, limit: number, delta: number, dtype: DType): Tensor {
  const f32 = dtype === 'float32', int = dtype === 'int32';
  // math_ops.range casts start, limit and delta to the dtype before the kernel sees them
  const a = f32 ? Math.fround(start) : start, b = f32 ? Math.fround(limit) : limit, d = f32 ? Math.fround(delta) : delta;
  if (int && !(Number.isInteger(a) && Number.isInteger(b) && Number.isInteger(d))) fail('value', `range: an int32 range needs integer arguments, got ${start}, ${limit}, ${delta}`);
  if (d === 0) fail('value', `range: Requires delta != 0: ${delta}`);
  // NOTE: a NaN delta is not 0 and not positive: RangeOp checks it as a negative one
  if (d > 0 ? !(a <= b) : !(a >= b)) fail('value', `range: Requires start ${d > 0 ? '<=' : '>='} limit when delta ${d > 0 ? '>' : '<'} 0: ${start}/${limit}`);
  let n: number;
  if (int) {
    n = Math.trunc((Math.abs(b - a) + Math.abs(d) - 1) / Math.abs(d));
  } else {
    const span = f32 ? Math.fround(b - a) : b - a;
    n = Math.ceil(Math.abs(f32 ? Math.fround(span / d) : span / d));
  }
  if (!(n <= INT64_MAX)) fail('value', `range: the range from ${start} to ${limit} by ${delta} has no finite length`);
  const t = new Tensor([n + 0], dtype);
  const out = t.data;
  // `val += delta` in T: each partial sum is rounded to T, so float32 errors accumulate as TensorFlow's do
  let val = a;
  if (f32) for (let i = 0; i < n; i++) { out[i] = val; val = Math.fround(val + d); }
  else for (let i = 0; i < n; i++) { out[i] = val; val += d; }
  return t;
}

/**
 * `num` evenly spaced points from start to stop inclusive.
 *
 * 'torch' (RangeFactoriesKernel.cpp `linspace_kernel`, vectorised in 1.13): start and end are first converted to the
 * dtype (truncated for integers), step = (end - start) / (steps - 1) is computed in the dtype (in double for
 * integers), and point i is start + step * i below steps / 2, end - step * (steps - 1 - i) from there (fused
 * multiply-adds), so that neither half accumulates error. In the vectorised part every lane of a vector is
 * base + k * step from its vector's first point (a plain multiply and add: so recorded), even past the halfway
 * point, and an integer base is truncated before the lanes are added: PyTorch's int64 linspace(29, -18, 25) steps
 * 0, -2, -3, -5, -7 where exact truncation would give 0, -2, -4, -6, -8. One point is `fill_(start)`. `int64`
 * (torch only): the lanes of an integer dtype are those of int64 (torch.int64), or of int32 (torch.int32).
 *
 * 'tf' (math_ops.py `linspace_nd`): delta = (stop - start) / max(num - 1, 1) and each inner point
 * start + delta * i, every operation rounded to the dtype, between the exact start and stop.
 */
export function linspace(start: number, stop: number, num: number, dtype: DType = 'float32', convention: RangeConvention = 'torch', int64 = true): Tensor {
  if (!Number.isInteger(num) || num < 0) fail('value', `linspace: number of steps must be non-negative, got ${num}`);
  const t = new Tensor([num], dtype);
  if (num === 0) return t;
  if (num === 1) {
    if (convention === 'torch' && dtype === 'int32' && !Number.isFinite(start)) fail('value', `linspace: ${start} cannot be converted to an integer`);
    t.data[0] = stored(dtype, start);
    return t;
  }
  if (dtype === 'bool') fail('dtype', 'linspace: a bool range of more than one point is not supported');
  const out = t.data;
  if (convention === 'tf') {
    tfLinspaceFill(out as Float32Array | Float64Array | Int32Array, start, stop, num, dtype === 'float32');
    return t;
  }
  if (dtype === 'int32') {
    if (!Number.isFinite(start) || !Number.isFinite(stop)) fail('value', `linspace: ${Number.isFinite(start) ? stop : start} cannot be converted to an integer`);
    torchLinspaceInt(out as Int32Array, Math.trunc(start), Math.trunc(stop), num, int64 ? LANES_I64 : LANES_I32);
  } else if (dtype === 'float32') {
    torchLinspaceF32(out as Float32Array, Math.fround(start), Math.fround(stop), num);
  } else {
    torchLinspaceF64(out as Float64Array, start, stop, num);
  }
  return t;
}

export function eye(n: number, m = n, dtype: DType = 'float32'): Tensor {
  checkShape('eye', [n, m]);
  const t = new Tensor([n, m], dtype);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}
