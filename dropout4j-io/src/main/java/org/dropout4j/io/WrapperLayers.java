package org.dropout4j.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.DepthwiseConv2D;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.RecurrentLayer;
import org.dropout4j.layers.SeparableConv2D;
import org.dropout4j.layers.TimeDistributed;

/**
 * The from-config factories of the wrappers ({@code TimeDistributed}, {@code Bidirectional}) and the depthwise
 * convolutions ({@code DepthwiseConv2D}, {@code SeparableConv2D}); Keras 3 and Keras 2 / TF.js forms. Wrapped
 * layers are read with the standard registry.
 */
final class WrapperLayers {
  private WrapperLayers() {
  }

  static void registerAll(Map<String, LayerFactory> registry) {
    registry.put("TimeDistributed", WrapperLayers::timeDistributed);
    registry.put("Bidirectional", WrapperLayers::bidirectional);
    registry.put("DepthwiseConv2D", WrapperLayers::depthwiseConv2D);
    registry.put("SeparableConv2D", WrapperLayers::separableConv2D);
  }

  private static Layer inner(ConfigReader r, String key) {
    Object v = r.nested(key);
    if (v == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `" + key + "`");
    }
    Map<String, Object> env = StandardLayers.envelope(r, key, v);
    Map<String, Object> config = new LinkedHashMap<>(StandardLayers.configOf(r, key, env));
    config.remove("batch_input_shape"); // the wrapper's input declares the shape
    config.remove("batch_shape");
    Map<String, Object> copy = new LinkedHashMap<>(env);
    copy.put("config", config);
    try {
      return LayerRegistry.standard().fromEnvelope(copy);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(r.owner() + " wrapping " + e.getMessage(), e);
    }
  }

  static Layer timeDistributed(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "TimeDistributed");
    String name = StandardLayers.noiseBase(r, "TimeDistributed");
    Layer layer = inner(r, "layer");
    r.finish();
    return StandardLayers.wrap(r, () -> new TimeDistributed(layer, name));
  }

  @SuppressWarnings("unchecked")
  static Layer bidirectional(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Bidirectional");
    String name = StandardLayers.noiseBase(r, "Bidirectional");
    Object mode = r.raw("merge_mode");
    if (mode == null && config.containsKey("merge_mode")) {
      throw r.invalid("merge_mode", "concat, sum, mul or ave (None gives two outputs, which a Sequential layer "
          + "cannot)", "None");
    }
    String mergeMode = mode == null ? Bidirectional.DEFAULT_MERGE_MODE : r.string("merge_mode", null);
    Layer forward = inner(r, "layer");
    Layer backward;
    if (r.nested("backward_layer") != null) {
      backward = inner(r, "backward_layer");
    } else {
      // Keras: the backward layer is the layer's config with go_backwards flipped
      Map<String, Object> env = new LinkedHashMap<>(StandardLayers.envelope(r, "layer", r.nested("layer")));
      Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) env.get("config"));
      c.put("go_backwards", !Boolean.TRUE.equals(c.get("go_backwards")));
      c.remove("batch_input_shape");
      c.remove("batch_shape");
      env.put("config", c);
      backward = LayerRegistry.standard().fromEnvelope(env);
    }
    r.finish();
    if (!(forward instanceof RecurrentLayer) || !(backward instanceof RecurrentLayer)) {
      throw r.invalid("layer", "a SimpleRNN, GRU or LSTM", forward.className());
    }
    return StandardLayers.wrap(r, () -> new Bidirectional((RecurrentLayer) forward, (RecurrentLayer) backward,
        mergeMode, name));
  }

  static Layer depthwiseConv2D(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "DepthwiseConv2D");
    StandardLayers.base(r);
    String name = r.string("name", null);
    if (!r.bool("trainable", true)) {
      throw r.invalid("trainable", "true (dropout4j's DepthwiseConv2D cannot be frozen)", false);
    }
    int[] k = StandardLayers.intOrPair(r, "kernel_size", null);
    int[] strides = StandardLayers.intOrPair(r, "strides", new int[] {1});
    String padding = r.string("padding", "valid");
    int multiplier = r.integer("depth_multiplier", 1);
    String dataFormat = r.string("data_format", "channels_last");
    int[] dilation = StandardLayers.intOrPair(r, "dilation_rate", new int[] {1});
    String activation = StandardLayers.activationName(r, "activation");
    boolean useBias = r.bool("use_bias", true);
    String init = StandardLayers.initializer(r, "depthwise_initializer", "glorot_uniform");
    String biasInit = StandardLayers.initializer(r, "bias_initializer", "zeros");
    nullRegularizers(r, "depthwise");
    r.finish();
    return StandardLayers.wrap(r, () -> new DepthwiseConv2D(k, strides, padding, multiplier, dataFormat, dilation,
        activation, useBias, init, biasInit, name));
  }

  static Layer separableConv2D(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "SeparableConv2D");
    StandardLayers.base(r);
    String name = r.string("name", null);
    if (!r.bool("trainable", true)) {
      throw r.invalid("trainable", "true (dropout4j's SeparableConv2D cannot be frozen)", false);
    }
    int filters = r.requiredInt("filters");
    int[] k = StandardLayers.intOrPair(r, "kernel_size", null);
    int[] strides = StandardLayers.intOrPair(r, "strides", new int[] {1});
    String padding = r.string("padding", "valid");
    int multiplier = r.integer("depth_multiplier", 1);
    String dataFormat = r.string("data_format", "channels_last");
    int[] dilation = StandardLayers.intOrPair(r, "dilation_rate", new int[] {1});
    String activation = StandardLayers.activationName(r, "activation");
    boolean useBias = r.bool("use_bias", true);
    String init = StandardLayers.initializer(r, "depthwise_initializer", "glorot_uniform");
    String pointInit = StandardLayers.initializer(r, "pointwise_initializer", "glorot_uniform");
    String biasInit = StandardLayers.initializer(r, "bias_initializer", "zeros");
    nullRegularizers(r, "depthwise");
    r.requireNull("pointwise_regularizer", "SeparableConv2D regularizers are not supported");
    r.requireNull("pointwise_constraint", "SeparableConv2D constraints are not supported");
    r.finish();
    return StandardLayers.wrap(r, () -> new SeparableConv2D(filters, k, strides, padding, multiplier, dataFormat,
        dilation, activation, useBias, init, pointInit, biasInit, name));
  }

  private static void nullRegularizers(ConfigReader r, String kernel) {
    r.requireNull(kernel + "_regularizer", "regularizers are not supported on depthwise convolutions");
    r.requireNull("bias_regularizer", "regularizers are not supported on depthwise convolutions");
    r.requireNull("activity_regularizer", "activity regularizers are not supported on depthwise convolutions");
    r.requireNull(kernel + "_constraint", "constraints are not supported on depthwise convolutions");
    r.requireNull("bias_constraint", "constraints are not supported on depthwise convolutions");
    r.requireNull("lora_rank", "LoRA is not supported");
  }
}
