/**
 * The WASM SIMD float32 gemm against an independent float64 triple loop, for every transpose form, edge and
 * empty sizes, strided operands, and accumulation; and its determinism. No timing here (see benchmarks/).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wasmAvailable, wasmGemmF32 } from '../src/kernels/wasm/gemm.js';
import { RUNS } from './util/arbitraries.js';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

function randomF32(n: number, seed: number): Float32Array {
  const r = prng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r() * 4;
  return out;
}

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
    for (const [ta, tb] of FORMS) check({ ...plain, ta, tb, M: 203, N: 2061, K: 517, acc: false, padA: 3, offC: 2 });
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
