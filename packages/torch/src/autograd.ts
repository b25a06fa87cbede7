/**
 * torch.autograd: backward (the accumulate sink), grad (the return sink), grad mode, and
 * torch.autograd.functional. Both sinks are the one core engine; this file only checks arguments and
 * speaks PyTorch's errors and warnings, in the order torch/autograd/__init__.py and the C++ engine's
 * entry (torch/csrc/autograd/python_engine.cpp, THPEngine_run_backward) raise them.
 */
import { core } from './core.js';
import { AttributeError, IndexError, RuntimeError, TorchTypeError, ValueError } from './errors.js';
import { Tensor, wrap } from './tensor.js';
import { fmtSize } from './size.js';
import { pyType } from './py_type.js';
import { checkKeywords, warnOnce } from './nn/args.js';

export interface BackwardOptions {
  /** Keep the graph for another backward pass; defaults to create_graph. */
  retain_graph?: boolean | null;
  /** Record the backward pass itself, for higher-order gradients. */
  create_graph?: boolean;
  /** Accumulate only into these tensors' `.grad`. */
  inputs?: Tensor | readonly Tensor[] | null;
}

/** A gradient argument: one tensor, or one per output (null: the implicit ones of a single-element output). */
export type Gradients = Tensor | null | ReadonlyArray<Tensor | null>;

/** Tensor.backward's keywords (torch/_tensor.py). */
export interface TensorBackwardOptions extends BackwardOptions { gradient?: Gradients }
/** torch.autograd.backward's keywords; grad_variables is the deprecated name of grad_tensors. */
export interface AutogradBackwardOptions extends BackwardOptions { grad_tensors?: Gradients; grad_variables?: Gradients }

const TENSOR_BACKWARD_KEYWORDS = ['gradient', 'retain_graph', 'create_graph', 'inputs'];
const BACKWARD_KEYWORDS = ['tensors', 'grad_tensors', 'retain_graph', 'create_graph', 'grad_variables', 'inputs'];
const GRAD_KEYWORDS = ['outputs', 'inputs', 'grad_outputs', 'retain_graph', 'create_graph', 'only_inputs', 'allow_unused', 'is_grads_batched'];

// torch/csrc/autograd/engine.cpp Engine::execute, TORCH_WARN_ONCE (so once per process); without the
// "(Triggered internally at ...)" location PyTorch appends to C++ warnings.
const CREATE_GRAPH_WARNING = 'Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient ' +
  'which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you have to use ' +
  'this function, make sure to reset the .grad fields of your parameters to None after use to break the cycle and avoid the leak.';
// torch/autograd/__init__.py grad(), warnings.warn: Python's default filter shows it once (one line raises it)
const ONLY_INPUTS_WARNING = 'only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate gradient ' +
  'for other parts of the graph, please use torch.autograd.backward.';

const NO_OPTIONS: TensorBackwardOptions = Object.freeze({});

/** Keyword arguments given as one object: a plain object, never a tensor, an array, or a number. */
export function isOptions(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Tensor) return false;
  const p: unknown = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * Python's `f(*before, name=None, **keywords)` called as `f(..., value?, options?)` or `f(..., options)` with the
 * value among the options: the value of `name` and the options, after CPython's keyword checks.
 */
export function optionalArg<O extends object>(fn: string, before: readonly string[], name: keyof O & string,
  keywords: readonly string[], v: unknown, options: O | undefined): [unknown, O] {
  if (options === undefined && isOptions(v)) {
    const o = v as O;
    checkKeywords(fn, before, keywords, o);
    return [o[name], o];
  }
  const o = options ?? ({} as O);
  checkKeywords(fn, v === undefined ? before : [...before, name], keywords, o);
  return [v === undefined ? o[name] : v, o];
}

/** Python's `tuple(v)`: arrays and strings iterate, a dict its keys; anything else is not iterable. */
function iterate(v: unknown): unknown[] {
  if (Array.isArray(v)) return [...v];
  if (typeof v === 'string') return [...v];
  if (isOptions(v)) return Object.keys(v);
  throw new TorchTypeError(`'${pyType(v)}' object is not iterable`);
}

