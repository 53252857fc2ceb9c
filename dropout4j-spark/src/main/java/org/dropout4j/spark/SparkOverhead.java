package org.dropout4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.dropout4j.cli.ErrorReport;
import org.dropout4j.cli.experiment.EmbeddedEngine;
import org.dropout4j.cli.experiment.ExperimentRunner;
import org.dropout4j.cli.experiment.ExperimentSpec;
import org.dropout4j.cli.experiment.TrialEngine;
import org.dropout4j.cli.experiment.TrialResult;

/**
 * Measures what the Spark engine costs per trial: the same spec on the embedded engine (1 and 2 threads) and on
 * Spark {@code local[1]} and {@code local[2]}, each after a warm-up (JIT, Spark session up), in one JVM, and prints
 * the wall time per trial, the ratios and whether the records are equal.
 *
 * <pre>{@code
 * ./dropout4j spark-overhead examples/circles-gaussian-dropout.yaml [rounds]
 * }</pre>
 */
public final class SparkOverhead {
  private static final ExperimentRunner.Listener QUIET = new ExperimentRunner.Listener() { };

  private SparkOverhead() {
  }

  /**
   * Runs the measurement; {@code args[0]} is a spec file, {@code args[1]} (default 1) how often each timing repeats.
   * Errors are one line (exit code 1; 2 for usage) as the command line's, {@code --debug} adds the stack trace.
   */
  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.err, true), args));
  }

  /** {@link #main} without the exit: returns the exit code, errors printed to {@code err}. */
  static int run(PrintWriter err, String... args) {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean debug = rest.remove("--debug");
    if (rest.size() < 1 || rest.size() > 2 || rest.size() == 2 && !rest.get(1).matches("[1-9][0-9]{0,5}")) {
      err.println("usage: dropout4j spark-overhead SPEC [ROUNDS]"
          + (rest.size() == 2 ? " (ROUNDS: expected an integer from 1 to 999999, received " + rest.get(1) + ")" : ""));
      return ErrorReport.USAGE;
    }
    try {
      run(Path.of(rest.get(0)), rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 1);
      return 0;
    } catch (Exception | OutOfMemoryError e) {
      return ErrorReport.report(e, err, debug);
    }
  }

  private static void run(Path specFile, int rounds) throws IOException, InterruptedException {
    ExperimentSpec spec = ExperimentSpec.read(specFile);
    Path tmp = Files.createTempDirectory("dropout4j-overhead");
    try {
      int trials = spec.settings().size() * spec.repeats();
      System.out.printf(Locale.ROOT, "%s: %d trials of %d epochs, %d cores%n", spec.name(), trials,
          spec.training().epochs(), Runtime.getRuntime().availableProcessors());
      Object reference = null;
      for (int round = 0; round < rounds; round++) {
        double[] embeddedSeconds = new double[3];
        double[] sparkSeconds = new double[3];
        for (int cores : new int[] {2, 1}) {
          double embedded = time(spec, new EmbeddedEngine(cores), tmp, "warm-e" + cores + "-" + round, true);
          embedded = time(spec, new EmbeddedEngine(cores), tmp, "e" + cores + "-" + round, false);
          double spark;
          try (SparkEngine engine = SparkEngine.start("local[" + cores + "]", Map.of())) {
            time(spec, engine, tmp, "warm-s" + cores + "-" + round, true);
            spark = time(spec, engine, tmp, "s" + cores + "-" + round, false);
          }
          embeddedSeconds[cores] = embedded;
          sparkSeconds[cores] = spark;
          System.out.printf(Locale.ROOT, "%d core(s): embedded %.3f s/trial, spark local[%d] %.3f s/trial, "
              + "overhead %+.1f%%%n", cores, embedded / trials, cores, spark / trials, 100 * (spark / embedded - 1));
          Object records = records(tmp.resolve("s" + cores + "-" + round));
          if (reference == null) {
            reference = records(tmp.resolve("e" + cores + "-" + round));
          }
          System.out.println("  records equal to the embedded engine's: " + reference.equals(records));
        }
        System.out.printf(Locale.ROOT, "scaling from 1 to 2 executors (throughput ratio): embedded %.2fx, spark "
            + "%.2fx%n", embeddedSeconds[1] / embeddedSeconds[2], sparkSeconds[1] / sparkSeconds[2]);
      }
    } finally {
      try (Stream<Path> s = Files.walk(tmp)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static double time(ExperimentSpec spec, TrialEngine engine, Path tmp, String name, boolean warmUp)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    new ExperimentRunner(spec, tmp.resolve(name)).run(engine, warmUp ? 4 : Integer.MAX_VALUE, QUIET);
    return (System.nanoTime() - t0) / 1e9;
  }

  private static Object records(Path out) throws IOException, InterruptedException {
    return new ExperimentRunner(ExperimentSpec.readSaved(out.resolve(ExperimentRunner.SPEC_FILE)), out)
        .run(1, 0, QUIET).results().stream().map(TrialResult::outcome).toList();
  }
}
