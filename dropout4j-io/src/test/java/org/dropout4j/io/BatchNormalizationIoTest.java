package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BatchNormalization} in the registry, the Keras JSON round trip and the .d4j archive. */
class BatchNormalizationIoTest {
  /** {@code BatchNormalization().get_config()} from Keras 3.15.1 (TensorFlow backend), inside a Sequential. */
  private static final String KERAS3 = "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":"
      + "\"BatchNormalization\",\"config\":{\"name\": \"batch_normalization\", \"trainable\": true, \"dtype\": "
      + "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, "
      + "\"registered_name\": null}, \"axis\": -1, \"momentum\": 0.99, \"epsilon\": 0.001, \"center\": true, "
      + "\"scale\": true, \"beta_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", "
      + "\"config\": {}, \"registered_name\": null}, \"gamma_initializer\": {\"module\": \"keras.initializers\", "
      + "\"class_name\": \"Ones\", \"config\": {}, \"registered_name\": null}, \"moving_mean_initializer\": "
      + "{\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", \"config\": {}, \"registered_name\": "
      + "null}, \"moving_variance_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Ones\", "
      + "\"config\": {}, \"registered_name\": null}, \"beta_regularizer\": null, \"gamma_regularizer\": null, "
      + "\"beta_constraint\": null, \"gamma_constraint\": null, \"synchronized\": false, \"renorm\": false, "
      + "\"renorm_clipping\": null, \"renorm_momentum\": 0.99}}]}}";

  @TempDir
  Path dir;

  private static Sequential model() {
    return new Sequential(Input.shape(4), new Dense(3), new BatchNormalization(0.9f, 1e-2f, true, false, "bn", true),
        new Dense(2));
  }

  @Test
  void model_roundTripsToAnIdenticalJsonString() {
    String json = ModelJson.toJson(model());
    assertTrue(json.contains("\"momentum\":0.9"), json);
    assertEquals(json, ModelJson.toJson(ModelJson.fromJson(json)));
  }

  @Test
  void keras3Config_isRead() {
    Sequential m = ModelJson.fromJson(KERAS3);
    BatchNormalization bn = assertInstanceOf(BatchNormalization.class, m.layers().get(0));
    assertEquals(0.99f, bn.momentum());
    assertEquals(1e-3f, bn.epsilon());
    assertEquals("batch_normalization", bn.name());
  }

  @Test
  void renormTrue_isRefusedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelJson.fromJson(KERAS3.replace("\"renorm\": false", "\"renorm\": true")));
    assertTrue(e.getMessage().contains("renorm"), e.getMessage());
  }

  @Test
  void axisOne_andKeras2sOneElementList_areRead() {
    assertEquals(1, ModelJson.fromJson(KERAS3.replace("\"axis\": -1", "\"axis\": 1")).layers().get(0).getConfig()
        .get("axis"));
    assertEquals(3, ModelJson.fromJson(KERAS3.replace("\"axis\": -1", "\"axis\": [3]")).layers().get(0)
        .getConfig().get("axis"));
  }

  @Test
  void severalAxes_areRefusedEchoingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelJson.fromJson(KERAS3.replace("\"axis\": -1", "\"axis\": [1, 2]")));
    assertTrue(e.getMessage().contains("axis=[1,2]"), e.getMessage());
  }

  @Test
  void d4j_keepsTrainedMovingStatisticsAndPredictions() throws IOException {
    Sequential m = model();
    m.compile("adam", "mse");
    Tensor x = Tensor.of(Shape.of(6, 4), 1, 2, 3, 4, 0, 1, 0, 2, 5, 1, 2, 0, 3, 3, 1, 1, 2, 0, 4, 1, 1, 1, 1, 0);
    Tensor y = Tensor.of(Shape.of(6, 2), 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 1);
    m.fit(x, y, FitOptions.builder().epochs(2).batchSize(3).verbose(0).build());
    Path file = dir.resolve("bn.d4j");
    ModelArchive.save(m, file);
    Sequential back = ModelArchive.load(file);
    List<float[]> w = m.getWeights();
    List<float[]> wb = back.getWeights();
    assertEquals(w.size(), wb.size());
    for (int i = 0; i < w.size(); i++) {
      assertArrayEquals(w.get(i), wb.get(i), "weight " + i);
    }
    assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray());
  }
}
