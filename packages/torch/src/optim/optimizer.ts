import { core } from '../core.js';
import { TorchTypeError, ValueError, userWarning } from '../errors.js';
import { Tensor, wrap } from '../tensor.js';

/** A value in an optimizer's per-parameter state: a tensor, a number, or null (SGD's momentum_buffer before momentum). */
export type StateValue = Tensor | number | null;
export type ParamState = Record<string, StateValue>;

/** A parameter group: its tensors and its own options (PyTorch's dict). */
export interface ParamGroup {
  params: Tensor[];
  [option: string]: unknown;
}
export type ParamGroupInput = { params: Tensor | Tensor[] } & Record<string, unknown>;
export type Params = Tensor[] | ParamGroupInput[];

/** What load_state_dict hands to `__setstate__` (optimizer.py: `{'state': state, 'param_groups': param_groups}`). */
export interface SetState {
  state: Map<Tensor, ParamState>;
  param_groups: ParamGroup[];
}

/** What `state_dict()` returns: state keyed by the parameter's index across groups, and the packed groups. */
export interface StateDict {
  state: Record<number, ParamState>;
  param_groups: Array<Record<string, unknown> & { params: number[] }>;
}

/**
 * Python's repr of a float for PyTorch's messages (1e-05, not 0.00001; 1.0, not 1).
 * NOTE: JavaScript has one number type; the optimizers' options are floats in PyTorch's signatures (betas=(0.9, 0.999)),
 * so an integral value prints as the float Python code would usually pass (betas=(1.0, 0.9) -> 1.0).
 */
export function pyFloat(x: number): string {
  if (x !== 0 && Number.isFinite(x) && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e16)) {
    return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2').replace('e+', 'e+');
  }
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Number.isInteger(x) ? `${Object.is(x, -0) ? '-0' : x}.0` : String(x);
}

export function typename(v: unknown): string {
  if (v instanceof Tensor) return v._t.dtype === 'float64' ? 'torch.DoubleTensor' : v._t.dtype === 'int32' ? 'torch.IntTensor' : v._t.dtype === 'bool' ? 'torch.BoolTensor' : 'torch.FloatTensor';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v === null || v === undefined) return 'NoneType';
  return Array.isArray(v) ? 'list' : typeof v;
}

/** Marks an option with no default (SGD's lr in PyTorch 1.13). */
export const required: unique symbol = Symbol('required');

/**
 * torch.optim.Optimizer: parameter groups, per-parameter state, zero_grad, step and the state_dict round trip.
 * Subclasses supply `update(group)`, which calls the core's update math for every parameter with a gradient.
 */
export abstract class Optimizer {
  readonly defaults: Record<string, unknown>;
  param_groups: ParamGroup[] = [];
  state = new Map<Tensor, ParamState>();
  /** Counts step() calls, for lr_scheduler's ordering warning. */
  _step_count = 0;

