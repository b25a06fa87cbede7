/**
 * svdvals: the one-sided Jacobi kernel against singular values known in closed form and values recorded from PyTorch
 * 1.13 (torch.linalg.svdvals: LAPACK, float64), its factors (A = U diag(s) V^T with orthonormal columns), and the
 * gradient rule (U diag(g) V^T) against central differences and against PyTorch's svd_backward, with what happens at
 * repeated and zero singular values.
 *
 * The PyTorch values were recorded with Debian's python3-torch 1.13 (`/usr/bin/python3`):
 *
 *   import torch
 *   d = torch.float64
 *   A1 = [[2, -1, 0.5], [0.3, 1.7, -2.2], [1.1, 0.4, 0.9]]
 *   A2 = [[1, 2, -0.5, 3], [-1.5, 0.25, 2, 1]]
 *   A3 = [[0.7, -1.2], [2.1, 0.3], [-0.4, 1.8], [1.0, 1.0]]
 *   B = [[[1, 2], [3, 4], [5, 6]], [[-1, 0.5], [2, -2], [0.25, 3]]]
 *   L = lambda t: [float(v) for v in t.detach().flatten()]
 *   for a in (A1, A2, A3, B):
 *       x = torch.tensor(a, dtype=d, requires_grad=True)
 *       print(L(torch.linalg.svdvals(x)))
 *       print(L(torch.autograd.grad(torch.linalg.matrix_norm(x, 'nuc').sum(), x)[0]))
 *       print(L(torch.autograd.grad(torch.linalg.matrix_norm(x, 2).sum(), x)[0]))
 *       W = torch.tensor(L(x)[::-1], dtype=d).reshape(x.shape)        # x's values reversed
 *       g1, = torch.autograd.grad(torch.linalg.matrix_norm(x, 'nuc').sum(), x, create_graph=True)
 *       print(L(torch.autograd.grad((g1 * W).sum(), x)[0]))             # a Hessian-vector product
 *   # the edge cases below: the same three gradients (W = ones) of torch.tensor(a, dtype=d) for
 *   # a = [[0., 0], [0, 0]], [[0., 0, 0], [0, 0, 0]], [[1., 0], [0, 1]], [[3., 0], [0, -2]], [[3., -4]], [[0., 0, 0]]
 *   # matrices spanning a wide range: svdvals and the nuclear-norm and 2-norm gradients of
 *   # a = [[1, 2], [3e-160, 1e-160]], [[1, 2], [3e-300, 1e-300]]; and of zeros(256, 256) the nuclear norm's gradient
 *
 * The largest singular values of the larger matrices are mpmath's (50 digits; /usr/bin/python3 with python3-mpmath):
 * LAPACK's top right singular vector refined by power iteration on A^T A, then |A v| / |v|:
 *
 *   import mpmath, torch
 *   mpmath.mp.dps = 50
 *   def lcg(m, n, seed):          # the same draws as `lcg` below
 *       x, out = seed, []
 *       for _ in range(m * n):
 *           x = (x * 16807) % 2147483647
 *           out.append(x / 2147483648 - 0.5)
 *       return out
 *   for m, n, seed in [(200, 150, 2), (150, 200, 3)]:
 *       d = lcg(m, n, seed)
 *       A = [[mpmath.mpf(d[r * n + q]) for q in range(n)] for r in range(m)]
 *       v = [mpmath.mpf(float(t)) for t in torch.linalg.svd(torch.tensor(d, dtype=torch.float64).reshape(m, n))[2][0]]
 *       for _ in range(10):
 *           w = [mpmath.fsum(A[r][q] * v[q] for q in range(n)) for r in range(m)]
 *           s = mpmath.sqrt(mpmath.fsum(t * t for t in w)) / mpmath.sqrt(mpmath.fsum(t * t for t in v))
 *           v = [mpmath.fsum(A[r][q] * w[r] for r in range(m)) for q in range(n)]
 *       print(mpmath.nstr(s, 25))
 */
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';
import { svdInto } from '../src/kernels/svd.js';
import { expectClose, f64, gradcheck, gradgradcheck, randomTensor } from './util/gradcheck.js';

const EPS = 2 ** -52;
const vals = (t: c.Tensor): number[] => Array.from(t.data);
const mat = (a: number[][] | number[][][]): c.Tensor => c.fromArray(a, 'float64');

/** |got - want| <= ulps * eps * max|want|: the accuracy of an SVD, relative to the largest singular value. */
function expectUlps(got: ArrayLike<number>, want: readonly number[], ulps: number, label = 'values'): void {
  const big = Math.max(...want.map(Math.abs));
  expectClose(got, want, { rtol: 0, atol: ulps * EPS * big }, label);
}

