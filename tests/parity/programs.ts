/**
 * Random programs for the parity suite: small DAGs over the differentiable op set both facades share.
 * A program is data (leaves with values, steps with op name, argument references and attributes); two tables,
 * `TF` and `TORCH`, say how each op is written in each API. They are written against `Dual` (dual.ts), so the
 * same entry both runs and prints.
 *
 * Values stay away from the non-differentiable points and domain limits by interval bounds tracked per node
 * (log/sqrt/rsqrt/pow bases >= 0.1, denominators away from 0, exp below 4, softplus below 15, ...). Ties at the
 * edges listed in divergences.ts cannot be ruled out by bounds; the properties skip a program that reaches one.
 */
import fc from 'fast-check';
import type { Dual } from './dual.js';

export type DType = 'float32' | 'float64';
/** How a differentiated input is presented to TensorFlow: a trainable Variable, or a constant the tape watches. */
export type TfKind = 'variable' | 'watched' | 'constant';

export interface LeafNode {
  kind: 'leaf';
  id: number;
  shape: number[];
  values: number[];
  diff: boolean;
  tf: TfKind;
}
/** A step argument: a node id, or a JS number operand. */
export type Arg = number | { scalar: number };
export interface StepNode {
  kind: 'step';
  id: number;
  op: OpName;
  args: Arg[];
  attrs: Attrs;
  shape: number[];
}
export type Node = LeafNode | StepNode;
export type Attrs = Record<string, any>;

export interface Program {
  dtype: DType;
  nodes: Node[];
  /** The output: the last step. */
  output: number;
  /** Upstream weights for the output (TF's output_gradients, torch's backward argument), or null for ones. */
  seed: number[] | null;
  /** Further outputs (for the persistent-tape property), each with its upstream weights. */
  extra: Array<{ node: number; seed: number[] }>;
  /** Weights of the first-order gradients in the second-order objective sum(grad * w), one array per differentiated leaf. */
  gradWeights: number[][];
  /** Backward calls accumulated into .grad (a power of two). */
  k: number;
}

export const leaves = (p: Program): LeafNode[] => p.nodes.filter((n): n is LeafNode => n.kind === 'leaf');
export const steps = (p: Program): StepNode[] => p.nodes.filter((n): n is StepNode => n.kind === 'step');
export const diffLeaves = (p: Program): LeafNode[] => leaves(p).filter((l) => l.diff);
export const nameOf = (n: Node): string => (n.kind === 'step' ? `v${n.id}` : n.diff ? `x${n.id}` : `c${n.id}`);
export const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Flat row-major values as nested arrays (a number for a 0-d shape). */
export function nest(values: readonly number[], shape: readonly number[]): any {
  if (shape.length === 0) return values[0];
  const inner = sizeOf(shape.slice(1));
  return Array.from({ length: shape[0]! }, (_, i) => nest(values.slice(i * inner, (i + 1) * inner), shape.slice(1)));
}

// ---------------------------------------------------------------------------------------------------------------
// The two interpretation tables. `a` holds the resolved arguments (handles, or numbers for scalar operands).

type Entry = (d: Dual<any>, a: any[], at: Attrs, dt: DType) => any;

const tfUnary = (path: string): Entry => (d, [x]) => d.call(path, x);
const torchUnary = (path: string): Entry => (d, [x]) => d.call(path, x);
const tfInts = (d: Dual<any>, v: unknown) => d.call('tf.constant', v, d.ref('tf.int32'));
const torchInts = (d: Dual<any>, v: unknown) => d.call('torch.tensor', v, { dtype: d.ref('torch.int64') });
const tfReduce = (path: string): Entry => (d, [x], at) => d.call(path, x, at.axis, at.keepdims);
const tfLoss = (d: Dual<any>, loss: any, reduction: string) =>
  reduction === 'mean' ? d.call('tf.reduce_mean', loss) : reduction === 'sum' ? d.call('tf.reduce_sum', loss) : loss;
/** `x.max(dim, keepdim).values`, or `x.max()` over all elements (PyTorch has no keepdim there). */
const torchExtreme = (name: string): Entry => (d, [x], at) =>
  at.axis === null ? d.method(x, name) : d.get(d.method(x, name, at.axis, at.keepdims), 'values');

const binary = (tfName: string, tfMethod: string, torchName: string) => ({
  tf: ((d, [x, y], at) => (at.method ? d.method(x, tfMethod, y) : d.call(`tf.${tfName}`, x, y))) as Entry,
  torch: ((d, [x, y], at) => (at.method ? d.method(x, torchName, y) : d.call(`torch.${torchName}`, x, y))) as Entry,
});
const ARITH = {
  add: binary('add', 'add', 'add'), sub: binary('subtract', 'sub', 'sub'),
  mul: binary('multiply', 'mul', 'mul'), div: binary('divide', 'div', 'div'),
};

