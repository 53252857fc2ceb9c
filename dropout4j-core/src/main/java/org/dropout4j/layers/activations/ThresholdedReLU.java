package org.dropout4j.layers.activations;

import java.util.Map;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.ActivationOps;

/**
 * Keras 2's {@code ThresholdedReLU} layer: {@code x > theta ? x : 0} (Konda et al. 2015); theta defaults to 1.
 * Keras 3 dropped the layer (its {@code ReLU(threshold=theta)} differs below the threshold only for negative
 * {@code theta}); dropout4j keeps it so Keras 2 files load.
 */
public final class ThresholdedReLU extends ElementwiseActivation {
  /** Keras 2's {@code ThresholdedReLU} config: {@code theta} and the base keys. */
  public static final LayerDescriptor<ThresholdedReLU> DESCRIPTOR = LayerDescriptor.of("ThresholdedReLU",
      ThresholdedReLU.class, r -> new ThresholdedReLU(r.number("theta", ThresholdedReLU.DEFAULT_THETA),
          r.weightlessName("ThresholdedReLU")));

  /** Default {@code theta}. */
  public static final float DEFAULT_THETA = 1f;

  /**
   * @param theta the threshold, a non-negative float (Keras 2 refuses negative values; default 1.0)
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for a negative or non-finite theta
   */
  public ThresholdedReLU(float theta, String name) {
    super(name, DESCRIPTOR, x -> ActivationOps.thresholdedRelu(x, theta),
        Map.of("theta", Configs.number(nonNegative(theta, "ThresholdedReLU", "theta"))));
  }
}
