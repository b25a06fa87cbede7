import type { Tensor } from '../tensor.js';
import type { Node } from './node.js';
// NOTE: a type import only (erased): at run time it would make a cycle (pass.ts imports node.ts, which imports this)
import type { Pass } from './pass.js';
import { fail } from '../errors.js';

/**
 * PyTorch's anomaly mode (torch.autograd.set_detect_anomaly; torch/csrc/autograd/anomaly_mode.h and engine.cpp).
 * While it is on, a node keeps the stack of the code that recorded it, and the node whose rule was running if a
 * backward pass recorded it (its parent); an error while the engine runs a node is then preceded by warnings that
 * show those stacks; and with `checkNan`, a gradient rule that returns a NaN is itself an error.
 * The core has no warnings of its own: a facade gives `warn`.
 */
export const anomaly = {
  enabled: false,
  checkNan: true,
  warn: (_message: string): void => {},
};

/** PyTorch's names of the engine's own functions, which have no node here: the seeds of several roots, and the leaf sink. */
export const GRAPH_ROOT = 'torch::autograd::GraphRoot';
export const ACCUMULATE_GRAD = 'torch::autograd::AccumulateGrad';

const traces = new WeakMap<Node, string>();
const parents = new WeakMap<Node, Node>();
/** The node whose rule or hooks the engine is running (PyTorch's current_evaluating_node). */
let evaluating: Node | null = null;

/** Called by the Node constructor while anomaly mode is on: the recording code's stack, and the parent. */
export function remember(n: Node, ctor: abstract new (...args: never[]) => Node): void {
  traces.set(n, stackFrom(ctor));
  if (evaluating !== null) parents.set(n, evaluating);
}

/** Sets the node the engine runs now; returns the previous one, which the caller puts back. */
export function evaluate(n: Node | null): Node | null {
  const prev = evaluating;
  evaluating = n;
  return prev;
}

/** PyTorch's anomaly mode applies to the requires_grad graph's passes only (a tape's gradient is TensorFlow's). */
export function checksAnomalies(p: Pass): boolean {
  return anomaly.enabled && p.tape === null;
}

/**
 * Whether the pass runs PyTorch's GraphRoot and checks each root's seed with `checkNan`: GraphRoot gives the seeds of
 * several roots (one root's seed goes to its node directly), and it runs when some root leads to a wanted tensor.
 */
export function checksGraphRoot(p: Pass, roots: readonly Tensor[], wanted: readonly Tensor[] | null): boolean {
  return roots.length !== 1 && checksAnomalies(p) && roots.some((r) => runsFrom(p, r, wanted));
}

/** Whether root `r` has an edge the pass runs: its node is in the pass, or it is a leaf the pass tracks and wants. */
function runsFrom(p: Pass, r: Tensor, wanted: readonly Tensor[] | null): boolean {
  if (r.node !== null) return r.node.pass === p.id;
  return r.pass === p.id && (wanted === null || wanted.includes(r));
}

/** engine.cpp's check of a function's outputs: throws if gradient `g`, the function's output `i`, holds a NaN. */
export function checkNan(name: string, i: number, g: Tensor): void {
  if (!anomaly.checkNan) return;
  const d = g._data;
  let nan = d === null ? Number.isNaN(g._value) : false;
  if (d !== null) for (let k = 0; k < d.length && !nan; k++) nan = d[k] !== d[k];
  if (nan) fail('runtime', `Function '${name}' returned nan values in its ${i}th output.`);
}

/**
 * The warnings PyTorch gives (python_anomaly_mode.cpp, print_stack) when the engine fails in `at`: a node, with the
 * stack that recorded it and then each parent's, or one of the engine's own functions (`GRAPH_ROOT`,
 * `ACCUMULATE_GRAD`), made by the backward call itself, so its stack is this one.
 */
export function reportError(at: Node | string): void {
  if (typeof at === 'string') {
    printStack(at, stackFrom(reportError), false);
    return;
  }
  printStack(at.name, traces.get(at), false);
  for (let p = parents.get(at); p !== undefined; p = parents.get(p)) printStack(p.name, traces.get(p), true);
}

function printStack(name: string, stack: string | undefined, parent: boolean): void {
  if (stack === undefined) {
    anomaly.warn(`Error detected in ${name}. No forward pass information available. Enable detect anomaly during forward pass for more information.`);
  } else if (!parent) {
    anomaly.warn(`Error detected in ${name}. Traceback of forward call that caused the error:\n${stack}`);
  } else {
    anomaly.warn(`\n\nPrevious calculation was induced by ${name}. Traceback of forward call that induced the previous calculation:\n${stack}`);
  }
}

type CaptureStack = (target: object, above?: Function) => void;

/**
 * The JavaScript stack below the call of `above` (its frames and those it called left out), innermost call first, all
 * of it: a node is recorded a few calls deep in the core and the facade. '' where the engine cannot capture stacks.
 */
function stackFrom(above: Function): string {
  const capture = (Error as { captureStackTrace?: CaptureStack }).captureStackTrace;
  if (capture === undefined) return '';
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  const o: { stack?: string } = {};
  try {
    capture(o, above);
  } finally {
    Error.stackTraceLimit = limit;
  }
  const s = o.stack ?? '';
  return s.slice(s.indexOf('\n') + 1);
}
