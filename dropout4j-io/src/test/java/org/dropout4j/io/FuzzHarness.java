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
    D4J(".d4j", ModelArchive::load),
    KERAS(".keras", KerasImport::load),
    H5(".h5", KerasImport::load),
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

  /** Runs one input through a target and checks the invariant. */
  static void check(Target target, byte[] input) {
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
      throw new AssertionError(target + ": an input of " + input.length + " bytes took " + ms + " ms");
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
    TfjsLayers.load(dir);
  }

  private static AssertionError finding(Target target, byte[] input, Throwable e) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(64, input.length); i++) {
      hex.append(String.format("%02x", input[i] & 0xff));
    }
    return new AssertionError(target + ": an input of " + input.length + " bytes (starting " + hex + ") threw "
        + e.getClass().getName() + " instead of a clear refusal: " + e.getMessage(), e);
  }
}
