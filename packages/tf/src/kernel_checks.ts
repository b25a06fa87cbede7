import * as core from '@twingrad/core';
import { TensorBase, convert } from './tensor.js';
import { InvalidArgumentError } from './errors.js';

/**
 * What the facade checks the way TensorFlow's kernels do, so that a mistake raises TF's error class and words: the
 * dtype names kernels print, the input-dtype check of ops that take several tensors, and Python's keyword arguments.
 */
export const TF_DTYPE_NAME: Record<core.DType, string> = { float32: 'float', float64: 'double', int32: 'int32', bool: 'bool' };

/** Two operands of one op must share a dtype: TF never promotes (the eager executor's input type check). */
export function checkPair(op: string, a: core.Tensor | number, b: core.Tensor | number, index = 1): void {
  if (typeof a !== 'number' && typeof b !== 'number' && a.dtype !== b.dtype) throw inputTypeError(op, index, a.dtype, b.dtype);
}

/** The eager executor's error for input `index` of `op` of dtype `got` where the op's signature wants `expected`. */
export function inputTypeError(op: string, index: number, expected: core.DType, got: core.DType): InvalidArgumentError {
  return new InvalidArgumentError(`cannot compute ${op} as input #${index}(zero-based) was expected to be a ${TF_DTYPE_NAME[expected]} tensor but is a ${TF_DTYPE_NAME[got]} tensor [Op:${op}]`, op);
}

/** A kernel's InvalidArgumentError, with the `[Op:Name]` suffix of eager errors. */
export function invalid(op: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError(`${message} [Op:${op}]`, op);
}

/**
 * Python's keyword arguments, given as an options object in the place of the first of them:
 * `tf.gather(x, i, axis=1)` is `tf.gather(x, i, { axis: 1 })`. Null when `v` is a positional value instead.
 */
export function keywords<T extends object>(v: unknown): T | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof TensorBase || v instanceof core.Tensor) return null;
  return v as T;
}

/** TensorShape::DebugString: `[2,3]`. */
export const debugShape = (shape: readonly number[]): string => `[${shape.join(',')}]`;

/**
 * A kernel's list input (ReverseV2's axis, Tile's multiples, a reduction's axis) given as an array, a number or a
 * tensor (`tf.shape(y)`, a constant: TF converts any of them): its entries, or null with the shape it has when it is
 * no vector.
 */
export function vectorArg(v: unknown): { values: number[] | null; shape: readonly number[] } {
  if (v instanceof TensorBase || v instanceof core.Tensor) {
    const t = convert(v);
    return { values: t.rank === 1 ? Array.from(t.data) : null, shape: t.shape };
  }
  return Array.isArray(v) ? { values: v as number[], shape: [v.length] } : { values: null, shape: [] };
}
