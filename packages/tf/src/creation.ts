import * as core from '@twingrad/core';
import { coreDType, type DTypeLike } from './dtypes.js';
import { ValueError, guarded } from './errors.js';
import { TensorBase, convert, wrap, type Tensor, type TensorInput } from './tensor.js';
import { strTensor } from './format.js';

/**
 * Tensor creation under TF's names. NOTE: TensorFlow makes int32 of Python ints, but JavaScript cannot tell
 * 2 from 2.0: `tf.constant(2)` is float32 unless a dtype is given. `tf.range` is the exception (see there).
 */
type ShapeLike = readonly number[] | number;
const dims = (s: ShapeLike): number[] => (typeof s === 'number' ? [s] : [...s]);

/**
 * `tf.constant(value, dtype=None, shape=None)`.
 * @example tf.constant([[1, 2], [3, 4]]).shape // (2, 2)
 */
export function constant(value: TensorInput, dtype?: DTypeLike | null, shape?: readonly number[]): Tensor {
  return guarded('Const', () => {
    const d = coreDType(dtype);
    if (value instanceof TensorBase && d !== undefined && value._t.dtype !== d) {
      // constant_op.py's convert_to_eager_tensor: a tensor is never cast (Python shows the dtype argument's repr)
      const want = typeof dtype === 'string' ? `'${dtype}'` : `tf.${d}`;
      throw new TypeError(`Expected tensor ${strTensor(value._t)} with dtype ${want}, but got dtype tf.${value._t.dtype}.`);
    }
    let t = convert(value, d);
    if (value instanceof TensorBase || value instanceof core.Tensor) t = core.clone(t, false);
    if (shape !== undefined) {
      const n = shape.reduce((a, b) => a * b, 1);
      if (t.size === 1) t = core.full(shape, t.data[0]!, t.dtype);
      else if (t.size === n) t = core.reshape(t, shape);
      else throw new TypeError(`Eager execution of tf.constant with unsupported shape. Tensor ${JSON.stringify(value)} (converted from ${JSON.stringify(value)}) has ${t.size} elements, but got \`shape\` (${shape.join(', ')}) with ${n} elements).`);
    }
    return wrap(t);
  });
}

/** `tf.convert_to_tensor(value, dtype=None, dtype_hint=None)`: tensors pass through unchanged. */
export function convert_to_tensor(value: TensorInput, dtype?: DTypeLike | null, dtype_hint?: DTypeLike | null): Tensor {
  return guarded(null, () => wrap(convert(value, coreDType(dtype) ?? (value instanceof TensorBase ? undefined : coreDType(dtype_hint)))));
}

export const zeros = (shape: ShapeLike, dtype: DTypeLike = 'float32'): Tensor => guarded('Fill', () => wrap(core.zeros(dims(shape), coreDType(dtype))));
export const ones = (shape: ShapeLike, dtype: DTypeLike = 'float32'): Tensor => guarded('Fill', () => wrap(core.ones(dims(shape), coreDType(dtype))));
/** `tf.fill(dims, value)`: float32 for a number (TF would give int32 for a Python int), bool for a boolean. */
export const fill = (shape: ShapeLike, value: number | boolean, dtype?: DTypeLike): Tensor =>
  guarded('Fill', () => wrap(core.full(dims(shape), Number(value), coreDType(dtype) ?? (typeof value === 'boolean' ? 'bool' : 'float32'))));
export const zeros_like = (input: TensorInput, dtype?: DTypeLike): Tensor =>
  guarded('ZerosLike', () => { const x = convert(input); return wrap(core.zeros(x.shape, coreDType(dtype) ?? x.dtype)); });
export const ones_like = (input: TensorInput, dtype?: DTypeLike): Tensor =>
  guarded('OnesLike', () => { const x = convert(input); return wrap(core.ones(x.shape, coreDType(dtype) ?? x.dtype)); });

/**
 * `tf.range(start, limit=None, delta=1, dtype=None)`; `tf.range(5)` counts from 0.
 * NOTE: integral arguments give int32, as TF's Python ints do (ranges are mostly indices); otherwise float32.
 */
export function range(start: number, limit?: number | null, delta = 1, dtype?: DTypeLike): Tensor {
  return guarded('Range', () => {
    const [a, b] = limit === undefined || limit === null ? [0, start] : [start, limit];
    if (delta === 0) throw new ValueError('Requires delta != 0: 0 [Op:Range]');
    const d = coreDType(dtype) ?? ([a, b, delta].every(Number.isInteger) ? 'int32' : 'float32');
    if ((b - a) / delta < 0) return wrap(core.zeros([0], d));
    return wrap(core.arange(a, b, delta, d));
  });
}

/** `tf.linspace(start, stop, num)`. */
export const linspace = (start: number, stop: number, num: number): Tensor => guarded('LinSpace', () => wrap(core.linspace(start, stop, num)));

/** `tf.eye(num_rows, num_columns=None, batch_shape=None, dtype=tf.float32)`. */
export function eye(num_rows: number, num_columns?: number | null, batch_shape?: readonly number[] | null, dtype: DTypeLike = 'float32'): Tensor {
  return guarded('Eye', () => {
    const e = core.eye(num_rows, num_columns ?? num_rows, coreDType(dtype));
    if (!batch_shape || batch_shape.length === 0) return wrap(e);
    return wrap(core.clone(core.broadcastTo(e, [...batch_shape, ...e.shape]), false));
  });
}

interface RandomOptions { dtype?: DTypeLike; seed?: number | null }

/**
 * `tf.random`: one shared generator with the torch facade (same seed, same numbers in both); it cannot
 * reproduce TensorFlow's own streams. An op-level `seed` is accepted and ignored (TF combines it with the global seed).
 */
export const random = {
  /** `tf.random.set_seed(seed)`. */
  set_seed(seed: number): void {
    core.seed(seed);
  },
  /** `tf.random.normal(shape, mean=0.0, stddev=1.0, dtype=tf.float32, seed=None)`. */
  normal(shape: ShapeLike, options: RandomOptions & { mean?: number; stddev?: number } = {}): Tensor {
    return guarded('RandomStandardNormal', () => wrap(core.randomNormal(dims(shape), options.mean ?? 0, options.stddev ?? 1, coreDType(options.dtype) ?? 'float32')));
  },
  /** `tf.random.uniform(shape, minval=0, maxval=None, dtype=tf.float32, seed=None)`: maxval defaults to 1 for floats. */
  uniform(shape: ShapeLike, options: RandomOptions & { minval?: number; maxval?: number } = {}): Tensor {
    return guarded('RandomUniform', () => {
      const d = coreDType(options.dtype) ?? 'float32';
      if (d === 'int32' && options.maxval === undefined) throw new ValueError('Must specify maxval for integer dtype tf.int32.');
      return wrap(core.randomUniform(dims(shape), options.minval ?? 0, options.maxval ?? 1, d));
    });
  },
};
