/**
 * One notebook section, written twice: TF style and PyTorch style. Each style prints what the
 * notebook's cell prints (through `print`, Python's print) and returns the numbers it computed,
 * which the runner compares bit for bit between the two styles.
 */
export type Value = number | boolean | string | readonly Value[];
export type Results = Record<string, Value>;
export type Print = (...args: unknown[]) => void;

export interface Section {
  id: string;
  title: string;
  /** Why the section matters, or what the notebook gets wrong; printed under the title. */
  note?: string;
  tf: (print: Print) => Results;
  torch: (print: Print) => Results;
  /** A row of the notebook's closing comparison table that this section demonstrates live. */
  row?: { aspect: string; torch: string; tf: string };
  /** Result names that are expected to differ between the styles, with the reason (printed). */
  differs?: Record<string, string>;
}
