// The tf facade against TensorFlow.js 4.22 (`tfjs.grads`, cpu backend, float32) on seeded random programs over
// every op both have: forward values and first-order gradients, 1e-5 relative / 1e-6 absolute. Where tfjs and
// TensorFlow Python disagree, TensorFlow Python's documented behaviour is the facade's spec: those cases are in
// EXCLUDED below and in tests/oracle/README.md, and no program here reaches them.
import * as tfjs from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as core from '@twingrad/core';
import * as tf from '@twingrad/tf';
import { CORE_NAMES } from '../../packages/tf/src/ops.js';
import { flatten, mismatch, nest, reportCounts, TOL } from './support.js';

/** Cases where tfjs is not TensorFlow Python: never generated, listed here and in the README. */
const EXCLUDED = {
  'abs at 0': 'tfjs differentiates abs with step(x, -1), giving -1 at 0; TensorFlow Python gives sign(0) = 0',
  'reduce_max / reduce_min at ties': 'tfjs gives the whole gradient to every tied element; TensorFlow Python splits it evenly among them',
  'softmax_cross_entropy_with_logits, gradient of labels': 'tfjs returns minus the logits gradient for labels; TensorFlow Python returns -g * log_softmax(logits). Only the logits gradient is compared',
  'norm at the zero vector': 'both tfjs and TensorFlow Python give NaN (the sqrt at 0); twingrad uses the masked 0 of PyTorch, a documented divergence',
} as const;

/** Differentiable ops of the tf facade with no TensorFlow.js counterpart to compare with. */
const NOT_COMPARED: Record<string, string> = {
  gelu: 'TensorFlow.js 4.22 has no gelu op (packages/core/test checks it by finite differences)',
  cast: 'TensorFlow.js has no float64, and a float32 to float32 cast is the identity',
  floor: "tfjs differentiates floor to zeros; TensorFlow Python's _FloorGrad returns None (packages/tf/test/rounding.test.ts)",
  ceil: "tfjs differentiates ceil to zeros; TensorFlow Python's _CeilGrad returns None (packages/tf/test/rounding.test.ts)",
  round: "tfjs differentiates round to zeros, and rounds -0.5 to +0; TensorFlow Python's _RoundGrad returns None and its nearbyint gives -0 (packages/tf/test/rounding.test.ts)",
};

// ---- a seeded generator (mulberry32): the programs are the same on every run ----
const SEED = 0x7f4a_0601;
function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}
type Rng = ReturnType<typeof rng>;

// ---- inputs ----
interface Input { shape: number[]; data: number[]; dtype: 'float32' | 'int32' | 'bool'; diff: boolean }
interface Domain { lo: number; hi: number; avoid?: number[]; awayFromZero?: boolean }
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function floats(r: Rng, shape: number[], d: Domain = { lo: -2, hi: 2 }): Input {
  const data = Array.from({ length: size(shape) }, () => {
    for (;;) {
      let v = d.lo + (d.hi - d.lo) * r.next();
      if (d.awayFromZero) v = (r.next() < 0.5 ? -1 : 1) * (0.3 + 1.7 * r.next());
      if ((d.avoid ?? []).every((a) => Math.abs(v - a) >= 0.1)) return Math.fround(v);
    }
  });
  return { shape, data, dtype: 'float32', diff: true };
}
const fixed = (shape: number[], data: number[]): Input => ({ shape, data: data.map(Math.fround), dtype: 'float32', diff: true });
const ints = (r: Rng, shape: number[], n: number): Input =>
  ({ shape, data: Array.from({ length: size(shape) }, () => r.int(n)), dtype: 'int32', diff: false });
const bools = (r: Rng, shape: number[]): Input =>
  ({ shape, data: Array.from({ length: size(shape) }, () => (r.next() < 0.5 ? 1 : 0)), dtype: 'bool', diff: false });

// ---- the op table: one entry per op both have, its inputs, and the call in each API ----
type TF = tf.Tensor;
type JS = tfjs.Tensor;
interface Case {
  inputs: Input[];
  /** The attributes both calls share (axis, keepdims, ...), shown in the title. */
  attrs: Record<string, unknown>;
}
interface OpSpec {
  gen: (r: Rng) => Case;
  tf: (x: TF[], a: any) => TF; // eslint-disable-line @typescript-eslint/no-explicit-any -- attrs are per-op records
  js: (x: JS[], a: any) => JS; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Inputs whose gradient is not compared (see EXCLUDED). */
  skipGrad?: number[];
  /** Extra fixed cases where both frameworks document the same edge value. */
  edges?: Array<{ what: string; c: Case }>;
}

