import { allSystems } from './systems/all.js';
import type { Sizes } from './workloads.js';

/**
 * Runs one system's workloads in this process and prints its figures as one JSON line:
 * `node --expose-gc child.js <system name> <sizes as JSON>`. main.ts starts one such process per system and round,
 * so that no system runs in a process another one has warmed up, filled or left threads in.
 */
const [name, sizesJson] = process.argv.slice(2);
const sys = allSystems().systems.find((s) => s.name === name);
if (!sys || !sizesJson) {
  process.stderr.write(`usage: child.js <system name> <sizes JSON>; systems: ${allSystems().systems.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
const figures = await sys.run(JSON.parse(sizesJson) as Sizes);
process.stdout.write(`${JSON.stringify(figures)}\n`);
// NOTE: tfjs-wasm and the matmul workers may keep handles open; the figures are out, so the process can end.
process.exit(0);
