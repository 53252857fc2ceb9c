package org.dropout4j.tensor;

import java.util.Arrays;

/**
 * Differentiable re-layouts in which each output element is one input element or zero, chosen axis by axis: axis
 * permutation (Keras' {@code Permute}, channels moves), zero padding and cropping ({@code ZeroPadding*},
 * {@code Cropping*}), repetition ({@code UpSampling*} nearest, {@code RepeatVector}), zero insertion between
 * elements (the stride dilation of a transposed convolution), flips and single slices, plus the separable linear
 * resize of {@code UpSampling2D(interpolation="bilinear")}.
 *
 * <p>The one kernel, {@link #gather}: output axis {@code k} reads input axis {@code source[k]} at coordinate
 * {@code table[k][o]} for output coordinate {@code o}, or gives zero where a table entry is {@code -1}. The forward
 * pass copies through a flat index map; the backward pass scatter-adds the output's gradient through the same map,
 * so elements read twice (repetition) accumulate.
 *
 * <pre>{@code
 * Tensor y = AxisGather.pad(x, new int[] {0, 1, 1, 0}, new int[] {0, 1, 1, 0});   // NHWC zero padding by 1
 * Tensor z = AxisGather.permute(x, 0, 3, 1, 2);                                // NHWC -> NCHW
 * }</pre>
 */
public final class AxisGather {
  private AxisGather() {
  }

  /**
   * The general re-layout: {@code out[o_0, ..., o_{r-1}] = x[i]} with {@code i[source[k]] = table[k][o_k]}, and 0
   * where any {@code table[k][o_k]} is {@code -1}. The output has {@code table[k].length} elements on axis
   * {@code k}.
   *
   * @param source a permutation of the input's axes: which input axis each output axis reads
   * @param table per output axis, the input coordinate of each output coordinate, or -1 for zero
   * @throws IllegalArgumentException if {@code source} is not a permutation of the input's axes or a table entry is
   *     outside {@code [-1, size)} of its input axis
   */
  public static Tensor gather(Tensor x, int[] source, int[][] table) {
    int rank = x.rank();
    if (source.length != rank || table.length != rank) {
      throw new IllegalArgumentException("AxisGather: expected " + rank + " source axes and tables for input shape "
          + x.shape + ", received " + source.length + " and " + table.length);
    }
    int[] dims = x.shape.toArray();
    int[] stride = new int[rank];
    int s = 1;
    for (int a = rank - 1; a >= 0; a--) {
      stride[a] = s;
      s *= dims[a];
    }
    boolean[] used = new boolean[rank];
    int[] outDims = new int[rank];
    int[] index = {0};
    for (int k = 0; k < rank; k++) {
      int a = source[k];
      if (a < 0 || a >= rank || used[a]) {
        throw new IllegalArgumentException("AxisGather: source axes " + Arrays.toString(source)
            + " are not a permutation of the axes of shape " + x.shape);
      }
      used[a] = true;
      int[] t = table[k];
      outDims[k] = t.length;
      int[] next = new int[Math.multiplyExact(index.length, t.length)];
      for (int o = 0; o < t.length; o++) {
        if (t[o] < -1 || t[o] >= dims[a]) {
          throw new IllegalArgumentException("AxisGather: output axis " + k + " reads coordinate " + t[o]
              + " of input axis " + a + ", outside [0, " + dims[a] + ") of shape " + x.shape);
        }
      }
      for (int p = 0; p < index.length; p++) {
        int base = index[p];
        int row = p * t.length;
        for (int o = 0; o < t.length; o++) {
          next[row + o] = base < 0 || t[o] < 0 ? -1 : base + t[o] * stride[a];
        }
      }
      index = next;
    }
    float[] out = new float[index.length];
    float[] xd = x.data;
    for (int j = 0; j < out.length; j++) {
      int i = index[j];
      if (i >= 0) {
        out[j] = xd[i];
      }
    }
    Shape shape = Shape.of(outDims);
    if (!x.requiresGrad()) {
      return Tensor.wrap(shape, out);
    }
    int[] map = index;
    int inSize = xd.length;
    return new Tensor(out, shape, true, new Tensor[] {x}, g -> {
      float[] gx = new float[inSize];
      for (int j = 0; j < map.length; j++) {
        int i = map[j];
        if (i >= 0) {
          gx[i] += g[j];
        }
      }
      x.accumulateOwned(gx);
    });
  }

