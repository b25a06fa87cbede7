import { describe, expect, it } from 'vitest';
import * as core from '@twingrad/core';
import '../src/methods.js';
import { Variable, wrap } from '../src/tensor.js';
import * as optimizers from '../src/keras/optimizers.js';
import * as torchOptim from '../../torch/src/optim/index.js';
import { wrap as torchWrap } from '../../torch/src/tensor.js';
import { START, closeTo, grad, type Problem } from '../../../tests/oracle/optim/problems.js';

const problems: Problem[] = ['quadratic', 'rosenbrock', 'lstsq'];
type Opts = Record<string, number | boolean | undefined>;

/**
 * Keras 3's update formulas (keras/src/optimizers/*.py and base_optimizer.py), written out independently of
 * the core in plain float64, one function per family, with the base optimizer's clipping and decoupled decay.
 */
function kerasReference(kind: string, o: Opts, problem: Problem, steps: number, lrAt: (it: number) => number): number[][] {
  const w = START[problem].map((v) => [...v]);
  const slots = w.map((v) => ({ m: v.map(() => 0), v: v.map(() => 0), vh: v.map(() => 0), a: v.map(() => (o.initial_accumulator_value as number | undefined) ?? 0.1) }));
  const out: number[][] = [];
  for (let it = 0; it < steps; it++) {
    let gs = grad(problem, w);
    if (o.clipnorm) gs = gs.map((g) => { const n = Math.hypot(...g); return g.map((x) => (x * (o.clipnorm as number)) / Math.max(n, o.clipnorm as number)); });
    if (o.clipvalue) gs = gs.map((g) => g.map((x) => Math.min(Math.max(x, -(o.clipvalue as number)), o.clipvalue as number)));
    if (o.global_clipnorm) {
      const n = Math.hypot(...gs.flat()), c = o.global_clipnorm as number;
      gs = gs.map((g) => g.map((x) => x * (c * Math.min(1 / n, 1 / c))));
    }
    const lr = lrAt(it), t = it + 1;
    w.forEach((wp, p) => {
      const s = slots[p]!, g = gs[p]!;
      for (let i = 0; i < wp.length; i++) {
        const wd = (o.weight_decay as number | undefined) ?? (kind === 'AdamW' ? 0.004 : 0);
        if (wd) wp[i] = wp[i]! - wp[i]! * wd * lr;
        const gi = g[i]!;
        if (kind === 'SGD') {
          const mom = (o.momentum as number | undefined) ?? 0;
          if (mom === 0) { wp[i] = wp[i]! - gi * lr; continue; }
          s.m[i] = s.m[i]! * mom - gi * lr;
          wp[i] = o.nesterov ? wp[i]! + (s.m[i]! * mom - gi * lr) : wp[i]! + s.m[i]!;
        } else if (kind === 'Adam' || kind === 'AdamW') {
          const b1 = (o.beta_1 as number | undefined) ?? 0.9, b2 = (o.beta_2 as number | undefined) ?? 0.999, eps = (o.epsilon as number | undefined) ?? 1e-7;
          const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
          s.m[i] = s.m[i]! + (gi - s.m[i]!) * (1 - b1);
          s.v[i] = s.v[i]! + (gi * gi - s.v[i]!) * (1 - b2);
          let v = s.v[i]!;
          if (o.amsgrad) v = s.vh[i] = Math.max(s.vh[i]!, v);
          wp[i] = wp[i]! - (s.m[i]! * alpha) / (Math.sqrt(v) + eps);
        } else if (kind === 'RMSprop') {
          const rho = (o.rho as number | undefined) ?? 0.9, eps = (o.epsilon as number | undefined) ?? 1e-7, mom = (o.momentum as number | undefined) ?? 0;
          s.v[i] = rho * s.v[i]! + (1 - rho) * gi * gi;
          let den = s.v[i]! + eps;
          if (o.centered) { s.m[i] = rho * s.m[i]! + (1 - rho) * gi; den = s.v[i]! - s.m[i]! * s.m[i]! + eps; }
          const inc = (lr * gi) / Math.sqrt(den);
          if (mom > 0) { s.vh[i] = mom * s.vh[i]! + inc; wp[i] = wp[i]! - s.vh[i]!; } else wp[i] = wp[i]! - inc;
        } else {
          const eps = (o.epsilon as number | undefined) ?? 1e-7;
          s.a[i] = s.a[i]! + gi * gi;
          wp[i] = wp[i]! - (lr * gi) / Math.sqrt(s.a[i]! + eps);
        }
      }
    });
    out.push(w.flat());
  }
  return out;
}

