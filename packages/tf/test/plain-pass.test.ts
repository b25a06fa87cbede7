/**
 * The core's plain backward pass (core autograd/plain.ts) through TensorFlow's API, differentially: random scalar
 * programs recorded on a GradientTape (persistent or not, watching accessed variables or not) over variables
 * (trainable or not, some assigned to mid-record) and constants (watched or not), of float32 or float64, shaped [],
 * [1] or [1, 1]; numbers on either side; diamonds; tape.watch of an intermediate; stop_gradient. Then one or two
 * `tape.gradient` calls with one source or a list (leaves or intermediates, watched or not, connected or not, repeated),
 * with or without output_gradients and unconnected_gradients 'zero', inside the record block or after it, or inside
 * an outer tape (a recorded gradient) whose gradient of that gradient is asked too. Each program runs twice from
 * fresh, identical values, with `plainPasses.enabled` and without, and must return the same: every gradient bit for
 * bit, which returned tensors are the same object (as each other, as an output_gradients tensor, as a value), each
 * error's class and text.
 *
 * Which pass ran is seen from outside, as in packages/core/test/plain-pass.test.ts: the scalar forms of the rules are
 * wrapped, for this file only, to count the calls made from core's autograd/plain.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as core from '@twingrad/core';
import * as tf from '@twingrad/tf';
import { EXPONENTS, Names, binaryStep, bothWays, message, operand, probePasses, ref, unaryStep, value, type Operand } from '../../core/test/util/plain-probe.js';

type DType = 'float32' | 'float64';
const probe = probePasses();

// ---- programs ----

const SCALAR_UNARY = ['negative', 'exp', 'log', 'sqrt', 'square', 'sin', 'cos', 'tanh', 'sigmoid', 'relu'] as const;
const OTHER_UNARY = ['abs', 'reduce_sum', 'stop_gradient', 'identity'] as const;
const SCALAR_BINARY = ['add', 'subtract', 'multiply', 'divide'] as const;
type Unary = (typeof SCALAR_UNARY)[number] | (typeof OTHER_UNARY)[number];
type Binary = (typeof SCALAR_BINARY)[number] | 'pow';

type Step =
  | { k: 'un'; op: Unary; a: number }
  | { k: 'bin'; op: Binary; a: Operand; b: Operand }
  | { k: 'powN'; a: number; p: number }
  | { k: 'watch'; a: number }
  | { k: 'assign'; a: number };

interface Leaf { v: number; kind: 'var' | 'untrainable' | 'const'; watch: boolean }

interface Call {
  /** Sources: indices into the values (leaves first); `single` takes the first alone, not in a list. */
  sources: number[];
  single: boolean;
  target: number | null;
  seed: number | null;
  zero: boolean;
}

interface Prog {
  clean: boolean;
  dtype: DType;
  shape: number[];
  persistent: boolean;
  watchAccessed: boolean;
  /** Where the gradient calls are made: after the record block, inside it, or inside an outer tape's record block. */
  where: 'after' | 'inside' | 'nested';
  leaves: Leaf[];
  steps: Step[];
  calls: Call[];
}


function stepArb(clean: boolean, numbers: boolean): fc.Arbitrary<Step> {
  const arg = operand(numbers);
  const scalar: Array<fc.WeightedArbitrary<Step>> = [
    { weight: 6, arbitrary: unaryStep<Unary>(SCALAR_UNARY) },
    { weight: 8, arbitrary: binaryStep<Binary>(SCALAR_BINARY, arg) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('powN' as const), a: ref, p: fc.constantFrom(...EXPONENTS) }) },
  ];
  if (clean) return fc.oneof(...scalar);
  return fc.oneof(
    ...scalar,
    { weight: 2, arbitrary: unaryStep<Unary>(OTHER_UNARY) },
    { weight: 1, arbitrary: binaryStep<Binary>(['pow'], arg) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('watch' as const), a: ref }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('assign' as const), a: ref }) },
  );
}

