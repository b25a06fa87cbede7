// The creation review's torch findings. Every expected value, class and text was printed by real PyTorch 1.13
// (/usr/bin/python3: str(t), t.tolist(), or type(e).__name__ and str(e) of the line beside it).
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const L = { dtype: torch.int64 }, I = { dtype: torch.int32 }, B = { dtype: torch.bool }, D = { dtype: torch.float64 };

/** [class name, message] of what `fn` throws. */
function thrown(fn: () => unknown): [string, string] {
  try {
    fn();
  } catch (e) {
    return [(e as Error).name, (e as Error).message];
  }
  throw new Error('expected an error');
}

describe('finding 1: a bool tensor made from numbers is true where they are nonzero', () => {
  it('tensor, full and full_like', () => {
    // str(torch.tensor([0.5, 256, -0.5, nan], dtype=torch.bool)) -> 'tensor([True, True, True, True])'
    expect(String(torch.tensor([0.5, 256, -0.5, NaN], B))).toBe('tensor([True, True, True, True])');
    // str(torch.full([2], 0.5, dtype=torch.bool)) -> 'tensor([True, True])'
    expect(String(torch.full([2], 0.5, B))).toBe('tensor([True, True])');
    // str(torch.full([], 0.5, dtype=torch.bool)) -> 'tensor(True)'
    expect(String(torch.full([], 0.5, B))).toBe('tensor(True)');
    // str(torch.full_like(torch.tensor([True, False]), 0.5)) -> 'tensor([True, True])'
    expect(String(torch.full_like(torch.tensor([true, false]), 0.5))).toBe('tensor([True, True])');
  });

  it('a Uint8Array is stored as 0 and 1: it sums and compares as a PyTorch bool tensor', () => {
    // str(torch.tensor([0, 2, 255], dtype=torch.bool).sum()) -> 'tensor(2)'
    const t = torch.tensor(new Uint8Array([0, 2, 255]));
    expect(String(t.sum())).toBe('tensor(2)');
    expect(t.eq(torch.tensor([false, true, true])).tolist()).toEqual([true, true, true]);
  });
});

describe('finding 3: random generators, arange and linspace refuse the dtypes their kernels lack', () => {
  const cases: Array<[string, () => unknown, string, string]> = [
    ['torch.rand(3, dtype=torch.int64)', () => torch.rand(3, L), 'RuntimeError', `"check_uniform_bounds" not implemented for 'Long'`],
    ['torch.rand(3, dtype=torch.int32)', () => torch.rand(3, I), 'RuntimeError', `"check_uniform_bounds" not implemented for 'Int'`],
    ['torch.rand(3, dtype=torch.bool)', () => torch.rand(3, B), 'RuntimeError', `"check_uniform_bounds" not implemented for 'Bool'`],
    ['torch.randn(3, dtype=torch.int64)', () => torch.randn(3, L), 'RuntimeError', `"normal_kernel_cpu" not implemented for 'Long'`],
    ['torch.randn(3, dtype=torch.bool)', () => torch.randn(3, B), 'RuntimeError', `"normal_kernel_cpu" not implemented for 'Bool'`],
    ['torch.rand_like(torch.tensor([1, 2]))', () => torch.rand_like(torch.tensor([1, 2], L)), 'RuntimeError', `"check_uniform_bounds" not implemented for 'Long'`],
    ['torch.randn_like(torch.tensor([True]))', () => torch.randn_like(torch.tensor([true])), 'RuntimeError', `"normal_kernel_cpu" not implemented for 'Bool'`],
    ['torch.rand(0, dtype=torch.int64)', () => torch.rand(0, L), 'RuntimeError', `"check_uniform_bounds" not implemented for 'Long'`],
    ['torch.rand(-1, dtype=torch.int64)', () => torch.rand(-1, L), 'RuntimeError', 'Trying to create tensor with negative dimension -1: [-1]'],
    ['torch.linspace(0, 1, 3, dtype=torch.bool)', () => torch.linspace(0, 1, 3, B), 'RuntimeError', `"linspace_cpu" not implemented for 'Bool'`],
    ['torch.arange(0, 3, dtype=torch.bool)', () => torch.arange(0, 3, B), 'RuntimeError', `"arange_cpu" not implemented for 'Bool'`],
    ['torch.arange(0, 0, dtype=torch.bool)', () => torch.arange(0, 0, B), 'RuntimeError', `"arange_cpu" not implemented for 'Bool'`],
  ];
  for (const [line, fn, cls, text] of cases) it(line, () => expect(thrown(fn)).toEqual([cls, text]));

  it('linspace of one point is fill_, which takes bool; of none, nothing', () => {
    // str(torch.linspace(0.5, 1, 1, dtype=torch.bool)) -> 'tensor([True])'
    expect(String(torch.linspace(0.5, 1, 1, B))).toBe('tensor([True])');
    // str(torch.linspace(0, 1, 0, dtype=torch.bool)) -> 'tensor([], dtype=torch.bool)'
    expect(String(torch.linspace(0, 1, 0, B))).toBe('tensor([], dtype=torch.bool)');
  });
});