const LR: Record<string, Record<Problem, number>> = {
  SGD: { quadratic: 0.1, rosenbrock: 2e-4, lstsq: 0.05 }, Adam: { quadratic: 0.1, rosenbrock: 0.05, lstsq: 0.05 },
  AdamW: { quadratic: 0.1, rosenbrock: 0.05, lstsq: 0.05 }, RMSprop: { quadratic: 0.01, rosenbrock: 1e-3, lstsq: 0.01 },
  Adagrad: { quadratic: 0.5, rosenbrock: 0.05, lstsq: 0.1 },
};
const CONFIGS: Array<[keyof typeof LR, Opts]> = [
  ['SGD', {}], ['SGD', { momentum: 0.9 }], ['SGD', { momentum: 0.9, nesterov: true }], ['SGD', { momentum: 0.5, weight_decay: 0.1 }],
  ['SGD', { clipnorm: 1 }], ['SGD', { clipvalue: 0.5 }], ['SGD', { global_clipnorm: 2 }],
  ['Adam', {}], ['Adam', { beta_1: 0.8, beta_2: 0.99, epsilon: 1e-6 }], ['Adam', { amsgrad: true }], ['Adam', { weight_decay: 0.1 }],
  ['AdamW', {}], ['AdamW', { weight_decay: 0.1, amsgrad: true }],
  ['RMSprop', {}], ['RMSprop', { rho: 0.8, epsilon: 1e-6 }], ['RMSprop', { momentum: 0.9 }], ['RMSprop', { centered: true }],
  ['RMSprop', { centered: true, momentum: 0.5, weight_decay: 0.1 }],
  ['Adagrad', {}], ['Adagrad', { initial_accumulator_value: 0.5, epsilon: 1e-5 }],
];

const variables = (problem: Problem, dtype: core.DType = 'float64') => START[problem].map((v) => new Variable(core.fromArray(v, dtype)));
const flat = (vs: Variable[]) => vs.flatMap((v) => Array.from(v._t.data));
/** One apply_gradients with the hand-derived gradient (what tape.gradient would give). */
function applyOnce(opt: optimizers.Optimizer, problem: Problem, vs: Variable[]): void {
  const gs = grad(problem, vs.map((v) => v._t.data)).map((g, i) => wrap(core.fromArray(g, vs[i]!._t.dtype)));
  opt.apply_gradients(vs.map((v, i) => [gs[i]!, v] as const));
}
function makeTf(kind: string, options: object): optimizers.Optimizer {
  const Cls = optimizers[kind as 'SGD'] as unknown as new (o: object) => optimizers.Optimizer;
  return new Cls(options);
}

