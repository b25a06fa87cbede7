"""Writes torch_names.json beside this file: the public names of the PyTorch namespaces the torch facade mirrors.

Regenerate (from the repository root, with Debian's python3-torch, `apt-get install python3-torch`):

    /usr/bin/python3 tests/oracle/names/record_torch_names.py

names.test.ts checks that every name the facade exports is one of these (or listed there as JavaScript's own).
"""
import json
import os

import torch
import torch.nn.functional
import torch.optim

NAMESPACES = {
    "torch": torch,
    "torch.nn": torch.nn,
    "torch.nn.functional": torch.nn.functional,
    "torch.optim": torch.optim,
    "torch.autograd": torch.autograd,
    "torch.autograd.functional": torch.autograd.functional,
    "torch.Tensor": torch.Tensor,
}

out = {"torch_version": torch.__version__}
for name, ns in NAMESPACES.items():
    out[name] = sorted(n for n in dir(ns) if not n.startswith("_"))

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_names.json"), "w") as f:
    json.dump(out, f, indent=0)
    f.write("\n")
