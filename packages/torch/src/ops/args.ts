/**
 * The argument handling the torch.* op families share: Python's keyword arguments, PyTorch's int and tensor-list
 * checks, and python_arg_parser's TypeError for a call that no overload takes. Nothing here computes a value.
 */
import type { core } from '../core.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { pyType } from '../py_type.js';
import { DType } from '../dtype.js';
import type { Dim } from './reductions.js';

// ---- Python's arguments ----
/**
 * dtype given positionally, or as a keyword after a positional dim (`softmax(x, 1, { dtype })`); a DType is an
 * object too, so it is told apart first.
 */
export function dtypeArg(dtype: DType | null | undefined | { dtype?: DType | null }): { dtype?: DType | null } {
  return dtype instanceof DType || dtype == null ? { dtype } : { dtype: dtype.dtype };
}
/** Python's keyword arguments: `v` when it is an options object (not a number, list, tensor or null), else null. */
export function kw<O extends object>(v: unknown): Partial<O> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Tensor) ? (v as Partial<O>) : null;
}

/**
 * An int argument as PyTorch's argument parser checks it; `fallback` is its default (none: it is required).
 * NOTE: these are PyTorch's words for a keyword argument of a single-signature function (`chunk(): argument 'dim'
 * must be int, not float`); for a positional one PyTorch adds "(position n)", and for overloaded functions (cat,
 * softmax, transpose, ...) it lists the signatures instead. One message for all keeps it readable.
 */
export function intArg(fn: string, name: string, v: unknown, fallback?: number): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v === undefined && fallback !== undefined) return fallback;
  if (v === undefined) throw new TorchTypeError(`${fn}() missing 1 required positional arguments: "${name}"`);
  throw new TorchTypeError(`${fn}(): argument '${name}' must be int, not ${pyType(v)}`);
}

/** A size or dims list (varargs or one list) that must be given: PyTorch's missing-argument TypeError when it is not. */
export function requiredList(fn: string, name: string, given: SizeList, of: 'ints' | 'SymInts' = 'SymInts'): Array<number | readonly number[]> {
  const list = listKeyword(given, name);
  if (list.length === 0 || list[0] === undefined) throw new TorchTypeError(`${fn}() missing 1 required positional arguments: "${name}"`);
  const first = list[0];
  if (!Number.isInteger(first) && !Array.isArray(first)) throw new TorchTypeError(`${fn}(): argument '${name}' (position 1) must be tuple of ${of}, not ${pyType(first)}`);
  const flat: readonly unknown[] = list.length === 1 && Array.isArray(first) ? first : list;
  const bad = flat.findIndex((v) => !Number.isInteger(v));
  if (bad >= 0) throw new TorchTypeError(`${fn}(): argument '${name}' must be tuple of ${of}, but found element of type ${pyType(flat[bad])} at pos ${bad + 1}`);
  return list;
}

/** Sizes or dims as a call gives them: varargs, one list, or Python's keyword as an options object (`listKeyword`). */
export type SizeList = Array<number | readonly number[] | Readonly<Record<string, readonly number[]>>>;

/** A tensor argument as PyTorch's parser checks it (JavaScript would otherwise fail inside, in its own words). */
export function tensorArg(fn: string, name: string, v: unknown, position = 1): Tensor {
  if (!(v instanceof Tensor)) throw new TorchTypeError(`${fn}(): argument '${name}' (position ${position}) must be Tensor, not ${pyType(v)}`);
  return v;
}

/** Python's keyword form of one argument, `x.pow(exponent=2)`: `{ exponent: 2 }` for `name`, else `v` itself. */
export function keyword<T>(v: T | Readonly<Record<string, T>>, name: string): T {
  const o = kw<Record<string, T>>(v);
  if (o === null || Object.getPrototypeOf(o) !== Object.prototype) return v as T;
  const keys = Object.keys(o);
  return keys.length === 1 && keys[0] === name ? o[name]! : (v as T);
}

/**
 * Python's keyword form of a sizes or dims argument, `x.reshape(shape=(3, 2))`: an options object holding that one
 * name, `x.reshape({ shape: [3, 2] })`, stands for the list; anything else is returned as given.
 */
export function listKeyword(given: SizeList, name: string): Array<number | readonly number[]> {
  if (given.length === 1) {
    const v = keyword<unknown>(given[0], name);
    if (v !== given[0]) return [v as readonly number[]];
  }
  return given as Array<number | readonly number[]>;
}

/** PyTorch's check of a list of tensors (cat's and stack's first argument). */
export function tensorsArg(fn: string, tensors: unknown): core.Tensor[] {
  if (!Array.isArray(tensors)) throw new TorchTypeError(`${fn}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${pyType(tensors)}`);
  return tensors.map((t, i) => {
    if (!(t instanceof Tensor)) throw new TorchTypeError(`expected Tensor as element ${i} in argument 0, but got ${pyType(t)}`);
    return t._t;
  });
}

// ---- python_arg_parser's TypeErrors ----
/** What a call passed after `input`: its positional values (trailing undefined ones dropped) and its keywords. */
interface PyCall { args: unknown[]; kw: Record<string, unknown> }

