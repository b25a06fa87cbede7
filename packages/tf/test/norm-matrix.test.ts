import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { grad } from './grad.js';
import { thrown } from './thrown.js';

// tf.norm's matrix 1- and inf-norms, as linalg_ops.py's norm computes them: ord 1 is abs, reduce_sum along axis[0]
// (keepdims), reduce_max along axis[1] (keepdims); ord inf is abs, reduce_sum along axis[1], reduce_max along
// axis[0]; then squeeze(axis) unless keepdims. Values marked "tfjs" were computed with TensorFlow.js 4.22.0
// (benchmarks/node_modules/@tensorflow/tfjs, tf.norm and tf.grad); tfjs assumes axis[0] < axis[1] (non-negative),
// so the swapped and negative axes are computed by hand, the arithmetic beside them.

const vals = (t: tf.Tensor): number[] => Array.from(t._t.data);
const shape = (t: tf.Tensor): number[] => t.shape.as_list() as number[];

/** d(sum f(x))/dx by central differences, in float64. */
function numericGrad(f: (x: tf.Tensor) => tf.Tensor, x: number[], dims: number[], h = 1e-6): number[] {
  const total = (v: number[]) => vals(tf.reduce_sum(f(tf.constant(v, 'float64', dims))))[0]!;
  return x.map((_, i) => {
    const up = x.slice(), down = x.slice();
    up[i]! += h;
    down[i]! -= h;
    return (total(up) - total(down)) / (2 * h);
  });
}

// |A| = [[1, 2, 3], [4, 5, 6]]: column sums 5, 7, 9; row sums 6, 15
const A = () => tf.constant([[1, -2, 3], [-4, 5, -6]]);
// B[0] = A; |B[1]| = [[0.5, 7, 1], [2, 3, 0.25]]: column sums 2.5, 10, 1.25; row sums 8.5, 5.25
const B_DATA = [[[1, -2, 3], [-4, 5, -6]], [[0.5, 7, -1], [2, -3, 0.25]]];
const B = () => tf.constant(B_DATA);

describe('tf.norm: matrix 1- and inf-norms of a 2-D tensor', () => {
  it('ord 1 is the largest column sum of |x|, ord inf the largest row sum', () => {
    // tfjs: 9 and 15 (max(5, 7, 9) = 9; max(6, 15) = 15)
    const one = tf.norm(A(), 1, [0, 1]), inf = tf.norm(A(), Infinity, [0, 1]);
    expect([vals(one), shape(one), one.dtype]).toEqual([[9], [], tf.float32]);
    expect([vals(inf), shape(inf)]).toEqual([[15], []]);
  });

  it('the order of the axes matters: [1, 0] takes rows for columns', () => {
    // by hand: ord 1 sums along axis 1 (row sums 6, 15) and takes the max along axis 0: 15;
    // inf sums along axis 0 (column sums 5, 7, 9) and takes the max along axis 1: 9
    expect(vals(tf.norm(A(), 1, [1, 0]))).toEqual([15]);
    expect(vals(tf.norm(A(), Infinity, [1, 0]))).toEqual([9]);
    // -2, -1 are 0, 1 of a 2-D tensor; -1, -2 are 1, 0
    expect(vals(tf.norm(A(), 1, [-2, -1]))).toEqual([9]);
    expect(vals(tf.norm(A(), 1, [-1, -2]))).toEqual([15]);
    expect(vals(tf.norm(A(), Infinity, [-1, -2]))).toEqual([9]);
  });

  it('keepdims keeps both axes with size 1', () => {
    // tfjs: shape [1, 1], 9 and 15
    const one = tf.norm(A(), 1, [0, 1], true), inf = tf.norm(A(), Infinity, [1, 0], true);
    expect([vals(one), shape(one)]).toEqual([[9], [1, 1]]);
    // by hand: [1, 0] with inf sums along axis 0, the max along axis 1: max(5, 7, 9) = 9
    expect([vals(inf), shape(inf)]).toEqual([[9], [1, 1]]);
  });

  it('an int32 matrix gives an int32 norm (Abs, Sum and Max all have int32 kernels)', () => {
    // by hand: |[[1, -2], [3, 4]]| column sums 4, 6 -> 6; row sums 3, 7 -> 7
    const x = tf.constant([[1, -2], [3, 4]], 'int32');
    const one = tf.norm(x, 1, [0, 1]), inf = tf.norm(x, Infinity, [0, 1]);
    expect([vals(one), one.dtype, vals(inf), inf.dtype]).toEqual([[6], tf.int32, [7], tf.int32]);
  });
});

