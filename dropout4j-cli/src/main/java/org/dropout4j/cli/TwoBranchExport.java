package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.cli.circles.CirclesStudy;
import org.dropout4j.io.TfjsLayers;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.Functional;
import org.dropout4j.tensor.Tensor;

/** The functional two-branch model of {@code circles --export-tfjs}, for the web demo's graph and MC-dropout view. */
final class TwoBranchExport {
  /** The web demo's folder of the functional two-branch model ({@link CirclesStudy#twoBranchModel}). */
  static final String TWO_BRANCH = "two_branch";

  /**
   * Trains {@link CirclesStudy#twoBranchModel} with {@code seed}, exports it to {@code dir/}{@value #TWO_BRANCH},
   * adds its predictions on {@code inputs} to {@code predictions} and returns its {@code data.json} entry (label,
   * seed, accuracies, the rate of each dropout layer by name).
   */
  static Map<String, Object> export(CirclesStudy study, long seed, Path dir, double[][] inputs,
      Map<String, Object> predictions) throws IOException {
    Functional branches = study.trainTwoBranch(seed);
    TfjsLayers.export(branches, dir.resolve(TWO_BRANCH));
    List<Double> values = new ArrayList<>();
    for (float f : branches.predict(Tensor.of(inputs)).toArray()) {
      values.add((double) f);
    }
    predictions.put(TWO_BRANCH, values);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", "functional: two dropout branches + residual Add");
    m.put("seed", seed);
    m.put("train_accuracy", branches.evaluate(Tensor.of(study.train().x()), Tensor.column(study.train().y()))
        .get("accuracy"));
    m.put("test_accuracy", branches.evaluate(Tensor.of(study.test().x()), Tensor.column(study.test().y()))
        .get("accuracy"));
    Map<String, Object> rates = new LinkedHashMap<>();
    for (Layer layer : branches.layers()) {
      if (layer instanceof Dropout d) {
        rates.put(layer.name(), Double.parseDouble(Float.toString(d.rate())));
      }
    }
    m.put("dropout_rates", rates);
    return m;
  }

  private TwoBranchExport() {
  }
}
