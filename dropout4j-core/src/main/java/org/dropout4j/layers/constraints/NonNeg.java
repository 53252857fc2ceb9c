package org.dropout4j.layers.constraints;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dropout4j.tensor.Shape;

/**
 * Keras' {@code NonNeg()}: sets negative weights to zero, {@code w * (w >= 0)}.
 *
 * <pre>{@code
 * Dense.builder(64).kernelConstraint(new NonNeg()).build();
 * }</pre>
 */
public final class NonNeg implements Constraint {
  /** {@code NonNeg()}; it has no options. */
  public NonNeg() {
  }

  @Override
  public void apply(float[] w, Shape shape) {
    for (int i = 0; i < w.length; i++) {
      if (w[i] < 0f) {
        w[i] = 0f;
      }
    }
  }

  @Override
  public String className() {
    return "NonNeg";
  }

  /** An empty config, as Keras'. */
  @Override
  public Map<String, Object> getConfig() {
    return new LinkedHashMap<>();
  }
}