function callArb(clean: boolean): fc.Arbitrary<Call> {
  return fc.record({
    sources: fc.array(ref, { minLength: 1, maxLength: 4 }),
    single: fc.boolean(),
    target: clean ? fc.constant(null) : fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: ref }),
    seed: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value }),
    zero: fc.constantFrom(false, false, true),
  });
}

function progArb(clean: boolean): fc.Arbitrary<Prog> {
  return fc.record({
    dtype: fc.constantFrom<DType>('float32', 'float64'),
    shape: fc.constantFrom<number[]>([], [], [1], [1, 1]),
  }).chain(({ dtype, shape }) => fc.record({
    clean: fc.constant(clean),
    dtype: fc.constant(dtype),
    shape: fc.constant(shape),
    persistent: fc.boolean(),
    watchAccessed: clean ? fc.constant(true) : fc.constantFrom(true, true, false),
    where: clean ? fc.constant('after' as const) : fc.constantFrom('after' as const, 'after' as const, 'inside' as const, 'nested' as const),
    leaves: fc.array(fc.record({ v: value, kind: fc.constantFrom('var' as const, 'var' as const, 'untrainable' as const, 'const' as const), watch: fc.constantFrom(true, true, false) }),
      { minLength: 1, maxLength: 4 }),
    steps: fc.array(stepArb(clean, !clean || shape.length === 0), { minLength: 1, maxLength: 10 }),
    calls: fc.array(callArb(clean), { minLength: 1, maxLength: 2 }),
  }));
}

// ---- running a program ----

type Val = tf.Tensor | tf.Variable;

function unaryOf(op: Unary, a: Val): tf.Tensor {
  switch (op) {
    case 'negative': return tf.negative(a);
    case 'exp': return tf.exp(a);
    case 'log': return tf.log(a);
    case 'sqrt': return tf.sqrt(a);
    case 'square': return tf.square(a);
    case 'sin': return tf.sin(a);
    case 'cos': return tf.cos(a);
    case 'tanh': return tf.tanh(a);
    case 'sigmoid': return tf.sigmoid(a);
    case 'relu': return tf.nn.relu(a);
    case 'abs': return tf.abs(a);
    case 'reduce_sum': return tf.reduce_sum(a);
    case 'stop_gradient': return tf.stop_gradient(a);
    case 'identity': return tf.identity(a);
  }
}

function binaryOf(op: Binary, a: Val | number, b: Val | number): tf.Tensor {
  switch (op) {
    case 'add': return tf.add(a, b);
    case 'subtract': return tf.subtract(a, b);
    case 'multiply': return tf.multiply(a, b);
    case 'divide': return tf.divide(a, b);
    case 'pow': return tf.pow(a, b);
  }
}

interface Observation { error: string | null; returned: string[] | null }

const nest = (v: number, shape: number[]): number | number[] | number[][] => (shape.length === 0 ? v : shape.length === 1 ? [v] : [[v]]);

