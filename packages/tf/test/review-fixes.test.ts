import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';

// Fixes of a review's probes (/tmp/review/tf). Each expected text is TensorFlow's, from the source cited beside it.

/** The op summary TF appends to an attr error (op_def_util.cc's SummarizeOpDef), for the ops tested below. */
const NUMBER_TYPES = 'float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64';
const reductionTypeError = (op: string, dtype: string): string =>
  `Value for attr 'T' of ${dtype} is not in the list of allowed values: ${NUMBER_TYPES}\n\t; NodeDef: {{node ${op}}}; ` +
  `Op<name=${op}; signature=input:T, reduction_indices:Tidx -> output:T; attr=keep_dims:bool,default=false; ` +
  `attr=T:type,allowed=[${NUMBER_TYPES.split(', ').map((n) => `DT_${n.toUpperCase()}`).join(', ')}]; ` +
  `attr=Tidx:type,default=DT_INT32,allowed=[DT_INT32, DT_INT64]> [Op:${op}]`;

describe('integer and bool reductions follow TensorFlow', () => {
  // reduce_mean's docstring (math_ops.py): tf.reduce_mean(tf.constant([1, 0, 1, 0])) is <tf.Tensor: ... dtype=int32, numpy=0>
  it('reduce_mean of an int32 tensor is int32, truncated', () => {
    expect(tf.reduce_mean(tf.constant([1, 2], 'int32')).__repr__()).toBe('<tf.Tensor: shape=(), dtype=int32, numpy=1>');
    expect(String(tf.reduce_mean(tf.constant([[1, 2], [3, 5]], 'int32'), 1))).toBe('tf.Tensor([1 4], shape=(2,), dtype=int32)');
  });
  // core/ops/math_ops.cc: Sum, Mean (and Prod, Max, Min) declare "T: numbertype", which has no bool; the eager error is
  // op_def_util.cc's ValidateAttrValue text, as in tensorflow/tensorflow#43494
  it('reduce_mean and reduce_sum of bool are the kernels\' attr errors', () => {
    expect(thrown(() => tf.reduce_mean(tf.constant([true, false])))).toEqual(['InvalidArgumentError', reductionTypeError('Mean', 'bool')]);
    expect(thrown(() => tf.reduce_sum(tf.constant([true, true])))).toEqual(['InvalidArgumentError', reductionTypeError('Sum', 'bool')]);
  });
  // math_ops.py reduce_variance: `if means.dtype.is_integer: raise TypeError(f"Input must be either real or complex.
  // Received integer type {means.dtype}.")`; reduce_std calls reduce_variance
  it('reduce_variance and reduce_std of int32 are TypeErrors raised by the facade', () => {
    const msg = "Input must be either real or complex. Received integer type <dtype: 'int32'>.";
    expect(thrown(() => tf.math.reduce_variance(tf.constant([1, 2], 'int32')))).toEqual(['TypeError', msg]);
    expect(thrown(() => tf.math.reduce_std(tf.constant([1, 2], 'int32')))).toEqual(['TypeError', msg]);
    // a bool input fails in the mean reduce_variance takes first
    expect(thrown(() => tf.math.reduce_std(tf.constant([true])))).toEqual(['InvalidArgumentError', reductionTypeError('Mean', 'bool')]);
  });
});

