/**
 * The core's plain backward pass (core autograd/plain.ts) through PyTorch's API, differentially: random scalar
 * programs (leaves of float32 or float64, shaped [], [1] or [1, 1], some not requiring grad, some with a `.grad`
 * already; numbers on either side; diamonds; hooks, retain_grad, in-place ops) end in one to three calls of
 * `backward()`, `backward(gradient)`, `torch.autograd.backward` or `torch.autograd.grad`, with or without
 * retain_graph. Each program runs twice from fresh, identical leaves, with `plainPasses.enabled` and without, and
 * everything observable afterwards must be the same: every `.grad` and returned gradient bit for bit, which of them are
 * the same tensor object, the hooks' log, which nodes are freed, each error's class and text.
 *
 * Which pass ran is seen from outside, as in packages/core/test/plain-pass.test.ts: the scalar forms of the rules are
 * wrapped, for this file only, to count the calls made from core's autograd/plain.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as core from '@twingrad/core';
import * as torch from '@twingrad/torch';
import { EXPONENTS, Names, binaryStep, bothWays, bits, message, operand, probePasses, ref, unaryStep, value, type Operand } from '../../core/test/util/plain-probe.js';

type DType = 'float32' | 'float64';
const probe = probePasses();

// ---- programs ----

const SCALAR_UNARY = ['neg', 'exp', 'log', 'sqrt', 'square', 'sin', 'cos', 'tanh', 'sigmoid', 'relu'] as const;
const OTHER_UNARY = ['abs', 'reciprocal', 'sum'] as const;
const SCALAR_BINARY = ['add', 'sub', 'mul', 'div'] as const;
type Unary = (typeof SCALAR_UNARY)[number] | (typeof OTHER_UNARY)[number];
type Binary = (typeof SCALAR_BINARY)[number] | 'pow';

type Step =
  | { k: 'un'; op: Unary; a: number }
  | { k: 'bin'; op: Binary; a: Operand; b: Operand }
  | { k: 'self'; op: Binary; a: number }
  | { k: 'powN'; a: number; p: number }
  // requires_grad_() on a leaf that ops have used already (they recorded no edge to it)
  | { k: 'requireGrad'; a: number }
  | { k: 'hook'; a: number; scale: boolean }
  | { k: 'retain'; a: number }
  // x.mul_(2) on a non-leaf (recorded); add_(1) on a leaf that does not require grad (a version bump)
  | { k: 'inplace'; a: number }
  | { k: 'bump'; a: number };

interface Call {
  kind: 'backward' | 'gradient' | 'autograd' | 'grad';
  retain: boolean;
  sv: number;
}

interface Prog {
  clean: boolean;
  dtype: DType;
  shape: number[];
  leaves: Array<{ v: number; rg: boolean; grad: number | null }>;
  steps: Step[];
  root: number | null;
  calls: Call[];
}


function stepArb(clean: boolean, numbers: boolean): fc.Arbitrary<Step> {
  const arg = operand(numbers);
  const scalar: Array<fc.WeightedArbitrary<Step>> = [
    { weight: 6, arbitrary: unaryStep<Unary>(SCALAR_UNARY) },
    { weight: 8, arbitrary: binaryStep<Binary>(SCALAR_BINARY, arg) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('self' as const), op: fc.constantFrom<Binary>(...SCALAR_BINARY), a: ref }) },
    // no reason to decline: in clean programs too
    { weight: 1, arbitrary: fc.record({ k: fc.constant('requireGrad' as const), a: ref }) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('powN' as const), a: ref, p: fc.constantFrom(...EXPONENTS) }) },
  ];
  if (clean) return fc.oneof(...scalar);
  return fc.oneof(
    ...scalar,
    { weight: 1, arbitrary: unaryStep<Unary>(OTHER_UNARY) },
    { weight: 1, arbitrary: binaryStep<Binary>(['pow'], arg) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('hook' as const), a: ref, scale: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('retain' as const), a: ref }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('inplace' as const), a: ref }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('bump' as const), a: ref }) },
  );
}

function callArb(first: boolean): fc.Arbitrary<Call> {
  return fc.record({
    kind: first ? fc.constantFrom('backward' as const, 'backward' as const, 'gradient' as const, 'autograd' as const, 'grad' as const)
      : fc.constantFrom('backward' as const, 'gradient' as const, 'autograd' as const, 'grad' as const),
    retain: fc.constantFrom(true, true, false),
    sv: value,
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
    leaves: fc.array(fc.record({ v: value, rg: fc.constantFrom(true, true, true, true, false), grad: fc.option(value, { freq: 2 }) }), { minLength: 1, maxLength: 4 }),
    steps: fc.array(stepArb(clean, !clean || shape.length === 0), { minLength: 1, maxLength: 10 }),
    root: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: ref }),
    calls: fc.tuple(callArb(true), fc.array(callArb(false), { maxLength: 2 })).map(([a, rest]) => [a, ...rest]),
  }));
}

// ---- running a program ----

interface Observation {
  error: string | null;
  returned: string[] | null;
  grads: string[];
  retained: string[];
  freed: boolean[];
  log: string[];
  values: string[];
}

function unaryOf(op: Unary, a: torch.Tensor): torch.Tensor {
  switch (op) {
    case 'neg': return a.neg();
    case 'exp': return a.exp();
    case 'log': return a.log();
    case 'sqrt': return a.sqrt();
    case 'square': return a.square();
    case 'sin': return a.sin();
    case 'cos': return a.cos();
    case 'tanh': return a.tanh();
    case 'sigmoid': return a.sigmoid();
    case 'relu': return a.relu();
    case 'abs': return a.abs();
    case 'reciprocal': return a.reciprocal();
    case 'sum': return a.sum();
  }
}

function binaryOf(op: Binary, a: torch.Tensor | number, b: torch.Tensor | number): torch.Tensor {
  switch (op) {
    case 'add': return torch.add(a, b);
    case 'sub': return torch.sub(a, b);
    case 'mul': return torch.mul(a, b);
    case 'div': return torch.div(a, b);
    case 'pow': return torch.pow(a, b);
  }
}

const nest = (v: number, shape: number[]): number | number[] | number[][] => (shape.length === 0 ? v : shape.length === 1 ? [v] : [[v]]);

function run(p: Prog, plain: boolean) {
  const dtype = p.dtype === 'float32' ? torch.float32 : torch.float64;
  const leaves = p.leaves.map((s) => {
    const t = torch.tensor(nest(s.v, p.shape), { dtype, requires_grad: s.rg });
    if (s.grad !== null) t.grad = torch.tensor(nest(s.grad, p.shape), { dtype });
    return t;
  });
  const values: torch.Tensor[] = [...leaves];
  const nodes: core.Node[] = [];
  const log: string[] = [];
  const at = (i: number) => values[i % values.length]!;
  const arg = (o: Operand) => ('ref' in o ? at(o.ref) : o.num);
  for (const s of p.steps) {
    if (s.k === 'un' || s.k === 'bin' || s.k === 'self' || s.k === 'powN') {
      const y = s.k === 'un' ? unaryOf(s.op, at(s.a)) : s.k === 'powN' ? at(s.a).pow(s.p) : s.k === 'self' ? binaryOf(s.op, at(s.a), at(s.a))
        : binaryOf(s.op, arg(s.a), 'num' in s.a && 'num' in s.b ? values[values.length - 1]! : arg(s.b));
      values.push(y);
      if (y._t.node !== null) nodes.push(y._t.node);
      continue;
    }
    const t = s.k === 'bump' || s.k === 'requireGrad' ? leaves[s.a % leaves.length]! : at(s.a);
    try {
      if (s.k === 'hook') {
        const id = `hook${log.length}:v${s.a % values.length}`;
        t.register_hook((g) => {
          log.push(`${id} ${g._t.dtype}${JSON.stringify(g._t.shape)} ${bits(g._t)}`);
          return s.scale ? g.mul(2) : undefined;
        });
      } else if (s.k === 'retain') {
        t.retain_grad();
      } else if (s.k === 'requireGrad') {
        t.requires_grad_(true);
      } else if (s.k === 'bump') {
        if (!t.requires_grad) t.add_(1);
      } else if (!t.is_leaf) {
        t.mul_(2);
        if (t._t.node !== null) nodes.push(t._t.node);
      }
    } catch (e) {
      log.push(`${s.k} refused: ${message(e)}`);
    }
  }
  const root = p.root === null ? values[values.length - 1]! : at(p.root);
  const rootRequiresGrad = root.requires_grad && !root.is_leaf;
  const obs: Observation[] = [];
  const probes: Array<{ plain: number; general: number }> = [];
  core.plainPasses.enabled = plain;
  try {
    for (const call of p.calls) {
      const seed = torch.tensor(nest(call.sv, root.shape.length === 0 ? [] : root._t.shape as number[]), { dtype: root.dtype });
      const before = leaves.map((x) => x._t.grad);
      let error: string | null = null;
      let returned: Array<torch.Tensor | null> | null = null;
      probe.plain = 0;
      probe.general = 0;
      try {
        if (call.kind === 'backward') root.backward({ retain_graph: call.retain });
        else if (call.kind === 'gradient') root.backward(seed, { retain_graph: call.retain });
        else if (call.kind === 'autograd') torch.autograd.backward([root], [seed], { retain_graph: call.retain });
        else returned = torch.autograd.grad(root, leaves.filter((x) => x.requires_grad), { grad_outputs: seed, retain_graph: call.retain, allow_unused: true });
      } catch (e) {
        error = message(e);
      }
      probes.push({ plain: probe.plain, general: probe.general });
      const names = new Names();
      names.known(seed._t, 'seed');
      before.forEach((g, i) => names.known(g, `G${i}`));
      values.forEach((v, i) => names.known(v._t, `v${i}`));
      obs.push({
        error,
        returned: returned === null ? null : returned.map((g) => names.desc(g === null ? null : g._t)),
        grads: leaves.map((x) => names.desc(x._t.grad)),
        retained: values.filter((v) => v._t.retainsGrad).map((v) => names.desc(v._t.grad)),
        freed: nodes.map((n) => n.freed),
        log: log.splice(0),
        values: values.map((v) => bits(v._t)),
      });
    }
  } finally {
    core.plainPasses.enabled = true;
  }
  return { obs, probes, rootRequiresGrad, rootObserved: root._t.hooks !== null || root._t.retainsGrad };
}

describe('the plain backward pass through the torch facade', () => {
  it('random programs: the same .grad, errors and freed graph with the plain pass allowed as without it', () => {
    const n = { plain: 0, general: 0, errors: 0, laterPlain: 0 };
    fc.assert(fc.property(fc.oneof(progArb(true), progArb(false)), (p) => {
      const on = run(p, true), off = run(p, false);
      expect(on.obs).toEqual(off.obs);
      p.calls.forEach((call, i) => {
        const a = on.probes[i]!;
        expect(off.probes[i]!.plain).toBe(0);
        if (a.plain > 0) expect(a.general, `call ${i}: rules of one pass ran in both`).toBe(0);
        // autograd.grad returns gradients with no tape: always the general pass
        if (on.obs[i]!.error !== null || call.kind === 'grad') expect(a.plain, `call ${i}`).toBe(0);
        if (a.plain > 0) { n.plain++; if (i > 0) n.laterPlain++; } else if (on.obs[i]!.error === null) n.general++; else n.errors++;
      });
      if (on.rootObserved) expect(on.probes[0]!.plain).toBe(0);
      if (p.clean && on.rootRequiresGrad && p.calls[0]!.kind !== 'grad') {
        expect(on.probes[0]!.plain, 'a clean program did not take the plain pass').toBeGreaterThan(0);
      }
    }), { seed: 0x70c4, numRuns: 350 });
    // about 280, 215, 200 and 110
    expect(n.plain).toBeGreaterThan(150);
    expect(n.general).toBeGreaterThan(150);
    expect(n.errors).toBeGreaterThan(100);
    expect(n.laterPlain).toBeGreaterThan(30);
  });

  const both = <T>(fn: () => T) => bothWays(probe, fn);
  const f = (x: torch.Tensor) => x.pow(4).mul(2).add(x.pow(3)).add(x.pow(2).mul(3)).add(x.mul(5)).add(1);

  it("the notebook's polynomial takes the plain pass: x.grad = 93 at x = 2, accumulating to 186, then the freed graph's error", () => {
    const r = both(() => {
      const x = torch.tensor(2.0, { requires_grad: true });
      const y = f(x);
      y.backward({ retain_graph: true });
      const first = x.grad!.item();
      y.backward();
      let err = '';
      try { y.backward(); } catch (e) { err = message(e); }
      return [first, x.grad!.item(), x.grad!._t.dtype, err];
    });
    expect(r.plain).toBe(20);
    // the third call declines (freed nodes): the general pass runs the last two adds, which save nothing and are
    // not freed, before it meets the freed MulBackward0 of 5x
    expect(r.general).toBe(2);
    expect(r.on).toEqual(r.off);
    expect(r.on.slice(0, 3)).toEqual([93, 186, 'float32']);
    expect(r.on[3]).toMatch(/^RuntimeError: Trying to backward through the graph a second time/);
    // the SGD loop of the notebook: zero_grad (grad set to None), backward, step
    const loop = both(() => {
      const x = torch.tensor(3.0, { requires_grad: true });
      const opt = new torch.optim.SGD([x], { lr: 0.001 });
      const out: Array<number | boolean> = [];
      for (let i = 0; i < 3; i++) {
        opt.zero_grad();
        f(x).backward();
        opt.step();
        out.push(x.item(), x.grad!.item());
      }
      return out;
    });
    expect(loop.plain).toBe(30);
    expect(loop.on).toEqual(loop.off);
  });

  it('hooks and retain_grad take the general pass and give PyTorch\'s values (1.13: x = 2, y = x^2 * 3)', () => {
    const r = both(() => {
      const x = torch.tensor(2.0, { requires_grad: true });
      const h = x.pow(2);
      const log: Array<number | boolean> = [];
      h.register_hook((g) => { log.push(g.item()); return g.mul(10); });
      h.retain_grad();
      const y = h.mul(3);
      y.backward();
      // retain_grad came after the hook: .grad is the hooked gradient, 30; x.grad = 30 * 2x = 120
      return [log, h.grad!.item(), x.grad!.item()];
    });
    expect(r.plain).toBe(0);
    expect(r.on).toEqual([[3], 30, 120]);
    expect(r.off).toEqual(r.on);
    const leafHook = both(() => {
      const x = torch.tensor(2.0, { requires_grad: true });
      const seen: Array<number | boolean> = [];
      x.register_hook((g) => { seen.push(g.item()); });
      x.mul(x).add(x).backward();
      return [seen, x.grad!.item()];
    });
    expect(leafHook.plain).toBe(0);
    expect(leafHook.on).toEqual([[5], 5]);
    expect(leafHook.off).toEqual(leafHook.on);
  });

  it('a saved tensor modified in place: the version error in both, with the plain pass declining', () => {
    const r = both(() => {
      const x = torch.tensor(2.0, { requires_grad: true });
      const k = torch.tensor(3.0);
      const y = x.mul(k).add(x.exp());
      k.add_(1);
      try { y.backward(); return 'no error'; } catch (e) { return `${message(e)} ${x.grad === null}`; }
    });
    expect(r.plain).toBe(0);
    expect(r.on).toEqual(r.off);
    expect(r.on).toMatch(/^RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation.*true$/);
  });

  // PyTorch 1.13, x1 = torch.tensor(1.0, requires_grad=True), x2 likewise, each case with fresh leaves:
  // G = torch.tensor(1.0); x1.grad = G; x2.grad = G; (x1 * 2 ** -24 + x2 * -1).backward(); G.item() -> 5.960464477539063e-08
  // k = torch.tensor(5.0); R = x2 * k + x1; x1.grad = k; R.backward() -> RuntimeError: one of the variables needed ...
  // s = torch.tensor(1.0); x2.grad = s; (x1 * 3 + x2).backward(s); x1.grad, x2.grad -> 6.0 2.0
  it("a leaf's .grad that the pass reads or writes otherwise: the general pass, in AccumulateGrad's order", () => {
    const leaves = () => [torch.tensor(1.0, { requires_grad: true }), torch.tensor(1.0, { requires_grad: true })] as const;
    const r = both(() => {
      let [x1, x2] = leaves();
      const G = torch.tensor(1.0);
      x1.grad = G;
      x2.grad = G;
      x1.mul(2 ** -24).add(x2.mul(-1)).backward();
      const shared = G.item();
      [x1, x2] = leaves();
      const k = torch.tensor(5.0);
      const R = x2.mul(k).add(x1);
      x1.grad = k;
      let saved: string;
      try { R.backward(); saved = 'no error'; } catch (e) { saved = message(e); }
      [x1, x2] = leaves();
      const s = torch.tensor(1.0);
      x2.grad = s;
      x1.mul(3).add(x2).backward(s);
      return { shared, saved, seed: [x1.grad!.item(), x2.grad!.item()] };
    });
    expect(r.plain).toBe(0);
    expect(r.on).toEqual(r.off);
    expect(r.on.shared).toBe(2 ** -24);
    expect(r.on.saved).toMatch(/^RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation/);
    expect(r.on.seed).toEqual([6, 2]);
  });
});