  constructor(params: Params | Tensor, defaults: Record<string, unknown>) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TorchTypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typename(params)}`);
    }
    const list = [...(params as unknown[])];
    if (list.length === 0) throw new ValueError('optimizer got an empty parameter list');
    const groups = list[0] instanceof Tensor || !isGroup(list[0]) ? [{ params: list as Tensor[] }] : (list as ParamGroupInput[]);
    for (const g of groups) this.add_param_group(g);
  }

  add_param_group(param_group: ParamGroupInput): void {
    const params = param_group.params instanceof Tensor ? [param_group.params] : [...param_group.params];
    for (const p of params as unknown[]) {
      if (!(p instanceof Tensor)) throw new TorchTypeError(`optimizer can only optimize Tensors, but one of the params is ${typename(p)}`);
      if (!(p.is_leaf || p.retains_grad)) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    const group: ParamGroup = { ...param_group, params };
    for (const [name, def] of Object.entries(this.defaults)) {
      if (def === required && group[name] === undefined) {
        throw new ValueError(`parameter group didn't specify a value of required optimization parameter ${name}`);
      }
      if (group[name] === undefined) group[name] = Array.isArray(def) ? [...def] : def;
    }
    if (new Set(params).size !== params.length) {
      userWarning('optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information');
    }
    const seen = new Set(this.param_groups.flatMap((g) => g.params));
    if (params.some((p) => seen.has(p))) throw new ValueError('some parameters appear in more than one parameter group');
    this.param_groups.push(group);
  }

  /**
   * Resets the gradients. As in PyTorch 2 (the issue's reference), `set_to_none` defaults to true:
   * `.grad` becomes null; `{ set_to_none: false }` zeroes the tensors in place (PyTorch 1.13's default).
   */
  zero_grad(options: { set_to_none?: boolean } = {}): void {
    for (const g of this.param_groups) {
      for (const p of g.params) {
        const grad = p._t.grad;
        if (grad === null) continue;
        if (options.set_to_none ?? true) {
          p._t.grad = null;
        } else {
          grad.node = null;
          grad.requiresGrad = false;
          core.inplace('zero_', grad, [], (x) => core.zeros(x.shape, x.dtype));
        }
      }
    }
  }

  /** One optimization step; a closure is re-evaluated with grad mode on and its loss returned. */
  step(closure?: () => Tensor | number): Tensor | number | null {
    let loss: Tensor | number | null = null;
    if (closure !== undefined) loss = core.withGradMode(true, closure);
    this._step_count++;
    core.withGradMode(false, () => core.withoutTapes(() => {
      for (const g of this.param_groups) this.update(g);
    }));
    return loss;
  }

  /** The parameters of a group that have a gradient, with their state (created empty on first use). */
  protected withGrads(group: ParamGroup): Array<[Tensor, core.Tensor, ParamState]> {
    const out: Array<[Tensor, core.Tensor, ParamState]> = [];
    for (const p of group.params) {
      const g = p._t.grad;
      if (g === null) continue;
      let s = this.state.get(p);
      if (s === undefined) this.state.set(p, (s = {}));
      out.push([p, g, s]);
    }
    return out;
  }

  protected abstract update(group: ParamGroup): void;

  state_dict(): StateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const param_groups = this.param_groups.map((g) => {
      const { params, ...options } = g;
      for (const p of params) if (!index.has(p)) index.set(p, next++);
      return { ...options, params: params.map((p) => index.get(p)!) };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) state[index.get(p)!] = s;
    return { state, param_groups };
  }

  load_state_dict(state_dict: StateDict): void {
    const saved = state_dict.param_groups;
    if (saved.length !== this.param_groups.length) throw new ValueError('loaded state dict has a different number of parameter groups');
    if (saved.some((g, i) => g.params.length !== this.param_groups[i]!.params.length)) {
      throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }
    const byId = new Map<number, Tensor>();
    saved.forEach((g, i) => g.params.forEach((id, k) => byId.set(id, this.param_groups[i]!.params[k]!)));
    const state = new Map<Tensor, ParamState>();
    for (const [key, s] of Object.entries(state_dict.state)) {
      const p = byId.get(Number(key));
      if (p === undefined) continue;
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(s)) copy[k] = v instanceof Tensor ? copied(v, k === 'step' ? v._t.dtype : p._t.dtype) : v;
      state.set(p, copy);
    }
    const param_groups = saved.map((g, i) => {
      const { params: _ids, ...options } = g;
      return { ...structuredClone(options), params: this.param_groups[i]!.params };
    });
    this.__setstate__({ state, param_groups });
  }

  /**
   * optimizer.py __setstate__, which load_state_dict ends with; the families extend it as PyTorch's do
   * (the group keys older state dicts lack; Adam's, AdamW's and Adagrad's numeric `step` made a tensor).
   */
  __setstate__(state: SetState): void {
    this.state = state.state;
    this.param_groups = state.param_groups;
    if (!('differentiable' in this.defaults)) this.defaults.differentiable = false;
  }
}

function isGroup(v: unknown): v is ParamGroupInput {
  return typeof v === 'object' && v !== null && 'params' in v;
}

/** A deep copy of a state tensor, cast to the parameter's dtype (PyTorch's load_state_dict cast; `step` keeps its own). */
function copied(v: Tensor, dtype: core.DType): Tensor {
  const t = v._t.dtype === dtype ? core.clone(v._t, false) : core.cast(v._t, dtype);
  t.node = null;
  t.requiresGrad = false;
  return wrap(t);
}

/** Fails with PyTorch's text unless `ok`. */
export function check(ok: boolean, message: string): void {
  if (!ok) throw new ValueError(message);
}
