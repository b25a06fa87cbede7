import { core } from './core.js';
import { AssertionError, AttributeError, IndexError, RuntimeError, TorchTypeError, ValueError, scalarType, warnOnce } from './errors.js';
import { DType as DTypeClass, fromCore, type DType } from './dtype.js';
import { formatTensor } from './format.js';
import * as O from './ops.js';
import { backward as runBackward, type BackwardOptions, type Gradients, type TensorBackwardOptions } from './autograd.js';
import { copyView, detached, isContiguous, requireViaBase, reshaped, stridesOf } from './views.js';
import { type CopyNote, followCopy, followView } from './copies.js';
import { runInplace } from './inplace.js';
import { fnOfNode, type GradFn } from './grad_fn.js';
import { checkHookResult, type RemovableHandle } from './hooks.js';
import { Size } from './size.js';
import { pyType } from './py_type.js';
import { CPU, Device, parseDevice } from './device.js';
import { newFilled, newFull, type CreateOptions } from './factory.js';
import { tensor, type TensorData } from './creation.js';
import { keyword, kw, listKeyword, tensorArg, type SizeList } from './ops/args.js';

/**
 * A facade tensor, a JS number or a boolean (Python's True and False): numbers take the tensor's dtype, PyTorch's rule
 * for Python scalars; a boolean is a bool scalar, which arithmetic takes as a number.
 */
export type TensorLike = Tensor | number | boolean;

const NON_LEAF_GRAD_WARNING =
  "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated " +
  'during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() ' +
  'on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. ' +
  'See github.com/pytorch/pytorch/pull/30531 for more informations.';

const NEW_TENSOR_WARNING = 'To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or ' +
  'sourceTensor.clone().detach().requires_grad_(True), rather than tensor.new_tensor(sourceTensor).';

/** The facade object of a core tensor: one per core tensor, cached in `core.Tensor.wrapper`. */
export function wrap(t: core.Tensor): Tensor {
  const c = t.wrapper;
  if (c instanceof Tensor) return c;
  const x = new Tensor(t);
  t.wrapper = x;
  return x;
}

/** The core tensor behind a facade tensor (numbers and Python's True and False pass through). */
export function unwrap(x: Tensor | number): core.Tensor | number;
export function unwrap(x: TensorLike): core.Tensor | number | boolean;
export function unwrap(x: TensorLike): core.Tensor | number | boolean {
  return x instanceof Tensor ? x._t : x;
}

/** PyTorch's legacy tensor type names, which its hook errors print and type() returns. */
export const TENSOR_TYPE: Readonly<Record<core.DType, string>> = {
  float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int32: 'torch.LongTensor', bool: 'torch.BoolTensor',
};

type DimArg = O.Dim | null | O.DimOptions;
type ClampBound = number | boolean | Tensor | null;
type VarRest = [dim?: O.Dim | null | boolean | O.VarOptions, unbiased?: boolean | O.VarOptions, keepdim?: boolean | O.VarOptions, o?: O.VarOptions];
/** The result of a scalar in-place op on an integer or bool tensor must keep its dtype (PyTorch's check of its out dtype). */
function sameDType(x: core.Tensor, r: core.Tensor): core.Tensor {
  if (r.dtype !== x.dtype && !core.isFloat(x.dtype)) throw new RuntimeError(`Found dtype ${scalarType(x.dtype)} but expected ${scalarType(r.dtype)}`);
  return r;
}
/** Sizes or dims: varargs, one list, or Python's keyword as an options object (`{ shape: [3, 2] }`, ops/args.ts `listKeyword`). */
type SizeArgs = SizeList;
/** Python's `other=` keyword of a binary method, as an options object. */
type Other = { other: TensorLike };
/**
 * `keyword(v, name)` for the methods scalar code calls per op (the notebook's): only a plain object can be the keyword
 * form, and its constructor tells it apart at the cost of one load.
 */
const kwFast = <T>(v: T | Readonly<Record<string, T>>, name: string): T =>
  typeof v === 'object' && v !== null && (v as { constructor?: unknown }).constructor === Object ? keyword(v, name) : (v as T);
/** `kwFast(v, 'other')`: the binary methods' `other=`. */
const kwOther = <T>(v: T | { other: T }): T => kwFast(v, 'other');

/** PyTorch's C++ `is_leaf()`, which requires_grad_ asks: no check of a no_grad view, unlike the Python property. */
function isLeaf(t: core.Tensor): boolean {
  const n = t.node;
  return !t.requiresGrad || n === null || !n.torch;
}

/**
 * PyTorch's torch.Tensor over a core tensor. Make one with `torch.tensor(...)`; reach the core tensor with `_t`
 * and wrap a core tensor with `torch.wrap(t)` (the same facade object each time).
 *
 * NOTE: index, select, narrow, split, chunk, unbind, t, transpose, permute, T, expand and broadcast_to return copies here,
 * where PyTorch returns views: they share the original's version counter and take its values again after it is
 * written in place, and an in-place op (add_, zero_, copy_, ...) on them writes the original, with PyTorch's
 * CopySlices history when recorded (see `viewOf`). view, unsqueeze, squeeze, and reshape and flatten where
 * PyTorch's are views, share storage, as PyTorch's views do.
 *
 * @example
 * const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { requires_grad: true });
 * x.pow(2).sum().backward();
 * String(x.grad); // 'tensor([[ 2.,  4.,  6.],\n        [ 8., 10., 12.]])'
 */
