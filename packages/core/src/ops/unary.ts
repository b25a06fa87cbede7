import * as K from '../kernels/unary.js';
import * as KB from '../kernels/binary.js';
import { Tensor } from '../tensor.js';
import { isFloat, type TypedArray } from '../dtype.js';
import { fail } from '../errors.js';
import { record, wouldRecord } from '../autograd/record.js';
import { unrecorded } from '../autograd/mode.js';
import type { GradSpec, Vjp } from '../autograd/node.js';
import { cast } from './shape.js';
import { detach } from './copy.js';
import { asTensor, binary1, binaryOp, mul1, unary1, unaryOp, type BinaryFn, type TensorLike, type UnaryFn } from './define.js';
import { add, mul, mulScalar, sub, div, type Convention } from './arith.js';
import { eq, gt, le, where } from './compare.js';

// d(-x) = -g
export const neg: UnaryFn = unaryOp({ name: 'neg', grad: 'NegBackward0', kernel: K.neg, out: 'same', saves: [], vjp: ({ g }) => [neg(g)], scalar: (s) => { s.gx = -s.g; } });

// d|x| = g * sign(x)   (0 at 0 in both frameworks)
export const abs = unaryOp({ name: 'abs', grad: 'AbsBackward0', kernel: K.abs, out: 'same', vjp: ({ g, x }) => [mul(g, sign(x))], check: { avoid: [0] } });

// d sign(x) = 0: zeros, never looking at g, in both frameworks (PyTorch's derivatives.yaml sign: zeros_like(grad);
// TensorFlow's _SignGrad in math_grad.py: array_ops.zeros(shape(x))), so an infinite or NaN g gives 0, not g * 0 = NaN.
// Unconnected, as both: a second derivative through it is none (PyTorch 1.13: the gradient does not require grad).
export const sign = unaryOp({ name: 'sign', grad: 'SignBackward0', kernel: K.sign, out: 'same', saves: [], vjp: ({ g }) => [new Tensor(g.shape, g.dtype)], check: { avoid: [0], order: 1 } });

// d exp(x) = g * exp(x)
export const exp = unaryOp({ name: 'exp', grad: 'ExpBackward0', kernel: K.exp, saves: ['out'], vjp: ({ g, out }) => [mul(g, out)], scalar: (s) => { s.gx = mul1(s.g, s.out, s.dtype); }, check: { domain: [-2, 2] } });

// d log(x) = g / x
export const log = unaryOp({ name: 'log', grad: 'LogBackward0', kernel: K.log, vjp: ({ g, x }) => [div(g, x)], scalar: (s) => { s.gx = binary1(KB.div, s.g, s.x, s.dtype); }, check: { domain: [0.2, 3] } });

// d log1p(x) = g / (1 + x)
export const log1p = unaryOp({ name: 'log1p', grad: 'Log1PBackward0', kernel: K.log1p, vjp: ({ g, x }) => [div(g, add(x, 1))], check: { domain: [-0.8, 3] } });

/** The attribute of the unary ops whose gradient rule follows one framework or the other (`convention: 'tf'`). */
interface TfAttrs { tf: boolean }
const TORCH_RULE: TfAttrs = { tf: false }, TF_RULE: TfAttrs = { tf: true };
const ruleOf = (convention: Convention): TfAttrs => (convention === 'tf' ? TF_RULE : TORCH_RULE);

// d expm1(x) = g * (expm1(x) + 1) (PyTorch's derivatives.yaml: grad * (result + 1)), or g * exp(x) (TensorFlow's
// _Expm1Grad in math_grad.py: grad * exp(x)). The two slopes differ in the last bit for about a fifth of inputs, and
// below x = -17 (float32) or -37 (float64) expm1(x) + 1 cancels to 0 where exp(x) does not.
const expm1Op = unaryOp<TfAttrs>({
  name: 'expm1', grad: 'Expm1Backward0', kernel: K.expm1, saves: ['out'], defaults: TORCH_RULE,
  vjp: ({ g, x, out, attrs }) => [mul(g, attrs.tf ? expm1SlopeTf(x, out) : add(out, 1))], check: { domain: [-2, 2] },
});

