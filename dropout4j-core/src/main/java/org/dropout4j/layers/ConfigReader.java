package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.dropout4j.tensor.Shape;

/**
 * Typed reads from a Keras config map that remember which keys were read, so that {@link #finish()} can refuse
 * the keys nobody understood. Errors name the owner (e.g. {@code layer "dense" (Dense)}), the argument, what was
 * expected and what was received. A layer's {@link LayerDescriptor} reads its config with one; file formats read
 * their manifests with one too.
 */
public final class ConfigReader {
  private final Map<String, Object> config;
  private final String owner;
  private final Set<String> seen = new LinkedHashSet<>();
  private final Function<Map<String, Object>, Layer> layers;

  /**
   * A reader without nested layers.
   *
   * @param config the config map
   * @param owner how errors name the owner, e.g. {@code layer "dense" (Dense)}
   * @throws IllegalArgumentException if {@code config} is {@code null}
   */
  public ConfigReader(Map<String, Object> config, String owner) {
    this(config, owner, null);
  }

  /**
   * A reader whose nested layer envelopes (a wrapper's {@code layer}) are read by {@code layers}.
   *
   * @param config the config map
   * @param owner how errors name the owner, e.g. {@code layer "dense" (Dense)}
   * @param layers reads a nested {@code {"class_name": ..., "config": ...}} envelope (a layer registry), or
   *     {@code null} when the config cannot nest layers
   * @throws IllegalArgumentException if {@code config} is {@code null}
   */
  public ConfigReader(Map<String, Object> config, String owner, Function<Map<String, Object>, Layer> layers) {
    if (config == null) {
      throw new IllegalArgumentException(owner + ": missing `config`");
    }
    this.config = config;
    this.owner = owner;
    this.layers = layers;
  }

  /**
   * A reader for a layer config, naming the layer by its {@code name} key if present.
   *
   * @param layers reads nested layer envelopes, or {@code null}
   * @throws IllegalArgumentException if {@code config} is {@code null}
   */
  public static ConfigReader forLayer(Map<String, Object> config, String className,
      Function<Map<String, Object>, Layer> layers) {
    Object name = config == null ? null : config.get("name");
    return new ConfigReader(config, "layer " + (name == null ? "" : "\"" + name + "\" ") + "(" + className + ")",
        layers);
  }

  /**
   * A nested layer from its envelope, read by the registry that reads this config.
   *
   * @throws IllegalStateException if this reader was made without a way to read nested layers
   */
  public Layer layer(Map<String, Object> envelope) {
    if (layers == null) {
      throw new IllegalStateException(owner + ": a nested layer can only be read through a layer registry");
    }
    return layers.apply(envelope);
  }

  /** How errors name the owner of the config. */
  public String owner() {
    return owner;
  }

  /** Whether the key is present (even with a {@code null} value); does not mark it as read. */
  public boolean has(String key) {
    return config.containsKey(key);
  }

  /** The raw value (marks the key as read). */
  public Object raw(String key) {
    seen.add(key);
    return config.get(key);
  }

  /** Marks keys as read without using them (keys that carry nothing for this library). */
  public void ignore(String... keys) {
    for (String k : keys) {
      seen.add(k);
    }
  }

  /**
   * Accepts a key only if it is absent or null: for Keras options this library does not implement.
   *
   * @throws IllegalArgumentException naming the key, why and the value, if it is set
   */
  public void requireNull(String key, String why) {
    Object v = raw(key);
    if (v != null) {
      throw new IllegalArgumentException(owner + ": unsupported value for argument `" + key + "`: " + why
          + ", received " + key + "=" + Configs.repr(v));
    }
  }

  /**
   * Accepts a boolean key only if it is absent or false.
   *
   * @throws IllegalArgumentException if it is true or not a boolean
   */
  public void requireFalse(String key) {
    if (bool(key, false)) {
      throw invalid(key, "false", true);
    }
  }

  /** The Keras-style error for a value: {@code invalid value for argument `key`, expected ..., received key=...}. */
  public IllegalArgumentException invalid(String key, String expected, Object received) {
    return new IllegalArgumentException(owner + ": invalid value for argument `" + key + "`, expected " + expected
        + ", received " + key + "=" + Configs.repr(received));
  }

