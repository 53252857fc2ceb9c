package org.dropout4j.layers.constraints;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dropout4j.tensor.Shape;

/**
 * Keras' {@code UnitNorm(axis=0)}: scales each slice along {@code axis} to unit L2 norm,
 * {@code w / (1e-7 + norm)}. For a Dense kernel {@code (in, units)} the default axis 0 normalises each unit's
 * incoming weight vector.
 *
 * <pre>{@code
 * Dense.builder(64).kernelConstraint(new UnitNorm()).build();
 * }</pre>
 */
public final class UnitNorm implements Constraint {
  private final int axis;

  /** {@code UnitNorm(0)}. */
  public UnitNorm() {
    this(0);
  }

  /** @param axis the axis the norm is taken over (default 0) */
  public UnitNorm(int axis) {
    this.axis = axis;
  }

  @Override
  public void apply(float[] w, Shape shape) {
    Norms.rescale(w, shape, axis, norm -> 1.0 / (MaxNorm.EPSILON + norm));
  }

  @Override
  public String className() {
    return "UnitNorm";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("axis", axis);
    return c;
  }
}
