// Arithmetic with bool operands, Python's True/False as numbers, alpha=True, integer division by zero and the checks
// before it, and number operands where PyTorch 1.13 wants a tensor (the fourth review). Each expectation is what
// /usr/bin/python3 printed (repr, or `Class: first line of the message`) for the Python in the comment above it, with
// F, L, B = torch.tensor(a, dtype=float32, int64, bool).
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';

const F = (a: unknown) => torch.tensor(a as number[], { dtype: torch.float32 });
const L = (a: unknown) => torch.tensor(a as number[], { dtype: torch.int64 });
const B = (a: unknown) => torch.tensor(a as boolean[], { dtype: torch.bool });
// Python's True and False as the facade takes them at run time (its types say number)
const T = true as unknown as number, N = false as unknown as number;
const shown = (run: () => unknown): string => {
  try {
    const r = run();
    return typeof r === 'string' ? `'${r}'` : String(r);
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message.split('\n')[0]}`;
  }
};

const CASES: Array<[string, () => unknown, string]> = [
  // F([1.,2.]).div(True)
  ["F([1,2]).div(T)", () => F([1,2]).div(T), "tensor([1., 2.])"],
  // F([1.,2.]).fmod(True)
  ["F([1,2]).fmod(T)", () => F([1,2]).fmod(T), "tensor([0., 0.])"],
  // F([1.,2.]).remainder(False)
  ["F([1,2]).remainder(N)", () => F([1,2]).remainder(N), "tensor([nan, nan])"],
  // F([1.,2.]).remainder(True)
  ["F([1,2]).remainder(T)", () => F([1,2]).remainder(T), "tensor([0., 0.])"],
  // F([1.,2.]).floor_divide(True)
  ["F([1,2]).floor_divide(T)", () => F([1,2]).floor_divide(T), "tensor([1., 2.])"],
  // F([1.,2.]).true_divide(True)
  ["F([1,2]).true_divide(T)", () => F([1,2]).true_divide(T), "tensor([1., 2.])"],
  // L([3,4]).div(True)
  ["L([3,4]).div(T)", () => L([3,4]).div(T), "tensor([3., 4.])"],
  // L([3,4]).floor_divide(True)
  ["L([3,4]).floor_divide(T)", () => L([3,4]).floor_divide(T), "tensor([3, 4])"],
  // L([3,4]).remainder(True)
  ["L([3,4]).remainder(T)", () => L([3,4]).remainder(T), "tensor([0, 0])"],
  // L([3,4]).fmod(True)
  ["L([3,4]).fmod(T)", () => L([3,4]).fmod(T), "tensor([0, 0])"],
  // B([True,False]).div(True)
  ["B([true,false]).div(T)", () => B([true,false]).div(T), "tensor([1., 0.])"],
  // B([True,False]).floor_divide(True)
  ["B([true,false]).floor_divide(T)", () => B([true,false]).floor_divide(T), "RuntimeError: \"div_floor_cpu\" not implemented for 'Bool'"],
  // torch.tensor(False).div_(True)
  ["torch.tensor(N).div_(T)", () => torch.tensor(N).div_(T), "RuntimeError: result type Float can't be cast to the desired output type Bool"],
  // F([1.,2.]).div_(True)
  ["F([1,2]).div_(T)", () => F([1,2]).div_(T), "tensor([1., 2.])"],
  // L([3,4]).floor_divide_(True)
  ["L([3,4]).floor_divide_(T)", () => L([3,4]).floor_divide_(T), "tensor([3, 4])"],
  // F([1.,2.]).div(True, rounding_mode='floor')
  ["F([1,2]).div(T, {rounding_mode:'floor'})", () => F([1,2]).div(T, {rounding_mode:'floor'}), "tensor([1., 2.])"],
  // L([3,4]).div(False, rounding_mode='trunc')
  ["L([3,4]).div(N, {rounding_mode:'trunc'})", () => L([3,4]).div(N, {rounding_mode:'trunc'}), "RuntimeError: ZeroDivisionError"],
  // L([3,4]).floor_divide(False)
  ["L([3,4]).floor_divide(N)", () => L([3,4]).floor_divide(N), "RuntimeError: ZeroDivisionError"],
  // L([3,4]).remainder(False)
  ["L([3,4]).remainder(N)", () => L([3,4]).remainder(N), "RuntimeError: ZeroDivisionError"],
  // F([1.,2.]).sub(True)
  ["F([1,2]).sub(T)", () => F([1,2]).sub(T), "RuntimeError: Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."],
  // L([3,2]).sub(False)
  ["L([3,2]).sub(N)", () => L([3,2]).sub(N), "RuntimeError: Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."],
  // B([True]).sub(False)
  ["B([true]).sub(N)", () => B([true]).sub(N), "RuntimeError: Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead."],
  // L([3,2]).sub_(False)
  ["L([3,2]).sub_(N)", () => L([3,2]).sub_(N), "RuntimeError: Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."],
  // F([3.,2.]).add(F([1.,1.]), alpha=True)
  ["F([3,2]).add(F([1,1]), {alpha:true})", () => F([3,2]).add(F([1,1]), {alpha:true}), "RuntimeError: Boolean alpha only supported for Boolean results."],
  // L([3,2]).add(L([1,1]), alpha=True)
  ["L([3,2]).add(L([1,1]), {alpha:true})", () => L([3,2]).add(L([1,1]), {alpha:true}), "RuntimeError: Boolean alpha only supported for Boolean results."],
  // B([True,False]).add_(B([True,True]), alpha=True)
  ["B([true,false]).add_(B([true,true]), {alpha:true})", () => B([true,false]).add_(B([true,true]), {alpha:true}), "tensor([True, True])"],
  // B([True,False]).add(B([True,True]), alpha=False)
  ["B([true,false]).add(B([true,true]), {alpha:false})", () => B([true,false]).add(B([true,true]), {alpha:false}), "tensor([ True, False])"],
  // F([3.,2.]).sub(F([1.,1.]), alpha=True)
  ["F([3,2]).sub(F([1,1]), {alpha:true})", () => F([3,2]).sub(F([1,1]), {alpha:true}), "RuntimeError: Boolean alpha only supported for Boolean results."],
  // B([True,False]).sub(B([True,True]), alpha=True)
  ["B([true,false]).sub(B([true,true]), {alpha:true})", () => B([true,false]).sub(B([true,true]), {alpha:true}), "RuntimeError: Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead."],
  // torch.atan2(F([1.,2.]), 2.5)
  ["torch.atan2(F([1,2]), 2.5)", () => torch.atan2(F([1,2]), 2.5), "TypeError: atan2(): argument 'other' (position 2) must be Tensor, not float"],
  // F([1.,2.]).atan2(2.5)
  ["F([1,2]).atan2(2.5)", () => F([1,2]).atan2(2.5), "TypeError: atan2(): argument 'other' (position 1) must be Tensor, not float"],
  // F([1.,2.]).where(B([True,False]), 0.5)
  ["F([1,2]).where(B([true,false]), 0.5)", () => F([1,2]).where(B([true,false]), 0.5), "TypeError: where(): argument 'other' (position 2) must be Tensor, not float"],
  // torch.eq(2.5, F([1.,2.]))
  ["torch.eq(2.5, F([1,2]))", () => torch.eq(2.5, F([1,2])), "TypeError: eq() received an invalid combination of arguments - got (float, Tensor), but expected one of:"],
  // torch.lt(2.5, F([1.,2.]))
  ["torch.lt(2.5, F([1,2]))", () => torch.lt(2.5, F([1,2])), "TypeError: lt() received an invalid combination of arguments - got (float, Tensor), but expected one of:"],
  // torch.zeros(0, dtype=torch.long) // 0
  ["torch.zeros(0, {dtype:torch.int64}).floor_divide(0)", () => torch.zeros(0, {dtype:torch.int64}).floor_divide(0), "tensor([], dtype=torch.int64)"],
  // torch.zeros(2, 0, dtype=torch.long).remainder(0)
  ["torch.zeros(2, 0, {dtype:torch.int64}).remainder(0)", () => torch.zeros(2, 0, {dtype:torch.int64}).remainder(0), "tensor([], size=(2, 0), dtype=torch.int64)"],
  // L([1, 2]) // L([[0, 1, 2], [1, 1, 1]])
  ["L([1, 2]).floor_divide(L([[0, 1, 2], [1, 1, 1]]))", () => L([1, 2]).floor_divide(L([[0, 1, 2], [1, 1, 1]])), "RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1"],
  // B([True, False]).remainder_(L([0, 1]))
  ["B([true, false]).remainder_(L([0, 1]))", () => B([true, false]).remainder_(L([0, 1])), "RuntimeError: result type Long can't be cast to the desired output type Bool"],
  // L([1,2]).fmod(L([[0,1,2],[1,1,1]]))
  ["L([1,2]).fmod(L([[0,1,2],[1,1,1]]))", () => L([1,2]).fmod(L([[0,1,2],[1,1,1]])), "RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1"],
  // L([1,2]).div(L([0,1,2]), rounding_mode='floor')
  ["L([1,2]).div(L([0,1,2]), {rounding_mode:'floor'})", () => L([1,2]).div(L([0,1,2]), {rounding_mode:'floor'}), "RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"],
  // L([1,2]).floor_divide_(L([0,0,0]))
  ["L([1,2]).floor_divide_(L([0,0,0]))", () => L([1,2]).floor_divide_(L([0,0,0])), "RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"],
  // B([True, False]).pow_(True)
  ["B([true, false]).pow_(T)", () => B([true, false]).pow_(T), "RuntimeError: \"pow\" not implemented for 'Bool'"],
  // B([True]*3).pow(B([True, False]))
  ["B([true,true,true]).pow(B([true, false]))", () => B([true,true,true]).pow(B([true, false])), "RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0"],
  // B([True, False, False]).remainder_(B([False, True]))
  ["B([true, false, false]).remainder_(B([false, true]))", () => B([true, false, false]).remainder_(B([false, true])), "RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0"],
  // B([True, False]).clamp_(0, 1)
  ["B([true, false]).clamp_(0, 1)", () => B([true, false]).clamp_(0, 1), "RuntimeError: result type Long can't be cast to the desired output type bool"],
  // F([1.]).requires_grad_().pow(True).grad_fn.name()
  ["F([1]).requires_grad_().pow(T).grad_fn!.name()", () => F([1]).requires_grad_().pow(T).grad_fn!.name(), "'PowBackward0'"],
  // L([7, -3]).fmod(-0.0)
  ["L([7, -3]).fmod(-0)", () => L([7, -3]).fmod(-0), "tensor([nan, nan])"],
  // L([7, -3]).add(-0.0)
  ["L([7, -3]).add(-0)", () => L([7, -3]).add(-0), "tensor([ 7., -3.])"],
];

describe('arithmetic edges as PyTorch 1.13 gives them', () => {
  it.each(CASES)('%s', (_, run, want) => { expect(shown(run)).toBe(want); });

  it('bool + bool is a logical or, stored as true', () => {
    // m = B([True, False, True]); s = m + m; s.sum(), s.long(), s.float().mean(), s.eq(m), s * 2, m.add(True).long()
    // -> tensor(2) tensor([1, 0, 1]) tensor(0.6667) tensor([True, True, True]) tensor([2, 0, 2]) tensor([1, 1, 1])
    const m = B([true, false, true]);
    const s = m.add(m);
    expect(String(s)).toBe('tensor([ True, False,  True])');
    expect(s.sum().item()).toBe(2);
    expect(s.long().tolist()).toEqual([1, 0, 1]);
    expect(String(s.float().mean())).toBe('tensor(0.6667)');
    expect(s.eq(m).tolist()).toEqual([true, true, true]);
    expect(s.mul(2).tolist()).toEqual([2, 0, 2]);
    expect(m.add(T).long().tolist()).toEqual([1, 1, 1]);
    const t = m.clone();
    t.add_(m); // t = m.clone(); t.add_(m); t.long() -> tensor([1, 0, 1])
    expect(t.long().tolist()).toEqual([1, 0, 1]);
  });
});
