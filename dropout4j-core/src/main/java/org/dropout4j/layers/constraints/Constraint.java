package org.dropout4j.layers.constraints;

import java.util.Map;
import org.dropout4j.tensor.Shape;

/** A projection applied to a weight after each optimizer step (e.g. max-norm). Immutable. */
public interface Constraint {
  /** Projects {@code w} (of {@code shape}) in place. */
  void apply(float[] w, Shape shape);

  /** The Keras class name, e.g. {@code MaxNorm}. */
  String className();

  /** The Keras config. */
  Map<String, Object> getConfig();
}
