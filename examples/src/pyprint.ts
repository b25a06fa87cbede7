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

/** The shortest decimal that reads back to the same float32 (NumPy's repr of a float32 scalar). */
function shortest(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (Math.fround(v) !== v) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(v);
}

function floatRepr(v: number): string {
  const s = shortest(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** NumPy's str of a float array: every element with the same number of fraction digits, right-aligned. */
function ndarrayStr(a: unknown[]): string {
  const flat = (a.flat(Infinity) as number[]).map(shortest);
  const parts = flat.map((s) => { const [i, f = ''] = s.split('.'); return { i: i!, f }; });
  const fw = Math.max(0, ...parts.map((p) => p.f.length));
  const cells = parts.map((p) => `${p.i}.${p.f.padEnd(fw, ' ')}`);
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
 * Python's `f'{v:.{digits}f}'`: `inf`/`nan` spelled as Python does, and numbers past 1e21 written out in
 * full (JavaScript's toFixed switches to exponent form there; Python prints the exact integer value).
 */
export function pyFixed(v: number | boolean, digits: number): string {
  const x = Number(v);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Math.abs(x) >= 1e21) return `${BigInt(x).toString()}.${'0'.repeat(digits)}`;
  return x.toFixed(digits);
}
