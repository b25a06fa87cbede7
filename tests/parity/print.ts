/**
 * Renders a program, run by one property's harness, as TypeScript for each API: the failure message of a parity
 * property shows the shrunk program this way, ready to paste: into a test file under tests/ (vitest resolves
 * @twingrad/* to the sources), or into a .ts file compiled against the built packages.
 */
import { printer } from './dual.js';
import type { Harness } from './harness.js';
import { type Api, type Program, steps } from './programs.js';

const IMPORTS: Record<Api, string[]> = {
  tf: ["import * as tf from '@twingrad/tf';"],
  torch: ["import * as torch from '@twingrad/torch';", 'const F = torch.nn.functional;'],
};

/** One API's code: imports, the harness's statements, and a console.log of every compared result. */
export function renderApi(p: Program, harness: Harness, api: Api): string {
  const d = printer();
  const results = harness(d, p, api);
  const show = results.map(([label, h]) => `console.log(${JSON.stringify(`${label}:`)}, String(${h.src}));`);
  return [...IMPORTS[api], ...d.lines(), ...show].join('\n');
}

/** A one-line summary: dtype and the op sequence. */
export function summary(p: Program): string {
  return `${p.dtype}, ${steps(p).length} steps: ${steps(p).map((s) => s.op).join(' -> ')}`;
}

/** Both renderings, as a failure message shows them. */
export function renderBoth(p: Program, harness: Harness): string {
  const rule = (t: string) => `// ---- ${t} ${'-'.repeat(Math.max(0, 60 - t.length))}`;
  return [`program (${summary(p)})`, rule('@twingrad/tf'), renderApi(p, harness, 'tf'), rule('@twingrad/torch'), renderApi(p, harness, 'torch')].join('\n');
}
