package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Contract: a Dense config whose {@code kernel_constraint}/{@code bias_constraint} is any of Keras' four constraints,
 * as Keras 3.15.1 serialises them ({@code keras.saving.serialize_keras_object(Dense(3, kernel_constraint=c))}, the
 * envelopes below copied from its output), reads into the same constraint and writes the same config back; missing
 * keys take Keras' defaults; an unknown class or key, or a value out of range, is refused naming the layer and key.
 */
class KerasConstraintConfigTest {

  private static Map<String, Object> envelope(String cls, Map<String, Object> config) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("module", "keras.constraints");
    e.put("class_name", cls);
    e.put("config", config);
    e.put("registered_name", null);
    return e;
  }

  private static Map<String, Object> dense(Object kernelConstraint, Object biasConstraint) {
    Map<String, Object> c = new LinkedHashMap<>(new Dense(3).getConfig());
    c.put("name", "d");
    c.put("kernel_constraint", kernelConstraint);
    c.put("bias_constraint", biasConstraint);
    return c;
  }

  @Test
  void everyKerasConstraintReadsAndWritesBackAsKerasWroteIt() {
    List<Map<String, Object>> kernels = List.of(
        envelope("MaxNorm", Map.of("max_value", 2.0, "axis", 0)),
        envelope("MinMaxNorm", orderedMap("min_value", 0.5, "max_value", 1.5, "rate", 0.5, "axis", 0)),
        envelope("UnitNorm", Map.of("axis", 1)),
        envelope("NonNeg", Map.of()));
    for (Map<String, Object> kernel : kernels) {
      Dense d = Dense.DESCRIPTOR.fromConfig(dense(kernel, envelope("NonNeg", Map.of())));
      Map<String, Object> back = d.getConfig();
      assertEquals(kernel.get("class_name"), ((Map<?, ?>) back.get("kernel_constraint")).get("class_name"));
      assertEquals(kernel.get("config"), ((Map<?, ?>) back.get("kernel_constraint")).get("config"));
      assertEquals("NonNeg", ((Map<?, ?>) back.get("bias_constraint")).get("class_name"));
    }
  }

  @Test
  void missingKeysTakeKerasDefaults() {
    Dense d = Dense.DESCRIPTOR.fromConfig(dense(envelope("MinMaxNorm", Map.of()), null));
    assertEquals(orderedMap("min_value", 0.0, "max_value", 1.0, "rate", 1.0, "axis", 0),
        ((Map<?, ?>) d.getConfig().get("kernel_constraint")).get("config"));
  }

  @Test
  void anotherClassAnUnknownKeyOrAValueOutOfRangeIsRefusedNamingLayerAndKey() {
    IllegalArgumentException cls = assertThrows(IllegalArgumentException.class,
        () -> Dense.DESCRIPTOR.fromConfig(dense(envelope("RadialConstraint", Map.of()), null)));
    assertTrue(cls.getMessage().contains("kernel_constraint") && cls.getMessage().contains("RadialConstraint")
        && cls.getMessage().contains("MinMaxNorm"), cls.getMessage());
    IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
        () -> Dense.DESCRIPTOR.fromConfig(dense(null, envelope("UnitNorm", Map.of("axes", 1)))));
    assertTrue(key.getMessage().startsWith("layer \"d\" (Dense) bias_constraint UnitNorm")
        && key.getMessage().contains("[axes]"), key.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> Dense.DESCRIPTOR.fromConfig(dense(envelope("MinMaxNorm", Map.of("min_value", 2.0, "max_value", 1.0)),
            null)));
    assertTrue(range.getMessage().startsWith("layer \"d\" (Dense) kernel_constraint MinMaxNorm")
        && range.getMessage().contains("max_value=1.0"), range.getMessage());
  }

  private static Map<String, Object> orderedMap(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
