import { describe, expect, it } from 'vitest';
import * as core from '@twingrad/core';
import { Tensor, wrap } from '../src/tensor.js';
import * as optim from '../src/optim/index.js';
import { clip_grad_norm_, clip_grad_value_ } from '../src/nn/utils.js';
import { START, closeTo, grad, loadOracle, type Run } from '../../../tests/oracle/optim/problems.js';

const oracle = loadOracle();
type Dt = 'float32' | 'float64';

/** A leaf that requires grad (torch.tensor(v, dtype=..., requires_grad=True)). */
function param(v: number[], dtype: Dt = 'float64'): Tensor {
  const t = wrap(core.fromArray(v, dtype));
  t.requires_grad = true;
  return t;
}
const values = (ps: Tensor[]): number[] => ps.flatMap((p) => Array.from(p._t.data));
/** Sets every .grad to the hand-derived gradient (what loss.backward() would leave after zero_grad()). */
function setGrads(problem: Run['problem'], ps: Tensor[]): void {
  grad(problem, ps.map((p) => p._t.data)).forEach((g, i) => { ps[i]!.grad = wrap(core.fromArray(g, ps[i]!._t.dtype)); });
}

function make(run: Run, ps: Tensor[]): optim.Optimizer {
  const Cls = optim[run.optimizer] as unknown as new (p: Tensor[], o: object) => optim.Optimizer;
  return new Cls(ps, run.options);
}

describe('torch.optim against recorded PyTorch 1.13 trajectories', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`every optimizer and option set follows PyTorch over 25 steps on three problems in ${dtype}`, () => {
      const [rtol, atol] = dtype === 'float64' ? [1e-10, 0] : [1e-5, 1e-6];
      const runs = oracle.runs.filter((r) => r.dtype === dtype);
      expect(runs.length).toBe(62);
      for (const run of runs) {
        const ps = START[run.problem].map((v) => param(v, dtype));
        const opt = make(run, ps);
        run.trajectory.forEach((want, k) => {
          setGrads(run.problem, ps);
          opt.step();
          const bad = closeTo(values(ps), want, rtol, atol);
          if (bad) throw new Error(`${run.optimizer} ${JSON.stringify(run.options)} ${run.problem} step ${k + 1}: ${bad}`);
          expect(ps.map((p) => p._t.version)).toEqual(run.versions[k]);
        });
      }
    });
  }

  it('parameter groups keep their own options (Rosenbrock, x and y in two SGD groups)', () => {
    const x = param([-1.5]), y = param([2]);
    const opt = new optim.SGD([{ params: [x] }, { params: [y], lr: 1e-3, momentum: 0.5 }], { lr: 2e-4, momentum: 0.9 });
    expect(opt.param_groups.map((g) => [g.lr, g.momentum])).toEqual([[2e-4, 0.9], [1e-3, 0.5]]);
    for (const want of oracle.groups.trajectory) {
      setGrads('rosenbrock', [x, y]);
      opt.step();
      expect(closeTo(values([x, y]), want, 1e-10)).toBeNull();
    }
  });

  it('lr_scheduler StepLR, ExponentialLR and CosineAnnealingLR give the recorded rates and trajectories', () => {
    for (const s of oracle.schedulers) {
      const x = param([3]);
      const opt = new optim.SGD([x], { lr: s.lr });
      const L = optim.lr_scheduler;
      const sched = s.scheduler === 'StepLR' ? new L.StepLR(opt, s.options.step_size!, { gamma: s.options.gamma! })
        : s.scheduler === 'ExponentialLR' ? new L.ExponentialLR(opt, s.options.gamma!)
        : new L.CosineAnnealingLR(opt, s.options.T_max!, s.options.eta_min === undefined ? {} : { eta_min: s.options.eta_min });
      const lrs = [sched.get_last_lr()[0]!];
      for (const want of s.trajectory) {
        setGrads('quadratic', [x]);
        opt.step();
        sched.step();
        lrs.push(sched.get_last_lr()[0]!);
        expect(closeTo(values([x]), want, 1e-12)).toBeNull();
      }
      // NOTE: V8's Math.cos and glibc's may differ in the last place.
      expect(closeTo(lrs, s.lrs, 1e-13), s.scheduler).toBeNull();
      expect(opt.param_groups[0]!.initial_lr).toBe(s.lr);
    }
  });
});

