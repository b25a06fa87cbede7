/**
 * The torch.* functions whose first argument is PyTorch's `input` tensor: each is its ops.ts function, with the
 * argument parser's check of that argument first (`torch.sum(None)` is `sum(): argument 'input' (position 1) must be
 * Tensor, not NoneType`), where JavaScript would fail inside in its own words. Numbers and booleans pass on to
 * the function, which has its own words for them. Tensor methods call ops.ts directly: `this` is always a tensor.
 */
import * as O from './ops.js';
import { Tensor } from './tensor.js';
import { TorchTypeError } from './errors.js';
import { pyType } from './py_type.js';

function input<F extends (...args: never[]) => unknown>(name: string, f: F): F {
  const checked = (x: unknown, ...rest: unknown[]): unknown => {
    if (!(x instanceof Tensor) && typeof x !== 'number' && typeof x !== 'boolean') {
      throw new TorchTypeError(`${name}(): argument 'input' (position 1) must be Tensor, not ${pyType(x)}`);
    }
    return (f as unknown as (...args: unknown[]) => unknown)(x, ...rest);
  };
  return checked as unknown as F;
}

export const abs = input('abs', O.abs);
export const absolute = input('absolute', O.absolute);
export const add = input('add', O.add);
export const all = input('all', O.all);
export const amax = input('amax', O.amax);
export const amin = input('amin', O.amin);
export const any = input('any', O.any);
export const argmax = input('argmax', O.argmax);
export const argmin = input('argmin', O.argmin);
export const atan2 = input('atan2', O.atan2);
export const bmm = input('bmm', O.bmm);
export const broadcast_to = input('broadcast_to', O.broadcast_to);
export const ceil = input('ceil', O.ceil);
export const chunk = input('chunk', O.chunk);
export const clamp = input('clamp', O.clamp);
export const clamp_max = input('clamp_max', O.clamp_max);
export const clamp_min = input('clamp_min', O.clamp_min);
export const clip = input('clip', O.clip);
export const clone = input('clone', O.clone);
export const cos = input('cos', O.cos);
export const cumsum = input('cumsum', O.cumsum);
export const div = input('div', O.div);
export const divide = input('divide', O.divide);
export const dot = input('dot', O.dot);
export const eq = input('eq', O.eq);
export const erf = input('erf', O.erf);
export const exp = input('exp', O.exp);
export const expm1 = input('expm1', O.expm1);
export const fix = input('fix', O.fix);
export const flatten = input('flatten', O.flatten);
export const flip = input('flip', O.flip);
export const floor = input('floor', O.floor);
export const floor_divide = input('floor_divide', O.floor_divide);
export const fmod = input('fmod', O.fmod);
export const ge = input('ge', O.ge);
export const gt = input('gt', O.gt);
export const index_select = input('index_select', O.index_select);
export const isfinite = input('isfinite', O.isfinite);
export const isinf = input('isinf', O.isinf);
export const isnan = input('isnan', O.isnan);
export const le = input('le', O.le);
export const log = input('log', O.log);
export const log1p = input('log1p', O.log1p);
export const log_softmax = input('log_softmax', O.log_softmax);
export const logical_not = input('logical_not', O.logical_not);
export const logsumexp = input('logsumexp', O.logsumexp);
export const lt = input('lt', O.lt);
export const matmul = input('matmul', O.matmul);
export const max = input('max', O.max);
export const maximum = input('maximum', O.maximum);
export const mean = input('mean', O.mean);
export const min = input('min', O.min);
export const minimum = input('minimum', O.minimum);
export const mm = input('mm', O.mm);
export const mul = input('mul', O.mul);
export const multiply = input('multiply', O.multiply);
export const mv = input('mv', O.mv);
export const narrow = input('narrow', O.narrow);
export const ne = input('ne', O.ne);
export const neg = input('neg', O.neg);
export const negative = input('negative', O.negative);
export const nonzero = input('nonzero', O.nonzero);
export const norm = input('norm', O.norm);
export const permute = input('permute', O.permute);
export const pow = input('pow', O.pow);
export const prod = input('prod', O.prod);
export const reciprocal = input('reciprocal', O.reciprocal);
export const relu = input('relu', O.relu);
export const remainder = input('remainder', O.remainder);
export const reshape = input('reshape', O.reshape);
export const round = input('round', O.round);
export const rsqrt = input('rsqrt', O.rsqrt);
export const select = input('select', O.select);
export const sigmoid = input('sigmoid', O.sigmoid);
export const sign = input('sign', O.sign);
export const sin = input('sin', O.sin);
export const softmax = input('softmax', O.softmax);
export const split = input('split', O.split);
export const sqrt = input('sqrt', O.sqrt);
export const square = input('square', O.square);
export const squeeze = input('squeeze', O.squeeze);
export const std = input('std', O.std);
export const std_mean = input('std_mean', O.std_mean);
export const sub = input('sub', O.sub);
export const subtract = input('subtract', O.subtract);
export const sum = input('sum', O.sum);
export const swapaxes = input('swapaxes', O.swapaxes);
export const t = input('t', O.t);
export const tan = input('tan', O.tan);
export const tanh = input('tanh', O.tanh);
export const tile = input('tile', O.tile);
export const transpose = input('transpose', O.transpose);
export const true_divide = input('true_divide', O.true_divide);
export const trunc = input('trunc', O.trunc);
export const unbind = input('unbind', O.unbind);
export const unsqueeze = input('unsqueeze', O.unsqueeze);
const var_ = input('var', O.var);
export { var_ as var };
export const var_mean = input('var_mean', O.var_mean);
