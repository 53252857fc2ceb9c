package org.dropout4j.tensor;

/**
 * Batch normalization over the last (channel) axis as fused ops with hand-written backward passes, checked
 * against finite differences in {@code BatchNormOpsTest}.
 *
 * <p>With {@code C} channels and {@code N = size / C} positions per channel:
 * {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta}. {@link #training} uses the batch mean and the
 * biased batch variance ({@code 1/N}, as Keras' {@code ops.moments}) and differentiates through them (Ioffe &amp;
 * Szegedy 2015); {@link #inference} uses given (moving) statistics as constants.
 */
public final class BatchNormOps {
  private BatchNormOps() {
  }

  /** The batch statistics of one training call, per channel. */
  public record Moments(float[] mean, float[] variance) {
  }

  /**
   * Normalizes with the batch statistics over every axis but the last.
   *
   * @param x input of rank &gt;= 2, channels last
   * @param gamma scale of shape {@code (C)}, or {@code null} for none
   * @param beta offset of shape {@code (C)}, or {@code null} for none
   * @param epsilon added to the variance, &gt; 0
   * @param moments receives the batch mean and biased variance (arrays of length {@code C}), or {@code null}
   */
  public static Tensor training(Tensor x, Tensor gamma, Tensor beta, float epsilon, Moments moments) {
    int c = channels(x, gamma, beta);
    int n = x.size() / c;
    double[] sum = new double[c];
    for (int i = 0; i < x.data.length; i++) {
      sum[i % c] += x.data[i];
    }
    float[] mean = new float[c];
    for (int j = 0; j < c; j++) {
      mean[j] = (float) (sum[j] / n);
    }
    double[] sq = new double[c];
    for (int i = 0; i < x.data.length; i++) {
      double d = x.data[i] - mean[i % c];
      sq[i % c] += d * d;
    }
    float[] variance = new float[c];
    float[] invStd = new float[c];
    for (int j = 0; j < c; j++) {
      variance[j] = (float) (sq[j] / n);
    }
    invStd(variance, epsilon, invStd);
    if (moments != null) {
      System.arraycopy(mean, 0, moments.mean(), 0, c);
      System.arraycopy(variance, 0, moments.variance(), 0, c);
    }
    return normalize(x, gamma, beta, mean, invStd, true);
  }

  /**
   * Normalizes with given statistics (constants: no gradient flows into them).
   *
   * @param x input of rank &gt;= 2, channels last
   * @param gamma scale of shape {@code (C)}, or {@code null}
   * @param beta offset of shape {@code (C)}, or {@code null}
   * @param mean per-channel mean, length {@code C}
   * @param variance per-channel variance, length {@code C}
   * @param epsilon added to the variance
   */
  public static Tensor inference(Tensor x, Tensor gamma, Tensor beta, float[] mean, float[] variance,
      float epsilon) {
    int c = channels(x, gamma, beta);
    if (mean.length != c || variance.length != c) {
      throw new IllegalArgumentException("batch normalization: statistics of length " + mean.length + "/"
          + variance.length + " do not fit " + c + " channels");
    }
    float[] invStd = new float[c];
    invStd(variance, epsilon, invStd);
    return normalize(x, gamma, beta, mean, invStd, false);
  }

  /**
   * {@link #inference} on {@code rows} rows of {@code c} channels of a row-major array, in place, with the same
   * arithmetic (the same bits): for inference paths that keep their own buffers.
   *
   * @param gamma scale of length {@code c}, or {@code null}
   * @param beta offset of length {@code c}, or {@code null}
   * @param invStd scratch of length {@code c}, overwritten
   */
  public static void inferenceInPlace(float[] values, int rows, int c, float[] gamma, float[] beta, float[] mean,
      float[] variance, float epsilon, float[] invStd) {
    invStd(variance, epsilon, invStd);
    for (int r = 0; r < rows; r++) {
      int o = r * c;
      for (int j = 0; j < c; j++) {
        float xhat = (values[o + j] - mean[j]) * invStd[j];
        values[o + j] = (gamma == null ? xhat : gamma[j] * xhat) + (beta == null ? 0f : beta[j]);
      }
    }
  }

