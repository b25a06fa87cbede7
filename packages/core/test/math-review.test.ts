// Core fixes behind the torch facade's math review (/tmp/review_math.md): clamp with tensor bounds and clamp's select
// gradient, the rounding division and remainder ops, the dtype of sum/mean/prod, amax/amin, var_mean/std_mean.
// Every expected value was printed by real PyTorch 1.13 (/usr/bin/python3); the Python line is in the comment beside it
// (F64 = torch.float64). The generic gradient checks of the new ops are the registry's (ops.registry.test.ts).
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const nan = NaN, inf = Infinity;
const f64 = (v: c.NestedArray, requiresGrad = false): c.Tensor => {
  const t = c.fromArray(v, 'float64');
  t.requiresGrad = requiresGrad;
  return t;
};
const i32 = (v: c.NestedArray): c.Tensor => c.fromArray(v, 'int32');
const vals = (t: c.Tensor | null | undefined): number[] => Array.from(t!.data);
const opts = (sources: c.Tensor[], createGraph = false): c.BackwardOptions =>
  ({ tape: null, sources, accumulate: null, retainGraph: true, createGraph });
/** d(sum(seed * y)) / d sources (seed: ones). */
const grads = (y: c.Tensor, sources: c.Tensor[], seed?: c.Tensor): Array<c.Tensor | null> =>
  c.backward([y], [seed ?? c.ones(y.shape, y.dtype)], opts(sources));
const error = (f: () => unknown): [string, string] => {
  try { f(); } catch (e) { return [(e as c.TwingradError).kind, (e as Error).message]; }
  throw new Error('expected an error, none was thrown');
};

