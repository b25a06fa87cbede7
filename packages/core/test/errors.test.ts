/**
 * Bad input, family by family: each gives a TwingradError whose message names the op and what was wrong
 * (the shapes, the dtype, the axis), and nothing is computed silently. Unary, binary and comparison ops
 * are taken from the registry, so a new one is checked with no edit here.
 */
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';
import { f64 } from './util/gradcheck.js';

const x23 = () => f64([2, 3], [1, 2, 3, 4, 5, 6]);
const ops = [...c.registry.values()].sort((a, b) => a.name.localeCompare(b.name));
const family = (f: c.OpInfo['family']) => ops.filter((o) => o.family === f && o.fn !== undefined);

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Declares a test that `f` throws a TwingradError of `kind` whose message is (or matches) `message`. */
function rejects(title: string, f: () => unknown, kind: c.ErrorKind, message: string | RegExp): void {
  it(title, () => {
    const err = caught(f);
    expect(err).toBeInstanceOf(c.TwingradError);
    const te = err as c.TwingradError;
    if (typeof message === 'string') expect(te.message).toBe(message);
    else expect(te.message).toMatch(message);
    expect(te.kind).toBe(kind);
  });
}

describe('unary ops (from the registry)', () => {
  for (const op of family('unary')) {
    rejects(`${op.name}: a string argument is rejected, naming the op and the type`, () => op.fn!('a' as unknown as c.Tensor),
      'type', `${op.name}: expected a tensor or a number, got string`);
    rejects(`${op.name}: a null argument is rejected`, () => op.fn!(null as unknown as c.Tensor),
      'type', `${op.name}: expected a tensor or a number, got null`);
  }
});

describe('binary and comparison ops (from the registry)', () => {
  for (const op of [...family('binary'), ...family('compare')]) {
    rejects(`${op.name}: shapes [2,3] and [4] are rejected, naming both shapes`, () => op.fn!(x23(), f64([4], [1, 2, 3, 4])),
      'shape', `${op.name}: shapes [2,3] and [4] cannot be broadcast`);
    rejects(`${op.name}: shapes [2,1,3] and [2,2] are rejected after aligning trailing dims`, () => op.fn!(f64([2, 1, 3], [1, 2, 3, 4, 5, 6]), f64([2, 2], [1, 2, 3, 4])),
      'shape', `${op.name}: shapes [2,1,3] and [2,2] cannot be broadcast`);
    rejects(`${op.name}: a non-number, non-tensor operand is rejected`, () => op.fn!(x23(), {} as unknown as c.Tensor),
      'type', `${op.name}: expected a tensor or a number, got object`);
  }
});

describe('reductions', () => {
  const withAxis: Array<[string, (x: c.Tensor, axis: number | number[]) => c.Tensor]> = [
    ['sum', (x, a) => c.sum(x, a)], ['mean', (x, a) => c.mean(x, a)], ['prod', (x, a) => c.prod(x, a)],
    ['max', (x, a) => c.max(x, a)], ['min', (x, a) => c.min(x, a)], ['logsumexp', (x, a) => c.logsumexp(x, a)],
    ['variance', (x, a) => c.variance(x, a)], ['std', (x, a) => c.std(x, a)], ['norm', (x, a) => c.norm(x, 2, a)],
  ];
  for (const [name, f] of withAxis) {
    rejects(`${name}: axis 2 of a rank-2 tensor is out of range, and the message gives the valid range`, () => f(x23(), 2),
      'index', `${name}: axis 2 is out of range for a tensor of rank 2 (expected to be in range of [-2, 1])`);
    rejects(`${name}: axis -3 of a rank-2 tensor is out of range`, () => f(x23(), -3), 'index', new RegExp(`^${name}: axis -3 is out of range`));
    rejects(`${name}: axes [1,-1] name the same axis twice`, () => f(x23(), [1, -1]), 'value', `${name}: axis 1 appears more than once in [1,-1]`);
    rejects(`${name}: a fractional axis is rejected`, () => f(x23(), 0.5), 'type', `${name}: axis must be an integer, got 0.5`);
  }
  for (const [name, f] of [['argmax', c.argmax], ['argmin', c.argmin]] as const) {
    rejects(`${name}: axis 2 of a rank-2 tensor is out of range`, () => f(x23(), 2), 'index', new RegExp(`^${name}: axis 2 is out of range`));
  }
});

