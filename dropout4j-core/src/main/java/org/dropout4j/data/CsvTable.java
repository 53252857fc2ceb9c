package org.dropout4j.data;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable numeric table read from a CSV file: named columns of doubles, all of the same length. Made by
 * {@link Csv#read}; {@link #labeled} turns chosen columns into {@link LabeledData}.
 *
 * <pre>{@code
 * CsvTable table = Csv.read(Path.of("circles.csv"));        // header x1,x2,label
 * LabeledData data = table.labeled(List.of("x1", "x2"), "label");
 * }</pre>
 */
public final class CsvTable {
  /** Line number of the first data row: line 1 is the header. */
  private static final int FIRST_DATA_LINE = 2;

  private final String source;
  private final List<String> header;
  private final double[][] columns;

  CsvTable(String source, List<String> header, double[][] columns) {
    this.source = source;
    this.header = List.copyOf(header);
    this.columns = columns;
  }

  /** Where the table was read from, as used in error messages. */
  public String source() {
    return source;
  }

  /** The column names, in file order. */
  public List<String> header() {
    return header;
  }

  /** Number of data rows (lines after the header). */
  public int rowCount() {
    return columns.length == 0 ? 0 : columns[0].length;
  }

  /**
   * A copy of the column called {@code name}.
   *
   * @throws IllegalArgumentException if there is no such column; the message lists the known ones
   */
  public double[] column(String name) {
    return columns[indexOf(name)].clone();
  }

  /**
   * The value in {@code column} of data row {@code row} (row 0 is the line after the header).
   *
   * @throws IllegalArgumentException if there is no such column
   * @throws IndexOutOfBoundsException if {@code row} is out of range
   */
  public double get(int row, String column) {
    return columns[indexOf(column)][row];
  }

  /**
   * The given feature columns, in the given order, and an integer label column, as {@link LabeledData}.
   *
   * @param featureColumns names of the feature columns, at least one
   * @param labelColumn name of the label column; every value must be a whole number in the int range
   * @throws IllegalArgumentException if a column does not exist, no feature column is given, or a label is not a
   *     whole number; the message names the file, line and column
   */
  public LabeledData labeled(List<String> featureColumns, String labelColumn) {
    if (featureColumns.isEmpty()) {
      throw new IllegalArgumentException("invalid value for argument `featureColumns`, expected at least one column"
          + " name, received featureColumns=[]");
    }
    int[] features = featureColumns.stream().mapToInt(this::indexOf).toArray();
    int label = indexOf(labelColumn);
    int rows = rowCount();
    double[][] x = new double[rows][features.length];
    int[] y = new int[rows];
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < features.length; f++) {
        x[r][f] = columns[features[f]][r];
      }
      double v = columns[label][r];
      if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(source + " line " + (r + FIRST_DATA_LINE) + ", column '" + labelColumn
            + "' (column " + (label + 1) + "): expected an integer label, found " + PythonRepr.repr(v));
      }
      y[r] = (int) v;
    }
    return new LabeledData(x, y);
  }

  private int indexOf(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(source + " has no column '" + name + "'; columns: " + header);
    }
    return i;
  }

  static CsvTable fromRows(String source, List<String> header, List<double[]> rows) {
    double[][] columns = new double[header.size()][rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      double[] row = rows.get(r);
      for (int c = 0; c < row.length; c++) {
        columns[c][r] = row[c];
      }
    }
    return new CsvTable(source, new ArrayList<>(header), columns);
  }
}