describe('reduce_max and reduce_min of nothing are the reductions\' identities', () => {
  // Eigen's MaxReducer / MinReducer start at -inf / +inf (lowest / highest for integers): TF returns them for an empty
  // reduction where PyTorch raises
  it('an empty tensor gives -inf and +inf', () => {
    expect(String(tf.reduce_max(tf.zeros([0])))).toBe('tf.Tensor(-inf, shape=(), dtype=float32)');
    expect(String(tf.reduce_min(tf.zeros([0])))).toBe('tf.Tensor(inf, shape=(), dtype=float32)');
    expect(tf.reduce_max(tf.zeros([0], 'int32')).numpy()).toBe(-2147483648);
  });
  it('an empty axis gives a tensor of -inf over the other axes (keepdims too)', () => {
    expect(String(tf.reduce_max(tf.zeros([2, 0]), 1))).toBe('tf.Tensor([-inf -inf], shape=(2,), dtype=float32)');
    expect(tf.reduce_max(tf.zeros([2, 0]), 1, true).shape.as_list()).toEqual([2, 1]);
    expect(tf.reduce_max(tf.zeros([0, 3]), 1).shape.as_list()).toEqual([0]);
  });
  // _MinOrMaxGrad gives a gradient of x's shape (here empty), not None
  it('its gradient is an empty tensor of the input\'s shape', () => {
    const x = new tf.Variable(tf.zeros([2, 0]));
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduce_max(x, 1));
    expect(tape.gradient(y, x)!.__repr__()).toBe('<tf.Tensor: shape=(2, 0), dtype=float32, numpy=array([], shape=(2, 0), dtype=float32)>');
  });
});

describe('a number beside an int32 or bool tensor is converted to its dtype, never promoted', () => {
  // execute.py's args_to_matching_eager converts the Python scalar with the tensor's dtype; pywrap_tensor.cc refuses a
  // float for int32 with "Cannot convert <repr> to EagerTensor of dtype int32" (py_seq_tensor.cc: no int from a float,
  // no bool from a number)
  it('a fractional number is a TypeError for every binary op', () => {
    const i = tf.constant([1, 2], 'int32');
    expect(thrown(() => tf.add(i, 1.5))).toEqual(['TypeError', 'Cannot convert 1.5 to EagerTensor of dtype int32']);
    expect(thrown(() => tf.add(1.5, i))).toEqual(['TypeError', 'Cannot convert 1.5 to EagerTensor of dtype int32']);
    expect(thrown(() => tf.multiply(i, 0.5))).toEqual(['TypeError', 'Cannot convert 0.5 to EagerTensor of dtype int32']);
    expect(thrown(() => tf.pow(i, 0.5))).toEqual(['TypeError', 'Cannot convert 0.5 to EagerTensor of dtype int32']);
    expect(thrown(() => tf.subtract(i, 1e-7))).toEqual(['TypeError', 'Cannot convert 1e-07 to EagerTensor of dtype int32']);
    expect(thrown(() => i.mul([0.5, 1]))).toEqual(['TypeError', 'Cannot convert [0.5, 1] to EagerTensor of dtype int32']);
    expect(thrown(() => tf.equal(tf.constant([true]), 1))).toEqual(['TypeError', 'Cannot convert 1 to EagerTensor of dtype bool']);
  });
  it('an integral number keeps the int32 dtype', () => {
    expect(tf.add(tf.constant([1, 2], 'int32'), 2).__repr__()).toBe('<tf.Tensor: shape=(2,), dtype=int32, numpy=array([3, 4], dtype=int32)>');
    expect(tf.pow(tf.constant([2, 3], 'int32'), 2).__repr__()).toBe('<tf.Tensor: shape=(2,), dtype=int32, numpy=array([4, 9], dtype=int32)>');
    const v = new tf.Variable(1, { dtype: 'int32' });
    v.assign_add(1);
    expect(String(v)).toBe("<tf.Variable 'Variable:0' shape=() dtype=int32, numpy=2>");
  });
});

