import { Tensor } from '../tensor.js';
import { isFloat } from '../dtype.js';
import { record } from '../autograd/record.js';
import { unrecorded } from '../autograd/mode.js';
import type { GradSpec } from '../autograd/node.js';
import { registerOp, type TensorLike } from './define.js';
import { full } from '../creation.js';
import { where } from './compare.js';
import { cast } from './shape.js';

// The ops that overwrite every element of a tensor (PyTorch's fill_, zero_, copy_): their results for the in-place
// forms, with PyTorch's nodes, which save nothing (a second backward through them is no error).

// d fill(x) = 0: every element is overwritten (a number value takes no gradient)
const FILL: GradSpec = { name: 'FillBackward2', saves: [], vjp: ({ g }) => [Tensor.filled(g.shape, g.dtype, 0)] };
const ZERO: GradSpec = { ...FILL, name: 'ZeroBackward0' };

/** A tensor like `x` with every element `value`, stored in x's dtype (2.5 in an int32 tensor is 2, a nonzero number in a bool one is 1). */
export function fill(x: Tensor, value: number, zero = false): Tensor {
  return record(zero ? ZERO : FILL, [x], Tensor.filled(x.shape, x.dtype, value), undefined);
}
registerOp('fill', 'other', true, (x: Tensor) => fill(x, 1.5), { cases: [{ shapes: [[2, 3]], call: (x) => fill(x, -2) }] });

// d copy(x, src) = (0, g summed to src's shape in src's dtype): x is overwritten by src broadcast to its shape
const COPY: GradSpec = {
  name: 'CopyBackwards', saves: [], unbroadcast: true,
  vjp: ({ g, y: src, needs }) => [Tensor.filled(g.shape, g.dtype, 0), needs[1] ? (g.dtype === src.dtype ? g : cast(g, src.dtype)) : null],
};

/**
 * `src` broadcast to x's shape, in x's dtype where that is an integer or bool one (cast as PyTorch's copy_ casts; a
 * float x keeps src's float dtype, which the in-place write rounds), recorded as PyTorch's CopyBackwards.
 */
export function copyFrom(x: Tensor, src: TensorLike): Tensor {
  // the values (and the broadcast's errors) as where() gives them, unrecorded; the node is copy's own
  const values = unrecorded(() => {
    const v = where(full(x.shape, 1, 'bool'), src, x);
    return v.dtype === x.dtype || isFloat(x.dtype) ? v : cast(v, x.dtype);
  });
  return src instanceof Tensor ? record(COPY, [x, src], values, undefined) : record(FILL, [x], values, undefined);
}
registerOp('copy', 'other', true, (x: Tensor) => copyFrom(x, 2), { cases: [
  { shapes: [[2, 3], [3]], call: (x, s) => copyFrom(x, s!) }, { shapes: [[2, 2], [2, 2]], call: (x, s) => copyFrom(x, s!) },
] });
