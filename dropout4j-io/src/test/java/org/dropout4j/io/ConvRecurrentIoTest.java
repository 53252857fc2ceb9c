package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.GRU;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry, Keras JSON round trip and .d4j save/load for the convolution, pooling, reshaping and recurrent layers. */
class ConvRecurrentIoTest {
  @TempDir
  Path dir;

  @Test
  void unbuilt_models_round_trip_to_an_identical_json_string() {
    for (Map.Entry<String, Sequential> e : ConvRecurrentModels.unbuilt().entrySet()) {
      String json = ModelJson.toJson(e.getValue());
      assertEquals(json, ModelJson.toJson(ModelJson.fromJson(json)), e.getKey());
    }
  }

  @Test
  void built_models_round_trip_to_an_identical_json_string_and_parameter_count() {
    for (Map.Entry<String, Sequential> e : ConvRecurrentModels.built().entrySet()) {
      String json = ModelJson.toJson(e.getValue());
      Sequential back = ModelJson.fromJson(json);
      assertEquals(json, ModelJson.toJson(back), e.getKey());
      back.build(back.inputShape());
      assertEquals(e.getValue().countParams(), back.countParams(), e.getKey());
    }
  }

  @Test
  void d4j_save_and_load_keeps_weights_and_predictions() throws IOException {
    for (Map.Entry<String, Sequential> e : ConvRecurrentModels.built().entrySet()) {
      Sequential m = e.getValue();
      Path file = dir.resolve(e.getKey() + ".d4j");
      ModelArchive.save(m, file);
      Sequential back = ModelArchive.load(file);
      assertEquals(ModelJson.toJson(m), ModelJson.toJson(back), e.getKey());
      List<float[]> w = m.getWeights();
      List<float[]> wb = back.getWeights();
      assertEquals(w.size(), wb.size(), e.getKey());
      for (int i = 0; i < w.size(); i++) {
        assertArrayEquals(w.get(i), wb.get(i), e.getKey() + " weight " + i);
      }
      Tensor x = ConvRecurrentModels.inputs(m, 5, 3);
      assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), e.getKey());
    }
  }

  @Test
  void keras2_gru_with_reset_after_false_and_implementation_key_is_read() {
    Sequential m = ModelJson.fromJson("{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":"
        + "\"GRU\",\"config\":{\"name\":\"g\",\"units\":3,\"reset_after\":false,\"implementation\":2,"
        + "\"recurrent_initializer\":{\"class_name\":\"Orthogonal\",\"config\":{\"gain\":1.0,\"seed\":null}}}}]}}");
    GRU g = assertInstanceOf(GRU.class, m.layers().get(0));
    assertEquals(false, g.getConfig().get("reset_after"));
  }

  @Test
  void conv2d_with_groups_that_do_not_divide_the_filters_is_refused_naming_the_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"Conv2D\",\"config\":"
            + "{\"name\":\"c\",\"filters\":4,\"kernel_size\":3,\"groups\":3}}]}}"));
    assertTrue(e.getMessage().contains("Conv2D") && e.getMessage().contains("filters=4")
        && e.getMessage().contains("groups=3"), e.getMessage());
  }

  @Test
  void conv2d_without_kernel_size_says_so() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"Conv2D\",\"config\":"
            + "{\"name\":\"c\",\"filters\":4}}]}}"));
    assertTrue(e.getMessage().contains("missing required argument `kernel_size`"), e.getMessage());
  }

  @Test
  void stateful_lstm_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"LSTM\",\"config\":"
            + "{\"name\":\"l\",\"units\":4,\"stateful\":true}}]}}"));
    assertTrue(e.getMessage().contains("layer \"l\" (LSTM)") && e.getMessage().contains("stateful"),
        e.getMessage());
  }

  @Test
  void embedding_with_mask_zero_is_read_and_written_back() {
    String json = "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"Embedding\","
        + "\"config\":{\"name\":\"emb\",\"input_dim\":10,\"output_dim\":4,\"mask_zero\":true}}]}}";
    org.dropout4j.models.Sequential m = ModelJson.fromJson(json);
    assertTrue(((org.dropout4j.layers.Embedding) m.layers().get(0)).maskZero());
    assertTrue(ModelJson.toJson(m).contains("\"mask_zero\": true") || ModelJson.toJson(m).contains(
        "\"mask_zero\":true"), ModelJson.toJson(m));
  }

  @Test
  void unknown_key_on_a_pooling_layer_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"MaxPooling2D\",\"config\":"
            + "{\"name\":\"p\",\"pool_size\":2,\"pool_mode\":\"fancy\"}}]}}"));
    assertTrue(e.getMessage().contains("pool_mode"), e.getMessage());
  }
}
