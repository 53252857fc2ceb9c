package org.dropout4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.dropout4j.data.AtomicWrite;

/** File helpers shared by the formats: atomic writes and little-endian float32 buffers. */
final class BinaryFiles {
  private BinaryFiles() {
  }

  /** Writes a file's content. */
  interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Writes {@code target} through the project's one atomic-write helper ({@link AtomicWrite#file}). */
  static void writeAtomically(Path target, Writer writer) throws IOException {
    AtomicWrite.file(target, writer::write);
  }

  /** The arrays as consecutive little-endian float32 values. */
  static byte[] toLittleEndian(List<float[]> arrays) {
    long n = 0;
    for (float[] a : arrays) {
      n += a.length;
    }
    if (n * 4 > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("weights too large to write: " + n + " floats");
    }
    ByteBuffer b = ByteBuffer.allocate((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] a : arrays) {
      b.asFloatBuffer().put(a);
      b.position(b.position() + a.length * 4);
    }
    return b.array();
  }

  /** {@code count} little-endian float32 values starting at byte {@code offset}. */
  static float[] fromLittleEndian(byte[] bytes, int offset, int count) {
    float[] out = new float[count];
    ByteBuffer.wrap(bytes, offset, count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /** Reads exactly {@code length} bytes, failing clearly if the stream ends early. */
  static byte[] readExactly(InputStream in, int length, String what) throws IOException {
    byte[] b = in.readNBytes(length);
    if (b.length != length) {
      throw new IOException(what + " is truncated: expected " + length + " bytes, found " + b.length);
    }
    return b;
  }

  /** The number of elements of a shape, checked for overflow and for positive sizes. */
  static int elements(List<Integer> shape, String what) {
    long n = 1;
    for (Integer d : shape) {
      if (d == null || d <= 0) {
        throw new IllegalArgumentException(what + ": invalid shape " + shape + ", expected positive sizes");
      }
      n *= d;
      if (n > Integer.MAX_VALUE / 4) {
        throw new IllegalArgumentException(what + ": shape " + shape + " is too large");
      }
    }
    return (int) n;
  }
}
