package org.dropout4j.examples;

import org.dropout4j.data.LabeledData;
import org.dropout4j.data.ToyDatasets;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;

/**
 * The circles case study's dropout model (model B of {@link CirclesCaseStudy}: Dense(500, relu), Dropout(0.4),
 * Dense(1, sigmoid), Adam, binary cross-entropy, seed 1), trained on its 30 training points, for the examples that
 * start from it.
 */
final class CirclesModel {
  private CirclesModel() {
  }

  /** The training points: the first 30 of make_circles(100, noise=0.1, random_state=1). */
  static LabeledData trainingPoints() {
    return ToyDatasets.makeCircles(100, 0.1, 1).rows(0, 30);
  }

  /** Model B trained for {@code epochs} epochs on {@link #trainingPoints()}. */
  static Sequential trainedWithDropout(int epochs) {
    LabeledData train = trainingPoints();
    Sequential model = new Sequential(Input.shape(2), new Dense(500, "relu"), new Dropout(0.4f),
        new Dense(1, "sigmoid"));
    model.setRandomSeed(1);
    model.compile("adam", "binary_crossentropy", "accuracy");
    model.fit(Tensor.of(train.x()), Tensor.column(train.y()), FitOptions.builder().epochs(epochs).build());
    return model;
  }
}
