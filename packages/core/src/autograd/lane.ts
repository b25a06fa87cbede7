import type { Tensor } from '../tensor.js';
import type { DType } from '../dtype.js';
import type { Cotangent, Node, ScalarArgs } from './node.js';
import { route, ruleNeeds, type Pass } from './pass.js';
import { mayRecord } from './record.js';

/**
 * The scalar lane of the backward pass. Scalar code (the notebook's polynomials) makes nodes whose every operand is
 * one element; for those, a rule's tensor form costs a tensor per cotangent and per temporary, far more than its
 * arithmetic. When the rule has a scalar form (`GradSpec.scalar`) and nothing would record what the rule computes,
 * the node runs on numbers and its cotangents travel as numbers (`Cotangent`) until something needs a tensor.
 */

// NOTE: one argument object for every call: a rule only reads it and writes `gx`, `gy` before the lane reads them.
const S: ScalarArgs = { g: 0, x: 0, y: 0, out: 0, attrs: undefined, dtype: 'float32', gx: 0, gy: 0 };

/**
 * Runs node `n` with cotangent `g` in the scalar lane if it can (the caller has checked that no hooks run on `n`'s
 * cotangent): its rule has a scalar form, its output, inputs and `g` are all one element of the output's float dtype and rank, and nothing would record the
 * rule (no tape records during the pass, and grad mode is off or no operand requires grad: TensorFlow's gradient
 * asks for recording, which happens only under an outer tape). Returns false, having done nothing, if it cannot (the
 * caller then takes the tensor lane, which also reports a freed graph).
 */
export function scalarStep(p: Pass, n: Node, g: Cotangent): boolean {
  const rule = n.spec.scalar;
  const inputs = n.inputs;
  const out = n.out;
  if (rule === undefined || inputs === null || out === null || out.size !== 1) return false;
  const d = out.dtype, rank = out.shape.length;
  let gv: number;
  if (typeof g === 'number') gv = g;
  else if (oneLike(g, d, rank)) gv = g.first;
  else return false;
  const m = inputs.length;
  const x = inputs[0]!;
  const y = m === 2 ? inputs[1]! : x;
  if (m > 2 || !oneLike(x, d, rank) || !oneLike(y, d, rank)) return false;
  if (mayRecord(x, y) || mayRecord(out, typeof g === 'number' ? null : g)) return false;
  const edges = n.edges;
  const needs = ruleNeeds(p, n, inputs);
  if (needs === null) return true;
  S.g = gv; S.x = x.first; S.y = y.first; S.out = out.first; S.attrs = n.attrs; S.dtype = d;
  rule(S);
  // a tensor `g` goes on itself where the tensor rule gives `g` (add): a returned gradient may be the seed object
  const passes = typeof g === 'number' ? undefined : n.spec.passes;
  if (needs[0]) route(p, edges[0]!, x, passes?.[0] ? g : S.gx, false);
  if (m === 2 && needs[1]) route(p, edges[1]!, y, passes?.[1] ? g : S.gy, false);
  return true;
}

/** One element of dtype `d` and rank `rank`: an operand the scalar forms take (the plain pass's test too). */
export function oneLike(t: Tensor, d: DType, rank: number): boolean {
  return t.size === 1 && t.dtype === d && t.shape.length === rank;
}