/** The reduced factors of one row-major m x n matrix from the kernel, as plain arrays. */
function factorsOf(a: ArrayLike<number>, m: number, n: number): { s: Float64Array; u: Float64Array; v: Float64Array; k: number } {
  const k = Math.min(m, n);
  const s = new Float64Array(k), u = new Float64Array(m * k), v = new Float64Array(n * k);
  svdInto(Float64Array.from(a), 1, m, n, s, u, v);
  return { s, u, v, k };
}

/** A row-major m x n matrix's transpose. */
const transposed = (a: ArrayLike<number>, m: number, n: number): Float64Array => Float64Array.from({ length: m * n }, (_, e) => a[(e % m) * n + Math.floor(e / m)]!);

/** max |U diag(s) V^T - A| and the largest departures of U^T U and V^T V from the identity. */
function defects(a: ArrayLike<number>, m: number, n: number): { recon: number; uOrth: number; vOrth: number } {
  const { s, u, v, k } = factorsOf(a, m, n);
  let recon = 0, uOrth = 0, vOrth = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let r = 0;
    for (let p = 0; p < k; p++) r += u[i * k + p]! * s[p]! * v[j * k + p]!;
    recon = Math.max(recon, Math.abs(r - a[i * n + j]!));
  }
  for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) {
    let du = 0, dv = 0;
    for (let i = 0; i < m; i++) du += u[i * k + p]! * u[i * k + q]!;
    for (let j = 0; j < n; j++) dv += v[j * k + p]! * v[j * k + q]!;
    uOrth = Math.max(uOrth, Math.abs(du - (p === q ? 1 : 0)));
    vOrth = Math.max(vOrth, Math.abs(dv - (p === q ? 1 : 0)));
  }
  return { recon, uOrth, vOrth };
}

/** An m x n matrix of Park-Miller draws in [-0.5, 0.5): x -> 16807 x mod (2^31 - 1), exact in float64 as in Python. */
function lcg(m: number, n: number, seed: number): c.Tensor {
  let x = seed;
  return f64([m, n], Float64Array.from({ length: m * n }, () => { x = (x * 16807) % 2147483647; return x / 2147483648 - 0.5; }));
}

/** |got - want| <= ulps * eps * |want| for each value: relative accuracy, however small the value. */
function expectRelative(got: ArrayLike<number>, want: readonly number[], ulps: number, label = 'values'): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(Math.abs(got[i]! - w), `${label}[${i}]`).toBeLessThanOrEqual(ulps * EPS * Math.abs(w)));
}

/** d sum(f(x)) / dx, recorded when `createGraph`. */
function grad(f: (x: c.Tensor) => c.Tensor, x: c.Tensor, createGraph = false): c.Tensor {
  x.requiresGrad = true;
  const y = c.sum(f(x));
  return c.backward([y], [c.scalar(1, 'float64')], { tape: null, sources: [x], accumulate: null, retainGraph: createGraph, createGraph })[0]!;
}

/** d <grad nuc(x), W> / dx: a Hessian-vector product of the nuclear norm. */
function hvp(x: c.Tensor, W: c.Tensor, convention: c.Convention = 'torch'): c.Tensor {
  const g1 = grad((t) => nuc(t, convention), x, true);
  return c.backward([c.sum(c.mul(g1, W))], [c.scalar(1, 'float64')], { tape: null, sources: [x], accumulate: null, retainGraph: false, createGraph: false })[0]!;
}

const nuc = (x: c.Tensor, convention: c.Convention = 'torch'): c.Tensor => c.sum(c.svdvals(x, convention), -1);
// torch.linalg.matrix_norm(x, 2) is amax(svdvals(x), -1): ties share the gradient evenly
const two = (x: c.Tensor): c.Tensor => c.amax(c.svdvals(x), -1);

const A1 = [[2, -1, 0.5], [0.3, 1.7, -2.2], [1.1, 0.4, 0.9]];
const A2 = [[1, 2, -0.5, 3], [-1.5, 0.25, 2, 1]];
const A3 = [[0.7, -1.2], [2.1, 0.3], [-0.4, 1.8], [1.0, 1.0]];
const B = [[[1, 2], [3, 4], [5, 6]], [[-1, 0.5], [2, -2], [0.25, 3]]];

