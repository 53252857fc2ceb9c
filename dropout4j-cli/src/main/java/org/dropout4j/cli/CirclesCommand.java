package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.cli.circles.CirclesCharts;
import org.dropout4j.cli.circles.CirclesOutputs;
import org.dropout4j.cli.circles.CirclesStudy;
import org.dropout4j.cli.circles.CirclesStudy.Run;
import org.dropout4j.cli.circles.CirclesStudy.Variant;
import org.dropout4j.cli.experiment.Statistics;
import org.dropout4j.cli.report.HistoryCsv;
import org.dropout4j.cli.report.LearningCurvePlot;
import org.dropout4j.cli.report.SummaryJson;
import org.dropout4j.data.LabeledData;
import org.dropout4j.io.TfjsLayers;
import org.dropout4j.models.History;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dropout4j circles}: the Keras dropout tutorial's case study. Trains model A (no dropout) and model B
 * (Dropout after the hidden layer), prints train/test accuracy and loss and the gap, and writes learning curves,
 * histories and a summary.
 */
@Command(name = "circles", mixinStandardHelpOptions = true,
    description = "Train Dense(500)->Dense(1) without (A) and with (B) dropout on make_circles(100, noise=0.1, "
        + "random_state=1), 30 train / 70 test points, and show what dropout does to overfitting.")
final class CirclesCommand extends CliCommand {
  @Option(names = "--epochs", defaultValue = "4000", description = "epochs per training (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--rate", defaultValue = "0.4", description = "dropout rate of model B (default: ${DEFAULT-VALUE})")
  float rate;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the first repeat (default: ${DEFAULT-VALUE})")
  long seed;

  /** Seeds per model by default: enough that the mean over seeds is not one seed's noise, and still a few seconds. */
  static final int DEFAULT_REPEATS = 20;

  @Option(names = "--repeats", defaultValue = "" + DEFAULT_REPEATS,
      description = "trainings per model with seeds seed, seed+1, ...; the table shows mean \u00b1 std over them "
          + "and the tutorial's single run (the first seed) below it (default: ${DEFAULT-VALUE})")
  int repeats;

  @Option(names = "--threads", description = "parallel trainings (default: number of cores)")
  Integer threads;

  @Option(names = "--out", defaultValue = "runs/circles", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--export-tfjs", paramLabel = "DIR",
      description = "also export the first seed's trained models as TF.js Layers models to DIR/no_dropout and "
          + "DIR/dropout, the circles points to DIR/data.json and dropout4j's predictions on a fixed set of points "
          + "to DIR/expected.json (for the web/ demo page)")
  Path exportTfjs;

  @Option(names = "--export-rates", split = ",", paramLabel = "RATES",
      description = "with --export-tfjs: also train model B of the first seed at each of these dropout rates and "
          + "export it to DIR/dropout_RATE, for the web page's rate slider (e.g. 0,0.2,0.4,0.6,0.8)")
  List<Float> exportRates = new ArrayList<>();

  /** Half-width of the square grid of {@code expected.json}'s extra points, centred on the origin. */
  static final double GRID_EXTENT = 1.5;
  /** Points per side of that grid. */
  static final int GRID_SIDE = 7;

  @Override
  void checkOptions() {
    NumberOptions.checkFloat(command, rate, r -> r >= 0 && r < 1, "a float in [0, 1)", "--rate");
    for (float r : exportRates) {
      NumberOptions.checkFloat(command, r, x -> x >= 0 && x < 1, "a float in [0, 1)", "--export-rates");
    }
  }

