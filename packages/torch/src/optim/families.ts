import type { PyArgs } from '@twingrad/core';
import { core } from '../core.js';
import { AssertionError, KeyError, RuntimeError } from '../errors.js';
import { Tensor, wrap } from '../tensor.js';
import { Optimizer, check, pyFloat, required, type ParamGroup, type ParamState, type Params, type SetState } from './optimizer.js';
import { setdefaults, stepsToTensors } from './setstate.js';

const T = 'torch' as const;
const f = pyFloat;
const num = (g: ParamGroup, k: string): number => g[k] as number;
const bool = (g: ParamGroup, k: string): boolean => g[k] as boolean;
const tensorOf = (s: ParamState, k: string): core.Tensor | null => (s[k] instanceof Tensor ? (s[k] as Tensor)._t : null);
/**
 * state[k], which the step reads as PyTorch's does: a key its state never made (amsgrad, momentum or centered turned
 * on after the first step; a parameter Adagrad's constructor did not see) is Python's KeyError, not the option off.
 */
function stateOf(s: ParamState, k: string): core.Tensor {
  if (!(k in s)) throw new KeyError(`'${k}'`);
  return (s[k] as Tensor)._t;
}

/**
 * state['step'] as PyTorch 1.13 keeps it for Adam/AdamW: a float32 0-d tensor, advanced in place. (A number there,
 * set by hand, is refused by the callers before any update: adam.py's "API has changed, `state_steps` argument must
 * contain a list of singleton tensors".)
 */
function advance(s: ParamState): number {
  const t = (s.step as Tensor)._t;
  core.inplace('add_', t, [], (x) => core.add(x, 1));
  return t.data[0]!;
}

function lrOf(lr: unknown): void {
  if (typeof lr === 'number') check(lr >= 0, `Invalid learning rate: ${f(lr)}`);
}

export interface SGDOptions { lr?: number; momentum?: number; dampening?: number; weight_decay?: number; nesterov?: boolean; maximize?: boolean; foreach?: boolean | null; differentiable?: boolean }

// PyTorch 1.13's signatures (sgd.py, adam.py, adamw.py, rmsprop.py, adagrad.py): the parameters after `params`,
// positional-or-keyword, then keyword-only (after `*`), each with its default.
const SGD_ARGS = { name: 'SGD.__init__', leading: 2, positional: { lr: required as number | typeof required, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false }, keywordOnly: { maximize: false, foreach: null as boolean | null, differentiable: false } };
const ADAM_ARGS = { name: 'Adam.__init__', leading: 2, positional: { lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weight_decay: 0, amsgrad: false }, keywordOnly: { foreach: null as boolean | null, maximize: false, capturable: false, differentiable: false, fused: false } };
const ADAMW_ARGS = { name: 'AdamW.__init__', leading: 2, positional: { lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weight_decay: 1e-2, amsgrad: false }, keywordOnly: { maximize: false, foreach: null as boolean | null, capturable: false } };
const RMSPROP_ARGS = { name: 'RMSprop.__init__', leading: 2, positional: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, foreach: null as boolean | null, maximize: false, differentiable: false } };
const ADAGRAD_ARGS = { name: 'Adagrad.__init__', leading: 2, positional: { lr: 1e-2, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10, foreach: null as boolean | null }, keywordOnly: { maximize: false } };

/**
 * torch.optim.SGD: b = momentum*b + (1-dampening)*g; p -= lr*b (the math is the core's sgdStep).
 * `lr` has no default in PyTorch 1.13. Arguments as in Python: positional in its order, then keywords as an object.
 * @example const opt = new torch.optim.SGD([x], { lr: 0.1, momentum: 0.9 }); // or new torch.optim.SGD([x], 0.1, 0.9)
 */