describe('converting a float to int32 is TensorFlow\'s TypeError', () => {
  // pywrap_tensor.cc (ConvertToEagerTensorUncached): "Cannot convert ", repr(value), " to EagerTensor of dtype ", dtype
  it('tf.constant and Variable.assign / assign_add refuse fractional values for int32', () => {
    expect(thrown(() => tf.constant(1.5, 'int32'))).toEqual(['TypeError', 'Cannot convert 1.5 to EagerTensor of dtype int32']);
    const v = new tf.Variable([1, 2], { dtype: 'int32' });
    expect(thrown(() => v.assign([1.5, 2]))).toEqual(['TypeError', 'Cannot convert [1.5, 2] to EagerTensor of dtype int32']);
    expect(thrown(() => v.assign_add([1.5, 0]))).toEqual(['TypeError', 'Cannot convert [1.5, 0] to EagerTensor of dtype int32']);
    expect(v.numpy()).toEqual([1, 2]);
  });
  // constant_op.py convert_to_eager_tensor: raise TypeError(f"Expected tensor {value} with dtype {dtype!r}, but got
  // dtype {value.dtype!r}.") (a tensor is never cast by tf.constant)
  it('tf.constant of a tensor with another dtype is a TypeError, not a cast', () => {
    const x = tf.constant(1.5);
    expect(thrown(() => tf.constant(x, tf.int32))).toEqual(['TypeError', 'Expected tensor tf.Tensor(1.5, shape=(), dtype=float32) with dtype tf.int32, but got dtype tf.float32.']);
    expect(thrown(() => tf.constant(x, 'int32'))).toEqual(['TypeError', "Expected tensor tf.Tensor(1.5, shape=(), dtype=float32) with dtype 'int32', but got dtype tf.float32."]);
  });
});

describe('SGD.momentums are Keras\'s slot variables', () => {
  // keras/src/optimizers/sgd.py build: self.momentums.append(self.add_variable_from_reference(reference_variable=variable,
  // name="momentum")); base_optimizer.py add_variable_from_reference: shape and dtype of the reference variable
  it('have the variable\'s shape and dtype and hold Keras\'s velocity', () => {
    const o = new tf.keras.optimizers.SGD({ learning_rate: 0.1, momentum: 0.9 });
    const w = new tf.Variable([[1, 2], [3, 4]]);
    o.apply_gradients([[tf.ones([2, 2]), w]]);
    const [m] = o.momentums;
    expect(m!.shape.as_list()).toEqual([2, 2]);
    expect(m!.dtype).toBe(tf.float32);
    expect(m!.numpy()).toEqual([[Math.fround(-0.1), Math.fround(-0.1)], [Math.fround(-0.1), Math.fround(-0.1)]]);
  });
  it('are the same objects at every access, kept current by each step', () => {
    const o = new tf.keras.optimizers.SGD({ learning_rate: 0.1, momentum: 0.9 });
    const w = new tf.Variable([1], { dtype: 'float64' });
    o.apply_gradients([[tf.ones([1], 'float64'), w]]);
    const m = o.momentums[0]!;
    expect(o.momentums[0]).toBe(m);
    expect(o.variables).toContain(m);
    // Keras: m = 0.9 * -0.1 - 0.1 * 1 = -0.19 after the second step
    o.apply_gradients([[tf.ones([1], 'float64'), w]]);
    expect(m.numpy()[0]).toBeCloseTo(-0.19, 15);
  });
});

describe('ops TensorFlow refuses', () => {
  // the kernels' input type check (eager execute), the same words as for binary ops of two dtypes
  it('tf.stack and tf.concat of float32 with int32', () => {
    expect(thrown(() => tf.stack([tf.constant(1), tf.constant(1, 'int32')]))).toEqual(['InvalidArgumentError', 'cannot compute Pack as input #1(zero-based) was expected to be a float tensor but is a int32 tensor [Op:Pack]']);
    expect(thrown(() => tf.concat([tf.constant([1]), tf.constant([1], 'int32')], 0))).toEqual(['InvalidArgumentError', 'cannot compute ConcatV2 as input #1(zero-based) was expected to be a float tensor but is a int32 tensor [Op:ConcatV2]']);
    // a Python value takes the first tensor's dtype
    expect(tf.stack([tf.constant(1, 'int32'), 2]).dtype).toBe(tf.int32);
  });
  // math_ops.cc: Sqrt and Exp are UNARY_COMPLEX, "T: {bfloat16, half, float, double, complex64, complex128}"; the
  // eager text as tensorflow/tensorflow#43494 shows it for Rsqrt
  it('tf.sqrt and tf.exp of int32', () => {
    const err = (op: string): string =>
      "Value for attr 'T' of int32 is not in the list of allowed values: bfloat16, half, float, double, complex64, complex128\n\t; " +
      `NodeDef: {{node ${op}}}; Op<name=${op}; signature=x:T -> y:T; attr=T:type,allowed=[DT_BFLOAT16, DT_HALF, DT_FLOAT, DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128]> [Op:${op}]`;
    expect(thrown(() => tf.sqrt(tf.constant([4], 'int32')))).toEqual(['InvalidArgumentError', err('Sqrt')]);
    expect(thrown(() => tf.exp(tf.constant([1], 'int32')))).toEqual(['InvalidArgumentError', err('Exp')]);
  });
});

