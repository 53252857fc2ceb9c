package org.dropout4j.layers.merging;

import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.MergeOps;

/**
 * Keras' {@code Minimum()}: the elementwise minimum of its inputs (the gradient goes to the first of tied inputs), broadcasting as {@link Merge} describes.
 *
 * <pre>{@code
 * KerasTensor y = new Minimum().apply(x1, x2);
 * }</pre>
 */
public final class Minimum extends Merge {
  /** Keras' {@code Minimum} config: the base keys. */
  public static final LayerDescriptor<Minimum> DESCRIPTOR = descriptor("Minimum", Minimum.class, Minimum::new);

  /** A {@code Minimum} layer named by its model. */
  public Minimum() {
    this(null);
  }

  /**
   * @param name the layer's name, or {@code null} to let the model assign one ({@code minimum}, {@code minimum_1}...)
   */
  public Minimum(String name) {
    super(name, DESCRIPTOR, 0, MergeOps::minimum);
  }
}
