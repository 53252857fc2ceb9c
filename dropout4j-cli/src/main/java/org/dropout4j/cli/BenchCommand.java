package org.dropout4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dropout4j.cli.bench.PeerResult;
import org.dropout4j.cli.bench.PeerRun;
import org.dropout4j.cli.bench.PythonPeer;
import org.dropout4j.cli.bench.TimingPeerResult;
import org.dropout4j.cli.bench.TrainingPeerResult;
import org.dropout4j.cli.circles.CirclesStudy;
import org.dropout4j.data.Csv;
import org.dropout4j.data.FashionMnist;
import org.dropout4j.data.LabeledImages;
import org.dropout4j.data.ToyDatasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dropout4j bench WORKLOAD}: times a workload in dropout4j and, when a Python with torch is found, the same
 * workload in PyTorch in the same process tree, and prints the ratio.
 *
 * <ul>
 *   <li>{@code circles}: the 4000-epoch circles training (with per-epoch validation), rates 0 and 0.4; each
 *       dropout4j training runs on one thread, as one repeat of a study would. Peer: {@code bench/peers/torch_circles.py}.
 *   <li>{@code fashion-mlp}, {@code fashion-cnn}, {@code fashion-lstm}: the {@code dropout4j train} presets on
 *       Fashion-MNIST, batch 128, trained for {@code --batches} batches after {@code --warmup-batches}, reported as
 *       seconds per 60 000-image epoch (see {@link FashionBench}). Peer: {@code bench/peers/torch_fashion.py} with
 *       {@code --threads 2} and {@code OMP_WAIT_POLICY=PASSIVE} (Debian's torch over-subscribes 2 cores without it).
 * </ul>
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time a workload in dropout4j and in PyTorch (if installed) and print the ratio. Workloads: "
        + "circles (4000-epoch circles trainings), fashion-mlp, fashion-cnn, fashion-lstm (the `train` presets on "
        + "Fashion-MNIST for a fixed number of batches, as seconds per 60k-image epoch), mc-dropout (Monte Carlo "
        + "dropout, T=100 passes over 10,000 inputs, for the circles model and the mlp preset).")
final class BenchCommand extends CliCommand {
  /** Default epochs of a circles training. */
  static final int DEFAULT_CIRCLES_EPOCHS = 4000;
  /** Default timed circles trainings per rate. */
  static final int DEFAULT_CIRCLES_RUNS = 3;
  /** Default untimed circles trainings first. */
  static final int DEFAULT_CIRCLES_WARMUP = 5;
  /** Environment the PyTorch training peer runs with. */
  static final Map<String, String> TRAINING_PEER_ENV = Map.of("OMP_WAIT_POLICY", "PASSIVE");

  @Parameters(index = "0", description = "workload: circles, fashion-mlp, fashion-cnn, fashion-lstm or mc-dropout")
  String workload;

  @Option(names = "--epochs", description = "circles: epochs per training (default: " + DEFAULT_CIRCLES_EPOCHS + ")")
  Integer epochs;

  @Option(names = "--runs", description = "timed runs per model; circles: trainings per rate (default: "
      + DEFAULT_CIRCLES_RUNS + "), fashion-*: timed windows of --batches batches (default: "
      + FashionBench.DEFAULT_RUNS + "), mc-dropout: timed calls per model (default: 3)")
  Integer runs;

  @Option(names = "--inputs", description = "mc-dropout: inputs per call (default: " + McDropoutBench.INPUTS + ")")
  Integer inputs;

  @Option(names = "--passes", description = "mc-dropout: Monte Carlo passes T per call (default: "
      + McDropoutBench.PASSES + ")")
  Integer passes;

  @Option(names = "--warmup",
      description = "circles: untimed dropout4j trainings first, for the JIT (default: " + DEFAULT_CIRCLES_WARMUP
          + "); mc-dropout: untimed calls first, in both frameworks (default: 1)")
  Integer warmup;

  @Option(names = "--batches", description = "fashion-*: timed batches of 128 per run (default: fashion-mlp 300, "
      + "fashion-cnn 40, fashion-lstm 100; at most 468, one epoch)")
  Integer batches;

  @Option(names = "--warmup-batches", description = "fashion-*: untimed batches first, in both frameworks (default: "
      + FashionBench.DEFAULT_WARMUP_BATCHES + ")")
  Integer warmupBatches;

