import type * as core from '@twingrad/core';
import { dragon4 } from './dragon4.js';

/**
 * TensorFlow's printing: `str()` of a tensor is `tf.Tensor(<NumPy str>, shape=..., dtype=...)`, its repr and a
 * variable's repr embed NumPy's repr. The number layout is NumPy's (default print options: precision 8,
 * 'maxprec' float mode, line width 75, summarised above 1000 elements with 3 edge items).
 */
const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE = 3;

export function strTensor(t: core.Tensor): string {
  return `tf.Tensor(${nl(numpyStr(t))}, shape=${shape(t.shape)}, dtype=${t.dtype})`;
}

export function reprTensor(t: core.Tensor): string {
  return `<tf.Tensor: shape=${shape(t.shape)}, dtype=${t.dtype}, numpy=${nl(numpyRepr(t))}>`;
}

export function reprVariable(name: string, t: core.Tensor): string {
  return `<tf.Variable '${name}' shape=${shape(t.shape)} dtype=${t.dtype}, numpy=${nl(numpyRepr(t))}>`;
}

/** TF starts a multi-line NumPy text on its own line. */
function nl(text: string): string {
  return text.includes('\n') ? '\n' + text : text;
}

function shape(s: readonly number[]): string {
  return s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`;
}

/** NumPy's `str(a)`; a 0-d array prints as its scalar. */
export function numpyStr(t: core.Tensor): string {
  if (t.rank === 0) return scalarStr(t.data[0]!, t.dtype);
  return formatArray(t, ' ', '', LINE_WIDTH);
}

/** NumPy's `repr(a)` as TF shows it (a 0-d value is a NumPy scalar: `6.0`; arrays: `array([1., 2.], dtype=float32)`). */
export function numpyRepr(t: core.Tensor): string {
  if (t.rank === 0) return scalarStr(t.data[0]!, t.dtype);
  // NOTE: _array_repr_implementation skips the dtype only when dtype_is_implied(dtype) and arr.size > 0
  // (float64 and bool are implied; int32 is not, int_ being int64): an empty array always shows it.
  const showDtype = t.dtype === 'float32' || t.dtype === 'int32' || t.size === 0;
  const prefix = 'array(';
  const body = t.size > 0 || t.rank === 1
    ? formatArray(t, ', ', prefix, LINE_WIDTH - 1)
    : `[], shape=${shape(t.shape)}`;
  const s = prefix + body + (showDtype ? ',' : ')');
  if (!showDtype) return s;
  const dt = `dtype=${t.dtype})`;
  const last = s.length - (s.lastIndexOf('\n') + 1);
  return s + (last + dt.length + 1 > LINE_WIDTH ? '\n' + ' '.repeat(prefix.length) : ' ') + dt;
}

/** `.numpy()` as JS values: a number (boolean) for 0-d, nested arrays otherwise. */
export function numpyValue(t: core.Tensor): any {
  const isBool = t.dtype === 'bool';
  // NOTE: a 0-d value is read without `data`, which would give it storage it does not need (scalar code reads many)
  if (t.rank === 0) return isBool ? t.first !== 0 : t.first;
  const d = t.data;
  const at = (i: number) => (isBool ? d[i] !== 0 : d[i]!);
  let k = 0;
  const build = (axis: number): any[] => {
    const n = t.shape[axis]!;
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = axis === t.rank - 1 ? at(k++) : build(axis + 1);
    return out;
  };
  return build(0);
}

/** Positional digits (dragon4_positional, unique, trim '.'): [integer part with sign, fraction part (may be '')]. */
function positional(x: number, dtype: core.DType, maxFrac?: number, minFrac?: number): [string, string] {
  const { digits, exp } = dragon4(x, dtype, { mode: 'fraction', max: maxFrac, min: minFrac });
  let int: string, frac: string;
  if (exp >= 0) {
    const padded = digits.padEnd(exp + 1, '0');
    int = padded.slice(0, exp + 1);
    frac = padded.slice(exp + 1);
  } else {
    int = '0';
    frac = '0'.repeat(-exp - 1) + digits;
  }
  return [(x < 0 || Object.is(x, -0) ? '-' : '') + int, frac];
}

/** Scientific digits (dragon4_scientific, unique): [mantissa integer with sign, mantissa fraction, exponent]. */
function scientific(x: number, dtype: core.DType, maxFrac?: number, minFrac?: number): [string, string, number] {
  const plus1 = (k?: number) => (k === undefined ? undefined : k + 1);
  const { digits, exp } = dragon4(x, dtype, { mode: 'total', max: plus1(maxFrac), min: plus1(minFrac) });
  // NOTE: -0.0 keeps its sign (NumPy prints -0.e+00)
  return [(x < 0 || Object.is(x, -0) ? '-' : '') + digits[0], digits.slice(1), exp];
}

// ---- scalars ----

function expStr(e: number, width: number): string {
  return (e < 0 ? '-' : '+') + String(Math.abs(e)).padStart(width, '0');
}

/**
 * NumPy's str of a scalar (scalartypes.c's `float32type_str`: positional for 1e-4 <= |x| < 1e16 or 0, else
 * scientific, shortest unique digits in both): `63.0`, `0.5`, `1e-05`, `3`, `True`.
 */
export function scalarStr(x: number, dtype: core.DType): string {
  if (dtype === 'bool') return x ? 'True' : 'False';
  if (dtype === 'int32') return String(x);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  const a = Math.abs(x);
  if (a === 0 || (a >= 1e-4 && a < 1e16)) {
    const [int, frac] = positional(x, dtype);
    return `${int}.${frac || '0'}`;
  }
  const [i, f, e] = scientific(x, dtype);
  return `${i}${f ? '.' + f : ''}e${expStr(e, 2)}`;
}

// ---- arrays ----

type Fmt = (x: number) => string;

/** NumPy's _get_format_function: the element format for the values shown (Bool/Integer/FloatingFormat). */
function formatter(vals: number[], dtype: core.DType): Fmt {
  if (dtype === 'bool') return (x) => (x ? ' True' : 'False');
  if (dtype === 'int32') return integerFormat(vals);
  const f = fillFormat(vals, dtype);
  return (x) => formatFloat(f, x);
}

/** NumPy's IntegerFormat: right-aligned to the widest value shown. */
function integerFormat(vals: number[]): Fmt {
  const w = vals.reduce((m, v) => Math.max(m, String(v).length), 0);
  return (x) => String(x).padStart(w);
}

/**
 * NumPy's FloatingFormat once fillFormat has run: `mode` is its exp_format ('none' when no value shown is finite),
 * then pad_left, pad_right, and the precision, min_digits and exp_size that __call__ passes to Dragon4.
 */
interface FloatingFormat {
  dtype: core.DType;
  mode: 'none' | 'scientific' | 'positional';
  padLeft: number;
  padRight: number;
  precision: number;
  minDigits: number;
  expSize: number;
}

/** FloatingFormat.fillFormat: the notation and the pads that line up every value shown, nan and inf included. */
function fillFormat(vals: number[], dtype: core.DType): FloatingFormat {
  const finite = vals.filter(Number.isFinite);
  const f: FloatingFormat = finite.length === 0
    ? { dtype, mode: 'none', padLeft: 0, padRight: 0, precision: 0, minDigits: 0, expSize: 0 }
    : expFormat(finite, dtype) ? fillScientific(finite, dtype) : fillPositional(finite, dtype);
  if (finite.length !== vals.length) {
    // 'nan' and 'inf' (or '-inf') are right-aligned to the finite values' full width, which they may widen
    const neginf = vals.some((v) => v === -Infinity);
    const offset = f.padRight + 1;
    f.padLeft = Math.max(f.padLeft, 3 - offset, 3 + (neginf ? 1 : 0) - offset);
  }
  return f;
}

/** fillFormat's choice of exp_format, made on the nonzero finite values. */
function expFormat(finite: number[], dtype: core.DType): boolean {
  const nonzero = finite.filter((v) => v !== 0).map(Math.abs);
  if (nonzero.length === 0) return false;
  const max = Math.max(...nonzero), min = Math.min(...nonzero);
  // NOTE: FloatingFormat.fillFormat divides np.max by np.min in the array's dtype: for float32 the ratio is
  // rounded to float32, so a ratio just above 1000 becomes 1000.0 and does not switch to scientific notation.
  const ratio = dtype === 'float32' ? Math.fround(max / min) : max / min;
  return max >= 1e8 || min < 1e-4 || ratio > 1000;
}

/** fillFormat in exp_format: the widest mantissa fraction becomes the precision every value is printed with. */
function fillScientific(finite: number[], dtype: core.DType): FloatingFormat {
  // fillFormat's first pass: dragon4_scientific(x, precision=8, unique=True, trim='.') of every value
  const parts = finite.map((v) => scientific(v, dtype, 8));
  const precision = Math.max(...parts.map((p) => p[1].length));
  const expSize = Math.max(2, ...parts.map((p) => String(Math.abs(p[2])).length));
  const padLeft = Math.max(...parts.map((p) => p[0].length));
  // pad_right is only needed for the width of nan and inf: fraction, 'e', exponent sign and digits
  const padRight = precision + expSize + 2;
  return { dtype, mode: 'scientific', padLeft, padRight, precision, minDigits: precision, expSize };
}

/** fillFormat in positional notation: the pads are the widest integer part and the widest fraction. */
function fillPositional(finite: number[], dtype: core.DType): FloatingFormat {
  // fillFormat's first pass: dragon4_positional(x, precision=8, unique=True, fractional=True, trim='.')
  const parts = finite.map((v) => positional(v, dtype, 8));
  const padLeft = Math.max(...parts.map((p) => p[0].length));
  const padRight = Math.max(...parts.map((p) => p[1].length));
  // NOTE: 'maxprec' mode keeps min_digits=0 for __call__: Dragon4 does not stop before the units digit, so a float32
  // integer >= 2**24 prints its exact digits (46530112.), not the shortest ones (46530110.)
  return { dtype, mode: 'positional', padLeft, padRight, precision: 8, minDigits: 0, expSize: 0 };
}

/** FloatingFormat.__call__: one value printed with the format fillFormat chose. */
function formatFloat(f: FloatingFormat, x: number): string {
  if (!Number.isFinite(x)) {
    const s = Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
    return s.padStart(f.padLeft + f.padRight + 1);
  }
  if (f.mode === 'none') return '';
  if (f.mode === 'scientific') {
    // dragon4_scientific(x, precision=prec, min_digits=prec, unique=True, trim='k'): exactly prec digits after the
    // point (further true digits, not zeros), zero-padded only after a carry
    const [i, frac, e] = scientific(x, f.dtype, f.precision, f.minDigits);
    return `${i.padStart(f.padLeft)}.${frac.padEnd(f.precision, '0')}e${expStr(e, f.expSize)}`;
  }
  // dragon4_positional(x, precision=8, min_digits=0, unique=True, fractional=True, trim='.')
  const [i, frac] = positional(x, f.dtype, f.precision, f.minDigits);
  return `${i.padStart(f.padLeft)}.${frac.padEnd(f.padRight)}`;
}

/** The array being printed: its strides, and whether it is summarised (more than THRESHOLD elements). */
interface Walk { t: core.Tensor; strides: number[]; summarise: boolean }
/** What _formatArray's recurser reads besides the array: the separator and the element format. */
interface Printer extends Walk { sep: string; fmt: Fmt }

/**
 * NumPy's _array2string and _formatArray: nested brackets, rows wrapped at the line width, summarised beyond the
 * threshold; the element format is fitted to the values shown (_leading_trailing).
 */
function formatArray(t: core.Tensor, sep: string, prefix: string, width: number): string {
  const shapeA = t.shape;
  if (t.size === 0) return '[]';
  const strides = shapeA.map((_, d) => shapeA.slice(d + 1).reduce((a, n) => a * n, 1));
  const w: Walk = { t, strides, summarise: t.size > THRESHOLD };
  const p: Printer = { ...w, sep, fmt: formatter(leadingTrailing(w), t.dtype) };
  const nextPrefix = ' ' + ' '.repeat(prefix.length);
  return recurser(p, 0, 0, nextPrefix, width);
}

/** The indices shown along an axis: all, or the edge items around a -1 for the summary's '...'. */
function shownIdx(w: Walk, axis: number): number[] {
  const n = w.t.shape[axis]!;
  if (w.summarise && n > 2 * EDGE) return [0, 1, 2, -1, n - 3, n - 2, n - 1].slice(0, 2 * EDGE + 1);
  return Array.from({ length: n }, (_, i) => i);
}

/** NumPy's _leading_trailing: the values shown, in order. */
function leadingTrailing(w: Walk): number[] {
  const shown: number[] = [];
  const collect = (axis: number, off: number) => {
    for (const i of shownIdx(w, axis)) {
      if (i < 0) continue;
      if (axis === w.t.shape.length - 1) shown.push(w.t.data[off + i]!);
      else collect(axis + 1, off + i * w.strides[axis]!);
    }
  };
  collect(0, 0);
  return shown;
}

/** _formatArray's recurser: the sub-array at `off` from `axis` on; its inner lines start with `hang`. */
function recurser(p: Printer, axis: number, off: number, hang: string, curWidth: number): string {
  const left = p.t.shape.length - axis;
  const idx = shownIdx(p, axis);
  let s = '';
  if (left === 1) {
    s = formatRow(p, idx, off, hang, curWidth);
  } else {
    // NumPy's line_sep: rows end with one newline, 2-d blocks with two (a blank line), and so on
    const lineSep = p.sep.trimEnd() + '\n'.repeat(left - 1);
    const nextHang = hang + ' ';
    const nextWidth = curWidth - 1;
    idx.forEach((i, k) => {
      const nested = i < 0 ? '...' : recurser(p, axis + 1, off + i * p.strides[axis]!, nextHang, nextWidth);
      s += hang + nested + (k < idx.length - 1 ? lineSep : '');
    });
  }
  return '[' + s.slice(hang.length) + ']';
}

/** recurser on the last axis: the elements and separators, wrapped as _extendLine does. */
function formatRow(p: Printer, idx: number[], off: number, hang: string, curWidth: number): string {
  // room is left for the closing bracket or the separator after the row (elem_width)
  const elemWidth = curWidth - Math.max(p.sep.trimEnd().length, 1);
  let s = '', line = hang;
  idx.forEach((i, k) => {
    const word = i < 0 ? '...' : p.fmt(p.t.data[off + i]!);
    [s, line] = extendLine(s, line, word, elemWidth, hang);
    if (k < idx.length - 1) line += p.sep;
  });
  return s + line;
}

/** NumPy's _extendLine: `word` joins the line, wrapped first if it would pass the width and wrapping helps. */
function extendLine(s: string, line: string, word: string, width: number, hang: string): [string, string] {
  if (line.length + word.length > width && line.length > hang.length) {
    s += line.trimEnd() + '\n';
    line = hang;
  }
  return [s, line + word];
}
