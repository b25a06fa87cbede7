/**
 * softmax, logSoftmax, the two cross-entropies and mse: hand-derived values, values recorded from
 * PyTorch 1.13 (float64), gradients against central finite differences to second order, huge logits,
 * and every error case.
 */
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';
import { expectNear, gradcheck, gradgradcheck, randomTensor } from './util/gradcheck.js';

// The tolerances these checks have always used (the shared defaults are 1e-6 for both orders).
const FIRST = { rtol: 1e-6, atol: 1e-6 }, SECOND = { rtol: 1e-5, atol: 1e-5 };

const rand = (shape: readonly number[], seed: number, scale = 4) => randomTensor(shape, seed, { scale });
const f64 = (v: c.NestedArray) => c.fromArray(v, 'float64');
const leaf = (t: c.Tensor) => { t.requiresGrad = true; return t; };
const ONE = () => c.scalar(1, 'float64');
const opts = (sources: c.Tensor[], createGraph: boolean): c.BackwardOptions =>
  ({ tape: null, sources, accumulate: null, retainGraph: true, createGraph });
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; };

const labels = (v: number[]) => c.fromArray(v, 'int32');

// ---- softmax and logSoftmax ----

describe('softmax and logSoftmax', () => {
  it('softmax: gives exp(x_i) / sum exp(x) for [1, 2, 3], as PyTorch does', () => {
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    const out = c.softmax(f64([1, 2, 3]));
    expectNear(out.data, [Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z], 1e-15, 'by hand');
    expectNear(out.data, [0.09003057317038045, 0.2447284710547976, 0.6652409557748218], 1e-15, 'PyTorch 1.13');
  });

  it('logSoftmax: gives x - log(sum exp(x)) for [1, 2, 3]', () => {
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expectNear(c.logSoftmax(f64([1, 2, 3])).data, [1 - lse, 2 - lse, 3 - lse], 1e-15, 'by hand');
  });

  it('softmax: normalises along the given axis only', () => {
    const x = rand([2, 3, 4], 1);
    for (const axis of [0, 1, 2, -1]) {
      const out = c.softmax(x, axis);
      const totals = c.sum(out, axis);
      expectNear(totals.data, new Float64Array(totals.size).fill(1), 1e-15, `axis ${axis}`);
      // exp(x) / sum(exp(x)) without the max shift, composed from other ops as an independent reference
      const ref = c.div(c.exp(x), c.sum(c.exp(x), axis, true));
      expectNear(out.data, ref.data, 1e-14, `axis ${axis} against exp/sum`);
    }
  });

  it('softmax: the vector-Jacobian product is g (diag(s) - s s^T), derived by hand', () => {
    const x = leaf(f64([0.5, -1, 2])), g = f64([1, -2, 0.5]);
    const s = c.softmax(x);
    const [dx] = c.backward([s], [g], opts([x], false));
    const sv = [...s.data], gs = dot(g.data, sv);
    expectNear(dx!.data, sv.map((si, i) => si * (g.data[i]! - gs)), 1e-15, 'dx');
    expect(s.node!.name).toBe('SoftmaxBackward0');
    expect(c.logSoftmax(x).node!.name).toBe('LogSoftmaxBackward0');
  });

  it('softmax and logSoftmax: gradients match central differences along every axis', () => {
    for (const axis of [0, 1, -1]) {
      gradcheck((x) => c.softmax(x, axis), [rand([2, 3, 2], axis + 5)], FIRST);
      gradcheck((x) => c.logSoftmax(x, axis), [rand([2, 3, 2], axis + 9)], FIRST);
    }
  });

  it('softmax and logSoftmax: second-order gradients match central differences of the gradient', () => {
    gradgradcheck((x) => c.softmax(x, 1), [rand([2, 3, 2], 3)], SECOND);
    gradgradcheck((x) => c.logSoftmax(x, 0), [rand([3, 2], 4)], SECOND);
  });

  it('softmax and logSoftmax: logits of 1000 give finite values and the gradients PyTorch gives', () => {
    const z = leaf(f64([1000, 0, -1000])), g = f64([1, 2, 3]);
    const ls = c.logSoftmax(z);
    expect([...ls.data]).toEqual([0, -1000, -2000]);
    expectNear(c.backward([ls], [g], opts([z], false))[0]!.data, [-5, 2, 3], 1e-15, 'logSoftmax grad');
    const sm = c.softmax(z);
    expect([...sm.data]).toEqual([1, 0, 0]);
    expectNear(c.backward([sm], [g], opts([z], false))[0]!.data, [0, 0, 0], 1e-15, 'softmax grad');
    const f32 = c.softmax(c.fromArray([1000, 999, -1000]));
    expect([...f32.data].every(Number.isFinite)).toBe(true);
  });

  it('softmax: handles 0-d, empty and float32 inputs', () => {
    expect([...c.softmax(c.scalar(3, 'float64')).data]).toEqual([1]);
    expect(c.softmax(c.zeros([0, 3]), 0).shape).toEqual([0, 3]);
    const out = c.softmax(c.fromArray([[1, 2, 3]]));
    expect(out.dtype).toBe('float32');
    expectNear(out.data, [0.09003057317038045, 0.2447284710547976, 0.6652409557748218], 1e-7, 'float32');
  });

  it('softmax: refuses integer inputs and out-of-range axes', () => {
    expect(() => c.softmax(c.zeros([3], 'int32'))).toThrow('softmax: expected a float32 or float64 tensor, got int32');
    expect(() => c.logSoftmax(c.zeros([2, 3]), 2)).toThrow('log_softmax: axis 2 is out of range for a tensor of rank 2');
  });
});

