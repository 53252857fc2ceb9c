package org.dropout4j.layers.initializers;

import org.dropout4j.layers.NestedObject;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code RandomUniform}: values uniform in {@code [minval, maxval)}; the Keras defaults
 * {@code minval = -0.05, maxval = 0.05} make it the default {@code embeddings_initializer} ({@code "uniform"}).
 */
final class RandomUniform extends NestedObject implements Initializer {
  /** Keras' default {@code minval}. */
  static final double DEFAULT_MINVAL = -0.05;
  /** Keras' default {@code maxval}. */
  static final double DEFAULT_MAXVAL = 0.05;

  private final double minval;
  private final double maxval;

  RandomUniform(double minval, double maxval) {
    super("RandomUniform", "seed", null, "minval", minval, "maxval", maxval);
    this.minval = minval;
    this.maxval = maxval;
  }

  @Override
  public Tensor create(Shape shape, RngKey key) {
    float[] v = new float[shape.size()];
    key.fillUniform(v);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (minval + (maxval - minval) * v[i]);
    }
    return Tensor.of(shape, v);
  }
}
