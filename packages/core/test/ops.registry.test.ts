/**
 * Registry-driven checks: every op registered in `c.registry` gets the same treatment, so a new op is
 * picked up with no edit here. Unary and binary ops are checked over fast-check shapes (binary: broadcast
 * pairs, size-1 and size-0 dims), other ops over their `check.cases`. References are independent of the
 * core: Math.* in float64, values recorded from PyTorch 1.13, and central finite differences.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';
import { allclose as allcloseOf, expectClose, f64, gradcheck, gradgradcheck, type OpFn } from './util/gradcheck.js';
import {
  RUNS, allowedIntervals, broadcastIndex, broadcastOf, broadcastPair, distinctValuesIn, place, shape, sizeOf, units, valuesIn, type Interval,
} from './util/arbitraries.js';

const ops = [...c.registry.values()].sort((a, b) => a.name.localeCompare(b.name));
const MARGIN = 0.05;

const domainOf = (op: c.OpInfo): Interval => op.check?.domain ?? [-2, 2];
const avoidOf = (op: c.OpInfo): number[] => op.check?.avoid ?? [];
const orderOf = (op: c.OpInfo): number => op.check?.order ?? 2;
const generic = (op: c.OpInfo): boolean => (op.family === 'unary' || op.family === 'binary') && op.fn !== undefined;

/** x values avoid check.avoid; y values also keep MARGIN away from every x (no ties for maximum/minimum). */
function binaryInputs(op: c.OpInfo, sa: number[], sb: number[], ua: number[], ub: number[]): [c.Tensor, c.Tensor] | null {
  const xs = ua.map((u) => place(u, allowedIntervals(domainOf(op), avoidOf(op), MARGIN)));
  const yParts = allowedIntervals(domainOf(op), [...avoidOf(op), ...xs], MARGIN);
  if (yParts.length === 0) return null;
  return [f64(sa, xs), f64(sb, ub.map((u) => place(u, yParts)))];
}

// Plain Math functions: the forward reference, applied elementwise in float64.
const MATH_UNARY: Record<string, (x: number) => number> = {
  neg: (x) => -x, abs: Math.abs, sign: Math.sign, exp: Math.exp, log: Math.log, log1p: Math.log1p, expm1: Math.expm1,
  sqrt: Math.sqrt, rsqrt: (x) => 1 / Math.sqrt(x), square: (x) => x * x, reciprocal: (x) => 1 / x, sin: Math.sin,
  cos: Math.cos, tan: Math.tan, tanh: Math.tanh, sigmoid: (x) => 1 / (1 + Math.exp(-x)), relu: (x) => Math.max(x, 0),
  identity: (x) => x,
};
const MATH_BINARY: Record<string, (x: number, y: number) => number> = {
  add: (x, y) => x + y, sub: (x, y) => x - y, mul: (x, y) => x * y, div: (x, y) => x / y, pow: Math.pow,
  maximum: Math.max, minimum: Math.min, atan2: Math.atan2,
};
const FORWARD_TOL = { rtol: 1e-13, atol: 1e-15 };

describe('the registry', () => {
  it('lists every elementwise op of issue #2 under its core name', () => {
    const names = ['neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'square', 'reciprocal', 'sin', 'cos',
      'tan', 'tanh', 'sigmoid', 'relu', 'leaky_relu', 'elu', 'gelu', 'softplus', 'erf', 'add', 'sub', 'mul', 'div', 'pow',
      'pow_scalar', 'maximum', 'minimum', 'atan2', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'where', 'clamp'];
    expect(names.filter((n) => !c.registry.has(n))).toEqual([]);
  });

  it('files every op under its own name', () => {
    for (const [name, op] of c.registry) expect(op.name).toBe(name);
  });

  for (const op of ops.filter((o) => o.family === 'compare')) {
    it(`${op.name}: gives a bool mask that is never recorded`, () => {
      const x = f64([2, 3], [1, 2, 3, 4, 5, 6]);
      x.requiresGrad = true;
      const out = op.fn!(x, f64([3], [2, 2, 2]));
      expect(out.dtype).toBe('bool');
      expect(out.node).toBeNull();
      expect(out.requiresGrad).toBe(false);
    });
  }
});

