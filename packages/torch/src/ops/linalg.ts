/** torch.* linear algebra: matmul and its checked forms mm, bmm, dot and mv. */
import { core } from '../core.js';
import { RuntimeError, scalarType } from '../errors.js';
import { Tensor, wrap as w } from '../tensor.js';

/**
 * matmul(a, b). Two vectors take dot's path, whose dtype check comes first and has its own text (Blas.cpp dot_check);
 * PyTorch 1.13 computes a vector or matrix times a batch as (b^T a^T)^T (should_fold on b), so that dtype error names
 * b's dtype as the expected one.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.dim() === 1 && b.dim() === 1 && a._t.dtype !== b._t.dtype) {
    throw new RuntimeError(`dot : expected both vectors to have same dtype, but found ${scalarType(a.dtype.core)} and ${scalarType(b.dtype.core)}`);
  }
  try {
    return w(core.matmul(a._t, b._t));
  } catch (e) {
    if (a.dim() <= 2 && b.dim() >= 3 && e instanceof RuntimeError && e.message.startsWith('expected scalar type ')) {
      throw new RuntimeError(`expected scalar type ${scalarType(b.dtype.core)} but found ${scalarType(a.dtype.core)}`);
    }
    throw e;
  }
}
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 2) throw new RuntimeError('self must be a matrix');
  if (b.dim() !== 2) throw new RuntimeError('mat2 must be a matrix');
  return matmul(a, b);
}
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 3) throw new RuntimeError('batch1 must be a 3D tensor');
  if (b.dim() !== 3) throw new RuntimeError('batch2 must be a 3D tensor');
  return matmul(a, b);
}
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 1 || b.dim() !== 1) throw new RuntimeError(`1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  return matmul(a, b);
}
export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.dim() !== 2 || v.dim() !== 1) throw new RuntimeError(`vector + matrix @ vector expected, got 1, ${a.dim()}, ${v.dim()}`);
  return matmul(a, v);
}
