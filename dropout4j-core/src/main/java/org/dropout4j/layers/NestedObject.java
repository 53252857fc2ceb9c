package org.dropout4j.layers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared part of the small objects a layer config nests as {@code {"class_name": ..., "config": ...}}
 * (initializers, constraints): the Keras class name and the config, fixed when the object is built. A subclass
 * checks its arguments and passes them as config entries in Keras' order.
 */
public abstract class NestedObject implements KerasObject {
  private final String className;
  private final Map<String, Object> config;

  /**
   * @param className the Keras class name, e.g. {@code MaxNorm}
   * @param keysAndValues the config: key, value, key, value... in Keras' order (values may be {@code null})
   * @throws IllegalArgumentException if a key is not a string or a key has no value
   */
  protected NestedObject(String className, Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(className + ": expected config keys and values in pairs, received "
          + keysAndValues.length + " items");
    }
    Map<String, Object> c = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (!(keysAndValues[i] instanceof String key)) {
        throw new IllegalArgumentException(className + ": expected a string config key, received "
            + keysAndValues[i]);
      }
      c.put(key, keysAndValues[i + 1]);
    }
    this.className = className;
    this.config = c;
  }

  @Override
  public final String className() {
    return className;
  }

  /** The Keras config, a new mutable copy on each call. */
  @Override
  public final Map<String, Object> getConfig() {
    return new LinkedHashMap<>(config);
  }
}
