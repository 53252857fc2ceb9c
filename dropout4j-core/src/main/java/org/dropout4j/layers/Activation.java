package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.tensor.Tensor;

/** Keras' {@code Activation} layer: applies a named activation function; no weights. */
public final class Activation extends Layer {
  /** The identity activation, the default of layers that take an {@code activation}. */
  public static final String LINEAR = "linear";

  /** Keras' {@code Activation} config: {@code activation} and the base keys. */
  public static final LayerDescriptor<Activation> DESCRIPTOR = LayerDescriptor.of("Activation", Activation.class,
      r -> reading(r, ConfigObjects.activation(r, "activation")));

  /** The base keys of an activation layer config, then the layer. */
  private static Activation reading(ConfigReader r, String activation) {
    r.layerBase();
    String name = r.string("name", null);
    r.bool("trainable", true);
    return new Activation(activation, name);
  }

  private final ActivationFunction function;

  /**
   * @param activation a name from {@link Activations#names()}
   * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
   */
  public Activation(String activation) {
    this(activation, null);
  }

  /** An activation layer with an explicit name. */
  public Activation(String activation, String name) {
    super(name, true, DESCRIPTOR);
    supportMasking(); // Keras: elementwise, so a mask passes unchanged
    this.function = Activations.get(activation);
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return function.apply(input);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("activation", function.name());
  }
}
