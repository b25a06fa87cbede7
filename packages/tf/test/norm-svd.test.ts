import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { grad } from './grad.js';
import { thrown } from './thrown.js';

// tf.norm's matrix 2-norm, as linalg_ops.py's norm computes it: the axes not listed, then axis[0], then axis[1]
// (transpose), svd(compute_uv=False), abs, reduce_max(axis=-1, keepdims=True), expand_dims(-1), the inverse transpose,
// then squeeze(axis) unless keepdims. TensorFlow itself is not installed here: values and gradients marked "torch" are
// PyTorch 1.13's torch.linalg.matrix_norm(x, 2, dim) (the same largest singular value, and the same gradient
// U diag(g) V^T where the largest is unique), recorded in float64 with Debian's /usr/bin/python3:
//
//   import torch
//   A = [[1, -2, 3], [-4, 5, -6]]
//   B = [[[1, -2, 3], [-4, 5, -6]], [[0.5, 7, -1], [2, -3, 0.25]]]
//   x = torch.tensor(A, dtype=torch.float64, requires_grad=True)
//   n = torch.linalg.matrix_norm(x, 2); print(float(n), torch.autograd.grad(n, x)[0].flatten().tolist())
//   for dim in [(1, 2), (0, 2), (0, 1)]:
//       x = torch.tensor(B, dtype=torch.float64, requires_grad=True)
//       n = torch.linalg.matrix_norm(x, 2, dim=dim)
//       print(n.tolist(), torch.autograd.grad(n.sum(), x)[0].flatten().tolist())
//
// Two larger matrices' 2-norms are mpmath's (50 digits), as packages/core/test/svd.test.ts computes them for the same
// Park-Miller draws (`lcg` below), and the gradient at [[1, 2], [3e-160, 1e-160]] is PyTorch's, printed as above.
//
// What TF does where PyTorch differs (a zero or tied largest singular value) is read from linalg_ops.py and
// math_grad.py (_AbsGrad: sign(x) * g; _MaxGrad: indicators / count), and marked "by reading".

const vals = (t: tf.Tensor): number[] => Array.from(t._t.data);
const shape = (t: tf.Tensor): number[] => t.shape.as_list() as number[];
const EPS = 2 ** -52;

function expectClose(got: number[], want: number[], tol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!))));
}

const A_DATA = [[1, -2, 3], [-4, 5, -6]];
const B_DATA = [[[1, -2, 3], [-4, 5, -6]], [[0.5, 7, -1], [2, -3, 0.25]]];
const A64 = () => tf.constant(A_DATA, 'float64');
const B64 = () => tf.constant(B_DATA, 'float64');

// torch (see above)
const A_NORM = 9.508032000695724;
const A_GRAD = [0.16560170243494435, -0.21877438814955086, 0.2719470738641574, -0.3953878950289752, 0.5223421229663034, -0.6492963509036317];
const B12 = [9.508032000695724, 7.690766268836095];
const B12_GRAD = [0.16560170243494435, -0.21877438814955086, 0.2719470738641574, -0.3953878950289752, 0.5223421229663034, -0.6492963509036317, -0.04128355246343419, 0.9065518994532015, -0.12095602230701681, 0.018140065941482764, -0.39834050739754456, 0.0531482900511567];
const B02 = [7.525657492890795, 9.236256106741527];
const B02_GRAD = [-0.0050539458451189095, -0.3476975565462986, 0.09665236503856091, -0.45426657347954746, 0.5842978138167261, -0.5908445768992164, 0.013059249254410871, 0.8984403860348248, -0.24974690365665694, 0.15405063693597879, -0.19814676146938465, 0.20036689625720655];
const B01 = [4.524190928918121, 8.7133796929634, 6.742117349591972];

describe('tf.norm(x, 2, [row, col]): the largest singular value', () => {
  it('of a float32 matrix is the float64 value rounded once, a 0-d float32 tensor', () => {
    const n = tf.norm(tf.constant(A_DATA), 2, [0, 1]);
    expect([shape(n), n.dtype]).toEqual([[], tf.float32]);
    expect(vals(n)).toEqual([Math.fround(A_NORM)]);
  });

  it('of a float64 matrix is PyTorch\'s within a few ulp; sqrt(45) for [[3, 0], [4, 5]]', () => {
    const n = tf.norm(A64(), 2, [0, 1]);
    expect(n.dtype).toBe(tf.float64);
    expectClose(vals(n), [A_NORM], 4 * EPS);
    expectClose(vals(tf.norm(tf.constant([[3, 0], [4, 5]], 'float64'), 2, [0, 1])), [Math.sqrt(45)], 4 * EPS);
  });

  it('does not depend on the order or sign of the axes (a matrix and its transpose share singular values)', () => {
    for (const axis of [[1, 0], [-2, -1], [-1, -2], [0, -1]]) {
      expectClose(vals(tf.norm(A64(), 2, axis)), [A_NORM], 4 * EPS);
    }
  });

  it('keepdims keeps both axes with size 1', () => {
    const n = tf.norm(A64(), 2, [0, 1], true);
    expect(shape(n)).toEqual([1, 1]);
    expectClose(vals(n), [A_NORM], 4 * EPS);
  });
});

