/**
 * The optimizer fuzz review's core findings (/tmp/review_fuzz_optim.md), each against PyTorch 1.13's values.
 */
import { describe, expect, it } from 'vitest';
import * as O from '../src/optim/index.js';
import { powi } from '../src/kernels/special.js';
import { fromArray } from '../src/creation.js';

describe('powi: integer powers correctly rounded, as glibc pow (CPython, PyTorch) gives them (finding 7)', () => {
  it("matches Python's b ** float(n) where V8's ** is an ulp off", () => {
    // python3 -c "print(repr(0.9**4.0), repr(0.99**6.0), repr(0.999**10.0))"
    // 0.6561 0.941480149401 0.9900448802097482
    expect(powi(0.9, 4)).toBe(0.6561);
    expect(powi(0.99, 6)).toBe(0.941480149401);
    expect(powi(0.999, 10)).toBe(0.9900448802097482);
    expect(0.99 ** 6).not.toBe(0.941480149401); // V8's pow, which the fix replaces
  });
  it('handles large, negative and edge exponents', () => {
    expect(powi(2, 10)).toBe(1024);
    expect(powi(2, -3)).toBe(0.125);
    expect(powi(-0.5, 3)).toBe(-0.125);
    expect(powi(0.5, 0)).toBe(1);
    expect(powi(1, 1e9)).toBe(1);
    expect(powi(0, 5)).toBe(0);
    expect(powi(0.9, 1e6)).toBe(0); // underflow: C's pow
    expect(powi(0.5, 2.5)).toBe(0.5 ** 2.5); // not an integer: C's pow
  });
  it('is within half an ulp of the exact power (checked with exact rationals)', () => {
    // python3 -c "from fractions import Fraction as F; print(float(F(0.99)**503))" -> 0.006375333125571847
    // (glibc's pow gives 0.006375333125571848 here, 0.502 ulp off: one of its rare misroundings)
    expect(powi(0.99, 503)).toBe(0.006375333125571847);
  });
});

describe('core optimizers, PyTorch convention (findings 3 and 8)', () => {
  const base = { weightDecay: 0, decoupled: false, maximize: false, convention: 'torch' as const };
  it('centered RMSprop in float32 stays finite for a tiny gradient (finding 3)', () => {
    // p = torch.tensor([1.0], requires_grad=True); opt = torch.optim.RMSprop([p], lr=0.01, centered=True)
    // p.grad = torch.tensor([1e-30]); opt.step(); print(p.tolist(), opt.state[p]['grad_avg'].tolist())
    // [1.0] [9.99999950273831e-33]
    const p = fromArray([1], 'float32'), s = O.rmspropState(p, true, 0);
    O.rmspropStep(p, fromArray([1e-30], 'float32'), s, { ...base, lr: 0.01, rho: 0.99, eps: 1e-8, momentum: 0, centered: true });
    expect(Array.from(p.data)).toEqual([1]);
    expect(Array.from(s.gradAvg!.data)).toEqual([9.99999950273831e-33]);
    expect(Array.from(s.squareAvg.data)).toEqual([0]);
  });
  it('Adam float64 takes addcdiv_ as self + (value*m)/denom (finding 8)', () => {
    // p = torch.tensor([0.3], dtype=torch.float64, requires_grad=True); opt = torch.optim.Adam([p], lr=0.1)
    // p.grad = torch.tensor([0.7], dtype=torch.float64); opt.step(); print(repr(p.item()))  -> 0.2000000014285714
    const p = fromArray([0.3], 'float64'), s = O.adamState(p, false);
    O.adamStep(p, fromArray([0.7], 'float64'), s, { ...base, lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false, step: 1 });
    expect(p.data[0]).toBe(0.2000000014285714); // was 0.20000000142857138
  });
});

describe('schedules: closed forms with correctly rounded powers (finding 7)', () => {
  it("ExponentialLR's and StepLR's closed forms", () => {
    // ExponentialLR(SGD([p], lr=1.0), gamma=0.99).step(6) -> get_last_lr() [0.941480149401]
    expect(O.schedules.exponentialLRClosed(1, 6, 0.99)).toBe(0.941480149401);
    // StepLR(SGD([p], lr=1.0), 2, gamma=0.9).step(9) -> get_last_lr() [0.6561]
    expect(O.schedules.stepLRClosed(1, 9, 2, 0.9)).toBe(0.6561);
  });
});
