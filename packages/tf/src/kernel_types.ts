import type * as core from '@twingrad/core';
import { InvalidArgumentError, NotFoundError } from './errors.js';
import { TF_DTYPE_NAME } from './kernel_checks.js';

/**
 * The dtypes TensorFlow's kernels take, as their op defs declare them (the `T` attr), and TF's two refusals of
 * another: the op def's, and the eager executor's when the op def allows a dtype that no CPU kernel is registered for.
 */

/**
 * The dtypes an op's kernel takes (its `T` attr), as tensorflow/core/ops/math_ops.cc declares them: `names` in TF's
 * order (for the message), and `dtypes`, the twingrad dtypes among them.
 */
export interface TypeAttr { names: readonly string[]; dtypes: readonly core.DType[] }
// UNARY_COMPLEX: Sqrt, Rsqrt, Exp, Expm1, Log, Log1p, Sin, Cos, Tanh, Sigmoid
export const FLOAT_OR_COMPLEX: TypeAttr = { names: ['bfloat16', 'half', 'float', 'double', 'complex64', 'complex128'], dtypes: ['float32', 'float64'] };
// UNARY_REAL: Erf; also Atan2 and IsFinite, whose T is the same list
export const REAL_FLOAT: TypeAttr = { names: ['bfloat16', 'half', 'float', 'double'], dtypes: ['float32', 'float64'] };
// UNARY: Reciprocal, Tan (their op defs take int32; their CPU kernels do not, see noKernel)
export const UNARY_TYPES: TypeAttr = {
  names: ['bfloat16', 'half', 'float', 'double', 'int8', 'int16', 'int32', 'int64', 'complex64', 'complex128'],
  dtypes: ['float32', 'float64', 'int32'],
};
// numbertype: the reductions Sum, Mean, Prod, Max, Min
export const NUMBER: TypeAttr = {
  names: ['float', 'double', 'int32', 'uint8', 'int16', 'int8', 'complex64', 'int64', 'qint8', 'quint8', 'qint32', 'bfloat16', 'qint16', 'quint16', 'uint16', 'complex128', 'half', 'uint32', 'uint64'],
  dtypes: ['float32', 'float64', 'int32'],
};
// nn_ops.cc: Elu, Softplus, Softmax, LogSoftmax take T: {half, bfloat16, float, double}
export const NN_FLOAT: TypeAttr = { names: ['half', 'bfloat16', 'float', 'double'], dtypes: ['float32', 'float64'] };
// nn_ops.cc: Relu takes T: {realnumbertype, qint8} (no bool)
export const REAL_NUMBER: TypeAttr = {
  names: ['float', 'double', 'int32', 'uint8', 'int16', 'int8', 'int64', 'bfloat16', 'uint16', 'half', 'uint32', 'uint64', 'qint8'],
  dtypes: ['float32', 'float64', 'int32'],
};
export const FEATURES_SIGNATURE = 'features:T -> activations:T';
export const UNARY_SIGNATURE = 'x:T -> y:T';
export const BOOL_SIGNATURE = 'x:T -> y:bool';
export const REDUCTION_SIGNATURE = 'input:T, reduction_indices:Tidx -> output:T; attr=keep_dims:bool,default=false';
export const REDUCTION_TIDX = '; attr=Tidx:type,default=DT_INT32,allowed=[DT_INT32, DT_INT64]';

/**
 * TF's refusal of a dtype outside the op's `T` attr (op_def_util.cc's ValidateAttrValue, with the op's summary), e.g.
 * `tf.sqrt` of int32: "Value for attr 'T' of int32 is not in the list of allowed values: bfloat16, half, ..." (issue
 * tensorflow/tensorflow#43494 shows the eager text). NOTE: the core would compute these in float; TF has no such kernel.
 */
export function checkKernelType(op: string, x: core.Tensor, attr: TypeAttr, signature: string, tail = ''): void {
  if (attr.dtypes.includes(x.dtype)) return;
  const allowed = attr.names.map((n) => `DT_${n.toUpperCase()}`).join(', ');
  throw new InvalidArgumentError(`Value for attr 'T' of ${TF_DTYPE_NAME[x.dtype]} is not in the list of allowed values: ${attr.names.join(', ')}\n\t; NodeDef: {{node ${op}}}; Op<name=${op}; signature=${signature}; attr=T:type,allowed=[${allowed}]${tail}> [Op:${op}]`, op);
}

/**
 * The eager executor's refusal when the op's `T` attr allows the dtype but no CPU kernel is registered for it
 * (KernelsRegisteredForOp, as issues tensorflow/tensorflow#64224 and #92921 show it for Reciprocal). `cpu` lists the
 * CPU kernels' types as TF prints them (the last registered first); a build with XLA or GPU kernels lists those too.
 */
export function noKernel(op: string, x: core.Tensor, cpu: readonly string[]): never {
  const registered = cpu.map((t) => `\n  device='CPU'; T in [DT_${t.toUpperCase()}]`).join('');
  throw new NotFoundError(`Could not find device for node: {{node ${op}}} = ${op}[T=DT_${TF_DTYPE_NAME[x.dtype].toUpperCase()}]\nAll kernels registered for op ${op}:${registered}\n [Op:${op}]`, op);
}
