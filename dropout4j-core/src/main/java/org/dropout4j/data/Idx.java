package org.dropout4j.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes IDX files, the format of MNIST and Fashion-MNIST: a 4-byte magic number {@code 0x00 0x00 TYPE
 * NDIMS}, {@code NDIMS} big-endian 32-bit sizes, then the data in row-major order. Only the unsigned-byte type
 * ({@code 0x08}) that the image sets use is supported. Files may be raw or gzipped (detected from the content).
 *
 * <p>Every header field is validated before the data array is allocated: the magic, each size ({@code >= 1}), the
 * element count (at most {@link Integer#MAX_VALUE}) and, for raw files, the file size; for gzipped files the
 * uncompressed size recorded in the gzip trailer. Truncated and over-long data are errors.
 *
 * <pre>{@code
 * IdxArray labels = Idx.read(Path.of("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"));
 * labels.dims();   // [10000]
 * }</pre>
 *
 * @see <a href="http://yann.lecun.com/exdb/mnist/">the format's description on the MNIST page</a>
 */
public final class Idx {
  /** The IDX type code of unsigned bytes. */
  public static final int TYPE_UNSIGNED_BYTE = 0x08;
  /** The most deflate can expand its input (about 1032:1, zlib's technical limit). */
  private static final long MAX_DEFLATE_RATIO = 1032;
  private static final int MAX_DIMS = 16;

  private Idx() {
  }

  /**
   * Reads an IDX file, raw or gzipped.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException with the file name and the problem if the content is not a valid unsigned-byte IDX file
   */
  public static IdxArray read(Path file) throws IOException {
    long fileSize = Files.size(file);
    boolean gzip = isGzip(file);
    long expectedPayload = gzip ? gzipUncompressedSizeMod32(file) : fileSize;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = gzip ? new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16)
            : new BufferedInputStream(raw, 1 << 16)) {
      return read(in, file.toString(), expectedPayload, gzip, fileSize);
    }
  }

  /**
   * Opens a raw (not gzipped) unsigned-byte IDX file as a {@link RowSource} read in chunks, for
   * {@link Dataset#fromRows}: only the header is read now; rows are read (as float32 0..255) when asked for.
   *
   * @throws IOException naming the file if it is gzipped, not an unsigned-byte IDX file, or its size does not
   *     match its header
   */
  public static RowSource open(Path file) throws IOException {
    return IdxRows.open(file);
  }

  /**
   * Reads an IDX array from a stream of raw (not gzipped) IDX bytes; the stream must end after the data.
   *
   * @param source names the source in error messages
   * @throws IOException naming the source if the content is not a valid unsigned-byte IDX array
   */
  public static IdxArray read(InputStream in, String source) throws IOException {
    return read(in, source, -1, false, -1);
  }

  private static IdxArray read(InputStream in, String source, long expectedPayload, boolean sizeMod32,
      long compressedBytes) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] magic = new byte[4];
    readFully(data, magic, source, "the 4-byte magic number");
    if (magic[0] != 0 || magic[1] != 0) {
      throw new IOException(source + ": not an IDX file: the magic number must start with two zero bytes, found "
          + hex(magic));
    }
    int type = magic[2] & 0xFF;
    if (type != TYPE_UNSIGNED_BYTE) {
      throw new IOException(source + ": unsupported IDX data type 0x" + String.format("%02X", type)
          + " (magic " + hex(magic) + "); only 0x08 (unsigned byte) is supported");
    }
    int rank = magic[3] & 0xFF;
    if (rank < 1 || rank > MAX_DIMS) {
      throw new IOException(source + ": invalid IDX header: number of dimensions is " + rank + ", expected 1.."
          + MAX_DIMS);
    }
    int[] dims = new int[rank];
    long count = 1;
    byte[] word = new byte[4];
    for (int i = 0; i < rank; i++) {
      readFully(data, word, source, "size of dimension " + i + " of " + rank);
      int d = ((word[0] & 0xFF) << 24) | ((word[1] & 0xFF) << 16) | ((word[2] & 0xFF) << 8) | (word[3] & 0xFF);
      if (d < 1) {
        throw new IOException(source + ": invalid IDX header: dimension " + i + " has size "
            + Integer.toUnsignedString(d) + ", expected a size >= 1 (and < 2^31)");
      }
      dims[i] = d;
      count *= d;
      if (count > Integer.MAX_VALUE - 8) {
        throw new IOException(source + ": IDX dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
            + " hold more than " + (Integer.MAX_VALUE - 8) + " elements, too many for one Java array");
      }
    }
    long header = 4L + 4L * rank;
    if (expectedPayload >= 0) {
      long expected = header + count;
      boolean matches = sizeMod32 ? (expected & 0xFFFF_FFFFL) == expectedPayload : expected == expectedPayload;
      if (!matches) {
        throw new IOException(source + ": IDX header says dimensions " + Arrays.toString(dims) + " (" + header
            + " header bytes + " + count + " data bytes = " + expected + " bytes), but the "
            + (sizeMod32 ? "uncompressed content has " : "file has ") + expectedPayload + " bytes"
            + (sizeMod32 ? " (mod 2^32)" : "") + ": the file is truncated or not what it claims to be");
      }
    }
    long budget = Runtime.getRuntime().maxMemory() / 4;
    if (count > budget) {
      throw new IOException(source + ": IDX dimensions " + Arrays.toString(dims) + " need " + count + " bytes, more "
          + "than the " + budget + " bytes (a quarter of the maximum heap) an IDX array may take");
    }
    if (sizeMod32 && compressedBytes >= 0 && header + count > compressedBytes * MAX_DEFLATE_RATIO + 1024) {
      throw new IOException(source + ": IDX header says dimensions " + Arrays.toString(dims) + " (" + (header + count)
          + " bytes), more than a " + compressedBytes + "-byte gzip file can hold (deflate expands at most "
          + MAX_DEFLATE_RATIO + " times): the gzip size field is forged or the file is damaged");
    }
    byte[] values = readUpTo(data, (int) count);
    int got = values.length;
    if (got != count) {
      throw new IOException(source + ": truncated IDX data: dimensions " + Arrays.toString(dims) + " need "
          + count + " data bytes, found " + got);
    }
    if (data.read() != -1) {
      throw new IOException(source + ": " + Arrays.toString(dims) + " IDX data is followed by unexpected extra "
          + "bytes");
    }
    return IdxArray.wrap(dims, values);
  }

  /**
   * Up to {@code n} bytes, read in 1 MiB steps so that a file lying about its size allocates only what it holds
   * (plus one step) before the shortfall is reported.
   */
  private static byte[] readUpTo(InputStream in, int n) throws IOException {
    if (n <= 1 << 20) {
      return in.readNBytes(n);
    }
    java.util.List<byte[]> parts = new java.util.ArrayList<>();
    int total = 0;
    while (total < n) {
      byte[] part = in.readNBytes(Math.min(1 << 20, n - total));
      if (part.length == 0) {
        break;
      }
      parts.add(part);
      total += part.length;
    }
    byte[] out = new byte[total];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  private static void readFully(DataInputStream in, byte[] b, String source, String what) throws IOException {
    try {
      in.readFully(b);
    } catch (EOFException e) {
      throw new IOException(source + ": truncated IDX header: the file ends before " + what, e);
    }
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1F && in.read() == 0x8B;
    }
  }

  /** The ISIZE field of the gzip trailer: the uncompressed size modulo 2^32 (of the last member). */
  private static long gzipUncompressedSizeMod32(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      if (f.length() < 18) {
        throw new IOException(file + ": truncated gzip file (" + f.length() + " bytes)");
      }
      f.seek(f.length() - 4);
      byte[] b = new byte[4];
      f.readFully(b);
      return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
    }
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02X", x & 0xFF));
    }
    return "0x" + sb;
  }

  /**
   * Writes an unsigned-byte IDX file, gzipped if the name ends in {@code .gz}.
   *
   * @throws IOException if writing fails
   */
  public static void write(IdxArray array, Path file) throws IOException {
    byte[] bytes = toBytes(array);
    boolean gzip = file.getFileName().toString().endsWith(".gz");
    AtomicWrite.file(file, raw -> {
      if (gzip) {
        GZIPOutputStream out = new GZIPOutputStream(raw, 1 << 16);
        out.write(bytes);
        out.finish();
      } else {
        raw.write(bytes);
      }
    });
  }

  /** The raw IDX bytes of an unsigned-byte array. */
  public static byte[] toBytes(IdxArray array) {
    int[] dims = array.dims();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 + 4 * dims.length + array.size());
    bytes.write(0);
    bytes.write(0);
    bytes.write(TYPE_UNSIGNED_BYTE);
    bytes.write(dims.length);
    for (int d : dims) {
      bytes.write(d >>> 24);
      bytes.write(d >>> 16);
      bytes.write(d >>> 8);
      bytes.write(d);
    }
    bytes.writeBytes(array.bytes());
    return bytes.toByteArray();
  }
}
