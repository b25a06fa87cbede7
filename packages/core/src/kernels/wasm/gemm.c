// Float32 matrix multiply and elementwise kernels for WebAssembly SIMD128 (built by build.sh).
//
// gemm follows the GotoBLAS/BLIS scheme, as kernels/matmul.ts does: op(B) is packed KC x NC at a time and
// op(A) MC x KC at a time into contiguous panels; the packing step absorbs the transposes, so all four forms
// (A or A^T, B or B^T) run the same micro-kernel over the same panel layout. The micro-kernel keeps an
// MR x NR tile of C in SIMD registers: per step of k it loads one NR-wide row of the B panel, broadcasts each
// of the MR values of the A panel, and multiplies and adds.
//
// NOTE: wasm SIMD128 has no fused multiply-add (relaxed SIMD, which has one, is not on by default in Node 20),
// so each step is a mul then an add, rounded twice. The machines we target issue multiplies and adds on
// separate pipes, so this costs throughput only where FMA and add share ports.
//
// NOTE: summation order is fixed by KC alone (each C element sums its k-blocks in order, and within a block
// runs p = 0..kc-1), never by M, N, the tile position or the transposes, so a row of C is bit-identical
// whether it is computed alone or stacked with other rows (matmul stacks batches into one tall product).
//
// All memory is owned by the JS wrapper (gemm.ts): it places A, B, C and the packing workspace in linear
// memory and passes pointers; nothing here allocates. No libc: the module imports nothing.

#include <wasm_simd128.h>

#define MR 4
#define NR 8
#define NV (NR / 4)
#define KC 256
#define MC 128
#define NC 2048

typedef float f32;

// Workspace layout, in floats from `work`: packA (MC*KC), packB (KC*NC), tile (MR*NR).
// The wrapper asks for it through gemm_work_floats so the numbers live in one place.
__attribute__((export_name("gemm_work_floats"))) int gemm_work_floats(void) {
  return MC * KC + KC * NC + MR * NR;
}

// Packs op(A)[ic..ic+mc, pc..pc+kc] into MR-row panels: panel q holds, for each p, its MR values
// contiguously. Rows past mc are zero so that the micro-kernel never branches on the edge.
static void pack_a(int trans, const f32 *A, int lda, int ic, int mc, int pc, int kc, f32 *P) {
  for (int i = 0; i < mc; i += MR, P += MR * kc) {
    int mr = mc - i < MR ? mc - i : MR;
    if (trans) {
      // A is stored K x M: the MR values of one p are contiguous in A.
      for (int p = 0; p < kc; p++) {
        const f32 *s = A + (long)(pc + p) * lda + ic + i;
        f32 *d = P + p * MR;
        if (mr == MR) wasm_v128_store(d, wasm_v128_load(s));
        else for (int r = 0; r < MR; r++) d[r] = r < mr ? s[r] : 0.0f;
      }
    } else {
      for (int r = 0; r < MR; r++) {
        f32 *d = P + r;
        if (r < mr) {
          const f32 *s = A + (long)(ic + i + r) * lda + pc;
          for (int p = 0; p < kc; p++) d[p * MR] = s[p];
        } else for (int p = 0; p < kc; p++) d[p * MR] = 0.0f;
      }
    }
  }
}

// Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-column panels: panel q holds, for each p, NR values contiguously.
static void pack_b(int trans, const f32 *B, int ldb, int pc, int kc, int jc, int nc, f32 *P) {
  for (int j = 0; j < nc; j += NR, P += NR * kc) {
    int nr = nc - j < NR ? nc - j : NR;
    if (!trans) {
      // B is stored K x N: the NR values of one p are contiguous in B.
      for (int p = 0; p < kc; p++) {
        const f32 *s = B + (long)(pc + p) * ldb + jc + j;
        f32 *d = P + p * NR;
        if (nr == NR) {
          for (int v = 0; v < NV; v++) wasm_v128_store(d + 4 * v, wasm_v128_load(s + 4 * v));
        } else for (int c = 0; c < NR; c++) d[c] = c < nr ? s[c] : 0.0f;
      }
    } else {
      // B is stored N x K: column c of op(B) is a contiguous row of B.
      for (int c = 0; c < NR; c++) {
        f32 *d = P + c;
        if (c < nr) {
          const f32 *s = B + (long)(jc + j + c) * ldb + pc;
          for (int p = 0; p < kc; p++) d[p * NR] = s[p];
        } else for (int p = 0; p < kc; p++) d[p * NR] = 0.0f;
      }
    }
  }
}

