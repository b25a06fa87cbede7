/** Helpers of the optimizers' __setstate__ (what load_state_dict ends with in PyTorch 1.13). */
import { core } from '../core.js';
import { KeyError } from '../errors.js';
import { Tensor, wrap } from '../tensor.js';
import type { ParamGroup, ParamState } from './optimizer.js';

/** Python's dict.setdefault on a param group, for each key: the value only where the key is absent (None stays None). */
export function setdefaults(group: ParamGroup, values: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values)) setdefault(group, key, value);
}

function setdefault(group: ParamGroup, key: string, value: unknown): void {
  if (!(key in group)) group[key] = value;
}

/**
 * adam.py / adamw.py / adagrad.py __setstate__ (1.13): unless the first state's `step` is a tensor, every
 * `step` becomes `torch.tensor(float(step))` (a float32 0-d tensor), so that a state dict from PyTorch <= 1.11,
 * or one written by hand, continues its bias correction instead of restarting at step 1.
 */
export function stepsToTensors(state: Map<Tensor, ParamState>): void {
  const stateValues = [...state.values()];
  const stepIsTensor = stateValues.length !== 0 && stateValues[0]!.step instanceof Tensor;
  if (!stepIsTensor) {
    for (const s of stateValues) {
      if (!('step' in s)) throw new KeyError("'step'");
      s.step = wrap(core.scalar(s.step instanceof Tensor ? s.step._t.data[0]! : Number(s.step)));
    }
  }
}
