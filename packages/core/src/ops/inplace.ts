import { Tensor, leafViewed, noteWrite, viewBase, viewed, viewFamily, viewRebaseError } from '../tensor.js';
import { fail, fmtShape } from '../errors.js';
import type { TypedArray } from '../dtype.js';
import { sameShape } from '../shape.js';
import { wouldRecord } from '../autograd/record.js';
import { mode } from '../autograd/mode.js';
import type { Node } from '../autograd/node.js';
import { asStrided, overlaps, recordCopySlices } from './gather.js';
import { cast, reshape } from './shape.js';
import { arange } from '../creation.js';
import { scatterChanged, scatterInto } from '../kernels/gather.js';
import { adoptHistory } from './copy.js';
import { followRetain, keepHooks, keepRetain } from './hooks.js';

// In-place ops: PyTorch's checks, version counters and rebase_history, on a tensor and through a view to its base.

// PyTorch 1.13's check_inplace
const LEAF_VIEW = 'a view of a leaf Variable that requires grad is being used in an in-place operation.';

/**
 * Runs an in-place op: `y` takes the value `compute(y)` and bumps its version counter. When the op is
 * recorded, `y`'s old value is kept in a copy that the new node reads, and `y` becomes the new node's
 * output (PyTorch's rebase_history); unrecorded, the result is simply written into `y`'s storage. `viewsFollow`: the
 * caller makes the history of the views over `y`'s storage again before they are next used (the torch facade's
 * `followView`), so a recorded op on `y` is not refused for them.
 */
export function inplace(op: string, y: Tensor, others: readonly Tensor[], compute: (old: Tensor) => Tensor, viewsFollow = false): Tensor {
  checkInplace(y, others);
  if (!wouldRecord([y, ...others])) {
    write(op, y, compute(y));
    return y;
  }
  if (!viewsFollow) refuseSharedStorage(op, y);
  const r = compute(formerSelf(y, y.data.slice()));
  write(op, y, r);
  if (r.node !== null) {
    // PyTorch's rebase_history of y itself moves its retain_grad to the new node
    followRetain(y);
    rebase(y, r.node, r.requiresGrad);
  }
  return y;
}

/**
 * PyTorch's check_inplace, in its order: a view (requiring grad if its base does) first, then a leaf, then a leaf's
 * view. `base`: y's base if y is a view (a facade's copy that is a view in PyTorch gives its own).
 */
export function checkInplace(y: Tensor, others: readonly Tensor[], base: Tensor | undefined = viewBase.get(y)): void {
  checkInplaceOnView(y, base, others);
  if (y.requiresGrad && y.node === null && mode.grad) {
    fail('runtime', 'a leaf Variable that requires grad is being used in an in-place operation.');
  }
  const d = y._data;
  if (y.requiresGrad && mode.grad && d !== null && leafViewed.has(d) && viewFamily.has(y)) fail('runtime', LEAF_VIEW);
}

/**
 * check_inplace's part for a view `y` of `base` (undefined: not a view): with grad mode on and some operand requiring
 * grad, a view that refuses a new history (made under no_grad, or an output of an op returning several views) is
 * refused, then a view of a leaf that requires grad. A facade's copy that is a view in PyTorch is checked by it too.
 */
export function checkInplaceOnView(y: Tensor, base: Tensor | undefined, others: readonly Tensor[]): void {
  if (base === undefined || !mode.grad || !(y.requiresGrad || base.requiresGrad || others.some((t) => t.requiresGrad))) return;
  const e = viewRebaseError(y, false);
  if (e !== null) fail('runtime', e);
  // is_leaf(): a base that requires no grad is a leaf too (a view given requires_grad_() of its own is refused)
  if ((y.requiresGrad || base.requiresGrad) && base.node === null) fail('runtime', LEAF_VIEW);
}

// NOTE: PyTorch rebases the history of the view's base and of its other views (CopySlices); twingrad records the
// op on `y` alone, so the others would keep gradients of their old values. Refused rather than computed wrong.
function refuseSharedStorage(op: string, y: Tensor): void {
  const d = y._data;
  if (d !== null && viewed.has(d) && viewFamily.has(y)) {
    fail('runtime', `${op}: an in-place operation on a tensor that shares its storage with a view (reshape, view, ` +
      'squeeze, unsqueeze, ...) is not supported while autograd records it: twingrad does not rebase the history of the ' +
      'other tensors over that storage, as PyTorch does. Compute out of place, or clone() the view first.');
  }
}

/**
 * `y`'s old value for the recorded op: over `storage` (a copy of y's, which the op's node may read, or y's own, which
 * nothing reads once the op has run), with `y`'s producer, flag and version, on a counter of its own.
 */
function formerSelf(y: Tensor, storage: TypedArray): Tensor {
  const old = new Tensor(y.shape, y.dtype, storage);
  old.node = y.node;
  old.requiresGrad = y.requiresGrad;
  old.counter = { v: y.version };
  return old;
}

/** PyTorch's rebase_history: `y`, now at its new version, becomes the output of the op's node `n`. */
function rebase(y: Tensor, n: Node, requiresGrad: boolean): void {
  settleOutput(n, y);
  keepHooks(y);
  y.node = n;
  y.requiresGrad = requiresGrad;
}