/**
 * TensorFlow's slope exp(x), taken from PyTorch's expm1(x) + 1 wherever the two are the same number in the dtype: that
 * is TF's value there, and its derivative then flows through the saved result as PyTorch's does, so that second
 * derivatives add their cotangents in the same order and the facades stay bit-identical off the listed divergence
 * 'expm1-gradient-rule' (whose test is exactly that comparison). Where the two differ, exp(x) itself.
 * NOTE: exp(x) reads x, which is not among the saved (version-checked) tensors: those stay PyTorch's (the result
 * only), so that an in-place change of x after expm1 is no error in the torch facade, as in PyTorch; the tf facade
 * never changes a tensor in place (a Variable's assign makes a new tensor).
 */
function expm1SlopeTf(x: Tensor, out: Tensor): Tensor {
  const p1 = add(out, 1);
  const e = new Tensor(out.shape, out.dtype);
  K.exp(x.data, e.data, out.size);
  const pd = p1.data, ed = e.data;
  let same: Tensor | null = null;
  for (let i = 0; i < pd.length; i++) {
    if (Object.is(pd[i], ed[i])) continue;
    if (same === null) (same = new Tensor(out.shape, 'bool')).data.fill(1);
    same.data[i] = 0;
  }
  return same === null ? p1 : where(same, p1, exp(x));
}
/** expm1(x); `convention: 'tf'` takes TensorFlow's gradient rule, g * exp(x). */
export const expm1 = (x: TensorLike, convention: Convention = 'torch'): Tensor => expm1Op(x, ruleOf(convention));

/**
 * TensorFlow's SqrtGrad, RsqrtGrad and ReciprocalGrad kernels (cwise_ops_gradients.h: scalar_sqrt_gradient_op,
 * scalar_rsqrt_gradient_op, scalar_inverse_gradient_op) return 0 wherever the incoming gradient is 0, before looking
 * at the output: so `tf.where(x > 0, tf.sqrt(x), 0)` has gradient 0 at x = 0, where PyTorch's formulas give
 * 0 / 0 or 0 * inf = NaN. `d` is PyTorch's value (g's shape); the zeros replace it where g is 0 and d is NaN.
 * NOTE: only where d is NaN. Where d is a zero of g's or the opposite sign (g = -0, or rsqrt's -0.5 * g), TF's
 * kernels give +0; that sign is kept PyTorch's, so that the facades stay bit-identical wherever the step's input is
 * not at the edge (x <= 0 or NaN): the listed divergence 'sqrt-rsqrt-reciprocal-zero-gradient' is then decided by
 * the input alone. The mask is data and only built where it masks, so elsewhere the rule records exactly PyTorch's
 * ops, and second derivatives are PyTorch's too.
 */
function zeroWhereNoGradient(g: Tensor, d: Tensor): Tensor {
  const gd = g.data, dd = d.data;
  const gs = g.size === d.size ? 1 : 0;
  let mask: Tensor | null = null;
  for (let i = 0; i < dd.length; i++) {
    if (dd[i] !== dd[i] && gd[i * gs] === 0) (mask ??= new Tensor(d.shape, 'bool')).data[i] = 1;
  }
  return mask === null ? d : where(mask, 0, d);
}

// d sqrt(x) = g / (2 sqrt(x)) (PyTorch's derivatives.yaml: grad / (2 * result)); TensorFlow: 0 where g is 0
const sqrtOp = unaryOp<TfAttrs>({
  name: 'sqrt', grad: 'SqrtBackward0', kernel: K.sqrt, saves: ['out'], defaults: TORCH_RULE,
  vjp: ({ g, out, attrs }) => {
    const d = div(g, mul(out, 2));
    return [attrs.tf ? zeroWhereNoGradient(g, d) : d];
  },
  scalar: (s) => {
    s.gx = binary1(KB.div, s.g, mul1(s.out, 2, s.dtype), s.dtype);
    if (s.attrs.tf && s.g === 0 && s.gx !== s.gx) s.gx = 0;
  },
  check: { domain: [0.2, 3] },
});
/** sqrt(x); `convention: 'tf'` takes TensorFlow's gradient, 0 where the incoming gradient is 0 (see zeroWhereNoGradient). */
export const sqrt = (x: TensorLike, convention: Convention = 'torch'): Tensor => sqrtOp(x, ruleOf(convention));

