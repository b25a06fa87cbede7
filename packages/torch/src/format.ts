import { core } from './core.js';
import { fromCore } from './dtype.js';
import { RuntimeError } from './errors.js';

type CoreTensor = core.Tensor;

/** PyTorch's print options (torch.set_printoptions); only these defaults are used by the facade. */
export const PRINT_OPTS: { precision: number; threshold: number; edgeitems: number; linewidth: number; sci_mode: boolean | null } =
  { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };

export interface PrintOptions {
  precision?: number | null; threshold?: number | null; edgeitems?: number | null; linewidth?: number | null;
  profile?: 'default' | 'short' | 'full' | null; sci_mode?: boolean | null;
}

/**
 * torch.set_printoptions (torch/_tensor_str.py, 1.13): a profile first ('default', 'short': precision 2 and
 * edgeitems 2, 'full': no summarising; another name changes nothing), then each option given; `sci_mode` is set on
 * every call, so a call without it returns to the automatic choice.
 * @example torch.set_printoptions({ precision: 2 }); String(torch.tensor([1.12345])) // 'tensor([1.12])'
 */
export function set_printoptions(o: PrintOptions = {}): void {
  const P = PRINT_OPTS;
  if (o.profile === 'default') Object.assign(P, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
  else if (o.profile === 'short') Object.assign(P, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  else if (o.profile === 'full') Object.assign(P, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  if (o.precision != null) P.precision = o.precision;
  if (o.threshold != null) P.threshold = o.threshold;
  if (o.edgeitems != null) P.edgeitems = o.edgeitems;
  if (o.linewidth != null) P.linewidth = o.linewidth;
  P.sci_mode = o.sci_mode ?? null;
}

/**
 * PyTorch's `repr(tensor)` (torch/_tensor_str.py): the element formatter, line wrapping at 80 columns,
 * summarisation past 1000 elements, and the `dtype=`, `grad_fn=` / `requires_grad=` suffixes.
 * @example formatTensor(t, 'AddBackward0', true) // 'tensor(63., grad_fn=<AddBackward0>)'
 */
export function formatTensor(t: CoreTensor, gradFn: string | null, requiresGrad: boolean): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  let body: string;
  if (t.size === 0) {
    if (t.rank !== 1) suffixes.push(`size=(${t.shape.join(', ')})`);
    if (t.dtype !== 'float32') suffixes.push(`dtype=${fromCore(t.dtype)}`);
    body = '[]';
  } else {
    if (t.dtype === 'float64') suffixes.push(`dtype=${fromCore(t.dtype)}`);
    body = tensorStr(t, indent);
  }
  if (gradFn !== null) suffixes.push(`grad_fn=<${gradFn}>`);
  else if (requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}

function addSuffixes(s: string, suffixes: string[], indent: number): string {
  const parts = [s];
  // NOTE: PyTorch's own arithmetic (len - rfind + 1), kept so that wrapping happens at the same column.
  let last = s.length - s.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (last + suffix.length + 2 > PRINT_OPTS.linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      last = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      last += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** Reads a tensor as nested slices: a view of (offset, dim) over the flat row-major data. */
interface Cursor { t: CoreTensor; strides: number[] }

function tensorStr(t: CoreTensor, indent: number): string {
  const summarize = t.size > PRINT_OPTS.threshold;
  const strides: number[] = [];
  let acc = 1;
  for (let d = t.rank - 1; d >= 0; d--) { strides[d] = acc; acc *= t.shape[d]!; }
  const c: Cursor = { t, strides };
  const shown: number[] = [];
  collect(c, 0, 0, summarize, shown);
  const f = new Formatter(shown, t.dtype);
  return strWith(c, 0, 0, indent, summarize, f);
}

/**
 * The elements PyTorch's formatter measures: all of them, or the edge items when summarising (get_summarized_data,
 * which stacks the rows it keeps: none, with edgeitems 0, is torch.stack's error).
 */
function collect(c: Cursor, off: number, dim: number, summarize: boolean, out: number[]): void {
  if (dim === c.t.rank) { out.push(c.t.data[off]!); return; }
  const rows = indices(c.t.shape[dim]!, summarize, dim === c.t.rank - 1);
  if (rows.every((i) => i < 0)) throw new RuntimeError('stack expects a non-empty TensorList');
  for (const i of rows) {
    if (i >= 0) collect(c, off + i * c.strides[dim]!, dim + 1, summarize, out);
  }
}

/**
 * Indices to show along an axis of `n`; -1 stands for the ellipsis. Summarised, the last axis shows the slices
 * `[:edgeitems]` and `[-edgeitems:]` and the others the rows `range(0, edgeitems)` and `range(n - edgeitems, n)`, as
 * _tensor_str.py writes them: they differ for edgeitems 0, where `-0` is 0 and the last axis's tail is all of it.
 */
function indices(n: number, summarize: boolean, last: boolean): number[] {
  const e = PRINT_OPTS.edgeitems;
  if (!summarize || n <= 2 * e) return range(0, n);
  const head = last ? pySlice(n, null, e) : range(0, e);
  const tail = last ? pySlice(n, -e, null) : range(n - e, n);
  return [...head, -1, ...tail];
}

/** Python's range(start, stop). */
function range(start: number, stop: number): number[] {
  return Array.from({ length: Math.max(0, stop - start) }, (_, i) => start + i);
}

/** The indices of Python's `x[start:stop]` along an axis of `n` (null: the default; negative: from the end). */
function pySlice(n: number, start: number | null, stop: number | null): number[] {
  const at = (v: number | null, none: number) => (v === null ? none : v < 0 ? Math.max(0, v + n) : Math.min(v, n));
  return range(at(start, 0), at(stop, n));
}

function strWith(c: Cursor, off: number, dim: number, indent: number, summarize: boolean, f: Formatter): string {
  const rank = c.t.rank;
  if (rank === 0) return f.format(c.t.data[0]!);
  if (dim === rank - 1) {
    const items = indices(c.t.shape[dim]!, summarize, true).map((i) => (i < 0 ? ' ...' : f.format(c.t.data[off + i]!)));
    const perLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - indent) / (f.maxWidth + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
  }
  const slices = indices(c.t.shape[dim]!, summarize, false).map((i) =>
    i < 0 ? '...' : strWith(c, off + i * c.strides[dim]!, dim + 1, indent + 1, summarize, f));
  return '[' + slices.join(',' + '\n'.repeat(rank - dim - 1) + ' '.repeat(indent + 1)) + ']';
}

/** PyTorch's _Formatter: integer mode, fixed 4 decimals, or scientific notation, and one common width. */
class Formatter {
  readonly floating: boolean;
  readonly bool: boolean;
  intMode = true;
  sci = false;
  maxWidth = 1;

  constructor(values: readonly number[], dtype: CoreTensor['dtype']) {
    this.floating = core.isFloat(dtype);
    this.bool = dtype === 'bool';
    if (!this.floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.plain(v).length);
      return;
    }
    const vals = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (vals.length === 0) return;
    let lo = Infinity, hi = 0;
    for (const v of vals) { const a = Math.abs(v); lo = Math.min(lo, a); hi = Math.max(hi, a); }
    this.intMode = vals.every((v) => v === Math.ceil(v));
    const p = PRINT_OPTS.precision;
    if (hi / lo > 1000 || hi > 1e8 || (!this.intMode && lo < 1e-4)) {
      this.sci = true;
      for (const v of vals) this.maxWidth = Math.max(this.maxWidth, expStr(v, p).length);
    } else if (this.intMode) {
      for (const v of vals) this.maxWidth = Math.max(this.maxWidth, fixedStr(v, 0).length + 1);
    } else {
      for (const v of vals) this.maxWidth = Math.max(this.maxWidth, fixedStr(v, p).length);
    }
    // set_printoptions(sci_mode=...) overrides the choice, not the width measured for it (as _Formatter)
    if (PRINT_OPTS.sci_mode !== null) this.sci = PRINT_OPTS.sci_mode;
  }

  private plain(v: number): string {
    return this.bool ? (v ? 'True' : 'False') : String(v);
  }

  format(v: number): string {
    let s: string;
    if (!this.floating) s = this.plain(v);
    else if (this.sci) s = expStr(v, PRINT_OPTS.precision);
    else if (this.intMode) s = fixedStr(v, 0) + (Number.isFinite(v) ? '.' : '');
    else s = fixedStr(v, PRINT_OPTS.precision);
    return s.length >= this.maxWidth ? s : ' '.repeat(this.maxWidth - s.length) + s;
  }
}

function nonFinite(v: number): string | null {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return null;
}

/**
 * Python's '{:.pf}': the exact binary value rounded to p decimals, ties to even.
 * NOTE: JavaScript's toFixed rounds exact ties up (0.03125 -> '0.0313'); Python gives '0.0312'.
 */
export function fixedStr(v: number, p: number): string {
  const nf = nonFinite(v);
  if (nf !== null) return nf;
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  const a = Math.abs(v);
  let s = a.toFixed(p);
  const exact = a.toFixed(100);
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + p);
  if (rest[0] === '5' && /^0*$/.test(rest.slice(1))) {
    const truncated = exact.slice(0, p === 0 ? dot : dot + 1 + p);
    const last = Number(truncated[truncated.length - 1]);
    if (last % 2 === 0) s = truncated;
  }
  return sign + s;
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/**
 * The exact decimal value of a finite nonzero |v|: its significant digits (trailing zeros dropped) and the exponent of
 * the first, meaning d1.d2d3... * 10^exp. A double is m * 2^e, which is m * 5^-e * 10^e when e < 0, so BigInt gives
 * every digit (up to ~770 of them for subnormals), where toFixed(100)/toPrecision(100) stop at 100.
 */
function exactDecimal(a: number): { digits: string; exp: number } {
  F64[0] = a;
  const bits = U64[0]!;
  const be = Number((bits >> 52n) & 0x7ffn), frac = bits & 0xfffffffffffffn;
  const m = be === 0 ? frac : frac | 0x10000000000000n;
  const e = be === 0 ? -1074 : be - 1075;
  const s = (e >= 0 ? m << BigInt(e) : m * 5n ** BigInt(-e)).toString();
  return { digits: s.replace(/0+$/, ''), exp: s.length - 1 + Math.min(e, 0) };
}

/**
 * Python's '{:.pe}', which PyTorch's _Formatter.format (torch/_tensor_str.py) uses in sci_mode: float.__format__
 * rounds the exact value correctly, ties to even; the exponent has a sign and at least two digits. NOTE: toExponential rounds an exact tie up (0.00390625 -> '3.9063e-3'); Python gives '3.9062e-03'. As in
 * fixedStr, a tie (the exact digits end with a 5 right after the p+1 kept ones) takes the truncated digits when
 * their last is even.
 */
export function expStr(v: number, p: number): string {
  const nf = nonFinite(v);
  if (nf !== null) return nf;
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  const a = Math.abs(v);
  let [m, e] = a.toExponential(p).split('e') as [string, string];
  // a tie needs at most p+2 significant digits, so toExponential(p+1) is then exact: a cheap test before BigInt
  if (a !== 0 && Number(a.toExponential(p + 1)) === a) {
    const exact = exactDecimal(a);
    const d = exact.digits;
    if (d.length === p + 2 && d[p + 1] === '5' && Number(d[p]) % 2 === 0) {
      m = p > 0 ? `${d[0]}.${d.slice(1, p + 1)}` : d[0]!;
      e = (exact.exp < 0 ? '-' : '+') + Math.abs(exact.exp);
    }
  }
  const digits = e.slice(1);
  return `${sign}${m}e${e[0]}${digits.length < 2 ? '0' + digits : digits}`;
}