describe('tf.norm(x, 2, axis) over two axes of a 3-D tensor', () => {
  it('axis [1, 2] and [-1, -2]: one norm per matrix', () => {
    for (const axis of [[1, 2], [-1, -2], [2, 1]]) {
      const n = tf.norm(B64(), 2, axis);
      expect(shape(n)).toEqual([2]);
      expectClose(vals(n), B12, 8 * EPS);
    }
  });

  it('axis [0, 2] moves axis 1 first (the batch), [0, 1] axis 2', () => {
    const a = tf.norm(B64(), 2, [0, 2]), b = tf.norm(B64(), 2, [2, 0]), c = tf.norm(B64(), 2, [0, 1]);
    expect([shape(a), shape(b), shape(c)]).toEqual([[2], [2], [3]]);
    expectClose(vals(a), B02, 8 * EPS);
    expectClose(vals(b), B02, 8 * EPS);
    expectClose(vals(c), B01, 8 * EPS);
  });

  it('keepdims puts the size-1 axes back where they were', () => {
    expect(shape(tf.norm(B64(), 2, [1, 2], true))).toEqual([2, 1, 1]);
    expect(shape(tf.norm(B64(), 2, [0, 2], true))).toEqual([1, 2, 1]);
    expect(shape(tf.norm(B64(), 2, [2, 0], true))).toEqual([1, 2, 1]);
    const k = tf.norm(B64(), 2, [-1, -3], true);
    expect(shape(k)).toEqual([1, 2, 1]);
    expectClose(vals(k), B02, 8 * EPS);
  });
});

describe('tf.norm(x, 2, axis) of larger and of graded matrices', () => {
  /** An m x n matrix of Park-Miller draws in [-0.5, 0.5): x -> 16807 x mod (2^31 - 1). */
  const lcg = (m: number, n: number, seed: number): number[] => {
    let x = seed;
    return Array.from({ length: m * n }, () => { x = (x * 16807) % 2147483647; return x / 2147483648 - 0.5; });
  };

  it('of 200 x 150 and 150 x 200 matrices is within 3 ulp of a 50-digit reference (it was 60 and 86 ulp above)', () => {
    for (const [m, n, seed, want] of [[200, 150, 2, 7.562597541726178111206076], [150, 200, 3, 7.590287580288410016135099]] as const) {
      const got = vals(tf.norm(tf.constant(lcg(m, n, seed), 'float64', [m, n]), 2, [0, 1]))[0]!;
      expect(Math.abs(got - want)).toBeLessThanOrEqual(3 * EPS * want);
    }
  });

  it('at [[1, 2], [3e-160, 1e-160]]: the gradient U[:, 0] V[:, 0]^T is PyTorch\'s, its tiny entries too', () => {
    const g = vals(grad((x) => tf.norm(x, 2, [0, 1]), tf.constant([[1, 2], [3e-160, 1e-160]], 'float64')));
    const want = [0.447213595499958, 0.894427190999916, 4.472135954999579e-161, 8.944271909999157e-161];
    g.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(8 * EPS * Math.abs(want[i]!)));
  });
});

