// torch.floor/ceil/round/trunc, isnan/isinf/isfinite and all/any, against PyTorch 1.13 (/usr/bin/python3; the
// Python and its output beside each case): values, printing, dtypes, gradients (zeros), in-place forms, argument
// forms and error texts.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';

const f64 = { dtype: torch.float64 };
const long = (v: number[]) => torch.tensor(v, { dtype: torch.int64 });

describe('floor, ceil, round, trunc', () => {
  // x = torch.tensor([-2.5, -0.5, 0.5, 1.5, 2.5])
  const x = () => torch.tensor([-2.5, -0.5, 0.5, 1.5, 2.5]);
  it('print as PyTorch does, round half to even with -0', () => {
    // torch.round(x) -> tensor([-2., -0.,  0.,  2.,  2.])
    expect(String(torch.round(x()))).toBe('tensor([-2., -0.,  0.,  2.,  2.])');
    // x.floor() -> tensor([-3., -1.,  0.,  1.,  2.]); x.ceil() -> tensor([-2., -0.,  1.,  2.,  3.])
    expect(String(x().floor())).toBe('tensor([-3., -1.,  0.,  1.,  2.])');
    expect(String(x().ceil())).toBe('tensor([-2., -0.,  1.,  2.,  3.])');
    // x.trunc() and torch.fix(x) -> tensor([-2., -0.,  0.,  1.,  2.])
    expect(String(x().trunc())).toBe('tensor([-2., -0.,  0.,  1.,  2.])');
    expect(String(torch.fix(x()))).toBe('tensor([-2., -0.,  0.,  1.,  2.])');
  });
  it('NaN, infinities and large values pass', () => {
    // torch.floor(torch.tensor([1e30, nan, inf, -inf])).tolist() -> [1.0000000150474662e+30, nan, inf, -inf]
    const v = torch.floor(torch.tensor([1e30, NaN, Infinity, -Infinity])).tolist() as number[];
    expect(v).toEqual([1.0000000150474662e+30, NaN, Infinity, -Infinity]);
  });
  it('keep an integer tensor, refuse bool', () => {
    // i = torch.tensor([3, -4]); torch.floor(i), torch.round(i), i.ceil(), i.trunc() -> tensor([ 3, -4])
    for (const r of [torch.floor(long([3, -4])), torch.round(long([3, -4])), long([3, -4]).ceil(), long([3, -4]).trunc()]) {
      expect(String(r)).toBe('tensor([ 3, -4])');
    }
    // torch.floor(torch.tensor([True])) -> RuntimeError: "floor_vml_cpu" not implemented for 'Bool' (ceil, round, trunc alike)
    const b = () => torch.tensor([true]);
    expect(err(() => torch.floor(b()))).toBe('RuntimeError: "floor_vml_cpu" not implemented for \'Bool\'');
    expect(err(() => b().ceil())).toBe('RuntimeError: "ceil_vml_cpu" not implemented for \'Bool\'');
    expect(err(() => torch.round(b()))).toBe('RuntimeError: "round_vml_cpu" not implemented for \'Bool\'');
    expect(err(() => torch.trunc(b()))).toBe('RuntimeError: "trunc_vml_cpu" not implemented for \'Bool\'');
  });
  it('have zero gradients, FloorBackward0 and its siblings', () => {
    // a = torch.tensor([0.3, -1.7, 2.5], dtype=torch.float64, requires_grad=True)
    // a.floor() -> tensor([ 0., -2.,  2.], dtype=torch.float64, grad_fn=<FloorBackward0>)
    // torch.autograd.grad(a.floor().sum(), a) -> (tensor([0., 0., 0.], dtype=torch.float64),) (ceil, round, trunc alike)
    const a = torch.tensor([0.3, -1.7, 2.5], { ...f64, requires_grad: true });
    expect(String(a.floor())).toBe('tensor([ 0., -2.,  2.], dtype=torch.float64, grad_fn=<FloorBackward0>)');
    expect(String(a.ceil())).toBe('tensor([ 1., -1.,  3.], dtype=torch.float64, grad_fn=<CeilBackward0>)');
    expect(String(a.round())).toBe('tensor([ 0., -2.,  2.], dtype=torch.float64, grad_fn=<RoundBackward0>)');
    expect(String(a.trunc())).toBe('tensor([ 0., -1.,  2.], dtype=torch.float64, grad_fn=<TruncBackward0>)');
    for (const f of [torch.floor, torch.ceil, torch.round, torch.trunc]) {
      const [g] = torch.autograd.grad(f(a).sum(), a);
      expect(String(g)).toBe('tensor([0., 0., 0.], dtype=torch.float64)');
    }
  });
  it('in place: recorded on the tensor, refused on a leaf that requires grad', () => {
    // a = torch.tensor([1.5, -2.5], requires_grad=True); y = a * 1; y.floor_() -> grad_fn FloorBackward0, [1.0, -3.0];
    // ceil_ -> CeilBackward0 [2.0, -2.0]; round_ -> RoundBackward0 [2.0, -2.0]; trunc_ -> TruncBackward0 [1.0, -2.0]
    const a = torch.tensor([1.5, -2.5], { requires_grad: true });
    const cases = [['floor_', 'FloorBackward0', [1, -3]], ['ceil_', 'CeilBackward0', [2, -2]], ['round_', 'RoundBackward0', [2, -2]], ['trunc_', 'TruncBackward0', [1, -2]]] as const;
    for (const [op, name, values] of cases) {
      const y = a.mul(1);
      y[op]();
      expect([y.grad_fn?.name(), y.tolist()]).toEqual([name, values]);
    }
    // y = a * 1; y.round_(decimals=1); y.grad_fn.name() -> 'RoundBackward1'
    const y = a.mul(1);
    y.round_({ decimals: 1 });
    expect(y.grad_fn?.name()).toBe('RoundBackward1');
    // a = torch.tensor([0.3, -1.7, 2.5], dtype=torch.float64, requires_grad=True); y = a * 1; y.floor_(); y.sum().backward()
    // a.grad -> tensor([0., 0., 0.], dtype=torch.float64)
    const b = torch.tensor([0.3, -1.7, 2.5], { ...f64, requires_grad: true });
    const z = b.mul(1);
    z.floor_();
    z.sum().backward();
    expect(String(b.grad)).toBe('tensor([0., 0., 0.], dtype=torch.float64)');
    // a.floor_() -> RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.
    expect(err(() => b.floor_())).toBe('RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.');
    // i = torch.tensor([3, -4]); i.floor_() -> tensor([ 3, -4])
    expect(String(long([3, -4]).floor_())).toBe('tensor([ 3, -4])');
  });
});

