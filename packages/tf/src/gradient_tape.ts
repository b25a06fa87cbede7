import * as core from '@twingrad/core';
import { RuntimeError, ValueError, guarded, translate } from './errors.js';
import {
  addSourceTarget, checkUnconnected, fitSeed, givenSeeds, keyOf, mergeRoots, oneHot, onesSeed, readTarget, sourceGroup,
  sourceTensor, sumGroup, targetTensor,
} from './gradient_args.js';
import { flatten, pack } from './nest.js';
import { pyRepr, pyStr, pyTypeName } from './py.js';
import { TensorBase, TfTape, Variable, convert, fmtShape, wrap, type Tensor, type TensorInput } from './tensor.js';

/** `tf.UnconnectedGradients`: what `gradient` returns for a source the target does not depend on. */
export const UnconnectedGradients = { NONE: 'none', ZERO: 'zero' } as const;
export type UnconnectedGradientsValue = 'none' | 'zero';

/** A source or target structure: one tensor or variable, or arrays / plain objects of them (Python's nest). */
export type Nest<T> = T | readonly Nest<T>[] | { readonly [k: string]: Nest<T> };
type Src = Tensor | Variable;
type GradOf<S> = S extends TensorBase ? Tensor | null : S extends readonly unknown[] ? { [K in keyof S]: GradOf<S[K]> } : S extends object ? { [K in keyof S]: GradOf<S[K]> } : never;

const NON_PERSISTENT = 'A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)';
// backprop.py batch_jacobian: "...can only be used to" "compute one set..." (the missing space is TensorFlow's)
const NON_PERSISTENT_BATCH = 'A non-persistent GradientTape can only be used tocompute one set of gradients (or jacobians)';
// backprop.py gradient: `if target is None: raise TypeError(...)`
const NONE_TARGET = 'Argument `target` should be a list or nested structure of Tensors, Variables or CompositeTensors to be differentiated, but received None.';
// backprop.py gradient: logging.log_first_n(logging.WARN, "Calling GradientTape.gradient on a persistent tape ...", 1)
const PERSISTENT_INSIDE = 'Calling GradientTape.gradient on a persistent tape inside its context is significantly less efficient than ' +
  'calling it outside the context (it causes the gradient ops to be recorded on the tape, leading to increased CPU and ' +
  'memory usage). Only call GradientTape.gradient inside the context if you actually want to trace the gradient in ' +
  'order to compute higher order derivatives.';
/** How many times each log_first_n warning has been logged in this process (TF's counts are per call site). */
let watchWarnings = 0;
let persistentWarnings = 0;

/** Python's `logging.warning` through the tensorflow logger: its default format prefixes 'WARNING:tensorflow:'. */
function logWarning(message: string): void {
  console.warn(`WARNING:tensorflow:${message}`);
}

/**
 * Refuses a callback's Promise (an async `with` block): recording follows only synchronous code. The Promise's own
 * rejection is handled here, so that only this error reaches the caller.
 */
export function refuseAsync(out: unknown, where: string, who: string): void {
  if (out === null || (typeof out !== 'object' && typeof out !== 'function') || typeof (out as { then?: unknown }).then !== 'function') return;
  (out as PromiseLike<unknown>).then(undefined, () => undefined);
  throw new TypeError(`${where}: the callback returned a Promise. ${who} records only while the callback runs synchronously and cannot ` +
    'follow an await; compute the awaited values first, then record synchronous code.');
}

/**
 * A Python attribute lookup `obj.shape` on something that is no tensor: Python's AttributeError. NOTE: errors.ts has no
 * AttributeError; JavaScript's TypeError (what reading a property of null raises) carries Python's text.
 */
function noShape(v: unknown): TypeError {
  return new TypeError(`'${pyTypeName(v)}' object has no attribute 'shape'`);
}

/**
 * This facade's tape. TfTape keeps only the variables whose reads it can watch (floating ones), but TF lists every
 * trainable variable a tape saw accessed, whatever its dtype: resource_variable_ops.py `variable_accessed` (`if
 * variable.trainable: tape.variable_accessed(variable)`) and pywrap_tfe_src.cc `GradientTape::WatchVariable`
 * (`variable_watcher_.WatchVariable(v)`, then `this->Watch(id)`) test no dtype; tape.h `IsDtypeTrainable` counts the
 * handle's DT_RESOURCE as trainable. So the others are noted here, for `watched_variables` only.
 */
