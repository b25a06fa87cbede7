// torch.nn.functional's argument handling against PyTorch 1.13 (findings 4-9, 12, 13 of the nn review).
// Every expectation was printed by /usr/bin/python3 -c "import torch; import torch.nn.functional as F; ..." with
// L = lambda a: torch.tensor(a, dtype=torch.int64), D = ... float64, Fl = ... float32, B = ... bool; the Python is in
// the comment beside it.
// NOTE: the facade warns once per message per process, so each warning text is first met in the test that checks it.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as torch from '@twingrad/torch';

const F = torch.nn.functional;
const L = (a: unknown) => torch.tensor(a as number[], { dtype: torch.int64 });
const D = (a: unknown) => torch.tensor(a as number[], { dtype: torch.float64 });
const Fl = (a: unknown) => torch.tensor(a as number[], { dtype: torch.float32 });
const B = (a: unknown) => torch.tensor(a as boolean[], { dtype: torch.bool });
// x = D([[0.1, 0.2, 0.3], [0.5, -1, 2]]); t = L([0, 2]); p = [[0.2, 0.3, 0.5], [1, 0, 0]]
const X = [[0.1, 0.2, 0.3], [0.5, -1, 2]];
const P = [[0.2, 0.3, 0.5], [1, 0, 0]];
const x = () => D(X);
const t = () => L([0, 2]);
const x35 = () => torch.zeros([3, 5], { dtype: torch.float64 });

/** Closeness element by element: within `rel` relative, or `abs` absolute. */
function near(got: unknown, want: unknown, rel: number, abs = 0): void {
  if (Array.isArray(want)) {
    expect((got as unknown[]).length).toBe(want.length);
    want.forEach((w, i) => near((got as unknown[])[i], w, rel, abs));
  } else expect(Math.abs((got as number) - (want as number))).toBeLessThanOrEqual(Math.max(abs, rel * Math.abs(want as number)));
}

let warn: MockInstance;
beforeEach(() => { warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined); });
afterEach(() => warn.mockRestore());
const warnings = (): string[] => warn.mock.calls.map((c) => String(c[0]));

describe('#4 probability targets of another float dtype promote', () => {
  const run = (xd: torch.DType, pd: torch.DType, o: object = {}) => {
    const a = torch.tensor(X, { dtype: xd, requires_grad: true }), p = torch.tensor(P, { dtype: pd, requires_grad: true });
    const l = F.cross_entropy(a, p, o);
    l.sum().backward();
    return { l, a, p };
  };

  it('float64 input, float32 target: float64 loss, each gradient in its operand\'s dtype', () => {
    // x = D(X).requires_grad_(); p = Fl(P).requires_grad_(); l = F.cross_entropy(x, p); l.backward()
    // -> l 1.4066270808023262 (float64); x.grad float64 [[0.05030480342746364, 0.01611249328147828, -0.06641729670894184],
    //    [-0.41235480392998164, 0.019556286635343725, 0.39279851729463794]]; p.grad float32
    //    [[0.6009714007377625, 0.5509714484214783, 0.5009714365005493], [0.8706556558609009, 1.6206556558609009, 0.12065564841032028]]
    const { l, a, p } = run(torch.float64, torch.float32);
    expect(l.dtype).toBe(torch.float64);
    near(l.item(), 1.4066270808023262, 1e-14);
    expect(a.grad!.dtype).toBe(torch.float64);
    near(a.grad!.tolist(), [[0.05030480342746364, 0.01611249328147828, -0.06641729670894184], [-0.41235480392998164, 0.019556286635343725, 0.39279851729463794]], 1e-13);
    expect(p.grad!.dtype).toBe(torch.float32);
    near(p.grad!.tolist(), [[0.6009714007377625, 0.5509714484214783, 0.5009714365005493], [0.8706556558609009, 1.6206556558609009, 0.12065564841032028]], 1e-7);
  });

  it('float32 input, float64 target: float64 loss (PyTorch takes log_softmax in float32: equal to float32 rounding)', () => {
    // x = Fl(X).requires_grad_(); p = D(P).requires_grad_(); l = F.cross_entropy(x, p) -> 1.4066271007061004 float64;
    // x.grad float32 [[0.05030479282140732, 0.016112476587295532, -0.06641730666160583], [-0.41235479712486267, 0.019556285813450813, 0.392798513174057]]
    const { l, a, p } = run(torch.float32, torch.float64);
    expect(l.dtype).toBe(torch.float64);
    near(l.item(), 1.4066271007061004, 1e-7);
    expect([a.grad!.dtype, p.grad!.dtype]).toEqual([torch.float32, torch.float64]);
    near(a.grad!.tolist(), [[0.05030479282140732, 0.016112476587295532, -0.06641730666160583], [-0.41235479712486267, 0.019556285813450813, 0.392798513174057]], 0, 1e-7);
  });

  it('the weight promotes too; an integer weight does not widen a float32 result', () => {
    // F.cross_entropy(D(X), Fl(P), reduction='sum', weight=D([0.5, 2, 1.5])) -> 2.4034728063243818
    near(run(torch.float64, torch.float32, { reduction: 'sum', weight: D([0.5, 2, 1.5]) }).l.item(), 2.4034728063243818, 1e-14);
    // F.cross_entropy(Fl(X), Fl(P), weight=D([0.5, 2, 1.5])) -> 1.2017364390194416, torch.float64
    const w64 = run(torch.float32, torch.float32, { weight: D([0.5, 2, 1.5]) }).l;
    expect(w64.dtype).toBe(torch.float64);
    near(w64.item(), 1.2017364390194416, 1e-7);
    // F.cross_entropy(Fl(X), Fl(P), weight=L([1, 2, 3])) -> 2.072889804840088, torch.float32
    const wl = run(torch.float32, torch.float32, { weight: L([1, 2, 3]) }).l;
    expect(wl.dtype).toBe(torch.float32);
    // within two float32 ulps: the log-softmax's exp and sum round as PyTorch's, not in its SIMD lanes' order
    near(wl.item(), 2.072889804840088, 2.5e-7);
  });
});

