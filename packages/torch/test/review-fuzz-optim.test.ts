/**
 * The optimizer fuzz review's torch.optim findings (/tmp/review_fuzz_optim.md), each against PyTorch 1.13
 * (`/usr/bin/python3`, torch 1.13); the Python one-liner and its output are quoted at each check.
 */
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

const { SGD, Adam, AdamW, Adagrad, RMSprop, lr_scheduler: L } = torch.optim;
const quiet = <T>(f: () => T): T => {
  const p = process.emitWarning;
  process.emitWarning = () => {};
  try { return f(); } finally { process.emitWarning = p; }
};
const param = (v: number[], dtype = torch.float32) => torch.tensor(v, { dtype, requires_grad: true });
const caught = (f: () => unknown): string => {
  try { f(); return 'ok'; } catch (e) { return String(e); }
};

describe('finding 1: Adagrad seeds state["sum"] with the constructor\'s initial_accumulator_value', () => {
  it('ignores a group\'s own value', () => {
    // opt = torch.optim.Adagrad([{'params': [p], 'initial_accumulator_value': 1.0}], lr=0.1)  (p float64 [1.0])
    // print(opt.state[p]['sum'].tolist()); p.grad = torch.tensor([1.0], dtype=torch.float64); opt.step()
    // print(p.tolist(), opt.state_dict()['state'][0]['sum'].tolist())   ->  [0.0] / [0.90000000001] [1.0]
    const p = param([1], torch.float64);
    const opt = new Adagrad([{ params: [p], initial_accumulator_value: 1.0 }], { lr: 0.1 });
    expect((opt.state.get(p)!.sum as torch.Tensor).tolist()).toEqual([0]);
    p.grad = torch.tensor([1.0], { dtype: torch.float64 });
    opt.step();
    expect(p.tolist()).toEqual([0.90000000001]);
    expect((opt.state_dict().state[0]!.sum as torch.Tensor).tolist()).toEqual([1]);
    expect(opt.param_groups[0]!.initial_accumulator_value).toBe(1); // stored, unused
  });
});

describe('finding 2: a group added after the scheduler keeps its lr (zip over base_lrs)', () => {
  it('CosineAnnealingLR', () => {
    // opt = SGD([a], lr=0.1); s = L.CosineAnnealingLR(opt, T_max=1); opt.add_param_group({'params': [b], 'lr': 0.5})
    // 3x: a.grad = b.grad = ones(1); opt.step(); s.step(); print(s.get_last_lr(), b.tolist())
    // -> [0.0, 0.0] [0.5] / [0.1, 0.0] [0.5] / [0.0, 0.0] [0.5]
    quiet(() => {
      const a = param([1]), b = param([1]);
      const opt = new SGD([a], { lr: 0.1 });
      const s = new L.CosineAnnealingLR(opt, { T_max: 1 });
      opt.add_param_group({ params: [b], lr: 0.5 });
      const got: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        a.grad = torch.ones([1]); b.grad = torch.ones([1]);
        opt.step(); s.step();
        got.push([s.get_last_lr(), b.tolist()]);
      }
      expect(got).toEqual([[[0, 0], [0.5]], [[0.1, 0], [0.5]], [[0, 0], [0.5]]]);
    });
  });
  it('ExponentialLR.step(epoch) and StepLR.step(epoch)', () => {
    // opt2 = SGD([a2], lr=0.1); s2 = L.ExponentialLR(opt2, gamma=0.5); opt2.add_param_group({'params': [b2], 'lr': 0.5})
    // opt2.step(); s2.step(3); print(s2.get_last_lr(), [g['lr'] for g in opt2.param_groups])  -> [0.0125, 0.5] [0.0125, 0.5]
    quiet(() => {
      const opt = new SGD([param([1])], { lr: 0.1 });
      const s = new L.ExponentialLR(opt, { gamma: 0.5 });
      opt.add_param_group({ params: [param([1])], lr: 0.5 });
      opt.step(); s.step(3);
      expect(s.get_last_lr()).toEqual([0.0125, 0.5]);
      expect(opt.param_groups.map((g) => g.lr)).toEqual([0.0125, 0.5]);
      // same with StepLR(opt, 2, gamma=0.5): opt.step(); s.step(4) -> [0.025, 0.5]
      const opt2 = new SGD([param([1])], { lr: 0.1 });
      const s2 = new L.StepLR(opt2, 2, { gamma: 0.5 });
      opt2.add_param_group({ params: [param([1])], lr: 0.5 });
      opt2.step(); s2.step(4);
      expect(s2.get_last_lr()).toEqual([0.025, 0.5]);
    });
  });
});

