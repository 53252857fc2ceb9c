package org.dropout4j.layers.initializers;

import org.dropout4j.layers.KerasObject;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Fills a new weight. Implementations are immutable and serialize to the Keras form: a class name such as
 * {@code GlorotUniform} and a config such as {@code {seed: null}}.
 */
public interface Initializer extends KerasObject {
  /** A tensor of {@code shape} drawn with {@code key}. */
  Tensor create(Shape shape, RngKey key);
}
