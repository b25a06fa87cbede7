// The edges of clamp with tensor bounds, against PyTorch 1.13 (/usr/bin/python3; the Python and what it printed beside
// each case): clamp.Tensor's node has an edge for min and one for max whether or not each is given, (None, 0) for a
// missing one; clamp_min and clamp_max have one bound, and a clamp with number bounds has none.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const edges = (t: torch.Tensor): string[] => t.grad_fn!.next_functions.map(([f]) => (f === null ? 'None' : f.name()));
const ACC = 'torch::autograd::AccumulateGrad';

describe('the next_functions of clamp with tensor bounds', () => {
  const x = torch.ones([4], { requires_grad: true });
  const lo = torch.zeros([4], { requires_grad: true });

  it('show a missing bound as None, in its place', () => {
    // x.clamp(min=lo).grad_fn.next_functions -> ((AccumulateGrad, 0), (AccumulateGrad, 0), (None, 0))
    expect(edges(x.clamp({ min: lo }))).toEqual([ACC, ACC, 'None']);
    // x.clamp(max=lo) -> ((AccumulateGrad, 0), (None, 0), (AccumulateGrad, 0))
    expect(edges(x.clamp({ max: lo }))).toEqual([ACC, 'None', ACC]);
    // x.clamp(min=lo, max=lo + 1) -> ((AccumulateGrad, 0), (AccumulateGrad, 0), (AddBackward0, 0))
    expect(edges(x.clamp({ min: lo, max: lo.add(1) }))).toEqual([ACC, ACC, 'AddBackward0']);
    // x.clamp_min(lo) -> ClampMinBackward1 ((AccumulateGrad, 0), (AccumulateGrad, 0)); x.clamp(min=0.5) -> ((AccumulateGrad, 0),)
    expect(edges(x.clamp_min(lo))).toEqual([ACC, ACC]);
    expect(edges(x.clamp({ min: 0.5 }))).toEqual([ACC]);
  });

  it('in place, and through a view (CopySlices wraps the clamp)', () => {
    // y = x * 1; y.clamp_(min=lo) -> ClampBackward0 ((MulBackward0, 0), (AccumulateGrad, 0), (None, 0))
    const y = x.mul(1);
    y.clamp_({ min: lo });
    expect([y.grad_fn!.name(), ...edges(y)]).toEqual(['ClampBackward0', 'MulBackward0', ACC, 'None']);
    // z = torch.ones(3, 4, requires_grad=True) * 1
    // z[1].clamp_(max=lo) -> CopySlices ((MulBackward0, 0), (None, 0), (AccumulateGrad, 0))
    // z[1].clamp_(min=c) with c = torch.zeros(4) -> ((MulBackward0, 0), (None, 0), (None, 0))
    // z[1].clamp_(min=0.5) -> ((MulBackward0, 0),)
    const base = () => torch.ones([3, 4], { requires_grad: true }).mul(1);
    let z = base();
    z.index(1).clamp_({ max: lo });
    expect(edges(z)).toEqual(['MulBackward0', 'None', ACC]);
    z = base();
    z.index(1).clamp_({ min: torch.zeros([4]) });
    expect(edges(z)).toEqual(['MulBackward0', 'None', 'None']);
    z = base();
    z.index(1).clamp_({ min: 0.5 });
    expect(edges(z)).toEqual(['MulBackward0']);
  });

  it('leave the gradients as they were: none reaches a missing bound', () => {
    // x = torch.tensor([-1., 0.5, 2.], requires_grad=True); hi = torch.tensor([1., 1., 1.], requires_grad=True)
    // x.clamp(max=hi).sum().backward(): x.grad [1., 1., 0.], hi.grad [0., 0., 1.]
    const x = torch.tensor([-1, 0.5, 2], { requires_grad: true });
    const hi = torch.tensor([1, 1, 1], { requires_grad: true });
    x.clamp({ max: hi }).sum().backward();
    expect([x.grad!.tolist(), hi.grad!.tolist()]).toEqual([[1, 1, 0], [0, 0, 1]]);
  });

  it('name the in-place op, and list keywords in the signature\'s order, in the invalid-combination error', () => {
    // x = torch.ones(2); x.clamp_(max=torch.zeros(2), min=0.5)
    // -> TypeError: clamp_() received an invalid combination of arguments - got (min=float, max=Tensor, ), but expected one of:
    //  * (Tensor min, Tensor max)
    //       didn't match because some of the arguments have invalid types: (!min=float!, max=Tensor, )
    //  * (Number min, Number max)
    //       didn't match because some of the arguments have invalid types: (!min=float!, !max=Tensor!, )
    const x = torch.ones([2]);
    expect(() => x.clamp_({ max: torch.zeros([2]), min: 0.5 })).toThrowError(new torch.TorchTypeError(
      'clamp_() received an invalid combination of arguments - got (min=float, max=Tensor, ), but expected one of:\n' +
      ' * (Tensor min, Tensor max)\n      didn\'t match because some of the arguments have invalid types: (!min=float!, max=Tensor, )\n' +
      ' * (Number min, Number max)\n      didn\'t match because some of the arguments have invalid types: (!min=float!, !max=Tensor!, )\n'));
    // x.clamp(min=torch.zeros(2), max=0.5): got (max=float, min=Tensor, ); didn't match ... (min=Tensor, !max=float!, )
    expect(() => x.clamp({ min: torch.zeros([2]), max: 0.5 })).toThrow(/got \(max=float, min=Tensor, \)[^]*invalid types: \(min=Tensor, !max=float!, \)/);
    // x.clip_(0.5, torch.zeros(2)) -> clip_() received an invalid combination of arguments - got (float, Tensor), ...
    expect(() => x.clip_(0.5, torch.zeros([2]))).toThrow(/^clip_\(\) received an invalid combination of arguments - got \(float, Tensor\)/);
  });
});

