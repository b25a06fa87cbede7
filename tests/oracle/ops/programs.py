"""The fixed, seeded set of programs that record_torch.py runs through real PyTorch.

A program is data: a list of inputs (values generated here with a seeded NumPy generator and stored in
the goldens, so no PRNG has to match on the TypeScript side) and an expression tree over them:

    {"in": i}                                   input i
    {"op": NAME, "args": [...], "kw": {...}}    an op; args are expressions, numbers or lists of expressions

NAME is PyTorch's name (method, torch.* or torch.nn.functional.*); `evaluate` below is the one table that
says what each name means in Python, and tests/oracle/torch_goldens.test.ts has the matching table for
@twingrad/torch. Three names are not PyTorch ops: "item" picks element k of a list (split's result),
"getitem" is basic slicing x[...], and "write_through" runs an in-place op on a view of a non-leaf copy of its
first argument (`kw["views"]`, then `kw["method"]` with the other arguments) and returns that base, or the view.

Regenerate the goldens with:  /usr/bin/python3 tests/oracle/ops/record_torch.py
"""
import numpy as np
import torch
import torch.nn.functional as F

SEED = 20240601
SEED_ROUNDING_ARRANGE = 20260127  # the generator of rounding_and_arrange_programs, added after the first 598 programs
SEED_WRITE_THROUGH = 20261128  # the generator of write_through_programs, added after rounding_and_arrange_programs
SEED_NN_MORE = 20261129  # the generator of more_nn_programs, added after write_through_programs
DTYPES = ["float32", "float64"]


# ---- expression builders ----
def op(name, *args, **kw):
    return {"op": name, "args": list(args), "kw": kw}


class Program:
    """Collects inputs; `x(...)` returns an expression that reads the new input."""

    def __init__(self, rng, name, dtype, op_name, order=2, edge=None):
        self.rng, self.name, self.dtype, self.op_name = rng, name, dtype, op_name
        self.order, self.edge, self.inputs, self.expr = order, edge, [], None

    def x(self, shape, lo=-2.0, hi=2.0, avoid=(), gap=0.1, values=None, grad=True):
        if values is not None:
            data = np.asarray(values, dtype=np.float64).reshape(shape)
        else:
            data = self.rng.uniform(lo, hi, size=shape)
            for a in avoid:  # push values away from the op's kinks, keeping them inside [lo, hi]
                near = np.abs(data - a) < gap
                data = np.where(near, np.where(data >= a, a + gap, a - gap), data)
                data = np.clip(data, lo, hi)
        data = data.astype(np.float32 if self.dtype == "float32" else np.float64)
        self.inputs.append({"dtype": self.dtype, "shape": list(shape), "data": data, "grad": grad})
        return {"in": len(self.inputs) - 1}

    def pos(self, shape, lo=0.3, hi=2.0):
        """Values away from zero, of random sign."""
        mag = self.rng.uniform(lo, hi, size=shape)
        sgn = np.where(self.rng.uniform(size=shape) < 0.5, -1.0, 1.0)
        return self.x(shape, values=mag * sgn)

    def ints(self, shape, high):
        data = self.rng.integers(0, high, size=shape).astype(np.int64)
        self.inputs.append({"dtype": "int64", "shape": list(shape), "data": data, "grad": False})
        return {"in": len(self.inputs) - 1}

    def bools(self, shape):
        data = self.rng.uniform(size=shape) < 0.5
        self.inputs.append({"dtype": "bool", "shape": list(shape), "data": data, "grad": False})
        return {"in": len(self.inputs) - 1}


# ---- the Python side of the op table ----
def _slice_key(items):
    key = []
    for it in items:
        if it is None:
            key.append(slice(None))
        elif isinstance(it, int):
            key.append(it)
        else:
            key.append(slice(it.get("start"), it.get("stop"), it.get("step")))
    return tuple(key)


UNARY_METHODS = ["neg", "abs", "sign", "exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "square", "reciprocal",
                 "sin", "cos", "tan", "tanh", "sigmoid", "relu", "erf", "floor", "ceil", "trunc", "fix"]
BINARY = ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "atan2"]


ONE_KEYWORD = {"reshape": "shape", "permute": "dims", "expand": "size", "unsqueeze": "dim", "flip": "dims", "tile": "dims",
               "repeat": "sizes"}


