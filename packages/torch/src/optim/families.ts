import { core } from '../core.js';
import { Tensor, wrap } from '../tensor.js';
import { Optimizer, check, pyFloat, required, type ParamGroup, type ParamState, type Params } from './optimizer.js';

const T = 'torch' as const;
const f = pyFloat;
const num = (g: ParamGroup, k: string): number => g[k] as number;
const bool = (g: ParamGroup, k: string): boolean => g[k] as boolean;
const tensorOf = (s: ParamState, k: string): core.Tensor | null => (s[k] instanceof Tensor ? (s[k] as Tensor)._t : null);

/** state['step'] as PyTorch 1.13 keeps it for Adam/AdamW/Adagrad: a float32 0-d tensor, advanced in place. */
function advance(s: ParamState): number {
  const t = (s.step instanceof Tensor ? s.step : (s.step = wrap(core.scalar(0))))._t;
  core.inplace('add_', t, [], (x) => core.add(x, 1));
  return t.data[0]!;
}

function lrOf(lr: unknown): void {
  if (typeof lr === 'number') check(lr >= 0, `Invalid learning rate: ${f(lr)}`);
}

export interface SGDOptions { lr?: number; momentum?: number; dampening?: number; weight_decay?: number; nesterov?: boolean; maximize?: boolean; foreach?: boolean | null; differentiable?: boolean }

/**
 * torch.optim.SGD: b = momentum*b + (1-dampening)*g; p -= lr*b (the math is the core's sgdStep).
 * `lr` has no default in PyTorch 1.13.
 * @example const opt = new torch.optim.SGD([x], { lr: 0.1, momentum: 0.9 });
 */
