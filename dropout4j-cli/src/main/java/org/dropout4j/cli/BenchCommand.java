package org.dropout4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dropout4j.cli.bench.PeerResult;
import org.dropout4j.cli.bench.PeerRun;
import org.dropout4j.cli.bench.PythonPeer;
import org.dropout4j.cli.circles.CirclesStudy;
import org.dropout4j.data.Csv;
import org.dropout4j.data.ToyDatasets;
import org.dropout4j.tensor.blas.Blas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dropout4j bench circles}: times the 4000-epoch circles training (with per-epoch validation) in dropout4j
 * and, when a Python with torch is found, the same workload in PyTorch in the same process tree, and prints the
 * ratio. Each dropout4j training runs on one thread, as one repeat of a study would.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time the circles training in dropout4j and in PyTorch (if installed) and print the ratio.")
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "workload: circles")
  String workload;

  @Option(names = "--epochs", defaultValue = "4000", description = "epochs per training (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--runs", defaultValue = "3", description = "timed runs per model (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--warmup", defaultValue = "5",
      description = "untimed dropout4j trainings first, for the JIT (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--no-peer", description = "skip PyTorch")
  boolean noPeer;

  @Option(names = "--peer-script", description = "PyTorch peer script (default: bench/peers/torch_circles.py in "
      + "the dropout4j directory)")
  Path peerScript;

  @Override
  public Integer call() throws Exception {
    if (!workload.equals("circles")) {
      throw new IllegalArgumentException("unknown workload '" + workload + "'; expected one of [circles]");
    }
    if (runs < 1) {
      throw new IllegalArgumentException("Invalid value for --runs: expected an integer >= 1, received " + runs);
    }
    System.out.println("BLAS kernel: " + Blas.gemm().name());
    float[] rates = {0f, 0.4f};
    double[] ours = new double[rates.length];
    for (int i = 0; i < rates.length; i++) {
      CirclesStudy study = new CirclesStudy(epochs, rates[i]);
      CirclesStudy.Variant v = rates[i] == 0f ? CirclesStudy.Variant.A : CirclesStudy.Variant.B;
      for (int w = 0; w < warmup; w++) {
        study.run(v, 999 + w);
      }
      double[] t = new double[runs];
      CirclesStudy.Run last = null;
      for (int r = 0; r < runs; r++) {
        last = study.run(v, 1000 + r);
        t[r] = last.seconds();
      }
      ours[i] = median(t);
      System.out.printf(Locale.ROOT, "dropout4j rate %.1f: median %.3f s per %d-epoch training (runs: %s), "
          + "last run train %.3f / test %.3f%n", rates[i], ours[i], epochs, fmt(t), last.trainAccuracy(),
          last.testAccuracy());
    }
    if (noPeer) {
      return 0;
    }
    Path script = peerScript != null ? peerScript
        : Path.of(System.getProperty("dropout4j.home", ".")).resolve("bench/peers/torch_circles.py");
    if (!Files.isRegularFile(script)) {
      System.out.println("peer unavailable: script " + script + " not found (run from the dropout4j directory or "
          + "pass --peer-script)");
      return 0;
    }
    Path data = Files.createTempFile("circles", ".csv");
    try {
      Csv.write(data, ToyDatasets.makeCircles(100, 0.1, 1), List.of("x1", "x2"), "label");
      List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--epochs", Integer.toString(epochs),
          "--runs", Integer.toString(runs), "--rate", "0.0", "0.4", "--threads", "2"));
      PeerRun peer = PythonPeer.fromEnvironment().run(script, args, Duration.ofMinutes(30));
      if (!peer.ok()) {
        System.out.println("peer " + peer.status().name().toLowerCase(Locale.ROOT) + ": " + peer.message());
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
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
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
