/**
 * PyTorch's exceptions: Python's builtins as JavaScript Error subclasses with Python's names, and `translate`,
 * the one place a core `TwingradError` becomes the exception PyTorch raises for the same mistake.
 * The facade raises these classes itself; core errors are translated where they cross into the facade
 * (see core.ts).
 *
 * @example
 * try { torch.ones(2, 3).sum(2); } catch (e) {
 *   e instanceof torch.IndexError; // true
 *   String(e);                     // 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)'
 * }
 */
import { TwingradError, type ErrorKind } from '@twingrad/core';

/** Python's RuntimeError: what ATen's checks raise (shapes, dtypes, most bad values, autograd misuse). */
export class RuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}

/** Python's IndexError: a dimension or an index out of range. */
export class IndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexError';
  }
}

/** Python's ValueError: bad values caught in PyTorch's Python layer (optimizer options, reductions, slicing). */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** Python's NotImplementedError (F.pad's non-constant modes on unsupported ranks). */
export class NotImplementedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotImplementedError';
  }
}

/** Python's AssertionError (torch's CUDA check on a build without CUDA). */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

/** Python's AttributeError (torch.autograd's `out.requires_grad` on an output that is not a tensor). */
export class AttributeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttributeError';
  }
}

/** Python's KeyError (lr_scheduler's missing `initial_lr`). */
export class KeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyError';
  }
}

/**
 * Python's TypeError, exported as `torch.TypeError`; a subclass of JavaScript's own TypeError, so
 * `catch (e) { if (e instanceof TypeError) ... }` catches it too. Named TorchTypeError here to keep the builtin in scope.
 */
export class TorchTypeError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'TypeError';
  }
}

type ErrorClass = new (message: string) => Error;

/**
 * The class PyTorch raises for each kind of core error. NOTE: ATen's TORCH_CHECK raises RuntimeError, so bad
 * shapes, dtypes and most bad values are RuntimeError; the ValueErrors come from PyTorch's Python layer and are
 * singled out in WORDS.
 */
const CLASS: Readonly<Record<ErrorKind, ErrorClass>> = {
  shape: RuntimeError, dtype: RuntimeError, value: RuntimeError, runtime: RuntimeError, index: IndexError, type: TorchTypeError,
};

/** PyTorch's ScalarType names of the core dtypes (int32 shows as torch.int64, so as Long). */
const SCALAR_TYPE: Readonly<Record<string, string>> = { float32: 'Float', float64: 'Double', int32: 'Long', bool: 'Bool' };
/** ATen's ScalarType name of a core dtype, as its "expected scalar type" and "not implemented for" texts print it. */
export const scalarType = (d: string): string => SCALAR_TYPE[d]!;
const dims = (s: string): number[] => (s === '' ? [] : s.split(',').map(Number));
/** `[2,3]` as PyTorch prints a size list: `[2, 3]`. */
const spaced = (s: string): string => s.replace(/,/g, ', ');

