package org.dropout4j.models;

import java.util.List;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.Shape;

/**
 * A Sequential model's input as flat rows, for the planners that run its leading layers over row-major buffers
 * ({@link DenseHead}, {@link InferencePlan}): rank-2 input as it is, or any input behind a leading channels_last
 * {@link Flatten} (a plain copy of the rows).
 *
 * @param width values per row
 * @param firstLayer the index of the first layer that reads the rows (1 after a leading Flatten, else 0)
 */
record FlatInput(int width, int firstLayer) {
  /**
   * The flat rows of a built model's input, or {@code null} if it has none: no input shape or layers, input of rank
   * above 2 without a leading Flatten, or a channels_first Flatten (which moves the channel axis).
   */
  static FlatInput of(List<Layer> layers, Shape inputShape) {
    if (inputShape == null || inputShape.rank() < 2 || layers.isEmpty()) {
      return null;
    }
    if (layers.get(0) instanceof Flatten) {
      if (!"channels_last".equals(layers.get(0).getConfig().get("data_format"))) {
        return null;
      }
      int width = 1;
      for (int a = 1; a < inputShape.rank(); a++) {
        width *= inputShape.dim(a);
      }
      return new FlatInput(width, 1);
    }
    return inputShape.rank() == 2 ? new FlatInput(inputShape.dim(1), 0) : null;
  }
}
