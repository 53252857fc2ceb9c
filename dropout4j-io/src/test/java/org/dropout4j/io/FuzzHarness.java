package org.dropout4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.dropout4j.data.Csv;
import org.dropout4j.data.Idx;

/**
 * The fuzz targets of every loader and the invariant they must keep: an input is either loaded or refused with
 * the loader's documented exception ({@link IOException}; {@link IllegalArgumentException} for CSV content),
 * within {@value #MAX_MILLIS} ms; any other throwable (including {@link OutOfMemoryError}) is a finding.
 *
 * <p>Each input runs on a worker thread the caller waits for at most {@value #MAX_MILLIS} ms, so a loader that never
 * returns is a finding too, reported with the worker's stack at that moment (where it loops) and the input saved
 * under {@code target/fuzz-findings/}, instead of a test JVM that hangs (the functional {@code .h5} finding of
 * issue 12 kept one busy for more than ten minutes). The abandoned worker is a daemon thread and ends with the JVM.
 * The D4J, KERAS, H5 and TFJS targets load as users do: any model, Sequential or functional
 * ({@link ModelArchive#loadModel}, {@link KerasGraphImport#load}, {@link TfjsLayers#loadModel}).
 */
final class FuzzHarness {
  /** The most one input may take. */
  static final long MAX_MILLIS = 20_000;
  private static final Path WORK;

  static {
    try {
      WORK = Files.createTempDirectory("dropout4j-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (Stream<Path> s = Files.walk(WORK)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort
      }
    }));
  }

  private FuzzHarness() {
  }

  /** A loader of a file. */
  interface Loader {
    void load(Path file) throws Exception;
  }

  /** The formats, each a target. */
  enum Target {
    D4J(".d4j", ModelArchive::loadModel),
    KERAS(".keras", KerasGraphImport::load),
    H5(".h5", KerasGraphImport::load),
    NPY(".npy", NpyFile::read),
    IDX("-idx1-ubyte", Idx::read),
    IDX_GZ("-idx1-ubyte.gz", Idx::read),
    CSV(".csv", Csv::read),
    TFJS("", null);

    final String suffix;
    final Loader loader;

    Target(String suffix, Loader loader) {
      this.suffix = suffix;
      this.loader = loader;
    }
  }

  private static final java.util.concurrent.atomic.AtomicReference<Thread> WORKER_THREAD =
      new java.util.concurrent.atomic.AtomicReference<>();
  private static java.util.concurrent.ExecutorService worker = newWorker();

  private static java.util.concurrent.ExecutorService newWorker() {
    return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-worker");
      t.setDaemon(true);
      WORKER_THREAD.set(t);
      return t;
    });
  }

  /** Runs one input through a target on the worker thread and checks the invariant, a time limit included. */
  static synchronized void check(Target target, byte[] input) {
    java.util.concurrent.Future<?> f = worker.submit(() -> checkHere(target, input));
    try {
      f.get(MAX_MILLIS + 1_000, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      Thread stuck = WORKER_THREAD.get();
      StackTraceElement[] at = stuck.getStackTrace();
      worker.shutdownNow(); // interrupts; a loop that ignores it runs on as an abandoned daemon thread
      worker = newWorker();
      AssertionError a = new AssertionError(target + ": an input of " + input.length + " bytes (starting "
          + hex(input) + ", saved as " + save(target, input) + ") still ran after " + MAX_MILLIS + " ms; the "
          + "loader's stack at that moment is this error's stack trace");
      a.setStackTrace(at);
      throw a;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Error) {
        throw (Error) e.getCause();
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Keeps a finding's input where a developer finds it, to turn it into a seed and a regression test. */
  private static Path save(Target target, byte[] input) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "fuzz-findings"));
      Path f = dir.resolve(target.name().toLowerCase(java.util.Locale.ROOT) + "-" + Integer.toHexString(
          Arrays.hashCode(input)) + target.suffix);
      Files.write(f, input);
      return f.toAbsolutePath();
    } catch (IOException e) {
      return Path.of("(not saved: " + e.getMessage() + ")");
    }
  }

  private static void checkHere(Target target, byte[] input) {
    long t0 = System.nanoTime();
    try {
      if (target == Target.TFJS) {
        tfjs(input);
      } else {
        Path f = WORK.resolve("input" + target.suffix);
        Files.write(f, input);
        target.loader.load(f);
      }
    } catch (IOException e) {
      // a documented refusal
    } catch (IllegalArgumentException e) {
      if (target != Target.CSV) {
        throw finding(target, input, e);
      }
    } catch (Throwable e) {
      throw finding(target, input, e);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (ms > MAX_MILLIS) {
      throw new AssertionError(target + ": an input of " + input.length + " bytes (saved as " + save(target, input)
          + ") took " + ms + " ms");
    }
  }

  /** A TF.js folder from one input: {@code model.json} up to the first NUL byte, the rest as {@code w.bin}. */
  private static void tfjs(byte[] input) throws IOException {
    int nul = 0;
    while (nul < input.length && input[nul] != 0) {
      nul++;
    }
    Path dir = WORK.resolve("tfjs");
    Files.createDirectories(dir);
    Files.write(dir.resolve("model.json"), Arrays.copyOf(input, nul));
    Files.write(dir.resolve("w.bin"), nul < input.length ? Arrays.copyOfRange(input, nul + 1, input.length)
        : new byte[0]);
    TfjsLayers.loadModel(dir);
  }

  private static AssertionError finding(Target target, byte[] input, Throwable e) {
    return new AssertionError(target + ": an input of " + input.length + " bytes (starting " + hex(input) + ", saved "
        + "as " + save(target, input) + ") threw " + e.getClass().getName() + " instead of a clear refusal: "
        + e.getMessage(), e);
  }

  private static String hex(byte[] input) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(64, input.length); i++) {
      hex.append(String.format("%02x", input[i] & 0xff));
    }
    return hex.toString();
  }
}