// PyTorch 1.13 (see the script above): svdvals, d nuc, d 2-norm, the Hessian-vector product of nuc with x reversed
const TORCH: Record<string, { a: number[][] | number[][][]; s: number[]; nuc: number[]; two: number[]; hvp: number[] }> = {
  'A1 (3 x 3)': {
    a: A1,
    s: [3.1027879369023235, 2.153240417050285, 0.993107609977157],
    nuc: [0.8422099674676192, -0.5295786469893011, -0.10113766534369578, 0.26781274663734495, 0.5737336327666438, -0.774019412786884, 0.46793023351430685, 0.6248009085183631, 0.6250320961981668],
    two: [0.19645286937341566, -0.3108973296323008, 0.39373453135257075, -0.29136391745332746, 0.46109921517747837, -0.5839570369088185, 0.0973027323929715, -0.15398685579593197, 0.19501596418655112],
    hvp: [0.28853173345134836, 0.5109531840101257, -0.27275292469702567, -0.18154031114649077, 0.7195439279667915, 0.47054083703493277, -0.4154155439583338, -0.22765116683633774, 0.5385677798021092],
  },
  'A2 (2 x 4, wide)': {
    a: A2,
    s: [3.7935824136809755, 2.677915695202227],
    nuc: [0.2885678797091268, 0.5277010360311051, -0.16329729500346674, 0.7820448764722059, -0.5721246460294073, 0.062397625413468785, 0.7501572912732739, 0.32564392224948835],
    two: [0.20368049170235192, 0.5260183023457345, -0.05620281548924115, 0.8118461686995692, 0.028773439847644786, 0.07430930598607963, -0.007939632888903153, 0.11468750249657905],
    hvp: [0.2599596844488466, 0.5244269812772738, -0.020196359722257563, -0.45400807279391475, 1.0895834561165294, -0.277461614540665, 0.7265989808113295, 0.2936550177045227],
  },
  'A3 (4 x 2, tall)': {
    a: A3,
    s: [2.464956880328953, 2.398747085067318],
    nuc: [0.28729129531660613, -0.5012968700011411, 0.8523809242812821, 0.1197866565269721, -0.1668787292290712, 0.750363144723622, 0.40380931302730577, 0.4138934115030406],
    two: [0.16403679774509208, 0.03752323442157552, 0.8360355487364413, 0.19124219877028545, 0.004529017145994316, 0.0010360076178307638, 0.47370011232896425, 0.108358372053006],
    hvp: [0.18335493423214533, 0.7304524015250996, 0.30309244288493736, -0.11457655923972661, 0.3090907325252347, 0.4374263480144234, -0.642495891344984, 0.12483802351028248],
  },
  'B (2 x 3 x 2, a batch)': {
    a: B,
    s: [9.52551809156511, 0.5143005806586441, 3.8350935386611313, 1.8985672360281676],
    nuc: [-0.5510032429894985, 0.7278246763805066, 0.13615851867190826, 0.5610652289408111, 0.8233202803333143, 0.3943057815011161, -0.44687787587157113, 0.05801118992168283, 0.8039307301970232, -0.4116948027789692, 0.39242266129951514, 0.9094735241933414],
    two: [0.14242040947973922, 0.1804061820006255, 0.3251473611905616, 0.4118692976255792, 0.5078743129013839, 0.6433324132505328, -0.07827020276372706, 0.2013201963544812, 0.24460471048996135, -0.6291521754929098, -0.2556334023169036, 0.6575192721112162],
    hvp: [2.3970822900933793, -1.6535650398478883, -4.403017226081787, 3.494458956229729, 2.332395380770793, -1.9201188768208528, 3.69752535443175, 2.139594722826224, 1.7814583942002713, 1.0374627128055889, 0.5610611985953874, 0.3331571101934748],
  },
};

