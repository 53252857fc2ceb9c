package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dropout4j.cli.experiment.OutputLock;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's one error path on hostile or mistaken input: one line {@code error: ...} naming the file and what was
 * expected versus found, exit code 1 (bad input) or 2 (usage), no stack trace unless {@code --debug}.
 */
class HostileInputCliTest {
  @TempDir
  Path dir;

  /** One error line, exit code 1, no trace. */
  private static String failsWithOneLine(CliRun r) {
    assertEquals(1, r.code(), r.err());
    String[] lines = r.err().strip().split("\n");
    assertTrue(lines[0].startsWith("error: "), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace without --debug: " + r.err());
    return lines[0];
  }

  private static void assertMentions(String line, String... parts) {
    for (String p : parts) {
      assertTrue(line.contains(p), "expected \"" + p + "\" in: " + line);
    }
  }

  private Path model() throws IOException {
    Sequential m = new Sequential(new Dense(4, "relu"), new Dropout(0.5f), new Dense(2));
    m.build(Shape.of(-1, 3));
    Path f = dir.resolve("m.d4j");
    ModelArchive.save(m, f);
    return f;
  }

  private Path spec(String text) throws IOException {
    Path f = dir.resolve("spec.yaml");
    Files.writeString(f, text);
    return f;
  }

  private static final String TINY = """
      name: tiny
      data: {dataset: circles, n_samples: 24, noise: 0.1, random_state: 1, train_rows: 12}
      model: {hidden_units: 4}
      training: {epochs: 2, batch_size: 4}
      grid: {dropout_rate: [0, 0.5]}
      repeats: 1
      seed: 11
      """;

  @Test
  void invalid_utf8_in_a_csv_input_names_the_file_and_the_byte_offset() throws IOException {
    Path csv = dir.resolve("x.csv");
    Files.write(csv, new byte[] {'1', ',', '2', ',', (byte) 0xff, '\n'});
    String line = failsWithOneLine(CliRun.of("predict", model().toString(), "--x", csv.toString()));
    assertMentions(line, "x.csv", "invalid UTF-8 at byte offset 4");
  }

  @Test
  void java_float_suffixes_are_not_numbers_in_a_csv() throws IOException {
    Path csv = dir.resolve("x.csv");
    Files.writeString(csv, "a,b,c\n1.5f,2,3\n");
    String line = failsWithOneLine(CliRun.of("predict", model().toString(), "--x", csv.toString()));
    assertMentions(line, "x.csv", "line 2", "'1.5f' is not a number");
  }

  @Test
  void a_typo_in_the_first_data_row_is_not_taken_for_a_header() throws IOException {
    Path csv = dir.resolve("x.csv");
    Files.writeString(csv, "1,2.x,3\n4,5,6\n");
    String line = failsWithOneLine(CliRun.of("predict", model().toString(), "--x", csv.toString()));
    assertMentions(line, "x.csv", "line 1", "'2.x' is not a number");
  }

  @Test
  void debug_adds_the_stack_trace() throws IOException {
    Path csv = dir.resolve("x.csv");
    Files.writeString(csv, "1,2.x,3\n");
    CliRun r = CliRun.of("--debug", "predict", model().toString(), "--x", csv.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  @Test
  void mc_predict_with_two_billion_samples_is_refused_in_one_line() throws IOException {
    Path csv = dir.resolve("x.csv");
    Files.writeString(csv, "1,2,3\n4,5,6\n");
    String line = failsWithOneLine(CliRun.of("mc-predict", model().toString(), "--x", csv.toString(),
        "--passes", "2000000000"));
    assertMentions(line, "samples", "2000000000");
  }

  @Test
  void a_missing_model_file_is_named() {
    String line = failsWithOneLine(CliRun.of("predict", dir.resolve("nope.d4j").toString(), "--x", "x.csv"));
    assertMentions(line, "nope.d4j");
  }

  @Test
  void an_unknown_option_is_a_usage_error() {
    assertEquals(2, CliRun.of("predict", "--no-such-option").code());
  }

  @Test
  void out_pointing_at_a_file_says_so() throws IOException {
    Path file = dir.resolve("taken");
    Files.writeString(file, "x");
    String line = failsWithOneLine(CliRun.of("experiment", spec(TINY).toString(), "--out", file.toString(),
        "--no-progress"));
    assertMentions(line, "taken", "must be a folder");
  }

  @Test
  void a_spec_name_that_is_a_path_is_refused() throws IOException {
    String line = failsWithOneLine(CliRun.of("experiment", spec(TINY.replace("name: tiny", "name: ../../x"))
        .toString(), "--no-progress"));
    assertMentions(line, "`name`", "plain name", "../../x");
    assertFalse(Files.exists(dir.resolve("x")));
  }

  @Test
  void an_empty_spec_is_refused_not_run_with_defaults() throws IOException {
    String line = failsWithOneLine(CliRun.of("experiment", spec("").toString(), "--out",
        dir.resolve("o").toString(), "--no-progress"));
    assertMentions(line, "spec.yaml", "empty");
  }

  @Test
  void spec_values_valid_as_doubles_but_not_as_floats_are_refused() throws IOException {
    for (String[] c : new String[][] {{"dropout_rate: [0, 0.5]", "dropout_rate: [0, 0.99999999]", "dropout_rate"},
        {"dropout_rate: [0, 0.5]", "dropout_rate: [0], max_norm: [1e300]", "max_norm"},
        {"training: {epochs: 2, batch_size: 4}", "training: {epochs: 2, batch_size: 4, learning_rate: 1e-320}",
            "learning_rate"}}) {
      String line = failsWithOneLine(CliRun.of("experiment", spec(TINY.replace(c[0], c[1])).toString(), "--out",
          dir.resolve("o").toString(), "--no-progress"));
      assertMentions(line, c[2], "float32");
    }
  }

  @Test
  void a_trial_record_with_invalid_utf8_stops_a_resume_naming_it_and_the_byte_offset() throws IOException {
    Path out = dir.resolve("o");
    assertEquals(0, CliRun.of("experiment", spec(TINY).toString(), "--out", out.toString(), "--no-progress").code());
    Path record = out.resolve("trials").resolve("trial-00000.json");
    byte[] b = Files.readAllBytes(record);
    b[1] = (byte) 0xfe;
    Files.write(record, b);
    String line = failsWithOneLine(CliRun.of("experiment", spec(TINY).toString(), "--out", out.toString(),
        "--no-progress"));
    assertMentions(line, record.toString(), "invalid UTF-8 at byte offset 1 (byte 0xfe)");
  }

  @Test
  void spec_values_that_change_as_floats_are_echoed_as_written() throws IOException {
    for (String[] c : new String[][] {
        {"dropout_rate: [0, 0.5]", "dropout_rate: [0, 0.99999999]", "received 0.99999999, which rounds to 1.0 as float32"},
        {"dropout_rate: [0, 0.5]", "dropout_rate: [0], max_norm: [1e300]", "received 1e300, which rounds to Infinity"},
        {"training: {epochs: 2, batch_size: 4}", "training: {epochs: 2, batch_size: 4, learning_rate: 1e-320}",
            "received 1e-320, which rounds to 0.0 as float32"}}) {
      String line = failsWithOneLine(CliRun.of("experiment", spec(TINY.replace(c[0], c[1])).toString(), "--out",
          dir.resolve("o").toString(), "--no-progress"));
      assertMentions(line, c[2]);
    }
  }

  /** A usage error: exit code 2, its first line names the option, what was expected and the value as typed. */
  private static String usageError(CliRun r) {
    assertEquals(2, r.code(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    return r.err().strip().split("\n")[0];
  }

  @Test
  void option_values_valid_as_doubles_but_not_as_floats_are_refused_as_typed() {
    assertMentions(usageError(CliRun.of("circles", "--rate", "0.99999999", "--no-progress")), "'--rate'",
        "expected a float in [0, 1)", "received 0.99999999, which rounds to 1.0 as float32");
    assertMentions(usageError(CliRun.of("grid", "circles", "--rates", "0,0.99999999", "--no-progress")),
        "'--rates'", "received 0.99999999, which rounds to 1.0 as float32");
    assertMentions(usageError(CliRun.of("compare", "circles", "--rate", "0.5", "--max-norm", "1e300")),
        "'--max-norm'", "received 1e300, which rounds to Infinity as float32");
    assertMentions(usageError(CliRun.of("train", "--rate", "0.99999999")), "'--rate'", "received 0.99999999");
    assertMentions(usageError(CliRun.of("uncertainty", "circles", "--rate", "1e300")), "'--rate'", "'1e300'",
        "rounds to Infinity as float32");
    assertMentions(usageError(CliRun.of("circles", "--rate", "1e-320")), "'1e-320'", "rounds to 0.0 as float32");
    // in a list, the element that fails is echoed, not another one equal to it as a float (0 and 1e-320 are 0.0f)
    assertMentions(usageError(CliRun.of("grid", "circles", "--rates", "0,1e-320", "--no-progress")), "'--rates'",
        "received 1e-320, which rounds to 0.0 as float32");
  }

  @Test
  void a_learning_rate_that_is_zero_as_a_float_is_refused_before_the_model_is_read() throws IOException {
    assertMentions(usageError(CliRun.of("fit", model().toString(), "--x", "x.npy", "--y", "y.npy",
        "--learning-rate", "1e-320")), "'--learning-rate'", "received 1e-320, which rounds to 0.0 as float32");
  }

  @Test
  void java_number_spellings_are_not_option_values() {
    for (String v : new String[] {"1.5f", "0x1p-2", "NaN", "Infinity", "0.5d"}) {
      assertMentions(usageError(CliRun.of("circles", "--rate", v)), "'--rate'", "'" + v + "' is not a decimal "
          + "number");
    }
  }

  @Test
  void a_spec_with_a_hundred_million_trials_is_refused_at_once() throws IOException {
    StringBuilder rates = new StringBuilder("[0");
    for (int i = 1; i < 1000; i++) {
      rates.append(", 0.").append(String.format("%03d", i));
    }
    String huge = TINY.replace("[0, 0.5]", rates + "]").replace("repeats: 1", "repeats: 100000");
    String line = failsWithOneLine(CliRun.of("experiment", spec(huge).toString(), "--out",
        dir.resolve("o").toString(), "--no-progress"));
    assertMentions(line, "repeats", "1000000 trials", "100000000");
  }

  @Test
  void a_second_run_on_a_locked_out_folder_is_refused_naming_the_holder() throws IOException {
    Path out = dir.resolve("o");
    try (OutputLock held = OutputLock.acquire(out)) {
      String line = failsWithOneLine(CliRun.of("experiment", spec(TINY).toString(), "--out", out.toString(),
          "--no-progress"));
      assertMentions(line, "in use by another run", "pid " + ProcessHandle.current().pid());
    }
    assertFalse(Files.exists(out.resolve("spec.json")), "the refused run wrote nothing");
  }

  @Test
  void train_batch_size_zero_is_a_usage_error_not_a_division_by_zero() {
    assertMentions(usageError(CliRun.of("train", "--batch-size", "0", "--data-dir", dir.toString())),
        "'--batch-size'", "expected an integer >= 1, received 0");
  }

  @Test
  void a_hundred_thousand_threads_are_refused_before_any_is_started() throws IOException {
    assertMentions(failsWithOneLine(CliRun.of("circles", "--threads", "100000", "--epochs", "1", "--no-progress")),
        "--threads", "from 1 to 256", "100000");
    assertMentions(failsWithOneLine(CliRun.of("experiment", spec(TINY).toString(), "--threads", "100000", "--out",
        dir.resolve("o").toString(), "--no-progress")), "--threads", "100000");
  }

  @Test
  void an_uncertainty_grid_extent_that_is_infinite_as_a_float_is_refused() {
    assertMentions(usageError(CliRun.of("uncertainty", "circles", "--extent", "1e300")), "'--extent'",
        "received 1e300, which rounds to Infinity as float32");
  }

  @Test
  void two_billion_data_points_are_refused_before_they_are_allocated() {
    assertMentions(usageError(CliRun.of("data", "circles", "--samples", "2000000000", "--output",
        dir.resolve("d.csv").toString())), "'--samples'", "received 2000000000");
  }

  @Test
  void a_spec_key_given_twice_is_refused() throws IOException {
    assertMentions(failsWithOneLine(CliRun.of("experiment", spec(TINY + "seed: 12\n").toString(), "--out",
        dir.resolve("o").toString(), "--no-progress")), "spec.yaml", "Duplicate field 'seed'");
  }

  @Test
  void a_yaml_syntax_error_is_one_line_with_its_position() throws IOException {
    String line = failsWithOneLine(CliRun.of("experiment", spec("name: x\ndata\n  - y: [\n").toString(), "--out",
        dir.resolve("o").toString(), "--no-progress"));
    assertMentions(line, "spec.yaml", "invalid YAML", "(line ");
  }

  @Test
  void a_csv_line_of_more_than_16_million_fields_is_refused_and_long_values_are_not_echoed() throws IOException {
    Path wide = dir.resolve("wide.csv");
    Files.writeString(wide, "1,".repeat(1 << 24) + "1\n");
    assertMentions(failsWithOneLine(CliRun.of("predict", model().toString(), "--x", wide.toString())),
        "wide.csv line 1", "more than 16777216 comma-separated fields");
    Path longField = dir.resolve("long.csv");
    Files.writeString(longField, "1,2,3\n1,2," + "x".repeat(1 << 20) + "\n");
    String line = failsWithOneLine(CliRun.of("predict", model().toString(), "--x", longField.toString()));
    assertMentions(line, "long.csv line 2", "(1048576 characters)' is not a number");
    assertTrue(line.length() < 300, line);
  }
}