describe('clamp with tensor bounds (clampTensor)', () => {
  it('values, gradients to x, min and max, NaN, and min > max', () => {
    // x = torch.tensor([-1, 0.5, 5, nan], dtype=F64, requires_grad=True); lo = torch.tensor([0., 0, 0, 0], dtype=F64, requires_grad=True)
    // hi = torch.tensor([1., 1, 1, 1], dtype=F64, requires_grad=True); y = torch.clamp(x, lo, hi) -> [0, 0.5, 1, nan]
    const x = f64([-1, 0.5, 5, nan], true), lo = f64([0, 0, 0, 0], true), hi = f64([1, 1, 1, 1], true);
    const y = c.clamp(x, lo, hi);
    expect(vals(y)).toEqual([0, 0.5, 1, nan]);
    expect(y.node!.name).toBe('ClampBackward0');
    // y.sum().backward(); [x.grad, lo.grad, hi.grad] -> [0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0]
    expect(grads(y, [x, lo, hi]).map(vals)).toEqual([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0]]);
    // lo = torch.tensor([2., 2, 2], ...); hi = torch.tensor([1., 1, 1], ...); y = torch.clamp(torch.tensor([-1, 0.5, 5], ...), lo, hi) -> [1, 1, 1]
    // y.sum().backward(); [x.grad, lo.grad, hi.grad] -> [0, 0, 0], [0, 0, 0], [1, 1, 1]
    const x2 = f64([-1, 0.5, 5], true), lo2 = f64([2, 2, 2], true), hi2 = f64([1, 1, 1], true);
    const y2 = c.clampTensor(x2, lo2, hi2);
    expect(vals(y2)).toEqual([1, 1, 1]);
    expect(grads(y2, [x2, lo2, hi2]).map(vals)).toEqual([[0, 0, 0], [0, 0, 0], [1, 1, 1]]);
    // ties: x = [0., 1, 0.5], lo = [0., 0, 0.5], hi = [1., 1, 0.5]; torch.clamp(x, lo, hi).sum().backward() -> [1, 1, 1], [0, 0, 0], [0, 0, 0]
    const x3 = f64([0, 1, 0.5], true), lo3 = f64([0, 0, 0.5], true), hi3 = f64([1, 1, 0.5], true);
    expect(grads(c.clamp(x3, lo3, hi3), [x3, lo3, hi3]).map(vals)).toEqual([[1, 1, 1], [0, 0, 0], [0, 0, 0]]);
  });

  it('one bound: the maximum or minimum kernel (NaN from either side), gradients as clamp_backward_min_max', () => {
    // x = torch.tensor([-1, 0.5, 5, nan], ...); lo = torch.tensor([0., 0, 0, 0], ...); y = torch.clamp(x, min=lo) -> [0, 0.5, 5, nan]
    // y.sum().backward(); [x.grad, lo.grad] -> [0, 1, 1, 0], [1, 0, 0, 0]
    const x = f64([-1, 0.5, 5, nan], true), lo = f64([0, 0, 0, 0], true);
    const y = c.clamp(x, lo, null);
    expect(vals(y)).toEqual([0, 0.5, 5, nan]);
    expect(grads(y, [x, lo]).map(vals)).toEqual([[0, 1, 1, 0], [1, 0, 0, 0]]);
    // hi = torch.tensor([1., 1, 1, 1], ...); y = torch.clamp(x, max=hi) -> [-1, 0.5, 1, nan]; [x.grad, hi.grad] -> [1, 1, 0, 0], [0, 0, 1, 0]
    const x2 = f64([-1, 0.5, 5, nan], true), hi = f64([1, 1, 1, 1], true);
    const y2 = c.clamp(x2, null, hi);
    expect(vals(y2)).toEqual([-1, 0.5, 1, nan]);
    expect(grads(y2, [x2, hi]).map(vals)).toEqual([[1, 1, 0, 0], [0, 0, 1, 0]]);
    // torch.clamp(torch.tensor([1., 2]), min=torch.tensor([nan, 0.])) -> [nan, 2]
    expect(vals(c.clamp(c.fromArray([1, 2]), c.fromArray([nan, 0]), null))).toEqual([nan, 2]);
    // torch.clamp(torch.tensor([1., 2]), torch.tensor([nan, 0.]), torch.tensor([3., nan])) -> [nan, nan]
    expect(vals(c.clamp(c.fromArray([1, 2]), c.fromArray([nan, 0]), c.fromArray([3, nan])))).toEqual([nan, nan]);
    // clamp_min / clamp_max with a tensor: torch.clamp_min(q, m), q = [1., 5, 3], m = [2., 2, 4] -> grads [0, 1, 0], [1, 0, 1]; ClampMinBackward1
    const q = f64([1, 5, 3], true), m = f64([2, 2, 4], true);
    const z = c.clampMin(q, m);
    expect(z.node!.name).toBe('ClampMinBackward1');
    expect(grads(z, [q, m]).map(vals)).toEqual([[0, 1, 0], [1, 0, 1]]);
    // torch.clamp_max(q, m) -> grads [1, 0, 1], [0, 1, 0]; ClampMaxBackward1
    const w = c.clampMax(q, m);
    expect(w.node!.name).toBe('ClampMaxBackward1');
    expect(grads(w, [q, m]).map(vals)).toEqual([[1, 0, 1], [0, 1, 0]]);
  });

  it('the result type of all three, broadcasting, and gradients summed to each input\'s shape and dtype', () => {
    // torch.clamp(torch.tensor([[1, 5], [3, -2]]), torch.tensor([0., 2.], dtype=F64), torch.tensor(4)) -> float64 [[1, 4], [3, 2]]
    const a = c.clamp(i32([[1, 5], [3, -2]]), f64([0, 2]), c.scalar(4, 'int32'));
    expect([a.dtype, vals(a)]).toEqual(['float64', [1, 4, 3, 2]]);
    // torch.clamp(torch.tensor([1., 5]), torch.tensor(0, dtype=F64), torch.tensor(3, dtype=F64)).dtype -> torch.float32
    expect(c.clamp(c.fromArray([1, 5]), c.scalar(0, 'float64'), c.scalar(3, 'float64')).dtype).toBe('float32');
    // torch.clamp(torch.tensor(1.), torch.zeros(3), torch.ones(2, 1)) -> [[1, 1, 1], [1, 1, 1]]
    const b = c.clamp(c.scalar(1), c.zeros([3]), c.ones([2, 1]));
    expect([b.shape, vals(b)]).toEqual([[2, 3], [1, 1, 1, 1, 1, 1]]);
    // x = torch.tensor([-1, 0.5, 5], dtype=F64, requires_grad=True); lo = torch.tensor([2.], dtype=F64, requires_grad=True)
    // hi = torch.tensor(1., dtype=F64, requires_grad=True); torch.clamp(x, lo, hi).sum().backward() -> [0, 0, 0], [0.], 3.
    const x = f64([-1, 0.5, 5], true), lo = f64([2], true), hi = c.scalar(1, 'float64');
    hi.requiresGrad = true;
    const g = grads(c.clamp(x, lo, hi), [x, lo, hi]);
    expect(g.map((t) => [t!.shape, vals(t)])).toEqual([[[3], [0, 0, 0]], [[1], [0]], [[], [3]]]);
    // x = torch.tensor([1., 2, 3], requires_grad=True); l = torch.tensor([2., 2, 2], dtype=F64, requires_grad=True)
    // torch.clamp(x, min=l) -> float64 [2, 2, 3]; .sum().backward(): x.grad float32 [0, 1, 1], l.grad [1, 0, 0]
    const x32 = c.fromArray([1, 2, 3]);
    x32.requiresGrad = true;
    const l = f64([2, 2, 2], true);
    const y = c.clamp(x32, l, null);
    expect([y.dtype, vals(y)]).toEqual(['float64', [2, 2, 3]]);
    const [gx, gl] = grads(y, [x32, l]);
    expect([gx!.dtype, vals(gx), vals(gl)]).toEqual(['float32', [0, 1, 1], [1, 0, 0]]);
    // torch.clamp(torch.tensor([True, False]), torch.tensor([True, True]), torch.tensor([True, True])) -> "clamp_cpu" not implemented for 'Bool'
    expect(error(() => c.clamp(c.fromArray([true, false]), c.fromArray([true, true]), c.fromArray([true, true]))))
      .toEqual(['dtype', 'clamp: expected numeric tensors, got bool']);
    // torch.clamp(torch.tensor([True, False]), min=torch.tensor([True, True])) -> tensor([True, True])
    const bb = c.clamp(c.fromArray([true, false]), c.fromArray([true, true]), null);
    expect([bb.dtype, vals(bb)]).toEqual(['bool', [1, 1]]);
  });
});

