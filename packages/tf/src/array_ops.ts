import * as core from '@twingrad/core';
import { InvalidArgumentError, UnimplementedError, ValueError, guarded } from './errors.js';
import { checkPair, debugShape, invalid, keywords, vectorArg } from './kernel_checks.js';
import { TensorBase, convert, dtypeHint, fmtShape, wrap, type Tensor, type TensorInput } from './tensor.js';

/**
 * TensorFlow's shape ops (array_ops.py): each one call into the core, after the checks TF's Python wrapper or kernel
 * makes, in their words (the core's own checks are PyTorch's, which accept negative permutation entries, refuse
 * repeated squeeze axes, and so on). Python's keyword arguments come as an options object in the place of the first.
 */
type In = TensorInput;
type Axes = number | readonly number[] | null;

/** `tf.reshape(tensor, shape)`: one -1 at most, inferred as reshape_op.h's ValidateSizes does. */
export const reshape = (tensor: In, shape: readonly number[]): Tensor => guarded('Reshape', () => {
  const x = convert(tensor);
  return wrap(core.reshape(x, reshapeSizes(x, shape)));
});

/**
 * reshape_op.h's ValidateSizes: zero sizes are left out of the product that infers the -1, so that [0, -1] of a
 * [0, 3] input is [0, 3]. Non-integer sizes go on to the core, which refuses them.
 */
function reshapeSizes(x: core.Tensor, sizes: readonly number[]): readonly number[] {
  if (!sizes.every(Number.isInteger)) return sizes;
  let unknown = -1, product = 1;
  sizes.forEach((s, d) => {
    if (s === -1) {
      if (unknown !== -1) throw invalid('Reshape', `Only one input size may be -1, not both ${unknown} and ${d}`);
      unknown = d;
    } else if (s < 0) throw invalid('Reshape', `Size ${d} must be non-negative, not ${s}`);
    else if (s > 0) product *= s;
  });
  const out = [...sizes];
  if (unknown !== -1) {
    const sizesHaveZero = sizes.includes(0);
    let n = 1, inputHasZero = false;
    for (const d of x.shape) {
      if (d > 0 || !sizesHaveZero) n *= d;
      else inputHasZero = true;
    }
    const missing = Math.floor(n / product);
    if (!inputHasZero && product * missing !== n) {
      throw invalid('Reshape', `Input to reshape is a tensor with ${n} values, but the requested shape requires a multiple of ${product}`);
    }
    out[unknown] = missing;
  }
  const total = core.sizeOf(out);
  if (total !== x.size) throw invalid('Reshape', `Input to reshape is a tensor with ${x.size} values, but the requested shape has ${total}`);
  return out;
}

/** `tf.transpose(a, perm=None, conjugate=False)`: the Transpose kernel wants a permutation of [0 .. rank), no negatives. */
export function transpose(a: In, perm?: readonly number[] | null | { perm?: readonly number[] | null; conjugate?: boolean }, conjugate = false): Tensor {
  void conjugate; // real dtypes only: conjugation changes nothing
  const o = keywords<{ perm?: readonly number[] | null }>(perm) ?? { perm: perm as readonly number[] | null | undefined };
  return guarded('Transpose', () => {
    const x = convert(a);
    const p = o.perm ?? null;
    if (p !== null) {
      // transpose_op.cc's checks, in its order
      if (p.length !== x.rank) throw invalid('Transpose', `transpose expects a vector of size ${x.rank}. But input(1) is a vector of size ${p.length}`);
      for (const d of p) if (!(d >= 0 && d < x.rank)) throw invalid('Transpose', `${d} is out of range [0 .. ${x.rank})`);
      for (let i = 0; i < x.rank; i++) if (!p.includes(i)) throw invalid('Transpose', `${i} is missing from {${p.join(',')}}.`);
    }
    return wrap(core.transpose(x, p ?? undefined));
  });
}

