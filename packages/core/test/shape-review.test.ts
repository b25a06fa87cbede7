// Core changes for the shape/indexing review (/tmp/review_shape.md, findings 2, 9 and 15). The behaviour each test
// expects was printed by real PyTorch 1.13 (/usr/bin/python3 -c "import torch; ..."); the Python is in the comment
// beside it. Error texts are the core's own (the facades word them as their framework does).
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const t = (v: c.NestedArray) => c.fromArray(v, 'float64');
const idx = (v: c.NestedArray) => c.fromArray(v, 'int32');
const opts = (sources: c.Tensor[]): c.BackwardOptions => ({ tape: null, sources, accumulate: null, retainGraph: true, createGraph: false });

/** The error `f` throws (the test fails if it throws none). */
function thrown(f: () => unknown): unknown {
  try { f(); } catch (e) { return e; }
  throw new Error('expected an error, none was thrown');
}

describe('broadcastTo', () => {
  it('checks the target shape: a negative or fractional size is a TwingradError, not a RangeError', () => {
    // torch.ones(3).expand(2, 3) works; torch.ones(1, 3).expand(-2, 3) raises (numel: integer multiplication overflow)
    expect(c.broadcastTo(t([1, 2, 3]), [2, 3]).shape).toEqual([2, 3]);
    for (const shape of [[-2, 3], [-1, 3], [2, 1.5]]) {
      const e = thrown(() => c.broadcastTo(t([[1, 2, 3]]), shape));
      expect(e).toBeInstanceOf(c.TwingradError);
      expect([(e as c.TwingradError).kind, (e as Error).message]).toEqual(['value', `broadcast_to: invalid shape [${shape.join(',')}]: dimensions must be non-negative integers`]);
    }
  });

  it('to its own shape: a new view of x recording ExpandBackward0', () => {
    // y = torch.ones(2, 1, 3, requires_grad=True); r = y.expand(2, 1, 3); r is y -> False; r.grad_fn.name() -> ExpandBackward0;
    // r.data_ptr() == y.data_ptr() -> True; (r * 2).sum().backward(); y.grad -> all 2
    const y = c.ones([2, 1, 3], 'float64');
    y.requiresGrad = true;
    const r = c.broadcastTo(y, [2, 1, 3]);
    expect([r === y, r.node?.name, r.data === y.data]).toEqual([false, 'ExpandBackward0', true]);
    const [g] = c.backward([c.sum(c.mul(r, 2))], [c.scalar(1, 'float64')], opts([y]));
    expect([...g!.data]).toEqual([2, 2, 2, 2, 2, 2]);
  });
});

describe('split into parts of { size }', () => {
  it("PyTorch's split(int): the last part holds the rest, each recorded as SplitBackward0", () => {
    // [(t.tolist(), t.grad_fn.name()) for t in torch.arange(5., requires_grad=True).split(2)]
    // -> [([0., 1.], 'SplitBackward0'), ([2., 3.], 'SplitBackward0'), ([4.], 'SplitBackward0')]
    const x = c.arange(0, 5, 1, 'float64');
    x.requiresGrad = true;
    expect(c.split(x, { size: 2 }).map((p) => [[...p.data], p.node?.name])).toEqual([[[0, 1], 'SplitBackward0'], [[2, 3], 'SplitBackward0'], [[4], 'SplitBackward0']]);
    // torch.arange(5.).split(7) -> one part of 5; torch.arange(6.).reshape(2, 3).split(2, 1) -> shapes (2, 2), (2, 1)
    expect(c.split(x, { size: 7 }).map((p) => p.shape)).toEqual([[5]]);
    expect(c.split(c.zeros([2, 3], 'float64'), { size: 2 }, 1).map((p) => p.shape)).toEqual([[2, 2], [2, 1]]);
    // torch.zeros(0).split(0) and torch.zeros(0).split(2) -> one part of shape (0,)
    expect(c.split(c.zeros([0], 'float64'), { size: 0 }).map((p) => p.shape)).toEqual([[0]]);
    expect(c.split(c.zeros([0], 'float64'), { size: 2 }).map((p) => p.shape)).toEqual([[0]]);
    // the gradient: sum((i + 1) * t.sum() for i, t in enumerate(x.split(2))).backward(); x.grad -> [1., 1., 2., 2., 3.]
    const loss = c.split(x, { size: 2 }).map((p, i) => c.mul(c.sum(p), i + 1)).reduce((u, v) => c.add(u, v));
    const [g] = c.backward([loss], [c.scalar(1, 'float64')], opts([x]));
    expect([...g!.data]).toEqual([1, 1, 2, 2, 3]);
  });

  it('refuses what PyTorch refuses', () => {
    // torch.arange(5.).split(-1) and torch.arange(5.).split(0) raise (split_size must be non-negative; 0 only for an empty dim)
    for (const size of [-1, 0, 1.5]) {
      const e = thrown(() => c.split(c.zeros([5], 'float64'), { size }));
      expect([e instanceof c.TwingradError, (e as c.TwingradError).kind]).toEqual([true, 'value']);
    }
  });
});

