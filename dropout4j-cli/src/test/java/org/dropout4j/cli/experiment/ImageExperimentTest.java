package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dropout4j.data.FashionMnist;
import org.dropout4j.data.Idx;
import org.dropout4j.data.IdxArray;
import org.dropout4j.data.MissingDataException;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny CNN experiment on 8x8 IDX images written by the test: the report embeds every chart, including the first
 * Conv2D's filters and feature maps, and lists every trial; the filter and feature-map values are the layer's.
 */
class ImageExperimentTest {
  static final int SIZE = 8;
  @TempDir
  static Path dir;
  static Path data;
  static ExperimentRunner runner;
  static ExperimentRunner.Outcome outcome;
  static List<Path> written;
  static String html;

  /** {@code n} 8x8 images: class k (0..3) lights the k-th 4x4 quadrant, on weak deterministic noise. */
  static void writeQuadrants(Path dir, String prefix, int n) throws IOException {
    byte[] px = new byte[n * SIZE * SIZE];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int k = i % 4;
      labels[i] = (byte) k;
      for (int r = 0; r < SIZE; r++) {
        for (int c = 0; c < SIZE; c++) {
          boolean lit = r / 4 == k / 2 && c / 4 == k % 2;
          px[(i * SIZE + r) * SIZE + c] = (byte) (lit ? 240 : (i * 31 + r * 17 + c * 7) % 50);
        }
      }
    }
    Idx.write(new IdxArray(new int[] {n, SIZE, SIZE}, px), dir.resolve(prefix + "-images-idx3-ubyte.gz"));
    Idx.write(new IdxArray(new int[] {n}, labels), dir.resolve(prefix + "-labels-idx1-ubyte"));
  }

  static ExperimentSpec spec(String preset, Path dataDir, int trainRows) {
    return ExperimentSpec.parse("""
        name: tiny-%s
        data: {dataset: fashion-mnist, data_dir: "%s", train_rows: %d, test_rows: 16}
        model: {preset: %s}
        training: {epochs: 2, batch_size: 8}
        grid: {dropout_rate: [0, 0.5]}
        repeats: 2
        seed: 5
        """.formatted(preset, dataDir, trainRows, preset), true);
  }

  @BeforeAll
  static void runTinyCnnExperiment() throws Exception {
    data = Files.createDirectories(dir.resolve("data"));
    writeQuadrants(data, "train", 48);
    writeQuadrants(data, "t10k", 24);
    Path out = dir.resolve("cnn");
    runner = new ExperimentRunner(spec("cnn", data, 32), out);
    outcome = runner.run(2, Integer.MAX_VALUE, new ExperimentRunner.Listener() { });
    written = ExperimentReport.write(runner, outcome, out, Map.of("java", "17", "dropout4j", "test"));
    html = Files.readString(out.resolve(ExperimentReport.HTML));
  }

  @Test
  void train_rows_and_test_rows_keep_the_leading_images() {
    assertEquals(Shape.of(32, SIZE, SIZE, 1), runner.xTrain().shape());
    assertEquals(Shape.of(16, SIZE, SIZE, 1), runner.xTest().shape());
    assertEquals(Shape.of(16), runner.yTest().shape());
  }

  @Test
  void every_trial_finished_on_the_images() {
    assertEquals(4, outcome.results().size());
    assertTrue(outcome.results().stream().allMatch(TrialResult::ok), outcome.results().toString());
  }

  @Test
  void every_chart_is_written_as_png_and_svg_including_filters_and_feature_maps() {
    List<String> names = written.stream().map(p -> p.getFileName().toString()).toList();
    for (String chart : List.of("test_accuracy_vs_rate", "gap_vs_rate", "conv_filters_baseline",
        "conv_filters_best", "feature_maps_input", "feature_maps_baseline", "feature_maps_best",
        "learning_curves_00", "learning_curves_01")) {
      assertTrue(names.contains(chart + ".png") && names.contains(chart + ".svg"), chart + " missing in " + names);
      assertTrue(Files.exists(dir.resolve("cnn").resolve(chart + ".svg")), chart + ".svg on disk");
    }
    assertTrue(names.stream().noneMatch(n -> n.startsWith("decision_boundary")), "no decision map for images");
  }

  @Test
  void html_embeds_every_png_including_filters_and_feature_maps() throws Exception {
    Matcher m = Pattern.compile("data-chart=\"([^\"]+)\" src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
    List<String> embedded = new ArrayList<>();
    while (m.find()) {
      byte[] bytes = Base64.getDecoder().decode(m.group(2));
      assertArrayEquals(Files.readAllBytes(dir.resolve("cnn").resolve(m.group(1) + ".png")), bytes, m.group(1));
      embedded.add(m.group(1));
    }
    List<String> pngs = written.stream().map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png"))
        .map(n -> n.substring(0, n.length() - 4)).toList();
    assertEquals(pngs, embedded);
    assertTrue(embedded.containsAll(List.of("conv_filters_baseline", "conv_filters_best", "feature_maps_input",
        "feature_maps_baseline", "feature_maps_best")), embedded.toString());
  }

  @Test
  void html_lists_every_trial_with_its_seed() {
    ReportAssertions.assertListsEveryTrialWithItsSeed(html, outcome.results());
  }

  @Test
  void repeat_zero_models_are_saved_and_reproduce_their_trial_accuracy() throws Exception {
    for (int setting = 0; setting < 2; setting++) {
      Sequential saved = runner.savedModel(setting);
      saved.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      TrialResult trial = outcome.results().get(setting);
      assertEquals(0, trial.trial().repeat());
      assertEquals(trial.testAccuracy(), saved.evaluate(runner.xTest(), runner.yTest()).get("accuracy"), 1e-12);
    }
    assertTrue(Files.exists(runner.modelFile(1)), "repeat 0 of setting 1");
    assertTrue(!Files.exists(runner.modelFile(2)) && !Files.exists(runner.modelFile(3)), "no repeat-1 models");
  }

  @Test
  void filters_are_the_first_conv_kernel_by_filter_row_and_column() {
    Sequential model = runner.model(runner.spec().settings().get(0), 5);
    model.build(runner.xTrain().shape());
    Conv2D conv = ConvPlots.firstConv(model);
    float[] kernel = conv.weights().get(0).data(); // (3, 3, 1, 32)
    float[][][] filters = ConvPlots.filters(model);
    assertEquals(32, filters.length);
    assertEquals(kernel[(2 * 3 + 1) * 32 + 7], filters[7][2][1]);
    assertEquals(kernel[(0 * 3 + 2) * 32 + 31], filters[31][0][2]);
  }

  @Test
  void feature_maps_are_the_relu_cross_correlation_of_the_image() {
    Sequential model = runner.model(runner.spec().settings().get(0), 5);
    model.build(runner.xTrain().shape());
    Tensor image = Ops.sliceRows(runner.xTest(), 0, 1);
    float[][][] maps = ConvPlots.featureMaps(model, image);
    assertEquals(32, maps.length);
    assertEquals(SIZE - 2, maps[0].length);
    float[] x = image.toArray();
    float[][][] k = ConvPlots.filters(model);
    float[] bias = ConvPlots.firstConv(model).weights().get(1).data();
    for (int f : new int[] {0, 13, 31}) {
      for (int[] at : new int[][] {{0, 0}, {3, 4}, {5, 5}}) {
        double sum = bias[f];
        for (int a = 0; a < 3; a++) {
          for (int b = 0; b < 3; b++) {
            sum += k[f][a][b] * x[(at[0] + a) * SIZE + at[1] + b];
          }
        }
        assertEquals(Math.max(0, sum), maps[f][at[0]][at[1]], 1e-5, "filter " + f + " at " + Arrays.toString(at));
      }
    }
  }

  @Test
  void mlp_preset_on_images_has_no_conv_charts() throws Exception {
    Path out = dir.resolve("mlp");
    ExperimentRunner mlp = new ExperimentRunner(spec("mlp", data, 16), out);
    ExperimentRunner.Outcome o = mlp.run(2, Integer.MAX_VALUE, new ExperimentRunner.Listener() { });
    List<Path> files = ExperimentReport.write(mlp, o, out, Map.of("java", "17"));
    List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
    assertTrue(o.results().stream().allMatch(TrialResult::ok), o.results().toString());
    assertTrue(names.contains("learning_curves_01.png"), names.toString());
    assertTrue(names.stream().noneMatch(n -> n.startsWith("conv_") || n.startsWith("feature_maps")), names.toString());
  }

  @Test
  void missing_files_say_how_to_install_them() {
    MissingDataException e = assertThrows(MissingDataException.class,
        () -> new ExperimentRunner(spec("cnn", dir.resolve("nowhere"), 8), dir.resolve("none")));
    assertTrue(e.getMessage().contains(FashionMnist.INSTALL_COMMAND) && e.getMessage().contains("nowhere"),
        e.getMessage());
  }

  @Test
  void train_rows_beyond_the_images_found_names_the_field_and_the_count() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ExperimentRunner(spec("cnn", data, 100), dir.resolve("too-many")));
    assertTrue(e.getMessage().contains("`data.train_rows`") && e.getMessage().contains("at most 48")
        && e.getMessage().contains("100"), e.getMessage());
  }
}
