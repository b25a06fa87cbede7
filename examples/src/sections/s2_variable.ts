import * as tf from '@twingrad/tf';
import * as torch from '@twingrad/torch';
import type { Section } from '../section.js';

// The notebook's polynomial: f = lambda x: 2*x**4 + x**3 + 3*x**2 + 5*x + 1
const f_tf = (x: tf.Tensor | tf.Variable) => x.pow(4).mul(2).add(x.pow(3)).add(x.pow(2).mul(3)).add(x.mul(5)).add(1);
const f_torch = (x: torch.Tensor) => x.pow(4).mul(2).add(x.pow(3)).add(x.pow(2).mul(3)).add(x.mul(5)).add(1);

export const variable: Section = {
  id: 'variable',
  title: '2. Prosty przykład z tf.Variable (y = 2x^4 + x^3 + 3x^2 + 5x + 1 at x = 2)',
  note: "The notebook says tf.Variable 'accumulates gradients by default'. It does not: a trainable " +
    'Variable is watched automatically by the tape, and each tape.gradient call returns a new tensor; ' +
    'nothing is stored on the Variable. Accumulation into .grad is PyTorch behaviour.',
  tf(print) {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => f_tf(x));
    const dy_dx = tape.gradient(y, x)!;
    print('Wartość funkcji y:', y.numpy());
    print('Gradient dy/dx:', dy_dx.numpy());
    return { y: y.numpy(), dy_dx: dy_dx.numpy() };
  },
  torch(print) {
    const x = torch.tensor(2.0, { requires_grad: true });
    const y = f_torch(x);
    y.backward();
    print('Wartość funkcji y:', y.item());
    print('Gradient dy/dx:', x.grad!.item());
    return { y: y.item(), dy_dx: x.grad!.item() };
  },
};

export const watchedConstant: Section = {
  id: 'watched-constant',
  title: '2. Uwaga: tf.constant needs tape.watch (PyTorch: requires_grad=True)',
  tf(print) {
    const x = tf.constant(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x); // to dodajemy
      return f_tf(x);
    });
    const dy_dx = tape.gradient(y, x)!;
    print('Wartość funkcji y:', y.numpy());
    print('Gradient dy/dx:', dy_dx.numpy());
    return { y: y.numpy(), dy_dx: dy_dx.numpy() };
  },
  torch(print) {
    const x = torch.tensor(2.0, { requires_grad: true });
    const y = f_torch(x);
    y.backward();
    print('Wartość funkcji y:', y.item());
    print('Gradient dy/dx:', x.grad!.item());
    return { y: y.item(), dy_dx: x.grad!.item() };
  },
};
