"""The benchmark workloads in real PyTorch (Debian's python3-torch), one thread, float32.
Run by benchmarks/src/systems/pytorch.ts as: /usr/bin/python3 pytorch_bench.py '<sizes as JSON>'
Prints one JSON object with the same figures as the TypeScript systems (W1 in µs, the rest in ms)."""
import json
import os
import sys
import time

import torch

torch.set_num_threads(1)
sizes = json.loads(sys.argv[1])
runs = sizes["runs"]
warmup_s = sizes["warmupMs"] / 1000
measure_s = sizes["measureMs"] / 1000


def measure(fn, inner=1, warmup=2, max_runs=101):
    """The TypeScript systems' budget (timing.ts): `warmup` calls and `runs` timed calls at least, more until the
    warm-up and measurement time floors have passed."""
    end = time.perf_counter() + warmup_s
    i = 0
    while i < warmup or time.perf_counter() < end:
        fn()
        i += 1
    times = []
    end = time.perf_counter() + measure_s
    while len(times) < runs or (len(times) < max(runs, max_runs) and time.perf_counter() < end):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000 / inner)
    times.sort()
    return times[len(times) // 2], times[0], times[-1]


inner = max(1, sizes["w1Steps"] // 10)


def w1():
    for _ in range(inner):
        x = torch.tensor(2.0, requires_grad=True)
        y = 2 * x**4 + x**3 + 3 * x**2 + 5 * x + 1
        y.backward()


mlp = sizes["mlp"]
W1 = (torch.randn(mlp["inp"], mlp["hidden"]) * 0.05).requires_grad_()
b1 = torch.zeros(mlp["hidden"], requires_grad=True)
W2 = (torch.randn(mlp["hidden"], mlp["out"]) * 0.05).requires_grad_()
b2 = torch.zeros(mlp["out"], requires_grad=True)
xb = torch.randn(mlp["batch"], mlp["inp"])
yb = torch.arange(mlp["batch"]) % mlp["out"]
opt = torch.optim.SGD([W1, b1, W2, b2], lr=0.01)


def w2():
    opt.zero_grad()
    logits = torch.relu(xb @ W1 + b1) @ W2 + b2
    torch.nn.functional.cross_entropy(logits, yb).backward()
    opt.step()


n = sizes["matmulN"]
a = torch.randn(n, n, requires_grad=True)
b = torch.randn(n, n, requires_grad=True)


def w3fwd():
    with torch.no_grad():
        a @ b


def w3grad():
    torch.autograd.grad((a @ b).sum(), [a, b])


xs = torch.rand(sizes["w4N"], requires_grad=True) * 2 - 1
xs = xs.detach().requires_grad_()


def w4():
    y = torch.tanh(1.5 * xs + 0.5).square().sum()
    torch.autograd.grad(y, xs)


def blas():
    """The BLAS library this process loaded (Debian's alternatives pick it: reference netlib or OpenBLAS)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line and line.split()[-1].startswith("/")}
    return ", ".join(sorted(os.path.realpath(p).split("/x86_64-linux-gnu/")[-1] for p in paths)) or "unknown"


figures = {"w1": measure(w1, inner), "w2": measure(w2), "w3fwd": measure(w3fwd), "w3grad": measure(w3grad), "w4": measure(w4)}
figures["w1"] = tuple(t * 1000 for t in figures["w1"])
print(json.dumps({
    **{k: v[0] for k, v in figures.items()},
    "spread": {k: [v[1], v[2]] for k, v in figures.items()},
    "note": f"PyTorch {torch.__version__}, 1 thread, BLAS {blas()}",
}))
