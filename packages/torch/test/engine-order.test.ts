// The order in which the backward pass runs ready nodes, against PyTorch 1.13 (/usr/bin/python3, the Python beside
// each case; R = lambda v: torch.tensor(v, requires_grad=True)). PyTorch's ReadyQueue runs the ready node recorded
// last first (sequence_nr), whatever order the edges were met in: a tensor hook runs when its node runs, so hooks on
// different branches show that order, and so does which of two failing nodes fails first.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';

const R = (v: number[]) => torch.tensor(v, { requires_grad: true });

const hook = (t: torch.Tensor, name: string, log: string[]) => t.register_hook(() => { log.push(name); });

describe('the ready order', () => {
  afterEach(() => {
    torch.set_anomaly_enabled(false);
    vi.restoreAllMocks();
  });

  it('runs the branch recorded last first, whatever the order of the sum', () => {
    // a, b = R([1.]), R([2.]); p = a*2; q = b*3; hooks log 'p', 'q'; (p+q).sum().backward(retain_graph=True) -> ['q', 'p'];
    // (q+p).sum().backward(retain_graph=True) -> ['q', 'p']
    const a = R([1]), b = R([2]);
    const p = a.mul(2), q = b.mul(3);
    const log: string[] = [];
    hook(p, 'p', log); hook(q, 'q', log);
    p.add(q).sum().backward({ retain_graph: true });
    expect(log.splice(0)).toEqual(['q', 'p']);
    q.add(p).sum().backward({ retain_graph: true });
    expect(log.splice(0)).toEqual(['q', 'p']);
    // q = b*3 recorded before p = a*2: (p+q).sum().backward() -> ['p', 'q']
    const q2 = b.mul(3), p2 = a.mul(2);
    hook(p2, 'p', log); hook(q2, 'q', log);
    p2.add(q2).sum().backward();
    expect(log).toEqual(['p', 'q']);
  });

  it('runs a shared producer after both of its consumers', () => {
    // x = R([1.]); y = x*2; z1 = y*3; z2 = y*4; hooks on z1, z2, y; (z2+z1).sum().backward(retain_graph=True) and
    // (z1+z2).sum().backward(retain_graph=True) -> ['z2', 'z1', 'y'] both
    const x = R([1]), y = x.mul(2), z1 = y.mul(3), z2 = y.mul(4);
    const log: string[] = [];
    hook(z1, 'z1', log); hook(z2, 'z2', log); hook(y, 'y', log);
    z2.add(z1).sum().backward({ retain_graph: true });
    expect(log.splice(0)).toEqual(['z2', 'z1', 'y']);
    z1.add(z2).sum().backward({ retain_graph: true });
    expect(log.splice(0)).toEqual(['z2', 'z1', 'y']);
    // the gradient itself does not depend on the order: d(3*2x + 4*2x)/dx = 14, twice
    expect(x.grad!.tolist()).toEqual([28]);
  });

  it('reports the failing node recorded last first (anomaly mode)', () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    torch.set_anomaly_enabled(true);
    // with detect_anomaly(): a, b = R([0.]), R([0.]); B = (b.rsqrt()*0).sum(); A = (a.sqrt()*0).sum();
    // (A+B).backward(retain_graph=True) and (B+A).backward(...) -> "Function 'SqrtBackward0' returned nan values in its 0th output."
    let a = R([0]), b = R([0]);
    const B = b.rsqrt().mul(0).sum(), A = a.sqrt().mul(0).sum();
    expect(err(() => A.add(B).backward({ retain_graph: true }))).toBe("RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.");
    expect(err(() => B.add(A).backward({ retain_graph: true }))).toBe("RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.");
    // recorded the other way round (A first): 'RsqrtBackward0' both
    a = R([0]); b = R([0]);
    const A2 = a.sqrt().mul(0).sum(), B2 = b.rsqrt().mul(0).sum();
    expect(err(() => A2.add(B2).backward({ retain_graph: true }))).toBe("RuntimeError: Function 'RsqrtBackward0' returned nan values in its 0th output.");
    expect(err(() => B2.add(A2).backward({ retain_graph: true }))).toBe("RuntimeError: Function 'RsqrtBackward0' returned nan values in its 0th output.");
  });
});
