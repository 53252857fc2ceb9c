package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dropout4j.data.LabeledImages;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.dropout4j.tensor.blas.Blas;

/**
 * The Fashion-MNIST workloads of {@code dropout4j bench}: a {@code dropout4j train} preset (same model, Adam,
 * sparse categorical cross-entropy, batch {@value #BATCH_SIZE}) trained for a fixed number of batches, timed after
 * warm-up batches, and extrapolated to seconds per {@value #EPOCH_IMAGES}-image epoch.
 *
 * <p>The timed window is one {@code fit} epoch over the first {@code batches * 128} training images (shuffled),
 * with no validation, so it measures what a training epoch of {@code dropout4j train --no-validate} costs per
 * image, the per-batch loss and accuracy bookkeeping included.
 */
final class FashionBench {
  /** Images per batch of every workload (the presets' batch size). */
  static final int BATCH_SIZE = 128;
  /** Images of one Fashion-MNIST training epoch, the unit of the extrapolated time. */
  static final int EPOCH_IMAGES = 60_000;
  /** Default untimed batches before the timed ones (JIT warm-up in dropout4j, allocator warm-up in PyTorch). */
  static final int DEFAULT_WARMUP_BATCHES = 10;
  /** Default timed windows per framework. */
  static final int DEFAULT_RUNS = 1;

  /** A Fashion-MNIST workload: its bench name, its {@code train} preset and its default number of timed batches. */
  enum Workload {
    MLP("fashion-mlp", "mlp", 300),
    CNN("fashion-cnn", "cnn", 40),
    LSTM("fashion-lstm", "lstm", 100);

    final String benchName;
    final String preset;
    final int defaultBatches;

    Workload(String benchName, String preset, int defaultBatches) {
      this.benchName = benchName;
      this.preset = preset;
      this.defaultBatches = defaultBatches;
    }

    /** The workload called {@code name} ({@code fashion-mlp}, {@code fashion-cnn}, {@code fashion-lstm}). */
    static Optional<Workload> named(String name) {
      return Arrays.stream(values()).filter(w -> w.benchName.equals(name)).findFirst();
    }

    static List<String> names() {
      List<String> out = new ArrayList<>();
      for (Workload w : values()) {
        out.add(w.benchName);
      }
      return out;
    }
  }

  private FashionBench() {
  }

  /**
   * Seconds per {@value #EPOCH_IMAGES}-image epoch from {@code seconds} for {@code batches} batches of
   * {@code batchSize} images.
   */
  static double epochSeconds(double seconds, int batches, int batchSize) {
    return seconds / ((double) batches * batchSize) * EPOCH_IMAGES;
  }

  /**
   * Trains the workload's preset (seeded) on {@code train}: {@code warmup} untimed batches, then {@code runs} timed
   * windows of {@code batches} batches each.
   *
   * @param step called after the warm-up and after each timed window (for a progress bar; outside the timing)
   * @return the wall seconds of each timed window
   * @throws IllegalArgumentException if the training set has fewer than {@code max(warmup, batches) * 128} images
   */
  static double[] timeDropout4j(Workload w, LabeledImages train, int warmup, int batches, int runs, long seed,
      Runnable step) {
    int needed = Math.max(warmup, batches) * BATCH_SIZE;
    if (train.size() < needed) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "Invalid value for --batches/--warmup-batches: "
          + "%d batches of %d need %d training images, the data set has %d (at most %d batches)",
          Math.max(warmup, batches), BATCH_SIZE, needed, train.size(), train.size() / BATCH_SIZE));
    }
    Sequential net = TrainCommand.preset(w.preset, null, seed);
    net.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    LabeledImages timedSet = train.first(batches * BATCH_SIZE);
    Tensor x = timedSet.images(1f / 255);
    Tensor y = timedSet.labels();
    net.build(x.shape());
    if (warmup > 0) {
      LabeledImages warm = train.first(warmup * BATCH_SIZE);
      net.fit(warm.images(1f / 255), warm.labels(), options());
      step.run();
    }
    double[] seconds = new double[runs];
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      net.fit(x, y, options());
      seconds[r] = (System.nanoTime() - t0) / 1e9;
      step.run();
    }
    return seconds;
  }

  private static FitOptions options() {
    return FitOptions.builder().epochs(1).batchSize(BATCH_SIZE).verbose(0).build();
  }

  /**
   * The BLAS kernel's name, with OpenBLAS's core type when the environment forces one ({@code OPENBLAS_CORETYPE}):
   * e.g. {@code Haswell} runs AVX2 kernels on a machine with AVX-512, at about half its rate.
   */
  static String blasKernel() {
    String core = System.getenv("OPENBLAS_CORETYPE");
    String name = Blas.gemm().name();
    return core == null || !"openblas".equals(name) ? name : name + " (OPENBLAS_CORETYPE=" + core + ")";
  }

  /** The load average (1, 5, 15 min) from /proc/loadavg, or "unknown" where there is none. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
