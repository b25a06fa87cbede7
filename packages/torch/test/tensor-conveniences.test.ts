// torch.Tensor's conveniences (is_contiguous, nelement, cpu, device, new_*, type_as, masked_fill(_)) and torch.device,
// against PyTorch 1.13 (/usr/bin/python3; the Python and its output beside each case). Unless a case says otherwise:
// x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True); m = torch.tensor([[True, False, True], [False, False, True]])
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as torch from '@twingrad/torch';
import { err } from './thrown.js';

const mk = () => torch.tensor([[1, 2, 3], [4, 5, 6]], { requires_grad: true });
const M = () => torch.tensor([[true, false, true], [false, false, true]]);
const int = (d: unknown) => torch.tensor(d as number[], { dtype: torch.int64 });
const EXPECTED_DEVICE = 'Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, vulkan, mps, meta, hpu, privateuseone device type at start of device string';

describe('is_contiguous, nelement, cpu', () => {
  it('is_contiguous follows the strides PyTorch tensor would have', () => {
    // x.is_contiguous() -> True; x.t().is_contiguous() -> False; x.t().contiguous().is_contiguous() -> True
    // x[:, ::2].is_contiguous() -> False; x.narrow(1, 0, 2).is_contiguous() -> False; x.narrow(0, 1, 1).is_contiguous() -> True
    // x.select(1, 1).is_contiguous() -> False; x[0].is_contiguous() -> True; x.unsqueeze(0).is_contiguous() -> True
    // x.view(3, 2).is_contiguous() -> True; x.expand(2, 2, 3).is_contiguous() -> False; torch.ones(3,1).t().is_contiguous() -> True
    // x.permute(1, 0).reshape(6).is_contiguous() -> True
    const x = mk();
    expect([x.is_contiguous(), x.t().is_contiguous(), x.t().contiguous().is_contiguous()]).toEqual([true, false, true]);
    expect([x.index(null, { step: 2 }).is_contiguous(), x.narrow(1, 0, 2).is_contiguous(), x.narrow(0, 1, 1).is_contiguous()]).toEqual([false, false, true]);
    expect([x.select(1, 1).is_contiguous(), x.index(0).is_contiguous(), x.unsqueeze(0).is_contiguous()]).toEqual([false, true, true]);
    expect([x.view(3, 2).is_contiguous(), x.expand(2, 2, 3).is_contiguous(), torch.ones(3, 1).t().is_contiguous()]).toEqual([true, false, true]);
    expect(x.permute(1, 0).reshape(6).is_contiguous()).toBe(true);
  });

  it('nelement is numel', () => {
    // x.nelement() -> 6; torch.tensor(1.).nelement() -> 1; torch.ones(0,3).nelement() -> 0
    expect([mk().nelement(), torch.tensor(1).nelement(), torch.ones(0, 3).nelement()]).toEqual([6, 1, 0]);
  });

  it('cpu() is the tensor itself, its history kept', () => {
    // x.cpu() is x -> True; i = torch.tensor([1, 2, 3]); i.cpu() is i -> True; x.cpu().grad_fn -> None
    // y = x * 2; y.cpu() is y -> True
    const x = mk(), i = int([1, 2, 3]), y = x.mul(2);
    expect([x.cpu() === x, i.cpu() === i, x.cpu().grad_fn, y.cpu() === y]).toEqual([true, true, null, true]);
  });
});

