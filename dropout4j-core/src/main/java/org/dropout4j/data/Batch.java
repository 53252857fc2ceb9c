package org.dropout4j.data;

import java.util.List;
import org.dropout4j.tensor.Tensor;

/**
 * One batch of a {@link Dataset}: a tensor per model input, a tensor of targets per model output (none for
 * prediction-only data) and optional per-sample weights, all with the same number of rows (Keras' {@code (x, y)}
 * or {@code (x, y, sample_weight)} tuple).
 *
 * @param x one tensor per model input, batch first
 * @param y one tensor per model output, or empty
 * @param sampleWeight one weight per row, or {@code null}
 */
public record Batch(List<Tensor> x, List<Tensor> y, Tensor sampleWeight) {
  /**
   * Checks the batch: at least one input, the same number of rows everywhere.
   *
   * @throws IllegalArgumentException naming the tensor whose rows differ
   */
  public Batch {
    x = List.copyOf(x);
    y = List.copyOf(y);
    if (x.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one input tensor, received none");
    }
    int rows = x.get(0).rank() == 0 ? -1 : x.get(0).shape().dim(0);
    for (int i = 0; i < x.size() + y.size(); i++) {
      Tensor t = i < x.size() ? x.get(i) : y.get(i - x.size());
      if (t.rank() == 0 || t.shape().dim(0) != rows) {
        throw new IllegalArgumentException("every tensor of a batch needs the same number of rows: x[0] has shape "
            + x.get(0).shape() + ", " + (i < x.size() ? "x[" + i + "]" : "y[" + (i - x.size()) + "]")
            + " has shape " + t.shape());
      }
    }
    if (sampleWeight != null && sampleWeight.size() != rows) {
      throw new IllegalArgumentException("a batch's sample_weight needs one value per row (" + rows
          + "), received shape " + sampleWeight.shape());
    }
  }

  /** A batch of inputs and targets without weights. */
  public Batch(List<Tensor> x, List<Tensor> y) {
    this(x, y, null);
  }

  /** The number of rows. */
  public int rows() {
    return x.get(0).shape().dim(0);
  }
}
