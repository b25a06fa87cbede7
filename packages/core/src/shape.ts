import { fail, fmtShape } from './errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Row-major strides of a contiguous tensor. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** The permutation that moves `axes` (normalised, in their order) after the other axes of a rank-`rank` tensor. */
export function axesLast(rank: number, axes: readonly number[]): number[] {
  const perm: number[] = [];
  for (let d = 0; d < rank; d++) if (!axes.includes(d)) perm.push(d);
  return [...perm, ...axes];
}

/** The permutation that undoes `p`. */
export function inversePerm(p: readonly number[]): number[] {
  const q = new Array<number>(p.length);
  for (let d = 0; d < p.length; d++) q[p[d]!] = d;
  return q;
}

/** NumPy broadcasting of two shapes; the error names the op and both shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  if (sameShape(a, b)) return a as number[];
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else fail('shape', `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast`);
  }
  return out;
}

/** Normalises a possibly negative axis against `rank`; the error names the op and the valid range. */
export function normAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis)) fail('type', `${op}: axis must be an integer, got ${axis}`);
  const r = Math.max(rank, 1);
  if (axis < -r || axis >= r) {
    fail('index', `${op}: axis ${axis} is out of range for a tensor of rank ${rank} (expected to be in range of [${-r}, ${r - 1}])`);
  }
  return axis < 0 ? axis + r : axis;
}

/** Normalises an axis list (null means every axis), sorted and de-duplicated; duplicates are an error. */
export function normAxes(op: string, axes: number | readonly number[] | null | undefined, rank: number): number[] {
  if (axes === null || axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = list.map((a) => normAxis(op, a, rank));
  const sorted = [...out].sort((x, y) => x - y);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) fail('value', `${op}: axis ${sorted[i]} appears more than once in ${fmtShape(list)}`);
  }
  return rank === 0 ? [] : sorted;
}

export function checkShape(op: string, shape: readonly number[]): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) fail('value', `${op}: invalid shape ${fmtShape(shape)}: dimensions must be non-negative integers`);
  }
}
