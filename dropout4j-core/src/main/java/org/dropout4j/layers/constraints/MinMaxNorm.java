package org.dropout4j.layers.constraints;

import org.dropout4j.internal.Guards;
import org.dropout4j.layers.Configs;


/**
 * Keras' {@code MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0, axis=0)}: moves the L2 norm of each slice
 * along {@code axis} into {@code [min_value, max_value]},
 * <pre>
 * desired = rate * clip(norm, min_value, max_value) + (1 - rate) * norm
 * w = w * desired / (1e-7 + norm)
 * </pre>
 * {@code rate = 1} enforces the interval strictly; a smaller rate moves the norm part of the way at each step.
 * For a Dense kernel {@code (in, units)} the default axis 0 constrains each unit's incoming weight vector.
 *
 * <pre>{@code
 * Dense.builder(64).kernelConstraint(new MinMaxNorm(0.5f, 2f, 0.5f, 0)).build();
 * }</pre>
 */
public final class MinMaxNorm extends NormConstraint {
  /** Keras' default {@code min_value}. */
  public static final float DEFAULT_MIN_VALUE = 0f;
  /** Keras' default {@code max_value}. */
  public static final float DEFAULT_MAX_VALUE = 1f;
  /** Keras' default {@code rate}. */
  public static final float DEFAULT_RATE = 1f;

  private final float minValue;
  private final float maxValue;
  private final float rate;

  /** {@code MinMaxNorm(0, 1, 1, 0)}. */
  public MinMaxNorm() {
    this(DEFAULT_MIN_VALUE, DEFAULT_MAX_VALUE, DEFAULT_RATE, 0);
  }

  /**
   * @param minValue the smallest allowed norm, finite and {@code >= 0} (default 0)
   * @param maxValue the largest allowed norm, finite and {@code >= minValue} (default 1)
   * @param rate how far to move towards the interval per application, in {@code [0, 1]} (default 1)
   * @param axis the axis the norm is taken over (default 0)
   * @throws IllegalArgumentException if a value is out of its range
   */
  public MinMaxNorm(float minValue, float maxValue, float rate, int axis) {
    super("MinMaxNorm", axis, arguments(minValue, maxValue, rate));
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.rate = rate;
  }

  /** The checked config entries before {@code axis}. */
  private static Object[] arguments(float minValue, float maxValue, float rate) {
    Guards.argument(minValue >= 0f && !Float.isInfinite(minValue), "MinMaxNorm", "min_value", "a finite float >= 0",
        minValue);
    Guards.argument(maxValue >= minValue && !Float.isInfinite(maxValue), "MinMaxNorm", "max_value",
        "a finite float >= min_value=" + minValue, maxValue);
    Guards.argument(rate >= 0f && rate <= 1f, "MinMaxNorm", "rate", "a float between 0 and 1", rate);
    return new Object[] {"min_value", Configs.number(minValue), "max_value", Configs.number(maxValue), "rate",
        Configs.number(rate)};
  }

  @Override
  double factor(double norm) {
    double desired = rate * Math.min(Math.max(norm, minValue), maxValue) + (1.0 - rate) * norm;
    return desired / (EPSILON + norm);
  }
}
