/**
 * tf.keras.optimizers (Keras 3 / TF 2.16): names, defaults, the apply_gradients protocol and Keras's errors.
 * The update math is @twingrad/core's (convention 'tf'); variables are updated by assign, as TensorFlow does.
 */
import * as core from '@twingrad/core';
import { Tensor, TensorBase, Variable, wrap, fmtShape } from '../tensor.js';
import { ValueError } from '../errors.js';
import { GradientTape } from '../gradient_tape.js';
import { LearningRateSchedule } from './schedules.js';

export * as schedules from './schedules.js';
export { LearningRateSchedule } from './schedules.js';

export type LearningRate = number | LearningRateSchedule | (() => number);

export interface OptimizerOptions {
  learning_rate?: LearningRate;
  weight_decay?: number | null;
  clipnorm?: number | null;
  clipvalue?: number | null;
  global_clipnorm?: number | null;
  name?: string;
}

const TF = 'tf' as const;
const show = (v: number | null | undefined): string => (v === null || v === undefined ? 'None' : String(v));

/**
 * The Keras base optimizer: learning rate (a number, a schedule of the iteration count, or a callable),
 * gradient clipping, decoupled weight decay, the iteration counter and the apply_gradients protocol.
 * Subclasses supply `updateStep`, which calls the core's update math on a copy of the variable's value.
 */
export abstract class Optimizer {
  readonly name: string;
  readonly weight_decay: number | null;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly global_clipnorm: number | null;
  /** The number of apply_gradients calls that updated something (Keras's `iterations`, an int variable). */
  readonly iterations: Variable;
  built = false;
  #lr: Variable | LearningRateSchedule | (() => number);
  /** The double the user gave, so that a float32 `learning_rate` variable does not round the rate the update uses. */
  #lrExact = 0;
  #index = new Map<Variable, number>();
  #vars: Variable[] = [];

  constructor(o: OptimizerOptions, defaultName: string) {
    this.name = o.name ?? defaultName;
    this.weight_decay = o.weight_decay ?? null;
    this.clipnorm = o.clipnorm ?? null;
    this.clipvalue = o.clipvalue ?? null;
    this.global_clipnorm = o.global_clipnorm ?? null;
    if ([this.clipnorm, this.clipvalue, this.global_clipnorm].filter((v) => v !== null).length > 1) {
      throw new ValueError(`Only one of \`clipnorm\`, \`clipvalue\` and \`global_clipnorm\` can be set. Received: clipnorm=${show(this.clipnorm)}, clipvalue=${show(this.clipvalue)}, global_clipnorm=${show(this.global_clipnorm)}`);
    }
    this.iterations = new Variable(0, { dtype: 'int32', trainable: false, name: 'iteration' });
    this.#lr = this.#makeRate(o.learning_rate ?? 0.001);
  }

