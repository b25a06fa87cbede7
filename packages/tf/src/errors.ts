import * as core from '@twingrad/core';

/**
 * TensorFlow's error classes (`tf.errors.*`) and Python's builtins the TF API raises (ValueError,
 * RuntimeError; TypeError is JavaScript's own). `translate` is the one place a core error becomes a TF one.
 */
export class OpError extends Error {
  constructor(message: string, readonly op: string | null = null, readonly error_code = 2) {
    super(message);
    this.name = 'OpError';
  }
}

export class InvalidArgumentError extends OpError {
  constructor(message: string, op: string | null = null) {
    super(message, op, 3);
    this.name = 'InvalidArgumentError';
  }
}

export class UnimplementedError extends OpError {
  constructor(message: string, op: string | null = null) {
    super(message, op, 12);
    this.name = 'UnimplementedError';
  }
}

/** Python's ValueError. */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** Python's RuntimeError. */
export class RuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}

/** `tf.errors`: the classes under TensorFlow's names. */
export const errors = { OpError, InvalidArgumentError, UnimplementedError };

const BROADCAST = /^[\w.]+: shapes (\[[\d,]*\]) and (\[[\d,]*\]) cannot be broadcast$/;
const RESHAPE = /^reshape: shape \[([\d,-]*)\] is invalid for input of size (\d+)$/;

/**
 * A core error as the error TensorFlow raises for the same mistake, with `[Op:Name]` appended as TF's eager
 * errors have. Errors that are not the core's pass through unchanged.
 */
export function translate(e: unknown, op: string | null): unknown {
  if (!(e instanceof core.TwingradError)) return e;
  const suffix = op === null ? '' : ` [Op:${op}]`;
  const m = e.message;
  let b: RegExpMatchArray | null;
  if ((b = m.match(BROADCAST)) !== null) return new InvalidArgumentError(`Incompatible shapes: ${b[1]} vs. ${b[2]}${suffix}`, op);
  if ((b = m.match(RESHAPE)) !== null) {
    const n = b[1]!.split(',').filter((d) => d !== '-1').reduce((a, d) => a * Number(d), 1);
    return new InvalidArgumentError(`Input to reshape is a tensor with ${b[2]} values, but the requested shape has ${n}${suffix}`, op);
  }
  switch (e.kind) {
    case 'shape': case 'dtype': case 'index': return new InvalidArgumentError(m + suffix, op);
    case 'value': return new ValueError(m);
    case 'type': return new TypeError(m);
    case 'runtime': return new RuntimeError(m);
  }
}

/** Runs `fn`, rethrowing core errors as TensorFlow's. */
export function guarded<T>(op: string | null, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw translate(e, op);
  }
}
