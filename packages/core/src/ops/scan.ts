import { Tensor } from '../tensor.js';
import type { TypedArray } from '../dtype.js';
import { normAxis } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec } from '../autograd/node.js';
import { asTensor, registerOp, type TensorLike } from './define.js';

interface ScanAttrs { axis: number; exclusive: boolean; reverse: boolean }

// d cumsum(x) = the cumulative sum of g taken the other way along the axis (exclusive stays exclusive)
const CUMSUM: GradSpec<ScanAttrs> = {
  name: 'CumsumBackward0', saves: [],
  vjp: ({ g, attrs }) => [cumsum(g, attrs.axis, attrs.exclusive, !attrs.reverse)],
};

/**
 * Cumulative sum along `axis` (PyTorch's cumsum; TensorFlow's cumsum with `exclusive`: each sum leaves its own
 * element out, and `reverse`: summed from the end). Bool gives int32, as `sum` does; other dtypes stay.
 * @example cumsum(fromArray([1, 2, 3]), 0).data // [1, 3, 6]
 */
export function cumsum(xv: TensorLike, axis: number, exclusive = false, reverse = false): Tensor {
  const x = asTensor('cumsum', xv);
  const a = normAxis('cumsum', axis, Math.max(1, x.rank));
  const n = x.rank === 0 ? 1 : x.shape[a]!;
  const inner = x.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const out = new Tensor(x.shape, x.dtype === 'bool' ? 'int32' : x.dtype);
  // NOTE: PyTorch's cumsum of a 0-d tensor is a copy (cumsum(-0.) is -0.), while a run of one adds to +0 (cumsum([-0.]) is [0.])
  if (x.rank === 0 && !exclusive) out.data.set(x.data);
  else scanInto(x.data, out.data, x.size / Math.max(1, n * inner) || 0, n, inner, exclusive, reverse);
  return record(CUMSUM, [x], out, { axis: a, exclusive, reverse });
}
registerOp('cumsum', 'reduce', true, (x: Tensor) => cumsum(x, -1), { cases: [
  { shapes: [[2, 3]], call: (x) => cumsum(x, 1) }, { shapes: [[3, 2]], call: (x) => cumsum(x, 0, true), label: 'exclusive' },
  { shapes: [[2, 3, 2]], call: (x) => cumsum(x, 1, false, true), label: 'reverse' }, { shapes: [[4]], call: (x) => cumsum(x, 0, true, true) },
] });

/** The scan over [outer, n, inner]: a running float64 sum per (outer, inner) line, stored after (or, exclusive, before) each element. */
function scanInto(x: TypedArray, o: TypedArray, outer: number, n: number, inner: number, exclusive: boolean, reverse: boolean): void {
  for (let b = 0; b < outer; b++) {
    for (let j = 0; j < inner; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) {
        const i = b * n * inner + (reverse ? n - 1 - k : k) * inner + j;
        const v = x[i]!;
        if (exclusive) { o[i] = acc; acc += v; } else { acc += v; o[i] = acc; }
      }
    }
  }
}
