// Fixes for /tmp/review_optim.md findings 1-6 (and 12, the param_group key order) on the torch facade.
// Every expected value, text and key order was printed by real PyTorch 1.13 (/usr/bin/python3, Python 3.11);
// the Python that printed it is in the comment beside it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as torch from '@twingrad/torch';

const { SGD, Adam, AdamW, RMSprop, Adagrad } = torch.optim;
const L = torch.optim.lr_scheduler;
const x = () => torch.zeros(2, { requires_grad: true });
const f64 = (v: number[]) => torch.tensor(v, { dtype: torch.float64 });

/** The error `f` throws (the test fails if it throws none). */
function thrown(f: () => unknown): Error {
  try { f(); } catch (e) { return e as Error; }
  throw new Error('expected an error');
}
const typeError = (f: () => unknown): string => {
  const e = thrown(f);
  expect(e).toBeInstanceOf(torch.TypeError);
  return e.message;
};

describe('finding 1: positional arguments in Python order, unknown keywords refused (torch.optim)', () => {
  it('a positional learning rate is used by every optimizer', () => {
    // for C in [Adam, AdamW, RMSprop, Adagrad, SGD]: C([x], 0.1).param_groups[0]['lr'] -> 0.1
    for (const C of [Adam, AdamW, RMSprop, Adagrad] as const) expect(new C([x()], 0.1).param_groups[0]!.lr, C.name).toBe(0.1);
    expect(new SGD([x()], 0.1).param_groups[0]!.lr).toBe(0.1);
  });

  it("binds every positional parameter in the signature's order; the defaults keep PyTorch's key order", () => {
    // list(SGD([x], 0.1, 0.5, 0.1, 0.01, False).defaults.items())
    expect(Object.entries(new SGD([x()], 0.1, 0.5, 0.1, 0.01, false).defaults)).toEqual([
      ['lr', 0.1], ['momentum', 0.5], ['dampening', 0.1], ['weight_decay', 0.01], ['nesterov', false], ['maximize', false], ['foreach', null], ['differentiable', false]]);
    // list(Adam([x], 0.1, (0.5, 0.6), 1e-6, 0.01, True).defaults.items())
    expect(Object.entries(new Adam([x()], 0.1, [0.5, 0.6], 1e-6, 0.01, true).defaults)).toEqual([
      ['lr', 0.1], ['betas', [0.5, 0.6]], ['eps', 1e-6], ['weight_decay', 0.01], ['amsgrad', true], ['maximize', false], ['foreach', null], ['capturable', false], ['differentiable', false], ['fused', false]]);
    // list(AdamW([x], 0.1, (0.5, 0.6), 1e-6, 0.02, True).defaults.items())  (foreach before maximize: finding 12)
    expect(Object.entries(new AdamW([x()], 0.1, [0.5, 0.6], 1e-6, 0.02, true).defaults)).toEqual([
      ['lr', 0.1], ['betas', [0.5, 0.6]], ['eps', 1e-6], ['weight_decay', 0.02], ['amsgrad', true], ['foreach', null], ['maximize', false], ['capturable', false]]);
    // list(RMSprop([x], 0.1, 0.9, 1e-6, 0.01, 0.5, True, None, True).defaults.items())  (momentum second: finding 12)
    expect(Object.entries(new RMSprop([x()], 0.1, 0.9, 1e-6, 0.01, 0.5, true, null, true).defaults)).toEqual([
      ['lr', 0.1], ['momentum', 0.5], ['alpha', 0.9], ['eps', 1e-6], ['centered', true], ['weight_decay', 0.01], ['foreach', null], ['maximize', true], ['differentiable', false]]);
    // list(Adagrad([x], 0.1, 0.01, 0.02, 0.3, 1e-6, None, maximize=True).defaults.items())
    expect(Object.entries(new Adagrad([x()], 0.1, 0.01, 0.02, 0.3, 1e-6, null, { maximize: true }).defaults)).toEqual([
      ['lr', 0.1], ['lr_decay', 0.01], ['eps', 1e-6], ['weight_decay', 0.02], ['initial_accumulator_value', 0.3], ['foreach', null], ['maximize', true]]);
    // Adam([x], 0.1, eps=1e-6).defaults['eps'] -> 1e-06
    expect(new Adam([x()], 0.1, { eps: 1e-6 }).defaults.eps).toBe(1e-6);
  });

  it("raises CPython's TypeErrors for an unknown or repeated keyword and for too many positional arguments", () => {
    // Adam([x], lrr=0.1)
    expect(typeError(() => new Adam([x()], { lrr: 0.1 } as never))).toBe("Adam.__init__() got an unexpected keyword argument 'lrr'");
    // Adam([x], lr=0.1, beta=(0.5, 0.6))
    expect(typeError(() => new Adam([x()], { lr: 0.1, beta: [0.5, 0.6] } as never))).toBe("Adam.__init__() got an unexpected keyword argument 'beta'");
    // SGD([x], lr=0.1, centered=True)
    expect(typeError(() => new SGD([x()], { lr: 0.1, centered: true } as never))).toBe("SGD.__init__() got an unexpected keyword argument 'centered'");
    // Adam([x], 0.1, lr=0.2)
    expect(typeError(() => new Adam([x()], 0.1, { lr: 0.2 }))).toBe("Adam.__init__() got multiple values for argument 'lr'");
    // SGD([x], 0.1, 0.9, 0, 0, False, True, maximize=True)
    expect(typeError(() => new SGD([x()], ...([0.1, 0.9, 0, 0, false, true, { maximize: true }] as unknown as [number])))).toBe(
      'SGD.__init__() takes from 2 to 7 positional arguments but 8 positional arguments (and 1 keyword-only argument) were given');
    // RMSprop([x], 0.1, 0.99, 1e-8, 0, 0, False, None, False, False, 1)
    expect(typeError(() => new RMSprop([x()], ...([0.1, 0.99, 1e-8, 0, 0, false, null, false, false, 1] as unknown as [number])))).toBe(
      'RMSprop.__init__() takes from 2 to 11 positional arguments but 12 were given');
  });
});

