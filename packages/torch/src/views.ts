/**
 * Views and PyTorch's strides in the facade: which results are views (viewOf, `_base`), the strides PyTorch's tensor
 * would have (contiguousStrides, stridesOf, isContiguous, computeStride), view and reshape (reshaped), the error for
 * an in-place op on a copy that PyTorch makes a view (inplaceOnCopy), and detached aliases (detached).
 */
import { core } from './core.js';
import { RuntimeError } from './errors.js';
import { wrap, type Tensor } from './tensor.js';

/** One op of the chain that computes a copy's values from the storage it was taken from (a linked list, latest last). */
interface Step {
  readonly prev: Step | null;
  readonly apply: (t: core.Tensor) => core.Tensor;
}

/**
 * What an op that returns a view in PyTorch but a copy in twingrad left on its result (see `viewOf`), shared by the
 * views of that copy: the op, whether PyTorch's view would have overlapping elements (an expand that repeats entries),
 * and what the copy needs to follow writes to the tensor it was taken from as PyTorch's view would (`followSource`).
 */
export interface CopyNote {
  readonly op: string;
  readonly overlaps: boolean;
  /** The copy's own core tensor (its views share its storage). */
  readonly target: core.Tensor;
  /**
   * The first tensor of the chain of copies that is not one, and an alias of its storage as it was then: the copy
   * follows that storage (as PyTorch's view follows its base's), even if `x.data = ...` gives the tensor another.
   */
  readonly source: core.Tensor;
  readonly root: core.Tensor;
  /** The ops from the root to the copy's values. */
  readonly steps: Step;
  /** The source's producer when the copy's history was last made (`regenerate`). */
  node: core.Node | null;
  /**
   * The version of the shared counter, and the count of writes to the root's storage (core `writesTo`: a `.data`
   * alias writes it without moving the counter), that the copy's values were taken at.
   */
  version: number;
  writes: number;
  /**
   * The count of writes to the copy's own storage then: one made outside the facade (an optimizer's step, a `.grad`
   * accumulated into), which PyTorch's view would pass on to its base and a copy cannot, ends the following
   * (`followed`), rather than be undone by the next taking of the source's values.
   */
  own: number;
  followed: boolean;
}

/**
 * The result `out` of `op` on `x`, as a facade tensor that remembers whether it is a copy where PyTorch gives a view,
 * and the strides PyTorch's result would have (`strides`; null: a new tensor's contiguous strides).
 *
 * NOTE: twingrad has no strided views yet. view, unsqueeze, squeeze, and reshape and flatten where PyTorch's are
 * views, share storage (real views), but index, select, narrow, split, chunk, t, transpose, permute, T, expand and
 * broadcast_to copy (expand to x's own shape excepted). Such a copy shares x's version counter, as PyTorch's view
 * shares its base's (a saved copy is version-checked as the view would be), and follows writes to x: once the counter
 * has moved, its values are taken again before it is next used, and its history too if x's has changed
 * (`followSource`, with `apply`, the op on a tensor like x). An in-place op on the copy itself would not reach x, so
 * `Tensor._inplace` refuses it (`inplaceOnCopy`). A result that shares x's storage carries x's note on, as its writes
 * reach only what x's do. `op` null: an op that always shares storage (it only passes a note on). Either way the
 * result is a view in PyTorch: its `_base` is x's base, or x (detach and .data undo that).
 */
export function viewOf(op: string | null, x: Tensor, out: core.Tensor, strides: readonly number[] | null = null,
  apply: ((t: core.Tensor) => core.Tensor) | null = null): Tensor {
  const r = wrap(out);
  if (out === x._t) return r;
  r._strides = strides;
  r._base = x._base ?? x;
  // PyTorch's view made under no_grad of a tensor that requires grad requires grad too, with no grad_fn and no grad
  // accumulator: ops on it are recorded, without an edge to it (core Tensor.gradViaBase)
  if (!core.mode.grad && out.node === null && !out.requiresGrad && core.isFloat(out.dtype) && x.requires_grad) {
    out.requiresGrad = true;
    out.gradViaBase = true;
  }
  const src = x._t;
  if (out._data !== null && out._data === src._data) {
    r._copyOf ??= x._copyOf;
    if (r._copyOf !== null && out !== r._copyOf.target) viewEra.set(out, r._copyOf.node);
  } else if (op !== null) {
    if (apply === null) throw new Error(`viewOf: ${op} makes a copy, which needs the op that makes it again`);
    out.counter = src.counter;
    if (!core.mode.grad) core.noteNoGradView(out);
    r._copyOf = copyNote(op, x, src, out, apply);
  }
  return r;
}

