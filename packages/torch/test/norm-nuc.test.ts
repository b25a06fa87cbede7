// torch.norm(x, 'nuc', dim?, keepdim?): PyTorch 1.13's torch/functional.py sends p='nuc' to _VF.nuclear_norm (the
// Debian build's functional.py; later versions send it to torch.linalg.matrix_norm, same values): the two dims moved
// last, torch.linalg.svdvals, sum(-1). Expected values, strings, grad_fn names and errors were printed by real
// PyTorch 1.13 (Debian's /usr/bin/python3):
//
//   import torch
//   x = torch.tensor([[3., 0], [4, 5]], requires_grad=True)
//   n = torch.norm(x, 'nuc'); print(n); n.backward(); print(x.grad)
//   B = [[[1, -2, 3], [-4, 5, -6]], [[0.5, 7, -1], [2, -3, 0.25]]]
//   for dim, kd in [((1, 2), False), ((1, 2), True), ((2, 0), False), ((2, 0), True), ((-1, -3), True), ((0, 1), False)]:
//       x = torch.tensor(B, dtype=torch.float64, requires_grad=True)
//       n = torch.norm(x, 'nuc', dim=dim, keepdim=kd)
//       print(list(n.shape), n.grad_fn.name(), n.tolist(), torch.autograd.grad(n.sum(), x)[0].flatten().tolist())
//   x = torch.tensor([[1., 2], [3, 4]], dtype=torch.float64, requires_grad=True)
//   g, = torch.autograd.grad(torch.norm(x, 'nuc'), x, create_graph=True)
//   print(torch.autograd.grad((g * torch.tensor([[1., -1], [2, 0.5]], dtype=torch.float64)).sum(), x)[0])
//   A = [[0.7, -1.2, 0.3], [2.1, 0.3, -0.5], [-0.4, 1.8, 1.1], [1.0, 1.0, -2.0]]
//   for sc in (1e-20, 1e-21):                    # float32, singular values near sc: s^2 is subnormal
//       x = torch.tensor([[v * sc for v in r] for r in A], dtype=torch.float32, requires_grad=True)
//       g, = torch.autograd.grad(torch.norm(x, 'nuc'), x, create_graph=True)
//       print(torch.autograd.grad((g * torch.ones(4, 3)).sum(), x)[0].flatten().tolist())
//   x = torch.tensor([[1e150, 0], [0, 1e-10]], dtype=torch.float64, requires_grad=True)
//   torch.norm(x, 'nuc').backward(); print(x.grad)
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const B = [[[1, -2, 3], [-4, 5, -6]], [[0.5, 7, -1], [2, -3, 0.25]]];
const f64 = (a: unknown, requires_grad = true) => torch.tensor(a as number[], { dtype: torch.float64, requires_grad });
const flat = (t: torch.Tensor): number[] => Array.from(t._t.data);
const err = (f: () => unknown): [string, string] | null => {
  try { f(); return null; } catch (e) { return [(e as Error).name, (e as Error).message]; }
};

function expectClose(got: number[], want: number[], tol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!))));
}

