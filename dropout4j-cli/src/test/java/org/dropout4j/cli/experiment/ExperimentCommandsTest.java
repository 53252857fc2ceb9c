package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dropout4j.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code experiment}, {@code grid} and {@code compare} commands end to end (in-process, a few epochs). */
class ExperimentCommandsTest {
  @TempDir
  Path dir;

  private static String[] run(Callable<Integer> c) throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = c.call();
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void grid_runs_every_rate_and_writes_the_report() throws Exception {
    Path out = dir.resolve("grid");
    String[] r = run(() -> Main.run("grid", "circles", "--rates", "0,0.5", "--repeats", "2", "--epochs", "2",
        "--no-progress", "--out", out.toString()));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("dropout 0.5") && (r[1].contains("The best setting is") || r[1].contains("No regularized setting beats the baseline")), r[1]);
    assertTrue(Files.exists(out.resolve("report.html")));
    assertEquals(5, Files.readAllLines(out.resolve("results.csv")).size());
  }

  @Test
  void compare_builds_baseline_dropout_and_combined_settings() throws Exception {
    Path out = dir.resolve("cmp");
    String[] r = run(() -> Main.run("compare", "circles", "--baseline", "--rate", "0.4", "--input-rate", "0.2",
        "--max-norm", "3", "--repeats", "1", "--epochs", "1", "--no-progress", "--out", out.toString()));
    assertEquals("0", r[0], r[2]);
    String spec = Files.readString(out.resolve("spec.json"));
    for (String label : new String[] {"no dropout", "dropout 0.4", "dropout 0.4, input 0.2", "dropout 0.4, maxnorm 3",
        "dropout 0.4, input 0.2, maxnorm 3"}) {
      assertTrue(spec.contains("\"" + label + "\""), label + " in " + spec);
    }
  }

  @Test
  void experiment_with_an_invalid_spec_exits_1_naming_the_field() throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, "grid: {dropout_rate: [0, 2]}\n");
    String[] r = run(() -> Main.run("experiment", spec.toString(), "--out", dir.resolve("x").toString()));
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("`grid.dropout_rate[1]`") && r[2].contains("bad.yaml"), r[2]);
  }

  @Test
  void example_circles_specs_are_valid() throws Exception {
    Path examples = Path.of("..", "examples");
    for (String name : new String[] {"circles-dropout-grid.yaml", "circles-regularizers.json"}) {
      ExperimentSpec spec = ExperimentSpec.read(examples.resolve(name));
      assertTrue(spec.settings().size() > 1, name);
    }
  }

  @Test
  void engine_spark_without_the_module_says_how_to_build_it() throws Exception {
    String[] r = run(() -> Main.run("grid", "circles", "--rates", "0", "--epochs", "2", "--no-progress",
        "--out", dir.resolve("s").toString(), "--engine", "spark", "--master", "local[1]"));
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("dropout4j-spark") && r[2].contains("./mvnw -B -q -DskipTests package -pl "
        + "dropout4j-spark -am"), r[2]);
  }

  @Test
  void master_without_engine_spark_is_refused() throws Exception {
    String[] r = run(() -> Main.run("grid", "circles", "--rates", "0", "--epochs", "2", "--no-progress",
        "--out", dir.resolve("m").toString(), "--master", "local[2]"));
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("--master and --conf are options of --engine spark"), r[2]);
  }

  @Test
  void unknown_engine_lists_the_engines() throws Exception {
    String[] r = run(() -> Main.run("grid", "circles", "--rates", "0", "--epochs", "2", "--no-progress",
        "--out", dir.resolve("u").toString(), "--engine", "flink"));
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("expected embedded") && r[2].contains("flink"), r[2]);
  }
}