/** Python's call from JavaScript's arguments: an options object last (not a dtype) holds the keyword arguments. */
export function pyCall(rest: readonly unknown[]): PyCall {
  const args = [...rest];
  const trim = (): void => { while (args.length > 0 && args[args.length - 1] === undefined) args.pop(); };
  trim();
  const last = args[args.length - 1];
  const plain = typeof last === 'object' && last !== null && !Array.isArray(last) && [Object.prototype, null].includes(Object.getPrototypeOf(last));
  const o = plain ? (last as Record<string, unknown>) : null;
  const kwargs: Record<string, unknown> = {};
  if (o !== null) {
    args.pop();
    trim();
    for (const [k, v] of Object.entries(o)) if (v !== undefined) kwargs[k] = v;
  }
  return { args, kw: kwargs };
}

/** The call's arguments by name: positional ones take `names` in order, keywords their own. */
export function bind(c: PyCall, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c.kw };
  c.args.forEach((v, i) => { if (i < names.length) out[names[i]!] = v; });
  return out;
}

/** A value's type as the argument parser names it. */
export const argType = (v: unknown): string => (v instanceof DType ? 'torch.dtype' : pyType(v));

/**
 * The arguments as invalid_arguments.cpp lists them: positional types, then the keywords as name=type (in the reverse
 * of the order given, as PyTorch's unordered map happened to iterate them in every case recorded), marked !..! where
 * `bad` says so. PyTorch leaves a trailing ", " after keywords that follow no positional argument.
 */
function argList(pos: readonly unknown[], kws: Readonly<Record<string, unknown>>, bad?: (i: number | string) => boolean,
  names: readonly string[] = Object.keys(kws).reverse()): string {
  const mark = (k: number | string, text: string): string => (bad?.(k) ? `!${text}!` : text);
  const p = pos.map((v, i) => mark(i, argType(v)));
  const k = names.map((n) => mark(n, `${n}=${argType(kws[n])}`));
  if (k.length === 0) return `(${p.join(', ')})`;
  return p.length === 0 ? `(${k.join(', ')}, )` : `(${[...p, ...k].join(', ')})`;
}

/** A signature's parameters as [type, name] ("*" for the keyword-only marker; "()" has one empty parameter, as there). */
const paramsOf = (sig: string): Array<[string, string]> => sig.slice(1, -1).split(', ').map((q) => {
  const i = q.lastIndexOf(' ');
  return i < 0 ? [q, q] : [q.slice(0, i), q.slice(i + 1)];
});

/** A torch.X signature as the Tensor method prints it: no `input`, no `out`, no trailing "*". */
function methodSig(sig: string): string {
  const ps = paramsOf(sig).filter(([t, n], i) => !(i === 0 && t === 'Tensor' && n === 'input') && n !== 'out');
  if (ps.length > 0 && ps[ps.length - 1]![0] === '*') ps.pop();
  return `(${ps.map(([t, n]) => (t === '*' ? '*' : `${t} ${n}`)).join(', ')})`;
}

/** invalid_arguments.cpp's type check: a SimpleType matches its own name; float takes an int too. */
const accepts = (type: string, got: string): boolean => type === got || (type === 'float' && got === 'int');

/**
 * python_arg_parser's TypeError for a call that no overload takes (invalid_arguments.cpp `format_invalid_args`): what
 * was passed, then every overload; under one that has as many parameters as arguments were passed, why it did not
 * match. `sigs` are torch.X's overloads; a method call (`pos` without self) lists them as the method prints them
 * (the overloads that take a Number self are function-only).
 */
export function invalidArgs(fn: string, method: boolean, pos: readonly unknown[], kws: Readonly<Record<string, unknown>>, sigs: readonly string[]): TorchTypeError {
  const shown = method ? sigs.filter((g) => g.startsWith('(Tensor input')).map(methodSig) : sigs;
  let msg = `${fn}() received an invalid combination of arguments - got ${argList(pos, kws)}, but expected one of:\n`;
  const n = pos.length + Object.keys(kws).length;
  for (const sig of shown) {
    msg += ` * ${sig}\n`;
    const ps = paramsOf(sig);
    if (ps.length !== n) continue;
    const names = new Set(ps.map(([, name]) => name));
    const unknown = Object.keys(kws).reverse().filter((k) => !names.has(k));
    if (unknown.length > 0) {
      msg += `      didn't match because some of the keywords were incorrect: ${unknown.join(', ')}\n`;
    } else {
      const bad = (k: number | string): boolean => {
        const p = typeof k === 'number' ? ps[k] : ps.find(([, name]) => name === k);
        const v = typeof k === 'number' ? pos[k] : kws[k];
        return p === undefined || p[0] === '*' || !accepts(p[0], argType(v));
      };
      // NOTE: the header lists the keywords as PyTorch's parser got them (reversed), this line in the signature's order
      const inOrder = ps.map(([, name]) => name).filter((name) => name in kws);
      msg += `      didn't match because some of the arguments have invalid types: ${argList(pos, kws, bad, inOrder)}\n`;
    }
  }
  return new TorchTypeError(msg);
}

/** An int, or a list of ints (PyTorch's "tuple of ints"). */
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
export const isDims = (v: unknown): v is Dim => isInt(v) || (Array.isArray(v) && v.every(isInt));
/** A dims argument for the core: PyTorch 1.13 reduces over every dim for dim=[] (sum, mean, var, std, norm, amax, amin). */
export const allIfEmpty = (d: Dim | null): Dim | null => (Array.isArray(d) && d.length === 0 ? null : d);

/** The RuntimeError of a dim=None where only the named-dims overload is left (prod, max, min, logsumexp). */
export const namedNone = (): RuntimeError => new RuntimeError('Please look up dimensions by name, got: name = None.');
