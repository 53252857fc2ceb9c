package org.dropout4j.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.io.LayerRegistry;
import org.dropout4j.io.ModelJson;
import org.dropout4j.models.Sequential;

/**
 * Grid axes over a Keras model config: {@code <layer name>.<config key>} (e.g. {@code noise.rate},
 * {@code lstm.recurrent_dropout}) addresses one scalar value of one layer's config. A setting's model is the base
 * config with the setting's values put in and rebuilt through the {@link LayerRegistry}, so every layer the registry
 * knows can be varied, and the layer's own argument checks judge each value.
 *
 * <p>Checks, each naming the spec field: the layer exists (else the layer names are listed), the key exists in that
 * layer's config (else its keys are listed), the value is a scalar of the current value's JSON type (a number for a
 * number, an integer for an integer, a boolean, a string; any scalar where the config holds null), and the model
 * with that one value builds.
 */
final class ConfigAxes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigAxes() {
  }

  /** True for an axis name of the form {@code <layer>.<key>} that is not a {@code training.*} axis. */
  static boolean isLayerAxis(String axis) {
    int dot = axis.indexOf('.');
    return dot > 0 && dot < axis.length() - 1 && !axis.startsWith("training.");
  }

  /** The layer part of a layer axis. */
  static String layer(String axis) {
    return axis.substring(0, axis.lastIndexOf('.'));
  }

  /** The config key part of a layer axis. */
  static String key(String axis) {
    return axis.substring(axis.lastIndexOf('.') + 1);
  }

  /** The layer entries ({@code {class_name, config}}) of a Sequential envelope. */
  static List<JsonNode> layers(JsonNode envelope) {
    JsonNode config = envelope.path("config");
    JsonNode layers = config.isArray() ? config : config.path("layers");
    List<JsonNode> out = new ArrayList<>();
    layers.forEach(out::add);
    return out;
  }

  private static JsonNode layerConfig(JsonNode envelope, String layer, String field) {
    List<String> names = new ArrayList<>();
    for (JsonNode l : layers(envelope)) {
      String name = l.path("config").path("name").asText(null);
      if (layer.equals(name)) {
        return l.path("config");
      }
      if (name != null) {
        names.add(name);
      }
    }
    throw new IllegalArgumentException("invalid field `" + field + "`: the model has no layer named \"" + layer
        + "\"; its layers are " + names);
  }

  /**
   * Checks one value of a layer axis against the base config (see the class doc).
   *
   * @param field the spec field for messages, e.g. {@code grid.noise.rate[2]}
   * @throws IllegalArgumentException naming the field, the layer or key and the candidates, or the value
   */
  static void check(JsonNode envelope, String axis, JsonNode value, String field) {
    JsonNode config = layerConfig(envelope, layer(axis), field);
    String key = key(axis);
    if (!config.has(key)) {
      List<String> keys = new ArrayList<>();
      config.fieldNames().forEachRemaining(keys::add);
      throw new IllegalArgumentException("invalid field `" + field + "`: layer \"" + layer(axis) + "\" ("
          + classOf(envelope, layer(axis)) + ") has no config key \"" + key + "\"; its keys are " + keys);
    }
    JsonNode current = config.get(key);
    String expected = null;
    if (!value.isValueNode() || value.isNull()) {
      expected = "a number, string or boolean";
    } else if (current.isIntegralNumber() && !value.isIntegralNumber()) {
      expected = "an integer (the layer's " + key + " is " + current + ")";
    } else if (current.isNumber() && !value.isNumber()) {
      expected = "a number (the layer's " + key + " is " + current + ")";
    } else if (current.isBoolean() && !value.isBoolean()) {
      expected = "true or false (the layer's " + key + " is " + current + ")";
    } else if (current.isTextual() && !value.isTextual()) {
      expected = "a string (the layer's " + key + " is " + current + ")";
    } else if (current.isContainerNode()) {
      expected = "a scalar config value; `" + key + "` of layer \"" + layer(axis) + "\" is " + current
          + ", which cannot be a grid axis";
    }
    if (expected != null) {
      throw new IllegalArgumentException("invalid value for field `" + field + "`: expected " + expected
          + ", received " + value);
    }
    try {
      build(apply(envelope, Map.of(axis, value)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value for field `" + field + "`: " + e.getMessage(), e);
    }
  }

  private static String classOf(JsonNode envelope, String layer) {
    for (JsonNode l : layers(envelope)) {
      if (layer.equals(l.path("config").path("name").asText(null))) {
        return l.path("class_name").asText("?");
      }
    }
    return "?";
  }

  /** A copy of the envelope with the layer axis values put in. */
  static ObjectNode apply(JsonNode envelope, Map<String, JsonNode> values) {
    ObjectNode copy = envelope.deepCopy();
    for (Map.Entry<String, JsonNode> v : values.entrySet()) {
      ObjectNode config = (ObjectNode) layerConfig(copy, layer(v.getKey()), v.getKey());
      config.set(key(v.getKey()), v.getValue());
    }
    return copy;
  }

  /** A new, unbuilt model from a Keras envelope, through the standard registry. */
  @SuppressWarnings("unchecked")
  static Sequential build(JsonNode envelope) {
    return ModelJson.fromConfig(JSON.convertValue(envelope, LinkedHashMap.class), LayerRegistry.standard());
  }

  /**
   * The Keras envelope of a model: checks that it is a Sequential whose layers are all named and known.
   *
   * @throws IllegalArgumentException naming {@code field} for anything else
   */
  static ObjectNode checkModel(JsonNode envelope, String field) {
    if (envelope == null || !envelope.isObject()) {
      throw new IllegalArgumentException("invalid value for field `" + field + "`: expected a Keras model config "
          + "{class_name: Sequential, config: {layers: [...]}}, received " + envelope);
    }
    Sequential model;
    try {
      model = build(envelope);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value for field `" + field + "`: " + e.getMessage(), e);
    }
    // the round trip names every layer (Keras' auto names for unnamed ones) and fills in defaults
    ObjectNode filled = JSON.valueToTree(ModelJson.toConfig(model));
    List<String> seen = new ArrayList<>();
    for (Iterator<JsonNode> it = ((ArrayNode) filled.path("config").path("layers")).elements(); it.hasNext(); ) {
      String name = it.next().path("config").path("name").asText();
      if (seen.contains(name)) {
        throw new IllegalArgumentException("invalid value for field `" + field + "`: two layers are named \""
            + name + "\"; grid axes address layers by name, so names must be unique");
      }
      seen.add(name);
    }
    return filled;
  }
}