describe('#5 cross_entropy tells probabilities from class indices by shape', () => {
  const cases: Array<[string, () => unknown, Error]> = [
    // F.cross_entropy(x, D(P), ignore_index=1)
    ['probabilities with ignore_index 1', () => F.cross_entropy(x(), D(P), { ignore_index: 1 }), new torch.RuntimeError('ignore_index is not supported for floating point target')],
    // F.cross_entropy(x, Fl([0, 1]))
    ['float class indices', () => F.cross_entropy(x(), Fl([0, 1])), new torch.RuntimeError('expected scalar type Long but found Float')],
    // F.cross_entropy(x, Fl([0, 1]), label_smoothing=0.1)
    ['float class indices, smoothed', () => F.cross_entropy(x(), Fl([0, 1]), { label_smoothing: 0.1 }), new torch.RuntimeError('expected scalar type Long but found Float')],
    // F.cross_entropy(x, L([[0, 0, 1], [1, 0, 0]]))
    ['an int64 target shaped like the input', () => F.cross_entropy(x(), L([[0, 0, 1], [1, 0, 0]])),
      new torch.RuntimeError('Expected floating point type for target with class probabilities, got Long')],
    // F.cross_entropy(x, B([[True, False, False], [False, True, False]]))
    ['a bool target shaped like the input', () => F.cross_entropy(x(), B([[true, false, false], [false, true, false]])),
      new torch.RuntimeError('Expected floating point type for target with class probabilities, got Bool')],
    // F.cross_entropy(D(1.0), L(0))
    ['0-d input, 0-d int64 target', () => F.cross_entropy(D(1), L(0)), new torch.RuntimeError('Expected floating point type for target with class probabilities, got Long')],
    // F.cross_entropy(D(1.0), D(0.5))
    ['0-d input, 0-d float target', () => F.cross_entropy(D(1), D(0.5)), new torch.IndexError('Dimension specified as 1 but tensor has no dimensions')],
    // F.cross_entropy(D(1.0), L([0]))
    ['0-d input, 1-d target', () => F.cross_entropy(D(1), L([0])), new torch.IndexError('Dimension out of range (expected to be in range of [-1, 0], but got 1)')],
    // F.cross_entropy(x, torch.zeros(2, 4, dtype=torch.float64))
    ['a float target of another shape', () => F.cross_entropy(x(), torch.zeros([2, 4], { dtype: torch.float64 })),
      new torch.RuntimeError('0D or 1D target tensor expected, multi-target not supported')],
    // F.cross_entropy(D([1., 2, 3]), L([0, 1, 2]))
    ['1-d input, int64 target of its length', () => F.cross_entropy(D([1, 2, 3]), L([0, 1, 2])),
      new torch.RuntimeError('Expected floating point type for target with class probabilities, got Long')],
  ];
  for (const [name, f, err] of cases) it(name, () => expect(f).toThrowError(err));

  it('a negative ignore_index is accepted with probabilities; a 1-d input takes a 0-d class index', () => {
    // F.cross_entropy(x, D(P), ignore_index=-1).item() -> 1.4066270724432006
    near(F.cross_entropy(x(), D(P), { ignore_index: -1 }).item(), 1.4066270724432006, 1e-14);
    // F.cross_entropy(D([1., 2, 3]), L(2)).item() -> 0.4076059644443804
    near(F.cross_entropy(D([1, 2, 3]), L(2)).item(), 0.4076059644443804, 1e-14);
  });

  it('an ignore_index that is not an integer is the binding\'s TypeError', () => {
    // F.cross_entropy(x, D(P), ignore_index=1.5) -> TypeError: cross_entropy_loss(): argument 'ignore_index' (position 5) must be int, not float
    expect(() => F.cross_entropy(x(), D(P), { ignore_index: 1.5 })).toThrowError(
      new torch.TypeError("cross_entropy_loss(): argument 'ignore_index' (position 5) must be int, not float"));
  });
});