export const TF = {
  neg: tfUnary('tf.negative'), abs: tfUnary('tf.abs'), sign: tfUnary('tf.sign'), exp: tfUnary('tf.exp'),
  log: tfUnary('tf.math.log'), log1p: tfUnary('tf.math.log1p'), expm1: tfUnary('tf.math.expm1'), sqrt: tfUnary('tf.sqrt'),
  rsqrt: tfUnary('tf.math.rsqrt'), square: tfUnary('tf.square'), reciprocal: tfUnary('tf.math.reciprocal'),
  sin: tfUnary('tf.sin'), cos: tfUnary('tf.cos'), tan: tfUnary('tf.tan'), tanh: tfUnary('tf.tanh'),
  sigmoid: tfUnary('tf.sigmoid'), relu: tfUnary('tf.nn.relu'), erf: tfUnary('tf.math.erf'), elu: tfUnary('tf.nn.elu'),
  softplus: tfUnary('tf.math.softplus'),
  leaky_relu: (d, [x], at) => d.call('tf.nn.leaky_relu', x, at.slope),
  gelu: (d, [x], at) => d.call('tf.nn.gelu', x, at.approximate),
  pow_scalar: (d, [x], at) => d.call('tf.pow', x, at.p),
  clamp: (d, [x], at) => d.call('tf.clip_by_value', x, at.min, at.max),
  add: ARITH.add.tf, sub: ARITH.sub.tf, mul: ARITH.mul.tf, div: ARITH.div.tf,
  pow: (d, [x, y]) => d.call('tf.pow', x, y),
  maximum: (d, [x, y]) => d.call('tf.maximum', x, y),
  minimum: (d, [x, y]) => d.call('tf.minimum', x, y),
  atan2: (d, [x, y]) => d.call('tf.math.atan2', x, y),
  where: (d, [x, y], at) => d.call('tf.where', d.call('tf.greater', x, at.threshold), x, y),
  sum: tfReduce('tf.reduce_sum'), mean: tfReduce('tf.reduce_mean'), prod: tfReduce('tf.reduce_prod'),
  max: tfReduce('tf.reduce_max'), min: tfReduce('tf.reduce_min'), logsumexp: tfReduce('tf.reduce_logsumexp'),
  variance: tfReduce('tf.math.reduce_variance'), std: tfReduce('tf.math.reduce_std'),
  norm: (d, [x], at) => d.call('tf.norm', x, at.ord, at.axis, at.keepdims),
  reshape: (d, [x], at) => d.call('tf.reshape', x, at.shape),
  permute: (d, [x], at) => d.call('tf.transpose', x, at.perm),
  swapaxes: (d, [x], at) => d.call('tf.transpose', x, at.perm),
  expand_dims: (d, [x], at) => d.call('tf.expand_dims', x, at.axis),
  squeeze: (d, [x], at) => d.call('tf.squeeze', x, at.axis),
  broadcast_to: (d, [x], at) => d.call('tf.broadcast_to', x, at.shape),
  concat: (d, [x, y], at) => d.call('tf.concat', [x, y], at.axis),
  stack: (d, [x, y], at) => d.call('tf.stack', [x, y], at.axis),
  slice: (d, [x], at) => d.call('tf.slice', x, at.begin, at.size),
  gather: (d, [x], at) => d.call('tf.gather', x, tfInts(d, at.indices), { axis: at.axis }),
  flip: (d, [x], at) => d.call('tf.reverse', x, at.dims),
  tile: (d, [x], at) => d.call('tf.tile', x, at.reps),
  // NOTE: an explicit transpose, as torch writes it. tf.matmul(x, y, { transpose_b: true }) computes the same values but
  // records one node fewer, so cotangent sums may be added in another order (1 ulp apart in second-order gradients).
  // tf.matmul takes matrices (rank >= 2) only: a vector operand is written as a TF user writes it, a matrix of one row
  // (or column) that is squeezed away after the product.
  matmul: (d, [x, y], at) => {
    const yt = at.transpose_b ? d.call('tf.transpose', y, at.perm) : y;
    const m = d.call('tf.matmul', at.vecX ? d.call('tf.expand_dims', x, 0) : x, at.vecY ? d.call('tf.expand_dims', yt, -1) : yt);
    const axes = [...(at.vecX ? [-2] : []), ...(at.vecY ? [-1] : [])];
    return axes.length > 0 ? d.call('tf.squeeze', m, axes) : m;
  },
  softmax: (d, [x], at) => d.call('tf.nn.softmax', x, at.axis),
  log_softmax: (d, [x], at) => d.call('tf.nn.log_softmax', x, at.axis),
  // NOTE: spelled in tf ops as PyTorch's probability targets compute it: tf.nn.softmax_cross_entropy_with_logits is
  // TF's kernel, whose logits gradient is softmax - labels (exact only for labels summing to 1) and whose second
  // derivative holds the labels constant (the listed divergence 'dense-xent-tf-kernel')
  cross_entropy: (d, [x, y], at) =>
    tfLoss(d, d.call('tf.negative', d.call('tf.reduce_sum', d.call('tf.multiply', y, d.call('tf.nn.log_softmax', x, at.classAxis)), at.classAxis)), at.reduction),
  sparse_cross_entropy: (d, [x], at) =>
    tfLoss(d, d.call('tf.nn.sparse_softmax_cross_entropy_with_logits', { labels: tfInts(d, at.labels), logits: x }), at.reduction),
  // NOTE: the tf facade has no mean squared error (it is a Keras loss); this is what Keras computes, spelled in tf ops.
  mse: (d, [x, y], at) => tfLoss(d, d.call('tf.square', d.call('tf.subtract', x, y)), at.reduction),
} satisfies Record<string, Entry>;

export type OpName = keyof typeof TF;

