package org.dropout4j.cli.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Per-setting statistics of an experiment's results and the comparison of each setting with its baseline.
 *
 * <p>For each setting, over its finished repeats: mean, sample std and 95% t confidence interval of test accuracy,
 * train accuracy and the train-test gap; the best epoch (argmax of the mean {@code val_accuracy} curve, and the
 * mean of each repeat's argmax). Each regularized setting is compared with the baseline (no dropout, no max-norm,
 * same optimizer and epochs) by Welch's t-test on test accuracy, with Cohen's d and Hedges' g. Failed trials are
 * counted and left out of the statistics.
 */
public final class ExperimentAnalysis {
  /** Significance level of the conclusion. */
  public static final double ALPHA = 0.05;
  /** Confidence level of the intervals. */
  public static final double CONFIDENCE = 0.95;

  /** Mean, sample std and CI of one quantity. */
  public record Stat(double mean, double std, double low, double high) {
    static Stat of(double[] v) {
      if (v.length == 0) {
        return new Stat(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      Statistics.Interval ci = Statistics.confidenceInterval(v, CONFIDENCE);
      return new Stat(ci.mean(), Statistics.sampleStd(v), ci.low(), ci.high());
    }

    /** {@code 0.812 ± 0.034}. */
    public String format() {
      return String.format(Locale.ROOT, "%.3f \u00b1 %.3f", mean, std);
    }
  }

  /** Welch test of test accuracy against the baseline, with effect sizes; null fields when not computable. */
  public record Comparison(int baselineIndex, double difference, Statistics.Welch welch, double cohensD,
      double hedgesG) {
    /** True when {@code p < alpha}. */
    public boolean significant() {
      return welch != null && welch.p() < ALPHA;
    }
  }

  /**
   * Statistics of one setting.
   *
   * @param meanCurveBestEpoch argmax (1-based) of the per-epoch mean val_accuracy, 0 if no finished trial
   */
  public record SettingSummary(int index, ExperimentSpec.Setting setting, int finished, int failed, Stat testAccuracy,
      Stat trainAccuracy, Stat gap, Stat testLoss, double meanBestEpoch, int meanCurveBestEpoch,
      Comparison comparison) {
  }

  private final ExperimentSpec spec;
  private final List<TrialResult> results;
  private final List<SettingSummary> summaries;

  /**
   * @param spec the experiment
   * @param results finished trials (any subset, any order)
   */
  public ExperimentAnalysis(ExperimentSpec spec, List<TrialResult> results) {
    this.spec = spec;
    this.results = List.copyOf(results);
    List<SettingSummary> list = new ArrayList<>();
    for (int s = 0; s < spec.settings().size(); s++) {
      list.add(summarize(s));
    }
    this.summaries = List.copyOf(list);
  }

  /** The per-setting statistics in setting order. */
  public List<SettingSummary> summaries() {
    return summaries;
  }

  /** The spec analysed. */
  public ExperimentSpec spec() {
    return spec;
  }

  /** The finished (ok) trials of a setting, in repeat order. */
  public List<TrialResult> ok(int setting) {
    return results.stream().filter(r -> r.trial().settingIndex() == setting && r.ok())
        .sorted((a, b) -> Integer.compare(a.trial().repeat(), b.trial().repeat())).toList();
  }

  /** The baseline of a setting: no regularization, same optimizer and epochs; -1 if there is none. */
  public int baselineOf(int setting) {
    ExperimentSpec.Setting s = spec.settings().get(setting);
    for (int i = 0; i < spec.settings().size(); i++) {
      ExperimentSpec.Setting b = spec.settings().get(i);
      if (b.isBaseline() && SettingValues.context(b).equals(SettingValues.context(s))) {
        return i;
      }
    }
    return -1;
  }

  private SettingSummary summarize(int s) {
    List<TrialResult> ok = ok(s);
    int failed = (int) results.stream().filter(r -> r.trial().settingIndex() == s && !r.ok()).count();
    double[] test = values(ok, TrialResult::testAccuracy);
    double[] bestEpochs = values(ok, r -> r.bestEpoch());
    Comparison cmp = null;
    int b = baselineOf(s);
    if (b >= 0 && b != s) {
      double[] base = values(ok(b), TrialResult::testAccuracy);
      if (test.length >= 2 && base.length >= 2) {
        cmp = new Comparison(b, Statistics.mean(test) - Statistics.mean(base), Statistics.welch(test, base),
            Statistics.cohensD(test, base), Statistics.hedgesG(test, base));
      }
    }
    return new SettingSummary(s, spec.settings().get(s), ok.size(), failed, Stat.of(test),
        Stat.of(values(ok, TrialResult::trainAccuracy)), Stat.of(values(ok, TrialResult::gap)),
        Stat.of(values(ok, TrialResult::testLoss)), bestEpochs.length == 0 ? Double.NaN
        : Statistics.mean(bestEpochs), meanCurveBestEpoch(ok), cmp);
  }

  private static int meanCurveBestEpoch(List<TrialResult> ok) {
    if (ok.isEmpty()) {
      return 0;
    }
    int n = ok.stream().mapToInt(r -> r.history().getOrDefault("val_accuracy", List.of()).size()).min().orElse(0);
    int best = 0;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int e = 0; e < n; e++) {
      double sum = 0;
      for (TrialResult r : ok) {
        sum += r.history().get("val_accuracy").get(e);
      }
      if (sum > bestValue) {
        bestValue = sum;
        best = e + 1;
      }
    }
    return best;
  }