function run(p: Prog, plain: boolean) {
  const dtype = p.dtype === 'float32' ? tf.float32 : tf.float64;
  const leaves: Val[] = p.leaves.map((s) => (s.kind === 'const' ? tf.constant(nest(s.v, p.shape), dtype)
    : new tf.Variable(nest(s.v, p.shape), { dtype, trainable: s.kind === 'var' })));
  const values: Val[] = [...leaves];
  const at = (i: number) => values[i % values.length]!;
  const arg = (o: Operand) => ('ref' in o ? at(o.ref) : o.num);
  const tape = new tf.GradientTape({ persistent: p.persistent, watch_accessed_variables: p.watchAccessed });
  const outer = p.where === 'nested' ? new tf.GradientTape({ persistent: true }) : null;
  const obs: Observation[] = [];
  const probes: Array<{ plain: number; general: number }> = [];
  const results: Array<Array<tf.Tensor | null>> = [];

  const build = () => {
    p.leaves.forEach((s, i) => { if (s.watch) tape.watch(leaves[i]!); });
    for (const s of p.steps) {
      if (s.k === 'watch') tape.watch(at(s.a));
      else if (s.k === 'assign') {
        const v = leaves[s.a % leaves.length]!;
        if (v instanceof tf.Variable) v.assign_add(tf.constant(nest(1, p.shape), dtype));
      } else {
        const y = s.k === 'un' ? unaryOf(s.op, at(s.a)) : s.k === 'powN' ? tf.pow(at(s.a), s.p)
          : binaryOf(s.op, arg(s.a), 'num' in s.a && 'num' in s.b ? values[values.length - 1]! : arg(s.b));
        values.push(y);
      }
    }
  };
  const gradients = () => {
    for (const call of p.calls) {
      const target = call.target === null ? values[values.length - 1]! : at(call.target);
      // a clean program's sources are leaves: an intermediate source takes the general pass
      const srcs = call.sources.map((i) => (p.clean ? leaves[i % leaves.length]! : at(i)));
      const seed = call.seed === null ? null : tf.constant(nest(call.seed, target._t.shape as number[]), dtype);
      const names = new Names();
      if (seed !== null) names.known(seed._t, 'seed');
      values.forEach((v, i) => names.known(v._t, `v${i}`));
      let error: string | null = null;
      let returned: Array<tf.Tensor | null> | null = null;
      probe.plain = 0;
      probe.general = 0;
      try {
        const options = { output_gradients: seed, unconnected_gradients: call.zero ? 'zero' as const : 'none' as const };
        returned = call.single ? [tape.gradient(target, srcs[0]!, options) as tf.Tensor | null] : tape.gradient(target, srcs, options) as Array<tf.Tensor | null>;
      } catch (e) {
        error = message(e);
      }
      probes.push({ plain: probe.plain, general: probe.general });
      if (returned !== null) results.push(returned);
      obs.push({ error, returned: returned === null ? null : returned.map((g) => names.desc(g === null ? null : g._t)) });
    }
  };

  core.plainPasses.enabled = plain;
  try {
    const record = () => {
      try {
        tape.record(() => {
          build();
          if (p.where !== 'after') gradients();
        });
      } catch (e) {
        obs.push({ error: `record: ${message(e)}`, returned: null });
        return;
      }
      if (p.where === 'after') gradients();
    };
    if (outer === null) record();
    else {
      p.leaves.forEach((s, i) => { if (s.watch) outer.watch(leaves[i]!); });
      outer.record(record);
      // the gradient of the recorded gradients (their sum) with respect to every leaf
      const ys = results.flat().filter((g): g is tf.Tensor => g !== null);
      probe.plain = 0;
      probe.general = 0;
      let error: string | null = null;
      let returned: Array<tf.Tensor | null> | null = null;
      try {
        if (ys.length > 0) returned = outer.gradient(ys, leaves) as Array<tf.Tensor | null>;
      } catch (e) {
        error = message(e);
      }
      probes.push({ plain: probe.plain, general: probe.general });
      const names = new Names();
      values.forEach((v, i) => names.known(v._t, `v${i}`));
      obs.push({ error, returned: returned === null ? null : returned.map((g) => names.desc(g === null ? null : g._t)) });
    }
  } finally {
    core.plainPasses.enabled = true;
  }
  return { obs, probes };
}

