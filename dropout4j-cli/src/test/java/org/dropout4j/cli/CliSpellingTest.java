package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One spelling per concept: Monte Carlo passes are --passes (old --samples still accepted); shell completion. */
class CliSpellingTest {
  @TempDir
  Path dir;

  @Test
  void mc_predict_takes_passes_and_the_old_samples_spelling_alike() throws IOException {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    Path in = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    CliRun passes = CliRun.of("mc-predict", model.toString(), "--input", in.toString(), "--passes", "7", "--seed", "3",
        "--output", dir.resolve("a.csv").toString());
    CliRun samples = CliRun.of("mc-predict", model.toString(), "--input", in.toString(), "--samples", "7", "--seed",
        "3", "--output", dir.resolve("b.csv").toString());
    assertEquals(0, passes.code(), passes.err());
    assertEquals(0, samples.code(), samples.err());
    assertEquals(Files.readString(dir.resolve("a.csv")), Files.readString(dir.resolve("b.csv")));
  }

  @Test
  void generate_completion_prints_a_bash_completion_script_for_every_command() {
    CliRun r = CliRun.of("generate-completion");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("complete -F") && r.out().contains("mc-predict") && r.out().contains("circles"),
        r.out().length() > 400 ? r.out().substring(0, 400) : r.out());
  }
}
