/**
 * The WASM SIMD float32 gemm against an independent float64 triple loop, for every transpose form, edge and
 * empty sizes, strided operands, and accumulation; and its determinism. No timing here (see benchmarks/).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  setWasmEnabled, setWasmThreads, wasmAvailable, wasmBinaryF32, wasmGemmF32, wasmSquareF32, wasmTanhF32,
} from '../src/kernels/wasm/gemm.js';
import * as KB from '../src/kernels/binary.js';
import * as KU from '../src/kernels/unary.js';
import { RUNS } from './util/arbitraries.js';
import { randomF32 } from './util/random.js';

/**
 * Random float32 values with every third one taken, in turn, from rounding and IEEE special cases (`mid`, a value
 * of the suite's choosing, among them).
 */
function withSpecials(n: number, seed: number, mid: number): Float32Array {
  const special = [0, -0, 1, -1, mid, 1 / 3, 3.4e38, -3.4e38, 1e-40, -1e-45, 1e-20, Infinity, -Infinity, NaN];
  const r = randomF32(n, seed);
  for (let i = 0; i < n; i += 3) r[i] = special[(i / 3 + seed) % special.length]!;
  return r;
}

/** Same float32 value, NaN matching any NaN (payloads and signs of NaN differ between engines and CPUs). */
const same = (x: number, y: number) => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));

interface Case {
  ta: boolean; tb: boolean; M: number; N: number; K: number;
  // Padding of each leading dimension and offset of each operand, so strided sub-matrices are covered.
  padA: number; padB: number; padC: number; offA: number; offB: number; offC: number;
  acc: boolean; seed: number;
}

/** Builds the operands of a case; C starts as random values (read when accumulating) and NaN in its gaps. */
function operands(c: Case) {
  const lda = (c.ta ? c.M : c.K) + c.padA, ldb = (c.tb ? c.K : c.N) + c.padB, ldc = c.N + c.padC;
  const A = randomF32(c.offA + (c.ta ? c.K : c.M) * lda, c.seed);
  const B = randomF32(c.offB + (c.tb ? c.N : c.K) * ldb, c.seed + 1);
  const C = new Float32Array(c.offC + c.M * ldc).fill(NaN);
  const C0 = randomF32(C.length, c.seed + 2);
  for (let i = 0; i < c.M; i++) for (let j = 0; j < c.N; j++) C[c.offC + i * ldc + j] = C0[c.offC + i * ldc + j]!;
  return { lda, ldb, ldc, A, B, C };
}

/**
 * Checks C against a float64 triple loop. The bound is the classical one for a float32 dot product of length
 * K (plus the initial value when accumulating): (K + 2) u sum |terms|, u = 2^-24.
 */
function check(c: Case): Float32Array {
  const { lda, ldb, ldc, A, B, C } = operands(c);
  const before = C.slice();
  expect(wasmGemmF32(c.ta, c.tb, c.M, c.N, c.K, A, c.offA, lda, B, c.offB, ldb, C, c.offC, ldc, c.acc)).toBe(true);
  const u = 2 ** -24;
  for (let i = 0; i < c.M; i++) {
    for (let j = 0; j < c.N; j++) {
      const o = c.offC + i * ldc + j;
      let s = c.acc ? before[o]! : 0, mag = Math.abs(s);
      for (let p = 0; p < c.K; p++) {
        const a = A[c.offA + (c.ta ? p * lda + i : i * lda + p)]!, b = B[c.offB + (c.tb ? j * ldb + p : p * ldb + j)]!;
        s += a * b;
        mag += Math.abs(a * b);
      }
      const err = Math.abs(C[o]! - s);
      if (!(err <= (c.K + 2) * u * mag)) {
        expect.fail(`C[${i},${j}] = ${C[o]}, reference ${s} (err ${err}, bound ${(c.K + 2) * u * mag}) in ${JSON.stringify(c)}`);
      }
    }
  }
  // Nothing outside the M x N block moved (the gaps and the offset prefix stay NaN).
  for (let o = 0; o < C.length; o++) {
    const r = Math.floor((o - c.offC) / ldc), col = (o - c.offC) - r * ldc;
    if (o < c.offC || col >= c.N) expect(Number.isNaN(C[o]!)).toBe(true);
  }
  return C;
}

