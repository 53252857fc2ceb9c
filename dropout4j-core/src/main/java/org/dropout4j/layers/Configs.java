package org.dropout4j.layers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers for the Keras config form. */
public final class Configs {
  private Configs() {
  }

  /** The Keras {@code {"class_name": ..., "config": {...}}} envelope. */
  public static Map<String, Object> envelope(String className, Map<String, Object> config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("class_name", className);
    m.put("config", config);
    return m;
  }
}