describe('finding 3: centered RMSprop in float32, op by op in float32', () => {
  it('a tiny gradient leaves the parameter finite', () => {
    // p = torch.tensor([1.0], requires_grad=True); opt = torch.optim.RMSprop([p], lr=0.01, centered=True)
    // p.grad = torch.tensor([1e-30]); opt.step() -> [1.0] {'step': 1, 'square_avg': [0.0], 'grad_avg': [9.99999950273831e-33]}
    const p = param([1]);
    const opt = new RMSprop([p], { lr: 0.01, centered: true });
    p.grad = torch.tensor([1e-30]);
    opt.step();
    expect(p.tolist()).toEqual([1]);
    expect((opt.state.get(p)!.grad_avg as torch.Tensor).tolist()).toEqual([9.99999950273831e-33]);
  });
  it('reproduces float32 trajectories bit for bit', () => {
    // p0, grads below; for kw in (centered=True), (centered=True, momentum=0.9, weight_decay=0.1), (momentum=0.5), ():
    //   p = torch.tensor(p0, requires_grad=True); opt = torch.optim.RMSprop([p], lr=0.01, alpha=0.9, **kw)
    //   for k in range(6): p.grad = torch.tensor(grads[k % 3]); opt.step()
    //   print(p.tolist())
    const p0 = [0.5, -1.25, 3.0, 0.1, -0.7, 2.2, 0.01, -5.0, 1.5, 0.3];
    const grads = [[0.3, -0.2, 1e-3, 2.0, -1.5, 0.05, 0.7, -0.01, 0.4, -0.9], [0.1, 0.25, -0.3, 1.1, 0.02, -0.6, 0.8, 0.33, -0.45, 0.05], [-0.2, 0.15, 0.5, -1.0, 0.3, 0.07, -0.2, 0.6, 0.01, 0.2]];
    const want: Array<[Record<string, unknown>, number[]]> = [
      [{ centered: true }, [0.4575214684009552, -1.2692670822143555, 2.9669084548950195, 0.03838201239705086, -0.6543357968330383, 2.215256452560425, -0.08086942136287689, -5.072734832763672, 1.4889872074127197, 0.34166643023490906]],
      [{ centered: true, momentum: 0.9, weight_decay: 0.1 }, [0.2627890408039093, -1.1108890771865845, 2.6761345863342285, -0.15495938062667847, -0.4911136031150818, 2.0731754302978516, -0.32317444682121277, -4.744810581207275, 1.3345502614974976, 0.4659802317619324]],
      [{ momentum: 0.5 }, [0.41713353991508484, -1.2717792987823486, 2.950261354446411, -0.011474449187517166, -0.6155300140380859, 2.2194793224334717, -0.14307868480682373, -5.09459924697876, 1.477321982383728, 0.3781733810901642]],
      [{}, [0.46129682660102844, -1.2699213027954102, 2.9674129486083984, 0.0437939390540123, -0.6574301719665527, 2.2141411304473877, -0.0719352513551712, -5.063908576965332, 1.4908860921859741, 0.33879128098487854]],
    ];
    for (const [kw, w] of want) {
      const p = param(p0);
      const opt = new RMSprop([p], { lr: 0.01, alpha: 0.9, ...kw });
      for (let k = 0; k < 6; k++) { p.grad = torch.tensor(grads[k % 3]!); opt.step(); }
      expect(p.tolist(), JSON.stringify(kw)).toEqual(w);
    }
  });
});

