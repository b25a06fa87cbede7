/**
 * The unary rules a review of the tf facade's math found following PyTorch where TensorFlow differs (/tmp/review_tfmath.md,
 * findings 1, 3, 5 and 6): each now computes both ways, `convention: 'tf'` taking TensorFlow's. Expected PyTorch values
 * were checked on PyTorch 1.13 (quoted beside them); TensorFlow's come from the source cited, by hand or NumPy.
 */
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const leaf = (v: number[] | number, dtype: c.DType = 'float64'): c.Tensor => {
  const t = c.fromArray(v, dtype);
  t.requiresGrad = true;
  return t;
};

/** d(sum(seed * f(x)))/dx, in a pass that records nothing; `hooked` keeps every node in the tensor lane. */
function grad(f: (x: c.Tensor) => c.Tensor, x: c.Tensor, seed: number[] | number, hooked = false): c.Tensor {
  const y = f(x);
  if (hooked) y.hooks = [(g) => g];
  return c.backward([y], [c.fromArray(seed, y.dtype)], { tape: null, sources: [x], accumulate: null, retainGraph: true, createGraph: false })[0]!;
}

/** The first-order gradient (recorded) and d(sum(w * it))/dx, or null where the second is unconnected. */
function grad2(f: (x: c.Tensor) => c.Tensor, x: c.Tensor, seed: number[], w: number[]): [c.Tensor, c.Tensor | null] {
  const y = f(x);
  const [g] = c.backward([y], [c.fromArray(seed, y.dtype)], { tape: null, sources: [x], accumulate: null, retainGraph: true, createGraph: true });
  const z = c.sum(c.mul(g!, c.fromArray(w, x.dtype)));
  if (z.node === null) return [g!, null];
  return [g!, c.backward([z], [c.ones([], z.dtype)], { tape: null, sources: [x], accumulate: null, retainGraph: true, createGraph: false })[0]!];
}

const bits = (t: c.Tensor | null): string[] => (t === null ? ['null'] : Array.from(t.data, (v) => (Object.is(v, -0) ? '-0' : String(v))));

describe('sqrt, rsqrt, reciprocal: TensorFlow\'s gradient kernels return 0 for a 0 incoming gradient', () => {
  // cwise_ops_gradients.h: scalar_sqrt_gradient_op, scalar_rsqrt_gradient_op and scalar_inverse_gradient_op start with
  // `if (output_gradient == T(0)) return T(0);`. PyTorch 1.13 (derivatives.yaml: grad / (2 * result),
  // -0.5 * grad * result.pow(3), -grad * result * result): x = torch.tensor([0., 4.], dtype=torch.float64,
  // requires_grad=True); torch.sqrt(x).backward(torch.tensor([0., 0.], dtype=torch.float64)); x.grad -> [nan, 0.]
  const ops = { sqrt: c.sqrt, rsqrt: c.rsqrt, reciprocal: c.reciprocal };
  it('at x = 0 with g = 0: torch NaN, tf 0', () => {
    for (const [name, f] of Object.entries(ops)) {
      expect(bits(grad((x) => f(x), leaf([0, 4]), [0, 0])), name).toEqual(['NaN', name === 'rsqrt' ? '-0' : name === 'reciprocal' ? '-0' : '0']);
      expect(bits(grad((x) => f(x, 'tf'), leaf([0, 4]), [0, 0])), name).toEqual(['0', name === 'rsqrt' ? '-0' : name === 'reciprocal' ? '-0' : '0']);
      // a nonzero g at 0 is the same in both: 1 / (2 * 0) = inf, -0.5 * inf^3, -inf^2
      expect(bits(grad((x) => f(x, 'tf'), leaf([0]), [1])), name).toEqual(bits(grad((x) => f(x), leaf([0]), [1])));
    }
    // sqrt of a negative number: NaN output; g = 0 gives TF's 0 there too, g = 1 NaN in both
    expect(bits(grad((x) => c.sqrt(x, 'tf'), leaf([-1, -1]), [0, 1]))).toEqual(['0', 'NaN']);
    expect(bits(grad((x) => c.sqrt(x), leaf([-1, -1]), [0, 1]))).toEqual(['NaN', 'NaN']);
  });

  it('away from that edge the tf rule is PyTorch\'s, bit for bit, to second order (zero signs included)', () => {
    // NOTE: TF gives +0 where PyTorch's zero is -0 (g = -0, or rsqrt's -0.5 * g); the tf rule keeps PyTorch's sign
    // there on purpose (see zeroWhereNoGradient), so that only the input decides the listed divergence.
    const xs = [0.3, 1.7, 4, 1e-3, 9.5];
    const seed = [0, -0, 1.25, -2, 0.5], w = [1.5, -0.75, 0, 2, -0];
    for (const dtype of ['float32', 'float64'] as const) {
      for (const [name, f] of Object.entries(ops)) {
        const [g1, h1] = grad2((x) => f(x), leaf(xs, dtype), seed, w);
        const [g2, h2] = grad2((x) => f(x, 'tf'), leaf(xs, dtype), seed, w);
        expect(bits(g2), `${name} ${dtype}`).toEqual(bits(g1));
        expect(bits(h2), `${name} ${dtype}`).toEqual(bits(h1));
      }
    }
  });

  it('the scalar lane gives what the tensor rule gives, with either rule, special values included', () => {
    const special = [0, -0, 1, 0.25, -1, Infinity, NaN, 1e-30];
    for (const dtype of ['float32', 'float64'] as const) {
      for (const convention of ['torch', 'tf'] as const) {
        for (const u of special) {
          for (const g of [0, -0, 1, -2.5, Infinity, NaN]) {
            const fast = grad((x) => c.sqrt(x, convention), leaf(u, dtype), g);
            const slow = grad((x) => c.sqrt(x, convention), leaf(u, dtype), g, true);
            expect(bits(fast), `sqrt ${convention} ${dtype} x=${u} g=${g}`).toEqual(bits(slow));
          }
        }
      }
    }
    // and the lane does take TF's mask: sqrt(0) with g = 0
    expect(bits(grad((x) => c.sqrt(x, 'tf'), leaf(0), 0))).toEqual(['0']);
  });
});

