package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One spelling per concept: Monte Carlo passes are --passes, one rate --rate, a single output file --output, row
 * counts --train-rows/--test-rows, input arrays --x (and targets --y) in predict, mc-predict, evaluate and fit; old
 * spellings still work as hidden aliases that print a deprecation warning.
 */
class CliSpellingTest {
  @TempDir
  Path dir;

  @Test
  void mc_predict_takes_passes_and_the_old_samples_spelling_alike() throws IOException {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    Path in = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    CliRun passes = CliRun.of("mc-predict", model.toString(), "--x", in.toString(), "--passes", "7", "--seed", "3",
        "--output", dir.resolve("a.csv").toString());
    CliRun samples = CliRun.of("mc-predict", model.toString(), "--x", in.toString(), "--samples", "7", "--seed",
        "3", "--output", dir.resolve("b.csv").toString());
    assertEquals(0, passes.code(), passes.err());
    assertEquals(0, samples.code(), samples.err());
    assertEquals(Files.readString(dir.resolve("a.csv")), Files.readString(dir.resolve("b.csv")));
    assertTrue(samples.err().contains("warning: --samples is deprecated; use --passes"), samples.err());
    assertTrue(!passes.err().contains("deprecated"), passes.err());
  }

  @Test
  void predict_takes_x_and_the_old_input_spelling_alike() throws IOException {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    Path in = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    CliRun now = CliRun.of("predict", model.toString(), "--x", in.toString(), "--output", dir.resolve("a.csv")
        .toString());
    CliRun old = CliRun.of("predict", model.toString(), "--input", in.toString(), "--output", dir.resolve("b.csv")
        .toString());
    assertEquals(0, now.code(), now.err());
    assertEquals(0, old.code(), old.err());
    assertEquals(Files.readString(dir.resolve("a.csv")), Files.readString(dir.resolve("b.csv")));
    assertTrue(old.err().contains("warning: --input is deprecated; use --x"), old.err());
    CliRun none = CliRun.of("mc-predict", model.toString());
    assertEquals(2, none.code());
    assertTrue(none.err().contains("Missing required option: '--x=FILE'"), none.err());
  }

  @Test
  void data_writes_its_file_with_output_and_the_old_out_alike() throws IOException {
    CliRun now = CliRun.of("data", "circles", "--output", dir.resolve("a.csv").toString());
    CliRun old = CliRun.of("data", "circles", "--out", dir.resolve("b.csv").toString());
    assertEquals(0, now.code(), now.err());
    assertEquals(0, old.code(), old.err());
    assertEquals(Files.readString(dir.resolve("a.csv")), Files.readString(dir.resolve("b.csv")));
    assertTrue(old.err().contains("warning: --out is deprecated; use --output"), old.err());
  }

  @Test
  void data_without_an_output_file_is_a_usage_error() {
    CliRun r = CliRun.of("data", "circles");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Missing required option: '--output=<out>'"), r.err());
  }

  @Test
  void help_shows_only_the_current_spellings() {
    String[][] cases = {{"mc-predict", "--passes", "--samples"}, {"uncertainty", "--passes", "--samples"},
        {"compare", "--rate", "--maxnorm"}, {"compare", "--input-rate", "--input-dropout"},
        {"train", "--train-rows", "--limit"}, {"train", "--rate", "--dropout"}, {"data", "--output", "--out="}, {"predict", "--x", "--input"},
        {"mc-predict", "--x", "--input"}};
    for (String[] c : cases) {
      CliRun r = CliRun.of(c[0], "--help");
      assertTrue(r.out().contains(c[1]), c[0] + " help lacks " + c[1] + ": " + r.out());
      assertTrue(!r.out().contains(c[2]), c[0] + " help shows the old " + c[2] + ": " + r.out());
    }
  }

  @Test
  void generate_completion_prints_a_bash_completion_script_for_every_command() {
    CliRun r = CliRun.of("generate-completion");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("complete -F") && r.out().contains("mc-predict") && r.out().contains("circles"),
        r.out().length() > 400 ? r.out().substring(0, 400) : r.out());
  }
}