// PyTorch 1.13, float64 (see above)
const CASES: Array<{ dim: [number, number]; keepdim: boolean; shape: number[]; grad_fn: string; value: number[]; grad: number[] }> = [
  { dim: [1, 2], keepdim: false, shape: [2], grad_fn: 'SumBackward1', value: [10.280901636369208, 9.731504909165356],
    grad: [-0.5777918268249784, -0.11511669510440335, 0.8080252170337844, -0.7067460209916913, 0.5657574390510242, -0.4247688571103573, 0.35930775138506216, 0.9202338233332352, -0.15513752024609373, 0.9298143763973304, -0.3672028905815873, -0.02464269858134132] },
  { dim: [1, 2], keepdim: true, shape: [2, 1, 1], grad_fn: 'PermuteBackward0', value: [10.280901636369208, 9.731504909165356],
    grad: [-0.5777918268249784, -0.11511669510440335, 0.8080252170337844, -0.7067460209916913, 0.5657574390510242, -0.4247688571103573, 0.35930775138506216, 0.9202338233332352, -0.15513752024609373, 0.9298143763973304, -0.3672028905815873, -0.02464269858134132] },
  { dim: [2, 0], keepdim: false, shape: [2], grad_fn: 'SumBackward1', value: [10.285092090719964, 11.416639818540858],
    grad: [0.37112248762954964, -0.12422687810819058, 0.9202368075289904, -0.3645014498777477, 0.4023462385625396, -0.8397953306321702, 0.15864000094645875, 0.9849238189486054, 0.06898130882640052, 0.41875123102377887, -0.7346879941049582, -0.5337424077531248] },
  { dim: [2, 0], keepdim: true, shape: [1, 2, 1], grad_fn: 'PermuteBackward0', value: [10.285092090719964, 11.416639818540858],
    grad: [0.37112248762954964, -0.12422687810819058, 0.9202368075289904, -0.3645014498777477, 0.4023462385625396, -0.8397953306321702, 0.15864000094645875, 0.9849238189486054, 0.06898130882640052, 0.41875123102377887, -0.7346879941049582, -0.5337424077531248] },
  { dim: [-1, -3], keepdim: true, shape: [1, 2, 1], grad_fn: 'PermuteBackward0', value: [10.285092090719964, 11.416639818540858],
    grad: [0.37112248762954964, -0.12422687810819058, 0.9202368075289904, -0.3645014498777477, 0.4023462385625396, -0.8397953306321702, 0.15864000094645875, 0.9849238189486054, 0.06898130882640052, 0.41875123102377887, -0.7346879941049582, -0.5337424077531248] },
  { dim: [0, 1], keepdim: false, shape: [3], grad_fn: 'SumBackward1', value: [5.4083269131959835, 12.041594578792296, 7.520804478245662],
    grad: [0.554700196225229, 0.08304547985374, 0.36565237242299364, -0.8320502943378435, 0.9965457582448795, -0.9307514934403476, 0.8320502943378435, 0.9965457582448796, -0.9307514934403475, 0.554700196225229, -0.08304547985373989, -0.36565237242299353] },
];

