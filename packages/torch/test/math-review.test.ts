// Fixes for the math review of the torch facade (/tmp/review_math.md; probes in /tmp/rm/f.mjs and f.py). Every
// expected value and message was printed by real PyTorch 1.13 (/usr/bin/python3); the Python line that printed it is
// in the comment beside it (ints there are dtype=torch.int64, JS numbers float32 unless F64).
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const F64 = { dtype: torch.float64 };
const I64 = { dtype: torch.int64 };
const nan = NaN, inf = Infinity;
const f64 = (v: number[], requires_grad = false) => torch.tensor(v, { dtype: torch.float64, requires_grad });
const x23 = () => torch.tensor([[1, 2, 3], [4, 5, 6]]);

/** The error `f` throws (the test fails if it throws none). */
function thrown(f: () => unknown): Error {
  try { f(); } catch (e) { return e as Error; }
  throw new Error('expected an error, none was thrown');
}
/** `[class name, message]` of the error `f` throws, as Python prints `type(e).__name__, str(e)`. */
const raised = (f: () => unknown): [string, string] => { const e = thrown(f); return [e.name, e.message]; };

describe('finding 1: clamp, clip and clamp_ with tensor bounds', () => {
  it('clamps to tensor bounds, with gradients to x, min and max (ClampBackward0)', () => {
    // x = torch.tensor([-1, 0.5, 5], dtype=F64, requires_grad=True); lo = torch.tensor([0., 0, 0], dtype=F64, requires_grad=True)
    // hi = torch.tensor([1., 1, 1], dtype=F64, requires_grad=True); y = torch.clamp(x, lo, hi); y.sum().backward()
    const x = f64([-1, 0.5, 5], true), lo = f64([0, 0, 0], true), hi = f64([1, 1, 1], true);
    const y = torch.clamp(x, lo, hi);
    // y
    expect(String(y)).toBe('tensor([0.0000, 0.5000, 1.0000], dtype=torch.float64, grad_fn=<ClampBackward0>)');
    y.sum().backward();
    // [x.grad, lo.grad, hi.grad]
    expect([x.grad, lo.grad, hi.grad].map(String)).toEqual(['tensor([0., 1., 0.], dtype=torch.float64)',
      'tensor([1., 0., 0.], dtype=torch.float64)', 'tensor([0., 0., 1.], dtype=torch.float64)']);
  });

  it('takes { min } or { max } alone, and clip, clip_ and clamp_ alike', () => {
    const v = () => torch.tensor([-1, 0.5, 5]);
    // torch.clamp(torch.tensor([-1, 0.5, 5]), min=torch.zeros(3))
    expect(String(torch.clamp(v(), { min: torch.zeros(3) }))).toBe('tensor([0.0000, 0.5000, 5.0000])');
    // torch.tensor([-1, 0.5, 5]).clamp_(torch.zeros(3), torch.ones(3))
    expect(String(v().clamp_(torch.zeros(3), torch.ones(3)))).toBe('tensor([0.0000, 0.5000, 1.0000])');
    // torch.tensor([-1, 0.5, 5]).clip(torch.zeros(3), torch.ones(3))
    expect(String(v().clip(torch.zeros(3), torch.ones(3)))).toBe('tensor([0.0000, 0.5000, 1.0000])');
    // torch.clip(torch.tensor([-1, 0.5, 5]), max=torch.ones(3))
    expect(String(torch.clip(v(), { max: torch.ones(3) }))).toBe('tensor([-1.0000,  0.5000,  1.0000])');
    // torch.tensor([-1, 0.5, 5]).clip_(min=torch.zeros(3))
    expect(String(v().clip_({ min: torch.zeros(3) }))).toBe('tensor([0.0000, 0.5000, 5.0000])');
  });

  it('min > max gives max, whose gradient takes it all; bounds broadcast and get gradients of their own shape', () => {
    // x = torch.tensor([-1, 0.5, 5], dtype=F64, requires_grad=True); lo = torch.tensor([2.], dtype=F64, requires_grad=True)
    // hi = torch.tensor(1., dtype=F64, requires_grad=True); y = torch.clamp(x, lo, hi); y.sum().backward()
    const x = f64([-1, 0.5, 5], true), lo = f64([2], true), hi = torch.tensor(1, { dtype: torch.float64, requires_grad: true });
    const y = torch.clamp(x, lo, hi);
    // y
    expect(String(y)).toBe('tensor([1., 1., 1.], dtype=torch.float64, grad_fn=<ClampBackward0>)');
    y.sum().backward();
    // [x.grad, lo.grad, hi.grad]
    expect([x.grad, lo.grad, hi.grad].map(String)).toEqual(['tensor([0., 0., 0.], dtype=torch.float64)',
      'tensor([0.], dtype=torch.float64)', 'tensor(3., dtype=torch.float64)']);
  });

  it('promotes x and the bounds together and broadcasts all three; NaN in x or a bound gives NaN', () => {
    // torch.clamp(torch.tensor([[1, 5], [3, -2]]), torch.tensor([0., 2.], dtype=F64), torch.tensor(4))
    expect(String(torch.clamp(torch.tensor([[1, 5], [3, -2]], I64), torch.tensor([0, 2], F64), torch.tensor(4, I64))))
      .toBe('tensor([[1., 4.],\n        [3., 2.]], dtype=torch.float64)');
    // torch.clamp(torch.tensor([1, 5]), torch.tensor([0, 2]), torch.tensor([3, 3]))
    expect(String(torch.clamp(torch.tensor([1, 5], I64), torch.tensor([0, 2], I64), torch.tensor([3, 3], I64)))).toBe('tensor([1, 3])');
    // torch.clamp(torch.tensor([1., 5]), torch.tensor(0, dtype=F64), torch.tensor(3, dtype=F64))
    expect(String(torch.clamp(torch.tensor([1, 5]), torch.tensor(0, F64), torch.tensor(3, F64)))).toBe('tensor([1., 3.])');
    // torch.clamp(torch.tensor(1.), torch.zeros(3), torch.ones(2, 1))
    expect(String(torch.clamp(torch.tensor(1), torch.zeros(3), torch.ones(2, 1)))).toBe('tensor([[1., 1., 1.],\n        [1., 1., 1.]])');
    // torch.clamp(torch.tensor([1., 2, nan]), torch.tensor([nan, 0., 0.]), torch.tensor([3., nan, 3.]))
    expect(String(torch.clamp(torch.tensor([1, 2, nan]), torch.tensor([nan, 0, 0]), torch.tensor([3, nan, 3])))).toBe('tensor([nan, nan, nan])');
    // torch.clamp(torch.tensor([True, False]), min=torch.tensor([True, True]))
    expect(String(torch.clamp(torch.tensor([true, false]), { min: torch.tensor([true, true]) }))).toBe('tensor([True, True])');
    // x = torch.tensor([1., 2, 3], requires_grad=True); l = torch.tensor([2., 2, 2], dtype=F64, requires_grad=True)
    // y = torch.clamp(x, min=l); y.sum().backward(); [y, x.grad, l.grad]
    const x = torch.tensor([1, 2, 3], { requires_grad: true }), l = f64([2, 2, 2], true);
    const y = torch.clamp(x, { min: l });
    expect(String(y)).toBe('tensor([2., 2., 3.], dtype=torch.float64, grad_fn=<ClampBackward0>)');
    y.sum().backward();
    expect([x.grad, l.grad].map(String)).toEqual(['tensor([0., 1., 1.])', 'tensor([1., 0., 0.], dtype=torch.float64)']);
  });

  it("refuses what PyTorch refuses, in its words", () => {
    const x = () => torch.tensor([1, 5]);
    // torch.clamp(torch.tensor([True, False]), torch.tensor([True, True]), torch.tensor([True, True]))
    expect(raised(() => torch.clamp(torch.tensor([true, false]), torch.tensor([true, true]), torch.tensor([true, true]))))
      .toEqual(['RuntimeError', '"clamp_cpu" not implemented for \'Bool\'']);
    // torch.clamp(torch.tensor([1., 5]), torch.tensor([0., 2.]), 3)
    expect(raised(() => torch.clamp(x(), torch.tensor([0, 2]), 3))).toEqual(['TypeError', 'clamp() received an invalid combination of arguments - got (Tensor, Tensor, int), but expected one of:\n * (Tensor input, Tensor min, Tensor max, *, Tensor out)\n * (Tensor input, Number min, Number max, *, Tensor out)\n']);
    // torch.tensor([1., 5]).clamp(torch.tensor([0., 2.]), 3)
    expect(raised(() => x().clamp(torch.tensor([0, 2]), 3))).toEqual(['TypeError', "clamp() received an invalid combination of arguments - got (Tensor, int), but expected one of:\n * (Tensor min, Tensor max)\n      didn't match because some of the arguments have invalid types: (Tensor, !int!)\n * (Number min, Number max)\n      didn't match because some of the arguments have invalid types: (!Tensor!, !int!)\n"]);
    // torch.clamp(torch.tensor([1., 5]), min=torch.tensor([0., 2.]), max=3)
    expect(raised(() => torch.clamp(x(), { min: torch.tensor([0, 2]), max: 3 }))).toEqual(['TypeError', 'clamp() received an invalid combination of arguments - got (Tensor, max=int, min=Tensor), but expected one of:\n * (Tensor input, Tensor min, Tensor max, *, Tensor out)\n * (Tensor input, Number min, Number max, *, Tensor out)\n']);
    // torch.clamp(x, 'a'); x.clamp('a'); torch.clip(x, 'a'); x.clip('a')   (x = torch.tensor([[1., 2, 3], [4, 5, 6]]))
    expect(raised(() => torch.clamp(x23(), 'a' as never))).toEqual(['TypeError', 'clamp() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n * (Tensor input, Tensor min, Tensor max, *, Tensor out)\n * (Tensor input, Number min, Number max, *, Tensor out)\n']);
    expect(raised(() => x23().clamp('a' as never))).toEqual(['TypeError', 'clamp() received an invalid combination of arguments - got (str), but expected one of:\n * (Tensor min, Tensor max)\n * (Number min, Number max)\n']);
    expect(raised(() => torch.clip(x23(), 'a' as never))).toEqual(['TypeError', 'clip() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n * (Tensor input, Tensor min, Tensor max, *, Tensor out)\n * (Tensor input, Number min, Number max, *, Tensor out)\n']);
    expect(raised(() => x23().clip('a' as never))).toEqual(['TypeError', 'clip() received an invalid combination of arguments - got (str), but expected one of:\n * (Tensor min, Tensor max)\n * (Number min, Number max)\n']);
    // torch.clip(x); torch.clamp(x, None)
    expect(raised(() => torch.clip(x23()))).toEqual(['RuntimeError', "torch.clamp: At least one of 'min' or 'max' must not be None"]);
    expect(raised(() => torch.clamp(x23(), null))).toEqual(['RuntimeError', "torch.clamp: At least one of 'min' or 'max' must not be None"]);
  });

  it('clamp_ refuses a result its integer tensor cannot hold, and a bound that does not broadcast to it', () => {
    // torch.tensor([1, 5]).clamp_(torch.tensor([0.5, 2]))
    expect(raised(() => torch.tensor([1, 5], I64).clamp_(torch.tensor([0.5, 2])))).toEqual(['RuntimeError', "result type Float can't be cast to the desired output type Long"]);
    // torch.tensor([4]).clamp_(0.5, 2.5); .clamp_(min=0.5); .clamp_min_(0.5)
    expect(raised(() => torch.tensor([4], I64).clamp_(0.5, 2.5))).toEqual(['RuntimeError', "result type Float can't be cast to the desired output type long int"]);
    expect(raised(() => torch.tensor([4], I64).clamp_({ min: 0.5 }))).toEqual(['RuntimeError', "result type Float can't be cast to the desired output type long int"]);
    expect(raised(() => torch.tensor([4], I64).clamp_min_(0.5))).toEqual(['RuntimeError', "result type Float can't be cast to the desired output type long int"]);
    // torch.tensor([1., 5]).clamp_(torch.zeros(2, 2))
    expect(raised(() => torch.tensor([1, 5]).clamp_(torch.zeros(2, 2)))).toEqual(['RuntimeError', "output with shape [2] doesn't match the broadcast shape [2, 2]"]);
    // torch.tensor([1., 5], dtype=F64).clamp_(torch.tensor([2.]))
    expect(String(f64([1, 5]).clamp_(torch.tensor([2])))).toBe('tensor([2., 5.], dtype=torch.float64)');
  });
});

