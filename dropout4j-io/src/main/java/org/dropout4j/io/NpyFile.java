package org.dropout4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dropout4j.data.RowSource;
import org.dropout4j.data.TextFiles;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * NumPy {@code .npy} arrays read into float32 tensors and written from them (the format of {@code numpy.save} /
 * {@code numpy.load}, <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">
 * numpy.lib.format</a>).
 *
 * <p><b>Reading</b> accepts format versions 1.0, 2.0 and 3.0 (3.0: a UTF-8 header), any rank (rank 0 is a scalar),
 * C order, and the dtypes {@code <f4}, {@code <f8}, {@code <i4}, {@code <i8} (and their big-endian {@code >}
 * forms), {@code |u1}, {@code |b1} (numpy's {@code bool}); values are converted to float32 ({@code f8} rounds,
 * {@code i8} beyond 2^24 loses precision, booleans become 0 and 1). Refused with a message naming the file and the
 * problem: a bad magic string or version, a malformed header, {@code fortran_order: True} (re-save with
 * {@code np.ascontiguousarray}), structured or other dtypes, and a data size that does not match the header's shape
 * and dtype. The header's sizes are checked against the file before any array is allocated.
 *
 * <p><b>Writing</b> always produces version 1.0 (2.0 if the header would exceed 65535 bytes), dtype {@code <f4},
 * C order, the header padded with spaces to a multiple of 64 bytes and ended by a newline, as numpy does.
 *
 * <pre>{@code
 * Tensor x = NpyFile.read(Path.of("x.npy"));        // np.save("x.npy", x) in Python
 * NpyFile.write(model.predict(x), Path.of("y.npy")); // np.load("y.npy") in Python
 * }</pre>
 */
public final class NpyFile {
  /** The largest header accepted when reading (numpy itself writes a few hundred bytes). */
  public static final int MAX_HEADER_BYTES = 1 << 20;
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;

  private NpyFile() {
  }

  /** A parsed header: dtype, element size, byte order, shape. */
  record Header(String descr, int itemSize, char kind, ByteOrder order, int[] shape, long dataOffset) {
  }