// d x^(-1/2) = -g x^(-3/2) / 2 (PyTorch's derivatives.yaml: -0.5 * grad * result.pow(3)); TensorFlow: 0 where g is 0
const rsqrtOp = unaryOp<TfAttrs>({
  name: 'rsqrt', grad: 'RsqrtBackward0', kernel: K.rsqrt, saves: ['out'], defaults: TORCH_RULE,
  vjp: ({ g, out, attrs }) => {
    const d = mul(mul(g, -0.5), mul(out, mul(out, out)));
    return [attrs.tf ? zeroWhereNoGradient(g, d) : d];
  },
  check: { domain: [0.2, 3] },
});
/** rsqrt(x); `convention: 'tf'` takes TensorFlow's gradient, 0 where the incoming gradient is 0. */
export const rsqrt = (x: TensorLike, convention: Convention = 'torch'): Tensor => rsqrtOp(x, ruleOf(convention));

// d x^2 = 2 g x   (PyTorch records square as pow(x, 2))
export const square = unaryOp({ name: 'square', grad: 'PowBackward0', kernel: K.square, out: 'same', vjp: ({ g, x }) => [squareBackward(g, x)],
  scalar: (s) => { s.gx = binary1(KB.squareBackward, s.g, s.x, s.dtype); } });

// d (1/x) = -g / x^2 = -g * out^2 (PyTorch's derivatives.yaml: -grad * (result * result)); TensorFlow: 0 where g is 0
// NOTE: TF's scalar_inverse_gradient_op computes -out * out * g, the same value (negation is exact).
const reciprocalOp = unaryOp<TfAttrs>({
  name: 'reciprocal', grad: 'ReciprocalBackward0', kernel: K.reciprocal, saves: ['out'], defaults: TORCH_RULE,
  vjp: ({ g, out, attrs }) => {
    const d = neg(mul(g, mul(out, out)));
    return [attrs.tf ? zeroWhereNoGradient(g, d) : d];
  },
  check: { avoid: [0] },
});
/** 1 / x; `convention: 'tf'` takes TensorFlow's gradient, 0 where the incoming gradient is 0. */
export const reciprocal = (x: TensorLike, convention: Convention = 'torch'): Tensor => reciprocalOp(x, ruleOf(convention));

// d sin(x) = g cos(x)
export const sin: UnaryFn = unaryOp({ name: 'sin', grad: 'SinBackward0', kernel: K.sin, vjp: ({ g, x }) => [mul(g, cos(x))],
  scalar: (s) => { s.gx = mul1(s.g, unary1(K.cos, s.x, s.dtype), s.dtype); } });

// d cos(x) = -g sin(x)
export const cos: UnaryFn = unaryOp({ name: 'cos', grad: 'CosBackward0', kernel: K.cos, vjp: ({ g, x }) => [neg(mul(g, sin(x)))],
  scalar: (s) => { s.gx = -mul1(s.g, unary1(K.sin, s.x, s.dtype), s.dtype); } });

// d tan(x) = g (1 + tan(x)^2)
export const tan = unaryOp({ name: 'tan', grad: 'TanBackward0', kernel: K.tan, saves: ['out'], vjp: ({ g, out }) => [mul(g, add(mul(out, out), 1))], check: { domain: [-1.2, 1.2] } });

// d tanh(x) = g (1 - tanh(x)^2)
export const tanh = unaryOp({ name: 'tanh', grad: 'TanhBackward0', kernel: K.tanh, saves: ['out'], vjp: ({ g, out }) => [tanhBackward(g, out)],
  scalar: (s) => { s.gx = binary1(KB.tanhBackward, s.g, s.out, s.dtype); } });

// d sigmoid(x) = g s (1 - s)
export const sigmoid = unaryOp({ name: 'sigmoid', grad: 'SigmoidBackward0', kernel: K.sigmoid, saves: ['out'], vjp: ({ g, out }) => [sigmoidBackward(g, out)],
  scalar: (s) => { s.gx = binary1(KB.sigmoidBackward, s.g, s.out, s.dtype); } });

