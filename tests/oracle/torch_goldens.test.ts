// The torch facade against values recorded from real PyTorch 1.13 (tests/oracle/ops/torch_goldens.json,
// written by tests/oracle/ops/record_torch.py: see tests/oracle/README.md). Each program is data; the table
// OPS below says what each op name means in @twingrad/torch, as programs.py's `evaluate` says it for PyTorch.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { flatten, mismatch, nest, reportCounts, TOL } from './support.js';

type Expr = { in: number } | { op: string; args: Arg[]; kw?: Record<string, unknown> };
type Arg = Expr | number | Arg[];
interface Input { dtype: 'float32' | 'float64' | 'int64' | 'bool'; shape: number[]; grad: boolean; data: Array<number | boolean> }
interface Golden {
  id: string; op: string; title: string; dtype: 'float32' | 'float64'; order: 1 | 2; edge: string | null;
  inputs: Input[]; expr: Expr; out: { shape: number[]; data: number[] }; gout: number[];
  grads: Array<number[] | null>; w?: Array<number[] | null>;
  second: 'recorded' | 'constant' | 'not recorded'; grads2?: Array<number[] | null> | null;
}
interface Goldens { torch: string; counts: Record<string, number>; programs: Golden[] }

const file = fileURLToPath(new URL('./ops/torch_goldens.json', import.meta.url));
const goldens: Goldens = JSON.parse(readFileSync(file, 'utf8'));

type T = torch.Tensor;
type V = T | T[] | number;
type Kw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- keyword arguments straight from the JSON
const F = torch.nn.functional;

