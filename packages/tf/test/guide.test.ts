import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';

// Examples of TensorFlow's guides "Introduction to gradients and automatic differentiation" and "Advanced automatic
// differentiation", and of GradientTape's docstring (python/eager/backprop.py); expectations are their printed values,
// or, where the guide prints none (random inputs, plots), hand derivatives and central differences in float64.

/** Elementwise |got - want| <= tol (1 + |want|): float32 results against float64 references. */
function expectClose(got: number[], want: number[], tol = 1e-5): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!))));
}
const flat = (t: tf.Tensor): number[] => [t.numpy()].flat(Infinity) as number[];
/** sigmoid'(x) = s (1 - s), by hand, in float64. */
const dsigmoid = (x: number): number => { const s = 1 / (1 + Math.exp(-x)); return s * (1 - s); };

describe('TF guide: introduction to gradients', () => {
  it('the gradient of x**2 at a Variable 3.0 is 6.0', () => {
    const x = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.pow(2));
    expect(tape.gradient(y, x)!.numpy()).toBe(6);
  });

  it('the w/b layer example gives gradients shaped like the variables, also for a dict of sources', () => {
    const w = new tf.Variable(tf.random.normal([3, 2]), { name: 'w' });
    const b = new tf.Variable(tf.zeros([2], tf.float32), { name: 'b' });
    const x = [[1, 2, 3]];
    const tape = new tf.GradientTape({ persistent: true });
    const loss = tape.record(() => tf.reduce_mean(tf.matmul(x, w).add(b).pow(2)));
    const [dl_dw, dl_db] = tape.gradient(loss, [w, b]);
    expect(String(w.shape)).toBe('(3, 2)');
    expect(String(dl_dw!.shape)).toBe('(3, 2)');
    expect(dl_db!.shape).toEqual([2]);
    const grad = tape.gradient(loss, { w, b });
    expect(grad.b!.numpy()).toEqual(dl_db!.numpy());
    expect(w.name).toBe('w:0');
  });

  it('only the trainable variable is watched: 6.0, None, None, None and watched_variables is [x0:0]', () => {
    const x0 = new tf.Variable(3.0, { name: 'x0' });
    const x1 = new tf.Variable(3.0, { name: 'x1', trainable: false });
    const x2 = new tf.Variable(2.0, { name: 'x2' }).add(1.0);
    const x3 = tf.constant(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x0.pow(2).add(x1.pow(2)).add(x2.pow(2)));
    const grad = tape.gradient(y, [x0, x1, x2, x3]);
    expect(grad.map((g) => (g === null ? null : String(g)))).toEqual(['tf.Tensor(6.0, shape=(), dtype=float32)', null, null, null]);
    expect(tape.watched_variables().map((v) => v.name)).toEqual(['x0:0']);
  });

  it('a watched constant gives 6.0', () => {
    const x = tf.constant(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return x.pow(2); });
    expect(tape.gradient(y, x)!.numpy()).toBe(6);
  });

  it('watch_accessed_variables: false watches only x1: dy/dx0 None, dy/dx1 0.9999546', () => {
    const x0 = new tf.Variable(0.0);
    const x1 = new tf.Variable(10.0);
    const tape = new tf.GradientTape({ watch_accessed_variables: false });
    const ys = tape.record(() => {
      tape.watch(x1);
      const y0 = tf.math.sin(x0);
      const y1 = tf.nn.softplus(x1);
      return tf.reduce_sum(y0.add(y1));
    });
    const grad = tape.gradient(ys, { x0, x1 });
    expect(grad.x0).toBeNull();
    expect(String(grad.x1!.numpy())).toBe(String(Math.fround(0.9999546)));
  });

  it('a gradient with respect to an intermediate value: dz/dy = 18.0', () => {
    const x = tf.constant(3.0);
    const tape = new tf.GradientTape({ persistent: true });
    let y!: tf.Tensor;
    const z = tape.record(() => { tape.watch(x); y = x.mul(x); return y.mul(y); });
    expect(tape.gradient(z, y)!.numpy()).toBe(18);
  });

  it('a persistent tape gives dz/dx = [4, 108] and dy/dx = [2, 6]', () => {
    const x = tf.constant([1, 3.0]);
    const tape = new tf.GradientTape({ persistent: true });
    let y!: tf.Tensor;
    const z = tape.record(() => { tape.watch(x); y = x.mul(x); return y.mul(y); });
    const dz = tape.gradient(z, x)!;
    expect(dz.numpy()).toEqual([4, 108]);
    expect(tf.repr(dz)).toBe('<tf.Tensor: shape=(2,), dtype=float32, numpy=array([  4., 108.], dtype=float32)>');
    expect(String(dz.numpy().length)).toBe('2');
    expect(String(tape.gradient(y, x))).toBe('tf.Tensor([2. 6.], shape=(2,), dtype=float32)');
  });

  it('two targets give the sum of their gradients: 4.0, -0.25 and 3.75 for a dict of targets', () => {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape({ persistent: true });
    const [y0, y1] = tape.record(() => [x.pow(2), tf.divide(1, x)] as const);
    expect(tape.gradient(y0, x)!.numpy()).toBe(4);
    expect(tape.gradient(y1, x)!.numpy()).toBe(-0.25);
    expect(tape.gradient({ y0, y1 }, x)!.numpy()).toBe(3.75);
  });

  it('a non-scalar target differentiates the sum of its elements: 7.0', () => {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul([3, 4]));
    expect(tape.gradient(y, x)!.numpy()).toBe(7);
  });

  it('the sigmoid curve example gives a gradient for each of the 201 points', () => {
    const x = tf.linspace(-10.0, 10.0, 200 + 1);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return tf.nn.sigmoid(x); });
    const dy_dx = tape.gradient(y, x)!;
    expect(dy_dx.shape).toEqual([201]);
    expect(dy_dx.numpy()[100]).toBe(0.25);
    // float32's s (1 - s) is off by about 3e-8 at most here; 1e-6 still tells 4.5e-5 (at x = +-10) from a wrong value.
    expectClose(flat(dy_dx), flat(x).map(dsigmoid), 1e-6);
  });

  it('control flow: the branch taken gets 1.0, the other None, and x None', () => {
    const x = tf.constant(1.0);
    const v0 = new tf.Variable(2.0);
    const v1 = new tf.Variable(2.0);
    const tape = new tf.GradientTape({ persistent: true });
    const result = tape.record(() => { tape.watch(x); return x.numpy() > 0 ? v0 : v1.pow(2); });
    const [dv0, dv1] = tape.gradient(result, [v0, v1]);
    expect(String(dv0)).toBe('tf.Tensor(1.0, shape=(), dtype=float32)');
    expect(dv1).toBeNull();
    expect(tape.gradient(result, x)).toBeNull();
  });

  it('an unconnected variable gives None', () => {
    const x = new tf.Variable(2.0);
    const y = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const z = tape.record(() => y.mul(y));
    expect(tape.gradient(z, x)).toBeNull();
  });

  it('replacing a variable by a tensor loses the gradient: 1.0, then None', () => {
    let x: tf.Variable | tf.Tensor = new tf.Variable(2.0);
    const out: Array<string> = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      const tape = new tf.GradientTape();
      const cur: tf.Variable | tf.Tensor = x;
      const y = tape.record(() => cur.add(1));
      const g = tape.gradient(y, cur);
      out.push(`${cur.constructor.name} : ${g === null ? 'None' : String(g)}`);
      x = cur.add(1);
    }
    expect(out).toEqual(['Variable : tf.Tensor(1.0, shape=(), dtype=float32)', 'Tensor : None']);
  });

  it('values taken out through numpy() are not differentiated: None', () => {
    const x = new tf.Variable([[1.0, 2.0], [3.0, 4.0]], { dtype: tf.float32 });
    const tape = new tf.GradientTape();
    const y = tape.record(() => { const x2 = x.numpy(); return tf.reduce_sum(tf.constant(x2).mul(x2)); });
    expect(tape.gradient(y, x)).toBeNull();
  });

  it('the gradient of an integer is None', () => {
    const x = tf.constant(10, tf.int32);
    const tape = new tf.GradientTape();
    const warn = console.warn;
    const seen: string[] = [];
    console.warn = (m: string) => { seen.push(m); };
    try {
      const y = tape.record(() => { tape.watch(x); return x.mul(x); });
      expect(y.dtype).toBe(tf.int32);
      expect(tape.gradient(y, x)).toBeNull();
    } finally {
      console.warn = warn;
    }
    expect(seen[0]).toContain('The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.int32');
  });

  it('a stateful assign_add is not differentiated through: None', () => {
    const x0 = new tf.Variable(3.0);
    const x1 = new tf.Variable(0.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { x1.assign_add(x0); return x1.pow(2); });
    expect(tape.gradient(y, x0)).toBeNull();
  });

  it('UnconnectedGradients.ZERO gives zeros: [0. 0.]', () => {
    const x = new tf.Variable([2.0, 2.0]);
    const y = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const z = tape.record(() => y.pow(2));
    const g = tape.gradient(z, x, { unconnected_gradients: tf.UnconnectedGradients.ZERO });
    expect(String(g)).toBe('tf.Tensor([0. 0.], shape=(2,), dtype=float32)');
  });
});

