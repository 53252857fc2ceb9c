package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Flatten}: {@code (batch, d1, ..., dk) -> (batch, d1 * ... * dk)}, without copying. With
 * {@code data_format="channels_first"} the channel axis is moved last first, as Keras does, so weights after it
 * match a channels_last model.
 *
 * <pre>{@code
 * new Flatten();   // (None, 12, 12, 64) -> (None, 9216)
 * }</pre>
 */
public final class Flatten extends Layer {
  /** Keras' {@code Flatten} config: {@code data_format} and the base keys. */
  public static final LayerDescriptor<Flatten> DESCRIPTOR = LayerDescriptor.of("Flatten", Flatten.class, r -> {
    String name = r.weightlessName("Flatten");
    return new Flatten(r.string("data_format", Configs.CHANNELS_LAST), name);
  });

  private final String dataFormat;

  /** Channels last. */
  public Flatten() {
    this(Configs.CHANNELS_LAST, null);
  }

  /**
   * @param dataFormat {@code "channels_last"} (default) or {@code "channels_first"}
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException for an unknown data format
   */
  public Flatten(String dataFormat, String name) {
    super(name, true, DESCRIPTOR);
    inputSpec(InputSpec.minNdim(1, ""));
    this.dataFormat = ConvArgs.dataFormat("Flatten", dataFormat);
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor x = Configs.CHANNELS_FIRST.equals(dataFormat) && input.rank() > 2 ? ConvOps.channelsLast(input) : input;
    return Ops.reshape(x, input.shape().dim(0), -1);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long n = 1;
    for (int i = 1; i < inputShape.rank(); i++) {
      if (inputShape.dim(i) == Shape.UNKNOWN) {
        return Shape.of(inputShape.dim(0), Shape.UNKNOWN);
      }
      n *= inputShape.dim(i);
    }
    return Shape.of(inputShape.dim(0), (int) n);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("data_format", dataFormat);
  }
}
