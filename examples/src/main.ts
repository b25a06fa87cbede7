import { sections } from './sections/index.js';
import { runSection } from './run.js';
import { ansi, plain, renderSection, renderTable } from './render.js';

/**
 * `pnpm start`: runs every notebook section in both styles and prints them side by side, with a mark
 * saying whether the two agree bit for bit. `pnpm start -- --json` prints the same results as JSON.
 * Exits 1 if any section fails or the styles disagree where they should not.
 */
const json = process.argv.includes('--json');
const runs = sections.map(runSection);
const ok = runs.every((r) => r.agree);

if (json) {
  // NOTE: JSON has no inf or nan (JSON.stringify writes null): they are written as Python spells them, as strings.
  const finite = (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf') : v);
  process.stdout.write(`${JSON.stringify({ ok, sections: runs }, finite, 2)}\n`);
} else {
  const st = process.stdout.isTTY && !process.env.NO_COLOR ? ansi : plain;
  console.log(st.bold('twingrad: the notebook "Gradienty w TensorFlow", cell by cell, in both APIs\n'));
  for (const r of runs) console.log(`${renderSection(r, st)}\n`);
  console.log(`${renderTable(runs, st)}\n`);
  const agreeing = runs.filter((r) => r.agree).length;
  console.log((ok ? st.green : st.red)(`${agreeing} of ${runs.length} sections agree bit for bit between the two APIs.`));
}
process.exitCode = ok ? 0 : 1;