def evaluate(e, xs):
    if isinstance(e, (int, float)):
        return e
    if isinstance(e, list):
        return [evaluate(a, xs) for a in e]
    if "in" in e:
        return xs[e["in"]]
    name, kw = e["op"], e.get("kw", {})
    a = [evaluate(v, xs) for v in e["args"]]
    if name in UNARY_METHODS:
        return getattr(a[0], name)()
    if name in BINARY:
        return getattr(torch, name)(a[0], a[1]) if name in ("maximum", "minimum", "atan2") else getattr(a[0], name)(a[1])
    if name in ("leaky_relu", "elu", "gelu", "softplus", "softmax", "log_softmax", "cross_entropy", "mse_loss"):
        return getattr(F, name)(*a, **kw)
    if name in ("silu", "l1_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits", "linear"):
        return getattr(F, name)(*a, **kw)  # the losses' weight, if any, is their third positional argument
    if name == "bce_with_logits_pos_weight":  # pos_weight is keyword-only in practice: the 7th parameter
        return F.binary_cross_entropy_with_logits(a[0], a[1], pos_weight=a[2], **kw)
    if name == "where":
        return torch.where(a[0], a[1], a[2])
    if name == "clamp":
        return a[0].clamp(**kw)
    if name in ("var", "std"):  # PyTorch 1.13 takes `correction` only beside an explicit dim
        return getattr(a[0], name)(**{"dim": None, **kw})
    if name in ("sum", "mean", "prod", "logsumexp"):
        return getattr(a[0], name)(**kw)
    if name in ("max", "min"):
        r = getattr(a[0], name)(**kw)
        return r.values if "dim" in kw else r
    if name == "norm":
        return torch.norm(a[0], **kw)
    if name in ONE_KEYWORD:  # x.name(kw[key]): the method with its one argument, given by name
        return getattr(a[0], name)(kw[ONE_KEYWORD[name]])
    if name == "transpose":
        return a[0].transpose(kw["dim0"], kw["dim1"])
    if name == "squeeze":
        return a[0].squeeze(kw["dim"]) if "dim" in kw else a[0].squeeze()
    if name in ("cat", "stack"):
        return getattr(torch, name)(a[0], dim=kw.get("dim", 0))
    if name == "split":
        return list(a[0].split(kw["split_size_or_sections"], dim=kw.get("dim", 0)))
    if name == "item":
        return a[0][a[1]]
    if name == "getitem":
        return a[0][_slice_key(kw["index"])]
    if name == "index_select":
        return a[0].index_select(kw["dim"], a[1])
    if name == "pad":
        return F.pad(a[0], kw["pad"], value=kw.get("value", 0.0))
    if name == "matmul":
        return torch.matmul(a[0], a[1])
    if name == "round":  # decimals is keyword-only in PyTorch
        return torch.round(a[0], **kw)
    if name == "unbind":
        return list(a[0].unbind(kw.get("dim", 0)))
    if name == "masked_fill":
        return a[0].masked_fill(a[1], a[2])
    if name == "write_through":  # an in-place op through views: the base takes a CopySlices history
        base = a[0] * 1  # a non-leaf: an in-place op on a view of a leaf that requires grad is refused
        v = base
        for step in kw["views"]:
            v = _view_step(v, step)
        getattr(v, kw["method"])(*a[1:])
        return base if kw.get("ret", "base") == "base" else v
    raise KeyError(name)


def _view_step(v, step):
    kind, *args = step
    if kind == "getitem":
        return v[_slice_key(args[0])]
    if kind == "t":
        return v.t()
    return getattr(v, kind)(*args)  # transpose, select, narrow, view, unsqueeze, permute


# ---- the programs ----
UNARY_SPECS = {  # name: (lo, hi, kinks, variants of keyword arguments)
    "neg": (-2, 2, (), [{}]), "abs": (-2, 2, (0,), [{}]), "sign": (-2, 2, (0,), [{}]),
    "exp": (-2, 2, (), [{}]), "log": (0.2, 3, (), [{}]), "log1p": (-0.8, 3, (), [{}]),
    "expm1": (-2, 2, (), [{}]), "sqrt": (0.2, 3, (), [{}]), "rsqrt": (0.2, 3, (), [{}]),
    "square": (-2, 2, (), [{}]), "reciprocal": None, "sin": (-3, 3, (), [{}]), "cos": (-3, 3, (), [{}]),
    "tan": (-1.2, 1.2, (), [{}]), "tanh": (-3, 3, (), [{}]), "sigmoid": (-4, 4, (), [{}]),
    "relu": (-2, 2, (0,), [{}]), "erf": (-2, 2, (), [{}]),
    "leaky_relu": (-2, 2, (0,), [{}, {"negative_slope": 0.2}]),
    "elu": (-2, 2, (0,), [{}, {"alpha": 0.5}]),
    "gelu": (-3, 3, (), [{}, {"approximate": "tanh"}]),
    "softplus": (-3, 3, (1.5,), [{}, {"beta": 2.0, "threshold": 3.0}]),
}


def unary_programs(add):
    for name, spec in UNARY_SPECS.items():
        for dt in DTYPES:
            for shape in ([2, 3], [5], []):
                variants = spec[3] if spec else [{}]
                for kw in variants if shape == [2, 3] else variants[:1]:
                    p = add(name, dt, name)
                    x = p.pos(shape) if spec is None else p.x(shape, spec[0], spec[1], avoid=spec[2])
                    p.expr = op(name, x, **kw)