// d relu(x) = g [relu(x) > 0]   (0 at 0 in both frameworks)
// NOTE: PyTorch's threshold_backward(grad, result, 0) selects (result <= 0 ? 0 : grad): +0 whatever g is, and g at a
// NaN. TensorFlow's ReluGrad multiplies (gradients * (features > 0), features the output): g * 0 at y <= 0 or NaN,
// so -0 for a negative g and NaN for an infinite or NaN g.
const reluOp = unaryOp<TfAttrs>({
  name: 'relu', grad: 'ReluBackward0', kernel: K.relu, out: 'same', saves: ['out'], defaults: TORCH_RULE,
  vjp: ({ g, out, attrs }) => [attrs.tf ? reluBackward(g, out) : thresholdBackward(g, out)],
  scalar: (s) => { s.gx = binary1(s.attrs.tf ? KB.reluBackward : KB.thresholdBackward, s.g, s.out, s.dtype); }, check: { avoid: [0] },
});
/** max(x, 0), NaN and -0 kept; `convention: 'tf'` takes TensorFlow's gradient g * (y > 0 ? 1 : 0) (PyTorch's: +0 at y <= 0, g at a NaN). */
export const relu = (x: TensorLike, convention: Convention = 'torch'): Tensor => reluOp(x, ruleOf(convention));

// Fused gradients (x = g, y = the saved tensor): one pass and one temporary each, and differentiable again.
// d [g (1 - y^2)] = (gg (1 - y^2), -2 gg g y)
export const tanhBackward: BinaryFn = binaryOp({
  name: 'tanh_backward', grad: 'TanhBackwardBackward0', kernel: KB.tanhBackward,
  // derivatives.yaml's order for the output: grad * ((-2 * output) * grad_output)
  vjp: ({ g, x, y, needs }) => [needs[0] ? tanhBackward(g, y) : null, needs[1] ? mul(g, mul(mul(y, -2), x)) : null],
});
// d [g y (1 - y)] = (gg y (1 - y), gg g (1 - 2y))
export const sigmoidBackward: BinaryFn = binaryOp({
  name: 'sigmoid_backward', grad: 'SigmoidBackwardBackward0', kernel: KB.sigmoidBackward,
  vjp: ({ g, x, y, needs }) => [needs[0] ? sigmoidBackward(g, y) : null, needs[1] ? mul(mul(g, x), sub(1, mul(y, 2))) : null],
});
// d [g 2x] = (gg 2x, 2 gg g)
export const squareBackward: BinaryFn = binaryOp({
  name: 'square_backward', grad: 'MulBackward0', kernel: KB.squareBackward,
  vjp: ({ g, x, y, needs }) => [needs[0] ? squareBackward(g, y) : null, needs[1] ? squareBackward(g, x) : null],
});
// d [g * (y > 0)] = (gg * (y > 0), exactly 0: connected), TensorFlow's _ReluGradGrad: ReluGrad(gg, y) and zeros
export const reluBackward: BinaryFn = binaryOp({
  name: 'relu_backward', grad: 'ThresholdBackwardBackward0', kernel: KB.reluBackward,
  vjp: ({ g, y, needs }) => [needs[0] ? reluBackward(g, y) : null, needs[1] ? new Tensor(y.shape, y.dtype) : null],
  check: { avoid: [0] },
});
// d [g where y > 0, or y is NaN] = (gg the same way, exactly 0), PyTorch's threshold_backward
export const thresholdBackward: BinaryFn = binaryOp({
  name: 'threshold_backward', grad: 'ThresholdBackwardBackward0', kernel: KB.thresholdBackward,
  vjp: ({ g, y, needs }) => [needs[0] ? thresholdBackward(g, y) : null, needs[1] ? new Tensor(y.shape, y.dtype) : null],
  check: { avoid: [0] },
});

// d leaky_relu(x) = g where x > 0, else g * slope
export const leakyReluOp = unaryOp<{ slope: number }>({
  name: 'leaky_relu', defaults: { slope: 0.01 }, grad: 'LeakyReluBackward0', kernel: (x, o, n, a) => K.leakyRelu(x, o, n, a.slope),
  vjp: ({ g, x, attrs }) => [where(gt(x, 0), g, mul(g, attrs.slope), x)], check: { avoid: [0] },
});
/** NOTE: PyTorch's default slope is 0.01, TensorFlow's (tf.nn.leaky_relu alpha) 0.2: the facades pass theirs. */
export const leakyRelu = (x: TensorLike, slope = 0.01): Tensor => leakyReluOp(x, { slope });

