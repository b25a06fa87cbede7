import { Tensor } from '../tensor.js';
import { allocate, floatOf, isFloat, promote, scalarArray, type DType, type TypedArray } from '../dtype.js';
import { fail } from '../errors.js';
import { broadcastShapes, sameShape, type Shape } from '../shape.js';
import { mayRecord, record } from '../autograd/record.js';
import type { GradSpec, Vjp } from '../autograd/node.js';
import type { BinaryKernel } from '../kernels/binary.js';
import { expandInto } from '../kernels/expand.js';
import { register, type CheckSpec, type OpInfo } from './registry.js';

export type TensorLike = Tensor | number;

/** The shape of every number converted to a tensor: shapes are never mutated, so one array serves them all. */
const SCALAR: Shape = [];

/**
 * A JS number as a 0-d tensor beside `like`, following PyTorch's rule for Python scalars: it takes
 * the tensor's float dtype and never widens it; an integer tensor with a fractional number gives float32.
 */
export function scalarLike(v: number | boolean, like: Tensor | null): Tensor {
  const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  let dtype: DType = 'float32';
  if (like !== null) {
    if (isFloat(like.dtype)) dtype = like.dtype;
    else if (typeof v === 'boolean' && like.dtype === 'bool') dtype = 'bool';
    else if (Number.isInteger(n)) dtype = 'int32';
  }
  return new Tensor(SCALAR, dtype, scalarArray(dtype, n));
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
  saves?: ReadonlyArray<'out' | 0>;
  /** 'float' (default): integer inputs give float32; 'same': keeps the dtype; 'bool': a mask. */
  out?: 'float' | 'same' | 'bool';
  /** The attributes used when a call passes none. */
  defaults?: A;
  check?: CheckSpec;
}

/** Defines an elementwise unary op: its kernel, its rule and its metadata, in one record. */
export function unaryOp<A = undefined>(def: UnaryDef<A>): (x: TensorLike, attrs?: A) => Tensor {
  const spec: GradSpec<A> | null = def.vjp ? { name: def.grad, vjp: def.vjp, saves: def.saves ?? [0] } : null;
  const outRule = def.out ?? 'float';
  const fn = (xv: TensorLike, given?: A): Tensor => {
    const x = asTensor(def.name, xv);
    const attrs = given ?? def.defaults;
    const dtype: DType = outRule === 'bool' ? 'bool' : outRule === 'same' ? x.dtype : floatOf(x.dtype);
    const out = new Tensor(x.shape, dtype);
    def.kernel(x.data, out.data, x.size, attrs as A);
    return spec !== null && mayRecord(x, null) ? record(spec, [x], out, attrs as A) : out;
  };
  registerOp(def.name, 'unary', spec !== null, (x: Tensor) => fn(x), def.check);
  return fn;
}

export interface BinaryDef<A> {
  name: string;
  grad: string;
  kernel: BinaryKernel;
  /** Written as if both inputs had the output's shape; the engine sums each cotangent back to its input's shape. */
  vjp?: Vjp<A>;
  saves?: ReadonlyArray<'out' | 0 | 1>;
  /** 'promote' (default): the wider of the two dtypes; 'float': at least float32 (true division); 'bool': a comparison. */
  out?: 'promote' | 'float' | 'bool';
  check?: CheckSpec;
}

/** Defines a broadcasting binary op in one record; numbers are accepted on either side. */
export function binaryOp<A = undefined>(def: BinaryDef<A>): (x: TensorLike, y: TensorLike, attrs?: A) => Tensor {
  const spec: GradSpec<A> | null = def.vjp
    ? { name: def.grad, vjp: def.vjp, saves: def.saves ?? [0, 1], unbroadcast: true }
    : null;
  const outRule = def.out ?? 'promote';
  const fn = (xv: TensorLike, yv: TensorLike, attrs?: A): Tensor => {
    // NOTE: `operands`, inlined: this is the hottest path of scalar code (the notebook's), and the tuple costs.
    const x = xv instanceof Tensor ? xv : asTensor(def.name, xv, yv instanceof Tensor ? yv : null);
    const y = yv instanceof Tensor ? yv : asTensor(def.name, yv, x);
    const common = promote(x.dtype, y.dtype);
    const dtype: DType = outRule === 'bool' ? 'bool' : outRule === 'float' ? floatOf(common) : common;
    const out = new Tensor(broadcastShapes(def.name, x.shape, y.shape), dtype);
    runBinary(def.kernel, x, y, out);
    return spec !== null && mayRecord(x, y) ? record(spec, [x, y], out, attrs as A) : out;
  };
  registerOp(def.name, def.out === 'bool' ? 'compare' : 'binary', spec !== null, (x: Tensor, y: Tensor) => fn(x, y), def.check);
  return fn;
}

/** Converts a binary op's operands; a number takes the dtype of the tensor beside it. */
export function operands(op: string, xv: TensorLike, yv: TensorLike): [Tensor, Tensor] {
  if (xv instanceof Tensor) return [xv, asTensor(op, yv, xv)];
  if (yv instanceof Tensor) return [asTensor(op, xv, yv), yv];
  const x = asTensor(op, xv);
  return [x, asTensor(op, yv, x)];
}

/** Runs a binary kernel: scalars are read with stride 0, other broadcast operands are expanded first. */
export function runBinary(kernel: BinaryKernel, x: Tensor, y: Tensor, out: Tensor): void {
  const n = out.size;
  const xa = operandData(x, out.shape, n);
  const ya = operandData(y, out.shape, n);
  kernel(xa, xa.length === n ? 1 : 0, ya, ya.length === n ? 1 : 0, out.data, n);
}

function operandData(t: Tensor, shape: Shape, n: number): TypedArray {
  if (t.size === n || t.size === 1) return t.data;
  const buf = allocate(t.dtype, n);
  expandInto(t.data, t.shape, buf, shape);
  return buf;
}

export function registerOp(name: string, family: OpInfo['family'], differentiable: boolean, fn: (...xs: Tensor[]) => Tensor, check?: CheckSpec): void {
  register({ name, family, differentiable, fn, ...(check ? { check } : {}) });
}

export { sameShape };
