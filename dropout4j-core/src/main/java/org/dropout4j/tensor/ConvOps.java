package org.dropout4j.tensor;

import java.util.Arrays;
import org.dropout4j.tensor.blas.Blas;

/**
 * Differentiable operations on images in NHWC layout ({@code (batch, height, width, channels)}, Keras'
 * {@code channels_last}): 2-D convolution as im2col + GEMM, max and average pooling, global pooling and the
 * channels-first/last permutation. Each has a hand-written backward pass, checked against finite differences in the
 * tests.
 *
 * <p>Convolution ({@link #conv2d}) unfolds each output pixel's receptive field into a row of a matrix (im2col,
 * {@code kh * kw * c} values in the order of the Keras kernel {@code (kh, kw, in, out)}) and multiplies it by the
 * kernel viewed as a {@code (kh * kw * in, out)} matrix through {@link Blas#gemm()}; the product is already the NHWC
 * output. The batch is cut into groups of samples whose unfolded matrix stays within {@value #COLUMN_BUDGET} floats
 * ({@link SampleGroups}), small enough that a group's unfolding, product (which also adds the bias) and activation
 * stay in one core's L2 cache; groups run in parallel ({@link Parallel}), each on one thread ({@link Conv2dGroups}).
 * The backward pass unfolds again rather than keeping the matrix, and sums the kernel and bias gradients per fixed
 * slot of groups, then over the slots in order, so the bits do not depend on the number of threads.
 */
public final class ConvOps {
  /**
   * Largest im2col group, in floats (1 MiB): the unfolded group, and then its gradient, fit a core's L2 cache next
   * to the group's output rows.
   */
  static final int COLUMN_BUDGET = 1 << 18;

  private ConvOps() {
  }

  // ---------------------------------------------------------------- convolution

