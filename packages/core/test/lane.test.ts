/**
 * The backward pass's scalar lane (autograd/lane.ts): nodes whose operands are all one element run their rule's
 * scalar form on numbers. Every check compares it with the tensor lane on the same graph, bit for bit: a hook on a
 * node's output keeps that node in the tensor lane (the lane hands hooks no tensors), and changes nothing else.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';

const same = (a: number, b: number) => Object.is(a, b);
const SPECIAL = [0, -0, 1, -1, 0.5, -2.5, 3, 1e-30, -1e30, 1e38, Infinity, -Infinity, NaN, 1 / 3];
const passThrough = (g: c.Tensor) => g;

/** The gradients of `y` wrt `xs` for cotangent `seed`, in a pass that records nothing. */
function grads(y: c.Tensor, xs: c.Tensor[], seed: c.Tensor): Array<c.Tensor | null> {
  return c.backward([y], [seed], { tape: null, sources: xs, accumulate: null, retainGraph: true, createGraph: false });
}

function leaf(v: number, dtype: c.DType): c.Tensor {
  const t = c.full([], v, dtype);
  t.requiresGrad = true;
  return t;
}

const withScalarForm = [...c.registry.values()].filter((o) => (o.family === 'unary' || o.family === 'binary') && o.differentiable && o.fn)
  .filter((o) => {
    const args = o.family === 'unary' ? [leaf(0.5, 'float32')] : [leaf(0.5, 'float32'), leaf(2, 'float32')];
    return o.fn!(...args).node?.spec.scalar !== undefined;
  });

