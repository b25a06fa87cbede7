// Python's tf.nest, as far as the facade needs it: JavaScript arrays stand for lists and tuples, plain objects for dicts.

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
