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
