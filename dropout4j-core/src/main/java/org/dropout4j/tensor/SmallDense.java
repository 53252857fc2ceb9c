package org.dropout4j.tensor;

/**
 * The fused Dense kernel for narrow inputs ({@code k <= MAX_K} features, e.g. the 2-D points of the circles case
 * study): forward and backward each make one pass over the output, row by row, with the row in cache — bias,
 * products, activation and, in the backward pass, the activation's derivative, the bias and kernel gradients and
 * the input gradient. A GEMM call would stream the output several times for a handful of multiply-adds per
 * element. Loops index their arrays with the bare loop variable so that HotSpot vectorises them on JDK 17.
 */
final class SmallDense {
  /** Widest input handled here; wider ones go through GEMM. */
  static final int MAX_K = 16;

  private SmallDense() {
  }

  static Tensor apply(Tensor x, Tensor kernel, Tensor bias, Ops.FusedActivation activation) {
    int m = x.shape.dim(0);
    int k = x.shape.dim(1);
    int n = kernel.shape.dim(1);
    float[][] w = rows(kernel.data, k, n);
    float[] b = bias == null ? null : bias.data;
    float[] out = new float[m * n];
    float[] row = new float[n];
    float[] xs = x.data;
    for (int r = 0; r < m; r++) {
      if (b != null) {
        System.arraycopy(b, 0, row, 0, n);
      } else {
        java.util.Arrays.fill(row, 0f);
      }
      accumulate(row, xs, r * k, w, k);
      activation.applyInPlace(row);
      System.arraycopy(row, 0, out, r * n, n);
    }
    boolean grad = x.requiresGrad() || kernel.requiresGrad() || (bias != null && bias.requiresGrad());
    if (!grad) {
      return Tensor.wrap(Shape.of(m, n), out);
    }
    Tensor[] inputs = bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
    return new Tensor(out, Shape.of(m, n), true, inputs, g -> backward(x, kernel, bias, activation, w, out, g, m, k,
        n));
  }

  /**
   * {@code row += x[off..off+k) · w}. Up to three inputs are summed in one pass that writes {@code row} once (a
   * read-modify-write pass per input can stall on store-to-load aliasing between the row and the weight rows).
   */
  private static void accumulate(float[] row, float[] xs, int off, float[][] w, int k) {
    int n = row.length;
    if (k == 1) {
      float a0 = xs[off];
      float[] w0 = w[0];
      for (int j = 0; j < n; j++) {
        row[j] = row[j] + a0 * w0[j];
      }
    } else if (k == 2) {
      float a0 = xs[off];
      float a1 = xs[off + 1];
      float[] w0 = w[0];
      float[] w1 = w[1];
      for (int j = 0; j < n; j++) {
        row[j] = row[j] + a0 * w0[j] + a1 * w1[j];
      }
    } else if (k == 3) {
      float a0 = xs[off];
      float a1 = xs[off + 1];
      float a2 = xs[off + 2];
      float[] w0 = w[0];
      float[] w1 = w[1];
      float[] w2 = w[2];
      for (int j = 0; j < n; j++) {
        row[j] = row[j] + a0 * w0[j] + a1 * w1[j] + a2 * w2[j];
      }
    } else {
      for (int p = 0; p < k; p++) {
        float a = xs[off + p];
        float[] wp = w[p];
        for (int j = 0; j < n; j++) {
          row[j] += a * wp[j];
        }
      }
    }
  }

  private static void backward(Tensor x, Tensor kernel, Tensor bias, Ops.FusedActivation activation, float[][] w,
      float[] out, float[] g, int m, int k, int n) {
    boolean wantKernel = kernel.requiresGrad();
    boolean wantBias = bias != null && bias.requiresGrad();
    boolean wantX = x.requiresGrad();
    float[][] gk = wantKernel ? new float[k][n] : null;
    float[] gb = wantBias ? new float[n] : null;
    float[] gx = wantX ? new float[m * k] : null;
    float[] dz = new float[n];
    float[] y = new float[n];
    float[] xs = x.data;
    for (int r = 0; r < m; r++) {
      System.arraycopy(g, r * n, dz, 0, n);
      if (activation != Ops.FusedActivation.LINEAR) {
        System.arraycopy(out, r * n, y, 0, n);
        activation.gradientInPlace(dz, y);
      }
      if (wantBias) {
        for (int j = 0; j < n; j++) {
          gb[j] += dz[j];
        }
      }
      for (int p = 0; p < k; p++) {
        if (wantKernel) {
          float a = xs[r * k + p];
          float[] gkp = gk[p];
          for (int j = 0; j < n; j++) {
            gkp[j] += a * dz[j];
          }
        }
        if (wantX) {
          float[] wp = w[p];
          float s = 0f;
          for (int j = 0; j < n; j++) {
            s += dz[j] * wp[j];
          }
          gx[r * k + p] = s;
        }
      }
    }
    if (wantKernel) {
      float[] flat = new float[k * n];
      for (int p = 0; p < k; p++) {
        System.arraycopy(gk[p], 0, flat, p * n, n);
      }
      kernel.accumulateOwned(flat);
    }
    if (wantBias) {
      bias.accumulateOwned(gb);
    }
    if (wantX) {
      x.accumulateOwned(gx);
    }
  }

  private static float[][] rows(float[] a, int k, int n) {
    float[][] r = new float[k][n];
    for (int p = 0; p < k; p++) {
      System.arraycopy(a, p * n, r[p], 0, n);
    }
    return r;
  }
}
