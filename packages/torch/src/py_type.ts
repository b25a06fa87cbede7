/** pyType: the Python type name of a JS value, for PyTorch's argument errors. */
import { Tensor } from './tensor.js';

/** The Python type name of a JS value, as PyTorch's argument errors print it. */
export function pyType(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v === null || v === undefined) return 'NoneType';
  if (v instanceof Tensor) return 'Tensor';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : typeof v === 'function' ? 'function' : 'dict';
}