describe('device', () => {
  it('every tensor is on the cpu, which prints as PyTorch prints it', () => {
    // x.device -> device(type='cpu'); str(x.device) -> 'cpu'; (x.device.type, x.device.index) -> ('cpu', None)
    // torch.device('cpu') == x.device -> True; torch.tensor([True]).device -> device(type='cpu')
    const x = mk();
    expect(x.device.repr()).toBe("device(type='cpu')");
    expect(String(x.device)).toBe('cpu');
    expect([x.device.type, x.device.index]).toEqual(['cpu', null]);
    expect(torch.device('cpu')).toBe(x.device);
    expect(torch.tensor([true]).device).toBe(x.device);
  });

  it('torch.device parses types and indices', () => {
    // torch.device('cpu:0') -> device(type='cpu', index=0); str(...) -> 'cpu:0'; torch.device('cpu:0') == torch.device('cpu') -> False
    // torch.device('cuda') -> device(type='cuda'); torch.device('cuda:1') -> device(type='cuda', index=1)
    // torch.device('cuda', 0) -> device(type='cuda', index=0); torch.device('cpu', None) -> device(type='cpu'); torch.device('meta') -> device(type='meta')
    expect(torch.device('cpu:0').repr()).toBe("device(type='cpu', index=0)");
    expect(String(torch.device('cpu:0'))).toBe('cpu:0');
    expect(torch.device('cpu:0')).not.toBe(torch.device('cpu'));
    expect(torch.device('cpu:0')).toBe(torch.device('cpu', 0));
    expect([torch.device('cuda').repr(), torch.device('cuda:1').repr()]).toEqual(["device(type='cuda')", "device(type='cuda', index=1)"]);
    expect([torch.device('cuda', 0).repr(), torch.device('cpu', null).repr(), torch.device('meta').repr()])
      .toEqual(["device(type='cuda', index=0)", "device(type='cpu')", "device(type='meta')"]);
  });

  it("refuses bad device strings in PyTorch's words", () => {
    // torch.device('gpu') -> RuntimeError: Expected one of cpu, ... privateuseone device type at start of device string: gpu
    // torch.device('gpu:0') -> the same, ending ': gpu'; torch.device('CPU') -> the same, ending ': CPU'
    expect(err(() => torch.device('gpu'))).toBe(`RuntimeError: ${EXPECTED_DEVICE}: gpu`);
    expect(err(() => torch.device('gpu:0'))).toBe(`RuntimeError: ${EXPECTED_DEVICE}: gpu`);
    expect(err(() => torch.device('CPU'))).toBe(`RuntimeError: ${EXPECTED_DEVICE}: CPU`);
    // torch.device('cpu:x') -> RuntimeError: Invalid device string: 'cpu:x'; likewise 'cpu:', ':0', 'cpu:-1', 'cpu:01', 'cpu: 0'
    for (const s of ['cpu:x', 'cpu:', ':0', 'cpu:-1', 'cpu:01', 'cpu: 0']) expect(err(() => torch.device(s))).toBe(`RuntimeError: Invalid device string: '${s}'`);
    // torch.device('') -> RuntimeError: Device string must not be empty
    expect(err(() => torch.device(''))).toBe('RuntimeError: Device string must not be empty');
    // torch.device('cpu:99999999999') -> RuntimeError: Could not parse device index '99999999999' in device string 'cpu:99999999999'
    expect(err(() => torch.device('cpu:99999999999'))).toBe("RuntimeError: Could not parse device index '99999999999' in device string 'cpu:99999999999'");
    // torch.device('cpu:1', 0) -> RuntimeError: type (string) must not include an index because index was passed explicitly: cpu:1
    expect(err(() => torch.device('cpu:1', 0))).toBe('RuntimeError: type (string) must not include an index because index was passed explicitly: cpu:1');
    // torch.device('cpu', -1) -> RuntimeError: Device index must not be negative
    expect(err(() => torch.device('cpu', -1))).toBe('RuntimeError: Device index must not be negative');
  });

  it('to() takes devices and device strings', () => {
    // t = torch.ones(2); t.to(torch.device('cpu')) is t -> True; t.to('cpu:0').device -> device(type='cpu')
    // t.to(torch.device('cuda')) -> AssertionError: Torch not compiled with CUDA enabled; t.to('cuda:0') -> the same
    // t.to('gpu:0') -> RuntimeError: Expected one of ... device string: gpu; t.to('cpu:x') -> RuntimeError: Invalid device string: 'cpu:x'
    const t = torch.ones(2);
    expect(t.to(torch.device('cpu'))).toBe(t);
    expect(t.to('cpu:0').device).toBe(torch.device('cpu'));
    expect(err(() => t.to(torch.device('cuda')))).toBe('AssertionError: Torch not compiled with CUDA enabled');
    expect(err(() => t.to('cuda:0'))).toBe('AssertionError: Torch not compiled with CUDA enabled');
    expect(err(() => t.to('gpu:0'))).toBe(`RuntimeError: ${EXPECTED_DEVICE}: gpu`);
    expect(err(() => t.to('cpu:x'))).toBe("RuntimeError: Invalid device string: 'cpu:x'");
  });
});