describe('finding 1: lr_scheduler positional arguments', () => {
  const sgd = () => new SGD([torch.zeros(1, { requires_grad: true })], { lr: 1.0 });

  it('StepLR(opt, 1, 0.5) uses gamma 0.5 and CosineAnnealingLR(opt, 2, 0.5) uses eta_min 0.5', () => {
    // o = SGD([y], lr=1.0); s = StepLR(o, 1, 0.5); o.step(); s.step(); s.get_last_lr() -> [0.5]
    let o = sgd();
    const s = new L.StepLR(o, 1, 0.5);
    o.step(); s.step();
    expect(s.get_last_lr()).toEqual([0.5]);
    // s = CosineAnnealingLR(o, 2, 0.5); (o.step(); s.step()) twice; s.get_last_lr() -> [0.5]
    o = sgd();
    const c = new L.CosineAnnealingLR(o, 2, 0.5);
    o.step(); c.step(); o.step(); c.step();
    expect(c.get_last_lr()).toEqual([0.5]);
    // s = CosineAnnealingLR(o, 4, eta_min=0.5); o.step(); s.step(); s.get_last_lr() -> [0.9267766952966369]
    o = sgd();
    const k = new L.CosineAnnealingLR(o, 4, { eta_min: 0.5 });
    o.step(); k.step();
    expect(k.get_last_lr()[0]).toBeCloseTo(0.9267766952966369, 15);
  });

  it("raises CPython's TypeErrors for a missing, unknown or extra argument", () => {
    // StepLR(o)
    expect(typeError(() => new L.StepLR(sgd()))).toBe("StepLR.__init__() missing 1 required positional argument: 'step_size'");
    // StepLR(o, 1, gama=0.5)
    expect(typeError(() => new L.StepLR(sgd(), 1, { gama: 0.5 } as never))).toBe("StepLR.__init__() got an unexpected keyword argument 'gama'");
    // ExponentialLR(o, 0.5, -1, False, 1)
    expect(typeError(() => new L.ExponentialLR(sgd(), ...([0.5, -1, false, 1] as unknown as [number])))).toBe(
      'ExponentialLR.__init__() takes from 3 to 5 positional arguments but 6 were given');
  });
});

