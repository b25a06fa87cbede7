import * as core from '@twingrad/core';
import { coreDType, type DTypeLike } from './dtypes.js';
import { InvalidArgumentError, ValueError, guarded } from './errors.js';
import { TensorBase, cannotConvert, convert, fmtShape, wrap, type Tensor, type TensorInput } from './tensor.js';
import { pyFloatRepr, pyStr } from './py.js';
import { strTensor } from './format.js';
import { TF_DTYPE_NAME } from './kernel_checks.js';

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
      else {
        // constant_op.py _constant_eager_impl: f"Tensor {t} (converted from {value}) ... `shape` {shape}", str() of each
        const from = value instanceof TensorBase ? strTensor(value._t) : pyStr(value);
        throw new TypeError(`Eager execution of tf.constant with unsupported shape. Tensor ${strTensor(t)} (converted from ${from}) has ${t.size} elements, but got \`shape\` ${fmtShape(shape)} with ${n} elements).`);
      }
    }
    return wrap(t);
  });
}

/**
 * `tf.convert_to_tensor(value, dtype=None, dtype_hint=None)`: tensors pass through unchanged. The hint is only a
 * preference (tensor_conversion_registry.convert): a value it cannot convert to (a TypeError or ValueError) is
 * converted as if no hint were given, so `convert_to_tensor([1.5], null, 'int32')` is float32.
 */
export function convert_to_tensor(value: TensorInput, dtype?: DTypeLike | null, dtype_hint?: DTypeLike | null): Tensor {
  return guarded(null, () => {
    const d = coreDType(dtype);
    const hint = d === undefined ? coreDType(dtype_hint) : undefined;
    if (hint !== undefined) {
      try {
        return wrap(convert(value, hint));
      } catch (e) {
        if (!(e instanceof TypeError || e instanceof ValueError)) throw e;
      }
    }
    return wrap(convert(value, d));
  });
}

/**
 * The dims of tf.zeros / tf.ones (array_ops.py): a list TensorShape refuses is converted to an int32 tensor
 * instead (so a fractional size is convert_to_tensor's TypeError), and the Fill kernel refuses a negative size
 * (TensorShapeUtils::MakeShape). `fractional`: false for tf.fill, whose dims are not converted that way.
 */
function fillDims(shape: ShapeLike, fractional = true): number[] {
  const s = dims(shape);
  if (fractional && !s.every(Number.isInteger)) throw cannotConvert(shape, 'int32');
  for (const d of s) if (d < 0) throw new InvalidArgumentError(`Dimension ${d} must be >= 0 [Op:Fill]`, 'Fill');
  return s;
}

export const zeros = (shape: ShapeLike, dtype: DTypeLike = 'float32'): Tensor => guarded('Fill', () => wrap(core.zeros(fillDims(shape), coreDType(dtype))));
export const ones = (shape: ShapeLike, dtype: DTypeLike = 'float32'): Tensor => guarded('Fill', () => wrap(core.ones(fillDims(shape), coreDType(dtype))));
/** `tf.fill(dims, value)`: float32 for a number (TF would give int32 for a Python int), bool for a boolean. */
export const fill = (shape: ShapeLike, value: number | boolean, dtype?: DTypeLike): Tensor =>
  guarded('Fill', () => wrap(core.full(fillDims(shape, false), Number(value), coreDType(dtype) ?? (typeof value === 'boolean' ? 'bool' : 'float32'))));

/**
 * `tf.shape(input, out_type=tf.int32)`: the shape as a 1-d int32 tensor (reading a variable, as the Shape op's
 * input conversion does). NOTE: the Shape op also allows int64 (array_ops.cc `out_type: {int32, int64} = DT_INT32`),
 * which the facade does not have; another out_type is refused with the attr check's text (worded as the recorded
 * Sqrt one in test/review-fixes.test.ts).
 * @example tf.shape(tf.zeros([2, 3])) // tf.Tensor([2 3], shape=(2,), dtype=int32)
 */
export function shape(input: TensorInput, out_type?: DTypeLike | null): Tensor {
  return guarded('Shape', () => {
    const d = coreDType(out_type) ?? 'int32';
    if (d !== 'int32') {
      throw new InvalidArgumentError(`Value for attr 'out_type' of ${TF_DTYPE_NAME[d]} is not in the list of allowed values: int32, int64\n\t; ` +
        'NodeDef: {{node Shape}}; Op<name=Shape; signature=input:T -> output:out_type; attr=T:type; attr=out_type:type,default=DT_INT32,allowed=[DT_INT32, DT_INT64]> [Op:Shape]', 'Shape');
    }
    return wrap(core.fromArray(convert(input).shape, 'int32'));
  });
}
export const zeros_like = (input: TensorInput, dtype?: DTypeLike): Tensor =>
  guarded('ZerosLike', () => { const x = convert(input); return wrap(core.zeros(x.shape, coreDType(dtype) ?? x.dtype)); });
export const ones_like = (input: TensorInput, dtype?: DTypeLike): Tensor =>
  guarded('OnesLike', () => { const x = convert(input); return wrap(core.ones(x.shape, coreDType(dtype) ?? x.dtype)); });

/**
 * C's `%.*g`: `digits` significant digits, trailing zeros dropped, an exponent of at least two digits.
 * @example gFormat(1234567, 6) // '1.23457e+06'
 */
