import type { Node } from './node.js';

/**
 * The backward pass's ready nodes, in the order PyTorch's ReadyQueue runs them: the most recently recorded first
 * (the highest `Node.seq`, PyTorch's sequence_nr), so that hooks on different branches run, and the first of two
 * failing nodes fails, as in PyTorch, whatever order the edges were met in. A binary max-heap in an array (scalar
 * code's passes hold one or two nodes at a time).
 */
export function pushReady(heap: Node[], n: Node): void {
  let i = heap.length;
  heap.push(n);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.seq >= n.seq) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = n;
}

/** Takes the ready node recorded last out of `heap` (not empty). */
export function popReady(heap: Node[]): Node {
  const top = heap[0]!;
  const last = heap.pop()!;
  const size = heap.length;
  if (size === 0) return top;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && heap[c + 1]!.seq > heap[c]!.seq) c++;
    if (heap[c]!.seq <= last.seq) break;
    heap[i] = heap[c]!;
    i = c;
  }
  heap[i] = last;
  return top;
}
