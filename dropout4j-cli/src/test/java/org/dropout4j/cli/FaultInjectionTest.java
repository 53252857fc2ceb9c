package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dropout4j.data.AtomicFileSet;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.TfjsLayers;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults: a child JVM killed with SIGKILL at random points of a {@code .d4j} save, a TF.js export and an
 * experiment (in its trials and in its report phase) and of a multi-file set ({@link AtomicFileSet}); then the
 * output is either the previous or the new complete version (never a mix or a partial file under a final name), and a resumed experiment ends byte-identical to an uninterrupted one (timing fields aside).
 * A full disk (a small tmpfs, when running as root; skipped otherwise) gives a clear error and leaves the previous
 * files intact.
 */
class FaultInjectionTest {
  @TempDir
  Path dir;

  private static Process child(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        FaultChild.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /** Starts a writer, waits for its first complete write, lets it run a random while, kills it with SIGKILL. */
  private static void killWhileWriting(SplittableRandom r, String... args) throws Exception {
    Process p = child(args);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertEquals("ready", line, "the writer failed to start");
      Thread.sleep(r.nextInt(10, 400));
    } finally {
      p.destroyForcibly(); // SIGKILL on Linux and macOS
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static final Tensor X = Tensor.full(org.dropout4j.tensor.Shape.of(1, 2048), 1f);

  /** Which of the two models of FaultChild a loaded model is (1 or 2); fails if it is neither. */
  private static int which(Sequential loaded) {
    float[] y = loaded.predict(X).toArray();
    for (int seed = 1; seed <= 2; seed++) {
      if (java.util.Arrays.equals(y, FaultChild.model(seed).predict(X).toArray())) {
        return seed;
      }
    }
    throw new AssertionError("the loaded model is neither of the two written models: a mix of two versions");
  }

  private static List<String> hiddenTemporaries(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && n.endsWith(".tmp")).toList();
    }
  }

  @Test
  void d4j_save_killed_at_random_points_leaves_a_complete_model() throws Exception {
    SplittableRandom r = new SplittableRandom(3);
    Path f = dir.resolve("m.d4j");
    for (int k = 0; k < 1; k++) {
      killWhileWriting(r, "d4j", f.toString());
      which(ModelArchive.load(f));
    }
  }

  @Test
  void tfjs_export_killed_at_random_points_never_mixes_two_models() throws Exception {
    SplittableRandom r = new SplittableRandom(5);
    Path web = dir.resolve("web");
    for (int k = 0; k < 1; k++) {
      killWhileWriting(r, "tfjs", web.toString());
      if (!Files.exists(web)) {
        // killed between moving the old export aside and the new one into place: the old one is kept aside
        assertFalse(hiddenTemporaries(dir).isEmpty());
        continue;
      }
      which(TfjsLayers.load(web));
    }
  }

  /** The report files a folder holds, among {@code names}. */
  private static List<String> present(Path folder, List<String> names) {
    return names.stream().filter(n -> Files.exists(folder.resolve(n))).toList();
  }

  @Test
  void file_set_killed_at_random_points_is_one_whole_generation_after_recovery() throws Exception {
    SplittableRandom r = new SplittableRandom(11);
    Path out = dir.resolve("set");
    for (int k = 0; k < 3; k++) {
      killWhileWriting(r, "fileset", out.toString());
      AtomicFileSet.recover(out, "report");
      byte g = Files.readAllBytes(out.resolve("a.bin"))[0];
      List<String> expected = FaultChild.fileSetNames(g);
      assertEquals(expected, present(out, List.of("a.bin", "b.bin", "c.bin", "d.bin", "e.bin", "f.bin", "odd.bin")),
          "the files of generation " + g + " only");
      for (String n : expected) {
        byte[] b = Files.readAllBytes(out.resolve(n));
        assertEquals(256 << 10, b.length, n + " is partial");
        assertTrue(b[0] == g && b[b.length - 1] == g, n + " is of another generation than a.bin (" + g + ")");
      }
      assertEquals(List.of(), hiddenTemporaries(out));
      assertFalse(Files.exists(out.resolve(".report.commit")));
    }
  }

  private static final String SPEC = """
      name: fault
      data: {dataset: circles, n_samples: 24, noise: 0.1, random_state: 1, train_rows: 12}
      model: {hidden_units: 4}
      training: {epochs: 12, batch_size: 4}
      grid: {dropout_rate: [0, 0.25, 0.5]}
      repeats: 2
      seed: 3
      """;

