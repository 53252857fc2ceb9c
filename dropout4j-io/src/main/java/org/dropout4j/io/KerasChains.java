package org.dropout4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading a Keras functional model config whose layers form one chain as a Sequential config (the form
 * {@link KerasImport#load} returns): the chain check over Keras 2 and Keras 3 {@code inbound_nodes}. General
 * graphs are {@link KerasGraphImport}'s.
 */
final class KerasChains {
  private KerasChains() {
  }

  /**
   * A functional config whose layers form one chain (one input, one output, each layer fed by the one before it,
   * without call arguments) as a Sequential envelope; anything else is refused.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asSequential(Map<String, Object> envelope) {
    Object c = envelope.get("config");
    if (!(c instanceof Map) || !(((Map<String, Object>) c).get("layers") instanceof List)) {
      throw new IllegalArgumentException("invalid functional model config: expected `config.layers`");
    }
    Map<String, Object> config = (Map<String, Object>) c;
    List<Object> layers = (List<Object>) config.get("layers");
    String previous = null;
    List<Object> chain = new ArrayList<>();
    for (Object o : layers) {
      Map<String, Object> layer = (Map<String, Object>) o;
      String name = String.valueOf(layer.get("name"));
      List<String> inbound = inboundLayers(layer.get("inbound_nodes"), name);
      boolean ok = previous == null ? inbound.isEmpty() : inbound.equals(List.of(previous));
      if (!ok) {
        throw new IllegalArgumentException("unsupported functional model: layer '" + name + "' is fed by "
            + inbound + ", not only by the layer before it; only models whose layers form a single chain can be "
            + "read as Sequential");
      }
      Map<String, Object> env = new LinkedHashMap<>(layer);
      env.remove("inbound_nodes");
      env.remove("name");
      chain.add(env);
      previous = name;
    }
    List<String> inputs = endpoints(config.get("input_layers"));
    List<String> outputs = endpoints(config.get("output_layers"));
    if (inputs.size() != 1 || outputs.size() != 1 || !outputs.get(0).equals(previous)) {
      throw new IllegalArgumentException("unsupported functional model: it needs exactly one input and one output, "
          + "the last layer; received input_layers=" + Json.write(config.get("input_layers")) + ", output_layers="
          + Json.write(config.get("output_layers")));
    }
    Map<String, Object> seq = new LinkedHashMap<>();
    seq.put("name", config.getOrDefault("name", "sequential"));
    seq.put("layers", chain);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("class_name", "Sequential");
    out.put("config", seq);
    return out;
  }

  /**
   * The layer names of {@code input_layers} / {@code output_layers}: a list of {@code [name, node, tensor]}, or one
   * such triple (Keras 3 writes a single input or output that way).
   */
  private static List<String> endpoints(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof List && !((List<?>) v).isEmpty() && ((List<?>) v).get(0) instanceof String) {
      out.add((String) ((List<?>) v).get(0));
    } else if (v instanceof List) {
      for (Object ref : (List<?>) v) {
        out.add(ref instanceof List && !((List<?>) ref).isEmpty() ? String.valueOf(((List<?>) ref).get(0)) : null);
      }
    }
    return out;
  }

  /** The layer names feeding a layer, Keras 2 ({@code [[[name, 0, 0, {}]]]}) or Keras 3 ({@code keras_history}). */
  @SuppressWarnings("unchecked")
  private static List<String> inboundLayers(Object nodes, String layer) {
    List<String> out = new ArrayList<>();
    if (nodes == null) {
      return out;
    }
    List<Object> list = (List<Object>) nodes;
    if (list.size() > 1) {
      throw new IllegalArgumentException("unsupported functional model: layer '" + layer + "' is called "
          + list.size() + " times (shared layers)");
    }
    for (Object node : list) {
      if (node instanceof List) { // Keras 2: a list of [layer, node, tensor, kwargs]
        for (Object t : (List<Object>) node) {
          List<Object> ref = (List<Object>) t;
          if (ref.size() > 3 && ref.get(3) instanceof Map && !((Map<?, ?>) ref.get(3)).isEmpty()) {
            throw new IllegalArgumentException("unsupported functional model: layer '" + layer + "' is called with "
                + "arguments " + Json.write(ref.get(3)));
          }
          out.add(String.valueOf(ref.get(0)));
        }
      } else if (node instanceof Map) { // Keras 3: {"args": [...], "kwargs": {...}}
        Map<String, Object> n = (Map<String, Object>) node;
        Object kwargs = n.get("kwargs");
        if (kwargs instanceof Map && !((Map<?, ?>) kwargs).isEmpty()) {
          throw new IllegalArgumentException("unsupported functional model: layer '" + layer + "' is called with "
              + "arguments " + Json.write(kwargs));
        }
        for (Object a : (List<Object>) n.getOrDefault("args", List.of())) {
          Object cfg = a instanceof Map ? ((Map<String, Object>) a).get("config") : null;
          Object history = cfg instanceof Map ? ((Map<String, Object>) cfg).get("keras_history") : null;
          if (!(history instanceof List)) {
            throw new IllegalArgumentException("unsupported functional model: layer '" + layer + "' has an input "
                + "that is not a layer output: " + Json.write(a));
          }
          out.add(String.valueOf(((List<Object>) history).get(0)));
        }
      }
    }
    return out;
  }
}
