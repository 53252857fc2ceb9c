package org.dropout4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dropout4j.cli.Main;
import org.dropout4j.cli.experiment.ExperimentRunner;
import org.dropout4j.cli.experiment.ExperimentSpec;
import org.dropout4j.cli.experiment.TrialResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine on {@code local[2]}: the same records as the embedded engine for a grid over GaussianDropout's
 * rate (addressed by layer name), each trial recorded once, resumable across engines; bad masters fail fast.
 */
class SparkLocalEngineTest {
  private static SparkEngine spark;

  @BeforeAll
  static void start() {
    spark = SparkEngine.start("local[2]", Map.of());
  }

  @AfterAll
  static void stop() {
    spark.close();
  }

  @Test
  void local2_records_equal_the_embedded_engines_for_a_gaussian_dropout_grid(@TempDir Path dir) throws Exception {
    ExperimentSpec spec = SparkSpecs.gaussian("0.0, 0.3, 0.6", 2, 300, 32);
    ExperimentRunner.Outcome embedded = new ExperimentRunner(spec, dir.resolve("embedded"))
        .run(2, Integer.MAX_VALUE, SparkSpecs.QUIET);
    Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
    ExperimentRunner.Outcome onSpark = new ExperimentRunner(spec, dir.resolve("spark")).run(spark, Integer.MAX_VALUE,
        new ExperimentRunner.Listener() {
          @Override
          public void finished(TrialResult r) {
            seen.computeIfAbsent(r.trial().index(), k -> new AtomicInteger()).incrementAndGet();
          }
        });
    assertEquals(6, onSpark.results().size());
    assertEquals(SparkSpecs.outcomes(embedded), SparkSpecs.outcomes(onSpark));
    assertEquals(6, seen.size());
    seen.values().forEach(n -> assertEquals(1, n.get()));
    // the rate reaches the model: rate 0 and rate 0.6 of the same seed train differently
    assertNotEquals(onSpark.results().get(0).history(), onSpark.results().get(2).history());
    // the repeat-0 weights travel back and are saved by the driver, byte for byte as the embedded engine saves them
    for (int i = 0; i < 3; i++) {
      String name = String.format("trial-%05d.d4j", i);
      assertArrayEquals(Files.readAllBytes(dir.resolve("embedded/models").resolve(name)),
          Files.readAllBytes(dir.resolve("spark/models").resolve(name)));
    }
  }

  @Test
  void local2_records_equal_the_embedded_engines_for_data_files(@TempDir Path dir) throws Exception {
    float[] x = new float[40 * 2];
    float[] y = new float[40];
    for (int i = 0; i < 40; i++) {
      x[2 * i] = (float) Math.cos(i * 0.7) * (i % 2 == 0 ? 1f : 0.5f);
      x[2 * i + 1] = (float) Math.sin(i * 0.7) * (i % 2 == 0 ? 1f : 0.5f);
      y[i] = i % 2;
    }
    org.dropout4j.io.NpyFile.write(org.dropout4j.tensor.Tensor.of(org.dropout4j.tensor.Shape.of(40, 2), x),
        dir.resolve("x.npy"));
    org.dropout4j.io.NpyFile.write(org.dropout4j.tensor.Tensor.of(org.dropout4j.tensor.Shape.of(40), y),
        dir.resolve("y.npy"));
    Path file = dir.resolve("spec.yaml");
    Files.writeString(file, """
        name: spark-files
        data: {dataset: files, x_train: x.npy, y_train: y.npy, x_test: x.npy, y_test: y.npy}
        model: {hidden_units: 8}
        training: {epochs: 40, batch_size: 8}
        grid: {dropout_rate: [0.0, 0.5]}
        seed: 2
        """);
    ExperimentSpec spec = ExperimentSpec.read(file);
    ExperimentRunner.Outcome embedded = new ExperimentRunner(spec, dir.resolve("embedded"))
        .run(1, Integer.MAX_VALUE, SparkSpecs.QUIET);
    ExperimentRunner.Outcome onSpark = new ExperimentRunner(spec, dir.resolve("spark"))
        .run(spark, Integer.MAX_VALUE, SparkSpecs.QUIET);
    assertEquals(2, onSpark.results().size());
    assertEquals(SparkSpecs.outcomes(embedded), SparkSpecs.outcomes(onSpark));
  }

  @Test
  void a_run_stopped_on_spark_resumes_on_the_embedded_engine(@TempDir Path dir) throws Exception {
    ExperimentSpec spec = SparkSpecs.gaussian("0.0, 0.4", 2, 100, 16);
    ExperimentRunner.Outcome part = new ExperimentRunner(spec, dir.resolve("r")).run(spark, 3, SparkSpecs.QUIET);
    assertEquals(3, part.results().size());
    ExperimentRunner.Outcome rest = new ExperimentRunner(spec, dir.resolve("r")).run(1, Integer.MAX_VALUE,
        SparkSpecs.QUIET);
    assertEquals(3, rest.resumed());
    ExperimentRunner.Outcome whole = new ExperimentRunner(spec, dir.resolve("w")).run(1, Integer.MAX_VALUE,
        SparkSpecs.QUIET);
    assertEquals(SparkSpecs.outcomes(whole), SparkSpecs.outcomes(rest));
  }