  #makeRate(lr: LearningRate): Variable | LearningRateSchedule | (() => number) {
    if (lr instanceof LearningRateSchedule || typeof lr === 'function') return lr;
    if (typeof lr !== 'number' || Number.isNaN(lr)) {
      throw new ValueError(`Argument \`learning_rate\` should be float, or an instance of LearningRateSchedule, or a callable (that takes in the current iteration value and returns the corresponding learning rate value). Received instead: learning_rate=${String(lr)}`);
    }
    // NOTE: Keras accepts a negative rate silently; twingrad refuses it (issue 5).
    if (lr < 0) throw new ValueError(`Argument \`learning_rate\` must be >= 0. Received: learning_rate=${lr}`);
    this.#lrExact = lr;
    return new Variable(lr, { dtype: 'float32', trainable: false, name: 'learning_rate' });
  }

  /** The learning-rate variable, or the schedule's / callable's current value as a tensor. */
  get learning_rate(): Variable | Tensor {
    return this.#lr instanceof Variable ? this.#lr : wrap(core.scalar(this._currentLearningRate()));
  }
  set learning_rate(lr: LearningRate) {
    if (typeof lr === 'number' && this.#lr instanceof LearningRateSchedule) {
      throw new TypeError('This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` constructor argument, hence its learning rate is not settable. If you need the learning rate to be settable, you should instantiate the optimizer with a float `learning_rate` argument.');
    }
    // NOTE: Keras's setter assigns a number to the rate variable it already has (the same Variable object).
    if (typeof lr === 'number' && this.#lr instanceof Variable) {
      this.#makeRate(lr); // checks it, and keeps the exact double
      this.#lr.assign(lr);
      return;
    }
    this.#lr = this.#makeRate(lr);
  }

  /**
   * The rate this step uses: the schedule at the current iteration, the callable's value, or the variable's value.
   * NOTE: Keras keeps a number rate in a float32 variable; the exact double is used unless the variable was reassigned.
   */
  _currentLearningRate(): number {
    const lr = this.#lr;
    if (lr instanceof LearningRateSchedule) return lr.call(this.iterations._t.data[0]!);
    if (typeof lr === 'function') return lr();
    const v = lr._t.data[0]!;
    return Math.fround(this.#lrExact) === v ? this.#lrExact : v;
  }

  /** Creates the optimizer's state for `var_list` (done by the first apply_gradients). */
  build(var_list: Variable[]): void {
    if (this.built) return;
    var_list.forEach((v, i) => {
      if (this.#index.has(v)) throw new ValueError(`Variable ${v.name} appears more than once in the list of variables the optimizer is built with.`);
      this.#index.set(v, i);
    });
    this.#vars = [...var_list];
    this.built = true;
    this.buildState(this.#vars);
  }

  get variables(): Variable[] {
    return [this.iterations, ...(this.#lr instanceof Variable ? [this.#lr] : []), ...this.stateVariables()];
  }

  /** Applies [gradient, variable] pairs (a null gradient is skipped, with Keras's warning); returns `iterations`. */
  apply_gradients(grads_and_vars: Iterable<readonly [TensorBase | null | undefined, Variable]>): Variable {
    const pairs = [...grads_and_vars];
    this.apply(pairs.map((p) => p[0] ?? null), pairs.map((p) => p[1]));
    return this.iterations;
  }

  apply(grads: Array<TensorBase | null>, trainable_variables: Variable[]): void {
    if (grads.length === 0) return;
    const seen = new Set<Variable>();
    for (const v of trainable_variables) {
      if (!(v instanceof Variable)) throw new TypeError(`apply_gradients: expected a tf.Variable, got ${String(v)}`);
      if (seen.has(v)) throw new ValueError(`apply_gradients: variable ${v.name} is listed more than once.`);
      seen.add(v);
    }
    this.build(trainable_variables);
    for (const v of trainable_variables) {
      if (!this.#index.has(v)) throw new ValueError(`Unknown variable: ${v.name}. This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.`);
    }
    const kept = trainable_variables.map((v, i) => [grads[i], v] as const).filter((p): p is readonly [TensorBase, Variable] => p[0] !== null && p[0] !== undefined);
    if (kept.length === 0) throw new ValueError('No gradients provided for any variable.');
    if (kept.length < trainable_variables.length) {
      const missing = trainable_variables.filter((_, i) => grads[i] === null || grads[i] === undefined).map((v) => `'${v.name}'`);
      warn(`Gradients do not exist for variables [${missing.join(', ')}] when minimizing the loss. If using \`model.compile()\`, did you forget to provide a \`loss\` argument?`);
    }
    const gs = this.#clip(kept.map(([g, v]) => checked(g._t, v)));
    const lr = this._currentLearningRate();
    const step = this.iterations._t.data[0]! + 1;
    core.withGradMode(false, () => core.withoutTapes(() => {
      kept.forEach(([, v], k) => {
        // NOTE: TF semantics: the new value is computed on a copy and assigned, so earlier reads keep their values.
        const next = core.clone(v._t, false);
        const decay = { weightDecay: this.weight_decay ?? 0, decoupled: true, maximize: false, convention: TF };
        this.updateStep(next, gs[k]!, this.#index.get(v)!, lr, step, decay);
        v._adopt(next);
      });
    }));
    this.iterations.assign_add(1);
  }

  /** Computes the gradients of `loss` (a callable) for `var_list` with a GradientTape and applies them. */
  minimize(loss: (() => TensorBase) | TensorBase, var_list: Variable[], tape?: GradientTape): void {
    let grads: Array<TensorBase | null>;
    if (typeof loss === 'function') {
      const t = new GradientTape();
      const y = t.record(() => loss());
      grads = t.gradient(y, var_list) as Array<TensorBase | null>;
    } else {
      if (tape === undefined) throw new ValueError('`tape` is required when a `Tensor` loss is passed.');
      grads = tape.gradient(loss, var_list) as Array<TensorBase | null>;
    }
    this.apply_gradients(var_list.map((v, i) => [grads[i] ?? null, v] as const));
  }

  #clip(gs: core.Tensor[]): core.Tensor[] {
    if (this.clipnorm !== null && this.clipnorm > 0) return gs.map((g) => core.clipByNorm(g, this.clipnorm!));
    if (this.global_clipnorm !== null && this.global_clipnorm > 0) return core.clipByGlobalNorm(gs, this.global_clipnorm);
    if (this.clipvalue !== null && this.clipvalue > 0) return gs.map((g) => core.clipByValue(g, this.clipvalue!));
    return gs;
  }

  protected abstract buildState(vars: Variable[]): void;
  protected abstract stateVariables(): Variable[];
  /** One update of `w` (a fresh copy of variable number `index`) in place. */
  protected abstract updateStep(w: core.Tensor, g: core.Tensor, index: number, lr: number, step: number, decay: core.DecayOptions): void;
}

function warn(message: string): void {
  const p = (globalThis as { process?: { emitWarning?: (m: string, t: string) => void } }).process;
  if (p?.emitWarning) p.emitWarning(message, 'UserWarning');
  else console.warn(`UserWarning: ${message}`);
}

/**
 * The gradient as the update reads it: the variable's shape; a float gradient of another dtype is cast
 * (Keras casts to the variable's dtype), a non-float gradient is an error naming the variable.
 */
function checked(g: core.Tensor, v: Variable): core.Tensor {
  const w = v._t;
  if (!core.sameShape(g.shape, w.shape)) {
    throw new ValueError(`apply_gradients: the gradient for variable ${v.name} has shape ${fmtShape(g.shape)}, but the variable has shape ${fmtShape(w.shape)}.`);
  }
  if (!core.isFloat(g.dtype)) throw new TypeError(`apply_gradients: the gradient for variable ${v.name} has dtype ${g.dtype}; expected a floating-point gradient for a ${w.dtype} variable.`);
  return g.dtype === w.dtype ? g : core.cast(g, w.dtype);
}

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
 * tf and torch facades give bit-identical trajectories; `momentums` shows Keras's velocity.
 * @example const opt = new tf.keras.optimizers.SGD({ learning_rate: 0.1, momentum: 0.9 });
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;
  #states: core.SgdState[] = [];
  /**
   * Keras's velocity variables, one per variable with its shape and dtype (sgd.py's build, with
   * add_variable_from_reference), the same objects at every access; empty without momentum.
   */
  momentums: Variable[] = [];
  constructor(options: SGDOptions = {}) {
    super({ learning_rate: 0.01, ...options }, 'SGD');
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new ValueError('`momentum` must be a float between [0, 1].');
  }
  protected buildState(vars: Variable[]): void {
    this.#states = vars.map(() => core.sgdState());
    this.momentums = this.momentum !== 0 ? vars.map((v) => slot(v, 'momentum')) : [];
  }
  protected stateVariables(): Variable[] { return this.momentums; }
  protected updateStep(w: core.Tensor, g: core.Tensor, i: number, lr: number, _step: number, decay: core.DecayOptions): void {
    const state = this.#states[i]!;
    core.sgdStep(w, g, state, { ...decay, lr, momentum: this.momentum, dampening: 0, nesterov: this.nesterov });
    if (this.momentum === 0) return;
    // NOTE: the state is the core's buffer b in PyTorch's units; the variable shows Keras's velocity v = -scale * b
    // (the core's kerasVelocity), written after every step so that a variable held by the caller stays current.
    // A value assigned to it by the caller is not read back: the update reads the buffer.
    const m = this.momentums[i]!;
    m._adopt(core.cast(core.reshape(core.fromArray(core.kerasVelocity(state)!, 'float64'), m._t.shape), m._t.dtype));
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
  constructor(options: AdamOptions = {}, defaultName = 'adam') {
    super({ learning_rate: 0.001, ...options }, defaultName);
    this.beta_1 = options.beta_1 ?? 0.9;
    this.beta_2 = options.beta_2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    this.amsgrad = options.amsgrad ?? false;
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
  constructor(options: AdamOptions = {}) {
    if (options.weight_decay === null) throw new ValueError('Argument `weight_decay` must be a float. Received: weight_decay=None');
    super({ ...options, weight_decay: options.weight_decay ?? 0.004 }, 'adamw');
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
  constructor(options: RMSpropOptions = {}) {
    super({ learning_rate: 0.001, ...options }, 'rmsprop');
    this.rho = options.rho ?? 0.9;
    this.momentum = options.momentum ?? 0;
    this.epsilon = options.epsilon ?? 1e-7;
    this.centered = options.centered ?? false;
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
  constructor(options: AdagradOptions = {}) {
    super({ learning_rate: 0.001, ...options }, `adagrad`);
    this.initial_accumulator_value = options.initial_accumulator_value ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-7;
  }
  protected buildState(vars: Variable[]): void { this._accumulators = vars.map((v) => slot(v, 'accumulator', this.initial_accumulator_value)); }
  protected stateVariables(): Variable[] { return this._accumulators; }
  protected updateStep(w: core.Tensor, g: core.Tensor, i: number, lr: number, step: number, decay: core.DecayOptions): void {
    withSlots<core.Tensor>([this._accumulators[i]!], ([a]) => {
      core.adagradStep(w, g, { sum: a! }, { ...decay, lr, eps: this.epsilon, lrDecay: 0, step });
    });
  }
}
