// The core side of the autograd fuzz's findings (/tmp/review_fuzz_autograd.md): the graph's edges are fixed when an
// op is recorded, views mark their storage whatever their base requires, and a freed node keeps its output's hooks.
// PyTorch 1.13's outputs, printed by /usr/bin/python3, are in the comments; the TensorFlow tape keeps its own model.
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const leaf = (d: number[], requiresGrad = false): c.Tensor => {
  const t = c.fromArray(d);
  t.requiresGrad = requiresGrad;
  return t;
};
const accumulate = (y: c.Tensor, retainGraph = false) =>
  c.backward([y], [c.ones(y.shape, y.dtype)], { tape: null, sources: null, accumulate: null, retainGraph, createGraph: false });
const grads = (y: c.Tensor, xs: c.Tensor[]) =>
  c.backward([y], [c.ones(y.shape, y.dtype)], { tape: null, sources: xs, accumulate: null, retainGraph: true, createGraph: false });

describe('edges are fixed when the op is recorded', () => {
  // w = torch.tensor([1., 2.], requires_grad=True); x = torch.tensor([3., 4.]); y = (w * x).sum(); x.requires_grad_()
  // y.backward(retain_graph=True); print(x.grad) -> None; torch.autograd.grad(y, [x], allow_unused=True) -> (None,)
  it('a leaf given requires grad after the op gets nothing from it (the scalar lane too)', () => {
    const w = leaf([1, 2], true), x = leaf([3, 4]);
    const y = c.sum(c.mul(w, x));
    x.requiresGrad = true;
    accumulate(y, true);
    expect([x.grad, Array.from(w.grad!.data)]).toEqual([null, [3, 4]]);
    expect(grads(y, [x])).toEqual([null]);
    // one-element operands (the scalar lane): w = tensor(2., requires_grad=True); x = tensor(3.); y = w * x
    // x.requires_grad_(); y.backward(); print(w.grad, x.grad) -> tensor(3.) None
    const ws = c.scalar(2), xs = c.scalar(3);
    ws.requiresGrad = true;
    const ys = c.mul(ws, xs);
    xs.requiresGrad = true;
    accumulate(ys);
    expect([ws.grad!.first, xs.grad]).toEqual([3, null]);
  });
  it('a TensorFlow tape follows what it watches at the gradient, as TensorFlow records every input', () => {
    // with tf.GradientTape(persistent=True) as t: t.watch(w); y = w * x; t.watch(x)  -> t.gradient(y, x) is w
    const w = leaf([1, 2]), x = leaf([3, 4]);
    const tape = new c.Tape();
    const y = tape.run(() => { tape.watch(w); const r = c.mul(w, x); tape.watch(x); return r; });
    const [gx] = c.backward([y], [c.ones([2], 'float32')], { tape, sources: [x], accumulate: null, retainGraph: true, createGraph: true });
    expect(Array.from(gx!.data)).toEqual([1, 2]);
  });
});

describe('views', () => {
  // b = torch.zeros(4); v = b.view(2, 2); v.add_(w) then (b * u).sum().backward() -> w.grad tensor(10.) (CopySlices):
  // twingrad refuses the recorded write on storage a view shares, whether or not the base required grad
  it('a recorded in-place op through a view of a tensor that does not require grad, or through its base, is refused', () => {
    const w = c.scalar(2);
    w.requiresGrad = true;
    const b = c.zeros([4], 'float32'), v = c.reshape(b, [2, 2]);
    expect(() => c.inplace('add_', v, [w], (o) => c.add(o, w))).toThrow(/shares its storage with a view/);
    expect(() => c.inplace('add_', b, [w], (o) => c.add(o, w))).toThrow(/shares its storage with a view/);
    c.inplace('add_', v, [], (o) => c.add(o, 1)); // unrecorded: written, seen by the base
    expect(Array.from(b.data)).toEqual([1, 1, 1, 1]);
  });
  it('a view a rule makes in a pass that records nothing does not block a later in-place op', () => {
    const x = leaf([1, 2, 3], true);
    const h = c.mul(x, 2);
    accumulate(c.sum(c.reshape(h, [3, 1])), true);
    const h2 = c.mul(x, 2);
    c.withGradMode(false, () => c.reshape(h2, [3, 1]));
    expect(() => c.inplace('mul_', h2, [], (o) => c.mul(o, 2))).not.toThrow();
  });
});

describe('a freed node keeps its output hooks', () => {
  it('hooks registered before and after the free run before the error', () => {
    const w = leaf([1, 2], true);
    const y = c.mul(w, w);
    const seen: number[] = [];
    c.addHook(y, () => { seen.push(1); });
    accumulate(c.sum(y));
    c.addHook(y, () => { seen.push(2); });
    expect(() => accumulate(y)).toThrow(/backward through the graph a second time/);
    expect(seen).toEqual([1, 1, 2]);
  });
});
