package org.dropout4j.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and writes numeric CSV files with one header line, such as {@code x1,x2,label}.
 *
 * <p>Format: UTF-8, fields separated by commas, no quoting, {@code \n} or {@code \r\n} line ends, one header line
 * of distinct non-empty names, then rows with exactly as many fields as the header. Values are anything
 * {@link Double#parseDouble} accepts, plus Python's {@code nan}, {@code inf}, {@code -inf}; spaces around a value
 * are ignored. Blank lines are allowed only at the end of the file. Errors name the file, the 1-based line and the
 * column, e.g. {@code data.csv line 7, column 'x2' (column 2): expected a number, found 'abc'}.
 *
 * <p>Writing uses Python's {@code repr} for doubles (the shortest string that reads back to the same value), so a
 * file read and written again is byte-identical to one written by Python with {@code f"{x!r}"}. The file is
 * written to a temporary file in the same directory, forced to disk, then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (falling back to {@link StandardCopyOption#REPLACE_EXISTING} where the file
 * system cannot move atomically), so a crash leaves either the old file or the new one, never half of one.
 *
 * <pre>{@code
 * LabeledData data = Csv.readLabeled(Path.of("circles.csv"), List.of("x1", "x2"), "label");
 * Csv.write(Path.of("copy.csv"), data, List.of("x1", "x2"), "label");
 * }</pre>
 */
public final class Csv {
  private static final String SEPARATOR = ",";
  /** The largest CSV file read (it is held in memory as text). */
  private static final long MAX_FILE_BYTES = 1L << 30;

  private Csv() {
  }

  /**
   * Reads a numeric CSV file with a header line.
   *
   * @param file the file to read, UTF-8
   * @return the table, one column per header name
   * @throws IllegalArgumentException if the file is empty, the header is malformed, a row has the wrong number of
   *     fields, or a value is missing or not a number; the message names the file, line and column
   * @throws IOException if the file cannot be read
   */
  public static CsvTable read(Path file) throws IOException {
    String source = file.toString();
    String text = TextFiles.readUtf8(file, MAX_FILE_BYTES);
    try (BufferedReader in = new BufferedReader(new java.io.StringReader(text))) {
      String headerLine = in.readLine();
      if (headerLine == null || headerLine.isBlank()) {
        throw new IllegalArgumentException(source + " line 1: expected a header line of column names, found "
            + (headerLine == null ? "an empty file" : "a blank line"));
      }
      List<String> header = parseHeader(source, headerLine);
      List<double[]> rows = new ArrayList<>();
      int lineNumber = 1;
      int firstBlank = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          firstBlank = firstBlank == 0 ? lineNumber : firstBlank;
          continue;
        }
        if (firstBlank != 0) {
          throw new IllegalArgumentException(source + " line " + firstBlank
              + ": blank line before more data (blank lines are allowed only at the end)");
        }
        rows.add(parseRow(source, lineNumber, line, header));
      }
      return CsvTable.fromRows(source, header, rows);
    }
  }

  /**
   * Reads {@code file} and takes the given feature columns and integer label column.
   *
   * @param file the file to read, UTF-8
   * @param featureColumns names of the feature columns, in the order wanted
   * @param labelColumn name of the column of whole-number labels
   * @return one sample per data row
   * @throws IllegalArgumentException as {@link #read(Path)} and {@link CsvTable#labeled(List, String)}
   * @throws IOException if the file cannot be read
   * @see #read(Path)
   * @see CsvTable#labeled(List, String)
   */
  public static LabeledData readLabeled(Path file, List<String> featureColumns, String labelColumn)
      throws IOException {
    return read(file).labeled(featureColumns, labelColumn);
  }

  private static List<String> parseHeader(String source, String line) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try {
      fieldCount(line, MAX_TABLE_COLUMNS);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " line 1: " + e.getMessage(), e);
    }
    String[] fields = line.split(SEPARATOR, -1);
    for (int c = 0; c < fields.length; c++) {
      String name = fields[c].strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException(source + " line 1, column " + (c + 1) + ": empty column name in header '"
            + abbreviate(line) + "'");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException(source + " line 1, column " + (c + 1) + ": duplicate column name '"
            + abbreviate(name) + "' in header '" + abbreviate(line) + "'");
      }
      names.add(name);
    }
    return names;
  }

  private static double[] parseRow(String source, int lineNumber, String line, List<String> header) {
    int count = fieldCount(line, Integer.MAX_VALUE); // counted before it is split: a 64 MiB line is refused at once
    if (count != header.size()) {
      throw new IllegalArgumentException(source + " line " + lineNumber + ": expected " + header.size()
          + " fields like the header " + abbreviate(header.toString()) + ", found " + count + " in '"
          + abbreviate(line) + "'");
    }
    String[] fields = line.split(SEPARATOR, -1);
    double[] row = new double[fields.length];
    for (int c = 0; c < fields.length; c++) {
      String field = fields[c].strip();
      String where = source + " line " + lineNumber + ", column '" + header.get(c) + "' (column " + (c + 1) + ")";
      if (field.isEmpty()) {
        throw new IllegalArgumentException(where + ": missing value");
      }
      row[c] = parseNumber(field, where);
    }
    return row;
  }

  /** The most columns of a table {@link #read} accepts (named columns, each a Java object): {@value}. */
  public static final int MAX_TABLE_COLUMNS = 1 << 16;

  /**
   * The number of comma-separated fields of a line, counted without splitting it.
   *
   * @param line the line
   * @param max the most fields accepted
   * @return the number of fields
   * @throws IllegalArgumentException if there are more than {@code max}, naming both numbers
   */
  public static int fieldCount(String line, int max) {
    int n = 1;
    for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) {
      if (++n > max) {
        throw new IllegalArgumentException("a line of more than " + max + " comma-separated fields ("
            + line.length() + " characters); expected at most " + max + " columns");
      }
    }
    return n;
  }

  /** A value as echoed in a message: at most 60 characters, the rest elided with its length. */
  public static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 40) + "... (" + text.length() + " characters)";
  }

  /**
   * Whether a field is a plain decimal number ({@code 1}, {@code -2.5}, {@code .5}, {@code 3e-4}); Java's own
   * {@code 1.5f}, {@code 1d}, hexadecimal and {@code Infinity} forms are not numbers in a CSV file.
   */
  public static boolean isNumber(String field) {
    return Decimals.isNumber(field, 0, field.length());
  }

  private static double parseNumber(String field, String where) {
    switch (field.toLowerCase(Locale.ROOT)) {
      case "nan":
        return Double.NaN;
      case "inf":
      case "+inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (!isNumber(field)) {
      throw new IllegalArgumentException(where + ": expected a number, found '" + abbreviate(field) + "'");
    }
    return Double.parseDouble(field);
  }

  /**
   * Writes rows of doubles under {@code header}, atomically (see the class comment).
   *
   * @param file the target; its directory must exist; an existing file is replaced
   * @param header column names: non-empty, distinct, without commas, quotes or line breaks
   * @param rows one array per line, each as long as {@code header}
   * @throws IllegalArgumentException if a name is invalid or a row has the wrong length
   * @throws IOException if writing or renaming fails; the target is then unchanged
   */
  public static void write(Path file, List<String> header, double[][] rows) throws IOException {
    checkHeader(header);
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != header.size()) {
        throw new IllegalArgumentException("invalid value for argument `rows`, expected rows of " + header.size()
            + " values like header " + header + ", received row " + r + " with " + rows[r].length + " values");
      }
    }
    writeAtomically(file, out -> {
      writeLine(out, String.join(SEPARATOR, header));
      StringBuilder line = new StringBuilder();
      for (double[] row : rows) {
        line.setLength(0);
        for (int c = 0; c < row.length; c++) {
          line.append(c == 0 ? "" : SEPARATOR).append(PythonRepr.repr(row[c]));
        }
        writeLine(out, line.toString());
      }
    });
  }

  /**
   * Writes {@code data} as its feature columns followed by an integer label column, atomically.
   *
   * @param file the target; its directory must exist; an existing file is replaced
   * @param data the samples to write
   * @param featureColumns one name per feature of {@code data}
   * @param labelColumn name of the label column
   * @throws IllegalArgumentException if the number of names does not match {@code data.features()} or a name is
   *     invalid
   * @throws IOException if writing or renaming fails; the target is then unchanged
   * @see #write(Path, List, double[][])
   */
  public static void write(Path file, LabeledData data, List<String> featureColumns, String labelColumn)
      throws IOException {
    if (data.size() > 0 && featureColumns.size() != data.features()) {
      throw new IllegalArgumentException("invalid value for argument `featureColumns`, expected "
          + data.features() + " names, one per feature, received featureColumns=" + featureColumns);
    }
    List<String> header = new ArrayList<>(featureColumns);
    header.add(labelColumn);
    checkHeader(header);
    writeAtomically(file, out -> {
      writeLine(out, String.join(SEPARATOR, header));
      StringBuilder line = new StringBuilder();
      for (int r = 0; r < data.size(); r++) {
        line.setLength(0);
        for (int c = 0; c < featureColumns.size(); c++) {
          line.append(PythonRepr.repr(data.x(r, c))).append(SEPARATOR);
        }
        writeLine(out, line.append(data.label(r)).toString());
      }
    });
  }

  private static void checkHeader(List<String> header) {
    if (header.isEmpty()) {
      throw new IllegalArgumentException("invalid value for argument `header`, expected at least one column name,"
          + " received header=[]");
    }
    Set<String> seen = new HashSet<>();
    for (String name : header) {
      if (name == null || name.isBlank() || !name.equals(name.strip()) || name.matches(".*[,\"\r\n].*")) {
        throw new IllegalArgumentException("invalid column name, expected a non-empty name without surrounding"
            + " spaces, commas, quotes or line breaks, received '" + name + "' in header=" + header);
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("invalid column name, expected distinct names, received '" + name
            + "' twice in header=" + header);
      }
    }
  }

  private static void writeLine(Writer out, String line) throws IOException {
    out.write(line);
    out.write('\n');
  }

  /** Writes the body of a file. */
  @FunctionalInterface
  private interface Body {
    void writeTo(Writer out) throws IOException;
  }

  private static void writeAtomically(Path file, Body body) throws IOException {
    AtomicWrite.file(file, out -> {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8.newEncoder()));
      body.writeTo(w);
      w.flush();
    });
  }
}
