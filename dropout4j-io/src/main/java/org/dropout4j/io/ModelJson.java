package org.dropout4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.ConfigReader;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;

/**
 * A {@link Sequential} model's architecture in the Keras JSON form, and back:
 *
 * <pre>{@code
 * {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
 *   {"class_name": "InputLayer", "config": {"name": "input_layer", "dtype": "float32", "batch_shape": [null, 2], ...}},
 *   {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 500, ...}},
 *   ...]}}
 * }</pre>
 *
 * <p>Only the architecture: weights travel in {@link ModelArchive} or {@link TfjsLayers} files. Reading accepts
 * Keras 3 and Keras 2 / TF.js forms (an {@code InputLayer}, or {@code batch_input_shape} / {@code batch_shape} on the
 * first layer; {@code config} as an object or, in old files, a bare list of layers). Writing then reading gives the
 * same JSON string.
 */
public final class ModelJson {
  /** The name Keras 3 gives an unnamed {@code InputLayer}. */
  public static final String DEFAULT_INPUT_NAME = "input_layer";

  private ModelJson() {
  }

  /** The model as Keras JSON text (compact). */
  public static String toJson(Sequential model) {
    return Json.write(toConfig(model));
  }

  /**
   * The model as a Keras envelope map; the {@code InputLayer} comes first when the input shape is known (declared
   * or built).
   */
  public static Map<String, Object> toConfig(Sequential model) {
    List<Object> layers = new ArrayList<>();
    Shape inputShape = model.inputShape();
    if (inputShape != null) {
      Input input = model.input();
      String name = input != null && input.name() != null ? input.name() : DEFAULT_INPUT_NAME;
      Input named = Input.of(inputShape, name).dtype(input != null ? input.dtype() : Input.DEFAULT_DTYPE);
      layers.add(Configs.envelope(named.className(), named.getConfig()));
    }
    for (Layer l : model.layers()) {
      layers.add(Configs.envelope(l.className(), l.getConfig()));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", model.name());
    config.put("layers", layers);
    return Configs.envelope("Sequential", config);
  }

  /** A new, unbuilt model from Keras JSON text, with the standard layers. */
  public static Sequential fromJson(String json) {
    return fromJson(json, LayerRegistry.standard());
  }

  /**
   * A new, unbuilt model from Keras JSON text.
   *
   * @throws IllegalArgumentException if the text is not a Sequential model config or a layer is refused
   */
  public static Sequential fromJson(String json, LayerRegistry registry) {
    return fromConfig(Json.readObject(json, "model JSON"), registry);
  }

  /**
   * A new, unbuilt model from a Keras envelope map.
   *
   * @throws IllegalArgumentException if the map is not a Sequential model config or a layer is refused
   */
  @SuppressWarnings("unchecked")
  public static Sequential fromConfig(Map<String, Object> envelope, LayerRegistry registry) {
    Object cls = envelope.get("class_name");
    if (!"Sequential".equals(cls)) {
      throw new IllegalArgumentException("Unsupported model class_name " + (cls == null ? "(missing)" : "'" + cls
          + "'") + ": only Sequential models can be read (functional models are not supported yet)");
    }
    Object config = envelope.get("config");
    String name = "sequential";
    boolean frozen = false;
    Object layerList;
    if (config instanceof List) {
      layerList = config; // tfjs-layers 1.x wrote a bare list
    } else if (config instanceof Map) {
      Map<String, Object> c = (Map<String, Object>) config;
      if (c.get("name") instanceof String) {
        name = (String) c.get("name");
      }
      frozen = Boolean.FALSE.equals(c.get("trainable")); // Keras' model.trainable = False: every layer frozen
      layerList = c.get("layers");
    } else {
      throw new IllegalArgumentException("Invalid Sequential config: expected an object with `layers`, received "
          + Json.write(config));
    }
    if (!(layerList instanceof List)) {
      throw new IllegalArgumentException("Invalid Sequential config: expected `layers` to be a list, received "
          + Json.write(layerList));
    }
    Sequential model = new Sequential(name);
    boolean first = true;
    for (Object entry : (List<Object>) layerList) {
      if (!(entry instanceof Map)) {
        throw new IllegalArgumentException("Invalid Sequential config: expected each layer to be "
            + "{\"class_name\": ..., \"config\": {...}}, received " + Json.write(entry));
      }
      Map<String, Object> env = (Map<String, Object>) entry;
      Layer layer = registry.fromEnvelope(env);
      if (first && !(layer instanceof Input)) {
        Input implied = impliedInput(env);
        if (implied != null) {
          model.add(implied);
        }
      }
      first = false;
      model.add(layer);
    }
    if (frozen) {
      for (Layer layer : model.layers()) {
        layer.setTrainable(false);
      }
    }
    return model;
  }

  /**
   * The Input a Keras 2 / TF.js first layer declares with {@code batch_input_shape} (or {@code batch_shape}), of
   * the layer's {@code dtype} when that is an integer type.
   */
  @SuppressWarnings("unchecked")
  static Input impliedInput(Map<String, Object> env) {
    Object c = env.get("config");
    if (!(c instanceof Map)) {
      return null;
    }
    Map<String, Object> config = (Map<String, Object>) c;
    ConfigReader r = ConfigReader.forLayer(config, String.valueOf(env.get("class_name")), null);
    String key = config.containsKey("batch_shape") ? "batch_shape" : "batch_input_shape";
    List<Integer> dims = r.dims(key);
    if (dims == null) {
      return null;
    }
    int[] d = new int[dims.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = dims.get(i) == null ? Shape.UNKNOWN : dims.get(i);
    }
    try {
      // Keras 2: the first layer's dtype is the dtype of the input its batch_input_shape creates
      Object dt = config.get("dtype");
      return Input.of(Shape.of(d), null).dtype("int32".equals(dt) || "int64".equals(dt) ? (String) dt : "float32");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(r.owner() + ": " + e.getMessage(), e);
    }
  }
}
