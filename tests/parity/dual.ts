/**
 * One way to write a parity harness that both runs and prints: a harness is written once against `Dual<H>`;
 * `runner()` executes it on the real facades, `printer()` turns the very same calls into pasteable TypeScript.
 * So the program a failing property prints is, call for call, the program that ran.
 */
import * as tf from '@twingrad/tf';
import * as torch from '@twingrad/torch';

export interface Dual<H> {
  /** A module member by dotted path: `tf.float64`, `torch.nn.functional`. */
  ref(path: string): H;
  /** `path(...args)`; args are handles, numbers, strings, booleans, null, or arrays / plain objects of them. */
  call(path: string, ...args: unknown[]): H;
  /** `new path(...args)`. */
  make(path: string, ...args: unknown[]): H;
  /** `self.name(...args)`. */
  method(self: H, name: string, ...args: unknown[]): H;
  /** `self.prop`. */
  get(self: H, prop: string): H;
  /** `const name = value`. */
  bind(name: string, value: H): H;
  /** A statement whose value is not kept: `y.backward(w)`. */
  stmt(value: H): void;
  /** `self.name(() => { ...body...; return result; })` (GradientTape.record). */
  block(self: H, name: string, body: () => H): H;
  /** `(p0, p1) => { ...body...; return result; }`. */
  lambda(params: readonly string[], body: (...ps: H[]) => H): H;
  /** `test ? yes : no` (printed with both branches; run with one). */
  cond(test: H, yes: () => H, no: () => H): H;
}

const ROOTS: Record<string, unknown> = { tf, torch, F: torch.nn.functional };

function resolve(path: string): unknown {
  const [root, ...rest] = path.split('.');
  let v: unknown = ROOTS[root!];
  if (v === undefined) throw new Error(`dual: unknown root ${root}`);
  for (const k of rest) v = (v as Record<string, unknown>)[k];
  if (v === undefined) throw new Error(`dual: ${path} does not exist`);
  return v;
}

/** Executes: handles are the facades' own objects. */
export function runner(): Dual<any> {
  return {
    ref: (path) => resolve(path),
    call: (path, ...args) => {
      const dot = path.lastIndexOf('.');
      const self = resolve(path.slice(0, dot)) as Record<string, (...a: unknown[]) => unknown>;
      return self[path.slice(dot + 1)]!(...args);
    },
    make: (path, ...args) => new (resolve(path) as new (...a: unknown[]) => unknown)(...args),
    method: (self, name, ...args) => self[name](...args),
    get: (self, prop) => self[prop],
    bind: (_name, value) => value,
    stmt: () => undefined,
    block: (self, name, body) => self[name](body),
    lambda: (_params, body) => body,
    cond: (test, yes, no) => (test ? yes() : no()),
  };
}

/** A printed expression (as opposed to a string literal argument). */
export class Code {
  constructor(readonly src: string) {}
}

/** A number as the shortest literal that reads back to the same double. */
export function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return Object.is(v, -0) ? '-0' : String(v);
}

export function lit(v: unknown): string {
  if (v instanceof Code) return v.src;
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
  if (typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${lit(x)}`).join(', ')} }`;
  throw new Error(`dual: cannot print ${String(v)}`);
}

/** Prints: handles are `Code`; statements go to `lines()`. */
export function printer(): Dual<Code> & { lines(): string[] } {
  const out: string[][] = [[]];
  let depth = 0;
  const emit = (s: string) => out[out.length - 1]!.push(`${'  '.repeat(depth)}${s}`);
  const nested = (head: string, body: () => Code, tail: string): Code => {
    out.push([]);
    depth++;
    const r = body();
    emit(`return ${lit(r)};`);
    depth--;
    const inner = out.pop()!;
    return new Code(`${head}{\n${inner.join('\n')}\n${'  '.repeat(depth)}}${tail}`);
  };
  const args = (a: unknown[]) => a.map(lit).join(', ');
  return {
    ref: (path) => new Code(path),
    call: (path, ...a) => new Code(`${path}(${args(a)})`),
    make: (path, ...a) => new Code(`new ${path}(${args(a)})`),
    method: (self, name, ...a) => new Code(`${self.src}.${name}(${args(a)})`),
    get: (self, prop) => new Code(/^\d+$/.test(prop) ? `${self.src}[${prop}]` : `${self.src}.${prop}`),
    bind: (name, value) => {
      emit(`const ${name} = ${value.src};`);
      return new Code(name);
    },
    stmt: (value) => emit(`${value.src};`),
    block: (self, name, body) => nested(`${self.src}.${name}(() => `, body, ')'),
    lambda: (params, body) => nested(`(${params.join(', ')}) => `, () => body(...params.map((p) => new Code(p))), ''),
    cond: (test, yes, no) => new Code(`${lit(test)} ? ${lit(yes())} : ${lit(no())}`),
    lines: () => out[0]!,
  };
}
