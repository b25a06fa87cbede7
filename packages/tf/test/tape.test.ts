import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';

describe('GradientTape semantics', () => {
  it('a non-persistent tape refuses a second gradient with TF\'s RuntimeError text', () => {
    const x = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(x));
    expect(tape.gradient(y, x)!.numpy()).toBe(6);
    expect(() => tape.gradient(y, x)).toThrow(tf.RuntimeError);
    expect(() => tape.gradient(y, x)).toThrow('A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)');
  });

  it('a jacobian also uses up a non-persistent tape', () => {
    const x = tf.constant([1.0, 2.0]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return x.mul(x); });
    tape.jacobian(y, x);
    expect(() => tape.gradient(y, x)).toThrow(/non-persistent/);
  });

  it('a persistent tape records several blocks and answers several gradients', () => {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape({ persistent: true });
    const a = tape.record(() => x.mul(3));
    const b = tape.record(() => a.mul(x));
    expect(tape.gradient(a, x)!.numpy()).toBe(3);
    expect(tape.gradient(b, x)!.numpy()).toBe(12); // d(3x^2) = 6x
  });

  it('gradient inside the record block of a non-persistent tape stops it recording first', () => {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const [g, after] = tape.record(() => {
      const y = x.mul(x);
      const g = tape.gradient(y, x)!;
      return [g, x.mul(5)] as const;
    });
    expect(g.numpy()).toBe(4);
    expect(after.numpy()).toBe(10);
  });

  it('a callback that returns a Promise is refused with a clear error', () => {
    const tape = new tf.GradientTape();
    expect(() => tape.record(async () => 1)).toThrow(/returned a Promise.*await/);
  });

  it('re-entering a recording tape is TF\'s ValueError', () => {
    const tape = new tf.GradientTape();
    expect(() => tape.record(() => tape.record(() => 1))).toThrow('Tape is still recording, This can happen if you try to re-enter an already-active tape.');
  });

  it('reset outside the record block is TF\'s ValueError "Tape is not recording."', () => {
    const tape = new tf.GradientTape();
    tape.record(() => 0);
    expect(() => tape.reset()).toThrow(tf.ValueError);
  });

  it('stop_recording on a tape that never recorded is TF\'s RuntimeError', () => {
    expect(() => new tf.GradientTape().stop_recording(() => 0)).toThrow('Trying to stop recording a tape which is not recording.');
  });

  // backprop.py watch -> tape.watch: "Passed in object {t} of type {type(t).__name__!r}, not tf.Tensor or tf.Variable or ExtensionType."
  it('watch refuses something that is not a tensor with TF\'s ValueError', () => {
    const tape = new tf.GradientTape();
    expect(() => tape.record(() => tape.watch(3 as unknown as tf.Tensor))).toThrow("Passed in object 3 of type 'int', not tf.Tensor or tf.Variable or ExtensionType.");
  });

  it('watch takes a list of tensors', () => {
    const a = tf.constant(2.0), b = tf.constant(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch([a, b]); return a.mul(b); });
    expect(tape.gradient(y, [a, b]).map((g) => g!.numpy())).toEqual([3, 2]);
  });

  it('sources keep their structure: nested arrays and plain objects', () => {
    const a = new tf.Variable(1.0), b = new tf.Variable(2.0), c = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => a.mul(b).mul(c));
    const g = tape.gradient(y, { first: [a, b], second: { c } });
    expect(g.first.map((t) => t!.numpy())).toEqual([6, 3]);
    expect(g.second.c!.numpy()).toBe(2);
    expect(Object.keys(g)).toEqual(['first', 'second']);
  });

  it('output_gradients weigh the target elements', () => {
    const x = tf.constant([1.0, 2.0]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return x.mul(x); });
    expect(tape.gradient(y, x, { output_gradients: tf.constant([10, 100]) })!.numpy()).toEqual([20, 400]);
  });

  // TF passes the seed to the op's gradient unchecked; one that cannot broadcast fails there as broadcasting does
  it('output_gradients that do not broadcast to the target are the InvalidArgumentError of broadcasting', () => {
    const x = tf.constant([1.0, 2.0]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return x.mul(x); });
    expect(() => tape.gradient(y, x, { output_gradients: tf.constant([1, 2, 3]) })).toThrow(tf.InvalidArgumentError);
    const tape2 = new tf.GradientTape();
    const y2 = tape2.record(() => { tape2.watch(x); return x.mul(x); });
    expect(() => tape2.gradient(y2, x, { output_gradients: tf.constant([1, 2, 3]) })).toThrow('Incompatible shapes: [3] vs. [2]');
  });

  it('a source that is not a tensor is a TypeError, and a target that is not a tensor too', () => {
    const x = new tf.Variable(1.0);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => x.mul(2));
    expect(() => tape.gradient(y, 2 as unknown as tf.Tensor)).toThrow(TypeError);
    expect(() => tape.gradient(5 as unknown as tf.Tensor, x)).toThrow(TypeError);
  });

  it("an unknown unconnected_gradients value is TF's ValueError, with Python's repr of it", () => {
    const x = new tf.Variable(1.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(2));
    expect(() => tape.gradient(y, x, { unconnected_gradients: 'zeros' as 'zero' })).toThrow("Unknown value for unconnected_gradients: 'zeros'");
  });

  it('integer sources get null, and zeros of their dtype with ZERO', () => {
    const i = tf.constant([1, 2], tf.int32);
    const x = new tf.Variable(1.0);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => { tape.watch(i); return x.mul(tf.cast(i, tf.float32)); });
    expect(tape.gradient(y, i)).toBeNull();
    const z = tape.gradient(y, i, { unconnected_gradients: 'zero' })!;
    expect(z.dtype).toBe(tf.int32);
    expect(z.numpy()).toEqual([0, 0]);
  });

  it('a variable assigned inside the tape gets the sum over every value read', () => {
    const v = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { const a = v.mul(3); v.assign(5); return a.add(v.mul(v)); });
    expect(tape.gradient(y, v)!.numpy()).toBe(3 + 10);
  });

  it('a graph recorded before an assign keeps the old value (reads are snapshots)', () => {
    const v = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => v.mul(v));
    v.assign(10);
    expect(y.numpy()).toBe(4);
    expect(tape.gradient(y, v)!.numpy()).toBe(4);
  });

  it('the same target twice counts twice', () => {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(3));
    expect(tape.gradient([y, y], x)!.numpy()).toBe(6);
  });

  it('a non-persistent tape records again after its gradient with a fresh tape', () => {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(3));
    tape.gradient(y, x);
    const z = tape.record(() => x.mul(7));
    expect(tape.gradient(z, x)!.numpy()).toBe(7);
  });

  it('watched_variables lists explicitly watched non-trainable variables too', () => {
    const a = new tf.Variable(1.0, { name: 'a', trainable: false });
    const b = new tf.Variable(1.0, { name: 'b' });
    const tape = new tf.GradientTape();
    tape.record(() => { tape.watch(a); return a.add(b); });
    expect(tape.watched_variables().map((v) => v.name)).toEqual(['a:0', 'b:0']);
  });

  it('custom_gradient with two inputs returns one gradient each and works with a third order tape', () => {
    const f = tf.custom_gradient((x: tf.Tensor, y: tf.Tensor) => [x.mul(y), (dy: tf.Tensor) => [dy.mul(y), dy.mul(x)]]);
    const x = tf.constant(3.0), y = tf.constant(4.0);
    const outer = new tf.GradientTape();
    const inner = new tf.GradientTape();
    const gx = outer.record(() => {
      outer.watch(y);
      const z = inner.record(() => { inner.watch([x, y]); return f(x, y); });
      return inner.gradient(z, [x, y])[0]!;
    });
    expect(gx.numpy()).toBe(4);
    expect(outer.gradient(gx, y)!.numpy()).toBe(1);
  });

  it("custom_gradient's grad_fn may keep its upstream and its results: later gradients leave them as they were", () => {
    const kept: tf.Tensor[] = [];
    const f = tf.custom_gradient((x: tf.Tensor) => [x.mul(3), (dy: tf.Tensor) => { const r = dy.mul(3); kept.push(dy, r); return r; }]);
    const x = tf.constant([1, 2, 3, 4]);
    // tanh after f: the upstream dy is tanh's gradient, a cotangent the pass made
    const grad = () => { const tape = new tf.GradientTape(); tape.watch(x); return tape.gradient(tape.record(() => tf.reduce_sum(tf.tanh(f(x)))), x)!; };
    const g = grad();
    for (let k = 0; k < 5; k++) grad();
    // upstream: d tanh(u) = 1 - tanh(u)^2 at u = 3x; grad_fn's result and the gradient: 3 (1 - tanh(3x)^2)
    const dtanh = [1, 2, 3, 4].map((v) => 1 - Math.tanh(3 * v) ** 2);
    (kept[0]!.numpy() as number[]).forEach((v, i) => expect(v).toBeCloseTo(dtanh[i]!, 6));
    (kept[1]!.numpy() as number[]).forEach((v, i) => expect(v).toBeCloseTo(3 * dtanh[i]!, 6));
    (g.numpy() as number[]).forEach((v, i) => expect(v).toBeCloseTo(3 * dtanh[i]!, 6));
  });

  it("a dense layer's logits as a source: their gradient is returned intact beside the weights' (d sum(l^2)/dl = 2l)", () => {
    const W = new tf.Variable([[1, 2], [3, 4]]), b = tf.constant([0.5, -0.5]), x = tf.constant([[1, 1], [2, 0]]);
    const tape = new tf.GradientTape();
    let logits: tf.Tensor | null = null;
    const loss = tape.record(() => { logits = tf.add(tf.matmul(x, W), b); return tf.reduce_sum(tf.square(logits)); });
    const [gl, gW] = tape.gradient(loss, [logits!, W]);
    // logits = [[4.5, 5.5], [2.5, 3.5]]; dW = x^T (2 logits)
    expect(gl!.numpy()).toEqual([[9, 11], [5, 7]]);
    expect(gW!.numpy()).toEqual([[19, 25], [9, 11]]);
  });
});

