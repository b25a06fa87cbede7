/**
 * floor, ceil, round, trunc, the float predicates and the boolean reductions in the core, against PyTorch 1.13
 * (/usr/bin/python3; the Python and its output beside each case). TensorFlow's rounding gradient (none) is the 'tf'
 * convention: math_grad.py registers Floor, Ceil and Round with `return [None]`.
 */
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

/** Values with a zero's sign made visible, for toEqual. */
const signed = (t: c.Tensor): Array<number | string> => Array.from(t.data, (v) => (Object.is(v, -0) ? '-0' : v));

// x = torch.tensor([-2.5, -1.5, -0.5, -0., 0., 0.5, 1.5, 2.5, 0.49999997, -0.7, 1e30, nan, inf, -inf])
const EDGES = [-2.5, -1.5, -0.5, -0, 0, 0.5, 1.5, 2.5, 0.49999997, -0.7, 1e30, NaN, Infinity, -Infinity];
const BIG = Math.fround(1e30);

describe('rounding to integers, against PyTorch 1.13', () => {
  it('floor: the zero signs, NaN, infinities and large values pass', () => {
    // torch.floor(x).tolist() -> [-3, -2, -1, -0., 0., 0., 1, 2, 0., -1, 1.0000000150474662e+30, nan, inf, -inf]
    expect(signed(c.floor(c.fromArray(EDGES)))).toEqual([-3, -2, -1, '-0', 0, 0, 1, 2, 0, -1, BIG, NaN, Infinity, -Infinity]);
  });
  it('ceil: a negative fraction gives -0', () => {
    // torch.ceil(x) -> [-2, -1, -0., -0., 0., 1, 2, 3, 1, -0., 1e30, nan, inf, -inf]
    expect(signed(c.ceil(c.fromArray(EDGES)))).toEqual([-2, -1, '-0', '-0', 0, 1, 2, 3, 1, '-0', BIG, NaN, Infinity, -Infinity]);
  });
  it('round: half to even, -0.5 gives -0', () => {
    // torch.round(x) -> [-2, -2, -0., -0., 0., 0., 2, 2, 0., -1, 1e30, nan, inf, -inf]
    expect(signed(c.round(c.fromArray(EDGES)))).toEqual([-2, -2, '-0', '-0', 0, 0, 2, 2, 0, -1, BIG, NaN, Infinity, -Infinity]);
  });
  it('trunc: toward zero', () => {
    // torch.trunc(x) -> [-2, -1, -0., -0., 0., 0., 1, 2, 0., -0., 1e30, nan, inf, -inf]
    expect(signed(c.trunc(c.fromArray(EDGES)))).toEqual([-2, -1, '-0', '-0', 0, 0, 1, 2, 0, '-0', BIG, NaN, Infinity, -Infinity]);
  });
  it('round: float64 ties to even, beyond 2^52 too', () => {
    // torch.round(torch.tensor([2.5, 1.5, 4503599627370497., -3.5], dtype=torch.float64)).tolist()
    // -> [2.0, 2.0, 4503599627370497.0, -4.0]
    const r = c.round(c.fromArray([2.5, 1.5, 4503599627370497, -3.5], 'float64'));
    expect(r.dtype).toBe('float64');
    expect(Array.from(r.data)).toEqual([2, 2, 4503599627370497, -4]);
  });
  it('round with decimals rounds in the dtype, as round_decimals_kernel', () => {
    // torch.round(torch.tensor([0.125, 2.675, 1e-3, -7.45]), decimals=2).tolist()
    // -> [0.11999999731779099, 2.680000066757202, 0.0, -7.449999809265137]
    expect(Array.from(c.round(c.fromArray([0.125, 2.675, 1e-3, -7.45]), 'torch', 2).data)).toEqual([0.11999999731779099, 2.680000066757202, 0, -7.449999809265137]);
    // torch.round(torch.tensor([0.125, 2.675, 1e-3, -7.45], dtype=torch.float64), decimals=2).tolist() -> [0.12, 2.68, 0.0, -7.45]
    expect(Array.from(c.round(c.fromArray([0.125, 2.675, 1e-3, -7.45], 'float64'), 'torch', 2).data)).toEqual([0.12, 2.68, 0, -7.45]);
    // torch.round(torch.tensor([1234.5, 15., 25., 1e30]), decimals=-1).tolist() -> [1230.0, 20.0, 20.0, 1.0000000150474662e+30]
    expect(Array.from(c.round(c.fromArray([1234.5, 15, 25, 1e30]), 'torch', -1).data)).toEqual([1230, 20, 20, BIG]);
    // a power of ten past float32: torch.round(torch.tensor([1.5]), decimals=40) and decimals=-40 -> [nan]
    expect(c.round(c.fromArray([1.5]), 'torch', 40).data[0]).toBeNaN();
    expect(c.round(c.fromArray([1.5]), 'torch', -40).data[0]).toBeNaN();
  });
  it('an int32 input comes back as an int32 copy; bool is refused', () => {
    // i = torch.tensor([-3, 0, 7], dtype=torch.int32); torch.floor(i) -> tensor([-3, 0, 7], dtype=torch.int32), and
    // torch.floor(i).data_ptr() == i.data_ptr() -> False (the same for ceil, round, trunc)
    const i = c.fromArray([-3, 0, 7], 'int32');
    for (const f of [c.floor, c.ceil, c.round, c.trunc]) {
      const r = f(i);
      expect(r.dtype).toBe('int32');
      expect(Array.from(r.data)).toEqual([-3, 0, 7]);
      expect(r.data).not.toBe(i.data);
      expect(() => f(c.fromArray([1, 0], 'bool'))).toThrow(/expected a numeric tensor, got bool/);
    }
    expect(() => c.round(i, 'torch', 1)).toThrow(/decimals needs a float tensor, got int32/);
  });
});

