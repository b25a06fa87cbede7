/**
 * Tensor creation under PyTorch's names. NOTE: JavaScript cannot tell `1` from `1.0`, so numbers give float32
 * (PyTorch would give int64 for integer literals); pass `{ dtype: torch.int64 }` for an integer tensor.
 */
import { core } from './core.js';
import { RuntimeError } from './errors.js';
import { float32, type DType } from './dtype.js';
import { Tensor, wrap } from './tensor.js';

export interface CreateOptions { dtype?: DType; requires_grad?: boolean }
type SizeArgs = Array<number | readonly number[] | CreateOptions>;

function finish(t: core.Tensor, o: CreateOptions | undefined): Tensor {
  if (o?.requires_grad) {
    if (!core.isFloat(t.dtype)) throw new RuntimeError('Only Tensors of floating point and complex dtype can require gradients');
    t.requiresGrad = true;
  }
  return wrap(t);
}

/** Splits PyTorch's `zeros(2, 3, opts)` / `zeros([2, 3], opts)` into a shape and options. */
function parse(args: SizeArgs): [number[], CreateOptions | undefined] {
  const last = args[args.length - 1];
  const o = last !== undefined && typeof last === 'object' && !Array.isArray(last) ? (last as CreateOptions) : undefined;
  const dims = (o ? args.slice(0, -1) : args) as Array<number | readonly number[]>;
  const shape = dims.length === 1 && Array.isArray(dims[0]) ? [...dims[0]] : (dims as number[]);
  return [shape, o];
}

/**
 * torch.tensor(data, { dtype, requires_grad }): a new leaf from nested arrays, a number or a boolean.
 * @example torch.tensor([[1, 2], [3, 4]], { requires_grad: true })
 */
export function tensor(data: core.ArrayData | Tensor, o?: CreateOptions): Tensor {
  const t = data instanceof Tensor
    ? core.clone(core.cast(data._t, (o?.dtype ?? data.dtype).core), false)
    : core.fromArray(data, o?.dtype?.core);
  return finish(t, o);
}

export const zeros = (...args: SizeArgs): Tensor => { const [s, o] = parse(args); return finish(core.zeros(s, (o?.dtype ?? float32).core), o); };
export const ones = (...args: SizeArgs): Tensor => { const [s, o] = parse(args); return finish(core.ones(s, (o?.dtype ?? float32).core), o); };
/** torch.empty: zeros here (the core always initialises storage). */
export const empty = zeros;
export function full(size: readonly number[], fill_value: number, o?: CreateOptions): Tensor {
  return finish(core.full(size, fill_value, (o?.dtype ?? float32).core), o);
}
/** torch.rand: uniform on [0, 1) from the core's seeded generator (not PyTorch's stream). */
export const rand = (...args: SizeArgs): Tensor => { const [s, o] = parse(args); return finish(core.randomUniform(s, 0, 1, (o?.dtype ?? float32).core), o); };
/** torch.randn: standard normal samples from the core's seeded generator. */
export const randn = (...args: SizeArgs): Tensor => { const [s, o] = parse(args); return finish(core.randomNormal(s, 0, 1, (o?.dtype ?? float32).core), o); };

/** arange(end), arange(start, end, step?), with options last. */
export function arange(...args: Array<number | CreateOptions>): Tensor {
  const o = typeof args[args.length - 1] === 'object' ? (args.pop() as CreateOptions) : undefined;
  const n = args as number[];
  const [start, end, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? 1];
  return finish(core.arange(start, end, step, (o?.dtype ?? float32).core), o);
}
export function linspace(start: number, end: number, steps: number, o?: CreateOptions): Tensor {
  return finish(core.linspace(start, end, steps, (o?.dtype ?? float32).core), o);
}
export function eye(n: number, m?: number | CreateOptions, o?: CreateOptions): Tensor {
  const opts = typeof m === 'object' ? m : o;
  return finish(core.eye(n, typeof m === 'number' ? m : n, (opts?.dtype ?? float32).core), opts);
}

const likeDtype = (t: Tensor, o?: CreateOptions) => (o?.dtype ?? t.dtype).core;
export const zeros_like = (t: Tensor, o?: CreateOptions): Tensor => finish(core.zeros(t._t.shape, likeDtype(t, o)), o);
export const ones_like = (t: Tensor, o?: CreateOptions): Tensor => finish(core.ones(t._t.shape, likeDtype(t, o)), o);
export const empty_like = zeros_like;
export const full_like = (t: Tensor, fill_value: number, o?: CreateOptions): Tensor => finish(core.full(t._t.shape, fill_value, likeDtype(t, o)), o);
export const rand_like = (t: Tensor, o?: CreateOptions): Tensor => finish(core.randomUniform(t._t.shape, 0, 1, likeDtype(t, o)), o);
export const randn_like = (t: Tensor, o?: CreateOptions): Tensor => finish(core.randomNormal(t._t.shape, 0, 1, likeDtype(t, o)), o);

/** Seeds the core's generator (shared by both facades; it does not reproduce PyTorch's numbers). */
export function manual_seed(seed: number): void {
  core.seed(seed);
}

export const is_tensor = (x: unknown): x is Tensor => x instanceof Tensor;
export const numel = (x: Tensor): number => x.numel();