  /**
   * {@code activation(conv2d(x, kernel) + bias)} on NHWC input, with the Keras kernel layout.
   *
   * @param x input of shape {@code (n, h, w, c)}
   * @param kernel kernel of shape {@code (kh, kw, c, filters)}
   * @param bias bias of shape {@code (filters,)}, or {@code null}
   * @param g the window geometry for this input (see {@link Conv2dGeometry#of})
   * @param activation the activation fused into the output pass
   * @return output of shape {@code (n, g.outH(), g.outW(), filters)}
   * @throws IllegalArgumentException if the shapes do not fit each other or the geometry
   */
  public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, Conv2dGeometry g, Ops.FusedActivation activation) {
    return conv2d(x, kernel, bias, g, activation, COLUMN_BUDGET);
  }

  /** {@link #conv2d} with a given im2col group budget in floats (tests use small ones to split batches). */
  static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, Conv2dGeometry g, Ops.FusedActivation activation,
      int columnBudget) {
    Conv2dGroups conv = new Conv2dGroups(x, kernel, bias, g, activation, columnBudget);
    int perSample = conv.outPerSample();
    float[] out = new float[conv.n * perSample];
    Parallel.run(conv.groups.count(), gi -> conv.forwardGroup(gi, out, conv.groups.start(gi) * perSample));
    Shape outShape = Shape.of(conv.n, g.outH(), g.outW(), conv.f);
    if (!conv.requiresGrad()) {
      return Tensor.wrap(outShape, out);
    }
    return new Tensor(out, outShape, true, conv.inputs(), grad -> conv.backward(gi -> {
      // the output's gradient buffer is this op's own: the activation's derivative is applied in place
      int from = conv.groups.start(gi) * perSample;
      activation.gradientInPlace(grad, out, from, conv.groups.end(gi) * perSample);
      return new Conv2dGroups.Rows(grad, from);
    }));
  }

  /**
   * {@code maxPool2d(activation(conv2d(x, kernel) + bias), pool)} in one pass, for pooling windows that tile the
   * convolution's output ({@link #poolTiles}): each group's convolution rows stay in a per-thread buffer and only the
   * pooled values and the positions of their maxima are kept, so the full-size convolution output is never
   * allocated or read back. Values and gradients are bit for bit those of the two ops in sequence.
   *
   * @param g the convolution's window geometry
   * @param pool the pooling geometry over the convolution's output
   * @return output of shape {@code (n, pool.outH(), pool.outW(), filters)}
   * @throws IllegalArgumentException if the shapes do not fit, or the pooling windows do not tile the convolution's
   *     output
   */
  public static Tensor conv2dMaxPool2d(Tensor x, Tensor kernel, Tensor bias, Conv2dGeometry g,
      Ops.FusedActivation activation, Conv2dGeometry pool) {
    Conv2dGroups conv = new Conv2dGroups(x, kernel, bias, g, activation, COLUMN_BUDGET);
    if (pool.inH() != g.outH() || pool.inW() != g.outW() || !poolTiles(pool)) {
      throw new IllegalArgumentException("conv2dMaxPool2d: pooling geometry " + pool + " does not tile the "
          + g.outH() + " x " + g.outW() + " convolution output");
    }
    int f = conv.f;
    int convPerSample = conv.outPerSample();
    int pooledPerSample = pool.outH() * pool.outW() * f;
    int[] offsets = PoolingOps.windowOffsets(pool, f);
    float[] out = new float[conv.n * pooledPerSample];
    int[] position = conv.requiresGrad() ? new int[out.length] : null;
    Parallel.run(conv.groups.count(), gi -> {
      int s0 = conv.groups.start(gi);
      int s1 = conv.groups.end(gi);
      float[] rows = Conv2dGroups.workspace(Conv2dGroups.ROWS, (s1 - s0) * convPerSample);
      conv.forwardGroup(gi, rows, 0);
      for (int s = s0; s < s1; s++) {
        PoolingOps.maxPoolTiledSample(rows, (s - s0) * convPerSample, out, s * pooledPerSample, position, f, pool, offsets);
      }
    });
    Shape outShape = Shape.of(conv.n, pool.outH(), pool.outW(), f);
    if (position == null) {
      return Tensor.wrap(outShape, out);
    }
    return new Tensor(out, outShape, true, conv.inputs(), grad -> {
      conv.backward(gi -> {
        int s0 = conv.groups.start(gi);
        int s1 = conv.groups.end(gi);
        // d loss / d pre-activation: the pooled gradient times the activation's derivative at the pooled value, at
        // the maximum's position; zero elsewhere
        activation.gradientInPlace(grad, out, s0 * pooledPerSample, s1 * pooledPerSample);
        float[] dz = Conv2dGroups.workspace(Conv2dGroups.ROWS, (s1 - s0) * convPerSample);
        Arrays.fill(dz, 0, (s1 - s0) * convPerSample, 0f);
        for (int s = s0; s < s1; s++) {
          PoolingOps.scatterTiledSample(grad, s * pooledPerSample, position, dz, (s - s0) * convPerSample, f, pool, offsets);
        }
        return new Conv2dGroups.Rows(dz, 0);
      });
    });
  }

  // ---------------------------------------------------------------- pooling (kernels in PoolingOps)

  /**
   * Max pooling over NHWC windows; padded positions ({@code same}) never win. The gradient goes to the first
   * maximum of each window, whose input index the forward pass records.
   */
  public static Tensor maxPool2d(Tensor x, Conv2dGeometry g) {
    return PoolingOps.maxPool2d(x, g);
  }

  /**
   * Whether pooling windows tile the input: they do not overlap (stride = pool size) and need no padding (the
   * common {@code MaxPooling2D(2)}); {@link #maxPool2d} and {@link #conv2dMaxPool2d} then use the tiled kernel.
   */
  public static boolean poolTiles(Conv2dGeometry g) {
    return PoolingOps.poolTiles(g);
  }

  /**
   * Average pooling over NHWC windows; with {@code same} padding each window averages only its positions inside the
   * input (as TensorFlow and Keras do).
   */
  public static Tensor avgPool2d(Tensor x, Conv2dGeometry g) {
    return PoolingOps.avgPool2d(x, g);
  }

  /**
   * Mean (or maximum) over the spatial axes of a channels-last tensor {@code (n, d1, ..., dk, c)}, giving
   * {@code (n, c)}. For the maximum the gradient goes to the first maximum.
   *
   * @throws IllegalArgumentException if the rank is below 3
   */
  public static Tensor globalPool(Tensor x, boolean max) {
    return PoolingOps.globalPool(x, max);
  }

  // ---------------------------------------------------------------- layout

  /** {@code (n, c, d1, ..., dk) -> (n, d1, ..., dk, c)}: channels_first to channels_last. */
  public static Tensor channelsLast(Tensor x) {
    if (x.rank() < 3) {
      throw new IllegalArgumentException("channelsLast needs a tensor of rank >= 3, received shape " + x.shape);
    }
    int[] d = x.shape.toArray();
    int[] o = new int[d.length];
    o[0] = d[0];
    System.arraycopy(d, 2, o, 1, d.length - 2);
    o[d.length - 1] = d[1];
    return swapLastTwo(x, d[0], d[1], x.data.length / Math.max(1, d[0] * d[1]), Shape.of(o));
  }

  /** {@code (n, d1, ..., dk, c) -> (n, c, d1, ..., dk)}: channels_last to channels_first. */
  public static Tensor channelsFirst(Tensor x) {
    if (x.rank() < 3) {
      throw new IllegalArgumentException("channelsFirst needs a tensor of rank >= 3, received shape " + x.shape);
    }
    int[] d = x.shape.toArray();
    int[] o = new int[d.length];
    o[0] = d[0];
    o[1] = d[d.length - 1];
    System.arraycopy(d, 1, o, 2, d.length - 2);
    int c = d[d.length - 1];
    return swapLastTwo(x, d[0], x.data.length / Math.max(1, d[0] * c), c, Shape.of(o));
  }

  /** Views {@code x} as {@code (n, a, b)} and returns {@code (n, b, a)} with the given shape. */
  private static Tensor swapLastTwo(Tensor x, int n, int a, int b, Shape outShape) {
    float[] r = swap(x.data, n, a, b);
    if (!x.requiresGrad()) {
      return Tensor.wrap(outShape, r);
    }
    return new Tensor(r, outShape, true, new Tensor[] {x}, g -> x.accumulateOwned(swap(g, n, b, a)));
  }

  private static float[] swap(float[] v, int n, int a, int b) {
    float[] r = new float[v.length];
    for (int s = 0; s < n; s++) {
      int base = s * a * b;
      for (int i = 0; i < a; i++) {
        for (int j = 0; j < b; j++) {
          r[base + j * a + i] = v[base + i * b + j];
        }
      }
    }
    return r;
  }
}
