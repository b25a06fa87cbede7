import type { Results, Section, Value } from './section.js';
import { pyPrint, type NumberKind } from './pyprint.js';

export interface StyleRun {
  lines: string[];
  results: Results;
  error: string | null;
}

export interface SectionRun {
  id: string;
  title: string;
  note: string | null;
  tf: StyleRun;
  torch: StyleRun;
  /** Result names compared bit for bit, and those that differed. */
  compared: string[];
  mismatched: string[];
  /** Names expected to differ, with the reason. */
  differs: Record<string, string>;
  row: Section['row'] | null;
  agree: boolean;
}

function runStyle(fn: Section['tf'], numbers: NumberKind): StyleRun {
  const lines: string[] = [];
  try {
    return { lines, results: fn(pyPrint(lines, numbers)), error: null };
  } catch (e) {
    const err = e as Error;
    lines.push(`${err.name}: ${err.message}`);
    return { lines, results: {}, error: `${err.name}: ${err.message}` };
  }
}

/** Bit-for-bit equality: Object.is on every number (so -0 and 0 differ, NaN equals NaN). */
function identical(a: Value | undefined, b: Value | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => identical(v, b[i]));
  return Object.is(a, b);
}

export function runSection(s: Section): SectionRun {
  // the TF column prints .numpy() (NumPy float32 scalars), the PyTorch column .item() (Python floats)
  const tf = runStyle(s.tf, 'float32');
  const torch = runStyle(s.torch, 'float');
  const differs = s.differs ?? {};
  const compared = Object.keys(tf.results).filter((k) => k in torch.results && !(k in differs));
  const mismatched = compared.filter((k) => !identical(tf.results[k], torch.results[k]));
  const agree = tf.error === null && torch.error === null && compared.length > 0 && mismatched.length === 0;
  return { id: s.id, title: s.title, note: s.note ?? null, tf, torch, compared, mismatched, differs, row: s.row ?? null, agree };
}
