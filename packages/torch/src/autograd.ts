/**
 * torch.autograd: backward (the accumulate sink), grad (the return sink), grad mode, and
 * torch.autograd.functional. Both sinks are the one core engine; this file only checks arguments and
 * speaks PyTorch's errors.
 */
import { core } from './core.js';
import { RuntimeError } from './errors.js';
import { Tensor, wrap } from './tensor.js';

export interface BackwardOptions {
  /** Keep the graph for another backward pass; defaults to create_graph. */
  retain_graph?: boolean;
  /** Record the backward pass itself, for higher-order gradients. */
  create_graph?: boolean;
  /** Accumulate only into these tensors' `.grad`. */
  inputs?: Tensor | readonly Tensor[];
}

const list = <T>(v: T | readonly T[]): T[] => (Array.isArray(v) ? [...v] : [v as T]);

/** The seeds of a backward pass: the given gradients, or ones for single-element outputs (PyTorch's _make_grads). */
function makeSeeds(outputs: readonly Tensor[], grads: ReadonlyArray<Tensor | null | undefined>): core.Tensor[] {
  return outputs.map((o, i) => {
    const g = grads[i];
    if (g !== null && g !== undefined) {
      if (!core.sameShape(g._t.shape, o._t.shape)) {
        throw new RuntimeError(`Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${g._t.shape.join(', ')}]) ` +
          `and output[${i}] has a shape of torch.Size([${o._t.shape.join(', ')}]).`);
      }
      return g._t;
    }
    return onesSeed(o);
  });
}

/** The implicit seed of a single-element output. */
function onesSeed(o: Tensor): core.Tensor {
  if (o._t.size !== 1) throw new RuntimeError('grad can be implicitly created only for scalar outputs');
  return core.ones(o._t.shape, o._t.dtype);
}

function checkOutputs(outputs: readonly Tensor[]): void {
  for (let i = 0; i < outputs.length; i++) checkOutput(outputs[i]!, i);
}

function checkOutput(o: Tensor, i: number): void {
  if (!o._t.requiresGrad) throw new RuntimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
}

/** Tensor.backward(gradient, options) and torch.autograd.backward for one tensor. */
export function backward(t: Tensor, gradient: Tensor | null, o: BackwardOptions = {}): void {
  if (gradient !== null || o.inputs !== undefined) {
    autogradBackward([t], gradient === null ? undefined : [gradient], o);
    return;
  }
  // NOTE: loss.backward(), the common call: autogradBackward's checks in its order, without its lists and closures.
  checkOutput(t, 0);
  const seed = onesSeed(t);
  const createGraph = o.create_graph ?? false;
  core.backward([t._t], [seed], { tape: null, sources: null, accumulate: null, retainGraph: o.retain_graph ?? createGraph, createGraph });
}

/**
 * torch.autograd.backward(tensors, grad_tensors?, { retain_graph, create_graph, inputs }): accumulates the
 * gradients of `tensors` into the `.grad` of the graph's leaves (or of `inputs` only).
 */
export function autogradBackward(tensors: Tensor | readonly Tensor[], grad_tensors?: Tensor | null | ReadonlyArray<Tensor | null>, o: BackwardOptions = {}): void {
  const outs = list(tensors);
  const grads = grad_tensors === undefined || grad_tensors === null ? [] : list(grad_tensors);
  checkOutputs(outs);
  const seeds = makeSeeds(outs, grads);
  const createGraph = o.create_graph ?? false;
  const inputs = o.inputs === undefined ? null : list(o.inputs).map((x) => x._t);
  if (inputs !== null && inputs.length === 0) throw new RuntimeError("'inputs' argument to backward() cannot be empty.");
  core.backward(outs.map((x) => x._t), seeds, {
    tape: null, sources: null, accumulate: inputs, retainGraph: o.retain_graph ?? createGraph, createGraph,
  });
}

export interface GradOptions {
  grad_outputs?: Tensor | null | ReadonlyArray<Tensor | null>;
  retain_graph?: boolean;
  create_graph?: boolean;
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allow_unused?: boolean;
}

/**
 * torch.autograd.grad: the gradients of `outputs` with respect to `inputs`, returned (never accumulated), as an
 * array (Python's tuple), one entry per input.
 * @example const [dx] = torch.autograd.grad(y, x, { create_graph: true });
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], o: GradOptions = {}): Array<Tensor | null> {
  const outs = list(outputs);
  const ins = list(inputs);
  checkOutputs(outs);
  for (const x of ins) if (!x._t.requiresGrad) throw new RuntimeError('One of the differentiated Tensors does not require grad');
  const grads = o.grad_outputs === undefined || o.grad_outputs === null ? [] : list(o.grad_outputs);
  const seeds = makeSeeds(outs, grads);
  const createGraph = o.create_graph ?? false;
  const res = core.backward(outs.map((x) => x._t), seeds, {
    tape: null, sources: ins.map((x) => x._t), accumulate: null, retainGraph: o.retain_graph ?? createGraph, createGraph,
  });
  return res.map((g) => {
    if (g === null && !o.allow_unused) {
      throw new RuntimeError('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
    }
    return g === null ? null : wrap(g);
  });
}

// ---- grad mode ----
/** Runs `fn` with grad mode off (PyTorch's `with torch.no_grad():`) and returns its result. */
export function no_grad<T>(fn: () => T): T {
  return core.withGradMode(false, fn);
}
/** Runs `fn` with grad mode on (PyTorch's `with torch.enable_grad():`). */
export function enable_grad<T>(fn: () => T): T {
  return core.withGradMode(true, fn);
}
export function is_grad_enabled(): boolean {
  return core.mode.grad;
}
/** Sets grad mode; with `fn`, only while it runs (PyTorch's `with torch.set_grad_enabled(mode):`). */
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | undefined {
  if (fn !== undefined) return core.withGradMode(mode, fn);
  core.mode.grad = mode;
  return undefined;
}
