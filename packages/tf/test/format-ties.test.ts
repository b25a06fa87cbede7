// NumPy's digits under TensorFlow's frames (review of printing, findings 2-7). TF's text is built as its source does:
// EagerTensor.__str__ is 'tf.Tensor(%s, shape=%s, dtype=%s)' around str(t.numpy()), __repr__ is
// '<tf.Tensor: shape=%s, dtype=%s, numpy=%s>' around repr(t.numpy()) (a 0-d value is the NumPy scalar; a multi-line
// text starts on a new line), a variable is "<tf.Variable '%s' shape=%s dtype=%s, numpy=%s>". The NumPy part of each
// expectation was printed by real NumPy 1.24 (/usr/bin/python3, `import numpy as np`) with the line beside it.
import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';

const s = (v: tf.TensorInput, dtype: tf.DTypeLike = 'float32') => String(tf.constant(v, dtype));
const r = (v: tf.TensorInput, dtype: tf.DTypeLike = 'float32') => tf.constant(v, dtype).__repr__();

describe('shortest digits round exact ties to even, as Dragon4 does (finding 2)', () => {
  it('0-d float32 values', () => {
    // str(np.float32(2**-12)) -> '0.00024414062'
    expect(s(0.000244140625)).toBe('tf.Tensor(0.00024414062, shape=(), dtype=float32)');
    // str(np.float32(28224.0625)) -> '28224.062'
    expect(s(28224.0625)).toBe('tf.Tensor(28224.062, shape=(), dtype=float32)');
    // repr(np.float32(1829177.25)) -> '1829177.2'
    expect(r(1829177.25)).toBe('<tf.Tensor: shape=(), dtype=float32, numpy=1829177.2>');
  });

  it('powers of two, whose float below is nearer than the float above', () => {
    // str(np.float32(2**-96)) -> '1.2621775e-29'
    expect(s(2 ** -96)).toBe('tf.Tensor(1.2621775e-29, shape=(), dtype=float32)');
    // str(np.float32(2**90)) -> '1.2379401e+27'
    expect(s(2 ** 90)).toBe('tf.Tensor(1.2379401e+27, shape=(), dtype=float32)');
    // str(np.float32(2**-149)) -> '1e-45'
    expect(s(2 ** -149)).toBe('tf.Tensor(1e-45, shape=(), dtype=float32)');
    // str(np.float64(2**-1074)) -> '5e-324'
    expect(s(2 ** -1074, 'float64')).toBe('tf.Tensor(5e-324, shape=(), dtype=float64)');
    // str(np.float64(2.0**-1022)) -> '2.2250738585072014e-308'
    expect(s(2 ** -1022, 'float64')).toBe('tf.Tensor(2.2250738585072014e-308, shape=(), dtype=float64)');
  });

  it('array elements', () => {
    // str(np.array([1e-5, 2**-12], dtype=np.float32)) -> '[9.9999997e-06 2.4414062e-04]'
    expect(s([1e-5, 0.000244140625])).toBe('tf.Tensor([9.9999997e-06 2.4414062e-04], shape=(2,), dtype=float32)');
    // str(np.array([2**-96, 2**-90], dtype=np.float32)) -> '[1.2621775e-29 8.0779357e-28]'
    expect(s([2 ** -96, 2 ** -90])).toBe('tf.Tensor([1.2621775e-29 8.0779357e-28], shape=(2,), dtype=float32)');
  });
});

