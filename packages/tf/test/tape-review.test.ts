import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { thrown } from './thrown.js';

// The GradientTape review (findings 2-4 and 6-12). TensorFlow is not installed: each expected value comes from TF's
// sources, quoted where it is used (tensorflow/python/eager/backprop.py, tensorflow/c/eager/tape.h,
// tensorflow/python/eager/pywrap_tfe_src.cc), with the arithmetic done by hand or with NumPy.

/** Runs `fn` with console.warn captured; returns what it logged. */
function warnings(fn: () => void): string[] {
  const warn = console.warn;
  const seen: string[] = [];
  console.warn = (m: string) => { seen.push(m); };
  try {
    fn();
  } finally {
    console.warn = warn;
  }
  return seen;
}

// backprop.py GradientTape.gradient, when a persistent tape is asked inside its own block:
// logging.log_first_n(logging.WARN, "Calling GradientTape.gradient on a persistent tape inside its context is ..." , 1)
// The tensorflow logger prints 'WARNING:tensorflow:' before the message. First in this file: logged once per process.
describe('finding 6: a persistent tape asked inside its block', () => {
  const TEXT = 'WARNING:tensorflow:Calling GradientTape.gradient on a persistent tape inside its context is significantly less ' +
    'efficient than calling it outside the context (it causes the gradient ops to be recorded on the tape, leading to ' +
    'increased CPU and memory usage). Only call GradientTape.gradient inside the context if you actually want to trace ' +
    'the gradient in order to compute higher order derivatives.';

  it('logs TF\'s warning once per process, not outside the block nor for a non-persistent tape', () => {
    const x = tf.constant(3.0);
    const t = new tf.GradientTape({ persistent: true });
    let g: tf.Tensor | null = null;
    const y = t.record(() => { t.watch(x); return x.mul(x); });
    // outside the block: `if self._recording:` is false, nothing logged
    expect(warnings(() => { t.gradient(y, x); })).toEqual([]);
    // a non-persistent tape inside its block pops itself instead (`if not self._persistent: self._pop_tape()`)
    const n = new tf.GradientTape();
    expect(warnings(() => { n.record(() => { n.watch(x); n.gradient(x.mul(x), x); }); })).toEqual([]);
    expect(warnings(() => { t.record(() => { g = t.gradient(y, x); }); })).toEqual([TEXT]);
    expect(g!.numpy()).toBe(6); // d(x^2)/dx at 3
    // log_first_n(..., 1): never again, from gradient or jacobian
    expect(warnings(() => { t.record(() => { t.gradient(y, x); t.jacobian(y, x); }); })).toEqual([]);
  });
});

