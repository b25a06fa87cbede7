// Python's keyword forms of shape and argument-taking methods, as options objects (the project's rule for keyword
// arguments). PyTorch 1.13 (/usr/bin/python3) accepts each Python line in the comments, with x = torch.tensor([[1.,
// -2, 3], [3, 0, -1]]); each printed the shape or values given, and each form here must equal the positional call
// (whose values the oracle suites check).
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { raises } from './thrown.js';

const x = () => torch.tensor([[1, -2, 3], [3, 0, -1]]);
const L = (v: number[]) => torch.tensor(v, { dtype: torch.int64 });

describe('keyword forms of sizes, dims and single arguments', () => {
  const cases: Array<[string, () => torch.Tensor, () => torch.Tensor, string]> = [
    // x.split(split_size=1, dim=1)[0].shape -> torch.Size([2, 1]); torch.split(x, split_size_or_sections=1, dim=1)[0].shape -> same
    ['x.split(split_size=1, dim=1)[0]', () => x().split({ split_size: 1, dim: 1 })[0]!, () => x().split(1, 1)[0]!, 'torch.Size([2, 1])'],
    ['torch.split(x, split_size_or_sections=1, dim=1)[0]', () => torch.split(x(), { split_size_or_sections: 1, dim: 1 })[0]!, () => torch.split(x(), 1, 1)[0]!, 'torch.Size([2, 1])'],
    // x.flatten(0, end_dim=1).shape -> torch.Size([6])
    ['x.flatten(0, end_dim=1)', () => x().flatten(0, { end_dim: 1 }), () => x().flatten(0, 1), 'torch.Size([6])'],
    // x.index_select(1, index=torch.tensor([0])).shape -> torch.Size([2, 1])
    ['x.index_select(1, index=...)', () => x().index_select(1, { index: L([0]) }), () => x().index_select(1, L([0])), 'torch.Size([2, 1])'],
    // x.flip(dims=[0]).shape -> torch.Size([2, 3]); x.tile(dims=(2,)).shape -> torch.Size([2, 6])
    ['x.flip(dims=[0])', () => x().flip({ dims: [0] }), () => x().flip(0), 'torch.Size([2, 3])'],
    ['x.tile(dims=(2,))', () => x().tile({ dims: [2] }), () => x().tile([2]), 'torch.Size([2, 6])'],
    // x.permute(dims=(1, 0)).shape -> torch.Size([3, 2]); x.reshape(shape=(3, 2)) and x.view(size=(3, 2)) -> torch.Size([3, 2])
    ['x.permute(dims=(1, 0))', () => x().permute({ dims: [1, 0] }), () => x().permute(1, 0), 'torch.Size([3, 2])'],
    ['x.reshape(shape=(3, 2))', () => x().reshape({ shape: [3, 2] }), () => x().reshape(3, 2), 'torch.Size([3, 2])'],
    ['x.view(size=(3, 2))', () => x().view({ size: [3, 2] }), () => x().view(3, 2), 'torch.Size([3, 2])'],
    // x[:1].expand(size=(2, 3)).shape -> torch.Size([2, 3]); x.repeat(repeats=(1, 2)).shape -> torch.Size([2, 6])
    ['x[:1].expand(size=(2, 3))', () => x().narrow(0, 0, 1).expand({ size: [2, 3] }), () => x().narrow(0, 0, 1).expand(2, 3), 'torch.Size([2, 3])'],
    ['x.repeat(repeats=(1, 2))', () => x().repeat({ repeats: [1, 2] }), () => x().repeat(1, 2), 'torch.Size([2, 6])'],
    // x.masked_fill(x > 0, value=1).tolist() -> [[1.0, -2.0, 1.0], [1.0, 0.0, -1.0]]; x.pow(exponent=2) -> [[1., 4., 9.], [9., 0., 1.]]
    ['x.masked_fill(x > 0, value=1)', () => x().masked_fill(x().gt(0), { value: 1 }), () => x().masked_fill(x().gt(0), 1), 'torch.Size([2, 3])'],
    ['x.pow(exponent=2)', () => x().pow({ exponent: 2 }), () => x().pow(2), 'torch.Size([2, 3])'],
  ];
  it.each(cases)('%s', (_, keyworded, positional, shape) => {
    const k = keyworded(), p = positional();
    expect(String(k.shape)).toBe(shape);
    expect(k.tolist()).toEqual(p.tolist());
  });

  it('gives the values PyTorch printed', () => {
    expect(x().masked_fill(x().gt(0), { value: 1 }).tolist()).toEqual([[1, -2, 1], [1, 0, -1]]);
    expect(x().pow({ exponent: 2 }).tolist()).toEqual([[1, 4, 9], [9, 0, 1]]);
  });
});

