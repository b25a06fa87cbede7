import { Tensor } from '../tensor.js';
import { allocate, floatOf, isFloat, numberArray, promote, scratch, stored, type DType, type Scratch, type TypedArray } from '../dtype.js';
import { fail } from '../errors.js';
import { broadcastShapes, sameShape, type Shape } from '../shape.js';
import { mayRecord, record } from '../autograd/record.js';
import type { GradSpec, ScalarVjp, Vjp } from '../autograd/node.js';
import { mul as mulKernel, type BinaryKernel } from '../kernels/binary.js';
import { expandInto } from '../kernels/expand.js';
import { register, type CheckSpec, type OpInfo } from './registry.js';

/** An operand: a tensor, or a number or boolean (a 0-d tensor beside the other operand, `scalarLike`). */
export type TensorLike = Tensor | number | boolean;

/** The shape of every number converted to a tensor: shapes are never mutated, so one array serves them all. */
const SCALAR: Shape = [];

/**
 * A JS number as a 0-d tensor beside `like`, following PyTorch's rule for Python scalars: it takes
 * the tensor's float dtype and never widens it; an integer tensor with a fractional number gives float32.
 */
export function scalarLike(v: number | boolean, like: Tensor | null): Tensor {
  const dtype = scalarDType(v, like);
  const t = new Tensor(SCALAR, dtype);
  t._value = stored(dtype, typeof v === 'boolean' ? (v ? 1 : 0) : v);
  return t;
}

const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2 };

/**
 * PyTorch's result_type for two tensors: as `promote`, except that a 0-d tensor does not widen a tensor with
 * dimensions of its own category (a float32 vector times a float64 0-d tensor stays float32); of a higher
 * category, it sets the dtype (an int32 vector times a float64 0-d tensor gives float64).
 */
export function resultType(x: Tensor, y: Tensor): DType {
  const a = x.dtype, b = y.dtype;
  if (a === b) return a;
  const xDims = x.shape.length > 0;
  if (xDims === y.shape.length > 0) return promote(a, b);
  const dims = xDims ? a : b, zero = xDims ? b : a;
  return CATEGORY[zero] > CATEGORY[dims] ? zero : dims;
}

/**
 * PyTorch's result type of several tensors (ResultTypeState): the tensors with dimensions promote among themselves,
 * so do the 0-d ones, and those set the dtype only when of a higher category (an int32 vector and a float64 0-d
 * tensor give float64; a float32 vector and a float64 0-d tensor stay float32).
 */
export function resultTypeOf(ts: readonly Tensor[]): DType {
  let dims: DType | null = null, zeros: DType | null = null;
  for (const t of ts) {
    if (t.rank > 0) dims = dims === null ? t.dtype : promote(dims, t.dtype);
    else zeros = zeros === null ? t.dtype : promote(zeros, t.dtype);
  }
  if (dims === null) return zeros!;
  if (zeros === null) return dims;
  return CATEGORY[zeros] > CATEGORY[dims] ? zeros : dims;
}

/** The dtype `scalarLike` gives a JS number or boolean beside `like`. */
function scalarDType(v: number | boolean, like: Tensor | null): DType {
  if (like === null) return 'float32';
  if (isFloat(like.dtype)) return like.dtype;
  if (typeof v === 'boolean') return like.dtype === 'bool' ? 'bool' : 'int32';
  // NOTE: -0 is no integer: only a float computation makes it (PyTorch's Python -0.0: int64 fmod(-0.0) is NaN, not an error)
  return Number.isInteger(v) && !Object.is(v, -0) ? 'int32' : 'float32';
}

// The scalar path: a one-element tensor keeps its element as a number (see Tensor._data), so its kernel reads and
// writes reused one-element arrays: one per dtype for each operand and one for the result, read back at once.
const IN0 = scratch(), IN1 = scratch(), OUT = scratch();

/** What a unary kernel reads for `t`: its storage, or `s`'s array holding the element of a one-element tensor. */
function operandArray(t: Tensor, s: Scratch): TypedArray {
  return t._data ?? (t.size === 1 ? numberArray(s, t.dtype, t._value) : t.data);
}

/**
 * What a binary kernel reads for `t` beside an output of `n` elements: its storage, or `s`'s array holding the one
 * value of a tensor that stores none (one element, or `filled`), read with stride 0.
 */
