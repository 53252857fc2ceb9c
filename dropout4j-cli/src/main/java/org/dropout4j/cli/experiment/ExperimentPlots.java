package org.dropout4j.cli.experiment;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.dropout4j.cli.report.ChartStyle;
import org.dropout4j.cli.report.LearningCurvePlot;
import org.dropout4j.models.History;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The experiment's charts (XChart): learning curves and metric vs dropout rate with CI error bars. */
final class ExperimentPlots {
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf)};
  static final int WIDTH = 760;
  static final int HEIGHT = 560;

  private ExperimentPlots() {
  }

  /** Mean ± std learning curves (accuracy, train solid and test dashed) of one setting's finished repeats. */
  static XYChart learningCurves(String label, List<TrialResult> ok) {
    List<History> histories = ok.stream().map(TrialResult::toHistory).toList();
    Map<String, List<History>> runs = new LinkedHashMap<>();
    runs.put(label, histories);
    return LearningCurvePlot.of("accuracy").withTitle(label).meanChart(runs);
  }

  /**
   * A metric against a numeric axis ({@link SettingValues#xAxis}: the hidden dropout rate, or e.g.
   * {@code noise.rate}), one series per group of settings that differ only in that axis; error bars are the 95%
   * confidence interval's half width. The y axis stays within {@code [lowest, highest]}, the quantity's range (0..1
   * for an accuracy), which a t interval of a few repeats can pass.
   */
  static XYChart versusRate(ExperimentAnalysis a, String axis, String title, String yTitle,
      ToDoubleFunction<ExperimentAnalysis.Stat> mean, ExperimentStatPick pick, double lowest, double highest) {
    XYChart chart = newChart(title, axis.equals("dropout_rate") ? "dropout rate (hidden)" : axis, yTitle);
    Map<String, List<ExperimentAnalysis.SettingSummary>> groups = new LinkedHashMap<>();
    List<String> others = new ArrayList<>(SettingValues.varying(a.spec().settings()));
    others.remove(axis);
    for (ExperimentAnalysis.SettingSummary s : a.summaries()) {
      if (s.finished() > 0) {
        String group = axis.equals("dropout_rate") && s.setting().layerValues().isEmpty() ? groupName(s.setting())
            : groupName(s.setting(), others);
        groups.computeIfAbsent(group, k -> new ArrayList<>()).add(s);
      }
    }
    int i = 0;
    double bottom = Double.POSITIVE_INFINITY;
    double top = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, List<ExperimentAnalysis.SettingSummary>> g : groups.entrySet()) {
      List<ExperimentAnalysis.SettingSummary> ss = new ArrayList<>(g.getValue());
      ss.sort((x, y) -> Double.compare(SettingValues.number(x.setting(), axis),
          SettingValues.number(y.setting(), axis)));
      double[] x = new double[ss.size()];
      double[] y = new double[ss.size()];
      double[] err = new double[ss.size()];
      for (int k = 0; k < ss.size(); k++) {
        ExperimentAnalysis.Stat st = pick.of(ss.get(k));
        x[k] = SettingValues.number(ss.get(k).setting(), axis);
        y[k] = mean.applyAsDouble(st);
        err[k] = Double.isFinite(st.high()) ? (st.high() - st.low()) / 2 : 0;
        bottom = Math.min(bottom, y[k] - err[k]);
        top = Math.max(top, y[k] + err[k]);
      }
      XYSeries s = chart.addSeries(g.getKey(), x, y, err);
      Color c = PALETTE[i++ % PALETTE.length];
      s.setLineColor(c);
      s.setMarkerColor(c);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setXYSeriesRenderStyle(ss.size() > 1 ? XYSeries.XYSeriesRenderStyle.Line
          : XYSeries.XYSeriesRenderStyle.Scatter);
    }
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    chart.getStyler().setMarkerSize(8);
    if (bottom < lowest || top > highest) { // a t interval of few repeats can pass the quantity's range: cut there
      double pad = 0.05 * (Math.min(top, highest) - Math.max(bottom, lowest));
      chart.getStyler().setYAxisMin(Math.max(lowest, bottom - pad));
      chart.getStyler().setYAxisMax(Math.min(highest, top + pad));
    }
    return chart;
  }

  /** Picks one statistic of a setting. */
  interface ExperimentStatPick {
    ExperimentAnalysis.Stat of(ExperimentAnalysis.SettingSummary s);
  }

  private static String groupName(ExperimentSpec.Setting s, List<String> axes) {
    List<String> parts = new ArrayList<>();
    Map<String, Object> values = s.values();
    for (String axis : axes) {
      Object v = values.get(axis);
      parts.add(axis + " " + (v instanceof Number n ? ExperimentSpec.num(n.doubleValue()) : v));
    }
    return parts.isEmpty() ? "all settings" : String.join(", ", parts);
  }

  private static String groupName(ExperimentSpec.Setting s) {
    List<String> parts = new ArrayList<>();
    parts.add(s.inputDropoutRate() > 0 ? "input dropout " + ExperimentSpec.num(s.inputDropoutRate())
        : "no input dropout");
    parts.add(s.maxNorm() > 0 ? "maxnorm " + ExperimentSpec.num(s.maxNorm()) : "no maxnorm");
    parts.add(s.optimizer());
    parts.add(s.epochs() + (s.epochs() == 1 ? " epoch" : " epochs"));
    return String.join(", ", parts);
  }

  static XYChart newChart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    var st = chart.getStyler();
    ChartStyle.apply(st, 15, 12, Styler.LegendPosition.OutsideS);
    st.setPlotBorderColor(new Color(0xb0b0b0));
    st.setPlotGridLinesColor(new Color(0xe6e6e6));
    st.setAntiAlias(true);
    return chart;
  }
}
