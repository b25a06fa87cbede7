import type { Tensor } from '../tensor.js';
import type { DType } from '../dtype.js';
import type { Shape } from '../shape.js';
import type { Tape } from './mode.js';
import { anomaly, remember } from './anomaly.js';

/**
 * What a gradient rule sees: the output cotangent `g`, the inputs (`x`, `y` are the first two),
 * the output, the attributes, and which inputs need a gradient at all (a rule may return null for
 * the others and skip their work).
 */
export interface VjpArgs<A = any> {
  g: Tensor;
  x: Tensor;
  y: Tensor;
  inputs: readonly Tensor[];
  out: Tensor;
  attrs: A;
  needs: readonly boolean[];
}

/** The gradient rule: one cotangent (or null: no gradient) per input, shaped like the op's output for broadcasting ops. */
export type Vjp<A = any> = (args: VjpArgs<A>) => ReadonlyArray<Tensor | null>;

/**
 * What a rule's scalar form sees (the engine's scalar lane, autograd/lane.ts): every operand of the node one element
 * of one float dtype, as plain numbers. It sets `gx` (and `gy` for a second input) to exactly what the tensor rule
 * gives on one element: the same kernels in the same order, so the two lanes are bit-identical (tested).
 */
export interface ScalarArgs<A = any> {
  g: number;
  x: number;
  y: number;
  out: number;
  attrs: A;
  dtype: DType;
  gx: number;
  gy: number;
}

/**
 * A rule's scalar form: only for a pass that records nothing (no create_graph), so it may call kernels; the tensor
 * rule stays the definition, in public ops, for gradients of gradients. Only for rules that never return null.
 */
export type ScalarVjp<A = any> = (s: ScalarArgs<A>) => void;

/**
 * The differentiable part of an op: its name (PyTorch's grad_fn name, e.g. `MulBackward0`),
 * its rule, and what the rule reads back: 'out', or input indices. Only those are version-checked and freed.
 * `unbroadcast` asks the engine to sum each cotangent back to its input's shape (binary ops).
 */
export interface GradSpec<A = any> {
  name: string;
  vjp: Vjp<A>;
  saves: ReadonlyArray<'out' | number>;
  /**
   * Which of `saves` the gradient of each input reads, when that is fewer than all: only those of the inputs needing a
   * gradient are version-checked, as PyTorch saves a tensor only for a gradient that needs it (y * 2, y / c or y @ c
   * do not save y, so an in-place change of y after them is no error). Absent: every input reads every saved entry.
   */
  reads?: ReadonlyArray<ReadonlyArray<'out' | number>>;
  unbroadcast?: boolean;
  scalar?: ScalarVjp<A> | undefined;
  /**
   * The inputs to which the tensor rule gives `g` itself (add's both, sub's first): the scalar lane passes a tensor
   * cotangent on unchanged there too, so that a returned gradient is the seed itself where PyTorch's is.
   */
  passes?: readonly boolean[] | undefined;
  /**
   * The input that the framework's node numbers as its edge 0 (default 0): the inputs before it are no edges of
   * PyTorch's node (where's condition, pow(number, x)'s base), so its `next_functions` and its outputs' numbers in
   * anomaly mode's errors start after them.
   */
  firstEdge?: number;
  /** The rule runs user code (TensorFlow's custom_gradient), which may keep the cotangent or its results. */
  opaque?: boolean;
  /**
   * Freed by a pass that does not retain the graph although it saves nothing (PyTorch's CopySlices releases the op it
   * wraps): a second pass through it is the freed-graph error.
   */
  spent?: boolean;
}

/**
 * A cotangent in a backward pass: a tensor, or (the scalar lane's) a number standing for a one-element tensor of the
 * shape and dtype of the tensor it is the cotangent of, made a tensor only if something needs one.
 */
export type Cotangent = Tensor | number;

/**
 * The versions of nodes whose saved tensors were all at version 0, shared: version counters start at 0 and most
 * tensors are never written in place, so nearly every node has these. Never written (see `inplace`).
 */
const ZEROS: readonly number[] = [0, 0, 0, 0];

/** How many nodes have been recorded (`Node.seq`). */
let recorded = 0;

/**
 * One recorded op application: a node of the graph that hangs off its output tensor.
 * Edges point to the producer node each input had when the op ran (or to the leaf tensor itself),
 * so an in-place op that later rebinds an input's producer does not rewire this node.
 */