describe('torch.optim state', () => {
  it("state_dict() after 3 Adam (amsgrad) steps holds PyTorch's step, exp_avg, exp_avg_sq and max_exp_avg_sq", () => {
    const w = param([0, 0, 0]);
    const opt = new optim.Adam([w], { lr: 0.05, amsgrad: true });
    for (let k = 0; k < 3; k++) { setGrads('lstsq', [w]); opt.step(); }
    const sd = opt.state_dict();
    const want = oracle.state_dict;
    expect(Object.keys(sd.state)).toEqual(Object.keys(want.state));
    const got = sd.state[0]!;
    expect((got.step as Tensor).item()).toBe(want.state['0']!.step);
    expect((got.step as Tensor)._t.dtype).toBe('float32');
    for (const k of ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq']) {
      expect(closeTo((got[k] as Tensor)._t.data, want.state['0']![k] as number[], 1e-10), k).toBeNull();
    }
    const { foreach: _f, ...groups } = want.param_groups[0]!;
    expect(sd.param_groups[0]).toMatchObject({ ...groups, foreach: null });
    expect(closeTo(values([w]), want.w, 1e-10)).toBeNull();
  });

  it('load_state_dict() into a fresh optimizer continues exactly as the original does', () => {
    for (const Cls of [optim.SGD, optim.Adam, optim.AdamW, optim.RMSprop, optim.Adagrad]) {
      // NOTE: centered is RMSprop's alone (SGD refuses it, as PyTorch's SGD.__init__ does)
      const options = Cls === optim.SGD ? { lr: 0.05, momentum: 0.9 } : Cls === optim.RMSprop ? { lr: 0.05, momentum: 0.9, centered: true } : { lr: 0.05 };
      const a = param([0, 0, 0]), b = param([0, 0, 0]);
      const mk = (p: Tensor) => new (Cls as unknown as new (ps: Tensor[], o: object) => optim.Optimizer)([p], options);
      const oa = mk(a);
      for (let k = 0; k < 4; k++) { setGrads('lstsq', [a]); oa.step(); }
      b._t.data.set(a._t.data);
      const ob = mk(b);
      ob.load_state_dict(oa.state_dict());
      for (let k = 0; k < 4; k++) { setGrads('lstsq', [a]); oa.step(); setGrads('lstsq', [b]); ob.step(); }
      expect(values([b]), Cls.name).toEqual(values([a]));
      const sa = oa.state_dict().state[0]!, sb = ob.state_dict().state[0]!;
      expect(Object.keys(sb).sort(), Cls.name).toEqual(Object.keys(sa).sort());
      for (const k of Object.keys(sa)) if (sa[k] instanceof Tensor) expect(sb[k], `${Cls.name} ${k} is a copy`).not.toBe(sa[k]);
    }
  });

  it('load_state_dict() rejects a different number of groups and groups of a different size, in PyTorch words', () => {
    const opt = new optim.SGD([param([1]), param([2])], { lr: 0.1 });
    const one = new optim.SGD([param([1])], { lr: 0.1 });
    const two = new optim.SGD([{ params: [param([1])] }, { params: [param([2])] }], { lr: 0.1 });
    expect(() => opt.load_state_dict(two.state_dict())).toThrow('loaded state dict has a different number of parameter groups');
    expect(() => opt.load_state_dict(one.state_dict())).toThrow("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
  });

  it('zero_grad() drops .grad to null by default (PyTorch 2) and zeroes it in place with set_to_none: false', () => {
    const x = param([1, 2]);
    const opt = new optim.SGD([x], { lr: 0.1 });
    x.grad = wrap(core.fromArray([3, 4], 'float64'));
    const g = x.grad!;
    opt.zero_grad({ set_to_none: false });
    expect(x.grad).toBe(g);
    expect(Array.from(g._t.data)).toEqual([0, 0]);
    opt.zero_grad();
    expect(x.grad).toBeNull();
  });

  it('step(closure) re-evaluates the loss with grad mode on and returns it; the notebook cell gives 3.4, 3.72, 3.976, 4.1808, 4.34464', () => {
    const x = param([3], 'float32');
    const opt = new optim.SGD([x], { lr: 0.1 });
    const xs: number[] = [], losses: number[] = [];
    for (let k = 0; k < 5; k++) {
      const loss = core.withGradMode(false, () => opt.step(() => {
        opt.zero_grad();
        const y = x.sub(5).pow(2).sum();
        y.backward();
        return y;
      })) as Tensor;
      losses.push(loss.item() as number);
      xs.push(x._t.data[0]!);
    }
    [3.4, 3.72, 3.976, 4.1808, 4.34464].forEach((v, k) => expect(xs[k]).toBeCloseTo(v, 5));
    [4, 2.56, 1.6384, 1.048576, 0.67108864].forEach((v, k) => expect(losses[k]).toBeCloseTo(v, 5));
  });

  it('updates run under no-grad: a parameter stays a leaf and step() records nothing', () => {
    const x = param([3]);
    const opt = new optim.Adam([x], { lr: 0.1 });
    x.grad = wrap(core.fromArray([-4], 'float64'));
    opt.step();
    expect(x.is_leaf).toBe(true);
    expect(x.grad_fn).toBeNull();
    expect(x._t.version).toBe(1);
  });

  it('a parameter that does not require grad is accepted and left unchanged (its .grad stays null), as in PyTorch 1.13', () => {
    const x = wrap(core.fromArray([3], 'float64'));
    const opt = new optim.SGD([x], { lr: 0.1 });
    opt.step();
    expect(x._t.data[0]).toBe(3);
  });
});

describe('torch.optim errors, in PyTorch words', () => {
  it('reject a negative learning rate and other bad hyperparameters', () => {
    const p = () => [param([1])];
    expect(() => new optim.SGD(p(), { lr: -0.1 })).toThrow('Invalid learning rate: -0.1');
    expect(() => new optim.Adam(p(), { lr: -1e-5 })).toThrow('Invalid learning rate: -1e-05');
    expect(() => new optim.SGD(p(), { lr: 0.1, momentum: -1 })).toThrow('Invalid momentum value: -1');
    expect(() => new optim.SGD(p(), { lr: 0.1, nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
    expect(() => new optim.Adam(p(), { betas: [1, 0.999] })).toThrow('Invalid beta parameter at index 0: 1');
    expect(() => new optim.RMSprop(p(), { alpha: -0.5 })).toThrow('Invalid alpha value: -0.5');
    expect(() => new optim.Adagrad(p(), { lr_decay: -1 })).toThrow('Invalid lr_decay value: -1');
    expect(() => new optim.AdamW(p(), { eps: -1 })).toThrow('Invalid epsilon value: -1');
  });
  it("SGD's lr is required in PyTorch 1.13", () => {
    expect(() => new optim.SGD([param([1])])).toThrow("parameter group didn't specify a value of required optimization parameter lr");
    expect(new optim.SGD([param([1])], 0.5).param_groups[0]!.lr).toBe(0.5);
  });
  it('reject an empty parameter list, a tensor in place of a list, a non-leaf and a parameter in two groups', () => {
    const x = param([1]);
    expect(() => new optim.Adam([])).toThrow('optimizer got an empty parameter list');
    expect(() => new optim.Adam(x as unknown as Tensor[])).toThrow('params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.DoubleTensor');
    expect(() => new optim.Adam([x.mul(2)])).toThrow("can't optimize a non-leaf Tensor");
    expect(() => new optim.Adam([{ params: [x] }, { params: [x] }])).toThrow('some parameters appear in more than one parameter group');
    expect(() => new optim.Adam([1 as unknown as Tensor])).toThrow('optimizer can only optimize Tensors, but one of the params is int');
  });
});

describe('torch.nn.utils clipping', () => {
  const withGrads = (gs: number[][]) => gs.map((g) => { const p = param(g.map(() => 0)); p.grad = wrap(core.fromArray(g, 'float64')); return p; });
  it('clip_grad_norm_ returns the total norm and scales as recorded from PyTorch', () => {
    for (const c of oracle.clip.norm) {
      const ps = withGrads(c.grads);
      const total = clip_grad_norm_(ps, c.max_norm, { norm_type: c.norm_type });
      expect(total.item()).toBeCloseTo(c.total_norm, 12);
      ps.forEach((p, i) => expect(closeTo(p.grad!._t.data, c.clipped[i]!, 1e-12)).toBeNull());
    }
  });
  it('clip_grad_value_ clamps as recorded, and a non-finite norm is an error when asked', () => {
    const ps = withGrads(oracle.clip.value.grads);
    clip_grad_value_(ps, oracle.clip.value.clip_value);
    ps.forEach((p, i) => expect(Array.from(p.grad!._t.data)).toEqual(oracle.clip.value.clipped[i]));
    expect(() => clip_grad_norm_(withGrads([[Infinity]]), 1, { error_if_nonfinite: true })).toThrow('The total norm of order 2.0 for gradients from `parameters` is non-finite');
    expect(clip_grad_norm_([param([1])], 1).item()).toBe(0);
  });
});

describe("schedulers' state_dict", () => {
  it('holds the keys PyTorch 1.13 gives; the schedulers take their arguments as keywords too', () => {
    // StepLR(SGD([p], lr=0.1), step_size=2).state_dict() -> {'step_size': 2, 'gamma': 0.1, 'base_lrs': [0.1],
    // 'last_epoch': 0, 'verbose': False, '_step_count': 1, '_get_lr_called_within_step': False, '_last_lr': [0.1]}
    const p = param([0]);
    const s = new optim.lr_scheduler.StepLR(new optim.SGD([p], { lr: 0.1 }), { step_size: 2 });
    expect(s.state_dict()).toEqual({ step_size: 2, gamma: 0.1, base_lrs: [0.1], last_epoch: 0, verbose: false, _step_count: 1,
      _get_lr_called_within_step: false, _last_lr: [0.1] });
    const pe = param([0]);
    expect(new optim.lr_scheduler.ExponentialLR(new optim.SGD([pe], { lr: 0.1 }), { gamma: 0.5 }).state_dict()).toMatchObject({ gamma: 0.5 });
    expect(new optim.lr_scheduler.CosineAnnealingLR(new optim.SGD([param([0])], { lr: 0.1 }), { T_max: 5 }).state_dict()).toMatchObject({ T_max: 5, eta_min: 0 });
  });
});