/** PyTorch's broadcast error names the first mismatching dimension from the right, numbered in the result. */
function sizeMismatch(a: number[], b: number[]): string | null {
  const n = Math.max(a.length, b.length);
  for (let i = n - 1; i >= 0; i--) {
    const da = a[i - n + a.length] ?? 1, db = b[i - n + b.length] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`;
  }
  return null;
}

/** matmul's error in PyTorch's words for matrix (or vector) by matrix, vector by vector and bmm; null otherwise. */
export function matmulMismatch(a: number[], b: number[]): string | null {
  if (a.length === 3 && b.length === 3 && a[0] === b[0]) {
    return `Expected size for first two dimensions of batch2 tensor to be: [${a[0]}, ${a[2]}] but got: [${b[0]}, ${b[1]}].`;
  }
  if (a.length === 1 && b.length === 1) {
    return `inconsistent tensor size, expected tensor [${a[0]}] and src [${b[0]}] to have the same number of elements, but got ${a[0]} and ${b[0]} elements respectively`;
  }
  // PyTorch 1.13 folds a batch times a vector or matrix into rows for mv or mm, and a vector or matrix times a batch
  // too, as (b^T a^T)^T: its error then names the folded, transposed operands
  const fold = a.length >= 3 && b.length <= 2 ? [a, b] : b.length >= 3 && a.length <= 2 ? [[...b.slice(0, -2), b[b.length - 1]!, b[b.length - 2]!], [...a].reverse()] : null;
  const [big, small] = fold ?? [a, b];
  if (big.length > 1 && small.length === 1) {
    const rows = big.slice(0, -1).reduce((p, d) => p * d, 1);
    return `size mismatch, got ${rows}, ${rows}x${big[big.length - 1]},${small[0]}`;
  }
  if (small.length !== 2) return null;
  const [m, k] = big.length === 1 ? [1, big[0]] : [big.slice(0, -1).reduce((p, d) => p * d, 1), big[big.length - 1]];
  return `mat1 and mat2 shapes cannot be multiplied (${m}x${k} and ${small[0]}x${small[1]})`;
}

/** A core message PyTorch words differently: its pattern, PyTorch's text (null: keep the core's), and the class if not the kind's. */
type Rewrite = readonly [RegExp, (m: string[]) => string | null, ErrorClass?];
const OP = String.raw`^[\w.]+: `;
const SHAPE = String.raw`\[([-\d,]*)\]`;

/** PyTorch's words for the core's messages, checked in order; each recorded from PyTorch 1.13 (see test/errors.test.ts). */
const WORDS: readonly Rewrite[] = [
  // the version error names a node by grad_fn->name(): PyTorch's hand-written nodes in full (see grad_fn.ts)
  [/^(one of the variables needed for gradient computation [^]*, which is output \d+ of )(CopySlices|CopyBackwards)(,[^]*)$/,
    ([, head, name, tail]) => `${head}torch::autograd::${name}${tail}`],
  // the SVD's non-convergence (core kernels/svd.ts): PyTorch's linalg.svd, a LinAlgError (a RuntimeError: the facade's class)
  [/^svdvals: ([^]*)$/, ([, rest]) => `linalg.svd: ${rest}`],
  [new RegExp(`${OP}shapes ${SHAPE} and ${SHAPE} cannot be broadcast$`), ([, a, b]) => sizeMismatch(dims(a!), dims(b!))],
  [new RegExp(`${OP}axis (-?\\d+) is out of range for a tensor of rank \\d+ \\(expected to be in range of (\\[-?\\d+, -?\\d+\\])\\)$`),
    ([, axis, range]) => `Dimension out of range (expected to be in range of ${range}, but got ${axis})`],
  [new RegExp(`${OP}axis (-?\\d+) appears more than once in`), ([, d]) => `dim ${d} appears multiple times in the list of dims`],
  // infer_size: an empty tensor whose other sizes multiply to 0 leaves -1 undetermined (any size fits), its own text
  [new RegExp(`^reshape: shape ${SHAPE} is invalid for input of size (\\d+)$`), ([, s, n]) => (n === '0' && dims(s!).includes(-1)
    ? `cannot reshape tensor of 0 elements into shape [${spaced(s!)}] because the unspecified dimension size -1 can be any value and is ambiguous`
    : `shape '[${spaced(s!)}]' is invalid for input of size ${n}`)],
  [/^reshape: only one dimension can be inferred/, () => 'only one dimension can be inferred'],
  // infer_size names the first negative size other than -1 (the core fails at the first bad entry, as it does)
  [new RegExp(`^reshape: invalid shape ${SHAPE}$`), ([, s]) => {
    const bad = dims(s!).find((d) => d < -1);
    return bad === undefined ? null : `invalid shape dimension ${bad}`;
  }],
  [new RegExp(`${OP}invalid shape ${SHAPE}: dimensions must be non-negative integers$`), ([, s]) => {
    const neg = dims(s!).find((d) => d < 0);
    return neg === undefined ? null : `Trying to create tensor with negative dimension ${neg}: [${spaced(s!)}]`;
  }],
  [new RegExp(`^matmul: shapes ${SHAPE} and ${SHAPE} cannot be multiplied`), ([, a, b]) => matmulMismatch(dims(a!), dims(b!))],
  // matmul broadcasts the batch dims with infer_size, whose error names the first mismatch from the right
  [new RegExp(`^matmul: batch dimensions ${SHAPE} of \\S+(?: \\(transposed\\))? and ${SHAPE} of `), ([, a, b]) => sizeMismatch(dims(a!), dims(b!))],
  [/^matmul: (both arguments to matmul need to be at least 1D.*)$/, ([, rest]) => rest!],
  [/^matmul: expected both operands to have the same dtype, but got (\w+) and (\w+)$/,
    ([, a, b]) => `expected scalar type ${SCALAR_TYPE[a!]} but found ${SCALAR_TYPE[b!]}`],
  [/^where: condition must be a bool tensor, got (\w+)$/, ([, d]) => `where expected condition to be a boolean tensor, but got a tensor with dtype ${SCALAR_TYPE[d!]}`],
  [/^\w+: (result type )(\w+)( can't be cast to the desired output type )(\w+)$/, ([, p, a, q, b]) => `${p}${SCALAR_TYPE[a!]}${q}${SCALAR_TYPE[b!]}`],
  [new RegExp(`${OP}output with shape ${SHAPE} doesn't match the broadcast shape ${SHAPE}$`),
    ([, a, b]) => `output with shape [${spaced(a!)}] doesn't match the broadcast shape [${spaced(b!)}]`],
  [/^concat: zero-dimensional tensor \(at entry (\d+)\) cannot be concatenated$/, ([, i]) => `zero-dimensional tensor (at position ${i}) cannot be concatenated`],
  [new RegExp(`^concat: tensors must have the same rank, got ${SHAPE} at entry \\d+ and ${SHAPE} at entry \\d+$`),
    ([, a, b]) => `Tensors must have same number of dimensions: got ${dims(a!).length} and ${dims(b!).length}`],
  [new RegExp(`^(stack expects each tensor to be equal size, but got )${SHAPE}( at entry \\d+ and )${SHAPE}( at entry \\d+)$`),
    ([, p, a, q, b, r]) => `${p}[${spaced(a!)}]${q}[${spaced(b!)}]${r}`],
  [/^slice: (index -?\d+ is out of bounds for dimension \d+ with size \d+)$/, ([, rest]) => rest!],
  [/^slice: (too many indices for tensor of dimension \d+) \(got \d+\)$/, ([, rest]) => rest!],
  [/^slice: index for axis \d+ must be an integer, got (.*)$/,
    ([, v]) => `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${Number.isNaN(Number(v)) ? 'str' : 'float'})`, IndexError],
  [/^slice: step must be greater than zero, got (\S+)/, ([, s]) => (Number(s) === 0 ? 'slice step cannot be zero' : 'step must be greater than zero'), ValueError],
  [/^tensor: ragged nested sequence at index \[([\d, ]*)\]: expected length (\d+), got (\d+)$/,
    ([, path, want, got]) => `expected sequence of length ${want} at dim ${path === '' ? 0 : path!.split(',').length} (got ${got})`, ValueError],
  [/^tensor: element at index \[[\d, ]*\] is string, expected a number or a boolean$/, () => "new(): invalid data type 'str'"],
  [/^tensor: element at index \[[\d, ]*\] is (null|undefined), expected a number or a boolean$/, () => 'Could not infer dtype of NoneType', RuntimeError],
  // NOTE: the facade reaches the core's gather only through index_select, so its errors are index_select's.
  [/^gather: index -?\d+ is out of range for axis/, () => 'index out of range in self'],
  [/^gather: indices must be an int32 tensor/, () => 'index_select(): Expected dtype int32 or int64 for index'],
  [/^[\w.]+: (Target -?\d+ is out of bounds)/, ([, rest]) => `${rest}.`],
  [/^mse: reduction must be .*, got '(.*)'$/, ([, r]) => `${r} is not a valid value for reduction`, ValueError],
  [/^arange: (step must be nonzero|upper bound and larger bound inconsistent with step sign)/, ([, rest]) => rest!],
  [/^linspace: (number of steps must be non-negative)/, ([, rest]) => rest!],
  [/^pow: (Integers to negative integer powers are not allowed\.)$/, ([, rest]) => rest!],
  [new RegExp(`^transpose: perm ${SHAPE} is not a permutation of the (\\d+) axes`), ([, p, r]) => permuteMismatch(dims(p!), Number(r))],
];