/** The note of copy `out` = apply(x), x's core tensor being `src`: its chain goes on from x's if x is a copy (or a view of one). */
function copyNote(op: string, x: Tensor, src: core.Tensor, out: core.Tensor, apply: (t: core.Tensor) => core.Tensor): CopyNote {
  const up = x._copyOf;
  // only an expand makes more elements than it reads
  const common = { op, overlaps: out.size > src.size, target: out, version: out.version, own: core.writesTo(out), followed: true };
  if (up === null) {
    const root = src.alias(src.shape);
    return { ...common, source: src, root, steps: { prev: null, apply }, node: src.node, writes: core.writesTo(root) };
  }
  // x is the upstream copy, or a view of it over its storage (a reshape of its values)
  const shape = src.shape;
  const prev: Step = src === up.target ? up.steps : { prev: up.steps, apply: (t) => core.reshape(t, shape) };
  return { ...common, source: up.source, root: up.root, steps: { prev, apply }, node: up.node, writes: core.writesTo(up.root) };
}

/** viewOf for an op that copies where PyTorch views: `apply` computes the result from x, now and after writes to x. */
export function copyView(op: string, x: Tensor, apply: (t: core.Tensor) => core.Tensor, strides: readonly number[] | null): Tensor {
  return viewOf(op, x, apply(x._t), strides, apply);
}

/**
 * For a view `t` of a copy (over the copy's storage): the source's producer its history was made in (see `followCopy`).
 */
const viewEra = new WeakMap<core.Tensor, core.Node | null>();

/**
 * The core tensor `t` of facade tensor `f`, a copy or a view of one, once it is what PyTorch's view would be: its
 * values (`followSource`) and, for a view of the copy whose history was made before the copy's was regenerated, its
 * history made again over the copy's (detached aliases excepted).
 */
export function followCopy(f: Tensor, t: core.Tensor, note: CopyNote): core.Tensor {
  if (note.followed && (note.target.version !== note.version || core.writesTo(note.root) !== note.writes)) {
    if (core.writesTo(note.target) !== note.own) note.followed = false;
    else followSource(note);
  }
  if (t === note.target || f._base === null) return t;
  const era = viewEra.get(t);
  if (era === undefined || era === note.node) return t;
  viewEra.set(t, note.node);
  if (note.target.node !== null && !note.target.gradViaBase && !t.gradViaBase) {
    core.adoptHistory(t, core.withGradMode(true, () => core.withoutTapes(() => core.reshape(note.target, t.shape))));
  }
  return t;
}

/**
 * A copy whose source storage has been written since its values were taken (`note.version` behind the shared
 * counter, or `note.writes` behind the storage's): its values are taken again, unrecorded, into its own storage, as
 * PyTorch's view would show them, without a version bump (the write has counted). The copy ops' rules read no values,
 * so its history stays valid, unless the write was recorded on the source's history: then it is made again on it
 * (`regenerate`), as PyTorch regenerates a view's grad_fn.
 */
function followSource(note: CopyNote): void {
  const steps: Array<(t: core.Tensor) => core.Tensor> = [];
  for (let s: Step | null = note.steps; s !== null; s = s.prev) steps.push(s.apply);
  steps.reverse();
  core.refill(note.target, core.unrecorded(() => chain(steps, note.root)));
  if (note.source.node !== note.node) regenerate(note, steps);
  note.version = note.target.version;
  note.writes = core.writesTo(note.root);
}

/** The ops of `steps` in turn on `t` (iterative: a chain of copies may be long). */
function chain(steps: ReadonlyArray<(t: core.Tensor) => core.Tensor>, t: core.Tensor): core.Tensor {
  for (let k = 0; k < steps.length; k++) t = steps[k]!(t);
  return t;
}

/**
 * The copy's history made again on its source's current one (PyTorch's view grad_fn regeneration), where the source
 * still has the storage the copy was taken from and requires grad (a copy made under no_grad keeps its own rules).
 */
function regenerate(note: CopyNote, steps: ReadonlyArray<(t: core.Tensor) => core.Tensor>): void {
  const src = note.source;
  note.node = src.node;
  if (!src.requiresGrad || src._data !== note.root._data || note.target.gradViaBase) return;
  const again = core.withGradMode(true, () => core.withoutTapes(() => chain(steps, src)));
  core.adoptHistory(note.target, again);
}

/**
 * A view (or copy) `t` made while its base required no grad, once the base does (requires_grad_ on the leaf): as
 * PyTorch's view, it requires grad through its base, with no grad accumulator of its own (core `gradViaBase`): ops on
 * it are recorded, and no gradient reaches it or the base through it.
 */
export function requireViaBase(t: core.Tensor, base: Tensor): void {
  if (!base._t.requiresGrad || !core.isFloat(t.dtype)) return;
  t.requiresGrad = true;
  t.gradViaBase = true;
}

/** How an error names the op that made a copy. */
function madeBy(op: string): string {
  return op === 'T' ? '.T' : op === 'index' ? "index() (Python's x[...])" : `${op}()`;
}

// ---- PyTorch's strides ----
// twingrad's tensors are all dense and row-major, but whether PyTorch lets `view` reinterpret a tensor (and whether
// reshape and contiguous() copy it) depends on the strides PyTorch's tensor has. The view ops (viewOf's callers)
// work them out from their input's as ATen does; any other op's result counts as a new contiguous tensor.
// NOTE: that is exact for chains of view ops from a new tensor. PyTorch's clone(), .to() and elementwise ops keep a
// dense non-contiguous input's layout (MemoryFormat::Preserve, TensorIterator), so x.t().clone() or x.t() * 2 is
// not contiguous there: view() of those results works here where PyTorch raises.

