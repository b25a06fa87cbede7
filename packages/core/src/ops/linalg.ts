import { Tensor } from '../tensor.js';
import { fail, fmtShape } from '../errors.js';
import { sameShape, sizeOf, type Shape } from '../shape.js';
import { record } from '../autograd/record.js';
import type { GradSpec } from '../autograd/node.js';
import { gemm, type GemmArray } from '../kernels/matmul.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { sumTo } from './broadcast.js';
import { reshape } from './shape.js';
import { advance } from '../kernels/counter.js';

/** Which stored operand is read transposed: C = op(A) op(B). */
export interface MatmulAttrs { ta: boolean; tb: boolean }

/** A 1-d operand seen as a matrix: [1, k] on the left, [k, 1] on the right (NumPy's promotion). */
const promoted = (s: Shape, left: boolean): Shape => (s.length !== 1 ? s : left ? [1, s[0]!] : [s[0]!, 1]);

const view = (t: Tensor, s: Shape): Tensor => (sameShape(t.shape, s) ? t : reshape(t, s));

// C = op(A) op(B); each cotangent is again a matmulT with the flags rearranged, so no transpose is copied:
//   NN: dA = G B^T, dB = A^T G    NT: dA = G B,     dB = G^T A
//   TN: dA = B G^T, dB = A G      TT: dA = B^T G^T, dB = G^T A^T
// Batch dimensions an operand was broadcast along are summed away (sumTo), 1-d operands squeezed back.
function vjp({ g, x, y, attrs, needs }: { g: Tensor; x: Tensor; y: Tensor; attrs: MatmulAttrs; needs: readonly boolean[] }): Array<Tensor | null> {
  const A = view(x, promoted(x.shape, true));
  const B = view(y, promoted(y.shape, false));
  const G = view(g, outShape(A.shape, B.shape, attrs, false, false));
  const { ta, tb } = attrs;
  let dA: Tensor | null = null, dB: Tensor | null = null;
  if (needs[0]) dA = ta ? (tb ? matmulT(B, G, true, true) : matmulT(B, G, false, true)) : matmulT(G, B, false, !tb);
  if (needs[1]) {
    // NOTE: a weight shared by every batch (B without batch dims) gets one product over the folded batch
    // instead of a batch of products summed afterwards.
    const fold = B.rank === 2 && A.rank > 2 && !ta;
    const Af = fold ? flatten(A) : A;
    const Gf = fold ? flatten(G) : G;
    dB = tb ? (ta ? matmulT(G, A, true, true) : matmulT(Gf, Af, true, false)) : matmulT(Af, Gf, !ta, false);
  }
  return [dA && view(sumTo(dA, A.shape), x.shape), dB && view(sumTo(dB, B.shape), y.shape)];
}

/** [..., r, c] as [(...) * r, c]; sizes spelled out, since -1 cannot be inferred when c is 0. */
const flatten = (t: Tensor): Tensor => reshape(t, [sizeOf(t.shape.slice(0, -1)), t.shape[t.rank - 1]!]);

// NOTE: dA reads B and dB reads A (and each their own shape, which no in-place op changes)
const spec = (name: string): GradSpec<MatmulAttrs> => ({ name, saves: [0, 1], reads: [[1], [0]], vjp });
// PyTorch 1.13's grad_fn names for torch.matmul, by operand ranks.
const DOT = spec('DotBackward0'), MV = spec('MvBackward0'), VM = spec('SqueezeBackward3'), MM = spec('MmBackward0');
const MM_BATCH = spec('CloneBackward0'), BATCHED = spec('UnsafeViewBackward0');

function specFor(ra: number, rb: number): GradSpec<MatmulAttrs> {
  if (ra === 1 && rb === 1) return DOT;
  if (ra === 2 && rb === 1) return MV;
  if (ra === 1 && rb === 2) return VM;
  if (ra === 2 && rb === 2) return MM;
  return ra === 2 ? MM_BATCH : BATCHED;
}

/** [rows, cols] of op(X) for a promoted operand. */
function dims(s: Shape, t: boolean): [number, number] {
  const r = s[s.length - 2]!, c = s[s.length - 1]!;
  return t ? [c, r] : [r, c];
}

/** The output shape for promoted operand shapes, with the promoted 1 dropped again where asked. */
function outShape(a: Shape, b: Shape, { ta, tb }: MatmulAttrs, dropM: boolean, dropN: boolean, given: [Shape, Shape] = [a, b]): number[] {
  const [m, ka] = dims(a, ta);
  const [kb, n] = dims(b, tb);
  const fa = shown(given[0], ta), fb = shown(given[1], tb);
  // the batch dims first, as both frameworks check them (PyTorch's matmul broadcasts them before its bmm checks the
  // matrices; TensorFlow's BatchMatMulV2 checks MatMulBCast before the inner sizes)
  const batch = batchShape(a, b, fa, fb);
  if (ka !== kb) fail('shape', `matmul: shapes ${fa} and ${fb} cannot be multiplied (${ka} != ${kb})`);
  if (!dropM) batch.push(m);
  if (!dropN) batch.push(n);
  return batch;
}

/** An operand's shape as matmul's errors name it. */
const shown = (s: Shape, t: boolean): string => (t ? `${fmtShape(s)} (transposed)` : fmtShape(s));