export class SGD extends Optimizer {
  constructor(params: Params, ...args: PyArgs<[lr: number, momentum: number, dampening: number, weight_decay: number, nesterov: boolean], SGDOptions>) {
    const { lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable } = core.bindArgs(SGD_ARGS, args).values;
    // sgd.py's checks are `lr < 0.0` etc., which NaN passes (Adam's, RMSprop's and Adagrad's `not 0.0 <= x` reject it)
    if (typeof lr === 'number') check(!(lr < 0), `Invalid learning rate: ${f(lr)}`);
    check(!(momentum < 0), `Invalid momentum value: ${f(momentum)}`);
    check(!(weight_decay < 0), `Invalid weight_decay value: ${f(weight_decay)}`);
    const defaults = { lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable };
    check(!(nesterov && (momentum <= 0 || dampening !== 0)), 'Nesterov momentum requires a momentum and zero dampening');
    super(params, defaults);
  }
  override __setstate__(state: SetState): void {
    super.__setstate__(state);
    for (const group of this.param_groups) {
      setdefaults(group, { nesterov: false, maximize: false, foreach: null, differentiable: false });
    }
  }
  protected update(g: ParamGroup): void {
    const o = { lr: num(g, 'lr'), momentum: num(g, 'momentum'), dampening: num(g, 'dampening'), nesterov: bool(g, 'nesterov'), weightDecay: num(g, 'weight_decay'), decoupled: false, maximize: bool(g, 'maximize'), convention: T };
    for (const [p, grad, s] of this.withGrads(g)) {
      const st: core.SgdState = { momentumBuffer: tensorOf(s, 'momentum_buffer'), scale: 0 };
      core.sgdStep(p._t, grad, st, o);
      s.momentum_buffer = st.momentumBuffer === null ? null : wrap(st.momentumBuffer);
    }
  }
}

export interface AdamOptions { lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; amsgrad?: boolean; maximize?: boolean; foreach?: boolean | null; capturable?: boolean; differentiable?: boolean; fused?: boolean }
export type AdamWOptions = Omit<AdamOptions, 'fused' | 'differentiable'>;

function checkAdam(lr: number, eps: number, betas: [number, number], wd: number): void {
  lrOf(lr);
  check(eps >= 0, `Invalid epsilon value: ${f(eps)}`);
  check(betas[0] >= 0 && betas[0] < 1, `Invalid beta parameter at index 0: ${f(betas[0])}`);
  check(betas[1] >= 0 && betas[1] < 1, `Invalid beta parameter at index 1: ${f(betas[1])}`);
  check(wd >= 0, `Invalid weight_decay value: ${f(wd)}`);
}

/** Adam and AdamW: one update, the weight decay L2 (Adam) or decoupled (AdamW). */
abstract class AdamBase extends Optimizer {
  protected abstract readonly decoupled: boolean;
  /**
   * adam.py's / adamw.py's step: every parameter's state is made and read first (a missing key is a KeyError before
   * any update), then the checks of adam()/adamw() and the per-parameter updates. The state's `step` is a [1]
   * tensor when the optimizer's defaults ask for capturable (or fused), else a 0-d one, as 1.13 makes it.
   */
  protected update(g: ParamGroup): void {
    const [beta1, beta2] = g.betas as [number, number];
    const amsgrad = bool(g, 'amsgrad');
    const shaped = this.defaults.capturable === true || this.defaults.fused === true;
    const work: Array<[Tensor, core.Tensor, ParamState, { m: core.Tensor; v: core.Tensor; vmax: core.Tensor | null }]> = [];
    for (const [p, grad, s] of this.withGrads(g)) {
      // `len(state) == 0`: lazy initialization
      if (Object.keys(s).length === 0) {
        s.step = wrap(shaped ? core.zeros([1], 'float32') : core.scalar(0));
        const init = core.adamState(p._t, amsgrad);
        s.exp_avg = wrap(init.m);
        s.exp_avg_sq = wrap(init.v);
        if (amsgrad) s.max_exp_avg_sq = wrap(init.vmax!);
      }
      work.push([p, grad, s, { m: stateOf(s, 'exp_avg'), v: stateOf(s, 'exp_avg_sq'), vmax: amsgrad ? stateOf(s, 'max_exp_avg_sq') : null }]);
    }
    if (!work.every(([, , s]) => s.step instanceof Tensor)) throw new RuntimeError('API has changed, `state_steps` argument must contain a list of singleton tensors');
    // _single_tensor_adam's (and _multi_tensor_adam's) check; there is no CUDA here
    if (work.length > 0 && g.capturable === true) throw new AssertionError('If capturable=True, params and state_steps must be CUDA tensors.');
    for (const [p, grad, s, st] of work) {
      const step = advance(s);
      core.adamStep(p._t, grad, st, { lr: num(g, 'lr'), beta1, beta2, eps: num(g, 'eps'), weightDecay: num(g, 'weight_decay'), decoupled: this.decoupled, amsgrad, maximize: bool(g, 'maximize'), convention: T, step });
    }
  }
}

