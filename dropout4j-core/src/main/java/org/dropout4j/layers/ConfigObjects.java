package org.dropout4j.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.internal.Names;
import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.layers.constraints.MinMaxNorm;
import org.dropout4j.layers.constraints.NonNeg;
import org.dropout4j.layers.constraints.UnitNorm;
import org.dropout4j.layers.regularizers.Regularizer;

/**
 * Reads the objects nested in layer configs: activations, initializers (a name, a Keras 3 envelope or a Keras 2
 * {@code VarianceScaling}), regularizers and constraints. Values this library cannot honour are refused, naming
 * them, rather than approximated.
 */
public final class ConfigObjects {
  private ConfigObjects() {
  }

  /** An activation name; {@code "linear"} when absent or null. */
  public static String activation(ConfigReader r, String key) {
    Object v = r.raw(key);
    if (v == null) {
      return Activation.LINEAR;
    }
    if (!(v instanceof String)) {
      throw r.invalid(key, "an activation name such as \"relu\"", v);
    }
    return (String) v;
  }

  /** The snake_case initializer name for an initializer config (envelope or bare name), {@code fallback} if absent. */
  public static String initializer(ConfigReader r, String key, String fallback) {
    Object v = r.nested(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof String) {
      return (String) v;
    }
    Map<String, Object> env = envelope(r, key, v);
    String cls = (String) env.get("class_name");
    ConfigReader c = nestedReader(r, key, env);
    Object dtype = c.raw("dtype"); // tf.keras 1.x / 2.2 initializers carry the weight dtype
    if (dtype != null && !"float32".equals(dtype)) {
      throw c.invalid("dtype", "\"float32\"", dtype);
    }
    String name;
    switch (cls) {
      case "GlorotUniform": case "GlorotNormal": case "HeUniform": case "HeNormal":
      case "LecunUniform": case "LecunNormal": case "LeCunUniform": case "LeCunNormal":
        name = Names.snakeCase(cls.replace("LeCun", "Lecun"));
        noSeedOrAxes(c);
        break;
      case "Zeros": case "Ones":
        name = Names.snakeCase(cls);
        break;
      case "Orthogonal":
        if (c.number("gain", 1f) != 1f) {
          throw c.invalid("gain", "1.0 (the only Orthogonal gain supported)", c.raw("gain"));
        }
        c.requireNull("seed", NO_SEED);
        name = "orthogonal";
        break;
      case "RandomUniform":
        if (c.number("minval", -0.05f) != -0.05f || c.number("maxval", 0.05f) != 0.05f) {
          throw new IllegalArgumentException(c.owner() + ": only the default range minval=-0.05, maxval=0.05 is "
              + "supported, received minval=" + c.raw("minval") + ", maxval=" + c.raw("maxval"));
        }
        c.requireNull("seed", NO_SEED);
        name = "random_uniform";
        break;
      case "VarianceScaling":
        name = varianceScaling(c);
        noSeedOrAxes(c);
        break;
      default:
        throw r.invalid(key, "one of GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, "
            + "Zeros, Ones, Orthogonal, RandomUniform or an equivalent VarianceScaling", cls);
    }
    c.finish();
    return name;
  }

  private static final String NO_SEED = "initializer seeds are not supported (the model seed drives initialization)";

  private static void noSeedOrAxes(ConfigReader c) {
    c.requireNull("seed", NO_SEED);
    c.requireNull("input_axes", "custom fan axes are not supported");
    c.requireNull("output_axes", "custom fan axes are not supported");
  }