  /** {@code 1 / sqrt(variance + epsilon)} per channel, in double, rounded once. */
  private static void invStd(float[] variance, float epsilon, float[] out) {
    for (int j = 0; j < out.length; j++) {
      out[j] = (float) (1.0 / Math.sqrt(variance[j] + (double) epsilon));
    }
  }

  /**
   * {@code gamma * (x - mean) * invStd + beta} per channel, with the gradients of gamma and beta and of x: through
   * the batch statistics when {@code batchStatistics} (they were computed from x), else with them as constants.
   */
  private static Tensor normalize(Tensor x, Tensor gamma, Tensor beta, float[] mean, float[] invStd,
      boolean batchStatistics) {
    int c = mean.length;
    int n = x.size() / c;
    float[] xhat = new float[x.data.length];
    for (int i = 0; i < xhat.length; i++) {
      xhat[i] = (x.data[i] - mean[i % c]) * invStd[i % c];
    }
    float[] out = affine(xhat, gamma, beta, c);
    if (!anyGrad(x, gamma, beta)) {
      return Tensor.wrap(x.shape, out);
    }
    return new Tensor(out, x.shape, true, inputs(x, gamma, beta), g -> {
      double[] sumG = new double[c];
      double[] sumGx = new double[c];
      for (int i = 0; i < g.length; i++) {
        sumG[i % c] += g[i];
        sumGx[i % c] += (double) g[i] * xhat[i];
      }
      backwardAffine(gamma, beta, sumG, sumGx);
      if (x.requiresGrad()) {
        // batch statistics: dx = gamma * invStd / N * (N * g - sum(g) - xhat * sum(g * xhat))
        float[] gx = new float[g.length];
        for (int i = 0; i < g.length; i++) {
          int j = i % c;
          float scale = gamma == null ? 1f : gamma.data[j];
          gx[i] = batchStatistics ? (float) (scale * invStd[j] * (g[i] - sumG[j] / n - xhat[i] * sumGx[j] / n))
              : g[i] * scale * invStd[j];
        }
        x.accumulateOwned(gx);
      }
    });
  }

  private static int channels(Tensor x, Tensor gamma, Tensor beta) {
    if (x.rank() < 2) {
      throw new IllegalArgumentException("batch normalization: expected an input of rank >= 2, received shape "
          + x.shape);
    }
    int c = x.shape.dim(-1);
    for (Tensor p : new Tensor[] {gamma, beta}) {
      if (p != null && (p.rank() != 1 || p.shape.dim(0) != c)) {
        throw new IllegalArgumentException("batch normalization: gamma/beta of shape " + p.shape + " do not fit "
            + c + " channels");
      }
    }
    return c;
  }

  private static float[] affine(float[] xhat, Tensor gamma, Tensor beta, int c) {
    float[] out = new float[xhat.length];
    for (int i = 0; i < out.length; i++) {
      int j = i % c;
      out[i] = (gamma == null ? xhat[i] : gamma.data[j] * xhat[i]) + (beta == null ? 0f : beta.data[j]);
    }
    return out;
  }

  private static void backwardAffine(Tensor gamma, Tensor beta, double[] sumG, double[] sumGx) {
    if (gamma != null && gamma.requiresGrad()) {
      gamma.accumulateOwned(toFloat(sumGx));
    }
    if (beta != null && beta.requiresGrad()) {
      beta.accumulateOwned(toFloat(sumG));
    }
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  private static boolean anyGrad(Tensor x, Tensor gamma, Tensor beta) {
    return x.requiresGrad() || (gamma != null && gamma.requiresGrad()) || (beta != null && beta.requiresGrad());
  }

  private static Tensor[] inputs(Tensor x, Tensor gamma, Tensor beta) {
    if (gamma != null && beta != null) {
      return new Tensor[] {x, gamma, beta};
    }
    if (gamma != null) {
      return new Tensor[] {x, gamma};
    }
    return beta != null ? new Tensor[] {x, beta} : new Tensor[] {x};
  }
}
