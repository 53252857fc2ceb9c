package org.dropout4j.layers.merging;

import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.Ops;

/**
 * Keras' {@code Multiply()}: the elementwise product of its inputs, broadcasting as {@link Merge} describes.
 *
 * <pre>{@code
 * KerasTensor y = new Multiply().apply(x1, x2);
 * }</pre>
 */
public final class Multiply extends Merge {
  /** Keras' {@code Multiply} config: the base keys. */
  public static final LayerDescriptor<Multiply> DESCRIPTOR = descriptor("Multiply", Multiply.class, Multiply::new);

  /** A {@code Multiply} layer named by its model. */
  public Multiply() {
    this(null);
  }

  /**
   * @param name the layer's name, or {@code null} to let the model assign one ({@code multiply}, {@code multiply_1}...)
   */
  public Multiply(String name) {
    super(name, DESCRIPTOR, 0, Ops::mul);
  }
}
