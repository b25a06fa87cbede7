// Expected strings were printed by real PyTorch 1.13 (/usr/bin/python3, str(...)) and pasted verbatim.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const t = () => torch.tensor([1, 2], { requires_grad: true });
const m = () => torch.tensor([[1, 5], [7, 3]], { requires_grad: true });

describe('ops print PyTorch\'s values and grad_fn names', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['sum', () => t().sum(), 'tensor(3., grad_fn=<SumBackward0>)'],
    ['mean', () => t().mean(), 'tensor(1.5000, grad_fn=<MeanBackward0>)'],
    ['view', () => t().view(2, 1), 'tensor([[1.],\n        [2.]], grad_fn=<ViewBackward0>)'],
    ['unsqueeze', () => t().unsqueeze(0), 'tensor([[1., 2.]], grad_fn=<UnsqueezeBackward0>)'],
    ['exp', () => t().exp(), 'tensor([2.7183, 7.3891], grad_fn=<ExpBackward0>)'],
    ['pow with a number', () => t().pow(2), 'tensor([1., 4.], grad_fn=<PowBackward0>)'],
    ['pow with a tensor', () => { const x = t(); return x.pow(x); }, 'tensor([1., 4.], grad_fn=<PowBackward1>)'],
    ['pow of a number to a tensor', () => torch.pow(2, t()), 'tensor([2., 4.], grad_fn=<PowBackward2>)'],
    ['sub', () => t().sub(1), 'tensor([0., 1.], grad_fn=<SubBackward0>)'],
    ['div', () => t().div(2), 'tensor([0.5000, 1.0000], grad_fn=<DivBackward0>)'],
    ['neg', () => t().neg(), 'tensor([-1., -2.], grad_fn=<NegBackward0>)'],
    ['max over all', () => t().max(), 'tensor(2., grad_fn=<MaxBackward1>)'],
    ['max over a dim', () => m().max(1), 'torch.return_types.max(\nvalues=tensor([5., 7.], grad_fn=<MaxBackward0>),\nindices=tensor([1, 0]))'],
    ['min over a dim', () => m().min(0), 'torch.return_types.min(\nvalues=tensor([1., 3.], grad_fn=<MinBackward0>),\nindices=tensor([0, 1]))'],
    ['min over all', () => m().min(), 'tensor(1., grad_fn=<MinBackward1>)'],
    ['transpose', () => m().transpose(0, 1), 'tensor([[1., 7.],\n        [5., 3.]], grad_fn=<TransposeBackward0>)'],
    ['permute', () => m().permute(1, 0), 'tensor([[1., 7.],\n        [5., 3.]], grad_fn=<PermuteBackward0>)'],
    ['matmul', () => { const a = m(); return a.matmul(a); }, 'tensor([[36., 20.],\n        [28., 44.]], grad_fn=<MmBackward0>)'],
    ['mm', () => { const a = m(); return a.mm(a); }, 'tensor([[36., 20.],\n        [28., 44.]], grad_fn=<MmBackward0>)'],
    ['softmax', () => m().softmax(1), 'tensor([[0.0180, 0.9820],\n        [0.9820, 0.0180]], grad_fn=<SoftmaxBackward0>)'],
    ['log_softmax', () => m().log_softmax(1), 'tensor([[-4.0181, -0.0181],\n        [-0.0181, -4.0181]], grad_fn=<LogSoftmaxBackward0>)'],
    ['clamp', () => m().clamp(2, 6), 'tensor([[2., 5.],\n        [6., 3.]], grad_fn=<ClampBackward1>)'],
    ['relu', () => m().relu(), 'tensor([[1., 5.],\n        [7., 3.]], grad_fn=<ReluBackward0>)'],
    ['sigmoid', () => m().sigmoid(), 'tensor([[0.7311, 0.9933],\n        [0.9991, 0.9526]], grad_fn=<SigmoidBackward0>)'],
    ['tanh', () => m().tanh(), 'tensor([[0.7616, 0.9999],\n        [1.0000, 0.9951]], grad_fn=<TanhBackward0>)'],
    ['expand', () => m().expand(2, 2, 2), 'tensor([[[1., 5.],\n         [7., 3.]],\n\n        [[1., 5.],\n         [7., 3.]]], grad_fn=<ExpandBackward0>)'],
    ['cat', () => { const a = m(); return torch.cat([a, a]); }, 'tensor([[1., 5.],\n        [7., 3.],\n        [1., 5.],\n        [7., 3.]], grad_fn=<CatBackward0>)'],
    ['stack', () => { const a = m(); return torch.stack([a, a]); }, 'tensor([[[1., 5.],\n         [7., 3.]],\n\n        [[1., 5.],\n         [7., 3.]]], grad_fn=<StackBackward0>)'],
    ['var', () => m().var(), 'tensor(6.6667, grad_fn=<VarBackward0>)'],
    ['std over a dim', () => m().std(1), 'tensor([2.8284, 2.8284], grad_fn=<StdBackward0>)'],
    ['norm', () => m().norm(), 'tensor(9.1652, grad_fn=<NormBackward1>)'],
    ['logsumexp', () => m().logsumexp(1), 'tensor([5.0181, 7.0181], grad_fn=<LogsumexpBackward0>)'],
    ['prod', () => m().prod(), 'tensor(105., grad_fn=<ProdBackward0>)'],
    ['abs', () => m().abs(), 'tensor([[1., 5.],\n        [7., 3.]], grad_fn=<AbsBackward0>)'],
    ['argmax', () => m().argmax(), 'tensor(2)'],
    ['squeeze', () => m().squeeze(), 'tensor([[1., 5.],\n        [7., 3.]], grad_fn=<SqueezeBackward0>)'],
    ['sqrt', () => m().sqrt(), 'tensor([[1.0000, 2.2361],\n        [2.6458, 1.7321]], grad_fn=<SqrtBackward0>)'],
    ['log', () => m().log(), 'tensor([[0.0000, 1.6094],\n        [1.9459, 1.0986]], grad_fn=<LogBackward0>)'],
    ['sin', () => m().sin(), 'tensor([[ 0.8415, -0.9589],\n        [ 0.6570,  0.1411]], grad_fn=<SinBackward0>)'],
    ['cos', () => m().cos(), 'tensor([[ 0.5403,  0.2837],\n        [ 0.7539, -0.9900]], grad_fn=<CosBackward0>)'],
    ['square', () => m().square(), 'tensor([[ 1., 25.],\n        [49.,  9.]], grad_fn=<PowBackward0>)'],
    ['rsqrt', () => m().rsqrt(), 'tensor([[1.0000, 0.4472],\n        [0.3780, 0.5774]], grad_fn=<RsqrtBackward0>)'],
    ['reciprocal', () => m().reciprocal(), 'tensor([[1.0000, 0.2000],\n        [0.1429, 0.3333]], grad_fn=<ReciprocalBackward0>)'],
    ['where', () => { const a = m(); return torch.where(a.gt(2), a, 0); }, 'tensor([[0., 5.],\n        [7., 3.]], grad_fn=<WhereBackward0>)'],
    ['index_select', () => m().index_select(0, torch.tensor([1], { dtype: torch.int64 })), 'tensor([[7., 3.]], grad_fn=<IndexSelectBackward0>)'],
    ['narrow', () => m().narrow(1, 0, 1), 'tensor([[1.],\n        [7.]], grad_fn=<SliceBackward0>)'],
    ['select', () => m().select(0, 0), 'tensor([1., 5.], grad_fn=<SelectBackward0>)'],
    ['sum with keepdim', () => m().sum(0, true), 'tensor([[8., 8.]], grad_fn=<SumBackward1>)'],
    ['mean over a dim', () => m().mean({ dim: 1 }), 'tensor([3., 5.], grad_fn=<MeanBackward1>)'],
    ['clone', () => m().clone(), 'tensor([[1., 5.],\n        [7., 3.]], grad_fn=<CloneBackward0>)'],
    ['detach', () => m().detach(), 'tensor([[1., 5.],\n        [7., 3.]])'],
    ['double', () => m().double(), 'tensor([[1., 5.],\n        [7., 3.]], dtype=torch.float64, grad_fn=<ToCopyBackward0>)'],
    ['var without Bessel correction', () => torch.tensor([1, 2, 3, 4, 5, 6]).var(false), 'tensor(2.9167)'],
    ['std with correction 0 over a dim', () => torch.tensor([[1, 2], [3, 5]]).std(0, { correction: 0 }), 'tensor([1.0000, 1.5000])'],
    ['the 2-norm', () => torch.tensor([3, 4]).norm(), 'tensor(5.)'],
    ['the 1-norm', () => torch.tensor([3, 4]).norm(1), 'tensor(7.)'],
  ];
  for (const [name, make, expected] of cases) {
    it(`${name} prints as in PyTorch`, () => expect(String(make())).toBe(expected));
  }

  it('t() transposes a matrix and records TBackward0, a vector as it is; .T records PermuteBackward0', () => {
    // PyTorch 1.13: (torch.ones(2, 3, requires_grad=True) * 1).t().grad_fn.name() -> 'TBackward0', also for a
    // vector; .T of a matrix -> 'PermuteBackward0'
    const a = m().t();
    expect(a.tolist()).toEqual([[1, 7], [5, 3]]);
    expect(a.grad_fn!.name()).toBe('TBackward0');
    expect(torch.ones([3], { requires_grad: true }).mul(1).t().grad_fn!.name()).toBe('TBackward0');
    expect(m().T.grad_fn!.name()).toBe('PermuteBackward0');
  });

  it('split and chunk return PyTorch\'s pieces', () => {
    const a = m();
    expect(a.split(1).map(String)).toEqual(['tensor([[1., 5.]], grad_fn=<SplitBackward0>)', 'tensor([[7., 3.]], grad_fn=<SplitBackward0>)']);
    expect(a.chunk(2, 1).map(String)).toEqual(['tensor([[1.],\n        [7.]], grad_fn=<SplitBackward0>)', 'tensor([[5.],\n        [3.]], grad_fn=<SplitBackward0>)']);
    expect(torch.arange(5).split(2).map((p) => p.tolist())).toEqual([[0, 1], [2, 3], [4]]);
  });
});