const SHAPES1: number[][] = [[2, 3], [5], [], [3, 1, 2]];
const BCAST: Array<[number[], number[]]> = [[[2, 3], [2, 3]], [[2, 3], [3]], [[2, 1], [1, 3]], [[3], []], [[4, 1, 2], [3, 1]]];

function unary(tfFn: (x: TF) => TF, jsFn: (x: JS) => JS, d: Domain = { lo: -2, hi: 2 }, edges?: OpSpec['edges']): OpSpec {
  return { gen: (r) => ({ inputs: [floats(r, r.pick(SHAPES1), d)], attrs: {} }), tf: ([x]) => tfFn(x!), js: ([x]) => jsFn(x!), edges };
}
function binary(tfFn: (x: TF, y: TF) => TF, jsFn: (x: JS, y: JS) => JS, dx: Domain = { lo: -2, hi: 2 }, dy: Domain = dx, edges?: OpSpec['edges']): OpSpec {
  return {
    gen: (r) => { const [a, b] = r.pick(BCAST); return { inputs: [floats(r, a, dx), floats(r, b, dy)], attrs: {} }; },
    tf: ([x, y]) => tfFn(x!, y!), js: ([x, y]) => jsFn(x!, y!), edges,
  };
}
/** A reduction over random axes of a [2,3,4] or [3,4] input, with or without keepdims. */
function reduction(tfFn: (x: TF, axis: number[] | null, k: boolean) => TF, jsFn: (x: JS, axis: number[] | null, k: boolean) => JS, d: Domain = { lo: -2, hi: 2 }, edges?: OpSpec['edges']): OpSpec {
  return {
    gen: (r) => {
      const shape = r.pick([[2, 3, 4], [3, 4], [5]]);
      const axis = r.pick([null, [0], [shape.length - 1], shape.length > 1 ? [0, shape.length - 1] : [0]]);
      return { inputs: [floats(r, shape, d)], attrs: { axis, keepdims: r.next() < 0.5 } };
    },
    tf: ([x], a) => tfFn(x!, a.axis, a.keepdims), js: ([x], a) => jsFn(x!, a.axis, a.keepdims), edges,
  };
}

/**
 * NOTE: tfjs's Maximum, Minimum and BatchMatMul gradients do not sum back over broadcast dimensions (tfjs throws
 * "Error in gradient for op Maximum. The gradient of input 'b' has shape ..."); TensorFlow Python's do. On the tfjs
 * side these operands are broadcast explicitly (tfjs.broadcastTo's own gradient sums back), the facade broadcasts itself.
 */
function bcast(x: JS, y: JS): [JS, JS] {
  const s = tfjs.backend_util.assertAndGetBroadcastShape(x.shape, y.shape);
  return [tfjs.broadcastTo(x, s), tfjs.broadcastTo(y, s)];
}
function bcastBatch(a: JS, b: JS): [JS, JS] {
  const batch = tfjs.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return [tfjs.broadcastTo(a, [...batch, ...a.shape.slice(-2)]), tfjs.broadcastTo(b, [...batch, ...b.shape.slice(-2)])];
}
const axisOr = (axis: number[] | null): number[] | undefined => axis ?? undefined;