def binary_programs(add):
    shapes = [([2, 3], [2, 3]), ([2, 3], [3]), ([2, 1], [1, 3]), ([3], [])]
    for name in BINARY:
        for dt in DTYPES:
            for sa, sb in shapes:
                p = add(name, dt, name)
                if name == "pow":
                    x, y = p.x(sa, 0.5, 2), p.x(sb, -1.5, 2)
                elif name == "div":
                    x, y = p.x(sa), p.pos(sb)
                elif name == "atan2":
                    x, y = p.pos(sa), p.pos(sb)
                elif name in ("maximum", "minimum"):
                    x, y = p.x(sa), p.x(sb)  # continuous values: no ties (the edge cases below have them)
                else:
                    x, y = p.x(sa), p.x(sb)
                p.expr = op(name, x, y)
            # a number operand, taking the tensor's dtype
            for s in ([2, 3], []) if name not in ("maximum", "minimum", "atan2") else ():  # these take tensors only
                p = add(name, dt, name)
                if name == "pow":
                    p.expr = op(name, p.x(s, 0.5, 2), 2.5)
                else:
                    p.expr = op(name, p.x(s), 1.75 if name != "div" else -1.25)
        for dt in DTYPES:
            if name == "pow":  # scalar exponents, including negative and fractional
                for e, lo in ((2, -2), (3, -2), (0.5, 0.3), (-1.5, 0.3), (0, -2), (1, -2)):
                    p = add("pow", dt, "pow")
                    p.expr = op("pow", p.x([2, 3], lo, 2), e)


def other_elementwise(add):
    for dt in DTYPES:
        for sc, sx, sy in (([2, 3], [2, 3], [2, 3]), ([2, 3], [3], [2, 1]), ([3], [], [3])):
            p = add("where", dt, "where")
            c = p.bools(sc)
            p.expr = op("where", c, p.x(sx), p.x(sy))
        p = add("where", dt, "where")
        c = p.bools([4])
        p.expr = op("where", c, p.x([4]), 0.5)
        for kw in ({"min": -0.5, "max": 0.5}, {"min": -0.5}, {"max": 0.3}):
            p = add("clamp", dt, "clamp")
            bounds = [v for v in kw.values()]
            p.expr = op("clamp", p.x([3, 4], avoid=bounds), **kw)


def reduction_programs(add):
    for dt in DTYPES:
        for kw in ({}, {"dim": 1}, {"dim": [0, 2], "keepdim": True}, {"dim": -1, "keepdim": True}):
            for name in ("sum", "mean", "logsumexp", "var", "std", "norm"):
                if name == "logsumexp" and "dim" not in kw:
                    continue
                p = add(name, dt, name)
                x = p.x([2, 3, 4])
                k = dict(kw)
                if name in ("var", "std"):
                    for corr in (0, 1):
                        q = p if corr == 0 else add(name, dt, name)
                        xx = x if corr == 0 else q.x([2, 3, 4])
                        q.expr = op(name, xx, correction=corr, **k)
                    continue
                if name == "norm":
                    k = {"p": 2, **k}
                p.expr = op(name, x, **k)
        for k in ({"p": 1, "dim": 1}, {"p": 3, "dim": [0, 1]}, {"p": "fro"}, {"p": 2.5, "dim": 0, "keepdim": True}):
            p = add("norm", dt, "norm")
            p.expr = op("norm", p.x([3, 4], avoid=(0,), gap=0.2), **k)
        for kw in ({}, {"dim": 1}, {"dim": 0, "keepdim": True}):
            p = add("prod", dt, "prod")
            p.expr = op("prod", p.x([3, 4], 0.5, 1.5) if not kw else p.pos([3, 4], 0.5, 1.5), **kw)
        for name in ("max", "min"):
            for kw in ({}, {"dim": 1}, {"dim": -1, "keepdim": True}, {"dim": 0}):
                p = add(name, dt, name)
                p.expr = op(name, p.x([3, 4]), **kw)


def plain_and_squared(add, dt):
    """both(name, build): one plain program, and one squared so that second order passes through the op too."""
    def both(name, build):
        p = add(name, dt, name)
        p.expr = build(p)
        q = add(name, dt, name)
        q.expr = op("square", build(q))
    return both


