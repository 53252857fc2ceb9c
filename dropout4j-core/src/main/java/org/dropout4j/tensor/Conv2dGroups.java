package org.dropout4j.tensor;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.dropout4j.tensor.blas.Blas;
import org.dropout4j.tensor.blas.Gemm;

/**
 * One call of a 2-D convolution ({@link ConvOps#conv2d}) cut into sample groups ({@link SampleGroups}): the operands,
 * the derived sizes, and the per-group forward and backward steps, which the plain convolution and the convolution
 * fused with max pooling share.
 *
 * <p>A group's forward step unfolds its samples (im2col) straight into the product's operand buffer, with a column of
 * ones when there is a bias, multiplies by {@code [kernel; bias]} in one product and applies the activation, all on
 * one thread and within one core's L2 cache. Its backward step takes the gradient with respect to the group's
 * pre-activation rows and adds the kernel and bias gradients ({@code [cols | 1]^T dz}, one product) and the input
 * gradient ({@code dz kernel^T}, folded back by col2im). {@link #backward} runs the groups slot by slot and sums the
 * slots' partials in slot order, so the bits do not depend on the thread count.
 */
final class Conv2dGroups {
  /** Workspace slot of the unfolded columns' gradient, which col2im folds back. */
  static final int COLUMNS = 0;
  /** Workspace slot of a group's output rows. */
  static final int ROWS = 1;
  /** Workspace slot of one output pixel's window (short window rows). */
  private static final int PIXEL = 2;
  /** Window rows up to this many floats are copied by a plain loop. */
  private static final int SHORT_ROW = 8;
  /** A source of zeros for padded window rows. */
  private static final float[] ZEROS = new float[1024];

  /**
   * Per-thread buffers, reused across calls and layers: slot {@value #COLUMNS} the gradient of a group's unfolded
   * input, slot {@value #ROWS} a group's output rows or their gradient (fused pooling), slot {@value #PIXEL} one
   * window. (The unfolded input itself is written into the product's own operand buffer.)
   */
  private static final ThreadLocal<float[][]> WORKSPACE = ThreadLocal.withInitial(() -> new float[3][0]);

  /**
   * A buffer of at least {@code size} floats from this thread's workspace slot {@code slot}; its contents are
   * garbage. Callers overwrite what they read and never hold it across another conv call.
   */
  static float[] workspace(int slot, int size) {
    float[][] w = WORKSPACE.get();
    if (w[slot].length < size) {
      w[slot] = new float[size];
    }
    return w[slot];
  }

  final Tensor x;
  final Tensor kernel;
  final Tensor bias;
  final Conv2dGeometry g;
  final Ops.FusedActivation activation;
  /** Samples, input channels, filters. */
  final int n;
  final int c;
  final int f;
  /** Output pixels per sample, and unfolded values per output pixel ({@code kh * kw * c}). */
  final int p;
  final int kc;
  final SampleGroups groups;
  /**
   * Columns of an unfolded row: {@code kc}, plus a trailing 1 with a bias, so that the products add the bias
   * ({@code [cols | 1] [kernel; bias]}) and give its gradient (the last row of {@code [cols | 1]^T dz}).
   */
  private final int kcb;
  /** {@code [kernel; bias]}, {@code (kcb, f)}: the kernel itself without a bias. */
  private final float[] kernelAndBias;

  /**
   * The convolution of {@code x} by {@code kernel}, checked.
   *
   * @throws IllegalArgumentException if the shapes do not fit each other or the geometry
   */
  Conv2dGroups(Tensor x, Tensor kernel, Tensor bias, Conv2dGeometry g, Ops.FusedActivation activation,
      int columnBudget) {
    if (x.rank() != 4 || kernel.rank() != 4 || kernel.shape.dim(2) != x.shape.dim(3)
        || kernel.shape.dim(0) != g.kH() || kernel.shape.dim(1) != g.kW() || x.shape.dim(1) != g.inH()
        || x.shape.dim(2) != g.inW()) {
      throw new IllegalArgumentException("conv2d: input of shape " + x.shape + " does not fit a kernel of shape "
          + kernel.shape + " with geometry " + g);
    }
    if (g.outH() <= 0 || g.outW() <= 0) {
      throw new IllegalArgumentException("conv2d: the window does not fit the input: " + g);
    }
    this.n = x.shape.dim(0);
    this.c = x.shape.dim(3);
    this.f = kernel.shape.dim(3);
    if (bias != null && (bias.rank() != 1 || bias.shape.dim(0) != f)) {
      throw new IllegalArgumentException("conv2d: bias of shape " + bias.shape + " does not fit " + f + " filters");
    }
    this.x = x;
    this.kernel = kernel;
    this.bias = bias;
    this.g = g;
    this.activation = activation;
    this.p = g.outH() * g.outW();
    this.kc = g.kH() * g.kW() * c;
    this.groups = SampleGroups.of(n, (long) p * kc, columnBudget);
    this.kcb = bias == null ? kc : kc + 1;
    if (bias == null) {
      kernelAndBias = kernel.data;
    } else {
      kernelAndBias = Arrays.copyOf(kernel.data, kcb * f);
      System.arraycopy(bias.data, 0, kernelAndBias, kc * f, f);
    }
  }

