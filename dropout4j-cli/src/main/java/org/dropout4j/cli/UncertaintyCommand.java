package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.cli.circles.CirclesStudy;
import org.dropout4j.cli.report.FieldMap;
import org.dropout4j.cli.report.SummaryJson;
import org.dropout4j.data.LabeledData;
import org.dropout4j.data.ToyDatasets;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.McPrediction;
import org.dropout4j.models.MonteCarloDropout;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.knowm.xchart.HeatMapChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dropout4j uncertainty circles}: trains the case study's dropout model (model B), runs Monte Carlo dropout
 * on a grid over the plane, writes maps of predictive entropy and mutual information (BALD) with colour bars and the
 * training points, and compares the
 * uncertainty at the training points with the uncertainty at points far from every training point.
 */
@Command(name = "uncertainty", mixinStandardHelpOptions = true,
    description = "Monte Carlo dropout on the circles model: heat maps of predictive entropy and BALD, and the "
        + "uncertainty near vs far from the training points.")
final class UncertaintyCommand extends CliCommand {
  @Parameters(index = "0", description = "data set: circles")
  String dataset;

  @Option(names = "--epochs", defaultValue = "4000", description = "training epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--rate", defaultValue = "0.4", description = "dropout rate (default: ${DEFAULT-VALUE})")
  float rate;

  @Mixin
  McPasses passes = new McPasses();

  @Option(names = "--grid", defaultValue = "61", description = "grid points per axis (default: ${DEFAULT-VALUE})")
  int grid;

  @Option(names = "--extent", defaultValue = "2.5",
      description = "the grid covers [-extent, extent] on both axes (default: ${DEFAULT-VALUE})")
  double extent;

  @Option(names = "--far", defaultValue = "0.75",
      description = "a grid point is 'far' when no training point is closer than this (default: ${DEFAULT-VALUE})")
  double far;

  @Option(names = "--seed", defaultValue = "1", description = "seed of training and of the MC passes")
  long seed;