// pywrap_tfe_src.cc TFE_Py_TapeGradient: `if (sources_set.find(target_id) != sources_set.end()) {
// source_tensors_that_are_targets.insert(...)` (no watch check); tape.h InitialGradients, for a target no recorded
// op produced: "no gradient needs to be computed from it unless this target is also a source" ->
// `(*result)[id].push_back(source_tensor->second.OnesLike());`, or `(*result)[id].push_back(output_gradients[i]);`
describe('finding 2: a target that is also a source', () => {
  it('an unwatched tensor gets ones', () => {
    const x = tf.constant([1.0, 2.0]);
    const t = new tf.GradientTape();
    t.record(() => 0);
    const g = t.gradient(x, x)!;
    expect(g.numpy()).toEqual([1, 1]);
    expect(g.dtype).toBe(tf.float32);
  });

  it('an unwatched tensor gets the given output gradient as it is', () => {
    const x = tf.constant([1.0, 2.0]);
    const t = new tf.GradientTape();
    t.record(() => 0);
    expect(t.gradient(x, x, { output_gradients: tf.constant([3.0, 4.0]) })!.numpy()).toEqual([3, 4]);
  });

  it('an int32 tensor gets int32 ones (PyTapeTensor::OnesLike: ones of the target\'s dtype)', () => {
    const x = tf.constant([5, 6], 'int32');
    const t = new tf.GradientTape();
    t.record(() => 0);
    const g = t.gradient(x, x)!;
    expect(g.dtype).toBe(tf.int32);
    expect(g.numpy()).toEqual([1, 1]);
  });

  it('an unwatched source among the targets: [x*3, x] gives 1 (x*3 was not recorded)', () => {
    const x = tf.constant(2.0);
    const t = new tf.GradientTape();
    const y = t.record(() => x.mul(3));
    expect(t.gradient([y, x], x)!.numpy()).toBe(1);
  });

  it('a watched source among the targets is not counted twice: [x*3, x] gives 3 + 1 = 4', () => {
    // x is in the tape with op id -1: its seed is ones, and Mul's gradient adds grad * 3
    const x = tf.constant(2.0);
    const t = new tf.GradientTape();
    const y = t.record(() => { t.watch(x); return x.mul(3); });
    expect(t.gradient([y, x], x)!.numpy()).toBe(4);
  });

  it('a trainable variable read on the tape, among the targets: [v*3, v] gives 4', () => {
    const v = new tf.Variable(2.0);
    const t = new tf.GradientTape();
    const y = t.record(() => v.mul(3));
    expect(t.gradient([y, v], v)!.numpy()).toBe(4);
  });

  it('a non-trainable variable gets ones of its shape (default_gradient.ones_like of the handle)', () => {
    const v = new tf.Variable([1.0, 2.0], { trainable: false });
    const t = new tf.GradientTape();
    t.record(() => 0);
    expect(t.gradient(v, v)!.numpy()).toEqual([1, 1]);
  });

  it('a jacobian differentiates gather(target, i), never a source: an unwatched x gives None', () => {
    // backprop.py jacobian's loop_fn: `y = array_ops.gather(target, i)`, then `self.gradient(y, flat_sources, ...)`
    const x = tf.constant([1.0, 2.0]);
    const t = new tf.GradientTape();
    t.record(() => 0);
    expect(t.jacobian(x, x)).toBeNull();
  });
});

// backprop.py jacobian: `target_static_shape = target.shape` ("target: Tensor to be differentiated."); a list has no
// `shape`: Python's AttributeError "'list' object has no attribute 'shape'" (a TypeError here)
describe('finding 3: jacobian and batch_jacobian take one tensor', () => {
  it('a list target is refused with Python\'s text', () => {
    const x = tf.constant([1.0, 2.0]);
    const g = new tf.GradientTape({ persistent: true });
    let y1!: tf.Tensor, y2!: tf.Tensor;
    g.record(() => { g.watch(x); y1 = x.mul(2); y2 = x.mul(3); });
    expect(thrown(() => g.jacobian([y1, y2] as never, x))).toEqual(['TypeError', "'list' object has no attribute 'shape'"]);
    expect(thrown(() => g.batch_jacobian([y1, y2] as never, x))).toEqual(['TypeError', "'list' object has no attribute 'shape'"]);
    // the tape is still usable: d(2x)/dx = 2 I
    expect(g.jacobian(y1, x)!.numpy()).toEqual([[2, 0], [0, 2]]);
  });
});