const FORMS: Array<[boolean, boolean]> = [[false, false], [false, true], [true, false], [true, true]];
const plain = { padA: 0, padB: 0, padC: 0, offA: 0, offB: 0, offC: 0, seed: 7 };

describe('wasm gemm', () => {
  it('wasm: WebAssembly SIMD is available under Node', () => {
    expect(wasmAvailable()).toBe(true);
  });

  // Sizes around the kernel's blocking: the 4 x 8 tile, KC = 256, MC = 128, and the empty and unit cases.
  const shapes: Array<[number, number, number]> = [
    [0, 0, 0], [0, 5, 3], [5, 0, 3], [3, 4, 0], [1, 1, 1], [1, 37, 1], [37, 1, 5], [1, 1, 300],
    [4, 8, 16], [5, 9, 17], [3, 7, 2], [8, 16, 256], [9, 17, 257], [13, 23, 513], [130, 9, 7], [131, 33, 260],
  ];
  for (const [ta, tb] of FORMS) {
    for (const acc of [false, true]) {
      it(`wasm: ${ta ? 'A^T' : 'A'} ${tb ? 'B^T' : 'B'}${acc ? ' accumulated' : ''} matches a float64 triple loop at edge sizes`, () => {
        for (const [M, N, K] of shapes) check({ ...plain, ta, tb, M, N, K, acc });
      });
    }
  }

  it('wasm: strided, offset operands of random shapes match the float64 triple loop', () => {
    const dim = fc.oneof(fc.constant(1), fc.constant(0), fc.integer({ min: 2, max: 40 }));
    const pad = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }));
    fc.assert(fc.property(
      fc.record({
        ta: fc.boolean(), tb: fc.boolean(), M: dim, N: dim, K: dim, padA: pad, padB: pad, padC: pad,
        offA: pad, offB: pad, offC: pad, acc: fc.boolean(), seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      (c) => { check(c); },
    ), { numRuns: RUNS * 5 });
  });

  it('wasm: a product larger than every block (k, m and n tails) matches the float64 triple loop', () => {
    for (const [ta, tb] of FORMS) {
      check({ ...plain, ta, tb, M: 5, N: 2053, K: 300, acc: false, padA: 3, offC: 2 });
      check({ ...plain, ta, tb, M: 133, N: 20, K: 520, acc: true, padB: 1 });
    }
  });

  it('wasm: repeated calls are bit-identical, and a row does not depend on the rows computed with it', () => {
    for (const [ta, tb] of FORMS) {
      const c: Case = { ...plain, ta, tb, M: 37, N: 45, K: 300, acc: false };
      const first = check(c), again = check(c);
      expect(again).toEqual(first);
      // Row 21 alone, as matmul's batched path may compute it inside a taller product or alone.
      const { lda, ldb, A, B } = operands(c);
      const row = new Float32Array(c.N);
      const aOff = ta ? 21 : 21 * lda;
      wasmGemmF32(ta, tb, 1, c.N, c.K, A, aOff, lda, B, 0, ldb, row, 0, c.N);
      expect(row).toEqual(first.subarray(21 * c.N, 22 * c.N));
    }
  });
});

