package org.dropout4j.layers.constraints;


/**
 * Keras' {@code UnitNorm(axis=0)}: scales each slice along {@code axis} to unit L2 norm,
 * {@code w / (1e-7 + norm)}. For a Dense kernel {@code (in, units)} the default axis 0 normalises each unit's
 * incoming weight vector.
 *
 * <pre>{@code
 * Dense.builder(64).kernelConstraint(new UnitNorm()).build();
 * }</pre>
 */
public final class UnitNorm extends NormConstraint {
  /** {@code UnitNorm(0)}. */
  public UnitNorm() {
    this(0);
  }

  /** @param axis the axis the norm is taken over (default 0) */
  public UnitNorm(int axis) {
    super("UnitNorm", axis);
  }

  @Override
  double factor(double norm) {
    return 1.0 / (EPSILON + norm);
  }
}
