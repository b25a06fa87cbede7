// The history of basic indexing, against PyTorch 1.13 (/usr/bin/python3; the Python and what it printed beside each
// case): python_variable_indexing.cpp applies one index at a time, so x[1, :] is a slice of a select, and in a tuple of
// indices it skips a slice that spells out its whole axis (0:n, :n) but not `:`, whose stop it reads as unbounded.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

type Spec = { start?: number; stop?: number; step?: number } | number | null;

/** The grad_fn names from the result down its first edges, as PyTorch prints them. */
function chain(t: torch.Tensor): string[] {
  const names: string[] = [];
  for (let f = t.grad_fn; f !== null;) {
    names.push(f.name());
    const next = f.next_functions;
    f = next.length === 0 ? null : next[0]![0];
  }
  return names;
}

const SEL = 'SelectBackward0', SLI = 'SliceBackward0', ACC = 'torch::autograd::AccumulateGrad';

describe('indexing records a view per index, as PyTorch does', () => {
  const x = torch.ones([3, 4], { requires_grad: true });
  const y = torch.ones([3, 4, 5], { requires_grad: true });
  // print(e, chain(eval(e))) for each expression, chain following next_functions[0]
  it.each<[string, torch.Tensor, Spec[], string[]]>([
    ['x[1, :]', x, [1, null], [SLI, SEL, ACC]],
    ['x[:, 1]', x, [null, 1], [SEL, SLI, ACC]],
    ['x[:, :]', x, [null, null], [SLI, SLI, ACC]],
    ['x[:]', x, [null], [SLI, ACC]],
    ['x[1]', x, [1], [SEL, ACC]],
    ['x[:, 1:]', x, [null, { start: 1 }], [SLI, SLI, ACC]],
    ['y[1, :, 2]', y, [1, null, 2], [SEL, SLI, SEL, ACC]],
    ['y[:, :, 2]', y, [null, null, 2], [SEL, SLI, SLI, ACC]],
    ['y[1, 1:, :]', y, [1, { start: 1 }, null], [SLI, SLI, SEL, ACC]],
    ['x[:, ::1]', x, [null, { step: 1 }], [SLI, SLI, ACC]],
    // a slice that spells out its whole axis is skipped in a tuple, and a lone one is not
    ['y[0:3, 1]', y, [{ start: 0, stop: 3 }, 1], [SEL, ACC]],
    ['x[0:3:1, 1]', x, [{ start: 0, stop: 3, step: 1 }, 1], [SEL, ACC]],
    ['x[:3, 1]', x, [{ stop: 3 }, 1], [SEL, ACC]],
    ['y[1, 0:4, 0:5]', y, [1, { start: 0, stop: 4 }, { start: 0, stop: 5 }], [SEL, ACC]],
    ['x[0:3, :]', x, [{ start: 0, stop: 3 }, null], [SLI, ACC]],
    ['x[0:3]', x, [{ start: 0, stop: 3 }], [SLI, ACC]],
    // a stop past the end, a negative start or an empty slice is not the whole axis as given
    ['x[0:10, 1]', x, [{ start: 0, stop: 10 }, 1], [SEL, SLI, ACC]],
    ['x[-3:, 1]', x, [{ start: -3 }, 1], [SEL, SLI, ACC]],
    ['x[0:0, 1]', x, [{ start: 0, stop: 0 }, 1], [SEL, SLI, ACC]],
    // nothing left to do: an alias of x
    ['x[0:3, 0:4]', x, [{ start: 0, stop: 3 }, { start: 0, stop: 4 }], ['AliasBackward0', ACC]],
    ['x[()]', x, [], ['AliasBackward0', ACC]],
  ])('%s', (_, t, specs, expected) => {
    const r = t.index(...specs);
    expect(chain(r)).toEqual(expected);
    expect(r._base).toBe(t);
  });

  it('checks the whole expression first, with the dimension as written', () => {
    // y[1, :, 7]: IndexError index 7 is out of bounds for dimension 2 with size 5 (the select at 1 does not renumber it)
    expect(() => y.index(1, null, 7)).toThrow(/^index 7 is out of bounds for dimension 2 with size 5$/);
    // y[1, 1, 1, 1]: IndexError too many indices for tensor of dimension 3
    expect(() => y.index(1, 1, 1, 1)).toThrow(/^too many indices for tensor of dimension 3$/);
  });

  it('on a 0-d tensor, refuses a slice\'s step before the slice', () => {
    // torch.tensor(1.)[::-1] -> ValueError: step must be greater than zero; [::0] -> ValueError: slice step cannot be zero;
    // [::2] -> IndexError: slice() cannot be applied to a 0-dim tensor.
    const z = torch.tensor(1);
    expect(() => z.index({ step: -1 })).toThrowError(new torch.ValueError('step must be greater than zero'));
    expect(() => z.index({ step: 0 })).toThrowError(new torch.ValueError('slice step cannot be zero'));
    expect(() => z.index({ step: 2 })).toThrowError(new torch.IndexError('slice() cannot be applied to a 0-dim tensor.'));
  });

  it('keeps the strides, the gradient and the writes through the chain', () => {
    // x = torch.arange(12., requires_grad=True); y = x.view(3, 4) * 1; v = y[1, :]; v.mul_(3)
    // v.grad_fn.name(), y.grad_fn.name(), v._base is y -> AsStridedBackward0 torch::autograd::CopySlices True
    // v.stride(), y[:, 1].stride(), y[:, 1:3][1].stride() -> (1,) (4,) (1,)
    // (y * torch.arange(1., 13.).view(3, 4)).sum().backward(); x.grad.tolist()
    //   -> [1.0, 2.0, 3.0, 4.0, 15.0, 18.0, 21.0, 24.0, 9.0, 10.0, 11.0, 12.0]
    const x = torch.arange(12, { dtype: torch.float32, requires_grad: true });
    const y = x.view(3, 4).mul(1);
    const v = y.index(1, null);
    v.mul_(3);
    expect([v.grad_fn!.name(), y.grad_fn!.name(), v._base === y]).toEqual(['AsStridedBackward0', 'torch::autograd::CopySlices', true]);
    expect([v._strides, y.index(null, 1)._strides, y.index(null, { start: 1, stop: 3 }).index(1)._strides]).toEqual([[1], [4], [1]]);
    y.mul(torch.arange(1, 13).view(3, 4)).sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 2, 3, 4, 15, 18, 21, 24, 9, 10, 11, 12]);
  });

  it('writes an alias in place as a view of the whole tensor', () => {
    // a = torch.ones(3, 4, requires_grad=True); b = a * 2; u = b[0:3, 0:4]; u.add_(1)
    // b.grad_fn.name(), u.grad_fn.name() -> torch::autograd::CopySlices AsStridedBackward0
    // b.sum().backward(); a.grad -> all 2.0; and b holds 3.0 everywhere
    const a = torch.ones([3, 4], { requires_grad: true });
    const b = a.mul(2);
    const u = b.index({ start: 0, stop: 3 }, { start: 0, stop: 4 });
    u.add_(1);
    expect([b.grad_fn!.name(), u.grad_fn!.name()]).toEqual(['torch::autograd::CopySlices', 'AsStridedBackward0']);
    expect(b.tolist()).toEqual([[3, 3, 3, 3], [3, 3, 3, 3], [3, 3, 3, 3]]);
    b.sum().backward();
    expect(a.grad!.tolist()).toEqual([[2, 2, 2, 2], [2, 2, 2, 2], [2, 2, 2, 2]]);
  });
});

