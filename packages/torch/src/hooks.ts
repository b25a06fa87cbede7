/** Tensor hooks (register_hook): the handle that removes one, and PyTorch's check of what a hook returned. */
import { core } from './core.js';
import { RuntimeError } from './errors.js';
import { TENSOR_TYPE } from './tensor.js';

/** A handle returned by register_hook: `remove()` takes the hook off again. */
export interface RemovableHandle { remove(): void }

/**
 * PyTorch's check of what a gradient hook returned: the gradient's size and type must stay. A JS function's `name`
 * stands for Python's `__name__`; an anonymous arrow function is Python's lambda.
 */
export function checkHookResult(hook: { name: string }, g: core.Tensor, r: core.Tensor): void {
  const name = hook.name === '' ? '<lambda>' : hook.name;
  // PyTorch checks the type before the size
  if (g.dtype !== r.dtype) {
    throw new RuntimeError(`hook '${name}' has changed the type of value (was ${TENSOR_TYPE[g.dtype]} got ${TENSOR_TYPE[r.dtype]})`);
  }
  if (!core.sameShape(g.shape, r.shape)) throw new RuntimeError(`hook '${name}' has changed the size of value`);
}
