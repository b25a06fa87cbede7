"""Records random small autograd programs and what PyTorch 1.13 does with them, for accumulate-fuzz.test.ts.

Run with Debian's interpreter, which has PyTorch 1.13 (a pyenv python3 earlier on PATH has no torch):

    /usr/bin/python3 packages/torch/test/accumulate/record.py

Each program (seeded, so the file is the same on every run) is written out as data, so that the TypeScript test
replays it without a matching random generator: float64 leaves (scalars and vectors of one length, 2-4 of them,
requires_grad), 4-12 ops over the leaves and the earlier results (mul, add, sub, div by a tensor bounded away from 0 or
by a nonzero constant, sin, exp, tanh, pow by 2, 3 or -1, sum of a vector), so that graphs have diamonds; logging hooks
(register_hook) on some leaves and non-leaves, registered between the ops, each logging its name, the gradient it
sees and the current .grad of one or two leaves; retain_grad() on some non-leaves; then one backward call:
loss.backward() (sometimes twice, with retain_graph=True the first time), loss.backward(inputs=[...]) (leaves, and
sometimes a non-leaf), torch.autograd.backward([loss, another root], seeds), or loss.backward(create_graph=True).
In a few programs one hook raises after logging: the error and the .grad left set are recorded.

Output: programs.json beside this file: {"torch": version, "programs": [...]}, each program
  {"id", "leaves": [value], "steps": [step], "call": {...}, "log": [entry], "error": bool, "grads": {ref: value}}
  step: ["op", name, a, b] (b a ref, a number, or null for unary ops; name one of OPS) -> the next "t<i>";
        ["hook", ref, hookName, [leaf indices read], raises]; ["retain", ref]
  ref: "x<i>" (leaf i) or "t<j>" (the j-th op's result)
  call: {"kind": "backward" | "inputs" | "multi" | "create_graph", "root": ref, "inputs": [ref], "roots": [ref],
         "seeds": [value], "twice": bool}
  log entry: [hookName, grad, *leaf .grad values] (null for a .grad that is None); ["@pass2"] between two passes
  grads: the final .grad of every leaf and of every retained tensor (null when None)
A value is a number (0-d tensor) or a list of numbers.
"""
import json
import math
import os
import random
import warnings

import torch

warnings.simplefilter('ignore')
torch.set_default_dtype(torch.float64)

SEED = 20261127
COUNT = 150
BINARY = ['mul', 'add', 'sub', 'div']
UNARY = ['sin', 'exp', 'tanh', 'pow', 'sum']


def val(t):
    if t is None:
        return None
    return t.detach().tolist()


def finite(v, bound=1e6):
    if v is None:
        return True
    if isinstance(v, list):
        return all(finite(e, bound) for e in v)
    if isinstance(v, str):
        return True
    return math.isfinite(v) and abs(v) < bound


def rnum(rng, lo=-1.5, hi=1.5):
    return round(rng.uniform(lo, hi), 2)


def leaf_value(rng, vec, n):
    return [rnum(rng) for _ in range(n)] if vec else rnum(rng)


