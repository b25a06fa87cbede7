/** torch.optim: the optimizers (their math is @twingrad/core's optim) and torch.optim.lr_scheduler. */
export { Optimizer, type ParamGroup, type ParamGroupInput, type Params, type StateDict, type ParamState } from './optimizer.js';
export { SGD, Adam, AdamW, RMSprop, Adagrad, type SGDOptions, type AdamOptions, type RMSpropOptions, type AdagradOptions } from './families.js';
export * as lr_scheduler from './lr_scheduler.js';
