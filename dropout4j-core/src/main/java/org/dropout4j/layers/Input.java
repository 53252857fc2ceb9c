package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Input(shape)} / {@code InputLayer}: declares the per-sample input shape of a model; the identity.
 *
 * <pre>{@code
 * Input.shape(2)          // samples of 2 features: batch shape (None, 2)
 * }</pre>
 */
public final class Input extends Layer {
  private final Shape batchShape;

  private Input(Shape batchShape, String name) {
    super(name, true);
    this.batchShape = batchShape;
  }

  /**
   * An input of samples with the given shape (without the batch dimension).
   *
   * @throws IllegalArgumentException if a dimension is not positive
   */
  public static Input shape(int... sampleShape) {
    for (int d : sampleShape) {
      if (d <= 0) {
        throw new IllegalArgumentException("Invalid value for argument `shape` of Input: every dimension must be "
            + "positive, received shape=" + Shape.of(sampleShape));
      }
    }
    return new Input(Shape.batchOf(sampleShape), null);
  }

  /**
   * An input with a full batch shape ({@link Shape#UNKNOWN} for unknown sizes, usually the batch axis) and a name,
   * as read from a saved config ({@code batch_shape} in Keras 3, {@code batch_input_shape} in Keras 2).
   *
   * @param batchShape the batch shape, rank >= 1
   * @param name the layer's name, or {@code null}
   * @throws IllegalArgumentException if the rank is 0 or a dimension is neither positive nor unknown
   */
  public static Input of(Shape batchShape, String name) {
    if (batchShape.rank() == 0) {
      throw new IllegalArgumentException("Invalid value for argument `batch_shape` of InputLayer: expected rank >= 1,"
          + " received batch_shape=" + batchShape);
    }
    for (int i = 0; i < batchShape.rank(); i++) {
      int d = batchShape.dim(i);
      if (d <= 0 && d != Shape.UNKNOWN) {
        throw new IllegalArgumentException("Invalid value for argument `batch_shape` of InputLayer: every dimension "
            + "must be positive or None, received batch_shape=" + batchShape);
      }
    }
    return new Input(batchShape, name);
  }

  /** The batch shape, e.g. {@code (None, 2)}. */
  public Shape batchShape() {
    return batchShape;
  }

  @Override
  public String className() {
    return "InputLayer";
  }

  @Override
  protected void validateInput(Shape inputShape) {
    if (!batchShape.compatibleWith(inputShape)) {
      throw new IllegalArgumentException("Input \"" + name() + "\" expects shape " + batchShape
          + ", received input with shape " + inputShape);
    }
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return input;
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.remove("trainable");
    List<Integer> dims = new ArrayList<>();
    for (int i = 0; i < batchShape.rank(); i++) {
      dims.add(batchShape.dim(i) == Shape.UNKNOWN ? null : batchShape.dim(i));
    }
    config.put("batch_shape", dims);
    config.put("sparse", false);
  }
}
