/**
 * @twingrad/core as the facade sees it: the same namespace, with every function wrapped once, at load, so that a
 * core error leaving it is already PyTorch's (errors.ts). The facade imports the core only from here, so every
 * entry point (torch.* functions, Tensor methods, backward, autograd.grad, the optimizers) speaks PyTorch's
 * errors without a try/catch of its own; test/errors.test.ts checks that no file imports the core around it.
 *
 * NOTE: the wrapper is one call, one try/catch and the rest-arguments array, no closure per call: V8 pays for a
 * try/catch only when something throws. W1 (x.pow(4).mul(2).add(...) and backward, ~10 us a step) shows no
 * difference beyond run-to-run noise with and without it.
 */
import * as raw from '@twingrad/core';
import { translate } from './errors.js';

type Fn = (...args: never[]) => unknown;

/** `fn`, with core errors rethrown as PyTorch's. */
function guard<F extends Fn>(fn: F): F {
  return function guarded(this: unknown, ...args: Parameters<F>) {
    try {
      return fn.apply(this, args);
    } catch (e) {
      throw translate(e);
    }
  } as F;
}

/** Every function of the namespace guarded; classes (PascalCase, by the core's naming rule) and objects as they are. */
function guardAll<M extends object>(m: M): M {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(m)) out[name] = typeof v === 'function' && /^[a-z]/.test(name) ? guard(v as Fn) : v;
  // NOTE: a copy by spread: `out`, filled key by key with some 200 names, is a dictionary-mode object, whose every
  // `core.add` is a hash lookup and a call V8 cannot inline; the copy has fast properties (W1: -4% in the torch facade).
  return { ...out } as M;
}

/** The core's namespace, guarded: `core.add`, `core.backward`, `core.Tensor`, ... */
export const core: typeof raw = guardAll(raw);

/** The core's types under `core.`, as with a namespace import (a const carries no types). */
export declare namespace core {
  export type Tensor = raw.Tensor;
  export type Node = raw.Node;
  export type DType = raw.DType;
  export type TypedArray = raw.TypedArray;
  export type TensorLike = raw.TensorLike;
  export type ArrayData = raw.ArrayData;
  export type NestedArray = raw.NestedArray;
  export type SliceSpec = raw.SliceSpec;
  export type Piece = raw.Piece;
  export type CopySlicesAttrs = raw.CopySlicesAttrs;
  export type SgdState = raw.SgdState;
}