describe('finding 2: clip_grad_norm_ with norm_type 0, -inf, negative p and mixed dtypes', () => {
  const params = (gs: number[][], dtypes: torch.DType[] = gs.map(() => torch.float32)) => gs.map((g, i) => {
    const p = torch.zeros(g.length, { dtype: dtypes[i]!, requires_grad: true });
    p.grad = torch.tensor(g, { dtype: dtypes[i]! });
    return p;
  });
  const grads = (ps: torch.Tensor[]) => ps.flatMap((p) => p.grad!.tolist() as number[]);
  const closeAll = (got: number[], want: number[], rtol: number) => got.forEach((g, i) => {
    if (Number.isNaN(want[i]!)) expect(g).toBeNaN();
    else expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(rtol * Math.abs(want[i]!));
  });

  it('norm_type 0 counts the gradients with a nonzero element (the norm of the per-gradient counts)', () => {
    // clip_grad_norm_([a, b], 2.0, 0) with a.grad = [0.3, -4, 0], b.grad = [1.5, 2.5] -> 2.0, float32;
    // grads [0.299999862909317, -3.999998092651367, 0.0, 1.4999992847442627, 2.4999988079071045]
    const ps = params([[0.3, -4, 0], [1.5, 2.5]]);
    const total = torch.nn.utils.clip_grad_norm_(ps, 2.0, 0);
    expect([total.item(), total.dtype]).toEqual([2, torch.float32]);
    // NOTE: PyTorch computes the coefficient in float32, twingrad in float64 (docs/divergences.md): 1 ulp apart at most
    closeAll(grads(ps), [0.299999862909317, -3.999998092651367, 0.0, 1.4999992847442627, 2.4999988079071045], 1.2e-7);
    // a NaN counts as nonzero: a.grad = [nan, 1] -> 2.0, grads [nan, 0.9999995231628418, 1.4999992847442627, 2.4999988079071045]
    const qs = params([[NaN, 1], [1.5, 2.5]]);
    expect(torch.nn.utils.clip_grad_norm_(qs, 2.0, 0).item()).toBe(2);
    closeAll(grads(qs), [NaN, 0.9999995231628418, 1.4999992847442627, 2.4999988079071045], 1.2e-7);
    // all zero: clip_grad_norm_(ps, 1.0, 0) -> 0.0, grads unchanged
    expect(torch.nn.utils.clip_grad_norm_(params([[0, 0], [0]]), 1.0, 0).item()).toBe(0);
  });

  it('norm_type -inf is the smallest |g|; a negative p follows the p-norm formula', () => {
    // clip_grad_norm_([a, b], 2.0, norm_type=-math.inf) -> 0.0, grads unchanged ([0.3, -4, 0, 1.5, 2.5] in float32)
    const ps = params([[0.3, -4, 0], [1.5, 2.5]]);
    expect(torch.nn.utils.clip_grad_norm_(ps, 2.0, { norm_type: -Infinity }).item()).toBe(0);
    expect(grads(ps)).toEqual([Math.fround(0.3), -4, 0, 1.5, 2.5]);
    // clip_grad_norm_([a, b], 2.0, '-inf') -> 0.0
    expect(torch.nn.utils.clip_grad_norm_(params([[0.3, -4, 0], [1.5, 2.5]]), 2.0, '-inf').item()).toBe(0);
    // float64 a.grad = [0.3, -4, 0.5], b.grad = [1.5, 2.5]: clip_grad_norm_([a, b], 2.0, -1.0) -> 0.15037593984962405
    const qs = params([[0.3, -4, 0.5], [1.5, 2.5]], [torch.float64, torch.float64]);
    expect(torch.nn.utils.clip_grad_norm_(qs, 2.0, -1).item()).toBeCloseTo(0.15037593984962405, 15);
    // a.grad = [nan, 1]: clip_grad_norm_([a], 1.0, -math.inf, True) -> RuntimeError (order -inf)
    const e = thrown(() => torch.nn.utils.clip_grad_norm_(params([[NaN, 1]]), 1.0, -Infinity, true));
    expect(e).toBeInstanceOf(torch.RuntimeError);
    expect(e.message).toBe('The total norm of order -inf for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`');
  });

  it('a float32 and a float64 gradient give a float64 total (torch.stack promotes the per-gradient norms)', () => {
    // a.grad = [3., 4.] (float32), b.grad = [12.] (float64): clip_grad_norm_([a, b], 1.0) -> 13.0, torch.float64;
    // grads [0.23076921701431274, 0.307692289352417, 0.9230768520710115]
    const ps = params([[3, 4], [12]], [torch.float32, torch.float64]);
    const total = torch.nn.utils.clip_grad_norm_(ps, 1.0);
    expect([total.item(), total.dtype]).toEqual([13, torch.float64]);
    closeAll(grads(ps), [0.23076921701431274, 0.307692289352417, 0.9230768520710115], 1.2e-7);
  });

  it("takes Python's arguments and raises its TypeErrors", () => {
    // clip_grad_norm_([p], 1.0, 2, False, 1)
    expect(typeError(() => torch.nn.utils.clip_grad_norm_(params([[3]]), ...([1.0, 2, false, 1] as unknown as [number])))).toBe(
      'clip_grad_norm_() takes from 2 to 4 positional arguments but 5 were given');
    // clip_grad_norm_([p], 1.0, normtype=1)
    expect(typeError(() => torch.nn.utils.clip_grad_norm_(params([[3]]), 1.0, { normtype: 1 } as never))).toBe("clip_grad_norm_() got an unexpected keyword argument 'normtype'");
    // clip_grad_norm_([p])
    expect(typeError(() => torch.nn.utils.clip_grad_norm_(params([[3]])))).toBe("clip_grad_norm_() missing 1 required positional argument: 'max_norm'");
  });
});

