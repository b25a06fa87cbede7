import * as core from '@twingrad/core';
import { ValueError, guarded } from './errors.js';
import { GradientTape, refuseAsync, type Nest, type UnconnectedGradientsValue } from './gradient_tape.js';
import { assertSameStructure, flatten, pack } from './nest.js';
import { pyRepr, pyStr, pyTypeName } from './py.js';
import { TensorBase, Variable, convert, fmtShape, wrap, type Tensor, type TensorInput } from './tensor.js';

/** What `jvp` returns for a structure of targets: the same structure, a tensor or null for each. */
type JvpOf<S> = S extends TensorBase ? Tensor | null : S extends readonly unknown[] ? { [K in keyof S]: JvpOf<S[K]> } : S extends object ? { [K in keyof S]: JvpOf<S[K]> } : never;
type Primal = Tensor | Variable;

/** How many times forwardprop.py's log_first_n warning (5 at most) has been logged in this process. */
let primalWarnings = 0;

/**
 * `tf.autodiff.ForwardAccumulator(primals, tangents)`: Jacobian-vector products. `record(fn)` stands for Python's
 * `with acc:` block; `acc.jvp(y)` is d y/d primals applied to the tangents, for a tensor (or a nest of them) computed
 * in a block, and a primal's own tangent for a primal. `jvp(y, { unconnected_gradients: 'zero' })` gives zeros where
 * TF's None (null) would be. Variables are primals too: every read of one inside a block carries its tangent.
 *
 * NOTE: TensorFlow computes each op's JVP when the op runs; twingrad records the blocks on an internal persistent
 * tape and computes a JVP when `jvp` asks for it, by forwardprop.py's own `_jvp_helper` trick over the whole block:
 * g = (d y/d primals)^T u is computed on a tape watching a dummy cotangent u (ones like y), and the JVP is the
 * gradient of sum_i <g_i, tangent_i> with respect to u. No new math: two reverse passes per `jvp` call, exact where
 * the VJPs are, so ask for every target in one call (`acc.jvp([h1, h2, y])`): one pair of passes serves them all,
 * where a call per target repeats the passes over the graph below it. The passes are recorded, as TF's JVPs are, by
 * the tapes that were recording around the blocks.
 * @example
 * const x = tf.constant(0.1);
 * const acc = new tf.autodiff.ForwardAccumulator(x, tf.constant(0.2));
 * const y = acc.record(() => tf.sin(x));
 * acc.jvp(y)!.numpy(); // cos(0.1) * 0.2
 */
export class ForwardAccumulator {
  /** The blocks, recorded with the primals watched (and nothing else: no other variable is watched on a read). */
  readonly #tape = new GradientTape({ persistent: true, watch_accessed_variables: false });
  /** Each primal by identity (a variable stands for its handle, a tensor for itself), with its summed tangent. */
  readonly #watched = new Map<unknown, { primal: Primal; tangent: core.Tensor }>();
  /** The tapes recording around a block: TF's JVP ops run there, so they record them; tapes nested inside do not. */
  readonly #outer = new Set<core.Tape>();
  #recording = false;

  constructor(primals: Nest<TensorBase>, tangents: Nest<TensorInput>) {
    const seen = new Set<unknown>();
    for (const p of flatten(primals)) {
      if (!(p instanceof TensorBase)) continue;
      // forwardprop.py __init__: `if id(primal) in primal_ids: raise ValueError(...)`, before anything is watched
      if (seen.has(keyOf(p))) {
        // NOTE: TF never formats this string: its `{}` stays as it is
        throw new ValueError('Tensor {} was specified as a primal multiple times. This may indicate an error. If it was intended, please sum the corresponding tangents.');
      }
      seen.add(keyOf(p));
    }
    this._watch(primals, tangents);
  }

  /** Runs `fn` as TF's `with acc:` block (the callback must be synchronous) and returns its value. */
  record<T>(fn: () => T): T {
    if (this.#recording) throw new ValueError('Accumulator is already recording.');
    for (const t of core.mode.tapes) this.#outer.add(t);
    this.#recording = true;
    let out!: T;
    try {
      this.#tape.record(() => { out = fn(); });
    } finally {
      this.#recording = false;
    }
    refuseAsync(out, 'ForwardAccumulator.record', 'An accumulator');
    return out;
  }

