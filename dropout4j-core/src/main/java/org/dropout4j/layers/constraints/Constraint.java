package org.dropout4j.layers.constraints;

import org.dropout4j.layers.KerasObject;
import org.dropout4j.tensor.Shape;

/**
 * A projection applied to a weight after each optimizer step (e.g. max-norm). Immutable; serializes to the Keras
 * form, a class name such as {@code MaxNorm} and its config.
 */
public interface Constraint extends KerasObject {
  /** Projects {@code w} (of {@code shape}) in place. */
  void apply(float[] w, Shape shape);
}