describe('finding 4: load_state_dict with a numeric step continues as PyTorch 1.13 does (__setstate__)', () => {
  /** o = C([a], lr=0.1, ...); 3 steps; sd['state'][0]['step'] = 3.0; a fresh C on b loads sd and steps. */
  function resumed(make: (p: torch.Tensor) => torch.optim.Optimizer, edit: (sd: torch.optim.StateDict) => void = () => undefined) {
    const a = torch.tensor([1.0, 2.0], { dtype: torch.float64, requires_grad: true });
    a.grad = f64([0.5, -0.5]);
    const o = make(a);
    for (let i = 0; i < 3; i++) o.step();
    const sd = o.state_dict();
    sd.state[0]!.step = 3.0;
    edit(sd);
    const b = a.detach().clone().requires_grad_();
    b.grad = a.grad.clone();
    const o2 = make(b);
    o2.load_state_dict(sd);
    return { b, o2, step: () => o2.state.get(b)!.step as torch.Tensor };
  }

  it('Adam: the step becomes a float32 tensor and the bias correction continues; missing group keys get their defaults', () => {
    // del sd['param_groups'][0]['amsgrad']; o2.load_state_dict(sd) -> group amsgrad False, step tensor(3.) float32;
    // o2.step() -> b [0.6000000080000012, 2.399999991999999], step tensor(4.)
    const { b, o2, step } = resumed((p) => new Adam([p], { lr: 0.1 }), (sd) => { delete sd.param_groups[0]!.amsgrad; });
    expect(o2.param_groups[0]!.amsgrad).toBe(false);
    expect([step().item(), step().dtype]).toEqual([3, torch.float32]);
    o2.step();
    expect(b.tolist()).toEqual([0.6000000080000012, 2.399999991999999]);
    expect(step().item()).toBe(4);
  });

  it('AdamW and Adagrad convert it too; Optimizer.__setstate__ adds differentiable to the defaults', () => {
    // AdamW: b [0.5966056040890091, 2.391412383913991], step tensor(4.), list(o2.defaults) ends with 'differentiable'
    const w = resumed((p) => new AdamW([p], { lr: 0.1 }));
    w.o2.step();
    const [w0, w1] = w.b.tolist() as number[];
    expect(w0).toBeCloseTo(0.5966056040890091, 15);
    expect(w1).toBeCloseTo(2.391412383913991, 15);
    expect(w.step().item()).toBe(4);
    expect(Object.keys(w.o2.defaults)).toEqual(['lr', 'betas', 'eps', 'weight_decay', 'amsgrad', 'foreach', 'maximize', 'capturable', 'differentiable']);
    // Adagrad(lr=0.1, lr_decay=0.5): b [0.8039920344934157, 2.1960079655065843], step tensor(4.)
    const g = resumed((p) => new Adagrad([p], { lr: 0.1, lr_decay: 0.5 }));
    g.o2.step();
    const [g0, g1] = g.b.tolist() as number[];
    expect(g0).toBeCloseTo(0.8039920344934157, 15);
    expect(g1).toBeCloseTo(2.1960079655065843, 15);
    expect(g.step().item()).toBe(4);
  });

  it("a numeric step set by hand (not loaded) is adam.py's RuntimeError", () => {
    // o = Adam([a], lr=0.1); o.step(); o.state[a]['step'] = 3.0; o.step()
    const a = torch.tensor([1.0, 2.0], { dtype: torch.float64, requires_grad: true });
    a.grad = f64([0.5, -0.5]);
    const o = new Adam([a], { lr: 0.1 });
    o.step();
    o.state.get(a)!.step = 3.0;
    const e = thrown(() => o.step());
    expect(e).toBeInstanceOf(torch.RuntimeError);
    expect(e.message).toBe('API has changed, `state_steps` argument must contain a list of singleton tensors');
  });
});