  static double[] values(List<TrialResult> rs, ToDoubleFunction<TrialResult> f) {
    return rs.stream().mapToDouble(f).toArray();
  }

  /** The regularized setting with the highest mean test accuracy, or null if there is none with results. */
  public SettingSummary best() {
    SettingSummary best = null;
    for (SettingSummary s : summaries) {
      if (!s.setting().isBaseline() && s.finished() > 0
          && (best == null || s.testAccuracy().mean() > best.testAccuracy().mean())) {
        best = s;
      }
    }
    return best;
  }

  /**
   * A plain-language statement of which setting is best and whether that is significant. "Best" is only said of a
   * regularized setting whose mean test accuracy is above its baseline's; when none is, the conclusion says the
   * baseline is ahead and names the closest regularized setting with its shortfall and Welch's p.
   */
  public String conclusion() {
    SettingSummary best = best();
    if (best == null) {
      return "No regularized setting finished, so there is nothing to compare.";
    }
    Comparison c = best.comparison();
    if (c == null) {
      return String.format(Locale.ROOT, "The regularized setting with the highest mean test accuracy is %s: %.3f "
          + "(95%% CI %.3f to %.3f, n=%d). It has no baseline with at least two finished repeats to be tested "
          + "against.", best.setting().label(), best.testAccuracy().mean(), best.testAccuracy().low(),
          best.testAccuracy().high(), best.finished());
    }
    SettingSummary base = summaries.get(c.baselineIndex());
    String welch = String.format(Locale.ROOT, "Welch's t = %.2f, df = %.1f, p = %s; Hedges' g = %.2f",
        c.welch().t(), c.welch().df(), p(c.welch().p()), c.hedgesG());
    if (!(c.difference() > 0)) {
      return String.format(Locale.ROOT, "No regularized setting beats the baseline: %s has the highest mean test "
          + "accuracy, %.3f (95%% CI %.3f to %.3f, n=%d). The closest regularized setting, %s, reaches %.3f, %.3f "
          + "below it (%.1f percentage points); %s at the %.2f level (%s).", base.setting().label(),
          base.testAccuracy().mean(), base.testAccuracy().low(), base.testAccuracy().high(), base.finished(),
          best.setting().label(), best.testAccuracy().mean(), -c.difference(), -100 * c.difference(),
          c.significant() ? "the baseline's lead is statistically significant"
              : "the baseline's lead is not statistically significant", ALPHA, welch);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "The best setting is %s: mean test accuracy %.3f (95%% CI %.3f to %.3f, "
        + "n=%d). Its baseline (%s) reaches %.3f, so it is ahead by %+.3f (%+.1f percentage points).",
        best.setting().label(), best.testAccuracy().mean(), best.testAccuracy().low(), best.testAccuracy().high(),
        best.finished(), base.setting().label(), base.testAccuracy().mean(), c.difference(), 100 * c.difference()));
    if (c.significant()) {
      sb.append(String.format(Locale.ROOT, " This advantage is statistically significant at the %.2f level (%s).",
          ALPHA, welch));
    } else {
      sb.append(String.format(Locale.ROOT, " This advantage is not statistically significant at the %.2f level "
          + "(%s): it could be chance across seeds.", ALPHA, welch));
    }
    return sb.toString();
  }

