// Expected strings were printed by real PyTorch 1.13 (/usr/bin/python3) and pasted verbatim.
import { describe, expect, it, vi } from 'vitest';
import * as torch from '@twingrad/torch';

const F = torch.nn.functional;
const x = () => torch.tensor([[1, 2, 3], [1, -1, 0]], { requires_grad: true });
const target = () => torch.tensor([2, 0], { dtype: torch.int64 });

describe('torch.nn.functional', () => {
  const cases: Array<[string, () => torch.Tensor, string]> = [
    ['cross_entropy with class indices', () => F.cross_entropy(x(), target()), 'tensor(0.4076, grad_fn=<NllLossBackward0>)'],
    ['cross_entropy with probabilities', () => F.cross_entropy(x(), torch.tensor([[1, 0, 0], [0, 1, 0]]).softmax(1)), 'tensor(1.7718, grad_fn=<DivBackward1>)'],
    ['cross_entropy with reduction none', () => F.cross_entropy(x(), target(), { reduction: 'none' }), 'tensor([0.4076, 0.4076], grad_fn=<NllLossBackward0>)'],
    ['cross_entropy with reduction sum', () => F.cross_entropy(x(), target(), { reduction: 'sum' }), 'tensor(0.8152, grad_fn=<NllLossBackward0>)'],
    ['mse_loss', () => F.mse_loss(x(), torch.zeros(2, 3)), 'tensor(2.6667, grad_fn=<MseLossBackward0>)'],
    ['nll_loss', () => F.nll_loss(x(), target()), 'tensor(-2., grad_fn=<NllLossBackward0>)'],
    ['leaky_relu', () => F.leaky_relu(x()), 'tensor([[ 1.0000,  2.0000,  3.0000],\n        [ 1.0000, -0.0100,  0.0000]], grad_fn=<LeakyReluBackward0>)'],
    ['elu', () => F.elu(x()), 'tensor([[ 1.0000,  2.0000,  3.0000],\n        [ 1.0000, -0.6321,  0.0000]], grad_fn=<EluBackward0>)'],
    ['gelu', () => F.gelu(x()), 'tensor([[ 0.8413,  1.9545,  2.9960],\n        [ 0.8413, -0.1587,  0.0000]], grad_fn=<GeluBackward0>)'],
    ['gelu with the tanh approximation', () => F.gelu(x(), { approximate: 'tanh' }), 'tensor([[ 0.8412,  1.9546,  2.9964],\n        [ 0.8412, -0.1588,  0.0000]], grad_fn=<GeluBackward0>)'],
    ['softplus', () => F.softplus(x()), 'tensor([[1.3133, 2.1269, 3.0486],\n        [1.3133, 0.3133, 0.6931]], grad_fn=<SoftplusBackward0>)'],
    ['relu', () => F.relu(x()), 'tensor([[1., 2., 3.],\n        [1., 0., 0.]], grad_fn=<ReluBackward0>)'],
    ['softmax', () => F.softmax(x(), 1), 'tensor([[0.0900, 0.2447, 0.6652],\n        [0.6652, 0.0900, 0.2447]], grad_fn=<SoftmaxBackward0>)'],
    ['log_softmax', () => F.log_softmax(x(), 1), 'tensor([[-2.4076, -1.4076, -0.4076],\n        [-0.4076, -2.4076, -1.4076]], grad_fn=<LogSoftmaxBackward0>)'],
  ];
  // NOTE: the core builds the losses as composites of public ops (they need no rule of their own), so their grad_fn is
  // the last op of the composite (MeanBackward0, ...) where PyTorch shows one fused node (NllLossBackward0, ...):
  // for those, the values and the presence of a grad_fn are compared, not the name.
  const fused = /, grad_fn=<(NllLossBackward0|MseLossBackward0|DivBackward1)>\)$/;
  for (const [name, make, expected] of cases) {
    it(`${name} prints PyTorch's value`, () => {
      const got = make();
      if (fused.test(expected)) {
        expect(got.grad_fn).not.toBeNull();
        expect(String(got).replace(/, grad_fn=<\w+>\)$/, ')')).toBe(expected.replace(fused, ')'));
      } else expect(String(got)).toBe(expected);
    });
  }

  it('cross_entropy\'s gradient is (softmax(x) - onehot(target)) / N', () => {
    const a = x();
    F.cross_entropy(a, target()).backward();
    const p = torch.no_grad(() => F.softmax(a, 1)).tolist() as number[][];
    const expected = [[p[0]![0]! / 2, p[0]![1]! / 2, (p[0]![2]! - 1) / 2], [(p[1]![0]! - 1) / 2, p[1]![1]! / 2, p[1]![2]! / 2]];
    (a.grad!.tolist() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));
  });

  it('nll_loss\'s gradient is -onehot(target) / N', () => {
    const a = x();
    F.nll_loss(a, target()).backward();
    expect((a.grad!.tolist() as number[][]).map((r) => r.map((v) => v + 0))).toEqual([[0, 0, -0.5], [-0.5, 0, 0]]);
  });

  it('cross_entropy takes the class axis at dim 1 for (N, C, d) inputs, as nll_loss of log_softmax(dim 1)', () => {
    const logits = torch.tensor([[[1, 2], [0, 1], [3, -1]]]);
    const tgt = torch.tensor([[2, 0]], { dtype: torch.int64 });
    const a = F.cross_entropy(logits, tgt, { reduction: 'none' }).tolist() as number[][];
    const b = F.nll_loss(F.log_softmax(logits, 1), tgt, { reduction: 'none' }).tolist() as number[][];
    a[0]!.forEach((v, i) => expect(v).toBeCloseTo(b[0]![i]!, 5));
  });

  it('pad lists (before, after) pairs from the last dimension backwards', () => {
    expect(F.pad(torch.ones(1, 2), [1, 0, 0, 1]).tolist()).toEqual([[0, 1, 1], [0, 0, 0]]);
  });
});