describe('every differentiable op is exercised by a generic gradient check', () => {
  // An explicit `order: 0` is a declared opt-out, visible in the op's record; anything else must be reachable by the
  // generic checks. The opt-outs are listed here too, so that a new one is a decision this file records.
  const OPT_OUTS: Record<string, string> = { cast: 'float32 is too coarse for finite differences; shape.test.ts checks its rule exactly' };
  it(`the ops that opt out are exactly: ${Object.keys(OPT_OUTS).join(', ')}`, () => {
    expect(ops.filter((o) => o.differentiable && o.check?.order === 0).map((o) => o.name).sort()).toEqual(Object.keys(OPT_OUTS).sort());
  });
  for (const op of ops.filter((o) => o.differentiable && o.check?.order !== 0)) {
    it(`${op.name}: is covered by the generic checks (unary/binary family, or check.cases)`, () => {
      expect(generic(op) || (op.check?.cases?.length ?? 0) > 0).toBe(true);
    });
  }
});

describe('unary ops over generated shapes (float64, values in check.domain away from check.avoid)', () => {
  for (const op of ops.filter((o) => o.differentiable && o.family === 'unary' && o.fn)) {
    const f = op.fn as OpFn;
    const order = orderOf(op);
    const values = (s: number[]) => valuesIn(sizeOf(s), domainOf(op), avoidOf(op), MARGIN).map((v) => f64(s, v));
    const inputs = shape().chain(values);
    const ref = MATH_UNARY[op.name];
    if (ref) {
      it(`${op.name}: forward matches its Math reference elementwise`, () => {
        fc.assert(fc.property(inputs, (x) => {
          const out = f(x);
          expect(out.shape).toEqual(x.shape);
          expectClose(out.data, Array.from(x.data, ref), FORWARD_TOL, `${op.name} forward`);
        }), { numRuns: RUNS });
      });
    }
    if (order >= 1) {
      it(`${op.name}: gradient matches central differences`, () => {
        fc.assert(fc.property(inputs, (x) => gradcheck(f, [x], { label: op.name })), { numRuns: RUNS });
      });
    }
    if (order >= 2) {
      it(`${op.name}: second derivative matches central differences (createGraph)`, () => {
        fc.assert(fc.property(inputs, (x) => gradgradcheck(f, [x], { label: op.name })), { numRuns: RUNS });
      });
    }
  }
});

describe('binary ops over broadcast shape pairs (float64, x and y kept apart, away from check.avoid)', () => {
  for (const op of ops.filter((o) => o.differentiable && o.family === 'binary' && o.fn)) {
    const f = op.fn as OpFn;
    const order = orderOf(op);
    const pairs = broadcastPair().chain(([sa, sb]) => fc.tuple(fc.constant(sa), fc.constant(sb), units(sizeOf(sa)), units(sizeOf(sb))));
    const run = (check: (x: c.Tensor, y: c.Tensor) => void) => fc.assert(fc.property(pairs, ([sa, sb, ua, ub]) => {
      const xy = binaryInputs(op, sa, sb, ua, ub);
      fc.pre(xy !== null);
      check(...xy!);
    }), { numRuns: RUNS });
    const ref = MATH_BINARY[op.name];
    if (ref) {
      it(`${op.name}: forward matches its Math reference elementwise, with broadcasting`, () => run((x, y) => {
        const out = f(x, y);
        const s = broadcastOf(x.shape, y.shape);
        expect(out.shape).toEqual(s);
        const want = Array.from({ length: sizeOf(s) }, (_, k) => ref(x.data[broadcastIndex(k, x.shape, s)]!, y.data[broadcastIndex(k, y.shape, s)]!));
        expectClose(out.data, want, FORWARD_TOL, `${op.name} forward`);
      }));
    }
    if (order >= 1) {
      it(`${op.name}: gradient matches central differences, summed back over broadcast dims`, () => run((x, y) => gradcheck(f, [x, y], { label: op.name })));
    }
    if (order >= 2) {
      it(`${op.name}: second derivative matches central differences (createGraph)`, () => run((x, y) => gradgradcheck(f, [x, y], { label: op.name })));
    }
  }
});