  /**
   * Watches more primals (TF 2's `_watch`, which the constructor calls; TF 2 has no public `watch`): a primal watched
   * again gets the sum of its tangents. Each tangent is converted to its primal's dtype and must have its shape.
   */
  _watch(primals: Nest<TensorBase>, tangents: Nest<TensorInput>): void {
    // forwardprop.py _watch: nest.map_structure(_watch, primals, tangents) checks the structures first
    assertSameStructure(primals, tangents);
    const ts = flatten(tangents);
    flatten(primals).forEach((p, i) => {
      // `primal.dtype` on what is no tensor: Python's AttributeError (carried by JavaScript's TypeError)
      if (!(p instanceof TensorBase)) throw new TypeError(`'${pyTypeName(p)}' object has no attribute 'dtype'`);
      const dtype = p._t.dtype;
      // forwardprop.py: logging.log_first_n(logging.WARN, "The dtype of the watched primal must be floating (e.g.
      // tf.float32), got %r", 5, primal.dtype); the primal is watched all the same
      if (!core.isFloat(dtype) && primalWarnings++ < 5) console.warn(`WARNING:tensorflow:The dtype of the watched primal must be floating (e.g. tf.float32), got tf.${dtype}`);
      const tangent = guarded(null, () => convert(ts[i], dtype));
      if (!core.sameShape(tangent.shape, p._t.shape)) {
        // NOTE: TF checks shapes only for batched tangents (_jvp_helper_wrapper's text); unbatched, a wrong shape
        // fails or broadcasts later, op by op. twingrad refuses it here, in TF's words.
        throw new ValueError(`Tangent ${pyStr(wrap(tangent))} was expected to be of shape ${fmtShape(p._t.shape)} but is instead of shape ${fmtShape(tangent.shape)}`);
      }
      const key = keyOf(p);
      const entry = this.#watched.get(key);
      // tape.h ForwardAccumulator::Watch: AggregateGradients([tangent, existing])
      if (entry !== undefined) entry.tangent = core.add(tangent, entry.tangent);
      else {
        this.#watched.set(key, { primal: p as Primal, tangent });
        if (core.isFloat(dtype)) this.#tape.watch(p);
      }
    });
  }

  /**
   * The JVP of each tensor in `primals` (a tensor or a nest of them), in its structure: null where none was computed
   * (a tensor computed outside the blocks, or not from a primal), or zeros like it with `unconnected_gradients: 'zero'`.
   */
  jvp<const S extends Nest<TensorBase>>(primals: S, options: { unconnected_gradients?: UnconnectedGradientsValue } = {}): JvpOf<S> {
    const unconnected = options.unconnected_gradients ?? 'none';
    // forwardprop.py: `UnconnectedGradients(unconnected_gradients)`, the Enum's own ValueError
    if (unconnected !== 'none' && unconnected !== 'zero') throw new ValueError(`${pyRepr(unconnected)} is not a valid UnconnectedGradients`);
    const flat = flatten(primals);
    const out: Array<core.Tensor | null> = flat.map(() => null);
    const pending: number[] = [];
    flat.forEach((t, i) => {
      // pywrap_tfe_src.cc FastTensorId reads `_id` from what is no tensor: Python's AttributeError
      if (!(t instanceof TensorBase)) throw new TypeError(`'${pyTypeName(t)}' object has no attribute '_id'`);
      const entry = this.#watched.get(keyOf(t));
      // A variable is its handle, whose JVP is its tangent or none; so is a primal no recorded op produced.
      if (t instanceof Variable || (entry !== undefined && (t._t.node === null || !core.isFloat(t._t.dtype)))) out[i] = entry?.tangent ?? null;
      else if (core.isFloat(t._t.dtype)) pending.push(i);
    });
    if (pending.length > 0) {
      const js = this.#jvps(pending.map((i) => flat[i] as Tensor));
      pending.forEach((i, k) => { out[i] = js[k]!; });
    }
    return pack(primals, out.map((j, i) => {
      if (j !== null) return wrap(j);
      const t = (flat[i] as TensorBase)._t;
      return unconnected === 'zero' ? wrap(core.zeros(t.shape, t.dtype)) : null;
    }));
  }

  /**
   * forwardprop.py `_jvp_helper` over the recorded blocks: with u_k ones like y_k watched by a transpose tape,
   * g = sum_k (d y_k/d primals)^T u_k is computed on it (recorded: a gradient taken while a tape records is), and
   * jvp_k = d(sum_i <g_i, tangent_i>)/d u_k. One pair of passes for all the targets.
   */
  #jvps(ys: Tensor[]): Array<core.Tensor | null> {
    const entries = [...this.#watched.values()].filter((e) => core.isFloat(e.primal._t.dtype));
    if (entries.length === 0) return ys.map(() => null);
    const run = () => core.withTapes([...this.#outer], () => {
      const us = ys.map((y) => wrap(core.ones(y._t.shape, y._t.dtype)));
      const transpose = new GradientTape({ watch_accessed_variables: false });
      const gs = transpose.record(() => {
        transpose.watch(us);
        return this.#tape.gradient(ys, entries.map((e) => e.primal), { output_gradients: us });
      });
      const keep = gs.flatMap((g, i) => (g === null ? [] : [i]));
      if (keep.length === 0) return ys.map(() => null);
      const js = transpose.gradient(keep.map((i) => gs[i]!), us, { output_gradients: keep.map((i) => wrap(entries[i]!.tangent)) });
      return js.map((j) => (j === null ? null : j._t));
    });
    // Asked inside a block: the block's tape neither records the passes nor warns of a persistent tape used inside
    return this.#recording ? this.#tape.stop_recording(run) : run();
  }
}

/** What tells two primals apart, as TF's ids do: a variable stands for its handle, a tensor for itself. */
function keyOf(t: TensorBase): unknown {
  return t instanceof Variable ? t : t._t;
}