const OPS: Record<string, OpSpec> = {
  negative: unary((x) => tf.negative(x), (x) => tfjs.neg(x)),
  // NOTE: the last axis only: tfjs 4.22's Cumsum gradient over another axis returns a transposed shape ("The gradient
  // of input 'x' has shape '2,4,3'"); the core's rule is checked on every axis by the registry's gradchecks.
  cumsum: {
    gen: (r) => {
      const shape = r.pick([[2, 3, 4], [3, 4], [5]]);
      return { inputs: [floats(r, shape, { lo: -2, hi: 2 })], attrs: { axis: shape.length - 1, exclusive: r.next() < 0.5, reverse: r.next() < 0.5 } };
    },
    tf: ([x], a) => tf.math.cumsum(x!, a.axis as number, a.exclusive as boolean, a.reverse as boolean),
    js: ([x], a) => tfjs.cumsum(x!, a.axis as number, a.exclusive as boolean, a.reverse as boolean),
  },
  identity: unary((x) => tf.identity(x), (x) => tfjs.clone(x)),
  abs: unary((x) => tf.abs(x), (x) => tfjs.abs(x), { lo: -2, hi: 2, avoid: [0] }),
  sign: unary((x) => tf.sign(x), (x) => tfjs.sign(x), { lo: -2, hi: 2, avoid: [0] }),
  exp: unary((x) => tf.exp(x), (x) => tfjs.exp(x)),
  log: unary((x) => tf.math.log(x), (x) => tfjs.log(x), { lo: 0.2, hi: 3 }),
  log1p: unary((x) => tf.math.log1p(x), (x) => tfjs.log1p(x), { lo: -0.8, hi: 3 }),
  expm1: unary((x) => tf.math.expm1(x), (x) => tfjs.expm1(x)),
  sqrt: unary((x) => tf.sqrt(x), (x) => tfjs.sqrt(x), { lo: 0.2, hi: 3 }),
  rsqrt: unary((x) => tf.math.rsqrt(x), (x) => tfjs.rsqrt(x), { lo: 0.2, hi: 3 }),
  square: unary((x) => tf.square(x), (x) => tfjs.square(x)),
  reciprocal: unary((x) => tf.math.reciprocal(x), (x) => tfjs.reciprocal(x), { lo: 0, hi: 0, awayFromZero: true }),
  sin: unary((x) => tf.math.sin(x), (x) => tfjs.sin(x), { lo: -3, hi: 3 }),
  cos: unary((x) => tf.math.cos(x), (x) => tfjs.cos(x), { lo: -3, hi: 3 }),
  tan: unary((x) => tf.math.tan(x), (x) => tfjs.tan(x), { lo: -1.2, hi: 1.2 }),
  tanh: unary((x) => tf.math.tanh(x), (x) => tfjs.tanh(x), { lo: -3, hi: 3 }),
  sigmoid: unary((x) => tf.math.sigmoid(x), (x) => tfjs.sigmoid(x), { lo: -4, hi: 4 }),
  relu: unary((x) => tf.nn.relu(x), (x) => tfjs.relu(x), { lo: -2, hi: 2, avoid: [0] },
    [{ what: 'the gradient at 0 is 0 in both', c: { inputs: [fixed([3], [0, 1, -1])], attrs: {} } }]),
  leaky_relu: {
    gen: (r) => ({ inputs: [floats(r, r.pick(SHAPES1), { lo: -2, hi: 2, avoid: [0] })], attrs: { alpha: r.pick([0.2, 0.05]) } }),
    tf: ([x], a) => tf.nn.leaky_relu(x!, a.alpha), js: ([x], a) => tfjs.leakyRelu(x!, a.alpha),
    edges: [{ what: 'at 0 the gradient is alpha in both', c: { inputs: [fixed([3], [0, 1, -1])], attrs: { alpha: 0.2 } } }],
  },
  elu: unary((x) => tf.nn.elu(x), (x) => tfjs.elu(x), { lo: -2, hi: 2, avoid: [0] }),
  softplus: unary((x) => tf.math.softplus(x), (x) => tfjs.softplus(x), { lo: -4, hi: 4 }),
  erf: unary((x) => tf.math.erf(x), (x) => tfjs.erf(x)),
  add: binary((x, y) => tf.add(x, y), (x, y) => tfjs.add(x, y)),
  subtract: binary((x, y) => tf.subtract(x, y), (x, y) => tfjs.sub(x, y)),
  multiply: binary((x, y) => tf.multiply(x, y), (x, y) => tfjs.mul(x, y)),
  divide: binary((x, y) => tf.divide(x, y), (x, y) => tfjs.div(x, y), { lo: -2, hi: 2 }, { lo: 0, hi: 0, awayFromZero: true }),
  pow: binary((x, y) => tf.pow(x, y), (x, y) => tfjs.pow(x, y), { lo: 0.5, hi: 2 }, { lo: -1.5, hi: 2 },
    [{ what: 'at x = 0 the exponent gradient is masked to 0 in both', c: { inputs: [fixed([3], [0, 0, 1.5]), fixed([3], [2, 3, -1])], attrs: {} } }]),
  maximum: binary((x, y) => tf.maximum(x, y), (x, y) => tfjs.maximum(...bcast(x, y)), undefined, undefined,
    [{ what: 'ties give the gradient to x in both', c: { inputs: [fixed([4], [1, -0.5, 2, 0]), fixed([4], [1, 0.5, -2, 0])], attrs: {} } }]),
  minimum: binary((x, y) => tf.minimum(x, y), (x, y) => tfjs.minimum(...bcast(x, y)), undefined, undefined,
    [{ what: 'ties give the gradient to x in both', c: { inputs: [fixed([4], [1, -0.5, 2, 0]), fixed([4], [1, 0.5, -2, 0])], attrs: {} } }]),
  atan2: binary((x, y) => tf.math.atan2(x, y), (x, y) => tfjs.atan2(x, y), { lo: 0, hi: 0, awayFromZero: true }),
  where: {
    gen: (r) => {
      const [c, a, b] = r.pick([[[2, 3], [2, 3], [2, 3]], [[2, 3], [3], [2, 1]], [[3], [], [3]], [[2, 1], [1, 3], [3]]]);
      return { inputs: [bools(r, c!), floats(r, a!), floats(r, b!)], attrs: {} };
    },
    tf: ([c, x, y]) => tf.where(c!, x!, y!),
    js: ([c, x, y]) => {
      const s = tfjs.backend_util.assertAndGetBroadcastShape(c!.shape, tfjs.backend_util.assertAndGetBroadcastShape(x!.shape, y!.shape));
      return tfjs.where(tfjs.broadcastTo(c!, s), tfjs.broadcastTo(x!, s), tfjs.broadcastTo(y!, s));
    },
  },
  clip_by_value: {
    gen: (r) => ({ inputs: [floats(r, r.pick(SHAPES1), { lo: -2, hi: 2, avoid: [-0.5, 0.7] })], attrs: { lo: -0.5, hi: 0.7 } }),
    tf: ([x], a) => tf.clip_by_value(x!, a.lo, a.hi), js: ([x], a) => tfjs.clipByValue(x!, a.lo, a.hi),
    edges: [{ what: 'values at the bounds keep their gradient in both', c: { inputs: [fixed([4], [-0.5, 0.7, 0, 2])], attrs: { lo: -0.5, hi: 0.7 } } }],
  },
  reduce_sum: reduction((x, a, k) => tf.reduce_sum(x, a, k), (x, a, k) => tfjs.sum(x, axisOr(a), k)),
  reduce_mean: reduction((x, a, k) => tf.reduce_mean(x, a, k), (x, a, k) => tfjs.mean(x, axisOr(a), k)),
  reduce_prod: reduction((x, a, k) => tf.reduce_prod(x, a, k), (x, a, k) => tfjs.prod(x, axisOr(a), k), { lo: 0.5, hi: 1.5 },
    [{ what: 'one zero factor gets the product of the others in both', c: { inputs: [fixed([4], [0, 1.5, -2, 0.5])], attrs: { axis: null, keepdims: false } } }]),
  reduce_max: reduction((x, a, k) => tf.reduce_max(x, a, k), (x, a, k) => tfjs.max(x, axisOr(a), k)),
  reduce_min: reduction((x, a, k) => tf.reduce_min(x, a, k), (x, a, k) => tfjs.min(x, axisOr(a), k)),
  reduce_logsumexp: reduction((x, a, k) => tf.reduce_logsumexp(x, a, k), (x, a, k) => tfjs.logSumExp(x, axisOr(a), k)),
  reduce_variance: reduction((x, a, k) => tf.math.reduce_variance(x, a, k), (x, a, k) => tfjs.moments(x, axisOr(a), k).variance),
  reduce_std: reduction((x, a, k) => tf.math.reduce_std(x, a, k), (x, a, k) => tfjs.sqrt(tfjs.moments(x, axisOr(a), k).variance)),
  norm: reduction((x, a, k) => tf.norm(x, 'euclidean', a, k), (x, a, k) => tfjs.norm(x, 'euclidean', axisOr(a), k), { lo: 0.3, hi: 2 }),
  reshape: {
    gen: (r) => r.pick([
      { inputs: [floats(r, [2, 3, 2])], attrs: { shape: [3, -1] } },
      { inputs: [floats(r, [6])], attrs: { shape: [2, 1, 3] } },
    ]),
    tf: ([x], a) => tf.reshape(x!, a.shape), js: ([x], a) => tfjs.reshape(x!, a.shape),
  },
  transpose: {
    gen: (r) => r.pick([{ inputs: [floats(r, [2, 3, 4])], attrs: { perm: [2, 0, 1] } }, { inputs: [floats(r, [2, 3])], attrs: { perm: [1, 0] } }]),
    tf: ([x], a) => tf.transpose(x!, a.perm), js: ([x], a) => tfjs.transpose(x!, a.perm),
  },
  expand_dims: {
    gen: (r) => ({ inputs: [floats(r, [2, 3])], attrs: { axis: r.pick([0, 1, 2, -1]) } }),
    tf: ([x], a) => tf.expand_dims(x!, a.axis), js: ([x], a) => tfjs.expandDims(x!, a.axis),
  },
  squeeze: {
    gen: (r) => ({ inputs: [floats(r, [2, 1, 3, 1])], attrs: { axis: r.pick([[1], [3], [1, 3]]) } }),
    tf: ([x], a) => tf.squeeze(x!, a.axis), js: ([x], a) => tfjs.squeeze(x!, a.axis),
  },
  concat: {
    gen: (r) => r.pick([
      { inputs: [floats(r, [2, 3]), floats(r, [1, 3]), floats(r, [3, 3])], attrs: { axis: 0 } },
      { inputs: [floats(r, [2, 2]), floats(r, [2, 3])], attrs: { axis: 1 } },
    ]),
    tf: (xs, a) => tf.concat(xs, a.axis), js: (xs, a) => tfjs.concat(xs, a.axis),
  },
  stack: {
    gen: (r) => ({ inputs: [floats(r, [2, 3]), floats(r, [2, 3]), floats(r, [2, 3])], attrs: { axis: r.pick([0, 1, 2, -1]) } }),
    tf: (xs, a) => tf.stack(xs, a.axis), js: (xs, a) => tfjs.stack(xs, a.axis),
  },
  split: {
    gen: (r) => ({ inputs: [floats(r, [4, 3])], attrs: { sizes: r.pick([2, [1, 3]]), axis: 0 } }),
    // the parts are weighted differently so that a misrouted gradient shows
    tf: ([x], a) => { const p = tf.split(x!, a.sizes, a.axis); return tf.concat([tf.exp(p[0]!), tf.multiply(p[1]!, 2)], 0); },
    js: ([x], a) => { const p = tfjs.split(x!, a.sizes, a.axis); return tfjs.concat([tfjs.exp(p[0]!), tfjs.mul(p[1]!, 2)], 0); },
  },
  unstack: {
    gen: (r) => ({ inputs: [floats(r, [3, 2, 4])], attrs: { axis: r.pick([0, 1, -1]) } }),
    // the pieces are weighted differently so that a misrouted gradient shows
    tf: ([x], a) => { const p = tf.unstack(x!, { axis: a.axis }); return tf.stack([tf.exp(p[0]!), tf.multiply(p[1]!, 2)]); },
    js: ([x], a) => { const p = tfjs.unstack(x!, a.axis); return tfjs.stack([tfjs.exp(p[0]!), tfjs.mul(p[1]!, 2)]); },
  },
  reverse: {
    gen: (r) => r.pick([
      { inputs: [floats(r, [2, 3, 4])], attrs: { axis: r.pick([[0], [1, 2], [0, -1], []]) } },
      { inputs: [floats(r, [5])], attrs: { axis: [0] } },
    ]),
    tf: ([x], a) => tf.reverse(x!, a.axis), js: ([x], a) => tfjs.reverse(x!, a.axis),
  },
  tile: {
    gen: (r) => r.pick([
      { inputs: [floats(r, [2, 3])], attrs: { multiples: r.pick([[2, 1], [1, 3], [3, 2]]) } },
      { inputs: [floats(r, [2, 1, 3])], attrs: { multiples: [1, 4, 2] } }, { inputs: [floats(r, [4])], attrs: { multiples: [3] } },
    ]),
    tf: ([x], a) => tf.tile(x!, a.multiples), js: ([x], a) => tfjs.tile(x!, a.multiples),
  },
  slice: {
    gen: (r) => ({ inputs: [floats(r, [3, 4, 2])], attrs: r.pick([{ begin: [1, 0, 0], size: [2, 3, -1] }, { begin: [0, 2, 1], size: [-1, 2, 1] }]) }),
    tf: ([x], a) => tf.slice(x!, a.begin, a.size), js: ([x], a) => tfjs.slice(x!, a.begin, a.size),
  },
  gather: {
    gen: (r) => { const axis = r.pick([0, 1]); const x = floats(r, [4, 5]); return { inputs: [x, ints(r, [6], axis === 0 ? 4 : 5)], attrs: { axis } }; },
    tf: ([x, i], a) => tf.gather(x!, i!, { axis: a.axis }), js: ([x, i], a) => tfjs.gather(x!, i as tfjs.Tensor1D, a.axis),
  },
  pad: {
    gen: (r) => ({ inputs: [floats(r, [2, 3])], attrs: r.pick([{ pads: [[1, 0], [0, 2]], value: 0 }, { pads: [[0, 1], [2, 1]], value: 1.5 }]) }),
    tf: ([x], a) => tf.pad(x!, a.pads, 'CONSTANT', a.value), js: ([x], a) => tfjs.pad(x!, a.pads, a.value),
  },
  broadcast_to: {
    gen: (r) => r.pick([{ inputs: [floats(r, [3, 1])], attrs: { shape: [2, 3, 4] } }, { inputs: [floats(r, [4])], attrs: { shape: [3, 4] } }]),
    tf: ([x], a) => tf.broadcast_to(x!, a.shape), js: ([x], a) => tfjs.broadcastTo(x!, a.shape),
  },
  matmul: {
    gen: (r) => { const [a, b] = r.pick([[[2, 3], [3, 4]], [[2, 2, 3], [2, 3, 4]], [[4, 1], [1, 3]], [[2, 2, 3], [3, 2]]]); return { inputs: [floats(r, a!), floats(r, b!)], attrs: {} }; },
    tf: ([x, y]) => tf.matmul(x!, y!), js: ([x, y]) => tfjs.matMul(...bcastBatch(x!, y!)),
  },
  softmax: {
    gen: (r) => ({ inputs: [floats(r, r.pick([[2, 3], [4], [2, 3, 2]]), { lo: -3, hi: 3 })], attrs: { axis: -1 } }),
    tf: ([x], a) => tf.nn.softmax(x!, a.axis), js: ([x], a) => tfjs.softmax(x!, a.axis),
  },
  log_softmax: {
    gen: (r) => ({ inputs: [floats(r, r.pick([[2, 3], [4], [2, 3, 2]]), { lo: -3, hi: 3 })], attrs: { axis: -1 } }),
    tf: ([x], a) => tf.nn.log_softmax(x!, a.axis), js: ([x], a) => tfjs.logSoftmax(x!, a.axis),
  },
  softmax_cross_entropy_with_logits: {
    gen: (r) => {
      const n = r.pick([2, 4]);
      const raw = Array.from({ length: n * 3 }, () => r.next() + 0.05);
      const labels = raw.map((v, i) => v / (raw[3 * Math.floor(i / 3)]! + raw[3 * Math.floor(i / 3) + 1]! + raw[3 * Math.floor(i / 3) + 2]!));
      return { inputs: [floats(r, [n, 3], { lo: -3, hi: 3 }), { ...fixed([n, 3], labels), diff: true }], attrs: {} };
    },
    tf: ([z, l]) => tf.nn.softmax_cross_entropy_with_logits({ labels: l!, logits: z! }),
    js: ([z, l]) => tfjs.losses.softmaxCrossEntropy(l!, z!, undefined, 0, tfjs.Reduction.NONE),
    skipGrad: [1],
  },
  // tfjs-core has no silu: its composition x * sigmoid(x), whose autodiff is TF's custom gradient s (1 + x (1 - s))
  silu: {
    gen: (r) => ({ inputs: [floats(r, r.pick([[2, 3], [4], [2, 2, 2]]), { lo: -5, hi: 5 })], attrs: {} }),
    tf: ([x]) => tf.nn.silu(x!), js: ([x]) => tfjs.mul(x!, tfjs.sigmoid(x!)),
  },
  sigmoid_cross_entropy_with_logits: {
    gen: (r) => { const shape = r.pick([[2, 3], [4], [2, 2, 2]]); return { inputs: [floats(r, shape, { lo: -4, hi: 4, avoid: [0] }), floats(r, shape, { lo: 0, hi: 1 })], attrs: {} }; },
    tf: ([z, l]) => tf.nn.sigmoid_cross_entropy_with_logits({ labels: l!, logits: z! }),
    js: ([z, l]) => tfjs.losses.sigmoidCrossEntropy(l!, z!, undefined, 0, tfjs.Reduction.NONE),
  },
  sparse_softmax_cross_entropy_with_logits: {
    gen: (r) => { const n = r.pick([2, 4]); return { inputs: [floats(r, [n, 3], { lo: -3, hi: 3 }), ints(r, [n], 3)], attrs: {} }; },
    tf: ([z, l]) => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: l!, logits: z! }),
    js: ([z, l]) => tfjs.losses.softmaxCrossEntropy(tfjs.oneHot(l as tfjs.Tensor1D, 3), z!, undefined, 0, tfjs.Reduction.NONE),
  },
};