describe('finding 5: clamp\'s gradient is a select: an inf or NaN cotangent at a clamped position gives 0', () => {
  /** x.grad after (op(x) * c).sum().backward(), x = [-1, 0.5, 5] in float64. */
  const gradTimes = (op: (x: torch.Tensor) => torch.Tensor, c: number[]): string => {
    const x = f64([-1, 0.5, 5], true);
    op(x).mul(f64(c)).sum().backward();
    return String(x.grad);
  };
  it('number bounds, one or both, clamp_min, and tensor bounds', () => {
    // torch.clamp(x, 0, 1).mul(torch.tensor([inf, 1, inf], dtype=F64)).sum().backward(); x.grad
    expect(gradTimes((x) => torch.clamp(x, 0, 1), [inf, 1, inf])).toBe('tensor([0., 1., 0.], dtype=torch.float64)');
    // torch.clamp(x, min=0).mul(torch.tensor([inf, 1, inf], dtype=F64)).sum().backward(); x.grad
    expect(gradTimes((x) => torch.clamp(x, { min: 0 }), [inf, 1, inf])).toBe('tensor([0., 1., inf], dtype=torch.float64)');
    // torch.clamp(x, max=1).mul(torch.tensor([nan, 1, nan], dtype=F64)).sum().backward(); x.grad
    expect(gradTimes((x) => torch.clamp(x, { max: 1 }), [nan, 1, nan])).toBe('tensor([nan, 1., 0.], dtype=torch.float64)');
    // torch.clamp_min(x, 0).mul(torch.tensor([inf, 1, inf], dtype=F64)).sum().backward(); x.grad
    expect(gradTimes((x) => torch.clamp_min(x, 0), [inf, 1, inf])).toBe('tensor([0., 1., inf], dtype=torch.float64)');
    // torch.clamp(x, torch.zeros(3, dtype=F64), torch.ones(3, dtype=F64)).mul(torch.tensor([inf, 1, inf], dtype=F64)).sum().backward(); x.grad
    expect(gradTimes((x) => torch.clamp(x, torch.zeros(3, F64), torch.ones(3, F64)), [inf, 1, inf])).toBe('tensor([0., 1., 0.], dtype=torch.float64)');
  });
  it('a NaN input is outside every range', () => {
    // z = torch.tensor([nan, 0.5], dtype=F64, requires_grad=True); torch.clamp(z, 0, 1).pow(2).sum().backward(); z.grad
    const z = f64([nan, 0.5], true);
    torch.clamp(z, 0, 1).pow(2).sum().backward();
    expect(String(z.grad)).toBe('tensor([0., 1.], dtype=torch.float64)');
  });
  it('a NaN number bound: NaN everywhere beside another bound or alone in clamp_min/clamp_max, x unchanged alone in clamp', () => {
    const v = () => torch.tensor([1, 2]);
    // [torch.clamp(v, nan, 3), torch.clamp(v, max=nan), torch.clamp_min(v, nan), torch.clamp_max(v, nan)]
    expect([torch.clamp(v(), nan, 3), torch.clamp(v(), { max: nan }), torch.clamp_min(v(), nan), torch.clamp_max(v(), nan)].map(String))
      .toEqual(['tensor([nan, nan])', 'tensor([1., 2.])', 'tensor([nan, nan])', 'tensor([nan, nan])']);
    // x = torch.tensor([1., 2], requires_grad=True); torch.clamp(x, min=nan).sum().backward(); x.grad
    const x = torch.tensor([1, 2], { requires_grad: true });
    torch.clamp(x, { min: nan }).sum().backward();
    expect(String(x.grad)).toBe('tensor([0., 0.])');
  });
});

