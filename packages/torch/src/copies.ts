/**
 * The facade's copies where PyTorch makes views (index, select, narrow, split, chunk, unbind, t, transpose, permute, T, expand,
 * broadcast_to): what a copy remembers of the tensor it was taken from (CopyNote), how it follows that tensor's writes
 * as PyTorch's view would (followCopy), where an in-place op on one writes (writeThrough), and the error where it
 * cannot (inplaceOnCopy).
 */
import { core } from './core.js';
import { RuntimeError } from './errors.js';
import type { Tensor } from './tensor.js';
import { gradFnLabel } from './grad_fn.js';

/** One op of the chain that computes a copy's values from the storage it was taken from (a linked list, latest last). */
interface Step {
  readonly prev: Step | null;
  readonly apply: (t: core.Tensor) => core.Tensor;
}

/**
 * What an op that returns a view in PyTorch but a copy in twingrad left on its result (see `viewOf`), shared by the
 * views of that copy: the op, whether PyTorch's view would have overlapping elements (an expand that repeats entries),
 * and what the copy needs to follow writes to the tensor it was taken from as PyTorch's view would (`followCopy`).
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
  /**
   * The copy's `_base` (the first tensor of its chain of views, a detached alias ending the chain): PyTorch makes a
   * view's history again only while that requires grad.
   */
  readonly base: core.Tensor;
  /** The ops from the root to the copy's values. */
  readonly steps: Step;
  /** How many times the copy's history has been made again (`regenerate`): its views follow (`viewEra`). */
  era: number;
  /** Where each of the copy's elements sits in the root's storage, once a history made again has needed it. */
  index: core.Tensor | null;
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

/** The note of copy `out` = apply(x), x's core tensor being `src`: its chain goes on from x's if x is a copy (or a view of one). */
export function copyNote(op: string, x: Tensor, src: core.Tensor, out: core.Tensor, apply: (t: core.Tensor) => core.Tensor): CopyNote {
  const up = x._copyOf;
  // only an expand makes more elements than it reads
  // a piece of split, chunk or unbind refuses a new history (`refuses`)
  multiOutput(op, src, out);
  const common = { op, base: (x._base ?? x)._t, overlaps: out.size > src.size, target: out, version: out.version, own: core.writesTo(out), followed: true, era: 0, index: null };
  let note: CopyNote;
  if (up === null) {
    // x may be a view over its base's storage (a reshape of its values): the chain starts at the base, PyTorch's
    // `_base` of the copy, which in-place ops on the copy write and its history is made again on
    const b = x._base?._t;
    const viaBase = b !== undefined && b !== src && b._data !== null && b._data === src._data;
    const source = viaBase ? b : src;
    const root = source.alias(source.shape);
    const steps: Step = viaBase ? { prev: { prev: null, apply: reshapeTo(src.shape) }, apply } : { prev: null, apply };
    note = { ...common, source, root, steps, writes: core.writesTo(root) };
  } else {
    // x is the upstream copy, or a view of it over its storage (a reshape of its values)
    const prev: Step = src === up.target ? up.steps : { prev: up.steps, apply: reshapeTo(src.shape) };
    note = { ...common, source: up.source, root: up.root, steps: { prev, apply }, writes: core.writesTo(up.root) };
  }
  core.onBeforeWrite(out, () => catchUp(note));
  core.onAfterWrite(out, () => passOn(note));
  return note;
}

/** PyTorch's ops among the copies that return several views. */
const MULTI_OUTPUT = new Set(['split', 'chunk', 'unbind']);

/**
 * Marks `out`, made by `op` from `src`, if it is a view PyTorch makes with CreationMeta::MULTI_OUTPUT_NODE (an output
 * of split, chunk or unbind, or a view of one, made with grad mode on; under no_grad it is a no_grad view).
 */
export function multiOutput(op: string | null, src: core.Tensor, out: core.Tensor): void {
  // NOTE: `checksRebase` marks the core's multi-output views alone (core `noteMultiOutputView`)
  if (!core.mode.grad || !((op !== null && MULTI_OUTPUT.has(op)) || src.checksRebase)) return;
  core.noteMultiOutputView(out, gradFnLabel(out));
}

/** A step of a chain made at module level: its closure holds the shape alone, not the scope that made the note. */
function reshapeTo(shape: readonly number[]): (t: core.Tensor) => core.Tensor {
  return (t) => core.reshape(t, shape);
}

/** For a view `t` of a copy (over the copy's storage): the copy's `era` its history was made in (see `followCopy`). */
const viewEra = new WeakMap<core.Tensor, number>();

