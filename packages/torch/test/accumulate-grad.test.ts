// When a leaf's gradient goes into `.grad`, against PyTorch 1.13 (/usr/bin/python3, the Python beside each case;
// R = lambda v: torch.tensor(v, requires_grad=True); H(t, name, log, *reads) registers a hook that logs the name, the
// gradient and each of `reads`' .grad). PyTorch's AccumulateGrad is a node with the highest sequence number: it runs
// as soon as its last edge has run, before any other ready node, so a leaf's hooks run between other nodes' hooks, a
// later hook reads its .grad, and an error later in the pass leaves it set.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const R = (v: number) => torch.tensor(v, { requires_grad: true });
type Log = Array<Array<string | number | null>>;
/** A float tensor's one value (`item()` is `number | boolean`). */
const num = (t: torch.Tensor): number => t.item() as number;
const grad = (t: torch.Tensor): number | null => (t.grad === null ? null : num(t.grad));
const H = (t: torch.Tensor, name: string, log: Log, ...reads: torch.Tensor[]) =>
  t.register_hook((g) => { log.push([name, num(g), ...reads.map(grad)]); });

describe('AccumulateGrad runs when its leaf is ready', () => {
  it("runs a leaf's hooks between the other nodes' hooks, and a later hook reads its .grad", () => {
    // x, w = R(2.), R(3.); H(x,'x'); H(w,'w'); a = x*2; H(a,'a',x,w); b = a*w; H(b,'b'); c = b + x*x; H(c,'c',w); (c*a).backward()
    // -> [('c', 4.0, None), ('b', 4.0), ('w', 16.0), ('a', 28.0, None, 16.0), ('x', 72.0)]; x.grad 72, w.grad 16
    const log: Log = [];
    const x = R(2), w = R(3);
    H(x, 'x', log); H(w, 'w', log);
    const a = x.mul(2); H(a, 'a', log, x, w);
    const b = a.mul(w); H(b, 'b', log);
    const c = b.add(x.mul(x)); H(c, 'c', log, w);
    c.mul(a).backward();
    expect(log).toEqual([['c', 4, null], ['b', 4], ['w', 16], ['a', 28, null, 16], ['x', 72]]);
    expect([grad(x), grad(w)]).toEqual([72, 16]);
  });

  it('leaves the .grad of a leaf whose edges have all run set when a later node fails', () => {
    // x, w = R(2.), R(3.); a = x*2; a.register_hook(raises RuntimeError('boom')); c = a*w + x*x; c.backward()
    // -> RuntimeError: boom; x.grad None, w.grad tensor(4.)
    const x = R(2), w = R(3);
    const a = x.mul(2);
    a.register_hook(() => { throw new Error('boom'); });
    expect(() => a.mul(w).add(x.mul(x)).backward()).toThrow('boom');
    expect([grad(x), grad(w)]).toEqual([null, 4]);
  });

  it('runs the leaves of one node in the order of its inputs', () => {
    // H(x,'x'); H(w,'w'); (x*w).backward() -> [('x', 3.0), ('w', 2.0)]; (w*x).backward() -> [('w', 2.0), ('x', 3.0)]
    for (const [first, order] of [['x', ['x', 'w']], ['w', ['w', 'x']]] as const) {
      const log: Log = [];
      const x = R(2), w = R(3);
      H(x, 'x', log); H(w, 'w', log);
      (first === 'x' ? x.mul(w) : w.mul(x)).backward();
      expect(log.map((e) => e[0])).toEqual(order);
    }
    // a = x*w; c = a*a; hooks log each leaf's gradient and the other's .grad; c.backward()
    // -> [('x', 36.0, None), ('w', 24.0, 36.0)]
    const log: Log = [];
    const x = R(2), w = R(3);
    const a = x.mul(w);
    H(w, 'w', log, x); H(x, 'x', log, w);
    a.mul(a).backward();
    expect(log).toEqual([['x', 36, null], ['w', 24, 36]]);
  });

  it('accumulates a root that is a leaf once GraphRoot has run, or after the nodes that lead to it', () => {
    // x = R(2.); H(x,'x'); y = x*3; H(y,'y',x); torch.autograd.backward([x, y], [tensor(1.), tensor(1.)])
    // -> [('y', 1.0, None), ('x', 4.0)]; x.grad 4
    let log: Log = [];
    let x = R(2);
    H(x, 'x', log);
    let y = x.mul(3); H(y, 'y', log, x);
    torch.autograd.backward([x, y], [torch.tensor(1), torch.tensor(1)]);
    expect(log).toEqual([['y', 1, null], ['x', 4]]);
    // x, z = R(2.), R(5.); H(x,'x'); H(z,'z'); y = x*3; H(y,'y',x,z); torch.autograd.backward([z, y], ...)
    // -> [('z', 1.0), ('y', 1.0, None, 1.0), ('x', 3.0)]
    log = [];
    x = R(2);
    const z = R(5);
    H(x, 'x', log); H(z, 'z', log);
    y = x.mul(3); H(y, 'y', log, x, z);
    torch.autograd.backward([z, y], [torch.tensor(1), torch.tensor(1)]);
    expect(log).toEqual([['z', 1], ['y', 1, null, 1], ['x', 3]]);
  });

  it('accumulates the wanted leaves of backward(inputs=) when ready, and runs nothing that leads only to others', () => {
    // H(x,'x'); H(w,'w'); a = x*2; H(a,'a',w); b = a*w; H(b,'b'); (b*a).backward(inputs=[w])
    // -> [('b', 4.0), ('w', 16.0)]; x.grad None, w.grad 16
    const log: Log = [];
    const x = R(2), w = R(3);
    H(x, 'x', log); H(w, 'w', log);
    const a = x.mul(2); H(a, 'a', log, w);
    const b = a.mul(w); H(b, 'b', log);
    b.mul(a).backward({ inputs: [w] });
    expect(log).toEqual([['b', 4], ['w', 16]]);
    expect([grad(x), grad(w)]).toEqual([null, 16]);
  });

  it("gives a later hook the leaf's .grad with its graph under create_graph", () => {
    // a = x*2; b = a*w; a's hook logs (w.grad.item(), w.grad.grad_fn is not None, w.grad.requires_grad);
    // (b*a).backward(create_graph=True) -> [(16.0, True, True)]; x.grad 48, w.grad 16
    const log: Array<[number, boolean, boolean]> = [];
    const x = R(2), w = R(3);
    const a = x.mul(2), b = a.mul(w);
    a.register_hook(() => { log.push([num(w.grad!), w.grad!.grad_fn !== null, w.grad!.requires_grad]); });
    b.mul(a).backward({ create_graph: true });
    expect(log).toEqual([[16, true, true]]);
    expect([grad(x), grad(w)]).toEqual([48, 16]);
  });

  it('accumulates a leaf that came to require grad in a hook, whose edges the pass did not count, at the end', () => {
    // x, w = R(2.), R(3.); y = x*w; x.requires_grad_(False); y.register_hook(sets x.requires_grad_(True), returns None)
    // y.exp().backward() -> x.grad 1210.286376953125, w.grad 806.8576049804688 (3 e^6 and 2 e^6)
    const x = R(2), w = R(3);
    const y = x.mul(w);
    x.requires_grad_(false);
    y.register_hook(() => { x.requires_grad_(true); });
    y.exp().backward();
    expect(grad(x)).toBeCloseTo(1210.286376953125, 3);
    expect(grad(w)).toBeCloseTo(806.8576049804688, 3);
  });

  it('runs a leaf reached by several edges once, on their sum', () => {
    // H(x,'x'); y = x*x*x; H(y,'y',x); (y + x).backward() -> [('y', 1.0, None), ('x', 13.0)]
    const log: Log = [];
    const x = R(2);
    H(x, 'x', log);
    const y = x.mul(x).mul(x); H(y, 'y', log, x);
    y.add(x).backward();
    expect(log).toEqual([['y', 1, null], ['x', 13]]);
  });
});