describe('finding 2 (and 13): div with rounding_mode, floor_divide, remainder, fmod, true_divide', () => {
  const i = (v: number[]) => torch.tensor(v, I64);
  it('floor and trunc rounding keep the operands\' result type (int stays int)', () => {
    // torch.div(torch.tensor([-7, 7, -3.5], dtype=F64), torch.tensor([2, 2, 2], dtype=F64), rounding_mode='floor')
    expect(String(torch.div(f64([-7, 7, -3.5]), f64([2, 2, 2]), { rounding_mode: 'floor' }))).toBe('tensor([-4.,  3., -2.], dtype=torch.float64)');
    // torch.div(torch.tensor([-7, 7]), torch.tensor([2, 2]), rounding_mode='trunc')
    expect(String(torch.div(i([-7, 7]), i([2, 2]), { rounding_mode: 'trunc' }))).toBe('tensor([-3,  3])');
    // torch.tensor([-7, 7]).div(2, rounding_mode='floor')
    expect(String(i([-7, 7]).div(2, { rounding_mode: 'floor' }))).toBe('tensor([-4,  3])');
    // torch.tensor([-7, 7]).divide(torch.tensor(2), rounding_mode='trunc')
    expect(String(i([-7, 7]).divide(torch.tensor(2, I64), { rounding_mode: 'trunc' }))).toBe('tensor([-3,  3])');
    // torch.div(torch.tensor([-7, 7]), 2.5, rounding_mode='floor')
    expect(String(torch.div(i([-7, 7]), 2.5, { rounding_mode: 'floor' }))).toBe('tensor([-3.,  2.])');
    // torch.div(torch.tensor([-7., 7]), 2, rounding_mode=None)
    expect(String(torch.div(torch.tensor([-7, 7]), 2, { rounding_mode: null }))).toBe('tensor([-3.5000,  3.5000])');
    // torch.div(2, torch.tensor([3, -3]), rounding_mode='floor')
    expect(String(torch.div(2, i([3, -3]), { rounding_mode: 'floor' }))).toBe('tensor([ 0, -1])');
    // torch.tensor([-7, 7]).div_(2, rounding_mode='floor'); torch.tensor([-7., 7]).div_(torch.tensor([2., -2]), rounding_mode='trunc')
    expect(String(i([-7, 7]).div_(2, { rounding_mode: 'floor' }))).toBe('tensor([-4,  3])');
    expect(String(torch.tensor([-7, 7]).div_(torch.tensor([2, -2]), { rounding_mode: 'trunc' }))).toBe('tensor([-3., -3.])');
  });

  it('floor_divide, remainder, fmod and true_divide, as functions, methods and in place', () => {
    // torch.floor_divide(torch.tensor([-7, 7]), 2); torch.floor_divide(torch.tensor([-7., 7]), torch.tensor([2., -2]))
    expect(String(torch.floor_divide(i([-7, 7]), 2))).toBe('tensor([-4,  3])');
    expect(String(torch.floor_divide(torch.tensor([-7, 7]), torch.tensor([2, -2])))).toBe('tensor([-4., -4.])');
    // torch.floor_divide(2, torch.tensor([3, -3])); torch.tensor([-7, 7]).floor_divide(torch.tensor([2, -2])); torch.tensor([-7, 7]).floor_divide_(2)
    expect(String(torch.floor_divide(2, i([3, -3])))).toBe('tensor([ 0, -1])');
    expect(String(i([-7, 7]).floor_divide(i([2, -2])))).toBe('tensor([-4, -4])');
    expect(String(i([-7, 7]).floor_divide_(2))).toBe('tensor([-4,  3])');
    // torch.remainder(torch.tensor([-7, 7]), 3); torch.remainder(torch.tensor([-7., 7]), torch.tensor([3., -3])); torch.remainder(-5, torch.tensor([3, -3]))
    expect(String(torch.remainder(i([-7, 7]), 3))).toBe('tensor([2, 1])');
    expect(String(torch.remainder(torch.tensor([-7, 7]), torch.tensor([3, -3])))).toBe('tensor([ 2., -2.])');
    expect(String(torch.remainder(-5, i([3, -3])))).toBe('tensor([ 1, -2])');
    // torch.tensor([-7, 7]).remainder(2.5); torch.tensor([-7, 7]).remainder_(3)
    expect(String(i([-7, 7]).remainder(2.5))).toBe('tensor([0.5000, 2.0000])');
    expect(String(i([-7, 7]).remainder_(3))).toBe('tensor([2, 1])');
    // torch.fmod(torch.tensor([-7, 7]), 3); torch.fmod(torch.tensor([-7., 7]), torch.tensor([3., -3])); torch.tensor([-7., 7]).fmod(2.5); torch.tensor([-7, 7]).fmod_(3)
    expect(String(torch.fmod(i([-7, 7]), 3))).toBe('tensor([-1,  1])');
    expect(String(torch.fmod(torch.tensor([-7, 7]), torch.tensor([3, -3])))).toBe('tensor([-1.,  1.])');
    expect(String(torch.tensor([-7, 7]).fmod(2.5))).toBe('tensor([-2.,  2.])');
    expect(String(i([-7, 7]).fmod_(3))).toBe('tensor([-1,  1])');
    // torch.true_divide(torch.tensor([3, 4]), 2); torch.tensor([3, 4]).true_divide(torch.tensor([2, 8]))
    expect(String(torch.true_divide(i([3, 4]), 2))).toBe('tensor([1.5000, 2.0000])');
    expect(String(i([3, 4]).true_divide(i([2, 8])))).toBe('tensor([1.5000, 0.5000])');
    // torch.remainder(torch.tensor([True, False]), 1); torch.floor_divide(torch.tensor([True]), 1)
    expect(String(torch.remainder(torch.tensor([true, false]), 1))).toBe('tensor([0, 0])');
    expect(String(torch.floor_divide(torch.tensor([true]), 1))).toBe('tensor([1])');
  });

  it('floats at the jumps and the edges, bit for bit (CPython\'s floor division, fmod\'s exact remainder)', () => {
    const a = f64([-7, 7, -3.5, 3.5, 0, -0, 5, -5, inf, -inf, nan, 1, 5.3, -5.3, -1e-300, 2]);
    const b = f64([2, -2, 2, -2, 3, 3, 0, 0, 2, 2, 1, inf, 0.1, 0.1, 3, 2]);
    const bits = (t: torch.Tensor) => Array.from(t._t.data);
    // a = torch.tensor([-7., 7, -3.5, 3.5, 0, -0., 5, -5, inf, -inf, nan, 1, 5.3, -5.3, -1e-300, 2], dtype=F64)
    // b = torch.tensor([2., -2, 2, -2, 3, 3, 0, 0, 2, 2, 1, inf, 0.1, 0.1, 3, 2], dtype=F64)
    // torch.div(a, b, rounding_mode='floor').tolist()
    expect(bits(torch.div(a, b, { rounding_mode: 'floor' }))).toEqual([-4, -4, -2, -2, 0, -0, inf, -inf, nan, nan, nan, 0, 52, -53, -1, 1]);
    // torch.div(a, b, rounding_mode='trunc').tolist()
    expect(bits(torch.div(a, b, { rounding_mode: 'trunc' }))).toEqual([-3, -3, -1, -1, 0, -0, inf, -inf, inf, -inf, nan, 0, 52, -52, -0, 1]);
    // torch.remainder(a, b).tolist()
    expect(bits(torch.remainder(a, b))).toEqual([1, -1, 0.5, -0.5, 0, -0, nan, nan, nan, nan, nan, 1, 0.09999999999999953, 4.718447854656915e-16, 3, 0]);
    // torch.fmod(a, b).tolist()
    expect(bits(torch.fmod(a, b))).toEqual([-1, 1, -1.5, 1.5, 0, -0, nan, nan, nan, nan, nan, 1, 0.09999999999999953, -0.09999999999999953, -1e-300, 0]);
    // float32: c = torch.tensor([0.3, 0.7, 1e7, 16777217., -2.5, 100.]); d = torch.tensor([0.1, 0.1, 0.3, 3., 0.7, 0.01])
    const c = torch.tensor([0.3, 0.7, 1e7, 16777217, -2.5, 100]), d = torch.tensor([0.1, 0.1, 0.3, 3, 0.7, 0.01]);
    // torch.div(c, d, rounding_mode='floor').tolist(); torch.div(c, d, rounding_mode='trunc').tolist()
    expect(bits(torch.div(c, d, { rounding_mode: 'floor' }))).toEqual([3, 6, 33333332, 5592405, -4, 10000]);
    expect(bits(torch.div(c, d, { rounding_mode: 'trunc' }))).toEqual([3, 7, 33333332, 5592405, -3, 10000]);
    // torch.remainder(c, d).tolist(); torch.fmod(c, d).tolist()
    expect(bits(torch.remainder(c, d))).toEqual([7.450580596923828e-09, 0.09999997913837433, 0.0026357173919677734, 1, 0.2999999523162842, 2.2351741790771484e-06]);
    expect(bits(torch.fmod(c, d))).toEqual([7.450580596923828e-09, 0.09999997913837433, 0.0026357173919677734, 1, -0.40000003576278687, 2.2351741790771484e-06]);
  });

  it('gradients as derivatives.yaml defines them, and their grad_fn names', () => {
    // x = torch.tensor([5.3, -5.3, 7.], dtype=F64, requires_grad=True); y = torch.tensor([2., 2, -3], dtype=F64, requires_grad=True)
    const x = f64([5.3, -5.3, 7], true), y = f64([2, 2, -3], true);
    const grads = (z: torch.Tensor) => torch.autograd.grad(z.sum(), [x, y]).map(String);
    // torch.autograd.grad(torch.remainder(x, y).sum(), [x, y])
    expect(grads(torch.remainder(x, y))).toEqual(['tensor([1., 1., 1.], dtype=torch.float64)', 'tensor([-2.,  3.,  3.], dtype=torch.float64)']);
    // torch.autograd.grad(torch.fmod(x, y).sum(), [x, y])
    expect(grads(torch.fmod(x, y))).toEqual(['tensor([1., 1., 1.], dtype=torch.float64)', 'tensor([-2.,  2.,  2.], dtype=torch.float64)']);
    // torch.autograd.grad(torch.div(x, y, rounding_mode='floor').sum(), [x, y]); the same with 'trunc'
    const zeros = ['tensor([0., 0., 0.], dtype=torch.float64)', 'tensor([0., 0., 0.], dtype=torch.float64)'];
    expect(grads(torch.div(x, y, { rounding_mode: 'floor' }))).toEqual(zeros);
    expect(grads(torch.div(x, y, { rounding_mode: 'trunc' }))).toEqual(zeros);
    // torch.autograd.grad(torch.remainder(x, y), [x, y], torch.tensor([inf, 1, nan], dtype=F64))
    expect(torch.autograd.grad(torch.remainder(x, y), [x, y], [f64([inf, 1, nan])]).map(String))
      .toEqual(['tensor([inf, 1., nan], dtype=torch.float64)', 'tensor([-inf, 3., nan], dtype=torch.float64)']);
    // [torch.div(x, y, rounding_mode='floor').grad_fn.name(), torch.div(x, 2, rounding_mode='trunc').grad_fn.name(), torch.remainder(x, y).grad_fn.name(),
    //  torch.remainder(x, 2).grad_fn.name(), torch.fmod(x, y).grad_fn.name(), torch.fmod(x, 2).grad_fn.name(), torch.floor_divide(x, y).grad_fn.name(),
    //  torch.remainder(2, x).grad_fn.name(), torch.true_divide(x, 2).grad_fn.name()]
    expect([torch.div(x, y, { rounding_mode: 'floor' }), torch.div(x, 2, { rounding_mode: 'trunc' }), torch.remainder(x, y), torch.remainder(x, 2),
      torch.fmod(x, y), torch.fmod(x, 2), torch.floor_divide(x, y), torch.remainder(2, x), torch.true_divide(x, 2)].map((t) => t.grad_fn!.name()))
      .toEqual(['DivBackward2', 'DivBackward2', 'RemainderBackward1', 'RemainderBackward0', 'FmodBackward1', 'FmodBackward0',
        'torch::autograd::NotImplemented', 'torch::autograd::NotImplemented', 'DivBackward0']);
    // torch.remainder(2, x)
    expect(String(torch.remainder(2, x))).toBe('tensor([ 2.0000, -3.3000,  2.0000], dtype=torch.float64,\n       grad_fn=<NotImplemented>)');
    // torch.floor_divide(x, 2).sum().backward(); torch.remainder(2, x).sum().backward()
    expect(raised(() => torch.floor_divide(x, 2).sum().backward())).toEqual(['RuntimeError', 'derivative for aten::floor_divide is not implemented']);
    expect(raised(() => torch.remainder(2, x).sum().backward())).toEqual(['RuntimeError', 'derivative for aten::remainder is not implemented']);
    // x32 = torch.tensor([5.3, -5.3], requires_grad=True); y64 = torch.tensor(2., dtype=F64, requires_grad=True)
    // torch.remainder(x32, y64); torch.autograd.grad(torch.remainder(x32, y64).sum(), [x32, y64])
    const x32 = torch.tensor([5.3, -5.3], { requires_grad: true }), y64 = torch.tensor(2, { dtype: torch.float64, requires_grad: true });
    expect(String(torch.remainder(x32, y64))).toBe('tensor([1.3000, 0.7000], grad_fn=<RemainderBackward1>)');
    expect(torch.autograd.grad(torch.remainder(x32, y64).sum(), [x32, y64]).map(String)).toEqual(['tensor([1., 1.])', 'tensor(1., dtype=torch.float64)']);
  });

  it('the saved tensors PyTorch version-checks: the divisor of a rounded quotient, both operands for remainder\'s divisor', () => {
    const version = 'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).';
    // x = torch.tensor([5.3, 2.], requires_grad=True); y = torch.tensor([2., 3.]); z = torch.div(x, y, rounding_mode='floor'); y.add_(1); z.sum().backward()
    let x = torch.tensor([5.3, 2], { requires_grad: true }), y = torch.tensor([2, 3]);
    let z = torch.div(x, y, { rounding_mode: 'floor' });
    y.add_(1);
    expect(raised(() => z.sum().backward())).toEqual(['RuntimeError', version]);
    // x2 = x.clone(); z = torch.div(x2, y, rounding_mode='floor'); x2.add_(1); z.sum().backward(); x.grad -> tensor([0., 0.])
    x = torch.tensor([5.3, 2], { requires_grad: true });
    let x2 = x.clone();
    z = torch.div(x2, torch.tensor([2, 3]), { rounding_mode: 'floor' });
    x2.add_(1);
    z.sum().backward();
    expect(String(x.grad)).toBe('tensor([0., 0.])');
    // y = torch.tensor([2., 3.], requires_grad=True); x2 = x.clone(); z = torch.remainder(x2, y); x2.add_(1); z.sum().backward()
    y = torch.tensor([2, 3], { requires_grad: true });
    x2 = x.clone();
    z = torch.remainder(x2, y);
    x2.add_(1);
    expect(raised(() => z.sum().backward())).toEqual(['RuntimeError', version.replace('[2]]', '[2]], which is output 0 of AddBackward0,')]);
  });

  it('second derivatives: remainder\'s through -g * floor(x / y), and none for a rounded quotient', () => {
    // xx = torch.tensor([5.3, -5.3], dtype=F64, requires_grad=True); yy = torch.tensor([2., 2], dtype=F64, requires_grad=True)
    // gx, gy = torch.autograd.grad(torch.remainder(xx, yy).pow(2).sum(), [xx, yy], create_graph=True); torch.autograd.grad((gx * gy).sum(), [xx, yy])
    const xx = f64([5.3, -5.3], true), yy = f64([2, 2], true);
    const [gx, gy] = torch.autograd.grad(torch.remainder(xx, yy).pow(2).sum(), [xx, yy], { create_graph: true });
    const [hx, hy] = torch.autograd.grad(gx!.mul(gy!).sum(), [xx, yy]);
    expect(Array.from(hx!._t.data)).toEqual([expect.closeTo(-20.8, 12), expect.closeTo(16.8, 12)]);
    expect(Array.from(hy!._t.data)).toEqual([expect.closeTo(41.6, 12), expect.closeTo(50.4, 12)]);
    // torch.autograd.grad(torch.autograd.grad(torch.div(xx, yy, rounding_mode='floor').sum(), [xx], create_graph=True)[0].sum(), [xx])
    const [g] = torch.autograd.grad(torch.div(xx, yy, { rounding_mode: 'floor' }).sum(), [xx], { create_graph: true });
    expect(raised(() => torch.autograd.grad(g!.sum(), [xx]))).toEqual(['RuntimeError', 'element 0 of tensors does not require grad and does not have a grad_fn']);
  });

  it('PyTorch\'s errors: integer division by zero, rounding modes, bool kernels, arguments', () => {
    // torch.div(torch.tensor([-7, 7]), 0, rounding_mode='floor'); ... 'trunc'; torch.remainder(torch.tensor([-7, 7]), torch.tensor([1, 0]));
    // torch.fmod(torch.tensor([-7, 7]), 0); torch.floor_divide(torch.tensor([-7, 7]), 0)
    for (const f of [() => torch.div(i([-7, 7]), 0, { rounding_mode: 'floor' }), () => torch.div(i([-7, 7]), 0, { rounding_mode: 'trunc' }),
      () => torch.remainder(i([-7, 7]), i([1, 0])), () => torch.fmod(i([-7, 7]), 0), () => torch.floor_divide(i([-7, 7]), 0)]) {
      expect(raised(f)).toEqual(['RuntimeError', 'ZeroDivisionError']);
    }
    // torch.div(torch.tensor([1.]), 2, rounding_mode='round')
    expect(raised(() => torch.div(torch.tensor([1]), 2, { rounding_mode: 'round' as never }))).toEqual(['RuntimeError', "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'round'"]);
    // torch.div(torch.tensor([1.]), 2, rounding_mode=3); torch.tensor([1.]).div(2, rounding_mode=3)
    expect(raised(() => torch.div(torch.tensor([1]), 2, { rounding_mode: 3 as never }))).toEqual(['TypeError', 'div() received an invalid combination of arguments - got (Tensor, int, rounding_mode=int), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out)\n * (Tensor input, Tensor other, *, str rounding_mode, Tensor out)\n * (Tensor input, Number other, *, str rounding_mode)\n']);
    expect(raised(() => torch.tensor([1]).div(2, { rounding_mode: 3 as never }))).toEqual(['TypeError', 'div() received an invalid combination of arguments - got (int, rounding_mode=int), but expected one of:\n * (Tensor other)\n * (Tensor other, *, str rounding_mode)\n * (Number other, *, str rounding_mode)\n']);
    const b = torch.tensor([true]);
    // torch.div(b, b, rounding_mode='floor'); ... 'trunc'; torch.floor_divide(b, b); torch.remainder(b, b); torch.fmod(b, b)   (b = torch.tensor([True]))
    expect(raised(() => torch.div(b, b, { rounding_mode: 'floor' }))).toEqual(['RuntimeError', '"div_floor_cpu" not implemented for \'Bool\'']);
    expect(raised(() => torch.div(b, b, { rounding_mode: 'trunc' }))).toEqual(['RuntimeError', '"div_trunc_cpu" not implemented for \'Bool\'']);
    expect(raised(() => torch.floor_divide(b, b))).toEqual(['RuntimeError', '"div_floor_cpu" not implemented for \'Bool\'']);
    expect(raised(() => torch.remainder(b, b))).toEqual(['RuntimeError', '"remainder_cpu" not implemented for \'Bool\'']);
    expect(raised(() => torch.fmod(b, b))).toEqual(['RuntimeError', '"fmod_cpu" not implemented for \'Bool\'']);
    // torch.fmod(2, torch.ones(2))
    expect(raised(() => torch.fmod(2 as never, torch.ones(2)))).toEqual(['TypeError', 'fmod() received an invalid combination of arguments - got (int, Tensor), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out)\n * (Tensor input, Number other, *, Tensor out)\n']);
    // torch.remainder(torch.ones(2), 'a'); torch.ones(2).fmod('a'); torch.floor_divide(torch.ones(2), 'a'); torch.true_divide(torch.ones(2), 'a')
    expect(raised(() => torch.remainder(torch.ones(2), 'a' as never))).toEqual(['TypeError', "remainder() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out)\n * (Number self, Tensor other)\n      didn't match because some of the arguments have invalid types: (!Tensor!, !str!)\n * (Tensor input, Number other, *, Tensor out)\n"]);
    expect(raised(() => torch.ones(2).fmod('a' as never))).toEqual(['TypeError', "fmod() received an invalid combination of arguments - got (str), but expected one of:\n * (Tensor other)\n      didn't match because some of the arguments have invalid types: (!str!)\n * (Number other)\n      didn't match because some of the arguments have invalid types: (!str!)\n"]);
    expect(raised(() => torch.floor_divide(torch.ones(2), 'a' as never))).toEqual(['TypeError', "floor_divide() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out)\n * (Tensor input, Number other)\n      didn't match because some of the arguments have invalid types: (Tensor, !str!)\n"]);
    expect(raised(() => torch.true_divide(torch.ones(2), 'a' as never))).toEqual(['TypeError', "true_divide() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out)\n * (Tensor input, Number other)\n      didn't match because some of the arguments have invalid types: (Tensor, !str!)\n"]);
    // torch.tensor([4]).div_(2); .remainder_(2.5); .fmod_(2.5); .floor_divide_(2.5)
    for (const f of [(t: torch.Tensor) => t.div_(2), (t: torch.Tensor) => t.remainder_(2.5), (t: torch.Tensor) => t.fmod_(2.5), (t: torch.Tensor) => t.floor_divide_(2.5)]) {
      expect(raised(() => f(i([4])))).toEqual(['RuntimeError', "result type Float can't be cast to the desired output type Long"]);
    }
  });
});

