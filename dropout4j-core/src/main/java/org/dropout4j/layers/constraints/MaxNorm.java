package org.dropout4j.layers.constraints;

import org.dropout4j.layers.Configs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dropout4j.tensor.Shape;

/**
 * Keras' {@code MaxNorm(max_value=2, axis=0)}: rescales each slice along {@code axis} whose L2 norm exceeds
 * {@code max_value}, as {@code w * clip(norm, 0, max) / (1e-7 + norm)}. For a Dense kernel {@code (in, units)}
 * the default axis 0 bounds the norm of each unit's incoming weight vector — the constraint Srivastava et al.
 * (2014) pair with dropout.
 */
public final class MaxNorm implements Constraint {
  /** Keras' default {@code max_value}. */
  public static final float DEFAULT_MAX_VALUE = 2f;
  static final float EPSILON = 1e-7f;

  private final float maxValue;
  private final int axis;

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
    if (!(maxValue > 0f) || Float.isInfinite(maxValue)) {
      throw new IllegalArgumentException("Invalid value for argument `max_value` of MaxNorm: expected a positive "
          + "finite float, received max_value=" + maxValue);
    }
    this.maxValue = maxValue;
    this.axis = axis;
  }

  /** The largest allowed norm. */
  public float maxValue() {
    return maxValue;
  }

  @Override
  public void apply(float[] w, Shape shape) {
    Norms.rescale(w, shape, axis, norm -> Math.min(Math.max(norm, 0.0), maxValue) / (EPSILON + norm));
  }

  @Override
  public String className() {
    return "MaxNorm";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("max_value", Configs.number(maxValue));
    c.put("axis", axis);
    return c;
  }
}