/** d(sum f(x))/dx through the requires_grad graph (x requires grad), or with a tape that watched x and recorded f. */
function gradOf(f: (x: c.Tensor) => c.Tensor, x: c.Tensor, tape: c.Tape | null = null): c.Tensor | null {
  tape?.start();
  const y = c.sum(f(x));
  tape?.stop();
  return c.backward([y], [c.ones([], y.dtype)], { tape, sources: [x], accumulate: null, retainGraph: true, createGraph: false })[0]!;
}

describe('the rounding gradients: zeros (PyTorch), none (TensorFlow)', () => {
  const ops = { floor: c.floor, ceil: c.ceil, round: c.round, trunc: c.trunc } as const;
  for (const [name, f] of Object.entries(ops)) {
    it(`${name}: gradient zeros under the torch convention, unconnected from g`, () => {
      // a = torch.tensor([0.3, -1.7, 2.5], requires_grad=True); torch.floor(a).sum().backward(); a.grad -> [0., 0., 0.]
      // (FloorBackward0; CeilBackward0, RoundBackward0, TruncBackward0 alike)
      const x = c.fromArray([0.3, -1.7, 2.5], 'float64');
      x.requiresGrad = true;
      const y = f(x);
      expect(y.node?.spec.name).toBe(`${name[0]!.toUpperCase()}${name.slice(1)}Backward0`);
      expect(Array.from(gradOf(f, x)!.data)).toEqual([0, 0, 0]);
    });
  }
  it('round with decimals records RoundBackward1, whose gradient is zeros', () => {
    // a = torch.tensor([0.3, -1.7, 2.5], requires_grad=True); y = torch.round(a, decimals=1); y.grad_fn.name() -> 'RoundBackward1'
    // y.sum().backward(); a.grad -> tensor([0., 0., 0.])
    const x = c.fromArray([0.3, -1.7, 2.5]);
    x.requiresGrad = true;
    expect(c.round(x, 'torch', 1).node?.spec.name).toBe('RoundBackward1');
    expect(Array.from(gradOf((t) => c.round(t, 'torch', 1), x)!.data)).toEqual([0, 0, 0]);
  });
  it('the tf convention gives no gradient on a tape (math_grad.py: _FloorGrad, _CeilGrad, _RoundGrad return [None])', () => {
    for (const f of [c.floor, c.ceil, c.round, c.trunc]) {
      const x = c.fromArray([0.3, -1.7, 2.5]);
      const tape = new c.Tape();
      tape.watch(x);
      expect(gradOf((t) => f(t, 'tf'), x, tape)).toBeNull();
      // another path to x still gives its gradient: d(round(x) + x) = 1
      const other = new c.Tape();
      other.watch(x);
      expect(Array.from(gradOf((t) => c.add(f(t, 'tf'), t), x, other)!.data)).toEqual([1, 1, 1]);
    }
  });
});

