// Fixes for the review of the core and torch diff (/tmp/review_diff_core.md, items 1-7 and the note on max(dim)).
// Every expected value and message was printed by real PyTorch 1.13 (/usr/bin/python3); the Python that printed it is
// in the comment beside it (ints there are dtype=torch.int64, JS numbers float32 unless said otherwise).
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import * as core from '@twingrad/core';

const F = torch.nn.functional;
const I64 = { dtype: torch.int64 };

/** The error `f` throws (the test fails if it throws none). */
function thrown(f: () => unknown): Error {
  try { f(); } catch (e) { return e as Error; }
  throw new Error('expected an error, none was thrown');
}
/** `[class name, message]` of the error `f` throws, as Python prints `type(e).__name__, str(e)`. */
const raised = (f: () => unknown): [string, string] => { const e = thrown(f); return [e.name, e.message]; };
/** Records each hook call as [label, gradient]. */
const log = (seen: Array<[string, string]>, label: string) => (g: torch.Tensor): void => { seen.push([label, String(g)]); };
const versionError = (shape: string, producer: string, version: number): string =>
  `one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor ${shape}], ` +
  `which is output 0 of ${producer}, is at version ${version}; expected version ${version - 1} instead. Hint: enable anomaly ` +
  'detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).';

describe('item 1: remove() finds a hook after an in-place op moved it', () => {
  it('a hook removed after y.mul_ does not run', () => {
    // x = torch.tensor([1., 2.], requires_grad=True); y = x.mul(2); seen = []; h = y.register_hook(lambda g: seen.append(g))
    // y.mul_(3); h.remove(); y.sum().backward(); print(seen, x.grad)   ->   [] tensor([6., 6.])
    const x = torch.tensor([1, 2], { requires_grad: true });
    const y = x.mul(2);
    const seen: Array<[string, string]> = [];
    const h = y.register_hook((g) => { log(seen, 'h')(g); return g.mul(100); });
    y.mul_(3);
    h.remove();
    y.sum().backward();
    expect(seen).toEqual([]);
    expect(String(x.grad)).toBe('tensor([6., 6.])');
  });

  it('after two in-place ops too', () => {
    // x = torch.tensor([1., 2.], requires_grad=True); y = x.mul(2); h1 = y.register_hook(lambda g: g * 100); y.mul_(3); y.mul_(5)
    // h1.remove(); y.sum().backward(); print(x.grad)   ->   tensor([30., 30.])
    const x = torch.tensor([1, 2], { requires_grad: true });
    const y = x.mul(2);
    const h = y.register_hook((g) => g.mul(100));
    y.mul_(3);
    y.mul_(5);
    h.remove();
    y.sum().backward();
    expect(String(x.grad)).toBe('tensor([30., 30.])');
  });

  it('a hook registered after the in-place op can be removed as well', () => {
    // x = torch.tensor([1., 2.], requires_grad=True); y = x.mul(2); seen = []; y.register_hook(lambda g: seen.append(('h1', g)))
    // y.mul_(3); h2 = y.register_hook(lambda g: seen.append(('h2', g))); h2.remove(); y.sum().backward(); print(seen, x.grad)
    //   ->   [('h1', tensor([3., 3.]))] tensor([6., 6.])
    const x = torch.tensor([1, 2], { requires_grad: true });
    const y = x.mul(2);
    const seen: Array<[string, string]> = [];
    y.register_hook(log(seen, 'h1'));
    y.mul_(3);
    y.register_hook(log(seen, 'h2')).remove();
    y.sum().backward();
    expect(seen).toEqual([['h1', 'tensor([3., 3.])']]);
    expect(String(x.grad)).toBe('tensor([6., 6.])');
  });
});

