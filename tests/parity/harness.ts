/**
 * The parity properties' harnesses: for each property, how a program is run in TensorFlow's API and in PyTorch's,
 * written once against `Dual` so that a failure prints exactly the code that ran. Each harness returns labelled
 * results; the property compares the TF and torch results of equal labels.
 */
import type { Dual } from './dual.js';
import {
  type Api, type Program, diffLeaves, makeLeaves, nameOf, runSteps, seedTensor, shapeOf, sizeOf, steps, tfSources, tfWatched,
} from './programs.js';

export type Results<H> = Array<[string, H]>;
export type Harness = (d: Dual<any>, p: Program, api: Api) => Results<any>;

/** The differentiated leaves the node `id` depends on (every argument edge of a program is differentiable). */
export function reaches(p: Program, id: number): Set<number> {
  const seen = new Set<number>();
  const visit = (i: number) => {
    if (seen.has(i)) return;
    seen.add(i);
    const n = p.nodes[i]!;
    if (n.kind === 'step') for (const a of n.args) if (typeof a === 'number') visit(a);
  };
  visit(id);
  return seen;
}

const usedLeaves = (p: Program, id: number) => { const r = reaches(p, id); return diffLeaves(p).filter((l) => r.has(l.id)); };

/** TF: `tape.record` around the steps, watching the constants that stand for differentiated inputs. */
function tfRecord(d: Dual<any>, p: Program, env: Map<number, any>, tape: any, ids: number[] | null): any {
  return d.block(tape, 'record', () => {
    for (const c of tfWatched(p, env)) d.stmt(d.method(tape, 'watch', c));
    const y = runSteps(d, p, 'tf', env);
    return ids === null ? y : ids.map((i) => env.get(i));
  });
}

const tfSeedOpts = (d: Dual<any>, p: Program, seed: number[] | null, shape: number[]) =>
  seed === null ? [] : [{ output_gradients: seedTensor(d, p, 'tf', seed, shape) }];

/** torch: the backward argument for the output (ones for a non-scalar output when the program has no weights). */
function torchSeed(d: Dual<any>, p: Program, y: any, seed: number[] | null, shape: number[]): any[] {
  if (seed !== null) return [seedTensor(d, p, 'torch', seed, shape)];
  return sizeOf(shape) === 1 && shape.length === 0 ? [] : [d.call('torch.ones_like', y)];
}

const labelled = (p: Program, hs: any[], prefix: string): Results<any> => diffLeaves(p).map((l, i) => [`${prefix}${nameOf(l)}`, hs[i]]);

/** (a) forward values of every step. */
export const forward: Harness = (d, p, api) => {
  const env = makeLeaves(d, p, api);
  runSteps(d, p, api, env);
  return steps(p).map((s) => [nameOf(s), env.get(s.id)]);
};

/** (b) first-order gradients: tape.gradient vs backward + .grad. */
export const firstOrder: Harness = (d, p, api) => {
  const env = makeLeaves(d, p, api);
  const shape = shapeOf(p, p.output);
  if (api === 'tf') {
    const tape = d.bind('tape', d.make('tf.GradientTape'));
    const y = d.bind('y', tfRecord(d, p, env, tape, null));
    const g = d.bind('grads', d.method(tape, 'gradient', y, tfSources(p, env), ...tfSeedOpts(d, p, p.seed, shape)));
    return labelled(p, diffLeaves(p).map((_, i) => d.get(g, String(i))), 'd/d');
  }
  const y = runSteps(d, p, api, env);
  d.stmt(d.method(y, 'backward', ...torchSeed(d, p, y, p.seed, shape)));
  return labelled(p, diffLeaves(p).map((l) => d.get(env.get(l.id), 'grad')), 'd/d');
};