  @Option(names = "--data-dir", description = "fashion-*: directory of the Fashion-MNIST IDX files (default: $"
      + FashionMnist.ENV_VAR + " or " + FashionMnist.DEBIAN_DIRECTORY + ")")
  Path dataDir;

  /** Default seed of the fashion-* trainings. */
  static final long DEFAULT_SEED = 1;

  @Option(names = "--seed", description = "fashion-*: seed of weights, shuffles and dropout masks (default: "
      + DEFAULT_SEED + ")")
  Long seed;

  @Option(names = "--no-peer", description = "skip PyTorch")
  boolean noPeer;

  @Option(names = "--peer-script", description = "PyTorch peer script (default: bench/peers/torch_circles.py or "
      + "bench/peers/torch_fashion.py in the dropout4j directory)")
  Path peerScript;

  @Option(names = "--python", description = "Python interpreter for the peer (default: $" + PythonPeer.ENV_PYTHON
      + ", then " + PythonPeer.SYSTEM_PYTHON + ", then python3 on PATH; the first that imports torch)")
  String python;

  /** What {@code --json} prints: the workload, the machine and each framework's timings. */
  private final Map<String, Object> result = new LinkedHashMap<>();

  /** One step per dropout4j run (warm-up included) and per peer process; set by each workload. */
  private ProgressLine bar = new ProgressLine("bench", 0, false);

  private void steps(int total) {
    bar = new ProgressLine("bench", total, output.showProgress());
    bar.update(0, "dropout4j runs");
  }

  private void step(String message) {
    bar.step(1, message);
  }

  /** Runs the peer, with a bar message while it runs (its timings come when it ends). */
  private <T> T peerStep(Callable<T> run) throws Exception {
    bar.update(bar.done(), "the peer runs (Python)");
    try {
      return run.call();
    } finally {
      step("peer done");
      bar.clear();
    }
  }

  @Override
  Map<String, Object> execute() throws Exception {
    result.put("workload", workload);
    result.put("blas", FashionBench.blasKernel());
    result.put("processors", Runtime.getRuntime().availableProcessors());
    result.put("load_average_at_start", FashionBench.loadAverage());
    try {
      run();
    } finally {
      bar.close();
    }
    result.put("load_average_at_end", FashionBench.loadAverage());
    return result;
  }

  private int run() throws Exception {
    if (workload.equals("circles")) {
      rejectOptions("circles", "--batches", batches, "--warmup-batches", warmupBatches, "--data-dir", dataDir,
          "--seed", seed, "--inputs", inputs, "--passes", passes);
      return circles(orDefault(epochs, DEFAULT_CIRCLES_EPOCHS, "--epochs"), orDefault(runs, DEFAULT_CIRCLES_RUNS,
          "--runs"), orDefault(warmup, DEFAULT_CIRCLES_WARMUP, "--warmup", 0));
    }
    if (workload.equals("mc-dropout")) {
      rejectOptions("mc-dropout", "--epochs", epochs, "--batches", batches, "--warmup-batches", warmupBatches,
          "--data-dir", dataDir);
      return mcDropout(orDefault(inputs, McDropoutBench.INPUTS, "--inputs"), orDefault(passes,
          McDropoutBench.PASSES, "--passes"), orDefault(warmup, 1, "--warmup", 0), orDefault(runs, 3, "--runs"));
    }
    Optional<FashionBench.Workload> fashion = FashionBench.Workload.named(workload);
    if (fashion.isEmpty()) {
      List<String> known = new ArrayList<>(List.of("circles", "mc-dropout"));
      known.addAll(FashionBench.Workload.names());
      throw new IllegalArgumentException("unknown workload '" + workload + "'; expected one of " + known);
    }
    rejectOptions(workload, "--epochs", epochs, "--warmup", warmup, "--inputs", inputs, "--passes", passes);
    FashionBench.Workload w = fashion.get();
    return fashion(w, orDefault(batches, w.defaultBatches, "--batches"), orDefault(warmupBatches,
        FashionBench.DEFAULT_WARMUP_BATCHES, "--warmup-batches", 0), orDefault(runs, FashionBench.DEFAULT_RUNS,
        "--runs"));
  }