describe('new_zeros, new_ones, new_empty, new_full, new_tensor', () => {
  it("take sizes as varargs or one list, in the tensor's dtype, as new leaves", () => {
    // x.new_zeros(2, 3) -> tensor([[0., 0., 0.], [0., 0., 0.]]); x.new_zeros((2, 3)) and x.new_zeros([2, 3]) -> the same
    // x.new_zeros(()) -> tensor(0.); x.new_zeros([]) -> tensor(0.); x.new_empty((0, 2)) -> tensor([], size=(0, 2))
    const x = mk();
    for (const z of [x.new_zeros(2, 3), x.new_zeros([2, 3])]) expect(String(z)).toBe('tensor([[0., 0., 0.],\n        [0., 0., 0.]])');
    expect(String(x.new_zeros([]))).toBe('tensor(0.)');
    expect(String(x.new_empty([0, 2]))).toBe('tensor([], size=(0, 2))');
    // x.new_ones(2, 3) -> tensor([[1., 1., 1.], [1., 1., 1.]]); x.new_empty(2, 3).shape -> torch.Size([2, 3])
    expect(String(x.new_ones(2, 3))).toBe('tensor([[1., 1., 1.],\n        [1., 1., 1.]])');
    expect(String(x.new_empty(2, 3).shape)).toBe('torch.Size([2, 3])');
  });

  it('keep float64, int64 and bool, or take the dtype and requires_grad given', () => {
    // x.double().new_zeros(2) -> tensor([0., 0.], dtype=torch.float64); i.new_zeros(2) -> tensor([0, 0]); i.new_ones(3) -> tensor([1, 1, 1])
    // torch.tensor([True, False]).new_zeros(2) -> tensor([False, False]); torch.tensor([True, False]).new_ones((1, 2)) -> tensor([[True, True]])
    const x = mk(), i = int([1, 2, 3]), b = torch.tensor([true, false]);
    expect(String(x.double().new_zeros(2))).toBe('tensor([0., 0.], dtype=torch.float64)');
    expect([String(i.new_zeros(2)), String(i.new_ones(3))]).toEqual(['tensor([0, 0])', 'tensor([1, 1, 1])']);
    expect([String(b.new_zeros(2)), String(b.new_ones([1, 2]))]).toEqual(['tensor([False, False])', 'tensor([[True, True]])']);
    // x.new_zeros(2, 3, dtype=torch.int64) -> tensor([[0, 0, 0], [0, 0, 0]]); x.new_ones(2, dtype=torch.float64) -> tensor([1., 1.], dtype=torch.float64)
    // x.new_ones((2,), dtype=torch.bool) -> tensor([True, True]); x.new_empty(2, dtype=torch.int64).dtype -> torch.int64
    expect(String(x.new_zeros(2, 3, { dtype: torch.int64 }))).toBe('tensor([[0, 0, 0],\n        [0, 0, 0]])');
    expect(String(x.new_ones(2, { dtype: torch.float64 }))).toBe('tensor([1., 1.], dtype=torch.float64)');
    expect(String(x.new_ones([2], { dtype: torch.bool }))).toBe('tensor([True, True])');
    expect(x.new_empty(2, { dtype: torch.int64 }).dtype).toBe(torch.int64);
    // x.new_zeros(2, requires_grad=True) -> tensor([0., 0.], requires_grad=True); x.new_ones(2, requires_grad=True) -> tensor([1., 1.], requires_grad=True)
    // x.new_zeros(2).requires_grad -> False (x requires grad); i.new_zeros(2, requires_grad=True) -> RuntimeError: Only Tensors of floating point and complex dtype can require gradients
    expect(String(x.new_zeros(2, { requires_grad: true }))).toBe('tensor([0., 0.], requires_grad=True)');
    expect(String(x.new_ones(2, { requires_grad: true }))).toBe('tensor([1., 1.], requires_grad=True)');
    expect(x.new_zeros(2).requires_grad).toBe(false);
    expect(err(() => i.new_zeros(2, { requires_grad: true }))).toBe('RuntimeError: Only Tensors of floating point and complex dtype can require gradients');
  });

  it("refuse bad sizes in PyTorch's words", () => {
    // x.new_zeros(2.5) -> TypeError: new_zeros(): argument 'size' (position 1) must be tuple of SymInts, not float
    // x.new_zeros(2, 2.5) and x.new_zeros([2, 2.5]) -> TypeError: new_zeros(): argument 'size' must be tuple of SymInts, but found element of type float at pos 2
    // x.new_zeros(-1) -> RuntimeError: Trying to create tensor with negative dimension -1: [-1]
    // x.new_zeros() -> TypeError: new_zeros() missing 1 required positional arguments: "size"
    const x = mk();
    expect(err(() => x.new_zeros(2.5))).toBe("TypeError: new_zeros(): argument 'size' (position 1) must be tuple of SymInts, not float");
    const pos2 = "TypeError: new_zeros(): argument 'size' must be tuple of SymInts, but found element of type float at pos 2";
    expect([err(() => x.new_zeros(2, 2.5)), err(() => x.new_zeros([2, 2.5]))]).toEqual([pos2, pos2]);
    expect(err(() => x.new_zeros(-1))).toBe('RuntimeError: Trying to create tensor with negative dimension -1: [-1]');
    expect(err(() => x.new_zeros())).toBe('TypeError: new_zeros() missing 1 required positional arguments: "size"');
    expect(err(() => x.new_ones({ dtype: torch.float64 }))).toBe('TypeError: new_ones() missing 1 required positional arguments: "size"');
  });

  it("new_full converts the value to the tensor's dtype, not the value's", () => {
    // x.new_full((2, 3), 7) -> tensor([[7., 7., 7.], [7., 7., 7.]]); x.new_full([2], 7.5) -> tensor([7.5000, 7.5000])
    // x.new_full((2,), True) -> tensor([1., 1.]); x.new_full((2,), float('nan')) -> tensor([nan, nan])
    // i.new_full((2,), 7.5) -> tensor([7, 7]); i.new_full((2,), True) -> tensor([1, 1]); torch.tensor([True]).new_full((2,), 5) -> tensor([True, True])
    // x.new_full((2,), 7, dtype=torch.int64) -> tensor([7, 7]); x.new_full((2,), 1.5, dtype=torch.float64, requires_grad=True)
    //   -> tensor([1.5000, 1.5000], dtype=torch.float64, requires_grad=True)
    const x = mk(), i = int([1]), b = torch.tensor([true]);
    expect(String(x.new_full([2, 3], 7))).toBe('tensor([[7., 7., 7.],\n        [7., 7., 7.]])');
    expect([String(x.new_full([2], 7.5)), String(x.new_full([2], true)), String(x.new_full([2], NaN))])
      .toEqual(['tensor([7.5000, 7.5000])', 'tensor([1., 1.])', 'tensor([nan, nan])']);
    expect([String(i.new_full([2], 7.5)), String(i.new_full([2], true)), String(b.new_full([2], 5))])
      .toEqual(['tensor([7, 7])', 'tensor([1, 1])', 'tensor([True, True])']);
    expect(String(x.new_full([2], 7, { dtype: torch.int64 }))).toBe('tensor([7, 7])');
    expect(String(x.new_full([2], 1.5, { dtype: torch.float64, requires_grad: true })))
      .toBe('tensor([1.5000, 1.5000], dtype=torch.float64, requires_grad=True)');
    // x.new_full(2, 7) -> TypeError: new_full(): argument 'size' (position 1) must be tuple of SymInts, not int
    // i.new_full((2,), float('nan')) -> RuntimeError: value cannot be converted to type int64_t without overflow
    expect(err(() => x.new_full(2 as never, 7))).toBe("TypeError: new_full(): argument 'size' (position 1) must be tuple of SymInts, not int");
    expect(err(() => i.new_full([2], NaN))).toBe('RuntimeError: value cannot be converted to type int64_t without overflow');
  });

  describe('new_tensor', () => {
    let warn: ReturnType<typeof vi.spyOn>;
    beforeEach(() => { warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined); });
    afterEach(() => { warn.mockRestore(); });

    it("copies data into the tensor's dtype", () => {
      // x.new_tensor([1, 2]) -> tensor([1., 2.]); x.new_tensor(3) -> tensor(3.); x.new_tensor([True, False]) -> tensor([1., 0.])
      // i.new_tensor([1.5, 2]) -> tensor([1, 2]); torch.tensor([True]).new_tensor([2, 3]) -> tensor([True, True])
      // x.new_tensor([[1, 2]], dtype=torch.float64) -> tensor([[1., 2.]], dtype=torch.float64); x.new_tensor([1.5]).requires_grad -> False
      // x.new_tensor([1, 2], requires_grad=True) -> tensor([1., 2.], requires_grad=True)
      // i.new_tensor([1, 2], requires_grad=True) -> RuntimeError: Only Tensors of floating point and complex dtype can require gradients
      const x = mk(), i = int([1]);
      expect([String(x.new_tensor([1, 2])), String(x.new_tensor(3)), String(x.new_tensor([true, false]))]).toEqual(['tensor([1., 2.])', 'tensor(3.)', 'tensor([1., 0.])']);
      expect([String(i.new_tensor([1.5, 2])), String(torch.tensor([true]).new_tensor([2, 3]))]).toEqual(['tensor([1, 2])', 'tensor([True, True])']);
      expect(String(x.new_tensor([[1, 2]], { dtype: torch.float64 }))).toBe('tensor([[1., 2.]], dtype=torch.float64)');
      expect(x.new_tensor([1.5]).requires_grad).toBe(false);
      expect(String(x.new_tensor([1, 2], { requires_grad: true }))).toBe('tensor([1., 2.], requires_grad=True)');
      expect(err(() => i.new_tensor([1, 2], { requires_grad: true }))).toBe('RuntimeError: Only Tensors of floating point and complex dtype can require gradients');
    });

    it('copies a tensor, with PyTorch\'s warning', () => {
      // x.new_tensor(torch.tensor([1, 2, 3])) -> tensor([1., 2., 3.]), with UserWarning: To copy construct from a tensor, it is recommended
      // to use sourceTensor.clone().detach() or sourceTensor.clone().detach().requires_grad_(True), rather than tensor.new_tensor(sourceTensor).
      const c = mk().new_tensor(int([1, 2, 3]));
      expect(String(c)).toBe('tensor([1., 2., 3.])');
      const again = torch.tensor([1, 2]);
      expect(String(mk().new_tensor(again))).toBe('tensor([1., 2.])');
      // once per process (warnOnce, as Python's default filter shows it once per call site); each test file has its own
      const texts = warn.mock.calls.map((a: unknown[]) => String(a[0]));
      expect(texts).toEqual(['To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or ' +
        'sourceTensor.clone().detach().requires_grad_(True), rather than tensor.new_tensor(sourceTensor).']);
      expect(c._t).not.toBe(again._t);
    });
  });
});

