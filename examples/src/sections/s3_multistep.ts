import * as tf from '@twingrad/tf';
import * as torch from '@twingrad/torch';
import type { Section } from '../section.js';

export const multistep: Section = {
  id: 'multistep',
  title: '3. Różniczkowanie wieloetapowe: z = sum(x^2), dz/dx = 2x',
  tf(print) {
    const x = new tf.Variable([[1., 2., 3.], [4., 5., 6.]]);
    const tape = new tf.GradientTape();
    const z = tape.record(() => {
      tape.watch(x);
      const y = tf.square(x);
      return tf.reduce_sum(y);
    });
    // Gradient z = sum(x^2) względem x to 2*x
    const dz_dx = tape.gradient(z, x)!;
    print('Gradient z względem x:', dz_dx.numpy());
    return { z: z.numpy(), dz_dx: dz_dx.numpy() };
  },
  torch(print) {
    // zmienna wejściowa
    const x = torch.tensor([[1., 2., 3.],
                            [4., 5., 6.]], { requires_grad: true });
    // obliczenia
    const y = x.pow(2);
    const z = y.sum();
    // backpropagation
    z.backward();
    // gradient z względem x
    print('Gradient z względem x:', x.grad);
    return { z: z.item(), dz_dx: x.grad!.tolist() };
  },
};