describe('finding 4: SGD accepts NaN lr, momentum and weight_decay (its checks are `x < 0.0`)', () => {
  it('constructs and steps as 1.13 does', () => {
    // for kw in [dict(lr=nan), dict(lr=0.1, momentum=nan), dict(lr=0.1, weight_decay=nan), dict(lr=0.1, momentum=nan, nesterov=True)]:
    //   p = torch.tensor([1.0], requires_grad=True); o = torch.optim.SGD([p], **kw); p.grad = torch.ones(1); o.step(); print(p.tolist())
    // -> [nan] / [0.8999999761581421] / [nan] / [nan]
    const cases: Array<[Record<string, unknown>, number]> = [[{ lr: NaN }, NaN], [{ lr: 0.1, momentum: NaN }, 0.8999999761581421], [{ lr: 0.1, weight_decay: NaN }, NaN], [{ lr: 0.1, momentum: NaN, nesterov: true }, NaN]];
    for (const [kw, w] of cases) {
      const p = param([1]);
      const o = new SGD([p], kw);
      p.grad = torch.ones([1]);
      o.step();
      expect((p.tolist() as number[])[0], JSON.stringify(kw)).toBe(w);
    }
  });
  it('Adam, RMSprop and Adagrad still reject NaN (`not 0.0 <= x`)', () => {
    // torch.optim.Adam([p], weight_decay=nan) -> ValueError Invalid weight_decay value: nan (RMSprop, Adagrad alike)
    for (const C of [Adam, RMSprop, Adagrad]) expect(caught(() => new C([param([0])], { weight_decay: NaN }))).toBe('ValueError: Invalid weight_decay value: nan');
    expect(caught(() => new SGD([param([0])], { lr: -1 }))).toBe('ValueError: Invalid learning rate: -1.0');
  });
});

describe('finding 5: fused and capturable on CPU', () => {
  it("raise 1.13's errors", () => {
    // for cls, kw in [('Adam', dict(fused=True)), ('Adam', dict(capturable=True)), ('AdamW', dict(capturable=True))]:
    //   o = getattr(torch.optim, cls)([p], **kw); p.grad = torch.ones(2); o.step()
    // -> RuntimeError: FusedAdam requires all the params to be CUDA, floating point
    // -> AssertionError: If capturable=True, params and state_steps must be CUDA tensors.  (Adam and AdamW, at step())
    const p = param([0, 0]);
    expect(caught(() => new Adam([p], { fused: true }))).toBe('RuntimeError: FusedAdam requires all the params to be CUDA, floating point');
    // torch.optim.Adam([p], fused=True, differentiable=True) -> RuntimeError: `fused` cannot be `differentiable`
    expect(caught(() => new Adam([p], { fused: true, differentiable: true }))).toBe('RuntimeError: `fused` cannot be `differentiable`');
    for (const C of [Adam, AdamW]) {
      p.grad = null;
      const o = new C([p], { capturable: true });
      expect(caught(() => o.step())).toBe('ok'); // no gradient: nothing to check
      p.grad = torch.ones([2]);
      expect(caught(() => o.step())).toBe('AssertionError: If capturable=True, params and state_steps must be CUDA tensors.');
      expect(p.tolist()).toEqual([0, 0]);
    }
  });
  it('a group without capturable is updated first; the failing group\'s state is made (step a [1] tensor)', () => {
    // q, p = zeros(1), zeros(2); o = torch.optim.Adam([{'params': [q], 'capturable': False}, {'params': [p]}], lr=0.1, capturable=True)
    // p.grad = ones(2); q.grad = ones(1); o.step() -> AssertionError; q.tolist() [-0.09999998658895493], p [0.0, 0.0]
    // state_dict()['state']: {0: step [1.0], exp_avg [0.10000000149011612], ...}, {1: step [0.0], exp_avg [0.0, 0.0], ...}
    const q = param([0]), p = param([0, 0]);
    const o = new Adam([{ params: [q], capturable: false }, { params: [p] }], { lr: 0.1, capturable: true });
    p.grad = torch.ones([2]); q.grad = torch.ones([1]);
    expect(caught(() => o.step())).toMatch(/^AssertionError/);
    expect((q.tolist() as number[])[0]).toBeCloseTo(-0.09999998658895493, 6); // float32 Adam: the documented 1-3 ulp
    expect(p.tolist()).toEqual([0, 0]);
    const st = o.state_dict().state;
    expect((st[0]!.step as torch.Tensor).tolist()).toEqual([1]);
    expect((st[0]!.exp_avg as torch.Tensor).tolist()).toEqual([0.10000000149011612]);
    expect((st[0]!.step as torch.Tensor).shape).toEqual([1]);
    expect((st[1]!.step as torch.Tensor).tolist()).toEqual([0]);
    expect((st[1]!.exp_avg as torch.Tensor).tolist()).toEqual([0, 0]);
  });
});