/** `tf.expand_dims(input, axis)`: axis in [-rank-1, rank] (shape_ops.h's ExpandDimsOp). */
export function expand_dims(input: In, axis: number | { axis: number }): Tensor {
  const ax = keywords<{ axis: number }>(axis)?.axis ?? (axis as number);
  return guarded('ExpandDims', () => {
    const x = convert(input);
    if (Number.isInteger(ax) && !(ax >= -1 - x.rank && ax <= x.rank)) throw invalid('ExpandDims', `Tried to expand dim index ${ax} for tensor with ${x.rank} dimensions.`);
    return wrap(core.expandDims(x, ax));
  });
}

/**
 * `tf.squeeze(input, axis=None)`: the listed axes (a set: repeats are fine) must have size 1; none listed, or an
 * empty list, drops every axis of size 1 (shape_ops.h's SqueezeOp).
 */
export function squeeze(input: In, axis?: Axes | { axis?: Axes }): Tensor {
  const o = keywords<{ axis?: Axes }>(axis);
  const given = o !== null ? o.axis ?? null : (axis as Axes | undefined) ?? null;
  return guarded('Squeeze', () => {
    const x = convert(input);
    const list = given === null ? [] : typeof given === 'number' ? [given] : given;
    if (list.length === 0) return wrap(core.squeeze(x));
    const r = x.rank;
    const dims = new Set<number>();
    for (const d of list) {
      if (!(d >= -r && d < r)) throw invalid('Squeeze', `Tried to squeeze dim index ${d} for tensor with ${r} dimensions.`);
      dims.add(d < 0 ? d + r : d);
    }
    for (let i = 0; i < r; i++) {
      if (dims.has(i) && x.shape[i] !== 1) throw invalid('Squeeze', `Can not squeeze dim[${i}], expected a dimension of 1, got ${x.shape[i]}`);
    }
    return wrap(core.squeeze(x, [...dims], true));
  });
}

/**
 * `tf.concat(values, axis)`, ConcatOp's checks. array_ops.concat puts a lone tensor in a list, and returns the one
 * element of a one-element list as it is (identity), so ConcatV2 and its checks never run: the axis need only
 * convert to a 0-d int32.
 */
export function concat(values: readonly In[] | In, axis: number | { axis: number }): Tensor {
  const ax = keywords<{ axis: number }>(axis)?.axis ?? (axis as number);
  const list: readonly In[] = Array.isArray(values) ? values : [values as In];
  if (list.length === 1) {
    return guarded('Identity', () => {
      const a = convert(ax, 'int32');
      if (a.rank !== 0) throw new ValueError(`Shape ${fmtShape(a.shape)} must have rank 0`);
      return wrap(core.identity(convert(list[0])));
    });
  }
  return guarded('ConcatV2', () => {
    const ts = matching('ConcatV2', list);
    const first = ts[0];
    if (first !== undefined && Number.isInteger(ax)) {
      const r = first.rank;
      if (!(ax >= -r && ax < r)) throw invalid('ConcatV2', `ConcatOp : Expected concatenating dimensions in the range [${-r}, ${r}), but got ${ax}`);
      const a = ax < 0 ? ax + r : ax;
      ts.forEach((t, i) => {
        if (t.rank !== r) throw invalid('ConcatV2', `ConcatOp : Ranks of all input tensors should match: shape[0] = ${debugShape(first.shape)} vs. shape[${i}] = ${debugShape(t.shape)}`);
        for (let d = 0; d < r; d++) {
          if (d !== a && t.shape[d] !== first.shape[d]) {
            throw invalid('ConcatV2', `ConcatOp : Dimension ${d} in both shapes must be equal: shape[0] = ${debugShape(first.shape)} vs. shape[${i}] = ${debugShape(t.shape)}`);
          }
        }
      });
    }
    return wrap(core.concat(ts, ax));
  });
}

/**
 * `tf.stack(values, axis=0)`: array_ops.stack's axis check (a ValueError), then the Pack kernel's shape check. With
 * axis 0, stack first converts the whole list as a constant, so an empty list is an empty float32 vector.
 */
