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
 * ({@link SampleGroups}), small enough that a group's unfolding, product and bias/activation pass stay in one
 * core's L2 cache; groups run in parallel ({@link Parallel}), each on one thread. The backward pass unfolds again
 * rather than keeping the matrix, and sums the kernel and bias gradients per fixed slot of groups, then over the
 * slots in order, so the bits do not depend on the number of threads.
 */
public final class ConvOps {
  /**
   * Largest im2col group, in floats (1 MiB): the unfolded group, reused for its gradient, fits a core's L2 cache
   * next to the group's output rows.
   */
  static final int COLUMN_BUDGET = 1 << 18;
  /** Pooling runs samples in parallel from this much work (outputs x window size) on. */
  private static final int PARALLEL_WORK = 1 << 16;
  /** Window rows up to this many floats are copied by a plain loop. */
  private static final int SHORT_ROW = 8;

  /** Per-thread im2col buffer (the unfolded group, then its gradient), reused across calls and layers. */
  private static final ThreadLocal<float[][]> WORKSPACE = ThreadLocal.withInitial(() -> new float[1][0]);

  /**
   * A buffer of at least {@code size} floats from this thread's workspace slot {@code slot}; its contents are
   * garbage. Callers overwrite what they read and never hold it across another conv call.
   */
  private static float[] workspace(int slot, int size) {
    float[][] w = WORKSPACE.get();
    if (w[slot].length < size) {
      w[slot] = new float[size];
    }
    return w[slot];
  }

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
    if (x.rank() != 4 || kernel.rank() != 4 || kernel.shape.dim(2) != x.shape.dim(3)
        || kernel.shape.dim(0) != g.kH() || kernel.shape.dim(1) != g.kW() || x.shape.dim(1) != g.inH()
        || x.shape.dim(2) != g.inW()) {
      throw new IllegalArgumentException("conv2d: input of shape " + x.shape + " does not fit a kernel of shape "
          + kernel.shape + " with geometry " + g);
    }
    if (g.outH() <= 0 || g.outW() <= 0) {
      throw new IllegalArgumentException("conv2d: the window does not fit the input: " + g);
    }
    int n = x.shape.dim(0);
    int c = x.shape.dim(3);
    int f = kernel.shape.dim(3);
    if (bias != null && (bias.rank() != 1 || bias.shape.dim(0) != f)) {
      throw new IllegalArgumentException("conv2d: bias of shape " + bias.shape + " does not fit " + f + " filters");
    }
    int p = g.outH() * g.outW();
    int kc = g.kH() * g.kW() * c;
    SampleGroups groups = SampleGroups.of(n, (long) p * kc, columnBudget);
    float[] out = new float[n * p * f];
    float[] bd = bias == null ? null : bias.data;
    Parallel.run(groups.count(), gi -> {
      int s0 = groups.start(gi);
      int s1 = groups.end(gi);
      float[] cols = workspace(0, (s1 - s0) * p * kc);
      for (int s = s0; s < s1; s++) {
        im2colSample(x.data, s, (s - s0) * p * kc, c, g, cols);
      }
      Blas.gemm().sgemm(false, false, (s1 - s0) * p, f, kc, 1f, cols, 0, kc, kernel.data, 0, f, 0f, out, s0 * p * f,
          f);
      biasActivation(out, s0 * p * f, s1 * p * f, bd, f, activation);
    });
    Shape outShape = Shape.of(n, g.outH(), g.outW(), f);
    boolean grad = x.requiresGrad() || kernel.requiresGrad() || (bias != null && bias.requiresGrad());
    if (!grad) {
      return Tensor.wrap(outShape, out);
    }
    Tensor[] inputs = bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
    return new Tensor(out, outShape, true, inputs, dz -> {
      boolean wantBias = bias != null && bias.requiresGrad();
      boolean wantKernel = kernel.requiresGrad();
      float[] gx = x.requiresGrad() ? new float[x.data.length] : null;
      // the groups are split into a fixed number of slots (from the shape), each summing its groups' kernel and
      // bias gradients in order into its own partial; the partials are then added in slot order
      int slots = groups.slots();
      float[][] gkPart = new float[slots][];
      float[][] gbPart = new float[slots][];
      Parallel.run(slots, slot -> {
        float[] gk = wantKernel ? new float[kc * f] : null;
        float[] gb = wantBias ? new float[f] : null;
        for (int gi = groups.firstOfSlot(slot), last = groups.firstOfSlot(slot + 1); gi < last; gi++) {
          int s0 = groups.start(gi);
          int s1 = groups.end(gi);
          int rows = (s1 - s0) * p;
          int from = s0 * p * f;
          activation.gradientInPlace(dz, out, from, s1 * p * f);
          if (gb != null) {
            addColumnSums(dz, from, rows, f, gb);
          }
          float[] cols = workspace(0, rows * kc);
          if (gk != null) {
            for (int s = s0; s < s1; s++) {
              im2colSample(x.data, s, (s - s0) * p * kc, c, g, cols);
            }
            Blas.gemm().sgemm(true, false, kc, f, rows, 1f, cols, 0, kc, dz, from, f, 1f, gk, 0, f);
          }
          if (gx != null) {
            Blas.gemm().sgemm(false, true, rows, kc, f, 1f, dz, from, f, kernel.data, 0, f, 0f, cols, 0, kc);
            for (int s = s0; s < s1; s++) {
              col2imSample(cols, s, (s - s0) * p * kc, c, g, gx);
            }
          }
        }
        gkPart[slot] = gk;
        gbPart[slot] = gb;
      });
      if (wantBias) {
        bias.accumulateOwned(sumInOrder(gbPart));
      }
      if (wantKernel) {
        kernel.accumulateOwned(sumInOrder(gkPart));
      }
      if (gx != null) {
        x.accumulateOwned(gx);
      }
    });
  }

  /** Adds the column sums of {@code rows} rows of {@code f} values from {@code from} on to {@code sums}. */
  private static void addColumnSums(float[] v, int from, int rows, int f, float[] sums) {
    for (int r = 0, o = from; r < rows; r++, o += f) {
      for (int j = 0; j < f; j++) {
        sums[j] += v[o + j];
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

  private static void im2colSample(float[] x, int s, int start, int c, Conv2dGeometry g, float[] cols) {
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
            Arrays.fill(cols, o, o + rowLen, 0f);
            o += rowLen;
          } else if (rowInside) {
            int from = xb + (iy * inW + ix0) * c;
            if (rowLen <= SHORT_ROW) { // e.g. 3x3 windows over 1 channel: a loop beats arraycopy's call overhead
              for (int i = 0; i < rowLen; i++) {
                cols[o + i] = x[from + i];
              }
            } else {
              System.arraycopy(x, from, cols, o, rowLen);
            }
            o += rowLen;
          } else {
            for (int kx = 0; kx < kW; kx++) {
              int ix = ix0 + kx * g.dilationW();
              if (ix < 0 || ix >= inW) {
                Arrays.fill(cols, o, o + c, 0f);
              } else {
                System.arraycopy(x, xb + (iy * inW + ix) * c, cols, o, c);
              }
              o += c;
            }
          }
        }
      }
    }
  }

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

  /** Adds the bias to each row of {@code f} values of {@code out[from, to)} and applies the activation there. */
  static void biasActivation(float[] out, int from, int to, float[] bias, int f, Ops.FusedActivation activation) {
    if (bias != null) {
      for (int o = from; o < to; o += f) {
        for (int j = 0; j < f; j++) {
          out[o + j] += bias[j];
        }
      }
    }
    activation.applyInPlace(out, from, to);
  }

  // ---------------------------------------------------------------- pooling

  private static void checkPoolInput(Tensor x, Conv2dGeometry g, String op) {
    if (x.rank() != 4 || x.shape.dim(1) != g.inH() || x.shape.dim(2) != g.inW()) {
      throw new IllegalArgumentException(op + ": input of shape " + x.shape + " does not fit geometry " + g);
    }
    if (g.outH() <= 0 || g.outW() <= 0) {
      throw new IllegalArgumentException(op + ": the window does not fit the input: " + g);
    }
  }

  /**
   * Max pooling over NHWC windows; padded positions ({@code same}) never win. The gradient goes to the first
   * maximum of each window, whose input index the forward pass records.
   */
  public static Tensor maxPool2d(Tensor x, Conv2dGeometry g) {
    checkPoolInput(x, g, "maxPool2d");
    if (tiles(g)) {
      return maxPoolTiled(x, g);
    }
    int n = x.shape.dim(0);
    int c = x.shape.dim(3);
    int perSampleOut = g.outH() * g.outW() * c;
    float[] out = new float[n * perSampleOut];
    // the forward pass records where each maximum came from (the first one in window order), so the backward pass
    // is a scatter instead of a second search
    int[] argmax = x.requiresGrad() ? new int[out.length] : null;
    float[] xd = x.data;
    long work = (long) out.length * g.kH() * g.kW();
    forEachSample(n, work, s -> maxPoolSample(xd, s, c, g, out, argmax));
    Shape outShape = Shape.of(n, g.outH(), g.outW(), c);
    if (argmax == null) {
      return Tensor.wrap(outShape, out);
    }
    return new Tensor(out, outShape, true, new Tensor[] {x}, grad -> {
      float[] gx = new float[xd.length];
      // outputs of sample s point into sample s only: samples in parallel, each in a fixed order
      forEachSample(n, work, s -> {
        for (int o = s * perSampleOut, end = o + perSampleOut; o < end; o++) {
          gx[argmax[o]] += grad[o];
        }
      });
      x.accumulateOwned(gx);
    });
  }

  /**
   * Whether the windows tile the input: they do not overlap (stride = pool size) and need no padding (the common
   * {@code MaxPooling2D(2)}).
   */
  private static boolean tiles(Conv2dGeometry g) {
    return g.strideH() == g.kH() && g.strideW() == g.kW() && g.padTop() == 0 && g.padLeft() == 0
        && g.outH() * g.kH() <= g.inH() && g.outW() * g.kW() <= g.inW();
  }

  /**
   * Max pooling over tiling windows: the maximum is a vectorised {@link Math#max} across channels (NaN wins), and
   * the window position of its first occurrence (the first value with the same bits) is found with integer
   * arithmetic only, which HotSpot also vectorises (a compare-and-select loop would not be); the backward pass
   * writes each output's gradient to that position (windows do not overlap, so every input gets at most one).
   */
  private static Tensor maxPoolTiled(Tensor x, Conv2dGeometry g) {
    int n = x.shape.dim(0);
    int c = x.shape.dim(3);
    int perSampleOut = g.outH() * g.outW() * c;
    int[] offsets = windowOffsets(g, c);
    float[] out = new float[n * perSampleOut];
    int[] position = x.requiresGrad() ? new int[out.length] : null;
    float[] xd = x.data;
    long work = (long) out.length * offsets.length;
    forEachSample(n, work, s -> maxPoolTiledSample(xd, s, c, g, offsets, out, position));
    Shape outShape = Shape.of(n, g.outH(), g.outW(), c);
    if (position == null) {
      return Tensor.wrap(outShape, out);
    }
    return new Tensor(out, outShape, true, new Tensor[] {x}, grad -> {
      float[] gx = new float[xd.length];
      forEachSample(n, work, s -> {
        int xb = s * g.inH() * g.inW() * c;
        int o = s * perSampleOut;
        for (int oy = 0; oy < g.outH(); oy++) {
          for (int ox = 0; ox < g.outW(); ox++, o += c) {
            int first = xb + (oy * g.kH() * g.inW() + ox * g.kW()) * c;
            for (int ch = 0; ch < c; ch++) {
              gx[first + offsets[position[o + ch]] + ch] = grad[o + ch];
            }
          }
        }
      });
      x.accumulateOwned(gx);
    });
  }

  /** Offset of each window position (row-major) from the window's first element, in an NHWC sample. */
  private static int[] windowOffsets(Conv2dGeometry g, int c) {
    int[] offsets = new int[g.kH() * g.kW()];
    for (int q = 0; q < offsets.length; q++) {
      offsets[q] = ((q / g.kW()) * g.inW() + q % g.kW()) * c;
    }
    return offsets;
  }

  private static void maxPoolTiledSample(float[] xd, int s, int c, Conv2dGeometry g, int[] offsets, float[] out,
      int[] position) {
    int xb = s * g.inH() * g.inW() * c;
    int o = s * g.outH() * g.outW() * c;
    for (int oy = 0; oy < g.outH(); oy++) {
      for (int ox = 0; ox < g.outW(); ox++, o += c) {
        int first = xb + (oy * g.kH() * g.inW() + ox * g.kW()) * c;
        System.arraycopy(xd, first, out, o, c);
        for (int q = 1; q < offsets.length; q++) {
          int t = first + offsets[q];
          for (int ch = 0; ch < c; ch++) {
            out[o + ch] = Math.max(out[o + ch], xd[t + ch]);
          }
        }
        if (position != null) {
          // from the last position to the first, so the first occurrence is kept
          for (int q = offsets.length - 1; q >= 0; q--) {
            int t = first + offsets[q];
            int keep = q == offsets.length - 1 ? 0 : -1;
            for (int ch = 0; ch < c; ch++) {
              int differs = Float.floatToRawIntBits(xd[t + ch]) ^ Float.floatToRawIntBits(out[o + ch]);
              int other = (differs | -differs) >> 31; // -1 where the bits differ, else 0
              position[o + ch] = (position[o + ch] & other & keep) | (q & ~other);
            }
          }
        }
      }
    }
  }

  /**
   * Max pooling of sample {@code s}: per window and channel the maximum (NaN wins, as with {@link Math#max}) and, if
   * {@code argmax} is not null, the flat input index of its first occurrence in row-major window order.
   */
  private static void maxPoolSample(float[] xd, int s, int c, Conv2dGeometry g, float[] out, int[] argmax) {
    float[] best = new float[c];
    int[] at = new int[c];
    int xb = s * g.inH() * g.inW() * c;
    int o = s * g.outH() * g.outW() * c;
    for (int oy = 0; oy < g.outH(); oy++) {
      int y0 = Math.max(0, oy * g.strideH() - g.padTop());
      int y1 = Math.min(g.inH(), oy * g.strideH() - g.padTop() + g.kH());
      for (int ox = 0; ox < g.outW(); ox++, o += c) {
        int x0 = Math.max(0, ox * g.strideW() - g.padLeft());
        int x1 = Math.min(g.inW(), ox * g.strideW() - g.padLeft() + g.kW());
        int first = xb + (y0 * g.inW() + x0) * c;
        for (int ch = 0; ch < c; ch++) {
          best[ch] = xd[first + ch];
          at[ch] = first + ch;
        }
        for (int iy = y0; iy < y1; iy++) {
          for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
            int t = xb + (iy * g.inW() + ix) * c;
            for (int ch = 0; ch < c; ch++) {
              float v = xd[t + ch];
              float b = best[ch];
              if (v > b || (v != v && b == b)) {
                best[ch] = v;
                at[ch] = t + ch;
              }
            }
          }
        }
        System.arraycopy(best, 0, out, o, c);
        if (argmax != null) {
          System.arraycopy(at, 0, argmax, o, c);
        }
      }
    }
  }

  /** Runs {@code body} for every sample, in parallel when the work is large; samples must not share outputs. */
  private static void forEachSample(int n, long work, java.util.function.IntConsumer body) {
    if (work >= PARALLEL_WORK && n > 1) {
      java.util.stream.IntStream.range(0, n).parallel().forEach(body);
    } else {
      for (int s = 0; s < n; s++) {
        body.accept(s);
      }
    }
  }

  /**
   * Average pooling over NHWC windows; with {@code same} padding each window averages only its positions inside the
   * input (as TensorFlow and Keras do).
   */
  public static Tensor avgPool2d(Tensor x, Conv2dGeometry g) {
    checkPoolInput(x, g, "avgPool2d");
    int n = x.shape.dim(0);
    int c = x.shape.dim(3);
    float[] out = new float[n * g.outH() * g.outW() * c];
    float[] xd = x.data;
    forEachWindow(n, c, g, (o, xb, y0, y1, x0, x1) -> {
      float inv = 1f / ((y1 - y0) * (x1 - x0));
      for (int iy = y0; iy < y1; iy++) {
        for (int ix = x0; ix < x1; ix++) {
          int t = xb + (iy * g.inW() + ix) * c;
          for (int ch = 0; ch < c; ch++) {
            out[o + ch] += xd[t + ch];
          }
        }
      }
      for (int ch = 0; ch < c; ch++) {
        out[o + ch] *= inv;
      }
    });
    Shape outShape = Shape.of(n, g.outH(), g.outW(), c);
    if (!x.requiresGrad()) {
      return Tensor.wrap(outShape, out);
    }
    return new Tensor(out, outShape, true, new Tensor[] {x}, grad -> {
      float[] gx = new float[xd.length];
      forEachWindow(n, c, g, (o, xb, y0, y1, x0, x1) -> {
        float inv = 1f / ((y1 - y0) * (x1 - x0));
        for (int iy = y0; iy < y1; iy++) {
          for (int ix = x0; ix < x1; ix++) {
            int t = xb + (iy * g.inW() + ix) * c;
            for (int ch = 0; ch < c; ch++) {
              gx[t + ch] += grad[o + ch] * inv;
            }
          }
        }
      });
      x.accumulateOwned(gx);
    });
  }

  @FunctionalInterface
  private interface Window {
    void visit(int outOffset, int sampleOffset, int y0, int y1, int x0, int x1);
  }

  private static void forEachWindow(int n, int c, Conv2dGeometry g, Window w) {
    int o = 0;
    for (int s = 0; s < n; s++) {
      int xb = s * g.inH() * g.inW() * c;
      for (int oy = 0; oy < g.outH(); oy++) {
        int y0 = Math.max(0, oy * g.strideH() - g.padTop());
        int y1 = Math.min(g.inH(), oy * g.strideH() - g.padTop() + g.kH());
        for (int ox = 0; ox < g.outW(); ox++) {
          int x0 = Math.max(0, ox * g.strideW() - g.padLeft());
          int x1 = Math.min(g.inW(), ox * g.strideW() - g.padLeft() + g.kW());
          w.visit(o, xb, y0, y1, x0, x1);
          o += c;
        }
      }
    }
  }

  /**
   * Mean (or maximum) over the spatial axes of a channels-last tensor {@code (n, d1, ..., dk, c)}, giving
   * {@code (n, c)}. For the maximum the gradient goes to the first maximum.
   *
   * @throws IllegalArgumentException if the rank is below 3
   */
  public static Tensor globalPool(Tensor x, boolean max) {
    if (x.rank() < 3) {
      throw new IllegalArgumentException("globalPool needs a tensor of rank >= 3 (batch, spatial..., channels), "
          + "received shape " + x.shape);
    }
    int n = x.shape.dim(0);
    int c = x.shape.dim(-1);
    int spatial = x.data.length / Math.max(1, n * c);
    float[] out = new float[n * c];
    int[] arg = max ? new int[n * c] : null;
    float[] xd = x.data;
    for (int s = 0; s < n; s++) {
      int ob = s * c;
      int xb = s * spatial * c;
      if (max) {
        for (int ch = 0; ch < c; ch++) {
          out[ob + ch] = xd[xb + ch];
          arg[ob + ch] = xb + ch;
        }
      }
      for (int p = max ? 1 : 0; p < spatial; p++) {
        int t = xb + p * c;
        for (int ch = 0; ch < c; ch++) {
          float v = xd[t + ch];
          if (!max) {
            out[ob + ch] += v;
          } else if (v > out[ob + ch]) {
            out[ob + ch] = v;
            arg[ob + ch] = t + ch;
          }
        }
      }
      if (!max) {
        for (int ch = 0; ch < c; ch++) {
          out[ob + ch] /= spatial;
        }
      }
    }
    Shape outShape = Shape.of(n, c);
    if (!x.requiresGrad()) {
      return Tensor.wrap(outShape, out);
    }
    return new Tensor(out, outShape, true, new Tensor[] {x}, grad -> {
      float[] gx = new float[xd.length];
      if (max) {
        for (int i = 0; i < grad.length; i++) {
          gx[arg[i]] += grad[i];
        }
      } else {
        float inv = 1f / spatial;
        for (int s = 0; s < n; s++) {
          for (int p = 0; p < spatial; p++) {
            int t = (s * spatial + p) * c;
            for (int ch = 0; ch < c; ch++) {
              gx[t + ch] = grad[s * c + ch] * inv;
            }
          }
        }
      }
      x.accumulateOwned(gx);
    });
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
