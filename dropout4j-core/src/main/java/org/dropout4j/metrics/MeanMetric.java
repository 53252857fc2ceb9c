package org.dropout4j.metrics;

import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code MeanMetricWrapper}: a per-sample value (averaged over the last axis), then a weighted mean over
 * every sample seen: {@code sum(w * v) / sum(w)}. With {@code root}, the square root of that mean of squared errors
 * (Keras' {@code RootMeanSquaredError}, which averages over every element).
 */
final class MeanMetric extends StreamingMetric {
  /** What a sample contributes. */
  enum Kind {
    /** {@code |y - p|}, averaged per sample. */
    ABSOLUTE,
    /** {@code (y - p)^2}, averaged per sample. */
    SQUARED,
    /** {@code (y - p)^2} of every element, square root of the mean. */
    ROOT_SQUARED
  }

  private final Kind kind;
  private double total;
  private double count;

  MeanMetric(String name, Kind kind) {
    super(name);
    this.kind = kind;
  }

  /** Keras: mae and mse are {@code MeanMetricWrapper}s, root mean squared error is not. */
  @Override
  public boolean weightsByMask() {
    return kind != Kind.ROOT_SQUARED;
  }

  @Override
  public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    Batch b = batch(yTrue, yPred, sampleWeight);
    int width = b.width();
    for (int i = 0; i < b.n(); i++) {
      float sum = 0f;
      for (int j = 0; j < width; j++) {
        float d = b.p()[i * width + j] - b.t()[i * width + j];
        sum += kind == Kind.ABSOLUTE ? Math.abs(d) : d * d;
      }
      double wi = b.weight(i);
      if (kind == Kind.ROOT_SQUARED) {
        total += wi * sum;
        count += wi * width;
      } else {
        total += wi * (sum / width);
        count += wi;
      }
    }
  }

  @Override
  public double result() {
    double mean = count == 0 ? 0 : total / count;
    return kind == Kind.ROOT_SQUARED ? Math.sqrt(mean) : mean;
  }

  @Override
  public void reset() {
    total = 0;
    count = 0;
  }

  @Override
  public Metric fresh() {
    return new MeanMetric(name(), kind);
  }
}
