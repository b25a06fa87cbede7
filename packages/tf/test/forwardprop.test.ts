import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';

const { ForwardAccumulator } = tf.autodiff;
const f64 = (v: tf.TensorInput) => tf.constant(v, tf.float64);

/** Elementwise |a - b| <= atol + rtol * |b| over nested arrays (or numbers); NaN fails. */
function expectClose(actual: unknown, expected: unknown, rtol = 1e-12, atol = 1e-14): void {
  const a = [actual].flat(Infinity) as number[];
  const b = [expected].flat(Infinity) as number[];
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    if (!(Math.abs(x - b[i]!) <= atol + rtol * Math.abs(b[i]!))) expect(actual).toEqual(expected);
  });
}

/** Central differences in float64: (f(x + h v) - f(x - h v)) / 2h, the numbers of f's output flattened. */
function centralJvp(f: (x: tf.Tensor) => tf.Tensor, x: number[], v: number[], h = 1e-6): number[] {
  const at = (s: number) => [f(f64(x.map((xi, i) => xi + s * h * v[i]!))).numpy()].flat(Infinity) as number[];
  const plus = at(1), minus = at(-1);
  return plus.map((p, i) => (p - minus[i]!) / (2 * h));
}

afterEach(() => { vi.restoreAllMocks(); });