describe('isnan, isinf, isfinite', () => {
  it('give bool masks, integers and bools finite, and are never recorded', () => {
    // torch.isnan(x).tolist(): True at nan only; torch.isinf(x): at inf and -inf; torch.isfinite(x): elsewhere
    const x = c.fromArray(EDGES);
    const at = (t: c.Tensor): number[] => Array.from(t.data).flatMap((v, i) => (v ? [i] : []));
    expect(c.isnan(x).dtype).toBe('bool');
    expect(at(c.isnan(x))).toEqual([11]);
    expect(at(c.isinf(x))).toEqual([12, 13]);
    expect(at(c.isfinite(x))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // torch.isnan(torch.tensor([-3, 0, 7], dtype=torch.int32)) -> all False; isinf -> all False; isfinite -> all True (bool too)
    for (const dtype of ['int32', 'bool'] as const) {
      const t = c.fromArray([1, 0, 1], dtype);
      expect(Array.from(c.isnan(t).data)).toEqual([0, 0, 0]);
      expect(Array.from(c.isinf(t).data)).toEqual([0, 0, 0]);
      expect(Array.from(c.isfinite(t).data)).toEqual([1, 1, 1]);
    }
    // a = torch.tensor([1., 2.], requires_grad=True); torch.isnan(a).requires_grad -> False, grad_fn None
    const a = c.fromArray([1, NaN]);
    a.requiresGrad = true;
    expect(c.isnan(a).node).toBeNull();
    expect(c.isnan(a).requiresGrad).toBe(false);
  });
});

describe('all and any', () => {
  // x = torch.tensor([[1., 0., float('nan')], [2., 3., 4.]])
  const x = () => c.fromArray([[1, 0, NaN], [2, 3, 4]]);
  it('reduce over every axis, one axis or with keepdims; NaN counts as true', () => {
    // torch.all(x) -> tensor(False); torch.any(x) -> tensor(True)
    expect([c.all(x()).data[0], c.any(x()).data[0]]).toEqual([0, 1]);
    expect(c.all(x()).shape).toEqual([]);
    // torch.all(x, 1) -> [False, True]; torch.all(x, 0, True) -> [[True, False, True]] (shape (1, 3))
    expect(Array.from(c.all(x(), 1).data)).toEqual([0, 1]);
    const k = c.all(x(), 0, true);
    expect([k.shape, Array.from(k.data), k.dtype]).toEqual([[1, 3], [1, 0, 1], 'bool']);
    // torch.any(x, dim=-1, keepdim=True) -> [[True], [True]]
    expect(Array.from(c.any(x(), -1, true).data)).toEqual([1, 1]);
  });
  it('over nothing: all is true, any false', () => {
    // torch.all(torch.zeros(0)) -> tensor(True); torch.any(torch.zeros(0)) -> tensor(False)
    expect([c.all(c.fromArray([])).data[0], c.any(c.fromArray([])).data[0]]).toEqual([1, 0]);
    // torch.all(torch.zeros(2, 0), 1) -> [True, True]; torch.any(torch.zeros(2, 0), 1) -> [False, False]
    expect(Array.from(c.all(c.zeros([2, 0]), 1).data)).toEqual([1, 1]);
    expect(Array.from(c.any(c.zeros([2, 0]), 1).data)).toEqual([0, 0]);
  });
  it('take integer, 0-d and bool inputs', () => {
    // torch.all(torch.tensor([1, 0], dtype=torch.int32)) -> False; torch.any(...) -> True; torch.all(torch.tensor(0.5)) -> True
    expect([c.all(c.fromArray([1, 0], 'int32')).data[0], c.any(c.fromArray([1, 0], 'int32')).data[0]]).toEqual([0, 1]);
    expect(c.all(c.fromArray(0.5)).data[0]).toBe(1);
    expect(Array.from(c.any(c.fromArray([[1, 0], [0, 0]], 'bool'), 1).data)).toEqual([1, 0]);
  });
});
