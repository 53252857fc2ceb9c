package org.dropout4j.losses;

import java.util.Map;
import org.dropout4j.tensor.Tensor;

/**
 * A training objective: the mean over the batch ({@code sum_over_batch_size}, Keras' default reduction) of a
 * per-sample loss, as a differentiable scalar.
 */
public interface Loss {
  /**
   * The scalar loss.
   *
   * @param yTrue targets
   * @param yPred predictions (probabilities, or logits when the loss was made with {@code from_logits})
   * @throws IllegalArgumentException if the shapes are incompatible; the message shows both
   */
  Tensor call(Tensor yTrue, Tensor yPred);

  /**
   * This loss on flat arrays for fused training paths, or {@code null} if it has no such form (callers then use
   * {@link #call}).
   */
  default FlatLoss flat() {
    return null;
  }

  /** The Keras name, e.g. {@code binary_crossentropy}. */
  String name();

  /** The Keras config. */
  Map<String, Object> getConfig();
}