class Recorder extends TfTape {
  /** Variables of an integer or bool dtype watched by this tape (their values are not: they have no gradient). */
  unwatchable: Set<Variable> | null = null;

  override watchVariable(v: Variable, t: core.Tensor): void {
    if (!core.isFloat(t.dtype)) (this.unwatchable ??= new Set()).add(v);
    super.watchVariable(v, t);
  }
}

/**
 * `tf.GradientTape`: records the ops run inside `record(fn)` (Python's `with tape:` block) on the inputs it watches,
 * then differentiates them with `gradient`. Tapes nest: a tape recording while an inner tape's `gradient` runs
 * records that computation, which is how higher orders are taken.
 * @example
 * const x = new tf.Variable(3.0);
 * const tape = new tf.GradientTape();
 * const y = tape.record(() => x.pow(2));
 * tape.gradient(y, x).numpy(); // 6
 */
export class GradientTape {
  readonly persistent: boolean;
  readonly watch_accessed_variables: boolean;
  #tape: Recorder | null = null;
  #recording = false;
  /** What a spent non-persistent tape watched: its variables are listed only if asked (the sort costs). */
  #spent: Watched | null = null;
  #watchedVariables: Variable[] | null = null;

  constructor(options: { persistent?: boolean; watch_accessed_variables?: boolean } = {}) {
    this.persistent = options.persistent ?? false;
    this.watch_accessed_variables = options.watch_accessed_variables ?? true;
  }

  /** Runs `fn` with this tape recording and returns its value. The callback must be synchronous. */
  record<T>(fn: () => T): T {
    this.#push();
    let out: T;
    try {
      out = fn();
    } finally {
      if (this.#recording) this.#pop();
    }
    refuseAsync(out, 'GradientTape.record', 'A tape');
    return out;
  }

  #push(): void {
    if (this.#recording) throw new ValueError('Tape is still recording, This can happen if you try to re-enter an already-active tape.');
    this.#tape ??= new Recorder(this.watch_accessed_variables);
    this.#tape.start();
    this.#recording = true;
  }

  #pop(): void {
    if (!this.#recording) throw new ValueError('Tape is not recording.');
    this.#tape!.stop();
    this.#recording = false;
  }