describe('view, reshape, expand and permute without a size', () => {
  it('raise PyTorch\'s TypeErrors', () => {
    // x = torch.tensor(1.5): x.expand() -> TypeError: expand() missing 1 required positional arguments: "size";
    // x.reshape(), torch.reshape(x) -> ... "shape"; x.permute() -> ... "dims";
    // x.view() -> TypeError: view() received an invalid combination of arguments - got (), but expected one of:
    //  * (torch.dtype dtype)
    //  * (tuple of SymInts size)
    const x = torch.tensor(1.5);
    expect(() => x.expand()).toThrowError(new torch.TorchTypeError('expand() missing 1 required positional arguments: "size"'));
    expect(() => x.reshape()).toThrowError(new torch.TorchTypeError('reshape() missing 1 required positional arguments: "shape"'));
    expect(() => torch.reshape(x)).toThrowError(new torch.TorchTypeError('reshape() missing 1 required positional arguments: "shape"'));
    expect(() => x.permute()).toThrowError(new torch.TorchTypeError('permute() missing 1 required positional arguments: "dims"'));
    expect(() => x.view()).toThrowError(new torch.TorchTypeError('view() received an invalid combination of arguments - got (), but expected one of:\n * (torch.dtype dtype)\n * (tuple of SymInts size)\n'));
    // x.view([]), x.reshape([]), x.expand([]), x.permute([]) -> tensor(1.5000)
    expect([x.view([]), x.reshape([]), x.expand([]), x.permute([])].map((t) => t.item())).toEqual([1.5, 1.5, 1.5, 1.5]);
  });
});

describe('the gradients of select, squeeze and unsqueeze, recorded (create_graph)', () => {
  it('are PyTorch\'s select_backward, unsqueeze and squeeze', () => {
    // x = torch.arange(6., requires_grad=True).view(2, 3) * 1
    // def g(f): y = f(x); w = torch.ones(y.shape, requires_grad=True)
    //   gr, = torch.autograd.grad((y * w).sum(), [x], create_graph=True); gr.grad_fn.name(), [n.name() for n, _ in gr.grad_fn.next_functions]
    // x[0], x.select(1, 2) -> SelectBackwardBackward0 [MulBackward0]; x[1, :2] -> SelectBackwardBackward0 [SliceBackwardBackward0]
    // x[0:1].squeeze(0) -> SliceBackwardBackward0 [UnsqueezeBackward0]; x.unsqueeze(0) -> SqueezeBackward1 [MulBackward0]
    const x = torch.arange(6, { dtype: torch.float32, requires_grad: true }).view(2, 3).mul(1);
    const g = (f: (t: torch.Tensor) => torch.Tensor): Array<string | null> => {
      const y = f(x);
      const w = torch.ones(y.shape, { requires_grad: true });
      const gr = torch.autograd.grad([y.mul(w).sum()], [x], { create_graph: true })[0]!;
      return [gr.grad_fn!.name(), ...gr.grad_fn!.next_functions.map(([n]) => (n === null ? null : n.name()))];
    };
    expect(g((t) => t.index(0))).toEqual(['SelectBackwardBackward0', 'MulBackward0']);
    expect(g((t) => t.select(1, 2))).toEqual(['SelectBackwardBackward0', 'MulBackward0']);
    expect(g((t) => t.index(1, { stop: 2 }))).toEqual(['SelectBackwardBackward0', 'SliceBackwardBackward0']);
    expect(g((t) => t.index({ start: 0, stop: 1 }).squeeze(0))).toEqual(['SliceBackwardBackward0', 'UnsqueezeBackward0']);
    expect(g((t) => t.unsqueeze(0))).toEqual(['SqueezeBackward1', 'MulBackward0']);
  });
});
