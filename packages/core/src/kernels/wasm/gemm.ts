/**
 * The WebAssembly SIMD float32 kernels (gemm.c, embedded by build.sh in gemm.wasm.ts): drop-ins for
 * kernels/matmul.ts's `gemm` and for a few kernels of kernels/unary.ts and kernels/binary.ts, on Float32Array
 * operands. The plain-TS kernels stay the reference and the fallback: every entry point here returns false
 * when it cannot run, and the caller then runs its own loop.
 *
 * Each call copies its operands into the module's linear memory, runs, and copies the result out: copies are
 * memcpy-speed (O(n^2) against a product's O(n^3); for elementwise ops, still 5-8x faster than the TS loops
 * overall). Memory grows on demand and is kept for later calls (wasm memory cannot shrink).
 */
import { GEMM_SHARED_WASM_BASE64, GEMM_WASM_BASE64 } from './gemm.wasm.js';

// NOTE: the core's tsconfig has no DOM lib, so the few WebAssembly types used here are declared locally.
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface GemmExports {
  memory?: WasmMemory; // exported by gemm.wasm; gemm-shared.wasm imports it instead
  __heap_base: { value: number };
  gemm_work_floats(): number;
  gemm(ta: number, tb: number, m: number, n: number, k: number, a: number, lda: number, b: number, ldb: number,
    c: number, ldc: number, acc: number, work: number): void;
  tanh_f32: UnaryFn; square_f32: UnaryFn; relu_f32: UnaryFn;
  add_f32: BinaryFn; sub_f32: BinaryFn; mul_f32: BinaryFn; div_f32: BinaryFn;
  tanh_backward_f32: BinaryFn; sigmoid_backward_f32: BinaryFn; square_backward_f32: BinaryFn; relu_backward_f32: BinaryFn;
  threshold_backward_f32: BinaryFn;
}
type UnaryFn = (x: number, o: number, n: number) => void;
type BinaryFn = (a: number, sa: number, b: number, sb: number, o: number, n: number) => void;
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (limits: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
/** An instance and the memory it runs on. */
interface Wasm { ex: GemmExports; mem: WasmMemory }

const PAGE = 65536;
let single: Wasm | null | undefined; // undefined: not loaded yet; null: unavailable
let heap = new Float32Array(0);
let workFloats = 0;
let enabled = true;

function decode(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Instantiates the module once; null when WebAssembly or its SIMD is missing (the module then fails to compile). */
function load(): Wasm | null {
  if (single !== undefined) return single;
  single = null;
  const WA = wasmApi();
  if (!WA) return single;
  try {
    const ex = new WA.Instance(new WA.Module(decode(GEMM_WASM_BASE64)), {}).exports as GemmExports;
    single = { ex, mem: ex.memory! };
    workFloats = ex.gemm_work_floats();
  } catch {
    // NOTE: engines without SIMD128 reject the module at compile time; browsers may also refuse synchronous
    // compilation on the main thread. Either way the plain-TS kernels run.
    single = null;
  }
  return single;
}

/** True when the WASM SIMD kernels can run here (WebAssembly with SIMD128). */
export function wasmAvailable(): boolean {
  return load() !== null;
}

/**
 * Switches the WASM kernels off (or back on); returns the previous setting. While off, every entry point here
 * returns false and the callers run the plain-TS kernels: for tests that compare the two, and for anyone who
 * wants the reference kernels' float64 accumulation.
 * @example const was = setWasmEnabled(false); try { ... } finally { setWasmEnabled(was); }
 */
export function setWasmEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

// ---- threads (Node): workers run gemm-shared.wasm on the same shared memory, each on a slice of C's columns ----

interface WorkerLike { unref(): void; terminate(): unknown }
interface Pool { main: Wasm; ctrl: Int32Array; workers: WorkerLike[]; seq: number }
let pool: Pool | null = null;

/** Products below this many multiply-adds stay on one thread: waking a worker costs ~10-50 us. */
const THREAD_MIN = 1 << 18;
// Each worker's slot in `ctrl`: [job number (-1: exit), the 13 arguments of gemm, job number done, ready].
const SLOT = 16;
const WORKER = `
const { workerData: { module, memory, ctrl, slot } } = require('node:worker_threads');
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
Atomics.store(ctrl, slot + 15, 1);
Atomics.notify(ctrl, slot + 15);
for (let seen = 0; ;) {
  Atomics.wait(ctrl, slot, seen);
  seen = Atomics.load(ctrl, slot);
  if (seen < 0) break;
  const a = ctrl.subarray(slot + 1, slot + 14);
  ex.gemm(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12]);
  Atomics.store(ctrl, slot + 14, seen);
  Atomics.notify(ctrl, slot + 14);
}`;

/**
 * Runs gemm on `threads` threads (this one and threads - 1 workers) for products of 2^18 multiply-adds or
 * more, splitting C by columns; returns the number in effect (1 where worker_threads or shared WebAssembly
 * memory is missing, as in browsers). Results are bit-identical whatever the number: each element of C is
 * computed by one thread, in the same order. The calling thread blocks (Atomics.wait) until the workers finish.
 * @example setWasmThreads(2) // 2 cores: ~1.8x the one-thread rate on large products
 */
export function setWasmThreads(threads: number): number {
  stopPool();
  const WA = wasmApi();
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const wt = proc?.getBuiltinModule?.('node:worker_threads') as
    { Worker: new (code: string, o: { eval: boolean; workerData: unknown }) => WorkerLike } | undefined;
  if (threads <= 1 || !WA || !wt || load() === null) return 1;
  try {
    const module = new WA.Module(decode(GEMM_SHARED_WASM_BASE64));
    const mem = new WA.Memory({ initial: 64, maximum: 65536, shared: true });
    const ex = new WA.Instance(module, { env: { memory: mem } }).exports as GemmExports;
    const ctrl = new Int32Array(new SharedArrayBuffer(4 * SLOT * (threads - 1)));
    const workers: WorkerLike[] = [];
    pool = { main: { ex, mem }, ctrl, workers, seq: 0 };
    for (let t = 0; t < threads - 1; t++) {
      const wk = new wt.Worker(WORKER, { eval: true, workerData: { module, memory: mem, ctrl, slot: t * SLOT } });
      // NOTE: idle workers must not keep the process alive.
      wk.unref();
      workers.push(wk);
    }
    // NOTE: a worker that never starts would leave every product waiting on it, so each must report ready.
    for (let t = 0; t < threads - 1; t++) {
      if (Atomics.wait(ctrl, t * SLOT + 15, 0, 10_000) === 'timed-out') throw new Error('worker did not start');
    }
    return threads;
  } catch {
    stopPool();
    return 1;
  }
}

function stopPool(): void {
  if (pool === null) return;
  for (let t = 0; t < pool.workers.length; t++) {
    Atomics.store(pool.ctrl, t * SLOT, -1);
    Atomics.notify(pool.ctrl, t * SLOT);
    void pool.workers[t]!.terminate();
  }
  pool = null;
}

/** Runs `parts` column slices of C (multiples of the kernel's 8-wide tile): slice 0 here, the rest on workers. */
function splitColumns(N: number, parts: number, run: (j0: number, nj: number, part: number, ex: (...a: number[]) => void) => void): void {
  const p = pool!, width = Math.ceil(N / parts / 8) * 8, seq = ++p.seq;
  let used = 0;
  for (let t = 1; t < parts && t * width < N; t++, used++) {
    const j0 = t * width, slot = (t - 1) * SLOT;
    run(j0, Math.min(width, N - j0), t, (...a) => { p.ctrl.set(a, slot + 1); });
    Atomics.store(p.ctrl, slot, seq);
    Atomics.notify(p.ctrl, slot);
  }
  run(0, Math.min(width, N), 0, p.main.ex.gemm);
  for (let t = 0; t < used; t++) {
    const done = t * SLOT + 14;
    for (let v = Atomics.load(p.ctrl, done); v !== seq; v = Atomics.load(p.ctrl, done)) Atomics.wait(p.ctrl, done, v);
  }
}

/** The instance to run on when WASM is available and enabled: the threads' shared one while they run. */
function active(): Wasm | null {
  return enabled ? (pool?.main ?? load()) : null;
}

/** Float offset rounded up to 16 bytes, so every region starts on a SIMD boundary. */
const align4 = (n: number): number => (n + 3) & ~3;

/** A Float32Array view over at least `floats` floats of linear memory, growing it if needed; null if it cannot. */
function view(mem: WasmMemory, floats: number): Float32Array | null {
  const bytes = floats * 4;
  if (mem.buffer.byteLength < bytes) {
    try { mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / PAGE)); } catch { return null; }
  }
  // NOTE: growing replaces the buffer (detaching it, unless shared), so the view is rebuilt whenever it changed.
  if (heap.buffer !== mem.buffer) heap = new Float32Array(mem.buffer);
  return heap;
}

