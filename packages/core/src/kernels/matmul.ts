/**
 * The matrix-multiply kernel: C = op(A) op(B), op(X) = X or X^T, over row-major typed arrays.
 * One entry point (`gemm`) so that a WASM or threaded kernel can replace this one; this file stays the
 * reference and the fallback.
 *
 * Large products follow the GotoBLAS scheme: op(B) is packed KC x NC at a time and op(A) MC x KC at a time
 * into float64 panels (the packing step is where a transpose is absorbed, so all four forms run the same
 * loops), and a 4 x 4 register-blocked micro-kernel walks the panels contiguously. Small or skinny products
 * (matrix-vector, tiny matrices) take a direct loop, where packing would cost more than it saves.
 *
 * Float32 products of 512 or more multiply-adds run in WebAssembly SIMD instead (wasm/gemm.ts, about 11x this
 * kernel's rate); this file then serves float64, int32, the smallest products, and engines without WASM SIMD.
 */
import { wasmGemmF32 } from './wasm/gemm.js';

export type GemmArray = Float32Array | Float64Array | Int32Array;

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 96;
const NC = 1024;

// Reused across calls: the kernel allocates only when a larger product than any before needs more room.
let packA = new Float64Array(MC * KC);
let packB = new Float64Array(NC * KC);
let row = new Float64Array(256);
const tile = new Float64Array(MR * NR);

/**
 * C[cOff + i*ldc + j] = sum_p op(A)[i,p] * op(B)[p,j] for i < M, j < N (C is overwritten).
 * op(A)[i,p] is A[aOff + i*lda + p], or A[aOff + p*lda + i] when `transA`; likewise for B.
 * Accumulation is in float64 whatever the storage type.
 */
export function gemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: GemmArray, aOff: number, lda: number,
  B: GemmArray, bOff: number, ldb: number,
  C: GemmArray, cOff: number, ldc: number,
): void {
  if (M === 0 || N === 0) return;
  if (K === 0) {
    for (let i = 0; i < M; i++) C.fill(0, cOff + i * ldc, cOff + i * ldc + N);
    return;
  }
  // NOTE: the WASM kernel sums in float32 (as PyTorch and TensorFlow do) where this one sums in float64; below
  // 8^3 multiply-adds copying the operands into WASM memory costs more than it saves.
  if (A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array && M * N * K >= 512
    && wasmGemmF32(transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, C, cOff, ldc)) return;
  if (M < MR || N < NR || M * N * K < 32768) {
    direct(transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, C, cOff, ldc);
    return;
  }
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      if (transB) packBT(B, bOff, ldb, pc, kc, jc, nc); else packBN(B, bOff, ldb, pc, kc, jc, nc);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        if (transA) packAT(A, aOff, lda, ic, mc, pc, kc); else packAN(A, aOff, lda, ic, mc, pc, kc);
        for (let j = 0; j < nc; j += NR) {
          const nr = Math.min(NR, nc - j);
          for (let i = 0; i < mc; i += MR) {
            micro(kc, packA, i * kc, packB, j * kc, tile);
            store(tile, C, cOff + (ic + i) * ldc + jc + j, ldc, Math.min(MR, mc - i), nr, pc === 0);
          }
        }
      }
    }
  }
}

/**
 * The 4 x 4 micro-kernel: tile = Ap-panel^T Bp-panel over kc steps, 16 accumulators kept in registers.
 * NOTE: the accumulators start from a double (0.5 - 0.5), not the literal 0: V8 would otherwise type them
 * as small integers first and box every one of them on each loop iteration.
 */
