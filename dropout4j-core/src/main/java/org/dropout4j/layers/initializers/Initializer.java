package org.dropout4j.layers.initializers;

import java.util.Map;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** Fills a new weight. Implementations are immutable and serialize to the Keras form. */
public interface Initializer {
  /** A tensor of {@code shape} drawn with {@code key}. */
  Tensor create(Shape shape, RngKey key);

  /** The Keras class name, e.g. {@code GlorotUniform}. */
  String className();

  /** The Keras config, e.g. {@code {seed: null}}. */
  Map<String, Object> getConfig();
}