  static String p(double p) {
    return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }

  /** The table as text, one row per setting. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-32s %4s %17s %17s %17s %18s %10s %8s %7s%n", "setting", "n",
        "test acc", "train acc", "gap (train-test)", "95% CI test acc", "best ep.", "p", "g"));
    for (SettingSummary s : summaries) {
      Comparison c = s.comparison();
      sb.append(String.format(Locale.ROOT, "%-32s %4s %17s %17s %17s %18s %10s %8s %7s%n", s.setting().label(),
          s.finished() + (s.failed() > 0 ? "+" + s.failed() + "F" : ""), s.testAccuracy().format(),
          s.trainAccuracy().format(), s.gap().format(), String.format(Locale.ROOT, "[%.3f, %.3f]",
          s.testAccuracy().low(), s.testAccuracy().high()), s.meanCurveBestEpoch(),
          c == null ? "-" : p(c.welch().p()), c == null ? "-" : String.format(Locale.ROOT, "%.2f", c.hedgesG())));
    }
    return sb.toString();
  }

  /** The statistics as plain data for JSON. */
  public List<Map<String, Object>> toMaps() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (SettingSummary s : summaries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("setting", s.index());
      m.put("label", s.setting().label());
      m.put("dropout_rate", s.setting().dropoutRate());
      m.put("input_dropout_rate", s.setting().inputDropoutRate());
      m.put("max_norm", s.setting().maxNorm());
      m.put("optimizer", s.setting().optimizer());
      m.put("epochs", s.setting().epochs());
      if (!s.setting().layerValues().isEmpty() || s.setting().batchSize() != null) {
        m.put("values", s.setting().values());
      }
      m.put("finished", s.finished());
      m.put("failed", s.failed());
      m.put("test_accuracy", stat(s.testAccuracy()));
      m.put("train_accuracy", stat(s.trainAccuracy()));
      m.put("gap", stat(s.gap()));
      m.put("test_loss", stat(s.testLoss()));
      m.put("best_epoch_of_mean_curve", s.meanCurveBestEpoch());
      m.put("mean_best_epoch", finite(s.meanBestEpoch()));
      Comparison c = s.comparison();
      if (c != null) {
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("baseline", c.baselineIndex());
        cm.put("difference", c.difference());
        cm.put("welch_t", finite(c.welch().t()));
        cm.put("welch_df", finite(c.welch().df()));
        cm.put("p_value", c.welch().p());
        cm.put("cohens_d", finite(c.cohensD()));
        cm.put("hedges_g", finite(c.hedgesG()));
        cm.put("significant", c.significant());
        m.put("vs_baseline", cm);
      }
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> stat(Stat s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", finite(s.mean()));
    m.put("std", finite(s.std()));
    m.put("ci95_low", finite(s.low()));
    m.put("ci95_high", finite(s.high()));
    return m;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
