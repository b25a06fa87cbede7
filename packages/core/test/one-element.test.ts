/**
 * Scalar code's arithmetic without arrays (kernels/binary.ts `addOne`, ..., ops/define.ts `mul1`): each must give,
 * bit for bit, what its kernel stores into a one-element array of the dtype, for any operands, the ones that are not
 * values of the dtype (a constant such as alpha) included. The kernels over typed arrays are the reference.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as KB from '../src/kernels/binary.js';
import { binary1, mul1 } from '../src/ops/define.js';
import { RUNS } from './util/arbitraries.js';

const SPECIAL = [0, -0, 1, -1, 0.1, 1 / 3, 3.4028235677973366e38, 1e39, 1e-45, 1e-46, 2 ** -149, Infinity, -Infinity, NaN];
const anyDouble = fc.oneof(fc.double(), fc.constantFrom(...SPECIAL), fc.float().map(Number));
const FLOATS = ['float32', 'float64'] as const;

/** The value a one-element float array of `dtype` holds after storing `v`. */
const inDType = (dtype: (typeof FLOATS)[number], v: number) => (dtype === 'float32' ? Math.fround(v) : v);

describe('one-element arithmetic without arrays', () => {
  it('mul1 is the mul kernel on one element, operands rounded to the dtype as the operand arrays store them', () => {
    fc.assert(fc.property(anyDouble, anyDouble, fc.constantFrom(...FLOATS), (a, b, dtype) => {
      expect(Object.is(mul1(a, b, dtype), binary1(KB.mul, a, b, dtype))).toBe(true);
    }), { numRuns: RUNS * 20 });
  });

  it('mul1 falls back to the kernel for the integer dtypes', () => {
    expect(mul1(65536, 65536, 'int32')).toBe(binary1(KB.mul, 65536, 65536, 'int32'));
    expect(mul1(3, 5, 'int32')).toBe(15);
  });

  it('addOne, subOne, mulOne and divOne, rounded once, are their kernels on values of the dtype', () => {
    const pairs: Array<[(a: number, b: number) => number, KB.BinaryKernel]> = [[KB.addOne, KB.add], [KB.subOne, KB.sub], [KB.mulOne, KB.mul], [KB.divOne, KB.div]];
    fc.assert(fc.property(anyDouble, anyDouble, fc.constantFrom(...FLOATS), (u, v, dtype) => {
      // oneByOne passes the elements of two tensors of the dtype: values the dtype holds
      const a = inDType(dtype, u), b = inDType(dtype, v);
      for (const [one, kernel] of pairs) expect(Object.is(inDType(dtype, one(a, b)), binary1(kernel, a, b, dtype))).toBe(true);
    }), { numRuns: RUNS * 20 });
  });
});