/** Python's `(t,) if isinstance(t, torch.Tensor) else tuple(t)`. */
const tensorTuple = (v: unknown): unknown[] => (v instanceof Tensor ? [v] : iterate(v));

/** torch/autograd/__init__.py `_tensor_or_tensors_to_tuple`: None is one None per output. */
const gradTuple = (v: unknown, length: number): unknown[] => (v === null || v === undefined ? new Array<null>(length).fill(null) : tensorTuple(v));

/** Python's len(): `len()` of a tensor is its first dimension (and an error for a 0-d one). */
function pyLen(v: unknown): number {
  if (v instanceof Tensor) {
    if (v.dim() === 0) throw new TorchTypeError('len() of a 0-d tensor');
    return v.shape[0]!;
  }
  if (Array.isArray(v) || typeof v === 'string') return v.length;
  if (isOptions(v)) return Object.keys(v).length;
  throw new TorchTypeError(`object of type '${pyType(v)}' has no len()`);
}


/**
 * torch/autograd/__init__.py `_make_grads`, zipping outputs with gradients (so extra gradients are ignored, as
 * zip does): a tensor is checked against its output (with `is_grads_batched`, its first entry is), None becomes
 * ones for a single-element output that requires grad (and stays None for one that does not), anything else is
 * a TypeError. The seeds are the gradients' core tensors.
 */
function makeGrads(outputs: readonly unknown[], grads: readonly unknown[], batched: boolean): Array<core.Tensor | null> {
  const seeds: Array<core.Tensor | null> = [];
  const n = Math.min(outputs.length, grads.length);
  for (let i = 0; i < n; i++) {
    const out = outputs[i], g = grads[i];
    if (g instanceof Tensor) {
      if (!(out instanceof Tensor)) throw new TorchTypeError(`is_same_size(): argument 'input' (position 1) must be Tensor, not ${pyType(out)}`);
      const gShape = batched ? firstEntryShape(g) : g._t.shape;
      if (!core.sameShape(gShape, out._t.shape)) {
        // NOTE: with is_grads_batched, PyTorch prints grad[0].shape[1:] (_calculate_shape drops a dim of the entry)
        const shown = batched ? gShape.slice(1) : gShape;
        const at = `grad_output[${grads.indexOf(g)}] has a shape of ${fmtSize(shown)} and output[${outputs.indexOf(out)}] has a shape of ${fmtSize(out._t.shape)}.`;
        throw new RuntimeError(batched
          ? 'If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch dimension. The sizes ' +
            'of the remaining dimensions are expected to match the shape of corresponding output, but a mismatch was detected: ' +
            `${at} If you only want some tensors in \`grad_output\` to be considered batched, consider using vmap.`
          : `Mismatch in shape: ${at}`);
      }
      // PyTorch's engine casts each root's gradient to its output's dtype (validate_outputs on the graph root)
      seeds.push(g._t.dtype === out._t.dtype || !core.isFloat(out._t.dtype) ? g._t : core.cast(g._t, out._t.dtype));
    } else if (g === null || g === undefined) {
      if (!(out instanceof Tensor)) throw new AttributeError(`'${pyType(out)}' object has no attribute 'requires_grad'`);
      if (!out.requires_grad) { seeds.push(null); continue; }
      if (out._t.size !== 1) throw new RuntimeError('grad can be implicitly created only for scalar outputs');
      seeds.push(core.ones(out._t.shape, out._t.dtype));
    } else {
      throw new TorchTypeError(`gradients can be either Tensors or None, but got ${pyType(g)}`);
    }
  }
  return seeds;
}

