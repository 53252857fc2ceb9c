package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash leaves behind is cleaned up by the next session: stale temporary files, a cut results.jsonl. */
class ResumeRepairTest {
  private static final ExperimentRunner.Listener QUIET = new ExperimentRunner.Listener() { };

  @TempDir
  Path dir;

  @Test
  void resume_removes_stale_temporary_files_and_repairs_a_truncated_results_jsonl() throws Exception {
    ExperimentSpec spec = Specs.tiny(1);
    Path out = dir.resolve("o");
    new ExperimentRunner(spec, out).run(1, Integer.MAX_VALUE, QUIET);
    Path results = out.resolve(ExperimentRunner.RESULTS_JSONL);
    byte[] complete = Files.readAllBytes(results);
    Files.write(results, Arrays.copyOf(complete, complete.length / 2));
    Path[] stale = {out.resolve("trials/.trial-00001.json.123.tmp"), out.resolve(".results.jsonl.9.tmp"),
        out.resolve("models/.trial-00000.d4j77.tmp")};
    for (Path p : stale) {
      Files.writeString(p, "{");
    }
    ExperimentRunner.Outcome again = new ExperimentRunner(spec, out).run(1, Integer.MAX_VALUE, QUIET);
    assertEquals(2, again.resumed());
    assertArrayEquals(complete, Files.readAllBytes(results));
    for (Path p : stale) {
      assertFalse(Files.exists(p), p.toString());
    }
  }

  @Test
  void resume_rebuilds_a_lost_results_jsonl() throws IOException, InterruptedException {
    ExperimentSpec spec = Specs.tiny(1);
    Path out = dir.resolve("o");
    new ExperimentRunner(spec, out).run(1, Integer.MAX_VALUE, QUIET);
    Path results = out.resolve(ExperimentRunner.RESULTS_JSONL);
    byte[] complete = Files.readAllBytes(results);
    Files.delete(results);
    new ExperimentRunner(spec, out).run(1, Integer.MAX_VALUE, QUIET);
    assertArrayEquals(complete, Files.readAllBytes(results));
  }
}