describe('round(decimals=)', () => {
  it('rounds to decimal places in the dtype', () => {
    // torch.round(torch.tensor([1.25, 1.35]), decimals=1) -> tensor([1.2000, 1.4000])
    expect(String(torch.round(torch.tensor([1.25, 1.35]), { decimals: 1 }))).toBe('tensor([1.2000, 1.4000])');
    // torch.round(torch.tensor([1234.5, 15., 25., 1e30]), decimals=-1).tolist() -> [1230.0, 20.0, 20.0, 1.0000000150474662e+30]
    expect(torch.round(torch.tensor([1234.5, 15, 25, 1e30]), { decimals: -1 }).tolist()).toEqual([1230, 20, 20, 1.0000000150474662e+30]);
    // torch.round(torch.tensor([0.125, 2.675, 1e-3, -7.45], dtype=torch.float64), decimals=2).tolist() -> [0.12, 2.68, 0.0, -7.45]
    expect(torch.round(torch.tensor([0.125, 2.675, 1e-3, -7.45], f64), { decimals: 2 }).tolist()).toEqual([0.12, 2.68, 0, -7.45]);
  });
  it('refuses integers, a positional decimals and a fractional one, in PyTorch words', () => {
    // torch.tensor([1]).round(decimals=1) -> RuntimeError: "round_cpu" not implemented for 'Long'
    expect(err(() => long([1]).round({ decimals: 1 }))).toBe('RuntimeError: "round_cpu" not implemented for \'Long\'');
    // torch.round(torch.tensor([True]), decimals=1) -> RuntimeError: "round_cpu" not implemented for 'Bool'
    expect(err(() => torch.round(torch.tensor([true]), { decimals: 1 }))).toBe('RuntimeError: "round_cpu" not implemented for \'Bool\'');
    const x = torch.tensor([1.5]);
    // torch.round(x, 1) -> TypeError: round() received an invalid combination of arguments - got (Tensor, int), ...
    expect(err(() => (torch.round as (...a: unknown[]) => torch.Tensor)(x, 1))).toBe('TypeError: round() received an invalid combination of arguments - got (Tensor, int), but expected one of:\n' +
      ' * (Tensor input, *, Tensor out)\n * (Tensor input, *, int decimals, Tensor out)\n');
    // torch.round(x, decimals=1.5) -> TypeError: round() received an invalid combination of arguments - got (Tensor, decimals=float), ...
    expect(err(() => torch.round(x, { decimals: 1.5 }))).toBe('TypeError: round() received an invalid combination of arguments - got (Tensor, decimals=float), but expected one of:\n' +
      ' * (Tensor input, *, Tensor out)\n * (Tensor input, *, int decimals, Tensor out)\n');
    // x.round(1) -> TypeError: round() takes from 1 to 0 positional arguments but 1 were given
    expect(err(() => (x.round as (...a: unknown[]) => torch.Tensor)(1))).toBe('TypeError: round() takes from 1 to 0 positional arguments but 1 were given');
    // x.round(decimals=1.5) -> TypeError: round(): argument 'decimals' must be int, not float
    expect(err(() => x.round({ decimals: 1.5 }))).toBe("TypeError: round(): argument 'decimals' must be int, not float");
  });
});

