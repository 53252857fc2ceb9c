package org.dropout4j.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A map of a scalar over a 2-D input plane, the picture of what a 2-input model computes: the value shaded per
 * pixel, a colour bar with readable numbers, equal scales on both axes (a circle stays round), optionally the 0.5
 * contour (the decision boundary of a binary classifier) and the data points, training points filled and test points
 * hollow, coloured by class.
 *
 * <pre>{@code
 * FieldMap.probability("model B: p(class 1)", -1.5, 1.5, -1.5, 1.5, 200, points -> predict(model, points))
 *     .withPoints(trainX, trainY, true).withPoints(testX, testY, false).writePng(Path.of("decision_map_B.png"));
 * }</pre>
 */
public final class FieldMap {
  /** Values of the map at points of the plane, all at once (one batched {@code predict}). */
  @FunctionalInterface
  public interface Field {
    /** The values at {@code points[k] = {x, y}}, in order. */
    double[] at(double[][] points);
  }

  private static final int PLOT = 520;
  private static final int LEFT = 70;
  private static final int TOP = 56;
  private static final int BAR_GAP = 28;
  private static final int BAR_WIDTH = 22;
  private static final int RIGHT = 190;
  private static final int BOTTOM = 100;
  private static final Color CLASS_0 = new Color(0x08306b);
  private static final Color CLASS_1 = new Color(0x99000d);

  private final String title;
  private final double x0;
  private final double x1;
  private final double y0;
  private final double y1;
  private final double[][] values;   // [row from the top][column]
  private final boolean probability;
  private final double vmax;
  private final String barLabel;
  private final List<double[]> points = new ArrayList<>();   // x, y, label, filled(1/0)

