import type { PyArgs } from '@twingrad/core';
import { core } from '../core.js';
import { KeyError, TorchTypeError, warnOnce } from '../errors.js';
import { Optimizer } from './optimizer.js';
import { expStr, fixedStr } from '../format.js';

const S = core.schedules;

/**
 * A warning lr_scheduler.py raises with warnings.warn at a fixed line (stacklevel 1): Python's default filter
 * shows it once per process for each of those lines, so once per `where` (the line's owner) and message here.
 */
const warnAt = (where: string, message: string): void => warnOnce(message, `${where}\n${message}`);

/** lr_scheduler.py's EPOCH_DEPRECATION_WARNING, raised by step(epoch). */
const EPOCH_DEPRECATION_WARNING = 'The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used instead of the new chainable form, where available. Please open an issue if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.';

/**
 * print_lr's epoch: Python's "%.2f" for a float epoch, "%.5d" for an int.
 * NOTE: JavaScript cannot tell 7 from 7.0; an integral epoch prints as Python's int does.
 */
function epochStr(epoch: number): string {
  if (!Number.isInteger(epoch)) return fixedStr(epoch, 2);
  return `${epoch < 0 ? '-' : ''}${String(Math.abs(epoch)).padStart(5, '0')}`;
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
      // str(KeyError(msg)) is repr(msg): in double quotes, as the message holds single ones
      else if (g.initial_lr === undefined) throw new KeyError(`"param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer"`);
    });
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr as number);
    optimizer._step_count = 0;
    this.step();
  }

  /**
   * The rates for the current epoch from the groups' current rates (PyTorch's chainable get_lr). Called outside
   * step() it warns, as every 1.13 subclass's get_lr does (see warnOutsideStep).
   */
  abstract get_lr(): number[];
  /** The rates for an explicitly given epoch. */
  protected abstract closedForm(): number[];

  step(epoch?: number): void {
    if (this._step_count === 1 && this.optimizer._step_count < 1) {
      warnAt('step', 'Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate');
    }
    this._step_count++;
    let values: number[];
    // lr_scheduler.py's _enable_get_lr_call: the flag is set while the rates are computed
    this._get_lr_called_within_step = true;
    try {
      if (epoch === undefined) {
        this.last_epoch++;
        values = this.get_lr();
      } else {
        warnAt('step', EPOCH_DEPRECATION_WARNING);
        this.last_epoch = epoch;
        values = this.closedForm();
      }
    } finally {
      this._get_lr_called_within_step = false;
    }
    // zip(param_groups, values): the closed forms (and CosineAnnealingLR's base-rate branches) have one rate per
    // entry of base_lrs, so a group added after the scheduler was built keeps its lr
    const groups = this.optimizer.param_groups;
    for (let i = 0; i < Math.min(groups.length, values.length); i++) {
      groups[i]!.lr = values[i];
      this.print_lr(this.verbose, i, values[i]!, epoch);
    }
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr as number);
  }

  /** Prints the rate a step set when `is_verbose` (lr_scheduler.py print_lr: Python's print, to stdout). */
  print_lr(is_verbose: boolean, group: number, lr: number, epoch?: number): void {
    if (!is_verbose) return;
    if (epoch === undefined) console.log(`Adjusting learning rate of group ${group} to ${expStr(lr, 4)}.`);
    else console.log(`Epoch ${epochStr(epoch)}: adjusting learning rate of group ${group} to ${expStr(lr, 4)}.`);
  }

  /** The warning each 1.13 subclass's get_lr starts with when called outside step() (its own line: `where`). */
  protected warnOutsideStep(where: string): void {
    if (!this._get_lr_called_within_step) warnAt(where, 'To get the last learning rate computed by the scheduler, please use `get_last_lr()`.');
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

// PyTorch 1.13's signatures (lr_scheduler.py): the parameters after `optimizer`, all positional-or-keyword.
const NO = core.NO_DEFAULT;
const STEP_LR = { name: 'StepLR.__init__', leading: 2, positional: { step_size: NO as number | typeof NO, gamma: 0.1, last_epoch: -1, verbose: false } };
const EXPONENTIAL_LR = { name: 'ExponentialLR.__init__', leading: 2, positional: { gamma: NO as number | typeof NO, last_epoch: -1, verbose: false } };
const COSINE_ANNEALING_LR = { name: 'CosineAnnealingLR.__init__', leading: 2, positional: { T_max: NO as number | typeof NO, eta_min: 0, last_epoch: -1, verbose: false } };

/**
 * Multiplies each group's rate by gamma every step_size epochs.
 * @example const sched = new torch.optim.lr_scheduler.StepLR(opt, 30, 0.1); // or (opt, 30, { gamma: 0.1 })
 */
export class StepLR extends _LRScheduler {
  declare readonly step_size: number;
  declare readonly gamma: number;
  constructor(optimizer: Optimizer, ...args: PyArgs<[step_size: number, gamma: number, last_epoch: number, verbose: boolean], SchedulerOptions & { step_size?: number; gamma?: number }>) {
    const { step_size, gamma, last_epoch, verbose } = core.bindArgs(STEP_LR, args).values;
    super(optimizer, { last_epoch, verbose }, { step_size: step_size as number, gamma });
  }
  get_lr(): number[] {
    this.warnOutsideStep('StepLR');
    return this.lrs().map((lr) => S.stepLR(lr, this.last_epoch, this.step_size, this.gamma));
  }
  protected closedForm(): number[] { return this.base_lrs.map((b) => S.stepLRClosed(b, this.last_epoch, this.step_size, this.gamma)); }
}

/**
 * Multiplies each group's rate by gamma every epoch.
 * @example const sched = new torch.optim.lr_scheduler.ExponentialLR(opt, 0.9);
 */
export class ExponentialLR extends _LRScheduler {
  declare readonly gamma: number;
  constructor(optimizer: Optimizer, ...args: PyArgs<[gamma: number, last_epoch: number, verbose: boolean], SchedulerOptions & { gamma?: number }>) {
    const { gamma, last_epoch, verbose } = core.bindArgs(EXPONENTIAL_LR, args).values;
    super(optimizer, { last_epoch, verbose }, { gamma: gamma as number });
  }
  get_lr(): number[] {
    this.warnOutsideStep('ExponentialLR');
    return this.lrs().map((lr) => S.exponentialLR(lr, this.last_epoch, this.gamma));
  }
  protected closedForm(): number[] { return this.base_lrs.map((b) => S.exponentialLRClosed(b, this.last_epoch, this.gamma)); }
}

/**
 * Cosine annealing from the base rate to eta_min over T_max epochs, by PyTorch 1.13's recursive formula
 * (which keeps going past T_max, rising again).
 * @example const sched = new torch.optim.lr_scheduler.CosineAnnealingLR(opt, 10, 1e-4); // or (opt, 10, { eta_min: 1e-4 })
 */
export class CosineAnnealingLR extends _LRScheduler {
  declare readonly T_max: number;
  declare readonly eta_min: number;
  constructor(optimizer: Optimizer, ...args: PyArgs<[T_max: number, eta_min: number, last_epoch: number, verbose: boolean], SchedulerOptions & { T_max?: number; eta_min?: number }>) {
    const { T_max, eta_min, last_epoch, verbose } = core.bindArgs(COSINE_ANNEALING_LR, args).values;
    super(optimizer, { last_epoch, verbose }, { T_max: T_max as number, eta_min });
  }
  get_lr(): number[] {
    this.warnOutsideStep('CosineAnnealingLR');
    const e = this.last_epoch, T = this.T_max;
    // the branches that read base_lr zip it with the groups (as many rates as the shorter list); the others map every group
    const byBase = e !== 0 && ((this._step_count === 1 && e > 0) || (e - 1 - T) % (2 * T) === 0);
    const lrs = byBase ? this.lrs().slice(0, this.base_lrs.length) : this.lrs();
    return lrs.map((lr, i) => S.cosineAnnealingLR(lr, byBase ? this.base_lrs[i]! : NaN, e, T, this.eta_min, this._step_count));
  }
  protected closedForm(): number[] { return this.base_lrs.map((b) => S.cosineAnnealingLRClosed(b, this.last_epoch, this.T_max, this.eta_min)); }
}