describe('ForwardAccumulator: values', () => {
  it('jvp of sin at a scalar is cos(x) times the tangent (forwardprop_test testJVPManual)', () => {
    const x = f64(0.1);
    const acc = new ForwardAccumulator(x, f64(0.2));
    const y = acc.record(() => tf.sin(x));
    // d sin(x) = cos(x) dx = cos(0.1) * 0.2
    expectClose(acc.jvp(y)!.numpy(), Math.cos(0.1) * 0.2);
    expect(acc.jvp(y)!.dtype).toBe(tf.float64);
  });

  it('jvp of a linear function is exact: 3x + 2 and a matmul by an integer matrix', () => {
    const x = tf.constant([1, -2, 4]);
    const t = tf.constant([1, -2, 0.5]);
    const A = tf.constant([[1, 2, 0], [0, -1, 3]]);
    const acc = new ForwardAccumulator(x, t);
    const [y, z] = acc.record(() => [x.mul(3).add(2), tf.matmul(A, tf.reshape(x, [3, 1]))]);
    // 3 * [1, -2, 0.5] = [3, -6, 1.5]
    expect(acc.jvp(y)!.numpy()).toEqual([3, -6, 1.5]);
    // A t = [1 - 4 + 0, 0 + 2 + 1.5] = [-3, 3.5]
    expect(acc.jvp(z)!.numpy()).toEqual([[-3], [3.5]]);
    // one target listed twice gets its JVP twice (its two dummy cotangents are separate)
    expect(acc.jvp([y, y]).map((j) => j!.numpy())).toEqual([[3, -6, 1.5], [3, -6, 1.5]]);
  });

  it('a vector function of one primal matches PyTorch 1.13 and central differences (tanh, exp)', () => {
    const f = (x: tf.Tensor) => tf.tanh(x).mul(tf.exp(x));
    const x = f64([0.5, -1.0, 2.0]);
    const v = [1.0, 0.5, -2.0];
    const acc = new ForwardAccumulator(x, f64(v));
    const y = acc.record(() => f(x));
    // torch.autograd.functional.jvp(lambda x: torch.tanh(x)*torch.exp(x), torch.tensor([0.5,-1.0,2.0],dtype=torch.float64), torch.tensor([1.0,0.5,-2.0],dtype=torch.float64))[1].tolist()
    const torch = [2.058535492364873, -0.06283745319656536, -15.290593556744653];
    expectClose(acc.jvp(y)!.numpy(), torch);
    expectClose(acc.jvp(y)!.numpy(), centralJvp(f, [0.5, -1.0, 2.0], v), 1e-8, 1e-9);
  });

  it('several primals in a nested list: the JVPs of each add up (matmul, sin)', () => {
    const W = f64([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]);
    const x = f64([1.0, 2.0, -1.0]);
    const b = f64([0.5, 0.5]);
    const acc = new ForwardAccumulator([W, [x, b]], [f64([[1, 0, -1], [0.5, 0.5, 0.5]]), [f64([0.25, -0.5, 1.0]), f64([0, 0])]]);
    const y = acc.record(() => tf.sin(tf.reshape(tf.matmul(W, tf.reshape(x, [3, 1])), [2])));
    // W x = [-0.6, 2]; dW x + W dx = [2, 1] + [0.425, -0.75] = [2.425, 0.25]; times cos(W x)
    const hand = [Math.cos(-0.6) * 2.425, Math.cos(2) * 0.25];
    // torch.autograd.functional.jvp(lambda W,x: torch.sin(W@x), (W,x), (tW,tx))[1].tolist() with the values above, float64
    const torch = [2.0014388661559694, -0.1040367091367856];
    expectClose(acc.jvp(y)!.numpy(), hand, 1e-14);
    expectClose(acc.jvp(y)!.numpy(), torch, 1e-14);
    // a primal's own JVP is its tangent, in the primals' structure
    const j = acc.jvp([x, { b }]);
    expect(j[0]!.numpy()).toEqual([0.25, -0.5, 1.0]);
    expect(j[1].b!.numpy()).toEqual([0, 0]);
  });

  it('primals and tangents in objects: matched by key, JVPs returned in the same structure', () => {
    const a = f64(2), b = f64([1, -1]);
    const acc = new ForwardAccumulator({ a, b }, { b: f64([0.5, 0.25]), a: f64(-1) });
    const y = acc.record(() => tf.exp(a).mul(b));
    // d(e^a b) = e^a b da + e^a db = e^2 ([1, -1] * -1 + [0.5, 0.25]) = e^2 [-0.5, 1.25]
    const e2 = Math.exp(2);
    const j = acc.jvp({ y, b });
    expect(Object.keys(j)).toEqual(['y', 'b']);
    expectClose(j.y!.numpy(), [-0.5 * e2, 1.25 * e2], 1e-15);
    expect(j.b!.numpy()).toEqual([0.5, 0.25]);
    expect(thrown(() => new ForwardAccumulator({ a, b }, { a: 1, c: 2 }))).toEqual(['ValueError',
      "The two structures don't have the same nested structure.\n\n" +
      `First structure: type=dict str={'a': ${a.__repr__()}, 'b': ${b.__repr__()}}\n\n` +
      "Second structure: type=dict str={'a': 1, 'c': 2}\n\n" +
      "More specifically: The two dictionaries don't have the same set of keys. First structure has keys type=list str=['a', 'b'], " +
      "while second structure has keys type=list str=['a', 'c']\n" +
      "Entire first structure:\n{'a': ., 'b': .}\nEntire second structure:\n{'a': ., 'c': .}"]);
  });

  it('softmax and reduce_sum match PyTorch 1.13', () => {
    const x = f64([[1, 2, 3], [0.5, -0.5, 0]]);
    const acc = new ForwardAccumulator(x, f64([[1, 0, -1], [0.25, 0.5, -0.75]]));
    const y = acc.record(() => tf.nn.softmax(x));
    // torch.autograd.functional.jvp(lambda x: torch.softmax(x,-1), torch.tensor([[1.,2.,3.],[0.5,-0.5,0.]],dtype=torch.float64), torch.tensor([[1.,0.,-1.],[0.25,0.5,-0.75]],dtype=torch.float64))[1].tolist()
    expectClose(acc.jvp(y)!.numpy(), [[0.14181709360981212, 0.1407703574696301, -0.2825874510794423],
      [0.13199636427879985, 0.09513967953400893, -0.22713604381280883]]);

    const z = f64([0.3, -1.2, 2.5]);
    const acc2 = new ForwardAccumulator(z, f64([1, -1, 0.5]));
    const s = acc2.record(() => tf.reduce_sum(z.mul(z).mul(tf.sin(z))));
    // torch.autograd.functional.jvp(lambda x: (x**2*torch.sin(x)).sum(), torch.tensor([0.3,-1.2,2.5],dtype=torch.float64), torch.tensor([1.,-1.,0.5],dtype=torch.float64))[1].tolist()
    expectClose(acc2.jvp(s)!.numpy(), -3.5027900030739216);
  });

  it('a float32 computation gives a float32 JVP close to the float64 value', () => {
    const x = tf.constant([0.5, -1.0, 2.0]);
    const acc = new ForwardAccumulator(x, tf.constant([1.0, 0.5, -2.0]));
    const y = acc.record(() => tf.tanh(x).mul(tf.exp(x)));
    expect(acc.jvp(y)!.dtype).toBe(tf.float32);
    expectClose(acc.jvp(y)!.numpy(), [2.058535492364873, -0.06283745319656536, -15.290593556744653], 1e-6, 1e-7);
  });
});

