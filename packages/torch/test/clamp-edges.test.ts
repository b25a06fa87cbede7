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
