package org.dropout4j.bench.serving;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.dropout4j.io.NpyFile;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The serving benchmark: latency of a single-row {@code predict} (p50/p99) and rows per second at batch 64 for the
 * Fashion-MNIST {@code mlp} preset (784-512-Dropout(0.2)-512-Dropout(0.2)-10, softmax) in a warm JVM, against ONNX
 * Runtime's Java API running the same weights (written by {@link OnnxDenseWriter}) in the same process, and, when a
 * Python with torch is found, PyTorch running the same weights ({@code bench/peers/torch_predict.py}) in the same run.
 * The outputs are checked to agree (max |difference| below 1e-5) before anything is timed. dropout4j's batch of 64
 * is one {@code predict(x, 64)} call (one pass over the batch, as the peers' calls take it), its single row one
 * {@code predict(x)}.
 *
 * <p>Usage: {@code java -cp <bench classpath> org.dropout4j.bench.serving.PredictBench [--runs 3] [--calls 5000]
 * [--seconds 2] [--python /usr/bin/python3] [--peers DIR]}; see the README's Performance section for the command.
 */
public final class PredictBench {
  private static final int FEATURES = 784;
  private static final int BATCH = 64;

  private PredictBench() {
  }

  /** Runs the benchmark and prints one line per figure and pass, then the min/median/max table. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int runs = Integer.parseInt(options.getOrDefault("--runs", "3"));
    int calls = Integer.parseInt(options.getOrDefault("--calls", "5000"));
    double seconds = Double.parseDouble(options.getOrDefault("--seconds", "2"));
    String python = options.getOrDefault("--python", "/usr/bin/python3");
    Path peers = Path.of(options.getOrDefault("--peers", "bench/peers"));

    Sequential model = mlp();
    float[] rows = randomRows(BATCH, 7);
    float[] one = Arrays.copyOf(rows, FEATURES);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
         OrtSession session = env.createSession(OnnxDenseWriter.encode(model), so)) {
      double diff = maxAbsDiff(model.predict(Tensor.of(Shape.of(BATCH, FEATURES), rows)).toArray(),
          ort(env, session, rows, BATCH));
      if (!(diff < 1e-5)) {
        throw new IllegalStateException("ONNX Runtime and dropout4j disagree on the mlp: max |difference| " + diff);
      }
      System.out.printf(Locale.ROOT, "mlp 784-512-512-10: dropout4j and ONNX Runtime %s agree to %.1e%n",
          OrtEnvironment.getEnvironment().getVersion(), diff);
      Map<String, List<Double>> figures = new TreeMap<>();
      for (int pass = 0; pass < runs; pass++) {
        Latency d4jOne = latency(calls, () -> model.predict(Tensor.of(Shape.of(1, FEATURES), one)));
        Latency ortOne = latency(calls, () -> ort(env, session, one, 1));
        double d4jRows = throughput(seconds, () -> model.predict(Tensor.of(Shape.of(BATCH, FEATURES), rows), BATCH));
        double ortRows = throughput(seconds, () -> ort(env, session, rows, BATCH));
        record(figures, "dropout4j p50 us", d4jOne.p50());
        record(figures, "dropout4j p99 us", d4jOne.p99());
        record(figures, "dropout4j rows/s b64", d4jRows);
        record(figures, "onnxruntime p50 us", ortOne.p50());
        record(figures, "onnxruntime p99 us", ortOne.p99());
        record(figures, "onnxruntime rows/s b64", ortRows);
        System.out.printf(Locale.ROOT, "pass %d: dropout4j p50 %.1f us p99 %.1f us, %.0f rows/s | onnxruntime p50 "
            + "%.1f us p99 %.1f us, %.0f rows/s%n", pass + 1, d4jOne.p50(), d4jOne.p99(), d4jRows, ortOne.p50(),
            ortOne.p99(), ortRows);
      }
      torchPeer(model, python, peers, runs, calls, seconds, figures);
      System.out.println();
      System.out.printf(Locale.ROOT, "%-26s %12s %12s %12s%n", "figure", "min", "median", "max");
      for (Map.Entry<String, List<Double>> e : figures.entrySet()) {
        double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-26s %12.1f %12.1f %12.1f%n", e.getKey(), v[0], v[v.length / 2],
            v[v.length - 1]);
      }
      ratio(figures, "p50 us", true);
      ratio(figures, "p99 us", true);
      ratio(figures, "rows/s b64", false);
      System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    }
  }

  /** The mlp preset's layers, seeded (the weights only need to be fixed; inference ignores dropout). */
  static Sequential mlp() {
    Sequential model = new Sequential(Input.shape(FEATURES), new Dense(512, "relu"), new Dropout(0.2f),
        new Dense(512, "relu"), new Dropout(0.2f), new Dense(10, "softmax"));
    model.setRandomSeed(1);
    model.build(Shape.batchOf(FEATURES));
    return model;
  }

  private static float[] ort(OrtEnvironment env, OrtSession session, float[] x, int rows) {
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, rows * FEATURES),
        new long[] {rows, FEATURES});
         OrtSession.Result result = session.run(Map.of("x", input))) {
      float[][] y = (float[][]) result.get(0).getValue();
      float[] flat = new float[rows * y[0].length];
      for (int i = 0; i < rows; i++) {
        System.arraycopy(y[i], 0, flat, i * y[0].length, y[0].length);
      }
      return flat;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  private record Latency(double p50, double p99) {
  }

  private static Latency latency(int calls, Runnable call) {
    for (int i = 0; i < calls; i++) {       // warm-up: as many calls as are timed
      call.run();
    }
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      call.run();
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    return new Latency(nanos[calls / 2] / 1e3, nanos[(int) Math.min(calls - 1, Math.ceil(calls * 0.99) - 1)] / 1e3);
  }

  private static double throughput(double seconds, Runnable batch) {
    long warm = System.nanoTime() + (long) (seconds * 0.5e9);
    while (System.nanoTime() < warm) {
      batch.run();
    }
    long t0 = System.nanoTime();
    long end = t0 + (long) (seconds * 1e9);
    long n = 0;
    long now;
    do {
      batch.run();
      n++;
      now = System.nanoTime();
    } while (now < end);
    return n * BATCH / ((now - t0) / 1e9);
  }

  /** Writes the weights as .npy files and runs the PyTorch peer on them; prints why when it cannot. */
  private static void torchPeer(Sequential model, String python, Path peers, int runs, int calls, double seconds,
      Map<String, List<Double>> figures) throws IOException, InterruptedException {
    Path script = peers.resolve("torch_predict.py");
    if (!Files.isRegularFile(script) || !Files.isExecutable(Path.of(python))) {
      System.out.println("PyTorch peer skipped: needs " + script + " and " + python + " with torch "
          + "(apt-get install -y python3-torch)");
      return;
    }
    Path dir = Files.createTempDirectory("dropout4j-predict-bench");
    try {
      int i = 0;
      for (Layer layer : model.layers()) {
        for (Parameter p : layer.weights()) {
          NpyFile.write(p.value(), dir.resolve(String.format(Locale.ROOT, "w%02d.npy", i++)));
        }
      }
      NpyFile.write(Tensor.of(Shape.of(BATCH, FEATURES), randomRows(BATCH, 7)), dir.resolve("x.npy"));
      NpyFile.write(model.predict(Tensor.of(Shape.of(BATCH, FEATURES), randomRows(BATCH, 7))), dir.resolve("y.npy"));
      Process p = new ProcessBuilder(python, script.toString(), "--weights", dir.toString(), "--runs",
          String.valueOf(runs), "--calls", String.valueOf(calls), "--seconds", String.valueOf(seconds))
          .redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          System.out.println("  torch: " + line);
          if (line.startsWith("RESULT ")) {
            for (String part : line.substring(7).split(" ")) {
              String[] kv = part.split("=", 2);
              if (kv.length == 2 && !kv[0].equals("version")) {
                record(figures, "pytorch " + kv[0].replace('_', ' '), Double.parseDouble(kv[1]));
              }
            }
          }
        }
      }
      if (p.waitFor() != 0) {
        System.out.println("PyTorch peer failed (exit " + p.exitValue() + "); see its lines above");
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static void ratio(Map<String, List<Double>> figures, String figure, boolean lowerIsBetter) {
    double d4j = median(figures.get("dropout4j " + figure));
    for (String peer : List.of("onnxruntime", "pytorch")) {
      List<Double> v = figures.get(peer + " " + figure);
      if (v != null) {
        double ratio = lowerIsBetter ? d4j / median(v) : median(v) / d4j;
        System.out.printf(Locale.ROOT, "%-12s dropout4j / %-11s %.2f (%s)%n", figure, peer, ratio,
            ratio <= 1 ? "dropout4j at or below the peer" : "dropout4j behind the peer");
      }
    }
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v[v.length / 2];
  }

  private static void record(Map<String, List<Double>> figures, String name, double value) {
    figures.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  private static float[] randomRows(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[rows * FEATURES];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return x;
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      return Double.POSITIVE_INFINITY;
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Invalid argument " + args[i] + ": expected --option value pairs "
            + "(--runs, --calls, --seconds, --python, --peers)");
      }
      m.put(args[i], args[++i]);
    }
    return m;
  }
}
