/**
 * Anomaly detection: torch/autograd/anomaly_mode.py (`detect_anomaly`, `set_detect_anomaly`) and the bindings under
 * them (`torch.set_anomaly_enabled`, `torch.is_anomaly_enabled`, `torch.is_anomaly_check_nan_enabled`). The engine's
 * side (the forward stacks, the NaN check, the warnings before an error) is the core's (autograd/anomaly.ts).
 *
 * Python's `with` block is a function given last, as with `torch.no_grad(fn)`; keyword arguments are an options
 * object before it:
 * @example
 * torch.autograd.set_detect_anomaly(true);                      // on from now on
 * torch.autograd.detect_anomaly(() => loss.backward());         // on while the function runs
 * torch.autograd.set_detect_anomaly(true, { check_nan: false }, () => loss.backward());
 */
import { core } from './core.js';
import { TorchTypeError, userWarning } from './errors.js';
import { pyType } from './py_type.js';
import { isOptions } from './autograd.js';
import { checkKeywords, warnOnce } from './nn/args.js';

// the core's anomaly warnings are PyTorch's UserWarnings (TORCH_WARN), one per error
core.anomaly.warn = userWarning;

const ENABLED_WARNING = 'Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.';

export function is_anomaly_enabled(): boolean {
  return core.anomaly.enabled;
}

export function is_anomaly_check_nan_enabled(): boolean {
  return core.anomaly.checkNan;
}

/** `torch.set_anomaly_enabled(enabled, check_nan=True)`. */
export function set_anomaly_enabled(...args: unknown[]): void {
  const { values, keyword } = parse('set_anomaly_enabled', ['enabled', 'check_nan'], 1, args, false);
  if (values[0] === undefined) throw new TorchTypeError('set_anomaly_enabled() missing 1 required positional arguments: "enabled"');
  setFlags(values[0], orDefault(values[1]), keyword);
}

/**
 * `torch.autograd.set_detect_anomaly(mode, check_nan=True)`: sets anomaly mode now; with a function last, only while
 * it runs (Python's `with set_detect_anomaly(mode):`), the previous flags restored after it.
 */
export function set_detect_anomaly<T>(...args: unknown[]): T | undefined {
  const { values, fn } = parse('set_detect_anomaly.__init__', ['mode', 'check_nan'], 2, args, true);
  if (values[0] === undefined) throw new TorchTypeError("set_detect_anomaly.__init__() missing 1 required positional argument: 'mode'");
  const prev = [core.anomaly.enabled, core.anomaly.checkNan] as const;
  setFlags(values[0], orDefault(values[1]), [false, false]);
  if (fn === undefined) return undefined;
  return restoring(prev, fn as () => T);
}

/**
 * `torch.autograd.detect_anomaly(check_nan=True)` around `fn`: anomaly mode on while `fn` runs. Warns that it is on,
 * as PyTorch does when the context manager is made (once: Python's filter shows a warning once per call site).
 */
export function detect_anomaly<T>(...args: unknown[]): T | undefined {
  const { values, fn } = parse('detect_anomaly.__init__', ['check_nan'], 1, args, true);
  warnOnce(ENABLED_WARNING);
  if (fn === undefined) return undefined;
  const prev = [core.anomaly.enabled, core.anomaly.checkNan] as const;
  setFlags(true, orDefault(values[0]), [false, false]);
  return restoring(prev, fn as () => T);
}

function restoring<T>(prev: readonly [boolean, boolean], fn: () => T): T {
  try {
    return fn();
  } finally {
    core.anomaly.enabled = prev[0];
    core.anomaly.checkNan = prev[1];
  }
}

/** The binding's checks (torch/csrc/autograd/init.cpp set_anomaly_enabled), then both flags. */
function setFlags(enabled: unknown, checkNan: unknown, keyword: readonly boolean[]): void {
  checkBool('enabled', 1, enabled, keyword[0]!);
  checkBool('check_nan', 2, checkNan, keyword[1]!);
  core.anomaly.enabled = enabled as boolean;
  core.anomaly.checkNan = checkNan as boolean;
}

function checkBool(name: string, position: number, v: unknown, keyword: boolean): void {
  if (typeof v === 'boolean') return;
  throw new TorchTypeError(`set_anomaly_enabled(): argument '${name}'${keyword ? '' : ` (position ${position})`} must be bool, not ${pyType(v)}`);
}

/**
 * Python's call `f(*positional, **options)` from JavaScript arguments `(...positional, options?, fn?)`: each parameter's
 * value (undefined: not given) and whether it came as a keyword, with CPython's TypeErrors. For a context manager
 * (`method`: its `__init__`, whose messages count `self` among the positional arguments, as CPython's do), a function
 * given last is the body of the `with` block. `required` counts the required positional parameters as CPython does.
 */
function parse(fn: string, params: readonly string[], required: number, args: unknown[], method: boolean):
  { values: unknown[]; keyword: boolean[]; fn: (() => unknown) | undefined } {
  const rest = [...args];
  const body = method && typeof rest[rest.length - 1] === 'function' ? (rest.pop() as () => unknown) : undefined;
  const options = isOptions(rest[rest.length - 1]) ? (rest.pop() as Record<string, unknown>) : {};
  const self = method ? 1 : 0;
  if (rest.length > params.length) {
    throw new TorchTypeError(`${fn}() takes from ${required} to ${params.length + self} positional arguments but ${rest.length + self} were given`);
  }
  checkKeywords(fn, params.slice(0, rest.length), params, options);
  const values = params.map((p, i) => (i < rest.length ? rest[i] : options[p]));
  const keyword = params.map((p, i) => i >= rest.length && p in options);
  return { values, keyword, fn: body };
}

/** check_nan's default, True, for an argument not given (None is given: the binding refuses it). */
const orDefault = (v: unknown): unknown => (v === undefined ? true : v);