describe("item 7: a hook registered after an in-place op joins the tensor's earlier hooks (PyTorch 1.13)", () => {
  it('runs at the old node, after the earlier hook', () => {
    // x = torch.tensor([1., 2.], requires_grad=True); y = x.mul(2); seen = []; y.register_hook(lambda g: seen.append(('h1', g)))
    // y.mul_(3); y.register_hook(lambda g: seen.append(('h2', g))); y.retain_grad(); y.mul(y).sum().backward()
    // print(seen, y.grad, x.grad)
    //   ->   [('h1', tensor([36., 72.])), ('h2', tensor([36., 72.]))] tensor([12., 24.]) tensor([ 72., 144.])
    const x = torch.tensor([1, 2], { requires_grad: true });
    const y = x.mul(2);
    const seen: Array<[string, string]> = [];
    y.register_hook(log(seen, 'h1'));
    y.mul_(3);
    y.register_hook(log(seen, 'h2'));
    y.retain_grad();
    y.mul(y).sum().backward();
    expect(seen).toEqual([['h1', 'tensor([36., 72.])'], ['h2', 'tensor([36., 72.])']]);
    expect([y.grad, x.grad].map(String)).toEqual(['tensor([12., 24.])', 'tensor([ 72., 144.])']);
  });

  it('through several in-place ops, and chained in registration order', () => {
    // ... y.register_hook(h1); y.mul_(3); y.register_hook(h2); y.mul_(5); y.register_hook(h3); y.sum().backward()
    //   ->   [('h1', tensor([15., 15.])), ('h2', tensor([15., 15.])), ('h3', tensor([15., 15.]))] tensor([30., 30.])
    let x = torch.tensor([1, 2], { requires_grad: true });
    let y = x.mul(2);
    const seen: Array<[string, string]> = [];
    y.register_hook(log(seen, 'h1'));
    y.mul_(3);
    y.register_hook(log(seen, 'h2'));
    y.mul_(5);
    y.register_hook(log(seen, 'h3'));
    y.sum().backward();
    expect(seen.map(([h, g]) => `${h} ${g}`)).toEqual(['h1 tensor([15., 15.])', 'h2 tensor([15., 15.])', 'h3 tensor([15., 15.])']);
    expect(String(x.grad)).toBe('tensor([30., 30.])');
    // x = torch.tensor([1., 2.], requires_grad=True); y = x.mul(2); y.register_hook(lambda g: g * 10); y.mul_(3)
    // y.register_hook(lambda g: g + 1); y.sum().backward(); print(x.grad)   ->   tensor([62., 62.])
    x = torch.tensor([1, 2], { requires_grad: true });
    y = x.mul(2);
    y.register_hook((g) => g.mul(10));
    y.mul_(3);
    y.register_hook((g) => g.add(1));
    y.sum().backward();
    expect(String(x.grad)).toBe('tensor([62., 62.])');
  });

  it('also when the earlier hooks were all removed; with none registered before, at the new node', () => {
    // ... h = y.register_hook(h1); h.remove(); y.mul_(3); y.register_hook(h2); y.mul(y).sum().backward()
    //   ->   [('h2', tensor([36., 72.]))]
    let x = torch.tensor([1, 2], { requires_grad: true });
    let y = x.mul(2);
    const seen: Array<[string, string]> = [];
    y.register_hook(log(seen, 'h1')).remove();
    y.mul_(3);
    y.register_hook(log(seen, 'h2'));
    y.mul(y).sum().backward();
    expect(seen).toEqual([['h2', 'tensor([36., 72.])']]);
    // ... y = x.mul(2); y.mul_(3); y.register_hook(h); y.mul(y).sum().backward()   ->   [('h', tensor([12., 24.]))]
    x = torch.tensor([1, 2], { requires_grad: true });
    y = x.mul(2);
    seen.length = 0;
    y.mul_(3);
    y.register_hook(log(seen, 'h'));
    y.mul(y).sum().backward();
    expect(seen).toEqual([['h', 'tensor([12., 24.])']]);
  });
});

describe('item 2: F.elu saves its input only (EluBackward0)', () => {
  const elu = (change: (y: torch.Tensor) => unknown): torch.Tensor | null => {
    const x = torch.tensor([1.5, -2], { requires_grad: true });
    const y = F.elu(x.mul(1));
    change(y);
    y.sum().backward();
    return x.grad;
  };

  it('the result may be changed in place before backward', () => {
    // x = torch.tensor([1.5, -2], requires_grad=True); y = F.elu(x.mul(1)); y.add_(1); y.sum().backward(); x.grad
    //   ->   tensor([1.0000, 0.1353])
    expect(String(elu((y) => y.add_(1)))).toBe('tensor([1.0000, 0.1353])');
    // ... y.mul_(2) ...   ->   tensor([2.0000, 0.2707])
    expect(String(elu((y) => y.mul_(2)))).toBe('tensor([2.0000, 0.2707])');
  });

  it('its input may not', () => {
    // x = torch.tensor([1.5, -2], requires_grad=True); h = x.mul(1); y = F.elu(h); h.add_(1); y.sum().backward()
    //   ->   RuntimeError: one of the variables ... [torch.FloatTensor [2]], which is output 0 of AddBackward0, is at version 1; ...
    const x = torch.tensor([1.5, -2], { requires_grad: true });
    const h = x.mul(1);
    const y = F.elu(h);
    h.add_(1);
    expect(raised(() => y.sum().backward())).toEqual(['RuntimeError', versionError('[2]', 'AddBackward0', 1)]);
  });
});

