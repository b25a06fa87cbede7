/** What a JS number stands for in a column: a NumPy float32 scalar (TF's `.numpy()`) or a Python float (`.item()`). */
export type NumberKind = 'float32' | 'float';

/**
 * Python's print for what the notebook prints: strings as they are, numbers as NumPy float32 scalars print
 * (`63.0`, the TF column's `.numpy()`) or as Python floats (`2.4000000953674316`, the PyTorch column's `.item()`),
 * nested arrays as NumPy arrays (`[[ 2.  4.  6.]\n [ 8. 10. 12.]]`), and anything else (facade tensors) through
 * its own String(), which follows its framework.
 */
export function pyStr(v: unknown, numbers: NumberKind = 'float32'): string {
  if (typeof v === 'number') return numbers === 'float' ? pyFloatRepr(v) : floatRepr(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return ndarrayStr(v);
  return String(v);
}

export function pyPrint(out: string[], numbers: NumberKind = 'float32'): (...args: unknown[]) => void {
  return (...args) => out.push(...args.map((a) => pyStr(a, numbers)).join(' ').split('\n'));
}

/**
 * Python's repr of a float (a double): the shortest digits that read back, in exponent form below 1e-4 and from
 * 1e16 on (`1e-05`, `1.5e+16`), with `.0` on whole numbers.
 */
export function pyFloatRepr(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = v.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  const s = String(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** The shortest decimal that reads back to the same float32 (NumPy's repr of a float32 scalar), as a number. */
function shortestValue(v: number): number {
  if (Math.fround(v) !== v) return v;
  for (let p = 1; p <= 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return s;
  }
  return v;
}

function shortest(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  return Object.is(v, -0) ? '-0' : String(shortestValue(v));
}

/** A float32 scalar as NumPy prints it: positional from 1e-4 to 1e16, else `1e-05`, `1.5e+17`; `-0.0` keeps its sign. */
function floatRepr(v: number): string {
  if (!Number.isFinite(v)) return shortest(v);
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e16) {
    const [m, e] = shortestValue(v).toExponential().split('e') as [string, string];
    const x = Number(e);
    return `${m}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
  }
  const s = shortest(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/**
 * NumPy's str of a float array in positional notation: every finite element with the same number of fraction digits,
 * nan and inf as words, all right-aligned to one width. (NumPy switches a whole array to exponent notation for very
 * large or small values; the notebook's arrays need no more than this.)
 */
function ndarrayStr(a: unknown[]): string {
  const flat = a.flat(Infinity) as number[];
  const parts = flat.map((v) => {
    if (!Number.isFinite(v)) return null;
    const [i, f = ''] = shortest(v).split('.');
    return { i: i!, f };
  });
  const fw = Math.max(0, ...parts.map((p) => (p === null ? 0 : p.f.length)));
  const cells = parts.map((p, k) => (p === null ? shortest(flat[k]!) : `${p.i}.${p.f.padEnd(fw, ' ')}`));
  const width = Math.max(0, ...cells.map((c) => c.length));
  let k = 0;
  const walk = (x: unknown, depth: number): string => {
    if (!Array.isArray(x)) return cells[k++]!.padStart(width);
    const inner = x.map((e) => walk(e, depth + 1));
    const sep = Array.isArray(x[0]) ? `\n${' '.repeat(depth + 1)}` : ' ';
    return `[${inner.join(sep)}]`;
  };
  return walk(a, 0);
}

/**
 * Python's `f'{v:.{digits}f}'`: the exact binary value rounded half to even (JavaScript's toFixed rounds half up:
 * 0.03125 gives 0.0313 there, 0.0312 in Python), the sign of a negative zero kept, `inf`/`nan` spelled as Python
 * does, and numbers past 1e21 written out in full (toFixed switches to exponent form there).
 */
export function pyFixed(v: number | boolean, digits: number): string {
  const x = Number(v);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  if (a >= 1e21) return `${sign}${BigInt(a).toString()}${digits === 0 ? '' : `.${'0'.repeat(digits)}`}`;
  // the decimal expansion, exact to 100 places: enough to tell a tie at the digits kept from a value beside it
  const exact = a.toFixed(100);
  const dot = exact.indexOf('.');
  const kept = exact.slice(0, dot) + exact.slice(dot + 1, dot + 1 + digits);
  const rest = exact.slice(dot + 1 + digits);
  const last = Number(kept[kept.length - 1]);
  const up = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || last % 2 === 1));
  const n = BigInt(kept) + (up ? 1n : 0n);
  const str = n.toString().padStart(digits + 1, '0');
  const body = digits === 0 ? str : `${str.slice(0, str.length - digits)}.${str.slice(str.length - digits)}`;
  return `${sign}${body}`;
}
