"""Records PyTorch optimizer trajectories for twingrad's torch facade tests.

Regenerate (from the repository root, with Debian's python3-torch, PyTorch 1.13):

    /usr/bin/python3 tests/oracle/optim/record_torch.py

Writes tests/oracle/optim/torch_trajectories.json. Each run starts from a fixed point, takes STEPS steps of
`opt.zero_grad(); loss.backward(); opt.step()`, and records the parameters (flattened, in order) after every
step, the parameters' version counters, and the loss before every step. float64 values are written with
repr (exact round trip); float32 values are widened to float64 exactly.
"""
import json
import math
import os

import torch

COMMAND = "/usr/bin/python3 tests/oracle/optim/record_torch.py"
STEPS = 25
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "torch_trajectories.json")

# The small least-squares problem: minimise mean((A w - b)^2) from w = 0.
A = [[1.0, 2.0, 0.5], [0.0, 1.0, -1.0], [2.0, -1.0, 1.0], [1.0, 1.0, 1.0], [-1.0, 0.5, 2.0], [0.5, -2.0, 1.5]]
B = [1.0, -2.0, 3.0, 0.5, 2.0, -1.0]

PROBLEMS = {
    "quadratic": {"x0": [[3.0]], "doc": "(x-5)^2 from x=3"},
    "rosenbrock": {"x0": [[-1.5], [2.0]], "doc": "(1-x)^2 + 100 (y-x^2)^2 from (-1.5, 2), x and y separate parameters"},
    "lstsq": {"x0": [[0.0, 0.0, 0.0]], "doc": "mean((A w - b)^2) from w=0", "A": A, "b": B},
}


def loss_of(problem, params, dtype):
    if problem == "quadratic":
        (x,) = params
        return ((x - 5) ** 2).sum()
    if problem == "rosenbrock":
        x, y = params
        return ((1 - x) ** 2 + 100 * (y - x ** 2) ** 2).sum()
    (w,) = params
    a = torch.tensor(A, dtype=dtype)
    b = torch.tensor(B, dtype=dtype)
    return ((a @ w - b) ** 2).mean()


# Learning rates per problem, chosen so that 25 steps move visibly and stay finite.
LR = {
    "SGD": {"quadratic": 0.1, "rosenbrock": 2e-4, "lstsq": 0.05},
    "Adam": {"quadratic": 0.1, "rosenbrock": 0.05, "lstsq": 0.05},
    "AdamW": {"quadratic": 0.1, "rosenbrock": 0.05, "lstsq": 0.05},
    "RMSprop": {"quadratic": 0.01, "rosenbrock": 1e-3, "lstsq": 0.01},
    "Adagrad": {"quadratic": 0.5, "rosenbrock": 0.05, "lstsq": 0.1},
}

CONFIGS = [
    ("SGD", {}),
    ("SGD", {"momentum": 0.9}),
    ("SGD", {"momentum": 0.9, "dampening": 0.1}),
    ("SGD", {"momentum": 0.9, "nesterov": True}),
    ("SGD", {"momentum": 0.5, "weight_decay": 0.1}),
    ("SGD", {"weight_decay": 0.01, "maximize": True}),  # not on Rosenbrock: maximising it diverges to NaN
    ("Adam", {}),
    ("Adam", {"betas": [0.8, 0.99], "eps": 1e-6}),
    ("Adam", {"weight_decay": 0.1}),
    ("Adam", {"amsgrad": True}),
    ("Adam", {"maximize": True}),
    ("AdamW", {}),
    ("AdamW", {"weight_decay": 0.1, "amsgrad": True}),
    ("RMSprop", {}),
    ("RMSprop", {"alpha": 0.9, "eps": 1e-6}),
    ("RMSprop", {"momentum": 0.9}),
    ("RMSprop", {"centered": True}),
    ("RMSprop", {"centered": True, "momentum": 0.5, "weight_decay": 0.1}),
    ("Adagrad", {}),
    ("Adagrad", {"lr_decay": 0.1}),
    ("Adagrad", {"initial_accumulator_value": 0.1, "weight_decay": 0.1, "eps": 1e-7}),
]

DTYPES = {"float64": torch.float64, "float32": torch.float32}


def flat(params):
    return [float(v) for p in params for v in p.detach().reshape(-1).tolist()]


