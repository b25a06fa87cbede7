/**
 * The creation review's core findings: bool storage of numbers, PyTorch's and TensorFlow's range kernels, and
 * integer uniform draws. PyTorch values were printed by real PyTorch 1.13 (`/usr/bin/python3`, the line beside
 * each); TensorFlow values follow the kernel named beside them, computed with NumPy float32 (/usr/bin/python3):
 *   RangeOp (sequence_ops.cc): a, b, d = f32(a), f32(b), f32(d); n = ceil(|f32(f32(b - a) / d)|);
 *     out = [a, f32(a + d), f32(f32(a + d) + d), ...]   (the kernel's `val += delta` in T)
 *   linspace_nd (math_ops.py): delta = f32(f32(b - a) / f32(max(n - 1, 1))); [a] + [f32(a + f32(delta * i))] + [b]
 */
import { describe, expect, it } from 'vitest';
import * as c from '@twingrad/core';

const values = (t: c.Tensor) => Array.from(t.data);

describe('bool storage of numbers: nonzero is true (finding 1)', () => {
  it('fromArray, full and a typed array never hold anything but 0 and 1 in a bool tensor', () => {
    // torch.tensor([0.5, 256, -0.5, nan], dtype=torch.bool) -> tensor([True, True, True, True])
    expect(values(c.fromArray([0.5, 256, -0.5, NaN], 'bool'))).toEqual([1, 1, 1, 1]);
    // torch.full([2], 0.5, dtype=torch.bool) -> tensor([True, True]); torch.full([], 0.5, dtype=torch.bool) -> tensor(True)
    expect(values(c.full([2], 0.5, 'bool'))).toEqual([1, 1]);
    expect(c.full([], 0.5, 'bool').first).toBe(1);
    expect(c.full([3], 256, 'bool').first).toBe(1);
    // torch.tensor([0, 2, 255], dtype=torch.bool) -> tensor([False, True, True]); its .sum() -> tensor(2)
    const u = c.fromArray(new Uint8Array([0, 2, 255]));
    expect([u.dtype, ...values(u)]).toEqual(['bool', 0, 1, 1]);
    expect(c.sum(u).first).toBe(2);
    expect(values(c.fromArray(new Float32Array([0.5, 0, -0]), 'bool'))).toEqual([1, 0, 0]);
  });

  it('a one-element bool tensor made from a number compares equal to true', () => {
    // torch.tensor(0.5, dtype=torch.bool) == torch.tensor(True) -> tensor(True)
    expect(c.eq(c.scalar(0.5, 'bool'), c.fromArray(true)).first).toBe(1);
    expect(c.eq(c.full([2], NaN, 'bool'), c.fromArray([true, true])).data.every((v) => v === 1)).toBe(true);
  });
});

