/** torch.softmax and torch.log_softmax, with their dtype argument and PyTorch's refusal of non-float inputs. */
import { core } from '../core.js';
import { RuntimeError } from '../errors.js';
import { Tensor, wrap as w } from '../tensor.js';
import type { DType } from '../dtype.js';
import { dtypeArg, intArg, kw, namedNone } from './args.js';
import { to } from './shape.js';

export interface SoftmaxOptions { dim?: number | null; dtype?: DType | null }
/** softmax's (dim, dtype) from positional arguments or { dim, dtype }; with a dtype, the input is cast to it first, as PyTorch does. */
function softmaxArgs(fn: string, x: Tensor, dim?: number | null | SoftmaxOptions, dtype?: DType | null | SoftmaxOptions): [core.Tensor, number] {
  const o = kw<SoftmaxOptions>(dim) ?? { dim: dim as number | null | undefined, ...dtypeArg(dtype) };
  if (o.dim === null) throw namedNone();
  const d = intArg(fn, 'dim', o.dim);
  return [o.dtype == null ? x._t : to(x, o.dtype)._t, d];
}
/** softmax(x, dim, dtype?), softmax(x, dim, { dtype }) or softmax(x, { dim, dtype }). */
export function softmax(x: Tensor, dim?: number | SoftmaxOptions, dtype?: DType | null | SoftmaxOptions): Tensor {
  const [t, d] = softmaxArgs('softmax', x, dim, dtype);
  return floatSoftmax('softmax', t, d) ?? w(core.softmax(t, d));
}
export function log_softmax(x: Tensor, dim?: number | SoftmaxOptions, dtype?: DType | null | SoftmaxOptions): Tensor {
  const [t, d] = softmaxArgs('log_softmax', x, dim, dtype);
  return floatSoftmax('log_softmax', t, d) ?? w(core.logSoftmax(t, d));
}

/**
 * SoftMax.cpp on a non-float input: the dim is wrapped first, an empty input is returned as it is (no kernel runs),
 * else the kernel's dispatch refuses the dtype, named for the last-dim kernel or the general one. Null: a float input.
 */
function floatSoftmax(fn: string, t: core.Tensor, d: number): Tensor | null {
  if (core.isFloat(t.dtype)) return null;
  const a = core.normAxis(fn, d, t.rank), r = Math.max(1, t.rank);
  if (t.size === 0) return w(core.clone(t));
  const kernel = a === r - 1 ? `${fn}_lastdim_kernel_impl` : 'softmax_kernel_impl';
  throw new RuntimeError(`"${kernel}" not implemented for '${t.dtype === 'bool' ? 'Bool' : 'Long'}'`);
}
