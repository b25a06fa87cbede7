// torch.autograd's anomaly detection against PyTorch 1.13. Every expectation was printed by /usr/bin/python3 with
// `import torch, warnings`, nan = float('nan') and x = torch.tensor([0., 1.], requires_grad=True); the Python is
// in the comment beside it. Errors are compared as Python prints them (`Class: message`); PyTorch's warnings end in
// "(Triggered internally at ...)", which the facade leaves out, and show Python's stack where these show JavaScript's.
// NOTE: the facade warns "Anomaly Detection has been enabled" once per process: the first test checks it.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';
// the tf facade from its sources (this package does not depend on it), as the tf tests import the torch facade
import * as tf from '../../tf/src/index.js';

const T = torch.tensor;
const nan = NaN;
const x_ = () => T([0, 1], { requires_grad: true });


let warn: MockInstance;
beforeEach(() => { warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined); });
afterEach(() => {
  warn.mockRestore();
  torch.set_anomaly_enabled(false);
});
const warnings = (): string[] => warn.mock.calls.map((c) => `${String(c[1])}: ${String(c[0])}`);
/** A warning's first line: the stack under it is JavaScript's. */
const heads = (): string[] => warnings().map((w) => w.split('\n').filter((l) => !l.startsWith('    at ')).join('\n'));

const TRACEBACK = 'Traceback of forward call that caused the error:';
const NO_FORWARD = 'No forward pass information available. Enable detect anomaly during forward pass for more information.';