describe("arange and linspace, 'torch' convention: PyTorch 1.13's CPU kernels bit for bit (findings 4, 6)", () => {
  it('float32 arange is computed in double and rounded once', () => {
    // torch.arange(0, 1, 0.1).tolist()
    expect(values(c.arange(0, 1, 0.1))).toEqual([0.0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896, 0.4000000059604645, 0.5,
      0.6000000238418579, 0.699999988079071, 0.800000011920929, 0.8999999761581421]);
    // torch.arange(1, 2.2, 0.4).tolist(): 4 elements (the length is ceil((2.2 - 1) / 0.4) in double)
    expect(values(c.arange(1, 2.2, 0.4))).toEqual([1.0, 1.399999976158142, 1.7999999523162842, 2.200000047683716]);
    // torch.arange(-1.3, 4.71, 0.37).tolist(): 17 elements, the first 16 in two vectorised pairs of 8
    expect(values(c.arange(-1.3, 4.71, 0.37))).toEqual([-1.2999999523162842, -0.9299999475479126, -0.559999942779541, -0.18999995291233063,
      0.18000005185604095, 0.5500000715255737, 0.9200000762939453, 1.290000081062317, 1.659999966621399, 2.0299999713897705, 2.3999998569488525,
      2.7699999809265137, 3.1399998664855957, 3.509999990463257, 3.879999876022339, 4.25, 4.619999885559082]);
    // torch.arange(0., 40000, 1.1)[[0, 15, 16, 17, 31, 32, 33, 36361, 36362]].tolist()
    const long = c.arange(0, 40000, 1.1).data;
    expect([0, 15, 16, 17, 31, 32, 33, 36361, 36362].map((i) => long[i])).toEqual(
      [0.0, 16.5, 17.600000381469727, 18.700000762939453, 34.099998474121094, 35.20000076293945, 36.29999923706055, 39997.1015625, 39998.19921875]);
  });

  it("float64 arange takes each vector's lanes from its base with fused multiply-adds", () => {
    // torch.arange(1., 7.22, 0.3, dtype=torch.float64).tolist()
    expect(values(c.arange(1, 7.22, 0.3, 'float64'))).toEqual([1.0, 1.3, 1.6, 1.9, 2.2, 2.5, 2.8000000000000003, 3.1, 3.4, 3.6999999999999997,
      4.0, 4.3, 4.6, 4.8999999999999995, 5.199999999999999, 5.5, 5.8, 6.1, 6.3999999999999995, 6.7, 7.0]);
    // torch.arange(5.115, -3.11, -0.268, dtype=torch.float64).tolist()
    expect(values(c.arange(5.115, -3.11, -0.268, 'float64'))).toEqual([5.115, 4.847, 4.579000000000001, 4.311, 4.043, 3.7750000000000004, 3.507,
      3.239, 2.971, 2.7030000000000003, 2.435, 2.167, 1.899, 1.631, 1.363, 1.095, 0.827, 0.5589999999999999, 0.2909999999999999,
      0.02299999999999991, -0.2450000000000001, -0.5130000000000001, -0.7810000000000001, -1.0490000000000002, -1.3170000000000002,
      -1.5850000000000002, -1.8530000000000002, -2.1210000000000004, -2.3890000000000002, -2.657, -2.9250000000000003]);
  });

  it('an integer arange truncates its arguments first; int64 and int32 are sized differently', () => {
    // torch.arange(0, 5, 1.5, dtype=torch.int64).tolist() -> [0, 1, 2, 3, 4]
    expect(values(c.arange(0, 5, 1.5, 'int32'))).toEqual([0, 1, 2, 3, 4]);
    // torch.arange(-3, 3, 1.5, dtype=torch.int64).tolist() -> [-3, -2, -1, 0, 1, 2]
    expect(values(c.arange(-3, 3, 1.5, 'int32'))).toEqual([-3, -2, -1, 0, 1, 2]);
    // torch.arange(3.9, -2.7, -1.9, dtype=torch.int64).tolist() -> [3, 2, 1, 0, -1]
    expect(values(c.arange(3.9, -2.7, -1.9, 'int32'))).toEqual([3, 2, 1, 0, -1]);
    // torch.arange(0, 4.5, 2, dtype=torch.int64).tolist() -> [0, 2]; dtype=torch.int32 -> [0, 2, 4]
    expect(values(c.arange(0, 4.5, 2, 'int32'))).toEqual([0, 2]);
    expect(values(c.arange(0, 4.5, 2, 'int32', 'torch', false))).toEqual([0, 2, 4]);
    // torch.arange(0, 5, 1.5, dtype=torch.int32).tolist() -> [0, 1, 2, 3]
    expect(values(c.arange(0, 5, 1.5, 'int32', 'torch', false))).toEqual([0, 1, 2, 3]);
    // torch.arange(0, 2, 0.5, dtype=torch.int64) -> RuntimeError: step must be nonzero
    expect(() => c.arange(0, 2, 0.5, 'int32')).toThrow(c.TwingradError);
  });

  it('the length is never NaN: a NaN or infinite bound is refused, an infinite step gives nothing', () => {
    // torch.arange(0, nan) -> RuntimeError: unsupported range: 0 -> nan (also for inf)
    expect(() => c.arange(0, NaN)).toThrow(c.TwingradError);
    expect(() => c.arange(0, Infinity)).toThrow(c.TwingradError);
    // torch.arange(0, 5, inf).tolist() -> []
    expect(c.arange(0, 5, Infinity).shape).toEqual([0]);
  });

  it('float32 linspace: single-precision fused multiply-adds per half, plain lanes in the vectorised part', () => {
    // torch.linspace(8, -10, 26)[1].item()
    expect(c.linspace(8, -10, 26).data[1]).toBe(7.279999732971191);
    // torch.linspace(-3.3, 7.7, 13).tolist()
    expect(values(c.linspace(-3.3, 7.7, 13))).toEqual([-3.299999952316284, -2.383333206176758, -1.466666579246521, -0.5499998927116394,
      0.3666667938232422, 1.2833335399627686, 2.1999998092651367, 3.116666316986084, 4.033332824707031, 4.949999809265137, 5.866666316986084,
      6.7833333015441895, 7.699999809265137]);
    // torch.linspace(-7.5, 3.0, 52).tolist(): 48 points in vectors, the vector at 24 counts on from its base past halfway (26)
    expect(values(c.linspace(-7.5, 3.0, 52))).toEqual([-7.5, -7.294117450714111, -7.088235378265381, -6.882352828979492, -6.676470756530762,
      -6.470588207244873, -6.264705657958984, -6.058823585510254, -5.852941036224365, -5.647058486938477, -5.441176414489746, -5.235293865203857,
      -5.029411792755127, -4.823529243469238, -4.617647171020508, -4.411764621734619, -4.2058820724487305, -3.999999761581421, -3.7941174507141113,
      -3.5882349014282227, -3.382352590560913, -3.1764702796936035, -2.970587968826294, -2.7647056579589844, -2.558823585510254, -2.3529412746429443,
      -2.1470589637756348, -1.9411765336990356, -1.7352941036224365, -1.529411792755127, -1.3235294818878174, -1.1176470518112183, -0.9117647409439087,
      -0.7058823704719543, -0.5, -0.29411768913269043, -0.08823531866073608, 0.11764705181121826, 0.32352936267852783, 0.529411792755127,
      0.7352941036224365, 0.9411764740943909, 1.1470588445663452, 1.3529411554336548, 1.558823585510254, 1.7647058963775635, 1.970588207244873,
      2.1764707565307617, 2.382352828979492, 2.588235378265381, 2.7941176891326904, 3.0]);
  });

  it('float64 linspace, and its last point need not be exactly stop', () => {
    // torch.linspace(9.11, -1.0, 56, dtype=torch.float64).tolist()
    expect(values(c.linspace(9.11, -1.0, 56, 'float64'))).toEqual([9.11, 8.926181818181817, 8.742363636363637, 8.558545454545454, 8.374727272727272,
      8.19090909090909, 8.007090909090909, 7.823272727272727, 7.639454545454545, 7.455636363636364, 7.2718181818181815, 7.088, 6.904181818181818,
      6.720363636363636, 6.536545454545454, 6.352727272727273, 6.168909090909091, 5.98509090909091, 5.801272727272727, 5.617454545454546,
      5.433636363636364, 5.249818181818182, 5.066, 4.882181818181818, 4.698363636363636, 4.514545454545455, 4.330727272727272, 4.146909090909091,
      3.9630909090909086, 3.7792727272727267, 3.595454545454545, 3.4116363636363634, 3.2278181818181815, 3.0439999999999996, 2.8601818181818177,
      2.676363636363636, 2.492545454545454, 2.308727272727272, 2.12490909090909, 1.9410909090909085, 1.7572727272727269, 1.573454545454545,
      1.3896363636363633, 1.2058181818181815, 1.0219999999999998, 0.838181818181818, 0.6543636363636363, 0.4705454545454544, 0.2867272727272726,
      0.10290909090909081, -0.08090909090909099, -0.2647272727272728, -0.4485454545454546, -0.6323636363636363, -0.8161818181818181, -1.0]);
    // torch.linspace(830598.648287181, 65746.41148884268, 24, dtype=torch.float64).tolist()[-1]
    expect(c.linspace(830598.648287181, 65746.41148884268, 24, 'float64').data[23]).toBe(65746.4114888427);
  });

  it('integer linspace truncates start and end, and each vector base (int64 and int32 lanes differ)', () => {
    // torch.linspace(-0.7, 9.9, 5, dtype=torch.int64).tolist() -> [0, 2, 4, 6, 9]
    expect(values(c.linspace(-0.7, 9.9, 5, 'int32'))).toEqual([0, 2, 4, 6, 9]);
    // torch.linspace(29, -18, 25, dtype=torch.int64).tolist()
    expect(values(c.linspace(29, -18, 25, 'int32'))).toEqual([29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1, 0, -2, -3, -5, -7, -10, -11, -13, -15, -18]);
    // torch.linspace(29, -18, 25, dtype=torch.int32).tolist()
    expect(values(c.linspace(29, -18, 25, 'int32', 'torch', false))).toEqual(
      [29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1, 0, -2, -4, -6, -8, -10, -12, -14, -16, -18]);
    // torch.linspace(2.5, 1, 1, dtype=torch.int64).tolist() -> [2]; torch.linspace(0.5, 1, 1, dtype=torch.bool) -> tensor([True])
    expect(values(c.linspace(2.5, 1, 1, 'int32'))).toEqual([2]);
    expect(values(c.linspace(0.5, 1, 1, 'bool'))).toEqual([1]);
  });
});

