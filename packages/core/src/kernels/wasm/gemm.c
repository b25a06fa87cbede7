// Float32 kernels for WebAssembly SIMD128 (built by build.sh): the matrix multiply, then tanh and a few
// elementwise ops at the end.
//
// gemm follows the GotoBLAS/BLIS scheme, as kernels/matmul.ts does: op(B) is packed KC x NC at a time and
// op(A) MC x KC at a time into contiguous panels; the packing step absorbs the transposes, so all four forms
// (A or A^T, B or B^T) run the same micro-kernel over the same panel layout. The micro-kernel keeps an
// MR x NR tile of C in SIMD registers: per step of k it loads one NR-wide row of the B panel, broadcasts each
// of the MR values of the A panel, and multiplies and adds.
//
// NOTE: wasm SIMD128 has no fused multiply-add (relaxed SIMD, which has one, is not on by default in Node 20),
// so each step is a mul then an add, rounded twice. AMD Zen cores issue multiplies and adds on separate pipes,
// so there mul + add reaches FMA's peak; Intel cores run adds on the FMA ports, and get half of it.
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

// Transposing copy of 4 rows (s + r*ld, kc floats each) into d: the 4 values of step p go to d + p*stride.
// Whole 4 x 4 blocks are transposed in registers (8 shuffles): with a scalar gather here the A and B^T forms,
// whose panels cut across rows, ran up to 30% slower than the others on skinny products; now all four match.
static void gather4(const f32 *s, long ld, int kc, f32 *d, int stride) {
  const f32 *s0 = s, *s1 = s + ld, *s2 = s + 2 * ld, *s3 = s + 3 * ld;
  int p = 0;
  for (; p + 4 <= kc; p += 4) {
    v128_t x0 = wasm_v128_load(s0 + p), x1 = wasm_v128_load(s1 + p);
    v128_t x2 = wasm_v128_load(s2 + p), x3 = wasm_v128_load(s3 + p);
    v128_t t0 = wasm_i32x4_shuffle(x0, x1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(x0, x1, 2, 6, 3, 7);
    v128_t t2 = wasm_i32x4_shuffle(x2, x3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(x2, x3, 2, 6, 3, 7);
    wasm_v128_store(d + (p + 0) * stride, wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5));
    wasm_v128_store(d + (p + 1) * stride, wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7));
    wasm_v128_store(d + (p + 2) * stride, wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5));
    wasm_v128_store(d + (p + 3) * stride, wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7));
  }
  for (; p < kc; p++) {
    f32 *o = d + p * stride;
    o[0] = s0[p]; o[1] = s1[p]; o[2] = s2[p]; o[3] = s3[p];
  }
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
    } else if (mr == MR) {
      gather4(A + (long)(ic + i) * lda + pc, lda, kc, P, MR);
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
    } else if (nr == NR) {
      // B is stored N x K: column c of op(B) is a contiguous row of B.
      for (int v = 0; v < NV; v++) gather4(B + (long)(jc + j + 4 * v) * ldb + pc, ldb, kc, P + 4 * v, NR);
    } else {
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

// tanh of 4 floats: a rational minimax approximation p(x)/q(x), p odd of degree 13 and q even of degree 6,
// on x clamped to +-7.9053111 (beyond which tanh rounds to +-1 in float32): the float32 tanh of Eigen and XLA.
// Below |x| = 0.0004 tanh(x) = x to float32 precision, which also keeps -0.
// NOTE: clamping uses pmin/pmax (x86's minps/maxps, one instruction each, NaN kept by operand order) rather
// than f32x4.min/max, whose IEEE -0/NaN rules V8 emulates in ~8 instructions: 1.5x faster as a whole.
static const float tanh_k[13] = {
  7.90531110763549805f, 0.0004f,
  -2.76076847742355e-16f, 2.00018790482477e-13f, -8.60467152213735e-11f, 5.12229709037114e-08f,
  1.48572235717979e-05f, 6.37261928875436e-04f, 4.89352455891786e-03f,
  1.19825839466702e-06f, 1.18534705686654e-04f, 2.26843463243900e-03f, 4.89352518554385e-03f,
};
#define TK(i) wasm_f32x4_splat(tanh_k[i])

static inline v128_t tanh4(v128_t v) {
  v128_t hi = TK(0);
  v128_t c = wasm_f32x4_pmax(wasm_f32x4_pmin(v, hi), wasm_f32x4_neg(hi));
  v128_t c2 = wasm_f32x4_mul(c, c);
  v128_t p = TK(2);
  for (int k = 3; k <= 8; k++) p = wasm_f32x4_add(wasm_f32x4_mul(p, c2), TK(k));
  p = wasm_f32x4_mul(p, c);
  v128_t q = TK(9);
  for (int k = 10; k <= 12; k++) q = wasm_f32x4_add(wasm_f32x4_mul(q, c2), TK(k));
  return wasm_v128_bitselect(v, wasm_f32x4_div(p, q), wasm_f32x4_lt(wasm_f32x4_abs(v), TK(1)));
}

// o[i] = tanh(x[i]) for i < n; o == x is allowed.
// NOTE: two vectors per iteration: each tanh4 is a chain of ~12 dependent multiply-adds and a division, and
// two independent chains keep the SIMD pipes busier than one.
__attribute__((export_name("tanh_f32"))) void tanh_f32(const f32 *x, f32 *o, int n) {
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    v128_t a = tanh4(wasm_v128_load(x + i)), b = tanh4(wasm_v128_load(x + i + 4));
    wasm_v128_store(o + i, a);
    wasm_v128_store(o + i + 4, b);
  }
  for (; i + 4 <= n; i += 4) wasm_v128_store(o + i, tanh4(wasm_v128_load(x + i)));
  if (i < n) {
    f32 t[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int j = 0; i + j < n; j++) t[j] = x[i + j];
    wasm_v128_store(t, tanh4(wasm_v128_load(t)));
    for (int j = 0; i + j < n; j++) o[i + j] = t[j];
  }
}

