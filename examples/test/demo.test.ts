import { describe, expect, it } from 'vitest';
import { sections } from '../src/sections/index.js';
import { runSection, type SectionRun } from '../src/run.js';
import { pyFixed, pyFloatRepr, pyStr } from '../src/pyprint.js';

// The expectations are the notebook's printed outputs (shared/seed/gradients-in-tensorflow.pl.md),
// copied here verbatim, and the values issue 7 lists (confirmed with real PyTorch 1.13).
const runs = new Map<string, SectionRun>(sections.map((s) => [s.id, runSection(s)]));
const run = (id: string) => runs.get(id)!;

describe('the notebook demo', () => {
  it('runs every section in both styles, and the two agree bit for bit', () => {
    for (const r of runs.values()) {
      expect(r.tf.error, `${r.id} (tf)`).toBeNull();
      expect(r.torch.error, `${r.id} (torch)`).toBeNull();
      expect(r.mismatched, r.id).toEqual([]);
      expect(r.agree, r.id).toBe(true);
    }
  });

  it('prints y = 63.0 and dy/dx = 93.0 for the polynomial at x = 2, with a Variable and with a watched constant', () => {
    for (const id of ['variable', 'watched-constant']) {
      expect(run(id).tf.lines).toEqual(['Wartość funkcji y: 63.0', 'Gradient dy/dx: 93.0']);
      expect(run(id).torch.lines).toEqual(['Wartość funkcji y: 63.0', 'Gradient dy/dx: 93.0']);
    }
  });

  it("prints the notebook's gradient of sum(x^2) in NumPy's and PyTorch's layouts", () => {
    expect(run('multistep').tf.lines).toEqual(['Gradient z względem x: [[ 2.  4.  6.]', ' [ 8. 10. 12.]]']);
    expect(run('multistep').torch.lines).toEqual(['Gradient z względem x: tensor([[ 2.,  4.,  6.],', '        [ 8., 10., 12.]])']);
  });

  it("reproduces the notebook's five printed SGD steps with f(x) = (x - 5)^2, and its f(0) = 25", () => {
    const printed = [
      'Krok 1: x = 3.4000, y = 4.0000, grad = -4.0000',
      'Krok 2: x = 3.7200, y = 2.5600, grad = -3.2000',
      'Krok 3: x = 3.9760, y = 1.6384, grad = -2.5600',
      'Krok 4: x = 4.1808, y = 1.0486, grad = -2.0480',
      'Krok 5: x = 4.3446, y = 0.6711, grad = -1.6384',
    ];
    for (const style of [run('sgd').tf, run('sgd').torch]) {
      expect(style.lines[0]).toBe('f(0) = 25'); // the notebook's Out: 25, an int
      expect(style.lines.slice(1)).toEqual(printed);
    }
  });

  it('shows the polynomial diverging: x = -23.6 after one step (3 - 0.1 * 266) and -inf by step 5', () => {
    const xs = run('sgd-polynomial').tf.results.x as number[];
    expect(xs[0]).toBe(Math.fround(3 - Math.fround(0.1) * 266));
    expect(xs[4]).toBe(-Infinity);
    expect(run('sgd-polynomial').tf.lines[0]).toBe('f(0) = 1');
  });

  it("prints the polynomial's steps in the PyTorch column exactly as PyTorch 1.13 does", () => {
    // PyTorch 1.13: f = lambda x: 2*x**4 + x**3 + 3*x**2 + 5*x + 1; x = torch.tensor(3.0, requires_grad=True);
    // opt = torch.optim.SGD([x], lr=0.1); five times: opt.zero_grad(); y = f(x); y.backward(); opt.step();
    // print(f'Krok {step+1}: x = {x.item():.4f}, y = {y.item():.4f}, grad = {x.grad.item():.4f}')
    expect(run('sgd-polynomial').torch.lines.slice(1)).toEqual([
      'Krok 1: x = -23.6000, y = 232.0000, grad = 266.0000',
      'Krok 2: x = 10338.3779, y = 608818.5625, grad = -103619.7734',
      'Krok 3: x = -884021723136.0000, y = 22848654784069632.0000, grad = 8840217100288.0000',
      'Krok 4: x = 552686471232656364389401746445697024.0000, y = inf, grad = -5526864712326563643894017464456970240.0000',
      'Krok 5: x = -inf, y = inf, grad = inf',
    ]);
    expect(run('sgd-polynomial').agree).toBe(true); // steps 1-2 and the overflow agree; x from step 3 is listed in `differs`
  });

  it('prints y3 = 25.0 and a gradient of 5 everywhere for mean((3x + 2)^2)', () => {
    expect(run('mean').tf.lines).toEqual(['y3 = 25.0', 'dy3/dx: [[5. 5. 5.]', ' [5. 5. 5.]]']);
    expect(run('mean').torch.lines).toEqual(['y3 = 25.0', 'dy3/dx: tensor([[5., 5., 5.],', '        [5., 5., 5.]])']);
  });

  it('gives df/dx = 2x + y = 4 and df/dy = x + 2y = 5 at (1, 2)', () => {
    expect(run('multi').tf.lines).toEqual(['df/dx = 4.0', 'df/dy = 5.0']);
    expect(run('multi').torch.lines).toEqual(['df/dx = 4.0', 'df/dy = 5.0']);
  });

  it("gives f'(2) = 93 and f''(2) = 24*4 + 6*2 + 6 = 114 through nested tapes and create_graph", () => {
    expect(run('second-order').tf.lines).toEqual(['dy/dx = 93.0', 'd2y/dx2 = 114.0']);
    expect(run('second-order').torch.lines).toEqual(['dy/dx = 93.0', 'd2y/dx2 = 114.0']);
  });

  it('demonstrates accumulation live: two backward calls double .grad, two tape gradients do not', () => {
    expect(run('accumulation').torch.results).toMatchObject({ first: 6, second: 12 });
    expect(run('accumulation').tf.results).toMatchObject({ first: 6, second: 6 });
  });

  it("states TensorFlow's real behaviour where the notebook says a Variable accumulates gradients", () => {
    expect(run('variable').note).toMatch(/does not/);
  });
});