  /** {@code value}, or {@code fallback} when it was not given; at least 1. */
  private static int orDefault(Integer value, int fallback, String option) {
    return orDefault(value, fallback, option, 1);
  }

  private static int orDefault(Integer value, int fallback, String option, int min) {
    int v = value == null ? fallback : value;
    if (v < min) {
      throw new IllegalArgumentException("Invalid value for " + option + ": expected an integer >= " + min
          + ", received " + v);
    }
    return v;
  }

  /** Throws when an option of another workload was given; pairs of option name and value (null = not given). */
  private static void rejectOptions(String workloadName, Object... namesAndValues) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        throw new IllegalArgumentException("option " + namesAndValues[i] + " does not apply to workload "
            + workloadName + " (received " + namesAndValues[i] + "=" + namesAndValues[i + 1] + ")");
      }
    }
  }

  private long seed() {
    return seed == null ? DEFAULT_SEED : seed;
  }

  private PythonPeer peer() {
    return python == null ? PythonPeer.fromEnvironment() : PythonPeer.withCandidates(List.of(python));
  }

  /** The peer script, or null after saying that it is missing. */
  private Path existingScript(String defaultName) {
    Path script = script(defaultName);
    if (!Files.isRegularFile(script)) {
      System.out.println("peer unavailable: script " + script + " not found (run from the dropout4j directory or "
          + "pass --peer-script)");
      result.put("peer_status", "unavailable: script " + script + " not found");
      return null;
    }
    return script;
  }

  private Path script(String name) {
    return peerScript != null ? peerScript
        : Path.of(System.getProperty("dropout4j.home", ".")).resolve("bench/peers").resolve(name);
  }

  private int fashion(FashionBench.Workload w, int timedBatches, int warmupCount, int runCount) throws Exception {
    if (timedBatches * FashionBench.BATCH_SIZE > FashionBench.EPOCH_IMAGES) {
      throw new IllegalArgumentException("Invalid value for --batches: expected at most "
          + FashionBench.EPOCH_IMAGES / FashionBench.BATCH_SIZE + " (one epoch of 128-image batches), received "
          + timedBatches);
    }
    Path dir = dataDir != null ? dataDir : FashionMnist.defaultDirectory();
    LabeledImages train = FashionMnist.load(dir).train();
    System.out.printf(Locale.ROOT, "%s: preset %s, batch %d, %d warm-up + %d x %d timed batches; BLAS kernel %s, "
        + "%d processors, load average %s%n", w.benchName, w.preset, FashionBench.BATCH_SIZE, warmupCount, runCount,
        timedBatches, FashionBench.blasKernel(), Runtime.getRuntime().availableProcessors(), FashionBench.loadAverage());
    steps((warmupCount > 0 ? 1 : 0) + runCount + (noPeer ? 0 : 1));
    double[] t = FashionBench.timeDropout4j(w, train, warmupCount, timedBatches, runCount, seed(),
        () -> step("dropout4j " + w.benchName));
    bar.clear();
    double ours = FashionBench.epochSeconds(FashionBench.median(t), timedBatches, FashionBench.BATCH_SIZE);
    System.out.printf(Locale.ROOT, "dropout4j %s: median %.3f s per %d batches (runs: %s) = %.2f s per 60k-image "
        + "epoch%n", w.benchName, FashionBench.median(t), timedBatches, fmt(t), ours);
    result.put("timed_batches", timedBatches);
    result.put("dropout4j", Map.of("seconds_per_run", t, "seconds_per_epoch", ours));
    if (noPeer) {
      return 0;
    }
    Path script = existingScript("torch_fashion.py");
    if (script == null) {
      return 0;
    }
    System.out.println("load average before the peer: " + FashionBench.loadAverage());
    List<String> args = List.of("--workload", w.preset, "--batches", Integer.toString(timedBatches), "--warmup",
        Integer.toString(warmupCount), "--runs", Integer.toString(runCount), "--batch-size",
        Integer.toString(FashionBench.BATCH_SIZE), "--threads", "2", "--data-dir", dir.toString(), "--seed",
        Long.toString(seed()));
    PeerRun<TrainingPeerResult> peer = peerStep(() -> peer().run(script, args, TRAINING_PEER_ENV,
        Duration.ofMinutes(60), PythonPeer::parseTraining));
    if (!peer.ok()) {
      System.out.println(peer.message()); // starts with "peer unavailable:", "peer failed:", "peer timed out"...
      result.put("peer_status", peer.message());
      return 0;
    }
    double[] pt = peer.results().stream().mapToDouble(TrainingPeerResult::seconds).toArray();
    double theirs = FashionBench.epochSeconds(FashionBench.median(pt), timedBatches, FashionBench.BATCH_SIZE);
    TrainingPeerResult first = peer.results().get(0);
    String name = first.peer() + " " + first.version();
    System.out.printf(Locale.ROOT, "%s %s (2 threads, OMP_WAIT_POLICY=PASSIVE): median %.3f s per %d batches "
        + "(runs: %s) = %.2f s per 60k-image epoch; load average after: %s%n", name, w.benchName,
        FashionBench.median(pt), timedBatches, fmt(pt), theirs, FashionBench.loadAverage());
    result.put("peer", Map.of("name", name, "seconds_per_run", pt, "seconds_per_epoch", theirs));
    result.put("dropout4j_over_peer_time", ours / theirs);
    System.out.printf(Locale.ROOT, "%n%-28s %18s%n", "framework", "s / 60k epoch");
    System.out.printf(Locale.ROOT, "%-28s %18.2f%n", name, theirs);
    System.out.printf(Locale.ROOT, "%-28s %18.2f%n", "dropout4j", ours);
    System.out.printf(Locale.ROOT, "dropout4j / %s time: %.2f (%s)%n", first.peer(), ours / theirs,
        ours <= theirs ? String.format(Locale.ROOT, "dropout4j %.2fx faster", theirs / ours)
            : String.format(Locale.ROOT, "%s %.2fx faster", first.peer(), ours / theirs));
    return 0;
  }

  private int mcDropout(int inputCount, int passCount, int warmupCount, int runCount) throws Exception {
    System.out.printf(Locale.ROOT, "mc-dropout: T=%d passes over %d inputs (summaries included), %d warm-up + %d "
        + "timed calls; BLAS kernel %s, %d processors, load average %s%n", passCount, inputCount, warmupCount, runCount, FashionBench.blasKernel(), Runtime.getRuntime().availableProcessors(),
        FashionBench.loadAverage());
    Path script = noPeer ? null : existingScript("torch_mc_dropout.py");
    System.out.printf(Locale.ROOT, "%n%-10s %-24s %28s %12s%n", "model", "framework", "s per call (min/med/max)",
        "peer/ours");
    List<Map<String, Object>> models = new ArrayList<>();
    result.put("inputs", inputCount);
    result.put("passes", passCount);
    result.put("models", models);
    steps(McDropoutBench.Workload.values().length * (warmupCount + runCount + (script == null ? 0 : 1)));
    for (McDropoutBench.Workload w : McDropoutBench.Workload.values()) {
      double[] ours = McDropoutBench.timeDropout4j(w, inputCount, passCount, warmupCount, runCount, seed(),
          () -> step("dropout4j " + w.peerName));
      bar.clear();
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("model", w.peerName);
      model.put("dropout4j_seconds_per_call", ours);
      models.add(model);
      System.out.printf(Locale.ROOT, "%-10s %-24s %28s%n", w.peerName, "dropout4j", McDropoutBench.spread(ours));
      if (script == null) {
        continue;
      }
      List<String> args = List.of("--workload", w.peerName, "--inputs", Integer.toString(inputCount),
          "--passes", Integer.toString(passCount), "--runs", Integer.toString(runCount), "--warmup",
          Integer.toString(warmupCount), "--threads", "2", "--seed", Long.toString(seed()));
      PeerRun<TimingPeerResult> peer = peerStep(() -> peer().run(script, args, TRAINING_PEER_ENV,
          Duration.ofMinutes(60), PythonPeer::parseTimings));
      if (!peer.ok()) {
        System.out.println(peer.message()); // starts with "peer unavailable:", "peer failed:", "peer timed out"...
        result.put("peer_status", peer.message());
        continue;
      }
      double[] theirs = peer.results().stream().mapToDouble(TimingPeerResult::seconds).toArray();
      TimingPeerResult first = peer.results().get(0);
      model.put("peer", first.peer() + " " + first.version());
      model.put("peer_seconds_per_call", theirs);
      model.put("peer_over_dropout4j_time", median(theirs) / median(ours));
      System.out.printf(Locale.ROOT, "%-10s %-24s %28s %11.1fx%n", w.peerName, first.peer() + " " + first.version(),
          McDropoutBench.spread(theirs), median(theirs) / median(ours));
    }
    System.out.println("load average at the end: " + FashionBench.loadAverage());
    return 0;
  }

  private int circles(int epochs, int runs, int warmup) throws Exception {
    System.out.println("BLAS kernel: " + FashionBench.blasKernel());
    float[] rates = {0f, 0.4f};
    double[] ours = new double[rates.length];
    List<Map<String, Object>> byRate = new ArrayList<>();
    result.put("epochs", epochs);
    result.put("rates", byRate);
    steps(rates.length * (warmup + runs) + (noPeer ? 0 : 1));
    for (int i = 0; i < rates.length; i++) {
      CirclesStudy study = new CirclesStudy(epochs, rates[i]);
      CirclesStudy.Variant v = rates[i] == 0f ? CirclesStudy.Variant.A : CirclesStudy.Variant.B;
      for (int w = 0; w < warmup; w++) {
        study.run(v, 999 + w);
        step("dropout4j rate " + rates[i] + " warm-up");
      }
      double[] t = new double[runs];
      CirclesStudy.Run last = null;
      for (int r = 0; r < runs; r++) {
        last = study.run(v, 1000 + r);
        t[r] = last.seconds();
        step("dropout4j rate " + rates[i]);
      }
      bar.clear();
      ours[i] = median(t);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("rate", Double.valueOf(Float.toString(rates[i]))); // 0.4, not 0.4000000059604645
      r.put("dropout4j_seconds_per_training", t);
      byRate.add(r);
      System.out.printf(Locale.ROOT, "dropout4j rate %.1f: median %.3f s per %d-epoch training (runs: %s), "
          + "last run train %.3f / test %.3f%n", rates[i], ours[i], epochs, fmt(t), last.trainAccuracy(),
          last.testAccuracy());
    }
    if (noPeer) {
      return 0;
    }
    Path script = existingScript("torch_circles.py");
    if (script == null) {
      return 0;
    }
    Path data = Files.createTempFile("circles", ".csv");
    try {
      Csv.write(data, ToyDatasets.makeCircles(100, 0.1, 1), List.of("x1", "x2"), "label");
      List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--epochs", Integer.toString(epochs),
          "--runs", Integer.toString(runs), "--rate", "0.0", "0.4", "--threads", "2"));
      PeerRun<PeerResult> peer = peerStep(() -> peer().run(script, args, Duration.ofMinutes(30)));
      if (!peer.ok()) {
        System.out.println(peer.message()); // starts with "peer unavailable:", "peer failed:", "peer timed out"...
        result.put("peer_status", peer.message());
        return 0;
      }
      System.out.printf(Locale.ROOT, "%n%-28s %12s %12s %14s%n", "peer", "rate", "s / run", "peer/dropout4j");
      for (int i = 0; i < rates.length; i++) {
        List<Double> ts = new ArrayList<>();
        String name = "";
        for (PeerResult pr : peer.results()) {
          if (Math.abs(pr.rate() - rates[i]) < 1e-6) {
            ts.add(pr.seconds());
            name = pr.peer() + " " + pr.version();
          }
        }
        if (ts.isEmpty()) {
          continue;
        }
        double med = median(ts.stream().mapToDouble(Double::doubleValue).toArray());
        byRate.get(i).put("peer", name);
        byRate.get(i).put("peer_seconds_per_training", ts);
        byRate.get(i).put("peer_over_dropout4j_time", med / ours[i]);
        System.out.printf(Locale.ROOT, "%-28s %12.1f %12.3f %14s%n", name, rates[i], med, "");
        System.out.printf(Locale.ROOT, "%-28s %12.1f %12.3f %13.1fx%n", "dropout4j", rates[i], ours[i],
            med / ours[i]);
      }
    } finally {
      Files.deleteIfExists(data);
    }
    return 0;
  }

  private static double median(double[] v) {
    return FashionBench.median(v);
  }

  private static String fmt(double[] t) {
    StringBuilder sb = new StringBuilder();
    for (double v : t) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(String.format(Locale.ROOT, "%.3f", v));
    }
    return sb.toString();
  }
}
