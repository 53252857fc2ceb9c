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

  /** The value over everything accumulated since the last reset. */
  double result();

  /** Forgets the accumulated batches. */
  void reset();

  /** A new metric of the same kind with empty state. */
  Metric fresh();
}