  /**
   * Reads an array as a float32 tensor of the same shape.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException if the file is not a supported {@code .npy} array; the message names the file and the
   *     problem
   */
  public static Tensor read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such .npy file");
    }
    long fileSize = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      Header h = header(in, fileSize, file.toString());
      long n = 1;
      for (int d : h.shape()) {
        n *= d;
        if (n > Integer.MAX_VALUE - 16) {
          throw new IOException(file + ": shape " + shapeText(h.shape()) + " has too many elements to load");
        }
      }
      long need = n * h.itemSize();
      long have = fileSize - h.dataOffset();
      if (need != have) {
        throw new IOException(file + ": the header says shape " + shapeText(h.shape()) + " of " + h.descr() + " ("
            + need + " data bytes), but the file holds " + have + " bytes after the header ("
            + (need > have ? "truncated" : "trailing bytes") + ")");
      }
      if (need > Integer.MAX_VALUE - 16) {
        throw new IOException(file + ": " + need + " data bytes are too many to load");
      }
      byte[] data = BinaryFiles.readExactly(in, (int) need, file.toString());
      try {
        return Tensor.of(Shape.of(h.shape()), convert(data, h, (int) n));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": shape " + shapeText(h.shape()) + " cannot be loaded: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Opens an array as a {@link RowSource} read in chunks, for {@code Dataset.fromRows}: only the header is read
   * now; each read takes the requested rows with positional reads (the same dtypes and conversions as
   * {@link #read}), so arrays larger than the heap can be trained on.
   *
   * <pre>{@code
   * Dataset data = Dataset.fromRows(NpyFile.open(Path.of("x.npy")), NpyFile.open(Path.of("y.npy"))).batch(256);
   * }</pre>
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException if the file is not a supported {@code .npy} array, is a rank-0 scalar, or its size does not
   *     match its header; the message names the file
   */
  public static RowSource open(Path file) throws IOException {
    return NpyRows.open(file);
  }

  /**
   * Writes a tensor as a float32 {@code .npy} array (atomically: a temporary file renamed over the target).
   *
   * @throws IOException if writing fails
   */
  public static void write(Tensor tensor, Path file) throws IOException {
    byte[] header = headerBytes(tensor.shape().toArray());
    byte[] data = BinaryFiles.toLittleEndian(List.of(tensor.toArray()));
    BinaryFiles.writeAtomically(file, out -> {
      out.write(header);
      out.write(data);
    });
  }

  /** Magic, version, header length and the padded header dict for a float32 C-order array. */
  static byte[] headerBytes(int[] shape) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
    int version = 1;
    int prefix = 10;
    int total = prefix + dict.length() + 1;
    if ((total + ALIGN - 1) / ALIGN * ALIGN - prefix > 0xFFFF) {
      version = 2;
      prefix = 12;
      total = prefix + dict.length() + 1;
    }
    int padded = (total + ALIGN - 1) / ALIGN * ALIGN;
    int headerLen = padded - prefix;
    ByteBuffer b = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) version).put((byte) 0);
    if (version == 1) {
      b.putShort((short) headerLen);
    } else {
      b.putInt(headerLen);
    }
    b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
    while (b.position() < padded - 1) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.array();
  }

  /** Python's tuple form: {@code ()}, {@code (5,)}, {@code (3, 8)}. */
  static String shapeText(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(')').toString();
  }

  static Header header(InputStream in, long fileSize, String what) throws IOException {
    if (fileSize < 10) {
      throw new IOException(what + ": not a .npy file (" + fileSize + " bytes, shorter than the 10-byte preamble)");
    }
    byte[] pre = BinaryFiles.readExactly(in, 8, what);
    for (int i = 0; i < MAGIC.length; i++) {
      if (pre[i] != MAGIC[i]) {
        throw new IOException(what + ": not a .npy file (it does not start with the magic string \\x93NUMPY)");
      }
    }
    int major = pre[6] & 0xFF;
    int minor = pre[7] & 0xFF;
    if (major < 1 || major > 3 || minor != 0) {
      throw new IOException(what + ": unsupported .npy format version " + major + "." + minor
          + "; supported are 1.0, 2.0 and 3.0");
    }
    long headerLen;
    int prefix;
    if (major == 1) {
      byte[] l = BinaryFiles.readExactly(in, 2, what);
      headerLen = (l[0] & 0xFF) | (l[1] & 0xFF) << 8;
      prefix = 10;
    } else {
      byte[] l = BinaryFiles.readExactly(in, 4, what);
      headerLen = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
      prefix = 12;
    }
    if (headerLen > MAX_HEADER_BYTES || prefix + headerLen > fileSize) {
      throw new IOException(what + ": malformed .npy header: it declares " + headerLen + " header bytes, but the file "
          + "has " + (fileSize - prefix) + " after the preamble (limit " + MAX_HEADER_BYTES + ")");
    }
    byte[] raw = BinaryFiles.readExactly(in, (int) headerLen, what);
    // version 3 headers are UTF-8 (strict: invalid bytes are refused naming the file offset), older ones Latin-1
    String text = major == 3 ? TextFiles.utf8(raw, what, prefix) : new String(raw, StandardCharsets.ISO_8859_1);
    try {
      return parse(text, prefix + headerLen);
    } catch (IllegalArgumentException e) {
      throw new IOException(what + ": malformed .npy header " + text.strip() + ": " + e.getMessage(), e);
    }
  }

  /** Parses the header dict {@code {'descr': ..., 'fortran_order': ..., 'shape': (...)}}. */
  private static Header parse(String text, long dataOffset) {
    DictParser p = new DictParser(text.strip());
    String descr = null;
    Boolean fortran = null;
    int[] shape = null;
    p.expect('{');
    while (!p.peek('}')) {
      String key = p.string();
      p.expect(':');
      switch (key) {
        case "descr":
          if (p.peek('[')) {
            throw new IllegalArgumentException("structured dtypes are not supported (a float, int, uint8 or bool "
                + "array is)");
          }
          descr = p.string();
          break;
        case "fortran_order":
          fortran = p.bool();
          break;
        case "shape":
          shape = p.tuple();
          break;
        default:
          throw new IllegalArgumentException("unknown key '" + key + "'");
      }
      if (!p.peek('}')) {
        p.expect(',');
      }
    }
    p.expect('}');
    p.end();
    if (descr == null || fortran == null || shape == null) {
      throw new IllegalArgumentException("expected the keys 'descr', 'fortran_order' and 'shape'");
    }
    if (fortran) {
      throw new IllegalArgumentException("fortran_order is True: only C-order arrays are supported; re-save it "
          + "with np.save(path, np.ascontiguousarray(a))");
    }
    return dtype(descr, shape, dataOffset);
  }

  private static Header dtype(String descr, int[] shape, long dataOffset) {
    String d = descr.equals("bool") || descr.equals("?") ? "|b1" : descr;
    if (d.length() < 3) {
      throw unsupported(descr);
    }
    char order = d.charAt(0);
    char kind = d.charAt(1);
    int size;
    try {
      size = Integer.parseInt(d.substring(2));
    } catch (NumberFormatException e) {
      throw unsupported(descr);
    }
    boolean ok = (kind == 'f' && (size == 4 || size == 8)) || (kind == 'i' && (size == 4 || size == 8))
        || ((kind == 'u' || kind == 'b') && size == 1);
    if (!ok || "<>|=".indexOf(order) < 0 || (size > 1 && order == '|')) {
      throw unsupported(descr);
    }
    ByteOrder bo = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    return new Header(descr, size, kind, bo, shape, dataOffset);
  }

  private static IllegalArgumentException unsupported(String descr) {
    return new IllegalArgumentException("unsupported dtype '" + descr + "'; supported are <f4, <f8, <i4, <i8 (or "
        + "big-endian >), |u1 and |b1 (bool)");
  }

  static float[] convert(byte[] data, Header h, int n) {
    float[] out = new float[n];
    ByteBuffer b = ByteBuffer.wrap(data).order(h.order());
    switch (h.kind() + "" + h.itemSize()) {
      case "f4" -> b.asFloatBuffer().get(out);
      case "f8" -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) b.getDouble(8 * i);
        }
      }
      case "i4" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getInt(4 * i);
        }
      }
      case "i8" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getLong(8 * i);
        }
      }
      case "u1" -> {
        for (int i = 0; i < n; i++) {
          out[i] = data[i] & 0xFF;
        }
      }
      default -> { // b1
        for (int i = 0; i < n; i++) {
          out[i] = data[i] != 0 ? 1f : 0f;
        }
      }
    }
    return out;
  }

  /** A tiny reader for the Python literal dict numpy writes. */
  private static final class DictParser {
    private final String s;
    private int pos;

    DictParser(String s) {
      this.s = s;
    }

    private void skip() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean peek(char c) {
      skip();
      return pos < s.length() && s.charAt(pos) == c;
    }

    void expect(char c) {
      if (!peek(c)) {
        throw new IllegalArgumentException("expected '" + c + "' at character " + pos);
      }
      pos++;
    }

    void end() {
      skip();
      if (pos != s.length()) {
        throw new IllegalArgumentException("unexpected text after the dict at character " + pos);
      }
    }

    String string() {
      skip();
      char q = pos < s.length() ? s.charAt(pos) : 0;
      if (q != '\'' && q != '"') {
        throw new IllegalArgumentException("expected a quoted string at character " + pos);
      }
      int close = s.indexOf(q, pos + 1);
      if (close < 0) {
        throw new IllegalArgumentException("unterminated string at character " + pos);
      }
      String v = s.substring(pos + 1, close);
      pos = close + 1;
      return v;
    }

    boolean bool() {
      skip();
      if (s.startsWith("True", pos)) {
        pos += 4;
        return true;
      }
      if (s.startsWith("False", pos)) {
        pos += 5;
        return false;
      }
      throw new IllegalArgumentException("expected True or False at character " + pos);
    }

    int[] tuple() {
      expect('(');
      List<Integer> dims = new ArrayList<>();
      while (!peek(')')) {
        skip();
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        if (start == pos) {
          throw new IllegalArgumentException("expected a non-negative integer in 'shape' at character " + pos);
        }
        String digits = s.substring(start, pos);
        if (pos < s.length() && s.charAt(pos) == 'L') {
          pos++; // Python 2 long suffix
        }
        if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("dimension " + digits + " in 'shape' is too large");
        }
        dims.add(Integer.parseInt(digits));
        if (!peek(')')) {
          expect(',');
        }
      }
      expect(')');
      return dims.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
