package org.dropout4j.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Layer;

/**
 * The TF.js forms of the Keras 3 activation layers whose TF.js config differs: TF.js' {@code ReLU} has only
 * {@code max_value} and its {@code LeakyReLU} calls the slope {@code alpha} (tfjs-layers 4.22).
 */
final class TfjsActivationLayers {
  private TfjsActivationLayers() {
  }

  /**
   * {@code ReLU} with {@code negative_slope = threshold = 0} as TF.js' {@code ReLU(max_value)}; with only a slope,
   * as TF.js' {@code LeakyReLU(alpha)} (the same function); anything else is refused naming the layer.
   */
  static TfjsConfigs.Exported relu(Layer layer) {
    Map<String, Object> c = layer.getConfig();
    double slope = ((Number) c.get("negative_slope")).doubleValue();
    double threshold = ((Number) c.get("threshold")).doubleValue();
    Object max = c.get("max_value");
    Map<String, Object> d = base(c);
    if (slope == 0 && threshold == 0) {
      d.put("max_value", max);
      return new TfjsConfigs.Exported("ReLU", d, List.of(), null);
    }
    if (max == null && threshold == 0) {
      d.put("alpha", c.get("negative_slope"));
      return new TfjsConfigs.Exported("LeakyReLU", d, List.of(), null);
    }
    throw new IllegalArgumentException("cannot export layer \"" + layer.name() + "\" (ReLU) to TF.js: TF.js 4.22's "
        + "ReLU has no threshold and no negative_slope next to max_value; received max_value=" + max
        + ", negative_slope=" + c.get("negative_slope") + ", threshold=" + c.get("threshold"));
  }

  /** {@code LeakyReLU(negative_slope)} as TF.js' {@code LeakyReLU(alpha)}. */
  static TfjsConfigs.Exported leakyRelu(Layer layer) {
    Map<String, Object> c = layer.getConfig();
    Map<String, Object> d = base(c);
    d.put("alpha", c.get("negative_slope"));
    return new TfjsConfigs.Exported("LeakyReLU", d, List.of(), null);
  }

  private static Map<String, Object> base(Map<String, Object> c) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", c.get("name"));
    d.put("trainable", c.get("trainable"));
    d.put("dtype", c.get("dtype"));
    return d;
  }
}