describe('keyword forms of method arguments (PyTorch 1.13 takes each)', () => {
  const cases: Array<[string, () => torch.Tensor, unknown]> = [
    // x.transpose(0, dim1=1).shape -> torch.Size([3, 2]); x.select(1, index=0).tolist() -> [1.0, 3.0]
    ['x.transpose(0, dim1=1)', () => x().transpose(0, { dim1: 1 }), [[1, 3], [-2, 0], [3, -1]]],
    ['x.select(1, index=0)', () => x().select(1, { index: 0 }), [1, 3]],
    // x.narrow(1, start=0, length=2).shape -> torch.Size([2, 2]); x.chunk(chunks=3, dim=1)[0].shape -> torch.Size([2, 1])
    ['x.narrow(1, start=0, length=2)', () => x().narrow(1, { start: 0, length: 2 }), [[1, -2], [3, 0]]],
    ['x.chunk(chunks=3, dim=1)[0]', () => x().chunk({ chunks: 3, dim: 1 })[0]!, [[1], [3]]],
    // x.broadcast_to(size=(2, 2, 3)).shape -> torch.Size([2, 2, 3])
    ['x.broadcast_to(size=(2, 2, 3))', () => x().broadcast_to({ size: [2, 2, 3] }), [[[1, -2, 3], [3, 0, -1]], [[1, -2, 3], [3, 0, -1]]]],
    // x.add(other=1).tolist() -> [[2.0, -1.0, 4.0], [4.0, 1.0, 0.0]]; x.eq(other=1) -> [[True, False, False], [False, False, False]]
    ['x.add(other=1)', () => x().add({ other: 1 }), [[2, -1, 4], [4, 1, 0]]],
    ['x.eq(other=1)', () => x().eq({ other: 1 }), [[true, false, false], [false, false, false]]],
    // x.matmul(other=x.t()) and x.mm(mat2=x.t()) -> [[14.0, 0.0], [0.0, 10.0]]; x.mv(vec=x[0]) -> [14.0, 0.0]
    ['x.matmul(other=x.t())', () => x().matmul({ other: x().t() }), [[14, 0], [0, 10]]],
    ['x.mm(mat2=x.t())', () => x().mm({ mat2: x().t() }), [[14, 0], [0, 10]]],
    ['x.mv(vec=x[0])', () => x().mv({ vec: x().select(0, 0) }), [14, 0]],
    // x.where(x > 0, other=-x).tolist() -> [[1.0, 2.0, 3.0], [3.0, -0.0, 1.0]]; x.maximum(other=-x) -> [[1.0, 2.0, 3.0], [3.0, 0.0, 1.0]]
    ['x.where(x > 0, other=-x)', () => x().where(x().gt(0), { other: x().neg() }), [[1, 2, 3], [3, -0, 1]]],
    ['x.maximum(other=-x)', () => x().maximum({ other: x().neg() }), [[1, 2, 3], [3, 0, 1]]],
    // x.view_as(other=x.t()).shape -> torch.Size([3, 2])
    ['x.view_as(other=x.t())', () => x().view_as({ other: x().t() }), [[1, -2], [3, 3], [0, -1]]],
  ];
  it.each(cases)('%s', (_, f, expected) => {
    expect(f().tolist()).toEqual(expected);
  });

  it('x.to(dtype=...) and x.to(device=..., dtype=...)', () => {
    // x.to(dtype=torch.float64).dtype -> torch.float64; x.to(device='cpu', dtype=torch.float64).dtype -> torch.float64
    expect(x().to({ dtype: torch.float64 }).dtype).toBe(torch.float64);
    expect(x().to({ device: 'cpu', dtype: torch.float64 }).dtype).toBe(torch.float64);
  });

  it('refuses a number where a tensor is taken, in the parser\'s words, not JavaScript\'s', () => {
    // torch.matmul(x, 3) -> TypeError: matmul(): argument 'other' (position 2) must be Tensor, not int
    raises(() => torch.matmul(x(), 3 as never), torch.TypeError, "matmul(): argument 'other' (position 2) must be Tensor, not int");
    // torch.matmul(3, x) -> ... argument 'input' (position 1) ...; x.matmul(3) -> ... argument 'other' (position 1) ...
    raises(() => torch.matmul(3 as never, x()), torch.TypeError, "matmul(): argument 'input' (position 1) must be Tensor, not int");
    raises(() => x().matmul(3 as never), torch.TypeError, "matmul(): argument 'other' (position 1) must be Tensor, not int");
    // x.mm(3) -> TypeError: mm(): argument 'mat2' (position 1) must be Tensor, not int; x.view_as(3) -> ... 'other' ...
    raises(() => x().mm(3 as never), torch.TypeError, "mm(): argument 'mat2' (position 1) must be Tensor, not int");
    raises(() => x().view_as(3 as never), torch.TypeError, "view_as(): argument 'other' (position 1) must be Tensor, not int");
  });
});

