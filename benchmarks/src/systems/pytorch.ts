import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Figures, Sizes, System } from '../workloads.js';

const PYTHON = '/usr/bin/python3';
const script = fileURLToPath(new URL('../../src/pytorch_bench.py', import.meta.url));

/** Whether Debian's python3-torch is importable by the system interpreter. */
export function hasPytorch(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** Real PyTorch (Debian's python3-torch, one thread), run in a child process. */
export const pytorch: System = {
  name: 'PyTorch (1 thread)',
  async run(s: Sizes): Promise<Figures> {
    // NOTE: one thread for the BLAS too (OpenBLAS otherwise starts one per core, whatever torch.set_num_threads says).
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
    const r = spawnSync(PYTHON, [script, JSON.stringify(s)], { encoding: 'utf8', maxBuffer: 1 << 20, env });
    if (r.status !== 0) throw new Error(`pytorch_bench.py failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Figures;
  },
};
