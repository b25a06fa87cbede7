import * as core from '@twingrad/core';
import { coreDType, dtypeOf, type DType, type DTypeLike } from './dtypes.js';
import { InvalidArgumentError, ValueError, guarded } from './errors.js';
import { numpyValue, reprTensor, reprVariable, strTensor } from './format.js';
import { pyRepr, pyTypeName } from './py.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * `tf.TensorShape`: a plain array of dimensions that prints as TensorFlow does (`(2, 3)`).
 * @example tf.ones([2, 3]).shape.as_list() // [2, 3]
 */
export class TensorShape extends Array<number> {
  static override get [Symbol.species](): ArrayConstructor { return Array; }
  static of_(dims: readonly number[]): TensorShape {
    return Object.setPrototypeOf([...dims], TensorShape.prototype) as TensorShape;
  }
  get rank(): number { return this.length; }
  get ndims(): number { return this.length; }
  as_list(): number[] { return [...this]; }
  num_elements(): number { return this.reduce((a, d) => a * d, 1); }
  override toString(): string { return fmtShape(this); }
  [INSPECT](): string { return `TensorShape([${this.join(', ')}])`; }
}

/** Python's tuple notation for a shape: `()`, `(2,)`, `(2, 3)`. */
export function fmtShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** What every TF op accepts as a tensor: a Tensor, a Variable, a number, a boolean or nested arrays of them. */
export type TensorInput = TensorBase | core.Tensor | core.ArrayData | readonly TensorInput[];

/**
 * What tf.Tensor and tf.Variable share: shape, dtype, numpy(), printing. The chainable methods (add, mul, ...)
 * are installed by methods.ts from the op table, so that a method and its tf.* function are one code path.
 */
export abstract class TensorBase {
  /** The core tensor, read without telling any tape (use it to hand values to the core). */
  abstract get _t(): core.Tensor;
  /** The core tensor as an op input: a Variable's read tells the recording tapes (TF's variable-accessed hook). */
  abstract _read(): core.Tensor;

  get shape(): TensorShape { return TensorShape.of_(this._t.shape); }
  get dtype(): DType { return dtypeOf(this._t.dtype); }
  get ndim(): number { return this._t.rank; }

  /** A number for a 0-d tensor (a boolean for bool), nested arrays otherwise: NumPy's `.tolist()` of `.numpy()`. */
  numpy(): any { return numpyValue(this._t); }
}

/**
 * `tf.Tensor`: an immutable value. One core tensor shows one facade object (cached in `core.Tensor.wrapper`).
 * @example String(tf.constant([1, 2])) // 'tf.Tensor([1. 2.], shape=(2,), dtype=float32)'
 */
