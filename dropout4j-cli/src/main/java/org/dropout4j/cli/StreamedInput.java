package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dropout4j.data.Dataset;
import org.dropout4j.data.RowSource;
import org.dropout4j.io.NpyFile;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;

/**
 * {@code fit --stream}: {@code .npy} inputs read in chunks as a {@link Dataset} (shuffle buffer seeded by the
 * model's seed, two batches prefetched), so the training's memory does not grow with the data. Used when asked
 * or, automatically, when the input file is larger than a quarter of the maximum heap.
 */
final class StreamedInput {
  /** Batches read ahead on the prefetch thread. */
  static final int PREFETCH = 2;

  private StreamedInput() {
  }

  /** Whether {@code x} is a {@code .npy} file larger than a quarter of the maximum heap. */
  static boolean tooLargeToLoad(Path x) throws IOException {
    return isNpy(x) && Files.size(x) > Runtime.getRuntime().maxMemory() / 4;
  }

  /**
   * The training (or validation) batches of {@code .npy} files; rows whose size matches the model's sample shape
   * are read as that shape (a flattened image row for a Conv2D model, as {@code fit} does with arrays).
   *
   * @param shuffleBuffer rows in the shuffle buffer, 0 for no shuffling
   * @throws IllegalArgumentException if a file is not {@code .npy}
   */
  static Dataset dataset(Sequential model, Path x, Path y, Path weights, int batchSize, int shuffleBuffer, long seed)
      throws IOException {
    for (Path p : weights == null ? List.of(x, y) : List.of(x, y, weights)) {
      if (!isNpy(p)) {
        throw new IllegalArgumentException("--stream reads .npy files in chunks; " + p + " is not a .npy file "
            + "(convert it, or train without --stream)");
      }
    }
    RowSource xs = asModelRows(NpyFile.open(x), model);
    Dataset d = Dataset.fromRows(List.of(xs), List.of(NpyFile.open(y)), weights == null ? null
        : NpyFile.open(weights));
    if (shuffleBuffer > 0) {
      d = d.shuffle(shuffleBuffer, seed);
    }
    return d.batch(batchSize).prefetch(PREFETCH);
  }

  private static boolean isNpy(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
  }

  /** {@code rows} read with the model's sample shape when only the shape, not the size, differs. */
  private static RowSource asModelRows(RowSource rows, Sequential model) {
    Shape expected = model.inputShape();
    if (expected == null || expected.dropFirst().equals(rows.rowShape())
        || expected.dropFirst().size() != rows.rowSize()) {
      return rows;
    }
    Shape sample = expected.dropFirst();
    return new RowSource() {
      @Override
      public Shape rowShape() {
        return sample;
      }

      @Override
      public long rows() {
        return rows.rows();
      }

      @Override
      public void read(long firstRow, int count, float[] dst, int offset) {
        rows.read(firstRow, count, dst, offset);
      }

      @Override
      public String description() {
        return rows.description() + " read as rows of " + sample;
      }
    };
  }
}