// ---- cross-entropies ----

describe('cross-entropy', () => {
  const logits = () => f64([[1, 2, 3], [1, -1, 0.5]]);

  it('sparseSoftmaxCrossEntropy: gives log(e + e^2 + e^3) - 1 for logits [1, 2, 3] and label 0, as PyTorch does', () => {
    const out = c.sparseSoftmaxCrossEntropy(logits(), labels([0, 2]));
    expect(out.shape).toEqual([2]);
    expect(out.data[0]).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 1, 14);
    expectNear(out.data, [2.4076059644443806, 1.0549569196419908], 1e-15, 'PyTorch 1.13 cross_entropy');
  });

  it('sparseSoftmaxCrossEntropy: its gradient is softmax - onehot, and it matches central differences to second order', () => {
    const x = leaf(logits());
    const [dx] = c.backward([c.sum(c.sparseSoftmaxCrossEntropy(x, labels([0, 2])))], [ONE()], opts([x], false));
    const s = c.softmax(logits()).data;
    expectNear(dx!.data, [s[0]! - 1, s[1]!, s[2]!, s[3]!, s[4]!, s[5]! - 1], 1e-15, 'softmax - onehot');
    gradcheck((l) => c.sparseSoftmaxCrossEntropy(l, labels([[1, 0], [3, 2]].flat())), [rand([4, 4], 2)], FIRST);
    gradgradcheck((l) => c.sparseSoftmaxCrossEntropy(l, labels([2, 0, 1])), [rand([3, 3], 3)], SECOND);
  });

  it('sparseSoftmaxCrossEntropy: takes labels of any leading shape and stays finite for logits of 1000', () => {
    const out = c.sparseSoftmaxCrossEntropy(rand([2, 2, 3], 1), c.fromArray([[0, 1], [2, 0]], 'int32'));
    expect(out.shape).toEqual([2, 2]);
    const big = c.sparseSoftmaxCrossEntropy(f64([[1000, 0, -1000]]), labels([2]));
    expect([...big.data]).toEqual([2000]);
  });

  it('sparseSoftmaxCrossEntropy: names the label and the class count when a label is out of range', () => {
    expect(() => c.sparseSoftmaxCrossEntropy(logits(), labels([0, 5]))).toThrow('Target 5 is out of bounds: labels must be in [0, 3), got 5 at position 1');
    expect(() => c.sparseSoftmaxCrossEntropy(logits(), labels([-1, 0]))).toThrow('Target -1 is out of bounds');
  });

  it('sparseSoftmaxCrossEntropy: refuses non-int32 labels, mismatched shapes and 0-d logits', () => {
    expect(() => c.sparseSoftmaxCrossEntropy(logits(), f64([0, 1]))).toThrow('sparse_softmax_cross_entropy: labels must be int32, got float64');
    expect(() => c.sparseSoftmaxCrossEntropy(logits(), labels([0, 1, 2])))
      .toThrow('labels [3] must have the shape of logits [2,3] without its last dimension, [2]');
    expect(() => c.sparseSoftmaxCrossEntropy(c.scalar(1), c.scalar(0, 'int32'))).toThrow('logits must have at least 1 dimension');
  });

  it('softmaxCrossEntropy: gives -sum(p log softmax(x)) and its logits gradient as PyTorch computes them', () => {
    const x = leaf(logits()), p = f64([[0.2, 0.3, 0.5], [1, 0, 0]]);
    const out = c.softmaxCrossEntropy(x, p);
    expectNear(out.data, [1.1076059644443805, 0.5549569196419907], 1e-15, 'loss');
    const [dx] = c.backward([c.sum(out)], [ONE()], opts([x], false));
    expectNear(dx!.data, [-0.10996942682961958, -0.05527152894520235, 0.16524095577482178,
      -0.42590300703230544, 0.07769557914857057, 0.3482074278837348], 1e-15, 'd logits');
  });

  it('softmaxCrossEntropy: gives the labels the gradient -logSoftmax(logits), as TensorFlow does', () => {
    const x = logits(), p = leaf(f64([[0.2, 0.3, 0.5], [1, 0, 0]]));
    const [dp] = c.backward([c.sum(c.softmaxCrossEntropy(x, p))], [ONE()], opts([p], false));
    expectNear(dp!.data, [...c.logSoftmax(x).data].map((v) => -v), 1e-15, 'd labels');
  });

  it('softmaxCrossEntropy: matches central differences in both arguments to second order, along either axis', () => {
    gradcheck((l, p) => c.softmaxCrossEntropy(l, p), [rand([2, 3], 1), rand([2, 3], 2, 1)], FIRST);
    gradcheck((l, p) => c.softmaxCrossEntropy(l, p, 0), [rand([3, 2], 3), rand([3, 2], 4, 1)], FIRST);
    gradgradcheck((l, p) => c.softmaxCrossEntropy(l, p), [rand([2, 3], 5), rand([2, 3], 6, 1)], SECOND);
  });

  it('softmaxCrossEntropy: refuses labels of another shape or dtype', () => {
    expect(() => c.softmaxCrossEntropy(logits(), f64([[1, 0]]))).toThrow('softmax_cross_entropy: logits [2,3] and labels [1,2] must have the same shape');
    expect(() => c.softmaxCrossEntropy(logits(), c.zeros([2, 3]))).toThrow('logits are float64 but labels are float32');
  });
});

