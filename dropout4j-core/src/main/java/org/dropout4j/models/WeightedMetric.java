package org.dropout4j.models;

import org.dropout4j.metrics.Metric;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * A compiled metric as fit and evaluate use it: under the name it is reported by, and either given the batch's
 * sample weights (a Keras {@code weighted_metrics} entry) or not (a {@code metrics} entry).
 */
final class WeightedMetric implements Metric {
  private final Metric inner;
  private final String name;
  private final boolean weighted;

  WeightedMetric(Metric inner, String name, boolean weighted) {
    this.inner = inner;
    this.name = name;
    this.weighted = weighted;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void update(Tensor yTrue, Tensor yPred) {
    inner.update(yTrue, yPred);
  }

  /**
   * Updates the metric; a mask on the predictions weights a {@linkplain Metric#weightsByMask() mean metric} as Keras
   * 3 does: the masked axes become rows ({@code (batch, T, ..., C)} to {@code (batch * T * ..., C)}), each weighted
   * by its mask value times its sample's weight (a weighted metric's sample weights, one per sample or one per
   * row).
   *
   * @throws IllegalArgumentException naming the metric if the mask does not cover the predictions' leading axes or
   *     the targets do not split into the mask's rows
   */
  @Override
  public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    Tensor w = weighted ? sampleWeight : null;
    Tensor mask = yPred.mask();
    if (mask == null || !inner.weightsByMask()) {
      inner.update(yTrue, yPred, w);
      return;
    }
    int rows = mask.size();
    boolean leading = mask.rank() == yPred.rank() - 1;
    for (int i = 0; leading && i < mask.rank(); i++) {
      leading = mask.shape().dim(i) == yPred.shape().dim(i);
    }
    if (!leading || rows == 0 || yTrue.size() % rows != 0) {
      throw new IllegalArgumentException("metric " + name + ": the predictions' mask of shape " + mask.shape()
          + " must cover the leading axes of predictions of shape " + yPred.shape() + " and split targets of shape "
          + yTrue.shape() + " into " + rows + " rows");
    }
    float[] m = mask.toArray();
    float[] sw = w == null ? null : w.toArray();
    int samples = yPred.shape().dim(0);
    if (sw != null && sw.length != samples && sw.length != rows) {
      throw new IllegalArgumentException("metric " + name + ": " + sw.length + " sample weights for predictions of "
          + "shape " + yPred.shape() + " with a mask of shape " + mask.shape() + "; expected " + samples + " or "
          + rows);
    }
    float[] weights = new float[rows];
    for (int r = 0; r < rows; r++) {
      float s = sw == null ? 1f : sw.length == rows ? sw[r] : sw[r / (rows / samples)];
      weights[r] = m[r] != 0f ? s : 0f;
    }
    int width = yPred.size() / rows;
    inner.update(Tensor.of(Shape.of(rows, yTrue.size() / rows), yTrue.toArray()),
        Tensor.of(Shape.of(rows, width), yPred.toArray()), Tensor.of(Shape.of(rows), weights));
  }

  @Override
  public double result() {
    return inner.result();
  }

  @Override
  public void reset() {
    inner.reset();
  }

  @Override
  public Metric fresh() {
    return new WeightedMetric(inner.fresh(), name, weighted);
  }
}
