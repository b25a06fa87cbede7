import type { Tensor } from '../tensor.js';
import type { Tape } from './mode.js';

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
 * The differentiable part of an op: its name (PyTorch's grad_fn name, e.g. `MulBackward0`),
 * its rule, and what the rule reads back: 'out', or input indices. Only those are version-checked and freed.
 * `unbroadcast` asks the engine to sum each cotangent back to its input's shape (binary ops).
 */
export interface GradSpec<A = any> {
  name: string;
  vjp: Vjp<A>;
  saves: ReadonlyArray<'out' | number>;
  unbroadcast?: boolean;
}

let nextSeq = 1;
const NONE: number[] = [];

/**
 * One recorded op application: a node of the graph that hangs off its output tensor.
 * Edges point to the producer node each input had when the op ran (or to the leaf tensor itself),
 * so an in-place op that later rebinds an input's producer does not rewire this node.
 */
export class Node {
  readonly seq = nextSeq++;
  readonly spec: GradSpec;
  /** Null once freed; the tensors are kept for the rule's saved values and for shapes. */
  inputs: readonly Tensor[] | null;
  readonly edges: ReadonlyArray<Node | Tensor>;
  readonly attrs: unknown;
  out: Tensor | null;
  /** The versions of the saved tensors at record time, in `spec.saves` order. */
  readonly versions: number[];
  /** Recorded for PyTorch's model: some input required grad while grad mode was on. */
  readonly torch: boolean;
  /** The tapes that recorded this node (TensorFlow's model); null when none. */
  readonly tapes: Tape[] | null;
  /** The backward pass that last visited this node, and its slot in that pass's arrays (engine-private). */
  pass = 0;
  slot = 0;

  constructor(spec: GradSpec, inputs: readonly Tensor[], out: Tensor, attrs: unknown, torch: boolean, tapes: Tape[] | null) {
    this.spec = spec;
    this.inputs = inputs;
    this.out = out;
    this.attrs = attrs;
    this.torch = torch;
    this.tapes = tapes;
    // NOTE: arrays sized up front: growing from [] allocates spare capacity, and a node is built per recorded op.
    const edges = new Array<Node | Tensor>(inputs.length);
    for (let i = 0; i < inputs.length; i++) edges[i] = inputs[i]!.node ?? inputs[i]!;
    this.edges = edges;
    const saves = spec.saves;
    const v = saves.length === 0 ? NONE : new Array<number>(saves.length);
    for (let i = 0; i < saves.length; i++) { const s = saves[i]!; v[i] = s === 'out' ? out.version : inputs[s]!.version; }
    this.versions = v;
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
    if (this.spec.saves.length === 0) return;
    this.inputs = null;
    this.out = null;
  }
}
