package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.internal.Guards;
import org.dropout4j.tensor.AxisGather;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code UpSampling1D}: each step of a {@code (batch, steps, channels)} input repeated {@code size} times
 * ({@code ops.repeat(x, size, axis=1)}), giving {@code (batch, steps * size, channels)}. Default {@code size=2}.
 *
 * <pre>{@code
 * new UpSampling1D(3);   // (None, 4, 8) -> (None, 12, 8)
 * }</pre>
 */
public final class UpSampling1D extends Layer {
  /** Keras' default {@code size}. */
  public static final int DEFAULT_SIZE = 2;

  /** Keras' {@code UpSampling1D} config: {@code size}. */
  public static final LayerDescriptor<UpSampling1D> DESCRIPTOR = LayerDescriptor.of("UpSampling1D",
      UpSampling1D.class, r -> {
        String name = r.weightlessName("UpSampling1D");
        return new UpSampling1D(r.integer("size", DEFAULT_SIZE), name);
      });

  private final int size;

  /** {@code UpSampling1D()}: every step twice. */
  public UpSampling1D() {
    this(DEFAULT_SIZE);
  }

  /** {@code UpSampling1D(size)}. */
  public UpSampling1D(int size) {
    this(size, null);
  }

  /**
   * @param size how often each step is repeated, positive (default 2)
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException if {@code size} is not positive
   */
  public UpSampling1D(int size, String name) {
    super(name, true, DESCRIPTOR);
    inputSpec(InputSpec.ndim(3));
    Guards.positive(size, "UpSampling1D", "size");
    this.size = size;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    int steps = inputShape.dim(1);
    return Shape.of(inputShape.dim(0), steps == Shape.UNKNOWN ? Shape.UNKNOWN : steps * size, inputShape.dim(2));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return AxisGather.repeat(input, 1, size);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("size", size);
  }
}
