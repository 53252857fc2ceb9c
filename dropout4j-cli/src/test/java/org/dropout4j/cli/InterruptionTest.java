package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped command says what it kept and how to go on. The child JVM gets SIGTERM, which runs the same shutdown hook
 * as Ctrl-C's SIGINT (SIGINT may be ignored by a JVM started from a background job, as under CI).
 */
class InterruptionTest {
  @TempDir
  Path dir;

  @Test
  void a_stopped_experiment_names_the_kept_trials_and_the_resume_command() throws Exception {
    Path out = dir.resolve("grid");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), FaultChild.class.getName(), "cli", "grid", "circles", "--rates",
        "0,0.4", "--repeats", "200", "--epochs", "300", "--threads", "1", "--out", out.toString())
        .redirectErrorStream(true).start();
    Path trials = out.resolve("trials");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (count(trials) < 2 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(p.isAlive(), "the study is still running when stopped");
    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped");
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(text.contains("interrupted: ") && text.contains(" of 400 trials are saved in " + trials)
        && text.contains("run the same command again to run only the missing trials"), text);
    assertFalse(Files.exists(out.resolve("report.html")), "no report before the study ends");
  }

  private static long count(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".json")).count();
    }
  }
}
