// The nodes a recorded gradient (create_graph) is made of, against PyTorch 1.13 (/usr/bin/python3; the Python and what
// it printed beside each case): PyTorch's derivative formulas are composed of ops, and those ops' nodes are what a
// gradient of a gradient shows.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

type Tree = [string, Array<Tree | null>] | null;
const tree = (f: torch.GradFn | null, depth: number): Tree =>
  f === null || depth === 0 ? null : [f.name(), f.next_functions.map(([n]) => tree(n, depth - 1))];

describe('recorded gradients', () => {
  it('of pow with a number exponent are pow_backward\'s ops: grad * (p * x.pow(p - 1))', () => {
    // x = torch.tensor([1.5, 0.7], requires_grad=True); w = torch.ones(2, requires_grad=True)
    // g, = torch.autograd.grad((x.pow(p) * w).sum(), [x], create_graph=True), for p in 2.5, 3, 2, -1, 0.5: g.grad_fn, 3 levels:
    // ['MulBackward0', [['MulBackward0', [None, AccumulateGrad]], ['MulBackward1', [['PowBackward0', [None]]]]]]
    for (const p of [2.5, 3, 2, -1, 0.5]) {
      const x = torch.tensor([1.5, 0.7], { requires_grad: true }), w = torch.ones([2], { requires_grad: true });
      const g = torch.autograd.grad([x.pow(p).mul(w).sum()], [x], { create_graph: true })[0]!;
      expect(tree(g.grad_fn, 3), `p = ${p}`).toEqual(['MulBackward0', [
        ['MulBackward0', [null, ['torch::autograd::AccumulateGrad', []]]],
        ['MulBackward1', [['PowBackward0', [null]]]],
      ]]);
      // and the same values as the fused rule that runs when nothing records
      const plain = torch.autograd.grad([x.pow(p).mul(w).sum()], [x])[0]!;
      expect(g.tolist()).toEqual(plain.tolist());
    }
  });
});