  private static int[] identity(int n) {
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = i;
    }
    return t;
  }

  private static int[] axes(int rank) {
    return identity(rank);
  }

  private static int[][] identityTables(Tensor x) {
    int[][] t = new int[x.rank()][];
    for (int a = 0; a < t.length; a++) {
      t[a] = identity(x.shape.dim(a));
    }
    return t;
  }

  private static void requireAxis(Tensor x, int axis, String op) {
    if (axis < 0 || axis >= x.rank()) {
      throw new IllegalArgumentException(op + ": axis " + axis + " is outside the shape " + x.shape);
    }
  }

  /**
   * The axes of {@code x} in the order {@code perm} ({@code numpy.transpose(x, perm)}).
   *
   * @throws IllegalArgumentException if {@code perm} is not a permutation of the axes
   */
  public static Tensor permute(Tensor x, int... perm) {
    if (perm.length != x.rank()) {
      throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " is not a permutation of the axes "
          + "of shape " + x.shape);
    }
    int[][] t = new int[perm.length][];
    for (int k = 0; k < perm.length; k++) {
      if (perm[k] < 0 || perm[k] >= x.rank()) {
        throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " is not a permutation of the "
            + "axes of shape " + x.shape);
      }
      t[k] = identity(x.shape.dim(perm[k]));
    }
    return gather(x, perm, t);
  }

  /**
   * Zero padding ({@code before}/{@code after} positive) or cropping (negative) of every axis, as
   * {@code numpy.pad} with zeros followed by slicing.
   *
   * @throws IllegalArgumentException if an axis would have no element left, or the arrays do not have one entry per
   *     axis
   */
  public static Tensor pad(Tensor x, int[] before, int[] after) {
    if (before.length != x.rank() || after.length != x.rank()) {
      throw new IllegalArgumentException("pad: expected " + x.rank() + " paddings per side for shape " + x.shape
          + ", received " + Arrays.toString(before) + " and " + Arrays.toString(after));
    }
    int[][] t = new int[x.rank()][];
    for (int a = 0; a < t.length; a++) {
      int d = x.shape.dim(a);
      int n = d + before[a] + after[a];
      if (n <= 0) {
        throw new IllegalArgumentException("pad: axis " + a + " of shape " + x.shape + " has no element left after "
            + "padding (" + before[a] + ", " + after[a] + ")");
      }
      t[a] = new int[n];
      for (int o = 0; o < n; o++) {
        int i = o - before[a];
        t[a][o] = i >= 0 && i < d ? i : -1;
      }
    }
    return gather(x, axes(x.rank()), t);
  }

  /**
   * Each element of {@code axis} repeated {@code times} times in place ({@code numpy.repeat(x, times, axis)}):
   * nearest-neighbour upsampling.
   *
   * @throws IllegalArgumentException if {@code times} is not positive or the axis is outside the shape
   */
  public static Tensor repeat(Tensor x, int axis, int times) {
    requireAxis(x, axis, "repeat");
    if (times <= 0) {
      throw new IllegalArgumentException("repeat: times must be positive, received " + times);
    }
    int[][] t = identityTables(x);
    int d = x.shape.dim(axis);
    t[axis] = new int[Math.multiplyExact(d, times)];
    for (int o = 0; o < t[axis].length; o++) {
      t[axis][o] = o / times;
    }
    return gather(x, axes(x.rank()), t);
  }

  /**
   * {@code stride - 1} zeros between neighbouring elements of {@code axis} (size {@code (d - 1) * stride + 1}): the
   * input of a transposed convolution as a convolution.
   *
   * @throws IllegalArgumentException if {@code stride} is not positive or the axis is outside the shape
   */
  public static Tensor dilate(Tensor x, int axis, int stride) {
    requireAxis(x, axis, "dilate");
    if (stride <= 0) {
      throw new IllegalArgumentException("dilate: stride must be positive, received " + stride);
    }
    int[][] t = identityTables(x);
    int d = x.shape.dim(axis);
    t[axis] = new int[(d - 1) * stride + 1];
    for (int o = 0; o < t[axis].length; o++) {
      t[axis][o] = o % stride == 0 ? o / stride : -1;
    }
    return gather(x, axes(x.rank()), t);
  }

  /**
   * The elements of {@code axis} in reverse order.
   *
   * @throws IllegalArgumentException if the axis is outside the shape
   */
  public static Tensor flip(Tensor x, int axis) {
    requireAxis(x, axis, "flip");
    int[][] t = identityTables(x);
    int d = x.shape.dim(axis);
    for (int o = 0; o < d; o++) {
      t[axis][o] = d - 1 - o;
    }
    return gather(x, axes(x.rank()), t);
  }

  /**
   * The coordinates {@code indices} of {@code axis} (-1 gives a slice of zeros), e.g. one depth slice of a 3-D
   * kernel, or the input depths one tap of a strided, padded 3-D convolution reads.
   *
   * @throws IllegalArgumentException if an index is outside {@code [-1, size)} or the axis is outside the shape
   */
  public static Tensor select(Tensor x, int axis, int[] indices) {
    requireAxis(x, axis, "select");
    int[][] t = identityTables(x);
    t[axis] = indices.clone();
    return gather(x, axes(x.rank()), t);
  }

  /**
   * Linear interpolation of {@code axis} to {@code size} elements with half-pixel centres, as TensorFlow's
   * {@code resize_bilinear(half_pixel_centers=True)} (what Keras 3's {@code ops.image.resize(..., "bilinear")} runs
   * without antialiasing): output {@code o} reads {@code in = (o + 0.5) * d / size - 0.5} and returns
   * {@code x[lo] + (x[hi] - x[lo]) * (in - floor(in))} with {@code lo = max(floor(in), 0)} and
   * {@code hi = min(ceil(in), d - 1)}. Applied axis by axis it is bilinear resizing.
   *
   * @throws IllegalArgumentException if {@code size} is not positive or the axis is outside the shape
   */
  public static Tensor resizeLinear(Tensor x, int axis, int size) {
    requireAxis(x, axis, "resizeLinear");
    if (size <= 0) {
      throw new IllegalArgumentException("resizeLinear: size must be positive, received " + size);
    }
    int d = x.shape.dim(axis);
    float scale = d / (float) size;
    int[] lo = new int[size];
    int[] hi = new int[size];
    float[] lerp = new float[size];
    for (int o = 0; o < size; o++) {
      float in = (o + 0.5f) * scale - 0.5f;
      float floor = (float) Math.floor(in);
      lo[o] = Math.max((int) floor, 0);
      hi[o] = Math.min((int) Math.ceil(in), d - 1);
      lerp[o] = in - floor;
    }
    Tensor low = select(x, axis, lo);
    Tensor high = select(x, axis, hi);
    int[] wd = new int[x.rank()];
    Arrays.fill(wd, 1);
    wd[axis] = size;
    Tensor weight = Tensor.wrap(Shape.of(wd), lerp);
    return Ops.add(low, Ops.mul(Ops.sub(high, low), weight));
  }
}