describe('detect_anomaly', () => {
  it('warns once that it is on, and is on only while its function runs', () => {
    // with torch.autograd.detect_anomaly(): print(torch.is_anomaly_enabled())  -> UserWarning: Anomaly Detection has
    // been enabled. This mode will increase the runtime and should only be enabled for debugging.; True
    expect(torch.autograd.detect_anomaly(() => torch.is_anomaly_enabled())).toBe(true);
    expect(warnings()).toEqual(['UserWarning: Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.']);
    expect(torch.is_anomaly_enabled()).toBe(false);
    // detect_anomaly(check_nan=False) inside: is_anomaly_check_nan_enabled() is False, True again after
    expect(torch.autograd.detect_anomaly(false, () => torch.is_anomaly_check_nan_enabled())).toBe(false);
    expect(torch.autograd.detect_anomaly({ check_nan: false }, () => torch.is_anomaly_check_nan_enabled())).toBe(false);
    expect(torch.is_anomaly_check_nan_enabled()).toBe(true);
  });

  it('makes a rule that returns NaN an error, after the forward stack of its node', () => {
    const x = x_();
    // with detect_anomaly(): (x.sqrt()*0).sum().backward()  -> RuntimeError: Function 'SqrtBackward0' returned nan
    // values in its 0th output.  (d sqrt at 0 is inf, times 0), with UserWarning "Error detected in SqrtBackward0.
    // Traceback of forward call that caused the error: ..."
    const e = torch.autograd.detect_anomaly(() => err(() => x.sqrt().mul(0).sum().backward()));
    expect(e).toBe("RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.");
    expect(heads()).toEqual([`UserWarning: Error detected in SqrtBackward0. ${TRACEBACK}`]);
    // the stack is that of the code that recorded the node: this test's
    expect(warnings()[0]).toContain('anomaly.test.ts');
    expect(x.grad).toBeNull();
  });

  it('names the output: the input of that index', () => {
    const x = x_();
    // (x/x).sum().backward(): the divisor's gradient -g*(x/x)/x is nan at 0: "... returned nan values in its 1th output."
    expect(torch.autograd.detect_anomaly(() => err(() => x.div(x).sum().backward())))
      .toBe("RuntimeError: Function 'DivBackward0' returned nan values in its 1th output.");
    // (x*nan).sum().backward() -> "Function 'MulBackward0' returned nan values in its 0th output."
    expect(torch.autograd.detect_anomaly(() => err(() => x.mul(nan).sum().backward())))
      .toBe("RuntimeError: Function 'MulBackward0' returned nan values in its 0th output.");
  });

  it('checks the seeds of several roots as GraphRoot, and one root\'s at its node', () => {
    const x = x_();
    // torch.autograd.backward([(x*2).sum(), (x*3).sum()], [T(nan), T(1.)]) ->
    // RuntimeError: Function 'torch::autograd::GraphRoot' returned nan values in its 0th output.
    // UserWarning: Error detected in torch::autograd::GraphRoot. Traceback of forward call that caused the error: ...
    const e = torch.autograd.detect_anomaly(() => err(() => torch.autograd.backward([x.mul(2).sum(), x.mul(3).sum()], [T(nan), T(1)])));
    expect(e).toBe("RuntimeError: Function 'torch::autograd::GraphRoot' returned nan values in its 0th output.");
    expect(heads()).toEqual([`UserWarning: Error detected in torch::autograd::GraphRoot. ${TRACEBACK}`]);
    warn.mockClear();
    // (x*2).sum().backward(T(nan)) -> "Function 'SumBackward0' returned nan values in its 0th output." (one root: no GraphRoot)
    expect(torch.autograd.detect_anomaly(() => err(() => x.mul(2).sum().backward(T(nan)))))
      .toBe("RuntimeError: Function 'SumBackward0' returned nan values in its 0th output.");
    // torch.autograd.grad((x*2).sum(), x, T(nan)) -> the same
    expect(torch.autograd.detect_anomaly(() => err(() => torch.autograd.grad(x.mul(2).sum(), x, T(nan)))))
      .toBe("RuntimeError: Function 'SumBackward0' returned nan values in its 0th output.");
  });

  it('warns before any error in a node: a modified saved tensor, a freed graph, a hook', () => {
    const x = x_();
    torch.autograd.set_detect_anomaly(true);
    // w = x.exp(); w2 = w*2; w.add_(1); w2.sum().backward()  -> "one of the variables needed for gradient
    // computation has been modified by an inplace operation: ..." after "Error detected in ExpBackward0. Traceback ..."
    const w = x.exp(), w2 = w.mul(2);
    w.add_(1);
    expect(err(() => w2.sum().backward())).toMatch(/^RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation/);
    expect(heads()).toEqual([`UserWarning: Error detected in ExpBackward0. ${TRACEBACK}`]);
    warn.mockClear();
    // y2 = x.sqrt(); y2.sum().backward(); y2.sum().backward() -> "Trying to backward through the graph a second
    // time ..." after "Error detected in SqrtBackward0. Traceback ..."
    const y2 = x.sqrt();
    y2.sum().backward();
    expect(err(() => y2.sum().backward())).toMatch(/^RuntimeError: Trying to backward through the graph a second time/);
    expect(heads()).toEqual([`UserWarning: Error detected in SqrtBackward0. ${TRACEBACK}`]);
    warn.mockClear();
    // h = x.register_hook(<raises ValueError('boom')>); (x*2).sum().backward() -> ValueError: boom, after
    // "Error detected in torch::autograd::AccumulateGrad. Traceback of forward call that caused the error: ..."
    const h = x.register_hook(() => { throw new torch.ValueError('boom'); });
    expect(err(() => x.mul(2).sum().backward())).toBe('ValueError: boom');
    expect(heads()).toEqual([`UserWarning: Error detected in torch::autograd::AccumulateGrad. ${TRACEBACK}`]);
    h.remove();
    warn.mockClear();
    // q = x*2; q.register_hook(lambda g: g*nan); q.sum().backward() -> "Function 'MulBackward0' returned nan values
    // in its 0th output." (the hook's NaN reaches q's node, whose rule returns it)
    const q = x.mul(2);
    q.register_hook((g) => g.mul(nan));
    expect(err(() => q.sum().backward())).toBe("RuntimeError: Function 'MulBackward0' returned nan values in its 0th output.");
  });

  it('has no forward stack for a node recorded before it was on', () => {
    const x = x_();
    // y = x*nan (anomaly off); with set_detect_anomaly(True): y.sum().backward() -> RuntimeError: Function
    // 'MulBackward0' returned nan values in its 0th output.; UserWarning: Error detected in MulBackward0. No forward
    // pass information available. Enable detect anomaly during forward pass for more information.
    const y = x.mul(nan);
    torch.autograd.set_detect_anomaly(true, () => expect(err(() => y.sum().backward())).toBe("RuntimeError: Function 'MulBackward0' returned nan values in its 0th output."));
    expect(warnings()).toEqual([`UserWarning: Error detected in MulBackward0. ${NO_FORWARD}`]);
  });

  it('shows the node whose rule recorded the failing one (create_graph)', () => {
    // a = T([0., 1.], requires_grad=True); g, = torch.autograd.grad(a.sqrt().sum(), a, create_graph=True)
    // (g*0).sum().backward() -> RuntimeError: Function 'DivBackward0' returned nan values in its 1th output.
    // UserWarning: Error detected in DivBackward0. Traceback of forward call that caused the error: ...
    // UserWarning: \n\nPrevious calculation was induced by SqrtBackward0. Traceback of forward call that induced the
    // previous calculation: ...
    torch.autograd.set_detect_anomaly(true);
    const a = x_();
    const [g] = torch.autograd.grad(a.sqrt().sum(), a, { create_graph: true });
    expect(g!.grad_fn!.name()).toBe('DivBackward0');
    expect(err(() => g!.mul(0).sum().backward())).toBe("RuntimeError: Function 'DivBackward0' returned nan values in its 1th output.");
    expect(heads()).toEqual([
      `UserWarning: Error detected in DivBackward0. ${TRACEBACK}`,
      'UserWarning: \n\nPrevious calculation was induced by SqrtBackward0. Traceback of forward call that induced the previous calculation:',
    ]);
  });

  it('with check_nan=False, lets NaN through but still warns before errors', () => {
    const x = x_();
    // with set_detect_anomaly(True, False): (x*nan).sum().backward(); x.grad -> tensor([nan, nan]), no warning
    torch.autograd.set_detect_anomaly(true, false, () => x.mul(nan).sum().backward());
    expect(x.grad!.tolist()).toEqual([nan, nan]);
    expect(warnings()).toEqual([]);
    // u = x.exp(); u2 = u*2; u.add_(1); u2.sum().backward() -> the version error, after "Error detected in ExpBackward0. Traceback ..."
    const e = torch.autograd.set_detect_anomaly(true, { check_nan: false }, () => {
      const u = x.exp(), u2 = u.mul(2);
      u.add_(1);
      return err(() => u2.sum().backward());
    });
    expect(e).toMatch(/^RuntimeError: one of the variables needed/);
    expect(heads()).toEqual([`UserWarning: Error detected in ExpBackward0. ${TRACEBACK}`]);
  });

  it('changes nothing while off, and gives the same gradients while on', () => {
    const x = x_();
    // (x*nan).sum().backward() without anomaly mode: x.grad is tensor([nan, nan]), no error
    x.mul(nan).sum().backward();
    expect(x.grad!.tolist()).toEqual([nan, nan]);
    // d/dx (2x^4 + x^3) at [0, 1] is [0, 11], with or without anomaly mode (which takes the engine's tensor lane)
    const p = T(2, { requires_grad: true });
    const f = () => p.pow(4).mul(2).add(p.pow(3)).add(p.square().mul(3)).add(p.mul(5)).add(1);
    f().backward();
    const off = p.grad!.item();
    p.grad = null;
    torch.autograd.set_detect_anomaly(true, () => f().backward());
    expect(p.grad!.item()).toBe(off);
    expect(off).toBe(93); // 8*8 + 3*4 + 6*2 + 5
  });
});

