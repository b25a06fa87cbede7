import * as tf from '@twingrad/tf';

/** d(sum f(x))/dx with x a watched constant. */
export function grad(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  const tape = new tf.GradientTape();
  tape.watch(x);
  const y = tape.record(() => f(x));
  return tape.gradient(y, x) as tf.Tensor;
}
