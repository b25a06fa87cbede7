/**
 * The Keras optimizers' signatures (Keras 3, keras/src/optimizers/*.py). Every parameter is positional-or-keyword, in
 * the order below, and each signature ends with `**kwargs`, which BaseOptimizer.__init__ checks (base_optimizer.py).
 */
import * as core from '@twingrad/core';
import { guarded } from '../errors.js';

/** BaseOptimizer.__init__'s parameters (base_optimizer.py), as each optimizer's __init__ passes them on. */
export interface BaseArgs {
  learning_rate: unknown;
  weight_decay: number | null;
  clipnorm: number | null;
  clipvalue: number | null;
  global_clipnorm: number | null;
  use_ema: boolean;
  ema_momentum: number;
  ema_overwrite_frequency: number | null;
  loss_scale_factor: number | null;
  gradient_accumulation_steps: number | null;
  name: string | null;
}

/** The positional parameters every optimizer's __init__ ends with (after its own and weight_decay; AdamW lists weight_decay second). */
export type Tail = [clipnorm: number | null, clipvalue: number | null, global_clipnorm: number | null, use_ema: boolean, ema_momentum: number,
  ema_overwrite_frequency: number | null, loss_scale_factor: number | null, gradient_accumulation_steps: number | null, name: string | null];

/** Their defaults, `name` apart (each optimizer has its own): sgd.py, adam.py, adamw.py, rmsprop.py, adagrad.py. */
const TAIL = {
  clipnorm: null as number | null, clipvalue: null as number | null, global_clipnorm: null as number | null,
  use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null as number | null,
  loss_scale_factor: null as number | null, gradient_accumulation_steps: null as number | null,
};
const sig = <P extends object>(name: string, positional: P) => ({ name: `${name}.__init__`, leading: 1, positional, varKeywords: true });

export const SGD_ARGS = sig('SGD', { learning_rate: 0.01 as unknown, momentum: 0.0, nesterov: false, weight_decay: null as number | null, ...TAIL, name: 'SGD' as string | null });
export const ADAM_ARGS = sig('Adam', { learning_rate: 0.001 as unknown, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false, weight_decay: null as number | null, ...TAIL, name: 'adam' as string | null });
export const ADAMW_ARGS = sig('AdamW', { learning_rate: 0.001 as unknown, weight_decay: 0.004 as number | null, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false, ...TAIL, name: 'adamw' as string | null });
export const RMSPROP_ARGS = sig('RMSprop', { learning_rate: 0.001 as unknown, rho: 0.9, momentum: 0.0, epsilon: 1e-7, centered: false, weight_decay: null as number | null, ...TAIL, name: 'rmsprop' as string | null });
export const ADAGRAD_ARGS = sig('Adagrad', { learning_rate: 0.001 as unknown, initial_accumulator_value: 0.1, epsilon: 1e-7, weight_decay: null as number | null, ...TAIL, name: null as string | null });

/** Binds a constructor's arguments (Python's TypeErrors as JavaScript's TypeError); unknown keywords land in `extra`. */
export function bind<P extends object>(s: { name: string; leading: number; positional: P; varKeywords: boolean }, args: readonly unknown[]): { values: P; extra: Record<string, unknown> } {
  return guarded(null, () => core.bindArgs(s, args));
}

/** Keras's naming.to_snake_case, which auto_name applies to the class name when `name` is None. */
export function toSnakeCase(name: string): string {
  return name.replace(/\W+/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
