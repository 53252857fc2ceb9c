package org.dropout4j.metrics;

import org.dropout4j.tensor.Tensor;

/** Keras' {@code TopKCategoricalAccuracy} and {@code F1Score} (per-class counts over one-hot targets). */
final class ClassMetrics {
  private ClassMetrics() {
  }

  /**
   * The fraction of samples whose target class is among the {@code k} highest predictions (ties at the boundary
   * count as in, as TensorFlow's {@code in_top_k}); targets one-hot, or class ids when {@code sparse}.
   */
  static final class TopK extends StreamingMetric.Ratio {
    private final int k;
    private final boolean sparse;

    TopK(String name, int k, boolean sparse) {
      super(name);
      if (k < 1) {
        throw new IllegalArgumentException("Invalid value for argument `k` of " + name + ": expected an integer >= "
            + "1, received k=" + k);
      }
      this.k = k;
      this.sparse = sparse;
    }

    /** Keras' top-k accuracies are {@code MeanMetricWrapper}s. */
    @Override
    public boolean weightsByMask() {
      return true;
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
      float[] t = yTrue.toArray();
      float[] p = yPred.toArray();
      int classes = yPred.shape().dim(-1);
      int n = p.length / classes;
      if (sparse ? t.length != n : t.length != p.length) {
        throw new IllegalArgumentException(name() + ": targets of shape " + yTrue.shape() + " do not match "
            + "predictions of shape " + yPred.shape());
      }
      float[] w = sampleWeight == null ? null : sampleWeight.toArray();
      for (int i = 0; i < n; i++) {
        int label = sparse ? (int) t[i] : StreamingMetric.argmax(t, i * classes, classes);
        float target = p[i * classes + label];
        int above = 0;
        for (int j = 0; j < classes; j++) {
          above += p[i * classes + j] > target ? 1 : 0;
        }
        count(above < k, w == null ? 1 : w[i]);
      }
    }

    @Override
    public Metric fresh() {
      return new TopK(name(), k, sparse);
    }
  }

  /**
   * Keras' {@code F1Score(average, threshold)}: per-class true/false positives and false negatives; a prediction is
   * positive when {@code p > threshold}, or, without a threshold, when it is its row's maximum. {@code micro} sums
   * the counts first, {@code macro} averages the per-class scores, {@code weighted} weights them by the classes'
   * target counts.
   */
  static final class F1 extends StreamingMetric {
    private final String average;
    private final Float threshold;
    private double[] tp;
    private double[] fp;
    private double[] fn;
    private double[] support;

    F1(String name, String average, Float threshold) {
      super(name);
      if (!"micro".equals(average) && !"macro".equals(average) && !"weighted".equals(average)) {
        throw new IllegalArgumentException("Invalid value for argument `average` of F1Score: expected one of "
            + "[micro, macro, weighted] (average=None gives one score per class, which a History cannot hold), "
            + "received average=" + average);
      }
      if (threshold != null && !(threshold > 0f && threshold <= 1f)) {
        throw new IllegalArgumentException("Invalid value for argument `threshold` of F1Score: expected a float in "
            + "(0, 1], received threshold=" + threshold);
      }
      this.average = average;
      this.threshold = threshold;
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
      float[] t = yTrue.toArray();
      float[] p = yPred.toArray();
      if (yPred.rank() != 2 || t.length != p.length) {
        throw new IllegalArgumentException(name() + ": expected targets and predictions of one shape (batch, classes), "
            + "received " + yTrue.shape() + " and " + yPred.shape());
      }
      int classes = yPred.shape().dim(1);
      if (tp == null) {
        tp = new double[classes];
        fp = new double[classes];
        fn = new double[classes];
        support = new double[classes];
      }
      float[] w = sampleWeight == null ? null : sampleWeight.toArray();
      for (int i = 0; i < p.length / classes; i++) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
          max = Math.max(max, p[i * classes + j]);
        }
        double wi = w == null ? 1 : w[i];
        for (int j = 0; j < classes; j++) {
          float v = p[i * classes + j];
          double predicted = (threshold == null ? v >= max : v > threshold) ? 1 : 0;
          double target = t[i * classes + j];
          tp[j] += wi * predicted * target;
          fp[j] += wi * predicted * (1 - target);
          fn[j] += wi * (1 - predicted) * target;
          support[j] += wi * target;
        }
      }
    }

    private static double f1(double tp, double fp, double fn) {
      double precision = ConfusionMetrics.divideNoNan(tp, tp + fp);
      double recall = ConfusionMetrics.divideNoNan(tp, tp + fn);
      return 2 * ConfusionMetrics.divideNoNan(precision * recall, precision + recall);
    }

    @Override
    public double result() {
      if (tp == null) {
        return 0;
      }
      if (average.equals("micro")) {
        double a = 0;
        double b = 0;
        double c = 0;
        for (int j = 0; j < tp.length; j++) {
          a += tp[j];
          b += fp[j];
          c += fn[j];
        }
        return f1(a, b, c);
      }
      double sum = 0;
      double supportSum = 0;
      for (double s : support) {
        supportSum += s;
      }
      for (int j = 0; j < tp.length; j++) {
        double score = f1(tp[j], fp[j], fn[j]);
        sum += average.equals("weighted") ? score * ConfusionMetrics.divideNoNan(support[j], supportSum) : score;
      }
      return average.equals("weighted") ? sum : sum / tp.length;
    }

    @Override
    public void reset() {
      tp = null;
    }

    @Override
    public Metric fresh() {
      return new F1(name(), average, threshold);
    }
  }
}
