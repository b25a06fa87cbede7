/**
 * tf.keras.optimizers (Keras 3 / TF 2.16): SGD, Adam, AdamW, RMSprop and Adagrad, with Keras's names, defaults and
 * errors, over the base class in base_optimizer.ts. The update math is @twingrad/core's (convention 'tf'); variables
 * are updated by assign, as TensorFlow does.
 */
import * as core from '@twingrad/core';
import type { PyArgs } from '@twingrad/core';
import { Variable } from '../tensor.js';
import { ValueError } from '../errors.js';
import { Optimizer, type LearningRate, type OptimizerOptions } from './base_optimizer.js';
import { ADAGRAD_ARGS, ADAMW_ARGS, ADAM_ARGS, RMSPROP_ARGS, SGD_ARGS, bind, type Tail } from './args.js';

export * as schedules from './schedules.js';
export { LearningRateSchedule } from './schedules.js';
export { Optimizer, type LearningRate, type OptimizerOptions } from './base_optimizer.js';

/** An optimizer state variable shaped like `v` (Keras's add_variable_from_reference). */
function slot(v: Variable, name: string, fill = 0): Variable {
  return new Variable(core.full(v._t.shape, fill, v._t.dtype), { trainable: false, name: `${v.name.replace(/:0$/, '')}_${name}` });
}

/** Runs a core update on the tensors held by state variables and writes them back by assign. */
function withSlots<T extends core.Tensor | null>(slots: Array<Variable | null>, f: (ts: T[]) => void): void {
  const ts = slots.map((s) => (s === null ? null : core.clone(s._t, false))) as T[];
  f(ts);
  slots.forEach((s, i) => { if (s !== null) s._adopt(ts[i]!); });
}

export interface SGDOptions extends OptimizerOptions { momentum?: number; nesterov?: boolean }

/**
 * Keras SGD: v = momentum*v - lr*g; w += v (nesterov: w += momentum*v - lr*g); plain: w -= lr*g.
 * NOTE: the momentum state is kept in PyTorch's units (see the core's sgdStep), so that at a constant rate the
 * tf and torch facades give bit-identical trajectories; `momentums` shows Keras's velocity, and a velocity assigned
 * to it is read back into that state at the next step, as Keras reads the variable.
 * @example const opt = new tf.keras.optimizers.SGD({ learning_rate: 0.1, momentum: 0.9 }); // or new SGD(0.1, 0.9)
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;
  #states: core.SgdState[] = [];
  /** The tensor each `momentums` variable held after this optimizer last wrote it: another one was assigned by the caller. */
  #shown: core.Tensor[] = [];
  /**
   * Keras's velocity variables, one per variable with its shape and dtype (sgd.py's build, with
   * add_variable_from_reference), the same objects at every access; empty without momentum.
   */
  momentums: Variable[] = [];
  /** Arguments as in Keras: positional in sgd.py's order, then keywords as an object. */
  constructor(...args: PyArgs<[learning_rate: LearningRate, momentum: number, nesterov: boolean, weight_decay: number | null, ...Tail], SGDOptions>) {
    const { values: a, extra } = bind(SGD_ARGS, args);
    super(a, extra);
    if (!(a.momentum >= 0 && a.momentum <= 1)) throw new ValueError('`momentum` must be a float between [0, 1].');
    this.momentum = a.momentum;
    this.nesterov = a.nesterov;
  }
  protected buildState(vars: Variable[]): void {
    this.#states = vars.map(() => core.sgdState());
    this.momentums = this.momentum !== 0 ? vars.map((v) => slot(v, 'momentum')) : [];
    this.#shown = this.momentums.map((m) => m._t);
  }
  protected stateVariables(): Variable[] { return this.momentums; }
  protected updateStep(w: core.Tensor, g: core.Tensor, i: number, lr: number, _step: number, decay: core.DecayOptions): void {
    const state = this.#states[i]!;
    const m = this.momentum !== 0 ? this.momentums[i]! : null;
    // Keras's update_step reads the velocity variable every step (sgd.py: m = m*momentum - g*lr): a value the caller
    // assigned to it since this optimizer's last write becomes the state (the core's setKerasVelocity)
    if (m !== null && m._t !== this.#shown[i]) core.setKerasVelocity(state, m._t, lr);
    core.sgdStep(w, g, state, { ...decay, lr, momentum: this.momentum, dampening: 0, nesterov: this.nesterov });
    if (m === null) return;
    // NOTE: the state is the core's buffer b in PyTorch's units; the variable shows Keras's velocity v = -scale * b
    // (the core's kerasVelocity), written after every step so that a variable held by the caller stays current.
    m._adopt(core.cast(core.reshape(core.fromArray(core.kerasVelocity(state)!, 'float64'), m._t.shape), m._t.dtype));
    this.#shown[i] = m._t;
  }
}

