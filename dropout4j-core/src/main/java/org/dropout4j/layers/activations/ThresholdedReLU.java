package org.dropout4j.layers.activations;

import org.dropout4j.layers.LayerDescriptor;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.ActivationOps;
import org.dropout4j.tensor.Tensor;

/**
 * Keras 2's {@code ThresholdedReLU} layer: {@code x > theta ? x : 0} (Konda et al. 2015); theta defaults to 1.
 * Keras 3 dropped the layer (its {@code ReLU(threshold=theta)} differs below the threshold only for negative
 * {@code theta}); dropout4j keeps it so Keras 2 files load.
 */
public final class ThresholdedReLU extends Layer {
  /** Keras 2's {@code ThresholdedReLU} config: {@code theta} and the base keys. */
  public static final LayerDescriptor<ThresholdedReLU> DESCRIPTOR = LayerDescriptor.of("ThresholdedReLU",
      ThresholdedReLU.class, r -> new ThresholdedReLU(r.number("theta", ThresholdedReLU.DEFAULT_THETA),
          r.weightlessName("ThresholdedReLU")));

  /** Default {@code theta}. */
  public static final float DEFAULT_THETA = 1f;

  private final float theta;

  /**
   * @param theta the threshold, a non-negative float (Keras 2 refuses negative values; default 1.0)
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for a negative or non-finite theta
   */
  public ThresholdedReLU(float theta, String name) {
    super(name, true, DESCRIPTOR);
    if (!(theta >= 0f && Float.isFinite(theta))) {
      throw new IllegalArgumentException("Invalid value for argument `theta` of ThresholdedReLU: expected a "
          + "non-negative float, received theta=" + theta);
    }
    this.theta = theta;
  }

  /** Keras: elementwise, so a mask passes unchanged. */
  @Override
  protected boolean supportsMasking() {
    return true;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return ActivationOps.thresholdedRelu(input, theta);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("theta", Configs.number(theta));
  }
}