describe('type_as', () => {
  it("casts to other's dtype, itself when it has it already", () => {
    // x.type_as(i) -> tensor([[1, 2, 3], [4, 5, 6]]); i.type_as(x) -> tensor([1., 2., 3.]); x.type_as(x) is x -> True
    // x.type_as(torch.tensor([1.], dtype=torch.float64)) -> tensor([[1., 2., 3.], [4., 5., 6.]], dtype=torch.float64, grad_fn=<ToCopyBackward0>)
    // x.type_as(torch.tensor([True])) -> tensor([[True, True, True], [True, True, True]]); torch.tensor([0., 1.5]).type_as(torch.tensor([True])) -> tensor([False,  True])
    const x = mk(), i = int([1, 2, 3]);
    expect(String(x.type_as(i))).toBe('tensor([[1, 2, 3],\n        [4, 5, 6]])');
    expect(String(i.type_as(x))).toBe('tensor([1., 2., 3.])');
    expect(x.type_as(x)).toBe(x);
    expect(String(x.type_as(torch.tensor([1], { dtype: torch.float64 }))))
      .toBe('tensor([[1., 2., 3.],\n        [4., 5., 6.]], dtype=torch.float64, grad_fn=<ToCopyBackward0>)');
    expect(String(x.type_as(torch.tensor([true])))).toBe('tensor([[True, True, True],\n        [True, True, True]])');
    expect(String(torch.tensor([0, 1.5]).type_as(torch.tensor([true])))).toBe('tensor([False,  True])');
    // x.type_as(1) -> TypeError: type_as(): argument 'other' (position 1) must be Tensor, not int
    expect(err(() => x.type_as(1 as never))).toBe("TypeError: type_as(): argument 'other' (position 1) must be Tensor, not int");
  });
});

