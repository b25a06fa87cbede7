import { Tensor } from '../tensor.js';
import { fail, fmtShape } from '../errors.js';
import { normAxes } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec } from '../autograd/node.js';
import { flipInto, tileInto } from '../kernels/arrange.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { sum } from './reduce.js';
import { reshape } from './shape.js';

// d flip(x, axes) = flip(g, axes)
const FLIP: GradSpec<number[]> = { name: 'FlipBackward0', saves: [], vjp: ({ g, attrs }) => [flip(g, attrs)] };

/**
 * Reverses the order of the entries along each of `axes` (negative ones count from the end; a repeated axis is an
 * error): PyTorch's flip, TensorFlow's reverse. A new tensor, as in both (none of them a view). A 0-d tensor takes the
 * axes 0 and -1 and is copied.
 * @example flip(fromArray([[1, 2], [3, 4]]), [-1]).data // [2, 1, 4, 3]
 */
export function flip(xv: TensorLike, axes: number | readonly number[]): Tensor {
  const x = asTensor('flip', xv);
  const list = normAxes('flip', axes, x.rank);
  const out = new Tensor(x.shape, x.dtype);
  flipInto(x.data, x.shape, x.shape.map((_, d) => list.includes(d)), out.data);
  return record(FLIP, [x], out, list);
}
registerOp('flip', 'shape', true, (x: Tensor) => flip(x, x.rank === 0 ? [] : [0]), { cases: [
  { shapes: [[5]], call: (x) => flip(x, 0) }, { shapes: [[2, 3, 4]], call: (x) => flip(x, [0, -1]) },
  { shapes: [[2, 3, 4]], call: (x) => flip(x, [1, 2]) }, { shapes: [[3, 0]], call: (x) => flip(x, [0]) },
  { shapes: [[]], call: (x) => flip(x, [-1]) }, { shapes: [[2, 3]], call: (x) => flip(x, []) },
] });

// d tile(x, reps) = g seen as [r0, n0, r1, n1, ...] (only [r] for an axis tile added), summed over the r axes
const TILE: GradSpec<number[]> = { name: 'RepeatBackward0', saves: [], vjp: ({ g, x, attrs }) => [untile(g, x.shape, attrs)] };

/**
 * The sum of g's tiles, in one reshape and one sum as PyTorch's repeat_backward does, so that its last op is the sum
 * (SumBackward1), and g itself where every rep is 1 and no axis was added (PyTorch's too).
 */
function untile(g: Tensor, shape: readonly number[], reps: readonly number[]): Tensor {
  const lead = reps.length - shape.length;
  if (lead === 0 && reps.every((k) => k === 1)) return g;
  const tiles = [...reps.slice(0, lead), ...shape.flatMap((n, d) => [reps[lead + d]!, n])];
  const axes = [...reps.slice(0, lead).map((_, d) => d), ...shape.map((_, d) => lead + 2 * d)];
  return sum(reshape(g, tiles), axes);
}

/**
 * Repeats x `reps[d]` times along each axis d (PyTorch's repeat, NumPy's and TensorFlow's tile). Reps longer than x's
 * rank add axes in front, as all of them do; shorter reps are padded with ones in front, as NumPy's and PyTorch's tile
 * do (PyTorch's repeat and TensorFlow's tile refuse them: their facades check). Recorded as RepeatBackward0, the node
 * PyTorch's repeat and tile record.
 * @example tile(fromArray([1, 2]), [2, 2]).shape // [2, 4]
 */
export function tile(xv: TensorLike, reps: readonly number[]): Tensor {
  const x = asTensor('tile', xv);
  if (!Array.isArray(reps)) fail('type', `tile: reps must be a list of integers, got ${typeof reps}`);
  const given = [...new Array<number>(Math.max(x.rank - reps.length, 0)).fill(1), ...reps];
  const shape = [...new Array<number>(given.length - x.rank).fill(1), ...x.shape];
  // PyTorch refuses only a negative result size: a negative rep of an empty axis gives an empty axis
  if (!given.every((k, d) => Number.isInteger(k) && k * shape[d]! >= 0)) fail('value', `tile: reps must be non-negative integers, got ${fmtShape(reps)}`);
  const full = given.map((k, d) => (shape[d] === 0 ? Math.max(k, 0) : k));
  const out = new Tensor(shape.map((n, d) => n * full[d]!), x.dtype);
  tileInto(x.data, shape, full, out.data);
  return record(TILE, [x], out, full);
}
registerOp('tile', 'shape', true, (x: Tensor) => tile(x, [2]), { cases: [
  { shapes: [[3]], call: (x) => tile(x, [3]) }, { shapes: [[2, 3]], call: (x) => tile(x, [2, 1, 2]) },
  { shapes: [[2, 1, 3]], call: (x) => tile(x, [2]) }, { shapes: [[2, 3]], call: (x) => tile(x, [0, 2]) },
  { shapes: [[]], call: (x) => tile(x, [3, 2]) }, { shapes: [[0, 2]], call: (x) => tile(x, [2, 2]) },
] });
