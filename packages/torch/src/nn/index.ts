/** torch.nn: the functional API and (from the optimizers' package) torch.nn.utils. */
export * as functional from './functional.js';
export * as utils from './utils.js';