  private static String varianceScaling(ConfigReader c) {
    float scale = c.number("scale", 1f);
    String mode = c.string("mode", "fan_in");
    String distribution = c.string("distribution", "truncated_normal");
    boolean uniform = distribution.equals("uniform");
    boolean normal = distribution.equals("normal") || distribution.equals("truncated_normal");
    if (uniform || normal) {
      String family = scale == 1f && mode.equals("fan_avg") ? "glorot"
          : scale == 2f && mode.equals("fan_in") ? "he" : scale == 1f && mode.equals("fan_in") ? "lecun" : null;
      if (family != null) {
        return family + (uniform ? "_uniform" : "_normal");
      }
    }
    throw new IllegalArgumentException(c.owner() + ": unsupported VarianceScaling(scale=" + scale + ", mode=" + mode
        + ", distribution=" + distribution + "); supported are the Glorot, He and LeCun settings");
  }

  /**
   * Requires an initializer that this layer supports only in one form (e.g. BatchNormalization's {@code "zeros"}).
   */
  public static void requireInitializer(ConfigReader r, String key, String only) {
    String name = initializer(r, key, only);
    if (!name.equals(only)) {
      throw r.invalid(key, "\"" + only + "\" (the only " + key + " supported)", name);
    }
  }

  /** An {@code L1}, {@code L2} or {@code L1L2} regularizer, or {@code null} when absent. */
  public static Regularizer regularizer(ConfigReader r, String key) {
    Map<String, Object> env = optionalEnvelope(r, key);
    if (env == null) {
      return null;
    }
    String cls = (String) env.get("class_name");
    ConfigReader c = nestedReader(r, key, env);
    Regularizer reg;
    try {
      switch (cls) {
        case "L1":
          reg = Regularizer.l1(c.number("l1", Regularizer.DEFAULT_FACTOR));
          break;
        case "L2":
          reg = Regularizer.l2(c.number("l2", Regularizer.DEFAULT_FACTOR));
          break;
        case "L1L2":
          reg = Regularizer.l1l2(c.number("l1", 0f), c.number("l2", 0f));
          break;
        default:
          throw r.invalid(key, "one of L1, L2, L1L2", cls);
      }
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(r.owner()) ? e
          : new IllegalArgumentException(c.owner() + ": " + e.getMessage(), e);
    }
    c.finish();
    return reg;
  }