  /** Whether any operand needs a gradient. */
  boolean requiresGrad() {
    return x.requiresGrad() || kernel.requiresGrad() || (bias != null && bias.requiresGrad());
  }

  /** The operands autodiff propagates to. */
  Tensor[] inputs() {
    return bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
  }

  /** Output values per sample ({@code outH * outW * filters}). */
  int outPerSample() {
    return p * f;
  }

  /** {@code activation(conv + bias)} of group {@code gi}'s samples into {@code dst} from {@code offset} on. */
  void forwardGroup(int gi, float[] dst, int offset) {
    int s0 = groups.start(gi);
    int s1 = groups.end(gi);
    Blas.gemm().sgemm(false, false, (s1 - s0) * p, f, kcb, 1f, unfolded(s0, s1), kernelAndBias, 0, f, 0f, dst,
        offset, f);
    activation.applyInPlace(dst, offset, offset + (s1 - s0) * p * f);
  }

  /** Writes the unfolded samples {@code [s0, s1)}, rows of {@link #kcb}, straight into the product's A buffer. */
  private Gemm.OperandWriter unfolded(int s0, int s1) {
    return cols -> {
      float[] pixel = workspace(PIXEL, kcb);
      for (int s = s0; s < s1; s++) {
        im2colSample(x.data, s, (s - s0) * p * kcb, c, g, kcb > kc, cols, pixel);
      }
    };
  }

  /** Where a group's pre-activation gradient rows are: {@code data} from {@code offset} on. */
  record Rows(float[] data, int offset) {
  }

  /** Supplies a group's gradient with respect to its pre-activation rows (the output rows before activation). */
  @FunctionalInterface
  interface PreActivationGradient {
    Rows of(int group);
  }

  /**
   * Back-propagates: for every group, in slots, takes its pre-activation gradient from {@code dz} and accumulates
   * the bias, kernel and input gradients into the operands that need them.
   */
  void backward(PreActivationGradient dz) {
    boolean wantBias = bias != null && bias.requiresGrad();
    boolean wantKernel = kernel.requiresGrad();
    float[] gx = x.requiresGrad() ? new float[x.data.length] : null;
    int slots = groups.slots();
    float[][] part = new float[slots][];
    Parallel.run(slots, slot -> {
      float[] gkb = wantKernel || wantBias ? new float[kcb * f] : null;
      for (int gi = groups.firstOfSlot(slot), last = groups.firstOfSlot(slot + 1); gi < last; gi++) {
        backwardGroup(gi, dz.of(gi), gkb, gx);
      }
      part[slot] = gkb;
    });
    if (wantKernel || wantBias) {
      float[] gkb = sumInOrder(part);
      if (wantBias) {
        bias.accumulateOwned(Arrays.copyOfRange(gkb, kc * f, kcb * f));
      }
      if (wantKernel) {
        kernel.accumulateOwned(bias == null ? gkb : Arrays.copyOf(gkb, kc * f));
      }
    }
    if (gx != null) {
      x.accumulateOwned(gx);
    }
  }

  /** Adds group {@code gi}'s {@code [kernel; bias]} gradient to {@code gkb} and its input gradient to {@code gx}. */
  private void backwardGroup(int gi, Rows dz, float[] gkb, float[] gx) {
    int s0 = groups.start(gi);
    int s1 = groups.end(gi);
    int rows = (s1 - s0) * p;
    if (gkb != null) {
      Blas.gemm().sgemm(true, false, kcb, f, rows, 1f, unfolded(s0, s1), dz.data(), dz.offset(), f, 1f, gkb, 0, f);
    }
    if (gx != null) {
      float[] cols = workspace(COLUMNS, rows * kc);
      Blas.gemm().sgemm(false, true, rows, kc, f, 1f, dz.data(), dz.offset(), f, kernel.data, 0, f, 0f, cols, 0, kc);
      for (int s = s0; s < s1; s++) {
        col2imSample(cols, s, (s - s0) * p * kc, c, g, gx);
      }
    }
  }