// Values printed by PyTorch 1.13 (float64) for the Python in each comment.
describe('cross_entropy and nll_loss with ignored labels and infinite logits', () => {
  const x = () => torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3], [1.0, -0.5, 0.25]], { dtype: torch.float64, requires_grad: true });
  const labels = (v: number[]) => torch.tensor(v, { dtype: torch.int64 });
  const close = (a: number[][], b: number[][]) => a.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, 14)));

  it('ignore_index skips a label: the mean is over the others, the ignored row gets no gradient', () => {
    // F.cross_entropy(x, tensor([1, 2, 0]), ignore_index=2) -> 1.1346435202562335
    const a = x();
    const l = F.cross_entropy(a, labels([1, 2, 0]), { ignore_index: 2 });
    l.backward();
    expect(l.item()).toBeCloseTo(1.1346435202562335, 14);
    close(a.grad!.tolist() as number[][], [[0.39279851729463794, -0.41235480392998164, 0.019556286635343725], [0, 0, 0],
      [-0.20510116817159368, 0.06580082357345717, 0.1393003445981365]]);
  });

  it('the default ignore_index is -100; reduction none gives 0 there; all ignored is nan', () => {
    // F.cross_entropy(x, tensor([1, 2, -100])) -> 1.3716270724432005; reduction='none' -> [1.7413..., 1.0019..., 0.0]
    const a = x();
    const l = F.cross_entropy(a, labels([1, 2, -100]));
    l.backward();
    expect(l.item()).toBeCloseTo(1.3716270724432005, 14);
    expect((a.grad!.tolist() as number[][])[2]).toEqual([0, 0, 0]);
    const none = F.cross_entropy(x(), labels([1, 2, -100]), { reduction: 'none' }).tolist() as number[];
    [1.7413112966571571, 1.001942848229244, 0].forEach((v, i) => expect(none[i]).toBeCloseTo(v, 14));
    expect(F.cross_entropy(x(), labels([-100, -100, -100])).item()).toBeNaN();
    // F.nll_loss(x, tensor([1, 2, -100]), reduction='sum') -> -0.8, grad [[0, -1, 0], [0, 0, -1], [0, 0, 0]]
    const b = x();
    const n = F.nll_loss(b, labels([1, 2, -100]), { reduction: 'sum' });
    n.backward();
    expect(n.item()).toBeCloseTo(-0.8, 14);
    expect(b.grad!.tolist()).toEqual([[0, -1, 0], [0, 0, -1], [0, 0, 0]]);
  });

  it('a -inf logit of another class gives a finite loss (the label is picked, not multiplied by a one-hot mask)', () => {
    // y = tensor([[0., -inf, 1.]], dtype=float64); F.cross_entropy(y, tensor([0])) -> 1.3132616875182228,
    // grad [[-0.7310585786300049, 0.0, 0.7310585786300049]]
    const y = torch.tensor([[0, -Infinity, 1]], { dtype: torch.float64, requires_grad: true });
    const l = F.cross_entropy(y, labels([0]));
    l.backward();
    expect(l.item()).toBeCloseTo(1.3132616875182228, 14);
    close(y.grad!.tolist() as number[][], [[-0.7310585786300049, 0, 0.7310585786300049]]);
  });
});

