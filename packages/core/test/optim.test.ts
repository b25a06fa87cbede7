import { describe, expect, it } from 'vitest';
import { Tensor, fromArray, type DType } from '@twingrad/core';
import * as O from '../src/optim/index.js';
import { START, closeTo, grad, loadOracle, type Problem, type Run } from '../../../tests/oracle/optim/problems.js';

const oracle = loadOracle();
const problems: Problem[] = ['quadratic', 'rosenbrock', 'lstsq'];
const base = { weightDecay: 0, decoupled: false, maximize: false };

type Stepper = (p: Tensor, g: Tensor, i: number, t: number) => void;

/** Runs `steps` steps of `step` from the problem's start, with hand-derived gradients; returns the flattened trajectory. */
function trajectory(problem: Problem, dtype: DType, steps: number, step: Stepper): number[][] {
  const ps = START[problem].map((v) => fromArray(v, dtype));
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const gs = grad(problem, ps.map((p) => p.data)).map((g) => fromArray(g, dtype));
    ps.forEach((p, i) => step(p, gs[i]!, i, t));
    out.push(ps.flatMap((p) => Array.from(p.data)));
  }
  return out;
}

/** The torch convention driven the way torch.optim drives it, from a recorded run's options. */
function torchStepper(run: Run): Stepper {
  const o = run.options as Record<string, number & boolean & number[]>;
  const wd = o.weight_decay ?? (run.optimizer === 'AdamW' ? 0.01 : 0);
  const common = { weightDecay: wd, decoupled: run.optimizer === 'AdamW', maximize: o.maximize ?? false, convention: 'torch' as const, lr: o.lr };
  const states: unknown[] = [];
  return (p, g, i, t) => {
    switch (run.optimizer) {
      case 'SGD': {
        const s = (states[i] ??= O.sgdState()) as O.SgdState;
        return O.sgdStep(p, g, s, { ...common, momentum: o.momentum ?? 0, dampening: o.dampening ?? 0, nesterov: o.nesterov ?? false });
      }
      case 'Adam': case 'AdamW': {
        const s = (states[i] ??= O.adamState(p, o.amsgrad ?? false)) as O.AdamState;
        const [b1, b2] = (o.betas ?? [0.9, 0.999]) as number[];
        return O.adamStep(p, g, s, { ...common, beta1: b1!, beta2: b2!, eps: o.eps ?? 1e-8, amsgrad: o.amsgrad ?? false, step: t });
      }
      case 'RMSprop': {
        const s = (states[i] ??= O.rmspropState(p, o.centered ?? false, o.momentum ?? 0)) as O.RmspropState;
        return O.rmspropStep(p, g, s, { ...common, rho: o.alpha ?? 0.99, eps: o.eps ?? 1e-8, momentum: o.momentum ?? 0, centered: o.centered ?? false });
      }
      case 'Adagrad': {
        const s = (states[i] ??= O.adagradState(p, o.initial_accumulator_value ?? 0)) as O.AdagradState;
        return O.adagradStep(p, g, s, { ...common, eps: o.eps ?? 1e-10, lrDecay: o.lr_decay ?? 0, step: t });
      }
    }
  };
}

describe('core optimizers, PyTorch convention', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`reproduce every recorded PyTorch 1.13 trajectory in ${dtype}`, () => {
      const [rtol, atol] = dtype === 'float64' ? [1e-10, 0] : [1e-5, 1e-6];
      const runs = oracle.runs.filter((r) => r.dtype === dtype);
      expect(runs.length).toBeGreaterThan(50);
      for (const run of runs) {
        const got = trajectory(run.problem, dtype, oracle.steps, torchStepper(run));
        got.forEach((row, k) => {
          const bad = closeTo(row, run.trajectory[k]!, rtol, atol);
          if (bad) throw new Error(`${run.optimizer} ${JSON.stringify(run.options)} ${run.problem} step ${k + 1}: ${bad}`);
        });
      }
    });
  }

  it('bump the parameter version once per step, twice with AdamW (mul_ then addcdiv_), as recorded', () => {
    for (const run of oracle.runs.filter((r) => r.dtype === 'float64' && r.problem === 'quadratic')) {
      const p = fromArray([3], 'float64');
      const step = torchStepper(run);
      for (let t = 1; t <= 3; t++) step(p, fromArray([2 * (p.data[0]! - 5)], 'float64'), 0, t);
      expect(p.version, run.optimizer).toBe(run.versions[2]![0]);
    }
  });
});