describe('anomaly mode against the review of 5d1fe15 (PyTorch 1.13, R = lambda v: T(v, requires_grad=True))', () => {
  const R = (v: number[]) => T(v, { requires_grad: true });
  const on = <X>(f: () => X): X => torch.autograd.set_detect_anomaly(true, f) as X;

  it('numbers the outputs by PyTorch\'s edges: where\'s condition and pow(number, x)\'s base are none', () => {
    const a = R([1, 2]), b = R([3, 4]), c = T([true, false]);
    // torch.where(T([True,False]), a, b).backward(T([1., nan])) -> "... WhereBackward0 ... in its 1th output."; [nan, 1.] -> 0th
    expect(on(() => err(() => torch.where(c, a, b).backward(T([1, nan]))))).toBe("RuntimeError: Function 'WhereBackward0' returned nan values in its 1th output.");
    expect(on(() => err(() => torch.where(c, a, b).backward(T([nan, 1]))))).toBe("RuntimeError: Function 'WhereBackward0' returned nan values in its 0th output.");
    // torch.where(c, a, 2.).backward(T([nan, 1.])) -> 0th; torch.where(c, 2., b).backward(T([1., nan])) -> 1th
    expect(on(() => err(() => torch.where(c, a, 2).backward(T([nan, 1]))))).toBe("RuntimeError: Function 'WhereBackward0' returned nan values in its 0th output.");
    expect(on(() => err(() => torch.where(c, 2, b).backward(T([1, nan]))))).toBe("RuntimeError: Function 'WhereBackward0' returned nan values in its 1th output.");
    // torch.pow(2., R([1.])).backward(T([nan])) -> "Function 'PowBackward2' returned nan values in its 0th output."
    expect(on(() => err(() => torch.pow(2, R([1])).backward(T([nan]))))).toBe("RuntimeError: Function 'PowBackward2' returned nan values in its 0th output.");
    // the same edges in next_functions: where(c, a, b) -> ((AccumulateGrad, 0), (AccumulateGrad, 0)); where(c, a, 2.) ->
    // ((AccumulateGrad, 0), (None, 0)); pow(2, a) -> ((AccumulateGrad, 0),)
    expect(torch.where(c, a, b).grad_fn!.next_functions.map(([f, k]) => [String(f), k])).toEqual([['<AccumulateGrad object>', 0], ['<AccumulateGrad object>', 0]]);
    expect(torch.where(c, a, 2).grad_fn!.next_functions.map(([f, k]) => [f === null ? null : String(f), k])).toEqual([['<AccumulateGrad object>', 0], [null, 0]]);
    expect(torch.pow(2, a).grad_fn!.next_functions.map(([f, k]) => [String(f), k])).toEqual([['<AccumulateGrad object>', 0]]);
  });

  it('computes and checks only the gradients the pass wants', () => {
    const x = R([0]), y = R([0]);
    // torch.autograd.grad((x/y).sum(), x) -> (tensor([inf]),): y's gradient (NaN at 0/0) is not computed
    expect(on(() => torch.autograd.grad(x.div(y).sum(), x))[0]!.tolist()).toEqual([Infinity]);
    // (x/y).sum().backward(inputs=[x]); x.grad, y.grad -> tensor([inf]) None
    on(() => x.div(y).sum().backward({ inputs: [x] }));
    expect([x.grad!.tolist(), y.grad]).toEqual([[Infinity], null]);
    // w = R([1.]); torch.autograd.grad(((x*w)/y).sum(), w) -> "Function 'MulBackward0' returned nan values in its 1th output."
    const w = R([1]);
    expect(on(() => err(() => torch.autograd.grad(x.mul(w).div(y).sum(), w)))).toBe("RuntimeError: Function 'MulBackward0' returned nan values in its 1th output.");
  });

  it('checks several roots\' seeds only when some root leads to a wanted tensor', () => {
    const a = R([0, 1]), b = R([0, 1]);
    // torch.autograd.grad([(a*2).sum(), (a*3).sum()], [b], [T(nan), T(1.)], allow_unused=True) -> (None,)
    expect(on(() => torch.autograd.grad([a.mul(2).sum(), a.mul(3).sum()], [b], [T(nan), T(1)], { allow_unused: true }))).toEqual([null]);
    expect(warnings()).toEqual([]);
  });

  it('ends the in-place error with the hint for anomaly mode', () => {
    const x = x_();
    // with detect_anomaly(): w = x.exp(); w2 = w*2; w.add_(1); w2.sum().backward() -> "... expected version 0 instead.
    // Hint: the backtrace further above shows the operation that failed to compute its gradient. The variable in
    // question was changed in there or anywhere later. Good luck!"
    const w = x.exp(), w2 = w.mul(2);
    w.add_(1);
    expect(on(() => err(() => w2.sum().backward()))).toBe('RuntimeError: one of the variables needed for gradient computation has been modified by an ' +
      'inplace operation: [torch.FloatTensor [2]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead. Hint: the ' +
      'backtrace further above shows the operation that failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck!');
  });

  it('leaves a TensorFlow tape\'s gradient alone (the mode is PyTorch\'s)', () => {
    const v = tf.constant([0, 1]);
    const tape = new tf.GradientTape();
    tape.watch(v);
    const y = tape.record(() => tf.reduce_sum(tf.multiply(v, NaN)));
    // d sum(v * nan)/dv = [nan, nan], with no error and no warning while torch's anomaly mode is on
    const g = on(() => tape.gradient(y, v));
    expect(g!.numpy()).toEqual([NaN, NaN]);
    expect(warnings()).toEqual([]);
  });
});

