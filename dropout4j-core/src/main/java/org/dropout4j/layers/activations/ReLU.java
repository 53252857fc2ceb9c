package org.dropout4j.layers.activations;

import org.dropout4j.layers.LayerDescriptor;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.ActivationOps;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code ReLU} layer: {@code f(x) = max_value} for {@code x >= max_value}, {@code x} for
 * {@code threshold < x < max_value}, {@code negative_slope * (x - threshold)} otherwise (Keras' formula:
 * {@link ActivationOps#relu(Tensor, float, Float, float)}). No weights.
 *
 * <pre>{@code
 * new ReLU(6f, 0f, 0f, null)     // relu6
 * }</pre>
 */
public final class ReLU extends Layer {
  /** Keras' {@code ReLU} config: {@code max_value}, {@code negative_slope}, {@code threshold} and the base keys. */
  public static final LayerDescriptor<ReLU> DESCRIPTOR = LayerDescriptor.of("ReLU", ReLU.class, r -> {
    String name = r.weightlessName("ReLU");
    Float max = r.raw("max_value") == null ? null : r.number("max_value", 0f);
    return new ReLU(max, r.number("negative_slope", ReLU.DEFAULT_NEGATIVE_SLOPE),
        r.number("threshold", ReLU.DEFAULT_THRESHOLD), name);
  });

  /** Default {@code negative_slope}. */
  public static final float DEFAULT_NEGATIVE_SLOPE = 0f;
  /** Default {@code threshold}. */
  public static final float DEFAULT_THRESHOLD = 0f;

  private final Float maxValue;
  private final float negativeSlope;
  private final float threshold;

  /** The plain {@code max(x, 0)}. */
  public ReLU() {
    this(null, DEFAULT_NEGATIVE_SLOPE, DEFAULT_THRESHOLD, null);
  }

  /**
   * @param maxValue the saturation value, {@code >= 0}, or {@code null} for none (default)
   * @param negativeSlope the slope below the threshold, {@code >= 0} (default 0)
   * @param threshold values above it pass (default 0)
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for a negative or non-finite {@code max_value} or {@code negative_slope}
   */
  public ReLU(Float maxValue, float negativeSlope, float threshold, String name) {
    super(name, true, DESCRIPTOR);
    if (maxValue != null && !(maxValue >= 0f && Float.isFinite(maxValue))) {
      throw new IllegalArgumentException("Invalid value for argument `max_value` of ReLU: expected a non-negative "
          + "float or None, received max_value=" + maxValue);
    }
    if (!(negativeSlope >= 0f && Float.isFinite(negativeSlope))) {
      throw new IllegalArgumentException("Invalid value for argument `negative_slope` of ReLU: expected a "
          + "non-negative float, received negative_slope=" + negativeSlope);
    }
    if (!Float.isFinite(threshold)) {
      throw new IllegalArgumentException("Invalid value for argument `threshold` of ReLU: expected a finite float, "
          + "received threshold=" + threshold);
    }
    this.maxValue = maxValue;
    this.negativeSlope = negativeSlope;
    this.threshold = threshold;
  }

  /** Keras: elementwise, so a mask passes unchanged. */
  @Override
  protected boolean supportsMasking() {
    return true;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return ActivationOps.relu(input, negativeSlope, maxValue, threshold);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("max_value", maxValue == null ? null : Configs.number(maxValue));
    config.put("negative_slope", Configs.number(negativeSlope));
    config.put("threshold", Configs.number(threshold));
  }
}
