package org.dropout4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import org.dropout4j.tensor.Shape;

/**
 * The rows of an array file (IDX, {@code .npy}) read on demand: the values stand row after row from a fixed offset,
 * each {@link #read} opens the file, reads the requested rows' bytes with positional reads, closes it and lets the
 * format decode them, so the source holds no file handle between reads.
 */
public abstract class FileRows implements RowSource {
  /** The file. */
  protected final Path file;
  private final long rows;
  private final Shape rowShape;
  private final int rowSize;
  private final long dataOffset;
  private final int bytesPerValue;

  /**
   * @param file the file
   * @param shape the array's shape, rank &gt;= 1 (rows first)
   * @param dataOffset where the first value starts, in bytes
   * @param bytesPerValue the size of one stored value, in bytes
   */
  protected FileRows(Path file, int[] shape, long dataOffset, int bytesPerValue) {
    this.file = file;
    this.rows = shape[0];
    this.rowShape = Shape.of(Arrays.copyOfRange(shape, 1, shape.length));
    this.rowSize = rowShape.size();
    this.dataOffset = dataOffset;
    this.bytesPerValue = bytesPerValue;
  }

  @Override
  public final Shape rowShape() {
    return rowShape;
  }

  @Override
  public final long rows() {
    return rows;
  }

  @Override
  public final void read(long firstRow, int count, float[] dst, int offset) {
    Objects.checkFromIndexSize(firstRow, count, rows());
    int values = Math.multiplyExact(count, rowSize);
    Objects.checkFromIndexSize(offset, values, dst.length);
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values, bytesPerValue));
    long pos = dataOffset + firstRow * rowSize * bytesPerValue;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (b.hasRemaining()) {
        if (ch.read(b, pos + b.position()) < 0) {
          throw new IOException("the file ended while reading rows " + firstRow + ".." + (firstRow + count));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    decode(b.array(), values, dst, offset);
  }

  /** Writes the {@code values} values stored in {@code bytes} to {@code dst} from {@code offset} on, as float32. */
  protected abstract void decode(byte[] bytes, int values, float[] dst, int offset);
}
