import * as core from '@twingrad/core';
import { InvalidArgumentError, ValueError, guarded } from './errors.js';
import { expand_dims, squeeze, transpose } from './array_ops.js';
import { checkKernelType, type TypeAttr } from './kernel_types.js';
import { abs } from './math_ops.js';
import { pair } from './op_wrappers.js';
import { pyRepr, pyStr } from './py.js';
import { checkAxes, reduce_max, reduce_sum, type Axis } from './reduction_ops.js';
import { convert, wrap, type Tensor, type TensorInput } from './tensor.js';

/**
 * TensorFlow's linear algebra (linalg_ops.py, math_ops.matmul): `tf.norm`, its vector and matrix norms composed as
 * linalg_ops.norm composes them, and `tf.linalg.matmul`, with their argument and kernel checks.
 */
type In = TensorInput;

/**
 * `tf.norm(tensor, ord='euclidean', axis=None, keepdims=None)`: 'euclidean' and 'fro' are the 2-norm of the entries
 * over the axes; a number p over one axis (or all) is the vector p-norm. Over two axes `[row, col]` (negative allowed,
 * the order matters), ord 1 is the largest column sum of |x| (summed along `row`, the max taken along `col`), ord
 * inf the largest row sum (summed along `col`, the max along `row`), and ord 2 the largest singular value (the two
 * axes moved last, then svd): each composed as linalg_ops.norm composes it, so its gradient is that of its parts.
 * The argument checks are linalg_ops.norm's, in its order: a list of two axes is a matrix norm (two different
 * integers, and 'euclidean', 'fro', 1, 2 or inf); anything else must be None or one integer (a list of none or of
 * three or more is refused), with 'euclidean', 1, 2, inf or a number > 0 (so 'fro' needs two axes: np.isreal('fro')
 * is False).
 * @example
 * tf.norm([[1, -2], [3, 4]], 1, [0, 1]);        // max(|1|+|3|, |-2|+|4|) = 6
 * tf.norm([[1, -2], [3, 4]], Infinity, [0, 1]); // max(|1|+|-2|, |3|+|4|) = 7
 * tf.norm([[3, 0], [4, 5]], 2, [0, 1]);         // the largest singular value, sqrt(45) = 6.7082
 */
export function norm(tensor: In, ord: 'euclidean' | 'fro' | number = 'euclidean', axis: Axis = null, keepdims = false): Tensor {
  return guarded('Norm', () => {
    const matrix = Array.isArray(axis) && axis.length === 2;
    if (matrix) {
      const [a, b] = axis as readonly number[];
      if (!Number.isInteger(a) || !Number.isInteger(b) || a === b) {
        // linalg_ops.norm: f"... got {axis}" after axis = tuple(axis), so str of a tuple: its elements' reprs
        throw new ValueError(`'axis' must be None, an integer, or a tuple of 2 unique integers, got (${pyRepr(a)}, ${pyRepr(b)})`);
      }
      if (!(ord === 'euclidean' || ord === 'fro' || ord === 1 || ord === 2 || ord === Infinity)) {
        throw new ValueError(`'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got ${pyStr(ord)}`);
      }
    } else {
      // NOTE: a list of one integer is taken as that integer. linalg_ops.norm itself refuses it (only None or an
      // int), but TensorFlow.js takes it and the facade has accepted it (the tfjs oracle passes axis=[0]).
      const one = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
      if (!(one === null || one === undefined || (typeof one === 'number' && Number.isInteger(one)))) {
        throw new ValueError(`'axis' must be None, an integer, or a tuple of 2 unique integers, got ${pyStr(axis)}`);
      }
      if (typeof ord === 'number' ? !(ord > 0) : ord !== 'euclidean') throw new ValueError(`'ord' must be a supported vector norm, got ${pyStr(ord)}`);
    }
    const x = convert(tensor);
    if (matrix && ord === 2) return spectralNorm(x, axis as readonly number[], keepdims);
    if (matrix && (ord === 1 || ord === Infinity)) return matrixNorm(x, ord, axis as readonly number[], keepdims);
    // the reductions that compute it check the axes: reduce_max for ord = inf, reduce_sum otherwise
    checkAxes(ord === Infinity ? 'Max' : 'Sum', axis, x.rank);
    return wrap(core.norm(x, typeof ord === 'number' ? ord : 2, axis, keepdims, 'tf'));
  });
}

