package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.DepthwiseConv2D;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.SeparableConv2D;
import org.dropout4j.layers.TimeDistributed;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TimeDistributed, Bidirectional, DepthwiseConv2D and SeparableConv2D through JSON, .d4j and TF.js files. */
class WrapperLayersIoTest {
  @TempDir
  Path dir;

  static Map<String, Sequential> models() {
    Map<String, Sequential> m = new LinkedHashMap<>();
    m.put("td", new Sequential(Input.shape(3, 4), LSTM.builder(5).returnSequences(true).build(), new TimeDistributed(new Dense(2, "softmax"))));
    m.put("bi", new Sequential(Input.shape(3, 4), new Bidirectional(GRU.builder(2).resetAfter(false)
        .returnSequences(true).dropout(0.2f), "concat"), new Bidirectional(LSTM.builder(2), "ave")));
    m.put("depthwise", new Sequential(Input.shape(6, 6, 2), new DepthwiseConv2D(new int[] {3}, new int[] {2},
        "same", 2, "channels_last", new int[] {1}, "relu", true, "glorot_uniform", "zeros", null),
        new SeparableConv2D(3, new int[] {2}, new int[] {1}, "valid", 1, "channels_last", new int[] {1}, null,
            true, "glorot_uniform", "glorot_uniform", "zeros", null)));
    for (Sequential s : m.values()) {
      s.build(s.inputShape());
    }
    return m;
  }

  private static Tensor input(Sequential m) {
    Shape shape = m.inputShape().withBatch(2);
    float[] v = new float[shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.cos(0.7 * i);
    }
    return Tensor.of(shape, v);
  }

  @Test
  void models_round_trip_through_json_d4j_and_tfjs_with_the_same_predictions() throws IOException {
    for (Map.Entry<String, Sequential> e : models().entrySet()) {
      Sequential m = e.getValue();
      String json = ModelJson.toJson(m);
      assertEquals(json, ModelJson.toJson(ModelJson.fromJson(json)), e.getKey());
      Path file = dir.resolve(e.getKey() + ".d4j");
      ModelArchive.save(m, file);
      Tensor x = input(m);
      assertArrayEquals(m.predict(x).toArray(), ModelArchive.load(file).predict(x).toArray(), e.getKey());
      Path web = dir.resolve(e.getKey());
      TfjsLayers.export(m, web);
      assertArrayEquals(m.predict(x).toArray(), TfjsLayers.load(web).predict(x).toArray(), 1e-6f, e.getKey());
    }
  }

  @Test
  void bidirectional_without_backward_layer_flips_go_backwards() {
    Sequential m = ModelJson.fromJson("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"Bidirectional\", \"config\": {\"name\": \"b\", \"batch_input_shape\": [null, 3, 2], "
        + "\"merge_mode\": \"sum\", \"layer\": {\"class_name\": \"SimpleRNN\", \"config\": {\"name\": \"r\", "
        + "\"units\": 2, \"go_backwards\": true}}}}]}}");
    Bidirectional b = (Bidirectional) m.layers().get(0);
    assertTrue(b.forwardLayer().goBackwards());
    assertTrue(!b.backwardLayer().goBackwards());
  }

  @Test
  void bidirectional_merge_mode_none_in_a_sequential_is_refused_naming_it() {
    // two outputs (forward, backward) need a functional model; a Sequential chain refuses it when it is built
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": "
            + "\"Bidirectional\", \"config\": {\"name\": \"b\", \"batch_input_shape\": [null, 3, 2], "
            + "\"merge_mode\": null, \"layer\": {\"class_name\": \"LSTM\", \"config\": {\"units\": 2}}}}]}}"));
    assertTrue(e.getMessage().contains("merge_mode") && e.getMessage().contains("\"b\""), e.getMessage());
  }
}