describe('jacobians without pfor', () => {
  // backprop.py: jacobian / batch_jacobian with experimental_use_pfor=False loop over rows with a gradient call each,
  // so a non-persistent tape raises (the double spaces are TensorFlow's)
  it('a non-persistent tape refuses them with TensorFlow\'s RuntimeError; a persistent one computes them', () => {
    const x = tf.constant([[1, 2], [3, 4]]);
    const t = new tf.GradientTape();
    const y = t.record(() => { t.watch(x); return x.mul(x); });
    expect(() => t.jacobian(y, x, { experimental_use_pfor: false })).toThrowError(new tf.RuntimeError(
      'GradientTape must be created with persistent=True to compute the jacobian with eager execution enabled and with  experimental_use_pfor set to False.'));
    expect(() => t.batch_jacobian(y, x, { experimental_use_pfor: false })).toThrowError(new tf.RuntimeError(
      'GradientTape must be created with persistent=True to compute the batch_jacobian with eager execution enabled and  with experimental_use_pfor set to False.'));
    const p = new tf.GradientTape({ persistent: true });
    const z = p.record(() => { p.watch(x); return x.mul(x); });
    // d(x_ij^2)/dx_ij = 2 x_ij: the batch Jacobian of row i is diag(2 x_i)
    expect(p.batch_jacobian(z, x, { experimental_use_pfor: false })!.numpy()).toEqual([[[2, 0], [0, 4]], [[6, 0], [0, 8]]]);
  });
});

