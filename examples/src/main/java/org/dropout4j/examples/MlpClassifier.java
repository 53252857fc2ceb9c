package org.dropout4j.examples;

import java.io.IOException;
import org.dropout4j.data.LabeledImages;
import org.dropout4j.data.TrainTest;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * The tutorial classifier {@code 784 -> Dense(128, relu) -> Dropout(0.5) -> Dense(64, relu) -> Dropout(0.5) ->
 * Dense(10, softmax)} with its {@code summary()}, trained on flattened Fashion-MNIST images.
 */
public final class MlpClassifier {
  private MlpClassifier() {
  }

  /** Prints the summary, trains and prints test accuracy; {@code --quick}: 2000 images, 2 epochs. */
  public static void main(String[] args) throws IOException {
    boolean quick = Quick.isOn(args);
    Sequential model = new Sequential(Input.shape(784),
        new Dense(128, "relu"), new Dropout(0.5f),
        new Dense(64, "relu"), new Dropout(0.5f),
        new Dense(10, "softmax"));
    model.setRandomSeed(1);
    model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    System.out.print(model.summary());

    TrainTest<LabeledImages> data = FashionData.load(quick ? 2000 : 60000, quick ? 1000 : 10000);
    Tensor x = flat(data.train());
    Tensor xTest = flat(data.test());
    model.fit(x, data.train().labels(), FitOptions.builder().epochs(quick ? 2 : 20).batchSize(128)
        .validationSplit(0.1).verbose(2).build());
    System.out.printf("test accuracy %.4f%n", model.evaluate(xTest, data.test().labels()).get("accuracy"));
  }

  /** Images as rows of 784 pixels scaled to [0, 1]. */
  private static Tensor flat(LabeledImages images) {
    return Ops.reshape(images.images(1f / 255), images.size(), 784);
  }
}