class Gen:
    """Builds one program's steps while evaluating it, so that divisors and powers can be kept away from 0."""

    def __init__(self, rng):
        self.rng = rng
        self.n = rng.choice([2, 3])
        nleaves = rng.randint(2, 4)
        self.leaves = [leaf_value(rng, rng.random() < 0.45, self.n) for _ in range(nleaves)]
        self.steps = []
        self.t = {}  # ref -> tensor, for evaluation while generating
        for i, v in enumerate(self.leaves):
            self.t[f'x{i}'] = torch.tensor(v, requires_grad=True)
        self.nops = 0
        self.used = set()
        self.hooks = 0

    def refs(self):
        return list(self.t.keys())

    def pick(self):
        refs = self.refs()
        # mostly recent results (chains), sometimes anything (diamonds and reuse)
        if self.nops > 0 and self.rng.random() < 0.5:
            return f't{self.rng.randrange(max(0, self.nops - 3), self.nops)}'
        return self.rng.choice(refs)

    def add_op(self, name, a, b):
        self.steps.append(['op', name, a, b])
        ref = f't{self.nops}'
        self.nops += 1
        self.used.add(a)
        if isinstance(b, str):
            self.used.add(b)
        self.t[ref] = apply(name, self.t[a], b if not isinstance(b, str) else self.t[b])
        return ref

    def random_op(self):
        rng = self.rng
        a = self.pick()
        ta = self.t[a]
        kind = rng.choice(BINARY * 2 + UNARY)
        if kind == 'sum' and ta.dim() == 0:
            kind = 'tanh'
        if kind in ('sin', 'exp', 'tanh', 'sum'):
            if kind == 'exp' and ta.detach().abs().max() > 3:
                kind = 'tanh'
            return self.add_op(kind, a, None)
        if kind == 'pow':
            ks = [2, 3]
            if ta.detach().abs().min() > 0.5:
                ks.append(-1)
            if ta.detach().abs().max() > 5:
                ks = [-1] if -1 in ks else [1]
            return self.add_op('pow', a, rng.choice(ks))
        # binary: another tensor (possibly a itself), or a constant
        if rng.random() < 0.25:
            b = rng.choice([2.0, -3.0, 0.5, 1.5]) if kind == 'div' else rnum(rng, -2, 2)
            return self.add_op(kind, a, b)
        b = self.pick()
        if kind == 'div' and self.t[b].detach().abs().min() < 0.5:
            kind = rng.choice(['mul', 'add', 'sub'])
        return self.add_op(kind, a, b)

    def maybe_hooks(self, raising):
        rng = self.rng
        while rng.random() < 0.45:
            ref = rng.choice(self.refs())
            reads = rng.sample(range(len(self.leaves)), rng.choice([1, 1, 2]))
            name = f'h{self.hooks}'
            self.hooks += 1
            self.steps.append(['hook', ref, name, reads, False])
            raising.append(len(self.steps) - 1)
        if self.nops > 0 and rng.random() < 0.12:
            self.steps.append(['retain', f't{rng.randrange(self.nops)}'])


def apply(name, a, b):
    if name in ('sin', 'exp', 'tanh', 'sum'):
        return getattr(a, name)()
    return getattr(a, name)(b)


def generate(rng, pid):
    g = Gen(rng)
    hook_steps = []
    g.maybe_hooks(hook_steps)
    for _ in range(rng.randint(4, 12)):
        g.random_op()
        g.maybe_hooks(hook_steps)
    last = f't{g.nops - 1}'
    if g.t[last].dim() > 0:
        last = g.add_op('sum', last, None)
    # results no op used: most join the loss (more diamonds, more leaves reached)
    for ref in list(g.t.keys()):
        if ref.startswith('t') and ref not in g.used and ref != last and rng.random() < 0.7:
            r = ref if g.t[ref].dim() == 0 else g.add_op('sum', ref, None)
            last = g.add_op(rng.choice(['add', 'mul', 'sub']), last, r)
    loss = last
    g.maybe_hooks(hook_steps)
    if rng.random() < 0.3:
        g.steps.append(['hook', loss, f'h{g.hooks}', rng.sample(range(len(g.leaves)), 1), False])
        hook_steps.append(len(g.steps) - 1)
        g.hooks += 1

    r = rng.random()
    call = {'kind': 'backward', 'root': loss, 'twice': False}
    if r < 0.35:
        call['twice'] = rng.random() < 0.25
    elif r < 0.57:
        k = rng.randint(1, len(g.leaves))
        inputs = [f'x{i}' for i in sorted(rng.sample(range(len(g.leaves)), k))]
        if rng.random() < 0.2 and g.nops > 1:
            inputs.append(f't{rng.randrange(g.nops - 1)}')
        rng.shuffle(inputs)
        call = {'kind': 'inputs', 'root': loss, 'inputs': inputs}
    elif r < 0.8:
        other = rng.choice([x for x in g.refs() if x != loss])
        seeds = [rnum(rng, -2, 2), leaf_value(rng, g.t[other].dim() > 0, g.n)]
        roots = [loss, other]
        if rng.random() < 0.3:
            roots.reverse()
            seeds.reverse()
        call = {'kind': 'multi', 'roots': roots, 'seeds': seeds}
    else:
        call = {'kind': 'create_graph', 'root': loss}
    # a few programs: one hook raises (after logging)
    if hook_steps and call['kind'] != 'create_graph' and rng.random() < 0.15:
        g.steps[rng.choice(hook_steps)][4] = True
    return {'id': pid, 'leaves': g.leaves, 'steps': g.steps, 'call': call}