  /** A string, or {@code fallback} when absent or null. */
  public String string(String key, String fallback) {
    return typed(key, fallback, String.class, "a string");
  }

  /** The value of {@code key} as a {@code type}, or {@code fallback} when absent or null. */
  private <T> T typed(String key, T fallback, Class<T> type, String expected) {
    Object v = raw(key);
    if (v == null) {
      return fallback;
    }
    if (!type.isInstance(v)) {
      throw invalid(key, expected, v);
    }
    return type.cast(v);
  }

  /** A string that must be present. */
  public String requiredString(String key) {
    String s = string(key, null);
    if (s == null) {
      throw missing(key);
    }
    return s;
  }

  /** A boolean, or {@code fallback} when absent or null. */
  public boolean bool(String key, boolean fallback) {
    return typed(key, fallback, Boolean.class, "true or false");
  }

  /** An integer that must be present (an integral double such as {@code 3.0} is accepted). */
  public int requiredInt(String key) {
    Object v = raw(key);
    if (v == null) {
      throw missing(key);
    }
    return toInt(key, v);
  }

  /** An integer, or {@code fallback} when absent or null. */
  public int integer(String key, int fallback) {
    Object v = raw(key);
    return v == null ? fallback : toInt(key, v);
  }

  /** An optional integer seed or count, {@code null} when absent or null. */
  public Long optionalLong(String key) {
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

  /** A number as a float, or {@code fallback} when absent or null. */
  public float number(String key, float fallback) {
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

  /** A number that must be present. */
  public float requiredNumber(String key) {
    if (config.get(key) == null) {
      raw(key);
      throw missing(key);
    }
    return number(key, 0f);
  }

  /** A list of integers where {@code null} entries stay {@code null} (unknown sizes); {@code null} if absent. */
  public List<Integer> dims(String key) {
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

  /**
   * A list of integers that must be present, none of them null.
   *
   * @param expected what a valid value is, for the error (e.g. {@code a permutation of 1..n})
   */
  public int[] requiredInts(String key, String expected) {
    List<Integer> d = dims(key);
    if (d == null || d.contains(null)) {
      throw invalid(key, expected, d);
    }
    return d.stream().mapToInt(Integer::intValue).toArray();
  }

  /** An integer or a list of one integer (Keras' 1-D tuples), or {@code fallback} when absent or null. */
  public Integer single(String key, Integer fallback) {
    Object v = raw(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number) {
      return integer(key, 0);
    }
    List<Integer> d = dims(key);
    if (d.size() != 1 || d.get(0) == null) {
      throw invalid(key, "an integer or a list of 1 integer", v);
    }
    return d.get(0);
  }

  /** A Keras int-or-pair argument ({@code 3} or {@code [3, 3]}) as one or two values; {@code fallback} if absent. */
  public int[] intOrPair(String key, int[] fallback) {
    Object v = raw(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number) {
      return new int[] {integer(key, 0)};
    }
    List<Integer> d = dims(key);
    if (d.contains(null) || (d.size() != 1 && d.size() != 2)) {
      throw invalid(key, "an integer or a list of 2 integers", v);
    }
    return d.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A rate in {@code [0, 1)}, 0 when absent (e.g. an attention layer's {@code dropout}). */
  public float rate(String key) {
    float v = number(key, 0f);
    if (!(v >= 0f && v < 1f)) {
      throw invalid(key, "a float in [0, 1)", raw(key));
    }
    return v;
  }

  /** {@code value}, read from {@code key}, checked to be positive. */
  public int positive(String key, int value) {
    if (value <= 0) {
      throw invalid(key, "a positive integer", value);
    }
    return value;
  }

  /** An integer, a list of integers, or {@code null} (Keras' int-or-tuple arguments such as {@code attention_axes}). */
  public int[] intsOrNull(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number) {
      return new int[] {integer(key, 0)};
    }
    List<Integer> d = v instanceof List ? dims(key) : null;
    if (d == null || d.contains(null)) {
      throw invalid(key, "an integer, a list of integers or null", v);
    }
    return d.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A shape with {@code null} for unknown sizes as {@link Shape#UNKNOWN}; sizes must be positive. */
  public Shape shape(List<Integer> dims, String key) {
    int[] d = new int[dims.size()];
    for (int i = 0; i < d.length; i++) {
      Integer v = dims.get(i);
      if (v != null && v <= 0) {
        throw invalid(key, "positive sizes or null", dims);
      }
      d[i] = v == null ? Shape.UNKNOWN : v;
    }
    return Shape.of(d);
  }

  /** A nested {@code {"class_name", "config"}} object, a bare string name, or {@code null}. */
  public Object nested(String key) {
    return raw(key);
  }

  /**
   * The keys every layer may carry that only matter to the model: {@code dtype} (float32 only; on a Keras 2 first
   * layer, which carries its input's shape, also the input dtypes of {@link #inputDtype()}) and the input shape of a
   * first layer.
   *
   * @throws IllegalArgumentException for a dtype other than float32
   */
  public void layerBase() {
    if (has("batch_input_shape") || has("batch_shape")) {
      inputDtype(); // Keras 2: a first layer's dtype is also its input's
    } else {
      Object v = raw("dtype");
      if (v instanceof Map<?, ?> m && String.valueOf(m.get("class_name")).startsWith("Quantized")) {
        Object mode = m.get("config") instanceof Map<?, ?> c ? c.get("mode") : null;
        throw invalid("dtype", "\"float32\"; the layer is quantized (Keras' model.quantize(\"" + mode + "\"): "
            + mode + " weights with scales), which dropout4j does not read: save the float model before quantize()"
            + " and load that file", v);
      }
      if (!(v == null || "float32".equals(v) || isFloat32Policy(v))) {
        throw invalid("dtype", "\"float32\" (the only dtype dropout4j computes in)", v);
      }
    }
    ignore("batch_input_shape", "batch_shape", "batch_size");
  }

  /**
   * The dtype of model inputs: {@code float32}, or {@code int32} / {@code int64} (integer inputs such as token ids),
   * as a string or a Keras 3 dtype policy.
   *
   * @throws IllegalArgumentException for any other dtype
   */
  public String inputDtype() {
    Object v = raw("dtype");
    if (v instanceof Map && ((Map<?, ?>) v).get("config") instanceof Map) {
      v = ((Map<?, ?>) ((Map<?, ?>) v).get("config")).get("name");
    }
    if (v == null) {
      return "float32";
    }
    if (!List.of("float32", "int32", "int64", "bool").contains(v)) {
      throw invalid("dtype", "one of \"float32\", \"int32\", \"int64\", \"bool\" (the input dtypes dropout4j "
          + "reads)", v);
    }
    return (String) v;
  }

  private static boolean isFloat32Policy(Object v) {
    if (!(v instanceof Map)) {
      return false;
    }
    Object inner = ((Map<?, ?>) v).get("config");
    return inner instanceof Map && "float32".equals(((Map<?, ?>) inner).get("name"));
  }

  /**
   * The shared keys of a layer: the base keys and {@code trainable} (read here; a {@code false} freezes the layer
   * once it is built, see {@link LayerDescriptor#fromConfig(Map, java.util.function.Function)}); returns the
   * {@code name}.
   *
   * @param className the layer's Keras class name
   */
  public String unfrozenName(String className) {
    return baseName();
  }

  /**
   * The shared keys of a layer without weights (dropout family, pooling, reshaping): the base keys and
   * {@code trainable}, which Keras writes {@code false} on every layer of a frozen model and which changes nothing
   * for a layer without weights; returns the {@code name}.
   */
  public String weightlessName(String className) {
    return baseName();
  }

  private String baseName() {
    layerBase();
    String name = string("name", null);
    bool("trainable", true);
    return name;
  }

  /**
   * Refuses keys that were never read, unless null: a newer Keras writes its new options as null when they are off
   * (e.g. {@code quantization_config}), which changes nothing; a set unknown key is refused naming it.
   *
   * @throws IllegalArgumentException listing the unknown keys and the supported ones
   */
  public void finish() {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, Object> e : config.entrySet()) {
      if (!seen.contains(e.getKey()) && e.getValue() != null) {
        unknown.add(e.getKey()); // a key a newer Keras writes as null (its option off) changes nothing: accepted
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(owner + ": unsupported config key(s) " + unknown + "; supported keys: "
          + seen);
    }
  }

  private IllegalArgumentException missing(String key) {
    return new IllegalArgumentException(owner + ": missing required argument `" + key + "`");
  }
}