describe('finding 3: dim=[] reduces over every dim (PyTorch 1.13)', () => {
  it('sum, mean, var, std, norm, amax and amin', () => {
    const x = x23();
    // [x.sum([]), x.mean([]), x.var([]), x.std([]), x.norm(2, []), torch.norm(x, 'fro', []), x.norm(dim=[])]   (x = torch.tensor([[1., 2, 3], [4, 5, 6]]))
    expect([x.sum([]), x.mean([]), x.var([]), x.std([]), x.norm(2, []), torch.norm(x, 'fro', []), x.norm({ dim: [] })].map(String))
      .toEqual(['tensor(21.)', 'tensor(3.5000)', 'tensor(3.5000)', 'tensor(1.8708)', 'tensor(9.5394)', 'tensor(9.5394)', 'tensor(9.5394)']);
    // [x.sum([], True), x.mean([], keepdim=True), x.var([], keepdim=True), x.std([], True, True), torch.norm(x, 3, [], True), torch.amax(x, []), torch.amin(x, [], True)]
    expect([x.sum([], true), x.mean([], { keepdim: true }), x.var([], { keepdim: true }), x.std([], true, true), torch.norm(x, 3, [], true),
      torch.amax(x, []), torch.amin(x, [], true)].map(String))
      .toEqual(['tensor([[21.]])', 'tensor([[3.5000]])', 'tensor([[3.5000]])', 'tensor([[1.8708]])', 'tensor([[7.6117]])', 'tensor(6.)', 'tensor([[1.]])']);
    // torch.ones(0, 3).sum([])
    expect(String(torch.ones(0, 3).sum([]))).toBe('tensor(0.)');
  });
  it('logsumexp(x, []) fails as in PyTorch 1.13, except with keepdim, on a 0-d or on an empty input', () => {
    // torch.logsumexp(x, []); torch.logsumexp(torch.ones(3, 2, 1), [])
    expect(raised(() => torch.logsumexp(x23(), []))).toEqual(['RuntimeError', "output with shape [] doesn't match the broadcast shape [1, 1]"]);
    expect(raised(() => torch.logsumexp(torch.ones(3, 2, 1), []))).toEqual(['RuntimeError', "output with shape [] doesn't match the broadcast shape [1, 1, 1]"]);
    // [torch.logsumexp(x, [], True), torch.logsumexp(torch.tensor(1.), []), torch.logsumexp(torch.ones(0, 2), [])]
    expect([torch.logsumexp(x23(), [], true), torch.logsumexp(torch.tensor(1), []), torch.logsumexp(torch.ones(0, 2), [])].map(String))
      .toEqual(['tensor([[6.4562]])', 'tensor(1.)', 'tensor(-inf)']);
  });
});

