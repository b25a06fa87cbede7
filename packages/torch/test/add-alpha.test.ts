// add and sub with alpha against PyTorch 1.13 (/usr/bin/python3; the Python and what it printed beside each case):
// one AddBackward0 / SubBackward0 node over x and y, and x + alpha y rounded once, as PyTorch's fused multiply-add
// kernel rounds it (rounding alpha y first differs in the last bit for about one element in five).
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const edges = (t: torch.Tensor): string[] => t.grad_fn!.next_functions.map(([f]) => (f === null ? 'None' : f.name()));

describe('add and sub with alpha', () => {
  it('round x - alpha y once, and record one SubBackward0', () => {
    // torch.manual_seed(11); x = torch.randn(7, requires_grad=True); y = torch.randn(7, requires_grad=True)
    // r = torch.sub(x, y, alpha=0.3); r.tolist() (element 1 differs from fround(x - fround(0.3 y)));
    // r.grad_fn.name(), next_functions -> SubBackward0 [AccumulateGrad, AccumulateGrad]
    // (r * torch.tensor([1., 2., ..., 7.])).sum().backward(): x.grad [1, ..., 7], y.grad below
    const x = torch.tensor([0.7376294732093811, 1.9459291696548462, -0.6995416283607483, -1.3022973537445068, -0.5132622122764587, -0.26961955428123474, 0.24618466198444366], { requires_grad: true });
    const y = torch.tensor([0.4839252829551697, 0.45041778683662415, -0.9568334221839905, 1.5011879205703735, -0.3135736584663391, -0.2342843860387802, -1.071309208869934], { requires_grad: true });
    const r = torch.sub(x, y, { alpha: 0.3 });
    expect(r.tolist()).toEqual([0.5924518704414368, 1.810803771018982, -0.4124915897846222, -1.75265371799469, -0.41919010877609253, -0.19933423399925232, 0.5675774216651917]);
    expect([r.grad_fn!.name(), ...edges(r)]).toEqual(['SubBackward0', 'torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad']);
    r.mul(torch.tensor([1, 2, 3, 4, 5, 6, 7])).sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(y.grad!.tolist()).toEqual([-0.30000001192092896, -0.6000000238418579, -0.9000000357627869, -1.2000000476837158, -1.5, -1.8000000715255737, -2.1000001430511475]);
  });

  it('scale a broadcast y\'s gradient before summing it back, and take a number y in float32', () => {
    // z = torch.ones(3, 4, requires_grad=True); b = torch.ones(4, requires_grad=True)
    // (z.add(b, alpha=0.3) * torch.arange(12.).view(3, 4)).sum().backward(); b.grad -> [3.6000001430511475, 4.5, 5.400000095367432, 6.300000190734863]
    const z = torch.ones([3, 4], { requires_grad: true });
    const b = torch.ones([4], { requires_grad: true });
    const s = z.add(b, { alpha: 0.3 });
    expect(s.grad_fn!.name()).toBe('AddBackward0');
    s.mul(torch.arange(12).view(3, 4)).sum().backward();
    expect(b.grad!.tolist()).toEqual([3.6000001430511475, 4.5, 5.400000095367432, 6.300000190734863]);
    // torch.add(torch.tensor([0.1, 0.7]), 1.7, alpha=0.3).tolist() -> [0.6100000143051147, 1.2100000381469727]
    expect(torch.add(torch.tensor([0.1, 0.7]), 1.7, { alpha: 0.3 }).tolist()).toEqual([0.6100000143051147, 1.2100000381469727]);
  });

  it('in place, through add_ and sub_', () => {
    // same x, y as above, detached: x.clone().sub_(y, alpha=0.3) gives r
    const x = torch.tensor([1.9459291696548462]);
    x.sub_(torch.tensor([0.45041778683662415]), { alpha: 0.3 });
    expect(x.tolist()).toEqual([1.810803771018982]);
    const w = torch.tensor([1.9459291696548462]);
    w.add_(torch.tensor([-0.45041778683662415]), { alpha: 0.3 });
    expect(w.tolist()).toEqual([1.810803771018982]);
  });

  it('record maybe_multiply in their gradients: MulBackward1 by alpha, nothing for alpha 1', () => {
    // x = torch.tensor([0.3, -0.7], requires_grad=True); y = torch.tensor([1.1, 0.2], requires_grad=True)
    // out = torch.add(x, y, alpha=a); _, gy = torch.autograd.grad((out*out).sum(), [x, y], create_graph=True)
    // gy.grad_fn and its next_functions[0][0], gy.tolist():
    //   add 2.5: MulBackward1 AddBackward0 [15.250000953674316, -0.9999999403953552]
    //   add 1:   AddBackward0 MulBackward0 [2.8000001907348633, -1.0]
    //   sub 2.5: MulBackward1 NegBackward0 [12.25, 6.0]
    //   sub 1:   NegBackward0 AddBackward0 [1.600000023841858, 1.7999999523162842]
    const cases: Array<['add' | 'sub', number, string[], number[]]> = [
      ['add', 2.5, ['MulBackward1', 'AddBackward0'], [15.250000953674316, -0.9999999403953552]],
      ['add', 1, ['AddBackward0', 'MulBackward0'], [2.8000001907348633, -1]],
      ['sub', 2.5, ['MulBackward1', 'NegBackward0'], [12.25, 6]],
      ['sub', 1, ['NegBackward0', 'AddBackward0'], [1.600000023841858, 1.7999999523162842]],
    ];
    for (const [op, alpha, names, values] of cases) {
      const x = torch.tensor([0.3, -0.7], { requires_grad: true }), y = torch.tensor([1.1, 0.2], { requires_grad: true });
      const out = torch[op](x, y, { alpha });
      const gy = torch.autograd.grad([out.mul(out).sum()], [x, y], { create_graph: true })[1]!;
      expect([gy.grad_fn!.name(), gy.grad_fn!.next_functions[0]![0]!.name()], `${op} ${alpha}`).toEqual(names);
      expect(gy.tolist()).toEqual(values);
    }
  });

  it('in place, refuse the write itself before a fractional alpha with integers', () => {
    // torch.tensor([True]).add_(1, alpha=1.5) -> RuntimeError: result type Long can't be cast to the desired output type Bool
    // torch.tensor([1, 2], dtype=torch.int32).add_(torch.tensor([[1, 2], [3, 4]], dtype=torch.int32), alpha=1.5)
    //   -> RuntimeError: output with shape [2] doesn't match the broadcast shape [2, 2]
    // torch.tensor([1, 2], dtype=torch.int32).add_(torch.tensor([1, 2], dtype=torch.int32), alpha=1.5), and .add_(True, alpha=1.5)
    //   -> RuntimeError: For integral input tensors, argument alpha must not be a floating point number.
    const i32 = { dtype: torch.int32 };
    expect(() => torch.tensor([true]).add_(1, { alpha: 1.5 })).toThrow(/^result type Long can't be cast to the desired output type Bool$/);
    expect(() => torch.tensor([1, 2], i32).add_(torch.tensor([[1, 2], [3, 4]], i32), { alpha: 1.5 })).toThrow(/^output with shape \[2\] doesn't match the broadcast shape \[2, 2\]$/);
    const ALPHA = /^For integral input tensors, argument alpha must not be a floating point number\.$/;
    const t = torch.tensor([1, 2], i32);
    expect(() => t.add_(torch.tensor([1, 2], i32), { alpha: 1.5 })).toThrow(ALPHA);
    expect(() => t.add_(true as unknown as number, { alpha: 1.5 })).toThrow(ALPHA);
    expect(t.tolist()).toEqual([1, 2]);
  });

  it('sum a broadcast 0-d y\'s gradient back with a plain sum, as PyTorch\'s sum_to', () => {
    // x = torch.tensor([[0.5, -1.0, 2.0, 0.25]], requires_grad=True); y = torch.tensor(-1.5, requires_grad=True)
    // out = torch.add(x, y, alpha=0.75); _, gy = torch.autograd.grad((out*out).sum(), [x, y], create_graph=True)
    // gy.grad_fn.name(), gy.grad_fn.next_functions[0][0].name(), gy.item() -> SumBackward0 MulBackward1 -4.125
    const x = torch.tensor([[0.5, -1, 2, 0.25]], { requires_grad: true }), y = torch.tensor(-1.5, { requires_grad: true });
    const out = torch.add(x, y, { alpha: 0.75 });
    const gy = torch.autograd.grad([out.mul(out).sum()], [x, y], { create_graph: true })[1]!;
    expect([gy.grad_fn!.name(), gy.grad_fn!.next_functions[0]![0]!.name(), gy.item()]).toEqual(['SumBackward0', 'MulBackward1', -4.125]);
    // x2 = torch.ones(3, requires_grad=True); b = torch.tensor(2., requires_grad=True)
    // g, = torch.autograd.grad((x2 * b).sum(), [b], create_graph=True); g.grad_fn.name(), g.item() -> SumBackward0 3.0
    const x2 = torch.ones([3], { requires_grad: true }), b = torch.tensor(2, { requires_grad: true });
    const g = torch.autograd.grad([x2.mul(b).sum()], [b], { create_graph: true })[0]!;
    expect([g.grad_fn!.name(), g.item()]).toEqual(['SumBackward0', 3]);
  });
});
