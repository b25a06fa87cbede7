// py.ts (Python's repr, str and type(v).__name__) and the messages that print Python values through it. Every expected
// repr/str below is CPython 3's own output for the Python value the JavaScript one stands for.
import { describe, expect, it } from 'vitest';
import { pyFloatRepr, pyRepr, pyStr, pyTypeName } from '../src/py.js';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';

class Foo {}

describe('pyRepr: Python repr()', () => {
  it('None, True and False', () => {
    expect(pyRepr(null)).toBe('None');
    expect(pyRepr(undefined)).toBe('None');
    expect(pyRepr(true)).toBe('True');
    expect(pyRepr(false)).toBe('False');
  });

  it('strings: single quotes, double ones around a lone kind of quote, backslash escapes', () => {
    expect(pyRepr('abc')).toBe("'abc'");
    expect(pyRepr("a'b")).toBe(`"a'b"`);
    expect(pyRepr('a"b')).toBe(`'a"b'`);
    expect(pyRepr(`a'b"c`)).toBe(`'a\\'b"c'`);
    expect(pyRepr('x\\y\n\r\t')).toBe("'x\\\\y\\n\\r\\t'");
    // repr('\x00\x7f\x80\xa0\xad\u2028 é😀') == "'\\x00\\x7f\\x80\\xa0\\xad\\u2028 é😀'"
    expect(pyRepr('\x00\x7f\x80\xa0\xad\u2028 é😀')).toBe("'\\x00\\x7f\\x80\\xa0\\xad\\u2028 é😀'");
    expect(pyRepr('')).toBe("''");
  });

  it('an integral number is an int below 1e16, -0 included (the facade\'s convention)', () => {
    expect(pyRepr(1)).toBe('1');
    expect(pyRepr(-42)).toBe('-42');
    expect(pyRepr(9999999999999998)).toBe('9999999999999998');
    // NOTE: Python's int has no negative zero; -0 is the int 0 here, as tf.constant(-0, 'int32') takes it
    expect(pyRepr(-0)).toBe('0');
  });

  it("other numbers are floats: the shortest digits, exponent form below 1e-4 and from 1e16, nan and inf", () => {
    expect(pyRepr(1.5)).toBe('1.5');
    expect(pyRepr(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(pyRepr(1e-5)).toBe('1e-05');
    expect(pyRepr(1e-7)).toBe('1e-07');
    expect(pyRepr(0.0001)).toBe('0.0001');
    expect(pyRepr(0.00012)).toBe('0.00012');
    expect(pyRepr(-2.5e-5)).toBe('-2.5e-05');
    expect(pyRepr(1e16)).toBe('1e+16');
    expect(pyRepr(1.5e16)).toBe('1.5e+16');
    expect(pyRepr(1e22)).toBe('1e+22');
    expect(pyRepr(5e-324)).toBe('5e-324');
    expect(pyRepr(Number.MAX_VALUE)).toBe('1.7976931348623157e+308');
    expect(pyRepr(NaN)).toBe('nan');
    expect(pyRepr(Infinity)).toBe('inf');
    expect(pyRepr(-Infinity)).toBe('-inf');
  });

  it('pyFloatRepr: a number Python holds as a float keeps its point and its sign of zero', () => {
    expect(pyFloatRepr(0)).toBe('0.0');
    expect(pyFloatRepr(-0)).toBe('-0.0');
    expect(pyFloatRepr(2)).toBe('2.0');
    expect(pyFloatRepr(9999999999999998)).toBe('9999999999999998.0');
    expect(pyFloatRepr(1e16)).toBe('1e+16');
    expect(pyFloatRepr(2.5)).toBe('2.5');
  });

  it('lists and dicts with their elements\' reprs, nested', () => {
    expect(pyRepr([])).toBe('[]');
    expect(pyRepr({})).toBe('{}');
    expect(pyRepr([1, 'a', [null, 2.5]])).toBe("[1, 'a', [None, 2.5]]");
    expect(pyRepr({ a: { b: [1e-5, 'c'] }, d: null })).toBe("{'a': {'b': [1e-05, 'c']}, 'd': None}");
    expect(pyRepr({ "it's": true })).toBe(`{"it's": True}`);
  });

  it('a tensor and a variable by their __repr__, inside containers too', () => {
    expect(pyRepr(tf.constant(1))).toBe('<tf.Tensor: shape=(), dtype=float32, numpy=1.0>');
    expect(pyRepr([tf.constant([1, 2])])).toBe('[<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>]');
    const v = new tf.Variable(2, { name: 'v' });
    expect(pyRepr({ v })).toBe("{'v': <tf.Variable 'v:0' shape=() dtype=float32, numpy=2.0>}");
  });

  it('a class instance without a printing of its own: Python\'s default repr without the address', () => {
    expect(pyRepr(new Foo())).toBe('<Foo object>');
    expect(pyRepr(Object.create(null))).toBe('<object object>');
  });
});

describe('pyStr: Python str()', () => {
  it('a string as it is; numbers, None and booleans as their repr', () => {
    expect(pyStr('abc')).toBe('abc');
    expect(pyStr("a'b")).toBe("a'b");
    expect(pyStr(null)).toBe('None');
    expect(pyStr(true)).toBe('True');
    expect(pyStr(1e-5)).toBe('1e-05');
    expect(pyStr(NaN)).toBe('nan');
  });

  it("a container shows its elements' reprs: str(['a', 1e-05]) is \"['a', 1e-05]\"", () => {
    expect(pyStr(['a', 1e-5])).toBe("['a', 1e-05]");
    expect(pyStr({ k: 'v' })).toBe("{'k': 'v'}");
  });

  it("a tensor's str, and a variable's (its repr)", () => {
    expect(pyStr(tf.constant(1))).toBe('tf.Tensor(1.0, shape=(), dtype=float32)');
    expect(pyStr(new tf.Variable(2, { name: 'w' }))).toBe("<tf.Variable 'w:0' shape=() dtype=float32, numpy=2.0>");
    expect(pyStr([tf.constant(1)])).toBe('[<tf.Tensor: shape=(), dtype=float32, numpy=1.0>]');
  });
});

describe('pyTypeName: type(v).__name__', () => {
  it('names each kind of value as Python does', () => {
    expect(pyTypeName(null)).toBe('NoneType');
    expect(pyTypeName(undefined)).toBe('NoneType');
    expect(pyTypeName(true)).toBe('bool');
    expect(pyTypeName(3)).toBe('int');
    expect(pyTypeName(-0)).toBe('int');
    expect(pyTypeName(2.5)).toBe('float');
    expect(pyTypeName(1e16)).toBe('float');
    expect(pyTypeName(NaN)).toBe('float');
    expect(pyTypeName(Infinity)).toBe('float');
    expect(pyTypeName(3n)).toBe('int');
    expect(pyTypeName('a')).toBe('str');
    expect(pyTypeName([1])).toBe('list');
    expect(pyTypeName({ a: 1 })).toBe('dict');
    expect(pyTypeName(() => 1)).toBe('function');
    expect(pyTypeName(tf.constant(1))).toBe('EagerTensor');
    expect(pyTypeName(new tf.Variable(1))).toBe('ResourceVariable');
    expect(pyTypeName(new Foo())).toBe('Foo');
  });
});

describe('messages that print Python values', () => {
  // tensorflow/python/eager/pywrap_tensor.cc ConvertToEagerTensorUncached: "Cannot convert ",
  // TFE_GetPythonString(PyObject_Repr(value)), " to EagerTensor of dtype ", DataTypeString(dtype): the value's repr
  it("pywrap_tensor.cc's Cannot convert quotes the value's repr", () => {
    expect(thrown(() => tf.constant(1e-5, 'int32'))).toEqual(['TypeError', 'Cannot convert 1e-05 to EagerTensor of dtype int32']);
    expect(thrown(() => tf.constant([1e-5, 1], 'int32'))).toEqual(['TypeError', 'Cannot convert [1e-05, 1] to EagerTensor of dtype int32']);
    expect(thrown(() => tf.constant(1.5e16, 'bool'))).toEqual(['TypeError', 'Cannot convert 1.5e+16 to EagerTensor of dtype bool']);
  });

  // random_ops.py random_normal: ops.convert_to_tensor(mean, dtype=dtype) on the float mean, then pywrap_tensor.cc's
  // repr (a float: -0.0 keeps its sign)
  it("tf.random.normal's mean prints as a float's repr", () => {
    expect(thrown(() => tf.random.normal([2], { mean: 1e-5, dtype: 'int32' }))).toEqual(['TypeError', 'Cannot convert 1e-05 to EagerTensor of dtype int32']);
    expect(thrown(() => tf.random.normal([2], { mean: -0, dtype: 'bool' }))).toEqual(['TypeError', 'Cannot convert -0.0 to EagerTensor of dtype bool']);
    expect(thrown(() => tf.random.normal([2], { mean: 1e16, dtype: 'int32' }))).toEqual(['TypeError', 'Cannot convert 1e+16 to EagerTensor of dtype int32']);
  });

  // tensorflow/python/framework/constant_op.py _constant_eager_impl: f"Tensor {t} (converted from {value}) ...": str
  it("tf.constant's shape error shows str(value)", () => {
    const e = thrown(() => tf.constant([1e-5, 2], undefined, [3]));
    expect(e?.[0]).toBe('TypeError');
    expect(e?.[1]).toContain('(converted from [1e-05, 2]) has 2 elements');
  });

  // tensorflow/python/ops/linalg_ops.py norm: f"... got {axis}" (axis = tuple(axis) for two axes) and f"... got {ord}": str
  it("tf.norm's axis and ord errors show str()", () => {
    const m = () => tf.constant([[1, 2], [3, 4]]);
    const axisError = (got: string) => ['ValueError', `'axis' must be None, an integer, or a tuple of 2 unique integers, got ${got}`];
    expect(thrown(() => tf.norm(m(), 'euclidean', [0, 1e-5]))).toEqual(axisError('(0, 1e-05)'));
    expect(thrown(() => tf.norm(m(), 'euclidean', 1e-5))).toEqual(axisError('1e-05'));
    expect(thrown(() => tf.norm(m(), 'euclidean', ['a'] as never))).toEqual(axisError("['a']"));
    expect(thrown(() => tf.norm(m(), -1e-5))).toEqual(['ValueError', "'ord' must be a supported vector norm, got -1e-05"]);
  });

  // tensorflow/python/eager/backprop.py _extract_tensors_and_variables: f"Passed in object {obj} of type
  // {type(obj).__name__!r}, ...": str of the object, repr of its type's name
  it('GradientTape.watch names a float as a float', () => {
    const t = new tf.GradientTape();
    expect(thrown(() => t.record(() => t.watch(1e16 as never)))).toEqual(['ValueError', "Passed in object 1e+16 of type 'float', not tf.Tensor or tf.Variable or ExtensionType."]);
  });

  // tensorflow/python/eager/backprop.py jacobian: `target.shape` on a Python float: AttributeError "'float' object has
  // no attribute 'shape'" (a TypeError here)
  it("GradientTape.jacobian's missing attribute names the type", () => {
    const x = tf.constant(1);
    const t = new tf.GradientTape({ persistent: true });
    t.record(() => t.watch(x));
    expect(thrown(() => t.jacobian(1e16 as never, x))).toEqual(['TypeError', "'float' object has no attribute 'shape'"]);
  });

  // tensorflow/python/eager/imperative_grad.py imperative_grad: "Unknown value for unconnected_gradients: %r"
  it('an unknown unconnected_gradients is shown as its repr', () => {
    const x = tf.constant(1);
    const t = new tf.GradientTape({ persistent: true });
    const y = t.record(() => { t.watch(x); return x.mul(2); });
    expect(thrown(() => t.gradient(y, x, { unconnected_gradients: null as never }))).toEqual(['ValueError', 'Unknown value for unconnected_gradients: None']);
    expect(thrown(() => t.gradient(y, x, { unconnected_gradients: 1e-5 as never }))).toEqual(['ValueError', 'Unknown value for unconnected_gradients: 1e-05']);
  });

  // twingrad's own message, with no TensorFlow text to follow: it names the Python type, as the facade's others do
  it("GradientTape.gradient's refusal of a target that is no tensor names its Python type", () => {
    const x = tf.constant(1);
    const t = new tf.GradientTape();
    t.record(() => t.watch(x));
    expect(thrown(() => t.gradient(3 as never, x))).toEqual(['TypeError', 'GradientTape.gradient: target must be a tf.Tensor or tf.Variable (or a nest of them), got int']);
  });

  // tensorflow/python/util/util.cc PyObjectToString: "type=" GetClassName(o) " str=" PyObject_Str(o)
  it("assert_same_structure's object strings name a float as a float", () => {
    const x = tf.constant(1);
    const e = thrown(() => new tf.autodiff.ForwardAccumulator([x], 1e16 as never));
    expect(e?.[1]).toContain('while substructure "type=float str=1e+16" is not');
  });

  // tensorflow/python/lib/core/py_seq_tensor.cc InferShapeAndType: "Attempt to convert a value (", PyRepr(obj), ") with an
  // unsupported type (", PyRepr(PyType(obj)), ") to a Tensor." for the first element of each level down.
  // The InvalidArgument status reaches Python as a ValueError (ValueError: Attempt to convert a value (None) with an
  // unsupported type (<class 'NoneType'>) to a Tensor., as constant_op.py's convert_to_eager_tensor raises it).
  it("a value of no tensor type is shown with its repr and its type's repr, as a ValueError", () => {
    const text = (v: string, type: string) => `Attempt to convert a value (${v}) with an unsupported type (<class '${type}'>) to a Tensor.`;
    expect(thrown(() => tf.constant(null as never))).toEqual(['ValueError', text('None', 'NoneType')]);
    expect(thrown(() => tf.constant([[null]] as never))?.[1]).toBe(text('None', 'NoneType'));
    expect(thrown(() => tf.constant({ a: 1 } as never))?.[1]).toBe(text("{'a': 1}", 'dict'));
  });

  // keras/src/optimizers/base_optimizer.py BaseOptimizer.__init__: f"Argument(s) not recognized: {kwargs}",
  // f"... Received: clipnorm={clipnorm}, clipvalue={clipvalue}, global_clipnorm={global_clipnorm}" and
  // f"... Received instead: learning_rate={learning_rate}": str of each
  it("Keras's optimizer errors show str()", () => {
    const K = tf.keras.optimizers;
    expect(thrown(() => new K.SGD({ foo: "a'b" } as never))).toEqual(['ValueError', `Argument(s) not recognized: {'foo': "a'b"}`]);
    expect(thrown(() => new K.Adam({ clipnorm: 1e-5, clipvalue: 1 }))).toEqual(['ValueError', 'Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: clipnorm=1e-05, clipvalue=1, global_clipnorm=None']);
    const lr = (got: string) => ['ValueError', 'Argument `learning_rate` should be float, or an instance of LearningRateSchedule, or a callable (that takes in the current iteration value and returns the corresponding learning rate value). Received instead: learning_rate=' + got];
    expect(thrown(() => new K.SGD({ learning_rate: null as never }))).toEqual(lr('None'));
    expect(thrown(() => new K.SGD({ learning_rate: [0.1] as never }))).toEqual(lr('[0.1]'));
  });
});

describe("Keras schedules' argument check", () => {
  // keras/src/optimizers/schedules/learning_rate_schedule.py ExponentialDecay.__init__: `if self.decay_steps <= 0:
  // raise ValueError("Argument `decay_steps` must be > 0. " f"Received: decay_steps={self.decay_steps}")`: str of
  // the value, and a NaN passes the test
  it('prints decay_steps as Python does and lets NaN through, as Keras', () => {
    const S = tf.keras.optimizers.schedules;
    expect(thrown(() => new S.ExponentialDecay(0.1, -1e-5, 0.9))).toEqual(['ValueError', 'Argument `decay_steps` must be > 0. Received: decay_steps=-1e-05']);
    expect(thrown(() => new S.CosineDecay(0.1, 0))).toEqual(['ValueError', 'Argument `decay_steps` must be > 0. Received: decay_steps=0']);
    expect(thrown(() => new S.ExponentialDecay(0.1, NaN, 0.9))).toBeNull();
  });
});