function strided(t: Tensor, s: Scratch): TypedArray {
  return t._data ?? numberArray(s, t.dtype, t._value);
}

/** Where a kernel writes `out`: its storage, or the result array that `settle` reads back. */
function resultArray(out: Tensor): TypedArray {
  return out._data ?? OUT[out.dtype];
}

function settle(out: Tensor, written: TypedArray): Tensor {
  if (out._data === null) out._value = written[0]!;
  return out;
}

/**
 * Binary kernel `k` on one element of `dtype` per operand: exactly what the op gives for one-element tensors. The
 * scalar rules are written with it and `unary1`, so the scalar lane computes what the tensor rules compute.
 */
export function binary1<A>(k: BinaryKernel<A>, a: number, b: number, dtype: DType, attrs?: A): number {
  const o = OUT[dtype];
  k(numberArray(IN0, dtype, a), 1, numberArray(IN1, dtype, b), 1, o, 1, attrs as A);
  return o[0]!;
}

/**
 * `binary1(K.mul, a, b, dtype)` without the arrays, for the scalar rules: each operand taken in the dtype (a constant
 * such as alpha is rounded, as the operand array stores it), the product rounded once, as the kernel stores it.
 */
export function mul1(a: number, b: number, dtype: DType): number {
  if (dtype === 'float32') return Math.fround(Math.fround(a) * Math.fround(b));
  return dtype === 'float64' ? a * b : binary1(mulKernel, a, b, dtype);
}

/** Unary kernel `k` on one element of `dtype` (see `binary1`). */
export function unary1<A>(k: UnaryKernel<A>, x: number, dtype: DType, attrs?: A): number {
  const o = OUT[dtype];
  k(numberArray(IN0, dtype, x), o, 1, attrs as A);
  return o[0]!;
}

export function asTensor(op: string, v: unknown, like: Tensor | null = null): Tensor {
  if (v instanceof Tensor) return v;
  if (typeof v === 'number' || typeof v === 'boolean') return scalarLike(v, like);
  return fail('type', `${op}: expected a tensor or a number, got ${v === null ? 'null' : typeof v}`);
}

export type UnaryFn<A = undefined> = (x: TensorLike, attrs?: A) => Tensor;
export type BinaryFn<A = undefined> = (x: TensorLike, y: TensorLike, attrs?: A) => Tensor;

type UnaryKernel<A> = (x: TypedArray, out: TypedArray, n: number, attrs: A) => void;

export interface UnaryDef<A> {
  name: string;
  /** PyTorch's grad_fn name, e.g. `TanhBackward0`. */
  grad: string;
  kernel: UnaryKernel<A>;
  vjp?: Vjp<A>;
  /** The rule on one-element numbers, for the engine's scalar lane (autograd/lane.ts): the same kernels, in the same order. */
  scalar?: ScalarVjp<A>;
  saves?: ReadonlyArray<'out' | 0>;
  /** 'float' (default): integer inputs give float32; 'same': keeps the dtype; 'bool': a mask. */
  out?: 'float' | 'same' | 'bool';
  /** The attributes used when a call passes none. */
  defaults?: A;
  check?: CheckSpec;
}

/** Defines an elementwise unary op: its kernel, its rule and its metadata, in one record. */
export function unaryOp<A = undefined>(def: UnaryDef<A>): (x: TensorLike, attrs?: A) => Tensor {
  const spec: GradSpec<A> | null = def.vjp ? { name: def.grad, vjp: def.vjp, saves: def.saves ?? [0], unbroadcast: false, scalar: def.scalar, passes: undefined } : null;
  const outRule = def.out ?? 'float';
  const fn = (xv: TensorLike, given?: A): Tensor => {
    const x = asTensor(def.name, xv);
    const attrs = given ?? def.defaults;
    const dtype: DType = outRule === 'bool' ? 'bool' : outRule === 'same' ? x.dtype : floatOf(x.dtype);
    const out = new Tensor(x.shape, dtype);
    const o = resultArray(out);
    def.kernel(operandArray(x, IN0), o, x.size, attrs as A);
    settle(out, o);
    return spec !== null && mayRecord(x, null) ? record(spec, [x], out, attrs as A, x.size === 1 && dtype === x.dtype) : out;
  };
  registerOp(def.name, 'unary', spec !== null, (x: Tensor) => fn(x), def.check);
  return fn;
}