describe('ForwardAccumulator: variables and unconnected values', () => {
  it('a variable primal: its reads carry its tangent (forwardprop_test testVariableWatched)', () => {
    const v = new tf.Variable([1, 2, 3]);
    const acc = new ForwardAccumulator(v, tf.constant([0.1, -0.2, 0.3]));
    const [x, x2, read] = acc.record(() => {
      expect(acc.jvp(v)!.numpy()).toEqual(tf.constant([0.1, -0.2, 0.3]).numpy());
      return [v.mul(2), v.add(0.1), v.value()];
    });
    // d(2v) = 2 dv; d(v + 0.1) = dv (float32: 2 * 0.1f is exact doubling)
    expect(acc.jvp(x)!.numpy()).toEqual(tf.constant([0.2, -0.4, 0.6]).numpy());
    expect(acc.jvp(x2)!.numpy()).toEqual(tf.constant([0.1, -0.2, 0.3]).numpy());
    expect(acc.jvp(read)!.numpy()).toEqual(tf.constant([0.1, -0.2, 0.3]).numpy());
  });

  it('a variable that is no primal has no JVP, even when read in the block', () => {
    const v = new tf.Variable(2.0);
    const w = new tf.Variable(3.0);
    const acc = new ForwardAccumulator(v, tf.constant(1.0));
    const y = acc.record(() => v.mul(w));
    expect(acc.jvp(w)).toBeNull();
    // d(v w) = w dv = 3
    expect(acc.jvp(y)!.numpy()).toBe(3);
  });

  it('a primal not used and a value not computed from the primals: null, or zeros with unconnected_gradients', () => {
    const x = tf.constant(-1.0);
    const unused = tf.constant([1, 2]);
    const acc = new ForwardAccumulator([x, unused], [tf.constant(0.1), tf.constant([5, 6])]);
    const [y, c] = acc.record(() => [x.mul(x), tf.constant([-2, 4]).mul(3)]);
    // d(x^2) = 2 x dx = 2 * -1 * 0.1; the unused primal's tangent reaches nothing
    expect(acc.jvp(y)!.numpy()).toBeCloseTo(-0.2, 7);
    expect(acc.jvp(c)).toBeNull();
    expect(acc.jvp(c, { unconnected_gradients: 'zero' })!.numpy()).toEqual([0, 0]);
    expect(acc.jvp(x, { unconnected_gradients: tf.UnconnectedGradients.ZERO })!.numpy()).toBeCloseTo(0.1, 7);
    const other = tf.constant([[1, 2]], tf.float64);
    const z = acc.jvp([other], { unconnected_gradients: 'zero' })[0]!;
    expect(z.shape.as_list()).toEqual([1, 2]);
    expect(z.dtype).toBe(tf.float64);
  });

  it('jvp of a value computed outside the block is null; a block entered again continues (testReenter)', () => {
    const warn = vi.spyOn(console, 'warn');
    const x = tf.constant(-2.0);
    const acc = new ForwardAccumulator(x, 1.5);
    const y = acc.record(() => {
      expect(acc.jvp(x)!.numpy()).toBe(1.5);
      const y = x.mul(4);
      expect(acc.jvp(y)!.numpy()).toBe(6);
      expect(thrown(() => acc.record(() => 0))).toEqual(['ValueError', 'Accumulator is already recording.']);
      return y;
    });
    const outside = x.mul(4);
    expect(acc.jvp(outside)).toBeNull();
    const yy = acc.record(() => y.mul(y));
    // d(y^2) = 2 y dy = 2 * -8 * 6
    expect(acc.jvp(yy)!.numpy()).toBe(-96);
    // jvp inside a block uses the internal persistent tape without GradientTape's "inside its context" warning
    expect(warn).not.toHaveBeenCalled();
  });

  it('watching a primal again sums its tangents (testMultipleWatchesAdd)', () => {
    const x = tf.constant(-2.0);
    const acc = new ForwardAccumulator([x], [3]);
    const y = acc.record(() => {
      expect(acc.jvp(x)!.numpy()).toBe(3);
      acc._watch(x, tf.constant(10));
      expect(acc.jvp(x)!.numpy()).toBe(13);
      acc._watch(x, tf.constant(11));
      expect(acc.jvp(x)!.numpy()).toBe(24);
      return tf.constant(3).mul(x);
    });
    expect(acc.jvp(x)!.numpy()).toBe(24);
    expect(acc.jvp(y)!.numpy()).toBe(72);
  });

  it('an integer primal is watched with TF\'s warning; its tangent is its JVP and reaches no op', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const i = tf.constant([1, 2], tf.int32);
    const acc = new ForwardAccumulator(i, tf.constant([3, 4], tf.int32));
    expect(warn).toHaveBeenCalledWith('WARNING:tensorflow:The dtype of the watched primal must be floating (e.g. tf.float32), got tf.int32');
    const y = acc.record(() => tf.cast(i, tf.float32).mul(2));
    expect(acc.jvp(i)!.numpy()).toEqual([3, 4]);
    expect(acc.jvp(y)).toBeNull();
  });
});

