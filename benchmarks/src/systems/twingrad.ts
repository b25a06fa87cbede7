import * as tf from '@twingrad/tf';
import * as torch from '@twingrad/torch';
import * as core from '@twingrad/core';
import { measure, type Budget, type Timing } from '../timing.js';
import { budget, figuresOf, type Figures, type Sizes, type System } from '../workloads.js';

const polyTf = (x: tf.Tensor | tf.Variable) => x.pow(4).mul(2).add(x.pow(3)).add(x.square().mul(3)).add(x.mul(5)).add(1);
const polyTorch = (x: torch.Tensor) => x.pow(4).mul(2).add(x.pow(3)).add(x.square().mul(3)).add(x.mul(5)).add(1);

/** W1 in TF style: record the polynomial on a fresh tape and differentiate, `steps` times. */
export function w1Tf(steps: number): number {
  const x = new tf.Variable(2.0);
  let last = 0;
  for (let i = 0; i < steps; i++) {
    const tape = new tf.GradientTape();
    const y = tape.record(() => polyTf(x));
    last = tape.gradient(y, x)!.numpy() as number;
  }
  return last;
}

/** W1 in PyTorch style: build the graph from a leaf, backward, read and reset .grad, `steps` times. */
export function w1Torch(steps: number): number {
  const x = torch.tensor(2.0, { requires_grad: true });
  let last = 0;
  for (let i = 0; i < steps; i++) {
    polyTorch(x).backward();
    last = x.grad!.item() as number;
    x.grad = null;
  }
  return last;
}

/**
 * The JS heap and the memory outside it (typed arrays' buffers, WASM memory) after full collections, in MB.
 * NOTE: two: the buffers of arrays the first collection finds dead are released only by the next one.
 */
function memoryNow(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 2 ** 20;
}

/**
 * Memory growth in MB between the two step counts of `s.memorySteps` in one process: the memory after m0 W1 steps,
 * then after m1 in all (m1 - m0 more), so that a leak shows as growth; null when this round skips it.
 */
export function heapGrowth(fn: (n: number) => unknown, s: Sizes): number | null {
  if (s.memorySteps === null) return null;
  const [m0, m1] = s.memorySteps;
  fn(m0);
  const before = memoryNow();
  fn(m1 - m0);
  return memoryNow() - before;
}

/** W2's training step in TF style: the MLP's variables, a batch, a GradientTape and Keras's SGD. */
function mlpStepTf(s: Sizes): () => void {
  const { batch, inp, hidden, out } = s.mlp;
  tf.random.set_seed(1);
  const W1 = new tf.Variable(tf.random.normal([inp, hidden], { stddev: 0.05 }));
  const b1 = new tf.Variable(tf.zeros([hidden]));
  const W2 = new tf.Variable(tf.random.normal([hidden, out], { stddev: 0.05 }));
  const b2 = new tf.Variable(tf.zeros([out]));
  const xb = tf.random.normal([batch, inp]);
  const yb = tf.constant(Array.from({ length: batch }, (_, i) => i % out), tf.int32);
  const opt = new tf.keras.optimizers.SGD({ learning_rate: 0.01 });
  const vars = [W1, b1, W2, b2];
  return () => {
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      const h = tf.nn.relu(tf.matmul(xb, W1).add(b1));
      const logits = tf.matmul(h, W2).add(b2);
      return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: yb, logits }));
    });
    const grads = tape.gradient(loss, vars);
    opt.apply_gradients(grads.map((g, i) => [g, vars[i]!] as [tf.Tensor, tf.Variable]));
  };
}

export const twingradTf: System = {
  name: 'twingrad (tf facade)',
  reference: true,
  check: (xs) => tfCheck(xs),
  async run(s: Sizes): Promise<Figures> {
    const opts = budget(s);
    const inner = Math.max(1, Math.floor(s.w1Steps / 10));
    const w1 = await measure(() => w1Tf(inner), { ...opts, inner });

    const w2 = await measure(mlpStepTf(s), opts);

    const n = s.matmulN;
    const a = tf.random.normal([n, n]);
    const b = tf.random.normal([n, n]);
    const w3fwd = await measure(() => tf.matmul(a, b), opts);
    const w3grad = await measure(() => {
      const tape = new tf.GradientTape();
      tape.watch([a, b]);
      const y = tape.record(() => tf.reduce_sum(tf.matmul(a, b)));
      tape.gradient(y, [a, b]);
    }, opts);

    const xs = tf.random.uniform([s.w4N], { minval: -1, maxval: 1 });
    const w4 = await measure(() => w4Tf(xs), opts);
    const heapGrowthMB = heapGrowth(w1Tf, s);
    return { ...figuresOf({ w1, w2, w3fwd, w3grad, w4 }), heapGrowthMB };
  },
};

export const twingradTorch: System = {
  name: 'twingrad (torch facade)',
  reference: true,
  check: (xs) => torchCheck(xs),
  async run(s: Sizes): Promise<Figures> {
    return { ...(await torchWorkloads(s)), heapGrowthMB: heapGrowth(w1Torch, s) };
  },
};

