package org.dropout4j.data;

import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * An array addressed by rows (its first dimension) that need not be in memory: a {@code .npy} or IDX file read in
 * chunks, or a tensor. {@link Dataset#fromRows} batches such sources for {@code fit}, {@code evaluate} and
 * {@code predict} without ever holding the whole array.
 *
 * <p>Implementations must allow reads of any row range in any order; a read may be called from a prefetch thread
 * (one thread at a time per pass).
 *
 * <pre>{@code
 * RowSource x = NpyFile.open(Path.of("x.npy"));   // dropout4j-io: chunked reads of a .npy file
 * RowSource y = RowSource.of(labels);              // a tensor in memory
 * }</pre>
 */
public interface RowSource {
  /** The shape of one row (the array's shape without its first dimension). */
  Shape rowShape();

  /** The number of rows (the array's first dimension). */
  long rows();

  /**
   * Copies rows {@code [firstRow, firstRow + count)} into {@code dst} from {@code offset} on, row after row, as
   * float32.
   *
   * @throws IndexOutOfBoundsException if the rows are not all in {@code [0, rows())} or {@code dst} is too small
   * @throws java.io.UncheckedIOException if the underlying file cannot be read
   */
  void read(long firstRow, int count, float[] dst, int offset);

  /** What the source is, for error messages (a file name, or the shape of a tensor). */
  String description();

  /** The number of floats in one row. */
  default int rowSize() {
    return rowShape().size();
  }

  /**
   * A tensor as a source of its rows (not copied: later changes to the tensor are seen).
   *
   * @throws IllegalArgumentException if the tensor has no batch dimension
   */
  static RowSource of(Tensor tensor) {
    if (tensor == null || tensor.rank() == 0) {
      throw new IllegalArgumentException("RowSource.of needs a tensor with a batch dimension, received "
          + (tensor == null ? "null" : "a scalar"));
    }
    return new TensorRows(tensor);
  }
}
