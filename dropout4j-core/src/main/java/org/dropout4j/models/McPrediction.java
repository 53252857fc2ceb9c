package org.dropout4j.models;

import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The immutable result of {@link MonteCarloDropout#predict}: {@code T} stochastic predictions per input and their
 * summaries. Entropies are in nats.
 *
 * <p>For classification outputs — one sigmoid unit (read as two classes {@code 1 - p, p}) or softmax rows (values
 * in {@code [0, 1]} summing to 1 within {@value #SUM_TOLERANCE}) — with {@code p_t} the class probabilities of
 * pass {@code t} and {@code H(p) = -sum_c p_c ln p_c}:
 * <ul>
 *   <li>predictive entropy {@code H(mean_t p_t)}: total uncertainty;</li>
 *   <li>expected entropy {@code mean_t H(p_t)}: the aleatoric part (noise in the data);</li>
 *   <li>mutual information (BALD) = predictive − expected entropy {@code >= 0}: the epistemic part, disagreement
 *       between passes, high far from the training data.</li>
 * </ul>
 */
public final class McPrediction {
  /** How far from 1 a softmax row's sum may be for the outputs to count as class probabilities. */
  public static final double SUM_TOLERANCE = 1e-3;

  private final Shape drawShape;
  private final float[] draws;
  private final float[] mean;
  private final float[] std;
  private final float[][] entropies; // predictive, expected, mutual information; null unless classification

  McPrediction(Shape drawShape, float[] draws) {
    this.drawShape = drawShape;
    this.draws = draws;
    int t = drawShape.dim(0);
    int n = drawShape.dim(1);
    int k = n == 0 ? 0 : draws.length / (t * n);
    mean = new float[n * k];
    std = new float[n * k];
    for (int i = 0; i < n * k; i++) {
      double s = 0;
      for (int j = 0; j < t; j++) {
        s += draws[j * n * k + i];
      }
      double m = s / t;
      double ss = 0;
      for (int j = 0; j < t; j++) {
        double d = draws[j * n * k + i] - m;
        ss += d * d;
      }
      mean[i] = (float) m;
      std[i] = (float) Math.sqrt(ss / t);
    }
    entropies = drawShape.rank() == 3 && probabilities(draws, k) ? entropies(t, n, k) : null;
  }

  private static boolean probabilities(float[] v, int k) {
    for (int r = 0; r < v.length; r += k) {
      double sum = 0;
      for (int c = 0; c < k; c++) {
        float p = v[r + c];
        if (!(p >= 0f && p <= 1f)) {
          return false;
        }
        sum += p;
      }
      if (k > 1 && Math.abs(sum - 1) > SUM_TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  /** Entropy of one row of class probabilities; {@code k == 1} means the two classes {@code 1 - p, p}. */
  private static double entropy(double[] p, int k) {
    if (k == 1) {
      return h(p[0]) + h(1 - p[0]);
    }
    double e = 0;
    for (double v : p) {
      e += h(v);
    }
    return e;
  }

  private static double h(double p) {
    return p <= 0 ? 0 : -p * Math.log(p);
  }

  private float[][] entropies(int t, int n, int k) {
    float[][] e = new float[3][n];
    double[] row = new double[k];
    for (int i = 0; i < n; i++) {
      double expected = 0;
      for (int j = 0; j < t; j++) {
        for (int c = 0; c < k; c++) {
          row[c] = draws[(j * n + i) * k + c];
        }
        expected += entropy(row, k) / t;
      }
      for (int c = 0; c < k; c++) {
        row[c] = mean[i * k + c];
      }
      double predictive = entropy(row, k);
      e[0][i] = (float) predictive;
      e[1][i] = (float) expected;
      e[2][i] = (float) Math.max(0, predictive - expected); // >= 0 by concavity; clamps rounding
    }
    return e;
  }

  /** The number of passes {@code T}. */
  public int samples() {
    return drawShape.dim(0);
  }

  /** Every pass's prediction, shape {@code (T, n, outputs...)}. */
  public Tensor draws() {
    return Tensor.of(drawShape, draws);
  }

  /** The mean prediction over the passes, shape {@code (n, outputs...)}. */
  public Tensor mean() {
    return Tensor.of(drawShape.dropFirst(), mean);
  }

  /** The standard deviation over the passes (population, divisor {@code T}) per output, shape {@code (n, ...)}. */
  public Tensor std() {
    return Tensor.of(drawShape.dropFirst(), std);
  }

  /** Whether the outputs are class probabilities (one sigmoid unit or softmax rows), so entropies are defined. */
  public boolean classification() {
    return entropies != null;
  }

  /**
   * {@code H(mean_t p_t)} per input, shape {@code (n,)}.
   *
   * @throws IllegalStateException if the outputs are not class probabilities
   */
  public Tensor predictiveEntropy() {
    return entropy(0, "predictiveEntropy");
  }

  /**
   * {@code mean_t H(p_t)} per input, shape {@code (n,)}.
   *
   * @throws IllegalStateException if the outputs are not class probabilities
   */
  public Tensor expectedEntropy() {
    return entropy(1, "expectedEntropy");
  }

  /**
   * The mutual information between prediction and weights (BALD), predictive minus expected entropy, per input,
   * shape {@code (n,)}.
   *
   * @throws IllegalStateException if the outputs are not class probabilities
   */
  public Tensor mutualInformation() {
    return entropy(2, "mutualInformation");
  }

  private Tensor entropy(int which, String method) {
    if (entropies == null) {
      throw new IllegalStateException(method + "() needs class probabilities: one sigmoid unit or softmax rows of "
          + "shape (n, classes) with values in [0, 1] summing to 1; received predictions of shape "
          + drawShape.dropFirst() + " that are not");
    }
    return Tensor.of(Shape.of(drawShape.dim(1)), entropies[which]);
  }

  @Override
  public String toString() {
    return "McPrediction[samples=" + samples() + ", shape=" + drawShape.dropFirst() + ", classification="
        + classification() + "]";
  }
}
