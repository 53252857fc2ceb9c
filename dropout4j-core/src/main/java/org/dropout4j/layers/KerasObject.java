package org.dropout4j.layers;

import java.util.Map;

/**
 * Something a Keras config holds as {@code {"class_name": ..., "config": {...}}}
 * ({@link Configs#envelope(KerasObject)}):
 * a {@link Layer}, an initializer, a constraint, a regularizer.
 */
public interface KerasObject {
  /** The Keras class name, e.g. {@code Dense} or {@code MaxNorm}. */
  String className();

  /** The Keras config: snake_case keys in Keras' order. */
  Map<String, Object> getConfig();
}
