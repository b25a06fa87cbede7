import * as core from '@twingrad/core';
import { ValueError, guarded } from './errors.js';
import type { Nest } from './gradient_tape.js';
import { flatten, pack } from './nest.js';
import { TensorBase, Variable, convert, variableWatchers, wrap, type TensorInput } from './tensor.js';

/**
 * `tf.custom_gradient`, as TensorFlow keeps it apart from GradientTape (custom_gradient.py): a function whose
 * gradient is the user's `grad_fn`, recorded as one opaque op of the core.
 */

/**
 * `tf.custom_gradient(f)`: `f(...inputs)` returns `[result, grad_fn]`, `result` one tensor or a nest of them;
 * `grad_fn(...upstreams)` returns the gradient for each input (one tensor for one input, an array for several); as in
 * TensorFlow, the inputs are the arguments flattened, so an array argument counts as one input per element.
 * What `f` computes is not recorded; `grad_fn` runs inside the backward pass, so enclosing tapes record it (higher
 * orders work when it uses tf ops). If `f` reads trainable variables that are not inputs, `grad_fn` also gets
 * `{ variables }` after the upstream gradients and returns `[inputGradients, variableGradients]`, as in TensorFlow
 * (custom_gradient.py's eager decorator).
 * @example
 * const log1pexp = tf.custom_gradient((x: tf.Tensor) => {
 *   const e = tf.exp(x);
 *   return [tf.math.log(e.add(1)), (dy: tf.Tensor) => dy.mul(tf.subtract(1, tf.divide(1, e.add(1))))];
 * });
 */
export function custom_gradient<A extends TensorInput[]>(f: (...args: A) => [Nest<TensorBase>, GradFn]) {
  return (...args: A): any => {
    // custom_gradient.py's eager decorator: the inputs are nest.flatten(args), so a list argument is several inputs
    const flatArgs = flatten(args);
    const inputs = flatArgs.map((a) => guarded(null, () => convert(a)));
    const [made, variables] = runWatchingVariables(f, args, flatArgs);
    const [result, gradFn] = made;
    const outs = (flatten(result) as TensorBase[]).map((t) => t._t);
    // NOTE: JavaScript has no keyword arguments: grad_fn takes { variables } after one parameter per output.
    if (variables.length > 0 && gradFn.length <= outs.length) {
      throw new TypeError(`@tf.custom_gradient grad_fn must accept keyword argument 'variables', since function uses variables: [${variables.map(String).join(', ')}]`);
    }
    const joint = outs.length === 1 ? core.detach(outs[0]!) : jointOf(outs);
    const recorded = [...inputs, ...variables.map((v) => v._read())];
    const spec: core.GradSpec = {
      name: 'CustomGradient',
      saves: [],
      opaque: true,
      vjp: ({ g }) => gradFnGradients(gradFn, g, outs, inputs, variables, recorded),
    };
    const out = core.record(spec, recorded, joint, undefined);
    if (outs.length === 1) return pack(result, [wrap(out)]);
    return pack(result, splitJoint(out, outs).map(wrap));
  };
}

type GradFn = (...upstreams: any[]) => Nest<TensorInput | null> | [Nest<TensorInput | null>, Array<TensorInput | null>];

/**
 * Runs `f` with no tape recording, noting the trainable variables it reads: those that are not among the inputs are
 * the `variables` grad_fn gets.
 */
function runWatchingVariables<A extends TensorInput[]>(f: (...args: A) => [Nest<TensorBase>, GradFn], args: A, flatArgs: readonly unknown[]): [[Nest<TensorBase>, GradFn], Variable[]] {
  const watcher = new Set<Variable>();
  variableWatchers.push(watcher);
  let made: [Nest<TensorBase>, GradFn];
  try {
    made = core.withoutTapes(() => f(...args));
  } finally {
    variableWatchers.pop();
  }
  return [made, [...watcher].filter((v) => !flatArgs.includes(v))];
}

/**
 * The custom op's gradients, run in the backward pass: grad_fn of the upstream gradient of each output, its input
 * (and variable) gradients checked against the inputs and converted to the dtype of what was recorded for each.
 */
function gradFnGradients(gradFn: GradFn, g: core.Tensor, outs: readonly core.Tensor[], inputs: readonly core.Tensor[], variables: Variable[], recorded: readonly core.Tensor[]): Array<core.Tensor | null> {
  const ups = outs.length === 1 ? [wrap(g)] : splitJoint(g, outs).map(wrap);
  let inputGrads: unknown, variableGrads: unknown[] = [];
  if (variables.length > 0) {
    const r = gradFn(...ups, { variables }) as [unknown, unknown[]];
    [inputGrads, variableGrads] = r;
    if (variableGrads.length !== variables.length) throw new ValueError('Must return gradient for each variable from @custom_gradient grad_fn.');
  } else inputGrads = gradFn(...ups);
  const flat = inputs.length === 1 && !Array.isArray(inputGrads) ? [inputGrads] : flatten(inputGrads);
  if (flat.length !== inputs.length) {
    throw new ValueError(`custom_gradient function expected to return ${inputs.length} gradients, but returned ${flat.length} instead.`);
  }
  return [...flat, ...variableGrads].map((gi, i) => (gi === null || gi === undefined ? null : convert(gi, recorded[i]!.dtype)));
}

/** Several outputs as one flat tensor (the custom op's one output), each output's elements in turn. */
function jointOf(outs: readonly core.Tensor[]): core.Tensor {
  const dtype = outs[0]!.dtype;
  if (outs.some((o) => o.dtype !== dtype)) throw new ValueError('tf.custom_gradient: twingrad needs every output of f to have one dtype');
  return core.detach(core.concat(outs.map((o) => core.reshape(core.detach(o), [o.size])), 0));
}

/** The outputs as recorded parts of the joint tensor (each one's gradient lands in its own part); also cuts its cotangent. */
function splitJoint(joint: core.Tensor, outs: readonly core.Tensor[]): core.Tensor[] {
  let at = 0;
  return outs.map((o) => {
    const part = core.reshape(core.slice(joint, [{ start: at, stop: at + o.size }]), o.shape);
    at += o.size;
    return part;
  });
}
