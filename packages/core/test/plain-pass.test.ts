/**
 * The plain backward pass (autograd/plain.ts) against the general pass (autograd/engine.ts), differentially. The
 * plain pass claims to compute exactly what the general pass computes for the graphs it accepts (every gradient bit
 * for bit, the same tensor objects where that is observable, the same nodes freed, the same `.grad` handling), and to
 * change nothing and decline for the others. Random scalar programs are run twice from fresh, identical leaves, once
 * with `plainPasses.enabled` and once without, and everything observable afterwards is compared: every `.grad` and
 * returned gradient (each element's bits, -0 and NaN included), which returned tensors are the same object (as each
 * other, as the seed, as a leaf's earlier `.grad`), the hooks' log, which nodes are freed, the errors and their text.
 *
 * Which pass ran is observed from outside: every scalar form of a gradient rule is wrapped (for this file only) to
 * count the calls whose stack passes through autograd/plain.ts. The plain pass is all or nothing: in one backward call
 * the scalar forms run either all from plain.ts or none. A program generated "clean" (one dtype and rank, only ops with
 * scalar forms, no hooks, retain_grad, in-place writes, anomaly mode, odd seeds...) must take the plain pass; a call
 * that raises must not have (the plain pass cannot fail once it has accepted a graph).
 *
 * NOTE: no program here gives two leaves one `.grad` tensor, nor makes a leaf's `.grad` a tensor the pass reads (a
 * saved tensor, the seed): the plain pass, which fills every `.grad` at its end, declines those (`gradsAliased`), as
 * filling it then is observably not filling it when its last edge has run (PyTorch's AccumulateGrad); the torch
 * facade's plain-pass test checks them with PyTorch's values.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';
import { EXPONENTS, Names, binaryStep, bothWays, bits, enc, message, operand, probePasses, ref, unaryStep, value, type Operand } from './util/plain-probe.js';

type DType = 'float32' | 'float64';
const probe = probePasses();

function leaf(v: number, dtype: DType, shape: number[] = []): c.Tensor {
  const t = c.full(shape, v, dtype);
  t.requiresGrad = true;
  return t;
}

// ---- observing tensors ----

const other = (d: DType): DType => (d === 'float32' ? 'float64' : 'float32');

// ---- programs ----

const SCALAR_UNARY = ['neg', 'exp', 'log', 'sqrt', 'sqrtTf', 'square', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'reluTf'] as const;
/** Ops without a scalar form, or that change the dtype or the rank: a plain pass that reaches one declines. */
const OTHER_UNARY = ['abs', 'reciprocal', 'tan', 'cast', 'reshape'] as const;
const SCALAR_BINARY = ['add', 'sub', 'mul', 'div'] as const;
type Unary = (typeof SCALAR_UNARY)[number] | (typeof OTHER_UNARY)[number];
type Binary = (typeof SCALAR_BINARY)[number] | 'powT';

type Step =
  | { k: 'un'; op: Unary; a: number }
  | { k: 'bin'; op: Binary; a: Operand; b: Operand }
  // x op x: two contributions to one slot in one rule, in the rule's order
  | { k: 'self'; op: Binary; a: number }
  | { k: 'pow'; a: number; p: number; tf: boolean }
  // events: a hook (logging; doubling its gradient if `scale`), retain_grad, a recorded in-place x *= 2 on a
  // non-leaf, an unrecorded write (a version bump), a tape watching a value, every leaf made to require grad (the ops
  // that used one that did not recorded no edge to it)
  | { k: 'hook'; a: number; scale: boolean }
  | { k: 'retain'; a: number }
  | { k: 'inplace'; a: number }
  | { k: 'bump'; a: number }
  | { k: 'watch'; a: number }
  | { k: 'requireGrad' };

interface LeafSpec {
  v: number;
  rg: boolean;
  /** An existing `.grad` (its own tensor), or null. */
  grad: number | null;
  /** Odd ones: another dtype or rank than the program's, or a `.grad` of another rank. */
  odd: 'no' | 'dtype' | 'shape' | 'gradShape';
  watch: boolean;
}

