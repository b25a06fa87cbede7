/**
 * Parity between the facades: random programs run through @twingrad/tf and @twingrad/torch must give bit-identical
 * values and gradients (both are thin layers over one core). A failure prints the shrunk program in both APIs.
 * TWINGRAD_SOAK=<n> multiplies every run count for a long local soak.
 */
import { afterAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@twingrad/core';
import * as tf from '@twingrad/tf';
import * as torch from '@twingrad/torch';
import { runner } from './dual.js';
import { accumulation, firstOrder, forward, jacobian, secondOrder, severalOutputs, type Harness, type Results } from './harness.js';
import { renderBoth } from './print.js';
import { TF, TORCH, makeLeaves, programArb, runSteps, shapeOf, sizeOf, steps, type Program } from './programs.js';
import { touched } from './divergences.js';

const SOAK = Math.max(1, Number(process.env.TWINGRAD_SOAK ?? 1) || 1);
const runs = (n: number) => n * SOAK;
/** Programs run (and skipped) per property, under a short name for the test report. */
const counts: Record<string, { programs: number; skipped: number }> = {};
/** How often each listed divergence made a property skip a program. */
const skippedAt: Record<string, number> = {};

// ---- comparing results ----

const bits = (v: number): string => {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, v);
  return `0x${b.getBigUint64(0).toString(16).padStart(16, '0')}`;
};

/** The core tensor behind a facade tensor, or null. */
const coreOf = (h: any): core.Tensor | null => (h === null || h === undefined ? null : (h._t as core.Tensor));

/** Throws unless both are null, or both have one shape, one dtype and the same bits in every element. */
function sameBits(label: string, a: core.Tensor | null, b: core.Tensor | null, names: [string, string] = ['tf', 'torch']): void {
  if (a === null || b === null) {
    if (a !== b) throw new Error(`${label}: ${names[0]} gives ${a === null ? 'null' : 'a tensor'}, ${names[1]} gives ${b === null ? 'null' : 'a tensor'}`);
    return;
  }
  if (a.dtype !== b.dtype) throw new Error(`${label}: dtype ${names[0]} ${a.dtype} vs ${names[1]} ${b.dtype}`);
  if (a.shape.join() !== b.shape.join()) throw new Error(`${label}: shape ${names[0]} [${a.shape}] vs ${names[1]} [${b.shape}]`);
  for (let i = 0; i < a.size; i++) {
    const x = a.data[i]!, y = b.data[i]!;
    if (!Object.is(x, y)) throw new Error(`${label}: element ${i} differs: ${names[0]} ${x} (${bits(x)}) vs ${names[1]} ${y} (${bits(y)})`);
  }
}

function compareAll(tfRes: Results<any>, torchRes: Results<any>): void {
  expect(tfRes.map(([l]) => l)).toEqual(torchRes.map(([l]) => l));
  tfRes.forEach(([label, h], i) => sameBits(label, coreOf(h), coreOf(torchRes[i]![1])));
}

// ---- skipping the listed divergences ----

/** The first listed divergence a program reaches (its forward pass, evaluated through the torch facade), or null. */
function divergenceOf(p: Program): string | null {
  const d = runner();
  const env = makeLeaves(d, p, 'torch');
  runSteps(d, p, 'torch', env);
  for (const s of steps(p)) {
    const args = s.args.map((a) => (typeof a === 'number' ? env.get(a)._t : a.scalar));
    const hit = touched(s, args);
    if (hit.length > 0) {
      skippedAt[hit[0]!.id] = (skippedAt[hit[0]!.id] ?? 0) + 1;
      return hit[0]!.id;
    }
  }
  return null;
}

// ---- one property ----

interface PropertyOptions {
  numRuns: number;
  /** Input values from a coarse grid (ties, zeros, clamp bounds), instead of values kept away from them. */
  grid?: boolean;
  /** Programs the property is not about (fc.pre). */
  only?: (p: Program) => boolean;
  /** Compares TF's and torch's results (default: bit-identical, label by label). */
  compare?: (p: Program, tfRes: Results<any>, torchRes: Results<any>) => void;
}

function parity(key: string, title: string, harness: Harness, o: PropertyOptions): void {
  test(title, () => {
    const arb = programArb({ grid: o.grid ?? false });
    const details = fc.check(fc.property(arb, (p) => {
      fc.pre(o.only?.(p) ?? true);
      fc.pre(divergenceOf(p) === null);
      const tfRes = harness(runner(), p, 'tf');
      const torchRes = harness(runner(), p, 'torch');
      (o.compare ?? ((_p, a, b) => compareAll(a, b)))(p, tfRes, torchRes);
    }), { numRuns: runs(o.numRuns) });
    counts[key] = { programs: details.numRuns, skipped: details.numSkips };
    if (details.failed) {
      const p = details.counterexample?.[0] as Program | undefined;
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`${cause}\n\n${p ? renderBoth(p, harness) : ''}\n\n${fc.defaultReportMessage(details)}`);
    }
  });
}

// ---- the properties ----