describe("tf.keras.optimizers follow Keras 3's update formulas (reference written in the test, float64)", () => {
  for (const [kind, o] of CONFIGS) {
    it(`${kind} ${JSON.stringify(o)} matches the reference for 25 steps on (x-5)^2, Rosenbrock and least squares`, () => {
      for (const problem of problems) {
        const lr = LR[kind]![problem];
        const want = kerasReference(kind, o, problem, 25, () => lr);
        const vs = variables(problem);
        const opt = makeTf(kind, { ...o, learning_rate: lr });
        want.forEach((row, k) => {
          applyOnce(opt, problem, vs);
          const bad = closeTo(flat(vs), row, 1e-12, 1e-15);
          if (bad) throw new Error(`${problem} step ${k + 1}: ${bad}`);
        });
        expect(opt.iterations.numpy()).toBe(25);
      }
    });
  }

  it('learning-rate schedules and callables set the rate from the iteration count (ExponentialDecay, PiecewiseConstantDecay, CosineDecay)', () => {
    const S = optimizers.schedules;
    const cases: Array<[optimizers.LearningRate, (it: number) => number]> = [
      [new S.ExponentialDecay(0.1, 4, 0.5), (it) => 0.1 * 0.5 ** (it / 4)],
      [new S.ExponentialDecay(0.1, 4, 0.5, { staircase: true }), (it) => 0.1 * 0.5 ** Math.floor(it / 4)],
      [new S.PiecewiseConstantDecay([3, 8], [0.1, 0.05, 0.01]), (it) => (it <= 3 ? 0.1 : it <= 8 ? 0.05 : 0.01)],
      [new S.CosineDecay(0.1, 10, { alpha: 0.1 }), (it) => 0.1 * (0.9 * 0.5 * (1 + Math.cos((Math.PI * Math.min(it, 10)) / 10)) + 0.1)],
      [new S.CosineDecay(0, 10, { warmup_target: 0.1, warmup_steps: 5 }), (it) => (it < 5 ? 0.1 * it / 5 : 0.1 * 0.5 * (1 + Math.cos((Math.PI * Math.min(it - 5, 10)) / 10)))],
    ];
    for (const [lr, at] of cases) {
      for (const [kind, o] of [['SGD', { momentum: 0.9 }], ['Adam', {}]] as const) {
        const want = kerasReference(kind, o, 'lstsq', 20, at);
        const vs = variables('lstsq');
        const opt = makeTf(kind, { ...o, learning_rate: lr });
        want.forEach((row) => { applyOnce(opt, 'lstsq', vs); expect(closeTo(flat(vs), row, 1e-12, 1e-15)).toBeNull(); });
      }
    }
    let calls = 0;
    const opt = new optimizers.SGD({ learning_rate: () => { calls++; return 0.1; } });
    const vs = variables('quadratic');
    applyOnce(opt, 'quadratic', vs);
    expect(calls).toBe(1);
    expect(vs[0]!._t.data[0]).toBeCloseTo(3.4, 14);
  });

  // The cross-check against TensorFlow.js's optimizers lives in tests/oracle/optim/tfjs_optim.test.ts,
  // where @tensorflow/tfjs is a dev dependency.
});