describe('cutting to precision 8 rounds exact ties to even (finding 3)', () => {
  it('positional', () => {
    // str(np.array([0.001953125, 1], dtype=np.float32)) -> '[0.00195312 1.        ]'
    expect(s([0.001953125, 1])).toBe('tf.Tensor([0.00195312 1.        ], shape=(2,), dtype=float32)');
    // repr(np.array([0.001953125, 1], dtype=np.float32)) -> 'array([0.00195312, 1.        ], dtype=float32)'
    expect(r([0.001953125, 1])).toBe('<tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.00195312, 1.        ], dtype=float32)>');
    expect(String(new tf.Variable(tf.constant([0.001953125, 1])))).toBe(
      "<tf.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array([0.00195312, 1.        ], dtype=float32)>");
    // str(np.array([0.005859375, 1], dtype=np.float32)) -> '[0.00585938 1.        ]' (an odd digit rounds up)
    expect(s([0.005859375, 1])).toBe('tf.Tensor([0.00585938 1.        ], shape=(2,), dtype=float32)');
    // str(np.array([2.00390625, 1.5], dtype=np.float32)) -> '[2.0039062 1.5      ]'
    expect(s([2.00390625, 1.5])).toBe('tf.Tensor([2.0039062 1.5      ], shape=(2,), dtype=float32)');
  });

  it('scientific', () => {
    // str(np.array([1.2345678901, 0.0001220703125])) -> '[1.23456789e+00 1.22070312e-04]'
    expect(s([1.2345678901, 0.0001220703125], 'float64')).toBe(
      'tf.Tensor([1.23456789e+00 1.22070312e-04], shape=(2,), dtype=float64)');
    // str(np.array([9.9999999999, 1.2345678e-5])) -> '[1.0000000e+01 1.2345678e-05]' (a carry, padded with zeros)
    expect(s([9.9999999999, 1.2345678e-5], 'float64')).toBe(
      'tf.Tensor([1.0000000e+01 1.2345678e-05], shape=(2,), dtype=float64)');
  });
});

describe('-0.0 keeps its sign in scientific notation (finding 4)', () => {
  it('str, repr and the padding of the other elements', () => {
    // str(np.array([-0., 1e-5], dtype=np.float32)) -> '[-0.e+00  1.e-05]'
    expect(s([-0, 1e-5])).toBe('tf.Tensor([-0.e+00  1.e-05], shape=(2,), dtype=float32)');
    // repr(np.array([-0., 1e-5], dtype=np.float32)) -> 'array([-0.e+00,  1.e-05], dtype=float32)'
    expect(r([-0, 1e-5])).toBe('<tf.Tensor: shape=(2,), dtype=float32, numpy=array([-0.e+00,  1.e-05], dtype=float32)>');
    // str(np.array([[1e-5], [-0.]], dtype=np.float32)) -> '[[ 1.e-05]\n [-0.e+00]]'
    expect(s([[1e-5], [-0]])).toBe('tf.Tensor(\n[[ 1.e-05]\n [-0.e+00]], shape=(2, 1), dtype=float32)');
  });

  it('positional and 0-d values were already right', () => {
    // str(np.array([-0., 1.5], dtype=np.float32)) -> '[-0.   1.5]'
    expect(s([-0, 1.5])).toBe('tf.Tensor([-0.   1.5], shape=(2,), dtype=float32)');
    // str(np.float32(-0.0)) -> '-0.0'
    expect(s(-0)).toBe('tf.Tensor(-0.0, shape=(), dtype=float32)');
  });
});

describe('float32 integers >= 2**24 print their exact digits in arrays, shortest ones as scalars (finding 5)', () => {
  it('arrays (min_digits=0)', () => {
    // str(np.array([46530112, 50000000], dtype=np.float32)) -> '[46530112. 50000000.]'
    expect(s([46530112, 50000000])).toBe('tf.Tensor([46530112. 50000000.], shape=(2,), dtype=float32)');
    // repr(np.array([99999992], dtype=np.float32)) -> 'array([99999992.], dtype=float32)'
    expect(String(new tf.Variable(tf.constant([99999992])))).toBe(
      "<tf.Variable 'Variable:0' shape=(1,) dtype=float32, numpy=array([99999992.], dtype=float32)>");
    // str(np.array([46530112, 100000.5], dtype=np.float32)) -> '[46530112.    100000.5]'
    expect(s([46530112, 100000.5])).toBe('tf.Tensor([46530112.    100000.5], shape=(2,), dtype=float32)');
  });

  it('scientific arrays and 0-d values keep the shortest digits', () => {
    // str(np.array([46530112, 1e-5], dtype=np.float32)) -> '[4.653011e+07 1.000000e-05]'
    expect(s([46530112, 1e-5])).toBe('tf.Tensor([4.653011e+07 1.000000e-05], shape=(2,), dtype=float32)');
    // str(np.float32(46530112)) -> '46530110.0'
    expect(s(46530112)).toBe('tf.Tensor(46530110.0, shape=(), dtype=float32)');
    // repr(np.float32(99999992)) -> '99999990.0'
    expect(r(99999992)).toBe('<tf.Tensor: shape=(), dtype=float32, numpy=99999990.0>');
  });
});

