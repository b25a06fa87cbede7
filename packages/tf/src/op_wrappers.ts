import type * as core from '@twingrad/core';
import { translate } from './errors.js';
import { checkKernelType, UNARY_SIGNATURE, type TypeAttr } from './kernel_types.js';
import { checkPair } from './kernel_checks.js';
import { convert, dtypeHint, operand, wrap, type Tensor, type TensorInput } from './tensor.js';

/**
 * How a core op becomes a TF op of one or two tensors: `un` and `bin` convert the operands as TF does (two tensors
 * must share a dtype), run the core op, and give its errors TF's classes and the op's name; `floatUn` first refuses
 * the dtypes the kernel does not take.
 */
type In = TensorInput;

/** A unary op whose kernel is float-only (TF has no integer Sqrt or Exp). */
export const floatUn = (op: string, attr: TypeAttr, f: (x: core.Tensor) => core.Tensor, signature = UNARY_SIGNATURE) => un(op, (x) => {
  checkKernelType(op, x, attr, signature);
  return f(x);
});

/** Both operands as core values; two tensors of different dtypes are TF's InvalidArgumentError (TF never promotes). */
export function pair(op: string, x: In, y: In): [core.Tensor | number, core.Tensor | number] {
  const a = operand(x, dtypeHint(y));
  const b = operand(y, typeof a === 'number' ? undefined : a.dtype);
  checkPair(op, a, b);
  return [a, b];
}

// NOTE: `guarded`, inlined in the elementwise ops: its closure per call shows in scalar code (the notebook's).
export const un = (op: string, f: (x: core.Tensor) => core.Tensor) => (x: In): Tensor => {
  try {
    return wrap(f(convert(x)));
  } catch (e) {
    throw translate(e, op);
  }
};

export const bin = (op: string, f: (x: core.Tensor | number, y: core.Tensor | number) => core.Tensor) => (x: In, y: In): Tensor => {
  try {
    // NOTE: `pair`, inlined too: its tuple shows as well.
    const a = operand(x, dtypeHint(y));
    const b = operand(y, typeof a === 'number' ? undefined : a.dtype);
    checkPair(op, a, b);
    return wrap(f(a, b));
  } catch (e) {
    throw translate(e, op);
  }
};
