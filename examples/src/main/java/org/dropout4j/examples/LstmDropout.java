package org.dropout4j.examples;

import java.io.IOException;
import org.dropout4j.data.LabeledImages;
import org.dropout4j.data.TrainTest;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.LSTM;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * An LSTM with {@code dropout} (on the inputs of each step) and {@code recurrent_dropout} (on the state carried from
 * step to step), Gal and Ghahramani's variational dropout: one mask per sequence, reused at every timestep. Each
 * Fashion-MNIST image is read as a sequence of 28 rows of 28 pixels.
 */
public final class LstmDropout {
  private LstmDropout() {
  }

  /** Trains and prints test accuracy; {@code --quick}: 512 images, 1 epoch. */
  public static void main(String[] args) throws IOException {
    boolean quick = Quick.isOn(args);
    Sequential model = new Sequential(Input.shape(28, 28),
        LSTM.builder(128).dropout(0.2f).recurrentDropout(0.2f).build(),
        new Dense(10, "softmax"));
    model.setRandomSeed(1);
    model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    System.out.print(model.summary());

    TrainTest<LabeledImages> data = FashionData.load(quick ? 512 : 60000, quick ? 256 : 10000);
    model.fit(sequences(data.train()), data.train().labels(), FitOptions.builder().epochs(quick ? 1 : 20)
        .batchSize(128).verbose(2).build());
    System.out.printf("test accuracy %.4f%n",
        model.evaluate(sequences(data.test()), data.test().labels()).get("accuracy"));
  }

  /** Images as (n, 28 timesteps, 28 features). */
  private static Tensor sequences(LabeledImages images) {
    return Ops.reshape(images.images(1f / 255), images.size(), 28, 28);
  }
}
