package org.dropout4j.metrics;

import org.dropout4j.tensor.Tensor;

/**
 * A streaming metric: accumulates over batches, like Keras' stateful metrics. Not thread-safe; each fit or
 * evaluate makes fresh ones with {@link #fresh()}.
 */
public interface Metric {
  /** The name under which the value is reported, e.g. {@code accuracy}. */
  String name();

  /** Accumulates one batch. */
  void update(Tensor yTrue, Tensor yPred);

  /**
   * Accumulates one batch with per-sample weights (Keras' {@code update_state(y_true, y_pred, sample_weight)}, as
   * {@code weighted_metrics} receive them).
   *
   * @param sampleWeight {@code null}, or one weight per sample
   * @throws UnsupportedOperationException if this metric cannot weight samples (the default for custom metrics)
   */
  default void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    if (sampleWeight == null) {
      update(yTrue, yPred);
      return;
    }
    throw new UnsupportedOperationException("metric " + name() + " does not support sample weights");
  }

  /**
   * Whether a mask on the predictions ({@link Tensor#mask()}, e.g. from {@code Embedding(mask_zero=true)}) weights
   * this metric's values, as Keras 3's {@code MeanMetricWrapper} metrics (the accuracies, top-k, mae, mse) use it:
   * each masked position gets weight 0, each kept one its sample's weight. Default false: the metric sees every
   * position, as Keras' other metrics (precision, recall, AUC, F1, root mean squared error) do.
   */
  default boolean weightsByMask() {
    return false;
  }

  /** The value over everything accumulated since the last reset. */
  double result();

  /** Forgets the accumulated batches. */
  void reset();

  /** A new metric of the same kind with empty state. */
  Metric fresh();
}
