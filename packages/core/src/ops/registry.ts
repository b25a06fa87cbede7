import type { Tensor } from '../tensor.js';

/**
 * How the generic tests exercise an op: input values are drawn from `domain`, away from the
 * non-differentiable points in `avoid`; `cases` lists the shapes (and how to call the op) to check;
 * `order` is the highest gradient order checked by finite differences.
 */
export interface CheckSpec {
  domain?: [number, number];
  avoid?: number[];
  order?: 0 | 1 | 2;
  /** For ops whose arguments are not plain same-shape tensors: explicit calls. */
  cases?: Array<{ shapes: number[][]; call: (...xs: Tensor[]) => Tensor; label?: string }>;
  /** Inputs beyond the first that are not differentiated (indices), e.g. integer labels. */
  constant?: number[];
}

export interface OpInfo {
  name: string;
  family: 'unary' | 'binary' | 'compare' | 'reduce' | 'shape' | 'linalg' | 'nn' | 'other';
  differentiable: boolean;
  /** The op as a function of tensors, for the registry-driven tests. */
  fn?: (...xs: Tensor[]) => Tensor;
  check?: CheckSpec;
}

/** Every op, by name: the registry-driven tests walk it and the facades' coverage tests read it. */
export const registry = new Map<string, OpInfo>();

export function register(info: OpInfo): void {
  if (registry.has(info.name)) throw new Error(`op ${info.name} is defined twice`);
  registry.set(info.name, info);
}
