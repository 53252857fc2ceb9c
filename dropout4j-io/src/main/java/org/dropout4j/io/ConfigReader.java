package org.dropout4j.io;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads from a Keras config map that remember which keys were read, so that {@link #finish()} can refuse
 * the keys nobody understood. Errors name the layer, the argument, what was expected and what was received.
 */
final class ConfigReader {
  private final Map<String, Object> config;
  private final String owner;
  private final Set<String> seen = new LinkedHashSet<>();

  /**
   * @param config the config map
   * @param owner how errors name the owner, e.g. {@code layer "dense" (Dense)}
   */
  ConfigReader(Map<String, Object> config, String owner) {
    if (config == null) {
      throw new IllegalArgumentException(owner + ": missing `config`");
    }
    this.config = config;
    this.owner = owner;
  }

  /** A reader for a layer config, naming the layer by its {@code name} key if present. */
  static ConfigReader forLayer(Map<String, Object> config, String className) {
    Object name = config == null ? null : config.get("name");
    return new ConfigReader(config, "layer " + (name == null ? "" : "\"" + name + "\" ") + "(" + className + ")");
  }

  String owner() {
    return owner;
  }

  boolean has(String key) {
    return config.containsKey(key);
  }

  /** The raw value (marks the key as read). */
  Object raw(String key) {
    seen.add(key);
    return config.get(key);
  }

  /** Marks keys as read without using them (keys that carry nothing for this library). */
  void ignore(String... keys) {
    for (String k : keys) {
      seen.add(k);
    }
  }

  /** Accepts a key only if it is absent or null: for Keras options this library does not implement. */
  void requireNull(String key, String why) {
    Object v = raw(key);
    if (v != null) {
      throw new IllegalArgumentException(owner + ": unsupported value for argument `" + key + "`: " + why
          + ", received " + key + "=" + Json.write(v));
    }
  }

  IllegalArgumentException invalid(String key, String expected, Object received) {
    return new IllegalArgumentException(owner + ": invalid value for argument `" + key + "`, expected " + expected
        + ", received " + key + "=" + (received instanceof String ? "\"" + received + "\"" : Json.write(received)));
  }

  String string(String key, String fallback) {
    Object v = raw(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String)) {
      throw invalid(key, "a string", v);
    }
    return (String) v;
  }

  String requiredString(String key) {
    String s = string(key, null);
    if (s == null) {
      throw new IllegalArgumentException(owner + ": missing required argument `" + key + "`");
    }
    return s;
  }

  boolean bool(String key, boolean fallback) {
    Object v = raw(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean)) {
      throw invalid(key, "true or false", v);
    }
    return (Boolean) v;
  }

  int requiredInt(String key) {
    Object v = raw(key);
    if (v == null) {
      throw new IllegalArgumentException(owner + ": missing required argument `" + key + "`");
    }
    return toInt(key, v);
  }

  int integer(String key, int fallback) {
    Object v = raw(key);
    return v == null ? fallback : toInt(key, v);
  }

  Long optionalLong(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double && (Double) v == Math.rint((Double) v) && Math.abs((Double) v) < 9.0e15) {
      return ((Double) v).longValue();
    }
    throw invalid(key, "an integer or null", v);
  }

  private int toInt(String key, Object v) {
    if (v instanceof Integer) {
      return (Integer) v;
    }
    if (v instanceof Long && (Long) v == ((Long) v).intValue()) {
      return ((Long) v).intValue();
    }
    if (v instanceof Double && (Double) v == Math.rint((Double) v) && Math.abs((Double) v) <= Integer.MAX_VALUE) {
      return ((Double) v).intValue();
    }
    throw invalid(key, "an integer", v);
  }

  float number(String key, float fallback) {
    Object v = raw(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number)) {
      throw invalid(key, "a number", v);
    }
    double d = ((Number) v).doubleValue();
    float f = (float) d;
    if (Double.isFinite(d) && (Float.isInfinite(f) || (d != 0 && f == 0))) {
      throw invalid(key, "a number representable as a float32 (magnitude between 1.4e-45 and 3.4e38, or 0)", v);
    }
    return f;
  }

  float requiredNumber(String key) {
    if (config.get(key) == null) {
      raw(key);
      throw new IllegalArgumentException(owner + ": missing required argument `" + key + "`");
    }
    return number(key, 0f);
  }

  /** A list of integers where {@code null} entries stay {@code null} (unknown sizes); {@code null} if absent. */
  List<Integer> dims(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List)) {
      throw invalid(key, "a list of integers or nulls", v);
    }
    List<Integer> out = new ArrayList<>();
    for (Object o : (List<?>) v) {
      if (o == null) {
        out.add(null);
      } else if (o instanceof Number && ((Number) o).doubleValue() == Math.rint(((Number) o).doubleValue())) {
        double d = ((Number) o).doubleValue();
        if (d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
          throw invalid(key, "a list of integers or nulls, each at most " + Integer.MAX_VALUE, v);
        }
        out.add(((Number) o).intValue());
      } else {
        throw invalid(key, "a list of integers or nulls", v);
      }
    }
    return out;
  }

  /** A nested {@code {"class_name", "config"}} object, a bare string name, or {@code null}. */
  Object nested(String key) {
    return raw(key);
  }

  /**
   * Refuses keys that were never read.
   *
   * @throws IllegalArgumentException listing the unknown keys and the supported ones
   */
  void finish() {
    List<String> unknown = new ArrayList<>();
    for (String k : config.keySet()) {
      if (!seen.contains(k)) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(owner + ": unsupported config key(s) " + unknown + "; supported keys: "
          + seen);
    }
  }
}
