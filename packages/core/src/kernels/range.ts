import { add32, fma, fmaf, fmaSum, productError } from './fma.js';

// The fills of arange and linspace as the frameworks' CPU kernels compute them (creation.ts checks and sizes them).

/** Lanes of `Vectorized<float>` / `<double>` / `<int32_t>` / `<int64_t>` at AVX2, the capability PyTorch 1.13 uses by default. */
export const LANES_F32 = 8, LANES_F64 = 4, LANES_I32 = 8, LANES_I64 = 4;

/**
 * `arange_kernel`'s loop (cpu_serial_kernel_vec, Loops.h `vectorized_loop`): pairs of vectors while 2 * V elements
 * remain, then the scalar op for the rest. The scalar op is `start + step * idx`; a vector is
 * `Vectorized<T>::arange(start + step * idx, step)`, whose lane k is base + k * step with base already rounded to
 * T (a float lane widens base back to double, as step is the double accumulate type). Every `a + b * c` there is a
 * fused multiply-add in PyTorch's build (recorded: plain double arithmetic differs in ~1 float64 case in 6).
 */
export function torchArangeFill(out: Float32Array | Float64Array, start: number, step: number, n: number, f32: boolean): void {
  const V = f32 ? LANES_F32 : LANES_F64;
  // k * step for each lane, as an exact sum hi + lo, so that a lane is one correctly rounded addition
  const hi = new Float64Array(V), lo = new Float64Array(V);
  for (let k = 0; k < V; k++) { hi[k] = k * step; lo[k] = productError(k, step, hi[k]!); }
  const vectorised = n - (n % (2 * V));
  for (let j = 0; j < vectorised; j += V) {
    let base = fma(step, j, start);
    if (f32) base = Math.fround(base);
    for (let k = 0; k < V; k++) out[j + k] = fmaSum(hi[k]!, lo[k]!, base);
  }
  for (let j = vectorised; j < n; j++) out[j] = fma(step, j, start);
}

export function torchLinspaceF64(out: Float64Array, start: number, end: number, steps: number): void {
  const step = (end - start) / (steps - 1);
  const half = Math.floor(steps / 2), V = LANES_F64;
  const vectorised = steps - (steps % (2 * V));
  for (let j = 0; j < vectorised; j += V) {
    const base = j < half ? fma(step, j, start) : fma(-step, steps - j - 1, end);
    for (let k = 0; k < V; k++) out[j + k] = base + k * step;
  }
  for (let j = vectorised; j < steps; j++) out[j] = j < half ? fma(step, j, start) : fma(-step, steps - j - 1, end);
}

/** As torchLinspaceF64, in float: step_t is float, so the scalar points are single-precision fused multiply-adds. */
export function torchLinspaceF32(out: Float32Array, start: number, end: number, steps: number): void {
  const step = Math.fround(Math.fround(end - start) / (steps - 1));
  const half = Math.floor(steps / 2), V = LANES_F32;
  const q = new Float64Array(V);
  for (let k = 0; k < V; k++) q[k] = Math.fround(k * step);
  const vectorised = steps - (steps % (2 * V));
  for (let j = 0; j < vectorised; j += V) {
    const base = j < half ? fmaf(step, j, start) : fmaf(-step, steps - j - 1, end);
    for (let k = 0; k < V; k++) out[j + k] = add32(base, q[k]!);
  }
  for (let j = vectorised; j < steps; j++) out[j] = j < half ? fmaf(step, j, start) : fmaf(-step, steps - j - 1, end);
}

/** As torchLinspaceF64 with step in double and every point truncated to the integer type (a vector's base too). */
export function torchLinspaceInt(out: Int32Array, start: number, end: number, steps: number, V: number): void {
  const step = (end - start) / (steps - 1);
  const half = Math.floor(steps / 2);
  const vectorised = steps - (steps % (2 * V));
  for (let j = 0; j < vectorised; j += V) {
    const base = Math.trunc(j < half ? fma(step, j, start) : fma(-step, steps - j - 1, end));
    for (let k = 0; k < V; k++) out[j + k] = Math.trunc(base + k * step);
  }
  for (let j = vectorised; j < steps; j++) out[j] = Math.trunc(j < half ? fma(step, j, start) : fma(-step, steps - j - 1, end));
}

/** linspace_nd: Sub, RealDiv, Mul and AddV2 kernels, each rounding to the dtype (no fused multiply-add across ops). */
export function tfLinspaceFill(out: Float32Array | Float64Array | Int32Array, start: number, stop: number, num: number, f32: boolean): void {
  const a = f32 ? Math.fround(start) : start, b = f32 ? Math.fround(stop) : stop;
  const nSteps = Math.max(num - 1, 1);
  const delta = f32 ? Math.fround(Math.fround(b - a) / nSteps) : (b - a) / nSteps;
  out[0] = a;
  if (f32) for (let i = 1; i < num - 1; i++) out[i] = add32(a, Math.fround(delta * i));
  else for (let i = 1; i < num - 1; i++) out[i] = a + delta * i;
  out[num - 1] = b;
}
