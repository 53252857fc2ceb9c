package org.dropout4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/** File helpers shared by the formats: atomic writes and little-endian float32 buffers. */
final class BinaryFiles {
  private BinaryFiles() {
  }

  /** Writes a file's content. */
  interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} through a temporary file in the same folder, flushed to disk and then renamed over the
   * target (atomically where the file system allows), so a crash never leaves a half-written file under the name.
   */
  static void writeAtomically(Path target, Writer writer) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
    boolean done = false;
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        writer.write(out);
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      usualPermissions(tmp, abs);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Temporary files are created owner-only (0600); give the result the target's previous permissions, or the usual
   * {@code rw-r--r--} for a new file, so exported models can be served and shared as before.
   */
  private static void usualPermissions(Path tmp, Path target) throws IOException {
    if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
        : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(tmp, perms);
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
