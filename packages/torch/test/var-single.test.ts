// var/std of a single element (n == correction) against PyTorch 1.13: its var_backward has a path of its own for a
// 0-d input or no dim, which returns inf * grad. Each expectation was printed by /usr/bin/python3 with
// x = torch.tensor(v, requires_grad=True); y = f(x); y.backward(torch.ones_like(y)); print(y, x.grad).
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

type T = torch.Tensor;
function run(f: (x: T) => T, v: number | number[], g = 1): { y: number[]; grad: number[] } {
  const x = torch.tensor(v as number[], { requires_grad: true });
  const y = f(x);
  y.backward(torch.full(y.shape, g));
  const flat = (t: T): number[] => [t.reshape(-1).tolist()].flat(2) as number[];
  return { y: flat(y), grad: flat(x.grad!) };
}

describe('var and std where n equals the correction', () => {
  it.each([
    ['0-d var(0)', (x: T) => x.var(0), 2, 1, [NaN], [Infinity]],
    ['0-d var()', (x: T) => x.var(), 2, 1, [NaN], [Infinity]],
    ['0-d var() with a negative cotangent', (x: T) => x.var(), 2, -1, [NaN], [-Infinity]],
    ['0-d var() with a zero cotangent', (x: T) => x.var(), 2, 0, [NaN], [NaN]],
    ['0-d std(0)', (x: T) => x.std(0), 2, 1, [NaN], [NaN]],
    ['0-d var(0, unbiased=False)', (x: T) => x.var(0, { unbiased: false }), 2, 1, [0], [0]],
    ['0-d var_mean(x, 0)[0]', (x: T) => torch.var_mean(x, 0)[0]!, 2, 1, [NaN], [Infinity]],
    ['[1] var(0): the general path', (x: T) => x.var(0), [2], 1, [NaN], [NaN]],
    ['[1] var(0, correction=2)', (x: T) => x.var(0, { correction: 2 }), [2], 1, [NaN], [-0]],
    ['[2] var(0, correction=2)', (x: T) => x.var(0, { correction: 2 }), [2, 3], 1, [Infinity], [-Infinity, Infinity]],
    ['[2] var(0, correction=3)', (x: T) => x.var(0, { correction: 3 }), [2, 3], 1, [Infinity], [1, -1]],
  ])('%s', (_, f, v, g, y, grad) => {
    const r = run(f, v as number | number[], g as number);
    expect(r.y).toEqual(y);
    expect(r.grad).toEqual(grad);
  });
});
