package org.dropout4j.examples;

import java.io.IOException;
import org.dropout4j.data.LabeledImages;
import org.dropout4j.data.TrainTest;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.MaxPooling2D;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;

/**
 * Dropout in a CNN where the Keras examples put it: after the pooling layer ({@code Dropout(0.25)}) and after the
 * dense layer ({@code Dropout(0.5)}), never inside the convolutions.
 */
public final class CnnDropout {
  private CnnDropout() {
  }

  /** Trains on Fashion-MNIST and prints test accuracy; {@code --quick}: 512 images, 1 epoch. */
  public static void main(String[] args) throws IOException {
    boolean quick = Quick.isOn(args);
    Sequential model = new Sequential(Input.shape(28, 28, 1),
        new Conv2D(32, 3, "relu"), new Conv2D(64, 3, "relu"), new MaxPooling2D(2),
        new Dropout(0.25f),                        // after pooling
        new Flatten(), new Dense(128, "relu"),
        new Dropout(0.5f),                         // after the dense layer
        new Dense(10, "softmax"));
    model.setRandomSeed(1);
    model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    System.out.print(model.summary());

    TrainTest<LabeledImages> data = FashionData.load(quick ? 512 : 60000, quick ? 256 : 10000);
    model.fit(data.train().images(1f / 255), data.train().labels(), FitOptions.builder().epochs(quick ? 1 : 12)
        .batchSize(128).verbose(2).build());
    System.out.printf("test accuracy %.4f%n",
        model.evaluate(data.test().images(1f / 255), data.test().labels()).get("accuracy"));
  }
}