/**
 * torch.optim.Adam: eps is added to sqrt(v_hat) after the bias correction; weight_decay is L2 (added to the gradient).
 * @example const opt = new torch.optim.Adam(model_params, { lr: 1e-3 });
 */
export class Adam extends AdamBase {
  protected readonly decoupled = false;
  constructor(params: Params, ...args: PyArgs<[lr: number, betas: [number, number], eps: number, weight_decay: number, amsgrad: boolean], AdamOptions>) {
    const { lr, betas, eps, weight_decay, amsgrad, foreach, maximize, capturable, differentiable, fused } = core.bindArgs(ADAM_ARGS, args).values;
    checkAdam(lr, eps, betas, weight_decay);
    super(params, { lr, betas, eps, weight_decay, amsgrad, maximize, foreach, capturable, differentiable, fused });
    if (fused) {
      if (differentiable) throw new RuntimeError('`fused` cannot be `differentiable`');
      // every parameter is a CPU tensor here (all() of no parameters is True)
      if (this.param_groups.some((pg) => pg.params.length > 0)) throw new RuntimeError('FusedAdam requires all the params to be CUDA, floating point');
    }
  }
  /** adam.py __setstate__: the group keys older state dicts lack, and a numeric `step` (PyTorch <= 1.11) made a tensor. */
  override __setstate__(state: SetState): void {
    super.__setstate__(state);
    for (const group of this.param_groups) {
      setdefaults(group, { amsgrad: false, maximize: false, foreach: null, capturable: false, differentiable: false, fused: false });
    }
    stepsToTensors(this.state);
  }
}

/**
 * torch.optim.AdamW: Adam with decoupled weight decay (p *= 1 - lr*weight_decay before the update), default 1e-2.
 * @example const opt = new torch.optim.AdamW(params, { lr: 1e-3, weight_decay: 0.01 });
 */
export class AdamW extends AdamBase {
  protected readonly decoupled = true;
  constructor(params: Params, ...args: PyArgs<[lr: number, betas: [number, number], eps: number, weight_decay: number, amsgrad: boolean], AdamWOptions>) {
    const { lr, betas, eps, weight_decay, amsgrad, maximize, foreach, capturable } = core.bindArgs(ADAMW_ARGS, args).values;
    checkAdam(lr, eps, betas, weight_decay);
    // adamw.py's dict order: foreach before maximize
    super(params, { lr, betas, eps, weight_decay, amsgrad, foreach, maximize, capturable });
  }
  /** adamw.py __setstate__, as Adam's. */
  override __setstate__(state: SetState): void {
    super.__setstate__(state);
    for (const group of this.param_groups) {
      setdefaults(group, { amsgrad: false, maximize: false, foreach: null, capturable: false });
    }
    stepsToTensors(this.state);
  }
}

export interface RMSpropOptions { lr?: number; alpha?: number; eps?: number; weight_decay?: number; momentum?: number; centered?: boolean; foreach?: boolean | null; maximize?: boolean; differentiable?: boolean }

/**
 * torch.optim.RMSprop: p -= lr * g / (sqrt(v) + eps), v the alpha-average of g^2 (eps outside the root).
 * @example const opt = new torch.optim.RMSprop(params, { lr: 0.01, momentum: 0.9 });
 */
