package org.dropout4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.cli.experiment.EmbeddedEngine;
import org.dropout4j.cli.experiment.EngineProvider;
import org.dropout4j.cli.experiment.ExperimentAnalysis;
import org.dropout4j.cli.experiment.ExperimentReport;
import org.dropout4j.cli.experiment.ExperimentRunner;
import org.dropout4j.cli.experiment.ExperimentSpec;
import org.dropout4j.cli.experiment.OutputLock;
import org.dropout4j.cli.experiment.Trial;
import org.dropout4j.cli.experiment.TrialEngine;
import org.dropout4j.cli.experiment.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What the {@code experiment}, {@code grid} and {@code compare} commands share: run with a progress bar, report. */
final class ExperimentCli {
  private ExperimentCli() {
  }

  /**
   * The options of the tutorial studies ({@code grid}, {@code compare}): the data set, repeats, epochs, the first
   * seed and the output folder, the options of every experiment command ({@link Common}), and the spec tree they
   * start from.
   */
  static final class Study {
    @Parameters(index = "0", paramLabel = "DATASET", description = "circles or moons")
    String dataset;

    @Option(names = "--repeats", defaultValue = "30", description = "seeds per setting (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--epochs", defaultValue = "4000",
        description = "epochs per training (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "seed of repeat 0 (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "output directory (default: runs/${COMMAND-NAME}-DATASET)")
    Path out;

    @Mixin
    Common common = new Common();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The tutorial's data, model and training as a spec tree without settings, named {@code COMMAND-DATASET}. */
    ObjectNode base() {
      // no ObjectMapper for a tree: circles calls checkThreads, and constructing one in this class's static
      // initialiser cost 47 ms of the main thread's CPU before its trainings began
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.put("name", command.name() + "-" + dataset);
      root.putObject("data").put("dataset", dataset);
      root.putObject("training").put("epochs", epochs);
      root.put("repeats", repeats);
      root.put("seed", seed);
      return root;
    }

    /** Runs (or resumes) the study the spec tree describes into {@code --out} and writes its report. */
    int run(JsonNode tree) throws Exception {
      return ExperimentCli.run(ExperimentSpec.fromTree(tree), out, common);
    }
  }

  /** Options common to the experiment commands: where and how many trials run, and the output options. */
  static final class Common {
    @Option(names = "--threads", description = "parallel trainings (default: number of cores)")
    Integer threads;

    @Option(names = "--max-trials", description = "run at most N new trials, then stop; run again to resume")
    Integer maxTrials;

    @Mixin
    CliOutput output = new CliOutput();

    @Option(names = "--engine", paramLabel = "NAME", description = "where trials run: embedded (default, a thread "
        + "pool in this JVM) or spark (Apache Spark, the dropout4j-spark module)")
    String engine = "embedded";

    @Option(names = "--master", paramLabel = "URL", description = "spark engine: local[N], spark://HOST:PORT, yarn or "
        + "k8s://... (default: the spark.master of spark-submit)")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "spark engine: a Spark setting (repeatable), "
        + "e.g. spark.executor.memory=1g")
    List<String> conf = new ArrayList<>();
  }