// backprop.py gradient: `output_gradients = [None if x is None else ops.convert_to_tensor(x) for x in
// output_gradients]` (no dtype, no shape); tape.h InitialGradients: `(*result)[id].push_back(output_gradients[i]);`
// then the op's gradient: math_grad.py _MulGrad `gen_math_ops.mul(grad, y)`, whose kernel broadcasts or raises
// bcast's "Incompatible shapes: [3] vs. [2]"
describe('finding 4: output_gradients', () => {
  const square = () => {
    const x = tf.constant([1.0, 2.0]);
    const t = new tf.GradientTape();
    const y = t.record(() => { t.watch(x); return x.mul(x); });
    return { x, t, y };
  };

  it('a scalar seed broadcasts: grad*x + grad*y = 3*[1, 2] + 3*[1, 2] = [6, 12]', () => {
    const { x, t, y } = square();
    expect(t.gradient(y, x, { output_gradients: tf.constant(3.0) })!.numpy()).toEqual([6, 12]);
  });

  it('a row seed broadcasts over a matrix target: 2 x * [1, 10] (NumPy)', () => {
    const x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    const t = new tf.GradientTape();
    const y = t.record(() => { t.watch(x); return x.mul(x); });
    expect(t.gradient(y, x, { output_gradients: tf.constant([1.0, 10.0]) })!.numpy()).toEqual([[2, 40], [6, 80], [10, 120]]);
  });

  it('a seed that does not broadcast is the kernel\'s InvalidArgumentError', () => {
    const { x, t, y } = square();
    const e = thrown(() => t.gradient(y, x, { output_gradients: tf.constant([1.0, 2.0, 3.0]) }));
    expect(e).toEqual(['InvalidArgumentError', 'Incompatible shapes: [3] vs. [2]']);
  });

  it('a seed of another dtype is still an error, the kernels\' InvalidArgumentError', () => {
    const { x, t, y } = square();
    expect(() => t.gradient(y, x, { output_gradients: tf.constant([3.0, 5.0], 'float64') })).toThrow(tf.InvalidArgumentError);
  });

  it('a number is converted with no dtype: float32 (Python\'s 3.0), so a float64 target refuses it', () => {
    // output_gradients is a nest (`nest.flatten`): [3.0] is one scalar seed, broadcast: [6, 12]
    const { x, t, y } = square();
    expect(t.gradient(y, x, { output_gradients: [3.0] })!.numpy()).toEqual([6, 12]);
    const x64 = tf.constant([1.0, 2.0], 'float64');
    const t64 = new tf.GradientTape();
    const y64 = t64.record(() => { t64.watch(x64); return x64.mul(x64); });
    expect(() => t64.gradient(y64, x64, { output_gradients: 3.0 })).toThrow(tf.InvalidArgumentError);
  });

  it('one seed per target is read (tape.h output_gradients[i]); a further one is not', () => {
    const { x, t, y } = square();
    expect(t.gradient(y, x, { output_gradients: [tf.constant([3.0, 5.0]), tf.constant([7.0, 7.0])] })!.numpy()).toEqual([6, 20]);
  });
});

// backprop.py gradient, after the tape is popped: `if target is None: raise TypeError("Argument `target` should be a
// list or nested structure of Tensors, Variables or CompositeTensors to be differentiated, but received None.")`
describe('finding 7: gradient of None', () => {
  const TEXT = 'Argument `target` should be a list or nested structure of Tensors, Variables or CompositeTensors to be differentiated, but received None.';
  it('is TF\'s TypeError, for null and undefined', () => {
    for (const target of [null, undefined]) {
      const x = tf.constant(3.0);
      const t = new tf.GradientTape();
      t.record(() => t.watch(x));
      expect(thrown(() => t.gradient(target as never, x))).toEqual(['TypeError', TEXT]);
    }
  });
});