// PyTorch 1.13, float64: x = tensor([[2., .5, -1.], [.1, .2, .3], [1., -.5, .25]]), w = tensor([.5, 2., 1.5]),
// t = tensor([1, 2, -100]); F.cross_entropy(x, t, **kw) and the gradient of its sum.
describe('cross_entropy and nll_loss with class weights and label smoothing', () => {
  const x = () => torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3], [1.0, -0.5, 0.25]], { dtype: torch.float64, requires_grad: true });
  const w = () => torch.tensor([0.5, 2.0, 1.5], { dtype: torch.float64 });
  const t = () => torch.tensor([1, 2, -100], { dtype: torch.int64 });
  const near = (a: unknown, b: unknown): void => {
    if (Array.isArray(b)) (b as unknown[]).forEach((v, i) => near((a as unknown[])[i], v));
    else expect(a as number).toBeCloseTo(b as number, 13);
  };
  const cases: Array<[string, () => object, number | number[], number[][]]> = [
    ['weight', () => ({ weight: w() }), 1.4244391044737659,
      [[0.4489125911938719, -0.47126263306283617, 0.022350041868964256], [0.12883268800959743, 0.14238214008572028, -0.2712148280953176], [0, 0, 0]]],
    ['weight and label_smoothing 0.2', () => ({ weight: w(), label_smoothing: 0.2 }), 1.3828468374751195,
      [[0.40946127559047096, -0.40174988609674234, -0.007711389493728594], [0.11644592986335241, 0.10112285443302174, -0.21756878429637408], [0, 0, 0]]],
    ['label_smoothing 0.2', () => ({ label_smoothing: 0.2 }), 1.3816270724432007,
      [[0.3594651839613046, -0.345688137263315, -0.013777046697989608], [0.11697146934453034, 0.13277916343334034, -0.2497506327778706], [0, 0, 0]]],
    ['weight, sum, label_smoothing 0.1', () => ({ weight: w(), reduction: 'sum', label_smoothing: 0.1 }), 4.91275039841055,
      [[1.5021542668726, -1.5277719085292625, 0.0256176416566624], [0.42923758127766226, 0.42613374040779856, -0.8553713216854606], [0, 0, 0]]],
    ['weight, none', () => ({ weight: w(), reduction: 'none' }), [3.4826225933143142, 1.5029142723438662, 0],
      [[1.5711940691785518, -1.6494192157199266, 0.0782251465413749], [0.450914408033591, 0.498337490300021, -0.9492518983336118], [0, 0, 0]]],
  ];
  for (const [name, opts, value, grad] of cases) {
    it(`class labels, ${name}`, () => {
      const a = x();
      const l = F.cross_entropy(a, t(), opts());
      l.sum().backward();
      near(l.tolist(), value);
      near(a.grad!.tolist(), grad);
    });
  }
  it('probability targets with weight and label_smoothing 0.3; nll_loss with weight', () => {
    // p = softmax(tensor([[1., 2, 3], [0, 0, 1], [2, 1, 0]]), 1); F.cross_entropy(x, p, weight=w, label_smoothing=0.3)
    const a = x();
    const p = torch.softmax(torch.tensor([[1, 2, 3], [0, 0, 1], [2, 1, 0]], { dtype: torch.float64 }), 1);
    const l = F.cross_entropy(a, p, { weight: w(), label_smoothing: 0.3 });
    l.backward();
    near(l.item(), 2.243352927653303);
    near(a.grad!.tolist(), [[0.35846195334345865, -0.09482711487531459, -0.263634838468144],
      [0.09646843293400406, -0.013212079651213427, -0.08325635328279056], [0.11608036096742283, -0.1339359668404279, 0.017855605873005127]]);
    // F.nll_loss(F.log_softmax(x, 1), t, weight=w) -> 1.4244391044737659 (as cross_entropy with weight)
    near(F.nll_loss(F.log_softmax(x(), 1), t(), { weight: w() }).item(), 1.4244391044737659);
    expect(() => F.cross_entropy(x(), t(), { label_smoothing: 1.5 })).toThrowError(
      new torch.RuntimeError('label_smoothing must be between 0.0 and 1.0. Got: 1.5'));
  });
});

