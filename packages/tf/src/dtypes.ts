import type * as core from '@twingrad/core';

/**
 * TensorFlow's `tf.DType`: one object per element type, compared by identity (`t.dtype === tf.float32`).
 * Anywhere a dtype is taken, its name ('float32') is accepted too.
 */
export class DType {
  constructor(readonly name: core.DType) {}

  get is_floating(): boolean { return this.name === 'float32' || this.name === 'float64'; }
  get is_integer(): boolean { return this.name === 'int32'; }
  get is_bool(): boolean { return this.name === 'bool'; }
  get base_dtype(): DType { return this; }

  toString(): string { return `<dtype: '${this.name}'>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return `tf.${this.name}`; }
}

export const float32 = new DType('float32');
export const float64 = new DType('float64');
export const int32 = new DType('int32');
export const bool = new DType('bool');
/** TensorFlow's aliases. */
export const float = float32;
export const double = float64;

const BY_NAME: Record<string, DType> = { float32, float64, int32, bool, float: float32, double: float64 };

export type DTypeLike = DType | core.DType | 'float' | 'double';

/** The facade's DType object for a core dtype name. */
export function dtypeOf(name: core.DType): DType {
  return BY_NAME[name]!;
}

/** A dtype argument as the core's name; TensorFlow's TypeError for anything else. */
export function coreDType(d: DTypeLike | null | undefined): core.DType | undefined {
  if (d === null || d === undefined) return undefined;
  if (d instanceof DType) return d.name;
  const found = BY_NAME[d];
  if (found === undefined) throw new TypeError(`Cannot convert ${JSON.stringify(d)} to EagerTensor of dtype: supported dtypes are float32, float64, int32 and bool`);
  return found.name;
}

/** `tf.as_dtype`. */
export function as_dtype(d: DTypeLike): DType {
  return dtypeOf(coreDType(d)!);
}