describe('tf and torch facades where the frameworks coincide', () => {
  it('the notebook cell: SGD(learning_rate=0.1) on (x-5)^2 from 3 gives 3.4, 3.72, 3.976, 4.1808, 4.34464 in both, bit for bit', () => {
    const x = new Variable(3.0);
    const tfOpt = new optimizers.SGD({ learning_rate: 0.1 });
    const tx: number[] = [];
    for (let k = 0; k < 5; k++) {
      tfOpt.minimize(() => x.sub(5).pow(2), [x]);
      tx.push(x.numpy() as number);
    }
    const p = torchWrap(core.fromArray(3, 'float32'));
    p.requires_grad = true;
    const torchOpt = new torchOptim.SGD([p], { lr: 0.1 });
    const px: number[] = [];
    for (let k = 0; k < 5; k++) {
      torchOpt.zero_grad();
      p.sub(5).pow(2).backward();
      torchOpt.step();
      px.push(p._t.data[0]!);
    }
    [3.4, 3.72, 3.976, 4.1808, 4.34464].forEach((v, k) => expect(tx[k]).toBeCloseTo(v, 5));
    expect(tx).toEqual(px);
  });

  for (const dtype of ['float32', 'float64'] as const) {
    for (const momentum of [0, 0.9]) {
      for (const nesterov of momentum ? [false, true] : [false]) {
        it(`SGD (momentum ${momentum}, nesterov ${nesterov}) at a constant rate gives bit-identical ${dtype} trajectories on all three problems`, () => {
          for (const problem of problems) {
            const lr = LR.SGD![problem];
            const vs = variables(problem, dtype);
            const tfOpt = new optimizers.SGD({ learning_rate: lr, momentum, nesterov });
            const ps = START[problem].map((v) => { const t = torchWrap(core.fromArray(v, dtype)); t.requires_grad = true; return t; });
            const torchOpt = new torchOptim.SGD(ps, { lr, momentum, nesterov });
            for (let k = 0; k < 30; k++) {
              applyOnce(tfOpt, problem, vs);
              grad(problem, ps.map((p) => p._t.data)).forEach((g, i) => { ps[i]!.grad = torchWrap(core.fromArray(g, dtype)); });
              torchOpt.step();
              expect(flat(vs)).toEqual(ps.flatMap((p) => Array.from(p._t.data)));
            }
            expect(flat(vs)).not.toEqual(START[problem].flat());
          }
        });
      }
    }
  }

  it('Adam, RMSprop and Adagrad differ between the frameworks: defaults and eps placement (the divergence table)', () => {
    const first = (tfOpt: optimizers.Optimizer, torchOpt: (ps: ReturnType<typeof torchWrap>[]) => torchOptim.Optimizer): [number, number] => {
      const v = new Variable(core.fromArray([3], 'float64'));
      applyOnce(tfOpt, 'quadratic', [v]);
      const p = torchWrap(core.fromArray([3], 'float64'));
      p.requires_grad = true;
      const o = torchOpt([p]);
      p.grad = torchWrap(core.fromArray([-4], 'float64'));
      o.step();
      return [v._t.data[0]!, p._t.data[0]!];
    };
    // Adam, lr 0.1, same betas: step = lr*|g|/(|g| + eps'), eps' = 1e-7/sqrt(1-0.999) (Keras) vs 1e-8 (PyTorch)
    const [ta, pa] = first(new optimizers.Adam({ learning_rate: 0.1 }), (ps) => new torchOptim.Adam(ps, { lr: 0.1 }));
    expect(ta).toBeCloseTo(3 + 0.4 / (4 + 1e-7 / Math.sqrt(0.001)), 15);
    expect(pa).toBeCloseTo(3 + 0.4 / (4 + 1e-8), 15);
    expect(pa - ta).toBeGreaterThan(7.8e-8);
    // RMSprop with its defaults (lr 0.001 vs 0.01 aside, the same lr here): rho 0.9 vs alpha 0.99
    const [tr, pr] = first(new optimizers.RMSprop({ learning_rate: 0.01 }), (ps) => new torchOptim.RMSprop(ps, { lr: 0.01 }));
    expect(tr).toBeCloseTo(3 + 0.04 / Math.sqrt(1.6 + 1e-7), 15);
    expect(pr).toBeCloseTo(3 + 0.04 / (Math.sqrt(0.16) + 1e-8), 15);
    // Adagrad, lr 0.1: the accumulator starts at 0.1 (Keras) vs 0 (PyTorch)
    const [tg, pg] = first(new optimizers.Adagrad({ learning_rate: 0.1 }), (ps) => new torchOptim.Adagrad(ps, { lr: 0.1 }));
    expect(tg).toBeCloseTo(3 + 0.4 / Math.sqrt(16.1 + 1e-7), 15);
    expect(pg).toBeCloseTo(3 + 0.4 / (4 + 1e-10), 15);
  });
});