export function stack(values: readonly In[], axis: number | { axis?: number } = 0): Tensor {
  const ax = keywords<{ axis?: number }>(axis)?.axis ?? (typeof axis === 'number' ? axis : 0);
  return guarded('Pack', () => {
    if (values.length === 0 && ax === 0) return wrap(convert([]));
    const ts = matching('Pack', values);
    const first = ts[0];
    if (first !== undefined) {
      const n = first.rank + 1;
      if (Number.isInteger(ax) && !(ax >= -n && ax < n)) throw new ValueError(`Argument \`axis\` = ${ax} not in range [${-n}, ${n})`);
      ts.forEach((t, i) => {
        if (!core.sameShape(t.shape, first.shape)) {
          throw invalid('Pack', `Shapes of all inputs must match: values[0].shape = ${debugShape(first.shape)} != values[${i}].shape = ${debugShape(t.shape)}`);
        }
      });
    }
    return wrap(core.stack(ts, ax));
  });
}

/**
 * A list input of one dtype (execute.py's args_to_matching_eager): Python values take the first tensor's dtype, and
 * a tensor of another dtype is the kernel's InvalidArgumentError, as for binary ops (the core would promote).
 */
function matching(op: string, values: readonly In[]): core.Tensor[] {
  const hint = values.map(dtypeHint).find((d) => d !== undefined);
  const ts = values.map((v) => (v instanceof core.Tensor || v instanceof TensorBase ? convert(v) : convert(v, hint)));
  ts.forEach((t, i) => checkPair(op, ts[0]!, t, i));
  return ts;
}

/**
 * `tf.unstack(value, num=None, axis=0)`: array_ops.unstack checks the axis (a ValueError) and takes num from the
 * shape when it is not given; the Unpack kernel checks a given num against it. A size-0 axis gives [].
 */
export function unstack(value: In, num?: number | null | { num?: number | null; axis?: number }, axis = 0): Tensor[] {
  const o = keywords<{ num?: number | null; axis?: number }>(num) ?? { num: num as number | null | undefined, axis };
  return guarded('Unpack', () => {
    const x = convert(value);
    const ax = o.axis ?? 0, r = x.rank;
    if (o.num === null || o.num === undefined) {
      if (!(ax >= -r && ax < r)) throw new ValueError(`Argument \`axis\` = ${ax} not in range [${-r}, ${r})`);
    } else if (!(ax >= -r && ax < r)) throw invalid('Unpack', `axis = ${ax} not in [${-r}, ${r})`);
    const a = ax < 0 ? ax + r : ax;
    const n = o.num ?? x.shape[a]!;
    if (x.shape[a] !== n) throw invalid('Unpack', `Input shape axis ${a} must equal ${n}, got shape ${debugShape(x.shape)}`);
    return core.unbind(x, a).map(wrap);
  });
}

/**
 * `tf.split(value, num_or_size_splits, axis=0, num=None)`: a number runs the Split kernel, a list SplitV (one -1 at
 * most, the rest of the axis); their axis and size checks.
 */