def shape_programs(add):
    for dt in DTYPES:
        both = plain_and_squared(add, dt)

        both("reshape", lambda p: op("reshape", p.x([2, 3, 2]), shape=[3, -1]))
        both("reshape", lambda p: op("reshape", p.x([6]), shape=[2, 1, 3]))
        both("permute", lambda p: op("permute", p.x([2, 3, 4]), dims=[2, 0, 1]))
        both("transpose", lambda p: op("transpose", p.x([2, 3]), dim0=0, dim1=1))
        both("expand", lambda p: op("expand", p.x([3, 1]), size=[2, 3, 4]))
        both("expand", lambda p: op("expand", p.x([1, 4]), size=[3, -1]))
        both("squeeze", lambda p: op("squeeze", p.x([2, 1, 3, 1])))
        both("squeeze", lambda p: op("squeeze", p.x([2, 1, 3]), dim=1))
        both("unsqueeze", lambda p: op("unsqueeze", p.x([2, 3]), dim=1))
        both("unsqueeze", lambda p: op("unsqueeze", p.x([3]), dim=-1))
        both("cat", lambda p: op("cat", [p.x([2, 3]), p.x([1, 3]), p.x([3, 3])], dim=0))
        both("cat", lambda p: op("cat", [p.x([2, 2]), p.x([2, 3])], dim=1))
        both("stack", lambda p: op("stack", [p.x([2, 3]), p.x([2, 3])], dim=0))
        both("stack", lambda p: op("stack", [p.x([3]), p.x([3]), p.x([3])], dim=-1))
        both("getitem", lambda p: op("getitem", p.x([4, 5]), index=[{"step": 2}, {"start": 1, "stop": 5, "step": 2}]))
        both("getitem", lambda p: op("getitem", p.x([3, 4, 2]), index=[1, {"start": -3}, None]))
        both("getitem", lambda p: op("getitem", p.x([6]), index=[{"start": 1, "stop": -1, "step": 3}]))
        both("pad", lambda p: op("pad", p.x([2, 3]), pad=[1, 2]))
        both("pad", lambda p: op("pad", p.x([2, 3]), pad=[0, 1, 2, 0], value=1.5))
        for sizes, dim, shape in ((2, 0, [4, 3]), ([1, 3], 1, [2, 4])):
            p = add("split", dt, "split")
            x = p.x(shape)
            parts = op("split", x, split_size_or_sections=sizes, dim=dim)
            p.expr = op("cat", [op("exp", op("item", parts, 0)), op("mul", op("item", parts, 1), 2.0)], dim=dim)
        for dim, shape, n in ((0, [4, 3], 4), (1, [2, 5], 5)):
            p = add("index_select", dt, "index_select")
            x = p.x(shape)
            idx = p.ints([6], n)  # with repeats: the gradient accumulates
            p.expr = op("index_select", x, idx, dim=dim)
            q = add("index_select", dt, "index_select")
            x = q.x(shape)
            idx = q.ints([3], n)
            q.expr = op("square", op("index_select", x, idx, dim=dim))


def linalg_programs(add):
    cases = [([2, 3], [3, 4]), ([2, 2, 3], [2, 3, 4]), ([2, 1, 2, 3], [3, 3, 2]), ([3], [3]), ([3], [3, 2]),
             ([2, 3], [3]), ([3], [2, 3, 4]), ([1, 2, 3], [3, 2])]
    for dt in DTYPES:
        for sa, sb in cases:
            p = add("matmul", dt, "matmul")
            p.expr = op("matmul", p.x(sa), p.x(sb))


def nn_programs(add):
    for dt in DTYPES:
        for name in ("softmax", "log_softmax"):
            for shape, dim in (([2, 3], -1), ([3, 4], 0), ([2, 3, 2], 1), ([4], 0)):
                p = add(name, dt, name)
                p.expr = op(name, p.x(shape, -3, 3), dim=dim)
        for red in ("mean", "sum", "none"):
            p = add("cross_entropy", dt, "cross_entropy")
            p.expr = op("cross_entropy", p.x([4, 3], -3, 3), p.ints([4], 3), reduction=red)
            p = add("cross_entropy", dt, "cross_entropy")
            logits = p.x([4, 3], -3, 3)
            probs = p.rng.dirichlet([1.0, 1.0, 1.0], size=4)
            p.expr = op("cross_entropy", logits, p.x([4, 3], values=probs), reduction=red)
        p = add("cross_entropy", dt, "cross_entropy")  # class dimension 1 of a [N, C, d] input
        p.expr = op("cross_entropy", p.x([2, 3, 2], -3, 3), p.ints([2, 2], 3))
        for red in ("mean", "sum", "none"):
            p = add("mse_loss", dt, "mse_loss")
            p.expr = op("mse_loss", p.x([3, 4]), p.x([3, 4]), reduction=red)