describe('finding 5: lr_scheduler verbose and its warnings', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it("prints each rate with verbose, warns about step(epoch) and get_lr() outside step(), each once", () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    // o = SGD([x], lr=0.1); s = StepLR(o, 3, gamma=0.5, verbose=True); o.step(); s.step(); s.step(7); s.get_lr()
    const o = new SGD([torch.zeros(1, { requires_grad: true })], { lr: 0.1 });
    const s = new L.StepLR(o, 3, { gamma: 0.5, verbose: true });
    o.step(); s.step(); s.step(7);
    expect(s.get_lr()).toEqual([0.025]);
    // s.step(2.5); s.step(-3)
    s.step(2.5); s.step(-3);
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      'Adjusting learning rate of group 0 to 1.0000e-01.',
      'Adjusting learning rate of group 0 to 1.0000e-01.',
      'Epoch 00007: adjusting learning rate of group 0 to 2.5000e-02.',
      'Epoch 2.50: adjusting learning rate of group 0 to 1.0000e-01.',
      'Epoch -00003: adjusting learning rate of group 0 to 2.0000e-01.',
    ]);
    // UserWarning (once each: lr_scheduler.py:163 and StepLR.get_lr's line)
    expect(warn.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      ['The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used instead of the new chainable form, where available. Please open an issue if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.', 'UserWarning'],
      ['To get the last learning rate computed by the scheduler, please use `get_last_lr()`.', 'UserWarning'],
    ]);
    // the flag is back to False after each step: s.state_dict()['_get_lr_called_within_step'] -> False
    expect(s.state_dict()._get_lr_called_within_step).toBe(false);
  });

  it("formats zero and large rates as '{:.4e}' does, and CosineAnnealingLR's get_lr warns from its own line", () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    // o2 = SGD([x], lr=0.0); s2 = ExponentialLR(o2, 0.5, verbose=True); o2.step(); s2.step()
    const o2 = new SGD([torch.zeros(1, { requires_grad: true })], { lr: 0.0 });
    const s2 = new L.ExponentialLR(o2, 0.5, { verbose: true });
    o2.step(); s2.step();
    // o3 = SGD([x], lr=123456.0); s3 = CosineAnnealingLR(o3, 4, 1e-3, -1, True); o3.step(); s3.step(); s3.step(1); s3.get_lr()
    const o3 = new SGD([torch.zeros(1, { requires_grad: true })], { lr: 123456.0 });
    const s3 = new L.CosineAnnealingLR(o3, 4, 1e-3, -1, true);
    o3.step(); s3.step(); s3.step(1);
    expect(s3.get_lr()[0]).toBeCloseTo(89944.28766052981, 9);
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      'Adjusting learning rate of group 0 to 0.0000e+00.',
      'Adjusting learning rate of group 0 to 0.0000e+00.',
      'Adjusting learning rate of group 0 to 1.2346e+05.',
      'Adjusting learning rate of group 0 to 1.0538e+05.',
      'Epoch 00001: adjusting learning rate of group 0 to 1.0538e+05.',
    ]);
    // the epoch warning was shown once already in this process (previous test); CosineAnnealingLR's get_lr is a new line
    expect(warn.mock.calls.map((c) => c[0])).toEqual(['To get the last learning rate computed by the scheduler, please use `get_last_lr()`.']);
  });

  it("rounds exact ties to even in the rate ('{:.4e}') and in a float epoch ('%.2f'), as Python's formatting", () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    // o = SGD([x], lr=1.03125); s = StepLR(o, 3, gamma=0.5, verbose=True); o.step(); s.step(0.125); s.step(2.375)
    // (1.03125 = 33/32 and 0.125, 2.375 are exact: JavaScript's toExponential and toFixed round those ties up)
    const o = new SGD([torch.zeros(1, { requires_grad: true })], { lr: 1.03125 });
    const s = new L.StepLR(o, 3, { gamma: 0.5, verbose: true });
    o.step(); s.step(0.125); s.step(2.375);
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      'Adjusting learning rate of group 0 to 1.0312e+00.',
      'Epoch 0.12: adjusting learning rate of group 0 to 1.0312e+00.',
      'Epoch 2.38: adjusting learning rate of group 0 to 1.0312e+00.',
    ]);
  });
});