describe('last review fixes: conversions and custom_gradient variables', () => {
  // resource_variable_ops.py assign_add: ops.convert_to_tensor(delta, dtype=self.dtype), whose ValueError names both
  // and quotes the tensor's repr (tensor_conversion_registry's function for tensors: f"...: {v!r}")
  it('assign_add / assign_sub of a tensor of another dtype is convert_to_tensor\'s ValueError, the variable unchanged', () => {
    const v = new tf.Variable([1, 2]);
    const d = tf.constant([1, 1], 'float64');
    expect(thrown(() => v.assign_add(d))).toEqual(['ValueError', 'Tensor conversion requested dtype float32 for Tensor with dtype float64: <tf.Tensor: shape=(2,), dtype=float64, numpy=array([1., 1.])>']);
    expect(thrown(() => v.assign_sub(d))?.[0]).toBe('ValueError');
    expect(v.numpy()).toEqual([1, 2]);
  });
  // math_ops.cumsum(x, axis=0, ...): a None axis is not TF's (it would fail in the kernel); here null means the default
  it('tf.math.cumsum with a null axis sums along axis 0 (it crashed reading the options)', () => {
    // hand sums of [[1, 2], [3, 4]] down the columns
    expect(tf.math.cumsum(tf.constant([[1, 2], [3, 4]]), null as never).numpy()).toEqual([[1, 2], [4, 6]]);
  });
  // custom_gradient.py: variables = [v for v in set(variables_in_tape) if v.ref() not in {a.ref() for a in nest.flatten(args)}]
  it('custom_gradient: a variable passed inside a nested argument is an input, not a captured variable', () => {
    const f = tf.custom_gradient((pair: [tf.Variable, tf.Tensor]) => {
      const [v, x] = pair;
      const y = tf.multiply(v, x);
      // d(v*x) = x dv + v dx; a grad_fn that takes no variables keyword is fine when there are none
      return [y, (dy: tf.Tensor) => [tf.multiply(dy, x), tf.multiply(dy, v)]];
    });
    const v = new tf.Variable(3);
    const x = tf.constant(2);
    const t = new tf.GradientTape();
    const y = t.record(() => { t.watch(x); return f([v, x]); });
    const [gv, gx] = t.gradient(y, [v, x]);
    expect([gv!.numpy(), gx!.numpy()]).toEqual([2, 3]);
  });
});