def composition_programs(add, rng):
    T = []

    def t(name):
        def deco(f):
            T.append((name, f))
            return f
        return deco

    @t("tanh(matmul) weighted row sums")
    def _(p):
        return op("sum", op("mul", op("tanh", op("matmul", p.x([3, 4]), p.x([4, 2]))), p.x([2])), dim=1)

    @t("cross_entropy of an affine layer")
    def _(p):
        return op("cross_entropy", op("add", op("matmul", p.x([4, 3]), p.x([3, 5])), p.x([5])), p.ints([4], 5))

    @t("mse_loss of a sigmoid layer")
    def _(p):
        return op("mse_loss", op("sigmoid", op("add", op("mul", p.x([3, 2]), p.x([2])), p.x([1]))), p.x([3, 2], 0, 1))

    @t("gaussian bump times y, mean over rows")
    def _(p):
        return op("mul", op("mean", op("exp", op("neg", op("square", p.x([3, 4])))), dim=0, keepdim=True), p.x([2, 1, 4]))

    @t("smooth abs")
    def _(p):
        return op("sqrt", op("add", op("square", p.x([2, 3])), 1.0))

    @t("logsumexp minus max")
    def _(p):
        x = p.x([3, 4])
        return op("sub", op("logsumexp", op("mul", x, p.x([4])), dim=1), op("max", x, dim=1))

    @t("product of softplus")
    def _(p):
        return op("prod", op("softplus", p.x([3, 2])), dim=0)

    @t("variance of concatenated sin and cos")
    def _(p):
        return op("var", op("cat", [op("sin", p.x([2, 3])), op("cos", p.x([1, 3]))], dim=0), dim=0, correction=1)

    @t("distance between rows")
    def _(p):
        return op("norm", op("sub", p.x([3, 4]), p.x([1, 4])), dim=1)

    @t("atan2 of sin and shifted cos")
    def _(p):
        return op("atan2", op("sin", p.x([2, 3])), op("add", op("cos", p.x([2, 3])), 2.0))

    @t("softmax over stacked product and quotient")
    def _(p):
        x = p.x([2, 3])
        return op("softmax", op("stack", [op("mul", x, p.x([2, 3])), op("div", x, p.pos([3]))], dim=0), dim=0)

    @t("gram matrix sum")
    def _(p):
        x = p.x([3, 2])
        return op("sum", op("matmul", x, op("transpose", x, dim0=0, dim1=1)))

    @t("mean of squared gelu")
    def _(p):
        return op("mean", op("pow", op("gelu", p.x([2, 3])), 2))

    @t("maximum times x, row sums")
    def _(p):
        x = p.x([3, 4])
        return op("sum", op("mul", op("maximum", x, p.x([4])), x), dim=1)

    @t("clamp times tanh")
    def _(p):
        return op("mul", op("clamp", op("mul", p.x([2, 3], avoid=(-0.5, 0.5), gap=0.1), 2.0), min=-1.0, max=1.0),
                  op("tanh", p.x([2, 3])))

    @t("permute, reshape, matmul")
    def _(p):
        return op("matmul", op("reshape", op("permute", p.x([2, 3, 2]), dims=[1, 0, 2]), shape=[3, 4]), p.x([4, 2]))

    @t("std of selected rows")
    def _(p):
        return op("std", op("index_select", p.x([4, 3]), p.ints([5], 4), dim=0), correction=1)

    @t("padded times y")
    def _(p):
        return op("mul", op("pad", op("exp", p.x([2, 2])), pad=[1, 1]), p.x([2, 4]))

    @t("logsumexp of an expanded column times y")
    def _(p):
        return op("logsumexp", op("mul", op("expand", p.x([3, 1]), size=[3, 4]), p.x([3, 4])), dim=1)

    @t("elu layer, row minimum")
    def _(p):
        return op("min", op("elu", op("matmul", p.x([3, 2]), p.x([2, 4]))), dim=1)

    @t("sigmoid written out")
    def _(p):
        return op("reciprocal", op("add", op("exp", op("neg", p.x([5]))), 1.0))

    @t("strided slice times a row")
    def _(p):
        return op("mul", op("sum", op("getitem", p.x([3, 4]), index=[None, {"step": 2}])), op("getitem", p.x([2, 3]), index=[1]))

    @t("split halves multiplied")
    def _(p):
        parts = op("split", p.x([4, 3]), split_size_or_sections=2, dim=0)
        return op("mul", op("item", parts, 0), op("sin", op("item", parts, 1)))

    @t("sin times cos of one input")
    def _(p):
        x = p.x([2, 3])
        return op("mul", op("sin", x), op("cos", x))

    @t("log_softmax then weighted sum")
    def _(p):
        return op("sum", op("mul", op("log_softmax", op("mul", p.x([2, 4]), 2.0), dim=-1), p.x([2, 4])), dim=-1)

    @t("where over a relu and an erf")
    def _(p):
        x = p.x([2, 3], avoid=(0,))
        return op("where", p.bools([2, 3]), op("relu", x), op("erf", op("mul", x, p.x([3]))))

    @t("batched matmul then softmax")
    def _(p):
        return op("softmax", op("matmul", p.x([2, 2, 3]), p.x([3, 2])), dim=-1)

    @t("mean squared unsqueezed difference")
    def _(p):
        return op("mean", op("square", op("sub", op("unsqueeze", p.x([3]), dim=1), p.x([4]))), dim=0)

    for dt in DTYPES:
        for name, f in T:
            p = add("composition", dt, "composition")
            p.label = name
            p.expr = f(p)
    # random chains of 2-4 smooth unary ops ending in a reduction or a binary op with a second input
    smooth = ["sin", "cos", "tanh", "sigmoid", "erf", "softplus", "gelu", "neg", "exp"]
    for i in range(24):
        dt = DTYPES[i % 2]
        p = add("composition", dt, "composition")
        x = p.x([2, 3], -1.5, 1.5)
        k = int(rng.integers(2, 5))
        chain = [smooth[j] for j in rng.choice(len(smooth), size=k - 1, replace=False)]
        e = x
        for name in chain:
            e = op(name, op("mul", e, 0.7) if name == "exp" else e)
        last = ["sum_dim", "mul", "add", "logsumexp", "mean"][i % 5]
        if last == "sum_dim":
            e = op("sum", e, dim=1)
        elif last in ("mul", "add"):
            e = op(last, e, p.x([3]))
        elif last == "logsumexp":
            e = op("logsumexp", e, dim=0)
        else:
            e = op("mean", e)
        p.label = " of ".join(["sum" if last == "sum_dim" else last] + list(reversed(chain)))
        p.expr = e


