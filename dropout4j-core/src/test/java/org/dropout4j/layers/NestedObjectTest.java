package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.constraints.MinMaxNorm;
import org.junit.jupiter.api.Test;

/**
 * {@link NestedObject}: the config is built from key/value pairs in the given order (null values kept, as Keras'
 * {@code None}), each {@code getConfig()} is a fresh copy, and a malformed pair list is refused naming the class.
 * {@link Configs#envelope(KerasObject)} wraps it as {@code {"class_name", "config"}}, null for none.
 */
class NestedObjectTest {
  private static final class Probe extends NestedObject {
    Probe(Object... keysAndValues) {
      super("Probe", keysAndValues);
    }
  }

  @Test
  void config_keepsKeyOrderAndNullValues() {
    Map<String, Object> c = new Probe("seed", null, "b", 2, "a", 1).getConfig();
    assertEquals(List.of("seed", "b", "a"), new ArrayList<>(c.keySet()));
    assertNull(c.get("seed"));
    assertTrue(c.containsKey("seed"));
  }

  @Test
  void getConfig_returnsACopy() {
    Probe p = new Probe("a", 1);
    p.getConfig().put("a", 5);
    assertEquals(1, p.getConfig().get("a"));
  }

  @Test
  void oddNumberOfItems_throwsNamingTheClass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Probe("a", 1, "b"));
    assertTrue(e.getMessage().startsWith("Probe: expected config keys and values in pairs"), e.getMessage());
  }

  @Test
  void nonStringKey_throwsNamingTheClass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Probe(1, "a"));
    assertTrue(e.getMessage().startsWith("Probe: expected a string config key"), e.getMessage());
  }

  @Test
  void envelope_ofAConstraint_isClassNameAndConfigInKerasOrder() {
    Map<String, Object> env = Configs.envelope(new MinMaxNorm(0.5f, 2f, 0.5f, 1));
    assertEquals("MinMaxNorm", env.get("class_name"));
    assertEquals(List.of("min_value", "max_value", "rate", "axis"),
        new ArrayList<>(((Map<?, ?>) env.get("config")).keySet()));
    assertNull(Configs.envelope((KerasObject) null));
  }
}