describe('finding 8: batch_jacobian errors', () => {
  // backprop.py batch_jacobian: `target_shape.with_rank_at_least(2) and source.shape.with_rank_at_least(2)`;
  // tensor_shape.py with_rank_at_least: `raise ValueError("Shape %s must have rank at least %d" % (self, rank))`
  it('a target or a source of rank < 2 is with_rank_at_least\'s ValueError', () => {
    const x = tf.constant([1.0, 2.0]);
    const g = new tf.GradientTape({ persistent: true });
    const y = g.record(() => { g.watch(x); return x.mul(x); });
    expect(thrown(() => g.batch_jacobian(y, x))).toEqual(['ValueError', 'Shape (2,) must have rank at least 2']);
    const m = tf.constant([[1.0, 2.0], [3.0, 4.0]]);
    const z = g.record(() => { g.watch(m); return m.mul(2); });
    expect(thrown(() => g.batch_jacobian(z, x))).toEqual(['ValueError', 'Shape (2,) must have rank at least 2']);
  });

  // "Need first dimension of target shape (%s) and source shape (%s) to match." % (target.shape, source.shape), and
  // tensor_shape.py TensorShape.__str__ is `"(%s)" % ", ".join(...)`: two pairs of parentheses
  it('batch sizes that differ: TF\'s text with TensorShape\'s str in its parentheses', () => {
    const x = tf.constant([[1.0, 2.0], [3.0, 4.0]]);
    const g = new tf.GradientTape();
    const y = g.record(() => { g.watch(x); return tf.concat([x, x], 0); });
    expect(thrown(() => g.batch_jacobian(y, x))).toEqual(['ValueError', 'Need first dimension of target shape ((4, 2)) and source shape ((2, 2)) to match.']);
  });

  // batch_jacobian: raise RuntimeError("A non-persistent GradientTape can only be used to" "compute one set of
  // gradients (or jacobians)"): no space; jacobian and gradient have "used to " "compute"
  it('a spent tape: batch_jacobian\'s text lacks the space, jacobian\'s has it', () => {
    const x = tf.constant([[1.0, 2.0], [3.0, 4.0]]);
    const g = new tf.GradientTape();
    const y = g.record(() => { g.watch(x); return x.mul(x); });
    g.gradient(y, x);
    expect(thrown(() => g.batch_jacobian(y, x))).toEqual(['RuntimeError', 'A non-persistent GradientTape can only be used tocompute one set of gradients (or jacobians)']);
    expect(thrown(() => g.jacobian(y, x))).toEqual(['RuntimeError', 'A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)']);
  });
});

// backprop.py batch_jacobian: `if output is None: ... output = array_ops.zeros(new_shape, target.dtype)`
describe('finding 9: batch_jacobian of an unconnected source', () => {
  it('is zeros of the target\'s dtype', () => {
    const x = tf.constant([[1.0, 2.0]]);
    const z = tf.constant([[1.0]], 'float64');
    const g = new tf.GradientTape();
    const y = g.record(() => { g.watch([x, z]); return x.mul(2); });
    const j = g.batch_jacobian(y, z)!;
    expect(j.dtype).toBe(tf.float32);
    expect(j.shape.as_list()).toEqual([1, 2, 1]);
    expect(j.numpy()).toEqual([[[0], [0]]]);
  });
});

describe('finding 10: watched_variables', () => {
  // resource_variable_ops.py variable_accessed: `if variable.trainable: tape.variable_accessed(variable)`;
  // pywrap_tfe_src.cc GradientTape::WatchVariable: `variable_watcher_.WatchVariable(v)`: no dtype test
  it('lists a trainable int32 variable read on the tape', () => {
    const a = new tf.Variable(1, { dtype: 'int32', name: 'a' });
    const t = new tf.GradientTape();
    t.record(() => a.mul(2));
    expect(t.watched_variables().map((v) => v.name)).toEqual(['a:0']);
  });

  it('lists an int32 variable watched explicitly, after the tape is spent too', () => {
    const a = new tf.Variable(1, { dtype: 'int32', name: 'a', trainable: false });
    const b = new tf.Variable(1.0, { name: 'b' });
    const t = new tf.GradientTape();
    let y!: tf.Tensor;
    warnings(() => { y = t.record(() => { t.watch(a); return b.mul(2); }); });
    expect(t.gradient(y, b)!.numpy()).toBe(2);
    expect(t.watched_variables().map((v) => v.name)).toEqual(['a:0', 'b:0']);
  });

  // backprop.py gradient: `flat_targets.append(_handle_or_self(t))`: a variable target is its handle, not a read
  it('a variable target is not read: nothing is added', () => {
    const v = new tf.Variable(1.0);
    const x = tf.constant(2.0);
    const t = new tf.GradientTape({ persistent: true });
    t.record(() => { t.watch(x); x.mul(2); });
    expect(t.gradient(v, x)).toBeNull();
    expect(t.watched_variables()).toEqual([]);
  });
});