interface Call {
  retain: boolean;
  seed: 'ones' | 'val' | 'dtype' | 'shape';
  sv: number;
  anomaly: boolean;
}

interface Prog {
  clean: boolean;
  tape: boolean;
  dtype: DType;
  shape: number[];
  leaves: LeafSpec[];
  steps: Step[];
  /** The root: a value's index (mod their count), or null for the last value. */
  root: number | null;
  /** The sources of a tape's pass: values' indices (mod their count), duplicates allowed. */
  sources: number[];
  calls: Call[];
}


function stepArb(clean: boolean, numbers: boolean): fc.Arbitrary<Step> {
  const scalar: Array<fc.WeightedArbitrary<Step>> = [
    { weight: 6, arbitrary: unaryStep<Unary>(SCALAR_UNARY) },
    { weight: 8, arbitrary: binaryStep<Binary>(SCALAR_BINARY, operand(numbers)) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('self' as const), op: fc.constantFrom<Binary>(...SCALAR_BINARY), a: ref }) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('pow' as const), a: ref, p: fc.constantFrom(...EXPONENTS), tf: fc.boolean() }) },
  ];
  if (clean) return fc.oneof(...scalar);
  return fc.oneof(
    ...scalar,
    { weight: 1, arbitrary: unaryStep<Unary>(OTHER_UNARY) },
    { weight: 1, arbitrary: binaryStep<Binary>(['powT'], operand(true)) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('hook' as const), a: ref, scale: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('retain' as const), a: ref }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('inplace' as const), a: ref }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('bump' as const), a: ref }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('watch' as const), a: ref }) },
  );
}

function callArb(clean: boolean): fc.Arbitrary<Call> {
  const seeds: Array<Call['seed']> = clean ? ['ones', 'val'] : ['ones', 'ones', 'ones', 'val', 'val', 'val', 'dtype', 'shape'];
  return fc.record({
    retain: fc.constantFrom(true, true, false),
    seed: fc.constantFrom(...seeds),
    sv: value,
    anomaly: clean ? fc.constant(false) : fc.constantFrom(false, false, false, false, false, true),
  });
}

function progArb(tape: boolean, clean: boolean): fc.Arbitrary<Prog> {
  return fc.record({
    dtype: fc.constantFrom<DType>('float32', 'float64'),
    shape: fc.constantFrom<number[]>([], [], [1], [1, 1]),
  }).chain(({ dtype, shape }) => {
    const numbers = !clean || shape.length === 0; // a number is a 0-d tensor: beside a [1] it changes the rank
    const leafArb = fc.record({
      v: value,
      rg: tape ? fc.constantFrom(false, false, true) : fc.constantFrom(true, true, false),
      grad: fc.option(value, { freq: 2 }),
      odd: clean ? fc.constant('no' as const) : fc.constantFrom('no' as const, 'no' as const, 'no' as const, 'no' as const, 'dtype' as const, 'shape' as const, 'gradShape' as const),
      watch: fc.constantFrom(true, true, true, false),
    });
    return fc.record({
      clean: fc.constant(clean),
      tape: fc.constant(tape),
      dtype: fc.constant(dtype),
      shape: fc.constant(shape),
      leaves: fc.array(leafArb, { minLength: 1, maxLength: 4 }),
      steps: fc.array(stepArb(clean, numbers), { minLength: 1, maxLength: 10 }),
      root: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: ref }),
      sources: fc.array(ref, { minLength: 1, maxLength: 4 }),
      calls: fc.tuple(callArb(clean), fc.array(callArb(false), { maxLength: 2 })).map(([first, rest]) => [first, ...rest]),
    });
  });
}

/**
 * A clean program whose first leaf does not require grad until halfway, when every leaf comes to: the ops before used
 * it beside the second leaf, which does, and recorded no edge to it (PyTorch's graph gives it nothing through them);
 * the ops after use it again. The root sums a value from each half, so that both reach it.
 */