describe("the demo's Python printing", () => {
  it('prints float32 scalars and arrays as NumPy does', () => {
    expect(pyStr(63)).toBe('63.0');
    expect(pyStr(Math.fround(0.1))).toBe('0.1');
    expect(pyStr([[1.5, 2], [3, 4]])).toBe('[[1.5 2. ]\n [3.  4. ]]');
  });
  it("prints the PyTorch column's .item() values as Python prints a float", () => {
    // Python: print(torch.tensor(2.4).item()) -> 2.4000000953674316; repr(63.0), 1e-05, 1.5e+16, 1e+16, -0.0, 0.0001
    expect(pyStr(Math.fround(2.4), 'float')).toBe('2.4000000953674316');
    expect([63, 1e-5, 1.5e16, 1e16, -0, 1e-4, 123456.5].map(pyFloatRepr)).toEqual(['63.0', '1e-05', '1.5e+16', '1e+16', '-0.0', '0.0001', '123456.5']);
  });
  it('prints float32 scalars and arrays at the edges as NumPy does', () => {
    // numpy: repr(np.float32(1e-5)), 1e16, -0.0, 1.5e17, 0.0001, 123456789.0
    expect([1e-5, 1e16, -0, 1.5e17, 1e-4, 123456789].map((v) => pyStr(Math.fround(v))))
      .toEqual(['1e-05', '1e+16', '-0.0', '1.5e+17', '1e-04', '123456790.0']);
    // print(np.array([nan, 1], np.float32)), [inf, -2.5], [1., nan, 2.25]
    expect([[NaN, 1], [Infinity, -2.5], [1, NaN, 2.25]].map((a) => pyStr(a))).toEqual(['[nan  1.]', '[ inf -2.5]', '[1.    nan 2.25]']);
    // np.array([-0., 1], np.float32), [1.5, nan, -0.]; f'{1e21:.0f}'
    expect([[-0, 1], [1.5, NaN, -0]].map((a) => pyStr(a))).toEqual(['[-0.  1.]', '[ 1.5  nan -0. ]']);
    expect(pyFixed(1e21, 0)).toBe('1000000000000000000000');
  });
  it("rounds like Python's format: half to even on the exact value, and keeps a negative zero's sign", () => {
    // f'{0.03125:.4f}', f'{-0.0:.2f}', f'{2.5:.0f}', f'{0.125:.2f}', f'{-0.00001:.4f}', f'{1.0005:.3f}'
    expect([[0.03125, 4], [-0, 2], [2.5, 0], [0.125, 2], [-0.00001, 4], [1.0005, 3]].map(([v, d]) => pyFixed(v!, d!)))
      .toEqual(['0.0312', '-0.00', '2', '0.12', '-0.0000', '1.000']);
  });
  it("formats like Python's :.4f, including inf and numbers past 1e21", () => {
    expect(pyFixed(3.4000000953674316, 4)).toBe('3.4000');
    expect(pyFixed(-Infinity, 4)).toBe('-inf');
    expect(pyFixed(2 ** 80, 1)).toBe('1208925819614629174706176.0');
  });
});
