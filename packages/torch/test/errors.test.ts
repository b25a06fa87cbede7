// Every expected class and text below was printed by real PyTorch 1.13 (/usr/bin/python3, `type(e).__name__`
// and `str(e)` of the same mistake) and pasted here.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '@twingrad/core';
import * as torch from '@twingrad/torch';
import { translate } from '../src/errors.js';

const { nn: { functional: F } } = torch;
type Cls = new (message: string) => Error;

/** The error `fn` throws (failing the test if it throws nothing). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

/** [mistake, the facade call, PyTorch 1.13's class, PyTorch 1.13's str(e)], grouped by the core's error kind. */
const CASES: Record<core.ErrorKind, Array<[string, () => unknown, Cls, string]>> = {
  shape: [
    // PyTorch 1.13: torch.matmul(torch.ones(2, 2, 3), torch.ones(2, 4, 3))
    ['bmm of [2,2,3] and [2,4,3]', () => torch.matmul(torch.ones(2, 2, 3), torch.ones(2, 4, 3)), torch.RuntimeError,
      'Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].'],
    // torch.ones(2, 2).permute(0, -2), .permute(0)
    ['permute with a repeated dim', () => torch.ones(2, 2).permute(0, -2), torch.RuntimeError, 'permute(): duplicate dims are not allowed.'],
    ['permute with too few dims', () => torch.ones(2, 2).permute(0), torch.RuntimeError,
      'permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 1'],
    ['mul of [2,3] and [2,4]', () => torch.ones(2, 3).mul(torch.ones(2, 4)), torch.RuntimeError,
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1'],
    ['add of [2,3] and [4,3]', () => torch.ones(2, 3).add(torch.ones(4, 3)), torch.RuntimeError,
      'The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 0'],
    ['add_ of [2,3] and [2,4]', () => torch.ones(2, 3).add_(torch.ones(2, 4)), torch.RuntimeError,
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1'],
    ["add_ into [3] from [2,3]", () => torch.ones(3).add_(torch.ones(2, 3)), torch.RuntimeError,
      "output with shape [3] doesn't match the broadcast shape [2, 3]"],
    ['mse_loss of [3] and [4]', () => F.mse_loss(torch.ones(3), torch.ones(4)), torch.RuntimeError,
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0'],
    ['reshape(-1, 4) of 6 elements', () => torch.ones(2, 3).reshape(-1, 4), torch.RuntimeError,
      "shape '[-1, 4]' is invalid for input of size 6"],
    ['matmul of [2,3] and [4,5]', () => torch.ones(2, 3).matmul(torch.ones(4, 5)), torch.RuntimeError,
      'mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)'],
    ['matmul of [3] and [4]', () => torch.ones(3).matmul(torch.ones(4)), torch.RuntimeError,
      'inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively'],
    ['expand of [2,3] to [2,4,3]', () => torch.ones(2, 3).expand(2, 4, 3), torch.RuntimeError,
      'The expanded size of the tensor (4) must match the existing size (2) at non-singleton dimension 1.  Target sizes: [2, 4, 3].  Tensor sizes: [2, 3]'],
    ['stack of [2,3] and [2,4]', () => torch.stack([torch.ones(2, 3), torch.ones(2, 4)]), torch.RuntimeError,
      'stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1'],
    ['cat of ranks 2 and 1', () => torch.cat([torch.ones(2, 3), torch.ones(3)]), torch.RuntimeError,
      'Tensors must have same number of dimensions: got 2 and 1'],
  ],
  dtype: [
    ['matmul of float32 and float64', () => torch.ones(2, 2).matmul(torch.ones([2, 2], { dtype: torch.float64 })), torch.RuntimeError,
      'expected scalar type Float but found Double'],
    ['where with a float condition', () => torch.where(torch.ones(3), torch.ones(3), torch.ones(3)), torch.RuntimeError,
      'where expected condition to be a boolean tensor, but got a tensor with dtype Float'],
    ['mul_ of an int64 tensor by floats', () => torch.ones([3], { dtype: torch.int64 }).mul_(torch.tensor([1.5, 1.5, 1.5])), torch.RuntimeError,
      "result type Float can't be cast to the desired output type Long"],
    ['index_select with a float index', () => torch.ones(3).index_select(0, torch.tensor([0])), torch.RuntimeError,
      'index_select(): Expected dtype int32 or int64 for index'],
  ],
  value: [
    ['arange with step 0', () => torch.arange(0, 5, 0), torch.RuntimeError, 'step must be nonzero'],
    ['linspace with -1 steps', () => torch.linspace(0, 1, -1), torch.RuntimeError, 'number of steps must be non-negative'],
    ['sum over dims (0, -2)', () => torch.ones(2, 3).sum([0, -2]), torch.RuntimeError, 'dim 0 appears multiple times in the list of dims'],
    ['zeros(2, -1)', () => torch.zeros(2, -1), torch.RuntimeError, 'Trying to create tensor with negative dimension -1: [2, -1]'],
    ['reshape(-1, -1)', () => torch.ones(2, 3).reshape(-1, -1), torch.RuntimeError, 'only one dimension can be inferred'],
    ['cat of 0-d tensors', () => torch.cat([torch.tensor(1), torch.tensor(2)]), torch.RuntimeError,
      'zero-dimensional tensor (at position 0) cannot be concatenated'],
    ['x[::-1]', () => torch.ones(3).index({ step: -1 }), torch.ValueError, 'step must be greater than zero'],
    ['x[::0]', () => torch.ones(3).index({ step: 0 }), torch.ValueError, 'slice step cannot be zero'],
    ['tensor([[1, 2], [3]])', () => torch.tensor([[1, 2], [3]]), torch.ValueError, 'expected sequence of length 2 at dim 1 (got 1)'],
    ["mse_loss with reduction 'foo'", () => F.mse_loss(torch.ones(3), torch.ones(3), { reduction: 'foo' as 'sum' }), torch.ValueError,
      'foo is not a valid value for reduction'],
  ],
  type: [
    ["tensor([1, 'a'])", () => torch.tensor([1, 'a'] as unknown as number[]), torch.TypeError, "new(): invalid data type 'str'"],
    ['x[1.5]', () => torch.ones(3).index(1.5), torch.IndexError,
      'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)'],
  ],
  index: [
    ['sum over dim 2 of a 2-d tensor', () => torch.ones(2, 3).sum(2), torch.IndexError,
      'Dimension out of range (expected to be in range of [-2, 1], but got 2)'],
    ['unsqueeze(2) of a 0-d tensor', () => torch.tensor(1).unsqueeze(2), torch.IndexError,
      'Dimension out of range (expected to be in range of [-1, 0], but got 2)'],
    ['softmax over dim -3 of a 2-d tensor', () => torch.ones(2, 3).softmax(-3), torch.IndexError,
      'Dimension out of range (expected to be in range of [-2, 1], but got -3)'],
    ['x[5] of 3 elements', () => torch.ones(3).index(5), torch.IndexError, 'index 5 is out of bounds for dimension 0 with size 3'],
    ['x[0, 0] of a 1-d tensor', () => torch.ones(3).index(0, 0), torch.IndexError, 'too many indices for tensor of dimension 1'],
    ['index_select of index 5', () => torch.ones(3).index_select(0, torch.tensor([5], { dtype: torch.int64 })), torch.IndexError,
      'index out of range in self'],
    ['cross_entropy with target 5 of 3 classes', () => F.cross_entropy(torch.ones(2, 3), torch.tensor([0, 5], { dtype: torch.int64 })),
      torch.IndexError, 'Target 5 is out of bounds.'],
    ['argmax of an empty tensor', () => torch.ones(0).argmax(), torch.IndexError,
      'argmax(): Expected reduction dim to be specified for input.numel() == 0.'],
  ],
  runtime: [
    ['backward of a tensor that does not require grad', () => torch.ones(2).sum().backward(), torch.RuntimeError,
      'element 0 of tensors does not require grad and does not have a grad_fn'],
    ['backward of a non-scalar without a gradient', () => torch.ones([2], { requires_grad: true }).mul(2).backward(), torch.RuntimeError,
      'grad can be implicitly created only for scalar outputs'],
    ['add_ on a leaf that requires grad', () => torch.ones([2], { requires_grad: true }).add_(1), torch.RuntimeError,
      'a leaf Variable that requires grad is being used in an in-place operation.'],
    ['a second backward through a freed graph', () => {
      const y = torch.ones([2], { requires_grad: true }).exp().sum();
      y.backward();
      y.backward();
    }, torch.RuntimeError,
    'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
      'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True ' +
      'if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.'],
  ],
};

describe('errors: a mistake raises the exception PyTorch raises, with its text', () => {
  for (const [kind, cases] of Object.entries(CASES)) {
    for (const [mistake, fn, Class, text] of cases) {
      it(`${kind}: ${mistake} raises ${Class.name === 'TorchTypeError' ? 'TypeError' : Class.name}: ${text.slice(0, 60)}`, () => {
        const e = thrown(fn);
        expect(e).toBeInstanceOf(Class);
        expect(e).not.toBeInstanceOf(core.TwingradError);
        expect(e.name).toBe(new Class('').name);
        expect(e.message).toBe(text);
        expect(String(e)).toBe(`${e.name}: ${text}`);
      });
    }
  }

  it('every kind of core error has a case', () => {
    expect(Object.keys(CASES).sort()).toEqual([...core.ERROR_KINDS].sort());
  });
});

describe('errors: the classes', () => {
  it("carry Python's names, and torch.TypeError is also JavaScript's TypeError", () => {
    expect(new torch.RuntimeError('m').name).toBe('RuntimeError');
    expect(new torch.IndexError('m').name).toBe('IndexError');
    expect(new torch.ValueError('m').name).toBe('ValueError');
    expect(new torch.TypeError('m').name).toBe('TypeError');
    expect(torch.TypeError).toBe(torch.TorchTypeError);
    expect(new torch.TypeError('m')).toBeInstanceOf(TypeError);
    expect(new torch.RuntimeError('m')).toBeInstanceOf(Error);
  });

  it("a translated error's stack starts with PyTorch's class and text and keeps the core frame that caught it", () => {
    const e = thrown(() => torch.ones(2, 3).sum(2));
    expect(e.stack!.split('\n')[0]).toBe('IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(e.stack).toMatch(/normAxis/);
  });

  it('a core type error keeps its text under TypeError where PyTorch words it per argument', () => {
    // PyTorch 1.13: TypeError: add(): argument 'other' (position 1) must be Tensor, not str
    const e = thrown(() => torch.ones(3).add('a' as unknown as number));
    expect(e).toBeInstanceOf(torch.TypeError);
    expect(e.message).toBe('add: expected a tensor or a number, got string');
  });

  it("the optimizers raise PyTorch's ValueError and TypeError", () => {
    const p = torch.ones([1], { requires_grad: true });
    // PyTorch 1.13: ValueError: Invalid learning rate: -0.1
    expect(thrown(() => new torch.optim.SGD([p], { lr: -0.1 }))).toBeInstanceOf(torch.ValueError);
    // PyTorch 1.13: TypeError: params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor
    const e = thrown(() => new torch.optim.SGD(p as unknown as torch.Tensor[], { lr: 0.1 }));
    expect(e).toBeInstanceOf(torch.TypeError);
    expect(e.message).toBe('params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor');
  });

  it("the demo's section 8 line reads as PyTorch's", () => {
    const c = torch.tensor(3.0);
    const e = thrown(() => c.mul(c).backward());
    // PyTorch 1.13: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
    expect(`${e.name}: ${e.message}`).toBe('RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn');
  });

  it('autograd.grad and the functional API raise RuntimeError', () => {
    const x = torch.ones([2], { requires_grad: true });
    expect(thrown(() => torch.autograd.grad(torch.ones(2).sum(), x))).toBeInstanceOf(torch.RuntimeError);
    expect(thrown(() => torch.autograd.functional.hessian((t) => t.mul(2), torch.ones(2)))).toBeInstanceOf(torch.RuntimeError);
  });
});

describe('errors: rewrites no facade call reaches easily', () => {
  it("the SVD's non-convergence is linalg.svd's text", () => {
    // PyTorch 1.13's text for LAPACK's info > 0 in the SVD, "<api>: [(Batch element b): ]The algorithm failed to
    // converge because the input matrix is ill-conditioned or has too many repeated singular values (error code: n)."
    // (its pieces are in libtorch_cpu.so; a live NaN batch gives "linalg.svd: (Batch element 1): The algorithm failed
    // to converge because the input matrix contained non-finite values.", raised as _LinAlgError, a RuntimeError);
    // the core words it for its own op
    const tail = 'The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated singular values (error code: 2).';
    const e = translate(new core.TwingradError('runtime', `svdvals: (Batch element 1): ${tail}`)) as Error;
    expect(e).toBeInstanceOf(torch.RuntimeError);
    expect(e.message).toBe(`linalg.svd: (Batch element 1): ${tail}`);
    expect((translate(new core.TwingradError('runtime', `svdvals: ${tail}`)) as Error).message).toBe(`linalg.svd: ${tail}`);
  });
});

describe('errors: the boundary', () => {
  const src = join(__dirname, '..', 'src');
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)]));

  it('only core.ts and errors.ts import @twingrad/core values, so every core call goes through the guard', () => {
    const importers = files(src).filter((f) => /^import (?!type )[^;]*from '@twingrad\/core';/m.test(readFileSync(f, 'utf8')));
    expect(importers.map((f) => f.slice(src.length + 1)).sort()).toEqual(['core.ts', 'errors.ts']);
  });

  it("the facade raises PyTorch's classes itself, never the core's error", () => {
    const raisers = files(src).filter((f) => /core\.fail\(/.test(readFileSync(f, 'utf8')));
    expect(raisers).toEqual([]);
  });
});
