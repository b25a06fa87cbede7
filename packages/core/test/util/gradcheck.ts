/**
 * Gradient checks by central finite differences in float64, first order and second order (the
 * gradient of a gradient, through `createGraph`), and an `allclose` that reports its worst element.
 * The numeric side never calls the engine's backward pass; it only evaluates the op forward.
 */
import * as c from '@twingrad/core';
import { fillUniform } from './random.js';

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

export interface Worst {
  index: number;
  actual: number;
  expected: number;
  /** |actual - expected| minus what the tolerance allows there; > 0 means out of tolerance. */
  excess: number;
}

export interface CloseReport {
  ok: boolean;
  worst: Worst | null;
  message: string;
}

function sameSpecial(a: number, e: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(e)) || (!Number.isFinite(e) && a === e);
}

/** Elementwise |actual - expected| <= atol + rtol * |expected|; NaN matches NaN, infinities match themselves. */
export function allclose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}): CloseReport {
  const rtol = tol.rtol ?? 1e-6;
  const atol = tol.atol ?? 1e-6;
  if (actual.length !== expected.length) {
    return { ok: false, worst: null, message: `length ${actual.length} differs from expected length ${expected.length}` };
  }
  let worst: Worst | null = null;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    const excess = sameSpecial(a, e) ? -Infinity : Number.isNaN(a - e) ? Infinity : Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (worst === null || excess > worst.excess) worst = { index: i, actual: a, expected: e, excess };
  }
  const ok = worst === null || worst.excess <= 0;
  const message = worst === null ? 'no elements' :
    `worst element [${worst.index}]: got ${worst.actual}, expected ${worst.expected} ` +
    `(|diff| ${Math.abs(worst.actual - worst.expected)}, allowed ${atol + rtol * Math.abs(worst.expected)})`;
  return { ok, worst, message };
}

/** Throws, naming `label` and the worst element, unless `actual` is close to `expected`. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}, label = 'values'): void {
  const r = allclose(actual, expected, tol);
  if (!r.ok) throw new Error(`${label}: ${r.message}`);
}

/** A float64 leaf tensor with the given shape and values. */
export function f64(shape: readonly number[], values: ArrayLike<number>): c.Tensor {
  const t = new c.Tensor([...shape], 'float64');
  t.data.set(values);
  return t;
}

/** Deterministic values in [-1, -0.25] U [0.25, 1] (away from 0, so no cotangent hides a term). */
export function probeValues(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const u = s / 4294967296;
    out[i] = (u < 0.5 ? -1 : 1) * (0.25 + 0.75 * ((u * 2) % 1));
  }
  return out;
}

export type OpFn = (...xs: c.Tensor[]) => c.Tensor;

export interface CheckOptions extends Tolerance {
  /** The finite-difference step. */
  eps?: number;
  /** Indices of inputs that are not differentiated. */
  constant?: readonly number[];
  /** Names the check in failure messages. */
  label?: string;
}

const NONE: c.BackwardOptions = { tape: null, sources: null, accumulate: null, retainGraph: false, createGraph: false };

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function leaves(inputs: readonly c.Tensor[], constant: readonly number[]): c.Tensor[] {
  return inputs.map((t, i) => {
    const l = new c.Tensor([...t.shape], t.dtype, t.data.slice());
    l.requiresGrad = !constant.includes(i);
    return l;
  });
}

function forward(f: OpFn, xs: c.Tensor[], label: string): c.Tensor {
  const out = f(...xs);
  if (out.dtype !== 'float64') throw new Error(`${label}: float64 inputs gave a ${out.dtype} output`);
  return out;
}

/** The gradient of the sources, as arrays (zeros where the engine reports no connection). */
function analytic(out: c.Tensor, seed: c.Tensor, sources: c.Tensor[], createGraph: boolean): Array<c.Tensor | null> {
  return c.backward([out], [seed], { ...NONE, sources, retainGraph: createGraph, createGraph });
}

/** Central differences of the scalar `objective` with respect to every element of every tensor in `wrt`. */
function numeric(objective: () => number, wrt: readonly c.Tensor[], eps: number): Float64Array[] {
  return wrt.map((t) => {
    const g = new Float64Array(t.size);
    const d = t.data;
    for (let j = 0; j < t.size; j++) {
      const v = d[j]!;
      d[j] = v + eps;
      const up = objective();
      d[j] = v - eps;
      const down = objective();
      d[j] = v;
      g[j] = (up - down) / (2 * eps);
    }
    return g;
  });
}