function lateArb(): fc.Arbitrary<Prog> {
  return progArb(false, true).chain((p) => {
    const numbers = p.shape.length === 0;
    const op = fc.constantFrom<Binary>(...SCALAR_BINARY);
    return fc.record({
      second: value,
      first: op,
      before: fc.array(stepArb(true, numbers), { maxLength: 4 }),
      again: op,
      after: fc.array(stepArb(true, numbers), { maxLength: 4 }),
    }).map(({ second, first, before, again, after }): Prog => {
      const leaves = [{ ...p.leaves[0]!, rg: false }, { ...(p.leaves[1] ?? p.leaves[0]!), v: second, rg: true }, ...p.leaves.slice(2)];
      const n = leaves.length, half = n + 1 + before.length;
      const steps: Step[] = [
        { k: 'bin', op: first, a: { ref: 0 }, b: { ref: 1 } }, ...before, { k: 'requireGrad' },
        { k: 'bin', op: again, a: { ref: 0 }, b: { ref: half - 1 } }, ...after,
      ];
      steps.push({ k: 'bin', op: 'add', a: { ref: half - 1 }, b: { ref: half + after.length } });
      return { ...p, leaves, steps, root: null };
    });
  });
}

// ---- running a program ----

interface Observation {
  error: string | null;
  returned: string[] | null;
  grads: string[];
  retained: string[];
  freed: boolean[];
  log: string[];
  seed: string;
  values: string[];
  versions: number[];
}

interface Outcome {
  obs: Observation[];
  /** Per call: the scalar forms run from plain.ts, and from elsewhere. */
  probes: Array<{ plain: number; general: number }>;
  /** Whether the first call's root has a node that its pass follows. */
  rootFollowed: boolean;
  /** Whether the first call's root has hooks or retains its gradient. */
  rootObserved: boolean;
}

function unaryOf(op: Unary, a: c.Tensor): c.Tensor {
  switch (op) {
    case 'neg': return c.neg(a);
    case 'exp': return c.exp(a);
    case 'log': return c.log(a);
    case 'sqrt': return c.sqrt(a);
    case 'sqrtTf': return c.sqrt(a, 'tf');
    case 'square': return c.square(a);
    case 'sin': return c.sin(a);
    case 'cos': return c.cos(a);
    case 'tanh': return c.tanh(a);
    case 'sigmoid': return c.sigmoid(a);
    case 'relu': return c.relu(a);
    case 'reluTf': return c.relu(a, 'tf');
    case 'abs': return c.abs(a);
    case 'reciprocal': return c.reciprocal(a);
    case 'tan': return c.tan(a);
    case 'cast': return c.cast(a, other(a.dtype as DType));
    case 'reshape': return c.reshape(a, a.shape.length === 0 ? [1] : []);
  }
}

function binaryOf(op: Binary, a: c.Tensor | number, b: c.Tensor | number): c.Tensor {
  switch (op) {
    case 'add': return c.add(a, b);
    case 'sub': return c.sub(a, b);
    case 'mul': return c.mul(a, b);
    case 'div': return c.div(a, b);
    case 'powT': return c.powTensor(a, b);
  }
}

function seedOf(call: Call, root: c.Tensor): c.Tensor {
  const d = root.dtype as DType;
  switch (call.seed) {
    case 'ones': return c.ones(root.shape, d);
    case 'val': return c.full(root.shape, call.sv, d);
    case 'dtype': return c.full(root.shape, call.sv, other(d));
    case 'shape': return c.full(root.shape.length === 0 ? [1] : [], call.sv, d);
  }
}


