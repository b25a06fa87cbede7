/** torch.nn.utils: gradient clipping (the norms and the scaling are @twingrad/core's). */
import type { PyArgs } from '@twingrad/core';
import { core } from '../core.js';
import { RuntimeError, ValueError } from '../errors.js';
import { pyFloat } from '../optim/optimizer.js';
import { Tensor, wrap } from '../tensor.js';

export type NormType = number | 'inf' | '-inf';
export interface ClipGradNormOptions { max_norm?: number; norm_type?: NormType; error_if_nonfinite?: boolean }

/** clip_grad.py's signature (1.13) after `parameters`. */
const CLIP_GRAD_NORM = { name: 'clip_grad_norm_', leading: 1, positional: { max_norm: core.NO_DEFAULT as number | typeof core.NO_DEFAULT, norm_type: 2 as NormType, error_if_nonfinite: false } };

/** Python's float() of a number or of 'inf' / '-inf' (clip_grad.py: `norm_type = float(norm_type)`). */
function pyFloatOf(v: NormType): number {
  if (typeof v === 'number') return v;
  const t = v.trim().toLowerCase();
  if (/^[+-]?inf(inity)?$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  const x = t === '' ? NaN : Number(t);
  if (Number.isNaN(x) && t !== 'nan' && t !== '+nan' && t !== '-nan') throw new ValueError(`could not convert string to float: '${v}'`);
  return x;
}

const gradsOf = (parameters: Tensor | Iterable<Tensor>): core.Tensor[] =>
  [...(parameters instanceof Tensor ? [parameters] : parameters)].map((p) => p._t.grad).filter((g): g is core.Tensor => g !== null);

/**
 * Scales the gradients in place so that their total norm (as if concatenated) is at most max_norm, by
 * max_norm / (total + 1e-6) when larger; returns the total norm before clipping, in the promoted dtype of the
 * gradients (clip_grad.py stacks the per-gradient norms, and torch.stack promotes).
 * Arguments as in Python: (parameters, max_norm, norm_type=2.0, error_if_nonfinite=False), keywords as an object.
 * @example const total = torch.nn.utils.clip_grad_norm_(model_params, 1.0); // or (params, 1.0, { norm_type: 'inf' })
 */
export function clip_grad_norm_(parameters: Tensor | Iterable<Tensor>, ...args: PyArgs<[max_norm: number, norm_type: NormType, error_if_nonfinite: boolean], ClipGradNormOptions>): Tensor {
  const a = core.bindArgs(CLIP_GRAD_NORM, args).values;
  const grads = gradsOf(parameters);
  const max_norm = a.max_norm as number;
  const norm_type = pyFloatOf(a.norm_type);
  if (grads.length === 0) return wrap(core.scalar(0));
  const total = core.totalNorm(grads, norm_type);
  if (a.error_if_nonfinite && !Number.isFinite(total)) {
    throw new RuntimeError(`The total norm of order ${pyFloat(norm_type)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``);
  }
  core.clipGradNormInPlace(grads, max_norm, total);
  return wrap(core.scalar(total, grads.map((g) => g.dtype).reduce((x, y) => core.promote(x, y))));
}

/**
 * Clamps every gradient to [-clip_value, clip_value] in place.
 * @example torch.nn.utils.clip_grad_value_(model_params, 0.5);
 */
export function clip_grad_value_(parameters: Tensor | Iterable<Tensor>, clip_value: number): void {
  core.clipGradValueInPlace(gradsOf(parameters), clip_value);
}