describe('finding 4: the dtype argument of sum, mean, prod and cumsum', () => {
  const xi = () => torch.tensor([[1, 2, 3], [4, 5, 6]], I64), xf = () => torch.tensor([16777216, 1, 1]), xb = () => torch.tensor([true, false, true]);
  it('converts the input first, and never reads the options as keepdim', () => {
    // [torch.sum(xf, dtype=F64), torch.sum(xi, 0, dtype=torch.float32), torch.sum(xi, dim=1, keepdim=True, dtype=F64), xb.sum(dtype=torch.float32),
    //  torch.sum(torch.tensor([1.5, 2.5]), dtype=I64), torch.sum(torch.tensor([1.5, 2.5]), dtype=torch.bool)]
    //  (xi = torch.tensor([[1, 2, 3], [4, 5, 6]]); xf = torch.tensor([16777216., 1, 1]); xb = torch.tensor([True, False, True]))
    expect([torch.sum(xf(), { dtype: torch.float64 }), torch.sum(xi(), 0, { dtype: torch.float32 }), torch.sum(xi(), { dim: 1, keepdim: true, dtype: torch.float64 }),
      xb().sum({ dtype: torch.float32 }), torch.sum(torch.tensor([1.5, 2.5]), { dtype: torch.int64 }), torch.sum(torch.tensor([1.5, 2.5]), { dtype: torch.bool })].map(String))
      .toEqual(['tensor(16777218., dtype=torch.float64)', 'tensor([5., 7., 9.])', 'tensor([[ 6.],\n        [15.]], dtype=torch.float64)', 'tensor(2.)', 'tensor(3)', 'tensor(True)']);
    // [xi.mean(dtype=F64), xi.mean(1, dtype=F64), torch.mean(xi, 0, True, dtype=torch.float32)]
    expect([xi().mean({ dtype: torch.float64 }), xi().mean(1, { dtype: torch.float64 }), torch.mean(xi(), 0, true, { dtype: torch.float32 })].map(String))
      .toEqual(['tensor(3.5000, dtype=torch.float64)', 'tensor([2., 5.], dtype=torch.float64)', 'tensor([[2.5000, 3.5000, 4.5000]])']);
    // [xi.prod(dtype=F64), xi.prod(1, dtype=F64), torch.prod(xi, 1, True, dtype=torch.float32), torch.prod(torch.tensor([1.5, 2.5]), dtype=I64)]
    expect([xi().prod({ dtype: torch.float64 }), xi().prod(1, { dtype: torch.float64 }), torch.prod(xi(), 1, true, { dtype: torch.float32 }),
      torch.prod(torch.tensor([1.5, 2.5]), { dtype: torch.int64 })].map(String))
      .toEqual(['tensor(720., dtype=torch.float64)', 'tensor([  6., 120.], dtype=torch.float64)', 'tensor([[  6.],\n        [120.]])', 'tensor(2)']);
    // [torch.cumsum(xf, 0, dtype=F64), xi.cumsum(1, dtype=torch.float32), torch.cumsum(xb, 0, dtype=torch.float32), torch.cumsum(torch.tensor([1.5, 2.5]), dim=0, dtype=I64)]
    expect([torch.cumsum(xf(), 0, { dtype: torch.float64 }), xi().cumsum(1, { dtype: torch.float32 }), torch.cumsum(xb(), 0, { dtype: torch.float32 }),
      torch.cumsum(torch.tensor([1.5, 2.5]), { dim: 0, dtype: torch.int64 })].map(String))
      .toEqual(['tensor([16777216., 16777217., 16777218.], dtype=torch.float64)', 'tensor([[ 1.,  3.,  6.],\n        [ 4.,  9., 15.]])', 'tensor([1., 1., 2.])', 'tensor([1, 3])']);
  });
  it('gradients come back in the input\'s dtype', () => {
    // r = torch.tensor([1., 2], requires_grad=True); y = torch.sum(r, dtype=F64); y.backward(); [y, r.grad]
    const r = torch.tensor([1, 2], { requires_grad: true });
    const y = torch.sum(r, { dtype: torch.float64 });
    y.backward();
    expect([y, r.grad].map(String)).toEqual(['tensor(3., dtype=torch.float64, grad_fn=<SumBackward0>)', 'tensor([1., 1.])']);
    // r4 = torch.tensor([1., 2], dtype=F64, requires_grad=True); y = torch.sum(r4, dtype=torch.float32); y.backward(); [y, r4.grad]
    const r4 = f64([1, 2], true);
    const y4 = torch.sum(r4, { dtype: torch.float32 });
    y4.backward();
    expect([y4, r4.grad].map(String)).toEqual(['tensor(3., grad_fn=<SumBackward0>)', 'tensor([1., 1.], dtype=torch.float64)']);
    // r5 = torch.tensor([[1., 2], [3, 4]], requires_grad=True); y = torch.prod(r5, 1, dtype=F64); y.sum().backward(); [y, r5.grad]
    const r5 = torch.tensor([[1, 2], [3, 4]], { requires_grad: true });
    const y5 = torch.prod(r5, 1, { dtype: torch.float64 });
    y5.sum().backward();
    expect([y5, r5.grad].map(String)).toEqual(['tensor([ 2., 12.], dtype=torch.float64, grad_fn=<ProdBackward1>)', 'tensor([[2., 1.],\n        [4., 3.]])']);
    // r6 = torch.tensor([[1., 2], [3, 4]], requires_grad=True); y = r6.mean(0, dtype=F64); z = r6.cumsum(1, dtype=F64); (y.sum() + z.sum()).backward(); [y, z, r6.grad]
    const r6 = torch.tensor([[1, 2], [3, 4]], { requires_grad: true });
    const y6 = r6.mean(0, { dtype: torch.float64 }), z6 = r6.cumsum(1, { dtype: torch.float64 });
    y6.sum().add(z6.sum()).backward();
    expect([y6, z6, r6.grad].map(String)).toEqual(['tensor([2., 3.], dtype=torch.float64, grad_fn=<MeanBackward1>)',
      'tensor([[1., 3.],\n        [3., 7.]], dtype=torch.float64, grad_fn=<CumsumBackward0>)', 'tensor([[2.5000, 1.5000],\n        [2.5000, 1.5000]])']);
  });
  it('refuses a non-float dtype for mean, and arguments no overload takes', () => {
    // torch.mean(torch.tensor([1.5, 2.5]), dtype=I64); torch.mean(xb, dtype=torch.bool)
    expect(raised(() => torch.mean(torch.tensor([1.5, 2.5]), { dtype: torch.int64 }))).toEqual(['RuntimeError', 'mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: Long']);
    expect(raised(() => torch.mean(xb(), { dtype: torch.bool }))).toEqual(['RuntimeError', 'mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: Bool']);
    // torch.sum(xi, 0, dtype=torch.float64, keepdim=1)
    expect(raised(() => torch.sum(xi(), 0, { dtype: torch.float64, keepdim: 1 as never }))).toEqual(['TypeError', 'sum() received an invalid combination of arguments - got (Tensor, int, keepdim=int, dtype=torch.dtype), but expected one of:\n * (Tensor input, *, torch.dtype dtype)\n * (Tensor input, tuple of ints dim, bool keepdim, *, torch.dtype dtype, Tensor out)\n * (Tensor input, tuple of names dim, bool keepdim, *, torch.dtype dtype, Tensor out)\n']);
    // xi.prod(dtype=3)
    expect(raised(() => xi().prod({ dtype: 3 as never }))).toEqual(['TypeError', 'prod() received an invalid combination of arguments - got (dtype=int, ), but expected one of:\n * (*, torch.dtype dtype)\n * (int dim, bool keepdim, *, torch.dtype dtype)\n * (name dim, bool keepdim, *, torch.dtype dtype)\n']);
    // xi.prod(0, dtype=3)
    expect(raised(() => xi().prod(0, { dtype: 3 as never }))).toEqual(['TypeError', "prod() received an invalid combination of arguments - got (int, dtype=int), but expected one of:\n * (*, torch.dtype dtype)\n      didn't match because some of the arguments have invalid types: (!int!, !dtype=int!)\n * (int dim, bool keepdim, *, torch.dtype dtype)\n * (name dim, bool keepdim, *, torch.dtype dtype)\n"]);
    // xi.cumsum(1.5); torch.cumsum(xi)
    expect(raised(() => xi().cumsum(1.5))).toEqual(['TypeError', 'cumsum() received an invalid combination of arguments - got (float), but expected one of:\n * (int dim, *, torch.dtype dtype)\n * (name dim, *, torch.dtype dtype)\n']);
    expect(raised(() => (torch.cumsum as (x: torch.Tensor) => torch.Tensor)(xi()))).toEqual(['TypeError', 'cumsum() received an invalid combination of arguments - got (Tensor), but expected one of:\n * (Tensor input, int dim, *, torch.dtype dtype, Tensor out)\n * (Tensor input, name dim, *, torch.dtype dtype, Tensor out)\n']);
  });
});

