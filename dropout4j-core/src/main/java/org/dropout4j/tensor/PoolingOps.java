package org.dropout4j.tensor;


/**
 * The pooling kernels behind {@link ConvOps}' public pooling operations: max and average pooling over NHWC windows
 * (a tiled kernel when the windows tile the input, shared with the fused {@link ConvOps#conv2dMaxPool2d}) and global
 * pooling, each with its hand-written backward pass. Samples run in parallel when the work is large; every output
 * belongs to one sample, so the bits do not depend on the number of threads.
 */
final class PoolingOps {
  /** Pooling runs samples in parallel from this much work (outputs x window size) on. */
  private static final int PARALLEL_WORK = 1 << 16;

  private PoolingOps() {
  }

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
  static Tensor maxPool2d(Tensor x, Conv2dGeometry g) {
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
   * common {@code MaxPooling2D(2)}); {@link #maxPool2d} and {@link ConvOps#conv2dMaxPool2d} then use the tiled kernel.
   */
  static boolean poolTiles(Conv2dGeometry g) {
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
  static int[] windowOffsets(Conv2dGeometry g, int c) {
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
  static void maxPoolTiledSample(float[] xd, int xb, float[] out, int o, int[] position, int c,
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
  static void scatterTiledSample(float[] grad, int o, int[] position, float[] gx, int xb, int c,
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
  static Tensor avgPool2d(Tensor x, Conv2dGeometry g) {
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
  static Tensor globalPool(Tensor x, boolean max) {
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
}