describe('#6 the legacy size_average and reduce flags, and unknown keywords', () => {
  const legacy = (r: string) => `size_average and reduce args will be deprecated, please use reduction='${r}' instead.`;

  it('the flags choose the reduction as _reduction.legacy_get_string does, with its warning', () => {
    // F.cross_entropy(x, t, size_average=False).item() -> 1.4432541448864011, UserWarning: ...reduction='sum' instead.
    near(F.cross_entropy(x(), t(), { size_average: false }).item(), 1.4432541448864011, 1e-14);
    // F.cross_entropy(x, t, reduce=False).tolist() -> [1.201942848229244, 0.24131129665715703], ...reduction='none' instead.
    near(F.cross_entropy(x(), t(), { reduce: false }).tolist(), [1.201942848229244, 0.24131129665715703], 1e-14);
    // F.cross_entropy(x, t, size_average=True, reduce=True, reduction='sum').item() -> 0.7216270724432006, ...reduction='mean' instead.
    near(F.cross_entropy(x(), t(), { size_average: true, reduce: true, reduction: 'sum' }).item(), 0.7216270724432006, 1e-14);
    expect(warnings()).toEqual([legacy('sum'), legacy('none'), legacy('mean')]);
    expect(warn.mock.calls.every((c) => c[1] === 'UserWarning')).toBe(true);
    // F.cross_entropy(x, t, size_average=False, reduction='foo').item() -> 1.4432541448864011 (the flags override reduction)
    near(F.cross_entropy(x(), t(), { size_average: false, reduction: 'foo' as 'sum' }).item(), 1.4432541448864011, 1e-14);
    // F.cross_entropy(x, t, size_average=False, reduce=False).tolist() -> [1.201942848229244, 0.24131129665715703]
    near(F.cross_entropy(x(), t(), { size_average: false, reduce: false }).tolist(), [1.201942848229244, 0.24131129665715703], 1e-14);
    // F.nll_loss(x, t, size_average=False).item() -> -2.1; F.nll_loss(x, t, reduce=False).tolist() -> [-0.1, -2.0]
    near(F.nll_loss(x(), t(), { size_average: false }).item(), -2.1, 1e-14);
    near(F.nll_loss(x(), t(), { reduce: false }).tolist(), [-0.1, -2], 1e-14);
    // F.mse_loss(x, x * 2, reduce=False).shape -> torch.Size([2, 3]); F.mse_loss(x, x * 2, size_average=False).item() -> 5.39
    expect(F.mse_loss(x(), x().mul(2), { reduce: false }).shape).toEqual([2, 3]);
    near(F.mse_loss(x(), x().mul(2), { size_average: false }).item(), 5.39, 1e-14);
  });

  it("reduction='elementwise_mean' is 'mean' with _reduction.get_enum's warning", () => {
    // F.cross_entropy(x, t, reduction='elementwise_mean').item() -> 0.7216270724432006,
    // UserWarning: reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.
    near(F.cross_entropy(x(), t(), { reduction: 'elementwise_mean' as 'mean' }).item(), 0.7216270724432006, 1e-14);
    expect(warnings()).toEqual(["reduction='elementwise_mean' is deprecated, please use reduction='mean' instead."]);
  });

  it('mse_loss broadcasts before it checks the reduction\'s name', () => {
    // F.mse_loss(x, D([1., 2]), reduction='foo') -> RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1
    expect(() => F.mse_loss(x(), D([1, 2]), { reduction: 'foo' as 'sum' })).toThrowError(
      new torch.RuntimeError('The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1'));
    // F.mse_loss(x, x, reduction='foo') -> ValueError: foo is not a valid value for reduction
    expect(() => F.mse_loss(x(), x(), { reduction: 'foo' as 'sum' })).toThrowError(new torch.ValueError('foo is not a valid value for reduction'));
  });

  const typeErrors: Array<[string, () => unknown, string]> = [
    // F.cross_entropy(x, t, reductoin='sum')
    ['a misspelt keyword', () => F.cross_entropy(x(), t(), { reductoin: 'sum' } as never), "cross_entropy() got an unexpected keyword argument 'reductoin'"],
    // F.nll_loss(x, t, foo=1)
    ['nll_loss', () => F.nll_loss(x(), t(), { foo: 1 } as never), "nll_loss() got an unexpected keyword argument 'foo'"],
    // F.nll_loss(x, t, label_smoothing=0.1)
    ["nll_loss's missing label_smoothing", () => F.nll_loss(x(), t(), { label_smoothing: 0.1 } as never), "nll_loss() got an unexpected keyword argument 'label_smoothing'"],
    // F.mse_loss(x, x, foo=1)
    ['mse_loss', () => F.mse_loss(x(), x(), { foo: 1 } as never), "mse_loss() got an unexpected keyword argument 'foo'"],
    // F.cross_entropy(x, t, input=x)
    ['a positional parameter again', () => F.cross_entropy(x(), t(), { input: x() } as never), "cross_entropy() got multiple values for argument 'input'"],
    // F.nll_loss(x, t, target=t)
    ['target again', () => F.nll_loss(x(), t(), { target: t() } as never), "nll_loss() got multiple values for argument 'target'"],
  ];
  for (const [name, f, text] of typeErrors) it(`${name}: Python's TypeError`, () => expect(f).toThrowError(new torch.TypeError(text)));

  it('the weight may be passed in third place, as in Python', () => {
    // F.cross_entropy(x, t, D([1., 2, 3])).item() -> 0.4814691845501788
    near(F.cross_entropy(x(), t(), D([1, 2, 3])).item(), 0.4814691845501788, 1e-14);
  });
});