/** A new tensor's strides (TensorImpl's `empty_tensor_restride`: row-major, a size 0 counting as 1). */
export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) { s[d] = acc; acc *= Math.max(shape[d]!, 1); }
  return s;
}

/** The strides PyTorch's tensor would have for this facade tensor. */
export function stridesOf(x: Tensor): readonly number[] {
  return x._strides ?? contiguousStrides(x._t.shape);
}

/** TensorImpl's `compute_contiguous`: size-1 dims are ignored, and an empty tensor is contiguous. */
export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  if (shape.includes(0)) return true;
  let z = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (strides[d] !== z) return false;
    z *= shape[d]!;
  }
  return true;
}

/**
 * ATen's `computeStride` (TensorUtils.cpp `computeStride_impl`), the strides of a view of (oldshape, oldstride) as
 * `newshape`, or null where no view can reinterpret the elements: the old dims are cut into runs that are contiguous
 * among themselves, and each run must be covered exactly by consecutive new dims. view() raises on null;
 * reshape() copies.
 */
export function computeStride(oldshape: readonly number[], oldstride: readonly number[], newshape: readonly number[]): number[] | null {
  if (oldshape.length === 0) return newshape.map(() => 1);
  const numel = oldshape.reduce((a, b) => a * b, 1);
  // "stride is arbitrary in the numel() == 0 case; to match NumPy behavior we copy the strides if the size matches,
  // otherwise we use the stride as if it were computed via resize"
  if (numel === 0) return oldshape.length === newshape.length && oldshape.every((n, d) => n === newshape[d]) ? [...oldstride] : contiguousStrides(newshape);
  const newstride = new Array<number>(newshape.length);
  let viewD = newshape.length - 1;
  let chunkBaseStride = oldstride[oldstride.length - 1]!;
  let tensorNumel = 1, viewNumel = 1;
  for (let tensorD = oldshape.length - 1; tensorD >= 0; tensorD--) {
    tensorNumel *= oldshape[tensorD]!;
    // the end of a run: the first dim, or a dim before it (not of size 1) that does not continue it
    if (tensorD === 0 || (oldshape[tensorD - 1] !== 1 && oldstride[tensorD - 1] !== tensorNumel * chunkBaseStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newshape[viewD] === 1)) {
        newstride[viewD] = viewNumel * chunkBaseStride;
        viewNumel *= newshape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (tensorD > 0) {
        chunkBaseStride = oldstride[tensorD - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? newstride : null;
}

/**
 * reshape and view of x to `shape`, as TensorShape.cpp's `reshape` and `view_impl` do them: the shape is inferred and
 * checked first; then where ATen's `computeStride` finds strides, the result is a view of x, and where it finds
 * none, view raises and reshape copies (`_unsafe_view(self.clone(MemoryFormat::Contiguous))`: a new tensor, free
 * to write).
 */
export function reshaped(fn: 'view' | 'reshape', x: Tensor, shape: readonly number[]): Tensor {
  const target = core.inferShape(x._t, shape);
  const strides = computeStride(x._t.shape, stridesOf(x), target);
  if (strides !== null) return viewOf(null, x, core.reshape(x._t, target), strides);
  if (fn === 'view') {
    throw new RuntimeError("view size is not compatible with input tensor's size and stride (at least one dimension spans across " +
      'two contiguous subspaces). Use .reshape(...) instead.');
  }
  return wrap(core.reshape(core.clone(x._t), target));
}

// NOTE: PyTorch lets fill_ and zero_ write an expanded view with repeated elements; every other in-place op refuses it.
const WRITES_OVERLAP = new Set(['fill_', 'zero_']);

/** The error for in-place op `op` on a tensor noted by `viewOf`. */
export function inplaceOnCopy(op: string, note: CopyNote): RuntimeError {
  if (note.overlaps && !WRITES_OVERLAP.has(op)) {
    return new RuntimeError('unsupported operation: more than one element of the written-to tensor refers to a single memory location. ' +
      'Please clone() the tensor before performing the operation.');
  }
  const by = madeBy(note.op);
  return new RuntimeError(`${op}(): this tensor was made by ${by}, which returns a view in PyTorch but a copy in twingrad, ` +
    'so an in-place op on it would not change the tensor it came from. Compute the new values out of place ' +
    '(e.g. with torch.where or torch.cat) instead, or call .clone() first if the copy is what you mean to change.');
}

/**
 * `d`, a detached alias of `x`, as a facade tensor with x's strides and no base (not a view).
 * NOTE: a module function, not a private method: V8 stores a brand on every instance of a class with private
 * methods, and the facade makes a tensor per op.
 */
export function detached(x: Tensor, d: core.Tensor): Tensor {
  const r = viewOf(null, x, d, x._strides);
  r._base = null;
  r._t.requiresGrad = r._t.gradViaBase = false;
  return r;
}