/**
 * linalg_ops.norm's matrix 1- and inf-norms, from the facade's ops in TF's order (so a bad axis is the error of the
 * reduction that meets it first): |x|, summed along axis[0] for ord 1 (axis[1] for inf) and its max taken along the
 * other, each keeping its dims, then squeezed unless keepdims. The gradient is theirs: sign(x) from Abs, and Max's
 * share among ties.
 */
function matrixNorm(x: core.Tensor, ord: number, axis: readonly number[], keepdims: boolean): Tensor {
  const [row, col] = axis as readonly [number, number];
  const [sumAxis, maxAxis] = ord === 1 ? [row, col] : [col, row];
  const m = reduce_max(reduce_sum(abs(x), sumAxis, true), maxAxis, true);
  return keepdims ? m : squeeze(m, [row, col]);
}

// Svd's T attr (linalg_ops.cc); compute_uv and full_matrices come before it in the op def
const SVD_TYPES: TypeAttr = { names: ['double', 'float', 'half', 'complex64', 'complex128'], dtypes: ['float32', 'float64'] };
const SVD_SIGNATURE = 'input:T -> s:T, u:T, v:T; attr=compute_uv:bool,default=true; attr=full_matrices:bool,default=false';

/**
 * linalg_ops.norm's matrix 2-norm, in its steps: the axes not listed, then axis[0], then axis[1] (transpose, so a bad
 * axis is Transpose's error: its perm has the wrong length), the singular values (Svd with compute_uv=False: the
 * core's svdvals, 'tf' convention), abs, reduce_max over them with keepdims, expand_dims(-1), the inverse transpose,
 * then squeeze(axis) unless keepdims. The gradient is theirs: U diag(g) V^T (_SvdGrad), Abs's sign(s), which is 0 at
 * a zero singular value (so a zero matrix has a zero gradient), and Max's even split among tied largest values.
 * NOTE: an empty matrix has no singular value, and reduce_max of none is -inf.
 */
function spectralNorm(x: core.Tensor, axis: readonly number[], keepdims: boolean): Tensor {
  const r = x.rank;
  const before = core.axesLast(r, axis.map((a) => (a >= 0 ? a : a + r)));
  const permed = transpose(x, before);
  checkKernelType('Svd', permed._t, SVD_TYPES, SVD_SIGNATURE);
  const s = guarded('Svd', () => wrap(core.svdvals(permed._t, 'tf')));
  const m = expand_dims(reduce_max(abs(s), -1, true), -1);
  const back = transpose(m, core.inversePerm(before));
  return keepdims ? back : squeeze(back, axis);
}

/** `tf.linalg.matmul(a, b, transpose_a=False, transpose_b=False)`; operands must share a dtype. */
export function matmul(a: In, b: In, options: { transpose_a?: boolean; transpose_b?: boolean } = {}): Tensor {
  return guarded('MatMul', () => {
    const [x, y] = pair('MatMul', a, b) as [core.Tensor, core.Tensor];
    checkMatrices(x, y);
    return wrap(core.matmulT(x, y, options.transpose_a ?? false, options.transpose_b ?? false));
  });
}

/**
 * tf.matmul takes matrices, not vectors (the core, PyTorch's matmul, would take them): rank <= 2 runs MatMul, whose
 * kernel wants two matrices, anything higher BatchMatMulV2 (tensorflow/core/kernels/matmul_op_impl.h's texts).
 */
function checkMatrices(x: core.Tensor, y: core.Tensor): void {
  const ra = x.rank, rb = y.rank;
  let m: string | null = null;
  if (ra > 2 || rb > 2) {
    if (ra < 2) m = `In[0] ndims must be >= 2: ${ra} [Op:BatchMatMulV2]`;
    else if (rb < 2) m = `In[1] ndims must be >= 2: ${rb} [Op:BatchMatMulV2]`;
  } else if (ra !== rb) m = `In[0] and In[1] has different ndims: [${x.shape.join(',')}] vs. [${y.shape.join(',')}] [Op:MatMul]`;
  else if (ra !== 2) m = `In[0] and In[1] ndims must be == 2: ${ra} [Op:MatMul]`;
  if (m !== null) throw new InvalidArgumentError(m, ra > 2 || rb > 2 ? 'BatchMatMulV2' : 'MatMul');
}