describe('clamp with number bounds: a select gradient, and PyTorch\'s NaN bounds', () => {
  const x = () => f64([-1, 0.5, 5], true);
  it('an inf or NaN cotangent at a clamped position gives 0 (clamp_backward is where(mask, grad, 0))', () => {
    // torch.clamp(x, 0, 1).mul(torch.tensor([inf, 1, inf], dtype=F64)).sum().backward(); x.grad -> [0, 1, 0]
    const a = x();
    expect(vals(grads(c.clamp(a, 0, 1), [a], f64([inf, 1, inf]))[0])).toEqual([0, 1, 0]);
    // torch.clamp(x, min=0) with cotangent [inf, 1, inf] -> [0, 1, inf]
    const b = x();
    expect(vals(grads(c.clamp(b, 0, null), [b], f64([inf, 1, inf]))[0])).toEqual([0, 1, inf]);
    // torch.clamp(x, max=1) with cotangent [nan, 1, nan] -> [nan, 1, 0]
    const d = x();
    expect(vals(grads(c.clamp(d, null, 1), [d], f64([nan, 1, nan]))[0])).toEqual([nan, 1, 0]);
    // torch.clamp_min(x, 0) with cotangent [inf, 1, inf] -> [0, 1, inf] (ClampMinBackward0)
    const e = x();
    const y = c.clampMin(e, 0);
    expect(y.node!.name).toBe('ClampMinBackward0');
    expect(vals(grads(y, [e], f64([inf, 1, inf]))[0])).toEqual([0, 1, inf]);
    // z = torch.tensor([nan, 0.5], dtype=F64, requires_grad=True); torch.clamp(z, 0, 1).pow(2).sum().backward(); z.grad -> [0, 1]
    const z = f64([nan, 0.5], true);
    expect(vals(grads(c.sum(c.pow(c.clamp(z, 0, 1), 2)), [z])[0])).toEqual([0, 1]);
  });

  it('TensorFlow\'s clip_by_value takes the same rule for number bounds as for tensor bounds (minimum, then maximum: selects)', () => {
    // the tf facade's two paths (core.clamp for numbers, maximum(minimum(x, hi), lo) with TF's tie rule otherwise) agree
    // on an inf and NaN cotangent, as TF's one implementation does (clip_ops.py; math_grad.py _MaximumMinimumGrad selects),
    // and with PyTorch: x = torch.tensor([-1, 0.5, 5, 1], dtype=F64, requires_grad=True)
    // torch.autograd.grad(torch.clamp(x, 0, 1), [x], torch.tensor([inf, 1, nan, 2], dtype=F64)) -> [0, 1, 0, 2]
    const seed = f64([inf, 1, nan, 2]);
    const a = f64([-1, 0.5, 5, 1], true), b = f64([-1, 0.5, 5, 1], true);
    const viaClamp = grads(c.clamp(a, 0, 1), [a], seed)[0];
    const viaMinMax = grads(c.maximum(c.minimum(b, 1, { convention: 'tf' }), 0, { convention: 'tf' }), [b], seed)[0];
    expect(vals(viaClamp)).toEqual([0, 1, 0, 2]);
    expect(vals(viaMinMax)).toEqual(vals(viaClamp));
  });

  it('a NaN bound: NaN everywhere beside another bound (and in clamp_min/clamp_max), x as it is alone in clamp', () => {
    const v = () => c.fromArray([1, 2]);
    // torch.clamp(v, nan, 3) -> [nan, nan]; torch.clamp(v, max=nan) -> [1, 2]; torch.clamp_min(v, nan), torch.clamp_max(v, nan) -> [nan, nan]
    expect([c.clamp(v(), nan, 3), c.clamp(v(), null, nan), c.clampMin(v(), nan), c.clampMax(v(), nan)].map(vals)).toEqual([[nan, nan], [1, 2], [nan, nan], [nan, nan]]);
    // x = torch.tensor([1., 2], requires_grad=True); torch.clamp(x, min=nan).sum().backward(); x.grad -> [0, 0]
    const x1 = c.fromArray([1, 2]);
    x1.requiresGrad = true;
    expect(vals(grads(c.clamp(x1, nan, null), [x1])[0])).toEqual([0, 0]);
    // torch.clamp_min(torch.tensor([1, 5]), 2.5) -> float32 [2.5, 5]; torch.clamp_max(torch.tensor([True, False]), 0) -> int64 [0, 0]
    const p = c.clampMin(i32([1, 5]), 2.5), q = c.clampMax(c.fromArray([true, false]), 0);
    expect([p.dtype, vals(p), q.dtype, vals(q)]).toEqual(['float32', [2.5, 5], 'int32', [0, 0]]);
  });
});