// tensorflow/python/ops/custom_gradient.py (_eager_mode_decorator): variables read inside f that are not inputs
// reach grad_fn as the `variables` keyword and get the second list it returns; several outputs give grad_fn one
// upstream gradient each; a wrong number of input gradients is a ValueError.
describe('custom_gradient: variables, several outputs, and its errors', () => {
  it('a variable read inside f gets the gradient grad_fn returns for it', () => {
    const v = new tf.Variable(2.0);
    const f = tf.custom_gradient((x: tf.Tensor) => [tf.multiply(x, v),
      (dy: tf.Tensor, o: { variables: tf.Variable[] }) => [[tf.multiply(dy, v)], [tf.multiply(dy, x)]]] as never);
    const x = tf.constant(3.0);
    const t = new tf.GradientTape();
    const y = t.record(() => { t.watch(x); return f(x); });
    // d(x v)/dx = v = 2, d(x v)/dv = x = 3
    expect(t.gradient(y, [x, v]).map((g) => g!.numpy())).toEqual([2, 3]);
  });

  it("a grad_fn that cannot take the variables is TensorFlow's TypeError", () => {
    const v = new tf.Variable(2.0);
    const f = tf.custom_gradient((x: tf.Tensor) => [tf.multiply(x, v), (dy: tf.Tensor) => tf.multiply(dy, v)]);
    expect(() => f(tf.constant(3.0))).toThrowError(new TypeError(
      "@tf.custom_gradient grad_fn must accept keyword argument 'variables', since function uses variables: " +
      "[<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=2.0>]"));
  });

  it('several outputs: grad_fn gets one upstream gradient per output', () => {
    const f = tf.custom_gradient((x: tf.Tensor) => [[tf.multiply(x, 2), tf.multiply(x, 3)],
      (d1: tf.Tensor, d2: tf.Tensor) => tf.add(tf.multiply(d1, 2), tf.multiply(d2, 30))] as never);
    const x = tf.constant([1.0, 2.0]);
    const t = new tf.GradientTape();
    const [a, b] = t.record(() => { t.watch(x); return f(x); }) as tf.Tensor[];
    expect([a!.numpy(), b!.numpy()]).toEqual([[2, 4], [3, 6]]);
    // the target [a, b] is summed: upstreams ones for both, so grad_fn gives 2 + 30 per element
    expect(t.gradient([a!, b!], x)!.numpy()).toEqual([32, 32]);
  });

  it('a grad_fn returning fewer gradients than inputs is a ValueError', () => {
    const f = tf.custom_gradient((a: tf.Tensor, b: tf.Tensor) => [tf.multiply(a, b), (dy: tf.Tensor) => [dy]] as never);
    const a = tf.constant(1.0), b = tf.constant(2.0);
    const t = new tf.GradientTape();
    const y = t.record(() => { t.watch([a, b]); return f(a, b); });
    expect(() => t.gradient(y, [a, b])).toThrowError(
      'custom_gradient function expected to return 2 gradients, but returned 1 instead.');
  });
});