export const TORCH: Record<OpName, Entry> = {
  neg: torchUnary('torch.neg'), abs: torchUnary('torch.abs'), sign: torchUnary('torch.sign'), exp: torchUnary('torch.exp'),
  log: torchUnary('torch.log'), log1p: torchUnary('torch.log1p'), expm1: torchUnary('torch.expm1'), sqrt: torchUnary('torch.sqrt'),
  rsqrt: torchUnary('torch.rsqrt'), square: torchUnary('torch.square'), reciprocal: torchUnary('torch.reciprocal'),
  sin: torchUnary('torch.sin'), cos: torchUnary('torch.cos'), tan: torchUnary('torch.tan'), tanh: torchUnary('torch.tanh'),
  sigmoid: torchUnary('torch.sigmoid'), relu: torchUnary('torch.relu'), erf: torchUnary('torch.erf'),
  elu: (d, [x]) => d.call('F.elu', x, 1),
  softplus: (d, [x]) => d.call('F.softplus', x, 1, 20),
  leaky_relu: (d, [x], at) => d.call('F.leaky_relu', x, at.slope),
  gelu: (d, [x], at) => d.call('F.gelu', x, at.approximate ? 'tanh' : 'none'),
  pow_scalar: (d, [x], at) => d.method(x, 'pow', at.p),
  clamp: (d, [x], at) => d.call('torch.clamp', x, at.min, at.max),
  add: ARITH.add.torch, sub: ARITH.sub.torch, mul: ARITH.mul.torch, div: ARITH.div.torch,
  pow: (d, [x, y]) => d.call('torch.pow', x, y),
  maximum: (d, [x, y]) => d.call('torch.maximum', x, y),
  minimum: (d, [x, y]) => d.call('torch.minimum', x, y),
  atan2: (d, [x, y]) => d.call('torch.atan2', x, y),
  where: (d, [x, y], at) => d.call('torch.where', d.call('torch.gt', x, at.threshold), x, y),
  sum: (d, [x], at) => (at.axis === null && !at.keepdims ? d.method(x, 'sum') : d.method(x, 'sum', at.axis, at.keepdims)),
  mean: (d, [x], at) => (at.axis === null && !at.keepdims ? d.method(x, 'mean') : d.method(x, 'mean', at.axis, at.keepdims)),
  prod: (d, [x], at) => (at.axis === null ? d.method(x, 'prod') : d.method(x, 'prod', at.axis, at.keepdims)),
  max: torchExtreme('max'), min: torchExtreme('min'),
  logsumexp: (d, [x], at) => d.call('torch.logsumexp', x, at.axis, at.keepdims),
  variance: (d, [x], at) => d.method(x, 'var', at.axis, { correction: 0, keepdim: at.keepdims }),
  std: (d, [x], at) => d.method(x, 'std', at.axis, { correction: 0, keepdim: at.keepdims }),
  norm: (d, [x], at) => d.call('torch.norm', x, at.ord === 'euclidean' ? 'fro' : at.ord, at.axis, at.keepdims),
  reshape: (d, [x], at) => d.method(x, 'reshape', at.shape),
  permute: (d, [x], at) => d.method(x, 'permute', at.perm),
  swapaxes: (d, [x], at) => d.method(x, 'transpose', at.dims[0], at.dims[1]),
  expand_dims: (d, [x], at) => d.call('torch.unsqueeze', x, at.axis),
  squeeze: (d, [x], at) => d.method(x, 'squeeze', at.axis),
  broadcast_to: (d, [x], at) => d.method(x, 'expand', at.shape),
  concat: (d, [x, y], at) => d.call('torch.cat', [x, y], at.axis),
  stack: (d, [x, y], at) => d.call('torch.stack', [x, y], at.axis),
  slice: (d, [x], at) => d.method(x, 'narrow', at.dim, at.begin[at.dim], at.size[at.dim]),
  gather: (d, [x], at) => d.call('torch.index_select', x, at.axis, torchInts(d, at.indices)),
  flip: (d, [x], at) => d.call('torch.flip', x, at.dims),
  tile: (d, [x], at) => d.call('torch.tile', x, at.reps),
  // NOTE: a vector operand made a matrix and squeezed back, as the TF side must write it: with torch.matmul's own
  // vector form, a vector used twice would sum its cotangents in another order (1 ulp apart in second order).
  matmul: (d, [x, y], at) => {
    const yt = at.transpose_b ? d.method(y, 'transpose', -2, -1) : y;
    const m = d.call('torch.matmul', at.vecX ? d.method(x, 'unsqueeze', 0) : x, at.vecY ? d.method(yt, 'unsqueeze', -1) : yt);
    return at.vecY ? d.method(at.vecX ? d.method(m, 'squeeze', -2) : m, 'squeeze', -1) : at.vecX ? d.method(m, 'squeeze', -2) : m;
  },
  softmax: (d, [x], at) => d.call('torch.softmax', x, at.axis),
  log_softmax: (d, [x], at) => d.call('F.log_softmax', x, at.axis),
  cross_entropy: (d, [x, y], at) => d.call('F.cross_entropy', x, y, { reduction: at.reduction }),
  sparse_cross_entropy: (d, [x], at) => d.call('F.cross_entropy', x, torchInts(d, at.labels), { reduction: at.reduction }),
  mse: (d, [x, y], at) => d.call('F.mse_loss', x, y, { reduction: at.reduction }),
};

// ---------------------------------------------------------------------------------------------------------------
// Running a program's leaves and steps through one API.

export type Api = 'tf' | 'torch';

/** Creates the leaves (before any tape records): returns one handle per leaf id. */
export function makeLeaves(d: Dual<any>, p: Program, api: Api): Map<number, any> {
  const env = new Map<number, any>();
  for (const l of leaves(p)) {
    const v = nest(l.values, l.shape);
    let h: any;
    if (api === 'tf') {
      const dtype = d.ref(`tf.${p.dtype}`);
      h = l.tf === 'variable' ? d.make('tf.Variable', v, { dtype }) : d.call('tf.constant', v, dtype);
    } else {
      h = d.call('torch.tensor', v, l.diff ? { dtype: d.ref(`torch.${p.dtype}`), requires_grad: true } : { dtype: d.ref(`torch.${p.dtype}`) });
    }
    env.set(l.id, d.bind(nameOf(l), h));
  }
  return env;
}

