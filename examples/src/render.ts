import type { SectionRun } from './run.js';

export interface Style {
  bold: (s: string) => string;
  dim: (s: string) => string;
  green: (s: string) => string;
  red: (s: string) => string;
}

export const plain: Style = { bold: (s) => s, dim: (s) => s, green: (s) => s, red: (s) => s };
export const ansi: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  green: (s) => `\x1b[32m${s}\x1b[39m`,
  red: (s) => `\x1b[31m${s}\x1b[39m`,
};

const LEFT = 'TensorFlow style (@twingrad/tf)';
const RIGHT = 'PyTorch style (@twingrad/torch)';

/** One section: title, note, the two outputs side by side, and whether they agree bit for bit. */
export function renderSection(r: SectionRun, st: Style): string {
  const out: string[] = [st.bold(r.title)];
  if (r.note) out.push(...wrap(r.note, 100).map((l) => st.dim(`  ${l}`)));
  const width = Math.max(LEFT.length, ...r.tf.lines.map((l) => l.length)) + 2;
  out.push(`  ${st.dim(LEFT.padEnd(width))}│ ${st.dim(RIGHT)}`);
  const n = Math.max(r.tf.lines.length, r.torch.lines.length);
  for (let i = 0; i < n; i++) out.push(`  ${(r.tf.lines[i] ?? '').padEnd(width)}│ ${r.torch.lines[i] ?? ''}`);
  if (r.agree) out.push(st.green(`  ✓ bit-identical: ${r.compared.join(', ')}`));
  else if (r.tf.error || r.torch.error) out.push(st.red(`  ✗ failed: ${r.tf.error ?? r.torch.error}`));
  else out.push(st.red(`  ✗ differ: ${r.mismatched.join(', ') || '(nothing compared)'}`));
  for (const [k, why] of Object.entries(r.differs)) out.push(st.dim(`  ≠ ${k} differs by design: ${why}`));
  return out.join('\n');
}

/** The notebook's closing table, each row with the live evidence of its section. */
export function renderTable(runs: SectionRun[], st: Style): string {
  const rows = runs.filter((r) => r.row !== null).map((r) => [r.row!.aspect, r.row!.torch, r.row!.tf, r.agree ? '✓ shown live' : '✗']);
  const head = ['Aspekt', 'PyTorch', 'TensorFlow', 'demo'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  return [st.bold('8. Porównanie z PyTorch'), line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    if (cur.length + word.length + 1 > width && cur) { lines.push(cur); cur = word; } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) lines.push(cur);
  return lines;
}
