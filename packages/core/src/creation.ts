import { Tensor } from './tensor.js';
import { stored, type DType, type TypedArray } from './dtype.js';
import { fail } from './errors.js';
import { checkShape, type Shape } from './shape.js';

/** Nested JS arrays of numbers or booleans, a number, a boolean, or a typed array (1-d). */
export type NestedArray = number | boolean | readonly NestedArray[];
export type ArrayData = NestedArray | TypedArray;

/**
 * A tensor from nested arrays. Numbers give float32 unless `dtype` says otherwise (JavaScript cannot tell
 * `1` from `1.0`); booleans give bool. Ragged input is an error naming the offending index.
 * @example fromArray([[1, 2], [3, 4]]).shape // [2, 2]
 */
export function fromArray(data: ArrayData, dtype?: DType, op = 'tensor'): Tensor {
  if (ArrayBuffer.isView(data)) {
    const arr = data as TypedArray;
    const t = new Tensor([arr.length], dtype ?? dtypeOfTyped(arr));
    t.data.set(arr);
    return t;
  }
  const shape: number[] = [];
  let probe: NestedArray = data as NestedArray;
  while (Array.isArray(probe)) { shape.push(probe.length); probe = probe[0] as NestedArray; }
  const inferred: DType = typeof probe === 'boolean' && allBooleans(data as NestedArray) ? 'bool' : 'float32';
  const t = new Tensor(shape, dtype ?? inferred);
  const out = t.data;
  let k = 0;
  const walk = (v: NestedArray, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (Array.isArray(v)) fail('value', `${op}: ragged nested sequence at index [${path.join(', ')}]: expected a scalar, got a sequence`);
      if (typeof v !== 'number' && typeof v !== 'boolean') fail('type', `${op}: element at index [${path.join(', ')}] is ${v === null ? 'null' : typeof v}, expected a number or a boolean`);
      out[k++] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
      return;
    }
    if (!Array.isArray(v)) fail('value', `${op}: ragged nested sequence at index [${path.join(', ')}]: expected a sequence of length ${shape[depth]}, got a scalar`);
    const arr = v as readonly NestedArray[];
    if (arr.length !== shape[depth]) fail('value', `${op}: ragged nested sequence at index [${path.join(', ')}]: expected length ${shape[depth]}, got ${arr.length}`);
    for (let i = 0; i < arr.length; i++) walk(arr[i]!, depth + 1, [...path, i]);
  };
  walk(data as NestedArray, 0, []);
  return t;
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

export function full(shape: Shape, value: number, dtype: DType = 'float32', op = 'full'): Tensor {
  checkShape(op, shape);
  const t = new Tensor([...shape], dtype);
  if (t.size === 1) t._value = stored(dtype, value);
  else if (!Object.is(value, 0)) t.data.fill(value); // NOTE: -0 must be written: new arrays hold +0
  return t;
}

export const zeros = (shape: Shape, dtype: DType = 'float32'): Tensor => full(shape, 0, dtype, 'zeros');
export const ones = (shape: Shape, dtype: DType = 'float32'): Tensor => full(shape, 1, dtype, 'ones');
export const scalar = (v: number, dtype: DType = 'float32'): Tensor => full([], v, dtype);

/** [start, stop) by step; the length is ceil((stop - start) / step), as in NumPy and both frameworks. */
export function arange(start: number, stop: number, step = 1, dtype: DType = 'float32'): Tensor {
  if (step === 0) fail('value', 'arange: step must be nonzero');
  if ((stop - start) / step < 0) fail('value', `arange: upper bound and larger bound inconsistent with step sign (start=${start}, stop=${stop}, step=${step})`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const t = new Tensor([n], dtype);
  for (let i = 0; i < n; i++) t.data[i] = start + i * step;
  return t;
}

/** `num` evenly spaced points from start to stop inclusive. */
export function linspace(start: number, stop: number, num: number, dtype: DType = 'float32'): Tensor {
  if (!Number.isInteger(num) || num < 0) fail('value', `linspace: number of steps must be non-negative, got ${num}`);
  const t = new Tensor([num], dtype);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  // NOTE: the second half counts back from stop, as PyTorch does, so the last point is exactly stop.
  const half = num === 1 ? 1 : Math.floor(num / 2);
  for (let i = 0; i < num; i++) t.data[i] = i < half ? start + i * step : stop - (num - 1 - i) * step;
  return t;
}

export function eye(n: number, m = n, dtype: DType = 'float32'): Tensor {
  checkShape('eye', [n, m]);
  const t = new Tensor([n, m], dtype);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}
