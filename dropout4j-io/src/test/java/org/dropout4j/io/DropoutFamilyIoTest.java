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
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.layers.regularization.GaussianNoise;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry, Keras JSON round trip and .d4j save/load for every member of the dropout family. */
class DropoutFamilyIoTest {
  @TempDir
  Path dir;

  @Test
  void unbuilt_models_round_trip_to_an_identical_json_string() {
    for (Map.Entry<String, Sequential> e : DropoutFamilyModels.unbuilt().entrySet()) {
      String json = ModelJson.toJson(e.getValue());
      assertEquals(json, ModelJson.toJson(ModelJson.fromJson(json)), e.getKey());
    }
  }

  @Test
  void built_models_round_trip_to_an_identical_json_string() {
    for (Map.Entry<String, Sequential> e : DropoutFamilyModels.built().entrySet()) {
      String json = ModelJson.toJson(e.getValue());
      Sequential back = ModelJson.fromJson(json);
      assertEquals(json, ModelJson.toJson(back), e.getKey());
      back.build(back.inputShape());
      assertEquals(e.getValue().countParams(), back.countParams(), e.getKey());
    }
  }

  @Test
  void d4j_save_and_load_keeps_weights_and_predictions() throws IOException {
    for (Map.Entry<String, Sequential> e : DropoutFamilyModels.built().entrySet()) {
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
      Tensor x = DropoutFamilyModels.inputs(m, 5, 3);
      assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), e.getKey());
    }
  }

  @Test
  void trained_learned_dropout_model_survives_d4j_with_its_optimizer_state() throws IOException {
    Sequential m = DropoutFamilyModels.unbuilt().get("learned_dropout");
    Tensor x = DropoutFamilyModels.inputs(m, 16, 1);
    float[] y = new float[32];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 3 == 0 ? 1f : 0f;
    }
    m.compile("adam", "binary_crossentropy");
    m.fit(x, Tensor.of(org.dropout4j.tensor.Shape.of(16, 2), y),
        org.dropout4j.models.FitOptions.builder().epochs(3).batchSize(8).verbose(0).build());
    ModelArchive.save(m, dir.resolve("m.d4j"));
    Sequential back = ModelArchive.load(dir.resolve("m.d4j"));
    assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray());
    assertEquals(m.optimizer().iterations(), back.optimizer().iterations());
  }

  @Test
  void keras3_noise_layers_config_is_read() throws IOException {
    Map<String, Object> env;
    try (InputStream in = getClass().getResourceAsStream("/keras3/noise_layers_mlp.config.json")) {
      env = Json.readObject(new String(in.readAllBytes(), StandardCharsets.UTF_8), "config.json");
    }
    Sequential m = ModelJson.fromConfig(env, LayerRegistry.standard());
    GaussianNoise noise = assertInstanceOf(GaussianNoise.class, m.layers().get(1));
    assertEquals(0.5f, noise.stddev());
    GaussianDropout drop = assertInstanceOf(GaussianDropout.class, m.layers().get(3));
    assertEquals(0.4f, drop.rate());
  }

  @Test
  void spatial_dropout_with_an_unknown_data_format_names_the_layer_and_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"SpatialDropout2D\",\"config\":"
            + "{\"name\":\"sd\",\"rate\":0.2,\"data_format\":\"channels_middle\"}}]}}"));
    assertTrue(e.getMessage().contains("layer \"sd\" (SpatialDropout2D)")
        && e.getMessage().contains("data_format=channels_middle"), e.getMessage());
  }

  @Test
  void gaussian_noise_negative_stddev_names_the_layer() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"GaussianNoise\",\"config\":"
            + "{\"name\":\"gn\",\"stddev\":-1}}]}}"));
    assertTrue(e.getMessage().contains("layer \"gn\" (GaussianNoise)"), e.getMessage());
  }

  @Test
  void wrapper_around_a_non_dense_layer_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"ConcreteDropout\",\"config\":"
            + "{\"name\":\"cd\",\"layer\":{\"class_name\":\"Dropout\",\"config\":{\"rate\":0.1}},"
            + "\"weight_regularizer\":0.0,\"dropout_regularizer\":0.0}}]}}"));
    assertTrue(e.getMessage().contains("layer \"cd\" (ConcreteDropout)") && e.getMessage().contains("a Dense layer"),
        e.getMessage());
  }

  @Test
  void wrapper_without_its_layer_says_so() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"DropConnectDense\",\"config\":"
            + "{\"name\":\"dc\",\"rate\":0.1}}]}}"));
    assertTrue(e.getMessage().contains("missing required argument `layer`"), e.getMessage());
  }

  @Test
  void sparse_variational_dense_without_data_size_says_so() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"SparseVariationalDense\","
            + "\"config\":{\"name\":\"s\",\"units\":2}}]}}"));
    assertTrue(e.getMessage().contains("missing required argument `data_size`"), e.getMessage());
  }
}