/** The TF sources: every differentiated leaf (Variables and watched constants). */
export const tfSources = (p: Program, env: Map<number, any>): any[] => diffLeaves(p).map((l) => env.get(l.id));
/** The constants a TF tape must watch. */
export const tfWatched = (p: Program, env: Map<number, any>): any[] => leaves(p).filter((l) => l.tf === 'watched').map((l) => env.get(l.id));

/** Runs the steps; `env` gains one handle per step. Returns the output's handle. */
export function runSteps(d: Dual<any>, p: Program, api: Api, env: Map<number, any>): any {
  const table = api === 'tf' ? TF : TORCH;
  for (const s of steps(p)) {
    const a = s.args.map((r) => (typeof r === 'number' ? env.get(r) : r.scalar));
    env.set(s.id, d.bind(nameOf(s), (table[s.op] as Entry)(d, a, s.attrs, p.dtype)));
  }
  return env.get(p.output);
}

/** The upstream weights for one output as a tensor of the program's dtype. */
export function seedTensor(d: Dual<any>, p: Program, api: Api, values: number[], shape: number[]): any {
  const v = nest(values, shape);
  return api === 'tf' ? d.call('tf.constant', v, d.ref(`tf.${p.dtype}`)) : d.call('torch.tensor', v, { dtype: d.ref(`torch.${p.dtype}`) });
}

export const shapeOf = (p: Program, id: number): number[] => p.nodes[id]!.shape;

// ---------------------------------------------------------------------------------------------------------------
// The generator. fast-check supplies a list of choices and a value seed; `build` reads them deterministically,
// so shrinking the choices shrinks the program (fewer steps, earlier ops, smaller shapes).

type Interval = [number, number];
const MAX_ABS = 1e4;
const CHOICES = 160;
const GRID = [-1, -0.5, 0, 0.5, 1, 1.5, 2];

