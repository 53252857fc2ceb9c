package org.dropout4j.io;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.merging.Add;
import org.dropout4j.layers.merging.Average;
import org.dropout4j.layers.merging.Concatenate;
import org.dropout4j.layers.merging.Dot;
import org.dropout4j.layers.merging.Maximum;
import org.dropout4j.layers.merging.Minimum;
import org.dropout4j.layers.merging.Multiply;
import org.dropout4j.layers.merging.Subtract;

/** The from-config factories of the merge layers ({@code org.dropout4j.layers.merging}), registered by name. */
final class MergeLayerConfigs {
  private MergeLayerConfigs() {
  }

  static void registerAll(Map<String, LayerFactory> registry) {
    registry.put("Add", c -> plain(c, "Add"));
    registry.put("Subtract", c -> plain(c, "Subtract"));
    registry.put("Multiply", c -> plain(c, "Multiply"));
    registry.put("Average", c -> plain(c, "Average"));
    registry.put("Maximum", c -> plain(c, "Maximum"));
    registry.put("Minimum", c -> plain(c, "Minimum"));
    registry.put("Concatenate", MergeLayerConfigs::concatenate);
    registry.put("Dot", MergeLayerConfigs::dot);
  }

  private static String base(ConfigReader r) {
    Object v = r.raw("dtype");
    boolean f32 = v == null || "float32".equals(v) || (v instanceof Map && ((Map<?, ?>) v).get("config") instanceof Map
        && "float32".equals(((Map<?, ?>) ((Map<?, ?>) v).get("config")).get("name")));
    if (!f32) {
      throw r.invalid("dtype", "\"float32\" (the only dtype dropout4j computes in)", v);
    }
    r.bool("trainable", true); // merges have no weights: the flag changes nothing
    r.ignore("batch_input_shape", "batch_shape", "batch_size");
    return r.string("name", null);
  }

  private static Layer plain(Map<String, Object> config, String className) {
    ConfigReader r = ConfigReader.forLayer(config, className);
    String name = base(r);
    r.finish();
    switch (className) {
      case "Add": return new Add(name);
      case "Subtract": return new Subtract(name);
      case "Multiply": return new Multiply(name);
      case "Average": return new Average(name);
      case "Maximum": return new Maximum(name);
      default: return new Minimum(name);
    }
  }

  private static Layer concatenate(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Concatenate");
    String name = base(r);
    int axis = r.integer("axis", Concatenate.DEFAULT_AXIS);
    r.finish();
    return new Concatenate(axis, name);
  }

  private static Layer dot(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Dot");
    String name = base(r);
    Object axes = r.raw("axes");
    int[] a;
    if (axes instanceof Number) {
      a = new int[] {((Number) axes).intValue()};
    } else if (axes instanceof List && ((List<?>) axes).size() == 2 && ((List<?>) axes).get(0) instanceof Number
        && ((List<?>) axes).get(1) instanceof Number) {
      a = new int[] {((Number) ((List<?>) axes).get(0)).intValue(), ((Number) ((List<?>) axes).get(1)).intValue()};
    } else {
      throw r.invalid("axes", "an integer or a list of 2 integers", axes);
    }
    boolean normalize = r.bool("normalize", false);
    r.finish();
    return new Dot(a, normalize, name);
  }
}
