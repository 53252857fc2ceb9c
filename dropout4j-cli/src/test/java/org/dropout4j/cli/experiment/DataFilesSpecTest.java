package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.data.LabeledData;
import org.dropout4j.io.NpyFile;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specs whose data are {@code .npy}/{@code .csv} files ({@code dataset: files}): the same points as a generated
 * circles spec give the same trial records; labels pick the head and loss; the canonical spec pins each file by
 * SHA-256 so a changed file is refused on resume; bad files are refused naming the field, file and value.
 */
class DataFilesSpecTest {
  private static final ExperimentRunner.Listener QUIET = new ExperimentRunner.Listener() { };
  private static final String CIRCLES = "{dataset: circles, n_samples: 40, noise: 0.1, random_state: 1, "
      + "train_rows: 24}";

  private static String spec(String data) {
    return """
        name: files
        data: %s
        model: {hidden_units: 8}
        training: {epochs: 25, batch_size: 8}
        grid: {dropout_rate: [0.0, 0.3]}
        repeats: 2
        seed: 4
        """.formatted(data);
  }

  /** Writes the circles points of {@link #CIRCLES}: train as .npy, test as .csv with a header. */
  private static void writeCircles(Path dir) throws IOException {
    LabeledData all = ExperimentRunner.data(ExperimentSpec.parse(spec(CIRCLES), true).data());
    LabeledData train = all.rows(0, 24);
    LabeledData test = all.rows(24, all.size());
    NpyFile.write(Tensor.of(train.x()), dir.resolve("x_train.npy"));
    NpyFile.write(labels(train), dir.resolve("y_train.npy"));
    StringBuilder x = new StringBuilder("x0,x1\n");
    StringBuilder y = new StringBuilder("label\n");
    for (int i = 0; i < test.size(); i++) {
      x.append((float) test.x(i, 0)).append(',').append((float) test.x(i, 1)).append('\n');
      y.append(test.label(i)).append('\n');
    }
    Files.writeString(dir.resolve("x_test.csv"), x);
    Files.writeString(dir.resolve("y_test.csv"), y);
  }

  private static Tensor labels(LabeledData d) {
    float[] v = new float[d.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = d.label(i);
    }
    return Tensor.of(Shape.of(v.length), v);
  }

  private static final String FILES = "{dataset: files, x_train: x_train.npy, y_train: y_train.npy, "
      + "x_test: x_test.csv, y_test: y_test.csv}";

  private static ExperimentSpec filesSpec(Path dir) throws IOException {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(file, spec(FILES));
    return ExperimentSpec.read(file);
  }

  @Test
  void the_same_points_in_files_give_the_records_of_the_generated_data_set(@TempDir Path dir) throws Exception {
    writeCircles(dir);
    ExperimentSpec files = filesSpec(dir);
    ExperimentRunner.Outcome fromFiles = new ExperimentRunner(files, dir.resolve("a")).run(2, Integer.MAX_VALUE,
        QUIET);
    ExperimentRunner.Outcome generated = new ExperimentRunner(ExperimentSpec.parse(spec(CIRCLES), true),
        dir.resolve("b")).run(2, Integer.MAX_VALUE, QUIET);
    assertEquals(4, fromFiles.results().size());
    assertEquals(generated.results().stream().map(TrialResult::outcome).toList(),
        fromFiles.results().stream().map(TrialResult::outcome).toList());
    // two features, two classes: the report gets the points for its decision maps
    ExperimentRunner runner = new ExperimentRunner(files, dir.resolve("a"));
    assertEquals(24, runner.train().size());
    assertEquals(16, runner.test().size());
  }