/** A smooth op applied after the op under test, so that its gradient is checked under a non-trivial cotangent chain. */
const POST: Array<{ name: string; tf: (x: TF) => TF; js: (x: JS) => JS }> = [
  { name: '', tf: (x) => x, js: (x) => x },
  { name: 'tanh', tf: (x) => tf.math.tanh(x), js: (x) => tfjs.tanh(x) },
  { name: 'sin', tf: (x) => tf.math.sin(x), js: (x) => tfjs.sin(x) },
  { name: 'square', tf: (x) => tf.square(x), js: (x) => tfjs.square(x) },
];

// ---- programs ----
/** `seed` draws the program's cotangent once its output shape is known. */
interface Program { op: string; title: string; c: Case; post: (typeof POST)[number]; seed: number }
const PER_OP = 4;

function describeCase(op: string, c: Case, post: string, edge?: string): string {
  const ins = c.inputs.map((i) => `${i.dtype}[${i.shape.join(',')}]`).join(', ');
  const attrs = Object.entries(c.attrs).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  const call = `${op}(${ins}${attrs ? `, ${attrs}` : ''})`;
  return `${post ? `${post}(${call})` : call}${edge ? `: ${edge}` : ''}`;
}

function programs(): Program[] {
  const r = rng(SEED);
  const out: Program[] = [];
  for (const [op, spec] of Object.entries(OPS)) {
    for (let k = 0; k < PER_OP; k++) {
      const c = spec.gen(r);
      const post = k === 0 ? POST[0]! : r.pick(POST);
      out.push({ op, title: describeCase(op, c, post.name), c, post, seed: r.int(2 ** 31) });
    }
    for (const e of spec.edges ?? []) out.push({ op, title: describeCase(op, e.c, '', e.what), c: e.c, post: POST[0]!, seed: r.int(2 ** 31) });
  }
  return out;
}