def edge_programs(add):
    """The edges where PyTorch has a convention: the torch facade must follow it."""
    for dt in DTYPES:
        def e(name, what, order=1):
            return add(name, dt, name, order=order, edge=what)

        p = e("maximum", "ties split the gradient evenly")
        p.expr = op("maximum", p.x([4], values=[1, -0.5, 2, 0]), p.x([4], values=[1, 0.5, -2, 0]))
        p = e("minimum", "ties split the gradient evenly")
        p.expr = op("minimum", p.x([2, 2], values=[1, -0.5, 2, 0]), p.x([2], values=[1, -0.5]))
        p = e("max", "a full reduction splits the gradient evenly among ties")
        p.expr = op("max", p.x([2, 3], values=[1, 3, 3, -1, 3, 0]))
        p = e("min", "a full reduction splits the gradient evenly among ties")
        p.expr = op("min", p.x([5], values=[0.5, -1, 2, -1, -1]))
        p = e("max", "with a dim the gradient goes to the index max returns")
        p.expr = op("max", p.x([2, 3], values=[1, 3, 3, 2, 2, 2]), dim=1)
        p = e("min", "with a dim the gradient goes to the index min returns")
        p.expr = op("min", p.x([3, 2], values=[1, 0, 1, 0, 4, 4]), dim=0, keepdim=True)
        p = e("abs", "the gradient at 0 is 0")
        p.expr = op("abs", p.x([3], values=[0, 1, -1]))
        p = e("relu", "the gradient at 0 is 0")
        p.expr = op("relu", p.x([3], values=[0, 1, -1]))
        p = e("sign", "the gradient is 0 everywhere")
        p.expr = op("sign", p.x([3], values=[0, 1, -1]))
        p = e("leaky_relu", "at 0 the gradient is the slope")
        p.expr = op("leaky_relu", p.x([3], values=[0, 1, -1]), negative_slope=0.1)
        p = e("elu", "at 0 the gradient is alpha")
        p.expr = op("elu", p.x([3], values=[0, 1, -1]), alpha=0.5)
        p = e("clamp", "values at the bounds keep their gradient")
        p.expr = op("clamp", p.x([4], values=[-0.5, 0.5, 0.2, 1]), min=-0.5, max=0.5)
        p = e("pow", "at x = 0 with a non-negative exponent the exponent's gradient is 0")
        p.expr = op("pow", p.x([4], values=[0, 0, 1.5, 0.5]), p.x([4], values=[2, 2.5, -1, 0]))
        p = e("prod", "a single zero factor gets the product of the others", order=2)
        p.expr = op("prod", p.x([4], values=[0, 1.5, -2, 0.5]))
        p = e("prod", "two zero factors give every factor a zero gradient")
        p.expr = op("prod", p.x([2, 3], values=[0, 1, 0, 2, 3, 0.5]), dim=1)
        p = e("norm", "the 2-norm's gradient at the zero vector is 0")
        p.expr = op("norm", p.x([2, 3], values=[0, 0, 0, 1, 2, 2]), dim=1)
        p = e("softplus", "above the threshold softplus is x")
        p.expr = op("softplus", p.x([3], values=[25, 19, -5]))
        p = e("sqrt", "sqrt of a value near 0 stays finite", order=2)
        p.expr = op("sqrt", p.x([2], values=[1e-6, 4]))