describe('svdvals: singular values known in closed form', () => {
  it('a diagonal matrix gives |d| in descending order, exactly (no rotation is needed)', () => {
    expect(vals(c.svdvals(mat([[0.5, 0, 0], [0, -3, 0], [0, 0, 2]])))).toEqual([3, 2, 0.5]);
    // a rectangular "diagonal" too, both ways round
    expect(vals(c.svdvals(mat([[0, 0, -7, 0], [1.25, 0, 0, 0]])))).toEqual([7, 1.25]);
    expect(vals(c.svdvals(mat([[0, 1.25], [-7, 0], [0, 0], [0, 0]])))).toEqual([7, 1.25]);
  });

  it('a rank-1 matrix u v^T has one singular value |u| |v|, the others zero to rounding', () => {
    // |u| = |[1, 2, 2]| = 3 and |v| = |[2, -1, 2, 4]| = 5: s = 15 (the products are exact in float64)
    const u = [1, 2, 2], v = [2, -1, 2, 4];
    const s = vals(c.svdvals(mat(u.map((a) => v.map((b) => a * b)))));
    expectUlps(s, [15, 0, 0], 4, 'rank 1');
    const t = vals(c.svdvals(mat(v.map((a) => u.map((b) => a * b)))));
    expectUlps(t, [15, 0, 0], 4, 'rank 1, transposed');
  });

  it('2 x 2: s = (sqrt((a+d)^2 + (c-b)^2) +- sqrt((a-d)^2 + (b+c)^2)) / 2', () => {
    const closed = ([[a, b], [cc, d]]: number[][]): number[] => {
      const p = Math.hypot(a! + d!, cc! - b!), q = Math.hypot(a! - d!, b! + cc!);
      return [(p + q) / 2, Math.abs(p - q) / 2];
    };
    for (const m of [[[3, 0], [4, 5]], [[1.5, -0.7], [2.2, 0.4]], [[-2, 1e-3], [7, -3.5]], [[1, 1], [1, 1]]]) {
      expectUlps(vals(c.svdvals(mat(m))), closed(m), 4, `[${m}]`);
    }
    // [[3, 0], [4, 5]]: 3 sqrt(5) and sqrt(5)
    expectUlps(vals(c.svdvals(mat([[3, 0], [4, 5]]))), [3 * Math.sqrt(5), Math.sqrt(5)], 4);
  });

  it('an orthogonal matrix has every singular value 1', () => {
    const th = 0.7;
    const rotation = [[Math.cos(th), -Math.sin(th)], [Math.sin(th), Math.cos(th)]];
    expectUlps(vals(c.svdvals(mat(rotation))), [1, 1], 4, 'rotation');
    // the Householder reflection I - 2 w w^T / |w|^2 with w = [1, -2, 3, 1]
    const w = [1, -2, 3, 1], ww = 15;
    const H = w.map((a, i) => w.map((b, j) => (i === j ? 1 : 0) - (2 * a * b) / ww));
    expectUlps(vals(c.svdvals(mat(H))), [1, 1, 1, 1], 8, 'reflection');
  });
});

describe('svdvals: against PyTorch 1.13 (LAPACK) in float64', () => {
  for (const [name, t] of Object.entries(TORCH)) {
    it(`${name}: the same singular values, in the same order, within 4 ulp of the largest`, () => {
      const s = c.svdvals(mat(t.a));
      expect(s.shape).toEqual(name.startsWith('B') ? [2, 2] : [t.s.length]);
      // B's two matrices separately: the tolerance is relative to each one's largest value
      if (name.startsWith('B')) {
        expectUlps(vals(s).slice(0, 2), t.s.slice(0, 2), 4);
        expectUlps(vals(s).slice(2), t.s.slice(2), 4);
      } else expectUlps(vals(s), t.s, 4);
    });
  }

  it('float32: the float64 result rounded once', () => {
    const x = randomTensor([3, 5, 4], 5, { dtype: 'float32' });
    const s = c.svdvals(x);
    expect(s.dtype).toBe('float32');
    const wide = c.svdvals(c.cast(x, 'float64'));
    expect(vals(s)).toEqual(vals(wide).map(Math.fround));
  });
});

