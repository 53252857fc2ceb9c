package org.dropout4j.metrics;

import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Precision}, {@code Recall} and {@code AUC}: weighted confusion counts at thresholds (a prediction
 * counts as positive when {@code p > threshold}; a target is positive when non-zero), accumulated over batches;
 * every element of multi-output predictions counts.
 */
final class ConfusionMetrics {
  private ConfusionMetrics() {
  }

  /** Accumulates tp/fp/tn/fn per threshold. */
  abstract static class Counts extends StreamingMetric {
    final float[] thresholds;
    final double[] tp;
    final double[] fp;
    final double[] tn;
    final double[] fn;

    Counts(String name, float[] thresholds) {
      super(name);
      this.thresholds = thresholds;
      int n = thresholds.length;
      tp = new double[n];
      fp = new double[n];
      tn = new double[n];
      fn = new double[n];
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
      Batch b = batch(yTrue, yPred, sampleWeight);
      float[] p = b.p();
      for (int i = 0; i < p.length; i++) {
        double wi = b.weight(i / b.width());
        boolean positive = b.t()[i] != 0f;
        for (int k = 0; k < thresholds.length; k++) {
          boolean predicted = p[i] > thresholds[k];
          if (positive) {
            if (predicted) {
              tp[k] += wi;
            } else {
              fn[k] += wi;
            }
          } else if (predicted) {
            fp[k] += wi;
          } else {
            tn[k] += wi;
          }
        }
      }
    }

    @Override
    public void reset() {
      java.util.Arrays.fill(tp, 0);
      java.util.Arrays.fill(fp, 0);
      java.util.Arrays.fill(tn, 0);
      java.util.Arrays.fill(fn, 0);
    }
  }

  static double divideNoNan(double a, double b) {
    return b == 0 ? 0 : a / b;
  }

  /** Precision {@code tp / (tp + fp)} or recall {@code tp / (tp + fn)} at one threshold. */
  static final class AtThreshold extends Counts {
    private final boolean recall;

    AtThreshold(String name, float threshold, boolean recall) {
      super(name, new float[] {threshold});
      this.recall = recall;
    }

    @Override
    public double result() {
      return divideNoNan(tp[0], tp[0] + (recall ? fn[0] : fp[0]));
    }

    @Override
    public Metric fresh() {
      return new AtThreshold(name(), thresholds[0], recall);
    }
  }

  /**
   * The area under the ROC or precision-recall curve from {@code numThresholds} evenly spaced thresholds (the
   * first just below 0, the last just above 1), summed by Keras' {@code interpolation} rule: trapezoids for ROC,
   * Davis and Goadrich's interpolation ("The Relationship Between Precision-Recall and ROC Curves", ICML 2006) for
   * PR.
   */
  static final class Auc extends Counts {
    private final boolean pr;
    private final int numThresholds;

    Auc(String name, int numThresholds, boolean pr) {
      super(name, thresholds(numThresholds));
      this.pr = pr;
      this.numThresholds = numThresholds;
    }

    private static float[] thresholds(int n) {
      if (n <= 1) {
        throw new IllegalArgumentException("Invalid value for argument `num_thresholds` of AUC: expected an integer "
            + "> 1, received num_thresholds=" + n);
      }
      float[] t = new float[n];
      t[0] = 0f - 1e-7f;
      for (int i = 1; i < n - 1; i++) {
        t[i] = (float) (i * 1.0 / (n - 1));
      }
      t[n - 1] = 1f + 1e-7f;
      return t;
    }

    @Override
    public double result() {
      int n = numThresholds;
      if (pr) {
        double sum = 0;
        for (int i = 0; i < n - 1; i++) {
          double dtp = tp[i] - tp[i + 1];
          double p0 = tp[i] + fp[i];
          double p1 = tp[i + 1] + fp[i + 1];
          double slope = divideNoNan(dtp, Math.max(p0 - p1, 0));
          double intercept = tp[i + 1] - slope * p1;
          double ratio = p0 > 0 && p1 > 0 ? divideNoNan(p0, Math.max(p1, 0)) : 1;
          sum += divideNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1] + fn[i + 1], 0));
        }
        return sum;
      }
      double sum = 0;
      for (int i = 0; i < n - 1; i++) {
        double r0 = divideNoNan(tp[i], tp[i] + fn[i]);
        double r1 = divideNoNan(tp[i + 1], tp[i + 1] + fn[i + 1]);
        double f0 = divideNoNan(fp[i], fp[i] + tn[i]);
        double f1 = divideNoNan(fp[i + 1], fp[i + 1] + tn[i + 1]);
        sum += (f0 - f1) * (r0 + r1) / 2;
      }
      return sum;
    }

    @Override
    public Metric fresh() {
      return new Auc(name(), numThresholds, pr);
    }
  }
}
