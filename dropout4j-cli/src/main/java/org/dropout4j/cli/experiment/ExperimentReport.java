package org.dropout4j.cli.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.cli.report.AtomicFiles;
import org.dropout4j.cli.report.DecisionMaps;
import org.dropout4j.cli.report.FieldMap;
import org.dropout4j.cli.report.LearningCurvePlot;
import org.dropout4j.cli.report.PngEncoder;
import org.dropout4j.cli.report.SummaryJson;
import org.dropout4j.data.AtomicFileSet;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.knowm.xchart.BitmapEncoder;
import org.dropout4j.tensor.Ops;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes an experiment's outputs: {@code results.csv} (one row per trial), {@code results.json} (spec,
 * environment, timings, per-setting statistics, conclusion, every trial), the charts as PNG and SVG
 * ({@code learning_curves_NN}, {@code test_accuracy_vs_rate}, {@code gap_vs_rate} and, for 2-D data,
 * {@code decision_boundary_baseline} / {@code decision_boundary_best}; for a model with a Conv2D layer,
 * {@code conv_filters_baseline|best} (the first Conv2D's filters), {@code feature_maps_input} (test image 0) and
 * {@code feature_maps_baseline|best} (the first Conv2D's output for that image)) and {@code report.html}, one
 * self-contained page with every chart embedded as a base64 PNG. The files are replaced as one unit
 * ({@link AtomicFileSet} "report"): a crash while they are written leaves the previous report or, once the
 * folder is next opened ({@link #recover}), the new one, never a mix of the two.
 *
 * <p>"Baseline" is repeat 0 of the setting without dropout (the baseline of the best setting, else the first
 * unregularized one) and "best" is repeat 0 of the regularized setting with the highest mean test accuracy: the
 * trained models the runner saved ({@link ExperimentRunner#savedModel}), or, when there is no saved model (a run
 * from before models were saved), the setting retrained with repeat 0's seed.
 */
public final class ExperimentReport {
  /** The report page's file name. */
  public static final String HTML = "report.html";
  /** The name of the report's {@link AtomicFileSet}: its files are replaced as one unit. */
  static final String FILE_SET = "report";

  private ExperimentReport() {
  }

  /**
   * Writes every output to {@code out}.
   *
   * @param runner the experiment (spec and data; used to retrain the decision-boundary models)
   * @param outcome the results
   * @param out output directory
   * @param environment versions and machine facts to print (e.g. {@code java}, {@code dropout4j})
   * @return the files written, charts in page order
   * @throws IOException if writing fails
   */
  public static List<Path> write(ExperimentRunner runner, ExperimentRunner.Outcome outcome, Path out,
      Map<String, String> environment) throws IOException {
    List<String> written = new ArrayList<>();
    AtomicFileSet.write(out, FILE_SET, stage -> written.addAll(writeInto(runner, outcome, stage, environment)));
    return written.stream().map(out::resolve).toList();
  }

  /**
   * Finishes a report whose writing was cut short after its commit point, or discards one cut short before
   * (see {@link AtomicFileSet}); call it holding the output folder's lock before reading or cleaning the folder.
   *
   * @param out output directory
   * @throws IOException if the interrupted report's commit record is malformed or a file cannot be moved
   */
  public static void recover(Path out) throws IOException {
    AtomicFileSet.recover(out, FILE_SET);
  }

  /** Writes every file of the report into {@code stage}; returns their names, charts in page order. */
  private static List<String> writeInto(ExperimentRunner runner, ExperimentRunner.Outcome outcome, Path stage,
      Map<String, String> environment) throws IOException {
    ExperimentSpec spec = runner.spec();
    ExperimentAnalysis analysis = new ExperimentAnalysis(spec, outcome.results());
    List<String> written = new ArrayList<>();
    Map<String, Object> charts = new LinkedHashMap<>(); // XChart charts and FieldMaps
    String axis = SettingValues.xAxis(spec.settings());
    if (axis != null) { // the file names keep "rate" for any numeric axis
      String what = axis.equals("dropout_rate") ? "dropout rate" : axis;
      charts.put("test_accuracy_vs_rate", ExperimentPlots.versusRate(analysis, axis,
          "Test accuracy vs " + what + " (mean, 95% CI)", "test accuracy", ExperimentAnalysis.Stat::mean,
          ExperimentAnalysis.SettingSummary::testAccuracy, 0, 1));
      charts.put("gap_vs_rate", ExperimentPlots.versusRate(analysis, axis,
          "Train-test accuracy gap vs " + what + " (mean, 95% CI)", "train - test accuracy",
          ExperimentAnalysis.Stat::mean, ExperimentAnalysis.SettingSummary::gap, -1, 1));
    }
    if (runner.train() != null && runner.train().features() == 2) {
      decisionBoundaries(runner, analysis, charts);
    } else if (hasConv(runner)) {
      convVisualisations(runner, analysis, charts);
    }
    for (ExperimentAnalysis.SettingSummary s : analysis.summaries()) {
      List<TrialResult> ok = analysis.ok(s.index());
      if (!ok.isEmpty()) {
        charts.put(String.format(Locale.ROOT, "learning_curves_%02d", s.index()),
            ExperimentPlots.learningCurves(s.setting().label(), ok));
      }
    }
    Map<String, byte[]> pngs = new LinkedHashMap<>();
    for (Map.Entry<String, Object> c : charts.entrySet()) {
      String png = c.getKey() + ".png";
      byte[] bytes;
      if (c.getValue() instanceof FieldMap map) { // drawn in Java2D: PNG only
        bytes = PngEncoder.bytes(map.render());
      } else {
        Chart<?, ?> chart = (Chart<?, ?>) c.getValue();
        bytes = PngEncoder.bytes(BitmapEncoder.getBufferedImage(chart));
        String svg = c.getKey() + ".svg";
        LearningCurvePlot.writeSvg(chart, stage.resolve(svg));
        written.add(svg);
      }
      AtomicFiles.write(stage.resolve(png), o -> o.write(bytes));
      pngs.put(c.getKey(), bytes);
      written.add(png);
    }
    AtomicFiles.writeString(stage.resolve("results.csv"), csv(outcome.results()));
    written.add("results.csv");
    SummaryJson.write(json(spec, analysis, outcome, environment), stage.resolve("results.json"));
    written.add("results.json");
    AtomicFiles.writeString(stage.resolve(HTML), html(spec, analysis, outcome, environment, pngs));
    written.add(HTML);
    return written;
  }

  /**
   * The settings to draw: {@code "baseline"} (the best setting's baseline, else the first unregularized setting)
   * and {@code "best"} (the best regularized setting), each present only if it exists.
   */
  private static Map<String, Integer> baselineAndBest(ExperimentSpec spec, ExperimentAnalysis analysis) {
    ExperimentAnalysis.SettingSummary best = analysis.best();
    int base = best != null ? analysis.baselineOf(best.index()) : -1;
    if (base < 0) {
      for (int i = 0; i < spec.settings().size(); i++) {
        if (spec.settings().get(i).isBaseline()) {
          base = i;
          break;
        }
      }
    }
    Map<String, Integer> pick = new LinkedHashMap<>();
    if (base >= 0) {
      pick.put("baseline", base);
    }
    if (best != null) {
      pick.put("best", best.index());
    }
    return pick;
  }

  /** Repeat 0 of a setting: the saved model, else retrained with its seed; null if its training diverges. */
  private static Sequential repeat0(ExperimentRunner runner, int setting) throws IOException {
    Sequential saved = runner.savedModel(setting);
    if (saved != null) {
      return saved;
    }
    ExperimentSpec.Setting s = runner.spec().settings().get(setting);
    Sequential model = runner.model(s, runner.spec().seedOf(0));
    try {
      model.fit(runner.xTrain(), runner.yTrain(), FitOptions.builder().epochs(s.epochs())
          .batchSize(runner.batchSize(s)).verbose(0).build());
    } catch (IllegalStateException e) {
      return null; // diverged: nothing to draw
    }
    return model;
  }

  /** Retrains repeat 0 of the baseline and of the best regularized setting and maps their predictions. */
  private static void decisionBoundaries(ExperimentRunner runner, ExperimentAnalysis analysis,
      Map<String, Object> charts) throws IOException {
    long seed = runner.spec().seedOf(0);
    for (Map.Entry<String, Integer> pick : baselineAndBest(runner.spec(), analysis).entrySet()) {
      String role = pick.getKey();
      int setting = pick.getValue();
      Sequential model = repeat0(runner, setting);
      if (model != null) {
        charts.put("decision_boundary_" + role, DecisionMaps.of(runner.spec().settings().get(setting).label()
            + " (seed " + seed + "): p(class 1)", model, runner.train(), runner.test()));
      }
    }
  }

  private static boolean hasConv(ExperimentRunner runner) {
    ExperimentSpec spec = runner.spec();
    return ConvPlots.firstConv(runner.model(spec.settings().get(0), spec.seedOf(0))) != null;
  }

  /**
   * Retrains repeat 0 of the baseline and of the best setting and draws each one's first-Conv2D filters and its
   * feature maps of test image 0; filters share one symmetric colour scale, feature maps another, so the two
   * models can be compared cell by cell.
   */
  private static void convVisualisations(ExperimentRunner runner, ExperimentAnalysis analysis,
      Map<String, Object> charts) throws IOException {
    ExperimentSpec spec = runner.spec();
    Tensor image = Ops.sliceRows(runner.xTest(), 0, 1);
    Map<String, float[][][]> filters = new LinkedHashMap<>();
    Map<String, float[][][]> maps = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> pick : baselineAndBest(spec, analysis).entrySet()) {
      Sequential model = repeat0(runner, pick.getValue());
      if (model != null) {
        filters.put(pick.getKey(), ConvPlots.filters(model));
        maps.put(pick.getKey(), ConvPlots.featureMaps(model, image));
        labels.put(pick.getKey(), spec.settings().get(pick.getValue()).label());
      }
    }
    if (filters.isEmpty()) {
      return;
    }
    double w = ConvPlots.maxAbs(filters.values().toArray(new float[0][][][]));
    double a = ConvPlots.maxAbs(maps.values().toArray(new float[0][][][]));
    long seed = spec.seedOf(0);
    for (String role : filters.keySet()) {
      charts.put("conv_filters_" + role, ConvPlots.tiles("First Conv2D filters: " + labels.get(role) + " (seed "
          + seed + ")", filters.get(role), -w, w, ConvPlots.DIVERGING));
    }
    int label = (int) runner.yTest().toArray()[0];
    float[][][] input = ConvPlots.channels(image);
    charts.put("feature_maps_input", ConvPlots.tiles("Test image 0 (class " + label + ")", input, 0, 1,
        ConvPlots.GREYS));
    for (String role : maps.keySet()) {
      charts.put("feature_maps_" + role, ConvPlots.tiles("First Conv2D feature maps of test image 0: "
          + labels.get(role) + " (seed " + seed + ")", maps.get(role), 0, a, ConvPlots.SEQUENTIAL));
    }
  }

  static String csv(List<TrialResult> results) {
    StringBuilder sb = new StringBuilder();
    List<String> header = new ArrayList<>(results.isEmpty() ? List.of("trial") : results.get(0).summary().keySet());
    if (results.isEmpty()) {
      header = List.of("trial", "setting", "label", "repeat", "seed", "status", "reason", "train_accuracy",
          "train_loss", "test_accuracy", "test_loss", "gap", "best_epoch", "seconds");
    }
    sb.append(String.join(",", header)).append('\n');
    for (TrialResult r : results) {
      Map<String, Object> m = r.summary();
      List<String> cells = new ArrayList<>();
      for (String k : header) {
        Object v = m.get(k);
        cells.add(v == null ? "" : quote(String.valueOf(v)));
      }
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }

  private static String quote(String s) {
    boolean needs = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  private static Map<String, Object> json(ExperimentSpec spec, ExperimentAnalysis analysis,
      ExperimentRunner.Outcome outcome, Map<String, String> environment) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", spec.name());
    root.put("spec", spec.toMap());
    root.put("environment", environment);
    root.put("timings", timings(outcome));
    root.put("complete", outcome.complete());
    root.put("seeds", seeds(spec));
    root.put("conclusion", analysis.conclusion());
    root.put("settings", analysis.toMaps());
    root.put("trials", outcome.results().stream().map(TrialResult::summary).toList());
    return root;
  }

  private static List<Long> seeds(ExperimentSpec spec) {
    List<Long> seeds = new ArrayList<>();
    for (int r = 0; r < spec.repeats(); r++) {
      seeds.add(spec.seedOf(r));
    }
    return seeds;
  }

  private static Map<String, Object> timings(ExperimentRunner.Outcome outcome) {
    Map<String, Object> t = new LinkedHashMap<>();
    double sum = outcome.results().stream().mapToDouble(TrialResult::seconds).sum();
    t.put("trials_total", outcome.total());
    t.put("trials_finished", outcome.results().size());
    t.put("trials_resumed", outcome.resumed());
    t.put("session_wall_seconds", outcome.seconds());
    t.put("sum_of_trial_seconds", sum);
    t.put("mean_trial_seconds", outcome.results().isEmpty() ? null : sum / outcome.results().size());
    return t;
  }

  private static String html(ExperimentSpec spec, ExperimentAnalysis a, ExperimentRunner.Outcome outcome,
      Map<String, String> environment, Map<String, byte[]> pngs) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(spec.name())).append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;"
        + "margin:2em auto;color:#222}table{border-collapse:collapse;font-size:13px;margin:1em 0}"
        + "td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}th{background:#f3f3f3}"
        + "td.l,th.l{text-align:left}img{max-width:100%;border:1px solid #eee;margin:.5em 0}"
        + "pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:12px}.fail{color:#b00}"
        + ".concl{font-size:16px;background:#f1f4f8;padding:1em;border-left:4px solid #4a6fa5}</style></head><body>\n");
    h.append("<h1>Overfitting study: ").append(esc(spec.name())).append("</h1>\n");
    if (!outcome.complete()) {
      h.append("<p class=\"fail\">Incomplete: ").append(outcome.results().size()).append(" of ")
          .append(outcome.total()).append(" trials finished; run the same command again to resume.</p>\n");
    }
    h.append("<p class=\"concl\">").append(esc(a.conclusion())).append("</p>\n");
    h.append("<h2>Summary per setting</h2>\n<p>Mean &plusmn; sample std over the finished repeats; 95% confidence "
        + "interval of the mean with the t distribution; best epoch = argmax of the mean validation-accuracy curve; "
        + "p = Welch's two-sided t-test of test accuracy against the baseline (no dropout, same optimizer and "
        + "epochs); g = Hedges' g.</p>\n<table><tr><th class=\"l\">setting</th><th>finished</th><th>failed</th>"
        + "<th>test accuracy</th><th>95% CI</th><th>train accuracy</th><th>gap (train&minus;test)</th>"
        + "<th>test loss</th><th>best epoch</th><th>&Delta; vs baseline</th><th>p</th><th>Cohen's d</th>"
        + "<th>Hedges' g</th></tr>\n");
    for (ExperimentAnalysis.SettingSummary s : a.summaries()) {
      ExperimentAnalysis.Comparison c = s.comparison();
      h.append("<tr><td class=\"l\">").append(esc(s.setting().label())).append("</td><td>").append(s.finished())
          .append("</td><td>").append(s.failed()).append("</td><td>").append(s.testAccuracy().format())
          .append("</td><td>").append(String.format(Locale.ROOT, "[%.3f, %.3f]", s.testAccuracy().low(),
              s.testAccuracy().high())).append("</td><td>").append(s.trainAccuracy().format()).append("</td><td>")
          .append(s.gap().format()).append("</td><td>").append(s.testLoss().format()).append("</td><td>")
          .append(s.meanCurveBestEpoch()).append("</td>");
      if (c == null) {
        h.append("<td>&ndash;</td><td>&ndash;</td><td>&ndash;</td><td>&ndash;</td>");
      } else {
        h.append(String.format(Locale.ROOT, "<td>%+.3f</td><td>%s%s</td><td>%.2f</td><td>%.2f</td>",
            c.difference(), ExperimentAnalysis.p(c.welch().p()), c.significant() ? " *" : "", c.cohensD(),
            c.hedgesG()));
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n<h2>Charts</h2>\n");
    for (Map.Entry<String, byte[]> p : pngs.entrySet()) {
      h.append("<figure><img alt=\"").append(esc(p.getKey())).append("\" data-chart=\"").append(esc(p.getKey()))
          .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(p.getValue()))
          .append("\"><figcaption>").append(esc(p.getKey())).append(".png (also .svg)").append(caption(p.getKey()))
          .append("</figcaption></figure>\n");
    }
    h.append("<h2>Spec</h2>\n<pre>").append(esc(spec.toJson())).append("</pre>\n");
    h.append("<h2>Environment and timings</h2>\n<table>");
    environment.forEach((k, v) -> h.append("<tr><th class=\"l\">").append(esc(k)).append("</th><td class=\"l\">")
        .append(esc(v)).append("</td></tr>"));
    timings(outcome).forEach((k, v) -> h.append("<tr><th class=\"l\">").append(esc(k)).append("</th><td class=\"l\">")
        .append(v instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : esc(String.valueOf(v)))
        .append("</td></tr>"));
    h.append("<tr><th class=\"l\">seeds (repeat 0..").append(spec.repeats() - 1).append(")</th><td class=\"l\">")
        .append(esc(seeds(spec).toString())).append("</td></tr></table>\n");
    h.append("<h2>Every trial</h2>\n<table id=\"trials\"><tr><th>trial</th><th class=\"l\">setting</th>"
        + "<th>repeat</th><th>seed</th><th>status</th><th>train acc</th><th>test acc</th><th>gap</th>"
        + "<th>test loss</th><th>best epoch</th><th>seconds</th><th class=\"l\">reason</th></tr>\n");
    for (TrialResult r : outcome.results()) {
      h.append("<tr class=\"trial\"><td>").append(r.trial().index()).append("</td><td class=\"l\">")
          .append(esc(r.label())).append("</td><td>").append(r.trial().repeat()).append("</td><td>")
          .append(r.trial().seed()).append("</td><td").append(r.ok() ? ">ok" : " class=\"fail\">failed")
          .append("</td><td>").append(f(r.trainAccuracy())).append("</td><td>").append(f(r.testAccuracy()))
          .append("</td><td>").append(f(r.gap())).append("</td><td>").append(f(r.testLoss())).append("</td><td>")
          .append(r.ok() ? r.bestEpoch() : "").append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f", r.seconds())).append("</td><td class=\"l\">")
          .append(r.failure() == null ? "" : esc(r.failure())).append("</td></tr>\n");
    }
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  /** What a chart shows, for the charts whose title cannot say it all. */
  private static String caption(String chart) {
    if (chart.startsWith("conv_filters_")) {
      return ": the first Conv2D layer's filters (input channel 0), one tile per filter; both models share one "
          + "colour scale, symmetric around 0";
    }
    if (chart.equals("feature_maps_input")) {
      return ": the test image whose feature maps follow (pixels / 255)";
    }
    if (chart.equals("decision_boundary_baseline")) {
      return ": p(class 1) of repeat 0 of the setting without regularization, the black line where it is 0.5 "
          + "(filled points: training, hollow: test)";
    }
    if (chart.equals("decision_boundary_best")) {
      return ": the same for the regularized setting with the highest mean test accuracy (whether or not it beats "
          + "the baseline: see the conclusion)";
    }
    if (chart.startsWith("feature_maps_")) {
      return ": the first Conv2D layer's output (after its activation) for that image, one tile per filter in "
          + "the order of the filter chart; both models share one colour scale";
    }
    return "";
  }

  private static String f(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "";
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