/** The broadcast batch dims of two promoted operand shapes (`fa`, `fb`: the operands as the error names them). */
function batchShape(a: Shape, b: Shape, fa: string, fb: string): number[] {
  const ba = a.slice(0, -2), bb = b.slice(0, -2);
  const r = Math.max(ba.length, bb.length);
  const batch: number[] = [];
  for (let i = 0; i < r; i++) {
    const da = ba[ba.length - r + i] ?? 1, db = bb[bb.length - r + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      fail('shape', `matmul: batch dimensions ${fmtShape(ba)} of ${fa} and ${fmtShape(bb)} of ${fb} cannot be broadcast`);
    }
    batch.push(da === 1 ? db : da);
  }
  return batch;
}

/** The storage offset of each output batch's matrix in an operand whose batch dims broadcast to `batch`. */
function batchOffsets(batch: Shape, own: Shape, matSize: number): number[] {
  const count = sizeOf(batch);
  const r = batch.length;
  const st = new Array<number>(r);
  let acc = matSize;
  for (let d = r - 1; d >= 0; d--) {
    const od = own[own.length - r + d] ?? 1;
    st[d] = od === 1 ? 0 : acc;
    acc *= od;
  }
  const offs = new Array<number>(count);
  const idx = new Array<number>(r).fill(0);
  let off = 0;
  for (let c = 0; c < count; c++) {
    offs[c] = off;
    off = advance(idx, r - 1, batch, st, off);
  }
  return offs;
}

function checkRanks(a: Tensor, b: Tensor): void {
  if (a.rank === 0 || b.rank === 0) {
    fail('shape', `matmul: both arguments to matmul need to be at least 1D, but they are ${a.rank}D and ${b.rank}D`);
  }
}

function checkDtypes(a: Tensor, b: Tensor): void {
  for (const t of [a, b]) {
    if (t.dtype === 'bool') fail('dtype', `matmul: expected float32, float64 or int32 operands, got bool`);
  }
  if (a.dtype !== b.dtype) {
    fail('dtype', `matmul: expected both operands to have the same dtype, but got ${a.dtype} and ${b.dtype}`);
  }
}

/**
 * matmul with transpose flags: op(a) @ op(b), where op transposes the last two axes of an operand of rank
 * >= 2 when its flag is set, without copying it (TensorFlow's transpose_a / transpose_b). 1-d operands and
 * batch dims follow `matmul`.
 * @example matmulT(x, w, false, true) // x @ w^T, as a linear layer computes it
 */
export function matmulT(av: TensorLike, bv: TensorLike, ta = false, tb = false): Tensor {
  const a = asTensor('matmul', av), b = asTensor('matmul', bv);
  checkRanks(a, b);
  // NOTE: the shapes (batch dims, then the inner size) are checked before the dtypes, as PyTorch's matmul does (its
  // mm and bmm check sizes first), except for two vectors: dot checks the dtypes first
  if (a.rank === 1 && b.rank === 1) checkDtypes(a, b);
  if ((ta && a.rank < 2) || (tb && b.rank < 2)) {
    fail('value', `matmul: a transposed operand must have rank >= 2, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  const attrs: MatmulAttrs = { ta, tb };
  const pa = promoted(a.shape, true), pb = promoted(b.shape, false);
  const full = outShape(pa, pb, attrs, false, false, [a.shape, b.shape]);
  checkDtypes(a, b);
  const out = new Tensor(outShape(pa, pb, attrs, a.rank === 1, b.rank === 1), a.dtype);
  const [m, k] = dims(pa, ta);
  const n = dims(pb, tb)[1];
  const lda = pa[pa.length - 1]!, ldb = pb[pb.length - 1]!;
  const A = a.data as GemmArray, B = b.data as GemmArray, C = out.data as GemmArray;
  const batch = full.slice(0, -2);
  if (pb.length === 2 && !ta) {
    // One product: rows of every batch of A stack into one tall matrix against the shared B.
    gemm(false, tb, sizeOf(batch) * m, n, k, A, 0, lda, B, 0, ldb, C, 0, n);
  } else {
    const oa = batchOffsets(batch, pa.slice(0, -2), m * k), ob = batchOffsets(batch, pb.slice(0, -2), k * n);
    for (let i = 0; i < oa.length; i++) gemm(ta, tb, m, n, k, A, oa[i]!, lda, B, ob[i]!, ldb, C, i * m * n, n);
  }
  return record(specFor(a.rank, b.rank), [a, b], out, attrs);
}

/**
 * NumPy's matmul: 1-d @ 1-d is a dot product (0-d); a 1-d left operand is a row vector and a 1-d right
 * operand a column vector, their promoted dimension dropped from the result; batch dims broadcast.
 * Operands must share a dtype (float32, float64, or int32 without gradients).
 * @example matmul(fromArray([[1, 2], [3, 4]]), fromArray([1, 1])) // [3, 7]
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  return matmulT(a, b, false, false);
}
registerOp('matmul', 'linalg', true, (a: Tensor, b: Tensor) => matmul(a, b), { cases: [
  { shapes: [[3], [3]], call: (a, b) => matmul(a, b), label: 'dot' },
  { shapes: [[2, 3], [3]], call: (a, b) => matmul(a, b), label: 'matrix-vector' },
  { shapes: [[3], [3, 4]], call: (a, b) => matmul(a, b), label: 'vector-matrix' },
  { shapes: [[2, 3], [3, 4]], call: (a, b) => matmul(a, b) },
  { shapes: [[2, 1, 2, 3], [3, 3, 2]], call: (a, b) => matmul(a, b), label: 'broadcast batch' },
  { shapes: [[0, 3], [3, 2]], call: (a, b) => matmul(a, b), label: 'empty' },
] });
