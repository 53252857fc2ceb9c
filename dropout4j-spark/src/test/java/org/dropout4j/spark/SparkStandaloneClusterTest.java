package org.dropout4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.dropout4j.cli.experiment.ExperimentRunner;
import org.dropout4j.cli.experiment.ExperimentSpec;
import org.dropout4j.cli.experiment.TrialResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and two workers (1 core, 512 MB each) started as child JVMs
 * from the Maven-resolved Spark jars on this test's class path (nothing downloaded). A grid runs with
 * {@code spark://127.0.0.1:PORT}; after the first trial finishes one executor JVM is killed with SIGKILL. Every
 * trial must complete exactly once, and the records must equal the embedded engine's (timing aside).
 *
 * <p>Runs with {@code -Pspark-cluster} (as {@code .ci/run} does): {@code ./mvnw -B test -pl dropout4j-spark -am
 * -Pspark-cluster -Dtest='Spark*' -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "dropout4j.spark.cluster", matches = "true")
class SparkStandaloneClusterTest {
  private final List<Process> daemons = new ArrayList<>();

  @AfterEach
  void stopCluster() {
    for (Process p : daemons) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Process daemon(Path dir, String name, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
    cmd.add("-cp");
    // without slf4j-nop, so that the daemons log through Spark's log4j2 into their log files
    cmd.add(String.join(File.pathSeparator, java.util.Arrays.stream(System.getProperty("java.class.path")
        .split(File.pathSeparator)).filter(e -> !e.contains("slf4j-nop")).toList()));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    // the worker builds executor command lines from SPARK_HOME/jars (empty here: the executors get this class path
    // through spark.executor.extraClassPath) and the Scala version
    pb.environment().put("SPARK_HOME", dir.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    daemons.add(p);
    return p;
  }

  private static void awaitPort(int port, Path log) throws Exception {
    long end = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < end) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the Spark master did not listen on " + port + ": " + Files.readString(log));
  }

  @Test
  void killed_executor_loses_no_trial_and_records_equal_the_embedded_engine(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("jars"));
    int port = freePort();
    daemon(dir, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        String.valueOf(port), "--webui-port", String.valueOf(freePort()));
    awaitPort(port, dir.resolve("master.log"));
    String master = "spark://127.0.0.1:" + port;
    List<Process> workers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      Path work = Files.createDirectories(dir.resolve("work-" + w));
      workers.add(daemon(dir, "worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--cores", "1", "--memory", "512m", "--webui-port", String.valueOf(freePort()), "--work-dir",
          work.toString(), master));
    }
    ExperimentSpec spec = SparkSpecs.gaussian("0.0, 0.2, 0.4, 0.6", 4, 600, 64);
    ExperimentRunner.Outcome embedded = new ExperimentRunner(spec, dir.resolve("embedded"))
        .run(2, Integer.MAX_VALUE, SparkSpecs.QUIET);

    Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger doneAtKill = new AtomicInteger(-1);
    AtomicInteger removed = new AtomicInteger();
    ExperimentRunner.Outcome cluster;
    try (SparkEngine spark = SparkEngine.start(master, Map.of("spark.executor.memory", "512m",
        "spark.cores.max", "2", "spark.dropout4j.executorWaitSeconds", "300", "spark.dropout4j.masterWaitSeconds", "300", "spark.driver.host", "127.0.0.1",
        "spark.driver.bindAddress", "127.0.0.1"))) {
      spark.context().sc().addSparkListener(new SparkListener() {
        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
          removed.incrementAndGet();
        }
      });
      cluster = new ExperimentRunner(spec, dir.resolve("cluster")).run(spark, Integer.MAX_VALUE,
          new ExperimentRunner.Listener() {
            @Override
            public void finished(TrialResult r) {
              int n = seen.size();
              seen.computeIfAbsent(r.trial().index(), k -> new AtomicInteger()).incrementAndGet();
              if (!killed.get()) {
                // a worker's only child processes are its executor JVMs
                ProcessHandle executor = workers.get(0).children().filter(ProcessHandle::isAlive).findFirst()
                    .orElse(null);
                if (executor != null && executor.destroyForcibly()) { // SIGKILL
                  killed.set(true);
                  doneAtKill.set(n + 1);
                }
              }
            }
          });
    }
    int total = spec.settings().size() * spec.repeats();
    assertTrue(killed.get(), "no executor JVM was found to kill; see " + dir);
    assertTrue(doneAtKill.get() < total, "the executor was killed after the last trial: " + doneAtKill.get());
    assertTrue(removed.get() >= 1, "Spark did not notice the killed executor");
    assertEquals(total, cluster.results().size());
    assertEquals(total, seen.size());
    seen.forEach((i, n) -> assertEquals(1, n.get(), "trial " + i + " recorded " + n.get() + " times"));
    assertEquals(total, Files.list(dir.resolve("cluster/trials")).count());
    assertEquals(SparkSpecs.outcomes(embedded), SparkSpecs.outcomes(cluster));
    assertTrue(new File(dir.toFile(), "cluster/results.jsonl").length() > 0);
  }
}