  @Override
  Map<String, Object> execute() throws IOException, InterruptedException {
    CirclesStudy study = new CirclesStudy(epochs, rate);
    int workers = threads != null ? threads
        : Math.min(ExperimentCli.MAX_THREADS, Runtime.getRuntime().availableProcessors());
    ExperimentCli.checkThreads(workers);
    System.out.printf(Locale.ROOT, "circles: %d epochs, model B Dropout(%s), %d seed(s) from %d, %d thread(s)%n",
        epochs, rate, repeats, seed, workers);
    List<Run> runs;
    Map<String, Object> summary;
    PhaseClock phases = PhaseClock.fromProperty("dropout4j.phases");
    try (CirclesOutputs outputs = new CirclesOutputs(workers)) {
      phases.mark("start to circles");
      long t0 = System.nanoTime();
      runs = train(study, workers, outputs);
      double seconds = (System.nanoTime() - t0) / 1e9;
      phases.mark("trainings");
      Files.createDirectories(out);
      System.out.println();
      System.out.print(table(study, runs));
      System.out.printf(Locale.ROOT, "%n%d trainings in %.1f s (%.2f s per training of %d epochs)%n", runs.size(),
          seconds, seconds * Math.min(workers, runs.size()) / runs.size(), epochs);
      System.out.println();
      System.out.print(singleRun(study, runs, seed));
      System.out.println(verdict(runs));
      summary = writeOutputs(outputs, study, runs, seconds);
      phases.mark("outputs after the trainings");
    }
    phases.report(System.err);
    System.out.println();
    System.out.println("wrote to " + out + ": learning_curves_accuracy.png, learning_curves_loss.png"
        + (repeats > 1 ? " (mean \u00b1 std over seeds), learning_curves_seed" + seed + "_accuracy.png (one run)" : "")
        + ", decision_map_A.png, decision_map_B.png, model_b_train_accuracy_dropout_on_off.png (SVG beside each "
        + "chart), histories.csv, summary.json");
    if (exportTfjs != null) {
      exportTfjs(study, runs, exportTfjs);
      System.out.println("exported TF.js models of seed " + seed + " to " + exportTfjs.resolve("no_dropout") + ", "
          + exportTfjs.resolve("dropout") + " and " + exportTfjs.resolve(TwoBranchExport.TWO_BRANCH) + " (functional), with "
          + "data.json and expected.json");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("verdict", verdict(runs));
    result.putAll(summary);
    result.put("out", out.toString());
    return result;
  }

  /** Runs the trainings with a progress bar; each first-seed model's decision map starts when it is trained. */
  private List<Run> train(CirclesStudy study, int workers, CirclesOutputs outputs) throws InterruptedException {
    int total = 2 * repeats;
    try (ParallelProgress bar = new ParallelProgress("trainings", total, output.showProgress());
        Interruption stop = Interruption.onStop(() -> bar.finishedCount() + " of " + total + " trainings had "
            + "finished; circles writes its outputs at the end, so nothing was written to " + out + ": run it again "
            + "(or with fewer --repeats)")) {
      bar.show(null);
      return study.runAll(seed, repeats, workers, true, new CirclesStudy.Listener() {
        @Override
        public void epochEnd(Variant v, long s, int epochsDone) {
          // at most about 200 updates per training, formatted only where the bar is drawn (400 String.format
          // calls took 60 ms of the training threads' CPU in a cold JVM, for a bar not shown off a terminal)
          if (bar.enabled() && epochsDone % Math.max(1, epochs / 200) == 0) {
            bar.running(v.name() + s, (double) epochsDone / epochs, String.format(Locale.ROOT, "%s seed %d: epoch "
                + "%d/%d", study.label(v), s, epochsDone, epochs));
          }
        }

        @Override
        public void finished(Run r) {
          if (r.seed() == seed) {
            decisionMap(outputs, study, r);
          }
          bar.finished(r.variant().name() + r.seed(), study.label(r.variant()) + " seed " + r.seed() + " done");
        }
      });
    }
  }

  /** The tutorial's single run: the first seed's numbers, and a word on how much one seed says. */
  static String singleRun(CirclesStudy study, List<Run> runs, long seed) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "the tutorial's single run (seed %d):%n", seed));
    for (Variant v : Variant.values()) {
      Run r = of(runs, v).get(0);
      sb.append(String.format(Locale.ROOT, "  %-18s train acc %.3f  test acc %.3f  gap %.3f%n", study.label(v),
          r.trainAccuracy(), r.testAccuracy(), r.gap()));
    }
    return sb.toString();
  }

  /**
   * What the runs show about dropout's effect on test accuracy: the mean difference B - A over the seeds with
   * Welch's test when there are several, else a warning that one seed on 70 test points is noise.
   */
  static String verdict(List<Run> runs) {
    double[] a = of(runs, Variant.A).stream().mapToDouble(Run::testAccuracy).toArray();
    double[] b = of(runs, Variant.B).stream().mapToDouble(Run::testAccuracy).toArray();
    if (a.length < 2) {
      return String.format(Locale.ROOT, "one seed: B - A test accuracy %+.3f, but on 70 test points one seed is "
          + "noise (a seed moves test accuracy by about 0.02); run --repeats 20 for the mean over seeds",
          b[0] - a[0]);
    }
    double diff = Statistics.mean(b) - Statistics.mean(a);
    double gapA = of(runs, Variant.A).stream().mapToDouble(Run::gap).average().orElse(Double.NaN);
    double gapB = of(runs, Variant.B).stream().mapToDouble(Run::gap).average().orElse(Double.NaN);
    Statistics.Welch w = Statistics.welch(b, a);
    String where = diff > 0 ? "ahead of" : diff < 0 ? "behind" : "level with";
    String significance = Double.isNaN(w.p()) ? "" : String.format(Locale.ROOT, "; Welch's t-test p %s, %s",
        pValue(w.p()), w.p() < 0.05 ? "significant at 0.05" : "not significant at 0.05: within seed noise");
    return String.format(Locale.ROOT, "over %d seeds dropout (B) is %s no dropout (A) on mean test accuracy: %+.3f "
        + "(%.3f vs %.3f)%s; the train-test gap goes from %.3f to %.3f", a.length, where, diff,
        Statistics.mean(b), Statistics.mean(a), significance, gapA, gapB);
  }

  private static String pValue(double p) {
    if (p < 1e-16) {
      return "< 1e-16";
    }
    return "= " + (p < 1e-3 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p));
  }

  /** The web demo's folder names of the variants. */
  static String exportName(Variant v) {
    return v == Variant.A ? "no_dropout" : "dropout";
  }

  /**
   * Exports model A and B of the first seed and the functional two-branch model trained with B's seed
   * ({@link CirclesStudy#twoBranchModel}, its dropout rates in {@code data.json}) with {@link TfjsLayers#export},
   * the data set as {@code data.json} and
   * predictions (inference mode) on the 100 circles points followed by a {@value #GRID_SIDE}x{@value #GRID_SIDE}
   * grid over {@code [-GRID_EXTENT, GRID_EXTENT]^2} as {@code expected.json}.
   */
  void exportTfjs(CirclesStudy study, List<Run> runs, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<double[]> points = new ArrayList<>();
    for (LabeledData d : List.of(study.train(), study.test())) {
      points.addAll(List.of(d.x()));
    }
    for (int i = 0; i < GRID_SIDE; i++) {
      for (int j = 0; j < GRID_SIDE; j++) {
        points.add(new double[] {-GRID_EXTENT + 2 * GRID_EXTENT * j / (GRID_SIDE - 1),
            GRID_EXTENT - 2 * GRID_EXTENT * i / (GRID_SIDE - 1)});
      }
    }
    double[][] inputs = points.toArray(new double[0][]);
    Map<String, Object> predictions = new LinkedHashMap<>();
    Map<String, Object> labels = new LinkedHashMap<>();
    for (Variant v : Variant.values()) {
      Run first = of(runs, v).get(0);
      String name = exportName(v);
      TfjsLayers.export(first.model(), dir.resolve(name));
      float[] p = first.model().predict(Tensor.of(inputs)).toArray();
      List<Double> values = new ArrayList<>();
      for (float f : p) {
        values.add((double) f);
      }
      predictions.put(name, values);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", study.label(v));
      m.put("rate", v == Variant.A ? 0.0 : Double.parseDouble(Float.toString(rate))); // 0.4, not 0.4000000059604645
      m.put("seed", first.seed());
      m.put("train_accuracy", first.trainAccuracy());
      m.put("test_accuracy", first.testAccuracy());
      labels.put(name, m);
    }
    labels.put(TwoBranchExport.TWO_BRANCH, TwoBranchExport.export(study, of(runs, Variant.B).get(0).seed(), dir, inputs, predictions));
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("inputs", rows(inputs));
    expected.put("predictions", predictions);
    SummaryJson.write(expected, dir.resolve("expected.json"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("description", "make_circles(n_samples=100, noise=0.1, random_state=1); rows 0-29 train, 30-99 test");
    data.put("epochs", epochs);
    data.put("models", labels);
    Map<String, LabeledData> sets = new LinkedHashMap<>();
    sets.put("train", study.train());
    sets.put("test", study.test());
    for (Map.Entry<String, LabeledData> e : sets.entrySet()) {
      Map<String, Object> set = new LinkedHashMap<>();
      set.put("x", rows(e.getValue().x()));
      List<Integer> y = new ArrayList<>();
      for (int label : e.getValue().y()) {
        y.add(label);
      }
      set.put("y", y);
      data.put(e.getKey(), set);
    }
    List<Map<String, Object>> rateModels = new ArrayList<>();
    for (float r : exportRates) {
      Run run = new CirclesStudy(epochs, r).run(Variant.B, of(runs, Variant.B).get(0).seed());
      String name = "dropout_" + r;
      TfjsLayers.export(run.model(), dir.resolve(name));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("rate", Double.parseDouble(Float.toString(r)));   // 0.4, not 0.4000000059604645
      m.put("train_accuracy", run.trainAccuracy());
      m.put("test_accuracy", run.testAccuracy());
      rateModels.add(m);
    }
    if (!rateModels.isEmpty()) {
      data.put("rate_models", rateModels);
    }
    SummaryJson.write(data, dir.resolve("data.json"));
  }

  private static List<List<Double>> rows(double[][] x) {
    List<List<Double>> out = new ArrayList<>();
    for (double[] r : x) {
      List<Double> row = new ArrayList<>();
      for (double v : r) {
        row.add(v);
      }
      out.add(row);
    }
    return out;
  }

  static String table(CirclesStudy study, List<Run> runs) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-20s %15s %15s %15s %15s %15s%n", "model", "train acc", "test acc",
        "train loss", "test loss", "gap (train-test)"));
    for (Variant v : Variant.values()) {
      List<Run> rs = of(runs, v);
      sb.append(String.format(Locale.ROOT, "%-20s %15s %15s %15s %15s %15s%n", study.label(v),
          stat(rs, Run::trainAccuracy), stat(rs, Run::testAccuracy), stat(rs, Run::trainLoss),
          stat(rs, Run::testLoss), stat(rs, Run::gap)));
    }
    if (runs.size() > 2) {
      sb.append("(mean \u00b1 sample std over ").append(of(runs, Variant.A).size()).append(" seeds)")
          .append(System.lineSeparator());
    }
    return sb.toString();
  }

  private static List<Run> of(List<Run> runs, Variant v) {
    List<Run> rs = new ArrayList<>();
    for (Run r : runs) {
      if (r.variant() == v) {
        rs.add(r);
      }
    }
    return rs;
  }

  private static String stat(List<Run> rs, java.util.function.ToDoubleFunction<Run> f) {
    double[] s = Stats.meanStd(rs.stream().mapToDouble(f).toArray());
    return rs.size() == 1 ? String.format(Locale.ROOT, "%.3f", s[0])
        : String.format(Locale.ROOT, "%.3f \u00b1 %.3f", s[0], s[1]);
  }

  /**
   * The decision map of a trained model of the first seed, encoded as soon as the training is done (on a worker
   * of {@code outputs}, while the other trainings run) and written with the other outputs.
   */
  private void decisionMap(CirclesOutputs outputs, CirclesStudy study, Run first) {
    outputs.encodeEarly(out.resolve("decision_map_" + first.variant().name() + ".png"), png -> CirclesCharts
        .decisionMap(study.label(first.variant()) + ", seed " + first.seed() + String.format(Locale.ROOT,
            ": train acc %.3f, test acc %.3f", first.trainAccuracy(), first.testAccuracy()), first.model(),
            study.train(), study.test()).writePng(png));
  }

  /**
   * Writes the histories, charts and summary, each PNG and each SVG as a task of its own, so the two workers share
   * them out evenly (after the trainings the process was single-threaded for longer than the trainings themselves
   * took: Java2D, font and PNG start-up, 57,600 predictions per decision map).
   */
  private Map<String, Object> writeOutputs(CirclesOutputs outputs, CirclesStudy study, List<Run> runs,
      double seconds) throws IOException {
    Map<String, History> byRun = new LinkedHashMap<>();
    Map<String, List<History>> byVariant = new LinkedHashMap<>();
    Map<String, History> firstSeed = new LinkedHashMap<>();
    for (Run r : runs) {
      String label = study.label(r.variant());
      byRun.put(repeats == 1 ? label : label + " seed " + r.seed(), r.history());
      byVariant.computeIfAbsent(label, k -> new ArrayList<>()).add(r.history());
      if (r.seed() == seed) {
        firstSeed.put(label, r.history());
      }
    }
    for (String metric : List.of("accuracy", "loss")) {
      outputs.writeChart(() -> {
        LearningCurvePlot plot = LearningCurvePlot.of(metric).withTitle(
            "circles " + metric + ": train solid, validation (test set) dashed").withSize(1000, 560);
        return repeats == 1 ? plot.chart(byRun) : plot.meanChart(byVariant);
      }, out.resolve("learning_curves_" + metric));
    }
    if (repeats > 1) {
      outputs.writeChart(() -> LearningCurvePlot.of("accuracy").withTitle("circles, one run (seed " + seed
          + "): train solid, validation (test set) dashed").withSize(1000, 560).chart(firstSeed),
          out.resolve("learning_curves_seed" + seed + "_accuracy"));
    }
    Run firstB = of(runs, Variant.B).get(0);
    outputs.writeChart(() -> CirclesCharts.dropoutOnOff(firstB, "model B"),
        out.resolve("model_b_train_accuracy_dropout_on_off"));
    outputs.write(() -> HistoryCsv.write(byRun, out.resolve("histories.csv")));
    Map<String, Object> summary = summary(study, runs, seconds);
    outputs.write(() -> SummaryJson.write(summary, out.resolve("summary.json")));
    outputs.finish();
    return summary;
  }

  private Map<String, Object> summary(CirclesStudy study, List<Run> runs, double seconds) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("study", "circles");
    root.put("data", "make_circles(n_samples=100, noise=0.1, random_state=1); rows 0-29 train, 30-99 test");
    root.put("epochs", epochs);
    root.put("batch_size", 32);
    root.put("optimizer", "adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)");
    root.put("rate", Double.valueOf(Float.toString(rate))); // 0.4, not 0.4000000059604645
    root.put("seed", seed);
    root.put("repeats", repeats);
    root.put("seconds", seconds);
    Map<String, Object> models = new LinkedHashMap<>();
    for (Variant v : Variant.values()) {
      List<Run> rs = of(runs, v);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", study.label(v));
      m.put("model", study.model(v, 0).layers().stream().map(l -> l.className()
          + (l.className().equals("Dropout") ? "(" + rate + ")" : "")).toList());
      for (String key : List.of("train_accuracy", "test_accuracy", "train_loss", "test_loss", "gap")) {
        double[] values = rs.stream().mapToDouble(r -> value(r, key)).toArray();
        double[] s = Stats.meanStd(values);
        Map<String, Object> stat = new LinkedHashMap<>();
        stat.put("mean", s[0]);
        stat.put("std", s[1]);
        m.put(key, stat);
      }
      List<Map<String, Object>> perSeed = new ArrayList<>();
      for (Run r : rs) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("seed", r.seed());
        for (String key : List.of("train_accuracy", "test_accuracy", "train_loss", "test_loss", "gap")) {
          one.put(key, value(r, key));
        }
        one.put("seconds", r.seconds());
        perSeed.add(one);
      }
      m.put("runs", perSeed);
      models.put(v.name(), m);
    }
    root.put("models", models);
    return root;
  }

  private static double value(Run r, String key) {
    switch (key) {
      case "train_accuracy":
        return r.trainAccuracy();
      case "test_accuracy":
        return r.testAccuracy();
      case "train_loss":
        return r.trainLoss();
      case "test_loss":
        return r.testLoss();
      default:
        return r.gap();
    }
  }
}
