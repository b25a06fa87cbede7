/**
 * Views and PyTorch's strides in the facade: which results are views (viewOf, `_base`; the copies among them are
 * copies.ts's), the strides PyTorch's tensor would have (contiguousStrides, stridesOf, isContiguous, computeStride),
 * view and reshape (reshaped), a view whose base comes to require grad (requireViaBase), and detached aliases (detached).
 */
import { core } from './core.js';
import { RuntimeError } from './errors.js';
import { wrap, type Tensor } from './tensor.js';
import { copyNote, multiOutput, noteView, noteViewOfCopy } from './copies.js';

/**
 * The result `out` of `op` on `x`, as a facade tensor that remembers whether it is a copy where PyTorch gives a view,
 * and the strides PyTorch's result would have (`strides`; null: a new tensor's contiguous strides).
 *
 * NOTE: twingrad has no strided views yet. view, unsqueeze, squeeze, and reshape and flatten where PyTorch's are
 * views, share storage (real views), but index, select, narrow, split, chunk, unbind, t, transpose, permute, T, expand and
 * broadcast_to copy (expand to x's own shape excepted). Such a copy shares x's version counter, as PyTorch's view
 * shares its base's (a saved copy is version-checked as the view would be), and follows writes to x: once the counter
 * has moved, its values are taken again before it is next used, and its history too if x's has changed
 * (copies.ts `followCopy`, with `apply`, the op on a tensor like x). An in-place op on the copy itself writes x at the
 * copy's positions (`Tensor._inplace`, copies.ts `writeThrough`, core `inplaceOnView`). A result that shares x's storage
 * carries x's note on, as its writes reach only what x's do. `op` null: an op that always shares storage (it only passes a note on). Either way the
 * result is a view in PyTorch: its `_base` is x's base, or x (detach and .data undo that).
 */
export function viewOf(op: string | null, x: Tensor, out: core.Tensor, strides: readonly number[] | null = null,
  apply: ((t: core.Tensor) => core.Tensor) | null = null): Tensor {
  const r = wrap(out);
  if (out === x._t) return r;
  r._strides = strides;
  r._base = x._base ?? x;
  // the core names a saved view's grad_fn in its version error: made again first, as the facade's `_t` does
  core.onFollowHistory(out, () => void r._t);
  // PyTorch's view made under no_grad of a base that requires grad requires grad too, with no grad_fn and no grad
  // accumulator: ops on it are recorded, without an edge to it (core Tensor.gradViaBase). The base, not x: a view of a
  // view that was given requires_grad_() itself does not
  if (!core.mode.grad && out.node === null && !out.requiresGrad && core.isFloat(out.dtype) && r._base.requires_grad) {
    out.requiresGrad = true;
    out.gradViaBase = true;
  }
  const src = x._t;
  if (out._data !== null && out._data === src._data) {
    r._copyOf ??= x._copyOf;
    if (r._copyOf !== null && out !== r._copyOf.target) noteViewOfCopy(out, r._copyOf);
    else if (r._copyOf === null) noteView(out);
    multiOutput(op, src, out);
  } else if (op !== null) {
    if (apply === null) throw new Error(`viewOf: ${op} makes a copy, which needs the op that makes it again`);
    out.counter = src.counter;
    // a view of a view made under no_grad is one too, as PyTorch's creation meta passes on
    if (!core.mode.grad || core.isNoGradView(src)) core.noteNoGradView(out);
    r._copyOf = copyNote(op, x, src, out, apply);
  }
  return r;
}

/** viewOf for an op that copies where PyTorch views: `apply` computes the result from x, now and after writes to x. */
export function copyView(op: string, x: Tensor, apply: (t: core.Tensor) => core.Tensor, strides: readonly number[] | null): Tensor {
  return viewOf(op, x, apply(x._t), strides, apply);
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
  // PyTorch 1.13's reshape calls _reshape_alias where it views (ReshapeAliasBackward0), view its own op
  if (strides !== null) return viewOf(null, x, core.reshape(x._t, target, fn === 'view' ? 'ViewBackward0' : 'ReshapeAliasBackward0'), strides);
  if (fn === 'view') {
    throw new RuntimeError("view size is not compatible with input tensor's size and stride (at least one dimension spans across " +
      'two contiguous subspaces). Use .reshape(...) instead.');
  }
  return wrap(core.reshape(core.clone(x._t), target, 'UnsafeViewBackward0'));
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
