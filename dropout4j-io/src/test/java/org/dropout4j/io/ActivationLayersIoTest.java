package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.layers.activations.ELU;
import org.dropout4j.layers.activations.LeakyReLU;
import org.dropout4j.layers.activations.PReLU;
import org.dropout4j.layers.activations.ReLU;
import org.dropout4j.layers.activations.Softmax;
import org.dropout4j.layers.activations.ThresholdedReLU;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Keras activation layers: JSON and .d4j round trips (identical string, same predictions), Keras 2 key names,
 * the hard_sigmoid of each writer, and the TF.js export (translated keys, refusals naming the layer).
 */
class ActivationLayersIoTest {
  @TempDir
  Path dir;

  static Map<String, Sequential> models() {
    Map<String, Sequential> m = new LinkedHashMap<>();
    m.put("relu_all_args", new Sequential(Input.shape(6), new Dense(6), new ReLU(1.4f, 0.2f, 0.2f, null)));
    m.put("relu6", new Sequential(Input.shape(6), new Dense(6), new ReLU(6f, 0f, 0f, null)));
    m.put("leaky", new Sequential(Input.shape(6), new Dense(6), new LeakyReLU(0.3f, null)));
    m.put("elu", new Sequential(Input.shape(6), new Dense(6), new ELU(0.7f, null)));
    m.put("thresholded", new Sequential(Input.shape(6), new Dense(6), new ThresholdedReLU(0.5f, null)));
    m.put("softmax_axis1", new Sequential(Input.shape(3, 4), new Softmax(1, null)));
    m.put("normalization", new Sequential(Input.shape(3, 4), new org.dropout4j.layers.LayerNormalization(0.01f, true,
        false, "zeros", "ones", null), new org.dropout4j.layers.UnitNormalization()));
    m.put("prelu_shared", new Sequential(Input.shape(3, 4), new PReLU("ones", new int[] {1}, null)));
    m.put("gelu_lstm", new Sequential(Input.shape(3, 4), LSTM.builder(2).activation("gelu")
        .recurrentActivation(Activations.KERAS2_HARD_SIGMOID).build(), new Dense(3, "hard_silu")));
    for (Sequential s : m.values()) {
      s.build(s.inputShape());
    }
    return m;
  }

  @Test
  void models_round_trip_through_json_and_d4j_with_the_same_predictions() throws IOException {
    for (Map.Entry<String, Sequential> e : models().entrySet()) {
      Sequential m = e.getValue();
      String json = ModelJson.toJson(m);
      assertEquals(json, ModelJson.toJson(ModelJson.fromJson(json)), e.getKey());
      Path file = dir.resolve(e.getKey() + ".d4j");
      ModelArchive.save(m, file);
      Sequential back = ModelArchive.load(file);
      org.dropout4j.tensor.Shape shape = m.inputShape().withBatch(2);
      float[] v = new float[shape.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) Math.sin(1.7 * i) * 2f;
      }
      Tensor x = Tensor.of(shape, v);
      assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), e.getKey());
    }
  }

  @Test
  void keras2_leaky_relu_alpha_is_read_as_the_slope() {
    Sequential m = ModelJson.fromJson("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"LeakyReLU\", \"config\": {\"name\": \"l\", \"trainable\": true, \"batch_input_shape\":"
        + " [null, 2], \"dtype\": \"float32\", \"alpha\": 0.25}}]}}");
    assertEquals(-0.5f, m.predict(Tensor.of(org.dropout4j.tensor.Shape.of(1, 2), -2f, 1f)).get(0), 1e-7);
  }

  @Test
  void tfjs_export_translates_relu_and_leaky_relu_keys() throws IOException {
    Sequential m = new Sequential(Input.shape(4), new ReLU(6f, 0f, 0f, "r6"), new LeakyReLU(0.1f, "lk"),
        new ReLU(null, 0.2f, 0f, "leaky_as_relu"), new ELU(0.5f, "e"), new Softmax(-1, "s"));
    m.build(m.inputShape());
    TfjsLayers.export(m, dir);
    String json = Files.readString(dir.resolve("model.json"));
    assertTrue(json.contains("\"max_value\":6.0") && json.contains("\"alpha\":0.1"), json);
    assertTrue(!json.contains("negative_slope") && !json.contains("threshold"), json);
    Sequential back = TfjsLayers.load(dir);
    Tensor x = Tensor.of(org.dropout4j.tensor.Shape.of(1, 4), -3f, -1f, 2f, 8f);
    assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), 1e-7f);
  }

  @Test
  void tfjs_export_refuses_relu_with_threshold_naming_the_layer() {
    Sequential m = new Sequential(Input.shape(4), new ReLU(null, 0f, 0.5f, "thr"));
    m.build(m.inputShape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsLayers.export(m, dir));
    assertTrue(e.getMessage().contains("\"thr\" (ReLU)") && e.getMessage().contains("threshold"), e.getMessage());
  }

  @Test
  void tfjs_export_writes_keras2_hard_sigmoid_as_hard_sigmoid_and_reads_it_back() throws IOException {
    Sequential m = models().get("gelu_lstm");
    Sequential lstm = new Sequential(Input.shape(3, 4), LSTM.builder(2)
        .recurrentActivation(Activations.KERAS2_HARD_SIGMOID).build());
    lstm.build(lstm.inputShape());
    TfjsLayers.export(lstm, dir);
    String json = Files.readString(dir.resolve("model.json"));
    assertTrue(json.contains("\"recurrent_activation\":\"hard_sigmoid\""), json);
    assertEquals(Activations.KERAS2_HARD_SIGMOID, TfjsLayers.load(dir).layers().get(0).getConfig()
        .get("recurrent_activation"));
    assertThrows(IllegalArgumentException.class, () -> TfjsLayers.export(m, dir.resolve("x")), "TF.js has no hard_silu");
  }

  @Test
  void tfjs_export_refuses_keras3_hard_sigmoid_as_recurrent_activation() {
    Sequential m = new Sequential(Input.shape(3, 4), LSTM.builder(2).recurrentActivation("hard_sigmoid").build());
    m.build(m.inputShape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsLayers.export(m, dir));
    assertTrue(e.getMessage().contains("relu6(x + 3) / 6"), e.getMessage());
  }
}
