"""Records F.pad's results and errors for the edge cases of pad-edges.test.ts from PyTorch 1.13.

Run from the repository root:  /usr/bin/python3 packages/torch/test/recorded/record_pad_edges.py
Each case pads arange(n).reshape(shape) as float32; the result is its shape and values, or the exception.
"""
import json, os
import torch
import torch.nn.functional as F

CASES = [
    # constant: negative padding narrows first; with something left to add, no padded size may fall below 1
    ([1, 3], [0, -1, 1, 0], "constant"), ([2, 3], [0, -3], "constant"), ([2, 3], [1, -3], "constant"),
    ([2, 3], [0, -3, 1, 0], "constant"), ([2, 3], [0, 0, 0, -2], "constant"), ([2, 3], [-4, 1], "constant"),
    ([2, 0], [1, 1], "constant"), ([2, 3], [0, 0, 1, -2], "constant"),
    # circular
    ([1, 2, 3], [-1, -2], "circular"), ([1, 2, 0], [1, 1], "circular"),
]
SHAPES = [  # reflect and replicate: 1, 2 and 3 padded dimensions, sizes of 0, negative padding
    ([1, 2, 3], [0, -3]), ([1, 2, 3], [1, -4]), ([1, 2, 3], [-1, -2]), ([1, 2, 3], [2, -3]), ([1, 2, 0], [1, 1]),
    ([1, 0, 3], [1, 1]), ([1, 2, 0], [0, 0]), ([1, 2, 3], [-1, -1]), ([1, 2, 3], [-3, 0]), ([1, 2, 3], [1, -3]),
    ([2, 3], [0, -3]), ([2, 0], [1, 1]), ([0, 3], [1, 1]), ([0, 2, 3], [1, 1]),
    ([1, 2, 3], [0, 0, -2, 0]), ([1, 2, 3], [0, -3, 0, 0]), ([1, 2, 3], [-2, 0, -2, 0]), ([1, 0, 3], [1, 1, 1, 1]),
    ([1, 2, 0], [1, 1, 1, 1]), ([1, 1, 2, 3], [0, 0, -2, 0]), ([0, 1, 2, 3], [1, 1, 1, 1]), ([1, 2, 3], [1, -3, 0, 0]),
    ([1, 2, 3], [0, -3, -2, 0]), ([1, 2, 3], [0, -3, 0, -2]), ([0, 2, 3], [1, 1, 1, 1]), ([1, 1, 2, 3], [0, -3, 0, -2]),
    ([1, 1, 2, 3], [0, 0, 0, 0, -1, 0]), ([1, 1, 2, 2, 3], [0, -3, 0, 0, 0, 0]), ([1, 1, 2, 2, 3], [0, 0, 0, -2, 0, 0]),
    ([1, 1, 2, 2, 3], [0, 0, 0, 0, 0, -2]), ([1, 1, 2, 2, 0], [1, 1, 1, 1, 1, 1]), ([1, 0, 2, 2, 3], [1, 1, 1, 1, 1, 1]),
    ([0, 1, 2, 2, 3], [1, 1, 1, 1, 1, 1]), ([0, 2, 2, 3], [1, 1, 1, 1, 1, 1]), ([1, 1, 2, 2, 3], [0, -3, 0, -2, 0, -2]),
    ([1, 1, 2, 2, 3], [0, -3, 0, 0, 0, -2]), ([1, 2, 2, 3], [0, -3, 0, -2, 0, -2]), ([1, 2, 2, 3], [1, 1, 1, 1, 0, -3]),
]
CASES += [(s, p, m) for m in ("reflect", "replicate") for s, p in SHAPES]

out = []
for shape, pad, mode in CASES:
    x = torch.arange(float(torch.Size(shape).numel())).reshape(shape)
    try:
        r = F.pad(x, pad, mode=mode)
        out.append({"shape": shape, "pad": pad, "mode": mode, "out": list(r.shape), "data": r.reshape(-1).tolist()})
    except Exception as e:
        out.append({"shape": shape, "pad": pad, "mode": mode, "error": "%s: %s" % (type(e).__name__, e)})
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pad_edges.json")
with open(path, "w") as f:
    json.dump({"torch": torch.__version__, "cases": out}, f, indent=0)
print("wrote", path, len(out), "cases")