describe('ForwardAccumulator: tapes around and inside', () => {
  it('a GradientTape around the block still gives the gradient, and records the JVP (testBackwardOverForward)', () => {
    const c = tf.constant(1.0, tf.float64);
    const tape = new tf.GradientTape({ persistent: true });
    const acc = new ForwardAccumulator(c, f64(0.1));
    const [d, j] = tape.record(() => {
      tape.watch(c);
      const d = acc.record(() => tf.cos(c).mul(c));
      return [d, acc.jvp(d)!];
    });
    // d(c cos c)/dc = cos c - c sin c at 1
    expectClose(tape.gradient(d, c)!.numpy(), Math.cos(1) - Math.sin(1));
    // jvp = 0.1 (cos c - c sin c); its derivative 0.1 (-2 sin c - c cos c)
    expectClose(j.numpy(), 0.1 * (Math.cos(1) - Math.sin(1)), 1e-14);
    expectClose(tape.gradient(j, c)!.numpy(), 0.1 * (-2 * Math.sin(1) - Math.cos(1)), 1e-14);
  });

  it('the JVP is recorded by the tapes around the block even when asked after the block', () => {
    const c = f64(1.0);
    const tape = new tf.GradientTape({ persistent: true });
    const acc = new ForwardAccumulator(c, f64(0.1));
    const d = tape.record(() => { tape.watch(c); return acc.record(() => tf.cos(c)); });
    // TF computed jvp(d) = -0.1 sin c inside the tape's block; its derivative is -0.1 cos c
    expectClose(tape.gradient(acc.jvp(d)!, c)!.numpy(), -0.1 * Math.cos(1), 1e-14);
    // a tape that was not recording around the block does not see it
    const later = new tf.GradientTape();
    const j = later.record(() => { later.watch(c); return acc.jvp(d)!; });
    expect(later.gradient(j, c)).toBeNull();
  });

  it('a GradientTape inside the block ignores the JVP products (testForwardOverBackwardMemoryEfficiency)', () => {
    const c = tf.constant(1.0);
    const acc = new ForwardAccumulator(c, 0.1);
    acc.record(() => {
      const tape = new tf.GradientTape();
      const j = tape.record(() => { tape.watch(c); return acc.jvp(tf.cos(c))!; });
      expect(tape.gradient(j, c)).toBeNull();
    });
  });

  it('forward over backward gives a Hessian-vector product (the class docstring\'s example)', () => {
    const v = new tf.Variable([1, 2]);
    const acc = new ForwardAccumulator(v, tf.constant([1, 0]));
    const backward = acc.record(() => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => tf.reduce_sum(v.pow(3)));
      return tape.gradient(y, v)!;
    });
    // d sum(v^3) = 3 v^2 = [3, 12]; H = diag(6 v) = diag(6, 12), H [1, 0] = [6, 0]
    expect(backward.numpy()).toEqual([3, 12]);
    expect(acc.jvp(backward)!.numpy()).toEqual([6, 0]);
  });

  it('nested accumulators: the outer one takes the JVP of the inner one\'s JVP, not the reverse', () => {
    const p = f64(1.1);
    const outer = new ForwardAccumulator(p, f64(1));
    const inner = new ForwardAccumulator(p, f64(1));
    const out = outer.record(() => inner.record(() => p.pow(3.5)));
    const innerJvp = inner.jvp(out)!;
    // d x^3.5 = 3.5 x^2.5; d^2 = 3.5 * 2.5 x^1.5 at 1.1
    expectClose(innerJvp.numpy(), 3.5 * 1.1 ** 2.5, 1e-14);
    expectClose(outer.jvp(innerJvp)!.numpy(), 3.5 * 2.5 * 1.1 ** 1.5, 1e-14);
    expect(inner.jvp(outer.jvp(out)!)).toBeNull();
  });

  it('the JVP of a JVP from the same accumulator is null', () => {
    const x = tf.constant(2.0);
    const acc = new ForwardAccumulator(x, 1);
    const j = acc.record(() => acc.jvp(x.mul(x))!);
    expect(j.numpy()).toBe(4);
    expect(acc.jvp(j)).toBeNull();
  });
});