/** The shape of `g[0]`, with Python's IndexErrors for a 0-d or empty `g`. */
function firstEntryShape(g: Tensor): readonly number[] {
  if (g.dim() === 0) {
    throw new IndexError('invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number');
  }
  if (g.shape[0] === 0) throw new IndexError('index 0 is out of bounds for dimension 0 with size 0');
  return g._t.shape.slice(1);
}

/**
 * PyTorch's gradient_edge(t) has a function: t requires grad, and it is not a leaf that requires grad only through
 * the tensor it views (a view made under no_grad has no grad accumulator).
 */
const hasGradientEdge = (t: core.Tensor): boolean => t.requiresGrad && !(t.gradViaBase && t.node === null);

/** THPEngine_run_backward's checks of the outputs: one gradient each, and each in the graph. */
function checkOutputs(outputs: readonly unknown[], nGrads: number): asserts outputs is Tensor[] {
  if (outputs.length !== nGrads) throw new RuntimeError(`got ${outputs.length} tensors and ${nGrads} gradients`);
  outputs.forEach((o, i) => {
    if (!(o instanceof Tensor)) throw new RuntimeError(`element ${i} of tensors tuple is not a Tensor`);
    if (!hasGradientEdge(o._t)) throw new RuntimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
  });
}

/**
 * THPEngine_run_backward's checks of the inputs. backward() calls retain_grad() on each first (so a non-leaf
 * input keeps retaining its gradient afterwards, and one that does not require grad gets retain_grad's error);
 * grad() needs at least one input.
 */
function checkInputs(inputs: readonly unknown[], accumulate: boolean): asserts inputs is Tensor[] {
  if (!accumulate && inputs.length === 0) throw new ValueError('grad requires non-empty inputs.');
  for (const x of inputs) {
    if (!(x instanceof Tensor)) throw new RuntimeError(`all inputs have to be Tensors, but got ${pyType(x)}`);
    // C++'s grad_fn() first: a view whose history cannot be made again raises its error there
    core.checkViewRebase(x._t);
    if (accumulate) x.retain_grad();
    if (!x.requires_grad) throw new RuntimeError('One of the differentiated Tensors does not require grad');
  }
}

/**
 * Tensor.backward(gradient?, options?): torch/_tensor.py passes everything on to torch.autograd.backward.
 * The gradient may also come in the options object: `Q.backward({ gradient: ones, retain_graph: true })`.
 */
export function backward(t: Tensor, gradient?: unknown, options?: TensorBackwardOptions): void {
  let o: TensorBackwardOptions;
  let g: unknown;
  if (gradient === undefined && options === undefined) {
    o = NO_OPTIONS; // loss.backward(): nothing to parse
  } else {
    [g, o] = optionalArg<TensorBackwardOptions>('Tensor.backward', [], 'gradient', TENSOR_BACKWARD_KEYWORDS, gradient, options);
  }
  if ((g !== undefined && g !== null) || (o.inputs !== undefined && o.inputs !== null)) {
    accumulateGrads(t, g, o);
    return;
  }
  // NOTE: loss.backward(), the common call: accumulateGrads' checks in its order, without its lists.
  const createGraph = o.create_graph ?? false;
  if (!hasGradientEdge(t._t)) throw new RuntimeError('element 0 of tensors does not require grad and does not have a grad_fn');
  if (t._t.size !== 1) throw new RuntimeError('grad can be implicitly created only for scalar outputs');
  if (createGraph) warnOnce(CREATE_GRAPH_WARNING);
  const seed = core.ones(t._t.shape, t._t.dtype);
  core.backward([t._t], [seed], { tape: null, sources: null, accumulate: null, retainGraph: o.retain_graph ?? createGraph, createGraph });
}

/**
 * torch.autograd.backward(tensors, grad_tensors?, { retain_graph, create_graph, inputs }): accumulates the
 * gradients of `tensors` into the `.grad` of the graph's leaves (or of `inputs` only). The keywords may come
 * in place of grad_tensors: `torch.autograd.backward(y, { retain_graph: true })`.
 */