describe('#7 a class weight of another dtype is refused with class indices', () => {
  const cases: Array<[string, () => unknown, string]> = [
    // F.cross_entropy(x, t, weight=Fl([1, 2, 3]))
    ['float32 weight, float64 input', () => F.cross_entropy(x(), t(), { weight: Fl([1, 2, 3]) }), 'expected scalar type Double but found Float'],
    // F.cross_entropy(x, t, weight=Fl([1, 2, 3]), label_smoothing=0.1)
    ['smoothed', () => F.cross_entropy(x(), t(), { weight: Fl([1, 2, 3]), label_smoothing: 0.1 }), 'expected scalar type Double but found Float'],
    // F.nll_loss(x, t, weight=Fl([1, 2, 3]))
    ['nll_loss', () => F.nll_loss(x(), t(), { weight: Fl([1, 2, 3]) }), 'expected scalar type Double but found Float'],
    // F.cross_entropy(x, t, weight=L([1, 2, 3]))
    ['int64 weight', () => F.cross_entropy(x(), t(), { weight: L([1, 2, 3]) }), 'expected scalar type Double but found Long'],
    // F.cross_entropy(x, t, weight=B([True, True, False]))
    ['bool weight', () => F.cross_entropy(x(), t(), { weight: B([true, true, false]) }), 'expected scalar type Double but found Bool'],
    // F.cross_entropy(Fl([[0.1, 0.2, 0.3]]), L([1]), weight=D([1., 2, 3]))
    ['float64 weight, float32 input', () => F.cross_entropy(Fl([[0.1, 0.2, 0.3]]), L([1]), { weight: D([1, 2, 3]) }), 'expected scalar type Float but found Double'],
    // F.nll_loss(torch.zeros(1, 3, 2, 2, dtype=torch.float64), L([[[0, 1], [1, 1]]]), weight=Fl([1, 2, 3]))
    ['4-d input (nll_loss2d)', () => F.nll_loss(torch.zeros([1, 3, 2, 2], { dtype: torch.float64 }), L([[[0, 1], [1, 1]]]), { weight: Fl([1, 2, 3]) }),
      'expected scalar type Double but found Float'],
    // F.nll_loss(x, D([0, 1]), weight=Fl([1, 2, 3])): the weight is checked before the target
    ['before the target', () => F.nll_loss(x(), D([0, 1]), { weight: Fl([1, 2, 3]) }), 'expected scalar type Double but found Float'],
    // F.nll_loss(x, L([0, 3]), weight=Fl([1, 2, 3])): and before the bounds
    ['before the bounds', () => F.nll_loss(x(), L([0, 3]), { weight: Fl([1, 2, 3]) }), 'expected scalar type Double but found Float'],
  ];
  for (const [name, f, text] of cases) it(name, () => expect(f).toThrowError(new torch.RuntimeError(text)));
});

