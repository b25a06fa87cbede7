/**
 * The WebAssembly SIMD float32 gemm (gemm.c, embedded by build.sh in gemm.wasm.ts): a drop-in for
 * kernels/matmul.ts's `gemm` on Float32Array operands. That file stays the reference and the fallback.
 *
 * The wrapper copies the spans of A and B (and C, when accumulating) into the module's linear memory, runs,
 * and copies C out: copies are memcpy-speed and O(n^2) against the product's O(n^3). Memory grows on demand
 * and is kept for later calls (wasm memory cannot shrink).
 */
import { GEMM_WASM_BASE64 } from './gemm.wasm.js';

// NOTE: the core's tsconfig has no DOM lib, so the few WebAssembly types used here are declared locally.
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface GemmExports {
  memory: WasmMemory;
  __heap_base: { value: number };
  gemm_work_floats(): number;
  gemm(ta: number, tb: number, m: number, n: number, k: number, a: number, lda: number, b: number, ldb: number,
    c: number, ldc: number, acc: number, work: number): void;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const PAGE = 65536;
let mod: GemmExports | null | undefined; // undefined: not loaded yet; null: unavailable
let heap = new Float32Array(0);
let workFloats = 0;

function decode(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Instantiates the module once; null when WebAssembly or its SIMD is missing (the module then fails to compile). */
function load(): GemmExports | null {
  if (mod !== undefined) return mod;
  mod = null;
  const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!WA) return mod;
  try {
    const inst = new WA.Instance(new WA.Module(decode(GEMM_WASM_BASE64)), {});
    mod = inst.exports as GemmExports;
    workFloats = mod.gemm_work_floats();
  } catch {
    // NOTE: engines without SIMD128 reject the module at compile time; browsers may also refuse synchronous
    // compilation on the main thread. Either way the plain-TS kernels run.
    mod = null;
  }
  return mod;
}

/** True when the WASM SIMD kernels can run here (WebAssembly with SIMD128). */
export function wasmAvailable(): boolean {
  return load() !== null;
}

/** Float offset rounded up to 16 bytes, so every region starts on a SIMD boundary. */
const align4 = (n: number): number => (n + 3) & ~3;

/** A Float32Array view over at least `floats` floats of linear memory, growing it if needed; null if it cannot. */
function view(m: GemmExports, floats: number): Float32Array | null {
  const bytes = floats * 4;
  if (m.memory.buffer.byteLength < bytes) {
    try { m.memory.grow(Math.ceil((bytes - m.memory.buffer.byteLength) / PAGE)); } catch { return null; }
  }
  // NOTE: growing detaches the old buffer, so the view is rebuilt whenever the buffer changed.
  if (heap.buffer !== m.memory.buffer) heap = new Float32Array(m.memory.buffer);
  return heap;
}

/**
 * C[cOff + i*ldc + j] = sum_p op(A)[i,p] * op(B)[p,j] for i < M, j < N, or += when `accumulate`;
 * the arguments are those of kernels/matmul.ts's `gemm`. Sums are float32, in an order fixed by the kernel's
 * k-blocking alone, so results are deterministic and independent of M and N.
 * Returns false (and leaves C untouched) when WASM is unavailable or memory cannot grow; the caller then
 * runs the plain-TS kernel.
 * @example wasmGemmF32(false, true, 2, 2, 3, a, 0, 3, b, 0, 3, c, 0, 2) // c = a @ b^T
 */
export function wasmGemmF32(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  C: Float32Array, cOff: number, ldc: number,
  accumulate = false,
): boolean {
  const m = load();
  if (m === null) return false;
  if (M === 0 || N === 0) return true;
  // The spans each operand occupies in its array (row-major with leading dimension ld).
  const aSpan = K === 0 ? 0 : (transA ? (K - 1) * lda + M : (M - 1) * lda + K);
  const bSpan = K === 0 ? 0 : (transB ? (N - 1) * ldb + K : (K - 1) * ldb + N);
  const work = align4(m.__heap_base.value / 4);
  const pa = align4(work + workFloats), pb = align4(pa + aSpan), pc = align4(pb + bSpan);
  const H = view(m, pc + M * N);
  if (H === null) return false;
  if (aSpan > 0) H.set(A.subarray(aOff, aOff + aSpan), pa);
  if (bSpan > 0) H.set(B.subarray(bOff, bOff + bSpan), pb);
  // Inside the module C is compact (ld = N); it is scattered back to ldc afterwards.
  if (accumulate) copyRows(C, cOff, ldc, H, pc, N, M, N);
  m.gemm(+transA, +transB, M, N, K, pa * 4, lda, pb * 4, ldb, pc * 4, N, +accumulate, work * 4);
  copyRows(H, pc, N, C, cOff, ldc, M, N);
  return true;
}

/** Copies an rows x cols block between arrays with leading dimensions sld and dld; one set() when both are compact. */
function copyRows(S: Float32Array, so: number, sld: number, D: Float32Array, dO: number, dld: number, rows: number, cols: number): void {
  if (sld === cols && dld === cols) { D.set(S.subarray(so, so + rows * cols), dO); return; }
  for (let r = 0; r < rows; r++) D.set(S.subarray(so + r * sld, so + r * sld + cols), dO + r * dld);
}