// d elu(x) = g where x > 0, else g * alpha * exp(x) (PyTorch's elu_backward on the input) or g * (elu(x) + alpha)
// (TensorFlow's EluGrad on the output, which in float32 is 0 below x = -17 where PyTorch's is not)
// NOTE: at x = 0 the slope is the constant alpha, so that the second derivative there is 0, as both PyTorch's
// elu_double_backward (x < 0 only) and TensorFlow's EluGradGrad (where elu(x) < 0) give; a NaN takes g, as in both.
interface EluAttrs { alpha: number; tf: boolean }
const eluVjp: Vjp<EluAttrs> = ({ g, x, out, attrs }) => {
  const slope = attrs.tf ? add(out, attrs.alpha) : mul(exp(x), attrs.alpha);
  return [where(le(x, 0), mul(g, where(eq(x, 0), attrs.alpha, slope)), g)];
};
// NOTE: PyTorch's EluBackward0 saves only self, so that changing the result in place (`out += residual`) is no
// error there: the torch rule reads x alone. TensorFlow's rule reads the output too, so its node saves both (ELU_TF).
export const eluOp = unaryOp<EluAttrs>({
  name: 'elu', defaults: { alpha: 1, tf: false }, grad: 'EluBackward0', kernel: (x, o, n, a) => K.elu(x, o, n, a.alpha), saves: [0],
  vjp: eluVjp, check: { avoid: [0] },
});
const ELU_TF: GradSpec<EluAttrs> = { name: 'EluBackward0', saves: [0, 'out'], vjp: eluVjp };
/** `convention: 'tf'` takes TensorFlow's gradient rule, from the output (see eluOp). */
export const elu = (xv: TensorLike, alpha = 1, convention: 'torch' | 'tf' = 'torch'): Tensor => {
  if (convention !== 'tf') return eluOp(xv, { alpha, tf: false });
  const x = asTensor('elu', xv);
  const attrs: EluAttrs = { alpha, tf: true };
  // the value unrecorded, then the node with the spec that saves the output as well
  const out = unrecorded(() => eluOp(x, attrs));
  return record(ELU_TF, [x], out, attrs);
};

// d softplus(x) = g sigmoid(beta x), and g above the threshold where softplus is x itself
export const softplusOp = unaryOp<{ beta: number; threshold: number }>({
  name: 'softplus', defaults: { beta: 1, threshold: 20 }, grad: 'SoftplusBackward0', kernel: (x, o, n, a) => K.softplus(x, o, n, a.beta, a.threshold),
  // NOTE: at beta*x == threshold the slope sigmoid(beta*x) is taken as a constant (detached), so that the second
  // derivative there is 0, as PyTorch's softplus_double_backward (beta*x < threshold) gives.
  vjp: ({ g, x, attrs }) => {
    const bx = mul(x, attrs.beta);
    return [where(gt(bx, attrs.threshold), g, mul(g, where(eq(bx, attrs.threshold), sigmoid(detach(bx)), sigmoid(bx))))];
  },
});
/** NOTE: PyTorch switches to x above beta*x > 20; TensorFlow has no threshold (its facade passes Infinity). */
export const softplus = (x: TensorLike, beta = 1, threshold = 20): Tensor => softplusOp(x, { beta, threshold });

// d silu(x) = g s (1 + x (1 - s)), s = sigmoid(x), in that order, as PyTorch's silu_backward (and, when recorded,
// its infinitely_differentiable_silu_backward, the same formula as ops)
export const silu = unaryOp({
  name: 'silu', grad: 'SiluBackward0', kernel: K.silu,
  vjp: ({ g, x }) => { const s = sigmoid(x); return [mul(mul(g, s), add(mul(x, sub(1, s)), 1))]; },
});

