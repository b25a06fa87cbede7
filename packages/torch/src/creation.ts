/**
 * Tensor creation under PyTorch's names. NOTE: JavaScript cannot tell `1` from `1.0`, so numbers give float32
 * (PyTorch would give int64 for integer literals); pass `{ dtype: torch.int64 }` for an integer tensor.
 */
import { core } from './core.js';
import { RuntimeError, TorchTypeError, ValueError } from './errors.js';
import { bool, checkedScalar, float32, fromCore, int32, int64, type DType } from './dtype.js';
import { cppDouble } from './nn/args.js';
import { Tensor } from './tensor.js';
import { tensorArg } from './ops/args.js';
import { checkSize, filled, finish, likeDtype, parse, type CreateOptions, type SizeArgs } from './factory.js';

export type { CreateOptions } from './factory.js';

/** What torch.tensor takes: nested arrays whose elements may also be tensors (a one-element one counts as its value). */
export type TensorData = core.ArrayData | Tensor | ReadonlyArray<TensorData>;

/** c10's ScalarType names, as AT_DISPATCH's "not implemented for" errors print them. */
const SCALAR_TYPE: Readonly<Record<string, string>> = { float32: 'Float', float64: 'Double', int64: 'Long', int32: 'Int', bool: 'Bool' };

/** AT_DISPATCH's refusal of a dtype its kernel has no case for (`kernel` is the name it dispatches under). */
const notImplemented = (kernel: string, d: DType): RuntimeError => new RuntimeError(`"${kernel}" not implemented for '${SCALAR_TYPE[d.name]}'`);

/**
 * torch.tensor(data, { dtype, requires_grad }): a new leaf from nested arrays, a number, a boolean or a tensor.
 * Tensors inside the arrays are taken as PyTorch takes them: a one-element tensor where a number is expected is
 * its value (`torch.tensor([loss1, loss2])`), any other where a sequence is expected is its rows; without a dtype
 * the result's is the promotion of every element's (tensors' dtypes included).
 * @example torch.tensor([[1, 2], [3, 4]], { requires_grad: true })
 */
export function tensor(data: TensorData, o?: CreateOptions): Tensor {
  if (data instanceof Tensor) return finish(core.clone(core.cast(data._t, (o?.dtype ?? data.dtype).core), false), o);
  let plain = data as core.ArrayData;
  let dtype = o?.dtype;
  if (Array.isArray(data) && holdsTensor(data)) {
    dtype ??= fromCore(inferDtype(data));
    plain = scalars(data, 0, leafDepth(data), dtype) as core.ArrayData;
  }
  if (dtype !== undefined && !dtype.is_floating_point && dtype !== bool && !ArrayBuffer.isView(plain)) checkIntegers(plain, dtype);
  let t: core.Tensor;
  try {
    t = core.fromArray(plain, dtype?.core);
  } catch (e) {
    throw sequenceError(e, dtype ?? fromCore(inferDtype(plain as TensorData)));
  }
  return finish(t, o);
}

function holdsTensor(v: ReadonlyArray<unknown>): boolean {
  for (let i = 0; i < v.length; i++) {
    const e = v[i];
    if (e instanceof Tensor || (Array.isArray(e) && holdsTensor(e))) return true;
  }
  return false;
}

/**
 * tensor_new.cpp's compute_sizes: the rank is found by following first elements. A tensor is not a Python
 * sequence there (PySequence_Check is false for it), so the probe stops at one.
 */
function leafDepth(data: TensorData): number {
  let depth = 0;
  let p: unknown = data;
  while (Array.isArray(p)) { depth++; if (p.length === 0) break; p = p[0]; }
  return depth;
}

/** tensor_new.cpp's infer_scalar_type: the promotion of every element's dtype (a tensor's own, float32 for a number). */
function inferDtype(v: TensorData): core.DType {
  if (v instanceof Tensor) return v._t.dtype;
  if (typeof v === 'boolean') return 'bool';
  if (!Array.isArray(v)) return 'float32';
  if (v.length === 0) return 'float32';
  let d = inferDtype(v[0]!);
  for (let i = 1; i < v.length; i++) d = core.promote(d, inferDtype(v[i]!));
  return d;
}

/**
 * `v` with its tensors replaced as recursive_store reads them: at a leaf (depth `leaf`) a tensor is one number,
 * converted by `__float__` for a float dtype and `__index__` otherwise; above it, a tensor of rank 1 or more is
 * iterated as the sequence of its rows, and a 0-d one is left to fail as "not a sequence".
 */
