import type { Tensor } from '../tensor.js';
import type { Node } from '../autograd/node.js';

// Hooks on a tensor's gradient (PyTorch's register_hook, retain_grad) and where they live once its producer changes.

/**
 * The node that holds a tensor's hooks since an in-place op gave the tensor a newer producer (`inplace` moves them):
 * PyTorch 1.13's `_backward_hooks` dict stays registered on the grad_fn the tensor had when its first hook was
 * added, so hooks registered after the op join it there.
 */
const hookHome = new WeakMap<Tensor, Node>();

/**
 * Registers hook `h` on `t`'s gradient (PyTorch's register_hook) and returns what removes it. The hooks live on `t`
 * until an in-place op moves them to its old node; the remover keeps the array it pushed into, which is the array
 * that moves, so it finds the hook wherever it now lives.
 */
export function addHook(t: Tensor, h: (g: Tensor) => Tensor | void): () => void {
  const hooks = hookHome.get(t)?.hooks ?? (t.hooks ??= []);
  // a freed producer keeps the tensor's hooks (Node.free), so that a later pass runs them before its error
  const n = t.node;
  if (n !== null && n.freed && !hookHome.has(t)) n.hooks = hooks;
  hooks.push(h);
  return () => {
    const i = hooks.indexOf(h);
    if (i >= 0) hooks.splice(i, 1);
  };
}

/**
 * PyTorch 1.13's retain_grad on a non-leaf `t`: `.grad` keeps its gradient when its producer runs. 1.13 adds this as
 * one more pre-hook of the producer, and a tensor's Python hooks are one pre-hook too, placed where the first of them
 * was registered: so `.grad` takes the gradient before the hooks when retain_grad came before any hook, and after
 * them (changed by them) otherwise. (PyTorch 2 always runs it after the hooks.)
 */
export function retainGrad(t: Tensor): void {
  if (t.retainsGrad) return;
  t.retainsGrad = true;
  if (t.hooks === null && !hookHome.has(t)) t.retainsFirst = true;
}

/**
 * Before `y` takes a new producer: PyTorch 1.13 keeps the hooks registered so far on the old grad_fn (they see the
 * gradient of the old value), and later ones join them there (see addHook).
 */
export function keepHooks(y: Tensor): void {
  if (y.node === null || y.hooks === null) return;
  y.node.hooks = y.hooks;
  hookHome.set(y, y.node);
  y.hooks = null;
}

/**
 * Where a tensor's retain_grad sinks when that is not its current producer: PyTorch 1.13 moves the retains_grad hook
 * to the new grad_fn when the tensor itself is modified in place, but a write through one of its views sets its
 * grad_fn to CopySlices without moving the hook, so `.grad` then takes the gradient of the value the tensor had
 * before that write (until an in-place op on the tensor itself moves it again).
 */
const retainHome = new WeakMap<Tensor, Node>();

/** The node at which `t`'s retain_grad sinks (the engine's test); null for none. */
export function retainsAt(t: Tensor): Node | null {
  return retainHome.get(t) ?? t.node;
}

/** Before a write through a view gives `base` a new producer: its retain_grad stays at the current one. */
export function keepRetain(base: Tensor): void {
  if (base.retainsGrad && base.node !== null && !retainHome.has(base)) retainHome.set(base, base.node);
}

/** Before an in-place op on `y` itself gives it a new producer: its retain_grad follows (see `retainHome`). */
export function followRetain(y: Tensor): void {
  retainHome.delete(y);
}
