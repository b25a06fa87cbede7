import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { measure } from '../timing.js';
import { budget, figuresOf, type Figures, type Sizes, type System } from '../workloads.js';

/** TensorFlow.js 4.22 on one backend ('cpu': plain JS; 'wasm': SIMD, one thread under Node). */
const poly = (x: tf.Tensor) => x.pow(4).mul(2).add(x.pow(3)).add(x.square().mul(3)).add(x.mul(5)).add(1);
const dpoly = tf.grad(poly);
const w4 = tf.valueAndGrad((x: tf.Tensor) => tf.tanh(x.mul(1.5).add(0.5)).square().sum());

export function tfjsSystem(backend: 'cpu' | 'wasm'): System {
  return {
    name: `tfjs-${backend}`,
    async check(xs) {
      await tf.setBackend(backend);
      await tf.ready();
      return tf.tidy(() => {
        const r = w4(tf.tensor1d(xs));
        return { w1: dpoly(tf.scalar(2)).dataSync()[0]!, w4: [r.value.dataSync()[0]!, ...r.grad.dataSync()] };
      });
    },
    async run(s: Sizes): Promise<Figures> {
      await tf.setBackend(backend);
      await tf.ready();
      const opts = budget(s);
      const x0 = tf.scalar(2);
      const inner = Math.max(1, Math.floor(s.w1Steps / 10));
      const w1 = await measure(() => { for (let i = 0; i < inner; i++) tf.tidy(() => dpoly(x0).dataSync()); }, { ...opts, inner });

      const w2 = await measure(mlpStep(s), opts);

      const n = s.matmulN;
      const a = tf.randomNormal([n, n]);
      const b = tf.randomNormal([n, n]);
      // NOTE: the callback returns nothing: tf.tidy walks a returned TypedArray element by element (~50 ms here).
      const w3fwd = await measure(() => tf.tidy(() => { tf.matMul(a, b).dataSync(); }), opts);
      const gmm = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q).sum());
      const w3grad = await measure(() => tf.tidy(() => { const [ga, gb] = gmm([a, b]); ga!.dataSync(); gb!.dataSync(); }), opts);

      const xs = tf.randomUniform([s.w4N], -1, 1);
      const t4 = await measure(() => tf.tidy(() => { const r = w4(xs); r.value.dataSync(); r.grad.dataSync(); }), opts);
      tf.disposeVariables();
      return figuresOf({ w1, w2, w3fwd, w3grad, w4: t4 });
    },
  };
}

/** W2's training step: the MLP's variables, a batch, and tf.train.sgd minimizing the softmax cross-entropy. */
function mlpStep(s: Sizes): () => void {
  const { batch, inp, hidden, out } = s.mlp;
  const W1 = tf.variable(tf.randomNormal([inp, hidden], 0, 0.05));
  const b1 = tf.variable(tf.zeros([hidden]));
  const W2 = tf.variable(tf.randomNormal([hidden, out], 0, 0.05));
  const b2 = tf.variable(tf.zeros([out]));
  const xb = tf.randomNormal([batch, inp]);
  const yb = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % out), 'int32'), out);
  const sgd = tf.train.sgd(0.01);
  return () => {
    const loss = sgd.minimize(() => {
      const h = tf.relu(tf.matMul(xb, W1).add(b1));
      const logits = tf.matMul(h, W2).add(b2);
      return tf.losses.softmaxCrossEntropy(yb, logits) as tf.Scalar;
    }, true);
    loss!.dataSync();
    loss!.dispose();
  };
}