describe("arange and linspace, 'tf' convention: computed in the dtype (finding 6)", () => {
  it('float32 ranges accumulate `val += delta` in float32, and are sized in float32', () => {
    // RangeOp<float>: NumPy gives [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.70000005, 0.8000001, 0.9000001]
    expect(values(c.arange(0, 1, 0.1, 'float32', 'tf'))).toEqual([0.0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896,
      0.4000000059604645, 0.5, 0.6000000238418579, 0.7000000476837158, 0.8000000715255737, 0.9000000953674316]);
    // f32(f32(2.2) - 1) / f32(0.4) is exactly 3.0 in float32: three elements, [1.0, 1.4, 1.8]
    expect(values(c.arange(1, 2.2, 0.4, 'float32', 'tf'))).toEqual([1.0, 1.399999976158142, 1.7999999523162842]);
    // a negative delta: NumPy gives 12 elements ending at -2.7
    expect(values(c.arange(5, -3, -0.7, 'float32', 'tf'))).toEqual([5.0, 4.300000190734863, 3.6000001430511475, 2.9000000953674316,
      2.200000047683716, 1.5, 0.800000011920929, 0.10000002384185791, -0.5999999642372131, -1.2999999523162842, -2.0, -2.700000047683716]);
  });

  it('float64 ranges accumulate in double, integer ranges are sized (|limit - start| + |delta| - 1) / |delta|', () => {
    // RangeOp<double>: NumPy float64 `val += 0.1` from 0
    expect(values(c.arange(0, 1, 0.1, 'float64', 'tf'))).toEqual([0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6, 0.7, 0.7999999999999999, 0.8999999999999999]);
    // RangeOp<int32>: (|0 - 10| + 3 - 1) / 3 = 4 -> [10, 7, 4, 1]; (|8 + 7| + 4) / 5 = 3 -> [-7, -2, 3]
    expect(values(c.arange(10, 0, -3, 'int32', 'tf'))).toEqual([10, 7, 4, 1]);
    expect(values(c.arange(-7, 8, 5, 'int32', 'tf'))).toEqual([-7, -2, 3]);
  });

  it('linspace rounds each of its ops to float32 between the exact endpoints', () => {
    // linspace_nd: NumPy gives [8.0, 7.28, 6.56, ..., -10.0]
    expect(values(c.linspace(8, -10, 26, 'float32', 'tf'))).toEqual([8.0, 7.279999732971191, 6.559999942779541, 5.840000152587891, 5.119999885559082,
      4.399999618530273, 3.679999828338623, 2.9600000381469727, 2.239999771118164, 1.5199995040893555, 0.7999997138977051, 0.07999992370605469,
      -0.6400003433227539, -1.3600006103515625, -2.0799999237060547, -2.8000001907348633, -3.520000457763672, -4.2400007247924805,
      -4.960000991821289, -5.680000305175781, -6.40000057220459, -7.120000839233398, -7.840000152587891, -8.560001373291016, -9.280000686645508, -10.0]);
    // linspace_nd(-3.3, 7.7, 13); PyTorch rounds the same points differently (-0.5499998927116394 there)
    expect(values(c.linspace(-3.3, 7.7, 13, 'float32', 'tf'))).toEqual([-3.299999952316284, -2.383333206176758, -1.466666579246521,
      -0.5499999523162842, 0.3666667938232422, 1.2833335399627686, 2.200000047683716, 3.1166670322418213, 4.033333778381348, 4.949999809265137,
      5.866666793823242, 6.783333778381348, 7.699999809265137]);
    // num 1 and 0: the concatenation [start, ..., stop] sliced to num
    expect(values(c.linspace(2, 5, 1, 'float32', 'tf'))).toEqual([2]);
    expect(c.linspace(2, 5, 0, 'float32', 'tf').shape).toEqual([0]);
  });
});

