import { torch } from 'js-pytorch';
import { measure } from '../timing.js';
import { budget, figuresOf, type Figures, type Sizes, type System } from '../workloads.js';

type T = InstanceType<typeof torch.Tensor>;

/**
 * js-pytorch 0.7.2 (plain JS arrays, float64). Its `pow` is wrong: the backward is 2·x·g whatever the exponent, and
 * `pow(-1)` returns x unchanged; so the workloads write powers as products, which compute the polynomial with the
 * same number of ops as the other systems (x², x³ = x²·x, x⁴ = x²·x²) and the reciprocal as a division. It has no
 * tanh (W4 uses tanh(z) = 1 - 2/(exp(2z) + 1)) and no SGD class (W2 updates the parameters by hand after backward).
 */
const poly = (x: T): T => {
  const x2 = x.mul(x);
  return x2.mul(x2).mul(2).add(x2.mul(x)).add(x2.mul(3)).add(x.mul(5)).add(1);
};

function w1Grad(): number {
  const x = torch.tensor([2], true);
  poly(x).backward();
  return (x._grad._data as number[])[0]!;
}

/** W4: y = sum(tanh(1.5x + 0.5)^2); `one` is a ones tensor of x's shape (the numerator of 2/(exp(2z) + 1)). */
function w4(xs: T, one: T): T {
  const z = xs.mul(1.5).add(0.5);
  const t = one.div(z.mul(2).exp().add(1)).mul(-2).add(1);
  const y = t.mul(t).sum();
  y.backward();
  return y;
}

export const jsPytorch: System = {
  name: 'js-pytorch',
  async check(xs) {
    const x = torch.tensor(xs, true);
    const y = w4(x, torch.ones([xs.length]));
    return { w1: w1Grad(), w4: [(y._data as number[])[0] ?? (y._data as unknown as number), ...(x._grad._data as number[])] };
  },
  async run(s: Sizes): Promise<Figures> {
    const opts = budget(s);
    // NOTE: W3 and W4 take seconds per call here: 3 timed calls after 1 warm-up, without the time floors.
    const slow = { runs: Math.min(s.runs, 3), warmup: 1 };
    const inner = Math.max(1, Math.floor(s.w1Steps / 10));
    const w1 = await measure(() => { for (let i = 0; i < inner; i++) w1Grad(); }, { ...opts, inner });

    const { batch, inp, hidden, out } = s.mlp;
    const l1 = new torch.nn.Linear(inp, hidden);
    const l2 = new torch.nn.Linear(hidden, out);
    const relu = new torch.nn.ReLU();
    const ce = new torch.nn.CrossEntropyLoss();
    const xb = torch.randn([batch, inp]);
    const yb = torch.tensor(Array.from({ length: batch }, (_, i) => i % out));
    const params = [...l1.parameters(), ...l2.parameters()] as T[];
    const w2 = await measure(() => {
      const loss = ce.forward(l2.forward(relu.forward(l1.forward(xb))), yb);
      loss.backward();
      for (const p of params) { sgdUpdate(p._data, p._grad._data, 0.01); p.zero_grad(); }
    }, opts);

    const n = s.matmulN;
    // the forward alone on tensors that require no gradient (no graph, no gradient buffers)
    const a0 = torch.randn([n, n]), b0 = torch.randn([n, n]);
    const w3fwd = await measure(() => a0.matmul(b0), s.matmulN >= 256 ? slow : opts);
    const a = torch.randn([n, n], true);
    const b = torch.randn([n, n], true);
    const w3grad = await measure(() => { a.zero_grad(); b.zero_grad(); a.matmul(b).sum().backward(); }, s.matmulN >= 256 ? slow : opts);

    const xs = torch.tensor(Array.from({ length: s.w4N }, () => Math.random() * 2 - 1), true);
    const one = torch.ones([s.w4N]);
    const t4 = await measure(() => { w4(xs, one); xs.zero_grad(); }, slow);
    return figuresOf({ w1, w2, w3fwd, w3grad, w4: t4 });
  },
};

function sgdUpdate(p: unknown, g: unknown, lr: number): void {
  if (Array.isArray(p)) {
    for (let i = 0; i < p.length; i++) {
      if (Array.isArray(p[i])) sgdUpdate(p[i], (g as unknown[])[i], lr);
      else p[i] -= lr * (g as number[])[i]!;
    }
  }
}