describe('isnan, isinf, isfinite', () => {
  it('give bool tensors that never require grad', () => {
    // torch.isnan(torch.tensor([1., float('nan')])) -> tensor([False,  True])
    expect(String(torch.isnan(torch.tensor([1, NaN])))).toBe('tensor([False,  True])');
    // torch.isinf(torch.tensor([float('inf'), 1.], dtype=torch.float64)) -> tensor([ True, False])
    expect(String(torch.isinf(torch.tensor([Infinity, 1], f64)))).toBe('tensor([ True, False])');
    // torch.isfinite(torch.tensor([1, 2])) -> tensor([True, True])
    expect(String(long([1, 2]).isfinite())).toBe('tensor([True, True])');
    // a = torch.tensor([1., 2.], requires_grad=True); torch.isnan(a).requires_grad -> False
    const a = torch.tensor([1, 2], { requires_grad: true });
    expect([a.isnan().requires_grad, a.isinf().grad_fn, a.isfinite().requires_grad]).toEqual([false, null, false]);
  });
});

describe('all and any', () => {
  // x = torch.tensor([[1., 0., float('nan')], [2., 3., 4.]])
  const x = () => torch.tensor([[1, 0, NaN], [2, 3, 4]]);
  it('reduce everything, or one dim with keepdim; NaN is true', () => {
    // torch.all(x) -> tensor(False); torch.any(x) -> tensor(True)
    expect([String(torch.all(x())), String(torch.any(x()))]).toEqual(['tensor(False)', 'tensor(True)']);
    // torch.all(x, 1) -> tensor([False,  True]); x.all(dim=0) -> tensor([ True, False,  True])
    expect(String(torch.all(x(), 1))).toBe('tensor([False,  True])');
    expect(String(x().all({ dim: 0 }))).toBe('tensor([ True, False,  True])');
    // torch.all(x, dim=-1, keepdim=True) -> tensor([[False], [ True]]); torch.tensor([[1., 0.], [2., 3.]]).any(0, True) -> tensor([[True, True]])
    expect(torch.all(x(), { dim: -1, keepdim: true }).tolist()).toEqual([[false], [true]]);
    expect(String(torch.tensor([[1, 0], [2, 3]]).any(0, true))).toBe('tensor([[True, True]])');
    // torch.all(torch.tensor([[True, False], [True, True]]), 1) -> tensor([False,  True])
    expect(String(torch.all(torch.tensor([[true, false], [true, true]]), 1))).toBe('tensor([False,  True])');
  });
  it('over nothing: all True, any False; integer inputs give bool', () => {
    // torch.all(torch.zeros(0)) -> tensor(True); torch.any(torch.zeros(0)) -> tensor(False)
    expect([String(torch.all(torch.zeros(0))), String(torch.any(torch.zeros(0)))]).toEqual(['tensor(True)', 'tensor(False)']);
    // torch.all(torch.zeros(2, 0), 1) -> tensor([True, True])
    expect(String(torch.all(torch.zeros(2, 0), 1))).toBe('tensor([True, True])');
    // torch.any(torch.tensor([1, 0], dtype=torch.int32)) -> tensor(True)
    expect(String(torch.any(long([1, 0])))).toBe('tensor(True)');
  });
  it("refuses PyTorch 1.13's other argument forms in its words", () => {
    const SIGS = ' * (Tensor input, *, Tensor out)\n * (Tensor input, int dim, bool keepdim, *, Tensor out)\n * (Tensor input, name dim, bool keepdim, *, Tensor out)\n';
    // torch.all(x, (0, 1)) / torch.all(x, [0]) -> TypeError: all() received an invalid combination of arguments - got (Tensor, list), ...
    expect(err(() => torch.all(x(), [0] as unknown as number))).toBe(`TypeError: all() received an invalid combination of arguments - got (Tensor, list), but expected one of:\n${SIGS}`);
    // torch.any(x, keepdim=True) -> TypeError: any() received an invalid combination of arguments - got (Tensor, keepdim=bool), ...
    expect(err(() => torch.any(x(), { keepdim: true }))).toBe(`TypeError: any() received an invalid combination of arguments - got (Tensor, keepdim=bool), but expected one of:\n${SIGS.replace(/all/g, 'any')}`);
    // torch.all(x, None) -> RuntimeError: all: You passed a dimname (string) to this op in place of a dimension index ...
    expect(err(() => torch.all(x(), null as unknown as number))).toBe('RuntimeError: all: You passed a dimname (string) to this op in place of a dimension index but it does not yet support this behavior. Please pass a dimension index to work around this.');
    // torch.all(x, 2) -> IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)
    expect(err(() => torch.all(x(), 2))).toBe('IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    // x.all([0, 1]) -> TypeError: all() received an invalid combination of arguments - got (list), but expected one of:
    //  * ()\n      didn't match because some of the arguments have invalid types: (!list!)\n * (int dim, bool keepdim)\n * (name dim, bool keepdim)
    expect(err(() => x().all([0, 1] as unknown as number))).toBe('TypeError: all() received an invalid combination of arguments - got (list), but expected one of:\n' +
      " * ()\n      didn't match because some of the arguments have invalid types: (!list!)\n * (int dim, bool keepdim)\n * (name dim, bool keepdim)\n");
  });
});