export class Node {
  readonly spec: GradSpec;
  /** Null once freed; the tensors are kept for the rule's saved values and for shapes. */
  inputs: readonly Tensor[] | null;
  readonly edges: ReadonlyArray<Node | Tensor>;
  readonly attrs: unknown;
  out: Tensor | null;
  /**
   * The output's shape and dtype, which a freed node still knows (PyTorch's input_metadata): cotangents that meet there
   * are summed, and the output's hooks see the sum, before the node reports the freed graph.
   */
  readonly shape: Shape;
  readonly dtype: DType;
  /** The versions of the saved tensors at record time, in `spec.saves` order (may be shared: replace, never write). */
  versions: readonly number[];
  /** Recorded for PyTorch's model: some input required grad while grad mode was on. */
  readonly torch: boolean;
  /**
   * PyTorch's missing edges, fixed when the op ran: bit i set when input i did not require grad then (or requires grad
   * only through the tensor it views, `Tensor.gradViaBase`), so that a leaf given requires_grad later receives no
   * gradient from this node, as PyTorch records no edge to it (`(None, 0)` in next_functions). The requires_grad graph
   * reads it (`untrackedAt`); a tape follows the inputs it watches at the pass (TensorFlow's tapes keep every input).
   * A number for up to 31 inputs (nearly always 0 or one bit), else one flag per input.
   */
  readonly untracked: number | readonly boolean[];
  /** The tapes that recorded this node (TensorFlow's model); null when none. */
  readonly tapes: readonly Tape[] | null;
  /** Its place in the order nodes were recorded (PyTorch's sequence_nr): the engine runs the latest ready node first. */
  readonly seq: number = ++recorded;
  /**
   * Engine-private state of the backward pass that last visited this node (`pass`): how many followed edges into
   * it are still to run, its cotangent so far, and whether only the pass holds it (see autograd/pass.ts).
   */
  pass = 0;
  deps = 0;
  grad: Cotangent | null = null;
  owned = false;
  /**
   * The hooks registered on `out` while this node was its producer, once an in-place op has given `out` a newer one
   * (PyTorch keeps them on the old grad_fn), or once the node is freed (`free`, `addHook`); null otherwise. The engine
   * runs `out.hooks` only at `out.node`.
   */
  hooks: Array<(g: Tensor) => Tensor | void> | null = null;
  /** In a pass that wants some tensors' gradients only: whether this node runs its rule (RUN) or only receives its
   * cotangent, as a wanted tensor's producer that leads to no other (CAPTURE); see `prune` in autograd/engine.ts. */
  keep = 0;
  /**
   * The scalar lane can run this node whatever happens later: its rule has a scalar form, and its one or two inputs
   * and its output are one element of one float dtype and rank (facts that never change). Set by the elementwise ops,
   * which know it when they record (ops/define.ts); false elsewhere, which only sends the node to the general pass.
   */
  readonly lane: boolean;

  /**
   * `untracked`: Node.untracked's number when the caller has it (record), else it is read off the inputs now. `lane`:
   * the caller knows the inputs are one element of `out`'s dtype and rank (see `lane`).
   */
  constructor(spec: GradSpec, inputs: readonly Tensor[], out: Tensor, attrs: unknown, torch: boolean, tapes: readonly Tape[] | null,
    untracked?: number, lane = false) {
    this.spec = spec;
    this.inputs = inputs;
    this.out = out;
    this.shape = out.shape;
    this.dtype = out.dtype;
    this.attrs = attrs;
    this.torch = torch;
    this.untracked = !torch ? 0 : untracked ?? untrackedOf(inputs);
    this.tapes = tapes;
    this.edges = edgesOf(inputs);
    this.versions = versionsOf(spec.saves, inputs, out);
    this.lane = lane && spec.scalar !== undefined && out.size === 1 && inputs.length <= 2;
    // anomaly mode is PyTorch's: nodes of its graph only
    if (anomaly.enabled && torch) remember(this, Node);
  }

  /** PyTorch's grad_fn name, e.g. `MulBackward0`. */
  get name(): string {
    return this.spec.name;
  }

  get freed(): boolean {
    return this.inputs === null;
  }

  /** Releases what the rule saved (PyTorch frees the graph's buffers after backward unless retain_graph). */
  free(): void {
    // NOTE: as in PyTorch, only a node that saved something is spent; one that saved nothing can run again.
    if (this.spec.saves.length === 0 && this.spec.spent !== true) return;
    // the output's hooks stay reachable from the node (the same array, so hooks added later join it, see addHook):
    // PyTorch runs them on a later pass's cotangent before it reports the freed graph
    const out = this.out;
    if (out !== null && out.node === this && out.hooks !== null) this.hooks = out.hooks;
    this.inputs = null;
    this.out = null;
  }
}

function untrackedOf(inputs: readonly Tensor[]): number | readonly boolean[] {
  const m = inputs.length;
  if (m > 31) return inputs.map((t) => !t.requiresGrad || t.gradViaBase);
  let u = 0;
  for (let i = 0; i < m; i++) {
    const t = inputs[i]!;
    if (!t.requiresGrad || t.gradViaBase) u |= 1 << i;
  }
  return u;
}

/** Whether input `i` of `n` had no edge in the requires_grad graph when `n` was recorded (see `Node.untracked`). */
export function untrackedAt(n: Node, i: number): boolean {
  const u = n.untracked;
  return typeof u === 'number' ? ((u >>> i) & 1) !== 0 : u[i]!;
}

/**
 * Each input's producer, or the input itself for a leaf. When every input is a leaf, that is `inputs` itself: the
 * node keeps that array and nothing writes to it, so it serves as both (scalar code builds a node per op).
 */
function edgesOf(inputs: readonly Tensor[]): ReadonlyArray<Node | Tensor> {
  let i = 0;
  while (i < inputs.length && inputs[i]!.node === null) i++;
  if (i === inputs.length) return inputs;
  // NOTE: sized up front: growing from [] allocates spare capacity.
  const edges = new Array<Node | Tensor>(inputs.length);
  for (let k = 0; k < inputs.length; k++) edges[k] = inputs[k]!.node ?? inputs[k]!;
  return edges;
}

function versionsOf(saves: GradSpec['saves'], inputs: readonly Tensor[], out: Tensor): readonly number[] {
  let v: number[] | null = null;
  for (let i = 0; i < saves.length; i++) {
    const s = saves[i]!;
    const version = s === 'out' ? out.version : inputs[s]!.version;
    if (version !== 0 && v === null) v = new Array<number>(saves.length).fill(0);
    if (v !== null) v[i] = version;
  }
  return v ?? (saves.length <= ZEROS.length ? ZEROS : new Array<number>(saves.length).fill(0));
}
