package org.dropout4j.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dropout4j.models.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning-curve charts: a metric per epoch for several labelled runs, training solid and validation dashed.
 *
 * <p>For each run the training series is {@code metric} (e.g. {@code accuracy}) and the validation series is
 * {@code "val_" + metric}, the keys Keras' {@code History} uses. Both curves of a run share one colour; runs get
 * distinct colours from a 10-colour palette (Tableau 10), repeating after ten runs. The x axis is the 1-based epoch.
 *
 * <p><b>Long histories.</b> A series longer than {@code maxPoints} (default {@value #DEFAULT_MAX_POINTS}) is
 * downsampled by averaging consecutive buckets of {@code b = ceil(n / maxPoints)} epochs: each plotted point is
 * (mean epoch of the bucket, mean value of the bucket), so a 4000-epoch run becomes 1000 points of 4 epochs each.
 * Averaging (rather than taking every b-th point) keeps the level of a noisy curve and the SVG small.
 *
 * <p><b>Lines.</b> Each series is drawn as one continuous path (XChart's {@code smooth} mode: consecutive points
 * joined by a cubic whose control points share the end points' y, so it passes through every point and never
 * overshoots between two of them). XChart's plain line mode strokes each segment separately, which restarts the
 * dash pattern at every point and makes a dense dashed curve look solid. A series with fewer points than half the
 * chart width in pixels is first linearly interpolated to about one point per two pixels (every recorded value
 * stays a vertex), so the smoothing cannot bend the straight line between two epochs. A one-epoch series is a dot.
 *
 * <p><b>Repeated runs.</b> {@link #meanChart(Map)} takes several histories per label and draws, per epoch, the mean
 * over the runs that reached that epoch and a shaded band of mean ± one sample standard deviation (n − 1 in the
 * denominator; zero width for a single run). The mean and both band edges are then downsampled as above.
 *
 * <pre>{@code
 * Map<String, History> runs = new LinkedHashMap<>();
 * runs.put("no dropout", plain);
 * runs.put("dropout 0.4", dropped);
 * XYChart chart = LearningCurvePlot.of("accuracy").chart(runs);
 * LearningCurvePlot.writePng(chart, Path.of("out/accuracy.png"));
 * LearningCurvePlot.writeSvg(chart, Path.of("out/accuracy.svg"));
 * }</pre>
 *
 * <p>Instances are immutable; the {@code with...} methods return copies.
 */
public final class LearningCurvePlot {
  /** Default chart width in pixels. */
  public static final int DEFAULT_WIDTH = 900;
  /** Default chart height in pixels. */
  public static final int DEFAULT_HEIGHT = 560;
  /** Default upper bound on the points plotted per series. */
  public static final int DEFAULT_MAX_POINTS = 1000;
  /** Key prefix of validation metrics, as in Keras. */
  public static final String VALIDATION_PREFIX = "val_";

  private static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
      new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
  private static final float LINE_WIDTH = 2.0f;
  private static final BasicStroke SOLID = new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  private static final BasicStroke DASHED = new BasicStroke(
      LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);
  private static final int BAND_ALPHA = 50;
  /** Up to this many epochs the x axis labels single epochs; longer runs get round-number ticks. */
  static final int SHORT_RUN_EPOCHS = 20;
  private static final String TRAIN = " \u2013 train";
  private static final String VALIDATION = " \u2013 validation";

  private final String metric;
  private final String title;
  private final int width;
  private final int height;
  private final int maxPoints;

  private LearningCurvePlot(String metric, String title, int width, int height, int maxPoints) {
    this.metric = metric;
    this.title = title;
    this.width = width;
    this.height = height;
    this.maxPoints = maxPoints;
  }

  /**
   * A plot of {@code metric} with the default title ({@code "Accuracy per epoch"} for {@code accuracy}), size and point budget.
   *
   * @param metric training metric key, e.g. {@code accuracy} or {@code loss}; non-blank
   * @throws IllegalArgumentException if {@code metric} is null or blank
   */
  public static LearningCurvePlot of(String metric) {
    if (metric == null || metric.isBlank()) {
      throw new IllegalArgumentException(
          "invalid value for argument `metric`: expected a metric key such as accuracy, received metric=" + quoted(metric));
    }
    String title = Character.toUpperCase(metric.charAt(0)) + metric.substring(1) + " per epoch";
    return new LearningCurvePlot(metric, title, DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_MAX_POINTS);
  }

  /**
   * A copy with another chart title.
   *
   * @param title the title; non-null (empty hides it)
   */
  public LearningCurvePlot withTitle(String title) {
    Objects.requireNonNull(title, "title");
    return new LearningCurvePlot(metric, title, width, height, maxPoints);
  }

  /**
   * A copy with another size in pixels.
   *
   * @param width 100 to 10000, default {@value #DEFAULT_WIDTH}
   * @param height 100 to 10000, default {@value #DEFAULT_HEIGHT}
   * @throws IllegalArgumentException if a size is out of range
   */
  public LearningCurvePlot withSize(int width, int height) {
    checkRange("width", width, 100, 10_000);
    checkRange("height", height, 100, 10_000);
    return new LearningCurvePlot(metric, title, width, height, maxPoints);
  }

  /**
   * A copy with another bound on the points drawn per series.
   *
   * @param maxPoints 2 or more, default {@value #DEFAULT_MAX_POINTS}
   * @throws IllegalArgumentException if {@code maxPoints < 2}
   */
  public LearningCurvePlot withMaxPoints(int maxPoints) {
    checkRange("maxPoints", maxPoints, 2, Integer.MAX_VALUE);
    return new LearningCurvePlot(metric, title, width, height, maxPoints);
  }

  /** The training metric key. */
  public String metric() {
    return metric;
  }

  /**
   * Charts one history per run: {@code metric} solid, {@code val_metric} dashed (drawn when recorded).
   *
   * @param runs run label to history, in legend order; at least one run, each with at least one epoch of
   *     {@code metric}
   * @throws IllegalArgumentException if {@code runs} is empty, a label is null or blank, or a history has no
   *     values for {@code metric} (the message lists the keys it has)
   */
  public XYChart chart(Map<String, History> runs) {
    checkRuns(runs);
    runs.forEach(this::checkHistory);
    XYChart chart = newChart(runs.values().stream().mapToInt(History::epochs).max().orElse(1));
    int i = 0;
    for (Map.Entry<String, History> run : runs.entrySet()) {
      History history = run.getValue();
      checkHistory(run.getKey(), history);
      Color color = PALETTE[i++ % PALETTE.length];
      addLine(chart, run.getKey() + TRAIN, history.get(metric), color, SOLID);
      String val = VALIDATION_PREFIX + metric;
      if (history.has(val)) {
        addLine(chart, run.getKey() + VALIDATION, history.get(val), color, DASHED);
      }
    }
    return chart;
  }

  /**
   * Charts repeated runs per label: the per-epoch mean as a line and mean ± sample std as a shaded band, training
   * solid and validation dashed. The number of runs goes into the title ({@code "(mean ± std of 5 runs)"}) when
   * every label has the same number, else into each legend entry ({@code "(n=5)"}).
   *
   * @param runs label to its repeated histories, in legend order; at least one label, each with at least one
   *     history, each history with at least one epoch of {@code metric}
   * @throws IllegalArgumentException if {@code runs} or a label's list is empty, a label is null or blank, or a
   *     history has no values for {@code metric}
   */
  public XYChart meanChart(Map<String, ? extends List<History>> runs) {
    checkRuns(runs);
    for (Map.Entry<String, ? extends List<History>> run : runs.entrySet()) {
      if (run.getValue() == null || run.getValue().isEmpty()) {
        throw new IllegalArgumentException("invalid value for argument `runs`: expected at least one history for "
            + "label '" + run.getKey() + "', received " + run.getValue());
      }
    }
    long distinctCounts = runs.values().stream().mapToInt(List::size).distinct().count();
    int count = runs.values().iterator().next().size();
    runs.forEach((label, histories) -> histories.forEach(h -> checkHistory(label, h)));
    int epochs = runs.values().stream().flatMap(List::stream).mapToInt(History::epochs).max().orElse(1);
    XYChart chart = newChart(epochs);
    if (distinctCounts == 1 && !title.isEmpty()) {
      chart.setTitle(title + (count == 1 ? " (1 run)" : " (mean \u00b1 std of " + count + " runs)"));
    }
    String val = VALIDATION_PREFIX + metric;
    List<Runnable> lines = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, ? extends List<History>> run : runs.entrySet()) {
      String label = run.getKey();
      List<History> histories = run.getValue();
      List<List<Double>> train = new ArrayList<>();
      List<List<Double>> valid = new ArrayList<>();
      for (History h : histories) {
        checkHistory(label, h);
        train.add(h.get(metric));
        if (h.has(val)) {
          valid.add(h.get(val));
        }
      }
      Color color = PALETTE[i++ % PALETTE.length];
      String suffix = distinctCounts == 1 ? "" : " (n=" + histories.size() + ")";
      double[][] trainStats = meanStd(train);
      addBand(chart, label + " train band", trainStats, color);
      lines.add(() -> addLine(chart, label + TRAIN + suffix, trainStats[0], color, SOLID));
      if (!valid.isEmpty()) {
        double[][] validStats = meanStd(valid);
        addBand(chart, label + " validation band", validStats, color);
        lines.add(() -> addLine(chart, label + VALIDATION + suffix, validStats[0], color, DASHED));
      }
    }
    lines.forEach(Runnable::run); // lines after all bands, so no band covers a line
    return chart;
  }

  /**
   * Writes {@code chart} as PNG at its own size, atomically (temporary file in the same directory, then rename).
   *
   * @param chart a chart from this class or any XChart chart
   * @param file the PNG file to create or replace; parent directories are created
   * @throws IOException if encoding or writing fails; an existing file is then left untouched
   */
  public static void writePng(Chart<?, ?> chart, Path file) throws IOException {
    Objects.requireNonNull(chart, "chart");
    AtomicFiles.write(file, out -> PngEncoder.write(BitmapEncoder.getBufferedImage(chart), out));
  }

  /**
   * Writes {@code chart} as SVG (XChart's VectorGraphics2D encoder), atomically.
   *
   * @param chart a chart from this class or any XChart chart
   * @param file the SVG file to create or replace; parent directories are created
   * @throws IOException if encoding or writing fails; an existing file is then left untouched
   */
  public static void writeSvg(Chart<?, ?> chart, Path file) throws IOException {
    Objects.requireNonNull(chart, "chart");
    AtomicFiles.write(file,
        out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
  }

  /**
   * Bucket-averages {@code y} (value at epoch {@code i + 1}) down to at most {@code maxPoints} points.
   *
   * @return {xs, ys}: the mean epoch and mean value of each bucket of {@code ceil(n / maxPoints)} epochs
   */
  static double[][] downsample(double[] y, int maxPoints) {
    int n = y.length;
    int bucket = Math.max(1, (n + maxPoints - 1) / maxPoints);
    int points = (n + bucket - 1) / bucket;
    double[] xs = new double[points];
    double[] ys = new double[points];
    for (int p = 0; p < points; p++) {
      int from = p * bucket;
      int to = Math.min(n, from + bucket);
      double sum = 0;
      for (int k = from; k < to; k++) {
        sum += y[k];
      }
      ys[p] = sum / (to - from);
      xs[p] = (from + 1 + to) / 2.0; // mean of the 1-based epochs from+1 .. to
    }
    return new double[][] {xs, ys};
  }

  /**
   * Adds points on the straight segments between the given ones until there are at least {@code minPoints}, so
   * that XChart's smooth mode (a cubic per segment) draws visually straight lines; every input point is kept.
   *
   * @return {xs, ys}, the input itself if it already has {@code minPoints} points or fewer than two
   */
  static double[][] densify(double[][] xy, int minPoints) {
    int n = xy[0].length;
    if (n < 2 || n >= minPoints) {
      return xy;
    }
    int steps = (minPoints - 2) / (n - 1) + 1;
    double[] xs = new double[(n - 1) * steps + 1];
    double[] ys = new double[xs.length];
    for (int i = 0; i < n - 1; i++) {
      for (int k = 0; k < steps; k++) {
        double t = (double) k / steps;
        xs[i * steps + k] = xy[0][i] + t * (xy[0][i + 1] - xy[0][i]);
        ys[i * steps + k] = xy[1][i] + t * (xy[1][i + 1] - xy[1][i]);
      }
    }
    xs[xs.length - 1] = xy[0][n - 1];
    ys[ys.length - 1] = xy[1][n - 1];
    return new double[][] {xs, ys};
  }

  /** Per-epoch {mean, mean - std, mean + std} over the series that reach each epoch. */
  static double[][] meanStd(List<List<Double>> series) {
    int n = series.stream().mapToInt(List::size).max().orElse(0);
    double[] mean = new double[n];
    double[] lower = new double[n];
    double[] upper = new double[n];
    for (int e = 0; e < n; e++) {
      double sum = 0;
      int count = 0;
      for (List<Double> s : series) {
        if (e < s.size()) {
          sum += s.get(e);
          count++;
        }
      }
      double m = sum / count;
      double squares = 0;
      for (List<Double> s : series) {
        if (e < s.size()) {
          double d = s.get(e) - m;
          squares += d * d;
        }
      }
      double std = count > 1 ? Math.sqrt(squares / (count - 1)) : 0.0;
      mean[e] = m;
      lower[e] = m - std;
      upper[e] = m + std;
    }
    return new double[][] {mean, lower, upper};
  }

  private XYChart newChart(int epochs) {
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
        .xAxisTitle("epoch").yAxisTitle(metric).build();
    var styler = chart.getStyler();
    // the legend outside on the right never covers a curve, whatever the number of runs
    ChartStyle.apply(styler, 16, 12, Styler.LegendPosition.OutsideE);
    styler.setPlotBorderColor(new Color(0xb0b0b0));
    styler.setPlotGridLinesColor(new Color(0xe6e6e6));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setLegendLayout(Styler.LegendLayout.Vertical);
    styler.setLegendSeriesLineLength(36);
    styler.setMarkerSize(epochs == 1 ? 10 : 0); // one epoch: each series is a dot (lines of longer runs have none)
    if (epochs <= SHORT_RUN_EPOCHS) {
      styler.setXAxisMin(epochs == 1 ? 0.0 : 1.0);
      styler.setXAxisMax(epochs == 1 ? 2.0 : (double) epochs);
      // epochs are integers: ask for at least one epoch between ticks and label only whole ticks
      int pixelsPerEpoch = (int) (0.7 * width / (epochs == 1 ? 2 : epochs - 1)); // one epoch: the axis is 0..2
      styler.setXAxisTickMarkSpacingHint(Math.max(74, pixelsPerEpoch + 1));
      styler.setxAxisTickLabelsFormattingFunction(
          x -> Math.abs(x - Math.rint(x)) < 1e-9 ? Long.toString(Math.round(x)) : "");
    } else {
      // round-number ticks (0, 100, 200, ...): see addLine for why every line has points between epochs
      styler.setXAxisMin(0.0);
      styler.setXAxisDecimalPattern("#0");
    }
    styler.setyAxisTickLabelsFormattingFunction(y -> Ticks.format(y, 4)); // 0.8157, never 0.815666666666667
    styler.setAntiAlias(true);
    return chart;
  }

  private void addLine(XYChart chart, String name, List<Double> values, Color color, BasicStroke stroke) {
    addLine(chart, name, values.stream().mapToDouble(Double::doubleValue).toArray(), color, stroke);
  }

  private void addLine(XYChart chart, String name, double[] values, Color color, BasicStroke stroke) {
    double[][] sampled = downsample(values, maxPoints);
    // XChart (3.8.8) puts x ticks only where the data are when the x values are equally spaced whole numbers
    // (every 10 or 17 epochs at 500); with a point between every two epochs (on the straight segment: the same
    // line) the values are not whole and the ticks fall on round numbers
    int n = sampled[0].length;
    boolean whole = java.util.Arrays.stream(sampled[0]).allMatch(x -> x == Math.rint(x));
    double[][] xy = densify(sampled, values.length > SHORT_RUN_EPOCHS && whole ? Math.max(width / 2, 2 * n - 1)
        : width / 2);
    XYSeries s = chart.addSeries(name, xy[0], xy[1]);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    // one epoch: a dot (a diamond for validation, as its dashes do not show), not nothing
    s.setMarker(values.length > 1 ? SeriesMarkers.NONE : stroke == DASHED ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setLineStyle(stroke);
    s.setSmooth(true); // one path per series: dashes run on across points (see class doc)
  }

  private void addBand(XYChart chart, String name, double[][] stats, Color color) {
    double[][] lo = downsample(stats[1], maxPoints);
    double[][] hi = downsample(stats[2], maxPoints);
    int m = lo[0].length;
    double[] xs = new double[2 * m];
    double[] ys = new double[2 * m];
    for (int k = 0; k < m; k++) { // upper edge left to right, then lower edge right to left: one closed polygon
      xs[k] = hi[0][k];
      ys[k] = hi[1][k];
      xs[2 * m - 1 - k] = lo[0][k];
      ys[2 * m - 1 - k] = lo[1][k];
    }
    XYSeries s = chart.addSeries(name, xs, ys);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
    s.setMarker(SeriesMarkers.NONE);
    Color fill = new Color(color.getRed(), color.getGreen(), color.getBlue(), BAND_ALPHA);
    s.setFillColor(fill);
    s.setLineStyle(SeriesLines.NONE); // fill only: an outline would be drawn segment by segment
    s.setShowInLegend(false);
  }

  private void checkHistory(String label, History history) {
    if (history == null) {
      throw new IllegalArgumentException("invalid value for argument `runs`: run '" + label + "' has a null history");
    }
    if (!history.has(metric)) {
      throw new IllegalArgumentException("invalid value for argument `metric`: run '" + label
          + "' has no values for metric=" + quoted(metric) + "; its keys are " + history.keys());
    }
    if (history.get(metric).isEmpty()) {
      throw new IllegalArgumentException("invalid value for argument `runs`: run '" + label
          + "' has no epochs of metric=" + quoted(metric));
    }
  }

  private static void checkRuns(Map<String, ?> runs) {
    if (runs == null || runs.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid value for argument `runs`: expected at least one labelled run, received runs=" + runs);
    }
    for (String label : runs.keySet()) {
      if (label == null || label.isBlank()) {
        throw new IllegalArgumentException(
            "invalid value for argument `runs`: expected non-blank run labels, received label=" + quoted(label));
      }
    }
  }

  private static void checkRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("invalid value for argument `" + name + "`: expected an integer between "
          + min + " and " + max + ", received " + name + "=" + value);
    }
  }

  private static String quoted(String s) {
    return s == null ? "null" : "'" + s + "'";
  }
}
