/**
 * torch.set_num_threads / torch.get_num_threads: the threads of the core's matmul (the WASM gemm splits the
 * product's columns over worker_threads; results are bit-identical whatever the number). One thread by default:
 * a second thread pays off only when the other core is idle.
 */
import { core } from './core.js';
import { RuntimeError } from './errors.js';

let threads = 1;

/**
 * Sets the number of threads matmul uses; the core falls back to 1 where worker_threads or shared WebAssembly
 * memory is missing, and get_num_threads says what is in effect.
 * @example torch.set_num_threads(2); torch.get_num_threads() // 2 where workers are available
 */
export function set_num_threads(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new RuntimeError(`set_num_threads expects an int, but got ${typeName(n)}`);
  if (n <= 0) throw new RuntimeError('set_num_threads expects a positive integer');
  threads = core.setWasmThreads(n);
}

export function get_num_threads(): number {
  return threads;
}

/** Python's type name of a JS value, as PyTorch's message shows it. */
function typeName(v: unknown): string {
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (v === null || v === undefined) return 'NoneType';
  return Array.isArray(v) ? 'list' : typeof v === 'object' ? (v as object).constructor?.name ?? 'object' : typeof v;
}