describe('the scalar lane of the backward pass', () => {
  it('covers the ops of scalar code (the notebook\'s polynomials and activations)', () => {
    const names = withScalarForm.map((o) => o.name);
    for (const n of ['add', 'sub', 'mul', 'div', 'neg', 'exp', 'log', 'sqrt', 'sin', 'cos', 'square', 'tanh', 'sigmoid', 'relu', 'pow_scalar']) {
      expect(names, n).toContain(n);
    }
  });

  it('every scalar form gives exactly what its tensor rule gives, in float32 and float64, special values included', () => {
    for (const op of withScalarForm) {
      for (const dtype of ['float32', 'float64'] as const) {
        for (const u of SPECIAL) {
          for (const v of [2, -0, 0.75, NaN, -3]) {
            for (const gv of [1, -0.5, 1e-40, Infinity]) {
              const xs = op.family === 'unary' ? [leaf(u, dtype)] : [leaf(u, dtype), leaf(v, dtype)];
              const y = op.fn!(...xs);
              const seed = c.full([], gv, dtype);
              const spec = y.node!.spec;
              const scalar = spec.scalar!;
              let calls = 0;
              spec.scalar = (s) => { calls++; scalar(s); };
              let fast: Array<c.Tensor | null>;
              try {
                fast = grads(y, xs, seed);
              } finally {
                spec.scalar = scalar;
              }
              expect(calls, `${op.name} took the scalar lane`).toBe(1);
              y.hooks = [passThrough];
              const slow = grads(y, xs, seed);
              for (let i = 0; i < xs.length; i++) {
                const a = fast[i]!, b = slow[i]!;
                expect(a.dtype).toBe(dtype);
                expect(a.shape).toEqual([]);
                if (!same(a.first, b.first)) {
                  expect.fail(`${op.name}(${u}, ${v}) ${dtype}, g = ${gv}: input ${i} gets ${a.first} in the scalar lane, ${b.first} in the tensor lane`);
                }
              }
            }
          }
        }
      }
    }
  });

  it('random scalar programs: the same gradients with every node in the scalar lane as with every node in the tensor lane', () => {
    const unary = ['neg', 'exp', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'square', 'sum', 'abs'] as const;
    const binary = ['add', 'sub', 'mul', 'div'] as const;
    const step = fc.oneof(
      fc.record({ op: fc.constantFrom(...unary), a: fc.nat() }),
      fc.record({ op: fc.constantFrom(...binary), a: fc.nat(), b: fc.nat() }),
      fc.record({ op: fc.constant('pow'), a: fc.nat(), p: fc.integer({ min: -3, max: 5 }) }),
      fc.record({ op: fc.constant('mulNumber'), a: fc.nat(), k: fc.double({ min: -3, max: 3, noNaN: true }) }),
    );
    fc.assert(fc.property(
      fc.array(step, { minLength: 1, maxLength: 14 }),
      fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }),
      fc.constantFrom<c.DType>('float32', 'float64'),
      (prog, u, v, dtype) => {
        const run = (hooked: boolean) => {
          const xs = [leaf(u, dtype), leaf(v, dtype)];
          // `sum` and `abs` have no scalar form: cotangents cross between the lanes
          const vals: c.Tensor[] = [...xs];
          for (const s of prog) {
            const a = vals[s.a % vals.length]!;
            const b = 'b' in s ? vals[s.b % vals.length]! : a;
            const f = s.op === 'pow' ? c.powScalar(a, s.p) : s.op === 'mulNumber' ? c.mul(a, s.k) : s.op === 'sum' ? c.sum(a)
              : (c as unknown as Record<string, (...t: c.Tensor[]) => c.Tensor>)[s.op]!(a, b);
            if (hooked) f.hooks = [passThrough];
            vals.push(f);
          }
          const y = vals[vals.length - 1]!;
          if (y.node === null) return null;
          return grads(y, xs, c.full([], 1, dtype)).map((g) => (g === null ? null : g.first));
        };
        const fast = run(false), slow = run(true);
        fc.pre(fast !== null && slow !== null); // a program that recorded nothing checks nothing: counted as skipped
        for (let i = 0; i < 2; i++) {
          if (fast[i] === null || slow[i] === null) expect(fast[i]).toBe(slow[i]);
          else if (!same(fast[i]!, slow[i]!)) expect.fail(`input ${i}: ${fast[i]} in the scalar lane, ${slow[i]} in the tensor lane`);
        }
      }), { numRuns: 300 });
  });

  it('float32 cotangents round after every sum, as add does (1 + 2^-24 + 2^-24 is 1 in float32, 1 + 2^-23 unrounded)', () => {
    const tiny = 2 ** -24;
    // the three orders in which the contributions can reach x: at least one sums 1 first and must round twice
    for (const ks of [[1, tiny, tiny], [tiny, 1, tiny], [tiny, tiny, 1]]) {
      const run = (hooked: boolean) => {
        const x = leaf(3, 'float32');
        const terms = ks.map((k) => c.mul(x, k));
        const y = c.add(c.add(terms[0]!, terms[1]!), terms[2]!);
        if (hooked) for (const t of terms) t.hooks = [passThrough];
        return grads(y, [x], c.ones([], 'float32'))[0]!.first;
      };
      expect(run(false), `contributions ${ks}`).toBe(run(true));
    }
  });

  it('a gradient that add passes on unchanged is the seed itself, as in PyTorch (checked on 1.13), and sub\'s first too', () => {
    for (const op of [c.add, c.sub]) {
      const x = leaf(2, 'float32');
      const seed = c.full([], 2, 'float32');
      const [g] = grads(op(x, 1), [x], seed);
      expect(g).toBe(seed);
    }
    // mul by 1 gives a new tensor, in PyTorch too
    const x = leaf(2, 'float32');
    const seed = c.full([], 2, 'float32');
    expect(grads(c.mul(x, 1), [x], seed)[0]).not.toBe(seed);
  });

  it("W1's polynomial: x = 2 gets 93 = 8x^3 + 3x^2 + 6x + 5, into .grad, with .grad accumulating over two passes", () => {
    const x = leaf(2, 'float32');
    const poly = () => c.add(c.add(c.add(c.add(c.mul(c.powScalar(x, 4), 2), c.powScalar(x, 3)), c.mul(c.square(x), 3)), c.mul(x, 5)), 1);
    const y = poly();
    c.backward([y], [c.ones([], 'float32')], { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false });
    expect(x.grad!.first).toBe(93);
    expect(x.grad!.shape).toEqual([]);
    c.backward([poly()], [c.ones([], 'float32')], { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false });
    expect(x.grad!.first).toBe(186);
  });

  it('retain_grad, a gradient of a gradient, and an outer tape leave the lane and still get hand-derived values', () => {
    // y = (x^3)^2 at x = 1.5: dy/dh = 2h = 6.75 with h = x^3; dy/dx = 6x^5 = 45.5625; d2y/dx2 = 30x^4 = 151.875
    const x = leaf(1.5, 'float64');
    const h = c.powScalar(x, 3);
    h.retainsGrad = true;
    c.backward([c.square(h)], [c.ones([], 'float64')], { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false });
    expect(h.grad!.first).toBe(6.75);
    expect(x.grad!.first).toBe(45.5625);
    const [dx] = c.backward([c.square(c.powScalar(x, 3))], [c.ones([], 'float64')], { tape: null, sources: [x], accumulate: null, retainGraph: true, createGraph: true });
    expect(dx!.first).toBe(45.5625);
    const [d2] = c.backward([dx!], [c.ones([], 'float64')], { tape: null, sources: [x], accumulate: null, retainGraph: false, createGraph: false });
    expect(d2!.first).toBeCloseTo(151.875, 12);
    // TensorFlow's nested tapes: the inner gradient is recorded by the outer tape
    const z = c.full([], 1.5, 'float64');
    const outer = new c.Tape(), inner = new c.Tape();
    outer.watch(z); outer.start(); inner.watch(z); inner.start();
    const w = c.square(c.powScalar(z, 3));
    inner.stop();
    const [dz] = c.backward([w], [c.ones([], 'float64')], { tape: inner, sources: [z], accumulate: null, retainGraph: true, createGraph: true });
    outer.stop();
    expect(dz!.first).toBe(45.5625);
    const [d2z] = c.backward([dz!], [c.ones([], 'float64')], { tape: outer, sources: [z], accumulate: null, retainGraph: false, createGraph: false });
    expect(d2z!.first).toBeCloseTo(151.875, 12);
  });
});