export function split(value: In, num_or_size_splits: number | readonly number[], axis: number | { axis?: number; num?: number | null } = 0): Tensor[] {
  const ax = keywords<{ axis?: number }>(axis)?.axis ?? (typeof axis === 'number' ? axis : 0);
  const op = typeof num_or_size_splits === 'number' ? 'Split' : 'SplitV';
  return guarded(op, () => {
    const x = convert(value);
    const r = x.rank;
    if (Number.isInteger(ax) && !(ax >= -r && ax < r)) throw invalid(op, `-input rank(-${r}) <= split_dim < input rank (${r}), but got ${ax}`);
    if (typeof num_or_size_splits !== 'number') {
      const sizes = num_or_size_splits;
      const n = x.shape[ax < 0 ? ax + r : ax]!;
      // split_v_op.cc's ComputeEasyCases, in its order: one output is checked before any -1 is resolved
      if (sizes.length === 1 && sizes[0] !== n) throw invalid(op, `If there is only one output, it must have the same size as the input. Input size: ${n} output size: ${sizes[0]}`);
      if (sizes.filter((s) => s === -1).length > 1) throw invalid(op, 'There can only be one -1 in the input.');
      const known = sizes.reduce((s, p) => (p === -1 ? s : s + p), 0);
      if (sizes.includes(-1) ? known > n : known !== n) {
        throw invalid(op, `Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of the input along split_dim if not fully specified.  Got: ${known}`);
      }
      // a negative size other than -1 can pass the sum check ([5, -2] of 3): the kernel refuses it once -1 is resolved
      const resolved = sizes.map((s) => (s === -1 ? n - known : s));
      resolved.forEach((s, i) => { if (s < 0) throw invalid(op, `Split size at index ${i} must be >= 0. Got: ${s}`); });
      return core.split(x, resolved, ax).map(wrap);
    }
    return core.split(x, num_or_size_splits, ax).map(wrap);
  });
}

/** `tf.slice(input_, begin, size)`: a size of -1 takes the rest of the axis; the Slice kernel's checks (slice_op.cc). */
export const slice = (input_: In, begin: readonly number[], size: readonly number[]): Tensor => guarded('Slice', () => {
  const x = convert(input_);
  if (begin.length !== x.rank || size.length !== x.rank) {
    throw invalid('Slice', `Expected begin and size arguments to be 1-D tensors of size ${x.rank}, but got shapes [${begin.length}] and [${size.length}] instead.`);
  }
  begin.forEach((b, i) => {
    // SharedSliceValidation resolves a size of -1 first; an empty dimension has a check of its own
    const n = x.shape[i]!, s = size[i] === -1 ? n - b : size[i]!;
    if (n === 0) {
      if (!(b === 0 && s === 0)) throw invalid('Slice', `Expected begin[${i}] == 0 (got ${b}) and size[${i}] == 0 (got ${s}) when input.dim_size(${i}) == 0`);
      return;
    }
    if (!(b >= 0 && b <= n)) throw invalid('Slice', `Expected begin[${i}] in [0, ${n}], but got ${b}`);
    if (!(s >= 0 && b + s <= n)) throw invalid('Slice', `Expected size[${i}] in [0, ${n - b}], but got ${s}`);
  });
  return wrap(core.slice(x, begin.map((b, i) => ({ start: b, stop: size[i] === -1 ? undefined : b + size[i]! }))));
});

type GatherKeywords = { validate_indices?: boolean | null; axis?: number | null; batch_dims?: number };

/**
 * `tf.gather(params, indices, validate_indices=None, axis=None, batch_dims=0)`: the third positional argument is
 * TF 2's deprecated, ignored validate_indices, so the axis comes as `{ axis }` (or fourth). The GatherV2 kernel's
 * checks (gather_op.cc). NOTE: batch_dims other than 0 is not supported.
 */
export function gather(params: In, indices: In, validate_indices?: boolean | null | GatherKeywords, axis: number | null = null, batch_dims = 0): Tensor {
  const o = keywords<GatherKeywords>(validate_indices) ?? { axis, batch_dims };
  return guarded('GatherV2', () => {
    if ((o.batch_dims ?? 0) !== 0) throw new ValueError(`gather: batch_dims=${o.batch_dims} is not supported by twingrad (only 0)`);
    const x = convert(params), idx = convert(indices, 'int32');
    const ax = o.axis ?? 0, r = x.rank;
    if (r < 1) throw invalid('GatherV2', 'params must be at least 1 dimensional');
    // TF 2's kernel (with batch_dims) words the axis check as a minimum rank
    const min = ax < 0 ? -ax : ax + 1;
    if (r < min) throw invalid('GatherV2', `Shape must be at least rank ${min} but is rank ${r}`);
    const a = ax < 0 ? ax + r : ax, n = x.shape[a]!;
    // the kernel returns its empty output before it checks any index when the slices after the axis are empty:
    // params has no entries then, so reshaping it gives that output (and keeps the gradient's path to params)
    if (idx.size > 0 && x.shape.slice(a + 1).includes(0)) {
      return wrap(core.reshape(x, [...x.shape.slice(0, a), ...idx.shape, ...x.shape.slice(a + 1)]));
    }
    const d = idx.data;
    for (let i = 0; i < d.length; i++) {
      // SliceDebugString: the bad entry's coordinates in the indices
      if (d[i]! < 0 || d[i]! >= n) throw invalid('GatherV2', `indices${coordinates(idx.shape, i)} = ${d[i]} is not in [0, ${n})`);
    }
    return wrap(core.gather(x, idx, a));
  });
}

