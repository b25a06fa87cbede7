"""Records single PyTorch optimizer steps, for the bit-for-bit test of twingrad's torch.optim update arithmetic.

Regenerate (from the repository root, with Debian's python3-torch, PyTorch 1.13):

    /usr/bin/python3 tests/oracle/optim/record_torch_steps.py

Writes tests/oracle/optim/torch_steps.json. Each run gives a parameter of N seeded normal values STEPS gradients
(seeded normals scaled by 0.1, 1 and 10 in turn, so that the moments see several magnitudes) through `opt.step()`,
and records the parameter after the last step. float64 values are written with repr (exact round trip); float32
values are widened to float64 exactly. Unlike torch_trajectories.json, the gradients are given, not computed, so
the update arithmetic alone is compared, and exactly.
"""
import json
import os

import torch

N, STEPS, SEED = 32, 4, 20261128
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "torch_steps.json")

CONFIGS = [
    ("Adam", {}),
    ("Adam", {"weight_decay": 0.1}),
    ("Adam", {"amsgrad": True}),
    ("Adam", {"maximize": True, "lr": 0.01}),
    ("Adam", {"betas": [0.8, 0.95], "eps": 1e-6, "lr": 0.2}),
    ("AdamW", {}),
    ("AdamW", {"weight_decay": 0.3, "lr": 0.05}),
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "dampening": 0.3, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "maximize": True}),
    ("Adagrad", {}),
    ("Adagrad", {"lr_decay": 0.01, "weight_decay": 0.1}),
    ("Adagrad", {"maximize": True, "eps": 1e-6}),
    ("RMSprop", {}),
    ("RMSprop", {"momentum": 0.9, "centered": True}),
    ("RMSprop", {"weight_decay": 0.1, "alpha": 0.9}),
]


def main():
    torch.manual_seed(SEED)
    runs = []
    for dtype in (torch.float32, torch.float64):
        for name, options in CONFIGS:
            p = torch.randn(N, dtype=dtype, requires_grad=True)
            start = p.detach().tolist()
            kw = {k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}
            opt = getattr(torch.optim, name)([p], **kw)
            grads = []
            for s in range(STEPS):
                g = torch.randn(N, dtype=dtype) * 10.0 ** (s % 3 - 1)
                grads.append(g.tolist())
                p.grad = g.clone()
                opt.step()
            runs.append({"optimizer": name, "options": options, "dtype": str(dtype).replace("torch.", ""),
                         "start": start, "grads": grads, "after": p.detach().tolist()})
    with open(OUT, "w") as f:
        json.dump({"torch_version": torch.__version__, "command": "/usr/bin/python3 tests/oracle/optim/record_torch_steps.py",
                   "runs": runs}, f)
    print(f"wrote {len(runs)} runs to {OUT}")


if __name__ == "__main__":
    main()
