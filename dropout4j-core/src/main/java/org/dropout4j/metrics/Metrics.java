package org.dropout4j.metrics;

import java.util.List;

/**
 * Resolves metric names as Keras 3's {@code compile(metrics=[...])} does, and makes the configurable metrics.
 * {@code accuracy} (or {@code acc}) is chosen from the shapes of the first batch, not from the loss: binary
 * accuracy when predictions have one unit, sparse categorical accuracy when targets have a lower rank (or a last
 * axis of 1 against several units), categorical accuracy otherwise. Other names: {@code binary_accuracy},
 * {@code categorical_accuracy}, {@code sparse_categorical_accuracy}, {@code mae}/{@code mean_absolute_error},
 * {@code mse}/{@code mean_squared_error}, {@code root_mean_squared_error}, {@code precision}, {@code recall},
 * {@code auc}, {@code top_k_categorical_accuracy} (k = 5), {@code sparse_top_k_categorical_accuracy}; a metric
 * keeps the name it was requested by.
 */
public final class Metrics {
  /** Keras' default number of AUC thresholds. */
  public static final int DEFAULT_AUC_THRESHOLDS = 200;
  /** Keras' default threshold of Precision and Recall. */
  public static final float DEFAULT_THRESHOLD = 0.5f;
  /** Keras' default k of the top-k accuracies. */
  public static final int DEFAULT_TOP_K = 5;

  private static final List<String> NAMES = List.of("accuracy", "acc", "binary_accuracy",
      "categorical_accuracy", "sparse_categorical_accuracy", "mae", "mean_absolute_error", "mse",
      "mean_squared_error", "root_mean_squared_error", "precision", "recall", "auc", "top_k_categorical_accuracy",
      "sparse_top_k_categorical_accuracy");

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
      case "mae":
      case "mean_absolute_error":
        return new MeanMetric(name, MeanMetric.Kind.ABSOLUTE);
      case "mse":
      case "mean_squared_error":
        return new MeanMetric(name, MeanMetric.Kind.SQUARED);
      case "root_mean_squared_error":
        return new MeanMetric(name, MeanMetric.Kind.ROOT_SQUARED);
      case "precision":
        return new ConfusionMetrics.AtThreshold(name, DEFAULT_THRESHOLD, false);
      case "recall":
        return new ConfusionMetrics.AtThreshold(name, DEFAULT_THRESHOLD, true);
      case "auc":
        return new ConfusionMetrics.Auc(name, DEFAULT_AUC_THRESHOLDS, false);
      case "top_k_categorical_accuracy":
        return new ClassMetrics.TopK(name, DEFAULT_TOP_K, false);
      case "sparse_top_k_categorical_accuracy":
        return new ClassMetrics.TopK(name, DEFAULT_TOP_K, true);
      default:
        throw new IllegalArgumentException("Unknown metric '" + name + "'; known metrics: " + NAMES);
    }
  }

  /** The known names. */
  public static List<String> names() {
    return NAMES;
  }

  /** Keras' {@code MeanAbsoluteError()}, named {@code mean_absolute_error}. */
  public static Metric meanAbsoluteError() {
    return resolve("mean_absolute_error");
  }

  /** Keras' {@code RootMeanSquaredError()}: the square root of the mean of every squared error. */
  public static Metric rootMeanSquaredError() {
    return resolve("root_mean_squared_error");
  }

  /**
   * Keras' {@code Precision(thresholds=threshold)}: {@code tp / (tp + fp)} with {@code p > threshold} positive.
   *
   * @throws IllegalArgumentException if the threshold is outside {@code [0, 1]}
   */
  public static Metric precision(float threshold) {
    return new ConfusionMetrics.AtThreshold("precision", checkThreshold(threshold), false);
  }

  /**
   * Keras' {@code Recall(thresholds=threshold)}: {@code tp / (tp + fn)}.
   *
   * @throws IllegalArgumentException if the threshold is outside {@code [0, 1]}
   */
  public static Metric recall(float threshold) {
    return new ConfusionMetrics.AtThreshold("recall", checkThreshold(threshold), true);
  }

  /**
   * Keras' {@code AUC(num_thresholds, curve, summation_method="interpolation")}.
   *
   * @param numThresholds {@code > 1} (Keras' default 200)
   * @param curve {@code "ROC"} or {@code "PR"}
   * @throws IllegalArgumentException for other values
   */
  public static Metric auc(int numThresholds, String curve) {
    if (!"ROC".equals(curve) && !"PR".equals(curve)) {
      throw new IllegalArgumentException("Invalid value for argument `curve` of AUC: expected one of [ROC, PR], "
          + "received curve=" + curve);
    }
    return new ConfusionMetrics.Auc("auc", numThresholds, curve.equals("PR"));
  }

  /**
   * Keras' {@code TopKCategoricalAccuracy(k)} on one-hot targets.
   *
   * @throws IllegalArgumentException if {@code k < 1}
   */
  public static Metric topKCategoricalAccuracy(int k) {
    return new ClassMetrics.TopK("top_k_categorical_accuracy", k, false);
  }

  /**
   * Keras' {@code F1Score(average, threshold)} on one-hot (or multi-label) targets of shape {@code (batch, classes)}.
   *
   * @param average {@code micro}, {@code macro} or {@code weighted}
   * @param threshold {@code null} for "the row's maximum is positive", else a value in {@code (0, 1]}
   * @throws IllegalArgumentException for other values
   */
  public static Metric f1Score(String average, Float threshold) {
    return new ClassMetrics.F1("f1_score", average, threshold);
  }

  private static float checkThreshold(float t) {
    if (!(t >= 0f && t <= 1f)) {
      throw new IllegalArgumentException("Invalid value for argument `thresholds`: expected a float in [0, 1], "
          + "received thresholds=" + t);
    }
    return t;
  }
}
