package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.AveragePooling1D;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.Conv1D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.GlobalAveragePooling1D;
import org.dropout4j.layers.GlobalMaxPooling1D;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.MaxPooling1D;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conv1D and the 1-D pooling layers in the registry, the Keras JSON round trip, a Keras 3 config and .d4j. */
class Conv1DIoTest {
  @TempDir
  Path dir;

  private static Sequential model() {
    return new Sequential(Input.shape(12, 3),
        Conv1D.builder(4, 3).padding("causal").dilationRate(2).activation("relu").name("c1").build(),
        new BatchNormalization(),
        new MaxPooling1D(3, 1, "same", "channels_last", null),
        Conv1D.builder(2, 2).strides(2).useBias(false).build(),
        new AveragePooling1D(),
        new GlobalMaxPooling1D("channels_last", true, null),
        new GlobalAveragePooling1D(), new Dense(2));
  }

  @Test
  void model_roundTripsToAnIdenticalJsonString() {
    String json = ModelJson.toJson(model());
    assertEquals(json, ModelJson.toJson(ModelJson.fromJson(json)));
  }

  @Test
  void keras3Config_isRead() throws IOException {
    Map<String, Object> env;
    try (InputStream in = getClass().getResourceAsStream("/keras3/conv1d_pooling1d.config.json")) {
      env = Json.readObject(new String(in.readAllBytes(), StandardCharsets.UTF_8), "config.json");
    }
    Sequential m = ModelJson.fromConfig(env, LayerRegistry.standard());
    Conv1D conv = assertInstanceOf(Conv1D.class, m.layers().get(0));
    assertEquals("causal", conv.getConfig().get("padding"));
    assertEquals(List.of(2), conv.getConfig().get("dilation_rate"));
    assertInstanceOf(MaxPooling1D.class, m.layers().get(1));
    assertEquals("same", assertInstanceOf(AveragePooling1D.class, m.layers().get(2)).getConfig().get("padding"));
    assertInstanceOf(GlobalAveragePooling1D.class, m.layers().get(3));
    m.build(m.inputShape());
    assertEquals(4 * 3 * 3 + 4 + 4 * 2 + 2, m.countParams());
  }

  @Test
  void conv1dWithUnknownDataFormat_isRefusedNamingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"Conv1D\",\"config\":"
            + "{\"filters\":2,\"kernel_size\":[3],\"data_format\":\"channels_middle\"}}]}}"));
    assertTrue(e.getMessage().contains("channels_middle") && e.getMessage().contains("data_format"),
        e.getMessage());
  }

  @Test
  void d4j_keepsWeightsAndPredictions() throws IOException {
    Sequential m = model();
    m.build(Shape.of(Shape.UNKNOWN, 12, 3));
    Path file = dir.resolve("conv1d.d4j");
    ModelArchive.save(m, file);
    Sequential back = ModelArchive.load(file);
    assertEquals(ModelJson.toJson(m), ModelJson.toJson(back));
    Tensor x = Tensor.full(Shape.of(2, 12, 3), 0.5f);
    assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray());
  }
}
