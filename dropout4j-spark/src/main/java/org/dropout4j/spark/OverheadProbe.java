package org.dropout4j.spark;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dropout4j.cli.experiment.EmbeddedEngine;
import org.dropout4j.cli.experiment.ExperimentRunner;
import org.dropout4j.cli.experiment.ExperimentSpec;
import org.dropout4j.cli.experiment.TrialEngine;
import org.dropout4j.cli.experiment.TrialResult;

/**
 * One timed run of {@link SparkOverhead}, in a JVM of its own (as {@code dropout4j experiment} runs): builds one
 * engine, runs {@value #WARM_UP_TRIALS} trials of the spec to warm up (JIT, Spark session and executors up), then
 * the whole spec into a fresh directory, and prints one line of measures: wall time; the process's CPU time and
 * the part of it on the threads that train trials and on the engine's other Java threads (the rest is the JVM's
 * own: collector and JIT compilers); the collector's count and pauses; and the sum of the trials' own training
 * times (wall, inside the task).
 */
final class OverheadProbe {
  /** Trials run before the timed run. */
  static final int WARM_UP_TRIALS = 4;
  private static final ExperimentRunner.Listener QUIET = new ExperimentRunner.Listener() { };

  /** What one timed run measured; times in seconds. */
  record Measures(int trials, double wall, double cpu, double trialThreadsCpu, double otherThreadsCpu, long gcCount,
      double gcSeconds, double trainingSeconds, double loadBefore, double loadAfter) {
    /** The line {@link #main} prints. */
    String format() {
      return String.format(Locale.ROOT, "measures %d %.6f %.6f %.6f %.6f %d %.6f %.6f %.2f %.2f", trials, wall, cpu,
          trialThreadsCpu, otherThreadsCpu, gcCount, gcSeconds, trainingSeconds, loadBefore, loadAfter);
    }

    /** Reads a line of {@link #format()}; null if it is not one. */
    static Measures parse(String line) {
      String[] f = line.strip().split(" ");
      if (f.length != 11 || !f[0].equals("measures")) {
        return null;
      }
      double[] d = new double[f.length];
      for (int i = 1; i < f.length; i++) {
        d[i] = Double.parseDouble(f[i]);
      }
      return new Measures((int) d[1], d[2], d[3], d[4], d[5], (long) d[6], d[7], d[8], d[9], d[10]);
    }
  }

  private OverheadProbe() {
  }

  /**
   * {@code embedded|spark CORES SPEC OUT}: runs the warm-up into {@code OUT/warm-up}, the timed run into
   * {@code OUT/timed}, and prints its {@link Measures} as one line of standard output.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    boolean spark = args[0].equals("spark");
    int cores = Integer.parseInt(args[1]);
    ExperimentSpec spec = ExperimentSpec.read(Path.of(args[2]));
    Path out = Path.of(args[3]);
    TrialEngine engine = spark ? SparkEngine.start("local[" + cores + "]", Map.of()) : new EmbeddedEngine(cores);
    try {
      new ExperimentRunner(spec, out.resolve("warm-up")).run(engine, WARM_UP_TRIALS, QUIET);
      System.out.println(measure(spec, engine, out.resolve("timed")).format());
    } finally {
      if (engine instanceof SparkEngine s) {
        s.close();
      }
    }
  }

  private static Measures measure(ExperimentSpec spec, TrialEngine engine, Path out)
      throws IOException, InterruptedException {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double load = os.getSystemLoadAverage();
    long gcCount = gcCount();
    long gcMillis = gcMillis();
    ThreadCpu threads = new ThreadCpu();
    long cpu = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    ExperimentRunner.Outcome o;
    try {
      o = new ExperimentRunner(spec, out).run(engine, Integer.MAX_VALUE, QUIET);
    } finally {
      threads.stop();
    }
    long wall = System.nanoTime() - t0;
    cpu = os.getProcessCpuTime() - cpu;
    double training = o.results().stream().mapToDouble(TrialResult::seconds).sum();
    return new Measures(o.results().size(), wall / 1e9, cpu / 1e9, threads.trials / 1e9, threads.others / 1e9,
        gcCount() - gcCount, (gcMillis() - gcMillis) / 1e3, training, load, os.getSystemLoadAverage());
  }

  /**
   * The CPU time of the Java threads during a run, sampled every {@value #SAMPLE_MS} ms so that threads that end
   * (the embedded engine's pool) count too: the threads that run trials (the embedded pool's, Spark's task
   * threads) and all others (Spark's scheduler, RPC and result threads; the driver's loop that saves records).
   * The process time less both is the JVM's own threads: the garbage collector and the JIT compilers.
   */
  private static final class ThreadCpu {
    private static final int SAMPLE_MS = 100;
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> start = new HashMap<>();
    private final Map<Long, Long> last = new HashMap<>();
    private final Set<Long> trialThreads = new HashSet<>();
    private final Thread sampler;
    private volatile boolean running = true;
    long trials;
    long others;

    ThreadCpu() {
      for (long id : mx.getAllThreadIds()) {
        start.put(id, Math.max(0, mx.getThreadCpuTime(id)));
      }
      sampler = new Thread(() -> {
        while (running) {
          sample();
          try {
            Thread.sleep(SAMPLE_MS);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "overhead-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    private synchronized void sample() {
      long self = sampler.getId();
      for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds(), 0)) {
        if (t == null || t.getThreadId() == self) {
          continue;
        }
        long cpu = mx.getThreadCpuTime(t.getThreadId());
        if (cpu >= 0) {
          last.put(t.getThreadId(), cpu);
        }
        String name = t.getThreadName();
        if (name.startsWith("experiment-trial") || name.startsWith("Executor task launch worker")) {
          trialThreads.add(t.getThreadId());
        }
      }
    }

    void stop() throws InterruptedException {
      running = false;
      sampler.interrupt();
      sampler.join();
      sample();
      for (Map.Entry<Long, Long> e : last.entrySet()) {
        long used = e.getValue() - start.getOrDefault(e.getKey(), 0L);
        if (trialThreads.contains(e.getKey())) {
          trials += used;
        } else {
          others += used;
        }
      }
    }
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount)
        .sum();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }
}
