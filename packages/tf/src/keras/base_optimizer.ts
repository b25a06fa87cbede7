/**
 * The Keras base optimizer of tf.keras.optimizers (Keras 3's base_optimizer.py): the learning rate, gradient
 * clipping, decoupled weight decay, the iteration counter and the apply_gradients protocol, with Keras's errors and
 * warnings. Each optimizer in optimizers.ts supplies its state and its update step.
 */
import * as core from '@twingrad/core';
import { Tensor, TensorBase, Variable, convert, wrap, fmtShape, type TensorInput } from '../tensor.js';
import { ValueError, guarded } from '../errors.js';
import { GradientTape } from '../gradient_tape.js';
import { LearningRateSchedule } from './schedules.js';
import { toSnakeCase, type BaseArgs } from './args.js';
import { pyRepr, pyStr } from '../py.js';

export type LearningRate = number | LearningRateSchedule | (() => number);

export interface OptimizerOptions {
  learning_rate?: LearningRate;
  weight_decay?: number | null;
  clipnorm?: number | null;
  clipvalue?: number | null;
  global_clipnorm?: number | null;
  /** Not implemented by twingrad: only the default (false) is accepted. */
  use_ema?: boolean;
  ema_momentum?: number;
  ema_overwrite_frequency?: number | null;
  /** Not implemented by twingrad: only the default (null) is accepted. */
  loss_scale_factor?: number | null;
  /** Not implemented by twingrad: only the default (null) is accepted. */
  gradient_accumulation_steps?: number | null;
  name?: string | null;
  /** Keras 2's argument: Keras 3 warns that it is ignored. */
  decay?: number | null;
}