describe('floorDivide, truncDivide, remainder, fmod', () => {
  const a = () => f64([-7, 7, -3.5, 3.5, 0, -0, 5, -5, inf, -inf, nan, 1, 5.3, -5.3, -1e-300, 2]);
  const b = () => f64([2, -2, 2, -2, 3, 3, 0, 0, 2, 2, 1, inf, 0.1, 0.1, 3, 2]);
  it('float64 at the jumps and edges, bit for bit', () => {
    // a = torch.tensor([-7., 7, -3.5, 3.5, 0, -0., 5, -5, inf, -inf, nan, 1, 5.3, -5.3, -1e-300, 2], dtype=F64)
    // b = torch.tensor([2., -2, 2, -2, 3, 3, 0, 0, 2, 2, 1, inf, 0.1, 0.1, 3, 2], dtype=F64)
    // torch.div(a, b, rounding_mode='floor').tolist(); torch.div(a, b, rounding_mode='trunc').tolist()
    expect(vals(c.floorDivide(a(), b()))).toEqual([-4, -4, -2, -2, 0, -0, inf, -inf, nan, nan, nan, 0, 52, -53, -1, 1]);
    expect(vals(c.truncDivide(a(), b()))).toEqual([-3, -3, -1, -1, 0, -0, inf, -inf, inf, -inf, nan, 0, 52, -52, -0, 1]);
    // torch.remainder(a, b).tolist(); torch.fmod(a, b).tolist()
    expect(vals(c.remainder(a(), b()))).toEqual([1, -1, 0.5, -0.5, 0, -0, nan, nan, nan, nan, nan, 1, 0.09999999999999953, 4.718447854656915e-16, 3, 0]);
    expect(vals(c.fmod(a(), b()))).toEqual([-1, 1, -1.5, 1.5, 0, -0, nan, nan, nan, nan, nan, 1, 0.09999999999999953, -0.09999999999999953, -1e-300, 0]);
  });
  it('float32 rounds each step as PyTorch\'s float kernel', () => {
    const a32 = () => c.cast(a(), 'float32'), b32 = () => c.cast(b(), 'float32');
    // torch.div(a.float(), b.float(), rounding_mode='floor').tolist(); ... 'trunc'; torch.remainder(a.float(), b.float()); torch.fmod(a.float(), b.float())
    expect(vals(c.floorDivide(a32(), b32()))).toEqual([-4, -4, -2, -2, 0, -0, inf, -inf, nan, nan, nan, 0, 53, -54, -0, 1]);
    expect(vals(c.truncDivide(a32(), b32()))).toEqual([-3, -3, -1, -1, 0, -0, inf, -inf, inf, -inf, nan, 0, 53, -53, -0, 1]);
    expect(vals(c.remainder(a32(), b32()))).toEqual([1, -1, 0.5, -0.5, 0, -0, nan, nan, nan, nan, nan, 1, 1.1175870895385742e-07, 0.09999988973140717, -0, 0]);
    expect(vals(c.fmod(a32(), b32()))).toEqual([-1, 1, -1.5, 1.5, 0, -0, nan, nan, nan, nan, nan, 1, 1.1175870895385742e-07, -1.1175870895385742e-07, -0, 0]);
  });
  it('integers stay integers; a zero integer divisor is ZeroDivisionError; bool is refused', () => {
    // ai = torch.tensor([-7, 7, -7, 7, 0, 6, -6]); bi = torch.tensor([2, 2, -2, -2, 3, 4, 4])
    const ai = () => i32([-7, 7, -7, 7, 0, 6, -6]), bi = () => i32([2, 2, -2, -2, 3, 4, 4]);
    // torch.div(ai, bi, rounding_mode='floor') -> [-4, 3, 3, -4, 0, 1, -2]; ... 'trunc' -> [-3, 3, 3, -3, 0, 1, -1]
    // torch.remainder(ai, bi) -> [1, 1, -1, -1, 0, 2, 2]; torch.fmod(ai, bi) -> [-1, 1, -1, 1, 0, 2, -2]
    const outs = [c.floorDivide(ai(), bi()), c.truncDivide(ai(), bi()), c.remainder(ai(), bi()), c.fmod(ai(), bi())];
    expect(outs.map((t) => t.dtype)).toEqual(['int32', 'int32', 'int32', 'int32']);
    expect(outs.map(vals)).toEqual([[-4, 3, 3, -4, 0, 1, -2], [-3, 3, 3, -3, 0, 1, -1], [1, 1, -1, -1, 0, 2, 2], [-1, 1, -1, 1, 0, 2, -2]]);
    // torch.div(ai, 2.5, rounding_mode='floor') -> float32; torch.remainder(-5, torch.tensor([3, -3])) -> [1, -2]
    expect(c.floorDivide(ai(), 2.5).dtype).toBe('float32');
    expect(vals(c.remainder(-5, i32([3, -3])))).toEqual([1, -2]);
    // torch.div(ai, 0, rounding_mode='floor'); torch.remainder(ai, torch.tensor([1, ... 0])) -> RuntimeError: ZeroDivisionError
    expect(error(() => c.floorDivide(ai(), 0))).toEqual(['runtime', 'ZeroDivisionError']);
    expect(error(() => c.remainder(ai(), i32([1, 1, 1, 1, 1, 1, 0])))).toEqual(['runtime', 'ZeroDivisionError']);
    // torch.remainder(torch.tensor([True]), torch.tensor([True])) -> "remainder_cpu" not implemented for 'Bool'
    expect(error(() => c.remainder(c.fromArray([true]), c.fromArray([true])))).toEqual(['dtype', 'remainder: expected numeric tensors, got bool and bool']);
  });
  it('gradients: zero for a rounded quotient, (g, -g floor(x / y)) for remainder, (g, -g trunc(x / y)) for fmod', () => {
    // x = torch.tensor([5.3, -5.3, 7.], dtype=F64, requires_grad=True); y = torch.tensor([2., 2, -3], dtype=F64, requires_grad=True)
    const x = f64([5.3, -5.3, 7], true), y = f64([2, 2, -3], true);
    // torch.autograd.grad(torch.remainder(x, y).sum(), [x, y]) -> [1, 1, 1], [-2, 3, 3]
    expect(grads(c.remainder(x, y), [x, y]).map(vals)).toEqual([[1, 1, 1], [-2, 3, 3]]);
    // torch.autograd.grad(torch.fmod(x, y).sum(), [x, y]) -> [1, 1, 1], [-2, 2, 2]
    expect(grads(c.fmod(x, y), [x, y]).map(vals)).toEqual([[1, 1, 1], [-2, 2, 2]]);
    // torch.autograd.grad(torch.div(x, y, rounding_mode='floor').sum(), [x, y]) -> zeros, zeros (and 'trunc' alike)
    expect(grads(c.floorDivide(x, y), [x, y]).map(vals)).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(grads(c.truncDivide(x, y), [x, y]).map(vals)).toEqual([[0, 0, 0], [0, 0, 0]]);
    // grad_fn names: DivBackward2, RemainderBackward1 / RemainderBackward0 (number divisor), FmodBackward1 / FmodBackward0
    expect([c.floorDivide(x, y), c.truncDivide(x, 2), c.remainder(x, y), c.remainder(x, 2), c.fmod(x, y), c.fmod(x, 2)].map((t) => t.node!.name))
      .toEqual(['DivBackward2', 'DivBackward2', 'RemainderBackward1', 'RemainderBackward0', 'FmodBackward1', 'FmodBackward0']);
    // torch.floor_divide(x, 2).sum().backward() -> RuntimeError: derivative for aten::floor_divide is not implemented
    const nd = c.floorDivide(x, 2, { notImplemented: 'floor_divide' });
    expect(nd.node!.name).toBe('NotImplemented');
    expect(error(() => grads(c.sum(nd), [x]))).toEqual(['runtime', 'derivative for aten::floor_divide is not implemented']);
  });
});

