package org.dropout4j.spark;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.launcher.JavaModuleOptions;
import org.dropout4j.cli.experiment.ExperimentRunner;
import org.dropout4j.cli.experiment.Trial;
import org.dropout4j.cli.experiment.TrialEngine;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * The Apache Spark {@link TrialEngine}: every pending trial is one Spark task. A task carries only the trial
 * ({@code index,setting,repeat,seed}); the spec travels once per job as a broadcast of its canonical JSON, and each
 * executor JVM builds the experiment (data, models) once per spec and caches it ({@link TrialTask}). The driver
 * receives each task's output as soon as it finishes and hands it to the runner, which alone writes the output
 * directory: executors never write there, so {@code --out} only has to be writable by the driver.
 *
 * <p><b>Same records on any engine.</b> A trial is seeded only by its recorded seed and its outcome does not
 * depend on the thread count, so local, standalone, YARN or Kubernetes runs and the embedded engine give equal
 * records (timings aside). A task lost with its executor is re-run by Spark; a trial is recorded once.
 *
 * <p><b>Failures.</b> An unreachable standalone master ({@code spark://host:port}) is reported within
 * {@value #CONNECT_TIMEOUT_MS} ms per master address before a Spark context starts; an address where something
 * listens that does not accept the application (not a Spark master, e.g. its web UI's port) within
 * {@code spark.dropout4j.masterWaitSeconds} (default {@value #DEFAULT_MASTER_WAIT_SECONDS}; Spark itself would try
 * for 60 s) and a cluster that gives the application no executor within {@code spark.dropout4j.executorWaitSeconds}
 * (default {@value #DEFAULT_EXECUTOR_WAIT_SECONDS}) are errors, not hangs.
 *
 * <pre>{@code
 * try (SparkEngine spark = SparkEngine.start("local[2]", Map.of())) {
 *   new ExperimentRunner(spec, out).run(spark, Integer.MAX_VALUE, listener);
 * }
 * }</pre>
 */
public final class SparkEngine implements TrialEngine, AutoCloseable {
  /** Timeout of the TCP check of each standalone master address. */
  public static final int CONNECT_TIMEOUT_MS = 5_000;
  /** Default of {@code spark.dropout4j.masterWaitSeconds}. */
  public static final int DEFAULT_MASTER_WAIT_SECONDS = 20;
  /** Default of {@code spark.dropout4j.executorWaitSeconds}. */
  public static final int DEFAULT_EXECUTOR_WAIT_SECONDS = 60;
  private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,\\s*[1-9][0-9]*)?])?");

  private final JavaSparkContext jsc;
  private final String master;
  private final int executorWaitSeconds;

  private SparkEngine(JavaSparkContext jsc, String master, int executorWaitSeconds) {
    this.jsc = jsc;
    this.master = master;
    this.executorWaitSeconds = executorWaitSeconds;
  }

  /**
   * Starts a Spark application on {@code master}.
   *
   * @param master {@code local}, {@code local[N]}, {@code local[*]}, {@code spark://HOST:PORT[,HOST:PORT...]},
   *     {@code yarn} or {@code k8s://...}; null to take {@code spark.master} from the environment (spark-submit)
   * @param conf more Spark settings ({@code spark.executor.memory}, ...); outside spark-submit, a
   *     {@code spark://} master gets {@code spark.executor.extraClassPath} = this JVM's class path unless given
   *     (the nodes must see the same paths; else submit with spark-submit and {@code --jars})
   * @throws IllegalArgumentException for a master URL of another form
   * @throws IllegalStateException if a standalone master cannot be reached
   */
  public static SparkEngine start(String master, Map<String, String> conf) {
    SparkConf sc = new SparkConf();
    if (master != null) {
      checkMaster(master);
      sc.setMaster(master);
    } else if (!sc.contains("spark.master")) {
      throw new IllegalArgumentException("invalid value for option `--master`: none given and no spark.master set "
          + "(by spark-submit); use local[N], spark://HOST:PORT, yarn or k8s://...");
    }
    String m = sc.get("spark.master");
    if (m.startsWith("spark://")) {
      checkReachable(m);
      if (!conf.containsKey("spark.executor.extraClassPath") && !sc.contains("spark.jars")
          && !sc.contains("spark.executor.extraClassPath")) {
        sc.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
      }
    }
    sc.setIfMissing("spark.app.name", "dropout4j experiment");
    sc.setIfMissing("spark.ui.enabled", "false");
    sc.setIfMissing("spark.executor.defaultJavaOptions", JavaModuleOptions.defaultModuleOptions());
    // a trial is single-threaded: one task per core
    sc.setIfMissing("spark.task.cpus", "1");
    sc.setIfMissing("spark.task.maxFailures", "4");
    conf.forEach(sc::set);
    int wait = sc.getInt("spark.dropout4j.executorWaitSeconds", DEFAULT_EXECUTOR_WAIT_SECONDS);
    JavaSparkContext jsc = m.startsWith("spark://")
        ? startRegistered(sc, m, sc.getInt("spark.dropout4j.masterWaitSeconds", DEFAULT_MASTER_WAIT_SECONDS))
        : new JavaSparkContext(sc);
    jsc.setLogLevel("WARN");
    return new SparkEngine(jsc, m, wait);
  }

  /**
   * Checks the form of a master URL.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  static void checkMaster(String master) {
    if (LOCAL.matcher(master).matches() || master.equals("yarn") || master.startsWith("k8s://")
        || master.matches("spark://[^/,:]+:[0-9]+(,[^/,:]+:[0-9]+)*")) {
      return;
    }
    throw new IllegalArgumentException("invalid value for option `--master`: expected local, local[N], local[*], "
        + "spark://HOST:PORT, yarn or k8s://HOST:PORT, received " + master);
  }

  /** Opens (and closes) a TCP connection to every address of a standalone master URL. */
  static void checkReachable(String master) {
    for (String hp : master.substring("spark://".length()).split(",")) {
      int colon = hp.lastIndexOf(':');
      String host = hp.substring(0, colon);
      int port = Integer.parseInt(hp.substring(colon + 1));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      } catch (IOException e) {
        throw new IllegalStateException("cannot reach the Spark master at " + master + " (" + host + ":" + port
            + ": " + e.getMessage() + "); start it (sbin/start-master.sh) or check --master", e);
      }
    }
  }

  /**
   * Starts a context on a standalone master: its constructor returns once the master accepted the application, or
   * after Spark's own 3 x 20 s of tries. Given up after {@code seconds}; a context that starts later is stopped.
   */
  private static JavaSparkContext startRegistered(SparkConf sc, String master, int seconds) {
    CompletableFuture<JavaSparkContext> started = new CompletableFuture<>();
    Thread starter = new Thread(() -> {
      try {
        JavaSparkContext c = new JavaSparkContext(sc);
        if (!started.complete(c)) {
          c.stop(); // given up on: nobody else will
        }
      } catch (Throwable e) {
        started.completeExceptionally(e);
      }
    }, "dropout4j-spark-start");
    starter.setDaemon(true);
    starter.start();
    try {
      return started.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (!started.completeExceptionally(e)) { // started just now
        return started.join();
      }
      throw new IllegalStateException("the Spark master at " + master + " did not accept the application within "
          + seconds + " s: something listens there, but is it a Spark standalone master (port 7077 by default, not "
          + "its web UI's 8080)? Check --master, or wait longer with --conf spark.dropout4j.masterWaitSeconds=N", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException re ? re : new IllegalStateException("the Spark context did not start "
          + "at " + master + ": " + cause.getMessage(), cause);
    }
  }

  /** The Spark context (for settings and listeners). */
  public JavaSparkContext context() {
    return jsc;
  }

  @Override
  public String describe() {
    return "spark (" + master + ", " + jsc.defaultParallelism() + " cores)";
  }

  @Override
  public void run(ExperimentRunner runner, List<Trial> pending, Sink sink) throws IOException, InterruptedException {
    if (pending.isEmpty()) {
      return;
    }
    awaitExecutors();
    Broadcast<String> spec = jsc.broadcast(runner.spec().toJson());
    List<String> tasks = new ArrayList<>();
    for (Trial t : pending) {
      tasks.add(TrialTask.encode(t));
    }
    JavaRDD<byte[]> outputs = jsc.parallelize(tasks, tasks.size()).map(new TrialTask(spec));
    List<Object> partitions = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      partitions.add(i);
    }
    BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    jsc.setJobDescription(runner.spec().name() + ": " + tasks.size() + " trial(s)");
    SimpleFutureAction<BoxedUnit> job = jsc.sc().submitJob(outputs.rdd(), new FirstOutput(),
        CollectionConverters.asScala(partitions).toSeq(), (index, bytes) -> {
          queue.add(bytes);
          return BoxedUnit.UNIT;
        }, () -> BoxedUnit.UNIT);
    try {
      int received = 0;
      while (received < tasks.size()) {
        byte[] b = queue.poll(200, TimeUnit.MILLISECONDS);
        if (b != null) {
          sink.accept(TrialTask.decode(b));
          received++;
        } else if (job.isCompleted() && queue.isEmpty()) {
          Try<BoxedUnit> v = job.value().get();
          if (v.isFailure()) {
            Throwable e = v.failed().get();
            throw new IllegalStateException("the Spark job failed: " + e.getMessage(), e);
          }
          if (queue.isEmpty()) {
            throw new IllegalStateException("the Spark job ended with " + received + " of " + tasks.size()
                + " trials");
          }
        }
      }
    } catch (IOException | RuntimeException | InterruptedException e) {
      job.cancel();
      throw e;
    } finally {
      spec.destroy();
    }
  }

  /** Waits until the cluster gives the application an executor (non-local masters). */
  private void awaitExecutors() throws InterruptedIOException {
    if (master.startsWith("local")) {
      return;
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(executorWaitSeconds);
    while (jsc.sc().statusTracker().getExecutorInfos().length < 2) { // the driver is listed too
      if (System.nanoTime() > end) {
        throw new IllegalStateException("no Spark executor registered within " + executorWaitSeconds + " s at "
            + master + ": are workers running, with free cores and at least spark.executor.memory="
            + jsc.getConf().get("spark.executor.memory", "1g") + " each? (wait longer with "
            + "--conf spark.dropout4j.executorWaitSeconds=N)");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for Spark executors");
      }
    }
  }

  /** Stops the Spark application. */
  @Override
  public void close() {
    jsc.stop();
  }

  /** Options given as {@code key=value} strings (e.g. from {@code --conf}). */
  public static Map<String, String> parseConf(List<String> entries) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String e : entries) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid value for option `--conf`: expected KEY=VALUE, received " + e);
      }
      m.put(e.substring(0, eq), e.substring(eq + 1));
    }
    return m;
  }

  /** A partition of one trial: its only output. */
  private static final class FirstOutput extends scala.runtime.AbstractFunction1<scala.collection.Iterator<byte[]>,
      byte[]> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] apply(scala.collection.Iterator<byte[]> it) {
      return it.next();
    }
  }
}