export function autogradBackward(tensors: Tensor | readonly Tensor[], grad_tensors?: Gradients | AutogradBackwardOptions,
  options?: AutogradBackwardOptions): void {
  const [g, o] = optionalArg<AutogradBackwardOptions>('backward', ['tensors'], 'grad_tensors', BACKWARD_KEYWORDS, grad_tensors, options);
  accumulateGrads(tensors, g, o);
}

/** torch/autograd/__init__.py backward(), in its order, then the engine's checks and the accumulating pass. */
function accumulateGrads(tensors: unknown, gradTensors: unknown, o: AutogradBackwardOptions): void {
  let g = gradTensors;
  if (o.grad_variables !== undefined && o.grad_variables !== null) {
    warnOnce("'grad_variables' is deprecated. Use 'grad_tensors' instead.");
    if (g !== undefined && g !== null) {
      throw new RuntimeError("'grad_tensors' and 'grad_variables' (deprecated) arguments both passed to backward(). Please only use 'grad_tensors'.");
    }
    g = o.grad_variables;
  }
  // NOTE: `len(inputs) == 0`, before inputs become a tuple: a tensor's len() is its first dimension
  if (o.inputs !== undefined && o.inputs !== null && pyLen(o.inputs) === 0) throw new RuntimeError("'inputs' argument to backward() cannot be empty.");
  const outs = tensorTuple(tensors);
  const inputs = o.inputs === undefined || o.inputs === null ? null : tensorTuple(o.inputs);
  const seeds = makeGrads(outs, gradTuple(g, outs.length), false);
  checkOutputs(outs, seeds.length);
  if (inputs !== null) checkInputs(inputs, true);
  const createGraph = o.create_graph ?? false;
  if (createGraph) warnOnce(CREATE_GRAPH_WARNING);
  core.backward(outs.map((x) => x._t), seeds as core.Tensor[], {
    tape: null, sources: null, accumulate: inputs === null ? null : inputs.map((x) => x._t),
    retainGraph: o.retain_graph ?? createGraph, createGraph,
  });
}

export interface GradOptions {
  grad_outputs?: Gradients;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  /** Deprecated and ignored (PyTorch warns when it is false). */
  only_inputs?: boolean;
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allow_unused?: boolean;
  /** The first dimension of each grad_output is a batch of vectors: one vector-Jacobian product each, stacked. */
  is_grads_batched?: boolean;
}

const UNUSED = 'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.';

/**
 * torch.autograd.grad: the gradients of `outputs` with respect to `inputs`, returned (never accumulated), as an
 * array (Python's tuple), one entry per input. grad_outputs may be given positionally or among the options.
 * @example const [dx] = torch.autograd.grad(y, x, { create_graph: true });
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], grad_outputs?: Gradients | GradOptions,
  options?: GradOptions): Array<Tensor | null> {
  const [g, o] = optionalArg<GradOptions>('grad', ['outputs', 'inputs'], 'grad_outputs', GRAD_KEYWORDS, grad_outputs, options);
  const outs = tensorTuple(outputs);
  const ins = tensorTuple(inputs);
  if (o.only_inputs !== undefined && !o.only_inputs) warnOnce(ONLY_INPUTS_WARNING);
  const batched = o.is_grads_batched ?? false;
  const seeds = makeGrads(outs, gradTuple(g, outs.length), batched);
  const createGraph = o.create_graph ?? false;
  const retainGraph = o.retain_graph ?? createGraph;
  if (batched) return batchedGrad(outs, ins, seeds, retainGraph, createGraph, o.allow_unused ?? false);
  checkOutputs(outs, seeds.length);
  checkInputs(ins, false);
  const res = core.backward(outs.map((x) => x._t), seeds as core.Tensor[], {
    tape: null, sources: ins.map((x) => x._t), accumulate: null, retainGraph, createGraph,
  });
  return res.map((r) => {
    if (r === null && !o.allow_unused) throw new RuntimeError(UNUSED);
    return r === null ? null : wrap(r);
  });
}

/**
 * grad with is_grads_batched. PyTorch vmaps one backward pass over the first dimension of the grad_outputs
 * (torch/_vmap_internals.py, with its checks here first); twingrad has no vmap, so it runs one pass per entry
 * (what vmap's fallback does) and stacks the results.
 * NOTE: so with create_graph the results' grad_fn is StackBackward0 where PyTorch's is the last op of the
 * gradient formula, and a hook on a tensor in the graph runs once per entry (once in all in PyTorch).
 */