class Chooser {
  private i = 0;
  constructor(private readonly choices: readonly number[], private readonly rng: () => number, private readonly grid = false) {}
  int(n: number): number {
    return n <= 1 ? 0 : this.i < this.choices.length ? this.choices[this.i++]! % n : 0;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  bool(): boolean {
    return this.int(2) === 1;
  }
  /** A value with 3 decimals in [lo, hi] (|v| >= 0.1 when `away` is set): readable, and ties are rare. */
  value(lo: number, hi: number, away = false): number {
    if (this.grid) {
      // Edge mode: a coarse grid, so ties, zeros and clamp bounds are common.
      const g = GRID.filter((v) => v >= lo && v <= hi);
      if (g.length > 0) return g[Math.floor(this.rng() * g.length)]!;
    }
    for (;;) {
      const v = Math.round((lo + (hi - lo) * this.rng()) * 1000) / 1000;
      if (!away || Math.abs(v) >= 0.1) return v;
    }
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type ValueClass = 'any' | 'pos' | 'neg' | 'unit';
const CLASS_RANGE: Record<ValueClass, [number, number, boolean]> = {
  any: [-2, 2, true], pos: [0.5, 2, false], neg: [-2, -0.5, false], unit: [0.05, 1, false],
};

interface Draft {
  op: OpName;
  args: Arg[];
  attrs: Attrs;
  shape: number[];
  iv: Interval;
}

const away = ([lo, hi]: Interval) => lo >= 0.1 || hi <= -0.1;
const mono = (f: (v: number) => number) => ([lo, hi]: Interval): Interval => [f(lo), f(hi)];
const absIv = ([lo, hi]: Interval): Interval => (lo >= 0 ? [lo, hi] : hi <= 0 ? [-hi, -lo] : [0, Math.max(-lo, hi)]);
const mulIv = (a: Interval, b: Interval): Interval => {
  const c = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]];
  return [Math.min(...c), Math.max(...c)];
};
const union = (a: Interval, b: Interval): Interval => [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
const scaleIv = ([lo, hi]: Interval, n: number): Interval => [Math.min(lo * n, lo), Math.max(hi * n, hi)];
const gelu = (v: number) => 0.5 * v * (1 + Math.tanh(0.7978845608 * (v + 0.044715 * v ** 3)));

/** Unary ops: precondition on the input interval and the result interval. */
const UNARY: Partial<Record<OpName, { ok?: (iv: Interval) => boolean; iv: (iv: Interval, at: Attrs) => Interval; attrs?: (c: Chooser, iv: Interval) => Attrs }>> = {
  neg: { iv: ([lo, hi]) => [-hi, -lo] },
  abs: { iv: absIv },
  sign: { iv: mono(Math.sign) },
  exp: { ok: ([, hi]) => hi <= 4, iv: mono(Math.exp) },
  log: { ok: ([lo]) => lo >= 0.1, iv: mono(Math.log) },
  log1p: { ok: ([lo]) => lo >= -0.5, iv: mono(Math.log1p) },
  expm1: { ok: ([, hi]) => hi <= 4, iv: mono(Math.expm1) },
  sqrt: { ok: ([lo]) => lo >= 0.1, iv: mono(Math.sqrt) },
  rsqrt: { ok: ([lo]) => lo >= 0.1, iv: ([lo, hi]) => [1 / Math.sqrt(hi), 1 / Math.sqrt(lo)] },
  square: { iv: (iv) => { const [a, b] = absIv(iv); return [a * a, b * b]; } },
  reciprocal: { ok: away, iv: ([lo, hi]) => [1 / hi, 1 / lo] },
  sin: { iv: () => [-1, 1] },
  cos: { iv: () => [-1, 1] },
  tan: { ok: ([lo, hi]) => lo >= -1.2 && hi <= 1.2, iv: mono(Math.tan) },
  tanh: { iv: mono(Math.tanh) },
  sigmoid: { iv: mono((v) => 1 / (1 + Math.exp(-v))) },
  relu: { iv: mono((v) => Math.max(v, 0)) },
  erf: { iv: () => [-1, 1] },
  elu: { iv: mono((v) => (v > 0 ? v : Math.expm1(v))) },
  softplus: { ok: ([, hi]) => hi <= 15, iv: mono((v) => Math.log1p(Math.exp(v))) },
  leaky_relu: { iv: ([lo, hi], at) => [lo < 0 ? lo * at.slope : lo, hi > 0 ? hi : hi * at.slope], attrs: (c) => ({ slope: c.pick([0.2, 0.01, 0.3]) }) },
  gelu: { iv: ([lo, hi]) => [-0.2, Math.max(gelu(lo), gelu(hi), 0)], attrs: (c) => ({ approximate: c.bool() }) },
  pow_scalar: {
    attrs: (c, iv) => ({ p: c.pick(iv[0] >= 0.1 ? [2, 3, -1, 0.5, 1.5] : away(iv) ? [2, 3, -1] : [2, 3]) }),
    iv: (iv, at) => {
      const [a, b] = absIv(iv);
      const m = Math.max(a ** at.p, b ** at.p);
      return at.p === 2 ? [a * a, b * b] : iv[0] >= 0.1 ? [Math.min(a ** at.p, b ** at.p), m] : [-m, m];
    },
  },
  clamp: {
    attrs: (c, [lo, hi]) => {
      const a = c.value(lo, hi), b = c.value(lo, hi);
      return { min: Math.min(a, b), max: Math.max(a, b) + 0.5 };
    },
    iv: ([lo, hi], at) => [Math.max(lo, at.min), Math.min(hi, at.max)],
  },
  softmax: { iv: () => [0, 1] },
  log_softmax: { iv: ([lo, hi]) => [lo - hi - 3, 0] },
};

interface Info { shape: number[]; iv: Interval; }

class Builder {
  readonly nodes: Node[] = [];
  readonly info: Info[] = [];
  constructor(readonly c: Chooser, readonly dtype: DType) {}

  leaf(shape: number[], cls: ValueClass, diff = this.c.int(3) > 0): number {
    const [lo, hi, aw] = CLASS_RANGE[cls];
    const values = Array.from({ length: sizeOf(shape) }, () => this.c.value(lo, hi, aw));
    const id = this.nodes.length;
    const tf: TfKind = diff ? (this.c.bool() ? 'watched' : 'variable') : 'constant';
    this.nodes.push({ kind: 'leaf', id, shape, values, diff, tf });
    this.info.push({ shape, iv: values.length ? [Math.min(...values), Math.max(...values)] : [0, 0] });
    return id;
  }

  step(d: Draft): number {
    const id = this.nodes.length;
    this.nodes.push({ kind: 'step', id, op: d.op, args: d.args, attrs: d.attrs, shape: d.shape });
    this.info.push({ shape: d.shape, iv: d.iv });
    return id;
  }

  shape(maxRank = 3): number[] {
    return Array.from({ length: this.c.int(maxRank + 1) }, () => 1 + this.c.int(3));
  }

  /** A shape that broadcasts with `s`: the same, leading dims dropped, some dims 1, or 1-dims grown. */
  partner(s: readonly number[]): number[] {
    switch (this.c.int(5)) {
      case 0: return [...s];
      case 1: return s.slice(this.c.int(s.length + 1));
      case 2: return s.map((n) => (this.c.bool() ? 1 : n));
      case 3: return s.map((n) => (n === 1 && this.c.bool() ? 2 + this.c.int(2) : n));
      default: return [...(s.length < 3 ? [1 + this.c.int(2)] : []), ...s];
    }
  }

  /** A second operand: an existing node of the wanted shape (when `fits`), or a new leaf. */
  other(shape: number[], cls: ValueClass, fits: (i: Info) => boolean): number {
    const cands = this.info.map((inf, i) => [inf, i] as const).filter(([inf]) => fits(inf)).map(([, i]) => i);
    if (cands.length > 0 && this.c.bool()) return this.c.pick(cands);
    return this.leaf(shape, cls);
  }

  axes(rank: number, many: boolean): { axis: number | number[] | null; keepdims: boolean } {
    const keepdims = this.c.bool();
    if (rank === 0) return { axis: null, keepdims: false };
    switch (this.c.int(many ? 3 : 2)) {
      case 0: return { axis: null, keepdims };
      case 1: return { axis: this.c.int(2 * rank) - rank, keepdims };
      default: {
        const ax = [...Array(rank).keys()].filter(() => this.c.bool());
        return { axis: ax.length ? ax : [rank - 1], keepdims };
      }
    }
  }
}

function bshape(a: readonly number[], b: readonly number[]): number[] | null {
  const r = Math.max(a.length, b.length), out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1, y = b[b.length - r + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

function reducedShape(s: readonly number[], axis: number | number[] | null, keepdims: boolean): { shape: number[]; n: number } {
  const r = s.length;
  const ax = axis === null ? [...Array(r).keys()] : (Array.isArray(axis) ? axis : [axis]).map((a) => (a + r) % r);
  const shape: number[] = [];
  s.forEach((n, i) => { if (!ax.includes(i)) shape.push(n); else if (keepdims) shape.push(1); });
  return { shape, n: sizeOf(ax.map((a) => s[a]!)) };
}

const BIN_OPS: OpName[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'atan2', 'where'];
const RED_OPS: OpName[] = ['sum', 'mean', 'prod', 'max', 'min', 'logsumexp', 'variance', 'std', 'norm'];
const SHAPE_OPS: OpName[] = ['reshape', 'permute', 'swapaxes', 'expand_dims', 'squeeze', 'broadcast_to', 'concat', 'stack', 'slice', 'gather',
  'flip', 'tile'];
const NN_OPS: OpName[] = ['matmul', 'softmax', 'log_softmax', 'cross_entropy', 'sparse_cross_entropy', 'mse'];

/** Tries op `op` on node `x`; null when its preconditions do not hold there. */
function draft(b: Builder, op: OpName, x: number): Draft | null {
  const { c } = b;
  const { shape: s, iv } = b.info[x]!;
  const r = s.length;
  const u = UNARY[op];
  if (u && op !== 'softmax' && op !== 'log_softmax') {
    if (u.ok && !u.ok(iv)) return null;
    const attrs = u.attrs ? u.attrs(c, iv) : {};
    return { op, args: [x], attrs, shape: s, iv: u.iv(iv, attrs) };
  }
  switch (op) {
    case 'add': case 'sub': case 'mul': case 'div': {
      const method = c.bool();
      if (c.int(4) === 0) {
        const k = c.value(0.5, 2) * (c.bool() ? 1 : -1);
        const civ: Interval = [k, k];
        const res = op === 'add' ? [iv[0] + k, iv[1] + k] : op === 'sub' ? [iv[0] - k, iv[1] - k] : op === 'mul' ? mulIv(iv, civ) : mulIv(iv, [1 / k, 1 / k]);
        return { op, args: [x, { scalar: k }], attrs: { method }, shape: s, iv: res as Interval };
      }
      const ps = b.partner(s);
      const y = b.other(ps, op === 'div' ? c.pick(['pos', 'neg'] as const) : 'any', (i) => bshape(s, i.shape) !== null && (op !== 'div' || away(i.iv)));
      const { shape: t, iv: jv } = b.info[y]!;
      const res: Interval = op === 'add' ? [iv[0] + jv[0], iv[1] + jv[1]] : op === 'sub' ? [iv[0] - jv[1], iv[1] - jv[0]]
        : op === 'mul' ? mulIv(iv, jv) : mulIv(iv, [1 / jv[1], 1 / jv[0]]);
      return { op, args: [x, y], attrs: { method }, shape: bshape(s, t)!, iv: res };
    }
    case 'pow': {
      if (iv[0] < 0.1 || iv[1] > 10) return null;
      const y = b.other(b.partner(s), 'any', (i) => bshape(s, i.shape) !== null && i.iv[0] >= -3 && i.iv[1] <= 3);
      const { shape: t, iv: e } = b.info[y]!;
      const cs = [iv[0] ** e[0], iv[0] ** e[1], iv[1] ** e[0], iv[1] ** e[1]];
      return { op, args: [x, y], attrs: {}, shape: bshape(s, t)!, iv: [Math.min(...cs), Math.max(...cs)] };
    }
    case 'maximum': case 'minimum': case 'atan2': case 'where': {
      // maximum(x, x) would tie everywhere: the second operand is another node.
      const y = b.other(b.partner(s), op === 'atan2' ? 'pos' : 'any', (i) => i !== b.info[x] && bshape(s, i.shape) !== null && (op !== 'atan2' || away(i.iv)));
      const { shape: t, iv: jv } = b.info[y]!;
      const res: Interval = op === 'maximum' ? [Math.max(iv[0], jv[0]), Math.max(iv[1], jv[1])]
        : op === 'minimum' ? [Math.min(iv[0], jv[0]), Math.min(iv[1], jv[1])] : op === 'atan2' ? [-Math.PI, Math.PI] : union(iv, jv);
      return { op, args: [x, y], attrs: op === 'where' ? { threshold: c.value(iv[0], iv[1]) } : {}, shape: bshape(s, t)!, iv: res };
    }
    case 'sum': case 'mean': case 'variance': case 'std': case 'logsumexp': case 'prod': case 'max': case 'min': case 'norm': {
      const many = op !== 'prod' && op !== 'max' && op !== 'min' && op !== 'norm';
      const a = b.axes(r, many);
      if (op === 'logsumexp' && (a.axis === null || r === 0)) return null;
      if ((op === 'prod' || op === 'max' || op === 'min') && a.axis === null) a.keepdims = false;
      const { shape, n } = reducedShape(s, a.axis, a.keepdims);
      const M = Math.max(Math.abs(iv[0]), Math.abs(iv[1]));
      const attrs: Attrs = { ...a };
      let res: Interval;
      if (op === 'sum') res = scaleIv(iv, n);
      else if (op === 'mean' || op === 'max' || op === 'min') res = iv;
      else if (op === 'variance') res = [0, (iv[1] - iv[0]) ** 2];
      else if (op === 'std') res = [0, iv[1] - iv[0]];
      else if (op === 'logsumexp') res = [iv[0], iv[1] + Math.log(n)];
      else if (op === 'prod') res = iv[0] >= 0 ? [iv[0] ** n, iv[1] ** n] : [-(M ** n), M ** n];
      else {
        attrs.ord = c.pick([2, 1, 3, 'euclidean']);
        res = [0, n * M];
      }
      return { op, args: [x], attrs, shape, iv: res };
    }
    case 'reshape': {
      const n = sizeOf(s);
      const f: number[] = [];
      for (let m = n, p = 2; m > 1;) { if (m % p === 0) { f.push(p); m /= p; } else p++; }
      const shape: number[] = [];
      for (const k of f) { if (shape.length && c.bool()) shape[shape.length - 1]! *= k; else shape.push(k); }
      for (let i = c.int(3); i > 0; i--) shape.splice(c.int(shape.length + 1), 0, 1);
      return { op, args: [x], attrs: { shape }, shape, iv };
    }
    case 'permute': case 'swapaxes': {
      if (r < 2) return null;
      const perm = [...Array(r).keys()];
      if (op === 'permute') for (let i = r - 1; i > 0; i--) { const j = c.int(i + 1); [perm[i], perm[j]] = [perm[j]!, perm[i]!]; }
      const d0 = c.int(r), d1 = (d0 + 1 + c.int(r - 1)) % r;
      if (op === 'swapaxes') [perm[d0], perm[d1]] = [d1, d0];
      return { op, args: [x], attrs: op === 'permute' ? { perm } : { perm, dims: [d0, d1] }, shape: perm.map((p) => s[p]!), iv };
    }
    case 'expand_dims': {
      const axis = c.int(2 * r + 2) - (r + 1);
      const shape = [...s];
      shape.splice(axis < 0 ? axis + r + 1 : axis, 0, 1);
      return { op, args: [x], attrs: { axis }, shape, iv };
    }
    case 'squeeze': {
      const ones = s.map((n, i) => i).filter((i) => s[i] === 1);
      if (ones.length === 0) return null;
      const a = c.pick(ones);
      return { op, args: [x], attrs: { axis: c.bool() ? a - r : a }, shape: s.filter((_, i) => i !== a), iv };
    }
    case 'broadcast_to': {
      const shape = [...(r < 3 && c.bool() ? [2] : []), ...s.map((n) => (n === 1 && c.bool() ? 2 + c.int(2) : n))];
      return { op, args: [x], attrs: { shape }, shape, iv };
    }
    case 'concat': case 'stack': {
      if (op === 'concat' && r === 0) return null;
      const axis = op === 'concat' ? c.int(2 * r) - r : c.int(2 * r + 2) - (r + 1);
      const a = axis < 0 ? axis + (op === 'concat' ? r : r + 1) : axis;
      const t = [...s];
      if (op === 'concat') t[a] = 1 + c.int(3);
      const y = b.other(t, 'any', (i) => i.shape.length === r && i.shape.every((n, k) => n === t[k] || (op === 'concat' && k === a)));
      const shape = [...s];
      if (op === 'concat') shape[a] = s[a]! + b.info[y]!.shape[a]!;
      else shape.splice(a, 0, 2);
      return { op, args: [x, y], attrs: { axis }, shape, iv: union(iv, b.info[y]!.iv) };
    }
    case 'slice': {
      const dims = s.map((_, i) => i).filter((i) => s[i]! >= 2);
      if (dims.length === 0) return null;
      const dim = c.pick(dims);
      const length = 1 + c.int(s[dim]! - 1), start = c.int(s[dim]! - length + 1);
      const begin = s.map((_, i) => (i === dim ? start : 0)), size = s.map((n, i) => (i === dim ? length : n));
      return { op, args: [x], attrs: { dim, begin, size }, shape: size, iv };
    }
    case 'flip': {
      const dims = s.map((_, i) => i).filter(() => c.bool());
      return { op, args: [x], attrs: { dims }, shape: [...s], iv };
    }
    case 'tile': {
      if (r === 0 || sizeOf(s) > 12) return null;
      const reps = s.map(() => 1 + c.int(2));
      return { op, args: [x], attrs: { reps }, shape: s.map((n, i) => n * reps[i]!), iv };
    }
    case 'gather': {
      if (r === 0) return null;
      const axis = c.int(r);
      const indices = Array.from({ length: 1 + c.int(3) }, () => c.int(s[axis]!));
      const shape = [...s];
      shape[axis] = indices.length;
      return { op, args: [x], attrs: { axis, indices }, shape, iv };
    }
    case 'matmul': {
      if (r === 0) return null;
      const k = s[r - 1]!;
      const n = 1 + c.int(3);
      const kind = c.int(3);
      const bt = r >= 3 && kind === 2 ? b.partner(s.slice(0, -2)) : [];
      const yShape = kind === 0 ? [k] : [...bt, k, n];
      const transpose_b = yShape.length >= 2 && c.bool();
      const stored = transpose_b ? [...yShape.slice(0, -2), n, k] : yShape;
      const y = b.other(stored, 'any', (i) => i.shape.length === stored.length && i.shape.every((m, j) => m === stored[j]));
      const batch = bshape(s.slice(0, -2), yShape.slice(0, -2));
      if (batch === null) return null;
      const shape = yShape.length === 1 ? s.slice(0, -1) : r === 1 ? [...bt, n] : [...batch, s[r - 2]!, n];
      const perm = [...stored.keys()].map((i) => (i < stored.length - 2 ? i : 2 * stored.length - 3 - i));
      const vecs = { vecX: r === 1, vecY: yShape.length === 1 };
      return { op, args: [x, y], attrs: transpose_b ? { transpose_b, perm, ...vecs } : { transpose_b, ...vecs }, shape, iv: scaleIv(mulIv(iv, b.info[y]!.iv), k) };
    }
    case 'softmax': case 'log_softmax': {
      if (r === 0) return null;
      const axis = c.int(2 * r) - r;
      const n = s[(axis + r) % r]!;
      const res: Interval = op === 'softmax' ? [Math.exp(iv[0] - iv[1]) / n, 1] : [iv[0] - iv[1] - Math.log(n), 0];
      return { op, args: [x], attrs: { axis }, shape: s, iv: res };
    }
    case 'cross_entropy': case 'sparse_cross_entropy': case 'mse': {
      const reduction = c.pick(['none', 'mean', 'sum'] as const);
      const lsm = [iv[0] - iv[1] - Math.log(s[r - 1] ?? 1), 0] as Interval;
      if (op === 'mse') {
        const y = b.other(s, 'any', (i) => i.shape.length === r && i.shape.every((m, j) => m === s[j]));
        const dv = [iv[0] - b.info[y]!.iv[1], iv[1] - b.info[y]!.iv[0]] as Interval;
        const sq = (() => { const [a, bb] = absIv(dv); return [a * a, bb * bb] as Interval; })();
        return { op, args: [x, y], attrs: { reduction }, shape: reduction === 'none' ? s : [], iv: reduction === 'sum' ? scaleIv(sq, sizeOf(s)) : sq };
      }
      if (r === 0 || (op === 'sparse_cross_entropy' && r > 2)) return null;
      const classAxis = r === 1 ? 0 : 1;
      const rows = op === 'sparse_cross_entropy' ? s.slice(0, -1) : s.filter((_, i) => i !== classAxis);
      const count = sizeOf(rows);
      let args: Arg[] = [x], attrs: Attrs = { reduction }, per: Interval;
      if (op === 'cross_entropy') {
        const y = b.other(s, 'unit', (i) => i.shape.length === r && i.shape.every((m, j) => m === s[j]) && i.iv[0] >= 0 && i.iv[1] <= 10);
        const nClass = s[classAxis]!;
        const [ylo, yhi] = b.info[y]!.iv;
        const lsmAxis: Interval = [iv[0] - iv[1] - Math.log(nClass), 0];
        per = scaleIv(mulIv([-yhi, -ylo], lsmAxis), nClass);
        args = [x, y];
        attrs = { reduction, classAxis };
      } else {
        attrs = { reduction, labels: nest(rows.length ? Array.from({ length: count }, () => c.int(s[r - 1]!)) : [c.int(s[0]!)], rows) };
        per = [0, -lsm[0]];
      }
      const shape = reduction === 'none' ? rows : [];
      return { op, args, attrs, shape, iv: reduction === 'sum' ? scaleIv(per, count) : per };
    }
    default:
      return null;
  }
}

const OP_GROUPS: OpName[][] = [Object.keys(UNARY).filter((o) => o !== 'softmax' && o !== 'log_softmax') as OpName[], BIN_OPS, RED_OPS, SHAPE_OPS, NN_OPS];

/** Builds a program from fast-check's choices. */
export function build(raw: { dtype: DType; steps: number; choices: number[]; seed: number; grid?: boolean }): Program {
  const c = new Chooser(raw.choices, mulberry32(raw.seed), raw.grid ?? false);
  const b = new Builder(c, raw.dtype);
  b.leaf(b.shape(), c.pick(['any', 'pos'] as const), true);
  const connected = [0];
  for (let k = 0; k < raw.steps; k++) {
    const x = connected[connected.length - 1 - c.int(Math.min(connected.length, 3))]!;
    const group = OP_GROUPS[c.int(OP_GROUPS.length)]!;
    const start = c.int(group.length);
    let d: Draft | null = null;
    for (let j = 0; j < group.length && d === null; j++) {
      const at = b.nodes.length;
      d = draft(b, group[(start + j) % group.length]!, x);
      const big = d !== null && (sizeOf(d.shape) > 36 || !(Math.max(Math.abs(d.iv[0]), Math.abs(d.iv[1])) <= MAX_ABS));
      if (d === null || big) { b.nodes.length = at; b.info.length = at; d = null; }
    }
    d ??= { op: 'tanh', args: [x], attrs: {}, shape: b.info[x]!.shape, iv: [-1, 1] };
    connected.push(b.step(d));
  }
  const output = b.nodes.length - 1;
  const w = (id: number) => Array.from({ length: sizeOf(b.nodes[id]!.shape) }, () => c.value(-2, 2));
  const stepIds = b.nodes.filter((n) => n.kind === 'step' && n.id !== output).map((n) => n.id);
  const extra = [...new Set([c.pick(stepIds.length ? stepIds : [output]), c.pick(stepIds.length ? stepIds : [output])])]
    .filter((id) => id !== output).map((node) => ({ node, seed: w(node) }));
  const p: Program = {
    dtype: raw.dtype, nodes: b.nodes, output, seed: c.bool() ? w(output) : null, extra,
    gradWeights: [], k: c.pick([2, 4]),
  };
  p.gradWeights = diffLeaves(p).map((l) => w(l.id));
  return p;
}

/**
 * Random programs: 2-6 steps, float32 or float64. With `grid`, input values come from a coarse grid
 * (-1, -0.5, 0, ... 2), so programs reach ties, zeros and clamp bounds: the edges both frameworks treat alike.
 */
export function programArb(o: { minSteps?: number; maxSteps?: number; grid?: boolean } = {}): fc.Arbitrary<Program> {
  return fc.record({
    dtype: fc.constantFrom<DType>('float64', 'float32'),
    steps: fc.integer({ min: o.minSteps ?? 2, max: o.maxSteps ?? 6 }),
    // A fixed-length choice list: shrinking moves each choice toward 0 (the first option: smaller shapes, simpler ops).
    choices: fc.array(fc.nat(719), { minLength: CHOICES, maxLength: CHOICES }),
    seed: fc.integer(),
  }).map((raw) => build({ ...raw, grid: o.grid ?? false }));
}