describe('clip_by_value with tensor bounds', () => {
  it("clips with tensor bounds (clip_ops.py: minimum then maximum), and min > max gives min", () => {
    expect(tf.clip_by_value(tf.constant([-2, 0.5, 3]), tf.constant(-1.0), tf.constant(1.0)).numpy()).toEqual([-1, 0.5, 1]);
    expect(tf.clip_by_value(tf.constant([-2, 0.5, 3]), tf.constant([-3, 0, 0]), tf.constant([0, 0.25, 5])).numpy()).toEqual([-2, 0.25, 3]);
    // maximum(minimum([0, 5], 1), 3) = [3, 3]
    expect(tf.clip_by_value(tf.constant([0, 5]), 3, 1).numpy()).toEqual([3, 3]);
    expect(() => tf.clip_by_value(tf.constant([1, 2], 'int32'), 0.5, 3)).toThrowError(new TypeError('Cannot convert 0.5 to EagerTensor of dtype int32'));
  });

  it('a bound may not broadcast t to a larger shape (clip_ops.py asserts each step keeps the shape), nor fail to broadcast', () => {
    const t = tf.constant([1, 2, 3]);
    // maximum(minimum(t, 2), zeros [2, 3]) would be [2, 3]: TensorShape.assert_is_compatible_with's ValueError
    expect(() => tf.clip_by_value(t, tf.zeros([2, 3]), 2)).toThrowError(new tf.ValueError('Shapes (3,) and (2, 3) are incompatible'));
    expect(() => tf.clip_by_value(t, 0, tf.zeros([2, 3]))).toThrowError(new tf.ValueError('Shapes (3,) and (2, 3) are incompatible'));
    expect(() => tf.clip_by_value(tf.constant(1), tf.constant([0, 1, 2]), 2)).toThrowError(new tf.ValueError('Shapes () and (3,) are incompatible'));
    // minimum runs first, so an unbroadcastable max is reported by Minimum, an unbroadcastable min by Maximum
    expect(() => tf.clip_by_value(t, tf.constant([0, 1]), tf.constant([5, 5]))).toThrowError('Incompatible shapes: [3] vs. [2] [Op:Minimum]');
    expect(() => tf.clip_by_value(t, tf.constant([0, 1]), 2)).toThrowError('Incompatible shapes: [3] vs. [2] [Op:Maximum]');
    // a bound that broadcasts into t's shape is fine
    expect(tf.clip_by_value(tf.constant([[1, 2, 3], [4, 5, 6]]), tf.constant([2, 0, 4]), 5).numpy()).toEqual([[2, 2, 4], [4, 5, 5]]);
  });
});

