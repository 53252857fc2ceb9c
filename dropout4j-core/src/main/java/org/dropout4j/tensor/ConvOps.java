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
  /** Pooling runs samples in parallel from this much work (outputs x window size) on. */
  private static final int PARALLEL_WORK = 1 << 16;

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
    int[] offsets = windowOffsets(pool, f);
    float[] out = new float[conv.n * pooledPerSample];
    int[] position = conv.requiresGrad() ? new int[out.length] : null;
    Parallel.run(conv.groups.count(), gi -> {
      int s0 = conv.groups.start(gi);
      int s1 = conv.groups.end(gi);
      float[] rows = Conv2dGroups.workspace(Conv2dGroups.ROWS, (s1 - s0) * convPerSample);
      conv.forwardGroup(gi, rows, 0);
      for (int s = s0; s < s1; s++) {
        maxPoolTiledSample(rows, (s - s0) * convPerSample, out, s * pooledPerSample, position, f, pool, offsets);
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
          scatterTiledSample(grad, s * pooledPerSample, position, dz, (s - s0) * convPerSample, f, pool, offsets);
        }
        return new Conv2dGroups.Rows(dz, 0);
      });
    });
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
    if (poolTiles(g)) {
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
   * Whether pooling windows tile the input: they do not overlap (stride = pool size) and need no padding (the
   * common {@code MaxPooling2D(2)}); {@link #maxPool2d} and {@link #conv2dMaxPool2d} then use the tiled kernel.
   */
  public static boolean poolTiles(Conv2dGeometry g) {
    return g.strideH() == g.kH() && g.strideW() == g.kW() && g.padTop() == 0 && g.padLeft() == 0
        && g.outH() > 0 && g.outW() > 0 && g.outH() * g.kH() <= g.inH() && g.outW() * g.kW() <= g.inW();
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
    int inPerSample = g.inH() * g.inW() * c;
    int perSampleOut = g.outH() * g.outW() * c;
    int[] offsets = windowOffsets(g, c);
    float[] out = new float[n * perSampleOut];
    int[] position = x.requiresGrad() ? new int[out.length] : null;
    float[] xd = x.data;
    long work = (long) out.length * offsets.length;
    forEachSample(n, work,
        s -> maxPoolTiledSample(xd, s * inPerSample, out, s * perSampleOut, position, c, g, offsets));
    Shape outShape = Shape.of(n, g.outH(), g.outW(), c);
    if (position == null) {
      return Tensor.wrap(outShape, out);
    }
    return new Tensor(out, outShape, true, new Tensor[] {x}, grad -> {
      float[] gx = new float[xd.length];
      forEachSample(n, work,
          s -> scatterTiledSample(grad, s * perSampleOut, position, gx, s * inPerSample, c, g, offsets));
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

  /**
   * Pools the sample at {@code xd[xb...]} into {@code out[o...]} and, if {@code position} is not null, records
   * each maximum's window position there.
   */
  private static void maxPoolTiledSample(float[] xd, int xb, float[] out, int o, int[] position, int c,
      Conv2dGeometry g, int[] offsets) {
    int last = offsets.length - 1;
    for (int oy = 0; oy < g.outH(); oy++) {
      for (int ox = 0; ox < g.outW(); ox++, o += c) {
        int first = xb + (oy * g.kH() * g.inW() + ox * g.kW()) * c;
        System.arraycopy(xd, first, out, o, c);
        for (int q = 1; q <= last; q++) {
          int t = first + offsets[q];
          for (int ch = 0; ch < c; ch++) {
            out[o + ch] = Math.max(out[o + ch], xd[t + ch]);
          }
        }
        if (position == null) {
          continue;
        }
        // from the last position to the first, so that the first occurrence is kept; a value that matches no
        // position (a NaN maximum whose bits Math.max changed) is sent to position 0
        int tl = first + offsets[last];
        for (int ch = 0; ch < c; ch++) {
          int differs = Float.floatToRawIntBits(xd[tl + ch]) ^ Float.floatToRawIntBits(out[o + ch]);
          position[o + ch] = last & ~((differs | -differs) >> 31);
        }
        for (int q = last - 1; q >= 0; q--) {
          int t = first + offsets[q];
          for (int ch = 0; ch < c; ch++) {
            int differs = Float.floatToRawIntBits(xd[t + ch]) ^ Float.floatToRawIntBits(out[o + ch]);
            int other = (differs | -differs) >> 31; // -1 where the bits differ, else 0
            position[o + ch] = (position[o + ch] & other) | (q & ~other);
          }
        }
      }
    }
  }

  /**
   * The adjoint of {@link #maxPoolTiledSample}: writes each pooled gradient {@code grad[o...]} to its maximum's
   * position in the sample at {@code gx[xb...]}, whose other values it leaves alone.
   */
  private static void scatterTiledSample(float[] grad, int o, int[] position, float[] gx, int xb, int c,
      Conv2dGeometry g, int[] offsets) {
    for (int oy = 0; oy < g.outH(); oy++) {
      for (int ox = 0; ox < g.outW(); ox++, o += c) {
        int first = xb + (oy * g.kH() * g.inW() + ox * g.kW()) * c;
        for (int ch = 0; ch < c; ch++) {
          gx[first + offsets[position[o + ch]] + ch] = grad[o + ch];
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
