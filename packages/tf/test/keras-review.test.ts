// Fixes for /tmp/review_optim.md findings 1, 3 and 6 on tf.keras.optimizers. TensorFlow and Keras are not installed:
// each expected value is a hand computation following the Keras 3 source line cited beside it
// (keras-team/keras keras/src/optimizers/*.py; base_optimizer.py at commit 001750db).
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@twingrad/tf';

const K = tf.keras.optimizers;
const f64 = (v: number[]) => new tf.Variable(tf.constant(v, 'float64'));
const c64 = (v: number[]) => tf.constant(v, 'float64');
const first = (v: tf.Variable): number => (v.numpy() as number[])[0]!;

/** The error `f` throws (the test fails if it throws none). */
function thrown(f: () => unknown): Error {
  try { f(); } catch (e) { return e as Error; }
  throw new Error('expected an error');
}

describe('finding 1: positional arguments in Keras order; unknown keywords refused', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('learning_rate is the first positional parameter of every optimizer, the others follow in source order', () => {
    // sgd.py: SGD(learning_rate=0.01, momentum=0.0, nesterov=False, ...); SGD(0.1) -> w - g*lr = 1 - 0.1 = 0.9
    const s = new K.SGD(0.1);
    expect(s._currentLearningRate()).toBe(0.1);
    const v = f64([1]);
    s.apply_gradients([[c64([1]), v]]);
    expect(first(v)).toBe(0.9);
    // SGD(0.1, 0.9, True)
    const m = new K.SGD(0.1, 0.9, true);
    expect([m._currentLearningRate(), m.momentum, m.nesterov]).toEqual([0.1, 0.9, true]);
    // SGD(0.1, momentum=0.9)
    expect(new K.SGD(0.1, { momentum: 0.9 }).momentum).toBe(0.9);
    // adam.py: Adam(learning_rate, beta_1, beta_2, epsilon, amsgrad, weight_decay, ...)
    const a = new K.Adam(0.1, 0.5, 0.6, 1e-6, true, 0.01);
    expect([a._currentLearningRate(), a.beta_1, a.beta_2, a.epsilon, a.amsgrad, a.weight_decay]).toEqual([0.1, 0.5, 0.6, 1e-6, true, 0.01]);
    // adamw.py: AdamW(learning_rate, weight_decay=0.004, beta_1, ...): the second positional is weight_decay
    const w = new K.AdamW(0.1, 0.01, 0.5);
    expect([w._currentLearningRate(), w.weight_decay, w.beta_1, w.name]).toEqual([0.1, 0.01, 0.5, 'adamw']);
    // rmsprop.py: RMSprop(learning_rate, rho, momentum, epsilon, centered, ...)
    const r = new K.RMSprop(0.1, 0.8, 0.5, 1e-6, true);
    expect([r._currentLearningRate(), r.rho, r.momentum, r.epsilon, r.centered]).toEqual([0.1, 0.8, 0.5, 1e-6, true]);
    // adagrad.py: Adagrad(learning_rate, initial_accumulator_value, epsilon, ...)
    const g = new K.Adagrad(0.1, 0.2, 1e-6);
    expect([g._currentLearningRate(), g.initial_accumulator_value, g.epsilon]).toEqual([0.1, 0.2, 1e-6]);
  });

  it('name=None is auto_name of the class (naming.py to_snake_case)', () => {
    // adagrad.py's default name=None -> auto_name("Adagrad") -> "adagrad"; SGD(name=None) -> "sgd";
    // to_snake_case("RMSprop"): "(.)([A-Z][a-z]+)" -> "RM_Sprop" -> "rm_sprop"; "AdamW": "([a-z])([A-Z])" -> "adam_w"
    expect(new K.Adagrad().name).toBe('adagrad');
    expect(new K.SGD({ name: null }).name).toBe('sgd');
    expect(new K.RMSprop({ name: null }).name).toBe('rm_sprop');
    expect(new K.AdamW({ name: null }).name).toBe('adam_w');
  });

  it("an unknown keyword is BaseOptimizer's ValueError; decay is ignored with its warning", () => {
    // base_optimizer.py: raise ValueError(f"Argument(s) not recognized: {kwargs}") -> {'beta1': 0.5}
    const e = thrown(() => new K.Adam({ learning_rate: 0.1, beta1: 0.5 } as never));
    expect(e).toBeInstanceOf(tf.ValueError);
    expect(e.message).toBe("Argument(s) not recognized: {'beta1': 0.5}");
    // kwargs keep their order; a string is repr'd in quotes, a small float in exponent form: {'lrr': 1e-05, 'foo': 'x'}
    expect(() => new K.SGD({ lrr: 1e-5, foo: 'x' } as never)).toThrow("Argument(s) not recognized: {'lrr': 1e-05, 'foo': 'x'}");
    // base_optimizer.py: kwargs.pop("decay", None) is not None -> warnings.warn("Argument `decay` is no longer supported and will be ignored.")
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(new K.SGD({ learning_rate: 0.1, decay: 0.5 })._currentLearningRate()).toBe(0.1);
    expect(warn.mock.calls.map((c) => c[0])).toEqual(['Argument `decay` is no longer supported and will be ignored.']);
    // decay=None is popped without a warning
    new K.SGD({ decay: null });
    expect(warn.mock.calls.length).toBe(1);
  });

  it("a repeated argument or too many positional ones is CPython's TypeError", () => {
    // SGD(0.1, learning_rate=0.2)
    const e = thrown(() => new K.SGD(0.1, { learning_rate: 0.2 }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe("SGD.__init__() got multiple values for argument 'learning_rate'");
    // sgd.py lists 13 parameters after self: SGD(*[None] * 14) -> takes from 1 to 14 positional arguments but 15 were given
    const args = [0.1, 0, false, null, null, null, null, false, 0.99, null, null, null, 'SGD', 1];
    expect(() => new K.SGD(...(args as unknown as [number]))).toThrow('SGD.__init__() takes from 1 to 14 positional arguments but 15 were given');
  });
});

describe("finding 3: Keras SGD reads its momentums variables on every step (sgd.py update_step)", () => {
  it('a velocity assigned between steps is used by the next one', () => {
    // lr 0.1, momentum 0.5, g = 1: m = 0*0.5 - 1*0.1 = -0.1; v = 1 + m = 0.9. After m.assign(10):
    // m = 10*0.5 - 1*0.1 = 4.9; v = 0.9 + 4.9 = 5.8
    const v = f64([1]);
    const s = new K.SGD({ learning_rate: 0.1, momentum: 0.5 });
    s.apply_gradients([[c64([1]), v]]);
    expect(first(v)).toBeCloseTo(0.9, 15);
    expect(first(s.momentums[0]!)).toBeCloseTo(-0.1, 15);
    s.momentums[0]!.assign([10]);
    s.apply_gradients([[c64([1]), v]]);
    expect(first(v)).toBeCloseTo(5.8, 14);
    expect(first(s.momentums[0]!)).toBeCloseTo(4.9, 14);
  });

  it('nesterov, and a velocity assigned before the first step', () => {
    // nesterov: w += m*momentum - g*lr. Step 1: m = -0.1, v = 1 + (-0.05 - 0.1) = 0.85. m.assign(10):
    // m = 4.9, v = 0.85 + (4.9*0.5 - 0.1) = 3.2
    const v = f64([1]);
    const s = new K.SGD({ learning_rate: 0.1, momentum: 0.5, nesterov: true });
    s.apply_gradients([[c64([1]), v]]);
    expect(first(v)).toBeCloseTo(0.85, 15);
    s.momentums[0]!.assign([10]);
    s.apply_gradients([[c64([1]), v]]);
    expect(first(v)).toBeCloseTo(3.2, 14);
    expect(first(s.momentums[0]!)).toBeCloseTo(4.9, 14);
    // build, then m.assign(2): m = 2*0.5 - 1*0.1 = 0.9; v = 1 + 0.9 = 1.9
    const u = f64([1]);
    const t = new K.SGD({ learning_rate: 0.1, momentum: 0.5 });
    t.build([u]);
    t.momentums[0]!.assign([2]);
    t.apply_gradients([[c64([1]), u]]);
    expect(first(u)).toBeCloseTo(1.9, 15);
    expect(first(t.momentums[0]!)).toBeCloseTo(0.9, 15);
  });
});

describe('finding 6: apply(grads) without variables, and gradients that are not tensors', () => {
  it('apply(grads) uses the variables the optimizer was built with (base_optimizer.py apply)', () => {
    // SGD(0.5): v = [1, 2] - 0.5*[1, 1] = [0.5, 1.5], then apply([[1, 1]]) -> [0, 1]
    const v = new tf.Variable([1.0, 2.0]);
    const o = new K.SGD({ learning_rate: 0.5 });
    o.apply_gradients([[tf.constant([1.0, 1.0]), v]]);
    o.apply([tf.constant([1.0, 1.0])]);
    expect(v.numpy()).toEqual([0, 1]);
    // len(grads) != len(self._trainable_variables_indices) -> ValueError (sic "one-to-on")
    expect(() => o.apply([tf.constant([1.0, 1.0]), tf.constant([1.0, 1.0])])).toThrow(new tf.ValueError(
      'When passing `grads` as a list of gradient tensors, the gradients must match `optimizer.variables` one-to-on. Received a list of 2 gradients, but the optimizer is tracking 1 trainable variables.'));
    // not built -> ValueError (with the source's trailing space)
    expect(() => new K.SGD().apply([tf.constant([1.0])])).toThrow(new tf.ValueError(
      'When passing `grads` without `variables`, the optimizer must already be built on a list of variables. Call `optimizer.build(trainable_variables)` first. '));
  });

  it('a gradient given as an array is converted (float32, as convert_to_tensor makes Python floats) and cast', () => {
    // SGD(0.5) on [1, 2] with [[1.0, 1.0]] -> [0.5, 1.5]
    const v = new tf.Variable([1.0, 2.0]);
    new K.SGD({ learning_rate: 0.5 }).apply_gradients([[[1.0, 1.0], v]]);
    expect(v.numpy()).toEqual([0.5, 1.5]);
    // sgd.py: gradient = ops.cast([0.1], float64) -> tf.cast converts to float32 first: 0.10000000149011612;
    // w = 1 - 0.10000000149011612*0.5 = 0.9499999992549419
    const w = f64([1]);
    new K.SGD({ learning_rate: 0.5 }).apply_gradients([[[0.1], w]]);
    expect(first(w)).toBe(1 - Math.fround(0.1) * 0.5);
  });
});