const TF = 'tf' as const;

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

  /** BaseOptimizer.__init__ (base_optimizer.py) with the arguments its subclass bound, and the unknown keywords. */
  constructor(a: BaseArgs, kwargs: Record<string, unknown>) {
    if ('decay' in kwargs) {
      const decay = kwargs.decay;
      delete kwargs.decay;
      if (decay !== null) warn('Argument `decay` is no longer supported and will be ignored.');
    }
    if (Object.keys(kwargs).length > 0) throw new ValueError(`Argument(s) not recognized: ${pyStr(kwargs)}`);
    // NOTE: auto_name also appends a per-name counter (adagrad_1, ...); twingrad keeps the plain name
    this.name = a.name ?? toSnakeCase(new.target.name);
    this.weight_decay = a.weight_decay;
    this.clipnorm = a.clipnorm;
    this.global_clipnorm = a.global_clipnorm;
    this.clipvalue = a.clipvalue;
    if (a.gradient_accumulation_steps && !(a.gradient_accumulation_steps >= 2)) {
      throw new ValueError(`\`gradient_accumulation_steps\` must be an integer >= 2. Received: gradient_accumulation_steps=${pyStr(a.gradient_accumulation_steps)}`);
    }
    // NOTE: twingrad implements neither the weights' moving average, nor loss scaling, nor gradient accumulation:
    // anything but their defaults is refused rather than ignored
    const unsupported = (k: keyof BaseArgs): never => { throw new ValueError(`Argument \`${k}\` is not supported by twingrad. Received: ${k}=${pyRepr(a[k])}`); };
    if (a.use_ema) unsupported('use_ema');
    if (a.loss_scale_factor !== null) unsupported('loss_scale_factor');
    if (a.gradient_accumulation_steps) unsupported('gradient_accumulation_steps');
    if ([this.clipnorm, this.clipvalue, this.global_clipnorm].filter((v) => v !== null).length > 1) {
      throw new ValueError(`Only one of \`clipnorm\`, \`clipvalue\` and \`global_clipnorm\` can be set. Received: clipnorm=${pyStr(this.clipnorm)}, clipvalue=${pyStr(this.clipvalue)}, global_clipnorm=${pyStr(this.global_clipnorm)}`);
    }
    this.iterations = new Variable(0, { dtype: 'int32', trainable: false, name: 'iteration' });
    this.#lr = this.#makeRate(a.learning_rate as LearningRate);
  }

  #makeRate(lr: LearningRate): Variable | LearningRateSchedule | (() => number) {
    if (lr instanceof LearningRateSchedule || typeof lr === 'function') return lr;
    if (typeof lr !== 'number' || Number.isNaN(lr)) {
      throw new ValueError(`Argument \`learning_rate\` should be float, or an instance of LearningRateSchedule, or a callable (that takes in the current iteration value and returns the corresponding learning rate value). Received instead: learning_rate=${pyStr(lr)}`);
    }
    // NOTE: Keras accepts a negative rate silently; twingrad refuses it (issue 5).
    if (lr < 0) throw new ValueError(`Argument \`learning_rate\` must be >= 0. Received: learning_rate=${pyStr(lr)}`);
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
    // NOTE: a variable listed twice is not refused: as base_optimizer.py's dict of indices, the later entry wins
    var_list.forEach((v, i) => this.#index.set(v, i));
    this.#vars = [...var_list];
    this.built = true;
    this.buildState(this.#vars);
  }

  get variables(): Variable[] {
    return [this.iterations, ...(this.#lr instanceof Variable ? [this.#lr] : []), ...this.stateVariables()];
  }

  /** Applies [gradient, variable] pairs (a null gradient is skipped, with Keras's warning); returns `iterations`. */
  apply_gradients(grads_and_vars: Iterable<readonly [TensorInput | null | undefined, Variable]>): Variable {
    const pairs = [...grads_and_vars];
    // base_optimizer.py: grads, trainable_variables = zip(*grads_and_vars)
    if (pairs.length === 0) throw new ValueError('not enough values to unpack (expected 2, got 0)');
    this.apply(pairs.map((p) => p[0] ?? null), pairs.map((p) => p[1]));
    return this.iterations;
  }

  /**
   * Applies `grads` to `trainable_variables`, or, when those are left out, to the variables the optimizer was
   * built with, one to one (base_optimizer.py BaseOptimizer.apply). A gradient may be anything convertible
   * (an array of numbers is a float32 tensor, as convert_to_tensor makes it), cast to the variable's dtype.
   */
  apply(grads: Array<TensorInput | null | undefined>, trainable_variables?: Variable[] | null): void {
    if (grads.length === 0) return;
    const vars = this.#variablesFor(grads, trainable_variables);
    const kept = vars.map((v, i) => [grads[i], v] as const).filter((p): p is readonly [TensorInput, Variable] => p[0] !== null && p[0] !== undefined);
    if (kept.length === 0) throw new ValueError('No gradients provided for any variable.');
    if (kept.length < vars.length) {
      const missing = vars.filter((_, i) => grads[i] === null || grads[i] === undefined).map((v) => `'${v.name}'`);
      warn(`Gradients do not exist for variables [${missing.join(', ')}] when minimizing the loss. If using \`model.compile()\`, did you forget to provide a \`loss\` argument?`);
    }
    const gs = this.#clip(kept.map(([g, v]) => checked(g, v)));
    const lr = this._currentLearningRate();
    const step = this.iterations._t.data[0]! + 1;
    core.unrecorded(() => {
      kept.forEach(([, v], k) => {
        // NOTE: TF semantics: the new value is computed on a copy and assigned, so earlier reads keep their values.
        const next = core.clone(v._t, false);
        const decay = { weightDecay: this.weight_decay ?? 0, decoupled: true, maximize: false, convention: TF };
        this.updateStep(next, gs[k]!, this.#index.get(v)!, lr, step, decay);
        v._adopt(next);
      });
    });
    this.iterations.assign_add(1);
  }

  /**
   * The variables `apply` updates, checked in Keras's order: the built ones when none are given (as many as the
   * gradients), else those given, each a tf.Variable the optimizer was built with (building it on the first call).
   */
  #variablesFor(grads: ReadonlyArray<unknown>, trainable_variables: Variable[] | null | undefined): Variable[] {
    if (trainable_variables === undefined || trainable_variables === null) {
      if (!this.built) {
        throw new ValueError('When passing `grads` without `variables`, the optimizer must already be built on a list of variables. Call `optimizer.build(trainable_variables)` first. ');
      }
      if (grads.length !== this.#index.size) {
        // sic: Keras's text says "one-to-on"
        throw new ValueError(`When passing \`grads\` as a list of gradient tensors, the gradients must match \`optimizer.variables\` one-to-on. Received a list of ${grads.length} gradients, but the optimizer is tracking ${this.#vars.length} trainable variables.`);
      }
      trainable_variables = this.#vars;
    }
    const vars = [...trainable_variables];
    for (const v of vars) {
      if (!(v instanceof Variable)) throw new TypeError(`apply_gradients: expected a tf.Variable, got ${String(v)}`);
    }
    this.build(vars);
    for (const v of vars) {
      if (!this.#index.has(v)) throw new ValueError(`Unknown variable: ${String(v)}. This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.`);
    }
    return vars;
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
 * The gradient as the update reads it: the variable's shape; a gradient of another dtype is cast to the variable's
 * (every Keras update_step begins with ops.cast(gradient, variable.dtype)). A gradient that is
 * not a tensor is converted first (ops.cast(gradient, ...) converts it: numbers give float32, as in TensorFlow).
 */
function checked(gradient: TensorInput, v: Variable): core.Tensor {
  const g = gradient instanceof TensorBase ? gradient._t : gradient instanceof core.Tensor ? gradient : guarded(null, () => convert(gradient));
  const w = v._t;
  if (!core.sameShape(g.shape, w.shape)) {
    throw new ValueError(`apply_gradients: the gradient for variable ${v.name} has shape ${fmtShape(g.shape)}, but the variable has shape ${fmtShape(w.shape)}.`);
  }
  return g.dtype === w.dtype ? g : core.cast(g, w.dtype);
}