describe('finding 4: integer arange and linspace truncate their arguments first', () => {
  it('arange', () => {
    // torch.arange(0, 5, 1.5, dtype=torch.int64).tolist() -> [0, 1, 2, 3, 4]
    expect(torch.arange(0, 5, 1.5, L).tolist()).toEqual([0, 1, 2, 3, 4]);
    // torch.arange(-3, 3, 1.5, dtype=torch.int64).tolist() -> [-3, -2, -1, 0, 1, 2]
    expect(torch.arange(-3, 3, 1.5, L).tolist()).toEqual([-3, -2, -1, 0, 1, 2]);
    // torch.arange(0, 4.5, 2, dtype=torch.int64).tolist() -> [0, 2]; dtype=torch.int32 -> [0, 2, 4]
    expect(torch.arange(0, 4.5, 2, L).tolist()).toEqual([0, 2]);
    expect(torch.arange(0, 4.5, 2, I).tolist()).toEqual([0, 2, 4]);
    // torch.arange(0, 2, 0.5, dtype=torch.int64) -> RuntimeError: step must be nonzero
    expect(thrown(() => torch.arange(0, 2, 0.5, L))).toEqual(['RuntimeError', 'step must be nonzero']);
  });

  it('linspace', () => {
    // torch.linspace(-0.7, 9.9, 5, dtype=torch.int64).tolist() -> [0, 2, 4, 6, 9]
    expect(torch.linspace(-0.7, 9.9, 5, L).tolist()).toEqual([0, 2, 4, 6, 9]);
    // torch.linspace(29, -18, 25, dtype=torch.int64).tolist()
    expect(torch.linspace(29, -18, 25, L).tolist()).toEqual([29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1, 0, -2, -3, -5, -7, -10, -11, -13, -15, -18]);
    // torch.linspace(29, -18, 25, dtype=torch.int32).tolist()
    expect(torch.linspace(29, -18, 25, I).tolist()).toEqual([29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1, 0, -2, -4, -6, -8, -10, -12, -14, -16, -18]);
  });
});

describe('finding 5: arange refuses non-finite bounds and overflowing lengths', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['torch.arange(0, nan)', () => torch.arange(0, NaN), 'unsupported range: 0 -> nan'],
    ['torch.arange(0, inf)', () => torch.arange(0, Infinity), 'unsupported range: 0 -> inf'],
    ['torch.arange(nan, 5)', () => torch.arange(NaN, 5), 'unsupported range: nan -> 5'],
    ['torch.arange(0.1234567, inf)', () => torch.arange(0.1234567, Infinity), 'unsupported range: 0.123457 -> inf'],
    ['torch.arange(1234567.0, nan)', () => torch.arange(1234567, NaN), 'unsupported range: 1.23457e+06 -> nan'],
    ['torch.arange(-2.5e21, nan)', () => torch.arange(-2.5e21, NaN), 'unsupported range: -2.5e+21 -> nan'],
    ['torch.arange(0, 5, nan)', () => torch.arange(0, 5, NaN), 'step must be nonzero'],
    ['torch.arange(0, nan, dtype=torch.int64)', () => torch.arange(0, NaN, L), 'value cannot be converted to type int64_t without overflow'],
    ['torch.arange(0, 1e19)', () => torch.arange(0, 1e19), 'invalid size, possible overflow?'],
    ['torch.arange(0, 5, -inf)', () => torch.arange(0, 5, -Infinity), 'upper bound and larger bound inconsistent with step sign'],
  ];
  for (const [line, fn, text] of cases) it(line, () => expect(thrown(fn)).toEqual(['RuntimeError', text]));

  it('an infinite step gives an empty range', () => {
    // torch.arange(0, 5, inf).tolist() -> []
    expect(torch.arange(0, 5, Infinity).tolist()).toEqual([]);
  });
});

