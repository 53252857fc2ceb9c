package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.dropout4j.data.FashionMnist;
import org.dropout4j.data.LabeledImages;
import org.dropout4j.data.TrainTest;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.MaxPooling2D;
import org.dropout4j.random.RngKey;
import org.dropout4j.random.RngStream;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A small CNN learns: synthetic stroke images always, 500 Fashion-MNIST images when the data set is installed. */
class ConvTrainingTest {
  private static final int SIZE = 10;

  /**
   * {@code n} noisy 10x10 images of 4 classes: a horizontal bar, a vertical bar, a diagonal, an anti-diagonal, each
   * of length 5 at a random position, on uniform noise in [0, 0.3).
   */
  static Tensor[] strokes(int n, long seed) {
    RngStream r = RngKey.of(seed).stream();
    float[] x = new float[n * SIZE * SIZE];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int cls = i % 4;
      y[i] = cls;
      int base = i * SIZE * SIZE;
      for (int p = 0; p < SIZE * SIZE; p++) {
        x[base + p] = 0.3f * r.nextFloat();
      }
      int r0 = r.nextInt(SIZE - 4);
      int c0 = r.nextInt(SIZE - 4);
      int fixed = r.nextInt(SIZE);
      for (int t = 0; t < 5; t++) {
        int row;
        int col;
        switch (cls) {
          case 0: row = fixed; col = c0 + t; break;
          case 1: row = r0 + t; col = fixed; break;
          case 2: row = r0 + t; col = c0 + t; break;
          default: row = r0 + t; col = c0 + 4 - t;
        }
        x[base + row * SIZE + col] = 1f;
      }
    }
    return new Tensor[] {Tensor.of(Shape.of(n, SIZE, SIZE, 1), x), Tensor.of(Shape.of(n), y)};
  }

  @Test
  void smallCnn_learnsStrokeDirections_farAboveChance() {
    Tensor[] train = strokes(400, 1);
    Tensor[] test = strokes(200, 2);
    Sequential model = new Sequential(Input.shape(SIZE, SIZE, 1), new Conv2D(16, 3, "relu"), new MaxPooling2D(),
        new Dropout(0.1f), new Flatten(), new Dense(4, "softmax"));
    model.setRandomSeed(3);
    model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    model.fit(train[0], train[1], FitOptions.builder().epochs(20).batchSize(16).verbose(0).build());
    Map<String, Double> logs = model.evaluate(test[0], test[1]);
    assertTrue(logs.get("accuracy") > 0.75, "test accuracy " + logs + " (chance 0.25)");
  }

  @Test
  void smallCnn_on500FashionMnistImages_beatsChanceByFar() throws IOException {
    assumeTrue(Files.isRegularFile(FashionMnist.defaultDirectory().resolve("train-images-idx3-ubyte.gz")),
        "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
    TrainTest<LabeledImages> data = FashionMnist.load();
    LabeledImages train = data.train().first(500);
    LabeledImages test = data.test().first(300);
    Sequential model = new Sequential(Input.shape(28, 28, 1), new Conv2D(8, 3, "relu"), new MaxPooling2D(2),
        new Flatten(), new Dense(10, "softmax"));
    model.setRandomSeed(7);
    model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    model.fit(train.images(1f / 255), train.labels(), FitOptions.builder().epochs(5).batchSize(32).verbose(0).build());
    Map<String, Double> logs = model.evaluate(test.images(1f / 255), test.labels());
    assertTrue(logs.get("accuracy") > 0.6, "test accuracy " + logs + " (chance 0.1)");
  }
}
