import type * as core from '@twingrad/core';
import { RuntimeError } from './errors.js';

/**
 * A PyTorch dtype (`torch.float32`, ...): prints as PyTorch does and names the core dtype that stores it.
 * @example torch.tensor([1, 2], { dtype: torch.float64 }).dtype === torch.float64 // true
 */
export class DType {
  constructor(
    /** PyTorch's name, e.g. `float32`. */
    readonly name: string,
    /** The core dtype that holds the values. */
    readonly core: core.DType,
    readonly is_floating_point: boolean,
  ) {}
  toString(): string {
    return `torch.${this.name}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export const float32 = new DType('float32', 'float32', true);
export const float64 = new DType('float64', 'float64', true);
/**
 * NOTE: the core has no 64-bit integers: `torch.int64` is stored as int32 (values beyond 2^31 wrap).
 * Every integer tensor reports `torch.int64`, PyTorch's default integer dtype, and prints as PyTorch prints it.
 */
export const int64 = new DType('int64', 'int32', false);
/** Accepted on input; stored as int32 and reported as `torch.int64` (see int64). */
export const int32 = new DType('int32', 'int32', false);
export const bool = new DType('bool', 'bool', false);
export { float32 as float, float64 as double, int64 as long, int32 as int };

/** The facade dtype a core dtype shows as. */
export function fromCore(d: core.DType): DType {
  switch (d) {
    case 'float32': return float32;
    case 'float64': return float64;
    case 'int32': return int64;
    case 'bool': return bool;
  }
}

/** PyTorch's torch.get_default_dtype(): always float32 here. */
export function get_default_dtype(): DType {
  return float32;
}

/** c10's names of the C++ types a Scalar is converted to (Scalar::to<T>, as fill_ and the range kernels do). */
const CPP_TYPE: Readonly<Record<string, string>> = { float32: 'float', float64: 'double', int64: 'int64_t', int32: 'int', bool: 'bool' };
const FLOAT_MAX = 3.4028234663852886e38;

/**
 * A Python scalar as Scalar::to<T> converts it (c10::checked_convert, c10/util/TypeCast.h `overflows`): an integer
 * type refuses NaN, infinities and values beyond its range; float refuses finite values beyond its range (but not
 * infinities or NaN); bool takes any value. Returns the number.
 */
export function checkedScalar(v: number | boolean, d: DType): number {
  const x = Number(v);
  let over: boolean;
  switch (d.name) {
    case 'int64': over = !(x >= -9223372036854775808 && x <= 9223372036854775807); break;
    case 'int32': over = !(x >= -2147483648 && x <= 2147483647); break;
    case 'float32': over = Number.isFinite(x) && Math.abs(x) > FLOAT_MAX; break;
    default: over = false;
  }
  if (over) throw new RuntimeError(`value cannot be converted to type ${CPP_TYPE[d.name]} without overflow`);
  return x;
}