/**
 * C[cOff + i*ldc + j] = sum_p op(A)[i,p] * op(B)[p,j] for i < M, j < N, or += when `accumulate`;
 * the arguments are those of kernels/matmul.ts's `gemm`. Sums are float32, in an order fixed by the kernel's
 * k-blocking alone, so results are deterministic and independent of M and N.
 * Returns false (and leaves C untouched) when WASM is unavailable or disabled or memory cannot grow; the
 * caller then runs the plain-TS kernel.
 * @example wasmGemmF32(false, true, 2, 2, 3, a, 0, 3, b, 0, 3, c, 0, 2) // c = a @ b^T
 */
export function wasmGemmF32(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  C: Float32Array, cOff: number, ldc: number,
  accumulate = false,
): boolean {
  const w = active();
  if (w === null) return false;
  if (M === 0 || N === 0) return true;
  // The spans each operand occupies in its array (row-major with leading dimension ld).
  const aSpan = K === 0 ? 0 : (transA ? (K - 1) * lda + M : (M - 1) * lda + K);
  const bSpan = K === 0 ? 0 : (transB ? (N - 1) * ldb + K : (K - 1) * ldb + N);
  // One packing workspace per thread, then A, B and C.
  const parts = pool !== null && M * N * K >= THREAD_MIN ? Math.min(pool.workers.length + 1, Math.floor(N / 16)) : 1;
  const work = align4(w.ex.__heap_base.value / 4), ws = align4(workFloats);
  const pa = work + parts * ws, pb = align4(pa + aSpan), pc = align4(pb + bSpan);
  const H = view(w.mem, pc + M * N);
  if (H === null) return false;
  if (aSpan > 0) H.set(A.subarray(aOff, aOff + aSpan), pa);
  if (bSpan > 0) H.set(B.subarray(bOff, bOff + bSpan), pb);
  // Inside the module C is compact (ld = N); it is scattered back to ldc afterwards.
  if (accumulate) copyRows(C, cOff, ldc, H, pc, N, M, N);
  const run = (j0: number, nj: number, part: number, ex: (...args: number[]) => void) =>
    ex(+transA, +transB, M, nj, K, pa * 4, lda, (pb + (transB ? j0 * ldb : j0)) * 4, ldb, (pc + j0) * 4, N,
      +accumulate, (work + part * ws) * 4);
  if (parts === 1) run(0, N, 0, w.ex.gemm);
  else splitColumns(N, parts, run);
  copyRows(H, pc, N, C, cOff, ldc, M, N);
  return true;
}

