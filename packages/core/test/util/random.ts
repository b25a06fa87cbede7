/**
 * Seeded pseudo-random values for tests that want plain uniform data rather than fast-check draws.
 * Imports nothing from the core, so kernel-level tests (wasm) can use it without loading the engine.
 */

/** mulberry32: a deterministic stream of uniform values in [-0.5, 0.5) for a given seed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

/** Fills `out` with uniform values in [-scale/2, scale/2) from `seed` (rounded to float32 in a Float32Array). */
export function fillUniform<T extends Float32Array | Float64Array>(out: T, seed: number, scale = 4): T {
  const r = prng(seed);
  for (let i = 0; i < out.length; i++) out[i] = r() * scale;
  return out;
}

/** `n` float32 values uniform in [-scale/2, scale/2) from `seed`. */
export function randomF32(n: number, seed: number, scale = 4): Float32Array {
  return fillUniform(new Float32Array(n), seed, scale);
}
