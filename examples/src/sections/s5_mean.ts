import * as tf from '@twingrad/tf';
import * as torch from '@twingrad/torch';
import type { Section } from '../section.js';

export const mean: Section = {
  id: 'mean',
  title: 'Drugi przykład: y3 = mean((3x + 2)^2) na ones(2, 3); dy3/dx = 6(3x+2)/N = 5',
  tf(print) {
    const x = new tf.Variable(tf.ones([2, 3]));
    const tape = new tf.GradientTape();
    const y3 = tape.record(() => {
      tape.watch(x);
      const y1 = x.mul(3).add(2);
      const y2 = tf.square(y1);
      return tf.reduce_mean(y2);
    });
    const dy3_dx = tape.gradient(y3, x)!;
    print('y3 =', y3.numpy());
    print('dy3/dx:', dy3_dx.numpy());
    return { y3: y3.numpy(), dy3_dx: dy3_dx.numpy() };
  },
  torch(print) {
    // zmienna wejściowa
    const x = torch.ones([2, 3], { requires_grad: true });
    // obliczenia
    const y1 = x.mul(3).add(2);
    const y2 = y1.pow(2);
    const y3 = y2.mean();
    // backpropagation
    y3.backward();
    // gradient względem x
    print('y3 =', y3.item());
    print('dy3/dx:', x.grad);
    return { y3: y3.item(), dy3_dx: x.grad!.tolist() };
  },
};