describe('svdvals: the kernel\'s factors', () => {
  it('reconstruct A (U diag(s) V^T) with orthonormal U and V, square, tall and wide', () => {
    for (const [a, m, n] of [[A1.flat(), 3, 3], [A2.flat(), 2, 4], [A3.flat(), 4, 2]] as const) {
      const d = defects(a, m, n);
      expect(d.recon).toBeLessThan(1e-14);
      expect(Math.max(d.uOrth, d.vOrth)).toBeLessThan(1e-14);
    }
  });

  it('hold for larger random matrices, and for rank-deficient ones', () => {
    for (const [m, n, seed] of [[40, 25, 1], [25, 40, 2], [30, 30, 3]]) {
      const a = randomTensor([m, n], seed).data;
      const d = defects(a, m, n);
      expect(d.recon).toBeLessThan(1e-13);
      expect(Math.max(d.uOrth, d.vOrth)).toBeLessThan(1e-13);
      // rank 2: p q^T + r t^T
      const r2 = Float64Array.from({ length: m * n }, (_, e) => {
        const i = Math.floor(e / n), j = e % n;
        return Math.sin(i + 1) * Math.cos(j) + ((i % 3) - 1) * (j / n);
      });
      const e = defects(r2, m, n);
      expect(e.recon).toBeLessThan(1e-13);
      expect(Math.max(e.uOrth, e.vOrth)).toBeLessThan(1e-13);
      const s = factorsOf(r2, m, n).s;
      expect(s[2]!).toBeLessThan(1e-13 * s[0]!);
    }
  });

  it('of a zero matrix are the identity\'s columns, as LAPACK returns them (U = V = I)', () => {
    // PyTorch 1.13: torch.linalg.svd(torch.zeros(3, 2), full_matrices=False) gives U = [[1, 0], [0, 1], [0, 0]], Vh = I
    const f = factorsOf(new Float64Array(6), 3, 2);
    expect([Array.from(f.s), Array.from(f.u), Array.from(f.v)]).toEqual([[0, 0], [1, 0, 0, 1, 0, 0], [1, 0, 0, 1]]);
    const g = factorsOf(new Float64Array(6), 2, 3);
    expect([Array.from(g.s), Array.from(g.u), Array.from(g.v)]).toEqual([[0, 0], [1, 0, 0, 1], [1, 0, 0, 1, 0, 0]]);
  });

  it('take huge and tiny entries without overflow or underflow (scaled by a power of two)', () => {
    expectUlps(vals(c.svdvals(mat([[1e200, 3e199], [0, 2e199]]))), vals(c.svdvals(mat([[1, 0.3], [0, 0.2]]))).map((v) => v * 1e200), 8, 'huge');
    expectUlps(vals(c.svdvals(mat([[1e-200, 3e-201], [0, 2e-201]]))), vals(c.svdvals(mat([[1, 0.3], [0, 0.2]]))).map((v) => v * 1e-200), 8, 'tiny');
    expect(vals(c.svdvals(mat([[Number.MAX_VALUE, 0], [0, Number.MAX_VALUE]])))).toEqual([Number.MAX_VALUE, Number.MAX_VALUE]);
  });
});

describe('svdvals: shapes and edge cases', () => {
  it('empty matrices give no singular values; 1 x N and N x 1 give the vector\'s length', () => {
    expect(c.svdvals(c.zeros([0, 3], 'float64')).shape).toEqual([0]);
    expect(c.svdvals(c.zeros([2, 3, 0], 'float64')).shape).toEqual([2, 0]);
    expect(c.svdvals(c.zeros([0, 2, 2], 'float64')).shape).toEqual([0, 2]);
    expect(vals(c.svdvals(mat([[3, -4]])))).toEqual([5]);
    expect(vals(c.svdvals(mat([[3], [-4]])))).toEqual([5]);
  });

  it('zero matrices give zeros; NaN or inf anywhere in a matrix gives NaN for that matrix only', () => {
    expect(vals(c.svdvals(c.zeros([2, 3], 'float64')))).toEqual([0, 0]);
    expect(vals(c.svdvals(mat([[[NaN, 1], [2, 3]], [[3, 0], [0, 1]]])))).toEqual([NaN, NaN, 3, 1]);
    // PyTorch 1.13 gives [nan, nan] for an inf (and raises LinAlgError for a NaN: docs/divergences.md)
    expect(vals(c.svdvals(mat([[Infinity, 1], [2, 3]])))).toEqual([NaN, NaN]);
  });

  it('refuses fewer than two dimensions and integer or bool tensors, naming the op', () => {
    expect(() => c.svdvals(c.ones([3]))).toThrow('svdvals: expected a matrix or a batch of matrices (rank >= 2), got shape [3]');
    expect(() => c.svdvals(c.ones([2, 2], 'int32'))).toThrow('svdvals: expected a float32 or float64 tensor, got int32');
  });
});

