package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.internal.Guards;
import org.dropout4j.tensor.AxisGather;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code RepeatVector(n)}: a {@code (batch, features)} input repeated {@code n} times along a new axis,
 * {@code (batch, n, features)}; the bridge from an encoder's vector to a decoder's sequence.
 *
 * <pre>{@code
 * new Sequential(Input.shape(32), new RepeatVector(10), LSTM.builder(16).returnSequences(true).build());
 * }</pre>
 */
public final class RepeatVector extends Layer {
  /** Keras' {@code RepeatVector} config: {@code n}. */
  public static final LayerDescriptor<RepeatVector> DESCRIPTOR = LayerDescriptor.of("RepeatVector",
      RepeatVector.class, r -> {
        String name = r.weightlessName("RepeatVector");
        return new RepeatVector(r.requiredInt("n"), name);
      });

  private final int n;

  /** {@code RepeatVector(n)}. */
  public RepeatVector(int n) {
    this(n, null);
  }

  /**
   * @param n the number of repetitions, positive
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException if {@code n} is not positive
   */
  public RepeatVector(int n, String name) {
    super(name, true, DESCRIPTOR);
    inputSpec(InputSpec.ndim(2));
    Guards.positive(n, "RepeatVector", "n");
    this.n = n;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return Shape.of(inputShape.dim(0), n, inputShape.dim(1));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor x = Ops.reshape(input, input.shape().dim(0), 1, input.shape().dim(1));
    return AxisGather.repeat(x, 1, n);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("n", n);
  }
}
