/**
 * The tf facade's relu gradient is TensorFlow's ReluGrad kernel (tensorflow/core/kernels/relu_op_functor.h,
 * functor::ReluGrad), a product with a 0/1 mask, not a select:
 *
 *   backprops = gradients * (features > 0).cast<T>()      features = relu's output y (nn_grad.py's _ReluGrad)
 *
 * so, per element, in the dtype:
 *   y > 0:               g * 1 = g
 *   y <= 0, or y NaN:    g * 0 = +0 for a finite g >= +0, -0 for a negative g (or -0), NaN for g = +-inf or NaN
 *
 * The torch facade keeps PyTorch's threshold_backward(grad, result, 0), result <= 0 ? 0 : grad: +0 at y <= 0 for any
 * g, and g itself at a NaN y (NaN <= 0 is false).
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';
import { setWasmEnabled, wasmAvailable } from '@twingrad/core';
import * as torch from '../../torch/src/index.js';

const DTYPES = [['float32', tf.float32, torch.float32], ['float64', tf.float64, torch.float64]] as const;

// Inputs: y > 0, y = +0, y = -0 (relu keeps -0), x < 0 (y = +0), x NaN (y NaN).
const XS = [1.5, 0, -0, -1, NaN];
// Cotangents: positive, negative, +inf, -inf, NaN, +0, -0.
const GS = [3, -2, Infinity, -Infinity, NaN, 0, -0];
// TF, by hand from g * (y > 0 ? 1 : 0): the pass-through row for y > 0; g * 0 for every other row.
const TF_PASS = [3, -2, Infinity, -Infinity, NaN, 0, -0];
const TF_ZERO = [0, -0, NaN, NaN, NaN, 0, -0]; // 3*0, -2*0, inf*0, -inf*0, NaN*0, 0*0, -0*0
const TF_EXPECTED = [TF_PASS, TF_ZERO, TF_ZERO, TF_ZERO, TF_ZERO];
// torch, by hand from y <= 0 ? 0 : g: g for y > 0 and for a NaN y (NaN <= 0 is false), +0 elsewhere.
const TORCH_ZERO = [0, 0, 0, 0, 0, 0, 0];
const TORCH_EXPECTED = [TF_PASS, TORCH_ZERO, TORCH_ZERO, TORCH_ZERO, TF_PASS];

// Every (x, g) pair, twice: 70 elements, above the WASM threshold (kernels/binary.ts's simd: n >= 64, all float32),
// and not a multiple of 4, so that the SIMD loop and its scalar tail both run.
const PAIRS = [0, 1].flatMap(() => XS.flatMap((x, i) => GS.map((g, j) => ({ x, g, tf: TF_EXPECTED[i]![j]!, torch: TORCH_EXPECTED[i]![j]! }))));

const flat = (v: unknown): number[] => (typeof v === 'number' ? [v] : (v as unknown[]).flatMap(flat));
const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/** Object.is on every element (so -0 is not +0, and NaN is NaN), with the failing pair in the message. */
function expectSame(got: number[], want: number[], label: (i: number) => string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) expect.fail(`${label(i)}: got ${show(got[i]!)}, want ${show(want[i]!)}`);
  }
}

/** d relu(x)/dx with cotangent g, through tf.GradientTape's output_gradients. */
function tfReluGrad(x: number | number[], g: number | number[], dtype: tf.DType): number[] {
  const v = new tf.Variable(x, { dtype });
  const tape = new tf.GradientTape();
  const y = tape.record(() => tf.nn.relu(v));
  return flat(tape.gradient(y, v, { output_gradients: tf.constant(g, dtype) })!.numpy());
}

function torchReluGrad(x: number | number[], g: number | number[], dtype: torch.DType): number[] {
  const t = torch.tensor(x, { dtype, requires_grad: true });
  torch.relu(t).backward(torch.tensor(g, { dtype }));
  return flat(t.grad!.tolist());
}

const pairLabel = (name: string, i: number) => `${name}: x = ${show(PAIRS[i]!.x)}, g = ${show(PAIRS[i]!.g)}`;

