import type { Tensor } from '../tensor.js';
import type { TensorLike } from './define.js';

// ---- To be implemented (issue #2). ----
const todo = (op: string): never => { throw new Error(`${op}: not implemented yet`); };

/** NumPy's matmul: 1-d operands promoted and squeezed back, batch dims broadcast, a cache-blocked kernel. */
export function matmul(a: TensorLike, b: TensorLike): Tensor { return todo('matmul'); }
