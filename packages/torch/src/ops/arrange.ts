/**
 * torch.flip, torch.tile and Tensor.repeat over core flip and tile: PyTorch's argument forms (a list, or varargs for
 * the methods) and its errors. All three return new tensors in PyTorch too (no views).
 */
import { core } from '../core.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import { wrap as w, type Tensor } from '../tensor.js';
import { pyType } from '../py_type.js';
import { listKeyword } from './args.js';

type IntList = Array<number | readonly number[] | Record<string, readonly number[]>>;

/**
 * An int-list argument as python_arg_parser reads it: `given` is the method's varargs (`packed`), or the function's
 * one argument in a one-element array. A lone int is a list of one for the methods alone; a list or tuple whose first
 * entry is no int is refused as a whole ("not list"), a later bad entry by its position.
 */
function intList(fn: string, name: string, of: 'ints' | 'SymInts', args: IntList, packed: boolean): number[] {
  const given = listKeyword(args, name);
  const position = packed ? 1 : 2;
  if (given.length === 0 || given[0] === undefined) throw new TorchTypeError(`${fn}() missing 1 required positional arguments: "${name}"`);
  const single = given.length === 1 ? given[0] : undefined;
  const whole = (v: unknown): TorchTypeError => new TorchTypeError(`${fn}(): argument '${name}' (position ${position}) must be tuple of ${of}, not ${pyType(v)}`);
  let list: readonly unknown[];
  if (Array.isArray(single)) {
    if (single.length > 0 && !Number.isInteger(single[0])) throw whole(single);
    list = single;
  } else {
    if (!Number.isInteger(given[0]) || (!packed && given.length === 1)) throw whole(given[0]);
    list = given;
  }
  const bad = list.findIndex((v) => !Number.isInteger(v));
  if (bad >= 0) throw new TorchTypeError(`${fn}(): argument '${name}' must be tuple of ${of}, but found element of type ${pyType(list[bad])} at pos ${bad + 1}`);
  return list as number[];
}

/** torch.flip(x, dims): dims a list (a repeated dim is PyTorch's "dim 0 appears multiple times in the list of dims"). */
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  return _flip(x, [dims], false);
}
/** Tensor.flip(*dims) and torch.flip(x, dims): `packed` for the method's varargs. */
export function _flip(x: Tensor, dims: IntList, packed: boolean): Tensor {
  return w(core.flip(x._t, intList('flip', 'dims', 'ints', dims, packed)));
}

/**
 * torch.tile(x, dims): dims shorter than x's rank are padded with ones in front (TensorShape.cpp `tile`), then it is
 * x.repeat(dims): RepeatBackward0.
 */
export function tile(x: Tensor, dims: readonly number[]): Tensor {
  return _tile(x, [dims], false);
}
export function _tile(x: Tensor, dims: IntList, packed: boolean): Tensor {
  const reps = intList('tile', 'dims', 'ints', dims, packed);
  return repeated(x, [...new Array<number>(Math.max(x.dim() - reps.length, 0)).fill(1), ...reps]);
}

/** Tensor.repeat(*sizes): at least one size per dim of x (new dims go in front). */
export function _repeat(x: Tensor, sizes: IntList): Tensor {
  const reps = intList('repeat', 'repeats', 'SymInts', sizes, true);
  if (reps.length < x.dim()) throw new RuntimeError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  return repeated(x, reps);
}

/** TensorShape.cpp `repeat`: the result's sizes are checked as a new tensor's ("Trying to create tensor with negative dimension"). */
function repeated(x: Tensor, reps: readonly number[]): Tensor {
  const shape = [...new Array<number>(reps.length - x.dim()).fill(1), ...x._t.shape].map((n, d) => n * reps[d]!);
  const neg = shape.find((n) => n < 0);
  if (neg !== undefined) throw new RuntimeError(`Trying to create tensor with negative dimension ${neg}: [${shape.join(', ')}]`);
  return w(core.tile(x._t, reps));
}
