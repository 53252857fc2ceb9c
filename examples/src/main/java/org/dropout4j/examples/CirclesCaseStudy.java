package org.dropout4j.examples;

import java.util.Map;
import org.dropout4j.data.LabeledData;
import org.dropout4j.data.ToyDatasets;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;

/**
 * The Keras dropout tutorial's case study: 100 noisy circles points, 30 to train and 70 to test, a 500-unit network
 * without (A) and with (B) {@code Dropout(0.4)}, 4000 epochs. A overfits (train 1.0, test lower); dropout narrows the
 * gap. One seed on 70 test points is noisy: {@code ./dropout4j circles} repeats it over seeds.
 */
public final class CirclesCaseStudy {
  private CirclesCaseStudy() {
  }

  /** Trains both models and prints train/test accuracy; {@code --quick} trains 200 epochs instead of 4000. */
  public static void main(String[] args) {
    int epochs = Quick.isOn(args) ? 200 : 4000;
    LabeledData all = ToyDatasets.makeCircles(100, 0.1, 1);          // sklearn.datasets.make_circles
    LabeledData train = all.rows(0, 30);
    LabeledData test = all.rows(30, 100);
    Tensor xTrain = Tensor.of(train.x());
    Tensor yTrain = Tensor.column(train.y());
    Tensor xTest = Tensor.of(test.x());
    Tensor yTest = Tensor.column(test.y());

    Sequential a = new Sequential(Input.shape(2), new Dense(500, "relu"), new Dense(1, "sigmoid"));
    Sequential b = new Sequential(Input.shape(2), new Dense(500, "relu"), new Dropout(0.4f),
        new Dense(1, "sigmoid"));
    for (Sequential model : new Sequential[] {a, b}) {
      model.setRandomSeed(1);
      model.compile("adam", "binary_crossentropy", "accuracy");
      model.fit(xTrain, yTrain, FitOptions.builder().epochs(epochs).batchSize(32)
          .validationData(xTest, yTest).build());
      Map<String, Double> trainScores = model.evaluate(xTrain, yTrain);
      Map<String, Double> testScores = model.evaluate(xTest, yTest);
      System.out.printf("%s: train accuracy %.3f, test accuracy %.3f (%d epochs)%n",
          model == a ? "A, no dropout  " : "B, Dropout(0.4)", trainScores.get("accuracy"),
          testScores.get("accuracy"), epochs);
    }
  }
}
