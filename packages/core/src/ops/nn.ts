import type { Tensor } from '../tensor.js';
import type { TensorLike } from './define.js';

// ---- To be implemented (issue #2): composites of public ops where possible (they need no rule of their own). ----
const todo = (op: string): never => { throw new Error(`${op}: not implemented yet`); };

export function softmax(x: TensorLike, axis = -1): Tensor { return todo('softmax'); }
export function logSoftmax(x: TensorLike, axis = -1): Tensor { return todo('logSoftmax'); }
/** Per-example cross-entropy of logits against probabilities along `axis` (tf.nn.softmax_cross_entropy_with_logits). */
export function softmaxCrossEntropy(logits: TensorLike, probs: TensorLike, axis = -1): Tensor { return todo('softmaxCrossEntropy'); }
/** Per-example cross-entropy of logits [..., C] against int32 class labels [...] (tf.nn.sparse_softmax_cross_entropy_with_logits). */
export function sparseSoftmaxCrossEntropy(logits: TensorLike, labels: Tensor): Tensor { return todo('sparseSoftmaxCrossEntropy'); }
/** Mean squared error with a reduction: 'mean' (default), 'sum' or 'none'. */
export function mse(a: TensorLike, b: TensorLike, reduction: 'mean' | 'sum' | 'none' = 'mean'): Tensor { return todo('mse'); }