describe('sum, mean and prod with a dtype; amax and amin; varMean and stdMean', () => {
  it('the input converted first, the gradient in the input\'s dtype', () => {
    // torch.sum(torch.tensor([16777216., 1, 1]), dtype=F64) -> 16777218.
    const s = c.sum(c.fromArray([16777216, 1, 1]), null, false, 'float64');
    expect([s.dtype, vals(s)]).toEqual(['float64', [16777218]]);
    // torch.sum(torch.tensor([1.5, 2.5]), dtype=I64) -> 3; torch.sum(torch.tensor([1.5, 2.5]), dtype=torch.bool) -> True
    expect(vals(c.sum(c.fromArray([1.5, 2.5]), null, false, 'int32'))).toEqual([3]);
    expect(vals(c.sum(c.fromArray([1.5, 2.5]), null, false, 'bool'))).toEqual([1]);
    // torch.tensor([[1, 2, 3], [4, 5, 6]]).mean(1, dtype=F64) -> [2., 5.]
    expect(vals(c.mean(i32([[1, 2, 3], [4, 5, 6]]), 1, false, 'float64'))).toEqual([2, 5]);
    // torch.prod(torch.tensor([1.5, 2.5]), dtype=I64) -> 2
    expect(vals(c.prod(c.fromArray([1.5, 2.5]), null, false, 'int32'))).toEqual([2]);
    // r = torch.tensor([[1., 2], [3, 4]], requires_grad=True); y = torch.prod(r, 1, dtype=F64) -> [2., 12.] (ProdBackward1); y.sum().backward(); r.grad -> [[2, 1], [4, 3]]
    const r = c.fromArray([[1, 2], [3, 4]]);
    r.requiresGrad = true;
    const y = c.prod(r, 1, false, 'float64');
    expect([y.dtype, vals(y), y.node!.name]).toEqual(['float64', [2, 12], 'ProdBackward1']);
    const [g] = grads(y, [r]);
    expect([g!.dtype, vals(g)]).toEqual(['float32', [2, 1, 4, 3]]);
    // r4 = torch.tensor([1., 2], dtype=F64, requires_grad=True); torch.sum(r4, dtype=torch.float32).backward(); r4.grad -> float64 [1, 1]
    const r4 = f64([1, 2], true);
    const [g4] = grads(c.sum(r4, null, false, 'float32'), [r4]);
    expect([g4!.dtype, vals(g4)]).toEqual(['float64', [1, 1]]);
  });

  it('amax and amin: ties share the gradient evenly, a NaN max gives its slot NaN', () => {
    // y = torch.tensor([[1., 3, 3], [nan, 2, 1], [5, 5, 5]], dtype=F64, requires_grad=True)
    const y = () => f64([[1, 3, 3], [nan, 2, 1], [5, 5, 5]], true);
    // torch.amax(y, 1) -> [3, nan, 5] (AmaxBackward0); torch.autograd.grad(torch.amax(y, 1).sum(), [y]) -> [[0, .5, .5], [nan]*3, [1/3]*3]
    const a = y(), m = c.amax(a, 1);
    expect([vals(m), m.node!.name]).toEqual([[3, nan, 5], 'AmaxBackward0']);
    expect(vals(grads(m, [a])[0])).toEqual([0, 0.5, 0.5, nan, nan, nan, 1 / 3, 1 / 3, 1 / 3]);
    // torch.autograd.grad(torch.amin(y, 0, True).sum(), [y]) -> [[nan, 0, 0], [nan, 1, 1], [nan, 0, 0]]
    const b = y(), n = c.amin(b, 0, true);
    expect([n.shape, n.node!.name]).toEqual([[1, 3], 'AminBackward0']);
    expect(vals(grads(n, [b])[0])).toEqual([nan, 0, 0, nan, 1, 1, nan, 0, 0]);
    // torch.autograd.grad(y.amax().sum(), [y]) -> nan everywhere
    const d = y();
    expect(vals(grads(c.amax(d), [d])[0])).toEqual(new Array(9).fill(nan));
    // torch.amax(torch.zeros(2, 0), 1) -> IndexError: amax(): Expected reduction dim 1 to have non-zero size.
    expect(error(() => c.amax(c.zeros([2, 0]), 1))).toEqual(['index', 'amax(): Expected reduction dim 1 to have non-zero size.']);
  });

  it('varMean and stdMean: both named as PyTorch\'s one node, the gradients summed', () => {
    // z = torch.tensor([[1., 3, 3], [4, 2, 1]], dtype=F64, requires_grad=True); v, m = torch.var_mean(z, 1)
    const z = f64([[1, 3, 3], [4, 2, 1]], true);
    const [v, m] = c.varMean(z, 1);
    expect([v.node!.name, m.node!.name]).toEqual(['VarMeanBackward0', 'VarMeanBackward0']);
    // [v.tolist(), m.tolist()]  (the variance within an ulp: the core's two-pass sum, PyTorch's Welford)
    expect(vals(v)).toEqual([expect.closeTo(1.3333333333333333, 14), expect.closeTo(2.3333333333333335, 14)]);
    expect(vals(m)).toEqual([2.3333333333333335, 2.3333333333333335]);
    // torch.autograd.grad([v, m], [z], [torch.tensor([1., 2], dtype=F64), torch.tensor([3., 4], dtype=F64)])
    //   -> [[-0.3333, 1.6667, 1.6667], [4.6667, 0.6667, -1.3333]]
    const g = c.backward([v, m], [f64([1, 2]), f64([3, 4])], opts([z]))[0];
    const want = [-1 / 3, 5 / 3, 5 / 3, 14 / 3, 2 / 3, -4 / 3];
    vals(g).forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 13));
    // s, m = torch.std_mean(z, 1); torch.autograd.grad([s, m], [z], [torch.tensor([1., 2], dtype=F64), torch.tensor([3., 4], dtype=F64)])[0].tolist()
    const [s, m2] = c.stdMean(z, 1);
    expect([s.node!.name, m2.node!.name]).toEqual(['StdMeanBackward0', 'StdMeanBackward0']);
    const h = c.backward([s, m2], [f64([1, 2]), f64([3, 4])], opts([z]))[0];
    [0.42264973081037416, 1.2886751345948129, 1.2886751345948129, 2.424422784513295, 1.115115443097341, 0.4604617723893637]
      .forEach((x, i) => expect(vals(h)[i]).toBeCloseTo(x, 13));
  });
});