describe('finding 11: watch', () => {
  // backprop.py _extract_tensors_and_variables: raise ValueError(f"Passed in object {obj} of type
  // {type(obj).__name__!r}, not tf.Tensor or tf.Variable or ExtensionType.")
  it('refuses what is not a tensor with TF\'s text', () => {
    const t = new tf.GradientTape();
    expect(thrown(() => t.record(() => t.watch(3 as never)))).toEqual(['ValueError', "Passed in object 3 of type 'int', not tf.Tensor or tf.Variable or ExtensionType."]);
    const u = new tf.GradientTape();
    expect(thrown(() => u.record(() => u.watch(null as never)))).toEqual(['ValueError', "Passed in object None of type 'NoneType', not tf.Tensor or tf.Variable or ExtensionType."]);
    const w = new tf.GradientTape();
    expect(thrown(() => w.record(() => w.watch([tf.constant(1.0), 'abc'] as never)))).toEqual(['ValueError', "Passed in object abc of type 'str', not tf.Tensor or tf.Variable or ExtensionType."]);
  });

  // backprop.py watch: logging.log_first_n(logging.WARN, "The dtype of the watched tensor must be floating (e.g.
  // tf.float32), got %r", 5, t.dtype): the tensorflow logger's prefix, and %r of tf.int32 is 'tf.int32'
  it('warns about an int tensor with the tensorflow logger\'s prefix', () => {
    const t = new tf.GradientTape();
    expect(warnings(() => t.record(() => t.watch(tf.constant(10, 'int32'))))).toEqual([
      'WARNING:tensorflow:The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.int32']);
  });
});

// backprop.py jacobian raises the pfor=False RuntimeError, and batch_jacobian its ValueErrors, before any
// `self.gradient` call pops a non-persistent tape: the block goes on recording
describe('finding 12: validation errors leave a non-persistent tape recording', () => {
  it('jacobian with experimental_use_pfor=False: d(5x)/dx = [5, 5] afterwards', () => {
    const x = tf.constant([1.0, 2.0]);
    const g = new tf.GradientTape();
    let error: [string, string] | null = null;
    const z = g.record(() => {
      g.watch(x);
      const y = x.mul(x);
      error = thrown(() => g.jacobian(y, x, { experimental_use_pfor: false }));
      return x.mul(5);
    });
    expect(error![0]).toBe('RuntimeError');
    expect(g.gradient(z, x)!.numpy()).toEqual([5, 5]);
  });

  it('batch_jacobian of a rank-1 target: d(5x)/dx = [5, 5] afterwards', () => {
    const x = tf.constant([1.0, 2.0]);
    const g = new tf.GradientTape();
    let error: [string, string] | null = null;
    const z = g.record(() => {
      g.watch(x);
      error = thrown(() => g.batch_jacobian(x.mul(x), x));
      return x.mul(5);
    });
    expect(error![0]).toBe('ValueError');
    expect(g.gradient(z, x)!.numpy()).toEqual([5, 5]);
  });
});

describe('a Variable read while no tape records is a tensor of its own (finding 1)', () => {
  // TF: each read is a ReadVariableOp of its own, recorded only on the tapes recording then; so in y = v * r with r
  // read before the tape (or inside stop_recording), r is a constant: dy/dv = r = 3 (twingrad gave 6: r was the
  // watched value itself)
  it('before the tape, and inside stop_recording', () => {
    const v = new tf.Variable(3.0);
    const r = v.read_value();
    const tape = new tf.GradientTape();
    const y = tape.record(() => v.mul(r));
    expect(tape.gradient(y, v)!.numpy()).toBe(3);
    const t2 = new tf.GradientTape();
    const y2 = t2.record(() => v.mul(t2.stop_recording(() => v.read_value())));
    expect(t2.gradient(y2, v)!.numpy()).toBe(3);
  });
  // resource_variable_ops.py: assign goes through _lazy_read, which calls tape.variable_accessed(self)
  it('an assign inside the block makes the variable watched', () => {
    const v = new tf.Variable(1.0, { name: 'w' });
    const tape = new tf.GradientTape();
    tape.record(() => { v.assign(2.0); });
    expect(tape.watched_variables()).toEqual([v]);
  });
});