describe("finding 6: the resumed scheduler's KeyError in Python's repr quotes", () => {
  it('StepLR(opt, 2, last_epoch=3) without initial_lr', () => {
    // torch.optim.lr_scheduler.StepLR(SGD([p], lr=0.1), 2, last_epoch=3)
    // -> KeyError: "param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer"
    const opt = new SGD([param([0])], { lr: 0.1 });
    expect(caught(() => new L.StepLR(opt, 2, { last_epoch: 3 }))).toBe(`KeyError: "param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer"`);
  });
});

describe('finding 7: integer powers correctly rounded (glibc pow) in the closed forms and Adam\'s bias corrections', () => {
  it('ExponentialLR.step(6)', () => {
    // o2 = SGD([p], lr=1.0); s2 = ExponentialLR(o2, gamma=0.99); o2.step(); s2.step(6); print(repr(s2.get_last_lr()[0])) -> 0.941480149401
    quiet(() => {
      const o = new SGD([param([0])], { lr: 1.0 });
      const s = new L.ExponentialLR(o, { gamma: 0.99 });
      o.step(); s.step(6);
      expect(s.get_last_lr()[0]).toBe(0.941480149401);
    });
  });
  it('float64 Adam and Adagrad trajectories bit for bit (with finding 8)', () => {
    // p = torch.tensor([0.3, -1.7, 2.5, 0.01], dtype=torch.float64, requires_grad=True); o = torch.optim.Adam([p], lr=0.1)
    // for k in range(6): p.grad = torch.tensor([0.7, -0.2, 1.3, 1e-3], dtype=torch.float64) * (k+1); o.step()
    // -> [-0.28272631931749004, -1.1172736912048697, 1.9172736787399205, -0.5727233772842327]
    const p = param([0.3, -1.7, 2.5, 0.01], torch.float64);
    const o = new Adam([p], { lr: 0.1 });
    for (let k = 0; k < 6; k++) { p.grad = torch.tensor([0.7, -0.2, 1.3, 1e-3].map((x) => x * (k + 1)), { dtype: torch.float64 }); o.step(); }
    const got = p.tolist() as number[];
    expect(got.slice(0, 3)).toEqual([-0.28272631931749004, -1.1172736912048697, 1.9172736787399205]);
    // the last is an ulp off: PyTorch fuses exp_avg.mul_(beta1).add_(grad, alpha=1-beta1) (the documented FMA)
    expect(Math.abs(got[3]! - -0.5727233772842327)).toBeLessThanOrEqual(2 ** -53);
    // Adagrad's addcdiv_(grad, std, value=-clr): p = torch.tensor([2.0665311091502883], dtype=torch.float64, requires_grad=True)
    // o = torch.optim.Adagrad([p], lr=0.1); p.grad = torch.tensor([1.5477264176418153], dtype=torch.float64); o.step()
    // print(repr(p.item())) -> 1.9665311091567494  (the old -clr*(g/std) gave 1.9665311091567492)
    const a = param([2.0665311091502883], torch.float64);
    const oa = new Adagrad([a], { lr: 0.1 });
    a.grad = torch.tensor([1.5477264176418153], { dtype: torch.float64 });
    oa.step();
    expect(a.item()).toBe(1.9665311091567494);
  });
});

describe('finding 8: float64 addcdiv_ order', () => {
  it('Adam: self + (value*exp_avg)/denom', () => {
    // p = torch.tensor([0.3], dtype=torch.float64, requires_grad=True); opt = torch.optim.Adam([p], lr=0.1)
    // p.grad = torch.tensor([0.7], dtype=torch.float64); opt.step(); print(repr(p.item())) -> 0.2000000014285714
    const p = param([0.3], torch.float64);
    const o = new Adam([p], { lr: 0.1 });
    p.grad = torch.tensor([0.7], { dtype: torch.float64 });
    o.step();
    expect(p.item()).toBe(0.2000000014285714);
  });
});
