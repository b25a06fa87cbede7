import { core } from '../core.js';
import { KeyError, TorchTypeError } from '../errors.js';
import { Optimizer } from './optimizer.js';

const S = core.schedules;

function warn(message: string): void {
  const p = (globalThis as { process?: { emitWarning?: (m: string, t: string) => void } }).process;
  if (p?.emitWarning) p.emitWarning(message, 'UserWarning');
  else console.warn(`UserWarning: ${message}`);
}

export interface SchedulerOptions { last_epoch?: number; verbose?: boolean }

/**
 * torch.optim.lr_scheduler._LRScheduler: records each group's initial_lr, then takes one step at construction
 * (epoch 0). `step()` advances the epoch and writes each group's new lr; the rates are the core's formulas.
 */
export abstract class _LRScheduler {
  declare readonly optimizer: Optimizer;
  declare base_lrs: number[];
  declare last_epoch: number;
  declare verbose: boolean;
  declare _step_count: number;
  declare _last_lr: number[];
  /** True while step() computes the rates (PyTorch's flag, which get_lr's warning reads; kept for state_dict). */
  declare _get_lr_called_within_step: boolean;

  /** `hyper` (the subclass's own arguments) is set before the initial step, which already reads it. */
  constructor(optimizer: Optimizer, options: SchedulerOptions, hyper: Record<string, number>) {
    Object.assign(this, hyper);
    if (!(optimizer instanceof Optimizer)) throw new TorchTypeError(`${(optimizer as object)?.constructor?.name ?? typeof optimizer} is not an Optimizer`);
    this.optimizer = optimizer;
    this._step_count = 0;
    this._get_lr_called_within_step = false;
    this._last_lr = [];
    this.last_epoch = options.last_epoch ?? -1;
    this.verbose = options.verbose ?? false;
    optimizer.param_groups.forEach((g, i) => {
      if (this.last_epoch === -1) g.initial_lr ??= g.lr;
      else if (g.initial_lr === undefined) throw new KeyError(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
    });
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr as number);
    optimizer._step_count = 0;
    this.step();
  }

  /** The rates for the current epoch from the groups' current rates (PyTorch's chainable get_lr). */
  protected abstract get_lr(): number[];
  /** The rates for an explicitly given epoch. */
  protected abstract closedForm(): number[];

  step(epoch?: number): void {
    if (this._step_count === 1 && this.optimizer._step_count < 1) {
      warn('Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate');
    }
    this._step_count++;
    let values: number[];
    if (epoch === undefined) {
      this.last_epoch++;
      values = this.get_lr();
    } else {
      this.last_epoch = epoch;
      values = this.closedForm();
    }
    this.optimizer.param_groups.forEach((g, i) => { g.lr = values[i]; });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr as number);
  }

  get_last_lr(): number[] {
    return this._last_lr;
  }

  state_dict(): Record<string, unknown> {
    const { optimizer: _o, ...rest } = this;
    return structuredClone(rest);
  }

  load_state_dict(state_dict: Record<string, unknown>): void {
    Object.assign(this, structuredClone(state_dict));
  }

  protected lrs(): number[] {
    return this.optimizer.param_groups.map((g) => g.lr as number);
  }
}

/**
 * Multiplies each group's rate by gamma every step_size epochs.
 * @example const sched = new torch.optim.lr_scheduler.StepLR(opt, 30, { gamma: 0.1 });
 */
export class StepLR extends _LRScheduler {
  declare readonly step_size: number;
  declare readonly gamma: number;
  constructor(optimizer: Optimizer, step_size: number | (SchedulerOptions & { step_size: number; gamma?: number }), options: SchedulerOptions & { gamma?: number } = {}) {
    const o = typeof step_size === 'object' ? step_size : { ...options, step_size };
    super(optimizer, o, { step_size: o.step_size, gamma: o.gamma ?? 0.1 });
  }
  protected get_lr(): number[] { return this.lrs().map((lr) => S.stepLR(lr, this.last_epoch, this.step_size, this.gamma)); }
  protected closedForm(): number[] { return this.base_lrs.map((b) => S.stepLRClosed(b, this.last_epoch, this.step_size, this.gamma)); }
}

/**
 * Multiplies each group's rate by gamma every epoch.
 * @example const sched = new torch.optim.lr_scheduler.ExponentialLR(opt, 0.9);
 */
export class ExponentialLR extends _LRScheduler {
  declare readonly gamma: number;
  constructor(optimizer: Optimizer, gamma: number | (SchedulerOptions & { gamma: number }), options: SchedulerOptions = {}) {
    const o = typeof gamma === 'object' ? gamma : { ...options, gamma };
    super(optimizer, o, { gamma: o.gamma });
  }
  protected get_lr(): number[] { return this.lrs().map((lr) => S.exponentialLR(lr, this.last_epoch, this.gamma)); }
  protected closedForm(): number[] { return this.base_lrs.map((b) => S.exponentialLRClosed(b, this.last_epoch, this.gamma)); }
}

/**
 * Cosine annealing from the base rate to eta_min over T_max epochs, by PyTorch 1.13's recursive formula
 * (which keeps going past T_max, rising again).
 * @example const sched = new torch.optim.lr_scheduler.CosineAnnealingLR(opt, 10, { eta_min: 1e-4 });
 */
export class CosineAnnealingLR extends _LRScheduler {
  declare readonly T_max: number;
  declare readonly eta_min: number;
  constructor(optimizer: Optimizer, T_max: number | (SchedulerOptions & { T_max: number; eta_min?: number }), options: SchedulerOptions & { eta_min?: number } = {}) {
    const o = typeof T_max === 'object' ? T_max : { ...options, T_max };
    super(optimizer, o, { T_max: o.T_max, eta_min: o.eta_min ?? 0 });
  }
  protected get_lr(): number[] {
    return this.lrs().map((lr, i) => S.cosineAnnealingLR(lr, this.base_lrs[i]!, this.last_epoch, this.T_max, this.eta_min, this._step_count));
  }
  protected closedForm(): number[] { return this.base_lrs.map((b) => S.cosineAnnealingLRClosed(b, this.last_epoch, this.T_max, this.eta_min)); }
}