function scalars(v: unknown, depth: number, leaf: number, dtype: DType): unknown {
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = scalars(v[i], depth + 1, leaf, dtype);
    return out;
  }
  if (!(v instanceof Tensor)) return v;
  const t = v._t;
  if (depth < leaf) return t.rank === 0 ? t.first : scalars(v.tolist(), depth, leaf, dtype);
  if (dtype.is_floating_point) {
    if (t.size !== 1) throw new ValueError('only one element tensors can be converted to Python scalars');
  } else if (t.size !== 1 || core.isFloat(t.dtype)) {
    throw new TorchTypeError('only integer tensors of a single element can be converted to an index');
  }
  return t.dtype === 'bool' ? t.first !== 0 : t.first;
}

/**
 * tensor_new.cpp's store_scalar converts each number with c10::checked_convert: NaN, infinities and values out of
 * the integer type's range are refused (a float to int64 is otherwise truncated).
 */
function checkIntegers(v: unknown, dtype: DType): void {
  if (typeof v === 'number') {
    const [lo, hi] = dtype === int32 ? [-2147483648, 2147483647] : [-9223372036854775808, 9223372036854775807];
    if (!(v >= lo && v <= hi)) throw new RuntimeError(`value cannot be converted to type ${dtype === int32 ? 'int32' : 'int64'} without overflow`);
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) checkIntegers(v[i], dtype);
  }
}

/**
 * recursive_store's errors for a nested list whose depth is not its first element's: a number where a sequence is
 * expected fails PySequence_Fast ("not a sequence"); a list where a number is expected fails the conversion of the
 * dtype's store_scalar. NOTE: here rather than in errors.ts WORDS, which only words the length mismatch.
 */
function sequenceError(e: unknown, dtype: DType): unknown {
  if (!(e instanceof Error)) return e;
  if (/^tensor: ragged nested sequence at index \[[\d, ]*\]: expected a sequence of length \d+, got a scalar$/.test(e.message)) {
    return new TorchTypeError('not a sequence');
  }
  if (/^tensor: ragged nested sequence at index \[[\d, ]*\]: expected a scalar, got a sequence$/.test(e.message)) {
    return new TorchTypeError(dtype.is_floating_point ? 'must be real number, not list' : "'list' object cannot be interpreted as an integer");
  }
  return e;
}

export const zeros = (...args: SizeArgs): Tensor => { const [s, o] = parse('zeros', args); return finish(core.zeros(s, (o?.dtype ?? float32).core), o); };
export const ones = (...args: SizeArgs): Tensor => { const [s, o] = parse('ones', args); return finish(core.ones(s, (o?.dtype ?? float32).core), o); };
/** torch.empty: zeros here (the core always initialises storage). */
export const empty = (...args: SizeArgs): Tensor => { const [s, o] = parse('empty', args); return finish(core.zeros(s, (o?.dtype ?? float32).core), o); };

/**
 * torch.full(size, fill_value, { dtype }): the dtype defaults to bool for a boolean fill value (PyTorch infers it
 * from the value; a JS number is float32, as everywhere here). The value is converted as fill_ converts it.
 */
export function full(size: readonly number[], fill_value: number | boolean, o?: CreateOptions): Tensor {
  return filled('full', size, fill_value, o?.dtype ?? (typeof fill_value === 'boolean' ? bool : float32), o);
}

/**
 * rand/randn refuse integer and bool dtypes as their kernels' dispatch does (uniform_ checks its bounds under the
 * name "check_uniform_bounds"); the size is checked first, as PyTorch allocates before it fills.
 */
function randomDtype(shape: readonly number[], d: DType, kernel: string): void {
  if (d.is_floating_point) return;
  core.zeros(shape, 'bool');
  throw notImplemented(kernel, d);
}

/** torch.rand: uniform on [0, 1) from the core's seeded generator (not PyTorch's stream). */
export const rand = (...args: SizeArgs): Tensor => {
  const [s, o] = parse('rand', args, 'ints');
  const d = o?.dtype ?? float32;
  randomDtype(s, d, 'check_uniform_bounds');
  return finish(core.randomUniform(s, 0, 1, d.core), o);
};
/** torch.randn: standard normal samples from the core's seeded generator. */
export const randn = (...args: SizeArgs): Tensor => {
  const [s, o] = parse('randn', args, 'ints');
  const d = o?.dtype ?? float32;
  randomDtype(s, d, 'normal_kernel_cpu');
  return finish(core.randomNormal(s, 0, 1, d.core), o);
};

/**
 * arange_out's checks (ATen native/RangeFactories.cpp), in its order: an integer dtype converts each argument to
 * int64 (refusing NaN and infinities), then the step must be nonzero, the bounds finite, the step's sign
 * consistent with them, and the length at most int64's maximum.
 */
