import { allocate, filledArray, stored, type DType, type TypedArray } from './dtype.js';
import { sizeOf, type Shape } from './shape.js';
import type { Node } from './autograd/node.js';
import { mode } from './autograd/mode.js';
import { fail } from './errors.js';

/**
 * The storages that a view made by an op shares with its base, and those whose base is a leaf that requires grad,
 * keyed by the typed array itself (a facade's copy shares its source's version counter, not its storage). The core
 * alone cannot make the history of a view's siblings again after an in-place op, so ops/inplace.ts `inplace` refuses a
 * recorded in-place op on such storage rather than compute wrong gradients, unless the caller does (the torch facade).
 */
export const viewed = new WeakSet<object>();
export const leafViewed = new WeakSet<object>();
/**
 * The tensors of those view families (each base with a view made with grad mode on, and each such view): the checks
 * apply to them, not to other tensors over the storage (a `.data` or `detach()` alias, a tensor given the storage by
 * `x.data = ...`), as PyTorch's apply to views and bases only.
 */
export const viewFamily = new WeakSet<Tensor>();
/**
 * PyTorch's `_base` of a tensor `view()` made: the first tensor of the chain of views that is not one. An in-place op
 * on a view of a leaf that requires grad is refused (PyTorch's check_inplace), even if the view was taken before the
 * leaf's requires_grad was set.
 */
export const viewBase = new WeakMap<Tensor, Tensor>();
/** Views made with grad mode off (or views of those): PyTorch's CreationMeta::NO_GRAD_MODE, see ops/inplace.ts `inplace`. */
export const noGradViews = new WeakSet<Tensor>();
/** The version of each of `noGradViews` when it was made (PyTorch's attr_version), for `checkViewRebase`. */
const noGradViewVersions = new WeakMap<Tensor, number>();

// PyTorch 1.13's handle_view_on_rebase: what follows its header for each kind of view that refuses a new history
const NO_GRAD_TAIL = 'Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the ' +
  "view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside " +
  '(if you want the inplace to be tracked).';
const MULTI_TAIL = 'This view is the output of a function that returns multiple views. Such functions do not allow the output views ' +
  'to be modified inplace. You should replace the inplace operation by an out-of-place one.';

/**
 * PyTorch 1.13's CreationMeta::MULTI_OUTPUT_NODE: the outputs of an op that returns several views (a facade's split
 * and chunk) and the views of those, with their counter's version when made and the `Output n of Name` their history
 * has (null for none). Their history is never made again after a write to their storage.
 */
const multiOutputViews = new WeakMap<Tensor, { version: number; gradFn: string | null }>();

/**
 * handle_view_on_rebase's error for a view that refuses a new history (made under no_grad, or an output of an op
 * that returns several views), or null for another tensor. `indirect`: its base or another view was written, not it.
 */
export function viewRebaseError(t: Tensor, indirect: boolean): string | null {
  const m = t.checksRebase ? multiOutputViews.get(t) : undefined;
  if (m === undefined && !noGradViews.has(t)) return null;
  const modified = indirect ? 'its base or another view of its base has been' : 'is being';
  const head = m !== undefined && m.gradFn !== null ? `${m.gradFn} is a view and ${modified} modified inplace.`
    : `A view was created in no_grad mode and ${modified} modified inplace with grad mode enabled.`;
  return `${head} ${m !== undefined ? MULTI_TAIL : NO_GRAD_TAIL}`;
}

/**
 * PyTorch's grad_fn of a view that requires grad and refuses a new history (`viewRebaseError`): once its storage has
 * been written in place (through its base, another view, or itself, with grad mode on or off), asking for its history
 * is an error, raised by an op that records it (record.ts) and by the facade's grad_fn. Values and shape can still be
 * read.
 */
export function checkViewRebase(t: Tensor): void {
  if (!t.gradViaBase && !t.checksRebase) return;
  const m = t.checksRebase ? multiOutputViews.get(t) : undefined;
  // PyTorch's grad_fn asks nothing of a view with no history whose base requires no grad (one given requires_grad_()
  // of its own is a leaf)
  if (m !== undefined && m.gradFn === null && !t.gradViaBase) return;
  const v0 = m !== undefined ? m.version : noGradViewVersions.get(t);
  if (v0 !== undefined && t.requiresGrad && t.version !== v0) fail('runtime', viewRebaseError(t, true)!);
}

/**
 * Marks `t` as an output of an op that returns several views in PyTorch, or a view of one, made with grad mode on;
 * `gradFn` is its history's `Output n of Name`, null if it has none (see `viewRebaseError`).
 */
export function noteMultiOutputView(t: Tensor, gradFn: string | null): void {
  multiOutputViews.set(t, { version: t.version, gradFn });
  t.checksRebase = true;
}

/** Whether `t` is a view made with grad mode off, or a view of one (PyTorch's CreationMeta::NO_GRAD_MODE). */
export function isNoGradView(t: Tensor): boolean {
  return noGradViews.has(t);
}