/**
 * Every workload in PyTorch style with the WASM kernels turned off: the plain TypeScript kernels, which stay the
 * reference and the fallback, must already beat tfjs-cpu and js-pytorch everywhere (issue 8). Not a reference row.
 */
export const twingradTypeScript: System = {
  name: 'twingrad, TypeScript kernels (torch facade)',
  async check(xs) {
    const was = core.setWasmEnabled(false);
    try {
      return await torchCheck(xs);
    } finally {
      core.setWasmEnabled(was);
    }
  },
  async run(s: Sizes): Promise<Figures> {
    const was = core.setWasmEnabled(false);
    try {
      return { ...(await torchWorkloads(s)), note: 'WASM kernels off' };
    } finally {
      core.setWasmEnabled(was);
    }
  },
};

async function torchWorkloads(s: Sizes): Promise<Figures> {
  const opts = budget(s);
  const inner = Math.max(1, Math.floor(s.w1Steps / 10));
  const w1 = await measure(() => w1Torch(inner), { ...opts, inner });

  const { w2, w3fwd, w3grad } = await torchMatmulWorkloads(s, opts);

  const xs = torch.rand([s.w4N]).mul(2).sub(1).requires_grad_();
  const w4 = await measure(() => w4Torch(xs), opts);
  return figuresOf({ w1, w2, w3fwd, w3grad, w4 });
}

/** W4 in TF style: y = sum(tanh(1.5x + 0.5)^2) and dy/dx. */
function w4Tf(xs: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const tape = new tf.GradientTape();
  tape.watch(xs);
  const y = tape.record(() => tf.reduce_sum(tf.square(tf.tanh(xs.mul(1.5).add(0.5)))));
  return [y, tape.gradient(y, xs)!];
}

/** W4 in PyTorch style. */
function w4Torch(xs: torch.Tensor): [torch.Tensor, torch.Tensor] {
  const y = torch.tanh(xs.mul(1.5).add(0.5)).square().sum();
  return [y, torch.autograd.grad(y, [xs])[0]!];
}

/** The W1 gradient and W4's [y, ...dy/dx] at `xs` through the code the timings run (the smoke test compares them). */
const tfCheck = async (xs: number[]) => {
  const [y, g] = w4Tf(tf.constant(xs));
  return { w1: w1Tf(1), w4: [y.numpy() as number, ...(g.numpy() as number[])] };
};
const torchCheck = async (xs: number[]) => {
  const [y, g] = w4Torch(torch.tensor(xs, { requires_grad: true }));
  return { w1: w1Torch(1), w4: [y.item() as number, ...(g.tolist() as number[])] };
};

/** W2 and W3 in PyTorch style (the workloads whose time is in matmul). */
async function torchMatmulWorkloads(s: Sizes, opts: Budget): Promise<{ w2: Timing; w3fwd: Timing; w3grad: Timing }> {
  const { batch, inp, hidden, out } = s.mlp;
  torch.manual_seed(1);
  const W1 = torch.randn([inp, hidden]).mul(0.05).requires_grad_();
  const b1 = torch.zeros([hidden], { requires_grad: true });
  const W2 = torch.randn([hidden, out]).mul(0.05).requires_grad_();
  const b2 = torch.zeros([out], { requires_grad: true });
  const xb = torch.randn([batch, inp]);
  const yb = torch.tensor(Array.from({ length: batch }, (_, i) => i % out), { dtype: torch.int64 });
  const opt = new torch.optim.SGD([W1, b1, W2, b2], { lr: 0.01 });
  const w2 = await measure(() => {
    opt.zero_grad();
    const logits = torch.relu(xb.matmul(W1).add(b1)).matmul(W2).add(b2);
    torch.nn.functional.cross_entropy(logits, yb).backward();
    opt.step();
  }, opts);

  const n = s.matmulN;
  const a = torch.randn([n, n], { requires_grad: true });
  const b = torch.randn([n, n], { requires_grad: true });
  const w3fwd = await measure(() => torch.no_grad(() => a.matmul(b)), opts);
  const w3grad = await measure(() => torch.autograd.grad(a.matmul(b).sum(), [a, b]), opts);
  return { w2, w3fwd, w3grad };
}

/**
 * W2 and W3 again with matmul on two threads (torch.set_num_threads(2)). Not a reference for the ratios: the
 * issue's targets are on one thread, and a second thread pays off only while the other core is idle.
 */
export const twingradThreads: System = {
  name: 'twingrad, 2 threads (torch facade)',
  async run(s: Sizes): Promise<Figures> {
    torch.set_num_threads(2);
    try {
      const { w2, w3fwd, w3grad } = await torchMatmulWorkloads(s, budget(s));
      return { ...figuresOf({ w2, w3fwd, w3grad }), note: `${torch.get_num_threads()} threads` };
    } finally {
      torch.set_num_threads(1);
    }
  },
};
