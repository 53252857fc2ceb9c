package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Input(shape)} / {@code InputLayer}: declares the per-sample input shape of a model; the identity.
 *
 * <pre>{@code
 * Input.shape(2)                                  // samples of 2 features: batch shape (None, 2)
 * KerasTensor ids = Input.shape(20).dtype("int32").output();   // token ids for an Embedding
 * }</pre>
 *
 * <p>In a functional model, {@link #output()} is the symbolic tensor the model's layers are called on.
 */
public final class Input extends Layer {
  /** The default dtype. */
  public static final String DEFAULT_DTYPE = "float32";
  private static final Set<String> DTYPES = Set.of("float32", "int32", "int64", "bool");

  /** Keras' {@code InputLayer} config: {@code batch_shape} (Keras 3) or {@code batch_input_shape} (Keras 2). */
  public static final LayerDescriptor<Input> DESCRIPTOR = LayerDescriptor.of("InputLayer", Input.class, r -> {
    String name = r.string("name", null);
    List<Integer> dims = r.has("batch_shape") ? r.dims("batch_shape") : r.dims("batch_input_shape");
    r.ignore("batch_shape", "batch_input_shape", "trainable");
    if (dims == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `batch_shape` (Keras 3) or "
          + "`batch_input_shape` (Keras 2)");
    }
    String dtype = r.inputDtype();
    r.requireFalse("sparse");
    r.requireFalse("ragged");
    r.requireFalse("optional");
    return Input.of(r.shape(dims, "batch_shape"), name).dtype(dtype);
  });

  private final Shape batchShape;
  private final String dtype;
  private KerasTensor output;

  private Input(Shape batchShape, String name, String dtype) {
    super(name, true, DESCRIPTOR);
    this.batchShape = batchShape;
    this.dtype = dtype;
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
    return new Input(Shape.batchOf(sampleShape), null, DEFAULT_DTYPE);
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
    return new Input(batchShape, name, DEFAULT_DTYPE);
  }

  /**
   * This input with another dtype: {@code float32} (the default), {@code int32}/{@code int64} for integer
   * inputs such as token ids (their values reach the layers as exact integers in float32, up to 2^24), or
   * {@code bool} for masks such as MultiHeadAttention's {@code attention_mask} (0 and 1 in float32).
   *
   * @throws IllegalArgumentException for another dtype
   * @throws IllegalStateException if this input's symbolic {@link #output()} was already taken
   */
  public Input dtype(String value) {
    if (!DTYPES.contains(value)) {
      throw new IllegalArgumentException("Invalid value for argument `dtype` of Input: expected one of "
          + new java.util.TreeSet<>(DTYPES) + ", received dtype=" + value);
    }
    if (output != null) {
      throw new IllegalStateException("Input \"" + name() + "\": set the dtype before calling output()");
    }
    return new Input(batchShape, name(), value);
  }

  /** The dtype: {@code float32}, {@code int32}, {@code int64} or {@code bool}. */
  public String dtype() {
    return dtype;
  }

  /**
   * The symbolic tensor of this input (Keras' {@code keras.Input(...)} value), to call layers on; the same
   * tensor on every call.
   */
  public synchronized KerasTensor output() {
    if (output == null) {
      output = Node.record(this, List.of(), Map.of(), List.of(batchShape),
          List.of(dtype)).get(0);
    }
    return output;
  }

  /** The batch shape, e.g. {@code (None, 2)}. */
  public Shape batchShape() {
    return batchShape;
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
    config.put("dtype", dtype);
    List<Integer> dims = new ArrayList<>();
    for (int i = 0; i < batchShape.rank(); i++) {
      dims.add(batchShape.dim(i) == Shape.UNKNOWN ? null : batchShape.dim(i));
    }
    config.put("batch_shape", dims);
    config.put("sparse", false);
  }
}