function checkArange(start: number, end: number, step: number, d: DType): void {
  const int = !d.is_floating_point;
  if (int) for (const v of [start, end, step]) checkedScalar(v, int64);
  const xs = int ? Math.trunc(start) : start, xe = int ? Math.trunc(end) : end, xd = int ? Math.trunc(step) : step;
  if (!(xd > 0 || xd < 0)) throw new RuntimeError('step must be nonzero');
  if (!Number.isFinite(xs) || !Number.isFinite(xe)) throw new RuntimeError(`unsupported range: ${cppDouble(xs)} -> ${cppDouble(xe)}`);
  if (!((xd > 0 && xe >= xs) || (xd < 0 && xe <= xs))) throw new RuntimeError('upper bound and larger bound inconsistent with step sign');
  if (!((int ? (xe - xs) / xd : (end - start) / step) <= 9223372036854775807)) throw new RuntimeError('invalid size, possible overflow?');
}

/**
 * arange(end), arange(start, end, step?), with options last. Computed as PyTorch's CPU kernel computes it (see the
 * core's `arange`): in double, rounded once to float32; an integer dtype truncates the arguments first
 * (arange(0, 5, 1.5, { dtype: torch.int64 }) is [0, 1, 2, 3, 4]).
 */
export function arange(...args: Array<number | CreateOptions>): Tensor {
  const o = typeof args[args.length - 1] === 'object' ? (args.pop() as CreateOptions) : undefined;
  const n = args as number[];
  const [start, end, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? 1];
  const d = o?.dtype ?? float32;
  if (d === bool) throw notImplemented('arange_cpu', d);
  checkArange(start, end, step, d);
  // NOTE: ATen sizes an int64 range in integer arithmetic and an int32 one in double (RangeFactories.cpp)
  return finish(core.arange(start, end, step, d.core, 'torch', d !== int32), o);
}

/**
 * torch.linspace(start, end, steps, { dtype }), as PyTorch's CPU kernel computes it (see the core's `linspace`).
 * One point is fill_(start); a bool dtype is refused only where the kernel runs (more than one point).
 */
export function linspace(start: number, end: number, steps: number, o?: CreateOptions): Tensor {
  if (!Number.isInteger(steps)) throw new TorchTypeError(`linspace(): argument 'steps' (position 3) must be int, not float`);
  const d = o?.dtype ?? float32;
  if (steps < 0) throw new RuntimeError('number of steps must be non-negative');
  if (steps > 1 && d === bool) throw notImplemented('linspace_cpu', d);
  if (steps >= 1) checkedScalar(start, d);
  if (steps > 1) checkedScalar(end, d);
  return finish(core.linspace(start, end, steps, d.core, 'torch', d !== int32), o);
}

export function eye(n: number, m?: number | CreateOptions, o?: CreateOptions): Tensor {
  const opts = typeof m === 'object' ? m : o;
  const cols = typeof m === 'number' ? m : n;
  if (!Number.isInteger(n)) throw new TorchTypeError(`eye(): argument 'n' (position 1) must be int, not float`);
  // TensorFactories.cpp eye_out_cpu
  if (n < 0) throw new RuntimeError(`n must be greater or equal to 0, got ${n}`);
  if (cols < 0) throw new RuntimeError(`m must be greater or equal to 0, got ${cols}`);
  return finish(core.eye(n, cols, (opts?.dtype ?? float32).core), opts);
}

/** The `input` of a *_like function, checked as PyTorch's parser does (`zeros_like(None)` is its TypeError). */
const likeInput = (fn: string, t: unknown): Tensor => tensorArg(fn, 'input', t);
export const zeros_like = (t: Tensor, o?: CreateOptions): Tensor => finish(core.zeros(likeInput('zeros_like', t)._t.shape, likeDtype(t, o).core), o);
export const ones_like = (t: Tensor, o?: CreateOptions): Tensor => finish(core.ones(likeInput('ones_like', t)._t.shape, likeDtype(t, o).core), o);
export const empty_like = (t: Tensor, o?: CreateOptions): Tensor => zeros_like(likeInput('empty_like', t), o);
export const full_like = (t: Tensor, fill_value: number | boolean, o?: CreateOptions): Tensor => {
  const d = likeDtype(likeInput('full_like', t), o);
  return finish(core.full(t._t.shape, checkedScalar(fill_value, d), d.core), o);
};
export const rand_like = (t: Tensor, o?: CreateOptions): Tensor => {
  const d = likeDtype(likeInput('rand_like', t), o);
  randomDtype(t._t.shape, d, 'check_uniform_bounds');
  return finish(core.randomUniform(t._t.shape, 0, 1, d.core), o);
};
export const randn_like = (t: Tensor, o?: CreateOptions): Tensor => {
  const d = likeDtype(likeInput('randn_like', t), o);
  randomDtype(t._t.shape, d, 'normal_kernel_cpu');
  return finish(core.randomNormal(t._t.shape, 0, 1, d.core), o);
};

/** Seeds the core's generator (shared by both facades; it does not reproduce PyTorch's numbers). */
export function manual_seed(seed: number): void {
  core.seed(seed);
}

export const is_tensor = (x: unknown): x is Tensor => x instanceof Tensor;
export const numel = (x: Tensor): number => tensorArg('numel', 'input', x).numel();
