package org.dropout4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.dropout4j.cli.ErrorReport;
import org.dropout4j.cli.experiment.ExperimentRunner;
import org.dropout4j.cli.experiment.ExperimentSpec;
import org.dropout4j.cli.experiment.TrialResult;
import org.dropout4j.spark.OverheadProbe.Measures;

/**
 * Measures what the Spark engine costs per trial: the same spec on the embedded engine and on Spark
 * {@code local[N]}, each run in a fresh JVM of its own with this JVM's flags and class path (as
 * {@code dropout4j experiment} runs it), timed after a warm-up with the Spark session up. The engines alternate
 * within each pass (embedded first in odd passes, Spark first in even ones), so a change of machine load hits both
 * about alike; the summary gives, per engine, the minimum, median and maximum over the passes of the wall time per
 * trial and of the process's CPU time per trial (all threads, the collector's included: less sensitive to other
 * processes than the wall time), and the Spark-over-embedded ratio of the runs of the same pass. Every run's
 * records must equal the first's.
 *
 * <pre>{@code
 * ./dropout4j spark-overhead examples/circles-gaussian-dropout.yaml [PASSES] [--cores 2,1]
 * }</pre>
 */
public final class SparkOverhead {
  /** Passes when none are given. */
  static final int DEFAULT_PASSES = 3;
  private static final ExperimentRunner.Listener QUIET = new ExperimentRunner.Listener() { };

  private SparkOverhead() {
  }