/**
 * Marks `t`, a facade's copy of a tensor made with grad mode off where PyTorch makes a view, as such a view (see
 * `view`): it shares its source's version counter, so `checkViewRebase` refuses its history once the source is written.
 */
export function noteNoGradView(t: Tensor): void {
  noGradViews.add(t);
  noGradViewVersions.set(t, t.version);
}

/**
 * How many in-place writes each storage has seen, whichever tensor over it made them: a `.data` alias has a version
 * counter of its own, as in PyTorch, but a facade's copy must follow every write to the storage it was taken from.
 */
const storageWrites = new WeakMap<object, number>();

/**
 * Callbacks a facade registers on some of its tensors for the core to run (a copy's or a view's bookkeeping, which
 * the core cannot do itself): `on(t, f)` registers, `run(t)` runs what was registered for t, if anything.
 */
function perTensor(): { on: (t: Tensor, f: () => void) => void; run: (t: Tensor) => void } {
  const callbacks = new WeakMap<Tensor, () => void>();
  return {
    on: (t, f) => { callbacks.set(t, f); },
    run: (t) => { const f = callbacks.get(t); if (f !== undefined) f(); },
  };
}

/**
 * Before the core adds into one of a facade's tensors in place outside the facade's own ops (the engine accumulating
 * into a `.grad`): a facade's copy takes its source's values first, as PyTorch's view would hold them.
 */
const beforeWrites = perTensor();
export const onBeforeWrite = beforeWrites.on, beforeWrite = beforeWrites.run;

/**
 * After the core has written one of a facade's tensors in place outside the facade's own ops (an optimizer's step,
 * the engine accumulating into a `.grad`): a facade's copy passes the values on to the storage it was taken from, as
 * PyTorch's view would have written it.
 */
const afterWrites = perTensor();
export const onAfterWrite = afterWrites.on, afterWrite = afterWrites.run;

/**
 * Before the core names a tensor's history (a view whose base was written makes its grad_fn again when asked, as
 * PyTorch's does).
 */
const historyFollowers = perTensor();
export const onFollowHistory = historyFollowers.on, followHistory = historyFollowers.run;

/** Counts an in-place write to `t`'s storage (with the bump of its version counter), if something follows it. */
export function noteWrite(t: Tensor): void {
  const d = t._data;
  if (d === null) return;
  const n = storageWrites.get(d);
  if (n !== undefined) storageWrites.set(d, n + 1);
}

/**
 * How many in-place writes `t`'s storage has seen since it was first asked (0 for a tensor without one): asking starts
 * the count, so only the storages a facade's copy follows (or is) are counted.
 */
export function writesTo(t: Tensor): number {
  const d = t.data;
  const n = storageWrites.get(d);
  if (n !== undefined) return n;
  storageWrites.set(d, 0);
  return 0;
}

/** How many tensors have been made: a tensor's `serial` tells whether it was made after a given moment. */
let made = 0;
export const tensorsMade = (): number => made;

/**
 * A contiguous, row-major N-d array and its place in the autograd graph. It holds no math:
 * ops live in `ops/`, the backward pass in `autograd/engine.ts`.
 *
 * @example
 * const t = fromArray([[1, 2], [3, 4]]);   // float32, shape [2, 2]
 */
export class Tensor {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly size: number;
  /**
   * The storage, or null while every element is `_value` and none is stored: a one-element tensor, or a number
   * broadcast to a shape (`filled`). Scalar code (the notebook's) makes a few dozen one-element tensors per gradient,
   * and a typed array costs more than the op's arithmetic; a reduction's gradient is its one number broadcast back to
   * the input's shape, which the next op can read as a stride-0 operand instead of a written array. The binary ops
   * and the scalar path (ops/define.ts) read `_value`; anything else asks for `data`, which stores it.
   */
  _data: TypedArray | null;
  /** Every element while `_data` is null, already rounded to the dtype. */
  _value = 0;
  /** The op that produced this tensor while recording; null for leaves and unrecorded results. */
  node: Node | null = null;
  /** PyTorch's flag: ops on this tensor are recorded while grad mode is on. */
  requiresGrad = false;
  /**
   * A leaf that requires grad only through the tensor it views (PyTorch's view made under no_grad of a base that
   * requires grad: `requires_grad()` is true, but it has no grad accumulator): ops on it are recorded, with no edge to
   * it (Node.untracked), and no gradient accumulates into it.
   * NOTE: false on the prototype (below), set on the rare tensor that has it: one field less to write per tensor.
   */
  declare gradViaBase: boolean;
  /**
   * The version counter behind `counter`, made when first needed: most tensors are never written in place nor viewed.
   * NOTE: null on the prototype (below), as `gradViaBase`.
   */
  declare _counter: { v: number } | null;
  /** The accumulating sink of `backward()` (PyTorch's `.grad`). */
  grad: Tensor | null = null;
  /** PyTorch's `retain_grad()`: a non-leaf that keeps its `.grad`. NOTE: false on the prototype (below), as `gradViaBase`. */
  declare retainsGrad: boolean;
  /**
   * Its `.grad` takes the gradient before the tensor's hooks run, not after (see ops/hooks.ts `retainGrad`).
   * NOTE: false on the prototype (below), as `gradViaBase`.
   */
  declare retainsFirst: boolean;
  /**
   * One of `multiOutputViews`, or a no_grad view given requires_grad of its own: a tensor whose history an op that
   * records it checks (`checkViewRebase`). NOTE: false on the prototype (below), as `gradViaBase`.
   */
  declare checksRebase: boolean;
  /** Hooks run on this tensor's gradient before it is used (PyTorch's `register_hook`). NOTE: null on the prototype (below). */
  declare hooks: Array<(g: Tensor) => Tensor | void> | null;
  /** The backward pass that last reached this tensor as a leaf, and its slot there (engine-private). */
  pass = 0;
  slot = 0;
  /** A facade's wrapper object, cached so that the same core tensor always shows the same facade object. */
  wrapper: object | undefined = undefined;
  /** Its place in the order tensors were made (the engine tells a gradient rule's new results by it). */
  readonly serial: number = ++made;

