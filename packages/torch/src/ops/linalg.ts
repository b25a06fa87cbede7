/** torch.* linear algebra: matmul and its checked forms mm, bmm, dot and mv. */
import { core } from '../core.js';
import { matmulMismatch, RuntimeError, scalarType } from '../errors.js';
import { keyword, tensorArg } from './args.js';
import { Tensor, wrap as w } from '../tensor.js';

/**
 * matmul(a, b). Two vectors take dot's path, whose dtype check comes first and has its own text (Blas.cpp dot_check);
 * PyTorch 1.13 computes a vector or matrix times a batch as (b^T a^T)^T (should_fold on b), so that dtype error names
 * b's dtype as the expected one.
 */
export function matmul(a: Tensor, b: Tensor | { other: Tensor }): Tensor {
  return checkedProduct(tensorArg('matmul', 'input', a), tensorArg('matmul', 'other', keyword(b, 'other'), 2), core.matmul);
}
/** matmul's checks and error texts around `product` (core.matmul, or core.bmm for torch.bmm's own node). */
function checkedProduct(a: Tensor, b: Tensor, product: (a: core.Tensor, b: core.Tensor) => core.Tensor): Tensor {
  if (a.dim() === 1 && b.dim() === 1 && a._t.dtype !== b._t.dtype) {
    throw new RuntimeError(`dot : expected both vectors to have same dtype, but found ${scalarType(a.dtype.core)} and ${scalarType(b.dtype.core)}`);
  }
  if (a.dim() === 1 && b.dim() === 1 && a._t.dtype === 'bool') {
    // dot checks the sizes before its kernel refuses Bool; the core refuses bool before the sizes
    throw new RuntimeError(a.shape[0] === b.shape[0] ? `"dot" not implemented for 'Bool'` : matmulMismatch([a.shape[0]!], [b.shape[0]!])!);
  }
  try {
    return w(product(a._t, b._t));
  } catch (e) {
    if (e instanceof RuntimeError && e.message.endsWith('operands, got bool')) throw new RuntimeError(boolMatmul(a, b));
    if (a.dim() <= 2 && b.dim() >= 3 && e instanceof RuntimeError && e.message.startsWith('expected scalar type ')) {
      throw new RuntimeError(`expected scalar type ${scalarType(b.dtype.core)} but found ${scalarType(a.dtype.core)}`);
    }
    throw e;
  }
}
/**
 * matmul's error for a bool operand (the sizes fit), as PyTorch 1.13 words it: the kernel matmul reaches (addmv for a
 * matrix or folded batch times a vector, bmm for two batches, else addmm) refuses Bool when its first operand is bool,
 * b for a vector or matrix times a batch (folded as (b^T a^T)^T); else it finds the first operand's dtype expected.
 */
function boolMatmul(a: Tensor, b: Tensor): string {
  const [p, q] = a.dim() <= 2 && b.dim() >= 3 ? [b, a] : [a, b];
  const kernel = q.dim() === 1 ? 'addmv_impl_cpu' : p.dim() >= 3 && q.dim() >= 3 ? 'bmm' : 'addmm_impl_cpu_';
  return p._t.dtype === 'bool' ? `"${kernel}" not implemented for 'Bool'` : `expected scalar type ${scalarType(p.dtype.core)} but found Bool`;
}
export function mm(a: Tensor, b: Tensor): Tensor {
  tensorArg('mm', 'input', a);
  tensorArg('mm', 'mat2', b, 2);
  if (a.dim() !== 2) throw new RuntimeError('self must be a matrix');
  if (b.dim() !== 2) throw new RuntimeError('mat2 must be a matrix');
  return matmul(a, b);
}
export function bmm(a: Tensor, b: Tensor): Tensor {
  tensorArg('bmm', 'input', a);
  tensorArg('bmm', 'mat2', b, 2);
  if (a.dim() !== 3) throw new RuntimeError('batch1 must be a 3D tensor');
  if (b.dim() !== 3) throw new RuntimeError('batch2 must be a 3D tensor');
  // bmm does not broadcast: its meta function checks batch2's first two sizes against batch1's before the dtypes
  const [bs, , k] = a._t.shape, [b0, b1] = b._t.shape;
  if (b0 !== bs || b1 !== k) throw new RuntimeError(`Expected size for first two dimensions of batch2 tensor to be: [${bs}, ${k}] but got: [${b0}, ${b1}].`);
  return checkedProduct(a, b, core.bmm);
}
export function dot(a: Tensor, b: Tensor): Tensor {
  tensorArg('dot', 'input', a);
  tensorArg('dot', 'tensor', b, 2);
  if (a.dim() !== 1 || b.dim() !== 1) throw new RuntimeError(`1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  return matmul(a, b);
}
export function mv(a: Tensor, v: Tensor): Tensor {
  tensorArg('mv', 'input', a);
  tensorArg('mv', 'vec', v, 2);
  if (a.dim() !== 2 || v.dim() !== 1) throw new RuntimeError(`vector + matrix @ vector expected, got 1, ${a.dim()}, ${v.dim()}`);
  return matmul(a, v);
}
