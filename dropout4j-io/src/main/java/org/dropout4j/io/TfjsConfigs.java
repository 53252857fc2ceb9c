package org.dropout4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keras 3 model configs to the Keras-2 form that tfjs-layers 4.x deserializes. */
final class TfjsConfigs {
  private TfjsConfigs() {
  }

  /**
   * The TF.js {@code modelTopology} for a {@link ModelJson#toConfig} envelope.
   *
   * @throws IllegalArgumentException naming the layer if it uses something TF.js does not have
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> toTfjs(Map<String, Object> envelope) {
    Map<String, Object> config = (Map<String, Object>) envelope.get("config");
    List<Object> layers = new ArrayList<>();
    for (Object l : (List<Object>) config.get("layers")) {
      Map<String, Object> env = (Map<String, Object>) l;
      String cls = (String) env.get("class_name");
      Map<String, Object> c = (Map<String, Object>) env.get("config");
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("class_name", cls);
      out.put("config", cls.equals("InputLayer") ? inputLayer(c) : layer(cls, c));
      layers.add(out);
    }
    Map<String, Object> seq = new LinkedHashMap<>();
    seq.put("name", config.get("name"));
    seq.put("layers", layers);
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("class_name", envelope.get("class_name"));
    top.put("config", seq);
    return top;
  }

  private static Map<String, Object> inputLayer(Map<String, Object> c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("batch_input_shape", c.get("batch_shape"));
    out.put("dtype", "float32");
    out.put("sparse", false);
    out.put("name", c.get("name"));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> layer(String cls, Map<String, Object> c) {
    String owner = "layer \"" + c.get("name") + "\" (" + cls + ")";
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : c.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      if (key.equals("activation") && v != null && !TfjsLayers.TFJS_ACTIVATIONS.contains(v)) {
        throw new IllegalArgumentException("cannot export " + owner + " to TF.js: TF.js 4.22 has no activation "
            + "\"" + v + "\" (it has " + new java.util.TreeSet<>(TfjsLayers.TFJS_ACTIVATIONS) + ")");
      }
      if (key.endsWith("_initializer") && v instanceof Map) {
        v = renamed((Map<String, Object>) v, Map.of("LecunNormal", "LeCunNormal", "LecunUniform", "LeCunUniform"));
      }
      if (key.endsWith("_regularizer") && v instanceof Map) {
        v = l1l2((Map<String, Object>) v);
      }
      out.put(key, v);
      if (key.equals("bias_regularizer") && cls.equals("Dense")) {
        out.put("activity_regularizer", null);
      }
    }
    return out;
  }

  private static Map<String, Object> renamed(Map<String, Object> env, Map<String, String> names) {
    String cls = (String) env.get("class_name");
    if (!names.containsKey(cls)) {
      return env;
    }
    Map<String, Object> out = new LinkedHashMap<>(env);
    out.put("class_name", names.get(cls));
    return out;
  }

  /** TF.js registers only {@code L1L2}: L1 and L2 become L1L2 with the other factor 0. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> l1l2(Map<String, Object> env) {
    Map<String, Object> c = (Map<String, Object>) env.get("config");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("l1", c.getOrDefault("l1", 0.0));
    config.put("l2", c.getOrDefault("l2", 0.0));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("class_name", "L1L2");
    out.put("config", config);
    return out;
  }
}