export class Tensor {
  readonly #t: core.Tensor;
  /**
   * The core tensor (for other twingrad packages, e.g. the optimizers); a copy where PyTorch gives a view first takes
   * its values again if the tensor it came from has been written since (`followCopy`), and a view of a tensor that
   * has come to require grad since it was made requires grad through it (`requireViaBase`).
   */
  get _t(): core.Tensor {
    const note = this._copyOf;
    const t = note === null ? this.#t : followCopy(this, this.#t, note);
    if (this._base !== null) {
      if (note === null) followView(this, t);
      if (!t.requiresGrad && t.node === null) requireViaBase(t, this._base);
    }
    return t;
  }
  /** @internal Set by `viewOf`: this tensor is a copy where PyTorch returns a view, so in-place ops on it throw. */
  _copyOf: CopyNote | null;
  /** @internal Set by `viewOf`: the strides PyTorch's tensor would have (null: a new tensor's, see `stridesOf`). */
  _strides: readonly number[] | null;
  /**
   * PyTorch's `_base`: for a view (view, reshape where it views, select, split, t, expand, ...; see `viewOf`), the
   * tensor it views, followed to the first that is not a view; null for any other tensor.
   */
  _base: Tensor | null;

  /** Use `wrap(t)` instead: it keeps one facade object per core tensor. */
  constructor(t: core.Tensor) {
    this.#t = t;
    this._copyOf = null;
    this._strides = null;
    this._base = null;
  }

  // ---- metadata ----
  get shape(): Size { return Size.from(this._t.shape) as Size; }
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number {
    if (dim === undefined) return this.shape;
    // WrapDimUtils.h: a 0-d tensor has no dimension to ask for
    if (this._t.rank === 0) throw new IndexError(`Dimension specified as ${dim} but tensor has no dimensions`);
    return this._t.shape[core.normAxis('size', dim, this._t.rank)]!;
  }
  get dtype(): DType { return fromCore(this._t.dtype); }
  dim(): number { return this._t.rank; }
  get ndim(): number { return this._t.rank; }
  numel(): number { return this._t.size; }
  nelement(): number { return this._t.size; }
  /** Whether PyTorch's tensor would be contiguous (see `stridesOf`): false after t(), a strided index, an expand... */
  is_contiguous(): boolean { return isContiguous(this._t.shape, stridesOf(this)); }
  /** Always `torch.device('cpu')`, twingrad's one device. */
  get device(): Device { return CPU; }
  /** This tensor itself: it is on the CPU already (PyTorch returns self then). */
  cpu(): this { return this; }
  is_floating_point(): boolean { return core.isFloat(this._t.dtype); }

