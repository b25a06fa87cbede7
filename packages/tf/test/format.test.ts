import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';

// Expectations are NumPy's own outputs for the same arrays (default print options), inside TF's str/repr frames.
const s = (v: tf.TensorInput, dtype: tf.DTypeLike = 'float32') => String(tf.constant(v, dtype));

describe('printing as TensorFlow and NumPy do', () => {
  it('a scalar prints as tf.Tensor(63.0, shape=(), dtype=float32), also through Node\'s console', () => {
    const y = tf.constant(63);
    expect(String(y)).toBe('tf.Tensor(63.0, shape=(), dtype=float32)');
    expect(inspect(y)).toBe('tf.Tensor(63.0, shape=(), dtype=float32)');
  });

  it('a variable prints as <tf.Variable \'Variable:0\' shape=() dtype=float32, numpy=2.0>', () => {
    const v = new tf.Variable(2.0);
    expect(String(v)).toBe("<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=2.0>");
    expect(inspect(v)).toBe("<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=2.0>");
    expect(String(new tf.Variable([1, 2]))).toBe("<tf.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>");
  });

  it('a 2-d variable starts NumPy\'s multi-line repr on a new line', () => {
    expect(String(new tf.Variable([[1, 2], [3, 4]]))).toBe(
      "<tf.Variable 'Variable:0' shape=(2, 2) dtype=float32, numpy=\narray([[1., 2.],\n       [3., 4.]], dtype=float32)>");
  });

  it('scalars use NumPy\'s shortest float32 digits: 0.1, 0.33333334, 1e-05, nan, -inf', () => {
    expect(s(0.1)).toBe('tf.Tensor(0.1, shape=(), dtype=float32)');
    expect(s(1 / 3)).toBe('tf.Tensor(0.33333334, shape=(), dtype=float32)');
    expect(s(1e-5)).toBe('tf.Tensor(1e-05, shape=(), dtype=float32)');
    expect(s(NaN)).toBe('tf.Tensor(nan, shape=(), dtype=float32)');
    expect(s(-Infinity)).toBe('tf.Tensor(-inf, shape=(), dtype=float32)');
    expect(s(0.1 + 0.2, 'float64')).toBe('tf.Tensor(0.30000000000000004, shape=(), dtype=float64)');
    expect(s(3, 'int32')).toBe('tf.Tensor(3, shape=(), dtype=int32)');
    expect(s(true, 'bool')).toBe('tf.Tensor(True, shape=(), dtype=bool)');
  });

  it('arrays share one width per element as NumPy pads them', () => {
    expect(s([1.5, 2])).toBe('tf.Tensor([1.5 2. ], shape=(2,), dtype=float32)');
    expect(s([0.1, 0.2, 0.3])).toBe('tf.Tensor([0.1 0.2 0.3], shape=(3,), dtype=float32)');
    expect(s([1 / 3, 1])).toBe('tf.Tensor([0.33333334 1.        ], shape=(2,), dtype=float32)');
    expect(s([1, 1000])).toBe('tf.Tensor([   1. 1000.], shape=(2,), dtype=float32)');
    expect(s([-1, 2])).toBe('tf.Tensor([-1.  2.], shape=(2,), dtype=float32)');
    expect(s([NaN, 1])).toBe('tf.Tensor([nan  1.], shape=(2,), dtype=float32)');
  });

  it('NumPy switches to scientific notation for small values and wide ranges', () => {
    expect(s([1e-5, 1])).toBe('tf.Tensor([1.e-05 1.e+00], shape=(2,), dtype=float32)');
    expect(s([1.5e-5, 1])).toBe('tf.Tensor([1.5e-05 1.0e+00], shape=(2,), dtype=float32)');
    expect(s([1, 10000])).toBe('tf.Tensor([1.e+00 1.e+04], shape=(2,), dtype=float32)');
  });

  it('integers right-align and booleans print as NumPy\'s True/False', () => {
    expect(s([1, 10, 100], 'int32')).toBe('tf.Tensor([  1  10 100], shape=(3,), dtype=int32)');
    expect(s([[1, 2], [3, 4]], 'int32')).toBe('tf.Tensor(\n[[1 2]\n [3 4]], shape=(2, 2), dtype=int32)');
    expect(s([true, false], 'bool')).toBe('tf.Tensor([ True False], shape=(2,), dtype=bool)');
  });

  it('long rows wrap at 75 columns: 18 elements of arange(30) on the first line', () => {
    expect(String(tf.range(0, 30, 1, 'float32'))).toBe(
      'tf.Tensor(\n[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n 18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.], shape=(30,), dtype=float32)');
  });

  it('more than 1000 elements are summarised with three edge items', () => {
    expect(String(tf.range(0, 2000, 1, 'float32'))).toBe(
      'tf.Tensor([0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03], shape=(2000,), dtype=float32)');
  });

  it('repr shows NumPy\'s array(...) with the dtype for float32 and int32 but not float64', () => {
    expect(tf.repr(tf.constant(6))).toBe('<tf.Tensor: shape=(), dtype=float32, numpy=6.0>');
    expect(tf.repr(tf.constant([1, 2], 'int32'))).toBe('<tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 2], dtype=int32)>');
    expect(tf.repr(tf.constant([1, 2], 'float64'))).toBe('<tf.Tensor: shape=(2,), dtype=float64, numpy=array([1., 2.])>');
    expect(tf.repr(tf.zeros([0]))).toBe('<tf.Tensor: shape=(0,), dtype=float32, numpy=array([], dtype=float32)>');
  });

  it('shapes print as Python tuples and dtypes as TF names', () => {
    expect(String(tf.ones([2, 3]).shape)).toBe('(2, 3)');
    expect(String(tf.ones([2]).shape)).toBe('(2,)');
    expect(inspect(tf.ones([2, 3]).shape)).toBe('TensorShape([2, 3])');
    expect(inspect(tf.float32)).toBe('tf.float32');
    expect(String(tf.float32)).toBe("<dtype: 'float32'>");
  });
});
