// The outputs of split and chunk, which PyTorch makes as views of one node with several outputs
// (CreationMeta::MULTI_OUTPUT_NODE), against PyTorch 1.13 (/usr/bin/python3; the Python beside each case). twingrad's
// pieces are copies that follow their source (copies.ts), but where PyTorch refuses, they refuse in PyTorch's words:
// an in-place op on one, or on a view of one, while autograd would record it; and once the storage has been written
// in place, any use of its history (an op that records it, grad_fn, is_leaf, repr), since PyTorch does not make a
// piece's history again. Values stay readable, and a history made before the write stays usable.
import { describe, expect, it } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';

const TAIL = 'This view is the output of a function that returns multiple views. Such functions do not allow the output views to be ' +
  'modified inplace. You should replace the inplace operation by an out-of-place one.';
/** handle_view_on_rebase's text for a write to the base (indirect) or to the view itself. */
const viaBase = (fn: string) => `RuntimeError: ${fn} is a view and its base or another view of its base has been modified inplace. ${TAIL}`;
const itself = (fn: string) => `RuntimeError: ${fn} is a view and is being modified inplace. ${TAIL}`;
const NO_GRAD_FN = `RuntimeError: A view was created in no_grad mode and is being modified inplace with grad mode enabled. ${TAIL}`;

// x = torch.tensor([1., 2., 3., 4.], requires_grad=True); y = x * 2
const made = () => {
  const x = torch.tensor([1, 2, 3, 4], { requires_grad: true });
  return { x, y: x.mul(2) };
};

describe('an in-place op on an output of split or chunk', () => {
  it("is PyTorch's error while autograd would record it, naming the piece", () => {
    // p = y.split(2)[0]; p.add_(1) -> Output 0 of SplitBackward0 is a view and is being modified inplace. ...
    let { y } = made();
    expect(err(() => y.split(2)[0]!.add_(1))).toBe(itself('Output 0 of SplitBackward0'));
    // x.split(2)[0].add_(1) on the leaf itself: the same (before the leaf's own check)
    const x = torch.tensor([1, 2, 3, 4], { requires_grad: true });
    expect(err(() => x.split(2)[0]!.add_(1))).toBe(itself('Output 0 of SplitBackward0'));
    // y.split(2)[0].chunk(2)[1].mul_(2) -> Output 1 of SplitBackward0 ...; y.split(2)[0].view(2).add_(1) -> ViewBackward0
    ({ y } = made());
    expect(err(() => y.split(2)[0]!.chunk(2)[1]!.mul_(2))).toBe(itself('Output 1 of SplitBackward0'));
    expect(err(() => y.split(2)[0]!.view(2).add_(1))).toBe(itself('Output 0 of ViewBackward0'));
  });

  it('is the no_grad-mode text for a piece with no history that an operand requiring grad would give one', () => {
    // x = torch.tensor([1., 2., 3., 4.]); p = x.split(2)[0]; p.add_(torch.ones(2, requires_grad=True)) -> NO_GRAD_FN
    const x = torch.tensor([1, 2, 3, 4]);
    expect(err(() => x.split(2)[0]!.add_(torch.ones(2, { requires_grad: true })))).toBe(NO_GRAD_FN);
    // x.split(2)[0] taken before x.requires_grad_(); p.add_(1) -> NO_GRAD_FN
    const w = torch.tensor([1, 2, 3, 4]);
    const p = w.split(2)[0]!;
    w.requires_grad_();
    expect(err(() => p.add_(1))).toBe(NO_GRAD_FN);
  });
});