describe('tf.nn.softmax_cross_entropy_with_logits as TF\'s kernel and nn_grad.py compute it', () => {
  // NumPy: s = softmax(z); loss = (p * -log(s)).sum(1); TF's logits gradient is its kernel's backprop, s - p, even
  // when p's rows do not sum to 1; the labels' gradient is -log(s)
  it('the logits\' gradient is softmax - labels, the labels\' -log_softmax; an all-zero row costs +0', () => {
    const z = new tf.Variable([[1.0, 2.0, 0.5], [0.3, -1, 2]], { dtype: tf.float64 });
    const p = new tf.Variable([[0.2, 0.3, 0.0], [0, 0, 0]], { dtype: tf.float64 });
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.nn.softmax_cross_entropy_with_logits({ labels: p, logits: z }));
    const l = loss.numpy() as number[];
    expect(l[0]).toBeCloseTo(0.43218439, 8);
    expect(Object.is(l[1], 0)).toBe(true);
    const [gz, gp] = tape.gradient(loss, [z, p]);
    const close = (a: number[][], b: number[][]) => a.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, 8)));
    close(gz!.numpy() as number[][], [[0.0312239, 0.32853172, 0.14024438], [0.14822546, 0.04039615, 0.81137839]]);
    close(gp!.numpy() as number[][], [[1.46436878, 0.46436878, 1.96436878], [1.90902077, 3.20902077, 0.20902077]]);
  });
  // nn_grad.py: grad_grad's term is (grad_grad - <grad_grad, softmax>) * softmax, nothing for the labels; NumPy
  // (w - (w * s).sum(1)) * s for w = [[0.7, -1.2, 0.4]]
  it('differentiated again, it is softmax\'s Jacobian alone (the labels held constant)', () => {
    const z = new tf.Variable([[1.0, 2.0, 0.5]], { dtype: tf.float64 });
    const p = tf.constant([[0.2, 0.5, 0.3]], tf.float64);
    const w = tf.constant([[0.7, -1.2, 0.4]], tf.float64);
    const outer = new tf.GradientTape();
    const inner = new tf.GradientTape();
    const dot = outer.record(() => {
      const loss = inner.record(() => tf.nn.softmax_cross_entropy_with_logits({ labels: p, logits: z }));
      return tf.reduce_sum(tf.multiply(inner.gradient(loss, z)!, w));
    });
    const h = outer.gradient(dot, z)!.numpy() as number[][];
    [0.28585831, -0.41716682, 0.13130851].forEach((v, j) => expect(h[0]![j]).toBeCloseTo(v, 8));
  });
});

describe('tf.nn activations refuse the dtypes their kernels lack', () => {
  // nn_ops.cc: REGISTER_OP("Elu").Input("features: T").Output("activations: T").Attr("T: {half, bfloat16, float, double}")
  // (the same T for Softplus); the eager text as op_def_util.cc's ValidateAttrValue writes it
  it('elu and softplus of int32: the T attr error', () => {
    for (const op of ['Elu', 'Softplus'] as const) {
      const f = op === 'Elu' ? tf.nn.elu : tf.nn.softplus;
      expect(thrown(() => f(tf.constant([-1, 2], 'int32')))).toEqual(['InvalidArgumentError',
        "Value for attr 'T' of int32 is not in the list of allowed values: half, bfloat16, float, double\n\t; " +
        `NodeDef: {{node ${op}}}; Op<name=${op}; signature=features:T -> activations:T; attr=T:type,allowed=[DT_HALF, DT_BFLOAT16, DT_FLOAT, DT_DOUBLE]> [Op:${op}]`]);
    }
  });
  // nn_ops.py gelu: raise ValueError("`features.dtype` must be a floating point tensor." f"Received:features.dtype={features.dtype}")
  it('gelu of int32: nn_ops.gelu\'s ValueError', () => {
    expect(thrown(() => tf.nn.gelu(tf.constant([-1, 2], 'int32')))).toEqual(['ValueError', "`features.dtype` must be a floating point tensor.Received:features.dtype=<dtype: 'int32'>"]);
  });
  // Relu's T is {realnumbertype, qint8}: no bool; softmax_op.cc: "logits must have >= 1 dimension, got " + DebugString
  it('relu of bool and softmax of a 0-d tensor are refused', () => {
    expect(thrown(() => tf.nn.relu(tf.constant([true, false])))?.[1]).toMatch(/^Value for attr 'T' of bool is not in the list of allowed values: float, double, int32, /);
    expect(thrown(() => tf.nn.softmax(tf.constant(1.0)))).toEqual(['InvalidArgumentError', 'logits must have >= 1 dimension, got [] [Op:Softmax]']);
    expect(thrown(() => tf.nn.softmax(tf.constant([1, 2], 'int32')))?.[0]).toBe('InvalidArgumentError');
  });
});