// Python's True and False as clamp bounds, against PyTorch 1.13 (/usr/bin/python3), with x = tensor([1.5, -2.]),
// i = tensor([1, -2]), b = tensor([True, False]): Scalars, numbers to the arithmetic but bools to the result type, so a
// bool tensor clamped by bools alone computes in bool, which no clamp kernel takes (each names its own).
describe('clamp with Python bools as bounds', () => {
  const x = () => torch.tensor([1.5, -2.0]);
  const i = () => torch.tensor([1, -2], { dtype: torch.int64 });
  const b = () => torch.tensor([true, false]);
  const cases: Array<[string, () => torch.Tensor, string]> = [
    // x.clamp(True) -> tensor([1.5000, 1.0000]); x.clamp(min=True, max=False) -> tensor([0., 0.])
    ['x.clamp(True)', () => x().clamp(true), '[1.5,1] float32'],
    ['x.clamp(min=True, max=False)', () => x().clamp({ min: true, max: false }), '[0,0] float32'],
    ['x.clamp(max=True)', () => x().clamp({ max: true }), '[1,-2] float32'],
    ['x.clamp(True, 2)', () => x().clamp(true, 2), '[1.5,1] float32'],
    ['x.clamp(True, tensor(1.))', () => x().clamp(true, torch.tensor(1.0)), '[1,1] float32'],
    ['x.clip(True)', () => x().clip(true), '[1.5,1] float32'],
    ['torch.clamp_min(x, True)', () => torch.clamp_min(x(), true), '[1.5,1] float32'],
    ['x.clone().clamp_(True, False)', () => x().clamp_(true, false), '[0,0] float32'],
    // i.clamp(True) -> tensor([1, 1]) (int64: a bool Scalar does not promote)
    ['i.clamp(True)', () => i().clamp(true), '[1,1] int64'],
    ['i.clamp_min(True)', () => i().clamp_min(true), '[1,1] int64'],
    ['i.clamp_min_(True)', () => i().clamp_min_(true), '[1,1] int64'],
    ['i.clamp_(True, False)', () => i().clamp_(true, false), '[0,0] int64'],
    // a bool tensor beside a number bound takes the number's type
    ['b.clamp(True, 2)', () => b().clamp(true, 2), '[1,1] int64'],
    ['b.clamp(True, 1.5)', () => b().clamp(true, 1.5), '[1,1] float32'],
    ['b.clamp(1.5)', () => b().clamp(1.5), '[1.5,1.5] float32'],
    ['b.clamp_min(True)', () => b().clamp_min(true), 'RuntimeError: "clamp_min_cpu" not implemented for \'Bool\''],
    ['b.clamp(True)', () => b().clamp(true), 'RuntimeError: "clamp_min_cpu" not implemented for \'Bool\''],
    ['torch.clamp(b, True)', () => torch.clamp(b(), true), 'RuntimeError: "clamp_min_cpu" not implemented for \'Bool\''],
    ['b.clamp(max=True)', () => b().clamp({ max: true }), 'RuntimeError: "clamp_max_scalar_cpu" not implemented for \'Bool\''],
    ['b.clamp_max(True)', () => b().clamp_max(true), 'RuntimeError: "clamp_max_scalar_cpu" not implemented for \'Bool\''],
    ['b.clamp_max_(True)', () => b().clamp_max_(true), 'RuntimeError: "clamp_max_scalar_cpu" not implemented for \'Bool\''],
    ['b.clamp_(True)', () => b().clamp_(true), 'RuntimeError: "clamp_min_cpu" not implemented for \'Bool\''],
    ['b.clamp(True, False)', () => b().clamp(true, false), 'RuntimeError: "clamp_scalar_cpu" not implemented for \'Bool\''],
    ['b.clip(True, False)', () => b().clip(true, false), 'RuntimeError: "clamp_scalar_cpu" not implemented for \'Bool\''],
    ['b.clamp(True, tensor(True))', () => b().clamp(true, torch.tensor(true)), 'RuntimeError: "clamp_scalar_cpu" not implemented for \'Bool\''],
    ['b.clamp_min_(True)', () => b().clamp_min_(true), 'RuntimeError: "clamp_min_cpu" not implemented for \'Bool\''],
    ['b.clamp_(True, False)', () => b().clamp_(true, false), 'RuntimeError: "clamp_scalar_cpu" not implemented for \'Bool\''],
  ];
  it.each(cases)('%s', (_, f, expected) => {
    let got: string;
    try {
      const r = f();
      got = `${JSON.stringify(r.tolist())} ${String(r.dtype).replace('torch.', '')}`;
    } catch (e) {
      got = `${(e as Error).name}: ${(e as Error).message}`;
    }
    expect(got).toBe(expected);
  });
});
