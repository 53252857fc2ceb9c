package org.dropout4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.dropout4j.data.FileRows;

/**
 * The rows of a {@code .npy} file read on demand: the header is parsed once, each {@link #read} opens the file,
 * reads the requested rows' bytes at their offset and converts them to float32 as {@link NpyFile#read} does. No
 * file handle is held between reads.
 */
final class NpyRows extends FileRows {
  private final NpyFile.Header header;

  private NpyRows(Path file, NpyFile.Header header) {
    super(file, header.shape(), header.dataOffset(), header.itemSize());
    this.header = header;
  }

  static NpyRows open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such .npy file");
    }
    long fileSize = Files.size(file);
    NpyFile.Header h;
    try (InputStream in = Files.newInputStream(file)) {
      h = NpyFile.header(in, fileSize, file.toString());
    }
    int[] shape = h.shape();
    if (shape.length == 0) {
      throw new IOException(file + ": a rank-0 (scalar) array has no rows to read");
    }
    long n = 1;
    for (int d : shape) {
      n = Math.multiplyExact(n, d);
    }
    long rowElements = shape[0] == 0 ? 0 : n / shape[0];
    if (rowElements * h.itemSize() > Integer.MAX_VALUE / 2) {
      throw new IOException(file + ": rows of shape " + NpyFile.shapeText(Arrays.copyOfRange(shape, 1, shape.length))
          + " are too large to read one at a time");
    }
    long need = n * h.itemSize();
    long have = fileSize - h.dataOffset();
    if (need != have) {
      throw new IOException(file + ": the header says shape " + NpyFile.shapeText(shape) + " of " + h.descr() + " ("
          + need + " data bytes), but the file holds " + have + " bytes after the header ("
          + (need > have ? "truncated" : "trailing bytes") + ")");
    }
    return new NpyRows(file, h);
  }

  @Override
  protected void decode(byte[] bytes, int values, float[] dst, int offset) {
    System.arraycopy(NpyFile.convert(bytes, header, values), 0, dst, offset, values);
  }

  @Override
  public String description() {
    return ".npy file " + file + " of shape " + NpyFile.shapeText(header.shape());
  }
}
