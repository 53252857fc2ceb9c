package org.dropout4j.layers.activations;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dropout4j.internal.Guards;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.ActivationOps;

/**
 * Keras' {@code ReLU} layer: {@code f(x) = max_value} for {@code x >= max_value}, {@code x} for
 * {@code threshold < x < max_value}, {@code negative_slope * (x - threshold)} otherwise (Keras' formula:
 * {@link ActivationOps#relu(Tensor, float, Float, float)}). No weights.
 *
 * <pre>{@code
 * new ReLU(6f, 0f, 0f, null)     // relu6
 * }</pre>
 */
public final class ReLU extends ElementwiseActivation {
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

  /** The plain {@code max(x, 0)}. */
  public ReLU() {
    this(null, DEFAULT_NEGATIVE_SLOPE, DEFAULT_THRESHOLD, null);
  }

  /**
   * @param maxValue the saturation value, {@code >= 0}, or {@code null} for none (default)
   * @param negativeSlope the slope below the threshold, {@code >= 0} (default 0)
   * @param threshold values above it pass (default 0)
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for a negative or non-finite {@code max_value} or {@code negative_slope}, or a
   *     non-finite {@code threshold}
   */
  public ReLU(Float maxValue, float negativeSlope, float threshold, String name) {
    super(name, DESCRIPTOR, x -> ActivationOps.relu(x, negativeSlope, maxValue, threshold),
        arguments(maxValue, negativeSlope, threshold));
  }

  /** The checked config entries in Keras' order. */
  private static Map<String, Object> arguments(Float maxValue, float negativeSlope, float threshold) {
    Guards.argument(maxValue == null || (maxValue >= 0f && Float.isFinite(maxValue)), "ReLU", "max_value",
        "a non-negative float or None", maxValue);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("max_value", Configs.number(maxValue));
    c.put("negative_slope", Configs.number(nonNegative(negativeSlope, "ReLU", "negative_slope")));
    c.put("threshold", Configs.number(finite(threshold, "ReLU", "threshold")));
    return c;
  }
}
