import { checkViewRebase, followHistory, type Tensor } from '../tensor.js';
import { fail } from '../errors.js';
import { Node } from './node.js';
import { anomaly } from './anomaly.js';

// What the engine checks before a rule reads its saved tensors, in PyTorch's words.

// NOTE: PyTorch 1.13 prints a bool tensor's type as CPUBoolType there (checked)
const TYPE_NAME: Record<string, string> = { float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int32: 'torch.LongTensor', bool: 'CPUBoolType' };

/**
 * Throws PyTorch's error if a tensor the rule will read (for the inputs that `needs` a gradient) was modified in place
 * since it was recorded.
 */
export function checkVersions(n: Node, inputs: readonly Tensor[], needs: readonly boolean[]): void {
  const saves = n.spec.saves, reads = n.spec.reads;
  for (let s = 0; s < saves.length; s++) {
    const which = saves[s]!;
    const t = which === 'out' ? n.out! : inputs[which]!;
    // NOTE: the version first: it is almost always unchanged, and scalar code checks every node
    if (t.version === n.versions[s]) continue;
    if (reads !== undefined && !readBy(reads, needs, which)) continue;
    // NOTE: PyTorch names a saved output's own node, but a saved input's current producer (checked on 1.13:
    // exp's saved result says ExpBackward0; sin's saved input, modified by add_, says AddBackward0).
    // PyTorch's SavedVariable::unpack asks a saved input for its grad_fn first: a view that refuses a new history
    // (made under no_grad, or an output of split) raises that error instead, and a view's is made again if its base
    // was written since (AsStridedBackward0)
    if (which !== 'out') {
      followHistory(t);
      checkViewRebase(t);
    }
    const at = which === 'out' ? n : t.node;
    const producer = at instanceof Node ? `, which is output 0 of ${at.name},` : '';
    fail('runtime', `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
      `[${TYPE_NAME[t.dtype] ?? t.dtype} [${t.shape.join(', ')}]]${producer} is at version ${t.version}; expected version ${n.versions[s]} instead. ` +
      (anomaly.enabled ? ANOMALY_HINT : HINT));
  }
}

// PyTorch's two hints (saved_variable.cpp): the second with anomaly mode on, whose warning shows the node's stack
const HINT = 'Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).';
const ANOMALY_HINT = 'Hint: the backtrace further above shows the operation that failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck!';

function readBy(reads: ReadonlyArray<ReadonlyArray<'out' | number>>, needs: readonly boolean[], which: 'out' | number): boolean {
  for (let i = 0; i < needs.length; i++) if (needs[i] && reads[i]!.includes(which)) return true;
  return false;
}

/** Throws PyTorch's error for a node whose saved tensors were freed by an earlier backward. */
export function freedError(): never {
  fail('runtime', 'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
    'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True ' +
    'if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.');
}
