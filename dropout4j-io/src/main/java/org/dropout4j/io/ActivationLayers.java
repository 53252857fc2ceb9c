package org.dropout4j.io;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.activations.ELU;
import org.dropout4j.layers.activations.LeakyReLU;
import org.dropout4j.layers.activations.PReLU;
import org.dropout4j.layers.activations.ReLU;
import org.dropout4j.layers.activations.Softmax;
import org.dropout4j.layers.activations.ThresholdedReLU;

/**
 * The from-config factories of the Keras activation layers ({@code ReLU}, {@code LeakyReLU}, {@code ELU},
 * {@code PReLU}, {@code ThresholdedReLU}, {@code Softmax}); Keras 3 and Keras 2 / TF.js key names.
 */
final class ActivationLayers {
  private ActivationLayers() {
  }

  static void registerAll(Map<String, LayerFactory> registry) {
    registry.put("ReLU", ActivationLayers::relu);
    registry.put("ELU", ActivationLayers::elu);
    registry.put("LeakyReLU", ActivationLayers::leakyRelu);
    registry.put("PReLU", ActivationLayers::prelu);
    registry.put("ThresholdedReLU", ActivationLayers::thresholdedRelu);
    registry.put("Softmax", ActivationLayers::softmax);
  }

  static Layer relu(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "ReLU");
    String name = StandardLayers.noiseBase(r, "ReLU");
    Float max = r.raw("max_value") == null ? null : r.number("max_value", 0f);
    r.ignore("max_value");
    float slope = r.number("negative_slope", ReLU.DEFAULT_NEGATIVE_SLOPE);
    float threshold = r.number("threshold", ReLU.DEFAULT_THRESHOLD);
    r.finish();
    return StandardLayers.wrap(r, () -> new ReLU(max, slope, threshold, name));
  }

  static Layer elu(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "ELU");
    String name = StandardLayers.noiseBase(r, "ELU");
    float alpha = r.number("alpha", ELU.DEFAULT_ALPHA);
    r.finish();
    return StandardLayers.wrap(r, () -> new ELU(alpha, name));
  }

  static Layer leakyRelu(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "LeakyReLU");
    String name = StandardLayers.noiseBase(r, "LeakyReLU");
    if (r.has("negative_slope") && r.has("alpha")) {
      throw new IllegalArgumentException(r.owner() + ": both `negative_slope` (Keras 3) and `alpha` (Keras 2) are "
          + "given; expected one of them");
    }
    String key = r.has("alpha") ? "alpha" : "negative_slope";
    float slope = r.number(key, LeakyReLU.DEFAULT_NEGATIVE_SLOPE);
    r.finish();
    return StandardLayers.wrap(r, () -> new LeakyReLU(slope, name));
  }

  static Layer prelu(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "PReLU");
    StandardLayers.base(r);
    String name = r.string("name", null);
    if (!r.bool("trainable", true)) {
      throw r.invalid("trainable", "true (dropout4j's PReLU cannot be frozen)", false);
    }
    String init = StandardLayers.initializer(r, "alpha_initializer", PReLU.DEFAULT_ALPHA_INITIALIZER);
    r.requireNull("alpha_regularizer", "PReLU regularizers are not supported");
    r.requireNull("alpha_constraint", "PReLU constraints are not supported");
    List<Integer> axes = r.dims("shared_axes");
    if (axes != null && axes.contains(null)) {
      throw r.invalid("shared_axes", "a list of axes >= 1", axes);
    }
    r.finish();
    int[] shared = axes == null ? null : axes.stream().mapToInt(Integer::intValue).toArray();
    return StandardLayers.wrap(r, () -> new PReLU(init, shared, name));
  }

  static Layer thresholdedRelu(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "ThresholdedReLU");
    String name = StandardLayers.noiseBase(r, "ThresholdedReLU");
    float theta = r.number("theta", ThresholdedReLU.DEFAULT_THETA);
    r.finish();
    return StandardLayers.wrap(r, () -> new ThresholdedReLU(theta, name));
  }

  static Layer softmax(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Softmax");
    String name = StandardLayers.noiseBase(r, "Softmax");
    Object axis = r.raw("axis");
    int a;
    if (axis instanceof List) { // Keras 3 accepts a list of axes
      List<?> l = (List<?>) axis;
      if (l.size() != 1 || !(l.get(0) instanceof Integer)) {
        throw r.invalid("axis", "one integer axis (softmax over several axes is not supported)", axis);
      }
      a = (Integer) l.get(0);
    } else {
      a = r.integer("axis", Softmax.DEFAULT_AXIS);
    }
    r.finish();
    return StandardLayers.wrap(r, () -> new Softmax(a, name));
  }
}