describe('tf.norm: matrix norms over two axes of a 3-D tensor', () => {
  it('axis [1, 2] gives one norm per matrix', () => {
    // tfjs: ord 1 [9, 10], inf [15, 8.5]
    const one = tf.norm(B(), 1, [1, 2]), inf = tf.norm(B(), Infinity, [1, 2]);
    expect([vals(one), shape(one)]).toEqual([[9, 10], [2]]);
    expect([vals(inf), shape(inf)]).toEqual([[15, 8.5], [2]]);
  });

  it('axis [-1, -2] is [2, 1]: the row and column axes swap', () => {
    // by hand: ord 1 sums along axis 2 (row sums: 6, 15 and 8.5, 5.25), max along axis 1: [15, 8.5];
    // inf sums along axis 1 (column sums: 5, 7, 9 and 2.5, 10, 1.25), max along axis 2: [9, 10]
    expect(vals(tf.norm(B(), 1, [-1, -2]))).toEqual([15, 8.5]);
    expect(vals(tf.norm(B(), Infinity, [-1, -2]))).toEqual([9, 10]);
    expect(vals(tf.norm(B(), 1, [2, 1]))).toEqual([15, 8.5]);
    expect(vals(tf.norm(B(), 1, [-2, -1]))).toEqual([9, 10]);
  });

  it('keepdims keeps the two axes, wherever they are', () => {
    const one = tf.norm(B(), 1, [-1, -2], true);
    expect([vals(one), shape(one)]).toEqual([[15, 8.5], [2, 1, 1]]);
    // by hand, axis [0, 2]: ord 1 sums along axis 0, |B[0]| + |B[1]| = [[1.5, 9, 4], [6, 8, 6.25]], then the max
    // along axis 2: [[9], [8]]; inf sums along axis 2 ([[6], [15]] and [[8.5], [5.25]]), the max along axis 0:
    // [[8.5], [15]]
    const a = tf.norm(B(), 1, [0, 2], true), b = tf.norm(B(), Infinity, [0, 2]);
    expect([vals(a), shape(a)]).toEqual([[9, 8], [1, 2, 1]]);
    expect([vals(b), shape(b)]).toEqual([[8.5, 15], [2]]);
  });
});

describe('tf.norm: gradients of the matrix norms', () => {
  it('flow through Abs (sign(x)) to the column or row that holds the max', () => {
    // tfjs: ord 1 [0, 0, 1, 0, 0, -1] (column 2: sign(3), sign(-6)); inf [0, 0, 0, -1, 1, -1] (row 1's signs).
    // NOTE: the zeros' signs are by hand: math_grad.py's _AbsGrad is sign(x) * grad, so a negative x whose share of
    // the max is 0 gets -1 * 0 = -0 in TF (tfjs prints +0 there)
    expect(vals(grad((x) => tf.norm(x, 1, [0, 1]), A()))).toEqual([0, -0, 1, -0, 0, -1]);
    expect(vals(grad((x) => tf.norm(x, Infinity, [0, 1]), A()))).toEqual([0, -0, 0, -1, 1, -1]);
    // tfjs, axis [1, 2], the sum of the two norms (the zeros' signs as above)
    expect(vals(grad((x) => tf.norm(x, 1, [1, 2]), B()))).toEqual([0, -0, 1, -0, 0, -1, 0, 1, -0, 0, -1, 0]);
    expect(vals(grad((x) => tf.norm(x, Infinity, [1, 2]), B()))).toEqual([0, -0, 0, -1, 1, -1, 1, 1, -1, 0, -0, 0]);
  });

  it('with swapped axes and keepdims, match central differences', () => {
    const x = B_DATA.flat(2), dims = [2, 2, 3];
    for (const ord of [1, Infinity]) {
      for (const [axis, keep] of [[[-1, -2], false], [[1, 2], true], [[0, 2], false], [[2, 0], true]] as const) {
        const f = (t: tf.Tensor) => tf.norm(t, ord, axis, keep);
        const g = grad(f, tf.constant(x, 'float64', dims));
        expect(g.dtype).toBe(tf.float64);
        const want = numericGrad(f, x, dims);
        vals(g).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
      }
    }
  });

  it('at a tie, reduce_max shares the gradient evenly (math_grad.py _MaxGrad: indicators / count)', () => {
    // |[[1, -1], [2, 2]]| column sums 3, 3: both columns hold the max, each gets 1/2, times sign(x)
    expect(vals(grad((x) => tf.norm(x, 1, [0, 1]), tf.constant([[1, -1], [2, 2]])))).toEqual([0.5, -0.5, 0.5, 0.5]);
  });
});

describe('tf.norm: refusals over two axes', () => {
  it('ord 2 is computed (the largest singular value, by svd as in TF; norm-svd.test.ts checks it)', () => {
    // PyTorch 1.13: torch.linalg.matrix_norm(torch.tensor([[1., -2, 3], [-4, 5, -6]]), 2) is 9.508032
    expect(thrown(() => tf.norm(A(), 2, [0, 1]))).toBeNull();
    expect(vals(tf.norm(A(), 2, [0, 1]))[0]).toBeCloseTo(9.508032, 5);
  });

  it('other ords are linalg_ops.norm\'s ValueError', () => {
    const msg = (got: string): [string, string] => ['ValueError', `'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got ${got}`];
    expect(thrown(() => tf.norm(A(), 3, [0, 1]))).toEqual(msg('3'));
    expect(thrown(() => tf.norm(A(), -Infinity, [0, 1]))).toEqual(msg('-inf'));
    expect(thrown(() => tf.norm(A(), 0.5, [0, 1]))).toEqual(msg('0.5'));
  });

  it('an axis out of range is the error of the reduction that meets it first', () => {
    const bad = (op: string): [string, string] => ['InvalidArgumentError', `Invalid reduction dimension (2 for input with 2 dimension(s) [Op:${op}]`];
    // ord 1 sums along axis[0] = 0 (fine), then Max meets 2; inf sums along axis[1] = 2 first
    expect(thrown(() => tf.norm(A(), 1, [0, 2]))).toEqual(bad('Max'));
    expect(thrown(() => tf.norm(A(), Infinity, [0, 2]))).toEqual(bad('Sum'));
  });
});