def run(name, options, problem, dtype_name):
    dtype = DTYPES[dtype_name]
    params = [torch.tensor(v, dtype=dtype, requires_grad=True) for v in PROBLEMS[problem]["x0"]]
    kwargs = dict(options)
    kwargs["lr"] = LR[name][problem]
    opt = getattr(torch.optim, name)(params, **kwargs)
    traj, losses, versions = [], [], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_of(problem, params, dtype)
        loss.backward()
        opt.step()
        losses.append(float(loss))
        traj.append(flat(params))
        versions.append([p._version for p in params])
    return {
        "optimizer": name, "options": kwargs, "problem": problem, "dtype": dtype_name,
        "losses": losses, "trajectory": traj, "versions": versions,
    }


def state_dict_example():
    """Adam's state_dict after 3 steps on the least-squares problem (float64)."""
    w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.05, amsgrad=True)
    for _ in range(3):
        opt.zero_grad()
        loss_of("lstsq", [w], torch.float64).backward()
        opt.step()
    sd = opt.state_dict()
    state = {str(k): {kk: (vv.tolist() if torch.is_tensor(vv) else vv) for kk, vv in v.items()} for k, v in sd["state"].items()}
    return {"state": state, "param_groups": sd["param_groups"], "w": w.tolist()}


def groups_example():
    """Rosenbrock with x and y in two groups with their own options (SGD), float64."""
    x = torch.tensor([-1.5], dtype=torch.float64, requires_grad=True)
    y = torch.tensor([2.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([{"params": [x]}, {"params": [y], "lr": 1e-3, "momentum": 0.5}], lr=2e-4, momentum=0.9)
    traj = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss_of("rosenbrock", [x, y], torch.float64).backward()
        opt.step()
        traj.append(flat([x, y]))
    return {"trajectory": traj}


def scheduler_runs():
    out = []
    specs = [
        ("StepLR", {"step_size": 3, "gamma": 0.5}),
        ("ExponentialLR", {"gamma": 0.9}),
        ("CosineAnnealingLR", {"T_max": 5, "eta_min": 0.001}),
        ("CosineAnnealingLR", {"T_max": 4}),
    ]
    for name, kw in specs:
        x = torch.tensor([3.0], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([x], lr=0.1)
        sched = getattr(torch.optim.lr_scheduler, name)(opt, **kw)
        lrs, traj = [sched.get_last_lr()[0]], []
        for _ in range(15):
            opt.zero_grad()
            loss_of("quadratic", [x], torch.float64).backward()
            opt.step()
            sched.step()
            lrs.append(sched.get_last_lr()[0])
            traj.append(flat([x]))
        out.append({"scheduler": name, "options": kw, "lr": 0.1, "lrs": lrs, "trajectory": traj})
    return out


def clip_examples():
    out = []
    grads = [[3.0, -4.0], [12.0]]
    for max_norm, norm_type in [(1.0, 2.0), (100.0, 2.0), (2.0, 1.0), (2.0, math.inf), (5.0, 3.0)]:
        ps = [torch.zeros(len(g), dtype=torch.float64, requires_grad=True) for g in grads]
        for p, g in zip(ps, grads):
            p.grad = torch.tensor(g, dtype=torch.float64)
        total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
        out.append({"max_norm": max_norm, "norm_type": "inf" if norm_type == math.inf else norm_type,
                    "grads": grads, "total_norm": float(total), "clipped": [p.grad.tolist() for p in ps]})
    ps = [torch.zeros(len(g), dtype=torch.float64, requires_grad=True) for g in grads]
    for p, g in zip(ps, grads):
        p.grad = torch.tensor(g, dtype=torch.float64)
    torch.nn.utils.clip_grad_value_(ps, 3.5)
    value = {"clip_value": 3.5, "grads": grads, "clipped": [p.grad.tolist() for p in ps]}
    return {"norm": out, "value": value}


def main():
    torch.set_num_threads(1)
    runs = [run(n, o, p, d) for n, o in CONFIGS for p in PROBLEMS for d in DTYPES
            if not (n == "SGD" and o.get("maximize") and p == "rosenbrock")]
    data = {
        "command": COMMAND, "torch": torch.__version__, "steps": STEPS, "problems": PROBLEMS,
        "runs": runs, "state_dict": state_dict_example(), "groups": groups_example(),
        "schedulers": scheduler_runs(), "clip": clip_examples(),
    }
    with open(OUT, "w") as f:
        json.dump(data, f, indent=None, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {len(runs)} runs to {os.path.relpath(OUT)} with torch {torch.__version__}")


if __name__ == "__main__":
    print(COMMAND)
    main()
