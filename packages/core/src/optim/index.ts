/**
 * The optimizers' update math: one function per family, each framework's formula chosen by `convention`,
 * each a single fused pass over a parameter's storage (the parameter is written in place and its version
 * counter bumped; nothing is recorded). The facades own names, defaults, state bookkeeping and errors.
 */
export { type DecayOptions, checkGrad } from './update.js';
export { sgdStep, sgdState, kerasVelocity, setKerasVelocity, type SgdOptions, type SgdState } from './sgd.js';
export { adamStep, adamState, type AdamOptions, type AdamState } from './adam.js';
export { rmspropStep, rmspropState, type RmspropOptions, type RmspropState } from './rmsprop.js';
export { adagradStep, adagradState, type AdagradOptions, type AdagradState } from './adagrad.js';
export { totalNorm, clipGradNormInPlace, clipGradValueInPlace, clipByNorm, clipByGlobalNorm, clipByValue } from './clip.js';
export * as schedules from './schedules.js';
export { bindArgs, NO_DEFAULT, type PySignature, type PyArgs } from './args.js';
