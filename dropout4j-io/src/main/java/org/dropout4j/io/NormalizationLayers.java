package org.dropout4j.io;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.LayerNormalization;
import org.dropout4j.layers.UnitNormalization;

/** The from-config factories of {@code LayerNormalization} and {@code UnitNormalization} (last axis only). */
final class NormalizationLayers {
  private NormalizationLayers() {
  }

  static void registerAll(Map<String, LayerFactory> registry) {
    registry.put("LayerNormalization", NormalizationLayers::layerNormalization);
    registry.put("UnitNormalization", NormalizationLayers::unitNormalization);
  }

  /** Accepts the last axis as -1, [-1], or its positive index when the input rank is known from the config. */
  private static void lastAxis(ConfigReader r) {
    Object axis = r.raw("axis");
    Object single = axis instanceof List && ((List<?>) axis).size() == 1 ? ((List<?>) axis).get(0) : axis;
    if (axis != null && !(single instanceof Number && ((Number) single).intValue() == -1)) {
      throw r.invalid("axis", "-1 (the last axis, the only one supported)", axis);
    }
  }

  static Layer layerNormalization(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "LayerNormalization");
    StandardLayers.base(r);
    String name = r.string("name", null);
    if (!r.bool("trainable", true)) {
      throw r.invalid("trainable", "true (dropout4j's LayerNormalization cannot be frozen)", false);
    }
    lastAxis(r);
    float epsilon = r.number("epsilon", LayerNormalization.DEFAULT_EPSILON);
    boolean center = r.bool("center", true);
    boolean scale = r.bool("scale", true);
    StandardLayers.requireFalse(r, "rms_scaling");
    String beta = StandardLayers.initializer(r, "beta_initializer", "zeros");
    String gamma = StandardLayers.initializer(r, "gamma_initializer", "ones");
    for (String key : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")) {
      r.requireNull(key, "LayerNormalization regularizers and constraints are not supported");
    }
    r.finish();
    return StandardLayers.wrap(r, () -> new LayerNormalization(epsilon, center, scale, beta, gamma, name));
  }

  static Layer unitNormalization(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "UnitNormalization");
    String name = StandardLayers.noiseBase(r, "UnitNormalization");
    lastAxis(r);
    r.finish();
    return StandardLayers.wrap(r, () -> new UnitNormalization(name));
  }
}