// ---- mse ----

describe('mse', () => {
  it('mse: gives the mean, sum and elementwise squared errors computed by hand', () => {
    const a = f64([1, 2, 3]), b = f64([0.5, 0, 4]);
    expect(c.mse(a, b).data[0]).toBe((0.25 + 4 + 1) / 3);
    expect(c.mse(a, b).data[0]).toBe(1.75); // PyTorch 1.13's mse_loss
    expect(c.mse(a, b, 'sum').data[0]).toBe(5.25);
    expect([...c.mse(a, b, 'none').data]).toEqual([0.25, 4, 1]);
  });

  it('mse: broadcasts its operands as PyTorch mse_loss does', () => {
    const out = c.mse(f64([[1, 2], [3, 4]]), f64([1, 0]), 'none');
    expect(out.shape).toEqual([2, 2]);
    expect([...out.data]).toEqual([0, 4, 4, 16]);
    expect(c.mse(f64([1, 3]), 1).data[0]).toBe(2);
  });

  it('mse: gradients match central differences to second order in every reduction', () => {
    for (const r of ['mean', 'sum', 'none'] as const) {
      gradcheck((a, b) => c.mse(a, b, r), [rand([2, 3], 1), rand([3], 2)], FIRST);
      gradgradcheck((a, b) => c.mse(a, b, r), [rand([2, 3], 3), rand([2, 1], 4)], SECOND);
    }
  });

  it('mse: refuses an unknown reduction and shapes that do not broadcast', () => {
    expect(() => c.mse(f64([1]), f64([1]), 'avg' as 'mean')).toThrow("mse: reduction must be 'mean', 'sum' or 'none', got 'avg'");
    expect(() => c.mse(f64([1, 2]), f64([1, 2, 3]))).toThrow('shapes [2] and [3] cannot be broadcast');
  });
});