  private FieldMap(String title, double x0, double x1, double y0, double y1, int n, Field f, boolean probability,
      String barLabel) {
    if (!(x1 > x0) || !(y1 > y0)) {
      throw new IllegalArgumentException("map extent must be non-empty, received x in [" + x0 + ", " + x1 + "], y in ["
          + y0 + ", " + y1 + "]");
    }
    this.title = title;
    this.x0 = x0;
    this.x1 = x1;
    this.y0 = y0;
    this.y1 = y1;
    if (n < 2) {
      throw new IllegalArgumentException("invalid value for argument `resolution`: expected an integer >= 2, received "
          + "resolution=" + n);
    }
    double[][] grid = new double[n * n][];
    for (int i = 0; i < n; i++) {
      double y = y1 - (i + 0.5) * (y1 - y0) / n;
      for (int j = 0; j < n; j++) {
        grid[i * n + j] = new double[] {x0 + (j + 0.5) * (x1 - x0) / n, y};
      }
    }
    double[] flat = f.at(grid);
    if (flat.length != grid.length) {
      throw new IllegalArgumentException("the field returned " + flat.length + " values for " + grid.length
          + " points");
    }
    this.values = new double[n][n];
    double max = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double v = flat[i * n + j];
        values[i][j] = v;
        if (Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    this.probability = probability;
    this.vmax = probability ? 1 : Ticks.niceCeiling(max);
    this.barLabel = barLabel;
  }

  /**
   * A map of a probability in [0, 1]: blue (0) through white (0.5) to red (1), with the 0.5 contour.
   *
   * @param resolution samples per side of the square grid the field is evaluated on
   */
  public static FieldMap probability(String title, double x0, double x1, double y0, double y1, int resolution,
      Field f) {
    return new FieldMap(title, x0, x1, y0, y1, resolution, f, true, "p(class 1)");
  }

  /** A map of a non-negative quantity (entropy, BALD, std): white (0) to dark purple (the bar's top, a nice number). */
  public static FieldMap magnitude(String title, String barLabel, double x0, double x1, double y0, double y1,
      int resolution, Field f) {
    return new FieldMap(title, x0, x1, y0, y1, resolution, f, false, barLabel);
  }

  /** Adds data points: {@code xy[i] = {x, y}}, {@code labels[i]} 0 or 1; filled for training, hollow for test. */
  public FieldMap withPoints(double[][] xy, int[] labels, boolean filled) {
    for (int i = 0; i < xy.length; i++) {
      points.add(new double[] {xy[i][0], xy[i][1], labels[i], filled ? 1 : 0});
    }
    return this;
  }

  /** The upper end of the colour bar: 1 for probabilities, else the field's maximum rounded up to a nice number. */
  public double barMax() {
    return vmax;
  }

  /** Draws the map. */
  public BufferedImage render() {
    double span = Math.max(x1 - x0, y1 - y0);
    int w = (int) Math.round(PLOT * (x1 - x0) / span);
    int h = (int) Math.round(PLOT * (y1 - y0) / span);
    BufferedImage img = new BufferedImage(LEFT + w + RIGHT, TOP + h + BOTTOM, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    int n = values.length;
    // one colour per grid cell (not per pixel) and one raster row at a time: TYPE_INT_RGB stores 0xRRGGBB, what
    // setRGB stored pixel by pixel through the colour model (the PNG is the same to the byte)
    int[][] cells = new int[n][];
    int[] row = new int[w];
    for (int py = 0; py < h; py++) {
      int i = Math.min(n - 1, py * n / h);
      if (cells[i] == null) {
        cells[i] = new int[n];
        for (int j = 0; j < n; j++) {
          cells[i][j] = colour(values[i][j]).getRGB() & 0xFFFFFF;
        }
      }
      for (int px = 0; px < w; px++) {
        row[px] = cells[i][Math.min(n - 1, px * n / w)];
      }
      img.getRaster().setDataElements(LEFT, TOP + py, w, 1, row);
    }
    DoubleUnaryOperator sx = x -> LEFT + (x - x0) / (x1 - x0) * w;
    DoubleUnaryOperator sy = y -> TOP + (y1 - y) / (y1 - y0) * h;
    if (probability) {
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(2f));
      for (double[] s : Contour.segments(values, 0.5)) {   // grid units: (row, col) of cell centres
        g.draw(new Line2D.Double(LEFT + (s[1] + 0.5) * w / n, TOP + (s[0] + 0.5) * h / n,
            LEFT + (s[3] + 0.5) * w / n, TOP + (s[2] + 0.5) * h / n));
      }
    }
    g.setStroke(new BasicStroke(1.6f));
    for (double[] p : points) {
      double cx = sx.applyAsDouble(p[0]);
      double cy = sy.applyAsDouble(p[1]);
      if (cx < LEFT || cx > LEFT + w || cy < TOP || cy > TOP + h) {
        continue;
      }
      drawPoint(g, cx, cy, p[2] == 1 ? CLASS_1 : CLASS_0, p[3] == 1);
    }
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(LEFT, TOP, w, h);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    for (double t : Ticks.nice(x0, x1, 6)) {
      int px = (int) Math.round(sx.applyAsDouble(t));
      g.drawLine(px, TOP + h, px, TOP + h + 5);
      String s = Ticks.format(t);
      g.drawString(s, px - fm.stringWidth(s) / 2, TOP + h + 20);
    }
    for (double t : Ticks.nice(y0, y1, 6)) {
      int py = (int) Math.round(sy.applyAsDouble(t));
      g.drawLine(LEFT - 5, py, LEFT, py);
      String s = Ticks.format(t);
      g.drawString(s, LEFT - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
    }
    g.drawString("x0", LEFT + w / 2 - fm.stringWidth("x0") / 2, TOP + h + 40);
    g.drawString("x1", 18, TOP + h / 2);
    g.setFont(font.deriveFont(Font.BOLD, 15f));
    g.drawString(title, LEFT, TOP - 22);
    g.setFont(font);
    drawBar(g, fm, LEFT + w + BAR_GAP, h);
    drawLegend(g, fm, LEFT + w + BAR_GAP, TOP + h + 18);
    g.dispose();
    return img;
  }

  private void drawBar(Graphics2D g, FontMetrics fm, int bx, int h) {
    for (int py = 0; py < h; py++) {
      g.setColor(colour(vmax * (1 - (py + 0.5) / h)));
      g.drawLine(bx, TOP + py, bx + BAR_WIDTH, TOP + py);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(bx, TOP, BAR_WIDTH, h);
    double[] ticks = probability ? new double[] {0, 0.25, 0.5, 0.75, 1} : Ticks.nice(0, vmax, 5);
    for (double t : ticks) {
      int py = (int) Math.round(TOP + (1 - t / vmax) * h);
      g.drawLine(bx + BAR_WIDTH, py, bx + BAR_WIDTH + 5, py);
      g.drawString(Ticks.format(t) + (probability && t == 0.5 ? "  boundary" : ""), bx + BAR_WIDTH + 8,
          py + fm.getAscent() / 2 - 1);
    }
    g.drawString(barLabel, bx, TOP - 6);
  }

  private void drawLegend(Graphics2D g, FontMetrics fm, int x, int y) {
    if (points.isEmpty()) {
      return;
    }
    String[] names = {"train, class 0", "train, class 1", "test, class 0", "test, class 1"};
    boolean[] present = new boolean[4]; // only the kinds of points the map shows
    for (double[] p : points) {
      present[(p[3] == 1 ? 0 : 2) + (p[2] == 1 ? 1 : 0)] = true;
    }
    int shown = 0;
    for (int k = 0; k < 4; k++) {
      if (!present[k]) {
        continue;
      }
      int row = y + shown++ * 16 - 6;
      drawPoint(g, x + 6, row, k % 2 == 1 ? CLASS_1 : CLASS_0, k < 2);
      g.setColor(Color.DARK_GRAY);
      g.drawString(names[k], x + 16, row + 5);
    }
  }

  private static void drawPoint(Graphics2D g, double cx, double cy, Color c, boolean filled) {
    Ellipse2D dot = new Ellipse2D.Double(cx - 4.5, cy - 4.5, 9, 9);
    if (filled) {
      g.setColor(c);
      g.fill(dot);
      g.setColor(Color.WHITE);
      g.draw(dot);
    } else {
      g.setColor(Color.WHITE);
      g.fill(new Ellipse2D.Double(cx - 2, cy - 2, 4, 4));
      g.setColor(c);
      g.draw(dot);
    }
  }

  private Color colour(double v) {
    if (!Double.isFinite(v)) {
      return Color.GRAY;
    }
    double t = Math.max(0, Math.min(1, v / vmax));
    if (probability) {
      return t < 0.5 ? mix(new Color(0x4a90c8), new Color(0xf7f7f7), t / 0.5)
          : mix(new Color(0xf7f7f7), new Color(0xe0533d), (t - 0.5) / 0.5);
    }
    return mix(new Color(0xfbfbfb), new Color(0x3f007d), t);
  }

  private static Color mix(Color a, Color b, double t) {
    return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
  }

  /** Writes the map as a PNG (atomically: a temporary file renamed over the target). */
  public void writePng(Path file) throws IOException {
    BufferedImage img = render();
    AtomicFiles.write(file, out -> writePng(img, out));
  }

  /** Draws the map and writes it to {@code out} as a PNG (the bytes {@link #writePng(Path)} writes). */
  public void writePng(java.io.OutputStream out) throws IOException {
    writePng(render(), out);
  }

  private static void writePng(BufferedImage img, java.io.OutputStream out) throws IOException {
    PngEncoder.write(img, out);
  }
}