describe('wasm gemm on threads', () => {
  // NOTE: Node before 20.16 has no process.getBuiltinModule, and the gemm then stays on one thread.
  const threadable = typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule === 'function';
  it.skipIf(!threadable)(`wasm: two threads give the one-thread result bit for bit, and match the float64 triple loop${threadable ? '' : ': skipped, this Node has no worker threads for it'}`, () => {
    // Products above the 2^18 multiply-add threshold, with column counts that split unevenly.
    const cases: Case[] = [];
    for (const [ta, tb] of FORMS) {
      cases.push({ ...plain, ta, tb, M: 64, N: 70, K: 80, acc: false, padB: 2, offC: 1 });
      cases.push({ ...plain, ta, tb, M: 33, N: 129, K: 90, acc: true, padA: 1 });
    }
    const one = cases.map((c) => check(c));
    const threads = setWasmThreads(2);
    try {
      expect(threads).toBe(2);
      cases.forEach((c, i) => expect(check(c)).toEqual(one[i]));
      // The elementwise kernels keep working on the threads' shared memory.
      const x = Float32Array.of(0.5, -2), o = new Float32Array(2);
      expect(wasmBinaryF32('mul', x, 1, x, 1, o, 2)).toBe(true);
      expect([...o]).toEqual([0.25, 4]);
    } finally {
      expect(setWasmThreads(1)).toBe(1);
    }
    cases.forEach((c, i) => expect(check(c)).toEqual(one[i]));
  });
});

describe('wasm tanh', () => {
  // NOTE: the kernel is a float32 rational approximation; 2^-21 relative is its measured worst case (6 ulp
  // near +-1, over a sweep of 2.2e7 floats in [-10, 10]) with a little margin.
  const within = (x: Float32Array, o: Float32Array) => {
    for (let i = 0; i < x.length; i++) {
      const r = Math.tanh(x[i]!);
      if (!(Math.abs(o[i]! - r) <= 2 ** -21 * Math.abs(r))) expect.fail(`tanh(${x[i]}) = ${o[i]}, reference ${r}`);
    }
  };

  it('wasm: tanh matches Math.tanh to float32 tolerance over every length 0..9 and a wide range', () => {
    for (let n = 0; n < 10; n++) {
      const x = randomF32(n, n).map((v) => v * 2), o = new Float32Array(n);
      expect(wasmTanhF32(x, o, n)).toBe(true);
      within(x, o);
    }
    const x = new Float32Array(20001).map((_, i) => (i - 10000) / 1000), o = new Float32Array(x.length);
    wasmTanhF32(x, o, x.length);
    within(x, o);
  });

  it('wasm: tanh keeps -0 and NaN, saturates at +-1, and can run in place', () => {
    const x = Float32Array.from([0, -0, Infinity, -Infinity, NaN, 8, -8, 1e30, 1e-40, -1e-40, 3e-4, 0.5]);
    const o = new Float32Array(x.length);
    wasmTanhF32(x, o, x.length);
    expect(Object.is(o[0], 0) && Object.is(o[1], -0)).toBe(true);
    expect([...o.slice(2, 4)]).toEqual([1, -1]);
    expect(Number.isNaN(o[4]!)).toBe(true);
    expect([...o.slice(5, 8)]).toEqual([1, -1, 1]);
    within(x.slice(8), o.slice(8));
    const y = x.slice();
    wasmTanhF32(y, y, y.length);
    expect(y).toEqual(o);
  });
});