describe('svdvals: the gradient U diag(g) V^T', () => {
  for (const [name, t] of Object.entries(TORCH)) {
    it(`${name}: nuclear-norm and 2-norm gradients match PyTorch's svd_backward to 1e-14`, () => {
      expectClose(vals(grad(nuc, mat(t.a))), t.nuc, { rtol: 1e-14, atol: 1e-14 }, 'nuc');
      expectClose(vals(grad(two, mat(t.a))), t.two, { rtol: 1e-14, atol: 1e-14 }, '2-norm');
    });

    it(`${name}: the Hessian-vector product matches PyTorch's (second derivative through U and V)`, () => {
      const x = mat(t.a);
      const W = f64(x.shape, vals(x).reverse());
      expectClose(vals(hvp(x, W)), t.hvp, { rtol: 1e-12, atol: 1e-12 }, 'hvp');
    });
  }

  it('match central differences to second order (square, tall, wide, batched; both conventions)', () => {
    for (const [shape, seed] of [[[3, 3], 1], [[4, 2], 2], [[2, 5], 3], [[2, 2, 3], 4], [[1, 4], 5], [[4, 1], 6]] as const) {
      for (const conv of ['torch', 'tf'] as const) {
        const x = randomTensor(shape, seed);
        gradcheck((t) => c.svdvals(t, conv), [x], { label: `${conv} [${shape}]` });
        gradgradcheck((t) => c.svdvals(t, conv), [x], { label: `${conv} [${shape}]`, rtol: 1e-5, atol: 1e-5 });
      }
    }
  });

  it('is differentiable a third time: the gradient of a Hessian-vector product matches central differences', () => {
    const x0 = randomTensor([3, 2], 9), W = f64([3, 2], [0.3, -0.2, 0.5, 0.1, -0.4, 0.25]), V = f64([3, 2], [1, -1, 0.5, 2, -0.5, 0.75]);
    const third = (x: c.Tensor): c.Tensor => {
      const g1 = grad((t) => nuc(t), x, true);
      const h = c.backward([c.sum(c.mul(g1, W))], [c.scalar(1, 'float64')], { tape: null, sources: [x], accumulate: null, retainGraph: true, createGraph: true })[0]!;
      return c.sum(c.mul(h, V));
    };
    const x = c.clone(x0);
    const got = vals(grad(third, x));
    const want = vals(x0).map((_, i) => {
      const e = 1e-5, at = (d: number) => { const y = c.clone(x0); y.data[i] = y.data[i]! + d; return third(y).data[0]!; };
      return (at(e) - at(-e)) / (2 * e);
    });
    expectClose(got, want, { rtol: 1e-5, atol: 1e-5 }, 'third derivative');
  });

  it('records PyTorch\'s grad_fn name, LinalgSvdBackward0', () => {
    const x = mat(A1);
    x.requiresGrad = true;
    expect(c.svdvals(x).node?.name).toBe('LinalgSvdBackward0');
  });

  it('of an empty matrix is an empty gradient', () => {
    const g = grad((t) => c.svdvals(t), c.zeros([0, 3], 'float64'));
    expect([g.shape, g.size]).toEqual([[0, 3], 0]);
  });
});

describe('svdvals: gradients at repeated and zero singular values', () => {
  it('at the identity: the nuclear-norm gradient is I and the 2-norm\'s I / 2 (amax splits the tie), as PyTorch', () => {
    // U V^T restricted to a repeated singular value does not depend on the basis LAPACK or Jacobi picks
    expect(vals(grad(nuc, mat([[1, 0], [0, 1]])))).toEqual([1, 0, 0, 1]);
    expect(vals(grad(two, mat([[1, 0], [0, 1]])))).toEqual([0.5, 0, 0, 0.5]);
  });

  it('at the identity the second derivative is NaN in PyTorch\'s convention (1 / (s_j^2 - s_k^2)) and finite in TF\'s', () => {
    // PyTorch 1.13: the Hessian-vector product of matrix_norm(x, 'nuc') at eye(2) with W = ones is [nan, nan, nan, nan]
    const ones = f64([2, 2], [1, 1, 1, 1]);
    expect(vals(hvp(mat([[1, 0], [0, 1]]), ones))).toEqual([NaN, NaN, NaN, NaN]);
    // TF's _SafeReciprocal makes the 0 / 0 a 0
    expect(vals(hvp(mat([[1, 0], [0, 1]]), ones, 'tf')).every(Number.isFinite)).toBe(true);
  });

  it('at a zero matrix: the nuclear-norm gradient is I (LAPACK\'s U = V = I; Jacobi completes the same basis), the 2-norm\'s I / k', () => {
    // PyTorch 1.13: zeros(2, 2) gives [1, 0, 0, 1] and [0.5, 0, 0, 0.5]; zeros(2, 3) [1, 0, 0, 0, 1, 0] and halves;
    // zeros(1, 3) [1, 0, 0] for both
    expect(vals(grad(nuc, c.zeros([2, 2], 'float64')))).toEqual([1, 0, 0, 1]);
    expect(vals(grad(two, c.zeros([2, 2], 'float64')))).toEqual([0.5, 0, 0, 0.5]);
    expect(vals(grad(nuc, c.zeros([2, 3], 'float64')))).toEqual([1, 0, 0, 0, 1, 0]);
    expect(vals(grad(two, c.zeros([2, 3], 'float64')))).toEqual([0.5, 0, 0, 0, 0.5, 0]);
    expect(vals(grad(nuc, c.zeros([1, 3], 'float64')))).toEqual([1, 0, 0]);
  });

  it('with distinct singular values of mixed sign: diag(3, -2) as PyTorch, to second order', () => {
    // PyTorch 1.13: nuc gradient [1, 0, 0, -1], 2-norm gradient [1, 0, 0, 0], Hessian-vector product with ones [0, 0.4, 0.4, 0]
    const x = () => mat([[3, 0], [0, -2]]);
    expect(vals(grad(nuc, x()))).toEqual([1, 0, 0, -1]);
    expect(vals(grad(two, x()))).toEqual([1, 0, 0, 0]);
    expectClose(vals(hvp(x(), f64([2, 2], [1, 1, 1, 1]))), [0, 0.4, 0.4, 0], { rtol: 1e-15, atol: 1e-15 });
    expectClose(vals(grad(nuc, mat([[3, -4]]))), [0.6, -0.8], { rtol: 1e-15, atol: 0 });
  });

  it('at a rank-deficient matrix: a subgradient of the nuclear norm (<G, A> = |A|_*, |G|_2 = 1), basis-dependent', () => {
    // NOTE: the singular vectors of a zero singular value are any orthonormal completion; LAPACK's and Jacobi's
    // differ, and so does U V^T there (PyTorch's [[1, 0], [0, 1]]-like values at [[1, 2], [2, 4]] are one choice)
    const a = mat([[1, 2], [2, 4]]);
    const G = grad(nuc, a);
    const inner = vals(G).reduce((s, g, i) => s + g * a.data[i]!, 0);
    expect(inner).toBeCloseTo(5, 14);
    expectUlps(vals(c.svdvals(G)), [1, 1], 8);
  });
});

