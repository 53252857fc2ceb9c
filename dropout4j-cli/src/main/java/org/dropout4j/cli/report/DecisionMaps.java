package org.dropout4j.cli.report;

import java.util.List;
import org.dropout4j.data.LabeledData;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;

/**
 * Decision maps of binary classifiers on 2-D data: p(class 1) from {@code predict()} over the plane around the data,
 * drawn by {@link FieldMap} with a colour bar, the 0.5 contour, equal scales on both axes, training points filled and
 * test points hollow.
 *
 * <pre>{@code
 * DecisionMaps.of("dropout 0.4, seed 1", model, train, test).writePng(Path.of("decision_map.png"));
 * }</pre>
 */
public final class DecisionMaps {
  /** Grid points per side of a decision map. */
  public static final int RESOLUTION = 240;
  /** Margin around the data, as a fraction of the larger side of its bounding box. */
  static final double MARGIN = 0.15;

  private DecisionMaps() {
  }

  /**
   * The map of {@code model}'s single sigmoid output over the bounding box of {@code train} and {@code test}, widened
   * by {@value #MARGIN} of its larger side on every edge and rounded outward to tenths.
   *
   * @throws IllegalArgumentException if the data do not have exactly 2 features
   */
  public static FieldMap of(String title, Sequential model, LabeledData train, LabeledData test) {
    double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (LabeledData d : List.of(train, test)) {
      if (d.features() != 2) {
        throw new IllegalArgumentException("a decision map needs data with 2 features, received " + d.features()
            + " for \"" + title + "\"");
      }
      for (double[] row : d.x()) {
        for (int c = 0; c < 2; c++) {
          min[c] = Math.min(min[c], row[c]);
          max[c] = Math.max(max[c], row[c]);
        }
      }
    }
    double pad = MARGIN * Math.max(max[0] - min[0], max[1] - min[1]);
    return FieldMap.probability(title, Math.floor((min[0] - pad) * 10) / 10, Math.ceil((max[0] + pad) * 10) / 10,
        Math.floor((min[1] - pad) * 10) / 10, Math.ceil((max[1] + pad) * 10) / 10, RESOLUTION,
        points -> predict(model, points)).withPoints(train.x(), train.y(), true).withPoints(test.x(), test.y(), false);
  }

  private static double[] predict(Sequential model, double[][] points) {
    float[] p = model.predict(Tensor.of(points), 4096).toArray();
    if (p.length != points.length) {
      throw new IllegalArgumentException("a decision map needs a model with one output unit (p(class 1)), received "
          + p.length / points.length + " outputs per point");
    }
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i];
    }
    return out;
  }
}