  /** Watches tensors or variables (a nest of them). Integer and bool tensors are not watched (TF warns). */
  watch(tensor: Nest<TensorBase>): void {
    const tape = (this.#tape ??= new Recorder(this.watch_accessed_variables));
    for (const t of flatten(tensor)) {
      // backprop.py _extract_tensors_and_variables: f"Passed in object {obj} of type {type(obj).__name__!r}, not
      // tf.Tensor or tf.Variable or ExtensionType." (raised when the generator reaches it: earlier ones are watched)
      if (!(t instanceof TensorBase)) {
        throw new ValueError(`Passed in object ${pyStr(t)} of type ${pyRepr(pyTypeName(t))}, not tf.Tensor or tf.Variable or ExtensionType.`);
      }
      const c = t._t;
      // backprop.py watch: logging.log_first_n(logging.WARN, "The dtype of the watched tensor must be floating
      // (e.g. tf.float32), got %r", 5, t.dtype)
      if (!core.isFloat(c.dtype) && watchWarnings++ < 5) logWarning(`The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.${c.dtype}`);
      if (t instanceof Variable) {
        (tape.explicit ??= new Set()).add(t);
        tape.watchVariable(t, c);
      } else tape.watch(c);
    }
  }

  /** Runs `fn` without this tape recording (TF's `with tape.stop_recording():`). */
  stop_recording<T>(fn: () => T): T {
    if (this.#tape === null) throw new RuntimeError('Trying to stop recording a tape which is not recording.');
    const tapes = core.mode.tapes;
    const at = tapes.indexOf(this.#tape);
    this.#pop();
    try {
      return fn();
    } finally {
      this.#push();
      if (at >= 0 && at < tapes.length - 1) tapes.splice(at, 0, tapes.pop()!);
    }
  }

  /** Forgets everything recorded so far and keeps recording (only while recording, as in TF). */
  reset(): void {
    this.#pop();
    this.#tape = null;
    this.#push();
  }

  /** The variables this tape watched, in order of creation. */
  watched_variables(): Variable[] {
    if (this.#tape !== null) return sortedVariables(this.#tape);
    if (this.#spent !== null) {
      this.#watchedVariables = sortedVariables(this.#spent);
      this.#spent = null;
    }
    return (this.#watchedVariables ??= []);
  }

  /**
   * d(sum of target's elements)/d(source) for each source, in the sources' structure: null where unconnected
   * (zeros with `unconnected_gradients: 'zero'`). `output_gradients` weighs each target instead of ones.
   */
  gradient<S extends Nest<Src>>(target: Nest<TensorBase>, sources: S, options: { output_gradients?: Nest<TensorInput | null> | null; unconnected_gradients?: UnconnectedGradientsValue } = {}): GradOf<S> {
    const tape = this.#begin();
    if (target === null || target === undefined) throw new TypeError(NONE_TARGET);
    if (target instanceof TensorBase && sources instanceof TensorBase && (options.output_gradients ?? null) === null) {
      const g = this.#gradientOfOne(tape, target, sources, checkUnconnected(options.unconnected_gradients));
      this.#end();
      return (g === null ? null : wrap(g)) as GradOf<S>;
    }
    const flatTargets = flatten(target);
    const ys = flatTargets.map(targetTensor);
    const given = givenSeeds(options.output_gradients, ys.length);
    const unconnected = checkUnconnected(options.unconnected_gradients);
    const flatSources = flatten(sources);
    const grads = guarded(null, () => {
      const roots: core.Tensor[] = [], seeds: core.Tensor[] = [];
      let extras: Array<core.Tensor | null> | null = null;
      ys.forEach((y, i) => {
        const g = given?.[i] ?? null;
        if (tape.tracks(y)) {
          // the engine backpropagates this seed, and adds it to the target's own gradient if it is a source
          roots.push(y);
          seeds.push(g === null ? onesSeed(y) : fitSeed(g, y, i));
        } else {
          extras = addSourceTarget(extras, flatTargets[i], g ?? core.ones(y.shape, y.dtype), flatSources);
        }
      });
      return this.#grads(tape, roots, seeds, flatSources, unconnected, extras);
    });
    this.#end();
    return pack(sources, grads.map((g) => (g === null ? null : wrap(g))));
  }

  /** The Jacobian of `target` with respect to each source: shape target.shape + source.shape. */
  jacobian<S extends Nest<Src>>(target: TensorBase, sources: S, options: { unconnected_gradients?: UnconnectedGradientsValue; parallel_iterations?: number; experimental_use_pfor?: boolean } = {}): GradOf<S> {
    // backprop.py jacobian checks all this before its loop_fn's `self.gradient` pops a non-persistent tape, so an
    // error here leaves the tape recording: `if self._tape is None: raise RuntimeError(...)`, then
    // `target_static_shape = target.shape` (a list is Python's AttributeError), then the pfor=False RuntimeError
    if (this.#tape === null) throw new RuntimeError(NON_PERSISTENT);
    if (!(target instanceof TensorBase)) throw noShape(target);
    if (options.experimental_use_pfor === false && !this.persistent) {
      // backprop.py: without pfor, TF loops over the rows with one gradient call each, which a non-persistent tape refuses
      throw new RuntimeError('GradientTape must be created with persistent=True to compute the jacobian with eager execution enabled and with  experimental_use_pfor set to False.');
    }
    const tape = this.#begin();
    const unconnected = checkUnconnected(options.unconnected_gradients);
    const y = readTarget(tape, target);
    const flatSources = flatten(sources);
    const out = guarded(null, () => {
      const rows = this.#rows(tape, y, flatSources, y.size, (j) => oneHot(y, [j]));
      return rows.map((r, i) => {
        const s = sourceTensor(flatSources[i]!);
        if (r === null) return unconnected === 'zero' ? core.zeros([...y.shape, ...s.shape], s.dtype) : null;
        return core.reshape(r, [...y.shape, ...s.shape]);
      });
    });
    this.#end();
    return pack(sources, out.map((g) => (g === null ? null : wrap(g))));
  }

  /** Per-example Jacobians: target [b, ...y] and source [b, ...x] give [b, ...y, ...x] (target[i] must depend on source[i] only). */
  batch_jacobian(target: TensorBase, source: Src, options: { unconnected_gradients?: UnconnectedGradientsValue; parallel_iterations?: number; experimental_use_pfor?: boolean } = {}): Tensor | null {
    // backprop.py batch_jacobian, in its order and before any `self.gradient` pops a non-persistent tape:
    // `if self._tape is None`, then `target_shape.with_rank_at_least(2) and source.shape.with_rank_at_least(2) and
    // dim.is_compatible_with(source.shape[0])`, then the pfor=False RuntimeError
    if (this.#tape === null) throw new RuntimeError(NON_PERSISTENT_BATCH);
    if (!(target instanceof TensorBase)) throw noShape(target);
    // tensor_shape.py with_rank_at_least: "Shape %s must have rank at least %d" % (self, rank)
    if (target._t.rank < 2) throw new ValueError(`Shape ${fmtShape(target._t.shape)} must have rank at least 2`);
    if (!(source instanceof TensorBase)) throw noShape(source);
    if (source._t.rank < 2) throw new ValueError(`Shape ${fmtShape(source._t.shape)} must have rank at least 2`);
    if (target._t.shape[0] !== source._t.shape[0]) {
      // "... target shape (%s) and source shape (%s) to match." % (target.shape, source.shape): TensorShape's str
      // brings its own parentheses, so the message has two pairs: "target shape ((4, 2))"
      throw new ValueError(`Need first dimension of target shape (${fmtShape(target._t.shape)}) and source shape (${fmtShape(source._t.shape)}) to match.`);
    }
    if (options.experimental_use_pfor === false && !this.persistent) {
      throw new RuntimeError('GradientTape must be created with persistent=True to compute the batch_jacobian with eager execution enabled and  with experimental_use_pfor set to False.');
    }
    const tape = this.#begin();
    checkUnconnected(options.unconnected_gradients);
    const y = readTarget(tape, target);
    const x = sourceTensor(source);
    const b = y.shape[0]!;
    const rowSize = y.size / b;
    const out = guarded(null, () => {
      const [r] = this.#rows(tape, y, [source], rowSize, (j) => oneHot(y, Array.from({ length: b }, (_, i) => i * rowSize + j)));
      const shape = [...y.shape, ...x.shape.slice(1)];
      // backprop.py: `if output is None: ... output = array_ops.zeros(new_shape, target.dtype)`: zeros, never None,
      // and in the target's dtype
      if (r === null || r === undefined) return core.zeros(shape, y.dtype);
      // r is [rowSize, b, ...x]: per-example rows first, then the target's row elements.
      const perm = [1, 0, ...x.shape.slice(1).map((_, i) => i + 2)];
      return core.reshape(core.transpose(r, perm), shape);
    });
    this.#end();
    return out === null ? null : wrap(out);
  }

  /**
   * A tape ready to differentiate, as backprop.py `gradient` begins: `if self._tape is None: raise RuntimeError`;
   * `if self._recording:` a non-persistent tape stops recording (`self._pop_tape()`), a persistent one logs, once per
   * process, that it records the gradient computation (`logging.log_first_n(logging.WARN, ..., 1)`).
   */
  #begin(): Recorder {
    if (this.#tape === null) throw new RuntimeError(NON_PERSISTENT);
    if (this.#recording) {
      if (!this.persistent) this.#pop();
      else if (persistentWarnings++ < 1) logWarning(PERSISTENT_INSIDE);
    }
    return this.#tape;
  }

  #end(): void {
    if (this.persistent) return;
    const tape = this.#tape!;
    this.#spent = { reads: tape.reads, unwatchable: tape.unwatchable };
    this.#watchedVariables = null;
    this.#tape = null;
  }

  /**
   * `gradient` for one target and one source with ones as the seed, the notebook's case: the same steps as the
   * general path, without the arrays and closures that handle nests.
   */
  #gradientOfOne(tape: TfTape, target: TensorBase, source: TensorBase, unconnected: UnconnectedGradientsValue): core.Tensor | null {
    const y = targetTensor(target);
    try {
      const group = sourceGroup(tape, source);
      if (!tape.tracks(y)) {
        // tape.h InitialGradients: a target no recorded op produced gets a gradient only if it is also a source
        const g = keyOf(target) === keyOf(source) ? core.ones(y.shape, y.dtype) : null;
        return sumGroup([], 0, 0, source, unconnected, g);
      }
      const gs = core.backward([y], [onesSeed(y)], { tape, sources: group, accumulate: null, retainGraph: true, createGraph: recorded() });
      return sumGroup(gs, 0, group.length, source, unconnected, null);
    } catch (e) {
      throw translate(e, null);
    }
  }

  /**
   * One backward pass from `roots` (targets this tape tracks) to all sources; a variable's gradient sums over every
   * value of it this tape saw read. `extras[i]`, when given, is added to source i's gradient (a seed of an untracked
   * target that is that source).
   */
  #grads(tape: TfTape, roots: core.Tensor[], seeds: core.Tensor[], flatSources: unknown[], unconnected: UnconnectedGradientsValue, extras: ReadonlyArray<core.Tensor | null> | null): Array<core.Tensor | null> {
    const groups = flatSources.map((s) => sourceGroup(tape, s));
    // NOTE: not groups.flat(): that generic builtin costs more than the rest of a small gradient call.
    const all: core.Tensor[] = [];
    for (const grp of groups) for (const t of grp) all.push(t);
    [roots, seeds] = mergeRoots(roots, seeds);
    const gs = roots.length === 0 ? [] : core.backward(roots, seeds, { tape, sources: all, accumulate: null, retainGraph: true, createGraph: recorded() });
    let k = 0;
    return groups.map((grp, i) => {
      const g = sumGroup(gs, k, grp.length, flatSources[i]!, unconnected, extras?.[i] ?? null);
      k += grp.length;
      return g;
    });
  }

  /**
   * Gradients of one seed row at a time, stacked along a new first axis (null where a source is unconnected). TF's
   * loop_fn differentiates `array_ops.gather(target, i)`, a new tensor that is never a source: no source-target seed.
   */
  #rows(tape: TfTape, y: core.Tensor, flatSources: unknown[], n: number, seed: (j: number) => core.Tensor): Array<core.Tensor | null> {
    const perRow: Array<Array<core.Tensor | null>> = [];
    const tracked = tape.tracks(y);
    for (let j = 0; j < n; j++) perRow.push(this.#grads(tape, tracked ? [y] : [], tracked ? [seed(j)] : [], flatSources, 'none', null));
    return flatSources.map((src, i) => {
      const col = perRow.map((r) => r[i]!);
      const s = sourceTensor(src);
      if (n === 0) return core.zeros([0, ...s.shape], s.dtype);
      if (col.every((g) => g === null)) return null;
      return core.stack(col.map((g) => g ?? core.zeros(s.shape, s.dtype)), 0);
    });
  }
}

/**
 * Whether a gradient computed now is recorded: TensorFlow records it on every tape still recording (an outer one,
 * or a persistent tape asked from inside its own block), and nowhere else. With none, the pass records nothing,
 * and the engine may reuse the storage of the cotangents it made (core's pool.ts).
 */
function recorded(): boolean {
  return core.mode.tapes.length > 0;
}

/** The variables a tape watched: those whose reads it watched, and the others (Recorder.unwatchable). */
type Watched = Pick<Recorder, 'reads' | 'unwatchable'>;

/** The watched variables in order of creation ("Returns variables watched by this tape in order of construction."). */
function sortedVariables(tape: Watched): Variable[] {
  const vs = [...tape.reads.keys()];
  if (tape.unwatchable !== null) for (const v of tape.unwatchable) if (!tape.reads.has(v)) vs.push(v);
  return vs.sort((a, b) => a._id - b._id);
}

/** `tf.stop_gradient(input)`: the same values, seen by no tape. */
export function stop_gradient(input: TensorInput): Tensor {
  return guarded('StopGradient', () => wrap(core.detach(convert(input))));
}