describe('shape ops', () => {
  rejects('reshape: [2,3] to [4] is rejected, naming the shape and the size', () => c.reshape(x23(), [4]),
    'shape', 'reshape: shape [4] is invalid for input of size 6');
  rejects('reshape: [2,3] to [4,-1] is rejected (6 is not a multiple of 4)', () => c.reshape(x23(), [4, -1]),
    'shape', 'reshape: shape [4,-1] is invalid for input of size 6');
  rejects('reshape: two inferred dimensions are rejected', () => c.reshape(x23(), [-1, -1]),
    'value', 'reshape: only one dimension can be inferred (-1) in [-1,-1]');
  rejects('broadcast_to: [2,3] to [3] is rejected, naming both shapes', () => c.broadcastTo(x23(), [3]),
    'shape', /^broadcast_to: .*\[2,3\].*\[3\]/);
  rejects('transpose: a perm that is not a permutation is rejected, naming it', () => c.transpose(x23(), [0, 0]),
    'value', /^transpose: .*\[0,0\]/);
  rejects('concat: shapes that differ off the axis are rejected, naming both', () => c.concat([x23(), c.zeros([2, 4], 'float64')], 0),
    'shape', /^concat: .*\[2,3\].*\[2,4\]/);
  rejects('expand_dims: an axis beyond rank is rejected', () => c.expandDims(x23(), 4), 'index', /^expand_dims: axis 4 is out of range/);
  rejects('gather: float indices are rejected, naming the dtype', () => c.gather(x23(), c.zeros([2])), 'dtype', /^gather: .*float32/);
  rejects('pad: the wrong number of pairs is rejected', () => c.pad(x23(), [[1, 1]]), 'value', /^pad: .*2 .*got 1/);
  rejects('split: an axis that cannot be split evenly is rejected', () => c.split(x23(), 4, 1), 'value', /^split: .*size 3.*4/);
  rejects('slice: too many indices are rejected', () => c.slice(x23(), [0, 0, 0]), 'index', /^slice: .*dimension 2/);
  rejects('cast: an unknown dtype is rejected, naming it', () => c.cast(x23(), 'int8' as c.DType), 'type', /^cast: .*int8/);
});

describe('linalg and nn', () => {
  rejects('matmul: [2,3] @ [4,5] is rejected, naming both shapes', () => c.matmul(x23(), c.zeros([4, 5], 'float64')),
    'shape', /^matmul: .*\[2,3\].*\[4,5\]/);
  rejects('matmul: a string operand is rejected', () => c.matmul(x23(), 'a' as unknown as c.Tensor), 'type', 'matmul: expected a tensor or a number, got string');
  rejects('softmax: an out-of-range axis is rejected, naming softmax', () => c.softmax(x23(), 5), 'index', /^softmax: axis 5 is out of range/);
  rejects('log_softmax: an out-of-range axis is rejected', () => c.logSoftmax(x23(), 2), 'index', /^log_softmax: axis 2 is out of range/);
  rejects('sparse_softmax_cross_entropy: float labels are rejected, naming the dtype', () => c.sparseSoftmaxCrossEntropy(x23(), c.zeros([2])),
    'dtype', /^sparse_softmax_cross_entropy: .*float32/);
  rejects('softmax_cross_entropy: labels of another shape are rejected, naming both', () => c.softmaxCrossEntropy(x23(), c.zeros([4], 'float64')),
    'shape', /^softmax_cross_entropy: .*\[2,3\].*\[4\]/);
  // NOTE: mse is composed of sub, so its shape error currently names `sub`. Reported, with a proposed diff.
  it('mse: shapes [2,3] and [4] are rejected, naming mse', () => {
    expect((caught(() => c.mse(x23(), c.zeros([4], 'float64'))) as Error).message).toBe('mse: shapes [2,3] and [4] cannot be broadcast');
  });
});

