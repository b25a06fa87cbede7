// Shared by the oracle suites: nested arrays from flat data, the tolerance check, and the case counts that
// `pnpm test` prints (tests/oracle/.last-counts.json, merged under a lock since suites run in parallel forks).
import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Nested = number | boolean | Nested[];

/** Row-major flat data as nested arrays of `shape` (a bare number for 0-d). */
export function nest(data: ReadonlyArray<number | boolean>, shape: readonly number[]): Nested {
  if (shape.length === 0) return data[0]!;
  const build = (offset: number, d: number): Nested[] => {
    const stride = shape.slice(d + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: shape[d]! }, (_, i) =>
      d === shape.length - 1 ? data[offset + i]! : build(offset + i * stride, d + 1));
  };
  return build(0, 0);
}

/** Nested arrays (or a number) back to flat row-major numbers. */
export function flatten(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (typeof v === 'boolean') return [v ? 1 : 0];
  if (Array.isArray(v)) return v.flatMap(flatten);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  throw new Error(`cannot read numbers from ${typeof v}`);
}

export interface Tolerance { rtol: number; atol: number }
/**
 * float64: 1e-10 relative; the 1e-12 absolute floor only matters where the reference is 0 or within
 * rounding of it (a relative bound is meaningless there). float32: 1e-5 relative, 1e-6 absolute.
 */
export const TOL: Record<string, Tolerance> = {
  float64: { rtol: 1e-10, atol: 1e-12 },
  float32: { rtol: 1e-5, atol: 1e-6 },
};

/** Null when `got` matches `want` elementwise within |got - want| <= atol + rtol * |want|; else a message. */
export function mismatch(what: string, got: readonly number[], want: readonly number[], tol: Tolerance): string | null {
  if (got.length !== want.length) return `${what}: ${got.length} values, expected ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (!(Math.abs(g - w) <= tol.atol + tol.rtol * Math.abs(w))) {
      return `${what}[${i}]: got ${g}, expected ${w} (difference ${Math.abs(g - w)}, tolerance ${tol.atol + tol.rtol * Math.abs(w)})`;
    }
  }
  return null;
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const COUNTS_FILE = here('./.last-counts.json');

/** Merges `entry` under `key` into tests/oracle/.last-counts.json and prints it as one line. */
export async function reportCounts(key: string, entry: Record<string, number | string>): Promise<void> {
  const lock = here('./.last-counts.lock');
  for (let tries = 0; ; tries++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (tries > 200) break; // a stale lock: write anyway rather than lose the counts
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  try {
    const all = existsSync(COUNTS_FILE) ? JSON.parse(readFileSync(COUNTS_FILE, 'utf8')) : {};
    all[key] = entry;
    writeFileSync(`${COUNTS_FILE}.tmp`, `${JSON.stringify(all, null, 2)}\n`);
    renameSync(`${COUNTS_FILE}.tmp`, COUNTS_FILE);
  } finally {
    try { rmdirSync(lock); } catch { /* already gone */ }
  }
  const parts = Object.entries(entry).map(([k, v]) => `${k} ${v}`).join(', ');
  process.stdout.write(`oracle: ${key}: ${parts}\n`);
}
