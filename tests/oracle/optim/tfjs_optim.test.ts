import { describe, expect, it } from 'vitest';
import * as tfjs from '@tensorflow/tfjs';
import * as tf from '@twingrad/tf';
import { START, grad, type Problem } from './problems.js';

// The Keras optimizers of the tf facade against TensorFlow.js 4.22's optimizers, where the two formulas
// coincide: plain SGD, and momentum at a constant rate (tfjs: a = m*a + g; w -= lr*a, which is Keras's
// v = m*v - lr*g; w += v in other units). Gradients are the hand-derived ones of problems.ts, fed to both
// optimizers in float32 for 20 steps; tolerance 1e-5 relative / 1e-6 absolute (tfjs's cpu backend is float32).
tfjs.enableProdMode();
await tfjs.setBackend('cpu');

const PROBLEMS: Problem[] = ['quadratic', 'rosenbrock', 'lstsq'];
const STEPS = 20;

function runTfjs(problem: Problem, make: () => tfjs.Optimizer): number[][][] {
  const vars = START[problem].map((p) => tfjs.variable(tfjs.tensor1d(p)));
  const opt = make();
  const path: number[][][] = [];
  for (let s = 0; s < STEPS; s++) {
    const gs = grad(problem, vars.map((v) => v.dataSync()));
    opt.applyGradients(vars.reduce((acc, v, i) => {
      acc[v.name] = tfjs.tensor1d(gs[i]!);
      return acc;
    }, {} as Record<string, tfjs.Tensor>));
    path.push(vars.map((v) => Array.from(v.dataSync())));
  }
  return path;
}

function runFacade(problem: Problem, make: () => { apply_gradients(gv: Array<[tf.Tensor, tf.Variable]>): unknown }): number[][][] {
  const vars = START[problem].map((p) => new tf.Variable(tf.constant(p)));
  const opt = make();
  const path: number[][][] = [];
  for (let s = 0; s < STEPS; s++) {
    const gs = grad(problem, vars.map((v) => [v.numpy()].flat() as number[]));
    opt.apply_gradients(vars.map((v, i) => [tf.constant(gs[i]!), v] as [tf.Tensor, tf.Variable]));
    path.push(vars.map((v) => [v.numpy()].flat() as number[]));
  }
  return path;
}

function expectPathsClose(a: number[][][], b: number[][][]): void {
  a.forEach((step, s) => step.forEach((p, i) => p.forEach((v, j) => {
    const ref = b[s]![i]![j]!;
    expect(Math.abs(v - ref), `step ${s + 1}, parameter ${i}[${j}]: ${v} vs ${ref}`).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(ref));
  })));
}

describe('tf.keras.optimizers against TensorFlow.js where the formulas coincide', () => {
  for (const problem of PROBLEMS) {
    it(`SGD (learning_rate 0.001) follows tfjs's sgd on ${problem} for ${STEPS} steps`, () => {
      expectPathsClose(runFacade(problem, () => new tf.keras.optimizers.SGD({ learning_rate: 0.001 })), runTfjs(problem, () => tfjs.train.sgd(0.001)));
    });
    it(`SGD with momentum 0.9 at a constant rate follows tfjs's momentum optimizer on ${problem}`, () => {
      expectPathsClose(
        runFacade(problem, () => new tf.keras.optimizers.SGD({ learning_rate: 0.001, momentum: 0.9 })),
        runTfjs(problem, () => tfjs.train.momentum(0.001, 0.9)),
      );
    });
  }
});
