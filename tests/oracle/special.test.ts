import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import * as tf from '@twingrad/tf';

// Ops at special values (inf, nan, signed zeros, extremes), each compared with what PyTorch 1.13 printed (float64)
// for the Python in the comment; Object.is semantics (toEqual), so -0 and +0 differ and NaN equals NaN.
const d = { dtype: torch.float64 };
const grad2 = (f: (x: torch.Tensor, y: torch.Tensor) => torch.Tensor, a: number, b: number): number[] => {
  const x = torch.tensor(a, { ...d, requires_grad: true }), y = torch.tensor(b, { ...d, requires_grad: true });
  const z = f(x, y);
  return [z.item() as number, ...torch.autograd.grad(z, [x, y]).map((g) => g!.item() as number)];
};

describe('special values against PyTorch 1.13', () => {
  it("pow follows C's pow: 1^inf, 1^nan and (-1)^-inf are 1", () => {
    // g2(torch.pow, 1., inf) -> (1.0, inf, 0.0); (-1., -inf) -> (1.0, -inf, nan); (1., nan) -> (1.0, nan, 0.0)
    expect(grad2(torch.pow, 1, Infinity)).toEqual([1, Infinity, 0]);
    expect(grad2(torch.pow, -1, -Infinity)).toEqual([1, -Infinity, NaN]);
    expect(grad2(torch.pow, 1, NaN)).toEqual([1, NaN, 0]);
    expect(torch.tensor([1, -1], d).pow(Infinity).tolist()).toEqual([1, 1]);
  });

  it('log_softmax subtracts the max before the log of the sum: [1e16, 1e16] is -log 2, not 0', () => {
    // torch.log_softmax(tensor([1e16, 1e16]), 0) -> [-0.6931471805599453, -0.6931471805599453], and the same for [1, 1]
    expect(torch.log_softmax(torch.tensor([1e16, 1e16], d), 0).tolist()).toEqual([-0.6931471805599453, -0.6931471805599453]);
    expect(torch.log_softmax(torch.tensor([1, 1], d), 0).tolist()).toEqual([-0.6931471805599453, -0.6931471805599453]);
  });

  it('sign(nan) and sign(-0) are +0; erf(-0) is -0', () => {
    // torch.sign(tensor([nan, -0.])) -> [0.0, 0.0]; torch.erf(tensor([-0.])) -> [-0.0]
    expect(torch.sign(torch.tensor([NaN, -0], d)).tolist()).toEqual([0, 0]);
    expect(torch.erf(torch.tensor([-0], d)).tolist()).toEqual([-0]);
  });

  it('maximum and minimum with a NaN operand give g to both inputs (PyTorch) or to y (TensorFlow)', () => {
    // g2(torch.maximum, nan, 1.) -> (nan, 1.0, 1.0); g2(torch.minimum, 1., nan) -> (nan, 1.0, 1.0)
    expect(grad2(torch.maximum, NaN, 1)).toEqual([NaN, 1, 1]);
    expect(grad2(torch.minimum, 1, NaN)).toEqual([NaN, 1, 1]);
    // TensorFlow's _MaximumGrad: xmask = x >= y, false for a NaN: gx = 0, gy = g
    const x = tf.constant(NaN, 'float64'), y = tf.constant(1, 'float64');
    const t = new tf.GradientTape();
    const z = t.record(() => { t.watch([x, y]); return tf.maximum(x, y); });
    expect(t.gradient(z, [x, y]).map((g: tf.Tensor | null) => g!.numpy())).toEqual([0, 1]);
  });

  it("elu's gradient at NaN is g; div's gradient wrt y is -g (x / y) / y, which does not overflow y * y", () => {
    // torch.autograd.grad(F.elu(tensor([nan])).sum(), x) -> [1.0]
    const x = torch.tensor([NaN], { ...d, requires_grad: true });
    expect(torch.autograd.grad(torch.nn.functional.elu(x).sum(), [x])[0]!.tolist()).toEqual([1]);
    // g2(torch.div, 0., 5e-324) -> (0.0, inf, -0.0); g2(torch.div, inf, 1.7976931348623157e308) -> (inf, 5.562684646268003e-309, -inf)
    expect(grad2(torch.div, 0, 5e-324)).toEqual([0, Infinity, -0]);
    expect(grad2(torch.div, Infinity, 1.7976931348623157e308)).toEqual([Infinity, 5.562684646268003e-309, -Infinity]);
  });
});