/** Copies an rows x cols block between arrays with leading dimensions sld and dld; one set() when both are compact. */
function copyRows(S: Float32Array, so: number, sld: number, D: Float32Array, dO: number, dld: number, rows: number, cols: number): void {
  if (sld === cols && dld === cols) { D.set(S.subarray(so, so + rows * cols), dO); return; }
  for (let r = 0; r < rows; r++) D.set(S.subarray(so + r * sld, so + r * sld + cols), dO + r * dld);
}

/** Runs a unary kernel in place in linear memory: copy x in, run, copy out. */
function unary(name: 'tanh_f32' | 'square_f32' | 'relu_f32', x: Float32Array, o: Float32Array, n: number): boolean {
  const w = active();
  if (w === null) return false;
  const at = align4(w.ex.__heap_base.value / 4);
  const H = view(w.mem, at + n);
  if (H === null) return false;
  H.set(x.subarray(0, n), at);
  w.ex[name](at * 4, at * 4, n);
  o.set(H.subarray(at, at + n));
  return true;
}

/**
 * o[i] = tanh(x[i]) for i < n, in float32 SIMD: a rational approximation within 4e-7 relative error (6 ulp
 * at worst, near +-1), where Math.tanh per element, correctly rounded, is ~10x slower over 1e6 elements.
 * The signature of kernels/unary.ts's kernels; x may be o. Returns false when WASM is unavailable or
 * disabled or memory cannot grow.
 * @example wasmTanhF32(x, out, x.length)
 */
export function wasmTanhF32(x: Float32Array, o: Float32Array, n: number): boolean {
  return unary('tanh_f32', x, o, n);
}

/** o[i] = x[i]^2, bit-identical to kernels/unary.ts's square; as wasmTanhF32 otherwise. */
export function wasmSquareF32(x: Float32Array, o: Float32Array, n: number): boolean {
  return unary('square_f32', x, o, n);
}

/** o[i] = relu(x[i]) (NaN and -0 kept), bit-identical to kernels/unary.ts's relu; as wasmTanhF32 otherwise. */
export function wasmReluF32(x: Float32Array, o: Float32Array, n: number): boolean {
  return unary('relu_f32', x, o, n);
}

/** The binary kernels of gemm.c: arithmetic, and the fused gradients (a = g, b = the saved tensor) of kernels/binary.ts. */
export type WasmBinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'tanh_backward' | 'sigmoid_backward' | 'square_backward' | 'relu_backward'
  | 'threshold_backward';

/**
 * o[i] = a[i*sa] op b[i*sb] for i < n, sa and sb each 1 or 0 (a broadcast scalar): the signature of
 * kernels/binary.ts's kernels, with the op named first. Bit-identical to those kernels (float32 +, -, *, /
 * rounded once either way). Returns false when WASM is unavailable or disabled or memory cannot grow.
 * @example wasmBinaryF32('mul', x, 1, Float32Array.of(1.5), 0, out, x.length)
 */
export function wasmBinaryF32(
  op: WasmBinaryOp, a: Float32Array, sa: number, b: Float32Array, sb: number, o: Float32Array, n: number,
): boolean {
  const w = active();
  if (w === null) return false;
  if (n === 0) return true;
  const la = sa === 0 ? 1 : n, lb = sb === 0 ? 1 : n;
  const pa = align4(w.ex.__heap_base.value / 4), pb = align4(pa + la), po = sa === 1 ? pa : align4(pb + lb);
  const H = view(w.mem, Math.max(pb + lb, po + n));
  if (H === null) return false;
  H.set(a.subarray(0, la), pa);
  H.set(b.subarray(0, lb), pb);
  // The output overwrites a full `a` in place: each vector is read before it is written.
  w.ex[`${op}_f32`](pa * 4, sa, pb * 4, sb, po * 4, n);
  o.set(H.subarray(po, po + n));
  return true;
}
