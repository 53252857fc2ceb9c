package org.dropout4j.cli.experiment;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.dropout4j.cli.report.LearningCurvePlot;
import org.dropout4j.data.LabeledData;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The experiment's charts (XChart): learning curves, metric vs dropout rate with CI error bars, decision boundary. */
final class ExperimentPlots {
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf)};
  /** Grid resolution of the decision-boundary map. */
  static final int GRID = 60;
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
   * confidence interval's half width.
   */
  static XYChart versusRate(ExperimentAnalysis a, String axis, String title, String yTitle,
      ToDoubleFunction<ExperimentAnalysis.Stat> mean, ExperimentStatPick pick) {
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
    parts.add(s.epochs() + " epochs");
    return String.join(", ", parts);
  }

  /**
   * The decision map of a trained 2-D model: predict() over a {@value #GRID}x{@value #GRID} grid drawn as filled
   * cells shaded from blue (p=0) to red (p=1), with the 0.5 contour cells darkened, and the training points (filled)
   * and test points (hollow) coloured by class.
   */
  static XYChart decisionBoundary(String title, Sequential model, LabeledData train, LabeledData test) {
    double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (LabeledData d : List.of(train, test)) {
      for (int r = 0; r < d.size(); r++) {
        for (int c = 0; c < 2; c++) {
          min[c] = Math.min(min[c], d.x(r, c));
          max[c] = Math.max(max[c], d.x(r, c));
        }
      }
    }
    for (int c = 0; c < 2; c++) {
      double pad = 0.1 * (max[c] - min[c]);
      min[c] -= pad;
      max[c] += pad;
    }
    double[][] cells = new double[GRID * GRID][];
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID; j++) {
        cells[i * GRID + j] = new double[] {min[0] + (j + 0.5) * (max[0] - min[0]) / GRID,
            min[1] + (i + 0.5) * (max[1] - min[1]) / GRID};
      }
    }
    float[] p = model.predict(Tensor.of(cells)).toArray();
    XYChart chart = newChart(title, "x0", "x1");
    chart.getStyler().setXAxisMin(min[0]);
    chart.getStyler().setXAxisMax(max[0]);
    chart.getStyler().setYAxisMin(min[1]);
    chart.getStyler().setYAxisMax(max[1]);
    chart.getStyler().setXAxisDecimalPattern("0.0");
    chart.getStyler().setYAxisDecimalPattern("0.0");
    // cells: 10 probability levels, one scatter series each, drawn as squares that cover the cell
    int levels = 10;
    double cellPx = Math.ceil(Math.max((WIDTH - 60.0) / GRID, (HEIGHT - 90.0) / GRID)) + 1;
    for (int level = 0; level < levels; level++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int k = 0; k < cells.length; k++) {
        int l = Math.min(levels - 1, (int) (p[k] * levels));
        if (l == level) {
          xs.add(cells[k][0]);
          ys.add(cells[k][1]);
        }
      }
      if (xs.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(String.format(Locale.ROOT, "p in [%.1f, %.1f)", level / (double) levels,
          (level + 1) / (double) levels), xs, ys);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(new Square(cellPx));
      s.setMarkerColor(shade((level + 0.5) / levels));
      s.setShowInLegend(false);
    }
    addPoints(chart, "train, class 0", train, 0, true);
    addPoints(chart, "train, class 1", train, 1, true);
    addPoints(chart, "test, class 0", test, 0, false);
    addPoints(chart, "test, class 1", test, 1, false);
    return chart;
  }

  private static void addPoints(XYChart chart, String name, LabeledData d, int label, boolean filled) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int r = 0; r < d.size(); r++) {
      if (d.label(r) == label) {
        xs.add(d.x(r, 0));
        ys.add(d.x(r, 1));
      }
    }
    if (xs.isEmpty()) {
      return;
    }
    XYSeries s = chart.addSeries(name, xs, ys);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(new Dot(filled ? 11 : 8, filled));
    s.setMarkerColor(label == 0 ? new Color(0x08306b) : new Color(0x67000d));
  }

  /** Blue (p=0) through white (p=0.5) to red (p=1). */
  private static Color shade(double p) {
    Color lo = new Color(0x6baed6);
    Color hi = new Color(0xfb6a4a);
    Color mid = new Color(0xf7f7f7);
    Color a = p < 0.5 ? lo : mid;
    Color b = p < 0.5 ? mid : hi;
    double t = p < 0.5 ? p / 0.5 : (p - 0.5) / 0.5;
    return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
  }

  static XYChart newChart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    var st = chart.getStyler();
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setPlotBorderColor(new Color(0xb0b0b0));
    st.setPlotGridLinesColor(new Color(0xe6e6e6));
    st.setChartTitleBoxVisible(false);
    st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    st.setLegendPosition(Styler.LegendPosition.OutsideS);
    st.setLegendBorderColor(Color.WHITE);
    st.setAntiAlias(true);
    return chart;
  }

  /** A filled square of a fixed pixel size (XChart's marker size is one per chart). */
  private static final class Square extends Marker {
    private final double size;

    Square(double size) {
      this.size = size;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int markerSize) {
      g.fill(new Rectangle2D.Double(x - size / 2, y - size / 2, size, size));
    }
  }

  /** A filled or outlined circle of a fixed pixel size. */
  private static final class Dot extends Marker {
    private final double size;
    private final boolean filled;

    Dot(double size, boolean filled) {
      this.size = size;
      this.filled = filled;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int markerSize) {
      Ellipse2D e = new Ellipse2D.Double(x - size / 2, y - size / 2, size, size);
      if (filled) {
        g.fill(e);
      } else {
        g.setStroke(new java.awt.BasicStroke(2f));
        g.draw(e);
      }
    }
  }
}
