package org.dropout4j.metrics;

import org.dropout4j.tensor.Tensor;

/**
 * Accuracy in Keras' three forms: {@code binary_accuracy} (prediction {@code > 0.5} counts as 1),
 * {@code categorical_accuracy} (argmax of prediction equals argmax of one-hot target) and
 * {@code sparse_categorical_accuracy} (argmax equals the integer target). Reported as {@code accuracy} when
 * requested by that name.
 */
public final class Accuracy extends StreamingMetric.Ratio {
  /** Which comparison. */
  public enum Kind {
    /** Decided from the shapes of the first batch, as Keras' {@code "accuracy"}. */
    AUTO,
    /** Threshold 0.5 on each output. */
    BINARY,
    /** Argmax against one-hot targets. */
    CATEGORICAL,
    /** Argmax against class ids. */
    SPARSE_CATEGORICAL
  }

  /** Keras' default threshold for binary accuracy. */
  public static final float THRESHOLD = 0.5f;

  private final Kind requested;
  private Kind kind;

  /**
   * @param kind the comparison
   * @param name the reported name
   */
  public Accuracy(Kind kind, String name) {
    super(name);
    this.requested = kind;
    this.kind = kind;
  }

  /** The comparison used ({@code AUTO} until the first batch decided it). */
  public Kind kind() {
    return kind;
  }

  /** Keras 3's rule for {@code "accuracy"}. */
  static Kind infer(Tensor yTrue, Tensor yPred) {
    int units = yPred.rank() == 0 ? 1 : yPred.shape().dim(-1);
    if (units == 1) {
      return Kind.BINARY;
    }
    if (yTrue.rank() < yPred.rank() || yTrue.shape().dim(-1) == 1) {
      return Kind.SPARSE_CATEGORICAL;
    }
    return Kind.CATEGORICAL;
  }

  /** Keras' accuracies are {@code MeanMetricWrapper}s. */
  @Override
  public boolean weightsByMask() {
    return true;
  }

  @Override
  public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    float[] w = sampleWeight == null ? null : sampleWeight.toArray();
    if (kind == Kind.AUTO) {
      kind = infer(yTrue, yPred);
    }
    float[] t = yTrue.toArray();
    float[] p = yPred.toArray();
    switch (kind) {
      case BINARY:
        if (t.length != p.length) {
          throw new IllegalArgumentException("binary accuracy: targets of shape " + yTrue.shape()
              + " do not match predictions of shape " + yPred.shape());
        }
        int width = p.length / Math.max(1, samples(yPred));
        for (int i = 0; i < p.length; i++) {
          float predicted = p[i] > THRESHOLD ? 1f : 0f;
          count(predicted == t[i], w == null ? 1 : w[i / width]);
        }
        break;
      case CATEGORICAL: {
        int classes = yPred.shape().dim(-1);
        int n = p.length / classes;
        for (int i = 0; i < n; i++) {
          count(argmax(p, i * classes, classes) == argmax(t, i * classes, classes), w == null ? 1 : w[i]);
        }
        break;
      }
      default: {
        int classes = yPred.shape().dim(-1);
        int n = p.length / classes;
        if (t.length != n) {
          throw new IllegalArgumentException("sparse categorical accuracy: targets of shape " + yTrue.shape()
              + " do not match predictions of shape " + yPred.shape());
        }
        for (int i = 0; i < n; i++) {
          count(argmax(p, i * classes, classes) == (int) t[i], w == null ? 1 : w[i]);
        }
      }
    }
  }

  @Override
  public Metric fresh() {
    return new Accuracy(requested, name());
  }
}
