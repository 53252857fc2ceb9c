package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Arrays;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights loaded from a file reach the inference path of plain predictions: a model read from a saved archive
 * predicts the saved model's values, and a model that predicted (so its kernels were prepared for one-row
 * products) and then takes the loaded weights predicts the loaded model's values, one row and whole batches alike.
 */
class LoadedWeightsPredictTest {
  private static Sequential mlp(long seed) {
    Sequential m = new Sequential(Input.shape(4, 8), new Flatten(), new Dense(40, "relu"), new Dropout(0.2f),
        new Dense(24, "relu"), new Dense(5, "softmax"));
    m.setRandomSeed(seed);
    m.build(Shape.of(Shape.UNKNOWN, 4, 8));
    return m;
  }

  private static Tensor rows(int n) {
    float[] v = new float[n * 32];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(0.41 * i);
    }
    return Tensor.of(Shape.of(n, 4, 8), v);
  }

  @Test
  void weights_loaded_after_a_prediction_are_seen_by_the_next_one(@TempDir Path dir) throws Exception {
    Tensor x = rows(9);
    Sequential saved = mlp(5);
    Path file = dir.resolve("mlp.d4j");
    ModelArchive.save(saved, file);
    Sequential loaded = ModelArchive.load(file);
    assertArrayEquals(saved.predict(x, 1).toArray(), loaded.predict(x, 1).toArray());
    assertArrayEquals(saved.predict(x, 9).toArray(), loaded.predict(x, 9).toArray());

    Sequential serving = mlp(6);
    float[] before = serving.predict(x, 1).toArray();
    serving.setWeights(loaded.getWeights());
    float[] after = serving.predict(x, 1).toArray();
    assertFalse(Arrays.equals(before, after), "the loaded weights differ from the model's own");
    assertArrayEquals(loaded.predict(x, 1).toArray(), after);
    assertArrayEquals(loaded.predict(x, 9).toArray(), serving.predict(x, 9).toArray());
  }
}
