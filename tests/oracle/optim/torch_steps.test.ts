import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '@twingrad/torch';

// torch.optim's update arithmetic against PyTorch 1.13, bit for bit: torch_steps.json (record_torch_steps.py) gives
// each optimizer a parameter and its gradients, and holds the parameter PyTorch's `opt.step()` left after them.
// The facade runs PyTorch's single-tensor updates op by op, each op rounded in the parameter's dtype.

interface Run { optimizer: string; options: Record<string, unknown>; dtype: 'float32' | 'float64'; start: number[]; grads: number[][]; after: number[] }
const oracle = JSON.parse(readFileSync(new URL('./torch_steps.json', import.meta.url), 'utf8')) as { torch_version: string; runs: Run[] };

describe('torch.optim steps, bit for bit with PyTorch 1.13', () => {
  it('were recorded from PyTorch 1.13', () => {
    expect(oracle.torch_version).toMatch(/^1\.13\./);
  });

  it.each(oracle.runs.map((r) => [`${r.optimizer} ${JSON.stringify(r.options)} ${r.dtype}`, r] as const))('%s', (_, run) => {
    const dtype = run.dtype === 'float32' ? torch.float32 : torch.float64;
    const p = torch.tensor(run.start, { dtype, requires_grad: true });
    const Cls = torch.optim[run.optimizer as 'Adam'] as unknown as new (ps: torch.Tensor[], o: object) => torch.optim.Optimizer;
    const opt = new Cls([p], run.options);
    for (const g of run.grads) {
      p.grad = torch.tensor(g, { dtype });
      opt.step();
    }
    const got = p.detach().tolist() as number[];
    const off = got.flatMap((v, i) => (Object.is(v, run.after[i]) ? [] : [`[${i}] ${v} (PyTorch ${run.after[i]})`]));
    expect(off).toEqual([]);
  });
});
