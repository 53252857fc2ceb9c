package org.dropout4j.layers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers for the Keras config form. */
public final class Configs {
  private Configs() {
  }

  /**
   * A float hyper-parameter as the double a person wrote ({@code 0.4f} becomes {@code 0.4}, not
   * {@code 0.4000000059604645}), so configs read like Keras' and round-trip to the same float.
   */
  public static double number(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  /** The Keras {@code {"class_name": ..., "config": {...}}} envelope. */
  public static Map<String, Object> envelope(String className, Map<String, Object> config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("class_name", className);
    m.put("config", config);
    return m;
  }
}