function batchedGrad(outs: unknown[], ins: unknown[], seeds: Array<core.Tensor | null>, retainGraph: boolean, createGraph: boolean,
  allowUnused: boolean): Array<Tensor | null> {
  const vmap = 'vmap(vjp, in_dims=0, ...)(<inputs>): ';
  for (const s of seeds) {
    if (s === null) {
      throw new ValueError(`${vmap}Got in_dim=0 for an input but the input is of type <class 'NoneType'>. We cannot vmap over ` +
        'non-Tensor arguments, please use None as the respective in_dim');
    }
    if (s.rank === 0) throw new ValueError(`${vmap}Got in_dim=0 for some input, but that input is a Tensor of dimensionality 0 so expected in_dim to satisfy 0 <= in_dim < 0.`);
  }
  const sizes = seeds.map((s) => s!.shape[0]!);
  if (sizes.length === 0) throw new IndexError('list index out of range');
  if (sizes.some((n) => n !== sizes[0])) {
    throw new ValueError(`vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [${sizes.join(', ')}] for the mapped dimension`);
  }
  checkOutputs(outs, seeds.length);
  checkInputs(ins, false);
  // an implicit seed (ones for a single-element output) loses its first dimension to the batch: the engine's error
  seeds.forEach((s, i) => {
    const want = outs[i]!._t.shape;
    if (!core.sameShape(s!.shape.slice(1), want)) {
      throw new RuntimeError(`invalid gradient at index ${i} - got [${s!.shape.slice(1).join(', ')}] but expected shape compatible with [${want.join(', ')}]`);
    }
  });
  const batch = sizes[0]!;
  const rows: Array<Array<core.Tensor | null>> = [];
  for (let b = 0; b < batch; b++) {
    const r = core.backward(outs.map((x) => x._t), seeds.map((s) => core.slice(s!, [b])), {
      tape: null, sources: ins.map((x) => x._t), accumulate: null, retainGraph: b < batch - 1 || retainGraph, createGraph,
    });
    if (!allowUnused && r.includes(null)) throw new RuntimeError(UNUSED);
    rows.push(r);
  }
  return ins.map((_, k) => (rows[0]![k] === null ? null : wrap(core.stack(rows.map((r) => r[k]!), 0))));
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

let inferenceMode = false;
/**
 * Runs `fn` in inference mode (PyTorch's `with torch.inference_mode(mode):`, mode true by default) and returns its
 * result. As c10/core/InferenceMode.h does, entering sets grad mode to `!mode`: inference_mode(false, fn) turns
 * grad mode on, even inside no_grad.
 * NOTE: twingrad has no inference tensors: tensors made inside are ordinary tensors made with grad mode off
 * (PyTorch's refuse in-place updates and use in autograd outside inference mode, and have is_inference() true).
 * @example const y = torch.inference_mode(() => model.forward(x));
 */
export function inference_mode<T>(fn: () => T): T;
export function inference_mode<T>(mode: boolean, fn: () => T): T;
export function inference_mode<T>(modeOrFn: boolean | (() => T), fn?: () => T): T {
  const [mode, run] = typeof modeOrFn === 'function' ? [true, modeOrFn] : [modeOrFn, fn!];
  const prev = inferenceMode;
  inferenceMode = mode;
  try {
    return core.withGradMode(!mode, run);
  } finally {
    inferenceMode = prev;
  }
}
export function is_inference_mode_enabled(): boolean {
  return inferenceMode;
}
