package org.dropout4j.io;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.layers.activations.Activations;

/**
 * What the same config means depending on who wrote it. Keras 2 (and tf.keras) and TF.js compute
 * {@code hard_sigmoid} as {@code clip(0.2 x + 0.5, 0, 1)}, Keras 3 as {@code relu6(x + 3) / 6}: configs written by
 * the former have their {@code "hard_sigmoid"} activations renamed to {@value Activations#KERAS2_HARD_SIGMOID}
 * before the layers are built, so the model computes what the writer computed. Likewise a GRU config without
 * {@code reset_after} means {@code reset_after=False} there (TF.js has only that form, Keras 2 defaulted to it
 * before writing the key), not Keras 3's default {@code True}.
 */
final class KerasDialect {
  private static final Set<String> ACTIVATION_KEYS = Set.of("activation", "recurrent_activation");

  private KerasDialect() {
  }

  /** Whether a {@code keras_version} (null when absent) is older than Keras 3. */
  static boolean beforeKeras3(String kerasVersion) {
    return kerasVersion != null && !kerasVersion.startsWith("3.") && !kerasVersion.equals("3");
  }

  /**
   * Rewrites, in place and at any depth (wrapped layers too), what a Keras 2 / TF.js config means into the keys
   * dropout4j reads: {@code hard_sigmoid} activations and GRU's absent {@code reset_after}.
   */
  @SuppressWarnings("unchecked")
  static void useKeras2Semantics(Object config) {
    if (config instanceof Map) {
      Map<String, Object> map = (Map<String, Object>) config;
      if ("GRU".equals(map.get("class_name")) && map.get("config") instanceof Map) {
        ((Map<String, Object>) map.get("config")).putIfAbsent("reset_after", false);
      }
      for (Map.Entry<String, Object> e : map.entrySet()) {
        if (ACTIVATION_KEYS.contains(e.getKey()) && "hard_sigmoid".equals(e.getValue())) {
          e.setValue(Activations.KERAS2_HARD_SIGMOID);
        } else {
          useKeras2Semantics(e.getValue());
        }
      }
    } else if (config instanceof List) {
      for (Object o : (List<Object>) config) {
        useKeras2Semantics(o);
      }
    }
  }
}
