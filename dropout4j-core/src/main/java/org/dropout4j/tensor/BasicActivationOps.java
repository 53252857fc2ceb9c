package org.dropout4j.tensor;

/**
 * The basic activation ops behind {@link Ops}: relu, leaky relu, sigmoid, tanh, elu, softplus, softmax and
 * log-softmax (Keras' other activations are in {@link ActivationOps}).
 */
final class BasicActivationOps {
  private BasicActivationOps() {
  }

  /** {@code max(x, 0)}. */
  static Tensor relu(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.max(x.data[i], 0f);
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * positiveStep(x.data[i]);
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code x > 0 ? x : slope * x}. */
  static Tensor leakyRelu(Tensor x, float slope) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      float v = x.data[i];
      r[i] = v > 0f ? v : slope * v;
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = x.data[i] > 0f ? g[i] : slope * g[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** Logistic sigmoid {@code 1 / (1 + e^-x)}, computed without overflow. */
  static Tensor sigmoid(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = sigmoid(x.data[i]);
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * r[i] * (1f - r[i]);
      }
      x.accumulateOwned(gx);
    });
  }

  /**
   * ReLU's derivative {@code v > 0 ? 1 : 0}, computed as {@code min(max(v * 2^149, 0), 1)}: exact for every float
   * (the smallest positive one, 2^-149, maps to 1; -0 and negatives to 0) and, unlike the conditional, vectorised
   * by HotSpot's superword pass on JDK 17 (measured 0.14 instead of 0.55 ns per element over 65k elements).
   */
  static float positiveStep(float v) {
    return Math.min(Math.max(v * 0x1p75f * 0x1p74f, 0f), 1f);
  }

  /** The logistic sigmoid {@code 1 / (1 + e^-v)} of one value, computed without overflow for either sign. */
  static float sigmoid(float v) {
    if (v >= 0) {
      return (float) (1.0 / (1.0 + Math.exp(-v)));
    }
    double e = Math.exp(v);
    return (float) (e / (1.0 + e));
  }

  /** Hyperbolic tangent. */
  static Tensor tanh(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) Math.tanh(x.data[i]);
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * (1f - r[i] * r[i]);
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code scale * (x > 0 ? x : alpha * (e^x - 1))}: ELU for scale 1, SELU with its constants. */
  static Tensor elu(Tensor x, float alpha, float scale) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      float v = x.data[i];
      r[i] = v > 0f ? scale * v : (float) (scale * alpha * Math.expm1(v));
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        float v = x.data[i];
        gx[i] = v > 0f ? g[i] * scale : (float) (g[i] * scale * alpha * Math.exp(v));
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code log(1 + e^x)}, computed stably as {@code max(x, 0) + log1p(e^-|x|)}. */
  static Tensor softplus(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      float v = x.data[i];
      r[i] = (float) (Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v))));
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * sigmoid(x.data[i]);
      }
      x.accumulateOwned(gx);
    });
  }

  /** Softmax over the last axis, stabilised by subtracting the row maximum. */
  static Tensor softmax(Tensor x) {
    int cols = lastDim(x, "softmax");
    int rows = x.data.length / Math.max(cols, 1);
    float[] r = new float[x.data.length];
    softmaxRows(x.data, r, 0, rows, cols);
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int row = 0; row < rows; row++) {
        softmaxRowBackward(g, r, gx, row * cols, cols);
      }
      x.accumulateOwned(gx);
    });
  }

  /**
   * Softmax of rows {@code [from, to)} of {@code cols} values of {@code x} into the same rows of {@code r}, which may
   * be {@code x} itself: {@code exp(x - max)} in double, summed in double, each quotient rounded once to float.
   */
  static void softmaxRows(float[] x, float[] r, int from, int to, int cols) {
    for (int row = from; row < to; row++) {
      int o = row * cols;
      float max = rowMax(x, o, cols);
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        double e = Math.exp(x[o + j] - max);
        r[o + j] = (float) e;
        sum += e;
      }
      divideRow(r, o, cols, sum);
    }
  }

  /** The largest of {@code a[o, o + n)}, -Infinity for none. */
  static float rowMax(float[] a, int o, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, a[o + j]);
    }
    return max;
  }

  /** Divides the row {@code r[o, o + n)} by its (double) sum, each quotient rounded once to float. */
  static void divideRow(float[] r, int o, int n, double sum) {
    for (int j = 0; j < n; j++) {
      r[o + j] = (float) (r[o + j] / sum);
    }
  }

  /** Softmax's backward for the row {@code [o, o + n)} of its output r: {@code gx = r (g - sum(g r))}. */
  static void softmaxRowBackward(float[] g, float[] r, float[] gx, int o, int n) {
    double dot = 0;
    for (int j = 0; j < n; j++) {
      dot += g[o + j] * r[o + j];
    }
    for (int j = 0; j < n; j++) {
      gx[o + j] = (float) (r[o + j] * (g[o + j] - dot));
    }
  }

  /** Log-softmax over the last axis: {@code x - logsumexp(x)}. */
  static Tensor logSoftmax(Tensor x) {
    int cols = lastDim(x, "logSoftmax");
    int rows = x.data.length / Math.max(cols, 1);
    float[] r = new float[x.data.length];
    float[] p = new float[x.data.length];
    for (int row = 0; row < rows; row++) {
      int o = row * cols;
      float max = rowMax(x.data, o, cols);
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += Math.exp(x.data[o + j] - max);
      }
      double lse = max + Math.log(sum);
      for (int j = 0; j < cols; j++) {
        r[o + j] = (float) (x.data[o + j] - lse);
        p[o + j] = (float) Math.exp(x.data[o + j] - lse);
      }
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int row = 0; row < rows; row++) {
        int o = row * cols;
        double sum = 0;
        for (int j = 0; j < cols; j++) {
          sum += g[o + j];
        }
        for (int j = 0; j < cols; j++) {
          gx[o + j] = (float) (g[o + j] - p[o + j] * sum);
        }
      }
      x.accumulateOwned(gx);
    });
  }

  static int lastDim(Tensor x, String op) {
    if (x.rank() == 0) {
      throw new IllegalArgumentException(op + " needs a tensor of rank >= 1, received a scalar");
    }
    return x.shape.dim(-1);
  }
}