export interface BinaryDef<A> {
  name: string;
  grad: string;
  kernel: BinaryKernel<A>;
  /**
   * The kernel on one element, for a float result: the double it stores, before the store's rounding (kernels/binary.ts
   * `addOne`). Scalar code's ops run it instead of the kernel's loop over one-element arrays.
   */
  one?: (a: number, b: number) => number;
  /** Written as if both inputs had the output's shape; the engine sums each cotangent back to its input's shape. */
  vjp?: Vjp<A>;
  /** The rule on one-element numbers (see `UnaryDef.scalar`). */
  scalar?: ScalarVjp<A>;
  /** The inputs to which `vjp` gives `g` itself (see `GradSpec.passes`). */
  passes?: readonly [boolean, boolean];
  /** Which saved entries each input's gradient reads (see `GradSpec.reads`). */
  reads?: ReadonlyArray<ReadonlyArray<'out' | 0 | 1>>;
  /** PyTorch's grad_fn name when the first operand is a number (pow(Scalar, Tensor) records PowBackward2). */
  gradNumberFirst?: string;
  saves?: ReadonlyArray<'out' | 0 | 1>;
  /** 'promote' (default): the wider of the two dtypes; 'float': at least float32 (true division); 'bool': a comparison. */
  out?: 'promote' | 'float' | 'bool';
  /** The attributes used when a call passes none. */
  defaults?: A;
  check?: CheckSpec;
}

/** Defines a broadcasting binary op in one record; numbers are accepted on either side. */
export function binaryOp<A = undefined>(def: BinaryDef<A>): (x: TensorLike, y: TensorLike, attrs?: A) => Tensor {
  const spec: GradSpec<A> | null = def.vjp
    ? { name: def.grad, vjp: def.vjp, saves: def.saves ?? [0, 1], reads: def.reads, unbroadcast: true, scalar: def.scalar, passes: def.passes }
    : null;
  const numberFirst: GradSpec<A> | null = spec !== null && def.gradNumberFirst !== undefined ? { ...spec, name: def.gradNumberFirst, firstEdge: 1 } : null;
  const outRule = def.out ?? 'promote';
  const outDType = (common: DType): DType => (outRule === 'bool' ? 'bool' : outRule === 'float' ? floatOf(common) : common);
  // NOTE: a number beside a tensor that nothing records (a backward pass's `g * 2`, `1 - t`, any unrecorded code)
  // needs no 0-d tensor: the kernel reads it from a reused one-element array of the dtype that tensor would have had.
  // Scalar code makes many such numbers, and a typed array costs as much as the op's arithmetic many times over.
  const withNumber = (t: Tensor, v: number, numberFirst: boolean, attrs: A): Tensor => {
    const vd = scalarDType(v, t);
    const out = new Tensor(t.shape, outDType(promote(t.dtype, vd)));
    const n = out.size;
    const s = numberArray(IN1, vd, v);
    const sv = n === 1 ? 1 : 0;
    const a = strided(t, IN0), o = resultArray(out);
    const sa = a.length === n ? 1 : 0;
    if (numberFirst) def.kernel(s, sv, a, sa, o, n, attrs);
    else def.kernel(a, sa, s, sv, o, n, attrs);
    return settle(out, o);
  };
  const fn = (xv: TensorLike, yv: TensorLike, given?: A): Tensor => {
    const attrs = (given ?? def.defaults) as A;
    if (xv instanceof Tensor) {
      if (typeof yv === 'number' && (spec === null || !mayRecord(xv, null))) return withNumber(xv, yv, false, attrs);
    } else if (typeof xv === 'number' && yv instanceof Tensor && (spec === null || !mayRecord(yv, null))) return withNumber(yv, xv, true, attrs);
    // NOTE: `operands`, inlined: this is the hottest path of scalar code (the notebook's), and the tuple costs.
    const x = xv instanceof Tensor ? xv : asTensor(def.name, xv, yv instanceof Tensor ? yv : null);
    const y = yv instanceof Tensor ? yv : asTensor(def.name, yv, x);
    const one = x.size === 1 && y.size === 1 && x.dtype === y.dtype && x.shape.length === y.shape.length;
    const out = one ? oneByOne(def.kernel, def.one, x, y, outDType(x.dtype), attrs) : broadcasting(def.name, def.kernel, x, y, outDType, attrs);
    if (spec === null || !mayRecord(x, y)) return out;
    return record(numberFirst !== null && typeof xv === 'number' ? numberFirst : spec, [x, y], out, attrs, one && out.dtype === x.dtype);
  };
  registerOp(def.name, def.out === 'bool' ? 'compare' : 'binary', spec !== null, (x: Tensor, y: Tensor) => fn(x, y), def.check);
  return fn;
}