def rounding_and_arrange_programs(add):
    """The rounding ops (floor ceil round trunc fix), flip tile repeat unbind and masked_fill.

    PyTorch's gradient of a rounding op is zeros: the inputs are kept away from the jumps so that the
    forward value is not a matter of the last bit, and the programs that multiply by y check that the zeros
    (and y's gradient through the rounded value) also hold at second order."""
    for dt in DTYPES:
        both = plain_and_squared(add, dt)

        ints = list(range(-3, 4))
        halves = [k + 0.5 for k in range(-3, 3)]
        for name, jumps in (("floor", ints), ("ceil", ints), ("trunc", ints), ("fix", ints), ("round", halves)):
            for shape in ([2, 3], [5], []):
                p = add(name, dt, name)
                p.expr = op(name, p.x(shape, -2.5, 2.5, avoid=jumps, gap=0.05))
            p = add(name, dt, name)
            p.expr = op("mul", op(name, p.x([2, 3], -2.5, 2.5, avoid=jumps, gap=0.05)), p.x([3]))
        for decimals, lo, hi in ((1, -2.0, 2.0), (2, -2.0, 2.0), (-1, -40.0, 40.0)):
            jumps = [(k + 0.5) * 10.0 ** -decimals for k in range(int(lo * 10 ** decimals) - 1, int(hi * 10 ** decimals) + 1)]
            gap = 0.2 * 10.0 ** -decimals
            p = add("round", dt, "round")
            p.expr = op("round", p.x([2, 3], lo, hi, avoid=jumps, gap=gap), decimals=decimals)
            p = add("round", dt, "round")
            p.expr = op("mul", op("round", p.x([3], lo, hi, avoid=jumps, gap=gap), decimals=decimals), p.x([3]))
        p = add("round", dt, "round", order=1, edge="halves round to even")
        p.expr = op("round", p.x([6], values=[0.5, 1.5, 2.5, -0.5, -1.5, -2.5]))
        p = add("round", dt, "round", order=1, edge="halves round to even after scaling by 10**decimals")
        p.expr = op("round", p.x([4], values=[0.125, 0.375, -0.625, 1.875]), decimals=2)
        p = add("round", dt, "round", order=1, edge="halves round to even after scaling by 10**decimals")
        p.expr = op("round", p.x([3], values=[25, 35, -15]), decimals=-1)

        both("flip", lambda p: op("flip", p.x([2, 3]), dims=[0, 1]))
        both("flip", lambda p: op("flip", p.x([2, 3, 2]), dims=[-1]))
        both("flip", lambda p: op("flip", p.x([4]), dims=[0]))
        both("tile", lambda p: op("tile", p.x([2, 3]), dims=[2, 1]))
        both("tile", lambda p: op("tile", p.x([2, 3]), dims=[2]))  # fewer dims than the tensor: leading 1s
        both("tile", lambda p: op("tile", p.x([3]), dims=[2, 1, 2]))  # more: the tensor gains dims
        both("repeat", lambda p: op("repeat", p.x([2, 3]), sizes=[2, 1]))
        both("repeat", lambda p: op("repeat", p.x([3]), sizes=[2, 2]))
        both("repeat", lambda p: op("repeat", p.x([2, 1, 3]), sizes=[1, 3, 2]))
        both("unbind", lambda p: op("item", op("unbind", p.x([2, 3]), dim=1), 1))
        both("unbind", lambda p: op("item", op("unbind", p.x([3, 2, 2])), 2))
        p = add("unbind", dt, "unbind")  # two pieces of one input: the gradient is assembled from both
        parts = op("unbind", p.x([3, 4]), dim=0)
        p.expr = op("stack", [op("exp", op("item", parts, 0)), op("mul", op("item", parts, 2), 2.0)], dim=0)

        both("masked_fill", lambda p: op("masked_fill", p.x([2, 3]), p.bools([2, 3]), 0.5))
        both("masked_fill", lambda p: op("masked_fill", p.x([2, 3]), p.bools([3]), -1.25))  # the mask broadcasts
        both("masked_fill", lambda p: op("masked_fill", p.x([2, 3]), p.bools([2, 3]), p.x([])))  # a 0-d value with a gradient
        both("masked_fill", lambda p: op("masked_fill", p.x([4]), p.bools([4]), p.x([])))


def write_through_programs(add):
    """In-place ops through views of a non-leaf base (PyTorch's CopySlices and AsStridedBackward0), to second order:
    twingrad's views of indexing, t() and select are copies that write through; view and unsqueeze share storage."""
    cases = [  # (views, method, operand shapes or numbers, base shape)
        ([["getitem", [{"start": 1, "stop": 3}]]], "mul_", [[2]], [4]),
        ([["getitem", [{"start": 1, "stop": 3}]]], "mul_", [2.5], [4]),
        ([["t"]], "add_", [[3, 2]], [2, 3]),
        ([["select", 1, 0]], "copy_", [[2]], [2, 3]),
        ([["narrow", 0, 1, 2]], "exp_", [], [3, 2]),
        ([["view", 2, 3], ["getitem", [None, 1]]], "div_", [[2]], [6]),
        ([["unsqueeze", 0]], "mul_", [[1, 3]], [3]),
        ([["t"], ["getitem", [0]]], "sub_", [[2]], [2, 2]),
        ([["transpose", 0, 1], ["narrow", 1, 0, 1]], "mul_", [[3, 1]], [1, 3]),
        ([["permute", 1, 0], ["select", 0, 2]], "clamp_", [[2]], [2, 3]),
        ([["getitem", [{"start": 0, "stop": 4, "step": 2}]]], "fill_", [0.5], [5]),
    ]
    for dt in DTYPES:
        for views, method, operands, shape in cases:
            for ret in ("base", "view"):
                for squared in (False, True):
                    p = add("write_through", dt, "write_through")
                    args = [p.x(shape)] + [o if isinstance(o, float) else p.x(o, 0.5, 2.0) for o in operands]
                    e = op("write_through", *args, views=views, method=method, ret=ret)
                    p.expr = op("square", e) if squared else e