describe('the repr of an empty array always shows its dtype (finding 6)', () => {
  it('float64 and bool, whose dtype is otherwise implied', () => {
    // repr(np.zeros(0)) -> 'array([], dtype=float64)'
    expect(tf.zeros([0], 'float64').__repr__()).toBe('<tf.Tensor: shape=(0,), dtype=float64, numpy=array([], dtype=float64)>');
    // repr(np.zeros((2, 0), dtype=bool)) -> 'array([], shape=(2, 0), dtype=bool)'
    expect(tf.zeros([2, 0], 'bool').__repr__()).toBe('<tf.Tensor: shape=(2, 0), dtype=bool, numpy=array([], shape=(2, 0), dtype=bool)>');
    // repr(np.zeros(0, dtype=bool)) -> 'array([], dtype=bool)'
    expect(tf.zeros([0], 'bool').__repr__()).toBe('<tf.Tensor: shape=(0,), dtype=bool, numpy=array([], dtype=bool)>');
    // repr(np.zeros((0, 3))) -> 'array([], shape=(0, 3), dtype=float64)'
    expect(tf.zeros([0, 3], 'float64').__repr__()).toBe('<tf.Tensor: shape=(0, 3), dtype=float64, numpy=array([], shape=(0, 3), dtype=float64)>');
    // repr(np.zeros(0)) -> 'array([], dtype=float64)'
    expect(String(new tf.Variable(tf.zeros([0], 'float64')))).toBe(
      "<tf.Variable 'Variable:0' shape=(0,) dtype=float64, numpy=array([], dtype=float64)>");
  });

  it('unchanged: float32/int32 empties, str(), and non-empty float64', () => {
    // repr(np.zeros(0, dtype=np.float32)) -> 'array([], dtype=float32)'
    expect(tf.zeros([0]).__repr__()).toBe('<tf.Tensor: shape=(0,), dtype=float32, numpy=array([], dtype=float32)>');
    // repr(np.zeros(0, dtype=np.int32)) -> 'array([], dtype=int32)'
    expect(tf.zeros([0], 'int32').__repr__()).toBe('<tf.Tensor: shape=(0,), dtype=int32, numpy=array([], dtype=int32)>');
    // str(np.zeros(0)) -> '[]'
    expect(String(tf.zeros([0], 'float64'))).toBe('tf.Tensor([], shape=(0,), dtype=float64)');
    // repr(np.array([1., 2.])) -> 'array([1., 2.])'
    expect(r([1, 2], 'float64')).toBe('<tf.Tensor: shape=(2,), dtype=float64, numpy=array([1., 2.])>');
  });
});

describe('the 1000x ratio for scientific notation is computed in the array\'s dtype (finding 7)', () => {
  it('a float32 ratio rounded to 1000.0 stays positional; the float64 one does not', () => {
    // np.float32(503.7098083496094) / np.float32(0.5037097930908203) -> 1000.0
    // str(np.array([0.5037097930908203, 503.7098083496094], dtype=np.float32)) -> '[  0.5037098 503.7098   ]'
    expect(s([0.5037097930908203, 503.7098083496094])).toBe('tf.Tensor([  0.5037098 503.7098   ], shape=(2,), dtype=float32)');
    // str(np.array([0.5037097930908203, 503.7098083496094])) -> '[5.03709793e-01 5.03709808e+02]'
    expect(s([0.5037097930908203, 503.7098083496094], 'float64')).toBe(
      'tf.Tensor([5.03709793e-01 5.03709808e+02], shape=(2,), dtype=float64)');
    // str(np.array([1, 1000.0001], dtype=np.float32)) -> '[1.0000000e+00 1.0000001e+03]'
    expect(s([1, 1000.0001])).toBe('tf.Tensor([1.0000000e+00 1.0000001e+03], shape=(2,), dtype=float32)');
  });
});