/** Builds `p` from fresh leaves and runs its backward calls, with the plain pass allowed or not. */
function run(p: Prog, plain: boolean): Outcome {
  const leafShape = (o: LeafSpec['odd']) => (o === 'shape' ? (p.shape.length === 0 ? [1] : []) : p.shape);
  const leaves = p.leaves.map((s) => {
    const t = c.full(leafShape(s.odd), s.v, s.odd === 'dtype' ? other(p.dtype) : p.dtype);
    t.requiresGrad = s.rg;
    if (s.grad !== null) t.grad = c.full(s.odd === 'gradShape' ? (t.shape.length === 0 ? [1] : []) : t.shape, s.grad, t.dtype as DType);
    return t;
  });
  const values: c.Tensor[] = [...leaves];
  const nodes: c.Node[] = [];
  const log: string[] = [];
  const at = (i: number) => values[i % values.length]!;
  const tensorOrNumber = (o: Operand) => ('ref' in o ? at(o.ref) : o.num);
  const tape = p.tape ? new c.Tape() : null;
  if (tape !== null) p.leaves.forEach((s, i) => { if (s.watch) tape.watch(leaves[i]!); });
  tape?.start();
  try {
    for (const s of p.steps) {
      if (s.k === 'un' || s.k === 'bin' || s.k === 'self' || s.k === 'pow') {
        let y: c.Tensor;
        if (s.k === 'un') y = unaryOf(s.op, at(s.a));
        else if (s.k === 'self') y = binaryOf(s.op, at(s.a), at(s.a));
        else if (s.k === 'pow') y = c.powScalar(at(s.a), s.p, s.tf ? 'tf' : 'torch');
        // two numbers: the second operand is the latest value instead
        else y = binaryOf(s.op, tensorOrNumber(s.a), 'num' in s.a && 'num' in s.b ? values[values.length - 1]! : tensorOrNumber(s.b));
        values.push(y);
        if (y.node !== null) nodes.push(y.node);
      } else if (s.k === 'hook') {
        const id = `hook${log.length}:v${s.a % values.length}`;
        c.addHook(at(s.a), (g) => {
          log.push(`${id} ${g.dtype}${JSON.stringify(g.shape)} ${bits(g)}`);
          return s.scale ? c.mul(g, 2) : undefined;
        });
        log.push(`${id} registered`);
      } else if (s.k === 'retain') {
        if (at(s.a).node !== null) c.retainGrad(at(s.a));
      } else if (s.k === 'inplace') {
        const t = at(s.a);
        if (t.node === null) continue;
        try {
          c.inplace('mul_', t, [], (x) => c.mul(x, 2));
          if (t.node !== null) nodes.push(t.node);
        } catch (e) {
          log.push(`inplace refused: ${message(e)}`);
        }
      } else if (s.k === 'bump') {
        const t = at(s.a);
        c.addInto(t, c.ones(t.shape, t.dtype as DType));
      } else if (s.k === 'requireGrad') {
        for (const t of leaves) t.requiresGrad = true;
      } else if (tape !== null) {
        tape.watch(at(s.a));
      }
    }
  } finally {
    tape?.stop();
  }
  const root = p.root === null ? values[values.length - 1]! : at(p.root);
  // a clean program's sources are leaves (watched or not): a non-leaf source takes the general pass
  const sources = p.sources.map((i) => (p.clean ? leaves[i % leaves.length]! : at(i)));
  const rootFollowed = root.node !== null && (tape === null ? root.node.torch : root.node.tapes !== null && root.node.tapes.includes(tape));
  const rootObserved = root.hooks !== null || root.retainsGrad;

  const obs: Observation[] = [];
  const probes: Outcome['probes'] = [];
  c.plainPasses.enabled = plain;
  try {
    for (const call of p.calls) {
      const seed = seedOf(call, root);
      const before = leaves.map((x) => x.grad);
      let error: string | null = null;
      let returned: Array<c.Tensor | null> | null = null;
      probe.plain = 0;
      probe.general = 0;
      c.anomaly.enabled = call.anomaly;
      try {
        returned = c.backward([root], [seed], { tape, sources: tape === null ? null : sources, accumulate: null, retainGraph: call.retain, createGraph: false });
      } catch (e) {
        error = message(e);
      } finally {
        c.anomaly.enabled = false;
      }
      probes.push({ plain: probe.plain, general: probe.general });
      const names = new Names();
      names.known(seed, 'seed');
      before.forEach((g, i) => names.known(g, `G${i}`));
      values.forEach((v, i) => names.known(v, `v${i}`));
      obs.push({
        error,
        returned: returned === null ? null : returned.map((g) => names.desc(g)),
        grads: leaves.map((x) => names.desc(x.grad)),
        retained: values.filter((v) => v.retainsGrad).map((v) => names.desc(v.grad)),
        freed: nodes.map((n) => n.freed),
        log: log.splice(0),
        seed: bits(seed),
        values: values.map(bits),
        versions: values.map((v) => v.version),
      });
    }
  } finally {
    c.plainPasses.enabled = true;
  }
  return { obs, probes, rootFollowed, rootObserved };
}

