package org.dropout4j.metrics;

import java.util.List;

/**
 * Resolves metric names as Keras 3's {@code compile(metrics=[...])} does. {@code accuracy} (or {@code acc}) is
 * chosen from the shapes of the first batch, not from the loss: binary accuracy when predictions have one unit,
 * sparse categorical accuracy when targets have a lower rank (or a last axis of 1 against several units),
 * categorical accuracy otherwise.
 */
public final class Metrics {
  private static final List<String> NAMES = List.of("accuracy", "acc", "binary_accuracy",
      "categorical_accuracy", "sparse_categorical_accuracy");

  private Metrics() {
  }

  /**
   * The metric for a name.
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known ones
   */
  public static Metric resolve(String name) {
    switch (name) {
      case "accuracy":
      case "acc":
        return new Accuracy(Accuracy.Kind.AUTO, name);
      case "binary_accuracy":
        return new Accuracy(Accuracy.Kind.BINARY, name);
      case "categorical_accuracy":
        return new Accuracy(Accuracy.Kind.CATEGORICAL, name);
      case "sparse_categorical_accuracy":
        return new Accuracy(Accuracy.Kind.SPARSE_CATEGORICAL, name);
      default:
        throw new IllegalArgumentException("Unknown metric '" + name + "'; known metrics: " + NAMES);
    }
  }

  /** The known names. */
  public static List<String> names() {
    return NAMES;
  }
}