describe("finding 6: float ranges are PyTorch's CPU kernels' values", () => {
  it('arange and linspace', () => {
    // torch.arange(0, 1, 0.1).tolist()
    expect(torch.arange(0, 1, 0.1).tolist()).toEqual([0.0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896, 0.4000000059604645, 0.5,
      0.6000000238418579, 0.699999988079071, 0.800000011920929, 0.8999999761581421]);
    // torch.arange(1, 2.2, 0.4).tolist() -> 4 elements (PyTorch sizes it in double)
    expect(torch.arange(1, 2.2, 0.4).tolist()).toEqual([1.0, 1.399999976158142, 1.7999999523162842, 2.200000047683716]);
    // torch.arange(1., 7.22, 0.3, dtype=torch.float64).tolist()[6] -> 2.8000000000000003
    expect((torch.arange(1, 7.22, 0.3, D).tolist() as number[])[6]).toBe(2.8000000000000003);
    // torch.linspace(8, -10, 26)[1].item() -> 7.279999732971191
    expect((torch.linspace(8, -10, 26).tolist() as number[])[1]).toBe(7.279999732971191);
    // torch.linspace(-3.3, 7.7, 13).tolist()[3] -> -0.5499998927116394
    expect((torch.linspace(-3.3, 7.7, 13).tolist() as number[])[3]).toBe(-0.5499998927116394);
  });
});

describe('finding 8: torch.tensor takes tensors inside lists', () => {
  const cases: Array<[string, () => torch.Tensor, string]> = [
    ['str(torch.tensor([torch.tensor(1.5), torch.tensor(2.5)]))', () => torch.tensor([torch.tensor(1.5), torch.tensor(2.5)]), 'tensor([1.5000, 2.5000])'],
    ['str(torch.tensor([[torch.tensor(1.), 2.]]))', () => torch.tensor([[torch.tensor(1), 2]]), 'tensor([[1., 2.]])'],
    ['str(torch.tensor([torch.tensor([1.5]), torch.tensor([2.5])]))', () => torch.tensor([torch.tensor([1.5]), torch.tensor([2.5])]), 'tensor([1.5000, 2.5000])'],
    ['str(torch.tensor([[1., 2.], torch.tensor([3., 4.])]))', () => torch.tensor([[1, 2], torch.tensor([3, 4])]), 'tensor([[1., 2.],\n        [3., 4.]])'],
    ['str(torch.tensor([torch.tensor(1), torch.tensor(2)]))', () => torch.tensor([torch.tensor(1, L), torch.tensor(2, L)]), 'tensor([1, 2])'],
    ['str(torch.tensor([torch.tensor(True), torch.tensor(False)]))', () => torch.tensor([torch.tensor(true), torch.tensor(false)]), 'tensor([ True, False])'],
    ['str(torch.tensor([torch.tensor(True), 2.5]))', () => torch.tensor([torch.tensor(true), 2.5]), 'tensor([1.0000, 2.5000])'],
    ['str(torch.tensor([torch.tensor(1.5, dtype=torch.float64), 2.5]))', () => torch.tensor([torch.tensor(1.5, D), 2.5]), 'tensor([1.5000, 2.5000], dtype=torch.float64)'],
    ['str(torch.tensor([torch.tensor(1), 2.5]))', () => torch.tensor([torch.tensor(1, L), 2.5]), 'tensor([1.0000, 2.5000])'],
    ['str(torch.tensor([[True, False], torch.tensor([1, 2])]))', () => torch.tensor([[true, false], torch.tensor([1, 2], L)]), 'tensor([[1, 0],\n        [1, 2]])'],
    ['str(torch.tensor([torch.tensor(2), 0], dtype=torch.bool))', () => torch.tensor([torch.tensor(2, L), 0], B), 'tensor([ True, False])'],
  ];
  for (const [line, make, text] of cases) it(line, () => expect(String(make())).toBe(text));

  it('the result is a new leaf', () => {
    // torch.tensor([torch.tensor(1.5, requires_grad=True)]).requires_grad -> False
    expect(torch.tensor([torch.tensor(1.5, { requires_grad: true })]).requires_grad).toBe(false);
  });

  const errors: Array<[string, () => unknown, string, string]> = [
    ['torch.tensor([torch.tensor([1., 2.]), torch.tensor([3., 4.])])', () => torch.tensor([torch.tensor([1, 2]), torch.tensor([3, 4])]),
      'ValueError', 'only one element tensors can be converted to Python scalars'],
    ['torch.tensor([torch.tensor([1., 2.])])', () => torch.tensor([torch.tensor([1, 2])]), 'ValueError', 'only one element tensors can be converted to Python scalars'],
    ['torch.tensor([torch.tensor(1.5), torch.tensor(2.5)], dtype=torch.int64)', () => torch.tensor([torch.tensor(1.5), torch.tensor(2.5)], L),
      'TypeError', 'only integer tensors of a single element can be converted to an index'],
    ['torch.tensor([torch.tensor(0.5), 0.], dtype=torch.bool)', () => torch.tensor([torch.tensor(0.5), 0], B),
      'TypeError', 'only integer tensors of a single element can be converted to an index'],
    ['torch.tensor([[1., 2.], torch.tensor(3.)])', () => torch.tensor([[1, 2], torch.tensor(3)]), 'TypeError', 'not a sequence'],
    ['torch.tensor([[1., 2.], torch.tensor([3., 4., 5.])])', () => torch.tensor([[1, 2], torch.tensor([3, 4, 5])]), 'ValueError', 'expected sequence of length 2 at dim 1 (got 3)'],
  ];
  for (const [line, fn, cls, text] of errors) it(line, () => expect(thrown(fn)).toEqual([cls, text]));
});