describe('#8 nll_loss and cross_entropy shape errors in 1.13\'s classes and words', () => {
  const z = (...s: number[]) => torch.zeros(s, { dtype: torch.float64 });
  const cases: Array<[string, () => unknown, Error]> = [
    // F.cross_entropy(torch.zeros(3, 5, dtype=torch.float64), L([1, 2]))
    ['batch sizes', () => F.cross_entropy(x35(), L([1, 2])), new torch.ValueError('Expected input batch_size (3) to match target batch_size (2).')],
    // F.nll_loss(torch.zeros(2, 5, 3, dtype=torch.float64), L([[1, 2, 3, 4], [0, 0, 0, 0]]))
    ['3-d target size', () => F.nll_loss(z(2, 5, 3), L([[1, 2, 3, 4], [0, 0, 0, 0]])), new torch.RuntimeError('Expected target size [2, 3], got [2, 4]')],
    // F.nll_loss(torch.zeros(2, 3, 2, 1, 1, dtype=torch.float64), L([[[0]], [[1]]]))
    ['5-d target size', () => F.nll_loss(z(2, 3, 2, 1, 1), L([[[0]], [[1]]])), new torch.RuntimeError('Expected target size [2, 2, 1, 1], got [2, 1, 1]')],
    // F.nll_loss(torch.zeros(2, 5, 3, 2, dtype=torch.float64), L([[1, 2, 3], [0, 0, 0]]))
    ['4-d input, 2-d target', () => F.nll_loss(z(2, 5, 3, 2), L([[1, 2, 3], [0, 0, 0]])),
      new torch.RuntimeError('only batches of spatial targets supported (3D tensors) but got targets of dimension: 2')],
    // F.nll_loss(torch.zeros(1, 3, 2, 2, dtype=torch.float64), L([[[0, 1, 1], [1, 1, 1]]]))
    ['4-d sizes', () => F.nll_loss(z(1, 3, 2, 2), L([[[0, 1, 1], [1, 1, 1]]])), new torch.RuntimeError('size mismatch (got input: [1, 3, 2, 2] , target: [1, 2, 3]')],
    // F.nll_loss(torch.zeros(3, 5, dtype=torch.float64), L([[1], [2], [3]]))
    ['2-d target of a 2-d input', () => F.nll_loss(x35(), L([[1], [2], [3]])), new torch.RuntimeError('0D or 1D target tensor expected, multi-target not supported')],
    // F.nll_loss(torch.zeros(3, 5, dtype=torch.float64), L(0))
    ['0-d target of a 2-d input', () => F.nll_loss(x35(), L(0)), new torch.ValueError('Expected input batch_size (3) to match target batch_size (0).')],
    // F.nll_loss(torch.zeros(0, 3, dtype=torch.float64), L(0))
    ['0-d target of an empty batch', () => F.nll_loss(z(0, 3), L(0)), new torch.IndexError('Dimension specified as 0 but tensor has no dimensions')],
    // F.nll_loss(D([1., 2, 3]), L([0]))
    ['1-d input', () => F.nll_loss(D([1, 2, 3]), L([0])), new torch.RuntimeError('size mismatch (got input: [3], target: [1])')],
    // F.nll_loss(D(1.0), L(0))
    ['0-d input', () => F.nll_loss(D(1), L(0)), new torch.ValueError('Expected 1 or more dimensions (got 0)')],
    // F.nll_loss(torch.zeros(3, 5, dtype=torch.float64), D([1, 2, 3]))
    ['float target', () => F.nll_loss(x35(), D([1, 2, 3])), new torch.RuntimeError('expected scalar type Long but found Double')],
    // F.nll_loss(torch.zeros(1, 3, 2, 2, dtype=torch.float64), D([[[0, 1], [1, 1]]]))
    ['float target, 4-d', () => F.nll_loss(z(1, 3, 2, 2), D([[[0, 1], [1, 1]]])), new torch.RuntimeError('expected scalar type Long but found Double')],
    // F.cross_entropy(torch.zeros(3, 5, dtype=torch.float64), L([1, 2, 3]), weight=D([1, 2, 3, 4]))
    ['weight of 4 for 5 classes', () => F.cross_entropy(x35(), L([1, 2, 3]), { weight: D([1, 2, 3, 4]) }),
      new torch.RuntimeError('weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]')],
    // F.nll_loss(torch.zeros(3, 5, dtype=torch.float64), L([1, 2, 3]), weight=D([[1, 2, 3, 4, 5]]))
    ['2-d weight', () => F.nll_loss(x35(), L([1, 2, 3]), { weight: D([[1, 2, 3, 4, 5]]) }),
      new torch.RuntimeError('weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [1, 5]')],
    // F.cross_entropy(torch.zeros(3, 5, dtype=torch.float64), torch.zeros(3, 5, dtype=torch.float64), weight=D([1, 2, 3, 4]))
    ['weight of 4, probabilities', () => F.cross_entropy(x35(), x35(), { weight: D([1, 2, 3, 4]) }),
      new torch.RuntimeError('cross_entropy: weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]')],
    // F.nll_loss(torch.zeros(1, 3, 2, dtype=torch.float64), L([[0, 1]]), weight=D([1., 2]))
    ['weight of 2, 3-d input', () => F.nll_loss(z(1, 3, 2), L([[0, 1]]), { weight: D([1, 2]) }), new torch.RuntimeError('weight tensor should be defined either for all or no classes')],
    // F.nll_loss(torch.zeros(1, 3, 2, 2, dtype=torch.float64), L([[[0, 5], [1, 1]]]))
    ['out of bounds, 4-d', () => F.nll_loss(z(1, 3, 2, 2), L([[[0, 5], [1, 1]]])), new torch.IndexError('Target 5 is out of bounds.')],
    // F.cross_entropy(torch.zeros(1, 3, 2, 2, dtype=torch.float64), L([[[0, 1], [1, 1]]]), weight=D([[1, 2, 3]]), label_smoothing=0.1)
    ['2-d weight, smoothed, 4-d', () => F.cross_entropy(z(1, 3, 2, 2), L([[[0, 1], [1, 1]]]), { weight: D([[1, 2, 3]]), label_smoothing: 0.1 }),
      new torch.RuntimeError("shape '[1, 1, 1, 1]' is invalid for input of size 3")],
  ];
  for (const [name, f, err] of cases) it(name, () => expect(f).toThrowError(err));

  it('what 1.13 computes at the edges of those checks', () => {
    // F.nll_loss(D([1., 2, 3]), L([0, 1, 2])).item() -> -1.0 (a 1-d input reads target[0] alone);
    // F.nll_loss(D([1., 2, 3]), L([2, 0, 0]), weight=D([1., 2, 3])).item() -> -3.0
    const one = F.nll_loss(D([1, 2, 3]), L([0, 1, 2]));
    expect([one.shape, one.item()]).toEqual([[], -1]);
    expect(F.nll_loss(D([1, 2, 3]), L([2, 0, 0]), { weight: D([1, 2, 3]) }).item()).toBe(-3);
    // x3 = D([[[0.5, -1.0], [2.0, 0.25], [-0.5, 1.5]]])
    const x3 = D([[[0.5, -1.0], [2.0, 0.25], [-0.5, 1.5]]]);
    // F.nll_loss(x3, L([[0, 2]]), weight=D([[1., 2, 3]]), reduction='none').tolist() -> [[-0.5, -4.5]]; mean -> -1.25
    expect(F.nll_loss(x3, L([[0, 2]]), { weight: D([[1, 2, 3]]), reduction: 'none' }).tolist()).toEqual([[-0.5, -4.5]]);
    expect(F.nll_loss(x3, L([[0, 2]]), { weight: D([[1, 2, 3]]) }).item()).toBe(-1.25);
    // F.cross_entropy(x3, L([[0, 2]]), weight=D([[1.], [2.], [3.]]), label_smoothing=0.1, reduction='sum').item() -> 3.0196358601325617
    near(F.cross_entropy(x3, L([[0, 2]]), { weight: D([[1], [2], [3]]), label_smoothing: 0.1, reduction: 'sum' }).item(), 3.0196358601325617, 1e-14);
    // the same with reduction='mean' -> RuntimeError: Index tensor must have the same number of dimensions as input tensor
    expect(() => F.cross_entropy(x3, L([[0, 2]]), { weight: D([[1], [2], [3]]), label_smoothing: 0.1 })).toThrowError(
      new torch.RuntimeError('Index tensor must have the same number of dimensions as input tensor'));
  });
});

