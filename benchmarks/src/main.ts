import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { FULL, QUICK, matmulFlops, type Figures } from './workloads.js';
import { allSystems } from './systems/all.js';
import { combine, WORKLOADS, type Combined, type Workload } from './rounds.js';

/**
 * `pnpm bench`: every workload in every system, one table, each figure with its ratio to twingrad's best facade on
 * one thread, measured in the same run (>1: the peer is slower). Each system runs in its own process, once per
 * round, the rounds going round every system in turn, so that a slow spell of this shared machine falls on all of
 * them; a figure is the median of its rounds. `--json` for machines, `--quick` for a tiny smoke run, `--only=a,b`
 * to pick systems by name, `--rounds=N` (default 3; 1 with --quick).
 */
const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const sizes = quick ? QUICK : FULL;
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? (quick ? 1 : 3));
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${rounds}`);

const { systems: all, notes } = allSystems();
const systems = all.filter((s) => !only || only.some((o) => s.name.includes(o)));
const child = fileURLToPath(new URL('./child.js', import.meta.url));

const figures = new Map<string, Figures[]>(systems.map((s) => [s.name, []]));
const errors = new Map<string, string>();
for (let r = 0; r < rounds; r++) {
  // The memory check (a million W1 steps per facade) runs in the first round only.
  const roundSizes = r === 0 ? sizes : { ...sizes, memorySteps: null };
  for (const sys of systems) {
    if (!json) process.stderr.write(`round ${r + 1}/${rounds}: ${sys.name} ...\n`);
    const p = spawnSync(process.execPath, ['--expose-gc', child, sys.name, JSON.stringify(roundSizes)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const last = p.stdout?.trim().split('\n').pop() ?? '';
    if (p.status === 0 && last.startsWith('{')) figures.get(sys.name)!.push(JSON.parse(last) as Figures);
    else errors.set(sys.name, (p.stderr || p.error?.message || `exit ${p.status}`).trim().split('\n').slice(-3).join(' '));
  }
}

const results = systems.map((s) => ({
  system: s.name,
  reference: s.reference === true,
  rounds: figures.get(s.name)!,
  combined: figures.get(s.name)!.length > 0 ? combine(figures.get(s.name)!) : null,
  error: errors.get(s.name),
}));
const best = Object.fromEntries(WORKLOADS.map((w) => [w, Math.min(...results
  .filter((r) => r.reference && r.combined?.median[w] != null).map((r) => r.combined!.median[w]!))])) as Record<Workload, number>;
const n = sizes.matmulN;
const gflops = (ms: number | null, mult: number) => (ms == null ? null : (mult * matmulFlops(n)) / (ms * 1e6));

const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version };
if (json) {
  process.stdout.write(`${JSON.stringify({ machine, sizes, rounds, results, twingradBest: best, notes }, null, 2)}\n`);
} else {
  const head = ['system', 'W1 µs/grad', 'W2 ms/step', 'W3 fwd ms (GFLOP/s)', 'W3 fwd+grad ms (GFLOP/s)', 'W4 ms', 'heap growth MB'];
  const cell = (c: Combined, w: Workload, extra = '') => {
    const v = c.median[w];
    if (v == null) return '-';
    // NOTE: no ratio when no twingrad reference row ran (`--only` without one): best[w] is then Infinity.
    const ratio = Number.isFinite(best[w]) ? ` ×${(v / best[w]).toFixed(2)}` : '';
    return `${v.toPrecision(3)}${extra}${ratio}`;
  };
  const rows = results.map((r) => {
    const c = r.combined;
    if (!c) return [r.system, `failed: ${r.error}`, '', '', '', '', ''];
    return [r.system, cell(c, 'w1'), cell(c, 'w2'),
      cell(c, 'w3fwd', ` (${gflops(c.median.w3fwd, 1)?.toFixed(1)})`), cell(c, 'w3grad', ` (${gflops(c.median.w3grad, 3)?.toFixed(1)})`),
      cell(c, 'w4'), c.heapGrowthMB == null ? '-' : c.heapGrowthMB.toFixed(1)];
  });
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(w[i]!)).join(' | ')} |`;
  console.log(`Machine: ${machine.cpus} × ${machine.model}, Node ${machine.node}. Medians of ${rounds} round(s), each system in its own ` +
    `process per round; a round's figure is the median of at least ${sizes.runs} timed calls (and ${sizes.measureMs} ms) after ` +
    `${sizes.warmupMs} ms of warm-up. ×r = time relative to twingrad's best facade on one thread (>1: slower).`);
  console.log([line(head), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
  if (sizes.memorySteps) {
    console.log(`Heap growth: memory (JS heap and external buffers, after a full GC) after ${sizes.memorySteps[1]} W1 steps minus after ` +
      `the first ${sizes.memorySteps[0]}, in one process (flat = no leak).`);
  }
  const spread = (r: (typeof results)[number]) => WORKLOADS.filter((k) => r.combined?.median[k] != null)
    .map((k) => `${k} ${r.combined!.min[k]!.toPrecision(3)}-${r.combined!.max[k]!.toPrecision(3)}`).join(', ');
  const calls = (r: (typeof results)[number]) => WORKLOADS.filter((k) => r.combined?.fastest[k] != null)
    .map((k) => `${k} ${r.combined!.fastest[k]!.toPrecision(3)}-${r.combined!.slowest[k]!.toPrecision(3)}`).join(', ');
  for (const r of results) if (r.combined) console.log(`Timed calls, fastest-slowest, ${r.system}: ${calls(r)}.`);
  if (rounds > 1) for (const r of results) if (r.combined) console.log(`Range of the round medians, ${r.system}: ${spread(r)}.`);
  for (const r of results) for (const note of r.combined?.notes ?? []) console.log(`${r.system}: ${note}.`);
  for (const note of notes) console.log(note);
}
