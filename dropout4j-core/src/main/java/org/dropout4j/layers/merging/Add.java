package org.dropout4j.layers.merging;

import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.Ops;

/**
 * Keras' {@code Add()}: the elementwise sum of its inputs, broadcasting as {@link Merge} describes.
 *
 * <pre>{@code
 * KerasTensor y = new Add().apply(x1, x2);
 * }</pre>
 */
public final class Add extends Merge {
  /** Keras' {@code Add} config: the base keys. */
  public static final LayerDescriptor<Add> DESCRIPTOR = descriptor("Add", Add.class, Add::new);

  /** An {@code Add} layer named by its model. */
  public Add() {
    this(null);
  }

  /**
   * @param name the layer's name, or {@code null} to let the model assign one ({@code add}, {@code add_1}...)
   */
  public Add(String name) {
    super(name, DESCRIPTOR, 0, Ops::add);
  }
}
