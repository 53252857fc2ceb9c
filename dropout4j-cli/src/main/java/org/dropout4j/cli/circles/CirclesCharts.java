package org.dropout4j.cli.circles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.cli.circles.CirclesStudy.Run;
import org.dropout4j.cli.report.FieldMap;
import org.dropout4j.cli.report.LearningCurvePlot;
import org.dropout4j.data.LabeledData;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.knowm.xchart.XYChart;

/** The pictures of the circles case study that are not learning curves: decision maps and dropout on vs off. */
public final class CirclesCharts {
  /** Grid points per side of a decision map. */
  public static final int MAP_RESOLUTION = 240;

  private CirclesCharts() {
  }

  /**
   * The decision map of a trained model: p(class 1) over a square around the data, the 0.5 contour, a colour bar,
   * training points filled and test points hollow.
   */
  public static FieldMap decisionMap(String title, Sequential model, LabeledData train, LabeledData test) {
    double extent = 0;
    for (LabeledData d : List.of(train, test)) {
      for (double[] row : d.x()) {
        extent = Math.max(extent, Math.max(Math.abs(row[0]), Math.abs(row[1])));
      }
    }
    extent = Math.ceil(extent * 1.15 * 10) / 10;
    return FieldMap.probability(title, -extent, extent, -extent, extent, MAP_RESOLUTION, points -> predict(model,
        points)).withPoints(train.x(), train.y(), true).withPoints(test.x(), test.y(), false);
  }

  private static double[] predict(Sequential model, double[][] points) {
    float[] p = model.predict(Tensor.of(points), 4096).toArray();
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i];
    }
    return out;
  }

  /**
   * Model B's training accuracy two ways, per epoch: as {@code fit} reports it (measured during the epoch, dropout
   * on, so a random 60% of the network at rate 0.4) and as {@code evaluate} gives it after the epoch (dropout off,
   * the whole network, the number in the results table); with the validation (= test set) accuracy for scale.
   *
   * @param run model B's run, trained with {@code trackDropoutOff}
   * @throws IllegalArgumentException if the run has no {@value CirclesStudy#TRAIN_ACCURACY_DROPOUT_OFF} history
   */
  public static XYChart dropoutOnOff(Run run, String label) {
    History h = run.history();
    if (!h.has(CirclesStudy.TRAIN_ACCURACY_DROPOUT_OFF)) {
      throw new IllegalArgumentException("run of " + label + " seed " + run.seed() + " has no "
          + CirclesStudy.TRAIN_ACCURACY_DROPOUT_OFF + " values; its keys are " + h.keys());
    }
    History on = new History();
    History off = new History();
    for (int e = 0; e < h.epochs(); e++) {
      on.record("accuracy", h.get("accuracy").get(e));
      off.record("accuracy", h.get(CirclesStudy.TRAIN_ACCURACY_DROPOUT_OFF).get(e));
      off.record("val_accuracy", h.get("val_accuracy").get(e)); // validation runs with dropout off too
    }
    Map<String, History> runs = new LinkedHashMap<>();
    runs.put(DROPOUT_ON, on);
    runs.put(DROPOUT_OFF, off);
    XYChart chart = LearningCurvePlot.of("accuracy").withTitle(label + " (seed " + run.seed() + "), training "
        + "accuracy: dropout on during fit, off in evaluate").withSize(1000, 560).chart(runs);
    // dropout on in model B's orange, as B's training curve in the other charts (the same numbers); off in green,
    // so that no line here wears model A's blue
    for (org.knowm.xchart.XYSeries s : chart.getSeriesMap().values()) {
      java.awt.Color c = s.getName().startsWith(DROPOUT_ON) ? MODEL_B_ORANGE : DROPOUT_OFF_GREEN;
      s.setLineColor(c);
      s.setMarkerColor(c);
    }
    return chart;
  }

  private static final String DROPOUT_ON = "dropout on (fit's running accuracy)";
  private static final String DROPOUT_OFF = "dropout off (evaluate)";
  /** Model B's colour in the learning curves (LearningCurvePlot's second series). */
  private static final java.awt.Color MODEL_B_ORANGE = new java.awt.Color(0xff7f0e);
  private static final java.awt.Color DROPOUT_OFF_GREEN = new java.awt.Color(0x2ca02c);
}
