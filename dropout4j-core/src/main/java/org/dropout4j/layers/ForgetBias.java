package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** Keras' {@code unit_forget_bias}: the bias initializer for gates i, c, o and ones for the forget gate. */
final class ForgetBias implements Initializer {
  private final Initializer base;
  private final int units;

  ForgetBias(Initializer base, int units) {
    this.base = base;
    this.units = units;
  }

  @Override
  public Tensor create(Shape shape, RngKey key) {
    float[] v = new float[4 * units];
    System.arraycopy(base.create(Shape.of(units), key.fold(0)).toArray(), 0, v, 0, units);
    java.util.Arrays.fill(v, units, 2 * units, 1f);
    System.arraycopy(base.create(Shape.of(2 * units), key.fold(1)).toArray(), 0, v, 2 * units, 2 * units);
    return Tensor.of(shape, v);
  }

  @Override
  public String className() {
    return base.className();
  }

  @Override
  public Map<String, Object> getConfig() {
    return base.getConfig();
  }
}