describe('where, clamp and in-place ops', () => {
  rejects('where: a float condition is rejected, naming its dtype', () => c.where(x23(), 1, 0), 'dtype', 'where: condition must be a bool tensor, got float64');
  rejects('where: a number condition is rejected', () => c.where(1 as unknown as c.Tensor, 1, 0), 'type', 'where: condition must be a tensor, got number');
  rejects('where: a condition that does not broadcast is rejected, naming the shapes', () => c.where(c.ones([4], 'bool'), x23(), 0),
    'shape', 'where: shapes [4] and [2,3] cannot be broadcast');
  rejects('clamp: neither bound is rejected with PyTorch\'s words', () => c.clamp(x23()), 'value', "clamp: At least one of 'min' or 'max' must not be None");
  rejects('an in-place op whose result has another shape is rejected, naming both', () => c.inplace('add_', f64([3], [1, 2, 3]), [], (old) => c.add(old, x23())),
    'shape', "add_: output with shape [3] doesn't match the broadcast shape [2,3]");
  rejects('an in-place op writing floats into an int32 tensor is rejected, naming both dtypes', () => {
    const i = c.zeros([2], 'int32');
    return c.inplace('mul_', i, [], (old) => c.mul(old, f64([2], [0.5, 0.5])));
  }, 'dtype', "mul_: result type float64 can't be cast to the desired output type int32");
});

describe('creation', () => {
  rejects('full: a negative dimension is rejected, naming the shape', () => c.full([2, -1], 0), 'value', 'full: invalid shape [2,-1]: dimensions must be non-negative integers');
  rejects('eye: a negative size is rejected', () => c.eye(-1), 'value', /^eye: invalid shape \[-1,-1\]/);
  rejects('random_normal: a fractional dimension is rejected', () => c.randomNormal([1.5]), 'value', /^random_normal: invalid shape \[1.5\]/);
  // NOTE: zeros and ones delegate to full, whose error names `full`. Reported, with a proposed diff.
  it('zeros: a negative dimension is rejected, naming zeros', () => {
    expect((caught(() => c.zeros([-1])) as Error).message).toMatch(/^zeros: /);
  });
});

describe('the engine', () => {
  const unary = (vjp: c.Vjp) => (x: c.Tensor) => {
    const out = new c.Tensor(x.shape, x.dtype, x.data.slice());
    return c.record({ name: 'TestBackward0', saves: [], vjp }, [x], out, undefined);
  };

  it('rejects a gradient rule that returns the wrong shape, naming the node and both shapes', () => {
    const x = f64([2], [1, 2]);
    x.requiresGrad = true;
    const y = unary(() => [f64([3], [1, 1, 1])])(x);
    expect(() => c.backward([y], [f64([2], [1, 1])], { tape: null, sources: [x], accumulate: null, retainGraph: false, createGraph: false }))
      .toThrow('TestBackward0: the gradient rule returned float64[3] for input 0, which is float64[2]');
  });

  it("casts a gradient of the other float dtype to its input's dtype, as PyTorch's engine does (validate_outputs)", () => {
    const x = f64([2], [1, 2]);
    x.requiresGrad = true;
    const y = unary(() => [c.fromArray(new Float32Array([0.1, 3]))])(x);
    const [g] = c.backward([y], [f64([2], [1, 1])], { tape: null, sources: [x], accumulate: null, retainGraph: false, createGraph: false });
    expect(g!.dtype).toBe('float64');
    expect(Array.from(g!.data)).toEqual([Math.fround(0.1), 3]);
  });

  it('gives each input of a mixed float32 / float64 op its gradient in its own dtype', () => {
    // PyTorch 1.13: a = tensor([1.], requires_grad=True); b = tensor([2.], dtype=float64, requires_grad=True)
    // (a * b).sum().backward() -> a.grad = tensor([2.]), b.grad = tensor([1.], dtype=torch.float64)
    const a = c.fromArray([1], 'float32'), b = c.fromArray([2], 'float64');
    a.requiresGrad = true;
    b.requiresGrad = true;
    c.backward([c.sum(c.mul(a, b))], [c.fromArray(1, 'float64')], { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false });
    expect([a.grad!.dtype, Array.from(a.grad!.data)]).toEqual(['float32', [2]]);
    expect([b.grad!.dtype, Array.from(b.grad!.data)]).toEqual(['float64', [1]]);
  });

  // NOTE: PyTorch: "Mismatch in shape: grad_output[0] has a shape of torch.Size([]) and output[0] has a shape of
  // torch.Size([3])". The engine does not check seeds, and a scalar seed silently broadcasts. Reported, with a diff.
  it('rejects a seed whose shape differs from its output, naming both shapes', () => {
    const x = f64([3], [1, 2, 3]);
    x.requiresGrad = true;
    const y = c.mul(x, x);
    expect(() => c.backward([y], [f64([], [1])], { tape: null, sources: [x], accumulate: null, retainGraph: false, createGraph: false }))
      .toThrow(/^backward: .*\[\].*\[3\]/);
  });
});
