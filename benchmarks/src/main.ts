import { FULL, QUICK, matmulFlops, type Figures, type System } from './workloads.js';
import { twingradTf, twingradThreads, twingradTorch } from './systems/twingrad.js';
import { tfjsSystem } from './systems/tfjs.js';
import { jsPytorch } from './systems/jspytorch.js';
import { hasPytorch, pytorch } from './systems/pytorch.js';
import { cpus } from 'node:os';

/**
 * `pnpm bench`: every workload in every system in one run, one table, each figure with its ratio to
 * twingrad's best facade on one thread, measured in the same run (>1: the peer is slower). `--json` for
 * machines, `--quick` for a tiny smoke run, `--only name,name` to pick systems.
 */
const args = process.argv.slice(2);
const json = args.includes('--json');
const sizes = args.includes('--quick') ? QUICK : FULL;
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');

const systems: System[] = [twingradTf, twingradTorch, twingradThreads, tfjsSystem('cpu'), tfjsSystem('wasm'), jsPytorch];
const notes: string[] = [];
if (hasPytorch()) systems.push(pytorch);
else notes.push("PyTorch skipped: Debian's python3-torch is not installed (apt-get install python3-torch).");

const results: Array<{ system: string; reference: boolean; figures: Figures | null; error?: string }> = [];
for (const sys of systems) {
  if (only && !only.some((o) => sys.name.includes(o))) continue;
  if (!json) process.stderr.write(`running ${sys.name} ...\n`);
  try {
    results.push({ system: sys.name, reference: sys.reference === true, figures: await sys.run(sizes) });
  } catch (e) {
    results.push({ system: sys.name, reference: sys.reference === true, figures: null, error: (e as Error).message });
  }
}

const cols = ['w1', 'w2', 'w3fwd', 'w3grad', 'w4'] as const;
const best = Object.fromEntries(cols.map((c) => [c, Math.min(...results
  .filter((r) => r.reference && r.figures?.[c] != null).map((r) => r.figures![c]!))])) as Record<(typeof cols)[number], number>;
const n = sizes.matmulN;
const gflops = (ms: number | null, mult: number) => (ms == null ? null : (mult * matmulFlops(n)) / (ms * 1e6));

const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version };
if (json) {
  process.stdout.write(`${JSON.stringify({ machine, sizes, results, twingradBest: best, notes }, null, 2)}\n`);
} else {
  const head = ['system', 'W1 µs/grad', 'W2 ms/step', 'W3 fwd ms (GFLOP/s)', 'W3 fwd+grad ms (GFLOP/s)', 'W4 ms', 'heap growth MB'];
  const cell = (v: number | null | undefined, base: number, extra = '') =>
    v == null ? '-' : `${v.toPrecision(3)}${extra} ×${(v / base).toFixed(2)}`;
  const rows = results.map((r) => {
    const f = r.figures;
    if (!f) return [r.system, `failed: ${r.error}`, '', '', '', '', ''];
    return [r.system, cell(f.w1, best.w1), cell(f.w2, best.w2),
      cell(f.w3fwd, best.w3fwd, ` (${gflops(f.w3fwd, 1)?.toFixed(1)})`), cell(f.w3grad, best.w3grad, ` (${gflops(f.w3grad, 3)?.toFixed(1)})`),
      cell(f.w4, best.w4), f.heapGrowthMB == null ? '-' : f.heapGrowthMB.toFixed(1)];
  });
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(w[i]!)).join(' | ')} |`;
  console.log(`Machine: ${machine.cpus} × ${machine.model}, Node ${machine.node}. Medians of ${sizes.runs} runs after warm-up; ×r = time relative to twingrad's best facade on one thread (>1: slower).`);
  console.log([line(head), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
  console.log(`Heap growth: heap after ${sizes.memorySteps[1]} W1 steps minus after ${sizes.memorySteps[0]} (flat = no leak).`);
  for (const note of notes) console.log(note);
}
