import * as tf from '@twingrad/tf';
import * as torch from '@twingrad/torch';
import type { Section } from '../section.js';

const f_tf = (x: tf.Tensor | tf.Variable) => x.pow(4).mul(2).add(x.pow(3)).add(x.pow(2).mul(3)).add(x.mul(5)).add(1);
const f_torch = (x: torch.Tensor) => x.pow(4).mul(2).add(x.pow(3)).add(x.pow(2).mul(3)).add(x.mul(5)).add(1);

export const secondOrder: Section = {
  id: 'second-order',
  title: "7. Gradienty drugiego rzędu: f'(2) = 93, f''(2) = 24x^2 + 6x + 6 = 114",
  tf(print) {
    const x = new tf.Variable(2.0);
    const tape2 = new tf.GradientTape({ persistent: true });
    const tape1 = new tf.GradientTape();
    const dy_dx = tape2.record(() => {
      const y = tape1.record(() => f_tf(x));
      return tape1.gradient(y, x)!;
    });
    const d2y_dx2 = tape2.gradient(dy_dx, x)!;
    print('dy/dx =', dy_dx.numpy());
    print('d2y/dx2 =', d2y_dx2.numpy());
    return { dy_dx: dy_dx.numpy(), d2y_dx2: d2y_dx2.numpy() };
  },
  torch(print) {
    const x = torch.tensor(2.0, { requires_grad: true });
    const y = f_torch(x);
    const [dy_dx] = torch.autograd.grad(y, x, { create_graph: true });
    const [d2y_dx2] = torch.autograd.grad(dy_dx!, x);
    print('dy/dx =', dy_dx!.item());
    print('d2y/dx2 =', d2y_dx2!.item());
    return { dy_dx: dy_dx!.item(), d2y_dx2: d2y_dx2!.item() };
  },
};
