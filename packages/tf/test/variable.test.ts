import { describe, expect, it } from 'vitest';
import * as tf from '@twingrad/tf';

// tf.Variable's value semantics: each variable holds its own value (TensorFlow's resource handles), and
// assign_add / assign_sub are in-place kernels that require the variable's shape.

describe('Variable.assign copies', () => {
  it('a variable assigned from another keeps its own value and its own gradient (a target-network sync)', () => {
    const a = new tf.Variable(2.0), b = new tf.Variable(0.0);
    b.assign(a);
    const tape = new tf.GradientTape();
    const y = tape.record(() => a.mul(1).add(b.mul(10)));
    // y = a + 10 b: dy/da = 1, dy/db = 10 (the two reads are two variables, not one tensor read twice)
    expect(tape.gradient(y, [a, b]).map((g) => g!.numpy())).toEqual([1, 10]);
    expect(b.numpy()).toBe(2);
  });

  it('a variable assigned from another does not follow its later updates', () => {
    const a = new tf.Variable([1, 2]), b = new tf.Variable([0, 0]);
    b.assign(a);
    a.assign_add([10, 10]);
    expect(a.numpy()).toEqual([11, 12]);
    expect(b.numpy()).toEqual([1, 2]);
  });

  it('a tensor assigned to two variables gives each its own value', () => {
    const t = tf.constant([1, 2]);
    const a = new tf.Variable([0, 0]), b = new tf.Variable([0, 0]);
    a.assign(t);
    b.assign(t);
    a.assign_sub([1, 1]);
    expect([a.numpy(), b.numpy(), t.numpy()]).toEqual([[0, 1], [1, 2], [1, 2]]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduce_sum(a.mul(2).add(b.mul(3))));
    expect(tape.gradient(y, [a, b]).map((g) => g!.numpy())).toEqual([[2, 2], [3, 3]]);
  });
});

describe('assign_add / assign_sub need the variable\'s shape', () => {
  it("a delta of another shape raises TensorFlow's InvalidArgumentError (no broadcasting)", () => {
    const v = new tf.Variable([1.0, 2.0]);
    expect(() => v.assign_add(1)).toThrowError(tf.errors.InvalidArgumentError);
    expect(() => v.assign_add(1)).toThrowError(
      'Cannot update variable with shape [2] using a Tensor with shape [], shapes must be equal. [Op:AssignAddVariableOp]');
    expect(() => v.assign_sub(tf.constant([[1, 2]]))).toThrowError(
      'Cannot update variable with shape [2] using a Tensor with shape [1,2], shapes must be equal. [Op:AssignSubVariableOp]');
    expect(() => v.assign_add([1])).toThrowError(tf.errors.InvalidArgumentError);
    expect(v.numpy()).toEqual([1, 2]); // unchanged
  });

  it('a delta of the same shape updates the value; a scalar variable takes a number', () => {
    const v = new tf.Variable([1.0, 2.0]);
    expect(v.assign_add([0.5, 0.25]).numpy()).toEqual([1.5, 2.25]);
    expect(v.assign_sub(tf.constant([1, 1])).numpy()).toEqual([0.5, 1.25]);
    const s = new tf.Variable(3.0);
    expect(s.assign_add(2).numpy()).toBe(5);
  });
});
