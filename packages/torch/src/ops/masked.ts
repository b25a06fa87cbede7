/** torch.masked_fill and Tensor.masked_fill(_): core maskedFill with PyTorch 1.13's argument checks, in its order. */
import { core } from '../core.js';
import { RuntimeError } from '../errors.js';
import { checkedScalar, fromCore } from '../dtype.js';
import { Tensor, wrap as w, type TensorLike } from '../tensor.js';
import { invalidArgs } from './args.js';

const SIGS = ['(Tensor input, Tensor mask, Tensor value)', '(Tensor input, Tensor mask, Number value)'];

/**
 * x with `value` where `mask` is set: the mask broadcasts with x (the result takes both shapes), the value is a number
 * or a 0-d tensor converted to x's dtype. Gradient: x's where the mask is clear (MaskedFillBackward0); a value
 * tensor's, the sum of the gradient where the mask is set (MaskedFillBackward1).
 * @example torch.masked_fill(torch.tensor([1, 2, 3]), torch.tensor([true, false, true]), 0) // tensor([0., 2., 0.])
 */
export function masked_fill(x: Tensor, mask: Tensor, value: TensorLike | boolean): Tensor {
  return w(_maskedFill('masked_fill', false, x, mask, value)(x._t));
}

/**
 * The core call masked_fill (or masked_fill_, `fn`) makes on x's value, its arguments' types checked now (Python's
 * parser). The rest is checked in PyTorch's order: out of place, the mask's shape against x's (expand_outplace), then
 * the value (a 0-d tensor, convertible to x's dtype); in place, by the call itself, which runs after the in-place op's
 * own checks (a leaf that requires grad is refused first), the value's rank, then the shapes, then its conversion.
 */
export function _maskedFill(fn: string, method: boolean, x: Tensor, mask: Tensor, value: TensorLike | boolean): (t: core.Tensor) => core.Tensor {
  if (!(x instanceof Tensor) || !(mask instanceof Tensor) || !(value instanceof Tensor || typeof value === 'number' || typeof value === 'boolean')) {
    const pos = [...(method ? [] : [x]), mask, ...(value === undefined ? [] : [value])];
    throw invalidArgs(fn, method, pos, {}, SIGS);
  }
  const v = value instanceof Tensor ? value._t : Number(value);
  const fill = (t: core.Tensor): core.Tensor => core.maskedFill(t, maskBytes(mask._t, t.size > 0), v);
  if (!fn.endsWith('_')) {
    checkShapes(fn, x._t.shape, mask._t.shape);
    checkValue(x, value);
    return fill;
  }
  return (t) => {
    checkValue(x, value, () => checkShapes(fn, x._t.shape, mask._t.shape));
    return fill(t);
  };
}

/** masked_fill_'s checks of the value: a 0-d tensor (then `between`, the in-place shape check), convertible to x's dtype. */
function checkValue(x: Tensor, value: TensorLike | boolean, between?: () => void): void {
  if (value instanceof Tensor && value._t.rank !== 0) {
    throw new RuntimeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value._t.rank} dimension(s).`);
  }
  between?.();
  checkedScalar(value instanceof Tensor ? value._t.first : Number(value), fromCore(x._t.dtype));
}

/** expand_outplace(mask, x) (size errors name the mask first); in place, x with the mask, and no result larger than x. */
function checkShapes(fn: string, x: readonly number[], mask: readonly number[]): void {
  if (!fn.endsWith('_')) {
    core.broadcastShapes(fn, mask, x);
    return;
  }
  const s = core.broadcastShapes(fn, x, mask);
  if (!core.sameShape(s, x)) throw new RuntimeError(`output with shape [${x.join(', ')}] doesn't match the broadcast shape [${s.join(', ')}]`);
}

/**
 * NOTE: PyTorch 1.13's kernel takes a mask that is not bool without complaint (2.0 added the dtype check) and reads
 * each element's first byte as an unsigned char (IndexKernel.cpp cpu_masked_fill_kernel), refusing any byte but 0 and 1:
 * an int64 mask of 0s and 1s works as the bool one, 256 counts as 0, a float mask's 1.0 (0x3f800000) as 0. The same
 * byte of the core's storage is read here (an int64 is stored as int32, whose first byte on a little-endian machine is
 * the int64's), as a reinterpretation of the mask, not arithmetic.
 */
function maskBytes(mask: core.Tensor, read: boolean): core.Tensor {
  if (mask.dtype === 'bool') return mask;
  const a = mask.data;
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(mask.size);
  for (let i = 0; i < out.length; i++) {
    const b = bytes[i * a.BYTES_PER_ELEMENT]!;
    if (b > 1 && read) throw new RuntimeError('Mask tensor can take 0 and 1 values only');
    out[i] = b;
  }
  return core.reshape(core.fromArray(out, 'bool'), mask.shape);
}