describe('item 3: clamp takes a 0-d tensor that does not require grad as a number beside a number', () => {
  it('binds the Number overload (ClampBackward1)', () => {
    // torch.clamp(torch.tensor([1, 5, 3]), 2, torch.tensor(4))   ->   tensor([2, 4, 3])
    expect(String(torch.clamp(torch.tensor([1, 5, 3], I64), 2, torch.tensor(4, I64)))).toBe('tensor([2, 4, 3])');
    // torch.clamp(torch.tensor([1, 5, 3]), 2, torch.tensor(4.))   ->   tensor([2., 4., 3.])   (a Python float)
    expect(String(torch.clamp(torch.tensor([1, 5, 3], I64), 2, torch.tensor(4)))).toBe('tensor([2., 4., 3.])');
    // torch.clamp(torch.tensor([1., 5, 3]), torch.tensor(2, dtype=torch.float64), 4)   ->   tensor([2., 4., 3.])
    expect(String(torch.clamp(torch.tensor([1, 5, 3]), torch.tensor(2, { dtype: torch.float64 }), 4))).toBe('tensor([2., 4., 3.])');
    // torch.clamp(torch.tensor([1., 5, 3]), 2, torch.tensor(float('nan')))   ->   tensor([nan, nan, nan])
    expect(String(torch.clamp(torch.tensor([1, 5, 3]), 2, torch.tensor(NaN)))).toBe('tensor([nan, nan, nan])');
    // x = torch.tensor([1., 5, 3], requires_grad=True); y = x.clamp(torch.tensor(2), 4); y.sum().backward(); y, x.grad
    //   ->   tensor([2., 4., 3.], grad_fn=<ClampBackward1>) tensor([0., 0., 1.])
    const x = torch.tensor([1, 5, 3], { requires_grad: true });
    const y = x.clamp(torch.tensor(2, I64), 4);
    y.sum().backward();
    expect([y, x.grad].map(String)).toEqual(['tensor([2., 4., 3.], grad_fn=<ClampBackward1>)', 'tensor([0., 0., 1.])']);
  });

  it('in place too, with the scalar clamp_ error for an integer tensor and a float bound', () => {
    // torch.tensor([1., 5, 3]).clamp_(min=2, max=torch.tensor(4))   ->   tensor([2., 4., 3.])
    expect(String(torch.tensor([1, 5, 3]).clamp_({ min: 2, max: torch.tensor(4, I64) }))).toBe('tensor([2., 4., 3.])');
    // torch.tensor([1, 5, 3]).clamp_(2, torch.tensor(4.5))   ->   RuntimeError: result type Float can't be cast to the desired output type long int
    expect(raised(() => torch.tensor([1, 5, 3], I64).clamp_(2, torch.tensor(4.5))))
      .toEqual(['RuntimeError', "result type Float can't be cast to the desired output type long int"]);
  });

  it('still refuses a bound that requires grad or has dimensions', () => {
    const sigs = ', but expected one of:\n * (Tensor input, Tensor min, Tensor max, *, Tensor out)\n * (Tensor input, Number min, Number max, *, Tensor out)\n';
    // torch.clamp(torch.tensor([1., 5, 3]), torch.tensor(2., requires_grad=True), 4)
    expect(raised(() => torch.clamp(torch.tensor([1, 5, 3]), torch.tensor(2, { requires_grad: true }), 4)))
      .toEqual(['TypeError', `clamp() received an invalid combination of arguments - got (Tensor, Tensor, int)${sigs}`]);
    // torch.clamp(torch.tensor([1., 5, 3]), 2, torch.tensor([4.]))
    expect(raised(() => torch.clamp(torch.tensor([1, 5, 3]), 2, torch.tensor([4]))))
      .toEqual(['TypeError', `clamp() received an invalid combination of arguments - got (Tensor, int, Tensor)${sigs}`]);
  });
});