describe('op semantics', () => {
  it('max(dim) is a namedtuple: values, indices, [0], [1] and destructuring', () => {
    const r = m().max(1);
    const [v, i] = r;
    expect(r[0]).toBe(r.values);
    expect(r[1]).toBe(r.indices);
    expect([v!.tolist(), i!.tolist()]).toEqual([[5, 7], [1, 0]]);
  });

  it('max(other) is the elementwise maximum', () => {
    expect(torch.max(torch.tensor([1, 4]), torch.tensor([3, 2])).tolist()).toEqual([3, 4]);
  });

  it('max over all splits the gradient evenly at ties, PyTorch\'s rule (0, 0.5, 0.5)', () => {
    const x = torch.tensor([1, 3, 3], { requires_grad: true });
    x.max().backward();
    expect(String(x.grad)).toBe('tensor([0.0000, 0.5000, 0.5000])'); // PyTorch 1.13
  });

  it('max over a dim gives the whole gradient to the index it returns (PyTorch 1.13)', () => {
    const x = torch.tensor([[1, 3, 3]], { requires_grad: true });
    x.max(1).values.sum().backward();
    expect(String(x.grad)).toBe('tensor([[0., 1., 0.]])');
  });

  it('maximum splits the gradient at ties as PyTorch does (0.5 each)', () => {
    const x = torch.tensor([2, 1], { requires_grad: true });
    const y = torch.tensor([2, 3], { requires_grad: true });
    torch.maximum(x, y).sum().backward();
    expect([String(x.grad), String(y.grad)]).toEqual(['tensor([0.5000, 0.0000])', 'tensor([0.5000, 1.0000])']); // PyTorch 1.13
  });

  it('numbers are accepted on either side: 1 - x and x - 1', () => {
    const x = t();
    expect(torch.sub(1, x).tolist()).toEqual([0, -1]);
    expect(torch.add(x, 1, { alpha: 2 }).tolist()).toEqual([3, 4]);
    expect(torch.mul(2, x).tolist()).toEqual([2, 4]);
    expect(torch.div(1, x).tolist()).toEqual([1, 0.5]);
  });

  it('add with alpha differentiates to alpha for the other operand', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    const y = torch.tensor([3, 4], { requires_grad: true });
    x.add(y, { alpha: 3 }).sum().backward();
    expect([x.grad!.tolist(), y.grad!.tolist()]).toEqual([[1, 1], [3, 3]]);
  });

  it('flatten, reshape with -1 and expand with -1 give PyTorch\'s shapes', () => {
    const x = torch.zeros(2, 3, 4);
    expect(x.flatten().shape).toEqual([24]);
    expect(x.flatten(1).shape).toEqual([2, 12]);
    expect(x.reshape(-1, 4).shape).toEqual([6, 4]);
    expect(torch.zeros(3, 1).expand(2, -1, 4).shape).toEqual([2, 3, 4]);
    expect(x.size()).toEqual([2, 3, 4]);
    expect(x.size(-1)).toBe(4);
    expect([x.dim(), x.numel()]).toEqual([3, 24]);
  });

  it('t() on a 3-d tensor, mm and bmm on the wrong ranks throw PyTorch\'s errors', () => {
    expect(() => torch.ones(2, 3, 4).t()).toThrow('t() expects a tensor with <= 2 dimensions, but self is 3D');
    expect(() => torch.ones(3).mm(torch.ones(3, 3))).toThrow('self must be a matrix');
    expect(() => torch.ones(3, 3).bmm(torch.ones(3, 3, 3))).toThrow('batch1 must be a 3D tensor');
  });

  it('clamp without bounds throws PyTorch\'s error', () => {
    expect(() => torch.clamp(torch.ones(2))).toThrow("torch.clamp: At least one of 'min' or 'max' must not be None");
  });

  it('clamp takes an options object: clamp({ min: 0 }) is relu on values', () => {
    expect(torch.tensor([-1, 2]).clamp({ min: 0 }).tolist()).toEqual([0, 2]);
  });

  it('softmax without dim throws, as PyTorch requires dim', () => {
    expect(() => torch.ones(2).softmax()).toThrow('softmax() missing 1 required positional arguments: "dim"');
  });
});

