package org.dropout4j.models;

import org.dropout4j.metrics.Metric;
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

  @Override
  public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    inner.update(yTrue, yPred, weighted ? sampleWeight : null);
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
