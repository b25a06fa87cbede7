/**
 * What the plain-pass suites (core's, the torch facade's and the tf facade's) share: a probe of which pass ran each
 * scalar form of a gradient rule, installed for the calling test file, and exact descriptions of tensors for comparing
 * two runs of a program.
 */
import { afterAll, beforeAll } from 'vitest';
import fc from 'fast-check';
import * as c from '@twingrad/core';

type ScalarForm = NonNullable<c.GradSpec['scalar']>;

/** How many scalar forms ran from core's autograd/plain.ts, and how many from the general pass. */
export interface Probe {
  plain: number;
  general: number;
  /** The grad_fn names of the wrapped scalar forms. */
  readonly wrapped: string[];
}

const PLAIN_SOURCE = '/autograd/plain.';

/** The specs of every unary and binary op with a scalar form (the only nodes a plain pass runs). */
function scalarSpecs(): c.GradSpec[] {
  const leaf = (v: number): c.Tensor => {
    const t = c.full([], v, 'float64');
    t.requiresGrad = true;
    return t;
  };
  const specs = new Set<c.GradSpec>();
  for (const o of c.registry.values()) {
    if ((o.family !== 'unary' && o.family !== 'binary') || !o.differentiable || !o.fn) continue;
    const y = o.fn(...(o.family === 'unary' ? [leaf(0.5)] : [leaf(0.5), leaf(2)]));
    if (y.node !== null && y.node.spec.scalar !== undefined) specs.add(y.node.spec);
  }
  return [...specs];
}

/**
 * Wraps every scalar form, for the calling test file only (restored after it, with the plain pass enabled again), to
 * count the calls whose stack passes through autograd/plain.ts: which pass ran is seen from outside, with no hook in
 * the engine. Returns the counters, which the tests reset.
 */
export function probePasses(): Probe {
  const probe: Probe = { plain: 0, general: 0, wrapped: [] };
  const unwrapped: Array<[c.GradSpec, ScalarForm]> = [];
  beforeAll(() => {
    for (const spec of scalarSpecs()) {
      const f = spec.scalar!;
      unwrapped.push([spec, f]);
      probe.wrapped.push(spec.name);
      spec.scalar = (s) => {
        if (new Error().stack!.includes(PLAIN_SOURCE)) probe.plain++;
        else probe.general++;
        f(s);
      };
    }
  });
  afterAll(() => {
    for (const [spec, f] of unwrapped) spec.scalar = f;
    unwrapped.length = 0;
    probe.wrapped.length = 0;
    c.plainPasses.enabled = true;
  });
  return probe;
}

/** `fn` with the plain pass allowed, then not: what it returns each time, and how many scalar forms each pass ran the first time. */
export function bothWays<T>(probe: Probe, fn: () => T): { on: T; off: T; plain: number; general: number } {
  probe.plain = 0;
  probe.general = 0;
  const on = fn();
  const plain = probe.plain, general = probe.general;
  c.plainPasses.enabled = false;
  try {
    return { on, off: fn(), plain, general };
  } finally {
    c.plainPasses.enabled = true;
  }
}

/** Each element, exactly: -0 and NaN spelled out, every other double by its shortest round-trip digits. */
export const enc = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));
/** `first` for one element: reading `data` would give a storage-less tensor storage, which changes how it is added into. */
export const bits = (t: c.Tensor): string => (t.size === 1 ? enc(t.first) : Array.from(t.data, enc).join(','));
export const message = (e: unknown): string => (e instanceof Error ? `${e.constructor.name}: ${e.message}` : `thrown ${String(e)}`);

/**
 * Names tensor objects for one observation: the known ones by role, any other by order of first appearance, so that
 * two runs that return the same objects in the same places give the same names.
 */
export class Names {
  private readonly ids = new Map<c.Tensor, string>();
  private fresh = 0;
  known(t: c.Tensor | null, name: string): void {
    if (t !== null && !this.ids.has(t)) this.ids.set(t, name);
  }
  desc(t: c.Tensor | null): string {
    if (t === null) return 'null';
    let id = this.ids.get(t);
    if (id === undefined) this.ids.set(t, (id = `new${this.fresh++}`));
    return `${id} ${t.dtype}${JSON.stringify(t.shape)} ${bits(t)}`;
  }
}

/** The programs' values: small eighths, any double of moderate size, and the special values (signed zeros, extremes). */
const SPECIAL = [0, -0, 1, -1, 0.5, 2, -2.5, 3, 1 / 3, 1e-30, 1e30, 1e38, Infinity, -Infinity, NaN, 2 ** -24];
export const value = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -40, max: 40 }).map((i) => i / 8) },
  { weight: 2, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
);
/** A reference to an earlier value of a program, taken modulo their count. */
export const ref = fc.nat({ max: 40 });

/** A binary step's operand: an earlier value, or a JS number. */
export type Operand = { ref: number } | { num: number };
/** An operand: a reference, or (with `numbers`) a number one time in four. */
export function operand(numbers: boolean): fc.Arbitrary<Operand> {
  const r = ref.map((i): Operand => ({ ref: i }));
  return numbers ? fc.oneof({ weight: 3, arbitrary: r }, { weight: 1, arbitrary: value.map((n): Operand => ({ num: n })) }) : r;
}
/** A unary step over the facade's op names `ops`. */
export function unaryStep<U extends string>(ops: readonly U[]): fc.Arbitrary<{ k: 'un'; op: U; a: number }> {
  return fc.record({ k: fc.constant('un' as const), op: fc.constantFrom<U>(...ops), a: ref });
}
/** A binary step over the facade's op names `ops`, its operands drawn by `arg`. */
export function binaryStep<B extends string>(ops: readonly B[], arg: fc.Arbitrary<Operand>): fc.Arbitrary<{ k: 'bin'; op: B; a: Operand; b: Operand }> {
  return fc.record({ k: fc.constant('bin' as const), op: fc.constantFrom<B>(...ops), a: arg, b: arg });
}
/** The exponents of the suites' power steps: the integers, halves and signs the scalar rules treat apart. */
export const EXPONENTS = [0, 1, 2, 3, 4, -1, -2, 0.5, -0.5, 2.5];
