import { expect } from 'vitest';

/** What `fn` throws, as Python prints it (`Class: message`), or 'no error'. */
export function err(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'no error';
}

export type ErrorClass = new (message: string) => Error;
/** `f` raises `Class` (not a subclass of another of PyTorch's classes) with exactly `message`. */
export function raises(f: () => unknown, Class: ErrorClass, message: string): void {
  let err: unknown = null;
  try { f(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(Class);
  expect((err as Error).message).toBe(message);
}