const PROGRAMS = programs();

// ---- running one program in each API ----
const jsTensor = (i: Input) => tfjs.tensor(i.data, i.shape, i.dtype);
const tfTensor = (i: Input) => tf.constant(nest(i.data.map((v) => (i.dtype === 'bool' ? v !== 0 : v)), i.shape) as never, i.dtype);
const tfValues = (t: TF | null | undefined): number[] | null => (t == null ? null : flatten(t.numpy()));

const counts = { programs: 0, float32: 0, tensors: 0, failed: 0 };

function run(p: Program): string[] {
  const spec = OPS[p.op]!;
  const tol = TOL.float32!;
  const problems: string[] = [];
  const check = (what: string, got: number[] | null, want: number[]) => {
    counts.tensors++;
    const m = mismatch(what, got ?? new Array<number>(want.length).fill(0), want, tol);
    if (m !== null) problems.push(m);
  };
  const diff = p.c.inputs.map((i, k) => (i.diff ? k : -1)).filter((k) => k >= 0);

  // tfjs: forward, then tfjs.grads with the cotangent dy
  const jsIn = p.c.inputs.map(jsTensor);
  const jsF = (...d: JS[]) => {
    const all = jsIn.map((t, k) => (diff.includes(k) ? d[diff.indexOf(k)]! : t));
    return p.post.js(spec.js(all, p.c.attrs));
  };
  const jsOut = jsF(...diff.map((k) => jsIn[k]!));
  const rd = rng(p.seed);
  const dyData = Array.from({ length: size(jsOut.shape) }, () => Math.fround(rd.normal()));
  const jsGrads = tfjs.grads(jsF)(diff.map((k) => jsIn[k]!), tfjs.tensor(dyData, jsOut.shape, 'float32'));

  // the tf facade: watched constants on a GradientTape, the same cotangent as output_gradients
  const tfIn = p.c.inputs.map(tfTensor);
  const tape = new tf.GradientTape();
  const tfOut = tape.record(() => {
    for (const k of diff) tape.watch(tfIn[k]!);
    return p.post.tf(spec.tf(tfIn, p.c.attrs));
  });
  expect(tfOut.shape, `${p.title}: output shape`).toEqual(jsOut.shape);
  check('forward', tfValues(tfOut), Array.from(jsOut.dataSync()));
  const tfGrads = tape.gradient(tfOut, diff.map((k) => tfIn[k]!), {
    output_gradients: tf.constant(nest(dyData, jsOut.shape) as never, 'float32'),
  }) as Array<TF | null>;
  diff.forEach((k, j) => {
    if (spec.skipGrad?.includes(k)) return;
    check(`gradient of input ${k}`, tfValues(tfGrads[j]), Array.from(jsGrads[j]!.dataSync()));
  });
  tfjs.dispose([...jsIn, jsOut, ...jsGrads]);
  return problems;
}

