/**
 * PyTorch's names for the core op set, as torch.* functions, one file per op family in ops/. Every number comes
 * from a core op; those files only translate names, argument forms (dim/keepdim, varargs shapes, options objects)
 * and PyTorch's errors. `CORE_OPS` (ops/names.ts) is the name table the coverage test compares with the core registry.
 * ops/args.ts, the argument handling the families share, is not re-exported: its helpers are not torch functions.
 */
export * from './ops/names.js';
export * from './ops/elementwise.js';
export * from './ops/reductions.js';
export * from './ops/shape.js';
export * from './ops/arrange.js';
export * from './ops/linalg.js';
export * from './ops/softmax.js';
export * from './ops/masked.js';