describe('nonzero and the one-argument where', () => {
  it("give the nonzero elements' indices as PyTorch 1.13 does", () => {
    // x = torch.tensor([[0, 1.5], [2, 0]]); torch.nonzero(x) -> tensor([[0, 1], [1, 0]]);
    // torch.where(x > 0) -> (tensor([0, 1]), tensor([1, 0])); torch.nonzero(tensor([nan, 0])) -> tensor([[0]])
    const x = torch.tensor([[0, 1.5], [2, 0]]);
    expect(String(torch.nonzero(x))).toBe('tensor([[0, 1],\n        [1, 0]])');
    expect(torch.where(x.gt(0)).map((t) => t.tolist())).toEqual([[0, 1], [1, 0]]);
    expect(x.nonzero({ as_tuple: true }).map((t) => t.tolist())).toEqual([[0, 1], [1, 0]]);
    expect(torch.nonzero(torch.tensor([NaN, 0])).tolist()).toEqual([[0]]);
    // torch.nonzero(torch.tensor(3.)) -> tensor([], size=(1, 0), dtype=torch.int64)
    expect(torch.nonzero(torch.tensor(3)).shape).toEqual([1, 0]);
  });
});

describe('cumsum', () => {
  it('matches PyTorch 1.13: values, CumsumBackward0 and its gradient, integer inputs', () => {
    // x = tensor([[1., 2, 3], [4, 5, 6]], dtype=float64, requires_grad=True); y = torch.cumsum(x, 1)
    // -> [[1, 3, 6], [4, 9, 15]], CumsumBackward0; grad((y * [[1, 2, 3], [0, 1, -1]]).sum(), x) -> [[6, 5, 3], [0, 0, -1]]
    const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: torch.float64, requires_grad: true });
    const y = torch.cumsum(x, 1);
    expect(y.tolist()).toEqual([[1, 3, 6], [4, 9, 15]]);
    expect(y.grad_fn!.name()).toBe('CumsumBackward0');
    const [g] = torch.autograd.grad(y.mul(torch.tensor([[1, 2, 3], [0, 1, -1]], { dtype: torch.float64 })).sum(), [x]);
    expect(g!.tolist()).toEqual([[6, 5, 3], [0, 0, -1]]);
    // torch.cumsum(torch.tensor([1, 2, 3]), 0) -> tensor([1, 3, 6])
    expect(String(torch.tensor([1, 2, 3], { dtype: torch.int64 }).cumsum({ dim: 0 }))).toBe('tensor([1, 3, 6])');
  });
});
