package org.dropout4j.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The rows of a raw (not gzipped) unsigned-byte IDX file read on demand with positional reads, as float32 values
 * 0..255. Each {@link #read} opens the file, reads the requested rows and closes it, so the source holds no file
 * handle between reads.
 */
final class IdxRows extends FileRows {
  private final int[] dims;

  private IdxRows(Path file, int[] dims) {
    super(file, dims, 4L + 4L * dims.length, 1);
    this.dims = dims;
  }

  static IdxRows open(Path file) throws IOException {
    byte[] head;
    long size = Files.size(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, 4 + 4 * 255));
      while (b.hasRemaining() && ch.read(b) > 0) {
        // fill
      }
      head = Arrays.copyOf(b.array(), b.position());
    }
    if (head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
      throw new IOException(file + ": a gzipped IDX file cannot be read in chunks; decompress it first (gunzip) "
          + "or load it whole with Idx.read");
    }
    if (head.length < 4 || head[0] != 0 || head[1] != 0) {
      throw new IOException(file + ": not an IDX file: expected the magic number 0x00 0x00 TYPE NDIMS");
    }
    if ((head[2] & 0xFF) != Idx.TYPE_UNSIGNED_BYTE) {
      throw new IOException(file + ": unsupported IDX data type 0x" + String.format("%02X", head[2] & 0xFF)
          + "; only 0x08 (unsigned byte) is supported");
    }
    int rank = head[3] & 0xFF;
    if (rank < 1 || head.length < 4 + 4 * rank) {
      throw new IOException(file + ": invalid IDX header: " + rank + " dimensions in a " + size + "-byte file");
    }
    ByteBuffer b = ByteBuffer.wrap(head, 4, 4 * rank);
    int[] dims = new int[rank];
    long count = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = b.getInt();
      if (dims[i] < 1) {
        throw new IOException(file + ": invalid IDX header: dimension " + i + " has size "
            + Integer.toUnsignedString(dims[i]) + ", expected a size >= 1");
      }
      count = Math.multiplyExact(count, dims[i]);
    }
    long expected = 4L + 4L * rank + count;
    if (expected != size) {
      throw new IOException(file + ": IDX header says dimensions " + Arrays.toString(dims) + " (" + expected
          + " bytes), but the file has " + size + " bytes");
    }
    return new IdxRows(file, dims);
  }

  @Override
  protected void decode(byte[] bytes, int values, float[] dst, int offset) {
    for (int i = 0; i < values; i++) {
      dst[offset + i] = bytes[i] & 0xFF;
    }
  }

  @Override
  public String description() {
    return "IDX file " + file + " " + Arrays.toString(dims);
  }
}