describe("retain_grad's place among the tensor's hooks (PyTorch 1.13)", () => {
  // 1.13 adds retain_grad as one more pre-hook of the producer; a tensor's Python hooks are one pre-hook too, placed
  // where the first of them was registered (and kept there when it is removed). x = R(2.); a = x*3; ...; (a*a).backward()
  const run = (setup: (a: torch.Tensor) => void, o?: { create_graph: boolean }) => {
    const x = R(2);
    const a = x.mul(3);
    setup(a);
    a.mul(a).backward(o);
    return [num(a.grad!), grad(x)];
  };
  const times = (k: number) => (g: torch.Tensor) => g.mul(k);

  it('takes the gradient before the hooks when retain_grad came first, after them otherwise', () => {
    // a.retain_grad(); a.register_hook(g*10) -> a.grad 12, x.grad 360
    expect(run((a) => { a.retain_grad(); a.register_hook(times(10)); })).toEqual([12, 360]);
    // a.register_hook(g*10); a.retain_grad() -> a.grad 120, x.grad 360
    expect(run((a) => { a.register_hook(times(10)); a.retain_grad(); })).toEqual([120, 360]);
    // a.register_hook(g*10); a.retain_grad(); a.register_hook(g*100) -> a.grad 12000, x.grad 36000 (the hooks are one block)
    expect(run((a) => { a.register_hook(times(10)); a.retain_grad(); a.register_hook(times(100)); })).toEqual([12000, 36000]);
    // h = a.register_hook(g*10); h.remove(); a.retain_grad(); a.register_hook(g*100) -> a.grad 1200, x.grad 3600
    expect(run((a) => { a.register_hook(times(10)).remove(); a.retain_grad(); a.register_hook(times(100)); })).toEqual([1200, 3600]);
  });

  it("keeps that place where backward(inputs=) asks for the tensor alone (its producer's rule does not run)", () => {
    // a.retain_grad(); a.register_hook(g*10); (a*a).backward(inputs=[a]) -> a.grad 12, x.grad None
    const x = R(2);
    let a = x.mul(3);
    a.retain_grad(); a.register_hook(times(10));
    a.mul(a).backward({ inputs: [a] });
    expect([grad(a), grad(x)]).toEqual([12, null]);
    // (a*a).backward(inputs=[a], retain_graph=True) (retain_grad, by backward); a.register_hook(g*10);
    // (a*a).backward(inputs=[a]) -> a.grad 24 (12 + 12)
    a = R(2).mul(3);
    a.mul(a).backward({ inputs: [a], retain_graph: true });
    a.register_hook(times(10));
    a.mul(a).backward({ inputs: [a] });
    expect(grad(a)).toBe(24);
    // a.register_hook(g*10); a.retain_grad(); (a*a).backward(inputs=[a]) -> a.grad 120
    a = R(2).mul(3);
    a.register_hook(times(10)); a.retain_grad();
    a.mul(a).backward({ inputs: [a] });
    expect(grad(a)).toBe(120);
    // a.retain_grad(); a.register_hook(raises RuntimeError('boom')); (a*a).backward(inputs=[a])
    // -> RuntimeError: boom; a.grad 12 (set before the hook ran)
    a = R(2).mul(3);
    a.retain_grad(); a.register_hook(() => { throw new Error('boom'); });
    expect(() => a.mul(a).backward({ inputs: [a] })).toThrow('boom');
    expect(grad(a)).toBe(12);
  });

  it('keeps the unchanged gradient, with its graph, under create_graph', () => {
    // a.retain_grad(); a.register_hook(g*10); (a*a).backward(create_graph=True) -> a.grad 12 (CloneBackward0), x.grad 360
    let seen: torch.Tensor | null = null;
    expect(run((a) => { a.retain_grad(); a.register_hook(times(10)); seen = a; }, { create_graph: true })).toEqual([12, 360]);
    expect(seen!.grad!.grad_fn!.name()).toBe('CloneBackward0');
  });
});

