/**
 * tanh's and sigmoid's gradient kernels against PyTorch 1.13's (torch.ops.aten.tanh_backward / sigmoid_backward,
 * recorded by recorded/record_activation_backward.py on 1000 random operands per dtype): bit for bit, through the
 * WASM kernels (float32, 64 elements or more), the TypeScript loops, and one element at a time (the scalar lane's
 * path). PyTorch rounds 1 - y^2 once (a fused multiply-subtract) and computes (g (1 - y)) y in that order. Also var's
 * and std's gradients (var_backward: ((2 / dof) g) (x - mean), the factor in the dtype) over a dim and over all, and
 * the 2-norm's (norm_backward: grad * (x / norm)), on dyadic data whose sums every order computes exactly.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as c from '@twingrad/core';

interface Recorded {
  g: number[]; tanh_y: number[]; sigmoid_y: number[]; tanh_backward: number[]; sigmoid_backward: number[];
  x: number[]; gv: number[]; spread: Record<string, number[]>; v: number[]; tanh_double: number[];
}
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
  it('tanh_backward\'s gradient wrt the output: grad * ((-2 * output) * grad_output), derivatives.yaml\'s order', () => {
    const y = c.fromArray(r.tanh_y, dtype);
    y.requiresGrad = true;
    const out = c.tanhBackward(c.fromArray(r.g, dtype), y);
    const [gy] = c.backward([out], [c.fromArray(r.v, dtype)], { tape: null, sources: [y], accumulate: null, retainGraph: false, createGraph: false });
    expect(mismatches(gy!.data, r.tanh_double)).toEqual([]);
  });
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

/** The gradient of `y` wrt `x` for cotangent `seed`, in a pass that records nothing. */
const gradOf = (y: c.Tensor, x: c.Tensor, seed: c.Tensor) =>
  c.backward([y], [seed], { tape: null, sources: [x], accumulate: null, retainGraph: false, createGraph: false });

describe.each(['float32', 'float64'] as const)('var and std gradients, %s, against PyTorch 1.13', (dtype) => {
  const r = recorded[dtype];
  it.each([0, 1, 2])('correction %d, over dim 1 and over everything', (correction) => {
    // NOTE: std's gradient reads std itself, which in float64 is an ulp from PyTorch's on some rows (its Welford
    // accumulation against our sum of squared deviations, docs/divergences.md): float32 checks std, float64 var alone
    const ops = dtype === 'float32' ? [['var', c.variance], ['std', c.std]] as const : [['var', c.variance]] as const;
    for (const [name, op] of ops) {
      const x = c.fromArray(r.x, dtype).view([20, 7]);
      x.requiresGrad = true;
      const [gd] = gradOf(op(x, 1, correction), x, c.fromArray(r.gv, dtype));
      expect(mismatches(gd!.data, r.spread[`${name}_dim_${correction}`]!), `${name} dim`).toEqual([]);
      const [ga] = gradOf(op(x, null, correction), x, c.full([], 0.75, dtype));
      expect(mismatches(ga!.data, r.spread[`${name}_all_${correction}`]!), `${name} all`).toEqual([]);
    }
  });
});

describe.each(['float32', 'float64'] as const)('the 2-norm\'s gradient, %s, against PyTorch 1.13', (dtype) => {
  const r = recorded[dtype];
  it('is grad * (x / norm) (norm_backward), over dim 1 and over everything', () => {
    const x = c.fromArray(r.x, dtype).view([20, 7]);
    x.requiresGrad = true;
    const [gd] = gradOf(c.norm(x, 2, 1), x, c.fromArray(r.gv, dtype));
    expect(mismatches(gd!.data, r.spread['norm2_dim']!)).toEqual([]);
    const [ga] = gradOf(c.norm(x), x, c.full([], 0.75, dtype));
    expect(mismatches(ga!.data, r.spread['norm2_all']!)).toEqual([]);
  });
});