describe('tf.norm(x, 2, axis): gradients', () => {
  it('are U[:, 0] V[:, 0]^T, as PyTorch\'s (a unique largest singular value)', () => {
    expectClose(vals(grad((x) => tf.norm(x, 2, [0, 1]), A64())), A_GRAD, 1e-14);
    expectClose(vals(grad((x) => tf.norm(x, 2, [-1, -2]), B64())), B12_GRAD, 1e-14);
    expectClose(vals(grad((x) => tf.norm(x, 2, [2, 0], true), B64())), B02_GRAD, 1e-14);
  });

  it('match central differences in float64, and to second order through nested tapes', () => {
    const x0 = B_DATA.flat(2), dims = [2, 2, 3];
    const f = (t: tf.Tensor) => tf.norm(t, 2, [0, 2]);
    const g = vals(grad(f, tf.constant(x0, 'float64', dims)));
    const total = (v: number[]) => vals(tf.reduce_sum(f(tf.constant(v, 'float64', dims))))[0]!;
    const h = 1e-6;
    const fd = x0.map((_, i) => { const up = x0.slice(), dn = x0.slice(); up[i]! += h; dn[i]! -= h; return (total(up) - total(dn)) / (2 * h); });
    expectClose(g, fd, 1e-7);
    // d <grad f(x), W> / dx
    const W = tf.constant(x0.map((_, i) => ((i * 7) % 5) - 2), 'float64', dims);
    const inner = (v: number[]) => vals(tf.reduce_sum(tf.multiply(grad(f, tf.constant(v, 'float64', dims)), W)))[0]!;
    const x = tf.constant(x0, 'float64', dims);
    const outer = new tf.GradientTape();
    outer.watch(x);
    const y = outer.record(() => tf.reduce_sum(tf.multiply(grad(f, x), W)));
    const second = vals(outer.gradient(y, x) as tf.Tensor);
    const fd2 = x0.map((_, i) => { const up = x0.slice(), dn = x0.slice(); up[i]! += h; dn[i]! -= h; return (inner(up) - inner(dn)) / (2 * h); });
    expectClose(second, fd2, 1e-6);
  });

  it('at a tied largest singular value, reduce_max shares the gradient evenly (by reading: _MaxGrad)', () => {
    // eye(2): s = [1, 1], each gets 1/2: U diag(1/2, 1/2) V^T = I / 2 (PyTorch's amax gives the same)
    expect(vals(grad((x) => tf.norm(x, 2, [0, 1]), tf.constant([[1, 0], [0, 1]], 'float64')))).toEqual([0.5, 0, 0, 0.5]);
  });

  it('at a zero matrix the gradient is 0: Abs passes sign(0) = 0 (by reading; PyTorch\'s matrix_norm gives I / 2)', () => {
    const z = tf.zeros([2, 2], 'float64');
    expect(vals(tf.norm(z, 2, [0, 1]))).toEqual([0]);
    expect(vals(grad((x) => tf.norm(x, 2, [0, 1]), z))).toEqual([0, 0, 0, 0]);
  });
});

describe('tf.norm(x, 2, axis): edge cases and refusals', () => {
  it('an empty matrix has no singular value: reduce_max of none is -inf (by reading)', () => {
    const n = tf.norm(tf.zeros([0, 3]), 2, [0, 1]);
    expect([vals(n), shape(n)]).toEqual([[-Infinity], []]);
    expect(vals(tf.norm(tf.zeros([2, 0, 3]), 2, [1, 2]))).toEqual([-Infinity, -Infinity]);
  });

  it('1 x N and N x 1 matrices give the vector\'s length', () => {
    expect(vals(tf.norm(tf.constant([[3, -4]]), 2, [0, 1]))).toEqual([5]);
    expect(vals(tf.norm(tf.constant([[3], [-4]]), 2, [0, 1]))).toEqual([5]);
  });

  it('an integer matrix is Svd\'s attr error (its T is double, float, half, complex64, complex128)', () => {
    const e = thrown(() => tf.norm(tf.constant([[1, 2], [3, 4]], 'int32'), 2, [0, 1]));
    expect(e?.[0]).toBe('InvalidArgumentError');
    expect(e?.[1]).toContain("Value for attr 'T' of int32 is not in the list of allowed values: double, float, half, complex64, complex128");
    expect(e?.[1]).toContain('Op<name=Svd; signature=input:T -> s:T, u:T, v:T; attr=compute_uv:bool,default=true; attr=full_matrices:bool,default=false; attr=T:type,allowed=[DT_DOUBLE, DT_FLOAT, DT_HALF, DT_COMPLEX64, DT_COMPLEX128]> [Op:Svd]');
  });

  it('an axis out of range is Transpose\'s error: the permutation linalg_ops.norm builds has the wrong length', () => {
    // rank 2, axis (0, 2): the axes not listed are [1], so the perm is [1, 0, 2]
    expect(thrown(() => tf.norm(tf.constant(A_DATA), 2, [0, 2]))).toEqual(['InvalidArgumentError', 'transpose expects a vector of size 2. But input(1) is a vector of size 3 [Op:Transpose]']);
    // rank 1: [0, 1] leaves none, perm [0, 1]
    expect(thrown(() => tf.norm(tf.constant([1, 2]), 2, [0, 1]))).toEqual(['InvalidArgumentError', 'transpose expects a vector of size 1. But input(1) is a vector of size 2 [Op:Transpose]']);
    // the same axis twice after wrapping (1 and -1 of a matrix): perm [0, 1, 1]
    expect(thrown(() => tf.norm(tf.constant(A_DATA), 2, [1, -1]))).toEqual(['InvalidArgumentError', 'transpose expects a vector of size 2. But input(1) is a vector of size 3 [Op:Transpose]']);
  });
});
