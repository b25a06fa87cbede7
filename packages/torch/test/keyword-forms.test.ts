// Python's keyword forms of shape and argument-taking methods, as options objects (the project's rule for keyword
// arguments). PyTorch 1.13 (/usr/bin/python3) accepts each Python line in the comments, with x = torch.tensor([[1.,
// -2, 3], [3, 0, -1]]); each printed the shape or values given, and each form here must equal the positional call
// (whose values the oracle suites check).
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

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