/** Both runs of `p`, compared; returns the run with the plain pass allowed, after checking what its probes say. */
function differential(p: Prog): Outcome {
  const on = run(p, true);
  const off = run(p, false);
  expect(on.obs).toEqual(off.obs);
  p.calls.forEach((call, i) => {
    const a = on.probes[i]!, b = off.probes[i]!;
    expect(b.plain, 'the plain pass ran while turned off').toBe(0);
    // all or nothing: a plain pass runs every rule of the call, a declined one none
    if (a.plain > 0) expect(a.general, `call ${i}: rules of one pass ran in both`).toBe(0);
    if (on.obs[i]!.error !== null) expect(a.plain, `call ${i} raised, after the plain pass had accepted it`).toBe(0);
    if (call.anomaly || (i === 0 && on.rootObserved)) expect(a.plain, `call ${i}: anomaly mode or hooks on the root, in a plain pass`).toBe(0);
  });
  if (p.clean && on.rootFollowed) {
    const first = on.probes[0]!;
    expect(first.general, 'a clean program took the general pass').toBe(0);
    // a tape's root that leads to no source runs no rule in either pass
    if (!p.tape || on.obs[0]!.returned!.some((r) => r !== 'null')) expect(first.plain, 'a clean program ran no rule in the plain pass').toBeGreaterThan(0);
  }
  return on;
}

function tally(progs: fc.Arbitrary<Prog>, runs: number, seed: number) {
  const counts = { plainCalls: 0, generalCalls: 0, errors: 0 };
  fc.assert(fc.property(progs, (p) => {
    const on = differential(p);
    on.probes.forEach((pr, i) => {
      const err = on.obs[i]!.error;
      if (pr.plain > 0) counts.plainCalls++;
      else if (err === null) counts.generalCalls++;
      else counts.errors++;
    });
  }), { seed, numRuns: runs });
  return counts;
}

describe('the plain backward pass computes what the general pass computes', () => {
  it('the probe sees every scalar form: those of scalar code\'s ops', () => {
    const names = probe.wrapped;
    for (const n of ['AddBackward0', 'SubBackward0', 'MulBackward0', 'DivBackward0', 'NegBackward0', 'ExpBackward0', 'LogBackward0',
      'SqrtBackward0', 'PowBackward0', 'SinBackward0', 'CosBackward0', 'TanhBackward0', 'SigmoidBackward0', 'ReluBackward0']) {
      expect(names, n).toContain(n);
    }
  });

  it('random programs on PyTorch\'s graph (.grad accumulated, retain_graph, a second and third backward)', () => {
    const progs = fc.oneof({ weight: 4, arbitrary: progArb(false, true) }, { weight: 4, arbitrary: progArb(false, false) }, { weight: 1, arbitrary: lateArb() });
    const n = tally(progs, 400, 0x91a1);
    // the comparison means something only if both passes run often, and errors happen (about 270, 340 and 160)
    expect(n.plainCalls).toBeGreaterThan(200);
    expect(n.generalCalls).toBeGreaterThan(150);
    expect(n.errors).toBeGreaterThan(80);
  });

  it('random programs on a tape (sources leaves or not, watched or not, connected or not, repeated)', () => {
    const progs = fc.oneof(progArb(true, true), progArb(true, false));
    const n = tally(progs, 400, 0x7a9e);
    // about 180, 480 and 145
    expect(n.plainCalls).toBeGreaterThan(100);
    expect(n.generalCalls).toBeGreaterThan(200);
    expect(n.errors).toBeGreaterThan(60);
  });
});