describe('tf.slice, softmax_cross_entropy_with_logits and the learning-rate setter, as TensorFlow', () => {
  it("tf.slice checks begin and size as the Slice kernel does (slice_op.cc)", () => {
    const A = tf.constant([[1, 2, 3], [4, 5, 6]]);
    expect(tf.slice(A, [0, 1], [2, -1]).numpy()).toEqual([[2, 3], [5, 6]]);
    expect(() => tf.slice(A, [0, 1], [3, 2])).toThrowError('Expected size[0] in [0, 2], but got 3 [Op:Slice]');
    expect(() => tf.slice(tf.constant([1, 2, 3]), [4], [-1])).toThrowError('Expected begin[0] in [0, 3], but got 4 [Op:Slice]');
  });

  it('softmax_cross_entropy_with_logits casts the labels to the logits dtype and broadcasts them (nn_ops.py, xent_op.cc)', () => {
    // labels [1, 3] against logits [2, 3]: each row's loss -sum(p log softmax(l)); here p uniform = 1/3 each
    const logits = tf.constant([[0, 0, 0], [1, 2, 3]]);
    const got = tf.nn.softmax_cross_entropy_with_logits({ labels: tf.constant([[1 / 3, 1 / 3, 1 / 3]], 'float64'), logits }).numpy() as number[];
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expect(got[0]).toBeCloseTo(Math.log(3), 6);
    expect(got[1]).toBeCloseTo(lse - 2, 5); // -(1/3)(1 + 2 + 3 - 3 lse) = lse - 2
    expect(() => tf.nn.softmax_cross_entropy_with_logits({ labels: tf.constant([[1, 0, 0, 0]]), logits }))
      .toThrowError('logits and labels must be broadcastable: logits_size=[2,3] labels_size=[1,4] [Op:SoftmaxCrossEntropyWithLogits]');
  });

  it("setting learning_rate assigns Keras's rate variable, the same object (base_optimizer.py)", () => {
    const opt = new tf.keras.optimizers.SGD({ learning_rate: 0.1 });
    const lr = opt.learning_rate;
    opt.learning_rate = 0.5;
    expect(opt.learning_rate).toBe(lr);
    expect((lr as tf.Variable).numpy()).toBe(0.5);
  });
});