beforeAll(async () => {
  tfjs.enableProdMode(); // silences the banner suggesting tfjs-node; the cpu backend is the one compared against
  await tfjs.setBackend('cpu');
  await tfjs.ready();
});

describe('tf facade against TensorFlow.js 4.22 (tf.grads, cpu backend, float32)', () => {
  it('every differentiable op the tf facade exposes has programs here, or is listed with the reason it has none', () => {
    const exposed = [...core.registry.values()].filter((o) => o.differentiable && CORE_NAMES[o.name]).map((o) => CORE_NAMES[o.name]!.split('.').pop()!);
    expect([...new Set(exposed)].filter((n) => !(n in OPS) && !(n in NOT_COMPARED)).sort()).toEqual([]);
    expect(Object.keys(NOT_COMPARED).filter((n) => n in OPS)).toEqual([]);
  });

  for (const op of Object.keys(OPS)) {
    describe(op, () => {
      for (const p of PROGRAMS.filter((q) => q.op === op)) {
        it(`tf facade matches TensorFlow.js 4.22: ${p.title} forward and first order`, () => {
          counts.programs++;
          counts.float32++;
          let problems: string[];
          try {
            problems = run(p);
          } catch (err) {
            counts.failed++;
            throw err;
          }
          if (problems.length > 0) counts.failed++;
          expect(problems, p.title).toEqual([]);
        });
      }
    });
  }

  afterAll(async () => {
    await reportCounts('tf facade vs TensorFlow.js 4.22', {
      programs: counts.programs, float32: counts.float32, 'tensors compared': counts.tensors,
      'programs failing': counts.failed, ops: Object.keys(OPS).length,
    });
  });
});