describe('core SGD, the two conventions', () => {
  const sgd = (convention: 'torch' | 'tf', momentum: number, nesterov: boolean): Stepper => {
    const states = [O.sgdState(), O.sgdState()];
    return (p, g, i) => O.sgdStep(p, g, states[i]!, { ...base, lr: problemLr, momentum, dampening: 0, nesterov, convention });
  };
  let problemLr = 0.1;
  for (const [momentum, nesterov] of [[0, false], [0.9, false], [0.9, true]] as const) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`are bit-identical at a constant rate (momentum ${momentum}, nesterov ${nesterov}, ${dtype})`, () => {
        for (const problem of problems) {
          problemLr = problem === 'rosenbrock' ? 2e-4 : 0.05;
          const a = trajectory(problem, dtype, 30, sgd('torch', momentum, nesterov));
          const b = trajectory(problem, dtype, 30, sgd('tf', momentum, nesterov));
          expect(b).toEqual(a);
          expect(a[29]).not.toEqual(a[0]);
        }
      });
    }
  }

  it("round the plain step w - lr*g once, as PyTorch's fused add_ does, in both conventions (Keras rounds lr*g first)", () => {
    // Elements where the two roundings differ. PyTorch 1.13: x = torch.tensor(x0, dtype=d, requires_grad=True);
    // opt = torch.optim.SGD([x], lr=0.1); (x * c).sum().backward(); opt.step() -> x (`torch` below). Keras's
    // SGD.update_step, assign_sub(variable, gradient * learning_rate): numpy (x0 - (c * lr).astype(d)).astype(d)
    // (`keras` below): the tf facade keeps PyTorch's rounding, so that plain SGD is bit-identical between the facades.
    const cases = {
      float64: { x0: [0.6923106688875231, 0.15212593485435555], c: [2.213125766083916, -2.4435271468597155],
        torch: [0.47099809227913153, 0.39647864954032713], keras: [0.4709980922791315, 0.3964786495403271] },
      float32: { x0: [1.3769793510437012, 1.8951213359832764], c: [-2.566408395767212, -1.9366395473480225],
        torch: [1.6336201429367065, 2.088785409927368], keras: [1.633620262145996, 2.088785171508789] },
    };
    for (const [dtype, k] of Object.entries(cases) as Array<[DType, (typeof cases)['float64']]>) {
      for (const convention of ['torch', 'tf'] as const) {
        const p = fromArray(k.x0, dtype);
        O.sgdStep(p, fromArray(k.c, dtype), O.sgdState(), { ...base, lr: 0.1, momentum: 0, dampening: 0, nesterov: false, convention });
        expect(Array.from(p.data), `${convention} ${dtype}`).toEqual(k.torch);
        expect(k.keras).not.toEqual(k.torch); // the cases are ones where the roundings differ
      }
    }
  });

  it("follow Keras's velocity v = m*v - lr*g, w += v when the rate changes every step", () => {
    const lrs = [0.1, 0.05, 0.2, 0, 0.08, 0.03];
    for (const nesterov of [false, true]) {
      const p = fromArray([3], 'float64'), s = O.sgdState();
      let w = 3, v = 0;
      for (const lr of lrs) {
        const g = 2 * (w - 5);
        v = 0.9 * v - lr * g;
        w = nesterov ? w + 0.9 * v - lr * g : w + v;
        O.sgdStep(p, fromArray([2 * (p.data[0]! - 5)], 'float64'), s, { ...base, lr, momentum: 0.9, dampening: 0, nesterov, convention: 'tf' });
        expect(p.data[0]).toBeCloseTo(w, 13);
        expect(O.kerasVelocity(s)![0]).toBeCloseTo(v, 13);
      }
    }
  });

  it('gives the notebook cell x = 3.4, 3.72, 3.976, 4.1808, 4.34464 on (x-5)^2 from 3 at lr 0.1 (hand-derived)', () => {
    problemLr = 0.1;
    const want = [3.4, 3.72, 3.976, 4.1808, 4.34464];
    for (const c of ['torch', 'tf'] as const) {
      const xs = trajectory('quadratic', 'float64', 5, sgd(c, 0, false)).map((r) => r[0]!);
      xs.forEach((x, k) => expect(x).toBeCloseTo(want[k]!, 12));
    }
  });
});