function write(op: string, y: Tensor, r: Tensor): void {
  checkWrite(op, y, r);
  y.data.set(r.data);
  y.counter.v++;
  noteWrite(y);
}

/** Whether `y` can take result `r` of in-place op `op`: its shape, and a dtype `y` can hold. */
function checkWrite(op: string, y: Tensor, r: Tensor): void {
  if (!sameShape(y.shape, r.shape)) {
    fail('shape', `${op}: output with shape ${fmtShape(y.shape)} doesn't match the broadcast shape ${fmtShape(r.shape)}`);
  }
  if (y.dtype !== r.dtype && !(y.dtype === 'float32' || y.dtype === 'float64')) {
    fail('dtype', `${op}: result type ${r.dtype} can't be cast to the desired output type ${y.dtype}`);
  }
}

/**
 * An in-place op on `y`, a view of `base` whose elements sit at `index` (int32 flat positions in base's storage, in
 * y's shape; null: y is base's storage itself in base's order, a reshape), as PyTorch runs it: the new values go into
 * base's storage, and when the op is recorded, base's history becomes CopySlices over its old value and the op's
 * result, and y's is made again on base's (AsStridedBackward0), as PyTorch regenerates a view's grad_fn. `y` may share
 * base's storage (a view) or hold its own (a facade's copy, which also takes the values at once); either way the two
 * share one version counter, bumped once.
 */
export function inplaceOnView(op: string, y: Tensor, base: Tensor, index: Tensor | null, others: readonly Tensor[], compute: (old: Tensor) => Tensor): void {
  checkInplace(y, others, base);
  if (!wouldRecord([y, base, ...others])) {
    const r = compute(y);
    checkWrite(op, y, r);
    writeAt(y, base, index, r);
    return;
  }
  // NOTE: the positions of a reshape are made only here: an unrecorded write needs none
  const ix = index ?? reshape(arange(0, y.size, 1, 'int32'), y.shape);
  // the op reads the view's old values taken from the base's old value, not through the view's own history: PyTorch's
  // CopySlices runs the op on its slice of the base's gradient, so the view's old grad_fn (and its hooks) never runs
  // NOTE: base's old value is an alias of its storage, not a copy: its history and version are the old ones, and
  // nothing reads its values after the view's are taken here (asStrided and CopySlices save nothing)
  const oldBase = formerSelf(base, base.data), view = asStrided(oldBase, ix);
  const r = compute(view);
  checkWrite(op, y, r);
  // the view holds base's dtype: an op that promotes (a float64 operand) is cast back, as the write itself does
  const next = recordCopySlices(oldBase, r.dtype === base.dtype ? r : cast(r, base.dtype), ix, { fn: r.node, view });
  writeAt(y, base, index, r);
  // PyTorch's op writes the view itself: its saved output (exp_'s, tanh_'s) is the view's storage, version-checked
  // against later writes to the base, and read after a `.data` write, which no check sees. The result becomes an
  // alias of the view, keeping the op's node as its history (PyTorch's saved output's grad_fn is the op's node)
  if (r.node !== null) aliasOutput(r.node, r, y);
  if (next.node !== null) {
    keepRetain(base);
    rebase(base, next.node, next.requiresGrad);
  }
  if (y._data !== null && y._data === base._data) adoptHistory(y, asStrided(base, ix));
}

/** `r`, node `n`'s output, over `y`'s storage (where their dtypes agree) and version counter, at y's current version. */
function aliasOutput(n: Node, r: Tensor, y: Tensor): void {
  if (r.dtype === y.dtype) r._data = y.data;
  r.counter = y.counter;
  setOutVersion(n, y.version);
}

/** Node `n`'s output is now `y`, which holds its values at y's current version (see `rebase`). */
function settleOutput(n: Node, y: Tensor): void {
  n.out = y;
  setOutVersion(n, y.version);
}

/** The version node `n` expects of its saved output. */
function setOutVersion(n: Node, version: number): void {
  const saves = n.spec.saves;
  if (!saves.includes('out')) return;
  const v = n.versions.slice(); // a node's versions may be shared (see Node): replaced, never written
  saves.forEach((s, i) => { if (s === 'out') v[i] = version; });
  n.versions = v;
}

/**
 * Writes `r`'s values into `base`'s storage at `index` (a view sharing it sees them too), one write on `y`'s counter:
 * base's own, but a `.data` alias's own counter (a write through it is not seen by version checks).
 */
function writeAt(y: Tensor, base: Tensor, index: Tensor | null, r: Tensor): void {
  // where y's elements repeat (only fill_, zero_ and masked_fill_ write there) an unchanged one is not written again
  if (index !== null && overlaps(index, base.size)) scatterChanged(r.data, y.data, index.data as Int32Array, base.data);
  else if (index !== null) scatterInto(r.data, index.data as Int32Array, base.data);
  // a view with storage of its own (a facade's copy) holds them at once too, uncounted: the write is base's; a
  // reshape of base's storage (index null) takes them there
  if (index === null || y.data !== base._data) y.data.set(r.data);
  y.counter.v++;
  noteWrite(base);
}