/** permute's errors: a dims list of the wrong length (PyTorch 1.13's text, sparse_coo included), or a repeated dim. */
function permuteMismatch(perm: number[], rank: number): string | null {
  if (perm.length !== rank) {
    return 'permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions ' +
      `i.e. input.dim() = ${rank} is not equal to len(dims) = ${perm.length}`;
  }
  const seen = new Set(perm.map((d) => ((d % rank) + rank) % rank));
  return seen.size < perm.length ? 'permute(): duplicate dims are not allowed.' : null;
}

/**
 * A core error as the exception PyTorch raises for the same mistake, in PyTorch's words where WORDS has them,
 * keeping the core's stack (it shows where the mistake was caught). Anything else passes through unchanged.
 */
export function translate(e: unknown): unknown {
  if (!(e instanceof TwingradError)) return e;
  let Class = CLASS[e.kind];
  let message = e.message;
  for (const [pattern, words, cls] of WORDS) {
    const m = pattern.exec(message);
    if (m === null) continue;
    message = words(m) ?? message;
    Class = cls ?? Class;
    break;
  }
  const err = new Class(message);
  const frames = e.stack?.indexOf('\n    at ') ?? -1;
  if (frames >= 0) err.stack = `${err.name}: ${message}${e.stack!.slice(frames)}`;
  return err;
}

/** A UserWarning through `process.emitWarning` (Node; `console.warn` elsewhere). */
export function userWarning(message: string): void {
  const p = (globalThis as { process?: { emitWarning?: (m: string, t: string) => void } }).process;
  if (p?.emitWarning) p.emitWarning(message, 'UserWarning');
  else console.warn(`UserWarning: ${message}`);
}

const warned = new Set<string>();
/**
 * `userWarning` once per process for each `key` (by default the message). NOTE: Python's default filter shows a
 * warning once per call site and message; JavaScript has no cheap call site, so a key stands for it.
 */
export function warnOnce(message: string, key = message): void {
  if (warned.has(key)) return;
  warned.add(key);
  userWarning(message);
}