/** tensor_slice.cc's SliceDebugString: `[1,0]` for a flat position in a shape ('' for a 0-d shape). */
function coordinates(shape: readonly number[], flat: number): string {
  if (shape.length === 0) return '';
  const c = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { c[d] = flat % shape[d]!; flat = Math.floor(flat / shape[d]!); }
  return debugShape(c);
}

/** `tf.broadcast_to(input, shape)`: a negative size is TensorShape's error. */
export const broadcast_to = (input: In, shape: readonly number[]): Tensor => guarded('BroadcastTo', () => {
  for (const d of shape) if (d < 0) throw invalid('BroadcastTo', `Dimension ${d} must be >= 0`);
  return wrap(core.broadcastTo(convert(input), shape));
});

/** `tf.pad(tensor, paddings, mode='CONSTANT', constant_values=0)`: CONSTANT (Pad, PadV2), REFLECT and SYMMETRIC (MirrorPad). */
export function pad(tensor: In, paddings: readonly (readonly [number, number])[], mode = 'CONSTANT', constant_values = 0): Tensor {
  const m = mode.toUpperCase();
  if (m === 'CONSTANT') {
    // array_ops.pad runs Pad for a constant value of 0 (a number, not a tensor), PadV2 otherwise
    const op = typeof constant_values === 'number' && constant_values === 0 ? 'Pad' : 'PadV2';
    return guarded(op, () => {
      const x = convert(tensor);
      // pad_op.cc's checks (one kernel for both ops)
      checkPaddings(op, paddings, x, ' ');
      for (const [b, a] of paddings) if (b < 0 || a < 0) throw invalid(op, `Paddings must be non-negative: ${b} ${a}`);
      return wrap(core.pad(x, paddings, constant_values));
    });
  }
  if (m !== 'REFLECT' && m !== 'SYMMETRIC') {
    throw new ValueError(`Value of argument \`mode\` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". Received \`mode\` = ${mode}`);
  }
  return guarded('MirrorPad', () => {
    const x = convert(tensor);
    // mirror_pad_op.cc's checks, in its order: the paddings' shape, then per dimension non-negative and within the
    // size (REFLECT repeats no edge entry, so it can add fewer than the dimension's size)
    checkPaddings('MirrorPad', paddings, x, ', ');
    paddings.forEach(([b, a], d) => {
      const n = x.shape[d]!;
      if (b < 0 || a < 0) throw invalid('MirrorPad', `paddings must be non-negative: ${b} ${a}`);
      if (m === 'REFLECT' && (b >= n || a >= n)) throw new InvalidArgumentError(`paddings must be less than the dimension size: ${b}, ${a} not less than ${n} [Op:MirrorPad]`, 'MirrorPad');
      if (m === 'SYMMETRIC' && (b > n || a > n)) throw new InvalidArgumentError(`paddings must be no greater than the dimension size: ${b}, ${a} greater than ${n} [Op:MirrorPad]`, 'MirrorPad');
    });
    return wrap(core.padWith(x, paddings, m === 'REFLECT' ? 'reflect' : 'symmetric'));
  });
}

