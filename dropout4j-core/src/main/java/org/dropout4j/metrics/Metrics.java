package org.dropout4j.metrics;

import java.util.List;
import org.dropout4j.losses.Loss;

/**
 * Resolves metric names as Keras' {@code compile(metrics=[...])} does: {@code accuracy} (or {@code acc}) becomes
 * binary accuracy with {@code binary_crossentropy}, sparse categorical accuracy with
 * {@code sparse_categorical_crossentropy}, and otherwise binary accuracy for one output unit, categorical
 * accuracy for several.
 */
public final class Metrics {
  private static final List<String> NAMES = List.of("accuracy", "acc", "binary_accuracy",
      "categorical_accuracy", "sparse_categorical_accuracy");

  private Metrics() {
  }

  /**
   * The metric for a name, given the compiled loss and the model's number of outputs per sample.
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known ones
   */
  public static Metric resolve(String name, Loss loss, int outputUnits) {
    switch (name) {
      case "accuracy":
      case "acc": {
        Accuracy.Kind kind;
        if (loss.name().equals("binary_crossentropy")) {
          kind = Accuracy.Kind.BINARY;
        } else if (loss.name().equals("sparse_categorical_crossentropy")) {
          kind = Accuracy.Kind.SPARSE_CATEGORICAL;
        } else {
          kind = outputUnits == 1 ? Accuracy.Kind.BINARY : Accuracy.Kind.CATEGORICAL;
        }
        return new Accuracy(kind, name);
      }
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