describe('the plain pass, on given programs', () => {
  const both = <T>(fn: () => T) => bothWays(probe, fn);
  const ACC = { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false } as const;

  it("the notebook's polynomial f(x) = 2x^4 + x^3 + 3x^2 + 5x + 1 takes the plain pass: 93 at x = 2, as the general pass", () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const x0 of [2, -1.5, 0.1, 3]) {
        const r = both(() => {
          const x = leaf(x0, dtype);
          const y = c.add(c.add(c.add(c.add(c.mul(c.powScalar(x, 4), 2), c.powScalar(x, 3)), c.mul(c.powScalar(x, 2), 3)), c.mul(x, 5)), 1);
          c.backward([y], [c.ones([], dtype)], ACC);
          return [bits(x.grad!), x.grad!.dtype, x.grad!.shape.length, y.node!.freed] as const;
        });
        expect(r.plain, `${dtype} x = ${x0}: rules run by the plain pass`).toBe(10);
        expect(r.general).toBe(0);
        expect(r.on).toEqual(r.off);
        if (x0 === 2) expect(r.on[0]).toBe('93');
      }
    }
    // on a tape too, the notebook's TensorFlow form
    const r = both(() => {
      const x = c.full([], 2, 'float32');
      const tape = new c.Tape();
      tape.watch(x);
      const y = tape.run(() => c.add(c.add(c.add(c.add(c.mul(c.powScalar(x, 4, 'tf'), 2), c.powScalar(x, 3, 'tf')), c.mul(c.square(x), 3)), c.mul(x, 5)), 1));
      return c.backward([y], [c.ones([], 'float32')], { tape, sources: [x], accumulate: null, retainGraph: true, createGraph: false }).map((g) => bits(g!));
    });
    expect(r.plain).toBe(10);
    expect(r.on).toEqual(['93']);
    expect(r.off).toEqual(['93']);
  });

  it('a gradient that add passes on is the seed itself where the general pass returns it, and a copy in .grad', () => {
    const r = both(() => {
      const x = c.full([], 1.5, 'float64'), w = c.full([], 2, 'float64');
      const tape = new c.Tape();
      tape.watch(x); tape.watch(w);
      const y = tape.run(() => c.add(c.add(x, 1), c.mul(w, 3)));
      const seed = c.full([], 0.25, 'float64');
      const [gx, gw, gx2] = c.backward([y], [seed], { tape, sources: [x, w, x], accumulate: null, retainGraph: true, createGraph: false });
      return [gx === seed, gx2 === seed, gw === seed, bits(gw!)];
    });
    expect(r.plain).toBeGreaterThan(0);
    expect(r.on).toEqual([true, true, false, '0.75']);
    expect(r.off).toEqual(r.on);
    const s = both(() => {
      const x = leaf(1.5, 'float32');
      const seed = c.full([], 0.25, 'float32');
      c.backward([c.add(x, 1)], [seed], ACC);
      return [x.grad === seed, bits(x.grad!), bits(seed)];
    });
    expect(s.plain).toBe(1);
    expect(s.on).toEqual([false, '0.25', '0.25']);
    expect(s.off).toEqual(s.on);
  });

  it('contributions to one slot are summed in the general pass\'s order, each sum rounded to the dtype', () => {
    // x gets 0.1 from m (recorded later, so run first), then 1 and -1 from x - x: (0.1 + 1) - 1 is not (0.1 - 1) + 1
    const r = both(() => {
      const x = leaf(2, 'float64');
      const d = c.sub(x, x);
      const m = c.mul(x, 0.1);
      c.backward([c.add(d, m)], [c.ones([], 'float64')], ACC);
      // the same through a node's slot: h's cotangent is the sum, which h = x2 * 1 passes on to x2
      const x2 = leaf(2, 'float64');
      const h = c.mul(x2, 1);
      const hd = c.sub(h, h);
      const hm = c.mul(h, 0.1);
      c.backward([c.add(hd, hm)], [c.ones([], 'float64')], ACC);
      return [bits(x.grad!), bits(x2.grad!)];
    });
    expect(r.plain).toBeGreaterThan(0);
    expect(r.on).toEqual(r.off);
    expect(r.on).toEqual([enc(0.1 + 1 - 1), enc(0.1 + 1 - 1)]);
    // float32: 1 + 2^-24 + 2^-24 is 1 when rounded after each sum, 1 + 2^-23 when rounded once (lane.test.ts)
    const tiny = 2 ** -24;
    for (const ks of [[1, tiny, tiny], [tiny, 1, tiny], [tiny, tiny, 1]]) {
      for (const viaNode of [false, true]) {
        const s = both(() => {
          const x = leaf(3, 'float32');
          const v = viaNode ? c.mul(x, 1) : x;
          const terms = ks.map((k) => c.mul(v, k));
          c.backward([c.add(c.add(terms[0]!, terms[1]!), terms[2]!)], [c.ones([], 'float32')], ACC);
          return bits(x.grad!);
        });
        expect(s.plain, `${ks} ${viaNode}`).toBeGreaterThan(0);
        expect(s.on, `contributions ${ks}${viaNode ? ' through a node' : ''}`).toBe(s.off);
      }
    }
  });

  it('a leaf made to require grad after an op used it gets nothing from that op (PyTorch recorded no edge)', () => {
    const r = both(() => {
      const x = c.full([], 2, 'float32'), w = leaf(5, 'float32');
      const a = c.mul(x, w); // no edge to x
      x.requiresGrad = true;
      const b = c.mul(x, 3);
      c.backward([c.add(a, b)], [c.ones([], 'float32')], ACC);
      return [bits(x.grad!), bits(w.grad!)];
    });
    expect(r.plain).toBe(3);
    expect(r.on).toEqual(['3', '2']);
    expect(r.off).toEqual(r.on);
  });

  it('a leaf\'s existing .grad is added into, the same object, and a number cotangent becomes .grad itself', () => {
    const r = both(() => {
      const x = leaf(3, 'float32'), w = leaf(-2, 'float32');
      const g0 = c.full([], 10, 'float32');
      x.grad = g0;
      c.backward([c.mul(c.mul(x, w), x)], [c.ones([], 'float32')], ACC);
      return [x.grad === g0, bits(x.grad!), bits(w.grad!), w.grad!.dtype];
    });
    expect(r.plain).toBe(2);
    expect(r.on).toEqual([true, '-2', '9', 'float32']); // 10 + 2xw = -2; x^2 = 9
    expect(r.off).toEqual(r.on);
  });

  it('hooks, retain_grad, anomaly mode and create_graph take the general pass, with PyTorch\'s results', () => {
    // y = (x^3)^2 at x = 1.5: dy/dh = 2h = 6.75, dy/dx = 6x^5 = 45.5625
    const build = () => {
      const x = leaf(1.5, 'float64');
      const h = c.powScalar(x, 3);
      return { x, h, y: c.square(h) };
    };
    const seen: string[] = [];
    const cases: Array<[string, (b: ReturnType<typeof build>) => void, (b: ReturnType<typeof build>) => void]> = [
      ['a hook on a non-leaf', (b) => { c.addHook(b.h, (g) => { seen.push(bits(g)); return c.mul(g, 2); }); }, (b) => expect(bits(b.x.grad!)).toBe('91.125')],
      ['a hook on the root', (b) => { c.addHook(b.y, (g) => { seen.push(bits(g)); }); }, (b) => expect(bits(b.x.grad!)).toBe('45.5625')],
      ['a hook on the leaf', (b) => { c.addHook(b.x, (g) => { seen.push(bits(g)); return c.mul(g, 0.5); }); }, (b) => expect(bits(b.x.grad!)).toBe('22.78125')],
      ['retain_grad', (b) => { c.retainGrad(b.h); }, (b) => { expect(bits(b.h.grad!)).toBe('6.75'); expect(bits(b.x.grad!)).toBe('45.5625'); }],
      ['retain_grad on the root', (b) => { c.retainGrad(b.y); }, (b) => { expect(bits(b.y.grad!)).toBe('1'); expect(bits(b.x.grad!)).toBe('45.5625'); }],
    ];
    for (const [what, prepare, check] of cases) {
      seen.length = 0;
      const b = build();
      prepare(b);
      probe.plain = 0; probe.general = 0;
      c.backward([b.y], [c.ones([], 'float64')], ACC);
      expect(probe.plain, what).toBe(0);
      check(b);
      if (what.startsWith('a hook')) expect(seen.length, what).toBe(1);
    }
    // anomaly mode
    const b = build();
    probe.plain = 0;
    c.anomaly.enabled = true;
    try {
      c.backward([b.y], [c.ones([], 'float64')], ACC);
    } finally {
      c.anomaly.enabled = false;
    }
    expect(probe.plain).toBe(0);
    expect(bits(b.x.grad!)).toBe('45.5625');
    // create_graph: the tensor rules, recorded; the gradient of the gradient is 30x^4 = 151.875
    const d = build();
    probe.plain = 0;
    const [dx] = c.backward([d.y], [c.ones([], 'float64')], { tape: null, sources: [d.x], accumulate: null, retainGraph: true, createGraph: true });
    expect(probe.plain).toBe(0);
    expect(bits(dx!)).toBe('45.5625');
    expect(dx!.node).not.toBeNull();
  });

  it('a pass started inside a hook (a nested pass) is a general one, and so is the outer one', () => {
    const r = both(() => {
      const x = leaf(2, 'float32'), z = leaf(5, 'float32');
      const h = c.mul(x, 3);
      const inner: string[] = [];
      c.addHook(h, (g) => {
        const before = probe.plain;
        // the outer pass records nothing: the inner graph is built with grad mode on, as under torch.enable_grad()
        c.backward([c.withGradMode(true, () => c.mul(c.square(z), 2))], [c.ones([], 'float32')], ACC);
        inner.push(`${probe.plain - before} ${bits(z.grad!)}`);
        return c.mul(g, z.grad!);
      });
      c.backward([c.sin(h)], [c.ones([], 'float32')], ACC);
      return [inner, bits(x.grad!), bits(z.grad!)];
    });
    expect(r.plain).toBe(0);
    expect(r.on).toEqual(r.off);
    expect((r.on[0] as string[])[0]).toBe('0 20');
  });

  it('a freed graph: the second backward raises PyTorch\'s error in both passes; a graph of adds alone runs again', () => {
    const r = both(() => {
      const x = leaf(2, 'float64');
      const y = c.mul(c.exp(x), x);
      c.backward([y], [c.ones([], 'float64')], ACC);
      let err = '';
      try {
        c.backward([y], [c.ones([], 'float64')], ACC);
      } catch (e) {
        err = message(e);
      }
      const a = leaf(1, 'float32');
      const s = c.sub(c.add(a, a), c.neg(a));
      c.backward([s], [c.ones([], 'float32')], ACC);
      c.backward([s], [c.ones([], 'float32')], ACC);
      return [err, bits(x.grad!), bits(a.grad!), y.node!.freed, s.node!.freed];
    });
    expect(r.on).toEqual(r.off);
    expect(r.on[0]).toMatch(/Trying to backward through the graph a second time/);
    expect(r.on[2]).toBe('6');
  });

  it('a saved tensor changed in place since: the version error, whichever pass is allowed', () => {
    const r = both(() => {
      const x = leaf(2, 'float32');
      const k = c.full([], 3, 'float32');
      const y = c.add(c.mul(x, k), c.square(x));
      c.addInto(k, c.ones([], 'float32'));
      try {
        c.backward([y], [c.ones([], 'float32')], ACC);
        return `no error ${bits(x.grad!)}`;
      } catch (e) {
        return `${message(e)} ${x.grad === null}`;
      }
    });
    expect(r.plain).toBe(0);
    expect(r.on).toEqual(r.off);
    expect(r.on).toMatch(/modified by an inplace operation.*true$/);
  });
});