describe('findings 11 and 12: bool and integer inputs PyTorch refuses (or computes in int64)', () => {
  const b = () => torch.tensor([true, false]);
  it('neg, abs, pow(bool, bool) and their in-place forms raise; square gives int64', () => {
    const negation = 'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.';
    // torch.neg(b); torch.negative(b); b.clone().neg_()   (b = torch.tensor([True, False]))
    expect(raised(() => torch.neg(b()))).toEqual(['RuntimeError', negation]);
    expect(raised(() => torch.negative(b()))).toEqual(['RuntimeError', negation]);
    expect(raised(() => b().neg_())).toEqual(['RuntimeError', negation]);
    // torch.abs(b); torch.absolute(b); b.clone().abs_()
    for (const f of [() => torch.abs(b()), () => torch.absolute(b()), () => b().abs_()]) expect(raised(f)).toEqual(['RuntimeError', '"abs_cpu" not implemented for \'Bool\'']);
    // torch.pow(b, b)
    expect(raised(() => torch.pow(b(), b()))).toEqual(['RuntimeError', '"pow" not implemented for \'Bool\'']);
    // b.clone().square_(); b.clone().pow_(2)
    expect(raised(() => b().square_())).toEqual(['RuntimeError', 'Found dtype Bool but expected Long']);
    expect(raised(() => b().pow_(2))).toEqual(['RuntimeError', 'Found dtype Bool but expected Long']);
    // [torch.square(b), torch.pow(b, 2), torch.pow(2, b), torch.pow(b, 0.5), torch.negative(torch.tensor([1, -2])), b.square()]
    expect([torch.square(b()), torch.pow(b(), 2), torch.pow(2, b()), torch.pow(b(), 0.5), torch.negative(torch.tensor([1, -2], I64)), b().square()].map(String))
      .toEqual(['tensor([1, 0])', 'tensor([1, 0])', 'tensor([2, 1])', 'tensor([1., 0.])', 'tensor([-1,  2])', 'tensor([1, 0])']);
  });
  it('pow_ with a number keeps an integer tensor\'s dtype or raises in its own words', () => {
    // torch.tensor([4]).pow_(0.5); torch.tensor([4]).pow_(torch.tensor(0.5)); torch.tensor([4]).pow_(2)
    expect(raised(() => torch.tensor([4], I64).pow_(0.5))).toEqual(['RuntimeError', 'Found dtype Long but expected Float']);
    expect(raised(() => torch.tensor([4], I64).pow_(torch.tensor(0.5)))).toEqual(['RuntimeError', "result type Float can't be cast to the desired output type Long"]);
    expect(String(torch.tensor([4], I64).pow_(2))).toBe('tensor([16])');
  });
  it('norm of integers or bools, argmax and argmin of bools', () => {
    // torch.norm(torch.tensor([3, 4])); torch.norm(b); torch.tensor([3, 4]).norm(1, 0)
    expect(raised(() => torch.norm(torch.tensor([3, 4], I64)))).toEqual(['RuntimeError', 'norm(): input dtype should be either floating point or complex. Got Long instead.']);
    expect(raised(() => torch.norm(b()))).toEqual(['RuntimeError', 'norm(): input dtype should be either floating point or complex. Got Bool instead.']);
    expect(raised(() => torch.tensor([3, 4], I64).norm(1, 0))).toEqual(['RuntimeError', 'norm(): input dtype should be either floating point or complex. Got Long instead.']);
    // torch.argmax(b); torch.argmin(b, 0); b.argmax()
    expect(raised(() => torch.argmax(b()))).toEqual(['RuntimeError', '"argmax_cpu" not implemented for \'Bool\'']);
    expect(raised(() => torch.argmin(b(), 0))).toEqual(['RuntimeError', '"argmin_cpu" not implemented for \'Bool\'']);
    expect(raised(() => b().argmax())).toEqual(['RuntimeError', '"argmax_cpu" not implemented for \'Bool\'']);
  });
});