// TensorFlow's swish (tf.nn.silu) and its custom gradient (nn_impl.py): g * (s * (1 + (beta x) (1 - s))),
// s = sigmoid(beta x), in that order; beta is a constant here (TF also differentiates a tensor beta)
export const swishOp = unaryOp<{ beta: number }>({
  name: 'swish', defaults: { beta: 1 }, grad: 'SwishBackward', kernel: (x, o, n, a) => K.swish(x, o, n, a.beta),
  vjp: ({ g, x, attrs }) => {
    const bx = mul(x, attrs.beta), s = sigmoid(bx);
    return [mul(g, mul(s, add(mul(bx, sub(1, s)), 1)))];
  },
});
/** TensorFlow's swish: x * sigmoid(beta * x). @example swish(fromArray([0])) // [0] */
export const swish = (x: TensorLike, beta = 1): Tensor => swishOp(x, { beta });

// d erf(x) = g 2/sqrt(pi) exp(-x^2)
export const erf = unaryOp({ name: 'erf', grad: 'ErfBackward0', kernel: K.erf, vjp: ({ g, x }) => [mul(g, mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI)))] });

// d gelu(x) = g (Phi(x) + x phi(x)), exact; the tanh approximation differentiates its own formula
export const geluOp = unaryOp<{ approximate: boolean }>({
  name: 'gelu', defaults: { approximate: false }, grad: 'GeluBackward0', kernel: (x, o, n, a) => K.gelu(x, o, n, a.approximate),
  vjp: ({ g, x, attrs }) => [mul(g, attrs.approximate ? geluTanhGrad(x) : geluGrad(x))],
});
export const gelu = (x: TensorLike, approximate = false): Tensor => geluOp(x, { approximate });

