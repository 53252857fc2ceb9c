package org.dropout4j.layers.merging;

import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.MergeOps;

/**
 * Keras' {@code Maximum()}: the elementwise maximum of its inputs (the gradient goes to the first of tied inputs), broadcasting as {@link Merge} describes.
 *
 * <pre>{@code
 * KerasTensor y = new Maximum().apply(x1, x2);
 * }</pre>
 */
public final class Maximum extends Merge {
  /** Keras' {@code Maximum} config: the base keys. */
  public static final LayerDescriptor<Maximum> DESCRIPTOR = descriptor("Maximum", Maximum.class, Maximum::new);

  /** A {@code Maximum} layer named by its model. */
  public Maximum() {
    this(null);
  }

  /**
   * @param name the layer's name, or {@code null} to let the model assign one ({@code maximum}, {@code maximum_1}...)
   */
  public Maximum(String name) {
    super(name, DESCRIPTOR, 0, MergeOps::maximum);
  }
}