  /** {@code parts[0] + parts[1] + ...}, added in that order into {@code parts[0]}. */
  private static float[] sumInOrder(float[][] parts) {
    float[] sum = parts[0];
    for (int i = 1; i < parts.length; i++) {
      float[] part = parts[i];
      for (int j = 0; j < sum.length; j++) {
        sum[j] += part[j];
      }
    }
    return sum;
  }

  /**
   * Unfolds sample {@code s} of NHWC {@code x} into rows of {@code kh * kw * c} values, each followed by a 1 if
   * {@code ones}, of {@code cols} from index {@code start} on: each window row inside the input is one bulk copy; windows whose rows are at most
   * {@value #SHORT_ROW} floats (a 3x3 window over one channel) are assembled in {@code pixel} first and copied whole.
   */
  private static void im2colSample(float[] x, int s, int start, int c, Conv2dGeometry g, boolean ones,
      FloatBuffer cols, float[] pixel) {
    int inH = g.inH();
    int inW = g.inW();
    int kH = g.kH();
    int kW = g.kW();
    int rowLen = kW * c;
    boolean shortRows = rowLen <= SHORT_ROW;
    int xb = s * inH * inW * c;
    int o = start;
    for (int oy = 0; oy < g.outH(); oy++) {
      int iy0 = oy * g.strideH() - g.padTop();
      for (int ox = 0; ox < g.outW(); ox++) {
        int ix0 = ox * g.strideW() - g.padLeft();
        boolean rowInside = g.dilationW() == 1 && ix0 >= 0 && ix0 + kW <= inW;
        int w = 0; // position in pixel (short rows)
        for (int ky = 0; ky < kH; ky++) {
          int iy = iy0 + ky * g.dilationH();
          boolean inside = iy >= 0 && iy < inH;
          if (shortRows) {
            for (int kx = 0; kx < kW; kx++) {
              int ix = ix0 + kx * g.dilationW();
              int from = xb + (iy * inW + ix) * c;
              for (int ch = 0; ch < c; ch++, w++) {
                pixel[w] = inside && ix >= 0 && ix < inW ? x[from + ch] : 0f;
              }
            }
          } else if (!inside) {
            zero(cols, o, rowLen);
            o += rowLen;
          } else if (rowInside) {
            cols.put(o, x, xb + (iy * inW + ix0) * c, rowLen);
            o += rowLen;
          } else {
            for (int kx = 0; kx < kW; kx++, o += c) {
              int ix = ix0 + kx * g.dilationW();
              if (ix < 0 || ix >= inW) {
                zero(cols, o, c);
              } else {
                cols.put(o, x, xb + (iy * inW + ix) * c, c);
              }
            }
          }
        }
        if (shortRows) {
          if (ones) {
            pixel[w++] = 1f;
          }
          cols.put(o, pixel, 0, w);
          o += w;
        } else if (ones) {
          cols.put(o++, 1f);
        }
      }
    }
  }

  /** Zeros {@code len} values of {@code b} from {@code at} on. */
  private static void zero(FloatBuffer b, int at, int len) {
    for (int done = 0; done < len; done += ZEROS.length) {
      b.put(at + done, ZEROS, 0, Math.min(ZEROS.length, len - done));
    }
  }

  /** The adjoint of {@link #im2colSample}: adds each row's values back onto the input positions they came from. */
  private static void col2imSample(float[] cols, int s, int start, int c, Conv2dGeometry g, float[] gx) {
    int inH = g.inH();
    int inW = g.inW();
    int kH = g.kH();
    int kW = g.kW();
    int rowLen = kW * c;
    int xb = s * inH * inW * c;
    int o = start;
    for (int oy = 0; oy < g.outH(); oy++) {
      int iy0 = oy * g.strideH() - g.padTop();
      for (int ox = 0; ox < g.outW(); ox++) {
        int ix0 = ox * g.strideW() - g.padLeft();
        boolean rowInside = g.dilationW() == 1 && ix0 >= 0 && ix0 + kW <= inW;
        for (int ky = 0; ky < kH; ky++) {
          int iy = iy0 + ky * g.dilationH();
          if (iy < 0 || iy >= inH) {
            o += rowLen;
          } else if (rowInside) {
            addTo(gx, xb + (iy * inW + ix0) * c, cols, o, rowLen);
            o += rowLen;
          } else {
            for (int kx = 0; kx < kW; kx++) {
              int ix = ix0 + kx * g.dilationW();
              if (ix >= 0 && ix < inW) {
                addTo(gx, xb + (iy * inW + ix) * c, cols, o, c);
              }
              o += c;
            }
          }
        }
      }
    }
  }

  private static void addTo(float[] dst, int d, float[] src, int so, int len) {
    for (int i = 0; i < len; i++) {
      dst[d + i] += src[so + i];
    }
  }
}