// ---- the op table: PyTorch name -> the facade call (the TypeScript twin of programs.py's `evaluate`) ----
const UNARY = ['neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'square', 'reciprocal',
  'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'relu', 'erf', 'floor', 'ceil', 'trunc', 'fix'] as const;
const t = (v: V): T => v as T;

const OPS: Record<string, (a: V[], kw: Kw) => V> = {
  ...Object.fromEntries(UNARY.map((n) => [n, (a: V[]) => (t(a[0]!)[n] as () => T).call(a[0])])),
  add: ([x, y]) => t(x!).add(y as T | number),
  sub: ([x, y]) => t(x!).sub(y as T | number),
  mul: ([x, y]) => t(x!).mul(y as T | number),
  div: ([x, y]) => t(x!).div(y as T | number),
  pow: ([x, y]) => t(x!).pow(y as T | number),
  maximum: ([x, y]) => torch.maximum(t(x!), t(y!)),
  minimum: ([x, y]) => torch.minimum(t(x!), t(y!)),
  atan2: ([x, y]) => torch.atan2(t(x!), t(y!)),
  leaky_relu: ([x], kw) => F.leaky_relu(t(x!), kw.negative_slope ?? 0.01),
  elu: ([x], kw) => F.elu(t(x!), kw.alpha ?? 1.0),
  gelu: ([x], kw) => F.gelu(t(x!), { approximate: kw.approximate ?? 'none' }),
  softplus: ([x], kw) => F.softplus(t(x!), kw.beta ?? 1, kw.threshold ?? 20),
  where: ([c, x, y]) => torch.where(t(c!), x as T | number, y as T | number),
  clamp: ([x], kw) => t(x!).clamp(kw.min ?? null, kw.max ?? null),
  sum: ([x], kw) => t(x!).sum(kw.dim ?? null, kw.keepdim ?? false),
  mean: ([x], kw) => t(x!).mean(kw.dim ?? null, kw.keepdim ?? false),
  prod: ([x], kw) => (kw.dim === undefined ? t(x!).prod() : t(x!).prod(kw.dim, kw.keepdim ?? false)),
  logsumexp: ([x], kw) => t(x!).logsumexp(kw.dim, kw.keepdim ?? false),
  var: ([x], kw) => t(x!).var({ dim: kw.dim ?? null, correction: kw.correction, keepdim: kw.keepdim ?? false }),
  std: ([x], kw) => t(x!).std({ dim: kw.dim ?? null, correction: kw.correction, keepdim: kw.keepdim ?? false }),
  max: ([x], kw) => (kw.dim === undefined ? t(x!).max() : t(x!).max(kw.dim, kw.keepdim ?? false).values),
  min: ([x], kw) => (kw.dim === undefined ? t(x!).min() : t(x!).min(kw.dim, kw.keepdim ?? false).values),
  norm: ([x], kw) => torch.norm(t(x!), kw.p ?? 'fro', kw.dim ?? null, kw.keepdim ?? false),
  reshape: ([x], kw) => t(x!).reshape(kw.shape),
  permute: ([x], kw) => t(x!).permute(kw.dims),
  transpose: ([x], kw) => t(x!).transpose(kw.dim0, kw.dim1),
  expand: ([x], kw) => t(x!).expand(kw.size),
  squeeze: ([x], kw) => (kw.dim === undefined ? t(x!).squeeze() : t(x!).squeeze(kw.dim)),
  unsqueeze: ([x], kw) => t(x!).unsqueeze(kw.dim),
  cat: ([xs], kw) => torch.cat(xs as T[], kw.dim ?? 0),
  stack: ([xs], kw) => torch.stack(xs as T[], kw.dim ?? 0),
  split: ([x], kw) => t(x!).split(kw.split_size_or_sections, kw.dim ?? 0),
  item: ([xs, k]) => (xs as T[])[k as number]!,
  getitem: ([x], kw) => t(x!).index(...(kw.index as Array<null | number | Kw>)),
  index_select: ([x, i], kw) => t(x!).index_select(kw.dim, t(i!)),
  pad: ([x], kw) => F.pad(t(x!), kw.pad, 'constant', kw.value ?? 0),
  matmul: ([x, y]) => torch.matmul(t(x!), t(y!)),
  round: ([x], kw) => (kw.decimals === undefined ? t(x!).round() : torch.round(t(x!), { decimals: kw.decimals })),
  flip: ([x], kw) => t(x!).flip(...(kw.dims as number[])),
  tile: ([x], kw) => t(x!).tile(kw.dims),
  repeat: ([x], kw) => t(x!).repeat(...(kw.sizes as number[])),
  unbind: ([x], kw) => t(x!).unbind(kw.dim ?? 0),
  masked_fill: ([x, m, v]) => t(x!).masked_fill(t(m!), v as T | number),
  write_through: ([x, ...rest], kw) => {
    const base = t(x!).mul(1); // a non-leaf: an in-place op on a view of a leaf that requires grad is refused
    const v = (kw.views as Array<[string, ...unknown[]]>).reduce(viewStep, base);
    (v[kw.method as keyof T] as (...a: unknown[]) => T).apply(v, rest);
    return (kw.ret ?? 'base') === 'base' ? base : v;
  },
  softmax: ([x], kw) => F.softmax(t(x!), kw.dim),
  log_softmax: ([x], kw) => F.log_softmax(t(x!), kw.dim),
  cross_entropy: ([x, y], kw) => F.cross_entropy(t(x!), t(y!), { reduction: kw.reduction ?? 'mean' }),
  mse_loss: ([x, y], kw) => F.mse_loss(t(x!), t(y!), { reduction: kw.reduction ?? 'mean' }),
  silu: ([x]) => F.silu(t(x!)),
  linear: ([x, w, b]) => F.linear(t(x!), t(w!), b === undefined ? null : t(b)),
  l1_loss: ([x, y], kw) => F.l1_loss(t(x!), t(y!), { reduction: kw.reduction ?? 'mean' }),
  binary_cross_entropy: ([x, y, w], kw) => F.binary_cross_entropy(t(x!), t(y!), { weight: w === undefined ? null : t(w), reduction: kw.reduction ?? 'mean' }),
  binary_cross_entropy_with_logits: ([x, y, w], kw) =>
    F.binary_cross_entropy_with_logits(t(x!), t(y!), { weight: w === undefined ? null : t(w), reduction: kw.reduction ?? 'mean' }),
  bce_with_logits_pos_weight: ([x, y, p], kw) => F.binary_cross_entropy_with_logits(t(x!), t(y!), { pos_weight: t(p!), reduction: kw.reduction ?? 'mean' }),
};

/** One step of write_through's chain of views (programs.py `_view_step`). */
function viewStep(v: T, [kind, ...args]: [string, ...unknown[]]): T {
  if (kind === 'getitem') return v.index(...(args[0] as Array<null | number | Kw>));
  if (kind === 't') return v.t();
  return (v[kind as keyof T] as (...a: unknown[]) => T).apply(v, args);
}

const DTYPE = { float32: torch.float32, float64: torch.float64, int64: torch.int64, bool: torch.bool };

function evaluate(e: Arg, xs: T[]): V {
  if (typeof e === 'number') return e;
  if (Array.isArray(e)) return e.map((a) => evaluate(a, xs) as T);
  if ('in' in e) return xs[e.in]!;
  const f = OPS[e.op];
  if (f === undefined) throw new Error(`the oracle's op table has no entry for ${e.op}`);
  return f(e.args.map((a) => evaluate(a, xs)), e.kw ?? {});
}

const leaves = (g: Golden): T[] => g.inputs.map((i) =>
  torch.tensor(nest(i.data, i.shape) as never, { dtype: DTYPE[i.dtype], requires_grad: i.grad }));
const values = (x: T | null): number[] | null => (x === null ? null : flatten(x.detach().tolist()));
const tensorOf = (data: number[], shape: readonly number[], dtype: Golden['dtype']): T =>
  torch.tensor(nest(data, shape) as never, { dtype: DTYPE[dtype] });
const zeros = (n: number): number[] => new Array<number>(n).fill(0);

const counts = { programs: 0, float32: 0, float64: 0, tensors: 0, failed: 0 };

/** Compares one program; returns the mismatches (empty when it matches PyTorch). */
function replay(g: Golden): string[] {
  const tol = TOL[g.dtype]!;
  const problems: string[] = [];
  const check = (what: string, got: number[] | null, want: number[] | null, size: number) => {
    counts.tensors++;
    const p = mismatch(what, got ?? zeros(size), want ?? zeros(size), tol); // null (unconnected) reads as zeros
    if (p !== null) problems.push(p);
  };
  const sizes = g.inputs.map((i) => i.shape.reduce((a, b) => a * b, 1));
  const diff = g.inputs.map((i, k) => (i.grad ? k : -1)).filter((k) => k >= 0);

  // forward, and first order through .backward(gout) into .grad
  const xs = leaves(g);
  const out = t(evaluate(g.expr, xs));
  expect(out.shape, `${g.id}: output shape`).toEqual(g.out.shape);
  expect(out.dtype, `${g.id}: output dtype`).toBe(DTYPE[g.dtype]);
  check('forward', values(out), g.out.data, g.out.data.length);
  out.backward(tensorOf(g.gout, g.out.shape, g.dtype));
  for (const k of diff) check(`x${k}.grad after backward`, values(xs[k]!.grad), g.grads[k]!, sizes[k]!);

  // first order again through autograd.grad(create_graph), then second order
  const ys = leaves(g);
  const wrt = diff.map((k) => ys[k]!);
  const out2 = t(evaluate(g.expr, ys));
  const grads = torch.autograd.grad([out2], wrt, {
    grad_outputs: [tensorOf(g.gout, g.out.shape, g.dtype)], create_graph: g.order === 2, allow_unused: true,
  });
  diff.forEach((k, j) => check(`autograd.grad for x${k}`, values(grads[j] ?? null), g.grads[k]!, sizes[k]!));
  if (g.order !== 2) return problems;

  let s: T | null = null;
  diff.forEach((k, j) => {
    const gk = grads[j];
    if (gk == null || g.w![k] == null) return;
    const term = gk.mul(tensorOf(g.w![k]!, g.inputs[k]!.shape, g.dtype)).sum();
    s = s === null ? term : s.add(term);
  });
  if (g.second === 'constant') {
    // PyTorch's first-order gradients here do not depend on the inputs: whatever the facade returns must be 0
    if (s === null || !(s as T).requires_grad) return problems;
    const g2 = torch.autograd.grad([s], wrt, { allow_unused: true });
    diff.forEach((k, j) => check(`second order for x${k} (PyTorch: constant gradient)`, values(g2[j] ?? null), null, sizes[k]!));
    return problems;
  }
  expect(s, `${g.id}: no first-order gradient to differentiate`).not.toBeNull();
  const g2 = torch.autograd.grad([s!], wrt, { allow_unused: true });
  diff.forEach((k, j) => check(`second order for x${k}`, values(g2[j] ?? null), g.grads2![k] ?? null, sizes[k]!));
  return problems;
}

const orders = (g: Golden): string =>
  g.second === 'recorded' ? 'first and second order'
    : g.second === 'constant' ? 'first order, and a constant second order' : 'first order';

const byOp = new Map<string, Golden[]>();
for (const g of goldens.programs) byOp.set(g.op, [...(byOp.get(g.op) ?? []), g]);

describe(`torch facade against PyTorch ${goldens.torch} goldens`, () => {
  it(`the goldens hold at least 300 programs in float32 and float64`, () => {
    expect(goldens.programs.length).toBeGreaterThanOrEqual(300);
    expect(goldens.counts.float32).toBeGreaterThan(100);
    expect(goldens.counts.float64).toBeGreaterThan(100);
  });

  for (const [op, gs] of byOp) {
    describe(op, () => {
      for (const g of gs) {
        it(`torch facade matches PyTorch 1.13: ${g.id} ${orders(g)}`, () => {
          counts.programs++;
          counts[g.dtype]++;
          let problems: string[];
          try {
            problems = replay(g);
          } catch (err) {
            counts.failed++;
            throw err;
          }
          if (problems.length > 0) counts.failed++;
          expect(problems, g.id).toEqual([]);
        });
      }
    });
  }

  afterAll(async () => {
    await reportCounts('torch facade vs PyTorch 1.13', {
      programs: counts.programs, float32: counts.float32, float64: counts.float64,
      'tensors compared': counts.tensors, 'programs failing': counts.failed,
      ops: [...byOp.keys()].filter((op) => op !== 'composition').length,
    });
  });
});
