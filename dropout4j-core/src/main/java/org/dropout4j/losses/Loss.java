package org.dropout4j.losses;

import java.util.Map;
import org.dropout4j.tensor.Tensor;

/**
 * A training objective: per-sample losses reduced to a differentiable scalar by a {@link Reduction} (by default
 * {@code sum_over_batch_size}, the mean over the batch, as in Keras). Implementations are immutable and
 * thread-safe.
 */
public interface Loss {
  /**
   * The reduced loss.
   *
   * @param yTrue targets
   * @param yPred predictions (probabilities, or logits when the loss was made with {@code from_logits})
   * @throws IllegalArgumentException if the shapes are incompatible; the message shows both
   */
  Tensor call(Tensor yTrue, Tensor yPred);

  /**
   * The reduced loss with per-sample weights, as Keras' {@code loss(y_true, y_pred, sample_weight)}: each
   * sample's loss is multiplied by its weight before the reduction (so {@code sum_over_batch_size} divides the
   * weighted sum by the number of samples, not by the sum of the weights).
   *
   * @param sampleWeight {@code null} for none, or one weight per sample (shape {@code (batch,)})
   * @throws IllegalArgumentException if the shapes are incompatible
   * @throws UnsupportedOperationException if this loss cannot weight samples (the default for custom losses)
   */
  default Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    if (sampleWeight == null) {
      return call(yTrue, yPred);
    }
    throw new UnsupportedOperationException("loss " + name() + " does not support sample weights");
  }

  /** The reduction applied to the per-sample values. */
  default Reduction reduction() {
    return Reduction.SUM_OVER_BATCH_SIZE;
  }

  /**
   * The same loss with another reduction (Keras' {@code reduction} argument).
   *
   * @throws UnsupportedOperationException if this loss has a fixed reduction (the default for custom losses)
   */
  default Loss withReduction(Reduction value) {
    throw new UnsupportedOperationException("loss " + name() + " has a fixed reduction");
  }

  /**
   * This loss on flat arrays for fused training paths, or {@code null} if it has no such form (callers then use
   * {@link #call}).
   */
  default FlatLoss flat() {
    return null;
  }

  /**
   * This loss of softmax probabilities together with the softmax's backward pass, for fused training paths whose
   * output layer is a softmax, or {@code null} if it has no such form (callers then use {@link #call}). Offered by
   * {@code categorical_crossentropy} and
   * {@code sparse_categorical_crossentropy} with the {@code sum_over_batch_size} and {@code mean} reductions.
   */
  default SoftmaxLoss softmaxForm() {
    return null;
  }

  /** The Keras name, e.g. {@code binary_crossentropy}. */
  String name();

  /** The Keras config: {@code name}, {@code reduction}, then the loss's own arguments. */
  Map<String, Object> getConfig();
}
