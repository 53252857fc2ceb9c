package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.layers.regularization.Dropout;
import org.junit.jupiter.api.Test;

/** Layer configs in the Keras form: keys in Keras order, base keys first. */
class LayerConfigTest {

  @Test
  void denseConfig_keysInKerasOrder() {
    Map<String, Object> c = new Dense(4, "relu").getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "units", "activation", "use_bias", "kernel_initializer",
        "bias_initializer", "kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint"),
        List.copyOf(c.keySet()));
  }

  @Test
  void denseConfig_valuesFollowTheBuilder() {
    Map<String, Object> c = Dense.builder(4).name("d").activation("tanh").useBias(false)
        .kernelConstraint(new MaxNorm(3f)).build().getConfig();
    assertEquals("d", c.get("name"));
    assertEquals(true, c.get("trainable"));
    assertEquals("float32", c.get("dtype"));
    assertEquals(4, c.get("units"));
    assertEquals("tanh", c.get("activation"));
    assertEquals(false, c.get("use_bias"));
    assertEquals(Map.of("class_name", "GlorotUniform", "config", java.util.Collections.singletonMap("seed", null)),
        c.get("kernel_initializer"));
    assertEquals(Map.of("class_name", "MaxNorm", "config", Map.of("max_value", 3.0, "axis", 0)),
        c.get("kernel_constraint"));
    assertNull(c.get("kernel_regularizer"));
  }

  @Test
  void dropoutConfig_hasRateSeedAndNoiseShapeAfterTheBaseKeys() {
    Map<String, Object> c = new Dropout(0.25f, Arrays.asList(null, 1, null), 7L, "drop").getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "rate", "seed", "noise_shape"), List.copyOf(c.keySet()));
    assertEquals(0.25, c.get("rate"));
    assertEquals(7L, c.get("seed"));
    assertEquals(Arrays.asList(null, 1, null), c.get("noise_shape"));
  }

  @Test
  void dropoutConfig_defaultsAreNullSeedAndNoiseShape() {
    Map<String, Object> c = new Dropout(0.5f).getConfig();
    assertNull(c.get("seed"));
    assertNull(c.get("noise_shape"));
    assertEquals(true, c.containsKey("noise_shape"));
  }
}