export class RMSprop extends Optimizer {
  constructor(params: Params, ...args: PyArgs<[lr: number, alpha: number, eps: number, weight_decay: number, momentum: number, centered: boolean, foreach: boolean | null, maximize: boolean, differentiable: boolean], RMSpropOptions>) {
    const { lr, alpha, eps, weight_decay, momentum, centered, foreach, maximize, differentiable } = core.bindArgs(RMSPROP_ARGS, args).values;
    lrOf(lr);
    check(eps >= 0, `Invalid epsilon value: ${f(eps)}`);
    check(momentum >= 0, `Invalid momentum value: ${f(momentum)}`);
    check(weight_decay >= 0, `Invalid weight_decay value: ${f(weight_decay)}`);
    check(alpha >= 0, `Invalid alpha value: ${f(alpha)}`);
    // rmsprop.py's dict order
    super(params, { lr, momentum, alpha, eps, centered, weight_decay, foreach, maximize, differentiable });
  }
  override __setstate__(state: SetState): void {
    super.__setstate__(state);
    for (const group of this.param_groups) {
      setdefaults(group, { momentum: 0, centered: false, foreach: null, maximize: false, differentiable: false });
    }
  }
  protected update(g: ParamGroup): void {
    const momentum = num(g, 'momentum'), centered = bool(g, 'centered');
    for (const [p, grad, s] of this.withGrads(g)) {
      if (!(s.square_avg instanceof Tensor)) {
        const init = core.rmspropState(p._t, centered, momentum);
        s.step = 0;
        s.square_avg = wrap(init.squareAvg);
        if (momentum > 0) s.momentum_buffer = wrap(init.momentumBuffer!);
        if (centered) s.grad_avg = wrap(init.gradAvg!);
      }
      s.step = (s.step as number) + 1;
      const st = { squareAvg: stateOf(s, 'square_avg'), gradAvg: centered ? stateOf(s, 'grad_avg') : null, momentumBuffer: momentum > 0 ? stateOf(s, 'momentum_buffer') : null };
      core.rmspropStep(p._t, grad, st, { lr: num(g, 'lr'), rho: num(g, 'alpha'), eps: num(g, 'eps'), momentum, centered, weightDecay: num(g, 'weight_decay'), decoupled: false, maximize: bool(g, 'maximize'), convention: T });
    }
  }
}

/**
 * adagrad.py's _single_tensor_adagrad: `step_t += 1; step = _get_value(step_t)`. A tensor step advances in place;
 * a number (set by hand) is advanced in a local only, so it never changes (PyTorch 1.13's behaviour).
 */
function adagradStep(s: ParamState): number {
  if (s.step instanceof Tensor) return advance(s);
  return (s.step as number) + 1;
}

export interface AdagradOptions { lr?: number; lr_decay?: number; weight_decay?: number; initial_accumulator_value?: number; eps?: number; foreach?: boolean | null; maximize?: boolean }

/**
 * torch.optim.Adagrad: p -= lr/(1+(t-1)*lr_decay) * g / (sqrt(sum g^2) + eps); the sum starts at
 * initial_accumulator_value (0). Its state is created in the constructor, as in PyTorch.
 * @example const opt = new torch.optim.Adagrad(params, { lr: 0.1 });
 */
export class Adagrad extends Optimizer {
  constructor(params: Params, ...args: PyArgs<[lr: number, lr_decay: number, weight_decay: number, initial_accumulator_value: number, eps: number, foreach: boolean | null], AdagradOptions>) {
    const { lr, lr_decay, weight_decay, initial_accumulator_value, eps, foreach, maximize } = core.bindArgs(ADAGRAD_ARGS, args).values;
    lrOf(lr);
    check(lr_decay >= 0, `Invalid lr_decay value: ${f(lr_decay)}`);
    check(weight_decay >= 0, `Invalid weight_decay value: ${f(weight_decay)}`);
    check(initial_accumulator_value >= 0, `Invalid initial_accumulator_value value: ${f(initial_accumulator_value)}`);
    check(eps >= 0, `Invalid epsilon value: ${f(eps)}`);
    super(params, { lr, lr_decay, eps, weight_decay, initial_accumulator_value, foreach, maximize });
    for (const g of this.param_groups) {
      // adagrad.py fills every group's `sum` with the constructor's initial_accumulator_value (a group's own is stored, unused)
      for (const p of g.params) this.state.set(p, { step: wrap(core.scalar(0)), sum: wrap(core.adagradState(p._t, initial_accumulator_value).sum) });
    }
  }
  /** adagrad.py __setstate__: the group defaults, and a numeric `step` made a tensor. */
  override __setstate__(state: SetState): void {
    super.__setstate__(state);
    for (const group of this.param_groups) {
      setdefaults(group, { foreach: null, maximize: false });
    }
    stepsToTensors(this.state);
  }
  protected update(g: ParamGroup): void {
    for (const [p, grad, s] of this.withGrads(g)) {
      const sum = stateOf(s, 'sum');
      const step = adagradStep(s);
      core.adagradStep(p._t, grad, { sum }, { lr: num(g, 'lr'), lrDecay: num(g, 'lr_decay'), eps: num(g, 'eps'), step, weightDecay: num(g, 'weight_decay'), decoupled: false, maximize: bool(g, 'maximize'), convention: T });
    }
  }
}