describe('ForwardAccumulator: TensorFlow\'s errors', () => {
  it('a dict of primals and one of tangents must have the same own keys (an inherited name is no key)', () => {
    // nest.assert_same_structure({'toString': x}, {'a': t}): "The two dictionaries don't have the same set of keys"
    const x = tf.constant(1.0);
    const e = thrown(() => new ForwardAccumulator({ toString: x } as never, { a: tf.constant(2.0) } as never));
    expect(e?.[0]).toBe('ValueError');
    expect(e?.[1]).toContain("The two dictionaries don't have the same set of keys.");
  });

  it('an async block is refused: recording follows synchronous code only (a tape\'s too)', () => {
    const x = tf.constant(1.0);
    const acc = new ForwardAccumulator(x, tf.constant(1.0));
    expect(thrown(() => acc.record(async () => tf.sin(x)))).toEqual(['TypeError', 'ForwardAccumulator.record: the callback returned a Promise. ' +
      'An accumulator records only while the callback runs synchronously and cannot follow an await; compute the awaited values first, then record synchronous code.']);
    const tape = new tf.GradientTape();
    expect(thrown(() => tape.record(async () => tf.sin(x)))).toEqual(['TypeError', 'GradientTape.record: the callback returned a Promise. ' +
      'A tape records only while the callback runs synchronously and cannot follow an await; compute the awaited values first, then record synchronous code.']);
  });

  it('a primal listed twice is refused with forwardprop.py\'s ValueError', () => {
    const x = tf.constant(-2.0);
    expect(thrown(() => new ForwardAccumulator([x, x], [1, 2]))).toEqual(['ValueError',
      // forwardprop.py __init__ raises the string unformatted: its `{}` is literal
      'Tensor {} was specified as a primal multiple times. This may indicate an error. ' +
      'If it was intended, please sum the corresponding tangents.']);
  });

  it('structures that differ: nest.assert_same_structure\'s ValueError (util.cc and nest_util.py texts)', () => {
    const a = tf.constant(1.5), b = tf.constant(2.5);
    const ra = '<tf.Tensor: shape=(), dtype=float32, numpy=1.5>', rb = '<tf.Tensor: shape=(), dtype=float32, numpy=2.5>';
    expect(thrown(() => new ForwardAccumulator([a, b], [0.5]))).toEqual(['ValueError',
      "The two structures don't have the same nested structure.\n\n" +
      `First structure: type=list str=[${ra}, ${rb}]\n\nSecond structure: type=list str=[0.5]\n\n` +
      "More specifically: The two structures don't have the same number of elements. " +
      `First structure: type=list str=[${ra}, ${rb}]. Second structure: type=list str=[0.5]\n` +
      'Entire first structure:\n[., .]\nEntire second structure:\n[.]']);
    const x = tf.constant([0.5, 1.5]);
    expect(thrown(() => new ForwardAccumulator(x, [0.5, 1.5]))).toEqual(['ValueError',
      "The two structures don't have the same nested structure.\n\n" +
      'First structure: type=EagerTensor str=tf.Tensor([0.5 1.5], shape=(2,), dtype=float32)\n\n' +
      'Second structure: type=list str=[0.5, 1.5]\n\n' +
      'More specifically: Substructure "type=list str=[0.5, 1.5]" is a sequence, while substructure ' +
      '"type=EagerTensor str=tf.Tensor([0.5 1.5], shape=(2,), dtype=float32)" is not\n' +
      'Entire first structure:\n.\nEntire second structure:\n[., .]']);
  });

  it('a tangent of another shape is refused; one of another dtype is convert_to_tensor\'s ValueError', () => {
    const x = tf.constant([1, 2, 3]);
    expect(thrown(() => new ForwardAccumulator(x, tf.constant([1, 2])))).toEqual(['ValueError',
      'Tangent tf.Tensor([1. 2.], shape=(2,), dtype=float32) was expected to be of shape (3,) but is instead of shape (2,)']);
    expect(thrown(() => new ForwardAccumulator(f64(1), tf.constant(1.5)))).toEqual(['ValueError',
      'Tensor conversion requested dtype float64 for Tensor with dtype float32: <tf.Tensor: shape=(), dtype=float32, numpy=1.5>']);
  });

  it('an unknown unconnected_gradients is the Enum\'s ValueError; a primal that is no tensor has no dtype', () => {
    const x = tf.constant(1.0);
    const acc = new ForwardAccumulator(x, 1);
    expect(thrown(() => acc.jvp(x, { unconnected_gradients: 'zeros' as never }))).toEqual(['ValueError',
      "'zeros' is not a valid UnconnectedGradients"]);
    expect(thrown(() => new ForwardAccumulator(2.5 as never, 1))).toEqual(['TypeError', "'float' object has no attribute 'dtype'"]);
  });
});

describe('tf.autodiff', () => {
  it('holds ForwardAccumulator and GradientTape (tf.autodiff.GradientTape is tf.GradientTape)', () => {
    expect(tf.autodiff.GradientTape).toBe(tf.GradientTape);
    expect(typeof tf.autodiff.ForwardAccumulator).toBe('function');
  });
});
