import * as tf from '@twingrad/tf';
import * as torch from '@twingrad/torch';
import type { Section } from '../section.js';

// The notebook's closing table, row by row, each row shown live in both styles on f(x) = x^2 at x = 3.

const errorText = (fn: () => unknown): string => {
  try { fn(); return 'no error'; } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; }
};

export const tracking: Section = {
  id: 'tracking',
  title: '8. Śledzenie gradientów: requires_grad=True vs tape (Variable watched automatically)',
  row: { aspect: 'Śledzenie gradientów', torch: 'requires_grad=True', tf: 'kontekst tf.GradientTape; tf.Variable obserwowana automatycznie' },
  differs: { untracked: 'TensorFlow returns None for an unwatched constant; PyTorch refuses to backward from an untracked result.' },
  tf(print) {
    const c = tf.constant(3.0);
    const t1 = new tf.GradientTape();
    const y1 = t1.record(() => c.mul(c));
    const none = t1.gradient(y1, c);
    print('constant, not watched -> gradient:', none === null ? 'None' : none.numpy());
    const v = new tf.Variable(3.0);
    const t2 = new tf.GradientTape();
    const y2 = t2.record(() => v.mul(v));
    const g = t2.gradient(y2, v)!;
    print('Variable (watched automatically) -> gradient:', g.numpy());
    return { untracked: none === null ? 'None' : 'tensor', tracked: g.numpy() };
  },
  torch(print) {
    const c = torch.tensor(3.0);
    const y1 = c.mul(c);
    const err = errorText(() => y1.backward());
    print('requires_grad=False -> backward():', err);
    const x = torch.tensor(3.0, { requires_grad: true });
    x.mul(x).backward();
    print('requires_grad=True -> x.grad:', x.grad!.item());
    return { untracked: err, tracked: x.grad!.item() };
  },
};

export const triggering: Section = {
  id: 'triggering',
  title: '8. Wyzwalanie backprop: loss.backward() vs tape.gradient(loss, vars)',
  row: { aspect: 'Wyzwalanie backprop', torch: 'loss.backward()', tf: 'tape.gradient(loss, vars)' },
  tf(print) {
    const x = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => x.mul(x));
    const [g] = tape.gradient(loss, [x]);
    print('tape.gradient(loss, [x]) ->', g!.numpy());
    return { grad: g!.numpy() };
  },
  torch(print) {
    const x = torch.tensor(3.0, { requires_grad: true });
    const loss = x.mul(x);
    loss.backward();
    print('loss.backward(); x.grad ->', x.grad!.item());
    return { grad: x.grad!.item() };
  },
};

export const accumulation: Section = {
  id: 'accumulation',
  title: '8. Kumulacja gradientów: .grad accumulates; tape gradients are returned, never stored',
  row: { aspect: 'Kumulacja gradientów', torch: '.grad kumuluje, trzeba zerować', tf: 'gradienty zwracane jednorazowo' },
  differs: { second: 'PyTorch adds the second backward into .grad (6 + 6); a tape returns the same 6 again.' },
  tf(print) {
    const x = new tf.Variable(3.0);
    const tape = new tf.GradientTape({ persistent: true });
    const loss = tape.record(() => x.mul(x));
    const g1 = tape.gradient(loss, x)!.numpy();
    const g2 = tape.gradient(loss, x)!.numpy();
    print('first tape.gradient ->', g1, '; second ->', g2);
    return { first: g1, second: g2 };
  },
  torch(print) {
    const x = torch.tensor(3.0, { requires_grad: true });
    const loss = x.mul(x);
    loss.backward({ retain_graph: true });
    const g1 = x.grad!.item();
    loss.backward();
    const g2 = x.grad!.item();
    print('after one backward, x.grad ->', g1, '; after two ->', g2);
    x.grad!.zero_();
    print('after x.grad.zero_() ->', x.grad!.item());
    return { first: g1, second: g2 };
  },
};

export const inplace: Section = {
  id: 'inplace',
  title: '8. Operacje in-place: x.sub_() under no_grad vs Variable.assign_sub()',
  row: { aspect: 'Operacje in-place', torch: 'Dozwolone (trzeba uważać)', tf: 'Brak na tensorach; tf.Variable.assign*' },
  note: "The notebook's table says TensorFlow has no in-place operations. Its tensors have none, but a tf.Variable " +
    'is updated in place by assign, assign_add and assign_sub (what the optimizers do); the row says so.',
  differs: { refused: 'PyTorch refuses an in-place op on a leaf that requires grad; TensorFlow tensors have no in-place ops at all.' },
  tf(print) {
    const x = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => x.mul(x));
    const g = tape.gradient(loss, x)!;
    x.assign_sub(g.mul(0.1));
    print('x.assign_sub(0.1 * grad) -> x =', x.numpy());
    const refused = 'tf.Tensor has no in-place methods';
    print('on a tf.constant:', refused);
    return { after: x.numpy() as number, refused };
  },
  torch(print) {
    const x = torch.tensor(3.0, { requires_grad: true });
    x.mul(x).backward();
    torch.no_grad(() => x.sub_(x.grad!.mul(0.1)));
    print('with torch.no_grad(): x.sub_(0.1 * x.grad) -> x =', x.item());
    const refused = errorText(() => x.add_(1));
    print('x.add_(1) outside no_grad ->', refused);
    return { after: x.item(), refused };
  },
};

export const eager: Section = {
  id: 'eager',
  title: '8. Domyślne obliczenia: both eager, values available at once',
  row: { aspect: 'Domyślne obliczenia', torch: 'Tryb eager', tf: 'Tryb eager (TF 2.x)' },
  tf(print) {
    const y = tf.constant(3.0).mul(tf.constant(3.0));
    print('tf.constant(3.0) * tf.constant(3.0) ->', y);
    return { y: y.numpy() };
  },
  torch(print) {
    const y = torch.tensor(3.0).mul(torch.tensor(3.0));
    print('torch.tensor(3.0) * torch.tensor(3.0) ->', y);
    return { y: y.item() };
  },
};