describe('finding 9: full with a boolean fill value is bool', () => {
  it('unless a dtype says otherwise', () => {
    // str(torch.full([2], True)) -> 'tensor([True, True])'; str(torch.full([], False)) -> 'tensor(False)'
    expect(String(torch.full([2], true))).toBe('tensor([True, True])');
    expect(String(torch.full([], false))).toBe('tensor(False)');
    // str(torch.full([2], True, dtype=torch.float32)) -> 'tensor([1., 1.])'
    expect(String(torch.full([2], true, { dtype: torch.float32 }))).toBe('tensor([1., 1.])');
    // str(torch.full_like(torch.tensor([1., 2.]), True)) -> 'tensor([1., 1.])'
    expect(String(torch.full_like(torch.tensor([1, 2]), true))).toBe('tensor([1., 1.])');
  });
});

describe("finding 13: bad input raises PyTorch's class and text", () => {
  const cases: Array<[string, () => unknown, string, string]> = [
    ['torch.tensor([[1, 2], 3])', () => torch.tensor([[1, 2], 3] as never), 'TypeError', 'not a sequence'],
    ['torch.tensor([1., [2., 3.]])', () => torch.tensor([1, [2, 3]] as never), 'TypeError', 'must be real number, not list'],
    ['torch.tensor([1, [2, 3]], dtype=torch.int64)', () => torch.tensor([1, [2, 3]] as never, L), 'TypeError', "'list' object cannot be interpreted as an integer"],
    ['torch.tensor([True, [True]])', () => torch.tensor([true, [true]] as never), 'TypeError', "'list' object cannot be interpreted as an integer"],
    ['torch.zeros(2.5)', () => torch.zeros(2.5), 'TypeError', "zeros(): argument 'size' (position 1) must be tuple of SymInts, not float"],
    ['torch.zeros(2, 2.5)', () => torch.zeros(2, 2.5), 'TypeError', "zeros(): argument 'size' must be tuple of SymInts, but found element of type float at pos 2"],
    ['torch.zeros([2.5])', () => torch.zeros([2.5]), 'TypeError', "zeros(): argument 'size' (position 1) must be tuple of SymInts, not list"],
    ['torch.ones([2, 2.5])', () => torch.ones([2, 2.5]), 'TypeError', "ones(): argument 'size' must be tuple of SymInts, but found element of type float at pos 2"],
    ['torch.empty([1, 2.5])', () => torch.empty([1, 2.5]), 'TypeError', "empty(): argument 'size' must be tuple of SymInts, but found element of type float at pos 2"],
    ['torch.rand(2.5)', () => torch.rand(2.5), 'TypeError', "rand(): argument 'size' (position 1) must be tuple of ints, not float"],
    ['torch.randn([2, 2.5])', () => torch.randn([2, 2.5]), 'TypeError', "randn(): argument 'size' must be tuple of ints, but found element of type float at pos 2"],
    ['torch.full([2.5], 1.)', () => torch.full([2.5], 1), 'TypeError', "full(): argument 'size' (position 1) must be tuple of SymInts, not list"],
    ['torch.full([2, 2.5], 1.)', () => torch.full([2, 2.5], 1), 'TypeError', "full(): argument 'size' must be tuple of SymInts, but found element of type float at pos 2"],
    ['torch.full(3, 1.)', () => torch.full(3 as never, 1), 'TypeError', "full(): argument 'size' (position 1) must be tuple of SymInts, not int"],
    ['torch.eye(-1)', () => torch.eye(-1), 'RuntimeError', 'n must be greater or equal to 0, got -1'],
    ['torch.eye(2, -1)', () => torch.eye(2, -1), 'RuntimeError', 'm must be greater or equal to 0, got -1'],
    ['torch.eye(2.5)', () => torch.eye(2.5), 'TypeError', "eye(): argument 'n' (position 1) must be int, not float"],
    ['torch.linspace(3, 7, 2.5)', () => torch.linspace(3, 7, 2.5), 'TypeError', "linspace(): argument 'steps' (position 3) must be int, not float"],
    ['torch.tensor([nan], dtype=torch.int64)', () => torch.tensor([NaN], L), 'RuntimeError', 'value cannot be converted to type int64 without overflow'],
    ['torch.tensor([inf], dtype=torch.int64)', () => torch.tensor([Infinity], L), 'RuntimeError', 'value cannot be converted to type int64 without overflow'],
    ['torch.tensor([[1, nan]], dtype=torch.int64)', () => torch.tensor([[1, NaN]], L), 'RuntimeError', 'value cannot be converted to type int64 without overflow'],
    ['torch.tensor([1e19], dtype=torch.int64)', () => torch.tensor([1e19], L), 'RuntimeError', 'value cannot be converted to type int64 without overflow'],
    ['torch.tensor([3e9], dtype=torch.int32)', () => torch.tensor([3e9], I), 'RuntimeError', 'value cannot be converted to type int32 without overflow'],
    ['torch.full([2], nan, dtype=torch.int64)', () => torch.full([2], NaN, L), 'RuntimeError', 'value cannot be converted to type int64_t without overflow'],
    ['torch.full([2], 3e9, dtype=torch.int32)', () => torch.full([2], 3e9, I), 'RuntimeError', 'value cannot be converted to type int without overflow'],
    ['torch.full([2], 1e39)', () => torch.full([2], 1e39), 'RuntimeError', 'value cannot be converted to type float without overflow'],
    ['torch.full_like(torch.tensor([1, 2]), nan)', () => torch.full_like(torch.tensor([1, 2], L), NaN), 'RuntimeError', 'value cannot be converted to type int64_t without overflow'],
    ['torch.linspace(0, nan, 3, dtype=torch.int64)', () => torch.linspace(0, NaN, 3, L), 'RuntimeError', 'value cannot be converted to type int64_t without overflow'],
    ['torch.linspace(0, nan, 3, dtype=torch.int32)', () => torch.linspace(0, NaN, 3, I), 'RuntimeError', 'value cannot be converted to type int without overflow'],
    ['torch.linspace(nan, 1, 1, dtype=torch.int64)', () => torch.linspace(NaN, 1, 1, L), 'RuntimeError', 'value cannot be converted to type int64_t without overflow'],
    ['torch.linspace(0, 1e39, 3)', () => torch.linspace(0, 1e39, 3), 'RuntimeError', 'value cannot be converted to type float without overflow'],
  ];
  for (const [line, fn, cls, text] of cases) it(line, () => expect(thrown(fn)).toEqual([cls, text]));

  it('the TypeErrors are torch.TypeError (and JavaScript TypeErrors)', () => {
    let e: unknown;
    try { torch.zeros(2.5); } catch (x) { e = x; }
    expect(e).toBeInstanceOf(torch.TypeError);
    expect(e).toBeInstanceOf(TypeError);
  });
});