/** Marks `t`, a view over the storage of the copy `note` is of, as made in the copy's current history. */
export function noteViewOfCopy(t: core.Tensor, note: CopyNote): void {
  viewEra.set(t, note.era);
  core.onBeforeWrite(t, () => catchUp(note));
  core.onAfterWrite(t, () => passOn(note));
}

/**
 * The copy's values, taken again if its source storage has been written since, unless its own storage has been
 * written outside the facade since (then it follows no more). Also run by the core before it adds into the copy or
 * a view of it (a `.grad` that is one), so that the addition lands on the values PyTorch's view would hold.
 */
function catchUp(note: CopyNote): void {
  if (!note.followed || (note.target.version === note.version && core.writesTo(note.root) === note.writes)) return;
  if (core.writesTo(note.target) !== note.own) note.followed = false;
  else followSource(note);
}

/**
 * The core tensor `t` of facade tensor `f`, a copy or a view of one, once it is what PyTorch's view would be: its
 * values (`followSource`) and, for a view of the copy whose history was made before the copy's was regenerated, its
 * history made again over the copy's (detached aliases excepted).
 */
export function followCopy(f: Tensor, t: core.Tensor, note: CopyNote): core.Tensor {
  catchUp(note);
  if (t === note.target || f._base === null) return t;
  const era = viewEra.get(t);
  if (era === undefined || era === note.era) return t;
  viewEra.set(t, note.era);
  // PyTorch's view of a view is a view of the base: its new grad_fn is an AsStridedBackward0 on the source too, made
  // while its base requires grad (a detached alias in its chain does not)
  if (f._base._t.requiresGrad && !refuses(t)) recordAgain(t, () => core.asStrided(note.source, core.reshape(indexOf(note), t.shape)));
  return t;
}

/**
 * Whether PyTorch refuses to make `t`'s history again: a view made under no_grad (or one requiring grad through its
 * base alone) or a piece of split or chunk; its next use of its history is then core `checkViewRebase`'s error.
 */
function refuses(t: core.Tensor): boolean {
  return t.gradViaBase || core.viewRebaseError(t, true) !== null;
}

/**
 * For a view over the storage of a tensor that is no copy (view, reshape, unsqueeze, ...): its counter's version when
 * its history was last made (see `followView`).
 */
const viewVersions = new WeakMap<core.Tensor, number>();

/**
 * Notes `t`, a view of `base` over its storage made with grad mode on, for `followView`; again once an in-place op on
 * `t` has made its history itself (core `inplaceOnView`).
 */
export function noteView(t: core.Tensor): void {
  viewVersions.set(t, t.version);
}

/**
 * A view's history made again once its storage has been written (through its base or another view, recorded or
 * not): PyTorch regenerates its grad_fn as one AsStridedBackward0 on its base's current history.
 */
export function followView(f: Tensor, t: core.Tensor): void {
  const v = viewVersions.get(t);
  if (v === undefined || v === t.version) return;
  viewVersions.set(t, t.version);
  const base = f._base!._t;
  if (!base.requiresGrad || base._data !== t._data || refuses(t)) return;
  // a view over the base's storage holds its elements in the base's order
  recordAgain(t, () => core.asStrided(base, positions(t.shape)));
}

/** `t`'s history made again: `make`, recorded on PyTorch's graph whatever the mode, gives `t` its producer. */
function recordAgain(t: core.Tensor, make: () => core.Tensor): void {
  core.adoptHistory(t, core.withGradMode(true, () => core.withoutTapes(make)));
}

/**
 * A copy whose source storage has been written since its values were taken (`note.version` behind the shared
 * counter, or `note.writes` behind the storage's): its values are taken again, unrecorded, into its own storage, as
 * PyTorch's view would show them, without a version bump (the write has counted). Where the shared counter moved,
 * its history is made again on the source's (`regenerate`), as PyTorch regenerates a view's grad_fn; a write through
 * `.data`, which has a counter of its own, leaves it.
 */
function followSource(note: CopyNote): void {
  core.refill(note.target, core.unrecorded(() => chain(stepsOf(note), note.root)));
  if (note.target.version !== note.version) regenerate(note);
  note.version = note.target.version;
  note.writes = core.writesTo(note.root);
}

/** The ops of the chain from the root to the copy's values, first first. */
function stepsOf(note: CopyNote): Array<(t: core.Tensor) => core.Tensor> {
  const steps: Array<(t: core.Tensor) => core.Tensor> = [];
  for (let s: Step | null = note.steps; s !== null; s = s.prev) steps.push(s.apply);
  return steps.reverse();
}