  /** results.jsonl without its timing fields. */
  private static List<String> withoutTimings(Path results) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(results)) {
      out.add(line.replaceAll(",?\"seconds\":[^,}]+", ""));
    }
    return out;
  }

  @Test
  void experiment_killed_and_resumed_ends_like_an_uninterrupted_run() throws Exception {
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, SPEC);
    Path clean = dir.resolve("clean");
    assertEquals(0, CliRun.of("experiment", spec.toString(), "--out", clean.toString(), "--no-progress",
        "--threads", "1").code(), "uninterrupted run failed");
    Path out = dir.resolve("killed");
    Process p = child("cli", "experiment", spec.toString(), "--out", out.toString(), "--no-progress", "--threads",
        "1");
    Thread.sleep(new SplittableRandom(9).nextInt(1200, 2500));
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
    Process resume = child("cli", "experiment", spec.toString(), "--out", out.toString(), "--no-progress",
        "--threads", "1");
    assertTrue(resume.waitFor(120, TimeUnit.SECONDS) && resume.exitValue() == 0,
        "resume failed: " + new String(resume.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(withoutTimings(clean.resolve("results.jsonl")), withoutTimings(out.resolve("results.jsonl")));
    assertEquals(List.of(), hiddenTemporaries(out));
    assertEquals(List.of(), hiddenTemporaries(out.resolve("trials")));
  }

  /** Whether a report file exists in {@code out}, or in a hidden staging folder of it. */
  private static boolean reportStarted(Path out, List<String> report) throws IOException {
    if (!Files.isDirectory(out)) {
      return false;
    }
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (report.contains(n)) {
          return true;
        }
        if (n.startsWith(".report.") && Files.isDirectory(p)) {
          try (Stream<Path> staged = Files.list(p)) {
            if (staged.findAny().isPresent()) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** A CSV's lines without their last column (results.csv ends with the timing column, seconds). */
  private static List<String> withoutLastColumn(Path csv) throws IOException {
    return Files.readAllLines(csv).stream().map(l -> l.substring(0, Math.max(0, l.lastIndexOf(',')))).toList();
  }

  @Test
  void experiment_killed_while_writing_its_report_leaves_no_mix_of_report_files() throws Exception {
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, SPEC);
    Path clean = dir.resolve("clean");
    assertEquals(0, CliRun.of("experiment", spec.toString(), "--out", clean.toString(), "--no-progress",
        "--threads", "1").code(), "uninterrupted run failed");
    List<String> report;
    try (Stream<Path> s = Files.list(clean)) {
      report = s.map(p -> p.getFileName().toString()).filter(n -> n.matches(".*\\.(png|svg|html|csv)|results\\.json"))
          .sorted().toList();
    }
    assertTrue(report.size() > 5 && report.contains("report.html"), report.toString());
    SplittableRandom r = new SplittableRandom(13);
    for (int k = 0; k < 2; k++) {
      Path out = dir.resolve("killed" + k);
      Process p = child("cli", "experiment", spec.toString(), "--out", out.toString(), "--no-progress",
          "--threads", "1");
      try {
        // kill once the report's first file exists, under its final name or in a hidden staging folder
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!reportStarted(out, report)) {
          assertTrue(p.isAlive() && System.nanoTime() < deadline, "the experiment ended before its report");
          Thread.sleep(2);
        }
        Thread.sleep(r.nextInt(0, 150));
      } finally {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
      org.dropout4j.cli.experiment.ExperimentReport.recover(out); // what the next command on this --out does first
      List<String> found = present(out, report);
      assertTrue(found.isEmpty() || found.equals(report), "a report cut short left " + found + " of " + report);
      assertEquals(List.of(), hiddenTemporaries(out));
      if (found.equals(report)) {
        assertEquals(withoutLastColumn(clean.resolve("results.csv")), withoutLastColumn(out.resolve("results.csv")),
            "the report's results.csv differs from an uninterrupted run's (timings aside)");
      }
    }
  }

  /** A tmpfs of {@code kib} KiB at {@code mount}, or the test is skipped (not root, or no mount allowed). */
  private static void mountTmpfs(Path mount, int kib) throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "full-disk tests need root (tmpfs)");
    Files.createDirectories(mount);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    Assumptions.assumeTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "cannot mount a tmpfs here");
  }

  private static void unmount(Path mount) throws Exception {
    new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(20, TimeUnit.SECONDS);
  }

  private static void fill(Path disk) throws IOException {
    try (var out = Files.newOutputStream(disk.resolve("filler"))) {
      byte[] block = new byte[4096];
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // the disk is full
    }
  }

  @Test
  void full_disk_during_each_output_phase_gives_a_clear_error_and_keeps_the_previous_files() throws Exception {
    Path disk = dir.resolve("disk");
    mountTmpfs(disk, 1024);
    try {
      Sequential small = new Sequential(new org.dropout4j.layers.Dense(2));
      small.build(org.dropout4j.tensor.Shape.of(-1, 2));
      Path d4j = disk.resolve("m.d4j");
      ModelArchive.save(small, d4j);
      byte[] before = Files.readAllBytes(d4j);
      Path web = disk.resolve("web");
      TfjsLayers.export(small, web);
      byte[] webBefore = Files.readAllBytes(web.resolve("model.json"));
      Path spec = dir.resolve("spec.yaml");
      Files.writeString(spec, SPEC.replace("repeats: 2", "repeats: 1").replace("epochs: 30", "epochs: 2"));
      fill(disk);
      Sequential big = FaultChild.model(1);
      IOException e = assertThrows(IOException.class, () -> ModelArchive.save(big, d4j));
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
      assertArrayEquals(before, Files.readAllBytes(d4j));
      assertThrows(IOException.class, () -> TfjsLayers.export(big, web));
      assertArrayEquals(webBefore, Files.readAllBytes(web.resolve("model.json")));
      CliRun run = CliRun.of("experiment", spec.toString(), "--out", disk.resolve("exp").toString(),
          "--no-progress");
      assertEquals(1, run.code(), run.err());
      assertTrue(run.err().startsWith("error: ") && run.err().contains("No space left on device"), run.err());
      assertFalse(run.err().contains("\tat "), run.err());
      assertEquals(List.of(), hiddenTemporaries(disk));
    } finally {
      unmount(disk);
    }
  }
}