def more_nn_programs(add):
    """silu, linear, l1_loss and the binary cross-entropies (weights and pos_weight are constants, as PyTorch's must be)."""
    for dt in DTYPES:
        for shape in ([2, 3], [5]):
            p = add("silu", dt, "silu")
            p.expr = op("silu", p.x(shape, -4, 4))
        p = add("silu", dt, "silu", edge="large logits: x itself, and -0 far below")
        p.expr = op("silu", p.x([4], values=[-100, -20, 20, 100]))
        for sx, sw, bias in (([2, 3], [4, 3], True), ([2, 3], [4, 3], False), ([3], [4, 3], True), ([2, 2, 3], [4, 3], True),
                             ([2, 2, 3], [4, 3], False)):
            p = add("linear", dt, "linear")
            p.expr = op("linear", p.x(sx), p.x(sw), *([p.x([4])] if bias else []))
        for red in ("mean", "sum", "none"):
            p = add("l1_loss", dt, "l1_loss")
            x = p.x([3, 4])
            p.expr = op("l1_loss", x, p.x([3, 4], values=p.inputs[x["in"]]["data"] + p.rng.choice([-1, 1], [3, 4]) * p.rng.uniform(0.2, 1, [3, 4])), reduction=red)
            # NOTE: first order only: PyTorch's closed-form second derivative (binary_cross_entropy_double_backward)
            # adds 1e-12 to x and 1 - x, and the input's and target's terms, each ~1/(x(1 - x)), cancel to ~1% of their
            # size: it differs from the derivative of the first-order formula by ~1e-9 in float64, and by float32's
            # rounding of the terms in float32 (docs/divergences.md). The core's tests check ours by finite differences.
            bce_order = 1
            p = add("binary_cross_entropy", dt, "binary_cross_entropy", order=bce_order)
            p.expr = op("binary_cross_entropy", p.x([3, 4], 0.05, 0.95), p.x([3, 4], 0, 1), reduction=red)
            p = add("binary_cross_entropy", dt, "binary_cross_entropy", order=bce_order)  # a weight broadcast to the target's size
            p.expr = op("binary_cross_entropy", p.x([3, 4], 0.05, 0.95), p.x([3, 4], 0, 1), p.x([4], 0.5, 2, grad=False), reduction=red)
            p = add("binary_cross_entropy_with_logits", dt, "binary_cross_entropy_with_logits")
            p.expr = op("binary_cross_entropy_with_logits", p.x([3, 4], -4, 4), p.x([3, 4], 0, 1), reduction=red)
            p = add("binary_cross_entropy_with_logits", dt, "binary_cross_entropy_with_logits")
            p.expr = op("binary_cross_entropy_with_logits", p.x([3, 4], -4, 4), p.x([3, 4], 0, 1), p.x([3, 4], 0.5, 2, grad=False), reduction=red)
            p = add("binary_cross_entropy_with_logits", dt, "binary_cross_entropy_with_logits")
            p.expr = op("bce_with_logits_pos_weight", p.x([3, 4], -4, 4), p.x([3, 4], 0, 1), p.x([4], 0.5, 3, grad=False), reduction=red)
        p = add("binary_cross_entropy", dt, "binary_cross_entropy", order=1, edge="probabilities 0 and 1: each log clamped at -100")
        p.expr = op("binary_cross_entropy", p.x([4], values=[0, 1, 0.5, 1]), p.x([4], values=[1, 0, 0.5, 1], grad=False), reduction="none")  # logit(0) is infinite: no target gradient
        p = add("binary_cross_entropy_with_logits", dt, "binary_cross_entropy_with_logits", edge="large logits stay finite")
        p.expr = op("binary_cross_entropy_with_logits", p.x([4], values=[-100, 100, 30, -30]), p.x([4], values=[1, 0, 0.25, 0.75]), reduction="none")


def build():
    rng = np.random.default_rng(SEED)
    programs = []

    def adder(gen):
        def add(name, dtype, op_name, order=2, edge=None):
            p = Program(gen, name, dtype, op_name, order=order, edge=edge)
            p.label = None
            programs.append(p)
            return p
        return add

    add = adder(rng)

    unary_programs(add)
    binary_programs(add)
    other_elementwise(add)
    reduction_programs(add)
    shape_programs(add)
    linalg_programs(add)
    nn_programs(add)
    composition_programs(add, rng)
    edge_programs(add)
    # Groups added later come after all of the above and draw from their own generator, so that adding them
    # moved neither the inputs above nor record_torch.py's cotangents and weights (drawn in program order).
    rounding_and_arrange_programs(adder(np.random.default_rng(SEED_ROUNDING_ARRANGE)))
    write_through_programs(adder(np.random.default_rng(SEED_WRITE_THROUGH)))
    more_nn_programs(adder(np.random.default_rng(SEED_NN_MORE)))
    return programs