/** Where each element of the copy sits in the root's storage: the chain run on the positions themselves (int32). */
function indexOf(note: CopyNote): core.Tensor {
  const root = note.root;
  return (note.index ??= core.unrecorded(() => chain(stepsOf(note), positions(root.shape))));
}

/**
 * Each element's flat position in a tensor of `shape`, as an int32 tensor of that shape. The last few are kept (read
 * only: the chain's ops make new tensors): a loop writing a row of a large tensor at a time (`w.select(0, i).add_(...)`)
 * would otherwise number the whole tensor for each row.
 */
function positions(shape: readonly number[]): core.Tensor {
  const key = shape.join(',');
  let p = numbered.get(key);
  if (p === undefined) {
    if (numbered.size >= 4) numbered.clear();
    numbered.set(key, (p = core.reshape(core.arange(0, core.sizeOf(shape), 1, 'int32'), shape)));
  }
  return p;
}
const numbered = new Map<string, core.Tensor>();

/** The ops of `steps` in turn on `t` (iterative: a chain of copies may be long). */
function chain(steps: ReadonlyArray<(t: core.Tensor) => core.Tensor>, t: core.Tensor): core.Tensor {
  for (let k = 0; k < steps.length; k++) t = steps[k]!(t);
  return t;
}

/**
 * The copy's history made again on its source's current one, as PyTorch regenerates a view's grad_fn: one
 * AsStridedBackward0 node from the source, where the source still has the storage the copy was taken from and
 * requires grad, as the copy's base does (a copy of a tensor made under no_grad keeps its own rules; one made under
 * no_grad, or a piece of split or chunk, refuses: `refuses`).
 */
function regenerate(note: CopyNote): void {
  const src = note.source;
  if (!src.requiresGrad || src.gradViaBase || !note.base.requiresGrad || src._data !== note.root._data || refuses(note.target)) return;
  note.era++;
  recordAgain(note.target, () => core.asStrided(src, indexOf(note)));
}

/**
 * Where an in-place op on `f` (core tensor `t`, already followed) writes as PyTorch's view would: the base's storage,
 * the flat position there of each of t's elements (null for a real view: all of them, in order), and whether the base's history can take the write (PyTorch's
 * CopySlices): only for a view (`_base`), and only while the base still has the storage the view was taken from. Null
 * for a tensor that is no view nor holds a copy's storage, and for a copy whose own storage was written outside the
 * facade (it no longer follows its source): an in-place op on such a copy is refused (`inplaceOnCopy`).
 */
export function writeThrough(f: Tensor, t: core.Tensor): { base: core.Tensor; index: core.Tensor | null; recordable: boolean } | null {
  const note = f._copyOf;
  if (note !== null) {
    if (!note.followed) return null;
    const index = indexOf(note);
    // after `x.data = ...` gave the source another storage, the write goes to the one the copy was taken from
    const same = note.source._data === note.root._data;
    return { base: same ? note.source : note.root, index: t === note.target ? index : core.reshape(index, t.shape), recordable: same && f._base !== null };
  }
  const base = f._base?._t;
  if (base === undefined || t._data === null || t._data !== base._data) return null;
  // a real view: base's storage in base's order (core inplaceOnView makes the positions if it records)
  return { base, index: null, recordable: true };
}

/**
 * After a write into the copy's own storage that no facade op made (an optimizer's step on a copy used as a
 * parameter, a `.grad` accumulated into; or an in-place op on a tensor that `x.data = ...` gave the copy's storage,
 * which is no view, so the op is its own): the values go on to the storage the copy was taken from, as PyTorch's view
 * writes its base, and the copy keeps following it.
 */
export function passOn(note: CopyNote): void {
  if (!note.followed) return;
  core.refillAt(note.root, indexOf(note), note.target);
  note.version = note.target.version;
  note.writes = core.writesTo(note.root);
  note.own = core.writesTo(note.target);
}

// NOTE: PyTorch lets fill_ and zero_ write an expanded view with repeated elements, and masked_fill_ with a warning
// (deprecated); every other in-place op refuses it.
const WRITES_OVERLAP = new Set(['fill_', 'zero_', 'masked_fill_']);

/** Whether in-place op `op` may write a view whose elements overlap (an expand's). */
export function writesOverlap(op: string): boolean {
  return WRITES_OVERLAP.has(op);
}

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

/** How an error names the op that made a copy. */
function madeBy(op: string): string {
  return op === 'T' ? '.T' : op === 'index' ? "index() (Python's x[...])" : `${op}()`;
}