function geluGrad(x: Tensor): Tensor {
  const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
  const pdf = mul(exp(mul(mul(x, x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
  return add(cdf, mul(x, pdf));
}

function geluTanhGrad(x: Tensor): Tensor {
  const c = Math.sqrt(2 / Math.PI);
  const t = tanh(mul(add(x, mul(mul(x, mul(x, x)), 0.044715)), c));
  const dInner = mul(add(mul(mul(x, x), 3 * 0.044715), 1), c);
  return add(mul(add(t, 1), 0.5), mul(mul(mul(x, 0.5), sub(1, mul(t, t))), dInner));
}

// d x^p = g p x^(p-1): +0 for p = 0 in PyTorch whatever g is, NaN included (pow_backward: zeros_like for a 0
// exponent); TensorFlow's _PowGrad (math_grad.py) has no mask: (g * 0) * x^-1, NaN at x = 0 or for a NaN or infinite
// g (and 0 times x^-1's sign elsewhere). The products are rounded in each framework's order (KB.powBackward)
interface PowAttrs { p: number; tf?: boolean }
// NOTE: each framework's kernel: PyTorch's special-cases 3, -2, -0.5 (x*x*x, 1/(x*x), 1/sqrt(x), rounded at each
// step), TensorFlow's pow rounds once; the gradient's y^(p-1) goes through the same kernel (KB.powBackward)
const powKernel = (x: TypedArray, o: TypedArray, n: number, a: PowAttrs): void => (a.tf === true ? K.powScalar : K.powScalarTorch)(x, o, n, a.p);
export const powScalarOp = unaryOp<PowAttrs>({
  name: 'pow_scalar', defaults: { p: 3 }, grad: 'PowBackward0', kernel: powKernel, out: 'same',
  vjp: ({ g, x, attrs }) => [attrs.p === 0 && attrs.tf !== true ? new Tensor(x.shape, x.dtype) : powBackward(g, x, attrs)],
  scalar: (s) => {
    const a = s.attrs;
    // PyTorch's zeros_like at p = 0, whatever g is; TF's unmasked form, as powBackward composes it: (g * 0) * x^-1
    if (a.p === 0 && !a.tf) s.gx = 0;
    else if (a.tf && a.p === 0) s.gx = mul1(mul1(s.g, 0, s.dtype), unary1(powKernel, s.x, s.dtype, powAttrs(-1, true)), s.dtype);
    else s.gx = binary1(KB.powBackward, s.g, s.x, s.dtype, a);
  },
  check: { domain: [0.3, 2] },
});
// NOTE: the attributes of the small integer exponents are made once and shared (a node only reads them): scalar
// code calls pow a few times per step, and its gradient calls it again.
const SMALL_POWERS = Array.from({ length: 17 }, (_, i) => ({ p: i - 8 }));
const SMALL_POWERS_TF = Array.from({ length: 17 }, (_, i) => ({ p: i - 8, tf: true }));
const powAttrs = (p: number, tf = false): PowAttrs => (Number.isInteger(p) && p >= -8 && p <= 8 ? (tf ? SMALL_POWERS_TF : SMALL_POWERS)[p + 8]! : tf ? { p, tf } : { p });
/** x ** p for a number p; `convention: 'tf'` takes TensorFlow's unmasked gradient at p = 0 (see powScalarOp). */
export const powScalar = (x: TensorLike, p: number, convention: Convention = 'torch'): Tensor => {
  const tf = convention === 'tf';
  return x instanceof Tensor && !isFloat(x.dtype) ? integerPow(x, p, tf) : powScalarOp(x, powAttrs(p, tf));
};

/**
 * An integer or bool tensor to a number power, with PyTorch's result types: int32 for an integer exponent (bool
 * counts as int), float32 for a fractional one; a negative integer exponent is refused, as in PyTorch.
 */
function integerPow(x: Tensor, p: number, tf: boolean): Tensor {
  if (!Number.isInteger(p)) return powScalarOp(cast(x, 'float32'), powAttrs(p, tf));
  if (p < 0) fail('value', 'pow: Integers to negative integer powers are not allowed.');
  return powScalarOp(x.dtype === 'bool' ? cast(x, 'int32') : x, powAttrs(p, tf));
}

// The fused gradient of pow (x = g, y = the base): g p y^(p-1), and g 0 for p = 0 (pow's own rule takes PyTorch's
// zeros_like there instead, so that a NaN or infinite g gives 0 too).
// d [g p y^(p-1)] = (gg p y^(p-1), p (gg g (p-1) y^(p-2)))
const powBackwardOp: BinaryFn<PowAttrs> = binaryOp<PowAttrs>({
  name: 'pow_backward', grad: 'MulBackward0', kernel: KB.powBackward, defaults: { p: 3 },
  vjp: ({ g, x, y, attrs, needs }) => [
    needs[0] ? powBackward(g, y, attrs) : null,
    // PyTorch differentiates g * (p * y.pow(p - 1)) again: at p = 1 that is pow(y, 0), whose rule is zeros_like
    !needs[1] || attrs.p === 0 ? null : attrs.p === 1 && attrs.tf !== true ? new Tensor(y.shape, y.dtype)
      : mul(powBackward(mul(g, x), y, powAttrs(attrs.p - 1, attrs.tf)), attrs.p),
  ],
  check: { domain: [0.3, 2] },
});
/**
 * g p y^(p-1). With TensorFlow's rule at p = 0 it is _PowGrad's (g * 0) * y^-1, unmasked, written with the public ops
 * so that its derivatives are TF's too (the second derivative of x ** 1 at x = 0 is NaN in TF, 0 in PyTorch); the
 * fused kernel computes every other p in the framework's order: (g * p) * y^(p-1) for TF, g * (p * y^(p-1)) for PyTorch.
 */
export const powBackward = (g: TensorLike, y: TensorLike, attrs: PowAttrs = { p: 3 }): Tensor => {
  if (attrs.tf === true && attrs.p === 0) return mul(mul(g, 0), powScalarOp(y, powAttrs(-1, true)));
  // NOTE: recorded (a gradient of a gradient), PyTorch's pow_backward shows as its ops, grad * (p * x.pow(p - 1)):
  // MulBackward0 over MulBackward1 over PowBackward0; the fused op rounds the same, and runs when nothing records
  if (attrs.tf !== true && attrs.p !== 0 && wouldRecord([g, y].filter((t): t is Tensor => t instanceof Tensor))) {
    return mul(g, mulScalar(powScalarOp(y, powAttrs(attrs.p - 1)), { alpha: attrs.p }));
  }
  return powBackwardOp(g, y, attrs);
};

// d identity(x) = g
export const identity = unaryOp({ name: 'identity', grad: 'AliasBackward0', kernel: K.identity, out: 'same', saves: [], vjp: ({ g }) => [g] });