function compare(got: Array<c.Tensor | null>, want: Float64Array[], wrt: readonly c.Tensor[], tol: Tolerance, what: string): void {
  for (let i = 0; i < wrt.length; i++) {
    const gi = got[i] ?? null;
    if (gi !== null && (!c.sameShape(gi.shape, wrt[i]!.shape) || gi.dtype !== wrt[i]!.dtype)) {
      throw new Error(`${what} wrt input ${i}: the gradient is ${gi.dtype}[${gi.shape}], the input ${wrt[i]!.dtype}[${wrt[i]!.shape}]`);
    }
    const a = gi === null ? new Float64Array(wrt[i]!.size) : gi.data;
    expectClose(a, want[i]!, tol, `${what} wrt input ${i} (analytic vs central differences${gi === null ? ', engine reported no connection' : ''})`);
  }
}

/**
 * Checks the engine's vector-Jacobian product of `f` at `inputs` (float64) against central differences
 * of <f(x), w> for a fixed cotangent w.
 */
export function gradcheck(f: OpFn, inputs: readonly c.Tensor[], opts: CheckOptions = {}): void {
  const eps = opts.eps ?? 1e-6;
  const label = opts.label ?? 'gradcheck';
  const xs = leaves(inputs, opts.constant ?? []);
  const wrt = xs.filter((x) => x.requiresGrad);
  const out = forward(f, xs, label);
  const w = f64(out.shape, probeValues(out.size, 7));
  const got = out.requiresGrad ? analytic(out, w, wrt, false) : wrt.map(() => null);
  const want = c.withGradMode(false, () => numeric(() => dot(f(...xs).data, w.data), wrt, eps));
  compare(got, want, wrt, { rtol: opts.rtol ?? 1e-6, atol: opts.atol ?? 1e-6 }, `${label}: first derivative`);
}

/**
 * Second order: with the cotangent w itself a differentiable input, H(x, w) = sum_i <vjp_i(x, w), v_i>
 * (the first-order gradient computed with createGraph) is differentiated by the engine and compared with
 * central differences of H, where H is evaluated through first-order backward passes.
 */
export function gradgradcheck(f: OpFn, inputs: readonly c.Tensor[], opts: CheckOptions = {}): void {
  const eps = opts.eps ?? 1e-6;
  const label = opts.label ?? 'gradgradcheck';
  const xs = leaves(inputs, opts.constant ?? []);
  const wrt = xs.filter((x) => x.requiresGrad);
  const probe = c.withGradMode(false, () => forward(f, xs, label));
  const w = f64(probe.shape, probeValues(probe.size, 11));
  w.requiresGrad = true;
  const vs = wrt.map((x, i) => probeValues(x.size, 13 + i));
  const all = [...wrt, w];

  const out = forward(f, xs, label);
  const gs = out.requiresGrad ? analytic(out, w, wrt, true) : wrt.map(() => null);
  let h: c.Tensor | null = null;
  for (let i = 0; i < gs.length; i++) {
    const g = gs[i];
    if (g === null || g === undefined || !g.requiresGrad) continue;
    const term = c.sum(c.mul(g, f64(g.shape, vs[i]!)));
    h = h === null ? term : c.add(h, term);
  }
  const got: Array<c.Tensor | null> = h === null ? all.map(() => null)
    : c.backward([h], [f64([], [1])], { ...NONE, sources: all, retainGraph: false, createGraph: false });

  const objective = (): number => {
    const o = f(...xs);
    if (!o.requiresGrad) return 0;
    const g1 = analytic(o, w, wrt, false);
    let s = 0;
    g1.forEach((g, i) => { if (g !== null) s += dot(g.data, vs[i]!); });
    return s;
  };
  const want = numeric(objective, all, eps);
  compare(got, want, all, { rtol: opts.rtol ?? 1e-6, atol: opts.atol ?? 1e-6 }, `${label}: second derivative`);
}

/**
 * `expectClose` with one tolerance for both terms, |actual - expected| <= tol * (1 + |expected|), against a
 * reference that must be finite: a NaN or infinite expected value fails here rather than matching itself.
 */
export function expectNear(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, label = 'values'): void {
  for (let i = 0; i < expected.length; i++) {
    if (!Number.isFinite(expected[i]!)) throw new Error(`${label}: the reference element [${i}] is ${expected[i]}, not a finite number`);
  }
  expectClose(actual, expected, { rtol: tol, atol: tol }, label);
}

/** A float tensor of the given shape with uniform values in [-scale/2, scale/2) from `seed` (see `random.ts`). */
export function randomTensor(shape: readonly number[], seed: number, o: { dtype?: 'float32' | 'float64'; scale?: number } = {}): c.Tensor {
  const t = new c.Tensor([...shape], o.dtype ?? 'float64');
  fillUniform(t.data as Float32Array | Float64Array, seed, o.scale ?? 4);
  return t;
}
