import * as tf from '@twingrad/tf';
import * as torch from '@twingrad/torch';
import type { Section } from '../section.js';

export const multi: Section = {
  id: 'multi',
  title: '6. Gradienty względem wielu zmiennych: f = x^2 + xy + y^2 at (1, 2)',
  tf(print) {
    const x = new tf.Variable(1.0);
    const y = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const f_val = tape.record(() => x.pow(2).add(x.mul(y)).add(y.pow(2)));
    const grads = tape.gradient(f_val, [x, y]);
    print('df/dx =', grads[0]!.numpy());
    print('df/dy =', grads[1]!.numpy());
    return { df_dx: grads[0]!.numpy(), df_dy: grads[1]!.numpy() };
  },
  torch(print) {
    const x = torch.tensor(1.0, { requires_grad: true });
    const y = torch.tensor(2.0, { requires_grad: true });
    const f_val = x.pow(2).add(x.mul(y)).add(y.pow(2));
    const grads = torch.autograd.grad(f_val, [x, y]);
    print('df/dx =', grads[0]!.item());
    print('df/dy =', grads[1]!.item());
    return { df_dx: grads[0]!.item(), df_dy: grads[1]!.item() };
  },
};
