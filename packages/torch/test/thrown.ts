/** What `fn` throws, as Python prints it (`Class: message`), or 'no error'. */
export function err(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'no error';
}
