import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as torch from '@twingrad/torch';

/**
 * The torch facade's namespaces hold PyTorch's names only: each exported name is a public name of the same
 * namespace in PyTorch 1.13 (torch_names.json, recorded by record_torch_names.py from real PyTorch), or one of
 * JavaScript's own below. A helper exported by accident (ops.ts's `_div` bodies once were) fails here.
 */
const recorded = JSON.parse(readFileSync(new URL('./torch_names.json', import.meta.url), 'utf8')) as Record<string, string[]>;

/** Names with no PyTorch attribute of the same name, and why the facade has them. */
const JS_ONLY: Record<string, Record<string, string>> = {
  torch: {
    RuntimeError: "Python's builtin exception", IndexError: "Python's builtin exception", ValueError: "Python's builtin exception",
    KeyError: "Python's builtin exception", NotImplementedError: "Python's builtin exception",
    AssertionError: "Python's builtin exception", AttributeError: "Python's builtin exception",
    TypeError: "Python's builtin exception", TorchTypeError: 'the same class under a name that keeps JavaScript\'s TypeError',
    DType: 'torch.dtype, a class name in JavaScript', Device: 'torch.device, a class name in JavaScript', GradFn: "the class of grad_fn (PyTorch's is per op, in C++)",
    ReturnType: 'torch.return_types.max / min', PRINT_OPTS: 'torch._tensor_str.PRINT_OPTS',
    formatTensor: "torch._tensor_str._str: printing a tensor", wrap: 'the facade tensor of a core tensor (for other twingrad packages)',
    unwrap: 'the core tensor of a facade tensor (for other twingrad packages)',
  },
  'torch.Tensor': { toString: "Python's __str__", index: "Python's __getitem__ (x[0, 1:3])" },
};

function extra(ns: string, names: readonly string[]): string[] {
  const known = new Set(recorded[ns]);
  return names.filter((n) => !known.has(n) && !(n in (JS_ONLY[ns] ?? {}))).sort();
}

function methodNames(proto: object): string[] {
  const names = new Set<string>();
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const n of Object.getOwnPropertyNames(p)) if (!n.startsWith('_') && n !== 'constructor') names.add(n);
  }
  return [...names];
}

describe('the torch facade exports PyTorch names only', () => {
  it('was recorded from PyTorch 1.13', () => {
    expect(recorded.torch_version).toMatch(/^1\.13\./);
  });

  it.each([
    ['torch', torch],
    ['torch.nn', torch.nn],
    ['torch.nn.functional', torch.nn.functional],
    ['torch.optim', torch.optim],
    ['torch.autograd', torch.autograd],
    ['torch.autograd.functional', torch.autograd.functional],
  ] as Array<[string, object]>)('%s', (ns, mod) => {
    expect(extra(ns, Object.keys(mod))).toEqual([]);
  });

  it('torch.Tensor: methods and properties', () => {
    expect(extra('torch.Tensor', methodNames(torch.Tensor.prototype))).toEqual([]);
    expect(extra('torch.Tensor', Object.keys(torch.tensor([1, 2])).filter((n) => !n.startsWith('_')))).toEqual([]);
  });

  it('every JavaScript-only name listed is exported (the list does not outlive its names)', () => {
    const ns = torch as unknown as Record<string, unknown>;
    expect(Object.keys(JS_ONLY.torch!).filter((n) => !(n in ns))).toEqual([]);
    const methods = new Set(methodNames(torch.Tensor.prototype));
    expect(Object.keys(JS_ONLY['torch.Tensor']!).filter((n) => !methods.has(n))).toEqual([]);
  });
});