describe('tf.keras.optimizers protocol and errors', () => {
  it('skips a null gradient (Keras warns) and fails when every gradient is null', () => {
    const a = new Variable(core.fromArray([1], 'float64')), b = new Variable(core.fromArray([2], 'float64'));
    const opt = new optimizers.SGD({ learning_rate: 0.5 });
    const it = opt.apply_gradients([[wrap(core.fromArray([1], 'float64')), a], [null, b]]);
    expect(it).toBe(opt.iterations);
    expect([a.numpy(), b.numpy()]).toEqual([[0.5], [2]]);
    expect(() => opt.apply_gradients([[null, a], [null, b]])).toThrow('No gradients provided for any variable.');
  });
  it('names the variable unknown to a built optimizer or given a gradient of the wrong shape; casts other dtypes', () => {
    const a = new Variable(core.fromArray([1, 2], 'float64'), { name: 'a' });
    const opt = new optimizers.Adam();
    expect(() => opt.apply_gradients([[wrap(core.fromArray([1, 2, 3], 'float64')), a]])).toThrow('the gradient for variable a:0 has shape (3,), but the variable has shape (2,)');
    // every update_step casts the gradient to the variable's dtype: an int32 gradient is a float64 [1, 1]; Keras's
    // first Adam step is lr * sqrt(1 - b2) / (1 - b1) * m / (sqrt(v) + eps) = 0.001 * s / (s + 1e-7), s = sqrt(0.001)
    opt.apply_gradients([[wrap(core.fromArray([1, 1], 'int32')), a]]);
    const s = Math.sqrt(0.001), step = (0.001 * s) / (s + 1e-7);
    expect(a.numpy()).toEqual([1 - step, 2 - step].map((v) => expect.closeTo(v, 12)));
    const b = new Variable(core.fromArray([1], 'float64'), { name: 'b' });
    // base_optimizer.py: f"Unknown variable: {variable}. ..." prints the variable itself
    expect(() => opt.apply_gradients([[wrap(core.fromArray([1], 'float64')), b]])).toThrow(`Unknown variable: ${String(b)}. This optimizer can only be called for the variables it was originally built with.`);
    // grads, trainable_variables = zip(*grads_and_vars) of nothing
    expect(() => opt.apply_gradients([])).toThrow('not enough values to unpack (expected 2, got 0)');
  });
  it('applies a variable listed twice twice, as Keras (no check; its update_step runs per pair)', () => {
    // SGD at 0.01 with g = 1 twice: 1 - 0.02
    const a = new Variable(core.fromArray([1], 'float64'), { name: 'a' });
    const g = wrap(core.fromArray([1], 'float64'));
    new optimizers.SGD().apply_gradients([[g, a], [g, a]]);
    expect(a.numpy()[0]).toBeCloseTo(0.98, 15);
  });
  it('refuses a negative learning rate, two clipping options at once, a bad momentum, and AdamW without weight decay', () => {
    expect(() => new optimizers.SGD({ learning_rate: -0.1 })).toThrow('Argument `learning_rate` must be >= 0. Received: learning_rate=-0.1');
    expect(() => new optimizers.Adam({ clipnorm: 1, clipvalue: 1 })).toThrow('Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: clipnorm=1, clipvalue=1, global_clipnorm=None');
    expect(() => new optimizers.SGD({ momentum: 1.5 })).toThrow('`momentum` must be a float between [0, 1].');
    expect(() => new optimizers.AdamW({ weight_decay: null })).toThrow('Argument `weight_decay` must be a float. Received: weight_decay=None');
    expect(() => { const o = new optimizers.SGD({ learning_rate: new optimizers.schedules.ExponentialDecay(0.1, 1, 0.5) }); o.learning_rate = 0.2; }).toThrow('its learning rate is not settable');
  });
  it("has Keras's defaults", () => {
    const sgd = new optimizers.SGD(), adam = new optimizers.Adam(), adamw = new optimizers.AdamW(), rms = new optimizers.RMSprop(), ada = new optimizers.Adagrad();
    expect(sgd._currentLearningRate()).toBe(0.01);
    expect([sgd.momentum, sgd.nesterov]).toEqual([0, false]);
    expect([adam._currentLearningRate(), adam.beta_1, adam.beta_2, adam.epsilon, adam.amsgrad]).toEqual([0.001, 0.9, 0.999, 1e-7, false]);
    expect(adamw.weight_decay).toBe(0.004);
    expect([rms._currentLearningRate(), rms.rho, rms.momentum, rms.epsilon, rms.centered]).toEqual([0.001, 0.9, 0, 1e-7, false]);
    expect([ada._currentLearningRate(), ada.initial_accumulator_value, ada.epsilon]).toEqual([0.001, 0.1, 1e-7]);
  });
  it('assigns new values: a value read before the step keeps its old numbers; a reassigned learning_rate is used', () => {
    const x = new Variable(core.fromArray([3], 'float64'));
    const before = x.value();
    const opt = new optimizers.SGD({ learning_rate: 0.1 });
    applyOnce(opt, 'quadratic', [x]);
    expect(before.numpy()).toEqual([3]);
    expect(x.numpy()).toEqual([3.4]);
    opt.learning_rate = 0.5;
    applyOnce(opt, 'quadratic', [x]);
    expect(x.numpy()![0]).toBeCloseTo(3.4 + 0.5 * 3.2, 14);
  });
});