describe('wasm elementwise', () => {
  const values = (n: number, seed: number) => withSpecials(n, seed, 1.5);
  const FNS = { add: (a: number, b: number) => a + b, sub: (a: number, b: number) => a - b,
    mul: (a: number, b: number) => a * b, div: (a: number, b: number) => a / b } as const;

  it('wasm: add, sub, mul and div equal float64 arithmetic rounded to float32, bit for bit, with scalar operands', () => {
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      for (const [sa, sb] of [[1, 1], [1, 0], [0, 1], [0, 0]]) {
        for (const n of [0, 1, 3, 4, 5, 8, 9, 1001]) {
          const a = values(sa ? n : 1, n), b = values(sb ? n : 1, n + 5), o = new Float32Array(n);
          expect(wasmBinaryF32(op, a, sa!, b, sb!, o, n)).toBe(true);
          for (let i = 0; i < n; i++) {
            const want = Math.fround(FNS[op](a[i * sa!]!, b[i * sb!]!));
            if (!same(o[i]!, want)) expect.fail(`${op}(${a[i * sa!]}, ${b[i * sb!]}) = ${o[i]}, expected ${want}`);
          }
        }
      }
    }
  });

  it('wasm: binary ops may write over either operand, and square equals x * x bit for bit', () => {
    const a = values(37, 1), b = values(37, 2), want = new Float32Array(37);
    wasmBinaryF32('mul', a, 1, b, 1, want, 37);
    const a2 = a.slice(), b2 = b.slice();
    wasmBinaryF32('mul', a2, 1, b, 1, a2, 37);
    wasmBinaryF32('mul', a, 1, b2, 1, b2, 37);
    expect(a2).toEqual(want);
    expect(b2).toEqual(want);
    const sq = new Float32Array(37);
    expect(wasmSquareF32(a, sq, 37)).toBe(true);
    for (let i = 0; i < 37; i++) expect(same(sq[i]!, Math.fround(a[i]! * a[i]!))).toBe(true);
  });
});

describe('wasm fused gradients and relu', () => {
  const values = (n: number, seed: number) => withSpecials(n, seed, 0.5);
  // Runs a kernel with WASM on and off: the two must agree bit for bit (the fallbacks round as float32 does).
  const both = (run: (o: Float32Array) => void, n: number): [Float32Array, Float32Array] => {
    const on = new Float32Array(n), off = new Float32Array(n);
    run(on);
    const was = setWasmEnabled(false);
    try { run(off); } finally { setWasmEnabled(was); }
    return [on, off];
  };

  it('wasm: tanh, sigmoid, square, relu and threshold backward equal their plain-TS kernels bit for bit, scalars included', () => {
    for (const name of ['tanhBackward', 'sigmoidBackward', 'squareBackward', 'reluBackward', 'thresholdBackward'] as const) {
      for (const [sa, sb] of [[1, 1], [1, 0], [0, 1]]) {
        for (const n of [64, 67, 1001]) {
          const a = values(sa ? n : 1, n), b = values(sb ? n : 1, n + 7);
          const [on, off] = both((o) => KB[name](a, sa!, b, sb!, o, n, undefined), n);
          for (let i = 0; i < n; i++) if (!same(on[i]!, off[i]!)) expect.fail(`${name}(${a[i * sa!]}, ${b[i * sb!]}): ${on[i]} vs ${off[i]}`);
        }
      }
    }
  });

  it('wasm: relu equals the plain-TS relu bit for bit (NaN and -0 kept)', () => {
    for (const n of [64, 67, 1001]) {
      const x = values(n, n);
      x[3] = -0;
      x[5] = Number.NaN;
      const [on, off] = both((o) => KU.relu(x, o, n), n);
      for (let i = 0; i < n; i++) if (!same(on[i]!, off[i]!)) expect.fail(`relu(${x[i]}): ${on[i]} vs ${off[i]}`);
      expect(Object.is(on[3], -0)).toBe(true);
      expect(on[5]).toBeNaN();
    }
  });
});

describe('wasm switch', () => {
  it('wasm: setWasmEnabled(false) makes every entry point decline, leaving its output alone', () => {
    const was = setWasmEnabled(false);
    try {
      const C = new Float32Array(4).fill(7), x = new Float32Array(3).fill(1);
      expect(wasmGemmF32(false, false, 2, 2, 2, x, 0, 2, x, 0, 2, C, 0, 2)).toBe(false);
      expect(wasmTanhF32(x, C, 3)).toBe(false);
      expect(wasmBinaryF32('add', x, 1, x, 1, C, 3)).toBe(false);
      expect([...C]).toEqual([7, 7, 7, 7]);
    } finally {
      setWasmEnabled(was);
    }
    expect(wasmTanhF32(new Float32Array(1), new Float32Array(1), 1)).toBe(true);
  });
});
