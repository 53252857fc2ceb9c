package org.dropout4j.layers.constraints;

import org.dropout4j.layers.NestedObject;
import org.dropout4j.tensor.Shape;

/**
 * The shared part of the norm constraints ({@link MaxNorm}, {@link MinMaxNorm}, {@link UnitNorm}): each slice of
 * the weight along {@code axis} is multiplied by a factor of its L2 norm; {@code axis} is the last config key, as in
 * Keras.
 */
abstract class NormConstraint extends NestedObject implements Constraint {
  /** Keras' {@code backend.epsilon()} added to the norm the factors divide by. */
  static final float EPSILON = 1e-7f;

  private final int axis;

  /**
   * @param axis the axis the norm is taken over
   * @param keysAndValues the config keys before {@code axis} and their values, in Keras' order
   */
  NormConstraint(String className, int axis, Object... keysAndValues) {
    super(className, withAxis(keysAndValues, axis));
    this.axis = axis;
  }

  private static Object[] withAxis(Object[] keysAndValues, int axis) {
    Object[] all = java.util.Arrays.copyOf(keysAndValues, keysAndValues.length + 2);
    all[keysAndValues.length] = "axis";
    all[keysAndValues.length + 1] = axis;
    return all;
  }

  /** The factor a slice of L2 norm {@code norm} is multiplied by. */
  abstract double factor(double norm);

  @Override
  public final void apply(float[] w, Shape shape) {
    Norms.rescale(w, shape, axis, this::factor);
  }
}