describe('#9 integer and bool inputs are refused by the floating-point kernels', () => {
  const cases: Array<[string, () => unknown, string]> = [
    // F.leaky_relu(L([-1, 2]))
    ['leaky_relu', () => F.leaky_relu(L([-1, 2])), `"leaky_relu_cpu" not implemented for 'Long'`],
    // F.leaky_relu(B([True]))
    ['leaky_relu of bool', () => F.leaky_relu(B([true])), `"leaky_relu_cpu" not implemented for 'Bool'`],
    // F.elu(L([-1, 2]))
    ['elu', () => F.elu(L([-1, 2])), `"elu_cpu" not implemented for 'Long'`],
    // F.gelu(L([-1, 2]))
    ['gelu', () => F.gelu(L([-1, 2])), `"GeluKernelImpl" not implemented for 'Long'`],
    // F.gelu(L([1]), approximate='tanh')
    ['gelu tanh', () => F.gelu(L([1]), 'tanh'), `"GeluKernelImpl" not implemented for 'Long'`],
    // F.gelu(L([1]), approximate='foo'): the argument is checked first
    ['gelu, a bad approximate first', () => F.gelu(L([1]), 'foo' as 'tanh'), 'approximate argument must be either none or tanh.'],
    // F.softplus(L([-1, 2]))
    ['softplus', () => F.softplus(L([-1, 2])), `"softplus_cpu" not implemented for 'Long'`],
    // F.softplus(torch.zeros(0, dtype=torch.int64)): empty too
    ['softplus, empty', () => F.softplus(torch.zeros([0], { dtype: torch.int64 })), `"softplus_cpu" not implemented for 'Long'`],
    // F.relu(B([True, False]))
    ['relu of bool', () => F.relu(B([true, false])), 'Boolean inputs not supported for relu'],
    // F.mse_loss(L([1, 2]), L([0, 0]))
    ['mse_loss', () => F.mse_loss(L([1, 2]), L([0, 0])), `"mse_cpu" not implemented for 'Long'`],
    // F.mse_loss(L([1]), B([False])): the promoted type
    ['mse_loss of int64 and bool', () => F.mse_loss(L([1]), B([false])), `"mse_cpu" not implemented for 'Long'`],
    // F.mse_loss(B([True]), B([False]))
    ['mse_loss of bool', () => F.mse_loss(B([true]), B([false])), `"mse_cpu" not implemented for 'Bool'`],
    // F.nll_loss(L([[1, 2], [3, 4]]), L([0, 1]))
    ['nll_loss', () => F.nll_loss(L([[1, 2], [3, 4]]), L([0, 1])), `"nll_loss_out_frame" not implemented for 'Long'`],
    // F.nll_loss(L([[1, 2], [3, 4]]), L([0, 1]), weight=Fl([1, 2])): before the weight's dtype
    ['nll_loss, before the weight', () => F.nll_loss(L([[1, 2], [3, 4]]), L([0, 1]), { weight: Fl([1, 2]) }), `"nll_loss_out_frame" not implemented for 'Long'`],
    // F.nll_loss(torch.zeros(1, 3, 2, dtype=torch.int64), L([[0, 1]]))
    ['nll_loss, 3-d', () => F.nll_loss(torch.zeros([1, 3, 2], { dtype: torch.int64 }), L([[0, 1]])), `"nll_loss2d_forward_out_frame" not implemented for 'Long'`],
    // F.cross_entropy(L([[1, 2], [3, 4]]), L([0, 1]))
    ['cross_entropy', () => F.cross_entropy(L([[1, 2], [3, 4]]), L([0, 1])), `"log_softmax_lastdim_kernel_impl" not implemented for 'Long'`],
    // F.cross_entropy(L([[1, 2], [3, 4]]), D([[1., 0], [0, 1]]))
    ['cross_entropy, probabilities', () => F.cross_entropy(L([[1, 2], [3, 4]]), D([[1, 0], [0, 1]])), `"log_softmax_lastdim_kernel_impl" not implemented for 'Long'`],
    // F.cross_entropy(L([[[1, 2], [3, 4]]]), L([[0, 1]])): the class axis is not the last
    ['cross_entropy, 3-d', () => F.cross_entropy(L([[[1, 2], [3, 4]]]), L([[0, 1]])), `"softmax_kernel_impl" not implemented for 'Long'`],
    // F.cross_entropy(torch.zeros(0, 3, 2, dtype=torch.int64), torch.zeros(0, 2, dtype=torch.int64)): an empty log_softmax passes
    ['cross_entropy, empty', () => F.cross_entropy(torch.zeros([0, 3, 2], { dtype: torch.int64 }), torch.zeros([0, 2], { dtype: torch.int64 })),
      `"nll_loss2d_forward_out_frame" not implemented for 'Long'`],
    // F.cross_entropy(L([[1, 2, 3], [1, 2, 3]]), L([0, 1]), label_smoothing=2.): the smoothing is checked first
    ['cross_entropy, smoothing first', () => F.cross_entropy(L([[1, 2, 3], [1, 2, 3]]), L([0, 1]), { label_smoothing: 2 }), 'label_smoothing must be between 0.0 and 1.0. Got: 2'],
  ];
  for (const [name, f, text] of cases) it(name, () => expect(f).toThrowError(new torch.RuntimeError(text)));

  it('relu of int64 and mse_loss of int64 and float still compute', () => {
    // F.relu(L([-1, 2])) -> tensor([0, 2]) (int64); F.mse_loss(L([1]), Fl([0.5])) -> tensor(0.2500)
    const r = F.relu(L([-1, 2]));
    expect([r.dtype, r.tolist()]).toEqual([torch.int64, [0, 2]]);
    const m = F.mse_loss(L([1]), Fl([0.5]));
    expect([m.dtype, m.item()]).toEqual([torch.float32, 0.25]);
  });
});

