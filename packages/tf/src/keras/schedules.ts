/** tf.keras.optimizers.schedules: Keras's learning-rate schedules; the formulas are the core's. */
import * as core from '@twingrad/core';
import { ValueError } from '../errors.js';
import { pyStr } from '../py.js';

const S = core.schedules;

/** A schedule maps the optimizer's iteration count to a learning rate. Subclass and override `call`. */
export abstract class LearningRateSchedule {
  abstract call(step: number): number;
  abstract get_config(): Record<string, unknown>;
}

/** Keras's `if decay_steps <= 0: raise ValueError(...)` (so NaN passes, as in Keras), the value as its f-string prints it. */
function positive(name: string, v: number): void {
  if (v <= 0) throw new ValueError(`Argument \`${name}\` must be > 0. Received: ${name}=${pyStr(v)}`);
}

/**
 * initial_learning_rate * decay_rate ^ (step / decay_steps), the exponent floored when staircase.
 * @example new tf.keras.optimizers.schedules.ExponentialDecay(0.1, 1000, 0.96, { staircase: true })
 */
export class ExponentialDecay extends LearningRateSchedule {
  readonly staircase: boolean;
  readonly name: string;
  constructor(readonly initial_learning_rate: number, readonly decay_steps: number, readonly decay_rate: number, options: { staircase?: boolean; name?: string } = {}) {
    super();
    this.staircase = options.staircase ?? false;
    this.name = options.name ?? 'ExponentialDecay';
    positive('decay_steps', decay_steps);
  }
  call(step: number): number { return S.exponentialDecay(step, this.initial_learning_rate, this.decay_steps, this.decay_rate, this.staircase); }
  get_config() { return { initial_learning_rate: this.initial_learning_rate, decay_steps: this.decay_steps, decay_rate: this.decay_rate, staircase: this.staircase, name: this.name }; }
}

/**
 * values[0] while step <= boundaries[0], values[i] while boundaries[i-1] < step <= boundaries[i], the last value after.
 * @example new tf.keras.optimizers.schedules.PiecewiseConstantDecay([100, 110], [1.0, 0.5, 0.1])
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  readonly name: string;
  constructor(readonly boundaries: number[], readonly values: number[], options: { name?: string } = {}) {
    super();
    this.name = options.name ?? 'PiecewiseConstant';
    if (boundaries.length !== values.length - 1) {
      throw new ValueError(`The length of boundaries should be 1 less than the length of values. Received: boundaries=[${boundaries.join(', ')}] of length ${boundaries.length}, and values=[${values.join(', ')}] of length ${values.length}.`);
    }
  }
  call(step: number): number { return S.piecewiseConstantDecay(step, this.boundaries, this.values); }
  get_config() { return { boundaries: this.boundaries, values: this.values, name: this.name }; }
}

/**
 * Optional linear warmup to warmup_target, then cosine decay to alpha times the starting rate over decay_steps.
 * @example new tf.keras.optimizers.schedules.CosineDecay(0.1, 1000, { alpha: 0.01 })
 */
export class CosineDecay extends LearningRateSchedule {
  readonly alpha: number;
  readonly name: string;
  readonly warmup_target: number | null;
  readonly warmup_steps: number;
  constructor(readonly initial_learning_rate: number, readonly decay_steps: number, options: { alpha?: number; name?: string; warmup_target?: number | null; warmup_steps?: number } = {}) {
    super();
    this.alpha = options.alpha ?? 0;
    this.name = options.name ?? 'CosineDecay';
    this.warmup_target = options.warmup_target ?? null;
    this.warmup_steps = options.warmup_steps ?? 0;
    positive('decay_steps', decay_steps);
  }
  call(step: number): number { return S.cosineDecay(step, this.initial_learning_rate, this.decay_steps, this.alpha, this.warmup_target, this.warmup_steps); }
  get_config() { return { initial_learning_rate: this.initial_learning_rate, decay_steps: this.decay_steps, alpha: this.alpha, name: this.name, warmup_target: this.warmup_target, warmup_steps: this.warmup_steps }; }
}
