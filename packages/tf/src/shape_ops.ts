import * as core from '@twingrad/core';
import { InvalidArgumentError, ValueError, guarded } from './errors.js';
import { debugShape, invalid } from './kernel_checks.js';
import { convert, wrap, type Tensor, type TensorInput } from './tensor.js';

/**
 * TensorFlow's shape ops beside array_ops.ts's: `tf.pad` (Pad, PadV2 and MirrorPad, with their kernels' checks),
 * and `tf.size` and `tf.rank`.
 */
type In = TensorInput;

/** `tf.pad(tensor, paddings, mode='CONSTANT', constant_values=0)`: CONSTANT (Pad, PadV2), REFLECT and SYMMETRIC (MirrorPad). */
export function pad(tensor: In, paddings: readonly (readonly [number, number])[], mode = 'CONSTANT', constant_values = 0): Tensor {
  const m = mode.toUpperCase();
  if (m === 'CONSTANT') {
    // array_ops.pad runs Pad for a constant value of 0 (a number, not a tensor), PadV2 otherwise
    const op = typeof constant_values === 'number' && constant_values === 0 ? 'Pad' : 'PadV2';
    return guarded(op, () => {
      const x = convert(tensor);
      // pad_op.cc's checks (one kernel for both ops)
      checkPaddings(op, paddings, x, ' ');
      for (const [b, a] of paddings) if (b < 0 || a < 0) throw invalid(op, `Paddings must be non-negative: ${b} ${a}`);
      return wrap(core.pad(x, paddings, constant_values));
    });
  }
  if (m !== 'REFLECT' && m !== 'SYMMETRIC') {
    throw new ValueError(`Value of argument \`mode\` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". Received \`mode\` = ${mode}`);
  }
  return guarded('MirrorPad', () => {
    const x = convert(tensor);
    // mirror_pad_op.cc's checks, in its order: the paddings' shape, then per dimension non-negative and within the
    // size (REFLECT repeats no edge entry, so it can add fewer than the dimension's size)
    checkPaddings('MirrorPad', paddings, x, ', ');
    paddings.forEach(([b, a], d) => {
      const n = x.shape[d]!;
      if (b < 0 || a < 0) throw invalid('MirrorPad', `paddings must be non-negative: ${b} ${a}`);
      if (m === 'REFLECT' && (b >= n || a >= n)) throw new InvalidArgumentError(`paddings must be less than the dimension size: ${b}, ${a} not less than ${n} [Op:MirrorPad]`, 'MirrorPad');
      if (m === 'SYMMETRIC' && (b > n || a > n)) throw new InvalidArgumentError(`paddings must be no greater than the dimension size: ${b}, ${a} greater than ${n} [Op:MirrorPad]`, 'MirrorPad');
    });
    return wrap(core.padWith(x, paddings, m === 'REFLECT' ? 'reflect' : 'symmetric'));
  });
}

/**
 * The kernels' first checks on `paddings`, which TF converts to a tensor (a nested list of another shape converts,
 * a ragged one fails in the conversion): a matrix with 2 columns, then one row per dimension of the input. The
 * kernels print the shapes with DebugString: `tf.pad(tf.constant(1), [])` is "paddings must be a matrix with 2
 * columns: [0]" ([] converts to shape [0]), `[[1]]` beside a vector "... : [1,1]". Pad separates the two shapes of the
 * second message with ' ', MirrorPad with ', '.
 */
function checkPaddings(op: string, paddings: unknown, x: core.Tensor, sep: string): void {
  const shape = convert(paddings).shape;
  if (shape.length !== 2 || shape[1] !== 2) throw invalid(op, `paddings must be a matrix with 2 columns: ${debugShape(shape)}`);
  if (shape[0] !== x.rank) throw invalid(op, `The first dimension of paddings must be the rank of inputs${debugShape(shape)}${sep}${debugShape(x.shape)}`);
}
/** `tf.size(input)` and `tf.rank(input)` as int32 scalars. */
export const size = (input: In): Tensor => guarded('Size', () => wrap(core.scalar(convert(input).size, 'int32')));
export const rank = (input: In): Tensor => guarded('Rank', () => wrap(core.scalar(convert(input).rank, 'int32')));