describe('an output of split or chunk after its storage was written in place', () => {
  it('refuses an op that records it, grad_fn, is_leaf and repr', () => {
    // p = y.chunk(2)[0]; y.add_(1); p.grad_fn, p * 3, repr(p), p.is_leaf -> Output 0 of SplitBackward0 ... (indirect)
    const { y } = made();
    const p = y.chunk(2)[0]!;
    const q = y.split(2)[1]!;
    y.add_(1);
    expect(err(() => p.grad_fn)).toBe(viaBase('Output 0 of SplitBackward0'));
    expect(err(() => p.mul(3))).toBe(viaBase('Output 0 of SplitBackward0'));
    expect(err(() => String(p))).toBe(viaBase('Output 0 of SplitBackward0'));
    expect(err(() => q.is_leaf)).toBe(viaBase('Output 1 of SplitBackward0'));
  });

  it('names the output of split with sizes, and the views and copies taken of a piece', () => {
    // y.split([1, 3])[1]; y.add_(1); p.sum() -> Output 1 of SplitWithSizesBackward0 ...
    let { y } = made();
    const p = y.split([1, 3])[1]!;
    y.add_(1);
    expect(err(() => p.sum())).toBe(viaBase('Output 1 of SplitWithSizesBackward0'));
    // p = y.split(2)[0]; v = p.view(2); s = p[0]; c = p.chunk(2)[1]; y.add_(1)
    // v.grad_fn -> ViewBackward0, s.grad_fn -> Output 0 of SelectBackward0, c.grad_fn -> Output 1 of SplitBackward0
    ({ y } = made());
    const piece = y.split(2)[0]!;
    const v = piece.view(2), s = piece.index(0), c = piece.chunk(2)[1]!;
    y.add_(1);
    expect(err(() => v.grad_fn)).toBe(viaBase('Output 0 of ViewBackward0'));
    expect(err(() => s.grad_fn)).toBe(viaBase('Output 0 of SelectBackward0'));
    expect(err(() => c.grad_fn)).toBe(viaBase('Output 1 of SplitBackward0'));
  });

  it('counts a write under no_grad or through detach(), not one through .data', () => {
    // with torch.no_grad(): y.add_(1); p.grad_fn -> error; y.detach().add_(1); p + 1 -> error
    let { y } = made();
    let p = y.split(2)[0]!;
    torch.no_grad(() => y.add_(1));
    expect(err(() => p.grad_fn)).toBe(viaBase('Output 0 of SplitBackward0'));
    ({ y } = made());
    p = y.split(2)[0]!;
    y.detach().add_(1);
    expect(err(() => p.add(1))).toBe(viaBase('Output 0 of SplitBackward0'));
    // y.data.add_(1): .data has a version counter of its own -> p.grad_fn is <SplitBackward0>
    ({ y } = made());
    p = y.split(2)[0]!;
    y.data.add_(1);
    expect(String(p.grad_fn)).toBe('<SplitBackward0 object>');
  });

  it('still gives its values, runs ops on it under no_grad, and keeps a history made before the write', () => {
    // p = y.chunk(2)[0]; q = p * 1; y.add_(1)
    // p.detach() -> [3., 5.]; p._version -> 1; p.requires_grad -> True; with no_grad: p * 3 -> [9., 15.]
    // q.sum().backward(); x.grad -> [2., 2., 0., 0.]
    const { x, y } = made();
    const p = y.chunk(2)[0]!;
    const q = p.mul(1);
    y.add_(1);
    expect(p.detach().tolist()).toEqual([3, 5]);
    expect(p._version).toBe(1);
    expect(p.requires_grad).toBe(true);
    expect(torch.no_grad(() => p.mul(3)).tolist()).toEqual([9, 15]);
    q.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2, 0, 0]);
  });

  it('asks nothing of a piece without history of a base that requires no grad', () => {
    // x = torch.tensor([1., 2., 3., 4.]); p = x.split(2)[0]; x.add_(1); p.grad_fn -> None, p.tolist() -> [2., 3.]
    const x = torch.tensor([1, 2, 3, 4]);
    const p = x.split(2)[0]!;
    x.add_(1);
    expect(p.grad_fn).toBeNull();
    expect(p.tolist()).toEqual([2, 3]);
    // p.requires_grad_() after the write makes it a leaf of its own: torch.exp(p).grad_fn -> <ExpBackward0>
    p.requires_grad_();
    expect(String(p.exp().grad_fn)).toBe('<ExpBackward0 object>');
  });
});

describe("PyTorch's refusals come before the copy's own", () => {
  it('a view of a leaf that requires grad, and a copy made under no_grad', () => {
    const LEAF_VIEW = 'RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation.';
    // x = torch.tensor([1., 2.], requires_grad=True); x.expand(3, 2).add_(1) -> LEAF_VIEW (before the overlap error)
    const x = torch.tensor([1, 2], { requires_grad: true });
    expect(err(() => x.expand(3, 2).add_(1))).toBe(LEAF_VIEW);
    // torch.tensor([[1., 2.], [3., 4.]], requires_grad=True).t().add_(1) -> LEAF_VIEW
    expect(err(() => torch.tensor([[1, 2], [3, 4]], { requires_grad: true }).t().add_(1))).toBe(LEAF_VIEW);
    // with torch.no_grad(): p = y[1:3] (y = x * 2 as above); p.add_(1) -> the no_grad view's error
    const { y } = made();
    const p = torch.no_grad(() => y.index({ start: 1, stop: 3 }));
    expect(err(() => p.add_(1))).toBe('RuntimeError: A view was created in no_grad mode and is being modified inplace with grad mode ' +
      'enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the ' +
      "view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside " +
      '(if you want the inplace to be tracked).');
  });

  it('writes through the piece where PyTorch does: nothing requires grad', () => {
    // x = torch.tensor([1., 2., 3., 4.]); x.split(2)[0].add_(1); print(x, x._version) -> tensor([2., 3., 3., 4.]) 1
    const x = torch.tensor([1, 2, 3, 4]);
    x.split(2)[0]!.add_(1);
    expect([String(x), x._version]).toEqual(['tensor([2., 3., 3., 4.])', 1]);
  });
});

describe("PyTorch's leaf checks before the copy's error", () => {
  it('a view given requires_grad_() of its own, whose base requires none, is a view of a leaf', () => {
    // torch.zeros(2, 2).t().requires_grad_().add_(1), torch.zeros(4).view(2, 2).requires_grad_().add_(1),
    // torch.zeros(3).select(0, 2).requires_grad_().fill_(7) -> each: a view of a leaf Variable that requires grad ...
    const LEAF_VIEW = 'RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation.';
    expect(err(() => torch.zeros(2, 2).t().requires_grad_().add_(1))).toBe(LEAF_VIEW);
    expect(err(() => torch.zeros(4).view(2, 2).requires_grad_().add_(1))).toBe(LEAF_VIEW);
    expect(err(() => torch.zeros(3).select(0, 2).requires_grad_().fill_(7))).toBe(LEAF_VIEW);
  });
});