  // ---- autograd state ----
  /**
   * A view requires grad when its base does, as in PyTorch: one made under no_grad is marked when made (`viewOf`), one
   * made before its base's requires_grad was set when its core tensor is next read (`requireViaBase`); both without a
   * grad accumulator of their own (core `gradViaBase`: ops on them are recorded, with no edge to them).
   */
  get requires_grad(): boolean { return this._t.requiresGrad; }
  set requires_grad(v: boolean) {
    if (!isLeaf(this._t)) {
      throw new RuntimeError(v ? 'you can only change requires_grad flags of leaf variables.' :
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    }
    if (v && !core.isFloat(this._t.dtype)) throw new RuntimeError('only Tensors of floating point and complex dtype can require gradients');
    this._setRequiresGrad(v);
  }
  /**
   * A leaf's own flag. PyTorch's view still requires grad through a base that does (VariableHooks::requires_grad:
   * `requires_grad_ || grad_fn || (is_view && base.requires_grad())`), so switching it off leaves such a view
   * requiring grad through its base, with no accumulator of its own (core `gradViaBase`).
   */
  private _setRequiresGrad(v: boolean): void {
    const t = this._t;
    t.requiresGrad = v;
    t.gradViaBase = false;
    if (!v && this._base !== null) requireViaBase(t, this._base);
    // a view made under no_grad stays one: with a base that requires grad, using its history after the base is
    // written is still PyTorch's error (core checkViewRebase, which an op recording it runs for a marked tensor)
    else if (v && this._base?.requires_grad === true && core.viewRebaseError(t, true) !== null) t.checksRebase = true;
  }
  /**
   * python_variable_methods.cpp `THPVariable_requires_grad_`: only requires_grad_(false) is refused on a non-leaf;
   * requires_grad_(true) there changes nothing (a non-leaf requires grad already).
   * NOTE: PyTorch 1.13 words the dtype error without "and complex" here, and with it in the setter.
   */
  requires_grad_(requires_grad = true): this {
    if (!isLeaf(this._t)) {
      if (requires_grad) return this;
      this.requires_grad = false; // the setter's error for a non-leaf
    }
    if (requires_grad && !core.isFloat(this._t.dtype)) throw new RuntimeError('only Tensors of floating point dtype can require gradients');
    this._setRequiresGrad(requires_grad);
    return this;
  }
  /** PyTorch's convention: a tensor that does not require grad is a leaf; so is one no recorded op produced. */
  get is_leaf(): boolean {
    // PyTorch reads grad_fn, which refuses a no_grad view whose storage was written in place since
    core.checkViewRebase(this._t);
    return isLeaf(this._t);
  }
  get grad_fn(): GradFn | null {
    core.checkViewRebase(this._t);
    const n = this._t.node;
    return n !== null && n.torch && this._t.requiresGrad ? fnOfNode(n) : null;
  }
  /** `.grad`: null until a backward pass reaches this leaf; on a non-leaf without retain_grad(), null with PyTorch's warning. */
  get grad(): Tensor | null {
    const g = this._t.grad;
    // NOTE: C++'s is_leaf (the grad_fn field as it is), not the Python property's: reading .grad never raises the
    // error of a view whose history cannot be made again (a no_grad view written since, a piece of split)
    if (g === null && !isLeaf(this._t) && !this._t.retainsGrad) warnOnce(NON_LEAF_GRAD_WARNING);
    return g === null ? null : wrap(g);
  }
  /** python_variable.cpp `THPVariable_set_grad`, its checks in its order (the type before the size). */
  set grad(g: Tensor | null) {
    if (g === null || g === undefined) {
      this._t.grad = null;
      return;
    }
    // NOTE: PyTorch's text has no space before the type name
    if (!(g instanceof Tensor)) throw new TorchTypeError(`assigned grad expected to be a Tensor or None but got grad of type${pyType(g)}`);
    if (g._t === this._t) throw new RuntimeError("can't assign Variable as its own grad");
    if (g._t.dtype !== this._t.dtype) throw new RuntimeError('assigned grad has data of a different type');
    if (!core.sameShape(g._t.shape, this._t.shape)) throw new RuntimeError('assigned grad has data of a different size');
    this._t.grad = g._t;
  }
  get retains_grad(): boolean { return this._t.retainsGrad; }
  retain_grad(): void {
    if (!this.requires_grad) throw new RuntimeError("can't retain_grad on Tensor that has requires_grad=False");
    // C++'s is_leaf, which reads the grad_fn field and never raises (see `grad`)
    if (isLeaf(this._t)) return;
    core.retainGrad(this._t);
  }
  register_hook(hook: (grad: Tensor) => Tensor | void | undefined | null): RemovableHandle {
    if (!this.requires_grad) throw new RuntimeError("cannot register a hook on a tensor that doesn't require gradient");
    // torch/_tensor.py reads self.grad_fn when it makes the tensor's hook dict (its first hook): a view whose history
    // cannot be made again raises there
    if (this._t.hooks === null) core.checkViewRebase(this._t);
    const h = (g: core.Tensor): core.Tensor | void => {
      const r: unknown = hook(wrap(g));
      if (r === undefined || r === null) return undefined;
      if (!(r instanceof Tensor)) throw new TorchTypeError(`expected Variable, but hook returned '${pyType(r)}'`);
      checkHookResult(hook, g, r._t);
      return r._t;
    };
    return { remove: core.addHook(this._t, h) };
  }
  /**
   * Computes the gradient of this tensor with respect to the graph leaves and accumulates it into their `.grad`.
   * Python's keywords may also come as one object: `Q.backward({ gradient: ones, retain_graph: true })`.
   * As in PyTorch, a gradient that is not a tensor (nor an array of them) is a TypeError.
   */
  backward(gradient?: Gradients | TensorBackwardOptions, options?: BackwardOptions): void {
    runBackward(this, gradient, options);
  }
  /** The same storage, outside the graph (not a view: PyTorch's detach() makes a non-differentiable alias). */
  detach(): Tensor {
    return detached(this, core.detach(this._t));
  }
  /**
   * Takes this tensor out of the graph in place: it becomes a leaf that does not require grad. A view is
   * refused, with VariableTypeManual.cpp `detach_`'s error.
   */
  detach_(): this {
    if (this._base !== null) {
      throw new RuntimeError("Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, " +
        'and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these ' +
        'gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.');
    }
    this._t.node = null;
    this._t.requiresGrad = false;
    return this;
  }
  /** A detached tensor sharing storage (PyTorch's `.data`): changes through it are not seen by autograd. */
  get data(): Tensor {
    // its own version counter: in-place changes through `.data` are not seen by the graph's version checks
    const d = core.detach(this._t);
    d.counter = { v: 0 };
    return detached(this, d);
  }
  /**
   * `x.data = t`: x takes t's storage, shape and dtype, and keeps its own autograd state and version counter
   * (python_variable.cpp `THPVariable_set_data`, VariableHooks::set_data: a shallow copy of t's TensorImpl fields).
   * The idiom `p.data = p.data.sub(g.mul(lr))` of older training code.
   */
  set data(t: Tensor) {
    if (!(t instanceof Tensor)) throw new TorchTypeError(`Variable data has to be a tensor, but got ${pyType(t)}`);
    if (this._t.requiresGrad && !core.isFloat(t._t.dtype)) {
      throw new RuntimeError('data set to a tensor that requires gradients must be floating point or complex dtype');
    }
    const self = this._t as { shape: core.Tensor['shape']; dtype: core.DType; size: number; _data: core.TypedArray | null };
    // the storage itself (made now if t has none yet), so that writes through either tensor reach the other
    self._data = t._t.data;
    self.shape = t._t.shape;
    self.dtype = t._t.dtype;
    self.size = t._t.size;
    this._strides = t._strides;
    this._copyOf = t._copyOf;
  }
  /** PyTorch's `_version`: how many in-place writes this tensor's storage has seen (shared with its views). Read-only. */
  get _version(): number { return this._t.version; }
  set _version(_v: number) { throw new AttributeError("attribute '_version' of 'torch._C._TensorBase' objects is not writable"); }

  // ---- values ----
  /** The one value as a number (a boolean for bool tensors). */
  item(): number | boolean {
    if (this._t.size !== 1) throw new ValueError('only one element tensors can be converted to Python scalars');
    const v = this._t.first; // NOTE: not `data`, which would give a one-element tensor storage it does not need
    return this._t.dtype === 'bool' ? v !== 0 : v;
  }
  tolist(): core.NestedArray {
    const t = this._t;
    const read = (v: number): number | boolean => (t.dtype === 'bool' ? v !== 0 : v);
    const strides = core.stridesOf(t.shape);
    const rec = (off: number, d: number): core.NestedArray =>
      d === t.rank ? read(t.data[off]!) : Array.from({ length: t.shape[d]! }, (_, i) => rec(off + i * strides[d]!, d + 1));
    return rec(0, 0);
  }
  /**
   * The storage as a flat row-major typed array, shared with this tensor (as NumPy's array shares it).
   * NOTE: JavaScript has no ndarray; read `shape` for the layout.
   */
  numpy(): core.TypedArray {
    if (this._t.requiresGrad) throw new RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    return this._t.data;
  }
  toString(): string {
    return formatTensor(this._t, this.grad_fn === null ? null : this._t.node!.name, this.requires_grad);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---- dtype ----
  /**
   * to(dtype), to(device) or to(device, dtype), the device a torch.device or a device string (PyTorch's errors for a
   * bad one): it may only be the cpu (twingrad's one device), which changes nothing; 'cuda' is PyTorch's error on a build
   * without CUDA.
   */
  to(dtypeOrDevice: DType | string | Device | { dtype?: DType; device?: string | Device }, dtype?: DType): Tensor {
    // x.to(None) is x itself, as in PyTorch
    if (dtypeOrDevice === null) return dtype === undefined ? this : O.to(this, dtype);
    // Python's keywords: x.to(dtype=torch.float64), x.to(device='cpu', dtype=...)
    const o = kw<{ dtype?: DType; device?: string | Device }>(dtypeOrDevice);
    if (o !== null && !(dtypeOrDevice instanceof DTypeClass) && !(dtypeOrDevice instanceof Device)) {
      if (o.device !== undefined) return this.to(o.device, o.dtype);
      return o.dtype === undefined ? this : O.to(this, o.dtype);
    }
    dtypeOrDevice = dtypeOrDevice as DType | string | Device;
    if (!(typeof dtypeOrDevice === 'string' || dtypeOrDevice instanceof Device)) return O.to(this, dtypeOrDevice);
    const device = typeof dtypeOrDevice === 'string' ? parseDevice(dtypeOrDevice) : dtypeOrDevice;
    if (device.type === 'cuda') throw new AssertionError('Torch not compiled with CUDA enabled');
    // NOTE: PyTorch moves the tensor to any other device it was built for (a 'meta' tensor has no values)
    if (device.type !== 'cpu') throw new RuntimeError(`twingrad has no ${device.type} device: only 'cpu' is supported`);
    return dtype === undefined ? this : O.to(this, dtype);
  }
  /** type(): the legacy type name ('torch.FloatTensor'); type(dtype or a type name): the tensor in that dtype. */
  type(): string;
  type(dtype: DType | string): Tensor;
  type(dtype?: DType | string): string | Tensor {
    if (dtype === undefined || dtype === null) return TENSOR_TYPE[this._t.dtype];
    if (typeof dtype !== 'string') return O.to(this, dtype);
    const d = (Object.keys(TENSOR_TYPE) as core.DType[]).find((k) => TENSOR_TYPE[k] === dtype);
    if (d === undefined) throw new ValueError(`invalid type: '${dtype}'`);
    return O.to(this, fromCore(d));
  }
  /** This tensor in other's dtype (itself if it has it already). */
  type_as(other: Tensor): Tensor {
    if (!(other instanceof Tensor)) throw new TorchTypeError(`type_as(): argument 'other' (position 1) must be Tensor, not ${pyType(other)}`);
    return O.to(this, other.dtype);
  }
  float(): Tensor { return O.to(this, fromCore('float32')); }
  double(): Tensor { return O.to(this, fromCore('float64')); }
  long(): Tensor { return O.to(this, fromCore('int32')); }
  int(): Tensor { return O.to(this, fromCore('int32')); }
  bool(): Tensor { return O.to(this, fromCore('bool')); }
  clone(): Tensor { return O.clone(this); }
  /** This tensor, or where PyTorch's would not be contiguous (see `stridesOf`), a new copy (CloneBackward0), as there. */
  contiguous(): Tensor { return isContiguous(this._t.shape, stridesOf(this)) ? this : wrap(core.clone(this._t)); }

  // ---- elementwise ----
  add(other: TensorLike | Other, o?: O.AlphaOptions): Tensor { return O.add(this, kwOther(other), o); }
  sub(other: TensorLike | Other, o?: O.AlphaOptions): Tensor { return O.sub(this, kwOther(other), o); }
  subtract(other: TensorLike, o?: O.AlphaOptions): Tensor { return O.sub(this, other, o); }
  mul(other: TensorLike | Other): Tensor { return O.mul(this, kwOther(other)); }
  multiply(other: TensorLike): Tensor { return O.mul(this, other); }
  div(other: TensorLike | Other, o?: O.DivOptions): Tensor { return O._div(true, this, kwOther(other), o); }
  divide(other: TensorLike, o?: O.DivOptions): Tensor { return O._div(true, this, other, o, 'divide'); }
  true_divide(other: TensorLike): Tensor { return O._trueDivide(true, this, other); }
  floor_divide(other: TensorLike | Other): Tensor { return O._floorDivide(true, this, kwOther(other)); }
  remainder(other: TensorLike | Other): Tensor { return O._remainder(true, this, kwOther(other)); }
  fmod(other: TensorLike | Other): Tensor { return O._fmod(true, this, kwOther(other)); }
  pow(exponent: TensorLike | { exponent: TensorLike }): Tensor { return O.pow(this, kwFast(exponent, 'exponent')); }
  maximum(other: Tensor | { other: Tensor }): Tensor { return O._extremeOf('maximum', true, this, kwOther(other)); }
  minimum(other: Tensor | { other: Tensor }): Tensor { return O._extremeOf('minimum', true, this, kwOther(other)); }
  atan2(other: TensorLike | Other): Tensor { return O._atan2(true, this, kwOther(other)); }
  eq(other: TensorLike | Other): Tensor { return O.eq(this, kwOther(other)); }
  ne(other: TensorLike | Other): Tensor { return O.ne(this, kwOther(other)); }
  lt(other: TensorLike | Other): Tensor { return O.lt(this, kwOther(other)); }
  le(other: TensorLike | Other): Tensor { return O.le(this, kwOther(other)); }
  gt(other: TensorLike | Other): Tensor { return O.gt(this, kwOther(other)); }
  ge(other: TensorLike | Other): Tensor { return O.ge(this, kwOther(other)); }
  logical_not(): Tensor { return O.logical_not(this); }
  neg(): Tensor { return O.neg(this); }
  negative(): Tensor { return O.neg(this); }
  abs(): Tensor { return O.abs(this); }
  sign(): Tensor { return O.sign(this); }
  floor(): Tensor { return O.floor(this); }
  ceil(): Tensor { return O.ceil(this); }
  trunc(): Tensor { return O.trunc(this); }
  fix(): Tensor { return O.trunc(this); }
  round(o?: O.RoundOptions): Tensor { return O._round(true, this, [o]); }
  isnan(): Tensor { return O.isnan(this); }
  isinf(): Tensor { return O.isinf(this); }
  isfinite(): Tensor { return O.isfinite(this); }
  exp(): Tensor { return O.exp(this); }
  log(): Tensor { return O.log(this); }
  log1p(): Tensor { return O.log1p(this); }
  expm1(): Tensor { return O.expm1(this); }
  sqrt(): Tensor { return O.sqrt(this); }
  rsqrt(): Tensor { return O.rsqrt(this); }
  square(): Tensor { return O.square(this); }
  reciprocal(): Tensor { return O.reciprocal(this); }
  sin(): Tensor { return O.sin(this); }
  cos(): Tensor { return O.cos(this); }
  tan(): Tensor { return O.tan(this); }
  tanh(): Tensor { return O.tanh(this); }
  sigmoid(): Tensor { return O.sigmoid(this); }
  relu(): Tensor { return O.relu(this); }
  erf(): Tensor { return O.erf(this); }
  /** x.where(condition, other): other must be a tensor here (torch.where takes a number too). */
  where(condition: Tensor, given: TensorLike | Other): Tensor {
    const other = keyword(given, 'other');
    if (!(other instanceof Tensor)) throw new TorchTypeError(`where(): argument 'other' (position 2) must be Tensor, not ${pyType(other)}`);
    return O.where(condition, this, other);
  }
  masked_fill(mask: Tensor, value: TensorLike | { value: TensorLike }): Tensor {
    return wrap(O._maskedFill('masked_fill', true, this, mask, keyword(value, 'value'))(this._t));
  }
  clamp(min?: ClampBound | O.ClampOptions, max?: ClampBound): Tensor { return O._clamp('clamp', true, this, [min, max]); }
  clip(min?: ClampBound | O.ClampOptions, max?: ClampBound): Tensor { return O._clamp('clip', true, this, [min, max]); }
  clamp_min(min: TensorLike): Tensor { return O._clampOne('clamp_min', true, this, [min]); }
  clamp_max(max: TensorLike): Tensor { return O._clampOne('clamp_max', true, this, [max]); }

  // ---- reductions ----
  sum(dim?: DimArg | O.SumOptions, keepdim?: boolean | O.SumOptions, o?: O.SumOptions): Tensor { return O._sum(true, this, [dim, keepdim, o]); }
  mean(dim?: DimArg | O.SumOptions, keepdim?: boolean | O.SumOptions, o?: O.SumOptions): Tensor { return O._mean(true, this, [dim, keepdim, o]); }
  prod(dim?: number | O.ProdOptions, keepdim?: boolean | O.ProdOptions, o?: O.ProdOptions): Tensor { return O._prod(true, this, [dim, keepdim, o]); }
  max(): Tensor;
  max(other: Tensor | O.OtherOption): Tensor;
  max(dim: number | O.DimOptions, keepdim?: boolean | O.DimOptions): O.ReturnType;
  max(dim?: number | Tensor | O.DimOptions | O.OtherOption, keepdim?: boolean | O.DimOptions): Tensor | O.ReturnType { return O._extremum('max', true, this, [dim, keepdim]); }
  min(): Tensor;
  min(other: Tensor | O.OtherOption): Tensor;
  min(dim: number | O.DimOptions, keepdim?: boolean | O.DimOptions): O.ReturnType;
  min(dim?: number | Tensor | O.DimOptions | O.OtherOption, keepdim?: boolean | O.DimOptions): Tensor | O.ReturnType { return O._extremum('min', true, this, [dim, keepdim]); }
  amax(dim?: DimArg, keepdim?: boolean | O.DimOptions): Tensor { return O._amax('amax', true, this, [dim, keepdim]); }
  amin(dim?: DimArg, keepdim?: boolean | O.DimOptions): Tensor { return O._amax('amin', true, this, [dim, keepdim]); }
  all(dim?: number | O.DimOptions, keepdim?: boolean | O.DimOptions): Tensor { return O._boolReduce('all', true, this, [dim, keepdim]); }
  any(dim?: number | O.DimOptions, keepdim?: boolean | O.DimOptions): Tensor { return O._boolReduce('any', true, this, [dim, keepdim]); }
  argmax(dim?: number | null | O.DimOptions, keepdim?: boolean | O.DimOptions): Tensor { return O._argExtreme('argmax', true, this, [dim, keepdim]); }
  cumsum(dim: number | O.CumsumOptions, o?: O.CumsumOptions): Tensor { return O._cumsum(true, this, [dim, o]); }
  nonzero(): Tensor;
  nonzero(o: { as_tuple: true }): Tensor[];
  nonzero(o: { as_tuple?: boolean } = {}): Tensor | Tensor[] { return O.nonzero(this, o); }
  argmin(dim?: number | null | O.DimOptions, keepdim?: boolean | O.DimOptions): Tensor { return O._argExtreme('argmin', true, this, [dim, keepdim]); }
  logsumexp(dim: O.Dim | O.DimOptions, keepdim?: boolean | O.DimOptions): Tensor { return O._logsumexp(true, this, [dim, keepdim]); }
  var(...rest: VarRest): Tensor { return O._var('var', true, this, rest); }
  std(...rest: VarRest): Tensor { return O._var('std', true, this, rest); }
  norm(p?: number | 'fro' | 'nuc' | O.NormOptions, dim?: O.Dim | null | O.NormOptions, keepdim?: boolean | O.NormOptions): Tensor { return O._norm(true, this, [p, dim, keepdim]); }

  // ---- new tensors like this one (its dtype unless options give one; a new leaf, whatever this one's history) ----
  new_zeros(...size: Array<number | readonly number[] | CreateOptions>): Tensor { return newFilled('new_zeros', this, size, 0); }
  new_ones(...size: Array<number | readonly number[] | CreateOptions>): Tensor { return newFilled('new_ones', this, size, 1); }
  new_empty(...size: Array<number | readonly number[] | CreateOptions>): Tensor { return newFilled('new_empty', this, size, 0); }
  new_full(size: readonly number[], fill_value: number | boolean | (CreateOptions & { fill_value?: number | boolean }), o?: CreateOptions): Tensor {
    // Python's keyword form, new_full(size, fill_value=..., dtype=...): one options object after the size
    if (typeof fill_value === 'object' && fill_value !== null) {
      const { fill_value: v, ...rest } = fill_value;
      if (v === undefined) throw new TorchTypeError('new_full() missing 1 required positional arguments: "fill_value"');
      return newFull(this, size, v, rest);
    }
    return newFull(this, size, fill_value, o);
  }
  /** torch.tensor(data) in this tensor's dtype unless options give one; a tensor as data is copied, with PyTorch's warning. */
  new_tensor(data: TensorData, o?: CreateOptions): Tensor {
    if (data instanceof Tensor) warnOnce(NEW_TENSOR_WARNING);
    return tensor(data, { ...o, dtype: o?.dtype ?? this.dtype });
  }

  // ---- shape ----
  reshape(...shape: SizeArgs): Tensor { return O.reshape(this, ...shape); }
  /**
   * reshape that never copies. Where PyTorch's tensor has strides that no view of the new shape can follow
   * (x.t().view(-1), x.index(null, { step: 2 }).view(-1), an expanded tensor), PyTorch's RuntimeError (see `stridesOf`).
   */
  view(...args: SizeArgs): Tensor {
    const shape = listKeyword(args, 'size');
    if (shape.length === 0 || shape[0] === undefined) {
      throw new TorchTypeError('view() received an invalid combination of arguments - got (), but expected one of:\n * (torch.dtype dtype)\n * (tuple of SymInts size)\n');
    }
    const s = O.sizeArgs(shape);
    const bad = s.findIndex((n) => !Number.isInteger(n));
    if (bad >= 0) throw new TorchTypeError(`view(): argument 'size' must be tuple of SymInts, but found element of type ${pyType(s[bad])} at pos ${bad + 1}`);
    return reshaped('view', this, s);
  }
  view_as(other: Tensor | { other: Tensor }): Tensor { return reshaped('view', this, tensorArg('view_as', 'other', kwOther(other))._t.shape); }
  reshape_as(other: Tensor | { other: Tensor }): Tensor { return O.reshape(this, tensorArg('reshape_as', 'other', kwOther(other)).shape); }
  permute(...dims: SizeArgs): Tensor { return O.permute(this, ...dims); }
  transpose(dim0: number | O.TransposeOptions, dim1?: number | O.TransposeOptions): Tensor { return O.transpose(this, dim0, dim1); }
  swapaxes(axis0: number | O.SwapaxesOptions, axis1?: number | O.SwapaxesOptions): Tensor { return O.swapaxes(this, axis0, axis1); }
  t(): Tensor { return O.t(this); }
  get T(): Tensor { return copyView('T', this, (t) => core.transpose(t), [...stridesOf(this)].reverse()); }
  unsqueeze(dim: number | O.DimOption): Tensor { return O.unsqueeze(this, dim); }
  squeeze(dim?: number | readonly number[] | O.SqueezeOptions): Tensor { return O.squeeze(this, dim); }
  expand(...sizes: SizeArgs): Tensor { return O.expand(this, ...sizes); }
  expand_as(other: Tensor | { other: Tensor }): Tensor { return O.expand(this, tensorArg('expand_as', 'other', kwOther(other)).shape); }
  broadcast_to(shape: readonly number[] | { size: readonly number[] }): Tensor { return O.broadcast_to(this, shape); }
  flatten(start_dim?: number | O.FlattenOptions, end_dim?: number | O.FlattenOptions): Tensor { return O.flatten(this, start_dim, end_dim); }
  split(split_size: number | readonly number[] | O.SplitOptions, dim?: number | O.DimOption): Tensor[] { return O._split('split_size', this, split_size, dim); }
  chunk(chunks: number | O.ChunkOptions, dim?: number | O.DimOption): Tensor[] { return O.chunk(this, chunks, dim); }
  unbind(dim?: number | O.DimOption): Tensor[] { return O._unbind(true, this, dim); }
  flip(...dims: SizeArgs): Tensor { return O._flip(this, dims, true); }
  /** PyTorch's repeat (np.tile's semantics, not np.repeat's): x repeated sizes[d] times along each dim. */
  repeat(...sizes: SizeArgs): Tensor { return O._repeat(this, sizes); }
  tile(...dims: SizeArgs): Tensor { return O._tile(this, dims, true); }
  index_select(dim: number | O.IndexSelectOptions, index?: Tensor | O.IndexSelectOptions): Tensor { return O.index_select(this, dim, index); }
  narrow(dim: number | O.NarrowOptions, start?: number | Tensor | O.NarrowOptions, length?: number | O.NarrowOptions): Tensor { return O.narrow(this, dim, start, length); }
  select(dim: number | O.SelectOptions, index?: number | O.SelectOptions): Tensor { return O.select(this, dim, index); }
  /** Python's `x[...]` (basic indexing); see torch.index. */
  index(...specs: Array<core.SliceSpec | number | null>): Tensor { return O.index(this, ...specs); }

  // ---- linear algebra, softmax ----
  matmul(other: Tensor | { other: Tensor }): Tensor { return O.matmul(this, tensorArg('matmul', 'other', kwOther(other))); }
  mm(mat2: Tensor | { mat2: Tensor }): Tensor { return O.mm(this, tensorArg('mm', 'mat2', keyword(mat2, 'mat2'))); }
  bmm(mat2: Tensor | { mat2: Tensor }): Tensor { return O.bmm(this, tensorArg('bmm', 'mat2', keyword(mat2, 'mat2'))); }
  dot(tensor: Tensor | { tensor: Tensor }): Tensor { return O.dot(this, tensorArg('dot', 'tensor', keyword(tensor, 'tensor'))); }
  mv(vec: Tensor | { vec: Tensor }): Tensor { return O.mv(this, tensorArg('mv', 'vec', keyword(vec, 'vec'))); }
  softmax(dim?: number | O.SoftmaxOptions, dtype?: DType | null | O.SoftmaxOptions): Tensor { return O.softmax(this, dim, dtype); }
  log_softmax(dim?: number | O.SoftmaxOptions, dtype?: DType | null | O.SoftmaxOptions): Tensor { return O.log_softmax(this, dim, dtype); }

  // ---- in place (PyTorch's version counters and leaf check come from core.inplace) ----
  private _inplace(op: string, others: readonly TensorLike[], f: (old: core.Tensor) => core.Tensor): this {
    runInplace(this, op, others.filter((o): o is Tensor => o instanceof Tensor), f);
    return this;
  }
  add_(other: TensorLike, o?: O.AlphaOptions): this { return this._addSub('add', other, o); }
  sub_(other: TensorLike, o?: O.AlphaOptions): this { return this._addSub('sub', other, o); }
  private _addSub(op: 'add' | 'sub', other: TensorLike, o?: O.AlphaOptions): this {
    // PyTorch builds the in-place iterator (the broadcast to this tensor, the cast to its dtype) before it checks alpha:
    // where alpha will be refused, the same op without it runs on a copy first, to raise those errors first
    if (O.alphaRefused(this, other, o)) this.clone()._inplace(`${op}_`, [other], (x) => O.addSub(op, this, other, undefined, x));
    return this._inplace(`${op}_`, [other], (x) => O.addSub(op, this, other, o, x));
  }
  mul_(other: TensorLike): this { return this._inplace('mul_', [other], (x) => core.mul(x, unwrap(other))); }
  div_(other: TensorLike, o?: O.DivOptions): this { return this._inplace('div_', [other], (x) => { O.castsInto('div_', x, other); return O._div(true, wrap(x), other, o, 'div_')._t; }); }
  divide_(other: TensorLike, o?: O.DivOptions): this { return this._inplace('divide_', [other], (x) => O._div(true, wrap(x), other, o, 'divide_')._t); }
  true_divide_(other: TensorLike): this { return this._inplace('true_divide_', [other], (x) => O._trueDivide(true, wrap(x), other)._t); }
  floor_divide_(other: TensorLike): this { return this._inplace('floor_divide_', [other], (x) => { O.castsInto('floor_divide_', x, other); return O._floorDivide(true, wrap(x), other, 'floor_divide_')._t; }); }
  remainder_(other: TensorLike): this { return this._inplace('remainder_', [other], (x) => { O.castsInto('remainder_', x, other); return O._remainder(true, wrap(x), other)._t; }); }
  fmod_(other: TensorLike): this { return this._inplace('fmod_', [other], (x) => { O.castsInto('fmod_', x, other); return O._fmod(true, wrap(x), other)._t; }); }
  /**
   * A number exponent keeps an integer or bool tensor's dtype or raises, in the words of PyTorch's scalar pow_
   * ("Found dtype Long but expected Float" for an int64 tensor and a fractional exponent); a tensor exponent
   * raises as the other in-place ops ("result type Float can't be cast to the desired output type Long").
   */
  pow_(p: TensorLike): this {
    return this._inplace('pow_', [p], (x) => (typeof p === 'number' ? sameDType(x, O.pow(wrap(x), p)._t) : O.pow(wrap(x), p)._t));
  }
  neg_(): this { return this._inplace('neg_', [], (x) => O.neg(wrap(x))._t); }
  abs_(): this { return this._inplace('abs_', [], (x) => O.abs(wrap(x))._t); }
  exp_(): this { return this._inplace('exp_', [], core.exp); }
  log_(): this { return this._inplace('log_', [], core.log); }
  sqrt_(): this { return this._inplace('sqrt_', [], core.sqrt); }
  square_(): this { return this._inplace('square_', [], (x) => sameDType(x, O.square(wrap(x))._t)); }
  reciprocal_(): this { return this._inplace('reciprocal_', [], core.reciprocal); }
  sin_(): this { return this._inplace('sin_', [], core.sin); }
  cos_(): this { return this._inplace('cos_', [], core.cos); }
  tanh_(): this { return this._inplace('tanh_', [], core.tanh); }
  sigmoid_(): this { return this._inplace('sigmoid_', [], core.sigmoid); }
  relu_(): this { return this._inplace('relu_', [], core.relu); }
  floor_(): this { return this._inplace('floor_', [], (x) => O.floor(wrap(x))._t); }
  ceil_(): this { return this._inplace('ceil_', [], (x) => O.ceil(wrap(x))._t); }
  trunc_(): this { return this._inplace('trunc_', [], (x) => O.trunc(wrap(x))._t); }
  fix_(): this { return this._inplace('fix_', [], (x) => O.trunc(wrap(x))._t); }
  round_(o?: O.RoundOptions): this { return this._inplace('round_', [], (x) => O._round(true, wrap(x), [o])._t); }
  /**
   * clamp_ with numbers or tensors. Tensor bounds are inputs of the op (their gradients as clamp's); a fractional
   * number bound on an integer tensor is PyTorch's "... can't be cast to the desired output type long int" (its
   * scalar clamp_ names the C++ type; a 0-d tensor beside a number binds that one too), a float tensor bound the usual
   * "... output type Long".
   */
  clamp_(min?: ClampBound | O.ClampOptions, max?: ClampBound): this { return this._clampInPlace('clamp_', 'clamp', [min, max]); }
  clip_(min?: ClampBound | O.ClampOptions, max?: ClampBound): this { return this._clampInPlace('clip_', 'clip', [min, max]); }
  clamp_min_(min: TensorLike): this { return this._clampInPlace('clamp_min_', 'clamp_min', [min]); }
  clamp_max_(max: TensorLike): this { return this._clampInPlace('clamp_max_', 'clamp_max', [max]); }
  private _clampInPlace(op: string, fn: 'clamp' | 'clip' | 'clamp_min' | 'clamp_max', rest: readonly unknown[]): this {
    const others = rest.flatMap((v) => (v instanceof Tensor ? [v] : v !== null && typeof v === 'object' ? Object.values(v).filter((t): t is Tensor => t instanceof Tensor) : []));
    return this._inplace(op, others, (x) => (fn === 'clamp_min' || fn === 'clamp_max' ? O._clampOne(fn, true, wrap(x), rest, true)._t : O._clamp(fn, true, wrap(x), rest, true)._t));
  }
  /**
   * Every element set to `value` (cast to this tensor's dtype); the gradient to the old value is zero (PyTorch's
   * FillBackward2, ZeroBackward0).
   */
  fill_(value: number | { value: number }): this { return this._fill('fill_', keyword(value, 'value')); }
  zero_(): this { return this._fill('zero_', 0); }
  private _fill(op: string, value: number): this {
    return this._inplace(op, [], (x) => core.fill(x, value, op === 'zero_'));
  }
  /** masked_fill in place: the mask broadcasts to this tensor's shape; the old values' gradient is zero where it is set. */
  masked_fill_(mask: Tensor, value: TensorLike | boolean): this {
    const f = O._maskedFill('masked_fill_', true, this, mask, value);
    return this._inplace('masked_fill_', [mask, ...(value instanceof Tensor ? [value] : [])], f);
  }
  /** Copies `src` (broadcast to this shape, cast to its dtype) into this tensor; the gradient flows to src, none to the old value (CopyBackwards). */
  copy_(src: TensorLike): this {
    return this._inplace('copy_', [src], (x) => core.copyFrom(x, unwrap(src)));
  }
}