/**
 * A binary op on two one-element tensors of one dtype and rank (every op of scalar code, recorded or not): the kernel
 * on their two numbers, as `runBinary` would run it, without the broadcasting, promotion and operand arrays.
 */
function oneByOne<A>(kernel: BinaryKernel<A>, one: ((a: number, b: number) => number) | undefined, x: Tensor, y: Tensor, dtype: DType, attrs: A): Tensor {
  const out = new Tensor(x.shape, dtype, null);
  if (one !== undefined && (dtype === 'float32' || dtype === 'float64')) {
    const v = one(x.first, y.first);
    out._value = dtype === 'float32' ? Math.fround(v) : v;
    return out;
  }
  const o = OUT[dtype];
  kernel(numberArray(IN0, x.dtype, x.first), 1, numberArray(IN1, x.dtype, y.first), 1, o, 1, attrs);
  out._value = o[0]!;
  return out;
}

/** A binary op in general: the result's shape and dtype, and `runBinary`. */
function broadcasting<A>(name: string, kernel: BinaryKernel<A>, x: Tensor, y: Tensor, outDType: (common: DType) => DType, attrs: A): Tensor {
  const common = resultType(x, y);
  const out = new Tensor(broadcastShapes(name, x.shape, y.shape), outDType(common));
  runBinary(kernel, x, y, out, attrs, common);
  return out;
}

/** Converts a binary op's operands; a number takes the dtype of the tensor beside it. */
export function operands(op: string, xv: TensorLike, yv: TensorLike): [Tensor, Tensor] {
  if (xv instanceof Tensor) return [xv, asTensor(op, yv, xv)];
  if (yv instanceof Tensor) return [asTensor(op, xv, yv), yv];
  const x = asTensor(op, xv);
  return [x, asTensor(op, yv, x)];
}

/**
 * Runs a binary kernel: scalars are read with stride 0, other broadcast operands are expanded first. A 0-d operand
 * of a wider dtype than `common` (resultType's float64 0-d beside a float32 vector) is read rounded to `common`
 * first, as PyTorch converts it before computing; so is an int32 operand beside a float32 one (an int above 2^24 has
 * no float32 of its own: PyTorch rounds it before the arithmetic). Other dtypes widen exactly.
 */
export function runBinary<A>(kernel: BinaryKernel<A>, x: Tensor, y: Tensor, out: Tensor, attrs: A, common: DType): void {
  const n = out.size;
  const xa = x.dtype === common || x.size !== 1 ? operandData(exact(x, common), out.shape, n, IN0) : numberArray(IN0, common, x.first);
  const ya = y.dtype === common || y.size !== 1 ? operandData(exact(y, common), out.shape, n, IN1) : numberArray(IN1, common, y.first);
  const o = resultArray(out);
  kernel(xa, xa.length === n ? 1 : 0, ya, ya.length === n ? 1 : 0, o, n, attrs);
  settle(out, o);
}

/** `t` as `common` where converting it is not exact (int32 to float32), else `t` itself. */
function exact(t: Tensor, common: DType): Tensor {
  return t.dtype === 'int32' && common === 'float32' ? new Tensor(t.shape, 'float32', Float32Array.from(t.data)) : t;
}

function operandData(t: Tensor, shape: Shape, n: number, s: Scratch): TypedArray {
  if (t.size === n || t.size === 1 || t._data === null) return strided(t, s);
  const buf = allocate(t.dtype, n);
  expandInto(t.data, t.shape, buf, shape);
  return buf;
}

export function registerOp(name: string, family: OpInfo['family'], differentiable: boolean, fn: (...xs: Tensor[]) => Tensor, check?: CheckSpec): void {
  register({ name, family, differentiable, fn, ...(check ? { check } : {}) });
}

export { sameShape };