describe('masked_fill', () => {
  it('fills where the mask is set, broadcasting the mask both ways', () => {
    // x.masked_fill(m, 0) -> tensor([[0., 2., 0.], [4., 5., 0.]], grad_fn=<MaskedFillBackward0>)
    // x.masked_fill(torch.tensor([True, False, False]), -1.5) -> tensor([[-1.5000,  2.0000,  3.0000], [-1.5000,  5.0000,  6.0000]], grad_fn=<MaskedFillBackward0>)
    // x.masked_fill(torch.tensor([[True], [False]]), 7) -> tensor([[7., 7., 7.], [4., 5., 6.]], grad_fn=<MaskedFillBackward0>)
    // x.masked_fill(torch.tensor(True), 0) -> tensor([[0., 0., 0.], [0., 0., 0.]], grad_fn=<MaskedFillBackward0>)
    // torch.ones(3).masked_fill(m, 5) -> tensor([[5., 1., 5.], [1., 1., 5.]]); torch.tensor(3.).masked_fill(torch.tensor([True, False]), 0) -> tensor([0., 3.])
    // torch.masked_fill(x, m, 0) -> tensor([[0., 2., 0.], [4., 5., 0.]], grad_fn=<MaskedFillBackward0>)
    const x = mk();
    expect(String(x.masked_fill(M(), 0))).toBe('tensor([[0., 2., 0.],\n        [4., 5., 0.]], grad_fn=<MaskedFillBackward0>)');
    expect(String(x.masked_fill(torch.tensor([true, false, false]), -1.5)))
      .toBe('tensor([[-1.5000,  2.0000,  3.0000],\n        [-1.5000,  5.0000,  6.0000]], grad_fn=<MaskedFillBackward0>)');
    expect(String(x.masked_fill(torch.tensor([[true], [false]]), 7))).toBe('tensor([[7., 7., 7.],\n        [4., 5., 6.]], grad_fn=<MaskedFillBackward0>)');
    expect(String(x.masked_fill(torch.tensor(true), 0))).toBe('tensor([[0., 0., 0.],\n        [0., 0., 0.]], grad_fn=<MaskedFillBackward0>)');
    expect(String(torch.ones(3).masked_fill(M(), 5))).toBe('tensor([[5., 1., 5.],\n        [1., 1., 5.]])');
    expect(String(torch.tensor(3).masked_fill(torch.tensor([true, false]), 0))).toBe('tensor([0., 3.])');
    expect(String(torch.masked_fill(x, M(), 0))).toBe('tensor([[0., 2., 0.],\n        [4., 5., 0.]], grad_fn=<MaskedFillBackward0>)');
  });

  it("converts the value to the tensor's dtype", () => {
    // i = torch.tensor([[1, 2, 3], [4, 5, 6]]); i.masked_fill(m, 1.7) -> tensor([[1, 2, 1], [4, 5, 1]]); i.masked_fill(m, -1.7) -> tensor([[-1,  2, -1], [ 4,  5, -1]])
    // i.masked_fill(m, True) -> tensor([[1, 2, 1], [4, 5, 1]]); i.masked_fill(m, torch.tensor(2.5)) -> tensor([[2, 2, 2], [4, 5, 2]])
    // torch.tensor([True, False]).masked_fill(torch.tensor([True, True]), 0.5) -> tensor([True, True]); ... 0) -> tensor([False, False])
    // torch.tensor([True, False]).masked_fill(torch.tensor([True, False]), torch.tensor(0.5)) -> tensor([ True, False])
    // torch.ones(2, dtype=torch.float64).masked_fill(torch.tensor([True, False]), 0.1) -> tensor([0.1000, 1.0000], dtype=torch.float64)
    // torch.ones(2).masked_fill(torch.tensor([True, False]), torch.tensor(0.1, dtype=torch.float64)) -> tensor([0.1000, 1.0000])
    // torch.ones(2).masked_fill(torch.tensor([True, False]), torch.tensor(True)) -> tensor([1., 1.]); x.masked_fill(m, -0.0) -> tensor([[-0., 2., -0.], [4., 5., -0.]])
    const i = int([[1, 2, 3], [4, 5, 6]]), m = M(), tf = torch.tensor([true, false]), tt = torch.tensor([true, true]);
    expect(String(i.masked_fill(m, 1.7))).toBe('tensor([[1, 2, 1],\n        [4, 5, 1]])');
    expect(String(i.masked_fill(m, -1.7))).toBe('tensor([[-1,  2, -1],\n        [ 4,  5, -1]])');
    expect(String(i.masked_fill(m, true))).toBe('tensor([[1, 2, 1],\n        [4, 5, 1]])');
    expect(String(i.masked_fill(m, torch.tensor(2.5)))).toBe('tensor([[2, 2, 2],\n        [4, 5, 2]])');
    expect([String(tf.masked_fill(tt, 0.5)), String(tf.masked_fill(tt, 0)), String(tf.masked_fill(tf, torch.tensor(0.5)))])
      .toEqual(['tensor([True, True])', 'tensor([False, False])', 'tensor([ True, False])']);
    expect(String(torch.ones(2, { dtype: torch.float64 }).masked_fill(tf, 0.1))).toBe('tensor([0.1000, 1.0000], dtype=torch.float64)');
    expect(String(torch.ones(2).masked_fill(tf, torch.tensor(0.1, { dtype: torch.float64 })))).toBe('tensor([0.1000, 1.0000])');
    expect(String(torch.ones(2).masked_fill(tf, torch.tensor(true)))).toBe('tensor([1., 1.])');
    expect(String(mk().masked_fill(m, -0).detach())).toBe('tensor([[-0., 2., -0.],\n        [4., 5., -0.]])');
  });

  it("refuses bad arguments in PyTorch's words and order", () => {
    const x = mk(), m = M();
    // x.masked_fill(m, torch.tensor([1., 2.])) -> RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).
    // x.masked_fill(m, torch.tensor([[1.]])) -> the same with 2 dimension(s)
    // x.masked_fill(torch.tensor([True, False]), torch.tensor([1., 2.])) -> the shapes first (expand_outplace):
    //   RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1
    expect(err(() => x.masked_fill(m, torch.tensor([1, 2])))).toBe('RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).');
    expect(err(() => x.masked_fill(m, torch.tensor([[1]])))).toBe('RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 2 dimension(s).');
    expect(err(() => x.masked_fill(torch.tensor([true, false]), torch.tensor([1, 2])))).toBe('RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1');
    // x.masked_fill(torch.tensor([True, False]), 0) -> RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1
    expect(err(() => x.masked_fill(torch.tensor([true, false]), 0))).toBe('RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1');
    // i.masked_fill(m, float('inf')) and i.masked_fill(m, 1e30) -> RuntimeError: value cannot be converted to type int64_t without overflow
    // torch.tensor([1, 2]).masked_fill(torch.tensor([True, False]), torch.tensor(1e30)) -> the same
    // torch.ones(2).masked_fill(torch.tensor([True, False]), 1e300) -> RuntimeError: value cannot be converted to type float without overflow
    const i = int([[1, 2, 3], [4, 5, 6]]);
    for (const v of [Infinity, 1e30]) expect(err(() => i.masked_fill(m, v))).toBe('RuntimeError: value cannot be converted to type int64_t without overflow');
    expect(err(() => int([1, 2]).masked_fill(torch.tensor([true, false]), torch.tensor(1e30)))).toBe('RuntimeError: value cannot be converted to type int64_t without overflow');
    expect(err(() => torch.ones(2).masked_fill(torch.tensor([true, false]), 1e300))).toBe('RuntimeError: value cannot be converted to type float without overflow');
  });

  it("refuses arguments of the wrong types with the argument parser's text", () => {
    // x.masked_fill(m, 'a') -> TypeError: masked_fill() received an invalid combination of arguments - got (Tensor, str), but expected one of:
    //  * (Tensor mask, Tensor value)\n      didn't match because some of the arguments have invalid types: (Tensor, !str!)
    //  * (Tensor mask, Number value)\n      didn't match because some of the arguments have invalid types: (Tensor, !str!)
    const x = mk(), m = M();
    const bad = (fn: string, got: string, marked: string, input = '') => `TypeError: ${fn}() received an invalid combination of arguments - got (${got}), but expected one of:\n` +
      ` * (${input}Tensor mask, Tensor value)\n      didn't match because some of the arguments have invalid types: (${marked})\n` +
      ` * (${input}Tensor mask, Number value)\n      didn't match because some of the arguments have invalid types: (${marked})\n`;
    expect(err(() => x.masked_fill(m, 'a' as never))).toBe(bad('masked_fill', 'Tensor, str', 'Tensor, !str!'));
    // x.masked_fill_(m, 'a') -> the same under masked_fill_(); x.masked_fill(1, 0) -> got (int, int), marked (!int!, !int!)
    expect(err(() => x.detach().masked_fill_(m, 'a' as never))).toBe(bad('masked_fill_', 'Tensor, str', 'Tensor, !str!'));
    expect(err(() => x.masked_fill(1 as never, 0))).toBe(bad('masked_fill', 'int, int', '!int!, !int!'));
    // torch.masked_fill(x, m, 'a') -> got (Tensor, Tensor, str), the signatures with Tensor input
    expect(err(() => torch.masked_fill(x, m, 'a' as never))).toBe(bad('masked_fill', 'Tensor, Tensor, str', 'Tensor, Tensor, !str!', 'Tensor input, '));
    // torch.masked_fill(1, torch.tensor([True]), 0) -> got (int, Tensor, int), marked (!int!, Tensor, !int!) in both
    expect(err(() => torch.masked_fill(1 as never, torch.tensor([true]), 0))).toBe(bad('masked_fill', 'int, Tensor, int', '!int!, Tensor, !int!', 'Tensor input, '));
    // x.masked_fill(m) -> TypeError: masked_fill() received an invalid combination of arguments - got (Tensor), but expected one of:
    //  * (Tensor mask, Tensor value)\n * (Tensor mask, Number value)\n
    expect(err(() => (x.masked_fill as (m: unknown) => unknown)(m)))
      .toBe('TypeError: masked_fill() received an invalid combination of arguments - got (Tensor), but expected one of:\n * (Tensor mask, Tensor value)\n * (Tensor mask, Number value)\n');
  });

  it("reads a mask that is not bool by its first byte, as PyTorch 1.13's kernel does", () => {
    // y = torch.arange(6.).reshape(2,3); y.masked_fill(m.long(), -1) -> tensor([[-1.,  1., -1.], [ 3.,  4., -1.]]); m.int() and in place the same
    // y.masked_fill(m.long() * 3, -1) -> RuntimeError: Mask tensor can take 0 and 1 values only
    // y.masked_fill(torch.tensor([[0, 1, 256]]), -1) -> tensor([[ 0., -1.,  2.], [ 3., -1.,  5.]])
    // y.masked_fill(m.float(), -1) and y.masked_fill(m.double(), -1) -> tensor([[0., 1., 2.], [3., 4., 5.]]) (1.0's first byte is 0)
    const y = torch.arange(6).reshape(2, 3), m = M();
    const filled = 'tensor([[-1.,  1., -1.],\n        [ 3.,  4., -1.]])';
    expect([String(y.masked_fill(m.long(), -1)), String(y.masked_fill(m.int(), -1)), String(y.clone().masked_fill_(m.long(), -1))]).toEqual([filled, filled, filled]);
    expect(err(() => y.masked_fill(m.long().mul(3), -1))).toBe('RuntimeError: Mask tensor can take 0 and 1 values only');
    expect(String(y.masked_fill(int([[0, 1, 256]]), -1))).toBe('tensor([[ 0., -1.,  2.],\n        [ 3., -1.,  5.]])');
    const same = 'tensor([[0., 1., 2.],\n        [3., 4., 5.]])';
    expect([String(y.masked_fill(m.float(), -1)), String(y.masked_fill(m.double(), -1))]).toEqual([same, same]);
    // y.masked_fill(torch.tensor([2, 0, 1]), 1e300) -> RuntimeError: value cannot be converted to type float without overflow (the value first)
    expect(err(() => y.masked_fill(int([2, 0, 1]), 1e300))).toBe('RuntimeError: value cannot be converted to type float without overflow');
  });

  it('gives the gradient where the mask is clear, and a value tensor the sum where it is set', () => {
    // v = torch.tensor(9., requires_grad=True); y = x.masked_fill(m, v) -> tensor([[9., 2., 9.], [4., 5., 9.]], grad_fn=<MaskedFillBackward1>)
    // y.grad_fn.next_functions -> ((AccumulateGrad(x), 0), (AccumulateGrad(v), 0))
    // y.backward(torch.arange(6.).reshape(2,3)+1); x.grad -> tensor([[0., 2., 0.], [4., 5., 0.]]); v.grad -> tensor(10.)
    const x = mk(), v = torch.tensor(9, { requires_grad: true });
    const y = x.masked_fill(M(), v);
    expect(String(y)).toBe('tensor([[9., 2., 9.],\n        [4., 5., 9.]], grad_fn=<MaskedFillBackward1>)');
    expect(y.grad_fn!.next_functions.map(([f]) => f?.variable)).toEqual([x, v]);
    y.backward(torch.arange(6).reshape(2, 3).add(1));
    expect([String(x.grad), String(v.grad)]).toEqual(['tensor([[0., 2., 0.],\n        [4., 5., 0.]])', 'tensor(10.)']);
    // x.masked_fill(m, 0).grad_fn.name() -> 'MaskedFillBackward0', next_functions -> ((AccumulateGrad(x), 0),)
    const f = x.masked_fill(M(), 0).grad_fn!;
    expect([f.name(), f.next_functions.length, f.next_functions[0]![0]!.variable]).toEqual(['MaskedFillBackward0', 1, x]);
    // x.detach().masked_fill(m, v).grad_fn.next_functions -> ((None, 0), (AccumulateGrad(v), 0)); x.masked_fill(m, v.detach()) -> ((AccumulateGrad(x), 0), (None, 0))
    expect(x.detach().masked_fill(M(), v).grad_fn!.next_functions.map(([g]) => g?.variable ?? null)).toEqual([null, v]);
    expect(x.masked_fill(M(), v.detach()).grad_fn!.next_functions.map(([g]) => g?.variable ?? null)).toEqual([x, null]);
    // torch.ones(3).masked_fill(torch.tensor([True, False, True]), v) -> tensor([9., 1., 9.], grad_fn=<MaskedFillBackward1>)
    expect(String(torch.ones(3).masked_fill(torch.tensor([true, false, true]), v))).toBe('tensor([9., 1., 9.], grad_fn=<MaskedFillBackward1>)');
  });

  it('sums the gradient back over broadcast dimensions, in each input\'s dtype', () => {
    // z = torch.tensor([1., 2., 3.], requires_grad=True); y = z.masked_fill(m, v) -> tensor([[9., 2., 9.], [1., 2., 9.]], grad_fn=<MaskedFillBackward1>)
    // y.backward(torch.arange(6.).reshape(2,3)+1); z.grad -> tensor([4., 7., 0.]); v.grad -> tensor(10.)
    const z = torch.tensor([1, 2, 3], { requires_grad: true }), v = torch.tensor(9, { requires_grad: true });
    const y = z.masked_fill(M(), v);
    expect(String(y)).toBe('tensor([[9., 2., 9.],\n        [1., 2., 9.]], grad_fn=<MaskedFillBackward1>)');
    y.backward(torch.arange(6).reshape(2, 3).add(1));
    expect([String(z.grad), String(v.grad)]).toEqual(['tensor([4., 7., 0.])', 'tensor(10.)']);
    // d = torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64, requires_grad=True); v = torch.tensor(0.5, requires_grad=True)
    // y = d.masked_fill(torch.tensor([[True], [False]]), v) -> tensor([[0.5000, 0.5000], [3.0000, 4.0000]], dtype=torch.float64, grad_fn=<MaskedFillBackward1>)
    // (y * torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64)).sum().backward(); d.grad -> tensor([[0., 0.], [3., 4.]], dtype=torch.float64); v.grad -> tensor(3.)
    const d = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float64, requires_grad: true }), h = torch.tensor(0.5, { requires_grad: true });
    const yd = d.masked_fill(torch.tensor([[true], [false]]), h);
    expect(String(yd)).toBe('tensor([[0.5000, 0.5000],\n        [3.0000, 4.0000]], dtype=torch.float64, grad_fn=<MaskedFillBackward1>)');
    yd.mul(torch.tensor([[1, 2], [3, 4]], { dtype: torch.float64 })).sum().backward();
    expect([String(d.grad), String(h.grad)]).toEqual(['tensor([[0., 0.],\n        [3., 4.]], dtype=torch.float64)', 'tensor(3.)']);
    // w = torch.tensor(2., dtype=torch.float64, requires_grad=True); x.masked_fill(m, w).sum().backward()
    // -> next_functions ((AccumulateGrad(x), 0), (AccumulateGrad(w), 0)); x.grad -> tensor([[0., 1., 0.], [1., 1., 0.]]); w.grad -> tensor(3., dtype=torch.float64)
    const x = mk(), w = torch.tensor(2, { dtype: torch.float64, requires_grad: true });
    const yw = x.masked_fill(M(), w);
    expect(yw.grad_fn!.next_functions.map(([g]) => g?.variable)).toEqual([x, w]);
    yw.sum().backward();
    expect([String(x.grad), String(w.grad)]).toEqual(['tensor([[0., 1., 0.],\n        [1., 1., 0.]])', 'tensor(3., dtype=torch.float64)']);
  });

  it('differentiates twice, saves only the mask, and records nothing under no_grad', () => {
    // x = torch.tensor([1., 2., 3.], requires_grad=True); v = torch.tensor(2., requires_grad=True); y = x.masked_fill(torch.tensor([True, False, True]), v)
    // gv, = torch.autograd.grad(y.pow(2).sum(), v, create_graph=True) -> tensor(8., grad_fn=<SumBackward0>); gv.backward(); v.grad -> tensor(4.)
    const x = torch.tensor([1, 2, 3], { requires_grad: true }), v = torch.tensor(2, { requires_grad: true }), mask = torch.tensor([true, false, true]);
    const [gv] = torch.autograd.grad(x.masked_fill(mask, v).pow(2).sum(), v, { create_graph: true });
    expect(String(gv)).toBe('tensor(8., grad_fn=<SumBackward0>)');
    gv!.backward();
    expect(String(v.grad)).toBe('tensor(4.)');
    // b = x * 1; y = b.masked_fill(m, 7.); b.add_(1); y.sum().backward(); x.grad -> tensor([0., 1., 0.])
    x.grad = null;
    const b = x.mul(1), y = b.masked_fill(mask, 7);
    b.add_(1);
    y.sum().backward();
    expect(String(x.grad)).toBe('tensor([0., 1., 0.])');
    // with torch.no_grad(): x.masked_fill(torch.tensor([True, False, True]), v) -> tensor([2., 2., 2.])
    expect(String(torch.no_grad(() => x.masked_fill(mask, v)))).toBe('tensor([2., 2., 2.])');
  });
});

