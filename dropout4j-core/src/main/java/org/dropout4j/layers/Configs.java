package org.dropout4j.layers;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for the Keras config form, and the defaults several layer types share (each written once). */
public final class Configs {
  /** Keras' default {@code data_format} (its {@code image_data_format} when never configured). */
  public static final String CHANNELS_LAST = "channels_last";
  /** The {@code data_format} with channels on axis 1. */
  public static final String CHANNELS_FIRST = "channels_first";
  /** Keras' default kernel initializer of Dense and the convolutions. */
  public static final String GLOROT_UNIFORM = "glorot_uniform";
  /** Keras' default bias initializer. */
  public static final String ZEROS = "zeros";
  /** The default initializer of scales (normalization gammas). */
  public static final String ONES = "ones";
  /** Keras' default padding of convolutions and pooling. */
  public static final String VALID = "valid";

  private Configs() {
  }

  /**
   * A float hyper-parameter as the double a person wrote ({@code 0.4f} becomes {@code 0.4}, not
   * {@code 0.4000000059604645}), so configs read like Keras' and round-trip to the same float.
   */
  public static double number(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  /**
   * A float hyper-parameter as the double a person wrote, or {@code null}: {@link #number(float)} of a nullable value.
   */
  public static Double number(Float value) {
    return value == null ? null : number(value.floatValue());
  }

  /**
   * A config value as compact JSON text (strings quoted, maps and lists as in JSON) for error messages; the value
   * types of a parsed config (maps, lists, strings, numbers, booleans, null).
   */
  public static String repr(Object value) {
    StringBuilder sb = new StringBuilder();
    repr(value, sb);
    return sb.toString();
  }

  private static void repr(Object value, StringBuilder sb) {
    if (value instanceof String) {
      sb.append('"');
      for (char c : ((String) value).toCharArray()) {
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    } else if (value instanceof Map) {
      sb.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) value).entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        repr(String.valueOf(e.getKey()), sb);
        sb.append(':');
        repr(e.getValue(), sb);
        if (it.hasNext()) {
          sb.append(',');
        }
      }
      sb.append('}');
    } else if (value instanceof List) {
      sb.append('[');
      List<?> list = (List<?>) value;
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        repr(list.get(i), sb);
      }
      sb.append(']');
    } else {
      sb.append(value);
    }
  }

  /** The envelope of an object ({@link #envelope(String, Map)} of its class name and config), {@code null} for none. */
  public static Map<String, Object> envelope(KerasObject object) {
    return object == null ? null : envelope(object.className(), object.getConfig());
  }

  /**
   * Writes {@code null} (Keras' {@code None}) under each key, in order: the options a layer's Keras config carries
   * that dropout4j does not implement (regularizers and constraints of some weights), so that files match Keras'.
   */
  public static void putNone(Map<String, Object> config, String... keys) {
    for (String key : keys) {
      config.put(key, null);
    }
  }

  /** The Keras {@code {"class_name": ..., "config": {...}}} envelope. */
  public static Map<String, Object> envelope(String className, Map<String, Object> config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("class_name", className);
    m.put("config", config);
    return m;
  }
}