// The MR x NR micro-kernel: C[0..MR, 0..NR] (=, or += unless `first`) sum_p a[p*MR + r] * b[p*NR + c].
// The loops over r and v are fully unrolled, so clang keeps c[][] in SIMD locals (registers in V8).
// NOTE: 4 x 8 is the largest tile that fits: V8 schedules the MR broadcasts ahead of the products, so a tile
// needs MR*NV accumulators + NV B vectors + MR broadcasts + 1 product of the 15 SIMD registers it allocates
// on x64 (4 x 8: 15). 5 x 8, 6 x 8, 4 x 12 and 3 x 16 spill and ran at 60% of 4 x 8's rate; so did unrolling
// the p loop here (V8 unrolls it once itself).
static void micro(int kc, const f32 *a, const f32 *b, f32 *C, int ldc, int first) {
  v128_t c[MR][NV];
#pragma clang loop unroll(full)
  for (int r = 0; r < MR; r++)
#pragma clang loop unroll(full)
    for (int v = 0; v < NV; v++) c[r][v] = wasm_f32x4_splat(0.0f);
  for (int p = 0; p < kc; p++, a += MR, b += NR) {
    v128_t bv[NV];
#pragma clang loop unroll(full)
    for (int v = 0; v < NV; v++) bv[v] = wasm_v128_load(b + 4 * v);
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
      v128_t ar = wasm_v128_load32_splat(a + r);
#pragma clang loop unroll(full)
      for (int v = 0; v < NV; v++) c[r][v] = wasm_f32x4_add(c[r][v], wasm_f32x4_mul(ar, bv[v]));
    }
  }
#pragma clang loop unroll(full)
  for (int r = 0; r < MR; r++)
#pragma clang loop unroll(full)
    for (int v = 0; v < NV; v++) {
      f32 *d = C + r * ldc + 4 * v;
      wasm_v128_store(d, first ? c[r][v] : wasm_f32x4_add(wasm_v128_load(d), c[r][v]));
    }
}

// Edge tiles: the micro-kernel writes a full tile into `tile` (first = 1), then only its valid corner is
// written or added into C.
static void edge(int kc, const f32 *a, const f32 *b, f32 *C, int ldc, int mr, int nr, int first, f32 *tile) {
  micro(kc, a, b, tile, NR, 1);
  for (int r = 0; r < mr; r++)
    for (int c = 0; c < nr; c++) C[r * ldc + c] = first ? tile[r * NR + c] : C[r * ldc + c] + tile[r * NR + c];
}

// C[i*ldc + j] (=, or += when acc) sum_p op(A)[i,p] op(B)[p,j], for i < M, j < N.
// op(A)[i,p] = A[i*lda + p], or A[p*lda + i] when transA; likewise op(B)[p,j] with transB.
// `work` holds gemm_work_floats() floats.
__attribute__((export_name("gemm")))
void gemm(int transA, int transB, int M, int N, int K, const f32 *A, int lda, const f32 *B, int ldb,
          f32 *C, int ldc, int acc, f32 *work) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!acc) for (int i = 0; i < M; i++) for (int j = 0; j < N; j++) C[(long)i * ldc + j] = 0.0f;
    return;
  }
  f32 *pa = work, *pb = work + MC * KC, *tile = pb + KC * NC;
  for (int jc = 0; jc < N; jc += NC) {
    int nc = N - jc < NC ? N - jc : NC;
    for (int pc = 0; pc < K; pc += KC) {
      int kc = K - pc < KC ? K - pc : KC;
      int first = pc == 0 && !acc;
      pack_b(transB, B, ldb, pc, kc, jc, nc, pb);
      for (int ic = 0; ic < M; ic += MC) {
        int mc = M - ic < MC ? M - ic : MC;
        pack_a(transA, A, lda, ic, mc, pc, kc, pa);
        for (int j = 0; j < nc; j += NR) {
          int nr = nc - j < NR ? nc - j : NR;
          for (int i = 0; i < mc; i += MR) {
            int mr = mc - i < MR ? mc - i : MR;
            f32 *c = C + (long)(ic + i) * ldc + jc + j;
            if (mr == MR && nr == NR) micro(kc, pa + i * kc, pb + j * kc, c, ldc, first);
            else edge(kc, pa + i * kc, pb + j * kc, c, ldc, mr, nr, first, tile);
          }
        }
      }
    }
  }
}
