import type { Node } from './node.js';

/**
 * PyTorch's AccumulateGrad task for the leaf in slot `slot` of a pass: its sequence number is the highest, so it runs
 * before any node; among several made ready by one node, the heap's own order decides (see `popReady`).
 */
export interface LeafTask {
  readonly seq: number;
  readonly slot: number;
}

export type Task = Node | LeafTask;

export function leafTask(slot: number): LeafTask {
  return { seq: Infinity, slot };
}

/**
 * The backward pass's ready tasks, in the order PyTorch's ReadyQueue runs them: the most recently recorded node first
 * (the highest `Node.seq`, PyTorch's sequence_nr), so that hooks on different branches run, and the first of two
 * failing nodes fails, as in PyTorch, whatever order the edges were met in. A binary max-heap in an array, pushed and
 * popped as libstdc++'s std::priority_queue does (push_heap, pop_heap): leaf tasks tie, and with four or more ready
 * at once PyTorch runs them in that heap's order, not in edge order (1.13: cat of 4 leaves runs hooks 0, 2, 1, 3).
 */
export function pushReady(heap: Task[], n: Task): void {
  heap.push(n);
  siftUp(heap, heap.length - 1, n);
}

/** libstdc++'s __push_heap: `t` moves up from `hole` past every parent that compares less. */
function siftUp(heap: Task[], hole: number, t: Task): void {
  while (hole > 0) {
    const parent = (hole - 1) >> 1;
    if (!(heap[parent]!.seq < t.seq)) break;
    heap[hole] = heap[parent]!;
    hole = parent;
  }
  heap[hole] = t;
}

/**
 * Takes the top task out of `heap` (not empty), as libstdc++'s pop_heap: the hole left at the top goes down to a leaf
 * of the heap along the larger children (the right one on a tie), and the last task moves up from there (__adjust_heap).
 */
export function popReady(heap: Task[]): Task {
  const top = heap[0]!;
  const last = heap.pop()!;
  const len = heap.length;
  if (len === 0) return top;
  let hole = 0, child = 0;
  while (child < (len - 1) >> 1) {
    child = 2 * (child + 1);
    if (heap[child]!.seq < heap[child - 1]!.seq) child--;
    heap[hole] = heap[child]!;
    hole = child;
  }
  if ((len & 1) === 0 && child === (len - 2) >> 1) {
    child = 2 * (child + 1);
    heap[hole] = heap[child - 1]!;
    hole = child - 1;
  }
  siftUp(heap, hole, last);
  return top;
}