class Boom(Exception):
    pass


def run(prog):
    """Replays a program in PyTorch: its hook log, whether backward raised, and the final .grad values."""
    t = {}
    leaves = []
    for i, v in enumerate(prog['leaves']):
        x = torch.tensor(v, requires_grad=True)
        t[f'x{i}'] = x
        leaves.append(x)
    log = []
    retained = []
    nops = 0

    def make_hook(name, reads, raises):
        def hook(grad):
            log.append([name, val(grad)] + [val(leaves[i].grad) for i in reads])
            if raises:
                raise Boom(name)
        return hook

    for s in prog['steps']:
        if s[0] == 'op':
            _, name, a, b = s
            t[f't{nops}'] = apply(name, t[a], t[b] if isinstance(b, str) else b)
            nops += 1
        elif s[0] == 'hook':
            _, ref, name, reads, raises = s
            t[ref].register_hook(make_hook(name, reads, raises))
        else:
            t[s[1]].retain_grad()
            retained.append(s[1])
    c = prog['call']
    error = False
    try:
        if c['kind'] == 'backward':
            if c['twice']:
                t[c['root']].backward(retain_graph=True)
                log.append(['@pass2'])
            t[c['root']].backward()
        elif c['kind'] == 'inputs':
            t[c['root']].backward(inputs=[t[r] for r in c['inputs']])
            retained += [r for r in c['inputs'] if r.startswith('t')]
        elif c['kind'] == 'multi':
            torch.autograd.backward([t[r] for r in c['roots']], [torch.tensor(s) for s in c['seeds']])
        else:
            t[c['root']].backward(create_graph=True)
    except Boom:
        error = True
    grads = {}
    for ref in [f'x{i}' for i in range(len(leaves))] + sorted(set(retained)):
        grads[ref] = val(t[ref].grad)
    return log, error, grads


def main():
    rng = random.Random(SEED)
    programs = []
    tries = 0
    while len(programs) < COUNT:
        tries += 1
        prog = generate(rng, len(programs))
        log, error, grads = run(prog)
        # keep the numbers tame (exp and pow chains can overflow) and the logs non-trivial
        if not all(finite(e) for e in log) or not finite(list(grads.values())):
            continue
        prog.update({'log': log, 'error': error, 'grads': grads})
        programs.append(prog)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'programs.json')
    with open(out, 'w') as f:
        f.write('{"torch": %s, "seed": %d, "programs": [\n' % (json.dumps(torch.__version__), SEED))
        f.write(',\n'.join(json.dumps(p, separators=(',', ':')) for p in programs))
        f.write('\n]}\n')
    entries = sum(len(p['log']) for p in programs)
    kinds = {}
    for p in programs:
        kinds[p['call']['kind']] = kinds.get(p['call']['kind'], 0) + 1
    print(f'{len(programs)} programs ({tries} generated), {entries} hook-log entries, '
          f'{sum(p["error"] for p in programs)} raising, kinds {kinds}, {os.path.getsize(out)} bytes -> {out}')


if __name__ == '__main__':
    main()