  /**
   * Runs the measurement: {@code SPEC [PASSES] [--cores LIST]} (default 3 passes on 2 and 1 cores). Errors are one
   * line (exit code 1; 2 for usage) as the command line's, {@code --debug} adds the stack trace.
   */
  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.err, true), args));
  }

  /** {@link #main} without the exit: returns the exit code, errors printed to {@code err}. */
  static int run(PrintWriter err, String... args) {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean debug = rest.remove("--debug");
    int[] cores = {2, 1};
    int at = rest.indexOf("--cores");
    String usage = "usage: dropout4j spark-overhead SPEC [PASSES] [--cores N[,N...]]";
    if (at >= 0) {
      String list = at + 1 < rest.size() ? rest.get(at + 1) : "";
      if (!list.matches("[1-9][0-9]{0,2}(,[1-9][0-9]{0,2})*")) {
        err.println(usage + " (--cores: expected core counts from 1 to 999 separated by commas, received "
            + (list.isEmpty() ? "nothing" : list) + ")");
        return ErrorReport.USAGE;
      }
      cores = Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
      rest.subList(at, at + 2).clear();
    }
    if (rest.size() < 1 || rest.size() > 2 || rest.size() == 2 && !rest.get(1).matches("[1-9][0-9]{0,2}")) {
      err.println(usage + (rest.size() == 2 ? " (PASSES: expected an integer from 1 to 999, received "
          + rest.get(1) + ")" : ""));
      return ErrorReport.USAGE;
    }
    try {
      run(Path.of(rest.get(0)), rest.size() > 1 ? Integer.parseInt(rest.get(1)) : DEFAULT_PASSES, cores);
      return 0;
    } catch (Exception | OutOfMemoryError e) {
      return ErrorReport.report(e, err, debug);
    }
  }

  private static void run(Path specFile, int passes, int[] cores) throws IOException, InterruptedException {
    ExperimentSpec spec = ExperimentSpec.read(specFile);
    Path tmp = Files.createTempDirectory("dropout4j-overhead");
    try {
      Path saved = tmp.resolve(ExperimentRunner.SPEC_FILE);
      Files.writeString(saved, spec.toJson(), StandardCharsets.UTF_8);
      int trials = spec.settings().size() * spec.repeats();
      System.out.printf(Locale.ROOT, "%s: %d trials of %d epochs, %d cores, %d pass(es), a JVM per run, load "
          + "average %.2f%n", spec.name(), trials, spec.training().epochs(), Runtime.getRuntime().availableProcessors(),
          passes, load());
      Map<String, List<Measures>> byRun = new LinkedHashMap<>();
      Object reference = null;
      int index = 0;
      for (int pass = 0; pass < passes; pass++) {
        for (int c : cores) {
          List<String> engines = pass % 2 == 0 ? List.of("embedded", "spark") : List.of("spark", "embedded");
          for (String engine : engines) {
            Path out = tmp.resolve("run-" + index++);
            Measures m = probe(engine, c, saved, out);
            String name = name(engine, c);
            byRun.computeIfAbsent(name, k -> new ArrayList<>()).add(m);
            Object records = records(out.resolve("timed"));
            if (reference == null) {
              reference = records;
            }
            double n = m.trials();
            double jvm = m.cpu() - m.trialThreadsCpu() - m.otherThreadsCpu();
            System.out.printf(Locale.ROOT, "pass %d %-18s %.3f s/trial wall; CPU s/trial %.3f = trial threads %.3f + "
                    + "other threads %.3f + JVM (collector, JIT) %.3f; per trial %.1f collections, %.3f s paused, "
                    + "%.3f s training (wall, in the task); load %.2f -> %.2f%n", pass + 1, name, m.wall() / n,
                m.cpu() / n, m.trialThreadsCpu() / n, m.otherThreadsCpu() / n, jvm / n, m.gcCount() / n,
                m.gcSeconds() / n, m.trainingSeconds() / n, m.loadBefore(), m.loadAfter());
            if (!reference.equals(records)) {
              throw new IllegalStateException(name + " gave records that differ from the first run's (pass "
                  + (pass + 1) + ")");
            }
          }
        }
      }
      summary(byRun, cores);
    } finally {
      try (Stream<Path> s = Files.walk(tmp)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String name(String engine, int cores) {
    return engine.equals("spark") ? "spark local[" + cores + "]" : "embedded " + cores + " thr.";
  }

  /** Prints min/median/max per engine and of the same-pass ratios. */
  private static void summary(Map<String, List<Measures>> byRun, int[] cores) {
    System.out.println("min / median / max over the passes, seconds per trial:");
    for (Map.Entry<String, List<Measures>> e : byRun.entrySet()) {
      System.out.printf(Locale.ROOT, "  %-18s wall %s, CPU %s%n", e.getKey(),
          spread(e.getValue().stream().mapToDouble(m -> m.wall() / m.trials()).toArray(), "%.3f"),
          spread(e.getValue().stream().mapToDouble(m -> m.cpu() / m.trials()).toArray(), "%.3f"));
    }
    for (int c : cores) {
      List<Measures> e = byRun.get(name("embedded", c));
      List<Measures> s = byRun.get(name("spark", c));
      double[] wall = new double[e.size()];
      double[] cpu = new double[e.size()];
      for (int i = 0; i < wall.length; i++) {
        wall[i] = 100 * (s.get(i).wall() / e.get(i).wall() - 1);
        cpu[i] = 100 * (s.get(i).cpu() / e.get(i).cpu() - 1);
      }
      System.out.printf(Locale.ROOT, "  overhead of spark local[%d] over embedded, same pass: wall %s %%, CPU %s %%%n",
          c, spread(wall, "%+.1f"), spread(cpu, "%+.1f"));
    }
    if (byRun.containsKey(name("embedded", 1)) && byRun.containsKey(name("embedded", 2))) {
      System.out.printf(Locale.ROOT, "  scaling from 1 to 2 (median wall throughput ratio): embedded %.2fx, spark "
          + "%.2fx%n", scaling(byRun, "embedded"), scaling(byRun, "spark"));
    }
    System.out.println("records equal on every engine in every pass: true");
  }

  private static double scaling(Map<String, List<Measures>> byRun, String engine) {
    return median(byRun.get(name(engine, 1)).stream().mapToDouble(Measures::wall).toArray())
        / median(byRun.get(name(engine, 2)).stream().mapToDouble(Measures::wall).toArray());
  }

  /** {@code min / median / max} of the values. */
  static String spread(double[] v, String format) {
    double[] s = v.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, format + " / " + format + " / " + format, s[0], median(s), s[s.length - 1]);
  }

  /** The median (the mean of the middle two for an even count). */
  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** Runs {@link OverheadProbe} in a JVM with this one's flags and class path; its output in {@code out}. */
  private static Measures probe(String engine, int cores, Path spec, Path out) throws IOException,
      InterruptedException {
    Files.createDirectories(out);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OverheadProbe.class.getName(), engine,
        Integer.toString(cores), spec.toString(), out.toString()));
    Path log = out.resolve("probe.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int code;
    try {
      code = p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      throw e;
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    Measures m = null;
    for (int i = lines.size() - 1; i >= 0 && m == null; i--) {
      m = Measures.parse(lines.get(i));
    }
    if (code != 0 || m == null) {
      throw new IllegalStateException("the " + name(engine, cores) + " run failed (exit code " + code + "): "
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }
    return m;
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static Object records(Path out) throws IOException, InterruptedException {
    return new ExperimentRunner(ExperimentSpec.readSaved(out.resolve(ExperimentRunner.SPEC_FILE)), out)
        .run(1, 0, QUIET).results().stream().map(TrialResult::outcome).toList();
  }
}