describe("torch.norm(x, 'nuc'): the sum of the singular values", () => {
  it('of a 2-D float32 matrix prints as PyTorch\'s, with grad_fn SumBackward1, and its gradient U V^T', () => {
    const x = torch.tensor([[3, 0], [4, 5]], { dtype: torch.float32, requires_grad: true });
    const n = torch.norm(x, 'nuc');
    // sqrt(45) + sqrt(5)
    expect(String(n)).toBe('tensor(8.9443, grad_fn=<SumBackward1>)');
    expect(n.grad_fn!.name()).toBe('SumBackward1');
    n.backward();
    expect(String(x.grad)).toBe('tensor([[ 0.8944, -0.4472],\n        [ 0.4472,  0.8944]])');
  });

  it('with keepdim and no dim keeps both dims as size 1 (PermuteBackward0)', () => {
    const x = torch.tensor([[1, -2, 3], [-4, 5, -6]], { dtype: torch.float32, requires_grad: true });
    expect(String(torch.norm(x, 'nuc'))).toBe('tensor(10.2809, grad_fn=<SumBackward1>)');
    expect(String(torch.norm(x, 'nuc', null, true))).toBe('tensor([[10.2809]], grad_fn=<PermuteBackward0>)');
    expect(String(torch.norm(x, { p: 'nuc', keepdim: true }))).toBe('tensor([[10.2809]], grad_fn=<PermuteBackward0>)');
    // the method, with Python's keywords as an options object
    expect(String(x.norm({ p: 'nuc' }))).toBe('tensor(10.2809, grad_fn=<SumBackward1>)');
    expect(String(x.norm('nuc'))).toBe('tensor(10.2809, grad_fn=<SumBackward1>)');
  });

  for (const cs of CASES) {
    it(`dim=(${cs.dim}), keepdim=${cs.keepdim}: shape [${cs.shape}], ${cs.grad_fn}, values and gradient as PyTorch's`, () => {
      const x = f64(B);
      const n = torch.norm(x, 'nuc', cs.dim, cs.keepdim);
      expect([n.shape.length === 0 ? [] : [...n.shape], n.grad_fn!.name()]).toEqual([cs.shape, cs.grad_fn]);
      expectClose(flat(n), cs.value, 4 * 2 ** -52);
      const [g] = torch.autograd.grad(n.sum(), x);
      expectClose(flat(g!), cs.grad, 1e-14);
    });
  }

  it('is differentiable twice: a Hessian-vector product as PyTorch\'s', () => {
    // PyTorch 1.13: g = [-0.5145, 0.8575, 0.8575, 0.5145] (U V^T), d <g, W> / dx = [0.1387, 0.0832, 0.0832, -0.1387]
    const x = f64([[1, 2], [3, 4]]);
    const [g] = torch.autograd.grad(torch.norm(x, 'nuc'), x, { create_graph: true });
    expectClose(flat(g!), [-0.5144957554275266, 0.8574929257125443, 0.8574929257125443, 0.5144957554275266], 1e-14);
    const [h] = torch.autograd.grad(g!.mul(f64([[1, -1], [2, 0.5]], false)).sum(), x);
    expectClose(flat(h!), [0.1387120909240881, 0.08322725455445285, 0.08322725455445285, -0.1387120909240881], 1e-13);
  });

  it('float32 with singular values near 1e-20: a finite second derivative, as PyTorch\'s (S multiplies before E divides)', () => {
    // s^2 - s_k^2 is subnormal in float32 there: divided first, X / E overflowed and the Hessian-vector product was NaN
    const A = [[0.7, -1.2, 0.3], [2.1, 0.3, -0.5], [-0.4, 1.8, 1.1], [1.0, 1.0, -2.0]];
    const want: Record<string, number[]> = {
      '1e-20': [5.272921756060248e+19, 3.965241790820673e+19, 6.1535386507367416e+19, -3.066563658439354e+19, -9.075696630128181e+18, 2.2992243615313428e+18, -1.5063872800240435e+18, 9.607384169436938e+18, 3.758760104194107e+19, 4.942570408862391e+19, 3.4702271424424313e+19, 4.1444155668551434e+19],
      '1e-21': [5.2729664402128005e+20, 3.965248124007649e+20, 6.153489128733027e+20, -3.066566077364935e+20, -9.07515347138406e+19, 2.2988624297912697e+19, -1.5065669951996035e+19, 9.607053216436978e+19, 3.7588168389941e+20, 4.9425077806800726e+20, 3.470291265960563e+20, 4.144433686806769e+20],
    };
    for (const sc of [1e-20, 1e-21]) {
      const x = torch.tensor(A.map((r) => r.map((v) => v * sc)), { dtype: torch.float32, requires_grad: true });
      const [g] = torch.autograd.grad(torch.norm(x, 'nuc'), x, { create_graph: true });
      const [h] = torch.autograd.grad(g!.mul(torch.ones([4, 3])).sum(), x);
      // E has some 16 bits left (subnormal) in both, so they agree to about 1e-5 of the largest value
      const w = want[String(sc)]!, big = Math.max(...w.map(Math.abs));
      flat(h!).forEach((v, i) => expect(Math.abs(v - w[i]!)).toBeLessThanOrEqual(1e-5 * big));
    }
  });

  it('of [[1e150, 0], [0, 1e-10]] has the gradient I (U V^T), as PyTorch\'s: no column norm underflows', () => {
    const x = f64([[1e150, 0], [0, 1e-10]]);
    const n = torch.norm(x, 'nuc');
    n.backward();
    expect([flat(n), flat(x.grad!)]).toEqual([[1e150 + 1e-10], [1, 0, 0, 1]]);
  });

  it('of an empty matrix is 0, with an empty gradient', () => {
    // PyTorch 1.13: torch.norm(torch.ones(0, 3, requires_grad=True), 'nuc') is tensor(0., grad_fn=<SumBackward1>)
    const x = torch.ones([0, 3], { requires_grad: true });
    const n = torch.norm(x, 'nuc');
    expect(String(n)).toBe('tensor(0., grad_fn=<SumBackward1>)');
    n.backward();
    expect([...x.grad!.shape]).toEqual([0, 3]);
    expect(flat(torch.norm(torch.zeros([2, 0, 3]), 'nuc', [1, 2]))).toEqual([0, 0]);
  });
});