  /** The engine the options name; the embedded one needs nothing, another is found with its provider. */
  private static TrialEngine engine(Common common, int workers) {
    if (common.engine.equals("embedded")) {
      if (common.master != null || !common.conf.isEmpty()) {
        throw new IllegalArgumentException("--master and --conf are options of --engine spark; the embedded engine "
            + "runs in this JVM (--threads)");
      }
      return new EmbeddedEngine(workers);
    }
    if (common.threads != null) {
      throw new IllegalArgumentException("--threads is an option of the embedded engine; --engine " + common.engine
          + " runs one trial per executor core (e.g. --master 'local[2]')");
    }
    Map<String, String> conf = new LinkedHashMap<>();
    for (String e : common.conf) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Invalid value for --conf: expected KEY=VALUE, received " + e);
      }
      conf.put(e.substring(0, eq), e.substring(eq + 1));
    }
    return EngineProvider.named(common.engine).start(common.master, conf);
  }

  /** The most worker threads of {@code --threads}: {@value} (100,000 threads once took 88 s and 975 MB to start). */
  static final int MAX_THREADS = 256;

  /** Checks a {@code --threads} value. */
  static void checkThreads(int workers) {
    if (workers < 1 || workers > MAX_THREADS) {
      throw new IllegalArgumentException("Invalid value for --threads: expected an integer from 1 to " + MAX_THREADS
          + ", received " + workers);
    }
  }

  /**
   * Runs (or resumes) {@code spec} into {@code out} ({@code runs/<spec name>} if null), prints the table and
   * conclusion, writes the report.
   */
  static int run(ExperimentSpec spec, Path outOrNull, Common common) throws Exception {
    Path out = outOrNull != null ? outOrNull : Path.of("runs", spec.name());
    int workers = common.threads != null ? common.threads
        : Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    checkThreads(workers);
    if (common.maxTrials != null && common.maxTrials < 0) {
      throw new IllegalArgumentException("Invalid value for --max-trials: expected an integer >= 0, received "
          + common.maxTrials);
    }
    return common.output.run(() -> {
      try (OutputLock lock = OutputLock.acquire(out)) {
        return runLocked(spec, out, common, workers);
      }
    });
  }

  private static Map<String, Object> runLocked(ExperimentSpec spec, Path out, Common common, int workers)
      throws IOException, InterruptedException {
    if (!Files.isWritable(out)) {
      throw new IllegalArgumentException("Invalid value for --out: " + out + " is not writable");
    }
    String load = loadAverage();
    ExperimentRunner runner = new ExperimentRunner(spec, out);
    TrialEngine engine = engine(common, workers);
    try {
      return run(spec, out, common, runner, engine, workers, load);
    } finally {
      if (engine instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("warning: stopping " + engine.describe() + " failed: " + e);
        }
      }
    }
  }

  private static Map<String, Object> run(ExperimentSpec spec, Path out, Common common, ExperimentRunner runner,
      TrialEngine engine, int workers, String load) throws IOException, InterruptedException {
    System.out.printf(Locale.ROOT, "%s: %d setting(s) x %d repeat(s) = %d trials, engine %s, load average %s%n",
        spec.name(), spec.settings().size(), spec.repeats(), runner.trials().size(), engine.describe(), load);
    ParallelProgress[] bar = new ParallelProgress[1];
    int[] counts = new int[2]; // trials done (resumed included), total
    ExperimentRunner.Listener listener = new ExperimentRunner.Listener() {
      @Override
      public void started(int total, int alreadyDone) {
        counts[0] = alreadyDone;
        counts[1] = total;
        if (alreadyDone > 0) {
          System.out.printf(Locale.ROOT, "resuming: %d of %d trials already done in %s%n", alreadyDone, total, out);
        }
        bar[0] = new ParallelProgress("trials", total - alreadyDone, common.output.showProgress());
        bar[0].show(null);
      }

      @Override
      public void progress(Trial trial, double fraction, String where) {
        bar[0].running(trial.index(), fraction, where);
      }

      @Override
      public void finished(TrialResult r) {
        synchronized (counts) {
          counts[0]++;
        }
        if (!r.ok()) {
          bar[0].clear();
          System.err.printf(Locale.ROOT, "trial %d (%s, seed %d) failed: %s%n", r.trial().index(), r.label(),
              r.trial().seed(), r.failure());
        }
        bar[0].finished(r.trial().index(), r.label() + " seed " + r.trial().seed() + (r.ok()
            ? String.format(Locale.ROOT, ": test acc %.3f", r.testAccuracy()) : ": failed"));
      }
    };
    ExperimentRunner.Outcome outcome;
    try (Interruption stop = Interruption.onStop(() -> {
      synchronized (counts) {
        return counts[0] + " of " + counts[1] + " trials are saved in " + out.resolve(ExperimentRunner.TRIALS_DIR)
            + " and " + out.resolve(ExperimentRunner.RESULTS_JSONL) + " (no report yet); run the same command "
            + "again to run only the missing trials and write the report";
      }
    })) {
      outcome = runner.run(engine, common.maxTrials == null ? Integer.MAX_VALUE : common.maxTrials, listener);
    } finally {
      if (bar[0] != null) {
        bar[0].close();
      }
    }
    ExperimentAnalysis analysis = new ExperimentAnalysis(spec, outcome.results());
    System.out.println();
    System.out.print(analysis.table());
    System.out.println();
    System.out.println(analysis.conclusion());
    System.out.printf(Locale.ROOT, "%n%d new trial(s) in %.1f s wall (%s); %d of %d trials done%n",
        outcome.results().size() - outcome.resumed(), outcome.seconds(), engine.describe(), outcome.results().size(),
        outcome.total());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("dropout4j", Main.class.getAnnotation(Command.class).version()[0]);
    env.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
        + System.getProperty("java.vendor") + ")");
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    env.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    env.put("engine", engine.describe());
    env.put("load average at start", load);
    env.put("load average at end", loadAverage());
    List<Path> files = ExperimentReport.write(runner, outcome, out, env);
    System.out.println("wrote " + out.resolve(ExperimentReport.HTML) + ", results.csv, results.json, "
        + files.stream().filter(f -> f.toString().endsWith(".png")).count() + " chart(s) (.png, and .svg beside "
        + "the line charts), " + ExperimentRunner.RESULTS_JSONL + ", "
        + ExperimentRunner.TRIALS_DIR + "/");
    if (!outcome.complete()) {
      System.out.println("incomplete: run the same command again to resume");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", spec.name());
    result.put("out", out.toString());
    result.put("trials_total", outcome.total());
    result.put("trials_done", outcome.results().size());
    result.put("trials_new", outcome.results().size() - outcome.resumed());
    result.put("complete", outcome.complete());
    result.put("seconds", outcome.seconds());
    result.put("conclusion", analysis.conclusion());
    result.put("settings", analysis.toMaps());
    result.put("files", files.stream().map(Path::toString).toList());
    result.put("environment", env);
    return result;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