  @Test
  void unreachable_master_fails_within_30_seconds_naming_it() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free now, nobody listens after the close
    }
    String master = "spark://127.0.0.1:" + port;
    long t0 = System.nanoTime();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SparkEngine.start(master, Map.of()));
    assertTrue((System.nanoTime() - t0) / 1e9 < 30);
    assertTrue(e.getMessage().contains("cannot reach the Spark master at " + master), e.getMessage());
  }

  @Test
  void a_listener_that_is_not_a_spark_master_fails_within_30_seconds_naming_it(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("s.json");
    Files.writeString(spec, SparkSpecs.gaussian("0.0", 1, 5, 4).toJson());
    List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread accept = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept()); // accepts and never answers, as a port that is no Spark master's
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      accept.setDaemon(true);
      accept.start();
      // in a JVM of its own: the context that never registers keeps trying in the background until it is stopped
      List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString()));
      cmd.addAll(List.of(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptionArray()));
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "experiment",
          spec.toString(), "--out", dir.resolve("o").toString(), "--no-progress", "--engine", "spark", "--master",
          "spark://127.0.0.1:" + silent.getLocalPort(), "--conf", "spark.dropout4j.masterWaitSeconds=3"));
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(1, p.waitFor(), out);
      assertTrue((System.nanoTime() - t0) / 1e9 < 30, "took " + (System.nanoTime() - t0) / 1e9 + " s");
      assertTrue(out.contains("did not accept the application within 3 s"), out);
    } finally {
      for (java.net.Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void malformed_master_lists_the_accepted_forms() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparkEngine.start("spark:/host", Map.of()));
    assertTrue(e.getMessage().contains("local[N]") && e.getMessage().contains("spark:/host"), e.getMessage());
  }

  @Test
  void cli_engine_spark_with_an_unreachable_master_exits_1_with_the_reason(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("s.json");
    Files.writeString(spec, SparkSpecs.gaussian("0.0", 1, 5, 4).toJson());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int status;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      status = Main.run("experiment", spec.toString(), "--out", dir.resolve("o").toString(), "--no-progress",
          "--engine", "spark", "--master", "spark://127.0.0.1:9");
    } finally {
      System.setErr(old);
    }
    assertEquals(1, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot reach the Spark master"), err.toString());
  }

  @Test
  void cli_out_that_cannot_be_written_fails_before_spark_starts(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("s.json");
    Files.writeString(spec, SparkSpecs.gaussian("0.0", 1, 5, 4).toJson());
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int status;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      status = Main.run("experiment", spec.toString(), "--out", file.resolve("out").toString(), "--no-progress",
          "--engine", "spark", "--master", "local[1]");
    } finally {
      System.setErr(old);
    }
    assertEquals(1, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("a-file"), err.toString());
  }

  @Test
  void task_output_codec_gives_back_the_exact_record_and_weights() throws Exception {
    var t = new org.dropout4j.cli.experiment.Trial(3, 1, 0, 9L);
    // the history comes back bit for bit: -0.0, a subnormal, the last bits of 0.1 + 0.2, a huge value
    Map<String, List<Double>> history = new java.util.LinkedHashMap<>();
    history.put("loss", List.of(0.1 + 0.2, -0.0, Double.MIN_VALUE, 1e308));
    history.put("val_accuracy", List.of(0.5, 0.75, 0.875, 1.0));
    var ok = new org.dropout4j.cli.experiment.TrialEngine.Output(new TrialResult(t, "noise.rate 0.2", null, 0.9,
        0.25, 0.8, 0.5, history, 1.5), new byte[] {1, 2, 3});
    var back = TrialTask.decode(TrialTask.encode(ok));
    assertEquals(ok.result(), back.result());
    assertEquals(ok.result().toMap(), back.result().toMap());
    assertArrayEquals(ok.model(), back.model());
    var failed = new org.dropout4j.cli.experiment.TrialEngine.Output(new TrialResult(t, "x", "loss became NaN",
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(), 0.1), null);
    var failedBack = TrialTask.decode(TrialTask.encode(failed));
    assertEquals(failed.result().toMap(), failedBack.result().toMap());
    assertEquals(null, failedBack.model());
  }

  @Test
  void task_codec_round_trips_a_trial() {
    var t = new org.dropout4j.cli.experiment.Trial(7, 2, 1, 42L);
    assertEquals(t, TrialTask.decodeTrial(TrialTask.encode(t)));
    assertEquals(List.of("7", "2", "1", "42"), List.of(TrialTask.encode(t).split(",")));
  }
}