describe('core optimizers, where the conventions differ', () => {
  const first = (f: (p: Tensor, g: Tensor) => void): number => {
    const p = fromArray([3], 'float64');
    f(p, fromArray([-4], 'float64'));
    return p.data[0]!;
  };
  it("Adam: PyTorch adds eps to the corrected sqrt(v_hat), Keras to sqrt(v); the first step's sizes show it", () => {
    const opts = { ...base, lr: 0.1, beta1: 0.9, beta2: 0.999, amsgrad: false, step: 1 };
    const torch = first((p, g) => O.adamStep(p, g, O.adamState(p, false), { ...opts, eps: 1e-8, convention: 'torch' }));
    const tf = first((p, g) => O.adamStep(p, g, O.adamState(p, false), { ...opts, eps: 1e-7, convention: 'tf' }));
    // hand: step = lr * |g| / (|g| + eps') with eps' = eps (torch) and eps / sqrt(1 - b2) (Keras)
    expect(torch - 3).toBeCloseTo(0.1 * 4 / (4 + 1e-8), 15);
    expect(tf - 3).toBeCloseTo(0.1 * 4 / (4 + 1e-7 / Math.sqrt(0.001)), 15);
    expect(torch - tf).toBeGreaterThan(7e-8);
  });
  it('RMSprop: eps inside the root (Keras) or outside (PyTorch), and rho 0.9 vs alpha 0.99 by default', () => {
    const opts = { ...base, lr: 0.01, momentum: 0, centered: false };
    const torch = first((p, g) => O.rmspropStep(p, g, O.rmspropState(p, false, 0), { ...opts, rho: 0.99, eps: 1e-8, convention: 'torch' }));
    const tf = first((p, g) => O.rmspropStep(p, g, O.rmspropState(p, false, 0), { ...opts, rho: 0.9, eps: 1e-7, convention: 'tf' }));
    expect(torch).toBeCloseTo(3 + 0.01 * 4 / (Math.sqrt(0.01 * 16) + 1e-8), 15);
    expect(tf).toBeCloseTo(3 + 0.01 * 4 / Math.sqrt(0.1 * 16 + 1e-7), 15);
  });
  it("Adagrad: Keras's accumulator starts at 0.1, so its first step is not lr*sign(g)", () => {
    const opts = { ...base, lr: 0.1, lrDecay: 0, step: 1 };
    const torch = first((p, g) => O.adagradStep(p, g, O.adagradState(p, 0), { ...opts, eps: 1e-10, convention: 'torch' }));
    const tf = first((p, g) => O.adagradStep(p, g, O.adagradState(p, 0.1), { ...opts, eps: 1e-7, convention: 'tf' }));
    expect(torch).toBeCloseTo(3 + 0.1 * 4 / (4 + 1e-10), 15);
    expect(tf).toBeCloseTo(3 + 0.1 * 4 / Math.sqrt(16.1 + 1e-7), 15);
  });
});

