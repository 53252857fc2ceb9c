package org.dropout4j.layers;

import org.dropout4j.tensor.Shape;

/**
 * A symbolic tensor (Keras' {@code KerasTensor}): the shape (batch dimension unknown) and dtype of a value in a
 * functional model, and the {@link Node} that produces it. It holds no data; a functional model built from such
 * tensors runs the recorded calls on real tensors.
 *
 * <pre>{@code
 * KerasTensor in = Input.shape(8).output();
 * KerasTensor h = new Dense(16, "relu").apply(in);
 * }</pre>
 */
public final class KerasTensor {
  private final Shape shape;
  private final String dtype;
  private final Node node;
  private final int index;

  KerasTensor(Shape shape, String dtype, Node node, int index) {
    this.shape = shape;
    this.dtype = dtype;
    this.node = node;
    this.index = index;
  }

  /** The batch shape, e.g. {@code (None, 16)}. */
  public Shape shape() {
    return shape;
  }

  /** The dtype: {@code float32}, or {@code int32}/{@code int64} for integer inputs such as token ids. */
  public String dtype() {
    return dtype;
  }

  /** The call that produced this tensor. */
  public Node node() {
    return node;
  }

  /** Which output of its node this tensor is (0 for single-output layers). */
  public int index() {
    return index;
  }

  /** The producing operation, e.g. the {@link Input} or the layer that returned this tensor. */
  public Operation operation() {
    return node.operation();
  }

  @Override
  public String toString() {
    String op = node.operation().name() != null ? node.operation().name() : node.operation().className();
    return "<KerasTensor shape=" + shape + ", dtype=" + dtype + ", from " + op + "[" + index + "]>";
  }
}