describe("torch.norm(x, 'nuc'): PyTorch 1.13's refusals, in its order", () => {
  it('without dim, x must be 2-D (before its dtype is looked at)', () => {
    expect(err(() => torch.norm(torch.ones(3), 'nuc'))).toEqual(['RuntimeError', 'Expected a tensor with 2 dimensions, but got a tensor with 1 dimension instead.']);
    expect(err(() => torch.norm(torch.ones([]), 'nuc'))).toEqual(['RuntimeError', 'Expected a tensor with 2 dimensions, but got a tensor with 0 dimensions instead.']);
    expect(err(() => torch.norm(torch.ones(2, 3, 4), 'nuc'))).toEqual(['RuntimeError', 'Expected a tensor with 2 dimensions, but got a tensor with 3 dimensions instead.']);
    expect(err(() => torch.norm(torch.ones(3, { dtype: torch.int64 }), 'nuc'))).toEqual(['RuntimeError', 'Expected a tensor with 2 dimensions, but got a tensor with 1 dimension instead.']);
  });

  it('dim must name two dims, in range, and different', () => {
    const y = torch.ones(2, 3, 4);
    const size = ['RuntimeError', "nuclear norm requires a 'dim' argument of size 2"];
    expect(err(() => torch.norm(y, 'nuc', 1))).toEqual(size);
    expect(err(() => torch.norm(y, 'nuc', [1]))).toEqual(size);
    expect(err(() => torch.norm(y, 'nuc', []))).toEqual(size);
    expect(err(() => torch.norm(y, 'nuc', [0, 1, 2]))).toEqual(size);
    expect(err(() => torch.norm(y, 'nuc', [1, 3]))).toEqual(['IndexError', 'Dimension out of range (expected to be in range of [-3, 2], but got 3)']);
    expect(err(() => torch.norm(y, 'nuc', [-4, 1]))).toEqual(['IndexError', 'Dimension out of range (expected to be in range of [-3, 2], but got -4)']);
    expect(err(() => torch.norm(y, 'nuc', [1, 1]))).toEqual(['RuntimeError', 'duplicate or invalid dimensions']);
    expect(err(() => torch.norm(y, 'nuc', [1, -2]))).toEqual(['RuntimeError', 'duplicate or invalid dimensions']);
    expect(err(() => torch.norm(torch.ones(3), 'nuc', [0, -1]))).toEqual(['RuntimeError', 'duplicate or invalid dimensions']);
  });

  it('an integer or bool matrix is linalg.svd\'s refusal, after the dims are checked', () => {
    const i = torch.ones(2, 2, { dtype: torch.int64 });
    expect(err(() => torch.norm(i, 'nuc'))).toEqual(['RuntimeError', 'linalg.svd: Expected a floating point or complex tensor as input. Got Long']);
    expect(err(() => torch.norm(torch.ones(2, 2, { dtype: torch.bool }), 'nuc'))).toEqual(['RuntimeError', 'linalg.svd: Expected a floating point or complex tensor as input. Got Bool']);
    expect(err(() => torch.norm(i, 'nuc', [0, 0]))).toEqual(['RuntimeError', 'duplicate or invalid dimensions']);
    expect(err(() => torch.norm(i, 'nuc', [0, 5]))).toEqual(['IndexError', 'Dimension out of range (expected to be in range of [-2, 1], but got 5)']);
  });

  it('other strings are refused', () => {
    expect(err(() => torch.norm(torch.ones(2, 2), 'foo' as 'nuc'))).toEqual(['RuntimeError', "only valid string values are 'fro' and 'nuc', found foo"]);
  });
});