  @Test
  void the_canonical_spec_pins_absolute_paths_and_digests_and_refuses_a_changed_file(@TempDir Path dir)
      throws Exception {
    writeCircles(dir);
    ExperimentSpec spec = filesSpec(dir);
    String json = spec.toJson();
    assertTrue(json.contains(dir.resolve("x_train.npy").toAbsolutePath().toString()), json);
    assertTrue(json.contains("\"sha256\""), json);
    // the canonical spec (what executors and a resume read) parses to the same spec without the files' folder
    assertEquals(json, ExperimentSpec.parse(json, false).toJson());
    new ExperimentRunner(spec, dir.resolve("out")).run(1, 2, QUIET);
    Files.writeString(dir.resolve("y_test.csv"), "label\n" + "1\n".repeat(16));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new ExperimentRunner(ExperimentSpec.parse(json, false), dir.resolve("out")));
    assertTrue(e.getMessage().contains("data.y_test") && e.getMessage().contains("y_test.csv")
        && e.getMessage().contains("changed"), e.getMessage());
  }

  @Test
  void more_than_two_classes_train_a_softmax_head_with_sparse_categorical_cross_entropy(@TempDir Path dir)
      throws Exception {
    float[] x = new float[30 * 3];
    float[] y = new float[30];
    for (int i = 0; i < 30; i++) {
      y[i] = i % 3;
      x[3 * i + i % 3] = 1f;
      x[3 * i + (i + 1) % 3] = 0.1f * (i % 5);
    }
    NpyFile.write(Tensor.of(Shape.of(30, 3), x), dir.resolve("x.npy"));
    NpyFile.write(Tensor.of(Shape.of(30, 1), y), dir.resolve("y.npy"));
    Path file = dir.resolve("spec.yaml");
    Files.writeString(file, spec("{dataset: files, x_train: x.npy, y_train: y.npy, x_test: x.npy, y_test: y.npy}"));
    ExperimentRunner runner = new ExperimentRunner(ExperimentSpec.read(file), dir.resolve("out"));
    assertEquals(Shape.batchOf(3), runner.model(runner.spec().settings().get(0), 1).outputShape());
    assertEquals(Shape.of(30), runner.yTrain().shape());
    ExperimentRunner.Outcome o = runner.run(2, Integer.MAX_VALUE, QUIET);
    assertTrue(o.results().stream().allMatch(TrialResult::ok), o.results().toString());
  }

  private static String refusal(Path dir, Map<String, String> files, Class<? extends Exception> kind) {
    return assertThrows(kind, () -> {
      for (var e : files.entrySet()) {
        Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
      }
      Path file = dir.resolve("spec.yaml");
      Files.writeString(file, spec("{dataset: files, x_train: x.csv, y_train: y.csv, x_test: x.csv, "
          + "y_test: y.csv}"));
      new ExperimentRunner(ExperimentSpec.read(file), dir.resolve("out"));
    }).getMessage();
  }

  @Test
  void bad_files_are_refused_naming_field_file_and_value(@TempDir Path dir) {
    String rows = refusal(dir, Map.of("x.csv", "1,2\n3,4\n5,6\n", "y.csv", "0\n1\n"),
        IllegalArgumentException.class);
    assertTrue(rows.contains("data.y_train") && rows.contains("y.csv") && rows.contains("expected 3 labels")
        && rows.contains("found 2"), rows);
    String label = refusal(dir, Map.of("x.csv", "1,2\n3,4\n", "y.csv", "0\n0.5\n"), IllegalArgumentException.class);
    assertTrue(label.contains("integer class ids") && label.contains("0.5") && label.contains("row 1"), label);
  }

  @Test
  void a_non_finite_input_is_refused_naming_the_row(@TempDir Path dir) throws Exception {
    NpyFile.write(Tensor.of(Shape.of(2, 2), 1, 2, Float.NaN, 4), dir.resolve("x.npy"));
    NpyFile.write(Tensor.of(Shape.of(2), 0, 1), dir.resolve("y.npy"));
    Path file = dir.resolve("spec.yaml");
    Files.writeString(file, spec("{dataset: files, x_train: x.npy, y_train: y.npy, x_test: x.npy, y_test: y.npy}"));
    ExperimentSpec spec = ExperimentSpec.read(file);
    String nan = assertThrows(IllegalArgumentException.class, () -> new ExperimentRunner(spec, dir.resolve("o")))
        .getMessage();
    assertTrue(nan.contains("data.x_train") && nan.contains("finite") && nan.contains("row 1"), nan);
  }

  @Test
  void a_missing_field_or_file_or_another_extension_is_refused_by_name(@TempDir Path dir) throws Exception {
    String missing = assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.parse(
        spec("{dataset: files, x_train: a.npy, y_train: b.npy, x_test: c.npy}"), true)).getMessage();
    assertTrue(missing.contains("data.y_test"), missing);
    String ext = assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.parse(
        spec("{dataset: files, x_train: a.txt, y_train: b.npy, x_test: c.npy, y_test: d.npy}"), true))
        .getMessage();
    assertTrue(ext.contains("data.x_train") && ext.contains("a.txt"), ext);
    String absent = assertThrows(RuntimeException.class, () -> ExperimentSpec.parse(
        spec("{dataset: files, x_train: " + dir.resolve("none.npy") + ", y_train: b.npy, x_test: c.npy, "
            + "y_test: d.npy}"), true)).getMessage();
    assertTrue(absent.contains("data.x_train") && absent.contains("none.npy"), absent);
    String toy = assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.parse(
        spec("{dataset: files, n_samples: 10}"), true)).getMessage();
    assertTrue(toy.contains("data.n_samples"), toy);
    assertEquals(List.of("x_train", "y_train", "x_test", "y_test"), DataFiles.FIELDS);
  }
}