describe('integer uniform draws (finding 2)', () => {
  it('every integer of [lo, hi) is equally likely: counts within 6 sigma of N/10, lo included, hi never', () => {
    // TensorFlow's tf.random.uniform(dtype=tf.int32) documents values uniform on [minval, maxval): p = 0.1 for -5..4
    c.seed(0);
    const N = 100_000;
    const t = c.randomUniform([N], -5, 5, 'int32');
    expect(t.dtype).toBe('int32');
    const counts = new Map<number, number>();
    for (const v of t.data) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]);
    const sigma = Math.sqrt(N * 0.1 * 0.9); // 94.9
    for (const n of counts.values()) expect(Math.abs(n - N / 10)).toBeLessThan(6 * sigma);
  });

  it('covers the whole int32 range and refuses empty or non-integer bounds unless nothing is drawn', () => {
    const wide = c.randomUniform([1000], -2147483648, 2147483647, 'int32');
    expect(wide.data.every((v) => v >= -2147483648 && v < 2147483647)).toBe(true);
    expect(new Set(wide.data).size).toBeGreaterThan(990);
    // random_op.cc RandomUniformIntOp: "Need minval < maxval" is checked after the early exit for an empty output
    expect(() => c.randomUniform([3], 5, 5, 'int32')).toThrow(c.TwingradError);
    expect(c.randomUniform([0], 5, 5, 'int32').shape).toEqual([0]);
    expect(() => c.randomUniform([3], 0.5, 5, 'int32')).toThrow(c.TwingradError);
  });

  it('refuses a bool uniform and a non-float normal (torch.randn(3, dtype=torch.int64) raises)', () => {
    expect(() => c.randomUniform([3], 0, 1, 'bool')).toThrow(c.TwingradError);
    expect(() => c.randomNormal([3], 0, 1, 'int32')).toThrow(c.TwingradError);
    expect(() => c.randomNormal([3], 0, 1, 'bool')).toThrow(c.TwingradError);
  });
});
