package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dropout4j.data.Dataset;
import org.dropout4j.data.RowSource;
import org.dropout4j.io.NpyFile;
import org.dropout4j.models.Model;
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

  /** Whether the {@code .npy} files of {@code xs} together are larger than a quarter of the maximum heap. */
  static boolean tooLargeToLoad(List<Path> xs) throws IOException {
    long bytes = 0;
    for (Path x : xs) {
      bytes += isNpy(x) ? Files.size(x) : 0;
    }
    return bytes > Runtime.getRuntime().maxMemory() / 4;
  }

  /**
   * The training (or validation) batches of {@code .npy} files, one per model input and one per model output in the
   * model's order; rows whose size matches an input's sample shape are read as that shape (a flattened image row for
   * a Conv2D model, as {@code fit} does with arrays).
   *
   * @param shuffleBuffer rows in the shuffle buffer, 0 for no shuffling
   * @throws IllegalArgumentException if a file is not {@code .npy}, or the counts do not match the model's inputs
   *     and outputs (naming them)
   */
  static Dataset dataset(Model model, List<Path> x, List<Path> y, Path weights, int batchSize, int shuffleBuffer,
      long seed) throws IOException {
    List<Path> all = new ArrayList<>(x);
    all.addAll(y);
    if (weights != null) {
      all.add(weights);
    }
    for (Path p : all) {
      if (!isNpy(p)) {
        throw new IllegalArgumentException("--stream reads .npy files in chunks; " + p + " is not a .npy file "
            + "(convert it, or train without --stream)");
      }
    }
    List<ModelFiles.Port> ports = ModelFiles.inputs(model);
    ModelFiles.checkInputs(model, x, "--x");
    ModelFiles.checkOutputs(model, y, "--y");
    List<RowSource> xs = new ArrayList<>();
    for (int i = 0; i < x.size(); i++) {
      xs.add(asModelRows(NpyFile.open(x.get(i)), ports.get(i).shape()));
    }
    List<RowSource> ys = new ArrayList<>();
    for (Path p : y) {
      ys.add(NpyFile.open(p));
    }
    Dataset d = Dataset.fromRows(xs, ys, weights == null ? null : NpyFile.open(weights));
    if (shuffleBuffer > 0) {
      d = d.shuffle(shuffleBuffer, seed);
    }
    return d.batch(batchSize).prefetch(PREFETCH);
  }

  private static boolean isNpy(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
  }

  /** {@code rows} read with the input's sample shape when only the shape, not the size, differs. */
  private static RowSource asModelRows(RowSource rows, Shape expected) {
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
