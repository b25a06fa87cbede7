// The founding notebook's SGD cell (../shared/seed/gradients-in-tensorflow.pl.md), PyTorch style.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

describe('the founding notebook\'s SGD cell', () => {
  it('five SGD steps (lr 0.1) from x = 3 on (x - 5)^2 print the notebook\'s values', () => {
    // NOTE: the notebook printed these steps after redefining f as (x - 5)^2 in a cell it does not show
    // (its f(0) cell prints 25); the polynomial f diverges from x = 3 at this learning rate.
    const f = (x: torch.Tensor) => x.sub(5).pow(2);
    const x = torch.tensor(3.0, { requires_grad: true });
    const optimizer = new torch.optim.SGD([x], { lr: 0.1 });
    const lines: string[] = [];
    for (let step = 0; step < 5; step++) {
      optimizer.zero_grad();
      const y = f(x);
      y.backward();
      optimizer.step();
      const v = (t: torch.Tensor) => (t.item() as number).toFixed(4);
      lines.push(`Krok ${step + 1}: x = ${v(x)}, y = ${v(y)}, grad = ${v(x.grad!)}`);
    }
    expect(lines).toEqual([
      'Krok 1: x = 3.4000, y = 4.0000, grad = -4.0000',
      'Krok 2: x = 3.7200, y = 2.5600, grad = -3.2000',
      'Krok 3: x = 3.9760, y = 1.6384, grad = -2.5600',
      'Krok 4: x = 4.1808, y = 1.0486, grad = -2.0480',
      'Krok 5: x = 4.3446, y = 0.6711, grad = -1.6384',
    ]);
  });
});