describe('gather from a zero-dimensional tensor', () => {
  it('counts as one entry along axis 0 (torch.index_select accepts a 0-d source)', () => {
    // torch.tensor(5.).index_select(0, torch.tensor(0)) -> tensor(5.) (shape ())
    const r = c.gather(c.scalar(5, 'float64'), c.scalar(0, 'int32'));
    expect([r.shape, ...r.data]).toEqual([[], 5]);
    // torch.tensor(5.).reshape(1).index_select(0, torch.tensor([0, 0])) -> tensor([5., 5.]): the indices' shape
    const r2 = c.gather(c.scalar(5, 'float64'), idx([0, 0]), -1);
    expect([r2.shape, ...r2.data]).toEqual([[2], 5, 5]);
    // torch.tensor(5.).index_select(0, torch.tensor([1])) raises IndexError: index out of range in self
    expect(thrown(() => c.gather(c.scalar(5, 'float64'), idx([1])))).toBeInstanceOf(c.TwingradError);
  });

  it('records IndexSelectBackward0 and sends the gradient back to the 0-d shape', () => {
    // a = torch.tensor(5., requires_grad=True); r = a.index_select(0, torch.tensor([0])); r.grad_fn.name() -> IndexSelectBackward0
    // (r * 3).backward(); a.grad -> tensor(3.)
    const a = c.scalar(5, 'float64');
    a.requiresGrad = true;
    const r = c.gather(a, c.scalar(0, 'int32'));
    expect(r.node?.name).toBe('IndexSelectBackward0');
    const [g] = c.backward([c.mul(r, 3)], [c.scalar(1, 'float64')], opts([a]));
    expect([g!.shape, ...g!.data]).toEqual([[], 3]);
    // a = torch.tensor(5., requires_grad=True); a.reshape(1).index_select(0, torch.tensor([0, 0])).sum().backward(); a.grad -> tensor(2.)
    const [g2] = c.backward([c.sum(c.gather(a, idx([0, 0])))], [c.scalar(1, 'float64')], opts([a]));
    expect([g2!.shape, ...g2!.data]).toEqual([[], 2]);
  });
});

describe("a slice's gradient meets its input with another shape", () => {
  it('has the shape the input had when sliced: the engine then refuses it, where the copy would not end', () => {
    const x = c.fromArray([[1, 2, 3], [4, 5, 6]], 'float64');
    x.requiresGrad = true;
    const m = c.mul(x, 1);
    const y = c.slice(m, [{ start: 0 }, { start: 1 }]);
    // as the torch facade's `x.data = ...` does: another storage and shape for the same tensor
    const t = m as unknown as { _data: Float64Array; shape: number[]; size: number };
    t._data = new Float64Array(8);
    t.shape = [2, 2, 2];
    t.size = 8;
    expect(() => c.backward([c.sum(y)], [c.scalar(1, 'float64')], { tape: null, sources: [x], accumulate: null, retainGraph: false, createGraph: false }))
      .toThrow('SliceBackward0: the gradient rule returned float64[2,3] for input 0, which is float64[2,2,2]');
  });
});
