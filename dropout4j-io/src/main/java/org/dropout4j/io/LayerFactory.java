package org.dropout4j.io;

import java.util.Map;
import org.dropout4j.layers.Layer;

/**
 * Builds one layer type from its Keras config map (the {@code config} part of the
 * {@code {"class_name": ..., "config": ...}} envelope). Registered in a {@link LayerRegistry} under the Keras
 * {@code class_name}.
 *
 * <p>A factory reads every key it understands, refuses values it cannot honour (naming the layer, the argument, what
 * it expects and what it received) and refuses keys it does not know, so nothing is silently reinterpreted.
 */
@FunctionalInterface
public interface LayerFactory {
  /**
   * The layer for a config.
   *
   * @param config the Keras config (snake_case keys)
   * @return a new, unbuilt layer
   * @throws IllegalArgumentException if a value is missing, of the wrong type or out of range
   */
  Layer fromConfig(Map<String, Object> config);
}
