import * as tf from '@twingrad/tf';
import * as torch from '@twingrad/torch';
import type { Section, Value } from '../section.js';
import { pyFixed } from '../pyprint.js';

// NOTE: the notebook's printed SGD steps, and its `f(0)` = 25, come from f redefined as (x - 5)^2 in a
// cell it does not show. With the polynomial, SGD at lr 0.1 from x = 3 diverges (see the next section).
const f_tf = (x: tf.Tensor | tf.Variable) => x.sub(5).pow(2);
const f_torch = (x: torch.Tensor) => x.sub(5).pow(2);
// The notebook's `f(0)` cell calls its Python lambda on the int 0 and shows an int: plain numbers here, printed as ints.
const f_int = (x: number) => String((x - 5) ** 2);
const poly_int = (x: number) => String(2 * x ** 4 + x ** 3 + 3 * x ** 2 + 5 * x + 1);

// Python's f'{v:.4f}'
const fmt = (v: number | boolean) => pyFixed(v, 4);

export const sgd: Section = {
  id: 'sgd',
  title: '4. Akumulacja vs resetowanie: 5 kroków SGD (lr 0.1) z x = 3, f(x) = (x-5)^2',
  note: 'The notebook prints these steps under the polynomial, but they were produced with f(x) = (x-5)^2 ' +
    '(its f(0) cell prints 25; the polynomial gives 1). Reproduced here with (x-5)^2.',
  tf(print) {
    print('f(0) =', f_int(0));
    // Przykład: krótkie trenowanie pojedynczego parametru
    const x = new tf.Variable(3.0);
    const optimizer = new tf.keras.optimizers.SGD({ learning_rate: 0.1 });
    const xs: Value[] = [], ys: Value[] = [], grads: Value[] = [];
    for (let step = 0; step < 5; step++) {
      const tape = new tf.GradientTape();
      const y = tape.record(() => f_tf(x));
      const grad = tape.gradient(y, x)!;
      optimizer.apply_gradients([[grad, x]]);
      print(`Krok ${step + 1}: x = ${fmt(x.numpy() as number)}, y = ${fmt(y.numpy() as number)}, grad = ${fmt(grad.numpy() as number)}`);
      xs.push(x.numpy() as number); ys.push(y.numpy() as number); grads.push(grad.numpy() as number);
    }
    return { x: xs, y: ys, grad: grads };
  },
  torch(print) {
    print('f(0) =', f_int(0));
    // parametr, który będziemy trenować
    const x = torch.tensor(3.0, { requires_grad: true });
    // optymalizator
    const optimizer = new torch.optim.SGD([x], { lr: 0.1 });
    const xs: Value[] = [], ys: Value[] = [], grads: Value[] = [];
    // pętla trenowania
    for (let step = 0; step < 5; step++) {
      optimizer.zero_grad();    // wyczyść gradienty
      const y = f_torch(x);     // oblicz stratę
      y.backward();             // policz gradient
      optimizer.step();         // zaktualizuj parametr
      print(`Krok ${step + 1}: x = ${fmt(x.item())}, y = ${fmt(y.item())}, grad = ${fmt(x.grad!.item())}`);
      xs.push(x.item()); ys.push(y.item()); grads.push(x.grad!.item());
    }
    return { x: xs, y: ys, grad: grads };
  },
};

const poly_tf = (x: tf.Tensor | tf.Variable) => x.pow(4).mul(2).add(x.pow(3)).add(x.pow(2).mul(3)).add(x.mul(5)).add(1);
const poly_torch = (x: torch.Tensor) => x.pow(4).mul(2).add(x.pow(3)).add(x.pow(2).mul(3)).add(x.mul(5)).add(1);

export const sgdPolynomial: Section = {
  id: 'sgd-polynomial',
  title: '4. The same loop with the polynomial f(x) = 2x^4 + x^3 + 3x^2 + 5x + 1',
  note: "f'(3) = 266, so the first step jumps to x = -23.6; f' grows like 8x^3, each step overshoots by orders " +
    'of magnitude, and float32 overflows to -inf by step 5: lr 0.1 is far too large for a quartic. From step 3 on, ' +
    "where x has no precision left, the last digits show each framework's rounding: PyTorch's CPU kernel computes " +
    'x**3 as x*x*x, rounding after each product, so its x^3 at step 2 (and the gradient of x^4, which reads it) ' +
    "differ from TensorFlow's pow, rounded once; the PyTorch column is what PyTorch 1.13 prints. Keras would also " +
    'round lr*grad before subtracting it (x = -884021854208.0 at step 3); twingrad\'s SGD rounds once in both APIs ' +
    '(docs/divergences.md).',
  differs: { x: "x**3 from step 3 on: PyTorch's x*x*x against TensorFlow's pow rounded once (see the note)" },
  tf(print) {
    print('f(0) =', poly_int(0));
    const x = new tf.Variable(3.0);
    const optimizer = new tf.keras.optimizers.SGD({ learning_rate: 0.1 });
    const xs: Value[] = [];
    for (let step = 0; step < 5; step++) {
      const tape = new tf.GradientTape();
      const y = tape.record(() => poly_tf(x));
      const grad = tape.gradient(y, x)!;
      optimizer.apply_gradients([[grad, x]]);
      print(`Krok ${step + 1}: x = ${fmt(x.numpy() as number)}, y = ${fmt(y.numpy() as number)}, grad = ${fmt(grad.numpy() as number)}`);
      xs.push(x.numpy() as number);
    }
    return { x: xs, first_steps: xs.slice(0, 2), overflow: xs[4]! };
  },
  torch(print) {
    print('f(0) =', poly_int(0));
    const x = torch.tensor(3.0, { requires_grad: true });
    const optimizer = new torch.optim.SGD([x], { lr: 0.1 });
    const xs: Value[] = [];
    for (let step = 0; step < 5; step++) {
      optimizer.zero_grad();
      const y = poly_torch(x);
      y.backward();
      optimizer.step();
      print(`Krok ${step + 1}: x = ${fmt(x.item())}, y = ${fmt(y.item())}, grad = ${fmt(x.grad!.item())}`);
      xs.push(x.item());
    }
    return { x: xs, first_steps: xs.slice(0, 2), overflow: xs[4]! };
  },
};