describe('item 4: max and min take the keyword other', () => {
  it('as functions and methods', () => {
    // a = torch.tensor([1., 5, 3], requires_grad=True); b = torch.tensor([4., 2, 6]); r = torch.max(a, other=b)
    //   ->   tensor([4., 5., 6.], grad_fn=<MaximumBackward0>); after r.sum().backward(): a.grad = tensor([0., 1., 0.])
    const a = torch.tensor([1, 5, 3], { requires_grad: true }), b = torch.tensor([4, 2, 6]);
    const r = torch.max(a, { other: b });
    expect(String(r)).toBe('tensor([4., 5., 6.], grad_fn=<MaximumBackward0>)');
    r.sum().backward();
    expect(String(a.grad)).toBe('tensor([0., 1., 0.])');
    // a.min(other=b); torch.min(a, other=b); a.max(other=b)
    //   ->   tensor([1., 2., 3.], grad_fn=<MinimumBackward0>) (twice); tensor([4., 5., 6.], grad_fn=<MaximumBackward0>)
    expect([a.min({ other: b }), torch.min(a, { other: b }), a.max({ other: b })].map(String)).toEqual([
      'tensor([1., 2., 3.], grad_fn=<MinimumBackward0>)', 'tensor([1., 2., 3.], grad_fn=<MinimumBackward0>)',
      'tensor([4., 5., 6.], grad_fn=<MaximumBackward0>)']);
  });

  it('a keyword other that is not a tensor is still the TypeError', () => {
    // torch.max(a, other=2)
    expect(raised(() => torch.max(torch.tensor([1, 5, 3]), { other: 2 } as never))).toEqual(['TypeError',
      'max() received an invalid combination of arguments - got (Tensor, other=int), but expected one of:\n * (Tensor input)\n' +
      ' * (Tensor input, Tensor other, *, Tensor out)\n * (Tensor input, int dim, bool keepdim, *, tuple of Tensors out)\n' +
      ' * (Tensor input, name dim, bool keepdim, *, tuple of Tensors out)\n']);
  });
});

describe('item 5: torch.rand (float32) stays below 1', () => {
  it('a draw that float32 rounds to 1 is the largest float32 below 1; the other draws are unchanged', () => {
    // PyTorch's rand is [0, 1): torch.manual_seed(0); torch.rand(10**7).max().item() < 1   ->   True
    // torch.nextafter(torch.tensor(1.), torch.tensor(0.)).item()   ->   0.9999999403953552
    // NOTE: the seed makes the first double draw 0.99999998523..., which float32 rounds to 1 (twingrad's own stream)
    const s = 30770746;
    core.seed(s);
    const expected = Array.from({ length: 4 }, () => Math.fround(core.uniform01()));
    expect(expected[0]).toBe(1);
    torch.manual_seed(s);
    const got = Array.from(torch.rand(4)._t.data);
    expect(got).toEqual([0.9999999403953552, ...expected.slice(1)]);
    torch.manual_seed(s);
    expect(torch.rand_like(torch.zeros(1))._t.data[0]).toBe(0.9999999403953552);
  });
});