describe('options turned on after the state exists are KeyErrors, as the state lookups in PyTorch 1.13', () => {
  // c = torch.zeros(2, requires_grad=True); c.grad = torch.ones(2); o = torch.optim.Adam([c], lr=0.1); o.step();
  // o.param_groups[0]['amsgrad'] = True; o.step()  -> KeyError: 'max_exp_avg_sq' (RMSprop centered: 'grad_avg';
  // Adagrad after add_param_group: 'sum'); twingrad ran the option off
  const errorOf = (f: () => unknown): [string, string] => { const e = thrown(f); return [e.name, e.message]; };
  it('Adam amsgrad, RMSprop centered, Adagrad\'s added parameter', () => {
    const c = torch.zeros(2, { requires_grad: true });
    c.grad = torch.ones(2);
    const adam = new torch.optim.Adam([c], { lr: 0.1 });
    adam.step();
    adam.param_groups[0]!.amsgrad = true;
    expect(errorOf(() => adam.step())).toEqual(['KeyError', "'max_exp_avg_sq'"]);
    const r = new torch.optim.RMSprop([c], { lr: 0.1 });
    r.step();
    r.param_groups[0]!.centered = true;
    expect(errorOf(() => r.step())).toEqual(['KeyError', "'grad_avg'"]);
    const b = torch.zeros(2, { requires_grad: true });
    b.grad = torch.ones(2);
    const ada = new torch.optim.Adagrad([c], { lr: 0.1 });
    ada.add_param_group({ params: [b] });
    expect(errorOf(() => ada.step())).toEqual(['KeyError', "'sum'"]);
  });
});