  @Option(names = "--out", defaultValue = "runs/uncertainty", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  void checkOptions() {
    NumberOptions.checkFloat(command, rate, r -> r >= 0 && r < 1, "a float in [0, 1)", "--rate");
    // the grid's points are float32 inputs: an extent of 1e300 made every point Infinity and the model NaN
    NumberOptions.checkFloat(command, extent, e -> e > 0 && e <= 1e6, "a float in (0, 1e6]", "--extent");
    NumberOptions.checkFloat(command, far, f -> f >= 0 && f <= 1e6, "a float in [0, 1e6]", "--far");
  }

  @Override
  Map<String, Object> execute() throws IOException {
    int samples = passes.passes();
    if (!dataset.equals("circles")) {
      throw new IllegalArgumentException("unknown data set '" + dataset + "'; expected one of [circles]");
    }
    if (grid < 2 || grid > 1000) {
      throw new IllegalArgumentException("Invalid value for --grid: expected 2..1000, received " + grid);
    }
    if (!(extent > 0)) {
      throw new IllegalArgumentException("Invalid value for --extent: expected a positive number, received " + extent);
    }
    CirclesStudy study = new CirclesStudy(epochs, rate);
    Sequential model = study.model(CirclesStudy.Variant.B, seed);
    LabeledData all = ToyDatasets.makeCircles(100, 0.1, 1);
    LabeledData train = all.rows(0, CirclesStudy.TRAIN_ROWS);
    try (ProgressLine bar = new ProgressLine("train", epochs, output.showProgress())) {
      model.fit(Tensor.of(train.x()), Tensor.column(train.y()), FitOptions.builder().epochs(epochs).verbose(0)
          .callbacks(new FitProgress(bar, epochs, 1, false)).build());
    }

    // the maps evaluate their field at the grid's cell centres: one Monte Carlo run there serves both maps
    double[][][] gridPoints = new double[1][][];
    McPrediction[] gridMc = new McPrediction[1];
    long t0 = System.nanoTime();
    FieldMap entropyMap;
    try (ProgressLine bar = new ProgressLine("passes", samples, output.showProgress())) {
      entropyMap = FieldMap.magnitude("Predictive entropy (MC dropout, T=" + samples + ")", "entropy (nats)", -extent,
          extent, -extent, extent, grid, pts -> {
            gridPoints[0] = pts;
            gridMc[0] = MonteCarloDropout.predict(model, List.of(Tensor.of(pts)), samples, seed,
                rows -> bar.update(rows / pts.length, null)).get(0);
            return doubles(gridMc[0].predictiveEntropy().toArray());
          });
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double[][] points = gridPoints[0];
    FieldMap baldMap = FieldMap.magnitude("Mutual information / BALD (MC dropout, T=" + samples + ")", "BALD (nats)",
        -extent, extent, -extent, extent, grid, pts -> doubles(gridMc[0].mutualInformation().toArray()));
    McPrediction trainMc = MonteCarloDropout.predict(model, Tensor.of(train.x()), samples, seed + 1);

    float[] entropy = gridMc[0].predictiveEntropy().toArray();
    float[] bald = gridMc[0].mutualInformation().toArray();
    double[] farMeans = farMeans(points, train, entropy, bald);
    double nearEntropy = mean(trainMc.predictiveEntropy().toArray());
    double nearBald = mean(trainMc.mutualInformation().toArray());

    Files.createDirectories(out);
    entropyMap.withPoints(train.x(), train.y(), true).writePng(out.resolve("entropy.png"));
    baldMap.withPoints(train.x(), train.y(), true).writePng(out.resolve("bald.png"));
    System.out.printf(Locale.ROOT, "Monte Carlo dropout, T=%d passes over %d grid points in %.2f s%n", samples,
        points.length, seconds);
    System.out.printf(Locale.ROOT, "%-52s %12s %12s%n", "inputs", "entropy", "BALD");
    System.out.printf(Locale.ROOT, "%-52s %12.4f %12.4f%n", "the 30 training points", nearEntropy, nearBald);
    System.out.printf(Locale.ROOT, "%-52s %12.4f %12.4f%n", String.format(Locale.ROOT,
        "%d grid points >= %.2f from every training point", (int) farMeans[2], far), farMeans[0], farMeans[1]);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("passes", samples);
    summary.put("epochs", epochs);
    summary.put("rate", Double.valueOf(Float.toString(rate))); // 0.4, not 0.4000000059604645
    summary.put("seed", seed);
    summary.put("train_entropy", nearEntropy);
    summary.put("train_bald", nearBald);
    summary.put("far_points", (int) farMeans[2]);
    summary.put("far_entropy", farMeans[0]);
    summary.put("far_bald", farMeans[1]);
    SummaryJson.write(summary, out.resolve("uncertainty.json"));
    System.out.println("wrote " + out.resolve("entropy.png") + ", " + out.resolve("bald.png") + " (training points filled), "
        + out.resolve("uncertainty.json"));
    summary.put("out", out.toString());
    return summary;
  }

  /** Mean entropy, mean BALD and the count of grid points farther than {@code far} from every training point. */
  private double[] farMeans(double[][] points, LabeledData train, float[] entropy, float[] bald) {
    double e = 0;
    double b = 0;
    int n = 0;
    for (int i = 0; i < points.length; i++) {
      double nearest = Double.POSITIVE_INFINITY;
      for (int t = 0; t < train.size(); t++) {
        nearest = Math.min(nearest, Math.hypot(points[i][0] - train.x(t, 0), points[i][1] - train.x(t, 1)));
      }
      if (nearest >= far) {
        e += entropy[i];
        b += bald[i];
        n++;
      }
    }
    return new double[] {n == 0 ? Double.NaN : e / n, n == 0 ? Double.NaN : b / n, n};
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double[] doubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }
}
