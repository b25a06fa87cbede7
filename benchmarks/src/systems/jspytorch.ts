import { torch } from 'js-pytorch';
import { measure } from '../timing.js';
import { budget, type Figures, type Sizes, type System } from '../workloads.js';

type T = InstanceType<typeof torch.Tensor>;

/**
 * js-pytorch 0.7.2 (plain JS arrays). It has no tanh, so W4 uses tanh(z) = 1 - 2/(exp(2z) + 1), and no SGD
 * class, so W2 updates the parameters by hand after backward.
 */
export const jsPytorch: System = {
  name: 'js-pytorch',
  async run(s: Sizes): Promise<Figures> {
    const opts = budget(s, Math.min(s.runs, 5), 1);
    const inner = Math.max(1, Math.floor(s.w1Steps / 10));
    const w1 = await measure(() => {
      for (let i = 0; i < inner; i++) {
        const x = torch.tensor([2], true);
        const y = x.pow(4).mul(2).add(x.pow(3)).add(x.pow(2).mul(3)).add(x.mul(5)).add(1);
        y.backward();
      }
    }, { ...opts, inner });

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
    const a = torch.randn([n, n], true);
    const b = torch.randn([n, n], true);
    const w3fwd = await measure(() => torch.randn([1]) && a.matmul(b), opts);
    const w3grad = await measure(() => { a.zero_grad(); b.zero_grad(); a.matmul(b).sum().backward(); }, opts);

    const xs = torch.rand([s.w4N], true);
    const w4 = await measure(() => {
      const z = xs.mul(1.5).add(0.5);
      const t = z.mul(2).exp().add(1).pow(-1).mul(-2).add(1);
      t.pow(2).sum().backward();
      xs.zero_grad();
    }, { runs: Math.min(opts.runs, 3), warmup: 1 });
    return { w1: w1.median * 1000, w2: w2.median, w3fwd: w3fwd.median, w3grad: w3grad.median, w4: w4.median };
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
