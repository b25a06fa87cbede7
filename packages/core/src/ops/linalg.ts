import { Tensor } from '../tensor.js';
import { isFloat } from '../dtype.js';
import { fail, fmtShape } from '../errors.js';
import { sameShape, sizeOf, type Shape } from '../shape.js';
import { mayRecord, record } from '../autograd/record.js';
import type { GradSpec } from '../autograd/node.js';
import { gemm, type GemmArray } from '../kernels/matmul.js';
import { svdInto } from '../kernels/svd.js';
import { eye } from '../creation.js';
import { asTensor, registerOp, type TensorLike } from './define.js';
import { add, div, mul, sub, type Convention } from './arith.js';
import { where } from './compare.js';
import { sumTo } from './broadcast.js';
import { expandDims, reshape, swapaxes } from './shape.js';
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
/** PyTorch's bmm, one node of its own (torch.matmul of 3-d operands records UnsafeViewBackward0 over it). */
const BMM = spec('BmmBackward0');

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
  return product(av, bv, ta, tb, null);
}

/**
 * PyTorch's bmm: the batched product of two 3-d tensors with one batch size (no broadcasting: the caller checks the
 * shapes in its framework's words), recorded as BmmBackward0.
 */
export function bmm(av: TensorLike, bv: TensorLike): Tensor {
  const a = asTensor('bmm', av), b = asTensor('bmm', bv);
  if (a.rank !== 3 || b.rank !== 3 || a.shape[0] !== b.shape[0]) {
    fail('shape', `bmm: expected two 3-d tensors with one batch size, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  return product(a, b, false, false, BMM);
}

/** matmulT's body; `named`: the node's spec when the caller's op has a name of its own (else by operand ranks). */
function product(av: TensorLike, bv: TensorLike, ta: boolean, tb: boolean, named: GradSpec<MatmulAttrs> | null): Tensor {
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
  return record(named ?? specFor(a.rank, b.rank), [a, b], out, attrs);
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
registerOp('bmm', 'linalg', true, (a: Tensor, b: Tensor) => bmm(a, b), { cases: [{ shapes: [[2, 2, 3], [2, 3, 4]], call: (a, b) => bmm(a, b) }] });

// ---- singular values ----

/**
 * The factors of one Jacobi run, shared by the nodes that stand for them: u [..., m, k], s [..., k], v [..., n, k] in
 * x's dtype (A = U diag(s) V^T, reduced). Never written: the rules read them, recorded or not.
 */
interface SvdAttrs { u: Tensor; s: Tensor; v: Tensor; convention: Convention }

// d s = diag(U^T dA V), so gA = U diag(g) V^T (PyTorch's svd_backward with gS alone; TF's _SvdGrad, compute_uv=False)
const SVDVALS: GradSpec<SvdAttrs> = { name: 'LinalgSvdBackward0', saves: ['out'], vjp: ({ g, x, attrs }) => [svdvalsGrad(g, x, attrs)] };
// The singular vectors as functions of A, for the second derivative: svdvals' rule reads U and V, so differentiating
// it needs theirs (PyTorch differentiates its svd_backward the same way, through the U and Vh of the svd node).
const SVD_U: GradSpec<SvdAttrs> = { name: 'LinalgSvdBackward0', saves: [], vjp: ({ g, x, attrs }) => [vectorsGrad(g, x, attrs, true)] };
const SVD_V: GradSpec<SvdAttrs> = { name: 'LinalgSvdBackward0', saves: [], vjp: ({ g, x, attrs }) => [vectorsGrad(g, x, attrs, false)] };

/**
 * U and V (and s when `withS`) for a rule: the saved tensors, or, when the rule itself is recorded (create_graph, an
 * outer tape), copies recorded as functions of x, so that gradients of gradients see how they move with x.
 */
function factors(x: Tensor, g: Tensor, a: SvdAttrs, withS: boolean): { U: Tensor; S: Tensor; V: Tensor } {
  if (!mayRecord(x, g)) return { U: a.u, S: a.s, V: a.v };
  const copy = (t: Tensor) => new Tensor(t.shape, t.dtype, t.data.slice());
  return { U: record(SVD_U, [x], copy(a.u), a), S: withS ? record(SVDVALS, [x], copy(a.s), a) : a.s, V: record(SVD_V, [x], copy(a.v), a) };
}

const rows = (t: Tensor): number => t.shape[t.rank - 2]!;
const cols = (t: Tensor): number => t.shape[t.rank - 1]!;
const mT = (t: Tensor): Tensor => swapaxes(t, -1, -2);

function svdvalsGrad(g: Tensor, x: Tensor, a: SvdAttrs): Tensor {
  const { U, V } = factors(x, g, a, false);
  const gs = expandDims(g, -2);
  // PyTorch's association: g scales the k x k side's factor
  return rows(x) >= cols(x) ? matmulT(U, mul(V, gs), false, true) : matmulT(mul(U, gs), V, false, true);
}

// gA = U [(skew(U^T gU) S) / E] V^T (+ (I - U U^T) gU S^-1 V^T when m > n) for U, and
// gA = U [(S skew(V^T gV)) / E] V^T (+ U S^-1 gV^T (I - V V^T) when m < n) for V, where skew(X) = X - X^T and
// E_jk = s_k^2 - s_j^2 (j != k): PyTorch's svd_backward and TF's _SvdGrad, term by term.
// NOTE: PyTorch multiplies by S before it divides by E (svdvals' second derivative reaches its svd_backward with gU
// and gVh both defined: (UhgU * S.unsqueeze(-2) + S.unsqueeze(-1) * VhgV) / E), so in float32, where s^2 of an s
// below about 1e-19 is subnormal and X / E overflows, the result stays finite; TF multiplies X by _SafeReciprocal(E)
// first, then by S. At repeated singular values E has zeros off the diagonal, and at zero ones (m != n) S^-1 is
// infinite: PyTorch divides (inf or NaN, as it documents: it assumes distinct, nonzero singular values); TF's
// _SafeReciprocal, x / (x^2 + 1e-20), gives 0 there (attrs.convention). Where E is 0 (a tie, or s^2 underflowing),
// the U and V nodes' two infinities may add up to NaN where PyTorch's one division of their sum gives inf.
function vectorsGrad(g: Tensor, x: Tensor, a: SvdAttrs, left: boolean): Tensor {
  const { U, S, V } = factors(x, g, a, true);
  const m = rows(x), n = cols(x), tf = a.convention === 'tf';
  const F = left ? U : V;
  const FtG = matmulT(F, g, true, false);
  const inner = gapped(sub(FtG, mT(FtG)), S, left, tf);
  const gSinv = (): Tensor => (tf ? mul(g, expandDims(safeReciprocal(S), -2)) : div(g, expandDims(S, -2)));
  if (left && m > n) {
    const gs = gSinv();
    const uA = add(matmul(U, inner), sub(gs, matmul(U, matmulT(U, gs, true, false))));
    return matmulT(uA, V, false, true);
  }
  if (!left && m < n) {
    const gs = gSinv();
    const vA = add(matmulT(inner, V, false, true), sub(mT(gs), matmulT(matmulT(gs, V, true, false), V, false, true)));
    return matmul(U, vA);
  }
  return m >= n ? matmul(U, matmulT(inner, V, false, true)) : matmulT(matmul(U, inner), V, false, true);
}

/**
 * X S / E (`left`) or S X / E, with E_jk = s_k^2 - s_j^2 off the diagonal and 1 on it (PyTorch's order), or X times
 * TF's safe reciprocal of E (0 on the diagonal), then S.
 */
function gapped(X: Tensor, S: Tensor, left: boolean, tf: boolean): Tensor {
  const S2 = mul(S, S);
  const E = sub(expandDims(S2, -2), expandDims(S2, -1));
  const diag = eye(S.shape[S.rank - 1]!, undefined, 'bool');
  const times = (t: Tensor): Tensor => (left ? mul(t, expandDims(S, -2)) : mul(expandDims(S, -1), t));
  return tf ? times(mul(X, where(diag, 0, safeReciprocal(E)))) : div(times(X), where(diag, 1, E));
}

/** TF's _SafeReciprocal: x / (x^2 + 1e-20), finite at 0. */
const safeReciprocal = (x: Tensor): Tensor => div(x, add(mul(x, x), 1e-20));

/**
 * The singular values of the matrices in the last two axes of `x` (batched over the others), in descending order, as
 * LAPACK returns them: shape [..., min(m, n)], float32 or float64 (computed in float64 by one-sided Jacobi on the R of
 * a column-pivoted QR, rounded once; see kernels/svd.ts). Differentiable to any order where the singular values are
 * distinct and nonzero; `convention` picks PyTorch's or TensorFlow's second derivative where they are not (see
 * `vectorsGrad`). A matrix with NaN or inf gives NaN. Should Jacobi not converge (never seen), raises a 'runtime'
 * error in PyTorch's words for it.
 * @example svdvals(fromArray([[3, 0], [4, 5]])).data // [6.7082..., 2.2360...] (sqrt(45), sqrt(5))
 */
export function svdvals(xv: TensorLike, convention: Convention = 'torch'): Tensor {
  const x = asTensor('svdvals', xv);
  if (x.rank < 2) fail('shape', `svdvals: expected a matrix or a batch of matrices (rank >= 2), got shape ${fmtShape(x.shape)}`);
  if (!isFloat(x.dtype)) fail('dtype', `svdvals: expected a float32 or float64 tensor, got ${x.dtype}`);
  const m = rows(x), n = cols(x), k = Math.min(m, n), batch = x.shape.slice(0, -2);
  const out = new Tensor([...batch, k], x.dtype);
  const opts = { batched: batch.length > 0 };
  if (!mayRecord(x, null)) {
    svdInto(x.data, sizeOf(batch), m, n, out.data, null, null, opts);
    return out;
  }
  const u = new Tensor([...batch, m, k], x.dtype), v = new Tensor([...batch, n, k], x.dtype);
  svdInto(x.data, sizeOf(batch), m, n, out.data, u.data, v.data, opts);
  return record(SVDVALS, [x], out, { u, s: new Tensor(out.shape, out.dtype, out.data.slice()), v, convention });
}
registerOp('svdvals', 'linalg', true, (x: Tensor) => svdvals(x), { cases: [
  { shapes: [[3, 3]], call: (x) => svdvals(x) },
  { shapes: [[4, 2]], call: (x) => svdvals(x), label: 'tall' },
  { shapes: [[2, 4]], call: (x) => svdvals(x), label: 'wide' },
  { shapes: [[2, 3, 2]], call: (x) => svdvals(x), label: 'batch' },
  { shapes: [[3, 2]], call: (x) => svdvals(x, 'tf'), label: 'tf' },
  { shapes: [[0, 3]], call: (x) => svdvals(x), label: 'empty' },
] });
