package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --json gives one JSON object on stdout (the report goes to stderr); the progress bar is drawn only when asked. */
class CliOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void grid_json_is_one_object_on_stdout_with_the_table_on_stderr() throws Exception {
    CliRun r = CliRun.of("grid", "circles", "--rates", "0,0.5", "--repeats", "2", "--epochs", "2", "--json",
        "--out", dir.resolve("g").toString());
    assertEquals(0, r.code(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertEquals(4, root.get("trials_done").asInt());
    assertEquals(2, root.get("settings").size());
    assertEquals("dropout 0.5", root.get("settings").get(1).get("label").asText());
    assertTrue(root.get("conclusion").asText().length() > 20, r.out());
    assertTrue(r.err().contains("95% CI test acc"), "the human table goes to stderr: " + r.err());
  }

  @Test
  void data_json_names_the_file_and_the_count() throws Exception {
    CliRun r = CliRun.of("data", "moons", "--samples", "40", "--output", dir.resolve("m.csv").toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertEquals(40, root.get("points").asInt());
    assertEquals(dir.resolve("m.csv").toString(), root.get("file").asText());
  }

  @Test
  void predict_json_holds_the_predictions_row_by_row() throws Exception {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    Path in = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    CliRun r = CliRun.of("predict", model.toString(), "--x", in.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode out = JSON.readTree(r.out()).get("outputs").get(0);
    assertEquals(4, out.get("shape").get(0).asInt());
    assertEquals(4, out.get("values").size());
    float[] csv = PredictCommandTest.classifier().predict(PredictCommandTest.X).toArray();
    int k = csv.length / 4;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < k; j++) {
        assertEquals(csv[i * k + j], out.get("values").get(i).get(j).asDouble(), 1e-6);
      }
    }
  }

  @Test
  void mc_predict_draws_its_bar_with_progress_and_not_without() throws Exception {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    Path in = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    CliRun with = CliRun.of("mc-predict", model.toString(), "--x", in.toString(), "--passes", "9", "--progress",
        "--json");
    assertEquals(0, with.code(), with.err());
    assertTrue(with.err().contains("passes [") && with.err().contains("9/9"), with.err());
    JsonNode out = JSON.readTree(with.out()).get("outputs").get(0);
    assertEquals(9, out.get("passes").asInt());
    assertEquals(4, out.get("columns").get("mean_0").size());
    CliRun without = CliRun.of("mc-predict", model.toString(), "--x", in.toString(), "--passes", "9");
    assertEquals(0, without.code(), without.err());
    assertFalse(without.err().contains("passes ["), "no terminal, no --progress: no bar: " + without.err());
  }

  @Test
  void bench_json_holds_every_timed_training_per_rate() throws Exception {
    CliRun r = CliRun.of("bench", "circles", "--epochs", "5", "--runs", "2", "--warmup", "0", "--no-peer", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertEquals("circles", root.get("workload").asText());
    assertEquals(0.4, root.get("rates").get(1).get("rate").asDouble(), 0);
    assertEquals(2, root.get("rates").get(1).get("dropout4j_seconds_per_training").size());
    assertTrue(r.err().contains("dropout4j rate 0.4: median"), r.err());
  }

  @Test
  void a_bar_shows_count_elapsed_eta_and_message() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressLine bar = new ProgressLine("trials", 10, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    bar.update(5, "dropout 0.4 seed 3");
    String s = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(s.startsWith("\rtrials [============>") && s.contains("] 5/10  0:00 elapsed  ETA ")
        && s.endsWith("dropout 0.4 seed 3"), s);
    bar.close();
    assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("\r"), "close erases the line");
  }

  @Test
  void a_parallel_bar_counts_finished_tasks_plus_the_fractions_of_running_ones() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ParallelProgress bar = new ParallelProgress("trials", 4, true, new PrintStream(bytes, true,
        StandardCharsets.UTF_8))) {
      bar.running(1, 0.5, "a: epoch 2/4");
      bar.running(2, 0.2, "b: epoch 1/5");
      assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("] 0.7/4  0:00 elapsed  ETA 0:00  b: epoch 1/5"),
          bytes.toString(StandardCharsets.UTF_8));
      bar.finished(1, "a done");
      String s = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(s.contains("] 1.2/4 ") && s.stripTrailing().endsWith("a done"), "a's fraction is replaced by 1: " + s);
      bar.running(2, 0.6, null);
      assertTrue(bytes.toString(StandardCharsets.UTF_8).stripTrailing().endsWith("] 1.6/4  0:00 elapsed  ETA 0:00  a done"),
          "null keeps the last message: " + bytes);
      assertEquals(1, bar.finishedCount());
    }
  }

  @Test
  void predict_and_evaluate_draw_a_bar_over_rows_on_stderr_and_keep_json_on_stdout() throws Exception {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    Path in = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    CliRun p = CliRun.of("predict", model.toString(), "--x", in.toString(), "--progress", "--json");
    assertEquals(0, p.code(), p.err());
    assertTrue(p.err().contains("predict [") && p.err().contains("4/4"), p.err());
    assertEquals(4, JSON.readTree(p.out()).get("outputs").get(0).get("values").size());
    Path y = PredictCommandTest.csv(dir.resolve("y.csv"), null, org.dropout4j.tensor.Tensor.of(
        org.dropout4j.tensor.Shape.of(4, 1), 0f, 1f, 1f, 0f));
    CliRun e = CliRun.of("evaluate", model.toString(), "--x", in.toString(), "--y", y.toString(), "--loss",
        "sparse_categorical_crossentropy", "--progress", "--json");
    assertEquals(0, e.code(), e.err());
    assertTrue(e.err().contains("evaluate [") && e.err().contains("4/4"), e.err());
    assertEquals(4, JSON.readTree(e.out()).get("rows").asInt());
    CliRun quiet = CliRun.of("predict", model.toString(), "--x", in.toString(), "--no-progress");
    assertFalse(quiet.err().contains("predict ["), quiet.err());
  }

  @Test
  void grid_and_circles_bars_move_within_trainings_and_end_at_the_total() throws Exception {
    CliRun g = CliRun.of("grid", "circles", "--rates", "0,0.5", "--repeats", "1", "--epochs", "3", "--progress",
        "--out", dir.resolve("g").toString());
    assertEquals(0, g.code(), g.err());
    assertTrue(g.err().contains("trials [") && g.err().contains("] 2.0/2 "), g.err());
    CliRun c = CliRun.of("circles", "--repeats", "1", "--epochs", "400", "--progress", "--json", "--out",
        dir.resolve("c").toString());
    assertEquals(0, c.code(), c.err());
    assertTrue(c.err().contains("trainings [") && c.err().contains("] 2.0/2 "), c.err());
    assertEquals("circles", JSON.readTree(c.out()).get("study").asText());
  }

  @Test
  void convert_and_bench_draw_their_bars_on_stderr_when_asked() throws Exception {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    CliRun c = CliRun.of("convert", "--input-format", "dropout4j", "--output-format", "tfjs", model.toString(),
        dir.resolve("web").toString(), "--progress");
    assertEquals(0, c.code(), c.err());
    assertTrue(c.err().contains("convert [") && c.err().contains("reading " + model) && c.err().contains("2/2"),
        c.err());
    assertTrue(c.out().startsWith("wrote TF.js Layers model"), c.out());
    CliRun b = CliRun.of("bench", "circles", "--epochs", "3", "--runs", "2", "--warmup", "1", "--no-peer",
        "--progress");
    assertEquals(0, b.code(), b.err());
    assertTrue(b.err().contains("bench [") && b.err().contains("6/6"), "2 rates x (1 warm-up + 2 runs): " + b.err());
    CliRun quiet = CliRun.of("bench", "circles", "--epochs", "3", "--runs", "1", "--warmup", "0", "--no-peer");
    assertFalse(quiet.err().contains("bench ["), quiet.err());
  }

  @Test
  void a_disabled_bar_draws_nothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ProgressLine bar = new ProgressLine("x", 3, false, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      bar.update(3, "done");
    }
    assertEquals(0, bytes.size());
  }

  @Test
  void clock_reads_minutes_and_hours() {
    assertEquals("0:07", ProgressLine.clock(7.2));
    assertEquals("2:05", ProgressLine.clock(125));
    assertEquals("1:00:01", ProgressLine.clock(3601));
  }
}