function micro(kc: number, Ap: Float64Array, ao: number, Bp: Float64Array, bo: number, T: Float64Array): void {
  let c00 = 0.5, c01 = 0.5, c02 = 0.5, c03 = 0.5, c10 = 0.5, c11 = 0.5, c12 = 0.5, c13 = 0.5;
  let c20 = 0.5, c21 = 0.5, c22 = 0.5, c23 = 0.5, c30 = 0.5, c31 = 0.5, c32 = 0.5, c33 = 0.5;
  c00 -= 0.5; c01 -= 0.5; c02 -= 0.5; c03 -= 0.5; c10 -= 0.5; c11 -= 0.5; c12 -= 0.5; c13 -= 0.5;
  c20 -= 0.5; c21 -= 0.5; c22 -= 0.5; c23 -= 0.5; c30 -= 0.5; c31 -= 0.5; c32 -= 0.5; c33 -= 0.5;
  const end = ao + kc * MR;
  for (; ao < end; ao += MR, bo += NR) {
    const a0 = Ap[ao]!, a1 = Ap[ao + 1]!, a2 = Ap[ao + 2]!, a3 = Ap[ao + 3]!;
    const b0 = Bp[bo]!, b1 = Bp[bo + 1]!, b2 = Bp[bo + 2]!, b3 = Bp[bo + 3]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  T[0] = c00; T[1] = c01; T[2] = c02; T[3] = c03; T[4] = c10; T[5] = c11; T[6] = c12; T[7] = c13;
  T[8] = c20; T[9] = c21; T[10] = c22; T[11] = c23; T[12] = c30; T[13] = c31; T[14] = c32; T[15] = c33;
}

/** Writes (first K block) or adds (later blocks) the valid mr x nr corner of a tile into C. */
function store(T: Float64Array, C: GemmArray, co: number, ldc: number, mr: number, nr: number, first: boolean): void {
  for (let r = 0; r < mr; r++, co += ldc) {
    const t = r * NR;
    if (first) for (let c = 0; c < nr; c++) C[co + c] = T[t + c]!;
    else for (let c = 0; c < nr; c++) C[co + c] = C[co + c]! + T[t + c]!;
  }
}

function growA(n: number): Float64Array {
  if (packA.length < n) packA = new Float64Array(n);
  return packA;
}

/** Packs rows ic..ic+mc, columns pc..pc+kc of A (row-major) into MR-row panels, zero-padded. */
function packAN(A: GemmArray, aOff: number, lda: number, ic: number, mc: number, pc: number, kc: number): void {
  const P = growA(Math.ceil(mc / MR) * MR * kc);
  for (let i = 0, q = 0; i < mc; i += MR, q += MR * kc) {
    for (let r = 0; r < MR; r++) {
      if (i + r < mc) {
        const base = aOff + (ic + i + r) * lda + pc;
        for (let p = 0; p < kc; p++) P[q + p * MR + r] = A[base + p]!;
      } else for (let p = 0; p < kc; p++) P[q + p * MR + r] = 0;
    }
  }
}

/** As packAN for op(A) = A^T: A is stored K x M, so a panel's MR values are contiguous in A. */
function packAT(A: GemmArray, aOff: number, lda: number, ic: number, mc: number, pc: number, kc: number): void {
  const P = growA(Math.ceil(mc / MR) * MR * kc);
  for (let i = 0, q = 0; i < mc; i += MR, q += MR * kc) {
    const mr = Math.min(MR, mc - i);
    for (let p = 0; p < kc; p++) {
      const base = aOff + (pc + p) * lda + ic + i;
      const o = q + p * MR;
      for (let r = 0; r < mr; r++) P[o + r] = A[base + r]!;
      for (let r = mr; r < MR; r++) P[o + r] = 0;
    }
  }
}

/** Packs rows pc..pc+kc, columns jc..jc+nc of B (row-major K x N) into NR-column panels, zero-padded. */
function packBN(B: GemmArray, bOff: number, ldb: number, pc: number, kc: number, jc: number, nc: number): void {
  const P = packB;
  for (let j = 0, q = 0; j < nc; j += NR, q += NR * kc) {
    const nr = Math.min(NR, nc - j);
    for (let p = 0; p < kc; p++) {
      const base = bOff + (pc + p) * ldb + jc + j;
      const o = q + p * NR;
      for (let c = 0; c < nr; c++) P[o + c] = B[base + c]!;
      for (let c = nr; c < NR; c++) P[o + c] = 0;
    }
  }
}

/** As packBN for op(B) = B^T: B is stored N x K, so each column of op(B) is a contiguous row of B. */
function packBT(B: GemmArray, bOff: number, ldb: number, pc: number, kc: number, jc: number, nc: number): void {
  const P = packB;
  for (let j = 0, q = 0; j < nc; j += NR, q += NR * kc) {
    for (let c = 0; c < NR; c++) {
      if (j + c < nc) {
        const base = bOff + (jc + j + c) * ldb + pc;
        for (let p = 0; p < kc; p++) P[q + p * NR + c] = B[base + p]!;
      } else for (let p = 0; p < kc; p++) P[q + p * NR + c] = 0;
    }
  }
}

/**
 * Small and skinny products. With op(B) = B, each output row accumulates scaled rows of B (contiguous);
 * with op(B) = B^T each output is a dot product of two contiguous runs when op(A) = A.
 */
function direct(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: GemmArray, aOff: number, lda: number, B: GemmArray, bOff: number, ldb: number,
  C: GemmArray, cOff: number, ldc: number,
): void {
  const ai = transA ? 1 : lda, ap = transA ? lda : 1;
  if (!transB) {
    if (row.length < N) row = new Float64Array(N);
    const acc = row;
    for (let i = 0; i < M; i++) {
      acc.fill(0, 0, N);
      for (let p = 0; p < K; p++) {
        const a = A[aOff + i * ai + p * ap]!;
        const bo = bOff + p * ldb;
        for (let j = 0; j < N; j++) acc[j] = acc[j]! + a * B[bo + j]!;
      }
      const co = cOff + i * ldc;
      for (let j = 0; j < N; j++) C[co + j] = acc[j]!;
    }
    return;
  }
  for (let i = 0; i < M; i++) {
    const ao = aOff + i * ai;
    for (let j = 0; j < N; j++) {
      const bo = bOff + j * ldb;
      let s = 0.5;
      s -= 0.5;
      for (let p = 0; p < K; p++) s += A[ao + p * ap]! * B[bo + p]!;
      C[cOff + i * ldc + j] = s;
    }
  }
}
