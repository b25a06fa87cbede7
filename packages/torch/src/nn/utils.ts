/** torch.nn.utils: gradient clipping (the norms and the scaling are @twingrad/core's). */
import { core } from '../core.js';
import { RuntimeError } from '../errors.js';
import { Tensor, wrap } from '../tensor.js';

export interface ClipGradNormOptions { norm_type?: number | 'inf'; error_if_nonfinite?: boolean }

const gradsOf = (parameters: Tensor | Iterable<Tensor>): core.Tensor[] =>
  [...(parameters instanceof Tensor ? [parameters] : parameters)].map((p) => p._t.grad).filter((g): g is core.Tensor => g !== null);

/**
 * Scales the gradients in place so that their total norm (as if concatenated) is at most max_norm, by
 * max_norm / (total + 1e-6) when larger; returns the total norm before clipping.
 * @example const total = torch.nn.utils.clip_grad_norm_(model_params, 1.0);
 */
export function clip_grad_norm_(parameters: Tensor | Iterable<Tensor>, max_norm: number, options: ClipGradNormOptions | number | 'inf' = {}): Tensor {
  const o = typeof options === 'object' ? options : { norm_type: options };
  const normType = o.norm_type === 'inf' ? Infinity : o.norm_type ?? 2;
  const grads = gradsOf(parameters);
  if (grads.length === 0) return wrap(core.scalar(0));
  const total = core.totalNorm(grads, normType);
  if ((o.error_if_nonfinite ?? false) && !Number.isFinite(total)) {
    const order = normType === Infinity ? 'inf' : Number.isInteger(normType) ? `${normType}.0` : String(normType);
    throw new RuntimeError(`The total norm of order ${order} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``);
  }
  core.clipGradNormInPlace(grads, max_norm, total);
  return wrap(core.scalar(total, grads[0]!.dtype));
}

/**
 * Clamps every gradient to [-clip_value, clip_value] in place.
 * @example torch.nn.utils.clip_grad_value_(model_params, 0.5);
 */
export function clip_grad_value_(parameters: Tensor | Iterable<Tensor>, clip_value: number): void {
  core.clipGradValueInPlace(gradsOf(parameters), clip_value);
}
