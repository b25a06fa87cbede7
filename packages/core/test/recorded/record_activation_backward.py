"""Records PyTorch 1.13's tanh_backward and sigmoid_backward (the kernels behind TanhBackward0 and SigmoidBackward0)
on random operands, float32 and float64, for packages/core/test/activation-backward.test.ts.
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
with open(os.path.join(os.path.dirname(__file__), 'activation_backward.json'), 'w') as f:
    json.dump(out, f)