describe('finding 13: clamp_min, clamp_max, amax, amin, var_mean, std_mean', () => {
  it('clamp_min and clamp_max with numbers or tensors, their gradients and grad_fn names', () => {
    // [torch.clamp_min(x, 2.5), torch.clamp_max(x, 2), x.clamp_min(torch.tensor([2., 5, 3])), x.clamp_max(torch.tensor(2.))]
    expect([torch.clamp_min(x23(), 2.5), torch.clamp_max(x23(), 2), x23().clamp_min(torch.tensor([2, 5, 3])), x23().clamp_max(torch.tensor(2))].map(String))
      .toEqual(['tensor([[2.5000, 2.5000, 3.0000],\n        [4.0000, 5.0000, 6.0000]])', 'tensor([[1., 2., 2.],\n        [2., 2., 2.]])',
        'tensor([[2., 5., 3.],\n        [4., 5., 6.]])', 'tensor([[1., 2., 2.],\n        [2., 2., 2.]])']);
    // [torch.clamp_min(torch.tensor([1, 5]), 2), torch.clamp_min(torch.tensor([1, 5]), 2.5), torch.clamp_max(torch.tensor([True, False]), 0)]
    expect([torch.clamp_min(torch.tensor([1, 5], I64), 2), torch.clamp_min(torch.tensor([1, 5], I64), 2.5), torch.clamp_max(torch.tensor([true, false]), 0)].map(String))
      .toEqual(['tensor([2, 5])', 'tensor([2.5000, 5.0000])', 'tensor([0, 0])']);
    // x.clamp_min_(2.5)
    expect(String(x23().clamp_min_(2.5))).toBe('tensor([[2.5000, 2.5000, 3.0000],\n        [4.0000, 5.0000, 6.0000]])');
    // r = torch.tensor([1., 5], requires_grad=True); [torch.clamp_min(r, 2).grad_fn.name(), torch.clamp_min(r, torch.zeros(2)).grad_fn.name(),
    //  torch.clamp_max(r, 2).grad_fn.name(), torch.clamp_max(r, torch.zeros(2)).grad_fn.name(), torch.clamp(r, 2).grad_fn.name(), torch.clamp(r, max=torch.zeros(2)).grad_fn.name()]
    const r = torch.tensor([1, 5], { requires_grad: true });
    expect([torch.clamp_min(r, 2), torch.clamp_min(r, torch.zeros(2)), torch.clamp_max(r, 2), torch.clamp_max(r, torch.zeros(2)), torch.clamp(r, 2),
      torch.clamp(r, { max: torch.zeros(2) })].map((t) => t.grad_fn!.name()))
      .toEqual(['ClampMinBackward0', 'ClampMinBackward1', 'ClampMaxBackward0', 'ClampMaxBackward1', 'ClampBackward1', 'ClampBackward0']);
    // q = torch.tensor([1., 5, 3], dtype=F64, requires_grad=True); m = torch.tensor([2., 2, 4], dtype=F64, requires_grad=True)
    // torch.autograd.grad(torch.clamp_min(q, m).sum(), [q, m]); torch.autograd.grad(torch.clamp_max(q, m).sum(), [q, m])
    const q = f64([1, 5, 3], true), m = f64([2, 2, 4], true);
    expect(torch.autograd.grad(torch.clamp_min(q, m).sum(), [q, m]).map(String)).toEqual(['tensor([0., 1., 0.], dtype=torch.float64)', 'tensor([1., 0., 1.], dtype=torch.float64)']);
    expect(torch.autograd.grad(torch.clamp_max(q, m).sum(), [q, m]).map(String)).toEqual(['tensor([1., 0., 1.], dtype=torch.float64)', 'tensor([0., 1., 0.], dtype=torch.float64)']);
    // torch.clamp_min(x); x.clamp_min(None); torch.clamp_max(x, 'a')
    expect(raised(() => (torch.clamp_min as (x: torch.Tensor) => torch.Tensor)(x23()))).toEqual(['TypeError', 'clamp_min() received an invalid combination of arguments - got (Tensor), but expected one of:\n * (Tensor input, Tensor min, *, Tensor out)\n * (Tensor input, Number min, *, Tensor out)\n']);
    expect(raised(() => x23().clamp_min(null as never))).toEqual(['TypeError', "clamp_min() received an invalid combination of arguments - got (NoneType), but expected one of:\n * (Tensor min)\n      didn't match because some of the arguments have invalid types: (!NoneType!)\n * (Number min)\n      didn't match because some of the arguments have invalid types: (!NoneType!)\n"]);
    expect(raised(() => torch.clamp_max(x23(), 'a' as never))).toEqual(['TypeError', 'clamp_max() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n * (Tensor input, Tensor max, *, Tensor out)\n * (Tensor input, Number max, *, Tensor out)\n']);
  });

  it('amax and amin split the gradient evenly among ties; a NaN max gives NaN to its whole slot', () => {
    // y = torch.tensor([[1., 3, 3], [nan, 2, 1], [5, 5, 5]], dtype=F64, requires_grad=True)
    const y = torch.tensor([[1, 3, 3], [nan, 2, 1], [5, 5, 5]], { dtype: torch.float64, requires_grad: true });
    // [torch.amax(y, 1), torch.amin(y, 0, True), y.amax(), y.amin([0, 1])]
    expect([torch.amax(y, 1), torch.amin(y, 0, true), y.amax(), y.amin([0, 1])].map(String)).toEqual([
      'tensor([3., nan, 5.], dtype=torch.float64, grad_fn=<AmaxBackward0>)', 'tensor([[nan, 2., 1.]], dtype=torch.float64, grad_fn=<AminBackward0>)',
      'tensor(nan, dtype=torch.float64, grad_fn=<AmaxBackward0>)', 'tensor(nan, dtype=torch.float64, grad_fn=<AminBackward0>)']);
    // torch.autograd.grad(torch.amax(y, 1).sum(), [y])
    expect(String(torch.autograd.grad(torch.amax(y, 1).sum(), [y])[0])).toBe(
      'tensor([[0.0000, 0.5000, 0.5000],\n        [   nan,    nan,    nan],\n        [0.3333, 0.3333, 0.3333]], dtype=torch.float64)');
    // torch.autograd.grad(torch.amin(y, 0, True).sum(), [y])
    expect(String(torch.autograd.grad(torch.amin(y, 0, true).sum(), [y])[0])).toBe(
      'tensor([[nan, 0., 0.],\n        [nan, 1., 1.],\n        [nan, 0., 0.]], dtype=torch.float64)');
    // torch.autograd.grad(y.amax().sum(), [y])
    expect(String(torch.autograd.grad(y.amax().sum(), [y])[0])).toBe(
      'tensor([[nan, nan, nan],\n        [nan, nan, nan],\n        [nan, nan, nan]], dtype=torch.float64)');
    // [torch.amax(torch.tensor([True, False])), torch.amin(torch.tensor([[1, 5], [3, 2]]), 1)]
    expect([torch.amax(torch.tensor([true, false])), torch.amin(torch.tensor([[1, 5], [3, 2]], I64), 1)].map(String)).toEqual(['tensor(True)', 'tensor([1, 2])']);
    // torch.amax(torch.zeros(0)); torch.amax(torch.zeros(2, 0), 1); torch.amax(x, 1.5); x.amin(1.5)
    expect(raised(() => torch.amax(torch.zeros(0)))).toEqual(['RuntimeError', "amax(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument."]);
    expect(raised(() => torch.amax(torch.zeros(2, 0), 1))).toEqual(['IndexError', 'amax(): Expected reduction dim 1 to have non-zero size.']);
    expect(raised(() => torch.amax(x23(), 1.5))).toEqual(['TypeError', "amax(): argument 'dim' (position 2) must be tuple of ints, not float"]);
    expect(raised(() => x23().amin(1.5))).toEqual(['TypeError', "amin(): argument 'dim' (position 1) must be tuple of ints, not float"]);
  });

  it('var_mean and std_mean: var\'s arguments, both results named VarMeanBackward0 (StdMeanBackward0), the summed gradient', () => {
    // z = torch.tensor([[1., 3, 3], [4, 2, 1]], dtype=F64, requires_grad=True)
    const z = torch.tensor([[1, 3, 3], [4, 2, 1]], { dtype: torch.float64, requires_grad: true });
    // [*torch.var_mean(z, 1), *torch.std_mean(z, 1, unbiased=False), *torch.var_mean(z, [], keepdim=True), *torch.std_mean(z, 0, True, True),
    //  *torch.var_mean(z, False), *torch.std_mean(z, dim=1, correction=0)]
    expect([...torch.var_mean(z, 1), ...torch.std_mean(z, 1, { unbiased: false }), ...torch.var_mean(z, [], { keepdim: true }), ...torch.std_mean(z, 0, true, true),
      ...torch.var_mean(z, false), ...torch.std_mean(z, { dim: 1, correction: 0 })].map(String)).toEqual([
      'tensor([1.3333, 2.3333], dtype=torch.float64, grad_fn=<VarMeanBackward0>)', 'tensor([2.3333, 2.3333], dtype=torch.float64, grad_fn=<VarMeanBackward0>)',
      'tensor([0.9428, 1.2472], dtype=torch.float64, grad_fn=<StdMeanBackward0>)', 'tensor([2.3333, 2.3333], dtype=torch.float64, grad_fn=<StdMeanBackward0>)',
      'tensor([[1.4667]], dtype=torch.float64, grad_fn=<VarMeanBackward0>)', 'tensor([[2.3333]], dtype=torch.float64, grad_fn=<VarMeanBackward0>)',
      'tensor([[2.1213, 0.7071, 1.4142]], dtype=torch.float64,\n       grad_fn=<StdMeanBackward0>)', 'tensor([[2.5000, 2.5000, 2.0000]], dtype=torch.float64,\n       grad_fn=<StdMeanBackward0>)',
      'tensor(1.2222, dtype=torch.float64, grad_fn=<VarMeanBackward0>)', 'tensor(2.3333, dtype=torch.float64, grad_fn=<VarMeanBackward0>)',
      'tensor([0.9428, 1.2472], dtype=torch.float64, grad_fn=<StdMeanBackward0>)', 'tensor([2.3333, 2.3333], dtype=torch.float64, grad_fn=<StdMeanBackward0>)']);
    // torch.autograd.grad([*torch.var_mean(z, 1)], [z], [torch.tensor([1., 2], dtype=F64), torch.tensor([3., 4], dtype=F64)])
    expect(String(torch.autograd.grad([...torch.var_mean(z, 1)], [z], [f64([1, 2]), f64([3, 4])])[0])).toBe(
      'tensor([[-0.3333,  1.6667,  1.6667],\n        [ 4.6667,  0.6667, -1.3333]], dtype=torch.float64)');
    // torch.autograd.grad([*torch.std_mean(z, 1)], [z], [torch.tensor([1., 2], dtype=F64), torch.tensor([3., 4], dtype=F64)])
    expect(String(torch.autograd.grad([...torch.std_mean(z, 1)], [z], [f64([1, 2]), f64([3, 4])])[0])).toBe(
      'tensor([[0.4226, 1.2887, 1.2887],\n        [2.4244, 1.1151, 0.4605]], dtype=torch.float64)');
    // c = torch.tensor([[1., 1, 1]], dtype=F64, requires_grad=True); torch.autograd.grad(torch.std_mean(c, 1)[0].sum(), [c])
    const c = torch.tensor([[1, 1, 1]], { dtype: torch.float64, requires_grad: true });
    expect(String(torch.autograd.grad(torch.std_mean(c, 1)[0].sum(), [c])[0])).toBe('tensor([[0., 0., 0.]], dtype=torch.float64)');
    // torch.var_mean(torch.tensor([1, 2])); torch.std_mean(torch.tensor([True]))
    expect(raised(() => torch.var_mean(torch.tensor([1, 2], I64)))).toEqual(['RuntimeError', 'var_mean only support floating point and complex dtypes']);
    expect(raised(() => torch.std_mean(torch.tensor([true])))).toEqual(['RuntimeError', 'std_mean only support floating point and complex dtypes']);
    // torch.var_mean(x, correction=0); torch.var_mean(x, 1.5)
    expect(raised(() => torch.var_mean(x23(), { correction: 0 }))).toEqual(['TypeError', "var_mean() received an invalid combination of arguments - got (Tensor, correction=int), but expected one of:\n * (Tensor input, tuple of ints dim, *, int correction, bool keepdim)\n * (Tensor input, tuple of ints dim, bool unbiased, bool keepdim)\n * (Tensor input, bool unbiased)\n      didn't match because some of the keywords were incorrect: correction\n * (Tensor input, tuple of names dim, *, int correction, bool keepdim)\n * (Tensor input, tuple of names dim, bool unbiased, bool keepdim)\n"]);
    expect(raised(() => torch.var_mean(x23(), 1.5))).toEqual(['TypeError', "var_mean() received an invalid combination of arguments - got (Tensor, float), but expected one of:\n * (Tensor input, tuple of ints dim, *, int correction, bool keepdim)\n * (Tensor input, tuple of ints dim, bool unbiased, bool keepdim)\n * (Tensor input, bool unbiased)\n      didn't match because some of the arguments have invalid types: (Tensor, !float!)\n * (Tensor input, tuple of names dim, *, int correction, bool keepdim)\n * (Tensor input, tuple of names dim, bool unbiased, bool keepdim)\n"]);
    // torch.var_mean(x, 1, True, True, 3)
    expect(raised(() => (torch.var_mean as (...a: unknown[]) => unknown)(x23(), 1, true, true, 3))).toEqual(['TypeError', "var_mean() received an invalid combination of arguments - got (Tensor, int, bool, bool, int), but expected one of:\n * (Tensor input, tuple of ints dim, *, int correction, bool keepdim)\n      didn't match because some of the arguments have invalid types: (Tensor, !int!, !bool!, !bool!, !int!)\n * (Tensor input, tuple of ints dim, bool unbiased, bool keepdim)\n * (Tensor input, bool unbiased)\n * (Tensor input, tuple of names dim, *, int correction, bool keepdim)\n      didn't match because some of the arguments have invalid types: (Tensor, !int!, !bool!, !bool!, !int!)\n * (Tensor input, tuple of names dim, bool unbiased, bool keepdim)\n"]);
  });
});