describe('sizes and dims of the wrong type are the parser\'s TypeErrors (PyTorch 1.13\'s words), not JavaScript crashes', () => {
  const y = () => torch.ones(2, 3);
  it('reshape, permute, expand, split; to(None) and type(None)', () => {
    // torch.ones(2, 3).reshape({}) -> TypeError: reshape(): argument 'shape' (position 1) must be tuple of SymInts, not dict
    raises(() => y().reshape({} as never), torch.TypeError, "reshape(): argument 'shape' (position 1) must be tuple of SymInts, not dict");
    // .reshape(2.5, 2) -> TypeError: reshape(): argument 'shape' (position 1) must be tuple of SymInts, not float
    raises(() => y().reshape(2.5, 2), torch.TypeError, "reshape(): argument 'shape' (position 1) must be tuple of SymInts, not float");
    // .reshape(0, {}) -> TypeError: reshape(): argument 'shape' must be tuple of SymInts, but found element of type dict at pos 2
    raises(() => y().reshape(0, {} as never), torch.TypeError, "reshape(): argument 'shape' must be tuple of SymInts, but found element of type dict at pos 2");
    // .permute(0, {}) -> TypeError: permute(): argument 'dims' must be tuple of ints, but found element of type dict at pos 2
    raises(() => y().permute(0, {} as never), torch.TypeError, "permute(): argument 'dims' must be tuple of ints, but found element of type dict at pos 2");
    // .permute({}) -> TypeError: permute(): argument 'dims' (position 1) must be tuple of ints, not dict
    raises(() => y().permute({} as never), torch.TypeError, "permute(): argument 'dims' (position 1) must be tuple of ints, not dict");
    // .expand(0, {}) -> TypeError: expand(): argument 'size' must be tuple of SymInts, but found element of type dict at pos 2
    raises(() => y().expand(0, {} as never), torch.TypeError, "expand(): argument 'size' must be tuple of SymInts, but found element of type dict at pos 2");
    // .split(None) -> TypeError: split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not NoneType
    raises(() => y().split(null as never), torch.TypeError, "split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not NoneType");
    // .to(None).shape -> torch.Size([2, 3]); .type(None) -> 'torch.FloatTensor'
    expect(String(y().to(null as never).shape)).toBe('torch.Size([2, 3])');
    expect(y().type(null as never)).toBe('torch.FloatTensor');
  });

  it('new_zeros, new_ones, new_full and zeros name the type of a wrong size', () => {
    // x.new_ones('a') -> TypeError: new_ones(): argument 'size' (position 1) must be tuple of SymInts, not str
    raises(() => y().new_ones('a' as never), torch.TypeError, "new_ones(): argument 'size' (position 1) must be tuple of SymInts, not str");
    // x.new_zeros([2, 'a']) -> TypeError: new_zeros(): argument 'size' must be tuple of SymInts, but found element of type str at pos 2
    raises(() => y().new_zeros([2, 'a'] as never), torch.TypeError, "new_zeros(): argument 'size' must be tuple of SymInts, but found element of type str at pos 2");
    // x.new_zeros({}, 0) -> TypeError: new_zeros(): argument 'size' (position 1) must be tuple of SymInts, not dict
    raises(() => y().new_zeros({} as never, 0), torch.TypeError, "new_zeros(): argument 'size' (position 1) must be tuple of SymInts, not dict");
    // x.new_full(None) -> TypeError: new_full(): argument 'size' (position 1) must be tuple of SymInts, not NoneType
    raises(() => y().new_full(null as never, 0), torch.TypeError, "new_full(): argument 'size' (position 1) must be tuple of SymInts, not NoneType");
    // torch.zeros(2, 2.5) -> TypeError: zeros(): argument 'size' must be tuple of SymInts, but found element of type float at pos 2
    raises(() => torch.zeros(2, 2.5), torch.TypeError, "zeros(): argument 'size' must be tuple of SymInts, but found element of type float at pos 2");
  });

  it('norm with a str dim: a dimension name, which no tensor here has', () => {
    // torch.ones(2, 3).norm(2, 'abc') -> RuntimeError: Name 'abc' not found in Tensor[None, None].
    raises(() => y().norm(2, 'abc' as never), torch.RuntimeError, "Name 'abc' not found in Tensor[None, None].");
  });
});

