package org.dropout4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.dropout4j.models.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LearningCurvePlotTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dir;

  private static Map<String, History> twoRuns(int epochs) {
    Map<String, History> runs = new LinkedHashMap<>();
    runs.put("no dropout", Histories.curve(epochs, 1.0, 1));
    runs.put("dropout 0.4", Histories.curve(epochs, 0.96, 2));
    return runs;
  }

  private static Map<String, List<History>> repeated(int epochs, int count) {
    Map<String, List<History>> runs = new LinkedHashMap<>();
    List<History> a = new ArrayList<>();
    List<History> b = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      a.add(Histories.curve(epochs, 1.0, 10 + i));
      b.add(Histories.curve(epochs, 0.96, 20 + i));
    }
    runs.put("no dropout", a);
    runs.put("dropout 0.4", b);
    return runs;
  }

  @Test
  void png_has_the_magic_bytes_and_decodes_to_the_requested_size() throws IOException {
    XYChart chart = LearningCurvePlot.of("accuracy").withSize(640, 400).chart(twoRuns(300));
    Path png = dir.resolve("acc.png");
    LearningCurvePlot.writePng(chart, png);
    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(PNG_MAGIC, java.util.Arrays.copyOf(bytes, 8));
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "ImageIO could not decode the PNG");
    assertEquals(640, image.getWidth());
    assertEquals(400, image.getHeight());
  }

  @Test
  void png_shows_each_run_colour() throws IOException {
    Path png = dir.resolve("acc.png");
    LearningCurvePlot.writePng(LearningCurvePlot.of("accuracy").chart(twoRuns(300)), png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertTrue(countPixels(image, new Color(0x1f77b4)) > 200, "first run's colour (blue) is drawn");
    assertTrue(countPixels(image, new Color(0xff7f0e)) > 200, "second run's colour (orange) is drawn");
  }

  @Test
  void svg_parses_as_xml_with_one_long_solid_and_one_long_dashed_path_per_run() throws Exception {
    Path svg = dir.resolve("acc.svg");
    LearningCurvePlot.writeSvg(LearningCurvePlot.of("accuracy").chart(twoRuns(300)), svg);
    Document doc = parseSvg(svg);
    assertEquals("svg", doc.getDocumentElement().getTagName());
    for (String rgb : List.of("rgb(31,119,180)", "rgb(255,127,14)")) {
      assertEquals(1, seriesPaths(doc, rgb, false, 299), "solid train path drawn in " + rgb);
      assertEquals(1, seriesPaths(doc, rgb, true, 299), "dashed validation path drawn in " + rgb);
    }
  }

  @Test
  void svg_of_mean_chart_has_a_filled_band_and_a_line_per_series() throws Exception {
    Path svg = dir.resolve("mean.svg");
    LearningCurvePlot.writeSvg(LearningCurvePlot.of("accuracy").meanChart(repeated(100, 3)), svg);
    Document doc = parseSvg(svg);
    for (String rgb : List.of("rgb(31,119,180)", "rgb(255,127,14)")) {
      assertEquals(1, seriesPaths(doc, rgb, false, 99), "solid mean train path in " + rgb);
      assertEquals(1, seriesPaths(doc, rgb, true, 99), "dashed mean validation path in " + rgb);
      assertEquals(2, filledPaths(doc, rgb), "train and validation bands filled in " + rgb);
    }
  }

  @Test
  void train_is_solid_and_validation_is_dashed_in_the_same_colour() {
    XYChart chart = LearningCurvePlot.of("loss").chart(twoRuns(50));
    XYSeries train = chart.getSeriesMap().get("no dropout \u2013 train");
    XYSeries validation = chart.getSeriesMap().get("no dropout \u2013 validation");
    assertNull(train.getLineStyle().getDashArray());
    assertNotNull(validation.getLineStyle().getDashArray());
    assertEquals(train.getLineColor(), validation.getLineColor());
  }

  @Test
  void runs_get_distinct_colours() {
    XYChart chart = LearningCurvePlot.of("accuracy").chart(twoRuns(50));
    assertNotEquals(chart.getSeriesMap().get("no dropout \u2013 train").getLineColor(),
        chart.getSeriesMap().get("dropout 0.4 \u2013 train").getLineColor());
  }

  @Test
  void x_is_the_one_based_epoch_and_every_recorded_value_is_a_vertex() {
    Map<String, History> runs = twoRuns(5);
    XYSeries s = LearningCurvePlot.of("accuracy").chart(runs).getSeriesMap().get("no dropout \u2013 train");
    List<Double> values = runs.get("no dropout").get("accuracy");
    double[] xs = s.getXData();
    double[] ys = s.getYData();
    assertEquals(1.0, xs[0]);
    assertEquals(5.0, xs[xs.length - 1]);
    for (int epoch = 1; epoch <= 5; epoch++) {
      boolean found = false;
      for (int i = 0; i < xs.length; i++) {
        found |= xs[i] == epoch && ys[i] == values.get(epoch - 1);
      }
      assertTrue(found, "epoch " + epoch + " is plotted at its recorded value");
    }
  }

  @Test
  void densify_interpolates_linearly_and_keeps_the_input_points() {
    double[][] xy = LearningCurvePlot.densify(new double[][] {{1, 2, 3}, {0, 1, 3}}, 5);
    assertArrayEquals(new double[] {1, 1.5, 2, 2.5, 3}, xy[0]);
    assertArrayEquals(new double[] {0, 0.5, 1, 2, 3}, xy[1]);
  }

  @Test
  void densify_leaves_dense_series_alone() {
    double[][] xy = {{1, 2, 3}, {0, 1, 3}};
    assertSame(xy, LearningCurvePlot.densify(xy, 3));
  }

  @Test
  void one_epoch_run_is_drawn_as_a_dot() {
    History h = new History();
    h.record("accuracy", 0.5);
    XYSeries s = LearningCurvePlot.of("accuracy").chart(Map.of("run", h)).getSeriesMap().get("run \u2013 train");
    assertNotEquals(SeriesMarkers.NONE, s.getMarker());
  }

  @Test
  void one_epoch_validation_dot_has_another_shape_than_the_training_dot() {
    History h = new History();
    h.record("accuracy", 0.5);
    h.record("val_accuracy", 0.4);
    Map<String, XYSeries> series = LearningCurvePlot.of("accuracy").chart(Map.of("run", h)).getSeriesMap();
    assertEquals(SeriesMarkers.CIRCLE, series.get("run \u2013 train").getMarker());
    assertEquals(SeriesMarkers.DIAMOND, series.get("run \u2013 validation").getMarker(),
        "a dashed line does not show on a single point: the shape tells them apart");
  }

  @Test
  void validation_series_is_omitted_when_not_recorded() {
    History h = new History();
    h.record("accuracy", 0.5);
    h.record("accuracy", 0.6);
    XYChart chart = LearningCurvePlot.of("accuracy").chart(Map.of("run", h));
    assertEquals(List.of("run \u2013 train"), List.copyOf(chart.getSeriesMap().keySet()));
  }

  @Test
  void long_history_is_bucket_averaged_to_at_most_max_points_and_renders_fast() throws IOException {
    long start = System.nanoTime();
    XYChart chart = LearningCurvePlot.of("accuracy").chart(twoRuns(4000));
    LearningCurvePlot.writePng(chart, dir.resolve("long.png"));
    LearningCurvePlot.writeSvg(chart, dir.resolve("long.svg"));
    double seconds = (System.nanoTime() - start) / 1e9;
    for (XYSeries s : chart.getSeriesMap().values()) {
      assertEquals(1000, s.getXData().length, s.getName());
    }
    // ~1-3 s on the quiet 2-core dev machine (AWT start-up included), ~4x that with load 14; the bound catches
    // a regression to drawing all 4000 points per series, not machine noise
    assertTrue(seconds < 60, "4000-epoch chart took " + seconds + " s");
  }

  @Test
  void downsample_averages_whole_buckets() {
    double[][] xy = LearningCurvePlot.downsample(new double[] {1, 3, 5, 7, 9, 11}, 3);
    assertArrayEquals(new double[] {1.5, 3.5, 5.5}, xy[0]);
    assertArrayEquals(new double[] {2, 6, 10}, xy[1]);
  }

  @Test
  void downsample_averages_a_short_last_bucket_over_its_own_length() {
    double[][] xy = LearningCurvePlot.downsample(new double[] {1, 2, 3, 4, 5}, 2); // buckets of 3: {1,2,3}, {4,5}
    assertArrayEquals(new double[] {2, 4.5}, xy[0]);
    assertArrayEquals(new double[] {2, 4.5}, xy[1]);
  }

  @Test
  void downsample_keeps_short_series_unchanged() {
    double[][] xy = LearningCurvePlot.downsample(new double[] {0.1, 0.2, 0.3}, 1000);
    assertArrayEquals(new double[] {1, 2, 3}, xy[0]);
    assertArrayEquals(new double[] {0.1, 0.2, 0.3}, xy[1]);
  }

  @Test
  void mean_std_uses_the_sample_standard_deviation_over_runs_reaching_each_epoch() {
    double[][] stats = LearningCurvePlot.meanStd(List.of(List.of(1.0, 2.0, 7.0), List.of(3.0, 6.0)));
    double s2 = Math.sqrt(2.0);
    double s8 = Math.sqrt(8.0);
    assertArrayEquals(new double[] {2, 4, 7}, stats[0], 1e-12);
    assertArrayEquals(new double[] {2 - s2, 4 - s8, 7}, stats[1], 1e-12);
    assertArrayEquals(new double[] {2 + s2, 4 + s8, 7}, stats[2], 1e-12);
  }

  @Test
  void mean_chart_draws_mean_lines_in_legend_and_hides_bands_from_it() {
    XYChart chart = LearningCurvePlot.of("accuracy").meanChart(repeated(20, 3));
    List<String> inLegend = chart.getSeriesMap().values().stream()
        .filter(XYSeries::isShowInLegend).map(XYSeries::getName).toList();
    assertEquals(List.of("no dropout \u2013 train", "no dropout \u2013 validation",
        "dropout 0.4 \u2013 train", "dropout 0.4 \u2013 validation"), inLegend);
    assertEquals(8, chart.getSeriesMap().size());
    assertEquals("Accuracy per epoch (mean \u00b1 std of 3 runs)", chart.getTitle());
  }

  @Test
  void mean_chart_with_unequal_run_counts_names_the_count_per_label() {
    Map<String, List<History>> runs = new LinkedHashMap<>();
    runs.put("a", List.of(Histories.curve(10, 1, 1)));
    runs.put("b", List.of(Histories.curve(10, 1, 2), Histories.curve(10, 1, 3)));
    XYChart chart = LearningCurvePlot.of("accuracy").meanChart(runs);
    assertTrue(chart.getSeriesMap().containsKey("a \u2013 train (n=1)"), chart.getSeriesMap().keySet().toString());
    assertTrue(chart.getSeriesMap().containsKey("b \u2013 train (n=2)"), chart.getSeriesMap().keySet().toString());
  }

  @Test
  void empty_runs_throws_naming_the_argument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearningCurvePlot.of("accuracy").chart(Map.of()));
    assertTrue(e.getMessage().contains("`runs`"), e.getMessage());
  }

  @Test
  void empty_mean_runs_throws_naming_the_argument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearningCurvePlot.of("accuracy").meanChart(Map.of("a", List.of())));
    assertTrue(e.getMessage().contains("`runs`") && e.getMessage().contains("'a'"), e.getMessage());
  }

  @Test
  void unknown_metric_throws_naming_the_argument_value_and_known_keys() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearningCurvePlot.of("acc").chart(twoRuns(3)));
    assertTrue(e.getMessage().contains("`metric`"), e.getMessage());
    assertTrue(e.getMessage().contains("metric='acc'"), e.getMessage());
    assertTrue(e.getMessage().contains("val_accuracy"), e.getMessage());
  }

  @Test
  void blank_metric_throws_naming_the_argument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningCurvePlot.of(" "));
    assertTrue(e.getMessage().contains("`metric`"), e.getMessage());
  }

  @Test
  void out_of_range_size_throws_naming_the_argument_and_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearningCurvePlot.of("loss").withSize(50, 400));
    assertTrue(e.getMessage().contains("width=50"), e.getMessage());
  }

  @Test
  void failed_chart_argument_writes_nothing() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> LearningCurvePlot.of("nope").chart(twoRuns(3)));
    try (Stream<Path> s = Files.list(dir)) {
      assertFalse(s.findAny().isPresent());
    }
  }

  private static int countPixels(BufferedImage image, Color color) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == (color.getRGB() & 0xffffff)) {
          n++;
        }
      }
    }
    return n;
  }

  private static Document parseSvg(Path svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    // the SVG 1.1 DOCTYPE names a DTD on the web: never fetch it
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    return builder.parse(svg.toFile());
  }

  /** Stroked paths in {@code rgb} (dashed or not) with at least {@code minSegments} curve segments. */
  private static int seriesPaths(Document doc, String rgb, boolean dashed, int minSegments) {
    int n = 0;
    NodeList paths = doc.getElementsByTagNameNS("*", "path");
    for (int i = 0; i < paths.getLength(); i++) {
      Element p = (Element) paths.item(i);
      String style = p.getAttribute("style");
      if (style.contains("stroke:" + rgb) && style.contains("stroke-dasharray") == dashed
          && p.getAttribute("d").chars().filter(c -> c == 'C').count() >= minSegments) {
        n++;
      }
    }
    return n;
  }

  private static int filledPaths(Document doc, String rgb) {
    int n = 0;
    NodeList paths = doc.getElementsByTagNameNS("*", "path");
    for (int i = 0; i < paths.getLength(); i++) {
      String style = ((Element) paths.item(i)).getAttribute("style");
      if (style.contains("fill:" + rgb) && style.contains("fill-opacity")) {
        n++;
      }
    }
    return n;
  }
}