describe("reduce_prod's gradient as TensorFlow computes it (exclusive cumprods both ways, tfjs's prodGradFn_ too)", () => {
  const grads = (x: number[][], axis: number | number[] | null): { ours: Float32Array; theirs: Float32Array } => {
    const v = new tf.Variable(x);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduce_sum(tf.reduce_prod(v, axis)));
    const ours = new Float32Array(flatten((tape.gradient(y, v) as tf.Tensor).numpy()));
    const theirs = tfjs.tidy(() => tfjs.grad((t: tfjs.Tensor) => tfjs.sum(tfjs.prod(t, axis ?? undefined)))(tfjs.tensor(x)).dataSync() as Float32Array);
    return { ours, theirs };
  };
  it('bit for bit on random float32 slices, with and without zeros, and finite at an inf', () => {
    const r = rng(SEED ^ 0x9e0d);
    for (let trial = 0; trial < 8; trial++) {
      const x = Array.from({ length: 3 }, () => Array.from({ length: 40 }, () => (r.next() * 1.5 + 0.5) * (r.next() < 0.5 ? -1 : 1)));
      if (trial % 2 === 1) x[1]![r.int(40)] = 0;
      if (trial === 7) x[2]![3] = Infinity;
      const axis = [null, 0, 1, [0, 1]][trial % 4]!;
      const { ours, theirs } = grads(x, axis);
      expect(Array.from(ours).every((g, i) => Object.is(g, theirs[i]!)), `trial ${trial}`).toBe(true);
    }
    expect(Array.from(grads([[2, Infinity, 3]], 1).ours)).toEqual([Infinity, 6, Infinity]);
  });
});