describe('masked_fill_', () => {
  it('writes in place, bumps the version and records MaskedFillBackward', () => {
    // a = x.clone(); a.masked_fill_(m, v) -> tensor([[9., 2., 9.], [4., 5., 9.]], grad_fn=<MaskedFillBackward1>); a._version -> 1
    // a.grad_fn.next_functions -> ((CloneBackward0, 0), (AccumulateGrad(v), 0)); a.sum().backward(); v.grad -> tensor(3.)
    const x = mk(), v = torch.tensor(9, { requires_grad: true });
    const a = x.clone();
    expect(a.masked_fill_(M(), v)).toBe(a);
    expect([String(a), a._version]).toEqual(['tensor([[9., 2., 9.],\n        [4., 5., 9.]], grad_fn=<MaskedFillBackward1>)', 1]);
    expect(a.grad_fn!.next_functions.map(([f]) => f?.name())).toEqual(['CloneBackward0', 'torch::autograd::AccumulateGrad']);
    a.sum().backward();
    expect(String(v.grad)).toBe('tensor(3.)');
    // x = torch.tensor([1., 2., 3.], requires_grad=True); a = x * 2; a.masked_fill_(torch.tensor([False, True, False]), 0)
    // -> tensor([2., 0., 6.], grad_fn=<MaskedFillBackward0>), a._version -> 1; a.sum().backward(); x.grad -> tensor([2., 0., 2.])
    const x1 = torch.tensor([1, 2, 3], { requires_grad: true }), a1 = x1.mul(2);
    a1.masked_fill_(torch.tensor([false, true, false]), 0);
    expect([String(a1), a1._version]).toEqual(['tensor([2., 0., 6.], grad_fn=<MaskedFillBackward0>)', 1]);
    a1.sum().backward();
    expect(String(x1.grad)).toBe('tensor([2., 0., 2.])');
  });

  it('on tensors outside the graph: broadcast masks, kept dtypes, and a value that requires grad', () => {
    // torch.ones(2,3).masked_fill_(torch.tensor([True, False, False]), 5) -> tensor([[5., 1., 1.], [5., 1., 1.]]); b._version -> 1
    // i.clone().masked_fill_(m, 5.5) -> tensor([[5, 2, 5], [4, 5, 5]])
    // b = torch.ones(2,3); b.masked_fill_(m, v) is b -> True; b -> tensor([[9., 1., 9.], [1., 1., 9.]], grad_fn=<MaskedFillBackward1>)
    const b = torch.ones(2, 3);
    b.masked_fill_(torch.tensor([true, false, false]), 5);
    expect([String(b), b._version]).toEqual(['tensor([[5., 1., 1.],\n        [5., 1., 1.]])', 1]);
    expect(String(int([[1, 2, 3], [4, 5, 6]]).masked_fill_(M(), 5.5))).toBe('tensor([[5, 2, 5],\n        [4, 5, 5]])');
    const c = torch.ones(2, 3), v = torch.tensor(9, { requires_grad: true });
    expect(c.masked_fill_(M(), v)).toBe(c);
    expect(String(c)).toBe('tensor([[9., 1., 9.],\n        [1., 1., 9.]], grad_fn=<MaskedFillBackward1>)');
  });

  it("refuses as PyTorch's in-place ops do", () => {
    // x.masked_fill_(m, 0) -> RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.
    expect(err(() => mk().masked_fill_(M(), 0))).toBe('RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.');
    // torch.ones(3).masked_fill_(m, 5) -> RuntimeError: output with shape [3] doesn't match the broadcast shape [2, 3]
    expect(err(() => torch.ones(3).masked_fill_(M(), 5))).toBe("RuntimeError: output with shape [3] doesn't match the broadcast shape [2, 3]");
    // torch.ones(2, 3).masked_fill_(torch.tensor([True, False]), 0) -> RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1
    expect(err(() => torch.ones(2, 3).masked_fill_(torch.tensor([true, false]), 0)))
      .toBe('RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1');
    // torch.ones(2,3).masked_fill_(m, torch.tensor([1.])) -> RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).
    expect(err(() => torch.ones(2, 3).masked_fill_(M(), torch.tensor([1]))))
      .toBe('RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).');
    // x = torch.ones(2, 2); x.t().masked_fill_(torch.tensor([True, False]), 0); print(x) -> tensor([[0., 0.], [1., 1.]])
    const x = torch.ones(2, 2);
    x.t().masked_fill_(torch.tensor([true, false]), 0);
    expect(x.tolist()).toEqual([[0, 0], [1, 1]]);
  });

  it('NOTE: an integer tensor filled with a value that requires grad is an integer tensor here, where PyTorch 1.13 fails', () => {
    // torch.tensor([1, 2, 3]).masked_fill(torch.tensor([True, False, True]), v) -> RuntimeError: isDifferentiableType(variable.scalar_type())
    // INTERNAL ASSERT FAILED at "./torch/csrc/autograd/functions/utils.h":75, please report a bug to PyTorch.
    const y = int([1, 2, 3]).masked_fill(torch.tensor([true, false, true]), torch.tensor(2, { requires_grad: true }));
    expect([String(y), y.requires_grad]).toEqual(['tensor([2, 2, 2])', false]);
  });
});