describe('the flags', () => {
  it('set_detect_anomaly sets them now, or around its function', () => {
    // torch.autograd.set_detect_anomaly(True); is_anomaly_enabled(), is_anomaly_check_nan_enabled() -> True True
    torch.autograd.set_detect_anomaly(true);
    expect([torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]).toEqual([true, true]);
    // set_detect_anomaly(True, check_nan=False) -> True False
    torch.autograd.set_detect_anomaly(true, { check_nan: false });
    expect([torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]).toEqual([true, false]);
    torch.autograd.set_detect_anomaly(false);
    // with set_detect_anomaly(True): True inside, False after
    expect(torch.autograd.set_detect_anomaly(true, () => torch.is_anomaly_enabled())).toBe(true);
    expect(torch.is_anomaly_enabled()).toBe(false);
    // torch.set_anomaly_enabled(True, check_nan=False) -> True False; torch.set_anomaly_enabled(False) -> False True
    torch.set_anomaly_enabled(true, { check_nan: false });
    expect([torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]).toEqual([true, false]);
    torch.set_anomaly_enabled(false);
    expect([torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]).toEqual([false, true]);
  });

  it('raises PyTorch\'s TypeErrors', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => torch.set_anomaly_enabled(), 'set_anomaly_enabled() missing 1 required positional arguments: "enabled"'],
      [() => torch.autograd.set_detect_anomaly(), "set_detect_anomaly.__init__() missing 1 required positional argument: 'mode'"],
      [() => torch.autograd.set_detect_anomaly(1), "set_anomaly_enabled(): argument 'enabled' (position 1) must be bool, not int"],
      [() => torch.autograd.set_detect_anomaly('a'), "set_anomaly_enabled(): argument 'enabled' (position 1) must be bool, not str"],
      [() => torch.set_anomaly_enabled(true, 'x'), "set_anomaly_enabled(): argument 'check_nan' (position 2) must be bool, not str"],
      [() => torch.set_anomaly_enabled(true, 1.5), "set_anomaly_enabled(): argument 'check_nan' (position 2) must be bool, not float"],
      [() => torch.autograd.set_detect_anomaly(true, null), "set_anomaly_enabled(): argument 'check_nan' (position 2) must be bool, not NoneType"],
      [() => torch.set_anomaly_enabled(true, { check_nan: 'x' }), "set_anomaly_enabled(): argument 'check_nan' must be bool, not str"],
      [() => torch.set_anomaly_enabled({ enabled: 1 }), "set_anomaly_enabled(): argument 'enabled' must be bool, not int"],
      [() => torch.set_anomaly_enabled(true, { foo: 1 }), "set_anomaly_enabled() got an unexpected keyword argument 'foo'"],
      [() => torch.autograd.set_detect_anomaly(true, { foo: 1 }), "set_detect_anomaly.__init__() got an unexpected keyword argument 'foo'"],
      [() => torch.autograd.detect_anomaly({ foo: 1 }), "detect_anomaly.__init__() got an unexpected keyword argument 'foo'"],
      [() => torch.set_anomaly_enabled(true, true, true), 'set_anomaly_enabled() takes from 1 to 2 positional arguments but 3 were given'],
      [() => torch.autograd.set_detect_anomaly(true, true, true), 'set_detect_anomaly.__init__() takes from 2 to 3 positional arguments but 4 were given'],
      // detect_anomaly('a').__enter__() -> the binding's error for check_nan
      [() => torch.autograd.detect_anomaly('a', () => 0), "set_anomaly_enabled(): argument 'check_nan' (position 2) must be bool, not str"],
    ];
    for (const [f, m] of cases) expect(err(f)).toBe(`TypeError: ${m}`);
    // a refused call changes nothing: is_anomaly_enabled() False, is_anomaly_check_nan_enabled() True
    expect([torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]).toEqual([false, true]);
  });
});