function gFormat(v: number, digits: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, e] = v.toExponential(digits - 1).split('e') as [string, string];
  const exp = Number(e);
  const strip = (t: string): string => (t.includes('.') ? t.replace(/\.?0+$/, '') : t);
  if (exp < -4 || exp >= digits) return `${strip(mantissa)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return strip(v.toFixed(digits - 1 - exp));
}

/** A kernel's number in its message (strings::StrCat: FloatToBuffer's %.6g, or %.9g when that does not round-trip). */
function strCat(v: number, dtype: core.DType): string {
  if (dtype === 'int32') return String(v);
  const [short, long] = dtype === 'float32' ? [6, 9] : [15, 17];
  const s = gFormat(v, short);
  const back = dtype === 'float32' ? Math.fround(Number(s)) : Number(s);
  return back === v || !Number.isFinite(v) ? s : gFormat(v, long);
}

/**
 * `tf.range(start, limit=None, delta=1, dtype=None)`; `tf.range(5)` counts from 0.
 * NOTE: integral arguments give int32, as TF's Python ints do (ranges are mostly indices); otherwise float32.
 * With a dtype, each argument is converted to it (math_ops.py `range`), so a fractional one is a TypeError for
 * int32. The kernel (sequence_ops.cc RangeOp) computes in the dtype: the length is ceil(|(limit - start) / delta|)
 * and the elements accumulate `val += delta`, so float32 ranges have TensorFlow's values and lengths
 * (tf.range(1, 2.2, 0.4) has 3 elements); a range running away from its limit, or a NaN bound, is refused.
 */
export function range(start: number, limit?: number | null, delta = 1, dtype?: DTypeLike): Tensor {
  return guarded('Range', () => {
    const [a, b] = limit === undefined || limit === null ? [0, start] : [start, limit];
    const given = coreDType(dtype);
    if (given === 'bool') throw cannotConvert(a, 'bool');
    if (given === 'int32') for (const v of [a, b, delta]) if (!Number.isInteger(v)) throw cannotConvert(v, 'int32');
    const d = given ?? ([a, b, delta].every(Number.isInteger) ? 'int32' : 'float32');
    const [x, y, z] = d === 'float32' ? [Math.fround(a), Math.fround(b), Math.fround(delta)] : [a, b, delta];
    if (z === 0) throw new InvalidArgumentError(`Requires delta != 0: ${strCat(z, d)} [Op:Range]`, 'Range');
    if (z > 0 ? !(x <= y) : !(x >= y)) {
      const [cmp, sign] = z > 0 ? ['<=', '>'] : ['>=', '<'];
      throw new InvalidArgumentError(`Requires start ${cmp} limit when delta ${sign} 0: ${strCat(x, d)}/${strCat(y, d)} [Op:Range]`, 'Range');
    }
    return wrap(core.arange(a, b, delta, d, 'tf'));
  });
}

/**
 * `tf.linspace(start, stop, num)`, as math_ops.py `linspace_nd` computes it in float32: delta = (stop - start) /
 * (num - 1) and each inner point start + delta * i, every operation rounded to float32. A negative num fails in the
 * range it builds (`range(1, -1)`).
 */
export const linspace = (start: number, stop: number, num: number): Tensor => guarded('LinSpace', () => {
  if (num < 0) throw new InvalidArgumentError('Requires start <= limit when delta > 0: 1/-1 [Op:Range]', 'Range');
  return wrap(core.linspace(start, stop, num, 'float32', 'tf'));
});

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
  /**
   * `tf.random.normal(shape, mean=0.0, stddev=1.0, dtype=tf.float32, seed=None)`. random_ops.py converts mean and
   * stddev with `convert_to_tensor(mean, dtype=dtype)` first, so an int32 or bool dtype fails on the mean.
   */
  normal(shape: ShapeLike, options: RandomOptions & { mean?: number; stddev?: number } = {}): Tensor {
    return guarded('RandomStandardNormal', () => {
      const d = coreDType(options.dtype) ?? 'float32';
      const mean = options.mean ?? 0;
      // NOTE: a JS number is a Python float here (the mean's default is 0.0), so it prints as one
      if (d === 'int32' || d === 'bool') throw new TypeError(`Cannot convert ${pyFloatRepr(mean)} to EagerTensor of dtype ${d}`);
      return wrap(core.randomNormal(dims(shape), mean, options.stddev ?? 1, d));
    });
  },
  /**
   * `tf.random.uniform(shape, minval=0, maxval=None, dtype=tf.float32, seed=None)`: maxval defaults to 1 for floats.
   * For int32, integers uniform on [minval, maxval) (RandomUniformIntOp; each equally likely here, see the core),
   * both bounds converted to int32 and minval < maxval unless the shape is empty. A bool dtype is refused.
   */
  uniform(shape: ShapeLike, options: RandomOptions & { minval?: number; maxval?: number | null } = {}): Tensor {
    return guarded('RandomUniform', () => {
      const d = coreDType(options.dtype) ?? 'float32';
      if (d === 'bool') {
        throw new ValueError("Argument `dtype` got invalid value <dtype: 'bool'>. Accepted dtypes are (tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64).");
      }
      const minval = options.minval ?? 0;
      if (d !== 'int32') return wrap(core.randomUniform(dims(shape), minval, options.maxval ?? 1, d));
      const maxval = options.maxval;
      if (maxval === undefined || maxval === null) throw new ValueError('Must specify maxval for integer dtype tf.int32');
      for (const v of [minval, maxval]) if (!Number.isInteger(v)) throw cannotConvert(v, 'int32');
      const s = dims(shape);
      // random_op.cc: the bounds are checked after the early exit for an empty output
      if (s.every((n) => n > 0) && !(minval < maxval)) {
        throw new InvalidArgumentError(`Need minval < maxval, got ${minval} >= ${maxval} [Op:RandomUniformInt]`, 'RandomUniformInt');
      }
      return wrap(core.randomUniform(s, minval, maxval, 'int32'));
    });
  },
};
