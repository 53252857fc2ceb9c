package org.dropout4j.layers.merging;

import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Average()}: the elementwise mean of its inputs, broadcasting as {@link Merge} describes.
 *
 * <pre>{@code
 * KerasTensor y = new Average().apply(x1, x2);
 * }</pre>
 */
public final class Average extends Merge {
  /** Keras' {@code Average} config: the base keys. */
  public static final LayerDescriptor<Average> DESCRIPTOR = descriptor("Average", Average.class, Average::new);

  /** An {@code Average} layer named by its model. */
  public Average() {
    this(null);
  }

  /**
   * @param name the layer's name, or {@code null} to let the model assign one ({@code average}, {@code average_1}...)
   */
  public Average(String name) {
    super(name, DESCRIPTOR, 0, Ops::add);
  }

  @Override
  protected Tensor finish(Tensor folded, int count) {
    return Ops.mulScalar(folded, 1f / count);
  }
}