describe('expm1: PyTorch differentiates from the result, TensorFlow from exp(x)', () => {
  it('float64 far below 0: torch g * (expm1(x) + 1) cancels to 0, tf g * exp(x) does not', () => {
    // PyTorch 1.13: x = torch.tensor([-40., -20.], dtype=torch.float64, requires_grad=True); torch.expm1(x).sum().backward();
    // x.grad -> [0.0, 2.0611535811454473e-09]. _Expm1Grad (math_grad.py): grad * exp(x); np.exp(-40.) = 4.248354255291589e-18,
    // np.exp(-20.) = 2.061153622438558e-09.
    expect(Array.from(grad((x) => c.expm1(x), leaf([-40, -20]), [1, 1]).data)).toEqual([0, 2.0611535811454473e-9]);
    expect(Array.from(grad((x) => c.expm1(x, 'tf'), leaf([-40, -20]), [1, 1]).data)).toEqual([4.248354255291589e-18, 2.061153622438558e-9]);
  });

  it('float32 at -20 and -30: tf is exp(x) in float32 (np.exp(np.float32(-20)) = 2.0611537e-09, -30: 9.357623e-14), torch 0', () => {
    // PyTorch 1.13: x = torch.tensor([-20., -17.], requires_grad=True); torch.expm1(x).sum().backward(); x.grad -> [0., 0.]
    expect(Array.from(grad((x) => c.expm1(x), leaf([-20, -30], 'float32'), [1, 1]).data)).toEqual([0, 0]);
    expect(Array.from(grad((x) => c.expm1(x, 'tf'), leaf([-20, -30], 'float32'), [1, 1]).data))
      .toEqual([Math.fround(2.0611537e-9), Math.fround(9.357623e-14)]);
  });

  it('where exp(x) and expm1(x) + 1 are one number, the tf rule is PyTorch\'s to second order, bit for bit', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      // inputs where the slopes agree (checked here, else the comparison below would test nothing new)
      const xs = [0, 1, -0.5, 2, 0.001].filter((v) => {
        const t = c.fromArray([v], dtype);
        return Object.is(c.exp(t).first, c.add(c.expm1(t), 1).first);
      });
      expect(xs.length, dtype).toBeGreaterThanOrEqual(3);
      // expm1(x)^2: the result is used twice, so second-order cotangents meet at it
      const f = (conv: 'torch' | 'tf') => (x: c.Tensor) => c.square(c.expm1(x, conv));
      const seed = xs.map((_, i) => i - 1.5), w = xs.map((_, i) => 0.5 + i);
      const [g1, h1] = grad2(f('torch'), leaf(xs, dtype), seed, w);
      const [g2, h2] = grad2(f('tf'), leaf(xs, dtype), seed, w);
      expect(bits(g2), dtype).toEqual(bits(g1));
      expect(bits(h2), dtype).toEqual(bits(h1));
    }
  });

  it('the tf rule\'s second derivative where the slopes differ is exp(x)\'s: d/dx (g * exp(x)) = g * exp(x)', () => {
    // float64 at -40: d2/dx2 expm1(x) = exp(x) = 4.248354255291589e-18 (NumPy); torch's (expm1(x) + 1) * (expm1(x) + 1)-
    // chain gives 0 there
    const [, h] = grad2((x) => c.expm1(x, 'tf'), leaf([-40]), [1], [1]);
    expect(Array.from(h!.data)).toEqual([4.248354255291589e-18]);
    const [, ht] = grad2((x) => c.expm1(x), leaf([-40]), [1], [1]);
    expect(Array.from(ht!.data)).toEqual([0]);
  });
});