export class SGD extends Optimizer {
  constructor(params: Params, options: SGDOptions | number = {}) {
    const o = typeof options === 'number' ? { lr: options } : options;
    const d = { lr: o.lr ?? required, momentum: o.momentum ?? 0, dampening: o.dampening ?? 0, weight_decay: o.weight_decay ?? 0, nesterov: o.nesterov ?? false, maximize: o.maximize ?? false, foreach: o.foreach ?? null, differentiable: o.differentiable ?? false };
    lrOf(d.lr);
    check(d.momentum >= 0, `Invalid momentum value: ${f(d.momentum)}`);
    check(d.weight_decay >= 0, `Invalid weight_decay value: ${f(d.weight_decay)}`);
    check(!d.nesterov || (d.momentum > 0 && d.dampening === 0), 'Nesterov momentum requires a momentum and zero dampening');
    super(params, d);
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
  protected update(g: ParamGroup): void {
    const [beta1, beta2] = g.betas as [number, number];
    const amsgrad = bool(g, 'amsgrad');
    for (const [p, grad, s] of this.withGrads(g)) {
      if (!(s.exp_avg instanceof Tensor)) {
        s.step = wrap(core.scalar(0));
        const init = core.adamState(p._t, amsgrad);
        s.exp_avg = wrap(init.m);
        s.exp_avg_sq = wrap(init.v);
        if (amsgrad) s.max_exp_avg_sq = wrap(init.vmax!);
      }
      const step = advance(s);
      const st = { m: tensorOf(s, 'exp_avg')!, v: tensorOf(s, 'exp_avg_sq')!, vmax: amsgrad ? tensorOf(s, 'max_exp_avg_sq') : null };
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
  constructor(params: Params, options: AdamOptions = {}) {
    const d = { lr: options.lr ?? 1e-3, betas: options.betas ?? [0.9, 0.999], eps: options.eps ?? 1e-8, weight_decay: options.weight_decay ?? 0, amsgrad: options.amsgrad ?? false, maximize: options.maximize ?? false, foreach: options.foreach ?? null, capturable: options.capturable ?? false, differentiable: options.differentiable ?? false, fused: options.fused ?? false };
    checkAdam(d.lr, d.eps, d.betas as [number, number], d.weight_decay);
    super(params, d);
  }
}

/**
 * torch.optim.AdamW: Adam with decoupled weight decay (p *= 1 - lr*weight_decay before the update), default 1e-2.
 * @example const opt = new torch.optim.AdamW(params, { lr: 1e-3, weight_decay: 0.01 });
 */
export class AdamW extends AdamBase {
  protected readonly decoupled = true;
  constructor(params: Params, options: Omit<AdamOptions, 'fused' | 'differentiable'> = {}) {
    const d = { lr: options.lr ?? 1e-3, betas: options.betas ?? [0.9, 0.999], eps: options.eps ?? 1e-8, weight_decay: options.weight_decay ?? 1e-2, amsgrad: options.amsgrad ?? false, maximize: options.maximize ?? false, foreach: options.foreach ?? null, capturable: options.capturable ?? false };
    checkAdam(d.lr, d.eps, d.betas as [number, number], d.weight_decay);
    super(params, d);
  }
}

export interface RMSpropOptions { lr?: number; alpha?: number; eps?: number; weight_decay?: number; momentum?: number; centered?: boolean; foreach?: boolean | null; maximize?: boolean; differentiable?: boolean }

/**
 * torch.optim.RMSprop: p -= lr * g / (sqrt(v) + eps), v the alpha-average of g^2 (eps outside the root).
 * @example const opt = new torch.optim.RMSprop(params, { lr: 0.01, momentum: 0.9 });
 */
export class RMSprop extends Optimizer {
  constructor(params: Params, options: RMSpropOptions = {}) {
    const d = { lr: options.lr ?? 1e-2, alpha: options.alpha ?? 0.99, eps: options.eps ?? 1e-8, weight_decay: options.weight_decay ?? 0, momentum: options.momentum ?? 0, centered: options.centered ?? false, foreach: options.foreach ?? null, maximize: options.maximize ?? false, differentiable: options.differentiable ?? false };
    lrOf(d.lr);
    check(d.eps >= 0, `Invalid epsilon value: ${f(d.eps)}`);
    check(d.momentum >= 0, `Invalid momentum value: ${f(d.momentum)}`);
    check(d.weight_decay >= 0, `Invalid weight_decay value: ${f(d.weight_decay)}`);
    check(d.alpha >= 0, `Invalid alpha value: ${f(d.alpha)}`);
    super(params, d);
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
      const st = { squareAvg: tensorOf(s, 'square_avg')!, gradAvg: centered ? tensorOf(s, 'grad_avg') : null, momentumBuffer: momentum > 0 ? tensorOf(s, 'momentum_buffer') : null };
      core.rmspropStep(p._t, grad, st, { lr: num(g, 'lr'), rho: num(g, 'alpha'), eps: num(g, 'eps'), momentum, centered, weightDecay: num(g, 'weight_decay'), decoupled: false, maximize: bool(g, 'maximize'), convention: T });
    }
  }
}

export interface AdagradOptions { lr?: number; lr_decay?: number; weight_decay?: number; initial_accumulator_value?: number; eps?: number; foreach?: boolean | null; maximize?: boolean }

/**
 * torch.optim.Adagrad: p -= lr/(1+(t-1)*lr_decay) * g / (sqrt(sum g^2) + eps); the sum starts at
 * initial_accumulator_value (0). Its state is created in the constructor, as in PyTorch.
 * @example const opt = new torch.optim.Adagrad(params, { lr: 0.1 });
 */
export class Adagrad extends Optimizer {
  constructor(params: Params, options: AdagradOptions = {}) {
    const d = { lr: options.lr ?? 1e-2, lr_decay: options.lr_decay ?? 0, eps: options.eps ?? 1e-10, weight_decay: options.weight_decay ?? 0, initial_accumulator_value: options.initial_accumulator_value ?? 0, foreach: options.foreach ?? null, maximize: options.maximize ?? false };
    lrOf(d.lr);
    check(d.lr_decay >= 0, `Invalid lr_decay value: ${f(d.lr_decay)}`);
    check(d.weight_decay >= 0, `Invalid weight_decay value: ${f(d.weight_decay)}`);
    check(d.initial_accumulator_value >= 0, `Invalid initial_accumulator_value value: ${f(d.initial_accumulator_value)}`);
    check(d.eps >= 0, `Invalid epsilon value: ${f(d.eps)}`);
    super(params, d);
    for (const g of this.param_groups) {
      for (const p of g.params) this.state.set(p, { step: wrap(core.scalar(0)), sum: wrap(core.adagradState(p._t, num(g, 'initial_accumulator_value')).sum) });
    }
  }
  protected update(g: ParamGroup): void {
    for (const [p, grad, s] of this.withGrads(g)) {
      const step = advance(s);
      core.adagradStep(p._t, grad, { sum: tensorOf(s, 'sum')! }, { lr: num(g, 'lr'), lrDecay: num(g, 'lr_decay'), eps: num(g, 'eps'), step, weightDecay: num(g, 'weight_decay'), decoupled: false, maximize: bool(g, 'maximize'), convention: T });
    }
  }
}
