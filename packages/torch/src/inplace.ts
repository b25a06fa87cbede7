/**
 * The facade's in-place ops (Tensor's add_, mul_, fill_, ...): PyTorch's checks, then the write, through a view to its
 * base where the tensor is one (core inplaceOnView: CopySlices), else on the tensor itself (core inplace).
 */
import { core } from './core.js';
import { RuntimeError, userWarning } from './errors.js';
import type { Tensor } from './tensor.js';
import { inplaceOnCopy, noteView, passOn, writeThrough, writesOverlap } from './copies.js';
import { stridesOf } from './views.js';

// PyTorch 1.13's TORCH_WARN in masked_fill_ (TensorAdvancedIndexing.cpp), each time
const MASKED_FILL_EXPANDED = 'Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before performing this ' +
  'operation. This also applies to advanced indexing e.g. tensor[mask] = scalar';
const PARTIAL = 'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. ' +
  'Please clone() the tensor before performing the operation.';

/** In-place op `op` on `x`, its new value `compute(old)`; `operands` are its tensor arguments. */
export function runInplace(x: Tensor, op: string, operands: readonly Tensor[], compute: (old: core.Tensor) => core.Tensor): void {
  const ts = operands.map((o) => o._t);
  const t = x._t;
  const through = writeThrough(x, t);
  refuseOverlaps(x, op, operands, ts, through);
  if (through !== null && writeView(x, op, ts, compute, through)) return;
  const note = x._copyOf;
  if (note !== null) {
    // PyTorch's own refusal of an in-place op on the view first (check_inplace), where it has one
    core.checkInplace(t, ts, x._base?._t);
    throw inplaceOnCopy(op, note);
  }
  // the views over this tensor's storage make their history again before their next use (`followView`)
  core.inplace(op, t, ts, compute, true);
}

type Through = NonNullable<ReturnType<typeof writeThrough>>;

/**
 * PyTorch's check_inplace first, then its kernel's refusals: a view whose elements share a location (except for
 * fill_, zero_ and masked_fill_, which warns), an operand that partially overlaps the tensor written.
 */
function refuseOverlaps(x: Tensor, op: string, operands: readonly Tensor[], ts: readonly core.Tensor[], through: Through | null): void {
  // copy_ of a tensor into itself does nothing in PyTorch's kernel (copy_impl returns before its overlap checks)
  if (op === 'copy_' && operands[0] === x) return;
  const repeats = through !== null && through.index !== null && core.overlaps(through.index, through.base.size);
  if (repeats && op === 'masked_fill_') userWarning(MASKED_FILL_EXPANDED);
  const internal = repeats && !writesOverlap(op);
  if (!internal && (operands.length === 0 || !partialOverlaps(x, through, operands))) return;
  core.checkInplace(x._t, ts, x._base?._t);
  throw new RuntimeError(internal ? core.OVERLAP : PARTIAL);
}

/** The write through a view (or a copy's storage) to its base, where it goes there; false where it does not. */
function writeView(x: Tensor, op: string, ts: readonly core.Tensor[], compute: (old: core.Tensor) => core.Tensor, through: Through): boolean {
  const t = x._t, note = x._copyOf;
  if (through.recordable) {
    // PyTorch's in-place op on a view: the base takes the values and a CopySlices history
    const before = t.node;
    core.inplaceOnView(op, t, through.base, through.index, ts, compute);
    // a recorded op gave the view its new history already; after an unrecorded one, `followView` makes it
    if (note === null && t.node !== before) noteView(t);
    return true;
  }
  if (!core.mode.grad || (!t.requiresGrad && !ts.some((o) => o.requiresGrad))) {
    // a detached alias of a copy (detach(), .data), or any write under no_grad: it reaches the source's storage,
    // and no history records it
    core.withGradMode(false, () => core.inplaceOnView(op, t, through.base, through.index, ts, compute));
    return true;
  }
  if (note !== null && x._base === null && t._data === note.target._data) {
    // a tensor given a copy's storage by `x.data = ...`: not a view, so the op is its own, and the values go on
    core.inplace(op, t, ts, compute, true);
    passOn(note);
    return true;
  }
  return false;
}

/**
 * Whether an in-place op's operand partially overlaps `a`, the tensor written (`aThrough`: its writeThrough), as
 * PyTorch's get_overlap_status decides it (MemOverlap.cpp): over one storage, both dense (no repeated element, no
 * gap), and their spans there either the same with other strides, or crossing. Anything else is no overlap, or too hard to tell, which PyTorch lets run.
 */
function partialOverlaps(a: Tensor, aThrough: Through | null, operands: readonly Tensor[]): boolean {
  if (a._t.size === 0) return false;
  const m = spanOf(a, aThrough);
  if (m === null || !m.dense) return false;
  return operands.some((b) => {
    if (a === b || b._t.size === 0) return false;
    const n = spanOf(b, writeThrough(b, b._t));
    if (n === null || m.storage !== n.storage || !n.dense) return false;
    if (m.begin === n.begin && m.end === n.end) {
      const sa = stridesOf(a), sb = stridesOf(b);
      return sa.length !== sb.length || sa.some((s, d) => s !== sb[d]);
    }
    return m.begin < n.end && n.begin < m.end;
  });
}

/**
 * The storage a facade tensor's elements lie in (its base's, for a view or copy: `through`, its writeThrough), and the
 * span of positions they take.
 */
function spanOf(f: Tensor, through: Through | null): { storage: object; begin: number; end: number; dense: boolean } | null {
  const t = f._t;
  if (through === null) return t._data === null ? null : { storage: t._data, begin: 0, end: t.size, dense: true };
  if (through.index === null) return { storage: through.base.data, begin: 0, end: t.size, dense: true };
  const ix = through.index.data as Int32Array;
  let lo = Infinity, hi = -1;
  for (let i = 0; i < ix.length; i++) {
    if (ix[i]! < lo) lo = ix[i]!;
    if (ix[i]! > hi) hi = ix[i]!;
  }
  const dense = hi - lo + 1 === ix.length && !core.overlaps(through.index, through.base.size);
  return { storage: through.base.data, begin: lo, end: hi + 1, dense };
}