/**
 * The kernels' first checks on `paddings`, which TF converts to a tensor (a nested list of another shape converts,
 * a ragged one fails in the conversion): a matrix with 2 columns, then one row per dimension of the input. The
 * kernels print the shapes with DebugString: `tf.pad(tf.constant(1), [])` is "paddings must be a matrix with 2
 * columns: [0]" ([] converts to shape [0]), `[[1]]` beside a vector "... : [1,1]". Pad separates the two shapes of the
 * second message with ' ', MirrorPad with ', '.
 */
function checkPaddings(op: string, paddings: unknown, x: core.Tensor, sep: string): void {
  const shape = convert(paddings).shape;
  if (shape.length !== 2 || shape[1] !== 2) throw invalid(op, `paddings must be a matrix with 2 columns: ${debugShape(shape)}`);
  if (shape[0] !== x.rank) throw invalid(op, `The first dimension of paddings must be the rank of inputs${debugShape(shape)}${sep}${debugShape(x.shape)}`);
}
/**
 * `tf.reverse(tensor, axis)`: ReverseV2's checks (reverse_op.cc): a 0-d tensor comes back as it is, whatever the axes;
 * otherwise axis must be a list, each entry in [-rank, rank) and none twice, and the rank at most 8.
 */
export const reverse = (tensor: In, axis: readonly number[] | number | TensorBase | { axis: readonly number[] | TensorBase }): Tensor => guarded('ReverseV2', () => {
  const x = convert(tensor);
  if (x.rank === 0) return wrap(core.flip(x, []));
  const { values, shape } = vectorArg(keywords<{ axis?: unknown }>(axis)?.axis ?? axis);
  if (values === null) throw invalid('ReverseV2', `'dims' must be 1-dimension, not ${shape.length}`);
  return wrap(core.flip(x, reverseAxes(x, values)));
});

/** ReverseV2's checks of its axes, in order: each in [-rank, rank) and none twice, then the rank at most 8. */
function reverseAxes(x: core.Tensor, axis: readonly number[]): readonly number[] {
  const seen = new Set<number>();
  axis.forEach((a, i) => {
    const c = a < 0 ? a + x.rank : a;
    // NOTE: the kernel's text has no closing bracket
    if (!(c >= 0 && c < x.rank)) throw invalid('ReverseV2', `'axis'[${i}] = ${a} is out of valid range [0, ${x.rank - 1}`);
    if (seen.has(c)) throw invalid('ReverseV2', `axis ${c} specified more than once.`);
    seen.add(c);
  });
  if (x.rank > 8) throw new UnimplementedError('reverse is not implemented for tensors of rank > 8. [Op:ReverseV2]', 'ReverseV2');
  return axis;
}

/**
 * `tf.tile(input, multiples)`: the Tile kernel's checks (tile_ops.cc), in its order: multiples a list of exactly one
 * entry per dimension (TF never pads it, unlike NumPy and PyTorch), then each one non-negative (a 0-d input skips them).
 */
export const tile = (input: In, multiples: readonly number[] | number | TensorBase | { multiples: readonly number[] | TensorBase }): Tensor => guarded('Tile', () => {
  const x = convert(input);
  const { values: reps, shape } = vectorArg(keywords<{ multiples?: unknown }>(multiples)?.multiples ?? multiples);
  if (reps === null) throw invalid('Tile', `Expected multiples to be 1-D, but got shape ${debugShape(shape)}`);
  if (reps.length !== x.rank) throw invalid('Tile', `Expected multiples argument to be a vector of length ${x.rank} but got length ${reps.length}`);
  reps.forEach((m, i) => { if (m < 0) throw invalid('Tile', `Expected multiples[${i}] >= 0, but got ${m}`); });
  return wrap(core.tile(x, reps));
});

/** `tf.size(input)` and `tf.rank(input)` as int32 scalars. */
export const size = (input: In): Tensor => guarded('Size', () => wrap(core.scalar(convert(input).size, 'int32')));
export const rank = (input: In): Tensor => guarded('Rank', () => wrap(core.scalar(convert(input).rank, 'int32')));
