import * as core from '@twingrad/core';
import { RuntimeError, ValueError, guarded, translate } from './errors.js';
import { TensorBase, TfTape, Variable, convert, variableWatchers, wrap, type Tensor, type TensorInput } from './tensor.js';

/** `tf.UnconnectedGradients`: what `gradient` returns for a source the target does not depend on. */
export const UnconnectedGradients = { NONE: 'none', ZERO: 'zero' } as const;
export type UnconnectedGradientsValue = 'none' | 'zero';

/** A source or target structure: one tensor or variable, or arrays / plain objects of them (Python's nest). */
export type Nest<T> = T | readonly Nest<T>[] | { readonly [k: string]: Nest<T> };
type Src = Tensor | Variable;
type GradOf<S> = S extends TensorBase ? Tensor | null : S extends readonly unknown[] ? { [K in keyof S]: GradOf<S[K]> } : S extends object ? { [K in keyof S]: GradOf<S[K]> } : never;

const NON_PERSISTENT = 'A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)';
let watchWarnings = 0;

/** Python's nest.flatten: arrays in order, plain objects by sorted key. */
function flatten(s: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(s)) for (const e of s) flatten(e, out);
  else if (isPlainObject(s)) for (const k of Object.keys(s).sort()) flatten(s[k], out);
  else out.push(s);
  return out;
}

