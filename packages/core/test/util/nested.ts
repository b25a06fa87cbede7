import * as c from '@twingrad/core';

export type Nested = number | Nested[];

/** The tensor as nested JS arrays, read straight from its storage, for comparing with hand-built expectations. */
export function nested(x: c.Tensor): Nested {
  const walk = (d: number, off: number): Nested => {
    if (d === x.rank) return x.data[off]!;
    const inner = c.sizeOf(x.shape.slice(d + 1));
    return Array.from({ length: x.shape[d]! }, (_, i) => walk(d + 1, off + i * inner));
  };
  return walk(0, 0);
}
