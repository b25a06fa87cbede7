import { Tensor } from '../tensor.js';
import { fail, fmtShape } from '../errors.js';
import { broadcastShapes, checkShape, sameShape, type Shape } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec } from '../autograd/node.js';
import { expandInto } from '../kernels/expand.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { sum } from './reduce.js';
import { reshape } from './shape.js';

// d broadcast_to(x) = g summed back to x's shape
const EXPAND: GradSpec = { name: 'ExpandBackward0', saves: [], vjp: ({ g, x }) => [sumTo(g, x.shape)] };

/**
 * Broadcasts `x` to `shape` (NumPy's broadcast_to, PyTorch's expand); the result is a copy. A one-element `x` gives a
 * tensor that stores its number once (`Tensor.filled`): a reduction's gradient is one, and the op that takes it next
 * reads it with stride 0, where PyTorch's expand gives a stride-0 view. To x's own shape, the result is a recorded
 * view of x: PyTorch's expand always returns a new view with ExpandBackward0 (TensorShape.cpp `expand` has no
 * same-size shortcut), and TensorFlow's BroadcastTo gives a new tensor too.
 */
export function broadcastTo(xv: TensorLike, shape: Shape): Tensor {
  const x = asTensor('broadcast_to', xv);
  // A negative or fractional size would otherwise reach the Tensor constructor (a RangeError).
  checkShape('broadcast_to', shape);
  if (sameShape(x.shape, shape)) return record(EXPAND, [x], x.view([...shape]), undefined);
  const target = broadcastShapes('broadcast_to', x.shape, shape);
  if (!sameShape(target, shape)) {
    fail('shape', `broadcast_to: shape ${fmtShape(x.shape)} cannot be broadcast to ${fmtShape(shape)}`);
  }
  let out: Tensor;
  if (x.size === 1) out = Tensor.filled([...shape], x.dtype, x.first);
  else {
    out = new Tensor([...shape], x.dtype);
    expandInto(x.data, x.shape, out.data, shape);
  }
  return record(EXPAND, [x], out, undefined);
}
registerOp('broadcast_to', 'shape', true, (x: Tensor) => broadcastTo(x, [2, ...x.shape]), { cases: [
  { shapes: [[3]], call: (x) => broadcastTo(x, [2, 3]) }, { shapes: [[2, 1]], call: (x) => broadcastTo(x, [4, 2, 3]) },
] });

/** Sums `g` down to `shape`: the reverse of broadcasting, used once by the engine for every binary rule. */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  // PyTorch's sum_to: a 0-d target is the plain sum (SumBackward0 when recorded), not a kept-dims sum reshaped
  if (shape.length === 0) return sum(g);
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let d = 0; d < g.rank; d++) {
    if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) axes.push(d);
  }
  const s = axes.length > 0 ? sum(g, axes, true) : g;
  return sameShape(s.shape, shape) ? s : reshape(s, shape);
}