export interface AdamOptions extends OptimizerOptions { beta_1?: number; beta_2?: number; epsilon?: number; amsgrad?: boolean }

/**
 * Keras Adam: m += (g-m)(1-beta_1); v += (g^2-v)(1-beta_2); w -= m*alpha/(sqrt(v)+epsilon),
 * alpha = lr*sqrt(1-beta_2^t)/(1-beta_1^t). weight_decay (if set) is decoupled, as for every Keras optimizer.
 * @example const opt = new tf.keras.optimizers.Adam({ learning_rate: 1e-3 });
 */
export class Adam extends Optimizer {
  readonly beta_1: number;
  readonly beta_2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  _momentums: Variable[] = [];
  _velocities: Variable[] = [];
  _velocity_hats: Variable[] = [];
  /** adam.py's signature; AdamW's (adamw.py: weight_decay second) for AdamW, which passes its arguments on. */
  protected static readonly signature: typeof ADAM_ARGS | typeof ADAMW_ARGS = ADAM_ARGS;
  /** Arguments as in Keras: positional in adam.py's order, then keywords as an object. */
  constructor(...args: PyArgs<[learning_rate: LearningRate, beta_1: number, beta_2: number, epsilon: number, amsgrad: boolean, weight_decay: number | null, ...Tail], AdamOptions>) {
    const { values: a, extra } = bind<typeof ADAM_ARGS.positional>((new.target as unknown as typeof Adam).signature, args);
    super(a, extra);
    this.beta_1 = a.beta_1;
    this.beta_2 = a.beta_2;
    this.epsilon = a.epsilon;
    this.amsgrad = a.amsgrad;
  }
  protected buildState(vars: Variable[]): void {
    this._momentums = vars.map((v) => slot(v, 'momentum'));
    this._velocities = vars.map((v) => slot(v, 'velocity'));
    this._velocity_hats = this.amsgrad ? vars.map((v) => slot(v, 'velocity_hat')) : [];
  }
  protected stateVariables(): Variable[] { return [...this._momentums, ...this._velocities, ...this._velocity_hats]; }
  protected updateStep(w: core.Tensor, g: core.Tensor, i: number, lr: number, step: number, decay: core.DecayOptions): void {
    withSlots<core.Tensor>([this._momentums[i]!, this._velocities[i]!, this._velocity_hats[i] ?? null], ([m, v, vmax]) => {
      core.adamStep(w, g, { m: m!, v: v!, vmax: vmax ?? null }, { ...decay, lr, beta1: this.beta_1, beta2: this.beta_2, eps: this.epsilon, amsgrad: this.amsgrad, step });
    });
  }
}

/**
 * Keras AdamW: Adam with weight_decay (default 0.004) applied as w -= w*weight_decay*lr before the update.
 * @example const opt = new tf.keras.optimizers.AdamW({ learning_rate: 1e-3, weight_decay: 0.004 });
 */
export class AdamW extends Adam {
  protected static override readonly signature = ADAMW_ARGS;
  /** Arguments as in Keras: positional in adamw.py's order (weight_decay second), then keywords as an object. */
  constructor(...args: PyArgs<[learning_rate: LearningRate, weight_decay: number | null, beta_1: number, beta_2: number, epsilon: number, amsgrad: boolean, ...Tail], AdamOptions>) {
    super(...(args as unknown as ConstructorParameters<typeof Adam>));
    if (this.weight_decay === null) throw new ValueError('Argument `weight_decay` must be a float. Received: weight_decay=None');
  }
}