/** Python's nest.pack_sequence_as. */
function pack(structure: unknown, flat: readonly unknown[], at = { i: 0 }): any {
  if (Array.isArray(structure)) return structure.map((e) => pack(e, flat, at));
  if (isPlainObject(structure)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(structure).sort()) out[k] = pack(structure[k], flat, at);
    return Object.fromEntries(Object.keys(structure).map((k) => [k, out[k]]));
  }
  return flat[at.i++];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : typeof v === 'object' ? (v as object).constructor?.name ?? 'object' : typeof v;
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
  #tape: TfTape | null = null;
  #recording = false;
  /** What a spent non-persistent tape read: its variables are listed only if asked (the sort costs). */
  #spentReads: Map<Variable, core.Tensor[]> | null = null;
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
    if (out !== null && (typeof out === 'object' || typeof out === 'function') && typeof (out as { then?: unknown }).then === 'function') {
      (out as unknown as PromiseLike<unknown>).then(undefined, () => undefined);
      throw new TypeError('GradientTape.record: the callback returned a Promise. A tape records only while the callback runs ' +
        'synchronously and cannot follow an await; compute the awaited values first, then record synchronous code.');
    }
    return out;
  }

  #push(): void {
    if (this.#recording) throw new ValueError('Tape is still recording, This can happen if you try to re-enter an already-active tape.');
    this.#tape ??= new TfTape(this.watch_accessed_variables);
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
    const tape = (this.#tape ??= new TfTape(this.watch_accessed_variables));
    for (const t of flatten(tensor)) {
      if (!(t instanceof TensorBase)) throw new ValueError(`Passed in object of type ${typeName(t)}, not tf.Tensor`);
      const c = t._t;
      if (!core.isFloat(c.dtype) && watchWarnings++ < 5) console.warn(`WARNING: The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.${c.dtype}`);
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
    if (this.#tape !== null) return sortedVariables(this.#tape.reads);
    if (this.#spentReads !== null) {
      this.#watchedVariables = sortedVariables(this.#spentReads);
      this.#spentReads = null;
    }
    return (this.#watchedVariables ??= []);
  }

  /**
   * d(sum of target's elements)/d(source) for each source, in the sources' structure: null where unconnected
   * (zeros with `unconnected_gradients: 'zero'`). `output_gradients` weighs each target instead of ones.
   */
  gradient<S extends Nest<Src>>(target: Nest<TensorBase>, sources: S, options: { output_gradients?: Nest<TensorInput | null> | null; unconnected_gradients?: UnconnectedGradientsValue } = {}): GradOf<S> {
    const tape = this.#begin();
    const unconnected = checkUnconnected(options.unconnected_gradients);
    if (target instanceof TensorBase && sources instanceof TensorBase && (options.output_gradients ?? null) === null) {
      const g = this.#gradientOfOne(tape, target, sources, unconnected);
      this.#end();
      return (g === null ? null : wrap(g)) as GradOf<S>;
    }
    const targets = this.#targets(tape, target);
    const seeds = this.#seeds(targets, options.output_gradients);
    const flatSources = flatten(sources);
    const grads = guarded(null, () => this.#grads(tape, targets, seeds, flatSources, unconnected));
    this.#end();
    return pack(sources, grads.map((g) => (g === null ? null : wrap(g))));
  }

  /** The Jacobian of `target` with respect to each source: shape target.shape + source.shape. */
  jacobian<S extends Nest<Src>>(target: TensorBase, sources: S, options: { unconnected_gradients?: UnconnectedGradientsValue; parallel_iterations?: number; experimental_use_pfor?: boolean } = {}): GradOf<S> {
    const tape = this.#begin();
    const unconnected = checkUnconnected(options.unconnected_gradients);
    const [y] = this.#targets(tape, target);
    const flatSources = flatten(sources);
    // backprop.py: without pfor, TF loops over the rows with one gradient call each, which a non-persistent tape refuses
    if (options.experimental_use_pfor === false && !this.persistent) {
      throw new RuntimeError('GradientTape must be created with persistent=True to compute the jacobian with eager execution enabled and with  experimental_use_pfor set to False.');
    }
    const out = guarded(null, () => {
      const rows = this.#rows(tape, y!, flatSources, y!.size, (j) => oneHot(y!, [j]));
      return rows.map((r, i) => {
        const s = sourceTensor(flatSources[i]!);
        if (r === null) return unconnected === 'zero' ? core.zeros([...y!.shape, ...s.shape], s.dtype) : null;
        return core.reshape(r, [...y!.shape, ...s.shape]);
      });
    });
    this.#end();
    return pack(sources, out.map((g) => (g === null ? null : wrap(g))));
  }

  /** Per-example Jacobians: target [b, ...y] and source [b, ...x] give [b, ...y, ...x] (target[i] must depend on source[i] only). */
  batch_jacobian(target: TensorBase, source: Src, options: { unconnected_gradients?: UnconnectedGradientsValue; parallel_iterations?: number; experimental_use_pfor?: boolean } = {}): Tensor | null {
    const tape = this.#begin();
    checkUnconnected(options.unconnected_gradients);
    const [y] = this.#targets(tape, target);
    const x = sourceTensor(source);
    if (y!.rank < 2 || x.rank < 2 || y!.shape[0] !== x.shape[0]) {
      throw new ValueError(`Need first dimension of target shape (${shapeStr(y!.shape)}) and source shape (${shapeStr(x.shape)}) to match.`);
    }
    if (options.experimental_use_pfor === false && !this.persistent) {
      throw new RuntimeError('GradientTape must be created with persistent=True to compute the batch_jacobian with eager execution enabled and  with experimental_use_pfor set to False.');
    }
    const b = y!.shape[0]!;
    const rowSize = y!.size / b;
    const out = guarded(null, () => {
      const [r] = this.#rows(tape, y!, [source], rowSize, (j) => oneHot(y!, Array.from({ length: b }, (_, i) => i * rowSize + j)));
      const shape = [...y!.shape, ...x.shape.slice(1)];
      // NOTE: TF's batch_jacobian gives zeros, never None, for an unconnected source.
      if (r === null || r === undefined) return core.zeros(shape, x.dtype);
      // r is [rowSize, b, ...x]: per-example rows first, then the target's row elements.
      const perm = [1, 0, ...x.shape.slice(1).map((_, i) => i + 2)];
      return core.reshape(core.transpose(r, perm), shape);
    });
    this.#end();
    return out === null ? null : wrap(out);
  }

  /** A tape ready to differentiate; a non-persistent tape stops recording first, as TF does. */
  #begin(): TfTape {
    if (this.#tape === null) throw new RuntimeError(NON_PERSISTENT);
    if (this.#recording && !this.persistent) this.#pop();
    return this.#tape;
  }

  #end(): void {
    if (this.persistent) return;
    this.#spentReads = this.#tape!.reads;
    this.#watchedVariables = null;
    this.#tape = null;
  }

  /**
   * `gradient` for one target and one source with ones as the seed, the notebook's case: the same steps as the
   * general path (`#targets`, `#seeds`, `#grads`), without the arrays and closures that handle nests.
   */
  #gradientOfOne(tape: TfTape, target: TensorBase, source: TensorBase, unconnected: UnconnectedGradientsValue): core.Tensor | null {
    const y = targetTensor(tape, target);
    const seed = core.ones(y.shape, core.isFloat(y.dtype) ? y.dtype : 'float32');
    try {
      const group = sourceGroup(tape, source);
      const gs = core.backward([y], [seed], { tape, sources: group, accumulate: null, retainGraph: true, createGraph: recorded() });
      return sumGroup(gs, 0, group.length, source, unconnected);
    } catch (e) {
      throw translate(e, null);
    }
  }

  /** Targets as core tensors; a variable target is read as if inside the tape (so it is watched as TF's is). */
  #targets(tape: TfTape, target: Nest<TensorBase>): core.Tensor[] {
    return flatten(target).map((t) => targetTensor(tape, t));
  }

  #seeds(targets: core.Tensor[], given: Nest<TensorInput | null> | null | undefined): core.Tensor[] {
    const flat = given === null || given === undefined ? null : flatten(given);
    if (flat !== null && flat.length !== targets.length) {
      throw new ValueError(`Length of output_gradients (${flat.length}) must match the number of targets (${targets.length})`);
    }
    return targets.map((t, i) => {
      const g = flat?.[i];
      if (g === null || g === undefined) return core.ones(t.shape, core.isFloat(t.dtype) ? t.dtype : 'float32');
      const s = guarded(null, () => convert(g, t.dtype));
      if (!core.sameShape(s.shape, t.shape)) {
        throw new ValueError(`Mismatch in shape: grad_output[${i}] has a shape of ${shapeStr(s.shape)} and output[${i}] has a shape of ${shapeStr(t.shape)}.`);
      }
      return s;
    });
  }

  /** One backward pass to all sources; a variable's gradient sums over every value of it this tape saw read. */
  #grads(tape: TfTape, targets: core.Tensor[], seeds: core.Tensor[], flatSources: unknown[], unconnected: UnconnectedGradientsValue): Array<core.Tensor | null> {
    const groups = flatSources.map((s) => sourceGroup(tape, s));
    // NOTE: not groups.flat(): that generic builtin costs more than the rest of a small gradient call.
    const all: core.Tensor[] = [];
    for (const grp of groups) for (const t of grp) all.push(t);
    [targets, seeds] = mergeRoots(targets, seeds);
    const gs = core.backward(targets, seeds, { tape, sources: all, accumulate: null, retainGraph: true, createGraph: recorded() });
    let k = 0;
    return groups.map((grp, i) => {
      const g = sumGroup(gs, k, grp.length, flatSources[i]!, unconnected);
      k += grp.length;
      return g;
    });
  }

  /** Gradients of one seed row at a time, stacked along a new first axis (null where a source is unconnected). */
  #rows(tape: TfTape, y: core.Tensor, flatSources: unknown[], n: number, seed: (j: number) => core.Tensor): Array<core.Tensor | null> {
    const perRow: Array<Array<core.Tensor | null>> = [];
    for (let j = 0; j < n; j++) perRow.push(this.#grads(tape, [y], [seed(j)], flatSources, 'none'));
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

function sortedVariables(reads: Map<Variable, core.Tensor[]>): Variable[] {
  return [...reads.keys()].sort((a, b) => a._id - b._id);
}

/** The same target listed twice counts twice: its seeds are summed (by a core op) into one root. */
function mergeRoots(targets: core.Tensor[], seeds: core.Tensor[]): [core.Tensor[], core.Tensor[]] {
  if (targets.length < 2 || new Set(targets).size === targets.length) return [targets, seeds];
  const ts: core.Tensor[] = [], ss: core.Tensor[] = [];
  targets.forEach((t, i) => {
    const k = ts.indexOf(t);
    if (k < 0) { ts.push(t); ss.push(seeds[i]!); } else ss[k] = core.add(ss[k]!, seeds[i]!);
  });
  return [ts, ss];
}

function checkUnconnected(u: unknown): UnconnectedGradientsValue {
  if (u === undefined || u === 'none') return 'none';
  if (u === 'zero') return 'zero';
  // Python's %r of the value: a string in single quotes
  throw new ValueError(`Unknown value for unconnected_gradients: ${typeof u === 'string' ? `'${u}'` : String(u)}`);
}

function shapeStr(s: readonly number[]): string {
  return s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`;
}

/** A target as a core tensor; a variable target is read as if inside the tape (so it is watched as TF's is). */
function targetTensor(tape: TfTape, t: unknown): core.Tensor {
  if (t instanceof Variable) {
    const v = t._t;
    if (tape.watchesReadOf(t)) tape.watchVariable(t, v);
    return v;
  }
  if (t instanceof TensorBase) return t._t;
  throw new TypeError(`GradientTape.gradient: target must be a tf.Tensor or tf.Variable (or a nest of them), got ${typeName(t)}`);
}

/** A source's gradient: the sum of its group's `n` gradients from `gs[k]` on (null, or zeros, where unconnected). */
function sumGroup(gs: ReadonlyArray<core.Tensor | null>, k: number, n: number, source: unknown, unconnected: UnconnectedGradientsValue): core.Tensor | null {
  let g: core.Tensor | null = null;
  for (let j = k; j < k + n; j++) {
    const gj = gs[j] ?? null;
    if (gj !== null) g = g === null ? gj : core.add(g, gj);
  }
  if (g === null && unconnected === 'zero') {
    const s = sourceTensor(source);
    g = core.zeros(s.shape, s.dtype);
  }
  return g;
}

/** The core tensors standing for a source: a tensor's own, or every value of a variable the tape saw read. */
function sourceGroup(tape: TfTape, s: unknown): core.Tensor[] {
  if (s instanceof Variable) {
    const reads = tape.reads.get(s);
    return reads === undefined ? [s._t] : reads;
  }
  if (s instanceof TensorBase) return [s._t];
  throw new TypeError(`GradientTape.gradient: sources must be tf.Tensor or tf.Variable objects (or a nest of them), got ${typeName(s)}`);
}

function sourceTensor(s: unknown): core.Tensor {
  if (s instanceof TensorBase) return s._t;
  throw new TypeError(`GradientTape.gradient: sources must be tf.Tensor or tf.Variable objects (or a nest of them), got ${typeName(s)}`);
}

/** A seed shaped like `y` with ones at the flat positions `at`. */
function oneHot(y: core.Tensor, at: readonly number[]): core.Tensor {
  const t = core.zeros(y.shape, core.isFloat(y.dtype) ? y.dtype : 'float32');
  for (const i of at) t.data[i] = 1;
  return t;
}

/** `tf.stop_gradient(input)`: the same values, seen by no tape. */
export function stop_gradient(input: TensorInput): Tensor {
  return guarded('StopGradient', () => wrap(core.detach(convert(input))));
}

/**
 * `tf.custom_gradient(f)`: `f(...inputs)` returns `[result, grad_fn]`, `result` one tensor or a nest of them;
 * `grad_fn(...upstreams)` returns the gradient for each input (one tensor for one input, an array for several); as in
 * TensorFlow, the inputs are the arguments flattened, so an array argument counts as one input per element.
 * What `f` computes is not recorded; `grad_fn` runs inside the backward pass, so enclosing tapes record it (higher
 * orders work when it uses tf ops). If `f` reads trainable variables that are not inputs, `grad_fn` also gets
 * `{ variables }` after the upstream gradients and returns `[inputGradients, variableGradients]`, as in TensorFlow
 * (custom_gradient.py's eager decorator).
 * @example
 * const log1pexp = tf.custom_gradient((x: tf.Tensor) => {
 *   const e = tf.exp(x);
 *   return [tf.math.log(e.add(1)), (dy: tf.Tensor) => dy.mul(tf.subtract(1, tf.divide(1, e.add(1))))];
 * });
 */
export function custom_gradient<A extends TensorInput[]>(f: (...args: A) => [Nest<TensorBase>, GradFn]) {
  return (...args: A): any => {
    // custom_gradient.py's eager decorator: the inputs are nest.flatten(args), so a list argument is several inputs
    const flatArgs = flatten(args);
    const inputs = flatArgs.map((a) => guarded(null, () => convert(a)));
    const watcher = new Set<Variable>();
    variableWatchers.push(watcher);
    let made: [Nest<TensorBase>, GradFn];
    try {
      made = core.withoutTapes(() => f(...args));
    } finally {
      variableWatchers.pop();
    }
    const [result, gradFn] = made;
    const variables = [...watcher].filter((v) => !flatArgs.includes(v));
    const outs = (flatten(result) as TensorBase[]).map((t) => t._t);
    // NOTE: JavaScript has no keyword arguments: grad_fn takes { variables } after one parameter per output.
    if (variables.length > 0 && gradFn.length <= outs.length) {
      throw new TypeError(`@tf.custom_gradient grad_fn must accept keyword argument 'variables', since function uses variables: [${variables.map(String).join(', ')}]`);
    }
    const joint = outs.length === 1 ? core.detach(outs[0]!) : jointOf(outs);
    const recorded = [...inputs, ...variables.map((v) => v._read())];
    const spec: core.GradSpec = {
      name: 'CustomGradient',
      saves: [],
      opaque: true,
      vjp: ({ g }) => {
        const ups = outs.length === 1 ? [wrap(g)] : splitJoint(g, outs).map(wrap);
        let inputGrads: unknown, variableGrads: unknown[] = [];
        if (variables.length > 0) {
          const r = gradFn(...ups, { variables }) as [unknown, unknown[]];
          [inputGrads, variableGrads] = r;
          if (variableGrads.length !== variables.length) throw new ValueError('Must return gradient for each variable from @custom_gradient grad_fn.');
        } else inputGrads = gradFn(...ups);
        const flat = inputs.length === 1 && !Array.isArray(inputGrads) ? [inputGrads] : flatten(inputGrads);
        if (flat.length !== inputs.length) {
          throw new ValueError(`custom_gradient function expected to return ${inputs.length} gradients, but returned ${flat.length} instead.`);
        }
        return [...flat, ...variableGrads].map((gi, i) => (gi === null || gi === undefined ? null : convert(gi, recorded[i]!.dtype)));
      },
    };
    const out = core.record(spec, recorded, joint, undefined);
    if (outs.length === 1) return pack(result, [wrap(out)]);
    return pack(result, splitJoint(out, outs).map(wrap));
  };
}

type GradFn = (...upstreams: any[]) => Nest<TensorInput | null> | [Nest<TensorInput | null>, Array<TensorInput | null>];

/** Several outputs as one flat tensor (the custom op's one output), each output's elements in turn. */
function jointOf(outs: readonly core.Tensor[]): core.Tensor {
  const dtype = outs[0]!.dtype;
  if (outs.some((o) => o.dtype !== dtype)) throw new ValueError('tf.custom_gradient: twingrad needs every output of f to have one dtype');
  return core.detach(core.concat(outs.map((o) => core.reshape(core.detach(o), [o.size])), 0));
}

/** The outputs as recorded parts of the joint tensor (each one's gradient lands in its own part); also cuts its cotangent. */
function splitJoint(joint: core.Tensor, outs: readonly core.Tensor[]): core.Tensor[] {
  let at = 0;
  return outs.map((o) => {
    const part = core.reshape(core.slice(joint, [{ start: at, stop: at + o.size }]), o.shape);
    at += o.size;
    return part;
  });
}