describe("error texts in TensorFlow's words", () => {
  // matmul_op.cc, split_op.cc, nn_ops.py (_softmax; sparse_softmax_cross_entropy_with_logits_v2), sparse_xent_op.cc,
  // imperative_grad.py (%r of the value)
  it('matmul, split, softmax axis, sparse cross-entropy, unconnected_gradients', () => {
    expect(() => tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))).toThrowError('Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3] [Op:MatMul]');
    expect(() => tf.split(tf.ones([2, 3]), 2, 1)).toThrowError(
      'Number of ways to split should evenly divide the split dimension, but got split_dim 1 (size = 3) and num_split 2 [Op:Split]');
    expect(() => tf.nn.softmax(tf.ones([2, 3]), 2)).toThrowError('Dimension (2) must be in the range [-2, 2) where 2 is the number of dimensions in the input.');
    const xent = (labels: number[] | number[][], logits: tf.Tensor) => () =>
      tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant(labels as number[], 'int32'), logits });
    expect(xent([[1, 2]], tf.ones([2, 3]))).toThrowError('Rank mismatch: Rank of labels (received 2) should equal rank of logits minus 1 (received 2).');
    expect(xent([1, 2, 0], tf.ones([2, 3]))).toThrowError(
      'Shape mismatch: The shape of labels (received (3,)) should equal the shape of logits except for the last dimension (received (2, 3)).');
    expect(xent([5, 0], tf.ones([2, 3]))).toThrowError(
      'Received a label value of 5 which is outside the valid range of [0, 3).  Label values: 5 0 [Op:SparseSoftmaxCrossEntropyWithLogits]');
    const x = tf.constant(1.0);
    const t = new tf.GradientTape();
    const y = t.record(() => { t.watch(x); return x.mul(2); });
    expect(() => t.gradient(y, x, { unconnected_gradients: 'zeros' as never })).toThrowError("Unknown value for unconnected_gradients: 'zeros'");
  });
});

describe('tf.where with one argument', () => {
  it('gives the coordinates of the true elements, one row each (array_ops.where_v2; int32 here, TF int64)', () => {
    expect(tf.where(tf.constant([[true, false], [false, true]])).numpy()).toEqual([[0, 0], [1, 1]]);
    expect(tf.where(tf.constant([0, 3, 0, 1])).numpy()).toEqual([[1], [3]]);
  });
});

describe('tf.pad REFLECT and SYMMETRIC', () => {
  it('mirror as array_ops.pad does (MirrorPad), with the kernel checks and a gradient that sums the copies', () => {
    const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
    // tf.pad's documentation: REFLECT [[1,1],[2,2]] -> [[6,5,4,5,6,5,4], [3,2,1,2,3,2,1], [6,5,...], [3,2,...]]
    expect(tf.pad(x, [[1, 1], [2, 2]], 'REFLECT').numpy()).toEqual(
      [[6, 5, 4, 5, 6, 5, 4], [3, 2, 1, 2, 3, 2, 1], [6, 5, 4, 5, 6, 5, 4], [3, 2, 1, 2, 3, 2, 1]]);
    // SYMMETRIC -> [[2,1,1,2,3,3,2], [2,1,1,2,3,3,2], [5,4,4,5,6,6,5], [5,4,4,5,6,6,5]]
    expect(tf.pad(x, [[1, 1], [2, 2]], 'SYMMETRIC').numpy()).toEqual(
      [[2, 1, 1, 2, 3, 3, 2], [2, 1, 1, 2, 3, 3, 2], [5, 4, 4, 5, 6, 6, 5], [5, 4, 4, 5, 6, 6, 5]]);
    expect(() => tf.pad(x, [[0, 0], [3, 3]], 'REFLECT')).toThrowError('paddings must be less than the dimension size: 3, 3 not less than 3 [Op:MirrorPad]');
    expect(() => tf.pad(x, [[0, 0], [1, 1]], 'WRAP')).toThrowError('Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". Received `mode` = WRAP');
    // d sum(pad([a, b, c], [2, 1], REFLECT)) = counts of each entry: c b | a b c | b -> [1, 3, 2]
    const v = tf.constant([1, 2, 3]);
    const t = new tf.GradientTape();
    const y = t.record(() => { t.watch(v); return tf.reduce_sum(tf.pad(v, [[2, 1]], 'REFLECT')); });
    expect(t.gradient(y, v)!.numpy()).toEqual([1, 3, 2]);
  });
});

describe('tf.pow of an integer base to a negative integer', () => {
  it("is the Pow kernel's InvalidArgumentError (cwise_ops.h), for a number or a tensor exponent", () => {
    const i = tf.constant([2, 3], 'int32');
    expect(() => tf.pow(i, -1)).toThrowError('Integers to negative integer powers are not allowed [Op:Pow]');
    expect(() => i.pow(tf.constant([1, -2], 'int32'))).toThrowError('Integers to negative integer powers are not allowed [Op:Pow]');
    expect(tf.pow(i, 2).numpy()).toEqual([4, 9]);
  });
});
