package org.dropout4j.metrics;

import org.dropout4j.tensor.Tensor;

/**
 * The base of the built-in metrics (Keras' stateful {@code Metric}): the reported name, the unweighted update as the
 * weighted one without weights, and the shape checks and row arithmetic they share. {@link Ratio} adds the
 * {@code hits / total} state of the accuracies.
 */
abstract class StreamingMetric implements Metric {
  private final String name;

  StreamingMetric(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void update(Tensor yTrue, Tensor yPred) {
    update(yTrue, yPred, null);
  }

  @Override
  public abstract void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

  /**
   * Checks that targets and predictions hold as many elements.
   *
   * @throws IllegalArgumentException naming the metric and both shapes
   */
  final void requireSameSize(Tensor yTrue, float[] t, Tensor yPred, float[] p) {
    if (t.length != p.length) {
      throw new IllegalArgumentException(name + ": targets of shape " + yTrue.shape() + " do not match "
          + "predictions of shape " + yPred.shape());
    }
  }

  /**
   * One update's targets and predictions (same element count, {@code n} samples of {@code width} values each) and
   * per-sample weights ({@code null} for none).
   */
  record Batch(float[] t, float[] p, float[] w, int n, int width) {
    /** The weight of sample {@code i}, 1 without weights. */
    double weight(int i) {
      return w == null ? 1.0 : w[i];
    }
  }

  /**
   * The flattened update, checked.
   *
   * @throws IllegalArgumentException naming the metric, if targets and predictions differ in size or the weights
   *     are not one per sample
   */
  final Batch batch(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    float[] t = yTrue.toArray();
    float[] p = yPred.toArray();
    requireSameSize(yTrue, t, yPred, p);
    int n = samples(yPred);
    float[] w = sampleWeight == null ? null : sampleWeight.toArray();
    if (w != null && w.length != n) {
      throw new IllegalArgumentException(name + ": " + w.length + " sample weights for " + n + " samples");
    }
    return new Batch(t, p, w, n, p.length / Math.max(1, n));
  }

  /** The number of samples of a prediction: its first dimension, 1 for a scalar. */
  static int samples(Tensor yPred) {
    return yPred.rank() == 0 ? 1 : yPred.shape().dim(0);
  }

  /** The index of the first largest of {@code v[offset, offset + len)}, relative to {@code offset}. */
  static int argmax(float[] v, int offset, int len) {
    int best = 0;
    for (int j = 1; j < len; j++) {
      if (v[offset + j] > v[offset + best]) {
        best = j;
      }
    }
    return best;
  }

  /** A weighted fraction of hits over every sample seen ({@code 0} before any): the accuracies. */
  abstract static class Ratio extends StreamingMetric {
    private double hits;
    private double total;

    Ratio(String name) {
      super(name);
    }

    /** Counts one sample of weight {@code weight}, a hit or not. */
    final void count(boolean hit, double weight) {
      if (hit) {
        hits += weight;
      }
      total += weight;
    }

    @Override
    public final double result() {
      return total == 0 ? 0.0 : hits / total;
    }

    @Override
    public void reset() {
      hits = 0;
      total = 0;
    }
  }
}
