"""Records PyTorch 1.13's tanh_backward and sigmoid_backward (the kernels behind TanhBackward0 and SigmoidBackward0)
on random operands, and var's, std's and the 2-norm's gradients (VarBackward0, StdBackward0, NormBackward1) over a dim and over everything, float32
and float64, for packages/core/test/activation-backward.test.ts.
Run with Debian's interpreter: /usr/bin/python3 packages/core/test/recorded/record_activation_backward.py"""
import json, os, torch

torch.manual_seed(20261128)
out = {}
for dtype in (torch.float32, torch.float64):
    g = torch.randn(1000, dtype=dtype)
    t = torch.rand(1000, dtype=dtype) * 2 - 1  # tanh's output range
    s = torch.rand(1000, dtype=dtype)          # sigmoid's
    out[str(dtype).replace('torch.', '')] = {
        'g': g.tolist(), 'tanh_y': t.tolist(), 'sigmoid_y': s.tolist(),
        'tanh_backward': torch.ops.aten.tanh_backward(g, t).tolist(),
        'sigmoid_backward': torch.ops.aten.sigmoid_backward(g, s).tolist(),
        'torch': torch.__version__,
    }
    # dyadic values, so that every order of summing them is exact: the mean rounds alike everywhere, and the test
    # sees the rule's rounding order alone
    # the gradient of tanh_backward(g, y) wrt y, for cotangent v (TanhBackwardBackward0's second edge)
    v = torch.randn(1000, dtype=dtype)
    yr = t.clone().requires_grad_()
    (gy,) = torch.autograd.grad(torch.ops.aten.tanh_backward(g, yr), yr, v)
    out[str(dtype).replace('torch.', '')].update({'v': v.tolist(), 'tanh_double': gy.tolist()})
    x = torch.randint(-32, 33, (20, 7)).to(dtype) / 8
    gv = torch.randn(20, dtype=dtype)
    grads = {}
    for corr in (0, 1, 2):
        for name in ('var', 'std'):
            xr = x.clone().requires_grad_()
            getattr(xr, name)(1, correction=corr).backward(gv)
            grads[f'{name}_dim_{corr}'] = xr.grad.reshape(-1).tolist()
            xr = x.clone().requires_grad_()
            getattr(xr, name)(dim=None, correction=corr).backward(torch.tensor(0.75, dtype=dtype))
            grads[f'{name}_all_{corr}'] = xr.grad.reshape(-1).tolist()
    for name, call in (('norm2_dim', lambda t: t.norm(2, 1)), ('norm2_all', lambda t: t.norm())):
        xr = x.clone().requires_grad_()
        call(xr).backward(gv if name == 'norm2_dim' else torch.tensor(0.75, dtype=dtype))
        grads[name] = xr.grad.reshape(-1).tolist()
    out[str(dtype).replace('torch.', '')].update({'x': x.reshape(-1).tolist(), 'gv': gv.tolist(), 'spread': grads})
with open(os.path.join(os.path.dirname(__file__), 'activation_backward.json'), 'w') as f:
    json.dump(out, f)