export interface RMSpropOptions extends OptimizerOptions { rho?: number; momentum?: number; epsilon?: number; centered?: boolean }

/**
 * Keras RMSprop: s = rho*s + (1-rho)*g^2; w -= lr*g/sqrt(s + epsilon) (centered: s - a^2 + epsilon); with momentum,
 * b = momentum*b + lr*g/sqrt(...), w -= b.
 * @example const opt = new tf.keras.optimizers.RMSprop({ learning_rate: 0.001 });
 */
export class RMSprop extends Optimizer {
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  _velocities: Variable[] = [];
  _momentums: Variable[] = [];
  _average_gradients: Variable[] = [];
  /** Arguments as in Keras: positional in rmsprop.py's order, then keywords as an object. */
  constructor(...args: PyArgs<[learning_rate: LearningRate, rho: number, momentum: number, epsilon: number, centered: boolean, weight_decay: number | null, ...Tail], RMSpropOptions>) {
    const { values: a, extra } = bind(RMSPROP_ARGS, args);
    super(a, extra);
    this.rho = a.rho;
    this.momentum = a.momentum;
    this.epsilon = a.epsilon;
    this.centered = a.centered;
  }
  protected buildState(vars: Variable[]): void {
    this._velocities = vars.map((v) => slot(v, 'velocity'));
    this._momentums = this.momentum > 0 ? vars.map((v) => slot(v, 'momentum')) : [];
    this._average_gradients = this.centered ? vars.map((v) => slot(v, 'average_gradient')) : [];
  }
  protected stateVariables(): Variable[] { return [...this._velocities, ...this._momentums, ...this._average_gradients]; }
  protected updateStep(w: core.Tensor, g: core.Tensor, i: number, lr: number, _step: number, decay: core.DecayOptions): void {
    withSlots<core.Tensor | null>([this._velocities[i]!, this._average_gradients[i] ?? null, this._momentums[i] ?? null], ([s, a, b]) => {
      core.rmspropStep(w, g, { squareAvg: s!, gradAvg: a ?? null, momentumBuffer: b ?? null }, { ...decay, lr, rho: this.rho, eps: this.epsilon, momentum: this.momentum, centered: this.centered });
    });
  }
}

export interface AdagradOptions extends OptimizerOptions { initial_accumulator_value?: number; epsilon?: number }

/**
 * Keras Adagrad: A += g^2 (A starts at initial_accumulator_value, 0.1); w -= lr*g/sqrt(A + epsilon).
 * @example const opt = new tf.keras.optimizers.Adagrad({ learning_rate: 0.1 });
 */
export class Adagrad extends Optimizer {
  readonly initial_accumulator_value: number;
  readonly epsilon: number;
  _accumulators: Variable[] = [];
  /** Arguments as in Keras: positional in adagrad.py's order, then keywords as an object. */
  constructor(...args: PyArgs<[learning_rate: LearningRate, initial_accumulator_value: number, epsilon: number, weight_decay: number | null, ...Tail], AdagradOptions>) {
    const { values: a, extra } = bind(ADAGRAD_ARGS, args);
    super(a, extra);
    this.initial_accumulator_value = a.initial_accumulator_value;
    this.epsilon = a.epsilon;
  }
  protected buildState(vars: Variable[]): void { this._accumulators = vars.map((v) => slot(v, 'accumulator', this.initial_accumulator_value)); }
  protected stateVariables(): Variable[] { return this._accumulators; }
  protected updateStep(w: core.Tensor, g: core.Tensor, i: number, lr: number, step: number, decay: core.DecayOptions): void {
    withSlots<core.Tensor>([this._accumulators[i]!], ([a]) => {
      core.adagradStep(w, g, { sum: a! }, { ...decay, lr, eps: this.epsilon, lrDecay: 0, step });
    });
  }
}