describe('F.pad with negative padding crops', () => {
  it("crops then pads, recording ConstantPadNdBackward0, with narrow's error when too much is cut", () => {
    // PyTorch 1.13: x = torch.arange(6.).reshape(2, 3); F.pad(x, [-1, 1]) -> [[1, 2, 0], [4, 5, 0]];
    // F.pad(x, [1, -2, -1, 0], value=7.) -> [[7, 3]]; F.pad(x, [-2, -2]) -> RuntimeError below
    const x = torch.arange(6).reshape(2, 3).to(torch.float32).requires_grad_();
    const y = F.pad(x, [-1, 1]);
    expect(y.tolist()).toEqual([[1, 2, 0], [4, 5, 0]]);
    expect(y.grad_fn!.name()).toBe('ConstantPadNdBackward0');
    expect(F.pad(x, [1, -2, -1, 0], { value: 7 }).tolist()).toEqual([[7, 3]]);
    expect(() => F.pad(x, [-2, -2])).toThrowError(new torch.RuntimeError('start (0) + length (-1) exceeds dimension size (1).'));
    // the gradient reaches only the entries kept: d sum(pad(x, [-1, 1])) / dx = [[0, 1, 1], [0, 1, 1]]
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([[0, 1, 1], [0, 1, 1]]);
  });
});

describe('F.pad reflect, replicate and circular', () => {
  it('match PyTorch 1.13, gradients included, with its errors', () => {
    // x = torch.arange(6.).reshape(1, 2, 3); F.pad(x, [2, 1], mode=m)
    const x = torch.arange(6).reshape(1, 2, 3).to(torch.float32).requires_grad_();
    expect(F.pad(x, [2, 1], { mode: 'reflect' }).tolist()).toEqual([[[2, 1, 0, 1, 2, 1], [5, 4, 3, 4, 5, 4]]]);
    expect(F.pad(x, [2, 1], { mode: 'replicate' }).tolist()).toEqual([[[0, 0, 0, 1, 2, 2], [3, 3, 3, 4, 5, 5]]]);
    expect(F.pad(x, [2, 1], { mode: 'circular' }).tolist()).toEqual([[[1, 2, 0, 1, 2, 0], [4, 5, 3, 4, 5, 3]]]);
    // F.pad(x, [2, 1], mode='reflect').backward(ones) -> x.grad [[[1, 3, 2], [1, 3, 2]]]
    F.pad(x, [2, 1], { mode: 'reflect' }).sum().backward();
    expect(x.grad!.tolist()).toEqual([[[1, 3, 2], [1, 3, 2]]]);
    // F.pad(torch.arange(6.).reshape(2, 3), [1, 2], mode='replicate') -> [[0, 0, 1, 2, 2, 2], [3, 3, 4, 5, 5, 5]]
    expect(F.pad(torch.arange(6).reshape(2, 3).to(torch.float32), [1, 2], { mode: 'replicate' }).tolist()).toEqual([[0, 0, 1, 2, 2, 2], [3, 3, 4, 5, 5, 5]]);
    expect(() => F.pad(x, [3, 3], { mode: 'reflect' })).toThrowError(new torch.RuntimeError(
      'Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 2 of input [1, 2, 3]'));
    expect(() => F.pad(x, [4, 4], { mode: 'circular' })).toThrowError('Padding value causes wrapping around more than once.');
    expect(() => F.pad(torch.arange(3).to(torch.float32), [1, 1], { mode: 'reflect' })).toThrowError(
      new torch.NotImplementedError('Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now'));
    expect(() => F.pad(x, [1, 1], { mode: 'foo' as never })).toThrowError('Unrecognised padding mode foo');
  });
});

describe('mse_loss with operands of different sizes', () => {
  it("warns as PyTorch 1.13 does, then broadcasts", () => {
    // F.mse_loss(torch.ones(2, 3), torch.zeros(3)) -> UserWarning: Using a target size (torch.Size([3])) that is different
    // to the input size (torch.Size([2, 3])). ...; tensor(1.)
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(F.mse_loss(torch.ones(2, 3), torch.zeros(3)).item()).toBe(1);
      expect(spy).toHaveBeenCalledWith('Using a target size (torch.Size([3])) that is different to the input size (torch.Size([2, 3])). ' +
        'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.', 'UserWarning');
    } finally {
      spy.mockRestore();
    }
  });
});
