import { describe, expect, it } from 'vitest';
import * as core from '@twingrad/core';
import * as torch from '@twingrad/torch';
import { CORE_OPS, NOT_EXPOSED } from '../src/ops.js';

const named = new Set(Object.values(CORE_OPS).flat());

describe('the name table covers the core op set', () => {
  it('every op in the core registry has a PyTorch name or a reason not to', () => {
    const missing = [...core.registry.keys()].filter((op) => !named.has(op) && !(op in NOT_EXPOSED));
    expect(missing).toEqual([]);
  });

  it('every core op the table names exists in the core registry', () => {
    expect([...named].filter((op) => !core.registry.has(op))).toEqual([]);
  });

  it('every PyTorch name in the table is a torch function, a Tensor method or a torch.nn.functional function', () => {
    const proto = torch.Tensor.prototype as unknown as Record<string, unknown>;
    const ns = torch as unknown as Record<string, unknown>;
    const F = torch.nn.functional as unknown as Record<string, unknown>;
    const absent = Object.keys(CORE_OPS).filter((n) =>
      typeof ns[n] !== 'function' && typeof proto[n] !== 'function' && typeof F[n] !== 'function');
    expect(absent).toEqual([]);
  });
});