describe('#12 label_smoothing', () => {
  it('a negative or NaN value is no smoothing, as in 1.13', () => {
    // F.cross_entropy(x, t, label_smoothing=-0.1).item() -> 0.7216270724432006; label_smoothing=float('nan') -> the same
    near(F.cross_entropy(x(), t(), { label_smoothing: -0.1 }).item(), 0.7216270724432006, 1e-14);
    near(F.cross_entropy(x(), t(), { label_smoothing: NaN }).item(), 0.7216270724432006, 1e-14);
    // F.cross_entropy(x, D(P), label_smoothing=-0.5).item() -> 1.4066270724432006
    near(F.cross_entropy(x(), D(P), { label_smoothing: -0.5 }).item(), 1.4066270724432006, 1e-14);
  });

  it("a value above 1 is printed as C++ prints a double", () => {
    // F.cross_entropy(x, t, label_smoothing=v) for v = 2.0, 1.23456789, 1e10, 1234567.0, 1.0000001, inf ->
    // 'Got: 2', 'Got: 1.23457', 'Got: 1e+10', 'Got: 1.23457e+06', 'Got: 1', 'Got: inf'
    const got = [2, 1.23456789, 1e10, 1234567, 1.0000001, Infinity].map((v) => {
      try { F.cross_entropy(x(), t(), { label_smoothing: v }); return 'none'; } catch (e) { return (e as Error).message; }
    });
    expect(got).toEqual(['2', '1.23457', '1e+10', '1.23457e+06', '1', 'inf'].map((s) => `label_smoothing must be between 0.0 and 1.0. Got: ${s}`));
    // F.cross_entropy(x, D(P), label_smoothing=2.0) -> the same text for probabilities
    expect(() => F.cross_entropy(x(), D(P), { label_smoothing: 2 })).toThrowError(new torch.RuntimeError('label_smoothing must be between 0.0 and 1.0. Got: 2'));
  });
});

describe('#13 F.sigmoid and F.tanh', () => {
  it("warn as torch/nn/functional.py does, then compute torch's", () => {
    // F.sigmoid(D([0.])).tolist() -> [0.5], UserWarning: nn.functional.sigmoid is deprecated. Use torch.sigmoid instead.
    // F.tanh(D([0.])).tolist() -> [0.0], UserWarning: nn.functional.tanh is deprecated. Use torch.tanh instead.
    expect(F.sigmoid(D([0])).tolist()).toEqual([0.5]);
    expect(F.tanh(D([0])).tolist()).toEqual([0]);
    expect(warn.mock.calls).toEqual([
      ['nn.functional.sigmoid is deprecated. Use torch.sigmoid instead.', 'UserWarning'],
      ['nn.functional.tanh is deprecated. Use torch.tanh instead.', 'UserWarning'],
    ]);
  });
});