describe('torch.* functions check their input tensor as the argument parser does', () => {
  it('a non-tensor input is its TypeError, not a JavaScript crash', () => {
    // torch.sum(None) -> TypeError: sum(): argument 'input' (position 1) must be Tensor, not NoneType
    raises(() => torch.sum(null as never), torch.TypeError, "sum(): argument 'input' (position 1) must be Tensor, not NoneType");
    // torch.flatten('abc') -> TypeError: flatten(): argument 'input' (position 1) must be Tensor, not str
    raises(() => torch.flatten('abc' as never), torch.TypeError, "flatten(): argument 'input' (position 1) must be Tensor, not str");
    // torch.std([[1]]) -> ... not list; torch.zeros_like(None) -> zeros_like(): argument 'input' (position 1) must be Tensor, not NoneType
    raises(() => torch.std([[1]] as never), torch.TypeError, "std(): argument 'input' (position 1) must be Tensor, not list");
    raises(() => torch.zeros_like(null as never), torch.TypeError, "zeros_like(): argument 'input' (position 1) must be Tensor, not NoneType");
    // torch.mm(torch.ones(2, 2), None) -> TypeError: mm(): argument 'mat2' (position 2) must be Tensor, not NoneType
    raises(() => torch.mm(torch.ones(2, 2), null as never), torch.TypeError, "mm(): argument 'mat2' (position 2) must be Tensor, not NoneType");
    // torch.dot(torch.ones(2), 3) -> TypeError: dot(): argument 'tensor' (position 2) must be Tensor, not int
    raises(() => torch.dot(torch.ones(2), 3 as never), torch.TypeError, "dot(): argument 'tensor' (position 2) must be Tensor, not int");
    // torch.where(None) -> where(): argument 'condition' (position 1) ...; torch.numel(None) -> numel(): argument 'input' ...
    raises(() => torch.where(null as never), torch.TypeError, "where(): argument 'condition' (position 1) must be Tensor, not NoneType");
    raises(() => torch.numel(null as never), torch.TypeError, "numel(): argument 'input' (position 1) must be Tensor, not NoneType");
  });
});

describe('swapaxes under its own keyword names', () => {
  it('takes axis0 and axis1, not transpose\'s dim0 and dim1', () => {
    const y = () => torch.ones(2, 3, { requires_grad: true });
    // torch.swapaxes(x, axis0=0, axis1=1) -> torch.Size([3, 2]), TransposeBackward0; x.swapaxes(0, axis1=1) -> torch.Size([3, 2])
    const a = torch.swapaxes(y(), { axis0: 0, axis1: 1 });
    expect([String(a.shape), a.grad_fn!.name()]).toEqual(['torch.Size([3, 2])', 'TransposeBackward0']);
    expect(String(y().swapaxes(0, { axis1: 1 }).shape)).toBe('torch.Size([3, 2])');
    // x.swapaxes(0, dim1=1) -> TypeError: swapaxes() missing 1 required positional arguments: "axis1"
    raises(() => y().swapaxes(0, { dim1: 1 } as never), torch.TypeError, 'swapaxes() missing 1 required positional arguments: "axis1"');
  });
});

// Silently wrong results the fourth-round reviews found (PyTorch 1.13, A = torch.tensor([[1.5, -2, 0.5], [3, -0.25, 2]])).
describe('fill_ and new_full keywords, and indexing with a tensor', () => {
  const A = () => torch.tensor([[1.5, -2, 0.5], [3, -0.25, 2]]);
  it('fill_(value=) and new_full(size, fill_value=) fill with the value, not NaN', () => {
    // A.clone().fill_(value=2.5) -> all 2.5; A.new_full((2,), fill_value=2.5) -> tensor([2.5000, 2.5000])
    expect(A().fill_({ value: 2.5 }).tolist()).toEqual([[2.5, 2.5, 2.5], [2.5, 2.5, 2.5]]);
    expect(String(A().new_full([2], { fill_value: 2.5 }))).toBe('tensor([2.5000, 2.5000])');
  });
  it('a tensor index (PyTorch\'s advanced indexing, not supported here) is an error, not `:`', () => {
    // A[A > 0] -> tensor([1.5000, 0.5000, 3.0000, 2.0000]) in PyTorch; twingrad has only basic indexing
    for (const i of [A().gt(0), torch.tensor([1, 0], { dtype: torch.int64 })]) {
      expect(() => A().index(i as never)).toThrow(torch.IndexError);
    }
  });
});

describe('atan2 with a bool first operand, differentiated', () => {
  it('is PyTorch\'s refusal to negate a bool at backward time, not a gradient from negated bytes', () => {
    // x = torch.tensor([1.5, 2.], requires_grad=True); torch.atan2(torch.tensor([True, False]), x).sum().backward() ->
    // RuntimeError: Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, ...
    const x = torch.tensor([1.5, 2.0], { requires_grad: true });
    raises(() => torch.atan2(torch.tensor([true, false]), x).sum().backward(), torch.RuntimeError,
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  });
});