describe('leaves made ready by one node run in the order of PyTorch\'s heap', () => {
  // for n in 2..7: xs = [torch.tensor([float(i)], requires_grad=True) for i in range(n)], a hook on each appending i;
  // torch.cat(xs).sum().backward() -> [0, 1], [0, 1, 2], [0, 2, 1, 3], [0, 2, 4, 1, 3], [0, 2, 5, 4, 1, 3],
  // [0, 2, 5, 6, 4, 1, 3] (libstdc++'s pop_heap among AccumulateGrad tasks that tie); with a node among them,
  // torch.cat([c, d, a * b, e]) -> c, d, e, then a, b
  it('cat of n leaves, and of leaves and a product', () => {
    const orders = [2, 3, 4, 5, 6, 7].map((n) => {
      const order: number[] = [];
      const xs = Array.from({ length: n }, (_, i) => torch.tensor([i], { requires_grad: true }));
      xs.forEach((x, i) => x.register_hook(() => { order.push(i); }));
      torch.cat(xs).sum().backward();
      return order;
    });
    expect(orders).toEqual([[0, 1], [0, 1, 2], [0, 2, 1, 3], [0, 2, 4, 1, 3], [0, 2, 5, 4, 1, 3], [0, 2, 5, 6, 4, 1, 3]]);
    const order: string[] = [];
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map((i) => torch.tensor([i], { requires_grad: true }));
    [a, b, c, d, e].forEach((t, k) => t!.register_hook(() => { order.push('abcde'[k]!); }));
    torch.cat([c!, d!, a!.mul(b!), e!]).sum().backward();
    expect(order).toEqual(['c', 'd', 'e', 'a', 'b']);
  });

  // xs = 4 leaves with logging hooks: torch.cat(xs).sum().backward(inputs=xs[1:]) -> [1, 2, 3] (no AccumulateGrad
  // queued for xs[0]); torch.autograd.backward(xs, [torch.ones(1)] * n) -> [0, 2, 1, 3] for 4, [0, 2, 5, 6, 4, 1, 3]
  // for 7 (GraphRoot pushes the root leaves into the same heap)
  it("backward's inputs= queues only the leaves it wants; root leaves go through GraphRoot's heap", () => {
    const leaves = (n: number, log: number[]) => Array.from({ length: n }, (_, i) => {
      const x = torch.tensor([i], { requires_grad: true });
      x.register_hook(() => { log.push(i); });
      return x;
    });
    const some: number[] = [];
    const xs = leaves(4, some);
    torch.cat(xs).sum().backward(undefined, { inputs: xs.slice(1) });
    expect(some).toEqual([1, 2, 3]);
    const roots = [4, 7].map((n) => {
      const log: number[] = [];
      const rs = leaves(n, log);
      torch.autograd.backward(rs, rs.map(() => torch.ones(1)));
      return log;
    });
    expect(roots).toEqual([[0, 2, 1, 3], [0, 2, 5, 6, 4, 1, 3]]);
  });
});

describe('the version of a gradient the engine summed', () => {
  it('is 0 however many terms it summed, as PyTorch 1.13 makes a new tensor; a .grad added into counts the write', () => {
    // x = torch.tensor([1., 2.], requires_grad=True)
    // g, = torch.autograd.grad((x*x + x*3 + x.exp()).sum(), x); print(g._version) -> 0
    // (x*x + x*3).sum().backward(); print(x.grad._version) -> 0; (x*x).sum().backward(); print(x.grad._version) -> 1
    const x = torch.tensor([1, 2], { requires_grad: true });
    const [g] = torch.autograd.grad(x.mul(x).add(x.mul(3)).add(x.exp()).sum(), x);
    expect(g!._version).toBe(0);
    x.mul(x).add(x.mul(3)).sum().backward();
    expect(x.grad!._version).toBe(0);
    x.mul(x).sum().backward();
    expect(x.grad!._version).toBe(1);
  });
});
