// Python's tf.nest, as far as the facade needs it: JavaScript arrays stand for lists and tuples, plain objects for dicts.
import { ValueError } from './errors.js';
// NOTE: py.ts imports isPlainObject from here; its functions are called only when a structure error is raised
import { pyRepr, pyStr, pyTypeName } from './py.js';

/** Python's nest.flatten: arrays in order, plain objects by sorted key. */
export function flatten(s: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(s)) for (const e of s) flatten(e, out);
  else if (isPlainObject(s)) for (const k of Object.keys(s).sort()) flatten(s[k], out);
  else out.push(s);
  return out;
}

/** Python's nest.pack_sequence_as. */
export function pack(structure: unknown, flat: readonly unknown[], at = { i: 0 }): any {
  if (Array.isArray(structure)) return structure.map((e) => pack(e, flat, at));
  if (isPlainObject(structure)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(structure).sort()) out[k] = pack(structure[k], flat, at);
    return Object.fromEntries(Object.keys(structure).map((k) => [k, out[k]]));
  }
  return flat[at.i++];
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * nest.assert_same_structure(a, b) as nest_util.py raises it: util.cc AssertSameStructure's text ("The two
 * structures don't have the same nested structure." with both structures and where they differ), then both as dots.
 */
export function assertSameStructure(a: unknown, b: unknown): void {
  const diff = structureDiff(a, b);
  if (diff === null) return;
  const text = `The two structures don't have the same nested structure.\n\nFirst structure: ${objectString(a)}\n\n` +
    `Second structure: ${objectString(b)}\n\nMore specifically: ${diff.message}\n` +
    `Entire first structure:\n${dots(a)}\nEntire second structure:\n${dots(b)}`;
  throw diff.type ? new TypeError(text) : new ValueError(text);
}

/** util.cc AssertSameStructureHelper (check_types=True): the first difference, or null. */
function structureDiff(a: unknown, b: unknown): { message: string; type: boolean } | null {
  const sa = Array.isArray(a) || isPlainObject(a), sb = Array.isArray(b) || isPlainObject(b);
  if (sa !== sb) {
    const [seq, non] = sa ? [a, b] : [b, a];
    return { type: false, message: `Substructure "${objectString(seq)}" is a sequence, while substructure "${objectString(non)}" is not` };
  }
  if (!sa) return null;
  if (Array.isArray(a) !== Array.isArray(b)) {
    return { type: true, message: `The two namedtuples don't have the same sequence type. First structure ${objectString(a)} has type ${pyTypeName(a)}, while second structure ${objectString(b)} has type ${pyTypeName(b)}` };
  }
  let xs: unknown[], ys: unknown[];
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length || ka.some((k) => !Object.hasOwn(b, k))) {
      return { type: false, message: `The two dictionaries don't have the same set of keys. First structure has keys ${objectString(ka)}, while second structure has keys ${objectString(kb)}` };
    }
    xs = ka.sort().map((k) => a[k]);
    ys = ka.map((k) => b[k]);
  } else [xs, ys] = [a as unknown[], b as unknown[]];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const d = structureDiff(xs[i], ys[i]);
    if (d !== null) return d;
  }
  if (xs.length === ys.length) return null;
  return { type: false, message: `The two structures don't have the same number of elements. First structure: ${objectString(a)}. Second structure: ${objectString(b)}` };
}

/** util.cc PyObjectToString: `type=<type name> str=<str(o)>`. */
function objectString(v: unknown): string {
  return `type=${pyTypeName(v)} str=${pyStr(v)}`;
}

/** str(map_structure(lambda _: _DOT, s)): the structure with a dot for each leaf. */
function dots(s: unknown): string {
  if (Array.isArray(s)) return `[${s.map(dots).join(', ')}]`;
  if (isPlainObject(s)) return `{${Object.keys(s).map((k) => `${pyRepr(k)}: ${dots(s[k])}`).join(', ')}}`;
  return '.';
}