describe('svdvals: matrices whose entries span a wide range', () => {
  it('[[1e150, 0], [0, 1e-10]]: both values exact, the nuclear-norm gradient I (no norm underflows after the scaling)', () => {
    // a diagonal matrix is neither reflected nor rotated, so s = |d| and U V^T = I exactly (PyTorch 1.13 gives
    // s = [1e150, 9.999999999999999e-11] and the gradient [1, 0, 0, 1])
    const x = () => mat([[1e150, 0], [0, 1e-10]]);
    expect(vals(c.svdvals(x()))).toEqual([1e150, 1e-10]);
    expect(vals(grad(nuc, x()))).toEqual([1, 0, 0, 1]);
    expect(vals(grad(two, x()))).toEqual([1, 0, 0, 0]);
  });

  for (const [tiny, two2] of [[1e-160, [4.472135954999579e-161, 8.944271909999157e-161]], [1e-300, [4.472135954999579e-301, 8.944271909999158e-301]]] as const) {
    it(`[[1, 2], [3t, t]] with t = ${tiny}: s_2 to a few ulp of itself, gradients as PyTorch's, component by component`, () => {
      // PyTorch 1.13 (see the script above); s_2 = |det| / s_1 = 5 t / sqrt(5) = sqrt(5) t
      const x = () => mat([[1, 2], [3 * tiny, tiny]]);
      const want = tiny === 1e-160 ? [2.23606797749979, 2.2360679774997897e-160] : [2.23606797749979, 2.23606797749979e-300];
      expectRelative(vals(c.svdvals(x())), want, 4, 's');
      expectClose(vals(grad(nuc, x())), [0.447213595499958, 0.894427190999916, 0.894427190999916, -0.447213595499958], { rtol: 0, atol: 4 * EPS }, 'nuc');
      // U's component along the tiny row is itself tiny, and still right to a few ulp
      expectRelative(vals(grad(two, x())), [0.447213595499958, 0.894427190999916, ...two2], 8, '2-norm');
    });
  }

  it('rows or columns graded by 1e-20 each: U and V orthonormal, A reconstructed to a few ulp of the largest value', () => {
    // the column norms squared fell below the subnormals, and U or V lost orthogonality (by up to 1e-4)
    const r = randomTensor([12, 10], 4).data;
    const rows = r.map((v, e) => v * 10 ** (-20 * Math.floor(e / 10))), cols = r.map((v, e) => v * 10 ** (-20 * (e % 10)));
    for (const [a, m, n] of [[rows, 12, 10], [transposed(rows, 12, 10), 10, 12], [cols, 12, 10], [transposed(cols, 12, 10), 10, 12]] as const) {
      const d = defects(a, m, n), s0 = factorsOf(a, m, n).s[0]!;
      expect(d.recon).toBeLessThan(8 * EPS * s0);
      expect(Math.max(d.uOrth, d.vOrth)).toBeLessThan(16 * EPS);
    }
  });
});

