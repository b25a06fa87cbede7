import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

// The error texts were printed by PyTorch 1.13 (/usr/bin/python3) for the same calls.
describe('torch.set_num_threads', () => {
  afterAll(() => torch.set_num_threads(1));

  it('rejects what PyTorch rejects, in its words', () => {
    const cases: Array<[unknown, string]> = [
      [0, 'set_num_threads expects a positive integer'],
      [2.5, 'set_num_threads expects an int, but got float'],
      ['x', 'set_num_threads expects an int, but got str'],
      [true, 'set_num_threads expects an int, but got bool'],
      [null, 'set_num_threads expects an int, but got NoneType'],
      [[1], 'set_num_threads expects an int, but got list'],
    ];
    for (const [arg, message] of cases) {
      expect(() => torch.set_num_threads(arg as number)).toThrow(torch.RuntimeError);
      expect(() => torch.set_num_threads(arg as number)).toThrow(message);
    }
  });

  it('two threads give the same matmul, bit for bit, and its gradients', () => {
    torch.manual_seed(3);
    const a = torch.randn([96, 80], { requires_grad: true });
    const b = torch.randn([80, 72], { requires_grad: true });
    const run = () => {
      const y = a.matmul(b);
      const [ga, gb] = torch.autograd.grad(y.square().sum(), [a, b]);
      return [y, ga!, gb!].map((t) => Array.from(t.detach().reshape([-1]).tolist() as number[]));
    };
    torch.set_num_threads(1);
    expect(torch.get_num_threads()).toBe(1);
    const one = run();
    torch.set_num_threads(2);
    // NOTE: 1 where worker_threads or shared WebAssembly memory is missing; Node 20 has both.
    expect(torch.get_num_threads()).toBe(2);
    expect(run()).toEqual(one);
  });
});
