package org.dropout4j.cli.experiment;

import java.awt.Color;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.dropout4j.cli.report.ChartStyle;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * What a CNN's first {@link Conv2D} layer learned, as XChart heat maps: its filters (the kernel of input channel 0,
 * one small map per filter) and its feature maps (the layer's output, after its activation, for one input image),
 * tiled in a grid of at most {@value #COLUMNS} columns with one empty cell between tiles.
 */
final class ConvPlots {
  /** Tiles per row of a grid. */
  static final int COLUMNS = 8;
  /** Blue (negative) through white (0) to red (positive): filter weights. */
  static final Color[] DIVERGING = {new Color(0x2166ac), new Color(0x92c5de), new Color(0xf7f7f7),
      new Color(0xf4a582), new Color(0xb2182b)};
  /** White (0) to dark blue (high): activations. */
  static final Color[] SEQUENTIAL = {new Color(0xffffff), new Color(0xc6dbef), new Color(0x6baed6),
      new Color(0x2171b5), new Color(0x08306b)};
  /** Black (0) to white (1): input pixels, as the data sets are usually shown. */
  static final Color[] GREYS = {Color.BLACK, Color.WHITE};

  private ConvPlots() {
  }

  /** The model's first Conv2D layer, or null if it has none. */
  static Conv2D firstConv(Sequential model) {
    for (Layer l : model.layers()) {
      if (l instanceof Conv2D c) {
        return c;
      }
    }
    return null;
  }

  /**
   * The first Conv2D's filters for input channel 0: {@code [filter][row][col]}, from the Keras kernel layout
   * {@code (kernel_h, kernel_w, in_channels, filters)}.
   *
   * @throws IllegalStateException if the model has no Conv2D or is not built
   */
  static float[][][] filters(Sequential model) {
    Conv2D conv = requireConv(model);
    Shape k = conv.weights().get(0).shape();
    float[] w = conv.weights().get(0).data();
    int kh = k.dim(0);
    int kw = k.dim(1);
    int in = k.dim(2);
    int f = k.dim(3);
    float[][][] out = new float[f][kh][kw];
    for (int i = 0; i < kh; i++) {
      for (int j = 0; j < kw; j++) {
        for (int o = 0; o < f; o++) {
          out[o][i][j] = w[((i * kw + j) * in) * f + o];
        }
      }
    }
    return out;
  }

  /**
   * The first Conv2D's output for one input in inference mode: {@code [channel][row][col]}; the layers before it
   * (e.g. an input Dropout, the identity at inference) are applied first.
   *
   * @param image one input of shape {@code (1, height, width, channels)}
   * @throws IllegalStateException if the model has no Conv2D or is not built
   */
  static float[][][] featureMaps(Sequential model, Tensor image) {
    Conv2D conv = requireConv(model);
    Tensor x = image;
    for (Layer l : model.layers()) {
      x = l.call(x, CallContext.inference());
      if (l == conv) {
        break;
      }
    }
    return channels(x); // (1, h, w, channels), channels_last
  }

  /** The channels of one image {@code (1, height, width, channels)}: {@code [channel][row][col]}. */
  static float[][][] channels(Tensor image) {
    Shape s = image.shape();
    float[] v = image.toArray();
    int h = s.dim(1);
    int w = s.dim(2);
    int c = s.dim(3);
    float[][][] out = new float[c][h][w];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        for (int o = 0; o < c; o++) {
          out[o][i][j] = v[(i * w + j) * c + o];
        }
      }
    }
    return out;
  }

  private static Conv2D requireConv(Sequential model) {
    Conv2D conv = firstConv(model);
    if (conv == null || !conv.built()) {
      throw new IllegalStateException("the model has no built Conv2D layer: train or build it first");
    }
    return conv;
  }

  /**
   * The largest absolute value of the tiles rounded up to two significant digits (a readable colour-scale end;
   * at least a tiny positive number, so a scale can be drawn).
   */
  static double maxAbs(float[][][]... tileSets) {
    double m = 1e-12;
    for (float[][][] tiles : tileSets) {
      for (float[][] t : tiles) {
        for (float[] row : t) {
          for (float v : row) {
            m = Math.max(m, Math.abs(v));
          }
        }
      }
    }
    return new BigDecimal(m).round(new MathContext(2, RoundingMode.UP)).doubleValue();
  }

  /**
   * A heat map of equally sized tiles in a grid (tile 0 top left, row by row), each tile drawn with its row 0 at
   * the top; every tile shares the colour scale {@code [min, max]}.
   */
  static HeatMapChart tiles(String title, float[][][] tiles, double min, double max, Color[] colors) {
    int n = tiles.length;
    int th = tiles[0].length;
    int tw = tiles[0][0].length;
    int cols = Math.min(n, COLUMNS);
    int rows = (n + cols - 1) / cols;
    int cellsX = cols * (tw + 1) - 1;
    int cellsY = rows * (th + 1) - 1;
    int px = (int) Math.max(2, Math.min(28, Math.floor(720.0 / Math.max(cellsX, cellsY * 2))));
    HeatMapChart chart = new HeatMapChartBuilder().width(cellsX * px + 190).height(cellsY * px + 110).title(title)
        .build();
    List<Integer> xs = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    for (int i = 0; i < cellsX; i++) {
      xs.add(i);
    }
    for (int i = 0; i < cellsY; i++) {
      ys.add(i);
    }
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      int x0 = (t % cols) * (tw + 1);
      int top = (t / cols) * (th + 1);
      for (int i = 0; i < th; i++) {
        for (int j = 0; j < tw; j++) {
          // XChart counts heat-map rows from the bottom
          cells.add(new Number[] {x0 + j, cellsY - 1 - (top + i), (double) tiles[t][i][j]});
        }
      }
    }
    chart.addSeries("values", xs, ys, cells);
    var st = chart.getStyler();
    st.setMin(min);
    st.setMax(max);
    st.setRangeColors(colors);
    ChartStyle.apply(st, 14, 11, Styler.LegendPosition.OutsideE);
    st.setPlotBorderVisible(false);
    st.setPlotGridLinesVisible(false);
    st.setAxisTicksVisible(false);
    st.setDrawBorder(false);
    st.setPlotContentSize(1.0);
    return chart;
  }
}
