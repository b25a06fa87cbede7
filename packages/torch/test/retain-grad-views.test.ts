// retain_grad on a tensor later written through one of its views, against PyTorch 1.13 (/usr/bin/python3; the Python
// and what it printed beside each case): PyTorch's rebase_history moves the retains_grad hook to the new grad_fn when
// the tensor itself is modified in place, but a write through a view gives its base a CopySlices grad_fn without
// moving the hook, so `.grad` is the gradient of the value before that write, until a plain in-place op moves it.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

// w = torch.tensor([1., 2., 3.])
// def run(f): x = torch.ones(3, requires_grad=True); b = x * 2; b.retain_grad(); f(b); (b * w).sum().backward(); print(b.grad, x.grad)
function run(f: (b: torch.Tensor) => void): [unknown, unknown] {
  const x = torch.ones([3], { requires_grad: true });
  const b = x.mul(2);
  b.retain_grad();
  f(b);
  b.mul(torch.tensor([1, 2, 3])).sum().backward();
  return [b.grad!.tolist(), x.grad!.tolist()];
}

describe('retain_grad and writes through views', () => {
  it.each<[string, (b: torch.Tensor) => void, [number[], number[]]]>([
    // b[1].mul_(5) -> tensor([ 1., 10.,  3.]) tensor([ 2., 20.,  6.]): the gradient at b's value before the write
    ['b[1].mul_(5)', (b) => { b.index(1).mul_(5); }, [[1, 10, 3], [2, 20, 6]]],
    // b.view(3)[1:].mul_(5) -> tensor([ 1., 10., 15.]) tensor([ 2., 20., 30.])
    ['b.view(3)[1:].mul_(5)', (b) => { b.view(3).index({ start: 1 }).mul_(5); }, [[1, 10, 15], [2, 20, 30]]],
    // b[1].mul_(5); b[2].mul_(7) -> tensor([ 1., 10., 21.]) tensor([ 2., 20., 42.]): the hook stays at the first value
    ['b[1].mul_(5); b[2].mul_(7)', (b) => { b.index(1).mul_(5); b.index(2).mul_(7); }, [[1, 10, 21], [2, 20, 42]]],
    // b[1].mul_(5); b.mul_(2) -> tensor([1., 2., 3.]) tensor([ 4., 40., 12.]): a plain in-place op moves it to b's newest value
    ['b[1].mul_(5); b.mul_(2)', (b) => { b.index(1).mul_(5); b.mul_(2); }, [[1, 2, 3], [4, 40, 12]]],
    // b.mul_(2); b[1].mul_(5) -> tensor([ 1., 10.,  3.]) tensor([ 4., 40., 12.]): at the value mul_ left
    ['b.mul_(2); b[1].mul_(5)', (b) => { b.mul_(2); b.index(1).mul_(5); }, [[1, 10, 3], [4, 40, 12]]],
    // b.mul_(5) -> tensor([1., 2., 3.]) tensor([10., 20., 30.])
    ['b.mul_(5)', (b) => { b.mul_(5); }, [[1, 2, 3], [10, 20, 30]]],
  ])('%s', (_, f, expected) => {
    expect(run(f)).toEqual(expected);
  });

  it('retain_grad after the write sinks at the current producer', () => {
    // x = torch.ones(3, requires_grad=True); b = x * 2; b[1].mul_(5); b.retain_grad(); (b * w).sum().backward()
    // -> b.grad tensor([1., 2., 3.]), x.grad tensor([ 2., 20.,  6.])
    const x = torch.ones([3], { requires_grad: true });
    const b = x.mul(2);
    b.index(1).mul_(5);
    b.retain_grad();
    b.mul(torch.tensor([1, 2, 3])).sum().backward();
    expect([b.grad!.tolist(), x.grad!.tolist()]).toEqual([[1, 2, 3], [2, 20, 6]]);
  });
});
