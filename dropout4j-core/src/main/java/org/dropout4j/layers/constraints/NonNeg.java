package org.dropout4j.layers.constraints;

import org.dropout4j.layers.NestedObject;
import org.dropout4j.tensor.Shape;

/**
 * Keras' {@code NonNeg()}: sets negative weights to zero, {@code w * (w >= 0)}.
 *
 * <pre>{@code
 * Dense.builder(64).kernelConstraint(new NonNeg()).build();
 * }</pre>
 */
public final class NonNeg extends NestedObject implements Constraint {
  /** {@code NonNeg()}; it has no options (an empty config, as Keras'). */
  public NonNeg() {
    super("NonNeg");
  }

  @Override
  public void apply(float[] w, Shape shape) {
    for (int i = 0; i < w.length; i++) {
      if (w[i] < 0f) {
        w[i] = 0f;
      }
    }
  }
}