describe('the plain backward pass through the tf facade', () => {
  it('random programs on a GradientTape: the same gradients and errors with the plain pass allowed as without it', () => {
    const n = { plain: 0, general: 0, errors: 0 };
    fc.assert(fc.property(fc.oneof(progArb(true), progArb(false)), (p) => {
      const on = run(p, true), off = run(p, false);
      expect(on.obs).toEqual(off.obs);
      on.probes.forEach((a, i) => {
        expect(off.probes[i]!.plain).toBe(0);
        if (a.plain > 0) expect(a.general, `call ${i}: rules of one pass ran in both`).toBe(0);
        if (on.obs[i]!.error !== null) expect(a.plain, `call ${i} raised`).toBe(0);
        // a persistent tape asked inside its record block, or any tape inside an outer one, records the gradient
        if ((p.where === 'inside' && p.persistent) || (p.where === 'nested' && i < p.calls.length)) expect(a.plain, `call ${i} records`).toBe(0);
        if (a.plain > 0) n.plain++; else if (on.obs[i]!.error === null) n.general++; else n.errors++;
      });
      if (p.clean) {
        const first = on.probes[0]!, ret = on.obs[0]!.returned;
        expect(first.general, 'a clean program took the general pass').toBe(0);
        if (!p.calls[0]!.zero && ret !== null && ret.some((g) => g !== 'null')) expect(first.plain, 'a clean program').toBeGreaterThan(0);
      }
    }), { seed: 0x7f2a, numRuns: 350 });
    // about 155, 310 and 85 (a non-persistent tape asked twice)
    expect(n.plain).toBeGreaterThan(100);
    expect(n.general).toBeGreaterThan(150);
    expect(n.errors).toBeGreaterThan(40);
  });

  const both = <T>(fn: () => T) => bothWays(probe, fn);
  const f = (x: tf.Tensor | tf.Variable) => x.pow(4).mul(2).add(x.pow(3)).add(x.square().mul(3)).add(x.mul(5)).add(1);

  it("the notebook's polynomial takes the plain pass: dy/dx = 93 at x = 2, for a variable and a watched constant", () => {
    for (const make of [() => new tf.Variable(2.0), () => tf.constant(2.0)]) {
      const r = both(() => {
        const x = make();
        const tape = new tf.GradientTape();
        const y = tape.record(() => { tape.watch(x); return f(x); });
        return tape.gradient(y, x)!.numpy();
      });
      expect(r.plain).toBe(10);
      expect(r.general).toBe(0);
      expect(r.on).toBe(93);
      expect(r.off).toBe(93);
    }
    // nested tapes: the inner gradient is recorded (the general pass), the outer one is 114
    const r = both(() => {
      const x = new tf.Variable(2.0);
      const t2 = new tf.GradientTape({ persistent: true });
      const dy = t2.record(() => {
        const t1 = new tf.GradientTape();
        const y = t1.record(() => f(x));
        return t1.gradient(y, x)!;
      });
      return [dy.numpy(), t2.gradient(dy, x)!.numpy()];
    });
    expect(r.on).toEqual([93, 114]);
    expect(r.off).toEqual(r.on);
  });

  it('repeated sources, a target that is its own source, output_gradients passed on by add: as the general pass', () => {
    const r = both(() => {
      const x = new tf.Variable(1.5, { dtype: tf.float64 });
      const c = tf.constant(4.0, tf.float64);
      const tape = new tf.GradientTape({ persistent: true });
      const y = tape.record(() => { tape.watch(c); return tf.add(tf.multiply(x, c), c); });
      const seed = tf.constant(0.5, tf.float64);
      const [g1, g2, g3] = tape.gradient(y, [x, x, c], { output_gradients: seed });
      const [h1, h2] = tape.gradient(tape.record(() => tf.add(x, 1)), [x, x]);
      const self = tape.gradient(y, y)!;
      return [g1!.numpy(), g1!._t === g2!._t, g3!.numpy(), h1!._t === h2!._t, h1!.numpy(), self.numpy()];
    });
    expect(r.plain).toBeGreaterThan(0);
    expect(r.on).toEqual(r.off);
    // a number cotangent becomes a tensor per source; add passes the seed tensor itself on, to both entries
    expect(r.on).toEqual([2, false, 1.25, true, 1, 1]);
  });

  it('a non-persistent tape used twice: TensorFlow\'s error in both', () => {
    const r = both(() => {
      const x = new tf.Variable(3.0);
      const tape = new tf.GradientTape();
      const y = tape.record(() => x.mul(x));
      const g = tape.gradient(y, x)!.numpy();
      try { tape.gradient(y, x); return [g, 'no error']; } catch (e) { return [g, message(e)]; }
    });
    expect(r.plain).toBe(1);
    expect(r.on).toEqual(r.off);
    expect(r.on).toEqual([6, 'RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)']);
  });
});
