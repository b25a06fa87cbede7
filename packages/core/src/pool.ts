import type { DType, TypedArray } from './dtype.js';

/**
 * Large arrays the backward pass knows nothing else holds (cotangents it made and has used), kept for the next
 * tensor of the same dtype and size. Freed large arrays go back to the operating system and fault in again when the
 * next one is made (~2.5 us per 4 KB page on a VM, more than the arithmetic on it: elementwise work on 1,000,000
 * floats spent a third of its time there); PyTorch's caching allocators keep blocks for the same reason.
 * `storagePool.enabled = false` turns reuse off; `minBytes` is the size below which arrays are not kept; `reused`
 * counts the arrays handed out again.
 */
export const storagePool = { enabled: true, minBytes: 1 << 18, reused: 0 };

/** At most this many arrays are kept (the oldest goes first): a step's few temporaries, not a growing cache. */
const KEPT = 4;
const kept: TypedArray[] = [];

/** The fewest elements of a kept array (Infinity when none is kept): `allocate`'s one comparison for small arrays. */
let shortest = Infinity;
export const shortestKept = (): number => shortest;

export function recycle(a: TypedArray): void {
  if (!storagePool.enabled || a.byteLength < storagePool.minBytes) return;
  if (kept.length === KEPT) kept.shift();
  kept.push(a);
  noteShortest();
}

function noteShortest(): void {
  shortest = Infinity;
  for (const k of kept) shortest = Math.min(shortest, k.length);
}

/** A kept array of `dtype` and `n` elements, zeroed as a new one is; null if none is kept. */
export function reuse(dtype: DType, n: number): TypedArray | null {
  if (!storagePool.enabled) return null;
  for (let i = kept.length - 1; i >= 0; i--) {
    const a = kept[i]!;
    if (a.length !== n || KIND[dtype] !== a.constructor) continue;
    kept.splice(i, 1);
    noteShortest();
    storagePool.reused++;
    return a.fill(0);
  }
  return null;
}

const KIND: Record<DType, unknown> = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array };
