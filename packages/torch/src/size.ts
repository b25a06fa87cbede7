/** torch.Size, a tensor's shape, and how PyTorch prints one. */

/** A shape as PyTorch prints a torch.Size: `torch.Size([2, 3])`. */
export const fmtSize = (s: readonly number[]): string => `torch.Size([${s.join(', ')}])`;

/**
 * torch.Size: a tensor's shape, an array of numbers that prints as PyTorch's (`torch.Size([2, 3])`). Methods that
 * make new arrays (map, slice, ...) give plain arrays.
 */
export class Size extends Array<number> {
  static override get [Symbol.species](): ArrayConstructor { return Array; }
  /** The number of elements a tensor of this shape holds. */
  numel(): number { let n = 1; for (const d of this) n *= d; return n; }
  override toString(): string { return fmtSize(this); }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}
