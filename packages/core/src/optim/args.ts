/**
 * Python's binding of a call's arguments to a signature, for the facades' optimizer and scheduler constructors:
 * positional values in Python's order, optionally followed by one plain object holding the keyword arguments
 * (`new Adam(params, 0.1)`, `new Adam(params, 0.1, { eps: 1e-6 })`, `new Adam(params, { lr: 0.1 })`).
 * The errors are CPython 3.11's TypeErrors (Python/ceval.c initialize_locals), raised as kind 'type'; each
 * facade names the class (torch.TypeError, JavaScript's TypeError).
 */
import { fail } from '../errors.js';

/** The default of a parameter that has none (StepLR's step_size): leaving it out is CPython's "missing" error. */
export const NO_DEFAULT: unique symbol = Symbol('no default');

/** A Python signature after the arguments the facade binds itself (self, params, optimizer). */
export interface PySignature<P extends object, K extends object> {
  /** The qualified name CPython prints: 'Adam.__init__'. */
  readonly name: string;
  /** How many parameters precede `positional` (self, params), counted in "takes from 2 to 7 positional arguments". */
  readonly leading: number;
  /** The positional-or-keyword parameters with their defaults, in the signature's order. */
  readonly positional: P;
  /** The keyword-only parameters (after `*`) with their defaults. */
  readonly keywordOnly?: K;
  /** The signature ends with `**kwargs`: unknown keywords are collected into `extra` instead of raising. */
  readonly varKeywords?: boolean;
}

/** The argument lists of a signature whose positional parameters are P: any prefix of P, then optionally the options. */
export type PyArgs<P extends readonly unknown[], O> = P extends readonly [...infer H, unknown] ? [...P, O?] | PyArgs<H, O> : [O?];

const isKeywords = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** CPython's format_missing: 'a'; 'a' and 'b'; 'a', 'b', and 'c'. */
function missingList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0]!;
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

/**
 * Binds `args` to `sig`: the defaults, overridden by the positional values and then by the keyword object.
 * NOTE: JavaScript's `undefined` (a skipped argument or an options key set to undefined) counts as not given,
 * so the default applies; `null` is Python's None and is kept.
 */
export function bindArgs<P extends object, K extends object = Record<never, never>>(
  sig: PySignature<P, K>, args: readonly unknown[],
): { values: P & K; extra: Record<string, unknown> } {
  const { n, keywords } = splitKeywords(args);
  const names = Object.keys(sig.positional);
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  for (let i = 0; i < Math.min(n, names.length); i++) {
    if (args[i] === undefined) continue;
    values[names[i]!] = args[i];
    given.add(names[i]!);
  }
  // CPython binds the keywords (in the order given) before it counts the positional arguments
  const { extra, kwOnlyGiven } = bindKeywords(sig, keywords, values, given);
  if (n > names.length) fail('type', tooManyPositional(sig, n, kwOnlyGiven));
  const missing = names.filter((k) => !given.has(k) && (sig.positional as Record<string, unknown>)[k] === NO_DEFAULT);
  if (missing.length > 0) {
    fail('type', `${sig.name}() missing ${plural(missing.length, 'required positional argument')}: ${missingList(missing)}`);
  }
  const all = { ...sig.positional, ...sig.keywordOnly } as Record<string, unknown>;
  // a fresh copy of an array default (betas), which the caller may mutate through param_groups or defaults
  for (const [k, d] of Object.entries(all)) if (!given.has(k)) values[k] = Array.isArray(d) ? [...d] : d;
  return { values: values as P & K, extra };
}

/** The number of positional values (trailing `undefined`s dropped) and the keyword object that may end them. */
function splitKeywords(args: readonly unknown[]): { n: number; keywords: Record<string, unknown> } {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  if (n > 0 && isKeywords(args[n - 1])) return { n: n - 1, keywords: args[n - 1] as Record<string, unknown> };
  return { n, keywords: {} };
}

/**
 * Binds the keywords into `values` and `given`, in the order given; unknown ones go to `extra` under `**kwargs`.
 * Returns `extra` and how many keyword-only parameters were given (CPython's too-many-positional error counts them).
 */
function bindKeywords<P extends object, K extends object>(
  sig: PySignature<P, K>, keywords: Record<string, unknown>, values: Record<string, unknown>, given: Set<string>,
): { extra: Record<string, unknown>; kwOnlyGiven: number } {
  const names = Object.keys(sig.positional);
  const kwOnly = Object.keys(sig.keywordOnly ?? {});
  const extra: Record<string, unknown> = {};
  let kwOnlyGiven = 0;
  for (const [k, v] of Object.entries(keywords)) {
    if (v === undefined) continue;
    const known = names.includes(k) || kwOnly.includes(k);
    if (!known) {
      if (!sig.varKeywords) fail('type', `${sig.name}() got an unexpected keyword argument '${k}'`);
      extra[k] = v;
      continue;
    }
    if (given.has(k)) fail('type', `${sig.name}() got multiple values for argument '${k}'`);
    if (kwOnly.includes(k)) kwOnlyGiven++;
    values[k] = v;
    given.add(k);
  }
  return { extra, kwOnlyGiven };
}

/** CPython's too_many_positional: "takes from 2 to 4 positional arguments but 5 were given", for `n` values after `leading`. */
function tooManyPositional<P extends object, K extends object>(sig: PySignature<P, K>, n: number, kwOnlyGiven: number): string {
  const names = Object.keys(sig.positional);
  const defaults = Object.values(sig.positional).filter((d) => d !== NO_DEFAULT).length;
  const lo = sig.leading + names.length - defaults, hi = sig.leading + names.length;
  const takes = lo === hi ? `${hi}` : `from ${lo} to ${hi}`;
  const count = sig.leading + n;
  const kw = kwOnlyGiven > 0 ? ` positional argument${count === 1 ? '' : 's'} (and ${plural(kwOnlyGiven, 'keyword-only argument')})` : '';
  return `${sig.name}() takes ${takes} positional argument${hi === 1 ? '' : 's'} but ${count}${kw} ${count === 1 && kw === '' ? 'was' : 'were'} given`;
}
