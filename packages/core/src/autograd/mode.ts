import type { Tensor } from '../tensor.js';
import { isFloat } from '../dtype.js';

/**
 * Recording scopes. Two views of one mechanism:
 * - PyTorch's: grad mode on, and some input `requiresGrad` -> the op is recorded (`Node.torch`).
 * - TensorFlow's: a tape is recording and tracks some input (watched, or produced by an op it recorded)
 *   -> the op is recorded on that tape (`Node.tapes`). Tapes nest: an outer tape records what an inner
 *   tape's gradient computes.
 * Both kinds of record land on the same Node, hanging off the output tensor.
 */
export const mode = {
  grad: true,
  /** The tapes currently recording, innermost last. */
  tapes: [] as Tape[],
};

/** A TensorFlow-style recording scope. Facade semantics (persistence, errors) live in the facade. */
export class Tape {
  readonly watched = new Set<Tensor>();
  /** `watched` in the order watched: a pass walks it without an iterator object (see pass.ts `watchedNonLeaves`). */
  readonly watchList: Tensor[] = [];
  recording = false;
  /** `[this]`: the `tapes` of every node this tape alone recorded (shared; never written). */
  readonly alone: readonly Tape[] = [this];

  /** Whether this tape follows `t`: it was watched, or an op this tape recorded produced it. */
  tracks(t: Tensor): boolean {
    const n = t.node;
    if (n !== null && n.tapes !== null && recordedBy(n.tapes, this)) return true;
    return this.watched.size > 0 && this.watched.has(t);
  }

  /** Integer and bool tensors are never watched (TensorFlow ignores them with a warning). */
  watch(t: Tensor): boolean {
    if (!isFloat(t.dtype)) return false;
    if (!this.watched.has(t)) {
      this.watched.add(t);
      this.watchList.push(t);
    }
    return true;
  }

  /** Runs `fn` with this tape recording (TensorFlow's `with tape:` block). */
  run<T>(fn: () => T): T {
    this.start();
    try {
      return fn();
    } finally {
      this.stop();
    }
  }

  start(): void {
    this.recording = true;
    mode.tapes.push(this);
  }

  stop(): void {
    this.recording = false;
    const tapes = mode.tapes;
    const i = tapes.lastIndexOf(this);
    if (i === tapes.length - 1) tapes.pop(); // the innermost, as usual: splice would allocate its result
    else if (i >= 0) tapes.splice(i, 1);
  }
}

/** Runs `fn` with PyTorch's grad mode set to `enabled`, restoring it afterwards. */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const prev = mode.grad;
  mode.grad = enabled;
  try {
    return fn();
  } finally {
    mode.grad = prev;
  }
}

/** Runs `fn` with exactly `tapes` recording (TensorFlow's forward accumulator replays its blocks' outer tapes). */
export function withTapes<T>(tapes: Tape[], fn: () => T): T {
  const prev = mode.tapes;
  mode.tapes = tapes;
  try {
    return fn();
  } finally {
    mode.tapes = prev;
  }
}

/** Runs `fn` with no tape recording (what a backward pass without create_graph does). */
export function withoutTapes<T>(fn: () => T): T {
  return withTapes([], fn);
}

/** Runs `fn` with nothing recording it: grad mode off and no tape (a value computed outside the graph). */
export function unrecorded<T>(fn: () => T): T {
  return withGradMode(false, () => withoutTapes(fn));
}

/** Whether `tape` is in a node's `tapes`: nearly always the first (and only) one. */
export function recordedBy(tapes: readonly Tape[], tape: Tape): boolean {
  return tapes[0] === tape || (tapes.length > 1 && tapes.includes(tape));
}