describe('svdvals: the Jacobi iteration', () => {
  const N = 64;
  const structured: Array<[string, Float64Array, number[]]> = [
    ['ones', new Float64Array(N * N).fill(1), [64]],
    ['a constant 0.1', new Float64Array(N * N).fill(0.1), [6.4]],
    // (1 + i % 9)(1 + j % 9): rank 1, s = |u| |v| = sum_i (1 + i % 9)^2 = 7 * 285 + 1 = 1996
    ['an integer rank-1 u v^T', Float64Array.from({ length: N * N }, (_, e) => (1 + (Math.floor(e / N) % 9)) * (1 + ((e % N) % 9))), [1996]],
    // four 16 x 16 blocks of ones: s = 16 four times
    ['a block diagonal of ones', Float64Array.from({ length: N * N }, (_, e) => (Math.floor(Math.floor(e / N) / 16) === Math.floor((e % N) / 16) ? 1 : 0)), [16, 16, 16, 16]],
  ];
  for (const [name, a, top] of structured) {
    it(`converges in a few sweeps on ${name} (64 x 64), which ran into the 60-sweep cap before`, () => {
      const s = new Float64Array(N), u = new Float64Array(N * N), v = new Float64Array(N * N);
      expect(svdInto(a, 1, N, N, s, null, null)).toBeLessThanOrEqual(4);
      expect(svdInto(a, 1, N, N, s, u, v)).toBeLessThanOrEqual(4);
      expectUlps(Array.from(s), [...top, ...new Array<number>(N - top.length).fill(0)], 8);
      const d = defects(a, N, N);
      expect(Math.max(d.uOrth, d.vOrth)).toBeLessThan(16 * EPS);
    });
  }

  it('raises PyTorch\'s LinAlgError text when the sweep cap is reached, naming the batch element when batched', () => {
    // PyTorch 1.13's linalg.svd (_linalg_check_errors): "linalg.svd: The algorithm failed to converge because the input
    // matrix is ill-conditioned or has too many repeated singular values (error code: <info>).", with
    // ": (Batch element <i>)" after the name for a batched input (as printed for a NaN: "linalg.svd: (Batch element 1):
    // The algorithm failed to converge because the input matrix contained non-finite values.")
    const a = randomTensor([10, 10], 5).data, s = new Float64Array(20);
    const text = 'The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated singular values';
    expect(() => svdInto(a, 1, 10, 10, s, null, null, { maxSweeps: 1 })).toThrow(new RegExp(`^svdvals: ${text} \\(error code: [1-9]\\d*\\)\\.$`));
    const two = Float64Array.from([...Array.from({ length: 100 }, (_, e) => (e % 11 === 0 ? 1 : 0)), ...a]);
    expect(() => svdInto(two, 2, 10, 10, s, null, null, { maxSweeps: 1, batched: true })).toThrow(`svdvals: (Batch element 1): ${text} (error code: `);
    expect(svdInto(a, 1, 10, 10, s, null, null)).toBeLessThanOrEqual(8);
  });

  it('completes the vectors of zero singular values in O(k^2) each: zeros(256) gives U V^T = I, ones(256) orthonormal factors', { timeout: 5000 }, () => {
    // before: a search over e_0, e_1, ... with Gram-Schmidt against every column for each, O(k^3 q): 16 s here
    // PyTorch 1.13: the nuclear norm's gradient at zeros(256, 256) is eye(256)
    const g = grad(nuc, c.zeros([256, 256], 'float64'));
    expect(vals(g)).toEqual(vals(c.eye(256, undefined, 'float64')));
    // rank 1 (rounding leaves some 20 tiny values), so over 200 completed columns; orthonormal to the accuracy of
    // LAPACK's own factors of ones(256) (34 and 59 eps, summed exactly; this plain sum of equal terms adds its rounding)
    const d = defects(new Float64Array(256 * 256).fill(1), 256, 256);
    expect(d.recon).toBeLessThan(8 * EPS * 256);
    expect(Math.max(d.uOrth, d.vOrth)).toBeLessThan(128 * EPS);
  });
});

describe('svdvals: accuracy of the largest singular value at 150 x 200', () => {
  // mpmath, 50 digits (see the script above); before, 60 and 86 ulp too large (the rotations' rounding was biased)
  for (const [m, n, seed, want] of [[200, 150, 2, 7.562597541726178111206076], [150, 200, 3, 7.590287580288410016135099]] as const) {
    it(`${m} x ${n}: within 3 ulp of a 50-digit reference`, () => {
      expectUlps(vals(c.svdvals(lcg(m, n, seed))).slice(0, 1), [want], 3);
    });
  }
});
