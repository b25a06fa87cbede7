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

/** TensorFlow's NotFoundError (error code 5), for an op whose attrs are valid but that no registered kernel computes. */
export class NotFoundError extends OpError {
  constructor(message: string, op: string) {
    super(message, op, 5);
    this.name = 'NotFoundError';
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
export const errors = { OpError, InvalidArgumentError, NotFoundError, UnimplementedError };

const BROADCAST = /^[\w.]+: shapes (\[[\d,]*\]) and (\[[\d,]*\]) cannot be broadcast$/;
const RESHAPE = /^reshape: shape \[([\d,-]*)\] is invalid for input of size (\d+)$/;
const MATMUL = /^matmul: shapes \[([\d,]*)\] and \[([\d,]*)\] cannot be multiplied/;
const SPLIT = /^split: axis (\d+) of size (\d+) cannot be split into (\d+) equal sections/;
const SOFTMAX_AXIS = /^(?:log_)?softmax: axis (-?\d+) is out of range for a tensor of rank (\d+)/;

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
  if ((b = m.match(MATMUL)) !== null && b[1]!.split(',').length === 2 && b[2]!.split(',').length === 2) {
    return new InvalidArgumentError(`Matrix size-incompatible: In[0]: [${b[1]}], In[1]: [${b[2]}]${suffix}`, op);
  }
  if ((b = m.match(SPLIT)) !== null) {
    return new InvalidArgumentError(`Number of ways to split should evenly divide the split dimension, but got split_dim ${b[1]} (size = ${b[2]}) and num_split ${b[3]}${suffix}`, op);
  }
  if ((b = m.match(SOFTMAX_AXIS)) !== null) {
    // nn_ops.py raises it before any op runs: no [Op:...]
    return new InvalidArgumentError(`Dimension (${b[1]}) must be in the range [-${b[2]}, ${b[2]}) where ${b[2]} is the number of dimensions in the input.`, null);
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
