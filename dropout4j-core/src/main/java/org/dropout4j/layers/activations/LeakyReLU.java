package org.dropout4j.layers.activations;

import java.util.Map;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.Ops;

/**
 * Keras' {@code LeakyReLU} layer: {@code x > 0 ? x : negative_slope * x} (Maas et al. 2013). The layer's default
 * slope is 0.3 (Keras 2 called the argument {@code alpha}); the {@code leaky_relu} activation function's is 0.2.
 */
public final class LeakyReLU extends ElementwiseActivation {
  /** Keras' {@code LeakyReLU} config: {@code negative_slope} (Keras 2 and TF.js: {@code alpha}) and the base keys. */
  public static final LayerDescriptor<LeakyReLU> DESCRIPTOR = LayerDescriptor.of("LeakyReLU", LeakyReLU.class, r -> {
    String name = r.weightlessName("LeakyReLU");
    if (r.has("negative_slope") && r.has("alpha")) {
      throw new IllegalArgumentException(r.owner() + ": both `negative_slope` (Keras 3) and `alpha` (Keras 2) are "
          + "given; expected one of them");
    }
    return new LeakyReLU(r.number(r.has("alpha") ? "alpha" : "negative_slope", LeakyReLU.DEFAULT_NEGATIVE_SLOPE), name);
  });

  /** Default {@code negative_slope} of the layer. */
  public static final float DEFAULT_NEGATIVE_SLOPE = 0.3f;

  /** {@code LeakyReLU()} with slope 0.3. */
  public LeakyReLU() {
    this(DEFAULT_NEGATIVE_SLOPE, null);
  }

  /**
   * @param negativeSlope the slope for {@code x <= 0}, a non-negative float (default 0.3)
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for a negative or non-finite slope
   */
  public LeakyReLU(float negativeSlope, String name) {
    super(name, DESCRIPTOR, x -> Ops.leakyRelu(x, negativeSlope),
        Map.of("negative_slope", Configs.number(nonNegative(negativeSlope, "LeakyReLU", "negative_slope"))));
  }
}
