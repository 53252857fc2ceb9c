package org.dropout4j.layers.merging;

import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.Ops;

/**
 * Keras' {@code Subtract()}: the difference of exactly two inputs, {@code inputs[0] - inputs[1]}, broadcasting as {@link Merge} describes.
 *
 * <pre>{@code
 * KerasTensor y = new Subtract().apply(x1, x2);
 * }</pre>
 */
public final class Subtract extends Merge {
  /** Keras' {@code Subtract} config: the base keys. */
  public static final LayerDescriptor<Subtract> DESCRIPTOR = descriptor("Subtract", Subtract.class, Subtract::new);

  /** A {@code Subtract} layer named by its model. */
  public Subtract() {
    this(null);
  }

  /**
   * @param name the layer's name, or {@code null} to let the model assign one ({@code subtract}, {@code subtract_1}...)
   */
  public Subtract(String name) {
    super(name, DESCRIPTOR, 2, Ops::sub);
  }
}