describe('ops with explicit check.cases (float64, distinct values in check.domain away from check.avoid)', () => {
  for (const op of ops.filter((o) => o.differentiable && (o.check?.cases?.length ?? 0) > 0)) {
    const order = orderOf(op);
    const constant = op.check?.constant ?? [];
    op.check!.cases!.forEach((cs, i) => {
      const name = `${op.name} (${cs.label ?? `case ${i}: ${cs.shapes.map((s) => `[${s}]`).join(', ')}`})`;
      const f = cs.call as OpFn;
      // One pool of distinct values for all inputs: no ties (max, norm ord inf) and no constant input (std).
      const sizes = cs.shapes.map(sizeOf);
      const inputs = distinctValuesIn(sizes.reduce((a, b) => a + b, 0), domainOf(op), avoidOf(op), MARGIN).map((v) => {
        let k = 0;
        return cs.shapes.map((s, j) => f64(s, v.subarray(k, (k += sizes[j]!))));
      });
      const runs = Math.max(3, Math.ceil(RUNS / 4));
      if (order >= 1) {
        it(`${name}: gradient matches central differences`, () => {
          fc.assert(fc.property(inputs, (xs) => gradcheck(f, xs, { constant, label: name })), { numRuns: runs });
        });
      }
      if (order >= 2) {
        it(`${name}: second derivative matches central differences (createGraph)`, () => {
          fc.assert(fc.property(inputs, (xs) => gradgradcheck(f, xs, { constant, label: name })), { numRuns: runs });
        });
      }
    });
  }
});

describe('elementwise ops without a Math.* counterpart, against PyTorch 1.13 in float64', () => {
  // Recorded with torch.erf, F.gelu (approximate='none' and 'tanh'), F.softplus (beta=1, threshold=20) on float64 input.
  const xs = [-3, -1.5, -0.3, 0, 0.2, 1, 2.5, 4];
  const golden: Record<string, [(x: c.Tensor) => c.Tensor, number[]]> = {
    erf: [(x) => c.erf(x), [-0.9999779095030014, -0.9661051464753108, -0.3286267594591274, 0, 0.22270258921047847, 0.8427007929497149, 0.999593047982555, 0.9999999845827421]],
    gelu: [(x) => c.gelu(x), [-0.00404969409489031, -0.10021080190328704, -0.1146265733433142, 0, 0.11585194188782061, 0.841344746068543, 2.4844758366855597, 3.9998733150326675]],
    'gelu (tanh approximation)': [(x) => c.gelu(x, true), [-0.0036373920817729943, -0.10042842301976707, -0.11462907645724074, 0, 0.11585142978210627, 0.8411919906082768, 2.484915733910001, 3.9999297540518075]],
    softplus: [(x) => c.softplus(x), [0.04858735157374206, 0.2014132779827524, 0.5543552444685271, 0.6931471805599453, 0.7981388693815918, 1.3132616875182228, 2.5788897342925496, 4.0181499279178094]],
  };
  for (const [name, [f, want]] of Object.entries(golden)) {
    it(`${name}: matches PyTorch to 1e-12 relative`, () => {
      expectClose(f(f64([xs.length], xs)).data, want, { rtol: 1e-12, atol: 1e-15 }, name);
    });
  }
});

describe('the gradient checker itself', () => {
  // A sin op with a hand-made rule, to show that the checks above can fail.
  const sinWith = (vjp: c.Vjp) => (x: c.Tensor): c.Tensor => {
    const out = new c.Tensor(x.shape, x.dtype);
    for (let i = 0; i < x.size; i++) out.data[i] = Math.sin(x.data[i]!);
    return c.record({ name: 'TestSinBackward', saves: [0], vjp }, [x], out, undefined);
  };
  const x = f64([3], [-1.2, 0.3, 1.9]);

  it('accepts a correct rule written in public ops, to second order', () => {
    const good = sinWith(({ g, x }) => [c.mul(g, c.cos(x))]);
    gradcheck(good, [x]);
    gradgradcheck(good, [x]);
  });

  it('rejects a wrong first-order rule, naming the worst element', () => {
    const wrong = sinWith(({ g, x }) => [c.mul(g, c.sin(x))]);
    expect(() => gradcheck(wrong, [x])).toThrow(/first derivative wrt input 0 .*worst element \[\d\]/);
  });

  it('rejects a rule that is right to first order but not differentiable again', () => {
    const opaque = sinWith(({ g, x }) => {
      const d = new c.Tensor(x.shape, x.dtype);
      for (let i = 0; i < x.size; i++) d.data[i] = Math.cos(x.data[i]!);
      return [c.mul(g, d)];
    });
    gradcheck(opaque, [x]);
    expect(() => gradgradcheck(opaque, [x])).toThrow(/second derivative wrt input 0/);
  });

  it('allclose reports the index and values of the worst element', () => {
    const r = allcloseOf([1, 2, 3], [1, 2.5, 3.1], { rtol: 0, atol: 0.2 });
    expect(r.ok).toBe(false);
    expect(r.worst!.index).toBe(1);
    expect(r.message).toContain('got 2, expected 2.5');
  });
});