export class Tensor extends TensorBase {
  readonly #t: core.Tensor;
  constructor(t: core.Tensor) {
    super();
    this.#t = t;
  }
  get _t(): core.Tensor { return this.#t; }
  _read(): core.Tensor { return this.#t; }
  override toString(): string { return strTensor(this._t); }
  [INSPECT](): string { return strTensor(this._t); }
  /** Python's repr: `<tf.Tensor: shape=(), dtype=float32, numpy=6.0>`. */
  __repr__(): string { return reprTensor(this._t); }
}

/** The facade Tensor of a core tensor: the cached one, or a new one that is cached. */
export function wrap(t: core.Tensor): Tensor {
  const w = t.wrapper;
  if (w instanceof Tensor) return w;
  const made = new Tensor(t);
  if (w === undefined) t.wrapper = made;
  return made;
}

/** A core tape that knows TF's per-tape options and which variables it watches (and every value read from them). */
export class TfTape extends core.Tape {
  /** Variables watched explicitly (tape.watch(v)), watched on every read even when not trainable; made on first use. */
  explicit: Set<Variable> | null = null;
  /** Every value of each watched variable that was read while this tape recorded, in order of first watch. */
  readonly reads = new Map<Variable, core.Tensor[]>();
  constructor(readonly watchAccessed: boolean) {
    super();
  }

  /** The read noted last: noting it again changes nothing, and scalar code reads one variable many times. */
  #lastVariable: Variable | null = null;
  #lastValue: core.Tensor | null = null;

  /** Whether a read of `v` is watched: a trainable variable's while watching accessed variables, or an explicitly watched one. */
  watchesReadOf(v: Variable): boolean {
    return (v.trainable && this.watchAccessed) || (this.explicit !== null && this.explicit.has(v));
  }

  watchVariable(v: Variable, t: core.Tensor): void {
    if (t === this.#lastValue && v === this.#lastVariable) return;
    if (!this.watch(t)) return;
    const list = this.reads.get(v);
    if (list === undefined) this.reads.set(v, [t]);
    else if (!list.includes(t)) list.push(t);
    this.#lastVariable = v;
    this.#lastValue = t;
  }
}

let variableCount = 0;

/** TF's VariableWatcher: the trainable variables read while one is active (tf.custom_gradient's `variables`). */
export const variableWatchers: Array<Set<Variable>> = [];

/**
 * `tf.Variable`: a mutable slot holding a core tensor. `assign*` replace that tensor with a new leaf, so what was
 * recorded before keeps the old value (TensorFlow's reads are snapshots). Trainable variables read while a tape
 * records are watched by it (unless `watch_accessed_variables: false`).
 *
 * For code built on the core (the optimizers): `v._t` is the current core tensor (read without watching),
 * `v.assign(t)` accepts a core tensor of the variable's shape and dtype (and copies it), and `v._adopt(t)` keeps a
 * core tensor that the caller made for it and no longer uses, without a copy.
 * @example
 * const v = new tf.Variable(2.0);
 * v.assign_add(1); v.numpy() // 3
 */
export class Variable extends TensorBase {
  #value: core.Tensor;
  readonly trainable: boolean;
  /** `Variable:0` unless named: in eager mode TensorFlow does not make variable names unique. */
  readonly name: string;
  /** Creation order, for `watched_variables()`. */
  readonly _id = variableCount++;

  constructor(initial_value: TensorInput | (() => TensorInput), options: { trainable?: boolean; name?: string; dtype?: DTypeLike } = {}) {
    super();
    const init = typeof initial_value === 'function' ? initial_value() : initial_value;
    if (init === null || init === undefined) throw new ValueError('initial_value must be specified.');
    const dtype = coreDType(options.dtype);
    const t = guarded(null, () => convert(init, dtype));
    this.#value = freshLeaf(t);
    this.trainable = options.trainable ?? true;
    this.name = `${options.name ?? 'Variable'}:0`;
  }

  get _t(): core.Tensor { return this.#value; }

  _read(): core.Tensor {
    const t = this.#value;
    if (variableWatchers.length > 0 && this.trainable) for (const w of variableWatchers) w.add(this);
    if (core.mode.tapes.length > 0) {
      noteRead(this, t);
      return t;
    }
    // NOTE: TF's every read is a tensor of its own, connected to the variable only on the tapes recording it. A read
    // while none records (before a tape, inside stop_recording) is a snapshot: later recording must not see through
    // it to the variable, as it would through the value a tape watches. (The value is never written in place.)
    const snapshot = new core.Tensor(t.shape, t.dtype, t._data);
    snapshot._value = t._value;
    return snapshot;
  }

  /** The current value as a Tensor (a read: watched by recording tapes as any read is). */
  value(): Tensor { return wrap(this._read()); }
  read_value(): Tensor { return this.value(); }

  /**
   * Replaces the value; returns the variable. Accepts anything convertible, or a core tensor. A tensor, a variable
   * or a core tensor is copied: another variable or a recorded op may still read it, and two variables must never
   * share a value (their reads would be one tensor, and a tape would sum their gradients).
   */
  assign(value: TensorInput): this {
    const t = value instanceof core.Tensor ? value : guarded(null, () => convert(value, this.#value.dtype));
    this.#set(t, !(value instanceof core.Tensor || value instanceof TensorBase));
    return this;
  }

  assign_add(delta: TensorInput): this {
    return this.#update('AssignAddVariableOp', delta, core.add);
  }

  assign_sub(delta: TensorInput): this {
    return this.#update('AssignSubVariableOp', delta, core.sub);
  }

  /** Takes `t` as the new value without a copy: the caller made it for this variable and keeps no use of it. */
  _adopt(t: core.Tensor): this {
    this.#set(t, true);
    return this;
  }

  /** assign_add / assign_sub: TensorFlow's kernels update in place, so the delta must have the variable's shape. */
  #update(op: string, delta: TensorInput, f: (a: core.Tensor, b: core.Tensor | number) => core.Tensor): this {
    const cur = this.#value;
    // TF converts the delta with convert_to_tensor(delta, dtype=self.dtype): a tensor of another dtype is a ValueError
    const d = delta instanceof TensorBase ? convert(delta, cur.dtype) : operand(delta, cur.dtype);
    const shape = typeof d === 'number' ? [] : d.shape;
    if (!core.sameShape(shape, cur.shape)) {
      // the kernel's TensorShape::DebugString: [2,3]
      throw new InvalidArgumentError(`Cannot update variable with shape [${cur.shape.join(',')}] using a Tensor with shape [${shape.join(',')}], shapes must be equal. [Op:${op}]`, op);
    }
    this.#set(guarded(op, () => core.withoutTapes(() => f(cur, d))), true);
    return this;
  }

  /** `fresh`: `t` is held by nothing else and has no history, so it can be kept as it is. */
  #set(t: core.Tensor, fresh: boolean): void {
    const cur = this.#value;
    if (!core.sameShape(t.shape, cur.shape)) {
      throw new ValueError(`Cannot assign value to variable ' ${this.name}': Shape mismatch.The variable shape ${fmtShape(cur.shape)}, and the assigned value shape ${fmtShape(t.shape)} are incompatible.`);
    }
    if (t.dtype !== cur.dtype) {
      throw new TypeError(`Cannot convert ${this.name}'s new value of dtype ${t.dtype} to the variable's dtype ${cur.dtype}`);
    }
    this.#value = fresh && t.node === null && t !== cur ? t : freshLeaf(t);
    // an assign inside a tape accesses the variable (resource_variable_ops' _lazy_read -> variable_accessed)
    if (core.mode.tapes.length > 0) noteRead(this, this.#value);
  }

  override toString(): string { return reprVariable(this.name, this._t); }
  [INSPECT](): string { return reprVariable(this.name, this._t); }
  __repr__(): string { return reprVariable(this.name, this._t); }
}

/** A copy of `t` with its own storage and no history. */
function freshLeaf(t: core.Tensor): core.Tensor {
  return core.clone(t, false);
}

/** TF's variable-accessed hook: every recording TF tape that should watch `v` watches this read. */
function noteRead(v: Variable, t: core.Tensor): void {
  const tapes = core.mode.tapes;
  for (let i = 0; i < tapes.length; i++) {
    const tape = tapes[i];
    if (tape instanceof TfTape && tape.watchesReadOf(v)) tape.watchVariable(v, t);
  }
}

/**
 * THE conversion of an op argument to a core tensor: Tensors, Variables (a read), core tensors, numbers, booleans,
 * nested arrays (which may hold tensors: they are stacked, as TF packs them). `dtype` applies to Python-like values.
 * NOTE: TensorFlow makes int32 of Python ints, but JavaScript cannot tell 2 from 2.0: numbers give float32 unless
 * a dtype is given (or, in a binary op, the other operand's dtype).
 */
export function convert(v: unknown, dtype?: core.DType): core.Tensor {
  if (v instanceof TensorBase) {
    if (dtype !== undefined && v._t.dtype !== dtype) {
      // resource_variable_ops.py _dense_var_to_tensor refuses before reading; tensor_conversion_registry's function
      // for tensors quotes the tensor's repr ({v!r})
      if (v instanceof Variable) {
        throw new ValueError(`Incompatible type conversion requested to type ${dtype} for \`tf.Variable of type ${v._t.dtype}. (Variable: ${reprVariable(v.name, v._t)})`);
      }
      throw new ValueError(`Tensor conversion requested dtype ${dtype} for Tensor with dtype ${v._t.dtype}: ${reprTensor(v._t)}`);
    }
    return v._read();
  }
  if (v instanceof core.Tensor) return v;
  if (typeof v === 'number' || typeof v === 'boolean') {
    // pywrap_tensor.cc: a Python number converts to int32 only if it is an int, and to bool never (IsCompatible)
    if ((dtype === 'int32' && !integral(v)) || (dtype === 'bool' && typeof v !== 'boolean')) throw cannotConvert(v, dtype);
    return core.fromArray(v, dtype ?? (typeof v === 'boolean' ? 'bool' : 'float32'));
  }
  if (Array.isArray(v)) {
    if (holdsTensor(v)) return core.stack(v.map((e) => convert(e, dtype)), 0);
    if (v.length > 0 && !isNestedNumbers(v)) throw unsupported(firstLeaf(v));
    checkSequence(v, dtype);
    try {
      return core.fromArray(v as core.ArrayData, dtype, 'constant');
    } catch (e) {
      // py_seq_tensor.cc's Converter::Helper: a sequence shorter or longer than its first, or a number where a
      // sequence is expected, is ErrorRectangular; a sequence where a number is expected fails ConvertScalar,
      // ErrorMixedTypes
      if (!(e instanceof core.TwingradError) || !e.message.startsWith('constant: ragged nested sequence')) throw e;
      if (e.message.endsWith('expected a scalar, got a sequence')) throw new ValueError("Can't convert Python sequence with mixed types to Tensor.");
      throw new ValueError("Can't convert non-rectangular Python sequence to Tensor.");
    }
  }
  // NOTE: a typed array is NumPy's case, cast with NPY_ARRAY_FORCECAST: any dtype, nonzero is true
  if (ArrayBuffer.isView(v)) return core.fromArray(v as core.TypedArray, dtype);
  throw unsupported(v);
}

/**
 * py_seq_tensor.cc's PySeqToTFE_TensorHandle for a nested list: the dtype inferred from the first element (a bool
 * for a boolean), the requested dtype's converter tried first, then the inferred one's. A bool converter takes only
 * True and False, so a list led by a boolean holding a number is "mixed types" unless a numeric dtype was asked
 * for (ConvertOneFloat takes True as 1.0; the int32 converter takes it too, but not a fractional number); a list led
 * by a number converts to a number type, which pywrap_tensor.cc's IsCompatible refuses to make bool.
 */
function checkSequence(v: readonly unknown[], dtype: core.DType | undefined): void {
  let first: unknown = v;
  while (Array.isArray(first) && first.length > 0) first = first[0];
  if (typeof first === 'boolean') {
    if (!hasNumber(v)) return;
    if (dtype === 'float32' || dtype === 'float64' || (dtype === 'int32' && integral(v))) return;
    throw new ValueError("Can't convert Python sequence with mixed types to Tensor.");
  }
  if (dtype === 'bool' && hasNumber(v)) throw cannotConvert(v, dtype);
  if (dtype === 'int32' && !integral(v)) throw cannotConvert(v, dtype);
}

function hasNumber(v: unknown): boolean {
  if (typeof v === 'number') return true;
  if (Array.isArray(v)) for (const e of v) if (hasNumber(e)) return true;
  return false;
}

function holdsTensor(v: readonly unknown[]): boolean {
  for (const e of v) if (e instanceof TensorBase || e instanceof core.Tensor || (Array.isArray(e) && holdsTensor(e))) return true;
  return false;
}

/** What py_seq_tensor.cc infers a nested list's type from: the first element of each level down (an empty list ends it). */
function firstLeaf(v: unknown): unknown {
  let p: unknown = v;
  while (Array.isArray(p) && p.length > 0) p = p[0];
  return p;
}

function isNestedNumbers(v: unknown): boolean {
  const p = firstLeaf(v);
  return Array.isArray(p) || typeof p === 'number' || typeof p === 'boolean';
}

/**
 * Whether every number in `v` is one TensorFlow would take as an int32: a Python int. NOTE: JavaScript cannot tell
 * 2 from 2.0, so an integral number counts as an int; TF also refuses the float 2.0, which cannot be seen here.
 */
function integral(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v);
  if (Array.isArray(v)) {
    for (const e of v) if (!integral(e)) return false;
  }
  return true;
}

/** pywrap_tensor.cc's refusal to convert a Python value to an EagerTensor of `dtype` (it quotes the whole value's repr). */
export function cannotConvert(v: unknown, dtype: core.DType): TypeError {
  return new TypeError(`Cannot convert ${pyRepr(v)} to EagerTensor of dtype ${dtype}`);
}

/** py_seq_tensor.cc's refusal of a value of no tensor type: its repr and its type's repr (`<class 'NoneType'>`). */
function unsupported(v: unknown): ValueError {
  // NOTE: an InvalidArgument status there, which reaches Python as a ValueError
  return new ValueError(`Attempt to convert a value (${pyRepr(v)}) with an unsupported type (<class '${pyTypeName(v)}'>) to a Tensor.`);
}

/**
 * An operand of an elementwise op: TF converts a Python scalar or list with the other operand's dtype (`hint`).
 * Beside a float tensor a number stays a number (the core gives it the tensor's float dtype and rounds it to it);
 * beside an int32 or bool tensor it becomes a 0-d tensor of that dtype here, so that no promotion rule of the core
 * decides the result's dtype (TensorFlow never promotes), or TF's TypeError when it cannot be converted.
 */
export function operand(v: unknown, hint?: core.DType): core.Tensor | number {
  if (typeof v === 'number') {
    if (hint === undefined || hint === 'float32' || hint === 'float64') return v;
    // NOTE: TF converts no number to bool (not even 0 or 1), and no float to int32
    if (hint === 'bool' || !Number.isInteger(v)) throw cannotConvert(v, hint);
    return core.scalar(v, hint);
  }
  if (v instanceof TensorBase) return v._read();
  if (v instanceof core.Tensor) return v;
  return convert(v, hint);
}

/** The dtype a value would take beside a tensor (for converting the other operand). */
export function dtypeHint(v: unknown): core.DType | undefined {
  return v instanceof TensorBase ? v._t.dtype : v instanceof core.Tensor ? v.dtype : undefined;
}


/** Python's `repr(x)` of a tensor or variable: `<tf.Tensor: shape=(), dtype=float32, numpy=6.0>`. */
export function repr(x: TensorBase): string {
  return x instanceof Variable ? reprVariable(x.name, x._t) : reprTensor(x._t);
}
