/**
 * @twingrad/core: tensors, the op set (one forward kernel and one gradient rule per op), one reverse-mode
 * engine with higher-order gradients, and the optimizers' update math. Both facades stand on this entry.
 */
export { Tensor, checkViewRebase, isNoGradView, noteMultiOutputView, noteNoGradView, onAfterWrite, onBeforeWrite, onFollowHistory, viewRebaseError, writesTo } from './tensor.js';
export { type DType, type TypedArray, DTYPES, isFloat, promote, floatOf } from './dtype.js';
export { TwingradError, ERROR_KINDS, type ErrorKind, fail, fmtShape } from './errors.js';
export { type Shape, sizeOf, sameShape, broadcastShapes, normAxis, normAxes, stridesOf, axesLast, inversePerm } from './shape.js';
export { fromArray, full, zeros, ones, scalar, arange, linspace, eye, type ArrayData, type NestedArray } from './creation.js';
export { seed, randomUniform, randomNormal, uniform01 } from './random.js';
export { mode, Tape, unrecorded, withGradMode, withTapes, withoutTapes } from './autograd/mode.js';
export { Node, type GradSpec, type Vjp, type VjpArgs } from './autograd/node.js';
export { record, wouldRecord } from './autograd/record.js';
export { backward, type BackwardOptions } from './autograd/engine.js';
export { plainPasses } from './autograd/plain.js';
export { anomaly } from './autograd/anomaly.js';
export { registry, type OpInfo, type CheckSpec } from './ops/registry.js';
export { asTensor, scalarLike, resultType, type TensorLike } from './ops/define.js';
export * from './ops/arith.js';
export * from './ops/unary.js';
export * from './ops/compare.js';
export * from './ops/rounding.js';
export * from './ops/logical.js';
export * from './ops/reduce.js';
export * from './ops/broadcast.js';
export * from './ops/shape.js';
export * from './ops/arrange.js';
export * from './ops/copy.js';
export * from './ops/inplace.js';
export * from './ops/overwrite.js';
export { addHook, retainGrad } from './ops/hooks.js';
export * from './ops/linalg.js';
export * from './ops/nn.js';
export * from './ops/binary_cross_entropy.js';
export * from './ops/scan.js';
export * from './optim/index.js';
// The WASM SIMD kernels' switches: on by default where WebAssembly SIMD exists; threads are opt-in (Node).
export { wasmAvailable, setWasmEnabled, setWasmThreads } from './kernels/wasm/gemm.js';
// Reuse of the large arrays the backward pass frees (on by default; see pool.ts).
export { storagePool } from './pool.js';