describe('x ** p for a number p: PyTorch masks p = 0, TensorFlow\'s _PowGrad does not', () => {
  it('first order at p = 0: torch +0 everywhere; tf (g * 0) * x^-1 = [NaN, 0, -0] at [0, 2, -2]', () => {
    // PyTorch 1.13: x = torch.tensor([0., 2., -2.], dtype=torch.float64, requires_grad=True); (x ** 0).sum().backward();
    // x.grad -> [0., 0., 0.]. math_grad.py _PowGrad, scalar exponent: grad * y * math_ops.pow(x, y - 1).
    expect(bits(grad((x) => c.powScalar(x, 0), leaf([0, 2, -2]), [1, 1, 1]))).toEqual(['0', '0', '0']);
    expect(bits(grad((x) => c.powScalar(x, 0, 'tf'), leaf([0, 2, -2]), [1, 1, 1]))).toEqual(['NaN', '0', '-0']);
  });

  it('the second derivative of x ** 1 goes through p = 0: torch 0, tf NaN at 0', () => {
    // PyTorch 1.13: (g,) = torch.autograd.grad((x ** 1).sum(), x, create_graph=True); torch.autograd.grad(g.sum(), x)
    // -> [0., 0., 0.]. TF: d/dx [(g * 1) * pow(x, 0)] = ((1 * 1) * 0) * pow(x, -1).
    const [g1, h1] = grad2((x) => c.powScalar(x, 1), leaf([0, 2, -2]), [1, 1, 1], [1, 1, 1]);
    const [g2, h2] = grad2((x) => c.powScalar(x, 1, 'tf'), leaf([0, 2, -2]), [1, 1, 1], [1, 1, 1]);
    expect(bits(g1)).toEqual(['1', '1', '1']);
    expect(bits(g2)).toEqual(['1', '1', '1']);
    expect(bits(h1)).toEqual(['0', '0', '0']);
    expect(bits(h2)).toEqual(['NaN', '0', '-0']);
  });

  it("each framework's pow kernel: PyTorch's x*x*x, 1/(x*x) and 1/sqrt(x) rounded at each step; TensorFlow's pow rounded once", () => {
    // PyTorch 1.13 (PowKernel.cpp): xs = torch.tensor([10338.3779296875, 0.7, 1.3, 2.9]); xs.pow(3) ->
    // [1104987029504.0, 0.34299999475479126, 2.1969997882843018, 24.38900375366211]; xs.pow(-2) -> [9.356107888436327e-09,
    // 2.040816307067871, 0.5917160511016846, 0.11890605092048645]; xs.pow(-0.5) -> [0.009834987111389637,
    // 1.1952285766601562, 0.8770579695701599, 0.5872201919555664]. TensorFlow's pow (std::pow) is the exact power
    // rounded once to float32, which float64 arithmetic on these float32 values gives here.
    const xs = [10338.3779296875, 0.7, 1.3, 2.9];
    const torchWant: Record<number, number[]> = {
      3: [1104987029504.0, 0.34299999475479126, 2.1969997882843018, 24.38900375366211],
      [-2]: [9.356107888436327e-09, 2.040816307067871, 0.5917160511016846, 0.11890605092048645],
      [-0.5]: [0.009834987111389637, 1.1952285766601562, 0.8770579695701599, 0.5872201919555664],
    };
    const x32 = c.fromArray(xs, 'float32');
    for (const p of [3, -2, -0.5]) {
      expect(Array.from(c.powScalar(x32, p).data), `torch p = ${p}`).toEqual(torchWant[p]);
      const exact = Array.from(x32.data, (v) => Math.fround(p === -0.5 ? 1 / Math.sqrt(v) : p === 3 ? v * v * v : 1 / (v * v)));
      expect(Array.from(c.powScalar(x32, p, 'tf').data), `tf p = ${p}`).toEqual(exact);
    }
    // the gradient reads the same kernel at p - 1, in each framework's order. PyTorch 1.13: xr = xs.clone().requires_grad_();
    // xr.pow(4).backward(torch.tensor([3., 3, 3, 3])); xr.grad -> [13259844354048.0, 4.116000175476074, 26.363998413085938,
    // 292.66802978515625]; xr.pow(-1).backward(torch.full([4], 0.1)) -> [-9.356108110480932e-10, -0.20408163964748383,
    // -0.05917160585522652, -0.011890605092048645]
    expect(Array.from(grad((x) => c.powScalar(x, 4), leaf(xs, 'float32'), [3, 3, 3, 3]).data))
      .toEqual([13259844354048.0, 4.116000175476074, 26.363998413085938, 292.66802978515625]);
    expect(Array.from(grad((x) => c.powScalar(x, -1), leaf(xs, 'float32'), [0.1, 0.1, 0.1, 0.1]).data))
      .toEqual([-9.356108110480932e-10, -0.20408163964748383, -0.05917160585522652, -0.011890605092048645]);
  });

  it('rsqrt divides by the rounded root, as both frameworks\' kernels (1 / std::sqrt(a) in the dtype)', () => {
    // PyTorch 1.13: torch.tensor([0.7, 1.3, 2.9, 10338.3779296875]).rsqrt() -> [1.1952285766601562, 0.8770579695701599,
    // 0.5872201919555664, 0.009834987111389637]; rounding 1/sqrt(1.3) once gives 0.8770580291748047
    const x32 = c.fromArray([0.7, 1.3, 2.9, 10338.3779296875], 'float32');
    const want = [1.1952285766601562, 0.8770579695701599, 0.5872201919555664, 0.009834987111389637];
    expect(Array.from(c.rsqrt(x32).data)).toEqual(want);
    expect(Array.from(c.rsqrt(x32, 'tf').data)).toEqual(want);
  });

  it('float64 integer powers are correctly rounded (glibc pow, which both frameworks call; Math.pow is an ulp off at times)', () => {
    // the exact powers rounded once (Python: float(Fraction(x) ** p)): 3.192^7 = 3376.293391864469, 1.435^-3 =
    // 0.33841086403780923, 4.946495981123817^4 = 598.6743374644976; Math.pow gives 3376.2933918644694,
    // 0.3384108640378093 and 598.6743374644975
    const x = c.fromArray([3.192, 1.435, 4.946495981123817], 'float64');
    expect(c.powScalar(x, 7, 'tf').data[0]).toBe(3376.293391864469);
    expect(c.powScalar(x, -3, 'tf').data[1]).toBe(0.33841086403780923);
    expect(c.powScalar(x, 4).data[2]).toBe(598.6743374644976);
  });

  it('the scalar lane gives what the tensor rule gives for TF\'s p = 0', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const u of [0, -0, 2, -2, Infinity, -Infinity, NaN]) {
        for (const g of [1, -1, 0, Infinity]) {
          const fast = grad((x) => c.powScalar(x, 0, 'tf'), leaf(u, dtype), g);
          const slow = grad((x) => c.powScalar(x, 0, 'tf'), leaf(u, dtype), g, true);
          expect(bits(fast), `${dtype} x=${u} g=${g}`).toEqual(bits(slow));
        }
      }
    }
  });
});

describe('sign: a zero gradient, never g * 0', () => {
  it('an infinite or NaN incoming gradient still gives 0, as in both frameworks', () => {
    // PyTorch 1.13: x = torch.tensor([0., 4.], dtype=torch.float64, requires_grad=True);
    // torch.sign(x).backward(torch.tensor([inf, nan], dtype=torch.float64)); x.grad -> [0., 0.].
    // TF: _SignGrad returns array_ops.zeros(shape(x)) and never reads grad.
    expect(bits(grad((x) => c.sign(x), leaf([0, 4]), [Infinity, NaN]))).toEqual(['0', '0']);
    // sqrt(sign(x)) at 0: sqrt's gradient at 0 is inf, and sign's rule must not multiply it
    expect(bits(grad((x) => c.sqrt(c.sign(x)), leaf([0, 4]), [1, 1]))).toEqual(['0', '0']);
  });

  it('the zeros are unconnected: no second derivative through them (PyTorch 1.13: the gradient does not require grad)', () => {
    const [g, h] = grad2((x) => c.sign(x), leaf([0, 4]), [1, 1], [1, 1]);
    expect(bits(g)).toEqual(['0', '0']);
    expect(h).toBeNull();
  });
});
