"""Runs the programs of programs.py through real PyTorch and writes torch_goldens.json beside this file.

Regenerate (from the repository root, with Debian's python3-torch, `apt-get install python3-torch`):

    /usr/bin/python3 tests/oracle/ops/record_torch.py

For each program it records the inputs, the forward value, a cotangent `gout` and the first-order gradients
(autograd.grad(out, inputs, gout, create_graph=True)), and, for second order, weights `w` and the gradients
of sum_i sum(grad_i * w_i) with respect to the inputs. A second-order entry is "constant" where the first-order
gradients do not depend on the inputs (PyTorch then has no graph to differentiate: linear ops).

    /usr/bin/python3 tests/oracle/ops/record_torch.py --keep-recorded

keeps the entry already in torch_goldens.json of every program whose id, inputs and expression are unchanged,
and records only the others (programs added since). Use it when adding programs: matmul goes through the
machine's BLAS, whose float32 and float64 sums differ in the last bits between CPUs, so a full re-record on
another machine rewrites the matmul programs' values (by up to ~5e-6 relative in float32, inside the tolerance).
The cotangents and weights are drawn for every program either way, so the random stream stays the same.
"""
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from programs import SEED, build, evaluate  # noqa: E402

TORCH_DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}


def flat(t, dtype):
    """Values as JSON numbers: float32 with 9 significant digits (enough to round-trip), float64 exactly."""
    # NOTE: zeros_like(t).add(t) materialises the "efficient zeros" some double-backward rules return
    a = torch.zeros_like(t).add(t).detach().reshape(-1).tolist() if isinstance(t, torch.Tensor) else np.asarray(t).reshape(-1).tolist()
    if dtype == "float32":
        a = [float("%.9g" % v) for v in a]
    elif dtype == "bool":
        a = [bool(v) for v in a]
    elif dtype == "int64":
        a = [int(v) for v in a]
    for v in a:
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError("non-finite value")
    return a


def render(e, inputs):
    """The expression in PyTorch's spelling, inputs shown as dtype[shape]: the test's title."""
    if isinstance(e, list):
        return "[" + ", ".join(render(a, inputs) for a in e) + "]"
    if not isinstance(e, dict):
        return repr(e)
    if "in" in e:
        i = inputs[e["in"]]
        return f"{i['dtype']}[{','.join(map(str, i['shape']))}]"
    args = [render(a, inputs) for a in e["args"]]
    kw = e.get("kw", {})
    if e["op"] == "item":
        return f"{args[0]}[{args[1]}]"
    if e["op"] == "getitem":
        parts = []
        for it in kw["index"]:
            if it is None or isinstance(it, int):
                parts.append(":" if it is None else str(it))
            else:
                txt = f"{it.get('start', '')}:{it.get('stop', '')}"
                parts.append(txt + (f":{it['step']}" if "step" in it else ""))
        return f"{args[0]}[{', '.join(parts)}]"
    return f"{e['op']}({', '.join(args + [f'{k}={v!r}' for k, v in kw.items()])})"


def title(p):
    if p.op_name == "composition":
        shapes = ", ".join(render({"in": i}, p.inputs) for i in range(len(p.inputs)))
        return f"{p.label} ({shapes})"
    body = render(p.expr, p.inputs)
    return f"{body}: {p.edge}" if p.edge else body


def record(p, rng):
    xs = []
    for inp in p.inputs:
        t = torch.tensor(inp["data"], dtype=TORCH_DTYPES[inp["dtype"]])
        xs.append(t.requires_grad_(True) if inp["grad"] else t)
    wrt = [x for x, inp in zip(xs, p.inputs) if inp["grad"]]
    out = evaluate(p.expr, xs)
    dt = p.dtype
    gout = torch.tensor(rng.normal(size=tuple(out.shape)), dtype=out.dtype)
    grads = torch.autograd.grad(out, wrt, gout, create_graph=True, allow_unused=True)
    full = iter(grads)
    per_input = [next(full) if inp["grad"] else None for inp in p.inputs]
    rec = {
        "id": None, "op": p.op_name, "title": title(p), "dtype": dt, "order": p.order, "edge": p.edge,
        "inputs": [{"dtype": i["dtype"], "shape": i["shape"], "grad": i["grad"], "data": flat(i["data"], i["dtype"])}
                   for i in p.inputs],
        "expr": p.expr,
        "out": {"shape": list(out.shape), "data": flat(out, dt)},
        "gout": flat(gout, dt),
        "grads": [None if g is None else flat(g, dt) for g in per_input],
    }
    if p.order == 2:
        ws = [None if g is None else torch.tensor(rng.normal(size=tuple(g.shape)), dtype=g.dtype) for g in per_input]
        terms = [(g * w).sum() for g, w in zip(per_input, ws) if g is not None]
        s = sum(terms[1:], terms[0]) if terms else None
        rec["w"] = [None if w is None else flat(w, dt) for w in ws]
        if s is None or not s.requires_grad:
            rec["second"], rec["grads2"] = "constant", None
        else:
            g2 = iter(torch.autograd.grad(s, wrt, allow_unused=True))
            g2s = [next(g2) if inp["grad"] else None for inp in p.inputs]
            rec["second"], rec["grads2"] = "recorded", [None if g is None else flat(g, dt) for g in g2s]
    else:
        rec["second"] = "not recorded"
    return rec


def main():
    torch.set_num_threads(1)
    programs = build()
    rng = np.random.default_rng(SEED + 1)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_goldens.json")
    kept = {}
    if "--keep-recorded" in sys.argv[1:]:
        with open(path) as f:
            kept = {r["id"]: r for r in json.load(f)["programs"]}
    recs, seen, reused = [], {}, 0
    for p in programs:
        try:
            r = record(p, rng)
        except Exception as exc:  # a program that PyTorch refuses or makes non-finite is a bug in programs.py
            raise SystemExit(f"{title(p)} [{p.dtype}]: {exc}")
        base = r["title"]
        n = seen.get(base, 0)
        seen[base] = n + 1
        r["id"] = base if n == 0 else f"{base} #{n + 1}"
        old = kept.get(r["id"])
        if old is not None and all(old[k] == r[k] for k in ("op", "dtype", "order", "edge", "inputs", "expr")):
            r, reused = old, reused + 1
        recs.append(r)
    ops = sorted({r["op"] for r in recs})
    doc = {
        "generator": "tests/oracle/ops/record_torch.py",
        "torch": torch.__version__, "numpy": np.__version__, "seed": SEED,
        "counts": {
            "programs": len(recs), "ops": len(ops),
            "float32": sum(r["dtype"] == "float32" for r in recs), "float64": sum(r["dtype"] == "float64" for r in recs),
            "second_order_recorded": sum(r["second"] == "recorded" for r in recs),
            "edge": sum(r["edge"] is not None for r in recs),
        },
        "programs": recs,
    }
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {path}: {doc['counts']}, ops: {' '.join(ops)}" + (f"; kept {reused} recorded entries" if kept else ""))


if __name__ == "__main__":
    main()
