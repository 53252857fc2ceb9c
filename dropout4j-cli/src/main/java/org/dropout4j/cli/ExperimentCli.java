package org.dropout4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dropout4j.cli.experiment.EmbeddedEngine;
import org.dropout4j.cli.experiment.EngineProvider;
import org.dropout4j.cli.experiment.ExperimentAnalysis;
import org.dropout4j.cli.experiment.ExperimentReport;
import org.dropout4j.cli.experiment.ExperimentRunner;
import org.dropout4j.cli.experiment.ExperimentSpec;
import org.dropout4j.cli.experiment.OutputLock;
import org.dropout4j.cli.experiment.TrialEngine;
import org.dropout4j.cli.experiment.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What the {@code experiment}, {@code grid} and {@code compare} commands share: run with a progress bar, report. */
final class ExperimentCli {
  private ExperimentCli() {
  }

  /** Options common to the experiment commands. */
  /**
   * The options of the tutorial studies ({@code grid}, {@code compare}): repeats, epochs and the first seed, and
   * the spec tree they start from.
   */
  static final class Study {
    @Option(names = "--repeats", defaultValue = "30", description = "seeds per setting (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--epochs", defaultValue = "4000",
        description = "epochs per training (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "seed of repeat 0 (default: ${DEFAULT-VALUE})")
    long seed;

    /** The tutorial's data, model and training as a spec tree without settings. */
    ObjectNode base(ObjectMapper json, String name, String dataset) {
      ObjectNode root = json.createObjectNode();
      root.put("name", name);
      root.putObject("data").put("dataset", dataset);
      root.putObject("training").put("epochs", epochs);
      root.put("repeats", repeats);
      root.put("seed", seed);
      return root;
    }
  }

  static final class Common {
    @Option(names = "--threads", description = "parallel trainings (default: number of cores)")
    Integer threads;

    @Option(names = "--max-trials", description = "run at most N new trials, then stop; run again to resume")
    Integer maxTrials;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

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

  /** Runs (or resumes) {@code spec} into {@code out}, prints the table and conclusion, writes the report. */
  static int run(ExperimentSpec spec, Path out, Common common) throws IOException, InterruptedException {
    int workers = common.threads != null ? common.threads : Runtime.getRuntime().availableProcessors();
    if (workers < 1) {
      throw new IllegalArgumentException("Invalid value for --threads: expected an integer >= 1, received " + workers);
    }
    if (common.maxTrials != null && common.maxTrials < 0) {
      throw new IllegalArgumentException("Invalid value for --max-trials: expected an integer >= 0, received "
          + common.maxTrials);
    }
    try (OutputLock lock = OutputLock.acquire(out)) {
      return runLocked(spec, out, common, workers);
    }
  }

  private static int runLocked(ExperimentSpec spec, Path out, Common common, int workers)
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

  private static int run(ExperimentSpec spec, Path out, Common common, ExperimentRunner runner, TrialEngine engine,
      int workers, String load) throws IOException, InterruptedException {
    System.out.printf(Locale.ROOT, "%s: %d setting(s) x %d repeat(s) = %d trials, engine %s, load average %s%n",
        spec.name(), spec.settings().size(), spec.repeats(), runner.trials().size(), engine.describe(), load);
    ProgressBar[] bar = new ProgressBar[1];
    ExperimentRunner.Listener listener = new ExperimentRunner.Listener() {
      @Override
      public void started(int total, int alreadyDone) {
        if (alreadyDone > 0) {
          System.out.printf(Locale.ROOT, "resuming: %d of %d trials already done in %s%n", alreadyDone, total, out);
        }
        if (!common.noProgress) {
          bar[0] = new ProgressBarBuilder().setTaskName("trials").setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
              .startsFrom(alreadyDone, Duration.ZERO).setUpdateIntervalMillis(1000).build();
        }
      }

      @Override
      public void finished(TrialResult r) {
        if (bar[0] != null) {
          bar[0].step();
        }
        if (!r.ok()) {
          System.err.printf(Locale.ROOT, "%ntrial %d (%s, seed %d) failed: %s%n", r.trial().index(), r.label(),
              r.trial().seed(), r.failure());
        }
      }
    };
    ExperimentRunner.Outcome outcome;
    try {
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
        + (files.size() - 3) / 2 + " chart(s) (.png and .svg), " + ExperimentRunner.RESULTS_JSONL + ", "
        + ExperimentRunner.TRIALS_DIR + "/");
    if (!outcome.complete()) {
      System.out.println("incomplete: run the same command again to resume");
    }
    return 0;
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
