/**
 * tanh's and sigmoid's gradient kernels against PyTorch 1.13's (torch.ops.aten.tanh_backward / sigmoid_backward,
 * recorded by recorded/record_activation_backward.py on 1000 random operands per dtype): bit for bit, through the
 * WASM kernels (float32, 64 elements or more), the TypeScript loops, and one element at a time (the scalar lane's
 * path). PyTorch rounds 1 - y^2 once (a fused multiply-subtract) and computes (g (1 - y)) y in that order.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as c from '@twingrad/core';

interface Recorded { g: number[]; tanh_y: number[]; sigmoid_y: number[]; tanh_backward: number[]; sigmoid_backward: number[] }
const recorded = JSON.parse(readFileSync(new URL('./recorded/activation_backward.json', import.meta.url), 'utf8')) as Record<'float32' | 'float64', Recorded>;

/** The indices where `got` differs from `want` bit for bit (NaN equal to NaN, -0 apart from 0). */
function mismatches(got: ArrayLike<number>, want: readonly number[]): number[] {
  const bad: number[] = [];
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) bad.push(i);
  return bad;
}

describe.each(['float32', 'float64'] as const)('activation gradient kernels, %s, against PyTorch 1.13', (dtype) => {
  const r = recorded[dtype];
  const ops = [
    ['tanh_backward', c.tanhBackward, r.tanh_y, r.tanh_backward],
    ['sigmoid_backward', c.sigmoidBackward, r.sigmoid_y, r.sigmoid_backward],
  ] as const;
  for (const [name, op, y, want] of ops) {
    it(`${name}: whole arrays, with the WASM kernels on and off`, () => {
      const g = c.fromArray(r.g, dtype), yt = c.fromArray([...y], dtype);
      expect(mismatches(op(g, yt).data, want)).toEqual([]);
      c.setWasmEnabled(false);
      try {
        expect(mismatches(op(g, yt).data, want)).toEqual([]);
      } finally {
        c.setWasmEnabled(true);
      }
    });
    it(`${name}: one element at a time`, () => {
      const got = r.g.map((gv, i) => op(c.full([], gv, dtype), c.full([], y[i]!, dtype)).first);
      expect(mismatches(got, want)).toEqual([]);
    });
  }
});
