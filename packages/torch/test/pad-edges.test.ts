// F.pad at its edges (negative padding, sizes of 0, outputs too small) against PyTorch 1.13: the results and errors
// in recorded/pad_edges.json were written by recorded/record_pad_edges.py (Debian's python3-torch).
// NOTE: circular padding whose negative side leaves nothing to wrap reads uninitialised memory in 1.13; not recorded.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';

interface Case { shape: number[]; pad: number[]; mode: 'constant' | 'reflect' | 'replicate' | 'circular'; out?: number[]; data?: number[]; error?: string }
const recorded = JSON.parse(readFileSync(fileURLToPath(new URL('./recorded/pad_edges.json', import.meta.url)), 'utf8')) as { cases: Case[] };

describe('F.pad edge cases give PyTorch 1.13\'s results and errors', () => {
  for (const c of recorded.cases) {
    it(`${c.mode} [${c.shape}] by [${c.pad}]`, () => {
      const n = c.shape.reduce((a, b) => a * b, 1);
      const x = torch.arange(n, { dtype: torch.float32 }).reshape(c.shape);
      const run = () => torch.nn.functional.pad(x, c.pad, { mode: c.mode });
      if (c.error !== undefined) {
        expect(err(run)).toBe(c.error);
      } else {
        const y = run();
        expect(y.shape).toEqual(c.out);
        expect(y.reshape(-1).tolist()).toEqual(c.data);
      }
    });
  }

  it('negative replicate padding reads past the cropped entries, and its gradient sums them back', () => {
    // PyTorch: x = arange(3.).reshape(1, 1, 3).requires_grad_(); F.pad(x, [2, -3], mode='replicate').sum().backward()
    // -> values [0, 0], x.grad [[[2, 0, 0]]]
    const x = torch.arange(3, { dtype: torch.float32 }).reshape(1, 1, 3).requires_grad_();
    const y = torch.nn.functional.pad(x, [2, -3], { mode: 'replicate' });
    y.sum().backward();
    expect(y.tolist()).toEqual([[[0, 0]]]);
    expect(x.grad!.tolist()).toEqual([[[2, 0, 0]]]);
  });
});
