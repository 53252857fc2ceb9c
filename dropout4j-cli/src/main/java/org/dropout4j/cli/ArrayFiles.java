package org.dropout4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dropout4j.cli.report.AtomicFiles;
import org.dropout4j.data.Csv;
import org.dropout4j.data.Decimals;
import org.dropout4j.data.TextFiles;
import org.dropout4j.io.NpyFile;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Arrays in files for the CLI: {@code .npy} (any rank, via {@link NpyFile}) and {@code .csv}.
 *
 * <p>CSV input is a 2-D table of numbers, one sample per row, comma-separated; the header is optional: a first row
 * that holds anything that is not a number is a header and is skipped. Blank lines are skipped. Every row must have
 * the same number of values. CSV output always has a header row.
 */
public final class ArrayFiles {
  private ArrayFiles() {
  }

  /**
   * Reads {@code .npy} or {@code .csv}.
   *
   * @throws IllegalArgumentException for another extension or a malformed CSV (naming the line)
   * @throws IOException if the file cannot be read or is not a supported .npy array
   */
  public static Tensor read(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npy")) {
      return NpyFile.read(file);
    }
    if (name.endsWith(".csv")) {
      return readCsv(file);
    }
    throw new IllegalArgumentException("unknown input file type: " + file + "; expected .npy or .csv");
  }

  /** The largest CSV input read (it is held in memory as text). */
  private static final long MAX_CSV_BYTES = 1L << 30;
  /** The most values of one CSV row (a flattened sample): {@value}. */
  private static final int MAX_CSV_COLUMNS = 1 << 24;

  static Tensor readCsv(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such input file");
    }
    List<float[]> rows = new ArrayList<>();
    int width = -1;
    int lineNo = 0;
    String text = TextFiles.readUtf8(file, MAX_CSV_BYTES);
    // lines and fields are scanned in place, as BufferedReader splits lines (\n, \r or \r\n): a String per field
    // of a 64 MiB line took minutes and gigabytes, and a regular expression per field cost more to compile than the
    // whole read of 10,000 rows
    for (int lineStart = 0, n = text.length(); lineStart < n; ) {
      int lineEnd = lineStart;
      while (lineEnd < n && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') {
        lineEnd++;
      }
      String line = text.substring(lineStart, lineEnd);
      lineStart = lineEnd + (lineEnd + 1 < n && text.charAt(lineEnd) == '\r' && text.charAt(lineEnd + 1) == '\n'
          ? 2 : 1);
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      int count;
      try {
        count = Csv.fieldCount(line, MAX_CSV_COLUMNS);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + lineNo + ": " + e.getMessage(), e);
      }
      if (width >= 0 && count != width) {
        throw new IllegalArgumentException(file + " line " + lineNo + ": " + count + " values, expected "
            + width + " as on the " + (rows.isEmpty() ? "header" : "first row"));
      }
      float[] v = new float[count];
      String bad = null;
      int numbers = 0;
      for (int i = 0, start = 0; i < count; i++) {
        int end = line.indexOf(',', start);
        end = end < 0 ? line.length() : end;
        int from = start;
        int to = end;
        start = end + 1;
        while (from < to && Character.isWhitespace(line.charAt(from))) {
          from++;
        }
        while (to > from && Character.isWhitespace(line.charAt(to - 1))) {
          to--;
        }
        float f = Decimals.parseFloat(line, from, to); // Float.parseFloat's value; NaN: not a plain number
        if (f == f) {
          v[i] = f;
          numbers++;
        } else if (bad == null) {
          bad = line.substring(from, to);
        }
      }
      if (bad != null) {
        if (rows.isEmpty() && width < 0 && numbers == 0) {
          width = count; // the header: no field of it is a number
          continue;
        }
        throw new IllegalArgumentException(file + " line " + lineNo + ": '" + Csv.abbreviate(bad) + "' is not a "
            + "number" + (rows.isEmpty() && width < 0 ? " (a header line holds only column names, no numbers)"
            : ""));
      }
      width = count;
      rows.add(v);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(file + " has no data rows");
    }
    float[] all = new float[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, all, i * width, width);
    }
    return Tensor.of(Shape.of(rows.size(), width), all);
  }

  /**
   * Writes predictions: {@code .npy} keeps the shape (float32); {@code .csv} writes one row per sample (higher-rank
   * samples flattened in C order) under a header {@code prefix_0, prefix_1, ...}.
   *
   * @throws IllegalArgumentException for another extension
   */
  static void write(Path file, Tensor t, String prefix) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npy")) {
      NpyFile.write(t, file);
    } else if (name.endsWith(".csv")) {
      AtomicFiles.writeString(file, csv(t, prefix));
    } else {
      throw new IllegalArgumentException("unknown output file type: " + file + "; expected .npy or .csv");
    }
  }

  /** The rows of a tensor (batch first) as CSV text with a header. */
  /**
   * The tensor as nested lists (rank 0: the number), for JSON: {@code [[0.1, 0.9], [0.7, 0.3]]} for shape (2, 2).
   */
  static Object nested(Tensor t) {
    float[] v = t.toArray();
    int[] dims = t.shape().toArray();
    return dims.length == 0 ? (Object) (double) v[0] : nested(v, dims, 0, 0);
  }

  private static List<Object> nested(float[] v, int[] dims, int axis, int offset) {
    int stride = 1;
    for (int a = axis + 1; a < dims.length; a++) {
      stride *= dims[a];
    }
    List<Object> out = new java.util.ArrayList<>(dims[axis]);
    for (int i = 0; i < dims[axis]; i++) {
      out.add(axis == dims.length - 1 ? (Object) (double) v[offset + i] : nested(v, dims, axis + 1, offset + i * stride));
    }
    return out;
  }

  static String csv(Tensor t, String prefix) {
    int n = t.shape().rank() == 0 ? 1 : t.shape().dim(0);
    int k = n == 0 ? 0 : t.size() / n;
    List<String> header = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      header.add(prefix + "_" + j);
    }
    float[] v = t.toArray();
    float[][] columns = new float[k][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        columns[j][i] = v[i * k + j];
      }
    }
    return table(header, List.of(columns), n);
  }

  /** CSV text: a header and {@code n} rows from columns. */
  static String table(List<String> header, List<float[]> columns, int n) {
    StringWriter s = new StringWriter();
    PrintWriter w = new PrintWriter(s);
    w.print(String.join(",", header) + "\n");
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < columns.size(); j++) {
        sb.append(j == 0 ? "" : ",").append(columns.get(j)[i]);
      }
      w.print(sb.append('\n'));
    }
    w.flush();
    return s.toString();
  }
}
