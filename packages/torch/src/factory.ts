/**
 * The argument handling torch's creation functions (creation.ts) and Tensor's new_* methods share: sizes as PyTorch's
 * argument parser takes them, options, requires_grad. Not re-exported: these are not torch names.
 */
import { core } from './core.js';
import { RuntimeError, TorchTypeError } from './errors.js';
import { checkedScalar, type DType } from './dtype.js';
import { wrap, type Tensor } from './tensor.js';
import { pyType } from './py_type.js';

export interface CreateOptions { dtype?: DType; requires_grad?: boolean }
export type SizeArgs = Array<number | readonly number[] | CreateOptions>;

/** The new leaf `t` as a facade tensor, requiring grad if the options ask (PyTorch's dtype check first). */
export function finish(t: core.Tensor, o: CreateOptions | undefined): Tensor {
  if (o?.requires_grad) {
    if (!core.isFloat(t.dtype)) throw new RuntimeError('Only Tensors of floating point and complex dtype can require gradients');
    t.requiresGrad = true;
  }
  return wrap(t);
}

/**
 * Splits PyTorch's `zeros(2, 3, opts)` / `zeros([2, 3], opts)` into a shape and options, refusing a fractional
 * size as PyTorch's argument parser does (`ints`: how `op`'s signature names the size type).
 */
export function parse(op: string, args: SizeArgs, ints = 'SymInts'): [number[], CreateOptions | undefined] {
  const last = args[args.length - 1];
  const o = last !== undefined && typeof last === 'object' && !Array.isArray(last) ? (last as CreateOptions) : undefined;
  const dims = (o ? args.slice(0, -1) : args) as Array<number | readonly number[]>;
  const list = dims.length === 1 && Array.isArray(dims[0]);
  const shape = list ? [...(dims[0] as readonly number[])] : (dims as number[]);
  checkSize(op, shape, list, ints);
  return [shape, o];
}

/**
 * python_arg_parser.cpp's size checks. A fractional first size fails the whole argument (`not float`, or `not list`
 * when a list was given); a later one is named by position. NOTE: PyTorch words a fractional first size followed by
 * more positional sizes as "received an invalid combination of arguments" with every overload listed; that case is
 * left to the core's shape error.
 */
export function checkSize(op: string, shape: readonly number[], list: boolean, ints: string): void {
  for (let i = 0; i < shape.length; i++) {
    const v: unknown = shape[i];
    if (Number.isInteger(v)) continue;
    if (i > 0) throw new TorchTypeError(`${op}(): argument 'size' must be tuple of ${ints}, but found element of type ${pyType(v)} at pos ${i + 1}`);
    if (list) throw new TorchTypeError(`${op}(): argument 'size' (position 1) must be tuple of ${ints}, not list`);
    if (shape.length === 1 || typeof v !== 'number') throw new TorchTypeError(`${op}(): argument 'size' (position 1) must be tuple of ${ints}, not ${pyType(v)}`);
    return;
  }
}

/** full's body under `op`'s name (full, new_full): the size a list, the value converted to `d` as fill_ converts it. */
export function filled(op: string, size: readonly number[], fill_value: number | boolean, d: DType, o: CreateOptions | undefined): Tensor {
  if (typeof size === 'number') {
    throw new TorchTypeError(`${op}(): argument 'size' (position 1) must be tuple of SymInts, not ${Number.isInteger(size) ? 'int' : 'float'}`);
  }
  checkSize(op, size, true, 'SymInts');
  return finish(core.full(size, checkedScalar(fill_value, d), d.core), o);
}

export const likeDtype = (t: Tensor, o?: CreateOptions): DType => o?.dtype ?? t.dtype;

/**
 * x.new_zeros, new_ones, new_empty: a new leaf of `size` (varargs or one list, as zeros takes it) filled with `value`,
 * in x's dtype unless options give one. NOTE: new_empty gives zeros, as torch.empty does here.
 */
export function newFilled(op: string, x: Tensor, args: SizeArgs, value: number): Tensor {
  const [s, o] = parse(op, args);
  if (args.length === 0 || (args.length === 1 && o !== undefined)) throw new TorchTypeError(`${op}() missing 1 required positional arguments: "size"`);
  return finish(core.full(s, value, likeDtype(x, o).core), o);
}
/** x.new_full(size, fill_value, opts): torch.full in x's dtype unless options give one (not the value's: a bool fills a float x). */
export function newFull(x: Tensor, size: readonly number[], fill_value: number | boolean, o?: CreateOptions): Tensor {
  if (!Array.isArray(size)) throw new TorchTypeError(`new_full(): argument 'size' (position 1) must be tuple of SymInts, not ${pyType(size)}`);
  return filled('new_full', size, fill_value, likeDtype(x, o), o);
}
