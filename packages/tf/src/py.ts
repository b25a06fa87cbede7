/**
 * Python's printing of the values a program hands the facade: `repr(v)`, `str(v)` and `type(v).__name__`, as
 * TensorFlow's and Keras's messages quote them. Which one a message uses is in its source: `%r`, `{v!r}` and
 * PyObject_Repr are repr; `%s`, `{v}` and `str.format` are str.
 *
 * NOTE: JavaScript has one number type and cannot tell 3 from 3.0. The facade's convention: an integral number of
 * magnitude below 1e16 is a Python int, -0 included (it prints as 0: Python's int has no negative zero, and the
 * facade converts -0 as an int too); every other number is a float: a fraction, nan, inf, and an integral number
 * from 1e16 on, past 2^53 where doubles skip integers and where float's repr turns to exponent form (1e+16).
 * pyFloatRepr prints a number known to be a float (where Python's default is a float): there -0 is -0.0.
 * @example
 * pyRepr([1, 'a', null, 1e-5]) // "[1, 'a', None, 1e-05]"
 * pyStr('a')                   // 'a'
 * pyTypeName(2.5)              // 'float'
 */
import { isPlainObject } from './nest.js';
// NOTE: tensor.ts imports this module; Variable and TensorBase are read only when pyTypeName runs, never at load
import { TensorBase, Variable } from './tensor.js';

/** An object that prints itself as Python does: `__repr__()` is its repr, `toString()` its str (a tf.Tensor). */
interface PyPrintable { __repr__(): string }

/** Python's `repr(v)`: None, True, 'quoted' strings, int or float, [lists], {dicts}, a tensor's `__repr__`. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  switch (typeof v) {
    case 'boolean': return v ? 'True' : 'False';
    case 'number': return isPyInt(v) ? String(v) : pyFloatRepr(v);
    case 'bigint': return String(v);
    case 'string': return strRepr(v);
    // NOTE: Python adds the function's address (`<function f at 0x7f...>`), which has no counterpart here
    case 'function': return `<function ${v.name || '<lambda>'}>`;
  }
  if (isPrintable(v)) return v.__repr__();
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (isPlainObject(v)) return `{${Object.entries(v).map(([k, x]) => `${strRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  // a class instance: its own toString if it has one (a DType's is its repr), else Python's default repr, less the address
  const own = (v as { toString?: unknown }).toString;
  return typeof own === 'function' && own !== Object.prototype.toString ? String(v) : `<${pyTypeName(v)} object>`;
}

/** Python's `str(v)` (an f-string's `{v}`): a string as it is, a tensor's str, anything else (a list's elements too) as its repr. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isPrintable(v)) return String(v);
  return pyRepr(v);
}

/**
 * Python's `type(v).__name__`: NoneType, bool, int, float, str, list, dict, function, EagerTensor for a tensor,
 * ResourceVariable for a tf.Variable, and a class instance's constructor name otherwise.
 */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'number': return isPyInt(v) ? 'int' : 'float';
    case 'bigint': return 'int';
    case 'string': return 'str';
    case 'function': return 'function';
  }
  if (v instanceof Variable) return 'ResourceVariable';
  if (v instanceof TensorBase) return 'EagerTensor';
  if (Array.isArray(v)) return 'list';
  if (isPlainObject(v)) return 'dict';
  return (v as object).constructor?.name ?? 'object';
}

/**
 * Python's `float.__repr__` of a number Python holds as a float (so 0 is `0.0`): the shortest digits that read back
 * to it (JavaScript's too), in exponent form below 1e-4 and from 1e16 on, with an exponent of two digits at least.
 */
export function pyFloatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e16) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

/** Whether a number stands for a Python int (see the NOTE at the top). */
function isPyInt(v: number): boolean {
  return Number.isInteger(v) && Math.abs(v) < 1e16;
}

function isPrintable(v: unknown): v is PyPrintable {
  return typeof v === 'object' && v !== null && typeof (v as Partial<PyPrintable>).__repr__ === 'function';
}

/**
 * str.__repr__: single quotes, or double ones when the text holds a ' and no "; backslash escapes for the quote, the
 * backslash, \n \r \t, and \xNN, \uNNNN or \UNNNNNNNN for what Python does not print (controls, separators, spaces
 * other than ' ', format characters, surrogates, private-use and unassigned code points).
 */
function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) out += hexEscape(ch.codePointAt(0)!);
    else out += ch;
  }
  return out + quote;
}

function hexEscape(cp: number): string {
  const [prefix, width] = cp < 0x100 ? ['\\x', 2] : cp < 0x10000 ? ['\\u', 4] : ['\\U', 8];
  return prefix + cp.toString(16).padStart(width, '0');
}