describe('item 6: the argument parser names the bad argument when one signature alone fits', () => {
  it('div, as function, method and div_', () => {
    const x = torch.tensor([1, 2]);
    // torch.div(x, 'a')
    expect(raised(() => torch.div(x, 'a' as never))).toEqual(['TypeError', "div(): argument 'other' (position 2) must be Tensor, not str"]);
    // x.div([2])
    expect(raised(() => x.div([2] as never))).toEqual(['TypeError', "div(): argument 'other' (position 1) must be Tensor, not list"]);
    // x.div_('a')
    expect(raised(() => x.div_('a' as never))).toEqual(['TypeError', "div_(): argument 'other' (position 1) must be Tensor, not str"]);
    // torch.div(x, None)
    expect(raised(() => torch.div(x, null as never))).toEqual(['TypeError', "div(): argument 'other' (position 2) must be Tensor, not NoneType"]);
  });

  it('with a rounding_mode, and for divide, several signatures fit: the full list', () => {
    const x = torch.tensor([1, 2]);
    // torch.div(x, 'a', rounding_mode='floor')
    expect(raised(() => torch.div(x, 'a' as never, { rounding_mode: 'floor' }))).toEqual(['TypeError',
      'div() received an invalid combination of arguments - got (Tensor, str, rounding_mode=str), but expected one of:\n' +
      ' * (Tensor input, Tensor other, *, Tensor out)\n * (Tensor input, Tensor other, *, str rounding_mode, Tensor out)\n' +
      ' * (Tensor input, Number other, *, str rounding_mode)\n']);
    // torch.divide(x, 'a')
    expect(raised(() => torch.divide(x, 'a' as never))).toEqual(['TypeError',
      'divide() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n' +
      ' * (Tensor input, Tensor other, *, Tensor out)\n * (Tensor input, Tensor other, *, str rounding_mode, Tensor out)\n' +
      ' * (Tensor input, Number other)\n      didn\'t match because some of the arguments have invalid types: (Tensor, !str!)\n' +
      ' * (Tensor input, Number other, *, str rounding_mode)\n']);
    // x.divide_('a')
    expect(raised(() => x.divide_('a' as never))).toEqual(['TypeError',
      'divide_() received an invalid combination of arguments - got (str), but expected one of:\n' +
      ' * (Tensor other)\n      didn\'t match because some of the arguments have invalid types: (!str!)\n' +
      ' * (Tensor other, *, str rounding_mode)\n' +
      ' * (Number other)\n      didn\'t match because some of the arguments have invalid types: (!str!)\n' +
      ' * (Number other, *, str rounding_mode)\n']);
  });

  it('cumsum with dim None is the named-dims error', () => {
    const x = torch.tensor([1, 2]);
    const named = ['RuntimeError', 'Please look up dimensions by name, got: name = None.'];
    // torch.cumsum(x, None); x.cumsum(None); x.cumsum(dim=None)
    expect(raised(() => torch.cumsum(x, null as never))).toEqual(named);
    expect(raised(() => x.cumsum(null as never))).toEqual(named);
    expect(raised(() => x.cumsum({ dim: null as never }))).toEqual(named);
  });
});

describe('note: max(dim) and min(dim) save only the indices (MaxBackward0, MinBackward0)', () => {
  const x22 = () => torch.tensor([[1, 5], [3, 2]], { requires_grad: true });

  it('their values may be changed in place before backward', () => {
    // x = torch.tensor([[1., 5], [3, 2]], requires_grad=True); v = torch.max(x, 1).values; v.add_(1); v.sum().backward(); x.grad
    //   ->   tensor([[0., 1.], [1., 0.]])
    let x = x22();
    const v = torch.max(x, 1).values;
    v.add_(1);
    v.sum().backward();
    expect(String(x.grad)).toBe('tensor([[0., 1.],\n        [1., 0.]])');
    // ... v = x.min(1, keepdim=True).values; v.mul_(2) ...   ->   tensor([[2., 0.], [0., 2.]])
    x = x22();
    const m = x.min(1, true).values;
    m.mul_(2);
    m.sum().backward();
    expect(String(x.grad)).toBe('tensor([[2., 0.],\n        [0., 2.]])');
  });

  it('so may their input, whose gradient still goes to the indices of the forward pass', () => {
    // x = ...; h = x.mul(1); v = torch.max(h, 1).values; h.add_(torch.tensor([[10., 0], [0, 0]])); v.sum().backward(); x.grad
    //   ->   tensor([[0., 1.], [1., 0.]])
    const x = x22();
    const h = x.mul(1);
    const v = torch.max(h, 1).values;
    h.add_(torch.tensor([[10, 0], [0, 0]]));
    v.sum().backward();
    expect(String(x.grad)).toBe('tensor([[0., 1.],\n        [1., 0.]])');
  });

  it('are freed after backward, and the full max and amin still check their result', () => {
    // ... v = torch.max(x, 1).values; v.sum().backward(); v.sum().backward()   ->   RuntimeError: Trying to backward through the graph a second time ...
    let x = x22();
    const v = torch.max(x, 1).values;
    v.sum().backward();
    expect(thrown(() => v.sum().backward()).message).toMatch(/^Trying to backward through the graph a second time/);
    // ... v = x.max(); v.add_(1); v.backward()   ->   ... [torch.FloatTensor []], which is output 0 of MaxBackward1, is at version 1; ...
    x = x22();
    const all = x.max();
    all.add_(1);
    expect(raised(() => all.backward())).toEqual(['RuntimeError', versionError('[]', 'MaxBackward1', 1)]);
    // ... v = x.amin(1); v.add_(1); v.sum().backward()   ->   ... [torch.FloatTensor [2]], which is output 0 of AminBackward0, ...
    x = x22();
    const am = x.amin(1);
    am.add_(1);
    expect(raised(() => am.sum().backward())).toEqual(['RuntimeError', versionError('[2]', 'AminBackward0', 1)]);
  });
});