/** (c) second order: d/dx sum_i sum(grad_i * w_i), by nested tapes and by create_graph. */
export const secondOrder: Harness = (d, p, api) => {
  const env = makeLeaves(d, p, api);
  const shape = shapeOf(p, p.output);
  const used = usedLeaves(p, p.output);
  const all = diffLeaves(p);
  const weights = (g: any) => used.map((l, i) => {
    const w = seedTensor(d, p, api, p.gradWeights[all.indexOf(l)]!, l.shape);
    return api === 'tf' ? d.call('tf.reduce_sum', d.call('tf.multiply', d.get(g, String(i)), w)) : d.call('torch.sum', d.call('torch.mul', d.get(g, String(i)), w));
  }).reduce((a, b) => d.call(api === 'tf' ? 'tf.add' : 'torch.add', a, b));
  if (api === 'tf') {
    const outer = d.bind('outer', d.make('tf.GradientTape'));
    const inner = d.bind('inner', d.make('tf.GradientTape'));
    const z = d.bind('z', d.block(outer, 'record', () => {
      for (const c of tfWatched(p, env)) d.stmt(d.method(outer, 'watch', c));
      const y = d.bind('y', tfRecord(d, p, env, inner, null));
      const g = d.bind('g', d.method(inner, 'gradient', y, used.map((l) => env.get(l.id)), ...tfSeedOpts(d, p, p.seed, shape)));
      return weights(g);
    }));
    const h = d.bind('h', d.method(outer, 'gradient', z, tfSources(p, env)));
    return labelled(p, all.map((_, i) => d.get(h, String(i))), 'd2/d');
  }
  const y = runSteps(d, p, api, env);
  const gradOutputs = torchSeed(d, p, y, p.seed, shape);
  const g = d.bind('g', d.call('torch.autograd.grad', y, used.map((l) => env.get(l.id)),
    { ...(gradOutputs.length ? { grad_outputs: gradOutputs[0] } : {}), create_graph: true }));
  const z = d.bind('z', weights(g));
  const h = d.bind('h', d.cond(d.get(z, 'requires_grad'),
    () => d.call('torch.autograd.grad', z, all.map((l) => env.get(l.id)), { allow_unused: true }), () => all.map(() => null)));
  return labelled(p, all.map((_, i) => d.get(h, String(i))), 'd2/d');
};

/** (d) tape.jacobian vs torch.autograd.functional.jacobian (TF asked for zeros where unconnected, as torch gives). */
export const jacobian: Harness = (d, p, api) => {
  const env = makeLeaves(d, p, api);
  const all = diffLeaves(p);
  if (api === 'tf') {
    const tape = d.bind('tape', d.make('tf.GradientTape'));
    const y = d.bind('y', tfRecord(d, p, env, tape, null));
    const j = d.bind('jac', d.method(tape, 'jacobian', y, tfSources(p, env), { unconnected_gradients: d.ref('tf.UnconnectedGradients.ZERO') }));
    return labelled(p, all.map((_, i) => d.get(j, String(i))), 'J/d');
  }
  const f = d.lambda(all.map(nameOf), (...xs: any[]) => {
    const inner = new Map(env);
    all.forEach((l, i) => inner.set(l.id, xs[i]));
    return runSteps(d, p, api, inner);
  });
  const j = d.bind('jac', d.call('torch.autograd.functional.jacobian', f, all.map((l) => env.get(l.id))));
  return labelled(p, all.map((_, i) => d.get(j, String(i))), 'J/d');
};

/** (e) a persistent tape's gradients of several outputs vs one autograd.grad(retain_graph) call per output. */
export const severalOutputs: Harness = (d, p, api) => {
  const env = makeLeaves(d, p, api);
  const outs = [{ node: p.output, seed: p.seed }, ...p.extra];
  const all = diffLeaves(p);
  const res: Results<any> = [];
  if (api === 'tf') {
    const tape = d.bind('tape', d.make('tf.GradientTape', { persistent: true }));
    const ys = d.bind('ys', tfRecord(d, p, env, tape, outs.map((o) => o.node)));
    outs.forEach((o, k) => {
      const g = d.bind(`g${k}`, d.method(tape, 'gradient', d.get(ys, String(k)), tfSources(p, env), ...tfSeedOpts(d, p, o.seed, shapeOf(p, o.node))));
      all.forEach((l, i) => res.push([`d${nameOf(p.nodes[o.node]!)}/d${nameOf(l)}`, d.get(g, String(i))]));
    });
    return res;
  }
  runSteps(d, p, api, env);
  outs.forEach((o, k) => {
    const y = env.get(o.node);
    const seed = torchSeed(d, p, y, o.seed, shapeOf(p, o.node));
    const g = d.bind(`g${k}`, d.call('torch.autograd.grad', y, all.map((l) => env.get(l.id)),
      { ...(seed.length ? { grad_outputs: seed[0] } : {}), retain_graph: true, allow_unused: true }));
    all.forEach((l, i) => res.push([`d${nameOf(p.nodes[o.node]!)}/d${nameOf(l)}`, d.get(g, String(i))]));
  });
  return res;
};

/** (f) torch: k backward calls accumulated in .grad; TF: the one gradient (the property adds it k times). */
export const accumulation: Harness = (d, p, api) => {
  if (api === 'tf') return firstOrder(d, p, api);
  const env = makeLeaves(d, p, api);
  const y = runSteps(d, p, api, env);
  const seed = torchSeed(d, p, y, p.seed, shapeOf(p, p.output));
  for (let i = 0; i < p.k; i++) d.stmt(d.method(y, 'backward', seed[0] ?? null, { retain_graph: true }));
  return labelled(p, diffLeaves(p).map((l) => d.get(env.get(l.id), 'grad')), 'd/d');
};