  /**
   * One of Keras' constraints ({@code MaxNorm}, {@code MinMaxNorm}, {@code UnitNorm}, {@code NonNeg}) with Keras'
   * defaults for missing keys, or {@code null} when absent.
   *
   * @throws IllegalArgumentException for another class, an unknown key or a value out of range (prefixed with the
   *     owner and key)
   */
  public static Constraint constraint(ConfigReader r, String key) {
    Map<String, Object> env = optionalEnvelope(r, key);
    if (env == null) {
      return null;
    }
    Object cls = env.get("class_name");
    if (!CONSTRAINTS.contains(cls)) {
      throw r.invalid(key, "one of " + String.join(", ", CONSTRAINTS), cls);
    }
    ConfigReader c = nestedReader(r, key, env);
    Constraint constraint;
    try {
      switch ((String) cls) {
        case "MaxNorm":
          constraint = new MaxNorm(c.number("max_value", MaxNorm.DEFAULT_MAX_VALUE), c.integer("axis", 0));
          break;
        case "MinMaxNorm":
          constraint = new MinMaxNorm(c.number("min_value", MinMaxNorm.DEFAULT_MIN_VALUE),
              c.number("max_value", MinMaxNorm.DEFAULT_MAX_VALUE), c.number("rate", MinMaxNorm.DEFAULT_RATE),
              c.integer("axis", 0));
          break;
        case "UnitNorm":
          constraint = new UnitNorm(c.integer("axis", 0));
          break;
        default:
          constraint = new NonNeg();
          break;
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(c.owner() + ": " + e.getMessage(), e);
    }
    c.finish();
    return constraint;
  }

  /** The Keras constraint classes {@link #constraint} reads. */
  private static final List<String> CONSTRAINTS = List.of("MaxNorm", "MinMaxNorm", "UnitNorm", "NonNeg");

  /**
   * A nested layer envelope {@code {"class_name": ..., "config": {...}}} of the given class, e.g. the Dense a
   * wrapper wraps, read with that class's descriptor.
   *
   * @throws IllegalArgumentException if it is missing, of another class or invalid (prefixed with the owner)
   */
  public static <L extends Layer> L nestedLayer(ConfigReader r, String key, LayerDescriptor<L> descriptor) {
    Object v = r.nested(key);
    if (v == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `" + key + "` (the wrapped "
          + descriptor.className() + ")");
    }
    Map<String, Object> env = envelope(r, key, v);
    if (!descriptor.className().equals(env.get("class_name"))) {
      throw r.invalid(key, "a " + descriptor.className() + " layer", env.get("class_name"));
    }
    try {
      return descriptor.fromConfig(configOf(r, key, env));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(r.owner() + " wrapping " + e.getMessage(), e);
    }
  }

  /** The class names of nested models, which a wrapper's {@code layer} cannot be. */
  private static final Set<String> NESTED_MODELS = Set.of("Sequential", "Functional", "Model");

  /**
   * A nested layer envelope of any class the reading registry knows (a wrapper's {@code layer}; not a nested
   * model), read by that registry; its {@code batch_input_shape} / {@code batch_shape} are dropped, as the wrapper's input declares the
   * shape.
   *
   * @throws IllegalArgumentException if it is missing or invalid (prefixed with the owner)
   */
  public static Layer anyLayer(ConfigReader r, String key) {
    Object v = r.nested(key);
    if (v == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `" + key + "`");
    }
    Object cls = envelope(r, key, v).get("class_name");
    if (NESTED_MODELS.contains(cls)) {
      throw r.invalid(key, "a single layer (a wrapper around a nested model is not supported; wrap each of its "
          + "layers instead, e.g. TimeDistributed(Dense) for each Dense)", cls);
    }
    return readNested(r, wrappedEnvelope(r, key, v));
  }

  /**
   * A copy of a nested layer envelope without the input shape keys of its config, to edit and read with
   * {@link #readNested}.
   *
   * @throws IllegalArgumentException if it is not an envelope
   */
  public static Map<String, Object> wrappedEnvelope(ConfigReader r, String key, Object v) {
    Map<String, Object> config = new LinkedHashMap<>(configOf(r, key, envelope(r, key, v)));
    config.remove("batch_input_shape");
    config.remove("batch_shape");
    Map<String, Object> copy = new LinkedHashMap<>(envelope(r, key, v));
    copy.put("config", config);
    return copy;
  }

  /** Reads a nested layer envelope with the reader's registry, prefixing its errors with the owner. */
  public static Layer readNested(ConfigReader r, Map<String, Object> envelope) {
    try {
      return r.layer(envelope);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(r.owner() + " wrapping " + e.getMessage(), e);
    }
  }

  /** The envelope under {@code key}, or {@code null} when absent or null. */
  private static Map<String, Object> optionalEnvelope(ConfigReader r, String key) {
    Object v = r.nested(key);
    return v == null ? null : envelope(r, key, v);
  }

  /** A reader of a nested object's config, naming it {@code <owner> <key> <class_name>} in errors. */
  private static ConfigReader nestedReader(ConfigReader r, String key, Map<String, Object> env) {
    return new ConfigReader(configOf(r, key, env), r.owner() + " " + key + " " + env.get("class_name"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> envelope(ConfigReader r, String key, Object v) {
    if (!(v instanceof Map) || !(((Map<String, Object>) v).get("class_name") instanceof String)) {
      throw r.invalid(key, "null or {\"class_name\": ..., \"config\": {...}}", v);
    }
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> configOf(ConfigReader r, String key, Map<String, Object> env) {
    Object c = env.get("config");
    if (c == null) {
      return new LinkedHashMap<>();
    }
    if (!(c instanceof Map)) {
      throw r.invalid(key + ".config", "an object", c);
    }
    return (Map<String, Object>) c;
  }
}