/** Runs `f` with the WASM kernels off (the plain-TS kernels), then restores the previous setting. */
function wasmOff(f: () => void): void {
  const was = setWasmEnabled(false);
  try { f(); } finally { setWasmEnabled(was); }
}

describe("tf relu gradient: TensorFlow's ReluGrad, g * (y > 0 ? 1 : 0)", () => {
  for (const [name, tfd] of DTYPES) {
    it(`relu (${name}, 0-d, the scalar path): g passes where y > 0, g * 0 elsewhere (-0, NaN from the cotangent)`, () => {
      for (const [i, x] of XS.entries()) {
        for (const [j, g] of GS.entries()) {
          expectSame(tfReluGrad(x, g, tfd), [TF_EXPECTED[i]![j]!], () => `${name} x = ${show(x)}, g = ${show(g)}`);
        }
      }
    });

    it(`relu (${name}, 70 elements, the tensor path): the same values, with WASM on and off`, () => {
      const xs = PAIRS.map((p) => p.x), gs = PAIRS.map((p) => p.g), want = PAIRS.map((p) => p.tf);
      expectSame(tfReluGrad(xs, gs, tfd), want, (i) => pairLabel(name, i));
      wasmOff(() => expectSame(tfReluGrad(xs, gs, tfd), want, (i) => `${pairLabel(name, i)} (WASM off)`));
    });

    it(`relu (${name}): a negative cotangent from a product before the sum gives -0 at y <= 0 and at a NaN y`, () => {
      // d/dx sum(relu(x) * c) = c * (y > 0): c = -2 at x = -1, 0, NaN gives -0; at x = 2 it gives -2
      const x = new tf.Variable([-1, 0, NaN, 2], { dtype: tfd });
      const tape = new tf.GradientTape();
      const y = tape.record(() => tf.reduce_sum(tf.multiply(tf.nn.relu(x), tf.constant(-2, tfd))));
      expectSame(flat(tape.gradient(y, x)!.numpy()), [-0, -0, -0, -2], (i) => `${name} element ${i}`);
    });

    it(`relu (${name}): the second derivative applies the same product to the outer cotangent (_ReluGradGrad)`, () => {
      // inner: dx = w * (y > 0); outer: d/dw sum(dx * c) = c * (y > 0), so -0 at y <= 0 for c = -1, NaN for c = inf
      const x = new tf.Variable([-1, 2, 0], { dtype: tfd });
      const w = new tf.Variable([1, 1, 1], { dtype: tfd });
      const outer = new tf.GradientTape();
      const dx = outer.record(() => {
        const inner = new tf.GradientTape();
        const y = inner.record(() => tf.multiply(tf.nn.relu(x), w));
        return inner.gradient(y, x)!;
      });
      const z = outer.record(() => tf.reduce_sum(tf.multiply(dx, tf.constant([-1, -1, Infinity], tfd))));
      expectSame(flat(outer.gradient(z, w)!.numpy()), [-0, -1, NaN], (i) => `${name} element ${i}`);
    });
  }

  it('the WASM kernel is present here, so the 70-element float32 case ran it', () => {
    expect(wasmAvailable()).toBe(true);
  });
});

describe("torch relu gradient: PyTorch's threshold_backward, unchanged", () => {
  for (const [name, , td] of DTYPES) {
    it(`relu (${name}, 0-d): +0 at y <= 0 whatever g is, g itself at y > 0 and at a NaN y`, () => {
      for (const [i, x] of XS.entries()) {
        for (const [j, g] of GS.entries()) {
          expectSame(torchReluGrad(x, g, td), [TORCH_EXPECTED[i]![j]!], () => `${name} x = ${show(x)}, g = ${show(g)}`);
        }
      }
    });

    it(`relu (${name}, 70 elements): the same values, with WASM on and off`, () => {
      const xs = PAIRS.map((p) => p.x), gs = PAIRS.map((p) => p.g), want = PAIRS.map((p) => p.torch);
      expectSame(torchReluGrad(xs, gs, td), want, (i) => pairLabel(name, i));
      wasmOff(() => expectSame(torchReluGrad(xs, gs, td), want, (i) => `${pairLabel(name, i)} (WASM off)`));
    });
  }
});