describe('parity between @twingrad/tf and @twingrad/torch on random programs', () => {
  test('the generator emits every op of both interpretation tables (in 2,000 sampled programs)', () => {
    const tables = Object.keys(TF).sort();
    expect(Object.keys(TORCH).sort()).toEqual(tables);
    const seen = new Set<string>();
    for (const p of fc.sample(programArb(), { numRuns: 2000, seed: 20261127 })) for (const s of steps(p)) seen.add(s.op);
    expect([...seen].sort()).toEqual(tables);
  });

  parity('forward', 'forward values are bit-identical', forward, { numRuns: 300 });

  parity('first-order', 'first-order gradients are bit-identical (GradientTape vs backward and .grad)', firstOrder, { numRuns: 300 });

  parity('second-order', 'second-order gradients are bit-identical (nested tapes vs create_graph)', secondOrder, { numRuns: 150 });

  parity('first-order at edges', 'at ties and zeros that are not listed divergences, first-order gradients are bit-identical', firstOrder, { numRuns: 200, grid: true });

  parity('second-order at edges', 'at ties and zeros that are not listed divergences, second-order gradients are bit-identical', secondOrder, { numRuns: 100, grid: true });

  parity('jacobian', 'tape.jacobian equals torch.autograd.functional.jacobian for a small non-scalar output', jacobian, {
    numRuns: 80,
    only: (p) => { const n = sizeOf(shapeOf(p, p.output)); return shapeOf(p, p.output).length > 0 && n <= 12; },
  });

  parity('several outputs', "a persistent tape's gradients of several outputs equal autograd.grad calls with retain_graph", severalOutputs, { numRuns: 150 });

  parity('accumulation', '.grad accumulated over k backward calls equals the TF gradient added k times in the same dtype', accumulation, {
    numRuns: 150,
    compare: (p, tfRes, torchRes) => {
      tfRes.forEach(([label, h], i) => {
        const g = coreOf(h);
        const expected = g === null ? null : core.withGradMode(false, () => {
          let acc = g;
          for (let j = 1; j < p.k; j++) acc = core.add(acc, g);
          return acc;
        });
        sameBits(`${label} (k = ${p.k})`, expected, coreOf(torchRes[i]![1]), [`tf x ${p.k}`, 'torch']);
        // k = 2: g + g is 2g exactly, so the accumulated gradient is exactly twice TF's.
        if (p.k === 2 && g !== null) sameBits(`${label} (k = 2, exact)`, core.withGradMode(false, () => core.mul(g, 2)), coreOf(torchRes[i]![1]), ['2 * tf', 'torch']);
      });
    },
  });
});

describe('findings from the parity properties, kept as regression tests', () => {
  // FINDING (shrunk from "at ties and zeros ..., second-order gradients"): pow's gradient wrt the exponent is
  // g * out * safeLog(x, y), and safeLog is built differently per convention (torch: log(x) used twice under
  // where; tf: once, on a masked x). At x > 0 both are log(x), but their second-order cotangents are summed
  // differently, so a -0 comes out as +0 on one side: with base b = rsqrt(x + x) = 1 at x = 0.5 and weight 0,
  // d/dx sum(0 * d/dx b^b) is +0 through the tf facade and -0 through the torch facade.
  // NOTE: once a parity finding (both gave +0); since pow's gradient wrt x is masked where y == 0 as PyTorch's
  // pow_backward_self is, the torch facade gives PyTorch 1.13's -0 here and the tf facade (unmasked, TF's _PowGrad) +0.
  // PyTorch: t = torch.tensor([0.5], dtype=torch.float64, requires_grad=True); b = torch.rsqrt(t + t);
  // (g,) = torch.autograd.grad(torch.pow(b, b), [t], create_graph=True); torch.autograd.grad((g * 0).sum(), [t]) -> -0.
  test('pow at a base of exactly 1: the torch facade\'s second-order zero has PyTorch\'s sign', () => {
    const t = torch.tensor([0.5], { dtype: torch.float64, requires_grad: true });
    const b = torch.rsqrt(torch.add(t, t));
    const yt = torch.pow(b, b);
    const [g] = torch.autograd.grad(yt, [t], { grad_outputs: torch.ones_like(yt), create_graph: true });
    const [ht] = torch.autograd.grad(torch.sum(torch.mul(g!, torch.tensor([0], { dtype: torch.float64 }))), [t]);
    expect(Object.is(coreOf(ht!)!.data[0], -0)).toBe(true);
  });
});

afterAll(() => {
  const here = dirname(fileURLToPath(import.meta.url));
  const properties = Object.keys(counts).length;
  const programs = Object.values(counts).reduce((a, c) => a + c.programs, 0);
  const skipped = Object.values(counts).reduce((a, c) => a + c.skipped, 0);
  mkdirSync(here, { recursive: true });
  const byProperty = Object.fromEntries(Object.entries(counts).map(([k, c]) => [k, c.programs]));
  writeFileSync(join(here, '.last-counts.json'), `${JSON.stringify({ programs, properties, skipped, soak: SOAK, byProperty, skippedAtDivergence: skippedAt }, null, 2)}\n`);
  console.log(`parity: ${programs} programs across ${properties} properties (${skipped} skipped at a listed divergence or outside a property's scope)`);
});
