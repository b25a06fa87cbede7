/** The error `fn` throws, as its class name and message, or null when it throws none. */
export function thrown(fn: () => unknown): [string, string] | null {
  try {
    fn();
    return null;
  } catch (e) {
    return [(e as Error).name, (e as Error).message];
  }
}
