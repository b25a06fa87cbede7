// Every expected string here was printed by real PyTorch 1.13 (/usr/bin/python3, str(tensor)) and pasted verbatim.
import { afterEach, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import * as torch from '@twingrad/torch';

const t = torch.tensor;
const f64 = { dtype: torch.float64 };
const i64 = { dtype: torch.int64 };

describe('printing follows PyTorch', () => {
  const cases: Array<[string, () => torch.Tensor, string]> = [
    ['a leaf that requires grad', () => t(2, { requires_grad: true }), 'tensor(2., requires_grad=True)'],
    ['a 0-d float', () => t(63), 'tensor(63.)'],
    ['integral floats aligned to one width', () => t([[2, 4, 6], [8, 10, 12]]), 'tensor([[ 2.,  4.,  6.],\n        [ 8., 10., 12.]])'],
    ['non-integral floats with 4 decimals', () => t([0.1, 2.5]), 'tensor([0.1000, 2.5000])'],
    ['ties rounded to even as Python does', () => t([0.03125, 0.5]), 'tensor([0.0312, 0.5000])'],
    ['small values in scientific notation', () => t([1e-5, 1]), 'tensor([1.0000e-05, 1.0000e+00])'],
    ['large values in scientific notation', () => t([1e9, 1]), 'tensor([1.0000e+09, 1.0000e+00])'],
    ['a ratio over 1000 in scientific notation', () => t([1, 2000]), 'tensor([1.0000e+00, 2.0000e+03])'],
    ['one value above 1e8', () => t([123456789]), 'tensor([1.2346e+08])'],
    ['extreme exponents', () => t([1e-20, 1e20]), 'tensor([1.0000e-20, 1.0000e+20])'],
    ['a negative 0-d value in scientific notation', () => t(-2.5e-7), 'tensor(-2.5000e-07)'],
    ['nan and infinities', () => t([NaN, Infinity, -Infinity, 1]), 'tensor([nan, inf, -inf, 1.])'],
    ['nan padded to the width of the others', () => t([NaN, 1.5]), 'tensor([   nan, 1.5000])'],
    ['zeros', () => t([0, 0]), 'tensor([0., 0.])'],
    ['negative zero', () => t([-0, 1]), 'tensor([-0., 1.])'],
    ['small fixed values', () => t([1e-3, 2e-3]), 'tensor([0.0010, 0.0020])'],
    ['integers without a dtype suffix', () => t([[1, 2], [30, -4]], i64), 'tensor([[ 1,  2],\n        [30, -4]])'],
    ['a 0-d integer', () => t(5, i64), 'tensor(5)'],
    ['booleans', () => t([true, false]), 'tensor([ True, False])'],
    ['float64 with its dtype', () => t([1, 2], f64), 'tensor([1., 2.], dtype=torch.float64)'],
    ['an empty tensor', () => torch.zeros(0), 'tensor([])'],
    ['an empty 2-d tensor with its size', () => torch.zeros(2, 0), 'tensor([], size=(2, 0))'],
    ['an empty float64 tensor with its dtype', () => torch.zeros(0, f64), 'tensor([], dtype=torch.float64)'],
    ['a 3-d tensor with blank lines between blocks', () => torch.arange(30).reshape(2, 3, 5),
      'tensor([[[ 0.,  1.,  2.,  3.,  4.],\n         [ 5.,  6.,  7.,  8.,  9.],\n         [10., 11., 12., 13., 14.]],\n\n        [[15., 16., 17., 18., 19.],\n         [20., 21., 22., 23., 24.],\n         [25., 26., 27., 28., 29.]]])'],
    ['a long vector wrapped at 80 columns', () => torch.arange(40),
      'tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n        28., 29., 30., 31., 32., 33., 34., 35., 36., 37., 38., 39.])'],
    ['a long non-integral vector', () => torch.arange(40).div(7),
      'tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,\n        1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429, 2.2857, 2.4286,\n        2.5714, 2.7143, 2.8571, 3.0000, 3.1429, 3.2857, 3.4286, 3.5714, 3.7143,\n        3.8571, 4.0000, 4.1429, 4.2857, 4.4286, 4.5714, 4.7143, 4.8571, 5.0000,\n        5.1429, 5.2857, 5.4286, 5.5714])'],
    ['summarised past 1000 elements', () => torch.arange(2000),
      'tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])'],
    ['a summarised matrix', () => torch.arange(1200).reshape(40, 30),
      'tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 2.7000e+01, 2.8000e+01,\n         2.9000e+01],\n        [3.0000e+01, 3.1000e+01, 3.2000e+01,  ..., 5.7000e+01, 5.8000e+01,\n         5.9000e+01],\n        [6.0000e+01, 6.1000e+01, 6.2000e+01,  ..., 8.7000e+01, 8.8000e+01,\n         8.9000e+01],\n        ...,\n        [1.1100e+03, 1.1110e+03, 1.1120e+03,  ..., 1.1370e+03, 1.1380e+03,\n         1.1390e+03],\n        [1.1400e+03, 1.1410e+03, 1.1420e+03,  ..., 1.1670e+03, 1.1680e+03,\n         1.1690e+03],\n        [1.1700e+03, 1.1710e+03, 1.1720e+03,  ..., 1.1970e+03, 1.1980e+03,\n         1.1990e+03]])'],
    ['float64 requiring grad', () => torch.ones(2, 3, { dtype: torch.float64, requires_grad: true }),
      'tensor([[1., 1., 1.],\n        [1., 1., 1.]], dtype=torch.float64, requires_grad=True)'],
    ['suffixes wrapped onto a new line past 80 columns', () => torch.ones(30, { dtype: torch.float64, requires_grad: true }).mul(2),
      'tensor([2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2.,\n        2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2.], dtype=torch.float64,\n       grad_fn=<MulBackward0>)'],
    ['a grad_fn suffix', () => t([-1.5, 2.25], { requires_grad: true }).exp(), 'tensor([0.2231, 9.4877], grad_fn=<ExpBackward0>)'],
  ];
  for (const [what, make, expected] of cases) {
    it(`prints ${what}`, () => expect(String(make())).toBe(expected));
  }

  it('shows the same text in Node\'s console (util.inspect) as String()', () => {
    const x = t([[1, 2, 3], [4, 5, 6]], { requires_grad: true });
    expect(inspect(x)).toBe('tensor([[1., 2., 3.],\n        [4., 5., 6.]], requires_grad=True)');
    expect(inspect(torch.float64)).toBe('torch.float64');
  });
});

describe('torch.set_printoptions (torch/_tensor_str.py)', () => {
  afterEach(() => torch.set_printoptions({ profile: 'default' }));
  it('precision, sci_mode, profiles and threshold print as PyTorch 1.13 does', () => {
    // PyTorch 1.13, one call after another: t = torch.tensor([1.12345, 200.5, 3.0]);
    // set_printoptions(precision=2); t -> tensor([  1.12, 200.50,   3.00]); set_printoptions(sci_mode=True); t ->
    // tensor([1.12e+00, 2.00e+02, 3.00e+00]); torch.tensor([1., 2.]) -> tensor([1.00e+00, 2.00e+00]);
    // set_printoptions(sci_mode=False); torch.tensor([1e-5, 1.0, 1e9]) -> tensor([    0.00,     1.00, 1000000000.00]);
    // set_printoptions(profile='short'); torch.arange(10.) -> tensor([0., 1., 2., 3., 4., 5., 6., 7., 8., 9.]);
    // set_printoptions(threshold=5); torch.arange(10.) -> tensor([0., 1.,  ..., 8., 9.]);
    // set_printoptions(profile='default'); t -> tensor([  1.1235, 200.5000,   3.0000])
    const t = torch.tensor([1.12345, 200.5, 3.0]);
    torch.set_printoptions({ precision: 2 });
    expect(String(t)).toBe('tensor([  1.12, 200.50,   3.00])');
    torch.set_printoptions({ sci_mode: true });
    expect(String(t)).toBe('tensor([1.12e+00, 2.00e+02, 3.00e+00])');
    expect(String(torch.tensor([1, 2]))).toBe('tensor([1.00e+00, 2.00e+00])');
    torch.set_printoptions({ sci_mode: false });
    expect(String(torch.tensor([1e-5, 1.0, 1e9]))).toBe('tensor([    0.00,     1.00, 1000000000.00])');
    torch.set_printoptions({ profile: 'short' });
    expect(String(torch.arange(10))).toBe('tensor([0., 1., 2., 3., 4., 5., 6., 7., 8., 9.])');
    torch.set_printoptions({ threshold: 5 });
    expect(String(torch.arange(10))).toBe('tensor([0., 1.,  ..., 8., 9.])');
    torch.set_printoptions({ profile: 'default' });
    expect(String(t)).toBe('tensor([  1.1235, 200.5000,   3.0000])');
    expect(torch.PRINT_OPTS.sci_mode).toBeNull();
  });

  // Printed by PyTorch 1.13 (/usr/bin/python3): set_printoptions(edgeitems=e, threshold=th); str(t). The last axis
  // shows t[:e] and t[-e:] (with e = 0, t[-0:] is all of it), the others range(0, e) and range(n - e, n), and the
  // formatter's get_summarized_data stacks the rows it keeps: none is torch.stack's error.
  const edgeCases: Array<[number, number, () => torch.Tensor, string]> = [
    [0, 5, () => torch.arange(10), 'tensor([ ..., 0., 1., 2., 3., 4., 5., 6., 7., 8., 9.])'],
    [0, 5, () => torch.arange(10, { dtype: torch.int64 }), 'tensor([ ..., 0, 1, 2, 3, 4, 5, 6, 7, 8, 9])'],
    [0, 5, () => torch.arange(12).reshape(3, 4), 'RuntimeError: stack expects a non-empty TensorList'],
    [0, 5, () => torch.arange(12).reshape(1, 12), 'RuntimeError: stack expects a non-empty TensorList'],
    [1, 5, () => torch.arange(10), 'tensor([0.,  ..., 9.])'],
    [1, 5, () => torch.arange(12).reshape(3, 4), 'tensor([[ 0.,  ...,  3.],\n        ...,\n        [ 8.,  ..., 11.]])'],
    [1, 5, () => torch.arange(24).reshape(2, 3, 4),
      'tensor([[[ 0.,  ...,  3.],\n         ...,\n         [ 8.,  ..., 11.]],\n\n        [[12.,  ..., 15.],\n         ...,\n         [20.,  ..., 23.]]])'],
    [-1, 5, () => torch.arange(10), 'tensor([0., 1., 2., 3., 4., 5., 6., 7., 8.,  ..., 1., 2., 3., 4., 5., 6., 7., 8.,\n        9.])'],
    [-1, 5, () => torch.arange(12).reshape(3, 4), 'RuntimeError: stack expects a non-empty TensorList'],
    [-2, 5, () => torch.arange(6), 'tensor([0., 1., 2., 3.,  ..., 2., 3., 4., 5.])'],
    [5, 5, () => torch.arange(10), 'tensor([0., 1., 2., 3., 4., 5., 6., 7., 8., 9.])'],
    [4, 5, () => torch.arange(10), 'tensor([0., 1., 2., 3.,  ..., 6., 7., 8., 9.])'],
    [2, 3, () => torch.arange(7).div(3), 'tensor([0.0000, 0.3333,  ..., 1.6667, 2.0000])'],
    [0, 0, () => torch.tensor([2.5]), 'tensor([ ..., 2.5000])'],
    [0, 5, () => torch.arange(4), 'tensor([0., 1., 2., 3.])'],
  ];
  it.each(edgeCases)('edgeitems=%d, threshold=%d prints as PyTorch 1.13 does', (edgeitems, threshold, make, expected) => {
    const t = make();
    torch.set_printoptions({ edgeitems, threshold });
    let printed: string;
    try {
      printed = String(t);
    } catch (e) {
      printed = `${(e as Error).constructor.name}: ${(e as Error).message}`;
    }
    expect(printed).toBe(expected);
  });
});

describe('torch.Size', () => {
  it('prints as PyTorch 1.13 does, and is an array of the dims', () => {
    // PyTorch 1.13: x = torch.zeros(2, 3); print(x.shape, x.size(), torch.zeros(()).shape, torch.zeros(0, 4).size())
    // -> torch.Size([2, 3]) torch.Size([2, 3]) torch.Size([]) torch.Size([0, 4]); x.size().numel() -> 6; x.shape[1] -> 3
    const x = torch.zeros(2, 3);
    expect([String(x.shape), String(x.size()), String(torch.zeros([]).shape), String(torch.zeros(0, 4).size())])
      .toEqual(['torch.Size([2, 3])', 'torch.Size([2, 3])', 'torch.Size([])', 'torch.Size([0, 4])']);
    expect(inspect(x.shape)).toBe('torch.Size([2, 3])');
    expect(x.size().numel()).toBe(6);
    expect(x.shape[1]).toBe(3);
    expect(x.shape).toBeInstanceOf(torch.Size);
    expect(Array.from(x.shape)).toEqual([2, 3]);
    expect(x.shape.map((d) => d * 2)).not.toBeInstanceOf(torch.Size); // derived arrays are plain
  });
});