// Elementwise kernels of two float32 operands: o[i] = f(a[i*sa], b[i*sb]) for i < n, sa and sb each 1 (a full
// operand) or 0 (a broadcast scalar), as kernels/binary.ts's; o may be a or b. VEXPR and SEXPR compute f from x and
// y, four lanes or one (constants `one` and `zero` at hand).
// NOTE: a broadcast first operand (sa = 0) is the common case, not an edge: a sum's gradient reaches the op below it
// as one number read with stride 0 (Tensor.filled), so square(t).sum()'s backward runs square_backward that way.
#define ELEMENTWISE(name, VEXPR, SEXPR)                                                              \
  __attribute__((export_name(#name))) void name(const f32 *a, int sa, const f32 *b, int sb, f32 *o, int n) { \
    int i = 0;                                                                                       \
    const v128_t one = wasm_f32x4_splat(1.0f), zero = wasm_f32x4_splat(0.0f);                        \
    (void)one; (void)zero;                                                                           \
    if (sa && sb) {                                                                                  \
      for (; i + 4 <= n; i += 4) {                                                                   \
        v128_t x = wasm_v128_load(a + i), y = wasm_v128_load(b + i);                                 \
        wasm_v128_store(o + i, VEXPR);                                                               \
      }                                                                                              \
    } else if (sb) {                                                                                 \
      const v128_t x = wasm_f32x4_splat(a[0]);                                                       \
      for (; i + 4 <= n; i += 4) {                                                                   \
        v128_t y = wasm_v128_load(b + i);                                                            \
        wasm_v128_store(o + i, VEXPR);                                                               \
      }                                                                                              \
    } else if (sa) {                                                                                 \
      const v128_t y = wasm_f32x4_splat(b[0]);                                                       \
      for (; i + 4 <= n; i += 4) {                                                                   \
        v128_t x = wasm_v128_load(a + i);                                                            \
        wasm_v128_store(o + i, VEXPR);                                                               \
      }                                                                                              \
    }                                                                                                \
    for (; i < n; i++) { f32 x = a[i * sa], y = b[i * sb]; o[i] = SEXPR; }                          \
  }

// Arithmetic.
// NOTE: +, -, *, / of two float32 values are bit-identical here and in the plain-TS kernels: JS computes in
// float64 and rounds once to float32, and float64 carries more than 2*24 + 2 bits, so that double rounding
// never differs from float32's own correctly rounded result.
#define BINARY(name, VOP, SOP) ELEMENTWISE(name, VOP(x, y), x SOP y)
BINARY(add_f32, wasm_f32x4_add, +)
BINARY(sub_f32, wasm_f32x4_sub, -)
BINARY(mul_f32, wasm_f32x4_mul, *)
BINARY(div_f32, wasm_f32x4_div, /)

// o[i] = x[i] * x[i]; o == x is allowed.
__attribute__((export_name("square_f32"))) void square_f32(const f32 *x, f32 *o, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) { v128_t v = wasm_v128_load(x + i); wasm_v128_store(o + i, wasm_f32x4_mul(v, v)); }
  for (; i < n; i++) o[i] = x[i] * x[i];
}

// Fused gradient kernels (a is the cotangent g, b the saved tensor): each saves a backward pass its temporaries.
// float32 rounding after every operation, as kernels/binary.ts's fallbacks do with Math.fround, so both paths are
// bit-identical.
// g (1 - y^2), y = tanh(x)
// 1 - y*y rounded once to float32, as PyTorch's CPU kernel computes it (a fused multiply-subtract): y*y is exact in
// double and so is 1 - y*y for |y| <= 1, so each half is computed in double and rounded once.
static inline v128_t one_minus_square_f32x4(v128_t y) {
  const v128_t onev = wasm_f64x2_splat(1.0);
  v128_t lo = wasm_f64x2_promote_low_f32x4(y), hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(y, y, 2, 3, 0, 1));
  lo = wasm_f32x4_demote_f64x2_zero(wasm_f64x2_sub(onev, wasm_f64x2_mul(lo, lo)));
  hi = wasm_f32x4_demote_f64x2_zero(wasm_f64x2_sub(onev, wasm_f64x2_mul(hi, hi)));
  return wasm_i32x4_shuffle(lo, hi, 0, 1, 4, 5);
}
// g (1 - y^2), y = tanh(x), with 1 - y^2 rounded once (PyTorch's tanh_backward)
ELEMENTWISE(tanh_backward_f32, wasm_f32x4_mul(x, one_minus_square_f32x4(y)), x * (f32)(1.0 - (double)y * (double)y))
// (g (1 - y)) y, y = sigmoid(x), each product rounded in that order (PyTorch's sigmoid_backward)
ELEMENTWISE(sigmoid_backward_f32, wasm_f32x4_mul(wasm_f32x4_mul(x, wasm_f32x4_sub(one, y)), y), (x * (1.0f - y)) * y)
// g (2 y), y = x of square
ELEMENTWISE(square_backward_f32, wasm_f32x4_mul(x, wasm_f32x4_add(y, y)), x * (y + y))
// g * (y > 0 ? 1 : 0), y = relu(x): TensorFlow's ReluGrad. A multiply by a 1/0 mask, not a select, so that y <= 0
// or NaN gives -0 for a negative g and NaN for an infinite or NaN g, as TensorFlow's product does.
ELEMENTWISE(relu_backward_f32, wasm_f32x4_mul(x, wasm_v128_and(wasm_f32x4_gt(y, zero), one)),
            x * (y > 0.0f ? 1.0f : 0.0f))
// +0 where y <= 0, else g (NaN y passes g): PyTorch's threshold_backward
ELEMENTWISE(threshold_backward_f32, wasm_v128_andnot(x, wasm_f32x4_le(y, zero)), y <= 0.0f ? 0.0f : x)

// o[i] = x[i] < 0 ? +0 : x[i] (NaN and -0 kept), as kernels/unary.ts's relu; o == x is allowed.
__attribute__((export_name("relu_f32"))) void relu_f32(const f32 *x, f32 *o, int n) {
  int i = 0;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    wasm_v128_store(o + i, wasm_v128_andnot(v, wasm_f32x4_lt(v, zero)));
  }
  for (; i < n; i++) { f32 v = x[i]; o[i] = v < 0.0f ? 0.0f : v; }
}
