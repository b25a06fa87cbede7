import type { Section } from '../section.js';
import { variable, watchedConstant } from './s2_variable.js';
import { multistep } from './s3_multistep.js';
import { sgd, sgdPolynomial } from './s4_sgd.js';
import { mean } from './s5_mean.js';
import { multi } from './s6_multi.js';
import { secondOrder } from './s7_second_order.js';
import { tracking, triggering, accumulation, inplace, eager } from './s8_comparison.js';

/** The notebook's sections in its order. */
export const sections: Section[] = [
  variable, watchedConstant, multistep, sgd, sgdPolynomial, mean, multi, secondOrder,
  tracking, triggering, accumulation, inplace, eager,
];
