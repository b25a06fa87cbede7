/**
 * The one error type of the core. Messages name the op, the argument, what was received and
 * what was expected, e.g. `add: shapes [2,3] and [4] cannot be broadcast`.
 * `kind` lets a facade rethrow it as its framework's error class (ValueError, RuntimeError, ...).
 */
export const ERROR_KINDS = ['shape', 'dtype', 'value', 'type', 'index', 'runtime'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class TwingradError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = 'TwingradError';
    this.kind = kind;
  }
}

export function fail(kind: ErrorKind, message: string): never {
  throw new TwingradError(kind, message);
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
