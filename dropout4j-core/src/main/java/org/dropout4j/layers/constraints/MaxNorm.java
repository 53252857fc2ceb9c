package org.dropout4j.layers.constraints;

import org.dropout4j.internal.Guards;
import org.dropout4j.layers.Configs;

/**
 * Keras' {@code MaxNorm(max_value=2, axis=0)}: rescales each slice along {@code axis} whose L2 norm exceeds
 * {@code max_value}, as {@code w * clip(norm, 0, max) / (1e-7 + norm)}. For a Dense kernel {@code (in, units)}
 * the default axis 0 bounds the norm of each unit's incoming weight vector — the constraint Srivastava et al.
 * (2014) pair with dropout.
 */
public final class MaxNorm extends NormConstraint {
  /** Keras' default {@code max_value}. */
  public static final float DEFAULT_MAX_VALUE = 2f;

  private final float maxValue;

  /** {@code MaxNorm(2, 0)}. */
  public MaxNorm() {
    this(DEFAULT_MAX_VALUE, 0);
  }

  /** {@code MaxNorm(maxValue, 0)}. */
  public MaxNorm(float maxValue) {
    this(maxValue, 0);
  }

  /**
   * @param maxValue the largest allowed norm, {@code > 0}
   * @param axis the axis the norm is taken over
   * @throws IllegalArgumentException if {@code maxValue} is not positive and finite
   */
  public MaxNorm(float maxValue, int axis) {
    super("MaxNorm", axis, "max_value", Configs.number(positive(maxValue)));
    this.maxValue = maxValue;
  }

  private static float positive(float maxValue) {
    Guards.argument(maxValue > 0f && !Float.isInfinite(maxValue), "MaxNorm", "max_value", "a positive finite float",
        maxValue);
    return maxValue;
  }

  /** The largest allowed norm. */
  public float maxValue() {
    return maxValue;
  }

  @Override
  double factor(double norm) {
    return Math.min(Math.max(norm, 0.0), maxValue) / (EPSILON + norm);
  }
}