describe('finding 14: arguments PyTorch refuses, in its words', () => {
  const x = x23;
  it('reductions given a list, no dim, keepdim alone, a float dim or None where only a name fits', () => {
    // x.max([0, 1])   (x = torch.tensor([[1., 2, 3], [4, 5, 6]]))
    expect(raised(() => x().max([0, 1] as never))).toEqual(['TypeError', "max() received an invalid combination of arguments - got (list), but expected one of:\n * ()\n      didn't match because some of the arguments have invalid types: (!list!)\n * (Tensor other)\n      didn't match because some of the arguments have invalid types: (!list!)\n * (int dim, bool keepdim)\n * (name dim, bool keepdim)\n"]);
    // x.prod([0, 1])
    expect(raised(() => x().prod([0, 1] as never))).toEqual(['TypeError', 'prod() received an invalid combination of arguments - got (list), but expected one of:\n * (*, torch.dtype dtype)\n * (int dim, bool keepdim, *, torch.dtype dtype)\n * (name dim, bool keepdim, *, torch.dtype dtype)\n']);
    // torch.logsumexp(x)
    expect(raised(() => (torch.logsumexp as (x: torch.Tensor) => torch.Tensor)(x()))).toEqual(['TypeError', 'logsumexp() received an invalid combination of arguments - got (Tensor), but expected one of:\n * (Tensor input, tuple of ints dim, bool keepdim, *, Tensor out)\n * (Tensor input, tuple of names dim, bool keepdim, *, Tensor out)\n']);
    // x.sum(keepdim=True); x.mean(keepdim=True); x.prod(keepdim=True)
    expect(raised(() => x().sum({ keepdim: true }))).toEqual(['TypeError', 'sum() received an invalid combination of arguments - got (keepdim=bool, ), but expected one of:\n * (*, torch.dtype dtype)\n * (tuple of ints dim, bool keepdim, *, torch.dtype dtype)\n * (tuple of names dim, bool keepdim, *, torch.dtype dtype)\n']);
    expect(raised(() => x().mean({ keepdim: true }))).toEqual(['TypeError', 'mean() received an invalid combination of arguments - got (keepdim=bool, ), but expected one of:\n * (*, torch.dtype dtype)\n * (tuple of ints dim, bool keepdim, *, torch.dtype dtype)\n * (tuple of names dim, bool keepdim, *, torch.dtype dtype)\n']);
    expect(raised(() => x().prod({ keepdim: true }))).toEqual(['TypeError', 'prod() received an invalid combination of arguments - got (keepdim=bool, ), but expected one of:\n * (*, torch.dtype dtype)\n * (int dim, bool keepdim, *, torch.dtype dtype)\n * (name dim, bool keepdim, *, torch.dtype dtype)\n']);
    // x.var(keepdim=True); x.std(keepdim=True); x.var(correction=0)
    const varText = (fn: string, kw: string) => `${fn}() received an invalid combination of arguments - got (${kw}=${kw === 'keepdim' ? 'bool' : 'int'}, ), but expected one of:\n * (tuple of ints dim, *, int correction, bool keepdim)\n * (tuple of ints dim, bool unbiased, bool keepdim)\n * (bool unbiased)\n      didn't match because some of the keywords were incorrect: ${kw}\n * (tuple of names dim, *, int correction, bool keepdim)\n * (tuple of names dim, bool unbiased, bool keepdim)\n`;
    expect(raised(() => x().var({ keepdim: true }))).toEqual(['TypeError', varText('var', 'keepdim')]);
    expect(raised(() => x().std({ keepdim: true }))).toEqual(['TypeError', varText('std', 'keepdim')]);
    expect(raised(() => x().var({ correction: 0 }))).toEqual(['TypeError', varText('var', 'correction')]);
    // x.max(keepdim=True)
    expect(raised(() => x().max({ keepdim: true } as never))).toEqual(['TypeError', "max() received an invalid combination of arguments - got (keepdim=bool, ), but expected one of:\n * ()\n      didn't match because some of the keywords were incorrect: keepdim\n * (Tensor other)\n      didn't match because some of the keywords were incorrect: keepdim\n * (int dim, bool keepdim)\n * (name dim, bool keepdim)\n"]);
    // x.sum(1.5); torch.mean(x, 1.5); x.max(0.5); x.logsumexp(0.5)
    expect(raised(() => x().sum(1.5))).toEqual(['TypeError', 'sum() received an invalid combination of arguments - got (float), but expected one of:\n * (*, torch.dtype dtype)\n * (tuple of ints dim, bool keepdim, *, torch.dtype dtype)\n * (tuple of names dim, bool keepdim, *, torch.dtype dtype)\n']);
    expect(raised(() => torch.mean(x(), 1.5))).toEqual(['TypeError', 'mean() received an invalid combination of arguments - got (Tensor, float), but expected one of:\n * (Tensor input, *, torch.dtype dtype)\n * (Tensor input, tuple of ints dim, bool keepdim, *, torch.dtype dtype, Tensor out)\n * (Tensor input, tuple of names dim, bool keepdim, *, torch.dtype dtype, Tensor out)\n']);
    expect(raised(() => x().max(0.5))).toEqual(['TypeError', "max() received an invalid combination of arguments - got (float), but expected one of:\n * ()\n      didn't match because some of the arguments have invalid types: (!float!)\n * (Tensor other)\n      didn't match because some of the arguments have invalid types: (!float!)\n * (int dim, bool keepdim)\n * (name dim, bool keepdim)\n"]);
    expect(raised(() => x().logsumexp(0.5))).toEqual(['TypeError', 'logsumexp() received an invalid combination of arguments - got (float), but expected one of:\n * (tuple of ints dim, bool keepdim)\n * (tuple of names dim, bool keepdim)\n']);
    // x.argmax(0.5); torch.argmin(x, 0.5)
    expect(raised(() => x().argmax(0.5))).toEqual(['TypeError', "argmax(): argument 'dim' (position 1) must be int, not float"]);
    expect(raised(() => torch.argmin(x(), 0.5))).toEqual(['TypeError', "argmin(): argument 'dim' (position 2) must be int, not float"]);
    // x.prod(None); x.max(dim=None); torch.logsumexp(x, None)
    for (const f of [() => x().prod(null as never), () => x().max({ dim: null }), () => torch.logsumexp(x(), null as never)]) {
      expect(raised(f)).toEqual(['RuntimeError', 'Please look up dimensions by name, got: name = None.']);
    }
    // x.min(0, keepdim=None)
    expect(raised(() => x().min(0, { keepdim: null as never }))).toEqual(['TypeError', "min() received an invalid combination of arguments - got (int, keepdim=NoneType), but expected one of:\n * ()\n * (Tensor other)\n * (int dim, bool keepdim)\n      didn't match because some of the arguments have invalid types: (int, !keepdim=NoneType!)\n * (name dim, bool keepdim)\n      didn't match because some of the arguments have invalid types: (!int!, !keepdim=NoneType!)\n"]);
    // torch.sum(x, dim=0, dims=1)
    expect(raised(() => torch.sum(x(), { dim: 0, dims: 1 } as never))).toEqual(['TypeError', "sum() received an invalid combination of arguments - got (Tensor, dims=int, dim=int), but expected one of:\n * (Tensor input, *, torch.dtype dtype)\n      didn't match because some of the keywords were incorrect: dims, dim\n * (Tensor input, tuple of ints dim, bool keepdim, *, torch.dtype dtype, Tensor out)\n * (Tensor input, tuple of names dim, bool keepdim, *, torch.dtype dtype, Tensor out)\n"]);
  });

  it('var with both unbiased and correction, maximum with a number, norm("fro") over 3 dims', () => {
    // x.var(dim=1, correction=0, unbiased=True)
    expect(raised(() => x().var({ dim: 1, correction: 0, unbiased: true }))).toEqual(['TypeError', "var() received an invalid combination of arguments - got (unbiased=bool, correction=int, dim=int, ), but expected one of:\n * (tuple of ints dim, *, int correction, bool keepdim)\n * (tuple of ints dim, bool unbiased, bool keepdim)\n      didn't match because some of the keywords were incorrect: correction\n * (bool unbiased)\n * (tuple of names dim, *, int correction, bool keepdim)\n * (tuple of names dim, bool unbiased, bool keepdim)\n      didn't match because some of the keywords were incorrect: correction\n"]);
    // torch.std(x, dim=1, correction=0, unbiased=True)
    expect(raised(() => torch.std(x(), { dim: 1, correction: 0, unbiased: true }))).toEqual(['TypeError', 'std() received an invalid combination of arguments - got (Tensor, unbiased=bool, correction=int, dim=int), but expected one of:\n * (Tensor input, tuple of ints dim, *, int correction, bool keepdim, Tensor out)\n * (Tensor input, tuple of ints dim, bool unbiased, bool keepdim, *, Tensor out)\n * (Tensor input, bool unbiased)\n * (Tensor input, tuple of names dim, *, int correction, bool keepdim, Tensor out)\n * (Tensor input, tuple of names dim, bool unbiased, bool keepdim, *, Tensor out)\n']);
    // torch.maximum(x, 1); x.minimum(1); torch.maximum(1, x)
    expect(raised(() => torch.maximum(x(), 1))).toEqual(['TypeError', "maximum(): argument 'other' (position 2) must be Tensor, not int"]);
    expect(raised(() => x().minimum(1 as never))).toEqual(['TypeError', "minimum(): argument 'other' (position 1) must be Tensor, not int"]);
    expect(raised(() => torch.maximum(1, x()))).toEqual(['TypeError', "maximum(): argument 'input' (position 1) must be Tensor, not int"]);
    // torch.ones(2, 2, 2).norm('fro', [0, 1, 2]); torch.ones(2, 2, 2).norm(p='fro', dim=[0, 1, 2])
    expect(raised(() => torch.ones(2, 2, 2).norm('fro', [0, 1, 2]))).toEqual(['RuntimeError', 'Expected at most 2 dimensions, but got 3 dimensions instead.']);
    expect(raised(() => torch.ones(2, 2, 2).norm({ p: 'fro', dim: [0, 1, 2] }))).toEqual(['RuntimeError', 'Expected at most 2 dimensions, but got 3 dimensions instead.']);
    // [torch.ones(2, 2, 2).norm(2, [0, 1, 2]), torch.ones(2, 2, 2).norm('fro', [0, 1]), torch.ones(2, 2, 2).norm('fro', [])]
    expect([torch.ones(2, 2, 2).norm(2, [0, 1, 2]), torch.ones(2, 2, 2).norm('fro', [0, 1]), torch.ones(2, 2, 2).norm('fro', [])].map(String))
      .toEqual(['tensor(2.8284)', 'tensor([2., 2.])', 'tensor(2.8284)']);
  });

  it('the forms PyTorch takes still work', () => {
    // [x.var(None), x.var(True), x.var(unbiased=False), x.sum(None, True), x.argmax(None), x.var(1, True, True), torch.std(x, 1, correction=0, keepdim=True), x.min(0, keepdim=True)]
    expect([x().var(null), x().var(true), x().var({ unbiased: false }), x().sum(null, true), x().argmax(null), x().var(1, true, true),
      torch.std(x(), 1, { correction: 0, keepdim: true }), x().min(0, { keepdim: true })].map(String)).toEqual(['tensor(3.5000)', 'tensor(3.5000)', 'tensor(2.9167)',
      'tensor([[21.]])', 'tensor(5)', 'tensor([[1.],\n        [1.]])', 'tensor([[0.8165],\n        [0.8165]])',
      'torch.return_types.min(\nvalues=tensor([[1., 2., 3.]]),\nindices=tensor([[0, 0, 0]]))']);
  });
});