describe('TF guide: advanced automatic differentiation', () => {
  it('stop_recording leaves y out: dz/dx 4.0, dz/dy None', () => {
    const x = new tf.Variable(2.0);
    const y = new tf.Variable(3.0);
    const t = new tf.GradientTape();
    const z = t.record(() => {
      const x_sq = x.mul(x);
      const y_sq = t.stop_recording(() => y.mul(y));
      return x_sq.add(y_sq);
    });
    const grad = t.gradient(z, { x, y });
    expect(String(grad.x)).toBe('tf.Tensor(4.0, shape=(), dtype=float32)');
    expect(grad.y).toBeNull();
  });

  it('reset forgets what was recorded: dz/dx 4.0, dz/dy None', () => {
    const x = new tf.Variable(2.0);
    const y = new tf.Variable(3.0);
    const t = new tf.GradientTape();
    const z = t.record(() => {
      const y_sq = y.mul(y);
      t.reset();
      return x.mul(x).add(y_sq);
    });
    const grad = t.gradient(z, { x, y });
    expect(grad.x!.numpy()).toBe(4);
    expect(grad.y).toBeNull();
  });

  it('stop_gradient: dz/dx 4.0, dz/dy None', () => {
    const x = new tf.Variable(2.0);
    const y = new tf.Variable(3.0);
    const t = new tf.GradientTape();
    const z = t.record(() => x.pow(2).add(tf.stop_gradient(y.pow(2))));
    const grad = t.gradient(z, { x, y });
    expect(grad.x!.numpy()).toBe(4);
    expect(grad.y).toBeNull();
  });

  it('custom_gradient: log1pexp at 100 has gradient 1.0 where the plain formula gives NaN', () => {
    const log1pexp = tf.custom_gradient((x: tf.Tensor) => {
      const e = tf.exp(x);
      const grad = (upstream: tf.Tensor) => upstream.mul(tf.subtract(1, tf.divide(1, e.add(1))));
      return [tf.math.log(e.add(1)), grad];
    });
    const x = tf.constant(100.0);
    const tape = new tf.GradientTape({ persistent: true });
    const [y, plain] = tape.record(() => { tape.watch(x); return [log1pexp(x), tf.math.log(tf.exp(x).add(1))] as const; });
    expect(tape.gradient(y, x)!.numpy()).toBe(1);
    expect(tape.gradient(plain, x)!.numpy()).toBeNaN();
  });

  it('two tapes at once: cos(0) = 1.0 and sigmoid\'(0) = 0.25', () => {
    const x0 = tf.constant(0.0);
    const x1 = tf.constant(0.0);
    const tape0 = new tf.GradientTape();
    const tape1 = new tf.GradientTape();
    const ys = tape0.record(() => tape1.record(() => {
      tape0.watch(x0);
      tape1.watch(x1);
      return tf.reduce_sum(tf.math.sin(x0).add(tf.nn.sigmoid(x1)));
    }));
    expect(tape0.gradient(ys, x0)!.numpy()).toBe(1);
    expect(tape1.gradient(ys, x1)!.numpy()).toBe(0.25);
  });

  it('higher order gradients of x^3 at 1: dy_dx 3.0 and d2y_dx2 6.0', () => {
    const x = new tf.Variable(1.0);
    const t2 = new tf.GradientTape();
    const t1 = new tf.GradientTape();
    const dy_dx = t2.record(() => { const y = t1.record(() => x.mul(x).mul(x)); return t1.gradient(y, x)!; });
    expect(dy_dx.numpy()).toBe(3);
    expect(t2.gradient(dy_dx, x)!.numpy()).toBe(6);
  });

  it('the jacobian with respect to a scalar source has the target\'s shape (201,)', () => {
    const x = tf.linspace(-10.0, 10.0, 200 + 1);
    const delta = new tf.Variable(0.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.nn.sigmoid(x.add(delta)));
    const dy_dx = tape.jacobian(y, delta)!;
    expect(y.shape).toEqual([201]);
    expect(dy_dx.shape).toEqual([201]);
    // At delta = 0, dy_i/d delta = sigmoid'(x_i); tolerance as in the sigmoid curve example above.
    expectClose(flat(dy_dx), flat(x).map(dsigmoid), 1e-6);
  });

  it('the jacobian of a dense layer with respect to its kernel is [7, 10, 5, 10], by hand, and sums to the gradient', () => {
    tf.random.set_seed(20240611);
    const x = tf.random.normal([7, 5]);
    const kernel = new tf.Variable(tf.random.normal([5, 10]));
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => tf.nn.relu(tf.matmul(x, kernel)));
    const j = tape.jacobian(y, kernel)!;
    expect(j.shape).toEqual([7, 10, 5, 10]);
    const g = tape.gradient(y, kernel)!;
    // By hand: y[i, a] = relu(z[i, a]), z = x kernel, so dy[i, a]/dkernel[p, q] = [z[i, a] > 0] x[i, p] [a = q],
    // and the gradient of sum(y) is the sum over i and a: g[p, q] = sum_i [z[i, q] > 0] x[i, p].
    const X = x.numpy() as number[][], K = kernel.numpy() as number[][];
    const z = X.map((row) => K[0]!.map((_, a) => row.reduce((s, v, p) => s + v * K[p]![a]!, 0)));
    // With this seed no z is near the kink, so float32 rounding (about 1e-6 here) cannot flip the mask.
    expect(Math.min(...z.flat().map(Math.abs))).toBeGreaterThan(1e-3);
    const want: number[] = [], wantG: number[] = [];
    for (let i = 0; i < 7; i++) for (let a = 0; a < 10; a++) for (let p = 0; p < 5; p++) for (let q = 0; q < 10; q++) want.push(a === q && z[i]![a]! > 0 ? X[i]![p]! : 0);
    for (let p = 0; p < 5; p++) for (let q = 0; q < 10; q++) wantG.push(X.reduce((s, row, i) => s + (z[i]![q]! > 0 ? row[p]! : 0), 0));
    expectClose(flat(j), want);
    expectClose(flat(g), wantG);
  });

  it('batch_jacobian of two dense elu layers is [7, 6, 5], the diagonal of the full jacobian [7, 6, 7, 5]', () => {
    const x = tf.random.normal([7, 5]);
    const w1 = new tf.Variable(tf.random.normal([5, 8]));
    const w2 = new tf.Variable(tf.random.normal([8, 6]));
    const tape = new tf.GradientTape({ persistent: true, watch_accessed_variables: false });
    const y = tape.record(() => { tape.watch(x); return tf.nn.elu(tf.matmul(tf.nn.elu(tf.matmul(x, w1)), w2)); });
    expect(y.shape).toEqual([7, 6]);
    const j = tape.jacobian(y, x)!;
    expect(j.shape).toEqual([7, 6, 7, 5]);
    const jb = tape.batch_jacobian(y, x)!;
    expect(jb.shape).toEqual([7, 6, 5]);
    // Reference: central differences of the same two layers written out in float64. Row i of y depends on row i
    // of x only, so jb[i, a, c] = dy[i, a]/dx[i, c] and j[i, a, k, c] is jb[i, a, c] for k = i and 0 otherwise.
    const X = x.numpy() as number[][], W1 = w1.numpy() as number[][], W2 = w2.numpy() as number[][];
    const elu = (v: number): number => (v > 0 ? v : Math.expm1(v));
    const dense = (row: number[], w: number[][]): number[] => w[0]!.map((_, a) => elu(row.reduce((s, v, p) => s + v * w[p]![a]!, 0)));
    const layers = (row: number[]): number[] => dense(dense(row, W1), W2);
    const h = 1e-6;
    const ref = X.map((row) => {
      const cols = row.map((v, c) => {
        const up = layers(row.map((u, d) => (d === c ? v + h : u))), down = layers(row.map((u, d) => (d === c ? v - h : u)));
        return up.map((yu, a) => (yu - down[a]!) / (2 * h));
      });
      return W2[0]!.map((_, a) => cols.map((col) => col[a]!));
    });
    expectClose(flat(jb), ref.flat(2));
    const want: number[] = [];
    for (let i = 0; i < 7; i++) for (let a = 0; a < 6; a++) for (let k = 0; k < 7; k++) for (let c = 0; c < 5; c++) want.push(k === i ? ref[i]![a]![c]! : 0);
    expectClose(flat(j), want);
  });

  it('the docstring jacobian example: y = x * x at [1, 2] gives [[2, 0], [0, 4]]', () => {
    const g = new tf.GradientTape();
    const x = tf.constant([1.0, 2.0]);
    const y = g.record(() => { g.watch(x); return x.mul(x); });
    expect(g.jacobian(y, x)!.numpy()).toEqual([[2, 0], [0, 4]]);
  });

  it('the docstring batch_jacobian example gives [[[2, 0], [0, 4]], [[6, 0], [0, 8]]]', () => {
    const g = new tf.GradientTape();
    const x = tf.constant([[1, 2], [3, 4]], tf.float32);
    const y = g.record(() => { g.watch(x); return x.mul(x); });
    expect(g.batch_jacobian(y, x)!.numpy()).toEqual([[[2, 0], [0, 4]], [[6, 0], [0, 8]]]);
  });
});

describe('GradientTape docstring', () => {
  it('nested tapes at x = 5 print dy_dx 10.0 and d2y_dx2 2.0', () => {
    const x = tf.constant(5.0);
    const g = new tf.GradientTape();
    const gg = new tf.GradientTape();
    const dy_dx = g.record(() => {
      g.watch(x);
      const y = gg.record(() => { gg.watch(x); return x.mul(x); });
      return gg.gradient(y, x)!;
    });
    expect(String(dy_dx)).toBe('tf.Tensor(10.0, shape=(), dtype=float32)');
    expect(String(g.gradient(dy_dx, x))).toBe('tf.Tensor(2.0, shape=(), dtype=float32)');
  });

  it('watch_accessed_variables false with a persistent tape: dy_dx 4.0 and None for the unwatched w', () => {
    const x = new tf.Variable(2.0);
    const w = new tf.Variable(5.0);
    const tape = new tf.GradientTape({ watch_accessed_variables: false, persistent: true });
    const [y, z] = tape.record(() => { tape.watch(x); return [x.pow(2), w.pow(3)] as const; });
    expect(String(tape.gradient(y, x))).toBe('tf.Tensor(4.0, shape=(), dtype=float32)');
    expect(tape.gradient(z, w)).toBeNull();
  });
});