describe('core gradient clipping', () => {
  it("matches PyTorch's clip_grad_norm_ and clip_grad_value_ as recorded", () => {
    for (const c of oracle.clip.norm) {
      const gs = c.grads.map((g) => fromArray(g, 'float64'));
      const total = O.totalNorm(gs, c.norm_type === 'inf' ? Infinity : c.norm_type);
      expect(total).toBeCloseTo(c.total_norm, 12);
      O.clipGradNormInPlace(gs, c.max_norm, total);
      gs.forEach((g, i) => expect(closeTo(g.data, c.clipped[i]!, 1e-12)).toBeNull());
    }
    const gs = oracle.clip.value.grads.map((g) => fromArray(g, 'float64'));
    O.clipGradValueInPlace(gs, oracle.clip.value.clip_value);
    gs.forEach((g, i) => expect(Array.from(g.data)).toEqual(oracle.clip.value.clipped[i]));
  });
  it("follows Keras's clipnorm, global_clipnorm and clipvalue (hand-derived)", () => {
    const g = fromArray([3, -4], 'float64'), h = fromArray([12], 'float64');
    expect(Array.from(O.clipByNorm(g, 1).data)).toEqual([0.6, -0.8]);
    expect(Array.from(O.clipByNorm(g, 10).data)).toEqual([3, -4]);
    const [a, b] = O.clipByGlobalNorm([g, h], 6.5);
    expect(Array.from(a!.data)).toEqual([1.5, -2]);
    expect(Array.from(b!.data)).toEqual([6]);
    expect(Array.from(O.clipByValue(g, 3.5).data)).toEqual([3, -3.5]);
  });
});

describe('core learning-rate schedules', () => {
  it("reproduce PyTorch's recorded StepLR, ExponentialLR and CosineAnnealingLR rates", () => {
    for (const s of oracle.schedulers) {
      let lr = s.lr;
      const lrs = [lr];
      for (let epoch = 1; epoch < s.lrs.length; epoch++) {
        if (s.scheduler === 'StepLR') lr = O.schedules.stepLR(lr, epoch, s.options.step_size!, s.options.gamma!);
        if (s.scheduler === 'ExponentialLR') lr = O.schedules.exponentialLR(lr, epoch, s.options.gamma!);
        if (s.scheduler === 'CosineAnnealingLR') lr = O.schedules.cosineAnnealingLR(lr, s.lr, epoch, s.options.T_max!, s.options.eta_min ?? 0, epoch + 1);
        lrs.push(lr);
      }
      // NOTE: V8's Math.cos and glibc's cos can differ in the last place, hence 1e-13 rather than equality.
      expect(closeTo(lrs, s.lrs, 1e-13), s.scheduler).toBeNull();
    }
  });
  it("follow Keras's closed forms (hand-derived values)", () => {
    expect(O.schedules.exponentialDecay(5, 0.1, 10, 0.5, false)).toBeCloseTo(0.1 * Math.SQRT1_2, 15);
    expect(O.schedules.exponentialDecay(15, 0.1, 10, 0.5, true)).toBe(0.05);
    expect([0, 10, 11, 20, 21].map((s) => O.schedules.piecewiseConstantDecay(s, [10, 20], [1, 0.5, 0.1]))).toEqual([1, 1, 0.5, 0.5, 0.1]);
    expect(O.schedules.cosineDecay(5, 0.1, 10, 0, null, 0)).toBeCloseTo(0.05, 15);
    expect(O.schedules.cosineDecay(50, 0.1, 10, 0.2, null, 0)).toBeCloseTo(0.02, 15);
    expect(O.schedules.cosineDecay(5, 0, 10, 0, 0.2, 10)).toBeCloseTo(0.1, 15);
    expect(O.schedules.cosineDecay(15, 0, 10, 0, 0.2, 10)).toBeCloseTo(0.1, 15);
  });
});

describe('plain float64 SGD at the edges', () => {
  it('keeps infinities, huge values and the sign of a zero sum (PyTorch: 1 - 0.1 inf = -inf, ...)', () => {
    // torch.optim.SGD([w], lr=0.1) with w.grad = g, float64: (1, inf) -> -inf, (inf, 1) -> inf, (-1, -inf) -> inf,
    // (1, 1e301) -> -1e300, (-0., 0.) -> -0.
    const cases: Array<[number, number, number]> = [[1, Infinity, -Infinity], [Infinity, 1, Infinity], [-1, -Infinity, Infinity], [1, 1e301, -1e300], [-0, 0, -0]];
    for (const [w, g, want] of cases) {
      const p = fromArray([w], 'float64');
      O.sgdStep(p, fromArray([g], 'float64'), O.sgdState(), { ...base, lr: 0.1, momentum: 0, dampening: 0, nesterov: false, convention: 'torch' });
      expect(p.data[0], `w ${w}, g ${g}`).toEqual(want);
    }
  });
});