  /** `data`, or new zeroed storage when it is undefined; null: no storage yet, every element is `_value` (see `filled`). */
  constructor(shape: Shape, dtype: DType, data?: TypedArray | null) {
    this.shape = shape;
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this._data = data !== undefined ? data : this.size === 1 ? null : allocate(dtype, this.size);
  }

  /** A tensor whose elements are all `value` (rounded to the dtype), stored only when something reads `data`. */
  static filled(shape: Shape, dtype: DType, value: number): Tensor {
    const t = new Tensor(shape, dtype, null);
    t._value = stored(dtype, value);
    return t;
  }

  /** The storage. In-place ops that must keep the old values for the graph swap it rather than overwrite it. */
  get data(): TypedArray {
    return this._data ?? (this._data = filledArray(this.dtype, this.size, this._value));
  }
  set data(d: TypedArray) {
    this._data = d;
  }

  /** Bumped by every in-place write; shared by views of one storage. Saved tensors are checked against it in backward. */
  get counter(): { v: number } {
    return (this._counter ??= { v: 0 });
  }
  set counter(c: { v: number }) {
    this._counter = c;
  }

  get version(): number {
    const c = this._counter;
    return c === null ? 0 : c.v;
  }

  /**
   * A tensor over the same storage (and version counter) with another shape: PyTorch's view. It remembers its base
   * (`viewBase`) and whether grad mode was off (`noGradViews`: an in-place op on it with grad mode on is PyTorch's
   * error). With grad mode on, it marks the storage as viewed, whether or not this tensor requires grad (a recorded
   * in-place op on it is refused, ops/inplace.ts: a write through one tensor over it would leave the others without its
   * history), and as a leaf's for a view of a leaf that requires grad.
   * NOTE: views made with grad mode off (under no_grad, or by rules in a backward pass that records nothing) mark
   * nothing: a rule's temporary view must not block a later in-place op on its operand. So an in-place op on the base
   * of a view made under no_grad is not refused; as in PyTorch, recording an op on that view afterwards is
   * (`checkViewRebase`).
   */
  view(shape: Shape): Tensor {
    const t = this.alias(shape);
    viewBase.set(t, viewBase.get(this) ?? this);
    if (!mode.grad || noGradViews.has(this)) noteNoGradView(t);
    if (mode.grad) {
      const d = t.data; // `alias` has made this tensor's storage
      viewed.add(d);
      viewFamily.add(this);
      viewFamily.add(t);
      if (this.requiresGrad && this.node === null && !noGradViews.has(this)) leafViewed.add(d);
    }
    return t;
  }

  /** A tensor over the same storage and version counter, unmarked: `detach`'s, which no graph follows. */
  alias(shape: Shape): Tensor {
    const t = new Tensor(shape, this.dtype, this.data);
    t.counter = this.counter;
    return t;
  }

  /** The first element, without making the storage of a tensor that has none. */
  get first(): number {
    const d = this._data;
    return d === null ? this._value : d[0]!;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** A leaf is a tensor no recorded op produced (PyTorch's `is_leaf`). */
  get isLeaf(): boolean {
    return this.node === null;
  }
}
(Tensor.prototype as { gradViaBase: boolean }).gradViaBase = false;
(Tensor.prototype as { retainsFirst: boolean }).retainsFirst = false;
(Tensor.prototype as { checksRebase: boolean }).checksRebase = false;
(Tensor.prototype as { _counter: { v: number } | null })._counter = null;
(Tensor.prototype as { retainsGrad: boolean }).retainsGrad = false;
(Tensor.prototype as { hooks: Array<(g: Tensor) => Tensor | void> | null }).hooks = null;
